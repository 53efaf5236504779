//! Lines whose words stand in columns (a results table, aligned code in `<pre>`): their runs of
//! spaces are the layout, so cleaning keeps them. A line is taken as aligned when a word that
//! follows a run of two or more spaces begins at the same screen column as a word of the line
//! above or below that also follows a run, or that is a mark (`=`, `#`, `//`) code lines up.
//! Prose, one paragraph a line, has no neighbour; hard-wrapped prose with two spaces after a
//! full stop rarely meets a run at the same column on the next line; so a stray double space in
//! a sentence ("New  York") is still one space.

use unicode_width::UnicodeWidthChar;

/// Tabs move to the next multiple of this many columns.
pub const TAB_STOP: usize = 4;

/// Longest run of spaces kept inside a line; a longer one is cut to it.
pub const MOST_RUN: usize = 32;

/// For each of a block of consecutive non-blank lines: whether its runs of spaces line words up
/// with a neighbour's.
pub fn aligned(lines: &[&str]) -> Vec<bool> {
    let starts: Vec<Vec<Start>> = lines.iter().map(|line| word_starts(line)).collect();
    (0..lines.len())
        .map(|at| {
            let neighbours = [at.checked_sub(1), Some(at + 1)];
            neighbours
                .into_iter()
                .flatten()
                .filter_map(|n| starts.get(n))
                .any(|other| meets(&starts[at], other))
        })
        .collect()
}

/// Where a word of a line begins, and what makes it a column's start.
#[derive(Debug, Clone, Copy)]
struct Start {
    column: usize,
    /// Two or more columns of white space come before it inside the line (not its indentation).
    after_run: bool,
    /// It begins with a mark, not a letter or digit: `=`, `#`, `//`, `|`.
    mark: bool,
}

/// Whether a word of `line` that follows a run begins where a word of `other` begins that
/// follows a run too or is a mark. Both are sorted by column, so one walk over each.
fn meets(line: &[Start], other: &[Start]) -> bool {
    let mut others = other.iter().peekable();
    for start in line.iter().filter(|s| s.after_run) {
        while others.next_if(|o| o.column < start.column).is_some() {}
        if others
            .peek()
            .is_some_and(|o| o.column == start.column && (o.after_run || o.mark))
        {
            return true;
        }
    }
    false
}

/// Where each word of `line` begins, in screen columns (tabs to their stops, CJK two wide).
fn word_starts(line: &str) -> Vec<Start> {
    let mut starts = Vec::new();
    let (mut column, mut run, mut seen_word) = (0, 0, false);
    for c in line.chars() {
        if c.is_whitespace() {
            let next = advance(column, c);
            run += next - column;
            column = next;
            continue;
        }
        if run > 0 || !seen_word {
            starts.push(Start {
                column,
                after_run: seen_word && run >= 2,
                mark: !c.is_alphanumeric(),
            });
        }
        seen_word = true;
        run = 0;
        column = advance(column, c);
    }
    starts
}

/// The column after `c`, written at `column`: a tab to its stop, other characters by width.
pub fn advance(column: usize, c: char) -> usize {
    match c {
        '\t' => (column / TAB_STOP + 1) * TAB_STOP,
        ' ' => column + 1,
        _ => column + c.width().unwrap_or(0),
    }
}

/// The rest of an aligned line (after its indentation, which starts at `column`), its runs of
/// white space kept as spaces (tabs to their stops, at most [`MOST_RUN`] a run), trimmed at
/// the end.
pub fn spaced(rest: &str, mut column: usize) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut run = 0;
    for c in rest.trim_end().chars() {
        if c.is_whitespace() {
            let next = advance(column, c);
            run += next - column;
            column = next;
            continue;
        }
        out.extend(std::iter::repeat_n(' ', run.min(MOST_RUN)));
        out.push(c);
        run = 0;
        column = advance(column, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_that_line_up_with_a_neighbour_are_aligned() {
        let table = [
            "Team      P  W  Pts",
            "Arsenal   3  2  7",
            "Leeds     3  1  4",
        ];
        assert_eq!(aligned(&table), [true, true, true]);
        // Code aligned on `=`: the longer name has one space before it, the shorter a run.
        assert_eq!(aligned(&["let x    = 1;", "let long = 2;"]), [true, false]);
        // A double space whose next word starts where the neighbour has none, or where the
        // neighbour's word follows one space (hard-wrapped prose).
        assert_eq!(
            aligned(&["He went to New  York.", "She stayed at home today."]),
            [false, false]
        );
        assert_eq!(
            aligned(&["He said no.  Then he left", "and the door shut behind him."]),
            [false, false]
        );
        // Columns of a table with names in Chinese, which take two columns a character.
        assert_eq!(aligned(&["東京    3  7", "Leeds   3  7"]), [true, true]);
        assert_eq!(aligned(&["Alone  here"]), [false]);
        // Indentation alone is not a column.
        assert_eq!(aligned(&["    if x {", "    }"]), [false, false]);
    }

    #[test]
    fn spaced_keeps_runs_and_expands_tabs() {
        assert_eq!(spaced("a\tb   c  ", 0), "a   b   c");
        assert_eq!(spaced("a\tb", 2), "a b");
        let long = format!("a{}b", " ".repeat(500));
        assert_eq!(spaced(&long, 0), format!("a{}b", " ".repeat(MOST_RUN)));
    }
}
