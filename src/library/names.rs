//! The names a shell completes (feeds, saved searches), read from a data directory's store
//! without opening the whole library: no directory is made, the index is not looked at, and a
//! missing store simply has no names.

use std::path::Path;

use super::{Library, LibraryError};
use crate::store::{NameKind, Store};

impl Library {
    /// The feeds' or saved searches' names in `data_dir`, none when there is no store there.
    pub fn names_in(data_dir: &Path, kind: NameKind) -> Result<Vec<String>, LibraryError> {
        let path = data_dir.join("dateline.db");
        if !path.is_file() {
            return Ok(Vec::new());
        }
        Ok(Store::names_read_only(&path, kind)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_store_and_a_missing_store_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nothing-here");
        assert!(
            Library::names_in(&missing, NameKind::Feeds)
                .unwrap()
                .is_empty()
        );
        assert!(!missing.exists(), "reading names made the data directory");
        {
            let (mut library, _) = Library::open(dir.path()).unwrap();
            library
                .add_saved_search("Harbour news", "port", false)
                .unwrap();
        }
        let saved = Library::names_in(dir.path(), NameKind::SavedSearches).unwrap();
        assert_eq!(saved, vec!["Harbour news".to_string()]);
        assert!(
            Library::names_in(dir.path(), NameKind::Feeds)
                .unwrap()
                .is_empty()
        );
    }
}
