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
    let limit = sentence
        .char_indices()
        .nth(MAX_DERIVED_TITLE_CHARS)
        .map_or(sentence.len(), |(at, _)| at);
    let cut = sentence[..limit].rfind(' ').unwrap_or(limit);
    format!(
        "{}…",
        sentence[..cut].trim_end_matches([',', ';', ':', ' '])
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
    fn long_titles_are_cut_at_a_word() {
        let text = "word ".repeat(40);
        let title = title_from_text(&text);
        assert!(title.chars().count() <= 101, "{title}");
        assert!(title.ends_with("word…"));
    }
}
