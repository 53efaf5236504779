//! SVG and MathML inside HTML, left out before html5ever parses the page: the text converter skips
//! them anyway, and with no foreign content in what html5ever sees, its tokenizer and the nesting
//! bound cannot disagree about where raw text or a self-closing tag is.
//!
//! What is inside is followed only far enough to know where it ends: at its own end tag, at an end
//! tag for an element around it, or at an HTML tag that the tree builder would not leave inside it
//! (`<p>`, `<div>`, ...), which then goes on as HTML.

use super::bound::MAX_DEPTH;
use super::names::{breaks_out_of_foreign, is_integration_point, is_void};
use super::scan::{Tag, Token};

/// An `<svg>` or `<math>` element being left out.
pub(super) struct Foreign {
    /// Open elements inside it, the root first; `true` where their content is HTML (an HTML
    /// element, or an integration point such as `foreignObject`).
    open: Vec<(String, bool)>,
    /// Start tags beyond [`MAX_DEPTH`], counted rather than kept.
    overflow: usize,
}

/// What a token did to the foreign element.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// The token is inside it and left out with it.
    Inside,
    /// The token closed it and is left out with it.
    Closed,
    /// The foreign content ended before this token, which is HTML again.
    Left,
    /// An end tag for nothing inside: it ends the foreign content only if it closes an element
    /// around it, which the caller knows.
    Unmatched,
}

impl Foreign {
    pub fn new(root: &str) -> Foreign {
        Foreign {
            open: vec![(root.to_string(), false)],
            overflow: 0,
        }
    }

    pub fn token(&mut self, token: &Token) -> Step {
        match token {
            Token::Tag(tag) if tag.end => self.end_tag(tag),
            Token::Tag(tag) => self.start_tag(tag),
            _ => Step::Inside,
        }
    }

    fn html_content(&self) -> bool {
        self.open.last().is_some_and(|(_, html)| *html)
    }

    /// Pops foreign elements down to the nearest one whose content is HTML; false when none is left.
    fn break_out(&mut self) -> bool {
        self.overflow = 0;
        while self.open.last().is_some_and(|(_, html)| !*html) {
            self.open.pop();
        }
        !self.open.is_empty()
    }

    fn start_tag(&mut self, tag: &Tag) -> Step {
        let name = tag.name.as_str();
        let font_attr = ["color", "face", "size"]
            .iter()
            .any(|attr| tag.attr(attr).is_some());
        if !self.html_content() && breaks_out_of_foreign(name, font_attr) && !self.break_out() {
            return Step::Left;
        }
        let entry = if self.html_content() {
            match name {
                "svg" | "math" if !tag.self_closing => Some((name.to_string(), false)),
                _ if is_void(name) || tag.self_closing && matches!(name, "svg" | "math") => None,
                _ => Some((name.to_string(), true)),
            }
        } else if tag.self_closing {
            None
        } else {
            Some((
                name.to_string(),
                is_integration_point(name, tag.attr("encoding")),
            ))
        };
        if let Some(entry) = entry {
            if self.open.len() >= MAX_DEPTH {
                self.overflow += 1;
            } else {
                self.open.push(entry);
            }
        }
        Step::Inside
    }

    fn end_tag(&mut self, tag: &Tag) -> Step {
        let name = tag.name.as_str();
        if self.overflow > 0 {
            self.overflow -= 1;
            return Step::Inside;
        }
        if !self.html_content() && matches!(name, "p" | "br") && !self.break_out() {
            return Step::Left;
        }
        match self.open.iter().rposition(|(open, _)| open == name) {
            Some(0) => Step::Closed,
            Some(at) => {
                self.open.truncate(at);
                Step::Inside
            }
            None => Step::Unmatched,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::markup::scan::Scanner;

    /// The steps for each tag after the opening `<svg>`.
    fn steps(html: &str) -> Vec<Step> {
        let mut scanner = Scanner::new(html);
        let mut foreign = Foreign::new("svg");
        let mut out = Vec::new();
        while let Some(token) = scanner.next_token() {
            if matches!(token, Token::Tag(_)) {
                out.push(foreign.token(&token));
            }
        }
        out
    }

    #[test]
    fn foreign_content_ends_at_its_end_tag_or_a_breakout() {
        use Step::*;
        assert_eq!(
            steps("<g><path/></g></svg>"),
            [Inside, Inside, Inside, Closed]
        );
        assert_eq!(steps("<g><p>"), [Inside, Left]);
        assert_eq!(
            steps("<foreignObject><p>x</p></foreignObject></svg>"),
            [Inside, Inside, Inside, Inside, Closed]
        );
        assert_eq!(steps("<g></div>"), [Inside, Unmatched]);
    }
}
