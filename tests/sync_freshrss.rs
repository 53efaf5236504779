//! Sync against a real FreshRSS (from `../shared/servers/freshrss`, on 127.0.0.1): feeds served by
//! the test, subscribed through the API, fetched by the server, then `dateline sync`. Skips with a
//! notice when the scripts or PHP are absent. The tests take turns (see `sync_support::turn`).

mod common;
mod feeds_support;
mod sync_support;

use std::collections::HashSet;
use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use common::httpd::Server;
use common::{Sandbox, TestResult};
use feeds_support::{item, rss, served};
use serde_json::Value;
use sync_support::{FreshRss, scripts, turn, wait_for};

/// A sandbox with an account on `server`, the password from DATELINE_PASSWORD.
fn account(server: &FreshRss) -> Result<Sandbox, Box<dyn std::error::Error>> {
    let sandbox = Sandbox::new()?;
    let out = sandbox
        .command()
        .env("DATELINE_PASSWORD", &server.api_password)
        .args(["account", "add", "greader", &server.greader, "--user"])
        .arg(&server.user)
        .args(["--name", "fresh"])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(sandbox)
}

/// `dateline sync --json`: the account's report, and stderr.
fn sync(
    sandbox: &Sandbox,
    server: &FreshRss,
) -> Result<(Value, String), Box<dyn std::error::Error>> {
    let out = sandbox
        .command()
        .env("DATELINE_PASSWORD", &server.api_password)
        .args(["sync", "--json"])
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("sync --json: {e}; stderr: {stderr}"))?;
    Ok((report["accounts"][0].clone(), stderr))
}

fn listed(sandbox: &Sandbox) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let list = sandbox.json(&["list", "--json", "--limit", "100000"])?;
    Ok(list.as_array().cloned().unwrap_or_default())
}

/// Two feeds of three dated items each, served here and subscribed on the server in folders.
/// Items 1 to `count` of feed `n`, dated and linked.
fn feed_items(n: usize, count: usize) -> Vec<feeds_support::Item> {
    (1..=count)
        .map(|i| {
            item(
                &format!("f{n}-{i}"),
                &format!("Feed {n} story {i}"),
                "Some text.",
            )
            .dated(&format!("Mon, 0{i} Jan 2024 1{n}:00:00 GMT"))
            .link(&format!("http://example.org/{n}/{i}"))
        })
        .collect()
}

fn two_feeds(server: &FreshRss, httpd: &Server, api: &sync_support::Api) -> TestResult {
    for (n, folder) in [(1, "World"), (2, "Tech")] {
        let items = feed_items(n, 3);
        let path = format!("/feed{n}.xml");
        httpd.route(&path, served(rss(&format!("Feed {n}"), &items)));
        api.subscribe(&httpd.url(&path), &format!("Feed {n}"), folder)
            .map_err(|e| format!("{e}: {}", server.logs()))?;
    }
    Ok(())
}

/// FreshRSS on 127.0.0.1 with the feeds of `two_feeds` subscribed, served from here, and a sandbox
/// with an account on it, holding the tests' turn; `None` (the test skips) without the server's
/// scripts.
struct OnServer {
    server: FreshRss,
    httpd: Server,
    api: sync_support::Api,
    sandbox: Sandbox,
    _turn: std::sync::MutexGuard<'static, ()>,
}

fn two_feeds_on_server() -> Result<Option<OnServer>, Box<dyn std::error::Error>> {
    let Some(scripts) = scripts() else {
        return Ok(None);
    };
    let turn = turn();
    let server = FreshRss::start(&scripts)?;
    let httpd = Server::start()?;
    let api = server.api()?;
    two_feeds(&server, &httpd, &api)?;
    let sandbox = account(&server)?;
    Ok(Some(OnServer {
        server,
        httpd,
        api,
        sandbox,
        _turn: turn,
    }))
}

#[test]
fn every_item_is_stored_once_with_its_feed_title_date_and_state() -> TestResult {
    let Some(on_server) = two_feeds_on_server()? else {
        return Ok(());
    };
    let OnServer {
        server,
        httpd,
        api,
        sandbox,
        ..
    } = &on_server;
    server.actualize()?;
    let ids = api.all()?;
    assert_eq!(ids.len(), 6, "the server fetched both feeds");
    // State made on the server before the first sync comes down with the items.
    api.edit(&ids[..2], "a", "read")?;
    api.edit(&ids[2..3], "a", "starred")?;
    let (report, stderr) = sync(sandbox, server)?;
    assert_eq!(report["error"], Value::Null, "{stderr}");
    assert_eq!(report["new"], 6);
    assert_eq!(api.unread()?.len(), 4);
    let server_items = api.contents(&ids)?;
    let rows = listed(sandbox)?;
    assert_eq!(rows.len(), 6);
    for item in &server_items {
        let title = item["title"].as_str().unwrap_or_default();
        let row = rows
            .iter()
            .find(|r| r["title"] == title)
            .ok_or_else(|| format!("{title} not stored"))?;
        let feed = item["origin"]["title"].as_str().unwrap_or_default();
        assert_eq!(row["source"], feed, "{title}");
        let published = item["published"].as_i64().unwrap_or_default();
        let when = chrono::DateTime::from_timestamp(published, 0).ok_or("bad date")?;
        assert_eq!(
            row["published"],
            when.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        let has = |state: &str| {
            let state = format!("user/-/state/com.google/{state}");
            item["categories"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c.as_str() == Some(state.as_str())))
        };
        assert_eq!(row["read"], has("read"), "{title}");
        assert_eq!(row["starred"], has("starred"), "{title}");
    }
    // Folders are the feeds' tags.
    let feeds = sandbox.json(&["feed", "list", "--json"])?;
    let tags: HashSet<String> = feeds
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["tags"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    assert_eq!(
        tags,
        HashSet::from(["World".to_string(), "Tech".to_string()])
    );
    // The server fetches them: the list says so, not that they were never fetched.
    let feed_list = sandbox.run(&["feed", "list"])?;
    let feed_list = String::from_utf8_lossy(&feed_list.stdout);
    assert!(
        feed_list.contains("fetched by fresh's server: synced"),
        "{feed_list}"
    );
    assert!(!feed_list.contains("never fetched"), "{feed_list}");
    // A second sync stores nothing twice; a new item on the server comes alone.
    let (again, _) = sync(sandbox, server)?;
    assert_eq!(again["new"], 0);
    let mut items: Vec<_> = (1..=4)
        .map(|i| {
            item(
                &format!("f1-{i}"),
                &format!("Feed 1 story {i}"),
                "Some text.",
            )
        })
        .collect();
    items[3].title = "A late story".into();
    httpd.route("/feed1.xml", served(rss("Feed 1", &items)));
    server.actualize()?;
    let (third, _) = sync(sandbox, server)?;
    assert_eq!(third["new"], 1);
    assert_eq!(listed(sandbox)?.len(), 7);
    // `refresh` with an account syncs too, and fetches none of the account's feeds itself.
    let hits = httpd.total_hits();
    let out = sandbox
        .command()
        .env("DATELINE_PASSWORD", &server.api_password)
        .args(["refresh", "--json"])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let refreshed: Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(refreshed["accounts"][0]["error"], Value::Null);
    assert_eq!(httpd.total_hits(), hits, "the server fetches its own feeds");
    Ok(())
}

#[test]
fn state_goes_both_ways_and_a_second_sync_is_small() -> TestResult {
    let Some(on_server) = two_feeds_on_server()? else {
        return Ok(());
    };
    let OnServer {
        server,
        api,
        sandbox,
        ..
    } = &on_server;
    sync(sandbox, server)?;
    let rows = listed(sandbox)?;
    let id = |n: usize| rows[n]["id"].to_string();
    // Here → server.
    for n in [0, 1] {
        assert!(sandbox.run(&["mark", &id(n), "--read"])?.status.success());
    }
    assert!(sandbox.run(&["mark", &id(2), "--star"])?.status.success());
    let (report, _) = sync(sandbox, server)?;
    assert_eq!(report["sent"], 3);
    assert_eq!(api.unread()?.len(), 4);
    assert_eq!(api.starred()?.len(), 1);
    // Server → here.
    let all = api.all()?;
    api.edit(&all, "a", "read")?;
    api.edit(&api.starred()?, "r", "starred")?;
    api.edit(&all[..1], "a", "starred")?;
    let (back, _) = sync(sandbox, server)?;
    assert_eq!(back["error"], Value::Null);
    let rows = listed(sandbox)?;
    assert!(rows.iter().all(|r| r["read"] == true));
    assert_eq!(rows.iter().filter(|r| r["starred"] == true).count(), 1);
    // Nothing new: a handful of small requests (no write token, no item contents).
    let (quiet, _) = sync(sandbox, server)?;
    let traffic = &quiet["traffic"];
    assert!(traffic["requests"].as_u64() <= Some(4), "{traffic}");
    assert!(traffic["bytes_sent"].as_u64() < Some(1500), "{traffic}");
    assert_eq!(quiet["new"], 0);
    Ok(())
}

#[test]
fn changes_made_offline_survive_a_kill_and_reach_the_server() -> TestResult {
    let Some(on_server) = two_feeds_on_server()? else {
        return Ok(());
    };
    let OnServer {
        server,
        api,
        sandbox,
        ..
    } = &on_server;
    sync(sandbox, server)?;
    let rows = listed(sandbox)?;
    server.stop()?;
    for n in [0, 1, 2] {
        let id = rows[n]["id"].to_string();
        assert!(sandbox.run(&["mark", &id, "--read"])?.status.success());
    }
    let starred = rows[3]["id"].to_string();
    assert!(sandbox.run(&["mark", &starred, "--star"])?.status.success());
    // Offline: one line, the changes wait.
    let out = sandbox.run(&["sync"])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("offline") && stderr.contains("4 changes waiting"),
        "{stderr}"
    );
    // A server that takes the connection and never answers: dateline is killed mid-sync.
    let port = server.port()?;
    let hole = wait_for(Duration::from_secs(30), || {
        TcpListener::bind(("127.0.0.1", port)).is_ok()
    });
    assert!(hole, "the port was not freed");
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let mut child = sandbox
        .command()
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let (connection, _) = listener.accept()?;
    child.kill()?; // SIGKILL
    child.wait()?;
    drop(connection);
    drop(listener);
    server.resume()?;
    let (report, stderr) = sync(sandbox, server)?;
    assert_eq!(report["error"], Value::Null, "{stderr}");
    assert_eq!(report["sent"], 4);
    assert_eq!(api.unread()?.len(), 3);
    assert_eq!(api.starred()?.len(), 1);
    Ok(())
}

#[test]
fn a_wrong_password_and_an_expired_token_are_one_line_and_no_secret_shows() -> TestResult {
    let Some(scripts) = scripts() else {
        return Ok(());
    };
    let _turn = turn();
    let server = FreshRss::start(&scripts)?;
    let api = server.api()?;
    let sandbox = Sandbox::new()?;
    let out = sandbox
        .command()
        .env("DATELINE_PASSWORD", "not-the-password")
        .args([
            "account",
            "add",
            "greader",
            &server.greader,
            "--user",
            "alice",
        ])
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("refused the user name or password"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-password"));
    // A kept token the server no longer takes is renewed with the password.
    let sandbox = account(&server)?;
    let db = rusqlite::Connection::open(sandbox.data_dir().join("dateline.db"))?;
    db.execute("UPDATE accounts SET token = 'alice/expired'", [])?;
    let (report, stderr) = sync(&sandbox, &server)?;
    assert_eq!(report["error"], Value::Null, "{stderr}");
    let token: String = db.query_row("SELECT token FROM accounts", [], |r| r.get(0))?;
    assert_eq!(token, api.auth());
    // The password command is used when set, and a failing one is a clear line.
    let out = sandbox
        .command()
        .env_remove("DATELINE_PASSWORD")
        .args([
            "account",
            "add",
            "greader",
            &server.greader,
            "--user",
            "alice",
        ])
        .args(["--name", "cmd", "--password-command", "exit 3"])
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("password_command failed"), "{stderr}");
    // No token in any output.
    let list = sandbox.run(&["account", "list", "--json"])?;
    let all = [list.stdout, list.stderr, stderr.as_bytes().to_vec()].concat();
    assert!(!String::from_utf8_lossy(&all).contains(api.auth()));
    Ok(())
}

#[test]
fn a_removed_account_leaves_its_feeds_and_articles_without_doubles() -> TestResult {
    let Some(on_server) = two_feeds_on_server()? else {
        return Ok(());
    };
    let OnServer {
        server,
        httpd,
        sandbox,
        ..
    } = &on_server;
    server.actualize()?;
    let (report, stderr) = sync(sandbox, server)?;
    assert_eq!(report["new"], 6, "{stderr}");
    let first = listed(sandbox)?[0]["id"].clone();
    assert!(
        sandbox
            .run(&["mark", &first.to_string(), "--read"])?
            .status
            .success()
    );
    let out = sandbox.run(&["account", "remove", "fresh"])?;
    assert!(out.status.success());
    // The feeds are now fetched from where they are served; their items are the synced articles.
    let hits = httpd.total_hits();
    let out = sandbox.run(&["refresh"])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(httpd.total_hits() >= hits + 2, "both feeds were fetched");
    let rows = listed(sandbox)?;
    assert_eq!(rows.len(), 6, "nothing stored twice: {rows:?}");
    let kept = rows.iter().find(|r| r["id"] == first);
    assert_eq!(kept.map(|r| &r["read"]), Some(&Value::Bool(true)));
    // A new item of one feed is stored once, and the next refresh stores nothing.
    let mut items = feed_items(1, 4);
    items[3].title = "A late story".into();
    httpd.route("/feed1.xml", served(rss("Feed 1", &items)));
    assert!(sandbox.run(&["refresh"])?.status.success());
    assert!(sandbox.run(&["refresh"])?.status.success());
    assert_eq!(listed(sandbox)?.len(), 7);
    Ok(())
}

/// A subscription on the server: its feed URL, title and folders.
type ServerFeed = (String, String, Vec<String>);

/// The server's subscriptions, by URL.
fn server_feeds(api: &sync_support::Api) -> Result<Vec<ServerFeed>, Box<dyn std::error::Error>> {
    let list = api.get("subscription/list", &[("output", "json")])?;
    let mut feeds: Vec<_> = list["subscriptions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let folders = s["categories"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["label"].as_str().map(str::to_string))
                .collect();
            let text = |key: &str| s[key].as_str().unwrap_or_default().to_string();
            (text("url"), text("title"), folders)
        })
        .collect();
    feeds.sort();
    Ok(feeds)
}

#[test]
fn subscribing_renaming_filing_and_unsubscribing_here_act_on_the_server() -> TestResult {
    let Some(scripts) = scripts() else {
        return Ok(());
    };
    let _turn = turn();
    let server = FreshRss::start(&scripts)?;
    let httpd = Server::start()?;
    let api = server.api()?;
    let url = httpd.url("/feed.xml");
    httpd.route(
        "/feed.xml",
        served(rss("Harbour News", &[item("h1", "Boats", "Text.")])),
    );
    let sandbox = account(&server)?;
    let run = |args: &[&str]| -> TestResult {
        let out = sandbox
            .command()
            .env("DATELINE_PASSWORD", &server.api_password)
            .args(args)
            .output()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stderr.contains("went to fresh"), "{args:?}: {stderr}");
        Ok(())
    };
    run(&[
        "feed",
        "add",
        &url,
        "--account",
        "fresh",
        "--name",
        "Harbour",
        "--tag",
        "Local",
    ])?;
    let expect = |title: &str, folders: &[&str]| {
        vec![(
            url.clone(),
            title.to_string(),
            folders.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        )]
    };
    assert_eq!(server_feeds(&api)?, expect("Harbour", &["Local"]));
    run(&["feed", "rename", "Harbour", "Harbour Daily"])?;
    assert_eq!(server_feeds(&api)?, expect("Harbour Daily", &["Local"]));
    run(&["feed", "tags", "Harbour Daily", "Sea"])?;
    assert_eq!(server_feeds(&api)?, expect("Harbour Daily", &["Sea"]));
    // A sync keeps what the server now says.
    let (report, stderr) = sync(&sandbox, &server)?;
    assert_eq!(report["error"], Value::Null, "{stderr}");
    let feeds = sandbox.json(&["feed", "list", "--json"])?;
    assert_eq!(feeds[0]["tags"], serde_json::json!(["Sea"]), "{feeds}");
    // Two folders: FreshRSS keeps one, which is said before the next sync shows it.
    let out = sandbox.run(&["feed", "tags", "Harbour Daily", "Sea", "Coast"])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("keep one folder per feed"), "{stderr}");
    run(&["feed", "remove", "Harbour Daily"])?;
    assert!(server_feeds(&api)?.is_empty());
    // A web page that names its feed: the server subscribes to the feed, and the sync takes that
    // address for the subscription made here rather than listing it twice.
    let page = r#"<!DOCTYPE html><html><head><title>Quay</title>
<link rel="alternate" type="application/rss+xml" title="Quay" href="/quay.xml">
</head><body><p>The quay.</p></body></html>"#;
    httpd.route(
        "/quay.html",
        common::httpd::Response::ok(page).header("Content-Type", "text/html; charset=utf-8"),
    );
    httpd.route(
        "/quay.xml",
        served(rss("Quay", &[item("q1", "Cranes", "Text.")])),
    );
    run(&[
        "feed",
        "add",
        &httpd.url("/quay.html"),
        "--account",
        "fresh",
        "--name",
        "Quay",
    ])?;
    let (report, stderr) = sync(&sandbox, &server)?;
    assert_eq!(report["error"], Value::Null, "{stderr}");
    let feeds = sandbox.json(&["feed", "list", "--json"])?;
    let urls: Vec<&str> = feeds
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["url"].as_str())
        .collect();
    let on_server: Vec<String> = server_feeds(&api)?.into_iter().map(|f| f.0).collect();
    assert_eq!(urls, on_server, "one subscription, at the server's address");
    Ok(())
}
