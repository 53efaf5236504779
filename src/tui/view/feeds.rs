//! The sidebar: saved searches, tags and feeds under their headings (a folded group shows only
//! its heading), each line with its unread and article counts, an alert mark or a feed's trouble.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Look;
use crate::tui::sidebar::Entry;
use crate::tui::state::State;
use crate::wrap::{fit, width};

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look) {
    let theme = &look.theme;
    let Some(panel) = &state.sidebar else {
        return;
    };
    let room = usize::from(area.width);
    let entries = panel.entries();
    let mut lines = vec![Line::from(vec![
        Span::styled(" Sidebar ", theme.headline),
        Span::styled(
            "Enter opens or folds · A: mark read · a: alerts · r: refresh",
            theme.hint,
        ),
    ])];
    let height = usize::from(area.height).saturating_sub(1);
    let top = panel.selected.saturating_sub(height.saturating_sub(1));
    for (index, entry) in entries.iter().enumerate().skip(top).take(height) {
        let selected = index == panel.selected;
        let line = match *entry {
            Entry::Heading(group) => {
                let fold = if panel.folded.contains(&group) {
                    "▸"
                } else {
                    "▾"
                };
                let mut style = theme.headline;
                if selected {
                    style = style.patch(theme.selected);
                }
                let text = format!(" {fold} {} ({})", group.title(), panel.len_of(group));
                let gap = room.saturating_sub(width(&text));
                Line::from(vec![
                    Span::styled(text, style),
                    Span::styled(" ".repeat(gap), style),
                ])
            }
            Entry::Item(group, at) => {
                let Some(shown) = panel.shown(group, at) else {
                    continue;
                };
                let counts = format!("{} / {} ", shown.unread, shown.total);
                let side = width(&counts) + width(&shown.mark);
                let name = fit(shown.name, room.saturating_sub(side + 5));
                let gap = room.saturating_sub(width(&name) + side + 4);
                let mut style = if shown.unread > 0 {
                    theme.unread
                } else {
                    theme.read
                };
                if selected {
                    style = style.patch(theme.selected);
                }
                Line::from(vec![
                    Span::styled(format!("    {name}"), style),
                    Span::styled(" ".repeat(gap), style),
                    Span::styled(shown.mark, style.patch(theme.error)),
                    Span::styled(counts, style.patch(theme.meta)),
                ])
            }
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}
