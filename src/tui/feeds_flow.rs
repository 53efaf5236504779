//! Subscriptions in the screen: the feed list and reading one feed, refreshing in the background
//! (new articles arrive without moving the selection), and fetching an article's full text.

use super::list::{ArticleList, Rows};
use super::state::{FeedPanel, State};
use super::update::Effect;
use crate::config::keymap::Mode;
use crate::library::{Library, LibraryError};
use crate::store::ListKey;

/// `f`: open or close the feed list.
pub fn toggle_list(state: &mut State, store: &Library) -> Result<(), LibraryError> {
    if state.mode == Mode::Feeds {
        state.feeds = None;
        state.mode = Mode::List;
        return Ok(());
    }
    let feeds = store.feeds()?;
    if feeds.is_empty() {
        state.say("no subscriptions yet: `dateline feed add URL` subscribes");
        return Ok(());
    }
    state.feeds = Some(FeedPanel { feeds, selected: 0 });
    state.mode = Mode::Feeds;
    Ok(())
}

/// Enter in the feed list: the list shows that feed's articles, newest first; Esc restores it.
pub fn read_feed(state: &mut State, store: &Library) -> Result<(), LibraryError> {
    let Some(panel) = state.feeds.take() else {
        return Ok(());
    };
    let Some(stats) = panel.feeds.get(panel.selected) else {
        return Ok(());
    };
    let ids = store.ids_in_feed(stats.feed.id)?;
    if state.search.saved.is_none() {
        state.search.saved = Some(state.list.clone());
    }
    state.search.query.clear();
    state.search.outer.clear();
    state.search.shown = None;
    state.search.highlighter = None;
    state.search.generation += 1;
    let total = ids.len();
    state.list = ArticleList::new(Rows::Hits { ids, total });
    state.feed_view = Some(stats.feed.name.clone());
    state.mode = Mode::List;
    Ok(())
}

/// `r` / `R`: refresh the current article's feed (or the one selected in the feed list), or all.
pub fn refresh(
    state: &mut State,
    store: &Library,
    all: bool,
    effects: &mut Vec<Effect>,
) -> Result<(), LibraryError> {
    if state.refreshing.is_some() {
        state.say("a refresh is already running");
        return Ok(());
    }
    let feeds = if all {
        None
    } else {
        let feed = match (&state.feeds, state.mode) {
            (Some(panel), Mode::Feeds) => panel.feeds.get(panel.selected).map(|s| s.feed.id),
            _ => {
                let article = match (&state.reader, state.mode) {
                    (Some(reader), Mode::Reader) => Some(reader.article.id),
                    _ => state.list.selected_row().map(|row| row.id),
                };
                match article {
                    Some(id) => store.feed_of(id)?,
                    None => None,
                }
            }
        };
        let Some(feed) = feed else {
            state.say("this article did not come from a feed; R refreshes every feed");
            return Ok(());
        };
        Some(vec![feed])
    };
    state.refreshing = Some((0, feeds.as_ref().map_or(0, Vec::len)));
    effects.push(Effect::Refresh(feeds));
    Ok(())
}

/// A refresh ended: the counts and the list take in the new articles while the selected article
/// stays selected, on the same line of the screen.
pub fn refreshed(
    state: &mut State,
    store: &Library,
    (new, updated, failed): (usize, usize, usize),
    error: Option<String>,
) -> Result<(), LibraryError> {
    state.refreshing = None;
    if let Some(error) = error {
        state.complain(format!("refresh: {error}"));
        return Ok(());
    }
    state.counts = store.counts()?;
    if matches!(state.list.rows, Rows::All { .. }) {
        let kept = state.list.selected_row().map(ListKey::of);
        state.list.rows = Rows::All {
            total: state.counts.total,
        };
        if let Some(key) = kept {
            let position = store.position_of(key)?;
            let moved = position.saturating_sub(state.list.selected);
            state.list.selected = position;
            state.list.top += moved;
        }
        // Where the whole list fits, it starts at the top, new articles and all.
        state.list.scroll_to_selection(state.sizes.list_height);
        state.list.forget();
    }
    if let Some(panel) = &mut state.feeds {
        panel.feeds = store.feeds()?;
    }
    let failed = if failed > 0 {
        format!(
            ", {} failed (`dateline feed list` says why)",
            crate::say::count(failed, "feed")
        )
    } else {
        String::new()
    };
    state.say(format!("refreshed: {new} new, {updated} updated{failed}"));
    Ok(())
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

/// The full text arrived: the open article shows it after its summary.
pub fn full_text_arrived(
    state: &mut State,
    store: &Library,
    id: i64,
    result: Result<usize, String>,
) -> Result<(), LibraryError> {
    match result {
        Ok(chars) => {
            if let Some(reader) = state.reader.as_mut().filter(|r| r.article.id == id) {
                reader.full_text = store.full_text(id)?;
                let width = reader.doc.width;
                reader.doc =
                    super::doc::Doc::build(&reader.article, reader.full_text.as_deref(), width);
            }
            state.say(format!("full text: {chars} characters, after the summary"));
        }
        Err(error) => state.complain(format!("full text: {error}")),
    }
    Ok(())
}
