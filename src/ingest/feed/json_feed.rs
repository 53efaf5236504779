//! JSON Feed (1.0 and 1.1, and feeds that say `"version": "1.0"` or nothing useful) read field by
//! field: the document is cut into its members and items first (`json_pieces`), so a field of the
//! wrong shape or that is not JSON is left out, an item that is not an object or not JSON is refused
//! on its own (named by its `id` too, when that can be read), and a feed cut off halfway keeps the
//! items before the cut.

use serde_json::{Map, Value};

use super::item::{RawItem, unread_date};
use super::text::Text;
use super::{DocumentBreak, FeedParts, ItemProblem};
use crate::ingest::dates::{from_unix, parse_date};
use crate::ingest::json_item::describe;
use crate::ingest::json_pieces::{
    Overflowed, Piece, array_elements, object_members, opening, parse_piece,
};

/// Reads a JSON Feed document.
pub fn read_json_feed(text: &str) -> Result<FeedParts, String> {
    let whole = Piece::whole(text, 1);
    if opening(text) != Some(b'{') {
        return Err(match parse_piece(&whole) {
            Ok(value) => format!(
                "a JSON Feed is an object; this JSON is {}",
                describe(&value)
            ),
            Err(err) => err.to_string(),
        });
    }
    let members = object_members(&whole);
    // Every member but the items, each read on its own; as in serde_json, a later duplicate wins.
    let mut feed = Map::new();
    let mut items = None;
    for member in &members.found {
        if member.key == "items" {
            items = Some(&member.value);
        } else if let Ok(value) = parse_piece(&member.value) {
            feed.insert(member.key.clone(), value);
        }
    }
    let items = items.filter(|piece| piece.text != "null");
    let elements = match items {
        Some(piece) if opening(piece.text) == Some(b'[') => array_elements(piece),
        Some(piece) => {
            let got = parse_piece(piece)
                .map_or_else(|_| "what is not JSON".to_string(), |v| describe(&v));
            return Err(format!("field `items`: expected an array, got {got}"));
        }
        None if is_json_feed(&feed) => Default::default(),
        None => {
            return Err(match members.cut {
                Some(cut) => format!(
                    "the JSON breaks off at line {} ({}) before any item",
                    cut.line, cut.reason
                ),
                None => "this JSON is not a JSON Feed: it has no `items` list".to_string(),
            });
        }
    };
    let mut parts = FeedParts {
        title: string(&feed, "title").and_then(Text::plain),
        site_link: string(&feed, "home_page_url"),
        ..FeedParts::default()
    };
    for (index, piece) in elements.found.iter().enumerate() {
        let number = index + 1;
        let refused = |guid, reason| ItemProblem {
            number,
            line: Some(piece.line),
            guid,
            reason,
        };
        match parse_piece(piece) {
            Ok(Value::Object(item)) => {
                let overflowed = Overflowed::of(piece, &item);
                parts
                    .items
                    .push(read_json_item(&item, &overflowed, number, piece.line));
            }
            Ok(other) => parts.refused.push(refused(
                None,
                format!("expected an object, got {}", describe(&other)),
            )),
            Err(err) => parts
                .refused
                .push(refused(id_before_break(piece), err.to_string())),
        }
    }
    // Where the document stopped: inside an item (that item is refused), or between items.
    let cut_item = elements.cut.as_ref().is_some_and(|cut| cut.inside_value);
    let read = elements.found.len();
    let Some(cut) = elements.cut.or(members.cut) else {
        // Text after the feed's closing brace: the feed is whole, and what follows is said.
        if let Some((line, column)) = members.trailing {
            parts.broken = Some(DocumentBreak {
                line,
                reason: format!("text follows the feed's closing `}}` at column {column}"),
                language: "JSON",
            });
        }
        return Ok(parts);
    };
    if parts.items.is_empty() {
        return Err(format!(
            "the JSON breaks off at line {} ({}) before any item is complete",
            cut.line, cut.reason
        ));
    }
    if cut_item {
        parts.refused.push(ItemProblem {
            number: read + 1,
            line: Some(cut.line),
            guid: None,
            reason: "cut off: the document ends inside it".to_string(),
        });
    } else {
        parts.broken = Some(DocumentBreak {
            line: cut.line,
            reason: cut.reason,
            language: "JSON",
        });
    }
    Ok(parts)
}

/// A version naming jsonfeed.org, or the fields only a feed has.
fn is_json_feed(feed: &Map<String, Value>) -> bool {
    let version = feed.get("version").and_then(Value::as_str);
    version.is_some_and(|v| v.contains("jsonfeed"))
        || ["feed_url", "home_page_url"]
            .iter()
            .any(|name| feed.contains_key(*name))
}

/// One item; each field of the wrong type or an unreadable value is simply absent, and a date
/// that cannot be read is said (quoted as written when it is a number too large to read, which
/// the item holds as `null`).
fn read_json_item(
    item: &Map<String, Value>,
    overflowed: &Overflowed,
    number: usize,
    line: usize,
) -> RawItem {
    let content = string(item, "content_html")
        .and_then(Text::html)
        .or_else(|| string(item, "content_text").and_then(Text::plain));
    let fields = ["date_published", "date_modified"];
    let published = fields.iter().find_map(|name| date(item.get(*name)));
    let unread_date = fields
        .iter()
        .filter(|_| published.is_none())
        .find_map(|name| match item.get(*name)? {
            Value::Null => overflowed.get(name).map(|number| unread_date(name, number)),
            Value::String(text) if text.trim().is_empty() => None,
            Value::String(text) => Some(unread_date(name, text.trim())),
            other => Some(unread_date(name, &other.to_string())),
        });
    RawItem {
        number,
        line: Some(line),
        title: string(item, "title").and_then(Text::plain),
        summary: string(item, "summary").and_then(Text::plain),
        content,
        link: string(item, "url").or_else(|| string(item, "external_url")),
        guid: identifier(item.get("id")),
        published,
        unread_date,
        authors: authors(item),
        base: None,
        image: string(item, "image").or_else(|| string(item, "banner_image")),
    }
}

/// A string field, trimmed; `None` when absent, empty or not a string.
fn string(object: &Map<String, Value>, name: &str) -> Option<String> {
    let text = object.get(name)?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// An id given as a string or a number.
fn identifier(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(id) => Some(id.trim().to_string()).filter(|id| !id.is_empty()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// The `id` of an item that is not JSON, when it comes before where the item breaks.
fn id_before_break(piece: &Piece) -> Option<String> {
    let members = object_members(piece);
    let id = members
        .found
        .iter()
        .rev()
        .find(|member| member.key == "id")?;
    identifier(parse_piece(&id.value).ok().as_ref())
}

/// A date as text in any form `parse_date` reads, or a number of unix seconds or milliseconds.
fn date(value: Option<&Value>) -> Option<chrono::DateTime<chrono::Utc>> {
    match value? {
        Value::String(text) => parse_date(text),
        Value::Number(number) => number.as_f64().and_then(from_unix),
        _ => None,
    }
}

/// Names from 1.1's `authors` list or 1.0's `author`, each an object with a `name` or a plain string.
fn authors(item: &Map<String, Value>) -> Vec<String> {
    let name = |value: &Value| match value {
        Value::String(name) => Some(name.trim().to_string()),
        Value::Object(person) => string(person, "name"),
        _ => None,
    };
    let listed: Vec<String> = match item.get("authors") {
        Some(Value::Array(people)) => people.iter().filter_map(name).collect(),
        Some(single) => name(single).into_iter().collect(),
        None => Vec::new(),
    };
    let listed: Vec<String> = listed.into_iter().filter(|n| !n.is_empty()).collect();
    if !listed.is_empty() {
        return listed;
    }
    item.get("author")
        .and_then(name)
        .filter(|n| !n.is_empty())
        .into_iter()
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn odd_fields_cost_only_themselves() {
        let feed = r#"{"version": "1.0", "title": "J", "items": [
            {"id": 1, "title": "Author object", "author": {"name": "Ann"}, "date_published": ""},
            {"id": "2", "title": "Words", "date_published": "June 2, 2025", "authors": "Bo"},
            {"title": "Weekday", "date_published": "Tue, 02 Jun 2025 10:00:00 GMT"},
            {"title": "Millis", "date_published": 1748858400000, "content_text": 5},
            "not an item"
        ]}"#;
        let parts = read_json_feed(feed).unwrap();
        assert_eq!(parts.items.len(), 4);
        let first = &parts.items[0];
        assert_eq!(first.authors, ["Ann"]);
        assert_eq!(first.guid.as_deref(), Some("1"));
        assert_eq!(first.published, None);
        let dates: Vec<String> = parts.items[1..]
            .iter()
            .map(|i| i.published.unwrap().format("%Y-%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(
            dates,
            ["2025-06-02 00:00", "2025-06-02 10:00", "2025-06-02 10:00"]
        );
        assert_eq!(parts.items[1].authors, ["Bo"]);
        assert_eq!(parts.items[3].content, None);
        assert_eq!(parts.refused.len(), 1);
        assert_eq!(parts.refused[0].number, 5);
    }

    #[test]
    fn what_is_not_a_feed_says_so() {
        assert!(
            read_json_feed("{\"error\": \"nope\"}")
                .unwrap_err()
                .contains("no `items`")
        );
        assert!(read_json_feed("[1]").unwrap_err().contains("an array"));
        assert_eq!(
            read_json_feed("{\"items\": ").unwrap_err(),
            "the JSON breaks off at line 1 (expected a value after `:`) before any item"
        );
        assert_eq!(
            read_json_feed("nope").unwrap_err(),
            "invalid JSON: expected ident at line 1 column 2"
        );
        let empty = read_json_feed("{\"version\": \"https://jsonfeed.org/version/1.1\"}").unwrap();
        assert!(empty.items.is_empty());
    }
}
