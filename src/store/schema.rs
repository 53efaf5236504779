//! Versioned schema: each migration runs once, in order, inside a transaction, and bumps `user_version`.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Every migration in order; the store's `user_version` is how many have run. (tests/
/// index_identity.rs takes a store back to version 3 to test an upgrade: a new migration's
/// undo goes there too.)
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
    // 3: feed subscriptions (see store/feeds.rs). A feed article's identity is its guid within the
    // feed, so the unique guid index moves from (source, guid) to (feed_id, guid). File imports
    // still find duplicates by (source, guid) through a plain index: `Store::is_stored` has always
    // been what keeps them unique, and a unique (source, guid) would make detaching a removed
    // feed's articles fail whenever another feed or a file shares the title and a guid.
    // `detached_from` keeps the URL of a removed feed, so subscribing to it again takes its old
    // articles (and their read state) back instead of storing them twice.
    "CREATE TABLE feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        site_url TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        etag TEXT,
        last_modified TEXT,
        last_fetched INTEGER,
        last_status TEXT,
        last_error TEXT,
        retry_after INTEGER,
        added_at INTEGER NOT NULL
    );
    ALTER TABLE articles ADD COLUMN feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL;
    ALTER TABLE articles ADD COLUMN full_body TEXT;
    ALTER TABLE articles ADD COLUMN detached_from TEXT;
    DROP INDEX articles_guid;
    CREATE INDEX articles_source_guid ON articles(source, guid) WHERE guid IS NOT NULL;
    CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_id, guid) WHERE feed_id IS NOT NULL;
    CREATE INDEX articles_detached ON articles(detached_from) WHERE detached_from IS NOT NULL;",
    // 4: what the search index checks it belongs to (see store/mark.rs): an id made at random
    // for this store, and a count of removed articles, which dateline never removes itself, so
    // an edit from outside (`DELETE FROM articles`) is noticed rather than searched as if there.
    "INSERT INTO meta(key, value) VALUES ('store_id', random());
    INSERT INTO meta(key, value) VALUES ('removed', 0);
    CREATE TRIGGER articles_removed AFTER DELETE ON articles
    BEGIN
        UPDATE meta SET value = value + 1 WHERE key = 'removed';
    END;",
    // 5: the links of the full text fetched from an article's page (see `Store::set_full_body`),
    // numbered after the article's own, so `related story[7]` in the full text has its link.
    "ALTER TABLE articles ADD COLUMN full_links TEXT;",
    // 6: saved searches (see store/saved.rs): a name and a query, asked of the index each time.
    "CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query TEXT NOT NULL,
        notify INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL
    );",
    // 7: an article's own tags (`import --tag`), a JSON list; a feed's tags stay with the feed and
    // are joined in when the article is read or indexed.
    "ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';",
    // 8: hidden articles (a filter's `hide`): kept, but out of every list, count and search.
    // Few are hidden, so the index on them is small and counting the visible is a subtraction.
    "ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
     CREATE INDEX articles_hidden ON articles(read) WHERE hidden = 1;",
    // 9: how far filters and alerts have looked (see store/claims.rs), from here on: what was
    // stored before them is for `filter apply`.
    "INSERT INTO meta(key, value) VALUES ('filtered_id', (SELECT COALESCE(MAX(id), 0) FROM articles));
     INSERT INTO meta(key, value) VALUES ('alerted_id', (SELECT COALESCE(MAX(id), 0) FROM articles));",
    // 10: the read, starred and hidden flags move to a narrow table of their own (see
    // store/flags.rs): a flag change in `articles` rewrote the whole wide row (title, body,
    // entities) and an index on it, so marking 100,000 read took seconds. Every article has one
    // row here, made and removed with it by the triggers. The old columns cannot be dropped
    // without rewriting every article, so they stay, renamed `retired_*` so that no query reads
    // their frozen values by mistake, and their indexes go. The flags are copied from the
    // indexes (`articles_unread` holds every id with its read flag), not the wide rows.
    "CREATE TABLE article_flags (
        id INTEGER PRIMARY KEY,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        hidden INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO article_flags (id, read)
        SELECT id, read FROM articles INDEXED BY articles_unread ORDER BY id;
    UPDATE article_flags SET starred = 1 WHERE id IN (SELECT id FROM articles WHERE starred = 1);
    UPDATE article_flags SET hidden = 1 WHERE id IN (SELECT id FROM articles WHERE hidden = 1);
    CREATE INDEX article_flags_read ON article_flags(id) WHERE read = 1;
    CREATE INDEX article_flags_starred ON article_flags(id) WHERE starred = 1;
    CREATE INDEX article_flags_hidden ON article_flags(read) WHERE hidden = 1;
    CREATE TRIGGER article_flags_added AFTER INSERT ON articles
    BEGIN
        INSERT INTO article_flags (id) VALUES (new.id);
    END;
    CREATE TRIGGER article_flags_removed AFTER DELETE ON articles
    BEGIN
        DELETE FROM article_flags WHERE id = old.id;
    END;
    DROP INDEX articles_unread;
    DROP INDEX articles_starred;
    DROP INDEX articles_hidden;
    ALTER TABLE articles RENAME COLUMN read TO retired_read;
    ALTER TABLE articles RENAME COLUMN starred TO retired_starred;
    ALTER TABLE articles RENAME COLUMN hidden TO retired_hidden;",
    // 11: the articles with tags of their own, so the sidebar lists the tags in use without
    // reading every row (see store/ordering.rs).
    "CREATE INDEX articles_tagged ON articles(id) WHERE tags != '[]';",
    // 12: stories (see store/stories.rs): each article's story (the id of the article that began
    // it) and signature, and each story's newest time. What was stored before is clustered by
    // `dateline stories rebuild`, not on the next write.
    "ALTER TABLE articles ADD COLUMN story_id INTEGER;
     ALTER TABLE articles ADD COLUMN story_sig BLOB;
     CREATE INDEX articles_story ON articles(story_id, published) WHERE story_id IS NOT NULL;
     CREATE TABLE stories (id INTEGER PRIMARY KEY, newest INTEGER NOT NULL);
     CREATE INDEX stories_newest ON stories(newest DESC, id DESC);
     INSERT INTO meta(key, value) VALUES ('storied_id', (SELECT COALESCE(MAX(id), 0) FROM articles));",
    // 13: sync accounts (see store/accounts.rs and store/synced.rs). A feed that belongs to an
    // account is in `sync_feeds` (its stream id is NULL until the server confirms a subscription
    // made here); an article that came from a server is in `sync_items` with the server's item id.
    // Every change to the read or starred flag of such an article (in `article_flags`), and every rename or removal of
    // such a feed, is queued by a trigger in the same transaction as the change, so nothing made
    // offline is lost however dateline stops; the sync itself applies the server's changes with
    // `sync_quiet` set (inside its own transaction), so they are not sent back.
    "CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        user TEXT NOT NULL,
        password_command TEXT,
        token TEXT,
        newest_crawl INTEGER NOT NULL DEFAULT 0,
        last_sync INTEGER,
        last_attempt INTEGER,
        last_error TEXT,
        added_at INTEGER NOT NULL
    );
    CREATE TABLE sync_feeds (
        feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        stream_id TEXT
    );
    CREATE UNIQUE INDEX sync_feeds_stream ON sync_feeds(account_id, stream_id)
        WHERE stream_id IS NOT NULL;
    CREATE TABLE sync_items (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL,
        crawled INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX sync_items_item ON sync_items(account_id, item_id);
    CREATE TABLE sync_queue (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        op TEXT NOT NULL,
        item_id INTEGER,
        stream TEXT,
        value TEXT,
        at INTEGER NOT NULL
    );
    CREATE INDEX sync_queue_item ON sync_queue(account_id, item_id);
    INSERT INTO meta(key, value) VALUES ('sync_quiet', 0);
    CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON article_flags
    WHEN NEW.read != OLD.read AND (SELECT value FROM meta WHERE key = 'sync_quiet') = 0
    BEGIN
        INSERT INTO sync_queue (account_id, op, item_id, at)
        SELECT account_id, CASE WHEN NEW.read THEN 'read' ELSE 'unread' END, item_id,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        FROM sync_items WHERE article_id = NEW.id;
    END;
    CREATE TRIGGER sync_queue_starred AFTER UPDATE OF starred ON article_flags
    WHEN NEW.starred != OLD.starred AND (SELECT value FROM meta WHERE key = 'sync_quiet') = 0
    BEGIN
        INSERT INTO sync_queue (account_id, op, item_id, at)
        SELECT account_id, CASE WHEN NEW.starred THEN 'star' ELSE 'unstar' END, item_id,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        FROM sync_items WHERE article_id = NEW.id;
    END;
    CREATE TRIGGER sync_queue_rename AFTER UPDATE OF name ON feeds
    WHEN NEW.name != OLD.name AND (SELECT value FROM meta WHERE key = 'sync_quiet') = 0
    BEGIN
        INSERT INTO sync_queue (account_id, op, stream, value, at)
        SELECT account_id, 'rename', COALESCE(stream_id, 'feed/' || NEW.url), NEW.name,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        FROM sync_feeds WHERE feed_id = NEW.id;
    END;
    CREATE TRIGGER sync_queue_unsubscribe BEFORE DELETE ON feeds
    WHEN (SELECT value FROM meta WHERE key = 'sync_quiet') = 0
    BEGIN
        INSERT INTO sync_queue (account_id, op, stream, at)
        SELECT account_id, 'unsubscribe', COALESCE(stream_id, 'feed/' || OLD.url),
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        FROM sync_feeds WHERE feed_id = OLD.id;
    END;",
    // 14: each article's lead picture (an http or https URL, cleaned at ingest), which the reader
    // draws above the text where the terminal shows pictures. Not indexed: nothing searches it.
    "ALTER TABLE articles ADD COLUMN image TEXT;",
    // 15: feed items pruned (`keep`, `max_items`) that the feed still lists, by the key a fetch
    // knows them by (0 guid, 1 URL, 2 content hash) and their text's hash, so the next fetch does
    // not bring them back as new (one sent again with new text is new). `seen` is when it was
    // pruned or last listed; `missed` counts the fetches since that listed items but not it.
    "CREATE TABLE pruned_items (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        kind INTEGER NOT NULL,
        key BLOB NOT NULL,
        content_hash BLOB NOT NULL,
        seen INTEGER NOT NULL,
        missed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (feed_id, kind, key)
    ) WITHOUT ROWID;",
    // 16: the entities of the text fetched from an article's page, kept apart from the feed's
    // own (which a feed's update replaces while the page's text stays), NULL until it is tagged;
    // `reindex` finds the full texts still to tag by the index.
    "ALTER TABLE articles ADD COLUMN full_entities TEXT;
     CREATE INDEX articles_full_untagged ON articles(id)
         WHERE full_body IS NOT NULL AND full_entities IS NULL;",
    // 17: the title a feed gave itself when last fetched: a subscription named after it follows
    // the feed when it takes another title, one the user named does not (see
    // `Store::note_feed_title`). NULL until the next fetch of a feed subscribed before.
    "ALTER TABLE feeds ADD COLUMN feed_title TEXT;",
    // 18: a feed's address in its one spelling (`ingest::feed_address`: an older row may hold
    // another, an account's copy holds a fragment), so that a spelling is found by the index.
    // Filled for older rows by `fill_address_keys` (`after_migration`).
    "ALTER TABLE feeds ADD COLUMN address TEXT;
     CREATE INDEX feeds_by_address ON feeds(address);",
    // 19: the user named the subscription (`feed add --name`, `feed rename`): it keeps that name
    // whatever title the feed takes, even one the name happened to equal (see
    // `Store::note_feed_title`).
    "ALTER TABLE feeds ADD COLUMN own_name INTEGER NOT NULL DEFAULT 0;",
    // 20: subscribed by an `import-newsboat` that found no cache.db: a later import given the
    // cache brings this feed's history (see `Store::history_pending`).
    "ALTER TABLE feeds ADD COLUMN history_pending INTEGER NOT NULL DEFAULT 0;",
];

/// What a migration needs that SQL cannot do, run in its transaction after its SQL.
fn after_migration(conn: &Connection, version: usize) -> Result<(), StoreError> {
    match version {
        18 => super::feed_addresses::fill_address_keys(conn),
        _ => Ok(()),
    }
}

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
            // Feeds an older dateline added since (one that had the store open when it was
            // migrated) have no one spelling beside their address yet.
            super::feed_addresses::fill_address_keys(&tx)?;
            tx.commit()?;
            return Ok(());
        };
        tx.execute_batch(sql)?;
        after_migration(&tx, version as usize + 1)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// The schema version this binary writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings a new store only up to `version`, as an older dateline left it, for tests of upgrades.
#[cfg(test)]
pub(super) fn migrate_to(conn: &Connection, version: usize) -> Result<(), StoreError> {
    for (done, sql) in MIGRATIONS[..version].iter().enumerate() {
        conn.execute_batch(sql)?;
        after_migration(conn, done + 1)?;
    }
    conn.pragma_update(None, "user_version", version as i64)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_version_2_store_gains_feeds_and_keeps_its_articles() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO articles (title, source, guid, published, imported_at, content_hash, rev)
             VALUES ('Old', 'Wire', 'g1', 0, 0, x'00', 1)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let row: (Option<i64>, Option<String>, Option<String>) = conn
            .query_row(
                "SELECT feed_id, full_body, detached_from FROM articles WHERE guid = 'g1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(row, (None, None, None));
        let indexes: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'articles_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!indexes.contains(&"articles_guid".to_string()));
        assert!(indexes.contains(&"articles_feed_guid".to_string()));
        // The file-import lookup still runs on an index, not a scan of every article.
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT 1 FROM articles WHERE source = 'Wire' AND guid = 'g1'",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("articles_source_guid"), "{plan}");
    }

    #[test]
    fn a_version_9_store_keeps_its_flags_in_their_own_table() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, 9).unwrap();
        // Articles 1..=6: 1 and 2 read, 2 and 3 starred, 3 and 4 hidden (4 read too).
        for (n, read, starred, hidden) in [
            (1, 1, 0, 0),
            (2, 1, 1, 0),
            (3, 0, 1, 1),
            (4, 1, 0, 1),
            (5, 0, 0, 0),
            (6, 0, 0, 0),
        ] {
            conn.execute(
                "INSERT INTO articles (title, published, imported_at, content_hash, rev, read,
                     starred, hidden)
                 VALUES ('Old', ?1, 0, x'00', ?1, ?2, ?3, ?4)",
                [n, read, starred, hidden],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let flags: Vec<(i64, bool, bool, bool)> = conn
            .prepare("SELECT id, read, starred, hidden FROM article_flags ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            flags,
            [
                (1, true, false, false),
                (2, true, true, false),
                (3, false, true, true),
                (4, true, false, true),
                (5, false, false, false),
                (6, false, false, false),
            ]
        );
        // The old columns are out of reach of a query that still names them.
        let stale = conn.prepare("SELECT read FROM articles");
        assert!(stale.is_err(), "the frozen `read` column is still readable");
        let gone: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN
                    ('articles_unread', 'articles_starred', 'articles_hidden')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(gone, 0);
        // A new article starts with no flag set.
        conn.execute(
            "INSERT INTO articles (title, published, imported_at, content_hash, rev)
             VALUES ('New', 7, 0, x'01', 7)",
            [],
        )
        .unwrap();
        let new: (bool, bool, bool) = conn
            .query_row(
                "SELECT read, starred, hidden FROM article_flags WHERE id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(new, (false, false, false));
    }
}
