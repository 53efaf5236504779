//! Helpers shared by the screen tests (tests/screen.rs, tests/screen_looks.rs): an app over a
//! store filled from `tests/fixtures/screen/`, drawn into ratatui's `TestBackend`, and the cells,
//! rows and snapshots read back from it.

#![allow(dead_code)]

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
use ratatui::style::{Color, Style};

use crate::common;

/// Articles in `tests/fixtures/screen/articles.jsonl`.
pub const ARTICLES: usize = 6;
/// In the wide layout at 120 columns the list takes 2/5 of the width: 47 columns and its border.
pub const WIDE_BORDER_X: u16 = 47;
/// The first column of the reader's text in that layout (the pane starts after the border, plus
/// one column of padding).
pub const WIDE_READER_X: u16 = 49;
/// What the welcome screen shows for the data directory in snapshots (the real one is a temp dir).
pub const SHOWN_DATA_DIR: &str = "~/.local/share/dateline";

/// Imports the fixture articles with entity recognition on, the way `dateline import` does.
pub fn fill(dir: &Path) -> Result<()> {
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
pub struct Screen {
    pub app: App,
    events: Receiver<Incoming>,
    pub terminal: Terminal<TestBackend>,
    pub dir: tempfile::TempDir,
}

impl Screen {
    pub fn open(filled: bool, theme: &str, width: u16, height: u16) -> Result<Screen> {
        let dir = tempfile::tempdir()?;
        if filled {
            fill(dir.path())?;
        }
        Screen::open_on(dir, theme, width, height)
    }

    /// The screen over a data directory the caller filled.
    pub fn open_on(dir: tempfile::TempDir, theme: &str, width: u16, height: u16) -> Result<Screen> {
        let config = Config {
            hyperlinks: Hyperlinks::Never,
            ..Config::default()
        };
        Screen::open_with(dir, config, theme, width, height)
    }

    /// The screen over a data directory the caller filled, with a config of the caller's.
    pub fn open_with(
        dir: tempfile::TempDir,
        config: Config,
        theme: &str,
        width: u16,
        height: u16,
    ) -> Result<Screen> {
        let options = Options {
            data_dir: dir.path().to_path_buf(),
            config,
            themes_dir: None,
            theme: Some(theme.to_string()),
            notices: Vec::new(),
            opening: None,
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

    pub fn draw(&mut self) -> Result<()> {
        self.app.draw(&mut self.terminal)
    }

    /// One key, then a frame, as the loop does.
    pub fn press(&mut self, code: KeyCode) -> Result<()> {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.app.handle(Incoming::Terminal(event));
        self.draw()
    }

    pub fn type_text(&mut self, text: &str) -> Result<()> {
        for c in text.chars() {
            self.press(KeyCode::Char(c))?;
        }
        Ok(())
    }

    /// `/`, the query a key at a time, and the worker's answer to the whole query applied.
    pub fn search(&mut self, query: &str) -> Result<()> {
        self.press(KeyCode::Char('/'))?;
        self.type_text(query)?;
        self.search_answered()
    }

    /// Applies what reaches the loop until the answer to the newest query is in, then draws.
    pub fn search_answered(&mut self) -> Result<()> {
        loop {
            let incoming = self
                .events
                .recv_timeout(Duration::from_secs(30))
                .context("no search results within 30 s")?;
            let newest = self.app.state.generation;
            let answered =
                matches!(&incoming, Incoming::Search(Msg::Searched(o)) if o.generation == newest);
            self.app.handle(incoming);
            if answered {
                return self.draw();
            }
        }
    }

    /// Applies what reaches the loop until a message `done` says so has been applied, then
    /// draws: as the loop does with no key pressed.
    pub fn until(&mut self, what: &str, done: impl Fn(&Incoming) -> bool) -> Result<()> {
        loop {
            let incoming = self
                .events
                .recv_timeout(Duration::from_secs(30))
                .with_context(|| format!("waited 30 s for {what}"))?;
            let finished = done(&incoming);
            self.app.handle(incoming);
            if finished {
                return self.draw();
            }
        }
    }

    /// Applies what reaches the loop until the screen shows `text`.
    pub fn until_shown(&mut self, text: &str) -> Result<()> {
        while !self.contains(text) {
            let incoming = self
                .events
                .recv_timeout(Duration::from_secs(30))
                .with_context(|| format!("waited 30 s for {text:?}:\n{}", self.snapshot()))?;
            self.app.handle(incoming);
            self.draw()?;
        }
        Ok(())
    }

    pub fn buffer(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    pub fn cell(&self, x: u16, y: u16) -> &Cell {
        &self.buffer()[(x, y)]
    }

    /// Row `y` from column `from`, one symbol per cell (a wide character's second cell is blank).
    pub fn row(&self, y: u16, from: u16) -> String {
        let area = self.buffer().area;
        (from..area.width)
            .map(|x| self.cell(x, y).symbol())
            .collect()
    }

    /// The list's part of row `y` in the wide layout at 120 columns.
    pub fn list_row(&self, y: u16) -> String {
        (0..WIDE_BORDER_X)
            .map(|x| self.cell(x, y).symbol())
            .collect()
    }

    /// Every place an ASCII `needle` starts at or right of column `from`.
    pub fn find(&self, needle: &str, from: u16) -> Vec<(u16, u16)> {
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
    pub fn cells_of(&self, needle: &str, from: u16) -> Result<Vec<&Cell>> {
        let (x, y) = *self
            .find(needle, from)
            .first()
            .with_context(|| format!("{needle:?} is not on screen:\n{}", self.snapshot()))?;
        Ok((x..x + needle.len() as u16)
            .map(|x| self.cell(x, y))
            .collect())
    }

    pub fn contains(&self, text: &str) -> bool {
        let area = self.buffer().area;
        (0..area.height).any(|y| self.row(y, 0).contains(text))
    }

    /// The screen as a `TestBackend` shows it, less its notes on cells hidden under wide
    /// characters (a terminal never shows those).
    pub fn snapshot(&self) -> String {
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
    pub fn settled(&mut self) -> Result<String> {
        let drawn = self.snapshot();
        self.terminal.clear()?;
        self.draw()?;
        let fresh = self.snapshot();
        ensure!(drawn == fresh, "stale cells:\n{drawn}\nredrawn:\n{fresh}");
        Ok(drawn)
    }
}

/// The search header's timing (`3 matches · 0.4 ms`) as `#.# ms`, the line kept as wide.
pub fn without_timing(snapshot: &str) -> String {
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
            // (A search slower than 10 ms, as on a loaded machine, has a wider number.)
            let info = head
                .trim_end_matches("· ")
                .trim_end_matches(' ')
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
pub fn snapshot_lines(snapshot: &str) -> Vec<String> {
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
pub fn theme_style(theme: &str, key: &str) -> Result<Style> {
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
pub fn colourless() -> bool {
    let mono = ColorDepth::detect() == ColorDepth::Mono;
    if mono {
        eprintln!("NO_COLOR or TERM=dumb is set: colour checks skipped");
    }
    mono
}

pub fn fg(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

pub fn bg(style: Style) -> Color {
    style.bg.unwrap_or(Color::Reset)
}
