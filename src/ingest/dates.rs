//! Publication dates written as text or numbers, in the forms articles and exports use.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Parses RFC 3339, RFC 2822, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (also with `T`) and a few
/// ISO variants; a time without a zone is taken as UTC.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(date) = DateTime::parse_from_str(text, format) {
            return Some(date.with_timezone(&Utc));
        }
    }
    let without_zulu = text.strip_suffix('Z').unwrap_or(text);
    for format in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(date) = NaiveDateTime::parse_from_str(without_zulu, format) {
            return Some(Utc.from_utc_datetime(&date));
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(midnight(date));
        }
    }
    None
}

/// A unix time in seconds (or milliseconds, when the number is too large to be seconds).
pub fn from_unix(seconds: f64) -> Option<DateTime<Utc>> {
    if !seconds.is_finite() {
        return None;
    }
    // Seconds this large are past the year 5000: the number is in milliseconds.
    let seconds = if seconds.abs() > 1e11 {
        seconds / 1000.0
    } else {
        seconds
    };
    let whole = seconds.floor();
    let nanos = ((seconds - whole) * 1e9) as u32;
    DateTime::from_timestamp(whole as i64, nanos)
}

/// The start of a day, in UTC.
pub fn midnight(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ymd_hms(text: &str) -> String {
        parse_date(text)
            .unwrap()
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(ymd_hms("2024-03-14T10:21:00+03:00"), "2024-03-14 07:21:00");
        assert_eq!(
            ymd_hms("Thu, 14 Mar 2024 10:21:00 GMT"),
            "2024-03-14 10:21:00"
        );
        assert_eq!(ymd_hms("2024-03-14"), "2024-03-14 00:00:00");
        assert_eq!(ymd_hms("2024-03-14 10:21"), "2024-03-14 10:21:00");
        assert_eq!(ymd_hms("2024-03-14 10:21:05"), "2024-03-14 10:21:05");
        assert_eq!(ymd_hms("2024-03-14T10:21:05+0100"), "2024-03-14 09:21:05");
    }

    #[test]
    fn rejects_words() {
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn unix_seconds_and_milliseconds() {
        let date = from_unix(1_710_411_660.0).unwrap();
        assert_eq!(date.format("%Y-%m-%d").to_string(), "2024-03-14");
        assert_eq!(from_unix(1_710_411_660_000.0), Some(date));
    }
}
