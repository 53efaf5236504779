//! Measuring and breaking text by display columns: CJK and emoji take two, combining marks none.

use std::ops::Range;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Byte ranges of `text` as lines of at most `width` columns: broken at spaces where it can, inside
/// a word only when the word alone is wider than a line (long URLs, text without spaces). Spaces at
/// a break are dropped. The spaces that indent the text (a line of code) are kept on its first
/// line, as many as leave more than half the width for words. Empty text gives no lines.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let indent = text.len() - text.trim_start_matches(' ').len();
    let shown = if indent < text.len() {
        indent.min((width - 1) / 2)
    } else {
        0
    };
    // The first line starts inside the indentation, `shown` spaces before the words.
    let mut start: Option<usize> = (shown > 0).then_some(indent - shown);
    let mut used = shown;
    // The last space seen on the current line: where to break it when the next word does not fit.
    let mut last_space: Option<usize> = None;
    let from = if shown > 0 { indent } else { 0 };
    for (at, c) in text[from..].char_indices() {
        let at = at + from;
        let w = char_width(c);
        let Some(line_start) = start else {
            if c == ' ' {
                continue;
            }
            start = Some(at);
            used = w;
            last_space = None;
            continue;
        };
        if c == ' ' {
            last_space = Some(at);
        }
        if used + w <= width || c == ' ' {
            used += w;
            continue;
        }
        match last_space {
            Some(space) if space > line_start => {
                lines.push(line_start..trim_end(text, line_start, space));
                let next = text[space..]
                    .char_indices()
                    .find(|(_, c)| *c != ' ')
                    .map_or(at, |(i, _)| space + i);
                start = Some(next);
                used = width_of(&text[next..at]) + w;
            }
            _ => {
                // A closing mark (。、」) may not begin a line: the character before it goes down
                // with it, as Japanese and Chinese typesetting does.
                let cut = match text[line_start..at].char_indices().next_back() {
                    Some((before, last))
                        if before > 0
                            && closes(c)
                            && char_width(last) + w <= width
                            // Not when the row would be left with only its indentation.
                            && !text[line_start..line_start + before].trim_start_matches(' ').is_empty() =>
                    {
                        line_start + before
                    }
                    _ => at,
                };
                lines.push(line_start..cut);
                start = Some(cut);
                used = width_of(&text[cut..at]) + w;
            }
        }
        last_space = None;
    }
    if let Some(line_start) = start {
        let end = trim_end(text, line_start, text.len());
        if end > line_start {
            lines.push(line_start..end);
        }
    }
    lines
}

/// Like [`wrap`], and the rows after an indented line's first hang under its first word, as an
/// editor wraps code: each is that many columns narrower and is to be drawn after that many
/// spaces, which are returned beside the ranges (0 for text that is not indented).
pub fn wrap_hanging(text: &str, width: usize) -> (Vec<Range<usize>>, usize) {
    let mut lines = wrap(text, width);
    let Some(first) = lines.first().cloned() else {
        return (lines, 0);
    };
    let hang =
        width_of(&text[first.start..]) - width_of(text[first.start..].trim_start_matches(' '));
    if hang == 0 || lines.len() == 1 {
        return (lines, 0);
    }
    let rest_start = text[first.end..]
        .find(|c| c != ' ')
        .map_or(text.len(), |at| first.end + at);
    lines.truncate(1);
    let rest = &text[rest_start..];
    lines.extend(
        wrap(rest, width.saturating_sub(hang).max(1))
            .into_iter()
            .map(|r| rest_start + r.start..rest_start + r.end),
    );
    (lines, hang)
}

/// Marks that close a phrase or sentence in CJK text, which may not begin a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '・'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '》'
            | '〕'
            | '］'
            | '｝'
            | '〙'
            | '〗'
    )
}

fn width_of(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(' ').len()
}

/// `text` cut to at most `width` columns, ending in `…` when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn breaks_at_spaces() {
        assert_eq!(
            lines("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
        assert_eq!(lines("lead and  trail  ", 9), ["lead and", "trail"]);
        assert!(lines("", 5).is_empty());
    }

    #[test]
    fn an_indented_line_keeps_its_indent() {
        assert_eq!(lines("    if x {", 20), ["    if x {"]);
        assert_eq!(lines("  return a + b", 9), ["  return", "a + b"]);
        // An indent of half the width or more is cut so that the words keep more than half.
        assert_eq!(lines("          deep", 20), ["         deep"]);
        assert_eq!(lines("  x", 4), [" x"]);
        assert!(lines("     ", 20).is_empty());
        // A closing mark that does not fit takes its character down, but never the whole row.
        assert_eq!(lines("  字。", 5), ["  字", "。"]);
        // Nothing indented: a character wider than the width is a row of its own.
        assert_eq!(lines("字", 1), ["字"]);
    }

    #[test]
    fn the_rows_after_an_indented_lines_first_hang_under_its_first_word() {
        let text = "    let total = first + second + third;";
        let (ranges, hang) = wrap_hanging(text, 20);
        let rows: Vec<&str> = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(hang, 4);
        assert_eq!(rows, ["    let total =", "first + second +", "third;"]);
        assert!(rows[1..].iter().all(|row| hang + width(row) <= 20));
        // Not indented, or on one row: nothing hangs.
        assert_eq!(wrap_hanging("the quick brown fox", 10).1, 0);
        assert_eq!(wrap_hanging("  short", 20).1, 0);
    }

    #[test]
    fn long_words_are_cut_to_the_width() {
        assert_eq!(lines("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn wide_characters_count_twice() {
        // Six CJK characters are twelve columns.
        assert_eq!(lines("東京都庁舎前", 5), ["東京", "都庁", "舎前"]);
        for line in lines("会議は 東京で 開かれた 🎉🎉🎉", 7) {
            assert!(width(line) <= 7, "{line}");
        }
    }

    #[test]
    fn a_closing_mark_does_not_begin_a_line() {
        // 。 would begin the second line: た goes down with it.
        assert_eq!(
            lines("計画を発表した。電池は", 14),
            ["計画を発表し", "た。電池は"]
        );
        // Alone on a line there is nothing to take down with it: cut as before.
        assert_eq!(lines("東。", 2), ["東", "。"]);
        // Nor when the two would not fit a line together.
        assert_eq!(lines("a東。", 3), ["a東", "。"]);
        for line in lines("「全固体電池」を、二〇二七年に。発売する」", 6) {
            assert!(width(line) <= 6, "{line}");
            assert!(!line.starts_with(closes), "{line}");
        }
    }

    #[test]
    fn fit_cuts_by_columns() {
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("東京都庁", 5), "東京…");
        assert_eq!(width(&fit("東京都庁", 5)), 5);
    }
}
