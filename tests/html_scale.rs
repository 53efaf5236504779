//! HTML that nests very deeply or holds very many links, through the binary: an `.html` file, an
//! RSS `<description>`, a JSON Feed `content_html` and a refreshed feed all keep their innermost
//! text, links stay numbered, and a feed whose parsing would outlast refresh's 30 s limit fails on
//! its own. The inputs are written here; with quadratic conversion each import took minutes.

mod common;
mod feeds_support;

use std::fmt::Write as _;
use std::time::Duration;

use common::httpd::Server;
use common::{Sandbox, TestResult};
use feeds_support::{Error, item, refresh, rss, served, subscribe, write_file};
use serde_json::Value;

/// The nesting the issue reported: 200,000 `<div>`s, 2.2 MB.
const DEEP: usize = 200_000;
const INNERMOST: &str = "Innermost words of the harbour report";

/// `n` nested `<div>`s around one sentence, with text before and after the nesting.
fn nested(n: usize) -> String {
    format!(
        "<p>Before the nesting.</p>{}{INNERMOST}{}<p>After the nesting.</p>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    )
}

/// Imports `path` and returns the single article it made, as `show --json` gives it.
fn import_one(sandbox: &Sandbox, path: &std::path::Path) -> Result<Value, Error> {
    let output = sandbox.run(&["import", "--json", &path.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "import failed: {stderr}");
    let list = sandbox.json(&["list", "--json"])?;
    let id = list[0]["id"].as_i64().ok_or("nothing imported")?;
    sandbox.json(&["show", "--json", &id.to_string()])
}

fn assert_keeps_all_text(article: &Value) {
    let body = article["body"].as_str().unwrap_or_default();
    for text in ["Before the nesting.", INNERMOST, "After the nesting."] {
        assert!(body.contains(text), "{text:?} lost: {:.300}", body);
    }
}

#[test]
fn deeply_nested_divs_in_an_html_file_keep_their_innermost_text() -> TestResult {
    let sandbox = Sandbox::new()?;
    let page = format!(
        "<!DOCTYPE html><html><head><title>Deep page</title></head><body>{}</body></html>",
        nested(DEEP)
    );
    let path = write_file(&sandbox, "deep.html", page)?;
    let article = import_one(&sandbox, &path)?;
    assert_eq!(article["title"], "Deep page");
    assert_keeps_all_text(&article);
    Ok(())
}

#[test]
fn deeply_nested_divs_in_an_rss_description_keep_their_innermost_text() -> TestResult {
    let sandbox = Sandbox::new()?;
    let feed = rss("Deep Desk", &[item("deep-1", "Deep item", &nested(DEEP))]);
    let path = write_file(&sandbox, "deep.xml", feed)?;
    let article = import_one(&sandbox, &path)?;
    assert_eq!(article["title"], "Deep item");
    assert_keeps_all_text(&article);
    Ok(())
}

#[test]
fn deeply_nested_divs_in_json_feed_content_html_keep_their_innermost_text() -> TestResult {
    let sandbox = Sandbox::new()?;
    // Written by hand so that `version` comes first, where format detection looks for it.
    let feed = format!(
        "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Deep JSON Desk\", \
         \"items\": [{{\"id\": \"deep-1\", \"title\": \"Deep JSON item\", \"content_html\": {}}}]}}",
        serde_json::to_string(&nested(DEEP))?
    );
    let path = write_file(&sandbox, "deep.json", feed)?;
    let article = import_one(&sandbox, &path)?;
    assert_eq!(article["title"], "Deep JSON item");
    assert_keeps_all_text(&article);
    Ok(())
}

#[test]
fn a_hundred_thousand_links_import_numbered() -> TestResult {
    let n = 100_000;
    let mut body = String::from("<article><h1>Link list</h1>");
    for i in 0..n {
        let _ = write!(
            body,
            "<p>Story <a href=\"https://news.example/story/{i}\">number {i}</a>.</p>"
        );
    }
    // A repeated address keeps its first number.
    body.push_str("<p>Again <a href=\"https://news.example/story/0\">the first</a>.</p></article>");
    let page = format!("<html><head><title>Link list</title></head><body>{body}</body></html>");
    let sandbox = Sandbox::new()?;
    let path = write_file(&sandbox, "links.html", page)?;
    let article = import_one(&sandbox, &path)?;
    let links = article["links"].as_array().ok_or("no links")?;
    assert_eq!(links.len(), n);
    assert_eq!(links[0]["url"], "https://news.example/story/0");
    assert_eq!(
        links[n - 1]["url"],
        format!("https://news.example/story/{}", n - 1)
    );
    assert_eq!(links[n - 1]["text"], format!("number {}", n - 1));
    let text = article["body"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("number {}[{n}]", n - 1)),
        "last link unnumbered"
    );
    assert!(
        text.ends_with("Again the first[1]."),
        "{}",
        &text[text.len().saturating_sub(80)..]
    );
    Ok(())
}

#[test]
fn a_refreshed_feed_of_deep_nesting_goes_in_beside_the_others() -> TestResult {
    let server = Server::start()?;
    let deep = rss("Deep Desk", &[item("deep-1", "Deep item", &nested(DEEP))]);
    let plain = rss(
        "Plain Desk",
        &[item("plain-1", "Plain item", "Quay repairs begin.")],
    );
    server.route("/deep.xml", served(deep));
    server.route("/plain.xml", served(plain));
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Deep Desk", server.url("/deep.xml")),
            ("Plain Desk", server.url("/plain.xml")),
        ],
    )?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.code, Some(0), "{}", report.stderr);
    assert_eq!(report.status("Deep Desk")?, "ok");
    assert_eq!(report.status("Plain Desk")?, "ok");
    let list = sandbox.json(&["list", "--json"])?;
    let deep_row = list
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["title"] == "Deep item"))
        .ok_or("deep item not stored")?;
    let id = deep_row["id"].as_i64().ok_or("no id")?.to_string();
    assert_keeps_all_text(&sandbox.json(&["show", "--json", &id])?);
    Ok(())
}

/// The binary's limit is 30 s for fetching and parsing a feed, with no option to shorten it. The
/// server holds its answer until little of that is left, then sends a large feed whose parsing,
/// linear as it is, takes longer than what remains: the download alone stays within the limit
/// (this test fails without the deadline in parsing), and the feed must fail on its own, naming
/// the limit, while the other feed goes in.
#[test]
fn a_feed_whose_parsing_outlasts_the_time_limit_fails_alone() -> TestResult {
    let server = Server::start()?;
    let paragraph = "<p>Harbour news with <a href=\"https://news.example/x\">a link</a>.</p>";
    // About 14 MB, under the 20 MB a fetch accepts.
    let items: Vec<_> = (0..50)
        .map(|i| {
            item(
                &format!("big-{i}"),
                &format!("Big item {i}"),
                &paragraph.repeat(4_000),
            )
        })
        .collect();
    let slow = rss("Slow Desk", &items);
    server.route(
        "/slow.xml",
        served(slow).delay(Duration::from_millis(29_700)),
    );
    server.route(
        "/plain.xml",
        served(rss(
            "Plain Desk",
            &[item("plain-1", "Plain item", "Quay repairs begin.")],
        )),
    );
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Slow Desk", server.url("/slow.xml")),
            ("Plain Desk", server.url("/plain.xml")),
        ],
    )?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.status("Slow Desk")?, "timeout", "{}", report.stderr);
    let error = report.feed("Slow Desk")?["error"]
        .as_str()
        .unwrap_or_default();
    assert!(error.contains("30 s"), "{error}");
    assert_eq!(
        report.lines_naming("Slow Desk").len(),
        1,
        "{}",
        report.stderr
    );
    assert_eq!(report.status("Plain Desk")?, "ok");
    assert_eq!(report.code, Some(0), "{}", report.stderr);
    Ok(())
}
