//! Subscriptions through the binary against a real HTTP server on 127.0.0.1: `feed add` (with
//! autodiscovery), `feed list --json`, refreshes with ETags, new and changed items, undated and
//! repeated items, `feed rename`, `feed remove` and `refresh --feed`.

mod common;
mod feeds_support;

use common::httpd::{Response, Server};
use common::{Sandbox, TestResult};
use feeds_support::{feed, feeds, item, refresh, rss, run, served, titles};

#[test]
fn adding_a_feed_learns_its_name_and_stores_its_articles() -> TestResult {
    let server = Server::start()?;
    let items = [
        item(
            "d-1",
            "Quay wall repairs begin",
            "Divers inspected the quay wall.",
        )
        .dated("Mon, 02 Nov 2026 08:00:00 GMT"),
        item(
            "d-2",
            "Harbour pilots get a new boat",
            "The pilot boat arrived.",
        )
        .dated("Tue, 03 Nov 2026 09:00:00 GMT"),
    ];
    server.route("/desk.xml", served(rss("Harbour Desk", &items)));
    server.route("/other.xml", served(rss("Harbour Desk", &items[..1])));
    server.route("/third.xml", served(rss("Third Feed", &items[1..])));
    let sandbox = Sandbox::new()?;

    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/desk.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("subscribed to Harbour Desk"), "{stderr}");
    let listed = feeds(&sandbox)?;
    assert_eq!(listed.len(), 1);
    let desk = &listed[0];
    assert_eq!(desk["name"], "Harbour Desk");
    assert_eq!(desk["url"], server.url("/desk.xml"));
    assert_eq!(desk["tags"], serde_json::json!([]));
    assert!(desk["last_fetched"].is_string(), "{desk}");
    assert_eq!(desk["last_status"], "ok");
    assert_eq!(desk["articles"], 2);
    assert_eq!(desk["unread"], 2);
    // Newest first, each under the feed's name.
    let rows = feeds_support::listed(&sandbox)?;
    let shown: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap_or_default();
            (field("title"), field("source"))
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Harbour pilots get a new boat", "Harbour Desk"),
            ("Quay wall repairs begin", "Harbour Desk")
        ]
    );

    // The same address again is refused, saying which subscription has it.
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/desk.xml")])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("already subscribed"), "{stderr}");
    assert!(stderr.contains("Harbour Desk"), "{stderr}");
    assert_eq!(feeds(&sandbox)?.len(), 1);

    // Another feed with the same title gets a name of its own.
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/other.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        feed(&sandbox, "Harbour Desk (2)")?["url"],
        server.url("/other.xml")
    );

    let args = [
        "feed",
        "add",
        "--name",
        "Night Shift",
        "--tag",
        "news",
        "--tag",
        "local",
    ];
    let third = server.url("/third.xml");
    let (code, stderr) = run(&sandbox, &[&args[..], &[third.as_str()]].concat())?;
    assert_eq!(code, Some(0), "{stderr}");
    let night = feed(&sandbox, "Night Shift")?;
    assert_eq!(night["tags"], serde_json::json!(["news", "local"]));
    assert_eq!(night["articles"], 1);
    assert!(feed(&sandbox, "Third Feed").is_err(), "--name is ignored");
    Ok(())
}

#[test]
fn a_page_that_names_its_feed_subscribes_to_the_feed() -> TestResult {
    let server = Server::start()?;
    let page = r#"<!DOCTYPE html><html><head><title>Harbour site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml">
</head><body><p>Welcome to the harbour.</p></body></html>"#;
    server.route(
        "/index.html",
        Response::ok(page).header("Content-Type", "text/html; charset=utf-8"),
    );
    let items = [item(
        "p-1",
        "Dredging starts in the channel",
        "Dredgers arrived.",
    )];
    server.route("/feed.xml", served(rss("Harbour Site News", &items)));
    let bare =
        "<!DOCTYPE html><html><head><title>No feed</title></head><body><p>Hi.</p></body></html>";
    server.route(
        "/plain.html",
        Response::ok(bare).header("Content-Type", "text/html"),
    );
    let sandbox = Sandbox::new()?;

    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/index.html")])?;
    assert_eq!(code, Some(0), "{stderr}");
    let found = feed(&sandbox, "Harbour Site News")?;
    assert_eq!(found["url"], server.url("/feed.xml"));
    assert_eq!(found["articles"], 1);
    assert_eq!(server.hits("/feed.xml"), 1);

    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/plain.html")])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("is not a feed"), "{stderr}");
    assert!(stderr.contains("names none"), "{stderr}");
    assert_eq!(feeds(&sandbox)?.len(), 1);

    // An empty answer is an empty feed, not a page without a link to one.
    server.route("/empty.xml", Response::ok(" \n"));
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/empty.xml")])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("the feed is empty"), "{stderr}");
    assert!(!stderr.contains("names none"), "{stderr}");
    assert_eq!(feeds(&sandbox)?.len(), 1);
    Ok(())
}

#[test]
fn a_second_refresh_is_a_304_and_a_new_item_is_stored_on_the_next() -> TestResult {
    let server = Server::start()?;
    let first = [item(
        "t-1",
        "Tide tables for December",
        "High water at noon.",
    )];
    server.route(
        "/tides.xml",
        served(rss("Tide Watch", &first)).etag("\"v1\""),
    );
    let sandbox = Sandbox::new()?;
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/tides.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(server.hits("/tides.xml"), 1);

    let second = refresh(&sandbox, &[])?;
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert_eq!(second.status("Tide Watch")?, "304");
    assert_eq!(server.hits("/tides.xml"), 2);
    let sent = server.last_request("/tides.xml").ok_or("no request")?;
    assert_eq!(sent.header("If-None-Match"), Some("\"v1\""));
    assert_eq!(feed(&sandbox, "Tide Watch")?["last_status"], "304");
    let listed = String::from_utf8(sandbox.run(&["feed", "list"])?.stdout)?;
    assert!(listed.contains(": unchanged (304)"), "{listed}");
    assert_eq!(second.report["new"], 0);

    let more = [
        item("t-2", "Storm surge warning lifted", "The surge passed."),
        first[0].clone(),
    ];
    server.route(
        "/tides.xml",
        served(rss("Tide Watch", &more)).etag("\"v2\""),
    );
    let third = refresh(&sandbox, &[])?;
    assert_eq!(third.status("Tide Watch")?, "ok");
    assert_eq!(third.feed("Tide Watch")?["new"], 1);
    assert_eq!(third.report["new"], 1);
    assert_eq!(
        titles(&sandbox)?,
        ["Storm surge warning lifted", "Tide tables for December"]
    );
    // The new validator is the one sent next time.
    refresh(&sandbox, &[])?;
    let sent = server.last_request("/tides.xml").ok_or("no request")?;
    assert_eq!(sent.header("If-None-Match"), Some("\"v2\""));
    Ok(())
}

#[test]
fn a_changed_item_is_updated_in_place_and_stays_read() -> TestResult {
    let server = Server::start()?;
    let before = [item(
        "c-1",
        "Bridge closes for repairs",
        "The bridge closes on Monday.",
    )];
    server.route("/city.xml", served(rss("City Desk", &before)));
    let sandbox = Sandbox::new()?;
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/city.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    let id = feeds_support::row(&sandbox, "Bridge closes for repairs")?["id"]
        .as_i64()
        .ok_or("no id")?
        .to_string();
    let (code, stderr) = run(&sandbox, &["mark", &id, "--read"])?;
    assert_eq!(code, Some(0), "{stderr}");

    let after = [item(
        "c-1",
        "Bridge closes for repairs until Friday",
        "The bridge closes on Monday. Correction: the stonemasons finish on Friday.",
    )];
    server.route("/city.xml", served(rss("City Desk", &after)));
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.status("City Desk")?, "ok");
    assert_eq!(report.feed("City Desk")?["updated"], 1);
    assert_eq!(report.feed("City Desk")?["new"], 0);

    let shown = sandbox.json(&["show", "--json", &id])?;
    assert_eq!(shown["title"], "Bridge closes for repairs until Friday");
    assert!(
        shown["body"]
            .as_str()
            .unwrap_or_default()
            .contains("stonemasons"),
        "{shown}"
    );
    assert_eq!(shown["read"], true, "the update lost the read state");
    assert_eq!(titles(&sandbox)?.len(), 1);
    assert_eq!(feed(&sandbox, "City Desk")?["unread"], 0);
    // The index saw the new text too.
    let hits = sandbox.json(&["search", "--json", "stonemasons"])?;
    assert_eq!(hits[0]["id"].as_i64().map(|n| n.to_string()), Some(id));
    Ok(())
}

#[test]
fn undated_items_keep_feed_order_and_a_repeated_guid_is_one_article() -> TestResult {
    let server = Server::start()?;
    let items = [
        item("u-1", "Morning ferry runs late", "Fog in the sound."),
        item("u-2", "Noon market opens", "Stalls along the quay."),
        item(
            "u-1",
            "Morning ferry runs late (repeated)",
            "The same guid again.",
        ),
        item("u-3", "Evening concert moved indoors", "Rain is expected."),
        item("u-4", "Night bus timetable", "Buses every half hour."),
    ];
    server.route("/undated.xml", served(rss("Undated Desk", &items)));
    let sandbox = Sandbox::new()?;
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/undated.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    // Newest first is feed order for items without dates; the first of a repeated guid wins.
    assert_eq!(
        titles(&sandbox)?,
        [
            "Morning ferry runs late",
            "Noon market opens",
            "Evening concert moved indoors",
            "Night bus timetable"
        ]
    );
    assert_eq!(feed(&sandbox, "Undated Desk")?["articles"], 4);
    // A refresh of the same feed adds nothing.
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.feed("Undated Desk")?["new"], 0);
    assert_eq!(titles(&sandbox)?.len(), 4);
    // The repeat is said, not dropped in silence.
    let left_out = report.feed("Undated Desk")?["left_out"].to_string();
    assert!(
        left_out.contains("item 3: repeats the id (guid) of an earlier item, which is kept"),
        "{left_out}"
    );
    Ok(())
}

#[test]
fn a_feed_file_imported_lists_its_undated_items_in_its_own_order_as_subscribing_does() -> TestResult
{
    let items = [
        item("f-1", "First in the file", "One."),
        item("f-2", "Second in the file", "Two."),
        item("f-3", "Third in the file", "Three."),
    ];
    let xml = rss("File Desk", &items);
    let sandbox = Sandbox::new()?;
    let file = sandbox.data_dir().join("saved-feed.xml");
    std::fs::write(&file, &xml)?;
    let report = sandbox.import(&file)?;
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(3),
        "{report}"
    );
    let imported = titles(&sandbox)?;
    assert_eq!(
        imported,
        [
            "First in the file",
            "Second in the file",
            "Third in the file"
        ]
    );
    let server = Server::start()?;
    server.route("/file.xml", served(xml));
    let subscribed = Sandbox::new()?;
    let (code, stderr) = run(&subscribed, &["feed", "add", &server.url("/file.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(titles(&subscribed)?, imported);
    Ok(())
}

#[test]
fn rename_remove_and_refresh_one_feed() -> TestResult {
    let server = Server::start()?;
    let alpha = [
        item("a-1", "Alpha first story", "One."),
        item("a-2", "Alpha second story", "Two."),
    ];
    server.route("/alpha.xml", served(rss("Alpha Wire", &alpha)));
    let beta = [item("b-1", "Beta only story", "Three.")];
    server.route("/beta.xml", served(rss("Beta Wire", &beta)));
    let sandbox = Sandbox::new()?;
    for path in ["/alpha.xml", "/beta.xml"] {
        let (code, stderr) = run(&sandbox, &["feed", "add", &server.url(path)])?;
        assert_eq!(code, Some(0), "{stderr}");
    }

    let (code, stderr) = run(&sandbox, &["feed", "rename", "Alpha Wire", "Alpha"])?;
    assert_eq!(code, Some(0), "{stderr}");
    let names: Vec<String> = feeds(&sandbox)?
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_string))
        .collect();
    assert_eq!(names, ["Alpha", "Beta Wire"]);
    let (code, _) = run(&sandbox, &["feed", "rename", "Alpha", "Beta Wire"])?;
    assert_eq!(code, Some(1), "two feeds may not share a name");

    let (alpha_hits, beta_hits) = (server.hits("/alpha.xml"), server.hits("/beta.xml"));
    let one = refresh(&sandbox, &["--feed", "Alpha"])?;
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert_eq!(one.report["feeds"].as_array().map(Vec::len), Some(1));
    assert_eq!(one.status("Alpha")?, "ok");
    assert_eq!(server.hits("/alpha.xml"), alpha_hits + 1);
    assert_eq!(server.hits("/beta.xml"), beta_hits);
    // By URL works as well.
    let by_url = refresh(&sandbox, &["--feed", &server.url("/beta.xml")])?;
    assert_eq!(by_url.report["feeds"][0]["name"], "Beta Wire");

    let (code, stderr) = run(&sandbox, &["feed", "remove", "Alpha"])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("2 articles are kept"), "{stderr}");
    let left = feeds(&sandbox)?;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["name"], "Beta Wire");
    let mut kept = titles(&sandbox)?;
    kept.sort();
    assert_eq!(
        kept,
        ["Alpha first story", "Alpha second story", "Beta only story"]
    );
    let (code, stderr) = run(&sandbox, &["refresh", "--feed", "Alpha"])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no subscription named Alpha"), "{stderr}");
    let (code, _) = run(&sandbox, &["feed", "remove", "Alpha"])?;
    assert_eq!(code, Some(1));
    Ok(())
}

#[test]
fn a_subscription_named_after_its_feed_follows_the_feeds_new_title_and_a_name_given_stays()
-> TestResult {
    let server = Server::start()?;
    let items = [item("w-1", "Ferry lanes reopen", "The lanes reopened.")];
    server.route("/world.xml", served(rss("World Desk", &items)));
    server.route("/mine.xml", served(rss("Harbour Notes", &items)));
    server.route("/port.xml", served(rss("Port Log", &items)));
    let sandbox = Sandbox::new()?;
    for args in [
        &["feed", "add", &server.url("/world.xml")][..],
        &[
            "feed",
            "add",
            &server.url("/mine.xml"),
            "--name",
            "My Notes",
        ],
        // A name given that happens to be the feed's title now is still the user's.
        &[
            "feed",
            "add",
            &server.url("/port.xml"),
            "--name",
            "Port Log",
        ],
    ] {
        let (code, stderr) = run(&sandbox, args)?;
        assert_eq!(code, Some(0), "{stderr}");
    }
    // Both feeds take a new title upstream.
    server.route(
        "/world.xml",
        served(rss("World Desk International", &items)),
    );
    server.route("/mine.xml", served(rss("Harbour Notes Daily", &items)));
    server.route("/port.xml", served(rss("Port Log Weekly", &items)));
    refresh(&sandbox, &[])?;
    let names: Vec<String> = feeds(&sandbox)?
        .iter()
        .filter_map(|f| f["name"].as_str().map(str::to_string))
        .collect();
    assert_eq!(names, ["My Notes", "Port Log", "World Desk International"]);
    // Its articles are listed under the new name.
    let sources: Vec<String> = feeds_support::listed(&sandbox)?
        .iter()
        .filter_map(|r| r["source"].as_str().map(str::to_string))
        .collect();
    assert!(
        sources.contains(&"World Desk International".to_string()),
        "{sources:?}"
    );
    // Renamed by the user since, it keeps the user's name through the next new title.
    let (code, stderr) = run(
        &sandbox,
        &["feed", "rename", "World Desk International", "World"],
    )?;
    assert_eq!(code, Some(0), "{stderr}");
    server.route("/world.xml", served(rss("World Desk Global", &items)));
    refresh(&sandbox, &[])?;
    assert_eq!(feed(&sandbox, "World")?["url"], server.url("/world.xml"));
    // Renamed to the feed's own title, it is still the user's name.
    let (code, stderr) = run(&sandbox, &["feed", "rename", "World", "World Desk Global"])?;
    assert_eq!(code, Some(0), "{stderr}");
    server.route("/world.xml", served(rss("World Desk Planet", &items)));
    refresh(&sandbox, &[])?;
    assert_eq!(
        feed(&sandbox, "World Desk Global")?["url"],
        server.url("/world.xml")
    );
    Ok(())
}
