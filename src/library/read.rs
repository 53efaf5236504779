//! Every read: articles, pages of the list, counts, feeds, and how the data has changed.

use super::{Library, LibraryError};
use crate::article::{Article, ArticleId, ArticleSummary};
use crate::store::{Counts, Feed, FeedStats, ListFilter, ListKey, Stats};

/// What `stats` reports: the store's counts and the index's size.
#[derive(Debug, Clone)]
pub struct LibraryStats {
    pub store: Stats,
    pub index_documents: u64,
    pub index_bytes: u64,
}

impl Library {
    /// One article, if it is stored.
    pub fn get(&self, id: ArticleId) -> Result<Option<Article>, LibraryError> {
        Ok(self.store.get(id)?)
    }

    /// The page text fetched for an article (`fetch-full`), if any.
    pub fn full_text(&self, id: ArticleId) -> Result<Option<String>, LibraryError> {
        Ok(self.store.full_body(id)?)
    }

    /// Articles newest first, filtered, from `offset`.
    pub fn list(
        &self,
        filter: ListFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ArticleSummary>, LibraryError> {
        Ok(self.store.list(filter, limit, offset)?)
    }

    /// The list rows of these articles, in this order (missing ones left out).
    pub fn summaries(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>, LibraryError> {
        Ok(self.store.summaries(ids)?)
    }

    /// Up to `limit` rows just after `key` in the newest-first list.
    pub fn page_after(
        &self,
        key: ListKey,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>, LibraryError> {
        Ok(self.store.page_after(key, limit)?)
    }

    /// Up to `limit` rows just before `key` in the newest-first list, in list order.
    pub fn page_before(
        &self,
        key: ListKey,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>, LibraryError> {
        Ok(self.store.page_before(key, limit)?)
    }

    /// Up to `limit` rows from position `start` of a list of `total`.
    pub fn page_at(
        &self,
        start: usize,
        limit: usize,
        total: usize,
    ) -> Result<Vec<ArticleSummary>, LibraryError> {
        Ok(self.store.page_at(start, limit, total)?)
    }

    /// Where the row with `key` is (or would be) in the newest-first list.
    pub fn position_of(&self, key: ListKey) -> Result<usize, LibraryError> {
        Ok(self.store.position_of(key)?)
    }

    /// Articles, unread and starred, counted exactly.
    pub fn counts(&self) -> Result<Counts, LibraryError> {
        Ok(self.store.counts()?)
    }

    /// How many articles, from the table's size rather than a count: instant at any size.
    pub fn estimated_total(&self) -> Result<usize, LibraryError> {
        Ok(self.store.estimated_total()?)
    }

    /// The store's counts and date range, and the index's size.
    pub fn stats(&self) -> Result<LibraryStats, LibraryError> {
        Ok(LibraryStats {
            store: self.store.stats()?,
            index_documents: self.index.num_docs(),
            index_bytes: self.index.size_on_disk(),
        })
    }

    /// Every subscription with its counts, by name.
    pub fn feeds(&self) -> Result<Vec<FeedStats>, LibraryError> {
        Ok(self.store.feeds()?)
    }

    /// The subscription with this name (any case) or URL.
    pub fn feed(&self, name_or_url: &str) -> Result<Option<Feed>, LibraryError> {
        Ok(self.store.feed(name_or_url)?)
    }

    /// The feed at this address, in any spelling of it (see `ingest::feed_address`).
    pub fn feed_with_address(&self, url: &str) -> Result<Option<Feed>, LibraryError> {
        Ok(self.store.feed_with_address(url)?)
    }

    pub fn feed_by_id(&self, id: i64) -> Result<Option<Feed>, LibraryError> {
        Ok(self.store.feed_by_id(id)?)
    }

    /// The feed an article came from, if it came from one still subscribed.
    pub fn feed_of(&self, article: ArticleId) -> Result<Option<i64>, LibraryError> {
        Ok(self.store.feed_of(article)?)
    }

    /// A feed's articles, newest first.
    pub fn ids_in_feed(&self, feed_id: i64) -> Result<Vec<ArticleId>, LibraryError> {
        Ok(self.store.ids_in_feed(feed_id)?)
    }

    /// `wanted` if no feed has that name, else `wanted (2)`, `wanted (3)`, ...
    pub fn free_feed_name(&self, wanted: &str) -> Result<String, LibraryError> {
        Ok(self.store.free_feed_name(wanted)?)
    }

    /// A number that changes whenever another connection (another process, or a thread of
    /// this one) commits to the store: cheap enough to ask once a second.
    pub fn data_version(&self) -> Result<i64, LibraryError> {
        Ok(self.store.data_version()?)
    }
}
