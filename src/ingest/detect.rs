//! Guessing an input's format: the file extension first, then the first bytes.

use std::path::Path;

use serde_json::Value;

use super::Format;
use super::encoding::{decode, is_wide_unicode};
use super::json_pieces::{Piece, object_members, opening, parse_piece};

/// How much of the input is decoded to sniff its format.
const SNIFF_BYTES: usize = 4096;

/// Guesses the format from the file name, then from the first bytes. `None` for binary input and text
/// of no known format; empty or whitespace-only input is `Wire`, whose parse then says the file is empty.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Option<Format> {
    if looks_binary(bytes) {
        return None;
    }
    let by_extension = path.and_then(path_format).map(|format| match format {
        Format::Json if is_json_feed(bytes) => Format::Feed,
        other => other,
    });
    by_extension.or_else(|| sniff(bytes))
}

/// True when the file name's extension is one of an article format (`txt`, `md`, `html`, `json`,
/// `jsonl`, `xml`, `rss`, `sgm` and the like): what a directory walk takes.
pub fn is_article_path(path: &Path) -> bool {
    path_format(path).is_some()
}

/// The format a file's extension names; `json` may turn out to be a JSON Feed.
fn path_format(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "text" => Some(Format::Wire),
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "xml" | "rss" | "atom" | "rdf" => Some(Format::Feed),
        "sgm" | "sgml" => Some(Format::SgmlNews),
        _ => None,
    }
}

/// Recognises the format from the text itself.
fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = decode(&bytes[..bytes.len().min(SNIFF_BYTES)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.is_empty() {
        return Some(Format::Wire);
    }
    let lower = head.to_lowercase();
    if let Some(format) = sniff_markup(&lower) {
        return Some(format);
    }
    // An object opens with its first key or closes at once: "{BREAKING} Storm" is a headline.
    if let Some(rest) = lower.strip_prefix('{')
        && rest
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '"' | '}'))
    {
        return Some(if is_json_feed(bytes) {
            Format::Feed
        } else if is_json_lines(bytes) {
            Format::JsonLines
        } else {
            Format::Json
        });
    }
    // A list of articles opens with what a JSON value can: "[UPDATE] Oil prices rise" is a
    // headline, not JSON.
    if let Some(rest) = lower.strip_prefix('[')
        && rest
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '{' | '[' | '"' | ']'))
    {
        return Some(Format::Json);
    }
    let first_line = head.lines().next().unwrap_or("").trim_end();
    if first_line == "---" || first_line == "+++" || first_line.starts_with("# ") {
        return Some(Format::Markdown);
    }
    is_readable_text(head).then_some(Format::Wire)
}

/// Feeds and pages by their opening tags; `lower` is the lowercased head of the text.
fn sniff_markup(lower: &str) -> Option<Format> {
    let mut rest = lower;
    // Comments and doctypes may come before the root element.
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, tail)| tail);
        } else if rest.starts_with("<?xml") || rest.starts_with("<?xml-stylesheet") {
            let is_html = rest.contains("<!doctype html") || rest.contains("<html");
            let is_feed = ["<rss", "<feed", "<rdf:rdf"]
                .iter()
                .any(|tag| rest.contains(tag));
            return Some(if is_html && !is_feed {
                Format::Html
            } else {
                Format::Feed
            });
        } else {
            break;
        }
    }
    if ["<rss", "<feed", "<rdf:rdf", "<!doctype rss"]
        .iter()
        .any(|tag| rest.starts_with(tag))
    {
        return Some(Format::Feed);
    }
    // Reuters-21578's collections open with their DTD, or straight with a document.
    if rest.starts_with("<!doctype lewis") || rest.starts_with("<reuters") {
        return Some(Format::SgmlNews);
    }
    if ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| rest.starts_with(tag))
    {
        return Some(Format::Html);
    }
    None
}

/// A JSON object that is a JSON Feed: its `version` names jsonfeed.org, or it has an `items` list
/// beside a `version`, `feed_url` or `home_page_url` (feeds that write `"version": "1.0"`).
fn is_json_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mentions = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if !mentions(b"jsonfeed") && !mentions(b"\"items\"") {
        return false;
    }
    let signs = json_feed_signs(&decode(bytes));
    signs.names_jsonfeed() || signs.items_list && (signs.version.is_some() || signs.feed_fields)
}

/// What a JSON object says of itself that makes it a JSON Feed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct JsonFeedSigns {
    /// Its `version`, when a string.
    pub version: Option<String>,
    /// Its `items` opens a list.
    pub items_list: bool,
    /// It has a `feed_url` or a `home_page_url`.
    pub feed_fields: bool,
}

impl JsonFeedSigns {
    /// The version names jsonfeed.org.
    pub fn names_jsonfeed(&self) -> bool {
        self.version
            .as_deref()
            .is_some_and(|v| v.contains("jsonfeed.org/"))
    }
}

/// The signs of a JSON Feed in `text`, told by its members each read on its own: a feed with one
/// broken item, or cut off, is still a feed (and is read as one, item by item), not an object
/// that fails to parse whole or, mended, becomes one article.
pub fn json_feed_signs(text: &str) -> JsonFeedSigns {
    let members = object_members(&Piece::whole(text, 1));
    let member = |name: &str| members.found.iter().rev().find(|m| m.key == name);
    JsonFeedSigns {
        version: member("version").and_then(|m| match parse_piece(&m.value) {
            Ok(Value::String(version)) => Some(version),
            _ => None,
        }),
        items_list: member("items").is_some_and(|m| opening(m.value.text) == Some(b'[')),
        feed_fields: member("feed_url").is_some() || member("home_page_url").is_some(),
    }
}

/// A complete JSON object on the first line and another object starting on a later line.
fn is_json_lines(bytes: &[u8]) -> bool {
    let text = decode(bytes);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first_is_object = lines
        .next()
        .is_some_and(|line| matches!(serde_json::from_str::<Value>(line), Ok(Value::Object(_))));
    first_is_object && lines.next().is_some_and(|line| line.starts_with('{'))
}

/// Known binary formats by their first bytes, with what to call them.
const MAGIC: [(&[u8], &str); 11] = [
    (b"\x1f\x8b", "gzip-compressed (decompress it first)"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x7fELF", "a program"),
    (b"BZh", "bzip2-compressed (decompress it first)"),
    (b"\xfd7zXZ", "xz-compressed (decompress it first)"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3", "an SQLite database"),
];

/// What the bytes are when their first bytes or their NULs tell (`gzip-compressed (decompress it
/// first)`, `a PDF document`, `binary data`).
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    magic_kind(bytes).or_else(|| looks_binary(bytes).then_some("binary data"))
}

fn magic_kind(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, what)| what)
}

/// Why input of no known format was refused, saying what it is when its first bytes tell.
pub fn unrecognised_reason(bytes: &[u8]) -> String {
    // zlib has no magic number as such: a check value makes its first two bytes a multiple of 31
    // (which text can meet too, "x " for one, so only input already found unreadable is asked).
    let zlib = matches!(bytes, [0x78, flags, ..] if (0x7800 | u16::from(*flags)) % 31 == 0);
    let known = magic_kind(bytes)
        .or_else(|| zlib.then_some("zlib-compressed (decompress it first)"))
        .or_else(|| (looks_binary(bytes) || decodes_to_noise(bytes)).then_some("binary data"));
    match known {
        Some(what) => format!("not a recognised article format: it is {what}"),
        None => "not a recognised article format (wire text, Markdown, HTML, JSON, JSON Lines, \
                 RSS, Atom, JSON Feed or an SGML news collection)"
            .to_string(),
    }
}

/// Binary files: known magic numbers, or text (other than UTF-16 or UTF-32) of which more than one
/// byte in ten is NUL. A stray NUL or other control byte does not make a file binary: cleaning
/// removes it.
fn looks_binary(bytes: &[u8]) -> bool {
    if magic_kind(bytes).is_some() {
        return true;
    }
    if is_wide_unicode(bytes) {
        return false;
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    nuls * 10 > head.len()
}

/// Input long enough to judge (a few words' worth) that decodes to no text: random bytes, say.
/// A short run of odd bytes (a short file ending in a DOS ^Z) is not judged.
fn decodes_to_noise(bytes: &[u8]) -> bool {
    is_noise(&decode(&bytes[..bytes.len().min(SNIFF_BYTES)]))
}

/// The media type a `Content-Type` (or a `type` attribute) names, in lower case and without its
/// parameters: `Text/HTML; charset=utf-8` is `text/html`.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `decodes_to_noise` of text already decoded: its first `SNIFF_BYTES` characters are judged.
pub fn is_noise(text: &str) -> bool {
    let head = text
        .char_indices()
        .nth(SNIFF_BYTES)
        .map_or(text, |(end, _)| &text[..end]);
    head.chars().count() >= 32 && !is_readable_text(head)
}

/// Text that is mostly printable: few controls and few undecodable bytes.
fn is_readable_text(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let bad = text
        .chars()
        .filter(|&c| {
            c == '\u{fffd}'
                || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1b}'))
        })
        .count();
    bad * 20 < total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(name: &str, text: &str) -> Option<Format> {
        let path = (!name.is_empty()).then(|| Path::new(name));
        detect_format(path, text.as_bytes())
    }

    #[test]
    fn by_extension() {
        assert_eq!(detect("a.txt", "x"), Some(Format::Wire));
        assert_eq!(detect("a.MD", "x"), Some(Format::Markdown));
        assert_eq!(detect("a.htm", "x"), Some(Format::Html));
        assert_eq!(detect("a.json", "[]"), Some(Format::Json));
        assert_eq!(
            detect(
                "a.json",
                r#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#
            ),
            Some(Format::Feed)
        );
        assert_eq!(detect("a.ndjson", "{}"), Some(Format::JsonLines));
        assert_eq!(detect("a.rdf", "x"), Some(Format::Feed));
        assert_eq!(detect("reut2-000.sgm", "x"), Some(Format::SgmlNews));
    }

    #[test]
    fn article_paths_by_extension() {
        for name in [
            "a.txt",
            "b.MD",
            "c.xhtml",
            "d.ndjson",
            "e.rdf",
            "dir/f.Json",
        ] {
            assert!(is_article_path(Path::new(name)), "{name}");
        }
        for name in ["a.png", "Makefile", "b.gz", "c.txt.gz", ".txt", "d"] {
            assert!(!is_article_path(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn by_content() {
        assert_eq!(
            detect("", "\u{feff}  <?xml version=\"1.0\"?>\n<rss>"),
            Some(Format::Feed)
        );
        assert_eq!(
            detect("", "<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Some(Format::Feed)
        );
        assert_eq!(
            detect(
                "",
                "<?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\">"
            ),
            Some(Format::Html)
        );
        assert_eq!(
            detect("", "<!-- saved --><!DOCTYPE html><html>"),
            Some(Format::Html)
        );
        assert_eq!(
            detect("", "{\"title\": \"a\"}\n{\"title\": \"b\"}\n"),
            Some(Format::JsonLines)
        );
        assert_eq!(detect("", "{\n  \"title\": \"a\"\n}"), Some(Format::Json));
        assert_eq!(detect("", "[{\"title\": \"a\"}]"), Some(Format::Json));
        assert_eq!(detect("", "[\n  {\"title\": \"a\"}"), Some(Format::Json));
        assert_eq!(detect("", "[]"), Some(Format::Json));
        assert_eq!(
            detect("", "{BREAKING} Storm closes port\n\nBody."),
            Some(Format::Wire)
        );
        assert_eq!(
            detect(
                "",
                "[UPDATE] Oil prices rise\n\nLONDON, May 2. Prices rose."
            ),
            Some(Format::Wire)
        );
        assert_eq!(
            detect("", "---\ntitle: x\n---\nbody"),
            Some(Format::Markdown)
        );
        assert_eq!(detect("", "# Heading\n\ntext"), Some(Format::Markdown));
        assert_eq!(detect("story", "Headline\nBody text."), Some(Format::Wire));
        assert_eq!(
            detect(
                "",
                "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\">"
            ),
            Some(Format::SgmlNews)
        );
    }

    #[test]
    fn binary_inputs_have_no_format() {
        assert_eq!(detect_format(None, b"\x1f\x8b\x08\x00rest"), None);
        assert_eq!(detect_format(Some(Path::new("x.txt")), b"a\0\0\0def"), None);
        assert_eq!(detect_format(None, b"\x01\x02\x03\x04 \x05\x06"), None);
    }

    #[test]
    fn a_stray_nul_or_control_byte_keeps_the_format() {
        let text = "Harbour news\n\nThe ferry\0 returned\u{7} today after a long repair.\n";
        for (name, format) in [
            ("a.txt", Format::Wire),
            ("a.md", Format::Markdown),
            ("a.html", Format::Html),
            ("a.xml", Format::Feed),
            ("", Format::Wire),
        ] {
            assert_eq!(detect(name, text), Some(format), "{name}");
        }
    }

    #[test]
    fn json_feeds_by_version_or_shape() {
        let old = r#"{"version": "1.0", "title": "J", "items": [{"id": "1"}]}"#;
        assert_eq!(detect("a.json", old), Some(Format::Feed));
        assert_eq!(detect("", old), Some(Format::Feed));
        let homed = r#"{"home_page_url": "https://x.example/", "items": []}"#;
        assert_eq!(detect("", homed), Some(Format::Feed));
        let article = r#"{"title": "T", "items": ["a", "b"]}"#;
        assert_eq!(detect("a.json", article), Some(Format::Json));
    }

    #[test]
    fn unrecognised_input_says_what_it_is() {
        assert_eq!(
            unrecognised_reason(b"\x1f\x8b\x08rest"),
            "not a recognised article format: it is gzip-compressed (decompress it first)"
        );
        assert_eq!(
            unrecognised_reason(b"\x00\x9f\xd3\x00A\xff\x10\x00"),
            "not a recognised article format: it is binary data"
        );
        assert!(unrecognised_reason(b"\x01\x02 text").contains("(wire text, Markdown"));
        assert!(
            unrecognised_reason(b"\x78\xda\xb3\x49")
                .ends_with("zlib-compressed (decompress it first)")
        );
    }

    #[test]
    fn empty_input_is_wire_so_its_parse_can_say_it_is_empty() {
        assert_eq!(detect_format(None, b""), Some(Format::Wire));
        assert_eq!(detect_format(None, b"   \n"), Some(Format::Wire));
        assert_eq!(
            detect_format(Some(Path::new("x.gz")), b"\xef\xbb\xbf"),
            Some(Format::Wire)
        );
    }
}
