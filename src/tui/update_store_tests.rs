//! The list stays true while the store changes: `update` told that the store (or a refresh)
//! changed reads the view on screen again, keeps the selected article selected, and reads the
//! views beneath when they are back. The library's answers come from the in-memory shelf.

use crossterm::event::KeyCode;

use super::{Fixture, ch, fixture, key, search_requests, with_shelf};
use crate::config::keymap::Mode;
use crate::tui::list::Rows;
use crate::tui::source::ListSource;
use crate::tui::state::Sizes;
use crate::tui::test_shelf::{Shelf, article};
use crate::tui::update::{DataRequest, Effect, Flag, Msg, Refreshed};

impl Fixture {
    /// Another process stored articles `from..=to`; the watcher says so.
    fn others_add(&mut self, from: i64, to: i64, feed: Option<i64>) -> Vec<Effect> {
        for n in from..=to {
            self.shelf
                .add(article(n, &format!("Harbour report {n}")), feed);
        }
        let counts = self.shelf.counts();
        self.press(Msg::StoreChanged {
            counts,
            index: true,
        })
    }

    /// The header's count and the status bar's position agree: both are the list's.
    fn position(&self) -> (usize, usize) {
        let list = self.state.list();
        (list.selected + 1, list.total())
    }
}

#[test]
fn new_articles_from_elsewhere_keep_the_selected_one_selected() {
    let mut f = fixture(30, true);
    for _ in 0..4 {
        f.press(ch('j'));
    }
    let chosen = f.selected_title();
    let line = f.state.list().selected - f.state.list().top;
    assert!(f.others_add(31, 35, None).contains(&Effect::IndexChanged));
    assert_eq!(f.state.counts.total, 35);
    assert_eq!(f.state.list().total(), 35, "the header counts them");
    assert_eq!(f.selected_title(), chosen);
    assert_eq!(f.state.list().selected, 9);
    assert_eq!(f.state.list().selected - f.state.list().top, line);
    f.press(ch('g'));
    assert_eq!(f.selected_title(), "Harbour report 35");
    f.press(ch('G'));
    assert_eq!(f.selected_title(), "Harbour report 1");
    assert_eq!(f.position(), (35, 35));
}

#[test]
fn a_flag_set_elsewhere_is_read_again_where_it_is() {
    let mut f = fixture(30, true);
    for _ in 0..3 {
        f.press(ch('j'));
    }
    let id = f.state.list().selected_row().unwrap().id;
    // Another process stars it: nothing came or went, so the place is not looked for again.
    f.shelf.answer(DataRequest::SetFlag {
        id,
        flag: Flag::Starred,
        value: true,
    });
    f.asked.clear();
    let counts = f.shelf.counts();
    f.press(Msg::StoreChanged {
        counts,
        index: false,
    });
    assert!(
        !f.asked
            .iter()
            .any(|r| matches!(r, DataRequest::Locate { .. })),
        "{:?}",
        f.asked
    );
    assert!(f.state.list().selected_row().unwrap().starred);
    assert_eq!(f.state.list().selected, 3);
}

#[test]
fn the_open_article_updated_in_place_is_shown_anew() {
    let mut f = fixture(5, true);
    f.press(key(KeyCode::Enter));
    let id = f.state.reader.as_ref().unwrap().article.id;
    f.shelf
        .rewrite(id, "Floods hit Accra on Friday, killing two.");
    let counts = f.shelf.counts();
    f.press(Msg::StoreChanged {
        counts,
        index: true,
    });
    let reader = f.state.reader.as_ref().unwrap();
    assert_eq!(reader.article.id, id);
    assert_eq!(
        reader.article.body,
        "Floods hit Accra on Friday, killing two."
    );
    assert_eq!(f.state.mode, Mode::Reader, "still reading");
    // A change that leaves its text alone (it was starred) keeps the reader where it was.
    f.state.reader.as_mut().unwrap().current_entity = Some(1);
    f.shelf.answer(DataRequest::SetFlag {
        id,
        flag: Flag::Starred,
        value: true,
    });
    let counts = f.shelf.counts();
    f.press(Msg::StoreChanged {
        counts,
        index: false,
    });
    let reader = f.state.reader.as_ref().unwrap();
    assert!(reader.article.starred, "the mark is shown");
    assert_eq!(reader.current_entity, Some(1), "the name stepped to stays");
}

#[test]
fn a_search_on_screen_is_asked_again_after_the_index_changed() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    f.answer(requests.last().unwrap(), vec![20, 10]);
    f.press(key(KeyCode::Enter));
    f.press(ch('j'));
    let effects = f.others_add(31, 32, None);
    // The worker looks at the index again before it searches.
    let changed = effects.iter().position(|e| *e == Effect::IndexChanged);
    let again = search_requests(&effects);
    assert!(changed.is_some_and(|at| matches!(effects[at + 1], Effect::Search(_))));
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].text, "harbour");
    f.answer(&again[0], vec![32, 20, 31, 10]);
    assert_eq!(f.selected_title(), "Harbour report 10", "still selected");
    assert_eq!(f.position(), (4, 4));
    assert!(f.state.view().highlighter.is_some());
}

#[test]
fn views_beneath_are_read_again_when_they_are_back() {
    let mut f = fixture(3, true);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    f.answer(requests.last().unwrap(), vec![2]);
    f.press(key(KeyCode::Enter));
    let again = search_requests(&f.others_add(4, 81, None));
    f.answer(&again[0], vec![2, 50]);
    f.press(key(KeyCode::Esc));
    assert_eq!(f.source(), &ListSource::All);
    assert_eq!(f.state.list().total(), 81);
    // The article selected before stays selected; the rows on screen are all read.
    assert_eq!(f.selected_title(), "Harbour report 3");
    let top = f.state.list().top;
    assert_eq!(f.state.list().visible(top..top + 10).count(), 10);
    f.press(ch('G'));
    assert_eq!(f.position(), (81, 81));
    assert_eq!(f.selected_title(), "Harbour report 1");
}

#[test]
fn an_empty_search_box_follows_the_list_beneath() {
    let mut f = fixture(3, true);
    f.press(ch('/'));
    f.others_add(4, 6, None);
    assert_eq!(f.state.list().total(), 6);
    assert!(matches!(f.state.list().rows(), Rows::All { .. }));
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.list().total(), 6);
}

#[test]
fn refreshing_inside_a_feed_view_shows_the_new_article_there() {
    let mut shelf = Shelf::with(5);
    shelf.add_feed(7, "Example");
    for n in 10..13 {
        shelf.add(article(n, &format!("Feed item {n}")), Some(7));
    }
    let mut f = with_shelf(shelf, true);
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    f.press(ch('j'));
    let chosen = f.selected_title();
    assert_eq!(f.press(ch('r')), [Effect::Refresh(Some(vec![7]))]);
    assert_eq!(f.state.refreshing, Some((0, 1)));
    // The refresh stores a newer item, then ends.
    f.shelf.add(article(20, "Feed item 20"), Some(7));
    let counts = f.shelf.counts();
    f.press(Msg::Refreshed(Ok(Refreshed {
        new: 1,
        updated: 0,
        counts,
        ..Refreshed::default()
    })));
    assert!(f.state.refreshing.is_none());
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    assert_eq!(f.state.list().total(), 4);
    assert_eq!(f.selected_title(), chosen);
    f.press(ch('g'));
    assert_eq!(f.selected_title(), "Feed item 20");
    f.press(ch('G'));
    assert_eq!(f.position(), (4, 4));
    // Back to the sidebar, then to every article: the refresh is there too.
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Feeds);
    f.press(key(KeyCode::Esc));
    f.press(ch('G'));
    assert_eq!(f.position(), (9, 9));
}

#[test]
fn leaving_a_feed_goes_back_to_the_sidebar_on_that_feed() {
    let mut shelf = Shelf::with(2);
    for (id, name) in [(7, "Alpha"), (8, "Beta"), (9, "Gamma")] {
        shelf.add_feed(id, name);
        shelf.add(article(id * 10, &format!("{name} item")), Some(id));
    }
    let mut f = with_shelf(shelf, true);
    f.press(ch('f'));
    f.press(ch('G'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 9, .. }));
    // As newsboat's article list goes back to its feed list, on the feed just read.
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Feeds);
    let on = |f: &Fixture| {
        let panel = f.state.sidebar.as_ref().unwrap();
        let entry = panel.selected_entry().unwrap();
        match entry {
            crate::tui::sidebar::Entry::Item(group, at) => panel.source_of(group, at),
            _ => None,
        }
    };
    assert!(matches!(on(&f), Some(ListSource::Feed { id: 9, .. })));
    // Closed, and opened again from every article: still on it.
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::List);
    assert!(matches!(f.source(), ListSource::All));
    f.press(ch('f'));
    assert!(matches!(on(&f), Some(ListSource::Feed { id: 9, .. })));
    // A search inside a feed goes back to the feed first.
    f.press(ch('k'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 8, .. }));
    f.press(ch('/'));
    f.typed("beta");
    f.press(key(KeyCode::Enter));
    f.answer_asked(vec![80]);
    // From the search, another feed: leaving it goes back to the sidebar on it, and leaving
    // the first feed, after the search, to the sidebar on that one.
    f.press(ch('f'));
    f.press(ch('g'));
    f.press(ch('j'));
    let first = on(&f);
    assert!(matches!(first, Some(ListSource::Feed { id: 7, .. })));
    f.press(key(KeyCode::Enter));
    assert_eq!(Some(f.source().clone()), first);
    f.press(key(KeyCode::Esc));
    assert_eq!(on(&f), first);
    f.press(key(KeyCode::Esc));
    f.press(key(KeyCode::Esc));
    assert!(matches!(f.source(), ListSource::Feed { id: 8, .. }));
    assert_eq!(f.state.mode, Mode::List);
    // Renamed meanwhile, the feed is still the one the sidebar opens on.
    f.shelf.rename_feed(8, "Beta Daily");
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Feeds);
    assert!(matches!(on(&f), Some(ListSource::Feed { id: 8, .. })));
}

#[test]
fn header_and_position_agree_after_g_in_every_source() {
    let mut shelf = Shelf::with(40);
    shelf.add_feed(7, "Example");
    shelf.add(article(50, "Feed item"), Some(7));
    let mut f = with_shelf(shelf, true);
    f.press(ch('G'));
    assert_eq!(f.position(), (41, 41));
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    f.answer(requests.last().unwrap(), (1..=12).collect());
    f.press(key(KeyCode::Enter));
    f.press(ch('G'));
    assert_eq!(f.position(), (12, 12));
    f.press(ch('e'));
    let requests = search_requests(&f.press(key(KeyCode::Enter)));
    f.answer(&requests[0], vec![3, 4, 5]);
    f.press(ch('G'));
    assert_eq!(f.position(), (3, 3));
    f.press(key(KeyCode::Esc));
    f.press(key(KeyCode::Esc));
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    f.press(ch('G'));
    assert_eq!(f.position(), (1, 1));
}

#[test]
fn the_list_comes_back_from_the_narrow_reader_as_it_would_have_looked() {
    let mut f = fixture(36, false);
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::Reader);
    // The narrow reader has the screen: the list is hidden (no rows).
    let hidden = Sizes {
        list_height: 0,
        ..f.state.sizes
    };
    f.press(Msg::Resized(hidden));
    for _ in 0..5 {
        f.press(ch('J'));
    }
    assert_eq!(f.selected_title(), "Harbour report 31");
    f.press(ch('q'));
    f.press(Msg::Resized(super::sizes(false)));
    // Five rows down a list of ten: nothing needs to scroll.
    assert_eq!(f.state.list().top, 0);
}

#[test]
fn a_new_source_starts_the_reader_at_its_top() {
    let mut shelf = Shelf::with(3);
    shelf.add_feed(7, "Example");
    let mut long = article(10, "Feed item");
    long.body = "word ".repeat(400);
    shelf.add(long, Some(7));
    let mut f = with_shelf(shelf, false);
    f.press(key(KeyCode::Enter));
    for _ in 0..5 {
        f.press(ch('j'));
    }
    assert!(f.state.reader.as_ref().unwrap().scroll > 0);
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.reader.as_ref().unwrap().scroll, 0);
}

#[test]
fn a_refresh_says_which_feed_failed_and_why() {
    let mut f = fixture(3, true);
    let counts = f.shelf.counts();
    let failures = |names: &[&str]| -> Vec<String> {
        names.iter().map(|n| format!("{n}: HTTP 404")).collect()
    };
    f.press(Msg::Refreshed(Ok(Refreshed {
        new: 2,
        failures: failures(&["Harbour News"]),
        counts,
        ..Refreshed::default()
    })));
    let status = f.state.status.clone().unwrap();
    assert_eq!(
        status.text,
        "refreshed: 2 new, 0 updated; failed: Harbour News: HTTP 404"
    );
    assert!(status.error, "shown as a problem");
    f.press(Msg::Refreshed(Ok(Refreshed {
        failures: failures(&["Harbour News", "Coast Post", "Tide Times"]),
        counts,
        ..Refreshed::default()
    })));
    let status = f.state.status.clone().unwrap().text;
    assert!(
        status.ends_with("; 3 feeds failed (f shows them), first Harbour News: HTTP 404"),
        "{status}"
    );
}

#[test]
fn a_in_the_sidebar_marks_the_selected_feed_read() {
    let mut shelf = Shelf::with(2);
    for (id, name) in [(7, "Alpha"), (8, "Beta")] {
        shelf.add_feed(id, name);
        for n in 0..3 {
            shelf.add(article(id * 10 + n, &format!("{name} item {n}")), Some(id));
        }
    }
    let mut f = with_shelf(shelf, true);
    f.press(ch('f'));
    f.press(ch('G'));
    let effects = f.press(ch('A'));
    assert!(effects.is_empty());
    assert!(f.asked.contains(&DataRequest::MarkAllRead {
        scope: crate::library::ListScope::Feed(8)
    }));
    assert!((80..83).all(|id| f.shelf.get(id).unwrap().read));
    assert!((70..73).all(|id| !f.shelf.get(id).unwrap().read));
    assert_eq!(f.state.mode, Mode::Feeds, "still in the sidebar");
    // Its count read again: nothing unread there now.
    let panel = f.state.sidebar.as_ref().unwrap();
    let beta = panel.shown(crate::tui::sidebar::Group::Feeds, 1).unwrap();
    assert_eq!((beta.name, beta.unread), ("Beta", 0));
    f.press(ch('A'));
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "nothing unread in Beta"
    );
    // u puts them back, there as in the list.
    f.press(ch('u'));
    assert!((80..83).all(|id| !f.shelf.get(id).unwrap().read));
}

#[test]
fn next_unread_at_a_feeds_end_goes_on_to_the_next_feed_with_unread_articles() {
    let mut shelf = Shelf::with(2);
    // Alpha: 72 (unread) and 71; Beta: 82 and 81, both read; Gamma: 92 and 91, unread.
    for (feed, name) in [(7, "Alpha"), (8, "Beta"), (9, "Gamma")] {
        shelf.add_feed(feed, name);
        for n in [1, 2] {
            shelf.add(article(feed * 10 + n, &format!("{name} {n}")), Some(feed));
        }
    }
    for read in [71, 81, 82] {
        shelf.mark(read, true);
    }
    let mut f = with_shelf(shelf, false);
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 72);
    // Alpha has nothing unread left: Beta has none either, so Gamma's newest unread opens.
    f.press(ch('.'));
    assert!(matches!(f.source(), ListSource::Feed { id: 9, .. }));
    assert_eq!(f.state.mode, Mode::Reader);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 92);
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "nothing unread left here: on to Gamma"
    );
    f.press(ch('.'));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 91);
    // Every feed is read now.
    f.press(ch('.'));
    assert!(matches!(f.source(), ListSource::Feed { id: 9, .. }));
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "no unread articles here or in any other feed"
    );
    // Going on replaced the feed's list: Esc goes back to the sidebar, on the feed now read.
    f.press(key(KeyCode::Esc));
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Feeds);
    let panel = f.state.sidebar.as_ref().unwrap();
    let on = match panel.selected_entry() {
        Some(crate::tui::sidebar::Entry::Item(group, at)) => panel.source_of(group, at),
        _ => None,
    };
    assert!(matches!(on, Some(ListSource::Feed { id: 9, .. })));
}

#[test]
fn previous_unread_at_a_feeds_top_goes_back_to_the_last_unread_of_the_feed_before() {
    let mut shelf = Shelf::with(2);
    // Alpha: 72 and 71, unread; Beta: 82, unread, read through below; Gamma: 91, unread.
    for (feed, name, items) in [(7, "Alpha", 2), (8, "Beta", 1), (9, "Gamma", 1)] {
        shelf.add_feed(feed, name);
        for n in 1..=items {
            shelf.add(article(feed * 10 + n, &format!("{name} {n}")), Some(feed));
        }
    }
    let mut f = with_shelf(shelf, false);
    f.press(ch('f'));
    f.press(ch('G'));
    f.press(ch('k'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 8, .. }));
    // In the list, `,` selects without opening: the feed before's (Alpha's, not Gamma's) oldest
    // unread, at its bottom.
    f.press(key(KeyCode::Enter));
    f.press(key(KeyCode::Esc));
    f.press(ch(','));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.selected_title(), "Alpha 1");
    assert!(f.state.reader.as_ref().is_none_or(|r| r.article.id != 71));
}

#[test]
fn a_search_begun_in_the_sidebar_goes_back_to_it_and_the_sidebar_opens_again() {
    let mut shelf = Shelf::with(2);
    for (id, name) in [(7, "Alpha"), (8, "Beta")] {
        shelf.add_feed(id, name);
        shelf.add(article(id * 10, &format!("{name} item")), Some(id));
    }
    let mut f = with_shelf(shelf, true);
    let on = |f: &Fixture| {
        let panel = f.state.sidebar.as_ref()?;
        match panel.selected_entry()? {
            crate::tui::sidebar::Entry::Item(group, at) => panel.source_of(group, at),
            _ => None,
        }
    };
    f.press(ch('f'));
    f.press(ch('G'));
    assert!(matches!(on(&f), Some(ListSource::Feed { id: 8, .. })));
    f.press(ch('/'));
    assert_eq!(f.state.mode, Mode::Search);
    f.typed("harbour");
    // Esc leaves the search for the sidebar, on the feed it was begun from.
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Feeds);
    assert!(matches!(on(&f), Some(ListSource::Feed { id: 8, .. })));
    // A search kept with Enter, then `f`: the sidebar opens (it never did again before).
    f.press(ch('/'));
    f.typed("harbour");
    f.press(key(KeyCode::Enter));
    f.answer_asked(vec![1]);
    assert_eq!(f.state.mode, Mode::List);
    f.press(ch('f'));
    assert_eq!(f.state.mode, Mode::Feeds);
    assert!(matches!(on(&f), Some(ListSource::Feed { id: 8, .. })));
}

#[test]
fn going_on_to_the_next_feed_keeps_the_unread_only_view() {
    let mut shelf = Shelf::with(2);
    for (feed, name) in [(7, "Alpha"), (8, "Beta")] {
        shelf.add_feed(feed, name);
        for n in [1, 2] {
            shelf.add(article(feed * 10 + n, &format!("{name} {n}")), Some(feed));
        }
    }
    for read in [71, 72, 81] {
        shelf.mark(read, true);
    }
    let mut f = with_shelf(shelf, false);
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    f.press(ch('U'));
    assert!(f.state.view().unread_only);
    f.press(ch('.'));
    assert!(matches!(f.source(), ListSource::Feed { id: 8, .. }));
    assert!(f.state.view().unread_only, "U still holds in the next feed");
    assert_eq!(f.state.list().len(), 1);
    assert_eq!(f.selected_title(), "Beta 2");
}
