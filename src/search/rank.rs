//! The top hits, ordered exactly as the lists show them so that a short list is always the head
//! of a longer one: by relevance (found with tantivy's block-max pruning), then newest, then
//! highest id; or newest first when there is no relevance to rank by.

use std::cmp::Ordering;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};

use tantivy::columnar::ColumnValues;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocId, Executor, Score, Searcher, SegmentReader};

use super::{Hit, SearchError};

/// How a search spreads over the index's segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SegmentsAtOnce {
    /// Segments on every core: one search as fast as it can be (the search box).
    EveryCore,
    /// One segment after another on the calling thread: for many small searches that are
    /// already spread over the cores, where handing each segment to another thread costs more
    /// than searching it.
    One,
}

/// The best `limit` articles matched by any of `queries`, each once at its best score; each
/// query comes with the highest score it can give. Every segment runs the queries one after
/// another against one shared list of the best so far, so each query skips whatever cannot beat
/// what the ones before it found, and a query whose highest score cannot is not run; and every
/// segment skips whatever cannot beat the best `limit` that any segment has found (see `Bar`).
pub(super) fn top_hits(
    searcher: &Searcher,
    queries: &[(&dyn Query, Score)],
    limit: usize,
    skip_hidden: bool,
    segments_at_once: SegmentsAtOnce,
) -> Result<Vec<Hit>, SearchError> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights = queries
        .iter()
        .map(|(query, bound)| Ok((query.weight(scoring)?, *bound)))
        .collect::<Result<Vec<_>, tantivy::TantivyError>>()?;
    let one_thread = Executor::single_thread();
    let executor = match segments_at_once {
        SegmentsAtOnce::EveryCore => searcher.index().search_executor(),
        SegmentsAtOnce::One => &one_thread,
    };
    let bar = Bar::default();
    let per_segment = executor.map(
        |segment: &SegmentReader| {
            let (ids, published) = columns(segment)?;
            let hidden = skip_hidden
                .then(|| segment.fast_fields().u64("hidden"))
                .transpose()?
                .map(|column| column.first_or_default_col(0));
            let shown = |doc: DocId| hidden.as_ref().is_none_or(|h| h.get_val(doc) == 0);
            let mut best = Best::new(limit, |doc| ids.get_val(doc) as i64);
            for (weight, bound) in &weights {
                let start = bar.raise(best.threshold());
                // `said` for `sai`: in nearly every article, it scores too little to matter
                // once rarer completions have filled the list, yet pruning it would still walk
                // every one of its blocks.
                if *bound <= start {
                    continue;
                }
                weight.for_each_pruning(start, segment, &mut |doc, score| {
                    if !segment.is_deleted(doc) && shown(doc) {
                        best.offer(Entry {
                            score,
                            published: published.get_val(doc),
                            doc,
                        });
                    }
                    bar.raise(best.threshold())
                })?;
            }
            Ok(best.into_hits())
        },
        searcher.segment_readers().iter(),
    )?;
    Ok(merge(per_segment, limit))
}

/// The highest threshold any segment has reached, shared by all. A segment's threshold sits
/// just below the score of its `limit`-th best hit, so `limit` articles already score above it
/// and no article at or below it can make the list, whichever segment it is in. Without it each
/// segment of an index of many (a million articles make twenty) finds its own best `limit`
/// from nothing, scoring far more articles than can make the list.
#[derive(Default)]
struct Bar {
    /// The bits of the highest threshold so far, a score of at least 0; 0 when none is.
    bits: AtomicU32,
}

impl Bar {
    /// Raises the bar to `threshold` if that is higher; returns the bar (or `threshold`, if
    /// higher still).
    fn raise(&self, threshold: Score) -> Score {
        // Scores are not negative, and the bits of floats that are not compare as the floats do.
        if threshold > 0.0 {
            self.bits
                .fetch_max(threshold.to_bits(), AtomicOrdering::Relaxed);
        }
        let bar = f32::from_bits(self.bits.load(AtomicOrdering::Relaxed));
        if bar > threshold { bar } else { threshold }
    }
}

/// The newest `limit` articles `query` matches. Every match is looked at, most only long
/// enough to see it is older than the oldest kept; candidates gather in a buffer of twice the
/// limit that is cut back to the limit when full, so each costs constant time on average
/// however long the list asked for.
pub(super) fn newest_hits(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let executor = searcher.index().search_executor();
    let limit = limit.max(1);
    let per_segment = executor.map(
        |segment: &SegmentReader| {
            let (ids, published) = columns(segment)?;
            let room = limit
                .min(segment.num_docs() as usize)
                .saturating_mul(2)
                .max(2);
            let mut kept: Vec<Hit> = Vec::with_capacity(room);
            // The oldest of the newest `limit` found so far, once there are that many.
            let mut floor: Option<(i64, i64)> = None;
            weight.for_each_no_score(segment, &mut |docs| {
                for &doc in docs {
                    let when = published.get_val(doc);
                    if floor.is_some_and(|(oldest, _)| when < oldest) || segment.is_deleted(doc) {
                        continue;
                    }
                    let id = ids.get_val(doc) as i64;
                    if floor.is_some_and(|oldest| (when, id) <= oldest) {
                        continue;
                    }
                    kept.push(Hit {
                        id,
                        score: 0.0,
                        published: when,
                    });
                    if kept.len() >= room {
                        kept.select_nth_unstable_by(limit - 1, order);
                        kept.truncate(limit);
                        floor = kept.iter().map(|h| (h.published, h.id)).min();
                    }
                }
            })?;
            Ok(kept)
        },
        searcher.segment_readers().iter(),
    )?;
    Ok(merge(per_segment, limit))
}

/// One fast field's values, by document.
type Column<T> = Arc<dyn ColumnValues<T>>;

/// A segment's article ids and publication times.
fn columns(segment: &SegmentReader) -> tantivy::Result<(Column<u64>, Column<i64>)> {
    let fast = segment.fast_fields();
    Ok((
        fast.u64("id")?.first_or_default_col(0),
        fast.i64("published")?.first_or_default_col(0),
    ))
}

/// Best first: by score, then the newer, then the higher id.
fn order(a: &Hit, b: &Hit) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.published.cmp(&a.published))
        .then(b.id.cmp(&a.id))
}

/// The best `limit` of every segment's best.
fn merge(per_segment: Vec<Vec<Hit>>, limit: usize) -> Vec<Hit> {
    let mut hits: Vec<Hit> = per_segment.into_iter().flatten().collect();
    hits.sort_by(order);
    hits.truncate(limit);
    hits
}

/// A hit within one segment, before its article id is needed.
#[derive(Debug, Clone, Copy)]
struct Entry {
    score: Score,
    published: i64,
    doc: DocId,
}

/// The best `limit` hits of one segment, best first, each document once. Hits rank by score,
/// then the newer, then the higher article id, which is read only to break a tie of the two.
struct Best<IdOf> {
    limit: usize,
    entries: Vec<Entry>,
    id_of: IdOf,
}

impl<IdOf: Fn(DocId) -> i64> Best<IdOf> {
    fn new(limit: usize, id_of: IdOf) -> Self {
        Best {
            limit: limit.max(1),
            // A long list grows as it fills; most searches keep far fewer than they may.
            entries: Vec::with_capacity(limit.clamp(1, 256)),
            id_of,
        }
    }

    /// `Greater` when `a` ranks above `b`.
    fn rank(&self, a: &Entry, b: &Entry) -> Ordering {
        a.score
            .total_cmp(&b.score)
            .then(a.published.cmp(&b.published))
            .then_with(|| (self.id_of)(a.doc).cmp(&(self.id_of)(b.doc)))
    }

    /// What a score must exceed to be offered. A score equal to the last one kept may still win
    /// on recency, so the bar sits just below it.
    fn threshold(&self) -> Score {
        match self.entries.get(self.limit - 1) {
            Some(last) => last.score.next_down(),
            None => Score::MIN,
        }
    }

    fn offer(&mut self, entry: Entry) {
        let at = self
            .entries
            .partition_point(|kept| self.rank(kept, &entry).is_gt());
        // Below the cut it changes nothing, even if the document is already kept.
        if at >= self.limit {
            return;
        }
        if let Some(seen) = self.entries.iter().position(|kept| kept.doc == entry.doc) {
            // Above the new place it is kept as it is; at it or below it is replaced.
            if seen < at {
                return;
            }
            self.entries.remove(seen);
        }
        self.entries.insert(at, entry);
        self.entries.truncate(self.limit);
    }

    fn into_hits(self) -> Vec<Hit> {
        self.entries
            .iter()
            .map(|entry| Hit {
                id: (self.id_of)(entry.doc),
                score: entry.score,
                published: entry.published,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Best, Entry};

    fn entry(doc: u32, score: f32, published: i64) -> Entry {
        Entry {
            score,
            published,
            doc,
        }
    }

    /// Article ids are the document numbers read backwards, so a tie on them is visible.
    fn best(limit: usize) -> Best<impl Fn(u32) -> i64> {
        Best::new(limit, |doc| 100 - i64::from(doc))
    }

    fn docs<F: Fn(u32) -> i64>(best: &Best<F>) -> Vec<u32> {
        best.entries.iter().map(|e| e.doc).collect()
    }

    #[test]
    fn keeps_the_best_by_score_then_recency_then_id() {
        let mut best = best(3);
        assert_eq!(best.threshold(), f32::MIN);
        for (doc, score, published) in [
            (1, 1.0, 5),
            (2, 3.0, 1),
            (3, 2.0, 1),
            (4, 2.0, 9),
            (5, 0.5, 0),
        ] {
            best.offer(entry(doc, score, published));
        }
        assert_eq!(docs(&best), [2, 4, 3]);
        // An equal score is still offered: it may be newer, or as new with a higher id.
        assert!(best.threshold() < 2.0 && best.threshold() > 1.99);
        best.offer(entry(6, 2.0, 0));
        assert_eq!(docs(&best), [2, 4, 3]);
        best.offer(entry(0, 2.0, 1));
        assert_eq!(docs(&best), [2, 4, 0]);
        let hits = best.into_hits();
        assert_eq!(hits[2].id, 100);
    }

    #[test]
    fn a_document_found_twice_is_kept_once_at_its_best() {
        let mut best = best(3);
        best.offer(entry(1, 1.0, 0));
        best.offer(entry(2, 2.0, 0));
        best.offer(entry(1, 1.5, 0));
        assert_eq!(best.entries[1].score, 1.5);
        best.offer(entry(1, 3.0, 0));
        best.offer(entry(2, 0.5, 0));
        assert_eq!(docs(&best), [1, 2]);
        assert_eq!(best.entries[0].score, 3.0);
        assert_eq!(best.entries[1].score, 2.0);
    }
}
