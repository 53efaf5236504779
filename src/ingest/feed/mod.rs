//! RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed, read by our own tolerant reader: a field that
//! cannot be read costs that field, an item that cannot be read costs that item (and is reported
//! with its place), and only a document with no readable item at all costs the feed.
//!
//! XML goes through `xml_tree` (quick-xml underneath, linear and depth-capped) and JSON through
//! `serde_json`; RSS items and Atom entries are read by one field table, so an Atom element inside
//! RSS or a Dublin Core title in an Atom entry is read wherever it turns up.

mod cached;
mod draft;
mod item;
mod json_feed;
mod namespaces;
mod picture;
mod text;
mod xml_tree;

use url::Url;

pub use self::cached::{CachedFeedItem, cached_item_to_draft};
use self::draft::{item_to_draft, resolve_base};
use self::item::{RawItem, read_item};
use self::namespaces::Ns;
use self::text::{Text, field_text};
use self::xml_tree::{Element, XmlBreak};
use super::encoding::declare_utf8;
use super::links::{parse_base, resolve_href};
use super::sanitize::clean_line;
use crate::article::ArticleDraft;

/// A feed as read: its title and site, its items as drafts, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedDocument {
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub drafts: Vec<ArticleDraft>,
    /// Where each draft's item sits in the feed, in step with `drafts`.
    pub places: Vec<ItemPlace>,
    /// Items refused, each said once.
    pub problems: Vec<FeedProblem>,
    /// Where the text broke off, when it did: the items before it were read. Any after it are
    /// lost, and how many nobody can say, so the break is not counted as an item.
    pub broke_off: Option<FeedProblem>,
    /// Fields of kept items that could not be read, each costing only itself (a date that
    /// reads as none: the item takes the time it was stored).
    pub warnings: Vec<FeedProblem>,
    /// Items left out because nothing in them could be read.
    pub unreadable: usize,
}

/// An item's place in its feed, for messages about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemPlace {
    /// 1-based position among the feed's items.
    pub number: usize,
    pub line: Option<usize>,
    pub guid: Option<String>,
}

impl ItemPlace {
    /// "item 3" or "item 3 (urn:x)", as a message starts.
    pub fn describe(&self) -> String {
        match &self.guid {
            Some(guid) => format!("item {} ({})", self.number, short(guid)),
            None => format!("item {}", self.number),
        }
    }
}

/// Something in a feed that was left out, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedProblem {
    pub line: Option<usize>,
    pub reason: String,
}

/// An item refused before it became a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemProblem {
    pub number: usize,
    pub line: Option<usize>,
    pub guid: Option<String>,
    pub reason: String,
}

/// What a reader found in a document, before drafts are made.
#[derive(Debug, Default)]
pub struct FeedParts {
    pub title: Option<Text>,
    pub site_link: Option<String>,
    /// The document's `xml:base`, as written.
    pub base: Option<String>,
    pub items: Vec<RawItem>,
    pub refused: Vec<ItemProblem>,
    /// Where the document broke off after at least one item was read whole.
    pub broken: Option<DocumentBreak>,
}

/// Where a document stopped being readable, between items.
#[derive(Debug)]
pub struct DocumentBreak {
    pub line: usize,
    pub reason: String,
    /// "XML" or "JSON", for the message.
    pub language: &'static str,
}

/// Parses a feed that has already been decoded to text. A document that is not a feed (an HTML
/// page, plain text, another XML vocabulary, invalid JSON), or whose XML breaks before any item is
/// whole, is an `Err` saying which.
pub fn parse_feed(text: &str) -> Result<FeedDocument, String> {
    parse_feed_document(text, None)
}

/// Parses a feed fetched from `fetched_from`, against which relative links (the site's, and an
/// entry's when the site has none) are resolved.
pub fn parse_feed_document(text: &str, fetched_from: Option<&str>) -> Result<FeedDocument, String> {
    let text = declare_utf8(text);
    let parts = if text.starts_with(['{', '[']) {
        json_feed::read_json_feed(&text)
    } else {
        read_xml_feed(&text)
    };
    // Reasons may quote the input, and are printed.
    let parts = parts.map_err(|reason| clean_line(&reason))?;
    Ok(make_document(parts, fetched_from))
}

fn make_document(parts: FeedParts, fetched_from: Option<&str>) -> FeedDocument {
    let fetched = parse_base(fetched_from);
    let declared_base = resolve_base(parts.base.as_deref(), fetched.as_ref());
    let document_base = declared_base.clone().or_else(|| fetched.clone());
    let site_url = parts
        .site_link
        .as_deref()
        .and_then(|href| resolve_href(href, document_base.as_ref()));
    // A relative entry link is resolved against the declared base, else the site's link, else
    // the feed's own address.
    let item_base: Option<Url> = declared_base
        .or_else(|| parse_base(site_url.as_deref()))
        .or(fetched);
    let title = parts
        .title
        .as_ref()
        .map(Text::to_line)
        .filter(|title| !title.is_empty());
    let mut document = FeedDocument {
        title,
        site_url,
        ..FeedDocument::default()
    };
    let feed_title = document.title.clone().unwrap_or_default();
    for item in &parts.items {
        document
            .drafts
            .push(item_to_draft(item, item_base.as_ref(), &feed_title));
        let place = ItemPlace {
            number: item.number,
            line: item.line,
            guid: item.guid.clone(),
        };
        if let Some(unread) = item
            .unread_date
            .as_ref()
            .filter(|_| item.published.is_none())
        {
            document.warnings.push(FeedProblem {
                line: item.line,
                reason: clean_line(&format!(
                    "{}: {unread}; it takes the time it was stored",
                    place.describe()
                )),
            });
        }
        document.places.push(place);
    }
    for refused in parts.refused {
        let place = ItemPlace {
            number: refused.number,
            line: refused.line,
            guid: refused.guid,
        };
        document.problems.push(FeedProblem {
            line: refused.line,
            reason: clean_line(&format!("{}: {}", place.describe(), refused.reason)),
        });
        document.unreadable += 1;
    }
    if let Some(broken) = parts.broken {
        document.broke_off = Some(FeedProblem {
            line: Some(broken.line),
            reason: clean_line(&format!(
                "the {} breaks off here ({}); the items before it were read",
                broken.language, broken.reason
            )),
        });
    }
    document
}

/// Root elements that make a document a feed even when it holds no items.
const FEED_ROOTS: [&str; 5] = ["rss", "rdf", "feed", "channel", "entry"];

fn read_xml_feed(text: &str) -> Result<FeedParts, String> {
    let document = xml_tree::read(text);
    let Some(root) = document.root else {
        return Err(not_xml_reason(text, document.broken.as_ref()));
    };
    if root.name == "html" || root.ns == Ns::Xhtml {
        return Err("this is an HTML page, not a feed".to_string());
    }
    let mut elements = Vec::new();
    if root.name == "entry" {
        elements.push(&root);
    } else {
        collect_items(&root, &mut elements);
    }
    if elements.is_empty() {
        if !FEED_ROOTS.contains(&root.name.as_str()) {
            return Err(if document.text_before_root {
                "this is not a feed: it is plain text".to_string()
            } else {
                format!("this is not a feed: its root element is <{}>", root.name)
            });
        }
        if let Some(broken) = document.broken {
            return Err(format!(
                "the XML breaks off at line {} ({}) before any item",
                broken.line, broken.reason
            ));
        }
    }
    let head = root
        .elements()
        .find(|e| e.name == "channel" && e.ns == Ns::Plain)
        .unwrap_or(&root);
    let mut parts = FeedParts {
        title: head
            .elements()
            .filter(|e| e.name == "title" && matches!(e.ns, Ns::Plain | Ns::Atom | Ns::Dc))
            .find_map(field_text),
        site_link: site_link(head),
        base: head
            .attr_in(Ns::Xml, "base")
            .or_else(|| root.attr_in(Ns::Xml, "base"))
            .map(str::to_string),
        ..FeedParts::default()
    };
    let mut cut_item = false;
    for (index, element) in elements.into_iter().enumerate() {
        let item = read_item(element, index + 1);
        if element.complete {
            parts.items.push(item);
            continue;
        }
        cut_item = true;
        let reason = match &document.broken {
            Some(broken) => format!(
                "cut off where the XML breaks at line {} ({})",
                broken.line, broken.reason
            ),
            None => "cut off where the XML breaks".to_string(),
        };
        parts.refused.push(ItemProblem {
            number: item.number,
            line: item.line,
            guid: item.guid,
            reason,
        });
    }
    if parts.items.is_empty()
        && let Some(broken) = &document.broken
    {
        return Err(format!(
            "the XML breaks off at line {} ({}) before any item is complete",
            broken.line, broken.reason
        ));
    }
    // A break inside an item is said with that item; one between items is said on its own.
    parts.broken = document
        .broken
        .filter(|_| !cut_item)
        .map(|broken| DocumentBreak {
            line: broken.line,
            reason: broken.reason,
            language: "XML",
        });
    Ok(parts)
}

/// Items and entries anywhere below the root, in document order. An item never holds another:
/// one found inside an item is where that item's end tag was left out (the items after it
/// nest in it), and is read as the item it is, not lost with the rest of the feed.
fn collect_items<'e>(element: &'e Element, out: &mut Vec<&'e Element>) {
    for child in element.elements() {
        let is_item = matches!(child.name.as_str(), "item" | "entry")
            && matches!(child.ns, Ns::Plain | Ns::Atom);
        if is_item {
            out.push(child);
        }
        collect_items(child, out);
    }
}

/// The site's address: RSS's `<link>` text, else an Atom `alternate` link.
fn site_link(head: &Element) -> Option<String> {
    let links: Vec<&Element> = head
        .elements()
        .filter(|e| e.name == "link" && matches!(e.ns, Ns::Plain | Ns::Atom))
        .collect();
    let text = links.iter().find_map(|link| {
        let text = link.text();
        let text = text.trim();
        (!text.is_empty() && link.attr("href").is_none()).then(|| text.to_string())
    });
    text.or_else(|| {
        links.iter().find_map(|link| {
            let rel = link.attr("rel").map_or("alternate", str::trim);
            let href = link.attr("href").map(str::trim).filter(|h| !h.is_empty())?;
            rel.eq_ignore_ascii_case("alternate")
                .then(|| href.to_string())
        })
    })
}

/// Why text with no element in it is not a feed.
fn not_xml_reason(text: &str, broken: Option<&XmlBreak>) -> String {
    let mut chars = text.chars();
    if chars.next() == Some('\u{1f}') && matches!(chars.next(), Some('\u{8b}' | '‹' | '\u{fffd}'))
    {
        return "this is gzip-compressed data, not a feed".to_string();
    }
    let head: Vec<char> = text.chars().take(1024).collect();
    let unreadable = head
        .iter()
        .filter(|&&c| c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()))
        .count();
    if unreadable * 10 > head.len() {
        return "this is binary data, not a feed".to_string();
    }
    match broken {
        Some(broken) => format!(
            "this is not a feed: the XML is broken at line {} ({})",
            broken.line, broken.reason
        ),
        None => "this is not a feed: it holds no XML element".to_string(),
    }
}

/// A guid quoted in a message: cleaned, at most 60 characters.
fn short(text: &str) -> String {
    let text = clean_line(text);
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests;
