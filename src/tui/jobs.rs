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
use crate::fetch::refresh::RefreshOptions;
use crate::ingest::sanitize::clean_line;
use crate::library::Library;
use crate::notify;
use crate::sync::{Credentials, Progress, SyncProgress, refresh_everything};
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

/// A refresh in the library at `data_dir` (feeds fetched here, then every sync account) and what
/// follows it, with the counts after it (counted here, off the screen's thread).
fn refresh_in(
    data_dir: &Path,
    config: &Config,
    feeds: Feeds,
    report: &dyn Fn(Msg) -> bool,
) -> Result<Refreshed> {
    let (mut library, _) = Library::open(data_dir)?;
    // What the refresh brings goes through the filters, as a refresh from the command line's does.
    // A filter left out was said when the screen opened.
    let _left_out = library.set_filters(config.filters.clone());
    let own = library.own_feeds()?;
    let feeds = match feeds {
        Feeds::All => own,
        Feeds::Due => upkeep::due(own, config),
        // A feed of an account is synced with its account rather than fetched.
        Feeds::These(ids) => own.into_iter().filter(|f| ids.contains(&f.id)).collect(),
    };
    let credentials = Credentials {
        config_command: config.password_command.as_deref(),
        prompt: None,
        request_timeout: config.sync_timeout,
    };
    let options = RefreshOptions::default();
    let done = refresh_everything(
        &mut library,
        Some(feeds),
        &options,
        credentials,
        &mut |progress| {
            let msg = match progress {
                Progress::Feed { done, total, .. } => Msg::Refreshing { done, total },
                Progress::Sync(step) => Msg::Syncing(sync_step(&step)),
            };
            report(msg);
        },
    )?;
    let fetched = done.feeds.unwrap_or_default();
    let after = upkeep::after_refresh(&mut library, config, &fetched)?;
    let notification = after
        .alerts
        .iter()
        .map(|alert| notify::terminal_alert(alert, config.alert_bell))
        .collect();
    let mut warnings = after.warnings;
    // A subscription that moved onto another one's feed fetches nothing more: said, or it
    // would fall silent.
    warnings.extend(fetched.feeds.iter().filter_map(|feed| {
        let onto = feed.moves_onto.as_ref()?;
        Some(clean_line(&format!(
            "{}: {onto}; remove one of the two",
            feed.name
        )))
    }));
    warnings.extend(
        done.accounts
            .iter()
            .filter_map(|a| a.error.as_ref().map(|e| format!("{}: {e}", a.account))),
    );
    Ok(Refreshed {
        new: fetched.new + done.accounts.iter().map(|a| a.new).sum::<usize>(),
        updated: fetched.updated,
        failures: fetched
            .feeds
            .iter()
            .filter(|feed| feed.failed())
            .map(|feed| {
                // An error's text can carry the server's words (a redirect's address, a TLS
                // message): cleaned as every other outside text before the screen shows it.
                let why = feed.error.as_deref().unwrap_or(&feed.status);
                clean_line(&format!("{}: {why}", feed.name))
            })
            .collect(),
        counts: library.counts()?,
        alerts: after.alerts.iter().map(notify::summary).collect(),
        notification,
        warnings,
        sync: sync_status(&library)?,
    })
}

/// A sync's step, for the status bar.
fn sync_step(step: &SyncProgress) -> String {
    match step {
        SyncProgress::Started { account } => format!("syncing {account}"),
        SyncProgress::Sending {
            account,
            done,
            total,
        } => format!("syncing {account}: sending {done}/{total}"),
        SyncProgress::Subscriptions { account } => format!("syncing {account}: subscriptions"),
        SyncProgress::Fetching {
            account,
            done,
            total,
        } => format!("syncing {account}: {done}/{total} new"),
        SyncProgress::State { account } => format!("syncing {account}: read and starred"),
        SyncProgress::Finished { account, .. } => format!("synced {account}"),
    }
}

/// What the status bar says of sync: when the last good one was, or that changes wait after a
/// sync that failed. `None` without an account.
pub fn sync_status(library: &Library) -> Result<Option<String>, crate::library::LibraryError> {
    let accounts = library.accounts()?;
    if accounts.is_empty() {
        return Ok(None);
    }
    // All of it from the one read of the accounts, each with its queue and last good sync.
    let waiting: i64 = accounts.iter().map(|a| a.queued).sum();
    let failing = accounts.iter().any(|a| a.last_error.is_some());
    let last = accounts
        .iter()
        .filter_map(|a| a.last_sync)
        .max()
        .map(|at| at.with_timezone(&chrono::Local).format("%H:%M").to_string());
    Ok(Some(match (failing && waiting > 0, last) {
        // Not "offline": a refused password or a server error stops sync as well, and the
        // message of the sync that failed says which.
        (true, _) => format!(
            "not synced, {}",
            crate::say::count(waiting as usize, "change") + " waiting"
        ),
        (false, Some(at)) => format!("synced {at}"),
        (false, None) => "not synced yet".into(),
    }))
}
