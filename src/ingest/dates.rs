//! Publication dates written as text or numbers, in the forms articles and exports use.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::dateline::english_month;

/// Parses RFC 3339, RFC 2822 (also as feeds really write it: a wrong or missing weekday, a
/// two-digit year, no seconds, a zone name or none), `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (also
/// with `T`), a few ISO variants, `June 2, 2025` and `2 June 2025`, and unix seconds or
/// milliseconds written as digits; a time without a zone is taken as UTC.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Some(date) = loose_rfc822(text) {
        return Some(date);
    }
    if (9..=13).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<f64>().ok().and_then(from_unix);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
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
    for format in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y%m%d",
        "%d %B %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%B %d %Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(midnight(date));
        }
    }
    None
}

/// RFC 822 dates as feeds write them: `[Weekday,] D Mon YY[YY] [HH:MM[:SS]] [zone]`, also with the
/// month first (`Mon Jun 02 2025 10:00:00 GMT+0000`, as JavaScript prints dates) and a trailing
/// comment in parentheses. The weekday is ignored (a wrong one is common) and an unknown zone
/// counts as UTC.
fn loose_rfc822(text: &str) -> Option<DateTime<Utc>> {
    let text = match text.find('(') {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    };
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    let is_weekday = |word: &str| {
        english_month(word).is_none() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
    };
    if words.peek().is_some_and(|w| is_weekday(w)) {
        words.next();
    }
    let first = words.next()?;
    let (day, month): (u32, u32) = match english_month(first) {
        Some(month) => (words.next()?.parse().ok()?, month),
        None => (first.parse().ok()?, english_month(words.next()?)?),
    };
    let year_word = words.next()?;
    let year: i32 = year_word.parse().ok()?;
    let year = match (year_word.len(), year) {
        (4, year) => year,
        (2, year) if year < 50 => 2000 + year,
        (2, year) => 1900 + year,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = match words.next() {
        Some(clock) => clock_time(clock)?,
        None => NaiveTime::MIN,
    };
    let offset_minutes = match words.next() {
        Some(zone) => zone_minutes(zone).unwrap_or(0),
        None => 0,
    };
    if words.next().is_some() {
        return None;
    }
    let local = Utc.from_utc_datetime(&date.and_time(time));
    Some(local - chrono::Duration::minutes(i64::from(offset_minutes)))
}

/// `HH:MM` or `HH:MM:SS` (a fraction of a second is dropped).
fn clock_time(clock: &str) -> Option<NaiveTime> {
    let clock = clock.split('.').next()?;
    let mut parts = clock.split(':').map(|p| p.parse::<u32>().ok());
    let hour = parts.next()??;
    let minute = parts.next()??;
    let second = parts.next().unwrap_or(Some(0))?;
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second.min(59))
}

/// A zone's offset east of UTC in minutes: `+0200`, `-05:30`, `GMT`, `EST` and the other US names.
fn zone_minutes(zone: &str) -> Option<i32> {
    let named = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EST" => Some(-5 * 60),
        "EDT" | "AST" => Some(-4 * 60),
        "CST" => Some(-6 * 60),
        "CDT" => Some(-5 * 60),
        "MST" => Some(-7 * 60),
        "MDT" => Some(-6 * 60),
        "PST" => Some(-8 * 60),
        "PDT" => Some(-7 * 60),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    // `GMT+0200`, `UTC-05:00`.
    let zone = ["GMT", "UTC", "UT"]
        .iter()
        .find_map(|name| zone.strip_prefix(name))
        .unwrap_or(zone);
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
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
    fn reads_dates_as_feeds_really_write_them() {
        // 2 June 2025 was a Monday.
        assert_eq!(
            ymd_hms("Tue, 02 Jun 2025 10:00:00 GMT"),
            "2025-06-02 10:00:00"
        );
        assert_eq!(ymd_hms("Mon, 2 June 2025 10:00 EST"), "2025-06-02 15:00:00");
        assert_eq!(ymd_hms("2 Jun 25 10:00:00 +0200"), "2025-06-02 08:00:00");
        assert_eq!(ymd_hms("Monday, 02 Jun 2025"), "2025-06-02 00:00:00");
        assert_eq!(ymd_hms("02 Jun 2025 10:00:00 XYZ"), "2025-06-02 10:00:00");
        assert_eq!(ymd_hms("June 2, 2025"), "2025-06-02 00:00:00");
        assert_eq!(ymd_hms("1748858400000"), "2025-06-02 10:00:00");
        assert_eq!(ymd_hms("1748858400"), "2025-06-02 10:00:00");
        assert_eq!(ymd_hms("20250602"), "2025-06-02 00:00:00");
        assert_eq!(
            ymd_hms("Mon Jun 02 2025 10:00:00 GMT+0200 (Central European Summer Time)"),
            "2025-06-02 08:00:00"
        );
        assert_eq!(ymd_hms("2025-06-02 10:00:00 +0000"), "2025-06-02 10:00:00");
        assert_eq!(parse_date("31 Feb 2025"), None);
        assert_eq!(parse_date("2 Jun 2025 25:00"), None);
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
