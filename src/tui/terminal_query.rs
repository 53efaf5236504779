//! Asking the terminal which pictures it shows: ratatui-image's query (the kitty graphics probe,
//! the device attributes that list sixel, the cell size, and a status report every terminal
//! answers) written once, and the answer read here with a deadline. Reading with `poll` rather
//! than on a thread means that a terminal that never answers leaves nothing behind reading the
//! keyboard: the keys typed next reach the screen.

use std::io::Write;
use std::os::fd::AsFd;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ratatui_image::picker::ProtocolType;
use ratatui_image::picker::cap_parser::{Parser, QueryStdioOptions, Response};
use rustix::event::{PollFd, PollFlags, Timespec, poll};

use super::terminal;

/// What the environment says of the terminal beyond what it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Surroundings {
    /// Inside tmux: the query and the pictures go through its passthrough.
    pub tmux: bool,
    /// A terminal known by name to draw iTerm2's pictures, which it does not say when asked
    /// (iTerm2, WezTerm, and others; inside tmux, the terminal tmux runs in).
    pub iterm2: bool,
    /// WezTerm or Konsole, whose kitty and sixel support is not good enough to use.
    pub avoid_kitty_and_sixel: bool,
}

impl Surroundings {
    /// Read from the environment variables `get` gives.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Surroundings {
        let set = |name: &str| get(name).is_some_and(|v| !v.is_empty());
        let has = |name: &str, words: &[&str]| {
            get(name).is_some_and(|v| words.iter().any(|word| v.contains(word)))
        };
        let program = get("TERM_PROGRAM").unwrap_or_default();
        let tmux = get("TERM").is_some_and(|t| t.starts_with("tmux")) || program == "tmux";
        let iterm2_programs = [
            "iTerm",
            "WezTerm",
            "mintty",
            "vscode",
            "Tabby",
            "Hyper",
            "rio",
            "Bobcat",
            "WarpTerminal",
        ];
        let iterm2 = has("TERM_PROGRAM", &iterm2_programs)
            || has("LC_TERMINAL", &["iTerm"])
            || (tmux && (set("ITERM_SESSION_ID") || set("WEZTERM_EXECUTABLE")));
        Surroundings {
            tmux,
            iterm2,
            avoid_kitty_and_sixel: set("WEZTERM_EXECUTABLE") || set("KONSOLE_VERSION"),
        }
    }
}

/// The terminal's answer: what it said, up to its status report, and the cell size in pixels
/// when it said it or the terminal's size in pixels gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub responses: Vec<Response>,
    pub cell: Option<(u16, u16)>,
}

/// Reads an answer from `bytes` (as they came, in any number of pieces): every response up to
/// the status report. Returns whether the status report has come.
pub fn read_answer(parser: &mut Parser, bytes: &[u8], answer: &mut Answer) -> bool {
    for &byte in bytes {
        for response in parser.push(char::from(byte)) {
            match response {
                Response::Status => return true,
                Response::CellSize(Some(cell)) => {
                    answer.cell = Some(cell);
                    answer.responses.push(response);
                }
                other => answer.responses.push(other),
            }
        }
    }
    false
}

/// Writes the query and reads the answer until the status report or `timeout`. `None` when the
/// terminal did not finish answering in time (or cannot be written to or read).
pub fn ask(surroundings: Surroundings, timeout: Duration) -> Option<Answer> {
    if surroundings.tmux {
        // Pictures (and the query) reach the terminal tmux runs in only through passthrough.
        let _ = Command::new("tmux")
            .args(["set", "-p", "allow-passthrough", "on"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let mut options = QueryStdioOptions::default();
    if surroundings.avoid_kitty_and_sixel {
        options.blacklist_protocols = vec![ProtocolType::Kitty, ProtocolType::Sixel];
    }
    let query = Parser::query(surroundings.tmux, options);
    let mut out = terminal::output();
    out.write_all(query.as_bytes()).ok()?;
    out.flush().ok()?;
    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    let deadline = Instant::now() + timeout;
    let mut parser = Parser::new();
    let mut answer = Answer::default();
    let mut buffer = [0u8; 256];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        let wait = Timespec::try_from(left).ok()?;
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        if poll(&mut fds, Some(&wait)).ok()? == 0 {
            continue;
        }
        let read = rustix::io::read(fd, &mut buffer).ok()?;
        if read == 0 {
            return None;
        }
        if read_answer(&mut parser, &buffer[..read], &mut answer) {
            break;
        }
    }
    if answer.cell.is_none() {
        // Terminals that keep the cell size to themselves may still give the window's pixels.
        answer.cell = crossterm::terminal::window_size().ok().and_then(|size| {
            let (columns, rows) = (size.columns.max(1), size.rows.max(1));
            let cell = (size.width / columns, size.height / rows);
            (cell.0 > 0 && cell.1 > 0).then_some(cell)
        });
    }
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_in_pieces_is_read_up_to_the_status_report() {
        let mut parser = Parser::new();
        let mut answer = Answer::default();
        assert!(!read_answer(
            &mut parser,
            b"\x1b_Gi=31;OK\x1b\\\x1b[?62;",
            &mut answer
        ));
        assert!(read_answer(
            &mut parser,
            b"4c\x1b[6;20;10t\x1b[0nj",
            &mut answer
        ));
        assert!(answer.responses.contains(&Response::Kitty));
        assert!(answer.responses.contains(&Response::Sixel));
        assert_eq!(answer.cell, Some((10, 20)));
    }

    #[test]
    fn the_environment_names_tmux_and_iterm2() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        let tmux = Surroundings::from_env(env(&[("TERM", "tmux-256color")]));
        assert!(tmux.tmux && !tmux.iterm2);
        let wezterm = Surroundings::from_env(env(&[
            ("TERM_PROGRAM", "WezTerm"),
            ("WEZTERM_EXECUTABLE", "/usr/bin/wezterm"),
        ]));
        assert!(wezterm.iterm2 && wezterm.avoid_kitty_and_sixel && !wezterm.tmux);
        let plain = Surroundings::from_env(env(&[("TERM", "xterm-256color")]));
        assert_eq!(plain, Surroundings::default());
    }
}
