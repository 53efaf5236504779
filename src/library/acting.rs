//! Queries that change articles (`mark --query`, `[[filter]]`) must mean all they say: with a part
//! ignored (`is:bogus`, `feed:` with no name) or nothing left to search for (`OR`, `the`,
//! `person:mr`), a query finds every article, and would mark or hide them all.

use super::saved::{parse_whole, with_flag};
use super::searching::flag_sets_for;
use super::{Filter, Library, LibraryError};
use crate::article::ArticleId;
use crate::search::SortOrder;
use crate::search::query::{Flag, ParsedQuery};

/// The query of a command or filter that changes articles, refused with the first part of it
/// that means nothing. The words alone are checked here, where no index is needed (a config
/// file's filters); `Library::narrowing` checks them against the index too.
pub fn parse_acting(text: &str) -> Result<ParsedQuery, LibraryError> {
    let parsed = parse_whole(text);
    if let Some(why) = parsed.notes.first().or(parsed.missing.first()) {
        return Err(LibraryError::Query(why.clone()));
    }
    if parsed.is_empty() {
        return Err(LibraryError::Query(format!(
            "`{}` has nothing to search for",
            text.trim()
        )));
    }
    Ok(parsed)
}

impl Library {
    /// Every article a query that changes them finds, newest first (with `hidden`, the hidden
    /// ones it finds); refused when `narrowing` refuses it.
    pub fn ids_acting(&self, text: &str, hidden: bool) -> Result<Vec<ArticleId>, LibraryError> {
        let parsed = self.narrowing(text)?;
        // A group of its own: `port OR` + ` is:hidden` as text would be `port OR is:hidden`.
        let parsed = match hidden {
            true => with_flag(parsed, Flag::Hidden),
            false => parsed,
        };
        self.ids_of_parsed(&parsed)
    }

    /// The filters every arriving article goes through from now on. A filter whose query would
    /// find every article is left out, and why is returned.
    pub fn set_filters(&mut self, filters: Vec<Filter>) -> Vec<String> {
        let mut left_out = Vec::new();
        let mut kept = Vec::with_capacity(filters.len());
        for filter in filters {
            match self.narrowing(&filter.query) {
                Ok(_) => kept.push(filter),
                Err(why) => left_out.push(format!("filter `{}` left out: {why}", filter.query)),
            }
        }
        self.filters = kept;
        left_out
    }

    /// `parse_acting`'s query, refused as well when the index has nothing to search for in it:
    /// words it leaves out as too common (`the`), a title alone (`person:mr`).
    fn narrowing(&self, text: &str) -> Result<ParsedQuery, LibraryError> {
        let parsed = parse_acting(text)?;
        if !self.narrows(&parsed)? {
            return Err(LibraryError::Query(format!(
                "`{}` has no word to search for (words as common as `the` are left out)",
                text.trim()
            )));
        }
        Ok(parsed)
    }

    /// Whether the index finds fewer than every article for the query.
    pub(super) fn narrows(&self, parsed: &ParsedQuery) -> Result<bool, LibraryError> {
        let flags = flag_sets_for(&self.store, parsed)?;
        let prepared = self
            .index
            .prepare(parsed, flags.as_ref(), SortOrder::Date)?;
        Ok(!prepared.matches_everything())
    }
}
