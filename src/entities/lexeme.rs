//! What the model knows about one token on its own: hashes of its spelling, shape and affixes, and flags.
//!
//! Everything is hashed straight from the token's bytes, so no per-token `String` is made.

use super::hash::{hash_bytes, hash_lower};

pub const INIT_CAP: u16 = 1;
pub const ALL_CAPS: u16 = 1 << 1;
pub const HAS_LOWER: u16 = 1 << 2;
pub const HAS_DIGIT: u16 = 1 << 3;
pub const ALL_DIGITS: u16 = 1 << 4;
pub const HAS_HYPHEN: u16 = 1 << 5;
pub const HAS_PERIOD: u16 = 1 << 6;
pub const HAS_LETTER: u16 = 1 << 7;
pub const INNER_CAP: u16 = 1 << 8;
pub const NO_ALNUM: u16 = 1 << 9;

/// Runs of one character class longer than this are cut in the long shape (`Xxxx` for `Germany`).
const SHAPE_RUN: usize = 4;
const SHAPE_MAX: usize = 24;
const AFFIXES: usize = 4;

/// The hashed spelling features of one token.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lexeme {
    pub word: u64,
    pub lower: u64,
    /// Character classes with long runs cut: `Xxxx`, `dddd-dd-dd`, `X.X.`.
    pub shape: u64,
    /// Character classes with every run cut to one: `Xx`, `d-d-d`.
    pub short_shape: u64,
    /// Lowercased first 1..=4 characters.
    pub prefixes: [u64; AFFIXES],
    /// Lowercased last 1..=4 characters.
    pub suffixes: [u64; AFFIXES],
    /// For hyphenated tokens, the lowercased parts before the first and after the last hyphen
    /// (`anglo` and `dutch` in `Anglo-Dutch`); 0 otherwise.
    pub hyphen_head: u64,
    pub hyphen_tail: u64,
    pub flags: u16,
    /// Length in characters, capped at 255.
    pub chars: u8,
}

impl Lexeme {
    #[inline]
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// Typographic variants read as the ASCII forms the training text uses.
pub fn normalize(token: &str) -> &str {
    match token {
        "\u{2019}s" | "\u{2018}s" => "'s",
        "\u{2019}" | "\u{2018}" => "'",
        "\u{201c}" | "\u{201d}" | "\u{201e}" | "\u{ab}" | "\u{bb}" => "\"",
        "\u{2013}" | "\u{2014}" => "-",
        "n\u{2019}t" => "n't",
        _ => token,
    }
}

/// The hash `lexeme(token).word` would give, without the rest.
pub fn word_hash(token: &str) -> u64 {
    hash_bytes(0x11, normalize(token).as_bytes())
}

/// The hash `lexeme(token).lower` would give, without the rest.
pub fn lower_hash(token: &str) -> u64 {
    hash_lower(0x22, normalize(token).as_bytes())
}

pub fn lexeme(token: &str) -> Lexeme {
    let token = normalize(token);
    let bytes = token.as_bytes();
    let mut shape = [0u8; SHAPE_MAX];
    let mut shape_len = 0;
    let mut short = [0u8; SHAPE_MAX];
    let mut short_len = 0;
    let mut run = 0;
    let mut flags = 0u16;
    let mut chars = 0usize;
    let mut digits = 0usize;
    let mut previous_class = 0u8;
    let mut seen_lower = false;
    for c in token.chars() {
        let class = if c.is_ascii() {
            match c {
                'A'..='Z' => b'X',
                'a'..='z' => b'x',
                '0'..='9' => b'd',
                _ => c as u8,
            }
        } else if c.is_uppercase() {
            b'X'
        } else if c.is_alphabetic() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else {
            b'o'
        };
        match class {
            b'X' => {
                flags |= HAS_LETTER;
                if chars == 0 {
                    flags |= INIT_CAP;
                } else if seen_lower {
                    flags |= INNER_CAP;
                }
            }
            b'x' => {
                flags |= HAS_LETTER | HAS_LOWER;
                seen_lower = true;
            }
            b'd' => {
                flags |= HAS_DIGIT;
                digits += 1;
            }
            b'-' => flags |= HAS_HYPHEN,
            b'.' => flags |= HAS_PERIOD,
            _ => {}
        }
        if class == previous_class {
            run += 1;
        } else {
            run = 1;
            if short_len < SHAPE_MAX {
                short[short_len] = class;
                short_len += 1;
            }
        }
        if run <= SHAPE_RUN && shape_len < SHAPE_MAX {
            shape[shape_len] = class;
            shape_len += 1;
        }
        previous_class = class;
        chars += 1;
    }
    if flags & HAS_LETTER != 0 && flags & HAS_LOWER == 0 {
        flags |= ALL_CAPS;
    }
    if chars > 0 && digits == chars {
        flags |= ALL_DIGITS;
    }
    if flags & (HAS_LETTER | HAS_DIGIT) == 0 {
        flags |= NO_ALNUM;
    }
    let mut prefixes = [0u64; AFFIXES];
    let mut suffixes = [0u64; AFFIXES];
    for k in 0..AFFIXES {
        prefixes[k] = hash_lower(0x70 + k as u64, &bytes[..char_prefix_end(token, k + 1)]);
        suffixes[k] = hash_lower(0x90 + k as u64, &bytes[char_suffix_start(token, k + 1)..]);
    }
    let (mut hyphen_head, mut hyphen_tail) = (0, 0);
    if flags & HAS_HYPHEN != 0
        && let (Some(first), Some(last)) = (token.find('-'), token.rfind('-'))
    {
        hyphen_head = hash_lower(0x22, &bytes[..first]);
        hyphen_tail = hash_lower(0x22, &bytes[last + 1..]);
    }
    Lexeme {
        word: hash_bytes(0x11, bytes),
        lower: hash_lower(0x22, bytes),
        shape: hash_bytes(0x33, &shape[..shape_len]),
        short_shape: hash_bytes(0x44, &short[..short_len]),
        prefixes,
        suffixes,
        hyphen_head,
        hyphen_tail,
        flags,
        chars: chars.min(255) as u8,
    }
}

/// Byte index just past the first `n` characters (or the end).
#[inline]
fn char_prefix_end(text: &str, n: usize) -> usize {
    if text.is_ascii() {
        return n.min(text.len());
    }
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// Byte index where the last `n` characters start (or 0).
#[inline]
fn char_suffix_start(text: &str, n: usize) -> usize {
    let bytes = text.as_bytes();
    let mut index = bytes.len();
    for _ in 0..n {
        if index == 0 {
            break;
        }
        index -= 1;
        while index > 0 && !text.is_char_boundary(index) {
            index -= 1;
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_flags() {
        let germany = lexeme("Germany");
        assert_eq!(germany.shape, lexeme("Iraqi").shape);
        assert!(germany.has(INIT_CAP) && !germany.has(ALL_CAPS));
        assert!(lexeme("TASS").has(ALL_CAPS));
        assert!(lexeme("McDonald").has(INNER_CAP));
        assert!(lexeme("1996").has(ALL_DIGITS));
        assert!(lexeme(",").has(NO_ALNUM));
        assert_eq!(
            lexeme("1996-08-22").short_shape,
            lexeme("12-1-3").short_shape
        );
    }

    #[test]
    fn affixes_are_lowercase_and_char_based() {
        assert_eq!(lexeme("JAPAN").suffixes, lexeme("Japan").suffixes);
        assert_eq!(char_suffix_start("Zürich", 5), 1);
        assert_eq!(char_prefix_end("Zürich", 2), 3);
        assert_eq!(lexeme("Iran\u{2019}s").word, lexeme("Iran\u{2019}s").word);
        assert_eq!(lexeme("\u{2019}s").word, lexeme("'s").word);
        assert_eq!(word_hash("Iran\u{2019}s"), lexeme("Iran\u{2019}s").word);
    }
}
