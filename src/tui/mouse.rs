//! The mouse, when `mouse = true`: a click selects the row under it (in the list or the
//! sidebar), a second click on the same row soon after opens it, and the wheel scrolls the pane
//! under the pointer.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::msg::Effect;
use super::state::State;
use super::{feeds_flow, reader_flow};
use crate::config::keymap::Mode;

/// Two clicks on one row within this long are a double-click.
const DOUBLE_CLICK: Duration = Duration::from_millis(500);
/// Lines the wheel moves at a time.
const WHEEL_LINES: isize = 3;

fn inside(area: Option<Rect>, column: u16, row: u16) -> Option<Rect> {
    area.filter(|a| column >= a.x && column < a.x + a.width && row >= a.y && row < a.y + a.height)
}

/// Applies a mouse event that happened at `at`.
pub fn handle(state: &mut State, event: MouseEvent, at: Instant, effects: &mut Vec<Effect>) {
    if !state.settings.mouse || state.sizes.too_small || state.prompt.is_some() {
        return;
    }
    let (column, row) = (event.column, event.row);
    let list = inside(state.sizes.list_area, column, row);
    let reader = inside(state.sizes.reader_area, column, row);
    match event.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let lines = if event.kind == MouseEventKind::ScrollDown {
                WHEEL_LINES
            } else {
                -WHEEL_LINES
            };
            wheel(state, list.is_some(), reader.is_some(), lines);
        }
        MouseEventKind::Down(MouseButton::Left) => {
            let double = state.last_click.is_some_and(|(when, _, last_row)| {
                last_row == row && at.duration_since(when) <= DOUBLE_CLICK
            });
            state.last_click = Some((at, column, row));
            if let Some(area) = list {
                click_row(state, area, row, double, effects);
            } else if reader.is_some() && state.reader.is_some() {
                state.mode = Mode::Reader;
            }
        }
        _ => {}
    }
}

fn wheel(state: &mut State, over_list: bool, over_reader: bool, lines: isize) {
    let height = state.sizes.reader_height;
    if over_reader && let Some(reader) = &mut state.reader {
        reader.scroll_by(lines, height);
    } else if over_list {
        match state.mode {
            Mode::Feeds => {
                if let Some(panel) = &mut state.sidebar {
                    let last = panel.entries().len().saturating_sub(1);
                    panel.selected = panel.selected.saturating_add_signed(lines).min(last);
                }
            }
            _ => {
                let rows = state.list_rows;
                state.list_mut().move_by(lines, rows);
            }
        }
    }
}

/// A click on a line of the list or the sidebar (the first line is the header).
fn click_row(state: &mut State, area: Rect, row: u16, double: bool, effects: &mut Vec<Effect>) {
    let Some(line) = usize::from(row - area.y).checked_sub(1) else {
        return;
    };
    match state.mode {
        Mode::Feeds => {
            let Some(panel) = &mut state.sidebar else {
                return;
            };
            // The sidebar scrolls to keep the selection on its last line (see view/feeds.rs).
            let height = usize::from(area.height).saturating_sub(1);
            let top = panel.selected.saturating_sub(height.saturating_sub(1));
            if top + line < panel.entries().len() {
                panel.selected = top + line;
                if double {
                    feeds_flow::open_entry(state, effects);
                }
            }
        }
        Mode::List | Mode::Reader | Mode::Search => {
            // A name's page sits between the header and the rows.
            let page = if state.view().entity_page.is_some() {
                super::view::ENTITY_PAGE_LINES
            } else {
                0
            };
            let Some(line) = line.checked_sub(page) else {
                return;
            };
            let rows = state.list_rows;
            let list = state.list_mut();
            let position = list.top + line;
            if position < list.len() {
                list.select(position, rows);
                state.mode = Mode::List;
                if double {
                    reader_flow::open_selected(state, effects);
                }
            }
        }
        Mode::Entities | Mode::Help => {}
    }
}
