//! The prose analyses an indexing thread made last, so the `pairs` field takes the words the
//! `text` field's analysis of the same text just found instead of tokenising, folding and
//! stemming every word of an article a second time (a sixth of an import's indexing work).
//!
//! Tantivy indexes one document at a time on a thread, field by field in schema order, and
//! `text` comes before `pairs`. Whatever the order, a pairs text with no remembered analysis
//! is simply analysed again: remembering saves work and never changes a term.

use std::cell::RefCell;

use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Analyses remembered per thread: the title field's, then the text field's two values (the
/// article, and the title again), which the pairs field asks for in that order.
const SLOTS: usize = 3;

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

#[derive(Default)]
struct Recent {
    slots: [Analysis; SLOTS],
    /// The slot the next analysis overwrites.
    next: usize,
    /// Counts analyses begun, so a stream never writes into a slot that was given to a later one.
    begun: u64,
}

/// The words of one analysed text.
#[derive(Default)]
pub struct Analysis {
    source: String,
    /// Which analysis this is (`Recent::begun` when it began).
    serial: u64,
    /// Every word's text, one after another.
    words: String,
    /// Each word's end in `words`, its span in the source and its position.
    tokens: Vec<Recorded>,
    /// Whether the analysis ran to the end of its text.
    complete: bool,
}

#[derive(Clone, Copy)]
struct Recorded {
    end: usize,
    offset_from: usize,
    offset_to: usize,
    position: usize,
}

impl Analysis {
    /// The recorded words in order, as `(text, offset_from, offset_to, position)`.
    pub fn word(&self, at: usize) -> Option<(&str, usize, usize, usize)> {
        let token = self.tokens.get(at)?;
        let start = at
            .checked_sub(1)
            .map_or(0, |before| self.tokens[before].end);
        let text = self.words.get(start..token.end)?;
        Some((text, token.offset_from, token.offset_to, token.position))
    }
}

/// Takes the complete analysis of exactly `text` this thread made last, if it is remembered.
pub fn take(text: &str) -> Option<Analysis> {
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        let slot = recent
            .slots
            .iter_mut()
            .find(|slot| slot.complete && slot.source == text)?;
        Some(std::mem::take(slot))
    })
}

/// An analyser that remembers what it found (see `take`); its words are the inner analyser's.
#[derive(Clone)]
pub struct Remembering {
    inner: TextAnalyzer,
}

impl Remembering {
    pub fn new(inner: TextAnalyzer) -> Remembering {
        Remembering { inner }
    }
}

pub struct RememberingStream<'a> {
    inner: BoxTokenStream<'a>,
    slot: usize,
    serial: u64,
}

impl Tokenizer for Remembering {
    type TokenStream<'a> = RememberingStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RememberingStream<'a> {
        let (slot, serial) = RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            recent.begun += 1;
            let (slot, serial) = (recent.next, recent.begun);
            recent.next = (slot + 1) % SLOTS;
            let analysis = &mut recent.slots[slot];
            analysis.source.clear();
            analysis.source.push_str(text);
            analysis.words.clear();
            analysis.tokens.clear();
            analysis.serial = serial;
            analysis.complete = false;
            (slot, serial)
        });
        RememberingStream {
            inner: self.inner.token_stream(text),
            slot,
            serial,
        }
    }
}

impl TokenStream for RememberingStream<'_> {
    fn advance(&mut self) -> bool {
        let more = self.inner.advance();
        let token = self.inner.token();
        RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            let analysis = &mut recent.slots[self.slot];
            if analysis.serial != self.serial {
                return;
            }
            if more {
                analysis.words.push_str(&token.text);
                analysis.tokens.push(Recorded {
                    end: analysis.words.len(),
                    offset_from: token.offset_from,
                    offset_to: token.offset_to,
                    position: token.position,
                });
            } else {
                analysis.complete = true;
            }
        });
        more
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::search::schema::prose_analyzer;

    fn run(analyzer: &mut Remembering, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        words
    }

    fn replayed(analysis: &Analysis) -> Vec<(String, usize, usize, usize)> {
        (0..)
            .map_while(|at| analysis.word(at))
            .map(|(text, from, to, position)| (text.to_string(), from, to, position))
            .collect()
    }

    #[test]
    fn a_finished_analysis_is_taken_once_with_the_words_it_gave() {
        let text = "Harbour pilots struck in Rotterdam";
        // What the analyser gives (this remembers it too; it is taken away again).
        let expected = crate::search::words::tokens(Remembering::new(prose_analyzer()), text);
        take(text);
        let mut analyzer = Remembering::new(prose_analyzer());
        let words = run(&mut analyzer, text);
        let analysis = take(text).unwrap();
        assert_eq!(replayed(&analysis), expected);
        assert_eq!(words, expected.into_iter().map(|t| t.0).collect::<Vec<_>>());
        assert!(take(text).is_none(), "taken twice");
    }

    #[test]
    fn only_finished_and_recent_analyses_are_remembered() {
        let mut analyzer = Remembering::new(prose_analyzer());
        // Stopped half way: not complete, so not offered.
        let mut stream = analyzer.token_stream("one two three");
        stream.advance();
        drop(stream);
        assert!(take("one two three").is_none());
        // A text analysed SLOTS texts ago is forgotten; the last SLOTS are kept.
        let texts = ["alpha", "beta", "gamma", "delta"];
        for text in texts {
            run(&mut analyzer, text);
        }
        assert!(take("alpha").is_none());
        for text in &texts[1..] {
            assert!(take(text).is_some(), "{text}");
        }
        assert!(take("a text never analysed").is_none());
    }
}
