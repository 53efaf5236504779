//! What follows a refresh, through the real binary: articles past `keep` or `max_items` leave
//! the store and the index together (starred ones stay), `full_text = true` fetches new
//! articles' pages, and a feed's own `refresh_every` spaces its fetches under `refresh --every`.

mod common;
mod feeds_support;

use chrono::{Duration, Utc};
use common::httpd::{Response, Server};
use common::{Sandbox, TestResult, fixtures};
use feeds_support::{item, rss, served, subscribe};

type Error = Box<dyn std::error::Error>;

fn with_config(
    sandbox: &Sandbox,
    config: &str,
    args: &[&str],
) -> Result<std::process::Output, Error> {
    let path = sandbox.data_dir().join("config.toml");
    std::fs::write(&path, config)?;
    Ok(sandbox
        .command()
        .arg("--config")
        .arg(&path)
        .args(args)
        .output()?)
}

fn found(sandbox: &Sandbox, query: &str) -> Result<usize, Error> {
    let hits = sandbox.json(&["search", "--json", "--limit", "100", query])?;
    Ok(hits.as_array().map_or(0, Vec::len))
}

#[test]
fn articles_past_keeping_leave_store_and_index_and_starred_ones_stay() -> TestResult {
    let server = Server::start()?;
    let ago = |days: i64| (Utc::now() - Duration::days(days)).to_rfc2822();
    let stories: Vec<_> = [1, 2, 3, 40, 100]
        .iter()
        .map(|&days| {
            item(
                &format!("d{days}"),
                &format!("Tide report day {days}"),
                "The tide.",
            )
            .dated(&ago(days))
        })
        .collect();
    server.route("/tides.xml", served(rss("Tides", &stories)));
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Tides", server.url("/tides.xml"))])?;
    // First without limits; the oldest is starred.
    assert!(sandbox.run(&["refresh"])?.status.success());
    assert_eq!(found(&sandbox, "tide")?, 5);
    let oldest = sandbox.json(&["search", "--json", "title:\"day 100\""])?;
    let oldest = oldest[0]["id"].as_i64().ok_or("no day 100")?.to_string();
    assert!(sandbox.run(&["mark", &oldest, "--star"])?.status.success());

    let config = "keep = \"30d\"\n[feeds.\"Tides\"]\nmax_items = 2\n";
    let output = with_config(&sandbox, config, &["refresh"])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("removed 2 articles past keeping"),
        "{stderr}"
    );
    // Taken out of the index as they left the store, not by rebuilding it.
    assert!(!stderr.contains("did not match"), "{stderr}");
    // Day 40 by keep, day 3 beyond the newest two; day 100 is starred.
    let mut left: Vec<String> = sandbox
        .json(&["list", "--json"])?
        .as_array()
        .ok_or("not an array")?
        .iter()
        .filter_map(|r| r["title"].as_str().map(str::to_string))
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "Tide report day 1",
            "Tide report day 100",
            "Tide report day 2"
        ]
    );
    assert_eq!(found(&sandbox, "tide")?, 3);
    // The index kept in step: no rebuild on the next command, and its count is the store's.
    let stats = sandbox.run(&["stats", "--json"])?;
    assert!(
        stats.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&stats.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout)?;
    assert_eq!(stats["articles"], 3);
    assert_eq!(stats["index_documents"], 3);
    // The feed gains a report and still lists the pruned ones: only the new one comes in.
    let mut more = stories.clone();
    more.insert(
        0,
        item("d0", "Tide report day 0", "The tide.").dated(&ago(0)),
    );
    server.route("/tides.xml", served(rss("Tides", &more)));
    let output = with_config(&sandbox, config, &["refresh"])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(": 1 new article,"), "{stderr}");
    assert!(
        stderr.contains("removed 1 article past keeping"),
        "{stderr}"
    );
    assert_eq!(
        found(&sandbox, "tide")?,
        3,
        "day 0, day 1 and the starred day 100"
    );
    Ok(())
}

#[test]
fn full_text_feeds_fetch_each_new_articles_page() -> TestResult {
    let server = Server::start()?;
    let page = std::fs::read(fixtures().join("html/article.html"))?;
    server.route(
        "/story.html",
        Response::ok(page).header("Content-Type", "text/html; charset=utf-8"),
    );
    let story = item("s-1", "Seaweed trial", "A summary.").link(&server.url("/story.html"));
    server.route("/sum.xml", served(rss("Summaries", &[story])));
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Summaries", server.url("/sum.xml"))])?;
    let output = with_config(
        &sandbox,
        "[feeds.\"Summaries\"]\nfull_text = true\n",
        &["refresh"],
    )?;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(server.hits("/story.html"), 1);
    let shown = sandbox.json(&["show", "--json", "1"])?;
    assert!(
        shown["full_text"]
            .as_str()
            .is_some_and(|t| t.contains("Friesland")),
        "{shown}"
    );
    assert_eq!(found(&sandbox, "Leeuwarden")?, 1);
    Ok(())
}

#[test]
fn a_feeds_own_refresh_every_spaces_its_fetches() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/fast.xml",
        served(rss("Fast", &[item("f", "Fast one", "x")])),
    );
    server.route(
        "/slow.xml",
        served(rss("Slow", &[item("s", "Slow one", "x")])),
    );
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Fast", server.url("/fast.xml")),
            ("Slow", server.url("/slow.xml")),
        ],
    )?;
    let output = with_config(
        &sandbox,
        "[feeds.\"Slow\"]\nrefresh_every = \"1h\"\n",
        &["refresh", "--every", "1s", "--times", "2"],
    )?;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(server.hits("/fast.xml"), 2);
    assert_eq!(server.hits("/slow.xml"), 1);
    Ok(())
}
