//! Turning bytes from files and stdin into sanitised article drafts: format detection and one parser per format.

mod author;
mod boilerplate;
mod dateline;
mod dates;
pub mod deadline;
mod detect;
pub mod encoding;
mod feed;
mod front_matter;
mod furniture;
mod html;
pub mod html_text;
mod json;
pub mod json_item;
pub mod links;
mod markdown;
mod markup;
pub mod opml;
mod paragraphs;
mod paths;
pub mod sanitize;
mod wire;
mod xml_fixups;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::article::ArticleDraft;

/// Longest title kept; a longer one is cut at a word and ends with `…`.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest standfirst kept, cut the same way.
pub const MAX_STANDFIRST_CHARS: usize = 1_000;

pub use dateline::{FoundDateline, english_month, parse_dateline};
pub use dates::parse_date;
pub use paths::Expanded;

/// The formats `dateline import` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain-text wire copy as saved from a news site.
    Wire,
    Markdown,
    Html,
    /// One JSON object or an array of them.
    Json,
    JsonLines,
    /// RSS 0.9x/1.0/2.0, Atom or JSON Feed.
    Feed,
}

/// Where some bytes came from: used in messages and to fill a missing year.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The path as the user gave it, or `-` for stdin.
    pub name: String,
    /// The file's modification time, when it has one.
    pub modified: Option<DateTime<Utc>>,
}

/// Something in the input that could not be imported. `line` is 1-based where one is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {reason}", name, line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    pub name: String,
    pub line: Option<usize>,
    pub reason: String,
}

/// What one input yielded: the drafts that parsed and an error for each item that did not.
#[derive(Debug, Default)]
pub struct Parsed {
    pub drafts: Vec<ArticleDraft>,
    pub errors: Vec<IngestError>,
}

/// Guesses the format from the file name, then from the first bytes. Empty or whitespace-only input
/// with no telling extension counts as wire text, so that [`parse`] can say the file is empty.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Option<Format> {
    detect::detect_format(path, bytes)
}

/// Parses one input. A whole-input failure (empty, unknown format, not a feed) is an `Err`; so is a
/// single-item input (wire, Markdown, HTML, one JSON object) whose item fails. A bad item inside a
/// good multi-item input is reported in `Parsed::errors` and the other items still parse; an item is
/// either imported or reported, never both.
pub fn parse(bytes: &[u8], origin: &Origin, format: Format) -> Result<Parsed, IngestError> {
    let text = encoding::decode(bytes);
    let whole_input_error = |reason: String| IngestError {
        name: origin.name.clone(),
        line: None,
        reason,
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        let reason = if origin.name == "-" {
            "stdin is empty"
        } else {
            "the file is empty"
        };
        return Err(whole_input_error(reason.to_string()));
    }
    let mut parsed = match format {
        Format::Wire => single(wire::parse_wire(&text, origin).map_err(whole_input_error)?),
        Format::Html => single(html::parse_html_page(&text).map_err(whole_input_error)?),
        // The file is the item: a field that cannot be read fails it, as a JSON item's does.
        Format::Markdown => {
            single(
                markdown::parse_markdown(&text).map_err(|error| IngestError {
                    name: origin.name.clone(),
                    line: error.line,
                    reason: error.reason,
                })?,
            )
        }
        Format::Json => json::parse_json(&text, origin)?,
        Format::JsonLines => json::parse_json_lines(&text, origin),
        Format::Feed => Parsed {
            drafts: feed::parse_feed(&text).map_err(whole_input_error)?,
            errors: Vec::new(),
        },
    };
    finish_drafts(&mut parsed, origin);
    Ok(parsed)
}

/// Detects the format and parses; input of no known format is an error saying so.
pub fn parse_detected(
    path: Option<&Path>,
    bytes: &[u8],
    origin: &Origin,
) -> Result<Parsed, IngestError> {
    let format = detect_format(path, bytes).ok_or_else(|| IngestError {
        name: origin.name.clone(),
        line: None,
        reason: "not a recognised article format".to_string(),
    })?;
    parse(bytes, origin, format)
}

/// Expands files and directories into the files to import. Named files are always taken; directories
/// are walked (recursively, sorted, hidden entries skipped) for files with an article extension, and
/// the other files they hold are only counted.
pub fn expand_paths(paths: &[PathBuf]) -> Expanded {
    paths::expand_paths(paths)
}

fn single(draft: ArticleDraft) -> Parsed {
    Parsed {
        drafts: vec![draft],
        errors: Vec::new(),
    }
}

pub use feed::FeedDocument;

/// A feed fetched from `url`: decoded whatever charset it claims, parsed with relative links
/// resolved against it, and its items cleaned as any import's are. Items with neither title nor
/// text are left out.
pub fn parse_fetched_feed(bytes: &[u8], url: &str) -> Result<FeedDocument, IngestError> {
    let failed = |reason| fetch_error(url, reason);
    let text = encoding::decode(bytes);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(failed("the feed is empty".into()));
    }
    let mut document = feed::parse_feed_document(&text, Some(url)).map_err(failed)?;
    let mut parsed = Parsed {
        drafts: std::mem::take(&mut document.drafts),
        errors: Vec::new(),
    };
    finish_drafts(&mut parsed, &fetched_origin(url));
    document.drafts = parsed.drafts;
    document.unreadable = parsed.errors.len();
    document.title = document.title.map(|title| sanitize::clean_line(&title));
    Ok(document)
}

/// A web page fetched from `url`, for an article's full text: its main text, cleaned.
pub fn parse_fetched_page(bytes: &[u8], url: &str) -> Result<ArticleDraft, IngestError> {
    let failed = |reason| fetch_error(url, reason);
    let text = encoding::decode(bytes);
    let mut parsed = single(html::parse_html_page(&text).map_err(failed)?);
    finish_drafts(&mut parsed, &fetched_origin(url));
    parsed
        .drafts
        .pop()
        .ok_or_else(|| failed("the page has no article text".into()))
}

/// What a fetched input is named by in messages: its URL (it has no file time).
fn fetched_origin(url: &str) -> Origin {
    Origin {
        name: url.to_string(),
        modified: None,
    }
}

fn fetch_error(url: &str, reason: String) -> IngestError {
    IngestError {
        name: url.to_string(),
        line: None,
        reason,
    }
}

/// Sanitises every draft, gives an untitled one a title from its text, caps the title and standfirst,
/// reduces authors given with emails to names, and turns an empty draft into an error.
fn finish_drafts(parsed: &mut Parsed, origin: &Origin) {
    let drafts = std::mem::take(&mut parsed.drafts);
    for (index, mut draft) in drafts.into_iter().enumerate() {
        sanitize::sanitize_draft(&mut draft);
        if draft.title.is_empty() && !draft.body.is_empty() {
            draft.title = sanitize::clean_line(&paragraphs::title_from_text(&draft.body));
        }
        draft.title = paragraphs::cut_at_word(&draft.title, MAX_TITLE_CHARS);
        draft.standfirst = paragraphs::cut_at_word(&draft.standfirst, MAX_STANDFIRST_CHARS);
        draft.author = author::author_names(&draft.author);
        if draft.title.is_empty() && draft.body.is_empty() {
            parsed.errors.push(IngestError {
                name: origin.name.clone(),
                line: None,
                reason: format!("item {}: no title or text", index + 1),
            });
            continue;
        }
        parsed.drafts.push(draft);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn origin(name: &str) -> Origin {
        Origin {
            name: name.into(),
            modified: None,
        }
    }

    #[test]
    fn windows_1251_rss_bytes_parse_with_cyrillic_title() {
        let rss = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss version=\"2.0\"><channel>\
                   <title>Лента</title><item><title>Выборы в городской совет</title>\
                   <description>Итоги голосования</description></item></channel></rss>";
        let (bytes, _, had_errors) = encoding_rs::WINDOWS_1251.encode(rss);
        assert!(!had_errors);
        let format = detect_format(Some(Path::new("feed.xml")), &bytes).unwrap();
        let parsed = parse(&bytes, &origin("feed.xml"), format).unwrap();
        assert_eq!(parsed.drafts[0].title, "Выборы в городской совет");
        assert_eq!(parsed.drafts[0].source, "Лента");
    }

    #[test]
    fn invalid_utf8_never_crashes_any_parser() {
        let bytes = b"Title \xff\xfe\xc3\n\xe2\x82 body text \xf0\x9f.\n";
        for format in [
            Format::Wire,
            Format::Markdown,
            Format::Html,
            Format::Json,
            Format::JsonLines,
            Format::Feed,
        ] {
            let _ = parse(bytes, &origin("bad"), format);
        }
        let parsed = parse(bytes, &origin("bad"), Format::Wire).unwrap();
        assert!(parsed.drafts[0].title.starts_with("Title"));
    }

    #[test]
    fn every_format_comes_out_sanitised() {
        let json = "{\"title\": \"Red \\u001b[31malert\\u001b[0m\", \"author\": \"A\\u202eB\", \
                    \"body\": \"Line\\u0007 one\\r\\nLine two\"}";
        let parsed = parse(json.as_bytes(), &origin("x.json"), Format::Json).unwrap();
        let draft = &parsed.drafts[0];
        assert_eq!(draft.title, "Red alert");
        assert_eq!(draft.author, "AB");
        assert_eq!(draft.body, "Line one\n\nLine two");
    }

    #[test]
    fn unknown_format_and_empty_feed() {
        let err = parse_detected(None, b"\x1f\x8b\x08binary", &origin("x.gz")).unwrap_err();
        assert_eq!(err.to_string(), "x.gz: not a recognised article format");
        let empty = b"<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>";
        let parsed = parse(empty, &origin("e.rss"), Format::Feed).unwrap();
        assert!(parsed.drafts.is_empty() && parsed.errors.is_empty());
        assert!(parse(b"<rss><chan", &origin("m.rss"), Format::Feed).is_err());
    }

    #[test]
    fn markdown_bad_date_fails_the_file_naming_field_and_line() {
        let text = "---\ntitle: T\ndate: someday\n---\nText";
        let err = parse(text.as_bytes(), &origin("a.md"), Format::Markdown).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.reason, "field `date`: expected a date, got \"someday\"");
        assert_eq!(
            err.to_string(),
            "a.md:3: field `date`: expected a date, got \"someday\""
        );
    }

    #[test]
    fn authors_with_emails_become_names_in_every_format() {
        let rss = "<rss version=\"2.0\"><channel><title>F</title>\
                   <item><title>A</title><author>lf@example.org (Lucía Fernández)</author></item>\
                   <item><title>B</title><author>Ann Lee &lt;ann@example.org&gt;</author></item>\
                   <item><title>C</title><author>bo@example.org</author></item>\
                   </channel></rss>";
        let parsed = parse(rss.as_bytes(), &origin("f.rss"), Format::Feed).unwrap();
        let authors: Vec<&str> = parsed.drafts.iter().map(|d| d.author.as_str()).collect();
        assert_eq!(authors, ["Lucía Fernández", "Ann Lee", "bo@example.org"]);
        let json = "{\"title\": \"T\", \"author\": [\"Ann Lee <ann@example.org>\", \"(Bo Ek)\"]}";
        let parsed = parse(json.as_bytes(), &origin("a.json"), Format::Json).unwrap();
        assert_eq!(parsed.drafts[0].author, "Ann Lee, Bo Ek");
    }

    #[test]
    fn titles_and_standfirsts_are_capped_in_every_format() {
        let line = "word ".repeat(20_000);
        let parsed = parse(line.as_bytes(), &origin("long.txt"), Format::Wire).unwrap();
        let title = &parsed.drafts[0].title;
        assert!(
            title.chars().count() <= 300,
            "{} chars",
            title.chars().count()
        );
        assert!(title.ends_with("word…"), "{title}");
        let json = format!(
            "{{\"title\": \"{}\", \"standfirst\": \"{}\", \"body\": \"Text.\"}}",
            "Big ".repeat(200),
            "more ".repeat(1000)
        );
        let parsed = parse(json.as_bytes(), &origin("a.json"), Format::Json).unwrap();
        let draft = &parsed.drafts[0];
        assert!(draft.title.chars().count() <= 300);
        assert!(draft.title.ends_with("Big…"), "{}", draft.title);
        assert!(draft.standfirst.chars().count() <= 1000);
        assert!(draft.standfirst.ends_with("more…"));
        let short = parse(b"{\"title\": \"Short\"}", &origin("b.json"), Format::Json).unwrap();
        assert_eq!(short.drafts[0].title, "Short");
    }

    #[test]
    fn empty_input_says_the_file_is_empty() {
        for (name, bytes) in [
            ("empty.txt", &b""[..]),
            ("blank.md", b" \n\t\n"),
            ("empty.json", b""),
            ("noext", b""),
            ("bom.txt", b"\xef\xbb\xbf\n"),
        ] {
            let path = Path::new(name);
            let format = detect_format(Some(path), bytes);
            assert!(format.is_some(), "{name}: no format");
            let err = parse_detected(Some(path), bytes, &origin(name)).unwrap_err();
            assert_eq!(err.reason, "the file is empty", "{name}");
        }
        assert_eq!(detect_format(None, b""), Some(Format::Wire));
        let err = parse(b"", &origin("-"), Format::Wire).unwrap_err();
        assert_eq!(err.to_string(), "-: stdin is empty");
    }
}
