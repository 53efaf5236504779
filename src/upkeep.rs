//! What follows a refresh, for the command line and the screen alike: the full text of new
//! articles for feeds that want it, pruning by `keep` and `max_items`, and the alerts of saved
//! searches (with the `notify_command` run for each). Nothing here prints: the caller says what
//! happened in its own way (lines on stderr, or the status bar).

use anyhow::Result;

use crate::config::Config;
use crate::fetch::fulltext::fetch_full_text;
use crate::fetch::refresh::RefreshReport;
use crate::library::{Alert, Library, PruneRule};
use crate::notify;
use crate::store::Feed;

/// What the work after a refresh did.
#[derive(Debug, Default)]
pub struct Upkeep {
    /// Full texts that could not be had, a busy index, a `notify_command` that failed.
    pub warnings: Vec<String>,
    /// Articles removed past keeping.
    pub pruned: usize,
    /// New articles in saved searches that notify.
    pub alerts: Vec<Alert>,
}

/// Everything a refresh leaves to do, in order: full text, pruning, alerts.
pub fn after_refresh(
    library: &mut Library,
    config: &Config,
    report: &RefreshReport,
) -> Result<Upkeep> {
    let mut upkeep = Upkeep::default();
    fetch_full_texts(library, config, report, &mut upkeep.warnings)?;
    upkeep.pruned = prune(library, config)?;
    upkeep.warnings.extend(library.take_notices());
    upkeep.alerts = library.take_alerts()?;
    if let Some(command) = &config.notify_command {
        for alert in &upkeep.alerts {
            match notify::run_command(command, alert) {
                Ok(status) if status.success() => {}
                Ok(status) => upkeep
                    .warnings
                    .push(format!("notify_command `{command}` ended with {status}")),
                Err(error) => upkeep
                    .warnings
                    .push(format!("notify_command `{command}`: {error}")),
            }
        }
    }
    Ok(upkeep)
}

/// The feeds whose own `refresh_every` has passed since their last fetch (all others are due).
pub fn due(feeds: Vec<Feed>, config: &Config) -> Vec<Feed> {
    let now = chrono::Utc::now();
    feeds
        .into_iter()
        .filter(|feed| {
            let wait = config.feed_settings(&feed.name, &feed.url).refresh_every;
            match (
                wait.and_then(|w| chrono::Duration::from_std(w).ok()),
                feed.last_fetched,
            ) {
                (Some(wait), Some(last)) => last + wait <= now,
                _ => true,
            }
        })
        .collect()
}

/// The page of each new article of a feed with `full_text = true`; one that cannot be had is
/// a warning and the rest still come.
fn fetch_full_texts(
    library: &mut Library,
    config: &Config,
    report: &RefreshReport,
    warnings: &mut Vec<String>,
) -> Result<()> {
    for result in &report.feeds {
        if !config.feed_settings(&result.name, &result.url).full_text {
            continue;
        }
        for &id in &result.new_ids {
            if let Err(error) = fetch_full_text(library, id) {
                warnings.push(format!(
                    "{}: full text of article {id}: {error}",
                    result.name
                ));
            }
        }
    }
    library.settle()?;
    Ok(())
}

/// Removes what the `keep` and `max_items` settings say is past keeping; returns how many.
fn prune(library: &mut Library, config: &Config) -> Result<usize> {
    let rules: Vec<PruneRule> = library
        .feeds()?
        .into_iter()
        .map(|stats| {
            let settings = config.feed_settings(&stats.feed.name, &stats.feed.url);
            PruneRule {
                feed_id: stats.feed.id,
                keep: settings.keep.or(config.keep),
                max_items: settings.max_items,
            }
        })
        .filter(|rule| rule.keep.is_some() || rule.max_items.is_some())
        .collect();
    if rules.is_empty() {
        return Ok(0);
    }
    Ok(library.prune(&rules)?)
}
