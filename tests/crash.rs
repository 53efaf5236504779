//! Crash safety with a real kill: `kill -9` an import of thousands of articles part way, then check
//! that the store holds only whole articles and that a re-run completes it without duplicates.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, TestResult};

const FILES: usize = 60;
const PER_FILE: usize = 500;

/// Writes `FILES` JSON Lines files of generated articles; every body ends with its own number so a
/// torn article would show.
fn write_articles(dir: &std::path::Path) -> std::io::Result<()> {
    for file in 0..FILES {
        let mut out = std::io::BufWriter::new(std::fs::File::create(
            dir.join(format!("batch-{file:03}.jsonl")),
        )?);
        for item in 0..PER_FILE {
            let n = file * PER_FILE + item;
            let body = format!(
                "Harbour report number {n}. Cranes moved {} containers on quay {}.\n\nThe end of article {n}.",
                n * 7 % 1000,
                n % 17
            );
            let line = serde_json::json!({
                "title": format!("Harbour bulletin {n}"),
                "body": body,
                "source": "Crash Test Wire",
                "guid": format!("crash-{n}"),
                "published": format!("2026-{:02}-{:02}T10:00:00Z", n % 12 + 1, n % 28 + 1),
            });
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn count_rows(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
        .unwrap_or(0)
}

#[test]
fn a_killed_import_loses_nothing_whole_and_resumes() -> TestResult {
    let sandbox = Sandbox::new()?;
    let input = tempfile::tempdir()?;
    write_articles(input.path())?;
    let total = (FILES * PER_FILE) as i64;
    let db = sandbox.data_dir().join("dateline.db");

    let mut child = sandbox
        .command()
        .args(["import", &input.path().to_string_lossy()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let started = Instant::now();
    // Kill once some batches are stored but well before the end.
    while count_rows(&db) < 1_000 && started.elapsed() < Duration::from_secs(120) {
        if child.try_wait()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill()?; // SIGKILL on Unix: no destructor, no flush, no commit.
    child.wait()?;
    let after_kill = count_rows(&db);
    assert!(
        after_kill > 0 && after_kill < total,
        "the kill should land part way (stored {after_kill} of {total})"
    );

    // Only whole articles: every stored row has the body its title promises.
    let conn = rusqlite::Connection::open(&db)?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    assert_eq!(integrity, "ok");
    let mut stmt = conn.prepare("SELECT title, body FROM articles")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (title, body) = row?;
        let n = title.trim_start_matches("Harbour bulletin ");
        assert!(
            body.starts_with(&format!("Harbour report number {n}.")),
            "{title}: {body}"
        );
        assert!(
            body.ends_with(&format!("The end of article {n}.")),
            "{title}: {body}"
        );
    }
    drop(stmt);
    drop(conn);

    let output = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("--data-dir")
        .arg(sandbox.data_dir())
        .args(["import", "--json", &input.path().to_string_lossy()])
        .output()?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let imported = report["imported"].as_array().map_or(0, Vec::len) as i64;
    assert_eq!(
        imported + report["duplicates"].as_i64().unwrap_or(-1),
        total,
        "{}",
        report["duplicates"]
    );
    assert_eq!(report["duplicates"].as_i64(), Some(after_kill));

    let conn = rusqlite::Connection::open(&db)?;
    let (rows, distinct): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COUNT(DISTINCT guid) FROM articles",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert_eq!((rows, distinct), (total, total));
    let stats = sandbox.json(&["stats", "--json"])?;
    assert_eq!(
        stats["index_documents"].as_i64(),
        Some(total),
        "the index caught up"
    );
    let hits = sandbox.json(&["search", "--json", "\"end of article 29999\""])?;
    assert_eq!(hits[0]["title"], "Harbour bulletin 29999");
    Ok(())
}
