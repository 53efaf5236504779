//! `update`: applies one message (a key, new sizes, search results) to the state and says what the
//! loop must do outside it. Plain code over a real store, with no terminal in it.

use crossterm::event::KeyEvent;

use super::flags::{current_article_url, set_flag, toggle_flag};
use super::list::Rows;
use super::reader::{Reader, entity_groups};
use super::state::{EntityPanel, SearchOutcome, SearchRequest, Sizes, State};
use super::{feeds_flow, search_flow};
use crate::config::keymap::Resolved;
use crate::config::keymap::{Action, Mode};
use crate::library::{Library, LibraryError};
use crate::store::Counts;

/// What happened, for `update`.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
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
    /// A background refresh ended: new and updated articles, failed feeds, or why it could not run.
    Refreshed {
        new: usize,
        updated: usize,
        failed: usize,
        error: Option<String>,
    },
    /// The exact article counts, which start-up leaves to a thread.
    Totals(Counts),
    /// The full text of an article was fetched (its length), or could not be.
    FullText {
        id: i64,
        result: Result<usize, String>,
    },
}

/// What the loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Search(SearchRequest),
    /// Open a URL with the configured opener.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Refresh these feeds (all when `None`) in the background.
    Refresh(Option<Vec<i64>>),
    /// Fetch this article's page in the background.
    FetchFull(i64),
    Quit,
}

/// Applies `msg`; store errors become a message in the status bar, never a crash.
pub fn update(state: &mut State, store: &mut Library, msg: Msg) -> Vec<Effect> {
    let mut effects = Vec::new();
    let outcome = match msg {
        Msg::Key(key) => {
            state.status = None;
            key_pressed(state, store, &key, &mut effects)
        }
        Msg::Resized(sizes) => {
            state.sizes = sizes;
            if let Some(reader) = &mut state.reader {
                reader.relayout(sizes.reader_width);
            }
            // A hidden list (the narrow reader, help) keeps its place for when it is back.
            if sizes.list_height > 0 {
                state.list.scroll_to_selection(sizes.list_height);
            }
            Ok(())
        }
        Msg::Searched(outcome) => search_flow::apply_results(state, *outcome),
        Msg::Counted { generation, total } => {
            search_flow::apply_count(state, generation, total);
            Ok(())
        }
        Msg::Totals(counts) => {
            state.counts = counts;
            state.counts_exact = true;
            if matches!(state.list.rows, Rows::All { .. }) {
                state.list.rows = Rows::All {
                    total: counts.total,
                };
                // A search that narrows nothing shows the whole list, and its count.
                if let Some((shown, _)) = &mut state.search.shown {
                    *shown = Some(counts.total);
                }
                state.list.move_by(0, state.sizes.list_height);
            }
            Ok(())
        }
        Msg::Refreshing { done, total } => {
            state.refreshing = Some((done, total));
            Ok(())
        }
        Msg::Refreshed {
            new,
            updated,
            failed,
            error,
        } => feeds_flow::refreshed(state, store, (new, updated, failed), error),
        Msg::FullText { id, result } => feeds_flow::full_text_arrived(state, store, id, result),
    };
    let settled = outcome.and_then(|()| settle(state, store, &mut effects));
    if let Err(error) = settled {
        state.complain(error.to_string());
    }
    effects
}

fn key_pressed(
    state: &mut State,
    store: &mut Library,
    key: &KeyEvent,
    effects: &mut Vec<Effect>,
) -> Result<(), LibraryError> {
    let resolved = state.keys.feed(&state.keymap, state.mode, key);
    if state.sizes.too_small {
        // Nothing can be seen, so nothing is done blind; getting out still works, with q
        // even where it would be typed into the search box.
        if resolved.iter().any(|step| {
            matches!(
                step,
                Resolved::Action(Action::Quit | Action::Back) | Resolved::Type('q')
            )
        }) {
            effects.push(Effect::Quit);
        }
        return Ok(());
    }
    for step in resolved {
        match step {
            Resolved::Action(action) => act(state, store, action, effects)?,
            Resolved::Type(c) if state.mode == Mode::Search => {
                state.search.query.push(c);
                search_flow::query_changed(state, effects);
            }
            Resolved::Type(_) | Resolved::Unbound => {
                if let Some(help) = state.keymap.key_for(state.mode, Action::Help) {
                    state.say(format!("that key does nothing here; {help} lists the keys"));
                }
            }
            Resolved::Pending => {}
        }
    }
    Ok(())
}

/// After any change: the rows on screen are loaded, more results are asked for near the end of
/// those fetched, and in the wide layout the reader follows the selection.
fn settle(
    state: &mut State,
    store: &mut Library,
    effects: &mut Vec<Effect>,
) -> Result<(), LibraryError> {
    state.list.load(store, state.sizes.list_height)?;
    search_flow::fetch_more_if_near_end(state, effects);
    let follows = state.sizes.wide && matches!(state.mode, Mode::List | Mode::Search);
    if follows {
        let selected = state.list.selected_row().map(|row| row.id);
        let shown = state.reader.as_ref().map(|r| r.article.id);
        match selected {
            Some(id) if Some(id) != shown => load_reader(state, store, id)?,
            None => state.reader = None,
            _ => {}
        }
    }
    Ok(())
}

fn load_reader(state: &mut State, store: &Library, id: i64) -> Result<(), LibraryError> {
    let full_text = store.full_text(id)?;
    state.reader = store.get(id)?.map(|article| {
        Reader::new(
            article,
            full_text,
            state.sizes.reader_width,
            state.search.highlighter.as_mut(),
        )
    });
    Ok(())
}

fn act(
    state: &mut State,
    store: &mut Library,
    action: Action,
    effects: &mut Vec<Effect>,
) -> Result<(), LibraryError> {
    let list_height = state.sizes.list_height.max(1);
    let reader_height = state.sizes.reader_height.max(1);
    match action {
        Action::None => {}
        Action::Quit => effects.push(Effect::Quit),
        Action::Back => back(state, effects),
        Action::Help => {
            if state.mode == Mode::Help {
                state.mode = state.mode_before_help;
            } else {
                state.mode_before_help = state.mode;
                state.mode = Mode::Help;
                state.help_scroll = 0;
            }
        }
        Action::Up | Action::Down | Action::First | Action::Last => {
            let delta = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::First => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            move_by(state, delta);
        }
        Action::HalfPageDown | Action::HalfPageUp => {
            let half = match state.mode {
                Mode::Reader => reader_height / 2,
                Mode::Help => state.sizes.help_height / 2,
                Mode::Entities => state.sizes.panel_height / 2,
                _ => list_height / 2,
            }
            .max(1) as isize;
            move_by(
                state,
                if action == Action::HalfPageUp {
                    -half
                } else {
                    half
                },
            );
        }
        Action::PageDown | Action::PageUp => {
            let page = reader_height.saturating_sub(2).max(1) as isize;
            let delta = if action == Action::PageUp {
                -page
            } else {
                page
            };
            match (&mut state.reader, state.mode) {
                (_, Mode::Help) => move_by(state, delta),
                (Some(reader), Mode::List | Mode::Reader)
                    if state.sizes.wide || state.mode == Mode::Reader =>
                {
                    reader.scroll_by(delta, reader_height);
                }
                _ => move_by(state, delta),
            }
        }
        Action::Open => match state.mode {
            Mode::Entities => search_flow::search_entity(state, effects),
            Mode::Feeds => feeds_flow::read_feed(state, store)?,
            Mode::Search => search_flow::submit(state, effects),
            _ => open_selected(state, store)?,
        },
        Action::SwitchPane => match state.mode {
            Mode::List if state.reader.is_some() => state.mode = Mode::Reader,
            Mode::List => open_selected(state, store)?,
            Mode::Reader => state.mode = Mode::List,
            _ => {}
        },
        Action::NextArticle | Action::PreviousArticle => {
            let delta = if action == Action::NextArticle { 1 } else { -1 };
            let before = state.list.selected;
            state.list.move_by(delta, list_height);
            if state.list.selected == before {
                state.say(if delta > 0 {
                    "this is the last article"
                } else {
                    "this is the first article"
                });
            } else {
                state.list.load(store, list_height)?;
                open_selected(state, store)?;
            }
        }
        Action::Search => search_flow::begin(state),
        Action::SubmitSearch => search_flow::submit(state, effects),
        Action::CancelSearch => search_flow::cancel(state, effects),
        Action::DeleteChar | Action::DeleteWord | Action::ClearQuery => {
            search_flow::edit(state, action, effects);
        }
        Action::NextMatch | Action::PreviousMatch => {
            let forward = action == Action::NextMatch;
            let stepped = match &mut state.reader {
                Some(reader) if !reader.matches.is_empty() => {
                    reader.step_match(forward, reader_height);
                    Some((reader.current_match.unwrap_or(0) + 1, reader.matches.len()))
                }
                _ => None,
            };
            match stepped {
                Some((at, of)) => state.say(format!("match {at} of {of}")),
                None => state.say("no search matches in this article"),
            }
        }
        Action::NextEntity | Action::PreviousEntity => {
            let forward = action == Action::NextEntity;
            match &mut state.reader {
                Some(reader) => {
                    if !reader.step_entity(forward, reader_height) {
                        state.say("no names or dates found in this article");
                    }
                }
                None => state.say("open an article first"),
            }
        }
        Action::Entities => toggle_panel(state),
        Action::Feeds => feeds_flow::toggle_list(state, store)?,
        Action::Refresh | Action::RefreshAll => {
            feeds_flow::refresh(state, store, action == Action::RefreshAll, effects)?;
        }
        Action::FetchFull => feeds_flow::fetch_full(state, effects),
        Action::ToggleRead | Action::ToggleStar => toggle_flag(state, store, action)?,
        Action::OpenLink | Action::CopyLink => {
            let url = current_article_url(state, store)?;
            match (url, action) {
                (None, _) => state.say("this article has no web link"),
                (Some(url), Action::OpenLink) => effects.push(Effect::OpenUrl(url)),
                (Some(url), _) => effects.push(Effect::Copy(url)),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "update_tests.rs"]
mod tests;

/// `q`/Esc: close what is on top; from the bare list, quit.
fn back(state: &mut State, effects: &mut Vec<Effect>) {
    match state.mode {
        Mode::Help => state.mode = state.mode_before_help,
        Mode::Feeds => {
            state.feeds = None;
            state.mode = Mode::List;
        }
        Mode::Entities => {
            state.panel = None;
            state.mode = if state.reader.is_some() {
                Mode::Reader
            } else {
                Mode::List
            };
        }
        Mode::Reader => state.mode = Mode::List,
        Mode::Search => search_flow::cancel(state, effects),
        Mode::List if state.search.is_active() => search_flow::cancel(state, effects),
        Mode::List => effects.push(Effect::Quit),
    }
}

fn move_by(state: &mut State, delta: isize) {
    let sizes = state.sizes;
    match state.mode {
        Mode::List | Mode::Search => state.list.move_by(delta, sizes.list_height),
        Mode::Reader => {
            if let Some(reader) = &mut state.reader {
                reader.scroll_by(delta, sizes.reader_height);
            }
        }
        Mode::Help => {
            let last = super::help_text::lines(state).len().saturating_sub(sizes.help_height);
            state.help_scroll = state.help_scroll.saturating_add_signed(delta).min(last);
        }
        Mode::Entities => {
            if let Some(panel) = &mut state.panel {
                let last = panel.len().saturating_sub(1);
                panel.selected = panel.selected.saturating_add_signed(delta).min(last);
            }
        }
        Mode::Feeds => {
            if let Some(panel) = &mut state.feeds {
                let last = panel.feeds.len().saturating_sub(1);
                panel.selected = panel.selected.saturating_add_signed(delta).min(last);
            }
        }
    }
}

/// Opens the selected article in the reader and marks it read (when so configured).
fn open_selected(state: &mut State, store: &mut Library) -> Result<(), LibraryError> {
    let Some(id) = state.list.selected_row().map(|row| row.id) else {
        return Ok(());
    };
    if state.reader.as_ref().map(|r| r.article.id) != Some(id) {
        load_reader(state, store, id)?;
    }
    if state.reader.is_none() {
        state.complain(format!("article {id} is no longer stored"));
        return Ok(());
    }
    state.mode = Mode::Reader;
    if state.settings.mark_read_on_open && state.reader.as_ref().is_some_and(|r| !r.article.read) {
        set_flag(state, store, Action::ToggleRead, id, true)?;
    }
    Ok(())
}

fn toggle_panel(state: &mut State) {
    if state.mode == Mode::Entities {
        state.panel = None;
        state.mode = Mode::Reader;
        return;
    }
    let Some(reader) = &state.reader else {
        state.say("open an article first");
        return;
    };
    let groups = entity_groups(&reader.article);
    if groups.is_empty() {
        state.say("no names or dates found in this article");
        return;
    }
    state.panel = Some(EntityPanel {
        groups,
        ..EntityPanel::default()
    });
    state.mode = Mode::Entities;
}
