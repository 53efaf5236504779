//! `dateline refresh`: every feed or some, once or every so often (`--every`), with progress on
//! a terminal and one line per failure; what follows each refresh is in `upkeep.rs`.

use std::time::Duration;

use anyhow::{Result, anyhow, bail};

use super::output::print_json;
use super::print::{self, note, warn};
use super::progress::Bar;
use super::upkeep;
use crate::config::Config;
use crate::fetch::refresh::{FeedResult, RefreshOptions, RefreshReport, refresh};
use crate::library::Library;
use crate::say::count;
use crate::store::Feed;
use crate::sync::{AccountReport, sync_account};
use serde::Serialize;

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
/// whose every feed failed is said and the next round still comes, and a feed with a
/// `refresh_every` of its own waits that long between fetches.
pub fn refresh_on_schedule(
    library: &mut Library,
    schedule: &Schedule,
    config: &Config,
) -> Result<()> {
    let mut round = 0;
    loop {
        round += 1;
        let (feeds, sync) = chosen_feeds(library, &schedule.names)?;
        let feeds = match schedule.every {
            Some(_) => crate::upkeep::due(feeds, config),
            None => feeds,
        };
        let sync = sync.then_some(config);
        let (report, accounts) =
            report_refresh(library, feeds, schedule.parallel, schedule.report, sync)?;
        upkeep::after_refresh(library, config, &report)?;
        let failed = match (report.feeds.is_empty(), accounts.is_empty()) {
            (false, _) => all_failed(&report).then_some("every feed failed to refresh"),
            (true, false) => accounts
                .iter()
                .all(AccountReport::failed)
                .then_some("no account could be synced"),
            (true, true) => None,
        };
        match (failed, schedule.every) {
            (None, _) => {}
            (Some(why), Some(_)) => warn(why),
            (Some(why), None) => bail!(why),
        }
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

/// The subscription with this name or URL, or an error that says how to see them.
pub(super) fn find(library: &Library, name_or_url: &str) -> Result<Feed> {
    library.feed(name_or_url)?.ok_or_else(|| {
        anyhow!("no subscription named {name_or_url}; `dateline feed list` shows them")
    })
}

/// The named feeds, or all; none at all is an error.
fn chosen_feeds(library: &Library, names: &[String]) -> Result<(Vec<Feed>, bool)> {
    // Feeds of a sync account are the server's to fetch: a sync brings their items, so naming
    // one syncs instead, and refreshing everything syncs every account.
    let own: std::collections::HashSet<i64> = library.own_feeds()?.iter().map(|f| f.id).collect();
    let named: Vec<Feed> = if names.is_empty() {
        library.feeds()?.into_iter().map(|s| s.feed).collect()
    } else {
        names
            .iter()
            .map(|name| find(library, name))
            .collect::<Result<_>>()?
    };
    let (feeds, synced): (Vec<Feed>, Vec<Feed>) =
        named.into_iter().partition(|f| own.contains(&f.id));
    let sync = names.is_empty() || !synced.is_empty();
    let accounts_to_sync = sync && !library.accounts()?.is_empty();
    if feeds.is_empty() && !accounts_to_sync {
        bail!("no subscriptions yet; `dateline feed add URL` subscribes");
    }
    Ok((feeds, sync))
}

/// Feeds waiting out a server's Retry-After have not failed this time.
fn all_failed(report: &RefreshReport) -> bool {
    !report.feeds.is_empty()
        && report
            .feeds
            .iter()
            .all(|f| f.failed() && f.status != "waiting")
}

/// Refreshes feeds (for `opml import` and `import-newsboat`): fails when every one failed.
pub(super) fn run_refresh(
    library: &mut Library,
    feeds: Vec<Feed>,
    parallel: usize,
    format: Report,
) -> Result<()> {
    let (report, _) = report_refresh(library, feeds, parallel, format, None)?;
    if all_failed(&report) {
        bail!("every feed failed to refresh");
    }
    Ok(())
}

/// A refresh's report with the accounts synced after it (none: the key is left out, as before).
#[derive(Serialize)]
struct WithAccounts<'a> {
    #[serde(flatten)]
    report: &'a RefreshReport,
    #[serde(skip_serializing_if = "<[AccountReport]>::is_empty")]
    accounts: &'a [AccountReport],
}

/// Refreshes feeds with progress on a terminal, then (with `sync`) syncs every account, and says
/// how it went.
fn report_refresh(
    library: &mut Library,
    feeds: Vec<Feed>,
    parallel: usize,
    format: Report,
    sync: Option<&Config>,
) -> Result<(RefreshReport, Vec<AccountReport>)> {
    let options = RefreshOptions {
        parallel,
        ..RefreshOptions::default()
    };
    let bar = Bar::new(true);
    library.set_progress(bar.feeder());
    let had_feeds = !feeds.is_empty();
    let report = match had_feeds {
        true => refresh(library, feeds, &options, |done, total, result| {
            progress(&bar, done, total, result);
        })?,
        false => RefreshReport::default(),
    };
    let mut accounts = Vec::new();
    if let Some(config) = sync {
        for account in library.accounts()? {
            let credentials = super::accounts::credentials(config);
            accounts.push(sync_account(library, &account, credentials, &mut |step| {
                super::accounts::show_progress(&bar, &step);
            }));
        }
    }
    bar.finish();
    for note in &report.notes {
        warn(note);
    }
    let whole = WithAccounts {
        report: &report,
        accounts: &accounts,
    };
    if format == Report::JsonLines {
        print::json_line(&whole)?;
    } else if format == Report::Json {
        print_json(&whole)?;
    }
    for account in &accounts {
        super::accounts::say_report(account, format == Report::Text);
        if let Some(line) = super::accounts::error_line(account) {
            warn(line);
        }
    }
    if format == Report::Text && (had_feeds || accounts.is_empty()) {
        // A feed whose server asked to wait did not fail: said apart (the JSON counts it failed).
        let waiting = report
            .feeds
            .iter()
            .filter(|f| f.status == "waiting")
            .count();
        let waiting_said = match waiting {
            0 => String::new(),
            n => format!(", {n} waiting (their servers asked not to be fetched yet)"),
        };
        note(format!(
            "refreshed {} in {:.1} s: {}, {} updated, {} failed{waiting_said}",
            count(report.feeds.len(), "feed"),
            report.seconds,
            count(report.new, "new article"),
            report.updated,
            report.failed - waiting.min(report.failed)
        ));
    }
    Ok((report, accounts))
}

/// Reasons a feed's line gives for the items it left out, at most.
const REASONS_SHOWN: usize = 10;

/// One line per failed feed (above the bar, on a terminal).
fn progress(bar: &Bar, done: usize, total: usize, result: &FeedResult) {
    if let Some(error) = &result.error {
        warn(format!(
            "{} ({}): {}: {error}",
            result.name, result.url, result.status
        ));
    }
    if let Some(onto) = &result.moves_onto {
        warn(format!(
            "{} ({}): {onto}; `dateline feed remove` one of them",
            result.name, result.url
        ));
    }
    if !result.left_out.is_empty() {
        // A feed of thousands of broken items says the first few; `--json` has them all.
        let shown = result.left_out.len().min(REASONS_SHOWN);
        let mut reasons = result.left_out[..shown].join("; ");
        if shown < result.left_out.len() {
            reasons.push_str("; ...");
        }
        warn(format!(
            "{} ({}): {} left out: {reasons}",
            result.name,
            result.url,
            count(result.left_out.len(), "item"),
        ));
    }
    if let Some(broke_off) = &result.broke_off {
        warn(format!("{} ({}): {broke_off}", result.name, result.url));
    }
    bar.count("refreshing", "feeds", done, total);
}
