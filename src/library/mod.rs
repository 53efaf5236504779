//! The one way into the data: a data directory's store and its index, kept in step. The store and
//! the index are private; every read is a method here (`read.rs`, `searching.rs`) and every write
//! is one method that tags, stores and brings the index up to date the same way (`write.rs`).

mod acting;
mod alerts;
mod entity_page;
mod filters;
mod names;
mod progress;
mod prune;
mod read;
mod saved;
mod searching;
mod stories;
mod sync;
mod views;
mod write;

use std::path::{Path, PathBuf};

use crate::search::{ChecksumReport, IndexWriterSession, SearchError, SearchIndex, SyncReport};
use crate::store::{Store, StoreError};

pub use acting::parse_acting;
pub use alerts::Alert;
pub use entity_page::{EntityPage, name_query};
pub use filters::{Filter, FilterAction, FilterOutcome};
pub use progress::{OnProgress, Progress};
pub use prune::PruneRule;
pub use read::LibraryStats;
pub use saved::{SavedCounts, parse_whole};
pub use searching::Searcher;
pub use stories::Story;
pub use views::{FlagChange, ListScope, Sidebar, TagCounts, feed_query, tag_query};
pub use write::{Tagging, TaggingAhead};

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
    /// A query that would change more articles than it says (see `acting.rs`).
    #[error("{0}")]
    Query(String),
}

/// The index's writer between writes: taken at the first write of a run, committed along the
/// way and released by `settle`.
enum Writer {
    Idle,
    Held(Box<IndexWriterSession>),
    /// Another process holds it; what is stored now is indexed when it lets go.
    Busy,
}

/// The store and its index.
pub struct Library {
    store: Store,
    index: SearchIndex,
    writer: Writer,
    /// Writes are gathering in one store transaction (`write_together`): the index catches up
    /// when it is committed, so it never holds what the store might yet undo.
    writing_together: bool,
    tagging: Tagging,
    /// Applied to every article as it arrives (see `filters.rs`).
    filters: Vec<Filter>,
    /// Articles join stories as they arrive (benchmarks turn it off to see what it costs).
    stories: bool,
    /// What a person should know that is not an error (the index was busy), said once each.
    notices: Vec<String>,
    data_dir: PathBuf,
    /// Told where long work is (see `progress.rs`).
    progress: Option<OnProgress>,
}

impl Library {
    /// Opens the library in `data_dir`, creating it if needed. A missing or damaged index, or one
    /// that does not match the store (made for another store, or for this one before it was
    /// restored from a copy or emptied), is rebuilt from the store; the returned notices say so.
    /// The match is checked from a few numbers, with no pass over the index; the index files'
    /// checksums are read only by `check_index`.
    pub fn open(data_dir: &Path) -> Result<(Library, Vec<String>), LibraryError> {
        Self::open_telling(data_dir, None)
    }

    /// `open`, telling `on_progress` how the index's catching up at opening goes: after an
    /// upgrade that changed the index it is rebuilt from the store, minutes at a million
    /// articles, and a person should see that something is happening. Only the opening's work
    /// is told.
    pub fn open_telling(
        data_dir: &Path,
        on_progress: Option<progress::OnProgress>,
    ) -> Result<(Library, Vec<String>), LibraryError> {
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
            // Articles stored untagged, or whose page's text was kept untagged.
            notices.push(format!(
                "entities not yet looked for in {}; `dateline reindex` finds them",
                crate::say::count(how_many, "stored article")
            ));
        }
        let mut library = Library {
            store,
            index,
            writer: Writer::Idle,
            writing_together: false,
            tagging: Tagging::Recognise,
            filters: Vec::new(),
            stories: true,
            notices: Vec::new(),
            data_dir: data_dir.to_path_buf(),
            progress: on_progress,
        };
        let synced = library
            .index
            .sync_telling(&library.store, &mut |done, total| {
                progress::tell(&mut library.progress, "indexing", "articles", done, total);
            });
        library.progress = None;
        match synced {
            Ok(SyncReport {
                rebuilt: Some(why),
                indexed,
            }) => notices.push(format!(
                "the search index did not match the store ({why}); rebuilt it from the store's \
                 {} articles",
                crate::say::group_digits(indexed as u64)
            )),
            Ok(SyncReport { indexed: 0, .. }) => {}
            Ok(SyncReport { indexed, .. }) => {
                notices.push(format!(
                    "indexed {} the index was missing",
                    crate::say::count(crate::say::group_digits(indexed as u64), "stored article")
                ));
                // Stored by a run that was stopped before it settled (a refresh killed part
                // way): what settling does for them (filters, stories) is done now, not left
                // for whichever write comes next.
                library.settle()?;
            }
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

    /// Whether articles added from now on get their entities found (benchmarks of the store and
    /// index alone turn it off; `dateline reindex` finds them later).
    pub fn set_tagging(&mut self, tagging: Tagging) {
        self.tagging = tagging;
    }

    /// Whether arriving articles are put into stories (on unless a benchmark turns it off; what
    /// arrives meanwhile is clustered by the next library that has it on).
    pub fn set_stories(&mut self, on: bool) {
        self.stories = on;
    }

    /// What happened that a person should know and that was no error, since the last call.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Rebuilds the index from nothing but the store, tagging any article stored before tagging;
    /// returns how many articles it indexed.
    pub fn reindex(&mut self) -> Result<usize, LibraryError> {
        self.settle()?;
        if let Ok(recognizer) = crate::tagging::recognizer() {
            let untagged = self.store.untagged_count_up_to(usize::MAX)?;
            crate::tagging::tag_untagged(&mut self.store, recognizer, &mut |done| {
                progress::tell(
                    &mut self.progress,
                    "finding entities in",
                    "articles",
                    done,
                    untagged,
                );
            })?;
        }
        self.rebuild_index()
    }

    /// Reads every index file against its checksum (a pass over the whole index, so only when
    /// asked) and, if any is damaged, rebuilds the index from the store. The count is of the
    /// articles indexed by the rebuild, if there was one.
    pub fn check_index(&mut self) -> Result<(ChecksumReport, Option<usize>), LibraryError> {
        self.settle()?;
        let report = self.index.check_checksums()?;
        if report.damaged.is_empty() {
            return Ok((report, None));
        }
        let count = self.rebuild_index()?;
        Ok((report, Some(count)))
    }

    /// Makes the index again from the store alone, with the index's own writer: emptied and
    /// refilled in one commit, so another process can neither write meanwhile nor see it
    /// half made (it is busy until then, and says so).
    fn rebuild_index(&mut self) -> Result<usize, LibraryError> {
        let total = self.store.counts()?.total;
        let mut session = self.index.writer()?;
        session.empty("asked to rebuild it".into())?;
        let count = session.catch_up_telling(&self.store, &mut |done| {
            progress::tell(&mut self.progress, "indexing", "articles", done, total);
        })?;
        session.commit()?;
        Ok(count)
    }
}

impl Drop for Library {
    /// A run of writes not settled is committed on the way out when it can be; if it cannot, the
    /// store still has every article and the next open catches the index up.
    fn drop(&mut self) {
        let _ = self.settle();
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod test_support {
    use super::{Library, Tagging};
    use crate::article::ArticleDraft;
    use crate::store::test_support::numbered_drafts;

    /// A library of `n` articles titled `article 0`.., `per_second` of them published each second.
    pub(crate) fn library_with(n: usize, per_second: usize) -> (tempfile::TempDir, Library) {
        library_of(numbered_drafts(n, per_second))
    }

    /// A library holding these drafts, untagged unless they carry entities.
    pub(crate) fn library_of(mut drafts: Vec<ArticleDraft>) -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let (mut library, _) = Library::open(dir.path()).unwrap();
        library.set_tagging(Tagging::Skip);
        library.add_drafts(&mut drafts).unwrap();
        library.settle().unwrap();
        (dir, library)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::test_support::library_with;
    use super::*;

    #[test]
    fn an_index_rebuilt_at_opening_tells_how_far_it_is() {
        let (dir, library) = library_with(600, 1);
        drop(library);
        std::fs::remove_dir_all(dir.path().join("index")).unwrap();
        let told = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&told);
        let on_progress: OnProgress = Box::new(move |p: Progress| {
            sink.lock().unwrap().push((p.doing, p.done, p.total));
        });
        let (library, notices) = Library::open_telling(dir.path(), Some(on_progress)).unwrap();
        assert_eq!(library.index.num_docs(), 600);
        let told = told.lock().unwrap().clone();
        assert_eq!(told, [("indexing", 512, 600), ("indexing", 600, 600)]);
        assert!(
            notices
                .iter()
                .any(|n| n.contains("indexed 600 stored articles")),
            "{notices:?}"
        );
        // Only the opening's work is told.
        assert!(library.progress.is_none());
    }
}
