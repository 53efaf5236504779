//! The article list: a header (or the search box), one row per article, or the welcome screen.

use chrono::{DateTime, Datelike, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Look;
use crate::article::{ArticleSummary, TextField};
use crate::config::keymap::Mode;
use crate::say::{count, group_digits};
use crate::tui::source::ListSource;
use crate::tui::state::{State, search_cursor_at};
use crate::wrap::{fit, width};

const SOURCE_WIDTH: usize = 14;
const DATE_WIDTH: usize = 6;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look, wide: bool) {
    let theme = &look.theme;
    let inner = if wide {
        let focused = matches!(state.mode, Mode::List | Mode::Search);
        let border = if focused {
            theme.border_focused
        } else {
            theme.border
        };
        let block = Block::new().borders(Borders::RIGHT).border_style(border);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        inner
    } else {
        area
    };
    let header = Rect { height: 1, ..inner };
    frame.render_widget(
        Paragraph::new(header_line(state, look, inner.width)),
        header,
    );
    let mut rows = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    if let Some(page) = &state.view().entity_page {
        let lines = entity_page_lines(page, look, usize::from(inner.width));
        let used = (lines.len() as u16).min(rows.height);
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: used,
                ..rows
            },
        );
        rows.y += used;
        rows.height -= used;
    }
    if state.is_welcome() {
        let text =
            Paragraph::new(welcome(state, look)).wrap(ratatui::widgets::Wrap { trim: false });
        frame.render_widget(text, rows);
        return;
    }
    let now = Utc::now();
    let view = state.view();
    let mut highlighter = view.highlighter.clone();
    let top = view.list.top;
    let lines: Vec<Line<'_>> = view
        .list
        .visible(top..top + usize::from(rows.height))
        .map(|(position, row)| {
            let marks = highlighter
                .as_mut()
                .map(|h| h.matches_in(TextField::Title, &row.title))
                .unwrap_or_default();
            row_line(
                row,
                &marks,
                position == view.list.selected,
                look,
                inner.width,
                now,
            )
        })
        .collect();
    // Before the query's own message: `U` asks "is:unread" of an unsearched list.
    // Wrapped: a narrow list must not cut the way out off.
    let hint = |text: &'static str| {
        Paragraph::new(Line::styled(text, theme.hint)).wrap(ratatui::widgets::Wrap { trim: false })
    };
    if lines.is_empty() && view.unread_only {
        frame.render_widget(
            hint(" No unread articles here. U shows every article again."),
            rows,
        );
        return;
    }
    if lines.is_empty() && view.answer.is_some() {
        let text = " No articles match. Edit the query, or Esc for the whole list.";
        frame.render_widget(hint(text), rows);
        return;
    }
    frame.render_widget(Paragraph::new(lines), rows);
}

/// "Articles 4,031", a feed's name and count, or the search box with the count and time of the
/// results shown. Every count is the list's own, as the status bar's position is.
fn header_line<'a>(state: &'a State, look: &Look, cols: u16) -> Line<'a> {
    let theme = &look.theme;
    let view = state.view();
    let searching = state.mode == Mode::Search;
    let count = group_digits(view.list.total() as u64);
    match &view.source {
        ListSource::All if !searching => {
            return Line::from(vec![
                Span::styled(" Articles ", theme.headline),
                Span::styled(count, theme.meta),
            ]);
        }
        ListSource::Stories { within } if !searching => {
            let mut spans = vec![
                Span::styled(" Stories ", theme.headline),
                Span::styled(count, theme.meta),
            ];
            if let Some(within) = within {
                spans.push(Span::styled(
                    format!("  in {}", crate::wrap::fit(&within.label, 40)),
                    theme.meta,
                ));
            }
            spans.push(Span::styled("  t: back to the articles", theme.hint));
            return Line::from(spans);
        }
        ListSource::Feed { name, .. }
        | ListSource::Tag { name }
        | ListSource::Saved { name, .. }
        | ListSource::Story { title: name, .. }
            if !searching =>
        {
            let kind = match &view.source {
                ListSource::Tag { .. } => "tag ",
                ListSource::Saved { .. } => "saved search ",
                ListSource::Story { .. } => "story: ",
                _ => "",
            };
            let back = if view.from_sidebar {
                "  Esc: sidebar"
            } else if state.views.depth() == 2 {
                "  Esc: every article"
            } else {
                "  Esc: back"
            };
            return Line::from(vec![
                Span::styled(format!(" {kind}"), theme.meta),
                Span::styled(format!("{name} "), theme.headline),
                Span::styled(count, theme.meta),
                Span::styled(back, theme.hint),
            ]);
        }
        _ => {}
    }
    let query = view.source.query_text().unwrap_or_default();
    let query = if view.unread_only {
        format!("is:unread {query}")
    } else {
        query
    };
    let info = match &view.answer {
        Some(answer) => {
            let count = match (view.list.counted(), view.list.total()) {
                (true, 1) => "1 match".to_string(),
                (true, n) => format!("{} matches", group_digits(n as u64)),
                (false, n) => format!("{}+ matches", group_digits(n as u64)),
            };
            format!("{count} · {:.1} ms", answer.elapsed.as_secs_f64() * 1000.0)
        }
        None if view.asked.is_some() => "searching…".into(),
        None if query.trim().is_empty() => "type to search".into(),
        None => "keep typing".into(),
    };
    let room = usize::from(cols).saturating_sub(width(&info) + 4);
    let mut spans = vec![Span::styled(" / ", theme.status_mode)];
    if searching {
        // The query on both sides of the cursor, which stays in view: what is before it fills
        // the room, and what is after it keeps at least a third when both do not fit.
        let (before, after) =
            around_cursor(&query, state.search_cursor_back, room.saturating_sub(1));
        spans.push(Span::styled(before, theme.headline));
        spans.push(Span::styled("▏", theme.hint));
        spans.push(Span::styled(after, theme.headline));
    } else {
        spans.push(Span::styled(
            tail_fit(&query, room.saturating_sub(1)),
            theme.headline,
        ));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let gap = usize::from(cols).saturating_sub(used + width(&info) + 1);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(info, theme.meta));
    Line::from(spans)
}

/// What of `query` shows before and after a cursor with `back` characters after it, in at most
/// `room` columns together: before it as much as fits, after it at least a third of the room.
fn around_cursor(query: &str, back: usize, room: usize) -> (String, String) {
    let (before, after) = query.split_at(search_cursor_at(query, back));
    let after_room = width(after).min(room.saturating_sub(width(before)).max(room / 3));
    let after = fit(after, after_room);
    let before = tail_fit(before, room.saturating_sub(width(&after)));
    (before, after)
}

/// The end of `text` in at most `room` columns: while typing, the end is what matters.
fn tail_fit(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// Lines a name's page takes above its articles.
pub const ENTITY_PAGE_LINES: usize = 3;

/// A name's page, in `ENTITY_PAGE_LINES` lines: mentions a day as a sparkline, the sources that
/// mention it most, and the names mentioned with it, numbered (`2` Enter opens the second).
fn entity_page_lines(
    page: &crate::library::EntityPage,
    look: &Look,
    room: usize,
) -> Vec<Line<'static>> {
    let theme = &look.theme;
    let counts: Vec<usize> = page.days.iter().map(|(_, n)| *n).collect();
    let chart = crate::say::sparkline(&counts);
    let sources: Vec<String> = page
        .sources
        .iter()
        .take(4)
        .map(|(source, n)| format!("{source} {n}"))
        .collect();
    let related: Vec<String> = page
        .related
        .iter()
        .take(9)
        .enumerate()
        .map(|(at, (_, name, _))| format!("[{}] {name}", at + 1))
        .collect();
    let to = page
        .days
        .last()
        .map_or(String::new(), |(day, _)| day.format("%-d %b").to_string());
    let (label, chart, total) = chart_line(&to, &chart, page.total, room);
    vec![
        Line::from(vec![
            Span::styled(label, theme.meta),
            Span::styled(chart, theme.headline),
            Span::styled(total, theme.meta),
        ]),
        Line::styled(
            fit(&format!(" sources: {}", sources.join(", ")), room),
            theme.meta,
        ),
        Line::styled(
            fit(
                &format!(" with: {} (number, Enter)", related.join(" ")),
                room,
            ),
            theme.hint,
        ),
    ]
}

/// The chart line's label, chart and total, fitted to `room` columns: the label shortens first,
/// then the chart loses its oldest days, so the newest days and the total always show.
fn chart_line(to: &str, chart: &str, total: usize, room: usize) -> (String, String, String) {
    let total = format!(" {total} in all");
    let days = chart.chars().count();
    // The chart's two edges, then the total.
    let fixed = 2 + total.chars().count();
    let label = [
        format!(" a day, 4 weeks to {to} "),
        format!(" to {to} "),
        " ".into(),
    ]
    .into_iter()
    .find(|label| label.chars().count() + days + fixed <= room)
    .unwrap_or_default();
    let shown = room.saturating_sub(label.chars().count() + fixed).min(days);
    let newest: String = chart.chars().skip(days - shown).collect();
    (label, format!("▕{newest}▏"), total)
}

fn row_line<'a>(
    row: &'a ArticleSummary,
    marks: &[std::ops::Range<usize>],
    selected: bool,
    look: &Look,
    width_cols: u16,
    now: DateTime<Utc>,
) -> Line<'a> {
    let theme = &look.theme;
    let base = if row.read { theme.read } else { theme.unread };
    let base = if selected {
        base.patch(theme.selected)
    } else {
        base
    };
    let total = usize::from(width_cols);
    let source_width = if total >= 60 { SOURCE_WIDTH } else { 0 };
    // Marks and a space, the title, a space, the source and a space, the date and a space.
    let title_width = total.saturating_sub(3 + 1 + source_width + 1 + DATE_WIDTH + 1);
    let mut spans = vec![
        Span::styled(if row.read { " " } else { "●" }, base),
        Span::styled(
            if row.starred { "★" } else { " " },
            base.patch(theme.starred),
        ),
        Span::styled(" ", base),
    ];
    // A story's other reports: `+3` before its first report's headline.
    let more = match row.story {
        Some(story) if story.reports > 1 => format!("+{} ", story.reports - 1),
        _ => String::new(),
    };
    let title_width = title_width.saturating_sub(width(&more));
    if !more.is_empty() {
        spans.push(Span::styled(more, base.patch(theme.meta)));
    }
    let title = fit(&row.title, title_width);
    spans.extend(marked_spans(
        &title,
        marks,
        base,
        base.patch(theme.search_match),
    ));
    let pad = title_width.saturating_sub(width(&title)) + 1;
    spans.push(Span::styled(" ".repeat(pad), base));
    if source_width > 0 {
        let source = fit(&row.source, source_width);
        let pad = source_width.saturating_sub(width(&source)) + 1;
        spans.push(Span::styled(source, base.patch(theme.meta)));
        spans.push(Span::styled(" ".repeat(pad), base));
    }
    let date = format!("{:>DATE_WIDTH$}", short_date(row.published, now));
    spans.push(Span::styled(date, base.patch(theme.meta)));
    Line::from(spans)
}

/// `text` split into spans, the byte ranges in `marks` (cut to the text) in `marked` style.
fn marked_spans(
    text: &str,
    marks: &[std::ops::Range<usize>],
    plain: Style,
    marked: Style,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for mark in marks {
        let start = mark.start.max(at);
        let end = mark.end.min(text.len());
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        spans.push(Span::styled(text[at..start].to_owned(), plain));
        spans.push(Span::styled(text[start..end].to_owned(), marked));
        at = end;
    }
    spans.push(Span::styled(text[at..].to_owned(), plain));
    spans
}

/// `5m`, `3h`, `2d` when recent; `12 Feb` this year; `2024` before.
pub fn short_date(time: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let age = now.signed_duration_since(time);
    if age.num_seconds() < 0 {
        time.format("%-d %b").to_string()
    } else if age.num_minutes() < 60 {
        format!("{}m", age.num_minutes())
    } else if age.num_hours() < 24 {
        format!("{}h", age.num_hours())
    } else if age.num_days() < 7 {
        format!("{}d", age.num_days())
    } else if time.year() == now.year() {
        time.format("%-d %b").to_string()
    } else {
        time.format("%Y").to_string()
    }
}

fn welcome<'a>(state: &State, look: &Look) -> Vec<Line<'a>> {
    let theme = &look.theme;
    let command = |cmd: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("  {cmd:<30}"), theme.headline),
            Span::styled(what.to_owned(), theme.hint),
        ])
    };
    let mut lines = vec![
        Line::raw(""),
        Line::styled(" Welcome to dateline.", theme.headline),
        Line::raw(""),
    ];
    if state.feeds_unfetched > 0 {
        // Subscribed (an OPML list, newsboat's urls) but never fetched: `R` is what fills it.
        lines.extend([
            Line::raw(format!(
                " The store in {} has no articles yet, but {} {} subscribed:",
                state.data_dir,
                count(group_digits(state.feeds_unfetched as u64), "feed"),
                if state.feeds_unfetched == 1 {
                    "is"
                } else {
                    "are"
                }
            )),
            Line::raw(""),
            command("R", "fetch every feed now (dateline refresh does the same)"),
            Line::raw(""),
            Line::raw(" Or add more:"),
        ]);
    } else {
        lines.push(Line::raw(format!(
            " The store in {} is empty. To fill it:",
            state.data_dir
        )));
    }
    lines.extend([
        Line::raw(""),
        command(
            "dateline import FILE|DIR...",
            "wire copy, Markdown, HTML, JSON, JSONL",
        ),
        command(
            "dateline feed add URL",
            "subscribe to a feed (or a site that names one)",
        ),
        command("dateline opml import FILE", "every feed of an OPML list"),
        command(
            "dateline import-newsboat",
            "newsboat's feeds, read and starred articles",
        ),
        command("dateline demo", "try the built-in demo articles"),
        Line::raw(""),
        Line::styled(" Press ? for the keys, q to quit.", theme.hint),
    ]);
    lines
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_keeps_its_cursor_in_view() {
        let shown = |query: &str, back: usize, room: usize| {
            let (before, after) = around_cursor(query, back, room);
            assert!(
                width(&before) + width(&after) <= room,
                "{before:?} {after:?}"
            );
            (before, after)
        };
        assert_eq!(shown("harbour", 3, 20), ("harb".into(), "our".into()));
        let long = "the port authority met the ferry operators";
        // At the end: the end of the query; at the start: its start.
        assert_eq!(shown(long, 0, 12), ("…y operators".into(), String::new()));
        assert_eq!(
            shown(long, long.len(), 12),
            (String::new(), "the port au…".into())
        );
        // In the middle: both sides of it.
        let (before, after) = shown(long, 20, 12);
        assert!(
            before.ends_with("y met") && after.starts_with(" th"),
            "{before:?} {after:?}"
        );
        // Wide characters count two columns.
        let (before, after) = shown("東京都庁で会見した", 4, 9);
        assert_eq!((before.as_str(), after.as_str()), ("…庁で", "会…"));
    }

    #[test]
    fn dates_are_relative_when_recent() {
        let now = DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
            .unwrap()
            .to_utc();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        assert_eq!(short_date(at("2026-11-24T11:55:00Z"), now), "5m");
        assert_eq!(short_date(at("2026-11-24T09:00:00Z"), now), "3h");
        assert_eq!(short_date(at("2026-11-21T12:00:00Z"), now), "3d");
        assert_eq!(short_date(at("2026-02-03T12:00:00Z"), now), "3 Feb");
        assert_eq!(short_date(at("2025-02-03T12:00:00Z"), now), "2025");
    }

    #[test]
    fn the_chart_line_keeps_the_newest_days_and_the_total_in_any_width() {
        // 28 days, the newest (last) one distinct.
        let chart = format!("{}█", "▁".repeat(27));
        let width = |(a, b, c): &(String, String, String)| {
            a.chars().count() + b.chars().count() + c.chars().count()
        };
        let wide = chart_line("6 Dec", &chart, 3, 120);
        assert_eq!(wide.0, " a day, 4 weeks to 6 Dec ");
        assert_eq!(wide.1, format!("▕{chart}▏"));
        for room in [64, 47, 40, 20] {
            let fitted = chart_line("6 Dec", &chart, 3, room);
            assert!(width(&fitted) <= room, "{room}: {fitted:?}");
            assert!(fitted.1.ends_with("█▏"), "{room}: {fitted:?}");
            assert_eq!(fitted.2, " 3 in all");
        }
        // The list pane of a 120-column screen: the whole chart, without the label.
        let pane = chart_line("6 Dec", &chart, 3, 47);
        assert_eq!((pane.0.as_str(), pane.1.chars().count()), (" ", 30));
        assert_eq!(chart_line("6 Dec", &chart, 3, 50).0, " to 6 Dec ");
    }

    #[test]
    fn the_query_keeps_its_end_when_cut() {
        assert_eq!(tail_fit("port authority", 20), "port authority");
        assert_eq!(tail_fit("port authority", 8), "…thority");
    }
}
