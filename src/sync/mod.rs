//! Sync with a server over the Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader):
//! accounts, the client, the items made drafts, and one sync (changes made here sent first, in the
//! order made; then the server's subscriptions, new items and state brought down).
//!
//! Everything goes through [`Library`](crate::library::Library); a sync cut short at any point
//! keeps what it stored and the next one takes up from there. [`refresh_everything`] is what a
//! screen calls to refresh feeds and sync every account.

mod client;
mod everything;
mod items;
mod password;
mod pull;
mod push;
mod run;

pub use client::{Secret, Traffic};
pub use everything::{EverythingReport, Progress, refresh_everything};
pub use password::Credentials;
pub use run::{AccountReport, SyncProgress, log_in, push_now, sync_account, sync_all};

use crate::fetch::FetchError;
use crate::library::LibraryError;

/// Why a sync with one account stopped. None of these messages holds a password or a token.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "the server refused the user name or password (FreshRSS and Miniflux want the API \
         password set in their profile settings, not the one for the web page)"
    )]
    BadPassword,
    #[error("the server refused the login token again after a new login")]
    TokenRefused,
    #[error("no password: {0}")]
    NoPassword(String),
    #[error("the server answered HTTP {code} to {what}")]
    Status { code: u16, what: &'static str },
    #[error("{what}: {source}")]
    Network {
        what: &'static str,
        source: FetchError,
    },
    #[error("the server's answer to {what} was cut short or unreadable: {reason}")]
    BadAnswer { what: &'static str, reason: String },
    #[error("bad server address: {0}")]
    BadAddress(String),
    #[error("the server did not take {what}: it answered {answer:?}")]
    Refused { what: &'static str, answer: String },
    #[error(transparent)]
    Library(#[from] LibraryError),
}

impl From<crate::store::StoreError> for SyncError {
    fn from(error: crate::store::StoreError) -> SyncError {
        SyncError::Library(error.into())
    }
}

impl SyncError {
    /// Whether the server could not be reached at all (the changes wait: "offline").
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            SyncError::Network {
                source: FetchError::Connect(_) | FetchError::Timeout { .. },
                ..
            }
        )
    }
}
