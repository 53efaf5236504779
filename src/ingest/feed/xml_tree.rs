//! A forgiving XML reader for feeds: quick-xml's events built into a small element tree, with
//! namespaces resolved to the families feeds use, HTML entities read, stray or mismatched end tags
//! recovered as an HTML parser would, nesting capped, and the place where the XML breaks off recorded
//! instead of costing the whole document.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::namespaces::{Ns, for_prefix, for_uri};

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
    let repaired = with_last_end_tag_closed(xml);
    let xml = repaired.as_deref().unwrap_or(xml);
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

/// The text with a `>` added when it ends in an end tag that lost its own (`...</rss`): the rest
/// was read whole, so the break would cost nothing but a false alarm.
fn with_last_end_tag_closed(xml: &str) -> Option<String> {
    let trimmed = xml.trim_end();
    let at = trimmed.rfind('<')?;
    let name = trimmed[at..].strip_prefix("</")?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'));
    is_name.then(|| format!("{trimmed}>"))
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
            .and_then(char::from_u32)
            .filter(|&c| c != '\0')
            .map(String::from)
            .unwrap_or_default();
    }
    let written = format!("&{name};");
    html_escape::decode_html_entities(&written).into_owned()
}

struct Builder<'x> {
    xml: &'x str,
    /// Open elements, outermost first.
    stack: Vec<Element>,
    /// Prefixes each open element declared, in step with `stack`.
    declared: Vec<Vec<String>>,
    /// Namespace bindings in scope: prefix ("" for the default) to the families bound, innermost last.
    scopes: HashMap<String, Vec<Ns>>,
    /// Start tags past `MAX_DEPTH` still open (dropped, with their end tags).
    overflow: usize,
    root: Option<Element>,
    broken: Option<XmlBreak>,
    finished: bool,
    /// Line counting, done once over the text as positions advance.
    counted_to: usize,
    line: usize,
}

impl<'x> Builder<'x> {
    fn new(xml: &'x str) -> Self {
        Builder {
            xml,
            stack: Vec::new(),
            declared: Vec::new(),
            scopes: HashMap::new(),
            overflow: 0,
            root: None,
            broken: None,
            finished: false,
            counted_to: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `position`; positions are asked for in increasing order.
    fn line_at(&mut self, position: u64) -> usize {
        let position = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(self.xml.len());
        if position > self.counted_to {
            let bytes = &self.xml.as_bytes()[self.counted_to..position];
            self.line += bytes.iter().filter(|&&b| b == b'\n').count();
            self.counted_to = position;
        }
        self.line
    }

    fn open(&mut self, tag: &BytesStart, at: u64, empty: bool) {
        if self.stack.len() >= MAX_DEPTH {
            self.overflow += usize::from(!empty);
            return;
        }
        let line = self.line_at(at);
        let qname = tag.name().into_inner().to_ascii_lowercase();
        let mut declared = Vec::new();
        let mut raw_attrs = Vec::new();
        for attr in tag.html_attributes().flatten() {
            let key = attr.key.into_inner().to_ascii_lowercase();
            let value = html_escape::decode_html_entities(&attr.value).into_owned();
            if key == "xmlns" || key.starts_with("xmlns:") {
                let prefix = key.strip_prefix("xmlns:").unwrap_or("").to_string();
                let ns = match for_uri(&value) {
                    // An unknown default namespace is how many plain RSS feeds are written.
                    Ns::Other if prefix.is_empty() => Ns::Plain,
                    ns => ns,
                };
                self.scopes.entry(prefix.clone()).or_default().push(ns);
                declared.push(prefix);
            } else {
                raw_attrs.push((key, value));
            }
        }
        let (prefix, local) = split_qname(&qname);
        let ns = self.resolve(prefix);
        let attrs = raw_attrs
            .into_iter()
            .map(|(key, value)| {
                let (prefix, local) = split_qname(&key);
                Attr {
                    // Attributes without a prefix are in no namespace, whatever the default is.
                    ns: prefix.map_or(Ns::Plain, |p| self.resolve(Some(p))),
                    name: local.to_string(),
                    value,
                }
            })
            .collect();
        let element = Element {
            ns,
            name: local.to_string(),
            attrs,
            children: Vec::new(),
            line,
            complete: false,
            qname,
        };
        self.stack.push(element);
        self.declared.push(declared);
        if empty {
            self.pop();
        }
    }

    fn resolve(&self, prefix: Option<&str>) -> Ns {
        let key = prefix.unwrap_or("");
        match self.scopes.get(key).and_then(|bound| bound.last()) {
            Some(&ns) => ns,
            None => prefix.map_or(Ns::Plain, for_prefix),
        }
    }

    /// An end tag closes the innermost open element of that name and any left open inside it; an
    /// end tag that matches nothing open is ignored.
    fn close(&mut self, qname: &str) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let Some(at) = self.stack.iter().rposition(|e| e.qname == qname) else {
            return;
        };
        while self.stack.len() > at {
            self.pop();
        }
    }

    /// Ends the innermost open element and hands it to its parent (or makes it the root).
    fn pop(&mut self) {
        let Some(mut element) = self.stack.pop() else {
            return;
        };
        element.complete = true;
        for prefix in self.declared.pop().unwrap_or_default() {
            if let Some(bound) = self.scopes.get_mut(&prefix) {
                bound.pop();
            }
        }
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(element)),
            None => {
                self.root = Some(element);
                self.finished = true;
            }
        }
    }

    fn text(&mut self, text: &str) {
        let Some(current) = self.stack.last_mut() else {
            return;
        };
        match current.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(text),
            _ => current.children.push(Node::Text(text.to_string())),
        }
    }

    /// Elements still open when the text ran out are closed as incomplete.
    fn finish(mut self) -> Document {
        if let Some(open) = self.stack.last().map(|e| e.name.clone())
            && self.broken.is_none()
        {
            let line = self.line_at(self.xml.len() as u64);
            self.broken = Some(XmlBreak {
                line,
                reason: format!("the text ends before <{open}> is closed"),
            });
        }
        while let Some(mut element) = self.stack.pop() {
            self.declared.pop();
            element.complete = false;
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(Node::Element(element)),
                None => self.root = Some(element),
            }
        }
        Document {
            root: self.root,
            broken: self.broken,
        }
    }
}

fn split_qname(qname: &str) -> (Option<&str>, &str) {
    match qname.split_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, qname),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn root(xml: &str) -> Element {
        read(xml).root.unwrap()
    }

    #[test]
    fn namespaces_resolve_to_families_by_uri_or_customary_prefix() {
        let doc = root(
            "<rss xmlns:x=\"http://purl.org/dc/elements/1.1/\"><channel><x:creator>A</x:creator>\
             <dc:date>2024</dc:date><content:encoded>c</content:encoded></channel></rss>",
        );
        let channel = doc.elements().next().unwrap();
        let families: Vec<(Ns, &str)> = channel
            .elements()
            .map(|e| (e.ns, e.name.as_str()))
            .collect();
        assert_eq!(
            families,
            [
                (Ns::Dc, "creator"),
                (Ns::Dc, "date"),
                (Ns::Content, "encoded")
            ]
        );
    }

    #[test]
    fn entities_of_html_and_numbers_are_read() {
        let doc = root("<t>a&nbsp;b &amp; &#233;&#x41; &bogus; &#0;end & c</t>");
        assert_eq!(doc.text(), "a\u{a0}b & éA &bogus; end & c");
    }

    #[test]
    fn mismatched_and_stray_end_tags_are_recovered() {
        let doc = root("<rss><item><title>One</item><item><b>x</i>Two</item></rss>");
        let items: Vec<String> = doc.elements().map(Element::text).collect();
        assert_eq!(items, ["One", "xTwo"]);
        assert!(doc.complete);
    }

    #[test]
    fn a_cut_off_document_keeps_what_was_read_and_says_where() {
        let doc = read("<rss>\n<item><title>One</title></item>\n<item><title>Tw");
        let root = doc.root.unwrap();
        let items: Vec<&Element> = root.elements().collect();
        assert!(items[0].complete);
        assert!(!items[1].complete);
        let broken = doc.broken.unwrap();
        assert_eq!(broken.line, 3);
    }

    #[test]
    fn a_last_end_tag_without_its_bracket_is_no_break() {
        let doc = read("<rss><item><title>One</title></item>\n</rss\n");
        assert_eq!(doc.broken, None);
        assert!(doc.root.unwrap().complete);
        assert!(read("<rss><item>One</item></").broken.is_some());
    }

    #[test]
    fn nesting_past_the_cap_keeps_its_text_and_no_tags() {
        let depth = 10_000;
        let xml = format!("<r>{}deep{}</r>", "<d>".repeat(depth), "</d>".repeat(depth));
        let doc = read(&xml);
        assert!(doc.broken.is_none());
        let root = doc.root.unwrap();
        assert_eq!(root.text(), "deep");
        let mut levels = 0;
        let mut at = &root;
        while let Some(child) = at.elements().next() {
            levels += 1;
            at = child;
        }
        assert_eq!(levels, MAX_DEPTH - 1);
    }

    #[test]
    fn inner_markup_is_written_back_as_html() {
        let doc = root("<d>See <a href=\"/x?a=1&amp;b=2\">this &lt;one&gt;</a><br/></d>");
        assert_eq!(
            doc.inner_markup(),
            "See <a href=\"/x?a=1&amp;b=2\">this &lt;one&gt;</a><br>"
        );
    }
}
