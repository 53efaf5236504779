//! The search box as you type: every change sends a new generation to the search worker, results
//! of older generations are dropped, Enter keeps the results and Esc puts the list back.

use chrono::Utc;

use super::list::{ArticleList, Rows};
use super::state::{OuterSearch, SEARCH_PAGE, SearchOutcome, SearchRequest, State};
use super::update::Effect;
use crate::article::EntityKind;
use crate::config::keymap::{Action, Mode};
use crate::library::LibraryError;
use crate::search::Highlighter;
use crate::search::query::{self, ParsedQuery};

/// `/`: focus the search box, keeping any query already applied so it can be refined.
pub fn begin(state: &mut State) {
    if state.search.saved.is_none() {
        state.search.outer.clear();
        state.search.saved = Some(state.list.clone());
        state.search.query.clear();
    }
    state.mode = Mode::Search;
}

/// Enter: keep the results and move to them.
pub fn submit(state: &mut State, effects: &mut Vec<Effect>) {
    if state.search.query.trim().is_empty() {
        cancel(state, effects);
        return;
    }
    state.mode = Mode::List;
}

/// Esc: back to the search this one was started from, else the list as it was before the
/// search, with no query.
pub fn cancel(state: &mut State, effects: &mut Vec<Effect>) {
    if let Some(outer) = state.search.outer.pop() {
        resume(state, outer, effects);
        return;
    }
    if let Some(mut saved) = state.search.saved.take() {
        // Flags may have changed while searching; the rows are read again.
        saved.forget();
        state.list = saved;
    }
    state.search.query.clear();
    state.feed_view = None;
    state.search.generation += 1;
    state.search.shown = None;
    state.search.highlighter = None;
    state.search.fetching_more = false;
    if let Some(reader) = &mut state.reader {
        reader.set_matches(None);
    }
    state.mode = Mode::List;
}

/// The results of an outer search again, where they were left; the rows are read again since
/// flags may have changed meanwhile.
fn resume(state: &mut State, outer: OuterSearch, effects: &mut Vec<Effect>) {
    let mut list = outer.list;
    list.forget();
    state.list = list;
    state.search.generation += 1;
    // The hits held are this generation's, so scrolling on fetches more of them.
    state.search.rows_generation = state.search.generation;
    state.search.fetching_more = false;
    state.search.shown = outer.shown;
    mark_matches(state, &query::parse(&outer.query, Utc::now()));
    state.search.query = outer.query;
    state.mode = Mode::List;
    // Set aside before its count came: the same hits are asked for again, and counted after.
    if let (Some((None, _)), Rows::Hits { ids, .. }) = (state.search.shown, &state.list.rows) {
        state.search.fetching_more = true;
        effects.push(Effect::Search(SearchRequest {
            generation: state.search.generation,
            text: state.search.query.clone(),
            limit: ids.len().max(SEARCH_PAGE),
        }));
    }
}

pub fn edit(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let query = &mut state.search.query;
    match action {
        Action::DeleteChar => {
            query.pop();
        }
        Action::DeleteWord => {
            let kept = query.trim_end().rfind(' ').map_or(0, |space| space + 1);
            query.truncate(kept);
        }
        _ => query.clear(),
    }
    query_changed(state, effects);
}

/// The query changed: ask for results (an empty box shows the whole list again).
pub fn query_changed(state: &mut State, effects: &mut Vec<Effect>) {
    state.search.generation += 1;
    state.search.fetching_more = false;
    if state.search.query.trim().is_empty() {
        if let Some(saved) = &state.search.saved {
            let mut list = saved.clone();
            list.forget();
            state.list = list;
        }
        state.search.shown = None;
        state.search.highlighter = None;
        return;
    }
    effects.push(Effect::Search(SearchRequest {
        generation: state.search.generation,
        text: state.search.query.clone(),
        limit: SEARCH_PAGE,
    }));
}

/// Marks the matches of `parsed` in the list's titles and the open article.
fn mark_matches(state: &mut State, parsed: &ParsedQuery) {
    let mut highlighter = Highlighter::new(parsed);
    if let Some(reader) = &mut state.reader {
        reader.set_matches(Some(&mut highlighter));
    }
    state.search.highlighter = Some(highlighter);
}

/// Results from the worker: applied only when they answer the newest query.
pub fn apply_results(state: &mut State, outcome: SearchOutcome) -> Result<(), LibraryError> {
    if outcome.generation != state.search.generation || state.search.saved.is_none() {
        return Ok(());
    }
    if let Some(error) = outcome.error {
        state.complain(format!("search: {error}"));
        return Ok(());
    }
    let more = outcome.generation == state.search.rows_generation;
    state.search.rows_generation = outcome.generation;
    state.search.fetching_more = false;
    let known = state.search.shown.and_then(|(total, _)| total);
    let (total, rows) = if outcome.everything {
        // The whole list, paged from the store as it is without a search, with its count.
        let total = state.counts.total;
        (Some(total), Rows::All { total })
    } else {
        let total = outcome.total.or(if more { known } else { None });
        let rows = Rows::Hits {
            total: total.unwrap_or(outcome.ids.len()),
            ids: outcome.ids,
        };
        (total, rows)
    };
    if more {
        // More of the same results: keep the place in them, and the count once it is known.
        let (selected, top) = (state.list.selected, state.list.top);
        state.list = ArticleList::new(rows);
        state.list.selected = selected.min(state.list.len().saturating_sub(1));
        state.list.top = top;
        if let Some((shown, _)) = &mut state.search.shown {
            *shown = total;
        }
    } else {
        state.list = ArticleList::new(rows);
        state.search.shown = Some((total, outcome.elapsed));
        mark_matches(state, &outcome.parsed);
        if let Some(note) = outcome.parsed.notes.first() {
            state.say(note.clone());
        }
    }
    Ok(())
}

/// The count arrived after the hits: the header and the position now show it.
pub fn apply_count(state: &mut State, generation: u64, count: usize) {
    if generation != state.search.generation {
        return;
    }
    if let Some((total, _)) = &mut state.search.shown {
        *total = Some(count);
    }
    if let Rows::Hits { total, .. } = &mut state.list.rows {
        *total = count;
    }
}

/// Near the end of the hits fetched so far, ask for four times as many.
pub fn fetch_more_if_near_end(state: &mut State, effects: &mut Vec<Effect>) {
    let Rows::Hits { ids, total } = &state.list.rows else {
        return;
    };
    // Rows of an older query are about to be replaced, not extended.
    if state.search.rows_generation != state.search.generation {
        return;
    }
    let near_end = state.list.selected + state.sizes.list_height * 2 >= ids.len();
    // Until counted, a full page means there may be more.
    let counting = state.search.shown.is_some_and(|(count, _)| count.is_none());
    let more = ids.len() < *total || (counting && ids.len() >= SEARCH_PAGE);
    if near_end && more && !state.search.fetching_more {
        state.search.fetching_more = true;
        effects.push(Effect::Search(SearchRequest {
            generation: state.search.generation,
            text: state.search.query.clone(),
            limit: (ids.len() * 4).max(SEARCH_PAGE),
        }));
    }
}

/// Enter in the entity panel: every article that mentions the selected entity.
pub fn search_entity(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = &state.panel else {
        return;
    };
    let Some((kind, name, _)) = panel.entries().nth(panel.selected) else {
        return;
    };
    let quoted = format!("\"{}\"", name.replace('"', " "));
    let query = match kind {
        EntityKind::Person => format!("person:{quoted}"),
        EntityKind::Organization => format!("org:{quoted}"),
        EntityKind::Place => format!("place:{quoted}"),
        EntityKind::Misc | EntityKind::Date => quoted,
    };
    state.panel = None;
    if state.search.saved.is_none() {
        state.search.saved = Some(state.list.clone());
    } else if !state.search.query.trim().is_empty() {
        state.search.outer.push(OuterSearch {
            query: std::mem::take(&mut state.search.query),
            list: state.list.clone(),
            shown: state.search.shown,
        });
    }
    state.search.query = query;
    state.mode = Mode::List;
    query_changed(state, effects);
}
