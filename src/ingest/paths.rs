//! Turning the paths a user gave into the files to import: directories walked for article files,
//! hidden entries and links that lead out of the directory skipped.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::IngestError;
use super::detect::is_article_path;

/// What the paths given on the command line expand to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// Files to import, in order: each named file where it was named, each directory's files sorted.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read.
    pub errors: Vec<IngestError>,
    /// Files met while walking directories whose extension is not an article format's.
    pub skipped: usize,
    /// Directories named on the command line that held no article files.
    pub empty_dirs: Vec<PathBuf>,
}

/// Expands files and directories into files. Named files are always taken, whatever their extension;
/// directories are walked recursively, sorted by name, and yield only regular files with an article
/// extension (see `detect::is_article_path`); other entries are counted in `skipped`, and so are
/// symbolic links that lead out of the directory named (importing `~/news` reads nothing from
/// `/etc` through a link), dot-named ones ignored.
/// `-` stands for stdin and passes through. A path that cannot be read is an error naming it.
pub fn expand_paths(paths: &[PathBuf]) -> Expanded {
    let mut walker = Walker::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walker.out.files.push(path.clone());
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                walker.tree = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                let before = walker.out.files.len();
                if walker.walk(path) == Walk::Read && walker.out.files.len() == before {
                    walker.out.empty_dirs.push(path.clone());
                }
            }
            Ok(_) => walker.out.files.push(path.clone()),
            Err(err) => walker.out.errors.push(io_error(path, &err)),
        }
    }
    walker.out
}

#[derive(Default)]
struct Walker {
    out: Expanded,
    /// Directories already walked, so a symlink loop ends.
    visited: HashSet<PathBuf>,
    /// The directory named on the command line that is being walked, as links resolve.
    tree: PathBuf,
}

/// What became of a directory handed to the walker.
#[derive(PartialEq, Eq)]
enum Walk {
    Read,
    AlreadyWalked,
    Unreadable,
}

impl Walker {
    fn walk(&mut self, dir: &Path) -> Walk {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.visited.insert(key) {
            return Walk::AlreadyWalked;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.out.errors.push(io_error(dir, &err));
                return Walk::Unreadable;
            }
        };
        let mut children: Vec<PathBuf> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) if !entry.file_name().to_string_lossy().starts_with('.') => {
                    children.push(entry.path())
                }
                Ok(_) => {}
                Err(err) => self.out.errors.push(io_error(dir, &err)),
            }
        }
        children.sort();
        for child in children {
            if self.leads_out(&child) {
                self.out.skipped += 1;
                continue;
            }
            match std::fs::metadata(&child) {
                Ok(meta) if meta.is_dir() => {
                    self.walk(&child);
                }
                // A FIFO, socket or device would block the import or never end; a named one is
                // still read (`import <(curl ...)`), since the user asked for it.
                Ok(meta) if meta.is_file() && is_article_path(&child) => self.out.files.push(child),
                Ok(_) => self.out.skipped += 1,
                Err(err) => self.out.errors.push(io_error(&child, &err)),
            }
        }
        Walk::Read
    }
}

impl Walker {
    /// True for a symbolic link whose target lies outside the directory being walked.
    fn leads_out(&self, path: &Path) -> bool {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        // A link that leads nowhere is left to the walk, which says it cannot be read.
        is_link && std::fs::canonicalize(path).is_ok_and(|target| !target.starts_with(&self.tree))
    }
}

fn io_error(path: &Path, err: &std::io::Error) -> IngestError {
    let reason = match err.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    };
    IngestError {
        name: path.display().to_string(),
        line: None,
        reason,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn relative(files: &[PathBuf], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
            .collect()
    }

    #[test]
    fn walks_sorted_and_skips_hidden() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/inner"))?;
        std::fs::create_dir_all(root.join(".git"))?;
        for name in [
            "c.txt",
            "a.md",
            ".hidden.txt",
            "b/inner/z.json",
            "b/y.html",
            ".git/config",
        ] {
            std::fs::write(root.join(name), "x")?;
        }
        let expanded = expand_paths(&[root.to_path_buf(), PathBuf::from("-")]);
        assert!(expanded.errors.is_empty());
        assert_eq!(
            relative(&expanded.files, root),
            ["a.md", "b/inner/z.json", "b/y.html", "c.txt", "-"]
        );
        assert_eq!(expanded.skipped, 0);
        Ok(())
    }

    #[test]
    fn directories_yield_article_files_only_and_named_files_are_always_taken() -> std::io::Result<()>
    {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("news/img"))?;
        std::fs::create_dir_all(root.join("quiet"))?;
        for name in [
            "news/story.TXT",
            "news/feed.rss",
            "news/Makefile",
            "news/archive.gz",
            "news/img/photo.png",
            "quiet/notes.doc",
            "export.dat",
        ] {
            std::fs::write(root.join(name), "x")?;
        }
        let expanded = expand_paths(&[
            root.join("news"),
            root.join("quiet"),
            root.join("export.dat"),
            root.join("news/Makefile"),
        ]);
        assert!(expanded.errors.is_empty());
        assert_eq!(
            relative(&expanded.files, root),
            [
                "news/feed.rss",
                "news/story.TXT",
                "export.dat",
                "news/Makefile"
            ]
        );
        assert_eq!(expanded.skipped, 4);
        assert_eq!(expanded.empty_dirs, [root.join("quiet")]);
        Ok(())
    }

    #[test]
    fn links_out_of_the_directory_are_skipped_and_links_within_it_followed() -> std::io::Result<()>
    {
        let dir = tempfile::tempdir()?;
        let outside = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("news"))?;
        std::fs::create_dir_all(outside.path().join("private"))?;
        std::fs::write(root.join("news/story.txt"), "x")?;
        std::fs::write(outside.path().join("secret.txt"), "x")?;
        std::fs::write(outside.path().join("private/diary.md"), "x")?;
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("news/a.txt"))?;
        std::os::unix::fs::symlink(outside.path().join("private"), root.join("news/b"))?;
        std::os::unix::fs::symlink(root.join("news/story.txt"), root.join("news/c.txt"))?;
        let expanded = expand_paths(&[root.join("news")]);
        assert!(expanded.errors.is_empty());
        assert_eq!(
            relative(&expanded.files, root),
            ["news/c.txt", "news/story.txt"]
        );
        assert_eq!(expanded.skipped, 2);
        // Named on the command line, a link is the user's choice and is read.
        let named = expand_paths(&[root.join("news/a.txt")]);
        assert_eq!(named.files, [root.join("news/a.txt")]);
        Ok(())
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let expanded = expand_paths(&[PathBuf::from("/no/such/dateline/file.txt")]);
        assert!(expanded.files.is_empty());
        assert!(expanded.empty_dirs.is_empty());
        assert_eq!(expanded.errors[0].name, "/no/such/dateline/file.txt");
        assert_eq!(expanded.errors[0].reason, "no such file or directory");
    }
}
