//! Conformance: every file under `../shared/data/feeds` (other projects' feed test suites) served
//! from a real HTTP server on 127.0.0.1, subscribed in one data directory and refreshed at once by
//! the binary: no crash, and every feed either yields articles, parses as a feed with no items, or
//! fails with a reason in the report. Skipped, with a notice, when `../shared` is absent.

mod common;
mod feeds_support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::httpd::{Response, Server};
use common::{Sandbox, TestResult};
use feeds_support::{Error, feeds, refresh, subscribe};

/// Every file below `dir`, sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The file as a plain static server would send it: a type by extension, and the compressed test
/// files of feedparser's suite sent as what they are (`.gz` as gzip, `.z` as deflate).
fn response(path: &Path, bytes: Vec<u8>) -> Response {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let (kind, coding) = match extension {
        "xml" | "rdf" | "rss" | "atom" => ("application/xml", None),
        "json" => ("application/json", None),
        "gz" => ("application/xml", Some("gzip")),
        "z" => ("application/xml", Some("deflate")),
        _ => ("text/plain", None),
    };
    let response = Response::ok(bytes).header("Content-Type", kind);
    match coding {
        Some(coding) => response.header("Content-Encoding", coding),
        None => response,
    }
}

/// True when the file's first item or entry has a title with text (outside an Atom `<source>`):
/// something a reader would show, so a feed that stores nothing from it should say why.
fn has_titled_item(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    let open = ["<item>", "<item ", "<entry>", "<entry "]
        .iter()
        .filter_map(|tag| text.find(tag))
        .min();
    let Some(start) = open else { return false };
    let rest = &text[start..];
    let end = ["</item", "</entry"]
        .iter()
        .filter_map(|tag| rest.find(tag))
        .min()
        .unwrap_or(rest.len());
    let mut item = rest[..end].to_string();
    while let (Some(from), Some(to)) = (item.find("<source"), item.find("</source>")) {
        if to < from {
            break;
        }
        item.replace_range(from..to + "</source>".len(), "");
    }
    item.match_indices("<title").any(|(at, _)| {
        let after = &item[at..];
        after.find('>').is_some_and(|close| {
            after[close + 1..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c != '<')
        })
    })
}

#[test]
fn every_shared_feed_yields_articles_or_a_reason() -> TestResult {
    let Some(data) = common::shared_data() else {
        println!("skipped: ../shared/data is absent, so there are no shared feeds to serve");
        return Ok(());
    };
    let root = data.join("feeds");
    if !root.is_dir() {
        println!("skipped: {} is absent", root.display());
        return Ok(());
    }
    let server = Server::start()?;
    let mut listed = Vec::new();
    let mut bytes_of = HashMap::new();
    for path in files(&root)? {
        let relative = path
            .strip_prefix(&root)?
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path)?;
        server.route(&format!("/{relative}"), response(&path, bytes.clone()));
        bytes_of.insert(relative.clone(), bytes);
        let url = server.url(&format!("/{relative}"));
        listed.push((relative, url));
    }
    let sandbox = Sandbox::new()?;
    let named: Vec<(&str, String)> = listed
        .iter()
        .map(|(name, url)| (name.as_str(), url.clone()))
        .collect();
    subscribe(&sandbox, &named)?;
    assert_eq!(
        feeds(&sandbox)?.len(),
        listed.len(),
        "every file subscribed"
    );

    let started = Instant::now();
    let report = refresh(&sandbox, &[])?;
    let took = started.elapsed();
    assert!(
        matches!(report.code, Some(0 | 1)),
        "refresh crashed: {:?}\n{}",
        report.code,
        report.stderr
    );
    // A parser panic is caught and reported as that feed's failure, but its message still
    // reaches stderr (see `feeds_failures::utf16_without_a_bom...`): counted, not failed on.
    let caught_panics = report.stderr.matches("panicked at").count();
    let results = report.report["feeds"].as_array().ok_or("no feeds")?;
    assert_eq!(results.len(), listed.len(), "one result per feed");

    let stored: HashMap<String, i64> = feeds(&sandbox)?
        .into_iter()
        .map(|f| {
            let name = f["name"].as_str().unwrap_or_default().to_string();
            (name, f["articles"].as_i64().unwrap_or(-1))
        })
        .collect();
    let (mut yielded, mut empty, mut failed) = (0, 0, 0);
    let mut reasons: HashMap<String, usize> = HashMap::new();
    let mut unexplained = Vec::new();
    let mut empty_with_items = Vec::new();
    for result in results {
        let name = result["name"].as_str().unwrap_or_default();
        let status = result["status"].as_str().unwrap_or_default();
        let error = result["error"].as_str().unwrap_or_default().trim();
        let articles = stored.get(name).copied().unwrap_or(-1);
        match (status, articles) {
            ("ok", n) if n > 0 && error.is_empty() => yielded += 1,
            ("ok", 0) if error.is_empty() => {
                empty += 1;
                if bytes_of.get(name).is_some_and(|b| has_titled_item(b)) {
                    empty_with_items.push(name.to_string());
                }
            }
            (status, 0) if !error.is_empty() && status != "ok" => {
                failed += 1;
                *reasons.entry(status.to_string()).or_default() += 1;
                let lines = report.lines_naming(&format!("{name} ("));
                assert_eq!(lines.len(), 1, "one stderr line for {name}: {lines:?}");
            }
            _ => unexplained.push(format!("{name}: {result} ({articles} articles)")),
        }
    }
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort();
    println!(
        "{} shared files refreshed in {:.1} s: {yielded} yielded articles ({} in all), \
         {empty} parsed with no articles, {failed} failed {reasons:?}; \
         {caught_panics} caught parser panics printed on stderr",
        listed.len(),
        took.as_secs_f64(),
        report.report["new"]
    );
    if !empty_with_items.is_empty() {
        println!(
            "{} of those stored nothing and gave no reason although an item has a title, e.g. {:?}",
            empty_with_items.len(),
            &empty_with_items[..empty_with_items.len().min(10)]
        );
    }
    assert!(
        unexplained.is_empty(),
        "neither articles nor a reason:\n{}",
        unexplained.join("\n")
    );
    assert_eq!(report.report["failed"], failed);
    assert!(yielded > 0, "no shared feed yielded an article");
    assert!(
        failed < listed.len() / 2,
        "most shared files are feeds that should parse"
    );
    Ok(())
}
