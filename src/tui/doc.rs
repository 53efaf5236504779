//! An article laid out for the reader pane: its lines at a given width, each either a piece of a
//! text field (so entity and match overlays, kept by field offsets, can be drawn over it) or a line
//! of its own (the meta lines and the link list).

use std::ops::Range;

use chrono::{DateTime, Utc};

use crate::article::{Article, TextField};
use crate::wrap::{width as width_of, wrap, wrap_hanging};

/// What a line is, which decides its style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Headline,
    Standfirst,
    Meta,
    Body,
    Blank,
    LinksHeading,
    /// A line of the link list, or the article's own link; drawn as a hyperlink to the URL.
    Link(String),
}

/// Where a line's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineText {
    /// Bytes `range` of the article's `field`, after `hang` spaces (a wrapped code line's rows
    /// after its first hang under its first word).
    Field {
        field: TextField,
        range: Range<usize>,
        hang: usize,
    },
    Own(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: LineKind,
    pub text: LineText,
}

/// The article's lines at `width` columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub width: usize,
    pub lines: Vec<DocLine>,
}

/// The text of one of the article's fields; `full_text` is the text fetched from its page.
pub fn field_text<'a>(
    article: &'a Article,
    full_text: Option<&'a str>,
    field: TextField,
) -> &'a str {
    match field {
        TextField::Title => &article.title,
        TextField::Standfirst => &article.standfirst,
        TextField::Body => &article.body,
        TextField::FullText => full_text.unwrap_or_default(),
    }
}

impl Doc {
    /// Lays out `article`, followed by `full_text` (fetched from its page) when there is one.
    pub fn build(article: &Article, full_text: Option<&str>, width: usize) -> Doc {
        let mut doc = Doc {
            width,
            lines: Vec::new(),
        };
        doc.field(&article.title, TextField::Title, LineKind::Headline);
        if !article.standfirst.is_empty() {
            doc.blank();
            doc.field(
                &article.standfirst,
                TextField::Standfirst,
                LineKind::Standfirst,
            );
        }
        doc.blank();
        for meta in meta_lines(article) {
            doc.own(&meta, LineKind::Meta);
        }
        if let Some(url) = &article.url {
            doc.own_link(&format!("Link: {url}"), url);
        }
        doc.blank();
        doc.field(&article.body, TextField::Body, LineKind::Body);
        if let Some(full) = full_text {
            doc.blank();
            doc.own("Full text", LineKind::LinksHeading);
            doc.blank();
            // Lines of the field itself, so its names and matches are marked as the body's are.
            doc.field(full, TextField::FullText, LineKind::Body);
        }
        if !article.links.is_empty() {
            doc.blank();
            doc.own("Links", LineKind::LinksHeading);
            for (n, link) in article.links.iter().enumerate() {
                let number = format!("[{}] ", n + 1);
                let text = if link.text.is_empty() || link.text == link.url {
                    format!("{number}{}", link.url)
                } else {
                    format!("{number}{}: {}", link.text, link.url)
                };
                doc.numbered_link(&text, width_of(&number), &link.url);
            }
        }
        while doc.lines.last().is_some_and(|l| l.kind == LineKind::Blank) {
            doc.lines.pop();
        }
        doc
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| l.kind != LineKind::Blank) {
            self.lines.push(DocLine {
                kind: LineKind::Blank,
                text: LineText::Own(String::new()),
            });
        }
    }

    /// A field's paragraphs (its `text`), each wrapped, with one blank line between paragraphs.
    fn field(&mut self, text: &str, field: TextField, kind: LineKind) {
        let mut offset = 0;
        for line in text.split('\n') {
            let start = offset;
            offset += line.len() + 1;
            if line.trim().is_empty() {
                self.blank();
                continue;
            }
            let (ranges, hang) = wrap_hanging(line, self.width);
            for (row, range) in ranges.into_iter().enumerate() {
                self.lines.push(DocLine {
                    kind: kind.clone(),
                    text: LineText::Field {
                        field,
                        range: start + range.start..start + range.end,
                        hang: if row == 0 { 0 } else { hang },
                    },
                });
            }
        }
    }

    fn own(&mut self, text: &str, kind: LineKind) {
        for range in wrap(text, self.width) {
            self.lines.push(DocLine {
                kind: kind.clone(),
                text: LineText::Own(text[range].to_owned()),
            });
        }
    }

    fn own_link(&mut self, text: &str, url: &str) {
        self.own(text, LineKind::Link(url.to_owned()));
    }

    /// A numbered link: lines after the first hang under the text after the number, and a long
    /// URL breaks after a `/`, `?`, `&` or the like rather than anywhere.
    fn numbered_link(&mut self, text: &str, indent: usize, url: &str) {
        let indent = if indent * 2 < self.width { indent } else { 0 };
        let pad = " ".repeat(indent);
        for (n, line) in wrap_url(text, indent, self.width, self.width - indent)
            .into_iter()
            .enumerate()
        {
            let line = if n == 0 { line } else { format!("{pad}{line}") };
            self.lines.push(DocLine {
                kind: LineKind::Link(url.to_owned()),
                text: LineText::Own(line),
            });
        }
    }

    /// The line showing byte `offset` of `field`.
    pub fn line_of(&self, field: TextField, offset: usize) -> Option<usize> {
        self.lines.iter().position(|line| match &line.text {
            LineText::Field {
                field: f, range, ..
            } => *f == field && range.start <= offset && offset < range.end.max(range.start + 1),
            LineText::Own(_) => false,
        })
    }
}

/// Lines of at most `first` columns, then `rest`: broken at a space after the first `keep`
/// bytes (the link's number), else after a URL's separator in the later half of the line, else
/// where the line is full.
fn wrap_url(text: &str, keep: usize, first: usize, rest: usize) -> Vec<String> {
    let breaks = |line: &str, skip: usize| -> (Option<usize>, Option<usize>) {
        let (mut space, mut separator) = (None, None);
        for (at, c) in line.char_indices() {
            let after = at + c.len_utf8();
            if c == ' ' && at >= skip {
                space = Some(after);
            }
            if matches!(c, '/' | '?' | '&' | '=' | '#' | '-' | '_' | '.' | ',') {
                separator = Some(after);
            }
        }
        (space, separator)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in text.chars() {
        let room = if lines.is_empty() { first } else { rest }.max(1);
        let w = crate::wrap::char_width(c);
        if used + w > room && !line.is_empty() {
            let skip = if lines.is_empty() { keep } else { 0 };
            let (space, separator) = breaks(&line, skip);
            let cut = space
                .or(separator.filter(|&at| at * 2 >= line.len()))
                .unwrap_or(line.len());
            let carried = line.split_off(cut);
            lines.push(line.trim_end().to_owned());
            line = carried.trim_start().to_owned();
            used = width_of(&line);
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Source, author and date; then the dateline when the copy had one.
fn meta_lines(article: &Article) -> Vec<String> {
    let mut first = Vec::new();
    if !article.source.is_empty() {
        first.push(article.source.clone());
    }
    if !article.author.is_empty() {
        first.push(format!("by {}", article.author));
    }
    first.push(long_date(article.published));
    let mut lines = vec![first.join(" · ")];
    if let Some(dateline) = &article.dateline {
        let mut parts = vec![dateline.place.clone()];
        if let Some(date) = dateline.date {
            parts.push(date.format("%-d %B %Y").to_string());
        }
        if let Some(agency) = &dateline.agency {
            parts.push(agency.clone());
        }
        lines.push(format!("Dateline: {}", parts.join(" · ")));
    }
    lines
}

fn long_date(time: DateTime<Utc>) -> String {
    time.format("%a %-d %b %Y, %H:%M UTC").to_string()
}

/// A small article for the screen's unit tests.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests_support {
    use super::*;
    use crate::article::Link;

    pub(crate) fn article() -> Article {
        Article {
            id: 1,
            title: "Port reopens after storm".into(),
            standfirst: "Ships return to the harbour.".into(),
            body: "ROTTERDAM, March 3. The port reopened on Tuesday.\n\nCranes [1] moved again."
                .into(),
            source: "Harbour Times".into(),
            author: "Ada Lee".into(),
            url: Some("https://example.org/port".into()),
            guid: None,
            published: DateTime::from_timestamp(1_772_500_000, 0).unwrap(),
            dateline: None,
            links: vec![Link {
                url: "https://example.org/cranes".into(),
                text: "cranes".into(),
            }],
            entities: Vec::new(),
            imported_at: DateTime::from_timestamp(1_772_500_000, 0).unwrap(),
            read: false,
            starred: false,
            tags: Vec::new(),
            image: None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::tests_support::article;
    use super::*;
    use crate::article::Link;

    fn text_of(article: &Article, line: &DocLine) -> String {
        match &line.text {
            LineText::Field { field, range, hang } => {
                " ".repeat(*hang) + &field_text(article, None, *field)[range.clone()]
            }
            LineText::Own(text) => text.clone(),
        }
    }

    #[test]
    fn lays_out_headline_meta_body_and_links() {
        let article = article();
        let doc = Doc::build(&article, None, 30);
        let lines: Vec<String> = doc.lines.iter().map(|l| text_of(&article, l)).collect();
        assert_eq!(lines[0], "Port reopens after storm");
        assert!(
            lines.contains(&"Harbour Times · by Ada Lee ·".to_string()),
            "{lines:?}"
        );
        let body_start = lines
            .iter()
            .position(|l| l.starts_with("ROTTERDAM"))
            .unwrap();
        assert_eq!(lines[body_start + 1], "reopened on Tuesday.");
        assert_eq!(lines[body_start + 2], "");
        assert_eq!(lines.last().unwrap(), "    https://example.org/cranes");
        assert!(lines.iter().all(|l| crate::wrap::width(l) <= 30));
    }

    #[test]
    fn code_in_the_body_keeps_its_indentation() {
        let article = Article {
            body: "Run this:\n\nif ready {\n    go();\n}".into(),
            ..article()
        };
        let doc = Doc::build(&article, None, 30);
        let lines: Vec<String> = doc.lines.iter().map(|l| text_of(&article, l)).collect();
        let at = lines.iter().position(|l| l == "if ready {").unwrap();
        assert_eq!(lines[at + 1..at + 3], ["    go();", "}"]);
        // A code line too long for the pane goes on under its first word, not at the edge.
        let code = Article {
            body: "fn main() {\n    let total = first + second + third;\n}".into(),
            ..article
        };
        let doc = Doc::build(&code, None, 20);
        let lines: Vec<String> = doc.lines.iter().map(|l| text_of(&code, l)).collect();
        let at = lines.iter().position(|l| l == "fn main() {").unwrap();
        assert_eq!(
            lines[at + 1..at + 5],
            ["    let total =", "    first + second +", "    third;", "}"]
        );
    }

    #[test]
    fn finds_the_line_of_an_offset() {
        let article = article();
        let doc = Doc::build(&article, None, 30);
        let cranes = article.body.find("Cranes").unwrap();
        let line = doc.line_of(TextField::Body, cranes).unwrap();
        assert!(text_of(&article, &doc.lines[line]).starts_with("Cranes"));
    }

    #[test]
    fn a_long_link_hangs_under_its_text_and_breaks_after_a_separator() {
        let url = "https://news.example.org/world/2026/12/05/a-very-long-story-name?ref=rss&page=2";
        let article = Article {
            links: vec![Link {
                url: url.into(),
                text: String::new(),
            }],
            ..article()
        };
        let doc = Doc::build(&article, None, 30);
        let lines: Vec<String> = doc
            .lines
            .iter()
            .filter(|line| matches!(line.kind, LineKind::Link(_)))
            .map(|line| match &line.text {
                LineText::Own(text) => text.clone(),
                LineText::Field { .. } => String::new(),
            })
            .filter(|text| !text.starts_with("Link:"))
            .collect();
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines[0].starts_with("[1] https://"), "{lines:?}");
        for line in &lines[1..] {
            assert!(
                line.starts_with("    ") && !line.starts_with("     "),
                "{lines:?}"
            );
        }
        for line in &lines {
            assert!(width_of(line) <= 30, "{line:?}");
        }
        // Every line but the last ends at a separator: no word of the URL is cut.
        for line in &lines[..lines.len() - 1] {
            let last = line.chars().last().unwrap_or(' ');
            assert!("/?&=#-_.,".contains(last), "{line:?} in {lines:?}");
        }
        let joined: String = lines
            .iter()
            .map(|l| l.trim_start_matches("[1] ").trim())
            .collect();
        assert_eq!(joined, url);
    }
}
