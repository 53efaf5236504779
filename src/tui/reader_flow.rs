//! Which article the reader shows: the one selected beside the list (wide), the one opened with
//! Enter, J or K (marked read when so configured), or the same one read again; and the link of
//! an article not open.

use super::flags::{link_known, set_flag};
use super::msg::{ArticleUse, DataRequest, Effect, Flag, Loaded};
use super::reader::Reader;
use super::state::State;
use crate::article::ArticleId;
use crate::config::keymap::Mode;

/// An article read for the reader, or for its link.
pub fn article_read(
    state: &mut State,
    id: ArticleId,
    purpose: ArticleUse,
    found: Option<Box<Loaded>>,
    effects: &mut Vec<Effect>,
) {
    let Some(loaded) = found else {
        if purpose == ArticleUse::Open {
            state.complain(format!("article {id} is no longer stored"));
        }
        return;
    };
    match purpose {
        ArticleUse::Preview => {
            // Shown only if it is still what the list has selected.
            if state.list().selected_row().is_some_and(|row| row.id == id) {
                state.reader = Some(reader_for(state, *loaded));
            }
        }
        ArticleUse::Open => {
            state.reader = Some(reader_for(state, *loaded));
            state.mode = Mode::Reader;
            mark_read_on_open(state, effects);
        }
        ArticleUse::Link { copy } => {
            link_known(state, loaded.article.url.as_deref(), copy, effects)
        }
        ArticleUse::Reload => {
            let Some(scroll) = state
                .reader
                .as_ref()
                .filter(|r| r.article.id == id)
                .map(|r| r.scroll)
            else {
                return;
            };
            let mut reader = reader_for(state, *loaded);
            reader.scroll_by(scroll as isize, state.sizes.reader_height);
            state.reader = Some(reader);
        }
    }
}

fn reader_for(state: &mut State, loaded: Loaded) -> Reader {
    let width = state.sizes.reader_width;
    let highlighter = state.views.top_mut().highlighter.as_mut();
    Reader::new(loaded.article, loaded.full_text, width, highlighter)
}

/// The open article becomes read when opened, if so configured.
pub fn mark_read_on_open(state: &mut State, effects: &mut Vec<Effect>) {
    let unread = state
        .reader
        .as_ref()
        .filter(|r| !r.article.read)
        .map(|r| r.article.id);
    if let (true, Some(id)) = (state.settings.mark_read_on_open, unread) {
        set_flag(state, Flag::Read, id, true, effects);
    }
}

/// Opens the selected article in the reader, once its row is read.
pub fn open_selected(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(id) = state.list().selected_row().map(|row| row.id) else {
        // Not read yet: opened when it is (an empty list has nothing to open).
        state.opening = !state.list().is_empty();
        return;
    };
    state.opening = false;
    if state.reader.as_ref().is_some_and(|r| r.article.id == id) {
        state.mode = Mode::Reader;
        mark_read_on_open(state, effects);
        return;
    }
    effects.push(Effect::Data(DataRequest::Article {
        id,
        purpose: ArticleUse::Open,
    }));
}

/// Keeps the reader beside the list on the selected article.
pub fn follow_selection(state: &mut State, effects: &mut Vec<Effect>) {
    let selected = state.list().selected_row().map(|row| row.id);
    let shown = state.reader.as_ref().map(|r| r.article.id);
    match selected {
        Some(id) if Some(id) != shown && state.article_asked != Some(id) => {
            state.article_asked = Some(id);
            effects.push(Effect::Data(DataRequest::Article {
                id,
                purpose: ArticleUse::Preview,
            }));
        }
        None if state.list().is_empty() => state.reader = None,
        _ => {}
    }
}
