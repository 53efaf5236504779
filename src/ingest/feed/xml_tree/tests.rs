//! The tolerant XML reader on small documents.

#![allow(clippy::unwrap_used)]

use super::*;

fn root(xml: &str) -> Element {
    read(xml).root.unwrap()
}

#[test]
fn namespaces_resolve_to_families_by_uri_or_customary_prefix() {
    let doc = root(
        "<rss xmlns:x=\"http://purl.org/dc/elements/1.1/\"><channel><x:creator>A</x:creator>\
         <dc:date>2024</dc:date><content:encoded>c</content:encoded></channel></rss>",
    );
    let channel = doc.elements().next().unwrap();
    let families: Vec<(Ns, &str)> = channel
        .elements()
        .map(|e| (e.ns, e.name.as_str()))
        .collect();
    assert_eq!(
        families,
        [
            (Ns::Dc, "creator"),
            (Ns::Dc, "date"),
            (Ns::Content, "encoded")
        ]
    );
}

#[test]
fn entities_of_html_and_numbers_are_read() {
    let doc = root("<t>a&nbsp;b &amp; &#233;&#x41; &bogus; &#0;end & c</t>");
    assert_eq!(doc.text(), "a\u{a0}b & éA &bogus; end & c");
    // 128 to 159 are Windows-1252's dashes and quotes, as HTML reads them, not control codes.
    let doc = root("<t>&#150; &#x93;Word&#148; &#128;5 &#x81;</t>");
    assert_eq!(doc.text(), "– “Word” €5 \u{81}");
}

#[test]
fn mismatched_and_stray_end_tags_are_recovered() {
    let doc = root("<rss><item><title>One</item><item><b>x</i>Two</item></rss>");
    let items: Vec<String> = doc.elements().map(Element::text).collect();
    assert_eq!(items, ["One", "xTwo"]);
    assert!(doc.complete);
}

#[test]
fn a_cut_off_document_keeps_what_was_read_and_says_where() {
    let doc = read("<rss>\n<item><title>One</title></item>\n<item><title>Tw");
    let root = doc.root.unwrap();
    let items: Vec<&Element> = root.elements().collect();
    assert!(items[0].complete);
    assert!(!items[1].complete);
    let broken = doc.broken.unwrap();
    assert_eq!(broken.line, 3);
}

#[test]
fn a_last_end_tag_without_its_bracket_is_no_break() {
    let doc = read("<rss><item><title>One</title></item>\n</rss\n");
    assert_eq!(doc.broken, None);
    assert!(doc.root.unwrap().complete);
    assert!(read("<rss><item>One</item></").broken.is_some());
}

#[test]
fn nesting_past_the_cap_keeps_its_text_and_no_tags() {
    let depth = 10_000;
    let xml = format!("<r>{}deep{}</r>", "<d>".repeat(depth), "</d>".repeat(depth));
    let doc = read(&xml);
    assert!(doc.broken.is_none());
    let root = doc.root.unwrap();
    assert_eq!(root.text(), "deep");
    let mut levels = 0;
    let mut at = &root;
    while let Some(child) = at.elements().next() {
        levels += 1;
        at = child;
    }
    assert_eq!(levels, MAX_DEPTH - 1);
}

#[test]
fn tags_left_open_past_the_cap_end_with_their_holder() {
    let xml = format!(
        "<feed><entry><content>{}</content></entry><entry>two</entry></feed>",
        "<span>word ".repeat(1_000)
    );
    let doc = read(&xml);
    assert!(doc.broken.is_none());
    let root = doc.root.unwrap();
    let entries: Vec<&Element> = root.elements().collect();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.complete));
    assert_eq!(entries[1].text(), "two");
}

#[test]
fn inner_markup_is_written_back_as_html() {
    let doc = root("<d>See <a href=\"/x?a=1&amp;b=2\">this &lt;one&gt;</a><br/></d>");
    assert_eq!(
        doc.inner_markup(),
        "See <a href=\"/x?a=1&amp;b=2\">this &lt;one&gt;</a><br>"
    );
}
