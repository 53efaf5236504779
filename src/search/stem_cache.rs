//! English stemming with a per-thread memo: news text repeats its words, and every word of every
//! article is stemmed as it is indexed, so most stems are found rather than made.

use std::cell::RefCell;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Distinct words remembered per thread before the memo starts over (a few MB at most).
const MEMO_WORDS: usize = 200_000;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

struct Memo {
    /// foldhash, not the standard SipHash, which cost 2% of an import's CPU; its seed is still
    /// random per process, so crafted text cannot choose collisions.
    stems: foldhash::HashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            stems: foldhash::HashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

impl Memo {
    fn stem_into(&mut self, token: &mut Token) {
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clone_from(stem);
            return;
        }
        let mut stream = self.stemmer.token_stream(&token.text);
        let stem = if stream.advance() {
            stream.token().text.clone()
        } else {
            token.text.clone()
        };
        drop(stream);
        if self.stems.len() >= MEMO_WORDS {
            self.stems.clear();
        }
        self.stems
            .insert(std::mem::take(&mut token.text), stem.clone());
        token.text = stem;
    }
}

/// The English stemmer, remembered per thread. Same stems as tantivy's `Stemmer` (it is used on a miss).
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct MemoStemmerStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for MemoStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // A pair of CJK characters has no English stem; remembered, a page of them would crowd
        // the memo's English words out.
        if !token.text.starts_with(super::words::is_cjk) {
            MEMO.with(|memo| memo.borrow_mut().stem_into(token));
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    use super::*;

    fn terms(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn remembered_stems_equal_tantivys() {
        let text = "Ministries and ministers ran running runs; the ministry ran again and again.";
        let memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(MemoStemmer)
            .build();
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = terms(plain, text);
        assert_eq!(terms(memo.clone(), text), expected);
        // Second time round every stem comes from the memo.
        assert_eq!(terms(memo, text), expected);
    }
}
