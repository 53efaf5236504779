//! What a sync brings down, stored: the account's subscriptions (folders as tags), its new items
//! (each tied to the server's item id), and the server's read and starred state.
//!
//! Each is one transaction run with `sync_quiet` set, so the queue's triggers (see `schema.rs`)
//! do not send the server's own changes back to it. Every text from the server is cleaned here,
//! at the store's door, like a feed's.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::articles::{NewRow, insert_article};
use super::feed_addresses::feed_at;
use super::feed_names::{default_feed_name, free_name, name_taken};
use super::feeds::{encode_tags, insert_account_copy, insert_feed, set_url, touch_feed_articles};
use super::{Store, StoreError};
use crate::article::{ArticleDraft, ArticleId, undated_at};
use crate::ingest::feed_address;
use crate::ingest::sanitize::clean_line;

/// One subscription as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerFeed {
    /// The server's id for it, e.g. `feed/12`.
    pub stream_id: String,
    pub title: String,
    pub url: String,
    pub site_url: Option<String>,
    /// Its folders (labels), which become the feed's tags here.
    pub folders: Vec<String>,
}

/// What applying the server's subscription list changed here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionOutcome {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// One item from the server, made a draft (cleaned, maybe tagged) and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncedItem {
    pub item_id: i64,
    /// The server's id for the subscription it came from.
    pub stream_id: String,
    /// When the server took it in, in seconds.
    pub crawled: i64,
    pub read: bool,
    pub starred: bool,
    pub draft: ArticleDraft,
}

/// What storing a batch of items did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncedOutcome {
    pub inserted: Vec<ArticleId>,
    /// Already stored (listed twice, or stored by an earlier sync that was cut short).
    pub known: usize,
    /// From a subscription not (yet) known here: asked for again at the next sync.
    pub unknown_feed: usize,
}

/// What applying the server's read and starred state changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateOutcome {
    pub read_changed: usize,
    pub starred_changed: usize,
    /// Left as they are here, because a change to them made here waits to be sent.
    pub kept_local: usize,
}

/// Sets or clears the flag that keeps the queue's triggers quiet, inside `tx`.
fn quiet(tx: &Connection, on: bool) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'sync_quiet'",
        [i64::from(on)],
    )?;
    Ok(())
}

/// Streams with a change of kind `op` waiting for this account.
fn pending_streams(
    tx: &Connection,
    account_id: i64,
    op: &str,
) -> Result<HashSet<String>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT stream FROM sync_queue WHERE account_id = ?1 AND op = ?2 AND stream IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![account_id, op], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The local feed for a server subscription: by stream id, else a subscription made here that
/// the server now confirms (by its address, or by its name when the server changed the address,
/// as it does when it finds the feed a web page names), else a plain subscription to the same
/// address, taken into the account, else a new one.
fn local_feed(
    tx: &Connection,
    account_id: i64,
    feed: &ServerFeed,
    outcome: &mut SubscriptionOutcome,
) -> Result<i64, StoreError> {
    let by_stream: Option<i64> = tx
        .prepare_cached("SELECT feed_id FROM sync_feeds WHERE account_id = ?1 AND stream_id = ?2")?
        .query_row(params![account_id, feed.stream_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = by_stream {
        return Ok(id);
    }
    let url = feed_address(&feed.url);
    let by_url: Option<(i64, Option<i64>)> = match feed_at(tx, &url, 0)? {
        Some((id, _)) => {
            let owner = tx
                .prepare_cached("SELECT account_id FROM sync_feeds WHERE feed_id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            Some((id, owner))
        }
        None => None,
    };
    match by_url {
        Some((id, Some(owner))) if owner == account_id => {
            tx.execute(
                "UPDATE sync_feeds SET stream_id = ?1 WHERE feed_id = ?2",
                params![feed.stream_id, id],
            )?;
            Ok(id)
        }
        Some((id, None)) => {
            tx.execute(
                "INSERT INTO sync_feeds (feed_id, account_id, stream_id) VALUES (?1, ?2, ?3)",
                params![id, account_id, feed.stream_id],
            )?;
            Ok(id)
        }
        // Subscribed here at an address the server changed (a page naming its feed): known by
        // the name given, or by the host it was named after when none was given.
        None if let Some(id) = unconfirmed_by_name(tx, account_id, &feed.title)?.or(
            unconfirmed_by_name(tx, account_id, &default_feed_name(None, &url))?,
        ) =>
        {
            tx.execute(
                "UPDATE sync_feeds SET stream_id = ?1 WHERE feed_id = ?2",
                params![feed.stream_id, id],
            )?;
            set_url(tx, id, &url)?;
            Ok(id)
        }
        // Another account has it: this one's copy is kept apart under its stream id.
        Some((_, Some(_))) | None => {
            let name = free_name(tx, &feed.title)?;
            let (site, folders) = (feed.site_url.as_deref(), &feed.folders);
            let id = match by_url {
                Some(_) => insert_account_copy(tx, &url, &feed.stream_id, &name, site, folders)?,
                None => insert_feed(tx, &url, &name, site, folders)?,
            };
            tx.execute(
                "INSERT INTO sync_feeds (feed_id, account_id, stream_id) VALUES (?1, ?2, ?3)",
                params![id, account_id, feed.stream_id],
            )?;
            outcome.added += 1;
            Ok(id)
        }
    }
}

/// A subscription made here through the account that the server has not confirmed yet, by name.
fn unconfirmed_by_name(
    tx: &Connection,
    account_id: i64,
    title: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT f.id FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id
             WHERE s.account_id = ?1 AND s.stream_id IS NULL AND f.name = ?2 COLLATE NOCASE
             ORDER BY f.id LIMIT 1",
        )?
        .query_row(params![account_id, clean_line(title)], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// Makes this account's feeds what the server lists: new ones added, gone ones removed
    /// (their articles kept, as for any unsubscription), names and folders taken from the
    /// server unless a rename made here waits to be sent.
    pub fn apply_subscriptions(
        &mut self,
        account_id: i64,
        feeds: &[ServerFeed],
    ) -> Result<SubscriptionOutcome, StoreError> {
        let tx = self.write()?;
        quiet(&tx, true)?;
        let renaming = pending_streams(&tx, account_id, "rename")?;
        let leaving = pending_streams(&tx, account_id, "unsubscribe")?;
        let mut outcome = SubscriptionOutcome::default();
        let mut listed = HashSet::new();
        for feed in feeds {
            if feed.stream_id.is_empty() || leaving.contains(&feed.stream_id) {
                continue;
            }
            let id = local_feed(&tx, account_id, feed, &mut outcome)?;
            listed.insert(id);
            let (name, tags): (String, String) =
                tx.query_row("SELECT name, tags FROM feeds WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let mut changed = false;
            let wanted_tags = encode_tags(&feed.folders);
            if wanted_tags != tags {
                tx.execute(
                    "UPDATE feeds SET tags = ?1 WHERE id = ?2",
                    params![wanted_tags, id],
                )?;
                changed = true;
            }
            let title = clean_line(&feed.title);
            if !title.is_empty()
                && title != name
                && !renaming.contains(&feed.stream_id)
                && name_taken(&tx, &title, id).is_ok()
            {
                tx.execute(
                    "UPDATE feeds SET name = ?1 WHERE id = ?2",
                    params![title, id],
                )?;
                tx.execute(
                    "UPDATE articles SET source = ?1 WHERE feed_id = ?2",
                    params![title, id],
                )?;
                changed = true;
            }
            if changed {
                touch_feed_articles(&tx, id)?;
                outcome.changed += 1;
            }
        }
        // Subscriptions the server no longer has (a subscription made here and not yet
        // confirmed has no stream id, and stays).
        let gone: Vec<(i64, String)> = {
            let mut stmt = tx.prepare(
                "SELECT f.id, f.url FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id
                 WHERE s.account_id = ?1 AND s.stream_id IS NOT NULL",
            )?;
            let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        for (id, url) in gone.into_iter().filter(|(id, _)| !listed.contains(id)) {
            touch_feed_articles(&tx, id)?;
            tx.execute(
                "UPDATE articles SET feed_id = NULL, detached_from = ?1 WHERE feed_id = ?2",
                params![url, id],
            )?;
            tx.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
            outcome.removed += 1;
        }
        quiet(&tx, false)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Which of these server item ids are stored for the account.
    pub fn known_items(&self, account_id: i64, ids: &[i64]) -> Result<HashSet<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM sync_items WHERE account_id = ?1 AND item_id = ?2")?;
        let mut known = HashSet::new();
        for &id in ids {
            if stmt.exists(params![account_id, id])? {
                known.insert(id);
            }
        }
        Ok(known)
    }

    /// Stores a batch of the server's items in one transaction, each in its feed with the
    /// server's read and starred state.
    pub fn store_synced_items(
        &mut self,
        account_id: i64,
        items: &[SyncedItem],
        now: DateTime<Utc>,
    ) -> Result<SyncedOutcome, StoreError> {
        let tx = self.write()?;
        quiet(&tx, true)?;
        let feeds: HashMap<String, (i64, String)> = {
            let mut stmt = tx.prepare(
                "SELECT s.stream_id, f.id, f.name FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id
                 WHERE s.account_id = ?1 AND s.stream_id IS NOT NULL",
            )?;
            let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut rev: i64 =
            tx.query_row("SELECT value FROM meta WHERE key = 'rev'", [], |r| r.get(0))?;
        let mut outcome = SyncedOutcome::default();
        for (index, item) in items.iter().enumerate() {
            let Some((feed_id, feed_name)) = feeds.get(&item.stream_id) else {
                outcome.unknown_feed += 1;
                continue;
            };
            let mapped = tx
                .prepare_cached("SELECT 1 FROM sync_items WHERE account_id = ?1 AND item_id = ?2")?
                .exists(params![account_id, item.item_id])?;
            if mapped {
                outcome.known += 1;
                continue;
            }
            let mut draft = item.draft.clone();
            draft.source = feed_name.clone();
            let mut existing: Option<ArticleId> = match draft.guid.as_deref() {
                Some(guid) => tx
                    .prepare_cached("SELECT id FROM articles WHERE feed_id = ?1 AND guid = ?2")?
                    .query_row(params![feed_id, guid], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            // The guid is the server's item id, which is new when a feed is subscribed again:
            // its old articles came back to it, and none of them is any item's any more (see
            // `remove_feed`), so the same link and headline there is this item. Articles that
            // are items (this batch's too) are never taken: two items may share both.
            let mut taken_back = false;
            if let (None, Some(url)) = (existing, draft.url.as_deref()) {
                existing = tx
                    .prepare_cached(
                        // `+feed_id`: looked up by the link, not by walking the whole feed.
                        "SELECT a.id FROM articles a
                         WHERE a.url = ?2 AND +a.feed_id = ?1 AND a.title = ?3
                           AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.article_id = a.id)
                         ORDER BY a.id LIMIT 1",
                    )?
                    .query_row(params![feed_id, url, draft.title], |r| r.get(0))
                    .optional()?;
                taken_back = existing.is_some();
            }
            let id = match existing {
                Some(id) => {
                    outcome.known += 1;
                    id
                }
                None => {
                    rev += 1;
                    let hash = draft.content_hash();
                    let row = NewRow {
                        published: draft.published.unwrap_or_else(|| undated_at(now, index)),
                        imported_at: now,
                        hash: &hash,
                        rev,
                        feed_id: Some(*feed_id),
                    };
                    let id = insert_article(&tx, &draft, &row)?;
                    outcome.inserted.push(id);
                    id
                }
            };
            tx.prepare_cached(
                "INSERT OR REPLACE INTO sync_items (article_id, account_id, item_id, crawled)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, account_id, item.item_id, item.crawled])?;
            if taken_back {
                // Read or starred on either side is kept on both: read or starred here before
                // it left, it goes to the server, which may know the item only as new; read or
                // starred there, it is here too. Nothing else is sent: an `unread` or `unstar`
                // for every article taken back would undo what was done on the server since
                // (a removed account added again takes back every article).
                tx.prepare_cached(
                    "INSERT INTO sync_queue (account_id, op, item_id, at)
                     SELECT ?2, 'read', ?3, ?4 FROM article_flags f
                     WHERE f.id = ?1 AND f.read AND NOT ?5
                     UNION ALL
                     SELECT ?2, 'star', ?3, ?4 FROM article_flags f
                     WHERE f.id = ?1 AND f.starred AND NOT ?6",
                )?
                .execute(params![
                    id,
                    account_id,
                    item.item_id,
                    now.timestamp_millis(),
                    item.read,
                    item.starred
                ])?;
                tx.prepare_cached(
                    "UPDATE article_flags SET read = read OR ?1, starred = starred OR ?2
                     WHERE id = ?3",
                )?
                .execute(params![item.read, item.starred, id])?;
            } else {
                tx.prepare_cached(
                    "UPDATE article_flags SET read = ?1, starred = ?2 WHERE id = ?3",
                )?
                .execute(params![item.read, item.starred, id])?;
            }
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'rev'", [rev])?;
        quiet(&tx, false)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Takes the server's read and starred state for every stored item of the account: read
    /// unless its id is in `unread`, starred when it is in `starred`. An article with a change
    /// made here still waiting keeps its state here (the later change wins: see the README).
    pub fn apply_server_state(
        &mut self,
        account_id: i64,
        unread: &HashSet<i64>,
        starred: &HashSet<i64>,
    ) -> Result<StateOutcome, StoreError> {
        let tx = self.write()?;
        quiet(&tx, true)?;
        let waiting: HashSet<(i64, bool)> = {
            let mut stmt = tx.prepare(
                "SELECT item_id, op IN ('read', 'unread') FROM sync_queue
                 WHERE account_id = ?1 AND item_id IS NOT NULL",
            )?;
            let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let rows: Vec<(ArticleId, i64, bool, bool)> = {
            let mut stmt = tx.prepare(
                // Only articles still in one of the account's feeds: an unsubscribed feed's
                // articles stay as they are, though the server no longer lists them.
                "SELECT s.article_id, s.item_id, f.read, f.starred
                 FROM sync_items s JOIN article_flags f ON f.id = s.article_id
                 JOIN articles a ON a.id = s.article_id
                 WHERE s.account_id = ?1 AND a.feed_id IS NOT NULL",
            )?;
            let rows = stmt.query_map([account_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut outcome = StateOutcome::default();
        for (article, item, read, star) in rows {
            let want_read = !unread.contains(&item);
            if want_read != read {
                if waiting.contains(&(item, true)) {
                    outcome.kept_local += 1;
                } else {
                    tx.prepare_cached("UPDATE article_flags SET read = ?1 WHERE id = ?2")?
                        .execute(params![want_read, article])?;
                    outcome.read_changed += 1;
                }
            }
            let want_star = starred.contains(&item);
            if want_star != star {
                if waiting.contains(&(item, false)) {
                    outcome.kept_local += 1;
                } else {
                    tx.prepare_cached("UPDATE article_flags SET starred = ?1 WHERE id = ?2")?
                        .execute(params![want_star, article])?;
                    outcome.starred_changed += 1;
                }
            }
        }
        quiet(&tx, false)?;
        tx.commit()?;
        Ok(outcome)
    }
}
