//! Running a parsed query: the top hits and the exact count (the CLI), or the hits first and then
//! a count that stops as soon as it is no longer wanted (the screen, where a newer keystroke makes
//! the old count worthless).

use std::sync::Arc;
use tantivy::collector::Count;

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::{Score, Searcher};

use super::compile::{Compiled, Compiler, FlagSets};
use super::flags::FlagQuery;
use super::index::SearchIndex;
use super::query::ParsedQuery;
use super::rank::{self, SegmentsAtOnce};
use super::{Hit, IdSet, SearchError, SearchResults, SortOrder};
use crate::article::ArticleId;

impl SearchIndex {
    /// Runs a parsed query: the top `limit` hits and the total. `flags` must be given when the
    /// query uses `is:`.
    pub fn search(
        &self,
        parsed: &ParsedQuery,
        flags: Option<&FlagSets>,
        sort: SortOrder,
        limit: usize,
    ) -> Result<SearchResults, SearchError> {
        let prepared = self.prepare(parsed, flags, sort)?;
        let total = prepared.searcher.search(&prepared.compiled.query, &Count)?;
        let hits = match limit {
            0 => Vec::new(),
            limit => prepared.hits(limit)?,
        };
        Ok(SearchResults { hits, total })
    }

    /// Every article among `among` that the query finds, newest first: the query intersected
    /// with the set, so the work follows the set's size, not the query's.
    pub fn ids_among(
        &self,
        parsed: &ParsedQuery,
        flags: Option<&FlagSets>,
        among: Arc<IdSet>,
    ) -> Result<Vec<ArticleId>, SearchError> {
        let limit = among.len();
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let compiled = Compiler::new(&searcher, self.fields, flags).compile(parsed)?;
        let within: Box<dyn Query> = Box::new(FlagQuery {
            set: among,
            wanted: true,
            bits: Arc::default(),
        });
        let query = BooleanQuery::new(vec![(Occur::Must, compiled.query), (Occur::Must, within)]);
        let hits = rank::newest_hits(&searcher, &query, limit)?;
        Ok(hits.into_iter().map(|hit| hit.id).collect())
    }

    /// Compiles a query once for the screen, which asks for the hits first and the count after.
    pub fn prepare(
        &self,
        parsed: &ParsedQuery,
        flags: Option<&FlagSets>,
        sort: SortOrder,
    ) -> Result<PreparedSearch, SearchError> {
        let searcher = self.reader.searcher();
        let compiled = Compiler::new(&searcher, self.fields, flags).compile(parsed)?;
        Ok(PreparedSearch {
            sort: if compiled.ranks {
                sort
            } else {
                SortOrder::Date
            },
            searcher,
            compiled,
        })
    }
}

/// A compiled query on one view of the index.
pub struct PreparedSearch {
    searcher: Searcher,
    compiled: Compiled,
    sort: SortOrder,
}

impl PreparedSearch {
    /// The top `limit` hits without counting the rest: a top-k search can skip whole blocks of
    /// documents that cannot make the list, which a count cannot.
    pub fn hits(&self, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let limit = limit.max(1);
        if self.sort == SortOrder::Date {
            return rank::newest_hits(&self.searcher, self.compiled.query.as_ref(), limit);
        }
        // The whole query, ranked as one, is not bounded.
        let queries: Vec<(&dyn Query, Score)> = match self.compiled.rankers.as_slice() {
            [] => vec![(self.compiled.query.as_ref(), Score::MAX)],
            rankers => rankers
                .iter()
                .map(|r| (r.query.as_ref(), r.bound))
                .collect(),
        };
        rank::top_hits(
            &self.searcher,
            &queries,
            limit,
            self.compiled.skip_hidden,
            SegmentsAtOnce::EveryCore,
        )
    }

    /// True when the query narrows nothing: every article matches, newest first, which the
    /// store's own list answers at once where the index would look at every article.
    pub fn matches_everything(&self) -> bool {
        self.compiled.everything
    }

    /// How many articles match, a few segments at a time on every core, giving up (`None`) as
    /// soon as `give_up` says so between them.
    pub fn count_until(
        &self,
        mut give_up: impl FnMut() -> bool,
    ) -> Result<Option<usize>, SearchError> {
        let weight = self
            .compiled
            .query
            .weight(EnableScoring::disabled_from_searcher(&self.searcher))?;
        let executor = self.searcher.index().search_executor();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut total = 0;
        for chunk in self.searcher.segment_readers().chunks(cores) {
            if give_up() {
                return Ok(None);
            }
            let counts = executor.map(|segment| weight.count(segment), chunk.iter())?;
            total += counts.into_iter().map(|n| n as usize).sum::<usize>();
        }
        Ok(Some(total))
    }
}
