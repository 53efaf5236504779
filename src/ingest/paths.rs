//! Turning the paths a user gave into the files to import: directories walked, hidden entries skipped.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::IngestError;

/// Expands files and directories (recursively, sorted by name, dot-named entries skipped) into files.
/// `-` stands for stdin and passes through. A path that cannot be read is an error naming it.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // Directories already walked, so a symlink loop ends.
    let mut visited: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut errors, &mut visited),
            Ok(_) => files.push(path.clone()),
            Err(err) => errors.push(io_error(path, &err)),
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<IngestError>,
    visited: &mut HashSet<PathBuf>,
) {
    let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(key) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            errors.push(io_error(dir, &err));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) if !entry.file_name().to_string_lossy().starts_with('.') => {
                children.push(entry.path())
            }
            Ok(_) => {}
            Err(err) => errors.push(io_error(dir, &err)),
        }
    }
    children.sort();
    for child in children {
        match std::fs::metadata(&child) {
            Ok(meta) if meta.is_dir() => walk(&child, files, errors, visited),
            Ok(_) => files.push(child),
            Err(err) => errors.push(io_error(&child, &err)),
        }
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
        let (files, errors) = expand_paths(&[root.to_path_buf(), PathBuf::from("-")]);
        assert!(errors.is_empty());
        let relative: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
            .collect();
        assert_eq!(
            relative,
            ["a.md", "b/inner/z.json", "b/y.html", "c.txt", "-"]
        );
        Ok(())
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let (files, errors) = expand_paths(&[PathBuf::from("/no/such/dateline/file.txt")]);
        assert!(files.is_empty());
        assert_eq!(errors[0].name, "/no/such/dateline/file.txt");
        assert_eq!(errors[0].reason, "no such file or directory");
    }
}
