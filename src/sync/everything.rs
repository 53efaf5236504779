//! "Refresh everything": the feeds dateline fetches itself, then every sync account. What the
//! screen's `r`/`R`/auto-refresh and `dateline refresh` call.

use serde::Serialize;

use super::password::Credentials;
use super::run::{AccountReport, SyncProgress, sync_account};
use crate::fetch::refresh::{FeedResult, RefreshOptions, RefreshReport, refresh};
use crate::library::{Library, LibraryError};
use crate::store::Feed;

/// Where a refresh of everything is.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    /// One feed fetched (of `total`).
    Feed {
        done: usize,
        total: usize,
        result: &'a FeedResult,
    },
    Sync(SyncProgress),
}

/// How a refresh of everything went.
#[derive(Debug, Default, Serialize)]
pub struct EverythingReport {
    /// The feeds fetched here; `None` when there were none to fetch.
    pub feeds: Option<RefreshReport>,
    pub accounts: Vec<AccountReport>,
}

impl EverythingReport {
    /// New articles from feeds and accounts together.
    pub fn new_articles(&self) -> usize {
        self.feeds.as_ref().map_or(0, |r| r.new)
            + self.accounts.iter().map(|a| a.new).sum::<usize>()
    }
}

/// Refreshes `feeds` (or, with `None`, every feed that belongs to no account), then syncs every
/// account. A feed or an account that fails is a line in the report, not an error; only the
/// store failing is.
pub fn refresh_everything(
    library: &mut Library,
    feeds: Option<Vec<Feed>>,
    options: &RefreshOptions,
    credentials: Credentials<'_>,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<EverythingReport, LibraryError> {
    let feeds = match feeds {
        Some(feeds) => feeds,
        None => library.own_feeds()?,
    };
    let mut report = EverythingReport::default();
    if !feeds.is_empty() {
        report.feeds = Some(refresh(library, feeds, options, |done, total, result| {
            progress(Progress::Feed {
                done,
                total,
                result,
            });
        })?);
    }
    for account in library.accounts()? {
        let done = sync_account(library, &account, credentials, &mut |step| {
            progress(Progress::Sync(step));
        });
        report.accounts.push(done);
    }
    Ok(report)
}
