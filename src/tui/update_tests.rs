//! Key flows through `update`, on a real store in a temporary directory.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::article::{ArticleDraft, Entity, EntityKind, TextField};
use crate::config::keymap::Keymap;
use crate::search::query;
use crate::tui::list::{ArticleList, Rows};
use crate::tui::state::{SEARCH_PAGE, SearchOutcome, Settings, Sizes, State};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Library,
    state: State,
}

fn draft(i: usize) -> ArticleDraft {
    let body = format!("Ada Lee spoke in Oslo about harbour number {i}.\n\nThe harbour reopened.");
    ArticleDraft {
        title: format!("Harbour report {i}"),
        body,
        source: "Test Wire".into(),
        url: Some(format!("https://example.org/{i}")),
        published: Some(Utc.timestamp_opt(1_760_000_000 + i as i64 * 60, 0).unwrap()),
        entities: Some(vec![
            Entity {
                kind: EntityKind::Person,
                text: "Ada Lee".into(),
                field: TextField::Body,
                start: 0,
                end: 7,
                value: None,
            },
            Entity {
                kind: EntityKind::Place,
                text: "Oslo".into(),
                field: TextField::Body,
                start: 17,
                end: 21,
                value: None,
            },
        ]),
        ..ArticleDraft::default()
    }
}

fn fixture(articles: usize, wide: bool) -> Fixture {
    let drafts: Vec<_> = (0..articles).map(draft).collect();
    let (dir, mut store) = crate::library::test_support::library_of(drafts);
    let counts = store.counts().unwrap();
    let settings = Settings {
        mark_read_on_open: true,
    };
    let mut state = State::new(counts, Keymap::defaults(), settings, "data".into());
    let sizes = Sizes {
        list_height: 10,
        reader_width: 40,
        reader_height: 8,
        panel_height: 8,
        help_height: 20,
        help_width: 80,
        wide,
        too_small: false,
    };
    update(&mut state, &mut store, Msg::Resized(sizes));
    Fixture {
        _dir: dir,
        store,
        state,
    }
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

impl Fixture {
    fn press(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.state, &mut self.store, msg)
    }

    fn typed(&mut self, text: &str) -> Vec<Effect> {
        text.chars().flat_map(|c| self.press(ch(c))).collect()
    }

    fn selected_title(&self) -> String {
        self.state.list.selected_row().unwrap().title.clone()
    }

    /// Answers a search request as the worker would, with the given ids.
    fn answer(&mut self, request: &SearchRequest, ids: Vec<i64>) {
        let outcome = SearchOutcome {
            generation: request.generation,
            parsed: query::parse(&request.text, Utc::now()),
            total: Some(ids.len()),
            ids,
            everything: false,
            elapsed: Duration::from_millis(3),
            error: None,
        };
        self.press(Msg::Searched(Box::new(outcome)));
    }
}

fn search_requests(effects: &[Effect]) -> Vec<SearchRequest> {
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
    assert_eq!(f.selected_title(), "Harbour report 29");
    f.press(ch('j'));
    f.press(key(KeyCode::Down));
    assert_eq!(f.selected_title(), "Harbour report 27");
    f.press(ch('G'));
    assert_eq!(f.selected_title(), "Harbour report 0");
    assert_eq!(f.state.list.top, 20);
    f.press(ch('g'));
    assert_eq!(f.state.list.selected, 0);
    f.press(Msg::Key(KeyEvent::new(
        KeyCode::Char('d'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(f.state.list.selected, 5);
    // The wide layout previews the selection without marking it read.
    assert_eq!(
        f.state.reader.as_ref().unwrap().article.title,
        "Harbour report 24"
    );
    assert!(!f.store.get(25).unwrap().unwrap().read);
}

#[test]
fn opening_marks_read_and_flags_reach_the_store() {
    let mut f = fixture(5, false);
    let unread = f.state.counts.unread;
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::Reader);
    let id = f.state.reader.as_ref().unwrap().article.id;
    assert!(f.store.get(id).unwrap().unwrap().read);
    assert_eq!(f.state.counts.unread, unread - 1);
    f.press(ch('m'));
    assert!(!f.store.get(id).unwrap().unwrap().read);
    assert_eq!(f.state.counts.unread, unread);
    f.press(ch('s'));
    assert!(f.store.get(id).unwrap().unwrap().starred);
    // J opens the next article; q goes back to the list; q again quits.
    f.press(ch('J'));
    assert_ne!(f.state.reader.as_ref().unwrap().article.id, id);
    f.press(ch('q'));
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.press(ch('q')), [Effect::Quit]);
}

#[test]
fn search_as_you_type_keeps_only_the_newest_results_and_esc_restores() {
    let mut f = fixture(30, true);
    f.press(ch('j'));
    f.press(ch('j'));
    f.press(ch('/'));
    assert_eq!(f.state.mode, Mode::Search);
    let requests = search_requests(&f.typed("harbour 1q"));
    assert_eq!(requests.len(), 10);
    assert_eq!(requests.last().unwrap().text, "harbour 1q");
    // An answer to an older query arrives late: dropped.
    f.answer(&requests[3], vec![1, 2]);
    assert!(matches!(f.state.list.rows, Rows::All { .. }));
    f.answer(requests.last().unwrap(), vec![11, 2]);
    assert_eq!(
        f.state.list.rows,
        Rows::Hits {
            ids: vec![11, 2],
            total: 2
        }
    );
    assert_eq!(f.selected_title(), "Harbour report 10");
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::List);
    f.press(key(KeyCode::Esc));
    assert!(matches!(f.state.list.rows, Rows::All { .. }));
    assert_eq!(f.state.list.selected, 2);
    assert!(f.state.search.query.is_empty());
}

#[test]
fn a_query_that_narrows_nothing_lists_every_article() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    f.answer(requests.last().unwrap(), vec![11, 2]);
    assert!(matches!(f.state.list.rows, Rows::Hits { .. }));
    // "the " on its own: the worker says every article matches instead of listing them.
    for _ in 0.."harbour".len() {
        f.press(key(KeyCode::Backspace));
    }
    let requests = search_requests(&f.typed("the "));
    let request = requests.last().unwrap();
    let outcome = SearchOutcome {
        generation: request.generation,
        parsed: query::parse(&request.text, Utc::now()),
        ids: Vec::new(),
        total: Some(30),
        everything: true,
        elapsed: Duration::from_millis(1),
        error: None,
    };
    f.press(Msg::Searched(Box::new(outcome)));
    assert_eq!(f.state.list.rows, Rows::All { total: 30 });
    assert_eq!(f.state.list.selected, 0);
    // The rows come from the store, newest first, as without a search.
    let newest = f.store.page_at(0, 1, 30).unwrap();
    assert_eq!(f.selected_title(), newest[0].title);
    assert_eq!(f.state.search.shown.map(|(total, _)| total), Some(Some(30)));
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
    assert_eq!(f.state.list.selected, 0);
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.state.counts.unread, unread);
    assert!(
        f.store
            .get(1)
            .unwrap()
            .is_some_and(|a| !a.read && !a.starred)
    );
    assert!(f.press(key(KeyCode::Enter)).is_empty());
    assert!(f.state.reader.as_ref().is_none_or(|r| !r.article.read));
    assert_eq!(f.press(ch('q')), vec![Effect::Quit]);
}

#[test]
fn matches_and_entities_are_stepped_in_the_reader() {
    let mut f = fixture(3, false);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour "));
    f.answer(requests.last().unwrap(), vec![2]);
    f.press(key(KeyCode::Enter));
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::Reader);
    let reader = f.state.reader.as_ref().unwrap();
    // "Harbour" in the title, and "harbour" twice in the body.
    assert_eq!(reader.matches.len(), 3);
    f.press(ch('n'));
    f.press(ch('n'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_match, Some(1));
    f.press(ch('N'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_match, Some(0));
    f.press(ch(']'));
    f.press(ch(']'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_entity, Some(1));
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
fn the_entity_panel_searches_for_the_selected_name() {
    let mut f = fixture(3, true);
    f.press(key(KeyCode::Enter));
    f.press(ch('e'));
    assert_eq!(f.state.mode, Mode::Entities);
    let panel = f.state.panel.as_ref().unwrap();
    assert_eq!(panel.entries().count(), 2);
    f.press(ch('j'));
    let requests = search_requests(&f.press(key(KeyCode::Enter)));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].text, "place:\"Oslo\"");
    assert_eq!(f.state.mode, Mode::List);
    assert!(f.state.panel.is_none());
}

#[test]
fn esc_from_an_entity_search_goes_back_to_the_search_it_came_from() {
    let mut f = fixture(3, true);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    f.answer(requests.last().unwrap(), vec![2]);
    f.press(key(KeyCode::Enter));
    f.press(ch('e'));
    f.press(ch('j'));
    let requests = search_requests(&f.press(key(KeyCode::Enter)));
    assert_eq!(requests[0].text, "place:\"Oslo\"");
    f.answer(&requests[0], vec![1, 3]);
    assert_eq!(f.state.list.len(), 2);
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.search.query, "harbour");
    assert_eq!(
        f.state.list.rows,
        Rows::Hits {
            ids: vec![2],
            total: 1
        }
    );
    assert!(f.state.search.highlighter.is_some());
    assert_eq!(f.state.mode, Mode::List);
    // A second Esc leaves the search altogether.
    f.press(key(KeyCode::Esc));
    assert!(matches!(f.state.list.rows, Rows::All { total: 3 }));
    assert!(f.state.search.query.is_empty());
}

#[test]
fn help_opens_and_closes_where_it_was() {
    let mut f = fixture(3, true);
    f.press(key(KeyCode::Enter));
    f.press(ch('?'));
    assert_eq!(f.state.mode, Mode::Help);
    f.press(ch('j'));
    assert_eq!(f.state.help_scroll, 1);
    f.press(key(KeyCode::Esc));
    assert_eq!(f.state.mode, Mode::Reader);
}

#[test]
fn more_results_are_fetched_only_for_the_newest_query() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let first = search_requests(&f.typed("harbour")).pop().unwrap();
    // A full page, not yet counted: there may be more.
    let ids: Vec<i64> = (0..SEARCH_PAGE as i64).map(|i| i % 30 + 1).collect();
    let outcome = SearchOutcome {
        generation: first.generation,
        parsed: query::parse(&first.text, Utc::now()),
        ids,
        total: None,
        everything: false,
        elapsed: Duration::from_millis(3),
        error: None,
    };
    f.press(Msg::Searched(Box::new(outcome)));
    f.press(key(KeyCode::Enter));
    let more = search_requests(&f.press(key(KeyCode::End)));
    assert_eq!(more.len(), 1);
    assert_eq!(more[0].generation, first.generation);
    assert_eq!(more[0].limit, SEARCH_PAGE * 4);
    // Typing on asks for the new query only, not for more of the old one.
    f.press(ch('/'));
    let next = search_requests(&f.press(ch('s')));
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].limit, SEARCH_PAGE);
    assert!(next[0].generation > first.generation);
    // The late answer to the old "more" changes nothing; the new one is applied afresh.
    f.answer(&more[0], vec![1, 2, 3]);
    assert_eq!(f.state.list.len(), SEARCH_PAGE);
    f.answer(&next[0], vec![4, 5]);
    assert_eq!(
        f.state.list.rows,
        Rows::Hits {
            ids: vec![4, 5],
            total: 2
        }
    );
    assert_eq!(f.state.list.selected, 0);
    // A complete answer leaves nothing to fetch: no request loop while idle.
    f.press(key(KeyCode::Enter));
    assert!(search_requests(&f.press(key(KeyCode::End))).is_empty());
}

fn feed_item(guid: &str, minute: i64) -> ArticleDraft {
    ArticleDraft {
        title: format!("Feed item {guid}"),
        body: format!("Body of {guid}."),
        guid: Some(guid.into()),
        published: Some(Utc.timestamp_opt(1_770_000_000 + minute * 60, 0).unwrap()),
        ..ArticleDraft::default()
    }
}

#[test]
fn one_feed_is_read_from_the_feed_list_and_esc_restores_every_article() {
    let mut f = fixture(5, true);
    let feed = f
        .store
        .add_feed("https://example.org/rss", "Example", None, &[])
        .unwrap();
    let mut items = [feed_item("a", 1), feed_item("b", 2)];
    f.store
        .add_feed_items(feed.id, &mut items, Utc::now())
        .unwrap();
    f.state.counts = f.store.counts().unwrap();
    f.state.list = ArticleList::new(Rows::All { total: 7 });
    f.press(ch('f'));
    assert_eq!(f.state.mode, Mode::Feeds);
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.feed_view.as_deref(), Some("Example"));
    let titles: Vec<String> = f
        .state
        .list
        .visible(0..10)
        .map(|(_, r)| r.title.clone())
        .collect();
    assert_eq!(titles, ["Feed item b", "Feed item a"]);
    f.press(key(KeyCode::Esc));
    assert!(f.state.feed_view.is_none());
    assert_eq!(f.state.list.len(), 7);
}

#[test]
fn a_refresh_keeps_the_selected_article_selected() {
    let mut f = fixture(0, true);
    let feed = f
        .store
        .add_feed("https://example.org/rss", "Example", None, &[])
        .unwrap();
    let mut items: Vec<_> = (0..5).map(|i| feed_item(&i.to_string(), i)).collect();
    f.store
        .add_feed_items(feed.id, &mut items, Utc::now())
        .unwrap();
    f.state.counts = f.store.counts().unwrap();
    f.state.list = ArticleList::new(Rows::All { total: 5 });
    f.press(ch('j'));
    f.press(ch('j'));
    let chosen = f.state.list.selected_row().unwrap().title.clone();
    assert_eq!(f.press(ch('r')), [Effect::Refresh(Some(vec![feed.id]))]);
    assert_eq!(f.state.refreshing, Some((0, 1)));
    // Two newer items arrive while the person reads.
    let mut newer = [feed_item("5", 10), feed_item("6", 11)];
    f.store
        .add_feed_items(feed.id, &mut newer, Utc::now())
        .unwrap();
    f.press(Msg::Refreshed {
        new: 2,
        updated: 0,
        failed: 0,
        error: None,
    });
    assert!(f.state.refreshing.is_none());
    assert_eq!(f.state.counts.total, 7);
    assert_eq!(f.state.list.selected, 4);
    assert_eq!(f.state.list.selected_row().unwrap().title, chosen);
}
