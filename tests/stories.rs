//! Stories, through the binary: the project-written events of `tests/fixtures/stories/` (each
//! reported several times: copies under other headlines, trimmed, re-ordered, updated, and other
//! outlets' own reports), with near misses (the next match of the same clubs, the next rate
//! decision, another earthquake, another fire the same day) that must stay apart. The event of
//! each article is the first part of its URL's path, which dateline never reads for this.

mod common;

use std::collections::HashMap;

use common::Sandbox;
use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Every story's article ids, from `dateline stories --json`.
fn stories(sandbox: &Sandbox) -> Result<Vec<Vec<i64>>, Box<dyn std::error::Error>> {
    let listed = sandbox.json(&["stories", "--json", "--limit", "1000"])?;
    let stories = listed.as_array().ok_or("not a list")?;
    Ok(stories
        .iter()
        .map(|story| {
            story["articles"]
                .as_array()
                .map(|a| a.iter().filter_map(|a| a["id"].as_i64()).collect())
                .unwrap_or_default()
        })
        .collect())
}

/// Pairwise precision and recall of `found` against the events in the articles' URLs.
fn pairwise(found: &[Vec<i64>], event: &HashMap<i64, String>) -> (f64, f64) {
    let story_of: HashMap<i64, usize> = found
        .iter()
        .enumerate()
        .flat_map(|(n, ids)| ids.iter().map(move |id| (*id, n)))
        .collect();
    let ids: Vec<i64> = event.keys().copied().collect();
    let (mut both, mut grouped, mut same) = (0.0, 0.0, 0.0);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let together = story_of.contains_key(a) && story_of.get(a) == story_of.get(b);
            let one_event = event[a] == event[b];
            grouped += f64::from(u8::from(together));
            same += f64::from(u8::from(one_event));
            both += f64::from(u8::from(together && one_event));
        }
    }
    (both / grouped.max(1.0), both / same.max(1.0))
}

fn events(sandbox: &Sandbox) -> Result<HashMap<i64, String>, Box<dyn std::error::Error>> {
    let mut event = HashMap::new();
    for article in sandbox.articles()? {
        let id = article["id"].as_i64().ok_or("no id")?;
        let url = article["url"].as_str().ok_or("no url")?;
        let path = url.split('/').nth(3).ok_or("no event in the url")?;
        event.insert(id, path.to_string());
    }
    Ok(event)
}

#[test]
fn reports_of_one_event_form_one_story_and_near_misses_stay_apart() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&common::fixtures().join("stories").join("articles.jsonl"))?;
    let event = events(&sandbox)?;
    let found = stories(&sandbox)?;
    let (precision, recall) = pairwise(&found, &event);
    assert!(precision >= 0.9, "precision {precision:.2}: {found:?}");
    assert!(recall >= 0.9, "recall {recall:.2}: {found:?}");
    // Every article is in exactly one story.
    let placed: usize = found.iter().map(Vec::len).sum();
    assert_eq!(placed, event.len());
    // The return match two weeks later is its own story.
    let story_with = |title: &str| -> Result<Option<i64>, Box<dyn std::error::Error>> {
        let article = sandbox.by_title(title)?;
        let id = article["id"].as_i64().ok_or("no id")?;
        let shown = sandbox.json(&["show", "--json", &id.to_string()])?;
        Ok(shown["story"].as_i64())
    };
    let first = story_with("Harbour City beat Redmoor 3-1 to go top")?;
    let rewrite = story_with("Marlow's men keep winning as Redmoor are swept aside")?;
    let return_match = story_with("Redmoor and Harbour City draw 0-0")?;
    assert!(first.is_some());
    assert_eq!(first, rewrite);
    assert_ne!(first, return_match);
    // A fire the same day in another province is another story.
    assert_ne!(
        story_with("Wildfire forces 3,000 from homes in Pinecrest")?,
        story_with("Wildfire on Calder Ridge closes mountain road")?
    );
    // story:ID finds the story's reports.
    let story = first.ok_or("no story")?;
    let hits = sandbox.json(&["search", "--json", &format!("story:{story}")])?;
    let hits = hits.as_array().ok_or("not a list")?;
    assert_eq!(hits.len(), 4, "{hits:?}");
    assert!(hits.iter().all(|hit| hit["title"] != Value::Null));
    Ok(())
}

#[test]
fn a_later_report_joins_its_story_and_rebuild_finds_the_same_stories() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&common::fixtures().join("stories").join("articles.jsonl"))?;
    let before = stories(&sandbox)?;
    // The quake's story is read before the later report comes.
    let wire = sandbox.by_title("Earthquake kills 14 in Valdorian town of Sarnesk")?;
    let story = format!("story:{}", wire["id"]);
    let marked = sandbox.run(&["mark", "--read", "--query", &story])?;
    assert!(marked.status.success());
    let dir = tempfile::tempdir()?;
    let later = dir.path().join("later.json");
    std::fs::write(
        &later,
        serde_json::json!({
            "title": "Sarnesk rescuers find survivor after two days",
            "body": "SARNESK, November 4. Rescuers in Sarnesk pulled a woman alive from a collapsed \
                     house on Wednesday, two days after the earthquake that struck the town in \
                     northern Valdoria. Interior Minister Tomas Kerrigan called it a miracle. The \
                     Valdorian Seismic Institute said aftershocks were weakening.",
            "source": "Brenholm Daily",
            "url": "https://brenholm-daily.example/sarnesk-quake/9",
            "published": "2026-11-04T08:00:00Z"
        })
        .to_string(),
    )?;
    sandbox.import(&later)?;
    let joined = sandbox.by_title("Sarnesk rescuers find survivor after two days")?;
    let id = joined["id"].as_i64().ok_or("no id")?;
    let shown = sandbox.json(&["show", "--json", &id.to_string()])?;
    assert_eq!(
        shown["story"], wire["id"],
        "the survivor report joins the quake's story"
    );
    // The story is unread again, and its unread part is the new report alone.
    let unread = sandbox.json(&["search", "--json", &format!("{story} is:unread")])?;
    let unread: Vec<i64> = unread
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|hit| hit["id"].as_i64())
        .collect();
    assert_eq!(unread, vec![id]);
    let after = stories(&sandbox)?;
    assert_eq!(after.len(), before.len());
    let output = sandbox.run(&["stories", "rebuild"])?;
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("put 40 articles into stories"), "{stderr}");
    let mut rebuilt = stories(&sandbox)?;
    let mut again = after;
    rebuilt.iter_mut().for_each(|s| s.sort_unstable());
    again.iter_mut().for_each(|s| s.sort_unstable());
    rebuilt.sort();
    again.sort();
    assert_eq!(rebuilt, again);
    Ok(())
}

#[test]
fn a_storys_names_are_counted_under_their_canonical_form() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&common::fixtures().join("stories").join("articles.jsonl"))?;
    let listed = sandbox.json(&["stories", "--json", "--limit", "1000"])?;
    let stories = listed.as_array().ok_or("not a list")?;
    let quake = stories
        .iter()
        .find(|s| {
            s["entities"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["text"] == "Sarnesk"))
        })
        .ok_or("no story names Sarnesk")?;
    let names = quake["entities"].as_array().ok_or("no entities")?;
    // The dateline's SARNESK and the prose's Sarnesk are one place, listed once.
    let sarnesk: Vec<&Value> = names
        .iter()
        .filter(|e| {
            e["text"]
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("sarnesk"))
        })
        .collect();
    assert_eq!(sarnesk.len(), 1, "{names:?}");
    assert_eq!(sarnesk[0]["kind"], "place");
    let mut seen = std::collections::HashSet::new();
    for name in names {
        let key = (
            name["kind"].to_string(),
            name["text"].as_str().unwrap_or_default().to_lowercase(),
        );
        assert!(seen.insert(key), "{name} listed twice: {names:?}");
    }
    Ok(())
}

#[test]
fn stories_since_reads_ages_as_search_does_and_an_empty_answer_says_why() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&common::fixtures().join("stories").join("articles.jsonl"))?;
    let all = stories(&sandbox)?.len();
    // The fixtures' reports are dated within the last few years: `1y` and `10y` are ages.
    let ten_years = sandbox.json(&["stories", "--json", "--limit", "1000", "--since", "10y"])?;
    assert_eq!(ten_years.as_array().map(Vec::len), Some(all));
    let refused = sandbox.run(&["stories", "--since", "2x"])?;
    assert_eq!(refused.status.code(), Some(2), "a usage error");
    let none = sandbox.run(&["stories", "zzzzqx"])?;
    let said = String::from_utf8_lossy(&none.stderr);
    assert!(said.contains("no story matches"), "{said}");
    assert!(!said.contains("no stories yet"), "{said}");
    Ok(())
}

#[test]
fn articles_stored_by_a_run_stopped_before_it_settled_are_in_stories_at_the_next_open() -> TestResult
{
    let sandbox = Sandbox::new()?;
    sandbox.json(&["stats", "--json"])?;
    // Stored as a refresh killed after storing and before settling leaves them: in the store
    // only, neither indexed nor in stories.
    let mut store = dateline::store::Store::open(&sandbox.data_dir().join("dateline.db"))?;
    let draft = |n: u32, title: &str| dateline::article::ArticleDraft {
        title: title.into(),
        body: format!("Report {n}: the harbour crane collapsed in Rostock on Tuesday."),
        guid: Some(format!("stopped-{n}")),
        published: chrono::DateTime::from_timestamp(1_790_000_000 + i64::from(n) * 60, 0),
        ..dateline::article::ArticleDraft::default()
    };
    let stored = store.insert_batch(
        &[
            draft(1, "Crane collapses in Rostock harbour"),
            draft(2, "Rostock harbour crane collapses"),
            draft(3, "Crane falls at Rostock port"),
        ],
        chrono::Utc::now(),
    )?;
    assert_eq!(stored.inserted.len(), 3);
    drop(store);
    let found = stories(&sandbox)?;
    assert_eq!(found.iter().map(Vec::len).sum::<usize>(), 3, "{found:?}");
    Ok(())
}
