//! Stories in the store: each article's story (the id of the article that started it) and
//! signature, and a row per story with its newest time, which the stories list is ordered by.
//! How far clustering has looked is a claim like the filters' (`Claim::Stories`).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params, params_from_iter};

use super::articles::{SUMMARY_COLUMNS, VISIBLE, WITH_FLAGS, summary_from_row, to_time};
use super::entities;
use super::{Store, StoreError};
use crate::article::{ArticleId, ArticleSummary, StoryRowFacts};
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
        let tx = self.write()?;
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
        let tx = self.write()?;
        tx.execute_batch(
            "UPDATE articles SET story_id = NULL WHERE story_id IS NOT NULL;
             DELETE FROM stories;
             UPDATE meta SET value = 0 WHERE key = 'storied_id';",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Stories newest first, with a visible article newer than `since` (seconds), up to `limit`.
    pub fn stories(&self, since: i64, limit: usize) -> Result<Vec<StoryRow>, StoreError> {
        let hidden = self.stories_with_hidden()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, newest FROM stories WHERE newest >= ?1
             ORDER BY newest DESC, id DESC LIMIT ?2",
        )?;
        // Enough rows that those a hidden report leaves out (or moves down) cannot shorten it.
        let wanted = limit.saturating_add(hidden.len());
        let rows = stmt.query_map(params![since, wanted as i64], |row| {
            Ok(StoryRow {
                id: row.get(0)?,
                newest: row.get(1)?,
            })
        })?;
        let mut rows = without_hidden(rows.collect::<Result<_, _>>()?, &hidden);
        rows.retain(|row| row.newest >= since);
        rows.truncate(limit);
        Ok(rows)
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

    /// The rows of the stories list for these stories: each story's first report published and
    /// not hidden (its lead), with the story's id, its newest time, how many reports it holds
    /// and, as `read`, whether every one is read. A story whose reports are all hidden has none.
    pub fn story_summaries(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut counts = self.conn.prepare_cached(&format!(
            "SELECT COUNT(*), COALESCE(SUM(IFNULL(f.read, 0) = 0), 0), MAX(a.published)
             FROM {WITH_FLAGS} WHERE a.story_id = ?1 AND {VISIBLE}"
        ))?;
        let mut lead = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} WHERE a.story_id = ?1 AND {VISIBLE}
             ORDER BY a.published, a.id LIMIT 1"
        ))?;
        let mut rows = Vec::with_capacity(ids.len());
        for &story in ids {
            let Some(mut row) = lead.query_row([story], summary_from_row).optional()? else {
                continue;
            };
            let (reports, unread, newest): (i64, i64, Option<i64>) =
                counts.query_row([story], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            row.story = Some(StoryRowFacts {
                reports: usize::try_from(reports).unwrap_or(0).max(1),
                lead: row.id,
            });
            row.id = story;
            row.read = unread == 0;
            // The row says when the story last grew, as its place in the list does.
            if let Some(newest) = newest {
                row.published = to_time(newest);
            }
            rows.push(row);
        }
        Ok(rows)
    }

    /// Every story with a visible report, newest first.
    pub fn story_ids(&self) -> Result<Vec<ArticleId>, StoreError> {
        let hidden = self.stories_with_hidden()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, newest FROM stories ORDER BY newest DESC, id DESC")?;
        let rows = stmt.query_map([], |row| {
            Ok(StoryRow {
                id: row.get(0)?,
                newest: row.get(1)?,
            })
        })?;
        let rows = without_hidden(rows.collect::<Result<_, _>>()?, &hidden);
        Ok(rows.into_iter().map(|row| row.id).collect())
    }

    /// The stories that hold a hidden report, each with the time of its newest visible one
    /// (none when all are hidden), in one query: the hidden are found by their index, and their
    /// stories' reports by the story index.
    fn stories_with_hidden(&self) -> Result<HashMap<ArticleId, Option<i64>>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.story_id, MAX(CASE WHEN {VISIBLE} THEN a.published END)
             FROM {WITH_FLAGS}
             WHERE a.story_id IN (
                 SELECT b.story_id FROM article_flags h JOIN articles b ON b.id = h.id
                 WHERE h.hidden = 1 AND b.story_id IS NOT NULL)
             GROUP BY a.story_id"
        ))?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
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

    /// The stories these articles are in (those in none left out).
    pub fn stories_of(
        &self,
        ids: &[ArticleId],
    ) -> Result<std::collections::HashSet<ArticleId>, StoreError> {
        // A few hundred ids a statement, not a statement for each article.
        const AT_ONCE: usize = 500;
        let mut stories = std::collections::HashSet::new();
        for chunk in ids.chunks(AT_ONCE) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT DISTINCT story_id FROM articles WHERE id IN ({marks}) AND story_id IS NOT NULL"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |row| row.get(0))?;
            for story in rows {
                stories.insert(story?);
            }
        }
        Ok(stories)
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

/// Stories as the stories table orders them, less those whose reports are all hidden; one that
/// holds a hidden report takes the time of its newest visible one, and its place by it.
fn without_hidden(
    mut rows: Vec<StoryRow>,
    hidden: &HashMap<ArticleId, Option<i64>>,
) -> Vec<StoryRow> {
    if hidden.is_empty() {
        return rows;
    }
    rows.retain_mut(|row| match hidden.get(&row.id) {
        None => true,
        Some(None) => false,
        Some(Some(newest)) => {
            row.newest = *newest;
            true
        }
    });
    rows.sort_by(|a, b| b.newest.cmp(&a.newest).then(b.id.cmp(&a.id)));
    rows
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::store::test_support::store_with;
    use crate::stories::signature;

    /// Articles 1..=5, each a second newer than the one before: story 1 holds 1, 2 and 4, and
    /// story 3 holds 3 and 5.
    fn two_stories() -> (tempfile::TempDir, Store) {
        let (dir, mut store) = store_with(5, 1);
        let sig = signature("t", "", "", &[]);
        let at = |id: i64| 1_700_000_000 + id - 1;
        let joined: Vec<_> = [(1, 1), (2, 1), (3, 3), (4, 1), (5, 3)]
            .into_iter()
            .map(|(id, story)| (id, story, sig.clone(), at(id)))
            .collect();
        store.join_stories(&joined).unwrap();
        (dir, store)
    }

    fn listed(store: &Store) -> (Vec<ArticleId>, Vec<ArticleId>) {
        let rows = store.stories(0, 10).unwrap();
        (
            store.story_ids().unwrap(),
            rows.iter().map(|r| r.id).collect(),
        )
    }

    #[test]
    fn hidden_reports_neither_place_a_story_nor_keep_one_in_the_list() {
        let (_dir, mut store) = two_stories();
        assert_eq!(listed(&store), (vec![3, 1], vec![3, 1]));
        // Its newest visible report is now 3, older than story 1's 4.
        store.set_hidden(&[5], true).unwrap();
        assert_eq!(listed(&store), (vec![1, 3], vec![1, 3]));
        assert_eq!(
            store.stories(0, 1).unwrap()[0].id,
            1,
            "the limit counts visible stories"
        );
        assert_eq!(
            store.stories(1_700_000_003, 10).unwrap().len(),
            1,
            "since is judged by visible reports"
        );
        store.set_hidden(&[3], true).unwrap();
        assert_eq!(listed(&store), (vec![1], vec![1]));
        assert!(store.story_summaries(&[3]).unwrap().is_empty());
    }

    #[test]
    fn a_storys_row_shows_its_first_visible_report_under_the_storys_id() {
        let (_dir, mut store) = two_stories();
        let row = &store.story_summaries(&[1]).unwrap()[0];
        assert_eq!((row.id, row.title.as_str()), (1, "article 0"));
        assert_eq!(
            row.story,
            Some(StoryRowFacts {
                reports: 3,
                lead: 1
            })
        );
        assert_eq!(row.published.timestamp(), 1_700_000_003, "its newest time");
        store.set_hidden(&[1], true).unwrap();
        let row = &store.story_summaries(&[1]).unwrap()[0];
        assert_eq!((row.id, row.title.as_str()), (1, "article 1"));
        assert_eq!(
            row.story,
            Some(StoryRowFacts {
                reports: 2,
                lead: 2
            })
        );
        assert_eq!(row.shown_article(), 2);
    }
}
