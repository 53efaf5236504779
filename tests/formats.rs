//! Every import format, through the real binary and into a real store: the fixtures in
//! `tests/fixtures` (see its README for what each one checks).

mod common;

use common::{Sandbox, TestResult, fixtures, paragraphs};
use serde_json::Value;

fn dateline(article: &Value) -> (String, Option<String>, Option<String>) {
    let d = &article["dateline"];
    (
        d["place"].as_str().unwrap_or_default().to_string(),
        d["date"].as_str().map(|s| s[5..].to_string()),
        d["agency"].as_str().map(str::to_string),
    )
}

#[test]
fn wire_copy_in_every_agency_style() -> TestResult {
    let sandbox = Sandbox::new()?;
    let report = sandbox.import(&fixtures().join("wire"))?;
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(6),
        "{report}"
    );
    let cases = [
        (
            "Gulf states agree to build joint desalination laboratory",
            "DUBAI",
            Some("02-02"),
            Some("TASS"),
        ),
        (
            "Norwegian ferry operator orders six electric ships",
            "OSLO",
            Some("10-03"),
            Some("Reuters"),
        ),
        (
            "Kenyan runners dominate Nairobi half marathon",
            "NAIROBI",
            None,
            Some("AP"),
        ),
        (
            "Paris bookshops report record sales after literary prize season",
            "PARIS",
            None,
            Some("AFP"),
        ),
        (
            "Tokyo startup unveils translating earpiece for tourists",
            "TOKYO",
            Some("11-04"),
            None,
        ),
        (
            "EU ministers back new rules on night trains",
            "BRUSSELS",
            Some("09-30"),
            Some("WIRE"),
        ),
    ];
    for (title, place, day, agency) in cases {
        let article = sandbox.by_title(title)?;
        let expected = (
            place.to_string(),
            day.map(str::to_string),
            agency.map(str::to_string),
        );
        assert_eq!(dateline(&article), expected, "{title}");
        if let Some(agency) = agency {
            assert_eq!(
                article["source"], agency,
                "the agency is the source when none is given"
            );
        }
        assert_eq!(
            paragraphs(&article["body"]),
            3,
            "{title}: {}",
            article["body"]
        );
    }
    let tass = sandbox.by_title("Gulf states agree to build joint desalination laboratory")?;
    assert_eq!(
        tass["standfirst"],
        "Ministers said the laboratory would open \"within eighteen months\""
    );
    let breadcrumb = sandbox.by_title("EU ministers back new rules on night trains")?;
    assert_eq!(breadcrumb["standfirst"], "");
    for article in sandbox.articles()? {
        for nav in [
            "All news",
            "World",
            "Home > World > Europe",
            "Share",
            "Culture",
            "Technology",
        ] {
            assert_ne!(article["title"], nav);
            assert_ne!(article["standfirst"], nav);
        }
    }
    Ok(())
}

#[test]
fn markdown_with_and_without_front_matter() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("markdown"))?;
    let yaml = sandbox.by_title("Harbour tunnel reopens after six-month repair")?;
    assert_eq!(yaml["published"], "2026-10-02T08:30:00Z");
    assert_eq!(yaml["source"], "Coastal Courier");
    assert_eq!(yaml["author"], "Ingrid Halvorsen");
    assert_eq!(
        yaml["url"],
        "https://example.org/news/harbour-tunnel-reopens"
    );
    let links: Vec<&str> = yaml["links"]
        .as_array()
        .ok_or("links")?
        .iter()
        .filter_map(|l| l["url"].as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.org/roads/bergen-tunnel",
            "https://example.com/timelines/bergen-tunnel"
        ]
    );
    let body = yaml["body"].as_str().ok_or("body")?;
    assert!(body.contains("[1]") && body.contains("[2]"), "{body}");
    assert!(
        !body.contains("](http"),
        "markdown link syntax left in {body}"
    );
    let toml = sandbox.by_title("Library opens late-night reading room for students")?;
    assert_eq!(toml["published"], "2026-09-12T14:00:00Z");
    assert_eq!(toml["author"], "Jonas Berg");
    let heading = sandbox.by_title("City council approves new cycle lanes")?;
    assert_eq!(paragraphs(&heading["body"]), 2);
    assert!(
        !heading["body"]
            .as_str()
            .unwrap_or_default()
            .contains("City council approves")
    );
    Ok(())
}

#[test]
fn html_pages_keep_the_article_and_drop_the_rest() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("html"))?;
    let page = sandbox.by_title("Dutch farmers test seaweed feed to cut methane")?;
    assert_eq!(page["source"], "Example Daily");
    assert_eq!(page["author"], "Anouk de Vries");
    assert_eq!(page["published"], "2026-10-14T09:15:00Z");
    assert_eq!(page["url"], "https://example.org/world/story-1");
    let body = page["body"].as_str().ok_or("body")?;
    for chrome in ["Crosswords", "ADVERTISEMENT", "Tulip growers", "Copyright"] {
        assert!(!body.contains(chrome), "{chrome:?} leaked into {body}");
    }
    let links: Vec<&str> = page["links"]
        .as_array()
        .ok_or("links")?
        .iter()
        .filter_map(|l| l["url"].as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.com/research/seaweed-feed-trial",
            "https://example.org/world/story-2"
        ]
    );

    let scripted = sandbox.by_title("Harbour festival draws record crowds")?;
    let text = scripted.to_string();
    for bad in ["alert", "onerror", "javascript:", "crimson", "display:"] {
        assert!(!text.contains(bad), "{bad:?} survived: {text}");
    }
    assert!(text.contains("60,000 people"));
    assert_eq!(scripted["links"].as_array().map(Vec::len), Some(0));

    let legacy = sandbox.by_title("Village café raises its coffee to €5")?;
    assert_eq!(legacy["author"], "Amélie Roux");
    let body = legacy["body"].as_str().ok_or("body")?;
    for expected in ["café", "€5", "“the honest cost”", "René Fabre", "mayor’s"] {
        assert!(body.contains(expected), "{expected:?} missing from {body}");
    }
    Ok(())
}

#[test]
fn json_json_lines_and_their_errors() -> TestResult {
    let sandbox = Sandbox::new()?;
    let report = sandbox.import(&fixtures().join("json"))?;
    // one.json 1 + array.json 3 + lines.jsonl 4 + bad-field.jsonl 2: a field that cannot be
    // read costs the field, a line that is not JSON the line.
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(10),
        "{report}"
    );
    let name_and_line = |f: &serde_json::Value| {
        let path = f["path"].as_str().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default().to_string();
        (name, f["line"].as_i64().unwrap_or(-1))
    };
    let failed = report["failed"].as_array().ok_or("failed")?;
    let lines: Vec<(String, i64)> = failed.iter().map(name_and_line).collect();
    assert_eq!(lines, [("lines.jsonl".to_string(), 3)], "{report}");
    let warnings = report["warnings"].as_array().ok_or("warnings")?;
    let lines: Vec<(String, i64)> = warnings.iter().map(name_and_line).collect();
    assert_eq!(lines, [("bad-field.jsonl".to_string(), 2)], "{report}");
    let bad_field = warnings[0]["error"].as_str().unwrap_or_default();
    assert_eq!(
        bad_field, "field `published`: expected a date, got a boolean (true)",
        "the warning names the field"
    );
    let undated = sandbox.by_title("Sofia metro extension delayed")?;
    assert!(
        undated["body"]
            .as_str()
            .is_some_and(|b| b.contains("a year late"))
    );

    let aliased = sandbox.by_title("Athens heatwave ends after twelve days")?;
    assert_eq!(aliased["published"], "2026-09-08T12:20:00Z");
    assert!(
        !aliased["standfirst"]
            .as_str()
            .unwrap_or_default()
            .is_empty()
    );
    assert!(aliased["url"].as_str().is_some());
    let one = sandbox.by_title("Lisbon opens its first floating solar farm")?;
    assert_eq!(one["author"], "Pedro Almeida");
    assert_eq!(paragraphs(&one["body"]), 2);
    Ok(())
}

#[test]
fn feeds_of_every_flavour() -> TestResult {
    let sandbox = Sandbox::new()?;
    let report = sandbox.import(&fixtures().join("feeds"))?;
    // rss2 3 + atom 2 + rss1 2 + rss091 2 + json feed 2 + windows-1251 1; malformed fails.
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(12),
        "{report}"
    );
    let failed = report["failed"].as_array().ok_or("failed")?;
    assert_eq!(failed.len(), 1, "{report}");
    assert!(
        failed[0]["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("malformed.xml")
    );

    let relative = sandbox.by_title("Lighthouse restoration finished")?;
    assert_eq!(
        relative["url"],
        "https://example.org/harbour/lighthouse-restored"
    );
    assert_eq!(relative["source"], "Example Harbour News");
    assert!(
        relative["body"]
            .as_str()
            .unwrap_or_default()
            .contains("restored & repainted")
    );
    let atom = sandbox.by_title("Glacier in the Alps lost a tenth of its ice this summer")?;
    assert_eq!(atom["published"], "2026-10-19T09:00:00Z");
    assert!(!atom["body"].as_str().unwrap_or_default().contains("<em>"));
    let updated_only = sandbox.by_title("New species of frog found in Ecuador")?;
    assert_eq!(updated_only["published"], "2026-10-20T12:00:00Z");
    sandbox.by_title("Rail strike in Italy ends after two days")?;
    sandbox.by_title("Cardiff opens new city library")?;
    sandbox.by_title("Seoul subway tests cleaning robots at night")?;
    let cyrillic = sandbox.by_title("Москва готовится к зиме")?;
    assert_eq!(cyrillic["source"], "Новости дня");
    assert!(
        cyrillic["body"]
            .as_str()
            .unwrap_or_default()
            .contains("Городские службы Москвы")
    );
    Ok(())
}

#[test]
fn hostile_text_is_cleaned_before_it_is_stored() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("hostile"))?;
    let articles = sandbox.articles()?;
    assert_eq!(articles.len(), 2);
    for article in &articles {
        for field in ["title", "standfirst", "body", "source", "author"] {
            let text = article[field].as_str().unwrap_or_default();
            let bad = text.chars().find(|&c| {
                (c.is_control() && c != '\n' && c != '\t')
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            });
            assert_eq!(bad, None, "{field} holds {bad:?}: {text:?}");
            assert!(
                !text.contains("evil.example") && !text.contains("ZXZpbA=="),
                "{text:?}"
            );
            assert!(!text.contains("e\u{301}"), "not NFC: {text:?}");
        }
    }
    assert!(
        articles
            .iter()
            .any(|a| a["title"] == "Title in red with reversed text and café")
    );
    Ok(())
}

#[test]
fn directories_recurse_and_skip_hidden_and_non_article_files() -> TestResult {
    let sandbox = Sandbox::new()?;
    let output = sandbox.run(&[
        "import",
        "--json",
        &fixtures().join("mixed").to_string_lossy(),
    ])?;
    assert!(
        output.status.success(),
        "one bad file must not fail the import"
    );
    let report: Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(4),
        "{report}"
    );
    // blob.bin has no article extension: skipped and counted, not a failure.
    assert_eq!(
        report["failed"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("skipped 1 file"));
    // Named on the command line, it is tried and reported.
    let blob = fixtures().join("mixed").join("blob.bin");
    let named = sandbox.run(&["import", "--json", &blob.to_string_lossy()])?;
    let named: Value = serde_json::from_slice(&named.stdout)?;
    let failed = named["failed"].as_array().ok_or("failed")?;
    assert!(
        failed[0]["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("blob.bin")
    );
    assert!(!failed[0]["error"].as_str().unwrap_or_default().is_empty());
    let titles: Vec<String> = sandbox
        .articles()?
        .iter()
        .filter_map(|a| a["title"].as_str().map(str::to_string))
        .collect();
    assert!(!titles.iter().any(|t| t.contains("hidden")), "{titles:?}");
    let ferry = sandbox.by_title("Lisbon ferries return to full service after strike")?;
    assert_eq!(
        ferry["dateline"]["date"], "2026-09-05",
        "year from the date in the file name"
    );
    assert_eq!(ferry["published"], "2026-09-05T12:00:00Z");
    Ok(())
}

#[test]
fn the_date_in_a_wire_file_name_is_its_publication_date_whatever_its_dateline_says() -> TestResult {
    let sandbox = Sandbox::new()?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("2026-12-06-reuters-port.txt");
    std::fs::write(
        &path,
        "Port strike ends\nROTTERDAM, Oct 3 (Reuters) - Dock workers in Rotterdam returned to \
         work on Saturday after a week-long strike.\n",
    )?;
    sandbox.import(&path)?;
    let article = sandbox.by_title("Port strike ends")?;
    assert_eq!(article["published"], "2026-12-06T12:00:00Z", "{article}");
    assert_eq!(article["dateline"]["date"], "2026-10-03");
    // Without a date in its name, the dateline's day is the publication date.
    let plain = dir.path().join("port.txt");
    std::fs::write(
        &plain,
        "Port strike talks\nROTTERDAM, Oct 3 (Reuters) - Talks to end the strike at the port of \
         Rotterdam resumed on Saturday.\n",
    )?;
    sandbox.import(&plain)?;
    let article = sandbox.by_title("Port strike talks")?;
    let published = article["published"].as_str().unwrap_or_default();
    assert!(published.contains("-10-03T"), "{article}");
    Ok(())
}

#[test]
fn code_keeps_its_indentation_from_html_and_markdown() -> TestResult {
    let sandbox = Sandbox::new()?;
    let inputs = tempfile::tempdir()?;
    std::fs::write(
        inputs.path().join("page.html"),
        "<html><head><title>Reading a config file</title></head><body><article>\
         <h1>Reading a config file</h1><p>The loop below reads each line and stops at the \
         first blank one, which is how most tools have done it for years.</p>\
         <pre><code>for line in lines {\n    if line.is_empty() {\n\tbreak;   // the end\n    }\n}</code></pre>\
         <p>That is all it takes.</p></article></body></html>",
    )?;
    std::fs::write(
        inputs.path().join("note.md"),
        "# Indented steps\n\nThe steps, as a block:\n\n```\nstart\n  step one\n    step two\n```\n",
    )?;
    sandbox.import(inputs.path())?;
    let page = sandbox.by_title("Reading a config file")?;
    let body = page["body"].as_str().ok_or("body")?;
    assert!(
        body.contains(
            "for line in lines {\n    if line.is_empty() {\n    break; // the end\n    }\n}"
        ),
        "{body:?}"
    );
    let note = sandbox.by_title("Indented steps")?;
    let body = note["body"].as_str().ok_or("body")?;
    assert!(body.contains("start\n  step one\n    step two"), "{body:?}");
    // The plain `show` prints the lines as they are stored.
    let id = page["id"].as_i64().ok_or("id")?.to_string();
    let shown = sandbox.run(&["show", &id])?;
    let shown = String::from_utf8(shown.stdout)?;
    assert!(shown.contains("\n    if line.is_empty() {\n"), "{shown}");
    Ok(())
}
