//! Feeds other readers accept, through the real binary: a field that cannot be read costs that
//! field, an item that cannot be read costs that item (reported with its number, guid and line),
//! and never the feed; what is not a feed is named for what it is, at import and at refresh. The
//! fixtures are in `tests/fixtures/feeds-odd` (see its README).

mod common;
mod feeds_support;

use common::httpd::{Response, Server};
use common::{Sandbox, TestResult, fixtures};
use feeds_support::{refresh, served, subscribe};
use serde_json::Value;

fn odd(name: &str) -> std::path::PathBuf {
    fixtures().join("feeds-odd").join(name)
}

/// Imports one fixture; returns the report and every stored article.
fn import(
    sandbox: &Sandbox,
    name: &str,
) -> Result<(Value, Vec<Value>), Box<dyn std::error::Error>> {
    let report = sandbox.import(&odd(name))?;
    Ok((report, sandbox.articles()?))
}

fn titles(articles: &[Value]) -> Vec<&str> {
    let mut titles: Vec<&str> = articles
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    titles.sort_unstable();
    titles
}

fn failures(report: &Value) -> Vec<String> {
    report["failed"]
        .as_array()
        .map(|failed| {
            failed
                .iter()
                .map(|f| format!("{}: {}", f["line"], f["error"].as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn rss_1_items_without_a_link_are_kept() -> TestResult {
    let sandbox = Sandbox::new()?;
    let (report, articles) = import(&sandbox, "rss1-without-links.rdf")?;
    assert_eq!(failures(&report), Vec::<String>::new());
    assert_eq!(articles.len(), 3, "{report}");
    let fares = sandbox.by_title("Ferry fares frozen for the winter")?;
    assert_eq!(fares["url"], "https://example.org/notes/ferry-fares");
    assert_eq!(fares["published"], "2026-10-12T07:00:00Z");
    let lights = sandbox.by_title("Quay lights replaced with LEDs")?;
    assert!(lights["url"].is_null(), "{lights}");
    let tides = sandbox.by_title("Tide tables for November published")?;
    assert_eq!(
        tides["url"],
        "https://example.org/notes/tide-tables-november"
    );
    Ok(())
}

#[test]
fn an_unusual_atom_type_costs_only_that_field() -> TestResult {
    let sandbox = Sandbox::new()?;
    let (report, articles) = import(&sandbox, "atom-odd-types.xml")?;
    assert_eq!(failures(&report), Vec::<String>::new());
    assert_eq!(
        titles(&articles),
        [
            "Bridge inspection finds no damage",
            "Mill reopens as a museum",
            "Orchard harvest starts a week early",
            "Survey map of the valley floor",
        ]
    );
    // The binary content is left out; the summary is the text that remains.
    let survey = sandbox.by_title("Survey map of the valley floor")?;
    assert_eq!(
        survey["body"],
        "The council published the survey as a download."
    );
    let bridge = sandbox.by_title("Bridge inspection finds no damage")?;
    assert_eq!(
        bridge["body"],
        "Engineers checked every pier of the old bridge.\n\nTheir full report[1] is online."
    );
    assert_eq!(
        bridge["links"][0]["url"],
        "https://example.org/valley/bridge-report"
    );
    let mill = sandbox.by_title("Mill reopens as a museum")?;
    assert_eq!(mill["body"], "The water mill reopened on Saturday.");
    Ok(())
}

#[test]
fn atom_0_3_text_plain_and_base64_content() -> TestResult {
    let sandbox = Sandbox::new()?;
    let (report, articles) = import(&sandbox, "atom03-text-plain.xml")?;
    assert_eq!(failures(&report), Vec::<String>::new());
    assert_eq!(articles.len(), 2);
    let quay = sandbox.by_title("Harbour opens a second quay")?;
    assert_eq!(
        quay["body"],
        "The second quay doubles the room for ferries.\n\nWork on a third quay starts next spring."
    );
    assert_eq!(quay["published"], "2005-06-01T08:00:00Z");
    assert_eq!(quay["source"], "Example Old Atom Desk");
    let braille = sandbox.by_title("Ferry timetable printed in braille")?;
    assert_eq!(
        braille["body"],
        "The harbour office prints the timetable in braille."
    );
    Ok(())
}

#[test]
fn items_told_only_in_markup_or_modules_are_kept() -> TestResult {
    let sandbox = Sandbox::new()?;
    let (report, articles) = import(&sandbox, "markup-only.xml")?;
    assert_eq!(failures(&report), Vec::<String>::new());
    assert_eq!(articles.len(), 3, "{report}");
    let lifeboat = sandbox.by_title("Lifeboat crew rescues two kayakers off the north cape.")?;
    assert_eq!(
        lifeboat["body"],
        "Lifeboat crew rescues two kayakers off the north cape."
    );
    let keeper = sandbox.by_title("Lighthouse keeper retires after forty years")?;
    assert_eq!(
        keeper["body"],
        "She kept the light at the point since 1986."
    );
    assert_eq!(keeper["author"], "Ines Duarte");
    assert_eq!(keeper["published"], "2026-10-15T12:00:00Z");
    let episode = sandbox.by_title("Fishermen talk about the season's catch.")?;
    assert_eq!(
        episode["body"],
        "Fishermen talk about the season's catch.\n\nThe episode ends with the weather outlook."
    );
    assert_eq!(episode["author"], "Coast Radio Team");
    Ok(())
}

#[test]
fn json_feed_quirks_cost_only_the_field_and_a_bad_item_only_itself() -> TestResult {
    let sandbox = Sandbox::new()?;
    let (report, articles) = import(&sandbox, "json-feed-quirks.json")?;
    assert_eq!(
        titles(&articles),
        [
            "Bakers agree on a bread price",
            "Cheese fair returns to the square",
            "Fish prices fall as catches rise",
            "Flower stalls move indoors",
        ]
    );
    assert_eq!(
        failures(&report),
        [
            "31: item 5: expected an object, got \"a string where an item should be\"",
            "32: item 6 (market-6): no title or text",
        ]
    );
    let fish = sandbox.by_title("Fish prices fall as catches rise")?;
    assert_eq!(fish["author"], "Tomas Lindqvist");
    assert_eq!(fish["source"], "Example Market Report");
    let dates: Vec<&str> = [
        "Cheese fair returns to the square",
        "Bakers agree on a bread price",
        "Flower stalls move indoors",
    ]
    .iter()
    .map(|title| {
        articles
            .iter()
            .find(|a| a["title"] == *title)
            .and_then(|a| a["published"].as_str())
            .unwrap_or_default()
    })
    .collect();
    assert_eq!(
        dates,
        [
            "2025-06-02T00:00:00Z",
            "2025-06-03T09:30:00Z",
            "2025-06-06T09:30:00Z"
        ]
    );
    let flowers = sandbox.by_title("Flower stalls move indoors")?;
    assert_eq!(
        flowers["body"],
        "The stalls moved into the old market hall."
    );
    Ok(())
}

#[test]
fn an_item_cut_off_by_broken_xml_costs_that_item_and_is_reported() -> TestResult {
    let sandbox = Sandbox::new()?;
    let output = sandbox.run(&[
        "import",
        "--json",
        &odd("broken-third-item.xml").to_string_lossy(),
    ])?;
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(
        titles(&sandbox.articles()?),
        [
            "Island school gets a new roof",
            "Post boat adds a Saturday crossing"
        ]
    );
    assert_eq!(
        failures(&report),
        [
            "16: item 3 (island-shop): cut off where the XML breaks at line 19 \
          (the text ends before <description> is closed)"
        ]
    );
    Ok(())
}

#[test]
fn an_empty_feed_says_it_has_no_items() -> TestResult {
    let sandbox = Sandbox::new()?;
    let output = sandbox.run(&["import", "--json", &odd("no-items.xml").to_string_lossy()])?;
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(failures(&report), ["null: the feed has no items"]);
    Ok(())
}

#[test]
fn refresh_names_an_html_page_a_corrupt_gzip_body_and_reads_an_odd_feed() -> TestResult {
    let server = Server::start()?;
    let page = std::fs::read(fixtures().join("html").join("article.html"))?;
    server.route(
        "/page.xml",
        Response::ok(page).header("Content-Type", "text/html"),
    );
    // A gzip member whose header is damaged part way.
    let mut corrupt = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff];
    corrupt.extend_from_slice(b"\xff\xff\xff not deflate data at all");
    server.route(
        "/corrupt.xml",
        Response::ok(corrupt)
            .header("Content-Type", "application/rss+xml")
            .header("Content-Encoding", "gzip"),
    );
    server.route(
        "/atom.xml",
        served(std::fs::read(odd("atom-odd-types.xml"))?),
    );
    server.route("/empty.xml", served(std::fs::read(odd("no-items.xml"))?));
    let sandbox = Sandbox::new()?;
    subscribe(
        &sandbox,
        &[
            ("Page", server.url("/page.xml")),
            ("Corrupt", server.url("/corrupt.xml")),
            ("Odd Atom", server.url("/atom.xml")),
            ("Empty", server.url("/empty.xml")),
        ],
    )?;
    let report = refresh(&sandbox, &[])?;
    let error = |name: &str| -> Result<String, Box<dyn std::error::Error>> {
        Ok(report.feed(name)?["error"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    };
    assert_eq!(error("Page")?, "this is an HTML page, not a feed");
    assert!(
        error("Corrupt")?
            .starts_with("could not decompress the response: the gzip body is corrupt"),
        "{}",
        error("Corrupt")?
    );
    assert_eq!(report.status("Odd Atom")?, "ok");
    assert_eq!(report.feed("Odd Atom")?["new"], 4);
    // At refresh a feed with no items is a quiet feed, not a failure.
    assert_eq!(report.status("Empty")?, "ok");
    assert_eq!(report.feed("Empty")?["new"], 0);
    Ok(())
}

#[test]
fn refresh_says_which_items_a_feed_left_out() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/broken.xml",
        served(std::fs::read(odd("broken-third-item.xml"))?),
    );
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Islands", server.url("/broken.xml"))])?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.status("Islands")?, "ok");
    assert_eq!(report.feed("Islands")?["new"], 2);
    let left_out = report.feed("Islands")?["left_out"].clone();
    assert_eq!(
        left_out,
        serde_json::json!([
            "line 16: item 3 (island-shop): cut off where the XML breaks at line 19 \
             (the text ends before <description> is closed)"
        ])
    );
    let said = report.lines_naming("Islands");
    assert!(
        said.iter()
            .any(|line| line.contains("1 item left out: line 16: item 3")),
        "{}",
        report.stderr
    );
    Ok(())
}

#[test]
fn a_feed_that_breaks_off_after_its_items_says_so_without_counting_an_item() -> TestResult {
    let xml = "<rss><channel><title>Cut</title>\n<item><guid>c-1</guid><title>Ferry one</title></item>\n\
               <item><guid>c-2</guid><title>Ferry two</title></item>\n<";
    let server = Server::start()?;
    server.route("/cut.xml", served(xml.as_bytes().to_vec()));
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Cut", server.url("/cut.xml"))])?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.feed("Cut")?["new"], 2);
    assert!(
        report.feed("Cut")?.get("left_out").is_none(),
        "{}",
        report.stderr
    );
    let broke_off = report.feed("Cut")?["broke_off"].clone();
    assert!(
        broke_off
            .as_str()
            .is_some_and(|said| said.starts_with("line 4: the XML breaks off here")),
        "{broke_off}"
    );
    let said = report.lines_naming("Cut");
    assert!(
        !said.iter().any(|line| line.contains("left out")),
        "{}",
        report.stderr
    );
    assert!(
        said.iter()
            .any(|line| line.contains("the items before it were read")),
        "{}",
        report.stderr
    );
    Ok(())
}

#[test]
fn a_feed_with_many_items_left_out_says_the_first_ten_reasons() -> TestResult {
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>\n");
    for n in 0..15 {
        xml.push_str(&format!("<item><guid>empty-{n}</guid></item>\n"));
    }
    xml.push_str("<item><guid>whole</guid><title>Quay reopens</title></item>\n</channel></rss>\n");
    let server = Server::start()?;
    server.route("/many.xml", served(xml.into_bytes()));
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Many", server.url("/many.xml"))])?;
    let report = refresh(&sandbox, &[])?;
    assert_eq!(report.feed("Many")?["new"], 1);
    assert_eq!(
        report.feed("Many")?["left_out"].as_array().map(Vec::len),
        Some(15)
    );
    let said = report.lines_naming("Many");
    let line = said
        .iter()
        .find(|line| line.contains("15 items left out:"))
        .ok_or(report.stderr.clone())?;
    assert_eq!(line.matches("; ").count(), 10, "{line}");
    assert!(line.ends_with("; ..."), "{line}");
    Ok(())
}
