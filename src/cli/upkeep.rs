//! What follows a refresh: the full text of new articles for feeds that want it, pruning by the
//! `keep` and `max_items` settings, and the alerts of saved searches that asked for them.

use anyhow::Result;

use super::print::{self, note, warn};
use crate::config::Config;
use crate::fetch::fulltext::fetch_full_text;
use crate::fetch::refresh::RefreshReport;
use crate::library::{Library, PruneRule};
use crate::notify;
use crate::say::count;

/// Everything a refresh leaves to do, in order: full text, pruning, alerts.
pub fn after_refresh(library: &mut Library, config: &Config, report: &RefreshReport) -> Result<()> {
    fetch_full_texts(library, config, report)?;
    prune(library, config)?;
    deliver_alerts(library, config)
}

/// The page of each new article of a feed with `full_text = true`; one that cannot be had is
/// said and the rest still come.
fn fetch_full_texts(library: &mut Library, config: &Config, report: &RefreshReport) -> Result<()> {
    for result in &report.feeds {
        if !config.feed_settings(&result.name, &result.url).full_text {
            continue;
        }
        for &id in &result.new_ids {
            if let Err(error) = fetch_full_text(library, id) {
                warn(format!(
                    "{}: full text of article {id}: {error}",
                    result.name
                ));
            }
        }
    }
    library.settle()?;
    Ok(())
}

/// Removes what the `keep` and `max_items` settings say is past keeping.
fn prune(library: &mut Library, config: &Config) -> Result<()> {
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
        return Ok(());
    }
    let pruned = library.prune(&rules)?;
    for text in library.take_notices() {
        warn(text);
    }
    if pruned > 0 {
        note(format!(
            "removed {} past keeping (keep, max_items)",
            count(pruned, "article")
        ));
    }
    Ok(())
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
