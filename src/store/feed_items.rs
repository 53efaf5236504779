//! Feed articles: storing one fetch of a feed (new items inserted, changed ones updated in place)
//! and the full text fetched for summary-only feeds.
//!
//! A feed article's identity is its guid within the feed; without a guid, its URL within the feed;
//! without either, its text within the feed. Matching only within the feed means an update can
//! never rewrite an article of another feed or one imported from a file.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::articles::{NewRow, VISIBLE, WITH_FLAGS, insert_article};
use super::entities;
use super::{Store, StoreError, next_rev};
use crate::article::{ArticleDraft, ArticleId, Entity, Link, undated_at};

/// What storing one fetch of a feed did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FeedOutcome {
    /// New articles, in feed order.
    pub inserted: Vec<ArticleId>,
    /// Articles whose text changed: rewritten in place with a new rev, read and starred kept.
    pub updated: Vec<ArticleId>,
    /// Items already stored with the same text.
    pub unchanged: usize,
    /// Items that repeat an earlier item of the same fetch (a duplicate guid), by their place
    /// in the feed counted from 1: the first one wins.
    pub repeated: Vec<usize>,
    /// Items pruned here before (`keep`, `max_items`) that the feed still lists: not stored again.
    pub pruned: usize,
}

/// How an item is recognised, in order of preference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Guid(String),
    Url(String),
    Text([u8; 32]),
}

pub(super) fn key_of(draft: &ArticleDraft, hash: [u8; 32]) -> Key {
    if let Some(guid) = draft.guid.as_deref() {
        Key::Guid(guid.to_string())
    } else if let Some(url) = draft.url.as_deref() {
        Key::Url(url.to_string())
    } else {
        Key::Text(hash)
    }
}

impl Key {
    /// The key as `pruned_items` keeps it: kind and bytes.
    fn parts(&self) -> (i64, &[u8]) {
        match self {
            Key::Guid(guid) => (0, guid.as_bytes()),
            Key::Url(url) => (1, url.as_bytes()),
            Key::Text(hash) => (2, &hash[..]),
        }
    }
}

/// The `pruned_items` row of a stored article of `feed_id` (`?1`) chosen by the condition that
/// follows, its key made as `key_of` makes a fetched item's: guid, else URL, else text hash.
pub(super) const RECORD_PRUNED: &str =
    "INSERT OR REPLACE INTO pruned_items (feed_id, kind, key, content_hash, seen)
    SELECT feed_id,
        CASE WHEN guid IS NOT NULL THEN 0 WHEN url IS NOT NULL THEN 1 ELSE 2 END,
        CASE WHEN guid IS NOT NULL THEN CAST(guid AS BLOB)
             WHEN url IS NOT NULL THEN CAST(url AS BLOB) ELSE content_hash END,
        content_hash,
        CAST(strftime('%s', 'now') AS INTEGER)
    FROM articles WHERE feed_id = ?1";

/// Fetches with items that may leave out a pruned item before its record goes: one cut short or
/// reordered does not bring the feed's pruned items back, and a feed's history does not grow.
const FORGET_PRUNED_AFTER: i64 = 3;

/// The stored text that decides whether an item changed.
pub(super) struct Stored {
    id: ArticleId,
    title: String,
    standfirst: String,
    body: String,
    links: String,
    url: Option<String>,
}

/// The stored article an item is. An item with a guid that is not stored also matches an article of
/// the feed with its URL and no guid: one that came through a sync account since removed (whose
/// server-made guids were dropped with it), or a feed that began to send guids. `find` gives it
/// the guid, so the next fetch finds it directly.
pub(super) fn find(
    tx: &Connection,
    feed_id: i64,
    key: &Key,
    url: Option<&str>,
) -> rusqlite::Result<Option<Stored>> {
    let found = find_by_key(tx, feed_id, key)?;
    let (None, Key::Guid(guid), Some(url)) = (&found, key, url) else {
        return Ok(found);
    };
    let unclaimed = tx
        .prepare_cached(&format!(
            "{COLUMNS} AND url = ?2 AND guid IS NULL ORDER BY id LIMIT 1"
        ))?
        .query_row(params![feed_id, url], read_stored)
        .optional()?;
    if let Some(stored) = &unclaimed {
        tx.prepare_cached("UPDATE articles SET guid = ?1 WHERE id = ?2")?
            .execute(params![guid, stored.id])?;
    }
    Ok(unclaimed)
}

const COLUMNS: &str =
    "SELECT id, title, standfirst, body, links, url FROM articles WHERE feed_id = ?1";

/// Whether an item not stored was pruned here before with the same text (one sent again with
/// new text is new); if so, this fetch has seen it.
fn was_pruned(
    tx: &Connection,
    feed_id: i64,
    key: &Key,
    hash: &[u8; 32],
    fetched_at: DateTime<Utc>,
) -> rusqlite::Result<bool> {
    let (kind, bytes) = key.parts();
    let seen = tx
        .prepare_cached(
            "UPDATE pruned_items SET seen = ?5, missed = 0
             WHERE feed_id = ?1 AND kind = ?2 AND key = ?3 AND content_hash = ?4",
        )?
        .execute(params![
            feed_id,
            kind,
            bytes,
            &hash[..],
            fetched_at.timestamp()
        ])?;
    Ok(seen > 0)
}

fn read_stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        title: r.get(1)?,
        standfirst: r.get(2)?,
        body: r.get(3)?,
        links: r.get(4)?,
        url: r.get(5)?,
    })
}

fn find_by_key(tx: &Connection, feed_id: i64, key: &Key) -> rusqlite::Result<Option<Stored>> {
    match key {
        Key::Guid(guid) => tx
            .prepare_cached(&format!("{COLUMNS} AND guid = ?2"))?
            .query_row(params![feed_id, guid], read_stored),
        Key::Url(url) => tx
            .prepare_cached(&format!("{COLUMNS} AND url = ?2 ORDER BY id LIMIT 1"))?
            .query_row(params![feed_id, url], read_stored),
        Key::Text(hash) => tx
            .prepare_cached(&format!(
                "{COLUMNS} AND content_hash = ?2 ORDER BY id LIMIT 1"
            ))?
            .query_row(params![feed_id, &hash[..]], read_stored),
    }
    .optional()
}

impl Store {
    /// Stores one fetch of a feed as one write (see transaction.rs), so a refresh killed part way
    /// leaves each feed either fully stored or untouched. New items are inserted with the feed's id; items already
    /// stored whose title, standfirst, body, links or address changed are rewritten in place with a new rev
    /// (so the search index re-indexes them) and their entities cleared for the tagger, keeping
    /// read, starred, publication time and full text; unchanged ones are skipped. An item without
    /// a date gets `fetched_at`, less one second for each item before it, so the newest-first list
    /// shows undated items in feed order.
    pub fn store_feed_items(
        &mut self,
        feed_id: i64,
        drafts: &[ArticleDraft],
        fetched_at: DateTime<Utc>,
    ) -> Result<FeedOutcome, StoreError> {
        let tx = self.write()?;
        let known: bool = tx
            .prepare_cached("SELECT 1 FROM feeds WHERE id = ?1")?
            .exists([feed_id])?;
        if !known {
            return Err(StoreError::NoSuchFeed(feed_id));
        }
        let mut outcome = FeedOutcome::default();
        let mut seen = HashSet::new();
        let mut rev: i64 =
            tx.query_row("SELECT value FROM meta WHERE key = 'rev'", [], |r| r.get(0))?;
        for (index, draft) in drafts.iter().enumerate() {
            let hash = draft.content_hash();
            let key = key_of(draft, hash);
            if !seen.insert(key.clone()) {
                outcome.repeated.push(index + 1);
                continue;
            }
            let links = serde_json::to_string(&draft.links).unwrap_or_else(|_| "[]".into());
            let dateline = draft.dateline.as_ref();
            let place = dateline.map(|d| d.place.as_str());
            let date = dateline.and_then(|d| d.date).map(|d| d.to_string());
            let agency = dateline.and_then(|d| d.agency.as_deref());
            let found = draft.entities.as_deref().map(entities::encode);
            match find(&tx, feed_id, &key, draft.url.as_deref())? {
                Some(stored)
                    if stored.title == draft.title
                        && stored.standfirst == draft.standfirst
                        && stored.body == draft.body
                        && stored.links == links
                        // A link the feed corrected is what Enter and `o` must open; one it
                        // stopped sending is kept.
                        && (draft.url.is_none() || stored.url == draft.url) =>
                {
                    outcome.unchanged += 1;
                }
                Some(stored) => {
                    rev += 1;
                    tx.prepare_cached(
                        "UPDATE articles SET title = ?1, standfirst = ?2, body = ?3, author = ?4,
                            url = COALESCE(?5, url), dateline_place = ?6, dateline_date = ?7,
                            dateline_agency = ?8, links = ?9, content_hash = ?10, rev = ?11,
                            entities = ?12, image = COALESCE(?14, image)
                         WHERE id = ?13",
                    )?
                    .execute(params![
                        draft.title,
                        draft.standfirst,
                        draft.body,
                        draft.author,
                        draft.url,
                        place,
                        date,
                        agency,
                        links,
                        &hash[..],
                        rev,
                        found,
                        stored.id,
                        draft.image,
                    ])?;
                    outcome.updated.push(stored.id);
                }
                None if was_pruned(&tx, feed_id, &key, &hash, fetched_at)? => outcome.pruned += 1,
                None => {
                    rev += 1;
                    let published = draft
                        .published
                        .unwrap_or_else(|| undated_at(fetched_at, index));
                    let row = NewRow {
                        published,
                        imported_at: fetched_at,
                        hash: &hash,
                        rev,
                        feed_id: Some(feed_id),
                    };
                    outcome.inserted.push(insert_article(&tx, draft, &row)?);
                }
            }
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'rev'", [rev])?;
        // What the feed has stopped listing is not coming back: its record goes after a few
        // fetches. An empty fetch (a feed that failed to say anything) counts for nothing.
        if !drafts.is_empty() {
            tx.prepare_cached(
                "UPDATE pruned_items SET missed = missed + 1 WHERE feed_id = ?1 AND seen < ?2",
            )?
            .execute(params![feed_id, fetched_at.timestamp()])?;
            tx.prepare_cached("DELETE FROM pruned_items WHERE feed_id = ?1 AND missed >= ?2")?
                .execute(params![feed_id, FORGET_PRUNED_AFTER])?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Keeps the full text fetched from an article's page; the feed's summary stays in `body`.
    /// `links` are what the full text's `text[N]` point at: the article's links as `get` gives
    /// them, then the page's new ones. Those past the article's own are kept as its full text's
    /// links, which `get` lists after its own, so numbers stay the same when the page is fetched
    /// again. `entities` are the full text's (`None`: not tagged, which `reindex` does later).
    /// Takes a new rev, so the search index sees the article again.
    pub fn set_full_body(
        &mut self,
        id: ArticleId,
        text: &str,
        links: &[Link],
        entities: Option<&[Entity]>,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        let own: Option<String> = tx
            .query_row("SELECT links FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let own = own.ok_or(StoreError::NoSuchArticle(id))?;
        let own = serde_json::from_str::<Vec<Link>>(&own).map_or(0, |links| links.len());
        let links = serde_json::to_string(links.get(own..).unwrap_or_default())
            .unwrap_or_else(|_| "[]".into());
        let rev = next_rev(&tx)?;
        tx.execute(
            "UPDATE articles SET full_body = ?1, full_links = ?2, full_entities = ?3, rev = ?4
             WHERE id = ?5",
            params![text, links, entities.map(super::entities::encode), rev, id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Gives article `id` the lead picture `url` unless it has one already: the feed's own picture
    /// is the one its editors chose, a page's `og:image` only fills in. Returns whether it took
    /// this one. Takes no rev: the index holds no pictures.
    pub fn set_image_if_missing(&mut self, id: ArticleId, url: &str) -> Result<bool, StoreError> {
        let changed = self.conn.execute(
            "UPDATE articles SET image = ?1 WHERE id = ?2 AND image IS NULL",
            params![url, id],
        )?;
        Ok(changed > 0)
    }

    /// The full text fetched for an article, if any has been (or `None` for no such article).
    pub fn full_body(&self, id: ArticleId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT full_body FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The feed an article belongs to, if any.
    pub fn feed_of(&self, article: ArticleId) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT feed_id FROM articles WHERE id = ?1")?
            .query_row([article], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// The ids of a feed's articles, newest first: the list of reading one feed at a time.
    pub fn ids_in_feed(&self, feed_id: i64) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id FROM {WITH_FLAGS} WHERE a.feed_id = ?1 AND {VISIBLE}
                 ORDER BY a.published DESC, a.id DESC"
        ))?;
        let rows = stmt.query_map([feed_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone, Utc};
    use rusqlite::StatementStatus;

    use crate::store::FlagColumn;

    use super::*;

    fn item(n: usize) -> ArticleDraft {
        ArticleDraft {
            title: format!("Item {n}"),
            body: format!("Text of item {n}."),
            guid: Some(format!("guid-{n}")),
            url: Some(format!("https://example.org/{n}")),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn an_item_whose_link_alone_changed_is_updated_and_keeps_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
        let feed = store
            .add_feed("https://example.org/f.xml", "F", None, &[])
            .unwrap();
        let first = store.store_feed_items(feed.id, &[item(1)], at).unwrap();
        let id = first.inserted[0];
        store.set_flag(FlagColumn::Read, &[id], true).unwrap();
        let url_of = |store: &Store| store.get(id).unwrap().unwrap().url;
        let moved = ArticleDraft {
            url: Some("https://example.org/corrected/1".into()),
            ..item(1)
        };
        let again = store.store_feed_items(feed.id, &[moved], at).unwrap();
        assert_eq!(again.updated, [id]);
        assert_eq!(
            url_of(&store).as_deref(),
            Some("https://example.org/corrected/1")
        );
        assert!(store.get(id).unwrap().unwrap().read);
        // An item that stops sending its link keeps the one it had, and is unchanged.
        let linkless = ArticleDraft {
            url: None,
            ..item(1)
        };
        let third = store.store_feed_items(feed.id, &[linkless], at).unwrap();
        assert_eq!((third.updated.len(), third.unchanged), (0, 1));
        assert_eq!(
            url_of(&store).as_deref(),
            Some("https://example.org/corrected/1")
        );
    }

    #[test]
    fn looking_up_new_items_does_not_plan_the_lookup_again_each_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
        for feed in 0..3 {
            let url = format!("https://example.org/{feed}.xml");
            let feed = store.add_feed(&url, &url, None, &[]).unwrap();
            let items: Vec<ArticleDraft> =
                (0..20).map(|n| item(feed.id as usize * 100 + n)).collect();
            let stored = store.store_feed_items(feed.id, &items, at).unwrap();
            assert_eq!(stored.inserted.len(), 20);
        }
        // The statement each new item with a guid and a URL runs (see `find`), as cached.
        let unclaimed = format!("{COLUMNS} AND url = ?2 AND guid IS NULL ORDER BY id LIMIT 1");
        let statement = store.conn.prepare_cached(&unclaimed).unwrap();
        assert_eq!(statement.get_status(StatementStatus::RePrepare), 0);
    }
}
