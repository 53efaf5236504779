//! Where an account's password comes from: the account's own `password_command`, the config's
//! `password_command`, `DATELINE_PASSWORD`, or a prompt (only on a terminal). dateline never
//! writes the password anywhere; only the login token the server gives back is kept.

use std::process::{Command, Stdio};
use std::time::Duration;

use super::SyncError;
use super::client::Secret;
use crate::store::Account;

/// Asks for a password on the terminal (given by the command line; a screen has none).
pub type Prompt<'a> = &'a dyn Fn(&Account) -> Option<String>;

/// The sources of passwords for a run, and how long a request may take.
#[derive(Clone, Copy)]
pub struct Credentials<'a> {
    /// `password_command` from the config.
    pub config_command: Option<&'a str>,
    pub prompt: Option<Prompt<'a>>,
    /// `sync_timeout` from the config.
    pub request_timeout: Duration,
}

impl Credentials<'_> {
    /// The password for `account`, from the first source that has one.
    pub fn password(&self, account: &Account) -> Result<Secret, SyncError> {
        let command = account
            .password_command
            .as_deref()
            .or(self.config_command)
            .filter(|c| !c.trim().is_empty());
        if let Some(command) = command {
            return run_command(command, account);
        }
        if let Some(password) = std::env::var_os("DATELINE_PASSWORD") {
            return Ok(Secret::new(password.to_string_lossy().into_owned()));
        }
        if let Some(prompt) = self.prompt
            && let Some(password) = prompt(account)
        {
            return Ok(Secret::new(password));
        }
        Err(SyncError::NoPassword(format!(
            "account {} needs a login: set password_command in the config, or DATELINE_PASSWORD, \
             or run `dateline sync` on a terminal",
            account.name
        )))
    }
}

/// Runs `sh -c COMMAND` (with `DATELINE_ACCOUNT`, `DATELINE_USER` and `DATELINE_URL` set) and
/// takes the first line it prints. What it prints is never shown, even when it fails.
fn run_command(command: &str, account: &Account) -> Result<Secret, SyncError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("DATELINE_ACCOUNT", &account.name)
        .env("DATELINE_USER", &account.user)
        .env("DATELINE_URL", &account.url)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| SyncError::NoPassword(format!("password_command could not run: {e}")))?;
    if !output.status.success() {
        return Err(SyncError::NoPassword(format!(
            "password_command failed ({})",
            output.status
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    if line.is_empty() {
        return Err(SyncError::NoPassword(
            "password_command printed nothing".into(),
        ));
    }
    Ok(Secret::new(line.to_string()))
}
