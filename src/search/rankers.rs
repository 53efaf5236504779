//! Ranking a query of words as conjunctions of single terms, one per choice among each word's
//! alternatives (the word and, while it is typed, its completions). Tantivy finds the top hits
//! of a conjunction of terms by block-max pruning, skipping blocks that cannot rank; a union
//! inside an intersection it must score article by article, which at a million articles costs
//! more than a frame. Each conjunction carries the highest score it can give, so one that
//! cannot beat the hits already found is not run at all.

use tantivy::Term;
use tantivy::query::{Bm25Weight, BooleanQuery, BoostQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Score, Searcher};

use super::SearchError;

/// Alternative terms, any of which satisfies a clause, each with its weight.
pub(super) type Alternatives = Vec<(Term, f32)>;

/// At most this many term conjunctions rank a query (one per choice of alternatives); beyond it
/// the whole query is ranked as one.
const MAX_RANKERS: usize = 24;

/// One conjunction of terms, and the highest score any article can get from it.
pub struct Ranker {
    pub query: Box<dyn Query>,
    /// No article scores above this: the sum of its terms' BM25 upper bounds (a term in most
    /// articles, like `said`, has one near zero), raised a little so that rounding in another
    /// order of addition cannot put a score above it.
    pub bound: Score,
}

/// One conjunction of single terms per choice among the clauses' alternatives; none when there
/// would be too many.
pub(super) fn rankers(
    searcher: &Searcher,
    clauses: &[Alternatives],
) -> Result<Vec<Ranker>, SearchError> {
    let combinations = clauses
        .iter()
        .try_fold(1usize, |n, alternatives| n.checked_mul(alternatives.len()));
    if !matches!(combinations, Some(1..=MAX_RANKERS)) {
        return Ok(Vec::new());
    }
    // Each alternative's bound once, however many conjunctions it is in.
    let bounds: Vec<Vec<Score>> = clauses
        .iter()
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|(term, boost)| {
                    Ok(Bm25Weight::for_terms(searcher, std::slice::from_ref(term))?
                        .boost_by(*boost)
                        .max_score())
                })
                .collect::<Result<Vec<Score>, tantivy::TantivyError>>()
        })
        .collect::<Result<_, _>>()?;
    let mut chosen: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    for (clause, alternatives) in clauses.iter().enumerate() {
        chosen = chosen
            .into_iter()
            .flat_map(|so_far| {
                (0..alternatives.len()).map(move |alternative| {
                    let mut next = so_far.clone();
                    next.push((clause, alternative));
                    next
                })
            })
            .collect();
    }
    Ok(chosen
        .into_iter()
        .map(|picks| {
            let terms: Vec<&(Term, f32)> = picks.iter().map(|&(c, a)| &clauses[c][a]).collect();
            let bound: Score = picks.iter().map(|&(c, a)| bounds[c][a]).sum();
            let query: Box<dyn Query> = match terms.as_slice() {
                // Alone, a term is ranked as a union of one, which prunes; an intersection of
                // one would not.
                [(term, boost)] => any_of(&vec![(term.clone(), *boost)]),
                _ => Box::new(BooleanQuery::new(
                    terms
                        .into_iter()
                        .map(|(term, boost)| (Occur::Must, term_query(term, *boost)))
                        .collect(),
                )),
            };
            Ranker {
                query,
                bound: bound * 1.001,
            }
        })
        .collect())
}

/// A term query, weighted.
fn term_query(term: &Term, boost: f32) -> Box<dyn Query> {
    boosted(
        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
        boost,
    )
}

/// Any of the alternatives as a flat union, which block-max WAND prunes. A term of weight 1 is
/// its own query; a weighted one stays in a union of one, since tantivy's boost wrapper does
/// not prune.
pub(super) fn any_of(alternatives: &Alternatives) -> Box<dyn Query> {
    match alternatives.as_slice() {
        [] => Box::new(EmptyQuery),
        [(term, boost)] if (boost - 1.0).abs() < f32::EPSILON => term_query(term, *boost),
        many => Box::new(BooleanQuery::new(
            many.iter()
                .map(|(term, boost)| (Occur::Should, term_query(term, *boost)))
                .collect(),
        )),
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}
