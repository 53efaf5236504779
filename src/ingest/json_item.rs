//! One JSON object to one article draft.
//!
//! Field names (the first alias present wins; unknown fields are ignored; `null` counts as absent):
//!
//! | field        | aliases                                                | value                                              |
//! |--------------|--------------------------------------------------------|----------------------------------------------------|
//! | `title`      |                                                        | string                                             |
//! | `standfirst` | `subtitle`, `summary`, `description`, `dek`            | string                                             |
//! | `body`       | `text`, `content`                                      | string, plain text                                 |
//! | `body_html`  | `content_html`                                         | string, HTML (used when there is no `body`)        |
//! | `source`     | `site`, `feed`, `publisher`                            | string                                             |
//! | `author`     | `byline`                                               | string, an object with a `name`, or an array of those joined by ", " |
//! | `url`        | `link`                                                 | string                                             |
//! | `guid`       | `id`                                                   | string or number                                   |
//! | `published`  | `date`, `published_at`, `pubDate`, `datePublished`     | RFC 3339, RFC 2822 (a wrong weekday or a zone name too), `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (UTC), `June 2, 2025`, or unix seconds or milliseconds as a number or digits; an empty string counts as absent |
//!
//! A field whose value cannot be read (a number for a title, a date in no known form) is left out
//! and said; the item is kept. An item needs a title or a body; without a title, the body's first
//! sentence (up to 100 characters) becomes one. A wire dateline at the start of the body (`DUBAI, February 2. /TASS/.`) is read as in
//! wire copy.

use serde_json::{Map, Value};

use super::Origin;
use super::dates::{from_unix, parse_date};
use super::html_text::html_to_text;
use super::json_pieces::Overflowed;
use super::links::{LinkList, parse_base};
use super::paragraphs::{paragraphs_from_lines, title_from_text};
use super::sanitize::quoted;
use super::wire::apply_dateline;
use crate::article::ArticleDraft;

/// A draft made from one JSON item, and why each field left out of it was.
#[derive(Debug)]
pub struct Drafted {
    pub draft: ArticleDraft,
    /// One line per field whose value could not be read (`field `date`: expected a date, ...`).
    pub left_out: Vec<String>,
}

/// Builds a draft from one JSON item, whose numbers too large to read are `overflowed`. A field
/// that cannot be read costs only itself; the error (not an object, or neither title nor body
/// left) names what is wrong.
pub(crate) fn draft_from_value(
    value: &Value,
    origin: &Origin,
    overflowed: &Overflowed,
) -> Result<Drafted, String> {
    let Value::Object(item) = value else {
        return Err(format!("expected an object, got {}", describe(value)));
    };
    let mut left_out = Vec::new();
    let mut keep = |field: Result<Option<String>, String>| {
        field.unwrap_or_else(|reason| {
            left_out.push(reason);
            None
        })
    };
    let title = keep(string_field(item, &["title"]));
    let standfirst = keep(string_field(
        item,
        &["standfirst", "subtitle", "summary", "description", "dek"],
    ));
    let source = keep(string_field(item, &["source", "site", "feed", "publisher"]));
    let author = keep(author_field(item));
    let url = keep(string_field(item, &["url", "link"]));
    let guid = keep(guid_field(item));
    let body = keep(string_field(item, &["body", "text", "content"]));
    let body_html = keep(string_field(item, &["body_html", "content_html"]));
    let published = published_field(item, overflowed).unwrap_or_else(|reason| {
        left_out.push(reason);
        None
    });
    let mut draft = ArticleDraft {
        title: title.unwrap_or_default(),
        standfirst: standfirst.unwrap_or_default(),
        source: source.unwrap_or_default(),
        author: author.unwrap_or_default(),
        url,
        guid,
        published,
        // A picture is never worth a word: one of the wrong type is simply left out.
        image: string_field(item, &["image", "image_url"]).ok().flatten(),
        ..ArticleDraft::default()
    };
    if let Some(body) = body {
        let lines: Vec<&str> = body.lines().collect();
        draft.body = paragraphs_from_lines(&lines);
    } else if let Some(html) = body_html {
        let base = parse_base(draft.url.as_deref());
        let mut links = LinkList::new();
        draft.body = html_to_text(&html, base.as_ref(), &mut links);
        draft.links = links.into_links();
    }
    if draft.title.trim().is_empty() && draft.body.trim().is_empty() {
        // What was left out may be why.
        return Err(match left_out.first() {
            Some(reason) => format!("an item needs a `title` or a `body` ({reason})"),
            None => "an item needs a `title` or a `body`".to_string(),
        });
    }
    let story_start = apply_dateline(&mut draft, origin).unwrap_or(0);
    if draft.title.trim().is_empty() {
        draft.title = title_from_text(draft.body.get(story_start..).unwrap_or(""));
    }
    Ok(Drafted { draft, left_out })
}

/// The first of `names` that is present, as a string.
fn string_field(
    item: &Map<String, Value>,
    names: &[&'static str],
) -> Result<Option<String>, String> {
    let Some((name, value)) = first_present(item, names) else {
        return Ok(None);
    };
    match value {
        Value::String(text) => Ok(Some(text.clone())),
        other => Err(format!(
            "field `{name}`: expected a string, got {}",
            describe(other)
        )),
    }
}

fn author_field(item: &Map<String, Value>) -> Result<Option<String>, String> {
    let Some((name, value)) = first_present(item, &["author", "byline"]) else {
        return Ok(None);
    };
    let expected = || {
        format!(
            "field `{name}`: expected a string, an object with a `name`, or an array of those, got {}",
            describe(value)
        )
    };
    match value {
        Value::Array(people) => {
            let names: Option<Vec<String>> = people.iter().map(person_name).collect();
            names
                .map(|names| Some(names.join(", ")))
                .ok_or_else(expected)
        }
        single => person_name(single).map(Some).ok_or_else(expected),
    }
}

/// A person given as a name, or as an object with a `name` (as JSON Feed writes authors).
fn person_name(value: &Value) -> Option<String> {
    match value {
        Value::String(name) => Some(name.clone()),
        Value::Object(person) => person.get("name")?.as_str().map(str::to_string),
        _ => None,
    }
}

fn guid_field(item: &Map<String, Value>) -> Result<Option<String>, String> {
    let Some((name, value)) = first_present(item, &["guid", "id"]) else {
        return Ok(None);
    };
    match value {
        Value::String(text) => Ok(Some(text.clone())),
        Value::Number(number) => Ok(Some(number.to_string())),
        other => Err(format!(
            "field `{name}`: expected a string or a number, got {}",
            describe(other)
        )),
    }
}

fn published_field(
    item: &Map<String, Value>,
    overflowed: &Overflowed,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
    let names = [
        "published",
        "date",
        "published_at",
        "pubDate",
        "datePublished",
    ];
    // A number too large to read is `null` in the item, but it was written: the field is there.
    let present = names.iter().find_map(|&name| match item.get(name)? {
        Value::Null => overflowed.get(name).map(|number| (name, Err(number))),
        value => Some((name, Ok(value))),
    });
    let Some((name, value)) = present else {
        return Ok(None);
    };
    let value = value.map_err(|number| {
        format!(
            "field `{name}`: expected a date, got a number too large to read ({})",
            quoted(number)
        )
    })?;
    let parsed = match value {
        Value::String(text) if text.trim().is_empty() => return Ok(None),
        Value::String(text) => parse_date(text),
        Value::Number(number) => number.as_f64().and_then(from_unix),
        _ => None,
    };
    parsed
        .map(Some)
        .ok_or_else(|| format!("field `{name}`: expected a date, got {}", describe(value)))
}

/// The first of `names` in the item whose value is not `null`.
fn first_present<'i>(
    item: &'i Map<String, Value>,
    names: &[&'static str],
) -> Option<(&'static str, &'i Value)> {
    names
        .iter()
        .find_map(|&name| item.get(name).filter(|v| !v.is_null()).map(|v| (name, v)))
}

/// A JSON value described for a message: its type, and a short quote of strings and numbers.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("a boolean ({b})"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => quoted(s),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn origin() -> Origin {
        Origin {
            name: "items.json".into(),
            modified: None,
        }
    }

    /// An item read as one without numbers too large to read.
    fn read(item: &Value) -> Result<Drafted, String> {
        draft_from_value(item, &origin(), &Overflowed::default())
    }

    #[test]
    fn aliases_are_read() {
        let item = json!({
            "title": "Bridge reopens",
            "dek": "Repairs took a year",
            "text": "First line.\nSecond line.",
            "publisher": "Valley News",
            "byline": ["A. Smith", "B. Jones"],
            "link": "https://valley.example/bridge",
            "id": 42,
            "pubDate": "Tue, 02 Apr 2024 08:00:00 +0000",
            "unknown": {"ignored": true}
        });
        let draft = read(&item).unwrap().draft;
        assert_eq!(draft.standfirst, "Repairs took a year");
        assert_eq!(draft.body, "First line.\n\nSecond line.");
        assert_eq!(draft.source, "Valley News");
        assert_eq!(draft.author, "A. Smith, B. Jones");
        assert_eq!(draft.url.as_deref(), Some("https://valley.example/bridge"));
        assert_eq!(draft.guid.as_deref(), Some("42"));
        assert!(draft.published.is_some());
    }

    #[test]
    fn authors_as_objects_and_dates_as_feeds_write_them_are_read() {
        let item = json!({
            "title": "T",
            "author": [{"name": "Ann Lee", "url": "https://a.example"}, "Bo Ek"],
            "published": "Tue, 02 Jun 2025 10:00:00 GMT"
        });
        let draft = read(&item).unwrap().draft;
        assert_eq!(draft.author, "Ann Lee, Bo Ek");
        assert_eq!(
            draft.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2025-06-02T10:00:00+00:00")
        );
        let single = json!({"title": "T", "author": {"name": "Cy"}, "published": ""});
        let draft = read(&single).unwrap().draft;
        assert_eq!((draft.author.as_str(), draft.published), ("Cy", None));
        for published in [
            json!("June 2, 2025"),
            json!(1748822400000_i64),
            json!("1748822400000"),
        ] {
            let item = json!({"title": "T", "published": published});
            let draft = read(&item).unwrap().draft;
            assert_eq!(
                draft
                    .published
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .as_deref(),
                Some("2025-06-02"),
                "{published}"
            );
        }
    }

    #[test]
    fn a_field_that_cannot_be_read_costs_only_itself_and_is_named() {
        let kept = read(&json!({"title": 5, "body": "Rain fell."})).unwrap();
        assert_eq!(
            kept.draft.title, "Rain fell.",
            "the body's sentence stands in"
        );
        assert_eq!(
            kept.left_out,
            ["field `title`: expected a string, got a number (5)"]
        );
        let item = json!({"title": "t", "date": "soon", "guid": [1], "author": "Ann"});
        let kept = read(&item).unwrap();
        assert_eq!(kept.draft.title, "t");
        assert_eq!(kept.draft.author, "Ann");
        assert_eq!((kept.draft.published, kept.draft.guid), (None, None));
        assert_eq!(
            kept.left_out,
            [
                "field `guid`: expected a string or a number, got an array",
                "field `date`: expected a date, got \"soon\"",
            ]
        );
        // With nothing readable left, the item fails, saying what was left out.
        let error = read(&json!({"title": ["x"]})).unwrap_err();
        assert_eq!(
            error,
            "an item needs a `title` or a `body` (field `title`: expected a string, got an array)"
        );
    }

    #[test]
    fn unix_seconds_and_html_body() {
        let item = json!({
            "title": "T",
            "published": 1712044800,
            "url": "https://site.example/a/b",
            "content_html": "<p>See <a href=\"c\">this</a>.</p><script>bad()</script>"
        });
        let draft = read(&item).unwrap().draft;
        assert_eq!(
            draft.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-04-02T08:00:00+00:00")
        );
        assert_eq!(draft.body, "See this[1].");
        assert_eq!(draft.links[0].url, "https://site.example/a/c");
    }

    #[test]
    fn title_comes_from_the_body_after_its_dateline() {
        let item = json!({"body": "LIMA, May 3 (Reuters) - Fishing boats stayed in port. Storms continue."});
        let draft = read(&item).unwrap().draft;
        assert_eq!(draft.title, "Fishing boats stayed in port.");
        assert_eq!(draft.source, "Reuters");
        assert_eq!(draft.dateline.unwrap().place, "LIMA");
    }

    #[test]
    fn an_item_needs_a_title_or_body() {
        assert!(read(&json!({"url": "https://x.example"})).is_err());
        assert!(read(&json!([1])).is_err());
    }
}
