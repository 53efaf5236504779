//! The virtual article list: a selection over a million rows of which only a window near the
//! screen is held. It reads nothing itself: `wanted` says which rows to read next, `loaded` takes
//! them in, and `data.rs` does the reading in between.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::article::{ArticleId, ArticleSummary};
use crate::store::ListKey;

/// Rows held at most; beyond this the far end of the window is dropped.
const MAX_WINDOW: usize = 2_000;
/// Rows read beyond each end of the screen, so moving a little reads nothing.
const MARGIN: usize = 64;

/// Every list's rows get a revision no other list has had, so an answer meant for rows since
/// replaced (or for a list since copied) is known for what it is.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, Ordering::Relaxed)
}

/// What the list holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// Every stored article, newest first; `total` of them.
    All { total: usize },
    /// Hits in rank order: the ids fetched so far, and how many match (`None` while counting).
    Hits {
        ids: Vec<ArticleId>,
        total: Option<usize>,
    },
}

/// Rows to read so that the screen is filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRequest {
    /// Up to `limit` rows after `key` (the last row held) in the newest-first list.
    After { key: ListKey, limit: usize },
    /// Up to `limit` rows just before `key` (the first row held), in list order.
    Before { key: ListKey, limit: usize },
    /// Up to `limit` rows from position `start` of a list of `total`.
    At {
        start: usize,
        limit: usize,
        total: usize,
    },
    /// The rows of these ids, which stand at `start` on.
    Ids { start: usize, ids: Vec<ArticleId> },
    /// The row of `key`, which stands at `position`, with up to `before` rows before it and
    /// `after` rows after it: the rows around an article kept selected while the list changed.
    Around {
        key: ListKey,
        position: usize,
        before: usize,
        after: usize,
    },
}

/// A list with a selection and a scroll position, over rows read as needed.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleList {
    rows: Rows,
    /// The selected row, counted from 0.
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    /// Position of `window[0]`.
    window_start: usize,
    window: Vec<ArticleSummary>,
    revision: u64,
    /// With no rows held: the article at this position, read around by key rather than by
    /// offset (an offset deep in a million rows costs a walk over all before it).
    anchor: Option<(ListKey, usize)>,
    /// Where the selected article stood when new hits no longer held it (read, in a list of
    /// unread ones), and the row selected then: the row that took its place comes next, so
    /// the next article is not one further on.
    gone: Option<(usize, usize)>,
    /// The article to select when the rows are next read again, if they hold it (one `u` is
    /// bringing back).
    wanted: Option<ListKey>,
}

impl ArticleList {
    pub fn new(rows: Rows) -> ArticleList {
        ArticleList {
            rows,
            selected: 0,
            top: 0,
            window_start: 0,
            window: Vec::new(),
            revision: next_revision(),
            anchor: None,
            gone: None,
            wanted: None,
        }
    }

    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    /// Changes whenever the rows are replaced or dropped.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// How many rows the list has (for hits: how many are fetched, not how many match).
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::All { total } => *total,
            Rows::Hits { ids, .. } => ids.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many there are: stored articles, or matches (those fetched while counting).
    pub fn total(&self) -> usize {
        match &self.rows {
            Rows::All { total } => *total,
            Rows::Hits { ids, total } => total.unwrap_or(ids.len()),
        }
    }

    /// False while the matches are being counted (there may be more than `total`).
    pub fn counted(&self) -> bool {
        !matches!(self.rows, Rows::Hits { total: None, .. })
    }

    /// The row at `position` if it is in the window.
    pub fn row(&self, position: usize) -> Option<&ArticleSummary> {
        position
            .checked_sub(self.window_start)
            .and_then(|i| self.window.get(i))
    }

    pub fn selected_row(&self) -> Option<&ArticleSummary> {
        self.row(self.selected)
    }

    /// The rows held.
    pub fn window_mut(&mut self) -> &mut [ArticleSummary] {
        &mut self.window
    }

    /// The held row of this article, if any.
    pub fn row_of_mut(&mut self, id: ArticleId) -> Option<&mut ArticleSummary> {
        self.window.iter_mut().find(|row| row.id == id)
    }

    /// The rows of the window that fall in `range`, with their positions.
    pub fn visible(&self, range: Range<usize>) -> impl Iterator<Item = (usize, &ArticleSummary)> {
        range.filter_map(move |position| self.row(position).map(|row| (position, row)))
    }

    /// Moves the selection by `delta` rows, clamped, and keeps it on a screen of `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let last = self.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.gone = None;
        self.scroll_to_selection(height);
    }

    /// Whether the selected row only stands where the selected article stood before it left
    /// the hits (read, in a list of unread ones): it is not the article that was chosen.
    pub fn stands_in(&self) -> bool {
        matches!(self.gone, Some((_, selected)) if selected == self.selected)
    }

    /// The row of the article after the selected one (`forward`) or before it, if there is
    /// one; where the selected article left the hits, its neighbours are those of its place.
    pub fn neighbour(&self, forward: bool) -> Option<usize> {
        let place = match self.gone {
            Some((at, selected)) if selected == self.selected => at,
            _ if forward => self.selected + 1,
            _ => self.selected,
        };
        let row = if forward {
            Some(place)
        } else {
            place.checked_sub(1)
        };
        row.filter(|&row| row < self.len())
    }

    pub fn select(&mut self, position: usize, height: usize) {
        self.selected = position.min(self.len().saturating_sub(1));
        self.gone = None;
        self.scroll_to_selection(height);
    }

    /// Keeps the selected row on screen, and the screen full when it can be.
    pub fn scroll_to_selection(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
        self.top = self.top.min(self.len().saturating_sub(height));
    }

    /// What to read so that the rows on a screen of `height` are held; `None` when they are.
    pub fn wanted(&self, height: usize) -> Option<RowRequest> {
        let len = self.len();
        let want = self.top.min(len)..(self.top + height.max(1)).min(len);
        let have = self.window_start..self.window_start + self.window.len();
        if want.is_empty() || (want.start >= have.start && want.end <= have.end) {
            return None;
        }
        let margin = want.len().max(MARGIN);
        let target = want.start.saturating_sub(margin)..(want.end + margin).min(len);
        if let Some((key, position)) = self.anchor.filter(|(_, at)| target.contains(at)) {
            return Some(RowRequest::Around {
                key,
                position,
                before: position - target.start,
                after: target.end - position - 1,
            });
        }
        let total = match &self.rows {
            Rows::Hits { ids, .. } => {
                return Some(RowRequest::Ids {
                    start: target.start,
                    ids: ids[target].to_vec(),
                });
            }
            Rows::All { total } => *total,
        };
        // Moving down or up from rows already held continues from the last or first row's key;
        // a jump starts afresh.
        let first = self.window.first().map(ListKey::of);
        let last = self.window.last().map(ListKey::of);
        Some(match (first, last) {
            (_, Some(key))
                if target.start >= have.start
                    && target.start <= have.end
                    && target.end > have.end =>
            {
                RowRequest::After {
                    key,
                    limit: target.end - have.end,
                }
            }
            (Some(key), _)
                if target.end <= have.end
                    && target.end >= have.start
                    && target.start < have.start =>
            {
                RowRequest::Before {
                    key,
                    limit: have.start - target.start,
                }
            }
            _ => RowRequest::At {
                start: target.start,
                limit: target.len(),
                total,
            },
        })
    }

    /// Takes in the rows read for `request`. Rows that no longer fit what is held (the window
    /// moved since it was asked) are dropped.
    pub fn loaded(&mut self, request: &RowRequest, rows: Vec<ArticleSummary>) {
        self.anchor = None;
        match request {
            RowRequest::After { key, limit } => {
                if self.window.last().map(ListKey::of) != Some(*key) {
                    return;
                }
                let short = rows.len() < *limit;
                self.window.extend(rows);
                // The store's list ends here: the total said more, and is put right.
                if let (true, Rows::All { total }) = (short, &mut self.rows) {
                    *total = self.window_start + self.window.len();
                    self.selected = self.selected.min(total.saturating_sub(1));
                }
            }
            RowRequest::Before { key, .. } => {
                if self.window.first().map(ListKey::of) != Some(*key) {
                    return;
                }
                let mut rows = rows;
                self.window_start = self.window_start.saturating_sub(rows.len());
                rows.append(&mut self.window);
                self.window = rows;
            }
            RowRequest::At { start, .. } => {
                self.window = rows;
                self.window_start = *start;
            }
            RowRequest::Ids { start, ids } => {
                if rows.len() < ids.len() {
                    self.drop_missing(ids, &rows);
                }
                self.window = rows;
                self.window_start = *start;
            }
            RowRequest::Around { key, position, .. } => {
                // Gone meanwhile: read from the position instead.
                let Some(at) = rows.iter().position(|row| ListKey::of(row) == *key) else {
                    return;
                };
                self.window_start = position.saturating_sub(at);
                self.window = rows;
            }
        }
        self.trim();
    }

    /// Hits whose articles are no longer stored leave the list.
    fn drop_missing(&mut self, asked: &[ArticleId], found: &[ArticleSummary]) {
        let Rows::Hits { ids, total } = &mut self.rows else {
            return;
        };
        let gone: Vec<ArticleId> = asked
            .iter()
            .filter(|id| !found.iter().any(|row| row.id == **id))
            .copied()
            .collect();
        ids.retain(|id| !gone.contains(id));
        if let Some(total) = total {
            *total = total.saturating_sub(gone.len());
        }
        self.selected = self.selected.min(ids.len().saturating_sub(1));
    }

    /// Keeps at most `MAX_WINDOW` rows, those around the screen.
    fn trim(&mut self) {
        if self.window.len() <= MAX_WINDOW {
            return;
        }
        let keep_from = self
            .top
            .saturating_sub(MAX_WINDOW / 2)
            .saturating_sub(self.window_start)
            .min(self.window.len() - MAX_WINDOW);
        self.window.truncate(keep_from + MAX_WINDOW);
        self.window.drain(..keep_from);
        self.window_start += keep_from;
    }

    /// Drops the held rows, so they are read again (after the store changed).
    pub fn forget(&mut self) {
        self.window.clear();
        self.window_start = 0;
        self.anchor = None;
        self.revision = next_revision();
    }

    /// The store's list now has `total` articles, and the selected one (`key`) stands at
    /// `position`: it stays selected, on the same line of the screen where it can.
    pub fn relocate(&mut self, kept: Option<(ListKey, usize)>, total: usize, height: usize) {
        if let Some((_, position)) = kept {
            let shift = position as isize - self.selected as isize;
            self.selected = position;
            self.top = self.top.saturating_add_signed(shift);
        }
        self.rows = Rows::All { total };
        self.selected = self.selected.min(total.saturating_sub(1));
        self.scroll_to_selection(height);
        self.forget();
        self.anchor = kept.filter(|(_, position)| *position < total);
    }

    /// Selects the article `key` names when the rows are next read again (`rehit`, or where the
    /// list is the store's, `take_wanted`'s caller), in place of the one selected now.
    pub fn want(&mut self, key: ListKey) {
        self.wanted = Some(key);
    }

    /// The article `want` asked for, forgotten here.
    pub fn take_wanted(&mut self) -> Option<ListKey> {
        self.wanted.take()
    }

    /// New hits for the same query (the store changed): the selected article stays selected,
    /// on the same line of the screen, if it is still among them. If it left them (read, in
    /// a list of unread ones), the first article after it that stayed is selected in its place,
    /// unless it is `keep` (read here while selected): that one stays listed where it stood.
    pub fn rehit(
        &mut self,
        mut ids: Vec<ArticleId>,
        mut total: Option<usize>,
        keep: Option<ArticleId>,
        height: usize,
    ) {
        // An article `want` asked for, if the hits hold it, is kept in place of the selected one
        // (and no row stands in for one that left any more).
        let wanted = self
            .wanted
            .take()
            .map(|key| key.id)
            .filter(|id| ids.contains(id));
        if wanted.is_some() {
            self.gone = None;
        }
        let kept = wanted.or_else(|| self.selected_row().map(|row| row.id));
        if let Some(id) = keep.filter(|id| kept == Some(*id) && !ids.contains(id))
            && let Some(place) = self.place_after_selected(&ids)
        {
            ids.insert(place, id);
            total = total.map(|total| total + 1);
        }
        let found = kept.map(|id| ids.iter().position(|hit| *hit == id));
        let stands_in = self
            .gone
            .is_some_and(|(_, selected)| selected == self.selected);
        let mut gone_to = None;
        match found {
            Some(Some(position)) => {
                let shift = position as isize - self.selected as isize;
                self.selected = position;
                self.top = self.top.saturating_add_signed(shift);
                // The row standing in for an article that left still does, where it moved.
                if stands_in {
                    self.gone = Some((position, position));
                }
            }
            Some(None) => gone_to = self.place_after_selected(&ids),
            None => {}
        }
        self.rows = Rows::Hits { ids, total };
        let last = self.len().saturating_sub(1);
        self.selected = gone_to.unwrap_or(self.selected).min(last);
        if let Some(place) = gone_to {
            self.gone = Some((place, self.selected));
        }
        self.scroll_to_selection(height);
        self.forget();
    }

    /// Where in `ids` the first article after the selected one in the hits held now stands
    /// (the length of `ids` if none of them is there); none when the rows held are not hits.
    fn place_after_selected(&self, ids: &[ArticleId]) -> Option<usize> {
        let Rows::Hits { ids: held, .. } = &self.rows else {
            return None;
        };
        let at: HashMap<ArticleId, usize> =
            ids.iter().enumerate().map(|(n, &id)| (id, n)).collect();
        let mut after = held.iter().skip(self.selected + 1);
        Some(
            after
                .find_map(|id| at.get(id).copied())
                .unwrap_or(ids.len()),
        )
    }

    /// More hits of the same search, in the same order: the place in them is kept.
    pub fn extend_hits(&mut self, ids: Vec<ArticleId>, total: Option<usize>) {
        self.rows = Rows::Hits { ids, total };
        self.selected = self.selected.min(self.len().saturating_sub(1));
        self.forget();
    }

    /// The count of the hits arrived.
    pub fn counted_to(&mut self, count: usize) {
        if let Rows::Hits { total, .. } = &mut self.rows {
            *total = Some(count);
        }
    }

    /// The store's list has `total` articles now: held rows are read again if that changed.
    pub fn set_store_total(&mut self, count: usize, height: usize) {
        if let Rows::All { total } = &mut self.rows
            && *total != count
        {
            *total = count;
            self.selected = self.selected.min(count.saturating_sub(1));
            self.scroll_to_selection(height);
            self.forget();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "list_tests.rs"]
mod tests;
