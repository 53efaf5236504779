//! `dateline config keys` (every key of config.toml from the one table in `config::keys`) and
//! `dateline config check` (the config, its key bindings and the themes read the way dateline
//! reads them, every problem said with its file and line).

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use super::{Globals, JsonFlag, print};
use crate::config;
use crate::config::keymap::Keymap;
use crate::config::keys::KEYS;
use crate::config::theme::{self, ColorDepth};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Every key config.toml knows, with its type, default and meaning
    Keys {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Read the config file, its key bindings and the themes; name every problem with its file
    /// and line, and exit 1 if there is any
    Check,
}

#[derive(Serialize)]
struct KeyRow {
    key: String,
    #[serde(rename = "type")]
    kind: &'static str,
    default: &'static str,
    meaning: &'static str,
}

pub fn run(global: &Globals, command: ConfigCommand) -> Result<()> {
    match command {
        ConfigCommand::Keys { json } => keys(json.json),
        ConfigCommand::Check => check(global),
    }
}

fn keys(json: bool) -> Result<()> {
    let rows: Vec<KeyRow> = KEYS
        .iter()
        .map(|key| KeyRow {
            key: key.full_name(),
            kind: key.kind,
            default: key.default,
            meaning: key.meaning,
        })
        .collect();
    if json {
        return print::json(&rows);
    }
    let mut out = print::stdout();
    for row in &rows {
        out.line(format!(
            "{}  ({}, default: {})\n    {}",
            row.key, row.kind, row.default, row.meaning
        ))?;
    }
    out.flush()?;
    Ok(())
}

/// What `check` read and what it found wrong.
struct Checked {
    config_file: Option<PathBuf>,
    themes: Vec<PathBuf>,
    problems: Vec<String>,
}

fn check(global: &Globals) -> Result<()> {
    let checked = check_files(global)?;
    let mut out = print::stdout();
    for problem in &checked.problems {
        out.line(problem)?;
    }
    out.flush()?;
    if !checked.problems.is_empty() {
        anyhow::bail!(
            "{} in the config and themes",
            crate::say::count(checked.problems.len(), "problem")
        );
    }
    let file = match &checked.config_file {
        Some(path) => path.display().to_string(),
        None => "no config file (the defaults are used)".to_string(),
    };
    out.line(format!(
        "ok: {file}, {}",
        crate::say::count(checked.themes.len(), "theme file")
    ))?;
    Ok(())
}

/// Reads everything `dateline` itself would read, with the same parsers, and keeps their
/// warnings; a config file named with --config that cannot be read is an error.
fn check_files(global: &Globals) -> Result<Checked> {
    let explicit = global.config.as_deref();
    let (config, mut problems) = config::load(explicit)?;
    let config_file = config.source.as_ref().map(|source| source.path.clone());
    if let Some(source) = &config.source {
        let (_, key_problems) = Keymap::load(Some((&source.path, &source.text)));
        problems.extend(key_problems);
    }
    // The config's own problems and its key bindings' are read apart; a person reads them by line.
    problems.sort_by_key(|problem| line_of(problem));
    let themes_dir = config::config_dir(explicit).map(|dir| dir.join("themes"));
    let themes = theme_files(themes_dir.as_deref())?;
    let named = global.theme.clone().or_else(|| config.theme.clone());
    let mut theme_found = theme_problems(named, themes_dir.as_deref(), &themes);
    // An unknown theme the config names is a mistake in the config: said with its line.
    if let (None, Some(source)) = (&global.theme, &config.source)
        && let Some(line) = config::key_line(&source.text, "theme")
    {
        for problem in theme_found
            .iter_mut()
            .filter(|p| p.starts_with("unknown theme"))
        {
            *problem = format!("config {}, line {line}: {problem}", source.path.display());
        }
    }
    problems.extend(theme_found);
    // The same problem can be met twice (a named user theme is also a file of the directory).
    let mut seen = std::collections::HashSet::new();
    problems.retain(|problem| seen.insert(problem.clone()));
    Ok(Checked {
        config_file,
        themes,
        problems,
    })
}

/// Every `*.toml` in the themes directory, by name; none when there is no such directory.
fn theme_files(dir: Option<&Path>) -> Result<Vec<PathBuf>> {
    let Some(dir) = dir.filter(|dir| dir.is_dir()) else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The problems of the theme in use (an unknown name among them) and of every theme file.
fn theme_problems(named: Option<String>, dir: Option<&Path>, files: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(name) = named {
        problems.extend(theme::load(&name, dir, ColorDepth::TrueColor).1);
    }
    for file in files {
        let Some(name) = file.file_stem().and_then(|stem| stem.to_str()) else {
            problems.push(format!("theme {}: the name is not UTF-8", file.display()));
            continue;
        };
        let (_, found) = theme::load(name, dir, ColorDepth::TrueColor);
        problems.extend(found);
    }
    problems
}

/// The line a problem names (`..., line 12: ...`), 0 when it names none.
fn line_of(problem: &str) -> usize {
    problem
        .split_once(", line ")
        .and_then(|(_, rest)| rest.split(':').next())
        .and_then(|number| number.parse().ok())
        .unwrap_or(0)
}
