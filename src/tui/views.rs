//! The list's back stack. Each view is one `ListSource` with its own rows, selection and search
//! state; opening a source pushes a view, Esc pops it, and the screen shows the top one, so going
//! back finds a view as it was left.

use std::time::Duration;

use super::list::{ArticleList, Rows};
use super::source::{Finding, ListSource};
use crate::article::ArticleId;
use crate::search::Highlighter;
use crate::store::ListOrder;

/// Why a search was asked for, which decides what its answer does to the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A new query: its hits replace the rows, the first selected.
    New,
    /// More hits of the search the rows hold: the place in them is kept.
    More,
    /// The same search again after the store changed: the selected article stays selected.
    Reload,
}

/// The newest search asked for a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub generation: u64,
    pub purpose: Purpose,
    pub text: String,
}

/// The search whose hits a view's rows are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub generation: u64,
    pub text: String,
    pub elapsed: Duration,
}

/// One list on the stack.
#[derive(Clone)]
pub struct View {
    /// Tells the answers to this view's reads from those of the others.
    pub id: u64,
    pub source: ListSource,
    pub list: ArticleList,
    /// The rows are a copy of the view beneath's (a search with no meaningful answer yet): the
    /// revision copied, so a change beneath is copied again.
    pub inherits: Option<u64>,
    pub asked: Option<Asked>,
    pub answer: Option<Answer>,
    /// Marks what the answer's query matched, in titles and the reader.
    pub highlighter: Option<Highlighter>,
    /// The store changed while the view was beneath another: read again when it is back on top.
    pub stale: bool,
    /// The order of the rows (the sort key's choice when the view opened or since).
    pub order: ListOrder,
    /// Only the unread (`U`).
    pub unread_only: bool,
    /// For a name's articles: its page (mentions per day, sources, names with it).
    pub entity_page: Option<Box<crate::library::EntityPage>>,
    /// Chosen in the sidebar: going back from it goes back to the sidebar, as newsboat's
    /// article list goes back to its feed list.
    pub from_sidebar: bool,
    /// The order changed while the view was beneath another: found again its new way when it
    /// is back on top (reading its rows again would keep the old order).
    pub reorder: bool,
    /// `G` in a search whose hits are not all fetched: the rest are asked for, and the last
    /// selected when they come.
    pub wants_last: bool,
    /// In a list of only the unread: the selected article, read here. It stays listed while it
    /// is selected (as newsboat keeps a read article until its list is left), so that the row
    /// under the cursor is still the article being read and what a key does is done to it.
    pub read_here: Option<ArticleId>,
}

impl View {
    fn new(id: u64, source: ListSource, list: ArticleList) -> View {
        View {
            id,
            source,
            list,
            inherits: None,
            asked: None,
            answer: None,
            highlighter: None,
            stale: false,
            order: ListOrder::Newest,
            unread_only: false,
            entity_page: None,
            from_sidebar: false,
            reorder: false,
            wants_last: false,
            read_here: None,
        }
    }

    /// How the rows are found: the source's way, in the view's order, unread only if asked.
    pub fn finding(&self) -> Finding {
        self.source.finding_with(self.order, self.unread_only)
    }

    /// The query the search worker is asked, for a searched view.
    pub fn query_text(&self) -> Option<String> {
        match self.finding() {
            Finding::Search(text) => Some(text),
            Finding::Store | Finding::Ids(_) => None,
        }
    }

    /// True when the rows come from the search worker.
    pub fn is_searched(&self) -> bool {
        matches!(self.finding(), Finding::Search(_))
    }

    /// A story's reports still showing the stories list they were opened from: the row selected
    /// there is the story, not its newest report, which is what Enter opens once the reports
    /// are in.
    pub fn awaits_own_rows(&self) -> bool {
        self.inherits.is_some() && matches!(self.source, ListSource::Story { .. })
    }

    /// True when the rows are the store's list (every article, or a query that narrows nothing).
    pub fn lists_store(&self) -> bool {
        matches!(self.list.rows(), Rows::All { .. })
    }
}

/// The stack of views; the bottom one lists every article and is never popped.
#[derive(Clone)]
pub struct Views {
    stack: Vec<View>,
    next_id: u64,
}

impl Views {
    pub fn new(list: ArticleList) -> Views {
        Views {
            stack: vec![View::new(0, ListSource::All, list)],
            next_id: 1,
        }
    }

    pub fn top(&self) -> &View {
        // The bottom view is never popped, so there is always one.
        let last = self.stack.len() - 1;
        &self.stack[last]
    }

    pub fn top_mut(&mut self) -> &mut View {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// The view under the top one, if there is one.
    pub fn beneath(&self) -> Option<&View> {
        self.stack.len().checked_sub(2).map(|i| &self.stack[i])
    }

    /// How many views are stacked (1: only the whole list).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Puts a view of `source` on top, showing `list`.
    pub fn push(&mut self, source: ListSource, list: ArticleList) -> &mut View {
        let id = self.next_id;
        self.next_id += 1;
        self.stack.push(View::new(id, source, list));
        self.top_mut()
    }

    /// Takes the top view off, unless it is the bottom one.
    pub fn pop(&mut self) -> Option<View> {
        if self.stack.len() > 1 {
            self.stack.pop()
        } else {
            None
        }
    }

    /// The id of the view just beneath view `id`.
    pub fn below(&self, id: u64) -> Option<u64> {
        let at = self.stack.iter().position(|view| view.id == id)?;
        at.checked_sub(1).map(|i| self.stack[i].id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut View> {
        self.stack.iter_mut().find(|view| view.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &View> {
        self.stack.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut View> {
        self.stack.iter_mut()
    }

    /// The view that asked for the search of `generation`.
    pub fn asking_mut(&mut self, generation: u64) -> Option<&mut View> {
        self.stack.iter_mut().find(|view| {
            view.asked
                .as_ref()
                .is_some_and(|asked| asked.generation == generation)
        })
    }

    /// The view whose rows are the answer of `generation`.
    pub fn answered_mut(&mut self, generation: u64) -> Option<&mut View> {
        self.stack.iter_mut().find(|view| {
            view.answer
                .as_ref()
                .is_some_and(|answer| answer.generation == generation)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bottom_view_stays() {
        let mut views = Views::new(ArticleList::new(Rows::All { total: 3 }));
        let id = views
            .push(
                ListSource::Query { text: "x".into() },
                ArticleList::new(Rows::All { total: 3 }),
            )
            .id;
        assert_eq!(views.depth(), 2);
        assert_eq!(views.beneath().map(|v| v.id), Some(0));
        assert_eq!(views.pop().map(|v| v.id), Some(id));
        assert!(views.pop().is_none());
        assert_eq!(views.top().source, ListSource::All);
    }
}
