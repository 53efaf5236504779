//! The screen drawn into ratatui's `TestBackend`: insta snapshots of every screen, over a real store
//! and index holding the articles of `tests/fixtures/screen/`. The checks of colours, themes and
//! widths cell by cell are in tests/screen_looks.rs; the helpers of both in tests/screen_support/.

mod common;
mod screen_support;

use anyhow::Result;
use crossterm::event::KeyCode;
use ratatui::style::Color;
use screen_support::{
    ARTICLES, SHOWN_DATA_DIR, Screen, WIDE_BORDER_X, WIDE_READER_X, bg, colourless, fg,
    snapshot_lines, theme_style, without_timing,
};
use unicode_width::UnicodeWidthStr;

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
    // The first is the cursor's (it opens there, as `less` does after a search).
    let current = theme_style("default", "current")?;
    let mut seen = Vec::new();
    for word in ["harbour", "Harbour"] {
        for (x, y) in screen.find(word, WIDE_READER_X) {
            let cell = screen.cell(x, y);
            seen.push(((y, x), cell.bg == bg(current)));
            let style = if cell.bg == bg(current) {
                current
            } else {
                marked
            };
            for x in x..x + 7 {
                let cell = screen.cell(x, y);
                assert_eq!(
                    (cell.fg, cell.bg),
                    (fg(style), bg(style)),
                    "{word} at {x},{y}"
                );
            }
        }
    }
    seen.sort();
    let cursor: Vec<bool> = seen.iter().map(|(_, current)| *current).collect();
    assert!(
        cursor.len() >= 2 && cursor[0] && !cursor[1..].contains(&true),
        "the open article shows harbour twice, the first under the cursor: {}",
        screen.snapshot()
    );
    // `n` steps on to the second match and says where it is.
    screen.press(KeyCode::Char('n'))?;
    let status = screen.row(29, 0);
    assert!(status.contains("match 2 of "), "{status:?}");
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
        "Places (2)",
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
fn welcome_with_feeds_subscribed_but_not_fetched_says_r_fetches_them() -> Result<()> {
    let dir = tempfile::tempdir()?;
    {
        let (mut library, _) = dateline::library::Library::open(dir.path())?;
        for n in 1..=3 {
            let url = format!("http://127.0.0.1:9/feed-{n}.xml");
            library.add_feed(&url, &format!("Feed {n}"), None, &[])?;
        }
    }
    let screen = Screen::open_on(dir, "default", 120, 30)?;
    assert!(screen.contains("has no articles yet, but 3 feeds are subscribed:"));
    assert!(screen.contains("fetch every feed now"));
    assert!(!screen.contains("is empty"));
    Ok(())
}

#[test]
fn a_list_of_only_the_unread_read_to_the_end_is_not_an_empty_store() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    screen.press(KeyCode::Char('U'))?;
    screen.until_shown("only the unread")?;
    screen.press(KeyCode::Char('A'))?;
    screen.until_shown("No unread articles here")?;
    assert!(!screen.contains("Welcome"), "{}", screen.settled()?);
    // U again lists every article, all of them read now.
    screen.press(KeyCode::Char('U'))?;
    screen.until_shown("Rotterdam harbour pilots")?;
    assert!(!screen.contains("No unread articles here"));
    Ok(())
}

/// Three agencies' reports of one earthquake, an hour apart, and one unrelated article; their
/// ids in that order (AP, Reuters, BBC, the ferry).
fn one_story(dir: &std::path::Path) -> Result<Vec<i64>> {
    let report = |source: &str, hour: u32, lead: &str| {
        serde_json::json!({
            "title": format!("{lead} earthquake kills 14 in the mountain town of Sarnesk"),
            "body": format!(
                "SARNESK, November 2. A magnitude 6.1 earthquake struck the mountain town of \
                 Sarnesk in northern Valdoria early on Monday, killing at least 14 people, the \
                 Valdorian emergency ministry said. Interior Minister Tomas Kerrigan said the army \
                 would send field hospitals to Sarnesk. ({source})"
            ),
            "source": source,
            "url": format!("https://{}.example/sarnesk", source.to_lowercase()),
            "published": format!("2026-11-02T{hour:02}:00:00Z"),
        })
        .to_string()
    };
    // AP's report is stored first, though Reuters published first.
    let lines = [
        report("AP", 8, "Powerful"),
        report("Reuters", 6, "Valdoria"),
        report("BBC", 10, "Sarnesk"),
        serde_json::json!({
            "title": "Lisbon opens a night ferry across the Tagus",
            "body": "LISBON, October 1. A night ferry now crosses the Tagus every hour.",
            "source": "Tagus Desk",
            "published": "2026-10-01T12:00:00Z",
        })
        .to_string(),
    ];
    let file = dir.join("story.jsonl");
    std::fs::write(&file, lines.join("\n"))?;
    let (mut library, _) = dateline::library::Library::open(dir)?;
    let planned = dateline::import::inputs_from_paths(&[file]);
    let imported = dateline::import::import(&mut library, &planned.inputs)?;
    anyhow::ensure!(imported.imported.len() == 4, "{imported:?}");
    Ok(imported.imported)
}

#[test]
fn a_story_listed_shows_its_newest_report_selected_and_beside_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    one_story(dir.path())?;
    let mut screen = Screen::open_on(dir, "default", 120, 30)?;
    screen.press(KeyCode::Char('t'))?;
    screen.until_shown("+2")?;
    screen.press(KeyCode::Enter)?;
    screen.until_shown("BBC")?;
    screen.until_shown(" story: ")?;
    // Listed, not opened (which would mark it read): the newest report is selected and shown
    // beside the list.
    assert_eq!(screen.app.state.mode, dateline::config::keymap::Mode::List);
    assert!(screen.row(1, 0).starts_with('●'), "{}", screen.settled()?);
    let status = screen.row(29, 0);
    assert!(status.contains("1/3"), "{status:?}\n{}", screen.settled()?);
    let selected = screen
        .app
        .state
        .list()
        .selected_row()
        .map(|r| r.source.clone());
    let open = screen
        .app
        .state
        .reader
        .as_ref()
        .map(|r| r.article.source.clone());
    assert_eq!(selected.as_deref(), Some("BBC"));
    assert_eq!(open, selected, "{}", screen.settled()?);
    Ok(())
}

#[test]
fn a_story_row_shows_its_first_report_published() -> Result<()> {
    let dir = tempfile::tempdir()?;
    one_story(dir.path())?;
    let mut screen = Screen::open_on(dir, "default", 120, 30)?;
    screen.press(KeyCode::Char('t'))?;
    screen.until_shown("+2")?;
    let row = screen.list_row(1);
    assert!(row.contains("+2 Valdoria earthquake"), "{row:?}");
    // The reader beside it shows that report, not the one stored first.
    screen.until_shown("(Reuters)")?;
    assert!(!screen.contains("(AP)"), "{}", screen.settled()?);
    // `s` stars that report, the row shows it, and `s` again takes the star away.
    screen.press(KeyCode::Char('s'))?;
    screen.settled()?;
    assert!(screen.list_row(1).contains('★'), "{:?}", screen.list_row(1));
    screen.press(KeyCode::Char('s'))?;
    screen.settled()?;
    assert!(
        !screen.list_row(1).contains('★'),
        "{:?}",
        screen.list_row(1)
    );
    Ok(())
}

#[test]
fn a_hidden_report_leaves_its_story_and_a_story_all_hidden_leaves_the_list() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let ids = one_story(dir.path())?;
    let (mut library, _) = dateline::library::Library::open(dir.path())?;
    // Reuters' report (the story's first published) and the ferry, alone in its story.
    library.set_hidden(&[ids[1], ids[3]], true)?;
    drop(library);
    let mut screen = Screen::open_on(dir, "default", 120, 30)?;
    screen.press(KeyCode::Char('t'))?;
    screen.until_shown("+1 Powerful earthquake")?;
    screen.until_shown("(AP)")?;
    let shown = screen.settled()?;
    assert!(!shown.contains("Reuters"), "{shown}");
    assert!(!shown.contains("Tagus"), "{shown}");
    assert!(screen.row(0, 0).contains("Stories 1"), "{shown}");
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
fn a_letter_or_two_keeps_the_list_on_screen() -> Result<()> {
    let mut screen = Screen::open(true, "default", 120, 30)?;
    // One letter and two: no word yet, and every article stays listed (not "0 matches").
    screen.search("n")?;
    let header = screen.row(0, 0);
    assert!(header.contains("keep typing"), "{header:?}");
    assert!(
        !screen.contains("No articles match"),
        "{}",
        screen.snapshot()
    );
    assert_eq!(screen.row(29, 0).split_whitespace().nth(1), Some("1/6"));
    screen.type_text("a")?;
    screen.search_answered()?;
    assert!(
        screen.list_row(6).contains("Nairobi farmers"),
        "{}",
        screen.snapshot()
    );
    // In quotes, a short last word keeps the phrase's results so far.
    screen.press(KeyCode::Esc)?;
    screen.search("\"oslo")?;
    assert!(
        screen.row(0, 0).contains("1 match "),
        "{}",
        screen.snapshot()
    );
    screen.type_text(" h")?;
    screen.search_answered()?;
    assert!(
        screen.row(0, 0).contains("1 match "),
        "{}",
        screen.snapshot()
    );
    assert!(
        screen.list_row(1).contains("Oslo harbour ferry"),
        "{}",
        screen.snapshot()
    );
    screen.type_text("arbour")?;
    screen.search_answered()?;
    assert!(
        screen.row(0, 0).contains("1 match "),
        "{}",
        screen.snapshot()
    );
    Ok(())
}

#[test]
fn search_timings_of_any_width_read_the_same_in_snapshots() {
    // A search takes 0.4 ms on a quiet machine and 12.3 ms (or more) on a loaded one; the
    // header right-aligns it, so the gap before the count narrows as the number widens.
    let header = |gap: usize, ms: &str| {
        format!(
            "\" / harbour{}3 matches · {ms} ms │ Oslo harbour\"",
            " ".repeat(gap)
        )
    };
    let quiet = without_timing(&header(18, "0.4"));
    assert_eq!(quiet, without_timing(&header(17, "12.3")));
    assert_eq!(quiet, without_timing(&header(16, "123.4")));
    assert!(quiet.contains("3 matches · #.# ms"), "{quiet}");
}

#[test]
fn a_narrow_list_with_no_match_still_says_the_way_out() -> Result<()> {
    let mut screen = Screen::open(true, "default", 60, 20)?;
    screen.search("zzyzx")?;
    screen.until_shown("0 matches")?;
    screen.press(KeyCode::Enter)?;
    let rows: Vec<String> = (0..20).map(|y| screen.row(y, 0)).collect();
    let text = rows
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Esc for the whole list."),
        "the hint is cut off:\n{}",
        screen.snapshot()
    );
    Ok(())
}

#[test]
fn several_notices_at_start_say_how_many_before_the_first() -> Result<()> {
    let dir = tempfile::tempdir()?;
    screen_support::fill(dir.path())?;
    let text = "[keys.list]\nj = \"fly\"\nk = \"nope\"\nl = \"soar\"\n";
    let config = dateline::config::Config {
        source: Some(dateline::config::ConfigSource {
            path: dir.path().join("config.toml"),
            text: text.into(),
        }),
        ..dateline::config::Config::default()
    };
    let screen = Screen::open_with(dir, config, "default", 80, 20)?;
    let status = screen.row(19, 0);
    // However long the first notice, the count is not cut off at the bar's end.
    assert!(
        status.contains("3 notices, ? lists them; first:"),
        "{status:?}"
    );
    Ok(())
}

#[test]
fn hiding_the_selected_article_takes_that_row_out_and_keeps_every_other() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let lines: Vec<String> = (1..=10)
        .map(|n| {
            serde_json::json!({
                "title": format!("Harbour note number {n}"),
                "body": format!("Note {n} about the harbour."),
                "published": format!("2026-11-{:02}T08:00:00Z", 10 + n),
            })
            .to_string()
        })
        .collect();
    let file = dir.path().join("notes.jsonl");
    std::fs::write(&file, lines.join("\n"))?;
    let (mut library, _) = dateline::library::Library::open(dir.path())?;
    let planned = dateline::import::inputs_from_paths(&[file]);
    dateline::import::import(&mut library, &planned.inputs)?;
    drop(library);
    let mut screen = Screen::open_on(dir, "default", 120, 30)?;
    screen.until_shown("Harbour note number 10")?;
    for _ in 0..3 {
        screen.press(KeyCode::Char('j'))?;
    }
    screen.press(KeyCode::Char('x'))?;
    screen.until_shown("1 article hidden")?;
    let shown = screen.settled()?;
    let listed: Vec<String> = (1..=10).map(|y| screen.list_row(y)).collect();
    assert!(
        !listed.iter().any(|row| row.contains("number 7 ")),
        "the hidden row is gone:\n{shown}"
    );
    for n in [1, 2, 6, 8, 10] {
        assert!(
            listed
                .iter()
                .any(|row| row.contains(&format!("number {n} "))),
            "{n} is still listed:\n{shown}"
        );
    }
    Ok(())
}
