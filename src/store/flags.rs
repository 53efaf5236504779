//! The read, starred and hidden flags, kept in `article_flags` (one narrow row per article, made
//! and removed with it by triggers) so that a flag change writes a few bytes rather than the
//! article's wide row. Every flag change in the store goes through `write_flag`.

use std::collections::HashSet;

use rusqlite::{Connection, params_from_iter};

use super::{Store, StoreError, next_rev};
use crate::article::ArticleId;

/// The flags an article has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagColumn {
    Read,
    Starred,
    /// Out of every list, count and search but `is:hidden` (the index holds it too).
    Hidden,
}

impl FlagColumn {
    pub(super) fn name(self) -> &'static str {
        match self {
            FlagColumn::Read => "read",
            FlagColumn::Starred => "starred",
            FlagColumn::Hidden => "hidden",
        }
    }
}

/// Ids to a statement: marking a view of 100,000 read is a few hundred statements.
const CHUNK: usize = 500;

/// Sets `flag` to `value` on the articles `ids` inside `tx`; returns the ids whose flag changed
/// (ids not stored, and those that already had the value, are left out), in the order given,
/// each once. The one place a flag is written.
pub(super) fn write_flag(
    tx: &Connection,
    flag: FlagColumn,
    ids: &[ArticleId],
    value: bool,
) -> rusqlite::Result<Vec<ArticleId>> {
    let column = flag.name();
    // In id order, each page of the table and its indexes is written once, in turn: in the
    // order of a view (newest first) the ids fall all over the table, and a transaction that
    // touches more pages than SQLite's cache holds spills and rewrites them (3 s, not 0.3 s,
    // for 187,000 of a million).
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut changed: HashSet<ArticleId> = HashSet::new();
    for chunk in sorted.chunks(CHUNK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "UPDATE article_flags SET {column} = ?1 WHERE {column} != ?1 AND id IN ({marks})
             RETURNING id"
        );
        let mut stmt = tx.prepare_cached(&sql)?;
        let values = std::iter::once(rusqlite::types::Value::from(value))
            .chain(chunk.iter().map(|&id| rusqlite::types::Value::from(id)));
        let rows = stmt.query_map(params_from_iter(values), |row| row.get(0))?;
        for id in rows {
            changed.insert(id?);
        }
    }
    Ok(ids
        .iter()
        .copied()
        .filter(|id| changed.remove(id))
        .collect())
}

impl Store {
    /// Sets the read flag; returns how many articles changed.
    pub fn set_read(&mut self, ids: &[ArticleId], read: bool) -> Result<usize, StoreError> {
        Ok(self.set_flag(FlagColumn::Read, ids, read)?.len())
    }

    /// Sets the starred flag; returns how many articles changed.
    pub fn set_starred(&mut self, ids: &[ArticleId], starred: bool) -> Result<usize, StoreError> {
        Ok(self.set_flag(FlagColumn::Starred, ids, starred)?.len())
    }

    /// Hides articles from every list and search (or shows them again); returns how many
    /// changed.
    pub fn set_hidden(&mut self, ids: &[ArticleId], hidden: bool) -> Result<usize, StoreError> {
        Ok(self.set_flag(FlagColumn::Hidden, ids, hidden)?.len())
    }

    /// Sets one flag on articles in one transaction; returns the ids whose flag changed, in the
    /// order given. Articles whose hidden flag changed take a new rev, as the index holds it;
    /// read and starred are the store's alone (the index asks for them), and a change to them
    /// is seen by other connections through `data_version`.
    pub fn set_flag(
        &mut self,
        flag: FlagColumn,
        ids: &[ArticleId],
        value: bool,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let tx = self.write()?;
        let changed = write_flag(&tx, flag, ids, value)?;
        if flag == FlagColumn::Hidden && !changed.is_empty() {
            let rev = next_rev(&tx)?;
            let mut stmt = tx.prepare_cached("UPDATE articles SET rev = ?1 WHERE id = ?2")?;
            for id in &changed {
                stmt.execute([rev, *id])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Ids whose flag has the given value, sorted: the search filter for `is:unread` and friends.
    pub fn ids_with_flag(
        &self,
        flag: FlagColumn,
        value: bool,
    ) -> Result<Vec<ArticleId>, StoreError> {
        // A literal, not a parameter: `read = 1` written out is what the partial index answers.
        let sql = format!(
            "SELECT id FROM article_flags WHERE {} = {} ORDER BY id",
            flag.name(),
            i32::from(value)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::store::articles::{SUMMARY_COLUMNS, VISIBLE, WITH_FLAGS};
    use crate::store::test_support::store_with;
    use crate::store::{Counts, ListFilter, ListKey};

    #[test]
    fn a_change_returns_exactly_the_ids_that_changed_in_the_order_given() {
        let (_dir, mut store) = store_with(6, 1);
        assert_eq!(
            store.set_flag(FlagColumn::Read, &[2, 5], true).unwrap(),
            [2, 5]
        );
        let changed = store
            .set_flag(FlagColumn::Read, &[6, 5, 999, 2, 3, 6], true)
            .unwrap();
        assert_eq!(
            changed,
            [6, 3],
            "already read, not stored, repeated: left out"
        );
        let undone = store.set_flag(FlagColumn::Read, &[3, 4], false).unwrap();
        assert_eq!(undone, [3]);
        assert_eq!(
            store.ids_with_flag(FlagColumn::Read, true).unwrap(),
            [2, 5, 6]
        );
        assert_eq!(store.set_starred(&[4, 4, 1], true).unwrap(), 2);
        assert_eq!(
            store.ids_with_flag(FlagColumn::Starred, true).unwrap(),
            [1, 4]
        );
        assert_eq!(
            store.ids_with_flag(FlagColumn::Starred, false).unwrap(),
            [2, 3, 5, 6]
        );
    }

    #[test]
    fn only_hiding_takes_a_rev_and_every_change_is_seen_by_another_connection() {
        let (_dir, mut store) = store_with(3, 1);
        let other = Store::open(store.path()).unwrap();
        let rev = store.current_rev().unwrap();
        let seen = other.data_version().unwrap();
        store.set_read(&[1], true).unwrap();
        assert_eq!(
            store.current_rev().unwrap(),
            rev,
            "the index holds no read flag"
        );
        let now = other.data_version().unwrap();
        assert_ne!(now, seen, "a watcher sees the read flag change");
        store.set_hidden(&[2], true).unwrap();
        assert_eq!(store.current_rev().unwrap(), rev + 1);
        assert_eq!(store.change_mark(2).unwrap().unwrap().rev, rev + 1);
        assert_ne!(store.change_mark(1).unwrap().unwrap().rev, rev + 1);
        assert_ne!(other.data_version().unwrap(), now);
        assert_eq!(store.set_hidden(&[2], true).unwrap(), 0);
        assert_eq!(store.current_rev().unwrap(), rev + 1, "no change, no rev");
    }

    #[test]
    fn every_article_has_one_flags_row_made_and_removed_with_it() {
        let (_dir, mut store) = store_with(4, 1);
        store.set_starred(&[3], true).unwrap();
        let rows = |store: &Store| -> (i64, i64) {
            store
                .conn
                .query_row(
                    "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM article_flags)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap()
        };
        assert_eq!(rows(&store), (4, 4));
        store
            .conn
            .execute("DELETE FROM articles WHERE id = 3", [])
            .unwrap();
        assert_eq!(rows(&store), (3, 3));
        assert!(
            store
                .ids_with_flag(FlagColumn::Starred, true)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn counts_lists_and_stats_leave_out_the_hidden_and_count_the_unread() {
        let (_dir, mut store) = store_with(10, 1);
        store.set_read(&[1, 2, 3], true).unwrap();
        store.set_hidden(&[3, 4], true).unwrap();
        store.set_starred(&[5, 4], true).unwrap();
        // Visible: 1, 2, 5..=10; of them unread: 5..=10.
        assert_eq!(
            store.counts().unwrap(),
            Counts {
                total: 8,
                unread: 6
            }
        );
        let stats = store.stats().unwrap();
        assert_eq!(
            (stats.articles, stats.unread, stats.starred, stats.hidden),
            (10, 7, 2, 2)
        );
        let ids = |rows: Vec<crate::article::ArticleSummary>| -> Vec<i64> {
            rows.iter().map(|r| r.id).collect()
        };
        assert_eq!(
            ids(store.list(ListFilter::default(), 20, 0).unwrap()),
            [10, 9, 8, 7, 6, 5, 2, 1]
        );
        let unread = ListFilter {
            unread_only: true,
            ..ListFilter::default()
        };
        assert_eq!(ids(store.list(unread, 3, 0).unwrap()), [10, 9, 8]);
        let starred = ListFilter {
            starred_only: true,
            ..ListFilter::default()
        };
        assert_eq!(ids(store.list(starred, 20, 0).unwrap()), [5]);
        assert_eq!(ids(store.page_at(5, 3, 8).unwrap()), [5, 2, 1]);
        let five = store.summaries(&[5]).unwrap();
        assert!(five[0].starred && !five[0].read);
        let key = ListKey::of(&five[0]);
        assert_eq!(ids(store.page_after(key, 5).unwrap()), [2, 1]);
        assert_eq!(store.position_of(key).unwrap(), 5);
        assert_eq!(
            store.ids_with_flag(FlagColumn::Hidden, true).unwrap(),
            [3, 4]
        );
        let article = store.get(1).unwrap().unwrap();
        assert!(article.read && !article.starred);
    }

    /// The query plan of `sql`, one line per step.
    fn plan(store: &Store, sql: &str) -> String {
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.collect::<Result<Vec<_>, _>>().unwrap().join("\n")
    }

    #[test]
    fn a_page_walks_the_newest_first_index_and_counts_read_no_article_row() {
        let (_dir, store) = store_with(10, 1);
        let page = plan(
            &store,
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} WHERE {VISIBLE}
                 ORDER BY a.published DESC, a.id DESC LIMIT 50"
            ),
        );
        assert!(page.contains("articles_newest"), "{page}");
        assert!(!page.contains("TEMP B-TREE"), "{page}");
        let read = plan(&store, "SELECT COUNT(*) FROM article_flags WHERE read = 1");
        assert!(read.contains("COVERING INDEX article_flags_read"), "{read}");
        let hidden = plan(
            &store,
            "SELECT COUNT(*) FROM article_flags WHERE hidden = 1 AND read = 0",
        );
        assert!(hidden.contains("article_flags_hidden"), "{hidden}");
    }

    #[test]
    fn a_store_from_before_the_flags_table_counts_lists_and_finds_as_it_did() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            crate::store::schema::migrate_to(&conn, 9).unwrap();
            for n in 1..=5 {
                conn.execute(
                    "INSERT INTO articles (title, published, imported_at, content_hash, rev)
                     VALUES ('Old', ?1, 0, x'00', ?1)",
                    [n],
                )
                .unwrap();
            }
            conn.execute_batch(
                "UPDATE articles SET read = 1 WHERE id IN (1, 2, 4);
                 UPDATE articles SET starred = 1 WHERE id = 5;
                 UPDATE articles SET hidden = 1 WHERE id IN (2, 3);",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        // Visible: 1, 4, 5; unread among them: 5.
        assert_eq!(
            store.counts().unwrap(),
            Counts {
                total: 3,
                unread: 1
            }
        );
        let listed: Vec<i64> = store
            .list(ListFilter::default(), 10, 0)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(listed, [5, 4, 1]);
        assert_eq!(
            store.ids_with_flag(FlagColumn::Read, true).unwrap(),
            [1, 2, 4]
        );
        assert_eq!(store.ids_with_flag(FlagColumn::Starred, true).unwrap(), [5]);
        assert_eq!(
            store.set_flag(FlagColumn::Read, &[5, 1], true).unwrap(),
            [5]
        );
        assert_eq!(store.counts().unwrap().unread, 0);
    }
}
