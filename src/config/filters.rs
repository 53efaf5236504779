//! `[[filter]]` tables of config.toml: a query and an action, each read with its line so a bad
//! one is reported where it is and the others still apply.
//!
//! ```toml
//! [[filter]]
//! query = "feed:reuters sport"
//! action = "hide"        # or "read", "star"
//!
//! [[filter]]
//! query = "person:\"ada lee\""
//! tag = "ada"            # adds the tag instead of an action
//! ```

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::keys::{self, Section};
use super::theme::line_of;
use crate::library::{Filter, FilterAction, parse_acting};

#[derive(Deserialize)]
struct FilterTables {
    #[serde(default)]
    filter: Vec<Spanned<toml::Table>>,
}

/// The filters of config text, and a warning naming the file and line of each one left out.
pub fn parse_filters(text: &str, path: &Path) -> (Vec<Filter>, Vec<String>) {
    let Ok(tables) = toml::from_str::<FilterTables>(text) else {
        return (
            Vec::new(),
            vec![format!(
                "config {}: `filter` must be [[filter]] tables; no filter is used",
                path.display()
            )],
        );
    };
    let mut filters = Vec::new();
    let mut warnings = Vec::new();
    for table in tables.filter {
        let line = line_of(text, table.span().start);
        match filter(table.get_ref()) {
            Ok(filter) => filters.push(filter),
            Err(why) => warnings.push(format!(
                "config {}, line {line}: filter left out: {why}",
                path.display()
            )),
        }
    }
    (filters, warnings)
}

fn filter(table: &toml::Table) -> Result<Filter, String> {
    let text = |key: &str| -> Result<Option<String>, String> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(value)) => Ok(Some(value.clone())),
            Some(_) => Err(format!("`{key}` must be a string")),
        }
    };
    if let Some(key) = table
        .keys()
        .find(|key| !keys::names(Section::Filter).contains(&key.as_str()))
    {
        return Err(format!(
            "unknown key `{key}` (known: {})",
            keys::names(Section::Filter).join(", ")
        ));
    }
    let query = text("query")?
        .filter(|q| !q.trim().is_empty())
        .ok_or("it has no `query`")?;
    if let Err(why) = parse_acting(&query) {
        return Err(format!("its query: {why}"));
    }
    let action = match (text("action")?.as_deref(), text("tag")?) {
        (Some(_), Some(_)) => return Err("give either `action` or `tag`, not both".into()),
        (None, Some(tag)) if !tag.trim().is_empty() => FilterAction::Tag(tag.trim().into()),
        (Some("hide"), None) => FilterAction::Hide,
        (Some("read"), None) => FilterAction::Read,
        (Some("star"), None) => FilterAction::Star,
        (Some(other), None) => {
            return Err(format!(
                "unknown action `{other}` (hide, read, star, or tag = \"...\")"
            ));
        }
        (None, _) => return Err("it has no `action` or `tag`".into()),
    };
    Ok(Filter { query, action })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_filters_are_kept_and_bad_ones_named_by_line() {
        let text = "theme = \"light\"\n\n[[filter]]\nquery = \"sport\"\naction = \"hide\"\n\n\
                    [[filter]]\nquery = \"after:2026-13-01\"\naction = \"read\"\n\n\
                    [[filter]]\nquery = \"ada\"\ntag = \"people\"\n\n\
                    [[filter]]\nquery = \"x\"\naction = \"delete\"\n";
        let (filters, warnings) = parse_filters(text, Path::new("c.toml"));
        assert_eq!(
            filters,
            [
                Filter {
                    query: "sport".into(),
                    action: FilterAction::Hide
                },
                Filter {
                    query: "ada".into(),
                    action: FilterAction::Tag("people".into())
                },
            ]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("config c.toml, line 7: filter left out: its query"));
        assert!(warnings[1].contains("line 15") && warnings[1].contains("unknown action `delete`"));
    }

    #[test]
    fn a_query_that_would_match_every_article_is_left_out() {
        for (query, why) in [
            ("person:", "`person:`: nothing after the colon"),
            ("feed:(", "`feed:(`: no letters or digits"),
            ("AND", "`AND` has nothing to search for"),
            ("( )", "has nothing to search for"),
        ] {
            let text = format!("[[filter]]\nquery = \"{query}\"\naction = \"hide\"\n");
            let (filters, warnings) = parse_filters(&text, Path::new("c.toml"));
            assert!(filters.is_empty(), "{query}: {filters:?}");
            assert!(
                warnings.len() == 1 && warnings[0].contains(why),
                "{query}: {warnings:?}"
            );
        }
    }
}
