//! Reading flow through `update`: next unread, unread only, the sort key, marking a whole view
//! read with its question, undo, saving a search and a numbered link.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::config::keymap::Mode;
use crate::library::ListScope;
use crate::store::ListOrder;
use crate::tui::msg::DataRequest;
use crate::tui::source::{Finding, IdQuery, ListSource};
use crate::tui::test_shelf::{Shelf, article};

fn unread_titles(f: &Fixture) -> usize {
    f.shelf.counts().unread
}

#[test]
fn next_unread_walks_from_unread_to_unread_and_opens_them_in_the_reader() {
    let mut shelf = Shelf::with(6);
    // Newest first: 6 5 4 3 2 1; 5 and 3 are read.
    shelf.mark(5, true);
    shelf.mark(3, true);
    let mut f = with_shelf(shelf, false);
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::Reader);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 6);
    f.press(ch('.'));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 4, "5 is read");
    // Space pages to the end of the article, then goes on to the next unread.
    let mut spaces = 0;
    while f.state.reader.as_ref().unwrap().article.id == 4 && spaces < 20 {
        f.press(ch(' '));
        spaces += 1;
    }
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 2, "3 is read");
    assert!(f.shelf.get(4).unwrap().read, "what was opened is read");
    f.press(ch('.'));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 1);
    f.press(ch('.'));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 1, "none after");
    assert!(f.state.status.as_ref().unwrap().text.contains("no unread"));
}

#[test]
fn next_unread_past_the_last_goes_on_from_the_top() {
    let mut shelf = Shelf::with(6);
    // Newest first: 6 5 4 3 2 1; only 5 is unread.
    for id in [6, 4, 3, 2, 1] {
        shelf.mark(id, true);
    }
    let mut f = with_shelf(shelf, false);
    for _ in 0..3 {
        f.press(ch('j'));
    }
    assert_eq!(f.selected_title(), "Harbour report 3");
    // In the list, `.` selects; Enter reads it.
    f.press(ch('.'));
    assert_eq!(f.selected_title(), "Harbour report 5");
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "none after this one: the first unread from the top"
    );
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 5);
    // 5 is read now: nothing is left.
    f.press(ch('.'));
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "no unread articles here"
    );
}

#[test]
fn previous_unread_goes_up_the_list_and_on_from_the_bottom() {
    let mut shelf = Shelf::with(6);
    // Newest first: 6 5 4 3 2 1; 6, 4 and 2 are unread.
    for id in [5, 3, 1] {
        shelf.mark(id, true);
    }
    let mut f = with_shelf(shelf, false);
    for _ in 0..5 {
        f.press(ch('j'));
    }
    assert_eq!(f.selected_title(), "Harbour report 1");
    f.press(ch(','));
    assert_eq!(f.selected_title(), "Harbour report 2");
    f.press(ch(','));
    assert_eq!(f.selected_title(), "Harbour report 4");
    f.press(ch(','));
    assert_eq!(f.selected_title(), "Harbour report 6");
    f.press(ch(','));
    assert_eq!(f.selected_title(), "Harbour report 2", "on from the bottom");
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "none before this one: the last unread from the bottom"
    );
    // In the reader it opens the one above, which is then read.
    f.press(key(KeyCode::Enter));
    f.press(ch(','));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 4);
    assert!(f.shelf.get(2).unwrap().read && f.shelf.get(4).unwrap().read);
    f.press(ch(','));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 6);
    f.press(ch(','));
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "no unread articles here"
    );
}

#[test]
fn next_unread_among_some_of_the_hits_says_more_may_follow() {
    let mut shelf = Shelf::with(6);
    for id in [6, 5, 4] {
        shelf.mark(id, true);
    }
    let mut f = with_shelf(shelf, true);
    f.press(ch('/'));
    let asked = search_requests(&f.typed("harbour"));
    // Three of ten hits held, all read; 1 is unread but not among them.
    let last = asked.last().unwrap();
    f.answer_with(last, vec![6, 5, 4], Some(10), false);
    f.press(key(KeyCode::Enter));
    f.press(ch('.'));
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "no unread articles after this one among the results read so far (scroll on for more)"
    );
}

/// Answers every search the effects ask for with the shelf's unread articles, newest first, as
/// the worker answers `is:unread`; then the watcher tells of the marks the keys wrote, and the
/// searches that asks for are answered too.
fn answer_unread(f: &mut Fixture, effects: Vec<Effect>) {
    let unread = |f: &Fixture| -> Vec<i64> {
        (1..=6)
            .rev()
            .filter(|&id| !f.shelf.get(id).unwrap().read)
            .collect()
    };
    for request in search_requests(&effects) {
        let ids = unread(f);
        f.answer(&request, ids);
    }
    let counts = f.shelf.counts();
    let told = f.press(Msg::StoreChanged {
        counts,
        index: true,
    });
    for request in search_requests(&told) {
        let ids = unread(f);
        f.answer(&request, ids);
    }
}

#[test]
fn in_unread_only_an_article_read_stays_until_the_cursor_leaves_it() {
    let mut f = with_shelf(Shelf::with(6), true);
    let effects = f.press(ch('U'));
    answer_unread(&mut f, effects);
    let effects = f.press(key(KeyCode::Enter));
    answer_unread(&mut f, effects);
    assert!(f.shelf.get(6).unwrap().read);
    // Back in the list, the row under the cursor is still the article read: `s` stars it.
    f.press(key(KeyCode::Tab));
    assert_eq!(f.selected_title(), "Harbour report 6");
    f.press(ch('s'));
    assert!(f.shelf.get(6).unwrap().starred && !f.shelf.get(5).unwrap().starred);
    // Once the cursor is on another, the next reading of the list leaves the read one out.
    let effects = f.press(ch('j'));
    answer_unread(&mut f, effects);
    assert_eq!(f.selected_title(), "Harbour report 5");
    assert_eq!(f.state.list().len(), 5, "6 left the list of the unread");
    // Opening 5 reads it, and it stays in its turn.
    let effects = f.press(key(KeyCode::Enter));
    answer_unread(&mut f, effects);
    assert_eq!(f.state.list().len(), 5, "5 is read and selected: it stays");
}

#[test]
fn in_unread_only_the_next_article_is_the_one_after_the_article_just_read() {
    // Newest first: 6 5 4 3 2 1, all unread. Each article opened is read and leaves the list.
    let mut f = with_shelf(Shelf::with(6), true);
    let effects = f.press(ch('U'));
    answer_unread(&mut f, effects);
    let effects = f.press(key(KeyCode::Enter));
    answer_unread(&mut f, effects);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 6);
    // Read now, 6 stays listed and selected while the cursor is on it, as newsboat keeps it.
    assert_eq!(
        f.selected_title(),
        "Harbour report 6",
        "6 stays while selected"
    );
    assert!(f.state.list().selected_row().is_some_and(|row| row.read));
    let effects = f.press(ch('J'));
    answer_unread(&mut f, effects);
    assert_eq!(
        f.state.reader.as_ref().unwrap().article.id,
        5,
        "J opened 5, not 4"
    );
    let effects = f.press(ch('.'));
    answer_unread(&mut f, effects);
    assert_eq!(
        f.state.reader.as_ref().unwrap().article.id,
        4,
        ". opened 4, not 3"
    );
    // Three more are unread, so "no other" would be untrue.
    let status = f.state.status.as_ref().map(|s| s.text.as_str());
    assert_ne!(status, Some("no other unread articles here"));
    let effects = f.press(ch('K'));
    answer_unread(&mut f, effects);
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "this is the first article",
        "nothing stands before 4 now"
    );
    // At the end: the last article read leaves nothing after it.
    f.press(key(KeyCode::Tab));
    assert_eq!(f.state.mode, Mode::List);
    f.press(ch('G'));
    let effects = f.press(key(KeyCode::Enter));
    answer_unread(&mut f, effects);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 1);
    f.press(ch('J'));
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 1);
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "this is the last article"
    );
    let effects = f.press(ch('K'));
    answer_unread(&mut f, effects);
    assert_eq!(
        f.state.reader.as_ref().unwrap().article.id,
        2,
        "K opened the one before 1"
    );
}

#[test]
fn mark_all_asks_over_a_hundred_and_undo_puts_every_mark_back() {
    let mut shelf = Shelf::with(120);
    shelf.mark(7, true);
    let mut f = with_shelf(shelf, true);
    f.press(ch('A'));
    assert!(f.state.confirm.is_some(), "120 articles: asked first");
    f.press(ch('n'));
    assert_eq!(unread_titles(&f), 119, "no: nothing marked");
    f.press(ch('A'));
    f.press(ch('y'));
    assert_eq!(unread_titles(&f), 0);
    assert_eq!(f.state.counts.unread, 0);
    assert!(f.state.list().visible(0..10).all(|(_, row)| row.read));
    f.press(ch('u'));
    assert_eq!(unread_titles(&f), 119, "undo restores every read mark");
    assert!(
        f.shelf.get(7).unwrap().read,
        "the one read before stays read"
    );
    assert!(f.state.status.as_ref().unwrap().text.starts_with("undone"));
    // A small view is marked at once; m then u undoes one mark.
    f.press(ch('m'));
    assert_eq!(unread_titles(&f), 118);
    f.press(ch('u'));
    assert_eq!(unread_titles(&f), 119);
    f.press(ch('u'));
    assert_eq!(f.state.status.as_ref().unwrap().text, "nothing to undo");
}

#[test]
fn the_configured_order_lists_the_first_screen_and_the_sort_key_goes_on_from_it() {
    let mut shelf = Shelf::with(5);
    shelf.add_feed(7, "Alpha");
    for n in [70, 71] {
        shelf.add(article(n, &format!("Alpha item {n}")), Some(7));
    }
    let settings = Settings {
        order: ListOrder::Oldest,
        ..Settings::default()
    };
    let mut f = super::starting(shelf, settings);
    // As the app does: before the first screen is drawn.
    f.press(Msg::StartAsConfigured);
    f.press(Msg::Resized(super::sizes(true)));
    assert_eq!(f.state.view().order, ListOrder::Oldest);
    assert_eq!(f.selected_title(), "Harbour report 1", "oldest first");
    // A feed chosen in the sidebar lists oldest first too.
    f.press(ch('f'));
    f.press(ch('G'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    assert_eq!(f.state.view().order, ListOrder::Oldest);
    assert_eq!(f.selected_title(), "Alpha item 70", "oldest first");
    f.press(key(KeyCode::Esc));
    f.press(key(KeyCode::Esc));
    f.press(ch('O'));
    assert_eq!(f.state.order, ListOrder::Source, "the next after oldest");
}

#[test]
fn unread_only_and_the_sort_key_find_the_view_again() {
    let mut shelf = Shelf::with(5);
    shelf.mark(4, true);
    let mut f = with_shelf(shelf, true);
    let effects = f.press(ch('U'));
    // The whole list's unread are a flag search, asked of the worker.
    let asked = search_requests(&effects);
    assert_eq!(asked[0].text, "is:unread ");
    assert!(f.state.view().unread_only);
    f.answer_asked(vec![5, 3, 2, 1]);
    f.press(ch('U'));
    f.press(ch('O'));
    assert_eq!(f.state.order, ListOrder::Oldest);
    assert!(f.asked.contains(&DataRequest::Ids {
        view: 0,
        query: IdQuery::List {
            scope: ListScope::All,
            order: ListOrder::Oldest,
            unread_only: false,
        },
    }));
    assert_eq!(
        f.selected_title(),
        "Harbour report 5",
        "the selection stays"
    );
    f.press(ch('g'));
    assert_eq!(f.selected_title(), "Harbour report 1", "oldest first");
    assert_eq!(
        f.state.view().finding(),
        Finding::Ids(IdQuery::List {
            scope: ListScope::All,
            order: ListOrder::Oldest,
            unread_only: false
        })
    );
}

#[test]
fn an_order_chosen_in_a_view_above_is_the_order_of_the_list_beneath() {
    let mut shelf = Shelf::with(5);
    shelf.add_feed(7, "Example");
    shelf.add(article(10, "Feed item 10"), Some(7));
    let mut f = with_shelf(shelf, true);
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    f.press(ch('O'));
    assert_eq!(f.state.order, ListOrder::Oldest);
    // Back through the sidebar to every article: oldest first there too.
    f.press(key(KeyCode::Esc));
    f.press(key(KeyCode::Esc));
    assert!(matches!(f.source(), ListSource::All));
    assert_eq!(f.state.view().order, ListOrder::Oldest);
    f.press(ch('g'));
    assert_eq!(f.selected_title(), "Harbour report 1", "oldest first");
}

#[test]
fn a_search_is_saved_under_a_name_typed_in_the_status_bar() {
    let mut f = fixture(5, true);
    f.press(ch('/'));
    f.typed("harbour");
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    f.press(Msg::Key(save));
    assert_eq!(
        f.state.prompt.as_ref().map(|p| p.text.as_str()),
        Some("harbour")
    );
    f.press(key(KeyCode::Backspace));
    f.typed("s!");
    f.press(key(KeyCode::Enter));
    assert!(f.asked.contains(&DataRequest::SaveSearch {
        name: "harbous!".into(),
        query: "harbour".into(),
        notify: false,
    }));
    assert!(f.state.prompt.is_none());
    assert!(
        f.state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("saved search harbous!")
    );
}

#[test]
fn a_name_typed_for_a_saved_search_replaces_the_query_offered() {
    let mut f = fixture(5, true);
    f.press(ch('/'));
    f.typed("is:unread");
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    f.press(Msg::Key(save));
    f.typed("Unread stuff");
    f.press(key(KeyCode::Enter));
    assert!(
        f.asked.contains(&DataRequest::SaveSearch {
            name: "Unread stuff".into(),
            query: "is:unread".into(),
            notify: false,
        }),
        "{:?}",
        f.asked.last()
    );
    // → keeps the offered name to add to.
    let mut f = fixture(5, true);
    f.press(ch('/'));
    f.typed("harbour");
    f.press(Msg::Key(save));
    f.press(key(KeyCode::Right));
    f.typed(" news");
    f.press(key(KeyCode::Enter));
    assert!(f.asked.contains(&DataRequest::SaveSearch {
        name: "harbour news".into(),
        query: "harbour".into(),
        notify: false,
    }));
    // Enter alone takes the query as the name.
    let mut f = fixture(5, true);
    f.press(ch('/'));
    f.typed("harbour");
    f.press(Msg::Key(save));
    f.press(key(KeyCode::Enter));
    assert!(f.asked.contains(&DataRequest::SaveSearch {
        name: "harbour".into(),
        query: "harbour".into(),
        notify: false,
    }));
}

#[test]
fn a_number_before_o_opens_that_link_of_the_open_article() {
    let mut shelf = Shelf::default();
    let mut with_links = crate::tui::test_shelf::article(1, "Linked");
    with_links.links = vec![
        crate::article::Link {
            url: "https://example.org/one".into(),
            text: String::new(),
        },
        crate::article::Link {
            url: "https://example.org/two".into(),
            text: String::new(),
        },
    ];
    shelf.add(with_links, None);
    let mut f = with_shelf(shelf, false);
    f.press(key(KeyCode::Enter));
    f.press(ch('2'));
    assert_eq!(
        f.press(ch('o')),
        [Effect::OpenUrl("https://example.org/two".into())]
    );
    f.press(ch('9'));
    assert!(f.press(ch('o')).is_empty());
    assert!(
        f.state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("no link [9]")
    );
    assert_eq!(
        f.press(ch('o')),
        [Effect::OpenUrl("https://example.org/1".into())],
        "without a number: the article's own link"
    );
}

#[test]
fn auto_refresh_asks_for_the_due_feeds_once_and_alerts_are_said_and_sent() {
    let mut f = fixture(3, true);
    assert_eq!(f.press(Msg::AutoRefresh), [Effect::RefreshDue]);
    assert!(
        f.press(Msg::AutoRefresh).is_empty(),
        "not while one is running"
    );
    let counts = f.shelf.counts();
    let effects = f.press(Msg::Refreshed(Ok(crate::tui::msg::Refreshed {
        new: 2,
        counts,
        alerts: vec!["Harbour: 2 new: Ferry; Port".into()],
        notification: "\x1b]9;dateline: Harbour\x07".into(),
        ..Default::default()
    })));
    assert!(effects.contains(&Effect::Notify("\x1b]9;dateline: Harbour\x07".into())));
    assert_eq!(
        f.state.status.as_ref().unwrap().text,
        "alert: Harbour: 2 new: Ferry; Port"
    );
    assert!(f.state.refreshing.is_none());
}

#[test]
fn with_the_mouse_on_a_click_selects_a_double_click_opens_and_the_wheel_scrolls() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use std::time::{Duration, Instant};
    let mut f = fixture(20, false);
    let click = |kind, row| MouseEvent {
        kind,
        column: 5,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let at = Instant::now();
    let left = MouseEventKind::Down(MouseButton::Left);
    f.state.sizes.list_area = Some(ratatui::layout::Rect::new(0, 0, 80, 11));
    f.press(Msg::Mouse(click(left, 3), at));
    assert_eq!(f.state.list().selected, 0, "off unless mouse = true");
    f.state.settings.mouse = true;
    f.press(Msg::Mouse(click(left, 3), at));
    assert_eq!(f.state.list().selected, 2, "row 3 is the third article");
    f.press(Msg::Mouse(click(MouseEventKind::ScrollDown, 3), at));
    assert_eq!(f.state.list().selected, 5);
    f.press(Msg::Mouse(click(left, 4), at + Duration::from_secs(2)));
    assert_eq!(f.state.mode, Mode::List, "one click only selects");
    f.press(Msg::Mouse(click(left, 4), at + Duration::from_millis(2200)));
    assert_eq!(f.state.mode, Mode::Reader, "a double-click opens");
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 17);
}

#[test]
fn a_names_page_shows_above_its_articles_and_a_number_then_enter_opens_a_name_with_it() {
    let mut f = fixture(3, true);
    f.press(key(KeyCode::Enter));
    f.press(ch('e'));
    assert_eq!(f.state.mode, Mode::Entities);
    // w follows the selected name (Ada Lee): a saved search that alerts.
    f.press(ch('w'));
    assert!(f.asked.iter().any(|asked| matches!(
        asked,
        DataRequest::SaveSearch { name, notify: true, .. } if name == "Ada Lee"
    )));
    f.press(key(KeyCode::Enter));
    assert!(
        f.state.view().entity_page.is_some(),
        "the page is read with the list"
    );
    assert_eq!(
        f.state.list_rows, 10,
        "sizes are measured by the view, not this test"
    );
    f.answer_asked(vec![1, 2, 3]);
    f.press(ch('1'));
    f.press(key(KeyCode::Enter));
    assert_eq!(
        f.source(),
        &crate::tui::source::ListSource::Entity {
            kind: crate::article::EntityKind::Place,
            name: "Oslo".into()
        }
    );
}

#[test]
fn the_sort_key_back_to_newest_keeps_the_article_selected() {
    let mut f = fixture(30, true);
    f.press(ch('O'));
    assert_eq!(f.state.order, ListOrder::Oldest);
    f.press(ch('g'));
    f.press(ch('j'));
    f.press(ch('j'));
    assert_eq!(f.selected_title(), "Harbour report 3");
    // Oldest, by source, unread first, then newest again: still on it.
    for _ in 0..3 {
        f.press(ch('O'));
        assert_eq!(
            f.selected_title(),
            "Harbour report 3",
            "{:?}",
            f.state.order
        );
    }
    assert_eq!(f.state.order, ListOrder::Newest);
    assert_eq!(f.state.list().selected, 27);
}

#[test]
fn show_read_false_opens_every_list_read_through_with_its_unread_only() {
    let mut shelf = Shelf::with(4);
    shelf.mark(4, true);
    shelf.add_feed(7, "Alpha");
    for n in [70, 71] {
        shelf.add(article(n, &format!("Alpha item {n}")), Some(7));
    }
    shelf.mark(71, true);
    let settings = Settings {
        unread_only: true,
        ..Settings::default()
    };
    let mut f = super::starting(shelf, settings);
    let effects = f.press(Msg::StartAsConfigured);
    assert!(f.state.view().unread_only);
    assert_eq!(
        search_requests(&effects)[0].text,
        "is:unread ",
        "whole words"
    );
    f.answer_asked(vec![70, 3, 2, 1]);
    f.press(Msg::Resized(super::sizes(true)));
    // A feed from the sidebar: its unread only too.
    f.press(ch('f'));
    f.press(ch('G'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    assert!(f.state.view().unread_only);
    assert!(f.asked.contains(&DataRequest::Ids {
        view: f.state.view().id,
        query: IdQuery::List {
            scope: ListScope::Feed(7),
            order: ListOrder::Newest,
            unread_only: true,
        },
    }));
    assert_eq!(f.state.list().len(), 1);
    // U shows all of it again; a search typed finds the read ones too.
    f.press(ch('U'));
    assert_eq!(f.state.list().len(), 2);
    f.press(key(KeyCode::Esc));
    f.press(key(KeyCode::Esc));
    f.press(ch('/'));
    f.typed("alpha");
    assert!(!f.state.view().unread_only);
}

#[test]
fn in_unread_only_space_through_an_opened_article_opens_the_next_unread() {
    let mut shelf = Shelf::with(6);
    let long: Vec<String> = (0..60)
        .map(|n| format!("Paragraph {n} of the story."))
        .collect();
    for id in 1..=6 {
        shelf.rewrite(id, &long.join("\n\n"));
    }
    let mut f = with_shelf(shelf, true);
    let effects = f.press(ch('U'));
    answer_unread(&mut f, effects);
    let effects = f.press(key(KeyCode::Enter));
    answer_unread(&mut f, effects);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 6);
    for _ in 0..40 {
        let effects = f.press(ch(' '));
        answer_unread(&mut f, effects);
        if f.state.reader.as_ref().unwrap().article.id != 6 {
            break;
        }
    }
    assert_eq!(
        f.state.reader.as_ref().unwrap().article.id,
        5,
        "{:?}",
        f.state.status
    );
    assert_eq!(f.state.mode, Mode::Reader);
}

#[test]
fn undoing_x_selects_the_article_it_brings_back_in_the_store_list_and_a_feed() {
    let mut shelf = Shelf::with(6);
    shelf.add_feed(7, "Alpha");
    for n in [70, 71, 72] {
        shelf.add(article(n, &format!("Alpha item {n}")), Some(7));
    }
    let mut f = with_shelf(shelf, false);
    let selected = |f: &Fixture| f.state.list().selected_row().map(|row| row.id);
    // Newest first: 72 71 70 6 5 4 ...; the cursor on 70.
    f.press(ch('j'));
    f.press(ch('j'));
    assert_eq!(selected(&f), Some(70));
    f.press(ch('x'));
    assert_eq!(
        selected(&f),
        Some(6),
        "70 is hidden: the next row is selected"
    );
    f.press(ch('u'));
    assert_eq!(selected(&f), Some(70), "70 is back, and selected again");
    assert_eq!(f.state.list().selected, 2);
    // The same in a feed's list, whose rows are ids.
    f.press(ch('f'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    f.press(ch('j'));
    assert_eq!(selected(&f), Some(71));
    f.press(ch('x'));
    assert_eq!(selected(&f), Some(70));
    f.press(ch('u'));
    assert_eq!(selected(&f), Some(71));
    assert_eq!(f.state.list().selected, 1);
    // Undone in another view, the article comes back without moving that view's cursor.
    f.press(ch('x'));
    assert_eq!(selected(&f), Some(70));
    for _ in 0..4 {
        if f.state.views.depth() == 1 && f.state.mode == Mode::List {
            break;
        }
        f.press(key(KeyCode::Esc));
    }
    assert_eq!((f.state.views.depth(), f.state.mode), (1, Mode::List));
    assert_eq!(selected(&f), Some(70));
    f.press(ch('u'));
    assert_eq!(
        selected(&f),
        Some(70),
        "the cursor stays: x was pressed elsewhere"
    );
}
