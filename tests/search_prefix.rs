//! A word being typed over a generated corpus where some words are in most articles: a prefix
//! finds a completion however common it is, alone and after other words, and only a stop word
//! among the completions is left out.

use chrono::{Duration, TimeZone, Utc};
use dateline::article::ArticleDraft;
use dateline::import::import_parsed;
use dateline::ingest::Parsed;
use dateline::library::Library;
use dateline::search::SortOrder;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const ARTICLES: usize = 2_000;

/// Whether article `n` mentions the harbour: 1,196 of the 2,000 (as in the report of the bug),
/// spread over the whole corpus rather than in one run.
fn has_harbour(n: usize) -> bool {
    (n * 7) % ARTICLES < 1_196
}

/// Whether article `n` mentions the council: every third article.
fn has_council(n: usize) -> bool {
    n.is_multiple_of(3)
}

/// Whether article `n` tells of a withdrawal: a rare word beside `with`, which is in every article.
fn has_withdrawal(n: usize) -> bool {
    n % 100 == 1
}

/// `harbinger`, a rare completion of `harb`, in articles without `harbour`.
fn has_harbinger(n: usize) -> bool {
    n % 250 == 3 && !has_harbour(n)
}

fn generated(n: usize) -> ArticleDraft {
    let mut body = format!("Report number {n} was filed with the desk on a quiet morning.");
    if has_harbour(n) {
        body.push_str(" Boats left the harbour at dawn.");
    }
    if has_council(n) {
        body.push_str(" The council met in the evening.");
    }
    if has_withdrawal(n) {
        body.push_str(" The withdrawal was announced at noon.");
    }
    if has_harbinger(n) {
        body.push_str(" The frost was a harbinger of winter.");
    }
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single();
    ArticleDraft {
        title: format!("Dispatch {n}"),
        body,
        source: "Generated Wire".into(),
        published: start.map(|t| t + Duration::minutes(n as i64)),
        ..ArticleDraft::default()
    }
}

fn expected(wanted: impl Fn(usize) -> bool) -> usize {
    (0..ARTICLES).filter(|&n| wanted(n)).count()
}

/// The 2,000 articles, imported in four batches so the index has several segments.
fn library() -> Result<(tempfile::TempDir, Library), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let (mut library, _) = Library::open(dir.path())?;
    let drafts: Vec<ArticleDraft> = (0..ARTICLES).map(generated).collect();
    for batch in drafts.chunks(ARTICLES / 4) {
        import_parsed(
            &mut library,
            [Ok(Parsed {
                drafts: batch.to_vec(),
                ..Parsed::default()
            })],
        )?;
    }
    assert_eq!(library.stats()?.index_documents, ARTICLES as u64);
    Ok((dir, library))
}

/// How many articles a query counts, checking the listed hits agree with it.
fn total(library: &Library, query: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let (_, results) = library.search(query, SortOrder::Relevance, 20)?;
    assert_eq!(
        results.hits.len(),
        results.total.min(20),
        "{query:?} lists other articles than it counts"
    );
    Ok(results.total)
}

#[test]
fn a_word_in_most_articles_is_found_while_it_is_typed() -> TestResult {
    let (_dir, library) = library()?;
    let harbour = expected(has_harbour);
    assert_eq!(harbour, 1_196);
    assert_eq!(total(&library, "harbour ")?, harbour);
    let harbour_or_harbinger = expected(|n| has_harbour(n) || has_harbinger(n));
    assert!(harbour_or_harbinger > harbour);
    // Every keystroke on the way to "harbour" finds at least what the word will.
    assert_eq!(total(&library, "harb")?, harbour_or_harbinger);
    for typed in ["harbo", "harbou", "harbour"] {
        assert_eq!(total(&library, typed)?, harbour, "{typed:?}");
    }
    // The first hits of the half-typed word are articles with the whole word.
    let (_, results) = library.search("harbo", SortOrder::Relevance, 20)?;
    for hit in &results.hits {
        let article = library.get(hit.id)?.ok_or("hit not stored")?;
        assert!(article.body.contains("harbour"), "{}", article.title);
    }
    Ok(())
}

#[test]
fn a_common_completion_counts_after_other_words_too() -> TestResult {
    let (_dir, library) = library()?;
    let both = expected(|n| has_council(n) && (has_harbour(n) || has_harbinger(n)));
    assert_eq!(total(&library, "council harb")?, both);
    assert_eq!(
        total(&library, "council harbou")?,
        expected(|n| has_council(n) && has_harbour(n))
    );
    // And before them: the common word whole, the rare one typed.
    assert_eq!(
        total(&library, "harbour withd")?,
        expected(|n| has_harbour(n) && has_withdrawal(n))
    );
    Ok(())
}

#[test]
fn a_stop_word_is_no_completion() -> TestResult {
    let (_dir, library) = library()?;
    // "wit" on the way to "withdrawal": `with` is in every article and narrows nothing, as it
    // does typed whole (where the query is left to its other words).
    assert_eq!(total(&library, "wit")?, expected(has_withdrawal));
    assert_eq!(total(&library, "withd")?, expected(has_withdrawal));
    Ok(())
}

#[test]
fn a_short_list_of_a_common_prefix_is_the_head_of_the_whole_list() -> TestResult {
    let (_dir, library) = library()?;
    // Completions that cannot beat the hits found so far are skipped, here and in every other
    // segment: what is left out must be exactly what would not have made the list.
    for query in [
        "harb",
        "harbo",
        "council harb",
        "harbour withd",
        "wit",
        "dispatch",
    ] {
        let (_, whole) = library.search(query, SortOrder::Relevance, ARTICLES)?;
        assert_eq!(whole.hits.len(), whole.total, "{query:?}");
        for limit in [1, 5, 20] {
            let (_, short) = library.search(query, SortOrder::Relevance, limit)?;
            let head: Vec<i64> = whole.hits.iter().take(limit).map(|h| h.id).collect();
            let got: Vec<i64> = short.hits.iter().map(|h| h.id).collect();
            assert_eq!(got, head, "{query:?} with limit {limit}");
        }
    }
    Ok(())
}
