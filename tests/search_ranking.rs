//! Ranking on a real on-disk index of several segments: title words first, a word with a typed
//! prefix ranked by its best completion, a short list the head of a long one, and an index made
//! by an older layout rebuilt.

use chrono::{TimeZone, Utc};
use dateline::article::ArticleDraft;
use dateline::import::import_parsed;
use dateline::ingest::Parsed;
use dateline::library::Library;
use dateline::search::{SortOrder, query};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn draft(title: &str, body: &str, day: u32) -> ArticleDraft {
    ArticleDraft {
        title: title.into(),
        body: body.into(),
        source: "Test Wire".into(),
        published: Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).single(),
        ..ArticleDraft::default()
    }
}

/// Imports each batch on its own, so the index has one segment per batch.
fn library(
    batches: Vec<Vec<ArticleDraft>>,
) -> Result<(tempfile::TempDir, Library), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (mut library, _) = Library::open(dir.path())?;
    for drafts in batches {
        import_parsed(
            &mut library,
            [Ok(Parsed {
                drafts,
                ..Parsed::default()
            })],
        )?;
    }
    Ok((dir, library))
}

fn titles(
    library: &Library,
    query: &str,
    limit: usize,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let (_, results) = library.search(query, SortOrder::Relevance, limit)?;
    let mut out = Vec::new();
    for hit in results.hits {
        out.push(library.get(hit.id)?.ok_or("hit not stored")?.title);
    }
    Ok(out)
}

/// Articles about ferries and ports, spread over three segments. The first two are of equal
/// length and each has "ferry" once, in the title or in the body: only where it stands decides
/// their rank (the body one is newer, so recency alone would put it first).
fn harbour_library() -> Result<(tempfile::TempDir, Library), Box<dyn std::error::Error>> {
    let filler = "The council met on Tuesday and agreed the budget for next year.";
    let mut batches = Vec::new();
    for segment in 0..3u32 {
        let day = segment * 8 + 1;
        batches.push(vec![
            draft(
                &format!("Ferry timetable changes {segment}"),
                &format!("{filler} A port official spoke to reporters today."),
                day,
            ),
            draft(
                &format!("Council budget agreed {segment}"),
                &format!("{filler} A ferry to the port runs daily."),
                day + 1,
            ),
            draft(
                &format!("Ferries return to the port {segment}"),
                &format!("{filler} The ferryman was pleased."),
                day + 2,
            ),
            draft(
                &format!("Weather outlook {segment}"),
                &format!("{filler} Rain is expected at the coast."),
                day + 3,
            ),
        ]);
    }
    library(batches)
}

#[test]
fn a_word_in_the_title_outranks_the_same_word_in_the_body() -> TestResult {
    let (_dir, library) = harbour_library()?;
    for query in ["timetable ", "timetable", "port ferry "] {
        let ranked = titles(&library, query, 20)?;
        assert!(!ranked.is_empty(), "{query:?} found nothing");
        assert!(ranked[0].starts_with("Ferr"), "{query:?}: {ranked:?}");
    }
    // "ferry" is in three titles and three bodies: the titles come first.
    let ranked = titles(&library, "ferry ", 20)?;
    assert_eq!(ranked.len(), 9, "{ranked:?}");
    assert!(
        ranked[..6].iter().all(|t| t.starts_with("Ferr")),
        "{ranked:?}"
    );
    assert!(
        ranked[6..].iter().all(|t| t.starts_with("Council")),
        "{ranked:?}"
    );
    Ok(())
}

#[test]
fn a_phrase_in_the_title_outranks_the_same_phrase_in_the_body() -> TestResult {
    // Equal lengths; the body one is newer, so recency alone would put it first.
    let (_dir, library) = library(vec![vec![
        draft(
            "Port official resigns",
            "The council met and agreed the budget for next year today.",
            1,
        ),
        draft(
            "Council meets today",
            "The port official met and agreed the budget for next year.",
            2,
        ),
    ]])?;
    let ranked = titles(&library, "\"port official\" ", 20)?;
    assert_eq!(ranked, ["Port official resigns", "Council meets today"]);
    Ok(())
}

#[test]
fn a_typed_prefix_after_a_word_finds_every_completion_once() -> TestResult {
    let (_dir, library) = harbour_library()?;
    // "port ferr": port and any word starting "ferr" (ferry, ferries, ferryman).
    let (_, results) = library.search("port ferr", SortOrder::Relevance, 20)?;
    let mut ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    assert_eq!(results.total, ids.len());
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), results.hits.len(), "an article listed twice");
    let found = titles(&library, "port ferr", 20)?;
    assert_eq!(found.len(), 9, "{found:?}");
    assert!(found.iter().all(|t| !t.starts_with("Weather")), "{found:?}");
    Ok(())
}

#[test]
fn a_short_list_is_the_head_of_a_long_one() -> TestResult {
    let (_dir, library) = harbour_library()?;
    for query in ["port ferr", "ferr", "council ", "the council met ferry"] {
        let long = library.search(query, SortOrder::Relevance, 50)?.1.hits;
        for limit in [1, 2, 4] {
            let short = library.search(query, SortOrder::Relevance, limit)?.1.hits;
            let head: Vec<i64> = long.iter().take(limit).map(|h| h.id).collect();
            let got: Vec<i64> = short.iter().map(|h| h.id).collect();
            assert_eq!(got, head, "{query:?} with limit {limit}");
        }
    }
    Ok(())
}

#[test]
fn an_index_made_by_an_older_layout_is_rebuilt() -> TestResult {
    let (dir, library) = harbour_library()?;
    drop(library);
    let meta = dir.path().join("index").join("meta.json");
    let text = std::fs::read_to_string(&meta)?;
    assert!(text.contains(r#"\"layout\":6"#), "{text}");
    std::fs::write(&meta, text.replace(r#"\"layout\":6"#, r#"\"layout\":5"#))?;
    let (library, notices) = Library::open(dir.path())?;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("another version of dateline") && !n.contains("damaged")),
        "{notices:?}"
    );
    assert_eq!(library.stats()?.index_documents, 12);
    assert_eq!(titles(&library, "timetable ", 20)?.len(), 3);
    Ok(())
}

#[test]
fn a_query_of_filters_lists_newest_first_and_only_nothing_at_all_is_everything() -> TestResult {
    let (_dir, library) = harbour_library()?;
    assert_eq!(
        titles(&library, "-ferry ", 20)?,
        [
            "Weather outlook 2",
            "Weather outlook 1",
            "Weather outlook 0"
        ]
    );
    let cases = [
        ("", true),
        ("t", true),
        ("the ", true),
        ("ferry", false),
        ("-ferry ", false),
        ("the -ferry", false),
        ("after:2026-03-05", false),
    ];
    let searcher = library.searcher()?;
    for (text, everything) in cases {
        let parsed = query::parse(text, Utc::now());
        let prepared = searcher.prepare(&parsed, SortOrder::Relevance)?;
        assert_eq!(prepared.matches_everything(), everything, "{text:?}");
    }
    Ok(())
}

#[test]
fn queries_ranked_whole_list_every_article_they_count() -> TestResult {
    let (_dir, library) = harbour_library()?;
    // Negation, OR, dates, flags and long phrases are not split into term conjunctions; each
    // still lists exactly what it counts, each article once. (Only the last word is a prefix.)
    let cases = [
        ("port -weather ferr", 9),
        ("rain OR ferr", 12),
        ("after:2026-03-05 ferr", 6),
        ("is:unread ferr", 9),
        ("\"agreed the budget\" ferr", 9),
    ];
    for (query, expected) in cases {
        let (_, results) = library.search(query, SortOrder::Relevance, 50)?;
        assert_eq!(results.total, expected, "{query:?}");
        let mut ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), expected, "{query:?}");
    }
    Ok(())
}
