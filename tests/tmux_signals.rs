//! The screen and the terminal around it: SIGTERM puts the terminal back as it was, a terminal
//! that goes away (an ssh connection dropped, a tmux window killed) ends the process instead of
//! leaving it running, Ctrl-Z suspends to the shell and `fg` brings the screen back, and pasted
//! text is text (bracketed paste), never keys. Skipped when tmux is not installed.

mod common;
mod tmux_support;

use std::process::Command;
use std::time::Instant;

use anyhow::{Result, ensure};
use tmux_support::{
    POLL, SESSION, TIMEOUT, Tmux, imported, running, shell_has_the_pane, shell_is_back,
    start_dateline, tmux_installed,
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

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_screen_back() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let pid = start_dateline(&tmux, &data)?;
    tmux.keys(&["C-z"])?;
    // The shell has the terminal again, on the normal screen, and dateline is stopped, not gone.
    shell_has_the_pane(&tmux, "Ctrl-Z did not suspend dateline")?;
    let stopped = tmux.wait_for("the job stopped", |s| s.contains("Stopped"))?;
    ensure!(!stopped.contains(" LIST "), "{stopped}");
    ensure!(
        tmux.format("#{alternate_on}")? == "0",
        "still on the alternate screen"
    );
    ensure!(running(pid), "dateline ended instead of stopping");
    tmux.run("fg")?;
    // Back, drawn whole, and reading keys: `/` opens the search box.
    tmux.wait_for("the list again", |s| {
        s.contains(" Articles 6") && s.contains(" LIST ")
    })?;
    tmux.keys(&["/"])?;
    tmux.wait_for("the search box", |s| s.contains(" SEARCH "))?;
    // Esc and q sent at once would read as Alt-q.
    tmux.keys(&["Escape"])?;
    tmux.wait_for("the list", |s| s.contains(" LIST "))?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn a_paste_goes_into_the_search_box_and_runs_no_keys() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    start_dateline(&tmux, &data)?;
    let unread = |s: &str| {
        s.lines()
            .rev()
            .find(|l| l.contains(" unread"))
            .map(str::to_owned)
    };
    let before = tmux.wait_for("the counts", |s| unread(s).is_some())?;
    tmux.keys(&["/"])?;
    tmux.wait_for("the search box", |s| s.contains(" SEARCH "))?;
    // After the newline: `A` would mark every article read, `s` star one, `x` hide one.
    tmux.command(&["set-buffer", "-b", "pasted", "harbour\nAsx"])?;
    tmux.command(&["paste-buffer", "-p", "-b", "pasted", "-t", SESSION])?;
    let screen = tmux.wait_for("the pasted query", |s| s.contains("harbour Asx"))?;
    ensure!(
        screen.contains(" SEARCH "),
        "the newline submitted the search:\n{screen}"
    );
    tmux.keys(&["Escape"])?;
    let after = tmux.wait_for("the list", |s| s.contains(" LIST ") && unread(s).is_some())?;
    ensure!(
        unread(&after) == unread(&before),
        "a pasted key changed the marks:\n{after}"
    );
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}
