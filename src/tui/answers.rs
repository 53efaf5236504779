//! What the library answered: rows and ids for the view that asked, an article for the reader,
//! the feeds, and whether a write went through. An answer for rows that have since changed is
//! dropped; a failed read says what went wrong in the status bar.

use super::feeds_flow;
use super::flags::{link_known, set_flag};
use super::list::{ArticleList, Rows};
use super::msg::{ArticleUse, DataAnswer, DataRequest, Effect, Flag, Loaded};
use super::reader::Reader;
use super::state::State;
use crate::article::ArticleId;
use crate::config::keymap::Mode;

/// Applies one answer.
pub fn apply(state: &mut State, answer: DataAnswer, effects: &mut Vec<Effect>) {
    let height = state.list_rows;
    match answer {
        DataAnswer::Rows {
            view,
            revision,
            request,
            rows,
        } => match rows {
            Ok(rows) => {
                if let Some(view) = state.views.get_mut(view)
                    && view.list.revision() == revision
                {
                    view.list.loaded(&request, rows);
                }
            }
            Err(error) => state.complain(format!("reading the list: {error}")),
        },
        DataAnswer::Ids { view, ids } => match ids {
            Ok(ids) => {
                if let Some(view) = state.views.get_mut(view) {
                    let total = Some(ids.len());
                    if view.inherits.take().is_some() {
                        view.list = ArticleList::new(Rows::Hits { ids, total });
                    } else {
                        view.list.rehit(ids, total, height);
                    }
                }
            }
            Err(error) => state.complain(format!("reading the list: {error}")),
        },
        DataAnswer::Located {
            view,
            revision,
            key,
            position,
        } => {
            let total = state.counts.total;
            let position = position.map_err(|error| state.complain(error)).ok();
            if let Some(view) = state.views.get_mut(view)
                && view.list.revision() == revision
            {
                view.list
                    .relocate(position.map(|at| (key, at)), total, height);
            }
        }
        DataAnswer::Article { id, purpose, found } => {
            if state.article_asked == Some(id) {
                state.article_asked = None;
            }
            match found {
                Ok(found) => article_read(state, id, purpose, found, effects),
                Err(error) => state.complain(format!("reading article {id}: {error}")),
            }
        }
        DataAnswer::Feeds(feeds) => match feeds {
            Ok(feeds) => feeds_flow::feeds_read(state, feeds),
            Err(error) => state.complain(format!("reading the feeds: {error}")),
        },
        DataAnswer::FeedOf { feed, .. } => match feed {
            Ok(feed) => feeds_flow::feed_found(state, feed, effects),
            Err(error) => state.complain(format!("finding the article's feed: {error}")),
        },
        DataAnswer::Written(result) => {
            if let Err(error) = result {
                state.complain(format!("could not save the change: {error}"));
            }
        }
    }
}

/// An article read for the reader, or for its link.
fn article_read(
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
