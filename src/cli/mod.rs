//! The command line: clap definitions and one function per subcommand. Scripts depend on this contract.

mod output;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::article::ArticleId;
use crate::config;
use crate::import::{self, Input};
use crate::library::Library;
use crate::search::SortOrder;
use crate::store::ListFilter;

/// dateline: read the news in your terminal. Articles live in a local store and are searched through a
/// local full-text index.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, long_about = None)]
#[command(
    after_help = "Query language: words, \"phrases\", -excluded, OR, title: feed: source: author: \
person: org: place:, after:2026-01-01 before:2026-02 since:7d, is:unread is:read is:starred.\n\
Data lives in $XDG_DATA_HOME/dateline (or ~/.local/share/dateline) unless --data-dir says otherwise."
)]
pub struct Cli {
    /// Where the store and index live [default: $XDG_DATA_HOME/dateline]
    #[arg(long, global = true, env = "DATELINE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Config file [default: $XDG_CONFIG_HOME/dateline/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import articles from files, directories (recursively) or `-` for stdin
    Import {
        /// Print one JSON document: {"imported": [ids], "duplicates": n, "failed": [...]}
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List stored articles, newest first
    List {
        #[arg(long)]
        json: bool,
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
        #[arg(long)]
        json: bool,
        id: ArticleId,
    },
    /// Search the index with the query language (see below)
    Search {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
        sort: SortOrder,
        /// The query; several words are joined with spaces
        #[arg(required = true, value_name = "QUERY", allow_hyphen_values = true)]
        query: Vec<String>,
    },
    /// Mark articles read, unread, starred or unstarred
    Mark(MarkArgs),
    /// Rebuild the search index from the store
    Reindex,
    /// Counts of what is stored
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Load the built-in demo articles into a fresh temporary store and list them
    Demo,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<ArticleId>,
    #[command(flatten)]
    pub state: MarkState,
}

/// Exactly one new state.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct MarkState {
    /// Mark read
    #[arg(long)]
    pub read: bool,
    /// Mark unread
    #[arg(long)]
    pub unread: bool,
    /// Star
    #[arg(long)]
    pub star: bool,
    /// Remove the star
    #[arg(long)]
    pub unstar: bool,
}

/// Runs the parsed command line. Errors are printed by `main` and exit with status 1.
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = cli.command else {
        // The screen arrives in a later release; until then, say what there is.
        output::print_start_hint();
        return Ok(());
    };
    if let Command::Demo = command {
        return demo();
    }
    let config = config::load(cli.config.as_deref())?;
    let data_dir = config::data_dir(cli.data_dir.as_deref(), &config)?;
    let mut library = open(&data_dir)?;
    match command {
        Command::Import { json, paths } => {
            let (inputs, expand_failures) = import::inputs_from_paths(&paths);
            let mut report = import::import(&mut library, &inputs)?;
            report.failed.splice(0..0, expand_failures);
            output::import_report(&report, json)?;
            if report.imported.is_empty() && !report.failed.is_empty() {
                bail!("nothing was imported");
            }
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
            let rows = library.store.list(filter, limit, 0)?;
            output::summaries(&rows, json)?;
        }
        Command::Show { json, id } => {
            let article = library
                .store
                .get(id)?
                .with_context(|| format!("no article with id {id}"))?;
            output::article(&article, json)?;
        }
        Command::Search {
            json,
            limit,
            sort,
            query,
        } => {
            let text = query.join(" ");
            let (parsed, results) = library.search(&text, sort, limit)?;
            for note in &parsed.notes {
                eprintln!("dateline: {note}");
            }
            output::search_results(&library, &parsed, &results, json)?;
        }
        Command::Mark(args) => mark(&mut library, &args)?,
        Command::Reindex => {
            let (_, count) = library.reindex()?;
            eprintln!("reindexed {count} articles");
        }
        Command::Stats { json } => output::stats(&library, json)?,
        Command::Demo => unreachable!("handled above"),
    }
    Ok(())
}

fn open(data_dir: &std::path::Path) -> Result<Library> {
    let (library, notices) = Library::open(data_dir)?;
    for notice in notices {
        eprintln!("dateline: {notice}");
    }
    Ok(library)
}

fn mark(library: &mut Library, args: &MarkArgs) -> Result<()> {
    let store = &mut library.store;
    let state = &args.state;
    let found = match (state.read, state.unread, state.star) {
        (true, _, _) => store.set_read(&args.ids, true)?,
        (_, true, _) => store.set_read(&args.ids, false)?,
        (_, _, true) => store.set_starred(&args.ids, true)?,
        _ => store.set_starred(&args.ids, false)?,
    };
    if found < args.ids.len() {
        bail!(
            "{} of {} ids are not stored articles",
            args.ids.len() - found,
            args.ids.len()
        );
    }
    Ok(())
}

/// Loads the demo set into a fresh store under the temp directory and lists it.
fn demo() -> Result<()> {
    let dir = std::env::temp_dir().join("dateline-demo");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("clearing the old demo store {}", dir.display()))?;
    }
    let mut library = open(&dir)?;
    let inputs: Vec<Input> = crate::demo::demo_files()
        .iter()
        .map(|file| Input::Bytes {
            name: file.name.to_string(),
            bytes: file.bytes,
        })
        .collect();
    let report = import::import(&mut library, &inputs)?;
    for failure in &report.failed {
        eprintln!("dateline: demo file {}: {}", failure.path, failure.error);
    }
    let rows = library.store.list(ListFilter::default(), 100, 0)?;
    output::summaries(&rows, false)?;
    output::print_demo_hint(&dir, report.imported.len());
    Ok(())
}
