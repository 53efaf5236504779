//! Drawing: the layout of the panes, and one file per pane. Views only read the state.

mod feeds;
mod help;
mod hyperlink;
mod list;
mod panel;
mod reader;
mod status;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use list::ENTITY_PAGE_LINES;

use super::state::{Sizes, State};
use crate::config::keymap::Mode;
use crate::config::theme::Theme;

/// The smallest screen dateline draws on.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width the list and the reader sit side by side.
pub const WIDE: u16 = 100;
/// Width of the entity panel beside the text, when the reader is wide enough to share.
const PANEL_WIDTH: u16 = 32;

/// How drawing looks and what the terminal can do.
#[derive(Debug, Clone)]
pub struct Look {
    pub theme: Theme,
    /// Write the link list as OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

/// Where each pane goes on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub panel: Option<Rect>,
    pub help: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
    pub wide: bool,
}

/// Lays out `area` for the state's mode.
pub fn areas(area: Rect, state: &State) -> Areas {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            ..Areas::default()
        };
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let mut areas = Areas {
        status,
        wide: area.width >= WIDE,
        ..Areas::default()
    };
    if state.mode == Mode::Help {
        areas.help = Some(body);
        return areas;
    }
    if state.mode == Mode::Feeds {
        // The feed list has the screen to itself: nothing beside it belongs to it.
        areas.list = Some(body);
        return areas;
    }
    let reading = matches!(state.mode, Mode::Reader | Mode::Entities) && state.reader.is_some();
    let reader_area = if state.is_welcome() {
        // Nothing to read yet: the welcome gets the whole screen.
        areas.list = Some(body);
        None
    } else if areas.wide {
        let list_width = (body.width * 2 / 5).clamp(40, 80);
        let [list, reader] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
        areas.list = Some(list);
        Some(reader)
    } else if reading {
        Some(body)
    } else {
        areas.list = Some(body);
        None
    };
    if let Some(reader) = reader_area {
        if state.mode == Mode::Entities {
            if reader.width >= 2 * PANEL_WIDTH + 10 {
                let [text, panel] =
                    Layout::horizontal([Constraint::Min(1), Constraint::Length(PANEL_WIDTH)])
                        .areas(reader);
                areas.reader = Some(text);
                areas.panel = Some(panel);
            } else {
                areas.panel = Some(reader);
            }
        } else {
            areas.reader = Some(reader);
        }
    }
    areas
}

/// The sizes `update` measures moves against, for a screen of `area`.
pub fn measure(area: Rect, state: &State) -> Sizes {
    let areas = areas(area, state);
    let height = |rect: Option<Rect>| rect.map_or(0, |r| usize::from(r.height));
    Sizes {
        // The list's first line is its header (or the search box), then a name's page if any.
        list_height: height(areas.list).saturating_sub(
            1 + if state.view().entity_page.is_some() && state.mode != Mode::Feeds {
                ENTITY_PAGE_LINES
            } else {
                0
            },
        ),
        reader_width: areas
            .reader
            .or(areas.panel)
            .map_or(usize::from(area.width), |r| {
                usize::from(reader::text_width(r))
            }),
        reader_height: height(areas.reader)
            .saturating_sub(usize::from(reader::picture_rows(state))),
        panel_height: height(areas.panel).saturating_sub(1),
        help_height: height(areas.help).saturating_sub(1),
        help_width: areas.help.map_or(0, |r| usize::from(r.width)),
        wide: areas.wide,
        too_small: areas.too_small,
        list_area: areas.list,
        reader_area: areas.reader,
    }
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, state: &State, look: &Look) {
    let area = frame.area();
    let areas = areas(area, state);
    if areas.too_small {
        too_small(frame, area, look);
        return;
    }
    if let Some(rect) = areas.list {
        if state.mode == Mode::Feeds {
            feeds::draw(frame, rect, state, look);
        } else {
            // A border only where something sits beside the list.
            let beside = areas.reader.is_some() || areas.panel.is_some();
            list::draw(frame, rect, state, look, beside);
        }
    }
    if let Some(rect) = areas.reader {
        reader::draw(frame, rect, state, look);
    }
    if let Some(rect) = areas.panel {
        // Beside the list, the list's border already separates them.
        let border = areas.reader.is_some();
        panel::draw(frame, rect, state, look, border);
    }
    if let Some(rect) = areas.help {
        help::draw(frame, rect, state, look);
    }
    status::draw(frame, areas.status, state, look);
}

fn too_small(frame: &mut Frame<'_>, area: Rect, look: &Look) {
    let text = format!(
        "The terminal is {}x{}; dateline needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Make it bigger, or press q to quit.",
        area.width, area.height
    );
    let top = area.height / 2;
    let rect = Rect {
        y: area.y + top.min(area.height.saturating_sub(1)),
        height: area.height - top.min(area.height.saturating_sub(1)),
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::styled(text, look.theme.hint))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}
