//! Sync accounts through the library: accounts, their queue, and storing what a sync brings down
//! (tagged and indexed like any article). Read, starred, rename and unsubscribe made here are
//! queued by the store itself, in the same transaction as the change (see `store/accounts.rs`).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{Library, LibraryError};
use crate::article::ArticleId;
use crate::store::{
    Account, Feed, QueuedChange, ServerFeed, StateOutcome, SubscriptionOutcome, SyncedItem,
    SyncedOutcome,
};

impl Library {
    /// Adds an account (see `Store::add_account`). No password is given: only the login token
    /// the server hands back is kept, by the first sync or `set_account_token`.
    pub fn add_account(
        &mut self,
        name: &str,
        kind: &str,
        url: &str,
        user: &str,
        password_command: Option<&str>,
    ) -> Result<Account, LibraryError> {
        Ok(self
            .store
            .add_account(name, kind, url, user, password_command)?)
    }

    pub fn accounts(&self) -> Result<Vec<Account>, LibraryError> {
        Ok(self.store.accounts()?)
    }

    pub fn account(&self, name: &str) -> Result<Option<Account>, LibraryError> {
        Ok(self.store.account(name)?)
    }

    pub fn account_by_id(&self, id: i64) -> Result<Option<Account>, LibraryError> {
        Ok(self.store.account_by_id(id)?)
    }

    /// Removes an account and what waits to be sent for it; its feeds and articles stay.
    /// Returns how many waiting changes were dropped.
    pub fn remove_account(&mut self, id: i64) -> Result<i64, LibraryError> {
        Ok(self.store.remove_account(id)?)
    }

    /// The kept login token. Never print it.
    pub fn account_token(&self, id: i64) -> Result<Option<String>, LibraryError> {
        Ok(self.store.account_token(id)?)
    }

    pub fn set_account_token(&mut self, id: i64, token: Option<&str>) -> Result<(), LibraryError> {
        Ok(self.store.set_account_token(id, token)?)
    }

    /// Records a sync's end (see `Store::record_sync`).
    pub fn record_sync(
        &mut self,
        id: i64,
        when: DateTime<Utc>,
        error: Option<&str>,
        newest_crawl: Option<i64>,
    ) -> Result<(), LibraryError> {
        Ok(self.store.record_sync(id, when, error, newest_crawl)?)
    }

    pub fn queued_changes(&self, account_id: i64) -> Result<Vec<QueuedChange>, LibraryError> {
        Ok(self.store.queued_changes(account_id)?)
    }

    /// Forgets changes the server has taken.
    pub fn dequeue(&mut self, seqs: &[i64]) -> Result<(), LibraryError> {
        Ok(self.store.dequeue(seqs)?)
    }

    /// Subscribes to `url` through an account: stored here at once and queued for the server.
    pub fn add_account_feed(
        &mut self,
        account_id: i64,
        url: &str,
        name: Option<&str>,
        tags: &[String],
    ) -> Result<Feed, LibraryError> {
        let id = self.store.add_account_feed(account_id, url, name, tags)?;
        self.index_changes()?;
        self.settle()?;
        self.store
            .feed_by_id(id)?
            .ok_or(crate::store::StoreError::NoSuchFeed(id).into())
    }

    /// The account a feed belongs to, if any.
    pub fn feed_account(&self, feed_id: i64) -> Result<Option<Account>, LibraryError> {
        match self.store.feed_account(feed_id)? {
            Some(id) => self.account_by_id(id),
            None => Ok(None),
        }
    }

    /// The feeds dateline fetches itself: every one that belongs to no account.
    pub fn own_feeds(&self) -> Result<Vec<Feed>, LibraryError> {
        let synced: HashSet<i64> = self.store.account_feed_ids()?.into_iter().collect();
        Ok(self
            .feeds()?
            .into_iter()
            .map(|stats| stats.feed)
            .filter(|feed| !synced.contains(&feed.id))
            .collect())
    }

    /// Makes the account's feeds what the server lists (folders become tags).
    pub fn apply_subscriptions(
        &mut self,
        account_id: i64,
        feeds: &[ServerFeed],
    ) -> Result<SubscriptionOutcome, LibraryError> {
        let outcome = self.store.apply_subscriptions(account_id, feeds)?;
        self.index_changes()?;
        Ok(outcome)
    }

    /// Which of these server item ids are already stored.
    pub fn known_items(&self, account_id: i64, ids: &[i64]) -> Result<HashSet<i64>, LibraryError> {
        Ok(self.store.known_items(account_id, ids)?)
    }

    /// Stores a batch of the server's items in one transaction, entities found first, and
    /// brings the index up to date. Part of a run: `settle` ends it.
    pub fn store_synced_items(
        &mut self,
        account_id: i64,
        items: &mut [SyncedItem],
    ) -> Result<SyncedOutcome, LibraryError> {
        self.tag_held(items, |item| &mut item.draft);
        let outcome = self
            .store
            .store_synced_items(account_id, items, Utc::now())?;
        self.index_changes()?;
        Ok(outcome)
    }

    /// Takes the server's read and starred state (the index holds no flags).
    pub fn apply_server_state(
        &mut self,
        account_id: i64,
        unread: &HashSet<i64>,
        starred: &HashSet<i64>,
    ) -> Result<StateOutcome, LibraryError> {
        Ok(self.store.apply_server_state(account_id, unread, starred)?)
    }

    /// Whether an article came from a sync account (its changes are queued for the server).
    pub fn is_synced_article(&self, id: ArticleId) -> Result<bool, LibraryError> {
        Ok(self.store.is_synced_article(id)?)
    }
}
