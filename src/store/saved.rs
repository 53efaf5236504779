//! Saved searches (query feeds): a name and a query in the query language, listed beside feeds.
//! What they hold is never stored: it is asked of the search index each time.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::articles::to_time;
use super::{Store, StoreError};
use crate::ingest::sanitize::clean_line;

/// One saved search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSearch {
    pub id: i64,
    /// Unique, ignoring case.
    pub name: String,
    pub query: String,
    /// Whether new articles in it are announced (status bar, bell, notifications).
    pub notify: bool,
    pub added_at: DateTime<Utc>,
}

impl Store {
    /// Saves `query` under `name` (both cleaned like any text from outside). Fails with
    /// `SavedNameTaken` when a saved search has the name already, `BlankSavedSearch` when the
    /// name or query is empty.
    pub fn add_saved_search(
        &mut self,
        name: &str,
        query: &str,
        notify: bool,
    ) -> Result<SavedSearch, StoreError> {
        let (name, query) = (clean_line(name), clean_line(query));
        if name.is_empty() || query.is_empty() {
            return Err(StoreError::BlankSavedSearch);
        }
        if self.saved_search(&name)?.is_some() {
            return Err(StoreError::SavedNameTaken(name));
        }
        self.conn.execute(
            "INSERT INTO saved_searches (name, query, notify, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, query, notify, Utc::now().timestamp()],
        )?;
        self.saved_search(&name)?
            .ok_or(StoreError::NoSuchSavedSearch(name))
    }

    /// Every saved search, by name.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, query, notify, added_at FROM saved_searches ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], read_saved)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The saved search with this name, in any case.
    pub fn saved_search(&self, name: &str) -> Result<Option<SavedSearch>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name, query, notify, added_at FROM saved_searches WHERE name = ?1",
            )?
            .query_row([name.trim()], read_saved)
            .optional()?)
    }

    /// Removes the saved search with this name; the articles it found stay where they are.
    pub fn remove_saved_search(&mut self, name: &str) -> Result<(), StoreError> {
        let removed = self
            .conn
            .execute("DELETE FROM saved_searches WHERE name = ?1", [name.trim()])?;
        if removed == 0 {
            return Err(StoreError::NoSuchSavedSearch(name.trim().to_string()));
        }
        Ok(())
    }

    /// Turns the alerts of a saved search on or off.
    pub fn set_saved_notify(&mut self, name: &str, notify: bool) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE saved_searches SET notify = ?2 WHERE name = ?1",
            rusqlite::params![name.trim(), notify],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchSavedSearch(name.trim().to_string()));
        }
        Ok(())
    }
}

fn read_saved(row: &rusqlite::Row<'_>) -> rusqlite::Result<SavedSearch> {
    Ok(SavedSearch {
        id: row.get(0)?,
        name: row.get(1)?,
        query: row.get(2)?,
        notify: row.get(3)?,
        added_at: to_time(row.get(4)?),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn saved_searches_are_kept_by_name_ignoring_case() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        store
            .add_saved_search("Harbour", "harbour -sport", false)
            .unwrap();
        store
            .add_saved_search("Ada\u{1b}[31m", "person:\"ada lee\"", true)
            .unwrap();
        let names: Vec<String> = store
            .saved_searches()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["Ada", "Harbour"]);
        assert!(matches!(
            store.add_saved_search("harbour", "x", false),
            Err(StoreError::SavedNameTaken(_))
        ));
        assert!(matches!(
            store.add_saved_search("Empty", "  ", false),
            Err(StoreError::BlankSavedSearch)
        ));
        assert!(store.saved_search("HARBOUR").unwrap().is_some());
        store.remove_saved_search("harbour").unwrap();
        assert!(matches!(
            store.remove_saved_search("harbour"),
            Err(StoreError::NoSuchSavedSearch(_))
        ));
    }
}
