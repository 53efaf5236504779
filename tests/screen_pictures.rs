//! The lead picture in the reader, drawn into ratatui's `TestBackend` with the half-block
//! protocol (the others are escape sequences a test buffer cannot show): the picture fills the
//! top of the reader pane and the text starts below it; with pictures off (`images = "never"`)
//! nothing is fetched and nothing drawn. The picture comes from a real HTTP server on 127.0.0.1.

mod common;

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use common::httpd::{Response, Server};
use dateline::config::{Config, Hyperlinks, Images};
use dateline::library::Library;
use dateline::tui::pictures::{detect, halfblocks_picker};
use dateline::tui::update::Msg;
use dateline::tui::{App, Incoming, Options};
use image::{ImageEncoder, Rgb, RgbImage};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// 120 columns: the list and the reader side by side, the selected article in the reader.
const WIDTH: u16 = 120;
const HEIGHT: u16 = 30;
/// The reader pane's first column of text at 120 columns (see tests/screen_support).
const READER_X: u16 = 49;
const TITLE: &str = "Cranes return to the quay";

/// A 200x100 PNG made here: the top half red, the bottom half blue.
fn png() -> Result<Vec<u8>> {
    let picture = RgbImage::from_fn(200, 100, |_, y| {
        if y < 50 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    });
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes).write_image(
        picture.as_raw(),
        200,
        100,
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(bytes)
}

struct PictureScreen {
    app: App,
    events: Receiver<Incoming>,
    terminal: Terminal<TestBackend>,
    server: Server,
    _dir: tempfile::TempDir,
}

impl PictureScreen {
    /// A store with one article whose feed gave it a picture on the test server, and the screen
    /// over it with `picker`'s pictures (none for `None`).
    fn open(pictures: Option<ratatui_image::picker::Picker>) -> Result<PictureScreen> {
        let server = Server::start()?;
        server.route(
            "/cranes.png",
            Response::ok(png()?).header("Content-Type", "image/png"),
        );
        let dir = tempfile::tempdir()?;
        let feed = dir.path().join("harbour.xml");
        std::fs::write(
            &feed,
            format!(
                "<rss version=\"2.0\"><channel><title>Harbour</title><item>\
                 <title>{TITLE}</title><guid>cranes</guid>\
                 <description>The cranes are back after the storm.</description>\
                 <enclosure url=\"{}\" type=\"image/png\"/></item></channel></rss>",
                server.url("/cranes.png")
            ),
        )?;
        let (mut library, _) = Library::open(dir.path())?;
        let planned = dateline::import::inputs_from_paths(&[feed]);
        let report = dateline::import::import(&mut library, &planned.inputs)?;
        ensure!(report.imported.len() == 1, "{report:?}");
        drop(library);
        let options = Options {
            data_dir: dir.path().to_path_buf(),
            config: Config {
                hyperlinks: Hyperlinks::Never,
                ..Config::default()
            },
            themes_dir: None,
            theme: Some("default".into()),
            notices: Vec::new(),
            opening: None,
        };
        let (sender, events) = channel();
        let mut app = App::open(options, sender)?;
        app.set_pictures(pictures);
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT))?;
        let mut screen = PictureScreen {
            app,
            events,
            terminal,
            server,
            _dir: dir,
        };
        screen.app.draw(&mut screen.terminal)?;
        Ok(screen)
    }

    /// Applies what reaches the loop, drawing after each, until `done` holds or `wait` passes.
    fn settle_until(
        &mut self,
        wait: Duration,
        done: impl Fn(&PictureScreen) -> bool,
    ) -> Result<()> {
        let until = Instant::now() + wait;
        while !done(self) {
            let left = until.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(incoming) => {
                    if let Incoming::Search(Msg::Picture { result: Err(e), .. }) = &incoming {
                        anyhow::bail!("the picture failed: {e}");
                    }
                    self.app.handle(incoming);
                    self.app.draw(&mut self.terminal)?;
                }
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    fn buffer(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    fn reader_row(&self, y: u16) -> String {
        (READER_X..WIDTH)
            .map(|x| self.buffer()[(x, y)].symbol().to_string())
            .collect()
    }

    /// The first row of the reader that holds `text`.
    fn row_of(&self, text: &str) -> Option<u16> {
        (0..HEIGHT).find(|&y| self.reader_row(y).contains(text))
    }

    /// Cells of reader row `y` drawn as half blocks: a half block (`▀`, `▄`) or a space, its
    /// two halves' colours as true colours (no theme colour is one).
    fn half_blocks(&self, y: u16) -> usize {
        (READER_X..WIDTH)
            .map(|x| &self.buffer()[(x, y)])
            .filter(|cell| matches!(cell.symbol(), "▀" | "▄" | " "))
            .filter(|cell| matches!(cell.bg, Color::Rgb(..)))
            .count()
    }

    /// The colour drawn at reader cell `(x, y)` behind its half block.
    fn lower_colour(&self, x: u16, y: u16) -> Color {
        self.buffer()[(READER_X + x, y)].bg
    }
}

#[test]
fn the_picture_is_drawn_above_the_text_when_it_arrives() -> Result<()> {
    let mut screen = PictureScreen::open(Some(halfblocks_picker()))?;
    screen.settle_until(Duration::from_secs(10), |s| s.row_of(TITLE).is_some())?;
    screen.settle_until(Duration::from_secs(20), |s| s.app.state.picture.is_some())?;
    let picture = screen
        .app
        .state
        .picture
        .as_ref()
        .context("no picture arrived within 20 s")?;
    let rows = picture.rows();
    // 200x100 pixels in cells of 10x20: 20 columns by 5 rows, well inside the pane.
    ensure!(rows == 5, "the picture takes {rows} rows");
    screen.app.draw(&mut screen.terminal)?;
    for y in 0..rows {
        let blocks = screen.half_blocks(y);
        ensure!(
            blocks == 20,
            "row {y} has {blocks} half blocks: {:?}",
            screen.reader_row(y)
        );
    }
    // Red above, blue below: the picture's own colours, not a placeholder.
    let reddish = |c| matches!(c, Color::Rgb(r, _, b) if r > 150 && b < 100);
    let bluish = |c| matches!(c, Color::Rgb(r, _, b) if b > 150 && r < 100);
    let (top, bottom) = (screen.lower_colour(0, 0), screen.lower_colour(19, rows - 1));
    ensure!(reddish(top), "top left: {top:?}");
    ensure!(bluish(bottom), "bottom right: {bottom:?}");
    let title = screen.row_of(TITLE).context("the title is gone")?;
    ensure!(
        title > rows,
        "the title is on row {title}, under a picture of {rows} rows"
    );
    ensure!(
        screen.half_blocks(title) == 0,
        "the picture runs into the text"
    );
    ensure!(screen.server.hits("/cranes.png") == 1);
    Ok(())
}

#[test]
fn with_images_never_nothing_is_fetched_or_drawn() -> Result<()> {
    let mut screen = PictureScreen::open(detect(Images::Never))?;
    ensure!(!screen.app.state.settings.pictures);
    screen.settle_until(Duration::from_secs(10), |s| s.row_of(TITLE).is_some())?;
    // Time for a picture to come, had one been asked for.
    screen.settle_until(Duration::from_millis(500), |_| false)?;
    ensure!(screen.app.state.picture.is_none());
    ensure!(
        screen.server.hits("/cranes.png") == 0,
        "the picture was fetched"
    );
    let title = screen.row_of(TITLE).context("no title shown")?;
    ensure!(title == 0, "the title is on row {title}, not at the top");
    let blocks: usize = (0..HEIGHT).map(|y| screen.half_blocks(y)).sum();
    ensure!(blocks == 0, "{blocks} half blocks drawn");
    Ok(())
}
