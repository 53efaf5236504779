//! `dateline config keys` and `dateline config check` through the real binary, on the fixtures in
//! tests/fixtures/config: every mistake named with its file and line, and the exit status.

mod common;

use std::path::PathBuf;

use common::{Sandbox, TestResult, fixtures};
use dateline::config::keys::KEYS;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join("config").join(name).join("config.toml")
}

#[test]
fn a_good_config_and_theme_are_ok() -> TestResult {
    let sandbox = Sandbox::new()?;
    let file = fixture("valid");
    let out = sandbox.run(&["--config", &file.to_string_lossy(), "config", "check"])?;
    assert!(out.status.success(), "{}", text(&out.stdout));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("ok: ") && said.contains("1 theme file"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    Ok(())
}

#[test]
fn every_mistake_is_named_with_its_file_and_line() -> TestResult {
    let sandbox = Sandbox::new()?;
    let file = fixture("invalid");
    let out = sandbox.run(&["--config", &file.to_string_lossy(), "config", "check"])?;
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    let config = file.display().to_string();
    let theme = fixtures()
        .join("config/invalid/themes/stormy.toml")
        .display()
        .to_string();
    let expected = [
        (&config, 3, "`mark_read_on_open`"),
        (&config, 4, "unknown key `colour`"),
        (&config, 5, "`sideways` is not an order"),
        (&config, 6, "`refresh_every`"),
        (&config, 9, "unknown action `toggle_reed`"),
        (&config, 12, "`max_items`"),
        (&config, 14, "unknown action `delete`"),
        (&theme, 3, "`purplish` is not a colour"),
        (&theme, 4, "unknown key `colour`"),
    ];
    for (file, line, what) in expected {
        assert!(
            said.lines()
                .any(|l| l.contains(&format!("{file}, line {line}:")) && l.contains(what)),
            "no {what} at {file}:{line} in\n{said}"
        );
    }
    assert_eq!(said.lines().count(), expected.len(), "{said}");
    assert!(
        text(&out.stderr).contains("9 problems"),
        "{}",
        text(&out.stderr)
    );
    Ok(())
}

#[test]
fn an_unknown_theme_in_the_config_is_named_with_its_line() -> TestResult {
    let sandbox = Sandbox::new()?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "# mine\ntheme = \"nosuch\"\n[keys.list]\nz = \"first\"\n",
    )?;
    let out = sandbox.run(&["--config", &file.to_string_lossy(), "config", "check"])?;
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    let expected = format!("config {}, line 2: unknown theme `nosuch`", file.display());
    assert!(said.contains(&expected), "{said}");
    Ok(())
}

#[test]
fn a_config_named_but_missing_fails_and_none_at_all_is_ok() -> TestResult {
    let sandbox = Sandbox::new()?;
    let missing = sandbox.data_dir().join("nope.toml");
    let out = sandbox.run(&["--config", &missing.to_string_lossy(), "config", "check"])?;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nope.toml"));
    let out = sandbox.run(&["config", "check"])?;
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).starts_with("ok: no config file"));
    Ok(())
}

#[test]
fn config_keys_lists_every_key_the_parser_reads_and_each_is_accepted() -> TestResult {
    let sandbox = Sandbox::new()?;
    let out = sandbox.run(&["config", "keys", "--json"])?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)?;
    let listed: Vec<&str> = rows.iter().filter_map(|r| r["key"].as_str()).collect();
    // KEYS is the table the parser dispatches on: a key is read if and only if it is in it.
    let read: Vec<String> = KEYS.iter().map(|k| k.full_name()).collect();
    assert_eq!(listed, read);
    for row in &rows {
        for field in ["type", "default", "meaning"] {
            assert!(row[field].as_str().is_some_and(|s| !s.is_empty()), "{row}");
        }
    }
    // Each listed key, set as its example says, passes `config check` with no problem.
    for key in KEYS {
        let file = sandbox.data_dir().join("one.toml");
        std::fs::write(&file, key.example)?;
        let out = sandbox.run(&["--config", &file.to_string_lossy(), "config", "check"])?;
        assert!(
            out.status.success(),
            "{}: {}",
            key.full_name(),
            text(&out.stdout)
        );
    }
    // And the text listing names them too, with type and default.
    let out = sandbox.run(&["config", "keys"])?;
    let said = text(&out.stdout);
    assert!(
        said.contains("mark_read_on_open  (bool, default: true)"),
        "{said}"
    );
    assert!(said.contains("[feeds.\"NAME\"] max_items"), "{said}");
    Ok(())
}
