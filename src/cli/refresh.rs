//! `dateline refresh`: every feed or some, once or every so often (`--every`), with progress on
//! a terminal, one line per failure, and the alerts of saved searches that asked for them.

use std::time::Duration;

use anyhow::{Result, bail};

use super::feeds::find;
use super::output::print_json;
use super::print::{self, note, warn};
use crate::config::Config;
use crate::fetch::refresh::{FeedResult, RefreshOptions, refresh};
use crate::library::Library;
use crate::notify;
use crate::say::count;
use crate::store::Feed;

/// How `dateline refresh` reports: a line for people, or JSON (one document, or one a line
/// when refreshing every so often).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Text,
    Json,
    JsonLines,
}

/// How `dateline refresh` runs: the feeds it takes and how often.
pub struct Schedule {
    pub names: Vec<String>,
    pub parallel: usize,
    pub report: Report,
    /// Refresh again after this long, until stopped (or `times` refreshes).
    pub every: Option<Duration>,
    pub times: Option<u32>,
}

/// `dateline refresh`: the named feeds or all, once or every so often. With `--every`, a round
/// whose every feed failed is said and the next round still comes.
pub fn refresh_on_schedule(
    library: &mut Library,
    schedule: &Schedule,
    config: &Config,
) -> Result<()> {
    let mut round = 0;
    loop {
        round += 1;
        let done = refresh_feeds(library, &schedule.names, schedule.parallel, schedule.report);
        match (done, schedule.every) {
            (Err(error), Some(_)) => warn(format!("{error:#}")),
            (done, _) => done?,
        }
        deliver_alerts(library, config)?;
        let Some(every) = schedule.every else {
            return Ok(());
        };
        if schedule.times.is_some_and(|times| round >= times) {
            return Ok(());
        }
        let next = chrono::Local::now() + chrono::Duration::from_std(every).unwrap_or_default();
        note(format!("next refresh at {}", next.format("%H:%M:%S")));
        std::thread::sleep(every);
    }
}

/// Says each alert of the last refresh: a line on stderr, a desktop notification (and the bell
/// if wanted) when stderr is a terminal, and the `notify_command`.
fn deliver_alerts(library: &mut Library, config: &Config) -> Result<()> {
    for alert in library.take_alerts()? {
        note(format!("alert: {}", notify::summary(&alert)));
        if print::stderr_is_terminal() {
            let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
            let bell = if config.alert_bell { "\x07" } else { "" };
            print::terminal_sequence(&format!(
                "{}{bell}",
                notify::desktop_sequence(&alert, in_tmux)
            ));
        }
        if let Some(command) = &config.notify_command {
            match notify::run_command(command, &alert) {
                Ok(status) if status.success() => {}
                Ok(status) => warn(format!("notify_command `{command}` ended with {status}")),
                Err(error) => warn(format!("notify_command `{command}`: {error}")),
            }
        }
    }
    Ok(())
}

/// One refresh of the named feeds, or all.
fn refresh_feeds(
    library: &mut Library,
    names: &[String],
    parallel: usize,
    report: Report,
) -> Result<()> {
    let feeds = if names.is_empty() {
        library.feeds()?.into_iter().map(|s| s.feed).collect()
    } else {
        names
            .iter()
            .map(|name| find(library, name))
            .collect::<Result<Vec<_>>>()?
    };
    if feeds.is_empty() {
        bail!("no subscriptions yet; `dateline feed add URL` subscribes");
    }
    run_refresh(library, feeds, parallel, report)
}

pub(super) fn run_refresh(
    library: &mut Library,
    feeds: Vec<Feed>,
    parallel: usize,
    format: Report,
) -> Result<()> {
    let options = RefreshOptions {
        parallel,
        ..RefreshOptions::default()
    };
    let bar = print::stderr_is_terminal();
    let report = refresh(library, feeds, &options, |done, total, result| {
        progress(bar, done, total, result);
    })?;
    if bar {
        print::clear_progress();
    }
    for note in &report.notes {
        warn(note);
    }
    // Feeds waiting out a server's Retry-After have not failed this time.
    let all_failed = !report.feeds.is_empty()
        && report
            .feeds
            .iter()
            .all(|f| f.failed() && f.status != "waiting");
    if format == Report::JsonLines {
        print::json_line(&report)?;
    } else if format == Report::Json {
        print_json(&report)?;
    } else {
        note(format!(
            "refreshed {} in {:.1} s: {}, {} updated, {} failed",
            count(report.feeds.len(), "feed"),
            report.seconds,
            count(report.new, "new article"),
            report.updated,
            report.failed
        ));
    }
    if all_failed {
        bail!("every feed failed to refresh");
    }
    Ok(())
}

/// One line per failed feed; on a terminal, a bar that the next line overwrites.
fn progress(bar: bool, done: usize, total: usize, result: &FeedResult) {
    if let Some(error) = &result.error {
        if bar {
            print::clear_progress();
        }
        warn(format!(
            "{} ({}): {}: {error}",
            result.name, result.url, result.status
        ));
    }
    if !result.left_out.is_empty() {
        if bar {
            print::clear_progress();
        }
        warn(format!(
            "{} ({}): {} left out: {}",
            result.name,
            result.url,
            count(result.left_out.len(), "item"),
            result.left_out.join("; ")
        ));
    }
    if bar {
        let width = 30;
        let filled = (done * width).checked_div(total).unwrap_or(width);
        print::progress(format!(
            "[{}{}] {done}/{total} feeds",
            "#".repeat(filled),
            " ".repeat(width - filled)
        ));
    }
}
