//! `is:read`, `is:unread`, `is:starred`, `is:unstarred` as document sets. The flags live in the
//! store, by article id; each segment's documents that have (or lack) a flag are found once per
//! flag set, by one pass over the segment's id column, and kept as a bitset that every query of
//! that flag set shares. So twenty saved searches counted together read the ids once, and an
//! intersection with a small set (the few unread of a well-read library) walks only that set.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader, TantivyError};

use super::IdSet;

/// A flag's per-segment bitsets: for each segment, the documents whose article has the flag
/// (`true`) or lacks it (`false`), built on first use.
#[derive(Default)]
pub struct SegmentBits {
    built: Mutex<HashMap<(SegmentId, bool), Arc<BitSet>>>,
}

impl fmt::Debug for SegmentBits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SegmentBits")
    }
}

/// The documents whose article's flag (in `set`) is `wanted`.
#[derive(Clone)]
pub(super) struct FlagQuery {
    pub set: Arc<IdSet>,
    pub wanted: bool,
    pub bits: Arc<SegmentBits>,
}

impl fmt::Debug for FlagQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FlagQuery(wanted: {})", self.wanted)
    }
}

impl FlagQuery {
    /// This segment's documents that match, from the cache or made now.
    fn bits(&self, reader: &SegmentReader) -> tantivy::Result<Arc<BitSet>> {
        let key = (reader.segment_id(), self.wanted);
        if let Some(bits) = self.lock().get(&key) {
            return Ok(Arc::clone(bits));
        }
        let ids = reader.fast_fields().u64("id")?.first_or_default_col(0);
        let mut bits = BitSet::with_max_value(reader.max_doc());
        for doc in 0..reader.max_doc() {
            if !reader.is_deleted(doc) && self.set.contains(ids.get_val(doc) as i64) == self.wanted
            {
                bits.insert(doc);
            }
        }
        let bits = Arc::new(bits);
        self.lock().insert(key, Arc::clone(&bits));
        Ok(bits)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(SegmentId, bool), Arc<BitSet>>> {
        // A panic while the map was held left it whole (inserts are single calls).
        self.bits
            .built
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Query for FlagQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for FlagQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let bits = (*self.bits(reader)?).clone();
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(bits), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.bits(reader)?.contains(doc) {
            Ok(Explanation::new("flag", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not have the flag"
            )))
        }
    }
}
