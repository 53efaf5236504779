//! Configuration: where data lives, and `config.toml` (defaults built in, the user's file layered over).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What can go wrong reading the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config {path}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Parse {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("no data directory: set --data-dir, DATELINE_DATA_DIR, XDG_DATA_HOME or HOME")]
    NoDataDir,
}

/// The settings a user can put in `config.toml`. Unknown keys are refused, so a typo is reported.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the store and the index live.
    pub data_dir: Option<PathBuf>,
}

/// The default config file: `$XDG_CONFIG_HOME/dateline/config.toml` or `~/.config/dateline/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    env_dir("XDG_CONFIG_HOME")
        .or_else(|| env_dir("HOME").map(|home| home.join(".config")))
        .map(|base| base.join("dateline").join("config.toml"))
}

fn env_dir(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

/// Reads the config. A file named with `--config` must exist; the default one may be absent.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let (path, required) = match explicit {
        Some(path) => (path.to_path_buf(), true),
        None => match default_config_path() {
            Some(path) => (path, false),
            None => return Ok(Config::default()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    let mut config = parse(&text, &path)?;
    // A relative data_dir means relative to the config file, not to wherever dateline runs.
    config.data_dir = config.data_dir.map(|dir| {
        let dir = expand_home(&dir);
        match path.parent() {
            Some(parent) if dir.is_relative() => parent.join(dir),
            _ => dir,
        }
    });
    Ok(config)
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

/// Parses config text; errors name the file and the line.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: path.to_path_buf(),
        line: e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1),
        message: e.message().to_string(),
    })
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
    fn a_bad_line_is_named() {
        let err = parse("data_dir = \"/tmp/x\"\ncolour = 3\n", Path::new("c.toml")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("c.toml, line 2"), "{message}");
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn flag_beats_config() {
        let config = Config {
            data_dir: Some("/from/config".into()),
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
            load(Some(&file)).unwrap().data_dir,
            Some(dir.path().join("news"))
        );
        if let Some(home) = env_dir("HOME") {
            assert_eq!(expand_home(Path::new("~/news")), home.join("news"));
            assert_eq!(expand_home(Path::new("~")), home);
        }
        assert_eq!(expand_home(Path::new("/a/~b")), PathBuf::from("/a/~b"));
    }
}
