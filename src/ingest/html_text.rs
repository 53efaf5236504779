//! HTML to readable text: blocks become paragraphs, list items `- ` or `1. ` lines (nested ones and
//! quotations indented), links `text[N]`.
//!
//! Only text nodes reach the output; no attribute is ever copied, so event handlers and styles cannot
//! survive, and scripts, styles, forms and embedded objects are skipped with everything inside them.
//!
//! The HTML goes through [`bound_markup`] first, so that html5ever parses it in linear time however
//! deeply it nests, and the walk stops early once the thread's parsing deadline has passed.

use dom_query::{Document, NodeRef};
use url::Url;

use super::deadline;
use super::html_writer::{Leave, MOST_NUMBER, Numbers, TextWriter};
use super::links::{LinkList, resolve_href};
use super::markup::bound_markup;

/// Nodes visited between looks at the deadline.
const DEADLINE_EVERY: usize = 4096;

/// Converts an HTML fragment (feed content, a JSON `body_html`) to text, adding its links to `links`.
pub fn html_to_text(html: &str, base: Option<&Url>, links: &mut LinkList) -> String {
    let document = Document::fragment(bound_markup(html));
    node_to_text(&document.root(), base, links)
}

/// Strips tags and decodes entities from a short piece of HTML, such as a feed entry's title.
pub fn html_to_line(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.to_string();
    }
    let document = Document::fragment(bound_markup(html));
    // A one-line field has no room for link numbers: anchors without a target are plain text.
    document.select("a").remove_attr("href");
    let text = node_to_text(&document.root(), None, &mut LinkList::new());
    text.trim().to_string()
}

/// Converts a node and everything under it to text. Parse the document from [`bound_markup`]'s
/// output (or from a parse of it), so that html5ever's work was bounded too.
pub fn node_to_text(root: &NodeRef, base: Option<&Url>, links: &mut LinkList) -> String {
    let mut writer = TextWriter::default();
    let mut stack = vec![Step::Enter(*root)];
    let mut visited = 0usize;
    while let Some(step) = stack.pop() {
        visited += 1;
        if visited.is_multiple_of(DEADLINE_EVERY) && deadline::passed() {
            break;
        }
        let node = match step {
            Step::Enter(node) => node,
            Step::Leave(leave) => {
                writer.leave(leave, links);
                continue;
            }
        };
        if node.is_text() {
            writer.text(&node.text());
            continue;
        }
        let Some(name) = node.node_name() else {
            if node.is_document() || node.is_fragment() {
                push_children(&mut stack, &node);
            }
            continue;
        };
        let name = name.to_ascii_lowercase();
        let leave = match element_kind(&name) {
            ElementKind::Skipped => continue,
            ElementKind::LineBreak => {
                writer.line_break_hard();
                continue;
            }
            ElementKind::Inline => None,
            ElementKind::Block => {
                writer.paragraph_break();
                Some(Leave::Block)
            }
            ElementKind::Line => {
                writer.line_break();
                Some(Leave::Line)
            }
            ElementKind::Quote => Some(writer.start_quote()),
            ElementKind::List => Some(writer.start_list(numbers(&node, &name))),
            ElementKind::ListItem => {
                let value = node.attr("value").and_then(|value| list_number(&value));
                Some(writer.start_item(value))
            }
            ElementKind::Cell => Some(Leave::Cell),
            ElementKind::Preformatted => {
                writer.paragraph_break();
                writer.pre_depth += 1;
                Some(Leave::Preformatted)
            }
            ElementKind::Anchor => node
                .attr("href")
                .and_then(|href| resolve_href(&href, base))
                .map(|url| Leave::Anchor {
                    url,
                    start: writer.out.len(),
                }),
        };
        if let Some(leave) = leave {
            stack.push(Step::Leave(leave));
        }
        push_children(&mut stack, &node);
    }
    writer.finish()
}

/// How a list numbers its items: an `<ol>` from its `start`, or else from 1 up, or from its
/// number of items down when `reversed`; other lists (`None`) mark them `- `.
fn numbers(list: &NodeRef, name: &str) -> Option<Numbers> {
    if name != "ol" {
        return None;
    }
    let reversed = list.has_attr("reversed");
    let next = list
        .attr("start")
        .and_then(|start| list_number(&start))
        .unwrap_or_else(|| {
            if !reversed {
                return 1;
            }
            let items = list
                .children_it(false)
                .filter(|child| {
                    child
                        .node_name()
                        .is_some_and(|n| n.eq_ignore_ascii_case("li"))
                })
                .count();
            i64::try_from(items).map_or(MOST_NUMBER, |n| n.min(MOST_NUMBER))
        });
    Some(Numbers {
        next,
        step: if reversed { -1 } else { 1 },
    })
}

/// A list number from an attribute (`start`, `value`): a whole number of at most nine digits;
/// anything else (a word, a fraction, a number too long to show) is not read.
fn list_number(value: &str) -> Option<i64> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| n.abs() <= MOST_NUMBER)
}

/// Pushes a node's children so that the first child is handled first.
fn push_children<'a>(stack: &mut Vec<Step<'a>>, node: &NodeRef<'a>) {
    stack.extend(node.children_it(true).map(Step::Enter));
}

/// One unit of the walk: the explicit stack keeps deeply nested pages from overflowing the call stack.
enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(Leave),
}

/// How an element shapes the text.
enum ElementKind {
    Skipped,
    Block,
    Line,
    Quote,
    List,
    ListItem,
    Cell,
    LineBreak,
    Preformatted,
    Anchor,
    Inline,
}

fn element_kind(name: &str) -> ElementKind {
    match name {
        "script" | "style" | "noscript" | "template" | "iframe" | "object" | "embed" | "svg"
        | "math" | "form" | "button" | "input" | "select" | "textarea" | "head" | "title"
        | "meta" | "link" | "canvas" | "audio" | "video" | "nav" | "dialog" | "frameset"
        | "frame" => ElementKind::Skipped,
        "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "h1"
        | "h2" | "h3" | "h4" | "h5" | "h6" | "dl" | "table" | "figure" | "figcaption" | "hr"
        | "address" | "details" | "summary" | "caption" | "center" | "fieldset" | "legend"
        | "body" | "html" => ElementKind::Block,
        "blockquote" => ElementKind::Quote,
        "ul" | "ol" | "menu" | "dir" => ElementKind::List,
        "li" => ElementKind::ListItem,
        "tr" | "dt" | "dd" => ElementKind::Line,
        "td" | "th" => ElementKind::Cell,
        "br" => ElementKind::LineBreak,
        "pre" => ElementKind::Preformatted,
        "a" => ElementKind::Anchor,
        _ => ElementKind::Inline,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ingest::links::parse_base;

    fn convert(html: &str, base: Option<&str>) -> (String, Vec<crate::article::Link>) {
        let base = parse_base(base);
        let mut links = LinkList::new();
        let text = html_to_text(html, base.as_ref(), &mut links);
        (text, links.into_links())
    }

    #[test]
    fn blocks_become_paragraphs_and_lists_lines() {
        let html = "<h2>Harbour</h2><p>First  para\ngraph.</p><div>Second<br>line</div>\
                    <ul><li>one</li><li>two</li></ul><p>End</p>";
        let (text, _) = convert(html, None);
        assert_eq!(
            text,
            "Harbour\n\nFirst para graph.\n\nSecond\nline\n\n- one\n- two\n\nEnd"
        );
    }

    #[test]
    fn an_items_paragraphs_follow_its_marker() {
        // Markdown renderers write a loose list's items as paragraphs.
        let html = "<ul><li><p>One</p></li><li>\n<p>Two</p><p>More</p></li><li></li></ul>\
                    <ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><p>After</p>";
        let (text, _) = convert(html, None);
        assert_eq!(text, "- One\n- Two\n  More\n-\n\n- a\n  - b\n- c\n\nAfter");
    }

    #[test]
    fn ordered_lists_are_numbered() {
        let (text, _) = convert(
            "<ol><li>One</li><li>Two</li></ol><ul><li value=\"3\">Dot</li></ul>",
            None,
        );
        assert_eq!(text, "1. One\n2. Two\n\n- Dot");
        let (text, _) = convert(
            "<ol start=\" 5\"><li>Five</li><li value=\"9\">Nine</li><li>Ten</li></ol>",
            None,
        );
        assert_eq!(text, "5. Five\n9. Nine\n10. Ten");
        let (text, _) = convert("<ol reversed><li>c</li><li>b</li><li>a</li></ol>", None);
        assert_eq!(text, "3. c\n2. b\n1. a");
    }

    #[test]
    fn a_list_number_stays_within_nine_digits() {
        for start in ["x", "2.5", "", "1000000000", "99999999999999999999999"] {
            let html = format!("<ol start=\"{start}\"><li>a</li><li>b</li></ol>");
            assert_eq!(convert(&html, None).0, "1. a\n2. b", "start={start:?}");
        }
        let (text, _) = convert(
            "<ol start=\"999999998\"><li>a</li><li>b</li><li>c</li></ol>\
             <ol start=\"-999999999\" reversed><li>d</li><li>e</li></ol>",
            None,
        );
        assert_eq!(
            text,
            "999999998. a\n999999999. b\n999999999. c\n\n-999999999. d\n-999999999. e"
        );
    }

    #[test]
    fn a_list_in_a_list_stands_under_its_items_text() {
        let html = "<ul><li>Outer<ul><li>Inner<ol><li>Deep</li><li>Deeper</li></ol></li></ul>\
                    <p>tail</p></li><li>Next</li></ul>";
        let (text, _) = convert(html, None);
        assert_eq!(
            text,
            "- Outer\n  - Inner\n    1. Deep\n    2. Deeper\n  tail\n- Next"
        );
        let html =
            "<ol start=\"9\"><li>Nine<ul><li>a</li></ul></li><li>Ten<ul><li>b</li></ul></li></ol>";
        assert_eq!(convert(html, None).0, "9. Nine\n   - a\n10. Ten\n    - b");
        // A list written straight inside a list, as many pages do, is nested too.
        let html = "<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>";
        assert_eq!(convert(html, None).0, "- a\n  - b\n- c");
        // `<menu>` and the old `<dir>` are lists too.
        let html = "<ol><li>a<menu><li>b<dir><li>c</li></dir></li></menu></li><li>d</li></ol>";
        assert_eq!(convert(html, None).0, "1. a\n   - b\n     - c\n2. d");
    }

    #[test]
    fn code_and_tables_in_an_item_stand_under_its_text() {
        let html = "<ul><li>Run:<pre>if x {\n    go();\n}</pre></li><li>Scores<table>\
                    <tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></table></li></ul>";
        let (text, _) = convert(html, None);
        assert_eq!(
            text,
            "- Run:\n  if x {\n      go();\n  }\n- Scores\n  A 1\n  B 2"
        );
    }

    #[test]
    fn list_indentation_is_bounded() {
        let html = "<ul><li>x".repeat(40);
        let (text, _) = convert(&html, None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 40);
        assert!(lines.iter().all(|line| line.trim() == "- x"));
        let most = lines
            .iter()
            .map(|line| line.len() - line.trim_start().len())
            .max();
        assert_eq!(most, Some(crate::ingest::html_writer::MOST_INDENT));
    }

    #[test]
    fn a_quotation_is_indented() {
        let html = "<blockquote><p>Opening words.</p></blockquote><p>He said:</p><blockquote>\
                    <p>First.</p><p>Second<br>line, <a href=\"https://x.example/\">source</a>.</p>\
                    <blockquote>Inner</blockquote></blockquote><p>After</p>";
        let (text, links) = convert(html, None);
        assert_eq!(
            text,
            "    Opening words.\n\nHe said:\n\n    First.\n\n    Second\n    line, source[1].\n\n\
             \x20       Inner\n\nAfter"
        );
        assert_eq!(links[0].text, "source");
    }

    #[test]
    fn lists_code_and_quotations_nest_in_each_other() {
        let html = "<blockquote><ol><li>a</li></ol><pre>x\n  y</pre><table><tr><td>A</td>\
                    <td>1</td></tr></table></blockquote><ul><li>Said:<blockquote>q</blockquote>\
                    </li><li>next</li></ul>";
        let (text, _) = convert(html, None);
        assert_eq!(
            text,
            "    1. a\n\n    x\n      y\n\n    A 1\n\n- Said:\n      q\n- next"
        );
    }

    #[test]
    fn quotation_indentation_is_bounded() {
        let html = "<blockquote>q".repeat(40);
        let (text, _) = convert(&html, None);
        assert_eq!(text.matches('q').count(), 40);
        let most = text
            .lines()
            .map(|line| line.len() - line.trim_start().len())
            .max();
        assert_eq!(most, Some(crate::ingest::html_writer::MOST_INDENT));
    }

    #[test]
    fn a_long_quoted_paragraph_wraps_under_its_indentation() {
        let html = "<p>Intro.</p><blockquote><p>A quotation long enough to take several \
                    rows of a narrow reader pane.</p></blockquote>";
        let text = crate::ingest::sanitize::clean_text(&convert(html, None).0);
        let quote = text.lines().nth(2).unwrap();
        let (rows, hang) = crate::wrap::wrap_hanging(quote, 24);
        assert_eq!(hang, 4);
        let rows: Vec<&str> = rows.into_iter().map(|row| &quote[row]).collect();
        assert_eq!(
            rows,
            [
                "    A quotation long",
                "enough to take",
                "several rows of a",
                "narrow reader pane."
            ]
        );
    }

    #[test]
    fn links_are_numbered_and_resolved() {
        let html = "<p>Read <a href=\"/report\">the report</a> and \
                    <a href=\"https://other.example/x\">this</a>, then <a href=\"/report\">again</a>.</p>";
        let (text, links) = convert(html, Some("https://site.example/news/item"));
        assert_eq!(text, "Read the report[1] and this[2], then again[1].");
        assert_eq!(links[0].url, "https://site.example/report");
        assert_eq!(links[0].text, "the report");
        assert_eq!(links[1].url, "https://other.example/x");
    }

    #[test]
    fn scripts_styles_and_handlers_never_reach_the_text() {
        let html = "<p onclick=\"steal()\">Safe <b onmouseover=\"x()\">text</b></p>\
                    <script>alert('x')</script><style>p{color:red}</style>\
                    <noscript>enable js</noscript><form><button>Go</button></form>\
                    <svg><text>vector</text></svg><iframe src=\"https://ads.example\"></iframe>\
                    <a href=\"javascript:alert(1)\">click</a>";
        let (text, links) = convert(html, None);
        assert_eq!(text, "Safe text\n\nclick");
        assert!(links.is_empty());
        for bad in [
            "steal",
            "alert",
            "color",
            "enable js",
            "Go",
            "vector",
            "onclick",
        ] {
            assert!(!text.contains(bad), "{bad} leaked into {text:?}");
        }
    }

    #[test]
    fn a_block_inside_preformatted_text_is_a_line() {
        let (text, _) = convert(
            "<pre><div>for a in b:</div><div>    pass</div></pre><p>after</p>",
            None,
        );
        assert_eq!(text, "for a in b:\n    pass\n\nafter");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let (text, _) = convert("<pre>  a  b\n  c</pre><p>after</p>", None);
        assert_eq!(text, "  a  b\n  c\n\nafter");
    }

    #[test]
    fn entities_are_decoded_in_titles() {
        assert_eq!(
            html_to_line("Tom &amp; Jerry <em>return</em>"),
            "Tom & Jerry return"
        );
        assert_eq!(html_to_line("plain title"), "plain title");
    }

    #[test]
    fn a_title_keeps_no_indentation() {
        assert_eq!(html_to_line("<pre>  x </pre>"), "x");
    }
}
