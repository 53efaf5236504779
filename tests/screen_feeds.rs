//! Reading through the feeds, as newsboat's `goto-next-feed` does: `.` in a feed with nothing
//! unread left goes on to the next feed in the sidebar that has unread articles and opens its
//! first. Drawn into ratatui's `TestBackend` over a real store and index.

mod common;
mod screen_support;

use anyhow::{Result, ensure};
use chrono::{TimeDelta, Utc};
use crossterm::event::KeyCode;
use dateline::article::ArticleDraft;
use dateline::library::Library;
use dateline::tui::source::ListSource;
use screen_support::Screen;

/// Three feeds of two items each; Beta's are read.
fn three_feeds(dir: &std::path::Path) -> Result<()> {
    let (mut library, _) = Library::open(dir)?;
    for (n, name, read) in [(1, "Alpha", false), (2, "Beta", true), (3, "Gamma", false)] {
        let feed = library.add_feed(&format!("https://example.org/{n}.xml"), name, None, &[])?;
        let now = Utc::now();
        let mut items: Vec<ArticleDraft> = ["older", "newer"]
            .iter()
            .enumerate()
            .map(|(age, which)| ArticleDraft {
                title: format!("{name} {which} story"),
                body: format!("The {which} story of the {name} desk."),
                guid: Some(format!("{name}-{which}")),
                published: now.checked_sub_signed(TimeDelta::hours(10 - age as i64)),
                ..ArticleDraft::default()
            })
            .collect();
        let outcome = library.add_feed_items(feed.id, &mut items, now)?;
        if read {
            library.set_read(&outcome.inserted, true)?;
        }
    }
    Ok(())
}

/// The screen over the three feeds, on Alpha's list (the sidebar's first entry).
fn on_alpha(width: u16, height: u16) -> Result<Screen> {
    let dir = tempfile::tempdir()?;
    three_feeds(dir.path())?;
    let mut screen = Screen::open_on(dir, "default", width, height)?;
    screen.press(KeyCode::Char('f'))?;
    screen.until_shown("Gamma")?;
    screen.press(KeyCode::Enter)?;
    screen.until_shown("Alpha older story")?;
    Ok(screen)
}

#[test]
fn next_unread_at_a_feeds_end_opens_the_next_feed_with_unread() -> Result<()> {
    let mut screen = on_alpha(100, 30)?;
    ensure!(
        matches!(screen.app.state.view().source, ListSource::Feed { ref name, .. } if name == "Alpha"),
        "{}",
        screen.snapshot()
    );
    // Read Alpha's two, then `.` has nothing left in Alpha and none in Beta: Gamma's newest.
    screen.press(KeyCode::Enter)?;
    screen.until_shown("The newer story of the Alpha desk.")?;
    screen.press(KeyCode::Char('.'))?;
    screen.until_shown("The older story of the Alpha desk.")?;
    screen.press(KeyCode::Char('.'))?;
    screen.until_shown("on to Gamma")?;
    screen.until_shown("The newer story of the Gamma desk.")?;
    ensure!(
        matches!(screen.app.state.view().source, ListSource::Feed { ref name, .. } if name == "Gamma"),
        "{}",
        screen.snapshot()
    );
    // Esc goes back to Gamma's list, then to the sidebar.
    screen.press(KeyCode::Esc)?;
    screen.press(KeyCode::Esc)?;
    screen.until_shown("Sidebar")?;
    Ok(())
}

#[test]
fn a_message_on_a_narrow_screen_takes_the_room_of_the_views_counts() -> Result<()> {
    let mut screen = on_alpha(60, 20)?;
    screen.press(KeyCode::Char('U'))?;
    let said = "only the unread: U shows every article again";
    // Said at the key, whole: the view's counts give it their room.
    let status = screen.row(19, 0);
    ensure!(
        status.contains("LIST") && status.contains(said),
        "{status:?}"
    );
    // With the message gone, the counts are back.
    screen.press(KeyCode::Char('j'))?;
    let status = screen.row(19, 0);
    ensure!(
        status.contains("unread in all") && status.contains("unread only"),
        "{status:?}"
    );
    Ok(())
}
