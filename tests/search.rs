//! The query language against a real on-disk store and index: every operator, prefixes, dates,
//! flags, half-typed input, ranking order and index recovery.

use chrono::{DateTime, TimeZone, Utc};
use dateline::article::ArticleDraft;
use dateline::import::import_parsed;
use dateline::ingest::Parsed;
use dateline::library::Library;
use dateline::search::SortOrder;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn at(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn draft(
    title: &str,
    body: &str,
    source: &str,
    author: &str,
    published: DateTime<Utc>,
) -> ArticleDraft {
    ArticleDraft {
        title: title.into(),
        body: body.into(),
        source: source.into(),
        author: author.into(),
        published: Some(published),
        ..ArticleDraft::default()
    }
}

/// Five articles whose words are chosen so each query below has one right answer.
fn corpus() -> Vec<ArticleDraft> {
    vec![
        draft(
            "Port authority opens container terminal",
            "The Port of Rotterdam Authority opened a container terminal on Monday.",
            "Harbour Wire",
            "Ada Lee",
            at(2026, 3, 14),
        ),
        draft(
            "Ministry reviews fishing quotas",
            "The fisheries ministry said quotas for cod would fall next year.",
            "Nordic Desk",
            "Per Holm",
            at(2026, 1, 20),
        ),
        draft(
            "Mossad chief visits capital",
            "The head of Mossad met ministers in a closed session.",
            "Levant Daily",
            "Dana Cohen",
            at(2025, 11, 2),
        ),
        draft(
            "Container prices climb again",
            "Shipping container rates rose for a third month, brokers said. The port was busy.",
            "Harbour Wire",
            "Tom Reyes",
            at(2026, 2, 1),
        ),
        draft(
            "Ministers meet on terminal safety",
            "Transport ministers agreed new rules for every ferry terminal in the region.",
            "Nordic Desk",
            "Ada Lee",
            at(2024, 6, 30),
        ),
    ]
}

fn library_with_corpus() -> Result<(tempfile::TempDir, Library), Box<dyn std::error::Error>> {
    library_with(corpus())
}

/// A library in a new directory holding `drafts`, every one imported.
fn library_with(
    drafts: Vec<ArticleDraft>,
) -> Result<(tempfile::TempDir, Library), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (mut library, _) = Library::open(dir.path())?;
    let count = drafts.len();
    let report = import_parsed(
        &mut library,
        [Ok(Parsed {
            drafts,
            ..Parsed::default()
        })],
    )?;
    assert_eq!(report.imported.len(), count);
    Ok((dir, library))
}

/// Titles of the hits, in result order.
fn titles(library: &Library, query: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let (_, results) = library.search(query, SortOrder::Relevance, 20)?;
    let mut out = Vec::new();
    for hit in results.hits {
        let article = library.get(hit.id)?.ok_or("hit not stored")?;
        out.push(article.title);
    }
    Ok(out)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn words_are_all_required_and_stemmed() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        sorted(titles(&library, "container terminal ")?),
        ["Port authority opens container terminal"]
    );
    // "ministries" and "ministry" share a stem.
    assert_eq!(
        titles(&library, "ministries ")?,
        ["Ministry reviews fishing quotas"]
    );
    Ok(())
}

#[test]
fn phrases_need_the_words_in_order() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        titles(&library, "\"container terminal\" ")?,
        ["Port authority opens container terminal"]
    );
    assert!(titles(&library, "\"terminal container\" ")?.is_empty());
    // Longer phrases: every adjacent pair, and then the exact order.
    assert_eq!(
        titles(&library, "\"opened a container terminal\" ")?,
        ["Port authority opens container terminal"]
    );
    assert!(titles(&library, "\"container opened a terminal\" ")?.is_empty());
    // A phrase may run from the title into the body, as it reads.
    assert_eq!(
        titles(&library, "\"quotas the fisheries\" ")?,
        ["Ministry reviews fishing quotas"]
    );
    Ok(())
}

#[test]
fn words_inside_chinese_japanese_and_korean_text_are_found() -> TestResult {
    // Written without spaces: each run of characters used to be one word, and a run over 13
    // characters was not indexed at all.
    let drafts = vec![
        draft(
            "東京都で地震",
            "一日午前九時ごろ東京都と神奈川県で震度五弱の揺れを観測した気象庁によると津波の心配はない。",
            "NHK",
            "",
            at(2026, 12, 1),
        ),
        draft(
            "京都の紅葉が見頃",
            "京都市の嵐山では紅葉が見頃を迎えた。",
            "NHK",
            "",
            at(2026, 12, 2),
        ),
        draft(
            "서울 지하철 파업",
            "서울교통공사 노조가 파업에 들어갔다.",
            "KBS",
            "",
            at(2026, 12, 3),
        ),
    ];
    let (_dir, library) = library_with(drafts)?;
    let quake = ["東京都で地震"];
    assert_eq!(titles(&library, "津波 ")?, quake);
    assert_eq!(titles(&library, "気象庁 ")?, quake);
    assert_eq!(titles(&library, "神奈川県で震度 ")?, quake);
    assert_eq!(titles(&library, "\"東京都と\" ")?, quake);
    assert!(titles(&library, "\"都東京\" ")?.is_empty());
    // "京都" (Kyoto) is also the middle of "東京都" (Tokyo): a substring, as written.
    assert_eq!(
        sorted(titles(&library, "京都 ")?),
        ["京都の紅葉が見頃", "東京都で地震"]
    );
    assert_eq!(titles(&library, "嵐山 ")?, ["京都の紅葉が見頃"]);
    // Two characters are a whole word, also while it is typed (no space after it).
    assert_eq!(titles(&library, "京都 紅葉")?, ["京都の紅葉が見頃"]);
    assert_eq!(titles(&library, "津波")?, quake);
    assert_eq!(titles(&library, "교통 ")?, ["서울 지하철 파업"]);
    Ok(())
}

#[test]
fn stop_words_do_not_narrow_a_query_that_has_other_words() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        titles(&library, "container on ")?,
        titles(&library, "container ")?
    );
    assert_eq!(titles(&library, "container on")?.len(), 2);
    // Alone, a stop word is still searched.
    assert!(!titles(&library, "the ")?.is_empty());
    Ok(())
}

#[test]
fn exclusion_and_or() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        titles(&library, "container -port ")?,
        Vec::<String>::new(),
        "both container articles mention a port"
    );
    assert_eq!(
        titles(&library, "terminal -container ")?,
        ["Ministers meet on terminal safety"]
    );
    assert_eq!(
        sorted(titles(&library, "cod OR ferry ")?),
        [
            "Ministers meet on terminal safety",
            "Ministry reviews fishing quotas"
        ]
    );
    Ok(())
}

#[test]
fn the_last_word_is_a_prefix_while_typing() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(titles(&library, "Moss")?, ["Mossad chief visits capital"]);
    assert_eq!(
        sorted(titles(&library, "minist")?),
        [
            "Ministers meet on terminal safety",
            "Ministry reviews fishing quotas",
            "Mossad chief visits capital",
        ]
    );
    // One or two letters are too short to stand for every word they begin.
    assert!(titles(&library, "Mo")?.is_empty());
    // With a trailing space the word is finished and no longer a prefix.
    assert!(titles(&library, "Moss ")?.is_empty());
    // Only the last word is a prefix.
    assert!(titles(&library, "Moss chief")?.is_empty());
    Ok(())
}

#[test]
fn fields_restrict_where_words_match() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        sorted(titles(&library, "title:terminal ")?),
        [
            "Ministers meet on terminal safety",
            "Port authority opens container terminal"
        ]
    );
    assert_eq!(
        sorted(titles(&library, "feed:\"nordic desk\" ")?),
        [
            "Ministers meet on terminal safety",
            "Ministry reviews fishing quotas"
        ]
    );
    assert_eq!(
        titles(&library, "source:levant ")?,
        ["Mossad chief visits capital"]
    );
    assert_eq!(
        sorted(titles(&library, "author:\"ada lee\" ")?),
        [
            "Ministers meet on terminal safety",
            "Port authority opens container terminal"
        ]
    );
    // "port" is in a body but not a title here.
    assert_eq!(titles(&library, "title:brokers ")?, Vec::<String>::new());
    Ok(())
}

#[test]
fn date_bounds() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        sorted(titles(&library, "after:2026-01-21 ")?),
        [
            "Container prices climb again",
            "Port authority opens container terminal"
        ]
    );
    assert_eq!(
        titles(&library, "before:2025 ")?,
        ["Ministers meet on terminal safety"]
    );
    assert_eq!(
        sorted(titles(&library, "after:2025-11 before:2026-01-21 ")?),
        [
            "Ministry reviews fishing quotas",
            "Mossad chief visits capital"
        ]
    );
    // since: is relative to now; all of these are older than a week.
    assert!(titles(&library, "since:7d ")?.is_empty());
    assert_eq!(titles(&library, "since:100y ")?.len(), 5);
    Ok(())
}

#[test]
fn flags_come_from_the_store() -> TestResult {
    let (_dir, mut library) = library_with_corpus()?;
    let (_, all) = library.search("", SortOrder::Date, 20)?;
    let newest = all.hits.first().ok_or("no hits")?.id;
    library.set_read(&[newest], true)?;
    library.set_starred(&[newest], true)?;
    assert_eq!(
        titles(&library, "is:read ")?,
        ["Port authority opens container terminal"]
    );
    assert_eq!(
        titles(&library, "is:starred ")?,
        ["Port authority opens container terminal"]
    );
    assert_eq!(titles(&library, "is:unread ")?.len(), 4);
    assert_eq!(
        titles(&library, "container is:unread ")?,
        ["Container prices climb again"]
    );
    Ok(())
}

#[test]
fn half_typed_queries_never_fail() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    assert_eq!(
        titles(&library, "title:\"port auth")?,
        ["Port authority opens container terminal"]
    );
    for partial in [
        "\"",
        "title:",
        "title:\"",
        "-",
        "OR",
        "after:",
        "after:2026-1",
        "is:",
        "is:unr",
        "(",
        "a:b:c",
        "\"port",
        "-\"",
        "since:3",
    ] {
        let result = library.search(partial, SortOrder::Relevance, 20);
        assert!(result.is_ok(), "{partial:?} failed: {:?}", result.err());
    }
    Ok(())
}

#[test]
fn relevance_then_recency_and_date_order() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    // Title matches outrank body matches.
    let ranked = titles(&library, "container ")?;
    assert_eq!(ranked.len(), 2);
    let (_, by_date) = library.search("container ", SortOrder::Date, 20)?;
    let dates: Vec<i64> = by_date.hits.iter().map(|h| h.published).collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first);
    assert_eq!(by_date.total, 2);
    Ok(())
}

#[test]
fn filters_alone_list_newest_first_even_past_the_limit() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    let (_, results) = library.search("-zebra is:unread", SortOrder::Relevance, 2)?;
    assert_eq!(results.total, 5);
    let dates: Vec<i64> = results.hits.iter().map(|h| h.published).collect();
    assert_eq!(
        dates,
        [at(2026, 3, 14).timestamp(), at(2026, 2, 1).timestamp()]
    );
    let (_, counted) = library.search("container ", SortOrder::Relevance, 0)?;
    assert_eq!((counted.hits.len(), counted.total), (0, 2));
    Ok(())
}

#[test]
fn a_deleted_or_damaged_index_is_rebuilt_from_the_store() -> TestResult {
    let (dir, library) = library_with_corpus()?;
    drop(library);
    std::fs::remove_dir_all(dir.path().join("index"))?;
    let (library, _) = Library::open(dir.path())?;
    assert_eq!(titles(&library, "Moss")?, ["Mossad chief visits capital"]);
    drop(library);
    std::fs::write(dir.path().join("index").join("meta.json"), b"{ not json")?;
    let (library, notices) = Library::open(dir.path())?;
    assert!(notices.iter().any(|n| n.contains("damaged")), "{notices:?}");
    assert_eq!(titles(&library, "Moss")?, ["Mossad chief visits capital"]);
    assert_eq!(library.stats()?.index_documents, 5);
    Ok(())
}

#[test]
fn a_stop_word_narrows_nothing_typed_or_finished() -> TestResult {
    let mut drafts = corpus();
    drafts.push(draft(
        "Opera house reopens",
        "The theatre reopened after repairs.",
        "Arts Desk",
        "Ana Ruiz",
        at(2026, 4, 1),
    ));
    let (_dir, library) = library_with(drafts)?;
    // "the", typed or finished, is in nearly every article: everything, newest first, and
    // the same either way, as is its first letter.
    let everything = titles(&library, "the ")?;
    assert_eq!(everything.len(), 6);
    assert_eq!(everything[0], "Opera house reopens");
    assert_eq!(titles(&library, "the")?, everything);
    assert_eq!(titles(&library, "t")?, everything);
    // A letter or two after it are not a word yet; the third starts a prefix.
    assert_eq!(titles(&library, "the o")?, everything);
    assert_eq!(titles(&library, "the op")?, everything);
    assert_eq!(
        sorted(titles(&library, "the ope")?),
        [
            "Opera house reopens",
            "Port authority opens container terminal"
        ]
    );
    // Past the stop word, its completions are searched ("thea" for "theatre").
    assert_eq!(titles(&library, "thea")?, ["Opera house reopens"]);
    Ok(())
}

#[test]
fn a_letter_or_two_after_other_words_waits_for_more() -> TestResult {
    let (_dir, library) = library_with_corpus()?;
    // "container t" on the way to "container terminal": the `t` is no word yet, so the results
    // for "container" stand; three letters expand as a prefix.
    assert_eq!(
        sorted(titles(&library, "container t")?),
        sorted(titles(&library, "container ")?)
    );
    assert_eq!(
        titles(&library, "container ter")?,
        ["Port authority opens container terminal"]
    );
    Ok(())
}
