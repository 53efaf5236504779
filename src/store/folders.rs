//! Folder changes of a sync account's feeds, queued for the server in the same transaction as the
//! change of the feed's tags here (a feed's tags are its folders on the server).

use chrono::Utc;
use rusqlite::params;

use super::StoreError;

/// Queues the folder changes of a feed that belongs to an account, from its tags before and after
/// a change made here (the sync's own changes come with `sync_quiet` set and are not sent back).
pub(super) fn queue_folders(
    tx: &rusqlite::Connection,
    feed_id: i64,
    before: &[String],
    after: &[String],
) -> Result<(), StoreError> {
    let quiet: i64 = tx.query_row("SELECT value FROM meta WHERE key = 'sync_quiet'", [], |r| {
        r.get(0)
    })?;
    if quiet != 0 {
        return Ok(());
    }
    let removed = before
        .iter()
        .filter(|t| !after.contains(t))
        .map(|t| ("unlabel", t));
    let added = after
        .iter()
        .filter(|t| !before.contains(t))
        .map(|t| ("label", t));
    let mut insert = tx.prepare_cached(
        "INSERT INTO sync_queue (account_id, op, stream, value, at)
         SELECT s.account_id, ?2, COALESCE(s.stream_id, 'feed/' || f.url), ?3, ?4
         FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id WHERE s.feed_id = ?1",
    )?;
    let at = Utc::now().timestamp_millis();
    for (op, folder) in removed.chain(added) {
        insert.execute(params![feed_id, op, folder, at])?;
    }
    Ok(())
}
