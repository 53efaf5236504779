//! Refreshing when feeds fail, through the binary against a real HTTP server on 127.0.0.1: error
//! statuses, a redirect loop, bodies over the cap, malformed XML, odd content types and charsets,
//! gzip, permanent and temporary redirects, 429 with Retry-After, and a refresh killed part way.
//! The total timeout is 30 s in the binary with no option to shorten it, so the slow server is
//! tested through the library's `refresh` with a short timeout (a real store and index).

mod common;
mod feeds_support;

use std::time::{Duration, Instant};

use common::httpd::{Response, Server};
use common::{Sandbox, TestResult, fixtures};
use dateline::fetch::FetchOptions;
use dateline::fetch::refresh::{RefreshOptions, refresh as refresh_library};
use dateline::library::Library;
use feeds_support::{feed, item, refresh, row, rss, served, subscribe};

/// The binary's body cap (`FetchOptions::default().max_body`).
const CAP: usize = 20 * 1024 * 1024;

fn fixture(name: &str) -> Result<Vec<u8>, std::io::Error> {
    std::fs::read(fixtures().join("feeds").join(name))
}

fn good_feed(title: &str) -> Response {
    served(rss(
        title,
        &[item("g-1", &format!("{title} story"), "Fine.")],
    ))
}

#[test]
fn bad_feeds_are_named_with_their_reason_and_good_ones_still_store() -> TestResult {
    let server = Server::start()?;
    server.route("/good.xml", good_feed("Good Feed"));
    server.route("/gzip.xml", good_feed("Gzip Feed").gzip());
    let rss2 = fixture("rss2.xml")?;
    server.route(
        "/wrong-type.xml",
        Response::ok(rss2).header("Content-Type", "text/html; charset=utf-8"),
    );
    let cp1251 = fixture("windows-1251.xml")?;
    server.route(
        "/cp1251.xml",
        Response::ok(cp1251).header("Content-Type", "text/xml"),
    );
    server.route(
        "/json.json",
        Response::ok(fixture("feed.json")?).header("Content-Type", "application/feed+json"),
    );
    server.route("/broken.xml", Response::status(500).body("oops"));
    server.route("/loop-a.xml", Response::redirect(302, "/loop-b.xml"));
    server.route("/loop-b.xml", Response::redirect(302, "/loop-a.xml"));
    server.route("/huge.xml", served(vec![b' '; CAP + 1]));
    // Small on the wire, over the cap once decompressed.
    server.route("/bomb.xml", served(vec![b' '; CAP + 1]).gzip());
    server.route(
        "/malformed.xml",
        Response::ok(fixture("malformed.xml")?).header("Content-Type", "application/rss+xml"),
    );
    let sandbox = Sandbox::new()?;
    let listed: Vec<(&str, String)> = [
        ("Good", "/good.xml"),
        ("Gzipped", "/gzip.xml"),
        ("Wrong Type", "/wrong-type.xml"),
        ("Cyrillic", "/cp1251.xml"),
        ("Json", "/json.json"),
        ("Missing", "/missing.xml"),
        ("Broken", "/broken.xml"),
        ("Looping", "/loop-a.xml"),
        ("Huge", "/huge.xml"),
        ("Bomb", "/bomb.xml"),
        ("Malformed", "/malformed.xml"),
    ]
    .into_iter()
    .map(|(name, path)| (name, server.url(path)))
    .collect();
    subscribe(&sandbox, &listed)?;

    let report = refresh(&sandbox, &[])?;
    assert_eq!(
        report.code,
        Some(0),
        "some feeds succeeded: {}",
        report.stderr
    );
    for name in ["Good", "Gzipped", "Wrong Type", "Cyrillic", "Json"] {
        assert_eq!(
            report.status(name)?,
            "ok",
            "{name}: {:#}",
            report.feed(name)?
        );
        assert!(report.lines_naming(name).is_empty(), "{}", report.stderr);
        let stored = feed(&sandbox, name)?;
        assert!(stored["articles"].as_i64() > Some(0), "{stored}");
        assert_eq!(stored["last_status"], "ok");
    }
    let failures = [
        ("Missing", "HTTP 404", "404 Not Found"),
        ("Broken", "HTTP 500", "500 Internal Server Error"),
        ("Looping", "redirects", "redirect loop"),
        ("Huge", "too large", "bigger than the 20 MiB limit"),
        ("Bomb", "too large", "bigger than the 20 MiB limit"),
        ("Malformed", "bad feed", "XML"),
    ];
    for (name, status, reason) in failures {
        assert_eq!(report.status(name)?, status, "{name}");
        let error = report.feed(name)?["error"].as_str().unwrap_or_default();
        assert!(error.contains(reason), "{name}: {error}");
        let lines = report.lines_naming(name);
        assert_eq!(lines.len(), 1, "one line for {name}: {}", report.stderr);
        assert!(lines[0].contains(reason), "{name}: {}", lines[0]);
        let stored = feed(&sandbox, name)?;
        assert_eq!(stored["last_status"], status);
        assert_eq!(stored["articles"], 0);
    }
    assert_eq!(report.report["failed"], failures.len());
    // The redirect loop was given up at once, not followed five times.
    assert_eq!(server.hits("/loop-a.xml") + server.hits("/loop-b.xml"), 2);
    // The windows-1251 feed reads as Cyrillic, and the mislabelled one as RSS.
    row(&sandbox, "Москва готовится к зиме")?;
    row(&sandbox, "Lighthouse restoration finished")?;
    row(&sandbox, "Gzip Feed story")?;
    Ok(())
}

#[test]
fn when_every_feed_fails_the_exit_status_is_1() -> TestResult {
    let server = Server::start()?;
    server.route("/down.xml", Response::status(503).body("down"));
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Gone", server.url("/gone.xml")),
            ("Down", server.url("/down.xml")),
        ],
    )?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.code, Some(1), "{}", report.stderr);
    assert_eq!(report.report["failed"], 2);
    assert_eq!(report.status("Gone")?, "HTTP 404");
    assert_eq!(report.status("Down")?, "HTTP 503");
    assert!(
        report.stderr.contains("every feed failed"),
        "{}",
        report.stderr
    );
    Ok(())
}

#[test]
fn a_permanent_redirect_moves_the_subscription_and_a_temporary_one_does_not() -> TestResult {
    let server = Server::start()?;
    server.route("/old-home.xml", Response::redirect(301, "/new-home.xml"));
    server.route("/new-home.xml", good_feed("Moved Feed"));
    server.route("/away.xml", Response::redirect(302, "/holiday.xml"));
    server.route("/holiday.xml", good_feed("Visiting Feed"));
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Moved", server.url("/old-home.xml")),
            ("Visiting", server.url("/away.xml")),
        ],
    )?;
    let first = refresh(&sandbox, &[])?;
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(first.status("Moved")?, "ok");
    assert_eq!(
        first.feed("Moved")?["moved_to"],
        server.url("/new-home.xml")
    );
    assert_eq!(first.status("Visiting")?, "ok");
    assert!(first.feed("Visiting")?.get("moved_to").is_none());
    assert_eq!(feed(&sandbox, "Moved")?["url"], server.url("/new-home.xml"));
    assert_eq!(feed(&sandbox, "Visiting")?["url"], server.url("/away.xml"));

    // `feed add` on an address that moved for good subscribes to the new one.
    server.route("/renamed.xml", Response::redirect(308, "/new-home.xml"));
    let other = Sandbox::new()?;
    let added = other.run(&["feed", "add", &server.url("/renamed.xml")])?;
    assert!(added.status.success());
    assert_eq!(
        feed(&other, "Moved Feed")?["url"],
        server.url("/new-home.xml")
    );

    server.reset_counts();
    refresh(&sandbox, &[])?;
    assert_eq!(
        server.hits("/old-home.xml"),
        0,
        "the old address is asked again"
    );
    assert_eq!(server.hits("/new-home.xml"), 1);
    assert_eq!(server.hits("/away.xml"), 1, "a 302 must not move the feed");
    Ok(())
}

#[test]
fn a_permanent_redirect_onto_a_feed_already_subscribed_is_said() -> TestResult {
    let server = Server::start()?;
    server.route("/old.xml", Response::redirect(301, "/home.xml"));
    server.route("/home.xml", good_feed("Home Feed"));
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Old", server.url("/old.xml")),
            ("Home", server.url("/home.xml")),
        ],
    )?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.code, Some(0), "{}", report.stderr);
    let old = report.feed("Old")?;
    assert!(old.get("moved_to").is_none(), "{old}");
    assert_eq!(old["status"], "moved");
    assert_eq!(old["moves_onto"]["feed"], "Home");
    assert_eq!(old["moves_onto"]["url"], server.url("/home.xml"));
    let lines = report.lines_naming("Old");
    assert_eq!(lines.len(), 1, "{}", report.stderr);
    assert!(
        lines[0].contains("\"Home\" already reads"),
        "{}",
        report.stderr
    );
    // What came back is Home's feed: stored once, under Home, and Old is left as it was.
    assert_eq!(report.report["new"], 1, "{}", report.report);
    assert_eq!(feed(&sandbox, "Old")?["url"], server.url("/old.xml"));
    assert_eq!(feed(&sandbox, "Old")?["articles"], 0);
    // `feed list` says it too, until one of the two is removed.
    let listed = sandbox.run(&["feed", "list"])?;
    let listed = String::from_utf8(listed.stdout)?;
    assert!(
        listed.contains("moved (moved for good to") && listed.contains("\"Home\" already reads"),
        "{listed}"
    );
    assert_eq!(feed(&sandbox, "Home")?["articles"], 1);
    Ok(())
}

#[test]
fn a_429_with_retry_after_holds_the_feed_back() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/busy.xml",
        Response::status(429).header("Retry-After", "120"),
    );
    server.route("/fine.xml", good_feed("Fine Feed"));
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Busy", server.url("/busy.xml")),
            ("Fine", server.url("/fine.xml")),
        ],
    )?;
    let first = refresh(&sandbox, &[])?;
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(first.status("Busy")?, "HTTP 429");
    let error = first.feed("Busy")?["error"].as_str().unwrap_or_default();
    assert!(error.contains("retry after 2 min"), "{error}");
    assert_eq!(server.hits("/busy.xml"), 1);
    assert!(feed(&sandbox, "Busy")?["retry_after"].is_string());

    let second = refresh(&sandbox, &[])?;
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert_eq!(second.status("Busy")?, "waiting");
    let error = second.feed("Busy")?["error"].as_str().unwrap_or_default();
    assert!(error.contains("asked not to be fetched"), "{error}");
    assert_eq!(second.lines_naming("Busy").len(), 1, "{}", second.stderr);
    assert_eq!(server.hits("/busy.xml"), 1, "a waiting feed was fetched");
    assert_eq!(server.hits("/fine.xml"), 2);
    // The summary tells a feed told to wait from one that failed.
    let third = sandbox.run(&["refresh"])?;
    let said = String::from_utf8_lossy(&third.stderr);
    assert!(said.contains("0 failed, 1 waiting"), "{said}");
    Ok(())
}

#[test]
fn a_slow_feed_times_out_without_holding_up_the_others() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/silent.xml",
        good_feed("Silent").delay(Duration::from_secs(4)),
    );
    server.route(
        "/trickle.xml",
        good_feed("Trickle").trickle(16, Duration::from_millis(300)),
    );
    server.route("/quick.xml", good_feed("Quick"));
    let dir = tempfile::tempdir()?;
    let (mut library, _) = Library::open(dir.path())?;
    let mut feeds = Vec::new();
    for name in ["Silent", "Trickle", "Quick"] {
        let url = server.url(&format!("/{}.xml", name.to_lowercase()));
        feeds.push(library.add_feed(&url, name, None, &[])?);
    }
    let options = RefreshOptions {
        parallel: 8,
        fetch: FetchOptions {
            connect_timeout: Duration::from_secs(1),
            total_timeout: Duration::from_secs(1),
            ..FetchOptions::default()
        },
    };
    let started = Instant::now();
    let report = refresh_library(&mut library, feeds, &options, |_, _, _| {})?;
    let took = started.elapsed();
    let status = |name: &str| {
        report
            .feeds
            .iter()
            .find(|f| f.name == name)
            .map(|f| (f.status.clone(), f.error.clone().unwrap_or_default()))
            .unwrap_or_default()
    };
    for name in ["Silent", "Trickle"] {
        let (code, error) = status(name);
        assert_eq!(code, "timeout", "{name}: {error}");
        assert!(error.contains("within 1 s"), "{name}: {error}");
    }
    assert_eq!(status("Quick").0, "ok");
    assert_eq!(report.failed, 2);
    assert!(took < Duration::from_millis(3500), "took {took:?}");
    let stored = library.feeds()?;
    let quick = stored
        .iter()
        .find(|s| s.feed.name == "Quick")
        .ok_or("Quick")?;
    assert_eq!(quick.articles, 1);
    assert_eq!(quick.feed.last_status.as_deref(), Some("ok"));
    Ok(())
}

/// An RSS feed that declares `utf-16`, in UTF-16: little-endian with a BOM, or big-endian without.
fn utf16_feed(bom: bool) -> Vec<u8> {
    let xml = rss(
        "Fähren und Häfen",
        &[item("u16-1", "Überfahrt nach Föhr", "Die Fähre fährt.")],
    )
    .replacen("encoding=\"utf-8\"", "encoding=\"utf-16\"", 1);
    if bom {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    } else {
        xml.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }
}

fn refresh_utf16(bom: bool) -> TestResult {
    let server = Server::start()?;
    server.route(
        "/utf16.xml",
        Response::ok(utf16_feed(bom)).header("Content-Type", "application/rss+xml"),
    );
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Wide", server.url("/utf16.xml"))])?;
    let report = refresh(&sandbox, &[])?;
    assert!(!report.stderr.contains("panicked"), "{}", report.stderr);
    assert_eq!(report.status("Wide")?, "ok", "{:#}", report.report);
    row(&sandbox, "Überfahrt nach Föhr")?;
    Ok(())
}

#[test]
fn a_utf16_feed_with_a_bom_is_read() -> TestResult {
    refresh_utf16(true)
}

#[test]
fn utf16_without_a_bom_is_read_and_nothing_panics() -> TestResult {
    refresh_utf16(false)
}

#[test]
fn a_feed_whose_items_are_all_unreadable_says_so() -> TestResult {
    let atom03 = r#"<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old Atom Desk</title>
  <entry>
    <title>Harbour opens a second quay</title>
    <id>tag:example.org,2005:quay</id>
    <issued>2005-06-01T08:00:00Z</issued>
    <summary>The second quay doubles the room for ferries.</summary>
  </entry>
</feed>
"#;
    let server = Server::start()?;
    server.route(
        "/atom03.xml",
        Response::ok(atom03).header("Content-Type", "application/atom+xml"),
    );
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Old Atom", server.url("/atom03.xml"))])?;
    let report = refresh(&sandbox, &[])?;
    let result = report.feed("Old Atom")?;
    let stored = result["new"].as_u64().unwrap_or(0);
    let reason = result["error"].as_str().unwrap_or_default();
    assert!(
        stored > 0 || !reason.is_empty(),
        "neither articles nor a reason: {result}"
    );
    Ok(())
}

/// A child process that is killed however the test ends.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_refresh_killed_part_way_keeps_the_feeds_it_finished() -> TestResult {
    let server = Server::start()?;
    let items = [item(
        "k-1",
        "Finished before the kill",
        "Ferries resumed at dawn.",
    )];
    server.route("/done.xml", served(rss("Done", &items)));
    server.route(
        "/hang.xml",
        good_feed("Hang").delay(Duration::from_secs(20)),
    );
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Done", server.url("/done.xml")),
            ("Hang", server.url("/hang.xml")),
        ],
    )?;
    let child = sandbox
        .command()
        .args(["refresh", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let mut child = KillOnDrop(child);
    let started = Instant::now();
    while feed(&sandbox, "Done")?["last_status"] != "ok" {
        let waited = started.elapsed();
        assert!(waited < Duration::from_secs(10), "Done never stored");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.0.kill()?;
    child.0.wait()?;
    assert_eq!(feed(&sandbox, "Done")?["articles"], 1);
    assert!(feed(&sandbox, "Hang")?["last_status"].is_null());
    // The refresh died before indexing; opening the library (any later command) catches up.
    let hits = sandbox.json(&["search", "--json", "ferries"])?;
    assert_eq!(hits[0]["title"], "Finished before the kill", "{hits}");
    Ok(())
}

#[test]
fn feed_add_says_which_items_it_left_out() -> TestResult {
    let server = Server::start()?;
    let good = rss(
        "Harbour Desk",
        &[
            item("h-1", "Pilots return", "Fine."),
            item("h-2", "Tides turn", "Fine."),
        ],
    );
    // The second item's CDATA never ends: the feed breaks off there.
    let broken = good.replacen(
        "<description>Fine.</description></item>\n<item>",
        "<description>Fine.</description></item>\n<item><title><![CDATA[Cut",
        1,
    );
    server.route("/broken.xml", served(broken));
    let sandbox = Sandbox::new()?;
    let (code, stderr) =
        feeds_support::run(&sandbox, &["feed", "add", &server.url("/broken.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("subscribed to Harbour Desk"), "{stderr}");
    assert!(stderr.contains("1 item left out"), "{stderr}");
    Ok(())
}
