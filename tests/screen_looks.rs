//! The screen drawn into ratatui's `TestBackend`, checked cell by cell: entities coloured by kind,
//! the mono theme telling kinds apart without colour, and rows aligned and kept to the screen's
//! width with CJK and Arabic text. The snapshots of each screen are in tests/screen.rs.

mod common;
mod screen_support;

use anyhow::Result;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use screen_support::{
    ARTICLES, Screen, WIDE_BORDER_X, WIDE_READER_X, bg, colourless, fg, snapshot_lines, theme_style,
};
use unicode_width::UnicodeWidthStr;

#[test]
fn rows_with_cjk_and_arabic_stay_aligned() -> Result<()> {
    let screen = Screen::open(true, "default", 120, 30)?;
    let cjk = screen.find("Kyoto", 0);
    let arabic = screen.find("Cairo", 0);
    assert!(cjk.iter().any(|&(x, _)| x < WIDE_BORDER_X), "no Kyoto row");
    assert!(
        arabic.iter().any(|&(x, _)| x < WIDE_BORDER_X),
        "no Cairo row"
    );
    for y in 1..=ARTICLES as u16 {
        // The border and the date column are in the same place on every row.
        assert_eq!(
            screen.cell(WIDE_BORDER_X, y).symbol(),
            "│",
            "row {y}: {:?}",
            screen.row(y, 0)
        );
        // The date column ends a space before the border.
        let year: String = (WIDE_BORDER_X - 6..WIDE_BORDER_X - 2)
            .map(|x| screen.cell(x, y).symbol())
            .collect();
        assert!(
            year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()),
            "row {y}: {year:?}"
        );
    }
    // And as the snapshot shows them: every line as wide as the screen.
    for line in snapshot_lines(&screen.snapshot()) {
        assert_eq!(line.width(), 120, "{line:?}");
    }
    Ok(())
}

#[test]
fn reader_colours_entities_by_kind() -> Result<()> {
    if colourless() {
        return Ok(());
    }
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.press(KeyCode::Enter)?;
    let person = theme_style("default", "person")?;
    let place = theme_style("default", "place")?;
    let organization = theme_style("default", "organization")?;
    assert_ne!(fg(person), Color::Reset);
    assert_ne!(fg(place), Color::Reset);
    assert_ne!(fg(person), fg(place));
    // The name is wrapped: `said Marta` ends a line, `Jansen, who` starts the next.
    for name in ["Marta", "Jansen"] {
        for cell in screen.cells_of(name, WIDE_READER_X)? {
            assert_eq!(cell.fg, fg(person), "{name}: {cell:?}");
        }
    }
    assert_eq!(
        screen.cells_of("Jansen, who", WIDE_READER_X)?[6].fg,
        Color::Reset
    );
    for cell in screen.cells_of("Kessel", WIDE_READER_X)? {
        assert_eq!(cell.fg, fg(organization), "{cell:?}");
    }
    // The body's first line: a place among plain words.
    let body = screen.cells_of("Harbour pilots in Rotterdam began", WIDE_READER_X)?;
    for cell in &body[18..27] {
        assert_eq!(cell.fg, fg(place), "Rotterdam: {cell:?}");
    }
    for cell in &body[8..14] {
        assert_eq!(cell.fg, Color::Reset, "pilots: {cell:?}");
        assert_eq!(cell.modifier, Modifier::empty(), "pilots: {cell:?}");
    }
    // The headline's place keeps the headline's weight and takes the place colour.
    let headline = screen.cells_of("Rotterdam harbour pilots try", WIDE_READER_X)?;
    assert_eq!(headline[0].fg, fg(place));
    assert!(headline[0].modifier.contains(Modifier::BOLD));
    assert_ne!(headline[10].fg, fg(place), "harbour is not a place");
    // `]` puts the cursor on the first entity: the headline's place, drawn in `current`.
    screen.press(KeyCode::Char(']'))?;
    let current = theme_style("default", "current")?;
    let headline = screen.cells_of("Rotterdam harbour pilots try", WIDE_READER_X)?;
    assert_eq!((headline[0].fg, headline[0].bg), (fg(current), bg(current)));
    assert_eq!(headline[10].bg, Color::Reset);
    Ok(())
}

#[test]
fn mono_theme_tells_entity_kinds_apart_without_colour() -> Result<()> {
    let mut screen = Screen::open(true, "mono", 120, 30)?;
    screen.press(KeyCode::Enter)?;
    let buffer = screen.buffer();
    for cell in &buffer.content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    let mut kinds: Vec<(&str, Modifier)> = Vec::new();
    for (kind, name) in [
        ("person", "Jansen"),
        ("organization", "Kessel"),
        ("place", "in Rotterdam"),
        ("misc", "Dutch"),
        ("date", "Monday"),
    ] {
        let cells = screen.cells_of(name, WIDE_READER_X)?;
        let cells = if name.starts_with("in ") {
            &cells[3..]
        } else {
            &cells[..]
        };
        let modifier = cells[0].modifier;
        assert!(
            cells.iter().all(|c| c.modifier == modifier),
            "{name}: {cells:?}"
        );
        assert_ne!(
            modifier,
            Modifier::empty(),
            "{kind} must not look like plain text"
        );
        let expected = theme_style("mono", kind)?.add_modifier;
        assert_eq!(modifier, expected, "{kind}");
        kinds.push((kind, modifier));
    }
    for (i, (a, left)) in kinds.iter().enumerate() {
        for (b, right) in &kinds[i + 1..] {
            assert_ne!(left, right, "{a} and {b} look the same");
        }
    }
    Ok(())
}

#[test]
fn smallest_screen_keeps_every_line_in_its_width() -> Result<()> {
    let mut screen = Screen::open(true, "default", 40, 12)?;
    let mut seen = Vec::new();
    seen.push(screen.settled()?);
    // The Kyoto article: its headline, wider than the screen, wraps between CJK and Latin text.
    for _ in 0..3 {
        screen.press(KeyCode::Char('j'))?;
    }
    screen.press(KeyCode::Enter)?;
    let reader = screen.settled()?;
    assert!(
        reader.contains("\" 京都の庭園が再開 Kyoto temple garden   \""),
        "{reader}"
    );
    seen.push(reader);
    screen.press(KeyCode::Char('e'))?;
    seen.push(screen.settled()?);
    screen.press(KeyCode::Char('?'))?;
    seen.push(screen.settled()?);
    for snapshot in &seen {
        let lines = snapshot_lines(snapshot);
        assert_eq!(lines.len(), 12);
        for line in lines {
            assert_eq!(line.width(), 40, "{line:?} in\n{snapshot}");
        }
    }
    Ok(())
}
