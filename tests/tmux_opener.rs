//! End to end in a real terminal: a terminal browser opened with `o` outside tmux gets the
//! terminal and every key (Ctrl-C too) until it ends, then the screen is back as it was. The
//! browser here is a script (as a wrapper around w3m would be), named so by
//! `opener_in_terminal`. Skipped when tmux is not installed.

mod common;
mod tmux_support;

use std::os::unix::fs::PermissionsExt;

use anyhow::{Result, ensure};
use tmux_support::{
    Tmux, configure, imported, quoted, shell_is_back, start_dateline_with, tmux_installed,
    wait_for_file,
};

#[test]
fn a_terminal_browser_has_the_terminal_and_its_keys_until_it_ends() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let answer = tmux.dir.path().join("answer.txt");
    // A browser that shows the link, asks for a line (numbering its runs, as what the first
    // printed stays on the terminal's main screen) and writes down what it was given.
    let browser = tmux.dir.path().join("browse");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nrun=$(($(cat {runs} 2>/dev/null || echo 0) + 1))\necho $run > {runs}\n\
             printf 'BROWSING %s\\n' \"$1\"\nprintf 'say something (%s): ' $run\nread answer\n\
             printf '%s\\n' \"$answer\" > {answer}\n",
            runs = quoted(&tmux.dir.path().join("runs").to_string_lossy()),
            answer = quoted(&answer.to_string_lossy())
        ),
    )?;
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755))?;
    configure(
        &tmux,
        &format!(
            "opener = {}\nopener_in_terminal = true\n",
            toml::Value::String(browser.to_string_lossy().into_owned())
        ),
    )?;
    // Outside tmux, as over a plain ssh session: no new window to send the browser to.
    start_dateline_with(&tmux, &data, &[("TMUX", "")])?;
    tmux.keys(&["o"])?;
    let screen = tmux.wait_for("the browser", |s| s.contains("say something (1):"))?;
    ensure!(
        screen.contains("BROWSING https://example.org/rotterdam/electric-tug"),
        "the browser was not given the selected article's link:\n{screen}"
    );
    ensure!(
        !screen.contains(" LIST "),
        "the screen still shows:\n{screen}"
    );
    // Keys typed now are the browser's: the screen reads none of them (`j` would move, `q` quit).
    tmux.type_text("jjq harbour")?;
    tmux.keys(&["Enter"])?;
    let screen = tmux.wait_for("the screen again", |s| {
        s.contains(" LIST ") && s.contains("back from")
    })?;
    ensure!(
        screen.contains("Rotterdam harbour pilots try an electric tug"),
        "the list is not drawn again:\n{screen}"
    );
    // Written whole as the browser ends: the line and its newline.
    let given = wait_for_file(&answer, |text| text.ends_with('\n'))?;
    ensure!(
        given.trim() == "jjq harbour",
        "the browser was given {given:?}"
    );
    // Ctrl-C in the browser (w3m's way to stop a page loading) is the browser's: the terminal
    // sends it to the screen too, which must not end.
    tmux.keys(&["o"])?;
    tmux.wait_for("the browser again", |s| s.contains("say something (2):"))?;
    tmux.keys(&["C-c"])?;
    tmux.wait_for("the screen after Ctrl-C", |s| {
        s.contains(" LIST ") && s.contains("could not open")
    })?;
    // The screen reads keys again: q quits it, and the shell sees a clean exit, not 130.
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}
