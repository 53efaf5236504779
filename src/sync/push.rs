//! Sending the queue: subscription changes one by one in the order made, then read and starred
//! changes in batches. Each change leaves the queue only once the server has said OK to it, so a
//! sync cut short sends the rest next time.
//!
//! Several changes to the same flag of one item collapse to the last (what sending them all in
//! order would leave on the server), so marking and unmarking costs nothing.

use std::collections::{BTreeMap, HashMap};

use super::SyncError;
use super::client::Client;
use super::items::long_item_id;
use crate::library::Library;
use crate::store::{QueueOp, QueuedChange};

/// Items in one `edit-tag` request.
pub const EDIT_BATCH: usize = 250;

const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";

fn ok(body: &[u8], what: &'static str) -> Result<(), SyncError> {
    let answer = String::from_utf8_lossy(body);
    if answer.trim() == "OK" {
        Ok(())
    } else {
        Err(SyncError::Refused {
            what,
            answer: answer.chars().take(80).collect(),
        })
    }
}

/// Sends every queued change of the account; returns how many changes left the queue.
pub fn push(
    library: &mut Library,
    client: &mut Client<'_>,
    account_id: i64,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize, SyncError> {
    let changes = library.queued_changes(account_id)?;
    if changes.is_empty() {
        return Ok(0);
    }
    let total = changes.len();
    let mut sent = 0;
    let (subscriptions, flags): (Vec<QueuedChange>, Vec<QueuedChange>) =
        changes.into_iter().partition(|c| {
            matches!(
                c.op,
                QueueOp::Subscribe
                    | QueueOp::Unsubscribe
                    | QueueOp::Rename
                    | QueueOp::Label
                    | QueueOp::Unlabel
            )
        });
    for change in subscriptions {
        send_subscription(client, &change)?;
        library.dequeue(&[change.seq])?;
        sent += 1;
        progress(sent, total);
    }
    // The last change to each (item, flag), with every queued change it stands for.
    let mut last: HashMap<(i64, bool), (QueueOp, Vec<i64>)> = HashMap::new();
    let mut unmatched = Vec::new();
    for change in flags {
        let Some(item) = change.item_id else {
            unmatched.push(change.seq);
            continue;
        };
        let is_read = matches!(change.op, QueueOp::Read | QueueOp::Unread);
        let entry = last
            .entry((item, is_read))
            .or_insert((change.op, Vec::new()));
        entry.0 = change.op;
        entry.1.push(change.seq);
    }
    if !unmatched.is_empty() {
        library.dequeue(&unmatched)?;
        sent += unmatched.len();
    }
    let mut by_op: BTreeMap<u8, Vec<(i64, Vec<i64>)>> = BTreeMap::new();
    for ((item, _), (op, seqs)) in last {
        let key = match op {
            QueueOp::Read => 0,
            QueueOp::Unread => 1,
            QueueOp::Star => 2,
            _ => 3,
        };
        by_op.entry(key).or_default().push((item, seqs));
    }
    for (key, mut items) in by_op {
        items.sort_by_key(|(_, seqs)| seqs.first().copied());
        let (field, tag) = match key {
            0 => ("a", READ),
            1 => ("r", READ),
            2 => ("a", STARRED),
            _ => ("r", STARRED),
        };
        for batch in items.chunks(EDIT_BATCH) {
            let ids: Vec<String> = batch.iter().map(|(item, _)| long_item_id(*item)).collect();
            let mut form: Vec<(&str, &str)> = ids.iter().map(|id| ("i", id.as_str())).collect();
            form.push((field, tag));
            let body = client.post("edit-tag", &form, "a batch of read and starred changes")?;
            ok(&body, "a batch of read and starred changes")?;
            let seqs: Vec<i64> = batch.iter().flat_map(|(_, s)| s.iter().copied()).collect();
            library.dequeue(&seqs)?;
            sent += seqs.len();
            progress(sent, total);
        }
    }
    Ok(sent)
}

fn send_subscription(client: &mut Client<'_>, change: &QueuedChange) -> Result<(), SyncError> {
    let stream = change.stream.as_deref().unwrap_or_default();
    let title = change.value.as_deref().unwrap_or_default();
    let folder = format!("user/-/label/{title}");
    let (action, what) = match change.op {
        QueueOp::Subscribe => ("subscribe", "a subscription"),
        QueueOp::Unsubscribe => ("unsubscribe", "an unsubscription"),
        QueueOp::Label | QueueOp::Unlabel => ("edit", "a folder change"),
        _ => ("edit", "a rename"),
    };
    let mut form = vec![("ac", action), ("s", stream)];
    match change.op {
        QueueOp::Label => form.push(("a", &folder)),
        QueueOp::Unlabel => form.push(("r", &folder)),
        QueueOp::Unsubscribe => {}
        _ if !title.is_empty() => form.push(("t", title)),
        _ => {}
    }
    let body = client.post("subscription/edit", &form, what)?;
    ok(&body, what)
}
