//! The on-disk index: open or rebuild it, keep it in step with the store, and run searches.
//!
//! Each commit carries what it covers of the store as its payload (see `covered.rs`): the store's
//! id and change counter (`rev`), so after a crash the index knows exactly which stored articles it
//! is missing and catches up from the store, and a store that is not the one it covers (restored,
//! emptied, replaced) has the index rebuilt from it.

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::indexer::LogMergePolicy;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::SearchError;
use super::covered::{Covered, LAYOUT, LastChange};
use super::schema::{self, Fields};
use crate::article::{ArticleId, EntityKind};
use crate::store::{IndexRow, Store, StoreMark};

/// Store rows turned into documents together, on every core.
const CATCH_UP_CHUNK: usize = 512;
/// Heap for the index writer, shared by its threads.
const WRITER_HEAP: usize = 192 * 1024 * 1024;
/// Segments with more articles than this are not merged further (see `writer`).
const MERGE_LIMIT: usize = 50_000;

/// What a sync did, for a notice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    /// How many articles were (re)indexed.
    pub indexed: usize,
}

/// An open index. A clone shares the index and its reader (a worker thread's view of it).
#[derive(Clone)]
pub struct SearchIndex {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    dir: PathBuf,
}

impl SearchIndex {
    /// Opens the index in `dir`; a missing or damaged one is rebuilt empty (the caller then syncs
    /// it from the store) and the reason is returned so the caller can say so.
    pub fn open(dir: &Path) -> Result<(SearchIndex, Option<String>), SearchError> {
        match Self::open_existing(dir) {
            Ok(Some(index)) => Ok((index, None)),
            Ok(None) => Ok((Self::create(dir)?, None)),
            Err(damage) => {
                fs::remove_dir_all(dir)?;
                let why = match damage {
                    // An upgrade, not damage: say so plainly.
                    SearchError::OtherVersion { .. } => {
                        "search index was made by another version of dateline; rebuilding it \
                         from the store"
                            .to_string()
                    }
                    damage => {
                        format!("search index was damaged ({damage}); rebuilding it from the store")
                    }
                };
                Ok((Self::create(dir)?, Some(why)))
            }
        }
    }

    fn open_existing(dir: &Path) -> Result<Option<SearchIndex>, SearchError> {
        if !dir.join("meta.json").exists() {
            if dir.exists() {
                fs::remove_dir_all(dir)?;
            }
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        let (expected, _) = schema::build();
        if index.schema() != expected {
            return Err(SearchError::OtherVersion {
                path: dir.display().to_string(),
            });
        }
        let opened = Self::from_index(index, dir)?;
        // Reading the payload and every segment's files now finds damage before a search does.
        if opened.covered()?.layout != LAYOUT {
            return Err(SearchError::OtherVersion {
                path: dir.display().to_string(),
            });
        }
        for segment in opened.reader.searcher().segment_readers() {
            segment.inverted_index(opened.fields.text)?;
        }
        Ok(Some(opened))
    }

    fn create(dir: &Path) -> Result<SearchIndex, SearchError> {
        fs::create_dir_all(dir)?;
        let (schema, _) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Damaged {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let index = Index::create(directory, schema, Default::default())?;
        Self::from_index(index, dir)
    }

    fn from_index(mut index: Index, dir: &Path) -> Result<SearchIndex, SearchError> {
        schema::register_analyzers(&index);
        // Segments are searched in parallel: on two cores a query over a million articles takes
        // about half as long, which is what keeps every keystroke inside a frame.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        index.set_multithread_executor(cores)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let (_, fields) = schema::build();
        Ok(SearchIndex {
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// Where the index lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn covered(&self) -> Result<Covered, SearchError> {
        let metas = self.index.load_metas()?;
        match metas.payload {
            None => Ok(Covered::empty()),
            Some(text) => serde_json::from_str(&text).map_err(|e| SearchError::Damaged {
                path: self.dir.display().to_string(),
                reason: format!("commit payload: {e}"),
            }),
        }
    }

    /// Takes the index's single writer. Fails with `Busy` while another process holds it.
    pub fn writer(&self) -> Result<IndexWriterSession, SearchError> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let writer: IndexWriter = match self.index.writer_with_num_threads(threads, WRITER_HEAP) {
            Ok(writer) => writer,
            Err(tantivy::TantivyError::LockFailure(..)) => return Err(SearchError::Busy),
            Err(other) => return Err(other.into()),
        };
        // Segments stop growing at about a hundred thousand articles: a search runs one thread per
        // segment, and one segment of 800,000 (what merging freely makes of a million) keeps a
        // keystroke's search on one core.
        let mut merges = LogMergePolicy::default();
        merges.set_max_docs_before_merge(MERGE_LIMIT);
        writer.set_merge_policy(Box::new(merges));
        Ok(IndexWriterSession {
            fields: self.fields,
            reader: self.reader.clone(),
            writer,
            covered: self.covered()?,
            pending: 0,
            last_row: None,
            rebuilt: None,
        })
    }

    /// Indexes whatever the store changed since the last commit, and commits; an index that does
    /// not belong to this store, or to this store's history, is rebuilt from it (the report says
    /// why). When the index is in step this reads a few numbers and takes no writer.
    pub fn sync(&self, store: &Store) -> Result<SyncReport, SearchError> {
        self.sync_telling(store, &mut |_, _| {})
    }

    /// `sync`, telling `on_rows` how many articles it has indexed of how many the store holds
    /// (the most it may have to: a rebuild after an upgrade takes them all).
    pub fn sync_telling(
        &self,
        store: &Store,
        on_rows: &mut dyn FnMut(usize, usize),
    ) -> Result<SyncReport, SearchError> {
        if self.in_step(store)? {
            return Ok(SyncReport::default());
        }
        let total = usize::try_from(store.count()?).unwrap_or(usize::MAX);
        let mut session = self.writer()?;
        let indexed = session.catch_up_telling(store, &mut |done| on_rows(done, total))?;
        session.commit()?;
        Ok(SyncReport {
            rebuilt: session.rebuilt.take(),
            indexed,
        })
    }

    /// Whether the index covers every change of this store (read from a few numbers; no writer).
    pub fn in_step(&self, store: &Store) -> Result<bool, SearchError> {
        let covered = self.covered()?;
        let mark = store.mark()?;
        Ok(covered.store == Some(mark.id)
            && covered.rev >= mark.rev
            && covered.mismatch(store, &mark)?.is_none())
    }

    /// Sees what other writers (a refresh in the background) have committed since.
    pub fn reload(&self) -> Result<(), SearchError> {
        Ok(self.reader.reload()?)
    }

    /// The number of the index's last commit, which any commit by any process changes.
    pub fn generation(&self) -> Result<u64, SearchError> {
        Ok(self.index.load_metas()?.opstamp)
    }

    /// How many documents the index holds.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Reads every segment's term dictionaries once, so they are in the page cache: a word's
    /// lookup walks the dictionary of every segment, and on a cold cache each walk waits for the
    /// disk (a phrase at a million articles: tens of milliseconds, not one). A tenth of the
    /// index; for long-lived processes (the screen), on a thread of their own.
    pub fn warm(&self) -> std::io::Result<u64> {
        use std::io::Read;
        let mut buffer = vec![0u8; 1 << 20];
        let mut total = 0;
        for entry in fs::read_dir(&self.dir)? {
            let path = entry?.path();
            let wanted = path
                .extension()
                .is_some_and(|ext| ext == "term" || ext == "fieldnorm" || ext == "fast");
            if !wanted {
                continue;
            }
            // A segment merged away meanwhile is simply not there any more.
            let Ok(mut file) = fs::File::open(&path) else {
                continue;
            };
            loop {
                let read = file.read(&mut buffer)?;
                if read == 0 {
                    break;
                }
                total += read as u64;
            }
        }
        Ok(total)
    }

    /// Bytes on disk.
    pub fn size_on_disk(&self) -> u64 {
        fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// The index's writer, held while a batch of store changes is indexed.
pub struct IndexWriterSession {
    fields: Fields,
    /// The index's reader, reloaded after each commit so searches see it.
    reader: IndexReader,
    writer: IndexWriter,
    covered: Covered,
    pending: usize,
    /// The id and rev of the last row added, whose content the next commit records.
    last_row: Option<(ArticleId, i64)>,
    /// Why this session emptied the index to rebuild it, if it did.
    rebuilt: Option<String>,
}

impl IndexWriterSession {
    /// Indexes every store change after what the index covers. Returns how many articles. An
    /// index that does not belong to this store or its history (see `Covered::mismatch`) is
    /// emptied first and rebuilt from the whole store; the old documents stay searchable until
    /// the commit, and a crash before it leaves the old index to be rebuilt again.
    pub fn catch_up(&mut self, store: &Store) -> Result<usize, SearchError> {
        self.catch_up_telling(store, &mut |_| {})
    }

    /// `catch_up`, telling `on_rows` how many rows it has taken in after each chunk.
    pub fn catch_up_telling(
        &mut self,
        store: &Store,
        on_rows: &mut dyn FnMut(usize),
    ) -> Result<usize, SearchError> {
        let mark = store.mark()?;
        if let Some(why) = self.covered.mismatch(store, &mark)? {
            self.empty(why)?;
        }
        self.covered.store = Some(mark.id);
        self.covered.removed = mark.removed;
        let mut count = 0;
        let mut rows = Vec::with_capacity(CATCH_UP_CHUNK);
        store.for_each_changed_since(self.covered.rev, |row| {
            count += 1;
            rows.push(row);
            if rows.len() == CATCH_UP_CHUNK {
                self.add_all(std::mem::take(&mut rows))?;
                on_rows(count);
            }
            Ok::<(), SearchError>(())
        })?;
        self.add_all(rows)?;
        on_rows(count);
        // Every change up to the rev read before the rows is in: the rows were read after it.
        // (A rev taken by no row, as when nothing a change named was stored, is covered too.)
        self.covered.rev = self.covered.rev.max(mark.rev);
        if let Some((id, rev)) = self.last_row.take()
            && let Some(now) = store.change_mark(id)?
            && now.rev == rev
        {
            self.covered.last = Some(LastChange {
                id,
                rev,
                hash: now.hash,
            });
        }
        Ok(count)
    }

    /// Takes out of the index articles the library itself removed from the store (pruning), and
    /// records the store's new removal count with them, so the next catch-up sees a store it
    /// still covers rather than one edited from outside. Must come before any catch-up of the
    /// same session.
    pub fn forget(&mut self, ids: &[ArticleId], mark: &StoreMark) {
        for &id in ids {
            self.writer
                .delete_term(Term::from_field_u64(self.fields.id, id as u64));
        }
        // Only when these are all the store lost since the index last looked: other removals
        // (an edit from outside, a prune this index never saw) must still be found and mended.
        if self.covered.removed + ids.len() as i64 != mark.removed {
            return;
        }
        self.covered.removed = mark.removed;
        // Ids are never given again (AUTOINCREMENT), so the largest may fall with the pruned.
        self.covered.max_id = self.covered.max_id.min(mark.max_id);
        if self.covered.last.is_some_and(|last| ids.contains(&last.id)) {
            self.covered.last = None;
        }
        self.pending += ids.len();
    }

    /// Empties the index in this session (the old documents stay searchable until the commit),
    /// so the next catch-up indexes the whole store: a rebuild done with the index's own writer,
    /// which no other process can hold meanwhile.
    pub fn empty(&mut self, why: String) -> Result<(), SearchError> {
        // Documents this session added are of the store as it was; some may still be in the
        // indexing threads, where deleting every segment would not reach them.
        if self.pending > 0 {
            self.writer.rollback()?;
            self.pending = 0;
        }
        self.writer.delete_all_documents()?;
        self.covered = Covered::empty();
        self.last_row = None;
        self.rebuilt = Some(why);
        Ok(())
    }

    /// Why this session rebuilt the index from the store, if it did.
    pub fn rebuilt(&self) -> Option<&str> {
        self.rebuilt.as_deref()
    }

    /// Hands a chunk of rows to tantivy, whose threads analyse them.
    fn add_all(&mut self, rows: Vec<IndexRow>) -> Result<(), SearchError> {
        let fields = self.fields;
        for row in &rows {
            let doc = document(fields, row);
            if row.id <= self.covered.max_id {
                self.writer
                    .delete_term(Term::from_field_u64(fields.id, row.id as u64));
            }
            self.writer.add_document(doc)?;
            self.covered.rev = self.covered.rev.max(row.rev);
            self.covered.max_id = self.covered.max_id.max(row.id);
            self.last_row = Some((row.id, row.rev));
            self.pending += 1;
        }
        Ok(())
    }

    /// Articles added since the last commit.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Makes everything added so far durable and visible, recording what it covers.
    pub fn commit(&mut self) -> Result<(), SearchError> {
        let payload = serde_json::to_string(&self.covered).unwrap_or_default();
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.pending = 0;
        self.reader.reload()?;
        Ok(())
    }
}

/// A feed's id as its index term (feed ids start at 1; 0 is no feed).
pub(super) fn feed_term(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}

/// The index document of one stored article.
fn document(f: Fields, row: &IndexRow) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.id, row.id as u64);
    doc.add_i64(f.published, row.published.timestamp());
    doc.add_text(f.title, &row.title);
    let mut text = format!("{}\n{}\n{}", row.title, row.standfirst, row.body);
    // Full text fetched for a summary-only feed is searched too.
    if let Some(full) = &row.full_body {
        text.push('\n');
        text.push_str(full);
    }
    doc.add_text(f.pairs, &text);
    doc.add_text(f.text, text);
    // The title a second time (a value of its own, so no phrase runs across it) ranks a word in
    // the title above the same word in the body while every word stays one term lookup: a
    // separate title clause would turn each word into a union, which tantivy cannot prune.
    doc.add_text(f.text, &row.title);
    doc.add_text(f.pairs, &row.title);
    doc.add_text(f.source, &row.source);
    doc.add_u64(f.hidden, u64::from(row.hidden));
    doc.add_u64(f.feed, row.feed_id.map_or(0, feed_term));
    for tag in &row.tags {
        doc.add_text(f.tag, tag);
    }
    doc.add_text(f.author, &row.author);
    // Each name as written, and its canonical form where that differs ("Blair" is found as
    // "Tony Blair" too).
    let canonical = crate::entities::canonical_names(&row.entities);
    for (entity, canonical) in row.entities.iter().zip(&canonical) {
        let field = match entity.kind {
            EntityKind::Person => f.person,
            EntityKind::Organization => f.org,
            EntityKind::Place => f.place,
            EntityKind::Misc => f.misc,
            EntityKind::Date => continue,
        };
        doc.add_text(field, &entity.text);
        if canonical != &entity.text {
            doc.add_text(field, canonical);
        }
    }
    doc
}
