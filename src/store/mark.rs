//! Where a store stands, for the search index to check it belongs to this store and this history:
//! the store's own id, its change counter, its largest article id and how many rows were removed.

use rusqlite::OptionalExtension;

use super::{Store, StoreError};
use crate::article::ArticleId;

/// The identity and revision of a store, read in one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreMark {
    /// Made at random when the store was created (or first opened by a dateline that knew ids);
    /// a copy of the file has the same one, another store almost surely not.
    pub id: i64,
    /// The change counter (`Store::current_rev`).
    pub rev: i64,
    /// The largest article id stored, 0 when there is none. SQLite gives a new row an id above
    /// every id in the table (AUTOINCREMENT: above every id it ever gave), so once this falls
    /// below what the index holds, ids the index knows may be given to other articles.
    pub max_id: ArticleId,
    /// Articles removed so far, counted by a trigger: dateline itself removes none, so any is
    /// an edit from outside that the index cannot see as a change.
    pub removed: i64,
}

/// One article's last change, as the index records the last one it indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeMark {
    pub rev: i64,
    /// The first eight bytes of the article's content hash (title and body).
    pub hash: u64,
}

impl Store {
    /// Which store this is and how far its changes go.
    pub fn mark(&self) -> Result<StoreMark, StoreError> {
        let sql = "SELECT (SELECT value FROM meta WHERE key = 'store_id'),
                          (SELECT value FROM meta WHERE key = 'rev'),
                          (SELECT COALESCE(MAX(id), 0) FROM articles),
                          (SELECT value FROM meta WHERE key = 'removed')";
        Ok(self.conn.query_row(sql, [], |row| {
            Ok(StoreMark {
                id: row.get::<_, Option<i64>>(0)?.unwrap_or_default(),
                rev: row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                max_id: row.get(2)?,
                removed: row.get::<_, Option<i64>>(3)?.unwrap_or_default(),
            })
        })?)
    }

    /// The last change of article `id`, or `None` when there is no such article.
    pub fn change_mark(&self, id: ArticleId) -> Result<Option<ChangeMark>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rev, content_hash FROM articles WHERE id = ?1")?;
        let found = stmt
            .query_row([id], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
            })
            .optional()?;
        Ok(found.map(|(rev, hash)| ChangeMark {
            rev,
            hash: hash_prefix(&hash),
        }))
    }
}

/// The first eight bytes of a hash as a number (shorter hashes are zero-padded).
fn hash_prefix(hash: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    for (to, from) in bytes.iter_mut().zip(hash) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::article::ArticleDraft;

    fn draft(n: u32) -> ArticleDraft {
        ArticleDraft {
            title: format!("Article {n}"),
            body: format!("Body {n}"),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn a_store_keeps_its_id_and_another_store_has_another() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(&dir.path().join("a.db"))
            .unwrap()
            .mark()
            .unwrap();
        let again = Store::open(&dir.path().join("a.db"))
            .unwrap()
            .mark()
            .unwrap();
        let other = Store::open(&dir.path().join("b.db"))
            .unwrap()
            .mark()
            .unwrap();
        assert_eq!(first.id, again.id);
        assert_ne!(first.id, other.id);
        assert_eq!((first.rev, first.max_id, first.removed), (0, 0, 0));
    }

    #[test]
    fn removed_rows_are_counted_and_the_mark_follows_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let ids: Vec<i64> = store
            .insert_batch(&[draft(1), draft(2), draft(3)], Utc::now())
            .unwrap()
            .inserted
            .iter()
            .map(|(_, id)| *id)
            .collect();
        let mark = store.mark().unwrap();
        assert_eq!((mark.rev, mark.max_id, mark.removed), (3, ids[2], 0));
        let change = store.change_mark(ids[1]).unwrap().unwrap();
        assert_eq!(change.rev, 2);
        assert_eq!(change.hash, hash_prefix(&draft(2).content_hash()));
        store
            .conn
            .execute("DELETE FROM articles WHERE id <> ?1", [ids[1]])
            .unwrap();
        let after = store.mark().unwrap();
        assert_eq!((after.max_id, after.removed), (ids[1], 2));
        assert_eq!(store.change_mark(ids[0]).unwrap(), None);
    }
}
