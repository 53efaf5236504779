//! Saved searches through the library: what they are is kept in the store, what they hold is
//! asked of the index (a count, never a scan of the store), and queries find whole words.

use chrono::Utc;
use serde::Serialize;

use super::searching::{add_named_sets, flag_sets_for};
use super::{Library, LibraryError};
use crate::article::ArticleId;
use crate::search::query::{self, Clause, Condition, Flag, ParsedQuery};
use std::sync::Arc;

use crate::search::{FlagSets, IdSet, SortOrder};
use crate::store::SavedSearch;

/// A saved search with how many articles it holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedCounts {
    #[serde(flatten)]
    pub saved: SavedSearch,
    pub total: usize,
    pub unread: usize,
}

/// A stored query as the library runs it: every word whole, none a prefix still being typed.
pub fn parse_whole(text: &str) -> ParsedQuery {
    query::parse(&format!("{text} "), Utc::now())
}

impl Library {
    /// Saves `query` under `name`; the returned notes say what in the query was not understood.
    pub fn add_saved_search(
        &mut self,
        name: &str,
        query: &str,
        notify: bool,
    ) -> Result<(SavedSearch, Vec<String>), LibraryError> {
        let parsed = parse_whole(query);
        let notes = parsed.notes.into_iter().chain(parsed.missing).collect();
        Ok((self.store.add_saved_search(name, query, notify)?, notes))
    }

    pub fn remove_saved_search(&mut self, name: &str) -> Result<(), LibraryError> {
        Ok(self.store.remove_saved_search(name)?)
    }

    /// Every saved search, by name.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>, LibraryError> {
        Ok(self.store.saved_searches()?)
    }

    /// Every saved search with its article and unread counts, counted by the index. The read
    /// flags are read from the store once for all of them.
    pub fn saved_search_counts(&self) -> Result<Vec<SavedCounts>, LibraryError> {
        let saved = self.store.saved_searches()?;
        let queries: Vec<String> = saved.iter().map(|s| s.query.clone()).collect();
        let counts = self.query_counts(&queries)?;
        Ok(saved
            .into_iter()
            .zip(counts)
            .map(|(saved, (total, unread))| SavedCounts {
                saved,
                total,
                unread,
            })
            .collect())
    }

    /// How many articles each query finds, and how many of them are unread, counted by the
    /// index with the read flags read from the store once for all of them.
    pub(super) fn query_counts(
        &self,
        queries: &[String],
    ) -> Result<Vec<(usize, usize)>, LibraryError> {
        if queries.is_empty() {
            return Ok(Vec::new());
        }
        let parsed: Vec<ParsedQuery> = queries.iter().map(|query| parse_whole(query)).collect();
        let mut flags = self.flag_sets()?;
        for parsed in &parsed {
            add_named_sets(&self.store, parsed, &mut flags)?;
        }
        // The unread are counted directly or as the total less the read, whichever flag set is
        // smaller: an intersection walks its smaller side, and an empty side costs nothing.
        let read = flags.read.len();
        let articles = usize::try_from(self.index.num_docs()).unwrap_or(usize::MAX);
        let count_read = read <= articles.saturating_sub(read);
        parsed
            .into_iter()
            .map(|parsed| {
                let total = self.count_with(&parsed, &flags)?;
                let unread = match count_read {
                    true if flags.read.is_empty() => total,
                    true => total - self.count_with(&with_flag(parsed, Flag::Read), &flags)?,
                    false => self.count_with(&with_flag(parsed, Flag::Unread), &flags)?,
                };
                Ok((total, unread))
            })
            .collect()
    }

    /// Every article the query finds (whole words), newest first.
    pub fn ids_matching(&self, text: &str) -> Result<Vec<ArticleId>, LibraryError> {
        self.ids_of_parsed(&parse_whole(text))
    }

    /// Every article a query typed in the search box finds, its last word also as a prefix,
    /// as the box's results show them.
    pub fn ids_matching_typed(&self, text: &str) -> Result<Vec<ArticleId>, LibraryError> {
        self.ids_of_parsed(&query::parse(text, Utc::now()))
    }

    pub(super) fn ids_of_parsed(
        &self,
        parsed: &ParsedQuery,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        let flags = flag_sets_for(&self.store, parsed)?;
        let total = self
            .index
            .search(parsed, flags.as_ref(), SortOrder::Date, 0)?
            .total;
        let results = self
            .index
            .search(parsed, flags.as_ref(), SortOrder::Date, total)?;
        Ok(results.hits.into_iter().map(|hit| hit.id).collect())
    }

    /// The articles among `among` that the query finds (whole words), newest first: work that
    /// follows the set's size, for filters and alerts over what just arrived.
    pub(super) fn ids_among(
        &self,
        text: &str,
        among: Arc<IdSet>,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        let parsed = parse_whole(text);
        let flags = flag_sets_for(&self.store, &parsed)?;
        Ok(self.index.ids_among(&parsed, flags.as_ref(), among)?)
    }

    fn count_with(&self, parsed: &ParsedQuery, flags: &FlagSets) -> Result<usize, LibraryError> {
        Ok(self
            .index
            .search(parsed, Some(flags), SortOrder::Date, 0)?
            .total)
    }
}

/// The query with `is:FLAG` added to it.
pub(super) fn with_flag(mut parsed: ParsedQuery, flag: Flag) -> ParsedQuery {
    parsed.groups.push(vec![Clause {
        negated: false,
        condition: Condition::Is(flag),
    }]);
    parsed
}
