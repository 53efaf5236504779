//! The text the HTML walk writes: the source's whitespace collapsed outside `<pre>`, blocks as
//! paragraphs, lines and list markers, link numbers after their anchors. A list inside a list is
//! indented under its item's text, and so is the rest of an item after its first line; quotations
//! are indented too. The reader wraps an indented line under its first word, so it shows the
//! structure.

use super::links::LinkList;
use super::paragraphs::{end_paragraph, trim_keeping_indentation};

/// Columns a list inside a list (or inside an item) stands to the right of the outer list's markers,
/// at least.
const LIST_INDENT: usize = 2;
/// Columns a quotation (`<blockquote>`) is indented by, beyond the text around it.
const QUOTE_INDENT: usize = 4;
/// Most columns any line is indented by, however deeply lists and quotations nest: deeper ones
/// stay there.
pub(super) const MOST_INDENT: usize = 32;

/// Largest list number shown, nine digits: a count that would go past it stays there.
pub(super) const MOST_NUMBER: i64 = 999_999_999;

/// How an `<ol>` numbers its items: the next item's number, and the step to the one after it
/// (−1 when the list is `reversed`).
#[derive(Clone, Copy)]
pub(super) struct Numbers {
    pub(super) next: i64,
    pub(super) step: i64,
}

/// An open list: how it numbers its items (`None` for `- `) and the column of their markers.
struct List {
    numbers: Option<Numbers>,
    indent: usize,
}

/// What to do when an element's children are done; `indent` is the indentation to go back to.
pub(super) enum Leave {
    Block,
    Line,
    List { indent: usize },
    Item { indent: usize },
    Quote { indent: usize },
    Cell,
    Preformatted,
    Anchor { url: String, start: usize },
}

/// Accumulates text, collapsing the source's whitespace except inside `<pre>`.
#[derive(Default)]
pub(super) struct TextWriter {
    pub(super) out: String,
    space_pending: bool,
    pub(super) pre_depth: usize,
    /// Open lists, innermost last. Inside one, blocks are lines, as its items are.
    lists: Vec<List>,
    /// Columns each line begins with, written before its first text.
    indent: usize,
    /// Where the last list marker ended: a block that starts there (an item's `<p>`) begins the
    /// item's text, on the marker's line.
    marker_end: Option<usize>,
}

impl TextWriter {
    pub(super) fn text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            // Each line of it indented, as it is in its item, and its own indentation after.
            for (n, line) in text.split('\n').enumerate() {
                if n > 0 {
                    self.out.push('\n');
                }
                if !line.is_empty() {
                    self.begin();
                    self.out.push_str(line);
                }
            }
            return;
        }
        if text.starts_with(char::is_whitespace) {
            self.space_pending = true;
        }
        for word in text.split_whitespace() {
            self.begin();
            self.out.push_str(word);
            self.space_pending = true;
        }
        if !text.ends_with(char::is_whitespace) && !text.trim().is_empty() {
            self.space_pending = false;
        }
    }

    /// Text that is not from the source (a list marker, a link number): no whitespace handling.
    pub(super) fn raw(&mut self, text: &str) {
        if self.at_line_start() {
            self.begin();
        }
        self.out.push_str(text);
        self.space_pending = false;
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Before text: the line's indentation when the text begins the line, else the space pending.
    fn begin(&mut self) {
        if self.at_line_start() {
            self.out.extend(std::iter::repeat_n(' ', self.indent));
            self.space_pending = false;
        } else {
            self.flush_space();
        }
    }

    fn flush_space(&mut self) {
        if self.space_pending && !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
        self.space_pending = false;
    }

    fn trim_trailing_spaces(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(kept);
        self.space_pending = false;
    }

    /// A list (`<ul>`, `<ol>`): a paragraph, or lines among the lines of the list it is in.
    /// Its markers stand where the text around it does, and to the right of an outer list's.
    pub(super) fn start_list(&mut self, numbers: Option<Numbers>) -> Leave {
        self.paragraph_break();
        let outer = self.lists.last().map(|list| list.indent + LIST_INDENT);
        let indent = self.indent.max(outer.unwrap_or(0)).min(MOST_INDENT);
        self.lists.push(List { numbers, indent });
        Leave::List {
            indent: std::mem::replace(&mut self.indent, indent),
        }
    }

    /// A list item: a line that begins with its marker, `- ` or its number in a numbered list
    /// (`value`, when it gives one, and the items after it count on from there). Its lines after
    /// the first stand under its text.
    pub(super) fn start_item(&mut self, value: Option<i64>) -> Leave {
        self.marker_end = None;
        self.line_break();
        let numbers = self.lists.last_mut().and_then(|list| list.numbers.as_mut());
        let marker = match numbers {
            Some(numbers) => {
                // Counting on past nine digits stays at the last number.
                let number = value
                    .unwrap_or(numbers.next)
                    .clamp(-MOST_NUMBER, MOST_NUMBER);
                numbers.next = number + numbers.step;
                format!("{number}. ")
            }
            _ => "- ".to_string(),
        };
        self.raw(&marker);
        self.marker_end = Some(self.out.len());
        let indent = (self.indent + marker.len()).min(MOST_INDENT);
        Leave::Item {
            indent: std::mem::replace(&mut self.indent, indent),
        }
    }

    /// A quotation: its paragraphs indented, set off from the text around them.
    pub(super) fn start_quote(&mut self) -> Leave {
        self.paragraph_break();
        let indent = (self.indent + QUOTE_INDENT).min(MOST_INDENT);
        Leave::Quote {
            indent: std::mem::replace(&mut self.indent, indent),
        }
    }

    fn after_marker(&self) -> bool {
        self.marker_end == Some(self.out.len())
    }

    pub(super) fn line_break(&mut self) {
        if self.after_marker() {
            return;
        }
        self.trim_trailing_spaces();
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// A `<br>`: always a new line, so two in a row leave a blank line.
    pub(super) fn line_break_hard(&mut self) {
        self.trim_trailing_spaces();
        self.out.push('\n');
    }

    pub(super) fn paragraph_break(&mut self) {
        // Inside `<pre>` a block (a highlighter's `<div>` per line) is a line, as a browser
        // shows it: a blank line would double-space the code.
        // So is a block in a list (an item's paragraphs, a list in an item): the items are
        // lines, as the Markdown reader writes them.
        if self.pre_depth > 0 || !self.lists.is_empty() {
            self.line_break();
            return;
        }
        if self.after_marker() {
            return;
        }
        self.trim_trailing_spaces();
        end_paragraph(&mut self.out);
    }

    pub(super) fn leave(&mut self, leave: Leave, links: &mut LinkList) {
        match leave {
            Leave::Block => self.paragraph_break(),
            Leave::Line => self.line_break(),
            Leave::List { indent } => {
                self.lists.pop();
                self.paragraph_break();
                self.indent = indent;
            }
            Leave::Item { indent } => {
                // An empty item still ends its line.
                self.marker_end = None;
                self.line_break();
                self.indent = indent;
            }
            Leave::Quote { indent } => {
                self.paragraph_break();
                self.indent = indent;
            }
            Leave::Cell => self.space_pending = true,
            Leave::Preformatted => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.paragraph_break();
            }
            Leave::Anchor { url, start } => {
                let anchor_text = self.out.get(start..).unwrap_or("").trim().to_string();
                let number = links.add(url, &anchor_text);
                let pending = self.space_pending;
                self.raw(&format!("[{number}]"));
                self.space_pending = pending;
            }
        }
    }

    /// The text without blank lines at either end; its first line keeps its indentation.
    pub(super) fn finish(self) -> String {
        trim_keeping_indentation(&self.out).to_string()
    }
}
