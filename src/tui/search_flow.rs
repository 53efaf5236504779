//! The search box as you type: every change sends a new generation to the search worker, answers
//! to older ones are dropped, a query not yet meaningful keeps the results before it, Enter keeps
//! the results and Esc goes back to the list beneath.

use super::list::{ArticleList, Rows};
use super::msg::Effect;
use super::source::ListSource;
use super::state::{SEARCH_PAGE, SearchOutcome, SearchRequest, State, search_cursor_at};
use super::views::{Answer, Asked, Purpose};
use super::{feeds_flow, list_flow};
use crate::config::keymap::{Action, Mode};
use crate::search::{Highlighter, SortOrder};

/// `/`: focus the search box. A search already shown is refined; over any other list a new
/// search starts, inside what the list shows: an entity's, tag's or story's query, or a feed's
/// (as newsboat searches the feed it shows), written in the box where it can be taken out.
pub fn begin(state: &mut State, effects: &mut Vec<Effect>) {
    let from_sidebar = feeds_flow::leave(state);
    if !state.view().source.is_typed() {
        let source = &state.view().source;
        let within = match source {
            ListSource::Feed { name, .. } => Some(crate::library::feed_query(name)),
            _ => source.query_text(),
        };
        let text = within.map(|text| format!("{text} ")).unwrap_or_default();
        list_flow::open(state, ListSource::Query { text }, effects);
    }
    // Esc goes back to the sidebar, on the entry it was begun from (a search already under the
    // sidebar is edited again, and goes back to it as well).
    state.views.top_mut().from_sidebar |= from_sidebar;
    // Typing goes on at the end of what is there.
    state.search_cursor_back = 0;
    state.mode = Mode::Search;
}

/// Enter: keep the results and move to them (an empty box is the same as Esc).
pub fn submit(state: &mut State, effects: &mut Vec<Effect>) {
    if typed(state).is_none_or(|text| text.trim().is_empty()) {
        cancel(state, effects);
        return;
    }
    state.mode = Mode::List;
}

/// Esc: back to the list beneath this one (the search it was started from, or every article).
pub fn cancel(state: &mut State, effects: &mut Vec<Effect>) {
    list_flow::back(state, effects);
    state.mode = Mode::List;
}

/// What is typed in the search box, when the list shows a typed search.
pub fn typed(state: &State) -> Option<&str> {
    match &state.view().source {
        ListSource::Query { text } => Some(text),
        _ => None,
    }
}

fn typed_mut(state: &mut State) -> Option<&mut String> {
    match &mut state.views.top_mut().source {
        ListSource::Query { text } => Some(text),
        _ => None,
    }
}

/// A character typed into the box, at its cursor.
pub fn type_char(state: &mut State, c: char, effects: &mut Vec<Effect>) {
    // Pasted invisible characters (a TAG, a bidi control) would be drawn raw, and find nothing.
    if crate::ingest::sanitize::is_invisible_char(c) {
        return;
    }
    let back = state.search_cursor_back;
    if let Some(text) = typed_mut(state) {
        let at = search_cursor_at(text, back);
        text.insert(at, c);
        query_changed(state, effects);
    }
}

/// Pasted text goes into the box at its cursor as one edit, one search: its line breaks and tabs
/// become spaces and other control characters are dropped (a newline is no Enter, and the
/// letters after it are no keys).
pub fn paste(state: &mut State, pasted: &str, effects: &mut Vec<Effect>) {
    let clean = super::prompt::pasted_line(pasted);
    let back = state.search_cursor_back;
    if let Some(text) = typed_mut(state)
        && !clean.is_empty()
    {
        let at = search_cursor_at(text, back);
        text.insert_str(at, &clean);
        query_changed(state, effects);
    }
}

/// An edit of the box, or a move of its cursor; only a change of the text searches again.
pub fn edit(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let mut back = state.search_cursor_back;
    let Some(text) = typed_mut(state) else {
        return;
    };
    back = back.min(text.chars().count());
    let at = search_cursor_at(text, back);
    let before = text.clone();
    match action {
        Action::CursorLeft => back = (back + 1).min(text.chars().count()),
        Action::CursorRight => back = back.saturating_sub(1),
        Action::CursorStart => back = text.chars().count(),
        Action::CursorEnd => back = 0,
        Action::DeleteChar => {
            if let Some((previous, _)) = text[..at].char_indices().next_back() {
                text.replace_range(previous..at, "");
            }
        }
        Action::DeleteNextChar => {
            if let Some(c) = text[at..].chars().next() {
                text.replace_range(at..at + c.len_utf8(), "");
                back -= 1;
            }
        }
        Action::DeleteWord => {
            let kept = text[..at]
                .trim_end()
                .rfind(' ')
                .map_or(0, |space| space + 1);
            text.replace_range(kept..at, "");
        }
        _ => {
            text.clear();
            back = 0;
        }
    }
    let changed = *text != before;
    state.search_cursor_back = back;
    if changed {
        query_changed(state, effects);
    }
}

/// The query changed: ask for its results. An empty box shows the list beneath again.
fn query_changed(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(text) = typed(state).map(str::to_owned) else {
        return;
    };
    if !text.trim().is_empty() {
        ask(state, Purpose::New, text, effects);
        return;
    }
    let beneath = state
        .views
        .beneath()
        .map(|b| (b.list.clone(), b.list.revision()));
    let view = state.views.top_mut();
    view.asked = None;
    view.answer = None;
    view.highlighter = None;
    if let Some((list, revision)) = beneath {
        view.list = list;
        view.inherits = Some(revision);
    }
    mark_matches(state);
}

/// Sends `text` to the search worker for the view on screen.
pub fn ask(state: &mut State, purpose: Purpose, text: String, effects: &mut Vec<Effect>) {
    let id = state.view().id;
    ask_for(state, id, purpose, text, effects);
}

/// Sends `text` to the search worker for view `id`; only its newest request is answered.
pub fn ask_for(
    state: &mut State,
    id: u64,
    purpose: Purpose,
    text: String,
    effects: &mut Vec<Effect>,
) {
    state.generation += 1;
    let generation = state.generation;
    let Some(view) = state.views.get_mut(id) else {
        return;
    };
    let (held, counted) = match view.list.rows() {
        Rows::Hits { ids, total } if view.inherits.is_none() => (ids.len(), *total),
        _ => (0, None),
    };
    let limit = match purpose {
        Purpose::New => SEARCH_PAGE,
        // For G, all of them once counted (one more than the count, so the answer is complete).
        Purpose::More if view.wants_last && counted.is_some() => counted.unwrap_or_default() + 1,
        // Four times as many as held, so scrolling on asks again rarely.
        Purpose::More => (held * 4).max(SEARCH_PAGE),
        Purpose::Reload => held.max(SEARCH_PAGE),
    };
    if purpose == Purpose::New {
        view.wants_last = false;
    }
    view.asked = Some(Asked {
        generation,
        purpose,
        text: text.clone(),
    });
    // Only what is being typed ends in a word still growing: a saved search, a tag or a name
    // finds whole words, as their counts and `A` do (a trailing space ends the last word).
    let (text, sort) = if view.source.is_typed() {
        (text, SortOrder::Relevance)
    } else {
        (format!("{text} "), SortOrder::Date)
    };
    effects.push(Effect::Search(SearchRequest {
        generation,
        text,
        limit,
        sort,
    }));
}

/// Marks the matches of the shown view's search in the open article (none without one).
pub fn mark_matches(state: &mut State) {
    let highlighter = state.views.top_mut().highlighter.as_mut();
    if let Some(reader) = &mut state.reader {
        reader.set_matches(highlighter);
        reader.fresh_matches = !reader.matches.is_empty();
    }
}

/// Results from the worker, applied to the view that asked for them when they answer its newest
/// request; older answers are dropped. Returns the view whose rows they are.
pub fn apply_results(state: &mut State, outcome: SearchOutcome) -> Option<u64> {
    let (total_stored, height) = (state.counts.total, state.list_rows);
    let view = state.views.asking_mut(outcome.generation)?;
    let asked = view.asked.take()?;
    let id = view.id;
    if let Some(error) = outcome.error {
        state.opening = false;
        // A tag gone on to waits no more: a later answer must not open its first unread.
        if state.first_unread_of.is_some_and(|first| first.view == id) {
            state.first_unread_of = None;
        }
        state.complain(format!("search: {error}"));
        return None;
    }
    // "p", or "prime m" in quotes: finding nothing yet says nothing, and the results before
    // (or the list beneath) stay.
    let nothing_yet = outcome.still_typing && outcome.ids.is_empty() && !outcome.everything;
    if nothing_yet && asked.purpose == Purpose::New {
        return None;
    }
    let rows = if outcome.everything {
        // The whole list, paged from the store as it is without a search, with its count.
        Rows::All {
            total: total_stored,
        }
    } else {
        Rows::Hits {
            ids: outcome.ids,
            total: outcome.total,
        }
    };
    match (asked.purpose, rows) {
        (Purpose::More, Rows::Hits { ids, total }) => {
            view.list.extend_hits(ids, total);
            if view.wants_last {
                view.list.select(view.list.len().saturating_sub(1), height);
                view.wants_last = hits_left(view.list.rows());
            }
        }
        (Purpose::Reload, Rows::Hits { ids, total }) => {
            view.list.rehit(ids, total, view.read_here, height);
        }
        (Purpose::Reload | Purpose::More, Rows::All { .. }) if view.lists_store() => {}
        (_, rows) => {
            view.list = ArticleList::new(rows);
            view.inherits = None;
            view.highlighter = Some(Highlighter::new(&outcome.parsed));
        }
    }
    view.answer = Some(Answer {
        generation: outcome.generation,
        text: asked.text,
        elapsed: outcome.elapsed,
    });
    if id == state.view().id && asked.purpose == Purpose::New {
        mark_matches(state);
        if let Some(note) = outcome.parsed.notes.first() {
            state.say(note.clone());
        }
    }
    Some(id)
}

/// The count arrived after the hits: the header and the position now show it.
pub fn apply_count(state: &mut State, generation: u64, count: usize) {
    if let Some(view) = state.views.answered_mut(generation) {
        view.list.counted_to(count);
    }
}

/// Near the end of the hits fetched so far, ask for more of them.
pub fn fetch_more_if_near_end(state: &mut State, effects: &mut Vec<Effect>) {
    let view = state.view();
    let Rows::Hits { ids, total } = view.list.rows() else {
        return;
    };
    // Something is on its way: a new query's answer replaces these rows, or more are coming.
    if view.asked.is_some() || view.inherits.is_some() {
        return;
    }
    let Some(answer) = &view.answer else {
        return;
    };
    let near_end = view.list.selected + state.list_rows * 2 >= ids.len();
    // Until counted, a full page means there may be more.
    let more = match total {
        Some(total) => ids.len() < *total,
        None => ids.len() >= SEARCH_PAGE,
    };
    if near_end && more {
        let text = answer.text.clone();
        ask(state, Purpose::More, text, effects);
    }
}

/// True when a search's hits are not all fetched (or not yet counted).
pub fn hits_left(rows: &Rows) -> bool {
    match rows {
        Rows::Hits { ids, total } => total.is_none_or(|total| ids.len() < total),
        Rows::All { .. } => false,
    }
}

/// `w` in the entity panel: the selected name becomes a saved search that alerts.
pub fn follow_entity(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = &state.panel else {
        state.say("open the entity panel (e) and select a name to follow");
        return;
    };
    let Some((kind, name, _)) = panel.entries().nth(panel.selected) else {
        return;
    };
    let query = super::source::entity_query(kind, name);
    let name = name.to_owned();
    effects.push(Effect::Data(super::msg::DataRequest::SaveSearch {
        name,
        query,
        notify: true,
    }));
}

/// Enter in the entity panel: every article that mentions the selected entity.
pub fn search_entity(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = state.panel.take() else {
        return;
    };
    let Some((kind, name, _)) = panel.entries().nth(panel.selected) else {
        return;
    };
    let source = ListSource::Entity {
        kind,
        name: name.to_owned(),
    };
    list_flow::open(state, source, effects);
}
