//! Bringing the server's side down: subscriptions with their folders, the ids of items crawled
//! since the last sync (continuation pages, never feed by feed), the contents of those not stored
//! yet (in batches, each stored as it comes), then the ids of every unread and every starred
//! item, which settle the state of everything stored.

use std::collections::HashSet;

use super::SyncError;
use super::client::Client;
use super::items::{self, long_item_id, parse_json};
use crate::library::Library;
use crate::store::{StateOutcome, SubscriptionOutcome};

/// Ids asked for in one page of `stream/items/ids`.
const IDS_PAGE: usize = 10_000;
/// Items asked for in one `stream/items/contents` request.
const CONTENTS_BATCH: usize = 250;

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";

/// What bringing items down did.
#[derive(Debug, Default, Clone)]
pub struct Pulled {
    pub new: usize,
    /// Listed by the server, then not in its answer (removed meanwhile), or from a feed not
    /// known here yet: asked for again next sync.
    pub missing: usize,
    /// Items that could not be read, one reason each.
    pub bad: Vec<String>,
    /// The crawl mark to ask from next time, when every item listed was stored.
    pub newest: Option<i64>,
}

pub fn subscriptions(
    library: &mut Library,
    client: &mut Client<'_>,
    account_id: i64,
) -> Result<SubscriptionOutcome, SyncError> {
    let body = client.get(
        "subscription/list",
        &[("output", "json")],
        "the subscription list",
    )?;
    let answer = parse_json(&body, "the subscription list")?;
    if answer.get("subscriptions").is_none() {
        return Err(SyncError::BadAnswer {
            what: "the subscription list",
            reason: "no subscriptions in it".into(),
        });
    }
    let feeds = items::subscriptions(&answer);
    Ok(library.apply_subscriptions(account_id, &feeds)?)
}

/// Every id in a stream, page after page.
pub fn all_ids(
    client: &mut Client<'_>,
    stream: &str,
    exclude: Option<&str>,
    since: Option<i64>,
    what: &'static str,
) -> Result<Vec<i64>, SyncError> {
    let page = IDS_PAGE.to_string();
    let since = since.map(|s| s.to_string());
    let mut ids = Vec::new();
    let mut continuation: Option<String> = None;
    loop {
        let mut query = vec![("s", stream), ("n", page.as_str()), ("output", "json")];
        if let Some(exclude) = exclude {
            query.push(("xt", exclude));
        }
        if let Some(since) = &since {
            query.push(("ot", since.as_str()));
        }
        if let Some(c) = &continuation {
            query.push(("c", c.as_str()));
        }
        let body = client.get("stream/items/ids", &query, what)?;
        let answer = parse_json(&body, what)?;
        if answer.get("itemRefs").is_none() && answer.get("continuation").is_none() {
            // An empty stream may leave out itemRefs; anything else is not the API's answer.
            if !answer.is_object() {
                return Err(SyncError::BadAnswer {
                    what,
                    reason: "not an id list".into(),
                });
            }
        }
        let (page_ids, next) = items::item_ids(&answer);
        let got = page_ids.len();
        ids.extend(page_ids);
        match next {
            Some(next) if got > 0 && continuation.as_deref() != Some(next.as_str()) => {
                continuation = Some(next);
            }
            _ => return Ok(ids),
        }
    }
}

/// New items since the account's crawl mark, stored batch by batch.
pub fn new_items(
    library: &mut Library,
    client: &mut Client<'_>,
    account_id: i64,
    newest_crawl: i64,
    mut progress: impl FnMut(usize, usize),
) -> Result<Pulled, SyncError> {
    // A second of overlap: ids already stored are skipped below.
    let since = (newest_crawl > 0).then(|| newest_crawl - 1);
    let listed = all_ids(client, READING_LIST, None, since, "the list of new items")?;
    let known = library.known_items(account_id, &listed)?;
    let mut wanted: Vec<i64> = Vec::new();
    let mut seen = HashSet::new();
    for id in listed {
        if !known.contains(&id) && seen.insert(id) {
            wanted.push(id);
        }
    }
    let mut pulled = Pulled {
        newest: Some(newest_crawl),
        ..Pulled::default()
    };
    let total = wanted.len();
    progress(0, total);
    let mut newest = newest_crawl;
    for (n, batch) in wanted.chunks(CONTENTS_BATCH).enumerate() {
        let ids: Vec<String> = batch.iter().map(|id| long_item_id(*id)).collect();
        let form: Vec<(&str, &str)> = ids.iter().map(|id| ("i", id.as_str())).collect();
        let body = client.post_read("stream/items/contents", &form, "a batch of items")?;
        let answer = parse_json(&body, "a batch of items")?;
        let (mut found, bad) = items::items(&answer);
        pulled.bad.extend(bad);
        let got: HashSet<i64> = found.iter().map(|i| i.item_id).collect();
        pulled.missing += batch.iter().filter(|id| !got.contains(id)).count();
        // Ask only for what was asked for: a server that sends more is not trusted with it.
        let asked: HashSet<i64> = batch.iter().copied().collect();
        found.retain(|item| asked.contains(&item.item_id));
        let outcome = library.store_synced_items(account_id, &mut found)?;
        pulled.new += outcome.inserted.len();
        pulled.missing += outcome.unknown_feed;
        newest = found.iter().map(|i| i.crawled).fold(newest, i64::max);
        progress(((n + 1) * CONTENTS_BATCH).min(total), total);
    }
    // Items that did not come are asked for again: the mark stays where it was. (One that came
    // and cannot be read would be as unreadable next time, and does not hold the mark back.)
    pulled.newest = (pulled.missing == 0).then_some(newest);
    Ok(pulled)
}

/// The server's read and starred state for everything stored.
pub fn state(
    library: &mut Library,
    client: &mut Client<'_>,
    account_id: i64,
) -> Result<StateOutcome, SyncError> {
    let unread: HashSet<i64> = all_ids(
        client,
        READING_LIST,
        Some(READ),
        None,
        "the list of unread items",
    )?
    .into_iter()
    .collect();
    let starred: HashSet<i64> = all_ids(client, STARRED, None, None, "the list of starred items")?
        .into_iter()
        .collect();
    Ok(library.apply_server_state(account_id, &unread, &starred)?)
}
