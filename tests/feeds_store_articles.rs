//! The articles of feeds in the store: identity by guid within the feed, updates that keep read
//! state, feed order for undated items, and full text kept beside the summary. The subscriptions
//! themselves are in tests/feeds_store.rs.

mod common;
mod feeds_support;

use common::TestResult;
use dateline::article::{ArticleDraft, Entity, EntityKind, Link, TextField};
use dateline::store::{StoreError, Tagged};
use feeds_support::store::{at, item, store};

#[test]
fn identity_is_the_guid_within_the_feed() -> TestResult {
    let (_dir, mut store) = store()?;
    let a = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let b = store.add_feed("https://b.example/rss", "B", None, &[])?;
    // Both feeds are titled alike and reuse guids: they are still different articles.
    let first = store.store_feed_items(a.id, &[item("1", "One"), item("2", "Two")], at(8))?;
    let second = store.store_feed_items(b.id, &[item("1", "One")], at(8))?;
    assert_eq!((first.inserted.len(), second.inserted.len()), (2, 1));
    assert_ne!(first.inserted[0], second.inserted[0]);
    assert_eq!(store.feed_of(second.inserted[0])?, Some(b.id));
    let mut in_feed = store.ids_in_feed(a.id)?;
    in_feed.sort_unstable();
    assert_eq!(in_feed, first.inserted);

    let again = store.store_feed_items(a.id, &[item("2", "Two"), item("1", "One")], at(9))?;
    assert_eq!(
        (again.inserted.len(), again.updated.len(), again.unchanged),
        (0, 0, 2)
    );

    // Without guids, the URL decides; without either, the text.
    let keyless = |title: &str, url: Option<&str>| ArticleDraft {
        guid: None,
        url: url.map(str::to_string),
        ..item("x", title)
    };
    let outcome = store.store_feed_items(
        a.id,
        &[
            keyless("Three", Some("https://example.org/3")),
            keyless("Four", None),
        ],
        at(9),
    )?;
    assert_eq!(outcome.inserted.len(), 2);
    let outcome = store.store_feed_items(
        a.id,
        &[
            keyless("Three, retitled", Some("https://example.org/3")),
            keyless("Four", None),
        ],
        at(10),
    )?;
    assert_eq!(
        (
            outcome.inserted.len(),
            outcome.updated.len(),
            outcome.unchanged
        ),
        (0, 1, 1)
    );

    // A file import still sees any article with that source and guid as already stored.
    let file = store.insert_batch(&[item("1", "One")], at(9))?;
    assert_eq!(file.duplicates, 1);
    assert!(matches!(
        store.store_feed_items(999, &[], at(9)),
        Err(StoreError::NoSuchFeed(999))
    ));
    let stats = store.feeds()?;
    assert_eq!((stats[0].articles, stats[0].unread), (4, 4));
    Ok(())
}

#[test]
fn a_changed_item_is_rewritten_with_a_new_rev_keeping_its_flags() -> TestResult {
    let (_dir, mut store) = store()?;
    let feed = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let original = item("1", "One");
    let id = store
        .store_feed_items(feed.id, std::slice::from_ref(&original), at(8))?
        .inserted[0];
    store.set_read(&[id], true)?;
    store.set_starred(&[id], true)?;
    store.set_entities(&[untouched(id)])?;
    assert_eq!(store.untagged_count()?, 0);
    let before = store.current_rev()?;

    let changed = ArticleDraft {
        body: "Corrected body.".into(),
        links: vec![Link {
            url: "https://example.org/correction".into(),
            text: "correction".into(),
        }],
        published: Some(at(7)),
        ..original
    };
    let outcome = store.store_feed_items(feed.id, &[changed], at(9))?;
    assert_eq!(outcome.updated, [id]);
    let article = store.get(id)?.ok_or("missing")?;
    assert_eq!(article.body, "Corrected body.");
    assert_eq!(article.links.len(), 1);
    assert!(article.read && article.starred);
    assert_eq!(article.published, at(6), "its place in the list is kept");
    assert_eq!(
        store.untagged_count()?,
        1,
        "entities cleared for the tagger"
    );
    assert!(store.current_rev()? > before);
    let mut changed_since = Vec::new();
    store.for_each_changed_since(before, |row| {
        changed_since.push((row.id, row.body));
        Ok::<(), StoreError>(())
    })?;
    assert_eq!(changed_since, [(id, "Corrected body.".to_string())]);
    Ok(())
}

#[test]
fn undated_items_keep_feed_order_and_a_repeated_guid_keeps_the_first() -> TestResult {
    let (_dir, mut store) = store()?;
    let feed = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let undated = |guid: &str, title: &str| ArticleDraft {
        published: None,
        ..item(guid, title)
    };
    let drafts = [
        undated("1", "Top of the feed"),
        undated("2", "Second"),
        undated("1", "A repeat of the first guid"),
        undated("3", "Third"),
    ];
    let outcome = store.store_feed_items(feed.id, &drafts, at(12))?;
    assert_eq!((outcome.inserted.len(), outcome.repeated.len()), (3, 1));
    let listed: Vec<String> = store
        .list(Default::default(), 10, 0)?
        .into_iter()
        .map(|s| s.title)
        .collect();
    assert_eq!(listed, ["Top of the feed", "Second", "Third"]);
    let first = store.get(outcome.inserted[0])?.ok_or("missing")?;
    assert_eq!(first.published, at(12));
    Ok(())
}

#[test]
fn full_text_is_kept_beside_the_summary() -> TestResult {
    let (_dir, mut store) = store()?;
    let feed = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let id = store
        .store_feed_items(feed.id, &[item("1", "One")], at(8))?
        .inserted[0];
    assert_eq!(store.full_body(id)?, None);
    let before = store.current_rev()?;
    // A name of the page's text, kept by its offsets into that text.
    let found = Entity {
        kind: EntityKind::Misc,
        text: String::new(),
        field: TextField::FullText,
        start: 4,
        end: 9,
        value: None,
    };
    store.set_full_body(
        id,
        "The whole article.\n\nWith two paragraphs.",
        &[],
        Some(std::slice::from_ref(&found)),
    )?;
    assert!(store.current_rev()? > before);
    assert_eq!(
        store.full_body(id)?.as_deref(),
        Some("The whole article.\n\nWith two paragraphs.")
    );
    let article = store.get(id)?.ok_or("missing")?;
    assert_eq!(article.body, "Body of One.");
    let named = Entity {
        text: "whole".into(),
        ..found.clone()
    };
    assert_eq!(article.entities, std::slice::from_ref(&named));
    let mut seen = Vec::new();
    store.for_each_changed_since(before, |row| {
        seen.push((row.full_body, row.entities));
        Ok::<(), StoreError>(())
    })?;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].1,
        std::slice::from_ref(&named),
        "the index is given its names"
    );
    // The feed's update of its own text keeps the page's text and its names.
    let changed = ArticleDraft {
        body: "Corrected body.".into(),
        ..item("1", "One")
    };
    assert_eq!(
        store.store_feed_items(feed.id, &[changed], at(9))?.updated,
        [id]
    );
    assert_eq!(store.get(id)?.ok_or("missing")?.entities, [named]);
    assert!(matches!(
        store.set_full_body(id + 100, "x", &[], None),
        Err(StoreError::NoSuchArticle(_))
    ));
    Ok(())
}

#[test]
fn a_full_text_kept_untagged_waits_for_the_tagger() -> TestResult {
    let (_dir, mut store) = store()?;
    let feed = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let id = store
        .store_feed_items(feed.id, &[item("1", "One")], at(8))?
        .inserted[0];
    store.set_entities(&[untouched(id)])?;
    assert_eq!(store.untagged_count()?, 0);
    store.set_full_body(id, "Page text.", &[], None)?;
    assert_eq!(store.untagged_count()?, 1);
    assert_eq!(store.untagged_count_up_to(5)?, 1);
    let waiting = store.untagged(10)?;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].full_body.as_deref(), Some("Page text."));
    let page_name = Entity {
        kind: EntityKind::Place,
        text: "Page".into(),
        field: TextField::FullText,
        start: 0,
        end: 4,
        value: None,
    };
    // Names found in a page's text that has since been fetched again are not kept for it.
    let stale = Tagged {
        id,
        entities: vec![page_name.clone()],
        full_text: Some("The page as it was.".into()),
    };
    store.set_entities(&[stale])?;
    assert_eq!(store.untagged_count()?, 1);
    assert_eq!(store.get(id)?.ok_or("missing")?.entities, []);
    let tagged = Tagged {
        id,
        entities: vec![page_name.clone()],
        full_text: Some("Page text.".into()),
    };
    store.set_entities(&[tagged])?;
    assert_eq!(store.untagged_count()?, 0);
    assert_eq!(store.get(id)?.ok_or("missing")?.entities, [page_name]);
    Ok(())
}

/// An article's own text tagged and found to name nothing.
fn untouched(id: i64) -> Tagged {
    Tagged {
        id,
        entities: Vec::new(),
        full_text: None,
    }
}

#[test]
fn a_run_of_writes_is_kept_or_undone_together_and_a_failed_write_undoes_only_itself() -> TestResult
{
    let (_dir, mut store) = store()?;
    let a = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let b = store.add_feed("https://b.example/rss", "B", None, &[])?;

    store.begin_run()?;
    store.store_feed_items(a.id, &[item("1", "One")], at(8))?;
    // Writes that fail inside the run take nothing else with them.
    assert!(matches!(
        store.set_feed_url(b.id, "https://a.example/rss"),
        Err(StoreError::FeedUrlTaken { .. })
    ));
    assert!(matches!(
        store.rename_feed(b.id, "A"),
        Err(StoreError::FeedNameTaken { .. })
    ));
    store.store_feed_items(b.id, &[item("2", "Two")], at(8))?;
    store.end_run(true)?;
    assert_eq!(store.ids_in_feed(a.id)?.len(), 1);
    assert_eq!(store.ids_in_feed(b.id)?.len(), 1);
    let b_now = store.feed_by_id(b.id)?.ok_or("feed b is gone")?;
    assert_eq!(
        (b_now.url.as_str(), b_now.name.as_str()),
        ("https://b.example/rss", "B")
    );

    // A run undone keeps none of its writes, and writes after it are their own again.
    store.begin_run()?;
    store.store_feed_items(a.id, &[item("3", "Three")], at(9))?;
    store.rename_feed(a.id, "Renamed")?;
    store.end_run(false)?;
    assert_eq!(store.ids_in_feed(a.id)?.len(), 1);
    assert_eq!(store.feed_by_id(a.id)?.ok_or("feed a is gone")?.name, "A");
    store.store_feed_items(a.id, &[item("3", "Three")], at(9))?;
    assert_eq!(store.ids_in_feed(a.id)?.len(), 2);
    Ok(())
}
