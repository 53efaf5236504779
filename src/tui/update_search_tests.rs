//! The search box and the back stack through `update`: newest answer wins, a query not yet
//! meaningful keeps the results before it, more results near the end, and Esc going back one
//! list at a time. The worker's answers are fabricated; the library's come from the shelf.

use std::time::Duration;

use chrono::Utc;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ch, fixture, key, search_requests};
use crate::article::EntityKind;
use crate::config::keymap::Mode;
use crate::search::{SortOrder, query};
use crate::tui::list::Rows;
use crate::tui::source::ListSource;
use crate::tui::state::{SEARCH_PAGE, SearchOutcome};
use crate::tui::update::{Effect, Msg};

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
    // An answer to an older query arrives late: dropped, and the list is as it was.
    f.answer(&requests[3], vec![1, 2]);
    assert!(matches!(f.state.list().rows(), Rows::All { total: 30 }));
    assert_eq!(f.state.list().selected, 2);
    f.answer(requests.last().unwrap(), vec![11, 2]);
    assert_eq!(
        f.state.list().rows(),
        &Rows::Hits {
            ids: vec![11, 2],
            total: Some(2)
        }
    );
    assert_eq!(f.selected_title(), "Harbour report 11");
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::List);
    f.press(key(KeyCode::Esc));
    assert_eq!(f.source(), &ListSource::All);
    assert_eq!(f.state.list().selected, 2);
    assert_eq!(f.state.views.depth(), 1);
    // Esc at the bare list does not quit.
    assert!(f.press(key(KeyCode::Esc)).is_empty());
}

#[test]
fn the_search_box_edits_at_its_cursor() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    f.typed("harbour");
    let text = |f: &super::Fixture| f.state.view().source.query_text().unwrap_or_default();
    // Moving the cursor changes nothing to search for.
    for _ in 0..3 {
        assert!(search_requests(&f.press(key(KeyCode::Left))).is_empty());
    }
    let requests = search_requests(&f.typed("X"));
    assert_eq!(requests.last().unwrap().text, "harbXour");
    f.press(key(KeyCode::Home));
    f.press(key(KeyCode::Delete));
    assert_eq!(text(&f), "arbXour");
    f.press(key(KeyCode::Right));
    f.press(key(KeyCode::Backspace));
    assert_eq!(text(&f), "rbXour");
    f.press(key(KeyCode::End));
    f.typed(" port");
    assert_eq!(text(&f), "rbXour port");
    // Ctrl-W takes the word before the cursor, not the last one.
    for _ in 0.." port".len() {
        f.press(key(KeyCode::Left));
    }
    f.press(Msg::Key(KeyEvent::new(
        KeyCode::Char('w'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(text(&f), " port");
    // Past either end the cursor stays put, and Delete at the end deletes nothing.
    f.press(key(KeyCode::Left));
    f.press(key(KeyCode::End));
    f.press(key(KeyCode::Right));
    assert!(search_requests(&f.press(key(KeyCode::Delete))).is_empty());
    f.typed("s");
    assert_eq!(text(&f), " ports");
    // A search begun again types at its end.
    f.press(key(KeyCode::Left));
    f.press(key(KeyCode::Enter));
    f.answer_asked(vec![1]);
    f.press(ch('/'));
    f.typed("!");
    assert_eq!(text(&f), " ports!");
}

#[test]
fn a_query_not_yet_meaningful_keeps_the_results_before_it() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    // One letter: nothing yet, and the whole list stays (not "0 matches").
    let p = search_requests(&f.typed("p")).pop().unwrap();
    f.answer_with(&p, Vec::new(), Some(0), true);
    assert_eq!(f.state.list().total(), 30);
    assert!(f.state.view().answer.is_none());
    let requests = search_requests(&f.typed("rime"));
    f.answer(requests.last().unwrap(), vec![3, 4, 5]);
    assert_eq!(f.state.list().total(), 3);
    // `"prime m`: the phrase's last word is too short to stand for anything yet.
    f.press(key(KeyCode::Backspace));
    let requests = search_requests(&f.typed("e m"));
    assert_eq!(requests.last().unwrap().text, "prime m");
    f.answer_with(requests.last().unwrap(), Vec::new(), Some(0), true);
    assert_eq!(
        f.state.list().rows(),
        &Rows::Hits {
            ids: vec![3, 4, 5],
            total: Some(3)
        }
    );
    assert_eq!(
        f.state.view().answer.as_ref().unwrap().text,
        "prime",
        "the rows are still prime's"
    );
    // A longer word that finds nothing does say so.
    let requests = search_requests(&f.typed("in"));
    f.answer(requests.last().unwrap(), Vec::new());
    assert_eq!(f.state.list().total(), 0);
}

#[test]
fn a_query_that_narrows_nothing_lists_every_article() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    f.answer(requests.last().unwrap(), vec![11, 2]);
    assert!(matches!(f.state.list().rows(), Rows::Hits { .. }));
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
        still_typing: false,
        elapsed: Duration::from_millis(1),
        error: None,
    };
    f.press(Msg::Searched(Box::new(outcome)));
    assert_eq!(f.state.list().rows(), &Rows::All { total: 30 });
    assert_eq!(f.state.list().selected, 0);
    // The rows come from the store, newest first, as without a search.
    assert_eq!(f.selected_title(), "Harbour report 30");
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
    // "Harbour" in the title and the body's first sentence, "harbour" in the next.
    assert_eq!(reader.matches.len(), 3);
    // It opens on the first match, as `less` does after a search.
    assert_eq!(reader.current_match, Some(0));
    f.press(ch('n'));
    f.press(ch('n'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_match, Some(2));
    f.press(ch('n'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_match, Some(0));
    f.press(ch('N'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_match, Some(2));
    f.press(ch(']'));
    f.press(ch(']'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_entity, Some(1));
}

/// A narrow screen whose search for "zeppelin" found article 2, where the word stands after 40
/// paragraphs, and then `tail`.
fn zeppelin_found_far_down(tail: &str) -> super::Fixture {
    let mut shelf = crate::tui::test_shelf::Shelf::with(3);
    let filler = "A paragraph about nothing in particular.\n\n".repeat(40);
    shelf.rewrite(2, &format!("{filler}The zeppelin landed.{tail}"));
    let mut f = super::with_shelf(shelf, false);
    f.press(ch('/'));
    let requests = search_requests(&f.typed("zeppelin"));
    f.answer(requests.last().unwrap(), vec![2]);
    f
}

#[test]
fn a_result_opens_with_its_first_match_on_screen() {
    let mut f = zeppelin_found_far_down(" A second zeppelin followed.");
    f.press(key(KeyCode::Enter));
    f.press(key(KeyCode::Enter));
    let reader = f.state.reader.as_ref().unwrap();
    let height = f.state.sizes.reader_height;
    let first = &reader.matches[0];
    let line = reader.doc.line_of(first.field, first.range.start).unwrap();
    assert!(line >= height, "the match starts below the first screen");
    assert!(
        (reader.scroll..reader.scroll + height).contains(&line),
        "line {line} not on the screen from {}",
        reader.scroll
    );
    // The cursor is on that first match, so `n` goes on to the next one.
    assert_eq!(reader.current_match, Some(0));
    f.press(ch('n'));
    assert_eq!(f.state.reader.as_ref().unwrap().current_match, Some(1));
}

#[test]
fn the_narrow_reader_reveals_the_match_once_it_has_a_height() {
    let filler = "A paragraph about nothing in particular.\n\n".repeat(40);
    let mut f = zeppelin_found_far_down(&format!("\n\n{filler}"));
    // The narrow list fills the screen: no reader is laid out until the article opens.
    let mut sizes = super::sizes(false);
    sizes.reader_height = 0;
    f.press(Msg::Resized(sizes));
    f.press(key(KeyCode::Enter));
    f.press(key(KeyCode::Enter));
    assert_eq!(
        f.state.reader.as_ref().unwrap().scroll,
        0,
        "not before it has a height"
    );
    // The first frame in reader mode measures it.
    sizes.reader_height = 8;
    f.press(Msg::Resized(sizes));
    let reader = f.state.reader.as_ref().unwrap();
    let first = &reader.matches[0];
    let line = reader.doc.line_of(first.field, first.range.start).unwrap();
    // A third of the way down the screen, with the text before it in view.
    assert_eq!(reader.scroll, line - 8 / 3);
    assert!(!reader.reveal_pending);
    // Back to the list, the search left, and the same article found by a new search: it opens
    // on its first match again, not where it was left.
    f.press(ch('g'));
    f.press(ch('q'));
    sizes.reader_height = 0;
    f.press(Msg::Resized(sizes));
    f.press(key(KeyCode::Esc));
    f.press(ch('/'));
    let requests = search_requests(&f.typed("zeppelin landed"));
    f.answer(requests.last().unwrap(), vec![2]);
    f.press(key(KeyCode::Enter));
    f.press(key(KeyCode::Enter));
    sizes.reader_height = 8;
    f.press(Msg::Resized(sizes));
    let reader = f.state.reader.as_ref().unwrap();
    assert_eq!(f.state.mode, Mode::Reader);
    assert_eq!(reader.scroll, line - 8 / 3);
    assert_eq!(reader.current_match, Some(0));
}

#[test]
fn more_results_are_fetched_only_for_the_newest_query() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let first = search_requests(&f.typed("harbour")).pop().unwrap();
    // A full page, not yet counted: there may be more.
    let ids: Vec<i64> = (0..SEARCH_PAGE as i64).map(|i| i % 30 + 1).collect();
    f.answer_with(&first, ids, None, false);
    f.press(key(KeyCode::Enter));
    let more = search_requests(&f.press(key(KeyCode::End)));
    assert_eq!(more.len(), 1);
    assert_eq!(more[0].text, "harbour");
    assert_eq!(more[0].limit, SEARCH_PAGE * 4);
    // Typing on asks for the new query only, not for more of the old one.
    f.press(ch('/'));
    let next = search_requests(&f.press(ch('s')));
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].limit, SEARCH_PAGE);
    assert!(next[0].generation > more[0].generation);
    // The late answer to the old "more" changes nothing; the new one is applied afresh.
    f.answer(&more[0], vec![1, 2, 3]);
    assert_eq!(f.state.list().len(), SEARCH_PAGE);
    f.answer(&next[0], vec![4, 5]);
    assert_eq!(
        f.state.list().rows(),
        &Rows::Hits {
            ids: vec![4, 5],
            total: Some(2)
        }
    );
    assert_eq!(f.state.list().selected, 0);
    // A complete answer leaves nothing to fetch: no request loop while idle.
    f.press(key(KeyCode::Enter));
    assert!(search_requests(&f.press(key(KeyCode::End))).is_empty());
}

#[test]
fn the_count_arriving_after_the_hits_reaches_header_and_position_alike() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let first = search_requests(&f.typed("harbour")).pop().unwrap();
    let ids: Vec<i64> = (0..SEARCH_PAGE as i64).map(|i| i % 30 + 1).collect();
    f.answer_with(&first, ids, None, false);
    assert!(!f.state.list().counted());
    f.press(Msg::Counted {
        generation: first.generation,
        total: 500,
    });
    assert!(f.state.list().counted());
    assert_eq!(f.state.list().total(), 500);
}

#[test]
fn the_back_stack_goes_back_one_source_at_a_time() {
    let mut f = fixture(20, true);
    f.press(ch('j'));
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour"));
    // What is typed is listed best match first.
    assert_eq!(requests.last().unwrap().sort, SortOrder::Relevance);
    f.answer(requests.last().unwrap(), vec![9, 8, 7]);
    f.press(key(KeyCode::Enter));
    f.press(ch('j'));
    f.press(ch('e'));
    assert_eq!(f.state.mode, Mode::Entities);
    let requests = search_requests(&f.press(key(KeyCode::Enter)));
    // A name's articles are found by whole words (a trailing space ends the last one), and
    // listed newest first, as a feed's are.
    assert_eq!(requests[0].text, "person:\"Ada Lee\" ");
    assert_eq!(requests[0].sort, SortOrder::Date);
    assert_eq!(
        f.source(),
        &ListSource::Entity {
            kind: EntityKind::Person,
            name: "Ada Lee".into()
        }
    );
    // Until its answer the entity's view shows the rows it was opened from.
    assert_eq!(f.state.list().total(), 3);
    f.answer(&requests[0], vec![1, 3, 5, 7]);
    assert_eq!(f.state.list().total(), 4);
    assert_eq!(f.state.views.depth(), 3);
    // Esc: the search as it was left, its second hit selected and marked.
    f.press(key(KeyCode::Esc));
    assert_eq!(
        f.source(),
        &ListSource::Query {
            text: "harbour".into()
        }
    );
    assert_eq!(f.selected_title(), "Harbour report 8");
    assert!(f.state.view().highlighter.is_some());
    // Esc: every article, the second selected.
    f.press(key(KeyCode::Esc));
    assert_eq!(f.source(), &ListSource::All);
    assert_eq!(f.selected_title(), "Harbour report 19");
    assert_eq!(f.state.views.depth(), 1);
}

#[test]
fn slash_over_an_entity_view_refines_its_query_and_esc_returns_to_it() {
    let mut f = fixture(5, true);
    f.press(ch('e'));
    let requests = search_requests(&f.press(key(KeyCode::Enter)));
    f.answer(&requests[0], vec![1, 2]);
    let requests = search_requests(&f.press(ch('/')));
    assert_eq!(requests[0].text, "person:\"Ada Lee\" ");
    assert_eq!(f.state.mode, Mode::Search);
    assert_eq!(
        f.state.list().total(),
        2,
        "the entity's rows until the answer"
    );
    f.press(key(KeyCode::Esc));
    assert!(matches!(f.source(), ListSource::Entity { .. }));
    assert_eq!(f.state.list().total(), 2);
}

#[test]
fn keys_typed_ahead_of_a_submitted_search_act_on_its_results() {
    let mut f = fixture(30, true);
    assert_eq!(f.selected_title(), "Harbour report 30");
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour 7"));
    // Enter, Enter and s arrive before the answer, as in a paste or over a slow link.
    f.press(key(KeyCode::Enter));
    assert_eq!(f.state.mode, Mode::List);
    assert!(f.press(key(KeyCode::Enter)).is_empty());
    f.press(ch('s'));
    assert_eq!(f.state.mode, Mode::List, "nothing opened yet");
    assert!(
        !f.shelf.get(30).unwrap().starred,
        "nothing acted on the old rows"
    );
    f.answer(requests.last().unwrap(), vec![7, 17]);
    // Then they act, in order, on what the search found.
    assert_eq!(f.state.mode, Mode::Reader);
    assert_eq!(f.state.reader.as_ref().unwrap().article.id, 7);
    assert!(f.shelf.get(7).unwrap().starred);
    assert!(f.state.held_keys.is_empty());
    // Ctrl-C is never held.
    f.press(ch('q'));
    f.press(ch('/'));
    let requests = search_requests(&f.typed("harbour 2"));
    f.press(key(KeyCode::Enter));
    let quit = f.press(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(!requests.is_empty());
    assert_eq!(quit, [crate::tui::update::Effect::Quit]);
    // Nor is Esc: a search that never answers can be left.
    f.press(ch('/'));
    search_requests(&f.typed("harbour 3"));
    f.press(key(KeyCode::Enter));
    f.press(ch('j'));
    f.press(key(KeyCode::Esc));
    assert_eq!(f.source(), &ListSource::All);
    assert!(f.state.held_keys.is_empty() || f.state.view().asked.is_none());
}

#[test]
fn g_in_a_search_goes_to_its_last_hit_not_the_last_fetched() {
    let mut f = fixture(30, true);
    f.press(ch('/'));
    let first = search_requests(&f.typed("harbour")).pop().unwrap();
    let page: Vec<i64> = (0..SEARCH_PAGE as i64).map(|i| i % 30 + 1).collect();
    f.answer_with(&first, page.clone(), None, false);
    f.press(Msg::Counted {
        generation: first.generation,
        total: 500,
    });
    f.press(key(KeyCode::Enter));
    // A marks what the results show: the last word also as a prefix.
    assert_eq!(
        crate::tui::marks::scope_of(f.state.view()),
        crate::library::ListScope::Typed("harbour".into())
    );
    // One G asks for every hit, and selects the last once they come.
    let rest = search_requests(&f.press(ch('G')));
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].limit, 501);
    let all: Vec<i64> = (0..500).map(|i| i % 30 + 1).collect();
    f.answer(&rest[0], all);
    assert_eq!(f.state.list().selected, 499);
    assert_eq!(f.state.list().total(), 500);
    assert!(search_requests(&f.press(ch('G'))).is_empty());
    // Not yet counted: G asks for more until all are in, and stays on the last.
    f.press(ch('/'));
    let next = search_requests(&f.typed(" pilot")).pop().unwrap();
    f.answer_with(&next, page, None, false);
    f.press(key(KeyCode::Enter));
    let more = search_requests(&f.press(key(KeyCode::End)));
    assert_eq!(more[0].limit, SEARCH_PAGE * 4);
    let longer: Vec<i64> = (0..SEARCH_PAGE as i64 * 4).map(|i| i % 30 + 1).collect();
    let again = search_requests(&f.answer_with(&more[0], longer, None, false));
    assert_eq!(f.state.list().selected, SEARCH_PAGE * 4 - 1);
    assert_eq!(again.len(), 1, "still not all: asked again");
    f.answer(&again[0], (0..300).map(|i| i % 30 + 1).collect());
    assert_eq!(f.state.list().selected, 299);
    // Moving on drops the wish: more come only near the end, as before.
    f.press(ch('g'));
    assert!(!f.state.view().wants_last);
    f.press(ch('G'));
    f.press(ch('/'));
    assert!(
        !f.state.view().wants_last,
        "a new query is no wish for the old one's end"
    );
}

#[test]
fn invisible_characters_pasted_into_the_box_are_left_out() {
    let mut f = fixture(5, true);
    f.press(ch('/'));
    f.typed("har\u{e0041}\u{202e}bour");
    assert_eq!(
        f.state.view().source.query_text().unwrap_or_default(),
        "harbour"
    );
}

#[test]
fn a_paste_is_text_in_the_box_and_never_keys() {
    let mut f = fixture(30, true);
    let unread = f.state.counts.unread;
    // Over the list a paste does nothing: its `A` marks nothing read, its newline opens nothing,
    // and a count typed before it (`2`) counts for nothing after it.
    f.press(ch('2'));
    let effects = f.press(Msg::Paste("cafe\nAsx".into()));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(f.state.count, None);
    assert_eq!(f.state.mode, Mode::List);
    assert_eq!(f.state.counts.unread, unread);
    assert!(
        f.state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("press / first")
    );
    f.press(ch('/'));
    f.typed("port ");
    f.press(key(KeyCode::Left));
    // Into the box at its cursor, one search for the whole paste; line breaks and tabs are
    // spaces, other control characters gone.
    let requests = search_requests(&f.press(Msg::Paste("cafe\r\nAsx\t\u{7}y".into())));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].text, "portcafe  Asx y ");
    assert_eq!(f.state.mode, Mode::Search);
    assert_eq!(f.state.counts.unread, unread);
    // Into a name being typed too; Ctrl-Z there suspends and leaves the name as it was.
    f.press(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    f.press(Msg::Paste("Coast\nwatch".into()));
    let suspend = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(f.press(Msg::Key(suspend)), [Effect::Suspend]);
    let prompt = f.state.prompt.as_ref().map(|p| p.text.as_str());
    assert_eq!(prompt, Some("Coast watch"));
}

#[test]
fn slash_over_a_feed_searches_inside_the_feed_and_esc_returns_to_it() {
    let mut shelf = crate::tui::test_shelf::Shelf::with(5);
    shelf.add_feed(7, "Coast \"Desk\"");
    for n in [70, 71] {
        shelf.add(
            crate::tui::test_shelf::article(n, &format!("Coast item {n}")),
            Some(7),
        );
    }
    let mut f = super::starting(shelf, crate::tui::state::Settings::default());
    f.press(Msg::StartAsConfigured);
    f.press(Msg::Resized(super::sizes(true)));
    f.press(ch('f'));
    f.press(ch('G'));
    f.press(key(KeyCode::Enter));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
    let requests = search_requests(&f.press(ch('/')));
    assert_eq!(requests[0].text, "feed:\"Coast  Desk \" ");
    assert_eq!(f.state.mode, Mode::Search);
    f.press(key(KeyCode::Esc));
    assert!(matches!(f.source(), ListSource::Feed { id: 7, .. }));
}

#[test]
fn esc_takes_back_a_pending_sequence_and_the_count_typed_before_it() {
    let mut f = fixture(5, true);
    let config = "[keys.list]\nmm = \"toggle_star\"\n";
    let (keymap, warnings) =
        crate::config::keymap::Keymap::load(Some((std::path::Path::new("c.toml"), config)));
    assert!(warnings.is_empty(), "{warnings:?}");
    f.state.keymap = keymap;
    let unread = f.state.counts.unread;
    f.press(ch('2'));
    f.press(ch('m'));
    // Neither `m` (toggle read) nor Esc (leave the list) runs, and `2` counts for nothing.
    assert!(f.press(key(KeyCode::Esc)).is_empty());
    assert_eq!(f.state.count, None);
    assert_eq!(f.state.counts.unread, unread);
    assert_eq!(f.source(), &ListSource::All);
}
