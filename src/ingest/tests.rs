//! The ingest entry points across formats: detection, whole-input errors, cleaning and caps.

#![allow(clippy::unwrap_used)]

use super::*;

fn origin(name: &str) -> Origin {
    Origin {
        name: name.into(),
        modified: None,
    }
}

#[test]
fn windows_1251_rss_bytes_parse_with_cyrillic_title() {
    let rss = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss version=\"2.0\"><channel>\
               <title>Лента</title><item><title>Выборы в городской совет</title>\
               <description>Итоги голосования</description></item></channel></rss>";
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1251.encode(rss);
    assert!(!had_errors);
    let format = detect_format(Some(Path::new("feed.xml")), &bytes).unwrap();
    let parsed = parse(&bytes, &origin("feed.xml"), format).unwrap();
    assert_eq!(parsed.drafts[0].title, "Выборы в городской совет");
    assert_eq!(parsed.drafts[0].source, "Лента");
}

#[test]
fn invalid_utf8_never_crashes_any_parser() {
    let bytes = b"Title \xff\xfe\xc3\n\xe2\x82 body text \xf0\x9f.\n";
    for format in [
        Format::Wire,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::JsonLines,
        Format::Feed,
        Format::SgmlNews,
    ] {
        let _ = parse(bytes, &origin("bad"), format);
    }
    let parsed = parse(bytes, &origin("bad"), Format::Wire).unwrap();
    assert!(parsed.drafts[0].title.starts_with("Title"));
}

#[test]
fn every_format_comes_out_sanitised() {
    let json = "{\"title\": \"Red \\u001b[31malert\\u001b[0m\", \"author\": \"A\\u202eB\", \
                \"body\": \"Line\\u0007 one\\r\\nLine two\"}";
    let parsed = parse(json.as_bytes(), &origin("x.json"), Format::Json).unwrap();
    let draft = &parsed.drafts[0];
    assert_eq!(draft.title, "Red alert");
    assert_eq!(draft.author, "AB");
    assert_eq!(draft.body, "Line one\n\nLine two");
}

#[test]
fn unknown_format_and_empty_feed() {
    let err = parse_detected(None, b"\x1f\x8b\x08binary", &origin("x.gz")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.gz: not a recognised article format: it is gzip-compressed (decompress it first)"
    );
    // Random bytes named as text decode to something in a legacy charset; that is not text.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..4000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    for format in [Format::Wire, Format::Markdown, Format::Html] {
        let err = parse(&noise, &origin("noise.txt"), format).unwrap_err();
        assert_eq!(
            err.to_string(),
            "noise.txt: not a recognised article format: it is binary data"
        );
    }
    // A short note ending in a DOS end-of-file byte is too short to judge: it is text.
    let note = parse(b"Harbour closed.\x1a", &origin("n.txt"), Format::Wire).unwrap();
    assert_eq!(note.drafts[0].title, "Harbour closed.");
    // Text in a legacy charset with a stray control byte is still text.
    let latin = b"Z\xfcrich, 2. Februar. Die Stadt \x07feiert ihr Fest am Ufer des Sees.";
    assert_eq!(
        parse(latin, &origin("l.txt"), Format::Wire)
            .unwrap()
            .drafts
            .len(),
        1
    );
    // An import that would store nothing from a feed says why.
    for empty in [
        &b"<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>"[..],
        b"<rss></rss>",
    ] {
        let err = parse(empty, &origin("e.rss"), Format::Feed).unwrap_err();
        assert_eq!(err.to_string(), "e.rss: the feed has no items");
    }
    assert!(parse(b"<rss><chan", &origin("m.rss"), Format::Feed).is_err());
}

#[test]
fn markdown_bad_date_costs_the_date_and_is_named_with_its_line() {
    let text = "---\ntitle: T\ndate: someday\n---\nText";
    let parsed = parse(text.as_bytes(), &origin("a.md"), Format::Markdown).unwrap();
    assert_eq!(parsed.drafts.len(), 1);
    assert_eq!(parsed.drafts[0].published, None);
    assert!(parsed.errors.is_empty());
    assert_eq!(
        parsed.warnings[0].to_string(),
        "a.md:3: field `date`: expected a date, got \"someday\""
    );
}

#[test]
fn authors_with_emails_become_names_in_every_format() {
    let rss = "<rss version=\"2.0\"><channel><title>F</title>\
               <item><title>A</title><author>lf@example.org (Lucía Fernández)</author></item>\
               <item><title>B</title><author>Ann Lee &lt;ann@example.org&gt;</author></item>\
               <item><title>C</title><author>bo@example.org</author></item>\
               </channel></rss>";
    let parsed = parse(rss.as_bytes(), &origin("f.rss"), Format::Feed).unwrap();
    let authors: Vec<&str> = parsed.drafts.iter().map(|d| d.author.as_str()).collect();
    assert_eq!(authors, ["Lucía Fernández", "Ann Lee", "bo@example.org"]);
    let json = "{\"title\": \"T\", \"author\": [\"Ann Lee <ann@example.org>\", \"(Bo Ek)\"]}";
    let parsed = parse(json.as_bytes(), &origin("a.json"), Format::Json).unwrap();
    assert_eq!(parsed.drafts[0].author, "Ann Lee, Bo Ek");
}

#[test]
fn titles_and_standfirsts_are_capped_in_every_format() {
    let line = "word ".repeat(20_000);
    let parsed = parse(line.as_bytes(), &origin("long.txt"), Format::Wire).unwrap();
    let title = &parsed.drafts[0].title;
    assert!(
        title.chars().count() <= 300,
        "{} chars",
        title.chars().count()
    );
    assert!(title.ends_with("word…"), "{title}");
    let json = format!(
        "{{\"title\": \"{}\", \"standfirst\": \"{}\", \"body\": \"Text.\"}}",
        "Big ".repeat(200),
        "more ".repeat(1000)
    );
    let parsed = parse(json.as_bytes(), &origin("a.json"), Format::Json).unwrap();
    let draft = &parsed.drafts[0];
    assert!(draft.title.chars().count() <= 300);
    assert!(draft.title.ends_with("Big…"), "{}", draft.title);
    assert!(draft.standfirst.chars().count() <= 1000);
    assert!(draft.standfirst.ends_with("more…"));
    let short = parse(b"{\"title\": \"Short\"}", &origin("b.json"), Format::Json).unwrap();
    assert_eq!(short.drafts[0].title, "Short");
}

#[test]
fn empty_input_says_the_file_is_empty() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.md", b" \n\t\n"),
        ("empty.json", b""),
        ("noext", b""),
        ("bom.txt", b"\xef\xbb\xbf\n"),
    ] {
        let path = Path::new(name);
        let format = detect_format(Some(path), bytes);
        assert!(format.is_some(), "{name}: no format");
        let err = parse_detected(Some(path), bytes, &origin(name)).unwrap_err();
        assert_eq!(err.reason, "the file is empty", "{name}");
    }
    assert_eq!(detect_format(None, b""), Some(Format::Wire));
    let err = parse(b"", &origin("-"), Format::Wire).unwrap_err();
    assert_eq!(err.to_string(), "-: stdin is empty");
}

#[test]
fn a_page_is_refused_only_when_its_type_is_plainly_no_text() {
    let page =
        b"<html><body><article><p>The harbour board met on Tuesday and agreed to dredge the \
                 channel before the winter storms, the chair said.</p></article></body></html>";
    for kind in [
        "text/html; charset=utf-8",
        "TEXT/HTML",
        "application/xhtml+xml",
        "binary/octet-stream",
        "application/octet-stream",
        "application/x-httpd-php",
        "",
    ] {
        let kept = parse_fetched_page(page, Some(kind), "https://example.org/a", &[]);
        assert!(kept.is_ok(), "{kind}: {kept:?}");
    }
    for kind in [
        "image/png",
        "image/svg+xml",
        "application/pdf",
        "video/mp4; codecs=x",
    ] {
        let refused = parse_fetched_page(page, Some(kind), "https://example.org/a", &[]);
        let reason = refused.map(|_| String::new()).unwrap_err().reason;
        assert!(reason.contains("not text but"), "{kind}: {reason}");
    }
}

#[test]
fn a_title_too_long_is_cut_and_kept_whole_as_the_standfirst_when_there_is_none() {
    let words: Vec<String> = (0..60).map(|n| format!("word{n}")).collect();
    let long = words.join(" ");
    let json = format!("{{\"title\": \"{long}\", \"body\": \"Body text.\"}}");
    let parsed = parse(json.as_bytes(), &origin("a.json"), Format::Json).unwrap();
    let draft = &parsed.drafts[0];
    assert!(draft.title.chars().count() <= MAX_TITLE_CHARS);
    assert!(draft.title.ends_with('…'), "{}", draft.title);
    assert_eq!(draft.standfirst, long, "the words after the cut are kept");
    assert_eq!(draft.body, "Body text.");
    // A draft from a server, tidied the same way; a standfirst of its own is not replaced.
    let mut from_server = ArticleDraft {
        title: long.clone(),
        standfirst: "Its own standfirst.".into(),
        body: "Body.".into(),
        ..ArticleDraft::default()
    };
    assert!(tidy_draft(&mut from_server));
    assert!(from_server.title.ends_with('…'));
    assert_eq!(from_server.standfirst, "Its own standfirst.");
    // A title that is the body's opening is in the body already: not shown twice.
    let mut opening = ArticleDraft {
        title: long.clone(),
        body: format!("{long} And more after it."),
        ..ArticleDraft::default()
    };
    assert!(tidy_draft(&mut opening));
    assert!(opening.standfirst.is_empty());
}

#[test]
fn a_feed_date_that_cannot_be_read_or_lies_years_ahead_is_said_and_costs_only_itself() {
    let rss = b"<rss version=\"2.0\"><channel><title>T</title>\
        <item><title>Bogus date</title><guid>b1</guid><pubDate>bogus</pubDate></item>\
        <item><title>Good date</title><guid>b2</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate></item>\
        <item><title>Far ahead</title><guid>b3</guid><pubDate>Sat, 02 Nov 2361 08:00:00 GMT</pubDate></item>\
        </channel></rss>";
    let parsed = parse(rss, &origin("d.rss"), Format::Feed).unwrap();
    assert_eq!(parsed.drafts.len(), 3, "every item kept");
    let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("d.rss:1: item 1 (b1): field pubdate: \"bogus\" is not a date"),
        "{warnings:?}"
    );
    assert!(warnings[1].contains("item 3 (b3): field published: 2361-11-02 is in the future"));
    let long_ago = br#"{"title": "Old", "body": "b", "published": -99999999999999}"#;
    let old = parse(long_ago, &origin("o.json"), Format::Json).unwrap();
    assert_eq!(old.drafts[0].published, None);
    assert!(
        old.warnings[0].to_string().contains("is before any news"),
        "{:?}",
        old.warnings
    );
    assert_eq!(parsed.drafts[0].published, None);
    assert!(parsed.drafts[1].published.is_some());
    assert_eq!(parsed.drafts[2].published, None);
    let json_feed = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
        "items": [{"id": "j1", "title": "Odd", "date_published": "2025-13-45T99:00:00Z"}]}"#;
    let parsed = parse(json_feed, &origin("j.json"), Format::Feed).unwrap();
    assert!(
        parsed.warnings[0]
            .to_string()
            .contains("field date_published: \"2025-13-45T99:00:00Z\" is not a date"),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn a_json_feed_file_with_a_broken_item_is_still_read_as_a_feed() {
    let cases: [&[u8]; 2] = [
        br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"A"},{"id":"2","title":"B \ud800"}]}"#,
        b"{\"feed_url\": \"https://example.org/f.json\", \"title\": \"J\", \"items\": [\n{\"id\": \"1\", \"title\": \"A\"},\n{\"id\": \"2\" \"title\": \"B\"}]}",
    ];
    for bytes in cases {
        let path = Path::new("f.json");
        assert_eq!(detect_format(Some(path), bytes), Some(Format::Feed));
        let parsed = parse(bytes, &origin("f.json"), Format::Feed).unwrap();
        assert_eq!(parsed.drafts[0].title, "A");
    }
}
