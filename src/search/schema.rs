//! The index schema: which article fields are searchable, how their text is analysed, and field handles.

use tantivy::Index;

use super::recent::{self, Analysis, Remembering};
use super::stem_cache::MemoStemmer;
use super::words::WordTokenizer;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, LowerCaser, RemoveLongFilter, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Analyser for prose: words lower-cased, accents folded, English stems, so "ministries" finds "ministry".
pub const PROSE: &str = "dateline_prose";
/// Analyser for names (sources, authors, entities): lower-cased and folded, not stemmed.
pub const NAMES: &str = "dateline_names";
/// Analyser for the `pairs` field: prose analysis, then each two adjacent words as one term.
pub const PAIRS: &str = "dateline_pairs";

/// Handles to every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub published: Field,
    pub title: Field,
    /// Title, standfirst and body as one text: one posting list per word instead of three keeps
    /// multi-word and phrase queries fast at a million articles. The title is in it twice, which
    /// ranks title words higher; `title` alone serves `title:` searches.
    pub text: Field,
    /// Each pair of adjacent words in `text` as one term, so a two-word phrase is one posting-list
    /// lookup rather than a walk over the positions of two common words.
    pub pairs: Field,
    pub source: Field,
    pub author: Field,
    pub person: Field,
    pub org: Field,
    pub place: Field,
    /// Other names: events, titles of works, nationalities (CoNLL's MISC).
    pub misc: Field,
    /// The article's tags and its feed's, each a phrase of names.
    pub tag: Field,
    /// 1 for an article hidden by a filter, which every query leaves out but `is:hidden`.
    pub hidden: Field,
    /// The id of the article's feed, 0 for none: `feed:"Name"` is that feed's articles exactly,
    /// where the feed's name as words would also find "Name World".
    pub feed: Field,
}

fn text_options(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// The schema and its field handles. Nothing is stored in the index: the store holds the text.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | FAST),
        published: builder.add_i64_field("published", INDEXED | FAST),
        title: builder.add_text_field("title", text_options(PROSE)),
        text: builder.add_text_field("text", text_options(PROSE)),
        pairs: builder.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(PAIRS)
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        source: builder.add_text_field("source", text_options(NAMES)),
        author: builder.add_text_field("author", text_options(NAMES)),
        person: builder.add_text_field("person", text_options(NAMES)),
        org: builder.add_text_field("org", text_options(NAMES)),
        place: builder.add_text_field("place", text_options(NAMES)),
        misc: builder.add_text_field("misc", text_options(NAMES)),
        tag: builder.add_text_field("tag", text_options(NAMES)),
        hidden: builder.add_u64_field("hidden", INDEXED | FAST),
        feed: builder.add_u64_field("feed", INDEXED),
    };
    (builder.build(), fields)
}

/// The prose analyser, also used to analyse query words and to find matches for snippets.
pub fn prose_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
        .build()
}

/// The names analyser; also how a typed prefix is normalised before it is matched against terms.
pub fn names_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers both analysers with an index; must run before any reader or writer uses it.
pub fn register_analyzers(index: &Index) {
    // The prose analyser remembers its last words for the pairs field (see `recent`).
    index
        .tokenizers()
        .register(PROSE, Remembering::new(prose_analyzer()));
    index.tokenizers().register(NAMES, names_analyzer());
    index
        .tokenizers()
        .register(PAIRS, TextAnalyzer::from(PairTokenizer::default()));
}

/// The `pairs` term for two adjacent analysed words. Tokens never hold a space, so it is unambiguous.
pub fn pair_term(first: &str, second: &str) -> String {
    let mut term = String::with_capacity(first.len() + 1 + second.len());
    write_pair_term(&mut term, first, second);
    term
}

/// `pair_term` written into `out` (cleared first), reusing its buffer.
fn write_pair_term(out: &mut String, first: &str, second: &str) {
    out.clear();
    out.push_str(first);
    out.push(' ');
    out.push_str(second);
}

/// Emits the word pairs of prose: the prose analyser's tokens, two adjacent ones at a time.
/// It runs inside tantivy's indexing threads, like every other analyser, and takes the words of
/// the `text` field's analysis of the same text when that thread has just made it (`recent`).
#[derive(Clone)]
pub struct PairTokenizer {
    prose: TextAnalyzer,
}

impl Default for PairTokenizer {
    fn default() -> Self {
        PairTokenizer {
            prose: prose_analyzer(),
        }
    }
}

/// Where a pair stream's words come from.
enum Words<'a> {
    Analysing(BoxTokenStream<'a>),
    /// A remembered analysis, and the next of its words.
    Remembered(Analysis, usize),
}

/// The pairs of one text, made as the prose tokens stream past: every pair is written into the
/// same token, so indexing a text allocates nothing per word.
pub struct PairStream<'a> {
    words: Words<'a>,
    /// The word before.
    previous: String,
    /// Its start and its position (`None` before the first word).
    previous_at: Option<(usize, usize)>,
    pair: Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        // Only the prose analyser remembers (`register_analyzers`), so a remembered analysis
        // holds the very words `self.prose` would make of the same text.
        let words = match recent::take(text) {
            Some(analysis) => Words::Remembered(analysis, 0),
            None => Words::Analysing(self.prose.token_stream(text)),
        };
        PairStream {
            words,
            previous: String::new(),
            previous_at: None,
            pair: Token::default(),
        }
    }
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let (word, from, to, position) = match &mut self.words {
                Words::Analysing(stream) => {
                    if !stream.advance() {
                        return false;
                    }
                    let token = stream.token();
                    (
                        token.text.as_str(),
                        token.offset_from,
                        token.offset_to,
                        token.position,
                    )
                }
                Words::Remembered(analysis, next) => {
                    let Some(word) = analysis.word(*next) else {
                        return false;
                    };
                    *next += 1;
                    word
                }
            };
            let adjacent = self
                .previous_at
                .filter(|&(_, previous)| previous + 1 == position);
            if let Some((start, previous)) = adjacent {
                write_pair_term(&mut self.pair.text, &self.previous, word);
                self.pair.offset_from = start;
                self.pair.offset_to = to;
                self.pair.position = previous;
                self.pair.position_length = 1;
            }
            self.previous.clear();
            self.previous.push_str(word);
            self.previous_at = Some((from, position));
            if adjacent.is_some() {
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.pair
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.pair
    }
}

/// Runs an analyser over `text` and returns the terms it produces.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairs of a text, as `(term, offset_from, offset_to, position)`.
    fn pairs(text: &str) -> Vec<(String, usize, usize, usize)> {
        super::super::words::tokens(PairTokenizer::default(), text)
    }

    #[test]
    fn pairs_are_adjacent_analysed_words_with_their_span() {
        assert_eq!(
            pairs("Ministries met, Ports"),
            [
                (pair_term("ministri", "met"), 0, 14, 0),
                (pair_term("met", "port"), 11, 21, 1),
            ]
        );
        assert!(pairs("one").is_empty());
        assert!(pairs("").is_empty());
    }

    #[test]
    fn pairs_from_the_text_fields_analysis_equal_pairs_analysed_afresh() {
        let text = "Ministries met, Ports of Rotterdam met again";
        let fresh = pairs(text);
        // The text field's analyser, as tantivy runs it just before the pairs field's.
        let mut remembering = Remembering::new(prose_analyzer());
        let mut stream = remembering.token_stream(text);
        while stream.advance() {}
        drop(stream);
        assert_eq!(pairs(text), fresh);
        assert!(
            recent::take(text).is_none(),
            "the pairs were analysed again instead of taking the text field's words"
        );
    }

    #[test]
    fn a_word_too_long_to_index_breaks_the_pairs_around_it() {
        // The 41-letter word is dropped and leaves a gap in the positions: no pair spans it.
        let long = "x".repeat(41);
        let text = format!("harbour pilots {long} strike today");
        let terms: Vec<String> = pairs(&text).into_iter().map(|p| p.0).collect();
        assert_eq!(
            terms,
            [pair_term("harbour", "pilot"), pair_term("strike", "today")]
        );
    }
}
