//! OSC 8 hyperlinks over cells already drawn: each pair of cells carries the link around its two
//! characters, the way ratatui's own hyperlink example does, since a cell cannot hold an escape.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;

use crate::ingest::links::safe_url;

/// Makes the text in the one-row `area` a hyperlink to `url`. Rows with wide characters are left
/// alone, as are URLs that cannot be made safe.
pub fn mark(buffer: &mut Buffer, area: Rect, url: &str) {
    let Some(url) = safe_url(url) else {
        return;
    };
    let cells: Vec<String> = (area.x..area.right())
        .map(|x| buffer[(x, area.y)].symbol().to_owned())
        .collect();
    let used = cells.iter().rposition(|s| s != " ").map_or(0, |i| i + 1);
    if cells
        .iter()
        .any(|s| s.chars().count() != 1 || !s.is_ascii())
    {
        return;
    }
    for pair in (0..used).step_by(2) {
        let text: String = cells[pair..(pair + 2).min(used)].concat();
        let x = area.x + pair as u16;
        let cell = &mut buffer[(x, area.y)];
        cell.set_symbol(&format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"));
        // The escape makes the symbol look as wide as the URL; it covers one or two columns.
        let columns = NonZeroU16::new(text.chars().count() as u16).unwrap_or(NonZeroU16::MIN);
        cell.set_diff_option(CellDiffOption::ForcedWidth(columns));
        if pair + 1 < used {
            // The first cell now draws both characters; the second must not draw its own.
            buffer[(x + 1, area.y)].set_diff_option(CellDiffOption::Skip);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_controls_are_refused_or_encoded() {
        assert_eq!(
            safe_url("https://example.org/a b").as_deref(),
            Some("https://example.org/a%20b")
        );
        assert!(
            safe_url("https://example.org/\u{1b}]0;x\u{7}").is_none_or(|u| !u.contains('\u{1b}'))
        );
        assert!(safe_url("not a url").is_none());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url("file:///etc/passwd").is_none());
    }

    #[test]
    fn linked_cells_keep_their_columns() {
        let area = Rect::new(0, 0, 10, 1);
        let mut buffer = Buffer::empty(area);
        buffer.set_string(0, 0, "abcde", ratatui::style::Style::default());
        mark(&mut buffer, area, "https://example.org/a");
        let first = &buffer[(0, 0)];
        assert!(first.symbol().contains("https://example.org/a"));
        assert!(first.symbol().contains("ab"));
        // The terminal sees two columns for the pair, however long the escape is.
        assert_eq!(
            first.diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN))
        );
        assert_eq!(buffer[(1, 0)].diff_option, CellDiffOption::Skip);
        // The odd last character is linked alone.
        assert_eq!(
            buffer[(4, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::MIN)
        );
        assert_eq!(buffer[(5, 0)].symbol(), " ");
    }
}
