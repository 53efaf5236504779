//! Turning bytes from files and stdin into sanitised article drafts: format detection and one parser per format.

mod aligned;
mod author;
mod boilerplate;
mod dateline;
mod dates;
pub mod deadline;
mod detect;
pub mod dir_settings;
pub mod encoding;
mod feed;
mod feed_address;
mod front_matter;
mod furniture;
mod html;
pub mod html_text;
mod html_writer;
mod json;
pub mod json_item;
mod json_pieces;
pub mod links;
mod markdown;
mod markup;
pub mod opml;
mod paragraphs;
mod paths;
pub mod sanitize;
mod sgml_news;
mod wire;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};

use crate::article::{ArticleDraft, Link};

/// Longest title kept; a longer one is cut at a word and ends with `…`.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest standfirst kept, cut the same way.
pub const MAX_STANDFIRST_CHARS: usize = 1_000;

pub use dateline::{FoundDateline, english_month, parse_dateline};
pub use dates::parse_date;
pub use detect::{json_feed_signs, media_type};
pub use feed_address::feed_address;
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
    /// An SGML news collection shaped like Reuters-21578: one article per `<REUTERS>` document.
    SgmlNews,
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

/// What one input yielded: the drafts that parsed, an error for each item that did not, and a
/// warning for each field left out of an item that did (its value could not be read).
#[derive(Debug, Default)]
pub struct Parsed {
    pub drafts: Vec<ArticleDraft>,
    pub errors: Vec<IngestError>,
    pub warnings: Vec<IngestError>,
}

/// Guesses the format from the file name, then from the first bytes. Empty or whitespace-only input
/// with no telling extension counts as wire text, so that [`parse`] can say the file is empty.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Option<Format> {
    detect::detect_format(path, bytes)
}

/// Parses one input. A whole-input failure (empty, unknown format, not a feed, a feed with no
/// items, a feed whose XML breaks before any item is whole) is an `Err`; so is a
/// single-item input (wire, Markdown, HTML, one JSON object) whose item fails. A bad item inside a
/// good multi-item input is reported in `Parsed::errors` and the other items still parse; an item is
/// either imported or reported, never both.
pub fn parse(bytes: &[u8], origin: &Origin, format: Format) -> Result<Parsed, IngestError> {
    let whole_input_error = |reason: String| whole_input(origin, reason);
    let text = readable_text(bytes, origin)?;
    let mut places = Vec::new();
    let mut parsed = match format {
        Format::Wire => single(wire::parse_wire(&text, origin).map_err(whole_input_error)?),
        Format::Html => single(html::parse_html_page(&text).map_err(whole_input_error)?),
        // The file is the item; a front-matter value that cannot be read costs only its field.
        Format::Markdown => {
            let as_error = |error: markdown::MarkdownError| IngestError {
                name: origin.name.clone(),
                line: error.line,
                reason: error.reason,
            };
            let (draft, left_out) = markdown::parse_markdown(&text).map_err(as_error)?;
            let mut parsed = single(draft);
            parsed.warnings = left_out.into_iter().map(as_error).collect();
            parsed
        }
        Format::Json => json::parse_json(&text, origin)?,
        Format::JsonLines => json::parse_json_lines(&text, origin),
        Format::Feed => {
            let mut document = feed::parse_feed(&text).map_err(whole_input_error)?;
            if document.drafts.is_empty()
                && document.problems.is_empty()
                && document.broke_off.is_none()
            {
                // An import that stores nothing says why.
                return Err(whole_input_error("the feed has no items".to_string()));
            }
            places = std::mem::take(&mut document.places);
            Parsed {
                drafts: document.drafts,
                // A file that breaks off is a file that failed in part.
                errors: feed_errors(
                    &origin.name,
                    document.problems.into_iter().chain(document.broke_off),
                ),
                warnings: feed_errors(&origin.name, document.warnings),
            }
        }
        Format::SgmlNews => {
            let collection =
                sgml_news::parse_sgml_news(&text, origin).map_err(whole_input_error)?;
            places = collection.places;
            Parsed {
                drafts: collection.drafts,
                ..Parsed::default()
            }
        }
    };
    finish_drafts(&mut parsed, origin, places);
    Ok(parsed)
}

/// Free text as import would read it, for tools that take text rather than articles (`entities
/// text`): refused as import refuses it (binary or compressed data, an encoding that cannot be
/// read, nothing but whitespace), else decoded and cleaned as an article's body is.
pub fn free_text(bytes: &[u8], origin: &Origin) -> Result<String, IngestError> {
    if detect::detect_format(None, bytes).is_none() {
        return Err(whole_input(origin, detect::unrecognised_reason(bytes)));
    }
    let text = sanitize::clean_text(&readable_text(bytes, origin)?);
    // Nothing but escape sequences and controls is empty too.
    if text.trim().is_empty() {
        return Err(empty_input(origin));
    }
    Ok(text)
}

/// The input decoded, unless its encoding cannot be read, it holds nothing but whitespace, or
/// what it decodes to is not text (random bytes named `.txt` decode to a soup of symbols and
/// control characters in some legacy charset).
fn readable_text(bytes: &[u8], origin: &Origin) -> Result<String, IngestError> {
    if let Some(name) = encoding::unreadable_encoding(bytes) {
        return Err(whole_input(origin, unreadable_reason(name)));
    }
    let text = encoding::decode(bytes);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(empty_input(origin));
    }
    if detect::is_noise(&text) {
        // In the words input of no known format gets, so every way in says the same.
        return Err(whole_input(origin, detect::unrecognised_reason(bytes)));
    }
    Ok(text)
}

/// An error about the whole input.
fn whole_input(origin: &Origin, reason: String) -> IngestError {
    IngestError {
        name: origin.name.clone(),
        line: None,
        reason,
    }
}

fn empty_input(origin: &Origin) -> IngestError {
    let reason = if origin.name == "-" {
        "stdin is empty"
    } else {
        "the file is empty"
    };
    whole_input(origin, reason.to_string())
}

/// Said of text in an encoding that cannot be decoded, rather than letting it be misread as binary.
fn unreadable_reason(encoding: &str) -> String {
    format!("the text is in {encoding}, an encoding dateline cannot read")
}

/// A feed's problems as errors naming the input.
fn feed_errors(
    name: &str,
    problems: impl IntoIterator<Item = feed::FeedProblem>,
) -> Vec<IngestError> {
    problems
        .into_iter()
        .map(|problem| IngestError {
            name: name.to_string(),
            line: problem.line,
            reason: problem.reason,
        })
        .collect()
}

/// Why input of no known format was refused: what it is, when its first bytes say.
pub fn unrecognised_reason(bytes: &[u8]) -> String {
    detect::unrecognised_reason(bytes)
}

/// Why `bytes` are not text at all (compressed, an archive, a program, mostly NUL bytes), or
/// `None` for text in any encoding.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    detect::binary_kind(bytes).map(|what| format!("not text: it is {what}"))
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
        reason: detect::unrecognised_reason(bytes),
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
        ..Parsed::default()
    }
}

pub use feed::{CachedFeedItem, FeedDocument, FeedProblem, ItemPlace};

/// A feed fetched from `url`: decoded whatever charset it claims, parsed with relative links
/// resolved against it, and its items cleaned as any import's are. Items with neither title nor
/// text are left out, counted in `unreadable` and said in `problems`.
pub fn parse_fetched_feed(bytes: &[u8], url: &str) -> Result<FeedDocument, IngestError> {
    let failed = |reason| fetch_error(url, reason);
    if let Some(name) = encoding::unreadable_encoding(bytes) {
        return Err(failed(unreadable_reason(name)));
    }
    let text = encoding::decode(bytes);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(failed("the feed is empty".into()));
    }
    let mut document = feed::parse_feed_document(&text, Some(url)).map_err(failed)?;
    let mut parsed = Parsed {
        drafts: std::mem::take(&mut document.drafts),
        ..Parsed::default()
    };
    let places = std::mem::take(&mut document.places);
    document.places = finish_drafts(&mut parsed, &fetched_origin(url), places);
    document.drafts = parsed.drafts;
    document.unreadable += parsed.errors.len();
    document
        .problems
        .extend(parsed.errors.into_iter().map(|error| FeedProblem {
            line: error.line,
            reason: error.reason,
        }));
    document.title = document.title.map(|title| sanitize::clean_line(&title));
    Ok(document)
}

/// A web page fetched from `url`, for an article's full text: its main text, cleaned. What the
/// server says is no text (a picture, a PDF), or what reads as binary data, is refused rather than
/// kept as a page of symbols.
pub fn parse_fetched_page(
    bytes: &[u8],
    content_type: Option<&str>,
    url: &str,
    first_links: &[Link],
) -> Result<ArticleDraft, IngestError> {
    let failed = |reason| fetch_error(url, reason);
    if let Some(kind) = content_type
        .map(media_type)
        .filter(|kind| !is_page_type(kind))
    {
        let kind = sanitize::clean_line(&kind);
        return Err(failed(format!("the page is not text but {kind}")));
    }
    let text = encoding::decode(bytes);
    if detect::is_noise(&text) {
        return Err(failed("the page is not text: it is binary data".into()));
    }
    let page = html::parse_html_page_after(&text, first_links).map_err(failed)?;
    let mut parsed = single(page);
    finish_drafts(&mut parsed, &fetched_origin(url), Vec::new());
    parsed
        .drafts
        .pop()
        .ok_or_else(|| failed("the page has no article text".into()))
}

/// Whether a media type (see `media_type`) may hold a page's text: anything but what is plainly
/// something else (a picture, sound, video, a font, a PDF, an archive, an office file). Servers
/// that say nothing or something vague (`application/octet-stream`, S3's `binary/octet-stream`)
/// are judged by the bytes instead.
fn is_page_type(kind: &str) -> bool {
    let (major, minor) = kind.split_once('/').unwrap_or((kind, ""));
    let other = matches!(major, "image" | "audio" | "video" | "font" | "model")
        || (major == "application"
            && (matches!(
                minor,
                "pdf" | "zip" | "gzip" | "x-gzip" | "x-tar" | "x-7z-compressed" | "msword"
            ) || minor.starts_with("vnd.")));
    !other
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

/// Cuts a title and a standfirst too long to show at a word. A title cut is kept as the
/// standfirst when there is none and the body does not begin with it (a feed that sends a
/// paragraph as its title), so its words after the cut are still read and found.
fn cap_title_and_standfirst(draft: &mut ArticleDraft) {
    let title = paragraphs::cut_at_word(&draft.title, MAX_TITLE_CHARS);
    if title != draft.title
        && draft.standfirst.trim().is_empty()
        && !paragraphs::same_text(&draft.title, &draft.body)
    {
        draft.standfirst = std::mem::take(&mut draft.title);
    }
    draft.title = title;
    draft.standfirst = paragraphs::cut_at_word(&draft.standfirst, MAX_STANDFIRST_CHARS);
}

/// An item another feed reader cached (newsboat's cache.db) from the feed at `feed_url`, made a
/// draft as a fetched item of that feed is (HTML converted, links resolved) and cleaned as every
/// item from outside; `None` when nothing is left of it (no title and no text).
pub fn cached_item_draft(
    item: &CachedFeedItem,
    feed_url: &str,
    feed_name: &str,
) -> Option<ArticleDraft> {
    let mut draft = feed::cached_item_to_draft(item, feed_url, feed_name);
    tidy_draft(&mut draft).then_some(draft)
}

/// Finishes one draft from outside that no file or feed parser made (a sync server's item): every
/// text cleaned, an untitled one titled from its text, title and standfirst capped. Returns false
/// when nothing is left of it (no title and no text).
pub fn tidy_draft(draft: &mut ArticleDraft) -> bool {
    sanitize::sanitize_draft(draft);
    if draft.title.is_empty() && !draft.body.is_empty() {
        draft.title = sanitize::clean_line(&paragraphs::title_from_text(&draft.body));
    }
    cap_title_and_standfirst(draft);
    draft.author = author::author_names(&draft.author);
    !(draft.title.is_empty() && draft.body.is_empty())
}

/// How far ahead a date may be and still be believed: a post scheduled, a clock a little fast.
/// One years ahead (milliseconds read as seconds, a typo) would top a newest-first list for ever.
const MOST_AHEAD: chrono::TimeDelta = chrono::TimeDelta::days(2);
/// A date before this year is a mistake too (a negative number of seconds, year 0001).
const EARLIEST_YEAR: i32 = 1000;

/// Sanitises every draft, drops a date too far ahead (with a warning), gives an untitled one a
/// title from its text, caps the title and standfirst, reduces authors given with emails to
/// names, and turns an empty draft into an error. `places` (in step with the drafts, or empty)
/// say where each came from in a feed; the places of the drafts kept are returned.
fn finish_drafts(parsed: &mut Parsed, origin: &Origin, places: Vec<ItemPlace>) -> Vec<ItemPlace> {
    let drafts = std::mem::take(&mut parsed.drafts);
    let mut places = places.into_iter();
    let mut kept_places = Vec::new();
    for (index, mut draft) in drafts.into_iter().enumerate() {
        let place = places.next().unwrap_or_else(|| ItemPlace {
            number: index + 1,
            ..ItemPlace::default()
        });
        sanitize::sanitize_draft(&mut draft);
        let unbelievable = |at: &DateTime<Utc>| {
            if *at > Utc::now() + MOST_AHEAD {
                Some("in the future")
            } else {
                (at.year() < EARLIEST_YEAR).then_some("before any news")
            }
        };
        if let Some((published, why)) = draft
            .published
            .and_then(|at| unbelievable(&at).map(|why| (at, why)))
        {
            parsed.warnings.push(IngestError {
                name: origin.name.clone(),
                line: place.line,
                reason: format!(
                    "{}: field published: {} is {why}; it takes the time it was stored",
                    place.describe(),
                    published.format("%Y-%m-%d")
                ),
            });
            draft.published = None;
        }
        if draft.title.is_empty() && !draft.body.is_empty() {
            draft.title = sanitize::clean_line(&paragraphs::title_from_text(&draft.body));
        }
        cap_title_and_standfirst(&mut draft);
        draft.author = author::author_names(&draft.author);
        if draft.title.is_empty() && draft.body.is_empty() {
            parsed.errors.push(IngestError {
                name: origin.name.clone(),
                line: place.line,
                reason: format!("{}: no title or text", place.describe()),
            });
            continue;
        }
        parsed.drafts.push(draft);
        kept_places.push(place);
    }
    kept_places
}

#[cfg(test)]
mod tests;
