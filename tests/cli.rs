//! The command-line contract scripts depend on: JSON shapes, exit codes, stdin, duplicates, flags,
//! the data directory and the demo.

mod common;

use std::collections::BTreeSet;

use common::{Sandbox, TestResult, fixtures};
use serde_json::Value;

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn import_show_list_search_mark_stats() -> TestResult {
    let sandbox = Sandbox::new()?;
    let report = sandbox.import(&fixtures().join("wire"))?;
    assert!(keys(&report).is_superset(&set(&["imported", "duplicates", "failed"])));
    let ids: Vec<i64> = report["imported"]
        .as_array()
        .ok_or("imported")?
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(ids.len(), 6);

    let shown = sandbox.json(&["show", "--json", &ids[0].to_string()])?;
    assert_eq!(
        keys(&shown),
        set(&[
            "id",
            "title",
            "standfirst",
            "source",
            "author",
            "url",
            "image",
            "published",
            "dateline",
            "body",
            "full_text",
            "links",
            "tags",
            "story",
            "entities",
            "read",
            "starred"
        ])
    );
    // No full text until `fetch-full` keeps one, and wire copy has no picture.
    assert!(shown["full_text"].is_null());
    assert!(shown["image"].is_null());
    assert_eq!(keys(&shown["dateline"]), set(&["place", "date", "agency"]));

    let list = sandbox.json(&["list", "--json"])?;
    let rows = list.as_array().ok_or("list")?;
    assert_eq!(rows.len(), 6);
    assert_eq!(
        keys(&rows[0]),
        set(&["id", "title", "source", "published", "read", "starred"])
    );
    let published: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["published"].as_str())
        .collect();
    let mut newest_first = published.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(published, newest_first, "list is newest first");
    assert_eq!(
        sandbox
            .json(&["list", "--json", "--limit", "2"])?
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let hits = sandbox.json(&["search", "--json", "seawater"])?;
    let hits = hits.as_array().ok_or("hits")?;
    assert_eq!(hits.len(), 1);
    assert_eq!(
        keys(&hits[0]),
        set(&[
            "id",
            "title",
            "source",
            "published",
            "score",
            "snippet",
            "highlights"
        ])
    );
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("seawater")
    );
    assert_eq!(hits[0]["highlights"].as_array().map(Vec::len), Some(1));

    let first = ids[0].to_string();
    let second = ids[1].to_string();
    assert!(
        sandbox
            .run(&["mark", &first, &second, "--read"])?
            .status
            .success()
    );
    assert!(sandbox.run(&["mark", &first, "--star"])?.status.success());
    let unread = sandbox.json(&["list", "--json", "--unread"])?;
    assert_eq!(unread.as_array().map(Vec::len), Some(4));
    let starred = sandbox.json(&["list", "--json", "--starred"])?;
    assert_eq!(starred[0]["id"], ids[0]);
    assert_eq!(starred.as_array().map(Vec::len), Some(1));
    let starred_hits = sandbox.json(&["search", "--json", "is:starred"])?;
    assert_eq!(starred_hits[0]["id"], ids[0]);
    assert!(sandbox.run(&["mark", &first, "--unstar"])?.status.success());
    assert_eq!(
        sandbox
            .json(&["list", "--json", "--starred"])?
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    let stats = sandbox.json(&["stats", "--json"])?;
    assert_eq!(stats["articles"], 6);
    assert_eq!(stats["unread"], 4);
    assert_eq!(stats["index_documents"], 6);

    // One of each pair at once: the second unread again and starred, in one command.
    let output = sandbox.run(&["mark", &second, "--unread", "--star"])?;
    assert!(output.status.success(), "{output:?}");
    let unread = sandbox.json(&["list", "--json", "--unread"])?;
    assert_eq!(unread.as_array().map(Vec::len), Some(5));
    let starred = sandbox.json(&["list", "--json", "--starred"])?;
    assert_eq!(starred[0]["id"], ids[1]);
    assert_eq!(starred.as_array().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn re_importing_is_a_no_op_reported_as_duplicates() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("json"))?;
    let again = sandbox.import(&fixtures().join("json"))?;
    assert_eq!(
        again["imported"].as_array().map(Vec::len),
        Some(0),
        "{again}"
    );
    assert_eq!(again["duplicates"], 10);
    assert_eq!(sandbox.json(&["stats", "--json"])?["articles"], 10);
    Ok(())
}

#[test]
fn stdin_is_a_source() -> TestResult {
    let sandbox = Sandbox::new()?;
    let text = "World\nHarbour pilots strike for better pay\nPilots say staffing is unsafe\nHAMBURG, May 2 (Reuters) - Harbour pilots walked out on Tuesday.\n\nTalks resume next week.\n";
    let output = sandbox.run_with_stdin(&["import", "--json", "-"], text.as_bytes())?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(report["imported"].as_array().map(Vec::len), Some(1));
    let article = sandbox.by_title("Harbour pilots strike for better pay")?;
    assert_eq!(article["dateline"]["place"], "HAMBURG");
    assert_eq!(article["source"], "Reuters");
    Ok(())
}

#[test]
fn exit_codes() -> TestResult {
    let sandbox = Sandbox::new()?;
    // Nothing imported and something failed: 1, with the path in the report.
    let bad = fixtures().join("feeds").join("malformed.xml");
    let output = sandbox.run(&["import", "--json", &bad.to_string_lossy()])?;
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout)?;
    assert!(
        report["failed"][0]["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("malformed.xml")
    );
    // A missing path is a failure that names it.
    let output = sandbox.run(&["import", "/no/such/file.txt"])?;
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/file.txt"));
    // Usage errors: 2.
    assert_eq!(sandbox.run(&["frobnicate"])?.status.code(), Some(2));
    assert_eq!(sandbox.run(&["mark", "1"])?.status.code(), Some(2));
    assert_eq!(
        sandbox
            .run(&["mark", "1", "--read", "--unread"])?
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        sandbox
            .run(&["search", "--sort", "sideways", "x"])?
            .status
            .code(),
        Some(2)
    );
    // An option after the query would be searched for; it is refused with the right order.
    let output = sandbox.run(&["search", "harbour", "-ferry", "--limit", "3"])?;
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("dateline search --limit 3 harbour -ferry"),
        "{said}"
    );
    assert!(
        sandbox
            .run(&["search", "--limit", "3", "harbour", "-ferry"])?
            .status
            .success()
    );
    // Failures: 1.
    let output = sandbox.run(&["show", "999"])?;
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("999"));
    assert_eq!(
        sandbox.run(&["mark", "999", "--read"])?.status.code(),
        Some(1)
    );
    Ok(())
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("feeds"))?;
    for args in [["list", "--json"], ["search", "--json"]] {
        let mut args = args.to_vec();
        if args[0] == "search" {
            args.push("");
        }
        let mut child = sandbox
            .command()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()?;
        // Close our end of stdout at once, as `head -c 0` would.
        drop(child.stdout.take());
        let output = child.wait_with_output()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
    Ok(())
}

#[test]
fn a_bad_config_names_its_file_and_line() -> TestResult {
    let sandbox = Sandbox::new()?;
    let config = sandbox.data_dir().join("config.toml");
    std::fs::write(&config, "data_dir = \"/tmp\"\nthemme = \"dark\"\n")?;
    let output = sandbox.run(&["--config", &config.to_string_lossy(), "stats"])?;
    // A bad line is a warning: the rest of the file and the defaults still apply.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("config.toml, line 2"), "{stderr}");
    assert!(stderr.contains("`themme`"), "{stderr}");
    Ok(())
}

#[test]
fn the_data_dir_comes_from_the_environment_too() -> TestResult {
    let sandbox = Sandbox::new()?;
    let dir = sandbox.data_dir().join("from-env");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args([
            "import",
            &fixtures().join("json").join("one.json").to_string_lossy(),
        ])
        .env("DATELINE_DATA_DIR", &dir)
        .env("XDG_CONFIG_HOME", sandbox.data_dir())
        .output()?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("dateline.db").is_file());
    assert!(dir.join("index").join("meta.json").is_file());
    Ok(())
}

#[test]
fn two_imports_at_once_both_succeed_without_duplicates() -> TestResult {
    let sandbox = Sandbox::new()?;
    let spawn = |dir: &str| {
        sandbox
            .command()
            .args(["import", "--json", &fixtures().join(dir).to_string_lossy()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
    };
    // Into a fresh data dir, so both also race to create the store.
    let first = spawn("feeds")?;
    let second = spawn("feeds")?;
    let third = spawn("json")?;
    let mut imported = 0;
    let mut duplicates = 0;
    for child in [first, second, third] {
        let output = child.wait_with_output()?;
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout)?;
        imported += report["imported"].as_array().map_or(0, Vec::len);
        duplicates += report["duplicates"].as_u64().unwrap_or(0);
    }
    assert_eq!((imported, duplicates), (12 + 10, 12));
    let stats = sandbox.json(&["stats", "--json"])?;
    assert_eq!(stats["articles"], 22);
    assert_eq!(
        stats["index_documents"], 22,
        "the index caught up with every import"
    );
    Ok(())
}

#[test]
fn reindex_rebuilds_from_the_store() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("feeds"))?;
    let before = sandbox.json(&["search", "--json", "lighthouse"])?;
    let output = sandbox.run(&["reindex"])?;
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("reindexed 12 articles"));
    assert_eq!(sandbox.json(&["search", "--json", "lighthouse"])?, before);
    Ok(())
}

#[test]
fn demo_loads_about_twenty_articles_into_a_fresh_store() -> TestResult {
    let sandbox = Sandbox::new()?;
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
            .arg("demo")
            .env("TMPDIR", sandbox.data_dir())
            .env("USER", "tester")
            .output()
    };
    let output = run()?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 20, "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("demo file"),
        "a demo file failed: {stderr}"
    );
    assert!(!stderr.contains("does not apply"), "{stderr}");
    // Every demo article names its source, as the list shows it.
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("--data-dir")
        .arg(sandbox.data_dir().join("dateline-demo-tester"))
        .args(["list", "--json"])
        .output()?;
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&listed.stdout)?;
    assert_eq!(rows.len(), 20);
    for row in &rows {
        let source = row["source"].as_str().unwrap_or_default();
        assert!(!source.trim().is_empty(), "no source: {row}");
    }
    // Fresh each time: a second run does not find the first run's articles as duplicates.
    let again = run()?;
    assert_eq!(String::from_utf8_lossy(&again.stdout).lines().count(), 20);
    // A data directory given anyway is not used, and the user is told so.
    let elsewhere = sandbox.data_dir().join("mine");
    let told = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("--data-dir")
        .arg(&elsewhere)
        .arg("demo")
        .env("TMPDIR", sandbox.data_dir())
        .output()?;
    assert!(told.status.success());
    let stderr = String::from_utf8_lossy(&told.stderr);
    assert!(
        stderr.contains("--data-dir does not apply to the demo"),
        "{stderr}"
    );
    assert!(!elsewhere.exists(), "the demo wrote into --data-dir");
    Ok(())
}
