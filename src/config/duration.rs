//! Durations as people write them in config and on the command line: `90s`, `30m`, `2h`, `90d`, `2w`.

use std::time::Duration;

/// `N` followed by `s`, `m`, `h`, `d` or `w` (a bare number is seconds). Zero is refused: nothing
/// can be done every zero seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let amount: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 90s, 30m, 2h or 7d"))?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        other => {
            return Err(format!(
                "`{other}` is not a unit of time (s, m, h, d or w) in `{text}`"
            ));
        }
    };
    match amount.checked_mul(seconds) {
        Some(0) => Err(format!("`{text}` is no time at all")),
        Some(total) => Ok(Duration::from_secs(total)),
        None => Err(format!("`{text}` is too long")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_written() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration(" 2h "), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("90d"), Ok(Duration::from_secs(90 * 86_400)));
        assert_eq!(parse_duration("2w"), Ok(Duration::from_secs(14 * 86_400)));
        for bad in ["", "m", "5x", "0s", "-3m", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
