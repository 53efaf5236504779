//! Splitting text into the words the index holds: runs of letters and digits, as tantivy's
//! `SimpleTokenizer` makes them, except in Chinese, Japanese and Korean script.
//!
//! Those are written without spaces between words, so a run of them is one "word" of a whole
//! sentence: no word inside it could be found, and a run over 13 characters (40 bytes) was not
//! indexed at all. Such a run is split instead into overlapping pairs of characters (東京都 →
//! 東京, 京都), as Lucene's CJK analyser does, and a query's run is split the same way and
//! matched as a phrase, so any two or more characters are found wherever they stand.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Letters of scripts written without spaces between words (and Hangul, whose spaced units are
/// long compounds): Han ideographs, hiragana, katakana, bopomofo and Hangul, with the marks that
/// repeat a character (佐々木).
pub fn is_cjk(c: char) -> bool {
    // Most text is below the first of them: one comparison.
    if c < '\u{1100}' {
        return false;
    }
    (is_hangul(c)
        || matches!(c,
            '\u{3005}'..='\u{3007}' // 々 〆 〇
            | '\u{3021}'..='\u{3029}' // Hangzhou numerals
            | '\u{3031}'..='\u{3035}' // kana repeat marks
            | '\u{3038}'..='\u{303C}'
            | '\u{3040}'..='\u{30FF}' // hiragana, katakana
            | '\u{3100}'..='\u{312F}' // bopomofo
            | '\u{31A0}'..='\u{31BF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}' // Han
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FF9F}' // half-width katakana
            | '\u{1AFF0}'..='\u{1B16F}' // kana supplements
            | '\u{20000}'..='\u{3FFFF}'
        ))
        && c.is_alphanumeric()
}

/// Korean letters: jamo, compatibility jamo, syllables and their half-width forms. Korean, unlike
/// Chinese and Japanese, puts spaces between its words.
pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{FFA0}'..='\u{FFDC}'
    )
}

/// Words as `SimpleTokenizer` makes them, CJK runs as pairs of characters.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    /// Byte offset of the next character to read.
    at: usize,
    token: &'a mut Token,
    /// The last CJK character of the run being read, by its start.
    cjk_before: Option<usize>,
    /// Whether the run being read has given a pair yet (a run of one character is a word).
    cjk_paired: bool,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
            cjk_before: None,
            cjk_paired: false,
        }
    }
}

impl WordStream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        true
    }

    /// Ends the CJK run being read: a run of one character is a word of its own.
    fn end_cjk_run(&mut self) -> bool {
        match self.cjk_before.take() {
            Some(start) if !self.cjk_paired => {
                let end = start + self.text[start..].chars().next().map_or(0, char::len_utf8);
                self.emit(start, end)
            }
            _ => false,
        }
    }

    /// The character at byte `at` (a boundary) and its length; ASCII without decoding.
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        match self.text.as_bytes().get(at) {
            None => None,
            Some(&byte) if byte.is_ascii() => Some((char::from(byte), 1)),
            Some(_) => self.text[at..].chars().next().map(|c| (c, c.len_utf8())),
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        loop {
            if self.cjk_before.is_none() {
                // Spaces and punctuation between words, the most of what is not a word.
                let mut at = self.at;
                while bytes
                    .get(at)
                    .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
                {
                    at += 1;
                }
                self.at = at;
            }
            let Some((c, len)) = self.char_at(self.at) else {
                return self.end_cjk_run();
            };
            let offset = self.at;
            if is_cjk(c) {
                self.at += len;
                match self.cjk_before.replace(offset) {
                    Some(start) => {
                        self.cjk_paired = true;
                        return self.emit(start, offset + len);
                    }
                    None => {
                        self.cjk_paired = false;
                        continue;
                    }
                }
            }
            // Anything else ends a CJK run, which may be a word to give first.
            if self.end_cjk_run() {
                return true;
            }
            self.at += len;
            if c.is_alphanumeric() {
                let mut at = self.at;
                loop {
                    match bytes.get(at) {
                        Some(b) if b.is_ascii_alphanumeric() => at += 1,
                        Some(b) if !b.is_ascii() => match self.char_at(at) {
                            Some((next, len)) if next.is_alphanumeric() && !is_cjk(next) => {
                                at += len
                            }
                            _ => break,
                        },
                        _ => break,
                    }
                }
                self.at = at;
                return self.emit(offset, at);
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Every token a tokenizer makes of `text`, as `(text, offset_from, offset_to, position)`.
#[cfg(test)]
pub(super) fn tokens(
    mut tokenizer: impl Tokenizer,
    text: &str,
) -> Vec<(String, usize, usize, usize)> {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::SimpleTokenizer;

    #[test]
    fn text_without_cjk_splits_as_tantivy_splits_it() {
        for text in [
            "Port of Rotterdam, 2026: Zürich's ministries — 42nd  time!",
            "",
            "   ",
            "ünïcödé ΑΘΗΝΑ Москва 123abc",
            "x",
        ] {
            assert_eq!(
                tokens(WordTokenizer::default(), text),
                tokens(SimpleTokenizer::default(), text),
                "{text}"
            );
        }
    }

    /// The words `WordTokenizer` makes of `text`, without their offsets.
    fn words_of(text: &str) -> Vec<String> {
        tokens(WordTokenizer::default(), text)
            .into_iter()
            .map(|word| word.0)
            .collect()
    }

    #[test]
    fn a_cjk_run_becomes_overlapping_pairs_and_a_lone_character_a_word() {
        let words: Vec<(String, usize, usize, usize)> =
            tokens(WordTokenizer::default(), "東京都で地震。Tokyo 市 x");
        let texts: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(
            texts,
            ["東京", "京都", "都で", "で地", "地震", "Tokyo", "市", "x"]
        );
        // Byte offsets of the characters, positions one apart.
        assert_eq!(words[1], ("京都".into(), 3, 9, 1));
        assert_eq!(words[4], ("地震".into(), 12, 18, 4));
        assert_eq!(words[6], ("市".into(), 27, 30, 6));
    }

    #[test]
    fn iteration_marks_belong_to_their_run() {
        // 佐々木 (Sasaki): 々 repeats the character before it and is part of the name.
        assert_eq!(
            words_of("佐々木氏が時々"),
            ["佐々", "々木", "木氏", "氏が", "が時", "時々"]
        );
    }

    #[test]
    fn latin_letters_beside_cjk_are_a_word_of_their_own() {
        assert_eq!(
            words_of("GDP成長率3%、한국어"),
            ["GDP", "成長", "長率", "3", "한국", "국어"]
        );
    }
}
