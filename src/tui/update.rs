//! `update`: applies one message (a key, new sizes, search results, what the library answered)
//! to the state and says what the loop must do outside it. Plain code: no terminal and no store
//! in it; reads and writes are `Effect::Data`, answered by `Msg::Data`.

use super::answers;
use super::flags::{toggle_flag, use_link};
use super::reader::entity_groups;
use super::reader_flow::{follow_selection, open_selected};
use super::state::{EntityPanel, State};
use super::views::Purpose;
use super::{feeds_flow, list_flow, marks, mouse, prompt, reader_flow, search_flow, unread_flow};
use crate::config::keymap::Resolved;
use crate::config::keymap::{Action, Mode};

pub use super::msg::{ArticleUse, DataAnswer, DataRequest, Effect, Flag, Loaded, Msg, Refreshed};

/// Applies `msg`; what went wrong shows in the status bar, never as a crash.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut effects = Vec::new();
    // Keys held, then Esc, Ctrl-C or too many to wait: all of them act now, in order.
    let mut flood = false;
    match msg {
        Msg::Key(key)
            if holds_keys(state)
                && !is_never_held(&key)
                && state.held_keys.len() + 1 < MOST_HELD =>
        {
            state.held_keys.push_back(key);
            return effects;
        }
        Msg::Key(key) if !state.held_keys.is_empty() => {
            state.held_keys.push_back(key);
            flood = true;
        }
        Msg::Key(key) => {
            state.status = None;
            key_pressed(state, &key, &mut effects);
        }
        Msg::Paste(text) => {
            state.status = None;
            // Keys typed before it are no start of a sequence or a count for what follows.
            state.keys.clear();
            state.count = None;
            if state.prompt.is_none() && state.confirm.is_none() && state.mode == Mode::Search {
                search_flow::paste(state, &text, &mut effects);
            } else {
                prompt::paste(state, &text);
            }
        }
        Msg::Mouse(event, at) => {
            state.status = None;
            mouse::handle(state, event, at, &mut effects);
        }
        Msg::Resized(sizes) => {
            state.sizes = sizes;
            if let Some(reader) = &mut state.reader {
                reader.relayout(sizes.reader_width);
                if reader.reveal_pending {
                    reader.reveal_first_match(sizes.reader_height);
                }
            }
            // A hidden list (the narrow reader, help) keeps its height for when it is back.
            if sizes.list_height > 0 {
                state.list_rows = sizes.list_height;
            }
            let rows = state.list_rows;
            state.list_mut().scroll_to_selection(rows);
        }
        Msg::Searched(outcome) => {
            // A tag gone on to by `.` is a search: its first unread is sought once it is read.
            if let Some(view) = search_flow::apply_results(state, *outcome) {
                unread_flow::ids_read(state, view, &mut effects);
            }
        }
        Msg::Counted { generation, total } => search_flow::apply_count(state, generation, total),
        Msg::Totals(counts) => list_flow::totals(state, counts),
        Msg::StoreChanged { counts, index } => {
            list_flow::store_changed(state, counts, index, &mut effects);
        }
        Msg::Refreshing { done, total } => state.refreshing = Some((done, total)),
        Msg::Syncing(step) => state.sync_step = Some(step),
        Msg::Refreshed(result) => feeds_flow::refreshed(state, result, &mut effects),
        Msg::AutoRefresh => feeds_flow::auto_refresh(state, &mut effects),
        Msg::ShowStories => list_flow::toggle_stories(state, &mut effects),
        Msg::StartAsConfigured => list_flow::start_as_configured(state, &mut effects),
        Msg::OpenerFailed(said) => state.complain(said),
        Msg::FullText { id, result } => {
            feeds_flow::full_text_arrived(state, id, result, &mut effects);
        }
        Msg::Data(answer) => answers::apply(state, *answer, &mut effects),
        Msg::Picture { article, result } => reader_flow::picture_arrived(state, article, result),
    }
    settle(state, &mut effects);
    while flood || !holds_keys(state) {
        let Some(key) = state.held_keys.pop_front() else {
            break;
        };
        state.status = None;
        key_pressed(state, &key, &mut effects);
        settle(state, &mut effects);
    }
    effects
}

/// More keys than anyone types ahead of an answer: past them, keys act at once.
const MOST_HELD: usize = 32;

/// Keys typed ahead after Enter in the search box (`/ Oslo Enter Enter s`, a paste, a burst over
/// a slow link) wait for the submitted search's results: until then the list still shows the
/// rows from before, and they would open or star an article the search did not find.
/// An Enter that waits for its row, or for its article, holds the keys after it the same way
/// (`Enter q` would otherwise leave the list before the article opened). What is typed into a
/// prompt is never held.
fn holds_keys(state: &State) -> bool {
    let searching = || {
        state
            .view()
            .asked
            .as_ref()
            .is_some_and(|asked| asked.purpose == Purpose::New)
    };
    let waiting = state.opening || state.open_asked.is_some() || searching();
    state.mode == Mode::List && state.prompt.is_none() && waiting
}

/// Ctrl-C and Esc are never held: they quit or go back even if an answer never comes. (Nor do
/// keys wait once `MOST_HELD` do: a screen whose answer is lost still answers to keys.)
fn is_never_held(key: &crossterm::event::KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    let interrupt = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
    interrupt || key.code == KeyCode::Esc
}

fn key_pressed(state: &mut State, key: &crossterm::event::KeyEvent, effects: &mut Vec<Effect>) {
    if !state.sizes.too_small && prompt::intercept(state, key, effects) {
        return;
    }
    let resolved = state.keys.feed(&state.keymap, state.mode, key);
    if resolved.is_empty() && key.code == crossterm::event::KeyCode::Esc {
        // Esc took back a pending sequence: a count typed before it (`2g`) goes too.
        state.count = None;
        return;
    }
    if resolved == [Resolved::Unbound] && prompt::digit(state, key) {
        return;
    }
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
        } else if resolved.contains(&Resolved::Action(Action::Suspend)) {
            effects.push(Effect::Suspend);
        }
        return;
    }
    for step in resolved {
        match step {
            Resolved::Action(action) => {
                let count = state.count.take();
                match (action, count) {
                    (Action::OpenLink | Action::CopyLink, count) => {
                        use_link(state, action == Action::CopyLink, count, effects);
                    }
                    (Action::Open, Some(n))
                        if state.mode == Mode::List
                            && list_flow::open_related(state, n, effects) => {}
                    (action, _) => act(state, action, effects),
                }
            }
            Resolved::Type(c) if state.mode == Mode::Search => {
                search_flow::type_char(state, c, effects);
            }
            Resolved::Type(_) | Resolved::Unbound => {
                if let Some(help) = state.keymap.key_for(state.mode, Action::Help) {
                    state.say(format!("that key does nothing here; {help} lists the keys"));
                }
            }
            Resolved::Pending => {}
        }
    }
}

/// After any change: a search waiting for its answer shows the rows beneath, the rows on screen
/// are read, more results are asked for near the end of those fetched, an article waiting to be
/// opened is, and in the wide layout the reader follows the selection.
fn settle(state: &mut State, effects: &mut Vec<Effect>) {
    list_flow::inherit(state);
    let view = state.view();
    if let Some(request) = view.list.wanted(state.list_rows) {
        effects.push(Effect::Data(DataRequest::Rows {
            view: view.id,
            revision: view.list.revision(),
            request,
            stories: view.source.is_stories(),
        }));
    }
    search_flow::fetch_more_if_near_end(state, effects);
    if state.opening && !state.view().awaits_own_rows() {
        open_selected(state, effects);
    }
    if state.sizes.wide && matches!(state.mode, Mode::List | Mode::Search) {
        follow_selection(state, effects);
    }
    reader_flow::ask_picture(state, effects);
}

fn act(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    // G's wish for the last hit lasts until another key.
    if action != Action::Last {
        state.views.top_mut().wants_last = false;
    }
    let list_height = state.list_rows.max(1);
    let reader_height = state.sizes.reader_height.max(1);
    match action {
        Action::None => {}
        Action::Quit => effects.push(Effect::Quit),
        Action::Suspend => effects.push(Effect::Suspend),
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
            let in_list = matches!(state.mode, Mode::List | Mode::Search);
            let view = state.views.top_mut();
            view.wants_last =
                action == Action::Last && in_list && search_flow::hits_left(view.list.rows());
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
            // The narrow list has no reader beside it: Space pages the list itself.
            let page = if state.mode == Mode::List && !state.sizes.wide {
                list_height.saturating_sub(1).max(1)
            } else {
                reader_height.saturating_sub(2).max(1)
            } as isize;
            let delta = if action == Action::PageUp {
                -page
            } else {
                page
            };
            match (&mut state.reader, state.mode) {
                (_, Mode::Help) => move_by(state, delta),
                // Space at the end of an article goes on to the next unread one (tin's way).
                (Some(reader), Mode::List | Mode::Reader)
                    if (state.sizes.wide || state.mode == Mode::Reader)
                        && action == Action::PageDown
                        && reader.at_end(reader_height) =>
                {
                    let open = state.mode == Mode::Reader;
                    read_by_paging(state, effects);
                    unread_flow::seek_unread(state, open, false, effects);
                }
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
            Mode::Feeds => feeds_flow::open_entry(state, effects),
            Mode::Search => search_flow::submit(state, effects),
            Mode::List if state.view().source.is_stories() => {
                list_flow::open_story(state, effects);
            }
            _ => open_selected(state, effects),
        },
        Action::SwitchPane => match state.mode {
            // To the article beside the list; from the narrow list, the selected one opens.
            Mode::List
                if state.reader.as_ref().map(|r| r.article.id) == selected_id(state)
                    && state.reader.is_some() =>
            {
                state.mode = Mode::Reader;
            }
            Mode::List => open_selected(state, effects),
            Mode::Reader => state.mode = Mode::List,
            _ => {}
        },
        Action::NextArticle | Action::PreviousArticle => {
            let forward = action == Action::NextArticle;
            match state.list().neighbour(forward) {
                Some(row) => {
                    state.list_mut().select(row, list_height);
                    // Opened once its row is read, which may take this turn's answer.
                    state.opening = true;
                }
                None => state.say(if forward {
                    "this is the last article"
                } else {
                    "this is the first article"
                }),
            }
        }
        Action::Search => search_flow::begin(state, effects),
        Action::SubmitSearch => search_flow::submit(state, effects),
        Action::CancelSearch => search_flow::cancel(state, effects),
        Action::DeleteChar
        | Action::DeleteNextChar
        | Action::DeleteWord
        | Action::ClearQuery
        | Action::CursorLeft
        | Action::CursorRight
        | Action::CursorStart
        | Action::CursorEnd => search_flow::edit(state, action, effects),
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
        Action::Feeds => feeds_flow::toggle_list(state, effects),
        Action::Refresh | Action::RefreshAll => {
            feeds_flow::refresh(state, action == Action::RefreshAll, effects);
        }
        Action::FetchFull => feeds_flow::fetch_full(state, effects),
        Action::ToggleRead | Action::ToggleStar => toggle_flag(state, action, effects),
        Action::OpenLink | Action::CopyLink => {
            use_link(state, action == Action::CopyLink, None, effects);
        }
        Action::NextUnread | Action::PreviousUnread => {
            let open = state.mode == Mode::Reader || state.reader.is_some() && state.sizes.wide;
            unread_flow::seek_unread(state, open, action == Action::PreviousUnread, effects);
        }
        Action::ToggleUnreadOnly => list_flow::toggle_unread_only(state, effects),
        Action::MarkAllRead if state.mode == Mode::Feeds => {
            feeds_flow::mark_entry_read(state, effects);
        }
        Action::MarkAllRead => marks::mark_all(state, effects),
        Action::Undo => marks::undo(state, effects),
        Action::CycleSort => list_flow::cycle_sort(state, effects),
        Action::ToggleHidden => marks::toggle_hidden(state, effects),
        Action::SaveSearch => prompt::save_search(state),
        Action::ToggleAlert => feeds_flow::toggle_alert(state, effects),
        Action::ToggleStories => list_flow::toggle_stories(state, effects),
        Action::FollowName => search_flow::follow_entity(state, effects),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "update_tests.rs"]
mod tests;

/// `q`/Esc: close what is on top; from the list, go back to the list beneath; from the bare
/// list, quit.
fn back(state: &mut State, effects: &mut Vec<Effect>) {
    match state.mode {
        Mode::Help => state.mode = state.mode_before_help,
        Mode::Feeds => {
            state.sidebar = None;
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
        Mode::List => {
            if !list_flow::back(state, effects) {
                effects.push(Effect::Quit);
            }
        }
    }
}

/// Space paged to the end of the article beside the list: it was read as much as one opened
/// (newsboat marks what you read; a preview only looked at is not). Marked then, not on the
/// first page, so in a list of unread ones it stays until read through.
fn read_by_paging(state: &mut State, effects: &mut Vec<Effect>) {
    if state.mode == Mode::List {
        reader_flow::mark_read_on_open(state, effects);
    }
}

fn selected_id(state: &State) -> Option<i64> {
    state.list().selected_row().map(|row| row.shown_article())
}

fn move_by(state: &mut State, delta: isize) {
    let sizes = state.sizes;
    match state.mode {
        Mode::List | Mode::Search => {
            let rows = state.list_rows;
            state.list_mut().move_by(delta, rows);
        }
        Mode::Reader => {
            if let Some(reader) = &mut state.reader {
                reader.scroll_by(delta, sizes.reader_height);
            }
        }
        Mode::Help => {
            let last = super::help_text::lines(state)
                .len()
                .saturating_sub(sizes.help_height);
            state.help_scroll = state.help_scroll.saturating_add_signed(delta).min(last);
        }
        Mode::Entities => {
            if let Some(panel) = &mut state.panel {
                let last = panel.len().saturating_sub(1);
                panel.selected = panel.selected.saturating_add_signed(delta).min(last);
            }
        }
        Mode::Feeds => {
            if let Some(panel) = &mut state.sidebar {
                let last = panel.entries().len().saturating_sub(1);
                panel.selected = panel.selected.saturating_add_signed(delta).min(last);
            }
        }
    }
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
