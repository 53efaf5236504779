//! End to end in a real terminal, the habits of a daily reader: Space walks from unread to
//! unread, `A` marks a view read and `u` puts every mark back, a search saved from the box shows
//! in the sidebar with its unread count beside a tag, a filter hides at import and `is:hidden`
//! finds what it hid, and with `refresh_every` a new item comes into the open screen while a
//! saved search's `notify_command` writes its file. Skipped when tmux is not installed.

mod common;
mod feeds_support;
mod tmux_support;

use std::path::PathBuf;

use anyhow::{Result, ensure};
use common::httpd::Server;
use feeds_support::{item, rss, served};
use tmux_support::{
    Tmux, configure, dateline, import_fixture, imported, quoted, shell_is_back,
    start_dateline_showing, tmux_installed, wait_for_file,
};

/// The status bar: the pane's last line with text.
fn status(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

fn unread_is(n: usize) -> impl Fn(&str) -> bool {
    move |screen: &str| status(screen).contains(&format!("· {n} unread"))
}

/// The count inside a tag or feed, which is the whole store's.
fn unread_in_all(n: usize) -> impl Fn(&str) -> bool {
    move |screen: &str| status(screen).contains(&format!("· {n} unread in all"))
}

#[test]
fn space_walks_unread_to_unread_and_a_then_u_restores_every_mark() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    // Newest first: Rotterdam, Cairo, Lisbon, Kyoto, Oslo, Nairobi; Cairo is read already.
    dateline(&tmux, &data, &["mark", "--read", "--query", "cairo"])?;
    start_dateline_showing(&tmux, &data, &[], 6)?;
    tmux.wait_for("five unread", unread_is(5))?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for("Rotterdam open", |s| {
        s.contains(" READ ") && s.contains("Rotterdam harbour pilots try an electric tug")
    })?;
    // Space pages to the article's end, then opens the next unread: Lisbon, not Cairo.
    let mut spaces = 0;
    let mut screen = tmux.capture()?;
    let lisbon = loop {
        // Each Space changes the screen (it scrolls, or opens the next article): the change is
        // seen before the next Space, so none is lost or runs ahead.
        tmux.keys(&["Space"])?;
        spaces += 1;
        let before = screen;
        screen = tmux.wait_for("the Space", |s| s != before)?;
        // Whole titles are the reader's: the list beside it cuts them short.
        if screen.contains("Lisbon opens a night tram line along the harbour") {
            break screen;
        }
        ensure!(
            !screen.contains("Cairo book fair draws record crowds"),
            "Space opened the read one:\n{screen}"
        );
        ensure!(spaces < 40, "Space never left Rotterdam:\n{screen}");
    };
    ensure!(lisbon.contains(" READ "), "{lisbon}");
    // `.` goes on to the next unread from anywhere: Kyoto.
    tmux.keys(&["."])?;
    tmux.wait_for("Kyoto open", |s| {
        s.contains("Kyoto temple garden reopens to visitors")
    })?;
    // Rotterdam, Lisbon and Kyoto were opened, so read: two unread are left.
    tmux.keys(&["q"])?;
    tmux.wait_for("two unread", |s| unread_is(2)(s) && s.contains(" LIST "))?;
    tmux.keys(&["A"])?;
    // One condition for all that is checked: a capture can catch a frame half drawn.
    tmux.wait_for("all read", |s| {
        unread_is(0)(s) && status(s).contains("u undoes")
    })?;
    tmux.keys(&["u"])?;
    tmux.wait_for("marks back", |s| {
        unread_is(2)(s) && status(s).contains("undone")
    })?;
    // The store agrees: Oslo and Nairobi are unread again, the others read.
    let listed = dateline(&tmux, &data, &["list", "--unread", "--json"])?;
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout)?;
    let titles: Vec<&str> = listed
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r["title"].as_str()).collect())
        .unwrap_or_default();
    ensure!(titles.len() == 2, "{titles:?}");
    ensure!(titles.iter().any(|t| t.starts_with("Oslo")), "{titles:?}");
    ensure!(
        titles.iter().any(|t| t.starts_with("Nairobi")),
        "{titles:?}"
    );
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn a_saved_search_from_the_box_shows_in_the_sidebar_beside_a_tag() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    let file = common::fixtures().join("screen").join("more.jsonl");
    let file = file.to_string_lossy();
    dateline(&tmux, &data, &["import", "--tag", "sport", &file])?;
    dateline(&tmux, &data, &["mark", "--read", "--query", "rotterdam"])?;
    start_dateline_showing(&tmux, &data, &[], 11)?;
    // The query language's tag: finds the tagged articles.
    tmux.type_text("/tag:sport")?;
    tmux.wait_for_text("5 matches")?;
    tmux.keys(&["C-u"])?;
    tmux.type_text("harbour")?;
    tmux.wait_for_text("3 matches")?;
    tmux.keys(&["C-s"])?;
    tmux.wait_for_text("save search as: harbour")?;
    // The query is offered as the name: → keeps it to add to (a letter would replace it).
    tmux.keys(&["Right"])?;
    tmux.type_text(" news")?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text("saved search harbour news")?;
    tmux.keys(&["f"])?;
    // Three articles, Rotterdam's read: two unread of three; the tag's five all unread.
    let line_ends = |screen: &str, name: &str, counts: &str| {
        screen
            .lines()
            .any(|l| l.contains(name) && l.trim_end().ends_with(counts))
    };
    tmux.wait_for("the sidebar's counts", |s| {
        s.contains("Saved searches (1)")
            && s.contains("Tags (1)")
            && line_ends(s, "harbour news", "2 / 3")
            && line_ends(s, "sport", "5 / 5")
    })?;
    // Enter on the saved search lists its articles; on the tag, the tag's.
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text(" saved search harbour news 3")?;
    tmux.keys(&["f"])?;
    tmux.wait_for_text("Saved searches (1)")?;
    tmux.keys(&["j", "j", "Enter"])?;
    tmux.wait_for_text(" tag sport 5")?;
    // The status bar's count is the whole store's, and says so inside a tag.
    tmux.wait_for("the count said to be the store's", |s| {
        status(s).contains("· 10 unread in all")
    })?;
    // The saved search is in the store for the command line too.
    let saved = dateline(&tmux, &data, &["saved", "list", "--json"])?;
    let saved: serde_json::Value = serde_json::from_slice(&saved.stdout)?;
    ensure!(saved[0]["name"] == "harbour news", "{saved}");
    ensure!(saved[0]["unread"] == 2, "{saved}");
    // Back through the views: the sidebar the tag was chosen in, the search the sidebar was
    // opened from, then every article.
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" Sidebar")?;
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" / harbour")?;
    tmux.keys(&["q"])?;
    tmux.wait_for("every article", |s| {
        s.contains(" Articles 11") && status(s).contains("· 10 unread ") && !s.contains("in all")
    })?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn next_unread_at_a_tags_end_goes_on_to_the_next_tag_and_opens_its_first_unread() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = tmux.dir.path().join("data");
    for (tag, file) in [("harbour", "articles.jsonl"), ("sport", "more.jsonl")] {
        let file = common::fixtures().join("screen").join(file);
        dateline(
            &tmux,
            &data,
            &["import", "--tag", tag, &file.to_string_lossy()],
        )?;
    }
    // Of the harbour tag only Rotterdam's article is unread; the sport tag's five all are.
    dateline(&tmux, &data, &["mark", "--read", "--query", "tag:harbour"])?;
    dateline(&tmux, &data, &["mark", "--unread", "--query", "rotterdam"])?;
    start_dateline_showing(&tmux, &data, &[], 11)?;
    tmux.keys(&["f"])?;
    tmux.wait_for_text("Tags (2)")?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text(" tag harbour 6")?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for("Rotterdam open", |s| {
        s.contains(" READ ") && s.contains("Rotterdam harbour pilots try an electric tug")
    })?;
    tmux.wait_for("Rotterdam read", unread_in_all(5))?;
    // Nothing unread is left in the tag: `.` goes on to sport and opens its newest unread.
    tmux.keys(&["."])?;
    tmux.wait_for("on to sport, its first unread open", |s| {
        s.contains(" tag sport 5")
            && s.contains(" READ ")
            && status(s).contains("nothing unread left here: on to sport")
            && unread_in_all(4)(s)
    })?;
    tmux.keys(&["."])?;
    tmux.wait_for("the next unread of sport", |s| {
        status(s).contains(" 2/5 ") && unread_in_all(3)(s)
    })?;
    // Back: the tag's list, the sidebar it was chosen in, every article.
    tmux.keys(&["q"])?;
    tmux.wait_for("the tag's list", |s| s.contains(" LIST "))?;
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" Sidebar")?;
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" Articles 11")?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn next_unread_in_a_tag_longer_than_its_first_hits_goes_on_only_when_none_is_left() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = tmux.dir.path().join("data");
    // A tag of 300 articles, more than a search's first pages of hits, and a tag of five.
    let wire = tmux.dir.path().join("wire.jsonl");
    let lines: Vec<String> = (1..=300)
        .map(|n| {
            serde_json::json!({
                "title": format!("Wire bulletin number {n}"),
                "body": format!("Bulletin {n} of the day's wire copy."),
                "published": format!("2020-01-01T00:{:02}:{:02}Z", n / 60, n % 60),
            })
            .to_string()
        })
        .collect();
    std::fs::write(&wire, lines.join("\n"))?;
    let more = common::fixtures().join("screen").join("more.jsonl");
    dateline(
        &tmux,
        &data,
        &["import", "--tag", "a-wire", &wire.to_string_lossy()],
    )?;
    dateline(
        &tmux,
        &data,
        &["import", "--tag", "sport", &more.to_string_lossy()],
    )?;
    // Only the oldest bulletin is unread: it is past the hits the list holds at first.
    dateline(&tmux, &data, &["mark", "--read", "--query", "tag:a-wire"])?;
    let listed = dateline(&tmux, &data, &["list", "--json", "--limit", "400"])?;
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout)?;
    let oldest = listed
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|row| row["title"] == "Wire bulletin number 1")
        })
        .map(|row| row["id"].to_string())
        .ok_or_else(|| anyhow::anyhow!("no bulletin 1 in {listed}"))?;
    dateline(&tmux, &data, &["mark", "--unread", &oldest])?;
    start_dateline_showing(&tmux, &data, &[], 305)?;
    tmux.keys(&["f"])?;
    tmux.wait_for_text("Tags (2)")?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text(" tag a-wire 300")?;
    tmux.keys(&["."])?;
    // The tag still has an unread article further down: `.` stays in it.
    tmux.wait_for("told to scroll on", |s| {
        status(s).contains("scroll on for more") && s.contains(" tag a-wire 300")
    })?;
    // That bulletin read (from the command line, so the list still holds only its first
    // hits), none is left in the tag: `.` goes on to sport.
    dateline(&tmux, &data, &["mark", "--read", &oldest])?;
    tmux.keys(&["."])?;
    tmux.wait_for("on to sport", |s| {
        s.contains(" tag sport 5") && status(s).contains("on to sport")
    })?;
    tmux.keys(&["C-c"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn a_filter_hides_at_import_and_is_hidden_finds_it_and_x_shows_it_again() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    configure(&tmux, "[[filter]]\nquery = \"doping\"\naction = \"hide\"\n")?;
    let data = imported(&tmux)?;
    let stored = import_fixture(&tmux, &data, "more.jsonl")?;
    ensure!(stored == 5, "imported {stored}");
    // Three of the five are about doping: stored, but hidden.
    start_dateline_showing(&tmux, &data, &[], 8)?;
    tmux.type_text("/doping")?;
    tmux.wait_for("no doping", |s| {
        s.contains("0 matches") && !s.contains("Cycling team suspends")
    })?;
    tmux.keys(&["C-u"])?;
    tmux.type_text("is:hidden")?;
    tmux.wait_for("the hidden", |s| {
        s.contains("3 matches") && s.contains("Cycling team suspends")
    })?;
    tmux.keys(&["Enter", "x"])?;
    tmux.wait_for_text("shown again")?;
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Articles 9")?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

/// The feed gains an item about a lighthouse.
fn feed_grows(server: &Server) {
    let items = [
        item("c", "Lighthouse keeper retires", "After forty years.")
            .dated("Wed, 05 Jan 2022 10:00:00 +0000"),
        item(
            "a",
            "Pier closes for repairs",
            "The pier shuts for a month.",
        )
        .dated("Mon, 03 Jan 2022 10:00:00 +0000"),
    ];
    server.route("/harbour.xml", served(rss("Harbour Feed", &items)));
}

#[test]
fn refresh_every_brings_a_new_item_into_the_open_screen_and_runs_notify_command() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let server = Server::start()?;
    let tmux = Tmux::start()?;
    let written: PathBuf = tmux.dir.path().join("alert.txt");
    configure(
        &tmux,
        &format!(
            "refresh_every = \"1s\"\nnotify_command = {}\n",
            toml::Value::String(format!(
                "printf '%s %s' \"$DATELINE_SAVED\" \"$DATELINE_COUNT\" > {}",
                quoted(&written.to_string_lossy())
            ))
        ),
    )?;
    let data = imported(&tmux)?;
    let items = [item(
        "a",
        "Pier closes for repairs",
        "The pier shuts for a month.",
    )
    .dated("Mon, 03 Jan 2022 10:00:00 +0000")];
    server.route("/harbour.xml", served(rss("Harbour Feed", &items)));
    dateline(&tmux, &data, &["feed", "add", &server.url("/harbour.xml")])?;
    dateline(
        &tmux,
        &data,
        &["saved", "add", "lighthouse", "lighthouse", "--notify"],
    )?;
    start_dateline_showing(&tmux, &data, &[], 7)?;
    feed_grows(&server);
    // No key pressed: the screen refreshes by itself and the new item joins the list.
    let screen = tmux.wait_for("the new item", |s| {
        s.contains(" Articles 8") && s.contains("Lighthouse keeper retire")
    })?;
    ensure!(screen.contains(" LIST "), "{screen}");
    let alert = wait_for_file(&written, |text| !text.is_empty()).map_err(|e| {
        let screen = tmux.capture().unwrap_or_default();
        e.context(screen)
    })?;
    ensure!(alert == "lighthouse 1", "{alert:?}");
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

/// The screen open on the project's events (`tests/fixtures/stories/`), 39 reports.
fn on_the_events() -> Result<(Tmux, PathBuf)> {
    let tmux = Tmux::start()?;
    let data = tmux.dir.path().join("data");
    let events = common::fixtures().join("stories").join("articles.jsonl");
    dateline(&tmux, &data, &["import", &events.to_string_lossy()])?;
    start_dateline_showing(&tmux, &data, &[], 39)?;
    Ok((tmux, data))
}

#[test]
fn stories_mode_shows_one_row_per_event_and_marks_all_its_reports() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let (tmux, _data) = on_the_events()?;
    tmux.keys(&["t"])?;
    // The quake was reported five times: one row, `+4`, and it is the oldest story.
    let stories = tmux.wait_for("the stories", |s| {
        s.contains(" Stories 16") && s.contains("+4 Earthquake kills 14")
    })?;
    ensure!(
        stories.matches("Sarnesk").count() <= 2,
        "one row for the quake (and the reader beside it):\n{stories}"
    );
    tmux.keys(&["G"])?;
    tmux.wait_for("the quake selected", |s| status(s).contains("16/16"))?;
    // Enter lists its reports and opens none, so none is marked read by it.
    tmux.keys(&["Enter"])?;
    tmux.wait_for("its reports, unread", |s| {
        s.contains(" story: Earthquake kills 14") && s.contains(" LIST ") && unread_is(39)(s)
    })?;
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" Stories 16")?;
    tmux.keys(&["m"])?;
    tmux.wait_for("five marked read", |s| {
        unread_is(34)(s) && status(s).contains("5 articles marked read")
    })?;
    tmux.keys(&["Enter"])?;
    // Its reports, every one read.
    tmux.wait_for("its reports, read", |s| {
        s.contains(" story: Earthquake kills 14")
            && s.contains("Deadly quake flattens homes")
            && !s.contains('●')
    })?;
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" Stories 16")?;
    tmux.keys(&["t"])?;
    tmux.wait_for_text(" Articles 39")?;
    // Over a search, `t` lists the stories of what it found only.
    tmux.keys(&["/"])?;
    tmux.type_text("earthquake")?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for("the search's results", |s| {
        s.contains(" LIST ") && s.contains("/ earthquake") && s.contains("Deadly quake flattens")
    })?;
    tmux.keys(&["t"])?;
    let stories = tmux.wait_for("its stories", |s| s.contains("in earthquake"))?;
    ensure!(
        stories.contains("Earthquake kills 14") && !stories.contains("Norland Central Bank"),
        "{stories}"
    );
    ensure!(!stories.contains(" Stories 16"), "{stories}");
    tmux.keys(&["t"])?;
    tmux.wait_for("the search again", |s| {
        s.contains("/ earthquake") && !s.contains("in earthquake")
    })?;
    tmux.keys(&["Escape"])?;
    tmux.wait_for_text(" Articles 39")?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn a_names_page_charts_its_mentions_and_w_follows_it() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let (tmux, data) = on_the_events()?;
    tmux.type_text("/vasko")?;
    tmux.wait_for_text("4 matches")?;
    tmux.keys(&["Enter", "Enter"])?;
    tmux.wait_for_text(" READ ")?;
    tmux.keys(&["e"])?;
    tmux.wait_for_text(" ENTITIES ")?;
    // w: the selected name becomes a saved search that alerts.
    tmux.keys(&["w"])?;
    let followed = tmux.wait_for_text("saved search ")?;
    let saved = dateline(&tmux, &data, &["saved", "list", "--json"])?;
    let saved: serde_json::Value = serde_json::from_slice(&saved.stdout)?;
    ensure!(saved[0]["notify"] == true, "{saved}\n{followed}");
    let name = saved[0]["name"].as_str().unwrap_or_default().to_owned();
    // Enter: the name's page over its articles, a chart of the days that mention it.
    tmux.keys(&["Enter"])?;
    // A chart with bars, and the names mentioned with it.
    tmux.wait_for("the name's page", |s| {
        let chart = s
            .lines()
            .find(|l| l.contains('▕') && l.contains(" in all"))
            .unwrap_or("");
        s.contains(&name)
            && chart.contains(|c: char| ('▁'..='█').contains(&c))
            && s.contains(" with: [1] ")
    })?;
    // 1 then Enter: the first name mentioned with it has a page too.
    tmux.keys(&["1", "Enter"])?;
    tmux.wait_for("another name's page", |s| {
        s.contains(" in all") && !s.contains(&format!("\"{name}\""))
    })?;
    Ok(())
}
