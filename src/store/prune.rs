//! Pruning a feed's articles: those published before a day, and those beyond its newest N.
//! Starred articles are always kept. The library takes what is pruned out of the index in the
//! same run (see `Library::prune`).

use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};

use super::{Store, StoreError};
use crate::article::ArticleId;

impl Store {
    /// Removes feed `feed_id`'s articles published before `before`, and those beyond its newest
    /// `keep_newest`, leaving starred ones; returns the ids removed.
    pub fn prune_feed(
        &mut self,
        feed_id: i64,
        before: Option<DateTime<Utc>>,
        keep_newest: Option<usize>,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut removed: Vec<ArticleId> = Vec::new();
        if let Some(before) = before {
            let mut stmt = tx.prepare(
                "DELETE FROM articles WHERE feed_id = ?1 AND published < ?2
                    AND id NOT IN (SELECT id FROM article_flags WHERE starred = 1)
                 RETURNING id",
            )?;
            let ids = stmt.query_map(params![feed_id, before.timestamp()], |r| r.get(0))?;
            for id in ids {
                removed.push(id?);
            }
        }
        if let Some(keep) = keep_newest {
            let mut stmt = tx.prepare(
                "DELETE FROM articles WHERE feed_id = ?1
                    AND id NOT IN (SELECT id FROM article_flags WHERE starred = 1)
                    AND id NOT IN (SELECT id FROM articles WHERE feed_id = ?1
                                   ORDER BY published DESC, id DESC LIMIT ?2)
                 RETURNING id",
            )?;
            let ids = stmt.query_map(params![feed_id, keep as i64], |r| r.get(0))?;
            for id in ids {
                removed.push(id?);
            }
        }
        tx.commit()?;
        Ok(removed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::article::ArticleDraft;

    #[test]
    fn old_and_surplus_articles_go_and_starred_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let feed = store
            .add_feed("https://a.example/rss", "A", None, &[])
            .unwrap();
        let day = |d| Utc.with_ymd_and_hms(2026, 3, d, 8, 0, 0).single().unwrap();
        let drafts: Vec<ArticleDraft> = (1..=6)
            .map(|d| ArticleDraft {
                title: format!("Day {d}"),
                body: "Text.".into(),
                guid: Some(format!("g{d}")),
                published: Some(day(d)),
                ..ArticleDraft::default()
            })
            .collect();
        let ids = store
            .store_feed_items(feed.id, &drafts, day(7))
            .unwrap()
            .inserted;
        store.set_starred(&[ids[0]], true).unwrap();
        // Before day 3: day 2 goes, day 1 is starred and stays.
        let gone = store.prune_feed(feed.id, Some(day(3)), None).unwrap();
        assert_eq!(gone, [ids[1]]);
        // The newest two kept, and the starred one.
        let mut gone = store.prune_feed(feed.id, None, Some(2)).unwrap();
        gone.sort();
        assert_eq!(gone, [ids[2], ids[3]]);
        let left: Vec<i64> = store.ids_in_feed(feed.id).unwrap();
        assert_eq!(left.len(), 3);
        assert!(left.contains(&ids[0]) && left.contains(&ids[5]));
        assert_eq!(store.mark().unwrap().removed, 3);
    }
}
