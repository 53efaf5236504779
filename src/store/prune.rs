//! Pruning a feed's articles: those published before a day, and those beyond its newest N.
//! Starred articles are always kept. The library takes what is pruned out of the index in the
//! same run (see `Library::prune`).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::feed_items::RECORD_PRUNED;
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
        let tx = self.write()?;
        let mut removed: Vec<ArticleId> = Vec::new();
        // Each removal leaves a record of the item, so the feed, which may list it still, does
        // not bring it back at the next fetch.
        if let Some(before) = before {
            tx.execute(
                &format!(
                    "{RECORD_PRUNED} AND published < ?2
                        AND id NOT IN (SELECT id FROM article_flags WHERE starred = 1)"
                ),
                params![feed_id, before.timestamp()],
            )?;
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
            tx.execute(
                &format!(
                    "{RECORD_PRUNED}
                        AND id NOT IN (SELECT id FROM article_flags WHERE starred = 1)
                        AND id NOT IN (SELECT id FROM articles WHERE feed_id = ?1
                                       ORDER BY published DESC, id DESC LIMIT ?2)"
                ),
                params![feed_id, keep as i64],
            )?;
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
        // The feed still lists all six: the pruned three do not come back as new.
        let again = store.store_feed_items(feed.id, &drafts, day(8)).unwrap();
        assert!(again.inserted.is_empty(), "{again:?}");
        assert_eq!((again.pruned, again.unchanged), (3, 3));
        // Sent again with new text, one is new.
        let mut changed = drafts.clone();
        changed[2].body = "The text, corrected.".into();
        let fixed = store.store_feed_items(feed.id, &changed, day(9)).unwrap();
        assert_eq!((fixed.pruned, fixed.inserted.len()), (2, 1), "{fixed:?}");
        // An empty fetch, or two that leave them out (a feed cut short), forget nothing...
        let newest: Vec<ArticleDraft> = drafts[4..].to_vec();
        store.store_feed_items(feed.id, &[], day(10)).unwrap();
        for d in [11, 12] {
            let later = store.store_feed_items(feed.id, &newest, day(d)).unwrap();
            assert_eq!((later.pruned, later.inserted.len()), (0, 0));
        }
        let again = store.store_feed_items(feed.id, &drafts, day(13)).unwrap();
        assert_eq!((again.pruned, again.inserted.len()), (2, 0), "{again:?}");
        // ...but after three fetches without them they are forgotten: new if they come back.
        for d in [14, 15, 16] {
            store.store_feed_items(feed.id, &newest, day(d)).unwrap();
        }
        let back = store.store_feed_items(feed.id, &drafts, day(17)).unwrap();
        assert_eq!((back.pruned, back.inserted.len()), (0, 2), "{back:?}");
    }

    #[test]
    fn items_without_guid_are_remembered_by_url_or_text() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let feed = store
            .add_feed("https://b.example/rss", "B", None, &[])
            .unwrap();
        let at = |d| Utc.with_ymd_and_hms(2026, 4, d, 8, 0, 0).single().unwrap();
        let drafts = vec![
            ArticleDraft {
                title: "By URL".into(),
                body: "One.".into(),
                url: Some("https://b.example/1".into()),
                published: Some(at(1)),
                ..ArticleDraft::default()
            },
            ArticleDraft {
                title: "By text".into(),
                body: "Two.".into(),
                published: Some(at(2)),
                ..ArticleDraft::default()
            },
            ArticleDraft {
                title: "Newest".into(),
                body: "Three.".into(),
                guid: Some("n".into()),
                published: Some(at(3)),
                ..ArticleDraft::default()
            },
        ];
        store.store_feed_items(feed.id, &drafts, at(4)).unwrap();
        assert_eq!(store.prune_feed(feed.id, None, Some(1)).unwrap().len(), 2);
        let again = store.store_feed_items(feed.id, &drafts, at(5)).unwrap();
        assert_eq!((again.pruned, again.inserted.len()), (2, 0), "{again:?}");
    }
}
