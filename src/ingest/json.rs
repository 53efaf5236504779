//! JSON (one object or an array of them) and JSON Lines (one object per line). Field names: see `json_item`.

use serde_json::Value;

use super::json_item::{Drafted, draft_from_value};
use super::json_pieces::{Overflowed, Piece, PieceError, array_elements, opening, parse_piece};
use super::{IngestError, Origin, Parsed};

/// Parses a JSON document. A bad item is an error in `Parsed` naming `item N` (1-based) and its line,
/// and the other items still import: one that is not JSON, and one the file ends inside, included.
/// A field left out of an item is a warning, named the same way. Only a file with no item to read
/// is an `Err`.
pub fn parse_json(text: &str, origin: &Origin) -> Result<Parsed, IngestError> {
    let whole = Piece::whole(text, 1);
    let error = |line, reason| IngestError {
        name: origin.name.clone(),
        line,
        reason,
    };
    match opening(text) {
        Some(b'[') => parse_array(&whole, origin),
        Some(b'{') => {
            let value =
                parse_piece(&whole).map_err(|err| error(Some(err.line), err.to_string()))?;
            let drafted = draft(&whole, &value, origin).map_err(|reason| error(None, reason))?;
            let mut parsed = Parsed::default();
            parsed.drafts.push(drafted.draft);
            parsed.warnings = drafted
                .left_out
                .into_iter()
                .map(|reason| error(None, reason))
                .collect();
            Ok(parsed)
        }
        _ => Err(error(
            None,
            "expected a JSON object or an array of objects".to_string(),
        )),
    }
}

/// A top-level array: each element is read on its own. Text that only starts like a JSON list
/// (`[Updated] Storm...`: nothing in it is JSON) is an `Err`.
fn parse_array(whole: &Piece, origin: &Origin) -> Result<Parsed, IngestError> {
    let elements = array_elements(whole);
    let not_json = |line, reason| IngestError {
        name: origin.name.clone(),
        line: Some(line),
        reason,
    };
    let values: Vec<Result<Value, PieceError>> = elements.found.iter().map(parse_piece).collect();
    if values.iter().all(Result::is_err)
        && let Some(Err(first)) = values.first()
    {
        return Err(not_json(first.line, first.to_string()));
    }
    let mut parsed = Parsed::default();
    if let Some((line, column)) = elements.trailing {
        // A list read whole with more after it (two lists run together, a stray bracket).
        parsed.errors.push(not_json(
            line,
            format!(
                "text follows the list's closing `]` at column {column} and is not read; the \
                 items before it were"
            ),
        ));
    }
    for (index, (element, value)) in elements.found.iter().zip(values).enumerate() {
        let number = index + 1;
        let named = |line, reason: String| IngestError {
            name: origin.name.clone(),
            line: Some(line),
            reason: format!("item {number}: {reason}"),
        };
        match value {
            Ok(value) => take(&mut parsed, draft(element, &value, origin), |reason| {
                named(element.line, reason)
            }),
            Err(err) => parsed.errors.push(named(err.line, err.at_column())),
        }
    }
    let Some(cut) = elements.cut else {
        return Ok(parsed);
    };
    let number = elements.found.len() + 1;
    let problem = IngestError {
        name: origin.name.clone(),
        line: Some(cut.line),
        reason: if cut.inside_value {
            format!("item {number}: cut off: the file ends inside it")
        } else {
            format!("{}; the items before it were read", cut.reason)
        },
    };
    if elements.found.is_empty() {
        return Err(IngestError {
            reason: format!("{}, before any item", cut.reason),
            ..problem
        });
    }
    // Said as a problem of the file, not a field left out of an article.
    parsed.errors.push(problem);
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
        let piece = Piece::whole(line, index + 1);
        let result = parse_piece(&piece)
            .map_err(|err| err.at_column())
            .and_then(|value| draft(&piece, &value, origin));
        let named = |reason| IngestError {
            name: origin.name.clone(),
            line: Some(index + 1),
            reason,
        };
        take(&mut parsed, result, named);
    }
    parsed
}

/// The draft of the item `value`, read from `piece`: a field holding a number too large to read is
/// said with the number as written there.
fn draft(piece: &Piece, value: &Value, origin: &Origin) -> Result<Drafted, String> {
    let overflowed = match value {
        Value::Object(item) => Overflowed::of(piece, item),
        _ => Overflowed::default(),
    };
    draft_from_value(value, origin, &overflowed)
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
    fn an_item_that_is_not_json_or_is_cut_off_costs_only_itself() {
        let text = "[\n{\"title\": \"One\"},\n{\"title\": \"Two\" \"body\": 1},\n\
                    {\"title\": \"Three \\udc00\", \"extra\": 1e400},\n{\"title\": \"Fo";
        let parsed = parse_json(text, &origin("f.json")).unwrap();
        let titles: Vec<&str> = parsed.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["One", "Three \u{fffd}"]);
        let errors: Vec<String> = parsed.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "f.json:3: item 2: invalid JSON: expected `,` or `}` at column 17",
                "f.json:5: item 4: cut off: the file ends inside it",
            ]
        );
        // A list that only lacks its closing bracket, or has text after it, is read whole, and
        // what is wrong is said.
        let parsed = parse_json("[{\"title\": \"A\"}\n", &origin("g.json")).unwrap();
        assert_eq!(parsed.drafts.len(), 1);
        assert_eq!(
            parsed.errors[0].to_string(),
            "g.json:2: the list ends without its closing `]`; the items before it were read"
        );
        let parsed = parse_json("[{\"title\": \"A\"}]\n]", &origin("k.json")).unwrap();
        assert_eq!(parsed.drafts.len(), 1);
        assert_eq!(
            parsed.errors[0].to_string(),
            "k.json:2: text follows the list's closing `]` at column 1 and is not read; the \
             items before it were"
        );
        // Text that only starts like a list is not read as one.
        for text in ["[Updated] Storm closes the port", "[nope, not json]"] {
            let err = parse_json(text, &origin("t.json")).unwrap_err();
            assert!(err.reason.starts_with("invalid JSON: "), "{err}");
        }
        let err = parse_json("[{\"title\": \"A", &origin("h.json")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "h.json:1: the document ends inside the value begun at line 1, before any item"
        );
    }

    #[test]
    fn a_date_too_large_for_a_number_costs_only_the_date_and_is_said() {
        let huge = format!("1{}", "0".repeat(400));
        let text = format!(
            "[\n{{\"title\": \"One\", \"date\": 1e400}},\n\
             {{\"title\": \"Two\", \"published\": -{huge}, \"date\": \"2025-06-02\"}},\n\
             {{\"title\": \"Three\", \"date\": \"2025-06-02\", \"extra\": 1e400}}\n]"
        );
        let parsed = parse_json(&text, &origin("o.json")).unwrap();
        let read: Vec<(&str, bool)> = parsed
            .drafts
            .iter()
            .map(|d| (d.title.as_str(), d.published.is_some()))
            .collect();
        assert_eq!(read, [("One", false), ("Two", false), ("Three", true)]);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            [
                "o.json:2: item 1: field `date`: expected a date, got a number too large to read \
                 (\"1e400\")",
                "o.json:3: item 2: field `published`: expected a date, got a number too large to \
                 read (\"-100000000000000000000000000000000000000…\")",
            ]
        );
        // The same in JSON Lines and in a file of one object.
        let lines = parse_json_lines(
            "{\"title\": \"L\", \"published\": 1E+400}\n",
            &origin("l.jsonl"),
        );
        assert_eq!(lines.drafts.len(), 1);
        assert_eq!(
            lines.warnings[0].to_string(),
            "l.jsonl:1: field `published`: expected a date, got a number too large to read \
             (\"1E+400\")"
        );
        let single = parse_json("{\"title\": \"S\", \"date\": 1e400}", &origin("s.json")).unwrap();
        assert_eq!(single.drafts.len(), 1);
        assert_eq!(
            single.warnings[0].to_string(),
            "s.json: field `date`: expected a date, got a number too large to read (\"1e400\")"
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
}
