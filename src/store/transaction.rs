//! How the store's writes take their transaction: each write is all or nothing on its own, and a
//! run of writes can share one transaction (`Store::begin_run`), so a refresh storing feed after
//! feed commits, and writes the pages its feeds share, once for many feeds instead of once each.

use std::ops::Deref;

use rusqlite::{Connection, Savepoint, Transaction, TransactionBehavior};

use super::{Store, StoreError};

/// One write's transaction: its own, or a savepoint inside a run's.
pub(super) enum Write<'c> {
    Own(Transaction<'c>),
    InRun(Savepoint<'c>),
}

impl Write<'_> {
    /// Keeps what the write did: committed, or in a run, kept for the run's commit.
    pub(super) fn commit(self) -> rusqlite::Result<()> {
        match self {
            Write::Own(transaction) => transaction.commit(),
            Write::InRun(savepoint) => savepoint.commit(),
        }
    }
}

impl Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Write::Own(transaction) => transaction,
            Write::InRun(savepoint) => savepoint,
        }
    }
}

impl Store {
    /// The transaction for one write. Dropped without `commit`, it undoes the write, and only it.
    pub(super) fn write(&mut self) -> Result<Write<'_>, StoreError> {
        match (self.conn.is_autocommit(), self.run_open) {
            (true, false) => {
                // Immediate: take the write lock up front so a concurrent writer makes us wait,
                // not fail half way.
                let transaction = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                Ok(Write::Own(transaction))
            }
            (false, _) => Ok(Write::InRun(self.conn.savepoint()?)),
            (true, true) => Err(StoreError::RunUndone),
        }
    }

    /// Begins a run of writes kept or lost together: every write until `end_run` joins one
    /// transaction. A write that fails undoes only itself, unless SQLite undoes the whole
    /// transaction (a full disk), which `end_run` then reports.
    pub fn begin_run(&mut self) -> Result<(), StoreError> {
        // Each write in the run keeps the pages it changes in a journal of its own, so that it
        // can be undone alone: in memory that is a page copy; in a file, SQLite's default, a
        // refresh made half a million writes to it. Only for runs, whose writes are bounded (a
        // refresh's batch): one large write outside a run (every article's story cleared)
        // could journal the whole table.
        self.conn
            .execute_batch("PRAGMA temp_store = MEMORY; BEGIN IMMEDIATE")?;
        self.run_open = true;
        Ok(())
    }

    /// Ends the run `begin_run` began: `keep` commits its writes, otherwise they are undone. A
    /// commit that fails undoes them too, so that no later write joins a run left open.
    pub fn end_run(&mut self, keep: bool) -> Result<(), StoreError> {
        let was_open = std::mem::replace(&mut self.run_open, false);
        // SQLite may have undone it already (a full disk): an error when it was to be kept.
        let undone = self.conn.is_autocommit();
        let committed = if keep && !undone {
            self.conn.execute_batch("COMMIT")
        } else {
            Ok(())
        };
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        self.conn.execute_batch("PRAGMA temp_store = DEFAULT")?;
        if keep && was_open && undone {
            return Err(StoreError::RunUndone);
        }
        Ok(committed?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::article::ArticleDraft;

    #[test]
    fn a_write_that_fails_half_way_in_a_run_undoes_its_first_half_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        let feed = store
            .add_feed("https://example.org/a.xml", "A", None, &[])
            .unwrap();
        let at = Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
        let item = ArticleDraft {
            title: "Ferry".into(),
            guid: Some("1".into()),
            ..ArticleDraft::default()
        };
        store.store_feed_items(feed.id, &[item], at).unwrap();

        store.begin_run().unwrap();
        // Renaming writes the feed's name, then its articles' source, which this refuses.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER refuse AFTER UPDATE OF source ON articles
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        store.rename_feed(feed.id, "Before").unwrap_err();
        store.set_feed_tags(feed.id, &["kept".into()]).unwrap();
        store.end_run(true).unwrap();

        let now = store.feed_by_id(feed.id).unwrap().unwrap();
        assert_eq!(now.name, "A");
        assert_eq!(now.tags, ["kept"]);
    }
}
