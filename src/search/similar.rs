//! Candidates for an arriving article's story: the stored articles that share the most of its
//! names and headline words, best first, found by one ranked query over the index (rare names
//! score high and their posting lists are short, so this is cheap at a million articles).

use std::collections::HashSet;

use tantivy::Score;
use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;

use super::index::SearchIndex;
use super::rank::SegmentsAtOnce;
use super::{Hit, SearchError, rank, schema};

/// Terms asked at most: the first ones given (names come first).
const MAX_TERMS: usize = 24;

impl SearchIndex {
    /// The `limit` visible articles that best match any of `words` (analysed as prose).
    pub fn similar(&self, words: &[String], limit: usize) -> Result<Vec<Hit>, SearchError> {
        let mut analyzer = schema::prose_analyzer();
        let mut seen = HashSet::new();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let searcher = self.reader.searcher();
        // A word in more than one article in 200 says little about which event this is, and
        // scoring its long posting list would cost more than all the rest.
        let common = (searcher.num_docs() / 200).max(50);
        for word in words {
            let mut stream = analyzer.token_stream(word);
            while let Some(token) = stream.next() {
                if clauses.len() < MAX_TERMS && seen.insert(token.text.clone()) {
                    let term = Term::from_field_text(self.fields.text, &token.text);
                    if searcher.doc_freq(&term)? > common {
                        continue;
                    }
                    clauses.push((
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    ));
                }
            }
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(clauses);
        rank::top_hits(
            &searcher,
            &[(&query, Score::MAX)],
            limit,
            true,
            SegmentsAtOnce::One,
        )
    }
}
