//! A linear pass that bounds the work html5ever does on a piece of HTML, keeping all of its text.
//!
//! html5ever's tree builder walks its stack of open elements for most tags, so thousands of nested
//! `<div>`s cost it the square of their number (40,000 took 17 s). This pass follows the tree
//! builder's rules for opening and closing elements closely enough to know how deep each tag
//! lands, and leaves out start tags (with their end tags) beyond [`MAX_DEPTH`]; their text stays,
//! in the deepest element kept. Formatting elements that the tree builder would reopen after every
//! block are capped too, and so are attributes per tag.
//!
//! What comes out is what html5ever can only read one way: comments are dropped, and a `<` that
//! is not one of the tags written out here is escaped where html5ever could take it for markup
//! (raw text, attribute values). So even where this pass misjudges the tree builder's state, html5ever
//! sees no tag that the pass did not count. Where the pass closes an element implicitly it writes
//! the end tag out, so the tree builder closes it too. Pages within the bounds parse to the same tree.

use std::collections::HashMap;

use super::foreign::{Foreign, Step};
use super::names::{Scope, closes_p, is_formatting, is_heading, is_raw_text, is_special, is_void};
use super::scan::{MAX_ATTRIBUTES, Scanner, Tag, Token};
use crate::ingest::deadline;

/// Elements open inside one another beyond this are left out. Real pages nest a few dozen deep.
pub(super) const MAX_DEPTH: usize = 128;
/// Formatting elements (`b`, `i`, `font`, ...) open at once beyond this are left out: they hold no
/// text of their own, and each open one is reopened after every block the tree builder closes it in.
const MAX_FORMATTING: usize = 16;
/// Runs of left-out elements an end tag is matched against.
const OVERFLOW_LOOKBACK: usize = 16;
/// Tokens between looks at the deadline.
const DEADLINE_EVERY: usize = 1024;

/// `html` with its nesting bounded, ready for html5ever. Stops early, with what it has, once the
/// thread's parsing deadline has passed.
pub fn bound_markup(html: &str) -> String {
    let mut bounder = Bounder::default();
    bounder.out.reserve(html.len() + html.len() / 16);
    let mut scanner = Scanner::new(html);
    let mut tokens = 0usize;
    while let Some(token) = scanner.next_token() {
        tokens += 1;
        if tokens.is_multiple_of(DEADLINE_EVERY) && deadline::passed() {
            break;
        }
        bounder.token(token, &mut scanner);
    }
    bounder.out
}

#[derive(Default)]
struct Bounder {
    out: String,
    /// Open elements as the tree builder would have them, outermost first (at most [`MAX_DEPTH`]).
    stack: Vec<String>,
    /// Start tags left out for depth, in runs of one name, innermost last.
    overflow: Vec<(String, usize)>,
    /// Formatting elements other than `a` in `stack`.
    formatting_open: usize,
    /// Formatting start tags left out by [`MAX_FORMATTING`], by name, so their end tags go too.
    dropped_formatting: HashMap<String, usize>,
    /// The raw-text element (`script`, `title`, ...) whose content is being read.
    raw_element: Option<String>,
    /// The SVG or MathML element being left out.
    foreign: Option<Foreign>,
}

impl Bounder {
    fn token(&mut self, token: Token, scanner: &mut Scanner) {
        if let Some(foreign) = &mut self.foreign {
            match foreign.token(&token) {
                Step::Inside => return,
                Step::Closed => {
                    self.foreign = None;
                    return;
                }
                Step::Left => self.foreign = None,
                Step::Unmatched => match &token {
                    Token::Tag(tag) if self.find_for_end_tag(&tag.name).is_some() => {
                        self.foreign = None;
                    }
                    _ => return,
                },
            }
        }
        match token {
            Token::Text(text) => self.out.push_str(text),
            Token::Raw(content) => escape_markup(&mut self.out, content),
            Token::Doctype(raw) => {
                if !raw[1..].contains('<') {
                    self.out.push_str(raw);
                }
            }
            Token::Comment => {}
            Token::Tag(tag) if tag.end => self.end_tag(&tag),
            Token::Tag(tag) => self.start_tag(&tag, scanner),
        }
    }

    fn start_tag(&mut self, tag: &Tag, scanner: &mut Scanner) {
        let name = tag.name.as_str();
        if matches!(name, "svg" | "math") {
            if !tag.self_closing {
                self.foreign = Some(Foreign::new(name));
            }
            return;
        }
        let deep = !self.overflow.is_empty() || self.stack.len() >= MAX_DEPTH;
        if !deep {
            self.implied_closes(name);
        }
        if matches!(name, "html" | "head" | "body") || is_void(name) {
            self.write_tag(tag);
            return;
        }
        if name == "plaintext" || is_raw_text(name) {
            // Its content cannot hold a tag, so it adds one level at most, however deep it is.
            self.write_tag(tag);
            if name == "plaintext" {
                scanner.enter_plaintext();
            } else {
                scanner.enter_raw(name);
                self.raw_element = Some(name.to_string());
            }
            return;
        }
        if deep {
            match self.overflow.last_mut() {
                Some((last, count)) if last == name => *count += 1,
                _ => self.overflow.push((name.to_string(), 1)),
            }
            return;
        }
        if is_formatting(name) && name != "a" {
            if self.formatting_open >= MAX_FORMATTING {
                *self.dropped_formatting.entry(name.to_string()).or_default() += 1;
                return;
            }
            self.formatting_open += 1;
        }
        self.stack.push(name.to_string());
        self.write_tag(tag);
    }

    /// What the tree builder closes before opening `name`.
    fn implied_closes(&mut self, name: &str) {
        match name {
            "li" => self.close_nearest(|open| open == "li", stops_list_item_search),
            "dd" | "dt" => {
                self.close_nearest(|open| matches!(open, "dd" | "dt"), stops_list_item_search)
            }
            _ => {}
        }
        if closes_p(name) {
            self.close_nearest(|open| open == "p", |open| Scope::Button.stops_at(open));
        }
        match name {
            _ if is_heading(name) && self.stack.last().is_some_and(|top| is_heading(top)) => {
                self.pop_to(self.stack.len() - 1, None);
            }
            "option" => self.close_top("option"),
            "optgroup" => {
                self.close_top("option");
                self.close_top("optgroup");
            }
            "a" | "nobr" => self.close_nearest(|open| open == name, is_special),
            "button" => self.close_nearest(
                |open| open == "button",
                |open| Scope::Default.stops_at(open),
            ),
            "td" | "th" => self.close_nearest(
                |open| matches!(open, "td" | "th"),
                |open| matches!(open, "tr" | "table" | "template" | "html"),
            ),
            "tr" => self.close_nearest(|open| open == "tr", |open| Scope::Table.stops_at(open)),
            "tbody" | "thead" | "tfoot" => self.close_nearest(
                |open| matches!(open, "tbody" | "thead" | "tfoot"),
                |open| Scope::Table.stops_at(open),
            ),
            "table" => self.close_nearest(
                |open| open == "table",
                |open| matches!(open, "td" | "th" | "caption" | "template" | "html"),
            ),
            _ => {}
        }
    }

    fn close_top(&mut self, name: &str) {
        if self.stack.last().is_some_and(|top| top == name) {
            self.pop_to(self.stack.len() - 1, None);
        }
    }

    /// Closes the innermost open element that `wanted` accepts, unless `stop` accepts one first.
    fn close_nearest(&mut self, wanted: impl Fn(&str) -> bool, stop: impl Fn(&str) -> bool) {
        if let Some(at) = self.find(wanted, stop) {
            self.pop_to(at, None);
        }
    }

    fn find(&self, wanted: impl Fn(&str) -> bool, stop: impl Fn(&str) -> bool) -> Option<usize> {
        for (at, open) in self.stack.iter().enumerate().rev() {
            if wanted(open) {
                return Some(at);
            }
            if stop(open) {
                return None;
            }
        }
        None
    }

    /// The open element an end tag for `name` closes, as the tree builder looks for it.
    fn find_for_end_tag(&self, name: &str) -> Option<usize> {
        if is_formatting(name) || !is_special(name) {
            // Past a special element the tree builder leaves an ordinary end tag alone (for a
            // formatting element, it moves things about without closing anything).
            return self.find(|open| open == name, is_special);
        }
        let scope = Scope::for_end_tag(name);
        if is_heading(name) {
            return self.find(is_heading, |open| scope.stops_at(open));
        }
        self.find(|open| open == name, |open| scope.stops_at(open))
    }

    fn end_tag(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if self.raw_element.as_deref() == Some(name) {
            self.raw_element = None;
            self.write_tag(tag);
            return;
        }
        if matches!(name, "html" | "head" | "body" | "br") || is_void(name) {
            self.write_tag(tag);
            return;
        }
        if self.close_overflow(name) {
            return;
        }
        if let Some(dropped) = self.dropped_formatting.get_mut(name)
            && *dropped > 0
        {
            *dropped -= 1;
            return;
        }
        match self.find_for_end_tag(name) {
            // The tree builder takes only the form itself off its stack.
            Some(at) if name == "form" => {
                self.overflow.clear();
                self.remove(at);
                self.write_tag(tag);
            }
            Some(at) => {
                self.overflow.clear();
                self.pop_to(at, Some(tag));
            }
            // An end tag matching nothing open: harmless as written, unless elements were left
            // out, which it might have been meant for.
            None if self.overflow.is_empty() => self.write_tag(tag),
            None => {}
        }
    }

    /// Matches an end tag against the innermost elements left out; true when it was theirs.
    fn close_overflow(&mut self, name: &str) -> bool {
        let runs = self.overflow.len();
        let Some(back) = self
            .overflow
            .iter()
            .rev()
            .take(OVERFLOW_LOOKBACK)
            .position(|(open, _)| open == name)
        else {
            return false;
        };
        let at = runs - 1 - back;
        self.overflow.truncate(at + 1);
        if let Some((_, count)) = self.overflow.last_mut() {
            *count -= 1;
            if *count == 0 {
                self.overflow.pop();
            }
        }
        true
    }

    /// Closes the element at `at` and everything inside it, writing each end tag: `last` for the
    /// element itself when an end tag in the input closed it.
    fn pop_to(&mut self, at: usize, last: Option<&Tag>) {
        while self.stack.len() > at {
            let is_last = self.stack.len() == at + 1;
            let name = self.remove(self.stack.len() - 1);
            match last {
                Some(tag) if is_last => self.write_tag(tag),
                _ => {
                    self.out.push_str("</");
                    self.out.push_str(&name);
                    self.out.push('>');
                }
            }
        }
    }

    fn remove(&mut self, at: usize) -> String {
        let name = self.stack.remove(at);
        if is_formatting(&name) && name != "a" {
            self.formatting_open = self.formatting_open.saturating_sub(1);
            if self.formatting_open == 0 {
                // Any left out were inside the ones now closed.
                self.dropped_formatting.clear();
            }
        }
        name
    }

    /// Writes a tag as it was, or rewritten when it has too many attributes or a `<` inside.
    fn write_tag(&mut self, tag: &Tag) {
        if tag.attr_count <= MAX_ATTRIBUTES && !tag.raw[1..].contains('<') {
            self.out.push_str(tag.raw);
            return;
        }
        self.out.push('<');
        if tag.end {
            self.out.push('/');
        }
        self.out.push_str(&tag.name.replace('<', "_"));
        for attr in tag.attrs.iter().filter(|attr| !attr.name.contains('<')) {
            self.out.push(' ');
            self.out.push_str(attr.name);
            if let Some(value) = attr.value {
                self.out.push_str("=\"");
                for c in value.chars() {
                    match c {
                        '<' => self.out.push_str("&lt;"),
                        '"' => self.out.push_str("&quot;"),
                        c => self.out.push(c),
                    }
                }
                self.out.push('"');
            }
        }
        self.out
            .push_str(if tag.self_closing { " />" } else { ">" });
    }
}

/// `li`, `dd` and `dt` close an open one unless a special element other than these is in between.
fn stops_list_item_search(open: &str) -> bool {
    is_special(open) && !matches!(open, "address" | "div" | "p")
}

/// Raw text written out so that no `<` in it can open a tag, whatever state html5ever reads it in.
/// (In a title or textarea the entity reads back as `<`; script and style text is never shown.)
fn escape_markup(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, _) in text.match_indices('<') {
        let next = bytes.get(at + 1).copied().unwrap_or(b' ');
        if next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?') {
            out.push_str(&text[from..at]);
            out.push_str("&lt;");
            from = at + 1;
        }
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
#[path = "bound_tests.rs"]
mod tests;
