//! A saved HTML page: the main text through Readability (dom_smoothie), the metadata from meta tags.
//! Elements marked as ads, promos, related stories and the like by class or id are left out.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};
use serde_json::Value;

use super::boilerplate::remove_furniture;
use super::dates::parse_date;
use super::deadline;
use super::html_text::node_to_text;
use super::links::{LinkList, parse_base, picture_url};
use super::markup::bound_markup;
use crate::article::{ArticleDraft, Link};

/// Real pages nest a few dozen levels deep; far beyond this is generated or hostile markup.
const MAX_READABILITY_DEPTH: usize = 200;
const MAX_READABILITY_ELEMENTS: usize = 100_000;

/// Parses one HTML page into an article.
pub fn parse_html_page(html: &str) -> Result<ArticleDraft, String> {
    parse_html_page_after(html, &[])
}

/// Parses one HTML page whose links are numbered after `first` (an article's own links, when the
/// page is its full text); the draft's links are `first` followed by the page's new ones.
pub fn parse_html_page_after(html: &str, first: &[Link]) -> Result<ArticleDraft, String> {
    // Bounded once: every parse below reads the same bounded page.
    let bounded = bound_markup(html);
    let html = bounded.as_str();
    let document = Document::from(html);
    let site_name = meta(&document, &["og:site_name", "application-name"]);
    let url = link_href(&document, "canonical")
        .or_else(|| meta(&document, &["og:url"]))
        .filter(|u| parse_base(Some(u)).is_some());
    let base_url = document
        .select("base[href]")
        .attr("href")
        .and_then(|href| parse_base(Some(&href)))
        .or_else(|| parse_base(url.as_deref()));

    let mut links = LinkList::continuing(first);
    let readable = readability_article(text_document(html), base_url.as_ref());
    let mut body = readable
        .as_ref()
        .map(|article| {
            let content = Document::fragment(article.content.as_ref());
            node_to_text(&content.root(), base_url.as_ref(), &mut links)
        })
        .unwrap_or_default();
    if body.trim().is_empty() {
        links = LinkList::continuing(first);
        body = fallback_text(&text_document(html), base_url.as_ref(), &mut links);
    }
    if body.trim().is_empty() {
        // Everything was marked as furniture (a short story in `<article class="promo">`): a page
        // whose text is all furniture is still better read than lost.
        links = LinkList::continuing(first);
        body = fallback_text(&Document::from(html), base_url.as_ref(), &mut links);
    }

    let title = page_title(&document)
        .map(|title| strip_site_suffix(&title, site_name.as_deref()))
        .unwrap_or_default();
    let body = drop_leading_title(body, &title);
    if title.is_empty() && body.trim().is_empty() {
        return Err("no article text found".to_string());
    }
    let author = meta(
        &document,
        &["author", "article:author", "byline", "dc.creator"],
    )
    .filter(|a| parse_base(Some(a)).is_none())
    .or_else(|| readable.as_ref().and_then(|a| a.byline.clone()))
    .or_else(|| {
        first_text(
            &document,
            "[rel=\"author\"], .byline, [itemprop=\"author\"]",
        )
    })
    .unwrap_or_default();
    let description = meta(
        &document,
        &["description", "og:description", "twitter:description"],
    );
    let standfirst = description
        .filter(|d| !repeats_opening(d, &body) && d.trim() != title.trim())
        .unwrap_or_default();

    Ok(ArticleDraft {
        title,
        standfirst,
        body,
        source: site_name.unwrap_or_default(),
        author: author.trim().trim_start_matches("By ").trim().to_string(),
        url,
        published: published(&document),
        links: links.into_links(),
        image: meta(
            &document,
            &["og:image", "og:image:secure_url", "twitter:image"],
        )
        .and_then(|src| picture_url(&src, base_url.as_ref())),
        ..ArticleDraft::default()
    })
}

/// Readability's main content, unless the page is so large or so deeply nested that its scoring,
/// which grows with depth times size, would take minutes; the plain fallback handles those pages.
fn readability_article(
    document: Document,
    base_url: Option<&url::Url>,
) -> Option<dom_smoothie::Article> {
    if max_depth(&document) > MAX_READABILITY_DEPTH || deadline::passed() {
        return None;
    }
    let config = Config {
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        ..Config::default()
    };
    let mut readability =
        Readability::with_document(document, base_url.map(url::Url::as_str), Some(config)).ok()?;
    readability.parse().ok()
}

/// The page parsed again for its text, without ads, promos, related stories and the like; the
/// metadata is read from the untouched page.
fn text_document(html: &str) -> Document {
    let document = Document::from(html);
    remove_furniture(&document);
    document
}

/// How deeply elements nest in the document.
fn max_depth(document: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(document.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(
            node.element_children()
                .into_iter()
                .map(|child| (child, depth + 1)),
        );
    }
    deepest
}

/// The content of the first `<meta>` whose `property` or `name` is one of `keys`.
fn meta(document: &Document, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        ["property", "name", "itemprop"]
            .iter()
            .find_map(|attribute| {
                document
                    .select(&format!("meta[{attribute}=\"{key}\" i]"))
                    .nodes()
                    .iter()
                    .filter_map(|node| node.attr("content"))
                    .map(|content| content.trim().to_string())
                    .find(|content| !content.is_empty())
            })
    })
}

fn link_href(document: &Document, rel: &str) -> Option<String> {
    document
        .select(&format!("link[rel=\"{rel}\" i][href]"))
        .attr("href")
        .map(|href| href.trim().to_string())
}

/// og:title, else the first `<h1>`, else `<title>`.
fn page_title(document: &Document) -> Option<String> {
    meta(document, &["og:title", "twitter:title"])
        .or_else(|| first_text(document, "h1"))
        .or_else(|| first_text(document, "title"))
}

fn first_text(document: &Document, selector: &str) -> Option<String> {
    document
        .select(selector)
        .nodes()
        .iter()
        .map(|node| node.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|text| !text.is_empty())
}

/// `Title | Site`, `Title - Site`, `Title — Site` become `Title` when the site's name is known.
pub fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(site) = site_name.map(str::trim).filter(|s| !s.is_empty()) else {
        return title;
    };
    for separator in [" | ", " - ", " — ", " – ", " · ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator)
            && tail.trim().eq_ignore_ascii_case(site)
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
    }
    title
}

/// The publication time from article meta tags, `<time datetime>` or JSON-LD.
fn published(document: &Document) -> Option<chrono::DateTime<chrono::Utc>> {
    let from_meta = meta(
        document,
        &[
            "article:published_time",
            "og:published_time",
            "datePublished",
            "date",
            "pubdate",
            "publishdate",
            "dc.date",
            "dcterms.created",
        ],
    );
    from_meta
        .and_then(|d| parse_date(&d))
        .or_else(|| {
            document
                .select("time[datetime]")
                .nodes()
                .iter()
                .find_map(|node| parse_date(&node.attr("datetime")?))
        })
        .or_else(|| json_ld_date(document))
}

fn json_ld_date(document: &Document) -> Option<chrono::DateTime<chrono::Utc>> {
    document
        .select("script[type=\"application/ld+json\"]")
        .nodes()
        .iter()
        .filter_map(|node| serde_json::from_str::<Value>(node.text().trim()).ok())
        .find_map(|value| find_key(&value, "datePublished", 0).and_then(parse_date))
}

/// The first string value under `key` anywhere in a JSON tree (JSON-LD nests it in `@graph`).
fn find_key<'v>(value: &'v Value, key: &str, depth: usize) -> Option<&'v str> {
    if depth > 8 {
        return None;
    }
    match value {
        Value::Object(map) => map
            .get(key)
            .and_then(Value::as_str)
            .or_else(|| map.values().find_map(|v| find_key(v, key, depth + 1))),
        Value::Array(items) => items.iter().find_map(|v| find_key(v, key, depth + 1)),
        _ => None,
    }
}

/// The text of `<article>`, `<main>` or `<body>`, without page furniture, when Readability found nothing.
fn fallback_text(document: &Document, base: Option<&url::Url>, links: &mut LinkList) -> String {
    document.select("header, footer, aside, nav").remove();
    let container: Option<NodeRef> = ["article", "main", "body"]
        .iter()
        .find_map(|selector| document.select(selector).nodes().first().copied());
    container.map_or_else(String::new, |node| node_to_text(&node, base, links))
}

/// Readability sometimes keeps the headline as the first line of the text; it is already the title.
fn drop_leading_title(body: String, title: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        return body;
    }
    match body.split_once("\n\n") {
        Some((first, rest)) if first.trim() == title => rest.to_string(),
        None if body.trim() == title => String::new(),
        _ => body,
    }
}

/// True when the description only repeats the start of the text.
fn repeats_opening(description: &str, body: &str) -> bool {
    let flatten = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let description = flatten(description);
    let description = description
        .trim_end_matches(['.', '…'])
        .trim_end_matches("...");
    let first_paragraph = flatten(body.split("\n\n").next().unwrap_or(""));
    !description.is_empty() && first_paragraph.starts_with(description)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
        <title>Ferry fares fall | Island Post</title>
        <meta property="og:site_name" content="Island Post">
        <meta name="author" content="Mara Holt">
        <meta name="description" content="Cheaper crossings start next month.">
        <meta property="article:published_time" content="2024-04-02T09:30:00+02:00">
        <link rel="canonical" href="https://islandpost.example/news/ferry-fares">
        <script>window.tracker = 'track-me';</script>
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><h1>Ferry fares fall</h1>
        <p>Fares on the <a href="/routes/north" onclick="steal()">northern route</a> will fall by a
        fifth from May, the operator said on Tuesday, after a year of complaints from residents.</p>
        <p>The operator said more sailings would follow in summer, with two extra boats chartered
        from a mainland company to cover the busiest weekends of the season.</p>
        <p>Residents welcomed the change but said timetables still needed work, especially for
        early morning commuters who travel to the mainland for work every day.</p>
        <script>document.write('injected');</script>
        </article>
        <footer>Copyright Island Post. <a href="/about">About us</a></footer>
        </body></html>"#;

    #[test]
    fn page_metadata_and_main_text() {
        let draft = parse_html_page(PAGE).unwrap();
        assert_eq!(draft.title, "Ferry fares fall");
        assert_eq!(draft.source, "Island Post");
        assert_eq!(draft.author, "Mara Holt");
        assert_eq!(draft.standfirst, "Cheaper crossings start next month.");
        assert_eq!(
            draft.url.as_deref(),
            Some("https://islandpost.example/news/ferry-fares")
        );
        assert_eq!(
            draft.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-04-02T07:30:00+00:00")
        );
        assert!(
            draft
                .body
                .starts_with("Fares on the northern route[1] will fall"),
            "{}",
            draft.body
        );
        assert_eq!(
            draft.links[0].url,
            "https://islandpost.example/routes/north"
        );
        for bad in ["track-me", "injected", "steal", "Copyright", "Home"] {
            assert!(!draft.body.contains(bad), "{bad} in {}", draft.body);
        }
    }

    #[test]
    fn site_suffix_is_stripped_only_for_the_known_site() {
        assert_eq!(
            strip_site_suffix("A - B - Daily Tide", Some("Daily Tide")),
            "A - B"
        );
        assert_eq!(
            strip_site_suffix("War - and peace", Some("Daily Tide")),
            "War - and peace"
        );
        assert_eq!(strip_site_suffix("Title | Site", None), "Title | Site");
    }

    #[test]
    fn tiny_page_falls_back_to_the_body_text() {
        let draft = parse_html_page("<html><body><p>Short note.</p></body></html>").unwrap();
        assert_eq!(draft.body, "Short note.");
    }

    #[test]
    fn json_ld_date_is_read() {
        let page = r#"<html><head><script type="application/ld+json">
            {"@graph":[{"@type":"NewsArticle","datePublished":"2024-01-05T10:00:00Z"}]}
            </script></head><body><h1>T</h1><p>Text.</p></body></html>"#;
        let draft = parse_html_page(page).unwrap();
        assert!(draft.published.is_some());
    }

    #[test]
    fn ads_and_related_blocks_are_skipped() {
        let paragraph = "The council met on Tuesday to discuss the harbour plans, which have been \
                         debated for years by residents and traders alike in the old town.";
        let page = format!(
            "<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>\
             <p>{paragraph}</p><div class=\"ad\">Buy cheap watches</div>\
             <p>{paragraph}</p><aside id=\"related-stories\"><p>Other story</p></aside>\
             <div class=\"newsletter_box\">Sign up now</div><p class=\"shadow header read\">Kept line.</p>\
             <div class=\"social share-tools\">Tweet this</div><p>{paragraph}</p></article></body></html>"
        );
        let draft = parse_html_page(&page).unwrap();
        for bad in ["watches", "Other story", "Sign up", "Tweet"] {
            assert!(!draft.body.contains(bad), "{bad} in {}", draft.body);
        }
        assert!(draft.body.contains("Kept line."), "{}", draft.body);
        assert!(draft.body.contains("The council met"), "{}", draft.body);
        let all_marked =
            "<html><body><article class=\"promo\"><p>Short note.</p></article></body></html>";
        assert_eq!(parse_html_page(all_marked).unwrap().body, "Short note.");
    }
}
