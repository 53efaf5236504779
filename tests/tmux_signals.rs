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

#[test]
fn sigterm_restores_the_terminal() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let pid = start_dateline(&tmux, &data)?;
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()?;
    ensure!(killed.success(), "kill -TERM {pid}");
    // 128 + 15: ended by SIGTERM, as the shell reports it.
    shell_is_back(&tmux, 143)
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
    tmux.command(&["new-window", "-d", "-t", SESSION])?;
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

#[test]
fn sighup_restores_the_terminal_too() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let pid = start_dateline(&tmux, &data)?;
    let hung_up = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()?;
    ensure!(hung_up.success(), "kill -HUP {pid}");
    // 128 + 1: ended by SIGHUP.
    shell_is_back(&tmux, 129)
}
