//! `dateline man`: the man page, made from the same sources as `--help` and the screen's help:
//! the clap definitions (clap_mangen), the query language (`search::QUERY_HELP`), the default
//! keymap with each action's help line (`config/keymap.toml`, `Action::help`), and the config
//! keys (`config::keys::KEYS`).

use anyhow::Result;
use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use super::{Cli, MAIN_HELP, print};
use crate::config::keymap::{Keymap, Mode};
use crate::config::keys::KEYS;
use crate::search::QUERY_HELP;

/// The page on stdout, in roff (`dateline man | man -l -`).
pub fn man() -> Result<()> {
    let page = page()?;
    let mut out = print::stdout();
    out.text(page)?;
    out.flush()?;
    Ok(())
}

/// The whole page as roff text.
pub fn page() -> Result<String> {
    let mut command = Cli::command();
    command.build();
    let man = Man::new(command.clone())
        .section("1")
        .manual("dateline manual")
        .source(format!("dateline {}", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut roff = Roff::new();
    commands(&mut roff, &command);
    query_language(&mut roff);
    keys(&mut roff);
    configuration(&mut roff);
    notes(&mut roff);
    roff.to_writer(&mut page)?;
    Ok(once_preamble(&String::from_utf8(page)?))
}

/// Each piece of roff starts with the same two lines that set up apostrophes; once is enough.
fn once_preamble(page: &str) -> String {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    match page.split_once(PREAMBLE) {
        Some((before, after)) => format!("{before}{PREAMBLE}{}", after.replace(PREAMBLE, "")),
        None => page.to_string(),
    }
}

/// Every command and subcommand: its usage and what it does.
fn commands(roff: &mut Roff, command: &Command) {
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Each command's options are in `dateline COMMAND --help`. Without a command, dateline \
         opens the reader screen.",
    )]);
    let mut stack: Vec<&Command> = command.get_subcommands().collect();
    stack.reverse();
    while let Some(sub) = stack.pop() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        roff.control("TP", []);
        roff.text([bold(usage)]);
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        roff.text([roman(about)]);
        let mut children: Vec<&Command> = sub.get_subcommands().collect();
        children.reverse();
        stack.extend(children);
    }
}

/// `QUERY_HELP`, the text `dateline search --help` shows, less its heading.
fn query_language(roff: &mut Roff) {
    roff.control("SH", ["QUERY LANGUAGE"]);
    roff.text([roman(
        "Used by `dateline search`, `mark --query`, saved searches, filters and the screen's \
         search box.",
    )]);
    let mut lines = QUERY_HELP.lines().skip(1).peekable();
    roff.control("nf", []);
    while let Some(line) = lines.next_if(|line| line.starts_with(' ')) {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", []);
    for line in lines {
        roff.text([roman(line)]);
    }
}

/// The default keys of each mode, as the help screen (`?`) lists them.
fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "The default key bindings of the reader screen, by mode; `global` keys work in every \
         mode. In config.toml a [keys.MODE] table binds a key to the action named in \
         parentheses, or takes it away with \"none\".",
    )]);
    let keymap = Keymap::defaults();
    for mode in Mode::ALL {
        roff.control("SS", [mode.name()]);
        for (action, keys) in keymap.bindings(mode) {
            roff.control("TP", []);
            roff.text([bold(keys.join(", "))]);
            roff.text([
                roman(format!("{} (", action.help())),
                italic(action.name()),
                roman(")"),
            ]);
        }
    }
}

/// Every key of config.toml from `config::keys::KEYS`, as `dateline config keys` lists them.
fn configuration(roff: &mut Roff) {
    roff.control("SH", ["CONFIGURATION"]);
    roff.text([roman(
        "$XDG_CONFIG_HOME/dateline/config.toml (~/.config/dateline/config.toml), or --config \
         FILE; themes are NAME.toml files in themes/ beside it. `dateline config check` reads \
         them and names every mistake with its file and line; `dateline config keys` lists the \
         keys below.",
    )]);
    for key in KEYS {
        roff.control("TP", []);
        roff.text([
            bold(key.full_name()),
            roman(format!(" ({}, default: {})", key.kind, key.default)),
        ]);
        roff.text([roman(key.meaning)]);
    }
}

/// Exit status, data and config places: the main `--help`'s closing text.
fn notes(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS, FILES AND ENVIRONMENT"]);
    for line in MAIN_HELP.lines() {
        roff.text([roman(line)]);
    }
}
