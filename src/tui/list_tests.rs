//! The virtual list over a real library: what it asks for is read by `data::read_rows`, as the
//! app loop does.

use super::*;
use crate::library::Library;
use crate::library::test_support::library_with as store_with;
use crate::tui::data::read_rows;

/// Reads what the list wants until it has the screen's rows; returns how many reads it took.
fn fill(list: &mut ArticleList, library: &Library, height: usize) -> usize {
    let mut reads = 0;
    while let Some(request) = list.wanted(height) {
        let rows = read_rows(library, &request).unwrap();
        list.loaded(&request, rows);
        reads += 1;
        assert!(reads < 10, "the list keeps asking: {request:?}");
    }
    reads
}

#[test]
fn walking_the_whole_list_sees_every_row_in_order() {
    let (_dir, store) = store_with(700, 1);
    let mut list = ArticleList::new(Rows::All { total: 700 });
    let mut seen = Vec::new();
    for _ in 0..700 {
        fill(&mut list, &store, 10);
        seen.push(list.selected_row().unwrap().title.clone());
        list.move_by(1, 10);
    }
    let expected: Vec<String> = (0..700).rev().map(|i| format!("article {i}")).collect();
    assert_eq!(seen, expected);
    // And back up again, by keyset from the rows held.
    for position in (0..700).rev() {
        list.select(position, 10);
        fill(&mut list, &store, 10);
        assert_eq!(
            list.selected_row().unwrap().title,
            format!("article {}", 699 - position)
        );
    }
}

#[test]
fn a_jump_to_the_end_reads_only_a_window() {
    let (_dir, store) = store_with(3_000, 1);
    let mut list = ArticleList::new(Rows::All { total: 3_000 });
    list.select(2_999, 20);
    fill(&mut list, &store, 20);
    assert_eq!(list.selected_row().unwrap().title, "article 0");
    assert_eq!(list.top, 2_980);
    assert!(list.window.len() < 200, "{}", list.window.len());
}

#[test]
fn hits_are_read_by_id() {
    let (_dir, store) = store_with(50, 1);
    let ids: Vec<ArticleId> = vec![7, 3, 40];
    let mut list = ArticleList::new(Rows::Hits {
        ids,
        total: Some(3),
    });
    fill(&mut list, &store, 10);
    let titles: Vec<_> = list.visible(0..10).map(|(_, r)| r.title.clone()).collect();
    assert_eq!(titles, ["article 6", "article 2", "article 39"]);
    list.move_by(5, 10);
    assert_eq!(list.selected, 2);
}

#[test]
fn a_hit_no_longer_stored_leaves_the_list() {
    let (_dir, store) = store_with(5, 1);
    let mut list = ArticleList::new(Rows::Hits {
        ids: vec![2, 99, 4],
        total: Some(3),
    });
    assert_eq!(fill(&mut list, &store, 10), 1);
    assert_eq!(
        list.rows(),
        &Rows::Hits {
            ids: vec![2, 4],
            total: Some(2)
        }
    );
    assert_eq!(list.row(1).unwrap().id, 4);
}

#[test]
fn a_total_that_says_too_many_is_put_right_at_the_end() {
    // An estimate larger than the store: reading on finds the end and the list ends there.
    let (_dir, store) = store_with(30, 1);
    let mut list = ArticleList::new(Rows::All { total: 40 });
    fill(&mut list, &store, 10);
    list.select(39, 10);
    fill(&mut list, &store, 10);
    assert!(list.len() <= 40);
    list.select(29, 10);
    fill(&mut list, &store, 10);
    assert_eq!(list.selected_row().unwrap().title, "article 0");
}

#[test]
fn new_articles_keep_the_selected_one_selected_and_read_around_it_by_key() {
    let (_dir, mut store) = store_with(3_000, 1);
    let mut list = ArticleList::new(Rows::All { total: 3_000 });
    list.select(1_500, 20);
    fill(&mut list, &store, 20);
    let chosen = list.selected_row().unwrap().clone();
    let line = list.selected - list.top;
    // Ten newer articles arrive.
    let mut newer: Vec<_> = (0..10)
        .map(|i| crate::article::ArticleDraft {
            title: format!("newer {i}"),
            body: "text".into(),
            published: Some(chrono::Utc::now()),
            ..Default::default()
        })
        .collect();
    store.add_drafts(&mut newer).unwrap();
    let key = ListKey::of(&chosen);
    let position = store.position_of(key).unwrap();
    list.relocate(Some((key, position)), 3_010, 20);
    let request = list.wanted(20).unwrap();
    assert!(
        matches!(
            request,
            RowRequest::Around {
                position: 1_510,
                ..
            }
        ),
        "{request:?}"
    );
    fill(&mut list, &store, 20);
    assert_eq!(list.selected_row().unwrap().id, chosen.id);
    assert_eq!(
        list.selected - list.top,
        line,
        "on the same line of the screen"
    );
    assert_eq!(
        list.row(list.selected - 1).unwrap().title,
        format!("article {}", 3_000 - 1_500)
    );
}

#[test]
fn an_article_that_left_the_hits_is_stood_in_for_by_the_next_that_stayed() {
    let (_dir, store) = store_with(12, 1);
    let ids: Vec<ArticleId> = (1..=10).collect();
    let mut list = ArticleList::new(Rows::Hits {
        ids,
        total: Some(10),
    });
    list.select(3, 10);
    fill(&mut list, &store, 10);
    assert_eq!(list.selected_row().unwrap().id, 4);
    // 4 (the selected), 5, 6 and 2 leave at once: 7 takes 4's place.
    list.rehit(vec![1, 3, 7, 8, 9, 10], Some(6), None, 10);
    assert_eq!(list.selected, 2);
    assert_eq!(list.neighbour(true), Some(2), "next is 7, where it stands");
    assert_eq!(list.neighbour(false), Some(1), "before is 3");
    // The last one leaves: nothing is after its place, the row before it is selected.
    list.select(5, 10);
    fill(&mut list, &store, 10);
    assert_eq!(list.selected_row().unwrap().id, 10);
    list.rehit(vec![1, 3, 7, 8, 9], Some(5), None, 10);
    assert_eq!(list.selected, 4);
    assert_eq!(list.neighbour(true), None);
    assert_eq!(list.neighbour(false), Some(4));
    // Moving forgets the place.
    list.move_by(-1, 10);
    assert_eq!(list.neighbour(true), Some(4));
}
