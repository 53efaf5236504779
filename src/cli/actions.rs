//! The subcommands with more to them than a call and a print: import, mark and the demo.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::output;
use crate::import::{self, Input};
use crate::library::{Library, LibraryError};
use crate::store::ListFilter;

/// `dateline import`: exits 1 only when nothing was imported or already there and something failed.
pub fn import(
    library: &mut Library,
    paths: &[PathBuf],
    stamp: &import::Stamp,
    as_json: bool,
) -> Result<()> {
    let planned = import::inputs_from_paths(paths);
    let bar = super::progress::Bar::new(!as_json);
    library.set_progress(bar.feeder());
    let report = import::import_stamped(library, &planned.inputs, stamp);
    bar.finish();
    let mut report = report?;
    report.failed.splice(0..0, planned.failures);
    report.notices.splice(0..0, planned.notices);
    output::import_report(&report, as_json)?;
    if report.imported.is_empty() && report.duplicates == 0 && !report.failed.is_empty() {
        bail!("nothing was imported");
    }
    Ok(())
}

/// `dateline mark`: sets the state of every id that exists and names those that do not, or of
/// every article a query finds.
pub fn mark(library: &mut Library, args: &super::MarkArgs) -> Result<()> {
    let state = &args.state;
    let (ids, missing) = match &args.query {
        // Hidden articles are in no query's results but `is:hidden`'s.
        Some(query) => match library.ids_acting(query, state.unhide) {
            Ok(ids) => (ids, Vec::new()),
            Err(why @ LibraryError::Query(_)) => {
                bail!("nothing marked; mend the query first: {why}")
            }
            Err(other) => return Err(other.into()),
        },
        None => {
            let stored: Vec<i64> = library.summaries(&args.ids)?.iter().map(|s| s.id).collect();
            let missing: Vec<String> = args
                .ids
                .iter()
                .filter(|id| !stored.contains(id))
                .map(|id| id.to_string())
                .collect();
            (stored, missing)
        }
    };
    // Each pair's flag in turn, each its own write: if one fails, what the ones before it
    // changed is said before the error.
    let mut changed = Vec::new();
    let mut write = || -> Result<(), LibraryError> {
        if state.read || state.unread {
            let what = if state.read { "read" } else { "unread" };
            changed.push((what, library.set_read(&ids, state.read)?));
        }
        if state.star || state.unstar {
            let what = if state.star { "starred" } else { "unstarred" };
            changed.push((what, library.set_starred(&ids, state.star)?));
        }
        if state.hide || state.unhide {
            let what = if state.hide { "hidden" } else { "shown" };
            changed.push((what, library.set_hidden(&ids, state.hide)?));
        }
        Ok(())
    };
    let written = write();
    let each: Vec<String> = changed
        .iter()
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    if let Err(error) = written {
        if !each.is_empty() {
            super::print::note(format!("changed before the error: {}", each.join(", ")));
        }
        return Err(error.into());
    }
    if args.query.is_some() {
        let found = crate::say::count(ids.len(), "article");
        super::print::note(match changed.as_slice() {
            [(_, n)] => format!("{found} found, {n} changed"),
            _ => format!("{found} found; changed: {}", each.join(", ")),
        });
    }
    if !missing.is_empty() {
        bail!("no article with id {}", missing.join(", "));
    }
    Ok(())
}

/// `dateline filter apply`: every filter over every stored article.
pub fn apply_filters(library: &mut Library, as_json: bool) -> Result<()> {
    let outcomes = library.apply_filters()?;
    if as_json {
        return output::print_json(&outcomes);
    }
    if outcomes.is_empty() {
        bail!("no filters: add [[filter]] tables (query, action) to config.toml");
    }
    for outcome in &outcomes {
        super::print::note(format!(
            "{}: {} found, {} changed ({})",
            outcome.query,
            crate::say::count(outcome.matched, "article"),
            outcome.changed,
            outcome.action
        ));
    }
    Ok(())
}

/// A directory of our own for the demo store: per user, so a shared server's users do not collide.
fn demo_dir() -> PathBuf {
    let user = std::env::var("USER").unwrap_or_else(|_| "user".into());
    let user: String = user
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    std::env::temp_dir().join(format!("dateline-demo-{user}"))
}

/// Clears an old demo store, refusing to delete anything a demo store would not hold.
fn clear_demo_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let ours = |name: &str| name.starts_with("index") || name.starts_with("dateline.db");
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().to_string();
        if !ours(&name) {
            bail!(
                "{} holds {name}, which is not part of a demo store; move it away and run demo again",
                dir.display()
            );
        }
    }
    std::fs::remove_dir_all(dir)
        .with_context(|| format!("clearing the old demo store {}", dir.display()))
}

/// `dateline demo`: the demo set in a fresh store. With `list`, the articles are listed with a
/// hint of what to try next (for when there is no terminal to open the screen on).
pub fn demo(list: bool) -> Result<PathBuf> {
    let dir = demo_dir();
    clear_demo_dir(&dir)?;
    let mut library = super::open(&dir)?;
    let inputs: Vec<Input> = crate::demo::demo_files()
        .iter()
        .map(|file| Input::Bytes {
            name: file.name.to_string(),
            bytes: file.bytes,
        })
        .collect();
    let report = import::import(&mut library, &inputs)?;
    for failure in &report.failed {
        output::warn(format!("demo file {}: {}", failure.path, failure.error));
    }
    if list {
        let rows = library.list(ListFilter::default(), 100, 0)?;
        output::summaries(&rows, false)?;
        output::print_demo_hint(&dir, report.imported.len());
    }
    Ok(dir)
}
