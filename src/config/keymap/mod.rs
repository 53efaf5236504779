//! Key bindings: the built-in `keymap.toml` with the user's `[keys.*]` tables layered over it.
//!
//! Each mode has a table, and `global` applies in every mode after the mode's own table. A key bound
//! to `none` in a mode table takes it away there, global included.

pub mod action;
mod chord;
mod input;

use std::path::Path;

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};
use toml::de::{DeTable, DeValue};

pub use action::{Action, Mode};
pub use chord::{Chord, display_keys, parse_keys};
pub use input::{KeyInput, Resolved};

/// The default bindings, in the same `[keys.<mode>]` form a user writes in `config.toml`.
const DEFAULTS: &str = include_str!("../keymap.toml");

/// Table slots: one per mode (see `slot`), then global.
const GLOBAL: usize = 6;
const TABLE_NAMES: [&str; 7] = [
    "list", "reader", "search", "entities", "help", "feeds", "global",
];

fn slot(mode: Mode) -> usize {
    match mode {
        Mode::List => 0,
        Mode::Reader => 1,
        Mode::Search => 2,
        Mode::Entities => 3,
        Mode::Help => 4,
        Mode::Feeds => 5,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    keys: Vec<Chord>,
    action: Action,
}

/// For each of `Mode::ALL` plus global: bindings key-sequence -> Action. A table is a list rather than a
/// map because its order (the file's) is the order help shows the keys in.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: [Vec<Binding>; GLOBAL + 1],
}

impl Keymap {
    /// The embedded defaults (must parse; a unit test checks they do).
    pub fn defaults() -> Keymap {
        let mut keymap = Keymap {
            tables: Default::default(),
        };
        // The built-in file is checked by a test, so its warnings can only be empty here.
        let _ = keymap.layer(Path::new("keymap.toml (built in)"), DEFAULTS);
        keymap
    }

    /// Defaults with the user's `[keys.*]` tables from config text layered over. Warnings (never fails) name
    /// the file and line: an unknown mode table, an unparseable key, an unknown action name. `source` is
    /// `(path, full config.toml text)`, None when there is no config file.
    pub fn load(source: Option<(&Path, &str)>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::defaults();
        let warnings = match source {
            Some((path, text)) => keymap.layer(path, text),
            None => Vec::new(),
        };
        (keymap, warnings)
    }

    /// For the help screen: in `mode`, every action reachable (mode table then global), in `Action::ALL`
    /// order, with the display forms of all its keys; `Action::None` never listed; a key shadowed by the
    /// mode table is not listed under global's action.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<String>)> {
        Action::ALL
            .iter()
            .copied()
            .filter(|action| *action != Action::None)
            .filter_map(|action| {
                let keys: Vec<String> = self
                    .effective(mode)
                    .filter(|binding| binding.action == action)
                    .map(|binding| display_keys(&binding.keys))
                    .collect();
                (!keys.is_empty()).then_some((action, keys))
            })
            .collect()
    }

    /// The first key bound to `action` in `mode` (display form), for hints like "? help". Mode table keys
    /// come before global ones, each in file order, the same order `bindings` lists them in.
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        if action == Action::None {
            return None;
        }
        self.effective(mode)
            .find(|binding| binding.action == action)
            .map(|binding| display_keys(&binding.keys))
    }

    /// The bindings that count in `mode`: its own table, then global entries it does not shadow. In search,
    /// global entries starting with a plain character are left out so `q` and `?` can be typed.
    fn effective(&self, mode: Mode) -> impl Iterator<Item = &Binding> {
        let own = &self.tables[slot(mode)];
        let global = self.tables[GLOBAL].iter().filter(move |binding| {
            let typed = mode == Mode::Search
                && binding
                    .keys
                    .first()
                    .and_then(|chord| chord.printable())
                    .is_some();
            !typed && !own.iter().any(|mine| mine.keys == binding.keys)
        });
        own.iter().chain(global)
    }

    /// The action bound to exactly `keys` in `mode` (`Action::None` when a mode table unbinds it).
    fn lookup(&self, mode: Mode, keys: &[Chord]) -> Option<Action> {
        self.effective(mode)
            .find(|binding| binding.keys == keys)
            .map(|binding| binding.action)
    }

    /// Whether some longer binding in `mode` starts with `keys`, so more keys are worth waiting for.
    fn continues(&self, mode: Mode, keys: &[Chord]) -> bool {
        self.effective(mode).any(|binding| {
            binding.action != Action::None
                && binding.keys.len() > keys.len()
                && binding.keys.starts_with(keys)
        })
    }

    /// Sets one binding: a key already in the table keeps its place (and so its place in help).
    fn bind(&mut self, table: usize, keys: Vec<Chord>, action: Action) {
        let entries = &mut self.tables[table];
        match entries.iter_mut().find(|binding| binding.keys == keys) {
            Some(binding) => binding.action = action,
            None => entries.push(Binding { keys, action }),
        }
    }

    /// Applies the `[keys.*]` tables of one TOML text, returning a warning for each thing skipped.
    fn layer(&mut self, path: &Path, text: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        let mut warn = |offset: usize, message: String| {
            warnings.push(format!(
                "config {}, line {}: {message}",
                path.display(),
                line_of(text, offset)
            ));
        };
        let document = match DeTable::parse(text) {
            Ok(document) => document.into_inner(),
            Err(e) => {
                let offset = e.span().map_or(0, |span| span.start);
                warn(
                    offset,
                    format!("key bindings not read: {}", e.message().trim()),
                );
                return warnings;
            }
        };
        let Some(keys) = document.get("keys") else {
            return warnings;
        };
        let Some(tables) = keys.get_ref().as_table() else {
            warn(
                keys.span().start,
                "`keys` should be tables such as [keys.list] and [keys.global]".to_string(),
            );
            return warnings;
        };
        for (name, value) in in_file_order(tables) {
            let Some(table) = TABLE_NAMES.iter().position(|t| *t == name.get_ref()) else {
                warn(
                    name.span().start,
                    format!(
                        "unknown key table [keys.{}] (the tables are {})",
                        name.get_ref(),
                        TABLE_NAMES.join(", ")
                    ),
                );
                continue;
            };
            let table_name = TABLE_NAMES[table];
            let Some(entries) = value.get_ref().as_table() else {
                warn(
                    value.span().start,
                    format!("[keys.{table_name}] should be a table of key = \"action\" lines"),
                );
                continue;
            };
            // Two spellings of one key (`G`, `shift-g`) in one table: the later wins, as TOML would
            // have it for two identical names, but it is said so the surprise has an explanation.
            let mut seen: Vec<(Vec<Chord>, String, usize)> = Vec::new();
            for (key, value) in in_file_order(entries) {
                let key_text = key.get_ref().as_ref();
                let offset = key.span().start;
                let chords = match parse_keys(key_text) {
                    Ok(chords) => chords,
                    Err(reason) => {
                        warn(
                            offset,
                            format!(
                                "cannot read key `{key_text}` in [keys.{table_name}]: {reason}"
                            ),
                        );
                        continue;
                    }
                };
                let Some(action_name) = value.get_ref().as_str() else {
                    warn(
                        value.span().start,
                        format!(
                            "the action for key `{key_text}` in [keys.{table_name}] should be a string such as \"down\" or \"none\""
                        ),
                    );
                    continue;
                };
                let Some(action) = action_named(action_name) else {
                    warn(
                        value.span().start,
                        format!(
                            "unknown action `{action_name}` for key `{key_text}` in [keys.{table_name}]"
                        ),
                    );
                    continue;
                };
                if let Some((_, earlier, line)) = seen.iter().find(|(c, _, _)| *c == chords) {
                    let message = format!(
                        "key `{key_text}` in [keys.{table_name}] is the same key as `{earlier}` on line {line}; this one counts"
                    );
                    warn(offset, message);
                }
                seen.push((chords.clone(), key_text.to_string(), line_of(text, offset)));
                self.bind(table, chords, action);
            }
        }
        warnings
    }
}

type Entry<'a, 'i> = (
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<DeValue<'i>>,
);

/// A table's entries in the order they appear in the file; the parser keeps them sorted by name.
fn in_file_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// The action with this `config.toml` name (`half_page_down`), via serde so the names cannot drift.
fn action_named(name: &str) -> Option<Action> {
    Action::deserialize(StrDeserializer::<ValueError>::new(name)).ok()
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.bytes().take(offset).filter(|b| *b == b'\n').count() + 1
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
