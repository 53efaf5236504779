//! Site furniture in copied wire text: menu words, breadcrumbs, section names and lone dates around a
//! story, and the share/print/tags lines that copying a page leaves after it.

use super::dateline::month_number;

/// Lines that news sites put around an article and that copying a page brings along.
const NAVIGATION_WORDS: &[&str] = &[
    "all news",
    "news",
    "latest news",
    "top stories",
    "breaking news",
    "home",
    "home page",
    "main",
    "menu",
    "search",
    "world",
    "business",
    "politics",
    "economy",
    "markets",
    "finance",
    "sport",
    "sports",
    "science",
    "technology",
    "tech",
    "culture",
    "society",
    "opinion",
    "health",
    "life",
    "lifestyle",
    "entertainment",
    "international",
    "local",
    "national",
    "russia",
    "europe",
    "asia",
    "africa",
    "americas",
    "middle east",
    "share",
    "print",
    "email",
    "e-mail",
    "copy link",
    "comments",
    "listen",
    "read more",
    "subscribe",
    "sign in",
    "log in",
    "login",
    "advertisement",
    "follow us",
    "facebook",
    "twitter",
    "telegram",
    "vk",
    "whatsapp",
    "linkedin",
    "x",
    "more",
    "back",
    "close",
    "updated",
    "published",
    "photo",
    "video",
    "read also",
    "see also",
    "related",
    "related stories",
    "related articles",
    "share this",
    "share this article",
    "поделиться",
    "печать",
    "комментарии",
    "читать далее",
    "читайте также",
    "читать также",
    "по теме",
];

/// A tag line's label: `Tags: ferries, Oslo`.
const TAG_LABELS: &[&str] = &["tags", "tagged", "topics", "keywords", "теги", "темы"];
/// Longest line that may be taken for trailing furniture; tag lists run longer than menu words.
const MAX_TRAILING_WORD_CHARS: usize = 40;
const MAX_TAG_LINE_CHARS: usize = 200;

/// True for site furniture: menu words, breadcrumbs, short section names, lone dates and times.
pub fn is_navigation_line(line: &str) -> bool {
    is_navigation_word(line)
        || is_breadcrumb(line)
        || is_date_time_line(line)
        || is_section_name(line)
}

pub fn is_navigation_word(line: &str) -> bool {
    let lower = line
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    NAVIGATION_WORDS.contains(&lower.as_str())
}

/// True for a line that copying a page leaves after the story: `Share`, `Print`, `Comments (3)`,
/// `Read more`, `Share | Print`, `Tags: ferries, Oslo`. Only short lines of known words qualify.
pub fn is_trailing_line(line: &str) -> bool {
    let chars = line.chars().count();
    if chars <= MAX_TRAILING_WORD_CHARS {
        // A count such as `Comments (3)` or `12 comments` does not change what the line is.
        let words = line.trim_matches(|c: char| !c.is_alphabetic());
        if is_navigation_word(words) {
            return true;
        }
        let parts: Vec<&str> = line
            .split(['|', '·', '•', '/'])
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect();
        if parts.len() >= 2 && parts.iter().all(|part| is_navigation_word(part)) {
            return true;
        }
    }
    chars <= MAX_TAG_LINE_CHARS && is_tag_line(line)
}

/// `Tags: a, b`, `Topics - a, b`.
fn is_tag_line(line: &str) -> bool {
    let Some((label, rest)) = line.split_once([':', '-', '—', '–']) else {
        return false;
    };
    TAG_LABELS.contains(&label.trim().to_lowercase().as_str())
        && !rest.trim().is_empty()
        && !rest.trim_end().ends_with(['.', '!', '?'])
}

/// `Home > World > Europe`, `News / Politics`, `World » Asia`.
fn is_breadcrumb(line: &str) -> bool {
    const SEPARATORS: [char; 6] = ['>', '/', '»', '›', '|', '→'];
    if !line.contains(SEPARATORS) {
        return false;
    }
    let parts: Vec<&str> = line.split(SEPARATORS).map(str::trim).collect();
    parts.len() >= 2
        && parts.iter().all(|part| {
            part.split_whitespace().count() <= 3
                && part.chars().count() <= 30
                && !part.ends_with(['.', '!', '?'])
        })
}

/// One or two capitalised words and nothing else, like `Middle East` or `Economy`.
pub fn is_section_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=2).contains(&words.len())
        && line.chars().count() <= 30
        && words.iter().all(|word| {
            word.starts_with(|c: char| c.is_uppercase())
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '&')
        })
}

/// A date and/or time alone on a line: `14 MAR, 10:21`, `March 14, 2024`, `Updated 10:21 GMT`.
pub fn is_date_time_line(line: &str) -> bool {
    const EXTRA_WORDS: &[&str] = &[
        "am",
        "pm",
        "utc",
        "gmt",
        "msk",
        "cet",
        "cest",
        "est",
        "edt",
        "bst",
        "updated",
        "published",
        "at",
        "on",
        "today",
        "yesterday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "h",
        "min",
        "ago",
    ];
    if line.chars().count() > 50 || !line.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    line.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | '/' | '-' | '|'))
        .filter(|token| !token.is_empty())
        .all(|token| {
            token.chars().all(|c| c.is_ascii_digit())
                || month_number(token).is_some()
                || EXTRA_WORDS.contains(&token.to_lowercase().as_str())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_line_detection() {
        for line in [
            "Share",
            "Print",
            "News / Politics",
            "World » Asia",
            "14 MAR, 10:21",
            "Middle East",
        ] {
            assert!(is_navigation_line(line), "{line}");
        }
        for line in [
            "Share",
            "Comments (3)",
            "12 comments",
            "Read more »",
            "Share | Print | Email",
            "Tags: ferries, Oslo, weather",
            "Теги: выборы, Москва",
        ] {
            assert!(is_trailing_line(line), "{line}");
        }
        for line in [
            "Share prices fell.",
            "Tags are sold out: the festival is full.",
            "Related to the story, officials said nothing",
            "Harbour",
        ] {
            assert!(!is_trailing_line(line), "{line}");
        }
        for line in [
            "Harbour board opens a second ferry pier early",
            "Rain expected on Sunday, forecasters say",
        ] {
            assert!(!is_navigation_line(line), "{line}");
        }
    }
}
