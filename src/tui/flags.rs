//! Read and starred flags and the article's link: what `m`, `s`, `o` and `y` apply to. A flag is
//! shown at once in the rows and counts on screen and written to the store by an effect.

use super::msg::{ArticleUse, DataRequest, Effect, Flag};
use super::state::State;
use crate::config::keymap::{Action, Mode};
use crate::library::FlagChange;

/// The article a flag or link key applies to: the open one while reading, else the selected one.
pub(super) fn target_id(state: &State) -> Option<i64> {
    match (state.mode, &state.reader) {
        (Mode::Reader | Mode::Entities, Some(reader)) => Some(reader.article.id),
        _ => state.list().selected_row().map(|row| row.shown_article()),
    }
}

/// `o` / `y`: the link of the article the key applies to, opened or copied once it is known;
/// with a number typed first, the article's link of that number (from the reader's list).
pub(super) fn use_link(
    state: &mut State,
    copy: bool,
    number: Option<usize>,
    effects: &mut Vec<Effect>,
) {
    let Some(id) = target_id(state) else {
        return;
    };
    if let Some(number) = number {
        let link = state
            .reader
            .as_ref()
            .filter(|r| r.article.id == id)
            .map(|r| {
                r.article
                    .links
                    .get(number.wrapping_sub(1))
                    .map(|l| l.url.clone())
            });
        match link {
            Some(Some(url)) => link_known(state, Some(&url), copy, effects),
            Some(None) => state.say(format!("this article has no link [{number}]")),
            None => state.say("open the article first: its links are listed at the end"),
        }
        return;
    }
    match state.reader.as_ref().filter(|r| r.article.id == id) {
        Some(reader) => {
            let url = reader.article.url.clone();
            link_known(state, url.as_deref(), copy, effects);
        }
        None => effects.push(Effect::Data(DataRequest::Article {
            id,
            purpose: ArticleUse::Link { copy },
        })),
    }
}

/// The link is known: opened or copied if it is one that may be (http, https, mailto).
pub(super) fn link_known(
    state: &mut State,
    url: Option<&str>,
    copy: bool,
    effects: &mut Vec<Effect>,
) {
    match url.and_then(crate::ingest::links::safe_url) {
        None => state.say("this article has no web link"),
        Some(url) if copy => effects.push(Effect::Copy(url)),
        Some(url) => effects.push(Effect::OpenUrl(url)),
    }
}

pub(super) fn toggle_flag(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let Some(id) = target_id(state) else {
        return;
    };
    // `m` on a story marks every one of its reports (a story is read when all of them are).
    if action == Action::ToggleRead && state.mode == Mode::List && state.view().source.is_stories()
    {
        if let Some(row) = state.list().selected_row() {
            let (story, read) = (row.id, !row.read);
            effects.push(Effect::Data(DataRequest::MarkStory { story, read }));
        }
        return;
    }
    let current = if let Some(reader) = state.reader.as_ref().filter(|r| r.article.id == id) {
        Some((reader.article.read, reader.article.starred))
    } else {
        state
            .list()
            .selected_row()
            .map(|row| (row.read, row.starred))
    };
    let Some((read, starred)) = current else {
        return;
    };
    let (flag, value) = if action == Action::ToggleRead {
        (Flag::Read, !read)
    } else {
        (Flag::Starred, !starred)
    };
    set_flag(state, flag, id, value, effects);
    let change = match flag {
        Flag::Read => FlagChange::Read,
        Flag::Starred => FlagChange::Starred,
    };
    super::marks::remember(state, change, value, vec![id], None);
    state.say(match (flag, value) {
        (Flag::Read, true) => "marked read",
        (Flag::Read, false) => "marked unread",
        (Flag::Starred, true) => "starred",
        (Flag::Starred, false) => "star removed",
    });
}

/// Shows a flag at once in the open article, every row held and the unread count, and asks for
/// it to be written.
pub(super) fn set_flag(
    state: &mut State,
    flag: Flag,
    id: i64,
    value: bool,
    effects: &mut Vec<Effect>,
) {
    let mut was = None;
    if let Some(reader) = state.reader.as_mut().filter(|r| r.article.id == id) {
        let article = &mut reader.article;
        let shown = match flag {
            Flag::Read => &mut article.read,
            Flag::Starred => &mut article.starred,
        };
        was = Some(*shown);
        *shown = value;
    }
    for view in state.views.iter_mut() {
        // A story's row shows its lead report's star (its read mark is all its reports').
        let rows = view.list.window_mut().iter_mut();
        for row in rows.filter(|row| row.shown_article() == id) {
            let shown = match (flag, row.story) {
                (Flag::Read, None) => &mut row.read,
                (Flag::Read, Some(_)) => continue,
                (Flag::Starred, _) => &mut row.starred,
            };
            was = was.or(Some(*shown));
            *shown = value;
        }
    }
    // Read while selected in a list of only the unread: it stays there until the cursor leaves.
    let view = state.views.top_mut();
    if flag == Flag::Read && value && view.unread_only {
        let selected = view.list.selected_row().map(|row| row.id);
        if selected == Some(id) {
            view.read_here = Some(id);
        }
    }
    if flag == Flag::Read && was != Some(value) {
        state.counts.unread = if value {
            state.counts.unread.saturating_sub(1)
        } else {
            state.counts.unread + 1
        };
    }
    effects.push(Effect::Data(DataRequest::SetFlag { id, flag, value }));
}
