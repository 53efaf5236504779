//! Feed text fields: what kind of text an element holds (plain, HTML, inline XHTML, or something
//! that is not text at all, which costs only that field), and that text made a line or a body.

use url::Url;

use super::namespaces::Ns;
use super::xml_tree::Element;
use crate::ingest::html_text::{html_to_line, html_to_text};
use crate::ingest::links::LinkList;
use crate::ingest::media_type;
use crate::ingest::paragraphs::paragraphs_from_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Plain,
    Html,
    /// Text another reader already made of the feed's markup: a `<` in it is a character.
    Rendered,
}

/// The text of one field, and how to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub value: String,
    pub markup: Markup,
    /// The field's own `xml:base`, as written.
    pub base: Option<String>,
}

impl Text {
    pub fn plain(value: String) -> Option<Text> {
        Text::new(value, Markup::Plain)
    }

    pub fn html(value: String) -> Option<Text> {
        Text::new(value, Markup::Html)
    }

    pub fn rendered(value: String) -> Option<Text> {
        Text::new(value, Markup::Rendered)
    }

    /// Read as HTML: said so, or plain text that carries tags anyway, as many feeds' "text" does.
    fn is_html(&self) -> bool {
        match self.markup {
            Markup::Html => true,
            Markup::Plain => self.value.contains('<'),
            Markup::Rendered => false,
        }
    }

    /// A text, or `None` when there is nothing in it but whitespace.
    fn new(value: String, markup: Markup) -> Option<Text> {
        (!value.trim().is_empty()).then_some(Text {
            value,
            markup,
            base: None,
        })
    }

    /// The text as one line, tags stripped and entities decoded.
    pub fn to_line(&self) -> String {
        if self.is_html() {
            html_to_line(&self.value)
        } else {
            self.value.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    }

    /// The text as paragraphs: HTML through the walker (links numbered into `links`), plain text
    /// keeping its lines.
    pub fn to_body(&self, base: Option<&Url>, links: &mut LinkList) -> String {
        if self.is_html() {
            return html_to_text(&self.value, base, links);
        }
        let lines: Vec<&str> = self.value.lines().collect();
        paragraphs_from_lines(&lines)
    }
}

/// How an element's text is meant, from its `type`.
enum Kind {
    Plain,
    Html,
    /// XML markup inline (Atom's `xhtml`, an `application/xhtml+xml` or other XML media type).
    Inline,
}

/// The text of a field element, read as its `type` (and Atom 0.3's `mode`) says. `None` when it holds
/// nothing that reads as text: empty, base64 (`mode="base64"`, or a media type that is neither text
/// nor XML, which RFC 4287 says is base64-encoded).
pub fn field_text(element: &Element) -> Option<Text> {
    let mode = element.attr("mode").map(str::trim).unwrap_or_default();
    if mode.eq_ignore_ascii_case("base64") {
        return None;
    }
    // A parameter (`text/html; charset=utf-8`) does not change the kind.
    let declared = element.attr("type").map(media_type).unwrap_or_default();
    let kind = match declared.as_str() {
        "" => default_kind(element.ns),
        // `plain` is Media RSS's name for it.
        "text" | "text/plain" | "plain" => Kind::Plain,
        "html" | "text/html" => Kind::Html,
        "xhtml" | "application/xhtml+xml" => Kind::Inline,
        other if other.starts_with("text/") => Kind::Plain,
        other if other.ends_with("+xml") || other.ends_with("/xml") => Kind::Inline,
        _ => return None,
    };
    let mut text = if element.has_elements() {
        // Markup written unescaped (`<description><p>Item</p></description>`) is HTML whatever
        // the type says.
        Text::html(element.inner_markup())?
    } else {
        match kind {
            Kind::Plain => Text::plain(element.text())?,
            Kind::Html | Kind::Inline => Text::html(element.text())?,
        }
    };
    text.base = element.attr_in(Ns::Xml, "base").map(str::to_string);
    Some(text)
}

/// Atom's text constructs and iTunes' and Media RSS's fields are plain text unless they say
/// otherwise; RSS's (and their other modules') hold HTML.
fn default_kind(ns: Ns) -> Kind {
    match ns {
        Ns::Atom | Ns::Itunes | Ns::Media => Kind::Plain,
        _ => Kind::Html,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ingest::feed::xml_tree::read;

    fn field(xml: &str) -> Option<Text> {
        field_text(&read(xml).root.unwrap())
    }

    #[test]
    fn types_choose_how_text_is_read() {
        let atom = "xmlns=\"http://www.w3.org/2005/Atom\"";
        let plain = field(&format!("<title {atom}>A &amp; B</title>")).unwrap();
        assert_eq!(
            (plain.markup, plain.to_line()),
            (Markup::Plain, "A & B".into())
        );
        let html = field(&format!(
            "<title {atom} type=\"html\">&lt;b&gt;A&lt;/b&gt;</title>"
        ));
        assert_eq!(html.unwrap().to_line(), "A");
        let rss = field("<description>x &lt;i&gt;y&lt;/i&gt;</description>").unwrap();
        assert_eq!(rss.markup, Markup::Html);
        assert_eq!(rss.to_line(), "x y");
    }

    #[test]
    fn inline_markup_and_odd_types() {
        let xhtml = field(
            "<content type=\"application/xhtml+xml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">\
             <p>Inline <b>xhtml</b></p></div></content>",
        )
        .unwrap();
        let mut links = LinkList::new();
        assert_eq!(xhtml.to_body(None, &mut links), "Inline xhtml");
        let unescaped = field("<description><p>Item</p></description>").unwrap();
        assert_eq!(unescaped.to_line(), "Item");
        assert_eq!(
            field("<content type=\"application/octet-stream\">SGVsbG8=</content>"),
            None
        );
        assert_eq!(
            field("<content mode=\"base64\" type=\"text/html\">PGI+</content>"),
            None
        );
        let old =
            field("<content type=\"text/plain\" mode=\"escaped\">Line one\nLine two</content>");
        assert_eq!(
            old.unwrap().to_body(None, &mut links),
            "Line one\n\nLine two"
        );
        assert_eq!(field("<description>  </description>"), None);
        let media = field("<media:description type=\"plain\">Clip</media:description>");
        assert_eq!(media.map(|m| m.markup), Some(Markup::Plain));
    }
}
