//! At home in a shell, through the real binary: completion scripts (and names completed by a real
//! bash), the man page (rendered by `man -l` where there is one), `config keys` and `config check`
//! on the fixtures in tests/fixtures/config.

mod common;

use std::path::Path;
use std::process::Command;

use clap::CommandFactory;
use common::{Sandbox, TestResult};
use dateline::config::keys::KEYS;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The names of the commands a person can type, from the command line's own definition.
fn visible_commands() -> Vec<String> {
    dateline::cli::Cli::command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_string())
        .collect()
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

#[test]
fn bash_completion_offers_every_command_and_no_hidden_one() -> TestResult {
    let sandbox = Sandbox::new()?;
    let out = sandbox.run(&["completions", "bash"])?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    let top = script
        .lines()
        .find(|line| line.trim_start().starts_with("opts=\"-h -V"))
        .ok_or("no top-level opts line")?;
    let commands = visible_commands();
    assert!(commands.len() > 20, "{commands:?}");
    for command in &commands {
        assert!(
            top.split([' ', '"']).any(|word| word == command),
            "`{command}` missing from {top}"
        );
    }
    assert!(!top.contains("complete-names"), "{top}");
    assert!(script.contains("complete -F _dateline_names"));
    let syntax = Command::new("bash").args(["-n", "-c", &script]).output()?;
    assert!(syntax.status.success(), "{}", text(&syntax.stderr));
    Ok(())
}

#[test]
fn every_shell_gets_a_script_and_zsh_and_fish_ask_for_names() -> TestResult {
    let sandbox = Sandbox::new()?;
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = sandbox.run(&["completions", shell])?;
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains("refresh"), "{shell}");
        let asks = script.contains("complete-names --");
        assert_eq!(asks, ["bash", "zsh", "fish"].contains(&shell), "{shell}");
    }
    let zsh = text(&sandbox.run(&["completions", "zsh"])?.stdout);
    // The generated function gives way to the one that asks for names, and is defined once.
    assert_eq!(zsh.matches("\n_dateline() {").count(), 1);
    assert_eq!(zsh.matches("\n_dateline_static() {").count(), 1);
    assert_eq!(zsh.matches("$funcstack[1]").count(), 1);
    for (shell, check) in [("zsh", "zsh"), ("fish", "fish")] {
        if has(check) {
            let script = text(&sandbox.run(&["completions", shell])?.stdout);
            let out = Command::new(check).args(["-n", "-c", &script]).output()?;
            assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        }
    }
    let bad = sandbox.run(&["completions", "tcsh"])?;
    assert_eq!(bad.status.code(), Some(2));
    Ok(())
}

/// A store with three feeds (subscribed from OPML, not fetched) and a saved search.
fn store_with_names(sandbox: &Sandbox) -> TestResult {
    let opml = sandbox.data_dir().join("subs.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><body>
<outline text="Coastal Wire" xmlUrl="http://127.0.0.1:9/a.xml"/>
<outline text="coast guard" xmlUrl="http://127.0.0.1:9/b.xml"/>
<outline text="Harbour Post" xmlUrl="http://127.0.0.1:9/c.xml"/>
</body></opml>"#,
    )?;
    let out = sandbox.run(&["opml", "import", "--no-refresh", &opml.to_string_lossy()])?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = sandbox.run(&["saved", "add", "Harbour news", "port"])?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    Ok(())
}

/// What a real bash completes for `words` (the last one unfinished) with the script sourced.
fn bash_completes(
    sandbox: &Sandbox,
    words: &[&str],
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let script = text(&sandbox.run(&["completions", "bash"])?.stdout);
    let bin = Path::new(env!("CARGO_BIN_EXE_dateline"));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={}; COMP_LINE=\"${{COMP_WORDS[*]}}\"; \
         COMP_POINT=${{#COMP_LINE}}\n_dateline_names dateline \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        quoted.join(" "),
        words.len() - 1
    );
    let path = format!(
        "{}:{}",
        bin.parent().ok_or("no bin dir")?.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", &program])
        .env("PATH", path)
        .env("DATELINE_DATA_DIR", sandbox.data_dir())
        .env("XDG_CONFIG_HOME", sandbox.data_dir().join("no-config"))
        .output()?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    Ok(text(&out.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect())
}

#[test]
fn bash_completes_the_names_of_feeds_and_saved_searches() -> TestResult {
    let sandbox = Sandbox::new()?;
    store_with_names(&sandbox)?;
    assert_eq!(
        bash_completes(&sandbox, &["dateline", "feed", "remove", "coa"])?,
        ["coast\\ guard", "Coastal\\ Wire"]
    );
    assert_eq!(
        bash_completes(&sandbox, &["dateline", "refresh", "--feed", "H"])?,
        ["Harbour\\ Post"]
    );
    assert_eq!(
        bash_completes(&sandbox, &["dateline", "saved", "remove", ""])?,
        ["Harbour\\ news"]
    );
    // Elsewhere the static completion answers: commands, not names.
    let commands = bash_completes(&sandbox, &["dateline", "fe"])?;
    assert_eq!(commands, ["feed", "fetch-full"]);
    Ok(())
}

#[test]
fn names_from_a_missing_library_are_none_and_nothing_is_made() -> TestResult {
    let sandbox = Sandbox::new()?;
    let missing = sandbox.data_dir().join("not-yet");
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["complete-names", "--", "dateline", "--data-dir"])
        .arg(&missing)
        .args(["feed", "remove", ""])
        .env("XDG_CONFIG_HOME", sandbox.data_dir().join("no-config"))
        .output()?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!missing.exists(), "completion made a data directory");
    // A word that is no name: exit 1, so the script falls back to the static completion.
    let out = sandbox.run(&["complete-names", "--", "dateline", "feed", "add", ""])?;
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    Ok(())
}

#[test]
fn the_man_page_has_the_commands_query_language_keys_and_config() -> TestResult {
    let sandbox = Sandbox::new()?;
    let out = sandbox.run(&["man"])?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(
        page.lines().any(|l| l.starts_with(".TH dateline 1")),
        "no .TH"
    );
    let sections: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|s| s.trim_matches('"'))
        .collect();
    for wanted in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "COMMANDS",
        "QUERY LANGUAGE",
        "KEYS",
        "CONFIGURATION",
    ] {
        assert!(sections.contains(&wanted), "{wanted} not in {sections:?}");
    }
    // Every command, every config key, and the query language's forms are on it.
    for command in visible_commands() {
        let roff = command.replace('-', "\\-");
        assert!(page.contains(&format!("dateline {roff}")), "{command}");
    }
    for key in KEYS {
        assert!(
            page.contains(&key.full_name().replace('-', "\\-")),
            "{}",
            key.full_name()
        );
    }
    for form in ["title:port", "since:7d", "is:unread"] {
        assert!(page.contains(form), "{form}");
    }
    assert!(page.contains("half_page_down") && page.contains(".SS reader"));
    if has("man") {
        let file = sandbox.data_dir().join("dateline.1");
        std::fs::write(&file, &page)?;
        let shown = Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()?;
        assert!(shown.status.success(), "{}", text(&shown.stderr));
        let shown = text(&shown.stdout);
        for heading in [
            "QUERY LANGUAGE",
            "KEYS",
            "CONFIGURATION",
            "mark_read_on_open",
        ] {
            assert!(shown.contains(heading), "{heading} not rendered");
        }
    }
    Ok(())
}

#[test]
fn fish_completes_names_where_it_is_installed() -> TestResult {
    if !has("fish") {
        eprintln!("fish is not installed: skipped (.ci/run installs it)");
        return Ok(());
    }
    let sandbox = Sandbox::new()?;
    store_with_names(&sandbox)?;
    let script = sandbox.data_dir().join("dateline.fish");
    std::fs::write(&script, sandbox.run(&["completions", "fish"])?.stdout)?;
    let bin = Path::new(env!("CARGO_BIN_EXE_dateline"));
    let path = format!(
        "{}:{}",
        bin.parent().ok_or("no bin dir")?.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let complete = |line: &str| -> Result<String, Box<dyn std::error::Error>> {
        let program = format!("source '{}'; complete -C '{line}'", script.display());
        let out = Command::new("fish")
            .args(["--no-config", "-c", &program])
            .env("PATH", &path)
            .env("DATELINE_DATA_DIR", sandbox.data_dir())
            .env("XDG_CONFIG_HOME", sandbox.data_dir().join("no-config"))
            .output()?;
        Ok(text(&out.stdout))
    };
    assert_eq!(
        complete("dateline feed remove ")?,
        "coast guard\nCoastal Wire\nHarbour Post\n"
    );
    assert_eq!(complete("dateline refresh --feed Harb")?, "Harbour Post\n");
    assert_eq!(complete("dateline saved remove ")?, "Harbour news\n");
    assert!(complete("dateline fe")?.starts_with("feed\t"));
    Ok(())
}

#[test]
fn zsh_asks_for_names_where_it_is_installed() -> TestResult {
    if !has("zsh") {
        eprintln!("zsh is not installed: skipped (.ci/run installs it)");
        return Ok(());
    }
    let sandbox = Sandbox::new()?;
    store_with_names(&sandbox)?;
    let script = sandbox.data_dir().join("_dateline");
    std::fs::write(&script, sandbox.run(&["completions", "zsh"])?.stdout)?;
    let bin = Path::new(env!("CARGO_BIN_EXE_dateline"));
    let path = format!(
        "{}:{}",
        bin.parent().ok_or("no bin dir")?.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Outside a completion, `compdef` and `compadd` are stand-ins: compadd prints what it is
    // given, and `words`/`CURRENT` are set as zsh sets them for `dateline feed remove Coa<Tab>`.
    let program = format!(
        "compdef() {{ :; }}; source '{}'; \
         compadd() {{ [[ $1 == -a ]] && print -rl -- \"${{(@P)2}}\"; }}; \
         words=(dateline feed remove Coa); CURRENT=4; _dateline; print -- ---; \
         words=(dateline saved remove ''); CURRENT=4; _dateline",
        script.display()
    );
    let out = Command::new("zsh")
        .args(["-f", "-c", &program])
        .env("PATH", &path)
        .env("DATELINE_DATA_DIR", sandbox.data_dir())
        .env("XDG_CONFIG_HOME", sandbox.data_dir().join("no-config"))
        .output()?;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "coast guard\nCoastal Wire\n---\nHarbour news\n"
    );
    Ok(())
}
