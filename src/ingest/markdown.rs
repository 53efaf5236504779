//! Markdown articles: front matter for the metadata, the text rendered as plain paragraphs with numbered links.
//! Lists and quotations look as they do from HTML: a nested list under its item's text, a quotation
//! indented.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use url::Url;

use super::dates::parse_date;
use super::front_matter::split_front_matter;
use super::html_text::html_to_text;
use super::links::{LinkList, parse_base, resolve_href};
use super::paragraphs::end_paragraph;
use super::paragraphs::{title_from_text, trim_keeping_indentation};
use crate::article::ArticleDraft;

/// Why a Markdown file could not be imported; `line` is the front-matter line at fault, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub line: Option<usize>,
    pub reason: String,
}

impl MarkdownError {
    fn whole_file(reason: &str) -> Self {
        MarkdownError {
            line: None,
            reason: reason.to_string(),
        }
    }
}

/// Parses one Markdown article, and says which front-matter values were left out because they
/// could not be read (a `date` that is not a date), each with its field and line: a bad value
/// costs only its field.
pub fn parse_markdown(text: &str) -> Result<(ArticleDraft, Vec<MarkdownError>), MarkdownError> {
    let mut left_out = Vec::new();
    let (front, body) = split_front_matter(text);
    let mut draft = ArticleDraft {
        title: front.get(&["title", "headline"]).unwrap_or("").to_string(),
        source: front
            .get(&["source", "site", "publisher"])
            .unwrap_or("")
            .to_string(),
        author: front
            .get(&["author", "authors", "byline"])
            .unwrap_or("")
            .to_string(),
        url: front.get(&["url", "link", "canonical"]).map(str::to_string),
        guid: front.get(&["guid", "id"]).map(str::to_string),
        standfirst: front
            .get(&[
                "standfirst",
                "description",
                "summary",
                "subtitle",
                "dek",
                "excerpt",
            ])
            .unwrap_or("")
            .to_string(),
        ..ArticleDraft::default()
    };
    if let Some((key, value, line)) =
        front.get_with_line(&["published", "date", "pubdate", "publishdate"])
    {
        draft.published = parse_date(value);
        if draft.published.is_none() {
            left_out.push(MarkdownError {
                line: Some(line),
                reason: format!(
                    "field `{key}`: expected a date, got {}",
                    super::sanitize::quoted(value)
                ),
            });
        }
    }
    let base = parse_base(draft.url.as_deref());
    let rendered = render(body, base.as_ref(), &draft.title);
    if draft.title.trim().is_empty() {
        draft.title = rendered
            .heading_title
            .unwrap_or_else(|| title_from_text(&rendered.text));
    }
    if draft.title.trim().is_empty() && rendered.text.trim().is_empty() {
        return Err(MarkdownError::whole_file("no article text found"));
    }
    draft.body = rendered.text;
    draft.links = rendered.links.into_links();
    Ok((draft, left_out))
}

struct Rendered {
    text: String,
    links: LinkList,
    /// The first level-one heading, taken out of the text, when the front matter gave no title.
    heading_title: Option<String>,
}

fn render(markdown: &str, base: Option<&Url>, front_title: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut writer = Writer {
        base,
        ..Writer::default()
    };
    for event in Parser::new_ext(markdown, options) {
        writer.event(event, front_title);
    }
    Rendered {
        text: trim_keeping_indentation(&writer.out).to_string(),
        links: writer.links,
        heading_title: writer.heading_title,
    }
}

/// Columns a list inside a list stands to the right of the outer list's markers, at least.
const LIST_INDENT: usize = 2;
/// Columns a quotation is indented by, beyond the text around it.
const QUOTE_INDENT: usize = 4;
/// Most columns any line is indented by, however deeply lists and quotations nest.
const MOST_INDENT: usize = 32;

#[derive(Default)]
struct Writer<'b> {
    out: String,
    links: LinkList,
    base: Option<&'b Url>,
    heading_title: Option<String>,
    /// Where the level-one heading being read started, when it may be the title.
    title_heading_start: Option<usize>,
    /// Next number of each open list (`None` for bullets), and the column of its markers.
    lists: Vec<(Option<u64>, usize)>,
    /// Columns each line begins with, written before its first text.
    indent: usize,
    /// The indentation to go back to at the end of each open list, item and quotation.
    outer_indents: Vec<usize>,
    /// Open links: the resolved target (if kept) and where the anchor text starts.
    open_links: Vec<(Option<String>, usize)>,
    image_depth: usize,
    in_code_block: bool,
    html_block: Option<String>,
    table_cell: usize,
    /// A list marker was just written: the item's first paragraph goes on the same line.
    after_marker: bool,
}

impl Writer<'_> {
    fn event(&mut self, event: Event, front_title: &str) {
        match event {
            Event::Start(tag) => self.start(tag, front_title),
            Event::End(tag) => self.end(tag, front_title),
            Event::Text(text) if self.html_block.is_none() => self.text(&text),
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text(&text)
            }
            Event::Html(html) | Event::InlineHtml(html) => match &mut self.html_block {
                Some(block) => block.push_str(&html),
                // Inline tags carry no text of their own; only a line break matters.
                None if html.trim().to_ascii_lowercase().starts_with("<br") => self.out.push('\n'),
                None => {}
            },
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.out.push('\n'),
            Event::Rule => self.paragraph_break(),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]")),
            Event::Text(_) => {}
        }
    }

    fn start(&mut self, tag: Tag, front_title: &str) {
        match tag {
            Tag::Paragraph => self.paragraph_break(),
            Tag::BlockQuote(_) => {
                self.paragraph_break();
                self.indent_to(self.indent + QUOTE_INDENT);
            }
            Tag::Heading { level, .. } => {
                self.paragraph_break();
                let may_be_title = level == HeadingLevel::H1
                    && (self.heading_title.is_none() && front_title.trim().is_empty()
                        || self.out.trim().is_empty());
                self.title_heading_start = may_be_title.then_some(self.out.len());
            }
            Tag::CodeBlock(_) => {
                self.paragraph_break();
                self.in_code_block = true;
            }
            Tag::HtmlBlock => self.html_block = Some(String::new()),
            Tag::List(first) => {
                let column = match self.lists.last().map(|(_, column)| *column) {
                    None => {
                        self.paragraph_break();
                        self.indent
                    }
                    Some(outer) => {
                        self.line_break();
                        self.indent.max(outer + LIST_INDENT)
                    }
                };
                self.lists.push((first, column));
                self.indent_to(column);
            }
            Tag::Item => {
                self.line_break();
                let marker = match self.lists.last_mut() {
                    Some((Some(number), _)) => {
                        *number += 1;
                        format!("{}. ", *number - 1)
                    }
                    _ => "- ".to_string(),
                };
                self.write(&marker);
                self.after_marker = true;
                // The item's lines after its first stand under its text.
                self.indent_to(self.indent + marker.len());
            }
            Tag::TableHead | Tag::TableRow => {
                self.line_break();
                self.table_cell = 0;
            }
            Tag::TableCell => {
                if self.table_cell > 0 {
                    self.write(" | ");
                }
                self.table_cell += 1;
            }
            Tag::Link { dest_url, .. } => {
                let target = resolve_href(&dest_url, self.base);
                self.open_links.push((target, self.out.len()));
            }
            Tag::Image { .. } => self.image_depth += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, front_title: &str) {
        match tag {
            TagEnd::Paragraph | TagEnd::Table => self.paragraph_break(),
            TagEnd::BlockQuote(_) => {
                self.paragraph_break();
                self.outdent();
            }
            TagEnd::Item => self.outdent(),
            TagEnd::Heading(_) => {
                if let Some(start) = self.title_heading_start.take() {
                    let heading = self.out.get(start..).unwrap_or("").trim().to_string();
                    if front_title.trim().is_empty() {
                        self.heading_title = Some(heading);
                        self.out.truncate(start);
                    } else if heading == front_title.trim() {
                        // The title repeated as the first heading: it is already the title.
                        self.out.truncate(start);
                    }
                }
                self.paragraph_break();
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.paragraph_break();
            }
            TagEnd::HtmlBlock => {
                let html = self.html_block.take().unwrap_or_default();
                let text = html_to_text(&html, self.base, &mut self.links);
                self.paragraph_break();
                self.write(&text);
                self.paragraph_break();
            }
            TagEnd::List(_) => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.paragraph_break();
                }
                self.outdent();
            }
            TagEnd::Link => {
                if let Some((Some(url), start)) = self.open_links.pop() {
                    let text = self.out.get(start..).unwrap_or("").trim().to_string();
                    let number = self.links.add(url, &text);
                    self.write(&format!("[{number}]"));
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.image_depth == 0 && !text.is_empty() {
            self.write(text);
            self.after_marker = false;
        }
    }

    /// Writes `text`, each line it begins after the indentation.
    fn write(&mut self, text: &str) {
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.out.push('\n');
            }
            if line.is_empty() {
                continue;
            }
            if self.out.is_empty() || self.out.ends_with('\n') {
                self.out.extend(std::iter::repeat_n(' ', self.indent));
            }
            self.out.push_str(line);
        }
    }

    /// Indents the lines to come by `columns` (at most [`MOST_INDENT`]) until [`Self::outdent`].
    fn indent_to(&mut self, columns: usize) {
        let outer = std::mem::replace(&mut self.indent, columns.min(MOST_INDENT));
        self.outer_indents.push(outer);
    }

    fn outdent(&mut self) {
        self.indent = self.outer_indents.pop().unwrap_or(0);
    }

    fn line_break(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// A blank line, except inside a list where items stay on consecutive lines.
    fn paragraph_break(&mut self) {
        if !self.lists.is_empty() || self.in_code_block {
            if !self.after_marker {
                self.line_break();
            }
            return;
        }
        end_paragraph(&mut self.out);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_metadata() {
        let text = "---\ntitle: Tide tables change\ndate: 2024-05-01T08:00:00Z\nsource: Coast Weekly\n\
                    summary: New tables start in June\n---\n\nThe tables change.\n";
        let draft = parse_markdown(text).unwrap().0;
        assert_eq!(draft.title, "Tide tables change");
        assert_eq!(draft.source, "Coast Weekly");
        assert_eq!(draft.standfirst, "New tables start in June");
        assert!(draft.published.is_some());
        assert_eq!(draft.body, "The tables change.");
    }

    #[test]
    fn first_heading_is_the_title_without_front_matter() {
        let draft =
            parse_markdown("# Lighthouse *relit*\n\nKeepers returned.\n\n## Details\n\nMore.")
                .unwrap()
                .0;
        assert_eq!(draft.title, "Lighthouse relit");
        assert_eq!(draft.body, "Keepers returned.\n\nDetails\n\nMore.");
    }

    #[test]
    fn links_are_numbered_and_markup_removed() {
        let text = "---\nurl: https://paper.example/2024/story\n---\n# T\n\n\
                    See **the [council minutes](minutes.pdf)** and [this](https://x.example/) or \
                    [bad](javascript:alert(1)).\n\n- first\n- second\n\n1. one\n2. two\n\n```\nlet x = 1;\n```\n";
        let draft = parse_markdown(text).unwrap().0;
        assert_eq!(
            draft.body,
            "See the council minutes[1] and this[2] or bad.\n\n- first\n- second\n\n1. one\n2. two\n\nlet x = 1;"
        );
        assert_eq!(draft.links[0].url, "https://paper.example/2024/minutes.pdf");
        assert_eq!(draft.links[0].text, "council minutes");
        assert_eq!(draft.links[1].url, "https://x.example/");
        assert_eq!(draft.links.len(), 2);
    }

    #[test]
    fn nested_lists_and_quotations_are_indented_as_from_html() {
        let text = "> Quoted words\n> go on.\n>\n> > Inner\n\nAfter.\n\n\
                    - Outer\n  - Inner\n    1. Deep\n\n  tail\n- Next\n\n\
                    9. Nine\n   - a\n10. Ten\n\n- Run:\n\n  ```\n  if x {\n      go();\n  }\n  ```\n\n\
                    > - quoted item\n>\n>   <b>raw</b>\n";
        let body = parse_markdown(text).unwrap().0.body;
        assert_eq!(
            body,
            "    Quoted words go on.\n\n        Inner\n\nAfter.\n\n\
             - Outer\n  - Inner\n    1. Deep\n  tail\n- Next\n\n9. Nine\n   - a\n10. Ten\n\n\
             - Run:\n  if x {\n      go();\n  }\n\n    - quoted item\n      raw"
        );
    }

    #[test]
    fn markdown_indentation_is_bounded() {
        let text = format!("# T\n\n{} deep\n", ">".repeat(40));
        let body = parse_markdown(&text).unwrap().0.body;
        assert_eq!(body, format!("{}deep", " ".repeat(MOST_INDENT)));
    }

    #[test]
    fn raw_html_blocks_lose_scripts() {
        let draft =
            parse_markdown("# T\n\n<div onclick=\"x()\">Kept<script>gone()</script></div>\n")
                .unwrap()
                .0;
        assert_eq!(draft.body, "Kept");
    }

    #[test]
    fn a_front_matter_date_that_cannot_be_read_costs_only_the_date() {
        let (draft, left_out) =
            parse_markdown("---\ntitle: T\nsource: S\npubDate: someday\n---\nText").unwrap();
        assert_eq!((draft.title.as_str(), draft.source.as_str()), ("T", "S"));
        assert_eq!(draft.published, None);
        assert_eq!(
            left_out,
            [MarkdownError {
                line: Some(4),
                reason: "field `pubDate`: expected a date, got \"someday\"".to_string(),
            }]
        );
        let (draft, left_out) = parse_markdown("+++\ndate = 2024-05-01\n+++\nText").unwrap();
        assert!(draft.published.is_some() && left_out.is_empty());
    }
}
