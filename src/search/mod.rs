//! Full-text search: a tantivy index derived from the store, the query language, and ranked hits.

mod checksum;
mod compile;
mod covered;
mod flags;
mod highlight;
mod index;
pub mod query;
mod query_help;
mod rank;
mod rankers;
mod recent;
mod run;
pub mod schema;
mod similar;
mod stem_cache;
pub mod words;

pub use checksum::{ChecksumReport, DamagedFile};
pub use compile::FlagSets;
pub use highlight::{Highlighter, Snippet};
pub use index::{IndexWriterSession, SearchIndex, SyncReport};
pub use query_help::QUERY_HELP;
pub use run::PreparedSearch;

use crate::article::ArticleId;

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index at {path}: {reason}")]
    Damaged { path: String, reason: String },
    #[error("search index at {path} was made by another version of dateline")]
    OtherVersion { path: String },
    #[error("search index is being written by another dateline process; try again when it is done")]
    Busy,
    #[error("the query asks for a flag but no read/starred sets were given")]
    FlagsMissing,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first; newer first among equals.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: ArticleId,
    pub score: f32,
    /// Publication time, unix seconds.
    pub published: i64,
}

/// Ranked hits plus the total number of matches.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// A set of article ids as a bitmap: ids are dense row numbers, so a million fit in 125 KB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdSet {
    bits: Vec<u64>,
}

impl IdSet {
    pub fn from_ids(ids: impl IntoIterator<Item = ArticleId>) -> IdSet {
        let mut set = IdSet::default();
        for id in ids {
            let Ok(id) = usize::try_from(id) else {
                continue;
            };
            let word = id / 64;
            if set.bits.len() <= word {
                set.bits.resize(word + 1, 0);
            }
            set.bits[word] |= 1 << (id % 64);
        }
        set
    }

    /// How many ids the set holds.
    pub fn len(&self) -> usize {
        self.bits
            .iter()
            .map(|word| word.count_ones() as usize)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&word| word == 0)
    }

    pub fn contains(&self, id: ArticleId) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|id| {
                self.bits
                    .get(id / 64)
                    .map(|word| word & (1 << (id % 64)) != 0)
            })
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::IdSet;

    #[test]
    fn id_set_holds_exactly_its_ids() {
        let set = IdSet::from_ids([1, 64, 65, 1000, -3]);
        for id in [1, 64, 65, 1000] {
            assert!(set.contains(id), "{id}");
        }
        for id in [0, 2, 63, 66, 999, 1001, 100_000, -3] {
            assert!(!set.contains(id), "{id}");
        }
        assert_eq!(set.len(), 4);
        assert!(!set.is_empty() && IdSet::default().is_empty());
    }
}
