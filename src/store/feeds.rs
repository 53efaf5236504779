//! Feed subscriptions: one row per feed URL, with the name it is listed under, its tags, and what
//! the last fetch learned (validators for a conditional GET, its status, when it may be fetched again).
//!
//! Removing a feed keeps its articles: they lose their feed but remember its URL (`detached_from`),
//! so read history is never dropped silently, and subscribing to the same URL again takes them back.
//!
//! Names, tags, addresses and error texts come from outside (OPML, newsboat, a feed's title, the
//! command line, a server's answer): each is cleaned here, at the store's door, like article text.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::articles::{VISIBLE, WITH_FLAGS, to_time};
use super::feed_addresses::{address_key, detached_spellings, feed_at, feed_at_exactly};
use super::feed_names::{clean_name, name_taken};
use super::{Store, StoreError, next_rev};
use crate::ingest::feed_address;
use crate::ingest::sanitize::clean_line;

/// One subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feed {
    pub id: i64,
    /// Where the feed is fetched from; updated after a permanent redirect.
    pub url: String,
    /// Unique, ignoring case: what `feed remove NAME` and the screen go by.
    pub name: String,
    /// The web site the feed belongs to, when known.
    pub site_url: Option<String>,
    pub tags: Vec<String>,
    /// Validators for the next conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetched: Option<DateTime<Utc>>,
    /// `ok`, `304`, `HTTP 404`, `timeout`, …: whatever the fetcher recorded.
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    /// No fetch before this time (from a 429 or 503 `Retry-After`).
    pub retry_after: Option<DateTime<Utc>>,
    pub added_at: DateTime<Utc>,
}

impl Feed {
    /// Whether the feed may be fetched at `now`: not while a server's `Retry-After` runs.
    pub fn may_fetch(&self, now: DateTime<Utc>) -> bool {
        self.retry_after.is_none_or(|until| until <= now)
    }
}

/// A feed with its article counts, for `feed list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedStats {
    #[serde(flatten)]
    pub feed: Feed,
    pub articles: i64,
    pub unread: i64,
}

/// What one fetch of a feed found, for [`Store::record_fetch`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FetchRecord {
    pub when: DateTime<Utc>,
    /// `ok`, `304`, `HTTP 404`, `timeout`, …
    pub status: String,
    /// `None` after a success: clears the previous error.
    pub error: Option<String>,
    /// `None` keeps the stored validator. A 304 or a failure usually carries none, and a validator
    /// kept too long is harmless: a server only answers 304 when the content is still the same.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Stored as given: `None` lifts an earlier wait.
    pub retry_after: Option<DateTime<Utc>>,
}

const FEED_COLUMNS: &str = "id, url, name, site_url, tags, etag, last_modified, last_fetched,
    last_status, last_error, retry_after, added_at";

/// A feed row with its tags still encoded, so a damaged list can be reported with the feed's id.
fn read_feed(row: &Row<'_>) -> rusqlite::Result<(Feed, String)> {
    let feed = Feed {
        id: row.get(0)?,
        url: row.get(1)?,
        name: row.get(2)?,
        site_url: row.get(3)?,
        tags: Vec::new(),
        etag: row.get(5)?,
        last_modified: row.get(6)?,
        last_fetched: row.get::<_, Option<i64>>(7)?.map(to_time),
        last_status: row.get(8)?,
        last_error: row.get(9)?,
        retry_after: row.get::<_, Option<i64>>(10)?.map(to_time),
        added_at: to_time(row.get(11)?),
    };
    Ok((feed, row.get(4)?))
}

fn with_tags((mut feed, tags): (Feed, String)) -> Result<Feed, StoreError> {
    feed.tags = serde_json::from_str(&tags).map_err(|e| StoreError::DamagedFeed {
        id: feed.id,
        field: "tags",
        reason: e.to_string(),
    })?;
    Ok(feed)
}

/// Tags cleaned, blanks dropped, each kept once in its first place.
fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut clean: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags.iter().map(|t| clean_line(t)).filter(|t| !t.is_empty()) {
        if !clean.contains(&tag) {
            clean.push(tag);
        }
    }
    clean
}

pub(super) fn encode_tags(tags: &[String]) -> String {
    serde_json::to_string(&clean_tags(tags)).unwrap_or_else(|_| "[]".into())
}

/// The error for an address another feed (not `except`) already has, in any spelling, if one
/// does. `url` is written as `feed_address` writes it.
fn url_taken(conn: &Connection, url: &str, except: i64) -> Result<(), StoreError> {
    match feed_at(conn, url, except)? {
        Some((_, name)) => Err(StoreError::FeedUrlTaken {
            url: url.to_string(),
            name,
        }),
        None => Ok(()),
    }
}

/// Points feed `id` at `url`, its one spelling beside it; returns how many rows changed.
pub(super) fn set_url(tx: &Connection, id: i64, url: &str) -> Result<usize, StoreError> {
    Ok(tx.execute(
        "UPDATE feeds SET url = ?1, address = ?2 WHERE id = ?3",
        params![url, address_key(url), id],
    )?)
}

/// Gives a feed's articles a new rev, so the index reads them again (their source or their
/// feed's tags changed).
pub(super) fn touch_feed_articles(tx: &Connection, feed_id: i64) -> Result<(), StoreError> {
    let rev = next_rev(tx)?;
    tx.execute(
        "UPDATE articles SET rev = ?1 WHERE feed_id = ?2",
        params![rev, feed_id],
    )?;
    Ok(())
}

/// Names as a person sorts them: letters without regard to case, and a run of digits by the
/// number it is ("Feed 2" before "Feed 10", "bbc" beside "BBC"); names equal that way keep the
/// order of their characters.
pub(super) fn natural_order(a: &str, b: &str) -> Ordering {
    let (mut left, mut right) = (a.chars().peekable(), b.chars().peekable());
    loop {
        let (x, y) = match (left.peek().copied(), right.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => (x, y),
        };
        let order = if x.is_ascii_digit() && y.is_ascii_digit() {
            let (x, y) = (digit_run(&mut left), digit_run(&mut right));
            let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        } else {
            left.next();
            right.next();
            x.to_lowercase().cmp(y.to_lowercase())
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// The digits from here on.
fn digit_run(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut run = String::new();
    while let Some(digit) = chars.next_if(char::is_ascii_digit) {
        run.push(digit);
    }
    run
}

/// Inserts a feed inside `tx` (see [`Store::add_feed`]); returns its id. The address is written
/// in its one spelling (see `ingest::feed_address`) and refused when a feed has it in any.
pub(super) fn insert_feed(
    tx: &Connection,
    url: &str,
    name: &str,
    site_url: Option<&str>,
    tags: &[String],
) -> Result<i64, StoreError> {
    let url = feed_address(url);
    url_taken(tx, &url, 0)?;
    insert_feed_row(tx, &url, name, site_url, tags)
}

/// Inserts an account's own copy of a feed that another account has: the feed's address with the
/// server's stream id as its fragment, which keeps the two rows apart (a fragment is never sent
/// to a server). Only that exact address is refused.
pub(super) fn insert_account_copy(
    tx: &Connection,
    url: &str,
    stream_id: &str,
    name: &str,
    site_url: Option<&str>,
    tags: &[String],
) -> Result<i64, StoreError> {
    let url = format!("{}#{}", feed_address(url), clean_line(stream_id));
    if let Some((_, name)) = feed_at_exactly(tx, &url, 0)? {
        return Err(StoreError::FeedUrlTaken { url, name });
    }
    insert_feed_row(tx, &url, name, site_url, tags)
}

/// Inserts the row of a feed whose address is already checked; articles left by an earlier
/// subscription to the same address, in any spelling, belong to it again.
fn insert_feed_row(
    tx: &Connection,
    url: &str,
    name: &str,
    site_url: Option<&str>,
    tags: &[String],
) -> Result<i64, StoreError> {
    let name = clean_name(name)?;
    let site_url = site_url.map(clean_line);
    name_taken(tx, &name, 0)?;
    tx.execute(
        "INSERT INTO feeds (url, name, site_url, tags, added_at, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            url,
            name,
            site_url,
            encode_tags(tags),
            Utc::now().timestamp(),
            address_key(url)
        ],
    )?;
    let id = tx.last_insert_rowid();
    for spelling in detached_spellings(tx, url)? {
        // OR IGNORE: an article whose guid the feed already holds (possible only when two
        // removed subscriptions ended at the same address) stays detached rather than failing
        // the subscription.
        tx.execute(
            "UPDATE OR IGNORE articles SET feed_id = ?1, detached_from = NULL, source = ?3
             WHERE detached_from = ?2",
            params![id, spelling, name],
        )?;
    }
    // Taken back, they carry the feed's name and tags.
    touch_feed_articles(tx, id)?;
    Ok(id)
}

impl Store {
    /// Subscribes to `url` (written in its one spelling, see `ingest::feed_address`) under `name`
    /// (cleaned). Fails with `FeedUrlTaken` when a feed has that address in any spelling, or
    /// `FeedNameTaken` (names compare ignoring case). Articles kept from an earlier subscription
    /// to the same address (see [`Store::remove_feed`]) belong to the new feed again.
    pub fn add_feed(
        &mut self,
        url: &str,
        name: &str,
        site_url: Option<&str>,
        tags: &[String],
    ) -> Result<Feed, StoreError> {
        self.subscribe(url, name, site_url, tags, false)
    }

    /// [`Store::add_feed`] under a name the user gave (`feed add --name`), which it keeps
    /// whatever title the feed takes, as after [`Store::rename_feed`].
    pub fn add_feed_named_by_user(
        &mut self,
        url: &str,
        name: &str,
        site_url: Option<&str>,
        tags: &[String],
    ) -> Result<Feed, StoreError> {
        self.subscribe(url, name, site_url, tags, true)
    }

    fn subscribe(
        &mut self,
        url: &str,
        name: &str,
        site_url: Option<&str>,
        tags: &[String],
        own_name: bool,
    ) -> Result<Feed, StoreError> {
        let tx = self.write()?;
        let id = insert_feed(&tx, url, name, site_url, tags)?;
        tx.execute(
            "UPDATE feeds SET own_name = ?1 WHERE id = ?2",
            params![own_name, id],
        )?;
        tx.commit()?;
        self.feed_by_id(id)?.ok_or(StoreError::NoSuchFeed(id))
    }

    /// Every feed with its article and unread counts, by name as a person sorts names
    /// (`natural_order`).
    pub fn feeds(&self) -> Result<Vec<FeedStats>, StoreError> {
        let sql = format!(
            "SELECT {FEED_COLUMNS},
                (SELECT COUNT(*) FROM {WITH_FLAGS} WHERE a.feed_id = feeds.id AND {VISIBLE}),
                (SELECT COUNT(*) FROM {WITH_FLAGS}
                 WHERE a.feed_id = feeds.id AND f.read IS NOT 1 AND {VISIBLE})
             FROM feeds ORDER BY name, id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |row| Ok((read_feed(row)?, row.get(12)?, row.get(13)?)))?;
        let mut found = Vec::new();
        for row in rows {
            let (feed, articles, unread) = row?;
            found.push(FeedStats {
                feed: with_tags(feed)?,
                articles,
                unread,
            });
        }
        found.sort_by(|a, b| {
            natural_order(&a.feed.name, &b.feed.name).then(a.feed.id.cmp(&b.feed.id))
        });
        Ok(found)
    }

    /// The feed at this address (in any spelling of it, see `ingest::feed_address`), else the one
    /// with this name (ignoring case).
    pub fn feed(&self, name_or_url: &str) -> Result<Option<Feed>, StoreError> {
        if let Some(feed) = self.feed_with_address(name_or_url)? {
            return Ok(Some(feed));
        }
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds WHERE name = ?1");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([name_or_url.trim()], read_feed)
            .optional()?;
        found.map(with_tags).transpose()
    }

    /// The id of the feed with this name, for `feed:"Name"`: compared in any case (not ASCII's
    /// alone, as SQLite's NOCASE is), with runs of spaces as one and a quote as a space, since a
    /// name's quotes cannot stand inside a quoted query.
    pub fn feed_id_named(&self, name: &str) -> Result<Option<i64>, StoreError> {
        let key = |name: &str| {
            name.replace('"', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let (name, wanted) = (name.trim(), key(name));
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM feeds")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        // The closest wins: the name as written, then in another case, then with its quotes as
        // spaces (as `/` over the feed writes it), then with runs of spaces as one.
        let mut found: Option<(u8, i64)> = None;
        for row in rows {
            let (id, feed_name) = row?;
            let closeness = if feed_name == name {
                0
            } else if feed_name.to_lowercase() == name.to_lowercase() {
                1
            } else if feed_name.replace('"', " ").trim().to_lowercase() == name.to_lowercase() {
                2
            } else if key(&feed_name) == wanted {
                3
            } else {
                continue;
            };
            if found.is_none_or(|(best, _)| closeness < best) {
                found = Some((closeness, id));
            }
        }
        Ok(found.map(|(_, id)| id))
    }

    /// The feed at this address, in any spelling of it (see `ingest::feed_address`).
    pub fn feed_with_address(&self, url: &str) -> Result<Option<Feed>, StoreError> {
        match feed_at(&self.conn, &feed_address(url), 0)? {
            Some((id, _)) => self.feed_by_id(id),
            None => Ok(None),
        }
    }

    /// The feed with this id.
    pub fn feed_by_id(&self, id: i64) -> Result<Option<Feed>, StoreError> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?1");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], read_feed)
            .optional()?;
        found.map(with_tags).transpose()
    }

    /// Unsubscribes. The feed's articles stay, with their read and starred state, detached from
    /// any feed; returns how many. Subscribing to the same URL again re-attaches them.
    pub fn remove_feed(&mut self, id: i64) -> Result<usize, StoreError> {
        let tx = self.write()?;
        let url: String = tx
            .query_row("SELECT url FROM feeds WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NoSuchFeed(id))?;
        // They lose the feed's tags: the index reads them again.
        touch_feed_articles(&tx, id)?;
        // An account's feed: its articles are no longer the server's items. A later sync must
        // not take their state from a server that no longer lists them, and a subscription
        // again takes them back by their link (see `store_synced_items`).
        tx.execute(
            "DELETE FROM sync_items WHERE article_id IN (SELECT id FROM articles WHERE feed_id = ?1)",
            [id],
        )?;
        let detached = tx.execute(
            "UPDATE articles SET feed_id = NULL, detached_from = ?1 WHERE feed_id = ?2",
            params![url, id],
        )?;
        tx.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(detached)
    }

    /// Points a feed at a new address (after a permanent redirect), written in its one spelling.
    /// Fails with `FeedUrlTaken` when another feed already has that address in any spelling; the
    /// caller may then remove this one as a duplicate.
    pub fn set_feed_url(&mut self, id: i64, url: &str) -> Result<(), StoreError> {
        let url = feed_address(url);
        let tx = self.write()?;
        url_taken(&tx, &url, id)?;
        if set_url(&tx, id, &url)? == 0 {
            return Err(StoreError::NoSuchFeed(id));
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces a feed's tags (cleaned, blanks and repeats dropped); its articles carry them.
    pub fn set_feed_tags(&mut self, id: i64, tags: &[String]) -> Result<(), StoreError> {
        let tx = self.write()?;
        let Some(before) = tx
            .query_row("SELECT tags FROM feeds WHERE id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
        else {
            return Err(StoreError::NoSuchFeed(id));
        };
        let before: Vec<String> = serde_json::from_str(&before).unwrap_or_default();
        tx.execute(
            "UPDATE feeds SET tags = ?1 WHERE id = ?2",
            params![encode_tags(tags), id],
        )?;
        super::folders::queue_folders(&tx, id, &before, &clean_tags(tags))?;
        touch_feed_articles(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the web site a feed belongs to, learned from the feed itself, when it has none: a
    /// site given with the subscription (an OPML `htmlUrl`) stays.
    pub fn note_feed_site(&mut self, id: i64, site_url: &str) -> Result<(), StoreError> {
        let site_url = clean_line(site_url);
        if site_url.is_empty() {
            return Ok(());
        }
        self.conn.execute(
            "UPDATE feeds SET site_url = ?1 WHERE id = ?2 AND (site_url IS NULL OR site_url = '')",
            params![site_url, id],
        )?;
        Ok(())
    }

    /// Records the outcome of one fetch (see [`FetchRecord`] for what is kept and what replaced).
    pub fn record_fetch(&mut self, id: i64, fetch: &FetchRecord) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE feeds SET last_fetched = ?1, last_status = ?2, last_error = ?3,
                etag = COALESCE(?4, etag), last_modified = COALESCE(?5, last_modified),
                retry_after = ?6
             WHERE id = ?7",
            params![
                fetch.when.timestamp(),
                clean_line(&fetch.status),
                fetch.error.as_deref().map(clean_line),
                // Validators go back to the server byte for byte; header values hold no controls.
                fetch.etag,
                fetch.last_modified,
                fetch.retry_after.map(|t| t.timestamp()),
                id
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(id));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_a_person_sorts_them() {
        let mut names = vec![
            "Feed 10", "feed 2", "Feed 100", "BBC", "ars", "Feed 02", "Feed 1", "Zeit", "bbc",
        ];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            [
                "ars", "BBC", "bbc", "Feed 1", "Feed 02", "feed 2", "Feed 10", "Feed 100", "Zeit"
            ]
        );
    }

    #[test]
    fn tags_are_trimmed_and_kept_once() {
        let tags = ["news".into(), " news ".into(), "".into(), "world".into()];
        assert_eq!(clean_tags(&tags), ["news", "world"]);
    }
}
