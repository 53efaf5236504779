//! What the screen asks of the terminal outside ratatui: the clipboard through OSC 52 (which
//! travels over ssh and, wrapped, through tmux), opening links, and restoring the terminal on the
//! way out whatever the way out is.

use std::io::Write;
use std::process::{Command, ExitStatus, Stdio};

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as OSC 52 wants it.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The escape sequences that put `text` on the clipboard: plain OSC 52, and inside tmux also the
/// same wrapped for tmux's passthrough, for when tmux does not take OSC 52 from programs itself.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let plain = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    if !in_tmux {
        return plain;
    }
    let wrapped = format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b"));
    format!("{plain}{wrapped}")
}

/// Writes the clipboard sequences to the terminal.
pub fn copy(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    out.write_all(osc52(text, in_tmux).as_bytes())?;
    out.flush()
}

/// Browsers that draw in the terminal, which must have it to themselves while they run.
pub fn runs_in_terminal(opener: &str) -> bool {
    let program = opener.split_whitespace().next().unwrap_or("");
    let name = program.rsplit('/').next().unwrap_or(program);
    matches!(
        name,
        "w3m" | "lynx" | "links" | "elinks" | "browsh" | "carbonyl" | "less" | "more"
    )
}

/// The command that opens links: the config's `opener`, else `$BROWSER` (only its first entry
/// when it is a colon-separated list).
pub fn opener(configured: Option<&str>) -> Option<String> {
    configured
        .map(str::to_owned)
        .or_else(|| std::env::var("BROWSER").ok())
        .and_then(|value| value.split(':').next().map(str::trim).map(str::to_owned))
        .filter(|value| !value.is_empty())
}

/// The shell script that runs `opener` on the URL given as its first argument (`$1`).
fn opener_script(opener: &str) -> String {
    if opener.contains("%u") {
        opener.replace("%u", "\"$1\"")
    } else {
        format!("{opener} \"$1\"")
    }
}

/// `sh` running `opener` on `url` (see `open`).
fn opener_command(opener: &str, url: &str) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(opener_script(opener))
        .arg("dateline")
        .arg(url);
    command
}

/// Where a link went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// A graphical browser has it.
    Outside,
    /// A terminal browser runs in a new tmux window.
    TmuxWindow,
    /// A terminal browser needs this terminal: see `run_in_foreground`.
    NeedsTerminal,
}

/// Runs `opener URL` through the shell (so an opener may carry arguments; a `%u` in it, as in
/// newsboat's `browser`, stands where the URL goes), the URL passed as an argument, never pasted
/// into the command line (callers pass only `safe_url`s, which start with their scheme, so the
/// URL cannot pose as an option). A terminal browser (`in_terminal`) goes to a new tmux window
/// when there is tmux; without, it needs this terminal, which the caller hands it with
/// `run_in_foreground`. `failed` is called, on a thread of its own, with how the opener ended if
/// it ended in failure.
pub fn open(
    opener: &str,
    in_terminal: bool,
    url: &str,
    failed: impl FnOnce(String) + Send + 'static,
) -> std::io::Result<Opened> {
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    let (mut command, opened) = match (in_terminal, in_tmux) {
        (false, _) => (opener_command(opener, url), Opened::Outside),
        (true, true) => {
            let mut command = Command::new("tmux");
            let script = opener_script(opener);
            command.args(["new-window", "--", "sh", "-c", &script, "dateline", url]);
            (command, Opened::TmuxWindow)
        }
        (true, false) => return Ok(Opened::NeedsTerminal),
    };
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reaped on a thread of its own, so no finished browser lingers as a zombie; a browser
    // that could not start (127: no such command) or failed says so.
    std::thread::spawn(move || {
        if let Some(why) = child.wait().ok().and_then(failure) {
            failed(why);
        }
    });
    Ok(opened)
}

/// The terminal itself, which the screen draws on cell by cell (ratatui drops control characters
/// from every cell, so text from outside reaches it clean).
#[allow(clippy::disallowed_methods)]
pub fn output() -> std::io::Stdout {
    std::io::stdout()
}

/// Clicks and the wheel reported to the screen while it lives (`mouse = true`); the terminal's
/// own selection is back once it is dropped.
pub struct MouseCapture;

impl MouseCapture {
    pub fn start() -> std::io::Result<MouseCapture> {
        crossterm::execute!(output(), crossterm::event::EnableMouseCapture)?;
        Ok(MouseCapture)
    }
}

impl Drop for MouseCapture {
    fn drop(&mut self) {
        let _ = crossterm::execute!(output(), crossterm::event::DisableMouseCapture);
    }
}

/// Pasted text arrives marked as a paste while the screen lives, so a pasted line break is no
/// Enter and the letters after it are no commands.
pub struct BracketedPaste;

impl BracketedPaste {
    pub fn start() -> std::io::Result<BracketedPaste> {
        crossterm::execute!(output(), crossterm::event::EnableBracketedPaste)?;
        Ok(BracketedPaste)
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        let _ = crossterm::execute!(output(), crossterm::event::DisableBracketedPaste);
    }
}

/// Ctrl-Z: puts the terminal back as the shell had it, stops the process as the shell's job
/// control expects (SIGTSTP), and once `fg` continues it sets the screen up again as it was
/// (the caller draws it whole). Under no job control the stop does not happen and the screen is
/// simply back.
pub fn suspend(mouse: bool) -> std::io::Result<()> {
    leave_screen(mouse)?;
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enter_screen(mouse)
}

/// Runs `opener URL` (see `open`) in the foreground with the terminal to itself, as it was before
/// the screen started, and waits for it to end; then the screen takes the terminal back. The
/// caller stops its key reader first, or the two would share the keys.
/// The outer error is the terminal's (the screen cannot go on), the inner one the program's.
pub fn run_in_foreground(
    opener: &str,
    url: &str,
    mouse: bool,
) -> std::io::Result<std::io::Result<ExitStatus>> {
    leave_screen(mouse)?;
    let ran = opener_command(opener, url).status();
    enter_screen(mouse)?;
    Ok(ran)
}

/// How a program that failed ended; `None` when it succeeded.
pub fn failure(status: ExitStatus) -> Option<String> {
    match status.code() {
        _ if status.success() => None,
        Some(127) => Some("no such command".to_string()),
        Some(code) => Some(format!("exited with status {code}")),
        None => Some("ended by a signal".to_string()),
    }
}

/// The terminal as the shell had it: no mouse reports, no bracketed paste, the main screen, the
/// cursor shown, no raw mode.
fn leave_screen(mouse: bool) -> std::io::Result<()> {
    use crossterm::{cursor, event, terminal};
    if mouse {
        crossterm::execute!(output(), event::DisableMouseCapture)?;
    }
    crossterm::execute!(
        output(),
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    )?;
    terminal::disable_raw_mode()
}

/// The terminal as the screen has it, undoing `leave_screen`.
fn enter_screen(mouse: bool) -> std::io::Result<()> {
    use crossterm::{cursor, event, terminal};
    terminal::enable_raw_mode()?;
    crossterm::execute!(
        output(),
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    if mouse {
        crossterm::execute!(output(), event::EnableMouseCapture)?;
    }
    Ok(())
}

/// Restores the terminal when dropped: on a normal quit and on an error return alike (ratatui's
/// panic hook covers panics).
pub struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn osc52_is_wrapped_for_tmux() {
        assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x07");
        let both = osc52("hi", true);
        assert!(both.starts_with("\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"));
    }

    #[test]
    fn terminal_browsers_are_known() {
        assert!(runs_in_terminal("/usr/bin/w3m -o x"));
        assert!(!runs_in_terminal("firefox"));
    }

    #[test]
    fn an_opener_takes_the_url_at_its_percent_u_and_says_when_it_fails() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let written = dir.path().join("opened");
        let url = "https://example.org/a b";
        let opener = format!("printf '%s|' %u --new-tab > '{}'", written.display());
        let (tell, told) = std::sync::mpsc::channel();
        let never = move |why: String| {
            let _ = tell.send(why);
        };
        assert_eq!(open(&opener, false, url, never).ok(), Some(Opened::Outside));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut got = String::new();
        while got.is_empty() && std::time::Instant::now() < deadline {
            got = std::fs::read_to_string(&written).unwrap_or_default();
        }
        assert_eq!(got, "https://example.org/a b|--new-tab|");
        assert!(
            told.recv_timeout(std::time::Duration::from_millis(200))
                .is_err()
        );
        for (opener, why) in [
            ("/nonexistent/browser", "no such command"),
            ("false", "exited with status 1"),
        ] {
            let (tell, told) = std::sync::mpsc::channel();
            let failed = move |why: String| {
                let _ = tell.send(why);
            };
            assert!(open(opener, false, url, failed).is_ok());
            let said = told.recv_timeout(std::time::Duration::from_secs(10));
            assert_eq!(said.as_deref(), Ok(why));
        }
    }
}
