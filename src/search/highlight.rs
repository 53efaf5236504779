//! Finding a query's matches in article text, for snippets and (later) highlighting in the reader.
//!
//! Text is analysed exactly as the index analyses it, so what is highlighted is what matched.

use std::collections::{HashSet, VecDeque};
use std::ops::Range;

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

use super::query::{Condition, ParsedQuery, Target, expands_as_prefix};
use super::schema;
use super::words::{is_cjk, is_hangul};
use crate::article::TextField;

/// A short piece of text around the best match, with the matches marked by character offsets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Character ranges within `text`.
    pub highlights: Vec<Range<usize>>,
}

/// Words to mark: whole (analysed) words, runs of words marked only together, and the word
/// being typed as a prefix.
#[derive(Clone, Default)]
struct Terms {
    words: HashSet<String>,
    /// The pairs of characters a CJK word is split into (東京都庁: 東京, 京都, 都庁): one written
    /// word, so marked only where they all stand in a row, not wherever one of them does.
    runs: Vec<Vec<String>>,
    prefix: Option<String>,
}

impl Terms {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.runs.is_empty() && self.prefix.is_none()
    }

    /// The words of one query text: a run when it is a quoted phrase or holds CJK pairs, else
    /// each a word of its own (`"port of rotterdam"` marks the phrase, not every "of").
    fn add(&mut self, words: Vec<String>, phrase: bool) {
        if words.len() > 1 && (phrase || words.iter().any(|w| w.starts_with(is_cjk))) {
            self.runs.push(words);
        } else {
            self.words.extend(words);
        }
    }

    fn hit(&self, token: &str) -> bool {
        self.words.contains(token)
            || self
                .prefix
                .as_ref()
                .is_some_and(|p| token.starts_with(p.as_str()))
    }
}

/// What to look for in article text, taken from the positive words of a query: words for any
/// field mark the title, standfirst and body; `title:` words mark only the title; the names of
/// `person:`, `org:` and `place:` mark those names wherever the text has them.
#[derive(Clone)]
pub struct Highlighter {
    anywhere: Terms,
    title_only: Terms,
    analyzer: TextAnalyzer,
}

impl Highlighter {
    pub fn new(parsed: &ParsedQuery) -> Highlighter {
        let mut prose = schema::prose_analyzer();
        let mut names = schema::names_analyzer();
        let (mut anywhere, mut title_only) = (Terms::default(), Terms::default());
        for clause in parsed.clauses().filter(|c| !c.negated) {
            let Condition::Text {
                target,
                text,
                phrase,
                prefix: is_prefix,
            } = &clause.condition
            else {
                continue;
            };
            let terms = match target {
                Target::Any | Target::Person | Target::Org | Target::Place | Target::Misc => {
                    &mut anywhere
                }
                Target::Title => &mut title_only,
                // The source, author and tags are not in the text.
                Target::Source | Target::Feed | Target::Author | Target::Tag => continue,
            };
            terms.add(schema::analyze(&mut prose, text), *phrase);
            if *is_prefix {
                // As the search expands it: from the third letter on ("uk" is not "ukraine", and
                // a lone 市 is not every pair of characters starting with it).
                terms.prefix = schema::analyze(&mut names, text)
                    .pop()
                    .filter(|p| expands_as_prefix(p));
            }
        }
        Highlighter {
            anywhere,
            title_only,
            analyzer: prose,
        }
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.anywhere.is_empty() && self.title_only.is_empty()
    }

    /// Byte ranges of every matching word in `text`, a standfirst, body or other text that is
    /// not the title.
    pub fn matches(&mut self, text: &str) -> Vec<Range<usize>> {
        self.matches_in(TextField::Body, text)
    }

    /// Byte ranges of every matching word in `text`, which is the article's `field`.
    pub fn matches_in(&mut self, field: TextField, text: &str) -> Vec<Range<usize>> {
        let in_title = field == TextField::Title;
        if self.anywhere.is_empty() && (!in_title || self.title_only.is_empty()) {
            return Vec::new();
        }
        let runs: Vec<&Vec<String>> = self
            .anywhere
            .runs
            .iter()
            .chain(
                in_title
                    .then_some(&self.title_only.runs)
                    .into_iter()
                    .flatten(),
            )
            .collect();
        let longest = runs.iter().map(|run| run.len()).max().unwrap_or(0);
        // The last `longest` words read: (word, byte range, position).
        let mut recent: VecDeque<(String, Range<usize>, usize)> = VecDeque::new();
        let mut found: Vec<Range<usize>> = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let range = token.offset_from..token.offset_to;
            if self.anywhere.hit(&token.text) || (in_title && self.title_only.hit(&token.text)) {
                found.push(range.clone());
            }
            if longest == 0 {
                continue;
            }
            if recent.len() == longest {
                recent.pop_front();
            }
            recent.push_back((token.text.clone(), range, token.position));
            for run in &runs {
                let Some(tail) = recent.len().checked_sub(run.len()) else {
                    continue;
                };
                let in_a_row = recent.range(tail..).zip(run.iter()).enumerate().all(
                    |(i, ((word, _, position), wanted))| {
                        word == wanted && *position == recent[tail].2 + i
                    },
                );
                if in_a_row {
                    found.push(recent[tail].1.start..recent[recent.len() - 1].1.end);
                }
            }
        }
        // Pairs of CJK characters overlap (東京, 京都): one mark covers the run.
        found.sort_by_key(|range| range.start);
        let mut marks: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for range in found {
            match marks.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => marks.push(range),
            }
        }
        marks
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
        // Do not cut a word in half: end at a space instead, but not before the match, and
        // not in text without spaces, where any character may end it.
        let unspaced_cut =
            text[end..].starts_with(is_unspaced) || text[..end].ends_with(is_unspaced);
        let match_end = best.map_or(start, |i| matches[i].end);
        if end < text.len()
            && !unspaced_cut
            && let Some(space) = text[start..end].rfind(char::is_whitespace)
            && space > 0
            && start + space >= match_end
        {
            end = start + space;
        }
        // Paragraph breaks, and the runs of spaces that indent code or stand table columns, become
        // one space; `at_char[b]` maps a byte of the original to a char of the snippet.
        let mut snippet_text = String::new();
        if start > 0 {
            snippet_text.push('…');
        }
        let mut chars = snippet_text.chars().count();
        let mut at_char = vec![0; end - start + 1];
        for (offset, c) in text[start..end].char_indices() {
            at_char[offset] = chars;
            let is_space = c == '\n' || c == ' ';
            if is_space && snippet_text.ends_with([' ', '…']) {
                continue;
            }
            snippet_text.push(if is_space { ' ' } else { c });
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
        if c.is_whitespace() || is_cjk_punctuation(c) {
            start = offset + c.len_utf8();
        } else if is_unspaced(c) {
            // Text without spaces: any of its characters may begin the snippet.
            start = offset;
        }
    }
    // The text's start is close enough: begin there.
    0
}

/// Ideographic spaces, commas, full stops and brackets, and their full-width kin: where a run of
/// CJK text breaks.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
    )
}

/// A letter of Chinese or Japanese, written without spaces between words, so a snippet may begin
/// or end at any of them. Korean is written with spaces: its words are not cut.
fn is_unspaced(c: char) -> bool {
    is_cjk(c) && !is_hangul(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn highlighter(query: &str) -> Highlighter {
        Highlighter::new(&parse(query, chrono::Utc::now()))
    }

    /// The stretches of `text` that `query` marks.
    fn marked<'t>(query: &str, text: &'t str) -> Vec<&'t str> {
        highlighter(query)
            .matches(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_phrase_is_marked_where_it_stands_whole_not_word_by_word() {
        let text = "Members of the union struck at the port. The Port of Rotterdam closed; \
                    ports of Rotterdam's rivals stayed open.";
        assert_eq!(
            marked("\"port of rotterdam\" ", text),
            ["Port of Rotterdam", "ports of Rotterdam"]
        );
        // Unquoted, each word is marked wherever it stands.
        assert_eq!(marked("port rotterdam ", text).len(), 5);
    }

    #[test]
    fn stems_and_prefixes_match_like_the_index() {
        let text = "The ministry said Mossad and the Ministry of Ports met.";
        assert_eq!(
            marked("ministries Moss", text),
            ["ministry", "Mossad", "Ministry"]
        );
    }

    #[test]
    fn field_queries_mark_their_own_field() {
        let title = "Ad sales boost Time Warner profit";
        let body = "Quarterly profits at Time Warner rose as ad sales boost the group.";
        let words = |h: &mut Highlighter, field, text: &'static str| -> Vec<&'static str> {
            h.matches_in(field, text)
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        let mut h = highlighter("title:\"ad sales boost\"");
        assert_eq!(words(&mut h, TextField::Title, title), ["Ad sales boost"]);
        assert!(words(&mut h, TextField::Body, body).is_empty());
        let mut h = highlighter("person:blair org:\"time warner\" ");
        let text = "Tony Blair met Time Warner.";
        assert_eq!(
            words(&mut h, TextField::Body, text),
            ["Blair", "Time Warner"]
        );
        assert_eq!(
            words(&mut h, TextField::Title, text),
            ["Blair", "Time Warner"]
        );
        let h = highlighter("feed:reuters author:lee ");
        assert!(h.is_empty());
    }

    #[test]
    fn a_word_being_typed_marks_completions_only_from_its_third_letter() {
        let text = "UK and Ukraine; 市場と市長";
        assert_eq!(marked("uk", text), ["UK"]);
        assert_eq!(marked("ukr", text), ["Ukraine"]);
        assert!(marked("市", text).is_empty());
        assert_eq!(marked("市場", text), ["市場"]);
    }

    #[test]
    fn a_cjk_word_is_marked_once_and_only_where_it_stands_whole() {
        assert_eq!(
            marked("東京都 地震", "東京都で地震。京都"),
            ["東京都", "地震"]
        );
        // Its pairs elsewhere are not the word.
        assert!(marked("東京都庁", "東京駅の近くで、京都出身の都庁職員").is_empty());
        assert_eq!(marked("東京都庁", "東京都庁で会見"), ["東京都庁"]);
        assert_eq!(marked("\"EV戦略\"", "EV戦略とEVの戦略"), ["EV戦略"]);
        assert_eq!(marked("title:京都", "京都"), Vec::<&str>::new());
    }

    #[test]
    fn a_snippet_reads_a_tables_columns_and_codes_indentation_as_one_space() {
        let mut h = highlighter("arsenal");
        let snippet = h.snippet("Team     P  Pts\nArsenal  3  7\n    if won {", 60);
        assert_eq!(snippet.text, "…Arsenal 3 7 if won {");
        assert_eq!(
            snippet.highlights,
            vec![std::ops::Range { start: 1, end: 8 }]
        );
    }

    #[test]
    fn a_snippet_keeps_its_match_and_whole_korean_words() {
        // A space before the match, none after: the end is not cut back past the match.
        let mut h = highlighter("東京");
        let body = format!(
            "{}物價上漲壓力仍大 東京股市同日下跌而且大阪{}",
            "中".repeat(40),
            "下".repeat(40)
        );
        let snippet = h.snippet(&body, 30);
        assert_eq!(snippet.highlights.len(), 1, "{}", snippet.text);
        // Korean is written with spaces: a snippet begins at one, not inside a word.
        let mut h = highlighter("서울");
        let snippet = h.snippet("정부는 내일 회의를 열기로 했다 서울에서 발표했다", 30);
        assert!(!snippet.text.contains("기로 했다"), "{}", snippet.text);
        assert_eq!(snippet.highlights.len(), 1, "{}", snippet.text);
    }

    #[test]
    fn a_cjk_snippet_keeps_the_text_before_its_match() {
        let mut h = highlighter("東京");
        let body = "中央銀行今日宣布將利率調升半碼，以抑制通貨膨脹。總裁表示，物價上漲壓力仍大。東京股市同日下跌。";
        let snippet = h.snippet(body, 30);
        assert!(
            snippet.text.contains("壓力仍大。東京股市"),
            "{}",
            snippet.text
        );
        let mut h = highlighter("ministries");
        let snippet = h.snippet("利率12%。The ministries met.", 200);
        assert!(snippet.text.contains("The ministries"), "{}", snippet.text);
    }

    #[test]
    fn negated_words_are_not_highlighted() {
        assert_eq!(
            marked("port -ministry ", "The ministry runs the port."),
            ["port"]
        );
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
