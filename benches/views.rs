//! Views at scale: the sidebar's saved searches counted (20 of them, each its total and unread,
//! through the index), and marking a view of about 100,000 articles read and back (`A`, `u`).
//!
//! `cargo bench --bench views -- --data-dir DIR` on a library made by the scale benchmark
//! (`cargo bench --bench scale -- --articles 1000000 --no-entities --data-dir DIR`). The saved
//! searches it adds are removed again, and the read marks put back.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use dateline::library::{Library, SavedCounts};
use dateline::say::group_digits;

const SIDEBAR_BUDGET_MS: f64 = 50.0;
const MARK_ALL_BUDGET_S: f64 = 1.0;

/// Words of news prose, from common to rarer, for saved searches of every size.
const WORDS: [&str; 20] = [
    "government",
    "minister",
    "police",
    "market",
    "election",
    "company",
    "shares",
    "league",
    "bank",
    "president",
    "oil",
    "trade",
    "court",
    "army",
    "union",
    "prices",
    "profit",
    "talks",
    "rebels",
    "championship",
];

#[derive(clap::Parser)]
struct Args {
    /// A library made by the scale benchmark
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Times each measurement is taken
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, hide = true)]
    bench: bool,
}

/// Counts every saved search `runs` times and prints the times; returns the last counts.
fn sidebar(library: &Library, runs: usize, state: &str) -> Result<Vec<SavedCounts>> {
    let mut times = Vec::new();
    let mut counted = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        // All the sidebar reads: saved searches, tags and feeds, each with its counts.
        counted = library.sidebar()?.saved;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "sidebar ({state}): 20 saved searches, total and unread each, with its tags and feeds: best {:.1} ms, median {median:.1} ms, worst {:.1} ms (budget < {SIDEBAR_BUDGET_MS} ms: {})",
        times[0],
        times[times.len() - 1],
        if median < SIDEBAR_BUDGET_MS {
            "met"
        } else {
            "OVER"
        }
    );
    let sizes: Vec<String> = counted
        .iter()
        .map(|c| {
            format!(
                "{}/{}",
                group_digits(c.unread as u64),
                group_digits(c.total as u64)
            )
        })
        .collect();
    println!("         unread/total: {}", sizes.join(", "));
    Ok(counted)
}

fn main() -> Result<()> {
    let args = <Args as clap::Parser>::parse();
    let Some(dir) = args.data_dir else {
        if args.bench {
            bail!("give --data-dir DIR: a library made by the scale benchmark");
        }
        println!("views benchmark: skipped (no --data-dir)");
        return Ok(());
    };
    let (mut library, notices) = Library::open(&dir)?;
    notices.iter().for_each(|n| eprintln!("note: {n}"));
    let articles = library.counts()?.total;
    println!(
        "views benchmark on {} articles",
        group_digits(articles as u64)
    );

    for (n, word) in WORDS.iter().enumerate() {
        library.add_saved_search(&format!("bench {n:02} {word}"), word, false)?;
    }
    let counted = sidebar(&library, args.runs, "none read")?;
    // The saved search nearest 100,000 articles is the view `A` marks.
    let view = counted
        .iter()
        .min_by_key(|c| c.total.abs_diff(100_000))
        .context("no saved search")?;
    let query = view.saved.query.clone();
    let started = Instant::now();
    // What `A` does (`Library::mark_scope_read`): the view's articles found, the unread among
    // them marked, the changed ids kept for `u`.
    let ids = library.ids_matching(&query)?;
    let found = started.elapsed().as_secs_f64();
    let was_unread = library.counts()?.unread;
    let started = Instant::now();
    let changed = library.set_read_changed(&ids, true)?.len();
    let marked = started.elapsed().as_secs_f64();
    let read_now = format!("{} read", group_digits(ids.len() as u64));
    sidebar(&library, args.runs, &read_now)?;
    for saved in &counted {
        library.remove_saved_search(&saved.saved.name)?;
    }
    let started = Instant::now();
    library.set_read_changed(&ids, false)?;
    let undone = started.elapsed().as_secs_f64();
    let total = found + marked;
    println!(
        "mark all read: `{query}`, {} articles: found in {:.2} s, marked in {:.2} s, {:.2} s in all (budget < {MARK_ALL_BUDGET_S} s: {}); undone in {:.2} s",
        group_digits(ids.len() as u64),
        found,
        marked,
        total,
        if total < MARK_ALL_BUDGET_S {
            "met"
        } else {
            "OVER"
        },
        undone
    );
    if changed != ids.len() || library.counts()?.unread != was_unread {
        bail!("marking and unmarking did not leave the library as it was");
    }
    Ok(())
}
