//! Per-feed settings, `[feeds."NAME or URL"]` tables of config.toml, and the global `keep`:
//!
//! ```toml
//! keep = "180d"                 # every feed's articles, unless the feed says otherwise
//!
//! [feeds."Coastal Wire"]        # a feed's name or its URL
//! keep = "30d"                  # articles older than this are removed (starred ones stay)
//! max_items = 200               # and all but the newest 200
//! full_text = true              # fetch each new article's page
//! refresh_every = "2h"          # with `refresh --every`, this feed waits this long
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::keys::{self, Read, Section};
use super::theme::line_of;

/// One feed's settings; what is not given follows the global settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedSettings {
    pub keep: Option<Duration>,
    pub max_items: Option<usize>,
    pub full_text: bool,
    pub refresh_every: Option<Duration>,
}

#[derive(Deserialize)]
struct FeedTables {
    #[serde(default)]
    feeds: BTreeMap<String, BTreeMap<Spanned<String>, toml::Value>>,
}

/// The `[feeds."..."]` tables by the name or URL they give, and a warning (file and line) for
/// each setting left out.
pub fn parse_feed_settings(
    text: &str,
    path: &Path,
) -> (BTreeMap<String, FeedSettings>, Vec<String>) {
    let mut warnings = Vec::new();
    let Ok(tables) = toml::from_str::<FeedTables>(text) else {
        warnings.push(format!(
            "config {}: `feeds` must be [feeds.\"NAME\"] tables; no feed settings are used",
            path.display()
        ));
        return (BTreeMap::new(), warnings);
    };
    let mut settings = BTreeMap::new();
    for (feed, table) in tables.feeds {
        let mut one = FeedSettings::default();
        // In file order, so warnings read top to bottom.
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let line = line_of(text, key.span().start);
            let name = key.get_ref().as_str();
            let read = match keys::find(Section::Feed, name).map(|key| &key.read) {
                Some(Read::Feed(set)) => set(&mut one, &value),
                _ => Err(format!(
                    "unknown key `{name}` (known: {})",
                    keys::names(Section::Feed).join(", ")
                )),
            };
            if let Err(why) = read {
                warnings.push(format!(
                    "config {}, line {line}: [feeds.\"{feed}\"]: {why}; left out",
                    path.display()
                ));
            }
        }
        settings.insert(feed, one);
    }
    (settings, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_tables_are_read_by_name_and_bad_keys_named_by_line() {
        let text = "[feeds.\"Coastal Wire\"]\nkeep = \"30d\"\nmax_items = 200\nfull_text = true\n\n\
                    [feeds.\"https://x.example/rss\"]\nrefresh_every = \"2h\"\nmax_items = -1\ncolour = 1\n";
        let (settings, warnings) = parse_feed_settings(text, Path::new("c.toml"));
        assert_eq!(
            settings["Coastal Wire"],
            FeedSettings {
                keep: Some(Duration::from_secs(30 * 86_400)),
                max_items: Some(200),
                full_text: true,
                refresh_every: None,
            }
        );
        assert_eq!(
            settings["https://x.example/rss"].refresh_every,
            Some(Duration::from_secs(7200))
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("line 8") && warnings[0].contains("max_items"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("line 9") && warnings[1].contains("`colour`"));
    }
}
