//! Names only, read without changing anything: the feeds' and saved searches' names a shell
//! completes, from a store opened read-only (no file made, no schema moved on, no index touched).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Store, StoreError};

/// Which names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Feeds,
    SavedSearches,
}

impl Store {
    /// The names of one kind from the store at `path`, opened read-only and waiting at most a
    /// moment for a writer; nothing is created when there is no store.
    pub fn names_read_only(path: &Path, kind: NameKind) -> Result<Vec<String>, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(Duration::from_millis(300))
            .map_err(open_err)?;
        let sql = match kind {
            NameKind::Feeds => "SELECT name FROM feeds ORDER BY name COLLATE NOCASE",
            NameKind::SavedSearches => {
                "SELECT name FROM saved_searches ORDER BY name COLLATE NOCASE"
            }
        };
        let mut stmt = conn.prepare(sql)?;
        let names = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(names.collect::<Result<_, _>>()?)
    }
}
