//! Changing what the list shows: opening a source puts a view on the stack and Esc takes it off;
//! when the store changes, the view on screen is read again at once (the others when they are
//! back on top), keeping the selected article selected.

use super::list::ArticleList;
use super::msg::{ArticleUse, DataRequest, Effect};
use super::search_flow;
use super::source::{Finding, ListSource};
use super::state::State;
use super::views::Purpose;
use crate::config::keymap::Mode;
use crate::store::{Counts, ListKey, ListOrder};

/// Shows `source` over the current view. Until its own rows arrive it shows the current ones, so
/// the list never goes blank in between.
pub fn open(state: &mut State, source: ListSource, effects: &mut Vec<Effect>) {
    open_with(state, source, None, effects);
}

/// [`open`], showing only the unread if `unread_only` says so (else as the settings say).
pub fn open_with(
    state: &mut State,
    source: ListSource,
    unread_only: Option<bool>,
    effects: &mut Vec<Effect>,
) {
    // A feed, tag or saved search chosen while one is open takes its place: choosing from the
    // sidebar is not going deeper.
    if source.is_sidebar_entry() && state.view().source.is_sidebar_entry() {
        state.views.pop();
    }
    let inherited = state.list().clone();
    let revision = inherited.revision();
    // `show_read = false` hides the read of what one reads through (every article, a feed, a
    // tag, a saved search); a search typed or a name's articles still find the read ones.
    let subscribed = matches!(
        source,
        ListSource::All
            | ListSource::Feed { .. }
            | ListSource::Tag { .. }
            | ListSource::Saved { .. }
    );
    let unread_only = unread_only.unwrap_or(state.settings.unread_only) && subscribed;
    let order = state.order;
    let view = state.views.push(source, inherited);
    view.order = order;
    view.unread_only = unread_only;
    view.inherits = Some(revision);
    let id = view.id;
    let finding = view.finding();
    if let ListSource::Entity { kind, name } = &view.source {
        let (kind, name) = (*kind, name.clone());
        effects.push(Effect::Data(DataRequest::EntityPage {
            view: id,
            kind,
            name,
        }));
    }
    match finding {
        Finding::Store => {
            view.inherits = None;
            view.list = ArticleList::new(super::list::Rows::All {
                total: state.counts.total,
            });
        }
        Finding::Search(text) if !text.trim().is_empty() => {
            search_flow::ask(state, Purpose::New, text, effects);
        }
        Finding::Search(_) => {}
        Finding::Ids(query) => effects.push(Effect::Data(DataRequest::Ids { view: id, query })),
    }
    // A new list starts at its top; the reader too, whatever it showed before.
    if let Some(reader) = &mut state.reader {
        reader.scroll = 0;
    }
    state.mode = Mode::List;
    search_flow::mark_matches(state);
}

/// `t`: the stories list over the current one, or back from it.
pub fn toggle_stories(state: &mut State, effects: &mut Vec<Effect>) {
    if state.view().source.is_stories() {
        back(state, effects);
        return;
    }
    let stories = state.view().source.stories_within();
    open(state, stories, effects);
    state.say("stories: one row per event, +N more reports; Enter lists them, t goes back");
}

/// Enter on a story: its reports, newest first, to choose from; none is opened, so none is
/// marked read by being listed (as a feed's articles are not when Enter lists them).
pub fn open_story(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(row) = state.list().selected_row() else {
        return;
    };
    let source = ListSource::Story {
        id: row.id,
        title: row.title.clone(),
    };
    open(state, source, effects);
}

/// `2` then Enter on a name's articles: the articles of the name listed second on its page.
pub fn open_related(state: &mut State, number: usize, effects: &mut Vec<Effect>) -> bool {
    let related = state
        .view()
        .entity_page
        .as_ref()
        .and_then(|page| page.related.get(number.wrapping_sub(1)).cloned());
    let Some((kind, name, _)) = related else {
        return false;
    };
    open(state, ListSource::Entity { kind, name }, effects);
    true
}

/// `U`: the view on screen shows only its unread articles, or all of them again.
pub fn toggle_unread_only(state: &mut State, effects: &mut Vec<Effect>) {
    if stories_keep_their_own(state) {
        return;
    }
    let view = state.views.top_mut();
    view.unread_only = !view.unread_only;
    let on = view.unread_only;
    refind(state, effects);
    state.say(if on {
        "only the unread: U shows every article again"
    } else {
        "every article again"
    });
}

/// The sort key: the next order, for every list from now on (a typed search keeps its best
/// match first).
pub fn cycle_sort(state: &mut State, effects: &mut Vec<Effect>) {
    if stories_keep_their_own(state) {
        return;
    }
    state.order = state.order.next();
    let order = state.order;
    for view in state.views.iter_mut() {
        view.order = order;
        view.reorder = true;
    }
    refind(state, effects);
    state.say(match order {
        ListOrder::Newest => "newest first",
        ListOrder::Oldest => "oldest first",
        ListOrder::Source => "by source, then newest first",
        ListOrder::UnreadFirst => "unread first, then newest first",
    });
}

/// A stories list keeps its own order and shows every story: `U` and `O`
/// would change nothing there, and say so rather than claim they did.
fn stories_keep_their_own(state: &mut State) -> bool {
    let stories = state.view().source.is_stories();
    if stories {
        state.say("stories keep their own order and show each one: U and O work in article lists");
    }
    stories
}

/// The configured order (`sort`) for the list the screen opens on, and every list after it;
/// and with `show_read = false`, its unread only.
pub fn start_as_configured(state: &mut State, effects: &mut Vec<Effect>) {
    let (order, unread_only) = (state.settings.order, state.settings.unread_only);
    state.order = order;
    for view in state.views.iter_mut() {
        view.order = order;
        view.unread_only = unread_only;
    }
    refind(state, effects);
}

/// The view on screen found again its new way (`U`, the sort key); its rows stay until the new
/// ones come, and the selected article stays selected if it is among them.
fn refind(state: &mut State, effects: &mut Vec<Effect>) {
    let total = state.counts.total;
    let view = state.views.top_mut();
    view.stale = false;
    view.reorder = false;
    view.asked = None;
    view.answer = None;
    let id = view.id;
    match view.finding() {
        Finding::Store => {
            let kept = view.list.selected_row().map(ListKey::of);
            view.highlighter = None;
            view.inherits = None;
            view.list = ArticleList::new(super::list::Rows::All { total });
            // The store's list is read by position: where the selected article stands in it.
            if let Some(key) = kept {
                effects.push(Effect::Data(DataRequest::Locate {
                    view: id,
                    revision: view.list.revision(),
                    key,
                }));
            }
        }
        Finding::Search(text) if !text.trim().is_empty() => {
            search_flow::ask(state, Purpose::New, text, effects);
        }
        Finding::Search(_) => {}
        Finding::Ids(query) => effects.push(Effect::Data(DataRequest::Ids { view: id, query })),
    }
}

/// Takes the top view off and shows the one beneath as it was left (read again if the store
/// changed meanwhile). False at the bottom, where there is nothing to go back to.
pub fn back(state: &mut State, effects: &mut Vec<Effect>) -> bool {
    let Some(left) = state.views.pop() else {
        return false;
    };
    if left.from_sidebar {
        super::feeds_flow::return_to_sidebar(state, left.source, effects);
    }
    // An article waiting to be opened was the left view's (a story whose reports never came).
    state.opening = false;
    state.mode = Mode::List;
    revisit(state, effects);
    search_flow::mark_matches(state);
    true
}

/// The top view is on screen again: what changed or was left unfinished while it was covered
/// is done now (the search worker answers only the newest request, so one asked for then, or
/// the count after it, may never have come).
fn revisit(state: &mut State, effects: &mut Vec<Effect>) {
    if state.views.top().reorder {
        refind(state, effects);
        return;
    }
    let view = state.views.top();
    let id = view.id;
    if view.stale {
        reload(state, id, effects);
        return;
    }
    let Some(text) = view.query_text() else {
        return;
    };
    let pending = view.asked.as_ref().map(|asked| asked.purpose);
    let answered = view.answer.as_ref().map(|answer| answer.text.clone());
    match (pending, answered) {
        (Some(Purpose::New), _) => search_flow::ask(state, Purpose::New, text, effects),
        (Some(_), Some(answered)) => search_flow::ask(state, Purpose::Reload, answered, effects),
        (None, Some(answered)) if !view.list.counted() => {
            search_flow::ask(state, Purpose::Reload, answered, effects);
        }
        _ => {}
    }
}

/// The exact counts arrived (start-up shows an estimate until then).
pub fn totals(state: &mut State, counts: Counts) {
    state.counts = counts;
    state.counts_exact = true;
    let height = state.list_rows;
    for view in state.views.iter_mut().filter(|view| view.lists_store()) {
        view.list.set_store_total(counts.total, height);
    }
}

/// Something was written to the store (and the index, if `index`): every view is out of date;
/// the one on screen is read again now.
pub fn store_changed(state: &mut State, counts: Counts, index: bool, effects: &mut Vec<Effect>) {
    state.counts = counts;
    state.counts_exact = true;
    // Before any search that follows, so that search sees the change.
    if index {
        effects.push(Effect::IndexChanged);
    }
    for view in state.views.iter_mut() {
        view.stale = true;
    }
    let top = state.view().id;
    reload(state, top, effects);
    if state.sidebar.is_some() {
        effects.push(Effect::Data(DataRequest::Sidebar));
    }
    // The open article may be one a refresh updated in place: read again, where it was scrolled.
    if let Some(reader) = &state.reader {
        effects.push(Effect::Data(DataRequest::Article {
            id: reader.article.id,
            purpose: ArticleUse::Reload,
        }));
    }
}

/// Reads view `id` again, keeping its selected article selected.
fn reload(state: &mut State, id: u64, effects: &mut Vec<Effect>) {
    let (total, height) = (state.counts.total, state.list_rows);
    let beneath = state.views.below(id);
    let Some(view) = state.views.get_mut(id) else {
        return;
    };
    view.stale = false;
    if view.inherits.is_some() {
        // The rows are the view beneath's: its own search (if one is typed) or a copy of that
        // view read again.
        match view.query_text().filter(|text| !text.trim().is_empty()) {
            Some(text) => search_flow::ask_for(state, id, Purpose::New, text, effects),
            None => {
                if let Some(beneath) = beneath {
                    reload(state, beneath, effects);
                }
            }
        }
        return;
    }
    if view.lists_store() {
        // Every article (or a query that narrows nothing): where the selected one stands now.
        let selected = view.list.selected;
        let wanted = view.list.take_wanted();
        match wanted.or_else(|| view.list.selected_row().map(ListKey::of)) {
            // As many as before: none came or went, so nothing moved (a flag changed). Only
            // the rows are read again, by key: finding a place deep in a million rows costs a
            // walk over every row before it.
            Some(key) if wanted.is_none() && view.list.total() == total => {
                view.list.relocate(Some((key, selected)), total, height);
            }
            Some(key) => effects.push(Effect::Data(DataRequest::Locate {
                view: id,
                revision: view.list.revision(),
                key,
            })),
            None => view.list.relocate(None, total, height),
        }
        return;
    }
    match view.finding() {
        Finding::Store => {}
        Finding::Search(text) => {
            let pending_new = view
                .asked
                .as_ref()
                .is_some_and(|a| a.purpose == Purpose::New);
            let (purpose, text) = match (&view.answer, pending_new) {
                (Some(answer), false) => (Purpose::Reload, answer.text.clone()),
                _ => (Purpose::New, text),
            };
            search_flow::ask_for(state, id, purpose, text, effects);
        }
        Finding::Ids(query) => effects.push(Effect::Data(DataRequest::Ids { view: id, query })),
    }
}

/// Where a search waits for a meaningful answer, its rows are the view beneath's: copied again
/// when those change.
pub fn inherit(state: &mut State) {
    let Some(beneath) = state.views.beneath() else {
        return;
    };
    let (list, revision) = (&beneath.list, beneath.list.revision());
    if state
        .view()
        .inherits
        .is_some_and(|copied| copied != revision)
    {
        let list = list.clone();
        let top = state.views.top_mut();
        top.list = list;
        top.inherits = Some(revision);
    }
}
