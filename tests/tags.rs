//! Tags through the real binary: `import --source/--tag` gives files a source and tags, a feed's
//! tags are its articles' too, `tag:` finds them, and changing a feed's tags is searched at once.

mod common;
mod feeds_support;

use common::httpd::Server;
use common::{Sandbox, TestResult, fixtures};
use feeds_support::{item, rss, served};
use serde_json::Value;

type Error = Box<dyn std::error::Error>;

/// Titles of what `search --json QUERY` finds, sorted.
fn found(sandbox: &Sandbox, query: &str) -> Result<Vec<String>, Error> {
    let hits = sandbox.json(&["search", "--json", "--limit", "100", query])?;
    let mut titles: Vec<String> = hits
        .as_array()
        .ok_or("not an array")?
        .iter()
        .filter_map(|hit| hit["title"].as_str().map(str::to_string))
        .collect();
    titles.sort();
    Ok(titles)
}

#[test]
fn imported_files_get_the_source_and_tags_given() -> TestResult {
    let sandbox = Sandbox::new()?;
    let wire = fixtures().join("wire");
    let output = sandbox.run(&[
        "import",
        "--source",
        "Desk\u{1b}[31m Notes",
        "--tag",
        "wire",
        "--tag",
        "long reads",
        &wire.join("tass-style.txt").to_string_lossy(),
        &wire.join("ap-style.txt").to_string_lossy(),
    ])?;
    assert!(output.status.success());
    sandbox.import(&fixtures().join("markdown"))?;
    let article = sandbox.by_title("Kenyan runners dominate Nairobi half marathon")?;
    assert_eq!(article["source"], "Desk Notes");
    assert_eq!(article["tags"], serde_json::json!(["wire", "long reads"]));
    assert_eq!(found(&sandbox, "tag:wire")?.len(), 2);
    assert_eq!(found(&sandbox, "tag:\"long reads\"")?.len(), 2);
    assert_eq!(found(&sandbox, "feed:desk")?.len(), 2);
    assert_eq!(found(&sandbox, "-tag:wire")?.len(), 3, "the markdown files");
    let shown = String::from_utf8(sandbox.run(&["show", "1"])?.stdout)?;
    assert!(shown.contains("Tags: wire, long reads"), "{shown}");
    Ok(())
}

#[test]
fn a_feeds_tags_are_its_articles_and_follow_it() -> TestResult {
    let server = Server::start()?;
    let stories = [
        item("w-1", "Ferry strike ends", "The ferries run again."),
        item("w-2", "Bridge opens", "Cars cross the new bridge."),
    ];
    server.route("/world.xml", served(rss("World Desk", &stories)));
    let sandbox = Sandbox::new()?;
    let output = sandbox.run(&["feed", "add", "--tag", "world", &server.url("/world.xml")])?;
    assert!(output.status.success());
    assert_eq!(
        found(&sandbox, "tag:world")?,
        ["Bridge opens", "Ferry strike ends"]
    );
    let shown: Value = sandbox.json(&["show", "--json", "1"])?;
    assert_eq!(shown["tags"], serde_json::json!(["world"]));

    // New tags are searched at once; the old one finds nothing.
    let output = sandbox.run(&["feed", "tags", "World Desk", "europe", "transport"])?;
    assert!(output.status.success(), "{:?}", output);
    assert_eq!(found(&sandbox, "tag:world")?, Vec::<String>::new());
    assert_eq!(found(&sandbox, "tag:transport")?.len(), 2);
    assert_eq!(found(&sandbox, "tag:europe ferry")?, ["Ferry strike ends"]);

    // Unsubscribed, its articles stay but lose the feed's tags; taken back under another name,
    // they carry the new name and tags.
    assert!(
        sandbox
            .run(&["feed", "remove", "World Desk"])?
            .status
            .success()
    );
    // The removal left the index in step: the next command has nothing to catch up on.
    let next = sandbox.run(&["list", "--json"])?;
    let said = String::from_utf8_lossy(&next.stderr);
    assert!(!said.contains("indexed"), "{said}");
    assert_eq!(found(&sandbox, "tag:transport")?, Vec::<String>::new());
    assert_eq!(found(&sandbox, "ferry")?, ["Ferry strike ends"]);
    let again = sandbox.run(&[
        "feed",
        "add",
        "--name",
        "Globe",
        "--tag",
        "world",
        &server.url("/world.xml"),
    ])?;
    assert!(again.status.success(), "{again:?}");
    assert_eq!(found(&sandbox, "feed:globe")?.len(), 2);
    assert_eq!(found(&sandbox, "tag:world")?.len(), 2);
    Ok(())
}
