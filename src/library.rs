//! A data directory opened for use: the store plus the index kept in step with it.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::search::query::{self, ParsedQuery};
use crate::search::{
    ChecksumReport, FlagSets, IdSet, SearchError, SearchIndex, SearchResults, SortOrder, SyncReport,
};
use crate::store::{FlagColumn, Store, StoreError};

/// What can go wrong opening or using a library.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("data directory {0} exists and is not a directory")]
    NotADirectory(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// The store and its index.
pub struct Library {
    pub store: Store,
    pub index: SearchIndex,
    data_dir: PathBuf,
}

impl Library {
    /// Opens the library in `data_dir`, creating it if needed. A missing or damaged index, or one
    /// that does not match the store (made for another store, or for this one before it was
    /// restored from a copy or emptied), is rebuilt from the store; the returned notices say so.
    /// The match is checked from a few numbers, with no pass over the index; the index files'
    /// checksums are read only by `check_index`.
    pub fn open(data_dir: &Path) -> Result<(Library, Vec<String>), LibraryError> {
        if data_dir.exists() && !data_dir.is_dir() {
            return Err(LibraryError::NotADirectory(data_dir.to_path_buf()));
        }
        std::fs::create_dir_all(data_dir).map_err(|source| LibraryError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let store = Store::open(&data_dir.join("dateline.db"))?;
        let lock = lock_index_dir(data_dir)?;
        let (index, damage) = SearchIndex::open(&data_dir.join("index"))?;
        drop(lock);
        let mut notices: Vec<String> = damage.into_iter().collect();
        const COUNTED: usize = 10_000;
        let untagged = store.untagged_count_up_to(COUNTED + 1)?;
        if untagged > 0 {
            let how_many = if untagged > COUNTED {
                format!("more than {COUNTED}")
            } else {
                untagged.to_string()
            };
            notices.push(format!(
                "{how_many} stored articles have no entities yet; `dateline reindex` finds them"
            ));
        }
        let library = Library {
            store,
            index,
            data_dir: data_dir.to_path_buf(),
        };
        match library.index.sync(&library.store) {
            Ok(SyncReport {
                rebuilt: Some(why),
                indexed,
            }) => notices.push(format!(
                "the search index did not match the store ({why}); rebuilt it from the store's \
                 {indexed} articles"
            )),
            Ok(SyncReport { indexed: 0, .. }) => {}
            Ok(SyncReport { indexed, .. }) => notices.push(format!(
                "indexed {indexed} stored articles the index was missing"
            )),
            // Another process is writing the index; it will bring it up to date.
            Err(SearchError::Busy) => notices.push(
                "the search index is busy in another dateline process; results may lag".into(),
            ),
            Err(other) => return Err(other.into()),
        }
        Ok((library, notices))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Parses and runs a query from the query language.
    pub fn search(
        &self,
        text: &str,
        sort: SortOrder,
        limit: usize,
    ) -> Result<(ParsedQuery, SearchResults), LibraryError> {
        search_with(&self.index, &self.store, text, sort, limit)
    }

    /// Rebuilds the index from nothing but the store, tagging any article stored before tagging.
    pub fn reindex(mut self) -> Result<(Library, usize), LibraryError> {
        if let Ok(recognizer) = crate::tagging::recognizer() {
            crate::tagging::tag_untagged(&mut self.store, recognizer)?;
        }
        self.rebuild_index()
    }

    /// Reads every index file against its checksum (a pass over the whole index, so only when
    /// asked) and, if any is damaged, rebuilds the index from the store. The count is of the
    /// articles indexed by the rebuild, if there was one.
    pub fn check_index(self) -> Result<(Library, ChecksumReport, Option<usize>), LibraryError> {
        let report = self.index.check_checksums()?;
        if report.damaged.is_empty() {
            return Ok((self, report, None));
        }
        let (library, count) = self.rebuild_index()?;
        Ok((library, report, Some(count)))
    }

    /// Replaces the index with one made from the store alone.
    fn rebuild_index(self) -> Result<(Library, usize), LibraryError> {
        let index_dir = self.index.dir().to_path_buf();
        drop(self.index);
        let lock = lock_index_dir(&self.data_dir)?;
        std::fs::remove_dir_all(&index_dir).map_err(|source| LibraryError::DataDir {
            path: index_dir.clone(),
            source,
        })?;
        let (index, _) = SearchIndex::open(&index_dir)?;
        drop(lock);
        let count = index.sync(&self.store)?.indexed;
        Ok((
            Library {
                store: self.store,
                index,
                data_dir: self.data_dir,
            },
            count,
        ))
    }
}

/// Only one process at a time may decide to create, remove or rebuild the index directory; the
/// lock is held until the returned file is dropped.
fn lock_index_dir(data_dir: &Path) -> Result<std::fs::File, LibraryError> {
    let lock_path = data_dir.join("index.lock");
    std::fs::File::create(&lock_path)
        .and_then(|file| file.lock().map(|()| file))
        .map_err(|source| LibraryError::DataDir {
            path: lock_path,
            source,
        })
}

/// Runs a query on an index with the read and starred flags from `store`: the search worker has its
/// own store connection, so it takes the two apart.
pub fn search_with(
    index: &SearchIndex,
    store: &Store,
    text: &str,
    sort: SortOrder,
    limit: usize,
) -> Result<(ParsedQuery, SearchResults), LibraryError> {
    let parsed = query::parse(text, Utc::now());
    let flags = flag_sets_for(store, &parsed)?;
    let results = index.search(&parsed, flags.as_ref(), sort, limit)?;
    Ok((parsed, results))
}

/// The read and starred sets, loaded only when the query has an `is:` clause.
pub fn flag_sets_for(store: &Store, parsed: &ParsedQuery) -> Result<Option<FlagSets>, StoreError> {
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
