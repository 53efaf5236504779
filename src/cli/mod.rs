//! The command line: clap definitions and the dispatch to one function per subcommand. Scripts
//! depend on this contract (see the README).

mod accounts;
mod actions;
mod config_cmd;
pub mod entities;
mod entity_page;
mod feeds;
mod man;
mod output;
pub mod print;
pub mod progress;
mod refresh;
mod saved;
mod shell;
mod stories;
mod upkeep;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::article::ArticleId;
use crate::config;
use crate::library::Library;
use crate::search::{QUERY_HELP, SortOrder};
use crate::store::ListFilter;

const MAIN_HELP: &str = "\
Exit status: 0 success, 1 failure, 2 usage error. With --json, stdout holds one JSON document (a
failure before any report is {\"error\": \"...\"}) and messages go to stderr.
Data: $XDG_DATA_HOME/dateline (~/.local/share/dateline) unless --data-dir, DATELINE_DATA_DIR or
data_dir in the config file say otherwise. Config: $XDG_CONFIG_HOME/dateline/config.toml.
Start with `dateline demo`, then `dateline search --help` for the query language.";

/// dateline: read the news in your terminal. Articles live in a local store and are searched
/// through a local full-text index.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, long_about = None, after_help = MAIN_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: Globals,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// A usage mistake clap cannot see: `-word` excludes a word, so a search query takes words
    /// starting with a dash, and an option typed after the query would silently be searched for.
    pub fn misplaced_option(&self) -> Option<String> {
        // `saved add` takes a `--notify` after its query as the flag (see saved.rs).
        let (query, command) = match &self.command {
            Some(Command::Search { query, .. }) => (query, "dateline search".to_string()),
            Some(Command::Saved {
                command: saved::SavedCommand::Add { name, query, .. },
            }) => (query, format!("dateline saved add {name}")),
            _ => return None,
        };
        let at = query
            .iter()
            .position(|w| w.starts_with("--") && w.len() > 2 && w != "--notify")?;
        let (words, options) = query.split_at(at);
        Some(format!(
            "`{}` comes after the query, where it would be searched for as a word; put options \
             first: {command} {} {}",
            options[0],
            options.join(" "),
            words.join(" ")
        ))
    }
}

/// The options every command takes.
#[derive(Debug, Args, Clone)]
pub struct Globals {
    /// Where the store and index live (also DATELINE_DATA_DIR) [default: $XDG_DATA_HOME/dateline]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Config file [default: $XDG_CONFIG_HOME/dateline/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Screen theme: default, light, high-contrast, mono, or a file NAME.toml in the config
    /// directory's themes/ [default: `theme` in the config, else default]
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
}

/// `--json` and its meaning, shared by every command that has it.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    /// Print one JSON document on stdout instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import articles from files, directories (recursively) or `-` for stdin
    #[command(
        after_help = "Formats: wire copy (.txt), Markdown (.md), HTML, JSON, JSON Lines, \
RSS/Atom/JSON Feed. In directories only files with those extensions are read; a file named on the \
command line is always tried.\nExits 1 only when nothing was imported or already stored and \
something failed."
    )]
    Import {
        #[command(flatten)]
        json: JsonFlag,
        /// The source of every article imported, whatever its file says
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        /// A tag for every article imported (repeat for more); `tag:T` finds them
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List stored articles, newest first (N = unread, * = starred)
    List {
        #[command(flatten)]
        json: JsonFlag,
        /// At most this many articles
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Only unread articles
        #[arg(long)]
        unread: bool,
        /// Only starred articles
        #[arg(long)]
        starred: bool,
    },
    /// Show one article in full
    Show {
        #[command(flatten)]
        json: JsonFlag,
        /// The article's id, as `list` and `search` print it
        id: ArticleId,
    },
    /// Search the index with the query language
    #[command(after_help = QUERY_HELP)]
    Search {
        #[command(flatten)]
        json: JsonFlag,
        /// At most this many results
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Result order
        #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
        sort: SortOrder,
        /// The query; several arguments are joined with spaces. Options go before it, since
        /// everything after the first word is part of the query (`-word` excludes a word)
        #[arg(required = true, value_name = "QUERY", allow_hyphen_values = true)]
        query: Vec<String>,
    },
    /// Mark articles read, unread, starred or unstarred, or hide and unhide them (one of each pair at once): by id, or every one a query finds
    Mark(MarkArgs),
    /// Rebuild the search index from the store
    Reindex {
        /// Read every index file against its checksum and rebuild only if one is damaged
        #[arg(long)]
        check: bool,
    },
    /// Counts of what is stored, and where
    Stats {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Find people, organisations, places, other names and dates: read a text, tag CoNLL files, score, train
    Entities {
        #[command(subcommand)]
        command: entities::EntitiesCommand,
    },
    /// Run the [[filter]] tables of config.toml over every stored article (arriving articles
    /// go through them anyway)
    Filter {
        #[command(subcommand)]
        command: FilterCommand,
    },
    /// A name's page: mentions per day, its sources, the names mentioned with it, its articles
    Entity(entity_page::EntityArgs),
    /// Stories: the reports of one event from every source, newest story first; `rebuild`
    Stories(stories::StoriesArgs),
    /// Saved searches (query feeds): add, list with counts, remove
    Saved {
        #[command(subcommand)]
        command: saved::SavedCommand,
    },
    /// Subscriptions: add (a feed or a page that names one), list, remove, rename
    Feed {
        #[command(subcommand)]
        command: feeds::FeedCommand,
    },
    /// Fetch subscriptions in parallel: every one, or those named with --feed
    #[command(
        after_help = "Feeds are fetched politely: a conditional GET (ETag, Last-Modified), at most \
two requests to one host at a time, a server's Retry-After respected. One failed feed does not stop \
the others; each failure is one line with its reason."
    )]
    Refresh {
        #[command(flatten)]
        json: JsonFlag,
        /// A subscription to refresh, by name or URL (repeat for more) [default: all]
        #[arg(long = "feed", value_name = "NAME|URL")]
        feeds: Vec<String>,
        /// Feeds fetched at once
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
        parallel: u16,
        /// Refresh again every DURATION (90s, 30m, 2h) until stopped; with --json, one report
        /// a line
        #[arg(long, value_name = "DURATION", value_parser = config::parse_duration)]
        every: Option<std::time::Duration>,
        /// With --every: stop after this many refreshes
        #[arg(long, value_name = "N", requires = "every")]
        times: Option<u32>,
    },
    /// Sync accounts on a server that speaks the Google Reader API (FreshRSS, Miniflux,
    /// Inoreader, The Old Reader): add, list, remove
    Account {
        #[command(subcommand)]
        command: accounts::AccountCommand,
    },
    /// Sync every account (or one): changes made here go to the server in the order made, then
    /// subscriptions (folders as tags), new items and read/starred state come down
    #[command(
        after_help = "Offline first: read, unread, star and unstar on an account's articles, and \
renaming or removing its feeds, are queued in the store as they are made and sent at the next sync; \
nothing is lost if dateline stops meanwhile. A conflict goes to the later change (see the README). \
A failure (wrong password, the server down, a timeout, an answer cut short) is one line; what was \
synced before it is kept and the next sync goes on from there. `dateline refresh` syncs too."
    )]
    Sync {
        #[command(flatten)]
        json: JsonFlag,
        /// Only this account
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
    },
    /// OPML subscription lists: import FILE (folders become tags) or export (to stdout)
    Opml {
        #[command(subcommand)]
        command: feeds::OpmlCommand,
    },
    /// Move from newsboat: its subscriptions with their tags, then its read and starred state
    ImportNewsboat {
        /// newsboat's urls file [default: ~/.newsboat/urls or $XDG_CONFIG_HOME/newsboat/urls]
        #[arg(long, value_name = "FILE")]
        urls: Option<PathBuf>,
        /// newsboat's cache.db [default: ~/.newsboat/cache.db or $XDG_DATA_HOME/newsboat/cache.db]
        #[arg(long, value_name = "FILE")]
        cache: Option<PathBuf>,
    },
    /// Fetch an article's web page and keep its main text beside the feed's summary
    FetchFull { id: ArticleId },
    /// Load the built-in demo articles into a fresh temporary store and open the screen on them
    /// (without a terminal, list them)
    /// (always $TMPDIR/dateline-demo-$USER; --data-dir does not apply)
    Demo,
    /// Print a completion script, e.g. `dateline completions bash >
    /// ~/.local/share/bash-completion/completions/dateline` (bash, zsh and fish complete the
    /// names of feeds and saved searches too)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `dateline man | man -l -`
    Man,
    /// The config file: `keys` lists every key, `check` reads it and the themes for mistakes
    Config {
        #[command(subcommand)]
        command: config_cmd::ConfigCommand,
    },
    /// Names for the shell completion scripts: the words typed so far, the last one unfinished
    #[command(hide = true)]
    CompleteNames {
        #[arg(
            allow_hyphen_values = true,
            trailing_var_arg = true,
            value_name = "WORD"
        )]
        words: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// The articles' ids, as `list` and `search` print them
    #[arg(required_unless_present = "query", value_name = "ID")]
    pub ids: Vec<ArticleId>,
    /// Every article the query finds (whole words), instead of ids
    #[arg(
        long,
        value_name = "QUERY",
        conflicts_with = "ids",
        allow_hyphen_values = true
    )]
    pub query: Option<String>,
    #[command(flatten)]
    pub state: MarkState,
}

#[derive(Debug, Subcommand)]
pub enum FilterCommand {
    /// Apply every filter to every stored article; says what each changed
    Apply {
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// The new states: at least one, and at most one of each pair (`--read --star` together).
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct MarkState {
    /// Mark read
    #[arg(long, conflicts_with = "unread")]
    pub read: bool,
    /// Mark unread
    #[arg(long)]
    pub unread: bool,
    /// Star
    #[arg(long, conflicts_with = "unstar")]
    pub star: bool,
    /// Remove the star
    #[arg(long)]
    pub unstar: bool,
    /// Hide from every list and search (`is:hidden` finds it)
    #[arg(long, conflicts_with = "unhide")]
    pub hide: bool,
    /// Show again
    #[arg(long)]
    pub unhide: bool,
}

/// Runs the parsed command line. Errors are printed by `main` and exit with status 1.
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = cli.command else {
        return screen(&cli.global, None);
    };
    let command = match command {
        Command::Demo => {
            if cli.global.data_dir.is_some() {
                // Said, not silently ignored: the demo never touches a real store.
                print::note(
                    "--data-dir does not apply to the demo, which always makes a fresh store of its own",
                );
            }
            // On a terminal the demo opens in the screen; piped, it lists what it loaded.
            let on_terminal = on_terminal();
            let dir = actions::demo(!on_terminal)?;
            return if on_terminal {
                screen(&cli.global, Some(dir))
            } else {
                Ok(())
            };
        }
        Command::Entities { command } => return entities::run(command),
        Command::Completions { shell } => return shell::completions(shell),
        Command::Man => return man::man(),
        Command::Config { command } => return config_cmd::run(&cli.global, command),
        Command::CompleteNames { words } => return shell::complete_names(&cli.global, &words),
        other => other,
    };
    let (config, warnings) = config::load(cli.global.config.as_deref())?;
    for warning in &warnings {
        output::warn(warning);
    }
    let data_dir = config::data_dir(cli.global.data_dir.as_deref(), &config)?;
    let mut library = open(&data_dir)?;
    for left_out in library.set_filters(config.filters.clone()) {
        output::warn(left_out);
    }
    match command {
        Command::Import {
            json,
            source,
            tags,
            paths,
        } => {
            let stamp = crate::import::Stamp { source, tags };
            actions::import(&mut library, &paths, &stamp, json.json)?;
        }
        Command::List {
            json,
            limit,
            unread,
            starred,
        } => {
            let filter = ListFilter {
                unread_only: unread,
                starred_only: starred,
            };
            let rows = library.list(filter, limit, 0)?;
            output::summaries(&rows, json.json)?;
        }
        Command::Show { json, id } => {
            let article = library
                .get(id)?
                .with_context(|| format!("no article with id {id}"))?;
            let full_text = library.full_text(id)?;
            let story = library.story_of(id)?;
            output::article(&article, full_text.as_deref(), story, json.json)?;
        }
        Command::Search {
            json,
            limit,
            sort,
            query,
        } => {
            let (parsed, results) = library.search(&query.join(" "), sort, limit)?;
            for note in parsed.notes.iter().chain(&parsed.missing) {
                output::warn(note);
            }
            output::search_results(&library, &parsed, &results, json.json)?;
        }
        Command::Mark(args) => actions::mark(&mut library, &args)?,
        Command::Reindex { check: false } => {
            let bar = progress::Bar::new(true);
            library.set_progress(bar.feeder());
            let count = library.reindex();
            bar.finish();
            let count = count?;
            print::note(format!("reindexed {}", crate::say::count(count, "article")));
        }
        Command::Reindex { check: true } => {
            let (checked, rebuilt) = library.check_index()?;
            for damaged in &checked.damaged {
                output::warn(format!(
                    "search index file {} is damaged: {}",
                    damaged.path.display(),
                    damaged.reason
                ));
            }
            match rebuilt {
                Some(count) => print::note(format!(
                    "rebuilt the search index from the store: {}",
                    crate::say::count(count, "article")
                )),
                None => print::note(format!(
                    "the search index is sound: its {} match their checksums",
                    crate::say::count(checked.checked, "file")
                )),
            }
        }
        Command::Stats { json } => output::stats(&library, json.json)?,
        Command::Feed { command } => feeds::feed(&mut library, &config, command)?,
        Command::Saved { command } => saved::saved(&mut library, command)?,
        Command::Stories(args) => stories::stories(&mut library, args)?,
        Command::Entity(args) => entity_page::entity(&library, args)?,
        Command::Filter {
            command: FilterCommand::Apply { json },
        } => actions::apply_filters(&mut library, json.json)?,
        Command::Refresh {
            json,
            feeds: names,
            parallel,
            every,
            times,
        } => {
            let report = match (json.json, every) {
                (false, _) => refresh::Report::Text,
                (true, None) => refresh::Report::Json,
                (true, Some(_)) => refresh::Report::JsonLines,
            };
            let schedule = refresh::Schedule {
                names,
                parallel: usize::from(parallel),
                report,
                every,
                times,
            };
            refresh::refresh_on_schedule(&mut library, &schedule, &config)?;
        }
        Command::Opml { command } => feeds::opml(&mut library, command)?,
        Command::Account { command } => accounts::account(&mut library, &config, command)?,
        Command::Sync { json, account } => {
            accounts::sync(&mut library, &config, account.as_deref(), json.json)?;
        }
        Command::ImportNewsboat { urls, cache } => {
            feeds::import_newsboat(&mut library, urls, cache)?;
        }
        Command::FetchFull { id } => {
            let chars = feeds::fetch_full(&mut library, id)?;
            print::note(format!(
                "kept the full text of article {id} ({})",
                crate::say::count(chars, "character")
            ));
        }
        Command::Demo
        | Command::Entities { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Config { .. }
        | Command::CompleteNames { .. } => unreachable!("handled above"),
    }
    Ok(())
}

/// Opens the library and passes on what it had to repair; a rebuild of the index (after an
/// upgrade) shows its progress.
fn open(data_dir: &std::path::Path) -> Result<Library> {
    let bar = progress::Bar::new(true);
    let opened = Library::open_telling(data_dir, Some(bar.feeder()));
    bar.finish();
    let (library, notices) = opened?;
    for notice in notices {
        output::warn(&notice);
    }
    Ok(library)
}

/// True when both ends are a terminal, so the screen can take it over.
fn on_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && print::stdout_is_terminal()
}

/// Opens the screen on the data directory (or on `data_dir` when given, as for the demo).
fn screen(global: &Globals, data_dir: Option<PathBuf>) -> Result<()> {
    if !on_terminal() {
        anyhow::bail!(
            "the screen needs a terminal; in scripts use `dateline list`, `dateline search` or \
             `dateline --help`"
        );
    }
    let (config, notices) = config::load(global.config.as_deref())?;
    let data_dir = match data_dir {
        Some(dir) => dir,
        None => config::data_dir(global.data_dir.as_deref(), &config)?,
    };
    let bar = progress::Bar::new(true);
    let clearing = bar.clone();
    crate::tui::run(crate::tui::Options {
        data_dir,
        themes_dir: config::config_dir(global.config.as_deref()).map(|dir| dir.join("themes")),
        theme: global.theme.clone(),
        config,
        notices,
        opening: Some(crate::tui::Opening {
            progress: bar.feeder(),
            done: Box::new(move || clearing.finish()),
        }),
    })
}
