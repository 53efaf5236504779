//! Builds the element tree from quick-xml's events: the open elements on a stack, namespace
//! bindings in scope, HTML-style recovery from end tags that do not match, and the depth cap.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::{Attr, Document, Element, MAX_DEPTH, Node, XmlBreak, split_qname};
use crate::ingest::feed::namespaces::{Ns, for_prefix, for_uri};

pub(super) struct Builder<'x> {
    xml: &'x str,
    /// Open elements, outermost first.
    stack: Vec<Element>,
    /// Prefixes each open element declared, in step with `stack`.
    declared: Vec<Vec<String>>,
    /// Namespace bindings in scope: prefix ("" for the default) to the families bound, innermost last.
    scopes: HashMap<String, Vec<Ns>>,
    /// Start tags past `MAX_DEPTH` still open, innermost last (dropped, with their end tags).
    overflow: Vec<String>,
    root: Option<Element>,
    pub(super) broken: Option<XmlBreak>,
    pub(super) finished: bool,
    text_before_root: bool,
    /// Line counting, done once over the text as positions advance.
    counted_to: usize,
    line: usize,
}

impl<'x> Builder<'x> {
    pub(super) fn new(xml: &'x str) -> Self {
        Builder {
            xml,
            stack: Vec::new(),
            declared: Vec::new(),
            scopes: HashMap::new(),
            overflow: Vec::new(),
            root: None,
            broken: None,
            text_before_root: false,
            finished: false,
            counted_to: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `position`; positions are asked for in increasing order.
    pub(super) fn line_at(&mut self, position: u64) -> usize {
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

    pub(super) fn open(&mut self, tag: &BytesStart, at: u64, empty: bool) {
        if self.stack.len() >= MAX_DEPTH {
            if !empty {
                self.overflow
                    .push(tag.name().into_inner().to_ascii_lowercase());
            }
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
    /// end tag that matches nothing open is ignored. Past the depth cap only the innermost dropped
    /// tag is compared, so unclosed tags there cost no search.
    pub(super) fn close(&mut self, qname: &str) {
        if self.overflow.last().is_some_and(|open| open == qname) {
            self.overflow.pop();
            return;
        }
        let Some(at) = self.stack.iter().rposition(|e| e.qname == qname) else {
            return;
        };
        // Whatever was left open below the cap ends with the element that holds it.
        self.overflow.clear();
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

    pub(super) fn text(&mut self, text: &str) {
        let Some(current) = self.stack.last_mut() else {
            if self.root.is_none() && !text.trim().is_empty() {
                self.text_before_root = true;
            }
            return;
        };
        match current.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(text),
            _ => current.children.push(Node::Text(text.to_string())),
        }
    }

    /// Elements still open when the text ran out are closed as incomplete.
    pub(super) fn finish(mut self) -> Document {
        if let Some(open) = self.stack.last().map(|e| e.name.clone())
            && self.broken.is_none()
        {
            // The line where the text stops, not the empty one after its last newline.
            let line = self.line_at(self.xml.trim_end().len() as u64);
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
            text_before_root: self.text_before_root,
        }
    }
}
