//! `dateline stories [--since 1d] [QUERY]`: the stories of recent news, each with its reports;
//! `dateline stories rebuild` puts everything stored into stories again.

use std::collections::{BTreeSet, HashMap};

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use serde_json::json;

use super::JsonFlag;
use super::output::print_json;
use super::print::{self, note};
use crate::library::{Library, Story};
use crate::say::count;
use crate::search::query::parse_since;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct StoriesArgs {
    #[command(subcommand)]
    pub command: Option<StoriesCommand>,
    #[command(flatten)]
    pub json: JsonFlag,
    /// Only stories with a report newer than this, as the query language's `since:` reads it
    /// (`12h`, `1d`, `2w`, `1m` for 30 days, `1y`, or a day such as 2026-11-02)
    #[arg(long, value_name = "AGE", value_parser = age)]
    pub since: Option<String>,
    /// Most stories listed
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Only stories with a report the query finds (the query language, `dateline search --help`)
    #[arg(allow_hyphen_values = true)]
    pub query: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum StoriesCommand {
    /// Put every stored article into stories again, from the start
    Rebuild,
}

pub fn stories(library: &mut Library, args: StoriesArgs) -> Result<()> {
    if let Some(StoriesCommand::Rebuild) = args.command {
        let started = std::time::Instant::now();
        let bar = super::progress::Bar::new(true);
        library.set_progress(bar.feeder());
        let placed = library.rebuild_stories();
        bar.finish();
        let placed = placed?;
        let seconds = started.elapsed().as_secs_f64();
        note(format!(
            "put {} into stories in {seconds:.1} s ({:.0} a second)",
            count(placed, "article"),
            placed as f64 / seconds.max(1e-9)
        ));
        return Ok(());
    }
    let since = match &args.since {
        Some(age) => parse_since(age, chrono::Utc::now())
            .ok_or_else(|| anyhow!("--since {age}: not an age"))?
            .timestamp(),
        None => i64::MIN,
    };
    let wanted = if args.query.is_empty() {
        None
    } else {
        let mut stories = BTreeSet::new();
        for id in library.ids_matching(&args.query.join(" "))? {
            stories.extend(library.story_of(id)?);
        }
        Some(stories)
    };
    let mut found = Vec::new();
    // Stories are read newest first until enough pass the query.
    let rows = library.story_rows(since, usize::MAX >> 1)?;
    for row in rows {
        if found.len() >= args.limit {
            break;
        }
        if wanted.as_ref().is_some_and(|w| !w.contains(&row.id)) {
            continue;
        }
        if let Some(story) = library.story(row.id)? {
            found.push(story);
        }
    }
    if args.json.json {
        let out: Vec<_> = found
            .iter()
            .map(|story| story_json(library, story))
            .collect::<Result<_>>()?;
        return print_json(&out);
    }
    let mut out = print::stdout();
    for story in &found {
        let newest = story.articles.first().map(|a| a.published);
        let sources: BTreeSet<&str> = story.articles.iter().map(|a| a.source.as_str()).collect();
        out.fitted(format!(
            "{:>7}  {:>5}  {}  {}",
            story.id,
            format!("+{}", story.articles.len().saturating_sub(1)),
            newest.map_or(String::new(), |t| t.format("%Y-%m-%d %H:%M").to_string()),
            story.title
        ))?;
        if sources.len() > 1 {
            let names: Vec<&str> = sources.into_iter().collect();
            out.fitted(format!("{:>16}{}", "", names.join(", ")))?;
        }
    }
    out.flush()?;
    let outside = library.outside_stories()?;
    if outside > 0 {
        note(format!(
            "{} stored before stories are in none yet: `dateline stories rebuild` places them",
            count(outside, "article")
        ));
    }
    if found.is_empty() {
        if library.story_rows(i64::MIN, 1)?.is_empty() {
            note("no stories yet: they form as articles arrive (import, refresh)");
        } else {
            note("no story matches");
        }
    }
    Ok(())
}

/// `--since`'s value, checked as clap parses it (a wrong one is a usage error).
fn age(value: &str) -> Result<String, String> {
    match parse_since(value, chrono::Utc::now()) {
        Some(_) => Ok(value.to_string()),
        None => Err("not an age such as 12h, 3d, 2w, 1m (30 days), 1y or 2026-11-02".into()),
    }
}

/// A story as `--json` gives it, with the names its reports mention most, each counted under its
/// canonical form (`ROTTERDAM` in a dateline and `Rotterdam` are one place, `Blair` in an article
/// about Tony Blair is Tony Blair).
fn story_json(library: &Library, story: &Story) -> Result<serde_json::Value> {
    // Keyed by kind and the canonical name in lower case; the value keeps the first spelling.
    let mut names: HashMap<(String, String), (String, usize)> = HashMap::new();
    for summary in &story.articles {
        let Some(article) = library.get(summary.id)? else {
            continue;
        };
        let canonical = crate::entities::canonical_names(&article.entities);
        for (entity, full) in article.entities.iter().zip(canonical) {
            if entity.kind == crate::article::EntityKind::Date {
                continue;
            }
            let kind = serde_json::to_value(entity.kind)?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let key = (kind, full.to_lowercase());
            names.entry(key).or_insert_with(|| (full, 0)).1 += 1;
        }
    }
    let mut names: Vec<_> = names
        .into_iter()
        .map(|((kind, _), (text, mentions))| (kind, text, mentions))
        .collect();
    names.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    let entities: Vec<_> = names
        .into_iter()
        .take(12)
        .map(|(kind, text, mentions)| json!({"kind": kind, "text": text, "mentions": mentions}))
        .collect();
    let articles: Vec<_> = story
        .articles
        .iter()
        .map(
            |a| json!({"id": a.id, "source": a.source, "title": a.title, "published": a.published}),
        )
        .collect();
    Ok(json!({"id": story.id, "title": story.title, "articles": articles, "entities": entities}))
}
