//! The help screen, generated from the keymap so it always tells the keys in use, followed by the
//! query language.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Look;
use crate::tui::action::Mode;
use crate::tui::state::State;

fn title(mode: Mode) -> &'static str {
    match mode {
        Mode::List => "In the list",
        Mode::Reader => "In the reader",
        Mode::Search => "In the search box (other keys type)",
        Mode::Entities => "In the entity panel",
        Mode::Help => "In this help",
        Mode::Feeds => "In the feed list",
    }
}

/// Every line of the help text.
pub fn lines<'a>(state: &State, look: &Look) -> Vec<Line<'a>> {
    let theme = &look.theme;
    let mut lines = Vec::new();
    if !state.notices.is_empty() {
        lines.push(Line::styled(" At start-up", theme.error));
        for notice in &state.notices {
            lines.push(Line::raw(format!("   {notice}")));
        }
        lines.push(Line::raw(""));
    }
    for mode in Mode::ALL {
        lines.push(Line::styled(format!(" {}", title(mode)), theme.headline));
        for (action, keys) in state.keymap.bindings(mode) {
            lines.push(Line::from(vec![
                Span::styled(format!("   {:<18}", keys.join(", ")), theme.status_mode),
                Span::raw(" "),
                Span::raw(action.help()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        " The query language (also `dateline search`)",
        theme.headline,
    ));
    for text in crate::cli::QUERY_HELP.lines().skip(1) {
        lines.push(Line::raw(format!(" {text}")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Keys can be changed in config.toml: [keys.list] x = \"toggle_read\"",
        theme.hint,
    ));
    lines
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(look.theme.border_focused)
        .title(Span::styled(" Help: q or Esc closes ", look.theme.headline));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(state, look);
    let height = usize::from(inner.height);
    let scroll = state.help_scroll.min(all.len().saturating_sub(height));
    let shown: Vec<Line<'_>> = all.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
