//! Conformance: every file under `../shared/data/feeds` (other projects' feed test suites) served
//! from a real HTTP server on 127.0.0.1, subscribed in one data directory and refreshed at once by
//! the binary: no crash, and every feed either yields articles, parses as a feed with no items, or
//! fails with a reason in the report; per corpus, feeds that yielded, were empty, failed (by
//! reason) or gave nothing without a word are printed, and none may give nothing without a word.
//! Skipped, with a notice, when `../shared` is absent.

mod common;
mod corpus_report;
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
    let mut table = corpus_report::Report::default();
    for result in results {
        let name = result["name"].as_str().unwrap_or_default();
        let status = result["status"].as_str().unwrap_or_default();
        let error = result["error"].as_str().unwrap_or_default().trim();
        let articles = stored.get(name).copied().unwrap_or(-1);
        let items = bytes_of
            .get(name)
            .map_or(0, |bytes| corpus_report::source_items(bytes));
        let tally = table.tally(Path::new(""), Path::new(name));
        tally.source_items += items;
        tally.articles += usize::try_from(articles).unwrap_or(0);
        match (status, articles) {
            ("ok", n) if n > 0 && error.is_empty() => {
                yielded += 1;
                tally.imported += 1;
            }
            ("ok", 0) if error.is_empty() => {
                empty += 1;
                tally.empty += 1;
                if items > 0 {
                    tally.silent_files.push(name.to_string());
                }
            }
            (status, 0) if !error.is_empty() && status != "ok" => {
                failed += 1;
                *reasons.entry(status.to_string()).or_default() += 1;
                *tally
                    .refused
                    .entry(format!("{status}: {}", corpus_report::reason_kind(error)))
                    .or_default() += 1;
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
    println!(
        "{}",
        table.table(
            "refresh, per corpus (imported: feeds that stored articles; empty: ok with none; \
             silent: none stored and no reason though the source holds items)"
        )
    );
    let (silent_files, _) = table.silent();
    assert_eq!(
        silent_files,
        0,
        "feeds that stored nothing and gave no reason though they hold items: {:?}",
        table
            .corpora
            .values()
            .flat_map(|t| t.silent_files.clone())
            .collect::<Vec<_>>()
    );
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
