//! The cutting of JSON into pieces, and the mending of what serde_json refuses in good JSON.

use serde_json::json;

use super::*;

fn whole(text: &str) -> Piece<'_> {
    Piece::whole(text, 1)
}

fn texts<'a>(pieces: &[Piece<'a>]) -> Vec<(&'a str, usize)> {
    pieces
        .iter()
        .map(|piece| (piece.text, piece.line))
        .collect()
}

#[test]
fn elements_are_cut_at_their_own_brackets_not_at_those_in_strings() {
    let text = "[\n{\"a\": [1, 2], \"s\": \"x,]}\\\"\"},\n\n  {\"b\": {}}, 3 ,true,\"q\"\n]";
    let elements = array_elements(&whole(text));
    assert_eq!(
        texts(&elements.found),
        [
            ("{\"a\": [1, 2], \"s\": \"x,]}\\\"\"}", 2),
            ("{\"b\": {}}", 4),
            ("3", 4),
            ("true", 4),
            ("\"q\"", 4)
        ]
    );
    assert_eq!(elements.cut, None);
}

#[test]
fn a_list_cut_off_keeps_its_whole_elements_and_says_where() {
    let text = "[{\"n\": 1},\n{\"n\": 2},\n{\"n\": \"thr";
    let elements = array_elements(&whole(text));
    assert_eq!(
        texts(&elements.found),
        [("{\"n\": 1}", 1), ("{\"n\": 2}", 2)]
    );
    let cut = elements.cut.unwrap();
    assert!(cut.inside_value);
    assert_eq!(cut.line, 3);

    let unclosed = array_elements(&whole("[1, 2\n"));
    assert_eq!(texts(&unclosed.found), [("1", 1), ("2", 1)]);
    let cut = unclosed.cut.unwrap();
    assert!(!cut.inside_value);
    assert_eq!(cut.reason, "the list ends without its closing `]`");
}

#[test]
fn a_string_that_lost_its_closing_quote_costs_only_its_own_piece() {
    let text = "[\n{\"title\": \"One\"},\n{\"title\": \"Two,\n \"body\": \"b\"},\n{\"title\": \"Three\"}\n]";
    let elements = array_elements(&whole(text));
    assert_eq!(elements.cut, None);
    let lines: Vec<usize> = elements.found.iter().map(|piece| piece.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert!(parse_piece(&elements.found[1]).is_err());
    assert!(parse_piece(&elements.found[2]).is_ok());
}

#[test]
fn a_value_that_lost_a_bracket_costs_only_itself() {
    let text = "[\n{\"title\": \"One\", \"tags\": [\"a\", \"b\"},\n\
                {\"title\": \"Two\", \"more\": {\"x\": 1},\n\
                {\"title\": \"Three\", \"list\": [[1], {\"y\": []}]},\n\
                {\"title\": \"Four\", \"tags\": \"a\", \"b\"], \"n\": 4},\n\
                {\"title\": \"Five\"}\n]";
    let elements = array_elements(&whole(text));
    assert_eq!(elements.cut, None);
    let lines: Vec<usize> = elements.found.iter().map(|piece| piece.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6]);
    let read: Vec<bool> = elements
        .found
        .iter()
        .map(|piece| parse_piece(piece).is_ok())
        .collect();
    assert_eq!(read, [false, false, true, false, true]);
    assert_eq!(
        parse_piece(&elements.found[2]).unwrap()["title"],
        json!("Three")
    );
}

#[test]
fn a_closer_of_the_wrong_kind_does_not_end_the_list() {
    // `}` where `]` belongs ends the first element early; the `]` meant for its list is a stray.
    let text = "[{\"tags\": [\"a\"}, \"b\"], \"n\": 1},\n{\"title\": \"y\"}]";
    let elements = array_elements(&whole(text));
    assert_eq!(elements.cut, None);
    assert_eq!(elements.trailing, None);
    // The stray is a piece of its own, so it is said, not passed over.
    assert!(elements.found.iter().any(|piece| piece.text == "]"));
    let last = elements.found.last().unwrap();
    assert_eq!((last.text, last.line), ("{\"title\": \"y\"}", 2));
    // The last element without its own closer is cut off by the list's end, and said so.
    let unclosed = array_elements(&whole("[{\"n\": 1},\n{\"title\": \"Four\"\n]"));
    assert_eq!(texts(&unclosed.found), [("{\"n\": 1}", 1)]);
    assert!(unclosed.cut.unwrap().inside_value);
}

#[test]
fn many_closers_of_the_wrong_kind_end_their_value_and_each_is_said() {
    // The first `}` closes the object and every `[` inside it; the others are strays, each a
    // piece of its own. (Each once made a search of every `[` still open: quadratic.)
    let n = 100_000;
    let text = format!(
        "[{{\"items\": {}{}, {{\"n\": 2}}]",
        "[".repeat(n),
        "}".repeat(n)
    );
    let elements = array_elements(&whole(&text));
    assert_eq!(elements.found.len(), n + 1);
    assert_eq!(elements.found[1].text, "}");
    assert_eq!(elements.found[n].text, "{\"n\": 2}");
}

#[test]
fn an_escaped_line_break_still_counts_as_a_line() {
    let elements = array_elements(&whole("[{\"a\":\"x\\\n\"},\n{\"b\":1}]"));
    assert_eq!(texts(&elements.found)[1], ("{\"b\":1}", 3));
}

#[test]
fn a_missing_comma_or_a_stray_character_is_a_piece_of_its_own() {
    let elements = array_elements(&whole("[{\"a\": 1} {\"b\": 2}, é, }]"));
    assert_eq!(
        texts(&elements.found),
        [("{\"a\": 1}", 1), ("{\"b\": 2}", 1), ("é", 1), ("}", 1)]
    );
    assert!(parse_piece(&elements.found[2]).is_err());
}

#[test]
fn members_come_with_their_keys_unescaped() {
    let text = "\u{feff} {\"title\": \"T\",\n \"it\\u0065ms\": [1,\n 2], \"n\": null}";
    let members = object_members(&whole(text));
    let found: Vec<(&str, &str, usize)> = members
        .found
        .iter()
        .map(|member| (member.key.as_str(), member.value.text, member.value.line))
        .collect();
    assert_eq!(
        found,
        [
            ("title", "\"T\"", 1),
            ("items", "[1,\n 2]", 2),
            ("n", "null", 3)
        ]
    );
    assert_eq!(members.cut, None);
}

#[test]
fn a_member_cut_off_is_kept_as_far_as_it_goes() {
    let text = "{\"title\": \"T\", \"items\": [{\"id\": 1},\n{\"id\": 2},\n{\"id\": ";
    let members = object_members(&whole(text));
    let items = &members.found[1];
    assert_eq!(items.key, "items");
    assert!(members.cut.unwrap().inside_value);
    let elements = array_elements(&items.value);
    assert_eq!(
        texts(&elements.found),
        [("{\"id\": 1}", 1), ("{\"id\": 2}", 2)]
    );
    assert_eq!(elements.cut.unwrap().line, 3);
}

#[test]
fn an_object_that_stops_being_one_keeps_the_members_before() {
    let members = object_members(&whole("{\"a\": 1, b: 2}"));
    assert_eq!(members.found.len(), 1);
    assert_eq!(members.cut.unwrap().reason, "expected a key in quotes");
    let members = object_members(&whole("{\"a\" 1}"));
    assert!(members.found.is_empty());
    assert_eq!(members.cut.unwrap().reason, "expected `:` after a key");
}

#[test]
fn a_lone_surrogate_is_read_as_a_replacement_character() {
    let piece =
        whole(r#"{"t": "a\ud800b", "u": "\udc00", "pair": "\ud83d\ude00", "esc": "\\ud800"}"#);
    assert!(serde_json::from_str::<Value>(piece.text).is_err());
    assert_eq!(
        parse_piece(&piece).unwrap(),
        json!({"t": "a\u{fffd}b", "u": "\u{fffd}", "pair": "😀", "esc": "\\ud800"})
    );
}

#[test]
fn a_number_too_large_for_a_float_is_read_as_null() {
    let huge = format!("1{}", "0".repeat(400));
    let text = format!(r#"{{"a": 1e400, "b": -2E+999, "c": {huge}, "d": 1e300, "s": "1e400"}}"#);
    assert_eq!(
        parse_piece(&whole(&text)).unwrap(),
        json!({"a": null, "b": null, "c": null, "d": 1e300, "s": "1e400"})
    );
}

#[test]
fn a_number_too_large_for_a_float_is_kept_as_written_for_its_message() {
    // The last of a repeated key is the one read, as in serde_json.
    let piece = whole(r#"{"a": 1e400, "b": null, "a": null, "c": -1E+999, "s": "1e400"}"#);
    let Value::Object(object) = parse_piece(&piece).unwrap() else {
        panic!("an object");
    };
    let overflowed = Overflowed::of(&piece, &object);
    let found: Vec<Option<&str>> = ["a", "b", "c", "s"]
        .iter()
        .map(|key| overflowed.get(key))
        .collect();
    assert_eq!(found, [None, None, Some("-1E+999"), None]);
}

#[test]
fn an_error_names_the_line_of_the_document() {
    let piece = Piece::whole("{\"a\": 1,\n\"b\" 2}", 7);
    let err = parse_piece(&piece).unwrap_err();
    assert_eq!((err.line, err.column), (8, 5));
    assert_eq!(
        err.to_string(),
        "invalid JSON: expected `:` at line 8 column 5"
    );
}

#[test]
fn nesting_past_serde_json_s_limit_costs_only_its_own_piece() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!("[{{\"a\": 1}}, {deep}, {{\"b\": 2}}]");
    let elements = array_elements(&whole(&text));
    assert_eq!(elements.found.len(), 3);
    assert!(parse_piece(&elements.found[0]).is_ok());
    let err = parse_piece(&elements.found[1]).unwrap_err();
    assert!(err.message.contains("recursion limit"), "{err}");
    assert!(parse_piece(&elements.found[2]).is_ok());
}

#[test]
fn a_member_s_list_ends_at_its_own_bracket_not_at_a_stray_one_in_an_element() {
    // A `]` too many inside an element, or between two elements, is the element's to lose: the
    // list ends at the `]` followed by the next member, or by the object's `}`.
    let text = "{\"items\": [{\"n\": [1]]}, {\"n\": 2}], {\"n\": 3}],\n\"t\": \"x\", \"u\": [4]}";
    let members = object_members(&whole(text));
    let keys: Vec<&str> = members.found.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["items", "t", "u"]);
    assert_eq!((members.cut, members.trailing), (None, None));
    let elements = array_elements(&members.found[0].value);
    assert_eq!(
        texts(&elements.found),
        [
            ("{\"n\": [1]]}", 1),
            ("{\"n\": 2}", 1),
            ("]", 1),
            ("{\"n\": 3}", 1)
        ]
    );
    assert_eq!((elements.cut, elements.trailing), (None, None));
    // A trailing comma after the member's list, before the object's end, ends the list too.
    let members = object_members(&whole("{\"items\": [{\"n\": 1}, {\"n\": 2}],\n}"));
    assert_eq!(members.found.len(), 1);
    assert_eq!(members.found[0].value.text, "[{\"n\": 1}, {\"n\": 2}]");
    assert_eq!(members.cut, None);
    let elements = array_elements(&members.found[0].value);
    assert_eq!(elements.found.len(), 2);
}
