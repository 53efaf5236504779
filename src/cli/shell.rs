//! Shell completion: `dateline completions SHELL` prints clap_complete's script, and for bash,
//! zsh and fish a few lines more that ask the hidden `dateline complete-names` for the names of
//! feeds and saved searches where a command takes one (`feed remove <Tab>`).
//!
//! `complete-names` gets the words typed so far (the last one is the word being completed),
//! works out from the command's own definition whether that word is a feed's or a saved
//! search's name, and prints the names that start with it. When the word is no such name it
//! prints nothing and exits 1, and the script falls back to the static completion.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Command, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Globals, print};
use crate::config;
use crate::library::Library;
use crate::store::NameKind;

/// Where a name goes: after an option, or as the command's Nth value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Option(&'static str),
    Positional(usize),
}

/// The places a command takes the name of a feed or saved search (a test checks that each
/// names a real command and argument).
const NAME_SLOTS: &[(&[&str], At, NameKind)] = &[
    (&["refresh"], At::Option("feed"), NameKind::Feeds),
    (&["feed", "remove"], At::Positional(0), NameKind::Feeds),
    (&["feed", "rename"], At::Positional(0), NameKind::Feeds),
    (&["feed", "tags"], At::Positional(0), NameKind::Feeds),
    (
        &["saved", "remove"],
        At::Positional(0),
        NameKind::SavedSearches,
    ),
];

/// The completion script for `shell` on stdout.
pub fn completions(shell: Shell) -> Result<()> {
    let mut command = visible_command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "dateline", &mut script);
    let mut script = String::from_utf8(script)?;
    if shell == Shell::Zsh {
        script = zsh_with_names(&script)?;
    }
    script.push_str(names_addition(shell));
    if shell == Shell::Fish {
        script.push_str(&fish_option_lines());
    }
    let mut out = print::stdout();
    out.text(script)?;
    out.flush()?;
    Ok(())
}

/// The command line less its hidden commands, which clap_complete would offer too.
fn visible_command() -> Command {
    let full = Cli::command();
    Command::new("dateline")
        .version(env!("CARGO_PKG_VERSION"))
        .args(full.get_arguments().cloned())
        .subcommands(
            full.get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .cloned(),
        )
}

/// fish completes an option's value only from that option's own lines: one for each option
/// that takes a name.
fn fish_option_lines() -> String {
    let mut lines = String::new();
    for (path, at, _) in NAME_SLOTS {
        let (At::Option(long), Some((first, rest))) = (at, path.split_first()) else {
            continue;
        };
        let mut condition = format!("__fish_dateline_using_subcommand {first}");
        for sub in rest {
            condition.push_str(&format!("; and __fish_seen_subcommand_from {sub}"));
        }
        lines.push_str(&format!(
            "complete -c dateline -n \"{condition}\" -l {long} -r -f -a '(__dateline_names)'\n"
        ));
    }
    lines
}

/// zsh calls the function named like the file, `_dateline`: the generated one becomes
/// `_dateline_static`, and its closing lines (which call it) give way to the addition's.
fn zsh_with_names(script: &str) -> Result<String> {
    const FUNCTION: &str = "\n_dateline() {\n";
    const TAIL: &str = "if [ \"$funcstack[1]\" = \"_dateline\" ]; then";
    let (Some(_), Some(tail)) = (script.find(FUNCTION), script.rfind(TAIL)) else {
        bail!("the zsh script from clap_complete has changed shape; names cannot be added");
    };
    Ok(script[..tail].replacen(FUNCTION, "\n_dateline_static() {\n", 1))
}

/// The lines that complete names, for the shells that have them.
fn names_addition(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => include_str!("shell/names.bash"),
        Shell::Zsh => include_str!("shell/names.zsh"),
        Shell::Fish => include_str!("shell/names.fish"),
        _ => "",
    }
}

/// `dateline complete-names WORD...`: the names fitting the last word, one a line.
pub fn complete_names(global: &Globals, words: &[String]) -> Result<()> {
    let Some(context) = name_context(words) else {
        bail!("the word being completed is not the name of a feed or saved search");
    };
    let data_dir = context.data_dir.or_else(|| global.data_dir.clone());
    let config_file = context.config.or_else(|| global.config.clone());
    // A broken config or a missing store must not break the person's shell: no names then.
    let names = config::load(config_file.as_deref())
        .ok()
        .and_then(|(config, _)| config::data_dir(data_dir.as_deref(), &config).ok())
        .map(|dir| Library::names_in(&dir, context.kind).unwrap_or_default())
        .unwrap_or_default();
    let mut out = print::stdout();
    for name in fitting(&names, &context.prefix) {
        out.line(name)?;
    }
    out.flush()?;
    Ok(())
}

/// What the word being completed is, and the data directory and config the typed line names.
#[derive(Debug, PartialEq)]
struct NameContext {
    kind: NameKind,
    prefix: String,
    data_dir: Option<PathBuf>,
    config: Option<PathBuf>,
}

/// Reads the typed words (the program first, the word being completed last) the way clap would:
/// subcommands are followed, an option that takes a value takes the next word, and the other
/// words are counted as the command's values.
fn name_context(words: &[String]) -> Option<NameContext> {
    let (current, typed) = words.split_last()?;
    let mut root = Cli::command();
    root.build();
    let mut command: &Command = &root;
    let mut path: Vec<&str> = Vec::new();
    let mut positionals = 0;
    let mut waiting: Option<String> = None;
    let mut only_values = false;
    let (mut data_dir, mut config) = (None, None);
    for word in typed.iter().skip(1) {
        if let Some(option) = waiting.take() {
            // bash splits `--data-dir=DIR` into three words.
            if word == "=" {
                waiting = Some(option);
            } else {
                remember(&option, word, &mut data_dir, &mut config);
            }
            continue;
        }
        if only_values || word == "-" || !word.starts_with('-') {
            match command.find_subcommand(word).filter(|_| positionals == 0) {
                Some(sub) if !only_values => {
                    command = sub;
                    path.push(sub.get_name());
                }
                _ => positionals += 1,
            }
            continue;
        }
        if word == "--" {
            only_values = true;
        } else if let Some(long) = word.strip_prefix("--") {
            match long.split_once('=') {
                Some((name, value)) => remember(name, value, &mut data_dir, &mut config),
                None if takes_value(command, long) => waiting = Some(long.to_string()),
                None => {}
            }
        } else if short_takes_value(command, word) {
            waiting = Some(word.to_string());
        }
    }
    // fish hands over `--feed=Coa` whole.
    let (current, waiting) = match current.strip_prefix("--").and_then(|w| w.split_once('=')) {
        Some((option, value)) if waiting.is_none() => (value, Some(option.to_string())),
        _ => (current.as_str(), waiting),
    };
    let at = match &waiting {
        Some(option) => At::Option(long_name(option)?),
        None => At::Positional(positionals),
    };
    let kind = NAME_SLOTS
        .iter()
        .find(|(slot_path, slot_at, _)| *slot_path == path.as_slice() && *slot_at == at)
        .map(|(_, _, kind)| *kind)?;
    Some(NameContext {
        kind,
        prefix: unquote(current),
        data_dir,
        config,
    })
}

/// Keeps the value of `--data-dir` or `--config`, so names come from the store the line names.
fn remember(
    option: &str,
    value: &str,
    data_dir: &mut Option<PathBuf>,
    config: &mut Option<PathBuf>,
) {
    match option {
        "data-dir" => *data_dir = Some(PathBuf::from(unquote(value))),
        "config" => *config = Some(PathBuf::from(unquote(value))),
        _ => {}
    }
}

fn takes_value(command: &Command, long: &str) -> bool {
    command
        .get_arguments()
        .find(|arg| arg.get_long() == Some(long))
        .is_some_and(|arg| arg.get_action().takes_values())
}

/// `-x` (or a cluster ending in it) whose last letter is an option that takes a value.
fn short_takes_value(command: &Command, word: &str) -> bool {
    let Some(letter) = word.chars().last().filter(|_| word.len() > 1) else {
        return false;
    };
    command
        .get_arguments()
        .find(|arg| arg.get_short() == Some(letter))
        .is_some_and(|arg| arg.get_action().takes_values())
}

/// The long name of the option `waiting` stands for, when a slot has it (`feed`).
fn long_name(waiting: &str) -> Option<&'static str> {
    NAME_SLOTS.iter().find_map(|(_, at, _)| match at {
        At::Option(name) if *name == waiting => Some(*name),
        _ => None,
    })
}

/// The word as typed, less the shell's quoting: an opening quote, and backslashes before a
/// character (`Coastal\ W` is `Coastal W`).
fn unquote(word: &str) -> String {
    let word = word.strip_prefix(['\'', '"']).unwrap_or(word);
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '\'' | '"' => {}
            c => out.push(c),
        }
    }
    out
}

/// The names that start with `prefix` (ignoring case), each on one line of its own.
fn fitting<'a>(names: &'a [String], prefix: &str) -> impl Iterator<Item = &'a String> {
    let prefix = prefix.to_lowercase();
    names
        .iter()
        .filter(move |name| !name.contains('\n') && name.to_lowercase().starts_with(&prefix))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "shell_tests.rs"]
mod tests;
