//! The dateline that opens wire copy: `DUBAI, February 2. /TASS/.`, `LONDON, March 3 (Reuters) -`,
//! `WASHINGTON (AP) —`, `PARIS (AFP) -`, the bare `OSLO, May 5 -` and the Russian TASS style
//! `МОСКВА, 5 мая. /ТАСС/.` (day first, month in the genitive).

use chrono::{Datelike, Duration, NaiveDate};

use crate::article::Dateline;

/// Datelines sit at the very start of a paragraph and are short; nothing further in is looked at.
const MAX_PREFIX_CHARS: usize = 90;
const MAX_AGENCY_CHARS: usize = 24;
/// A day this far after the reference date must be from the year before (copy filed in December, read in January).
const MAX_DAYS_AHEAD: i64 = 62;

/// A dateline found at the start of some text; `end` is the byte offset where the story text begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDateline {
    pub dateline: Dateline,
    pub end: usize,
}

/// Parses the dateline at the start of `text`. A date without a year takes the year of `reference`
/// (the publication date, else the file's date, else today), or the year before when that would put it
/// more than about two months after `reference`.
pub fn parse_dateline(text: &str, reference: NaiveDate) -> Option<FoundDateline> {
    let (marker_start, marker) = find_marker(text)?;
    let prefix = text[..marker_start].trim();
    let (place, date) = parse_place_and_date(prefix, reference)?;
    let agency = match &marker {
        Marker::Slashes { agency, .. } | Marker::Parenthesised { agency, .. } => {
            Some(agency.clone())
        }
        Marker::Dash { .. } => None,
    };
    // A bare dash is common in ordinary sentences: only an upper-case place with a date makes it a dateline.
    if agency.is_none() && (date.is_none() || !is_upper_case(&place)) {
        return None;
    }
    let end = marker.end();
    let end = end + (text[end..].len() - text[end..].trim_start().len());
    Some(FoundDateline {
        dateline: Dateline {
            place,
            date,
            agency,
        },
        end,
    })
}

/// What ends a dateline, with the byte offset just after it.
enum Marker {
    /// ` /TASS/.`
    Slashes { agency: String, end: usize },
    /// ` (Reuters) -`
    Parenthesised { agency: String, end: usize },
    /// ` - `, ` – `, ` — `
    Dash { end: usize },
}

impl Marker {
    fn end(&self) -> usize {
        match self {
            Marker::Slashes { end, .. }
            | Marker::Parenthesised { end, .. }
            | Marker::Dash { end } => *end,
        }
    }
}

/// Finds the first dateline terminator in the first few dozen characters of `text`.
fn find_marker(text: &str) -> Option<(usize, Marker)> {
    for (count, (at, c)) in text.char_indices().enumerate() {
        if count > MAX_PREFIX_CHARS || c == '\n' {
            return None;
        }
        let before_is_space = text[..at].ends_with(char::is_whitespace);
        let marker = match c {
            '/' => slashes_marker(text, at),
            '(' => parenthesised_marker(text, at),
            '-' if before_is_space => dash_end(text, at),
            '–' | '—' => dash_end(text, at),
            _ => None,
        };
        if let Some(marker) = marker {
            return Some((at, marker));
        }
    }
    None
}

/// `/AGENCY/` optionally followed by `.`.
fn slashes_marker(text: &str, at: usize) -> Option<Marker> {
    let rest = &text[at + 1..];
    let close = rest.find('/')?;
    let agency = &rest[..close];
    if !is_agency_name(agency) {
        return None;
    }
    let mut end = at + 1 + close + 1;
    if text[end..].starts_with('.') {
        end += 1;
    }
    Some(Marker::Slashes {
        agency: agency.to_string(),
        end,
    })
}

/// `(Agency)` followed by a dash.
fn parenthesised_marker(text: &str, at: usize) -> Option<Marker> {
    let rest = &text[at + 1..];
    let close = rest.find(')')?;
    let agency = &rest[..close];
    if !is_agency_name(agency) {
        return None;
    }
    let after = at + 1 + close + 1;
    let dash_at = after + (text[after..].len() - text[after..].trim_start().len());
    let Some(Marker::Dash { end }) = dash_end(text, dash_at) else {
        return None;
    };
    Some(Marker::Parenthesised {
        agency: agency.to_string(),
        end,
    })
}

/// A dash at `at` (-, – or —); returns the offset after it.
fn dash_end(text: &str, at: usize) -> Option<Marker> {
    let c = text[at..].chars().next()?;
    if !matches!(c, '-' | '–' | '—') {
        return None;
    }
    let end = at + c.len_utf8();
    // A hyphen must stand apart (`CITY, May 3 - Text`), unlike the one in `WILKES-BARRE`.
    if c == '-' && !text[end..].starts_with(char::is_whitespace) {
        return None;
    }
    Some(Marker::Dash { end })
}

fn is_agency_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && name.chars().count() <= MAX_AGENCY_CHARS
        && name.starts_with(|c: char| c.is_uppercase())
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '&' | '.' | '\''))
}

/// Splits `CITY[, Region...][, Month D[.][, YYYY]]` into the place as written and the date.
fn parse_place_and_date(prefix: &str, reference: NaiveDate) -> Option<(String, Option<NaiveDate>)> {
    let prefix = prefix.trim_end_matches(['.', ',', ' ']);
    let mut parts = prefix.split(',').map(str::trim);
    let place = parts.next()?;
    if !is_place_name(place) {
        return None;
    }
    let mut month_day: Option<(u32, u32)> = None;
    let mut year: Option<i32> = None;
    for part in parts {
        if month_day.is_none() {
            if let Some(found) = parse_month_day(part) {
                month_day = Some(found);
                continue;
            }
            if is_place_name(part) {
                continue;
            }
        } else if year.is_none()
            && let Some(found) = part
                .parse::<i32>()
                .ok()
                .filter(|y| (1900..=2200).contains(y))
        {
            year = Some(found);
            continue;
        }
        return None;
    }
    let date = month_day.and_then(|(month, day)| resolve_date(month, day, year, reference));
    Some((place.to_string(), date))
}

/// Fills in the year of a dateline's month and day.
fn resolve_date(
    month: u32,
    day: u32,
    year: Option<i32>,
    reference: NaiveDate,
) -> Option<NaiveDate> {
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    let this_year = NaiveDate::from_ymd_opt(reference.year(), month, day);
    match this_year {
        Some(date)
            if reference
                .checked_add_signed(Duration::days(MAX_DAYS_AHEAD))
                .is_none_or(|limit| date <= limit) =>
        {
            Some(date)
        }
        _ => NaiveDate::from_ymd_opt(reference.year() - 1, month, day),
    }
}

/// `February 2`, `Feb. 2`, `Sept 30`, `2 February`, `5 мая`.
fn parse_month_day(part: &str) -> Option<(u32, u32)> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let [first, second] = words.as_slice() else {
        return None;
    };
    let (month, day) = match month_number(first) {
        Some(month) => (month, parse_day(second)?),
        None => (month_number(second)?, parse_day(first)?),
    };
    Some((month, day))
}

fn parse_day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']);
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The month a full or abbreviated English month name, or a Russian one in the genitive
/// (`января` … `декабря`, as dates write it), stands for.
pub fn month_number(word: &str) -> Option<u32> {
    english_month(word).or_else(|| russian_month(word))
}

/// The month number of a full or abbreviated English month name in any case (`February`,
/// `feb.`, `SEPT`). Allocation-free: the entity recogniser calls it for every capitalised word.
pub fn english_month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let bare = word.strip_suffix('.').unwrap_or(word);
    if bare.len() < 3 || bare.len() > 9 {
        return None;
    }
    let mut lower = [0u8; 9];
    for (out, b) in lower.iter_mut().zip(bare.bytes()) {
        *out = b.to_ascii_lowercase();
    }
    let lower = &lower[..bare.len()];
    if lower == b"sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|name| {
            name.as_bytes() == lower || (lower.len() == 3 && name.as_bytes().starts_with(lower))
        })
        .map(|index| index as u32 + 1)
}

fn russian_month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|name| *name == word)
        .map(|index| index as u32 + 1)
}

/// A city, state or country as datelines write them: a few capitalised words, no digits.
fn is_place_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && text.chars().count() <= 40
        && words.iter().all(|word| {
            word.starts_with(|c: char| c.is_uppercase())
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
}

fn is_upper_case(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 20).unwrap()
    }

    fn parse(text: &str) -> FoundDateline {
        parse_dateline(text, reference()).unwrap()
    }

    fn date(month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, month, day)
    }

    #[test]
    fn tass_style() {
        let text = "DUBAI, February 2. /TASS/. Officials met on Friday.";
        let found = parse(text);
        assert_eq!(found.dateline.place, "DUBAI");
        assert_eq!(found.dateline.date, date(2, 2));
        assert_eq!(found.dateline.agency.as_deref(), Some("TASS"));
        assert_eq!(&text[found.end..], "Officials met on Friday.");
    }

    #[test]
    fn reuters_style_with_region_and_abbreviated_month() {
        let found = parse("SAN JOSE, Costa Rica, Feb. 2 (Reuters) - Rains closed roads.");
        assert_eq!(found.dateline.place, "SAN JOSE");
        assert_eq!(found.dateline.date, date(2, 2));
        assert_eq!(found.dateline.agency.as_deref(), Some("Reuters"));
    }

    #[test]
    fn ap_and_afp_styles_without_a_date() {
        let found = parse("WASHINGTON (AP) — Lawmakers voted late on Tuesday.");
        assert_eq!(found.dateline.place, "WASHINGTON");
        assert_eq!(found.dateline.date, None);
        assert_eq!(found.dateline.agency.as_deref(), Some("AP"));
        let found = parse("PARIS (AFP) - The museum reopened.");
        assert_eq!(found.dateline.agency.as_deref(), Some("AFP"));
    }

    #[test]
    fn bare_style_with_en_dash() {
        let found = parse("NEW YORK, March 3 – Shares rose in early trade.");
        assert_eq!(found.dateline.place, "NEW YORK");
        assert_eq!(found.dateline.date, date(3, 3));
        assert_eq!(found.dateline.agency, None);
    }

    #[test]
    fn a_date_far_after_the_reference_is_last_year() {
        let found = parse("OSLO, December 30 - Snow fell.");
        assert_eq!(found.dateline.date, NaiveDate::from_ymd_opt(2023, 12, 30));
        let found = parse("OSLO, April 10 - Snow fell.");
        assert_eq!(found.dateline.date, date(4, 10));
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for text in [
            "The minister - who spoke briefly - left early.",
            "Officials, March 3 - nothing else",
            "Prices rose by 3 percent/year in the region.",
            "He said (quietly) that nothing would change.",
        ] {
            assert_eq!(parse_dateline(text, reference()), None, "{text}");
        }
    }

    #[test]
    fn russian_tass_style_with_genitive_months() {
        let text = "МОСКВА, 5 мая. /ТАСС/. Переговоры начались.";
        let found = parse(text);
        assert_eq!(found.dateline.place, "МОСКВА");
        assert_eq!(found.dateline.date, date(5, 5));
        assert_eq!(found.dateline.agency.as_deref(), Some("ТАСС"));
        assert_eq!(&text[found.end..], "Переговоры начались.");
        let months =
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря";
        for (index, month) in months.split(' ').enumerate() {
            let found = parse(&format!("САНКТ-ПЕТЕРБУРГ, 1 {month}. /ТАСС/. Текст."));
            // Months more than two months after the reference date (20 March 2024) are last year's.
            let year = if index < 5 { 2024 } else { 2023 };
            let expected = NaiveDate::from_ymd_opt(year, index as u32 + 1, 1);
            assert_eq!(found.dateline.date, expected, "{month}");
        }
    }
}
