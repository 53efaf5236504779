//! Pages of the newest-first article list for the screen: by keyset from a row already shown, or by
//! offset from whichever end is nearer, so no page costs a walk over a million rows.

use rusqlite::params;

use super::articles::{SUMMARY_COLUMNS, VISIBLE, WITH_FLAGS, summary_from_row};
use super::{Store, StoreError};
use crate::article::{ArticleId, ArticleSummary};

/// A row's place in the newest-first order: publication time, then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListKey {
    pub published: i64,
    pub id: ArticleId,
}

impl ListKey {
    /// Before every row of the newest-first list: the rows "after" it are all of them.
    pub const TOP: ListKey = ListKey {
        published: i64::MAX,
        id: i64::MAX,
    };

    /// After every row of the newest-first list: the rows "before" it are all of them.
    pub const BOTTOM: ListKey = ListKey {
        published: i64::MIN,
        id: i64::MIN,
    };

    pub fn of(summary: &ArticleSummary) -> ListKey {
        ListKey {
            published: summary.published.timestamp(),
            id: summary.id,
        }
    }
}

/// Counts for the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub total: usize,
    pub unread: usize,
}

impl Store {
    /// Up to `limit` rows that come after `key` in the newest-first order (older ones).
    pub fn page_after(
        &self,
        key: ListKey,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        self.keyset_page(key, limit, true)
    }

    /// Up to `limit` rows that come just before `key` in the newest-first order, in that order.
    pub fn page_before(
        &self,
        key: ListKey,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        self.keyset_page(key, limit, false)
    }

    /// Rows beside `key`: older ones walking down the index, or newer ones walking up it (then
    /// turned back into newest-first order).
    fn keyset_page(
        &self,
        key: ListKey,
        limit: usize,
        older: bool,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let (beyond, order) = if older { ("<", "DESC") } else { (">", "ASC") };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS}
             WHERE (a.published {beyond} ?1 OR (a.published = ?1 AND a.id {beyond} ?2))
               AND {VISIBLE}
             ORDER BY a.published {order}, a.id {order} LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![key.published, key.id, limit as i64],
            summary_from_row,
        )?;
        let mut found: Vec<ArticleSummary> = rows.collect::<Result<_, _>>()?;
        if !older {
            found.reverse();
        }
        Ok(found)
    }

    /// Rows `start..start + limit` of the newest-first order, counting from the nearer end of
    /// `total` rows (an offset costs a walk over the rows it skips).
    pub fn page_at(
        &self,
        start: usize,
        limit: usize,
        total: usize,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let end = (start + limit).min(total);
        if start >= end {
            return Ok(Vec::new());
        }
        if start <= total - end {
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} WHERE {VISIBLE}
                 ORDER BY a.published DESC, a.id DESC LIMIT ?1 OFFSET ?2"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(
                params![(end - start) as i64, start as i64],
                summary_from_row,
            )?;
            return Ok(rows.collect::<Result<_, _>>()?);
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} WHERE {VISIBLE}
             ORDER BY a.published ASC, a.id ASC LIMIT ?1 OFFSET ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![(end - start) as i64, (total - end) as i64],
            summary_from_row,
        )?;
        let mut found: Vec<ArticleSummary> = rows.collect::<Result<_, _>>()?;
        found.reverse();
        Ok(found)
    }

    /// How many rows come before `key` in the newest-first order: its position, found by walking
    /// only the rows newer than it (after a refresh, the new ones).
    pub fn position_of(&self, key: ListKey) -> Result<usize, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM {WITH_FLAGS}
             WHERE (a.published > ?1 OR (a.published = ?1 AND a.id > ?2)) AND {VISIBLE}"
        );
        let count: i64 = self
            .conn
            .query_row(&sql, params![key.published, key.id], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// About how many articles there are, at once: the highest id, which is the count while none
    /// has been pruned or hidden (a failed insert takes no id), and more than it after. The
    /// screen shows it only until the exact `counts` arrive.
    pub fn estimated_total(&self) -> Result<usize, StoreError> {
        let max: Option<i64> = self
            .conn
            .query_row("SELECT MAX(id) FROM articles", [], |row| row.get(0))?;
        Ok(max.and_then(|m| usize::try_from(m).ok()).unwrap_or(0))
    }

    /// How many articles there are, and how many unread, hidden ones left out: the read and
    /// the hidden are counted from their small indexes and taken away, so no row is read.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let (total, unread): (i64, i64) = self.conn.query_row(
            "WITH n(stored, read, hidden, hidden_unread) AS (SELECT
                (SELECT COUNT(*) FROM articles),
                (SELECT COUNT(*) FROM article_flags WHERE read = 1),
                (SELECT COUNT(*) FROM article_flags WHERE hidden = 1),
                (SELECT COUNT(*) FROM article_flags WHERE hidden = 1 AND read = 0))
             SELECT stored - hidden, stored - read - hidden_unread FROM n",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(Counts {
            total: usize::try_from(total).unwrap_or(0),
            unread: usize::try_from(unread).unwrap_or(0),
        })
    }
}

/// A store of `n` numbered articles, `per_second` of them published in each second, for tests.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod test_support {
    use super::Store;
    use crate::article::ArticleDraft;
    use chrono::{TimeZone, Utc};

    /// `n` articles titled `article 0`.., `per_second` of them published each second.
    pub(crate) fn numbered_drafts(n: usize, per_second: usize) -> Vec<ArticleDraft> {
        (0..n)
            .map(|i| ArticleDraft {
                title: format!("article {i}"),
                body: format!("body {i}"),
                published: Some(
                    Utc.timestamp_opt(1_700_000_000 + (i / per_second.max(1)) as i64, 0)
                        .unwrap(),
                ),
                ..ArticleDraft::default()
            })
            .collect()
    }

    pub(crate) fn store_with(n: usize, per_second: usize) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("d.db")).unwrap();
        store
            .insert_batch(&numbered_drafts(n, per_second), Utc::now())
            .unwrap();
        (dir, store)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::test_support::store_with;
    use super::*;

    #[test]
    fn keyset_and_offset_pages_agree_with_the_whole_list() {
        // Pairs share a publication time, so the id decides their order.
        let (_dir, store) = store_with(25, 2);
        let whole = store.list(Default::default(), 100, 0).unwrap();
        let ids = |rows: &[ArticleSummary]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
        for start in 0..25 {
            let page = store.page_at(start, 4, 25).unwrap();
            assert_eq!(
                ids(&page),
                ids(&whole[start..(start + 4).min(25)]),
                "at {start}"
            );
        }
        let key = ListKey::of(&whole[10]);
        assert_eq!(ids(&store.page_after(key, 3).unwrap()), ids(&whole[11..14]));
        assert_eq!(ids(&store.page_before(key, 3).unwrap()), ids(&whole[7..10]));
        assert!(
            store
                .page_before(ListKey::of(&whole[0]), 3)
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .page_after(ListKey::of(&whole[24]), 3)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store.counts().unwrap(),
            Counts {
                total: 25,
                unread: 25
            }
        );
    }
}
