//! A sync that fails part way against a real FreshRSS behind a proxy that breaks chosen answers:
//! an error status, an answer cut short, an item the server forgets. Each is one line, what was
//! synced before it is kept, and the next sync goes on. Skips without `../shared` or PHP.

mod common;
mod feeds_support;
mod sync_support;

use common::httpd::Server;
use common::{Sandbox, TestResult};
use feeds_support::{item, rss, served};
use serde_json::Value;
use sync_support::proxy::{Fault, Proxy};
use sync_support::{FreshRss, scripts, turn};

struct Setup {
    server: FreshRss,
    _httpd: Server,
    proxy: Proxy,
    sandbox: Sandbox,
}

/// FreshRSS with one feed of five items, and an account on it through the proxy.
fn setup() -> Result<Option<Setup>, Box<dyn std::error::Error>> {
    let Some(scripts) = scripts() else {
        return Ok(None);
    };
    let server = FreshRss::start(&scripts)?;
    let httpd = Server::start()?;
    let items: Vec<_> = (1..=5)
        .map(|i| item(&format!("g{i}"), &format!("Story {i}"), "Text."))
        .collect();
    httpd.route("/feed.xml", served(rss("The Feed", &items)));
    server
        .api()?
        .subscribe(&httpd.url("/feed.xml"), "The Feed", "News")?;
    let proxy = Proxy::start(&server.url)?;
    let sandbox = Sandbox::new()?;
    let out = sandbox
        .command()
        .env("DATELINE_PASSWORD", &server.api_password)
        .args([
            "account",
            "add",
            "greader",
            &proxy.greader(),
            "--user",
            "alice",
        ])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(Some(Setup {
        server,
        _httpd: httpd,
        proxy,
        sandbox,
    }))
}

/// `dateline sync --json`: the account's report, the exit status and stderr.
fn sync(setup: &Setup) -> Result<(Value, bool, String), Box<dyn std::error::Error>> {
    let out = setup
        .sandbox
        .command()
        .env("DATELINE_PASSWORD", &setup.server.api_password)
        .args(["sync", "--json"])
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout)?;
    Ok((report["accounts"][0].clone(), out.status.success(), stderr))
}

fn stored(setup: &Setup) -> Result<usize, Box<dyn std::error::Error>> {
    let list = setup.sandbox.json(&["list", "--json"])?;
    Ok(list.as_array().map_or(0, Vec::len))
}

#[test]
fn a_server_error_is_one_line_and_the_changes_wait() -> TestResult {
    let _turn = turn();
    let Some(setup) = setup()? else { return Ok(()) };
    sync(&setup)?;
    let first = setup.sandbox.json(&["list", "--json"])?;
    let id = first[0]["id"].to_string();
    assert!(
        setup
            .sandbox
            .run(&["mark", &id, "--star"])?
            .status
            .success()
    );
    setup.proxy.fail("edit-tag", Fault::Status(503));
    let (report, ok, stderr) = sync(&setup)?;
    assert!(!ok);
    let line = report["error"].as_str().unwrap_or_default();
    assert!(line.contains("HTTP 503"), "{report}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(report["waiting"], 1);
    setup.proxy.heal();
    let (report, ok, stderr) = sync(&setup)?;
    assert!(ok, "{stderr}");
    assert_eq!(report["sent"], 1);
    assert_eq!(setup.server.api()?.starred()?.len(), 1);
    Ok(())
}

#[test]
fn an_answer_cut_short_keeps_nothing_wrong_and_the_next_sync_resumes() -> TestResult {
    let _turn = turn();
    let Some(setup) = setup()? else { return Ok(()) };
    setup.proxy.fail("stream/items/contents", Fault::Cut);
    let (report, ok, _) = sync(&setup)?;
    assert!(!ok);
    assert!(report["error"].as_str().is_some(), "{report}");
    // The subscriptions came before the failure and are kept.
    let feeds = setup.sandbox.json(&["feed", "list", "--json"])?;
    assert_eq!(feeds.as_array().map(Vec::len), Some(1));
    setup.proxy.heal();
    let (report, ok, stderr) = sync(&setup)?;
    assert!(ok, "{stderr}");
    assert_eq!(report["new"], 5);
    assert_eq!(stored(&setup)?, 5);
    Ok(())
}

#[test]
fn an_item_the_server_forgets_is_said_and_asked_for_again() -> TestResult {
    let _turn = turn();
    let Some(setup) = setup()? else { return Ok(()) };
    setup.proxy.fail("stream/items/contents", Fault::Forget);
    let (report, _, stderr) = sync(&setup)?;
    assert_eq!(report["missing"], 1, "{report}");
    assert_eq!(report["new"], 4);
    assert!(stderr.contains("asked for again"), "{stderr}");
    setup.proxy.heal();
    let (report, ok, stderr) = sync(&setup)?;
    assert!(ok, "{stderr}");
    assert_eq!(report["new"], 1);
    assert_eq!(stored(&setup)?, 5);
    Ok(())
}

#[test]
fn a_server_that_never_answers_times_out_in_one_line_and_the_next_sync_goes_on() -> TestResult {
    let _turn = turn();
    let Some(setup) = setup()? else { return Ok(()) };
    // The sandbox's XDG_CONFIG_HOME.
    let config = setup.sandbox.data_dir().join("no-config/dateline");
    std::fs::create_dir_all(&config)?;
    std::fs::write(config.join("config.toml"), "sync_timeout = \"2s\"\n")?;
    setup.proxy.fail("stream/items/contents", Fault::Stall);
    let started = std::time::Instant::now();
    let (report, ok, stderr) = sync(&setup)?;
    assert!(!ok);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(50),
        "the sync gave up after sync_timeout, not the default 60 s"
    );
    let line = report["error"].as_str().unwrap_or_default();
    assert!(line.contains("no complete answer within 2 s"), "{report}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let feeds = setup.sandbox.json(&["feed", "list", "--json"])?;
    assert_eq!(feeds.as_array().map(Vec::len), Some(1), "kept what came");
    setup.proxy.heal();
    let (report, ok, stderr) = sync(&setup)?;
    assert!(ok, "{stderr}");
    assert_eq!(report["new"], 5);
    Ok(())
}
