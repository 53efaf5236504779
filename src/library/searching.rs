//! Searching: the query language run on the index, with the read and starred flags from the store,
//! here or on a thread of its own (`Searcher`, which the screen's search worker owns).

use chrono::Utc;

use super::{Library, LibraryError};
use crate::search::query::{self, ParsedQuery};
use crate::search::{FlagSets, IdSet, PreparedSearch, SearchIndex, SearchResults, SortOrder};
use crate::store::{Counts, FlagColumn, Store, StoreError};

impl Library {
    /// Parses and runs a query from the query language.
    pub fn search(
        &self,
        text: &str,
        sort: SortOrder,
        limit: usize,
    ) -> Result<(ParsedQuery, SearchResults), LibraryError> {
        let parsed = query::parse(text, Utc::now());
        let flags = flag_sets_for(&self.store, &parsed)?;
        let results = self.index.search(&parsed, flags.as_ref(), sort, limit)?;
        Ok((parsed, results))
    }

    /// A searcher for another thread: a view of the same index and a connection of its own to
    /// the same store.
    pub fn searcher(&self) -> Result<Searcher, LibraryError> {
        Ok(Searcher {
            index: self.index.clone(),
            store: Store::open(self.store.path())?,
        })
    }
}

/// Searches the library from another thread; it sees what others commit after `reload`.
pub struct Searcher {
    index: SearchIndex,
    store: Store,
}

impl Searcher {
    /// A query compiled against the index as it is now, ready to fetch hits and count.
    pub fn prepare(
        &self,
        parsed: &ParsedQuery,
        sort: SortOrder,
    ) -> Result<PreparedSearch, LibraryError> {
        let flags = flag_sets_for(&self.store, parsed)?;
        Ok(self.index.prepare(parsed, flags.as_ref(), sort)?)
    }

    /// Articles, unread and starred, counted exactly.
    pub fn counts(&self) -> Result<Counts, LibraryError> {
        Ok(self.store.counts()?)
    }

    /// Sees what other writers (an import, a refresh) have committed since.
    pub fn reload(&self) -> Result<(), LibraryError> {
        Ok(self.index.reload()?)
    }
}

/// The read and starred sets, loaded only when the query has an `is:` clause.
fn flag_sets_for(store: &Store, parsed: &ParsedQuery) -> Result<Option<FlagSets>, StoreError> {
    let uses_flags = parsed
        .clauses()
        .any(|c| matches!(c.condition, query::Condition::Is(_)));
    if !uses_flags {
        return Ok(None);
    }
    let load = |column| -> Result<IdSet, StoreError> {
        Ok(IdSet::from_ids(store.ids_with_flag(column, true)?))
    };
    Ok(Some(FlagSets {
        read: load(FlagColumn::Read)?.into(),
        starred: load(FlagColumn::Starred)?.into(),
    }))
}
