//! SGML news collections in the shape of Reuters-21578 (`reut2-000.sgm`): one article per
//! `<REUTERS>` document, from its `<TITLE>`, `<DATELINE>` and `<BODY>` (inside `<TEXT>`), published
//! at its `<DATE>`. A file with no such document is refused as not a news collection.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::ItemPlace;
use super::Origin;
use super::wire::apply_dateline;
use crate::article::ArticleDraft;

/// The documents read, and where each one starts, in step.
pub struct Collection {
    pub drafts: Vec<ArticleDraft>,
    pub places: Vec<ItemPlace>,
}

/// Reads every `<REUTERS>` document in `text`.
pub fn parse_sgml_news(text: &str, origin: &Origin) -> Result<Collection, String> {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` hold in `text`.
    let lower = text.to_ascii_lowercase();
    let mut collection = Collection {
        drafts: Vec::new(),
        places: Vec::new(),
    };
    // Every close tag is found once, so a file of documents left open costs no rescanning.
    let closes: Vec<usize> = lower
        .match_indices("</reuters>")
        .map(|(at, _)| at)
        .collect();
    let mut next_close = closes.iter().peekable();
    let (mut from, mut line, mut counted_to) = (0, 1, 0);
    while let Some(found) = find_tag(&lower, from, "reuters") {
        let start = from + found;
        let next_open = find_tag(&lower, start + 1, "reuters").map(|at| start + 1 + at);
        while next_close.next_if(|&&close| close < start).is_some() {}
        let end = match (next_close.peek(), next_open) {
            (Some(&&close), Some(open)) => close.min(open),
            (Some(&&close), None) => close,
            (None, Some(open)) => open,
            (None, None) => lower.len(),
        };
        line += text[counted_to..start].matches('\n').count();
        counted_to = start;
        let document = &text[start..end];
        let lower_document = &lower[start..end];
        collection.places.push(ItemPlace {
            number: collection.places.len() + 1,
            line: Some(line),
            guid: attribute(document, lower_document, "newid").map(|id| format!("NEWID {id}")),
        });
        collection
            .drafts
            .push(document_to_draft(document, lower_document, origin));
        from = end;
    }
    if collection.drafts.is_empty() {
        return Err("not an SGML news collection: it holds no <REUTERS> document".to_string());
    }
    Ok(collection)
}

fn document_to_draft(document: &str, lower: &str, origin: &Origin) -> ArticleDraft {
    let field = |name: &str| {
        element(document, lower, name)
            .map(decode)
            .unwrap_or_default()
    };
    let title = field("title")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let dateline = field("dateline")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut body = paragraphs(&field("body"));
    if body.is_empty() && title.is_empty() {
        // An unprocessed story (`<TEXT TYPE="UNPROC">`) is plain text with no parts.
        body = paragraphs(&field("text"));
    }
    if !dateline.is_empty() && !body.is_empty() {
        body = format!("{dateline} {body}");
    }
    let mut draft = ArticleDraft {
        title,
        body,
        source: "Reuters".to_string(),
        published: element(document, lower, "date").and_then(reuters_date),
        ..ArticleDraft::default()
    };
    apply_dateline(&mut draft, origin);
    draft
}

/// Where `<name` opens a tag (followed by `>` or a space) at or after `from`, relative to `from`.
fn find_tag(lower: &str, from: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut at = from;
    loop {
        let found = at + lower.get(at..)?.find(&open)?;
        let after = lower.as_bytes().get(found + open.len());
        if after.is_none_or(|b| *b == b'>' || b.is_ascii_whitespace()) {
            return Some(found - from);
        }
        at = found + open.len();
    }
}

/// The text between `<name ...>` and `</name>` (or the end of the document).
fn element<'d>(document: &'d str, lower: &str, name: &str) -> Option<&'d str> {
    let start = find_tag(lower, 0, name)?;
    let content = start + lower[start..].find('>')? + 1;
    let end = lower[content..]
        .find(&format!("</{name}>"))
        .map_or(lower.len(), |at| content + at);
    document.get(content..end)
}

/// The value of `name="..."` in the document's start tag.
fn attribute<'d>(document: &'d str, lower: &str, name: &str) -> Option<&'d str> {
    let tag_end = lower.find('>')?;
    let at = lower[..tag_end].find(&format!(" {name}=\""))? + name.len() + 3;
    let close = lower[at..tag_end].find('"')?;
    document.get(at..at + close).filter(|v| !v.is_empty())
}

/// SGML text to plain text: character references for control codes (`&#3;`, the wire's
/// end-of-text marks) go, the others and named entities are decoded.
fn decode(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        kept.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let is_control = after[digits..].starts_with(';')
            && after[..digits]
                .parse::<u32>()
                .is_ok_and(|code| code < 32 && !matches!(code, 9 | 10 | 13));
        if is_control {
            rest = &after[digits + 1..];
        } else {
            kept.push_str("&#");
            rest = after;
        }
    }
    kept.push_str(rest);
    html_escape::decode_html_entities(&kept).into_owned()
}

/// Wire copy wrapped at seventy columns: an indented line starts a paragraph, the others continue
/// one; the closing sign-off (`Reuter`) is left out.
fn paragraphs(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.last().is_some_and(|l| {
        let l = l.trim();
        l.is_empty() || l.eq_ignore_ascii_case("reuter") || l.eq_ignore_ascii_case("reuters")
    }) {
        lines.pop();
    }
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let starts_paragraph = line.starts_with([' ', '\t']);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(current) if !starts_paragraph => {
                current.push(' ');
                current.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out.join("\n\n")
}

/// `26-FEB-1987 15:01:01.79`, taken as UTC.
fn reuters_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let text = text.split('.').next().unwrap_or(text);
    NaiveDateTime::parse_from_str(text, "%d-%b-%Y %H:%M:%S")
        .ok()
        .map(|date| date.and_utc())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            name: "news.sgm".into(),
            modified: None,
        }
    }

    #[test]
    fn each_document_is_an_article() {
        let text = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n\
            <REUTERS TOPICS=\"YES\" NEWID=\"7\">\n<DATE> 3-MAR-1987 09:15:00.12</DATE>\n\
            <TEXT>&#2;\n<TITLE>PORT &amp; HARBOUR TALKS</TITLE>\n\
            <DATELINE>    LISBON, March 3 - </DATELINE><BODY>Talks resumed on\nthe new quay.\n\
            \x20   Both sides said so.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n\
            <REUTERS NEWID=\"8\"><TEXT TYPE=\"UNPROC\">&#2;\nRaw wire text\nhere.\n&#3;</TEXT></REUTERS>";
        let collection = parse_sgml_news(text, &origin()).unwrap();
        let first = &collection.drafts[0];
        assert_eq!(first.title, "PORT & HARBOUR TALKS");
        assert_eq!(
            first.body,
            "LISBON, March 3 - Talks resumed on the new quay.\n\nBoth sides said so."
        );
        assert_eq!(first.dateline.as_ref().unwrap().place, "LISBON");
        assert_eq!(
            first.published.unwrap().to_rfc3339(),
            "1987-03-03T09:15:00+00:00"
        );
        assert_eq!(collection.drafts[1].body, "Raw wire text here.");
        assert_eq!(collection.places[1].guid.as_deref(), Some("NEWID 8"));
        assert_eq!(collection.places[1].line, Some(12));
    }

    #[test]
    fn sgml_without_documents_is_refused() {
        let err = parse_sgml_news("<!DOCTYPE x><DOC><P>Hi</P></DOC>", &origin()).err();
        assert_eq!(
            err.as_deref(),
            Some("not an SGML news collection: it holds no <REUTERS> document")
        );
    }
}
