//! Subscriptions brought in and taken out through the binary, against a real HTTP server on
//! 127.0.0.1: the OPML round trip, an OPML file with nested folders, newsboat's `urls` file and
//! `cache.db` (built here from SQL in newsboat's schema), and `fetch-full` of an article's page.

mod common;
mod feeds_support;

use common::httpd::{Response, Server};
use common::{Sandbox, TestResult, fixtures};
use feeds_support::{Error, feed, feeds, item, row, rss, run, served, write_file};
use serde_json::{Value, json};

/// `(name, url, tags)` of every subscription, by name.
fn subscriptions(sandbox: &Sandbox) -> Result<Vec<(String, String, Value)>, Error> {
    Ok(feeds(sandbox)?
        .into_iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("name"), text("url"), f["tags"].clone())
        })
        .collect())
}

#[test]
fn opml_export_then_import_round_trips_names_urls_and_tags() -> TestResult {
    let server = Server::start()?;
    for (path, title) in [("/a.xml", "Alpha"), ("/b.xml", "Beta"), ("/c.xml", "Gamma")] {
        server.route(path, served(rss(title, &[item(path, "A story", "Text.")])));
    }
    let first = Sandbox::new()?;
    let adds: [&[&str]; 3] = [
        &["feed", "add", "--name", "Rock & Roll <Daily>"],
        &["feed", "add", "--tag", "news"],
        &["feed", "add", "--tag", "news", "--tag", "world & more"],
    ];
    for (args, path) in adds.iter().zip(["/a.xml", "/b.xml", "/c.xml"]) {
        let url = server.url(path);
        let (code, stderr) = run(&first, &[args, &[url.as_str()][..]].concat())?;
        assert_eq!(code, Some(0), "{stderr}");
    }
    let exported = first.run(&["opml", "export"])?;
    assert!(exported.status.success());
    let text = String::from_utf8(exported.stdout)?;
    assert!(text.contains("<opml version=\"2.0\">"), "{text}");

    let second = Sandbox::new()?;
    let file = write_file(&second, "exported.opml", &text)?;
    let hits = server.total_hits();
    let (code, stderr) = run(
        &second,
        &["opml", "import", "--no-refresh", &file.to_string_lossy()],
    )?;
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(server.total_hits(), hits, "--no-refresh fetched");
    assert_eq!(subscriptions(&second)?, subscriptions(&first)?);
    assert_eq!(
        subscriptions(&second)?,
        [
            ("Beta".to_string(), server.url("/b.xml"), json!(["news"])),
            (
                "Gamma".to_string(),
                server.url("/c.xml"),
                json!(["news", "world & more"])
            ),
            (
                "Rock & Roll <Daily>".to_string(),
                server.url("/a.xml"),
                json!([])
            ),
        ]
    );
    // Importing again adds nothing.
    let (code, stderr) = run(&second, &["opml", "import", &file.to_string_lossy()])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("3 were already subscribed"), "{stderr}");
    assert_eq!(feeds(&second)?.len(), 3);
    Ok(())
}

#[test]
fn an_opml_outline_that_is_not_a_feed_address_costs_only_itself() -> TestResult {
    let sandbox = Sandbox::new()?;
    let text = "<opml version=\"2.0\"><body>\n\
                <outline type=\"rss\" text=\"Bad\" xmlUrl=\"not a url\"/>\n\
                <outline type=\"rss\" text=\"Mail\" xmlUrl=\"mailto:desk@example.org\"/>\n\
                <outline type=\"rss\" text=\"Good\" xmlUrl=\"http://127.0.0.1:9/good.xml\"/>\n\
                </body></opml>";
    let file = write_file(&sandbox, "mixed.opml", text)?;
    let path = file.to_string_lossy();
    let (code, stderr) = run(&sandbox, &["opml", "import", "--no-refresh", &path])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("{path}: line 2: xmlUrl \"not a url\": ")),
        "{stderr}"
    );
    assert!(stderr.contains("line 3: xmlUrl \"mailto:"), "{stderr}");
    assert!(stderr.contains("subscribed to 1 feed "), "{stderr}");
    let listed = subscriptions(&sandbox)?;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].1, "http://127.0.0.1:9/good.xml");
    Ok(())
}

#[test]
fn an_opml_file_with_nested_folders_subscribes_with_tags_and_refreshes() -> TestResult {
    let server = Server::start()?;
    for (path, title) in [
        ("/atlas.xml", "Atlas"),
        ("/coast.xml", "Coast"),
        ("/top.xml", "Top"),
    ] {
        let story = format!("{title} story");
        // Each feed names its web site, as a channel's <link>.
        let site = format!(
            "<link>https://{}.example/</link><description>",
            title.to_lowercase()
        );
        let feed = rss(title, &[item(path, &story, "Text.")]).replacen("<description>", &site, 1);
        server.route(path, served(feed));
    }
    let opml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>nested</title></head><body>
  <outline text="News">
    <outline title="World">
      <outline type="rss" text="Atlas Desk" xmlUrl="{atlas}"/>
    </outline>
    <outline type="rss" text="Coastal Wire" xmlUrl="{coast}" htmlUrl="https://wire.example/" category="weather,/sea"/>
  </outline>
  <outline type="rss" text="Top Stories" xmlUrl="{top}"/>
  <outline text="Links"><outline type="link" text="A page" url="{top}"/></outline>
</body></opml>
"#,
        atlas = server.url("/atlas.xml"),
        coast = server.url("/coast.xml"),
        top = server.url("/top.xml"),
    );
    let sandbox = Sandbox::new()?;
    let file = write_file(&sandbox, "nested.opml", opml)?;
    let (code, stderr) = run(&sandbox, &["opml", "import", &file.to_string_lossy()])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("subscribed to 3 feeds"), "{stderr}");
    assert_eq!(
        subscriptions(&sandbox)?,
        [
            (
                "Atlas Desk".to_string(),
                server.url("/atlas.xml"),
                json!(["News", "World"])
            ),
            (
                "Coastal Wire".to_string(),
                server.url("/coast.xml"),
                json!(["News", "weather", "sea"])
            ),
            ("Top Stories".to_string(), server.url("/top.xml"), json!([])),
        ]
    );
    for name in ["Atlas Desk", "Coastal Wire", "Top Stories"] {
        let stored = feed(&sandbox, name)?;
        assert_eq!(stored["last_status"], "ok", "{stored}");
        assert_eq!(stored["articles"], 1, "{stored}");
    }
    assert_eq!(server.hits("/top.xml"), 1);
    // The list gave one site; the others are learned from their feeds, and the one given stays.
    for (name, site) in [
        ("Atlas Desk", "https://atlas.example/"),
        ("Coastal Wire", "https://wire.example/"),
        ("Top Stories", "https://top.example/"),
    ] {
        assert_eq!(feed(&sandbox, name)?["site_url"], site, "{name}");
    }
    let exported = sandbox.run(&["opml", "export"])?;
    let exported = String::from_utf8_lossy(&exported.stdout);
    assert!(
        exported.contains(r#"htmlUrl="https://top.example/""#),
        "{exported}"
    );
    Ok(())
}

/// newsboat's `cache.db`: the fixture's schema and rows, then rows for the served feeds.
fn newsboat_cache(path: &std::path::Path, rows: &str) -> Result<(), Error> {
    let schema = std::fs::read_to_string(fixtures().join("newsboat/cache.sql"))?;
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(&schema)?;
    conn.execute_batch(rows)?;
    Ok(())
}

#[test]
fn newsboat_subscriptions_tags_and_read_state_come_across() -> TestResult {
    let server = Server::start()?;
    let harbour = server.url("/harbour.xml");
    let coastal = server.url("/coastal.xml");
    let storm = server.url("/coastal/storm.html");
    let items = [
        item("h-1", "Read in newsboat", "One."),
        item("h-2", "Starred in newsboat", "Two."),
        item("h-3", "Read and starred in newsboat", "Three."),
        item("h-4", "Never seen by newsboat", "Four."),
    ];
    server.route("/harbour.xml", served(rss("Harbour Feed Title", &items)));
    // No guid: newsboat used the link as the guid, so the article is found by its URL.
    let storm_item = item("", "Storm closes the coast road", "Road closed.")
        .no_guid()
        .link(&storm);
    server.route("/coastal.xml", served(rss("Coastal Wire", &[storm_item])));
    let urls = format!(
        "# written by the test\n{harbour} news local \"~Harbour Gazette\"\n\
         {coastal} news \"long reads\"\n\"query:Unread:unread = \\\"yes\\\"\"\n"
    );
    let sandbox = Sandbox::new()?;
    let urls_file = write_file(&sandbox, "urls", urls)?;
    let cache = sandbox.data_dir().join("cache.db");
    let row_sql = |guid: &str, url: &str, feed: &str, unread: u8, flags: &str| {
        format!(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread, flags)
             VALUES ('{guid}', 't', '', '{url}', '{feed}', 0, '', {unread}, '{flags}');\n"
        )
    };
    let rows = [
        row_sql("h-1", "", &harbour, 0, ""),
        row_sql("h-2", "", &harbour, 1, "s"),
        row_sql("h-3", "", &harbour, 0, "as"),
        row_sql(&storm, &storm, &coastal, 0, ""),
    ]
    .concat();
    newsboat_cache(&cache, &rows)?;

    let (code, stderr) = run(
        &sandbox,
        &[
            "import-newsboat",
            "--urls",
            &urls_file.to_string_lossy(),
            "--cache",
            &cache.to_string_lossy(),
        ],
    )?;
    assert_eq!(code, Some(0), "{stderr}");
    // The query feed is a saved search now, not a skipped line.
    assert!(!stderr.contains("skipped"), "{stderr}");
    assert!(
        stderr.contains("saved 1 search from newsboat's query feeds"),
        "{stderr}"
    );
    // The fixture's own four live rows name feeds not subscribed here.
    assert!(
        stderr.contains("4 articles matched; 0 articles"),
        "{stderr}"
    );
    assert!(
        stderr.contains("4 left out (their feeds are not subscribed here)"),
        "{stderr}"
    );
    // By URL: the line without a `~Title` is named by its host for now (see the ignored test).
    let tags = |url: &str| -> Result<Value, Error> {
        let all = subscriptions(&sandbox)?;
        let found = all.into_iter().find(|(_, u, _)| u == url);
        Ok(found.ok_or_else(|| format!("no feed at {url}"))?.2)
    };
    assert_eq!(feeds(&sandbox)?.len(), 2);
    assert_eq!(tags(&coastal)?, json!(["news", "long reads"]));
    assert_eq!(tags(&harbour)?, json!(["news", "local"]));
    assert_eq!(feed(&sandbox, "Harbour Gazette")?["url"], harbour);
    let state = |title: &str| -> Result<(Value, Value), Error> {
        let found = row(&sandbox, title)?;
        Ok((found["read"].clone(), found["starred"].clone()))
    };
    assert_eq!(state("Read in newsboat")?, (json!(true), json!(false)));
    assert_eq!(state("Starred in newsboat")?, (json!(false), json!(true)));
    assert_eq!(
        state("Read and starred in newsboat")?,
        (json!(true), json!(true))
    );
    assert_eq!(
        state("Never seen by newsboat")?,
        (json!(false), json!(false))
    );
    assert_eq!(
        state("Storm closes the coast road")?,
        (json!(true), json!(false))
    );
    Ok(())
}

/// One row of newsboat's `rss_item`, inserted with its values bound rather than spliced in.
struct CacheRow<'a> {
    guid: &'a str,
    title: &'a str,
    author: &'a str,
    url: &'a str,
    feed: &'a str,
    published: i64,
    content: &'a str,
    unread: bool,
    flags: &'a str,
    deleted: bool,
}

/// A row with only what tells rows apart, undated, its text plain.
fn cache_row<'a>(
    guid: &'a str,
    title: &'a str,
    feed: &'a str,
    unread: bool,
    flags: &'a str,
) -> CacheRow<'a> {
    CacheRow {
        guid,
        title,
        author: "",
        url: "",
        feed,
        published: 0,
        content: "Text.",
        unread,
        flags,
        deleted: false,
    }
}

fn insert_rows(path: &std::path::Path, rows: &[CacheRow<'_>]) -> Result<(), Error> {
    let conn = rusqlite::Connection::open(path)?;
    for r in rows {
        conn.execute(
            "INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread,
                flags, deleted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                r.guid,
                r.title,
                r.author,
                r.url,
                r.feed,
                r.published,
                r.content,
                r.unread,
                r.flags,
                r.deleted
            ],
        )?;
    }
    Ok(())
}

#[test]
fn newsboat_history_the_feeds_no_longer_carry_comes_from_the_cache() -> TestResult {
    let server = Server::start()?;
    let harbour = server.url("/harbour.xml");
    let still = [item("h-1", "Still in the feed", "One.")];
    server.route("/harbour.xml", served(rss("Harbour Feed Title", &still)));
    // No route: a feed that is gone (404) still has its history in the cache.
    let gone = server.url("/gone.xml");
    let sandbox = Sandbox::new()?;
    let urls = format!("{harbour} \"~Harbour Gazette\"\n{gone} \"~Gone Gazette\"\n");
    let urls_file = write_file(&sandbox, "urls", urls)?;
    let cache = sandbox.data_dir().join("cache.db");
    newsboat_cache(&cache, "")?;
    // Starred and read in newsboat, its feed spelled another way, its text HTML with a relative
    // link and an escape sequence; its title is text, as newsboat caches a title (rendered if
    // the feed's was HTML).
    let spelled = format!("{}#top", harbour.replacen("http://", "HTTP://", 1));
    let old_page = server.url("/2026/pilot-boat.html");
    let starred = CacheRow {
        guid: "h-old",
        title: "Pilot boat & crew honoured",
        author: "Hannah Reid",
        url: &old_page,
        feed: &spelled,
        published: 1_769_932_800,
        content: "<p>The crew of the <b>pilot boat</b> was honoured.\u{1b}[31m</p>\
                  <p>See <a href=\"/awards.html\">the awards</a>.</p>",
        unread: false,
        flags: "as",
        deleted: false,
    };
    let deleted = CacheRow {
        deleted: true,
        ..cache_row("h-deleted", "Deleted in newsboat", &harbour, false, "s")
    };
    insert_rows(
        &cache,
        &[
            cache_row("h-1", "Still in the feed", &harbour, false, ""),
            starred,
            cache_row("h-unread", "Never opened in newsboat", &harbour, true, ""),
            deleted,
            cache_row("g-1", "Saved from a feed that is gone", &gone, false, "s"),
            cache_row(
                "x-1",
                "Not subscribed",
                "https://example.net/x.xml",
                false,
                "s",
            ),
        ],
    )?;
    let args = [
        "import-newsboat",
        "--urls",
        &urls_file.to_string_lossy(),
        "--cache",
        &cache.to_string_lossy(),
    ];
    let (code, stderr) = run(&sandbox, &args)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "1 article matched; 3 articles the feeds no longer carry stored from the cache"
        ),
        "{stderr}"
    );
    // The fixture's four live rows and x-1.
    assert!(stderr.contains("; 5 left out (their feeds"), "{stderr}");

    let state = |title: &str| -> Result<(Value, Value, Value), Error> {
        let found = row(&sandbox, title)?;
        Ok((
            found["read"].clone(),
            found["starred"].clone(),
            found["source"].clone(),
        ))
    };
    assert_eq!(
        state("Pilot boat & crew honoured")?,
        (json!(true), json!(true), json!("Harbour Gazette"))
    );
    assert_eq!(
        state("Never opened in newsboat")?,
        (json!(false), json!(false), json!("Harbour Gazette"))
    );
    assert_eq!(
        state("Saved from a feed that is gone")?,
        (json!(true), json!(true), json!("Gone Gazette"))
    );
    assert!(row(&sandbox, "Deleted in newsboat").is_err());
    assert!(row(&sandbox, "Not subscribed").is_err());
    assert_eq!(feed(&sandbox, "Harbour Gazette")?["articles"], 3);
    assert_eq!(feed(&sandbox, "Gone Gazette")?["articles"], 1);

    // Made an article as a fetched item is: HTML to text, links resolved against its page,
    // the escape sequence gone, the date and author kept.
    let id = row(&sandbox, "Pilot boat & crew honoured")?["id"]
        .as_i64()
        .ok_or("no id")?
        .to_string();
    let shown = sandbox.json(&["show", "--json", &id])?;
    let body = shown["body"].as_str().ok_or("no body")?;
    assert!(
        body.contains("The crew of the pilot boat was honoured."),
        "{body}"
    );
    assert!(!body.contains('<') && !body.contains('\u{1b}'), "{body:?}");
    assert_eq!(shown["links"][0]["url"], server.url("/awards.html"));
    assert_eq!(shown["url"], old_page);
    assert_eq!(shown["author"], "Hannah Reid");
    assert_eq!(shown["published"], "2026-02-01T08:00:00Z");

    // Imported again (for a line added to the urls file), nothing is stored twice, and what was
    // marked here since stays as it is.
    for flag in ["--unread", "--unstar"] {
        let (code, stderr) = run(&sandbox, &["mark", &id, flag])?;
        assert_eq!(code, Some(0), "{stderr}");
    }
    let before = feeds_support::listed(&sandbox)?.len();
    let (code, stderr) = run(&sandbox, &args)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("0 articles matched; 0 articles")
            && stderr.contains("4 left as they are here"),
        "{stderr}"
    );
    assert_eq!(feeds_support::listed(&sandbox)?.len(), before);
    assert_eq!(
        state("Pilot boat & crew honoured")?,
        (json!(false), json!(false), json!("Harbour Gazette"))
    );

    // Offline, when no feed can be fetched, the history still comes across; the failure is said.
    let offline = Sandbox::new()?;
    let only_gone = write_file(&offline, "urls", format!("{gone} \"~Gone Gazette\"\n"))?;
    let (code, stderr) = run(
        &offline,
        &[
            "import-newsboat",
            "--urls",
            &only_gone.to_string_lossy(),
            "--cache",
            &cache.to_string_lossy(),
        ],
    )?;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("every feed failed to refresh"), "{stderr}");
    assert!(
        stderr.contains("1 article the feeds no longer carry"),
        "{stderr}"
    );
    let saved = row(&offline, "Saved from a feed that is gone")?;
    assert_eq!(
        (&saved["read"], &saved["starred"]),
        (&json!(true), &json!(true))
    );
    Ok(())
}

#[test]
fn fetch_full_keeps_the_pages_text_and_search_finds_it() -> TestResult {
    let server = Server::start()?;
    let page = std::fs::read(fixtures().join("html/article.html"))?;
    server.route(
        "/story.html",
        Response::ok(page).header("Content-Type", "text/html; charset=utf-8"),
    );
    let items = [
        item(
            "f-1",
            "Seaweed trial cuts methane",
            "A short summary with <a href=\"https://example.net/notes\">notes</a>.",
        )
        .link(&server.url("/story.html")),
        item("f-2", "Link that is gone", "Another summary.").link(&server.url("/gone.html")),
        item("f-3", "No link at all", "Nothing to fetch."),
        item("f-4", "A picture", "A photo.").link(&server.url("/photo.png")),
        item("f-5", "Bytes said to be nothing", "Data.").link(&server.url("/data")),
    ];
    // Bytes of a picture: what a page's text must never be made of.
    let picture: Vec<u8> = b"\x89PNG\r\n\x1a\n"
        .iter()
        .copied()
        .chain((0..4000u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8))
        .collect();
    server.route(
        "/photo.png",
        Response::ok(picture.clone()).header("Content-Type", "image/png"),
    );
    server.route(
        "/data",
        Response::ok(picture).header("Content-Type", "application/octet-stream"),
    );
    server.route("/summaries.xml", served(rss("Summary Feed", &items)));
    let sandbox = Sandbox::new()?;
    let (code, stderr) = run(&sandbox, &["feed", "add", &server.url("/summaries.xml")])?;
    assert_eq!(code, Some(0), "{stderr}");
    let id = |title: &str| -> Result<String, Error> {
        Ok(row(&sandbox, title)?["id"]
            .as_i64()
            .ok_or("no id")?
            .to_string())
    };
    let seaweed = id("Seaweed trial cuts methane")?;
    // A word only the page has.
    assert_eq!(
        sandbox.json(&["search", "--json", "Leeuwarden"])?,
        json!([])
    );

    let (code, stderr) = run(&sandbox, &["fetch-full", &seaweed])?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("kept the full text"), "{stderr}");
    assert_eq!(server.hits("/story.html"), 1);
    let hits = sandbox.json(&["search", "--json", "Leeuwarden"])?;
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits}");
    // The snippet is cut from the page's text, where the word is.
    let snippet = hits[0]["snippet"].as_str().ok_or("no snippet")?;
    assert!(snippet.contains("Leeuwarden"), "{hits}");
    assert_eq!(
        hits[0]["highlights"].as_array().map(Vec::len),
        Some(1),
        "{hits}"
    );
    assert_eq!(
        hits[0]["id"].as_i64().map(|n| n.to_string()),
        Some(seaweed.clone())
    );
    // The summary stays the article's body, and the page's links are numbered after the
    // summary's own, so every `text[N]` of the full text has its link.
    let shown = sandbox.json(&["show", "--json", &seaweed])?;
    assert_eq!(shown["body"], "A short summary with notes[1].");
    let links: Vec<&str> = shown["links"]
        .as_array()
        .ok_or("no links")?
        .iter()
        .filter_map(|l| l["url"].as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.net/notes",
            "https://example.com/research/seaweed-feed-trial",
            "https://example.org/world/story-2"
        ]
    );
    let full = shown["full_text"].as_str().ok_or("no full text")?;
    assert!(full.contains("[2]") && full.contains("[3]"), "{full}");
    assert!(!full.contains("[1]"), "{full}");
    // The page's names are found too: each kept by its place in the full text, and searched by
    // name like the feed's own.
    let page_names: Vec<(&str, &str)> = shown["entities"]
        .as_array()
        .ok_or("no entities")?
        .iter()
        .filter(|e| e["field"] == "full_text")
        .filter_map(|e| Some((e["kind"].as_str()?, e["text"].as_str()?)))
        .collect();
    assert!(
        page_names.contains(&("person", "Maarten Bakker")),
        "{page_names:?}"
    );
    assert!(
        page_names.contains(&("place", "Leeuwarden")),
        "{page_names:?}"
    );
    for entity in shown["entities"].as_array().ok_or("no entities")? {
        if entity["field"] == "full_text" {
            let (start, end) = (
                entity["start"].as_u64().ok_or("no start")? as usize,
                entity["end"].as_u64().ok_or("no end")? as usize,
            );
            let cut: String = full.chars().skip(start).take(end - start).collect();
            assert_eq!(entity["text"], cut.as_str());
        }
    }
    let by_name = sandbox.json(&["search", "--json", "person:bakker"])?;
    assert_eq!(
        by_name.as_array().map(Vec::len),
        Some(1),
        "a name only the page has: {by_name}"
    );
    // Fetched again, the numbers stay.
    let (code, stderr) = run(&sandbox, &["fetch-full", &seaweed])?;
    assert_eq!(code, Some(0), "{stderr}");
    let again = sandbox.json(&["show", "--json", &seaweed])?;
    assert_eq!(again["links"], shown["links"]);
    assert_eq!(again["full_text"], shown["full_text"]);

    let (code, stderr) = run(&sandbox, &["fetch-full", &id("Link that is gone")?])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("404"), "{stderr}");
    let (code, stderr) = run(&sandbox, &["fetch-full", &id("No link at all")?])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no web link"), "{stderr}");
    let (code, stderr) = run(&sandbox, &["fetch-full", &id("A picture")?])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("not text but image/png"), "{stderr}");
    let (code, stderr) = run(&sandbox, &["fetch-full", &id("Bytes said to be nothing")?])?;
    assert_eq!(code, Some(1));
    assert!(stderr.contains("binary data"), "{stderr}");
    for title in ["A picture", "Bytes said to be nothing"] {
        let shown = sandbox.json(&["show", "--json", &id(title)?])?;
        assert!(shown["full_text"].is_null(), "{shown}");
    }
    Ok(())
}

#[test]
fn an_import_that_found_no_cache_leaves_the_history_to_one_given_it() -> TestResult {
    let server = Server::start()?;
    let harbour = server.url("/harbour.xml");
    let items = [
        item("h-1", "Read and starred in newsboat", "One."),
        item("h-2", "Unread in newsboat", "Two."),
    ];
    server.route("/harbour.xml", served(rss("Harbour Feed Title", &items)));
    let sandbox = Sandbox::new()?;
    let urls_file = write_file(
        &sandbox,
        "urls",
        format!("{harbour} \"~Harbour Gazette\"\n"),
    )?;
    let urls = urls_file.to_string_lossy().to_string();
    // A home without newsboat's files: the first import finds no cache.
    let output = sandbox
        .command()
        .env("HOME", sandbox.data_dir())
        .env_remove("XDG_DATA_HOME")
        .args(["import-newsboat", "--urls", &urls])
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("an import again with `--cache FILE` brings it"),
        "{stderr}"
    );
    let state = |title: &str| -> Result<(Value, Value), Error> {
        let found = row(&sandbox, title)?;
        Ok((found["read"].clone(), found["starred"].clone()))
    };
    assert_eq!(
        state("Read and starred in newsboat")?,
        (json!(false), json!(false))
    );

    // As the hint says: the cache named, the history comes for the feed that import subscribed.
    let cache = sandbox.data_dir().join("cache.db");
    newsboat_cache(&cache, "")?;
    insert_rows(
        &cache,
        &[
            cache_row("h-1", "Read and starred in newsboat", &harbour, false, "s"),
            cache_row("h-old", "Only in the cache", &harbour, false, ""),
        ],
    )?;
    let cache_arg = cache.to_string_lossy().to_string();
    let with_cache = ["import-newsboat", "--urls", &urls, "--cache", &cache_arg];
    let (code, stderr) = run(&sandbox, &with_cache)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("1 article matched; 1 article the feeds no longer carry"),
        "{stderr}"
    );
    assert_eq!(
        state("Read and starred in newsboat")?,
        (json!(true), json!(true))
    );
    assert_eq!(state("Only in the cache")?, (json!(true), json!(false)));

    // Once it has come, it is not brought again: what is marked here since stays.
    let id = row(&sandbox, "Read and starred in newsboat")?["id"]
        .as_i64()
        .ok_or("no id")?
        .to_string();
    let (code, stderr) = run(&sandbox, &["mark", &id, "--unread"])?;
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run(&sandbox, &with_cache)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("2 left as they are here"), "{stderr}");
    assert_eq!(
        state("Read and starred in newsboat")?,
        (json!(false), json!(true))
    );

    // An import whose cache cannot be read subscribes all the same and leaves the history to
    // the next, which brings it.
    let other = Sandbox::new()?;
    let torn = write_file(&other, "torn.db", "not a database")?;
    let torn_arg = torn.to_string_lossy().to_string();
    let (code, stderr) = run(
        &other,
        &["import-newsboat", "--urls", &urls, "--cache", &torn_arg],
    )?;
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(feeds(&other)?.len(), 1);
    let (code, stderr) = run(&other, &with_cache)?;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("1 article matched; 1 article the feeds no longer carry"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn an_imported_feed_without_a_title_is_named_by_the_feed() -> TestResult {
    let server = Server::start()?;
    let items = [item(
        "w-1",
        "Gale warning for the coast",
        "Winds of force nine.",
    )];
    server.route("/weather.xml", served(rss("Coastal Weather", &items)));
    server.route("/tides.xml", served(rss("Tide Tables", &items)));
    // A feed with no title keeps the name of its host.
    server.route("/plain.xml", served(rss("", &items)));
    let sandbox = Sandbox::new()?;
    let urls = format!(
        "{}\n{} sea\n{}\n",
        server.url("/weather.xml"),
        server.url("/tides.xml"),
        server.url("/plain.xml")
    );
    let urls_file = write_file(&sandbox, "urls", urls)?;
    // A home without newsboat's files, so no cache is found and none is needed.
    let output = sandbox
        .command()
        .env("HOME", sandbox.data_dir())
        .env_remove("XDG_DATA_HOME")
        .args(["import-newsboat", "--urls", &urls_file.to_string_lossy()])
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no newsboat cache.db found"), "{stderr}");
    // All three were named after their host, `127.0.0.1` to `127.0.0.1 (3)`; once the other
    // two have taken their titles, the one without is plain `127.0.0.1`, not `127.0.0.1 (3)`.
    let (code, stderr) = run(&sandbox, &["refresh"])?;
    assert_eq!(code, Some(0), "{stderr}");
    let names: Vec<String> = subscriptions(&sandbox)?.into_iter().map(|s| s.0).collect();
    assert_eq!(names, ["127.0.0.1", "Coastal Weather", "Tide Tables"]);
    Ok(())
}
