//! Date rules on hand-written sentences: spans and values, with publication on Tuesday 2026-11-24.

use chrono::NaiveDate;

use super::{FoundDate, find_dates};

fn dates(sentence: &str) -> Vec<(String, Option<String>)> {
    let words: Vec<&str> = sentence.split(' ').collect();
    let mut out = Vec::new();
    find_dates(&words, NaiveDate::from_ymd_opt(2026, 11, 24), &mut out);
    out.into_iter()
        .map(|FoundDate { tokens, value }| (words[tokens].join(" "), value))
        .collect()
}

fn one(sentence: &str) -> (String, Option<String>) {
    let found = dates(sentence);
    assert_eq!(found.len(), 1, "{sentence}: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

fn day(text: &str, value: &str) -> (String, Option<String>) {
    (text.to_string(), Some(value.to_string()))
}

#[test]
fn calendar_dates() {
    assert_eq!(
        one("talks began on February 2 ."),
        day("February 2", "2026-02-02")
    );
    assert_eq!(
        one("on Feb. 2 , 2025 it rained"),
        day("Feb. 2 , 2025", "2025-02-02")
    );
    assert_eq!(
        one("on 2 February 2024 ,"),
        day("2 February 2024", "2024-02-02")
    );
    assert_eq!(
        one("the 2nd of February"),
        day("2nd of February", "2026-02-02")
    );
    assert_eq!(
        one("Monday , February 2 was cold"),
        day("Monday , February 2", "2026-02-02")
    );
    assert_eq!(one("on 2026-11-20 ."), day("2026-11-20", "2026-11-20"));
    assert_eq!(one("DUBAI , FEBRUARY 2 ."), day("FEBRUARY 2", "2026-02-02"));
    // December seen from November is this year; seen from January it is last year.
    assert_eq!(one("until December 28"), day("December 28", "2026-12-28"));
}

#[test]
fn weekdays_and_relative_days() {
    assert_eq!(one("said on Monday that"), day("Monday", "2026-11-23"));
    assert_eq!(one("said on Tuesday that"), day("Tuesday", "2026-11-24"));
    assert_eq!(
        one("since last Tuesday ,"),
        day("last Tuesday", "2026-11-17")
    );
    assert_eq!(one("by next Monday ,"), day("next Monday", "2026-11-30"));
    assert_eq!(one("on Sunday night"), day("Sunday night", "2026-11-22"));
    assert_eq!(one("it rained yesterday"), day("yesterday", "2026-11-23"));
    assert_eq!(one("Today the rain stopped"), day("Today", "2026-11-24"));
    assert_eq!(one("three days ago"), day("three days ago", "2026-11-21"));
    assert_eq!(
        one("it happened last night"),
        day("last night", "2026-11-23")
    );
}

#[test]
fn periods_have_no_value() {
    assert_eq!(one("arrested last week"), ("last week".to_string(), None));
    assert_eq!(one("due in March"), ("March".to_string(), None));
    assert_eq!(one("since 2023 ,"), ("2023".to_string(), None));
    assert_eq!(one("in February 2026"), ("February 2026".to_string(), None));
    assert_eq!(
        one("earlier this month"),
        ("earlier this month".to_string(), None)
    );
}

#[test]
fn times() {
    assert_eq!(
        one("opens at 10:30 GMT"),
        day("10:30 GMT", "2026-11-24T10:30")
    );
    assert_eq!(one("by 3 p.m. ,"), day("3 p.m.", "2026-11-24T15:00"));
    assert_eq!(one("at 9pm"), day("9pm", "2026-11-24T21:00"));
    assert_eq!(one("from 0900 GMT"), day("0900 GMT", "2026-11-24T09:00"));
    assert_eq!(one("at noon"), day("noon", "2026-11-24T12:00"));
    assert_eq!(
        dates("on Monday at 10:30 local time"),
        vec![
            day("Monday", "2026-11-23"),
            day("10:30 local time", "2026-11-23T10:30")
        ]
    );
}

#[test]
fn not_dates() {
    for sentence in [
        "Theresa May said",
        "he scored 3 goals in 1:23.45",
        "the march was peaceful",
        "the 1996 budget",
        "raised 3.5 percent",
        "2,000 people at 10",
    ] {
        assert_eq!(dates(sentence), vec![], "{sentence}");
    }
}

#[test]
fn dates_spoken_of_as_ahead_are_the_next_such_day() {
    // Publication is Tuesday 2026-11-24.
    assert_eq!(
        one("the court will rule on February 2 ."),
        day("February 2", "2027-02-02")
    );
    assert_eq!(
        one("he said he would resign on 5 January"),
        day("5 January", "2027-01-05")
    );
    assert_eq!(
        one("ministers will meet on Monday ."),
        day("Monday", "2026-11-30")
    );
    assert_eq!(
        one("the vote is due on Thursday ."),
        day("Thursday", "2026-11-26")
    );
    // The day of publication is that day, ahead or not.
    assert_eq!(
        one("the vote will be held on Tuesday ."),
        day("Tuesday", "2026-11-24")
    );
    // Without a word that looks ahead, a date is past or near, as before.
    assert_eq!(
        one("the court ruled on February 2 ."),
        day("February 2", "2026-02-02")
    );
    assert_eq!(
        one("ministers met on Monday ."),
        day("Monday", "2026-11-23")
    );
    // A word that looks ahead far back in the sentence says nothing of this date.
    assert_eq!(
        one("the plant will close , its owner said after a vote held on Monday ."),
        day("Monday", "2026-11-23")
    );
    // Past tense that only looks like it looks ahead.
    for sentence in [
        "the strike lasted until 5 January .",
        "sales rose more than expected on Monday .",
        "the match was called off due to snow on Saturday .",
    ] {
        let (_, value) = one(sentence);
        assert!(
            value.as_deref() < Some("2026-11-25"),
            "{sentence}: {value:?}"
        );
    }
    assert_eq!(
        one("ministers are due to meet on Monday ."),
        day("Monday", "2026-11-30")
    );
    // The look back stops at an earlier date.
    assert_eq!(
        dates("talks that will resume on Monday began on Friday ."),
        vec![day("Monday", "2026-11-30"), day("Friday", "2026-11-20")]
    );
    // A year written out wins, and `last` still means last.
    assert_eq!(
        one("it will be as it was on February 2 , 2020 ."),
        day("February 2 , 2020", "2020-02-02")
    );
    assert_eq!(
        one("the court will rule , as it did last Monday ."),
        day("last Monday", "2026-11-23")
    );
}

#[test]
fn every_word_a_date_can_start_with_is_let_through() {
    use super::{
        AHEAD_WORDS, LOWERCASE_STARTS, Matcher, PARTS_OF_DAY, PERIOD_WORDS, SMALL_NUMBERS,
        TIME_PREPOSITIONS, ZONES, may_start_date,
    };
    let mut firsts: Vec<&str> = [
        LOWERCASE_STARTS,
        SMALL_NUMBERS,
        PERIOD_WORDS,
        PARTS_OF_DAY,
        TIME_PREPOSITIONS,
        AHEAD_WORDS,
        ZONES,
    ]
    .concat();
    firsts.extend([
        "the",
        "said",
        "days",
        "ago",
        "noon",
        "week",
        "am",
        "pm",
        "a.m.",
        "local",
        "time",
        "of",
        "mid-march",
        "monday",
        "february",
        "march",
        "may",
        "x",
        ",",
        "-",
        "(",
        "'s",
        "\"",
    ]);
    let seconds = [
        "Monday", "March", "2026", "10:30", "2", "days", "weeks", "ago", "night", "week", "this",
        "next", "morning", "pm", "GMT", "local", "time", "of", "",
    ];
    let published = NaiveDate::from_ymd_opt(2026, 11, 24);
    for first in &firsts {
        for second in seconds {
            for third in ["ago", "week", "month", "Monday", "2026", "GMT", ""] {
                // After a preposition too, which some dates need (`at noon`, `in March`).
                for before in ["at", "in", "the"] {
                    let words = [before, *first, second, third];
                    let matcher = Matcher {
                        words: &words,
                        published,
                    };
                    if matcher.at(1).is_some() {
                        assert!(may_start_date(first), "{words:?} is a date");
                    }
                }
            }
        }
    }
}
