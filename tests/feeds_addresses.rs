//! One feed, one subscription, however its address is spelled: `feed add`, an OPML file, newsboat's
//! `urls` and a permanent redirect, through the binary against a real HTTP server on 127.0.0.1.

mod common;
mod feeds_support;

use common::httpd::Response;
use common::httpd::Server;
use common::{Sandbox, TestResult};
use feeds_support::{
    Error, feed, feeds, item, opml, refresh, rss, run, served, titles, write_file,
};

/// `http://127.0.0.1:PORT/rss.xml` spelled three other ways: an empty query, the scheme in
/// capitals with a fragment, and both.
fn spellings(server: &Server) -> [String; 3] {
    let url = server.url("/rss.xml");
    let shouting = url.replacen("http://", "HTTP://", 1);
    [
        format!("{url}?"),
        format!("{shouting}#frag"),
        format!("{shouting}?#top"),
    ]
}

fn harbour_desk(server: &Server) {
    let items = [
        item("d-1", "Quay wall repairs begin", "Divers inspected it."),
        item("d-2", "Harbour pilots get a new boat", "It arrived."),
    ];
    server.route("/rss.xml", served(rss("Harbour Desk", &items)));
}

/// `import-newsboat --urls FILE` in a home without newsboat's files, so no cache is looked at.
fn import_urls(sandbox: &Sandbox, urls: &std::path::Path) -> Result<(Option<i32>, String), Error> {
    let output = sandbox
        .command()
        .env("HOME", sandbox.data_dir())
        .env_remove("XDG_DATA_HOME")
        .args(["import-newsboat", "--urls", &urls.to_string_lossy()])
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Ok((output.status.code(), stderr))
}

/// Every subscription's `(name, url, articles)`.
fn subscribed(sandbox: &Sandbox) -> Result<Vec<(String, String, i64)>, Error> {
    Ok(feeds(sandbox)?
        .iter()
        .map(|f| {
            let name = f["name"].as_str().unwrap_or_default().to_string();
            let url = f["url"].as_str().unwrap_or_default().to_string();
            (name, url, f["articles"].as_i64().unwrap_or(-1))
        })
        .collect())
}

#[test]
fn another_spelling_of_a_subscribed_address_is_already_subscribed() -> TestResult {
    let server = Server::start()?;
    harbour_desk(&server);
    let sandbox = Sandbox::new()?;
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/rss.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    let one = vec![("Harbour Desk".to_string(), server.url("/rss.xml"), 2)];
    assert_eq!(subscribed(&sandbox)?, one);

    for spelling in spellings(&server) {
        let (code, stderr) = run(&sandbox, &["feed", "add", &spelling])?;
        assert_eq!(code, Some(1), "{spelling}: {stderr}");
        assert!(
            stderr.contains("already subscribed"),
            "{spelling}: {stderr}"
        );
        assert!(stderr.contains("Harbour Desk"), "{spelling}: {stderr}");
    }
    let listed = [("Copy", spellings(&server)[0].clone())];
    let list = write_file(&sandbox, "copies.opml", opml(&listed))?;
    let (code, stderr) = run(&sandbox, &["opml", "import", &list.to_string_lossy()])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("subscribed to 0 feeds (1 were already subscribed)"),
        "{stderr}"
    );
    let [empty_query, _, both] = spellings(&server);
    let urls = write_file(&sandbox, "urls", format!("{empty_query} news\n{both}\n"))?;
    let (code, stderr) = import_urls(&sandbox, &urls)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("subscribed to 0 feeds"), "{stderr}");

    // Nothing was stored twice, and a refresh stores nothing twice either.
    let refreshed = refresh(&sandbox, &[])?;
    assert_eq!(refreshed.code, Some(0), "{}", refreshed.stderr);
    assert_eq!(subscribed(&sandbox)?, one);
    assert_eq!(
        titles(&sandbox)?,
        ["Quay wall repairs begin", "Harbour pilots get a new boat"]
    );
    Ok(())
}

#[test]
fn a_new_address_is_kept_in_one_spelling_whichever_way_it_came() -> TestResult {
    let server = Server::start()?;
    harbour_desk(&server);
    let sandbox = Sandbox::new()?;
    let [_, fragment, _] = spellings(&server);
    let (code, stderr) = run(&sandbox, &["feed", "add", &fragment])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        feed(&sandbox, "Harbour Desk")?["url"],
        server.url("/rss.xml")
    );

    // In one OPML file or one urls file, two spellings are one feed.
    server.route("/coast.xml", served(rss("Coastal Wire", &[])));
    let coast = server.url("/coast.xml");
    let twice = [
        ("Coastal Wire", format!("{coast}?")),
        (
            "Coastal Wire again",
            coast.replacen("http://", "HTTP://", 1),
        ),
    ];
    let other = Sandbox::new()?;
    let list = write_file(&other, "twice.opml", opml(&twice))?;
    let (code, stderr) = run(
        &other,
        &["opml", "import", "--no-refresh", &list.to_string_lossy()],
    )?;
    assert_eq!(code, Some(0), "{stderr}");
    let listed = subscribed(&other)?;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].1, coast);

    let newsboat = Sandbox::new()?;
    let urls = format!("{coast}# sea\n{coast}? weather\n");
    let urls = write_file(&newsboat, "urls", urls)?;
    let (code, stderr) = import_urls(&newsboat, &urls)?;
    assert_eq!(code, Some(0), "{stderr}");
    let found = feeds(&newsboat)?;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["url"], coast);
    assert_eq!(found[0]["tags"], serde_json::json!(["sea", "weather"]));
    Ok(())
}

#[test]
fn a_permanent_redirect_moves_a_feed_to_one_spelling_and_never_onto_another_feed() -> TestResult {
    let server = Server::start()?;
    harbour_desk(&server);
    server.route("/old-desk.xml", Response::redirect(301, "/rss.xml?#latest"));
    server.route(
        "/old-coast.xml",
        Response::redirect(301, "/coast.xml?#latest"),
    );
    server.route("/coast.xml", served(rss("Coastal Wire", &[])));
    let sandbox = Sandbox::new()?;
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/rss.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    feeds_support::subscribe(
        &sandbox,
        &[
            ("Old Desk", server.url("/old-desk.xml")),
            ("Old Coast", server.url("/old-coast.xml")),
        ],
    )?;
    let refreshed = refresh(&sandbox, &[])?;
    assert_eq!(refreshed.code, Some(0), "{}", refreshed.stderr);
    // Moved to an address no feed has: kept in its one spelling.
    assert_eq!(
        feed(&sandbox, "Old Coast")?["url"],
        server.url("/coast.xml")
    );
    // Moved to another spelling of a subscribed address: it stays where it was.
    assert_eq!(
        feed(&sandbox, "Old Desk")?["url"],
        server.url("/old-desk.xml")
    );
    assert_eq!(
        feed(&sandbox, "Harbour Desk")?["url"],
        server.url("/rss.xml")
    );
    Ok(())
}
