//! Versioned schema: each migration runs once, in order, inside a transaction, and bumps `user_version`.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Every migration in order; the store's `user_version` is how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: articles, indexed for the lookups that make a re-import a duplicate (see `Store::is_stored`).
    "CREATE TABLE articles (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        standfirst TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        url TEXT,
        guid TEXT,
        published INTEGER NOT NULL,
        dateline_place TEXT,
        dateline_date TEXT,
        dateline_agency TEXT,
        links TEXT NOT NULL DEFAULT '[]',
        imported_at INTEGER NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        content_hash BLOB NOT NULL,
        rev INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX articles_guid ON articles(source, guid) WHERE guid IS NOT NULL;
    CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_newest ON articles(published DESC, id DESC);
    CREATE INDEX articles_rev ON articles(rev);
    CREATE INDEX articles_unread ON articles(read, published DESC, id DESC);
    CREATE INDEX articles_starred ON articles(starred) WHERE starred = 1;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta(key, value) VALUES ('rev', 0);",
    // 2: the entities of each article (see store/entities.rs); NULL until it has been tagged.
    "ALTER TABLE articles ADD COLUMN entities TEXT;
     CREATE INDEX articles_untagged ON articles(id) WHERE entities IS NULL;",
];

/// Brings the schema up to date. A store newer than this binary is refused rather than damaged.
/// Each step takes the write lock first and reads the version under it, so two processes opening a
/// new store at once cannot both run the same migration.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as i64;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        let Some(sql) = MIGRATIONS.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
