//! Read and starred flags and the article's link: what `m`, `s`, `o` and `y` apply to, written
//! to the store at once and mirrored in the rows and counts on screen.

use super::state::State;
use crate::config::keymap::{Action, Mode};
use crate::library::{Library, LibraryError};

/// The article a flag or link key applies to: the open one while reading, else the selected one.
pub(super) fn target_id(state: &State) -> Option<i64> {
    match (state.mode, &state.reader) {
        (Mode::Reader | Mode::Entities, Some(reader)) => Some(reader.article.id),
        _ => state.list.selected_row().map(|row| row.id),
    }
}

/// The link of the article a key applies to, if it is one that may be opened (http, https, mailto).
pub(super) fn current_article_url(
    state: &State,
    store: &Library,
) -> Result<Option<String>, LibraryError> {
    let Some(id) = target_id(state) else {
        return Ok(None);
    };
    let url = match state.reader.as_ref().filter(|r| r.article.id == id) {
        Some(reader) => reader.article.url.clone(),
        None => store.get(id)?.and_then(|article| article.url),
    };
    Ok(url.as_deref().and_then(crate::ingest::links::safe_url))
}

pub(super) fn toggle_flag(
    state: &mut State,
    store: &mut Library,
    action: Action,
) -> Result<(), LibraryError> {
    let Some(id) = target_id(state) else {
        return Ok(());
    };
    let current = if let Some(reader) = state.reader.as_ref().filter(|r| r.article.id == id) {
        Some((reader.article.read, reader.article.starred))
    } else {
        state.list.selected_row().map(|row| (row.read, row.starred))
    };
    let Some((read, starred)) = current else {
        return Ok(());
    };
    let value = if action == Action::ToggleRead {
        !read
    } else {
        !starred
    };
    set_flag(state, store, action, id, value)?;
    let what = match (action, value) {
        (Action::ToggleRead, true) => "marked read",
        (Action::ToggleRead, false) => "marked unread",
        (_, true) => "starred",
        (_, false) => "star removed",
    };
    state.say(what);
    Ok(())
}

/// Writes a flag to the store at once, then mirrors it in the rows held and the counts.
pub(super) fn set_flag(
    state: &mut State,
    store: &mut Library,
    action: Action,
    id: i64,
    value: bool,
) -> Result<(), LibraryError> {
    let is_read = action == Action::ToggleRead;
    if is_read {
        store.set_read(&[id], value)?;
    } else {
        store.set_starred(&[id], value)?;
    }
    let mut was = None;
    if let Some(reader) = state.reader.as_mut().filter(|r| r.article.id == id) {
        let flag = if is_read {
            &mut reader.article.read
        } else {
            &mut reader.article.starred
        };
        was = Some(*flag);
        *flag = value;
    }
    let selected = state.list.selected;
    if let Some(row) = state.list.row_mut(selected).filter(|r| r.id == id) {
        let flag = if is_read {
            &mut row.read
        } else {
            &mut row.starred
        };
        was = was.or(Some(*flag));
        *flag = value;
    }
    if is_read && was != Some(value) {
        state.counts.unread = if value {
            state.counts.unread.saturating_sub(1)
        } else {
            state.counts.unread + 1
        };
    }
    Ok(())
}
