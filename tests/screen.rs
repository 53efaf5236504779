//! The screen drawn into ratatui's `TestBackend`: insta snapshots of every screen, and styles checked
//! cell by cell, over a real store and index holding the articles of `tests/fixtures/screen/`.

mod common;

use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dateline::config::theme::{ColorDepth, parse_style, reduce_color};
use dateline::config::{Config, Hyperlinks};
use dateline::import;
use dateline::library::Library;
use dateline::tui::update::Msg;
use dateline::tui::{App, Incoming, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthStr;

/// Articles in `tests/fixtures/screen/articles.jsonl`.
const ARTICLES: usize = 6;
/// In the wide layout at 120 columns the list takes 2/5 of the width: 47 columns and its border.
const WIDE_BORDER_X: u16 = 47;
/// The first column of the reader's text in that layout (the pane starts after the border, plus
/// one column of padding).
const WIDE_READER_X: u16 = 49;
/// What the welcome screen shows for the data directory in snapshots (the real one is a temp dir).
const SHOWN_DATA_DIR: &str = "~/.local/share/dateline";

/// Imports the fixture articles with entity recognition on, the way `dateline import` does.
fn fill(dir: &Path) -> Result<()> {
    let (mut library, _) = Library::open(dir)?;
    let file = common::fixtures().join("screen").join("articles.jsonl");
    let planned = import::inputs_from_paths(&[file]);
    ensure!(planned.failures.is_empty(), "{:?}", planned.failures);
    let report = import::import(&mut library, &planned.inputs)?;
    ensure!(
        report.imported.len() == ARTICLES && report.failed.is_empty() && report.notices.is_empty(),
        "import: {report:?}"
    );
    Ok(())
}

/// An app over its own data directory, drawing into memory.
struct Screen {
    app: App,
    events: Receiver<Incoming>,
    terminal: Terminal<TestBackend>,
    dir: tempfile::TempDir,
}

impl Screen {
    fn open(filled: bool, theme: &str, width: u16, height: u16) -> Result<Screen> {
        let dir = tempfile::tempdir()?;
        if filled {
            fill(dir.path())?;
        }
        let config = Config {
            hyperlinks: Hyperlinks::Never,
            ..Config::default()
        };
        let options = Options {
            data_dir: dir.path().to_path_buf(),
            config,
            themes_dir: None,
            theme: Some(theme.to_string()),
            notices: Vec::new(),
        };
        let (sender, events) = std::sync::mpsc::channel();
        let app = App::open(options, sender)?;
        let terminal = Terminal::new(TestBackend::new(width, height))?;
        let mut screen = Screen {
            app,
            events,
            terminal,
            dir,
        };
        screen.draw()?;
        // The exact counts follow the first frame from a thread of their own.
        loop {
            let incoming = screen
                .events
                .recv_timeout(Duration::from_secs(30))
                .context("no article counts within 30 s")?;
            let counted = matches!(&incoming, Incoming::Search(Msg::Totals(_)));
            screen.app.handle(incoming);
            if counted {
                break;
            }
        }
        screen.draw()?;
        Ok(screen)
    }

    fn draw(&mut self) -> Result<()> {
        self.app.draw(&mut self.terminal)
    }

    /// One key, then a frame, as the loop does.
    fn press(&mut self, code: KeyCode) -> Result<()> {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.app.handle(Incoming::Terminal(event));
        self.draw()
    }

    fn type_text(&mut self, text: &str) -> Result<()> {
        for c in text.chars() {
            self.press(KeyCode::Char(c))?;
        }
        Ok(())
    }

    /// `/`, the query a key at a time, and the worker's answer to the whole query applied.
    fn search(&mut self, query: &str) -> Result<()> {
        self.press(KeyCode::Char('/'))?;
        self.type_text(query)?;
        loop {
            let incoming = self
                .events
                .recv_timeout(Duration::from_secs(30))
                .context("no search results within 30 s")?;
            let newest = self.app.state.search.generation;
            let answered =
                matches!(&incoming, Incoming::Search(Msg::Searched(o)) if o.generation == newest);
            self.app.handle(incoming);
            if answered {
                return self.draw();
            }
        }
    }

    fn buffer(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    fn cell(&self, x: u16, y: u16) -> &Cell {
        &self.buffer()[(x, y)]
    }

    /// Row `y` from column `from`, one symbol per cell (a wide character's second cell is blank).
    fn row(&self, y: u16, from: u16) -> String {
        let area = self.buffer().area;
        (from..area.width)
            .map(|x| self.cell(x, y).symbol())
            .collect()
    }

    /// The list's part of row `y` in the wide layout at 120 columns.
    fn list_row(&self, y: u16) -> String {
        (0..WIDE_BORDER_X)
            .map(|x| self.cell(x, y).symbol())
            .collect()
    }

    /// Every place an ASCII `needle` starts at or right of column `from`.
    fn find(&self, needle: &str, from: u16) -> Vec<(u16, u16)> {
        let area = self.buffer().area;
        let chars: Vec<String> = needle.chars().map(String::from).collect();
        let mut found = Vec::new();
        for y in 0..area.height {
            for x in from..area.width {
                let fits = chars.iter().enumerate().all(|(i, c)| {
                    let at = x as usize + i;
                    at < usize::from(area.width) && self.cell(at as u16, y).symbol() == c
                });
                if fits {
                    found.push((x, y));
                }
            }
        }
        found
    }

    /// The cells of the first `needle` at or right of column `from`, failing when there is none.
    fn cells_of(&self, needle: &str, from: u16) -> Result<Vec<&Cell>> {
        let (x, y) = *self
            .find(needle, from)
            .first()
            .with_context(|| format!("{needle:?} is not on screen:\n{}", self.snapshot()))?;
        Ok((x..x + needle.len() as u16)
            .map(|x| self.cell(x, y))
            .collect())
    }

    fn contains(&self, text: &str) -> bool {
        let area = self.buffer().area;
        (0..area.height).any(|y| self.row(y, 0).contains(text))
    }

    /// The screen as a `TestBackend` shows it, less its notes on cells hidden under wide
    /// characters (a terminal never shows those).
    fn snapshot(&self) -> String {
        let text = self.terminal.backend().to_string();
        let lines: Vec<String> = text
            .lines()
            .map(
                |line| match line.split_once("\" Hidden by multi-width symbols: ") {
                    Some((kept, _)) => format!("{kept}\""),
                    None => line.to_string(),
                },
            )
            .collect();
        lines.join("\n")
    }

    /// The snapshot, after checking that the frames drawn so far (each one only what changed)
    /// left the screen exactly as drawing it afresh does: nothing stale shows.
    fn settled(&mut self) -> Result<String> {
        let drawn = self.snapshot();
        self.terminal.clear()?;
        self.draw()?;
        let fresh = self.snapshot();
        ensure!(drawn == fresh, "stale cells:\n{drawn}\nredrawn:\n{fresh}");
        Ok(drawn)
    }
}

/// The search header's timing (`3 matches · 0.4 ms`) as `#.# ms`, the line kept as wide.
fn without_timing(snapshot: &str) -> String {
    snapshot
        .lines()
        .map(|line| {
            let Some(ms) = line.find(" ms") else {
                return line.to_string();
            };
            let head = line[..ms].trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
            let number = &line[head.len()..ms];
            if number.len() < 3 || !head.ends_with("· ") {
                return line.to_string();
            }
            // `N matches · ` is right-aligned after a gap: the gap takes up the difference.
            let info = head
                .trim_end_matches("· ")
                .trim_end_matches(char::is_alphabetic)
                .trim_end_matches(' ')
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == ',')
                .len();
            let pad = " ".repeat(number.len() - 3);
            format!("{}{pad}{}#.#{}", &line[..info], &head[info..], &line[ms..])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each line of a `TestBackend` snapshot: the text between the quotes, without the note on cells
/// hidden under wide characters that may follow it.
fn snapshot_lines(snapshot: &str) -> Vec<String> {
    snapshot
        .lines()
        .filter_map(|line| {
            let line = line.split("\" Hidden by multi-width symbols: ").next()?;
            let line = line.strip_prefix('"')?;
            Some(line.strip_suffix('"').unwrap_or(line).to_string())
        })
        .collect()
}

/// The style a key of a built-in theme file gives, with colours reduced as the app reduces them.
fn theme_style(theme: &str, key: &str) -> Result<Style> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes")
        .join(format!("{theme}.toml"));
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(&path)?)?;
    let value = table
        .get(key)
        .and_then(|v| v.as_str())
        .with_context(|| format!("{} has no {key}", path.display()))?;
    let mut style = parse_style(value).map_err(anyhow::Error::msg)?;
    let depth = ColorDepth::detect();
    style.fg = style.fg.and_then(|c| reduce_color(c, depth));
    style.bg = style.bg.and_then(|c| reduce_color(c, depth));
    Ok(style)
}

/// True when this environment asks for no colour (NO_COLOR, TERM=dumb): the app then draws with
/// the mono theme whatever it is asked for, so colour checks do not apply.
fn colourless() -> bool {
    let mono = ColorDepth::detect() == ColorDepth::Mono;
    if mono {
        eprintln!("NO_COLOR or TERM=dumb is set: colour checks skipped");
    }
    mono
}

fn fg(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

fn bg(style: Style) -> Color {
    style.bg.unwrap_or(Color::Reset)
}

#[test]
fn list_wide() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    insta::assert_snapshot!("list_wide", screen.settled()?);
    // Newest first, each row with its year (every fixture is from 2021 or before).
    let titles: Vec<String> = (1..=ARTICLES as u16).map(|y| screen.list_row(y)).collect();
    for (row, year) in titles
        .iter()
        .zip(["2021", "2021", "2020", "2019", "2018", "2017"])
    {
        assert!(row.contains(year), "{row:?} should show {year}");
    }
    assert!(titles[0].contains("Rotterdam harbour pilots"), "{titles:?}");
    Ok(())
}

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
fn reader_wide() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.press(KeyCode::Enter)?;
    insta::assert_snapshot!("reader_wide", screen.settled()?);
    assert!(
        screen.row(29, 0).starts_with(" READ "),
        "{:?}",
        screen.row(29, 0)
    );
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
fn search_results_wide() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.search("harbour")?;
    insta::assert_snapshot!("search_wide", without_timing(&screen.settled()?));
    let header = screen.row(0, 0);
    assert!(header.contains("3 matches · "), "{header:?}");
    let rows: Vec<String> = (1..=4).map(|y| screen.list_row(y)).collect();
    for title in [
        "Rotterdam harbour",
        "Lisbon opens a night",
        "Oslo harbour ferry",
    ] {
        assert!(
            rows.iter().any(|r| r.contains(title)),
            "{title} not in {rows:?}"
        );
    }
    assert_eq!(rows[3].trim(), "", "only 3 rows: {rows:?}");
    Ok(())
}

#[test]
fn search_matches_are_marked_in_list_and_reader() -> Result<()> {
    if colourless() {
        return Ok(());
    }
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.search("harbour")?;
    let marked = theme_style("default", "search_match")?;
    assert_ne!(bg(marked), Color::Reset);
    // In the list: the word in an unselected row's title.
    let in_list: Vec<(u16, u16)> = screen
        .find("harbour", 0)
        .into_iter()
        .filter(|&(x, y)| x < WIDE_BORDER_X && y > 1)
        .collect();
    assert!(!in_list.is_empty(), "{}", screen.snapshot());
    for (x, y) in in_list {
        assert_eq!(screen.cell(x, y).bg, bg(marked));
        assert_eq!(
            screen.cell(x + 7, y).bg,
            Color::Reset,
            "only the word is marked"
        );
    }
    // Enter keeps the results, Enter opens the first: every `harbour` in its text is marked.
    screen.press(KeyCode::Enter)?;
    screen.press(KeyCode::Enter)?;
    insta::assert_snapshot!("search_reader_wide", without_timing(&screen.settled()?));
    let mut seen = 0;
    for word in ["harbour", "Harbour"] {
        for (x, y) in screen.find(word, WIDE_READER_X) {
            seen += 1;
            for x in x..x + 7 {
                let cell = screen.cell(x, y);
                assert_eq!(
                    (cell.fg, cell.bg),
                    (fg(marked), bg(marked)),
                    "{word} at {x},{y}"
                );
            }
        }
    }
    assert!(
        seen >= 2,
        "the open article shows harbour twice: {}",
        screen.snapshot()
    );
    // `n` steps to the first match and says where it is.
    screen.press(KeyCode::Char('n'))?;
    let status = screen.row(29, 0);
    assert!(status.contains("match 1 of "), "{status:?}");
    Ok(())
}

#[test]
fn entity_panel() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.press(KeyCode::Enter)?;
    screen.press(KeyCode::Char('e'))?;
    insta::assert_snapshot!("entities_wide", screen.settled()?);
    for heading in [
        "People (1)",
        "Organisations (1)",
        "Places (1)",
        "Other names (1)",
        "Dates (1)",
    ] {
        assert!(
            screen.contains(heading),
            "{heading}:\n{}",
            screen.snapshot()
        );
    }
    // Rotterdam is named twice (headline and body).
    let rotterdam = screen.row(screen.find("Rotterdam", WIDE_BORDER_X + 1)[0].1, 0);
    assert!(rotterdam.trim_end().ends_with('2'), "{rotterdam:?}");
    // Wide enough, the panel sits beside the text instead of over it.
    let mut wider = Screen::open(true, "default", 170, 30)?;
    wider.press(KeyCode::Enter)?;
    wider.press(KeyCode::Char('e'))?;
    insta::assert_snapshot!("entities_beside_text", wider.settled()?);
    assert!(wider.contains("Entities") && wider.contains("Jansen, who has guided"));
    Ok(())
}

#[test]
fn help() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.press(KeyCode::Char('?'))?;
    insta::assert_snapshot!("help_wide", screen.settled()?);
    assert!(
        screen.contains("In the list") && screen.contains("Search: results update as you type")
    );
    screen.press(KeyCode::Esc)?;
    assert!(screen.row(29, 0).starts_with(" LIST "));
    Ok(())
}

#[test]
fn narrow_list_then_full_screen_reader() -> Result<()> {
    let mut screen = Screen::open(true, "default", 80, 24)?;
    insta::assert_snapshot!("list_narrow", screen.settled()?);
    // No reader beside the list: the list has the full width (its dates end a space from the edge).
    assert!(
        screen.row(1, 0).ends_with("2021 "),
        "{:?}",
        screen.row(1, 0)
    );
    for line in snapshot_lines(&screen.snapshot()) {
        assert_eq!(line.width(), 80, "{line:?}");
    }
    screen.press(KeyCode::Enter)?;
    insta::assert_snapshot!("reader_narrow", screen.settled()?);
    assert!(screen.row(0, 0).starts_with(" Rotterdam harbour pilots"));
    assert!(
        !screen.contains(" Articles "),
        "the list is hidden while reading"
    );
    screen.press(KeyCode::Char('q'))?;
    assert!(
        screen.row(0, 0).starts_with(" Articles "),
        "q goes back to the list"
    );
    Ok(())
}

#[test]
fn cjk_and_arabic_articles_in_the_reader() -> Result<()> {
    let mut screen = Screen::open(true, "default", 80, 24)?;
    // The Kyoto article is the fourth, the Cairo article the second.
    for _ in 0..3 {
        screen.press(KeyCode::Char('j'))?;
    }
    screen.press(KeyCode::Enter)?;
    insta::assert_snapshot!("reader_cjk", screen.settled()?);
    assert!(screen.contains("Kyoto temple garden"));
    for line in snapshot_lines(&screen.snapshot()) {
        assert_eq!(line.width(), 80, "{line:?}");
    }
    screen.press(KeyCode::Char('q'))?;
    screen.press(KeyCode::Char('k'))?;
    screen.press(KeyCode::Char('k'))?;
    screen.press(KeyCode::Enter)?;
    insta::assert_snapshot!("reader_arabic", screen.settled()?);
    assert!(screen.contains("Cairo book fair"));
    for line in snapshot_lines(&screen.snapshot()) {
        assert_eq!(line.width(), 80, "{line:?}");
    }
    Ok(())
}

#[test]
fn welcome_on_an_empty_store() -> Result<()> {
    let mut screen = Screen::open(false, "default", 120, 30)?;
    assert!(screen.contains("Welcome to dateline."));
    // The real data directory is named (on a screen as wide as the narrow layout allows, which
    // shows all of a short temp dir's name); the snapshots show a fixed one in its place.
    let narrow = Screen::open(false, "default", 99, 24)?;
    let real = format!(" The store in {} is empty.", narrow.dir.path().display());
    let shown = narrow.row(4, 0);
    let room = real.chars().count().min(99);
    assert_eq!(
        shown.chars().take(room).collect::<String>(),
        real.chars().take(room).collect::<String>()
    );
    screen.app.state.data_dir = SHOWN_DATA_DIR.to_string();
    screen.draw()?;
    insta::assert_snapshot!("welcome_wide", screen.settled()?);
    let mut screen = Screen::open(false, "default", 80, 24)?;
    screen.app.state.data_dir = SHOWN_DATA_DIR.to_string();
    screen.draw()?;
    insta::assert_snapshot!("welcome_narrow", screen.settled()?);
    assert!(screen.contains(&format!("The store in {SHOWN_DATA_DIR} is empty")));
    Ok(())
}

#[test]
fn too_small() -> Result<()> {
    let mut screen = Screen::open(true, "default", 30, 10)?;
    insta::assert_snapshot!("too_small", screen.settled()?);
    assert!(screen.contains("30x10;"));
    assert!(!screen.contains("Rotterdam"));
    // Grown back, the list is drawn again.
    screen.terminal.backend_mut().resize(80, 24);
    screen.draw()?;
    assert!(
        screen.row(1, 0).contains("Rotterdam harbour pilots"),
        "{}",
        screen.snapshot()
    );
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
