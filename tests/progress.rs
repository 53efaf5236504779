//! Progress bars: drawn on stderr under a terminal (a tmux pane), with what was done left as a
//! line; absent when stderr is a pipe, so scripts read what they always read. Bars are asked to
//! show at once (`DATELINE_PROGRESS_DELAY=0`) so a quick import in a test has one.

mod common;
mod tmux_support;

use std::path::Path;

use anyhow::Result;
use common::Sandbox;
use tmux_support::{BIN, Tmux, quoted, tmux_installed};

/// A directory of `n` small JSON articles.
fn articles(dir: &Path, n: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in 0..n {
        let article = serde_json::json!({
            "title": format!("Ferry timetable {i} changes"),
            "body": format!("The ferry company said route {i} will run twice a day from Monday."),
            "source": "Quay Post",
            "published": "2026-11-02T09:00:00Z",
        });
        std::fs::write(dir.join(format!("{i:03}.json")), article.to_string())?;
    }
    Ok(())
}

#[test]
fn no_bar_when_stderr_is_not_a_terminal() -> Result<()> {
    let sandbox = Sandbox::new()?;
    let dir = sandbox.data_dir().join("in");
    articles(&dir, 40)?;
    let out = sandbox
        .command()
        .env("DATELINE_PROGRESS_DELAY", "0")
        .args(["import", &dir.to_string_lossy()])
        .output()?;
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("importing"), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
    let reindex = sandbox
        .command()
        .env("DATELINE_PROGRESS_DELAY", "0")
        .arg("reindex")
        .output()?;
    let stderr = String::from_utf8_lossy(&reindex.stderr);
    assert_eq!(stderr.trim(), "reindexed 40 articles", "{stderr:?}");
    Ok(())
}

#[test]
fn a_terminal_gets_a_bar_and_keeps_a_line_of_what_was_done() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let dir = tmux.dir.path().join("in");
    articles(&dir, 120)?;
    let data = tmux.dir.path().join("data");
    let run = |args: &str| {
        tmux.run(&format!(
            "DATELINE_PROGRESS_DELAY=0 {} --data-dir {} {args}",
            quoted(BIN),
            quoted(&data.to_string_lossy())
        ))
    };
    run(&format!("import {}", quoted(&dir.to_string_lossy())))?;
    let screen = tmux.wait_for("the import's summary", |s| s.contains("imported 120"))?;
    assert!(screen.contains("importing files: 120 in"), "{screen}");
    assert!(
        screen.contains("grouping articles into stories: 120 in"),
        "{screen}"
    );
    run("reindex")?;
    let screen = tmux.wait_for("the reindex's summary", |s| s.contains("reindexed 120"))?;
    assert!(screen.contains("indexing articles: 120 in"), "{screen}");
    Ok(())
}
