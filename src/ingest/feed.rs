//! RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs; each entry becomes a draft.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::Once;

use feed_rs::model::Entry;
use feed_rs::parser::Builder;

use super::encoding::declare_utf8;
use super::html_text::{html_to_line, html_to_text};
use super::links::{LinkList, parse_base, resolve_href};
use super::paragraphs::paragraphs_from_lines;
use super::xml_fixups;
use crate::article::ArticleDraft;

thread_local! {
    /// Set while this thread runs the feed parser, whose panics are caught and reported as the
    /// feed's failure: the panic message must not land in the middle of a refresh's output.
    static PARSING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `parse` catching a panic, with the panic message kept quiet (on this thread only: other
/// threads' panics are printed as ever).
fn quietly<T>(parse: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    PARSING.with(|p| p.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(parse));
    PARSING.with(|p| p.set(false));
    result.ok()
}

/// A feed as fetched: its title and site, and its entries as drafts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedDocument {
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub drafts: Vec<ArticleDraft>,
    /// Entries left out because nothing in them could be read (no title, no text).
    pub unreadable: usize,
}

/// Parses a feed that has already been decoded to text. A feed feed-rs cannot read is an `Err` with its reason.
pub fn parse_feed(text: &str) -> Result<Vec<ArticleDraft>, String> {
    parse_feed_document(text, None).map(|document| document.drafts)
}

/// Parses a feed fetched from `fetched_from`, against which relative links (the site's, and an
/// entry's when the site has none) are resolved.
pub fn parse_feed_document(text: &str, fetched_from: Option<&str>) -> Result<FeedDocument, String> {
    // The text is UTF-8 now, whatever the declaration said; feed-rs must not decode it again.
    let xml = xml_fixups::repair(&declare_utf8(text));
    let parser = Builder::new()
        // An empty id marks an entry that had none, so no synthesised guid is stored as if it were real.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    // feed-rs panics on some input (an author with a non-ASCII character just before an email, which
    // it slices mid-character); that is this file's failure, not the import's.
    let parsed = quietly(|| parser.parse(xml.as_bytes()))
        .ok_or_else(|| "the feed parser failed on this feed".to_string())?;
    let feed = parsed.map_err(|err| err.to_string())?;
    let fetched_from = parse_base(fetched_from);
    let site_url =
        preferred_link(&feed.links).and_then(|href| resolve_href(&href, fetched_from.as_ref()));
    // A relative entry link is resolved against the site's link, else the feed's own address.
    let base = parse_base(site_url.as_deref()).or(fetched_from);
    let title = feed
        .title
        .as_ref()
        .map(|title| html_to_line(&title.content))
        .filter(|title| !title.is_empty());
    let drafts = feed
        .entries
        .iter()
        .map(|entry| entry_to_draft(entry, base.as_ref(), title.as_deref()))
        .collect();
    Ok(FeedDocument {
        title,
        site_url,
        drafts,
        unreadable: 0,
    })
}

fn entry_to_draft(
    entry: &Entry,
    feed_base: Option<&url::Url>,
    feed_title: Option<&str>,
) -> ArticleDraft {
    let feed_base = feed_base.cloned();
    let url = preferred_link(&entry.links).and_then(|href| resolve_href(&href, feed_base.as_ref()));
    let base = parse_base(url.as_deref()).or(feed_base);
    let mut links = LinkList::new();

    let content = entry.content.as_ref().and_then(|content| {
        let body = content
            .body
            .as_deref()
            .filter(|body| !body.trim().is_empty())?;
        Some((body, content.content_type.to_string()))
    });
    let summary = entry
        .summary
        .as_ref()
        .filter(|s| !s.content.trim().is_empty());
    let (body, standfirst) = match (content, summary) {
        (Some((content, content_type)), summary) => {
            let body = markup_to_body(content, &content_type, base.as_ref(), &mut links);
            let standfirst = summary
                .map(|s| html_to_line(&s.content))
                .filter(|s| !same_text(s, &body))
                .unwrap_or_default();
            (body, standfirst)
        }
        (None, Some(summary)) => {
            let content_type = summary.content_type.to_string();
            let body = markup_to_body(&summary.content, &content_type, base.as_ref(), &mut links);
            (body, String::new())
        }
        (None, None) => (String::new(), String::new()),
    };

    let authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|person| person.name.as_deref().or(person.email.as_deref()))
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect();

    ArticleDraft {
        title: entry
            .title
            .as_ref()
            .map(|t| html_to_line(&t.content))
            .unwrap_or_default(),
        standfirst,
        body,
        source: feed_title.unwrap_or_default().to_owned(),
        author: authors.join(", "),
        url,
        guid: Some(entry.id.trim().to_string()).filter(|id| !id.is_empty()),
        published: entry.published.or(entry.updated),
        links: links.into_links(),
        ..ArticleDraft::default()
    }
}

/// The first `rel="alternate"` (or rel-less) link, else the first link.
fn preferred_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| links.first())
        .map(|link| link.href.trim().to_string())
        .filter(|href| !href.is_empty())
}

/// Entry text as a body: HTML through the walker; plain text (without tags) keeps its lines as paragraphs.
fn markup_to_body(
    text: &str,
    content_type: &str,
    base: Option<&url::Url>,
    links: &mut LinkList,
) -> String {
    if content_type.starts_with("text/plain") && !text.contains('<') {
        let lines: Vec<&str> = text.lines().collect();
        return paragraphs_from_lines(&lines);
    }
    html_to_text(text, base, links)
}

/// True when two texts are the same apart from whitespace, or one merely starts the other.
fn same_text(summary: &str, body: &str) -> bool {
    let flatten = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let summary = flatten(summary);
    let summary = summary.trim_end_matches(['…', '.']).trim_end_matches("...");
    summary.is_empty() || flatten(body).starts_with(summary)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ingest::encoding::decode;

    #[test]
    fn rss_items_become_drafts() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley &amp; Hills</title>
            <link>https://valley.example/</link>
            <item><title>Road &lt;b&gt;closed&lt;/b&gt;</title><link>https://valley.example/road</link>
            <guid>road-1</guid><pubDate>Tue, 02 Apr 2024 08:00:00 GMT</pubDate>
            <description>&lt;p&gt;See &lt;a href="/map"&gt;the map&lt;/a&gt;.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
            </item>
            <item><title>No guid here</title><description>Plain words</description></item>
            </channel></rss>"#;
        let drafts = parse_feed(rss).unwrap();
        assert_eq!(drafts.len(), 2);
        let first = &drafts[0];
        assert_eq!(first.title, "Road closed");
        assert_eq!(first.source, "Valley & Hills");
        assert_eq!(first.body, "See the map[1].");
        assert_eq!(first.links[0].url, "https://valley.example/map");
        assert_eq!(first.guid.as_deref(), Some("road-1"));
        assert!(first.published.is_some());
        assert_eq!(drafts[1].guid, None);
        assert_eq!(drafts[1].body, "Plain words");
    }

    #[test]
    fn atom_summary_becomes_standfirst_when_content_exists() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:desk</id>
            <updated>2024-04-02T08:00:00Z</updated>
            <entry><title>Harbour news</title><id>urn:1</id><updated>2024-04-02T08:00:00Z</updated>
            <author><name>Ann</name></author><author><name>Bo</name></author>
            <link rel="alternate" href="https://desk.example/1"/>
            <summary>Short version</summary>
            <content type="html">&lt;p&gt;Long version of the story.&lt;/p&gt;</content></entry></feed>"#;
        let drafts = parse_feed(atom).unwrap();
        assert_eq!(drafts[0].standfirst, "Short version");
        assert_eq!(drafts[0].body, "Long version of the story.");
        assert_eq!(drafts[0].author, "Ann, Bo");
        assert_eq!(drafts[0].url.as_deref(), Some("https://desk.example/1"));
    }

    #[test]
    fn windows_1251_feed_keeps_cyrillic() {
        let rss = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>\
                   <title>Новости</title><item><title>Погода в Москве</title>\
                   <description>Ожидается снег</description></item></channel></rss>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(rss);
        let drafts = parse_feed(&decode(&bytes)).unwrap();
        assert_eq!(drafts[0].title, "Погода в Москве");
        assert_eq!(drafts[0].source, "Новости");
    }

    #[test]
    fn json_feed_and_empty_feed() {
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "7", "content_text": "Hello there", "title": "Hi"}]}"#;
        let drafts = parse_feed(json).unwrap();
        assert_eq!(drafts[0].title, "Hi");
        assert_eq!(drafts[0].body, "Hello there");
        let empty =
            parse_feed("<rss version=\"2.0\"><channel><title>E</title></channel></rss>").unwrap();
        assert!(empty.is_empty());
    }

    #[test]
    fn a_feed_parser_panic_is_this_feed_s_error() {
        let rss = "<rss version=\"2.0\"><channel><title>F</title><item><title>A</title>\
                   <author>Ann Lee «ann@example.org</author></item></channel></rss>";
        assert_eq!(
            parse_feed(rss).unwrap_err(),
            "the feed parser failed on this feed"
        );
    }

    #[test]
    fn malformed_feed_is_an_error() {
        assert!(parse_feed("<rss><channel><item>").is_err());
        assert!(parse_feed("not a feed").is_err());
    }
}
