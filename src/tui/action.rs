//! What a key can do: one `Action` per thing a person asks for, and the modes that keys are bound in.
//!
//! The help screen (`?`) is generated from the keymap and `Action::help`, so help cannot drift
//! from the keys.

use serde::{Deserialize, Serialize};

/// Where keyboard focus is; each mode has its own key table (`[keys.<mode>]` in `config.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The article list (or the search results).
    List,
    /// The reader pane.
    Reader,
    /// Typing in the search box.
    Search,
    /// The entity panel.
    Entities,
    /// The help screen.
    Help,
    /// The list of subscriptions.
    Feeds,
}

impl Mode {
    /// Every mode, in the order the help screen shows them.
    pub const ALL: [Mode; 6] = [
        Mode::List,
        Mode::Reader,
        Mode::Search,
        Mode::Entities,
        Mode::Feeds,
        Mode::Help,
    ];

    /// The name used in `config.toml` and in the status bar.
    pub fn name(self) -> &'static str {
        match self {
            Mode::List => "list",
            Mode::Reader => "reader",
            Mode::Search => "search",
            Mode::Entities => "entities",
            Mode::Help => "help",
            Mode::Feeds => "feeds",
        }
    }
}

/// Something a key binding can ask for. Its help line is `Action::help`, and its name in
/// `config.toml` is the snake_case variant name (`half_page_down`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Back,
    Up,
    Down,
    First,
    Last,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Open,
    SwitchPane,
    NextArticle,
    PreviousArticle,
    Search,
    SubmitSearch,
    CancelSearch,
    DeleteChar,
    DeleteWord,
    ClearQuery,
    NextMatch,
    PreviousMatch,
    Entities,
    NextEntity,
    PreviousEntity,
    ToggleRead,
    ToggleStar,
    OpenLink,
    CopyLink,
    Feeds,
    Refresh,
    RefreshAll,
    FetchFull,
    Help,
    None,
}

impl Action {
    /// Every action, in the order the help screen lists them.
    pub const ALL: [Action; 35] = [
        Action::Up,
        Action::Down,
        Action::First,
        Action::Last,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::Open,
        Action::SwitchPane,
        Action::NextArticle,
        Action::PreviousArticle,
        Action::Search,
        Action::SubmitSearch,
        Action::CancelSearch,
        Action::DeleteChar,
        Action::DeleteWord,
        Action::ClearQuery,
        Action::NextMatch,
        Action::PreviousMatch,
        Action::Entities,
        Action::NextEntity,
        Action::PreviousEntity,
        Action::ToggleRead,
        Action::ToggleStar,
        Action::OpenLink,
        Action::CopyLink,
        Action::Feeds,
        Action::Refresh,
        Action::RefreshAll,
        Action::FetchFull,
        Action::Help,
        Action::Back,
        Action::Quit,
        Action::None,
    ];

    /// The name used in `config.toml`, e.g. `half_page_down`.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The help line: the variant's doc comment.
    pub fn help(self) -> &'static str {
        match self {
            Action::Quit => "Quit dateline",
            Action::Back => {
                "Go back: close the reader, panel or help; clear the search; quit from the list"
            }
            Action::Up => "Move up one line",
            Action::Down => "Move down one line",
            Action::First => "Go to the first line",
            Action::Last => "Go to the last line",
            Action::HalfPageDown => "Move down half a page",
            Action::HalfPageUp => "Move up half a page",
            Action::PageDown => "Page the reader down",
            Action::PageUp => "Page the reader up",
            Action::Open => {
                "Open the selected article (in the entity panel: list the articles that mention it)"
            }
            Action::SwitchPane => "Switch focus between the list and the reader",
            Action::NextArticle => "Open the next article in the list",
            Action::PreviousArticle => "Open the previous article in the list",
            Action::Search => "Search: results update as you type",
            Action::SubmitSearch => "Show the results and leave the search box",
            Action::CancelSearch => {
                "Leave the search: back to the search it came from, or the list as it was"
            }
            Action::DeleteChar => "Delete the character before the cursor",
            Action::DeleteWord => "Delete the word before the cursor",
            Action::ClearQuery => "Clear the search box",
            Action::NextMatch => "Next search match in the article",
            Action::PreviousMatch => "Previous search match in the article",
            Action::Entities => "Show or hide the article's entities",
            Action::NextEntity => "Jump to the next entity in the text",
            Action::PreviousEntity => "Jump to the previous entity in the text",
            Action::ToggleRead => "Mark read or unread",
            Action::ToggleStar => "Star or unstar",
            Action::OpenLink => "Open the article's link with the opener ($BROWSER)",
            Action::CopyLink => "Copy the article's link (OSC 52: works over ssh and in tmux)",
            Action::Feeds => "Show the subscriptions (Enter reads one feed)",
            Action::Refresh => {
                "Refresh the feed of the current article (in the feed list: that feed)"
            }
            Action::RefreshAll => "Refresh every feed, in the background",
            Action::FetchFull => "Fetch the article's web page and show its full text",
            Action::Help => "Show or hide this help",
            Action::None => "Unbind the key (in config.toml, to take a default key away)",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for action in Action::ALL {
            let name = action.name();
            assert!(!name.is_empty(), "{action:?}");
            let back: Action = serde_json::from_value(serde_json::Value::String(name)).unwrap();
            assert_eq!(back, action);
        }
        assert_eq!(Action::HalfPageDown.name(), "half_page_down");
    }

    #[test]
    fn every_action_is_listed_once_and_has_help() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            assert!(seen.insert(action), "{action:?} listed twice");
            assert!(!action.help().is_empty());
        }
    }
}
