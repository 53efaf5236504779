//! The article store: one SQLite file in the data directory, the source of truth for everything else.

mod accounts;
mod articles;
mod claims;
mod entities;
mod feed_addresses;
mod feed_items;
mod feed_names;
mod feeds;
mod flags;
mod folders;
mod history_pending;
mod mark;
mod names;
mod ordering;
mod pages;
mod prune;
mod reader_cache;
mod saved;
mod schema;
mod stories;
mod synced;
mod transaction;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::config::DbConfig;

pub use accounts::{Account, QueueOp, QueuedChange};
pub use articles::{BatchOutcome, IndexRow, ListFilter, Stats};
pub use claims::Claim;
pub use entities::{Tagged, Untagged};
pub use feed_items::FeedOutcome;
pub use feed_names::default_feed_name;
pub use feeds::{Feed, FeedStats, FetchRecord};
pub use flags::FlagColumn;
pub use mark::{ChangeMark, StoreMark};
pub use names::NameKind;
pub use ordering::{ListOrder, Scope};

#[cfg(test)]
pub(crate) use pages::test_support;
pub use pages::{Counts, ListKey};
pub use reader_cache::{CachedArticle, MarksOutcome, StateMark};
pub use saved::SavedSearch;
pub use schema::latest_version;
pub use stories::{StoryKey, StoryRow};
pub use synced::{ServerFeed, StateOutcome, SubscriptionOutcome, SyncedItem, SyncedOutcome};

/// Compiled statements kept for reuse on a connection.
const STATEMENTS_KEPT: usize = 64;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "store is at schema version {found}, newer than this dateline knows ({known}); upgrade dateline"
    )]
    TooNew { found: i64, known: i64 },
    #[error(
        "store: the transaction the writes ran in was undone (a full disk?); none of them is kept"
    )]
    RunUndone,
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("store: article {id} has a damaged `{field}` field: {reason}")]
    Damaged {
        id: i64,
        field: &'static str,
        reason: String,
    },
    #[error("the feed {url} is already subscribed, as \"{name}\"")]
    FeedUrlTaken { url: String, name: String },
    #[error("there is already a feed named \"{name}\" ({url})")]
    FeedNameTaken { name: String, url: String },
    #[error("a feed needs a name that is not blank")]
    BlankFeedName,
    #[error("there is no feed with id {0}")]
    NoSuchFeed(i64),
    #[error("there is no article with id {0}")]
    NoSuchArticle(i64),
    #[error("there is already a saved search named \"{0}\"")]
    SavedNameTaken(String),
    #[error("a saved search needs a name and a query")]
    BlankSavedSearch,
    #[error("there is no saved search named \"{0}\"; `dateline saved list` shows them")]
    NoSuchSavedSearch(String),
    #[error("there is already an account named \"{0}\"")]
    AccountNameTaken(String),
    #[error("an account needs a name that is not blank")]
    BlankAccountName,
    #[error("there is no account {0}; `dateline account list` shows them")]
    NoSuchAccount(String),
    #[error("store: feed {id} has a damaged `{field}` field: {reason}")]
    DamagedFeed {
        id: i64,
        field: &'static str,
        reason: String,
    },
}

/// The next change number, taken inside `tx` (it commits with the rows that carry it). A
/// number no row ends up carrying is harmless: the index covers it like any other.
pub(crate) fn next_rev(tx: &Connection) -> Result<i64, StoreError> {
    let rev: i64 = tx.query_row("SELECT value FROM meta WHERE key = 'rev'", [], |r| r.get(0))?;
    tx.execute("UPDATE meta SET value = ?1 WHERE key = 'rev'", [rev + 1])?;
    Ok(rev + 1)
}

/// An open store. One writer at a time; readers may share the file (WAL).
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// A run of writes is open (`begin_run`): if SQLite undid its transaction on its own (a full
    /// disk), the writes after that must fail rather than each commit alone.
    run_open: bool,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(open_err)?;
        // Switching a new file to WAL takes a lock that the busy timeout does not wait for, so a
        // second process creating the same store at the same moment retries here instead.
        let mut attempts = 0;
        while let Err(error) = conn.pragma_update(None, "journal_mode", "WAL") {
            let busy = error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy);
            attempts += 1;
            if !busy || attempts > 200 {
                return Err(open_err(error));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        // NORMAL is durable across process crashes in WAL mode; only power loss can drop the last commit.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // Without a stable plan SQLite plans a statement again each time it is reused whenever
        // the plan might depend on a parameter's value (reuse clears the parameters): looking up
        // a new feed item, planned again for every item, cost a tenth of a refresh's storing.
        // The store is never ANALYZEd, and the plans of the list pages (all, unread, starred, a
        // feed's, keyset and offset), the stories page and the item lookups come out the same
        // with the values known as without (checked with EXPLAIN QUERY PLAN).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(open_err)?;
        // Storing a feed, indexing it and recording its fetch use more statements than the
        // default 16; a statement pushed out is compiled again at its next use.
        conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            run_open: false,
        })
    }

    /// SQLite's `data_version`: it changes when another connection commits to this file.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
