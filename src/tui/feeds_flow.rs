//! Subscriptions in the screen: the feed list and reading one feed, refreshing in the background
//! (the view on screen takes in the new articles without moving the selection), and fetching an
//! article's full text.

use super::flags::target_id;
use super::list_flow;
use super::msg::{ArticleUse, DataRequest, Effect, Refreshed};
use super::source::ListSource;
use super::state::{FeedPanel, State};
use crate::config::keymap::Mode;
use crate::store::FeedStats;

/// `f`: open or close the feed list (it opens when the feeds are read).
pub fn toggle_list(state: &mut State, effects: &mut Vec<Effect>) {
    if state.mode == Mode::Feeds {
        state.feeds = None;
        state.mode = Mode::List;
        return;
    }
    state.feeds_asked = true;
    effects.push(Effect::Data(DataRequest::Feeds));
}

/// The feeds were read: the open feed list shows them, or the list asked for opens.
pub fn feeds_read(state: &mut State, feeds: Vec<FeedStats>) {
    if let Some(panel) = &mut state.feeds {
        panel.selected = panel.selected.min(feeds.len().saturating_sub(1));
        panel.feeds = feeds;
        return;
    }
    if !std::mem::take(&mut state.feeds_asked) {
        return;
    }
    if feeds.is_empty() {
        state.say("no subscriptions yet: `dateline feed add URL` subscribes");
        return;
    }
    state.feeds = Some(FeedPanel { feeds, selected: 0 });
    state.mode = Mode::Feeds;
}

/// Enter in the feed list: the list shows that feed's articles, newest first; Esc goes back.
pub fn read_feed(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(panel) = state.feeds.take() else {
        return;
    };
    let Some(stats) = panel.feeds.get(panel.selected) else {
        return;
    };
    let source = ListSource::Feed {
        id: stats.feed.id,
        name: stats.feed.name.clone(),
    };
    list_flow::open(state, source, effects);
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
    if let (Some(panel), Mode::Feeds) = (&state.feeds, state.mode) {
        if let Some(stats) = panel.feeds.get(panel.selected) {
            let id = stats.feed.id;
            start(state, Some(id), effects);
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

/// A refresh ended: every list takes in the new articles (the one on screen at once) while the
/// selected article stays selected, on the same line of the screen.
pub fn refreshed(state: &mut State, result: Result<Refreshed, String>, effects: &mut Vec<Effect>) {
    state.refreshing = None;
    let done = match result {
        Ok(done) => done,
        Err(error) => {
            state.complain(format!("refresh: {error}"));
            return;
        }
    };
    list_flow::store_changed(state, done.counts, true, effects);
    let failed = if done.failed > 0 {
        format!(
            ", {} failed (`dateline feed list` says why)",
            crate::say::count(done.failed, "feed")
        )
    } else {
        String::new()
    };
    state.say(format!(
        "refreshed: {} new, {} updated{failed}",
        done.new, done.updated
    ));
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
