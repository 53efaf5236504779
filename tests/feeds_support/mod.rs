//! Helpers for the feed tests that drive the binary: feeds written on the fly, subscriptions made
//! through a generated OPML file, and the `refresh --json` report read back.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::Sandbox;
use crate::common::httpd::Response;

pub type Error = Box<dyn std::error::Error>;

/// One item of a feed written by a test.
#[derive(Debug, Clone, Default)]
pub struct Item {
    pub guid: Option<String>,
    pub title: String,
    pub body: String,
    /// RFC 2822, as RSS writes it.
    pub date: Option<String>,
    pub link: Option<String>,
}

/// An undated item with a guid.
pub fn item(guid: &str, title: &str, body: &str) -> Item {
    Item {
        guid: Some(guid.into()),
        title: title.into(),
        body: body.into(),
        ..Item::default()
    }
}

impl Item {
    pub fn dated(self, date: &str) -> Item {
        Item {
            date: Some(date.into()),
            ..self
        }
    }

    pub fn link(self, url: &str) -> Item {
        Item {
            link: Some(url.into()),
            ..self
        }
    }

    pub fn no_guid(self) -> Item {
        Item { guid: None, ..self }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An RSS 2.0 document with these items, in this order.
pub fn rss(title: &str, items: &[Item]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\n\
         <title>{}</title><description>Written by a test</description>\n",
        escape(title)
    );
    for item in items {
        out.push_str("<item>");
        let _ = write!(out, "<title>{}</title>", escape(&item.title));
        if let Some(guid) = &item.guid {
            let _ = write!(out, "<guid isPermaLink=\"false\">{}</guid>", escape(guid));
        }
        if let Some(link) = &item.link {
            let _ = write!(out, "<link>{}</link>", escape(link));
        }
        if let Some(date) = &item.date {
            let _ = write!(out, "<pubDate>{date}</pubDate>");
        }
        let _ = writeln!(
            out,
            "<description>{}</description></item>",
            escape(&item.body)
        );
    }
    out.push_str("</channel></rss>\n");
    out
}

/// A feed as a server sends it.
pub fn served(xml: impl Into<Vec<u8>>) -> Response {
    Response::ok(xml).header("Content-Type", "application/rss+xml; charset=utf-8")
}

/// A refresh as the binary ran it.
#[derive(Debug)]
pub struct Refresh {
    pub code: Option<i32>,
    pub report: Value,
    pub stderr: String,
}

impl Refresh {
    /// The report's entry for the feed named `name`.
    pub fn feed(&self, name: &str) -> Result<&Value, Error> {
        self.report["feeds"]
            .as_array()
            .and_then(|feeds| feeds.iter().find(|f| f["name"] == name))
            .ok_or_else(|| format!("no feed {name:?} in the report: {:#}", self.report).into())
    }

    /// The status the report gives the feed named `name`.
    pub fn status(&self, name: &str) -> Result<String, Error> {
        Ok(self.feed(name)?["status"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// The stderr lines that name `name`.
    pub fn lines_naming(&self, name: &str) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(name)).collect()
    }
}

/// `refresh --json` with more arguments; the report must parse whatever the exit status.
pub fn refresh(sandbox: &Sandbox, more: &[&str]) -> Result<Refresh, Error> {
    let mut args = vec!["refresh", "--json"];
    args.extend_from_slice(more);
    let output = sandbox.run(&args)?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("refresh printed no JSON report ({e}); stderr: {stderr}"))?;
    Ok(Refresh {
        code: output.status.code(),
        report,
        stderr,
    })
}

/// `feed list --json`.
pub fn feeds(sandbox: &Sandbox) -> Result<Vec<Value>, Error> {
    match sandbox.json(&["feed", "list", "--json"])? {
        Value::Array(feeds) => Ok(feeds),
        other => Err(format!("feed list --json is not an array: {other}").into()),
    }
}

/// The subscription named `name`, as `feed list --json` gives it.
pub fn feed(sandbox: &Sandbox, name: &str) -> Result<Value, Error> {
    feeds(sandbox)?
        .into_iter()
        .find(|f| f["name"] == name)
        .ok_or_else(|| format!("no subscription named {name:?}").into())
}

/// `list --json`, newest first.
pub fn listed(sandbox: &Sandbox) -> Result<Vec<Value>, Error> {
    match sandbox.json(&["list", "--json", "--limit", "100000"])? {
        Value::Array(rows) => Ok(rows),
        other => Err(format!("list --json is not an array: {other}").into()),
    }
}

/// Titles of `list --json`, newest first.
pub fn titles(sandbox: &Sandbox) -> Result<Vec<String>, Error> {
    Ok(listed(sandbox)?
        .iter()
        .filter_map(|row| row["title"].as_str().map(str::to_string))
        .collect())
}

/// The `list --json` row titled `title`.
pub fn row(sandbox: &Sandbox, title: &str) -> Result<Value, Error> {
    listed(sandbox)?
        .into_iter()
        .find(|r| r["title"] == title)
        .ok_or_else(|| format!("no article titled {title:?}").into())
}

/// An OPML 2.0 document listing `(name, url)` pairs at the top level.
pub fn opml(feeds: &[(&str, String)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"><head><title>test</title></head><body>\n",
    );
    for (name, url) in feeds {
        let _ = writeln!(
            out,
            "<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"/>",
            escape(name),
            escape(url)
        );
    }
    out.push_str("</body></opml>\n");
    out
}

/// Writes `text` to a file in the sandbox (outside the data it reads) and returns its path.
pub fn write_file(sandbox: &Sandbox, name: &str, text: impl AsRef<[u8]>) -> Result<PathBuf, Error> {
    let path = sandbox.data_dir().join(name);
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Subscribes to `(name, url)` pairs without fetching them (`opml import --no-refresh`).
pub fn subscribe(sandbox: &Sandbox, feeds: &[(&str, String)]) -> Result<(), Error> {
    let path = write_file(sandbox, "subscribe.opml", opml(feeds))?;
    let output = sandbox.run(&["opml", "import", "--no-refresh", &path.to_string_lossy()])?;
    if !output.status.success() {
        return Err(format!(
            "opml import failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(())
}

/// Runs the binary and returns its exit code and stderr, whatever happened.
pub fn run(sandbox: &Sandbox, args: &[&str]) -> Result<(Option<i32>, String), Error> {
    let output = sandbox.run(args)?;
    Ok((
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

/// Helpers for the tests that drive the store itself rather than the binary (tests/feeds_store.rs,
/// tests/feeds_store_articles.rs): a store of its own, and drafts of feed items to put in it.
pub mod store {
    use chrono::{DateTime, TimeZone, Utc};
    use dateline::article::ArticleDraft;
    use dateline::store::Store;

    use super::Error;

    /// A store in a temp dir that lives as long as the returned handle.
    pub fn store() -> Result<(tempfile::TempDir, Store), Error> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&dir.path().join("s.db"))?;
        Ok((dir, store))
    }

    /// That hour of 2 February 2026, UTC.
    pub fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 2, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    /// An item published at 06:00, from a source titled like other feeds' items.
    pub fn item(guid: &str, title: &str) -> ArticleDraft {
        ArticleDraft {
            title: title.into(),
            body: format!("Body of {title}."),
            source: "Shared Title".into(),
            url: Some(format!("https://example.org/{guid}")),
            guid: Some(guid.into()),
            published: Some(at(6)),
            ..ArticleDraft::default()
        }
    }

    pub fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }
}
