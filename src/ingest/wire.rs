//! Plain-text wire copy as saved from a news site: navigation lines, headline, standfirst, body, dateline,
//! and the share and tag lines after the story. What counts as site furniture is in `furniture`.

use chrono::{DateTime, NaiveDate, Utc};

use super::dateline::parse_dateline;
use super::dates::midnight;
use super::furniture::{
    is_date_time_line, is_navigation_line, is_navigation_word, is_section_name, is_trailing_line,
};
use super::paragraphs::{paragraphs_from_lines, title_from_text};
use super::sanitize::strip_controls;
use super::{MAX_TITLE_CHARS, Origin};
use crate::article::ArticleDraft;

/// A standfirst is one sentence or two; a longer line is already body text.
const MAX_STANDFIRST_LINE_CHARS: usize = 300;
const MIN_STANDFIRST_WORDS: usize = 4;
/// A standfirst set apart by blank lines may be shorter.
const MIN_SET_APART_STANDFIRST_WORDS: usize = 2;

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
        .find(|&(rank, &i)| content.len() - rank <= 2 || !is_leading_furniture(&lines, i))
        .map_or(first_line, |(_, &i)| i);
    // A line too long for a title is the story itself, with no headline given.
    if lines[headline_at].chars().count() > MAX_TITLE_CHARS {
        return Ok(untitled(&lines[headline_at..], origin));
    }

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
        // With blank lines around the headline and the next line, each is a paragraph of its own.
        let set_apart = stands_alone(&lines, headline_at) && stands_alone(&lines, i);
        if has_more && is_standfirst(lines[i], set_apart) {
            draft.standfirst = lines[i].to_string();
            body_from = i + 1;
        }
    }
    let body_end = story_end(&lines, &content, body_from);
    draft.body = paragraphs_from_lines(&lines[body_from.min(body_end)..body_end]);
    apply_dateline(&mut draft, origin);
    Ok(draft)
}

/// A story without a headline: all of `lines` is the body, and the title its first sentence after
/// any dateline.
fn untitled(lines: &[&str], origin: &Origin) -> ArticleDraft {
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let end = story_end(lines, &content, 0);
    let mut draft = ArticleDraft {
        body: paragraphs_from_lines(&lines[..end]),
        ..ArticleDraft::default()
    };
    let story_start = apply_dateline(&mut draft, origin).unwrap_or(0);
    draft.title = title_from_text(draft.body.get(story_start..).unwrap_or(""));
    draft
}

/// Where the story ends: before the share, print and tag lines that trail it, never before `from`.
fn story_end(lines: &[&str], content: &[usize], from: usize) -> usize {
    let mut end = lines.len();
    for &i in content.iter().rev() {
        if i < from || !is_trailing_line(lines[i]) {
            break;
        }
        end = i;
    }
    end
}

/// Navigation before the headline. A lone section-like name (`Headline`, `Ceasefire Holds`) set apart
/// by blank lines is taken as a short headline; in a run of menu lines it is navigation.
fn is_leading_furniture(lines: &[&str], i: usize) -> bool {
    let line = lines[i];
    if is_section_name(line) && !is_navigation_word(line) && stands_alone(lines, i) {
        return false;
    }
    is_navigation_line(line)
}

/// True when line `i` has a blank line (or the start of the text) before it and a blank line after it.
fn stands_alone(lines: &[&str], i: usize) -> bool {
    let before = i == 0 || lines.get(i - 1).is_some_and(|l| l.is_empty());
    let after = lines.get(i + 1).is_some_and(|l| l.is_empty());
    before && after
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

/// A sentence-like line that is not the start of the story itself. One `set_apart` by blank lines
/// from the headline and the body may be as short as two words, but not a byline.
fn is_standfirst(line: &str, set_apart: bool) -> bool {
    let today = Utc::now().date_naive();
    let words = line.split_whitespace().count();
    let min_words = if set_apart {
        MIN_SET_APART_STANDFIRST_WORDS
    } else {
        MIN_STANDFIRST_WORDS
    };
    line.chars().count() <= MAX_STANDFIRST_LINE_CHARS
        && words >= min_words
        && line.chars().any(char::is_lowercase)
        && parse_dateline(line, today).is_none()
        && !is_navigation_line(line)
        && !is_byline(line)
}

/// `By Ann Lee`, `By Ann Lee and Bo Ek`.
fn is_byline(line: &str) -> bool {
    let lower = line.to_lowercase();
    (lower.starts_with("by ") || lower.starts_with("от ")) && line.split_whitespace().count() <= 8
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
    fn a_long_line_is_not_a_standfirst() {
        let long = "word ".repeat(80);
        let text = format!("Headline of the story\n{long}\nSecond paragraph.");
        let draft = parse_wire(&text, &origin()).unwrap();
        assert_eq!(draft.standfirst, "");
        assert!(draft.body.starts_with("word word"));
    }

    #[test]
    fn a_line_too_long_for_a_headline_is_the_story() {
        let text = format!("OSLO (AP) — {}\n", "Boats sailed again. ".repeat(50));
        let draft = parse_wire(&text, &origin()).unwrap();
        assert_eq!(draft.title, "Boats sailed again.");
        assert!(draft.body.starts_with("OSLO (AP) — Boats"));
        assert_eq!(draft.source, "AP");
    }

    #[test]
    fn a_byline_is_not_a_standfirst() {
        let text = "Harbour plan approved\n\nBy Ann Lee\n\nThe council voted on Tuesday.";
        let draft = parse_wire(text, &origin()).unwrap();
        assert_eq!(draft.standfirst, "");
        assert!(draft.body.starts_with("By Ann Lee"));
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse_wire(" \n\n", &origin()).is_err());
    }

    #[test]
    fn trailing_navigation_lines_are_dropped() {
        let text = "Ferry service resumes after storm\n\nOSLO (AP) — Boats sailed again on Monday.\n\n\
                    The share of late sailings fell.\n\nShare\nPrint\nComments (3)\nRead more\n\nRelated\n\
                    Tags: ferries, Oslo, weather\n";
        let draft = parse_wire(text, &origin()).unwrap();
        assert_eq!(
            draft.body,
            "OSLO (AP) — Boats sailed again on Monday.\n\nThe share of late sailings fell."
        );
    }

    #[test]
    fn navigation_words_inside_the_body_stay() {
        let text =
            "Ferry service resumes\n\nOSLO (AP) — Boats sailed again.\n\nShare\n\nThe last line.";
        let draft = parse_wire(text, &origin()).unwrap();
        assert!(
            draft.body.ends_with("Share\n\nThe last line."),
            "{}",
            draft.body
        );
    }

    #[test]
    fn blank_lines_between_headline_standfirst_and_body() {
        let text = "Headline\n\nshort line\n\nThe body starts here and goes on.\n\nMore body.\n";
        let draft = parse_wire(text, &origin()).unwrap();
        assert_eq!(draft.title, "Headline");
        assert_eq!(draft.standfirst, "short line");
        assert_eq!(
            draft.body,
            "The body starts here and goes on.\n\nMore body."
        );
        let text = "Ceasefire Holds\n\nBoth sides kept to the truce overnight\n\n\
                    GENEVA (Reuters) - Talks resumed.\n\nMore later.";
        let draft = parse_wire(text, &origin()).unwrap();
        assert_eq!(draft.title, "Ceasefire Holds");
        assert_eq!(draft.standfirst, "Both sides kept to the truce overnight");
        assert_eq!(draft.source, "Reuters");
    }

    #[test]
    fn russian_tass_dateline_in_wire_copy() {
        let text = "Выборы пройдут в сентябре\n\nМОСКВА, 5 мая. /ТАСС/. Голосование назначено.\n\nПодробности позже.";
        let draft = parse_wire(text, &origin()).unwrap();
        let dateline = draft.dateline.unwrap();
        assert_eq!(dateline.place, "МОСКВА");
        assert_eq!(dateline.date, NaiveDate::from_ymd_opt(2024, 5, 5));
        assert_eq!(dateline.agency.as_deref(), Some("ТАСС"));
        assert_eq!(draft.source, "ТАСС");
    }
}
