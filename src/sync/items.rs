//! The server's JSON read leniently: subscriptions, item id lists and items. An item that cannot
//! be read costs only itself; every text is cleaned and HTML made text like a feed's.

use serde_json::Value;

use crate::article::ArticleDraft;
use crate::ingest::html_text::{html_to_line, html_to_text};
use crate::ingest::links::{LinkList, parse_base, safe_url};
use crate::ingest::tidy_draft;
use crate::store::{ServerFeed, SyncedItem};

const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const ITEM_PREFIX: &str = "tag:google.com,2005:reader/item/";

/// An item id in any of the forms servers use: the long form (hex after the prefix), or
/// decimal. Ids are 64-bit; those past `i64::MAX` keep their bits.
pub fn parse_item_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_u64().map(|n| n as i64)),
        Value::String(s) => {
            let s = s.trim();
            match s.strip_prefix(ITEM_PREFIX) {
                Some(hex) => u64::from_str_radix(hex, 16).ok().map(|n| n as i64),
                None => s.parse::<u64>().ok().map(|n| n as i64),
            }
        }
        _ => None,
    }
}

/// The long form of an item id, which every server takes.
pub fn long_item_id(id: i64) -> String {
    format!("{ITEM_PREFIX}{:016x}", id as u64)
}

/// A number sent as a number or as digits.
fn number(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

/// Parses a JSON answer, naming what it answered when it is not JSON (cut short, say).
pub fn parse_json(body: &[u8], what: &'static str) -> Result<Value, super::SyncError> {
    serde_json::from_slice(body).map_err(|e| super::SyncError::BadAnswer {
        what,
        reason: e.to_string(),
    })
}

/// `subscription/list`: each subscription with its folders. One without an id is left out.
pub fn subscriptions(answer: &Value) -> Vec<ServerFeed> {
    let Some(list) = answer.get("subscriptions").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|sub| {
            let stream_id = text(sub.get("id"))?.trim().to_string();
            let url = text(sub.get("url"))
                .map(str::to_string)
                .or_else(|| stream_id.strip_prefix("feed/").map(str::to_string))
                .unwrap_or_default();
            let folders = sub
                .get("categories")
                .and_then(Value::as_array)
                .map(|cats| {
                    cats.iter()
                        .filter_map(|c| text(c.get("label")).map(html_to_line))
                        .collect()
                })
                .unwrap_or_default();
            Some(ServerFeed {
                title: text(sub.get("title")).map(html_to_line).unwrap_or_default(),
                url,
                site_url: text(sub.get("htmlUrl")).and_then(safe_url),
                folders,
                stream_id,
            })
        })
        .collect()
}

/// `stream/items/ids`: the ids of a page, and the continuation to the next page if any.
pub fn item_ids(answer: &Value) -> (Vec<i64>, Option<String>) {
    let ids = answer
        .get("itemRefs")
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.get("id").and_then(parse_item_id))
                .collect()
        })
        .unwrap_or_default();
    let next = answer
        .get("continuation")
        .and_then(|c| match c {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|c| !c.is_empty());
    (ids, next)
}

/// `stream/items/contents`: the items that could be read, and a reason for each that could not.
pub fn items(answer: &Value) -> (Vec<SyncedItem>, Vec<String>) {
    let mut read = Vec::new();
    let mut bad = Vec::new();
    for (n, item) in answer
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        match item_of(item) {
            Ok(item) => read.push(item),
            Err(reason) => bad.push(format!("item {}: {reason}", n + 1)),
        }
    }
    (read, bad)
}

fn item_of(item: &Value) -> Result<SyncedItem, &'static str> {
    let item_id = item.get("id").and_then(parse_item_id).ok_or("no id")?;
    let stream_id = text(item.get("origin").and_then(|o| o.get("streamId")))
        .ok_or("no origin")?
        .to_string();
    let categories: Vec<&str> = item
        .get("categories")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let href = |key: &str| {
        item.get(key)
            .and_then(Value::as_array)
            .and_then(|links| links.iter().find_map(|l| text(l.get("href"))))
            .and_then(safe_url)
    };
    let url = href("canonical").or_else(|| href("alternate"));
    let html = text(item.get("content").and_then(|c| c.get("content")))
        .or_else(|| text(item.get("summary").and_then(|c| c.get("content"))))
        .unwrap_or_default();
    let mut links = LinkList::new();
    let body = html_to_text(html, parse_base(url.as_deref()).as_ref(), &mut links);
    let crawled = number(item.get("crawlTimeMsec"))
        .map(|ms| ms / 1000)
        .or_else(|| number(item.get("timestampUsec")).map(|us| us / 1_000_000))
        .unwrap_or(0);
    let mut draft = ArticleDraft {
        title: text(item.get("title"))
            .map(html_to_line)
            .unwrap_or_default(),
        body,
        author: text(item.get("author")).unwrap_or_default().to_string(),
        url,
        guid: Some(long_item_id(item_id)),
        published: number(item.get("published"))
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0)),
        links: links.into_links(),
        ..ArticleDraft::default()
    };
    if !tidy_draft(&mut draft) {
        return Err("no title or text");
    }
    Ok(SyncedItem {
        item_id,
        stream_id,
        crawled,
        read: categories.contains(&READ),
        starred: categories.contains(&STARRED),
        draft,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_in_every_form_and_back() {
        let long = Value::String(format!("{ITEM_PREFIX}000661e752b16af9"));
        assert_eq!(parse_item_id(&long), Some(1_796_496_012_962_553));
        assert_eq!(
            parse_item_id(&Value::String("1796496012962553".into())),
            Some(1_796_496_012_962_553)
        );
        assert_eq!(
            long_item_id(1_796_496_012_962_553),
            format!("{ITEM_PREFIX}000661e752b16af9")
        );
        // Past i64::MAX the bits survive the round trip.
        let big = Value::String(format!("{ITEM_PREFIX}ffffffffffffffff"));
        assert_eq!(
            long_item_id(parse_item_id(&big).unwrap()),
            format!("{ITEM_PREFIX}ffffffffffffffff")
        );
    }

    #[test]
    fn a_bad_item_costs_only_itself_and_text_is_cleaned() {
        let answer: Value = serde_json::from_str(
            r#"{"items":[
              {"id":"1","origin":{"streamId":"feed/1"},"title":"Hi \u001b[31mthere",
               "summary":{"content":"<p>Body <script>x()</script>text</p>"},
               "categories":["user/-/state/com.google/read"],"published":1704103200},
              {"title":"no id"},
              {"id":"2","origin":{"streamId":"feed/1"},"title":" "}
            ]}"#,
        )
        .unwrap();
        let (items, bad) = items(&answer);
        assert_eq!(items.len(), 1);
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(items[0].draft.title, "Hi there");
        assert_eq!(items[0].draft.body, "Body text");
        assert!(items[0].read && !items[0].starred);
    }
}
