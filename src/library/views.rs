//! What the screen's views need beyond a page of the list: a list's ids in another order or
//! unread only, marking a whole view read (returning what changed, so it can be undone), a
//! change of one flag on many articles, and the sidebar's saved searches, tags and feeds with
//! their counts (counted by the index, never a scan of the store).

use super::saved::SavedCounts;
use super::{Library, LibraryError};
use crate::article::{ArticleId, ArticleSummary};
use crate::store::{FeedStats, ListKey, ListOrder, Scope};

/// Whose articles a view lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListScope {
    All,
    Feed(i64),
    /// What a query finds (whole words, as a saved search finds them).
    Query(String),
    /// What a query typed in the search box finds, as its results show it: its last word also
    /// as the start of longer ones (`harb` finds harbour).
    Typed(String),
}

/// A tag with how many articles carry it (theirs or their feed's) and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCounts {
    pub name: String,
    pub total: usize,
    pub unread: usize,
}

/// Everything the sidebar lists.
#[derive(Debug, Clone, Default)]
pub struct Sidebar {
    pub saved: Vec<SavedCounts>,
    pub tags: Vec<TagCounts>,
    pub feeds: Vec<FeedStats>,
}

/// A flag the screen changes on many articles at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagChange {
    Read,
    Starred,
    Hidden,
}

/// The query that finds a tag's articles.
pub fn tag_query(name: &str) -> String {
    format!("tag:\"{}\"", name.replace('"', " "))
}

/// The query that finds the articles of the feed named `name`: its whole name quoted, which
/// the search resolves to the feed itself (its quotes, which cannot stand inside, as spaces).
pub fn feed_query(name: &str) -> String {
    format!("feed:\"{}\"", name.replace('"', " "))
}

impl Library {
    /// The visible articles of `scope` in `order`, unread only if asked. A query keeps its own
    /// order (best match or newest first) under `ListOrder::Newest`.
    pub fn list_ids(
        &self,
        scope: &ListScope,
        order: ListOrder,
        unread_only: bool,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        Ok(match scope {
            ListScope::All => self.store.ordered_ids(Scope::All, order, unread_only)?,
            ListScope::Feed(id) => self
                .store
                .ordered_ids(Scope::Feed(*id), order, unread_only)?,
            ListScope::Query(text) => {
                let ids = self.ids_matching(text)?;
                self.store.order_ids(&ids, order, unread_only)?
            }
            ListScope::Typed(text) => {
                let ids = self.ids_matching_typed(text)?;
                self.store.order_ids(&ids, order, unread_only)?
            }
        })
    }

    /// Of `ids`, those unread, in the order given.
    pub fn unread_among(&self, ids: &[ArticleId]) -> Result<Vec<ArticleId>, LibraryError> {
        Ok(self.store.unread_among(ids)?)
    }

    /// The first unread article after `key` in the newest-first list (with `backward`, the
    /// nearest above it), and where it stands.
    pub fn unread_next_to(
        &self,
        key: ListKey,
        backward: bool,
    ) -> Result<Option<(ArticleSummary, usize)>, LibraryError> {
        let Some(found) = self.store.unread_next_to(key, backward)? else {
            return Ok(None);
        };
        let position = self.store.position_of(ListKey::of(&found))?;
        Ok(Some((found, position)))
    }

    /// Marks every unread article of `scope` read; returns those it marked (to undo it). Their
    /// order does not matter here, so a query's hits are not put in any.
    pub fn mark_scope_read(&mut self, scope: &ListScope) -> Result<Vec<ArticleId>, LibraryError> {
        let ids = match scope {
            ListScope::Query(text) => self.ids_matching(text)?,
            ListScope::Typed(text) => self.ids_matching_typed(text)?,
            scope => self.list_ids(scope, ListOrder::Newest, true)?,
        };
        self.set_read_changed(&ids, true)
    }

    /// Sets `flag` to `value` on `ids`; returns exactly those that changed.
    pub fn change_flag(
        &mut self,
        ids: &[ArticleId],
        flag: FlagChange,
        value: bool,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        match flag {
            FlagChange::Read => self.set_read_changed(ids, value),
            FlagChange::Starred => self.set_starred_changed(ids, value),
            FlagChange::Hidden => self.set_hidden_changed(ids, value),
        }
    }

    /// The sidebar: saved searches, tags (feeds' and articles' own) and feeds, each with counts.
    pub fn sidebar(&self) -> Result<Sidebar, LibraryError> {
        let feeds = self.feeds()?;
        let mut names: Vec<String> = feeds
            .iter()
            .flat_map(|stats| stats.feed.tags.iter().cloned())
            .chain(self.store.article_tags()?)
            .collect();
        names.sort_by_key(|name| name.to_lowercase());
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        // The saved searches and the tags counted in one go: the read flags are read once.
        let saved = self.store.saved_searches()?;
        let queries: Vec<String> = saved
            .iter()
            .map(|s| s.query.clone())
            .chain(names.iter().map(|name| tag_query(name)))
            .collect();
        let mut counts = self.query_counts(&queries)?.into_iter();
        let saved = saved
            .into_iter()
            .zip(counts.by_ref())
            .map(|(saved, (total, unread))| SavedCounts {
                saved,
                total,
                unread,
            })
            .collect();
        let tags = names
            .into_iter()
            .zip(counts)
            .map(|(name, (total, unread))| TagCounts {
                name,
                total,
                unread,
            })
            .collect();
        Ok(Sidebar { saved, tags, feeds })
    }

    /// Turns a saved search's alerts on or off.
    pub fn set_saved_notify(&mut self, name: &str, notify: bool) -> Result<(), LibraryError> {
        Ok(self.store.set_saved_notify(name, notify)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::library::test_support::{library_of, library_with};
    use crate::store::test_support::numbered_drafts;

    #[test]
    fn marking_a_scope_read_returns_what_changed_and_flags_change_exactly() {
        let (_dir, mut library) = library_with(6, 1);
        library.set_read(&[2], true).unwrap();
        let marked = library.mark_scope_read(&ListScope::All).unwrap();
        assert_eq!(marked.len(), 5, "the one already read is not among them");
        assert!(!marked.contains(&2));
        assert_eq!(library.counts().unwrap().unread, 0);
        let changed = library
            .change_flag(&[1, 2, 3], FlagChange::Read, false)
            .unwrap();
        assert_eq!(changed, [1, 2, 3]);
        let again = library
            .change_flag(&[1, 2, 3, 4], FlagChange::Read, false)
            .unwrap();
        assert_eq!(again, [4], "only the one still read changes");
        let hidden = library.change_flag(&[5], FlagChange::Hidden, true).unwrap();
        assert_eq!(hidden, [5]);
        let all = library
            .list_ids(&ListScope::All, ListOrder::Oldest, false)
            .unwrap();
        assert_eq!(all, [1, 2, 3, 4, 6], "hidden are not listed");
        let unread = library
            .list_ids(&ListScope::Query("article".into()), ListOrder::Oldest, true)
            .unwrap();
        assert_eq!(unread, [1, 2, 3, 4]);
        // A word typed in the box is also a prefix, as its results show; a saved search's is not.
        let typed = library
            .list_ids(&ListScope::Typed("artic".into()), ListOrder::Oldest, true)
            .unwrap();
        assert_eq!(typed, [1, 2, 3, 4]);
        assert!(
            library
                .list_ids(&ListScope::Query("artic".into()), ListOrder::Oldest, true)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            library
                .mark_scope_read(&ListScope::Typed("artic".into()))
                .unwrap(),
            [4, 3, 2, 1].map(i64::from).to_vec()
        );
    }

    #[test]
    fn the_sidebar_counts_tags_of_feeds_and_articles() {
        let mut drafts = numbered_drafts(3, 1);
        for draft in &mut drafts[..2] {
            draft.tags = vec!["sport".into()];
        }
        let (_dir, mut library) = library_of(drafts);
        library
            .add_feed("https://example.org/a", "A", None, &["World".into()])
            .unwrap();
        library.set_read(&[1], true).unwrap();
        library
            .add_saved_search("articles", "article", false)
            .unwrap();
        let sidebar = library.sidebar().unwrap();
        let tags: Vec<(&str, usize, usize)> = sidebar
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.total, t.unread))
            .collect();
        assert_eq!(tags, [("sport", 2, 1), ("World", 0, 0)]);
        assert_eq!(sidebar.saved[0].total, 3);
        assert_eq!(sidebar.saved[0].unread, 2);
        assert_eq!(sidebar.feeds.len(), 1);
        library.set_saved_notify("articles", true).unwrap();
        assert!(library.saved_searches().unwrap()[0].notify);
    }
}
