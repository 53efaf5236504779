//! The list in another order than newest first (the screen's sort key), or its unread only: the
//! ids of every visible article, of one feed's, or of a query's hits, put in order here. Hidden
//! articles are never among them.

use std::cmp::Ordering;

use rusqlite::{OptionalExtension, params_from_iter};
use serde::{Deserialize, Serialize};

use super::articles::{VISIBLE, WITH_FLAGS};
use super::{Store, StoreError};
use crate::article::ArticleId;

/// The order of a list's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListOrder {
    /// Newest first (a typed search: best match first).
    #[default]
    Newest,
    Oldest,
    /// By source name, then newest first.
    Source,
    /// Unread before read, each newest first.
    UnreadFirst,
}

impl ListOrder {
    /// Every order, in the order the sort key steps through them.
    pub const ALL: [ListOrder; 4] = [
        ListOrder::Newest,
        ListOrder::Oldest,
        ListOrder::Source,
        ListOrder::UnreadFirst,
    ];

    /// The next order of the cycle.
    pub fn next(self) -> ListOrder {
        let at = Self::ALL.iter().position(|&o| o == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }

    /// How the status bar and `sort =` name it.
    pub fn name(self) -> &'static str {
        match self {
            ListOrder::Newest => "newest",
            ListOrder::Oldest => "oldest",
            ListOrder::Source => "source",
            ListOrder::UnreadFirst => "unread",
        }
    }

    /// The order named `name` (`newest`, `oldest`, `source`, `unread`).
    pub fn from_name(name: &str) -> Option<ListOrder> {
        Self::ALL.into_iter().find(|o| o.name() == name.trim())
    }

    fn sql(self) -> &'static str {
        match self {
            ListOrder::Newest => "a.published DESC, a.id DESC",
            ListOrder::Oldest => "a.published, a.id",
            ListOrder::Source => "a.source COLLATE NOCASE, a.published DESC, a.id DESC",
            ListOrder::UnreadFirst => "IFNULL(f.read, 0), a.published DESC, a.id DESC",
        }
    }
}

/// Whose articles a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Feed(i64),
}

/// What the order of one article depends on.
struct SortKey {
    id: ArticleId,
    published: i64,
    source: String,
    read: bool,
}

impl Store {
    /// The visible articles of `scope` in `order`, unread only if asked.
    pub fn ordered_ids(
        &self,
        scope: Scope,
        order: ListOrder,
        unread_only: bool,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let unread = if unread_only {
            " AND f.read IS NOT 1"
        } else {
            ""
        };
        let (feed, value) = match scope {
            Scope::All => ("", None),
            Scope::Feed(id) => (" AND a.feed_id = ?1", Some(id)),
        };
        let sql = format!(
            "SELECT a.id FROM {WITH_FLAGS} WHERE {VISIBLE}{feed}{unread} ORDER BY {}",
            order.sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(value), |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// `ids` (a query's hits) in `order`, unread only if asked; hidden and missing ones left out.
    /// `Newest` keeps the order given (a search's own).
    pub fn order_ids(
        &self,
        ids: &[ArticleId],
        order: ListOrder,
        unread_only: bool,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut keys = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT a.id, a.published, a.source, IFNULL(f.read, 0) FROM {WITH_FLAGS}
                 WHERE {VISIBLE} AND a.id IN ({marks})"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk), |row| {
                Ok(SortKey {
                    id: row.get(0)?,
                    published: row.get(1)?,
                    source: row.get(2)?,
                    read: row.get(3)?,
                })
            })?;
            for key in rows {
                let key = key?;
                if !(unread_only && key.read) {
                    keys.push(key);
                }
            }
        }
        if order == ListOrder::Newest {
            let position: std::collections::HashMap<ArticleId, usize> =
                ids.iter().enumerate().map(|(at, &id)| (id, at)).collect();
            keys.sort_by_key(|key| position.get(&key.id).copied());
        } else {
            keys.sort_by(|a, b| compare(order, a, b));
        }
        Ok(keys.into_iter().map(|key| key.id).collect())
    }

    /// Of `ids`, those unread, in the order given.
    pub fn unread_among(&self, ids: &[ArticleId]) -> Result<Vec<ArticleId>, StoreError> {
        self.order_ids(ids, ListOrder::Newest, true)
    }

    /// The first unread article after `key` in the newest-first list (`next_unread`), or with
    /// `backward` the nearest one above it (`previous_unread`).
    pub fn unread_next_to(
        &self,
        key: super::ListKey,
        backward: bool,
    ) -> Result<Option<crate::article::ArticleSummary>, StoreError> {
        // Along the newest-first index from the key, the flags looked up beside each row.
        let (beyond, order) = if backward {
            (
                "a.published > ?1 OR (a.published = ?1 AND a.id > ?2)",
                "ASC",
            )
        } else {
            (
                "a.published < ?1 OR (a.published = ?1 AND a.id < ?2)",
                "DESC",
            )
        };
        let sql = format!(
            "SELECT {} FROM {WITH_FLAGS}
             WHERE {VISIBLE} AND f.read IS NOT 1 AND ({beyond})
             ORDER BY a.published {order}, a.id {order} LIMIT 1",
            super::articles::SUMMARY_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row(
                rusqlite::params![key.published, key.id],
                super::articles::summary_from_row,
            )
            .optional()?)
    }

    /// Every tag articles carry themselves (`import --tag`), sorted.
    pub fn article_tags(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT tag.value FROM articles, json_each(articles.tags) AS tag
             WHERE articles.tags != '[]' AND json_valid(articles.tags)
             ORDER BY tag.value COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn compare(order: ListOrder, a: &SortKey, b: &SortKey) -> Ordering {
    let newest = || b.published.cmp(&a.published).then(b.id.cmp(&a.id));
    match order {
        ListOrder::Newest => newest(),
        ListOrder::Oldest => a.published.cmp(&b.published).then(a.id.cmp(&b.id)),
        ListOrder::Source => a
            .source
            .to_lowercase()
            .cmp(&b.source.to_lowercase())
            .then_with(newest),
        ListOrder::UnreadFirst => a.read.cmp(&b.read).then_with(newest),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::article::ArticleDraft;

    fn store_of(items: &[(&str, &str, i64)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("dateline.db")).unwrap();
        let drafts: Vec<ArticleDraft> = items
            .iter()
            .map(|(title, source, day)| ArticleDraft {
                title: (*title).into(),
                body: format!("{title} body."),
                source: (*source).into(),
                published: Utc.timestamp_opt(day * 86_400, 0).single(),
                ..ArticleDraft::default()
            })
            .collect();
        store.insert_batch(&drafts, Utc::now()).unwrap();
        (dir, store)
    }

    #[test]
    fn every_order_of_the_whole_list_and_of_hits() {
        // ids 1..=4: a (Zeta, day 3), b (alpha, day 1), c (Beta, day 4), d (alpha, day 2)
        let (_dir, mut store) = store_of(&[
            ("a", "Zeta", 3),
            ("b", "alpha", 1),
            ("c", "Beta", 4),
            ("d", "alpha", 2),
        ]);
        store.set_read(&[3], true).unwrap();
        let all = |store: &Store, order| store.ordered_ids(Scope::All, order, false).unwrap();
        assert_eq!(all(&store, ListOrder::Newest), [3, 1, 4, 2]);
        assert_eq!(all(&store, ListOrder::Oldest), [2, 4, 1, 3]);
        assert_eq!(all(&store, ListOrder::Source), [4, 2, 3, 1]);
        assert_eq!(all(&store, ListOrder::UnreadFirst), [1, 4, 2, 3]);
        let unread = store
            .ordered_ids(Scope::All, ListOrder::Newest, true)
            .unwrap();
        assert_eq!(unread, [1, 4, 2]);
        let hits = [2, 3, 1];
        let order = |order| store.order_ids(&hits, order, false).unwrap();
        assert_eq!(
            order(ListOrder::Newest),
            [2, 3, 1],
            "a search keeps its own"
        );
        assert_eq!(order(ListOrder::Oldest), [2, 1, 3]);
        assert_eq!(order(ListOrder::Source), [2, 3, 1]);
        assert_eq!(order(ListOrder::UnreadFirst), [1, 2, 3]);
        assert_eq!(store.unread_among(&hits).unwrap(), [2, 1]);
        // After a (day 4, the newest) the next unread down the list is d (day 2): c is read.
        let key = |id, day: i64| crate::store::ListKey {
            published: day * 86_400,
            id,
        };
        let beside = |key, backward| {
            let found = store.unread_next_to(key, backward).unwrap();
            found.map(|summary| summary.id)
        };
        assert_eq!(beside(key(1, 3), false), Some(4));
        assert_eq!(beside(key(2, 1), false), None);
        // Up the list from d, c is read and a is the nearest unread; nothing is above a.
        assert_eq!(beside(key(4, 2), true), Some(1));
        assert_eq!(beside(key(1, 3), true), None);
        assert_eq!(beside(crate::store::ListKey::BOTTOM, true), Some(2));
        store.set_hidden(&[1], true).unwrap();
        assert_eq!(all(&store, ListOrder::Oldest), [2, 4, 3], "hidden left out");
    }

    #[test]
    fn undated_articles_are_listed_in_the_order_they_came_however_they_came() {
        let drafts: Vec<ArticleDraft> = ["first", "second", "third"]
            .iter()
            .map(|title| ArticleDraft {
                title: (*title).into(),
                body: format!("{title} body."),
                url: Some(format!("https://example.org/{title}")),
                ..ArticleDraft::default()
            })
            .collect();
        let titles = |store: &Store| -> Vec<String> {
            let rows = store.list(super::super::ListFilter::default(), 10, 0);
            rows.unwrap().into_iter().map(|row| row.title).collect()
        };
        let dir = tempfile::tempdir().unwrap();
        let mut imported = Store::open(&dir.path().join("imported.db")).unwrap();
        imported.insert_batch(&drafts, Utc::now()).unwrap();
        let mut fetched = Store::open(&dir.path().join("fetched.db")).unwrap();
        let feed = fetched
            .add_feed("https://example.org/feed.xml", "F", None, &[])
            .unwrap();
        fetched
            .store_feed_items(feed.id, &drafts, Utc::now())
            .unwrap();
        assert_eq!(titles(&imported), ["first", "second", "third"]);
        assert_eq!(titles(&fetched), titles(&imported));
    }

    #[test]
    fn orders_cycle_and_have_names() {
        let mut order = ListOrder::default();
        for _ in 0..ListOrder::ALL.len() {
            assert_eq!(ListOrder::from_name(order.name()), Some(order));
            order = order.next();
        }
        assert_eq!(order, ListOrder::Newest);
        assert_eq!(ListOrder::from_name("sideways"), None);
    }
}
