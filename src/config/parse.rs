//! Reading config.toml's text: every line that breaks the syntax is left out with a warning,
//! every key is read on its own, and a bad value costs only that key (file and line named).

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use super::keys::{self, Read, Section};
use super::{Config, ConfigSource, feeds, filters, theme};

/// The line of a top-level key in config text (as `ConfigSource` keeps it), found as `parse`
/// finds the lines its warnings name.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let table = toml::from_str::<BTreeMap<Spanned<String>, toml::Value>>(text).ok()?;
    let (name, _) = table.iter().find(|(name, _)| name.get_ref() == key)?;
    Some(theme::line_of(text, name.span().start))
}

/// Parses config text. Never fails: a line with a syntax error is reported and left out, and the
/// rest is read; an unknown key or a bad value gives a warning naming the file, the line and the
/// key, and that key keeps its default.
pub fn parse(text: &str, path: &Path) -> (Config, Vec<String>) {
    let (text, mut warnings) = without_broken_lines(text, path);
    let mut config = Config {
        source: Some(ConfigSource {
            path: path.to_path_buf(),
            text: text.clone(),
        }),
        ..Config::default()
    };
    let at = |offset: usize| {
        format!(
            "config {}, line {}",
            path.display(),
            theme::line_of(&text, offset)
        )
    };
    let Ok(table) = toml::from_str::<BTreeMap<Spanned<String>, Spanned<toml::Value>>>(&text) else {
        return (config, warnings);
    };
    // The map is ordered by key; warnings read better in file order.
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in entries {
        let (name, key_at, value_at) =
            (key.get_ref().as_str(), key.span().start, value.span().start);
        let value = value.into_inner();
        let Some(key) = keys::find(Section::Top, name) else {
            let known = keys::names(Section::Top).join(", ");
            warnings.push(format!(
                "{}: unknown key `{name}` (known: {known})",
                at(key_at)
            ));
            continue;
        };
        let result = match key.read {
            Read::Value(set) => set(&mut config, value),
            Read::FeedTables => {
                let (feeds, feed_warnings) = feeds::parse_feed_settings(&text, path);
                config.feeds = feeds;
                warnings.extend(feed_warnings);
                continue;
            }
            Read::FilterTables => {
                let (filters, filter_warnings) = filters::parse_filters(&text, path);
                config.filters = filters;
                warnings.extend(filter_warnings);
                continue;
            }
            // Only top-level keys are looked up here.
            Read::Feed(_) | Read::FilterKey | Read::Binding => continue,
        };
        if let Err(message) = result {
            warnings.push(format!(
                "{}: `{name}`: {message}; using the default",
                at(value_at)
            ));
        }
    }
    (config, warnings)
}

/// The config text with every line that breaks its syntax blanked (so line numbers stay), and
/// a warning for each. Text that cannot be mended line by line is left out whole.
fn without_broken_lines(text: &str, path: &Path) -> (String, Vec<String>) {
    const MOST_MENDS: usize = 20;
    let mut text = text.to_string();
    let mut warnings = Vec::new();
    let mut blanked = Vec::new();
    loop {
        let Err(error) = toml::from_str::<toml::Table>(&text) else {
            return (text, warnings);
        };
        let message = error.message().trim_end().to_string();
        let line = error.span().map(|span| theme::line_of(&text, span.start));
        match line {
            Some(line) if !blanked.contains(&line) && blanked.len() < MOST_MENDS => {
                warnings.push(format!(
                    "config {}, line {line}: {message}; the line is ignored",
                    path.display()
                ));
                blanked.push(line);
                text = text
                    .split('\n')
                    .enumerate()
                    .map(|(i, l)| if i + 1 == line { "" } else { l })
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            _ => {
                let place = line.map_or(String::new(), |line| format!(", line {line}"));
                warnings.push(format!(
                    "config {}{place}: {message}; using the defaults",
                    path.display()
                ));
                return (String::new(), warnings);
            }
        }
    }
}

/// One value converted to its field's type; the error is serde's description of the mismatch.
pub(super) fn field<T: serde::de::DeserializeOwned>(value: toml::Value) -> Result<T, String> {
    value
        .try_into()
        .map_err(|e: toml::de::Error| e.message().trim_end().to_string())
}
