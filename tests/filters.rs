//! Filters from config.toml through the real binary: applied to articles as they arrive and by
//! `filter apply` to what is stored; hidden articles leave every list, count and search but
//! `is:hidden`, and come back with `mark --unhide`; a bad filter is named by its line.

mod common;

use std::path::PathBuf;

use common::{Sandbox, TestResult, fixtures};

type Error = Box<dyn std::error::Error>;

const FILTERS: &str = "theme = \"light\"\n\n\
    [[filter]]\nquery = \"oslo\"\naction = \"hide\"\n\n\
    [[filter]]\nquery = \"kyoto OR cairo\"\ntag = \"culture\"\n\n\
    [[filter]]\nquery = \"nairobi\"\naction = \"read\"\n\n\
    [[filter]]\nquery = \"lisbon\"\naction = \"explode\"\n\n\
    [[filter]]\nquery = \"the\"\naction = \"star\"\n";

fn config(sandbox: &Sandbox) -> Result<PathBuf, Error> {
    let path = sandbox.data_dir().join("config.toml");
    std::fs::write(&path, FILTERS)?;
    Ok(path)
}

/// Runs the binary with the filters' config.
fn run(sandbox: &Sandbox, args: &[&str]) -> Result<std::process::Output, Error> {
    let config = config(sandbox)?;
    Ok(sandbox
        .command()
        .arg("--config")
        .arg(&config)
        .args(args)
        .output()?)
}

fn json(sandbox: &Sandbox, args: &[&str]) -> Result<serde_json::Value, Error> {
    let output = run(sandbox, args)?;
    assert!(output.status.success(), "{args:?}: {output:?}");
    Ok(serde_json::from_slice(&output.stdout)?)
}

fn titles(value: &serde_json::Value) -> Vec<String> {
    let mut titles: Vec<String> = value
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["title"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    titles.sort();
    titles
}

#[test]
fn arriving_articles_go_through_the_filters() -> TestResult {
    let sandbox = Sandbox::new()?;
    let articles = fixtures().join("screen").join("articles.jsonl");
    let output = run(&sandbox, &["import", &articles.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("line 15: filter left out: unknown action `explode`"),
        "{stderr}"
    );
    // Words as common as `the` are not searched for: as a filter, it would star everything.
    assert!(
        stderr.contains("filter `the` left out: `the` has no word to search for"),
        "{stderr}"
    );
    let starred = json(&sandbox, &["search", "--json", "is:starred"])?;
    assert_eq!(starred.as_array().map(Vec::len), Some(0));

    // Hidden: out of the list, its count and every search, found only by is:hidden.
    let listed = json(&sandbox, &["list", "--json"])?;
    assert_eq!(listed.as_array().map(Vec::len), Some(5));
    assert!(!titles(&listed).iter().any(|t| t.contains("Oslo")));
    let harbour = json(&sandbox, &["search", "--json", "harbour"])?;
    assert_eq!(
        titles(&harbour),
        [
            "Lisbon opens a night tram line along the harbour",
            "Rotterdam harbour pilots try an electric tug"
        ]
    );
    let by_date = json(
        &sandbox,
        &["search", "--json", "--sort", "date", "harbour ferry"],
    )?;
    assert_eq!(titles(&by_date), Vec::<String>::new());
    let hidden = json(&sandbox, &["search", "--json", "is:hidden"])?;
    assert_eq!(titles(&hidden), ["Oslo harbour ferry trial ends early"]);

    // Tagged and read by their filters.
    let culture = json(&sandbox, &["search", "--json", "tag:culture"])?;
    assert_eq!(culture.as_array().map(Vec::len), Some(2));
    let unread = json(&sandbox, &["list", "--json", "--unread"])?;
    assert!(!titles(&unread).iter().any(|t| t.contains("Nairobi")));

    // Counted apart in stats.
    let stats = json(&sandbox, &["stats", "--json"])?;
    assert_eq!(
        (stats["articles"].as_i64(), stats["hidden"].as_i64()),
        (Some(6), Some(1))
    );

    // Shown again by the query that hid it, and starred in the same command; searched again.
    let output = run(&sandbox, &["mark", "--query", "oslo", "--unhide", "--star"])?;
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("1 article found; changed: 1 starred, 1 shown"),
        "{said}"
    );
    let harbour = json(&sandbox, &["search", "--json", "harbour"])?;
    assert_eq!(harbour.as_array().map(Vec::len), Some(3));
    let starred = json(&sandbox, &["search", "--json", "is:starred"])?;
    assert_eq!(starred.as_array().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn filter_apply_runs_the_filters_over_what_is_stored() -> TestResult {
    let sandbox = Sandbox::new()?;
    // Imported with no config: no filter ran.
    sandbox.import(&fixtures().join("screen").join("articles.jsonl"))?;
    assert_eq!(
        sandbox
            .json(&["search", "--json", "harbour"])?
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let applied = json(&sandbox, &["filter", "apply", "--json"])?;
    let changed: Vec<(String, u64)> = applied
        .as_array()
        .ok_or("not an array")?
        .iter()
        .map(|o| {
            (
                o["action"].as_str().unwrap_or_default().to_string(),
                o["changed"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("hide".to_string(), 1),
            ("tag culture".to_string(), 2),
            ("read".to_string(), 1)
        ]
    );
    assert_eq!(
        sandbox
            .json(&["search", "--json", "harbour"])?
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // Applied again, nothing changes.
    let again = json(&sandbox, &["filter", "apply", "--json"])?;
    assert!(
        again
            .as_array()
            .ok_or("not an array")?
            .iter()
            .all(|o| o["changed"] == 0 || o["action"] == "read")
    );
    Ok(())
}
