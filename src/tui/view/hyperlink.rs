//! OSC 8 hyperlinks over cells already drawn: each pair of cells carries the link around its two
//! characters, the way ratatui's own hyperlink example does, since a cell cannot hold an escape.

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;

/// The URL as it may go inside an escape sequence: parsed and re-serialised (which percent-encodes
/// anything unusual), and refused if it still holds a control character.
fn safe_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let text = parsed.to_string();
    text.chars().all(|c| c.is_ascii_graphic()).then_some(text)
}

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
        buffer[(x, area.y)].set_symbol(&format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"));
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
    }
}
