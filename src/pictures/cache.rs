//! Pictures kept on disk: one file per picture named by the BLAKE3 hash of its URL, written
//! whole (a temporary file renamed into place) so a reader never sees half a picture. A file's
//! modification time is when it was last shown; past the total cap the oldest go first.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::PictureError;

/// The cache folder and how much it may hold.
#[derive(Debug, Clone)]
pub struct PictureCache {
    dir: PathBuf,
    cap_bytes: u64,
}

impl PictureCache {
    pub fn new(dir: PathBuf, cap_bytes: u64) -> PictureCache {
        PictureCache { dir, cap_bytes }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the picture of `url` is kept.
    pub fn path_for(&self, url: &str) -> PathBuf {
        self.dir
            .join(blake3::hash(url.as_bytes()).to_hex().as_str())
    }

    /// The kept bytes of `url`, if any; reading them counts as showing them (for eviction).
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let path = self.path_for(url);
        let bytes = fs::read(&path).ok()?;
        // Failing to mark it only makes it go a little sooner.
        if let Ok(file) = fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Forgets `url`'s picture.
    pub fn remove(&self, url: &str) {
        let _ = fs::remove_file(self.path_for(url));
    }

    /// Keeps `bytes` as `url`'s picture, then makes room under the cap.
    pub fn put(&self, url: &str, bytes: &[u8]) -> Result<(), PictureError> {
        let failed = |source| PictureError::Cache {
            path: self.dir.display().to_string(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(failed)?;
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).map_err(failed)?;
        file.write_all(bytes).map_err(failed)?;
        file.persist(self.path_for(url))
            .map_err(|e| failed(e.error))?;
        self.evict(Some(&self.path_for(url)));
        Ok(())
    }

    /// Bytes held now.
    pub fn total_bytes(&self) -> u64 {
        self.entries().iter().map(|(_, size, _)| size).sum()
    }

    /// Removes the least recently shown pictures until the rest fit the cap; `keep` (the one
    /// just stored) goes last, and only when it alone is over the cap.
    fn evict(&self, keep: Option<&Path>) {
        let mut entries = self.entries();
        let mut total: u64 = entries.iter().map(|(_, size, _)| size).sum();
        if total <= self.cap_bytes {
            return;
        }
        entries.sort_by_key(|(path, _, modified)| (Some(path.as_path()) == keep, *modified));
        for (path, size, _) in entries {
            if total <= self.cap_bytes {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(size);
            }
        }
    }

    /// Every kept picture: path, size, last shown. Temporary files being written are left out.
    fn entries(&self) -> Vec<(PathBuf, u64, SystemTime)> {
        let Ok(read) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        read.filter_map(Result::ok)
            .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|entry| {
                let meta = entry.metadata().ok()?;
                meta.is_file().then(|| {
                    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                    (entry.path(), meta.len(), modified)
                })
            })
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_least_recently_shown_go_first_when_over_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PictureCache::new(dir.path().join("images"), 250);
        let at = |seconds| SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
        for (n, url) in ["https://a.example/1", "https://a.example/2"]
            .iter()
            .enumerate()
        {
            cache.put(url, &[0; 100]).unwrap();
            let file = fs::File::options()
                .append(true)
                .open(cache.path_for(url))
                .unwrap();
            file.set_modified(at(1_000 + n as u64)).unwrap();
        }
        // Showing the first makes the second the oldest.
        assert!(cache.get("https://a.example/1").is_some());
        cache.put("https://a.example/3", &[0; 100]).unwrap();
        assert!(cache.path_for("https://a.example/1").exists());
        assert!(!cache.path_for("https://a.example/2").exists());
        assert!(cache.path_for("https://a.example/3").exists());
        assert_eq!(cache.total_bytes(), 200);
    }
}
