//! Inputs at the edges of the import formats, through the real binary: text files carrying NUL
//! and other control bytes, UTF-16 and UTF-32 text without a byte-order mark, and SGML news collections in the shape of Reuters-21578. The fixtures
//! are in `tests/fixtures/nul` and `tests/fixtures/sgml` (see their README).

mod common;

use common::{Sandbox, TestResult, fixtures};
use serde_json::Value;

#[test]
fn a_nul_or_control_byte_does_not_refuse_a_text_file() -> TestResult {
    let sandbox = Sandbox::new()?;
    let report = sandbox.import(&fixtures().join("nul"))?;
    assert_eq!(report["failed"], Value::Array(Vec::new()), "{report}");
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(4),
        "{report}"
    );
    let expected = [
        (
            "Night buses return to the old town",
            "The city brought back three night bus lines",
        ),
        (
            "Library extends its opening hours",
            "The central library now opens at seven.",
        ),
        (
            "Market square gets new benches",
            "Twenty oak benches were placed around",
        ),
        (
            "Harbour crane back in service",
            "The crane lifted its first container",
        ),
    ];
    for (title, text) in expected {
        let article = sandbox.by_title(title)?;
        let text_of = |field: &str| article[field].as_str().unwrap_or_default().to_string();
        let all = format!(
            "{}\n{}\n{}",
            text_of("title"),
            text_of("standfirst"),
            text_of("body")
        );
        assert!(all.contains(text), "{title}: {all:?}");
        let bad = all.chars().find(|&c| c.is_control() && c != '\n');
        assert_eq!(bad, None, "{title}: {all:?}");
    }
    Ok(())
}

#[test]
fn utf16_and_utf32_text_without_a_bom_is_read_not_refused_as_binary() -> TestResult {
    let sandbox = Sandbox::new()?;
    let files = tempfile::tempdir()?;
    let markdown =
        "# Ferry to Åland runs again\n\nThe morning ferry sails at 06:40 from the east pier.\n";
    let text =
        "Pier lights go dark for repairs\n\nThe lights on the west pier are off until Friday.\n";
    let le: Vec<u8> = markdown.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be32: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    std::fs::write(files.path().join("ferry.md"), le)?;
    std::fs::write(files.path().join("pier.txt"), be32)?;
    let report = sandbox.import(files.path())?;
    assert_eq!(report["failed"], Value::Array(Vec::new()), "{report}");
    let ferry = sandbox.by_title("Ferry to Åland runs again")?;
    assert_eq!(
        ferry["body"],
        "The morning ferry sails at 06:40 from the east pier."
    );
    let pier = sandbox.by_title("Pier lights go dark for repairs")?;
    assert!(pier.to_string().contains("off until Friday"), "{pier}");
    Ok(())
}

#[test]
fn an_sgml_news_collection_is_one_article_per_document() -> TestResult {
    let sandbox = Sandbox::new()?;
    let path = fixtures().join("sgml").join("harbour-wire.sgm");
    let output = sandbox.run(&["import", "--json", &path.to_string_lossy()])?;
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(
        report["imported"].as_array().map(Vec::len),
        Some(3),
        "{report}"
    );
    let failed = report["failed"].as_array().ok_or("failed")?;
    assert_eq!(failed.len(), 1, "{report}");
    assert_eq!(failed[0]["line"], 45);
    assert_eq!(failed[0]["error"], "item 4 (NEWID 4): no title or text");

    let talks = sandbox.by_title("LISBON PORT WORKERS & OWNERS RESUME TALKS")?;
    assert_eq!(talks["published"], "1987-03-03T09:15:01Z");
    assert_eq!(talks["source"], "Reuters");
    assert_eq!(talks["dateline"]["place"], "LISBON");
    assert_eq!(talks["dateline"]["date"], "1987-03-03");
    let body = talks["body"].as_str().unwrap_or_default();
    assert_eq!(body.split("\n\n").count(), 3, "{body:?}");
    assert!(
        body.starts_with("LISBON, March 3 - Dock workers and port owners in Lisbon resumed talks"),
        "{body:?}"
    );
    assert!(
        !body.contains("Reuter\n") && !body.ends_with("Reuter"),
        "{body:?}"
    );
    let brief = sandbox.by_title("OSLO FERRY LINE ORDERS TWO VESSELS")?;
    assert_eq!(brief["body"], "");
    let unprocessed =
        sandbox.by_title("Harbour dues at Rotterdam will stay unchanged next year, the port authority said in a statement.")?;
    assert_eq!(unprocessed["published"], "1987-03-03T11:40:12Z");
    for article in sandbox.articles()? {
        let title = article["title"].as_str().unwrap_or_default();
        assert!(!title.contains("DOCTYPE"), "{title}");
    }
    Ok(())
}

#[test]
fn sgml_that_is_not_a_news_collection_is_refused_by_name() -> TestResult {
    let sandbox = Sandbox::new()?;
    let path = sandbox.data_dir().join("manual.sgml");
    std::fs::write(
        &path,
        "<!DOCTYPE book><BOOK><CHAPTER>One</CHAPTER></BOOK>\n",
    )?;
    let report = sandbox.import(&path)?;
    let failed = report["failed"].as_array().ok_or("failed")?;
    assert_eq!(failed.len(), 1, "{report}");
    assert!(
        failed[0]["path"]
            .as_str()
            .unwrap_or_default()
            .ends_with("manual.sgml")
    );
    assert_eq!(
        failed[0]["error"],
        "not an SGML news collection: it holds no <REUTERS> document"
    );
    Ok(())
}
