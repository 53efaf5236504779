//! Reading config.toml's text: every line that breaks the syntax is left out with a warning,
//! every key is read on its own, and a bad value costs only that key (file and line named).

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use super::duration::parse_duration;
use super::{Config, ConfigSource, feeds, filters, theme};
use crate::store::ListOrder;

/// The keys `config.toml` may set, listed in the warning for an unknown one.
const KEYS: &[&str] = &[
    "data_dir",
    "theme",
    "mark_read_on_open",
    "opener",
    "hyperlinks",
    "keys",
    "filter",
    "notify_command",
    "password_command",
    "alert_bell",
    "refresh_every",
    "sync_timeout",
    "keep",
    "feeds",
    "sort",
    "mouse",
    "stories",
    "images",
];

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
        let result = match name {
            "data_dir" => field(value).map(|v| config.data_dir = Some(v)),
            "theme" => field(value).map(|v| config.theme = Some(v)),
            "mark_read_on_open" => field(value).map(|v| config.mark_read_on_open = v),
            "opener" => field(value).map(|v| config.opener = Some(v)),
            "hyperlinks" => field(value).map(|v| config.hyperlinks = v),
            "keys" => field(value).map(|v| config.keys = v),
            "notify_command" => field(value).map(|v| config.notify_command = Some(v)),
            "password_command" => field(value).map(|v| config.password_command = Some(v)),
            "alert_bell" => field(value).map(|v| config.alert_bell = v),
            "refresh_every" => field::<String>(value)
                .and_then(|v| parse_duration(&v))
                .map(|v| config.refresh_every = Some(v)),
            "sync_timeout" => field::<String>(value)
                .and_then(|v| parse_duration(&v))
                .map(|v| config.sync_timeout = v),
            "sort" => field::<String>(value).and_then(|v| {
                ListOrder::from_name(&v)
                    .map(|order| config.sort = order)
                    .ok_or_else(|| {
                        format!("`{v}` is not an order (newest, oldest, source, unread)")
                    })
            }),
            "mouse" => field(value).map(|v| config.mouse = v),
            "stories" => field(value).map(|v| config.stories = v),
            "images" => field(value).map(|v| config.images = v),
            "keep" => field::<String>(value)
                .and_then(|v| parse_duration(&v))
                .map(|v| config.keep = Some(v)),
            "feeds" => {
                let (feeds, feed_warnings) = feeds::parse_feed_settings(&text, path);
                config.feeds = feeds;
                warnings.extend(feed_warnings);
                continue;
            }
            "filter" => {
                let (filters, filter_warnings) = filters::parse_filters(&text, path);
                config.filters = filters;
                warnings.extend(filter_warnings);
                continue;
            }
            _ => {
                let known = KEYS.join(", ");
                warnings.push(format!(
                    "{}: unknown key `{name}` (known: {known})",
                    at(key_at)
                ));
                continue;
            }
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
fn field<T: serde::de::DeserializeOwned>(value: toml::Value) -> Result<T, String> {
    value
        .try_into()
        .map_err(|e: toml::de::Error| e.message().trim_end().to_string())
}
