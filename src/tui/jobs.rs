//! The screen's background jobs, each with a library of its own: a refresh (with what follows
//! it: full texts, pruning, alerts and their notifications) and fetching an article's full text.
//! Progress and the end come back to the loop as messages.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use anyhow::Result;

use super::msg::{Incoming, Msg, Refreshed};
use super::threads::spawn_guarded;
use crate::config::Config;
use crate::fetch::fulltext::fetch_full_text;
use crate::fetch::refresh::{RefreshOptions, refresh};
use crate::library::Library;
use crate::notify;
use crate::upkeep;

/// Which feeds a refresh takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feeds {
    All,
    These(Vec<i64>),
    /// Those whose own `refresh_every` has passed (auto-refresh).
    Due,
}

/// Refreshes on a thread; the search worker sees the new articles at its next query.
pub fn spawn_refresh(data_dir: PathBuf, config: Config, feeds: Feeds, events: Sender<Incoming>) {
    let guard = events.clone();
    spawn_guarded("refresh", guard, move || {
        let report = |msg| events.send(Incoming::Search(msg)).is_ok();
        let done = refresh_in(&data_dir, &config, feeds, &report).map_err(|e| format!("{e:#}"));
        report(Msg::Refreshed(done));
    });
}

/// Fetches an article's page on a thread.
pub fn spawn_full_text(data_dir: PathBuf, id: i64, events: Sender<Incoming>) {
    let guard = events.clone();
    spawn_guarded("full text", guard, move || {
        let result = Library::open(&data_dir)
            .map_err(|e| e.to_string())
            .and_then(|(mut library, _)| {
                fetch_full_text(&mut library, id).map_err(|e| e.to_string())
            });
        let _ = events.send(Incoming::Search(Msg::FullText { id, result }));
    });
}

/// A refresh in the library at `data_dir` and what follows it, with the counts after it
/// (counted here, off the screen's thread).
fn refresh_in(
    data_dir: &Path,
    config: &Config,
    feeds: Feeds,
    report: &dyn Fn(Msg) -> bool,
) -> Result<Refreshed> {
    let (mut library, _) = Library::open(data_dir)?;
    // What the refresh brings goes through the filters, as a refresh from the command line's does.
    library.set_filters(config.filters.clone());
    let every = || -> Result<Vec<crate::store::Feed>> {
        Ok(library.feeds()?.into_iter().map(|s| s.feed).collect())
    };
    let feeds = match feeds {
        Feeds::All => every()?,
        Feeds::Due => upkeep::due(every()?, config),
        Feeds::These(ids) => {
            let mut found = Vec::new();
            for id in ids {
                found.extend(library.feed_by_id(id)?);
            }
            found
        }
    };
    let options = RefreshOptions::default();
    let done = refresh(&mut library, feeds, &options, |done, total, _| {
        report(Msg::Refreshing { done, total });
    })?;
    let after = upkeep::after_refresh(&mut library, config, &done)?;
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    let bell = if config.alert_bell { "\x07" } else { "" };
    let notification = after
        .alerts
        .iter()
        .map(|alert| format!("{}{bell}", notify::desktop_sequence(alert, in_tmux)))
        .collect();
    Ok(Refreshed {
        new: done.new,
        updated: done.updated,
        failed: done.failed,
        counts: library.counts()?,
        alerts: after.alerts.iter().map(notify::summary).collect(),
        notification,
        warnings: after.warnings,
    })
}
