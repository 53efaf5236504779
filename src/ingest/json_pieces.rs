//! A JSON document cut into its top-level pieces by one linear scan, so that each piece is parsed on
//! its own: an item that does not parse, a feed cut off halfway, or one value past serde_json's depth
//! limit costs that item, not the file.
//!
//! The scan only follows strings and brackets; whether a piece is valid JSON is serde_json's to say,
//! piece by piece. `parse_piece` also mends the two things serde_json refuses in otherwise good JSON:
//! a lone UTF-16 surrogate in a `\u` escape (read as U+FFFD, as a bad byte is) and a number too large
//! for a float (read as `null`; `Overflowed` keeps it as written, for the message that leaves out
//! a field it holds).

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};

/// One value of a document, with the line of the file it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    /// 1-based line of the whole document.
    pub line: usize,
    /// 1-based column (in bytes, as serde_json counts) of that line.
    pub column: usize,
}

impl<'a> Piece<'a> {
    /// A whole document, or a line of JSON Lines.
    pub fn whole(text: &'a str, line: usize) -> Self {
        Piece {
            text,
            line,
            column: 1,
        }
    }
}

/// The pieces found, and where and why the scan stopped short of the closing bracket.
#[derive(Debug, PartialEq, Eq)]
pub struct Pieces<T> {
    pub found: Vec<T>,
    /// The document ended, or stopped being JSON, before its closing bracket.
    pub cut: Option<Cut>,
    /// Where something other than white space follows the closing bracket (line, column): the
    /// text only starts like JSON.
    pub trailing: Option<(usize, usize)>,
}

impl<T> Default for Pieces<T> {
    fn default() -> Self {
        Self {
            found: Vec::new(),
            cut: None,
            trailing: None,
        }
    }
}

impl<T> Pieces<T> {
    fn cut(mut self, cut: Cut) -> Self {
        self.cut = Some(cut);
        self
    }

    /// Just past the closing bracket: notes what follows it, if anything but white space does.
    fn closed(mut self, scan: &mut Scan) -> Self {
        scan.skip_white();
        if scan.peek().is_some() {
            self.trailing = Some((scan.line, scan.column()));
        }
        self
    }
}

/// Where a document stopped being readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub line: usize,
    pub reason: String,
    /// The document ended inside a value: for an array that value is not among those found, for an
    /// object it is the last member found, as far as it goes.
    pub inside_value: bool,
}

/// An object's member: its key, unescaped, and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    pub key: String,
    pub value: Piece<'a>,
}

/// Why a piece is not JSON, placed in the whole document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON: {message} at line {line} column {column}")]
pub struct PieceError {
    pub line: usize,
    pub column: usize,
    /// serde_json's message without its position.
    pub message: String,
}

impl PieceError {
    /// The message with its column only, for a place already named by its line (an item's
    /// error, a JSON Lines line).
    pub fn at_column(&self) -> String {
        format!("invalid JSON: {} at column {}", self.message, self.column)
    }
}

/// The first character of a document that is not white space or a byte-order mark.
pub fn opening(text: &str) -> Option<u8> {
    text.trim_start_matches('\u{feff}')
        .bytes()
        .find(|byte| !byte.is_ascii_whitespace())
}

/// The elements of the array that `piece` is. A missing comma between two elements is let pass
/// (each is still its own piece); a document that ends early keeps the elements finished before it.
pub fn array_elements<'a>(piece: &Piece<'a>) -> Pieces<Piece<'a>> {
    let mut scan = Scan::new(piece);
    let mut pieces = Pieces::default();
    if !scan.open(b'[') {
        return pieces.cut(scan.cut("expected `[`"));
    }
    match scan.elements(List::Document, |element| pieces.found.push(element)) {
        Some(cut) => pieces.cut(cut),
        None => pieces.closed(&mut scan),
    }
}

/// The members of the object that `piece` is, in order. The scan ends at the first thing that is
/// not a member, keeping those before it; a member cut off by the end of the document is kept as
/// far as it goes (an `items` list cut off halfway still holds whole items). A member that is a
/// list ends where `array_elements` would end it, so a broken element costs only itself.
pub fn object_members<'a>(piece: &Piece<'a>) -> Pieces<Member<'a>> {
    let mut scan = Scan::new(piece);
    let mut pieces = Pieces::default();
    if !scan.open(b'{') {
        return pieces.cut(scan.cut("expected `{`"));
    }
    loop {
        scan.skip_white();
        match scan.peek() {
            None => return pieces.cut(scan.cut("the object ends without its closing `}`")),
            Some(b'}') => {
                scan.at += 1;
                return pieces.closed(&mut scan);
            }
            Some(b',') => {
                scan.at += 1;
                continue;
            }
            Some(b'"') => {}
            Some(_) => return pieces.cut(scan.cut("expected a key in quotes")),
        }
        let key = match scan.value() {
            (key, true) => match parse_piece(&key) {
                Ok(Value::String(key)) => key,
                _ => return pieces.cut(scan.cut("a key that cannot be read")),
            },
            (key, false) => return pieces.cut(ended_inside(&key)),
        };
        scan.skip_white();
        if scan.peek() != Some(b':') {
            return pieces.cut(scan.cut("expected `:` after a key"));
        }
        scan.at += 1;
        scan.skip_white();
        if matches!(scan.peek(), None | Some(b'}' | b',')) {
            return pieces.cut(scan.cut("expected a value after `:`"));
        }
        let (value, whole) = scan.member_value();
        let cut = (!whole).then(|| ended_inside(&value));
        pieces.found.push(Member { key, value });
        if let Some(cut) = cut {
            return pieces.cut(cut);
        }
    }
}

/// Parses one piece. One that serde_json refuses is mended (a lone surrogate, an overflowing
/// number) and read again, rather than costing the piece.
pub fn parse_piece(piece: &Piece) -> Result<Value, PieceError> {
    let error = match serde_json::from_str(piece.text) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if let Cow::Owned(mended) = mended(piece.text)
        && let Ok(value) = serde_json::from_str(&mended)
    {
        return Ok(value);
    }
    let message = error.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |at| &message[..at]);
    // serde_json counts from the piece's start; on its first line, that is the piece's column.
    let column = match error.line() {
        0 | 1 => piece.column + error.column().saturating_sub(1),
        _ => error.column(),
    };
    Err(PieceError {
        line: piece.line + error.line().saturating_sub(1),
        column,
        message: message.to_string(),
    })
}

/// The members of an object that hold a number too large for a float, which `parse_piece` reads
/// as `null`: each number as written, by its key, for a message to quote.
#[derive(Debug, Default)]
pub struct Overflowed<'a>(HashMap<String, &'a str>);

impl<'a> Overflowed<'a> {
    /// Those of `object`, as `parse_piece` read it from `piece`. Only an object with a `null`
    /// member is scanned again.
    pub fn of(piece: &Piece<'a>, object: &Map<String, Value>) -> Self {
        if !object.values().any(Value::is_null) {
            return Self::default();
        }
        // As in serde_json, the last of a repeated key is the one kept.
        let mut last: HashMap<String, &'a str> = object_members(piece)
            .found
            .into_iter()
            .map(|member| (member.key, member.value.text))
            .collect();
        last.retain(|_, text| overflows(text));
        Self(last)
    }

    /// The number as written in member `key`, if it is one too large for a float.
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.0.get(key).copied()
    }
}

/// Whether `text` is a number too large for a float.
fn overflows(text: &str) -> bool {
    text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        && text
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
        && text.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// The document ended inside `value`, before it was whole.
fn ended_inside(value: &Piece) -> Cut {
    Cut {
        line: value.line,
        reason: format!(
            "the document ends inside the value begun at line {}",
            value.line
        ),
        inside_value: true,
    }
}

/// Where a list stands: as the whole document, where nothing may follow its `]`; or as an
/// object's member, whose `]` the next member may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Document,
    Member,
}

/// A cursor over a piece's bytes that counts lines as it goes. Every structural character is
/// ASCII, so a byte scan never splits a character that matters.
struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: usize,
    /// Where the line `at` is on begins, once the scan has passed a line break.
    line_start: Option<usize>,
    /// The column of the text's first byte.
    first_column: usize,
}

impl<'a> Scan<'a> {
    fn new(piece: &Piece<'a>) -> Self {
        Self {
            text: piece.text,
            bytes: piece.text.as_bytes(),
            at: 0,
            line: piece.line,
            line_start: None,
            first_column: piece.column,
        }
    }

    /// A line break has just been passed: `at` is the first byte of the next line.
    fn new_line(&mut self) {
        self.line += 1;
        self.line_start = Some(self.at);
    }

    fn column(&self) -> usize {
        match self.line_start {
            Some(start) => self.at - start + 1,
            None => self.first_column + self.at,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_white(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' => {
                    self.at += 1;
                    self.new_line();
                    continue;
                }
                b' ' | b'\t' | b'\r' => {}
                // A byte-order mark (three bytes) where white space may stand.
                0xEF if self
                    .text
                    .get(self.at..)
                    .is_some_and(|rest| rest.starts_with('\u{feff}')) =>
                {
                    self.at += 2
                }
                _ => return,
            }
            self.at += 1;
        }
    }

    /// Steps past white space and `bracket`, if that is what comes.
    fn open(&mut self, bracket: u8) -> bool {
        self.skip_white();
        let opens = self.peek() == Some(bracket);
        if opens {
            self.at += 1;
        }
        opens
    }

    fn cut(&self, reason: &str) -> Cut {
        Cut {
            line: self.line,
            reason: reason.to_string(),
            inside_value: false,
        }
    }

    /// One value from here, and whether it is whole: a string, a bracketed value (see
    /// `bracketed`; whether it is JSON is serde_json's to say), or a bare word or number.
    /// A value the document ends inside runs to the end.
    fn value(&mut self) -> (Piece<'a>, bool) {
        self.spanned(|scan| match scan.peek() {
            Some(b'"') => {
                scan.at += 1;
                scan.string_rest()
            }
            Some(b'{' | b'[') => scan.bracketed(),
            _ => {
                scan.bare();
                true
            }
        })
    }

    /// An object's member's value, as `value`, but a list is cut element by element as a
    /// document's list is (`elements`): its end is not a `]` that closes a bracket too many inside
    /// one of its elements, which would cost every element after that one.
    fn member_value(&mut self) -> (Piece<'a>, bool) {
        if self.peek() != Some(b'[') {
            return self.value();
        }
        self.spanned(|scan| {
            scan.at += 1;
            scan.elements(List::Member, |_| {}).is_none()
        })
    }

    /// The text `read` steps over from here, and what it says (whether the value is whole).
    fn spanned(&mut self, read: impl FnOnce(&mut Self) -> bool) -> (Piece<'a>, bool) {
        let (start, line, column) = (self.at, self.line, self.column());
        let whole = read(self);
        let end = self.at.min(self.bytes.len());
        let text = self.text.get(start..end).unwrap_or_default();
        (Piece { text, line, column }, whole)
    }

    /// A list's elements, from just past its `[` to just past its `]`, each given to `found`;
    /// or where the list stopped being readable. Each element is cut on its own (`value`), so a
    /// closing bracket too many inside one costs that element, not the list.
    fn elements(&mut self, list: List, mut found: impl FnMut(Piece<'a>)) -> Option<Cut> {
        loop {
            self.skip_white();
            match self.peek() {
                None => return Some(self.cut("the list ends without its closing `]`")),
                // A `]` with more of the list after it is a stray (from a broken element, whose
                // wrong-kind closer ended it early): a piece of its own, which serde_json names,
                // and the list goes on.
                Some(b']') if self.more_of_the_list(list) => found(self.value().0),
                Some(b']') => {
                    self.at += 1;
                    return None;
                }
                Some(b',') => self.at += 1,
                Some(_) => match self.value() {
                    (value, true) => found(value),
                    (value, false) => return Some(ended_inside(&value)),
                },
            }
        }
    }

    /// Whether more of the list follows the `]` here: a comma, and (in a member's list) then
    /// something other than the quote that opens the next member's key, or the object's end
    /// after a trailing comma (`{"items": [...],}`).
    fn more_of_the_list(&self, list: List) -> bool {
        let mut after = self
            .bytes
            .get(self.at + 1..)
            .unwrap_or_default()
            .iter()
            .filter(|b| !b.is_ascii_whitespace());
        after.next() == Some(&b',')
            && (list == List::Document || !matches!(after.next(), Some(b'"' | b'}') | None))
    }

    /// From just inside a string to just past its closing quote; false if it never closes. JSON
    /// has no line break inside a string, so one ends a string that lost its closing quote: the
    /// scan goes on from the next line, and only the piece holding it is lost.
    fn string_rest(&mut self) -> bool {
        while let Some(byte) = self.peek() {
            self.at += 1;
            match byte {
                b'"' => return true,
                b'\n' => {
                    self.new_line();
                    return true;
                }
                b'\\' => {
                    // The escaped byte is skipped, but a line break still counts as one.
                    let escaped = self.peek();
                    self.at += 1;
                    if escaped == Some(b'\n') {
                        self.new_line();
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// From an opening bracket to just past the one that closes it; false if none does.
    /// Brackets are matched, not only counted, so that a value which lost one of its own ends
    /// where its text shows it did, not at a bracket of some later value (which would cost every
    /// value after it): a closing bracket that closes nothing opened here is a stray inside the
    /// value; one of the wrong kind also closes the brackets opened inside the one it matches;
    /// and an object followed, after a comma, by a bracket where its next key must come has
    /// ended at that comma. Good JSON never meets these, so they change nothing for it.
    fn bracketed(&mut self) -> bool {
        let mut open: Vec<u8> = Vec::new();
        // How many of each kind are open: a stray closer is known as one without a search of
        // the stack, which many of them would make quadratic.
        let (mut braces, mut squares) = (0usize, 0usize);
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.at += 1;
                    if !self.string_rest() {
                        return false;
                    }
                    continue;
                }
                b'{' | b'[' => {
                    open.push(byte);
                    *(if byte == b'{' {
                        &mut braces
                    } else {
                        &mut squares
                    }) += 1;
                }
                b'}' | b']' => {
                    let (opener, of_kind) = if byte == b'}' {
                        (b'{', braces)
                    } else {
                        (b'[', squares)
                    };
                    // Found, the search passed only brackets it now closes: linear overall.
                    if of_kind > 0
                        && let Some(matching) = open.iter().rposition(|&b| b == opener)
                    {
                        for closed in open.drain(matching..) {
                            *(if closed == b'{' {
                                &mut braces
                            } else {
                                &mut squares
                            }) -= 1;
                        }
                        if open.is_empty() {
                            self.at += 1;
                            return true;
                        }
                    }
                }
                b',' if open == [b'{'] && self.bracket_after(self.at + 1) => return true,
                b'\n' => {
                    self.at += 1;
                    self.new_line();
                    continue;
                }
                _ => {}
            }
            self.at += 1;
        }
        false
    }

    /// Whether the first byte from `at` that is not white space opens a bracket.
    fn bracket_after(&self, at: usize) -> bool {
        self.bytes
            .get(at..)
            .and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()))
            .is_some_and(|&b| b == b'{' || b == b'[')
    }

    /// A bare word or number, up to what could follow it; at least one character, so that a stray
    /// one is a piece of its own that serde_json names.
    fn bare(&mut self) {
        let start = self.at;
        while let Some(byte) = self.peek() {
            if byte.is_ascii_whitespace()
                || matches!(byte, b',' | b':' | b'"' | b'{' | b'[' | b'}' | b']')
            {
                break;
            }
            self.at += 1;
        }
        if self.at == start {
            let width = self
                .text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            self.at += width;
        }
    }
}

/// `text` with each lone surrogate escape made `\ufffd` and each number too large for a float made
/// `null`; borrowed when there is nothing to mend.
fn mended(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    let mut in_string = false;
    let replace = |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize, with| {
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[*copied..from]);
        out.push_str(with);
        *copied = to;
    };
    while at < bytes.len() {
        let byte = bytes[at];
        if in_string {
            match byte {
                b'"' => in_string = false,
                b'\\' if bytes.get(at + 1) == Some(&b'u') => {
                    let unit = hex_unit(bytes, at + 2);
                    let paired = unit.is_some_and(|u| (0xD800..0xDC00).contains(&u))
                        && bytes.get(at + 6) == Some(&b'\\')
                        && bytes.get(at + 7) == Some(&b'u')
                        && hex_unit(bytes, at + 8).is_some_and(|u| (0xDC00..0xE000).contains(&u));
                    if paired {
                        at += 12;
                        continue;
                    }
                    if unit.is_some_and(|u| (0xD800..0xE000).contains(&u)) {
                        replace(&mut out, &mut copied, at, at + 6, "\\ufffd");
                        at += 6;
                        continue;
                    }
                    at += 2;
                    continue;
                }
                b'\\' => {
                    at += 2;
                    continue;
                }
                _ => {}
            }
            at += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
            at += 1;
            continue;
        }
        if byte == b'-' || byte.is_ascii_digit() {
            let end = bytes[at..]
                .iter()
                .position(|b| !matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'))
                .map_or(bytes.len(), |length| at + length);
            if overflows(&text[at..end]) {
                replace(&mut out, &mut copied, at, end, "null");
            }
            at = end;
            continue;
        }
        at += 1;
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// The four hex digits of a `\u` escape at `at`, as a UTF-16 unit.
fn hex_unit(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    let digits = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "json_pieces_tests.rs"]
mod tests;
