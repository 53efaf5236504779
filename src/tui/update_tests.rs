//! Key flows through `update`, with the library's answers fabricated by an in-memory shelf
//! (`test_shelf.rs`): no SQLite, no terminal.

use std::time::Duration;

use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::config::keymap::Keymap;
use crate::search::query;
use crate::tui::source::ListSource;
use crate::tui::state::{SearchOutcome, SearchRequest, Settings, Sizes};
use crate::tui::test_shelf::{Shelf, article};

#[path = "update_marks_tests.rs"]
mod marks;
#[path = "update_picture_tests.rs"]
mod pictures;
#[path = "update_search_tests.rs"]
mod searching;
#[path = "update_store_tests.rs"]
mod store_changes;

pub(super) struct Fixture {
    pub shelf: Shelf,
    pub state: State,
    /// Every read and write asked of the shelf, in order.
    pub asked: Vec<DataRequest>,
}

pub(super) fn sizes(wide: bool) -> Sizes {
    Sizes {
        list_height: 10,
        reader_width: 40,
        reader_height: 8,
        panel_height: 8,
        help_height: 20,
        help_width: 80,
        wide,
        too_small: false,
        ..Sizes::default()
    }
}

pub(super) fn fixture(articles: i64, wide: bool) -> Fixture {
    with_shelf(Shelf::with(articles), wide)
}

pub(super) fn with_shelf(shelf: Shelf, wide: bool) -> Fixture {
    let settings = Settings {
        mark_read_on_open: true,
        ..Settings::default()
    };
    let mut f = starting(shelf, settings);
    f.press(Msg::Resized(sizes(wide)));
    f
}

/// The screen on `shelf` with `settings`, as the app has it before its first draw: no sizes yet.
pub(super) fn starting(shelf: Shelf, settings: Settings) -> Fixture {
    let state = State::new(shelf.counts(), Keymap::defaults(), settings, "data".into());
    Fixture {
        shelf,
        state,
        asked: Vec::new(),
    }
}

pub(super) fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub(super) fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

impl Fixture {
    /// Applies `msg` and answers every read it leads to, as the app loop does; returns the
    /// other effects.
    pub fn press(&mut self, msg: Msg) -> Vec<Effect> {
        let mut queue = vec![msg];
        let mut rest = Vec::new();
        let mut rounds = 0;
        while let Some(msg) = queue.pop() {
            rounds += 1;
            assert!(rounds < 50, "the reads never settle");
            for effect in update(&mut self.state, msg) {
                match effect {
                    Effect::Data(request) => {
                        self.asked.push(request.clone());
                        queue.insert(0, self.shelf.answer(request));
                    }
                    other => rest.push(other),
                }
            }
        }
        rest
    }

    pub fn typed(&mut self, text: &str) -> Vec<Effect> {
        text.chars().flat_map(|c| self.press(ch(c))).collect()
    }

    pub fn selected_title(&self) -> String {
        self.state.list().selected_row().unwrap().title.clone()
    }

    pub fn source(&self) -> &ListSource {
        &self.state.view().source
    }

    /// Answers the search the view on screen waits for, as the worker would, with `ids`.
    pub fn answer_asked(&mut self, ids: Vec<i64>) -> Vec<Effect> {
        let asked = self.state.view().asked.clone().unwrap();
        let request = SearchRequest {
            generation: asked.generation,
            text: asked.text,
            limit: crate::tui::state::SEARCH_PAGE,
            sort: crate::search::SortOrder::Relevance,
        };
        self.answer(&request, ids)
    }

    /// Answers a search request as the worker would, with the given ids, all of them.
    pub fn answer(&mut self, request: &SearchRequest, ids: Vec<i64>) -> Vec<Effect> {
        let total = Some(ids.len());
        self.answer_with(request, ids, total, false)
    }

    pub fn answer_with(
        &mut self,
        request: &SearchRequest,
        ids: Vec<i64>,
        total: Option<usize>,
        still_typing: bool,
    ) -> Vec<Effect> {
        let outcome = SearchOutcome {
            generation: request.generation,
            parsed: query::parse(&request.text, Utc::now()),
            total,
            ids,
            everything: false,
            still_typing,
            elapsed: Duration::from_millis(3),
            error: None,
        };
        self.press(Msg::Searched(Box::new(outcome)))
    }
}

pub(super) fn search_requests(effects: &[Effect]) -> Vec<SearchRequest> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Search(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn moves_through_the_list() {
    let mut f = fixture(30, true);
    assert_eq!(f.selected_title(), "Harbour report 30");
    f.press(ch('j'));
    f.press(key(KeyCode::Down));
    assert_eq!(f.selected_title(), "Harbour report 28");
    f.press(ch('G'));
    assert_eq!(f.selected_title(), "Harbour report 1");
    assert_eq!(f.state.list().top, 20);
    f.press(ch('g'));
    assert_eq!(f.state.list().selected, 0);
    f.press(Msg::Key(KeyEvent::new(
        KeyCode::Char('d'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(f.state.list().selected, 5);
    // The wide layout previews the selection without marking it read.
    assert_eq!(
        f.state.reader.as_ref().unwrap().article.title,
        "Harbour report 25"
    );
    assert!(f.shelf.writes.is_empty());
}

#[test]
fn opening_marks_read_and_flags_are_written() {
    let mut f = fixture(5, false);
    let unread = f.state.counts.unread;
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::Reader);
    let id = f.state.reader.as_ref().unwrap().article.id;
    assert_eq!(f.shelf.writes, [(id, Flag::Read, true)]);
    assert_eq!(f.state.counts.unread, unread - 1);
    f.press(ch('m'));
    assert!(!f.shelf.get(id).unwrap().read);
    assert_eq!(f.state.counts.unread, unread);
    f.press(ch('s'));
    assert!(f.shelf.get(id).unwrap().starred);
    assert!(
        f.state.list().selected_row().unwrap().starred,
        "the row shows it"
    );
    // J opens the next article; q goes back to the list; q again quits.
    f.press(ch('J'));
    assert_ne!(f.state.reader.as_ref().unwrap().article.id, id);
    f.press(ch('q'));
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.press(ch('q')), [Effect::Quit]);
}

#[test]
fn behind_the_too_small_notice_only_quitting_works() {
    let mut f = fixture(5, true);
    let sizes = Sizes {
        too_small: true,
        ..f.state.sizes
    };
    f.press(Msg::Resized(sizes));
    let unread = f.state.counts.unread;
    for c in ['j', 'm', 's', '/', 'e'] {
        assert!(f.press(ch(c)).is_empty(), "{c}");
    }
    assert_eq!(f.state.list().selected, 0);
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.state.counts.unread, unread);
    assert!(f.shelf.writes.is_empty());
    assert!(f.press(key(KeyCode::Enter)).is_empty());
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.press(ch('q')), vec![Effect::Quit]);
}

#[test]
fn entities_are_stepped_from_the_list_beside_the_reader() {
    let mut f = fixture(3, true);
    assert_eq!(f.state.mode, Mode::List);
    f.press(ch(']'));
    f.press(ch(']'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_entity, Some(1));
    f.press(ch('['));
    assert_eq!(f.state.reader.as_ref().unwrap().current_entity, Some(0));
    assert_eq!(f.state.mode, Mode::List);
}

#[test]
fn help_opens_and_closes_where_it_was() {
    let mut f = fixture(3, true);
    f.press(key(KeyCode::Enter));
    f.press(ch('?'));
    assert_eq!(f.state.mode, Mode::Help);
    f.press(ch('j'));
    assert_eq!(f.state.help_scroll, 1);
    f.press(ch('G'));
    let last = crate::tui::help_text::lines(&f.state).len() - 20;
    assert_eq!(
        f.state.help_scroll, last,
        "scrolling stops at the help's end"
    );
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Reader);
}

#[test]
fn one_feed_is_read_from_the_feed_list_and_esc_goes_back() {
    let mut shelf = Shelf::with(5);
    shelf.add_feed(7, "Example");
    shelf.add(article(10, "Feed item a"), Some(7));
    shelf.add(article(11, "Feed item b"), Some(7));
    let mut f = with_shelf(shelf, true);
    f.press(ch('f'));
    assert_eq!(f.state.mode, Mode::Feeds);
    f.press(key(KeyCode::Enter));
    assert_eq!(
        f.source(),
        &ListSource::Feed {
            id: 7,
            name: "Example".into()
        }
    );
    let titles: Vec<String> = f
        .state
        .list()
        .visible(0..10)
        .map(|(_, r)| r.title.clone())
        .collect();
    assert_eq!(titles, ["Feed item b", "Feed item a"]);
    // r refreshes the feed shown.
    assert_eq!(f.press(ch('r')), [Effect::Refresh(Some(vec![7]))]);
    f.press(key(KeyCode::Esc));
    assert_eq!(f.source(), &ListSource::All);
    assert_eq!(f.state.list().len(), 7);
}

#[test]
fn space_paging_the_article_beside_the_list_through_its_end_reads_it() {
    let mut shelf = Shelf::with(5);
    let long: Vec<String> = (0..80)
        .map(|n| format!("Paragraph {n} of the harbour story."))
        .collect();
    shelf.rewrite(5, &long.join("\n\n"));
    let mut f = with_shelf(shelf, true);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 5);
    assert!(
        !f.shelf.get(5).unwrap().read,
        "a preview only looked at is not read"
    );
    f.press(ch(' '));
    assert_eq!(f.state.mode, Mode::List);
    assert!(f.state.reader.as_ref().unwrap().scroll > 0);
    assert!(!f.shelf.get(5).unwrap().read, "not read through yet");
    // Paged to its end, the next Space reads it and goes on to the next unread.
    for _ in 0..40 {
        f.press(ch(' '));
        if f.selected_title() != "Harbour report 5" {
            break;
        }
    }
    assert!(f.shelf.get(5).unwrap().read, "paged through: read");
    assert_eq!(f.selected_title(), "Harbour report 4");
}

#[test]
fn space_in_the_narrow_list_pages_it() {
    let mut f = fixture(60, false);
    let height = f.state.list_rows;
    assert!(height > 2);
    f.press(ch(' '));
    assert_eq!(f.state.list().selected, height - 1);
    f.press(ch('b'));
    assert_eq!(f.state.list().selected, 0);
}
