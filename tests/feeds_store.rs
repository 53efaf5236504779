//! Feed subscriptions in the store: CRUD and its errors, identity of feed articles, updates that
//! keep read state, feed order for undated items, detaching on removal, OPML and newsboat imports.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use dateline::article::{ArticleDraft, Link};
use dateline::ingest::opml::{self, OpmlFeed};
use dateline::newsboat;
use dateline::store::{FetchRecord, Store, StoreError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn store() -> Result<(tempfile::TempDir, Store), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("s.db"))?;
    Ok((dir, store))
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 2, hour, 0, 0)
        .single()
        .unwrap_or_default()
}

fn item(guid: &str, title: &str) -> ArticleDraft {
    ArticleDraft {
        title: title.into(),
        body: format!("Body of {title}."),
        source: "Shared Title".into(),
        url: Some(format!("https://example.org/{guid}")),
        guid: Some(guid.into()),
        published: Some(at(6)),
        ..ArticleDraft::default()
    }
}

fn tags(list: &[&str]) -> Vec<String> {
    list.iter().map(|t| t.to_string()).collect()
}

#[test]
fn feeds_are_added_listed_renamed_and_refused_when_taken() -> TestResult {
    let (_dir, mut store) = store()?;
    let a = store.add_feed(
        "https://a.example/rss",
        " Alpha ",
        None,
        &tags(&["news", " news", ""]),
    )?;
    assert_eq!(a.name, "Alpha");
    assert_eq!(a.tags, ["news"]);
    let b = store.add_feed(
        "https://b.example/atom",
        "beta",
        Some("https://b.example/"),
        &[],
    )?;

    let again = store.add_feed("https://a.example/rss", "Other", None, &[]);
    assert!(matches!(again, Err(StoreError::FeedUrlTaken { ref name, .. }) if name == "Alpha"));
    let same_name = store.add_feed("https://c.example/rss", "ALPHA", None, &[]);
    assert!(matches!(same_name, Err(StoreError::FeedNameTaken { .. })));
    assert!(matches!(
        store.add_feed("https://c.example/rss", "  ", None, &[]),
        Err(StoreError::BlankFeedName)
    ));
    assert_eq!(store.free_feed_name("alpha")?, "alpha (2)");
    assert_eq!(store.free_feed_name("Gamma")?, "Gamma");

    assert_eq!(store.feed("alpha")?.map(|f| f.id), Some(a.id));
    assert_eq!(
        store.feed("https://b.example/atom")?.map(|f| f.id),
        Some(b.id)
    );
    assert_eq!(store.feed("nothing")?, None);

    assert!(matches!(
        store.rename_feed(b.id, "Alpha"),
        Err(StoreError::FeedNameTaken { .. })
    ));
    store.rename_feed(b.id, "Aardvark")?;
    store.rename_feed(a.id, "alpha")?; // a change of case only is the same feed's own name
    assert!(matches!(
        store.rename_feed(999, "x"),
        Err(StoreError::NoSuchFeed(999))
    ));
    assert!(matches!(
        store.set_feed_url(b.id, "https://a.example/rss"),
        Err(StoreError::FeedUrlTaken { .. })
    ));
    store.set_feed_url(b.id, "https://b.example/moved.atom")?;
    store.set_feed_tags(b.id, &tags(&["science"]))?;

    let listed = store.feeds()?;
    let names: Vec<&str> = listed.iter().map(|s| s.feed.name.as_str()).collect();
    assert_eq!(names, ["Aardvark", "alpha"]);
    assert_eq!(listed[0].feed.url, "https://b.example/moved.atom");
    assert_eq!(listed[0].feed.tags, ["science"]);
    assert_eq!(
        listed[0].feed.site_url.as_deref(),
        Some("https://b.example/")
    );
    assert_eq!((listed[0].articles, listed[0].unread), (0, 0));
    Ok(())
}

#[test]
fn a_fetch_record_keeps_validators_it_does_not_replace() -> TestResult {
    let (_dir, mut store) = store()?;
    let feed = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let ok = FetchRecord {
        when: at(8),
        status: "ok".into(),
        etag: Some("\"v1\"".into()),
        last_modified: Some("Mon, 02 Feb 2026 07:00:00 GMT".into()),
        ..FetchRecord::default()
    };
    store.record_fetch(feed.id, &ok)?;
    let limited = FetchRecord {
        when: at(9),
        status: "HTTP 429".into(),
        error: Some("too many requests".into()),
        retry_after: Some(at(10)),
        ..FetchRecord::default()
    };
    store.record_fetch(feed.id, &limited)?;
    let stored = store.feed_by_id(feed.id)?.ok_or("missing")?;
    assert_eq!(stored.etag.as_deref(), Some("\"v1\""));
    assert_eq!(stored.last_modified, ok.last_modified);
    assert_eq!(stored.last_status.as_deref(), Some("HTTP 429"));
    assert_eq!(stored.last_error.as_deref(), Some("too many requests"));
    assert_eq!(stored.last_fetched, Some(at(9)));
    assert!(!stored.may_fetch(at(9)) && stored.may_fetch(at(10)));

    store.record_fetch(
        feed.id,
        &FetchRecord {
            when: at(11),
            status: "304".into(),
            ..FetchRecord::default()
        },
    )?;
    let stored = store.feed_by_id(feed.id)?.ok_or("missing")?;
    assert_eq!((stored.last_error, stored.retry_after), (None, None));
    assert!(matches!(
        store.record_fetch(999, &ok),
        Err(StoreError::NoSuchFeed(999))
    ));
    Ok(())
}

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
    store.set_entities(&[(id, Vec::new())])?;
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
    assert_eq!((outcome.inserted.len(), outcome.repeated), (3, 1));
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
fn removing_a_feed_keeps_its_articles_and_subscribing_again_takes_them_back() -> TestResult {
    let (_dir, mut store) = store()?;
    // A file article with the source and guid of a feed article must not stop the detaching.
    store.insert_batch(&[item("1", "One")], at(8))?;
    let feed = store.add_feed("https://a.example/rss", "A", None, &[])?;
    let ids = store
        .store_feed_items(feed.id, &[item("1", "One"), item("2", "Two")], at(8))?
        .inserted;
    store.set_read(&ids[..1], true)?;

    assert_eq!(store.remove_feed(feed.id)?, 2);
    assert!(matches!(
        store.remove_feed(feed.id),
        Err(StoreError::NoSuchFeed(_))
    ));
    assert_eq!(store.feed("A")?, None);
    assert_eq!(store.count()?, 3);
    assert_eq!(store.feed_of(ids[0])?, None);
    assert!(store.get(ids[0])?.ok_or("missing")?.read);

    let again = store.add_feed("https://a.example/rss", "A again", None, &[])?;
    let mut in_feed = store.ids_in_feed(again.id)?;
    in_feed.sort_unstable();
    assert_eq!(in_feed, ids);
    let outcome = store.store_feed_items(again.id, &[item("1", "One")], at(9))?;
    assert_eq!(
        outcome.unchanged, 1,
        "no second copy after subscribing again"
    );
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
    store.set_full_body(id, "The whole article.\n\nWith two paragraphs.")?;
    assert!(store.current_rev()? > before);
    assert_eq!(
        store.full_body(id)?.as_deref(),
        Some("The whole article.\n\nWith two paragraphs.")
    );
    assert_eq!(store.get(id)?.ok_or("missing")?.body, "Body of One.");
    let mut seen = Vec::new();
    store.for_each_changed_since(before, |row| {
        seen.push(row.full_body);
        Ok::<(), StoreError>(())
    })?;
    assert_eq!(seen.len(), 1);
    assert!(matches!(
        store.set_full_body(id + 100, "x"),
        Err(StoreError::NoSuchArticle(_))
    ));
    Ok(())
}

#[test]
fn an_opml_file_with_nested_folders_round_trips() -> TestResult {
    let bytes = std::fs::read(fixtures().join("opml/nested.opml"))?;
    let feeds = opml::parse(&bytes)?;
    let summary: Vec<(&str, Option<&str>, Vec<&str>)> = feeds
        .iter()
        .map(|f| {
            (
                f.url.as_str(),
                f.title.as_deref(),
                f.tags.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "https://example.org/harbour/rss.xml",
                Some("Harbour Gazette"),
                vec![]
            ),
            (
                "https://example.com/coastal/feed.atom",
                Some("Coastal Wire"),
                vec!["News"]
            ),
            (
                "https://example.com/atlas.xml?lang=en&full=1",
                Some("Atlas Desk & Maps"),
                vec!["News", "World", "Science"]
            ),
            (
                "https://example.org/rail/index.xml",
                Some("Rail\u{a0}Notes"),
                vec!["News", "World", "trains", "transport"]
            ),
            (
                "https://example.net/glaciers.atom",
                Some("Glacier Watch"),
                vec!["Science"]
            ),
        ]
    );
    assert_eq!(
        feeds[0].site_url.as_deref(),
        Some("https://example.org/harbour/")
    );

    let back = opml::parse(opml::write(&feeds).as_bytes())?;
    let sorted = |list: &[OpmlFeed]| {
        let mut list = list.to_vec();
        list.sort_by(|a, b| a.url.cmp(&b.url));
        list
    };
    assert_eq!(sorted(&back), sorted(&feeds));
    Ok(())
}

#[test]
fn newsboat_subscriptions_and_state_come_across() -> TestResult {
    let text = std::fs::read_to_string(fixtures().join("newsboat/urls"))?;
    let urls = newsboat::parse_urls(&text);
    let feeds: Vec<(&str, &[String], Option<&str>, bool)> = urls
        .feeds
        .iter()
        .map(|f| {
            (
                f.url.as_str(),
                f.tags.as_slice(),
                f.title.as_deref(),
                f.hidden,
            )
        })
        .collect();
    assert_eq!(
        feeds,
        [
            (
                "https://example.org/harbour/rss.xml",
                &tags(&["news", "local"])[..],
                Some("Harbour Gazette"),
                false
            ),
            (
                "https://example.com/coastal/feed.atom",
                &tags(&["news", "long reads"])[..],
                None,
                false
            ),
            (
                "https://example.net/glaciers.atom",
                &tags(&["science"])[..],
                None,
                true
            ),
        ]
    );
    let skipped: Vec<usize> = urls.skipped.iter().map(|s| s.line).collect();
    assert_eq!(skipped, [6, 7, 8, 9]);

    let dir = tempfile::tempdir()?;
    let cache_path = dir.path().join("cache.db");
    let sql = std::fs::read_to_string(fixtures().join("newsboat/cache.sql"))?;
    rusqlite::Connection::open(&cache_path)?.execute_batch(&sql)?;
    let items = newsboat::read_cache(&cache_path)?;
    assert_eq!(items.len(), 4, "the deleted item is skipped");
    assert!(items[1].starred && items[1].unread && items[1].flags == "as");
    assert_eq!(items[2].published, None);

    let mut store = Store::open(&dir.path().join("s.db"))?;
    let mut ids = Vec::new();
    for entry in &urls.feeds {
        let name = dateline::store::default_feed_name(entry.title.as_deref(), &entry.url);
        let feed = store.add_feed(&entry.url, &name, None, &entry.tags)?;
        ids.push(feed.id);
    }
    let harbour = store.store_feed_items(
        ids[0],
        &[item("harbour-1", "Ferry"), item("harbour-2", "Lighthouse")],
        at(8),
    )?;
    let storm = ArticleDraft {
        guid: None,
        url: Some("https://example.com/coastal/storm".into()),
        ..item("storm", "Storm")
    };
    let coastal = store.store_feed_items(ids[1], &[storm], at(8))?;
    assert_eq!(newsboat::apply_state(&mut store, &items)?, (3, 1));
    let flags = |id| -> Result<(bool, bool), Box<dyn std::error::Error>> {
        let a = store.get(id)?.ok_or("missing")?;
        Ok((a.read, a.starred))
    };
    assert_eq!(flags(harbour.inserted[0])?, (true, false));
    assert_eq!(flags(harbour.inserted[1])?, (false, true));
    assert_eq!(flags(coastal.inserted[0])?, (true, false));

    let not_a_cache = dir.path().join("s.db");
    assert!(matches!(
        newsboat::read_cache(&not_a_cache),
        Err(newsboat::NewsboatError::NotACache { .. })
    ));
    assert!(newsboat::read_cache(&dir.path().join("missing.db")).is_err());
    Ok(())
}

#[test]
fn a_renamed_feed_lists_its_articles_under_the_new_name() -> TestResult {
    let (_dir, mut store) = store()?;
    let feed = store.add_feed("https://a.example/rss", "Harbour Gazette", None, &[])?;
    let stored = store.store_feed_items(feed.id, &[item("1", "One")], at(8))?;
    let before = store.current_rev()?;
    store.rename_feed(feed.id, "HG")?;
    let article = store.get(stored.inserted[0])?.ok_or("missing")?;
    assert_eq!(article.source, "HG");
    // A new rev, so the index re-reads the article (and `feed:HG` finds it).
    assert!(store.current_rev()? > before);
    Ok(())
}
