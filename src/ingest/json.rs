//! JSON (one object or an array of them) and JSON Lines (one object per line). Field names: see `json_item`.

use serde_json::Value;

use super::json_item::{Drafted, draft_from_value};
use super::{IngestError, Origin, Parsed};

/// Parses a JSON document. Invalid JSON is an `Err`; a bad item is an error in `Parsed` naming
/// `item N` (1-based) and its line, and the other items still import. A field left out of an item
/// is a warning, named the same way.
pub fn parse_json(text: &str, origin: &Origin) -> Result<Parsed, IngestError> {
    let value: Value = serde_json::from_str(text).map_err(|err| IngestError {
        name: origin.name.clone(),
        line: Some(err.line()),
        reason: format!("invalid JSON: {err}"),
    })?;
    let mut parsed = Parsed::default();
    match value {
        Value::Array(items) => {
            let lines = element_lines(text);
            for (index, item) in items.iter().enumerate() {
                let line = lines.get(index).copied();
                let named = |reason: String| IngestError {
                    name: origin.name.clone(),
                    line,
                    reason: format!("item {}: {reason}", index + 1),
                };
                take(&mut parsed, draft_from_value(item, origin), named);
            }
        }
        Value::Object(_) => {
            let named = |reason| IngestError {
                name: origin.name.clone(),
                line: None,
                reason,
            };
            let drafted = draft_from_value(&value, origin).map_err(named)?;
            parsed.drafts.push(drafted.draft);
            parsed.warnings = drafted.left_out.into_iter().map(named).collect();
        }
        _ => {
            return Err(IngestError {
                name: origin.name.clone(),
                line: None,
                reason: "expected a JSON object or an array of objects".to_string(),
            });
        }
    }
    Ok(parsed)
}

/// Parses JSON Lines: blank lines are skipped and each bad line is an error with its line number.
pub fn parse_json_lines(text: &str, origin: &Origin) -> Parsed {
    let mut parsed = Parsed::default();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Value>(line)
            .map_err(|err| format!("invalid JSON: {}", without_location(&err)))
            .and_then(|value| draft_from_value(&value, origin));
        let named = |reason| IngestError {
            name: origin.name.clone(),
            line: Some(index + 1),
            reason,
        };
        take(&mut parsed, result, named);
    }
    parsed
}

/// One item's draft and the fields left out of it, or why it failed, each said with `named`.
fn take(parsed: &mut Parsed, item: Result<Drafted, String>, named: impl Fn(String) -> IngestError) {
    match item {
        Ok(drafted) => {
            parsed.drafts.push(drafted.draft);
            parsed
                .warnings
                .extend(drafted.left_out.into_iter().map(named));
        }
        Err(reason) => parsed.errors.push(named(reason)),
    }
}

/// A serde_json message with its position given as a column only: the line is the JSONL line.
fn without_location(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |at| &message[..at]);
    format!("{message} at column {}", err.column())
}

/// The 1-based line on which each element of a top-level JSON array starts. A small scan over the text,
/// since `serde_json::Value` keeps no positions.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut expecting_element = false;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting_element && !c.is_whitespace() && c != ']' {
            lines.push(line);
            expecting_element = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    expecting_element = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting_element = true,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn origin(name: &str) -> Origin {
        Origin {
            name: name.into(),
            modified: None,
        }
    }

    #[test]
    fn array_with_a_bad_item_keeps_the_others() {
        let text = "[\n  {\"title\": \"One\", \"body\": \"a\"},\n  {\"title\": [\"x\"]},\n  {\"title\": \"Three\", \"date\": \"soon\"}\n]";
        let parsed = parse_json(text, &origin("a.json")).unwrap();
        assert_eq!(parsed.drafts.len(), 2);
        assert_eq!(parsed.errors.len(), 1);
        let error = &parsed.errors[0];
        assert_eq!(error.line, Some(3));
        assert_eq!(
            error.to_string(),
            "a.json:3: item 2: an item needs a `title` or a `body` (field `title`: expected a \
             string, got an array)"
        );
        // A date that cannot be read costs the date, not the item.
        assert_eq!(parsed.drafts[1].title, "Three");
        assert_eq!(parsed.drafts[1].published, None);
        let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            ["a.json:4: item 3: field `date`: expected a date, got \"soon\""]
        );
    }

    #[test]
    fn invalid_json_is_a_whole_file_error_with_position() {
        let err = parse_json("{\n\"title\": \"x\"\n\"body\": 1}", &origin("b.json")).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(
            err.reason
                .starts_with("invalid JSON: expected `,` or `}` at line 3 column 1"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn single_object() {
        let parsed = parse_json("{\"title\": \"Solo\"}", &origin("c.json")).unwrap();
        assert_eq!(parsed.drafts[0].title, "Solo");
    }

    #[test]
    fn json_lines_with_one_broken_line() {
        let mut text = String::new();
        for n in 1..=5 {
            if n == 3 {
                text.push_str("{\"title\": \"broken\",\n");
            } else {
                text.push_str(&format!("{{\"title\": \"Story {n}\"}}\n\n"));
            }
        }
        let parsed = parse_json_lines(&text, &origin("d.jsonl"));
        assert_eq!(parsed.drafts.len(), 4);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].line, Some(5));
        assert!(
            parsed.errors[0].reason.starts_with("invalid JSON: "),
            "{}",
            parsed.errors[0].reason
        );
        assert!(parsed.errors[0].reason.contains("at column"));
        // A line whose date cannot be read is imported without it, and said.
        let dated = "{\"title\": \"Kept\", \"published\": \"yesterday-ish\"}\n";
        let parsed = parse_json_lines(dated, &origin("e.jsonl"));
        assert_eq!((parsed.drafts.len(), parsed.errors.len()), (1, 0));
        assert_eq!(
            parsed.warnings[0].to_string(),
            "e.jsonl:1: field `published`: expected a date, got \"yesterday-ish\""
        );
    }

    #[test]
    fn element_lines_skip_nested_values_and_strings() {
        let text = "[\n{\"a\": [1, 2], \"s\": \"x,]\"},\n\n  {\"b\": {}}, 3\n]";
        assert_eq!(element_lines(text), vec![2, 4, 4]);
    }
}
