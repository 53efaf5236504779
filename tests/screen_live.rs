//! The screen's list stays true while the store changes under it: articles that another process
//! imports reach the open screen with no key pressed (the header, the rows, the unread count and
//! the search box all see them) and the selected article stays selected. Drawn into ratatui's
//! `TestBackend` over a real store and index; the import is the real binary.

mod common;
mod screen_support;

use std::path::Path;
use std::process::Command;

use anyhow::{Result, ensure};
use chrono::Utc;
use crossterm::event::KeyCode;
use dateline::article::ArticleDraft;
use dateline::library::Library;
use dateline::tui::update::Msg;
use dateline::tui::{Incoming, source::ListSource};
use screen_support::{ARTICLES, Screen, WIDE_BORDER_X};

/// Articles in `tests/fixtures/screen/more.jsonl`, and how many of them say "doping".
const MORE: usize = 5;
const DOPING: usize = 3;

/// `dateline import` of more.jsonl into `data`, in a process of its own.
fn import_elsewhere(data: &Path) -> Result<()> {
    let file = common::fixtures().join("screen").join("more.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("--data-dir")
        .arg(data)
        .args(["import", "--json"])
        .arg(&file)
        .env_remove("DATELINE_DATA_DIR")
        .env("XDG_CONFIG_HOME", data.join("no-config"))
        .output()?;
    ensure!(
        output.status.success(),
        "import: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

fn store_changed(incoming: &Incoming) -> bool {
    matches!(incoming, Incoming::Search(Msg::StoreChanged { .. }))
}

/// The titles in the list's rows on screen.
fn listed(screen: &Screen) -> Vec<String> {
    (1..29)
        .map(|y| screen.list_row(y).trim().to_string())
        .filter(|row| !row.is_empty())
        .collect()
}

#[test]
fn an_import_elsewhere_reaches_the_open_screen() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.press(KeyCode::Char('j'))?;
    let chosen = screen.app.state.list().selected_row().map(|r| r.id);
    import_elsewhere(screen.dir.path())?;
    let total = ARTICLES + MORE;
    screen.until_shown(&format!(" Articles {total}"))?;
    let status = screen.row(29, 0);
    ensure!(
        status.contains(&format!("/{total} ")) && status.contains(&format!("· {total} unread")),
        "the position and the unread count agree with the header: {status:?}"
    );
    ensure!(
        screen.app.state.list().selected_row().map(|r| r.id) == chosen,
        "the selected article stays selected"
    );
    let rows = listed(&screen);
    ensure!(rows.len() == total, "every row is on screen: {rows:#?}");
    ensure!(rows[0].contains("Cycling team suspends"), "{rows:#?}");
    // The search box finds them: the worker looks at the index again. The store's count can
    // reach the screen before the index's commit does (a loaded machine); the search on screen
    // is asked again when it does.
    screen.search("doping")?;
    screen.until_shown(&format!("{DOPING} matches"))?;
    screen.press(KeyCode::Esc)?;
    ensure!(screen.row(0, 0).contains(&format!(" Articles {total}")));
    ensure!(listed(&screen).len() == total, "{}", screen.snapshot());
    Ok(())
}

#[test]
fn a_search_on_screen_takes_in_what_arrives() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.search("doping")?;
    ensure!(
        screen.row(0, 0).contains("0 matches"),
        "{}",
        screen.snapshot()
    );
    import_elsewhere(screen.dir.path())?;
    screen.until_shown(&format!("{DOPING} matches"))?;
    let rows = listed(&screen);
    ensure!(rows.len() == DOPING, "{rows:#?}");
    ensure!(
        screen.app.state.view().source
            == ListSource::Query {
                text: "doping".into()
            },
        "still the same search"
    );
    Ok(())
}

#[test]
fn a_flag_set_elsewhere_shows_in_the_row() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    let first = screen
        .app
        .state
        .list()
        .selected_row()
        .map(|r| r.id)
        .unwrap_or_default();
    {
        let (mut other, _) = Library::open(screen.dir.path())?;
        other.set_starred(&[first], true)?;
    }
    screen.until("the change", store_changed)?;
    let row = screen.list_row(1);
    ensure!(row.chars().nth(1) == Some('★'), "{row:?}");
    Ok(())
}

#[test]
fn the_feed_list_has_the_wide_screen_to_itself() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    {
        let (mut other, _) = Library::open(screen.dir.path())?;
        let feed = other.add_feed("https://example.org/rss", "Example", None, &[])?;
        let mut items = [ArticleDraft {
            title: "Feed item a".into(),
            body: "Body.".into(),
            guid: Some("a".into()),
            published: Some(Utc::now()),
            ..ArticleDraft::default()
        }];
        other.add_feed_items(feed.id, &mut items, Utc::now())?;
    }
    screen.until("the feed's article", store_changed)?;
    // The reader beside the list shows the selected article, with the list's border.
    ensure!(screen.cell(WIDE_BORDER_X, 1).symbol() == "│");
    screen.press(KeyCode::Char('f'))?;
    // Not `settled()`: the rows moved down under the wide characters of the Kyoto title, whose
    // hidden halves `TestBackend` keeps where a terminal clears them.
    let feeds = screen.snapshot();
    ensure!(screen.row(0, 0).starts_with(" Sidebar"), "{feeds}");
    ensure!(screen.row(1, 0).starts_with(" ▾ Feeds (1)"), "{feeds}");
    for y in 0..29 {
        let beside = screen.row(y, WIDE_BORDER_X);
        // The hints (row 0) and the feed's line (row 2) reach the right edge.
        ensure!(
            beside.trim().is_empty() || y == 0 || y == 2,
            "row {y}: {beside:?}\n{feeds}"
        );
    }
    // Opening the feed lists its article, the reader beside it.
    screen.press(KeyCode::Enter)?;
    ensure!(
        screen.row(0, 0).starts_with(" Example 1"),
        "{}",
        screen.snapshot()
    );
    ensure!(
        screen.find("Feed item a", WIDE_BORDER_X).len() == 1,
        "{}",
        screen.snapshot()
    );
    Ok(())
}

#[test]
fn saved_search_counts_in_the_sidebar_take_in_what_arrives() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    {
        let (mut other, _) = Library::open(screen.dir.path())?;
        other.add_saved_search("Doping", "doping", false)?;
    }
    screen.until("the saved search", store_changed)?;
    screen.press(KeyCode::Char('f'))?;
    screen.until_shown("Doping")?;
    let before = screen.snapshot();
    import_elsewhere(screen.dir.path())?;
    screen.until_shown(&format!("{} unread", ARTICLES + MORE))?;
    let row = screen.find("Doping", 0);
    ensure!(row.len() == 1, "{}", screen.snapshot());
    let line = screen.row(row[0].1, 0);
    ensure!(
        line.contains(&format!("{DOPING} / {DOPING}")),
        "the saved search counts the {DOPING} articles that arrived: {line:?}\nbefore:\n{before}\nafter:\n{}",
        screen.snapshot()
    );
    Ok(())
}
