//! The help screen's text as plain lines: what went wrong at start-up, every key of every mode
//! from the keymap in use, and the query language. `update` needs its length to stop scrolling
//! at its end; the view only styles and draws it.

use super::state::State;
use crate::config::keymap::Mode;
use crate::search::QUERY_HELP;
use crate::wrap;

/// What a help line is, which the view styles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// "At start-up", over the notices.
    Trouble(String),
    Heading(String),
    /// An action's keys and what it does (a description too long for the screen goes on in
    /// lines of its own with no keys).
    Keys {
        keys: String,
        help: String,
    },
    Plain(String),
    /// How to change the keys.
    Hint(String),
    Blank,
}

/// The title of a mode's section.
fn title(mode: Mode) -> &'static str {
    match mode {
        Mode::List => "In the list",
        Mode::Reader => "In the reader",
        Mode::Search => "In the search box (other keys type)",
        Mode::Entities => "In the entity panel",
        Mode::Help => "In this help",
        Mode::Feeds => "In the sidebar (saved searches, tags, feeds)",
    }
}

/// The columns before a key's description: a margin, the keys, a space.
pub const KEYS_COLUMN: usize = 3 + 18 + 1;

/// Every line of the help text, notices and descriptions wrapped to the help screen's width.
pub fn lines(state: &State) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    if !state.notices.is_empty() {
        lines.push(HelpLine::Trouble(" At start-up".into()));
        // Wrapped, not cut: a notice names a file, a line and what was wrong, all of it needed.
        let width = state.sizes.help_width.saturating_sub(3).max(20);
        for notice in &state.notices {
            for range in wrap::wrap(notice, width) {
                lines.push(HelpLine::Plain(format!("   {}", &notice[range])));
            }
        }
        lines.push(HelpLine::Blank);
    }
    // Descriptions wrap beside the keys' column (3 + 18 + 1 wide), not cut at a narrow screen.
    let room = state.sizes.help_width.saturating_sub(KEYS_COLUMN).max(20);
    let keys_line = |lines: &mut Vec<HelpLine>, keys: String, help: &str| {
        let mut keys = Some(keys);
        for range in wrap::wrap(help, room) {
            lines.push(HelpLine::Keys {
                keys: keys.take().unwrap_or_default(),
                help: help[range].to_string(),
            });
        }
        if let Some(keys) = keys {
            lines.push(HelpLine::Keys {
                keys,
                help: String::new(),
            });
        }
    };
    for mode in Mode::ALL {
        lines.push(HelpLine::Heading(format!(" {}", title(mode))));
        for (action, keys) in state.keymap.bindings(mode) {
            keys_line(&mut lines, keys.join(", "), action.help());
        }
        if matches!(mode, Mode::List | Mode::Reader) {
            keys_line(
                &mut lines,
                "1-9, then o or y".into(),
                "Open or copy the article's link of that number (its list is at the end)",
            );
        }
        lines.push(HelpLine::Blank);
    }
    lines.push(HelpLine::Heading(
        " The query language (also `dateline search`)".into(),
    ));
    for text in QUERY_HELP.lines().skip(1) {
        lines.push(HelpLine::Plain(format!(" {text}")));
    }
    lines.push(HelpLine::Blank);
    lines.push(HelpLine::Hint(
        " Keys can be changed in config.toml: [keys.list] z = \"toggle_read\"".into(),
    ));
    lines
}
