//! What the subcommands print: one JSON document on stdout with `--json`, readable text otherwise.
//! Messages for people go to stderr so stdout stays clean for scripts.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::article::{Article, ArticleSummary};
use crate::import::ImportReport;
use crate::ingest::sanitize::strip_controls;
use crate::library::Library;
use crate::search::query::ParsedQuery;
use crate::search::{Highlighter, SearchResults, Snippet};

/// Characters of body text in a search snippet.
const SNIPPET_CHARS: usize = 160;

/// A message for people on stderr. Messages quote file names and values from outside, so control
/// sequences are removed first.
pub fn warn(message: &str) {
    eprintln!("dateline: {}", strip_controls(message));
}

/// The terminal's width when stdout is one; lines are cut to it so a long title cannot wrap the list.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
}

/// `line` cut to `width` display columns (wide characters count two), with `…` when cut.
fn fit(line: &str, width: Option<usize>) -> String {
    match width {
        Some(width) => crate::tui::wrap::fit(line, width),
        None => line.to_string(),
    }
}

pub(super) fn print_json(value: &impl Serialize) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn date(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// `{"imported": [ids], "duplicates": n, "failed": [{"path", "error"}]}`, or a summary on stderr.
pub fn import_report(report: &ImportReport, as_json: bool) -> Result<()> {
    for notice in &report.notices {
        warn(notice);
    }
    if as_json {
        return print_json(report);
    }
    for failure in &report.failed {
        let line = failure.line.map(|l| format!(":{l}")).unwrap_or_default();
        warn(&format!("{}{line}: {}", failure.path, failure.error));
    }
    eprintln!(
        "imported {}, duplicates {}, failed {}",
        report.imported.len(),
        report.duplicates,
        report.failed.len()
    );
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
    let source: String = s.source.chars().take(16).collect();
    format!(
        "{:>7} {marks} {}  {source:<16}  {}",
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
    let width = terminal_width();
    let mut out = std::io::stdout().lock();
    for row in rows {
        writeln!(out, "{}", fit(&summary_line(row), width))?;
    }
    Ok(())
}

/// The whole article; `entities` stays empty until the recogniser fills it.
/// One article; `full_text` is its page's text when `fetch-full` kept it.
pub fn article(a: &Article, full_text: Option<&str>, as_json: bool) -> Result<()> {
    if as_json {
        return print_json(&json!({
            "id": a.id,
            "title": a.title,
            "standfirst": a.standfirst,
            "source": a.source,
            "author": a.author,
            "url": a.url,
            "published": a.published,
            "dateline": a.dateline,
            "body": a.body,
            "full_text": full_text,
            "links": a.links,
            "entities": a.entities,
            "read": a.read,
            "starred": a.starred,
        }));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", a.title)?;
    if !a.standfirst.is_empty() {
        writeln!(out, "{}", a.standfirst)?;
    }
    let byline = [a.source.as_str(), a.author.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    writeln!(out, "{byline}  {}", date(&a.published))?;
    if let Some(url) = &a.url {
        writeln!(out, "{url}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", a.body)?;
    if let Some(full) = full_text {
        writeln!(out, "\nFull text:\n{full}")?;
    }
    if !a.links.is_empty() {
        writeln!(out)?;
        writeln!(out, "Links:")?;
        for (number, link) in a.links.iter().enumerate() {
            writeln!(out, "[{}] {}", number + 1, link.url)?;
        }
    }
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
        let Some(article) = library.store.get(hit.id)? else {
            continue;
        };
        let source_text = if highlighter.matches(&article.body).is_empty()
            && !highlighter.matches(&article.standfirst).is_empty()
        {
            &article.standfirst
        } else {
            &article.body
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
    let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width = terminal_width();
    let mut out = std::io::stdout().lock();
    for (a, _, snippet) in &rows {
        let summary = ArticleSummary {
            id: a.id,
            title: a.title.clone(),
            source: a.source.clone(),
            published: a.published,
            read: a.read,
            starred: a.starred,
        };
        writeln!(out, "{}", fit(&summary_line(&summary), width))?;
        writeln!(out, "          {}", marked(snippet, styled))?;
    }
    match (rows.len(), results.total) {
        (_, 0) => eprintln!("no matches"),
        (1, 1) => eprintln!("1 match"),
        (shown, total) if shown == total => eprintln!("{total} matches"),
        (shown, total) => eprintln!("{shown} of {total} matches (--limit shows more)"),
    }
    Ok(())
}

/// The snippet with its matches in bold on a terminal, or in [brackets] elsewhere.
fn marked(snippet: &Snippet, styled: bool) -> String {
    let (open, close) = if styled {
        ("\x1b[1m", "\x1b[22m")
    } else {
        ("[", "]")
    };
    let mut text = String::new();
    let mut ranges = snippet.highlights.iter().peekable();
    for (i, c) in snippet.text.chars().enumerate() {
        if ranges.peek().is_some_and(|r| r.start == i) {
            text.push_str(open);
        }
        text.push(c);
        if ranges.peek().is_some_and(|r| r.end == i + 1) {
            text.push_str(close);
            ranges.next();
        }
    }
    text
}

/// Store and index totals.
pub fn stats(library: &Library, as_json: bool) -> Result<()> {
    let stats = library.store.stats()?;
    let index_docs = library.index.num_docs();
    let index_bytes = library.index.size_on_disk();
    if as_json {
        return print_json(&json!({
            "articles": stats.articles,
            "unread": stats.unread,
            "starred": stats.starred,
            "sources": stats.sources,
            "oldest": stats.oldest,
            "newest": stats.newest,
            "index_documents": index_docs,
            "index_bytes": index_bytes,
            "data_dir": library.data_dir(),
        }));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "articles  {}", stats.articles)?;
    writeln!(out, "unread    {}", stats.unread)?;
    writeln!(out, "starred   {}", stats.starred)?;
    writeln!(out, "sources   {}", stats.sources)?;
    if let (Some(oldest), Some(newest)) = (stats.oldest, stats.newest) {
        writeln!(out, "from      {} to {}", date(&oldest), date(&newest))?;
    }
    writeln!(
        out,
        "index     {index_docs} documents, {}",
        human_bytes(index_bytes)
    )?;
    writeln!(out, "data      {}", library.data_dir().display())?;
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
    eprintln!(
        "\n{count} demo articles are in {dir}. Try:\n  {me} --data-dir {dir} search 'port OR harbour'\n  {me} --data-dir {dir} search 'title:minist'\n  {me} --data-dir {dir} show 6"
    );
}
