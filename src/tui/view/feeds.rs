//! The feed list: each subscription with its unread and article counts and how its last fetch went.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Look;
use crate::tui::state::State;
use crate::wrap::{fit, width};

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look) {
    let theme = &look.theme;
    let Some(panel) = &state.feeds else {
        return;
    };
    let room = usize::from(area.width);
    let mut lines = vec![Line::from(vec![
        Span::styled(" Feeds ", theme.headline),
        Span::styled(format!("{}", panel.feeds.len()), theme.meta),
    ])];
    let height = usize::from(area.height).saturating_sub(1);
    let top = panel.selected.saturating_sub(height.saturating_sub(1));
    for (index, stats) in panel.feeds.iter().enumerate().skip(top).take(height) {
        let feed = &stats.feed;
        let counts = format!("{} / {} ", stats.unread, stats.articles);
        let trouble = match (&feed.last_error, &feed.last_status) {
            (Some(_), Some(status)) => format!("{status} "),
            _ => String::new(),
        };
        let side = width(&counts) + width(&trouble);
        let name = fit(&feed.name, room.saturating_sub(side + 4));
        let gap = room.saturating_sub(width(&name) + side + 3);
        let mut style = if stats.unread > 0 {
            theme.unread
        } else {
            theme.read
        };
        if index == panel.selected {
            style = style.patch(theme.selected);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("   {name}"), style),
            Span::styled(" ".repeat(gap), style),
            Span::styled(trouble, style.patch(theme.error)),
            Span::styled(counts, style.patch(theme.meta)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
