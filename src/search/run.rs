//! Running a parsed query: ranked hits with their exact count in one pass (the CLI), or the hits
//! alone and then a count that stops as soon as it is no longer wanted (the screen, where a
//! newer keystroke makes the old count worthless).

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Order, Searcher};

use super::compile::{Compiler, FlagSets};
use super::index::SearchIndex;
use super::query::ParsedQuery;
use super::{Hit, SearchError, SearchResults, SortOrder};

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
        let searcher = self.reader.searcher();
        let query = Compiler::new(&searcher, self.fields, flags).compile(parsed)?;
        if limit == 0 {
            let total = searcher.search(&query, &Count)?;
            return Ok(SearchResults {
                hits: vec![],
                total,
            });
        }
        let sort = effective_sort(parsed, sort);
        let (addresses, total) = match sort {
            SortOrder::Relevance => searcher.search(
                &query,
                &(TopDocs::with_limit(limit).order_by_score(), Count),
            )?,
            SortOrder::Date => {
                let (docs, total) = searcher.search(&query, &(by_date(limit), Count))?;
                (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
            }
        };
        Ok(SearchResults {
            hits: to_hits(&searcher, addresses, sort)?,
            total,
        })
    }

    /// Compiles a query once for the screen, which asks for the hits first and the count after.
    pub fn prepare(
        &self,
        parsed: &ParsedQuery,
        flags: Option<&FlagSets>,
        sort: SortOrder,
    ) -> Result<PreparedSearch, SearchError> {
        let searcher = self.reader.searcher();
        let query = Compiler::new(&searcher, self.fields, flags).compile(parsed)?;
        Ok(PreparedSearch {
            sort: effective_sort(parsed, sort),
            searcher,
            query,
        })
    }
}

/// A compiled query on one view of the index.
pub struct PreparedSearch {
    searcher: Searcher,
    query: Box<dyn Query>,
    sort: SortOrder,
}

impl PreparedSearch {
    /// The top `limit` hits without counting the rest: a top-k search can skip whole blocks of
    /// documents that cannot make the list, which a count cannot.
    pub fn hits(&self, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let limit = limit.max(1);
        let addresses = match self.sort {
            SortOrder::Relevance => self
                .searcher
                .search(&self.query, &TopDocs::with_limit(limit).order_by_score())?,
            SortOrder::Date => self
                .searcher
                .search(&self.query, &by_date(limit))?
                .into_iter()
                .map(|(_, a)| (0.0, a))
                .collect(),
        };
        to_hits(&self.searcher, addresses, self.sort)
    }

    /// How many articles match, a few segments at a time on every core, giving up (`None`) as
    /// soon as `give_up` says so between them.
    pub fn count_until(
        &self,
        mut give_up: impl FnMut() -> bool,
    ) -> Result<Option<usize>, SearchError> {
        let weight = self
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

/// Queries of filters only have no relevance to rank by; they come newest first.
fn effective_sort(parsed: &ParsedQuery, sort: SortOrder) -> SortOrder {
    if parsed.ranks() {
        sort
    } else {
        SortOrder::Date
    }
}

fn by_date(
    limit: usize,
) -> impl tantivy::collector::Collector<Fruit = Vec<(Option<i64>, DocAddress)>> {
    TopDocs::with_limit(limit).order_by_fast_field::<i64>("published", Order::Desc)
}

fn to_hits(
    searcher: &Searcher,
    addresses: Vec<(f32, DocAddress)>,
    sort: SortOrder,
) -> Result<Vec<Hit>, SearchError> {
    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let segment = searcher.segment_reader(address.segment_ord);
        let fast = segment.fast_fields();
        let id = fast.u64("id")?.first(address.doc_id).unwrap_or_default();
        let published = fast
            .i64("published")?
            .first(address.doc_id)
            .unwrap_or_default();
        hits.push(Hit {
            id: id as i64,
            score,
            published,
        });
    }
    if sort == SortOrder::Relevance {
        // Recency breaks ties between equal scores.
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.published.cmp(&a.published))
                .then(b.id.cmp(&a.id))
        });
    }
    Ok(hits)
}
