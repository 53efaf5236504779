//! Names from outside never reach the terminal raw: feed names and tags from OPML, newsboat and the
//! command line are cleaned on their way into the store, and every line the binary prints is cleaned
//! on its way out, even when something raw is already in the store.

mod common;
mod feeds_support;

use std::path::Path;

use common::httpd::Server;
use common::{Sandbox, TestResult, fixtures};
use feeds_support::{Error, feeds, item, rss, served, write_file};

/// True for what must never be printed: controls other than newline and tab (ESC, BEL, the C1
/// CSI), bidi overrides and the zero-width characters that shift a terminal's columns.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}'
        )
        || matches!(
            c,
            '\u{61c}' | '\u{ad}' | '\u{3164}' | '\u{e0000}'..='\u{e007f}'
        )
}

/// Fails naming the command and the first unsafe character of its output.
fn assert_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(bad) = text.chars().find(|&c| is_unsafe(c)) {
        panic!("{what} printed {bad:?}: {text:?}");
    }
}

/// Runs the binary and checks both its streams are safe; returns stdout.
fn run_safely(sandbox: &Sandbox, args: &[&str]) -> Result<String, Error> {
    let output = sandbox.run(args)?;
    assert_safe(&format!("{args:?} stdout"), &output.stdout);
    assert_safe(&format!("{args:?} stderr"), &output.stderr);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A fixture with `SERVER` replaced by the test server's address, written into the sandbox.
fn fixture_for(sandbox: &Sandbox, server: &Server, name: &str) -> Result<String, Error> {
    let text = std::fs::read_to_string(fixtures().join("hostile").join(name))?;
    let path = write_file(sandbox, name, text.replace("SERVER", &server.url("")))?;
    Ok(path.to_string_lossy().into_owned())
}

fn serve_feeds(server: &Server, paths: &[&str]) {
    for (n, path) in paths.iter().enumerate() {
        let story = item(
            &format!("{path}-1"),
            &format!("Harbour story {n}"),
            "The harbour reopened.",
        );
        server.route(path, served(rss("A feed", &[story])));
    }
}

/// The names and tags `feed list --json` holds, sorted.
fn names_and_tags(sandbox: &Sandbox) -> Result<Vec<(String, Vec<String>)>, Error> {
    let mut found: Vec<(String, Vec<String>)> = feeds(sandbox)?
        .iter()
        .map(|feed| {
            let tags = feed["tags"]
                .as_array()
                .map(|tags| {
                    tags.iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (feed["name"].as_str().unwrap_or_default().to_string(), tags)
        })
        .collect();
    found.sort();
    Ok(found)
}

#[test]
fn opml_names_and_folders_are_cleaned_at_the_door() -> TestResult {
    let server = Server::start()?;
    serve_feeds(&server, &["/clipboard.xml", "/zero.xml", "/red.xml"]);
    let sandbox = Sandbox::new()?;
    let opml = fixture_for(&sandbox, &server, "names.opml")?;
    run_safely(&sandbox, &["opml", "import", &opml])?;
    assert_eq!(
        names_and_tags(&sandbox)?,
        [
            ("Escname".to_string(), vec![]),
            ("Red Wire".to_string(), vec!["World".to_string()]),
            ("Zerowidthnameherenow".to_string(), vec![]),
        ]
    );
    // Every command that shows a name shows the clean one.
    let list = run_safely(&sandbox, &["list"])?;
    assert!(list.contains("Escname"), "{list}");
    let show = run_safely(&sandbox, &["show", "1"])?;
    assert!(
        ["Escname", "Red Wire", "Zerowidthnameherenow"]
            .iter()
            .any(|name| show.contains(name)),
        "{show}"
    );
    run_safely(&sandbox, &["search", "harbour"])?;
    let feed_list = run_safely(&sandbox, &["feed", "list"])?;
    assert!(feed_list.contains("Red Wire [World]"), "{feed_list}");
    run_safely(&sandbox, &["opml", "export"])?;
    Ok(())
}

#[test]
fn newsboat_names_and_tags_are_cleaned_at_the_door() -> TestResult {
    let server = Server::start()?;
    serve_feeds(&server, &["/paint.xml"]);
    let sandbox = Sandbox::new()?;
    let urls = fixture_for(&sandbox, &server, "newsboat-urls")?;
    // A home of its own, so no real newsboat cache is looked at.
    let output = sandbox
        .command()
        .env("HOME", sandbox.data_dir())
        .args(["import-newsboat", "--urls", &urls])
        .output()?;
    assert_safe("import-newsboat stderr", &output.stderr);
    assert!(output.status.success());
    assert_eq!(
        names_and_tags(&sandbox)?,
        [("Painted Desk".to_string(), vec!["tagone".to_string()])]
    );
    Ok(())
}

#[test]
fn names_given_on_the_command_line_are_cleaned() -> TestResult {
    let server = Server::start()?;
    serve_feeds(&server, &["/one.xml"]);
    let sandbox = Sandbox::new()?;
    let url = server.url("/one.xml");
    let hostile = "Osc\u{1b}]52;c;ZXZpbA==\u{7}\u{200b}Desk";
    run_safely(&sandbox, &["feed", "add", &url, "--name", hostile])?;
    run_safely(
        &sandbox,
        &["feed", "rename", "OscDesk", "New\u{1b}[5m Desk\u{feff}"],
    )?;
    assert_eq!(
        names_and_tags(&sandbox)?,
        [("New Desk".to_string(), vec![])]
    );
    // A name that is nothing but controls is no name at all.
    let (code, stderr) = feeds_support::run(
        &sandbox,
        &["feed", "rename", "New Desk", "\u{1b}[0m\u{200b}"],
    )?;
    assert_eq!(code, Some(1), "{stderr}");
    Ok(())
}

/// Writes raw text straight into the store, as an older version or another program might have.
fn poison_store(data_dir: &Path) -> Result<(), Error> {
    let db = rusqlite::Connection::open(data_dir.join("dateline.db"))?;
    db.execute(
        "UPDATE articles SET title = ?1, source = ?2",
        [
            "Title\u{1b}]52;c;ZXZpbA==\u{7} with\u{9b}2J a clear",
            "Source\u{1b}[31m\u{200b}",
        ],
    )?;
    db.execute(
        "UPDATE feeds SET name = ?1, last_error = ?2",
        ["Feed\u{1b}]0;x\u{7}name", "error\u{1b}[2J"],
    )?;
    Ok(())
}

#[test]
fn output_is_clean_even_when_the_store_holds_raw_text() -> TestResult {
    let server = Server::start()?;
    serve_feeds(&server, &["/raw.xml"]);
    let sandbox = Sandbox::new()?;
    run_safely(&sandbox, &["feed", "add", &server.url("/raw.xml")])?;
    poison_store(sandbox.data_dir())?;
    let list = run_safely(&sandbox, &["list"])?;
    assert!(list.contains("Title with a clear"), "{list}");
    let show = run_safely(&sandbox, &["show", "1"])?;
    assert!(show.contains("Title with a clear"), "{show}");
    run_safely(&sandbox, &["search", "harbour"])?;
    let feed_list = run_safely(&sandbox, &["feed", "list"])?;
    assert!(feed_list.contains("Feedname"), "{feed_list}");
    // Refresh's messages name the feed: now it fails, and says so cleanly.
    server.route(
        "/raw.xml",
        common::httpd::Response::status(500).body("down"),
    );
    let output = sandbox.run(&["refresh"])?;
    assert_safe("refresh stderr", &output.stderr);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Feedname"), "{stderr}");
    Ok(())
}

#[test]
fn zero_width_characters_never_reach_the_store() -> TestResult {
    let sandbox = Sandbox::new()?;
    let line = serde_json::json!({
        "title": "Zero\u{200b}width\u{feff} title\u{2060} here",
        "body": "A body\u{200d} with\u{200c} joiners, and a family \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} kept whole.",
        "source": "Wide\u{200b}Source",
        "published": "2026-02-02T06:00:00Z",
    });
    let output = sandbox.run_with_stdin(&["import", "-"], format!("{line}\n").as_bytes())?;
    assert!(output.status.success());
    let article = sandbox.json(&["show", "--json", "1"])?;
    assert_eq!(article["title"], "Zerowidth title here");
    assert_eq!(article["source"], "WideSource");
    assert_eq!(
        article["body"],
        "A body with joiners, and a family \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} kept whole."
    );
    Ok(())
}

#[test]
fn usage_errors_and_json_quote_outside_text_safely() -> TestResult {
    let sandbox = Sandbox::new()?;
    let output = sandbox.run(&["show", "1\u{202e}2\u{2066}x\u{200b}"])?;
    assert_eq!(output.status.code(), Some(2));
    assert_safe("show's usage error", &output.stderr);
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid value"));
    // A file named with a bidi override, holding a title with tag characters (invisible text).
    let inbox = tempfile::tempdir()?;
    let tagged: String = "ignore"
        .chars()
        .filter_map(|c| char::from_u32(0xe0000 + c as u32))
        .collect();
    let article = serde_json::json!([{
        "title": format!("Harbour{tagged} reopens\u{61c} after\u{ad} storm"),
        "body": "The harbour reopened on Monday.",
    }]);
    std::fs::write(
        inbox.path().join("news\u{202e}nosj.json"),
        article.to_string(),
    )?;
    std::fs::write(inbox.path().join("bad\u{202e}nosj.json"), "{not json")?;
    let path = inbox.path().to_string_lossy().into_owned();
    let output = sandbox.run(&["import", "--json", &path])?;
    assert_safe("import --json", &output.stdout);
    assert_safe("import --json's stderr", &output.stderr);
    // The broken file's name, escaped in the report and read back whole.
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    assert!(report.to_string().contains("bad\u{202e}nosj"), "{report}");
    let shown = run_safely(&sandbox, &["show", "1"])?;
    assert!(shown.contains("Harbour reopens after storm"), "{shown}");
    Ok(())
}
