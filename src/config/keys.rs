//! Every key `config.toml` knows, in one table: its type, default and meaning (for `dateline
//! config keys` and the man page) beside the code that reads it, so the parser accepts exactly
//! the keys listed here and the documentation cannot leave one out.

use super::feeds::FeedSettings;
use super::parse::field;
use super::{Config, parse_duration};
use crate::store::ListOrder;

/// Where a key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// At the top of the file.
    Top,
    /// In a `[feeds."NAME or URL"]` table.
    Feed,
    /// In a `[[filter]]` table.
    Filter,
    /// In a `[keys.MODE]` table: any key, bound to an action.
    Keys,
}

impl Section {
    /// The table heading the key goes under, empty at the top.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Top => "",
            Section::Feed => "[feeds.\"NAME\"]",
            Section::Filter => "[[filter]]",
            Section::Keys => "[keys.MODE]",
        }
    }
}

/// How the parser reads a key.
pub(super) enum Read {
    /// A value at the top, set on the config (an error says what is wrong with it).
    Value(fn(&mut Config, toml::Value) -> Result<(), String>),
    /// The `[feeds."..."]` tables, read from the text with their lines (`feeds.rs`).
    FeedTables,
    /// The `[[filter]]` tables, read from the text with their lines (`filters.rs`).
    FilterTables,
    /// A setting in a `[feeds."..."]` table.
    Feed(fn(&mut FeedSettings, &toml::Value) -> Result<(), String>),
    /// A key of a `[[filter]]` table, read with the others of its table.
    FilterKey,
    /// A binding in `[keys.MODE]`, read by the keymap from the `keys` value.
    Binding,
}

/// One key of `config.toml`.
pub struct Key {
    pub section: Section,
    /// Its name (`KEY` for a binding).
    pub name: &'static str,
    /// The kind of value: `string`, `bool`, `duration`, `path`, ...
    pub kind: &'static str,
    /// What holds when it is not set.
    pub default: &'static str,
    /// What it does.
    pub meaning: &'static str,
    /// Lines of `config.toml` that set it to something other than the default (the tests read
    /// each with the parser: no warning, and the config changes).
    pub example: &'static str,
    pub(super) read: Read,
}

impl Key {
    /// The name as a person looks for it: `theme`, `[feeds."NAME"] keep`.
    pub fn full_name(&self) -> String {
        match self.section {
            Section::Top => self.name.to_string(),
            section => format!("{} {}", section.heading(), self.name),
        }
    }
}

fn duration(value: toml::Value) -> Result<std::time::Duration, String> {
    field::<String>(value).and_then(|text| parse_duration(&text))
}

fn feed_duration(value: &toml::Value) -> Result<std::time::Duration, String> {
    value
        .as_str()
        .ok_or_else(|| "a duration is a string such as \"30d\"".to_string())
        .and_then(parse_duration)
}

/// Every key, in the order `config keys` and the man page list them.
pub const KEYS: &[Key] = &[
    Key {
        section: Section::Top,
        name: "data_dir",
        kind: "path",
        default: "$XDG_DATA_HOME/dateline",
        meaning: "Where the store and the index live; `~` is the home directory and a relative path is relative to the config file. --data-dir and DATELINE_DATA_DIR come first.",
        example: "data_dir = \"~/news\"",
        read: Read::Value(|c, v| field(v).map(|v| c.data_dir = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "theme",
        kind: "string",
        default: "default",
        meaning: "The screen's theme: default, light, high-contrast, mono, or NAME for themes/NAME.toml beside the config.",
        example: "theme = \"light\"",
        read: Read::Value(|c, v| field(v).map(|v| c.theme = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "mark_read_on_open",
        kind: "bool",
        default: "true",
        meaning: "Opening an article marks it read.",
        example: "mark_read_on_open = false",
        read: Read::Value(|c, v| field(v).map(|v| c.mark_read_on_open = v)),
    },
    Key {
        section: Section::Top,
        name: "sort",
        kind: "string",
        default: "newest",
        meaning: "The list's order when the screen opens: newest, oldest, source, unread (first).",
        example: "sort = \"oldest\"",
        read: Read::Value(|c, v| {
            field::<String>(v).and_then(|v| {
                ListOrder::from_name(&v)
                    .map(|order| c.sort = order)
                    .ok_or_else(|| {
                        format!("`{v}` is not an order (newest, oldest, source, unread)")
                    })
            })
        }),
    },
    Key {
        section: Section::Top,
        name: "show_read",
        kind: "bool",
        default: "true",
        meaning: "Lists show read articles too; false: every list opens with only its unread, as `U` shows them (newsboat's show-read-articles), and `U` shows all of one list again.",
        example: "show_read = false",
        read: Read::Value(|c, v| field(v).map(|v| c.show_read = v)),
    },
    Key {
        section: Section::Top,
        name: "mouse",
        kind: "bool",
        default: "false",
        meaning: "Clicks select, a double-click opens, the wheel scrolls (the terminal's own selection then needs Shift).",
        example: "mouse = true",
        read: Read::Value(|c, v| field(v).map(|v| c.mouse = v)),
    },
    Key {
        section: Section::Top,
        name: "stories",
        kind: "bool",
        default: "false",
        meaning: "The screen opens on the stories list (one row per event).",
        example: "stories = true",
        read: Read::Value(|c, v| field(v).map(|v| c.stories = v)),
    },
    Key {
        section: Section::Top,
        name: "images",
        kind: "string",
        default: "auto",
        meaning: "Lead pictures above the reader's text: auto (in terminals that show pictures), always (also in coloured half blocks), never (nothing asked, fetched or drawn).",
        example: "images = \"never\"",
        read: Read::Value(|c, v| field(v).map(|v| c.images = v)),
    },
    Key {
        section: Section::Top,
        name: "refresh_every",
        kind: "duration",
        default: "none",
        meaning: "Refresh the feeds that are due this often while the screen is open (90s, 30m, 2h).",
        example: "refresh_every = \"30m\"",
        read: Read::Value(|c, v| duration(v).map(|v| c.refresh_every = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "sync_timeout",
        kind: "duration",
        default: "60s",
        meaning: "How long one request to a sync account's server may take before the sync stops with \"no complete answer within N s\" (the changes wait for the next sync).",
        example: "sync_timeout = \"2m\"",
        read: Read::Value(|c, v| duration(v).map(|v| c.sync_timeout = v)),
    },
    Key {
        section: Section::Top,
        name: "keep",
        kind: "duration",
        default: "for ever",
        meaning: "How long feeds' articles are kept unless a feed says otherwise; starred ones stay.",
        example: "keep = \"180d\"",
        read: Read::Value(|c, v| duration(v).map(|v| c.keep = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "opener",
        kind: "string",
        default: "$BROWSER",
        meaning: "The command that opens links; `%u` stands for the link, else it goes last. w3m, lynx and other terminal browsers get the terminal until they end (inside tmux, a new window).",
        example: "opener = \"firefox\"",
        read: Read::Value(|c, v| field(v).map(|v| c.opener = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "opener_in_terminal",
        kind: "bool",
        default: "false",
        meaning: "The opener draws in the terminal, as a script that runs w3m does: it gets the terminal until it ends. Needed only when its name is none of w3m, lynx, links, elinks, browsh, carbonyl, less and more.",
        example: "opener_in_terminal = true",
        read: Read::Value(|c, v| field(v).map(|v| c.opener_in_terminal = v)),
    },
    Key {
        section: Section::Top,
        name: "hyperlinks",
        kind: "string",
        default: "auto",
        meaning: "OSC 8 hyperlinks in the reader's link list: auto (detect from the terminal), always, never.",
        example: "hyperlinks = \"never\"",
        read: Read::Value(|c, v| field(v).map(|v| c.hyperlinks = v)),
    },
    Key {
        section: Section::Top,
        name: "notify_command",
        kind: "string",
        default: "none",
        meaning: "Run with sh -c when a refresh brings new articles into a saved search that notifies; DATELINE_SAVED, DATELINE_COUNT and DATELINE_TITLES say what.",
        example: "notify_command = \"notify-send dateline \\\"$DATELINE_SAVED\\\"\"",
        read: Read::Value(|c, v| field(v).map(|v| c.notify_command = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "alert_bell",
        kind: "bool",
        default: "false",
        meaning: "Ring the terminal's bell with an alert.",
        example: "alert_bell = true",
        read: Read::Value(|c, v| field(v).map(|v| c.alert_bell = v)),
    },
    Key {
        section: Section::Top,
        name: "password_command",
        kind: "string",
        default: "none",
        meaning: "Run with sh -c for a sync account's password when the account has no command of its own; DATELINE_ACCOUNT, DATELINE_USER and DATELINE_URL say which; its first line is the password.",
        example: "password_command = \"pass show freshrss\"",
        read: Read::Value(|c, v| field(v).map(|v| c.password_command = Some(v))),
    },
    Key {
        section: Section::Top,
        name: "keys",
        kind: "tables",
        default: "the built-in keymap",
        meaning: "[keys.MODE] tables of key bindings, below.",
        example: "[keys.reader]\nx = \"none\"",
        read: Read::Value(|c, v| field(v).map(|v| c.keys = v)),
    },
    Key {
        section: Section::Keys,
        name: "KEY",
        kind: "action",
        default: "see KEYS",
        meaning: "Binds KEY to an action in a mode (list, reader, search, entities, help, feeds, or global for all); \"none\" takes a default key away.",
        example: "[keys.list]\nz = \"toggle_read\"",
        read: Read::Binding,
    },
    Key {
        section: Section::Top,
        name: "feeds",
        kind: "tables",
        default: "none",
        meaning: "[feeds.\"NAME or URL\"] tables: settings for one feed, by its name (any case) or URL.",
        example: "[feeds.\"Coastal Wire\"]\nfull_text = true",
        read: Read::FeedTables,
    },
    Key {
        section: Section::Feed,
        name: "keep",
        kind: "duration",
        default: "the global keep",
        meaning: "This feed's articles older than this are removed (starred ones stay).",
        example: "[feeds.\"Coastal Wire\"]\nkeep = \"30d\"",
        read: Read::Feed(|f, v| feed_duration(v).map(|d| f.keep = Some(d))),
    },
    Key {
        section: Section::Feed,
        name: "max_items",
        kind: "integer",
        default: "no limit",
        meaning: "All but this feed's newest N articles are removed (starred ones stay).",
        example: "[feeds.\"Coastal Wire\"]\nmax_items = 200",
        read: Read::Feed(|f, v| {
            v.as_integer()
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .map(|n| f.max_items = Some(n))
                .ok_or_else(|| "`max_items` must be a whole number above 0".to_string())
        }),
    },
    Key {
        section: Section::Feed,
        name: "full_text",
        kind: "bool",
        default: "false",
        meaning: "Fetch each new article's web page and keep its main text.",
        example: "[feeds.\"Coastal Wire\"]\nfull_text = true",
        read: Read::Feed(|f, v| {
            v.as_bool()
                .map(|on| f.full_text = on)
                .ok_or_else(|| "`full_text` must be true or false".to_string())
        }),
    },
    Key {
        section: Section::Feed,
        name: "refresh_every",
        kind: "duration",
        default: "every round",
        meaning: "Under `refresh --every` (and the screen's refresh_every), this feed waits this long between fetches.",
        example: "[feeds.\"Coastal Wire\"]\nrefresh_every = \"2h\"",
        read: Read::Feed(|f, v| feed_duration(v).map(|d| f.refresh_every = Some(d))),
    },
    Key {
        section: Section::Top,
        name: "filter",
        kind: "tables",
        default: "none",
        meaning: "[[filter]] tables: applied to every article as it arrives (and by `dateline filter apply`).",
        example: "[[filter]]\nquery = \"sport\"\naction = \"hide\"",
        read: Read::FilterTables,
    },
    Key {
        section: Section::Filter,
        name: "query",
        kind: "string",
        default: "required",
        meaning: "The articles the filter acts on, in the query language (whole words).",
        example: "[[filter]]\nquery = \"feed:reuters sport\"\naction = \"read\"",
        read: Read::FilterKey,
    },
    Key {
        section: Section::Filter,
        name: "action",
        kind: "string",
        default: "(or tag)",
        meaning: "What is done to them: hide, read or star.",
        example: "[[filter]]\nquery = \"sport\"\naction = \"star\"",
        read: Read::FilterKey,
    },
    Key {
        section: Section::Filter,
        name: "tag",
        kind: "string",
        default: "(or action)",
        meaning: "A tag given to them instead of an action.",
        example: "[[filter]]\nquery = \"person:\\\"ada lee\\\"\"\ntag = \"ada\"",
        read: Read::FilterKey,
    },
];

/// The keys of one section, in the table's order.
pub fn in_section(section: Section) -> impl Iterator<Item = &'static Key> {
    KEYS.iter().filter(move |key| key.section == section)
}

/// The names of one section's keys, for "known: ..." in a warning.
pub fn names(section: Section) -> Vec<&'static str> {
    in_section(section).map(|key| key.name).collect()
}

/// The key of `section` with this name.
pub(super) fn find(section: Section, name: &str) -> Option<&'static Key> {
    in_section(section).find(|key| key.name == name)
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
