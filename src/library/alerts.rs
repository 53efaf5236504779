//! Alerts: saved searches marked `notify`, and the articles that arrived in them since the last
//! time any dateline process looked (a claim kept in the store, see `Claim::Alerts`).

use std::sync::Arc;

use serde::Serialize;

use super::{Library, LibraryError};
use crate::search::IdSet;
use crate::store::Claim;

/// Titles an alert carries at most.
const TITLES: usize = 10;

/// New articles in a saved search that asked to be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// The saved search's name.
    pub saved: String,
    pub count: usize,
    /// The newest of their titles.
    pub titles: Vec<String>,
}

impl Library {
    /// One alert for each notifying saved search that articles arrived in since alerts were
    /// last taken (hidden ones do not count). Once the index is in step, what arrived is
    /// claimed, so each article is announced once, by whichever process asks first.
    pub fn take_alerts(&mut self) -> Result<Vec<Alert>, LibraryError> {
        if !self.index.in_step(&self.store)? {
            return Ok(Vec::new());
        }
        let arrived = self.store.claim_new(Claim::Alerts)?;
        let notifying: Vec<_> = self
            .saved_searches()?
            .into_iter()
            .filter(|s| s.notify)
            .collect();
        if arrived.is_empty() || notifying.is_empty() {
            return Ok(Vec::new());
        }
        let arrived = Arc::new(IdSet::from_ids(arrived));
        let mut alerts = Vec::new();
        for saved in notifying {
            let new = self.ids_among(&saved.query, Arc::clone(&arrived))?;
            if new.is_empty() {
                continue;
            }
            let titles = self
                .summaries(&new[..new.len().min(TITLES)])?
                .into_iter()
                .map(|row| row.title)
                .collect();
            alerts.push(Alert {
                saved: saved.name,
                count: new.len(),
                titles,
            });
        }
        Ok(alerts)
    }
}
