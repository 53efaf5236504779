//! `dateline account add|list|remove` and `dateline sync`: sync accounts on a Google Reader API
//! server, with one line per failure and no password or token ever printed.

use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use super::JsonFlag;
use super::print::{self, note, warn};
use super::progress::Bar;
use crate::config::Config;
use crate::library::Library;
use crate::say::count;
use crate::store::Account;
use crate::sync::{AccountReport, Credentials, SyncProgress, sync_account};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AccountKind {
    /// The Google Reader API: FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux
    Greader,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add an account and log in to check it; the password comes from the account's
    /// --password-command, the config's password_command, DATELINE_PASSWORD, or a prompt, and
    /// is never stored (only the login token the server gives back is kept)
    Add {
        kind: AccountKind,
        /// The API's address, e.g. https://rss.example.org/api/greader.php (FreshRSS) or
        /// https://miniflux.example.org (Miniflux)
        url: String,
        /// The user name to log in with (for FreshRSS: the user's, with its API password)
        #[arg(long)]
        user: String,
        /// The name to list it under [default: the server's host name]
        #[arg(long)]
        name: Option<String>,
        /// A command that prints the password, e.g. "pass show freshrss"
        #[arg(long, value_name = "COMMAND")]
        password_command: Option<String>,
        /// Add it without logging in now (the first sync logs in)
        #[arg(long)]
        no_login: bool,
    },
    /// Every account with its last sync and the changes waiting to be sent
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Remove an account and the changes waiting for it; its feeds and articles stay here
    Remove { name: String },
}

/// The password sources for a command-line run: a prompt only on a terminal.
pub fn credentials(config: &Config) -> Credentials<'_> {
    Credentials {
        config_command: config.password_command.as_deref(),
        prompt: Some(&|account: &Account| {
            print::read_secret(format!(
                "password for {} at {}: ",
                account.user, account.name
            ))
        }),
        request_timeout: config.sync_timeout,
    }
}

pub fn account(library: &mut Library, config: &Config, command: AccountCommand) -> Result<()> {
    match command {
        AccountCommand::Add {
            kind: AccountKind::Greader,
            url,
            user,
            name,
            password_command,
            no_login,
        } => {
            let parsed = url::Url::parse(url.trim())
                .map_err(|e| anyhow::anyhow!("{url} is not a web address: {e}"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                bail!("{url} is not an http or https address");
            }
            let name = name.unwrap_or_else(|| parsed.host_str().unwrap_or("server").to_string());
            let account = library.add_account(
                &name,
                "greader",
                parsed.as_str(),
                &user,
                password_command.as_deref(),
            )?;
            if !no_login
                && let Err(error) = crate::sync::log_in(library, &account, credentials(config))
            {
                library.remove_account(account.id)?;
                bail!("could not log in to {}: {error}", account.url);
            }
            note(format!(
                "added account {} ({} at {}); `dateline sync` brings its subscriptions",
                account.name, account.user, account.url
            ));
            Ok(())
        }
        AccountCommand::List { json } => list(library, json.json),
        AccountCommand::Remove { name } => {
            let Some(found) = library.account(&name)? else {
                bail!("no account named {name}; `dateline account list` shows them");
            };
            let dropped = library.remove_account(found.id)?;
            note(format!("removed account {}", found.name));
            if dropped > 0 {
                warn(format!(
                    "{} made here were not sent and are dropped",
                    count(usize::try_from(dropped).unwrap_or(0), "change")
                ));
            }
            Ok(())
        }
    }
}

fn list(library: &Library, json: bool) -> Result<()> {
    let accounts = library.accounts()?;
    if json {
        return print::json(&accounts);
    }
    let mut out = print::stdout();
    if accounts.is_empty() {
        note("no accounts yet; `dateline account add greader URL --user NAME` adds one");
    }
    for account in &accounts {
        let last = match account.last_sync {
            Some(when) => when
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => "never".into(),
        };
        out.line(format!(
            "{}  {} at {}  last sync {last}  {} waiting{}",
            account.name,
            account.user,
            account.url,
            count(usize::try_from(account.queued).unwrap_or(0), "change"),
            account
                .last_error
                .as_ref()
                .map(|e| format!("  last error: {e}"))
                .unwrap_or_default()
        ))?;
    }
    out.flush()?;
    Ok(())
}

/// `dateline sync`: every account, or the one named.
pub fn sync(library: &mut Library, config: &Config, only: Option<&str>, json: bool) -> Result<()> {
    let accounts = match only {
        Some(name) => match library.account(name)? {
            Some(account) => vec![account],
            None => bail!("no account named {name}; `dateline account list` shows them"),
        },
        None => library.accounts()?,
    };
    if accounts.is_empty() {
        bail!("no accounts yet; `dateline account add greader URL --user NAME` adds one");
    }
    let bar = Bar::new(!json);
    library.set_progress(bar.feeder());
    let mut reports = Vec::new();
    for account in &accounts {
        let report = sync_account(library, account, credentials(config), &mut |step| {
            show_progress(&bar, &step);
        });
        reports.push(report);
    }
    bar.finish();
    if json {
        #[derive(Serialize)]
        struct Out<'a> {
            accounts: &'a [AccountReport],
        }
        print::json(&Out { accounts: &reports })?;
    }
    for report in &reports {
        say_report(report, !json);
    }
    let failed: Vec<String> = reports.iter().filter_map(error_line).collect();
    match (failed.len(), reports.len()) {
        (0, _) => Ok(()),
        // One account: its own line is the error, said once.
        (1, 1) => bail!("{}", failed[0]),
        (f, n) if f == n => {
            failed.iter().for_each(warn);
            bail!("no account could be synced")
        }
        _ => {
            failed.iter().for_each(warn);
            Ok(())
        }
    }
}

/// A sync's step on the progress bar.
pub fn show_progress(bar: &Bar, step: &SyncProgress) {
    let (doing, units, done, total) = match step {
        SyncProgress::Started { .. } => ("connecting", "", 0, 0),
        SyncProgress::Sending { done, total, .. } => ("sending", "changes", *done, *total),
        SyncProgress::Subscriptions { .. } => ("reading", "subscriptions", 0, 0),
        SyncProgress::Fetching { done, total, .. } => ("syncing", "new items", *done, *total),
        SyncProgress::State { .. } => ("reading", "read and starred", 0, 0),
        SyncProgress::Finished { .. } => return,
    };
    bar.count(doing, units, done, total);
}

/// A report in a line or a few: what came and what went (when `summary`), and what was left out.
/// The error, if any, is [`error_line`]'s to say.
pub fn say_report(report: &AccountReport, summary: bool) {
    let mut done = vec![
        format!("{} new", count(report.new, "article")),
        format!("{} sent", count(report.sent, "change")),
    ];
    if report.read_changed + report.starred_changed > 0 {
        done.push(format!(
            "{} from the server",
            count(report.read_changed + report.starred_changed, "state change")
        ));
    }
    if report.feeds_added + report.feeds_removed > 0 {
        done.push(format!(
            "feeds {} added, {} removed",
            report.feeds_added, report.feeds_removed
        ));
    }
    if summary && !report.failed() {
        note(format!("{}: {}", report.account, done.join(", ")));
    }
    if report.missing > 0 {
        warn(format!(
            "{}: {} listed by the server did not come when asked for; asked for again next sync",
            report.account,
            count(report.missing, "item")
        ));
    }
    for bad in &report.bad_items {
        warn(format!("{}: left out {bad}", report.account));
    }
}

/// The one line for a sync that failed: why, and that what came before is kept.
pub fn error_line(report: &AccountReport) -> Option<String> {
    let error = report.error.as_ref()?;
    let waiting = match report.waiting {
        0 => String::new(),
        n => format!(
            "; {} waiting",
            count(usize::try_from(n).unwrap_or(0), "change")
        ),
    };
    let offline = if report.offline { "offline: " } else { "" };
    Some(format!(
        "{}: {offline}sync stopped: {error}; what came before is kept, the next sync goes on{waiting}",
        report.account
    ))
}
