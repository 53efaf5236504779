//! Walking from unread to unread: `.` (and Space at an article's end) finds the next unread
//! article of the view, `,` the one before. In a feed with none left, as newsboat's
//! `goto-next-feed` does, it goes on to the next feed in the sidebar that has unread articles
//! (the one before, going up) and to its first (last) unread; in a tag, to the next tag.

use super::list::Rows;
use super::list_flow;
use super::msg::{DataRequest, Effect, UnreadFrom};
use super::source::ListSource;
use super::state::{FirstUnread, ListLeft, NextList, SeekingUnread, State};
use crate::library::Sidebar;
use crate::store::ListKey;

/// `.`, or Space at an article's end: the next unread article of the view after the selected
/// one, or from the top when none is after it (as newsboat does), opened if `open`. `,` with
/// `backward`: the nearest unread above it, or from the bottom. A feed or tag with none goes on
/// to the next (`unread_found`).
pub fn seek_unread(state: &mut State, open: bool, backward: bool, effects: &mut Vec<Effect>) {
    let list = &state.view().list;
    // The first row the search looks at (backward: the row below the first one it looks at).
    let begins = if backward {
        list.neighbour(false).map_or(0, |row| row + 1)
    } else {
        list.neighbour(true).unwrap_or(list.len())
    };
    seek_from(state, open, backward, begins, effects);
}

/// Asks for the nearest unread from row `begins` on (backward: from the row above it up) among
/// hits; in the store's whole list, from the selected row.
fn seek_from(
    state: &mut State,
    open: bool,
    backward: bool,
    begins: usize,
    effects: &mut Vec<Effect>,
) {
    let view = state.view();
    let list = &view.list;
    // The article chosen, not a row standing in for one that left: "no other" is said of it.
    let selected = list
        .selected_row()
        .filter(|_| !list.stands_in())
        .map(|row| row.id);
    let after = match list.rows() {
        Rows::All { .. } => match list.selected_row() {
            Some(row) => UnreadFrom::Key(ListKey::of(row)),
            None if list.is_empty() => {
                state.say("no articles here");
                return;
            }
            // Not read yet: the key asked again brings it.
            None => return,
        },
        Rows::Hits { ids, total } => UnreadFrom::Ids {
            start: begins,
            ids: ids.clone(),
            wrap: total.is_some_and(|total| total <= ids.len()),
        },
    };
    let wraps = match &after {
        UnreadFrom::Key(_) => true,
        UnreadFrom::Ids { wrap, .. } => *wrap,
    };
    let (view, revision) = (view.id, list.revision());
    state.seeking_unread = Some(SeekingUnread {
        open,
        begins,
        selected,
        wraps,
        backward,
    });
    effects.push(Effect::Data(DataRequest::SeekUnread {
        view,
        revision,
        after,
        backward,
    }));
}

/// The next unread article was found (or there is none after the selected one: in a feed or tag
/// with nothing unread, the sidebar's counts are asked for the next one).
pub fn unread_found(
    state: &mut State,
    view: u64,
    revision: u64,
    found: Option<(ListKey, usize)>,
    effects: &mut Vec<Effect>,
) {
    let Some(SeekingUnread {
        open,
        begins,
        selected,
        wraps,
        backward,
    }) = state.seeking_unread.take()
    else {
        return;
    };
    let (total, height) = (state.counts.total, state.list_rows);
    let Some((key, position)) = found else {
        // Not a view whose rows changed since it was asked (what came may be unread).
        let left = match state.views.get_mut(view) {
            Some(v) if v.list.revision() != revision => return,
            Some(v) => match &v.source {
                ListSource::Feed { id, .. } if wraps => Some(ListLeft::Feed(*id)),
                // A tag's hits come a page at a time: whether the unread ones are only further
                // down is for the sidebar's count to say (`next_list_read`).
                ListSource::Tag { name } => Some(ListLeft::Tag(name.clone())),
                _ => None,
            },
            None => None,
        };
        match left {
            // Nothing unread in the whole feed (tag): the next one's, once the sidebar's counts
            // say which has some.
            Some(from) => {
                state.next_list = Some(NextList {
                    from,
                    open,
                    backward,
                });
                effects.push(Effect::Data(DataRequest::Sidebar));
            }
            None => state.say(none_unread(wraps, backward)),
        }
        return;
    };
    if selected == Some(key.id) {
        state.say("no other unread articles here");
    } else if !backward && position < begins {
        state.say("none after this one: the first unread from the top");
    } else if backward && position >= begins {
        state.say("none before this one: the last unread from the bottom");
    }
    let Some(view) = state.views.get_mut(view) else {
        return;
    };
    if view.list.revision() != revision {
        return;
    }
    match view.list.rows() {
        Rows::All { .. } => view.list.relocate(Some((key, position)), total, height),
        Rows::Hits { .. } => view.list.select(position, height),
    }
    // Opened once its row is read, which may take this turn's answer.
    state.opening = open;
}

/// What `.` (`,` going up) says when it finds no unread article: among every article of the
/// list (`wraps`), or only among the hits read so far.
fn none_unread(wraps: bool, backward: bool) -> &'static str {
    match (wraps, backward) {
        (true, _) => "no unread articles here",
        (false, false) => {
            "no unread articles after this one among the results read so far (scroll on for more)"
        }
        (false, true) => "no unread articles before this one",
    }
}

/// The sidebar's counts, read for a feed (tag) with nothing unread left: its list gives way to
/// the next feed's (tag's) with unread articles, in the sidebar's order, round from the top,
/// whose first unread is then sought. The list must still be on screen; the reader may have gone
/// elsewhere.
pub fn next_list_read(state: &mut State, data: &Sidebar, effects: &mut Vec<Effect>) {
    let Some(NextList {
        from,
        open,
        backward,
    }) = state.next_list.take()
    else {
        return;
    };
    // Not under the sidebar either (`next_unread` bound there): its list is not on screen.
    let on_screen = match (&state.view().source, &from) {
        (ListSource::Feed { id, .. }, ListLeft::Feed(from)) => id == from,
        (ListSource::Tag { name }, ListLeft::Tag(from)) => name == from,
        _ => false,
    };
    if !on_screen || state.sidebar.is_some() {
        return;
    }
    // The feeds (tags) in the sidebar's order: whether each is the one left, and its unread.
    let counts: Vec<(bool, i64)> = match &from {
        ListLeft::Feed(from) => (data.feeds.iter())
            .map(|stats| (stats.feed.id == *from, stats.unread))
            .collect(),
        ListLeft::Tag(from) => (data.tags.iter())
            .map(|tag| (tag.name == *from, tag.unread as i64))
            .collect(),
    };
    let here = counts.iter().position(|&(left, _)| left);
    if matches!(from, ListLeft::Tag(_)) && here.is_some_and(|at| counts[at].1 > 0) {
        // Unread articles are left in the tag, past the hits read so far.
        state.say(none_unread(false, backward));
        return;
    }
    let count = counts.len();
    let next = (1..=count)
        .map(|step| match (here, backward) {
            (Some(at), false) => (at + step) % count,
            (Some(at), true) => (at + count - step) % count,
            (None, false) => step - 1,
            (None, true) => count - step,
        })
        .find(|&at| counts[at].1 > 0 && !counts[at].0);
    let (source, name) = match (&from, next) {
        (ListLeft::Feed(_), Some(at)) => {
            let feed = &data.feeds[at].feed;
            let source = ListSource::Feed {
                id: feed.id,
                name: feed.name.clone(),
            };
            (source, feed.name.as_str())
        }
        (ListLeft::Tag(_), Some(at)) => {
            let tag = &data.tags[at];
            let source = ListSource::Tag {
                name: tag.name.clone(),
            };
            (source, tag.name.as_str())
        }
        (ListLeft::Feed(_), None) => {
            state.say("no unread articles here or in any other feed");
            return;
        }
        (ListLeft::Tag(_), None) => {
            state.say("no unread articles here or in any other tag");
            return;
        }
    };
    // As the list left was shown: from the sidebar, and its unread only if `U` said so.
    let (from_sidebar, unread_only) = (state.view().from_sidebar, state.view().unread_only);
    list_flow::open_with(state, source.clone(), Some(unread_only), effects);
    let view = state.views.top_mut();
    view.from_sidebar = from_sidebar;
    let id = view.id;
    if from_sidebar && let Some((chosen, _)) = &mut state.sidebar_chosen {
        // Esc goes back to the sidebar on the list now read.
        *chosen = source.clone();
    }
    state.first_unread_of = Some(FirstUnread {
        view: id,
        open,
        backward,
    });
    state.say(format!("nothing unread left here: on to {name}"));
}

/// A view's ids (or a tag's hits) were read: if it is the feed (tag) gone on to, its first
/// unread (its last, going up) is sought, from the top (bottom) row itself.
pub fn ids_read(state: &mut State, view: u64, effects: &mut Vec<Effect>) {
    let Some(FirstUnread {
        view: wanted,
        open,
        backward,
    }) = state.first_unread_of
    else {
        return;
    };
    if wanted != view {
        return;
    }
    state.first_unread_of = None;
    if state.view().id != view {
        return;
    }
    let begins = if backward { state.list().len() } else { 0 };
    seek_from(state, open, backward, begins, effects);
}
