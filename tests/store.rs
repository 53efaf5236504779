//! The SQLite store on a real file: duplicates, round trips, order, flags and schema versions.

use chrono::{TimeZone, Utc};
use dateline::article::{ArticleDraft, Dateline, Link};
use dateline::store::{FlagColumn, ListFilter, Store, StoreError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn draft(n: u32) -> ArticleDraft {
    ArticleDraft {
        title: format!("Story {n}"),
        standfirst: format!("Standfirst {n}"),
        body: format!("Body of story {n}.\n\nSecond paragraph."),
        source: "Test Wire".into(),
        author: "A. Writer".into(),
        url: Some(format!("https://example.org/{n}")),
        guid: Some(format!("guid-{n}")),
        published: Utc.with_ymd_and_hms(2026, 1, n, 8, 0, 0).single(),
        dateline: Some(Dateline {
            place: "OSLO".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, n),
            agency: Some("Reuters".into()),
        }),
        links: vec![Link {
            url: format!("https://example.org/link/{n}"),
            text: "a link".into(),
        }],
        entities: None,
        tags: vec!["notes".into()],
        image: Some(format!("https://example.org/{n}.jpg")),
    }
}

#[test]
fn a_draft_comes_back_whole() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("s.db"))?;
    let outcome = store.insert_batch(&[draft(3)], Utc::now())?;
    let (_, id) = outcome.inserted[0];
    let article = store.get(id)?.ok_or("missing")?;
    let original = draft(3);
    assert_eq!(article.title, original.title);
    assert_eq!(article.standfirst, original.standfirst);
    assert_eq!(article.body, original.body);
    assert_eq!(article.url, original.url);
    assert_eq!(article.guid, original.guid);
    assert_eq!(Some(article.published), original.published);
    assert_eq!(article.dateline, original.dateline);
    assert_eq!(article.links, original.links);
    assert_eq!(article.tags, original.tags);
    assert_eq!(article.image, original.image);
    assert!(!article.read && !article.starred);
    assert!(store.get(id + 100)?.is_none());
    Ok(())
}

#[test]
fn identity_is_the_guid_else_the_url_else_the_text() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("s.db"))?;
    let keyless = |n: u32| ArticleDraft {
        guid: None,
        url: None,
        ..draft(n)
    };
    store.insert_batch(&[draft(1), keyless(2)], Utc::now())?;
    let same_guid = ArticleDraft {
        url: None,
        body: "Rewritten body.".into(),
        ..draft(1)
    };
    let same_url = ArticleDraft {
        guid: None,
        body: "Other body.".into(),
        ..draft(1)
    };
    let same_text_no_keys = keyless(2);
    // A live blog: every update has its own guid but the same url. Each one is kept.
    let live_update = ArticleDraft {
        guid: Some("guid-1-update".into()),
        body: "Update at noon.".into(),
        ..draft(1)
    };
    // The same guid from another source is a different article.
    let other_source = ArticleDraft {
        source: "Other Wire".into(),
        url: None,
        body: "Different.".into(),
        ..draft(1)
    };
    let outcome = store.insert_batch(
        &[
            same_guid,
            same_url,
            same_text_no_keys,
            live_update,
            other_source,
            draft(3),
        ],
        Utc::now(),
    )?;
    assert_eq!(outcome.duplicates, 3);
    assert_eq!(
        outcome.inserted.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        [3, 4, 5]
    );
    assert_eq!(store.count()?, 5);
    // Duplicates use up no ids.
    let ids: Vec<i64> = outcome.inserted.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids, [3, 4, 5]);
    Ok(())
}

#[test]
fn lists_are_newest_first_and_flags_filter() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("s.db"))?;
    let drafts: Vec<ArticleDraft> = (1..=5).map(draft).collect();
    let ids: Vec<i64> = store
        .insert_batch(&drafts, Utc::now())?
        .inserted
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let titles = |rows: Vec<dateline::article::ArticleSummary>| -> Vec<String> {
        rows.into_iter().map(|r| r.title).collect()
    };
    assert_eq!(
        titles(store.list(ListFilter::default(), 3, 0)?),
        ["Story 5", "Story 4", "Story 3"]
    );
    assert_eq!(
        titles(store.list(ListFilter::default(), 2, 3)?),
        ["Story 2", "Story 1"]
    );
    assert_eq!(store.set_read(&[ids[4], ids[0], 999], true)?, 2);
    store.set_starred(&[ids[1]], true)?;
    let unread = ListFilter {
        unread_only: true,
        ..ListFilter::default()
    };
    assert_eq!(
        titles(store.list(unread, 10, 0)?),
        ["Story 4", "Story 3", "Story 2"]
    );
    let starred = ListFilter {
        starred_only: true,
        ..ListFilter::default()
    };
    assert_eq!(titles(store.list(starred, 10, 0)?), ["Story 2"]);
    assert_eq!(
        store.ids_with_flag(FlagColumn::Read, true)?,
        [ids[0], ids[4]]
    );
    let stats = store.stats()?;
    assert_eq!(
        (stats.articles, stats.unread, stats.starred, stats.sources),
        (5, 3, 1, 1)
    );
    // Summaries keep the order asked for.
    let picked = store.summaries(&[ids[2], ids[0]])?;
    assert_eq!(
        picked.iter().map(|s| s.id).collect::<Vec<_>>(),
        [ids[2], ids[0]]
    );
    Ok(())
}

#[test]
fn every_insert_advances_the_change_counter() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("s.db"))?;
    assert_eq!(store.current_rev()?, 0);
    store.insert_batch(&[draft(1), draft(2)], Utc::now())?;
    store.insert_batch(&[draft(2), draft(3)], Utc::now())?;
    assert_eq!(store.current_rev()?, 3, "a duplicate takes no revision");
    let mut seen = Vec::new();
    store.for_each_changed_since(1, |row| {
        seen.push((row.rev, row.title));
        Ok::<(), StoreError>(())
    })?;
    assert_eq!(
        seen,
        [(2, "Story 2".to_string()), (3, "Story 3".to_string())]
    );
    Ok(())
}

#[test]
fn schema_versions_are_recorded_and_a_newer_store_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("s.db");
    drop(Store::open(&path)?);
    let conn = rusqlite::Connection::open(&path)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    assert_eq!(version, dateline::store::latest_version());
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    assert_eq!(mode, "wal");
    conn.pragma_update(None, "user_version", version + 1)?;
    drop(conn);
    match Store::open(&path) {
        Err(StoreError::TooNew { found, .. }) => assert_eq!(found, version + 1),
        Err(other) => return Err(format!("wrong error: {other}").into()),
        Ok(_) => return Err("a store from a newer dateline was opened".into()),
    }
    Ok(())
}
