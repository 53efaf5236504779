//! `dateline entity NAME [--kind person] [--json]`: a name's page (see `library::entity_page`).

use anyhow::Result;
use clap::Args;

use super::JsonFlag;
use super::output::print_json;
use super::print;
use crate::article::EntityKind;
use crate::library::Library;
use crate::say::sparkline;

#[derive(Debug, Args)]
pub struct EntityArgs {
    #[command(flatten)]
    pub json: JsonFlag,
    /// Only as this kind of name: person, organization, place, misc (any of the first three by default)
    #[arg(long, value_parser = kind)]
    pub kind: Option<EntityKind>,
    /// The name, as the reader shows it (`Tomas Kerrigan`)
    #[arg(required = true, num_args = 1..)]
    pub name: Vec<String>,
}

fn kind(text: &str) -> Result<EntityKind, String> {
    match text.to_lowercase().as_str() {
        "person" | "people" | "per" => Ok(EntityKind::Person),
        "org" | "organization" | "organisation" => Ok(EntityKind::Organization),
        "place" | "location" | "loc" => Ok(EntityKind::Place),
        "misc" => Ok(EntityKind::Misc),
        _ => Err(format!(
            "`{text}` is not a kind of name (person, organization, place, misc)"
        )),
    }
}

pub fn entity(library: &Library, args: EntityArgs) -> Result<()> {
    let name = args.name.join(" ");
    let page = library.entity_page(&name, args.kind, chrono::Utc::now())?;
    if args.json.json {
        return print_json(&page);
    }
    let mut out = print::stdout();
    let counts: Vec<usize> = page.days.iter().map(|(_, n)| *n).collect();
    out.line(format!(
        "{}: {}",
        page.name,
        crate::say::count(page.total, "article")
    ))?;
    if let (Some(first), Some(last)) = (page.days.first(), page.days.last()) {
        out.line(format!(
            "per day {} to {}: [{}]",
            first.0,
            last.0,
            sparkline(&counts)
        ))?;
    }
    if !page.sources.is_empty() {
        let sources: Vec<String> = page
            .sources
            .iter()
            .map(|(source, n)| format!("{source} {n}"))
            .collect();
        out.fitted(format!("sources: {}", sources.join(", ")))?;
    }
    if !page.related.is_empty() {
        let related: Vec<String> = page
            .related
            .iter()
            .map(|(_, name, n)| format!("{name} {n}"))
            .collect();
        out.fitted(format!("with: {}", related.join(", ")))?;
    }
    for article in &page.articles {
        out.fitted(format!(
            "{:>7}  {}  {:<16}  {}",
            article.id,
            article.published.format("%Y-%m-%d"),
            crate::wrap::fit(&article.source, 16),
            article.title
        ))?;
    }
    out.flush()?;
    Ok(())
}
