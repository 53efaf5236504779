//! Autodiscovery: the feeds a web page names in `<link rel="alternate">`, and telling a feed from a page.

use dom_query::Document;
use url::Url;

use crate::ingest::{self, encoding};

/// The media types that mark an alternate link as a feed. Plain JSON counts because JSON Feed began under it.
const FEED_TYPES: [&str; 4] = [
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
];

/// Feed URLs announced by an HTML page, absolute, in document order, each once.
///
/// Relative `href`s resolve against the page's `<base href>` (itself resolved against `base_url`) or `base_url`.
pub fn feed_links(html: &[u8], base_url: &str) -> Vec<String> {
    let document = Document::from(encoding::decode(html).as_str());
    let page = Url::parse(base_url.trim()).ok();
    // Only the first <base> counts, as in browsers.
    let base = document
        .select("base[href]")
        .nodes()
        .first()
        .and_then(|node| node.attr("href"))
        .and_then(|href| join(page.as_ref(), &href))
        .or(page);
    let mut found: Vec<String> = Vec::new();
    for link in document.select("link[href]").nodes() {
        let rel = link.attr("rel").unwrap_or_default();
        let is_alternate = rel
            .split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("alternate"));
        let media_type = link.attr("type").unwrap_or_default();
        if !is_alternate || !is_feed_type(&media_type) {
            continue;
        }
        let Some(href) = link.attr("href") else {
            continue;
        };
        if let Some(url) = join(base.as_ref(), &href).map(String::from)
            && !found.contains(&url)
        {
            found.push(url);
        }
    }
    found
}

/// True when `bytes` hold a feed (RSS, Atom, RDF or JSON Feed) rather than a page or anything else.
///
/// The bytes decide; `content_type` only vouches for JSON that is feed-shaped but lacks JSON Feed's `version`.
pub fn looks_like_feed(bytes: &[u8], content_type: Option<&str>) -> bool {
    let text = strip_bom(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    match text.first() {
        Some(b'<') => matches!(root_element(text).as_deref(), Some("rss" | "feed" | "rdf")),
        Some(b'{') => json_feed(text, content_type),
        _ => false,
    }
}

fn is_feed_type(media_type: &str) -> bool {
    // Parameters such as "; charset=utf-8" do not change what the link points to.
    FEED_TYPES.contains(&ingest::media_type(media_type).as_str())
}

/// An absolute http(s) URL for `href`, resolved against `base` when it is relative.
fn join(base: Option<&Url>, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The lower-cased local name of the first element, skipping the XML declaration, processing instructions,
/// comments and a doctype. `rdf:RDF` gives "rdf"; `atom:feed` gives "feed".
fn root_element(mut text: &[u8]) -> Option<String> {
    // Feeds put their root within a few kilobytes; a page of comments first is not a feed worth guessing at.
    text = &text[..text.len().min(64 * 1024)];
    loop {
        let open = text.iter().position(|&b| b == b'<')?;
        text = &text[open..];
        let skip_to = |text: &[u8], end: &[u8]| find(text, end).map(|at| at + end.len());
        let next = if text.starts_with(b"<?") {
            skip_to(text, b"?>")?
        } else if text.starts_with(b"<!--") {
            skip_to(text, b"-->")?
        } else if text.starts_with(b"<!") {
            skip_to(text, b">")?
        } else {
            let name: Vec<u8> = text[1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
                .copied()
                .collect();
            let name = String::from_utf8_lossy(&name).to_ascii_lowercase();
            return Some(match name.split_once(':') {
                // RDF's root is rdf:RDF; for other prefixes the local name is what identifies the format.
                Some(("rdf", "rdf")) => "rdf".to_string(),
                Some((_, local)) => local.to_string(),
                None => name,
            });
        };
        text = &text[next..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A JSON Feed by its version, or by its `items` list when served as one; read member by member,
/// so that a feed with one broken item is still found to be a feed.
fn json_feed(text: &[u8], content_type: Option<&str>) -> bool {
    let signs = ingest::json_feed_signs(&String::from_utf8_lossy(text));
    let declared = content_type.is_some_and(|t| ingest::media_type(t) == "application/feed+json");
    signs.names_jsonfeed() || (declared && signs.items_list)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
        <link rel="stylesheet" href="/style.css">
        <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
        <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">
        <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
        <link rel="alternate" type="application/feed+json" href="https://other.example/feed.json">
        <link rel="alternate" type="application/json" href="//cdn.example/f.json">
        <link rel="alternate" type="application/rss+xml" href="/feed.xml">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        </head><body><a rel="alternate" type="application/rss+xml" href="/not-a-link-tag.xml">x</a></body></html>"#;

    #[test]
    fn alternate_feed_links_in_document_order() {
        assert_eq!(
            feed_links(PAGE.as_bytes(), "https://news.example/section/page.html"),
            [
                "https://news.example/feed.xml",
                "https://news.example/section/atom.xml",
                "https://other.example/feed.json",
                "https://cdn.example/f.json",
            ]
        );
    }

    #[test]
    fn base_href_wins_over_the_page_url() {
        let page = r#"<html><head><base href="/blog/"><base href="/ignored/">
            <link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>"#;
        assert_eq!(
            feed_links(page.as_bytes(), "http://site.example/a/b.html"),
            ["http://site.example/blog/atom.xml"]
        );
    }

    #[test]
    fn a_page_without_feeds_gives_nothing() {
        assert!(feed_links(b"<html><body>hello</body></html>", "https://x.example/").is_empty());
        assert!(feed_links(b"", "not a url").is_empty());
    }

    #[test]
    fn feeds_are_told_from_pages() {
        let rss = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"s.xsl\"?><!-- hi --><rss version=\"2.0\">";
        assert!(looks_like_feed(rss, Some("text/html")));
        assert!(looks_like_feed(
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            None
        ));
        assert!(looks_like_feed(b"  <rdf:RDF xmlns:rdf=\"x\">", None));
        assert!(looks_like_feed(
            br#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}"#,
            Some("application/json")
        ));
        assert!(looks_like_feed(
            br#"{"title": "t", "items": []}"#,
            Some("application/feed+json")
        ));
        // One broken item, or a feed cut off, is still a feed: its items are read one by one.
        for broken in [
            &br#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1" "x"}]}"#[..],
            br#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "\ud800"}]}"#,
            br#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1"}, {"id"#,
        ] {
            assert!(
                looks_like_feed(broken, None),
                "{}",
                String::from_utf8_lossy(broken)
            );
        }
        assert!(!looks_like_feed(
            br#"{"title": "t", "items": []}"#,
            Some("application/json")
        ));
        assert!(!looks_like_feed(
            b"<!DOCTYPE html><html><head>",
            Some("application/rss+xml")
        ));
        assert!(!looks_like_feed(b"<html><body><feed>", None));
        assert!(!looks_like_feed(b"", None));
        assert!(!looks_like_feed(b"plain text", Some("text/plain")));
    }
}
