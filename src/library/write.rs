//! Every write. Each stores first (the store is the truth) and then brings the index up to date
//! through `index_changes`, so every kind of write tags, stores and indexes the same way and meets
//! a busy index the same way. A run of writes (an import, a refresh) keeps the index's writer
//! between them and ends with `settle`; a single change settles at once. Writes gathered in one
//! store transaction (`write_together`) reach the index when it is committed.

use chrono::{DateTime, Utc};

use super::{Library, LibraryError, Writer};
use crate::article::{ArticleDraft, ArticleId, Entity, Link};
use crate::entities::Recognizer;
use crate::search::{IdSet, SearchError};
use crate::store::{
    BatchOutcome, CachedArticle, Claim, Feed, FeedOutcome, FetchRecord, FlagColumn, MarksOutcome,
    StateMark,
};
use crate::tagging;

/// Articles indexed between index commits in a run of writes.
const COMMIT_EVERY: usize = 50_000;

const BUSY: &str = "the search index is busy in another dateline process: articles are stored \
                    and will be indexed when it is free";

/// Whether articles get their entities found on the way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tagging {
    Recognise,
    /// Store articles untagged; `dateline reindex` tags them later.
    Skip,
}

/// The tagging `add_drafts` would do for a batch, done ahead of it on another thread while the
/// library stores the batch before (see `import`): what a draft then brings with its entities is
/// not tagged again.
pub struct TaggingAhead {
    recognizer: &'static Recognizer,
    /// Per draft: not stored yet and without entities.
    wanted: Vec<bool>,
}

impl TaggingAhead {
    /// Finds the entities of the drafts it was made for, on every core.
    pub fn run(&self, drafts: &mut [ArticleDraft]) {
        tagging::tag_drafts(self.recognizer, drafts, &self.wanted);
    }
}

impl Library {
    /// What `add_drafts` tags of `drafts`, which may be done ahead of it (see `TaggingAhead`):
    /// the drafts not stored yet and without entities. `None` when articles are stored untagged or
    /// every draft has its entities (then no duplicate is looked for here: `add_drafts` after
    /// tagging ahead does not look a second time).
    pub fn tagging_ahead(
        &mut self,
        drafts: &[ArticleDraft],
    ) -> Result<Option<TaggingAhead>, LibraryError> {
        if !self.recognizing() || drafts.iter().all(|draft| draft.entities.is_some()) {
            return Ok(None);
        }
        // Duplicates are found before tagging so a re-import costs no recognition.
        let stored = self.store.already_stored(drafts)?;
        let wanted: Vec<bool> = stored.iter().map(|stored| !stored).collect();
        Ok(self.tagging_of(drafts, &wanted))
    }

    /// Stores drafts in one transaction: one already stored (same guid and source, same URL, or
    /// same title and text) is counted as a duplicate; the others get their entities first, on
    /// every core (a draft that has them keeps them). Part of a run: `settle` ends it.
    pub fn add_drafts(
        &mut self,
        drafts: &mut [ArticleDraft],
    ) -> Result<BatchOutcome, LibraryError> {
        if let Some(work) = self.tagging_ahead(drafts)? {
            work.run(drafts);
        }
        let outcome = self.store.insert_batch(drafts, Utc::now())?;
        self.index_changes()?;
        Ok(outcome)
    }

    /// Stores one feed's items in one transaction: new ones added, changed ones updated in place
    /// (keeping their read state). Part of a run: `settle` ends it.
    pub fn add_feed_items(
        &mut self,
        feed_id: i64,
        drafts: &mut [ArticleDraft],
        now: DateTime<Utc>,
    ) -> Result<FeedOutcome, LibraryError> {
        if self.recognizing() {
            self.tag(drafts, &vec![true; drafts.len()]);
        }
        let outcome = self.store.store_feed_items(feed_id, drafts, now)?;
        self.index_changes()?;
        Ok(outcome)
    }

    /// Keeps an article's page text beside its summary, searchable by word and by name (its
    /// entities are found as the feed's text's are), with the page's links (numbered after the
    /// article's own; see `Store::set_full_body`). Part of a run: fetching the pages of a
    /// refresh's new articles commits the index once, at `settle`.
    pub fn set_full_text(
        &mut self,
        id: ArticleId,
        text: &str,
        links: &[Link],
    ) -> Result<(), LibraryError> {
        let entities = if self.recognizing() {
            self.full_text_entities(id, text)?
        } else {
            None
        };
        self.store
            .set_full_body(id, text, links, entities.as_deref())?;
        self.index_changes()
    }

    /// The entities of an article's page text, dates read against its publication day; `None`
    /// when no recogniser could be loaded (said once), which leaves them to `reindex`.
    fn full_text_entities(
        &mut self,
        id: ArticleId,
        text: &str,
    ) -> Result<Option<Vec<Entity>>, LibraryError> {
        let Some(recognizer) = self.recognizer() else {
            return Ok(None);
        };
        let published = self.store.published_of(id)?.map(|p| p.date_naive());
        Ok(Some(recognizer.full_text_entities(text, published)))
    }

    /// Gives an article the lead picture found on its page, unless its feed gave it one. The URL
    /// is cleaned here, at the door, like every other picture's (see `ingest::links::picture_url`).
    pub fn set_lead_image(&mut self, id: ArticleId, url: &str) -> Result<bool, LibraryError> {
        match crate::ingest::links::picture_url(url, None) {
            Some(url) => Ok(self.store.set_image_if_missing(id, &url)?),
            None => Ok(false),
        }
    }

    /// Marks articles read or unread; returns how many changed. (The index holds no flags: `is:`
    /// queries read them from the store.)
    pub fn set_read(&mut self, ids: &[ArticleId], read: bool) -> Result<usize, LibraryError> {
        Ok(self.set_read_changed(ids, read)?.len())
    }

    /// Marks articles read or unread; returns exactly the ids whose flag changed, in the order
    /// given: what an undo sets back.
    pub fn set_read_changed(
        &mut self,
        ids: &[ArticleId],
        read: bool,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        Ok(self.store.set_flag(FlagColumn::Read, ids, read)?)
    }

    /// Stars or unstars articles; returns how many changed.
    pub fn set_starred(&mut self, ids: &[ArticleId], starred: bool) -> Result<usize, LibraryError> {
        Ok(self.set_starred_changed(ids, starred)?.len())
    }

    /// Stars or unstars articles; returns exactly the ids whose flag changed, in the order given.
    pub fn set_starred_changed(
        &mut self,
        ids: &[ArticleId],
        starred: bool,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        Ok(self.store.set_flag(FlagColumn::Starred, ids, starred)?)
    }

    /// Read and starred state from elsewhere (newsboat's cache), matched by guid or URL; says how
    /// many matched and which are not stored here.
    pub fn apply_marks(&mut self, marks: &[StateMark<'_>]) -> Result<MarksOutcome, LibraryError> {
        Ok(self.store.apply_marks(marks)?)
    }

    /// Stores articles another reader cached from a feed that no longer carries them, entities
    /// found first, with the read and starred state they had there (see
    /// `Store::store_cached_articles`); returns the new ones' ids. Part of a run: `settle` ends it.
    pub fn add_cached_articles(
        &mut self,
        feed_id: i64,
        cached: &mut [CachedArticle],
    ) -> Result<Vec<ArticleId>, LibraryError> {
        self.tag_held(cached, |article| &mut article.draft);
        let inserted = self
            .store
            .store_cached_articles(feed_id, cached, Utc::now())?;
        self.index_changes()?;
        Ok(inserted)
    }

    /// Subscribes to `url` under `name` (see `Store::add_feed`); articles kept from an earlier
    /// subscription to the same URL belong to it again.
    pub fn add_feed(
        &mut self,
        url: &str,
        name: &str,
        site_url: Option<&str>,
        tags: &[String],
    ) -> Result<Feed, LibraryError> {
        let feed = self.add_feed_in_run(url, name, site_url, tags)?;
        self.settle()?;
        Ok(feed)
    }

    /// `add_feed` as part of a run (an OPML list, newsboat's urls): the index's writer is taken
    /// once and committed once, at `settle`. Taken and committed for each feed, it made
    /// subscribing to 2,500 feeds start 22,000 threads and take 20 s.
    pub fn add_feed_in_run(
        &mut self,
        url: &str,
        name: &str,
        site_url: Option<&str>,
        tags: &[String],
    ) -> Result<Feed, LibraryError> {
        let feed = self.store.add_feed(url, name, site_url, tags)?;
        self.index_changes()?;
        Ok(feed)
    }

    /// [`Library::add_feed`] under a name the user gave, which stays whatever title the feed
    /// takes.
    pub fn add_feed_named_by_user(
        &mut self,
        url: &str,
        name: &str,
        site_url: Option<&str>,
        tags: &[String],
    ) -> Result<Feed, LibraryError> {
        let feed = self
            .store
            .add_feed_named_by_user(url, name, site_url, tags)?;
        self.index_changes()?;
        Ok(feed)
    }

    /// Records the title a feed gave itself in a fetch; says what to rename the subscription to
    /// when it follows the feed's title (see `Store::note_feed_title`).
    pub fn note_feed_title(
        &mut self,
        id: i64,
        title: &str,
    ) -> Result<Option<String>, LibraryError> {
        Ok(self.store.note_feed_title(id, title)?)
    }

    /// The name a numbered subscription takes now that the name it was numbered after is free
    /// (see `Store::unnumbered_feed_name`).
    pub fn unnumbered_feed_name(&self, id: i64) -> Result<Option<String>, LibraryError> {
        Ok(self.store.unnumbered_feed_name(id)?)
    }

    /// Gives a feed the web site it names, when it has none yet.
    pub fn note_feed_site(&mut self, id: i64, site_url: &str) -> Result<(), LibraryError> {
        Ok(self.store.note_feed_site(id, site_url)?)
    }

    /// Feeds an `import-newsboat` subscribed without newsboat's cache: a later import given the
    /// cache brings their history (see `history_pending`).
    pub fn mark_history_pending(&mut self, feed_ids: &[i64]) -> Result<(), LibraryError> {
        Ok(self.store.mark_history_pending(feed_ids)?)
    }

    /// The feeds still waiting for their newsboat history.
    pub fn history_pending(&self) -> Result<Vec<i64>, LibraryError> {
        Ok(self.store.history_pending()?)
    }

    /// The feeds have had their newsboat history.
    pub fn clear_history_pending(&mut self, feed_ids: &[i64]) -> Result<(), LibraryError> {
        Ok(self.store.clear_history_pending(feed_ids)?)
    }

    /// Renames a feed as the user asks; its articles are listed, and found by `feed:`, under the
    /// new name, which stays when the feed takes another title.
    pub fn rename_feed(&mut self, id: i64, name: &str) -> Result<(), LibraryError> {
        self.store.rename_feed(id, name)?;
        self.index_changes()?;
        self.settle()
    }

    /// Renames a feed after the title it took (what `note_feed_title` said to).
    pub fn take_feed_title(&mut self, id: i64, name: &str) -> Result<(), LibraryError> {
        self.store.take_feed_title(id, name)?;
        self.index_changes()?;
        self.settle()
    }

    /// Unsubscribes; the feed's articles are kept with their state. Returns how many. They lose
    /// the feed's tags, so the index takes them in again now, not at the next command's open.
    pub fn remove_feed(&mut self, id: i64) -> Result<usize, LibraryError> {
        let kept = self.store.remove_feed(id)?;
        self.index_changes()?;
        self.settle()?;
        Ok(kept)
    }

    /// Points a feed at a new URL (after a permanent redirect).
    pub fn set_feed_url(&mut self, id: i64, url: &str) -> Result<(), LibraryError> {
        Ok(self.store.set_feed_url(id, url)?)
    }

    /// Replaces a feed's tags; its articles are found by the new ones.
    pub fn set_feed_tags(&mut self, id: i64, tags: &[String]) -> Result<(), LibraryError> {
        self.store.set_feed_tags(id, tags)?;
        self.index_changes()?;
        self.settle()
    }

    /// Records the outcome of one fetch of a feed.
    pub fn record_fetch(&mut self, id: i64, fetch: &FetchRecord) -> Result<(), LibraryError> {
        Ok(self.store.record_fetch(id, fetch)?)
    }

    /// Ends a run of writes: the index takes in the last of them, commits, and lets its writer go
    /// so other processes can write; then the filters see what arrived since they last looked
    /// (found through the index, so only once it is in step: a process that found it busy leaves
    /// them to whichever process indexes them).
    pub fn settle(&mut self) -> Result<(), LibraryError> {
        // Inside `write_together` the store may yet undo what the index would commit; the run
        // brings the index up to date once it is kept, and its caller settles after it.
        if self.writing_together {
            return Ok(());
        }
        self.commit_run()?;
        if !self.index.in_step(&self.store)? {
            return Ok(());
        }
        let arrived = self.store.claim_new(Claim::Filters)?;
        if !self.filters.is_empty() && !arrived.is_empty() {
            self.run_filters(Some(IdSet::from_ids(arrived)))?;
        }
        if self.stories {
            self.cluster_new()?;
        }
        Ok(())
    }

    /// Commits what the index has taken in and lets its writer go.
    pub(super) fn commit_run(&mut self) -> Result<(), LibraryError> {
        let writer = std::mem::replace(&mut self.writer, Writer::Idle);
        if let Writer::Held(mut session) = writer {
            session.catch_up(&self.store)?;
            session.commit()?;
            if let Some(why) = session.rebuilt() {
                self.notice(format!(
                    "the search index did not match the store ({why}); rebuilt it from the store"
                ));
            }
        }
        Ok(())
    }

    /// Runs `writes` in one transaction of the store: all are kept, or none when one fails (its
    /// error is returned). The index catches up once they are kept. A run of many small writes
    /// (a refresh storing feed after feed) costs one commit instead of one each.
    pub fn write_together<R>(
        &mut self,
        writes: impl FnOnce(&mut Library) -> Result<R, LibraryError>,
    ) -> Result<R, LibraryError> {
        self.store.begin_run()?;
        self.writing_together = true;
        let written = writes(self);
        self.writing_together = false;
        match written {
            Ok(value) => {
                self.store.end_run(true)?;
                self.index_changes()?;
                Ok(value)
            }
            Err(error) => {
                // What went wrong in the writes says more than a failure to undo them, which
                // leaves nothing kept either.
                let _ = self.store.end_run(false);
                Err(error)
            }
        }
    }

    /// Brings the index up to date with what the store changed: the one path from a write to the
    /// index. The writer is taken at the first write of a run and committed every `COMMIT_EVERY`
    /// articles; another process holding it is said once, and the store keeps everything.
    pub(super) fn index_changes(&mut self) -> Result<(), LibraryError> {
        if self.writing_together {
            return Ok(());
        }
        if matches!(self.writer, Writer::Idle) {
            // A write that changed nothing the index holds (a feed's fetch record) costs no writer.
            if self.index.in_step(&self.store)? {
                return Ok(());
            }
            self.writer = match self.index.writer() {
                Ok(session) => Writer::Held(Box::new(session)),
                Err(SearchError::Busy) => {
                    self.notice(BUSY.to_string());
                    Writer::Busy
                }
                Err(other) => return Err(other.into()),
            };
        }
        if let Writer::Held(session) = &mut self.writer {
            session.catch_up(&self.store)?;
            if session.pending() >= COMMIT_EVERY {
                session.commit()?;
            }
        }
        Ok(())
    }

    pub(super) fn recognizing(&self) -> bool {
        self.tagging == Tagging::Recognise
    }

    /// Finds the entities of the drafts held inside other values (a server's items, a cache's
    /// rows), each `draft_of` its value, when recognition is on.
    pub(super) fn tag_held<T>(
        &mut self,
        held: &mut [T],
        draft_of: fn(&mut T) -> &mut ArticleDraft,
    ) {
        if !self.recognizing() {
            return;
        }
        let mut drafts: Vec<ArticleDraft> = held
            .iter_mut()
            .map(|value| std::mem::take(draft_of(value)))
            .collect();
        let wanted = vec![true; drafts.len()];
        self.tag(&mut drafts, &wanted);
        for (value, draft) in held.iter_mut().zip(drafts) {
            *draft_of(value) = draft;
        }
    }

    /// Finds the entities of each wanted draft that has none yet. Without a recogniser (it could
    /// not be loaded) the articles are stored untagged, and that is said once.
    pub(super) fn tag(&mut self, drafts: &mut [ArticleDraft], wanted: &[bool]) {
        if let Some(work) = self.tagging_of(drafts, wanted) {
            work.run(drafts);
        }
    }

    /// The tagging of the `wanted` drafts that have no entities yet.
    fn tagging_of(&mut self, drafts: &[ArticleDraft], wanted: &[bool]) -> Option<TaggingAhead> {
        let recognizer = self.recognizer()?;
        let wanted = drafts
            .iter()
            .zip(wanted)
            .map(|(draft, &wanted)| wanted && draft.entities.is_none())
            .collect();
        Some(TaggingAhead { recognizer, wanted })
    }

    /// The built-in recogniser; when it cannot be loaded, that is said once and articles are
    /// stored untagged.
    fn recognizer(&mut self) -> Option<&'static Recognizer> {
        match tagging::recognizer() {
            Ok(recognizer) => Some(recognizer),
            Err(error) => {
                self.notice(format!(
                    "entity recognition is unavailable ({error}); articles are stored untagged"
                ));
                None
            }
        }
    }

    pub(super) fn notice(&mut self, text: String) {
        if !self.notices.contains(&text) {
            self.notices.push(text);
        }
    }
}
