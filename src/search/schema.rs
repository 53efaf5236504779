//! The index schema: which article fields are searchable, how their text is analysed, and field handles.

use tantivy::Index;

use super::stem_cache::MemoStemmer;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
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
    };
    (builder.build(), fields)
}

/// The prose analyser, also used to analyse query words and to find matches for snippets.
pub fn prose_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
        .build()
}

/// The names analyser; also how a typed prefix is normalised before it is matched against terms.
pub fn names_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers both analysers with an index; must run before any reader or writer uses it.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(PROSE, prose_analyzer());
    index.tokenizers().register(NAMES, names_analyzer());
    index
        .tokenizers()
        .register(PAIRS, TextAnalyzer::from(PairTokenizer::default()));
}

/// The `pairs` term for two adjacent analysed words. Tokens never hold a space, so it is unambiguous.
pub fn pair_term(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// The `pairs` tokens of analysed text: one per two words at adjacent positions.
pub fn pair_tokens(tokens: &[Token]) -> Vec<Token> {
    tokens
        .windows(2)
        .filter(|w| w[1].position == w[0].position + 1)
        .map(|w| Token {
            offset_from: w[0].offset_from,
            offset_to: w[1].offset_to,
            position: w[0].position,
            text: pair_term(&w[0].text, &w[1].text),
            position_length: 1,
        })
        .collect()
}

/// Emits the word pairs of prose: the prose analyser's tokens, two adjacent ones at a time.
/// It runs inside tantivy's indexing threads, like every other analyser.
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

/// The pairs of one text, handed out one at a time.
pub struct PairStream {
    pairs: Vec<Token>,
    next: usize,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream {
        PairStream {
            pairs: pair_tokens(&tokens(&mut self.prose, text)),
            next: 0,
        }
    }
}

impl TokenStream for PairStream {
    fn advance(&mut self) -> bool {
        if self.next < self.pairs.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.pairs[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let at = self.next.saturating_sub(1);
        &mut self.pairs[at]
    }
}

/// Runs an analyser over `text` and returns its tokens with positions and offsets.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
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
