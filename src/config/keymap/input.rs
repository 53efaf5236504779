//! Turning key presses into actions: multi-key sequences such as `gg`, and typing into the search box.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::action::{Action, Mode};
use super::{Chord, Keymap, display_keys};

/// What a key press turned into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A binding fired.
    Action(Action),
    /// In search mode, an unbound plain character: add it to the query.
    Type(char),
    /// The key started (or continued) a longer binding; the next key decides.
    Pending,
    /// Nothing is bound to the key here (or a binding of `none` took it away).
    Unbound,
}

/// The keys typed so far of an unfinished sequence.
#[derive(Debug, Default, Clone)]
pub struct KeyInput {
    keys: Vec<Chord>,
}

impl KeyInput {
    /// Feeds one key. A key that completes a binding gives its Action; one that starts a longer binding gives
    /// Pending (no timeout: the next key decides), and Esc then cancels it (an empty Vec). When the pending
    /// sequence cannot continue with this key, the
    /// pending keys are dropped and this key is resolved alone. An exact binding that is also a prefix of a longer
    /// one waits (Pending) for the next key; if that next key doesn't continue it, the shorter binding fires
    /// first and then the new key is resolved too — hence a Vec.
    /// Key release/repeat kinds: only Press (and Repeat) count; a release gives an empty Vec.
    pub fn feed(&mut self, keymap: &Keymap, mode: Mode, event: &KeyEvent) -> Vec<Resolved> {
        if event.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let chord = Chord::from_event(event);
        let mut resolved = Vec::new();
        if !self.keys.is_empty() {
            let mut keys = self.keys.clone();
            keys.push(chord);
            if keymap.continues(mode, &keys) {
                self.keys = keys;
                return vec![Resolved::Pending];
            }
            if let Some(action) = keymap.lookup(mode, &keys) {
                self.keys.clear();
                return vec![outcome(action)];
            }
            // Esc takes back the keys typed so far, as in vi: it neither runs the shorter
            // binding they make (`m` of `mm`) nor its own (leaving the list). In search the
            // keys are text, typed as below, and Esc leaves the box as ever.
            if mode != Mode::Search && chord == Chord::from_event(&KeyEvent::from(KeyCode::Esc)) {
                self.keys.clear();
                return Vec::new();
            }
            let abandoned = std::mem::take(&mut self.keys);
            match keymap.lookup(mode, &abandoned) {
                Some(action) if action != Action::None => resolved.push(Resolved::Action(action)),
                // Only a user's search-table sequence of plain characters (`jk`) can leave typed keys
                // pending in search; they are text after all, so they go into the query, not away.
                _ if mode == Mode::Search => resolved.extend(
                    abandoned
                        .iter()
                        .filter_map(|chord| chord.printable())
                        .map(Resolved::Type),
                ),
                _ => {}
            }
        }
        resolved.push(self.resolve_alone(keymap, mode, chord));
        resolved
    }

    /// One key with nothing pending before it.
    fn resolve_alone(&mut self, keymap: &Keymap, mode: Mode, chord: Chord) -> Resolved {
        let keys = [chord];
        if keymap.continues(mode, &keys) {
            self.keys.push(chord);
            return Resolved::Pending;
        }
        match keymap.lookup(mode, &keys) {
            Some(action) if action != Action::None => Resolved::Action(action),
            _ => match chord.printable() {
                Some(c) if mode == Mode::Search => Resolved::Type(c),
                _ => Resolved::Unbound,
            },
        }
    }

    /// The pending keys' display form, for the status bar (`g…`), None when nothing is pending. Only the
    /// keys (`g`): the ellipsis or any other decoration is the status bar's to add.
    pub fn pending(&self) -> Option<String> {
        (!self.keys.is_empty()).then(|| display_keys(&self.keys))
    }

    pub fn clear(&mut self) {
        self.keys.clear();
    }
}

/// A completed sequence bound to `none` does nothing; it is not typed, since it was more than one key.
fn outcome(action: Action) -> Resolved {
    match action {
        Action::None => Resolved::Unbound,
        action => Resolved::Action(action),
    }
}
