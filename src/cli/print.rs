//! The one way the command line writes text for people: every line is cleaned of control
//! sequences and zero-width characters on its way out, whichever command printed it, so a name or
//! a title that slipped past the cleaning at the door still cannot reach the terminal raw.
//!
//! `println!`, `eprintln!` and direct `std::io::stdout()`/`stderr()` are refused by clippy in the
//! library (see `clippy.toml`); this module is the only place allowed to use them.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::fmt::Display;
use std::io::{BufWriter, IsTerminal, StdoutLock, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use indicatif::ProgressBar;

use serde::Serialize;

use crate::ingest::sanitize::{is_invisible_char, strip_controls};

/// Standard output for text: lines cleaned, and cut to the terminal's width when asked.
pub struct Out {
    out: BufWriter<StdoutLock<'static>>,
    /// Columns of the terminal when stdout is one.
    width: Option<usize>,
    /// Whether marks may be drawn with the terminal's bold (a terminal, and no `NO_COLOR`).
    styled: bool,
}

/// Standard output, locked for the command's lines.
pub fn stdout() -> Out {
    let on_terminal = std::io::stdout().is_terminal();
    let width = on_terminal
        .then(crossterm::terminal::size)
        .and_then(Result::ok)
        .map(|(columns, _)| usize::from(columns));
    Out {
        out: BufWriter::new(std::io::stdout().lock()),
        width,
        styled: on_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

impl Out {
    /// One line (or several, for text with newlines), cleaned.
    pub fn line(&mut self, text: impl Display) -> std::io::Result<()> {
        writeln!(self.out, "{}", strip_controls(&text.to_string()))
    }

    /// One line cut to the terminal's width with `…`, so a long title cannot wrap a list.
    pub fn fitted(&mut self, text: impl Display) -> std::io::Result<()> {
        let clean = strip_controls(&text.to_string()).replace(['\n', '\t'], " ");
        match self.width {
            Some(width) => writeln!(self.out, "{}", crate::wrap::fit(&clean, width)),
            None => writeln!(self.out, "{clean}"),
        }
    }

    /// A line whose marked pieces are shown in bold on a terminal and in [brackets] elsewhere.
    /// The pieces are cleaned before the marks go round them, so only our own codes are sent.
    pub fn marked<'a>(
        &mut self,
        pieces: impl IntoIterator<Item = (&'a str, bool)>,
    ) -> std::io::Result<()> {
        let (open, close) = if self.styled {
            ("\x1b[1m", "\x1b[22m")
        } else {
            ("[", "]")
        };
        let mut line = String::new();
        for (text, is_mark) in pieces {
            let clean = strip_controls(text).replace('\n', " ");
            if is_mark {
                line.push_str(open);
                line.push_str(&clean);
                line.push_str(close);
            } else {
                line.push_str(&clean);
            }
        }
        writeln!(self.out, "{line}")
    }

    /// Text as it is, cleaned but not ended with a newline (a report that ends its own lines).
    pub fn text(&mut self, text: impl Display) -> std::io::Result<()> {
        write!(self.out, "{}", strip_controls(&text.to_string()))
    }

    /// Sends what is buffered; the command's output ends with it.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        // A closed pipe is reported by the explicit flush where it matters; here it is moot.
        let _ = self.out.flush();
    }
}

/// One JSON document on stdout. serde_json escapes the C0 control characters in strings (ESC
/// among them), so no escape sequence can start; the C1, bidi and invisible characters it
/// leaves are escaped here, since a file name from the disk was never cleaned at the door.
pub fn json(value: &impl Serialize) -> anyhow::Result<()> {
    JSON_PRINTED.store(true, Ordering::Relaxed);
    let text = serde_json::to_string_pretty(value)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", escape_invisible(text))?;
    Ok(())
}

/// One JSON document on one line of stdout (JSON Lines), flushed at once for whoever reads it
/// as it comes.
pub fn json_line(value: &impl Serialize) -> anyhow::Result<()> {
    JSON_PRINTED.store(true, Ordering::Relaxed);
    let text = serde_json::to_string(value)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", escape_invisible(text))?;
    out.flush()?;
    Ok(())
}

/// Whether a JSON document has been printed (so a failure after it prints no second one).
static JSON_PRINTED: AtomicBool = AtomicBool::new(false);

pub fn printed_json() -> bool {
    JSON_PRINTED.load(Ordering::Relaxed)
}

/// JSON with every character that cleaning would drop written as a `\u` escape: the same
/// document to a JSON reader, nothing but ASCII to a terminal. (Outside strings JSON holds only
/// ASCII, so every such character is inside one.)
fn escape_invisible(json: String) -> String {
    if !json.chars().any(is_invisible_char) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut units = [0u16; 2];
    for c in json.chars() {
        if is_invisible_char(c) {
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The progress bar being drawn on stderr, if any (see `progress.rs`).
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Tells which progress bar is drawn now (`None`: none), so lines go above it.
pub fn drawing(bar: Option<ProgressBar>) {
    *BAR.lock().unwrap_or_else(PoisonError::into_inner) = bar;
}

/// Writes with `write` above the progress bar being drawn, or plainly when there is none.
fn above_bar(write: impl FnOnce()) {
    let bar = BAR.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// A line for people on stderr, cleaned.
pub fn note(text: impl Display) {
    let line = strip_controls(&text.to_string());
    above_bar(|| eprintln!("{line}"));
}

/// A warning on stderr: `dateline: ` and the message, cleaned (messages quote file names and
/// values from outside).
pub fn warn(message: impl Display) {
    let line = strip_controls(&message.to_string());
    above_bar(|| eprintln!("dateline: {line}"));
}

/// Whether stdout is a terminal (the screen needs one).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Whether stderr is a terminal, where a progress bar may redraw its line.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Writes escape sequences of our own making (a desktop notification, the bell) to stderr as
/// they are: the one way around the cleaning, for text that never came from outside.
pub fn terminal_sequence(sequence: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(sequence.as_bytes());
    let _ = err.flush();
}

/// Asks for a secret on the terminal without showing it as it is typed; `None` when there is
/// no terminal or the person gives up (Esc, Ctrl-C).
pub fn read_secret(prompt: impl Display) -> Option<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    if !std::io::stdin().is_terminal() {
        return None;
    }
    {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}", strip_controls(&prompt.to_string()));
        let _ = err.flush();
    }
    crossterm::terminal::enable_raw_mode().ok()?;
    let mut secret = String::new();
    let answer = loop {
        let Ok(Event::Key(key)) = read() else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        match key.code {
            KeyCode::Enter => break Some(secret),
            KeyCode::Esc => break None,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => break None,
            KeyCode::Backspace => {
                secret.pop();
            }
            KeyCode::Char(c) => secret.push(c),
            _ => {}
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    answer
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_in_json_are_escaped_and_read_back_the_same() {
        let value = serde_json::json!({"path": "in/\u{202e}fdp.json", "tag": "a\u{e0041}b\u{85}"});
        let text = escape_invisible(serde_json::to_string(&value).unwrap());
        assert!(text.is_ascii(), "{text}");
        assert!(
            text.contains("\\u202e") && text.contains("\\udb40\\udc41"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
