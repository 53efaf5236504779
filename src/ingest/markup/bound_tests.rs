//! Tests of the nesting bound: the bounds hold, text stays, and pages within them parse the same.

#![allow(clippy::unwrap_used)]

use dom_query::Document;

use super::*;

/// How deeply elements nest once html5ever has parsed `html` as a fragment.
fn parsed_depth(html: &str) -> usize {
    let document = Document::fragment(html);
    let mut deepest = 0;
    let mut stack = vec![(document.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(node.element_children().into_iter().map(|c| (c, depth + 1)));
    }
    deepest
}

#[test]
fn nesting_beyond_the_bound_is_left_out_but_its_text_stays() {
    let n = 5_000;
    let html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
    let bounded = bound_markup(&html);
    assert_eq!(bounded.matches("<div>").count(), MAX_DEPTH);
    assert_eq!(bounded.matches("</div>").count(), MAX_DEPTH);
    assert!(bounded.contains("deep text"));
    // html, plus the fragment's own root.
    assert!(
        parsed_depth(&bounded) <= MAX_DEPTH + 2,
        "{}",
        parsed_depth(&bounded)
    );
}

#[test]
fn text_after_deep_unclosed_nesting_stays() {
    let html = format!(
        "<section>{}inner</section><p>after</p>",
        "<div><span>".repeat(400)
    );
    let bounded = bound_markup(&html);
    let text = Document::fragment(bounded.as_str()).root().text();
    assert_eq!(text.as_ref(), "innerafter");
    assert!(parsed_depth(&bounded) <= MAX_DEPTH + 2);
}

#[test]
fn self_closing_divs_still_count_as_open() {
    // `<div/>` opens a div in HTML: skipping it would let the tree builder nest them all.
    let html = "<div/>".repeat(2_000) + "x";
    assert!(parsed_depth(&bound_markup(&html)) <= MAX_DEPTH + 2);
}

#[test]
fn implied_closes_are_written_out() {
    assert_eq!(bound_markup("<p>a<p>b"), "<p>a</p><p>b");
    assert_eq!(
        bound_markup("<ul><li>a<li>b</ul>"),
        "<ul><li>a</li><li>b</li></ul>"
    );
    assert_eq!(
        bound_markup("<div><span>x</div>"),
        "<div><span>x</span></div>"
    );
}

#[test]
fn formatting_elements_and_attributes_are_capped() {
    let html = (0..200).map(|i| format!("<b id=b{i}>")).collect::<String>() + "bold";
    let bounded = bound_markup(&html);
    assert_eq!(bounded.matches("<b ").count(), MAX_FORMATTING);
    assert!(bounded.ends_with("bold"));
    let attrs: String = (0..5_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let bounded = bound_markup(&format!("<p{attrs}>x</p>"));
    assert_eq!(bounded.matches('=').count(), MAX_ATTRIBUTES);
    assert!(bounded.ends_with(">x</p>"));
}

#[test]
fn reopened_formatting_stays_bounded() {
    // Each `<p>` would reopen every earlier `<b>` that the `</p>` before it closed.
    let html: String = (0..400).map(|i| format!("<p><b x={i}>t</p>")).collect();
    let document = Document::fragment(bound_markup(&html));
    let elements = document.select("b").length();
    assert!(
        elements < 400 * (MAX_FORMATTING + 1),
        "{elements} b elements"
    );
}

#[test]
fn nothing_but_counted_tags_can_open_an_element() {
    // A `<` in raw text or an attribute value is escaped; comments go; SVG goes with its text.
    assert_eq!(
        bound_markup("<script>if (a<b) x('</div>')</script>"),
        "<script>if (a&lt;b) x('&lt;/div>')</script>"
    );
    assert_eq!(
        bound_markup("<a title=\"</style><div>\">x</a><!-- <div> -->"),
        "<a title=\"&lt;/style>&lt;div>\">x</a>"
    );
    assert_eq!(
        bound_markup("<p>a<svg><text>hidden</text></svg>b</p>"),
        "<p>ab</p>"
    );
    assert_eq!(bound_markup("<svg><g><p>out</p>"), "<p>out</p>");
    assert_eq!(bound_markup("1 < 2 &amp; <3"), "1 < 2 &amp; <3");
}

#[test]
fn pages_within_the_bounds_parse_to_the_same_tree() {
    let samples = [
        "<h2>Harbour</h2><p>First  para\ngraph.</p><div>Second<br>line</div><ul><li>one<li>two</ul>",
        "<p>one<p>two<div>three</div><p>four",
        "<table><tr><td>a<td>b<tr><td>c</table><p>after",
        "<table><tbody><tr><th>h</th></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
        "<dl><dt>term<dd>def<dt>term2<dd>def2</dl>",
        "<b>bold <i>both</i></b> plain",
        "<p><a href=\"/x\">link <b>bold</b></a> rest</p>",
        "<select><option>a<option>b<optgroup><option>c</select>",
        "<form><input name=q><button>Go<button>Again</form>",
        "<h1>one<h2>two</h2></h1><pre>\n  code</pre>",
        "<div><p>unclosed<blockquote>quote</blockquote>tail</div>",
        "<title>T &amp; <b></title><textarea>a<b>c</textarea>",
        "<font color=red><font size=2>old</font></font><center>c</center>",
        "<ol><li><p>para<li>next</ol><address>addr<p>in</address>",
    ];
    for sample in samples {
        let plain = Document::fragment(sample).html();
        let bounded = Document::fragment(bound_markup(sample)).html();
        assert_eq!(bounded, plain, "{sample}");
    }
}

#[test]
fn misnested_formatting_is_closed_where_its_end_tag_is() {
    // The tree builder would reopen the `<b>` after `</a>`; written out, its end tag closes it
    // there. The text is the same.
    let html = "<p><a href=\"/x\">link <b>bold</a> rest</b></p>";
    assert_eq!(
        bound_markup(html),
        "<p><a href=\"/x\">link <b>bold</b></a> rest</b></p>"
    );
    let text = |html: &str| Document::fragment(html).root().text().to_string();
    for html in [html, "<b>bold <i>both</b> italic</i> plain"] {
        assert_eq!(text(&bound_markup(html)), text(html));
    }
}

#[test]
fn a_whole_page_parses_to_the_same_document() {
    let page = "<!DOCTYPE html><html><head><title>Ferry fares</title><meta charset=utf-8>\
                <style>p > a { color: red }</style></head><body class=\"x\"><nav><a href=\"/\">Home</a>\
                </nav><article><h1>Ferry fares fall</h1><p>Fares on the <a href=\"/n\">northern\
                route</a> fall.<p>More.</article><footer>c</footer></body></html>";
    let plain = Document::from(page).html();
    let bounded = Document::from(bound_markup(page)).html();
    assert_eq!(bounded, plain);
}
