//! newsboat's query feeds (`"query:Name:filter"` lines of its `urls` file) in dateline's query
//! language. The common parts of newsboat's filter language are translated; a filter that uses
//! anything else is refused with its reason rather than imported meaning something else.

/// One comparison of a newsboat filter: `attribute op value`.
struct Comparison<'a> {
    attribute: &'a str,
    op: &'a str,
    value: String,
}

/// `filter` (newsboat's filter language) as a query in dateline's, or why it cannot be.
pub fn translate(filter: &str) -> Result<String, String> {
    let tokens = tokenize(filter)?;
    let mut out: Vec<String> = Vec::new();
    let mut rest = tokens.as_slice();
    loop {
        let [attribute, op, value, tail @ ..] = rest else {
            return Err(format!("cannot read `{filter}` as a newsboat filter"));
        };
        let comparison = Comparison {
            attribute: attribute.as_str(),
            op: op.as_str(),
            value: value.clone(),
        };
        out.push(clause(&comparison)?);
        match tail {
            [] => break,
            [joiner, more @ ..] if joiner == "and" => rest = more,
            [joiner, more @ ..] if joiner == "or" => {
                out.push("OR".into());
                rest = more;
            }
            [other, ..] => return Err(format!("`{other}` is not understood here")),
        }
    }
    Ok(out.join(" "))
}

/// One comparison in dateline's query language.
fn clause(c: &Comparison<'_>) -> Result<String, String> {
    let negated = matches!(c.op, "!=" | "!~" | "!#");
    let sign = if negated { "-" } else { "" };
    let yes = |value: &str| value.eq_ignore_ascii_case("yes");
    let text_op = matches!(c.op, "=" | "=~" | "!=" | "!~");
    let field = |name: &str| -> Result<String, String> {
        let words = literal(&c.value)?;
        Ok(format!("{sign}{name}{}", quoted(&words)))
    };
    match (c.attribute, c.op) {
        ("unread", "=" | "!=") => {
            let unread = yes(&c.value) != negated;
            Ok(if unread { "is:unread" } else { "is:read" }.into())
        }
        ("flags", "#" | "!#") if c.value == crate::newsboat::STAR_FLAG.to_string() => {
            Ok(if negated {
                "is:unstarred"
            } else {
                "is:starred"
            }
            .into())
        }
        ("title", _) if text_op => field("title:"),
        ("author", _) if text_op => field("author:"),
        // `=` is the feed's whole title, compared as it is (no pattern: `kottke.org` is a
        // title), which the feed's own query names exactly; `=~` finds it among the words of
        // the source.
        ("feedtitle", "=" | "!=") if c.value.trim().is_empty() => Err("an empty value".into()),
        ("feedtitle", "=" | "!=") => Ok(format!(
            "{sign}{}",
            crate::library::feed_query(c.value.trim())
        )),
        ("feedtitle", _) if text_op => field("source:"),
        ("content" | "description", _) if text_op => field(""),
        ("tags", "#" | "!#") => field("tag:"),
        ("age", "<" | "<=") => days(&c.value).map(|n| format!("since:{n}d")),
        ("age", ">" | ">=") => days(&c.value).map(|n| format!("-since:{n}d")),
        (attribute, op) => Err(format!(
            "`{attribute} {op}` has no counterpart in dateline's query language"
        )),
    }
}

/// The words of a value used as a regular expression: plain words only, since a pattern with
/// regex syntax matches things no word search can.
fn literal(value: &str) -> Result<String, String> {
    if value.chars().any(|c| "\\.*+?[](){}|^$".contains(c)) {
        return Err(format!(
            "the pattern `{value}` is a regular expression; dateline matches words"
        ));
    }
    let words = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return Err("an empty value".into());
    }
    Ok(words)
}

fn quoted(words: &str) -> String {
    if words.contains(' ') {
        format!("\"{words}\"")
    } else {
        words.to_string()
    }
}

fn days(value: &str) -> Result<u32, String> {
    value
        .parse()
        .map_err(|_| format!("`{value}` is not a number of days"))
}

/// Words, operators and quoted values; parentheses are refused (dateline's queries have none).
fn tokenize(filter: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = filter.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => return Err("parentheses have no counterpart in dateline's queries".into()),
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => value.extend(chars.next()),
                        Some(c) => value.push(c),
                        None => return Err("a quote is not closed".into()),
                    }
                }
                tokens.push(value);
            }
            '=' | '!' | '<' | '>' | '#' | '~' => {
                let mut op = String::new();
                while let Some(c) = chars.next_if(|c| "=!<>#~".contains(*c)) {
                    op.push(c);
                }
                tokens.push(op);
            }
            _ => {
                let mut word = String::new();
                while let Some(c) =
                    chars.next_if(|c| !c.is_whitespace() && !"=!<>#~()\"".contains(*c))
                {
                    word.push(c);
                }
                tokens.push(word);
            }
        }
    }
    Ok(tokens)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::translate;

    #[test]
    fn common_filters_become_queries() {
        let cases = [
            (r#"unread = "yes""#, "is:unread"),
            (r#"unread = "no""#, "is:read"),
            (r#"flags # "s""#, "is:starred"),
            (
                r#"title =~ "harbour" and unread = "yes""#,
                "title:harbour is:unread",
            ),
            (
                r#"feedtitle = "Coastal Wire" or tags # "world""#,
                r#"feed:"Coastal Wire" OR tag:world"#,
            ),
            (
                r#"content =~ "port authority" and age <= 7"#,
                r#""port authority" since:7d"#,
            ),
            (r#"author !~ "lee""#, "-author:lee"),
            (r#"feedtitle = "Reuters""#, r#"feed:"Reuters""#),
            (
                r#"feedtitle != "kottke.org (US)""#,
                r#"-feed:"kottke.org (US)""#,
            ),
            (r#"feedtitle =~ "bbc news""#, r#"source:"bbc news""#),
        ];
        for (filter, query) in cases {
            assert_eq!(translate(filter).as_deref(), Ok(query), "{filter}");
        }
    }

    #[test]
    fn what_has_no_counterpart_is_refused_with_its_reason() {
        for (filter, reason) in [
            (r#"title =~ "^Breaking.*""#, "regular expression"),
            (
                r#"(unread = "yes" or flags # "s") and age < 3"#,
                "parentheses",
            ),
            (r#"rssurl = "x""#, "no counterpart"),
            (r#"unread = "yes" and"#, "cannot read"),
            (r#"title = "open"#, "not closed"),
        ] {
            let error = translate(filter).unwrap_err();
            assert!(error.contains(reason), "{filter}: {error}");
        }
    }
}
