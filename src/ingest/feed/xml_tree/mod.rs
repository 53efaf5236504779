//! A forgiving XML reader for feeds: quick-xml's events built into a small element tree, with
//! namespaces resolved to the families feeds use, HTML entities read, stray or mismatched end tags
//! recovered as an HTML parser would, nesting capped, and the place where the XML breaks off recorded
//! instead of costing the whole document.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

mod builder;
mod repair;

use self::builder::Builder;
use super::namespaces::Ns;

/// Deepest element kept in the tree: a feed needs five or six levels and inline XHTML a few dozen;
/// tags below this are dropped and their text goes to the deepest element kept, so a hostile
/// nesting costs neither stack nor time.
pub const MAX_DEPTH: usize = 64;

/// One element: its namespace family, local name (ASCII lower case), attributes and children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub ns: Ns,
    pub name: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: usize,
    /// False when the XML broke off before this element ended.
    pub complete: bool,
    /// The tag as written (lower case), to match its end tag.
    qname: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    pub ns: Ns,
    /// Local name, ASCII lower case.
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    /// Character data with references resolved (CDATA included).
    Text(String),
}

/// Where and why the XML stopped being readable.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlBreak {
    pub line: usize,
    pub reason: String,
}

/// A read document: the root element (as far as it could be read) and where the XML broke, if it did.
#[derive(Debug, Default)]
pub struct Document {
    pub root: Option<Element>,
    pub broken: Option<XmlBreak>,
    /// Words came before the first element: a text that mentions a tag, not an XML document.
    pub text_before_root: bool,
}

impl Element {
    /// The value of the attribute with this local name, in whatever namespace.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The value of the attribute with this local name in namespace `ns`.
    pub fn attr_in(&self, ns: Ns, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns == ns && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// True when the element holds other elements, not only text.
    pub fn has_elements(&self) -> bool {
        self.elements().next().is_some()
    }

    /// All the text inside, tags left out.
    pub fn text(&self) -> String {
        let mut out = String::new();
        collect_text(self, &mut out);
        out
    }

    /// What the element holds, written back as HTML markup (for unescaped markup in a description,
    /// or inline XHTML content): text is escaped again, tags keep their local names and attributes.
    pub fn inner_markup(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            write_markup(child, &mut out);
        }
        out
    }
}

fn collect_text(element: &Element, out: &mut String) {
    for child in &element.children {
        match child {
            Node::Text(text) => out.push_str(text),
            Node::Element(inner) => collect_text(inner, out),
        }
    }
}

/// HTML elements that never have content or an end tag.
const VOID_ELEMENTS: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn write_markup(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => out.push_str(&html_escape::encode_text(text)),
        Node::Element(element) => {
            out.push('<');
            out.push_str(&element.name);
            for attr in &element.attrs {
                out.push(' ');
                out.push_str(&attr.name);
                out.push_str("=\"");
                out.push_str(&html_escape::encode_double_quoted_attribute(&attr.value));
                out.push('"');
            }
            out.push('>');
            // HTML reads `</br>` as a second `<br>`: void elements get no end tag.
            if VOID_ELEMENTS.contains(&element.name.as_str()) {
                return;
            }
            for child in &element.children {
                write_markup(child, out);
            }
            out.push_str("</");
            out.push_str(&element.name);
            out.push('>');
        }
    }
}

/// Reads `xml` into a tree. Never fails: what could be read is kept, and where the XML broke is said.
pub fn read(xml: &str) -> Document {
    let repaired = repair::repaired(xml);
    let xml = repaired.as_ref();
    let mut builder = Builder::new(xml);
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.allow_unmatched_ends = true;
    config.check_end_names = false;
    config.check_comments = false;
    loop {
        let at = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(tag)) => builder.open(&tag, at, false),
            Ok(Event::Empty(tag)) => builder.open(&tag, at, true),
            Ok(Event::End(tag)) => builder.close(&tag.name().into_inner().to_ascii_lowercase()),
            Ok(Event::Text(text)) => builder.text(&text.xml10_content()),
            Ok(Event::CData(data)) => builder.text(&data.xml10_content()),
            Ok(Event::GeneralRef(reference)) => builder.text(&resolve_reference(&reference)),
            Ok(Event::Eof) => break,
            Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_)) => {}
            Err(error) => {
                let line = builder.line_at(reader.error_position());
                builder.broken = Some(XmlBreak {
                    line,
                    reason: error.to_string(),
                });
                break;
            }
        }
        if builder.finished {
            break;
        }
    }
    builder.finish()
}

/// An entity or character reference as text: XML's five, HTML's named ones, and numeric ones; an
/// unknown name stays as it was written.
fn resolve_reference(reference: &BytesRef) -> String {
    let name: &str = reference;
    if let Some(number) = name.strip_prefix('#') {
        let parsed = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        // NUL and non-characters are dropped; other controls are removed later with the rest.
        return parsed
            .and_then(crate::ingest::encoding::referenced_char)
            .filter(|&c| c != '\0')
            .map(String::from)
            .unwrap_or_default();
    }
    let written = format!("&{name};");
    html_escape::decode_html_entities(&written).into_owned()
}

fn split_qname(qname: &str) -> (Option<&str>, &str) {
    match qname.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, qname),
    }
}

#[cfg(test)]
mod tests;
