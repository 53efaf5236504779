//! Pruning through the library: articles leave the store and the index together.

use std::time::Duration;

use chrono::Utc;

use super::{Library, LibraryError};
use crate::search::SearchError;

/// How long a feed's articles are kept, and how many at most (starred ones always stay).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PruneRule {
    pub feed_id: i64,
    pub keep: Option<Duration>,
    pub max_items: Option<usize>,
}

impl Library {
    /// Removes what the rules say is past keeping, from the store and the index together;
    /// returns how many articles went. Should another process hold the index, it finds the
    /// store changed under it and rebuilds the index from the store (the store is the truth).
    pub fn prune(&mut self, rules: &[PruneRule]) -> Result<usize, LibraryError> {
        self.settle()?;
        let now = Utc::now();
        let mut removed = Vec::new();
        for rule in rules {
            let before = rule
                .keep
                .and_then(|keep| chrono::Duration::from_std(keep).ok())
                .and_then(|keep| now.checked_sub_signed(keep));
            removed.extend(
                self.store
                    .prune_feed(rule.feed_id, before, rule.max_items)?,
            );
        }
        if removed.is_empty() {
            return Ok(0);
        }
        match self.index.writer() {
            Ok(mut session) => {
                session.forget(&removed, &self.store.mark()?);
                session.catch_up(&self.store)?;
                session.commit()?;
                if let Some(why) = session.rebuilt() {
                    self.notice(format!(
                        "the search index did not match the store ({why}); rebuilt it from the store"
                    ));
                }
            }
            Err(SearchError::Busy) => self.notice(
                "the search index is busy in another dateline process; it will be rebuilt \
                 without the pruned articles"
                    .into(),
            ),
            Err(other) => return Err(other.into()),
        }
        Ok(removed.len())
    }
}
