//! An item another feed reader cached (newsboat's cache.db) made a draft the way a fetched item
//! is: the same item fields, the same HTML conversion and the same link resolution.

use chrono::{DateTime, Utc};

use super::draft::item_to_draft;
use super::item::RawItem;
use super::text::Text;
use crate::article::ArticleDraft;
use crate::ingest::links::parse_base;

/// An item as another reader cached it from a feed: its fields as the feed gave them, its text
/// still HTML. Empty fields are missing ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CachedFeedItem {
    pub title: String,
    /// The item's page.
    pub link: String,
    pub guid: String,
    pub author: String,
    pub published: Option<DateTime<Utc>>,
    pub content: String,
    /// `content` is plain text, not HTML (newsboat says so in `content_mime_type`).
    pub plain: bool,
    /// The address the item's relative links are relative to (its `xml:base`).
    pub base: String,
    /// An enclosure that is a picture: the item's lead picture.
    pub picture: String,
}

/// Makes the draft of an item cached from the feed at `feed_url` (against which relative links
/// resolve when the item has no base of its own), named after the feed `feed_name`.
pub fn cached_item_to_draft(
    item: &CachedFeedItem,
    feed_url: &str,
    feed_name: &str,
) -> ArticleDraft {
    let given = |value: &str| Some(value.trim().to_string()).filter(|v| !v.is_empty());
    let content = if item.plain {
        Text::rendered(item.content.clone())
    } else {
        Text::html(item.content.clone())
    };
    let raw = RawItem {
        // newsboat stores a title as text: an HTML title was rendered before it was cached, so
        // "Q&A: the <video> tag" is those very characters, not markup to strip.
        title: Text::rendered(item.title.clone()),
        content,
        link: given(&item.link),
        guid: given(&item.guid),
        published: item.published,
        authors: given(&item.author).into_iter().collect(),
        base: given(&item.base),
        image: given(&item.picture),
        ..RawItem::default()
    };
    item_to_draft(&raw, parse_base(Some(feed_url)).as_ref(), feed_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_items_base_else_the_feeds_address() {
        let item = CachedFeedItem {
            title: "Tides & times".into(),
            content: "<p>See <a href=\"tables.html\">the tables</a>.</p>".into(),
            base: "https://base.example/tides/".into(),
            picture: "/pictures/tide.jpg".into(),
            ..CachedFeedItem::default()
        };
        let draft = cached_item_to_draft(&item, "https://feed.example/rss.xml", "Coast");
        assert_eq!(draft.title, "Tides & times");
        assert_eq!(draft.body, "See the tables[1].");
        assert_eq!(draft.links[0].url, "https://base.example/tides/tables.html");
        assert_eq!(
            draft.image.as_deref(),
            Some("https://base.example/pictures/tide.jpg")
        );
        assert_eq!(draft.source, "Coast");
        let without_base = CachedFeedItem {
            base: String::new(),
            ..item
        };
        let draft = cached_item_to_draft(&without_base, "https://feed.example/rss.xml", "Coast");
        assert_eq!(draft.links[0].url, "https://feed.example/tables.html");
    }

    #[test]
    fn a_cached_title_is_text_not_markup() {
        let item = CachedFeedItem {
            title: "Q&amp;A: when the <video> tag & R&D meet".into(),
            content: "Body.".into(),
            plain: true,
            ..CachedFeedItem::default()
        };
        let draft = cached_item_to_draft(&item, "https://feed.example/rss.xml", "Coast");
        assert_eq!(draft.title, "Q&amp;A: when the <video> tag & R&D meet");
    }
}
