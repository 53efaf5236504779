//! Turns a `ParsedQuery` into a tantivy query: analysed terms, phrases, bounded prefix expansion,
//! date ranges and flag filters.

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::flags::{FlagQuery, SegmentBits};
use super::query::{
    Clause, Condition, Flag, ParsedQuery, Target, expands_as_prefix, is_short_typed_word,
};
use super::rankers::{Alternatives, Ranker, any_of, rankers};
use super::schema::{self, Fields};
use super::{IdSet, SearchError};

/// How many distinct terms a typed prefix may stand for; the most frequent win. Bounds the cost
/// of a prefix on a large index.
const PREFIX_TERMS: usize = 16;
/// Completions of a prefix typed after other words.
const PREFIX_TERMS_WITH_OTHERS: usize = 4;
/// How many dictionary entries one segment may scan for a prefix before it stops looking.
const PREFIX_SCAN: usize = 20_000;

/// The read and starred sets, loaded from the store only when a query asks for a flag.
#[derive(Debug, Clone, Default)]
pub struct FlagSets {
    pub read: Arc<IdSet>,
    pub starred: Arc<IdSet>,
    /// The articles of each story a `story:` clause names.
    pub stories: std::collections::HashMap<i64, Arc<IdSet>>,
    /// The feed each quoted `feed:"Name"` names exactly, by the name as typed; a name no feed
    /// has is not here, and is searched as words of the source.
    pub feeds: HashMap<String, i64>,
    /// Each set's documents by segment, shared by every query of these sets (see `flags.rs`).
    pub read_bits: Arc<SegmentBits>,
    pub starred_bits: Arc<SegmentBits>,
}

/// A compiled query.
pub struct Compiled {
    /// Exactly the matching articles: counted, and ranked when `rankers` is empty.
    pub query: Box<dyn Query>,
    /// The same articles as conjunctions of single terms (one per choice among each clause's
    /// alternatives), when the query is that simple (see `rankers.rs`). An article's score is
    /// its best conjunction's.
    pub rankers: Vec<Ranker>,
    /// False when no words are searched for (filters alone, or only words too common to count):
    /// every match is then equally relevant, and they are listed newest first.
    pub ranks: bool,
    /// Nothing narrows the query: it matches every article.
    pub everything: bool,
    /// The rankers can find hidden articles, which the hits must leave out.
    pub skip_hidden: bool,
}

/// One compiled condition, and its alternative terms when it is nothing else.
struct Part {
    query: Box<dyn Query>,
    terms: Option<Alternatives>,
}

impl Part {
    fn other(query: Box<dyn Query>) -> Part {
        Part { query, terms: None }
    }

    fn terms(terms: Alternatives) -> Part {
        Part {
            query: any_of(&terms),
            terms: Some(terms),
        }
    }
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

    /// The term of a hidden article.
    fn hidden_term(&self) -> Term {
        Term::from_field_u64(self.fields.hidden, 1)
    }

    /// The whole query. An empty query matches every article. Hidden articles are left out
    /// unless the query asks for `is:hidden`; while none is hidden this costs nothing.
    pub fn compile(&mut self, parsed: &ParsedQuery) -> Result<Compiled, SearchError> {
        let mut compiled = self.compile_visible_too(parsed)?;
        let asks_hidden = parsed
            .clauses()
            .any(|clause| !clause.negated && clause.condition == Condition::Is(Flag::Hidden));
        if asks_hidden || self.searcher.doc_freq(&self.hidden_term())? == 0 {
            return Ok(compiled);
        }
        let hidden: Box<dyn Query> =
            Box::new(TermQuery::new(self.hidden_term(), IndexRecordOption::Basic));
        compiled.query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, compiled.query),
            (Occur::MustNot, hidden),
        ]));
        // The rankers are single terms; the hits they find are checked one by one.
        compiled.skip_hidden = !compiled.rankers.is_empty();
        Ok(compiled)
    }

    fn compile_visible_too(&mut self, parsed: &ParsedQuery) -> Result<Compiled, SearchError> {
        let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut has_positive = false;
        // Whether any words are searched for, giving the matches a relevance to rank by.
        let mut ranks = false;
        // Each required clause's alternatives, while every clause is only that.
        let mut conjunction: Option<Vec<Alternatives>> = Some(Vec::new());
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
                // walk over the whole index and changes nothing; typed or finished, a stop word
                // is left out, and a query of only those lists everything, newest first.
                if is_stop_word(clause) {
                    continue;
                }
                // "years i" on the way to "years in", "the h" on the way to "the harbour": after
                // other words, the first letter or two of the next are not a word yet; the
                // results so far stand until there are enough letters to expand. Alone they are
                // searched as the word they are ("uk").
                if is_short_prefix(clause) && parsed.clauses().nth(1).is_some() {
                    continue;
                }
                let Some(part) = self.condition(&clause.condition)? else {
                    continue;
                };
                if clause.negated {
                    conjunction = None;
                    required.push((Occur::MustNot, part.query));
                } else {
                    has_positive = true;
                    ranks |= self.ranks_by(clause);
                    match (part.terms, conjunction.as_mut()) {
                        (Some(terms), Some(all)) => all.push(terms),
                        _ => conjunction = None,
                    }
                    required.push((Occur::Must, part.query));
                }
                continue;
            }
            conjunction = None;
            let mut alternatives = Vec::new();
            for clause in group {
                if let Some(query) = self.clause_alone(clause)? {
                    ranks |= !clause.negated && self.ranks_by(clause);
                    alternatives.push((Occur::Should, query));
                }
            }
            if !alternatives.is_empty() {
                has_positive = true;
                required.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        let everything = !has_positive && required.is_empty();
        if !has_positive {
            required.push((Occur::Must, Box::new(AllQuery)));
        }
        let rankers = match conjunction {
            Some(clauses) if has_positive => rankers(self.searcher, &clauses)?,
            _ => Vec::new(),
        };
        // One required clause is the query itself.
        let query = match required.as_slice() {
            [(Occur::Must, _)] => match required.pop() {
                Some((_, only)) => only,
                None => Box::new(EmptyQuery),
            },
            _ => Box::new(BooleanQuery::new(required)),
        };
        Ok(Compiled {
            query,
            rankers,
            ranks,
            everything,
            skip_hidden: false,
        })
    }

    /// A clause that must stand on its own (inside an OR group), negation included.
    fn clause_alone(&mut self, clause: &Clause) -> Result<Option<Box<dyn Query>>, SearchError> {
        let Some(Part { query, .. }) = self.condition(&clause.condition)? else {
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

    fn condition(&mut self, condition: &Condition) -> Result<Option<Part>, SearchError> {
        if let Some(feed) = self.named_feed(condition) {
            return Ok(Some(feed));
        }
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
            Condition::After(at) => Some(Part::other(Box::new(RangeQuery::new(
                Bound::Included(bound(at)),
                Bound::Unbounded,
            )))),
            Condition::Before(at) => Some(Part::other(Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(bound(at)),
            )))),
            Condition::Is(flag) => Some(Part::other(self.flag(*flag)?)),
            Condition::Story(story) => {
                let flags = self.flags.ok_or(SearchError::FlagsMissing)?;
                let set = flags.stories.get(story).cloned().unwrap_or_default();
                Some(Part::other(Box::new(FlagQuery {
                    set,
                    wanted: true,
                    bits: Arc::default(),
                })))
            }
        })
    }

    /// The feed a quoted `feed:"Name"` names exactly (see `FlagSets::feeds`).
    fn feed_named(&self, condition: &Condition) -> Option<i64> {
        let Condition::Text {
            target: Target::Feed,
            text,
            phrase: true,
            prefix: false,
        } = condition
        else {
            return None;
        };
        self.flags?.feeds.get(text).copied()
    }

    /// The articles of the feed a quoted `feed:"Name"` names exactly: a filter, which gives
    /// no relevance (a feed's name is not words found in its articles). Its score is the least
    /// above none, since best-match order keeps only what scores above zero: in
    /// `feed:"X" OR harbour` the feed's articles without the word must stay.
    fn named_feed(&self, condition: &Condition) -> Option<Part> {
        let id = self.feed_named(condition)?;
        let term = Term::from_field_u64(self.fields.feed, super::index::feed_term(id));
        Some(Part::other(Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            f32::MIN_POSITIVE,
        ))))
    }

    /// Whether a clause searches for words, which give its matches a relevance to rank by.
    fn ranks_by(&self, clause: &Clause) -> bool {
        is_text(clause) && self.feed_named(&clause.condition).is_none()
    }

    fn flag(&self, flag: Flag) -> Result<Box<dyn Query>, SearchError> {
        if flag == Flag::Hidden {
            return Ok(Box::new(TermQuery::new(
                self.hidden_term(),
                IndexRecordOption::Basic,
            )));
        }
        let flags = self.flags.ok_or(SearchError::FlagsMissing)?;
        let (set, wanted, bits) = match flag {
            Flag::Unread => (&flags.read, false, &flags.read_bits),
            Flag::Read => (&flags.read, true, &flags.read_bits),
            Flag::Starred => (&flags.starred, true, &flags.starred_bits),
            Flag::Unstarred => (&flags.starred, false, &flags.starred_bits),
            Flag::Hidden => return Err(SearchError::FlagsMissing),
        };
        Ok(Box::new(FlagQuery {
            set: Arc::clone(set),
            wanted,
            bits: Arc::clone(bits),
        }))
    }

    /// Words (in order) in one field or, for `Target::Any`, anywhere in the article.
    fn text(
        &mut self,
        target: Target,
        text: &str,
        prefix: bool,
    ) -> Result<Option<Part>, SearchError> {
        let f = self.fields;
        let (field, prose) = match target {
            Target::Any => (f.text, true),
            Target::Title => (f.title, true),
            Target::Source | Target::Feed => (f.source, false),
            Target::Author => (f.author, false),
            Target::Person => (f.person, false),
            Target::Org => (f.org, false),
            Target::Place => (f.place, false),
            Target::Misc => (f.misc, false),
            Target::Tag => (f.tag, false),
        };
        let analyzer = if prose {
            &mut self.prose
        } else {
            &mut self.names
        };
        let mut words = schema::analyze(analyzer, text);
        if target == Target::Person {
            // The index holds people's names without their titles: "mr sunak" finds "Sunak".
            let typed: Vec<&str> = words.iter().map(String::as_str).collect();
            let titles = crate::entities::leading_title_words(&typed);
            words.drain(..titles);
        }
        // The prefix is matched unstemmed ("minist" must not become a stem before expansion), and
        // only once it is long enough to be worth expanding.
        let typed_prefix = if prefix {
            schema::analyze(&mut self.names, text)
                .pop()
                .filter(|p| expands_as_prefix(p))
        } else {
            None
        };
        self.field_query(field, &words, typed_prefix.as_deref())
    }

    fn field_query(
        &self,
        field: Field,
        words: &[String],
        prefix: Option<&str>,
    ) -> Result<Option<Part>, SearchError> {
        let term = |w: &String| Term::from_field_text(field, w);
        let Some(prefix) = prefix else {
            return Ok(match words {
                [] => None,
                [one] => Some(Part::terms(vec![(term(one), 1.0)])),
                [first, second] if field == self.fields.text => {
                    let pair = schema::pair_term(first, second);
                    let pair = Term::from_field_text(self.fields.pairs, &pair);
                    Some(Part::terms(vec![(pair, 1.0)]))
                }
                many if field == self.fields.text => Some(Part::other(self.phrase_by_pairs(many))),
                many => Some(Part::other(Box::new(PhraseQuery::new(
                    many.iter().map(term).collect(),
                )))),
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
            return Ok(Some(Part::other(Box::new(BooleanQuery::new(vec![
                (Occur::Should, exact),
                (Occur::Should, as_prefix),
            ])))));
        }
        let alternatives = match words.last() {
            Some(whole) => self.word_or_prefix(field, whole, Some(prefix))?,
            None => Vec::new(),
        };
        Ok(Some(match alternatives.is_empty() {
            true => Part::other(Box::new(EmptyQuery)),
            false => Part::terms(alternatives),
        }))
    }

    /// The word itself, and when a prefix is given its most frequent completions (ranked a
    /// little lower), as alternatives, the rarest first.
    fn word_or_prefix(
        &self,
        field: Field,
        whole: &str,
        prefix: Option<&str>,
    ) -> Result<Alternatives, SearchError> {
        let whole_term = Term::from_field_text(field, whole);
        let mut counted: Vec<(Term, f32, u64)> = Vec::new();
        if let Some(prefix) = prefix {
            // The word itself is added whole below (or, for a stop word, left out).
            for (expanded, doc_freq) in self.expand_prefix(field, prefix)? {
                if expanded != whole_term {
                    counted.push((expanded, 0.8, doc_freq));
                }
            }
        }
        // "the" on the way to "theatre": while the word may go on, a stop word itself narrows
        // nothing and costs a walk over every article, so its completions stand alone.
        if counted.is_empty() || !STOP_WORDS.contains(&whole) {
            let doc_freq = self.searcher.doc_freq(&whole_term)?;
            counted.push((whole_term, 1.0, doc_freq));
        }
        // Each alternative ranks in turn against the best found so far. A rare term's matches
        // score highest, so ranked first they set a bar that a term in most articles (`said`
        // for `sai`) cannot reach, and it is not read at all (see `rankers.rs`); ranked first,
        // that term would set the bar with its own low scores and be read block by block.
        counted.sort_by_key(|(_, _, doc_freq)| *doc_freq);
        Ok(counted
            .into_iter()
            .map(|(term, weight, _)| (term, weight))
            .collect())
    }

    /// A phrase of three or more words in `text` as lookups of its adjacent word pairs, and the
    /// exact order checked only on the few articles that hold every pair. (Two words are one
    /// pair, looked up alone.)
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
        let terms = words
            .iter()
            .map(|w| Term::from_field_text(f.text, w))
            .collect();
        clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
        Box::new(BooleanQuery::new(clauses))
    }

    /// The most frequent indexed terms of `field` that start with `prefix`, with the number of
    /// articles each is in.
    fn expand_prefix(&self, field: Field, prefix: &str) -> Result<Vec<(Term, u64)>, SearchError> {
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
        // However common a completion is, it is what the word being typed may become: `harb`
        // must find the `harbour` that is in most articles, or the count falls to nothing while
        // the word is typed. Ranked rarest first, a common completion is skipped when it cannot
        // beat what rarer ones found (see `word_or_prefix`). Only a stop word (`with` for `wit`)
        // is left out, as it is when typed whole: it narrows nothing.
        let mut ranked: Vec<(Vec<u8>, u64)> = doc_freqs
            .into_iter()
            .filter(|(key, _)| !is_stop_term(key))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(self.completions);
        Ok(ranked
            .into_iter()
            .filter_map(|(key, doc_freq)| Some((String::from_utf8(key).ok()?, doc_freq)))
            .map(|(text, doc_freq)| (Term::from_field_text(field, &text), doc_freq))
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

/// A dictionary term that is a stop word.
fn is_stop_term(term: &[u8]) -> bool {
    STOP_WORDS.iter().any(|stop| stop.as_bytes() == term)
}

/// Words to search for, as opposed to a filter.
fn is_text(clause: &Clause) -> bool {
    matches!(clause.condition, Condition::Text { .. })
}

/// A word still being typed that is shorter than a prefix is expanded from.
fn is_short_prefix(clause: &Clause) -> bool {
    matches!(&clause.condition, Condition::Text { text, prefix: true, .. } if is_short_typed_word(text))
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
