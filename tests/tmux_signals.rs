//! The screen ends cleanly when told to from outside: SIGTERM puts the terminal back as it was,
//! and a terminal that goes away (an ssh connection dropped, a tmux window killed) ends the
//! process instead of leaving it running. Skipped when tmux is not installed.

mod common;
mod tmux_support;

use std::process::Command;
use std::time::Instant;

use anyhow::{Result, ensure};
use tmux_support::{
    POLL, SESSION, TIMEOUT, Tmux, imported, running, shell_is_back, start_dateline, tmux_installed,
};

/// Sends `signal` to a running screen and checks the shell is back with 128 + `number`, the
/// status a shell reports for a process that signal ended.
fn signal_restores_the_terminal(signal: &str, number: i32) -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let pid = start_dateline(&tmux, &data)?;
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()?;
    ensure!(sent.success(), "kill -{signal} {pid}");
    shell_is_back(&tmux, 128 + number)
}

#[test]
fn sigterm_restores_the_terminal() -> Result<()> {
    signal_restores_the_terminal("TERM", 15)
}

#[test]
fn sighup_restores_the_terminal_too() -> Result<()> {
    signal_restores_the_terminal("HUP", 1)
}

#[test]
fn a_terminal_that_goes_away_ends_dateline() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let pid = start_dateline(&tmux, &data)?;
    // A second window keeps the server up; killing the first closes dateline's terminal.
    // `dateline:` names the session: plain `dateline` can mean the window that tmux named after
    // the program running in it, whose index is taken.
    tmux.command(&["new-window", "-d", "-t", &format!("{SESSION}:")])?;
    tmux.command(&["kill-pane", "-t", &format!("{SESSION}:0.0")])?;
    let started = Instant::now();
    while running(pid) {
        ensure!(
            started.elapsed() < TIMEOUT,
            "dateline {pid} still runs after its terminal closed"
        );
        std::thread::sleep(POLL);
    }
    Ok(())
}
