//! Numbered links (newsboat style: `text [N]` in the body, the URL at position N) and which URLs may be kept.

use std::collections::HashMap;

use url::Url;

use crate::article::Link;

/// The links of one article, numbered from 1 in the order they first appear.
#[derive(Debug, Default)]
pub struct LinkList {
    links: Vec<Link>,
    /// Each URL's number, so that a page of many links is numbered in linear time.
    numbers: HashMap<String, usize>,
}

impl LinkList {
    pub fn new() -> Self {
        Self::default()
    }

    /// A list that continues `first`: new links are numbered after them, and a URL among them
    /// keeps its number.
    pub fn continuing(first: &[Link]) -> Self {
        let mut list = Self::new();
        for link in first {
            list.add(link.url.clone(), &link.text);
        }
        list
    }

    /// Adds a link and returns its number. A URL seen before keeps its first number.
    pub fn add(&mut self, url: String, text: &str) -> usize {
        if let Some(&number) = self.numbers.get(&url) {
            return number;
        }
        let number = self.links.len() + 1;
        self.numbers.insert(url.clone(), number);
        self.links.push(Link {
            url,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
        number
    }

    pub fn into_links(self) -> Vec<Link> {
        self.links
    }
}

/// Parses a base URL for resolving relative links; only absolute http(s) URLs qualify.
pub fn parse_base(base: Option<&str>) -> Option<Url> {
    let url = Url::parse(base?.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// The URL as it may go inside an escape sequence or to an opener: a web or mail link, parsed
/// and re-serialised (which percent-encodes anything unusual, and always starts with the scheme,
/// never with `-`), refused if it still holds a control character.
pub fn safe_url(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https" | "mailto") {
        return None;
    }
    let text = parsed.to_string();
    text.chars().all(|c| c.is_ascii_graphic()).then_some(text)
}

/// Longest picture address kept: real ones are far shorter, and a longer one is more likely a
/// `data:`-like payload or tracking junk than a picture worth a request.
pub const MAX_PICTURE_URL: usize = 2048;

/// A lead picture's address as it may be stored and fetched: resolved against `base` when
/// relative, http or https only (no `data:`, `file:` or `mailto:`), free of control characters,
/// at most `MAX_PICTURE_URL` bytes.
pub fn picture_url(href: &str, base: Option<&Url>) -> Option<String> {
    let resolved = resolve_href(href, base)?;
    let url = safe_url(&resolved)?;
    let web = url.starts_with("http://") || url.starts_with("https://");
    (web && url.len() <= MAX_PICTURE_URL).then_some(url)
}

/// Decides what a link target becomes: http(s) and mailto URLs are kept, relative ones are resolved
/// against `base` when there is one (and kept as written when there is not); any other scheme
/// (`javascript:`, `data:`, `file:` ...) and in-page `#fragment` links are dropped.
pub fn resolve_href(href: &str, base: Option<&Url>) -> Option<String> {
    // Browsers ignore ASCII tabs and newlines inside URLs ("java\nscript:"), so they must not hide a scheme here.
    let href: String = href
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r') && !c.is_control())
        .collect();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    match Url::parse(&href) {
        Ok(url) => matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(base) => {
                let joined = base.join(&href).ok()?;
                matches!(joined.scheme(), "http" | "https").then(|| joined.to_string())
            }
            None if has_scheme(&href) => None,
            None => Some(href),
        },
        Err(_) => None,
    }
}

/// True when the text starts like `name:` with a URL scheme name, even one `Url` would not parse.
fn has_scheme(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let name = &href[..colon];
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !href[..colon].contains('/')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links_against_the_base() {
        let base = parse_base(Some("https://news.example/world/story.html"));
        let base = base.as_ref();
        assert_eq!(
            resolve_href("/about", base).as_deref(),
            Some("https://news.example/about")
        );
        assert_eq!(
            resolve_href("next.html?p=2", base).as_deref(),
            Some("https://news.example/world/next.html?p=2")
        );
        assert_eq!(
            resolve_href("//cdn.example/x", base).as_deref(),
            Some("https://cdn.example/x")
        );
    }

    #[test]
    fn drops_script_and_data_links() {
        assert_eq!(resolve_href("javascript:alert(1)", None), None);
        assert_eq!(resolve_href(" JavaScript:alert(1)", None), None);
        assert_eq!(resolve_href("java\nscript:alert(1)", None), None);
        assert_eq!(resolve_href("data:text/html;base64,AAAA", None), None);
        assert_eq!(resolve_href("#top", None), None);
    }

    #[test]
    fn keeps_web_and_mail_links() {
        assert_eq!(
            resolve_href("mailto:desk@news.example", None).as_deref(),
            Some("mailto:desk@news.example")
        );
        assert_eq!(
            resolve_href("/relative/path", None).as_deref(),
            Some("/relative/path")
        );
    }

    #[test]
    fn numbers_links_and_reuses_numbers_for_repeats() {
        let mut links = LinkList::new();
        assert_eq!(links.add("https://a.example/".into(), "A"), 1);
        assert_eq!(links.add("https://b.example/".into(), "B"), 2);
        assert_eq!(links.add("https://a.example/".into(), "again"), 1);
        assert_eq!(links.into_links().len(), 2);
    }
}
