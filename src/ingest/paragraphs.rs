//! Plain-text shaping shared by the text formats: lines into paragraphs, a title from a first sentence.

/// Longest title made from a body's first sentence.
const MAX_DERIVED_TITLE_CHARS: usize = 100;

/// Joins plain-text lines into paragraphs separated by one blank line.
///
/// Without blank lines every line is a paragraph (copy saved from a web page). With blank lines, a line
/// that does not end a sentence is taken as hard-wrapped and joined to the next one.
pub fn paragraphs_from_lines(lines: &[&str]) -> String {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let has_blank_lines = lines.iter().any(|l| l.trim().is_empty());
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        match paragraphs.last_mut() {
            Some(current) if open && !ends_a_line(current) && !starts_a_line(line) => {
                current.push(' ');
                current.push_str(line);
            }
            _ => paragraphs.push(line.to_string()),
        }
        open = has_blank_lines;
    }
    paragraphs.join("\n\n")
}

/// True when a line looks finished: sentence punctuation, closing quotes or a colon.
fn ends_a_line(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', ';', '"', '”', '»', '\'', '’', ')', '…'])
}

/// True when a line starts something of its own, such as a list item.
fn starts_a_line(line: &str) -> bool {
    line.starts_with(['-', '*', '•', '–', '—'])
        || line.split_once(['.', ')']).is_some_and(|(number, _)| {
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
        })
}

/// Ends the paragraph `out` ends in with a blank line, once: nothing at the very start or after
/// a blank line already, one line break more after a line that ended.
pub fn end_paragraph(out: &mut String) {
    if out.is_empty() || out.ends_with("\n\n") {
        return;
    }
    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
}

/// `text` without white space at either end, except the indentation of its first line (a
/// quotation, a line of code): only the blank lines before it go.
pub fn trim_keeping_indentation(text: &str) -> &str {
    let text = text.trim_end();
    let first = text
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len());
    let line = text[..first].rfind('\n').map_or(0, |n| n + 1);
    &text[line..]
}

/// A title made from the first sentence of `text`, cut at a word to at most 100 characters.
pub fn title_from_text(text: &str) -> String {
    let first_paragraph = text.trim().split("\n\n").next().unwrap_or("");
    let flat = first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let sentence_end = flat
        .char_indices()
        .find(|&(at, c)| {
            matches!(c, '.' | '!' | '?')
                && flat[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(at, c)| at + c.len_utf8());
    let sentence = sentence_end.map_or(flat.as_str(), |end| &flat[..end]);
    if sentence.chars().count() <= MAX_DERIVED_TITLE_CHARS {
        return sentence.to_string();
    }
    cut_with_ellipsis(sentence, MAX_DERIVED_TITLE_CHARS)
}

/// True when two texts are the same apart from whitespace, or the first merely starts the
/// second (a summary that is the body's opening, a title that is its first sentence).
pub fn same_text(opening: &str, body: &str) -> bool {
    let flatten = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let opening = flatten(opening);
    let opening = opening.trim_end_matches(['…', '.']).trim_end_matches("...");
    opening.is_empty() || flatten(body).starts_with(opening)
}

/// `text` when it has at most `max_chars` characters; otherwise cut at a word with `…` appended,
/// `max_chars` characters in all.
pub fn cut_at_word(text: &str, max_chars: usize) -> String {
    if text.char_indices().nth(max_chars).is_none() {
        return text.to_string();
    }
    cut_with_ellipsis(text, max_chars.saturating_sub(1))
}

/// At most `keep` characters of `text`, cut at the last space or line break that fits, then `…`.
/// A cut that would lose more than half is made mid-word instead, so one enormous word still leaves
/// a useful prefix.
fn cut_with_ellipsis(text: &str, keep: usize) -> String {
    let limit = text
        .char_indices()
        .nth(keep)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..limit];
    let at_word = head
        .rfind(char::is_whitespace)
        .filter(|&at| head[..at].chars().count() * 2 >= keep);
    let cut = at_word.map_or(head, |at| &head[..at]);
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_paragraph_without_blank_lines() {
        let lines = ["First paragraph.", "Second paragraph", "Third."];
        assert_eq!(
            paragraphs_from_lines(&lines),
            "First paragraph.\n\nSecond paragraph\n\nThird."
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined_when_blank_lines_separate_paragraphs() {
        let lines = [
            "",
            "A long sentence that",
            "wraps here.",
            "",
            "",
            "Next one.",
            "- a list item",
        ];
        assert_eq!(
            paragraphs_from_lines(&lines),
            "A long sentence that wraps here.\n\nNext one.\n\n- a list item"
        );
    }

    #[test]
    fn title_is_the_first_sentence() {
        assert_eq!(title_from_text("Rain fell. Then it stopped."), "Rain fell.");
        assert_eq!(
            title_from_text("Version 2.5 is out now"),
            "Version 2.5 is out now"
        );
    }

    #[test]
    fn cut_at_word_keeps_to_the_limit() {
        assert_eq!(cut_at_word("short", 5), "short");
        assert_eq!(cut_at_word("one two three", 10), "one two…");
        assert_eq!(cut_at_word("one, two three", 9), "one…");
        assert_eq!(cut_at_word("line one\nline two", 12), "line one…");
        let word = "x".repeat(50);
        assert_eq!(cut_at_word(&format!("a {word}"), 10), "a xxxxxxx…");
        let cyrillic = "слово ".repeat(100);
        let cut = cut_at_word(&cyrillic, 300);
        assert!(cut.chars().count() <= 300);
        assert!(cut.ends_with("слово…"));
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let text = "word ".repeat(40);
        let title = title_from_text(&text);
        assert!(title.chars().count() <= 101, "{title}");
        assert!(title.ends_with("word…"));
    }
}
