//! Alerts: saved searches marked `notify`, and the articles the last settled run of writes (a
//! refresh, an import) brought into them.

use serde::Serialize;

use super::{Library, LibraryError};

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
    /// One alert for each notifying saved search that the last settled run brought articles
    /// into (hidden ones do not count). The run's arrivals are forgotten once asked about.
    pub fn take_alerts(&mut self) -> Result<Vec<Alert>, LibraryError> {
        let arrived = std::mem::take(&mut self.last_arrivals);
        if arrived.is_empty() {
            return Ok(Vec::new());
        }
        let mut alerts = Vec::new();
        for saved in self.saved_searches()?.into_iter().filter(|s| s.notify) {
            let new: Vec<_> = self
                .ids_matching(&saved.query)?
                .into_iter()
                .filter(|id| arrived.contains(id))
                .collect();
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
