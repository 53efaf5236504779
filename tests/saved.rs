//! Saved searches and marking by query, through the real binary: `saved add|list|remove`,
//! `mark --query`, and newsboat's query feeds becoming saved searches.

mod common;

use common::{Sandbox, TestResult, fixtures};
use serde_json::{Value, json};

/// A sandbox holding the six screen fixtures, three of which mention the harbour.
fn six_articles() -> Result<Sandbox, Error> {
    let sandbox = Sandbox::new()?;
    let report = sandbox.import(&fixtures().join("screen").join("articles.jsonl"))?;
    assert_eq!(report["imported"].as_array().map(Vec::len), Some(6));
    Ok(sandbox)
}

type Error = Box<dyn std::error::Error>;

/// A saved search as `saved list --json` gives it: name, query, total, unread.
type Listed = (String, String, u64, u64);

fn listed(sandbox: &Sandbox) -> Result<Vec<Listed>, Error> {
    let list = sandbox.json(&["saved", "list", "--json"])?;
    Ok(list
        .as_array()
        .ok_or("not an array")?
        .iter()
        .map(|row| {
            (
                row["name"].as_str().unwrap_or_default().to_string(),
                row["query"].as_str().unwrap_or_default().to_string(),
                row["total"].as_u64().unwrap_or(u64::MAX),
                row["unread"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect())
}

fn run(
    sandbox: &Sandbox,
    args: &[&str],
) -> Result<(Option<i32>, String), Box<dyn std::error::Error>> {
    let output = sandbox.run(args)?;
    Ok((
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

#[test]
fn saved_searches_are_counted_and_follow_the_read_state() -> TestResult {
    let sandbox = six_articles()?;
    assert_eq!(listed(&sandbox)?, []);
    let (code, stderr) = run(&sandbox, &["saved", "add", "Harbour", "harbour"])?;
    assert_eq!(code, Some(0), "{stderr}");
    run(
        &sandbox,
        &["saved", "add", "--notify", "Not Oslo", "harbour", "-oslo"],
    )?;
    assert_eq!(
        listed(&sandbox)?,
        [
            ("Harbour".into(), "harbour".into(), 3, 3),
            ("Not Oslo".into(), "harbour -oslo".into(), 2, 2),
        ]
    );
    let list = sandbox.json(&["saved", "list", "--json"])?;
    assert_eq!(list[1]["notify"], json!(true));
    assert_eq!(list[0]["notify"], json!(false));
    // `--notify` after the query, as `saved add NAME QUERY --notify` reads, is the flag too.
    run(&sandbox, &["saved", "add", "Late", "harbour", "--notify"])?;
    let list = sandbox.json(&["saved", "list", "--json"])?;
    assert_eq!(list[1]["name"], json!("Late"));
    assert_eq!(list[1]["query"], json!("harbour"));
    assert_eq!(list[1]["notify"], json!(true));
    run(&sandbox, &["saved", "remove", "Late"])?;

    // Marking by query marks exactly what the query finds.
    let (code, stderr) = run(&sandbox, &["mark", "--query", "harbour -oslo", "--read"])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("2 articles found"), "{stderr}");
    assert_eq!(
        listed(&sandbox)?,
        [
            ("Harbour".into(), "harbour".into(), 3, 1),
            ("Not Oslo".into(), "harbour -oslo".into(), 2, 0),
        ]
    );
    let unread = sandbox.json(&["list", "--json", "--unread"])?;
    assert_eq!(unread.as_array().map(Vec::len), Some(4));

    // A query with a part that means nothing would find every article: it marks none.
    for (query, why) in [
        ("is:bogus", "ignored `is:bogus`"),
        ("feed:", "ignored `feed:`: nothing after the colon"),
        ("OR", "`OR` has nothing to search for"),
        ("harbour OR", "`OR` at the end"),
        ("the", "`the` has no word to search for"),
    ] {
        let (code, stderr) = run(&sandbox, &["mark", "--query", query, "--read"])?;
        assert_eq!(code, Some(1), "{query}: {stderr}");
        assert!(stderr.contains(why), "{query}: {stderr}");
    }
    let unread = sandbox.json(&["list", "--json", "--unread"])?;
    assert_eq!(unread.as_array().map(Vec::len), Some(4));

    // Names are unique ignoring case; removing forgets the search, not the articles.
    let (code, stderr) = run(&sandbox, &["saved", "add", "HARBOUR", "port"])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("already a saved search"), "{stderr}");
    let (code, _) = run(&sandbox, &["saved", "remove", "harbour"])?;
    assert_eq!(code, Some(0));
    let (code, stderr) = run(&sandbox, &["saved", "remove", "harbour"])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no saved search named"), "{stderr}");
    assert_eq!(listed(&sandbox)?.len(), 1);
    let all = sandbox.json(&["list", "--json"])?;
    assert_eq!(all.as_array().map(Vec::len), Some(6));
    Ok(())
}

#[test]
fn a_saved_search_finds_whole_words_and_its_name_is_cleaned() -> TestResult {
    let sandbox = six_articles()?;
    run(
        &sandbox,
        &["saved", "add", "Har\u{1b}]52;c;eA==\u{7}b", "harb"],
    )?;
    // `harb` typed in the search box finds the harbour; saved, it is a whole word.
    assert_eq!(listed(&sandbox)?, [("Harb".into(), "harb".into(), 0, 0)]);
    let text = sandbox.run(&["saved", "list"])?;
    assert!(String::from_utf8(text.stdout)?.starts_with("Harb "));
    Ok(())
}

#[test]
fn newsboat_query_feeds_become_saved_searches() -> TestResult {
    let sandbox = six_articles()?;
    let urls = sandbox.data_dir().join("urls");
    std::fs::write(
        &urls,
        "\"query:Unread harbour:content =~ \\\"harbour\\\" and unread = \\\"yes\\\"\"\n\
         \"query:Breaking:title =~ \\\"^Breaking\\\"\"\n",
    )?;
    let output = sandbox
        .command()
        .env("HOME", sandbox.data_dir())
        .args(["import-newsboat", "--urls", &urls.to_string_lossy()])
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(":2: skipped"), "{stderr}");
    assert!(stderr.contains("regular expression"), "{stderr}");
    assert_eq!(
        listed(&sandbox)?,
        [("Unread harbour".into(), "harbour is:unread".into(), 3, 3)]
    );
    let _: Value = sandbox.json(&["saved", "list", "--json"])?;
    Ok(())
}

#[test]
fn an_option_after_a_saved_searchs_query_is_refused_not_saved_as_words() -> TestResult {
    let sandbox = Sandbox::new()?;
    let elsewhere = sandbox.data_dir().join("elsewhere");
    let output = sandbox.run(&[
        "saved",
        "add",
        "Strikes",
        "strike",
        "--notify",
        "--data-dir",
        &elsewhere.to_string_lossy(),
    ])?;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`--data-dir` comes after the query"),
        "{stderr}"
    );
    let listed = sandbox.run(&["saved", "list"])?;
    assert!(!String::from_utf8_lossy(&listed.stdout).contains("Strikes"));
    // A --notify after the query is still the flag.
    let output = sandbox.run(&["saved", "add", "Strikes", "strike", "--notify"])?;
    assert_eq!(output.status.code(), Some(0));
    Ok(())
}
