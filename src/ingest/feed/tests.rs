//! The feed reader end to end: whole documents in, drafts and problems out.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::ingest::encoding::decode;

fn drafts(text: &str) -> Vec<ArticleDraft> {
    parse_feed(text).unwrap().drafts
}

#[test]
fn rss_items_become_drafts() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Valley &amp; Hills</title>
        <link>https://valley.example/</link>
        <item><title>Road &lt;b&gt;closed&lt;/b&gt;</title><link>https://valley.example/road</link>
        <guid>road-1</guid><pubDate>Tue, 02 Apr 2024 08:00:00 GMT</pubDate>
        <description>&lt;p&gt;See &lt;a href="/map"&gt;the map&lt;/a&gt;.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
        </item>
        <item><title>No guid here</title><description>Plain words</description></item>
        </channel></rss>"#;
    let drafts = drafts(rss);
    assert_eq!(drafts.len(), 2);
    let first = &drafts[0];
    assert_eq!(first.title, "Road closed");
    assert_eq!(first.source, "Valley & Hills");
    assert_eq!(first.body, "See the map[1].");
    assert_eq!(first.links[0].url, "https://valley.example/map");
    assert_eq!(first.guid.as_deref(), Some("road-1"));
    assert!(first.published.is_some());
    assert_eq!(drafts[1].guid, None);
    assert_eq!(drafts[1].body, "Plain words");
}

#[test]
fn atom_summary_becomes_standfirst_when_content_exists() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:desk</id>
        <updated>2024-04-02T08:00:00Z</updated>
        <entry><title>Harbour news</title><id>urn:1</id><updated>2024-04-02T08:00:00Z</updated>
        <author><name>Ann</name></author><author><name>Bo</name></author>
        <link rel="alternate" href="https://desk.example/1"/>
        <summary>Short version</summary>
        <content type="html">&lt;p&gt;Long version of the story.&lt;/p&gt;</content></entry></feed>"#;
    let drafts = drafts(atom);
    assert_eq!(drafts[0].standfirst, "Short version");
    assert_eq!(drafts[0].body, "Long version of the story.");
    assert_eq!(drafts[0].author, "Ann, Bo");
    assert_eq!(drafts[0].url.as_deref(), Some("https://desk.example/1"));
}

#[test]
fn windows_1251_feed_keeps_cyrillic() {
    let rss = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>\
               <title>Новости</title><item><title>Погода в Москве</title>\
               <description>Ожидается снег</description></item></channel></rss>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(rss);
    let drafts = drafts(&decode(&bytes));
    assert_eq!(drafts[0].title, "Погода в Москве");
    assert_eq!(drafts[0].source, "Новости");
}

#[test]
fn json_feed_and_empty_feed() {
    let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
        "items": [{"id": "7", "content_text": "Hello there", "title": "Hi"}]}"#;
    let drafts = drafts(json);
    assert_eq!(drafts[0].title, "Hi");
    assert_eq!(drafts[0].body, "Hello there");
    let empty = parse_feed("<rss version=\"2.0\"><channel><title>E</title></channel></rss>");
    let empty = empty.unwrap();
    assert!(empty.drafts.is_empty() && empty.problems.is_empty());
}

#[test]
fn an_author_with_a_non_ascii_character_before_an_email_is_read() {
    // feed-rs sliced this mid-character and panicked.
    let rss = "<rss version=\"2.0\"><channel><title>F</title><item><title>A</title>\
               <author>Ann Lee «ann@example.org</author></item></channel></rss>";
    assert_eq!(drafts(rss)[0].author, "Ann Lee «ann@example.org");
}

#[test]
fn what_is_not_a_feed_says_what_it_is() {
    let reason = |text: &str| parse_feed(text).unwrap_err();
    assert_eq!(
        reason("<!DOCTYPE html><html><body><p>Hi<br></body></html>"),
        "this is an HTML page, not a feed"
    );
    assert_eq!(
        reason("<opml version=\"2.0\"><body/></opml>"),
        "this is not a feed: its root element is <opml>"
    );
    assert_eq!(
        reason("\u{1f}\u{8b}\u{8}\0junk"),
        "this is gzip-compressed data, not a feed"
    );
    assert_eq!(
        reason("not a feed"),
        "this is not a feed: it holds no XML element"
    );
    assert!(reason("<rss><channel><item>").contains("before any item"));
}

#[test]
fn a_break_after_good_items_keeps_them_and_says_where() {
    let rss = "<rss><channel><title>F</title>\n<item><title>One</title></item>\n\
               <item><guid>g-2</guid><title>Two</title>\n<description>cut &";
    let document = parse_feed(rss).unwrap();
    assert_eq!(document.drafts.len(), 1);
    assert_eq!(document.problems.len(), 1);
    let problem = &document.problems[0];
    assert_eq!(problem.line, Some(3));
    assert!(
        problem
            .reason
            .starts_with("item 2 (g-2): cut off where the XML breaks at line 4"),
        "{}",
        problem.reason
    );
    let between =
        "<rss><channel><item><title>One</title></item>\n<item><title>Two</title></item>\n<";
    let document = parse_feed(between).unwrap();
    assert_eq!(document.drafts.len(), 2);
    // No item was lost that anyone can count: the break is said on its own.
    assert!(document.problems.is_empty(), "{:?}", document.problems);
    let broke_off = document.broke_off.map(|p| p.reason).unwrap_or_default();
    assert!(
        broke_off.starts_with("the XML breaks off here"),
        "{broke_off}"
    );
}

#[test]
fn one_odd_atom_entry_costs_only_its_field() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
        <entry><title>Binary</title><id>urn:1</id>
          <content type="application/octet-stream">SGVsbG8=</content></entry>
        <entry><title type="text/plain">Old plain</title><id>urn:2</id>
          <content type="text/plain">Line one.</content></entry>
        <entry><title>Inline</title><id>urn:3</id><content type="application/xhtml+xml">
          <div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <b>words</b>.</p></div></content></entry>
        </feed>"#;
    let drafts = drafts(atom);
    let read: Vec<(&str, &str)> = drafts
        .iter()
        .map(|d| (d.title.as_str(), d.body.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("Binary", ""),
            ("Old plain", "Line one."),
            ("Inline", "Inline words.")
        ]
    );
}

#[test]
fn xml_base_resolves_relative_links() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/blog/">
        <link href="/"/><entry xml:base="posts/"><title>T</title><link href="one.html"/>
        <content type="html">&lt;a href="two.html"&gt;two&lt;/a&gt;</content></entry></feed>"#;
    let document = parse_feed_document(atom, Some("https://feeds.example/atom")).unwrap();
    assert_eq!(document.site_url.as_deref(), Some("https://a.example/"));
    let draft = &document.drafts[0];
    assert_eq!(
        draft.url.as_deref(),
        Some("https://a.example/blog/posts/one.html")
    );
    assert_eq!(draft.links[0].url, "https://a.example/blog/posts/two.html");
}

#[test]
fn one_bad_json_feed_item_costs_only_that_item() {
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let json = format!(
        "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"J\",\n\
         \"home_page_url\": 1e400,\n\
         \"items\": [\n\
         {{\"id\": \"1\", \"title\": \"Good\"}},\n\
         {{\"id\": \"2\", \"title\": \"Broken\" \"url\": \"x\"}},\n\
         {{\"id\": \"3\", \"title\": \"Deep\", \"_ext\": {deep}}},\n\
         {{\"id\": \"4\", \"title\": \"Lone \\ud800 half\", \"attachments\": [{{\"size_in_bytes\": 1e999}}]}},\n\
         {{\"id\": \"5\", \"title\": \"Last\"}},\n\
         {{\"id\": \"6\", \"title\": \"Cut"
    );
    let document = parse_feed(&json).unwrap();
    let titles: Vec<&str> = document.drafts.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["Good", "Lone \u{fffd} half", "Last"]);
    assert_eq!(document.title.as_deref(), Some("J"));
    let places: Vec<Option<usize>> = document.places.iter().map(|p| p.line).collect();
    assert_eq!(places, [Some(4), Some(7), Some(8)]);
    let problems: Vec<(Option<usize>, &str)> = document
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                Some(5),
                "item 2 (2): invalid JSON: expected `,` or `}` at line 5 column 31"
            ),
            (
                Some(6),
                "item 3 (3): invalid JSON: recursion limit exceeded at line 6 column 164"
            ),
            (Some(9), "item 6: cut off: the document ends inside it"),
        ]
    );
    assert_eq!(document.unreadable, 3);
}

#[test]
fn a_json_feed_cut_off_before_any_item_is_refused_whole() {
    let reason =
        parse_feed("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\"")
            .unwrap_err();
    assert_eq!(
        reason,
        "the JSON breaks off at line 1 (the document ends inside the value begun at line 1) \
         before any item is complete"
    );
    let between = parse_feed("{\"items\": [{\"title\": \"One\"},\n{\"title\": \"Two\"}\n").unwrap();
    assert_eq!(between.drafts.len(), 2);
    assert!(between.problems.is_empty(), "{:?}", between.problems);
    assert_eq!(
        between.broke_off.map(|p| p.reason).unwrap_or_default(),
        "the JSON breaks off here (the list ends without its closing `]`); the items before it \
         were read"
    );
    let trailing = parse_feed("{\"items\": [{\"title\": \"One\"}]}\n<html>").unwrap();
    assert_eq!(trailing.drafts.len(), 1);
    let broke_off = trailing.broke_off.unwrap_or_default();
    assert_eq!(broke_off.line, Some(2));
    assert!(
        broke_off.reason.starts_with(
            "the JSON breaks off here (text follows the feed's closing `}` at column 1)"
        ),
        "{broke_off:?}"
    );
}

#[test]
fn an_item_without_its_end_tag_costs_none_of_the_items_after_it() {
    let rss = "<rss version=\"2.0\"><channel><title>F</title>\n\
               <item><title>One</title></item>\n\
               <item><title>Two</title><description>No end tag.</description>\n\
               <item><title>Three</title></item>\n\
               <item><title>Four</title></item>\n\
               </channel></rss>";
    let titles: Vec<String> = drafts(rss).into_iter().map(|d| d.title).collect();
    assert_eq!(titles, ["One", "Two", "Three", "Four"]);
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>\
                <entry><title>One</title><id>1</id>\
                <entry><title>Two</title><id>2</id></entry></feed>";
    let titles: Vec<String> = drafts(atom).into_iter().map(|d| d.title).collect();
    assert_eq!(titles, ["One", "Two"]);
}

#[test]
fn a_stray_bracket_or_a_lost_brace_in_one_json_feed_item_costs_only_that_item() {
    // Item 2 has a `]` too many, item 4 lost its `}`: each is refused and named, and neither
    // ends the `items` list, so the items after them and the member after the list are read.
    let json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"J\", \"items\": [\n\
                {\"id\": \"1\", \"title\": \"A\", \"content_text\": \"x\"},\n\
                {\"id\": \"2\", \"title\": \"B ] broken\", \"tags\": [\"a\"]]},\n\
                {\"id\": \"3\", \"title\": \"C\", \"content_text\": \"z\"},\n\
                {\"id\": \"4\", \"title\": \"D\", \"tags\": [\"d\"],\n\
                {\"id\": \"5\", \"title\": \"E\"}\n\
                ], \"home_page_url\": \"https://j.example/\"}";
    let document = parse_feed(json).unwrap();
    let titles: Vec<&str> = document.drafts.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["A", "C", "E"]);
    assert_eq!(document.site_url.as_deref(), Some("https://j.example/"));
    let problems: Vec<(Option<usize>, &str)> = document
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                Some(3),
                "item 2 (2): invalid JSON: expected `,` or `}` at line 3 column 49"
            ),
            (
                Some(5),
                "item 4 (4): invalid JSON: EOF while parsing an object at line 5 column 39"
            ),
        ]
    );
    assert_eq!(document.unreadable, 2);
}

#[test]
fn a_json_feed_date_too_large_for_a_number_is_said_and_the_item_kept() {
    let json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [\n\
                {\"id\": \"1\", \"title\": \"A\", \"date_published\": 1e400},\n\
                {\"id\": \"2\", \"title\": \"B\", \"date_published\": null, \"date_modified\": -1e999}\n\
                ]}";
    let document = parse_feed(json).unwrap();
    let read: Vec<(&str, bool)> = document
        .drafts
        .iter()
        .map(|d| (d.title.as_str(), d.published.is_some()))
        .collect();
    assert_eq!(read, [("A", false), ("B", false)]);
    assert!(document.problems.is_empty(), "{:?}", document.problems);
    let warnings: Vec<(Option<usize>, &str)> = document
        .warnings
        .iter()
        .map(|w| (w.line, w.reason.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                Some(2),
                "item 1 (1): field date_published: \"1e400\" is not a date; it takes the time \
                 it was stored"
            ),
            (
                Some(3),
                "item 2 (2): field date_modified: \"-1e999\" is not a date; it takes the time \
                 it was stored"
            ),
        ]
    );
}
