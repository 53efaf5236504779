//! What an index commit covers of its store, recorded as the commit's payload, and whether a
//! store is still the one it covers: same store, same history, nothing taken away. When it is
//! not (a store restored from an older copy, emptied, or brought from another data directory),
//! catching up by revision would leave articles the store no longer holds and find other
//! articles under their reused ids, so the index is rebuilt instead.

use serde::{Deserialize, Serialize};

use crate::article::ArticleId;
use crate::store::{Store, StoreError, StoreMark};

/// How documents are made from articles. An index made another way has the same schema but
/// ranks differently, so it is rebuilt. 2: the title is in `text` a second time; 3: and in
/// `pairs`, so a phrase in the title ranks above the same phrase in the body; 4: tags (a field
/// of its own, so older indexes differ in schema too); 5: each name's canonical form in the article
/// (`entities::canonical_names`) beside the name as written, so `person:"tony blair"` finds an
/// article that also says "Blair" alone; 6: runs of Chinese, Japanese and Korean split into pairs
/// of characters (`words`), so a word inside them is found.
pub(super) const LAYOUT: u32 = 6;

/// What the last commit covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Covered {
    /// Every store change up to this `rev` is in the index.
    pub rev: i64,
    /// The largest article id indexed: newer ids need no delete before they are added.
    pub max_id: i64,
    /// The `LAYOUT` the documents were made with; absent (0) before layouts were numbered.
    #[serde(default)]
    pub layout: u32,
    /// The id of the store indexed (`StoreMark::id`); absent before stores had ids, and in an
    /// index that has not committed yet. An index without one takes the store it is opened with.
    #[serde(default)]
    pub store: Option<i64>,
    /// How many articles the store had removed (`StoreMark::removed`).
    #[serde(default)]
    pub removed: i64,
    /// The last change indexed. Revisions and ids alone cannot tell two histories apart that
    /// reached the same numbers (a copy of the store that went its own way); the article's
    /// content can.
    #[serde(default)]
    pub last: Option<LastChange>,
}

/// The article whose change was the last one indexed: its id, that change's rev, and a hash of
/// its content then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct LastChange {
    pub id: ArticleId,
    pub rev: i64,
    pub hash: u64,
}

impl Covered {
    /// An empty index of the current layout.
    pub fn empty() -> Covered {
        Covered {
            rev: 0,
            max_id: 0,
            layout: LAYOUT,
            store: None,
            removed: 0,
            last: None,
        }
    }

    /// Why this index cannot be brought in step with `store` by catching up, if it cannot.
    /// Reads four numbers and one article from the store: cheap enough for every open.
    pub fn mismatch(&self, store: &Store, mark: &StoreMark) -> Result<Option<String>, StoreError> {
        if self.store.is_some_and(|id| id != mark.id) {
            return Ok(Some("it was made for another store".into()));
        }
        if mark.rev < self.rev {
            return Ok(Some(format!(
                "the store is at change {} but the index at {} (was the store restored from an \
                 older copy?)",
                mark.rev, self.rev
            )));
        }
        if mark.max_id < self.max_id || mark.removed != self.removed {
            return Ok(Some(
                "articles it holds are gone from the store (was the store emptied?)".into(),
            ));
        }
        if let Some(last) = self.last {
            // The article may have changed since (a later rev), which is for catching up; an
            // earlier rev, another text at the same rev, or no such article is another history.
            let same = match store.change_mark(last.id)? {
                None => false,
                Some(now) if now.rev > last.rev => true,
                Some(now) => now.rev == last.rev && now.hash == last.hash,
            };
            if !same {
                return Ok(Some(
                    "the store's articles are not the ones it indexed (was another copy of the \
                     store put in place?)"
                        .into(),
                ));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;

    use crate::article::ArticleDraft;
    use crate::search::SearchIndex;
    use crate::store::Store;

    fn drafts(word: &str, count: usize) -> Vec<ArticleDraft> {
        (0..count)
            .map(|n| ArticleDraft {
                title: format!("{word} {n}"),
                body: format!("{word} body {n}"),
                ..ArticleDraft::default()
            })
            .collect()
    }

    #[test]
    fn a_store_changed_under_a_writer_drops_what_it_had_not_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _) = SearchIndex::open(&dir.path().join("index")).unwrap();
        let mut mine = Store::open(&dir.path().join("mine.db")).unwrap();
        let mut other = Store::open(&dir.path().join("other.db")).unwrap();
        mine.insert_batch(&drafts("amber", 3), Utc::now()).unwrap();
        other.insert_batch(&drafts("birch", 2), Utc::now()).unwrap();
        let mut session = index.writer().unwrap();
        assert_eq!(session.catch_up(&mine).unwrap(), 3);
        // Uncommitted, the three are still in the indexing threads when the store turns out
        // to be another one.
        assert_eq!(session.catch_up(&other).unwrap(), 2);
        assert!(
            session
                .rebuilt()
                .is_some_and(|why| why.contains("another store"))
        );
        session.commit().unwrap();
        drop(session);
        assert_eq!(index.num_docs(), 2);
    }
}
