//! The sidebar and subscriptions in the screen: saved searches, tags and feeds to open as the
//! list's source, refreshing in the background (the view on screen takes in the new articles
//! without moving the selection), and fetching an article's full text.

use super::flags::target_id;
use super::msg::{ArticleUse, DataRequest, Effect, Refreshed};
use super::sidebar::{Entry, Group, SidebarPanel};
use super::source::ListSource;
use super::state::State;
use super::{list_flow, marks};
use crate::config::keymap::Mode;
use crate::library::Sidebar;
use crate::say::group_digits;
use crate::store::ListOrder;

/// `f`: open or close the sidebar (it opens when its counts are read).
pub fn toggle_list(state: &mut State, effects: &mut Vec<Effect>) {
    if state.mode == Mode::Feeds {
        state.sidebar = None;
        state.mode = Mode::List;
        return;
    }
    state.sidebar_asked = true;
    effects.push(Effect::Data(DataRequest::Sidebar));
}

/// The sidebar was read: the open sidebar shows it, or the one asked for opens.
pub fn sidebar_read(state: &mut State, data: Sidebar) {
    if let Some(panel) = &mut state.sidebar {
        panel.replace(data);
        return;
    }
    if !std::mem::take(&mut state.sidebar_asked) {
        return;
    }
    if data.feeds.is_empty() && data.saved.is_empty() && data.tags.is_empty() {
        state.say(
            "no feeds, tags or saved searches yet: `dateline feed add URL` subscribes, Ctrl-s in the search box saves a search",
        );
        return;
    }
    let mut panel = SidebarPanel::new(data);
    // Back where the reader left it: the folds as they were, on the entry last chosen.
    if let Some((source, folded)) = &state.sidebar_chosen {
        let first = panel.selected;
        panel.folded.clone_from(folded);
        if !panel.select_source(source) {
            panel.folded.clear();
            panel.selected = first;
        }
    }
    state.sidebar = Some(panel);
    state.mode = Mode::Feeds;
}

/// The sidebar gives way to a list opened over it without choosing an entry (a search begun
/// there): it is closed, its place kept for when that list is left. True if it was open.
pub fn leave(state: &mut State) -> bool {
    if state.mode != Mode::Feeds {
        return false;
    }
    let Some(panel) = state.sidebar.take() else {
        return false;
    };
    let chosen = match panel.selected_entry() {
        Some(Entry::Item(group, at)) => panel.source_of(group, at),
        _ => None,
    };
    // On a heading, the entry chosen before stays the one to go back to; the folds are these.
    let before = state.sidebar_chosen.take().map(|(source, _)| source);
    state.sidebar_chosen = chosen
        .or(before)
        .map(|source| (source, panel.folded.clone()));
    state.mode = Mode::List;
    true
}

/// The view of `source`, chosen in the sidebar, has been left: the sidebar opens again on it
/// (or, for a search begun in the sidebar, on the entry it was begun from).
pub fn return_to_sidebar(state: &mut State, source: ListSource, effects: &mut Vec<Effect>) {
    let chosen = state.sidebar_chosen.take();
    let (source, folded) = match chosen {
        Some((before, folded)) if !source.is_sidebar_entry() => (before, folded),
        chosen => (source, chosen.map(|(_, folded)| folded).unwrap_or_default()),
    };
    state.sidebar_chosen = Some((source, folded));
    state.sidebar_asked = true;
    effects.push(Effect::Data(DataRequest::Sidebar));
}

/// Enter in the sidebar: a heading folds or unfolds its group; an entry becomes the list's
/// source (Esc goes back).
pub fn open_entry(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = &mut state.sidebar else {
        return;
    };
    let source = match panel.selected_entry() {
        Some(Entry::Heading(group)) => {
            panel.toggle_fold(group);
            return;
        }
        Some(Entry::Item(group, at)) => panel.source_of(group, at),
        None => None,
    };
    let Some(source) = source else {
        return;
    };
    state.sidebar_chosen = Some((source.clone(), panel.folded.clone()));
    state.sidebar = None;
    list_flow::open(state, source, effects);
    state.views.top_mut().from_sidebar = true;
}

/// `A` in the sidebar: every article of the selected feed, tag or saved search marked read, as
/// newsboat's feed list does; over a hundred unread, after a question.
pub fn mark_entry_read(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = &state.sidebar else {
        return;
    };
    let Some(Entry::Item(group, at)) = panel.selected_entry() else {
        state.say("select a feed, tag or saved search to mark it read");
        return;
    };
    let (Some(source), Some(shown)) = (panel.source_of(group, at), panel.shown(group, at)) else {
        return;
    };
    let (name, unread) = (shown.name.to_string(), shown.unread);
    if unread == 0 {
        state.say(format!("nothing unread in {name}"));
        return;
    }
    let scope = marks::scope_of_finding(source.finding_with(ListOrder::Newest, false));
    let question = (unread > marks::ASK_OVER).then(|| {
        format!(
            "mark all {} unread articles of {name} read? y: yes, any other key: no",
            group_digits(unread as u64)
        )
    });
    marks::mark_read_asking(state, scope, question, effects);
}

/// The selected saved search's alerts on or off (`a` in the sidebar).
pub fn toggle_alert(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = &mut state.sidebar else {
        return;
    };
    let Some(Entry::Item(Group::Saved, at)) = panel.selected_entry() else {
        state.say("alerts are for saved searches: select one in the sidebar");
        return;
    };
    let Some(counts) = panel.data.saved.get_mut(at) else {
        return;
    };
    let saved = &mut counts.saved;
    saved.notify = !saved.notify;
    let (name, notify) = (saved.name.clone(), saved.notify);
    state.say(if notify {
        format!("alerts on for {name}: new articles in it are announced")
    } else {
        format!("alerts off for {name}")
    });
    effects.push(Effect::Data(DataRequest::SetAlert { name, notify }));
}

/// The feed selected in the sidebar, if a feed is.
fn selected_feed(state: &State) -> Option<i64> {
    let panel = state.sidebar.as_ref()?;
    match panel.selected_entry()? {
        Entry::Item(Group::Feeds, at) => panel.data.feeds.get(at).map(|s| s.feed.id),
        _ => None,
    }
}

/// `r` / `R`: refresh the feed shown, or the current article's (or the one selected in the feed
/// list), or all.
pub fn refresh(state: &mut State, all: bool, effects: &mut Vec<Effect>) {
    if state.refreshing.is_some() {
        state.say("a refresh is already running");
        return;
    }
    if all {
        start(state, None, effects);
        return;
    }
    if state.mode == Mode::Feeds {
        match selected_feed(state) {
            Some(id) => start(state, Some(id), effects),
            None => state.say("select a feed to refresh it; R refreshes every feed"),
        }
        return;
    }
    if let (ListSource::Feed { id, .. }, Mode::List) = (&state.view().source, state.mode) {
        let id = *id;
        start(state, Some(id), effects);
        return;
    }
    match target_id(state) {
        Some(article) => effects.push(Effect::Data(DataRequest::FeedOf { article })),
        None => not_from_a_feed(state),
    }
}

/// The feed of the article `r` was pressed on was found (or it came from none).
pub fn feed_found(state: &mut State, feed: Option<i64>, effects: &mut Vec<Effect>) {
    match feed {
        Some(feed) if state.refreshing.is_none() => start(state, Some(feed), effects),
        Some(_) => {}
        None => not_from_a_feed(state),
    }
}

fn not_from_a_feed(state: &mut State) {
    state.say("this article did not come from a feed; R refreshes every feed");
}

fn start(state: &mut State, feed: Option<i64>, effects: &mut Vec<Effect>) {
    let feeds = feed.map(|id| vec![id]);
    state.refreshing = Some((0, feeds.as_ref().map_or(0, Vec::len)));
    effects.push(Effect::Refresh(feeds));
}

/// `refresh_every` passed: the feeds that are due are refreshed, unless a refresh runs already.
pub fn auto_refresh(state: &mut State, effects: &mut Vec<Effect>) {
    if state.refreshing.is_none() {
        state.refreshing = Some((0, 0));
        effects.push(Effect::RefreshDue);
    }
}

/// A refresh ended: every list takes in the new articles (the one on screen at once) while the
/// selected article stays selected, on the same line of the screen.
pub fn refreshed(state: &mut State, result: Result<Refreshed, String>, effects: &mut Vec<Effect>) {
    state.refreshing = None;
    state.sync_step = None;
    let done = match result {
        Ok(done) => done,
        Err(error) => {
            state.complain(format!("refresh: {error}"));
            return;
        }
    };
    list_flow::store_changed(state, done.counts, true, effects);
    if done.sync.is_some() {
        state.sync_status = done.sync.clone();
    }
    // Which feed failed and why, as far as the bar has room (the count and the pointer to the
    // sidebar, which marks each, before a reason that may be long).
    let failed = match done.failures.as_slice() {
        [] => String::new(),
        [only] => format!("; failed: {only}"),
        [first, rest @ ..] => format!(
            "; {} failed (f shows them), first {first}",
            crate::say::count(rest.len() + 1, "feed"),
        ),
    };
    if !done.notification.is_empty() {
        effects.push(Effect::Notify(done.notification));
    }
    if let Some(first) = done.alerts.first() {
        let more = match done.alerts.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        state.say(format!("alert: {first}{more}"));
    } else if let Some(warning) = done.warnings.first() {
        state.complain(format!("refreshed: {} new{failed}; {warning}", done.new));
    } else if !failed.is_empty() {
        state.complain(format!(
            "refreshed: {} new, {} updated{failed}",
            done.new, done.updated
        ));
    } else {
        state.say(format!(
            "refreshed: {} new, {} updated",
            done.new, done.updated
        ));
    }
}

/// `F` in the reader: fetch the article's page in the background.
pub fn fetch_full(state: &mut State, effects: &mut Vec<Effect>) {
    let open = match (&state.reader, state.mode) {
        (Some(reader), Mode::Reader) => Some((reader.article.id, reader.article.url.is_some())),
        _ => None,
    };
    match open {
        Some((id, true)) => {
            state.say("fetching the full text…");
            effects.push(Effect::FetchFull(id));
        }
        Some((_, false)) => state.say("this article has no web link"),
        None => state.say("open an article first"),
    }
}

/// The full text arrived: the open article is read again to show it after its summary.
pub fn full_text_arrived(
    state: &mut State,
    id: i64,
    result: Result<usize, String>,
    effects: &mut Vec<Effect>,
) {
    match result {
        Ok(chars) => {
            effects.push(Effect::IndexChanged);
            if state.reader.as_ref().is_some_and(|r| r.article.id == id) {
                effects.push(Effect::Data(DataRequest::Article {
                    id,
                    purpose: ArticleUse::Reload,
                }));
            }
            state.say(format!("full text: {chars} characters, after the summary"));
        }
        Err(error) => state.complain(format!("full text: {error}")),
    }
}
