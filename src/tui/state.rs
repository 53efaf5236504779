//! Everything the screen shows, as plain data: `update` changes it, the views only read it.

use std::time::Duration;

use super::list::{ArticleList, Rows};
use super::reader::Reader;
use crate::article::{ArticleId, EntityKind};
use crate::config::keymap::Mode;
use crate::config::keymap::{KeyInput, Keymap};
use crate::search::Highlighter;
use crate::search::query::ParsedQuery;
use crate::store::{Counts, FeedStats};

/// Results fetched per search while typing; scrolling near the end fetches more.
pub const SEARCH_PAGE: usize = 60;

/// Sizes of the panes in the last layout, which moves and pages are measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sizes {
    pub list_height: usize,
    pub reader_width: usize,
    pub reader_height: usize,
    pub panel_height: usize,
    pub help_height: usize,
    /// Columns of the help screen, which start-up notices are wrapped to.
    pub help_width: usize,
    /// List and reader side by side (else one of them fills the screen).
    pub wide: bool,
    /// The terminal is below the smallest size: only a notice is shown, and only quitting works.
    pub too_small: bool,
}

/// Settings from the config that change behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub mark_read_on_open: bool,
}

/// A query for the search worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Results of an older generation than the newest request are dropped.
    pub generation: u64,
    pub text: String,
    pub limit: usize,
}

/// What the search worker found.
#[derive(Debug, Clone)]
pub struct SearchOutcome {
    pub generation: u64,
    pub parsed: ParsedQuery,
    pub ids: Vec<ArticleId>,
    /// How many match: known at once when there were fewer hits than asked for, else counted
    /// afterwards (`Msg::Counted`).
    pub total: Option<usize>,
    /// The query narrows nothing: the list shows every article as it does without a search,
    /// and `ids` is empty.
    pub everything: bool,
    pub elapsed: Duration,
    pub error: Option<String>,
}

/// The search box and the search whose results the list shows.
#[derive(Default)]
pub struct SearchBox {
    pub query: String,
    pub generation: u64,
    /// The list as it was before the search began, put back by Esc.
    pub saved: Option<ArticleList>,
    /// The last results applied: how many matched (None while counting) and how long it took.
    pub shown: Option<(Option<usize>, Duration)>,
    /// Marks matches in titles and the reader.
    pub highlighter: Option<Highlighter>,
    /// A request for more results of this generation is on its way.
    pub fetching_more: bool,
    /// The generation of the hits the list holds: an answer of the same generation is more of
    /// them, and only rows of the newest generation may ask for more.
    pub rows_generation: u64,
    /// Searches this one was started from (an entity's articles opened from search results),
    /// innermost last: Esc goes back to them one at a time before the whole list.
    pub outer: Vec<OuterSearch>,
}

/// A search set aside for one started from its results.
#[derive(Debug, Clone)]
pub struct OuterSearch {
    pub query: String,
    pub list: ArticleList,
    pub shown: Option<(Option<usize>, Duration)>,
}

impl SearchBox {
    /// True when the list holds search results.
    pub fn is_active(&self) -> bool {
        self.saved.is_some()
    }
}

/// The entity panel's rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityPanel {
    pub groups: Vec<(EntityKind, Vec<(String, usize)>)>,
    /// Index into `entries()`.
    pub selected: usize,
}

impl EntityPanel {
    /// Every entity, flattened in display order.
    pub fn entries(&self) -> impl Iterator<Item = (EntityKind, &str, usize)> {
        self.groups.iter().flat_map(|(kind, names)| {
            names
                .iter()
                .map(move |(name, count)| (*kind, name.as_str(), *count))
        })
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|(_, names)| names.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The feed list (`f`): every subscription with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedPanel {
    pub feeds: Vec<FeedStats>,
    pub selected: usize,
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The whole screen's state.
pub struct State {
    pub mode: Mode,
    /// Where Esc from help goes back to.
    pub mode_before_help: Mode,
    pub list: ArticleList,
    pub reader: Option<Reader>,
    pub search: SearchBox,
    pub panel: Option<EntityPanel>,
    pub feeds: Option<FeedPanel>,
    /// The feed whose articles the list shows (from the feed list), if one.
    pub feed_view: Option<String>,
    /// A refresh running in the background: feeds done and in all.
    pub refreshing: Option<(usize, usize)>,
    pub help_scroll: usize,
    pub status: Option<Status>,
    pub sizes: Sizes,
    pub counts: Counts,
    /// False until the exact counts arrive (start-up shows an estimate of the total).
    pub counts_exact: bool,
    pub settings: Settings,
    pub keymap: Keymap,
    pub keys: KeyInput,
    /// Where the data lives, for the welcome screen.
    pub data_dir: String,
    /// What went wrong at start-up (config, theme or key lines, index repairs), listed atop help.
    pub notices: Vec<String>,
}

impl State {
    pub fn new(counts: Counts, keymap: Keymap, settings: Settings, data_dir: String) -> State {
        State {
            mode: Mode::List,
            mode_before_help: Mode::List,
            list: ArticleList::new(Rows::All {
                total: counts.total,
            }),
            reader: None,
            search: SearchBox::default(),
            panel: None,
            feeds: None,
            feed_view: None,
            refreshing: None,
            help_scroll: 0,
            status: None,
            sizes: Sizes::default(),
            counts,
            counts_exact: true,
            settings,
            keymap,
            keys: KeyInput::default(),
            data_dir,
            notices: Vec::new(),
        }
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub fn complain(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    /// The store is empty and no search is on: the welcome screen shows instead of the list.
    pub fn is_welcome(&self) -> bool {
        self.counts.total == 0 && !self.search.is_active() && self.mode != Mode::Search
    }
}
