//! What another feed reader cached (newsboat's cache.db), brought into the store: its read and
//! starred state for the articles stored here, and the articles themselves whose feeds no longer
//! carry them, so that moving here keeps a reader's history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::articles::{NewRow, insert_article};
use super::feed_addresses::feed_at;
use super::feed_items::{find, key_of};
use super::flags::{FlagColumn, write_flag};
use super::{Store, StoreError};
use crate::article::{ArticleDraft, ArticleId, undated_at};
use crate::ingest::feed_address;

/// Read and starred state for one article as another reader knew it (see `crate::newsboat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateMark<'a> {
    /// The address of the feed the article came from, in any spelling of it.
    pub feed_url: &'a str,
    pub guid: Option<&'a str>,
    pub url: Option<&'a str>,
    pub read: bool,
    pub starred: bool,
}

/// What applying another reader's state found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarksOutcome {
    /// Marks that found a stored article.
    pub matched: usize,
    /// The places, among the marks given, of those that found none.
    pub not_found: Vec<usize>,
}

/// An article another reader cached that is to be stored here, with the state it had there.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedArticle {
    pub draft: ArticleDraft,
    pub read: bool,
    pub starred: bool,
}

impl Store {
    /// Marks stored articles read or starred as another reader had them, in one transaction. An
    /// article is found by its guid within the feed subscribed at `feed_url` (however spelled),
    /// else by its URL (every article with that URL, from any feed or file). State is only ever
    /// added: an article read here stays read.
    pub fn apply_marks(&mut self, marks: &[StateMark<'_>]) -> Result<MarksOutcome, StoreError> {
        let tx = self.write()?;
        let mut feeds: HashMap<&str, Option<i64>> = HashMap::new();
        let mut outcome = MarksOutcome::default();
        let (mut read, mut starred) = (Vec::new(), Vec::new());
        for (place, mark) in marks.iter().enumerate() {
            let feed_id = match feeds.get(mark.feed_url) {
                Some(id) => *id,
                None => {
                    let address = feed_address(mark.feed_url);
                    let id = feed_at(&tx, &address, 0)?.map(|(id, _)| id);
                    feeds.insert(mark.feed_url, id);
                    id
                }
            };
            let mut ids: Vec<ArticleId> = Vec::new();
            if let (Some(feed_id), Some(guid)) = (feed_id, mark.guid.filter(|g| !g.is_empty())) {
                let mut stmt =
                    tx.prepare_cached("SELECT id FROM articles WHERE feed_id = ?1 AND guid = ?2")?;
                ids = stmt
                    .query_map(params![feed_id, guid], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
            }
            if let (true, Some(url)) = (ids.is_empty(), mark.url.filter(|u| !u.is_empty())) {
                let mut stmt = tx.prepare_cached("SELECT id FROM articles WHERE url = ?1")?;
                ids = stmt
                    .query_map([url], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
            }
            if ids.is_empty() {
                outcome.not_found.push(place);
                continue;
            }
            outcome.matched += 1;
            if mark.read {
                read.extend_from_slice(&ids);
            }
            if mark.starred {
                starred.extend(ids);
            }
        }
        write_flag(&tx, FlagColumn::Read, &read, true)?;
        write_flag(&tx, FlagColumn::Starred, &starred, true)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Stores articles another reader cached from feed `feed_id` that are not stored here (its
    /// feed no longer carries them), in one transaction, each with the read and starred state it
    /// had there. One the feed already has (found as a fetched item is: by guid, else URL, else
    /// text), or that repeats an earlier one, is left as it is. Unlike a fetch, this says nothing
    /// of what the feed lists now, so the feed's records of pruned items are left alone. An
    /// undated one is dated as `article::undated_at` says. Returns the new articles' ids.
    pub fn store_cached_articles(
        &mut self,
        feed_id: i64,
        cached: &[CachedArticle],
        now: DateTime<Utc>,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let tx = self.write()?;
        let name: String = tx
            .query_row("SELECT name FROM feeds WHERE id = ?1", [feed_id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NoSuchFeed(feed_id))?;
        let mut rev: i64 =
            tx.query_row("SELECT value FROM meta WHERE key = 'rev'", [], |r| r.get(0))?;
        let (mut inserted, mut read, mut starred) = (Vec::new(), Vec::new(), Vec::new());
        for (index, article) in cached.iter().enumerate() {
            let hash = article.draft.content_hash();
            let key = key_of(&article.draft, hash);
            if find(&tx, feed_id, &key, article.draft.url.as_deref())?.is_some() {
                continue;
            }
            rev += 1;
            let draft = ArticleDraft {
                source: name.clone(),
                ..article.draft.clone()
            };
            let row = NewRow {
                published: draft.published.unwrap_or_else(|| undated_at(now, index)),
                imported_at: now,
                hash: &hash,
                rev,
                feed_id: Some(feed_id),
            };
            let id = insert_article(&tx, &draft, &row)?;
            inserted.push(id);
            if article.read {
                read.push(id);
            }
            if article.starred {
                starred.push(id);
            }
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'rev'", [rev])?;
        write_flag(&tx, FlagColumn::Read, &read, true)?;
        write_flag(&tx, FlagColumn::Starred, &starred, true)?;
        tx.commit()?;
        Ok(inserted)
    }
}
