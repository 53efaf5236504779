//! A read item made an article draft: links resolved against the right base, the content as the
//! body and a differing summary as the standfirst.

use url::Url;

use super::item::RawItem;
use super::text::Text;
use crate::article::ArticleDraft;
use crate::ingest::links::{LinkList, parse_base, picture_url, resolve_href};
use crate::ingest::paragraphs::same_text;

/// Resolves `href` (an `xml:base`, say) against `base`, keeping only web addresses.
pub fn resolve_base(href: Option<&str>, base: Option<&Url>) -> Option<Url> {
    let resolved = resolve_href(href?, base)?;
    parse_base(Some(&resolved))
}

/// Makes the draft. `feed_base` resolves the item's relative links (its own `xml:base` first).
pub fn item_to_draft(item: &RawItem, feed_base: Option<&Url>, feed_title: &str) -> ArticleDraft {
    let item_base = resolve_base(item.base.as_deref(), feed_base).or_else(|| feed_base.cloned());
    // The feed's own addresses (an enclosure's) are relative to the feed, not to the item's page.
    let image = item
        .image
        .as_deref()
        .and_then(|href| picture_url(href, item_base.as_ref()));
    let url = item
        .link
        .as_deref()
        .and_then(|href| resolve_href(href, item_base.as_ref()));
    // Links in the text are relative to the item's page when it has one.
    let text_base = parse_base(url.as_deref()).or(item_base);
    let mut links = LinkList::new();
    let mut body_of =
        |text: &Text| text.to_body(field_base(text, text_base.as_ref()).as_ref(), &mut links);
    let (body, standfirst) = match (&item.content, &item.summary) {
        (Some(content), summary) => {
            let body = body_of(content);
            let standfirst = summary
                .as_ref()
                .map(Text::to_line)
                .filter(|s| !same_text(s, &body))
                .unwrap_or_default();
            (body, standfirst)
        }
        (None, Some(summary)) => (body_of(summary), String::new()),
        (None, None) => (String::new(), String::new()),
    };
    ArticleDraft {
        title: item.title.as_ref().map(Text::to_line).unwrap_or_default(),
        standfirst,
        body,
        source: feed_title.to_string(),
        author: item.authors.join(", "),
        url,
        guid: item.guid.clone(),
        published: item.published,
        links: links.into_links(),
        image,
        ..ArticleDraft::default()
    }
}

/// The base a field's links resolve against: its own `xml:base`, else the item's.
fn field_base(text: &Text, item_base: Option<&Url>) -> Option<Url> {
    resolve_base(text.base.as_deref(), item_base).or_else(|| item_base.cloned())
}
