//! The text the HTML walk writes: the source's whitespace collapsed outside `<pre>`, blocks as
//! paragraphs, lines and list markers, link numbers after their anchors.

use super::links::LinkList;

/// Largest list number shown, nine digits: a count that would go past it stays there.
pub(super) const MOST_NUMBER: i64 = 999_999_999;

/// How an `<ol>` numbers its items: the next item's number, and the step to the one after it
/// (−1 when the list is `reversed`).
#[derive(Clone, Copy)]
pub(super) struct Numbers {
    pub(super) next: i64,
    pub(super) step: i64,
}

/// What to do when an element's children are done.
pub(super) enum Leave {
    Block,
    Line,
    List,
    Item,
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
    /// Open lists, innermost last, with their numbers (`None` for bullets). Inside one, blocks are
    /// lines, as its items are.
    lists: Vec<Option<Numbers>>,
    /// Where the last list marker ended: a block that starts there (an item's `<p>`) begins the
    /// item's text, on the marker's line.
    marker_end: Option<usize>,
}

impl TextWriter {
    pub(super) fn text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            self.flush_space();
            self.out.push_str(text);
            return;
        }
        if text.starts_with(char::is_whitespace) {
            self.space_pending = true;
        }
        for word in text.split_whitespace() {
            self.flush_space();
            self.out.push_str(word);
            self.space_pending = true;
        }
        if !text.ends_with(char::is_whitespace) && !text.trim().is_empty() {
            self.space_pending = false;
        }
    }

    /// Text that is not from the source (a list marker, a link number): no whitespace handling.
    pub(super) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
        self.space_pending = false;
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
    pub(super) fn start_list(&mut self, numbers: Option<Numbers>) -> Leave {
        self.paragraph_break();
        self.lists.push(numbers);
        Leave::List
    }

    /// A list item: a line that begins with its marker, `- ` or its number in a numbered list
    /// (`value`, when it gives one, and the items after it count on from there).
    pub(super) fn start_item(&mut self, value: Option<i64>) -> Leave {
        self.marker_end = None;
        self.line_break();
        let marker = match self.lists.last_mut() {
            Some(Some(numbers)) => {
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
        Leave::Item
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
        if self.out.is_empty() || self.out.ends_with("\n\n") {
            return;
        }
        self.out.push_str(if self.out.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        });
    }

    pub(super) fn leave(&mut self, leave: Leave, links: &mut LinkList) {
        match leave {
            Leave::Block => self.paragraph_break(),
            Leave::Line => self.line_break(),
            Leave::List => {
                self.lists.pop();
                self.paragraph_break();
            }
            Leave::Item => {
                // An empty item still ends its line.
                self.marker_end = None;
                self.line_break();
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

    pub(super) fn finish(mut self) -> String {
        self.trim_trailing_spaces();
        self.out.trim().to_string()
    }
}
