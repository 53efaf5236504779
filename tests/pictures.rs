//! Lead pictures found and fetched: the picture of an RSS enclosure, a Media RSS thumbnail and a
//! page's `og:image` (fixtures in tests/fixtures/pictures/) as `show --json` gives it; and
//! pictures fetched from a real HTTP server on 127.0.0.1: cached on disk, served from the cache
//! the second time, refused with a reason when too large or not a picture.

mod common;

use std::path::Path;

use common::httpd::{Response, Server};
use common::{Sandbox, TestResult, fixtures};
use dateline::fetch::fulltext::fetch_full_text;
use dateline::library::Library;
use dateline::pictures::{PictureCache, PictureError, PictureSource};
use image::{ImageEncoder, Rgb, RgbImage};

/// A PNG made here: the top half red, the bottom half blue.
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |_, y| {
        if y < height / 2 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    });
    let mut bytes = Vec::new();
    let encoded = image::codecs::png::PngEncoder::new(&mut bytes).write_image(
        picture.as_raw(),
        width,
        height,
        image::ExtendedColorType::Rgb8,
    );
    assert!(encoded.is_ok(), "{encoded:?}");
    bytes
}

/// A PNG that does not compress: every pixel different.
fn noisy_png(side: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(side, side, |x, y| {
        let n = x
            .wrapping_mul(2_654_435_761)
            .wrapping_add(y.wrapping_mul(40_503));
        Rgb([(n >> 3) as u8, (n >> 11) as u8, (n >> 19) as u8])
    });
    let mut bytes = Vec::new();
    let encoded = image::codecs::png::PngEncoder::new(&mut bytes).write_image(
        picture.as_raw(),
        side,
        side,
        image::ExtendedColorType::Rgb8,
    );
    assert!(encoded.is_ok(), "{encoded:?}");
    bytes
}

fn image_of(article: &serde_json::Value) -> Option<&str> {
    article["image"].as_str()
}

#[test]
fn an_rss_image_enclosure_is_the_picture_resolved_and_a_script_is_not() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("pictures").join("enclosure.xml"))?;
    let cranes = sandbox.by_title("Cranes return to the quay")?;
    // The audio enclosure is passed over, and the relative address resolved against the feed.
    assert_eq!(
        image_of(&cranes),
        Some("https://harbour.example/photos/cranes.jpg"),
        "{cranes}"
    );
    let script = sandbox.by_title("A picture that is a script")?;
    assert!(script["image"].is_null(), "{script}");
    Ok(())
}

#[test]
fn a_media_thumbnail_in_a_group_is_the_picture() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("pictures").join("media_thumbnail.xml"))?;
    let bridge = sandbox.by_title("Bridge opens to traffic")?;
    assert_eq!(
        image_of(&bridge),
        Some("https://img.valley.example/bridge-still.jpg")
    );
    Ok(())
}

#[test]
fn a_pages_og_image_is_its_picture() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("pictures").join("og_image.html"))?;
    let ferry = sandbox.by_title("Ferry timetable changes")?;
    assert_eq!(
        image_of(&ferry),
        Some("https://island.example/media/ferry.png")
    );
    Ok(())
}

/// Imports JSON Lines text into the library at `dir`.
fn import_lines(dir: &Path, lines: &str) -> Result<(), Box<dyn std::error::Error>> {
    let file = dir.join("articles.jsonl");
    std::fs::write(&file, lines)?;
    let (mut library, _) = Library::open(dir)?;
    let planned = dateline::import::inputs_from_paths(&[file]);
    let report = dateline::import::import(&mut library, &planned.inputs)?;
    assert!(report.failed.is_empty(), "{report:?}");
    Ok(())
}

#[test]
fn the_full_text_brings_the_pages_og_image_unless_the_feed_gave_one() -> TestResult {
    let server = Server::start()?;
    let page = std::fs::read(fixtures().join("pictures").join("og_image.html"))?;
    server.route(
        "/news/ferry",
        Response::ok(page).header("Content-Type", "text/html; charset=utf-8"),
    );
    let dir = tempfile::tempdir()?;
    let url = server.url("/news/ferry");
    import_lines(
        dir.path(),
        &format!(
            "{{\"title\": \"Ferry times\", \"body\": \"Summary only.\", \"url\": \"{url}\"}}\n\
             {{\"title\": \"Ferry times again\", \"body\": \"Another summary.\", \"url\": \"{url}?2\", \
               \"image\": \"https://own.example/own.png\"}}\n"
        ),
    )?;
    let (mut library, _) = Library::open(dir.path())?;
    fetch_full_text(&mut library, 1)?;
    fetch_full_text(&mut library, 2)?;
    let fetched = library.get(1)?.ok_or("no article 1")?;
    assert_eq!(
        fetched.image.as_deref(),
        Some("https://island.example/media/ferry.png")
    );
    let own = library.get(2)?.ok_or("no article 2")?;
    assert_eq!(own.image.as_deref(), Some("https://own.example/own.png"));
    Ok(())
}

fn source_in(dir: &Path, max_bytes: usize) -> PictureSource {
    PictureSource::new(
        PictureCache::new(dir.join("images"), 10 * 1024 * 1024),
        max_bytes,
    )
}

#[test]
fn a_picture_is_fetched_once_then_read_from_the_disk_cache() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/p.png",
        Response::ok(png(64, 32)).header("Content-Type", "image/png"),
    );
    let dir = tempfile::tempdir()?;
    let source = source_in(dir.path(), 5 * 1024 * 1024);
    let url = server.url("/p.png");
    let first = source.load(&url)?;
    assert!(!first.from_cache);
    assert_eq!((first.image.width(), first.image.height()), (64, 32));
    assert!(
        source.cache().path_for(&url).is_file(),
        "not cached on disk"
    );
    assert_eq!(server.hits("/p.png"), 1);
    let second = source.load(&url)?;
    assert!(second.from_cache);
    assert_eq!((second.image.width(), second.image.height()), (64, 32));
    assert_eq!(
        server.hits("/p.png"),
        1,
        "the cached picture was fetched again"
    );
    // A fresh source over the same folder (the next start) finds it too.
    let again = source_in(dir.path(), 5 * 1024 * 1024).load(&url)?;
    assert!(again.from_cache);
    assert_eq!(server.hits("/p.png"), 1);
    Ok(())
}

#[test]
fn an_oversize_picture_is_refused_with_the_limit_and_not_kept() -> TestResult {
    let server = Server::start()?;
    let big = noisy_png(64);
    assert!(
        big.len() > 4096,
        "the noisy PNG compressed to {}",
        big.len()
    );
    server.route(
        "/big.png",
        Response::ok(big).header("Content-Type", "image/png"),
    );
    let dir = tempfile::tempdir()?;
    let source = source_in(dir.path(), 4096);
    let url = server.url("/big.png");
    let error = source
        .load(&url)
        .err()
        .ok_or("an oversize picture was taken")?;
    assert!(
        matches!(error, PictureError::TooLarge { limit: 4096 }),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "the picture is larger than 4 KB");
    assert!(!source.cache().path_for(&url).exists());
    Ok(())
}

#[test]
fn a_page_or_text_is_refused_as_not_a_picture_and_not_kept() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/page",
        Response::ok("<html><body>Hello</body></html>")
            .header("Content-Type", "text/html; charset=utf-8"),
    );
    server.route(
        "/mislabelled.png",
        Response::ok("just some words").header("Content-Type", "application/octet-stream"),
    );
    let dir = tempfile::tempdir()?;
    let source = source_in(dir.path(), 5 * 1024 * 1024);
    let page = server.url("/page");
    let error = source.load(&page).err().ok_or("a page was taken")?;
    assert_eq!(
        error.to_string(),
        "not a picture: the server sent text/html; charset=utf-8"
    );
    let words = server.url("/mislabelled.png");
    let error = source.load(&words).err().ok_or("text was taken")?;
    assert!(matches!(error, PictureError::NotAPicture(_)), "{error:?}");
    assert!(
        error.to_string().contains("not in a picture format"),
        "{error}"
    );
    assert!(!source.cache().path_for(&page).exists());
    assert!(!source.cache().path_for(&words).exists());
    // Only web addresses are fetched at all.
    let error = source
        .load("file:///etc/passwd")
        .err()
        .ok_or("a file was read")?;
    assert!(matches!(error, PictureError::BadUrl(_)), "{error:?}");
    Ok(())
}
