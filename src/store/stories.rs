//! Stories in the store: each article's story (the id of the article that started it) and
//! signature, and a row per story with its newest time, which the stories list is ordered by.
//! How far clustering has looked is a claim like the filters' (`Claim::Stories`).

use rusqlite::{OptionalExtension, TransactionBehavior, params, params_from_iter};

use super::articles::{SUMMARY_COLUMNS, VISIBLE, WITH_FLAGS, summary_from_row, to_time};
use super::entities;
use super::{Store, StoreError};
use crate::article::{ArticleId, ArticleSummary};
use crate::stories::{Signature, sign};

/// An article as clustering needs it.
#[derive(Debug, Clone)]
pub struct StoryKey {
    pub id: ArticleId,
    pub published: i64,
    pub story: Option<ArticleId>,
    pub signature: Option<Signature>,
    /// The words to find its story by (only for an article being clustered).
    pub words: Vec<String>,
}

/// An article's text as stored, to be signed.
struct StoryText {
    id: ArticleId,
    title: String,
    standfirst: String,
    body: String,
    entities: Option<String>,
    published: i64,
    story: Option<ArticleId>,
}

impl StoryText {
    fn key(&mut self) -> StoryKey {
        // Entities that cannot be read cost only themselves: the words still sign it.
        let found = self
            .entities
            .as_deref()
            .and_then(|found| {
                entities::decode(found, [&self.title, &self.standfirst, &self.body, ""]).ok()
            })
            .unwrap_or_default();
        let (signature, words) = sign(&self.title, &self.standfirst, &self.body, &found);
        StoryKey {
            id: self.id,
            published: self.published,
            story: self.story,
            signature: Some(signature),
            words,
        }
    }
}

/// A story as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoryRow {
    pub id: ArticleId,
    /// Its newest article's time (seconds).
    pub newest: i64,
}

impl Store {
    /// The signature of each of `ids` (made from its text and entities now, on every core), with
    /// its time.
    pub fn signatures_of(&self, ids: &[ArticleId]) -> Result<Vec<StoryKey>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT title, standfirst, body, entities, published, story_id FROM articles WHERE id = ?1",
        )?;
        let mut texts = Vec::with_capacity(ids.len());
        for &id in ids {
            let row = stmt
                .query_row([id], |row| {
                    Ok(StoryText {
                        id,
                        title: row.get(0)?,
                        standfirst: row.get(1)?,
                        body: row.get(2)?,
                        entities: row.get(3)?,
                        published: row.get(4)?,
                        story: row.get(5)?,
                    })
                })
                .optional()?;
            texts.extend(row);
        }
        Ok(crate::parallel::map(&mut texts, StoryText::key))
    }

    /// The story and stored signature of each of `ids` that has one (the candidates an article
    /// is compared with).
    pub fn story_keys(&self, ids: &[ArticleId]) -> Result<Vec<StoryKey>, StoreError> {
        let mut keys = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT a.id, a.published, a.story_id, a.story_sig FROM {WITH_FLAGS}
                 WHERE a.story_id IS NOT NULL AND {VISIBLE} AND a.id IN ({marks})"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk), |row| {
                Ok(StoryKey {
                    id: row.get(0)?,
                    published: row.get(1)?,
                    story: row.get(2)?,
                    signature: row
                        .get::<_, Option<Vec<u8>>>(3)?
                        .and_then(|bytes| Signature::from_bytes(&bytes)),
                    words: Vec::new(),
                })
            })?;
            for key in rows {
                keys.push(key?);
            }
        }
        Ok(keys)
    }

    /// Puts articles in stories, in one transaction: each `(article, story, signature, time)`.
    pub fn join_stories(
        &mut self,
        joined: &[(ArticleId, ArticleId, Signature, i64)],
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut article =
                tx.prepare("UPDATE articles SET story_id = ?2, story_sig = ?3 WHERE id = ?1")?;
            let mut story = tx.prepare(
                "INSERT INTO stories(id, newest) VALUES (?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET newest = MAX(newest, excluded.newest)",
            )?;
            for (id, story_id, sig, published) in joined {
                article.execute(params![id, story_id, sig.to_bytes()])?;
                story.execute(params![story_id, published])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes every article out of its story, for clustering again from the start.
    pub fn clear_stories(&mut self) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(
            "UPDATE articles SET story_id = NULL WHERE story_id IS NOT NULL;
             DELETE FROM stories;
             UPDATE meta SET value = 0 WHERE key = 'storied_id';",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Stories newest first, with an article newer than `since` (seconds), up to `limit`.
    pub fn stories(&self, since: i64, limit: usize) -> Result<Vec<StoryRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, newest FROM stories WHERE newest >= ?1
             ORDER BY newest DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![since, limit as i64], |row| {
            Ok(StoryRow {
                id: row.get(0)?,
                newest: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A story's visible articles, newest first.
    pub fn story_articles(&self, story: ArticleId) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} WHERE a.story_id = ?1 AND {VISIBLE}
             ORDER BY a.published DESC, a.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([story], summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The rows of the stories list for these stories: each story's first report, with how
    /// many reports it holds and, as `read`, whether every one is read.
    pub fn story_summaries(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut rows = self.summaries(ids)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT COUNT(*), COALESCE(SUM(IFNULL(f.read, 0) = 0), 0), MAX(a.published)
             FROM {WITH_FLAGS} WHERE a.story_id = ?1 AND {VISIBLE}"
        ))?;
        let mut first = self.conn.prepare_cached(&format!(
            "SELECT a.title, a.source FROM {WITH_FLAGS} WHERE a.story_id = ?1 AND {VISIBLE}
             ORDER BY a.published, a.id LIMIT 1"
        ))?;
        for row in &mut rows {
            let (size, unread, newest): (i64, i64, Option<i64>) =
                stmt.query_row([row.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            row.story_size = Some(usize::try_from(size).unwrap_or(0).max(1));
            row.read = unread == 0 && (size > 0 || row.read);
            // The row says when the story last grew, as its place in the list does, under the
            // headline of its first report published (not the first one stored).
            if let Some(newest) = newest {
                row.published = to_time(newest);
            }
            let earliest: Option<(String, String)> = first
                .query_row([row.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((title, source)) = earliest {
                row.title = title;
                row.source = source;
            }
        }
        Ok(rows)
    }

    /// Every story, newest first.
    pub fn story_ids(&self) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM stories ORDER BY newest DESC, id DESC")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The story an article is in, if clustering has reached it.
    pub fn story_of(&self, id: ArticleId) -> Result<Option<ArticleId>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT story_id FROM articles WHERE id = ?1")?
            .query_row([id], |row| row.get::<_, Option<i64>>(0))
            .optional()?
            .flatten())
    }

    /// How many stored articles are in no story yet (stored before stories, and not rebuilt).
    pub fn outside_stories(&self) -> Result<usize, StoreError> {
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM {WITH_FLAGS} WHERE a.story_id IS NULL AND {VISIBLE}"),
            [],
            |row| row.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}
