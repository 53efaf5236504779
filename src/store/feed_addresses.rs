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
/// name.
pub(super) fn feed_at(
    conn: &Connection,
    address: &str,
    except: i64,
) -> Result<Option<(i64, String)>, StoreError> {
    let exact = feed_at_exactly(conn, address, except)?;
    if exact.is_some() {
        return Ok(exact);
    }
    // Only an older row can spell it otherwise; a store has hundreds of feeds, not millions.
    let mut stmt =
        conn.prepare_cached("SELECT id, name, url FROM feeds WHERE id != ?1 ORDER BY id")?;
    let rows = stmt.query_map([except], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, name, url) = row?;
        if spells(&url, address) {
            return Ok(Some((id, name)));
        }
    }
    Ok(None)
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
