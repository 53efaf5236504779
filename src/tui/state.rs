//! Everything the screen shows, as plain data: `update` changes it, the views only read it.

use std::collections::VecDeque;
use std::time::Duration;

use crate::search::SortOrder;

use crossterm::event::KeyEvent;

use ratatui::layout::Rect;

use super::list::{ArticleList, Rows};
use super::pictures::{Picture, PictureRequest};
use super::reader::Reader;
use super::sidebar::{Group, SidebarPanel};
use super::source::ListSource;
use super::views::{View, Views};
use crate::article::{ArticleId, EntityKind};
use crate::config::keymap::Mode;
use crate::config::keymap::{KeyInput, Keymap};
use crate::library::{FlagChange, ListScope};
use crate::search::query::ParsedQuery;
use crate::store::Counts;
use crate::store::ListOrder;

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
    /// Where the list (or the sidebar) and the reader are, for clicks and the wheel.
    pub list_area: Option<Rect>,
    pub reader_area: Option<Rect>,
}

/// Settings from the config that change behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    pub mark_read_on_open: bool,
    /// The list's order until the sort key changes it (`sort =`).
    pub order: ListOrder,
    /// Every list opens with only its unread (`show_read = false`).
    pub unread_only: bool,
    /// Clicks and the wheel (`mouse = true`).
    pub mouse: bool,
    /// Lead pictures are fetched and drawn: `images` is not "never" and the terminal shows them.
    pub pictures: bool,
}

/// A line of text asked for in the status bar: the name to save a search under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub text: String,
    /// The query saved under the name typed.
    pub query: String,
    /// `text` is the name offered, not yet edited: a character typed replaces it, as in a
    /// dialog whose default is selected; Backspace edits it.
    pub offered: bool,
}

/// A search for the next unread article, waiting for its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeekingUnread {
    /// Open it when found.
    pub open: bool,
    /// The row the search began at: one found before it was found past the end, from the top.
    pub begins: usize,
    /// The article selected when it was asked for.
    pub selected: Option<ArticleId>,
    /// Whether the search goes on from the top: not among hits of which only some are held.
    pub wraps: bool,
    /// Up the list (`previous_unread`), on from the bottom.
    pub backward: bool,
}

/// A feed or tag with nothing unread left, waiting for the sidebar's counts to say which feed
/// (tag) is next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextList {
    /// The feed or tag on screen.
    pub from: ListLeft,
    /// Open the unread found there.
    pub open: bool,
    /// Going up: the feed (tag) before it, and its last unread.
    pub backward: bool,
}

/// A list the sidebar counts unread articles of, that `.` goes on from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListLeft {
    Feed(i64),
    Tag(String),
}

/// The view of a feed or tag gone on to, whose first unread (last, going up) is sought once its
/// rows are read (a feed's ids, a tag's hits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstUnread {
    pub view: u64,
    pub open: bool,
    pub backward: bool,
}

/// A question the status bar asks before a change to many articles; `y` goes ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub scope: ListScope,
}

/// One change that `u` can put back: a flag set to `value` on exactly these articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    pub flag: FlagChange,
    pub value: bool,
    pub ids: Vec<ArticleId>,
    /// The view (by id) and row of the one article `x` hid where it was selected: `u` selects
    /// it there again once it is back.
    pub hid_row: Option<(u64, crate::store::ListKey)>,
}

/// A query for the search worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// Results of an older generation than the newest request are dropped.
    pub generation: u64,
    pub text: String,
    pub limit: usize,
    /// Best match first for what is typed in the box; newest first for a list the search only
    /// finds (a saved search, a tag, a name's articles), as a feed's list is.
    pub sort: SortOrder,
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
    /// The query's last word is a prefix still too short to stand for the words it may become:
    /// finding nothing says nothing yet, and the results before it stay.
    pub still_typing: bool,
    pub elapsed: Duration,
    pub error: Option<String>,
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
    /// What the list shows, on a back stack that Esc pops.
    pub views: Views,
    pub reader: Option<Reader>,
    /// The reader's lead picture once it has arrived (drawn only while its article is open).
    pub picture: Option<Picture>,
    /// The picture last asked for, so that it is asked for once.
    pub picture_asked: Option<PictureRequest>,
    pub panel: Option<EntityPanel>,
    /// The sidebar of saved searches, tags and feeds (`f`).
    pub sidebar: Option<SidebarPanel>,
    /// `f` was pressed: the sidebar opens when its counts are read.
    pub sidebar_asked: bool,
    /// What was last chosen in the sidebar, and the groups folded then: the sidebar opens
    /// again on it.
    pub sidebar_chosen: Option<(ListSource, Vec<Group>)>,
    /// The article asked for and not yet answered, so it is asked for once.
    pub article_asked: Option<ArticleId>,
    /// Enter (or J, K) wants the selected article open once its row is read.
    pub opening: bool,
    /// The article asked for to be opened, until it is read (keys wait for it, see `update`).
    pub open_asked: Option<ArticleId>,
    /// Keys pressed in the list while it still showed the rows from before the search just
    /// submitted: they act once its results are on screen (see `update`).
    pub held_keys: VecDeque<KeyEvent>,
    /// A refresh running in the background: feeds done and in all.
    pub refreshing: Option<(usize, usize)>,
    /// A sync's step while it runs.
    pub sync_step: Option<String>,
    /// How sync stands, with an account: the last good sync, or changes waiting after one failed.
    pub sync_status: Option<String>,
    pub help_scroll: usize,
    pub status: Option<Status>,
    pub sizes: Sizes,
    /// Rows of the list when it was last on screen: moves while it is hidden (the narrow reader)
    /// keep to them, so it comes back as it would have looked.
    pub list_rows: usize,
    pub counts: Counts,
    /// False until the exact counts arrive (start-up shows an estimate of the total).
    pub counts_exact: bool,
    /// The newest search request's number: answers to older ones are dropped.
    pub generation: u64,
    /// Characters of the search box after its cursor (0: the cursor is at the end, where typing
    /// goes unless Left, Home or Ctrl-A moved it).
    pub search_cursor_back: usize,
    pub settings: Settings,
    /// The order new views take (the sort key cycles it).
    pub order: ListOrder,
    /// A name being typed in the status bar.
    pub prompt: Option<Prompt>,
    /// A question waiting for `y`.
    pub confirm: Option<Confirm>,
    /// Changes `u` can put back, the newest last.
    pub undo: Vec<Undo>,
    /// The hidden row (`Undo::hid_row`) of the undo waiting for its write.
    pub undoing_hide: Option<(u64, crate::store::ListKey)>,
    /// Digits typed before a key (`2o` opens link 2).
    pub count: Option<usize>,
    /// The next unread was asked for (`.`): what to do and say when it is found.
    pub seeking_unread: Option<SeekingUnread>,
    /// The feed or tag on screen had nothing unread left: the next one is being looked for.
    pub next_list: Option<NextList>,
    /// The feed or tag gone on to, waiting for its rows.
    pub first_unread_of: Option<FirstUnread>,
    /// The last click (time, column, row), which a second one soon after on the same row
    /// makes a double-click.
    pub last_click: Option<(std::time::Instant, u16, u16)>,
    pub keymap: Keymap,
    pub keys: KeyInput,
    /// Where the data lives, for the welcome screen.
    pub data_dir: String,
    /// Feeds subscribed in a store with no articles yet, for the welcome screen: they are
    /// fetched with `R`, not added.
    pub feeds_unfetched: usize,
    /// What went wrong at start-up (config, theme or key lines, index repairs), listed atop help.
    pub notices: Vec<String>,
}

/// The byte offset in the search box's `text` of a cursor with `back` characters after it.
pub fn search_cursor_at(text: &str, back: usize) -> usize {
    if back == 0 {
        return text.len();
    }
    text.char_indices()
        .rev()
        .nth(back - 1)
        .map_or(0, |(offset, _)| offset)
}

impl State {
    pub fn new(counts: Counts, keymap: Keymap, settings: Settings, data_dir: String) -> State {
        State {
            mode: Mode::List,
            mode_before_help: Mode::List,
            views: Views::new(ArticleList::new(Rows::All {
                total: counts.total,
            })),
            reader: None,
            picture: None,
            picture_asked: None,
            panel: None,
            sidebar: None,
            sidebar_asked: false,
            sidebar_chosen: None,
            article_asked: None,
            opening: false,
            open_asked: None,
            held_keys: VecDeque::new(),
            refreshing: None,
            sync_step: None,
            sync_status: None,
            help_scroll: 0,
            status: None,
            sizes: Sizes::default(),
            list_rows: 1,
            counts,
            counts_exact: true,
            generation: 0,
            search_cursor_back: 0,
            order: settings.order,
            settings,
            prompt: None,
            confirm: None,
            undo: Vec::new(),
            undoing_hide: None,
            count: None,
            seeking_unread: None,
            next_list: None,
            first_unread_of: None,
            last_click: None,
            keymap,
            keys: KeyInput::default(),
            data_dir,
            feeds_unfetched: 0,
            notices: Vec::new(),
        }
    }

    /// The view the screen shows.
    pub fn view(&self) -> &View {
        self.views.top()
    }

    /// The list the screen shows.
    pub fn list(&self) -> &ArticleList {
        &self.views.top().list
    }

    pub fn list_mut(&mut self) -> &mut ArticleList {
        &mut self.views.top_mut().list
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

    /// The store is empty and only the whole list is open: the welcome screen shows instead.
    pub fn is_welcome(&self) -> bool {
        // An empty unread-only list is a store read to the end, not an empty store.
        self.views.depth() == 1
            && self.list().is_empty()
            && self.mode != Mode::Search
            && !self.view().unread_only
    }
}
