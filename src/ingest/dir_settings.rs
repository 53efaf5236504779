//! `.dateline.toml` in a directory of article files: the source (and tags) its files' articles
//! get. A file's source is, in order: `import --source`, the `.dateline.toml` of the file's own
//! directory, what the file itself says (a JSON `source`, front matter, a wire agency), and last
//! the directory's name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::sanitize::clean_line;
use crate::article::ArticleDraft;

/// The name of the file read in each directory.
pub const FILE_NAME: &str = ".dateline.toml";

/// What a directory's `.dateline.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirSettings {
    /// The source of every article in the directory's files.
    pub source: Option<String>,
    /// Tags for every article in the directory's files.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The settings of each directory met, read once; and the problems met reading them.
#[derive(Debug, Default)]
pub struct DirSources {
    read: HashMap<PathBuf, (DirSettings, Option<String>)>,
    /// One line per `.dateline.toml` that could not be read, naming it and the line.
    pub problems: Vec<String>,
}

impl DirSources {
    /// Gives the drafts of the file at `path` their source and tags by the rules above (the
    /// command line's `--source` is applied after, over all of them).
    pub fn apply(&mut self, path: &Path, drafts: &mut [ArticleDraft]) {
        // A bare file name's directory is the current one.
        let dir = path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let Some((settings, dir_name)) = self.settings(dir) else {
            return;
        };
        for draft in drafts {
            if let Some(source) = settings.source.as_deref().map(clean_line) {
                draft.source = source;
            } else if draft.source.trim().is_empty()
                && let Some(name) = &dir_name
            {
                draft.source = name.clone();
            }
            for tag in settings.tags.iter().map(|t| clean_line(t)) {
                if !tag.is_empty() && !draft.tags.contains(&tag) {
                    draft.tags.push(tag);
                }
            }
        }
    }

    /// A directory's settings (empty without a file) and its name, read once a directory.
    fn settings(&mut self, dir: &Path) -> Option<&(DirSettings, Option<String>)> {
        if !self.read.contains_key(dir) {
            let found = read(&dir.join(FILE_NAME)).unwrap_or_else(|problem| {
                self.problems.push(problem);
                None
            });
            let name = std::fs::canonicalize(dir)
                .ok()
                .and_then(|dir| dir.file_name().map(|n| clean_line(&n.to_string_lossy())))
                .filter(|name| !name.is_empty());
            self.read
                .insert(dir.to_path_buf(), (found.unwrap_or_default(), name));
        }
        self.read.get(dir)
    }
}

/// The settings in `file`: none when there is no such file; an error naming the file and line.
fn read(file: &Path) -> Result<Option<DirSettings>, String> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: {error}", file.display())),
    };
    toml::from_str(&text).map(Some).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
        let place = line.map_or(String::new(), |line| format!(", line {line}"));
        format!(
            "{}{place}: {}; its directory's files keep their own sources",
            file.display(),
            error.message()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(source: &str) -> ArticleDraft {
        ArticleDraft {
            title: "T".into(),
            source: source.into(),
            ..ArticleDraft::default()
        }
    }

    #[test]
    fn the_directory_file_wins_then_the_file_then_the_directory_name()
    -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        let named = root.path().join("harbour-desk");
        let plain = root.path().join("coast-notes");
        std::fs::create_dir_all(&named)?;
        std::fs::create_dir_all(&plain)?;
        std::fs::write(
            named.join(FILE_NAME),
            "source = \"Harbour Desk\"\ntags = [\"port\"]\n",
        )?;
        let mut sources = DirSources::default();
        let mut drafts = vec![draft("Own Source")];
        sources.apply(&named.join("a.json"), &mut drafts);
        assert_eq!(drafts[0].source, "Harbour Desk");
        assert_eq!(drafts[0].tags, vec!["port".to_string()]);
        let mut drafts = vec![draft("Own Source"), draft("")];
        sources.apply(&plain.join("b.json"), &mut drafts);
        assert_eq!(drafts[0].source, "Own Source");
        assert_eq!(drafts[1].source, "coast-notes");
        assert!(sources.problems.is_empty());
        Ok(())
    }

    #[test]
    fn a_broken_file_is_one_problem_naming_its_line() -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        std::fs::write(root.path().join(FILE_NAME), "tags = []\nsource = \n")?;
        let mut sources = DirSources::default();
        let mut drafts = vec![draft("")];
        sources.apply(&root.path().join("a.md"), &mut drafts);
        sources.apply(&root.path().join("b.md"), &mut drafts);
        assert_eq!(sources.problems.len(), 1, "{:?}", sources.problems);
        assert!(
            sources.problems[0].contains(".dateline.toml, line 2"),
            "{:?}",
            sources.problems
        );
        assert!(!drafts[0].source.is_empty(), "the directory's name still");
        Ok(())
    }
}
