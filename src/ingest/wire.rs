//! Plain-text wire copy as saved from a news site: navigation lines, headline, standfirst, body, dateline.

use chrono::{DateTime, NaiveDate, Utc};

use super::Origin;
use super::dateline::{month_number, parse_dateline};
use super::dates::midnight;
use super::paragraphs::paragraphs_from_lines;
use super::sanitize::strip_controls;
use crate::article::ArticleDraft;

/// A standfirst is one sentence or two; a longer line is already body text.
const MAX_STANDFIRST_CHARS: usize = 300;
const MIN_STANDFIRST_WORDS: usize = 4;

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
];

/// Parses one wire story.
pub fn parse_wire(text: &str, origin: &Origin) -> Result<ArticleDraft, String> {
    let text = strip_controls(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let Some(&first_line) = content.first() else {
        return Err("no article text found".to_string());
    };

    // Navigation may go only while a headline and some body are left after it.
    let headline_at = content
        .iter()
        .enumerate()
        .find(|&(rank, &i)| content.len() - rank <= 2 || !is_navigation_line(lines[i]))
        .map_or(first_line, |(_, &i)| i);

    let mut next = content.iter().copied().filter(|&i| i > headline_at);
    let mut after_headline = next.next();
    // Dates and share buttons sometimes sit between the headline and the text.
    while let Some(i) = after_headline {
        if !(is_date_time_line(lines[i]) || is_navigation_word(lines[i])) {
            break;
        }
        after_headline = next.next();
    }

    let mut draft = ArticleDraft {
        title: lines[headline_at].to_string(),
        ..ArticleDraft::default()
    };
    let mut body_from = after_headline.unwrap_or(lines.len());
    if let Some(i) = after_headline {
        let has_more = content.iter().any(|&j| j > i);
        if has_more && is_standfirst(lines[i]) {
            draft.standfirst = lines[i].to_string();
            body_from = i + 1;
        }
    }
    draft.body = paragraphs_from_lines(&lines[body_from.min(lines.len())..]);
    apply_dateline(&mut draft, origin);
    Ok(draft)
}

/// Reads the dateline at the start of the body, if there is one: it sets `dateline`, and `source`
/// and `published` when those are not known yet. The dateline text stays in the body; the returned
/// offset is where the story after it begins.
pub fn apply_dateline(draft: &mut ArticleDraft, origin: &Origin) -> Option<usize> {
    let reference: DateTime<Utc> = draft.published.or(origin.modified).unwrap_or_else(Utc::now);
    let reference: NaiveDate = reference.date_naive();
    let leading = draft.body.len() - draft.body.trim_start().len();
    let found = parse_dateline(&draft.body[leading..], reference)?;
    if draft.source.trim().is_empty()
        && let Some(agency) = &found.dateline.agency
    {
        draft.source = agency.clone();
    }
    if draft.published.is_none() {
        draft.published = found.dateline.date.map(midnight);
    }
    draft.dateline = Some(found.dateline);
    Some(leading + found.end)
}

/// True for site furniture: menu words, breadcrumbs, short section names, lone dates and times.
fn is_navigation_line(line: &str) -> bool {
    is_navigation_word(line)
        || is_breadcrumb(line)
        || is_date_time_line(line)
        || is_section_name(line)
}

fn is_navigation_word(line: &str) -> bool {
    let lower = line
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    NAVIGATION_WORDS.contains(&lower.as_str())
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
fn is_section_name(line: &str) -> bool {
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
fn is_date_time_line(line: &str) -> bool {
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

/// A sentence-like line that is not the start of the story itself.
fn is_standfirst(line: &str) -> bool {
    let today = Utc::now().date_naive();
    line.chars().count() <= MAX_STANDFIRST_CHARS
        && line.split_whitespace().count() >= MIN_STANDFIRST_WORDS
        && line.chars().any(char::is_lowercase)
        && parse_dateline(line, today).is_none()
        && !is_navigation_line(line)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            name: "story.txt".into(),
            modified: DateTime::parse_from_rfc3339("2024-03-20T12:00:00Z")
                .ok()
                .map(|d| d.with_timezone(&Utc)),
        }
    }

    const STORY: &str = "All news\nHome > World > Europe\nBusiness\n14 MAR, 10:21\n\
        Harbour board opens a second ferry pier early\n\
        The pier doubles capacity for \"night crossings\", the board said\n\
        BERGEN, March 14. /NEWSDESK/. The harbour board opened the pier on Thursday.\n\
        Work finished three weeks ahead of plan.\n";

    #[test]
    fn skips_navigation_and_finds_headline_standfirst_and_body() {
        let draft = parse_wire(STORY, &origin()).unwrap();
        assert_eq!(draft.title, "Harbour board opens a second ferry pier early");
        assert_eq!(
            draft.standfirst,
            "The pier doubles capacity for \"night crossings\", the board said"
        );
        assert_eq!(
            draft.body,
            "BERGEN, March 14. /NEWSDESK/. The harbour board opened the pier on Thursday.\n\n\
             Work finished three weeks ahead of plan."
        );
    }

    #[test]
    fn dateline_sets_place_date_agency_source_and_published() {
        let draft = parse_wire(STORY, &origin()).unwrap();
        let dateline = draft.dateline.unwrap();
        assert_eq!(dateline.place, "BERGEN");
        assert_eq!(dateline.date, NaiveDate::from_ymd_opt(2024, 3, 14));
        assert_eq!(dateline.agency.as_deref(), Some("NEWSDESK"));
        assert_eq!(draft.source, "NEWSDESK");
        assert_eq!(
            draft.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-14T00:00:00+00:00")
        );
    }

    #[test]
    fn no_standfirst_when_the_next_line_is_the_dateline() {
        let text = "Ferry service resumes after storm\n\nOSLO (AP) — Boats sailed again on Monday.\n\nMore later.";
        let draft = parse_wire(text, &origin()).unwrap();
        assert_eq!(draft.title, "Ferry service resumes after storm");
        assert_eq!(draft.standfirst, "");
        assert!(draft.body.starts_with("OSLO (AP) —"));
        assert_eq!(draft.source, "AP");
    }

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
            "Harbour board opens a second ferry pier early",
            "Rain expected on Sunday, forecasters say",
        ] {
            assert!(!is_navigation_line(line), "{line}");
        }
    }

    #[test]
    fn a_long_line_is_not_a_standfirst() {
        let long = "word ".repeat(80);
        let text = format!("Headline of the story\n{long}\nSecond paragraph.");
        let draft = parse_wire(&text, &origin()).unwrap();
        assert_eq!(draft.standfirst, "");
        assert!(draft.body.starts_with("word word"));
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse_wire(" \n\n", &origin()).is_err());
    }
}
