//! One RSS item or Atom entry read field by field. Every field has its alternatives in the order
//! feeds are seen to use them (RSS's own, Dublin Core, iTunes, Media RSS, Atom inside RSS), and a
//! field that cannot be read is left out: it never costs the item, let alone the feed.

use chrono::{DateTime, Utc};

use super::namespaces::Ns;
use super::text::{Text, field_text};
use super::xml_tree::Element;
use crate::ingest::dates::parse_date;

/// What one item says, before it is made an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawItem {
    /// 1-based position among the feed's items.
    pub number: usize,
    pub line: Option<usize>,
    pub title: Option<Text>,
    pub summary: Option<Text>,
    pub content: Option<Text>,
    pub link: Option<String>,
    pub guid: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// When no date field reads: the first one there that does not, said for a warning
    /// (`pubDate: "bogus" is not a date`).
    pub unread_date: Option<String>,
    pub authors: Vec<String>,
    /// The item's `xml:base`, as written.
    pub base: Option<String>,
    /// Its lead picture's address, as written (see `picture.rs`).
    pub image: Option<String>,
}

/// Families RSS's and Atom's own elements may come in: Atom without its namespace is common.
const CORE: [Ns; 2] = [Ns::Plain, Ns::Atom];

/// The first child named `name` in one of `families`.
fn child<'e>(element: &'e Element, families: &[Ns], name: &str) -> Option<&'e Element> {
    element
        .elements()
        .find(|e| e.name == name && families.contains(&e.ns))
}

/// The first of `candidates` (family, name) that reads as text, among the element's children and
/// then inside its `media:group` (where YouTube and other video feeds put their descriptions).
fn first_text(element: &Element, candidates: &[(Ns, &str)]) -> Option<Text> {
    let within = |holder: &Element| {
        candidates.iter().find_map(|&(ns, name)| {
            holder
                .elements()
                .filter(|e| e.ns == ns && e.name == name)
                .find_map(field_text)
        })
    };
    within(element).or_else(|| child(element, &[Ns::Media], "group").and_then(within))
}

/// An element's text, trimmed; `None` when empty.
fn trimmed(element: &Element) -> Option<String> {
    let text = element.text();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Reads one item or entry. `number` and the element's line place it in messages.
pub fn read_item(element: &Element, number: usize) -> RawItem {
    let (published, unread_date) = published(element);
    RawItem {
        number,
        line: Some(element.line),
        title: first_text(
            element,
            &[
                (Ns::Plain, "title"),
                (Ns::Atom, "title"),
                (Ns::Dc, "title"),
                (Ns::Itunes, "title"),
                (Ns::Media, "title"),
            ],
        ),
        summary: first_text(
            element,
            &[
                (Ns::Plain, "description"),
                (Ns::Atom, "summary"),
                (Ns::Plain, "summary"),
                (Ns::Dc, "description"),
                (Ns::Itunes, "summary"),
                (Ns::Itunes, "subtitle"),
                (Ns::Media, "description"),
            ],
        ),
        content: first_text(
            element,
            &[
                (Ns::Content, "encoded"),
                (Ns::Atom, "content"),
                (Ns::Plain, "content"),
                (Ns::Xhtml, "body"),
                // XHTML's body written without its namespace, as some RSS feeds do.
                (Ns::Plain, "body"),
                (Ns::Xhtml, "div"),
            ],
        ),
        link: link(element),
        guid: guid(element),
        published,
        unread_date,
        authors: authors(element),
        base: element.attr_in(Ns::Xml, "base").map(str::to_string),
        image: super::picture::lead_picture(element),
    }
}

/// The item's own page: RSS's `<link>` text, else an Atom link (`alternate` first), else a guid
/// that is a permalink, else RSS 1.0's `rdf:about`, else the source of out-of-line content.
fn link(element: &Element) -> Option<String> {
    let links: Vec<&Element> = element
        .elements()
        .filter(|e| e.name == "link" && CORE.contains(&e.ns))
        .collect();
    let text_link = links.iter().find_map(|e| trimmed(e));
    let href = |wanted: &dyn Fn(&str) -> bool| {
        links.iter().find_map(|e| {
            let rel = e.attr("rel").map_or("alternate", str::trim);
            let href = e.attr("href").map(str::trim).filter(|h| !h.is_empty())?;
            wanted(rel).then(|| href.to_string())
        })
    };
    let permalink = child(element, &CORE, "guid").and_then(|guid| {
        let is_permalink = guid
            .attr("ispermalink")
            .is_none_or(|p| !p.trim().eq_ignore_ascii_case("false"));
        trimmed(guid).filter(|id| is_permalink && is_web_address(id))
    });
    let about = element
        .attr_in(Ns::Rdf, "about")
        .map(str::trim)
        .filter(|about| is_web_address(about))
        .map(str::to_string);
    let content_source = child(element, &CORE, "content")
        .and_then(|c| c.attr("src"))
        .map(str::trim)
        .filter(|src| !src.is_empty())
        .map(str::to_string);
    text_link
        .or_else(|| href(&|rel| rel.eq_ignore_ascii_case("alternate")))
        .or_else(|| href(&|rel| !rel.eq_ignore_ascii_case("self")))
        .or(permalink)
        .or(about)
        .or(content_source)
}

fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The item's identity: RSS's `guid`, Atom's `id`, Dublin Core's `identifier`, RSS 1.0's `rdf:about`.
fn guid(element: &Element) -> Option<String> {
    [
        (Ns::Plain, "guid"),
        (Ns::Atom, "id"),
        (Ns::Plain, "id"),
        (Ns::Dc, "identifier"),
    ]
    .iter()
    .find_map(|&(ns, name)| child(element, &[ns], name).and_then(trimmed))
    .or_else(|| {
        element
            .attr_in(Ns::Rdf, "about")
            .map(str::trim)
            .filter(|about| !about.is_empty())
            .map(str::to_string)
    })
}

/// The first date that reads, published before updated; an unreadable one is passed over, and
/// said when none reads.
fn published(element: &Element) -> (Option<DateTime<Utc>>, Option<String>) {
    let candidates = [
        (Ns::Plain, "pubdate"),
        (Ns::Atom, "published"),
        (Ns::Atom, "issued"),
        (Ns::Atom, "created"),
        (Ns::Dc, "date"),
        (Ns::Dc, "issued"),
        (Ns::Dc, "created"),
        (Ns::Plain, "published"),
        (Ns::Atom, "updated"),
        (Ns::Atom, "modified"),
        (Ns::Plain, "updated"),
        (Ns::Dc, "modified"),
    ];
    let dates = || {
        candidates.iter().flat_map(|&(ns, name)| {
            element
                .elements()
                .filter(move |e| e.ns == ns && e.name == name)
        })
    };
    if let Some(date) = dates().find_map(|e| parse_date(&e.text())) {
        return (Some(date), None);
    }
    let unread = dates()
        .map(|e| (e.name.clone(), e.text()))
        .find(|(_, text)| !text.trim().is_empty())
        .map(|(name, text)| unread_date(&name, text.trim()));
    (None, unread)
}

/// How a date field that cannot be read is said: its name and the start of its value.
pub fn unread_date(field: &str, value: &str) -> String {
    let value = crate::ingest::sanitize::quoted(value);
    format!("field {field}: {value} is not a date")
}

/// Authors from the first source that names any: RSS `author`, Atom `author/name` (or its email),
/// `dc:creator`, `itunes:author`.
fn authors(element: &Element) -> Vec<String> {
    let of = |ns: Ns, name: &str| -> Vec<String> {
        element
            .elements()
            .filter(|e| e.ns == ns && e.name == name)
            .filter_map(|e| {
                if e.has_elements() {
                    child(e, &CORE, "name")
                        .and_then(trimmed)
                        .or_else(|| child(e, &CORE, "email").and_then(trimmed))
                } else {
                    trimmed(e)
                }
            })
            .collect()
    };
    [
        (Ns::Plain, "author"),
        (Ns::Atom, "author"),
        (Ns::Dc, "creator"),
        (Ns::Itunes, "author"),
        (Ns::Plain, "creator"),
    ]
    .iter()
    .map(|&(ns, name)| of(ns, name))
    .find(|names| !names.is_empty())
    .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ingest::feed::xml_tree::read;

    fn item(xml: &str) -> RawItem {
        read_item(&read(xml).root.unwrap(), 1)
    }

    #[test]
    fn rss_1_item_without_a_link_takes_its_about() {
        let raw = item(
            "<item xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
             rdf:about=\"https://example.org/1\"><title>One</title></item>",
        );
        assert_eq!(raw.link.as_deref(), Some("https://example.org/1"));
        assert_eq!(raw.guid.as_deref(), Some("https://example.org/1"));
    }

    #[test]
    fn modules_fill_missing_fields() {
        let raw = item(
            "<item><dc:title>DC title</dc:title><itunes:summary>Said plainly</itunes:summary>\
             <dc:creator>Ann</dc:creator><dc:creator>Bo</dc:creator>\
             <pubDate>someday</pubDate><dc:date>2024-04-02T08:00:00Z</dc:date></item>",
        );
        assert_eq!(raw.title.unwrap().to_line(), "DC title");
        assert_eq!(raw.summary.unwrap().to_line(), "Said plainly");
        assert_eq!(raw.authors, ["Ann", "Bo"]);
        assert_eq!(
            raw.published.unwrap().to_rfc3339(),
            "2024-04-02T08:00:00+00:00"
        );
    }

    #[test]
    fn a_media_group_description_is_the_summary() {
        let raw = item(
            "<entry xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\">\
             <title>Clip</title><media:group><media:title>Clip</media:title>\
             <media:description>What the clip shows.</media:description></media:group></entry>",
        );
        assert_eq!(raw.summary.unwrap().to_line(), "What the clip shows.");
    }

    #[test]
    fn atom_links_prefer_alternate_and_skip_self() {
        let raw = item(
            "<entry xmlns=\"http://www.w3.org/2005/Atom\"><link rel=\"self\" href=\"/self\"/>\
             <link rel=\"enclosure\" href=\"/a.mp3\"/><link href=\"/page\"/></entry>",
        );
        assert_eq!(raw.link.as_deref(), Some("/page"));
        let raw = item("<item><guid isPermaLink=\"false\">https://x.example/1</guid></item>");
        assert_eq!(raw.link, None);
        assert_eq!(raw.guid.as_deref(), Some("https://x.example/1"));
    }
}
