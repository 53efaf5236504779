//! Configuration: where data lives, and `config.toml` (defaults built in, the user's file layered over).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub mod duration;
mod feeds;
mod filters;
pub mod keymap;
pub mod keys;
mod parse;
pub mod theme;

pub use duration::parse_duration;
pub use feeds::FeedSettings;
pub use parse::{key_line, parse};
use theme::{ColorDepth, Theme};

/// What can go wrong reading the configuration. Mistakes inside the file are warnings, not errors.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no data directory: set --data-dir, DATELINE_DATA_DIR, XDG_DATA_HOME or HOME")]
    NoDataDir,
}

/// Whether the reader's link list uses OSC 8 hyperlinks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hyperlinks {
    /// Detect from the terminal.
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether the reader draws articles' lead pictures (`images =`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Images {
    /// Where the terminal answers that it shows pictures (kitty, iTerm2, WezTerm, sixel).
    #[default]
    Auto,
    /// Also elsewhere, drawn coarsely in coloured half blocks.
    Always,
    /// Never: no picture is fetched or drawn, and the terminal is not asked.
    Never,
}

/// The settings a user can put in `config.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the store and the index live.
    pub data_dir: Option<PathBuf>,
    /// Theme name (built-in or `<config dir>/themes/NAME.toml`).
    pub theme: Option<String>,
    /// Opening an article marks it read. Default true.
    pub mark_read_on_open: bool,
    /// Command that opens links; default `$BROWSER`.
    pub opener: Option<String>,
    /// The opener draws in the terminal though its name does not say so (a script that runs
    /// w3m): it is given the terminal, as a known terminal browser is.
    pub opener_in_terminal: bool,
    /// OSC 8 hyperlinks in the reader's link list: auto (detect from the terminal), always, never.
    pub hyperlinks: Hyperlinks,
    /// Key bindings: `[keys.list]`, `[keys.reader]`, ... parsed by the keymap (`keymap.rs`), kept raw here.
    pub keys: toml::Table,
    /// Where the config came from and its text, so the keymap can name lines. None when there was no file.
    pub source: Option<ConfigSource>,
    /// `[[filter]]` tables: applied to articles as they arrive (see `filters.rs`).
    pub filters: Vec<crate::library::Filter>,
    /// Run (with `sh -c`) when a refresh brings new articles into a saved search that notifies;
    /// `DATELINE_SAVED`, `DATELINE_COUNT` and `DATELINE_TITLES` (one a line) say what.
    pub notify_command: Option<String>,
    /// Run (with `sh -c`) to get a sync account's password when the account has no command of
    /// its own; `DATELINE_ACCOUNT`, `DATELINE_USER` and `DATELINE_URL` say which. Its first line
    /// of output is the password.
    pub password_command: Option<String>,
    /// Ring the terminal's bell with an alert.
    pub alert_bell: bool,
    /// Refresh every so often while the screen is open (`"30m"`; none by default).
    pub refresh_every: Option<std::time::Duration>,
    /// How long one request to a sync account's server may take before the sync stops with
    /// "no complete answer within N s" (the changes wait for the next).
    pub sync_timeout: std::time::Duration,
    /// How long feeds' articles are kept unless a feed says otherwise (none: for ever).
    pub keep: Option<std::time::Duration>,
    /// `[feeds."NAME or URL"]` tables (see `feeds.rs`).
    pub feeds: BTreeMap<String, FeedSettings>,
    /// The list's order when the screen opens: newest, oldest, source, unread (first).
    pub sort: crate::store::ListOrder,
    /// Lists show read articles too (false: each opens unread only, as `U` makes it).
    pub show_read: bool,
    /// Clicks select, a double-click opens, the wheel scrolls (off by default: the terminal's
    /// own selection then needs Shift).
    pub mouse: bool,
    /// The screen opens on the stories list (one row per event).
    pub stories: bool,
    /// Lead pictures above the reader's text: auto, always, never.
    pub images: Images,
}

impl Config {
    /// The settings for a feed, by its name (any case) or its address (in any spelling, see
    /// `ingest::feed_address`).
    pub fn feed_settings(&self, name: &str, url: &str) -> FeedSettings {
        let address = crate::ingest::feed_address(url);
        self.feeds
            .iter()
            .find(|(key, _)| {
                key.eq_ignore_ascii_case(name)
                    || key.as_str() == url
                    || crate::ingest::feed_address(key) == address
            })
            .map(|(_, settings)| settings.clone())
            .unwrap_or_default()
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            data_dir: None,
            theme: None,
            mark_read_on_open: true,
            opener: None,
            opener_in_terminal: false,
            hyperlinks: Hyperlinks::default(),
            keys: toml::Table::new(),
            source: None,
            filters: Vec::new(),
            notify_command: None,
            password_command: None,
            alert_bell: false,
            refresh_every: None,
            sync_timeout: std::time::Duration::from_secs(60),
            keep: None,
            feeds: BTreeMap::new(),
            sort: crate::store::ListOrder::default(),
            show_read: true,
            mouse: false,
            stories: false,
            images: Images::default(),
        }
    }
}

/// The config file a `Config` was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSource {
    pub path: PathBuf,
    pub text: String,
}

/// The default config file: `$XDG_CONFIG_HOME/dateline/config.toml` or `~/.config/dateline/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    env_dir("XDG_CONFIG_HOME")
        .or_else(|| env_dir("HOME").map(|home| home.join(".config")))
        .map(|base| base.join("dateline").join("config.toml"))
}

/// A directory named by environment variable `name`: unset, empty and relative values are ignored,
/// as the XDG base directory specification says.
pub fn env_dir(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

/// Reads the config. A file named with `--config` must exist; the default one may be absent. Mistakes
/// in the file come back as warnings (file, line, key) and the defaults are used for what was bad.
pub fn load(explicit: Option<&Path>) -> Result<(Config, Vec<String>), ConfigError> {
    let (path, required) = match explicit {
        Some(path) => (path.to_path_buf(), true),
        None => match default_config_path() {
            Some(path) => (path, false),
            None => return Ok((Config::default(), Vec::new())),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Config::default(), Vec::new()));
        }
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    let (mut config, warnings) = parse(&text, &path);
    // A relative data_dir means relative to the config file, not to wherever dateline runs.
    config.data_dir = config.data_dir.map(|dir| {
        let dir = expand_home(&dir);
        match path.parent() {
            Some(parent) if dir.is_relative() => parent.join(dir),
            _ => dir,
        }
    });
    Ok((config, warnings))
}

/// The directory holding the config file (for `themes/`): the parent of the explicit file, else the
/// default's.
pub fn config_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    let file = explicit
        .map(Path::to_path_buf)
        .or_else(default_config_path)?;
    // `--config config.toml` has an empty parent, which means the current directory.
    match file.parent() {
        Some(parent) if parent.as_os_str().is_empty() => Some(PathBuf::from(".")),
        parent => parent.map(Path::to_path_buf),
    }
}

/// The theme `config` names (`default` when none), with user themes from `<config dir>/themes/`, reduced
/// to the colours the terminal shows. Warnings are for the status bar or stderr.
pub fn load_theme(
    config: &Config,
    explicit: Option<&Path>,
    depth: ColorDepth,
) -> (Theme, Vec<String>) {
    let user_dir = config_dir(explicit).map(|dir| dir.join("themes"));
    theme::load(
        config.theme.as_deref().unwrap_or("default"),
        user_dir.as_deref(),
        depth,
    )
}

/// `~` and `~/x` name the home directory, as a shell would expand them.
pub fn expand_home(path: &Path) -> PathBuf {
    let Ok(rest) = path.strip_prefix("~") else {
        return path.to_path_buf();
    };
    match env_dir("HOME") {
        Some(home) => home.join(rest),
        None => path.to_path_buf(),
    }
}

/// The data directory: `--data-dir`, then `DATELINE_DATA_DIR` (when not empty), then the config,
/// then `$XDG_DATA_HOME/dateline`, then `~/.local/share/dateline`.
pub fn data_dir(flag: Option<&Path>, config: &Config) -> Result<PathBuf, ConfigError> {
    let from_env = std::env::var_os("DATELINE_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    if let Some(dir) = flag.map(Path::to_path_buf).or(from_env) {
        return Ok(expand_home(&dir));
    }
    if let Some(dir) = &config.data_dir {
        return Ok(dir.clone());
    }
    env_dir("XDG_DATA_HOME")
        .or_else(|| env_dir("HOME").map(|home| home.join(".local").join("share")))
        .map(|base| base.join("dateline"))
        .ok_or(ConfigError::NoDataDir)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_named_and_ignored() {
        let (config, warnings) = parse("data_dir = \"/tmp/x\"\ncolour = 3\n", Path::new("c.toml"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("c.toml, line 2"), "{}", warnings[0]);
        assert!(warnings[0].contains("`colour`"), "{}", warnings[0]);
        assert_eq!(config.data_dir, Some(PathBuf::from("/tmp/x")));
    }

    #[test]
    fn every_key_is_read() {
        let text = "theme = \"light\"\nmark_read_on_open = false\nopener = \"firefox\"\n\
                    hyperlinks = \"never\"\nimages = \"never\"\n[keys.list]\nj = \"down\"\n";
        let (config, warnings) = parse(text, Path::new("c.toml"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert!(!config.mark_read_on_open);
        assert_eq!(config.opener.as_deref(), Some("firefox"));
        assert_eq!(config.hyperlinks, Hyperlinks::Never);
        assert_eq!(config.images, Images::Never);
        assert_eq!(config.keys["list"]["j"].as_str(), Some("down"));
        let source = config.source.unwrap();
        assert_eq!(
            (source.path, source.text),
            (PathBuf::from("c.toml"), text.to_string())
        );
    }

    #[test]
    fn a_bad_value_keeps_that_keys_default() {
        let text = "theme = \"light\"\nmark_read_on_open = \"yes\"\nhyperlinks = \"sometimes\"\nkeys = 3\n";
        let (config, warnings) = parse(text, Path::new("c.toml"));
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].contains("c.toml, line 2: `mark_read_on_open`"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].contains("c.toml, line 3: `hyperlinks`"),
            "{}",
            warnings[1]
        );
        assert!(warnings[1].contains("never"), "{}", warnings[1]);
        assert!(
            warnings[2].contains("c.toml, line 4: `keys`"),
            "{}",
            warnings[2]
        );
        assert!(config.mark_read_on_open);
        assert_eq!(config.hyperlinks, Hyperlinks::Auto);
        assert!(config.keys.is_empty());
        assert_eq!(config.theme.as_deref(), Some("light"));
    }

    #[test]
    fn a_syntax_error_loses_only_its_line() {
        let text = "theme = \"light\"\nopener = \nmark_read_on_open = maybe\n\
                    [keys.list]\nx = \"toggle_read\"\n";
        let (config, warnings) = parse(text, Path::new("c.toml"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("config c.toml, line 2: "),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].starts_with("config c.toml, line 3: "),
            "{warnings:?}"
        );
        assert!(warnings.iter().all(|w| w.ends_with("the line is ignored")));
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert!(config.mark_read_on_open);
        assert!(config.keys.contains_key("list"));
        // The keymap reads the same mended text, with the line numbers kept.
        let source = config
            .source
            .as_ref()
            .map(|s| s.text.as_str())
            .unwrap_or_default();
        assert_eq!(source.lines().nth(4), Some("x = \"toggle_read\""));
    }

    #[test]
    fn text_that_cannot_be_mended_gives_the_defaults() {
        let (config, warnings) = parse("theme = \"\"\"light\n\nopener = 1\n", Path::new("c.toml"));
        assert!(
            warnings
                .last()
                .is_some_and(|w| w.ends_with("using the defaults")),
            "{warnings:?}"
        );
        assert_eq!(config.theme, None);
    }

    #[test]
    fn a_missing_explicit_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(Some(&dir.path().join("nope.toml"))).unwrap_err();
        assert!(err.to_string().contains("nope.toml"), "{err}");
    }

    #[test]
    fn themes_live_beside_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        assert_eq!(config_dir(Some(&file)), Some(dir.path().to_path_buf()));
        assert_eq!(
            config_dir(Some(Path::new("config.toml"))),
            Some(PathBuf::from("."))
        );
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        std::fs::write(
            dir.path().join("themes").join("mine.toml"),
            "person = \"red\"\n",
        )
        .unwrap();
        std::fs::write(&file, "theme = \"mine\"\n").unwrap();
        let (config, warnings) = load(Some(&file)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let (theme, warnings) = load_theme(&config, Some(&file), ColorDepth::TrueColor);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            (theme.name.as_str(), theme.person.fg),
            ("mine", Some(ratatui::style::Color::Red))
        );
    }

    #[test]
    fn flag_beats_config() {
        let config = Config {
            data_dir: Some("/from/config".into()),
            ..Config::default()
        };
        assert_eq!(
            data_dir(Some(Path::new("/from/flag")), &config).unwrap(),
            PathBuf::from("/from/flag")
        );
        assert_eq!(
            data_dir(None, &config).unwrap(),
            PathBuf::from("/from/config")
        );
    }

    #[test]
    fn home_is_expanded_and_relative_config_paths_follow_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "data_dir = \"news\"\n").unwrap();
        assert_eq!(
            load(Some(&file)).unwrap().0.data_dir,
            Some(dir.path().join("news"))
        );
        if let Some(home) = env_dir("HOME") {
            assert_eq!(expand_home(Path::new("~/news")), home.join("news"));
            assert_eq!(expand_home(Path::new("~")), home);
        }
        assert_eq!(expand_home(Path::new("/a/~b")), PathBuf::from("/a/~b"));
    }
}
