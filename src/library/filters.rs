//! Filters (`[[filter]]` in config.toml): a query and what to do with every article it finds,
//! applied to articles as they arrive (once the run that brought them is indexed) and, asked,
//! to everything stored.

use std::sync::Arc;

use super::{Library, LibraryError};
use crate::article::ArticleId;
use crate::search::IdSet;
use crate::store::FlagColumn;

/// What a filter does to the articles its query finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterAction {
    /// Out of every list, count and search but `is:hidden`.
    Hide,
    Read,
    Star,
    Tag(String),
}

/// One filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
    pub action: FilterAction,
}

/// What one filter did: its query and how many articles it changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FilterOutcome {
    pub query: String,
    pub action: String,
    pub matched: usize,
    pub changed: usize,
}

impl FilterAction {
    fn name(&self) -> String {
        match self {
            FilterAction::Hide => "hide".into(),
            FilterAction::Read => "read".into(),
            FilterAction::Star => "star".into(),
            FilterAction::Tag(tag) => format!("tag {tag}"),
        }
    }
}

impl Library {
    /// Hides articles (or shows them again); returns how many changed.
    pub fn set_hidden(&mut self, ids: &[ArticleId], hidden: bool) -> Result<usize, LibraryError> {
        Ok(self.set_hidden_changed(ids, hidden)?.len())
    }

    /// Hides articles (or shows them again); returns exactly the ids whose flag changed, in the
    /// order given. The index takes the change in before it returns.
    pub fn set_hidden_changed(
        &mut self,
        ids: &[ArticleId],
        hidden: bool,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        let changed = self.store.set_flag(FlagColumn::Hidden, ids, hidden)?;
        self.index_changes()?;
        self.settle()?;
        Ok(changed)
    }

    /// Runs every filter over everything stored (`dateline filter apply`).
    pub fn apply_filters(&mut self) -> Result<Vec<FilterOutcome>, LibraryError> {
        self.settle()?;
        self.run_filters(None)
    }

    /// Runs the filters over the articles of `arrived` (all stored when `None`), then indexes
    /// what they changed. Called by `settle` once the articles are in the index.
    pub(super) fn run_filters(
        &mut self,
        arrived: Option<IdSet>,
    ) -> Result<Vec<FilterOutcome>, LibraryError> {
        let filters = self.filters.clone();
        let arrived = arrived.map(Arc::new);
        let mut outcomes = Vec::with_capacity(filters.len());
        for filter in &filters {
            let ids = match &arrived {
                Some(arrived) => self.ids_among(&filter.query, Arc::clone(arrived))?,
                None => self.ids_matching(&filter.query)?,
            };
            let changed = match &filter.action {
                FilterAction::Hide => self.store.set_hidden(&ids, true)?,
                FilterAction::Read => self.store.set_read(&ids, true)?,
                FilterAction::Star => self.store.set_starred(&ids, true)?,
                FilterAction::Tag(tag) => self.store.add_tag(&ids, tag)?,
            };
            outcomes.push(FilterOutcome {
                query: filter.query.clone(),
                action: filter.action.name(),
                matched: ids.len(),
                changed,
            });
            // What one filter hid or tagged, the next one's query sees.
            self.index_changes()?;
            self.commit_run()?;
        }
        Ok(outcomes)
    }
}
