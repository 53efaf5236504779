//! Stories: how well the project's own events are grouped (pairwise precision and recall on
//! `tests/fixtures/stories/`), and at scale, on a library made by the scale benchmark, what the
//! stories list's first frame reads (every story's id, then the rows on screen) and how fast
//! `stories rebuild` places articles.
//!
//! `cargo bench --bench stories -- [--data-dir DIR] [--rebuild]`

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use dateline::import::{Input, import};
use dateline::library::Library;
use dateline::say::group_digits;

#[derive(clap::Parser)]
struct Args {
    /// A library made by the scale benchmark, for the figures at scale
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Also put every article of that library into stories again (slow: minutes at 1M)
    #[arg(long)]
    rebuild: bool,
    #[arg(long, hide = true)]
    bench: bool,
}

/// Pairwise precision and recall of the stories of `ids` against their events.
fn pairwise(story: &HashMap<i64, i64>, event: &HashMap<i64, String>) -> (f64, f64) {
    let ids: Vec<i64> = event.keys().copied().collect();
    let (mut both, mut grouped, mut same) = (0u32, 0u32, 0u32);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let together = story.get(a).is_some_and(|s| story.get(b) == Some(s));
            let one = event[a] == event[b];
            grouped += u32::from(together);
            same += u32::from(one);
            both += u32::from(together && one);
        }
    }
    (
        f64::from(both) / f64::from(grouped.max(1)),
        f64::from(both) / f64::from(same.max(1)),
    )
}

fn fixture_figures() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let (mut library, _) = Library::open(dir.path())?;
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories/articles.jsonl");
    let started = Instant::now();
    let report = import(&mut library, &[Input::File(file)])?;
    library.settle()?;
    let took = started.elapsed();
    let mut story = HashMap::new();
    let mut event = HashMap::new();
    for id in &report.imported {
        let article = library.get(*id)?.context("an imported article is gone")?;
        let url = article.url.unwrap_or_default();
        event.insert(*id, url.split('/').nth(3).unwrap_or("").to_string());
        if let Some(s) = library.story_of(*id)? {
            story.insert(*id, s);
        }
    }
    let (precision, recall) = pairwise(&story, &event);
    let stories: std::collections::HashSet<i64> = story.values().copied().collect();
    println!(
        "stories on tests/fixtures/stories: {} articles of {} events in {} stories; pairwise precision {precision:.3}, recall {recall:.3} (goal >= 0.9 each); imported and grouped in {:.0} ms",
        event.len(),
        event
            .values()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        stories.len(),
        took.as_secs_f64() * 1000.0
    );
    Ok(())
}

fn main() -> Result<()> {
    let args = <Args as clap::Parser>::parse();
    fixture_figures()?;
    let Some(dir) = args.data_dir else {
        println!("stories at scale: skipped (no --data-dir)");
        return Ok(());
    };
    let (mut library, notices) = Library::open(&dir)?;
    notices.iter().for_each(|n| eprintln!("note: {n}"));
    let articles = library.counts()?.total;
    let started = Instant::now();
    let ids = library.story_ids()?;
    let listed = started.elapsed();
    let rows = library.story_summaries(&ids[..ids.len().min(60)])?;
    let first_frame = started.elapsed();
    println!(
        "stories list on {} articles: {} stories listed in {:.1} ms, first {} rows read by {:.1} ms (budget for the first frame < 200 ms)",
        group_digits(articles as u64),
        group_digits(ids.len() as u64),
        listed.as_secs_f64() * 1000.0,
        rows.len(),
        first_frame.as_secs_f64() * 1000.0
    );
    if args.rebuild {
        let started = Instant::now();
        let placed = library.rebuild_stories()?;
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "stories rebuild: {} articles in {seconds:.1} s, {} a second",
            group_digits(placed as u64),
            group_digits((placed as f64 / seconds.max(1e-9)) as u64)
        );
    }
    Ok(())
}
