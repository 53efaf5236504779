//! Turning bytes from files and stdin into sanitised article drafts: format detection and one parser per format.

mod dateline;
mod dates;
mod detect;
pub mod encoding;
mod feed;
mod front_matter;
mod html;
pub mod html_text;
mod json;
pub mod json_item;
pub mod links;
mod markdown;
mod paragraphs;
mod paths;
pub mod sanitize;
mod wire;
mod xml_fixups;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::article::ArticleDraft;

pub use dateline::{FoundDateline, parse_dateline};
pub use dates::parse_date;

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

/// Guesses the format from the file name, then from the first bytes.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Option<Format> {
    detect::detect_format(path, bytes)
}

/// Parses one input. A whole-input failure (unknown format, not a feed) is an `Err`;
/// a bad item inside a good input is reported in `Parsed::errors` and the other items still parse.
pub fn parse(bytes: &[u8], origin: &Origin, format: Format) -> Result<Parsed, IngestError> {
    let text = encoding::decode(bytes);
    let whole_input_error = |reason: String| IngestError {
        name: origin.name.clone(),
        line: None,
        reason,
    };
    let mut parsed = match format {
        Format::Wire => single(wire::parse_wire(&text, origin).map_err(whole_input_error)?),
        Format::Html => single(html::parse_html_page(&text).map_err(whole_input_error)?),
        Format::Markdown => {
            let article = markdown::parse_markdown(&text).map_err(whole_input_error)?;
            let mut parsed = single(article.draft);
            parsed.errors = article
                .warnings
                .into_iter()
                .map(whole_input_error)
                .collect();
            parsed
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

/// Expands files and directories (recursively, sorted, hidden entries skipped) into the files to import.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    paths::expand_paths(paths)
}

fn single(draft: ArticleDraft) -> Parsed {
    Parsed {
        drafts: vec![draft],
        errors: Vec::new(),
    }
}

/// Sanitises every draft, gives an untitled one a title from its text, and turns an empty one into an error.
fn finish_drafts(parsed: &mut Parsed, origin: &Origin) {
    let drafts = std::mem::take(&mut parsed.drafts);
    for (index, mut draft) in drafts.into_iter().enumerate() {
        sanitize::sanitize_draft(&mut draft);
        if draft.title.is_empty() && !draft.body.is_empty() {
            draft.title = sanitize::clean_line(&paragraphs::title_from_text(&draft.body));
        }
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
}
