//! Sync accounts and their queue of changes waiting to go to the server.
//!
//! The queue is filled by triggers (see migration 10 in `schema.rs`) in the same transaction as
//! the change itself, so a change made here is never lost between being made and being sent.
//! The login token is kept in the account's row so the server is not asked for one at every
//! sync; it never leaves the store through [`Account`] (which is what lists and JSON show).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::articles::to_time;
use super::feed_names::{default_feed_name, free_name};
use super::feeds::insert_feed;
use super::{Store, StoreError};
use crate::ingest::sanitize::clean_line;

/// One account on a sync server. It carries no password and no token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    /// Unique, ignoring case: what `account remove NAME` goes by.
    pub name: String,
    /// The protocol: `greader` (the Google Reader API).
    pub kind: String,
    /// The API's address, e.g. `https://rss.example.org/api/greader.php`.
    pub url: String,
    pub user: String,
    /// Run to get the password, when set for this account (else the config's).
    pub password_command: Option<String>,
    /// Time of the last sync that finished without an error.
    pub last_sync: Option<DateTime<Utc>>,
    /// Time of the last sync tried, whether it went well or not.
    pub last_attempt: Option<DateTime<Utc>>,
    /// Why the last sync tried failed, if it did.
    pub last_error: Option<String>,
    /// Changes made here and not yet sent.
    pub queued: i64,
    /// Server crawl time (seconds) of the newest item stored: the next sync asks from there.
    #[serde(skip)]
    pub newest_crawl: i64,
}

/// What a queued change asks of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueOp {
    Read,
    Unread,
    Star,
    Unstar,
    Subscribe,
    Unsubscribe,
    Rename,
    /// Put a feed in a folder (`value`).
    Label,
    /// Take a feed out of a folder (`value`).
    Unlabel,
}

impl QueueOp {
    fn parse(text: &str) -> Option<QueueOp> {
        Some(match text {
            "read" => QueueOp::Read,
            "unread" => QueueOp::Unread,
            "star" => QueueOp::Star,
            "unstar" => QueueOp::Unstar,
            "subscribe" => QueueOp::Subscribe,
            "unsubscribe" => QueueOp::Unsubscribe,
            "rename" => QueueOp::Rename,
            "label" => QueueOp::Label,
            "unlabel" => QueueOp::Unlabel,
            _ => return None,
        })
    }
}

/// One change waiting to be sent, in the order it was made (`seq`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedChange {
    pub seq: i64,
    pub op: QueueOp,
    /// The server's item id, for read and starred changes.
    pub item_id: Option<i64>,
    /// The server's stream id (`feed/…`), for subscription changes.
    pub stream: Option<String>,
    /// The new name, for a rename or a subscription; the folder for a subscription is in `folder`.
    pub value: Option<String>,
    /// When it was made here (milliseconds since 1970).
    pub at: i64,
}

const ACCOUNT_COLUMNS: &str = "id, name, kind, url, user, password_command, newest_crawl,
    last_sync, last_attempt, last_error,
    (SELECT COUNT(*) FROM sync_queue q WHERE q.account_id = accounts.id)";

fn read_account(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        url: row.get(3)?,
        user: row.get(4)?,
        password_command: row.get(5)?,
        newest_crawl: row.get(6)?,
        last_sync: row.get::<_, Option<i64>>(7)?.map(to_time),
        last_attempt: row.get::<_, Option<i64>>(8)?.map(to_time),
        last_error: row.get(9)?,
        queued: row.get(10)?,
    })
}

impl Store {
    /// Adds an account (every text cleaned). The name must be free (ignoring case).
    pub fn add_account(
        &mut self,
        name: &str,
        kind: &str,
        url: &str,
        user: &str,
        password_command: Option<&str>,
    ) -> Result<Account, StoreError> {
        let name = clean_line(name);
        if name.is_empty() {
            return Err(StoreError::BlankAccountName);
        }
        if self.account(&name)?.is_some() {
            return Err(StoreError::AccountNameTaken(name));
        }
        self.conn.execute(
            "INSERT INTO accounts (name, kind, url, user, password_command, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                name,
                clean_line(kind),
                clean_line(url),
                clean_line(user),
                password_command.map(str::trim),
                Utc::now().timestamp()
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        self.account_by_id(id)?
            .ok_or(StoreError::NoSuchAccount(name))
    }

    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], read_account)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The account with this name (ignoring case).
    pub fn account(&self, name: &str) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE name = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([name.trim()], read_account)
            .optional()?)
    }

    pub fn account_by_id(&self, id: i64) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], read_account)
            .optional()?)
    }

    /// Removes an account and its queue; its feeds stay as plain subscriptions and its articles
    /// stay with their state. Returns how many queued changes were dropped.
    pub fn remove_account(&mut self, id: i64) -> Result<i64, StoreError> {
        let tx = self.write()?;
        let queued: i64 = tx.query_row(
            "SELECT COUNT(*) FROM sync_queue WHERE account_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        // The account's feeds stay as plain subscriptions. Their articles lose the guids the server
        // made up, so the feeds' own items find them by URL (see feed_items::find) rather than
        // being stored a second time on the next refresh.
        tx.execute(
            "UPDATE articles SET guid = NULL
             WHERE id IN (SELECT article_id FROM sync_items WHERE account_id = ?1)",
            [id],
        )?;
        if tx.execute("DELETE FROM accounts WHERE id = ?1", [id])? == 0 {
            return Err(StoreError::NoSuchAccount(id.to_string()));
        }
        tx.commit()?;
        Ok(queued)
    }

    /// The login token kept for an account, if any.
    pub fn account_token(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT token FROM accounts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// Keeps (or with `None` forgets) an account's login token.
    pub fn set_account_token(&mut self, id: i64, token: Option<&str>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE accounts SET token = ?1 WHERE id = ?2",
            params![token, id],
        )?;
        Ok(())
    }

    /// Records how a sync went: `error` is `None` for a good one, which also moves the account's
    /// crawl mark to `newest_crawl` (when given).
    pub fn record_sync(
        &mut self,
        id: i64,
        when: DateTime<Utc>,
        error: Option<&str>,
        newest_crawl: Option<i64>,
    ) -> Result<(), StoreError> {
        match error {
            Some(error) => self.conn.execute(
                "UPDATE accounts SET last_attempt = ?1, last_error = ?2 WHERE id = ?3",
                params![when.timestamp(), clean_line(error), id],
            )?,
            None => self.conn.execute(
                "UPDATE accounts SET last_attempt = ?1, last_sync = ?1, last_error = NULL,
                    newest_crawl = MAX(newest_crawl, COALESCE(?2, newest_crawl))
                 WHERE id = ?3",
                params![when.timestamp(), newest_crawl, id],
            )?,
        };
        Ok(())
    }

    /// The changes waiting for an account, oldest first. A row this dateline cannot read (made
    /// by a newer one) is left out rather than failing the sync.
    pub fn queued_changes(&self, account_id: i64) -> Result<Vec<QueuedChange>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, op, item_id, stream, value, at FROM sync_queue
             WHERE account_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        let mut changes = Vec::new();
        for row in rows {
            let (seq, op, item_id, stream, value, at) = row?;
            if let Some(op) = QueueOp::parse(&op) {
                changes.push(QueuedChange {
                    seq,
                    op,
                    item_id,
                    stream,
                    value,
                    at,
                });
            }
        }
        Ok(changes)
    }

    /// How many changes wait to be sent, over every account.
    pub fn queued_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM sync_queue", [], |r| r.get(0))?)
    }

    /// Forgets changes the server has taken.
    pub fn dequeue(&mut self, seqs: &[i64]) -> Result<(), StoreError> {
        let tx = self.write()?;
        {
            let mut stmt = tx.prepare_cached("DELETE FROM sync_queue WHERE seq = ?1")?;
            for seq in seqs {
                stmt.execute([seq])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Subscribes to `url` through an account: the feed is added here, tied to the account, and
    /// a subscription is queued for the server, in one transaction.
    pub fn add_account_feed(
        &mut self,
        account_id: i64,
        url: &str,
        name: Option<&str>,
        tags: &[String],
    ) -> Result<i64, StoreError> {
        let tx = self.write()?;
        // Unnamed, it is named after its host here until the server, which fetches it, gives
        // its title at the next sync; the server is not told a name, so it keeps that title.
        let local_name = match name {
            Some(name) => name.to_string(),
            None => free_name(&tx, &default_feed_name(None, url))?,
        };
        let id = insert_feed(&tx, url, &local_name, None, tags)?;
        tx.execute(
            "INSERT INTO sync_feeds (feed_id, account_id, stream_id) VALUES (?1, ?2, NULL)",
            params![id, account_id],
        )?;
        let (url, stored_name): (String, String) =
            tx.query_row("SELECT url, name FROM feeds WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let name = name.map(|_| stored_name);
        tx.execute(
            "INSERT INTO sync_queue (account_id, op, stream, value, at)
             VALUES (?1, 'subscribe', ?2, ?3, ?4)",
            params![
                account_id,
                format!("feed/{url}"),
                name,
                Utc::now().timestamp_millis()
            ],
        )?;
        let tags: Vec<String> =
            tx.query_row("SELECT tags FROM feeds WHERE id = ?1", [id], |r| {
                Ok(serde_json::from_str(&r.get::<_, String>(0)?).unwrap_or_default())
            })?;
        super::folders::queue_folders(&tx, id, &[], &tags)?;
        tx.commit()?;
        Ok(id)
    }

    /// The account a feed belongs to, if any.
    pub fn feed_account(&self, feed_id: i64) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT account_id FROM sync_feeds WHERE feed_id = ?1")?
            .query_row([feed_id], |r| r.get(0))
            .optional()?)
    }

    /// Every feed that belongs to an account: a refresh leaves them to the sync.
    pub fn account_feed_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT feed_id FROM sync_feeds")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether an article came from a sync account.
    pub fn is_synced_article(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sync_items WHERE article_id = ?1")?
            .exists([id])?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "accounts_tests.rs"]
mod tests;
