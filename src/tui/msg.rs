//! What `update` is told (`Msg`) and what it asks for in return (`Effect`). Reads and writes of
//! the library are `DataRequest`s, each answered by a `Msg` in the same turn of the loop.

use crossterm::event::{Event, KeyEvent, MouseEvent};

use super::list::RowRequest;
use super::pictures::{Picture, PictureRequest};
use super::source::IdQuery;
use super::state::{SearchOutcome, SearchRequest, Sizes};
use crate::article::{Article, ArticleId, ArticleSummary, EntityKind};
use crate::library::{EntityPage, FlagChange, ListScope, Sidebar};
use crate::store::{Counts, ListKey};

/// What happened, for `update`.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): text, never keys.
    Paste(String),
    /// A click or the wheel (with `mouse = true`), and when it happened.
    Mouse(MouseEvent, std::time::Instant),
    /// The layout changed (a resize, or a pane opened or closed).
    Resized(Sizes),
    Searched(Box<SearchOutcome>),
    /// The count of a search whose hits came first.
    Counted {
        generation: u64,
        total: usize,
    },
    /// A background refresh has stored `done` of `total` feeds.
    Refreshing {
        done: usize,
        total: usize,
    },
    /// A sync's step (`syncing rss.example.org: 40/120 new`).
    Syncing(String),
    /// A background refresh ended: new and updated articles, failed feeds, and the counts after
    /// it; or why it could not run.
    Refreshed(Result<Refreshed, String>),
    /// The exact article counts, which start-up leaves to a thread.
    Totals(Counts),
    /// Something was written to the store since last seen (by another process, or a thread of
    /// this one): the counts now, and whether the index changed too.
    StoreChanged {
        counts: Counts,
        index: bool,
    },
    /// `refresh_every` has passed since the last refresh in the screen.
    AutoRefresh,
    /// Show the stories list (`stories = true` at start).
    ShowStories,
    /// List as the config says at start: in its order (`sort` other than newest), and unread
    /// only (`show_read = false`).
    StartAsConfigured,
    /// The opener of a link ended in failure (what to say).
    OpenerFailed(String),
    /// The full text of an article was fetched (its length), or could not be.
    FullText {
        id: ArticleId,
        result: Result<usize, String>,
    },
    /// The answer to a `DataRequest`.
    Data(Box<DataAnswer>),
    /// An article's lead picture, fetched and encoded in the background, or why it could not be.
    Picture {
        article: ArticleId,
        result: Result<Box<Picture>, String>,
    },
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Refreshed {
    pub new: usize,
    pub updated: usize,
    /// Each feed that failed, as `name: why`.
    pub failures: Vec<String>,
    pub counts: Counts,
    /// One line per saved search that notifies and gained articles.
    pub alerts: Vec<String>,
    /// The desktop notifications (and bell) to send the terminal for them.
    pub notification: String,
    /// What went wrong after the feeds were stored (a full text, a notify_command, a sync).
    pub warnings: Vec<String>,
    /// How sync stands, with an account (`synced 14:02`, `not synced, 3 changes waiting`).
    pub sync: Option<String>,
}

/// What the loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read or write the library, and answer with `Msg::Data`.
    Data(DataRequest),
    Search(SearchRequest),
    /// The index changed: the search worker looks again before its next query.
    IndexChanged,
    /// Open a URL with the configured opener.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Refresh these feeds (all when `None`) in the background.
    Refresh(Option<Vec<i64>>),
    /// Refresh the feeds whose own `refresh_every` has passed (all without one).
    RefreshDue,
    /// Write these escape sequences to the terminal (a desktop notification, the bell).
    Notify(String),
    /// Fetch this article's page in the background.
    FetchFull(ArticleId),
    /// Fetch and encode a lead picture in the background.
    FetchPicture(PictureRequest),
    /// Give the terminal back to the shell and stop until continued (Ctrl-Z, then `fg`).
    Suspend,
    Quit,
}

/// What an article is read for, which decides what its answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleUse {
    /// Shown beside the list as the selection moves.
    Preview,
    /// Opened to be read (Enter, J, K): the reader takes the screen and it is marked read.
    Open,
    /// Its link opened (`o`) or copied (`y`).
    Link { copy: bool },
    /// Read again (its full text arrived).
    Reload,
}

/// A read or write of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataRequest {
    /// Rows for the list of view `view`, whose rows had revision `revision` when asked.
    Rows {
        view: u64,
        revision: u64,
        request: RowRequest,
        /// The rows are stories: each with its size, read only when all its reports are.
        stories: bool,
    },
    /// Mark every report of a story read or unread (`m` on a story).
    MarkStory {
        story: ArticleId,
        read: bool,
    },
    /// The ids of a source that the store lists whole.
    Ids {
        view: u64,
        query: IdQuery,
    },
    /// Where the article of `key` now stands in the store's list (the store changed).
    Locate {
        view: u64,
        revision: u64,
        key: ListKey,
    },
    Article {
        id: ArticleId,
        purpose: ArticleUse,
    },
    /// The sidebar: saved searches, tags and feeds with their counts.
    Sidebar,
    /// Save a query under a name (with alerts when `notify`).
    SaveSearch {
        name: String,
        query: String,
        notify: bool,
    },
    /// The page of the name view `view` lists: mentions per day, sources, names with it.
    EntityPage {
        view: u64,
        kind: EntityKind,
        name: String,
    },
    /// Turn a saved search's alerts on or off.
    SetAlert {
        name: String,
        notify: bool,
    },
    /// Mark every article of a view read (`A`).
    MarkAllRead {
        scope: ListScope,
    },
    /// Set a flag on many articles (`u` puts back what a change did).
    ChangeFlag {
        ids: Vec<ArticleId>,
        flag: FlagChange,
        value: bool,
        undo: bool,
    },
    /// Hide an article, or show it again if it is hidden.
    ToggleHidden {
        id: ArticleId,
    },
    /// The next unread article of view `view` after the selected one, or before it.
    SeekUnread {
        view: u64,
        revision: u64,
        after: UnreadFrom,
        backward: bool,
    },
    /// The feed an article came from.
    FeedOf {
        article: ArticleId,
    },
    SetFlag {
        id: ArticleId,
        flag: Flag,
        value: bool,
    },
}

/// Where to look for the next unread article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnreadFrom {
    /// In the store's newest-first list, after this row and then from the top (backward: before
    /// it and then from the bottom).
    Key(ListKey),
    /// Among these hits (all the list holds), from `start` on, then from the first if `wrap`
    /// (only when they are all of the list's: past them more may match). Backward: from the one
    /// before `start` up, then from the last if `wrap`.
    Ids {
        start: usize,
        ids: Vec<ArticleId>,
        wrap: bool,
    },
}

/// The rows to look at for the next unread among `len`, in order: from `start` down the list and
/// then from the first if `wrap`; backward, from the row above `start` up and then from the last.
pub fn unread_search_order(start: usize, len: usize, wrap: bool, backward: bool) -> Vec<usize> {
    let start = start.min(len);
    let (ahead, behind) = if backward {
        (0..start, start..len)
    } else {
        (start..len, 0..start)
    };
    let behind = if wrap { behind } else { 0..0 };
    if backward {
        ahead.rev().chain(behind.rev()).collect()
    } else {
        ahead.chain(behind).collect()
    }
}

/// A flag a key sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Read,
    Starred,
}

/// An article with the page text fetched for it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub article: Article,
    pub full_text: Option<String>,
}

/// The answer to a `DataRequest`; a failed read or write carries what went wrong.
#[derive(Debug)]
pub enum DataAnswer {
    Rows {
        view: u64,
        revision: u64,
        request: RowRequest,
        rows: Result<Vec<ArticleSummary>, String>,
    },
    Ids {
        view: u64,
        ids: Result<Vec<ArticleId>, String>,
    },
    Located {
        view: u64,
        revision: u64,
        key: ListKey,
        position: Result<usize, String>,
    },
    Article {
        id: ArticleId,
        purpose: ArticleUse,
        found: Result<Option<Box<Loaded>>, String>,
    },
    Sidebar(Result<Sidebar, String>),
    /// A search was saved under this name.
    SavedSearch(Result<String, String>),
    EntityPage {
        view: u64,
        page: Result<Box<EntityPage>, String>,
    },
    /// A flag was set on these articles (exactly those that changed).
    Changed {
        flag: FlagChange,
        value: bool,
        undo: bool,
        ids: Result<Vec<ArticleId>, String>,
    },
    /// The next unread article and where it stands, if there is one.
    SeekUnread {
        view: u64,
        revision: u64,
        found: Result<Option<(ListKey, usize)>, String>,
    },
    FeedOf {
        article: ArticleId,
        feed: Result<Option<i64>, String>,
    },
    Written(Result<(), String>),
}

/// What reaches the loop.
pub enum Incoming {
    Terminal(Event),
    /// A message from one of the screen's threads: the search worker, the watcher of writes
    /// elsewhere, a refresh or a full-text fetch.
    Search(Msg),
    /// The screen must end: a thread failed or the terminal is gone (the reason).
    Stop(String),
    /// A signal asked the screen to end.
    Signalled(i32),
}
