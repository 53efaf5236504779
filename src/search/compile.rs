//! Turns a `ParsedQuery` into a tantivy query: analysed terms, phrases, bounded prefix expansion,
//! date ranges and flag filters.

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Searcher, SegmentReader, Term};

use super::query::{Clause, Condition, Flag, ParsedQuery, Target};
use super::schema::{self, Fields};
use super::{IdSet, SearchError};

/// How many distinct terms a typed prefix may stand for; the most frequent win. Bounds the cost
/// of a prefix on a large index.
const PREFIX_TERMS: usize = 16;
/// Completions of a prefix typed after other words.
const PREFIX_TERMS_WITH_OTHERS: usize = 4;
/// A prefix shorter than this matches only as a whole word: one or two letters stand for so many
/// words that expanding them would cost a keystroke far more than a frame.
const MIN_PREFIX_CHARS: usize = 3;

/// One clause of a tantivy boolean query.
type Should = (Occur, Box<dyn Query>);
/// How many dictionary entries one segment may scan for a prefix before it stops looking.
const PREFIX_SCAN: usize = 20_000;

/// The read and starred sets, loaded from the store only when a query asks for a flag.
#[derive(Debug, Clone, Default)]
pub struct FlagSets {
    pub read: Arc<IdSet>,
    pub starred: Arc<IdSet>,
}

/// Everything compilation needs besides the query itself.
pub struct Compiler<'a> {
    pub searcher: &'a Searcher,
    pub fields: Fields,
    pub flags: Option<&'a FlagSets>,
    prose: TextAnalyzer,
    names: TextAnalyzer,
    /// How many completions a prefix gets: fewer when other words narrow the query anyway.
    completions: usize,
}

impl<'a> Compiler<'a> {
    pub fn new(searcher: &'a Searcher, fields: Fields, flags: Option<&'a FlagSets>) -> Self {
        Compiler {
            searcher,
            fields,
            flags,
            prose: schema::prose_analyzer(),
            names: schema::names_analyzer(),
            completions: PREFIX_TERMS,
        }
    }

    /// The whole query. An empty query matches every article.
    pub fn compile(&mut self, parsed: &ParsedQuery) -> Result<Box<dyn Query>, SearchError> {
        let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut has_positive = false;
        let content_words = parsed
            .clauses()
            .filter(|c| !c.negated && matches!(c.condition, Condition::Text { .. }))
            .filter(|c| !is_stop_word(c))
            .count();
        // Beside other words a prefix's rarer completions add little, and every term in its
        // union costs a seek for each article the other words match.
        self.completions = if content_words > 1 {
            PREFIX_TERMS_WITH_OTHERS
        } else {
            PREFIX_TERMS
        };
        for group in &parsed.groups {
            if let [clause] = group.as_slice() {
                // "president on tuesday": `on` is in nearly every article, so requiring it costs a
                // walk over the whole index and changes nothing. Dropped when other words remain.
                // A stop word with other words, a finished stop word alone, and the first letter
                // or two of a word being typed ("t", "th" on the way to "theatre") narrow nothing
                // and would walk every article: a query of only those lists everything, newest
                // first. A stop word being typed alone searches its completions (see
                // `word_or_prefix`).
                if is_stop_word(clause)
                    && (content_words > 0 || !is_prefix(clause) || is_short_prefix(clause))
                {
                    continue;
                }
                // "years i" on the way to "years in": after other words, the first letter or two
                // of the next are not a word yet; the other words' results stand until there are
                // enough letters to expand.
                if is_short_prefix(clause) && content_words > 1 {
                    continue;
                }
                let Some(query) = self.condition(&clause.condition)? else {
                    continue;
                };
                if clause.negated {
                    required.push((Occur::MustNot, query));
                } else {
                    has_positive = true;
                    required.push((Occur::Must, query));
                }
                continue;
            }
            let mut alternatives = Vec::new();
            for clause in group {
                if let Some(query) = self.clause_alone(clause)? {
                    alternatives.push((Occur::Should, query));
                }
            }
            if !alternatives.is_empty() {
                has_positive = true;
                required.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        if !has_positive {
            required.push((Occur::Must, Box::new(AllQuery)));
        }
        // One required clause is the query itself; unwrapped, a flat union of terms (one word
        // being typed) reaches tantivy's block-max WAND, which skips blocks that cannot rank.
        if let [(Occur::Must, _)] = required.as_slice()
            && let Some((_, only)) = required.pop()
        {
            return Ok(only);
        }
        Ok(Box::new(BooleanQuery::new(required)))
    }

    /// A clause that must stand on its own (inside an OR group), negation included.
    fn clause_alone(&mut self, clause: &Clause) -> Result<Option<Box<dyn Query>>, SearchError> {
        let Some(query) = self.condition(&clause.condition)? else {
            return Ok(None);
        };
        if !clause.negated {
            return Ok(Some(query));
        }
        Ok(Some(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, query),
        ]))))
    }

    fn condition(&mut self, condition: &Condition) -> Result<Option<Box<dyn Query>>, SearchError> {
        let published = self.fields.published;
        let bound =
            |at: &chrono::DateTime<chrono::Utc>| Term::from_field_i64(published, at.timestamp());
        Ok(match condition {
            // Quoted or not, several words in one clause are matched in order: a phrase.
            Condition::Text {
                target,
                text,
                prefix,
                ..
            } => self.text(*target, text, *prefix)?,
            Condition::After(at) => Some(Box::new(RangeQuery::new(
                Bound::Included(bound(at)),
                Bound::Unbounded,
            ))),
            Condition::Before(at) => Some(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(bound(at)),
            ))),
            Condition::Is(flag) => Some(self.flag(*flag)?),
        })
    }

    fn flag(&self, flag: Flag) -> Result<Box<dyn Query>, SearchError> {
        let flags = self.flags.ok_or(SearchError::FlagsMissing)?;
        let (set, wanted) = match flag {
            Flag::Unread => (flags.read.clone(), false),
            Flag::Read => (flags.read.clone(), true),
            Flag::Starred => (flags.starred.clone(), true),
            Flag::Unstarred => (flags.starred.clone(), false),
        };
        let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
            let ids = segment.fast_fields().u64("id")?.first_or_default_col(0);
            let set = set.clone();
            Ok(move |doc: DocId| set.contains(ids.get_val(doc) as i64) == wanted)
        });
        Ok(Box::new(DocPredicateQuery::from(predicate)))
    }

    /// Words (in order) in one field or, for `Target::Any`, anywhere in the article, ranked
    /// higher when they are in the title.
    fn text(
        &mut self,
        target: Target,
        text: &str,
        prefix: bool,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let f = self.fields;
        let (field, prose) = match target {
            Target::Any => (f.text, true),
            Target::Title => (f.title, true),
            Target::Source => (f.source, false),
            Target::Author => (f.author, false),
            Target::Person => (f.person, false),
            Target::Org => (f.org, false),
            Target::Place => (f.place, false),
        };
        let analyzer = if prose {
            &mut self.prose
        } else {
            &mut self.names
        };
        let words = schema::analyze(analyzer, text);
        // The prefix is matched unstemmed ("minist" must not become a stem before expansion), and
        // only once it is long enough to be worth expanding.
        let typed_prefix = if prefix {
            schema::analyze(&mut self.names, text)
                .pop()
                .filter(|p| p.chars().count() >= MIN_PREFIX_CHARS)
        } else {
            None
        };
        if let ([word], Target::Any) = (words.as_slice(), target) {
            // One word: every form of it in the text, and the whole word in the title ranked
            // higher, all as one flat union (the title is part of the text, so this matches
            // exactly what the text alone matches).
            let mut clauses = self.word_or_prefix(f.text, word, typed_prefix.as_deref())?;
            let in_title = TermQuery::new(
                Term::from_field_text(f.title, word),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((Occur::Should, boosted(Box::new(in_title), 2.0)));
            return Ok(Some(Box::new(BooleanQuery::new(clauses))));
        }
        let Some(matches) = self.field_query(field, &words, typed_prefix.as_deref())? else {
            return Ok(None);
        };
        if target != Target::Any {
            return Ok(Some(matches));
        }
        let mut clauses = vec![(Occur::Must, matches)];
        if let Some(in_title) = self.field_query(f.title, &words, None)? {
            clauses.push((Occur::Should, boosted(in_title, 2.0)));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    fn field_query(
        &self,
        field: Field,
        words: &[String],
        prefix: Option<&str>,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let term = |w: &String| Term::from_field_text(field, w);
        let Some(prefix) = prefix else {
            return Ok(match words {
                [] => None,
                [one] => Some(Box::new(TermQuery::new(
                    term(one),
                    IndexRecordOption::WithFreqs,
                ))),
                many if field == self.fields.text => Some(self.phrase_by_pairs(many)),
                many => Some(Box::new(PhraseQuery::new(many.iter().map(term).collect()))),
            });
        };
        // Every word but the last must match in order; the last matches whole or as a prefix.
        let leading = &words[..words.len().saturating_sub(1)];
        if !leading.is_empty() {
            let mut terms: Vec<Term> = leading.iter().map(term).collect();
            terms.push(Term::from_field_text(field, prefix));
            let as_prefix: Box<dyn Query> = Box::new(PhrasePrefixQuery::new(terms));
            let exact: Box<dyn Query> =
                Box::new(PhraseQuery::new(words.iter().map(term).collect()));
            return Ok(Some(Box::new(BooleanQuery::new(vec![
                (Occur::Should, exact),
                (Occur::Should, as_prefix),
            ]))));
        }
        let alternatives = match words.last() {
            Some(whole) => self.word_or_prefix(field, whole, Some(prefix))?,
            None => Vec::new(),
        };
        Ok(match alternatives.len() {
            0 => Some(Box::new(EmptyQuery)),
            _ => Some(Box::new(BooleanQuery::new(alternatives))),
        })
    }

    /// The word itself, and when a prefix is given its most frequent completions (ranked a
    /// little lower), as alternatives.
    fn word_or_prefix(
        &self,
        field: Field,
        whole: &str,
        prefix: Option<&str>,
    ) -> Result<Vec<Should>, SearchError> {
        let mut alternatives: Vec<Should> = Vec::new();
        if let Some(prefix) = prefix {
            let whole_term = Term::from_field_text(field, whole);
            // The word itself is added whole below (or, for a stop word, left out).
            for expanded in self.expand_prefix(field, prefix)? {
                if expanded == whole_term {
                    continue;
                }
                let query = TermQuery::new(expanded, IndexRecordOption::WithFreqs);
                alternatives.push((Occur::Should, boosted(Box::new(query), 0.8)));
            }
        }
        // "the" on the way to "theatre": while the word may go on, a stop word itself narrows
        // nothing and costs a walk over every article, so its completions stand alone.
        if alternatives.is_empty() || !STOP_WORDS.contains(&whole) {
            let term = Term::from_field_text(field, whole);
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            alternatives.insert(0, (Occur::Should, Box::new(query)));
        }
        Ok(alternatives)
    }

    /// A phrase in `text` as lookups of its adjacent word pairs; a longer phrase also checks the
    /// exact order, but only on the few articles that hold every pair.
    fn phrase_by_pairs(&self, words: &[String]) -> Box<dyn Query> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .windows(2)
            .map(|w| {
                let pair = Term::from_field_text(f.pairs, &schema::pair_term(&w[0], &w[1]));
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(pair, IndexRecordOption::WithFreqs));
                (Occur::Must, query)
            })
            .collect();
        if words.len() > 2 {
            let terms = words
                .iter()
                .map(|w| Term::from_field_text(f.text, w))
                .collect();
            clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The most frequent indexed terms of `field` that start with `prefix`.
    fn expand_prefix(&self, field: Field, prefix: &str) -> Result<Vec<Term>, SearchError> {
        let mut doc_freqs: HashMap<Vec<u8>, u64> = HashMap::new();
        let upper = prefix_upper_bound(prefix.as_bytes());
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut builder = inverted.terms().range().ge(prefix.as_bytes());
            if let Some(upper) = &upper {
                builder = builder.lt(upper);
            }
            let mut stream = builder.into_stream()?;
            let mut scanned = 0;
            while stream.advance() && scanned < PREFIX_SCAN {
                scanned += 1;
                *doc_freqs.entry(stream.key().to_vec()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
        // A completion in a tenth of all articles narrows nothing while a word is being typed, and
        // scoring it costs a walk over that tenth; the typed letters as a whole word stay in.
        let common = (self.searcher.num_docs() / 10).max(1_000);
        let mut ranked: Vec<(Vec<u8>, u64)> = doc_freqs
            .into_iter()
            .filter(|(key, freq)| *freq <= common || key.as_slice() == prefix.as_bytes())
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(self.completions);
        Ok(ranked
            .into_iter()
            .filter_map(|(key, _)| String::from_utf8(key).ok())
            .map(|text| Term::from_field_text(field, &text))
            .collect())
    }
}

/// Words too common to narrow a search, dropped from queries that have other words. The one- and
/// two-letter pieces of contractions ("president's" is `president` + `s`) are here too: while a
/// word is being typed its first letters are searched whole, and `s` is in nearly every article.
const STOP_WORDS: [&str; 31] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "d", "for", "from", "has", "in", "is", "it",
    "ll", "m", "of", "on", "or", "re", "s", "t", "that", "the", "this", "to", "ve", "was", "were",
    "with",
];

/// A word still being typed (no space after it yet).
fn is_prefix(clause: &Clause) -> bool {
    matches!(&clause.condition, Condition::Text { prefix: true, .. })
}

/// A word still being typed that is shorter than a prefix is expanded from.
fn is_short_prefix(clause: &Clause) -> bool {
    matches!(&clause.condition, Condition::Text { text, prefix: true, .. } if text.chars().count() < MIN_PREFIX_CHARS)
}

/// A lone, unquoted, positive stop word searched anywhere.
fn is_stop_word(clause: &Clause) -> bool {
    match &clause.condition {
        Condition::Text {
            target: Target::Any,
            text,
            phrase: false,
            ..
        } => !clause.negated && STOP_WORDS.contains(&text.to_lowercase().as_str()),
        _ => false,
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// The smallest byte string greater than every string that starts with `prefix`, if there is one.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prefix_upper_bound;

    #[test]
    fn prefix_bound_is_the_next_string() {
        assert_eq!(prefix_upper_bound(b"mos"), Some(b"mot".to_vec()));
        assert_eq!(prefix_upper_bound(&[b'a', 0xff]), Some(b"b".to_vec()));
        assert_eq!(prefix_upper_bound(&[0xff]), None);
    }
}
