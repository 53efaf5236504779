//! The reader pane: the article's lead picture where the terminal shows pictures, then its lines
//! with entity colours, search matches drawn over them, and the cursor of `n`/`N` or `]`/`[`
//! drawn over both.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_image::Image;

use super::{Look, hyperlink};
use crate::article::{EntityKind, TextField};
use crate::config::theme::Theme;
use crate::tui::doc::{Doc, DocLine, LineKind, LineText};
use crate::tui::reader::{Mark, Reader, field_order};
use crate::tui::state::State;

/// Columns of padding on each side of the text.
const PAD: u16 = 1;

/// The width text is wrapped to in a reader pane of `area`.
pub fn text_width(area: Rect) -> u16 {
    area.width.saturating_sub(2 * PAD).max(1)
}

/// Rows the reader's picture takes above the text, with the blank row under it; 0 without one.
pub fn picture_rows(state: &State) -> u16 {
    match (&state.reader, &state.picture) {
        (Some(reader), Some(picture)) if picture.request.article == reader.article.id => {
            picture.rows() + 1
        }
        _ => 0,
    }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look) {
    let mut text_area = Rect {
        x: area.x + PAD.min(area.width),
        width: text_width(area),
        ..area
    };
    let Some(reader) = &state.reader else {
        let hint = if state.list().is_empty() {
            ""
        } else {
            "Enter opens the selected article."
        };
        frame.render_widget(
            Paragraph::new(Line::styled(hint, look.theme.hint)),
            text_area,
        );
        return;
    };
    // The picture stays above the text while it scrolls: it heads the article, and drawn once it
    // is not sent to the terminal again.
    let rows = picture_rows(state).min(text_area.height);
    if let (Some(picture), true) = (&state.picture, rows > 1) {
        let picture_area = Rect {
            height: rows - 1,
            ..text_area
        };
        frame.render_widget(Image::new(&picture.protocol), picture_area);
        text_area.y += rows;
        text_area.height -= rows;
    }
    // Until `update` has laid the article out for this width, lay it out here.
    let fresh;
    let doc = if reader.doc.width == usize::from(text_area.width) {
        &reader.doc
    } else {
        fresh = Doc::build(
            &reader.article,
            reader.full_text.as_deref(),
            usize::from(text_area.width),
        );
        &fresh
    };
    let height = usize::from(text_area.height);
    let visible = doc.lines.iter().skip(reader.scroll).take(height);
    let lines: Vec<Line<'_>> = visible
        .map(|line| render_line(reader, line, &look.theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
    if look.hyperlinks {
        for (row, line) in doc
            .lines
            .iter()
            .skip(reader.scroll)
            .take(height)
            .enumerate()
        {
            if let LineKind::Link(url) = &line.kind {
                let y = text_area.y + row as u16;
                hyperlink::mark(
                    frame.buffer_mut(),
                    Rect {
                        y,
                        height: 1,
                        ..text_area
                    },
                    url,
                );
            }
        }
    }
}

fn base_style(kind: &LineKind, theme: &Theme) -> Style {
    match kind {
        LineKind::Headline | LineKind::LinksHeading => theme.headline,
        LineKind::Standfirst => theme.standfirst,
        LineKind::Meta => theme.meta,
        LineKind::Link(_) => theme.link,
        LineKind::Body | LineKind::Blank => Style::default(),
    }
}

pub fn entity_style(kind: EntityKind, theme: &Theme) -> Style {
    match kind {
        EntityKind::Person => theme.person,
        EntityKind::Organization => theme.organization,
        EntityKind::Place => theme.place,
        EntityKind::Misc => theme.misc,
        EntityKind::Date => theme.date,
    }
}

fn render_line<'a>(reader: &'a Reader, line: &'a DocLine, theme: &Theme) -> Line<'a> {
    let base = base_style(&line.kind, theme);
    let (field, range, hang) = match &line.text {
        LineText::Own(text) => return Line::styled(text.as_str(), base),
        LineText::Field { field, range, hang } => (*field, range.clone(), *hang),
    };
    let text = reader.text(field);
    // Every overlay on this line, weakest first: entities, the current entity, matches, the
    // current match. Where they meet, the later one wins.
    let mut layers: Vec<(std::ops::Range<usize>, Style)> = Vec::new();
    let entities = overlapping(&reader.entities, |(m, _)| m, field, &range);
    for (i, (mark, kind)) in entities {
        let mut style = entity_style(*kind, theme);
        if reader.current_entity == Some(i) {
            style = style.patch(theme.current);
        }
        layers.push((mark.range.clone(), style));
    }
    for (i, mark) in overlapping(&reader.matches, |m| m, field, &range) {
        let style = if reader.current_match == Some(i) {
            theme.search_match.patch(theme.current)
        } else {
            theme.search_match
        };
        layers.push((mark.range.clone(), style));
    }
    let mut cuts: Vec<usize> = vec![range.start, range.end];
    for (r, _) in &layers {
        cuts.push(r.start.clamp(range.start, range.end));
        cuts.push(r.end.clamp(range.start, range.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let pad = (hang > 0).then(|| Span::styled(" ".repeat(hang), base));
    let spans = pad
        .into_iter()
        .chain(cuts.windows(2).filter_map(|pair| {
            let (start, end) = (pair[0], pair[1]);
            let piece = text.get(start..end)?;
            let style = layers
                .iter()
                .filter(|(r, _)| r.start <= start && end <= r.end)
                .fold(base, |style, (_, layer)| style.patch(*layer));
            Some(Span::styled(piece, style))
        }))
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// The items of `sorted` (in reading order) that touch `range` of `field`, with their indexes.
fn overlapping<'a, T>(
    sorted: &'a [T],
    mark: impl Fn(&T) -> &Mark + Copy + 'a,
    field: TextField,
    range: &std::ops::Range<usize>,
) -> impl Iterator<Item = (usize, &'a T)> + 'a {
    let (start, end) = (range.start, range.end);
    // Sorted by start, the marks that begin before this line ends are a prefix of the field's
    // marks; each of those is checked, since a long mark may hold a shorter one.
    let first = sorted.partition_point(|item| field_order(mark(item).field) < field_order(field));
    sorted
        .iter()
        .enumerate()
        .skip(first)
        .take_while(move |(_, item)| {
            let m = mark(item);
            m.field == field && m.range.start < end
        })
        .filter(move |(_, item)| mark(item).range.end > start)
}
