//! One key press as bound (`Chord`), and the text form of key sequences: `ctrl-d`, `gg`, `g space`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key press as bound: code + modifiers, normalised (shift folded into the char for letters/symbols).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Chord {
    /// The chord for a key event, normalised the same way as parsed keys so the two compare equal.
    pub fn from_event(event: &KeyEvent) -> Chord {
        Chord::normalised(event.code, event.modifiers)
    }

    /// Terminals disagree on shift: `G` arrives as `Char('G')` with or without SHIFT, and kitty may send
    /// `Char('g')` with SHIFT. Folding shift into the character makes all of them one chord. Shift-tab is
    /// `BackTab` whether or not SHIFT is reported with it.
    fn normalised(code: KeyCode, modifiers: KeyModifiers) -> Chord {
        let shift = modifiers.contains(KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if shift => KeyCode::Char(single_uppercase(c)),
            KeyCode::Tab if shift => KeyCode::BackTab,
            other => other,
        };
        let modifiers = match code {
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        Chord { code, modifiers }
    }

    /// A character that search mode types into the query: no modifier at all (shift is already folded).
    pub(super) fn printable(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.modifiers.is_empty() && !c.is_control() => Some(c),
            _ => None,
        }
    }
}

/// `c` in upper case when that is one character; `ß` and the like stay as they are.
fn single_uppercase(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Keys with a name, and the name they are written and shown with. The first name for a code is the
/// display form; later ones are accepted aliases.
const NAMED: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

const MODIFIERS: &[(&str, KeyModifiers)] = &[
    ("ctrl-", KeyModifiers::CONTROL),
    ("alt-", KeyModifiers::ALT),
    ("shift-", KeyModifiers::SHIFT),
];

fn named_key(word: &str) -> Option<KeyCode> {
    let lower = word.to_ascii_lowercase();
    // Digits only and no leading zero, so `f+1` and `f01` are not quietly taken as F1.
    if let Some(n) = lower
        .strip_prefix('f')
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0'))
        .and_then(|d| d.parse::<u8>().ok())
        && (1..=12).contains(&n)
    {
        return Some(KeyCode::F(n));
    }
    NAMED
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| *code)
}

/// Parses a key sequence: `ctrl-d`, `gg` (two keys), `G`, `g space` (named keys in a sequence are
/// separated by spaces). A whole word that is a key name is that key, so `end` is End, not e-n-d.
pub fn parse_keys(text: &str) -> Result<Vec<Chord>, String> {
    let mut keys = Vec::new();
    for word in text.split_whitespace() {
        parse_word(word, &mut keys)?;
    }
    if keys.is_empty() {
        return Err("no key given (write `space` for the space bar)".to_string());
    }
    Ok(keys)
}

fn parse_word(word: &str, keys: &mut Vec<Chord>) -> Result<(), String> {
    let mut rest = word;
    let mut modifiers = KeyModifiers::NONE;
    // Each prefix is matched case-insensitively, and only when a key follows it, so `-` alone is a key.
    'prefixes: loop {
        for (prefix, bit) in MODIFIERS {
            let matched = rest
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix));
            if matched && rest.len() > prefix.len() {
                modifiers |= *bit;
                rest = &rest[prefix.len()..];
                continue 'prefixes;
            }
        }
        break;
    }
    // `ctrl-` with nothing after it would otherwise read as the five keys c-t-r-l-minus.
    let dangling = MODIFIERS
        .iter()
        .any(|(prefix, _)| rest.eq_ignore_ascii_case(prefix));
    if dangling {
        return Err(format!("`{word}`: a modifier needs a key after it"));
    }
    if let Some(code) = named_key(rest) {
        keys.push(Chord::normalised(code, modifiers));
        return Ok(());
    }
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => {
            // Shift with a symbol depends on the keyboard layout (`shift-1` is `!` only on some), so the
            // shifted character itself must be written.
            if modifiers.contains(KeyModifiers::SHIFT) && !c.is_alphabetic() {
                return Err(format!(
                    "`{word}`: shift- goes with letters and named keys; write the shifted character itself"
                ));
            }
            keys.push(Chord::normalised(KeyCode::Char(c), modifiers));
            Ok(())
        }
        _ if !modifiers.is_empty() => Err(format!(
            "`{word}`: a modifier goes with one key (a character or a name such as enter, f1)"
        )),
        _ => {
            keys.extend(
                rest.chars()
                    .map(|c| Chord::normalised(KeyCode::Char(c), modifiers)),
            );
            Ok(())
        }
    }
}

/// The display form of one chord: `ctrl-d`, `G`, `space`, `shift-tab`.
fn display_chord(chord: Chord) -> String {
    let mut text = String::new();
    for (name, bit) in [
        ("ctrl-", KeyModifiers::CONTROL),
        ("alt-", KeyModifiers::ALT),
        ("super-", KeyModifiers::SUPER),
        ("hyper-", KeyModifiers::HYPER),
        ("meta-", KeyModifiers::META),
        ("shift-", KeyModifiers::SHIFT),
    ] {
        if chord.modifiers.contains(bit) {
            text.push_str(name);
        }
    }
    match chord.code {
        // Shown the way people say it; `backtab` is accepted when parsing too.
        KeyCode::BackTab => text.push_str("shift-tab"),
        KeyCode::F(n) => text.push_str(&format!("f{n}")),
        KeyCode::Char(c) if c != ' ' => text.push(c),
        code => match NAMED.iter().find(|(_, named)| *named == code) {
            Some((name, _)) => text.push_str(name),
            // Keys that cannot be bound (media keys and such) still get a readable form.
            None => text.push_str(&code.to_string().to_lowercase().replace(' ', "")),
        },
    }
    text
}

/// The display form of a key sequence, for help and the status bar: `ctrl-d`, `gg`, `g space`.
pub fn display_keys(keys: &[Chord]) -> String {
    let words: Vec<String> = keys.iter().map(|chord| display_chord(*chord)).collect();
    let joined = words.concat();
    // Plain characters run together (`gg`) unless that would read back as something else (`e n d`).
    if words.len() > 1 && parse_keys(&joined).ok().as_deref() != Some(keys) {
        words.join(" ")
    } else {
        joined
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEventKind, KeyEventState};

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "ctrl-d",
            "gg",
            "G",
            "space",
            "g space",
            "shift-tab",
            "?",
            "enter",
            "f12",
            "alt-enter",
            "e n d",
            "ctrl-x ctrl-c",
            "-",
            "ctrl--",
            "]",
        ] {
            let keys = parse_keys(text).unwrap();
            assert_eq!(display_keys(&keys), text, "{keys:?}");
        }
        assert_eq!(parse_keys("gg").unwrap().len(), 2);
        assert_eq!(parse_keys("end").unwrap().len(), 1);
    }

    #[test]
    fn aliases_and_case_are_accepted() {
        assert_eq!(display_keys(&parse_keys("CTRL-d").unwrap()), "ctrl-d");
        // The case of the key itself counts: ctrl-D is ctrl-shift-d.
        assert_eq!(display_keys(&parse_keys("ctrl-shift-d").unwrap()), "ctrl-D");
        assert_eq!(display_keys(&parse_keys("backtab").unwrap()), "shift-tab");
        assert_eq!(display_keys(&parse_keys("shift-g").unwrap()), "G");
        assert_eq!(display_keys(&parse_keys("Escape").unwrap()), "esc");
        assert_eq!(display_keys(&parse_keys("PageDown").unwrap()), "pagedown");
    }

    #[test]
    fn bad_keys_are_refused() {
        for text in [
            "",
            "   ",
            "ctrl-",
            "alt-ctrl-",
            "ctrl-dd",
            "shift-1",
            "ctrl-f0x",
        ] {
            assert!(parse_keys(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn shift_is_folded_into_characters() {
        let g = parse_keys("G").unwrap()[0];
        assert_eq!(
            Chord::from_event(&event(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            g
        );
        assert_eq!(
            Chord::from_event(&event(KeyCode::Char('G'), KeyModifiers::NONE)),
            g
        );
        assert_eq!(
            Chord::from_event(&event(KeyCode::Char('g'), KeyModifiers::SHIFT)),
            g
        );
        let question = parse_keys("?").unwrap()[0];
        assert_eq!(
            Chord::from_event(&event(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            question
        );
        let back_tab = parse_keys("shift-tab").unwrap()[0];
        assert_eq!(
            Chord::from_event(&event(KeyCode::BackTab, KeyModifiers::SHIFT)),
            back_tab
        );
        assert_eq!(
            Chord::from_event(&event(KeyCode::Tab, KeyModifiers::SHIFT)),
            back_tab
        );
        let ctrl_d = parse_keys("ctrl-d").unwrap()[0];
        assert_eq!(
            Chord::from_event(&event(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            ctrl_d
        );
    }
}
