//! The screen's output for terminals with 16 colours. crossterm sends every colour as an index
//! (`38;5;9`), which a 16-colour terminal (`TERM=xterm`, the Linux console) may not understand;
//! on such a terminal the 16 colours are rewritten to their own codes (`91`, `4N`, `10N`) on the
//! way out, and underline colours, which it has no code for, are left out.

use std::io::{self, Write};

use crate::config::theme::ColorDepth;

const ESC: u8 = 0x1b;
/// A control sequence longer than this is passed on as it is rather than held.
const LONGEST_SEQUENCE: usize = 256;

/// Passes everything to `inner`, rewriting the colour parameters of SGR sequences when the
/// terminal has 16 colours. Sequences split across writes are held until they are whole.
pub struct Sgr16<W: Write> {
    inner: W,
    rewrite: bool,
    /// An escape sequence begun but not yet ended.
    pending: Vec<u8>,
}

impl<W: Write> Sgr16<W> {
    pub fn new(inner: W, depth: ColorDepth) -> Sgr16<W> {
        Sgr16 {
            inner,
            rewrite: depth == ColorDepth::Ansi16,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Sgr16<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.rewrite {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &byte in buf {
            if self.pending.is_empty() {
                if byte == ESC {
                    self.pending.push(byte);
                } else {
                    out.push(byte);
                }
                continue;
            }
            self.pending.push(byte);
            let is_csi = self.pending[1] == b'[';
            let ended = self.pending.len() > 2 && (0x40..=0x7e).contains(&byte);
            if !is_csi || self.pending.len() > LONGEST_SEQUENCE {
                out.append(&mut self.pending);
            } else if ended {
                if byte == b'm' {
                    out.extend(rewrite_sgr(&self.pending[2..self.pending.len() - 1]));
                    self.pending.clear();
                } else {
                    out.append(&mut self.pending);
                }
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `ESC [ params m` with indexed colours 0-15 as 16-colour codes.
fn rewrite_sgr(params: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(params);
    let parts: Vec<&str> = text.split(';').collect();
    let mut kept: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let index = match (parts.get(i + 1), parts.get(i + 2)) {
            (Some(&"5"), Some(n)) => n.parse::<u8>().ok().filter(|n| *n < 16),
            _ => None,
        };
        match (parts[i], index) {
            ("38", Some(n)) => kept.push(if n < 8 { 30 + n } else { 82 + n }.to_string()),
            ("48", Some(n)) => kept.push(if n < 8 { 40 + n } else { 92 + n }.to_string()),
            ("58", Some(_)) => {}
            (part, _) => {
                kept.push(part.to_string());
                i += 1;
                continue;
            }
        }
        i += 3;
    }
    format!("\x1b[{}m", kept.join(";")).into_bytes()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn through(depth: ColorDepth, writes: &[&str]) -> String {
        let mut writer = Sgr16::new(Vec::new(), depth);
        for piece in writes {
            writer.write_all(piece.as_bytes()).unwrap();
        }
        String::from_utf8(writer.inner).unwrap()
    }

    #[test]
    fn the_sixteen_colours_get_their_own_codes() {
        let sixteen = ColorDepth::Ansi16;
        assert_eq!(through(sixteen, &["\x1b[38;5;1mred"]), "\x1b[31mred");
        assert_eq!(through(sixteen, &["\x1b[38;5;9m"]), "\x1b[91m");
        assert_eq!(through(sixteen, &["\x1b[48;5;4m"]), "\x1b[44m");
        assert_eq!(through(sixteen, &["\x1b[48;5;15m"]), "\x1b[107m");
        assert_eq!(
            through(sixteen, &["\x1b[1;38;5;2;48;5;8;4m"]),
            "\x1b[1;32;100;4m"
        );
        assert_eq!(through(sixteen, &["\x1b[58;5;3;4m"]), "\x1b[4m");
    }

    #[test]
    fn sequences_split_across_writes_are_rewritten_whole() {
        let out = through(ColorDepth::Ansi16, &["a\x1b[38;", "5;1", "1mb"]);
        assert_eq!(out, "a\x1b[93mb");
    }

    #[test]
    fn everything_else_passes_as_it_is() {
        let sixteen = ColorDepth::Ansi16;
        let others = "\x1b[2J\x1b[5;10H\x1b]52;c;aGk=\x07\x1b[0m\x1b[38;5;200m plain";
        assert_eq!(through(sixteen, &[others]), others);
        let indexed = "\x1b[38;5;1m";
        assert_eq!(through(ColorDepth::Ansi256, &[indexed]), indexed);
    }
}
