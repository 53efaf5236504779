//! The virtual article list: a selection over a million rows of which only a window near the
//! screen is held, fetched from the store page by page.

use std::ops::Range;

use crate::article::{ArticleId, ArticleSummary};
use crate::library::{Library, LibraryError};
use crate::store::ListKey;

/// Rows held at most; beyond this the far end of the window is dropped.
const MAX_WINDOW: usize = 2_000;

/// What the list shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// Every stored article, newest first; `total` of them.
    All { total: usize },
    /// Search hits in rank order: the ids fetched so far out of `total` matches.
    Hits { ids: Vec<ArticleId>, total: usize },
}

/// A list with a selection and a scroll position, over rows it fetches as needed.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleList {
    pub rows: Rows,
    /// The selected row, counted from 0.
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    /// Position of `window[0]`.
    window_start: usize,
    window: Vec<ArticleSummary>,
}

impl ArticleList {
    pub fn new(rows: Rows) -> ArticleList {
        ArticleList {
            rows,
            selected: 0,
            top: 0,
            window_start: 0,
            window: Vec::new(),
        }
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

    /// The number of matches (hits) or of stored articles.
    pub fn total(&self) -> usize {
        match &self.rows {
            Rows::All { total } | Rows::Hits { total, .. } => *total,
        }
    }

    /// The row at `position` if it is in the window.
    pub fn row(&self, position: usize) -> Option<&ArticleSummary> {
        position
            .checked_sub(self.window_start)
            .and_then(|i| self.window.get(i))
    }

    pub fn row_mut(&mut self, position: usize) -> Option<&mut ArticleSummary> {
        position
            .checked_sub(self.window_start)
            .and_then(|i| self.window.get_mut(i))
    }

    pub fn selected_row(&self) -> Option<&ArticleSummary> {
        self.row(self.selected)
    }

    /// The rows of the window that fall in `range`, with their positions.
    pub fn visible(&self, range: Range<usize>) -> impl Iterator<Item = (usize, &ArticleSummary)> {
        range.filter_map(move |position| self.row(position).map(|row| (position, row)))
    }

    /// Moves the selection by `delta` rows, clamped, and keeps it on a screen of `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let last = self.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_to_selection(height);
    }

    pub fn select(&mut self, position: usize, height: usize) {
        self.selected = position.min(self.len().saturating_sub(1));
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

    /// Makes sure the rows on a screen of `height` are in the window, fetching what is missing.
    pub fn load(&mut self, store: &Library, height: usize) -> Result<(), LibraryError> {
        let len = self.len();
        let want = self.top.min(len)..(self.top + height.max(1)).min(len);
        let have = self.window_start..self.window_start + self.window.len();
        if want.is_empty() || (want.start >= have.start && want.end <= have.end) {
            return Ok(());
        }
        let margin = want.len().max(64);
        let target = want.start.saturating_sub(margin)..(want.end + margin).min(len);
        match &self.rows {
            Rows::Hits { ids, .. } => {
                self.window = store.summaries(&ids[target.clone()])?;
                self.window_start = target.start;
            }
            Rows::All { total } => self.load_all(store, target, *total)?,
        }
        Ok(())
    }

    /// Moving down or up from rows already held continues from the last or first row's key;
    /// a jump starts afresh.
    fn load_all(
        &mut self,
        store: &Library,
        target: Range<usize>,
        total: usize,
    ) -> Result<(), LibraryError> {
        let start = self.window_start;
        let end = start + self.window.len();
        let first = self.window.first().map(ListKey::of);
        let last = self.window.last().map(ListKey::of);
        match (first, last) {
            (_, Some(last)) if target.start >= start && target.start <= end && target.end > end => {
                let more = store.page_after(last, target.end - end)?;
                self.window.extend(more);
            }
            (Some(first), _)
                if target.end <= end && target.end >= start && target.start < start =>
            {
                let mut more = store.page_before(first, start - target.start)?;
                self.window_start -= more.len();
                more.append(&mut self.window);
                self.window = more;
            }
            _ => {
                self.window = store.page_at(target.start, target.len(), total)?;
                self.window_start = target.start;
            }
        }
        if self.window.len() > MAX_WINDOW {
            // Keep the part around the target.
            let keep_from = target.start.saturating_sub(self.window_start);
            let keep_to = (keep_from + MAX_WINDOW).min(self.window.len());
            self.window.truncate(keep_to);
            self.window.drain(..keep_from);
            self.window_start += keep_from;
        }
        Ok(())
    }

    /// Drops the held rows, so the next `load` reads them again (after the store changed).
    pub fn forget(&mut self) {
        self.window.clear();
        self.window_start = 0;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::library::test_support::library_with as store_with;

    #[test]
    fn walking_the_whole_list_sees_every_row_in_order() {
        let (_dir, store) = store_with(700, 1);
        let mut list = ArticleList::new(Rows::All { total: 700 });
        let mut seen = Vec::new();
        for _ in 0..700 {
            list.load(&store, 10).unwrap();
            seen.push(list.selected_row().unwrap().title.clone());
            list.move_by(1, 10);
        }
        let expected: Vec<String> = (0..700).rev().map(|i| format!("article {i}")).collect();
        assert_eq!(seen, expected);
        // And back up again, by keyset from the rows held.
        for position in (0..700).rev() {
            list.select(position, 10);
            list.load(&store, 10).unwrap();
            assert_eq!(
                list.selected_row().unwrap().title,
                format!("article {}", 699 - position)
            );
        }
    }

    #[test]
    fn a_jump_to_the_end_reads_only_a_window() {
        let (_dir, store) = store_with(3_000, 1);
        let mut list = ArticleList::new(Rows::All { total: 3_000 });
        list.select(2_999, 20);
        list.load(&store, 20).unwrap();
        assert_eq!(list.selected_row().unwrap().title, "article 0");
        assert_eq!(list.top, 2_980);
        assert!(list.window.len() < 200, "{}", list.window.len());
    }

    #[test]
    fn hits_are_read_by_id() {
        let (_dir, store) = store_with(50, 1);
        let ids: Vec<ArticleId> = vec![7, 3, 40];
        let mut list = ArticleList::new(Rows::Hits { ids, total: 3 });
        list.load(&store, 10).unwrap();
        let titles: Vec<_> = list.visible(0..10).map(|(_, r)| r.title.clone()).collect();
        assert_eq!(titles, ["article 6", "article 2", "article 39"]);
        list.move_by(5, 10);
        assert_eq!(list.selected, 2);
    }
}
