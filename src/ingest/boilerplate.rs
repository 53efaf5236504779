//! Page furniture marked by its class or id: ads, promos, sponsor boxes, newsletter sign-ups, related
//! stories, share and social buttons, cookie notices. Used for whole HTML pages only: in feed content and
//! JSON `body_html` a class rarely means anything, and the text is the article already.
//!
//! They are taken out of the document before Readability sees it: Readability turns a `<div>` of
//! text into a `<p>` without its class, so the text walker afterwards could not tell them apart.

use dom_query::{Document, NodeRef};

/// Class or id tokens that mark furniture. A token is a whole class or id, or a part of one between
/// dashes or underscores: `ad`, `ad-slot` and `related-stories` match; `header`, `shadow`, `read` do not.
const FURNITURE_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "adsbygoogle",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "promo",
    "promos",
    "sponsor",
    "sponsored",
    "sponsors",
    "newsletter",
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
];

/// A marked element holding at least this much text, mostly not links, is taken for the article
/// wrapped in an unlucky class (`post has-social-share`) and kept.
const PROSE_CHARS: usize = 600;

/// Removes every furniture element (and what is inside it) from `document`.
pub fn remove_furniture(document: &Document) {
    let marked: Vec<NodeRef> = document
        .select("[class], [id]")
        .nodes()
        .iter()
        .filter(|node| is_furniture(node))
        .copied()
        .collect();
    for node in marked {
        node.remove_from_parent();
    }
}

/// True when `node` is an element whose class or id marks it as furniture and that does not hold the
/// article's prose. `html` and `body` are never furniture, whatever their classes say.
pub fn is_furniture(node: &NodeRef) -> bool {
    let Some(name) = node.node_name() else {
        return false;
    };
    if matches!(name.to_ascii_lowercase().as_str(), "html" | "body") {
        return false;
    }
    let marked = [node.class(), node.id_attr()]
        .into_iter()
        .flatten()
        .any(|value| has_furniture_token(&value));
    marked && !holds_prose(node)
}

fn has_furniture_token(value: &str) -> bool {
    value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|token| {
            FURNITURE_TOKENS
                .iter()
                .any(|word| token.eq_ignore_ascii_case(word))
        })
}

/// Plenty of text, less than a third of it in links: prose rather than a list of links or a banner.
fn holds_prose(node: &NodeRef) -> bool {
    let text_chars = node.text().chars().count();
    if text_chars < PROSE_CHARS {
        return false;
    }
    let link_chars: usize = node
        .descendants_it()
        .filter(|n| n.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a")))
        .map(|n| n.text().chars().count())
        .sum();
    link_chars * 3 < text_chars
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn first_div_is_furniture(html: &str) -> bool {
        let document = Document::fragment(html);
        let div = document.select("div").nodes().first().copied().unwrap();
        is_furniture(&div)
    }

    #[test]
    fn tokens_match_whole_dash_separated_words() {
        for value in [
            "ad",
            "AD",
            "ad-slot",
            "top_ad",
            "related-stories",
            "article-related",
            "social share-tools",
            "newsletter_box",
            "cookie-banner",
            "sponsored-content",
            "adsbygoogle",
        ] {
            assert!(has_furniture_token(value), "{value}");
        }
        for value in [
            "header",
            "shadow",
            "read",
            "loaded",
            "adjust",
            "shared-state",
            "socialism",
        ] {
            assert!(!has_furniture_token(value), "{value}");
        }
    }

    #[test]
    fn furniture_is_removed_from_a_document() {
        let document = Document::from(
            "<html class=\"ads-on\"><body class=\"ad\"><p>Story.</p><div class=\"ad-slot\">Buy\
             <span class=\"promo\">now</span></div><p class=\"header\">More.</p></body></html>",
        );
        remove_furniture(&document);
        assert_eq!(document.select("body").text().as_ref(), "Story.More.");
    }

    #[test]
    fn marked_elements_are_furniture_unless_they_hold_the_prose() {
        assert!(first_div_is_furniture("<div class=\"ad\">Buy now</div>"));
        assert!(first_div_is_furniture(
            "<div id=\"related-stories\"><a href=\"/x\">X</a></div>"
        ));
        assert!(!first_div_is_furniture("<div class=\"story\">Text</div>"));
        let prose = "<p>A sentence of the story that goes on for a while.</p>".repeat(20);
        let wrapper = format!("<div class=\"post has-social-share\">{prose}</div>");
        assert!(!first_div_is_furniture(&wrapper));
        let links =
            "<li><a href=\"/s\">Another story with a long headline here</a></li>".repeat(30);
        let related = format!("<div class=\"related\"><ul>{links}</ul></div>");
        assert!(first_div_is_furniture(&related));
    }
}
