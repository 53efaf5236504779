//! What the library answered: rows and ids for the view that asked, an article for the reader,
//! the feeds, and whether a write went through. An answer for rows that have since changed is
//! dropped; a failed read says what went wrong in the status bar.

use super::list::{ArticleList, Rows};
use super::msg::{ArticleUse, DataAnswer, Effect};
use super::state::State;
use super::{feeds_flow, marks, reader_flow, unread_flow};

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
            Err(error) => {
                // Nothing waits for rows that will not come (nor do the keys held behind it).
                state.opening = false;
                state.complain(format!("reading the list: {error}"));
            }
        },
        DataAnswer::Ids { view, ids } => match ids {
            Ok(ids) => {
                if let Some(view) = state.views.get_mut(view) {
                    let total = Some(ids.len());
                    if view.inherits.take().is_some() {
                        view.list = ArticleList::new(Rows::Hits { ids, total });
                    } else {
                        let keep = view.read_here;
                        view.list.rehit(ids, total, keep, height);
                    }
                }
                unread_flow::ids_read(state, view, effects);
            }
            Err(error) => {
                // Nothing waits for rows that will not come (nor do the keys held behind it).
                state.opening = false;
                state.complain(format!("reading the list: {error}"));
            }
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
            if purpose == ArticleUse::Open && state.open_asked == Some(id) {
                state.open_asked = None;
            }
            match found {
                Ok(found) => reader_flow::article_read(state, id, purpose, found, effects),
                Err(error) => state.complain(format!("reading article {id}: {error}")),
            }
        }
        DataAnswer::Sidebar(data) => match data {
            Ok(data) => {
                unread_flow::next_list_read(state, &data, effects);
                feeds_flow::sidebar_read(state, data);
            }
            Err(error) => state.complain(format!("reading the sidebar: {error}")),
        },
        DataAnswer::FeedOf { feed, .. } => match feed {
            Ok(feed) => feeds_flow::feed_found(state, feed, effects),
            Err(error) => state.complain(format!("finding the article's feed: {error}")),
        },
        DataAnswer::SavedSearch(result) => match result {
            Ok(name) => {
                state.say(format!("saved search {name}: f shows it in the sidebar"));
                if state.sidebar.is_some() {
                    effects.push(Effect::Data(super::msg::DataRequest::Sidebar));
                }
            }
            Err(error) => state.complain(format!("could not save the search: {error}")),
        },
        DataAnswer::EntityPage { view, page } => match page {
            Ok(page) => {
                if let Some(view) = state.views.get_mut(view) {
                    view.entity_page = Some(page);
                }
            }
            Err(error) => state.complain(format!("reading the name's page: {error}")),
        },
        DataAnswer::Changed {
            flag,
            value,
            undo,
            ids,
        } => match ids {
            Ok(ids) => marks::changed(state, flag, value, undo, ids, effects),
            Err(error) => {
                state.undoing_hide = None;
                state.complain(format!("could not save the change: {error}"));
            }
        },
        DataAnswer::SeekUnread {
            view,
            revision,
            found,
        } => match found {
            Ok(found) => unread_flow::unread_found(state, view, revision, found, effects),
            Err(error) => {
                state.seeking_unread = None;
                state.complain(format!("finding the next unread: {error}"));
            }
        },
        DataAnswer::Written(result) => {
            if let Err(error) = result {
                state.complain(format!("could not save the change: {error}"));
            }
        }
    }
}
