//! Finding a query's matches in article text, for snippets and (later) highlighting in the reader.
//!
//! Text is analysed exactly as the index analyses it, so what is highlighted is what matched.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use super::query::{Condition, ParsedQuery, Target};
use super::schema;

/// A short piece of text around the best match, with the matches marked by character offsets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Character ranges within `text`.
    pub highlights: Vec<Range<usize>>,
}

/// What to look for in article text, taken from the positive words of a query.
#[derive(Clone)]
pub struct Highlighter {
    terms: HashSet<String>,
    prefix: Option<String>,
    analyzer: TextAnalyzer,
}

impl Highlighter {
    pub fn new(parsed: &ParsedQuery) -> Highlighter {
        let mut prose = schema::prose_analyzer();
        let mut names = schema::names_analyzer();
        let mut terms = HashSet::new();
        let mut prefix = None;
        for clause in parsed.clauses().filter(|c| !c.negated) {
            let Condition::Text {
                target: Target::Any | Target::Title,
                text,
                prefix: is_prefix,
                ..
            } = &clause.condition
            else {
                continue;
            };
            terms.extend(schema::analyze(&mut prose, text));
            if *is_prefix {
                prefix = schema::analyze(&mut names, text).pop();
            }
        }
        Highlighter {
            terms,
            prefix,
            analyzer: prose,
        }
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.prefix.is_none()
    }

    /// Byte ranges of every matching word in `text`.
    pub fn matches(&mut self, text: &str) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let hit = self.terms.contains(&token.text)
                || self
                    .prefix
                    .as_ref()
                    .is_some_and(|p| token.text.starts_with(p.as_str()));
            if hit {
                found.push(token.offset_from..token.offset_to);
            }
        }
        found
    }

    /// About `max_chars` characters of `text` around its densest run of matches (its start when none).
    pub fn snippet(&mut self, text: &str, max_chars: usize) -> Snippet {
        let matches = self.matches(text);
        let window_bytes = max_chars.saturating_mul(3);
        // The match that has the most other matches within a window after it.
        let best = (0..matches.len()).max_by_key(|&i| {
            let end = matches[i].start + window_bytes / 3;
            let count = matches[i..].iter().take_while(|m| m.start < end).count();
            (count, usize::MAX - i)
        });
        let start = match best {
            None => 0,
            Some(i) => back_to_word_start(text, matches[i].start, max_chars / 5),
        };
        let mut end = start;
        for (count, (offset, c)) in text[start..].char_indices().enumerate() {
            if count >= max_chars {
                break;
            }
            end = start + offset + c.len_utf8();
        }
        if end < text.len() {
            // Do not cut a word in half.
            if let Some(space) = text[start..end].rfind(char::is_whitespace)
                && space > 0
            {
                end = start + space;
            }
        }
        // Paragraph breaks become one space; `at_char[b]` maps a byte of the original to a char of the snippet.
        let mut snippet_text = String::new();
        if start > 0 {
            snippet_text.push('…');
        }
        let mut chars = snippet_text.chars().count();
        let mut at_char = vec![0; end - start + 1];
        for (offset, c) in text[start..end].char_indices() {
            at_char[offset] = chars;
            let is_break = c == '\n';
            if is_break && snippet_text.ends_with([' ', '…']) {
                continue;
            }
            snippet_text.push(if is_break { ' ' } else { c });
            chars += 1;
        }
        at_char[end - start] = chars;
        if end < text.len() {
            snippet_text.push('…');
        }
        let highlights = matches
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| at_char[m.start - start]..at_char[m.end - start])
            .collect();
        Snippet {
            text: snippet_text,
            highlights,
        }
    }
}

/// A byte offset at most `max_back` characters before `at`, at the start of a word.
fn back_to_word_start(text: &str, at: usize, max_back: usize) -> usize {
    let mut start = at;
    for (count, (offset, c)) in text[..at].char_indices().rev().enumerate() {
        if count >= max_back {
            return start;
        }
        if c == '\n' {
            return offset + 1;
        }
        if c.is_whitespace() {
            start = offset + c.len_utf8();
        }
    }
    // The text's start is close enough: begin there.
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn highlighter(query: &str) -> Highlighter {
        Highlighter::new(&parse(query, chrono::Utc::now()))
    }

    #[test]
    fn stems_and_prefixes_match_like_the_index() {
        let mut h = highlighter("ministries Moss");
        let text = "The ministry said Mossad and the Ministry of Ports met.";
        let words: Vec<&str> = h.matches(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["ministry", "Mossad", "Ministry"]);
    }

    #[test]
    fn negated_words_are_not_highlighted() {
        let mut h = highlighter("port -ministry ");
        let text = "The ministry runs the port.";
        let words: Vec<&str> = h.matches(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["port"]);
    }

    #[test]
    fn snippet_centres_on_matches_and_marks_them_in_characters() {
        let mut h = highlighter("terminal ");
        let text = format!(
            "{} Café staff opened the new terminal today. {}",
            "word ".repeat(60),
            "tail ".repeat(60)
        );
        let snippet = h.snippet(&text, 80);
        assert!(snippet.text.starts_with('…'), "{}", snippet.text);
        assert!(snippet.text.ends_with('…'));
        assert!(snippet.text.chars().count() <= 82);
        let marked: Vec<String> = snippet
            .highlights
            .iter()
            .map(|r| snippet.text.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(marked, ["terminal"]);
    }

    #[test]
    fn paragraph_breaks_become_one_space_and_offsets_follow() {
        let mut h = highlighter("port ");
        let snippet = h.snippet("The port is busy.\n\nThe port is old.", 80);
        assert_eq!(snippet.text, "The port is busy. The port is old.");
        assert_eq!(snippet.highlights, vec![4..8, 22..26]);
    }

    #[test]
    fn snippet_without_match_is_the_opening() {
        let mut h = highlighter("zebra ");
        let snippet = h.snippet("Short text.", 80);
        assert_eq!(snippet.text, "Short text.");
        assert!(snippet.highlights.is_empty());
    }
}
