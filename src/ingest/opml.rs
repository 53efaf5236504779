//! OPML subscription lists, read and written. Reading takes OPML 2.0 and 1.0 alike: every
//! `<outline>` with an `xmlUrl` (or, in old files, a `url` on an outline that is not a link) is a
//! feed, and the folders around it, together with its `category` attribute, become its tags.
//! Writing produces OPML 2.0 with each tagged feed inside a folder named by its first tag.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};

/// One feed of an OPML file. When writing, `title` is the name the feed is listed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    /// Enclosing folders, outermost first, then the `category` entries; each once.
    pub tags: Vec<String>,
}

/// What an OPML file lists: its feeds, and the outlines that could not be taken, each with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlList {
    pub feeds: Vec<OpmlFeed>,
    pub skipped: Vec<OpmlError>,
}

/// Why an OPML file, or one outline of it, could not be read, with the 1-based line where it went
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct OpmlError {
    pub line: usize,
    pub reason: String,
}

/// Outline types that mark a feed; an outline of another type (`link`, `include`) is not one.
const FEED_TYPES: [&str; 4] = ["rss", "atom", "rdf", "feed"];

/// Line numbers for byte offsets that only move forward, counted as the reader goes.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: u64) -> usize {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset > self.offset {
            let skipped = self.text.as_bytes().get(self.offset..offset).unwrap_or(&[]);
            self.line += skipped.iter().filter(|&&b| b == b'\n').count();
            self.offset = offset;
        }
        self.line
    }
}

/// The attributes of an outline that matter here, unescaped; names compare ignoring case.
#[derive(Default)]
struct Outline {
    text: Option<String>,
    title: Option<String>,
    kind: Option<String>,
    xml_url: Option<String>,
    url: Option<String>,
    html_url: Option<String>,
    category: Option<String>,
}

fn outline(start: &BytesStart<'_>) -> Result<Outline, String> {
    let mut found = Outline::default();
    for attribute in start.attributes().with_checks(false) {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let value = match attribute.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => value.into_owned(),
            // HTML entities such as `&nbsp;` turn up in titles written by hand or by HTML tools.
            Err(_) => html_escape::decode_html_entities(&attribute.value).into_owned(),
        };
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        let key = attribute.key.local_name();
        let slot = match key.as_ref().to_ascii_lowercase().as_str() {
            "text" => &mut found.text,
            "title" => &mut found.title,
            "type" => &mut found.kind,
            "xmlurl" => &mut found.xml_url,
            "url" => &mut found.url,
            "htmlurl" => &mut found.html_url,
            "category" => &mut found.category,
            _ => continue,
        };
        *slot = value;
    }
    Ok(found)
}

/// What an outline is: a feed, a folder (its name, if it has one), or neither.
enum Role {
    Feed(OpmlFeed),
    Folder(Option<String>),
}

fn role(found: Outline, folders: &[Option<String>]) -> Result<Role, String> {
    let kind = found.kind.as_deref().map(str::to_ascii_lowercase);
    let feed_like = kind.as_deref().is_some_and(|k| FEED_TYPES.contains(&k));
    let url = match (found.xml_url, kind.as_deref()) {
        (Some(url), _) => Some(url),
        // OPML 1.0 files from old readers put the feed in `url`; a `link` outline's `url` is a page.
        (None, None) => found.url,
        (None, Some(_)) if feed_like => found.url,
        (None, Some(_)) => None,
    };
    let Some(url) = url else {
        if feed_like {
            return Err("a feed outline without an xmlUrl".into());
        }
        return Ok(Role::Folder(found.text.or(found.title)));
    };
    check_address(&url)?;
    let mut tags: Vec<String> = folders.iter().flatten().cloned().collect();
    let categories = found.category.unwrap_or_default();
    for category in categories.split(',') {
        tags.push(category.trim().trim_start_matches('/').to_string());
    }
    Ok(Role::Feed(OpmlFeed {
        // In one spelling, so that two spellings of an address in a file are one feed.
        url: super::feed_address(&url),
        title: found.title.or(found.text),
        site_url: found.html_url,
        tags: clean_tags(tags),
    }))
}

/// A feed's address must be an absolute http or https URL with a host, as `feed add` demands.
fn check_address(url: &str) -> Result<(), String> {
    let bad = |why: String| Err(format!("xmlUrl {}: {why}", super::sanitize::quoted(url)));
    match url::Url::parse(url) {
        Err(e) => bad(e.to_string()),
        Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => {
            bad(format!("{}: is not http or https", parsed.scheme()))
        }
        Ok(parsed) if parsed.host_str().is_none_or(str::is_empty) => bad("names no host".into()),
        Ok(_) => Ok(()),
    }
}

fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut clean: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim();
        if !tag.is_empty() && !clean.iter().any(|t| t == tag) {
            clean.push(tag.to_string());
        }
    }
    clean
}

/// Reads the feeds of an OPML file, in document order. A feed listed twice (in two folders, say)
/// comes back once, with the tags of every listing. An outline that cannot be a feed (no address,
/// or one that is not a web address) costs only itself: it is in `skipped`, with its line.
pub fn parse(bytes: &[u8]) -> Result<OpmlList, OpmlError> {
    let text = super::encoding::decode(bytes);
    let mut reader = Reader::from_str(&text);
    let mut lines = Lines {
        text: &text,
        offset: 0,
        line: 1,
    };
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut feeds: Vec<OpmlFeed> = Vec::new();
    let mut skipped = Vec::new();
    let mut seen_root = false;
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let broken = OpmlError {
                    line: lines.at(reader.error_position()),
                    reason: format!("not well-formed XML: {e}"),
                };
                if feeds.is_empty() {
                    return Err(broken);
                }
                // A list cut off or broken halfway keeps the feeds before the break, and says
                // where it is.
                skipped.push(OpmlError {
                    reason: format!("{}; the outlines after it are not read", broken.reason),
                    ..broken
                });
                break;
            }
        };
        let (start, has_children) = match event {
            Event::Eof => break,
            Event::Start(start) => (start, true),
            Event::Empty(start) => (start, false),
            Event::End(end) if end.local_name().as_ref().eq_ignore_ascii_case("outline") => {
                folders.pop();
                continue;
            }
            _ => continue,
        };
        let line = lines.at(before);
        let name = start.local_name();
        if !seen_root {
            if !name.as_ref().eq_ignore_ascii_case("opml") {
                let found = name.as_ref().to_string();
                return Err(OpmlError {
                    line,
                    reason: format!("not an OPML file (it starts with <{found}>, not <opml>)"),
                });
            }
            seen_root = true;
            continue;
        }
        if !name.as_ref().eq_ignore_ascii_case("outline") {
            continue;
        }
        let found = outline(&start).map_err(|reason| OpmlError { line, reason })?;
        let role = match role(found, &folders) {
            Ok(role) => role,
            Err(reason) => {
                skipped.push(OpmlError { line, reason });
                // Its children, if any, take no folder from it.
                Role::Folder(None)
            }
        };
        match role {
            Role::Feed(feed) => {
                match feeds.iter_mut().find(|f| f.url == feed.url) {
                    Some(earlier) => {
                        let tags = earlier.tags.iter().chain(&feed.tags).cloned().collect();
                        earlier.tags = clean_tags(tags);
                    }
                    None => feeds.push(feed),
                }
                // Outlines inside a feed's outline get no tag from it.
                if has_children {
                    folders.push(None);
                }
            }
            Role::Folder(folder) if has_children => folders.push(folder),
            Role::Folder(_) => {}
        }
    }
    if !seen_root {
        return Err(OpmlError {
            line: lines.at(u64::MAX),
            reason: "not an OPML file (no <opml> element)".into(),
        });
    }
    Ok(OpmlList { feeds, skipped })
}

/// Escaped for an attribute value, without the control characters XML 1.0 cannot carry.
fn attr(value: &str) -> String {
    let allowed: String = value
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect();
    escape(Cow::Owned(allowed)).into_owned()
}

fn feed_line(out: &mut String, indent: &str, feed: &OpmlFeed, extra_tags: &[String]) {
    let name = attr(feed.title.as_deref().unwrap_or(&feed.url));
    out.push_str(&format!(
        "{indent}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
        attr(&feed.url)
    ));
    if let Some(site) = &feed.site_url {
        out.push_str(&format!(" htmlUrl=\"{}\"", attr(site)));
    }
    if !extra_tags.is_empty() {
        out.push_str(&format!(" category=\"{}\"", attr(&extra_tags.join(","))));
    }
    out.push_str("/>\n");
}

/// An OPML 2.0 document listing `feeds`. A feed with tags goes inside a folder named by its first
/// tag; its other tags go in its `category` attribute (comma-separated, which is why a comma in a
/// tag other than the first splits it in two when read back). Untagged feeds come first, at the
/// top level, then the folders in the order their first feed appears.
pub fn write(feeds: &[OpmlFeed]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    \
         <title>dateline subscriptions</title>\n  </head>\n  <body>\n",
    );
    let mut folders: Vec<(&str, Vec<&OpmlFeed>)> = Vec::new();
    for feed in feeds {
        match feed.tags.first() {
            None => feed_line(&mut out, "    ", feed, &[]),
            Some(tag) => match folders.iter_mut().find(|(name, _)| name == tag) {
                Some((_, members)) => members.push(feed),
                None => folders.push((tag, vec![feed])),
            },
        }
    }
    for (name, members) in folders {
        let name = attr(name);
        out.push_str(&format!("    <outline text=\"{name}\" title=\"{name}\">\n"));
        for feed in members {
            feed_line(&mut out, "      ", feed, &feed.tags[1..]);
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn feed(url: &str, title: &str, site: Option<&str>, tags: &[&str]) -> OpmlFeed {
        OpmlFeed {
            url: url.into(),
            title: Some(title.into()),
            site_url: site.map(str::to_string),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let feeds = vec![
            feed(
                "https://example.org/a.xml?x=1&y=2",
                "Plain <feed>",
                None,
                &[],
            ),
            feed(
                "https://example.org/b.xml",
                "Quotes \"and\" 'apostrophes' & ampersands",
                Some("https://example.org/"),
                &["world news", "daily"],
            ),
            feed("https://example.com/c.atom", "Café Über", None, &["daily"]),
            feed("https://example.com/d.json", "D", None, &["world news"]),
        ];
        let written = write(&feeds);
        let back = parse(written.as_bytes()).unwrap().feeds;
        // Written grouped by first tag: a, then folder `world news` (b, d), then `daily` (c).
        let expected = vec![
            feeds[0].clone(),
            feeds[1].clone(),
            feeds[3].clone(),
            feeds[2].clone(),
        ];
        assert_eq!(back, expected);
    }

    #[test]
    fn old_files_and_mistakes() {
        let opml1 = br#"<?xml version="1.0"?>
<opml version="1.0"><head/><body>
  <outline text="Old style" url="https://example.org/old.rss"/>
  <outline text="A page" type="link" url="https://example.org/page.html"/>
  <outline text="Empty folder"/>
</body></opml>"#;
        let feeds = parse(opml1).unwrap().feeds;
        assert_eq!(feeds.len(), 1);
        assert_eq!(feeds[0].url, "https://example.org/old.rss");
        assert_eq!(feeds[0].title.as_deref(), Some("Old style"));

        // Outlines that cannot be feeds cost only themselves, each named by its line.
        let mistakes = br#"<opml version="2.0"><body>
<outline type="rss" text="no address"/>
<outline type="rss" text="Bad" xmlUrl="not a url"/>
<outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
<outline text="Good" xmlUrl="https://example.org/good.xml"/>
</body></opml>"#;
        let list = parse(mistakes).unwrap();
        assert_eq!(list.feeds.len(), 1);
        assert_eq!(list.feeds[0].url, "https://example.org/good.xml");
        let lines: Vec<usize> = list.skipped.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert_eq!(list.skipped[0].reason, "a feed outline without an xmlUrl");
        assert!(
            list.skipped[1].reason.starts_with("xmlUrl \"not a url\": "),
            "{}",
            list.skipped[1]
        );
        assert!(
            list.skipped[2]
                .reason
                .ends_with("file: is not http or https")
        );
        let broken = b"<opml version=\"2.0\"><body>\n<outline text=\"x\">\n</body></opml>";
        let error = parse(broken).unwrap_err();
        assert_eq!(error.line, 3, "{error}");
        assert!(parse(b"<rss version=\"2.0\"></rss>").is_err());
        assert!(parse(b"").is_err());
        // Cut off halfway: the feeds before the break are kept, and the break is said.
        let cut = b"<opml version=\"2.0\"><body>\n<outline xmlUrl=\"https://a.example/rss\"/>\n\
                    <outline xmlUrl=\"https://b.example/rss\"/>\n<outline xmlUrl=\"https://c.exa";
        let list = parse(cut).unwrap();
        let urls: Vec<&str> = list.feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/rss", "https://b.example/rss"]);
        let last = list.skipped.last().unwrap();
        assert_eq!(last.line, 4, "{last}");
        assert!(
            last.reason.starts_with("not well-formed XML: ")
                && last
                    .reason
                    .ends_with("; the outlines after it are not read"),
            "{last}"
        );
    }
}
