//! An article laid out for the reader pane: its lines at a given width, each either a piece of a
//! text field (so entity and match overlays, kept by field offsets, can be drawn over it) or a line
//! of its own (the meta lines and the link list).

use std::ops::Range;

use chrono::{DateTime, Utc};

use crate::article::{Article, TextField};
use crate::wrap::wrap;

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
    /// Bytes `range` of the article's `field`.
    Field {
        field: TextField,
        range: Range<usize>,
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

/// The text of one of the article's fields.
pub fn field_text(article: &Article, field: TextField) -> &str {
    match field {
        TextField::Title => &article.title,
        TextField::Standfirst => &article.standfirst,
        TextField::Body => &article.body,
    }
}

impl Doc {
    /// Lays out `article`, followed by `full_text` (fetched from its page) when there is one.
    pub fn build(article: &Article, full_text: Option<&str>, width: usize) -> Doc {
        let mut doc = Doc {
            width,
            lines: Vec::new(),
        };
        doc.field(article, TextField::Title, LineKind::Headline);
        if !article.standfirst.is_empty() {
            doc.blank();
            doc.field(article, TextField::Standfirst, LineKind::Standfirst);
        }
        doc.blank();
        for meta in meta_lines(article) {
            doc.own(&meta, LineKind::Meta);
        }
        if let Some(url) = &article.url {
            doc.own_link(&format!("Link: {url}"), url);
        }
        doc.blank();
        doc.field(article, TextField::Body, LineKind::Body);
        if let Some(full) = full_text {
            doc.blank();
            doc.own("Full text", LineKind::LinksHeading);
            doc.blank();
            for paragraph in full.split("\n\n") {
                doc.own(paragraph.trim(), LineKind::Body);
                doc.blank();
            }
        }
        if !article.links.is_empty() {
            doc.blank();
            doc.own("Links", LineKind::LinksHeading);
            for (n, link) in article.links.iter().enumerate() {
                let text = if link.text.is_empty() || link.text == link.url {
                    format!("[{}] {}", n + 1, link.url)
                } else {
                    format!("[{}] {}: {}", n + 1, link.text, link.url)
                };
                doc.own_link(&text, &link.url);
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

    /// A field's paragraphs, each wrapped, with one blank line between paragraphs.
    fn field(&mut self, article: &Article, field: TextField, kind: LineKind) {
        let text = field_text(article, field);
        let mut offset = 0;
        for line in text.split('\n') {
            let start = offset;
            offset += line.len() + 1;
            if line.trim().is_empty() {
                self.blank();
                continue;
            }
            for range in wrap(line, self.width) {
                self.lines.push(DocLine {
                    kind: kind.clone(),
                    text: LineText::Field {
                        field,
                        range: start + range.start..start + range.end,
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

    /// The line showing byte `offset` of `field`.
    pub fn line_of(&self, field: TextField, offset: usize) -> Option<usize> {
        self.lines.iter().position(|line| match &line.text {
            LineText::Field { field: f, range } => {
                *f == field && range.start <= offset && offset < range.end.max(range.start + 1)
            }
            LineText::Own(_) => false,
        })
    }
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
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::tests_support::article;
    use super::*;

    fn text_of(article: &Article, line: &DocLine) -> String {
        match &line.text {
            LineText::Field { field, range } => field_text(article, *field)[range.clone()].into(),
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
        assert_eq!(lines.last().unwrap(), "https://example.org/cranes");
        assert!(lines.iter().all(|l| crate::wrap::width(l) <= 30));
    }

    #[test]
    fn finds_the_line_of_an_offset() {
        let article = article();
        let doc = Doc::build(&article, None, 30);
        let cranes = article.body.find("Cranes").unwrap();
        let line = doc.line_of(TextField::Body, cranes).unwrap();
        assert!(text_of(&article, &doc.lines[line]).starts_with("Cranes"));
    }
}
