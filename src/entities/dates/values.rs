//! Turning found dates into calendar values with chrono, filling the year (and resolving weekdays
//! and "yesterday") from the article's publication date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A day this far after publication must be from the year before (copy filed in December, read in
/// January). The same rule as the dateline parser in `ingest`, so both agree on a dateline's date.
const MAX_DAYS_AHEAD: i64 = 62;

/// The month number of a capitalised, full or abbreviated English month name (`February`, `Feb.`,
/// `SEPT`). In running text a lower-case "may" or "march" is a verb, so capitals are required here.
pub fn month_number(word: &str) -> Option<u32> {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    crate::ingest::english_month(word)
}

/// The weekday a capitalised English day name stands for (`Monday`, `MONDAY`).
pub fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    DAYS.iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|(_, day)| *day)
}

/// A day of the month written `2`, `02`, `2nd`, `31st`.
pub fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A year written in four digits, 1900 to 2199.
pub fn year_number(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| (1900..2200).contains(y))
}

/// Days before publication a date said to be ahead may still fall (copy filed a few days late).
const AHEAD_GRACE_DAYS: i64 = 7;

/// Month and day with the year given, or taken from publication: the year before when the day would
/// fall more than about two months after it, unless the sentence speaks of what is `ahead` ("will
/// publish on 26 March"), when it is the next such day.
pub fn resolve_day(
    month: u32,
    day: u32,
    year: Option<i32>,
    published: Option<NaiveDate>,
    ahead: bool,
) -> Option<NaiveDate> {
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    let published = published?;
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day);
    if ahead {
        // The first such day from a week before publication on (a 29 February may be years off).
        let earliest = published - Duration::days(AHEAD_GRACE_DAYS);
        return (0..=4)
            .filter_map(|n| NaiveDate::from_ymd_opt(published.year() + n, month, day))
            .find(|date| *date >= earliest);
    }
    match this_year {
        Some(date) if date <= published + Duration::days(MAX_DAYS_AHEAD) => Some(date),
        _ => NaiveDate::from_ymd_opt(published.year() - 1, month, day),
    }
}

/// Which occurrence of a weekday a phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `Monday`, `this Monday`: the one on or before publication (news reports what happened).
    OnOrBefore,
    /// `last Monday`: strictly before publication.
    Before,
    /// `next Monday`: strictly after publication.
    After,
    /// `will meet on Monday`: on or after publication.
    OnOrAfter,
}

pub fn resolve_weekday(
    day: Weekday,
    which: Which,
    published: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let published = published?;
    let back = (7 + published.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    let date = match which {
        Which::OnOrBefore => published - Duration::days(i64::from(back)),
        Which::Before => published - Duration::days(i64::from(if back == 0 { 7 } else { back })),
        Which::After => {
            let ahead = (7 - back) % 7;
            published + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
        }
        Which::OnOrAfter => published + Duration::days(i64::from((7 - back) % 7)),
    };
    Some(date)
}

/// `HH:MM` from an hour, minute and an optional `am`/`pm`.
pub fn clock(hour: u32, minute: u32, meridiem: Option<bool>) -> Option<(u32, u32)> {
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => (hour % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => hour,
    };
    (hour < 24 && minute < 60).then_some((hour, minute))
}

pub fn format_day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn format_time(date: NaiveDate, (hour, minute): (u32, u32)) -> String {
    format!("{}T{hour:02}:{minute:02}", format_day(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn year_from_publication() {
        assert_eq!(
            resolve_day(2, 2, None, day(2026, 11, 24), false),
            day(2026, 2, 2)
        );
        assert_eq!(
            resolve_day(12, 28, None, day(2026, 1, 5), false),
            day(2025, 12, 28)
        );
        assert_eq!(
            resolve_day(12, 28, Some(2020), day(2026, 1, 5), false),
            day(2020, 12, 28)
        );
        assert_eq!(resolve_day(2, 30, None, day(2026, 11, 24), false), None);
        assert_eq!(resolve_day(2, 2, None, None, false), None);
        // Spoken of as ahead: the next such day, a week's grace for copy filed late.
        assert_eq!(
            resolve_day(3, 26, None, day(2026, 1, 20), true),
            day(2026, 3, 26)
        );
        assert_eq!(
            resolve_day(3, 26, None, day(2026, 1, 20), false),
            day(2025, 3, 26)
        );
        assert_eq!(
            resolve_day(1, 5, None, day(2026, 11, 24), true),
            day(2027, 1, 5)
        );
        assert_eq!(
            resolve_day(11, 20, None, day(2026, 11, 24), true),
            day(2026, 11, 20)
        );
        assert_eq!(
            resolve_day(2, 29, None, day(2028, 3, 10), true),
            day(2032, 2, 29)
        );
    }

    #[test]
    fn weekdays_around_publication() {
        // 2026-11-24 is a Tuesday.
        let published = day(2026, 11, 24);
        assert_eq!(
            resolve_weekday(Weekday::Mon, Which::OnOrBefore, published),
            day(2026, 11, 23)
        );
        assert_eq!(
            resolve_weekday(Weekday::Tue, Which::OnOrBefore, published),
            day(2026, 11, 24)
        );
        assert_eq!(
            resolve_weekday(Weekday::Tue, Which::Before, published),
            day(2026, 11, 17)
        );
        assert_eq!(
            resolve_weekday(Weekday::Mon, Which::After, published),
            day(2026, 11, 30)
        );
        assert_eq!(
            resolve_weekday(Weekday::Wed, Which::After, published),
            day(2026, 11, 25)
        );
    }

    #[test]
    fn names_and_numbers() {
        assert_eq!(month_number("Feb."), Some(2));
        assert_eq!(month_number("SEPT"), Some(9));
        assert_eq!(month_number("march"), None);
        assert_eq!(day_number("2nd"), Some(2));
        assert_eq!(day_number("32"), None);
        assert_eq!(clock(12, 5, Some(false)), Some((0, 5)));
        assert_eq!(clock(3, 0, Some(true)), Some((15, 0)));
    }
}
