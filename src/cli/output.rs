//! What the subcommands print: one JSON document on stdout with `--json`, readable text otherwise.
//! Messages for people go to stderr so stdout stays clean for scripts. Every line goes out through
//! [`super::print`], which cleans it.

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

pub use super::print::warn;
use super::print::{self, note};
use crate::article::{Article, ArticleSummary};
use crate::import::ImportReport;
use crate::library::{Library, LibraryStats};
use crate::say::count;
use crate::search::query::ParsedQuery;
use crate::search::{Highlighter, SearchResults, Snippet};

/// Characters of body text in a search snippet.
const SNIPPET_CHARS: usize = 160;
/// Display columns of the source in a list line; a longer source ends in `…`.
const SOURCE_COLUMNS: usize = 16;

pub(super) fn print_json(value: &impl Serialize) -> Result<()> {
    print::json(value)
}

fn date(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// Problems an import says one per line; past them it counts the rest, so a file of a million
/// broken items says the first ones and how many more, not a million lines.
const PROBLEM_LINES: usize = 100;

/// `{"imported": [ids], "duplicates": n, "failed": [{"path", "line"?, "error"}], "warnings": [...]}`,
/// or a summary on stderr.
pub fn import_report(report: &ImportReport, as_json: bool) -> Result<()> {
    for notice in &report.notices {
        warn(notice);
    }
    if as_json {
        return print_json(report);
    }
    let failures = report.failed.iter().map(|failure| {
        let line = failure.line.map(|l| format!(":{l}")).unwrap_or_default();
        format!("{}{line}: {}", failure.path, failure.error)
    });
    let left_out = report.warnings.iter().map(|left_out| {
        let line = left_out.line.map(|l| format!(":{l}")).unwrap_or_default();
        format!(
            "{}{line}: {}; left out, the article kept",
            left_out.path, left_out.error
        )
    });
    let problems = report.failed.len() + report.warnings.len();
    for problem in failures.chain(left_out).take(PROBLEM_LINES) {
        warn(problem);
    }
    if problems > PROBLEM_LINES {
        warn(format!(
            "{} not shown (`import --json` lists every one)",
            crate::say::count(problems - PROBLEM_LINES, "more problem")
        ));
    }
    note(format!(
        "imported {}, duplicates {}, failed {}",
        report.imported.len(),
        report.duplicates,
        report.failed.len()
    ));
    Ok(())
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    id: i64,
    title: &'a str,
    source: &'a str,
    published: DateTime<Utc>,
    read: bool,
    starred: bool,
}

impl<'a> From<&'a ArticleSummary> for SummaryJson<'a> {
    fn from(s: &'a ArticleSummary) -> Self {
        SummaryJson {
            id: s.id,
            title: &s.title,
            source: &s.source,
            published: s.published,
            read: s.read,
            starred: s.starred,
        }
    }
}

fn summary_line(s: &ArticleSummary) -> String {
    let marks = format!(
        "{}{}",
        if s.read { ' ' } else { 'N' },
        if s.starred { '*' } else { ' ' }
    );
    // Cut and padded by display columns, so wide characters and a long name keep the columns.
    let source = crate::wrap::fit(&s.source, SOURCE_COLUMNS);
    let pad = " ".repeat(SOURCE_COLUMNS.saturating_sub(crate::wrap::width(&source)));
    format!(
        "{:>7} {marks} {}  {source}{pad}  {}",
        s.id,
        date(&s.published),
        s.title
    )
}

/// `[{"id", "title", "source", "published", "read", "starred"}]`, or one line each.
pub fn summaries(rows: &[ArticleSummary], as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&rows.iter().map(SummaryJson::from).collect::<Vec<_>>());
    }
    let mut out = print::stdout();
    for row in rows {
        out.fitted(summary_line(row))?;
    }
    out.flush()?;
    Ok(())
}

/// The whole article; `entities` stays empty until the recogniser fills it.
/// One article; `full_text` is its page's text when `fetch-full` kept it.
pub fn article(
    a: &Article,
    full_text: Option<&str>,
    story: Option<i64>,
    as_json: bool,
) -> Result<()> {
    if as_json {
        return print_json(&json!({
            "id": a.id,
            "title": a.title,
            "standfirst": a.standfirst,
            "source": a.source,
            "author": a.author,
            "url": a.url,
            "image": a.image,
            "published": a.published,
            "dateline": a.dateline,
            "body": a.body,
            "full_text": full_text,
            "links": a.links,
            "tags": a.tags,
            "entities": crate::entities::named(&a.entities),
            "read": a.read,
            "starred": a.starred,
            "story": story,
        }));
    }
    let mut out = print::stdout();
    out.line(&a.title)?;
    if !a.standfirst.is_empty() {
        out.line(&a.standfirst)?;
    }
    let byline = [a.source.as_str(), a.author.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    out.line(format!("{byline}  {}", date(&a.published)))?;
    if let Some(url) = &a.url {
        out.line(url)?;
    }
    if !a.tags.is_empty() {
        out.line(format!("Tags: {}", a.tags.join(", ")))?;
    }
    out.line("")?;
    out.line(&a.body)?;
    if let Some(full) = full_text {
        out.line(format!("\nFull text:\n{full}"))?;
    }
    if !a.links.is_empty() {
        out.line("\nLinks:")?;
        for (number, link) in a.links.iter().enumerate() {
            out.line(format!("[{}] {}", number + 1, link.url))?;
        }
    }
    out.flush()?;
    Ok(())
}

#[derive(Serialize)]
struct HitJson<'a> {
    id: i64,
    title: &'a str,
    source: &'a str,
    published: DateTime<Utc>,
    score: f32,
    snippet: String,
    /// Character ranges of the matches within `snippet`.
    highlights: Vec<[usize; 2]>,
}

/// `[{"id", "title", "source", "published", "score", "snippet"}]`, or a line and a snippet per hit.
pub fn search_results(
    library: &Library,
    parsed: &ParsedQuery,
    results: &SearchResults,
    as_json: bool,
) -> Result<()> {
    let mut highlighter = Highlighter::new(parsed);
    let mut rows = Vec::with_capacity(results.hits.len());
    for hit in &results.hits {
        let Some(article) = library.get(hit.id)? else {
            continue;
        };
        // The snippet shows where the words are: the body, else the standfirst, else the page's
        // text `fetch-full` kept (read only then).
        let page;
        let source_text = if !highlighter.matches(&article.body).is_empty() {
            &article.body
        } else if !highlighter.matches(&article.standfirst).is_empty() {
            &article.standfirst
        } else if highlighter.is_empty() {
            // Nothing to mark (a query of filters only): no page to read.
            &article.body
        } else {
            page = library.full_text(hit.id)?;
            match page.as_deref() {
                Some(page) if !highlighter.matches(page).is_empty() => page,
                _ => &article.body,
            }
        };
        let snippet = highlighter.snippet(source_text, SNIPPET_CHARS);
        rows.push((article, hit.score, snippet));
    }
    if as_json {
        let hits: Vec<HitJson> = rows
            .iter()
            .map(|(a, score, snippet)| HitJson {
                id: a.id,
                title: &a.title,
                source: &a.source,
                published: a.published,
                score: *score,
                snippet: snippet.text.clone(),
                highlights: snippet
                    .highlights
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
            })
            .collect();
        return print_json(&hits);
    }
    let mut out = print::stdout();
    for (a, _, snippet) in &rows {
        let summary = ArticleSummary {
            id: a.id,
            title: a.title.clone(),
            source: a.source.clone(),
            published: a.published,
            read: a.read,
            starred: a.starred,
            story: None,
        };
        out.fitted(summary_line(&summary))?;
        let pieces = snippet_pieces(snippet);
        let indent = std::iter::once(("          ", false));
        out.marked(indent.chain(pieces.iter().map(|(text, mark)| (text.as_str(), *mark))))?;
    }
    out.flush()?;
    match (rows.len(), results.total) {
        (_, 0) => note("no matches"),
        (shown, total) if shown == total => note(count(total, "match")),
        (shown, total) => note(format!(
            "{shown} of {} (--limit shows more)",
            count(total, "match")
        )),
    }
    Ok(())
}

/// The snippet cut into pieces, each a match or the text between matches.
fn snippet_pieces(snippet: &Snippet) -> Vec<(String, bool)> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut ranges = snippet.highlights.iter().peekable();
    for (i, c) in snippet.text.chars().enumerate() {
        while ranges.peek().is_some_and(|r| r.end <= i) {
            ranges.next();
        }
        let is_mark = ranges.peek().is_some_and(|r| r.start <= i);
        match pieces.last_mut() {
            Some((text, mark)) if *mark == is_mark => text.push(c),
            _ => pieces.push((c.to_string(), is_mark)),
        }
    }
    pieces
}

/// Store and index totals.
pub fn stats(library: &Library, as_json: bool) -> Result<()> {
    let LibraryStats {
        store: stats,
        index_documents: index_docs,
        index_bytes,
    } = library.stats()?;
    if as_json {
        return print_json(&json!({
            "articles": stats.articles,
            "unread": stats.unread,
            "starred": stats.starred,
            "hidden": stats.hidden,
            "sources": stats.sources,
            "oldest": stats.oldest,
            "newest": stats.newest,
            "index_documents": index_docs,
            "index_bytes": index_bytes,
            "data_dir": library.data_dir(),
        }));
    }
    let mut out = print::stdout();
    out.line(format!("articles  {}", stats.articles))?;
    out.line(format!("unread    {}", stats.unread))?;
    out.line(format!("starred   {}", stats.starred))?;
    if stats.hidden > 0 {
        out.line(format!("hidden    {}", stats.hidden))?;
    }
    out.line(format!("sources   {}", stats.sources))?;
    if let (Some(oldest), Some(newest)) = (stats.oldest, stats.newest) {
        out.line(format!("from      {} to {}", date(&oldest), date(&newest)))?;
    }
    out.line(format!(
        "index     {}, {}",
        count(index_docs, "document"),
        human_bytes(index_bytes)
    ))?;
    out.line(format!("data      {}", library.data_dir().display()))?;
    out.flush()?;
    Ok(())
}

fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b => format!("{:.0} KB", b as f64 / 1024.0),
    }
}

/// How to keep exploring the demo store.
pub fn print_demo_hint(dir: &Path, count: usize) {
    let dir = dir.display();
    // The name this binary was run by (`target/release/dateline` under `cargo run`), so the hint
    // works whether or not dateline is installed on the PATH.
    let me = std::env::args().next().unwrap_or_else(|| "dateline".into());
    note(format!(
        "\n{count} demo articles are in {dir}. Try:\n  {me} --data-dir {dir} search 'port OR harbour'\n  {me} --data-dir {dir} search 'title:minist'\n  {me} --data-dir {dir} show 6"
    ));
}
