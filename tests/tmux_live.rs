//! End to end in a real terminal: the open screen's list tells the truth while the store changes.
//! Another process imports articles and the screen shows them with no key pressed; a refresh
//! inside a feed view shows the feed's new item there; and after `G` the header's count and the
//! status bar's position agree in every kind of list. Skipped when tmux is not installed.

mod common;
mod feeds_support;
mod tmux_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use common::httpd::Server;
use feeds_support::{item, rss, served};
use tmux_support::{
    Tmux, dateline, import_fixture, imported, shell_is_back, start_dateline_showing, tmux_installed,
};

/// A write elsewhere must show within this long: the screen asks twice a second.
const NOTICED_WITHIN: Duration = Duration::from_secs(2);

/// The titles of `tests/fixtures/screen/`'s two files, as much as the list shows of each.
const FIRST: [&str; 6] = [
    "Rotterdam harbour pilots try",
    "Cairo book fai",
    "Lisbon opens a night tram li",
    "Kyoto temple gard",
    "Oslo harbour ferry trial end",
    "Nairobi farmers share weathe",
];
const MORE: [&str; 5] = [
    "Cycling team suspends two ri",
    "Athletics body widens doping",
    "Swimmer cleared of doping ch",
    "Valencia port adds night shi",
    "Reykjavik opens a geothermal",
];

/// The status bar's position (`3/11`), read from the pane's last line.
fn position(screen: &str) -> Option<(usize, usize)> {
    let status = screen.lines().rev().find(|l| !l.trim().is_empty())?;
    let slash = status.split_whitespace().find(|w| w.contains('/'))?;
    let (at, of) = slash.split_once('/')?;
    Some((at.parse().ok()?, of.trim_end_matches('+').parse().ok()?))
}

#[test]
fn an_import_from_another_shell_shows_without_a_key() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    start_dateline_showing(&tmux, &data, &[], 6)?;
    let stored = import_fixture(&tmux, &data, "more.jsonl")?;
    ensure!(stored == MORE.len(), "imported {stored}");
    let imported_at = Instant::now();
    tmux.wait_for_text(" Articles 11")?;
    let took = imported_at.elapsed();
    ensure!(
        took < NOTICED_WITHIN,
        "the header changed {took:?} after the import, not within {NOTICED_WITHIN:?}"
    );
    // The header's count and the status bar's come from two answers, which a loaded machine
    // may draw a frame apart: the status bar is waited for, not read in the header's frame.
    tmux.wait_for("the status bar to count the new articles", |s| {
        position(s) == Some((6, 11)) && s.contains("· 11 unread")
    })?;
    // The search box finds them.
    tmux.type_text("/doping")?;
    let results = tmux.wait_for_text("3 matches")?;
    for title in &MORE[..3] {
        ensure!(results.contains(title), "{title} not found:\n{results}");
    }
    // Esc: every article, all eleven rows.
    tmux.keys(&["Escape"])?;
    let all = tmux.wait_for("every article", |s| {
        s.contains(" Articles 11") && s.contains(" LIST ")
    })?;
    for title in FIRST.iter().chain(&MORE) {
        ensure!(all.contains(title), "{title} not listed:\n{all}");
    }
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

/// A data directory with the fixture articles and one subscription, served from `server`.
fn subscribed(tmux: &Tmux, server: &Server) -> Result<PathBuf> {
    let data = imported(tmux)?;
    let items = [
        item(
            "a",
            "Pier closes for repairs",
            "The pier shuts for a month.",
        )
        .dated("Mon, 03 Jan 2022 10:00:00 +0000"),
        item("b", "Ferry fares rise in spring", "Fares go up in April.")
            .dated("Tue, 04 Jan 2022 10:00:00 +0000"),
    ];
    server.route("/harbour.xml", served(rss("Harbour Feed", &items)));
    dateline(tmux, &data, &["feed", "add", &server.url("/harbour.xml")])?;
    Ok(data)
}

/// The feed gains an item.
fn feed_grows(server: &Server) {
    let items = [
        item("c", "Lighthouse keeper retires", "After forty years.")
            .dated("Wed, 05 Jan 2022 10:00:00 +0000"),
        item("b", "Ferry fares rise in spring", "Fares go up in April.")
            .dated("Tue, 04 Jan 2022 10:00:00 +0000"),
        item(
            "a",
            "Pier closes for repairs",
            "The pier shuts for a month.",
        )
        .dated("Mon, 03 Jan 2022 10:00:00 +0000"),
    ];
    server.route("/harbour.xml", served(rss("Harbour Feed", &items)));
}

/// `f`, then Enter on the only feed.
fn open_feed(tmux: &Tmux) -> Result<String> {
    tmux.keys(&["f"])?;
    tmux.wait_for_text(" ▾ Feeds (1)")?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text(" Harbour Feed 2")
}

#[test]
fn refreshing_inside_a_feed_view_shows_the_new_item_there() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let server = Server::start()?;
    let tmux = Tmux::start()?;
    let data = subscribed(&tmux, &server)?;
    start_dateline_showing(&tmux, &data, &[], 8)?;
    let feed = open_feed(&tmux)?;
    ensure!(feed.contains("Ferry fares rise in spring"), "{feed}");
    feed_grows(&server);
    tmux.keys(&["r"])?;
    let refreshed = tmux.wait_for("the refresh", |s| {
        s.contains("refreshed: 1 new") && s.contains(" Harbour Feed 3")
    })?;
    ensure!(
        refreshed.contains("Lighthouse keeper retires"),
        "{refreshed}"
    );
    ensure!(
        !refreshed.contains("Rotterdam harbour pilots"),
        "still the feed's own list:\n{refreshed}"
    );
    tmux.keys(&["G"])?;
    let last = tmux.wait_for("the last row", |s| position(s) == Some((3, 3)))?;
    ensure!(last.contains(" Harbour Feed 3"), "{last}");
    // Back to the sidebar (as newsboat's feed list), then every article, the new one among them.
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Sidebar")?;
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Articles 9")?;
    tmux.keys(&["G"])?;
    tmux.wait_for("the last of every article", |s| position(s) == Some((9, 9)))?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

/// Presses `G` and checks that the header says `header` and the position is its last row.
fn last_row_agrees(tmux: &Tmux, header: &str, count: usize) -> Result<()> {
    tmux.keys(&["G"])?;
    tmux.wait_for(&format!("{header:?} and {count}/{count}"), |s| {
        s.lines().next().is_some_and(|l| l.contains(header)) && position(s) == Some((count, count))
    })
    .map(|_| ())
}

#[test]
fn header_and_position_agree_after_g_in_every_list() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let server = Server::start()?;
    let tmux = Tmux::start()?;
    let data = subscribed(&tmux, &server)?;
    start_dateline_showing(&tmux, &data, &[], 8)?;
    last_row_agrees(&tmux, " Articles 8", 8)?;
    // A search.
    tmux.type_text("/harbour")?;
    tmux.wait_for_text("3 matches")?;
    tmux.keys(&["Enter"])?;
    last_row_agrees(&tmux, "3 matches", 3)?;
    // An entity's articles, from the panel of the article beside the list.
    tmux.keys(&["e"])?;
    tmux.wait_for_text(" ENTITIES ")?;
    tmux.keys(&["Enter"])?;
    let entity = tmux.wait_for("the entity's articles", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains(":\"") && l.contains("match"))
    })?;
    let header = entity.lines().next().context("no header")?;
    let count: usize = header
        .split_whitespace()
        .rev()
        .find_map(|w| w.parse().ok())
        .with_context(|| format!("no count in {header:?}"))?;
    last_row_agrees(&tmux, "match", count)?;
    // A feed, after the store changed under it. (Each Esc is seen before the next key: an Esc
    // with a key right behind it reads as Alt and that key.)
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text("3 matches")?;
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Articles 8")?;
    open_feed(&tmux)?;
    feed_grows(&server);
    dateline(&tmux, &data, &["refresh"])?;
    last_row_agrees(&tmux, " Harbour Feed 3", 3)?;
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Sidebar")?;
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Articles 9")?;
    last_row_agrees(&tmux, " Articles 9", 9)?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}
