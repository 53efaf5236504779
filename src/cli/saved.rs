//! `dateline saved add|list|remove`: saved searches (query feeds), counted by the index.

use anyhow::Result;
use clap::Subcommand;

use super::JsonFlag;
use super::output::print_json;
use super::print::{self, note, warn};
use crate::library::Library;
use crate::say::{count, group_digits};

#[derive(Debug, Subcommand)]
pub enum SavedCommand {
    /// Save a query under a name; it lists whatever matches, now and later
    Add {
        name: String,
        /// The query, in the query language (`dateline search --help`)
        #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
        query: Vec<String>,
        /// Say when a refresh brings new articles into it
        #[arg(long)]
        notify: bool,
    },
    /// Every saved search with its article and unread counts
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Forget a saved search (its articles stay)
    Remove { name: String },
}

pub fn saved(library: &mut Library, command: SavedCommand) -> Result<()> {
    match command {
        SavedCommand::Add {
            name,
            mut query,
            mut notify,
        } => {
            // The query takes words that start with `-` (`-sport` leaves sport out), so a
            // `--notify` after it lands among them: it is the flag all the same.
            let before = query.len();
            query.retain(|word| word != "--notify");
            notify |= query.len() != before;
            let (saved, notes) = library.add_saved_search(&name, &query.join(" "), notify)?;
            for text in notes {
                warn(text);
            }
            note(format!("saved {}: {}", saved.name, saved.query));
        }
        SavedCommand::List { json } => {
            let counted = library.saved_search_counts()?;
            if json.json {
                return print_json(&counted);
            }
            let mut out = print::stdout();
            for row in &counted {
                out.fitted(format!(
                    "{:<24} {:>9} {:>9}  {}{}",
                    crate::wrap::fit(&row.saved.name, 24),
                    group_digits(row.total as u64),
                    format!("{} new", group_digits(row.unread as u64)),
                    row.saved.query,
                    if row.saved.notify { "  (notify)" } else { "" }
                ))?;
            }
            out.flush()?;
            if counted.is_empty() {
                note("no saved searches yet; `dateline saved add NAME QUERY` saves one");
            } else {
                note(count(counted.len(), "saved search"));
            }
        }
        SavedCommand::Remove { name } => {
            library.remove_saved_search(&name)?;
            note(format!("removed the saved search {name}"));
        }
    }
    Ok(())
}
