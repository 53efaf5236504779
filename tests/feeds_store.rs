//! Feed subscriptions in the store: CRUD and its errors, fetch records, detaching articles on
//! removal, renaming, OPML and newsboat imports. The feeds' articles themselves (identity, updates,
//! order, full text) are in tests/feeds_store_articles.rs.

mod common;
mod feeds_support;

use common::{TestResult, fixtures};
use dateline::article::ArticleDraft;
use dateline::ingest::opml::{self, OpmlFeed};
use dateline::newsboat;
use dateline::store::{FetchRecord, ServerFeed, StoreError};
use feeds_support::store::{at, item, store, tags};

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
fn an_opml_file_with_nested_folders_round_trips() -> TestResult {
    let bytes = std::fs::read(fixtures().join("opml/nested.opml"))?;
    let feeds = opml::parse(&bytes)?.feeds;
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

    let back = opml::parse(opml::write(&feeds).as_bytes())?.feeds;
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
    assert_eq!(skipped, [7, 8, 9]);
    let queries: Vec<(&str, &str, usize)> = urls
        .queries
        .iter()
        .map(|q| (q.name.as_str(), q.query.as_str(), q.line))
        .collect();
    assert_eq!(queries, [("Unread articles", "is:unread", 6)]);

    let dir = tempfile::tempdir()?;
    let cache_path = dir.path().join("cache.db");
    let sql = std::fs::read_to_string(fixtures().join("newsboat/cache.sql"))?;
    rusqlite::Connection::open(&cache_path)?.execute_batch(&sql)?;
    let items = newsboat::read_cache(&cache_path)?;
    assert_eq!(items.len(), 4, "the deleted item is skipped");
    assert!(items[1].starred && items[1].unread && items[1].flags == "as");
    assert_eq!(items[2].published, None);

    let (mut library, _) = dateline::library::Library::open(&dir.path().join("data"))?;
    let mut ids = Vec::new();
    for entry in &urls.feeds {
        let name = dateline::store::default_feed_name(entry.title.as_deref(), &entry.url);
        let feed = library.add_feed(&entry.url, &name, None, &entry.tags)?;
        ids.push(feed.id);
    }
    let harbour = library.add_feed_items(
        ids[0],
        &mut [item("harbour-1", "Ferry"), item("harbour-2", "Lighthouse")],
        at(8),
    )?;
    let storm = ArticleDraft {
        guid: None,
        url: Some("https://example.com/coastal/storm".into()),
        ..item("storm", "Storm")
    };
    let coastal = library.add_feed_items(ids[1], &mut [storm], at(8))?;
    let outcome = newsboat::import_cache(&mut library, &items, &ids)?;
    assert_eq!(
        (
            outcome.matched,
            outcome.stored.len(),
            outcome.not_subscribed
        ),
        (3, 1, 0)
    );
    // The item the feed no longer carries, stored from the cache with its state, in its feed.
    let gone = library.get(outcome.stored[0])?.ok_or("missing")?;
    assert_eq!(gone.title, "An article the feed no longer carries");
    assert_eq!(gone.body, "Old.");
    assert_eq!((gone.read, gone.starred), (true, false));
    assert_eq!(library.feed_of(gone.id)?, Some(ids[0]));
    let flags = |library: &dateline::library::Library,
                 id|
     -> Result<(bool, bool), Box<dyn std::error::Error>> {
        let a = library.get(id)?.ok_or("missing")?;
        Ok((a.read, a.starred))
    };
    assert_eq!(flags(&library, harbour.inserted[0])?, (true, false));
    assert_eq!(flags(&library, harbour.inserted[1])?, (false, true));
    assert_eq!(flags(&library, coastal.inserted[0])?, (true, false));
    // Imported again (for a line added to the urls file), the cache undoes nothing read or
    // starred here since: its feeds were subscribed before.
    library.set_read(&[harbour.inserted[0]], false)?;
    library.set_starred(&[harbour.inserted[1]], false)?;
    let again = newsboat::import_cache(&mut library, &items, &[])?;
    assert_eq!(
        (again.matched, again.stored.len(), again.subscribed_before),
        (0, 0, 4)
    );
    assert_eq!(flags(&library, harbour.inserted[0])?, (false, false));
    assert_eq!(flags(&library, harbour.inserted[1])?, (false, false));

    let not_a_cache = dir.path().join("data").join("dateline.db");
    assert!(matches!(
        newsboat::read_cache(&not_a_cache),
        Err(newsboat::NewsboatError::NotACache { .. })
    ));
    assert!(newsboat::read_cache(&dir.path().join("missing.db")).is_err());
    Ok(())
}

#[test]
fn a_store_holding_other_spellings_keeps_them_and_takes_no_new_copy() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("s.db");
    drop(dateline::store::Store::open(&path)?);
    // As a dateline from before addresses had one spelling left them (schema 17, before each
    // row kept its one spelling beside it): one feed subscribed twice.
    rusqlite::Connection::open(&path)?.execute_batch(
        "ALTER TABLE feeds DROP COLUMN history_pending;
         ALTER TABLE feeds DROP COLUMN own_name;
         DROP INDEX feeds_by_address;
         ALTER TABLE feeds DROP COLUMN address;
         PRAGMA user_version = 17;
         INSERT INTO feeds (url, name, added_at) VALUES
            ('HTTP://Example.org/rss.xml#top', 'Old', 0),
            ('http://example.org/rss.xml?', 'Old (2)', 0);",
    )?;
    let mut store = dateline::store::Store::open(&path)?;
    let urls = |store: &dateline::store::Store| -> Result<Vec<String>, StoreError> {
        Ok(store.feeds()?.into_iter().map(|s| s.feed.url).collect())
    };
    let before = urls(&store)?;
    assert_eq!(
        before,
        [
            "HTTP://Example.org/rss.xml#top",
            "http://example.org/rss.xml?"
        ]
    );

    let copy = store.add_feed("http://example.org/rss.xml", "New", None, &[]);
    assert!(
        matches!(copy, Err(StoreError::FeedUrlTaken { ref name, .. }) if name == "Old"),
        "{copy:?}"
    );
    let old = store
        .feed("http://EXAMPLE.org:80/rss.xml")?
        .ok_or("not found")?;
    assert_eq!(old.name, "Old");
    let other = store.add_feed("https://example.org/other.xml", "Other", None, &[])?;
    assert!(matches!(
        store.set_feed_url(other.id, "http://example.org/rss.xml#moved"),
        Err(StoreError::FeedUrlTaken { .. })
    ));
    // Neither merged nor respelled: both are the user's until they remove one.
    assert_eq!(urls(&store)?.len(), 3);
    assert!(urls(&store)?.starts_with(&before));

    // Articles of a removed subscription come back to the address however it was spelled.
    let stored = store.store_feed_items(old.id, &[item("1", "One")], at(8))?;
    store.remove_feed(old.id)?;
    let twin = store.feed("Old (2)")?.ok_or("no twin")?;
    store.remove_feed(twin.id)?;
    let again = store.add_feed("http://example.org/rss.xml", "Again", None, &[])?;
    assert_eq!(again.url, "http://example.org/rss.xml");
    let article = store.get(stored.inserted[0])?.ok_or("missing")?;
    assert_eq!(article.source, "Again");
    Ok(())
}

#[test]
fn a_sync_server_spelling_an_address_otherwise_finds_the_feed_subscribed_here() -> TestResult {
    let (_dir, mut store) = store()?;
    let plain = store.add_feed("http://example.org/rss.xml", "Harbour", None, &[])?;
    let first = store.add_account("first", "greader", "http://x/api", "alice", None)?;
    let second = store.add_account("second", "greader", "http://y/api", "bob", None)?;
    let listed = |stream: &str, url: &str| ServerFeed {
        stream_id: stream.into(),
        title: "Harbour".into(),
        url: url.into(),
        ..ServerFeed::default()
    };
    let harbour = listed("feed/1", "HTTP://Example.org/rss.xml?#from-the-server");
    let outcome = store.apply_subscriptions(first.id, &[harbour])?;
    assert_eq!(
        outcome.added, 0,
        "the plain subscription is taken into the account"
    );
    let urls = |store: &dateline::store::Store| -> Result<Vec<String>, StoreError> {
        Ok(store.feeds()?.into_iter().map(|s| s.feed.url).collect())
    };
    assert_eq!(urls(&store)?, ["http://example.org/rss.xml"]);
    assert_eq!(store.feed_account(plain.id)?, Some(first.id));

    // Another account's copy stays apart, as before; a new feed is kept in one spelling.
    let both = [
        listed("feed/9", "http://EXAMPLE.org/rss.xml"),
        listed("feed/10", "HTTP://Example.org/coast.xml#x"),
    ];
    let outcome = store.apply_subscriptions(second.id, &both)?;
    assert_eq!(outcome.added, 2);
    let mut all = urls(&store)?;
    all.sort();
    assert_eq!(
        all,
        [
            "http://example.org/coast.xml",
            "http://example.org/rss.xml",
            "http://example.org/rss.xml#feed/9"
        ]
    );
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

#[test]
fn writes_together_reach_the_index_only_when_they_are_kept() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (mut library, _) = dateline::library::Library::open(&dir.path().join("data"))?;
    let a = library.add_feed("https://a.example/rss", "A", None, &[])?;
    let b = library.add_feed("https://b.example/rss", "B", None, &[])?;

    // The second write fails: the first is undone with it, and the index never holds it.
    let failed = library.write_together(|library| {
        library.add_feed_items(a.id, &mut [item("1", "Lighthouse")], at(8))?;
        library.add_feed_items(b.id + 100, &mut [item("2", "Ferry")], at(8))
    });
    assert!(failed.is_err());
    library.settle()?;
    let stats = library.stats()?;
    assert_eq!((stats.store.articles, stats.index_documents), (0, 0));

    library.write_together(|library| {
        library.add_feed_items(a.id, &mut [item("1", "Lighthouse")], at(8))?;
        library.add_feed_items(b.id, &mut [item("2", "Ferry")], at(8))
    })?;
    // With the index's writer now held, a run that settles part way (a rename does) and then
    // fails must not have committed its articles to the index either.
    let failed = library.write_together(|library| {
        library.add_feed_items(a.id, &mut [item("3", "Quay")], at(9))?;
        library.rename_feed(a.id, "Harbour")?;
        library.add_feed_items(b.id + 100, &mut [item("4", "Crane")], at(9))
    });
    assert!(failed.is_err());
    library.settle()?;
    let stats = library.stats()?;
    assert_eq!((stats.store.articles, stats.index_documents), (2, 2));
    // Not by finding the index ahead of the store and building it again.
    assert_eq!(library.take_notices(), Vec::<String>::new());
    let (_, found) = library.search("ferry", dateline::search::SortOrder::Date, 10)?;
    assert_eq!(found.hits.len(), 1);
    let (_, found) = library.search("quay", dateline::search::SortOrder::Date, 10)?;
    assert_eq!(found.hits.len(), 0);
    Ok(())
}
