//! Pictures in a real terminal: the binary in a private tmux server (detached, so no terminal
//! behind tmux answers the picture question). It must lose no key to the question, fetch nothing
//! by default there, and with `images = "always"` draw the picture in half blocks above the
//! text. The picture is served by the test HTTP server on 127.0.0.1. Skipped without tmux.

mod common;
mod tmux_support;

use std::path::{Path, PathBuf};

use anyhow::{Result, ensure};
use common::httpd::{Response, Server};
use image::{ImageEncoder, Rgb, RgbImage};
use tmux_support::{Tmux, dateline, start_dateline_showing, tmux_installed};

const TITLE: &str = "Cranes return to the quay";

/// A gradient made here, so that every cell's two halves differ and show as `▀` or `▄`.
fn gradient_png() -> Result<Vec<u8>> {
    let (width, height) = (160, 80);
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 160])
    });
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes).write_image(
        picture.as_raw(),
        width,
        height,
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(bytes)
}

/// A store holding one article whose feed gave it the server's picture; `images` is written to
/// the config when given.
fn store_with_picture(tmux: &Tmux, server: &Server, images: Option<&str>) -> Result<PathBuf> {
    server.route(
        "/cranes.png",
        Response::ok(gradient_png()?).header("Content-Type", "image/png"),
    );
    let feed = tmux.dir.path().join("harbour.xml");
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
    if let Some(images) = images {
        let config = tmux.dir.path().join("config").join("dateline");
        std::fs::create_dir_all(&config)?;
        std::fs::write(
            config.join("config.toml"),
            format!("images = \"{images}\"\n"),
        )?;
    }
    let data = tmux.dir.path().join("data");
    dateline(tmux, &data, &["import", &feed.to_string_lossy()])?;
    Ok(data)
}

fn half_blocks(screen: &str) -> usize {
    screen.chars().filter(|c| matches!(c, '▀' | '▄')).count()
}

fn start(tmux: &Tmux, data: &Path) -> Result<()> {
    start_dateline_showing(tmux, data, &[], 1)?;
    Ok(())
}

#[test]
fn unanswered_the_question_costs_no_key_and_no_picture_is_fetched() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let server = Server::start()?;
    let data = store_with_picture(&tmux, &server, None)?;
    start(&tmux, &data)?;
    // The first key after the screen appears reaches it: nothing is left reading the keyboard.
    tmux.type_text("?")?;
    tmux.wait_for_text("Help: q or Esc closes")?;
    tmux.keys(&["Escape"])?;
    let screen = tmux.wait_for_text(TITLE)?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    ensure!(
        server.hits("/cranes.png") == 0,
        "fetched a picture it cannot show"
    );
    ensure!(half_blocks(&tmux.capture()?) == 0, "{screen}");
    Ok(())
}

#[test]
fn images_always_draws_half_blocks_above_the_text() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let server = Server::start()?;
    let data = store_with_picture(&tmux, &server, Some("always"))?;
    start(&tmux, &data)?;
    let screen = tmux.wait_for("the picture", |s| half_blocks(s) > 0)?;
    let lines: Vec<&str> = screen.lines().collect();
    let picture_rows: Vec<usize> = (0..lines.len())
        .filter(|&y| half_blocks(lines[y]) > 0)
        .collect();
    // 160x80 pixels in the 10x20 cells assumed without an answer: 16 columns, 4 rows, on top.
    ensure!(picture_rows == [0, 1, 2, 3], "{picture_rows:?}\n{screen}");
    ensure!(half_blocks(lines[0]) == 16, "{screen}");
    let title = lines
        .iter()
        .rposition(|line| line.contains(TITLE))
        .unwrap_or(0);
    ensure!(title > 4, "the title is not under the picture:\n{screen}");
    ensure!(server.hits("/cranes.png") == 1);
    Ok(())
}
