//! Checking the index's files against their checksums. Every file of a segment ends with a CRC
//! of its contents; reading them all costs a pass over the whole index (gigabytes at a million
//! articles), so it runs when asked (`dateline reindex --check`), never on open or search.

use std::fs;
use std::path::PathBuf;

use super::SearchError;
use super::index::SearchIndex;

/// One index file whose contents do not match its checksum, or that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedFile {
    pub path: PathBuf,
    pub reason: String,
}

/// What a check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChecksumReport {
    /// Files of the current segments that were read.
    pub checked: usize,
    pub damaged: Vec<DamagedFile>,
}

impl SearchIndex {
    /// Reads every file of the index's current segments and compares it with its checksum.
    pub fn check_checksums(&self) -> Result<ChecksumReport, SearchError> {
        let segments: Vec<String> = self
            .index
            .searchable_segment_metas()?
            .iter()
            .map(|meta| meta.id().uuid_string())
            .collect();
        let mut names: Vec<String> = fs::read_dir(self.dir())?
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| {
                name.split_once('.')
                    .is_some_and(|(stem, _)| segments.iter().any(|id| id == stem))
            })
            .collect();
        names.sort();
        let mut report = ChecksumReport::default();
        for name in names {
            report.checked += 1;
            let reason = match self.index.directory().validate_checksum(name.as_ref()) {
                Ok(true) => continue,
                Ok(false) => "its contents do not match its checksum".to_string(),
                // A damaged footer (where the checksum itself is kept) cannot even be read.
                Err(error) => error.to_string(),
            };
            report.damaged.push(DamagedFile {
                path: self.dir().join(&name),
                reason,
            });
        }
        Ok(report)
    }
}
