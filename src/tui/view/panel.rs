//! The entity panel: the open article's people, organisations, places, other names and dates,
//! grouped by kind with how often each is mentioned.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Look;
use super::reader::entity_style;
use crate::article::EntityKind;
use crate::tui::state::State;
use crate::wrap::{fit, width};

fn heading(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "People",
        EntityKind::Organization => "Organisations",
        EntityKind::Place => "Places",
        EntityKind::Misc => "Other names",
        EntityKind::Date => "Dates",
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look, border: bool) {
    let theme = &look.theme;
    let block = Block::new()
        .borders(if border { Borders::LEFT } else { Borders::NONE })
        .border_style(theme.border_focused)
        .title(Span::styled(" Entities ", theme.headline));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(panel) = &state.panel else {
        return;
    };
    let room = usize::from(inner.width);
    let mut lines = Vec::new();
    // The display line of the selected entry, to keep it on screen.
    let mut selected_line = 0;
    let mut index = 0;
    for (kind, names) in &panel.groups {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        let head = format!(" {} ({})", heading(*kind), names.len());
        lines.push(Line::styled(
            head,
            entity_style(*kind, theme).patch(theme.headline),
        ));
        for (name, count) in names {
            let count = format!("{count} ");
            let name = fit(name, room.saturating_sub(width(&count) + 3));
            let gap = room.saturating_sub(width(&name) + width(&count) + 2);
            let mut style = entity_style(*kind, theme);
            if index == panel.selected {
                style = style.patch(theme.selected);
                selected_line = lines.len();
            }
            lines.push(Line::from(vec![
                Span::styled(format!("  {name}"), style),
                Span::styled(" ".repeat(gap), style),
                Span::styled(count, style.patch(theme.meta)),
            ]));
            index += 1;
        }
    }
    let height = usize::from(inner.height);
    let scroll = selected_line.saturating_sub(height.saturating_sub(2));
    let lines: Vec<Line<'_>> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
