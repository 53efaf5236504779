//! Feeds whose newsboat history is still to come: subscribed by an `import-newsboat` that found no
//! cache.db, so that a later import given the cache brings their history, as the first would have.
//! (Feeds subscribed otherwise keep their state: an import leaves them as they are here.)

use rusqlite::params;

use super::{Store, StoreError};

impl Store {
    /// Marks feeds as still waiting for their newsboat history.
    pub fn mark_history_pending(&mut self, feed_ids: &[i64]) -> Result<(), StoreError> {
        self.set_history_pending(feed_ids, true)
    }

    /// The feeds still waiting for their newsboat history.
    pub fn history_pending(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM feeds WHERE history_pending = 1 ORDER BY id")?;
        let ids = stmt.query_map([], |row| row.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// The feeds have had their newsboat history.
    pub fn clear_history_pending(&mut self, feed_ids: &[i64]) -> Result<(), StoreError> {
        self.set_history_pending(feed_ids, false)
    }

    fn set_history_pending(&mut self, feed_ids: &[i64], pending: bool) -> Result<(), StoreError> {
        let tx = self.write()?;
        {
            let mut stmt =
                tx.prepare_cached("UPDATE feeds SET history_pending = ?1 WHERE id = ?2")?;
            for id in feed_ids {
                stmt.execute(params![pending, id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
