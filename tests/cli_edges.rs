//! The command line's rough edges, through the real binary: a `Retry-After` years ahead, missing
//! newsboat files and empty XDG variables, `entities` on files that are not what they should be, a
//! FIFO in an imported directory, the list's source column, and counts said in good English.

mod common;
mod feeds_support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::httpd::{Response, Server};
use common::{Sandbox, TestResult};
use feeds_support::{Error, feed, item, refresh, rss, served, subscribe, write_file};

#[test]
fn a_retry_after_years_ahead_holds_a_feed_back_one_day_at_most() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/far.xml",
        Response::status(503).header("Retry-After", "Thu, 01 Jan 2037 00:00:00 GMT"),
    );
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Far", server.url("/far.xml"))])?;
    let before = Utc::now();
    let report = refresh(&sandbox, &[])?;
    let error = report.feed("Far")?["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(error.contains("dateline waits at most a day"), "{error}");
    let until: DateTime<Utc> = feed(&sandbox, "Far")?["retry_after"]
        .as_str()
        .ok_or("no retry_after")?
        .parse()?;
    let day = chrono::Duration::days(1);
    assert!(
        until > before + day - chrono::Duration::minutes(5),
        "{until}"
    );
    assert!(until <= Utc::now() + day, "{until}");
    Ok(())
}

#[test]
fn a_newsboat_cache_named_but_missing_is_an_error() -> TestResult {
    let sandbox = Sandbox::new()?;
    let urls = write_file(&sandbox, "urls", "")?;
    let missing = sandbox.data_dir().join("missing.db");
    let output = sandbox.run(&[
        "import-newsboat",
        "--urls",
        &urls.to_string_lossy(),
        "--cache",
        &missing.to_string_lossy(),
    ])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&*missing.to_string_lossy()), "{stderr}");
    Ok(())
}

#[test]
fn an_empty_xdg_config_home_is_ignored_not_read_as_a_relative_path() -> TestResult {
    let server = Server::start()?;
    for name in ["home", "here"] {
        let story = item(&format!("{name}-1"), &format!("Story from {name}"), "Text.");
        server.route(&format!("/{name}.xml"), served(rss(name, &[story])));
    }
    let sandbox = Sandbox::new()?;
    let home = sandbox.data_dir().join("home");
    let cwd = sandbox.data_dir().join("cwd");
    // The right file, under $HOME/.config, and a decoy where a relative path would lead.
    for (dir, feed) in [(home.join(".config"), "home"), (cwd.clone(), "here")] {
        std::fs::create_dir_all(dir.join("newsboat"))?;
        std::fs::write(
            dir.join("newsboat").join("urls"),
            format!("{}\n", server.url(&format!("/{feed}.xml"))),
        )?;
    }
    let output = sandbox
        .command()
        .current_dir(&cwd)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", "")
        .env("XDG_DATA_HOME", "")
        .args(["import-newsboat"])
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(server.hits("/home.xml"), 1, "{stderr}");
    assert_eq!(server.hits("/here.xml"), 0, "{stderr}");
    Ok(())
}

#[test]
fn entities_eval_refuses_a_file_that_is_not_conll() -> TestResult {
    let sandbox = Sandbox::new()?;
    let prose = write_file(
        &sandbox,
        "prose.txt",
        "-DOCSTART- -X- O O\n\nThe minister said on Tuesday\nthat the harbour would reopen.\n",
    )?;
    let output = sandbox.run(&["entities", "eval", &prose.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:3:", prose.display())),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    Ok(())
}

#[test]
fn entities_text_lists_a_name_that_runs_over_a_line_break_on_one_line() -> TestResult {
    let sandbox = Sandbox::new()?;
    let path = write_file(
        &sandbox,
        "wrapped.txt",
        b"The talks were led by Tony\nBlair on Monday in Paris.\n",
    )?;
    let output = sandbox.run(&["entities", "text", &path.to_string_lossy()])?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("person") && l.ends_with("Tony Blair")),
        "{lines:?}"
    );
    // Each line is one entity: a kind, offsets and a name.
    assert!(
        lines.iter().all(|l| l.split_whitespace().count() >= 3),
        "{lines:?}"
    );
    Ok(())
}

#[test]
fn entities_text_reads_what_import_reads() -> TestResult {
    let sandbox = Sandbox::new()?;
    // "Amélie Roux visited Paris on Monday." in windows-1252: é is one byte, 0xE9.
    let mut bytes = b"Am".to_vec();
    bytes.push(0xe9);
    bytes.extend_from_slice(b"lie Roux visited Paris on Monday.\n");
    let path = write_file(&sandbox, "latin.txt", bytes)?;
    let found = sandbox.json(&["entities", "text", "--json", &path.to_string_lossy()])?;
    let texts: Vec<&str> = found
        .as_array()
        .ok_or("not an array")?
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(texts.contains(&"Paris"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Amélie")), "{texts:?}");
    Ok(())
}

#[test]
fn entities_text_cleans_refuses_and_parses_as_import_does() -> TestResult {
    let sandbox = Sandbox::new()?;
    let texts = |found: &serde_json::Value| -> Vec<String> {
        found
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| e["text"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    // Escape sequences are cleaned out before tagging, as import cleans them: none is left in
    // a name, and the names they were wrapped around are found whole.
    let escaped = "President \u{1b}[31mJoe Biden\u{1b}[0m met Mr \u{1b}]0;title\u{7}Olaf Scholz in \
                   Berlin.\nRishi\u{7} Sunak spoke.\n";
    let path = write_file(&sandbox, "escaped.txt", escaped.as_bytes())?;
    let found = texts(&sandbox.json(&["entities", "text", "--json", &path.to_string_lossy()])?);
    for name in ["Joe Biden", "Olaf Scholz", "Berlin", "Rishi Sunak"] {
        assert!(found.iter().any(|t| t == name), "{name} in {found:?}");
    }
    assert!(
        found.iter().all(|t| !t.chars().any(char::is_control)),
        "{found:?}"
    );
    // Random bytes named as text: they decode to symbols in some legacy charset, not to text.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let noise: Vec<u8> = (0..4000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect();
    // What import refuses, this refuses by the same words, naming the file.
    for (name, bytes, reason) in [
        (
            "noise.txt",
            noise,
            "not a recognised article format: it is binary data",
        ),
        (
            "news.gz",
            b"\x1f\x8b\x08\x00rest".to_vec(),
            "gzip-compressed",
        ),
        ("empty.txt", b"  \n\n".to_vec(), "the file is empty"),
        (
            "paper.pdf",
            b"%PDF-1.7 Joe Biden".to_vec(),
            "a PDF document",
        ),
    ] {
        let path = write_file(&sandbox, name, bytes)?;
        let output = sandbox.run(&["entities", "text", &path.to_string_lossy()])?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(reason), "{stderr}");
        assert!(output.stdout.is_empty(), "{name}");
        let imported = sandbox.run(&["import", &path.to_string_lossy()])?;
        let stderr = String::from_utf8_lossy(&imported.stderr);
        assert!(!imported.status.success(), "{name} imported: {stderr}");
        assert!(stderr.contains(reason), "{name}: {stderr}");
    }
    // Piped text that only starts like JSON is still text.
    let output = sandbox.run_with_stdin(
        &["entities", "text", "--json", "-"],
        b"[Updated] Barack Obama met Angela Merkel in Berlin.\n",
    )?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let piped = texts(&serde_json::from_slice(&output.stdout)?);
    assert!(piped.iter().any(|t| t == "Barack Obama"), "{piped:?}");
    // CoNLL tagging refuses what is not text at all, and takes text that only looks like zlib
    // ("x " starts a zlib stream's check value too).
    let gz = write_file(&sandbox, "tags.gz", b"\x1f\x8b\x08\x00rest")?;
    let output = sandbox.run(&["entities", "tag", "--conll", &gz.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("gzip-compressed"),
        "{stderr}"
    );
    let conll = write_file(&sandbox, "x.conll", "x NN\nOslo NNP\n")?;
    let output = sandbox.run(&["entities", "tag", "--conll", &conll.to_string_lossy()])?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // An HTML page is read as import reads it: its markup is not text, its title is a field.
    let page = "<html><head><title>Court rules for Nordhavn Shipping</title></head><body>\
                <article><h1>Court rules for Nordhavn Shipping</h1><p>COPENHAGEN (Reuters) - A \
                court in Copenhagen ruled for Nordhavn Shipping on Monday, said Mette Lund.</p>\
                </article></body></html>";
    let path = write_file(&sandbox, "page.html", page.as_bytes())?;
    let found = sandbox.json(&["entities", "text", "--json", &path.to_string_lossy()])?;
    let names = texts(&found);
    assert!(names.iter().any(|t| t == "Mette Lund"), "{names:?}");
    assert!(
        names.iter().all(|t| !t.contains(['<', '>', '"'])),
        "{names:?}"
    );
    let fields: Vec<&str> = found
        .as_array()
        .ok_or("not an array")?
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"body"),
        "{fields:?}"
    );
    Ok(())
}

/// Waits for `child` up to `limit`; a child still running then is killed and reported.
fn finish_within(mut child: Child, limit: Duration) -> Result<std::process::Output, Error> {
    let started = Instant::now();
    while child.try_wait()?.is_none() {
        if started.elapsed() > limit {
            child.kill()?;
            return Err(format!("still running after {limit:?}: it hangs").into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(child.wait_with_output()?)
}

#[test]
fn a_fifo_in_an_imported_directory_is_skipped() -> TestResult {
    let sandbox = Sandbox::new()?;
    let dir = sandbox.data_dir().join("inbox");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("story.md"),
        "# Harbour reopens\n\nThe harbour reopened on Monday.\n",
    )?;
    let fifo = dir.join("stuck.txt");
    let made = Command::new("mkfifo").arg(&fifo).status()?;
    assert!(made.success(), "mkfifo failed");
    let child = sandbox
        .command()
        .args(["import", "--json", &dir.to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Nobody ever writes to the FIFO: reading it would wait forever.
    let output = finish_within(child, Duration::from_secs(120))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(report["imported"].as_array().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn a_long_source_is_cut_with_an_ellipsis_and_counts_read_well() -> TestResult {
    let sandbox = Sandbox::new()?;
    let line = serde_json::json!({
        "title": "Harbour reopens",
        "body": "The harbour reopened on Monday.",
        "source": "The Very Long Name Of A Regional Harbour Gazette",
        "published": "2026-02-02T06:00:00Z",
    });
    let output = sandbox.run_with_stdin(&["import", "-"], format!("{line}\n").as_bytes())?;
    assert!(output.status.success());
    let list = String::from_utf8(sandbox.run(&["list"])?.stdout)?;
    assert!(
        list.contains("The Very Long N…  Harbour reopens"),
        "{list:?}"
    );
    let stats = String::from_utf8(sandbox.run(&["stats"])?.stdout)?;
    assert!(stats.contains("index     1 document,"), "{stats}");
    let search = sandbox.run(&["search", "harbour"])?;
    assert_eq!(String::from_utf8(search.stderr)?.trim(), "1 match");

    let server = Server::start()?;
    let story = item("one", "One story", "Text.");
    server.route("/one.xml", served(rss("One", &[story])));
    subscribe(&sandbox, &[("One", server.url("/one.xml"))])?;
    let refreshed = sandbox.run(&["refresh"])?;
    let said = String::from_utf8(refreshed.stderr)?;
    assert!(
        said.contains("refreshed 1 feed in") && said.contains(": 1 new article, 0 updated"),
        "{said}"
    );
    Ok(())
}

#[test]
fn a_directory_names_its_files_source_by_dateline_toml_or_by_its_name() -> TestResult {
    let sandbox = Sandbox::new()?;
    let root = sandbox.data_dir().join("articles");
    let desk = root.join("harbour-desk");
    let notes = root.join("coast-notes");
    std::fs::create_dir_all(&desk)?;
    std::fs::create_dir_all(&notes)?;
    std::fs::write(desk.join(".dateline.toml"), "source = \"Harbour Desk\"\n")?;
    std::fs::write(
        desk.join("a.md"),
        "# Dredger arrives\n\nThe dredger reached the inner basin.\n",
    )?;
    std::fs::write(
        notes.join("b.md"),
        "# Gulls return\n\nThe gulls came back to the breakwater.\n",
    )?;
    std::fs::write(
        notes.join("c.json"),
        r#"{"title": "Pier reopens", "body": "The pier is open again.", "source": "Pier Gazette"}"#,
    )?;
    let out = sandbox.run(&["import", &root.to_string_lossy()])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = sandbox.json(&["list", "--json"])?;
    let source = |title: &str| {
        list.as_array()
            .into_iter()
            .flatten()
            .find(|row| row["title"] == title)
            .map(|row| row["source"].clone())
    };
    assert_eq!(source("Dredger arrives"), Some("Harbour Desk".into()));
    assert_eq!(source("Gulls return"), Some("coast-notes".into()));
    assert_eq!(source("Pier reopens"), Some("Pier Gazette".into()));
    // A broken .dateline.toml is one line naming it and its line; its files still go in.
    std::fs::write(notes.join(".dateline.toml"), "source = \n")?;
    std::fs::write(
        notes.join("d.md"),
        "# Buoy moved\n\nThe buoy was moved north.\n",
    )?;
    let out = sandbox.run(&["import", &notes.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(".dateline.toml, line 1"), "{stderr}");
    Ok(())
}

#[test]
fn a_json_command_that_fails_still_prints_one_json_document() -> TestResult {
    let sandbox = Sandbox::new()?;
    for args in [
        &["show", "--json", "9999"][..],
        &["refresh", "--json", "--feed", "nosuch"],
    ] {
        let output = sandbox.run(args)?;
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let document: serde_json::Value = serde_json::from_slice(&output.stdout)?;
        let error = document["error"].as_str().unwrap_or_default();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !error.is_empty() && stderr.contains(error),
            "{args:?}: {document} / {stderr}"
        );
    }
    // A usage error too.
    let output = sandbox.run(&["list", "--json", "--limit", "abc"])?;
    assert_eq!(output.status.code(), Some(2));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    assert!(
        document["error"]
            .as_str()
            .is_some_and(|e| e.contains("abc")),
        "{document}"
    );
    // A command whose report came first prints no second document.
    let missing = sandbox.data_dir().join("missing.json");
    let output = sandbox.run(&["import", "--json", &missing.to_string_lossy()])?;
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    assert!(document.get("error").is_none(), "{document}");
    Ok(())
}

#[test]
fn an_import_with_many_broken_items_says_the_first_hundred_and_counts_the_rest() -> TestResult {
    let sandbox = Sandbox::new()?;
    let mut lines = String::new();
    for n in 0..250 {
        lines.push_str(&format!("{{\"title\": \"Broken {n}\", \"body\": \n"));
        lines.push_str(&format!(
            "{{\"title\": \"Whole {n}\", \"body\": \"The quay reopened.\"}}\n"
        ));
    }
    let path = sandbox.data_dir().join("items.jsonl");
    std::fs::create_dir_all(sandbox.data_dir())?;
    std::fs::write(&path, lines)?;
    let output = sandbox.run(&["import", &path.to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let said = stderr
        .lines()
        .filter(|l| l.contains("items.jsonl:"))
        .count();
    assert_eq!(said, 100, "{stderr}");
    assert!(stderr.contains("150 more problems not shown"), "{stderr}");
    let report = sandbox.json(&["import", "--json", &path.to_string_lossy()])?;
    assert_eq!(report["failed"].as_array().map(Vec::len), Some(250));
    Ok(())
}
