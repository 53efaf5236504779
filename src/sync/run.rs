//! One sync of one account, start to end: log in if needed, send what waits, bring down
//! subscriptions, new items and state, and record how it went. A failure at any step ends the
//! sync with one line and keeps everything done before it.

use std::time::Instant;

use chrono::Utc;
use serde::Serialize;

use super::client::{Client, Secret, Traffic};
use super::password::Credentials;
use super::{SyncError, pull, push};
use crate::library::Library;
use crate::store::Account;

/// Where a running sync is, for a progress line or a status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum SyncProgress {
    Started {
        account: String,
    },
    /// Changes made here going to the server.
    Sending {
        account: String,
        done: usize,
        total: usize,
    },
    Subscriptions {
        account: String,
    },
    /// New items being fetched.
    Fetching {
        account: String,
        done: usize,
        total: usize,
    },
    /// Read and starred state coming down.
    State {
        account: String,
    },
    /// The sync ended; `error` says why when it failed.
    Finished {
        account: String,
        error: Option<String>,
    },
}

/// How one account's sync went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccountReport {
    pub account: String,
    /// Changes made here that the server took.
    pub sent: usize,
    /// Changes still waiting (after a failure, or made during the sync).
    pub waiting: i64,
    pub feeds_added: usize,
    pub feeds_removed: usize,
    pub new: usize,
    pub read_changed: usize,
    pub starred_changed: usize,
    /// Items listed by the server and not sent when asked for: asked for again next time.
    pub missing: usize,
    /// Items the server sent that could not be read, one reason each.
    pub bad_items: Vec<String>,
    pub traffic: Traffic,
    pub seconds: f64,
    /// Why it stopped, if it failed; what was done before is kept.
    pub error: Option<String>,
    /// The server could not be reached: the changes wait.
    pub offline: bool,
}

impl AccountReport {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }
}

fn client_for<'a>(
    library: &Library,
    account: &Account,
    credentials: Credentials<'a>,
) -> Result<Client<'a>, SyncError> {
    let token = library.account_token(account.id)?.map(Secret::new);
    let for_password = account.clone();
    let password = Box::new(move || credentials.password(&for_password));
    Ok(Client::new(
        &account.url,
        &account.user,
        token,
        password,
        credentials.request_timeout,
    ))
}

/// Keeps a token the client got, and ends the run of writes.
fn finish(library: &mut Library, client: &mut Client<'_>, account: &Account) {
    if let Some(token) = client.take_renewed() {
        let _ = library.set_account_token(account.id, Some(token.expose()));
    }
    let _ = library.settle();
}

/// Logs in to check an account's address, user and password, and keeps the token.
pub fn log_in(
    library: &mut Library,
    account: &Account,
    credentials: Credentials<'_>,
) -> Result<(), SyncError> {
    let mut client = client_for(library, account, credentials)?;
    client.login()?;
    // A call that needs the login, so a server that takes any password is caught too.
    client.get("user-info", &[("output", "json")], "the login check")?;
    finish(library, &mut client, account);
    Ok(())
}

/// Syncs one account. Never fails as a whole: a failure is the report's `error`.
pub fn sync_account(
    library: &mut Library,
    account: &Account,
    credentials: Credentials<'_>,
    progress: &mut dyn FnMut(SyncProgress),
) -> AccountReport {
    let started = Instant::now();
    let name = account.name.clone();
    progress(SyncProgress::Started {
        account: name.clone(),
    });
    let mut report = AccountReport {
        account: name.clone(),
        ..AccountReport::default()
    };
    let outcome = match client_for(library, account, credentials) {
        Ok(mut client) => {
            let outcome = steps(library, &mut client, account, &mut report, progress);
            report.traffic = client.traffic;
            finish(library, &mut client, account);
            outcome
        }
        Err(error) => Err(error),
    };
    let now = Utc::now();
    let recorded = match &outcome {
        Ok(newest) => library.record_sync(account.id, now, None, *newest),
        Err(error) => {
            report.offline = error.is_offline();
            report.error = Some(error.to_string());
            library.record_sync(account.id, now, Some(&error.to_string()), None)
        }
    };
    if let (Err(error), None) = (recorded, &report.error) {
        report.error = Some(error.to_string());
    }
    report.waiting = library
        .account_by_id(account.id)
        .ok()
        .flatten()
        .map_or(0, |a| a.queued);
    report.seconds = started.elapsed().as_secs_f64();
    progress(SyncProgress::Finished {
        account: name,
        error: report.error.clone(),
    });
    report
}

/// The steps in order; returns the crawl mark to keep.
fn steps(
    library: &mut Library,
    client: &mut Client<'_>,
    account: &Account,
    report: &mut AccountReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<Option<i64>, SyncError> {
    let name = || account.name.clone();
    report.sent = push::push(library, client, account.id, |done, total| {
        progress(SyncProgress::Sending {
            account: name(),
            done,
            total,
        });
    })?;
    progress(SyncProgress::Subscriptions { account: name() });
    let feeds = pull::subscriptions(library, client, account.id)?;
    report.feeds_added = feeds.added;
    report.feeds_removed = feeds.removed;
    let pulled = pull::new_items(
        library,
        client,
        account.id,
        account.newest_crawl,
        |done, total| {
            progress(SyncProgress::Fetching {
                account: name(),
                done,
                total,
            });
        },
    )?;
    report.new = pulled.new;
    report.missing = pulled.missing;
    report.bad_items = pulled.bad;
    progress(SyncProgress::State { account: name() });
    let state = pull::state(library, client, account.id)?;
    report.read_changed = state.read_changed;
    report.starred_changed = state.starred_changed;
    Ok(pulled.newest)
}

/// Syncs every account, one after another.
pub fn sync_all(
    library: &mut Library,
    credentials: Credentials<'_>,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<Vec<AccountReport>, SyncError> {
    let accounts = library.accounts()?;
    Ok(accounts
        .iter()
        .map(|account| sync_account(library, account, credentials, progress))
        .collect())
}

/// Sends what waits for one account now (after a subscription change made here), without
/// bringing anything down. `Err` when the server could not take it: the changes still wait.
pub fn push_now(
    library: &mut Library,
    account: &Account,
    credentials: Credentials<'_>,
) -> Result<usize, SyncError> {
    let mut client = client_for(library, account, credentials)?;
    let sent = push::push(library, &mut client, account.id, |_, _| {});
    finish(library, &mut client, account);
    sent
}
