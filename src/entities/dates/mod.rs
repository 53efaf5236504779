//! Dates and times found by rules over a sentence's tokens: `February 2`, `2 Feb 2026`, `2026-11-24`,
//! `Monday`, `last Monday`, `yesterday`, `last week`, `three days ago`, `in March`, `in 2023`,
//! `10:30 GMT`, `3 p.m.`. Each gets a value where one day (or minute) is meant; see `values`.
//!
//! Spans never include a leading preposition (`on Monday` gives `Monday`), but do include words that
//! change the meaning (`last Monday`, `next week`). Phrases that name a period rather than a day
//! (`last week`, `March`, `2023`) are dates without a value.

mod values;

use std::ops::Range;

use chrono::{Duration, NaiveDate};

use values::{
    Which, clock, day_number, format_day, format_time, month_number, resolve_day, resolve_weekday,
    weekday, year_number,
};

/// A date or time found in a sentence: token range and normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub tokens: Range<usize>,
    pub value: Option<String>,
}

/// What a match means, before times get their day.
enum Meaning {
    Day(NaiveDate),
    Time(Option<NaiveDate>, (u32, u32)),
    Period,
}

/// Most tokens between a time and the day it belongs to (`Monday` `at` `10:30`, `on` `Monday`).
const MAX_TIME_DAY_GAP: usize = 2;
const PERIOD_WORDS: &[&str] = &[
    "week", "month", "year", "weekend", "summer", "winter", "spring", "autumn", "fall", "quarter",
];
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];
const ZONES: &[&str] = &[
    "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "EST", "EDT", "CST", "CDT", "PST", "PDT",
    "MSK", "IST", "JST",
];
/// Words shortly before a date that put it ahead of publication (`will vote on 26 March`,
/// `scheduled for Tuesday`): without one a date without a year is taken to be past or near, as
/// news mostly is. `due` and `expected` count too, but not `due to` a cause (`due to snow`, only
/// `due to` one of `DUE_TO_VERBS`) or `than expected`.
const AHEAD_WORDS: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "would",
    "scheduled",
    "planned",
    "plans",
    "upcoming",
    "postponed",
    "delayed",
];
/// Verbs that make `due to` a plan (`due to meet`), not a cause.
const DUE_TO_VERBS: &[&str] = &[
    "be", "meet", "start", "begin", "hold", "open", "resume", "vote", "sign", "visit", "arrive",
    "return", "take", "announce", "publish", "report", "launch", "end", "close", "finish", "rule",
];
/// How many words before a date are looked at for `AHEAD_WORDS`.
const AHEAD_WINDOW: usize = 6;
/// Words before a bare month, year or clock time that make it a date (`in March`, `at 10:30`).
const TIME_PREPOSITIONS: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "during", "before", "after", "through", "early",
    "late", "mid", "end", "at", "around", "of", "between", "to",
];
const SMALL_NUMBERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a",
];

/// Finds the dates of one sentence (`words`), appending them to `out` with sentence-relative ranges.
pub fn find_dates(words: &[&str], published: Option<NaiveDate>, out: &mut Vec<FoundDate>) {
    let first = out.len();
    let mut found: Vec<(Range<usize>, Meaning)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !may_start_date(words[i]) {
            i += 1;
            continue;
        }
        let matcher = Matcher { words, published };
        match matcher.at(i) {
            Some((len, meaning)) => {
                found.push((i..i + len, meaning));
                i += len.max(1);
            }
            None => i += 1,
        }
    }
    // A time takes a day named right next to it (`Monday at 10:30`, `3 p.m. on February 2`), else
    // the publication day.
    let days: Vec<(Range<usize>, NaiveDate)> = found
        .iter()
        .filter_map(|(r, m)| match m {
            Meaning::Day(d) => Some((r.clone(), *d)),
            _ => None,
        })
        .collect();
    for (range, meaning) in found {
        let value = match meaning {
            Meaning::Day(day) => Some(format_day(day)),
            Meaning::Time(Some(day), hm) => Some(format_time(day, hm)),
            Meaning::Time(None, hm) => days
                .iter()
                .filter(|(r, _)| gap(r, &range) <= MAX_TIME_DAY_GAP)
                .min_by_key(|(r, _)| gap(r, &range))
                .map(|(_, d)| *d)
                .or(published)
                .map(|day| format_time(day, hm)),
            Meaning::Period => None,
        };
        out.push(FoundDate {
            tokens: range,
            value,
        });
    }
    debug_assert!(
        out[first..]
            .windows(2)
            .all(|w| w[0].tokens.end <= w[1].tokens.start)
    );
}

/// Words in lowercase that a date can start with besides `SMALL_NUMBERS` (`last week`, `noon`);
/// a date otherwise starts with a digit or a capital (`February 2`, `Monday`, `2026-11-24`).
/// Kept in step with the matchers of `Matcher::at` (a test checks).
const LOWERCASE_STARTS: &[&str] = &[
    "last",
    "next",
    "this",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "past",
    "coming",
    "earlier",
    "later",
    "early",
    "late",
    "noon",
    "midday",
    "midnight",
];

/// Whether a date may start at `word`: most words are ruled out at once, which matters because
/// every token of every article is asked.
fn may_start_date(word: &str) -> bool {
    match word.bytes().next() {
        Some(b) if b.is_ascii_lowercase() => LOWERCASE_STARTS
            .iter()
            .chain(SMALL_NUMBERS)
            .any(|w| word.eq_ignore_ascii_case(w)),
        // A clock time may start `.` or `:` (`.30`); no date starts with other punctuation.
        Some(b) if b.is_ascii_punctuation() => b == b'.' || b == b':',
        Some(_) => true,
        None => false,
    }
}

/// Tokens between two spans (0 when they touch).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

struct Matcher<'a, 'w> {
    words: &'a [&'w str],
    published: Option<NaiveDate>,
}

impl Matcher<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }

    fn lower_is(&self, i: usize, options: &[&str]) -> bool {
        let w = self.word(i);
        options.iter().any(|o| w.eq_ignore_ascii_case(o))
    }

    /// Whether a word shortly before token `i` puts the date there ahead of publication. The
    /// look back stops at an earlier date ("will resume on Monday, began on Friday") or a `;`.
    fn spoken_of_ahead(&self, i: usize) -> bool {
        for j in (i.saturating_sub(AHEAD_WINDOW)..i).rev() {
            let w = self.word(j);
            if w == ";" || weekday(w).is_some() || month_number(w).is_some() {
                return false;
            }
            let ahead = self.lower_is(j, AHEAD_WORDS)
                || (self.lower_is(j, &["due"])
                    && (!self.lower_is(j + 1, &["to"]) || self.lower_is(j + 2, DUE_TO_VERBS)))
                || (self.lower_is(j, &["expected"])
                    && !(j > 0 && self.lower_is(j - 1, &["than", "as"])));
            if ahead {
                return true;
            }
        }
        false
    }

    fn preceded_by_preposition(&self, i: usize) -> bool {
        i > 0 && self.lower_is(i - 1, TIME_PREPOSITIONS)
    }

    /// The longest date starting at token `i`: its length in tokens and meaning.
    fn at(&self, i: usize) -> Option<(usize, Meaning)> {
        self.calendar(i)
            .or_else(|| self.iso(i))
            .or_else(|| self.weekday(i))
            .or_else(|| self.relative(i))
            .or_else(|| self.time(i))
            .or_else(|| self.month_or_year(i))
    }

    /// `[Monday,] February 2[,] [2026]`, `[Monday,] 2 February [2026]`, `2nd of February`, `February 2026`.
    fn calendar(&self, i: usize) -> Option<(usize, Meaning)> {
        let mut j = i;
        if weekday(self.word(j)).is_some() {
            j += 1;
            if self.word(j) == "," {
                j += 1;
            }
        }
        let (month, day, mut end) = if let Some(month) = month_number(self.word(j)) {
            match day_number(self.word(j + 1)) {
                Some(day) => (month, day, j + 2),
                None => {
                    // `February 2026`: a month, no day.
                    year_number(self.word(j + 1))?;
                    return (j == i).then_some((2, Meaning::Period));
                }
            }
        } else {
            let day = day_number(self.word(j))?;
            let of = usize::from(self.lower_is(j + 1, &["of"]));
            (month_number(self.word(j + 1 + of))?, day, j + 2 + of)
        };
        let mut year = None;
        let comma = usize::from(self.word(end) == ",");
        if let Some(y) = year_number(self.word(end + comma)) {
            year = Some(y);
            end += comma + 1;
        }
        let ahead = self.spoken_of_ahead(i);
        let meaning = resolve_day(month, day, year, self.published, ahead)
            .map_or(Meaning::Period, Meaning::Day);
        Some((end - i, meaning))
    }

    /// `2026-11-24`, `2026-11-24T10:30`, `2026-11-24T10:30:00Z`.
    fn iso(&self, i: usize) -> Option<(usize, Meaning)> {
        let w = self.word(i);
        let (date, time) = w.split_once('T').map_or((w, None), |(d, t)| (d, Some(t)));
        if date.len() != 10 || date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
            return None;
        }
        let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let Some(time) = time else {
            return Some((1, Meaning::Day(day)));
        };
        let hour = time.get(0..2)?.parse().ok()?;
        let minute = time.get(3..5)?.parse().ok()?;
        Some((1, Meaning::Time(Some(day), clock(hour, minute, None)?)))
    }

    /// `Monday`, `last Monday`, `next Friday`, `Monday morning`.
    fn weekday(&self, i: usize) -> Option<(usize, Meaning)> {
        let (which, at) = if self.lower_is(i, &["last"]) {
            (Which::Before, i + 1)
        } else if self.lower_is(i, &["next"]) {
            (Which::After, i + 1)
        } else if self.lower_is(i, &["this"]) {
            (Which::OnOrBefore, i + 1)
        } else {
            (Which::OnOrBefore, i)
        };
        let day = weekday(self.word(at))?;
        // Looked for only once a day is named: it reads the words before the candidate.
        let which = if which == Which::OnOrBefore && self.spoken_of_ahead(i) {
            Which::OnOrAfter
        } else {
            which
        };
        let part = usize::from(self.lower_is(at + 1, PARTS_OF_DAY));
        let meaning =
            resolve_weekday(day, which, self.published).map_or(Meaning::Period, Meaning::Day);
        Some((at + 1 + part - i, meaning))
    }

    /// `today`, `yesterday`, `last night`, `last week`, `earlier this month`, `three days ago`.
    fn relative(&self, i: usize) -> Option<(usize, Meaning)> {
        let shifted = |days: i64| {
            self.published
                .map_or(Meaning::Period, |p| Meaning::Day(p + Duration::days(days)))
        };
        if self.lower_is(i, &["today", "tonight"]) {
            return Some((1, shifted(0)));
        }
        if self.lower_is(i, &["yesterday"]) {
            return Some((1, shifted(-1)));
        }
        if self.lower_is(i, &["tomorrow"]) {
            return Some((1, shifted(1)));
        }
        if self.lower_is(i, &["this"]) && self.lower_is(i + 1, PARTS_OF_DAY) {
            return Some((2, shifted(0)));
        }
        if self.lower_is(i, &["last"]) && self.lower_is(i + 1, &["night"]) {
            return Some((2, shifted(-1)));
        }
        if self.lower_is(i, &["last", "this", "next", "past", "coming"])
            && self.lower_is(i + 1, PERIOD_WORDS)
        {
            return Some((2, Meaning::Period));
        }
        if self.lower_is(i, &["earlier", "later"])
            && self.lower_is(i + 1, &["this", "next", "last"])
            && self.lower_is(i + 2, PERIOD_WORDS)
        {
            return Some((3, Meaning::Period));
        }
        let count = self.word(i).parse::<i64>().ok().or_else(|| {
            SMALL_NUMBERS
                .iter()
                .position(|n| self.word(i).eq_ignore_ascii_case(n))
                .map(|p| (p as i64 + 1) % 11)
        });
        if let Some(count) = count.filter(|&c| (1..=1000).contains(&c) || self.lower_is(i, &["a"]))
            && self.lower_is(i + 2, &["ago"])
        {
            let count = count.max(1);
            if self.lower_is(i + 1, &["day", "days"]) {
                return Some((3, shifted(-count)));
            }
            if self.lower_is(
                i + 1,
                &["week", "weeks", "month", "months", "year", "years"],
            ) {
                return Some((3, Meaning::Period));
            }
        }
        None
    }

    /// `10:30 GMT`, `10:30 a.m.`, `3 p.m.`, `3pm`, `0900 GMT`, `at 10:30`, `at noon`, `15:00 local time`.
    fn time(&self, i: usize) -> Option<(usize, Meaning)> {
        let w = self.word(i);
        if self.lower_is(i, &["noon", "midday", "midnight"]) && self.preceded_by_preposition(i) {
            let hm = if self.lower_is(i, &["midnight"]) {
                (0, 0)
            } else {
                (12, 0)
            };
            return Some((1, Meaning::Time(None, hm)));
        }
        let (number, glued_meridiem) = split_meridiem(w);
        let (hour, minute, four_digits) = parse_clock(number)?;
        let mut len = 1;
        let mut meridiem = glued_meridiem;
        if meridiem.is_none() {
            meridiem = meridiem_word(self.word(i + 1));
            len += usize::from(meridiem.is_some());
        }
        let zone = if self.lower_is(i + len, ZONES) {
            1
        } else if self.lower_is(i + len, &["local"]) && self.lower_is(i + len + 1, &["time"]) {
            2
        } else {
            0
        };
        let has_colon = number.contains(':') || number.contains('.');
        let anchored =
            meridiem.is_some() || zone > 0 || (has_colon && self.preceded_by_preposition(i));
        if !anchored || (four_digits && zone == 0) || (minute.is_none() && meridiem.is_none()) {
            return None;
        }
        let hm = clock(hour, minute.unwrap_or(0), meridiem)?;
        Some((len + zone, Meaning::Time(None, hm)))
    }

    /// `in March`, `last March`, `since 2023`: a month or year after a time preposition.
    fn month_or_year(&self, i: usize) -> Option<(usize, Meaning)> {
        let modifier = usize::from(self.lower_is(i, &["last", "next", "this", "early", "late"]));
        let at = i + modifier;
        if modifier == 0 && !self.preceded_by_preposition(i) {
            return None;
        }
        if month_number(self.word(at)).is_some() {
            let year = usize::from(year_number(self.word(at + 1)).is_some());
            return Some((modifier + 1 + year, Meaning::Period));
        }
        if modifier == 0
            && year_number(self.word(at)).is_some()
            && !self.lower_is(i - 1, &["of", "to", "at", "around"])
        {
            return Some((1, Meaning::Period));
        }
        None
    }
}

/// `3pm` → (`3`, pm); `10.30am` → (`10.30`, am).
fn split_meridiem(word: &str) -> (&str, Option<bool>) {
    for (suffix, pm) in [("am", false), ("pm", true), ("a.m.", false), ("p.m.", true)] {
        let number = word.strip_suffix(suffix).filter(|n| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
        });
        if let Some(number) = number {
            return (number, Some(pm));
        }
    }
    (word, None)
}

fn meridiem_word(word: &str) -> Option<bool> {
    match word {
        "am" | "a.m." | "AM" | "A.M." => Some(false),
        "pm" | "p.m." | "PM" | "P.M." => Some(true),
        _ => None,
    }
}

/// `10:30`, `10.30`, `3`, `0900` → hour, minute (None for a bare hour), and whether it was four digits.
fn parse_clock(text: &str) -> Option<(u32, Option<u32>, bool)> {
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return None;
    }
    if let Some((h, m)) = text.split_once([':', '.']) {
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        return Some((h.parse().ok()?, Some(m.parse().ok()?), false));
    }
    match text.len() {
        1 | 2 => Some((text.parse().ok()?, None, false)),
        4 => Some((text[..2].parse().ok()?, Some(text[2..].parse().ok()?), true)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
