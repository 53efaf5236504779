//! The query language, parsed into plain data: words, "phrases", -exclusions, OR, fields, dates and flags.
//!
//! Parsing never fails: a half-typed query searches what it can, and anything it had to ignore is
//! reported in `ParsedQuery::notes` so the CLI can say so, or in `ParsedQuery::missing` when it is
//! a value not given yet.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Which indexed text a clause searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Title, standfirst and body together.
    Any,
    Title,
    Source,
    /// `feed:`: the feed of that name when the whole name is quoted (`feed:"BBC News"` is not
    /// "BBC News World"), else words of the source, as `source:` is.
    Feed,
    Author,
    Person,
    Org,
    Place,
    /// Other names: events, works, nationalities.
    Misc,
    /// The article's tags and its feed's.
    Tag,
}

/// A stored flag a query can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Unread,
    Read,
    Starred,
    Unstarred,
    /// Hidden by a filter; without it a query leaves hidden articles out.
    Hidden,
}

/// One condition of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Words to find. `phrase` asks for them in order; `prefix` lets the last word match as a prefix.
    Text {
        target: Target,
        text: String,
        phrase: bool,
        prefix: bool,
    },
    /// Published at or after this instant.
    After(DateTime<Utc>),
    /// Published before this instant.
    Before(DateTime<Utc>),
    Is(Flag),
    /// In the story of this id (`story:42`).
    Story(i64),
}

/// A condition, possibly negated.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub condition: Condition,
}

/// A parsed query: every group must match; a group matches when any of its clauses (joined by OR) does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedQuery {
    pub groups: Vec<Vec<Clause>>,
    /// What was ignored and why, e.g. "ignored `after:2026-13`: not a date".
    pub notes: Vec<String>,
    /// Values that were not given (`feed:` with nothing after it, `person:(`, an `OR` at the
    /// end), ignored too. The search box does not say them, since an edit inside the query
    /// leaves them for a moment (Ctrl-W on `title:harbour`); a query that changes articles is
    /// refused for them, and the command line says them.
    pub missing: Vec<String>,
}

/// Letters a word being typed needs before it is also searched as a prefix: shorter, it matches
/// only as the word it is, since one or two letters stand for so many words that expanding them
/// would cost a keystroke far more than a frame.
pub const MIN_PREFIX_CHARS: usize = 3;

/// A word being typed (analysed) that is long enough to be searched, and marked, as the prefix of
/// its completions.
pub fn expands_as_prefix(word: &str) -> bool {
    word.chars().count() >= MIN_PREFIX_CHARS
}

/// A word still being typed that is too short to search for yet: under `MIN_PREFIX_CHARS`
/// letters, but for two or more Chinese, Japanese or Korean characters, which are a whole word
/// in those scripts (地震, 東京).
pub fn is_short_typed_word(word: &str) -> bool {
    let cjk_word = word.chars().count() >= 2 && word.chars().any(super::words::is_cjk);
    !(expands_as_prefix(word) || cjk_word)
}

impl ParsedQuery {
    /// The names a query gives whole and quoted after `feed:`, which may name one feed exactly.
    pub fn feed_names(&self) -> impl Iterator<Item = &str> {
        self.clauses().filter_map(|clause| match &clause.condition {
            Condition::Text {
                target: Target::Feed,
                text,
                phrase: true,
                prefix: false,
            } => Some(text.as_str()),
            _ => None,
        })
    }

    /// The query ends in a word still being typed that is too short to stand for the words it
    /// may become (`p`, `"prime m`): finding nothing for it says nothing yet.
    pub fn ends_in_short_prefix(&self) -> bool {
        let Some(last) = self.clauses().last() else {
            return false;
        };
        match &last.condition {
            Condition::Text {
                text, prefix: true, ..
            } if !last.negated => text
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|word| !word.is_empty())
                .is_some_and(is_short_typed_word),
            _ => false,
        }
    }

    /// True when the query has no condition at all (every article matches).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every clause, in the order typed.
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.groups.iter().flatten()
    }
}

/// A raw piece of the query before its meaning is known.
struct Piece {
    negated: bool,
    field: Option<String>,
    value: String,
    quoted: bool,
    /// An opening quote with no closing one: the user is still typing the phrase.
    open_quote: bool,
}

impl Piece {
    /// The piece as it was typed, for a note about it.
    fn typed(&self) -> String {
        let dash = if self.negated { "-" } else { "" };
        let field = self
            .field
            .as_ref()
            .map(|f| format!("{f}:"))
            .unwrap_or_default();
        let value = if self.quoted {
            format!("\"{}\"", self.value)
        } else {
            self.value.clone()
        };
        format!("{dash}{field}{value}")
    }
}

/// Parses `input`; `now` anchors `since:` so results are reproducible in tests.
pub fn parse(input: &str, now: DateTime<Utc>) -> ParsedQuery {
    let ends_in_space = input.ends_with(char::is_whitespace);
    let pieces = split_pieces(input);
    let mut parsed = ParsedQuery::default();
    let mut join_next = false;
    let mut negate_next = false;
    let count = pieces.len();
    for (index, mut piece) in pieces.into_iter().enumerate() {
        let operator = (!piece.quoted && piece.field.is_none() && !piece.negated)
            .then_some(piece.value.as_str());
        match operator {
            Some("OR") => {
                join_next = !parsed.groups.is_empty();
                continue;
            }
            // Words are joined by AND anyway; NOT is another way to write a leading `-`.
            Some("AND") => continue,
            Some("NOT") => {
                negate_next = true;
                continue;
            }
            _ => {}
        }
        piece.negated |= std::mem::take(&mut negate_next);
        let is_last = index + 1 == count;
        let prefix = is_last && (piece.open_quote || (!ends_in_space && !piece.quoted));
        let Some(clause) = interpret(piece, prefix, now, &mut parsed) else {
            continue;
        };
        match parsed.groups.last_mut() {
            Some(group) if join_next => group.push(clause),
            _ => parsed.groups.push(vec![clause]),
        }
        join_next = false;
    }
    // `port OR`, `NOT`: an operator with nothing after it joins or negates nothing.
    if join_next || negate_next {
        let operator = if join_next { "OR" } else { "NOT" };
        parsed
            .missing
            .push(format!("ignored `{operator}` at the end: nothing after it"));
    }
    parsed
}

fn split_pieces(input: &str) -> Vec<Piece> {
    let chars: Vec<char> = input.chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || chars[i] == '(' || chars[i] == ')' {
            i += 1;
            continue;
        }
        let mut negated = false;
        if chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
            negated = true;
            i += 1;
        }
        // A field name is letters followed by a colon.
        let mut field = None;
        let start = i;
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j > start && chars.get(j) == Some(&':') {
            field = Some(chars[start..j].iter().collect::<String>().to_lowercase());
            i = j + 1;
        }
        let (value, quoted, open_quote) = if chars.get(i) == Some(&'"') {
            let from = i + 1;
            let mut to = from;
            while to < chars.len() && chars[to] != '"' {
                to += 1;
            }
            let closed = to < chars.len();
            i = if closed { to + 1 } else { to };
            (chars[from..to].iter().collect(), true, !closed)
        } else {
            let from = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != ')' {
                i += 1;
            }
            (chars[from..i].iter().collect(), false, false)
        };
        pieces.push(Piece {
            negated,
            field,
            value,
            quoted,
            open_quote,
        });
    }
    pieces
}

fn interpret(
    piece: Piece,
    prefix: bool,
    now: DateTime<Utc>,
    parsed: &mut ParsedQuery,
) -> Option<Clause> {
    let negated = piece.negated;
    // Punctuation alone (`-`, `"`) is no word and no condition; after a field (`feed:`,
    // `person:(`) it is a value that went missing, which is said rather than matching everything.
    // A feed's whole name quoted may be anything (`feed:"★"`): the feed of that name is found.
    let mut text_clause = |target, text: String| {
        let text = text.trim().to_string();
        let feed_named = target == Target::Feed && piece.quoted && !text.is_empty();
        if !feed_named && !text.chars().any(char::is_alphanumeric) {
            if target != Target::Any && !prefix {
                parsed.missing.push(format!(
                    "ignored `{}`: {}",
                    piece.typed(),
                    why_no_words(&text)
                ));
            }
            return None;
        }
        Some(Clause {
            negated,
            condition: Condition::Text {
                target,
                text,
                phrase: piece.quoted,
                prefix,
            },
        })
    };
    let Some(field) = piece.field.as_deref() else {
        return text_clause(Target::Any, piece.value.clone());
    };
    let target = match field {
        "title" => Some(Target::Title),
        "feed" => Some(Target::Feed),
        "source" => Some(Target::Source),
        "author" => Some(Target::Author),
        "person" => Some(Target::Person),
        "org" | "organization" | "organisation" => Some(Target::Org),
        "place" => Some(Target::Place),
        "misc" => Some(Target::Misc),
        "tag" => Some(Target::Tag),
        _ => None,
    };
    if let Some(target) = target {
        return text_clause(target, piece.value.clone());
    }
    let value = piece.value.trim();
    let condition = match field {
        "after" | "before" | "since" | "is" | "story" if value.is_empty() => {
            if !prefix {
                parsed.missing.push(format!(
                    "ignored `{}`: {}",
                    piece.typed(),
                    why_no_words(value)
                ));
            }
            return None;
        }
        "after" => parse_day(value).map(Condition::After),
        "before" => parse_day(value).map(Condition::Before),
        "since" => parse_since(value, now).map(Condition::After),
        "is" => parse_flag(value).map(Condition::Is),
        "story" => value.parse::<i64>().ok().map(Condition::Story),
        // Not a field we know: search the words as typed, colon and all.
        _ => return text_clause(Target::Any, format!("{field}:{}", piece.value.clone())),
    };
    match condition {
        Some(condition) => Some(Clause { negated, condition }),
        None => {
            parsed
                .notes
                .push(format!("ignored `{field}:{value}`: {}", why_not(field)));
            None
        }
    }
}

fn why_no_words(value: &str) -> &'static str {
    if value.is_empty() {
        "nothing after the colon"
    } else {
        "no letters or digits to search for"
    }
}

fn why_not(field: &str) -> &'static str {
    match field {
        "is" => "expected unread, read, starred, unstarred or hidden",
        "story" => "expected a story's number, as `dateline stories` lists them",
        "since" => "expected a span such as 7d, 2w, 3m, 1y or 12h, or a date",
        _ => "expected a date such as 2026-01-31, 2026-01 or 2026",
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as the start of that day, month or year in UTC.
pub fn parse_day(value: &str) -> Option<DateTime<Utc>> {
    let parts: Vec<&str> = value.split('-').collect();
    let number = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = match parts.as_slice() {
        [y] if y.len() == 4 => (y.parse::<i32>().ok()?, 1, 1),
        [y, m] if y.len() == 4 => (y.parse::<i32>().ok()?, number(m)?, 1),
        [y, m, d] if y.len() == 4 => (y.parse::<i32>().ok()?, number(m)?, number(d)?),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The instant a `since:` value names (`12h`, `3d`, `2w`, `1m` for 30 days, `1y`, or a day
/// `2026-11-02`), counted back from `now`; none when it is no such value.
pub fn parse_since(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if let Some(day) = parse_day(value) {
        return Some(day);
    }
    let split = value.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = value.split_at(split);
    let amount: i64 = digits.parse().ok()?;
    let span = match unit {
        "h" => Duration::try_hours(amount)?,
        "d" => Duration::try_days(amount)?,
        "w" => Duration::try_weeks(amount)?,
        "m" => Duration::try_days(amount.checked_mul(30)?)?,
        "y" => Duration::try_days(amount.checked_mul(365)?)?,
        _ => return None,
    };
    now.checked_sub_signed(span)
}

fn parse_flag(value: &str) -> Option<Flag> {
    match value.to_lowercase().as_str() {
        "unread" | "new" => Some(Flag::Unread),
        "read" => Some(Flag::Read),
        "starred" | "star" => Some(Flag::Starred),
        "unstarred" => Some(Flag::Unstarred),
        "hidden" => Some(Flag::Hidden),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        parse_day("2026-11-24").unwrap()
    }

    fn text(target: Target, text: &str, phrase: bool, prefix: bool) -> Condition {
        Condition::Text {
            target,
            text: text.into(),
            phrase,
            prefix,
        }
    }

    fn conditions(query: &str) -> Vec<Vec<(bool, Condition)>> {
        parse(query, now())
            .groups
            .into_iter()
            .map(|g| g.into_iter().map(|c| (c.negated, c.condition)).collect())
            .collect()
    }

    #[test]
    fn words_are_anded_and_only_the_last_is_a_prefix() {
        assert_eq!(
            conditions("port minist"),
            vec![
                vec![(false, text(Target::Any, "port", false, false))],
                vec![(false, text(Target::Any, "minist", false, true))],
            ]
        );
        // A trailing space means the last word is finished.
        assert_eq!(
            conditions("minist "),
            vec![vec![(false, text(Target::Any, "minist", false, false))]]
        );
    }

    #[test]
    fn or_joins_its_neighbours_into_one_group() {
        let groups = conditions("tehran OR dubai port ");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].len(), 2);
        assert_eq!(
            groups[1],
            vec![(false, text(Target::Any, "port", false, false))]
        );
        // A dangling OR is ignored rather than an error.
        assert_eq!(conditions("OR port ").len(), 1);
    }

    #[test]
    fn phrases_negation_and_fields() {
        assert_eq!(
            conditions("-\"container terminal\" title:port author:\"Ada Lee\" "),
            vec![
                vec![(true, text(Target::Any, "container terminal", true, false))],
                vec![(false, text(Target::Title, "port", false, false))],
                vec![(false, text(Target::Author, "Ada Lee", true, false))],
            ]
        );
        assert_eq!(
            conditions("feed:reuters place:oslo "),
            vec![
                vec![(false, text(Target::Feed, "reuters", false, false))],
                vec![(false, text(Target::Place, "oslo", false, false))],
            ]
        );
    }

    #[test]
    fn an_open_quote_is_a_phrase_whose_last_word_is_a_prefix() {
        assert_eq!(
            conditions("title:\"port auth"),
            vec![vec![(false, text(Target::Title, "port auth", true, true))]]
        );
        // Nothing typed after the colon or the quote yet: nothing to search, no error.
        assert!(parse("title:\"", now()).is_empty());
        assert!(parse("title:", now()).is_empty());
        assert!(parse("after:", now()).notes.is_empty());
    }

    #[test]
    fn dates_and_spans() {
        assert_eq!(
            conditions("after:2026-01-31 before:2026-03 "),
            vec![
                vec![(false, Condition::After(parse_day("2026-01-31").unwrap()))],
                vec![(false, Condition::Before(parse_day("2026-03-01").unwrap()))],
            ]
        );
        assert_eq!(
            conditions("since:7d"),
            vec![vec![(
                false,
                Condition::After(parse_day("2026-11-17").unwrap())
            )]]
        );
        assert_eq!(
            conditions("since:2w "),
            vec![vec![(
                false,
                Condition::After(parse_day("2026-11-10").unwrap())
            )]]
        );
    }

    #[test]
    fn bad_values_are_noted_not_fatal() {
        let parsed = parse("after:2026-13-01 is:maybe port ", now());
        assert_eq!(parsed.groups.len(), 1);
        assert_eq!(parsed.notes.len(), 2, "{:?}", parsed.notes);
        assert!(parsed.notes[0].contains("after:2026-13-01"));
        // Alone, too: the note is what tells the user why everything matched.
        assert_eq!(parse("after:2026-13-01", now()).notes.len(), 1);
    }

    #[test]
    fn flags_and_unknown_fields() {
        assert_eq!(
            conditions("is:unread -is:starred "),
            vec![
                vec![(false, Condition::Is(Flag::Unread))],
                vec![(true, Condition::Is(Flag::Starred))],
            ]
        );
        assert_eq!(
            conditions("http://example.org "),
            vec![vec![(
                false,
                text(Target::Any, "http://example.org", false, false)
            )]]
        );
    }

    #[test]
    fn and_and_not_are_spelled_out_operators() {
        assert_eq!(
            conditions("port AND NOT ferry "),
            conditions("port -ferry ")
        );
        // Lower case, they are words.
        assert_eq!(conditions("not ").len(), 1);
    }

    #[test]
    fn a_lone_dash_negates_nothing_and_is_no_word() {
        assert_eq!(conditions("a - b "), conditions("a b "));
        assert_eq!(conditions("a - b ").len(), 2);
        // Punctuation alone in the text is no condition and no note: nothing to match at all.
        let parsed = parse("\" ( ) - & ", now());
        assert!(parsed.is_empty() && parsed.notes.is_empty(), "{parsed:?}");
    }

    #[test]
    fn a_field_with_no_value_is_noted_not_a_match_for_everything() {
        for query in [
            "feed: ",
            "person: ",
            "tag:\"\" ",
            "feed:( ",
            "title:- ",
            "after: ",
            "is: ",
        ] {
            let parsed = parse(query, now());
            assert!(parsed.is_empty(), "{query}: {parsed:?}");
            assert_eq!(parsed.missing.len(), 1, "{query}: {:?}", parsed.missing);
            assert!(
                parsed.missing[0].starts_with("ignored `"),
                "{:?}",
                parsed.missing
            );
        }
        assert!(parse("feed: ", now()).missing[0].contains("nothing after the colon"));
        assert!(parse("feed:( ", now()).missing[0].contains("`feed:(`: no letters or digits"));
        // Still being typed, it is no note yet: the next key may give it a value.
        assert!(parse("port feed:", now()).missing.is_empty());
        assert!(parse("port is:", now()).missing.is_empty());
        // Noted apart from what was ignored for what it says.
        assert!(parse("feed: ", now()).notes.is_empty());
        // A feed's whole name quoted may be no word at all.
        assert_eq!(parse("feed:\"★\" ", now()).groups.len(), 1);
        // An operator at the end joins nothing, said once the query is whole.
        for query in ["port OR ", "port NOT "] {
            let parsed = parse(query, now());
            assert_eq!(parsed.groups.len(), 1, "{query}");
            assert!(
                parsed.missing[0].contains("at the end"),
                "{:?}",
                parsed.missing
            );
        }
        // With another clause, the rest still searches.
        assert_eq!(parse("person: port ", now()).groups.len(), 1);
    }
}
