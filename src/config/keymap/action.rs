//! What a key can do: one `Action` per thing a person asks for, and the modes that keys are bound in.
//!
//! The help screen (`?`) is generated from the keymap and `Action::help`, so help cannot drift
//! from the keys. It lives below both the config (which binds keys to actions) and the screen
//! (which carries them out).

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

/// Declares `Action` from one list: each variant's doc comment is its help line, its snake_case
/// name is its name in `config.toml`, and the list's order is the help screen's order. Adding an
/// action is one entry here.
macro_rules! actions {
    ($($(#[doc = $doc:literal])+ $variant:ident,)+) => {
        /// Something a key binding can ask for. Its help line is `Action::help` (the variant's doc
        /// comment), and its name in `config.toml` is the snake_case variant name (`half_page_down`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Action {
            /// Every action, in the order the help screen lists them.
            pub const ALL: &[Action] = &[$(Action::$variant,)+];

            /// The help line: the variant's doc comment.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

actions! {
    /// Move up one line
    Up,
    /// Move down one line
    Down,
    /// Go to the first line
    First,
    /// Go to the last line
    Last,
    /// Move down half a page
    HalfPageDown,
    /// Move up half a page
    HalfPageUp,
    /// Page the reader down; at its end, mark it read and go to the next unread
    PageDown,
    /// Page the reader up
    PageUp,
    /// Open the selected article (in the entity panel: list the articles that mention it)
    Open,
    /// Switch focus between the list and the reader
    SwitchPane,
    /// Open the next article in the list
    NextArticle,
    /// Open the previous article in the list
    PreviousArticle,
    /// Search: results update as you type
    Search,
    /// Show the results and leave the search box
    SubmitSearch,
    /// Leave the search: back to the search it came from, or the list as it was
    CancelSearch,
    /// Delete the character before the cursor
    DeleteChar,
    /// Delete the character under the cursor
    DeleteNextChar,
    /// Delete the word before the cursor
    DeleteWord,
    /// Clear the search box
    ClearQuery,
    /// Move the cursor one character left
    CursorLeft,
    /// Move the cursor one character right
    CursorRight,
    /// Move the cursor to the start of the query
    CursorStart,
    /// Move the cursor to the end of the query
    CursorEnd,
    /// Next search match in the article
    NextMatch,
    /// Previous search match in the article
    PreviousMatch,
    /// Show or hide the article's entities
    Entities,
    /// Jump to the next entity in the text
    NextEntity,
    /// Jump to the previous entity in the text
    PreviousEntity,
    /// Mark read or unread
    ToggleRead,
    /// Star or unstar
    ToggleStar,
    /// Open the article's link with the opener ($BROWSER)
    OpenLink,
    /// Copy the article's link (OSC 52: works over ssh and in tmux)
    CopyLink,
    /// Go to the next unread article, in the next feed or tag if none are left (reader: open it)
    NextUnread,
    /// Go to the previous unread article, in the one before if none are left (reader: open it)
    PreviousUnread,
    /// Show only the unread articles of this list, or all of them again
    ToggleUnreadOnly,
    /// Mark every article of this list read (asks first when over 100)
    MarkAllRead,
    /// Undo the last change of read, star or hidden (several deep)
    Undo,
    /// Change the list's order: newest, oldest, by source, unread first
    CycleSort,
    /// Hide the article from every list (is:hidden finds it; again to show it)
    ToggleHidden,
    /// Save this search under a name, for the sidebar
    SaveSearch,
    /// Turn alerts for the selected saved search on or off
    ToggleAlert,
    /// Follow the selected name: a saved search that alerts when it is mentioned
    FollowName,
    /// Show one row per story (an event's reports from every source), or every article again
    ToggleStories,
    /// Show the sidebar: saved searches, tags and feeds (Enter opens one)
    Feeds,
    /// Refresh the feed of the current article (in the feed list: that feed)
    Refresh,
    /// Refresh every feed, in the background
    RefreshAll,
    /// Fetch the article's web page and show its full text
    FetchFull,
    /// Show or hide this help
    Help,
    /// Go back: close the reader, panel or help; clear the search; quit from the list
    Back,
    /// Quit dateline
    Quit,
    /// Suspend to the shell, as any job (fg comes back)
    Suspend,
    /// Unbind the key (in config.toml, to take a default key away)
    None,
}

impl Action {
    /// The name used in `config.toml`, e.g. `half_page_down`.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde() {
        for &action in Action::ALL {
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
        for &action in Action::ALL {
            assert!(seen.insert(action), "{action:?} listed twice");
            assert!(!action.help().is_empty());
        }
        assert_eq!(Action::Quit.help(), "Quit dateline");
    }
}
