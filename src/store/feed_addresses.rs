//! Finding a subscription by its address in whatever spelling the store holds it. Addresses are
//! written in one spelling (`ingest::feed_address`), but a store from before that may hold other
//! spellings, even two subscriptions to one feed: those are kept as they are (merging them would
//! decide for the user which name, tags and articles win), and each still counts as that address,
//! so no new subscription can join them.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::ingest::feed_address;

/// Whether a stored address is `address` (written by `feed_address`): the same, or another
/// spelling of it. An account's own copy of a feed another account has carries the server's
/// stream id as its fragment (see `synced.rs`), so it counts as the feed's address too.
fn spells(stored: &str, address: &str) -> bool {
    stored == address || feed_address(stored) == address
}

/// The feed (other than `except`) whose address is `address` exactly, with its name.
pub(super) fn feed_at_exactly(
    conn: &Connection,
    address: &str,
    except: i64,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT id, name FROM feeds WHERE url = ?1 AND id != ?2 ORDER BY id")?
        .query_row(params![address, except], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The first subscription (by id) other than `except` at `address` in any spelling: its id and
/// name. Each row keeps its address's one spelling beside it (`address`, migration 18), so this
/// is two index lookups: subscribing a list of thousands looked through every row for each.
pub(super) fn feed_at(
    conn: &Connection,
    address: &str,
    except: i64,
) -> Result<Option<(i64, String)>, StoreError> {
    let exact = feed_at_exactly(conn, address, except)?;
    if exact.is_some() {
        return Ok(exact);
    }
    Ok(conn
        .prepare_cached("SELECT id, name FROM feeds WHERE address = ?1 AND id != ?2 ORDER BY id")?
        .query_row(params![address, except], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The one spelling stored beside a feed's address: what `feed_at` looks a spelling up by. A
/// change to `feed_address` needs a migration that sets `feeds.address` to NULL, so that
/// `fill_address_keys` spells every row again.
pub(super) fn address_key(url: &str) -> String {
    feed_address(url)
}

/// Writes the one spelling beside the address of every feed that has none yet: the rows of a
/// store from before migration 18, which SQL alone cannot spell, and any an older dateline added
/// since. Run at every open; with none to fill it is one index lookup.
pub(super) fn fill_address_keys(conn: &Connection) -> Result<(), StoreError> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, url FROM feeds WHERE address IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = conn.prepare("UPDATE feeds SET address = ?1 WHERE id = ?2")?;
    for (id, url) in rows {
        update.execute(params![address_key(&url), id])?;
    }
    Ok(())
}

/// The spellings of `address` that removed subscriptions left on their articles
/// (`detached_from`), so that subscribing to it again takes them back however it was written.
pub(super) fn detached_spellings(
    conn: &Connection,
    address: &str,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT detached_from FROM articles WHERE detached_from IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut found = Vec::new();
    for row in rows {
        let stored = row?;
        if spells(&stored, address) {
            found.push(stored);
        }
    }
    Ok(found)
}
