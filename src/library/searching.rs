//! Searching: the query language run on the index, with the read and starred flags from the store,
//! here or on a thread of its own (`Searcher`, which the screen's search worker owns).

use chrono::Utc;

use super::{Library, LibraryError};
use crate::search::query::{self, ParsedQuery};
use crate::search::{FlagSets, IdSet, PreparedSearch, SearchIndex, SearchResults, SortOrder};
use crate::store::{Counts, FlagColumn, Store, StoreError};

impl Library {
    /// Parses and runs a query from the query language.
    pub fn search(
        &self,
        text: &str,
        sort: SortOrder,
        limit: usize,
    ) -> Result<(ParsedQuery, SearchResults), LibraryError> {
        let parsed = query::parse(text, Utc::now());
        let flags = flag_sets_for(&self.store, &parsed)?;
        let results = self.index.search(&parsed, flags.as_ref(), sort, limit)?;
        Ok((parsed, results))
    }

    /// Sees what other writers (an import, a refresh) have committed since: a library kept open
    /// (the screen's) searches the index as it was when it last looked.
    pub fn reload(&self) -> Result<(), LibraryError> {
        Ok(self.index.reload()?)
    }

    /// A searcher for another thread: a view of the same index and a connection of its own to
    /// the same store.
    pub fn searcher(&self) -> Result<Searcher, LibraryError> {
        Ok(Searcher {
            index: self.index.clone(),
            store: Store::open(self.store.path())?,
        })
    }
}

/// Searches the library from another thread; it sees what others commit after `reload`.
pub struct Searcher {
    index: SearchIndex,
    store: Store,
}

impl Searcher {
    /// A query compiled against the index as it is now, ready to fetch hits and count.
    pub fn prepare(
        &self,
        parsed: &ParsedQuery,
        sort: SortOrder,
    ) -> Result<PreparedSearch, LibraryError> {
        let flags = flag_sets_for(&self.store, parsed)?;
        Ok(self.index.prepare(parsed, flags.as_ref(), sort)?)
    }

    /// Where the data is now: the store's `data_version` (changed by any commit from another
    /// connection) and the index's last commit. Cheap enough to ask every second; when it
    /// differs from the last answer, something was written.
    pub fn version(&self) -> Result<(i64, u64), LibraryError> {
        Ok((self.store.data_version()?, self.index.generation()?))
    }

    /// Articles, unread and starred, counted exactly.
    pub fn counts(&self) -> Result<Counts, LibraryError> {
        Ok(self.store.counts()?)
    }

    /// Brings the index's term dictionaries into the page cache (see `SearchIndex::warm`);
    /// returns how many bytes were read.
    pub fn warm(&self) -> Result<u64, LibraryError> {
        self.index
            .warm()
            .map_err(|e| LibraryError::Search(e.into()))
    }

    /// Sees what other writers (an import, a refresh) have committed since.
    pub fn reload(&self) -> Result<(), LibraryError> {
        Ok(self.index.reload()?)
    }
}

/// What the query needs from the store: the read and starred sets when it has an `is:` clause,
/// and what its `story:` and `feed:"Name"` clauses name.
pub(super) fn flag_sets_for(
    store: &Store,
    parsed: &ParsedQuery,
) -> Result<Option<FlagSets>, StoreError> {
    // `is:hidden` is in the index; the other flags, and stories, are read from the store.
    let uses_flags = parsed
        .clauses()
        .any(|c| matches!(c.condition, query::Condition::Is(flag) if flag != query::Flag::Hidden));
    let names = parsed
        .clauses()
        .any(|c| matches!(c.condition, query::Condition::Story(_)))
        || parsed.feed_names().next().is_some();
    if !uses_flags && !names {
        return Ok(None);
    }
    let mut sets = if uses_flags {
        flag_sets(store)?
    } else {
        FlagSets::default()
    };
    add_named_sets(store, parsed, &mut sets)?;
    Ok(Some(sets))
}

/// Adds the articles of each story the query names, and the feed of each quoted feed name
/// that is a feed's whole name.
pub(super) fn add_named_sets(
    store: &Store,
    parsed: &ParsedQuery,
    sets: &mut FlagSets,
) -> Result<(), StoreError> {
    for clause in parsed.clauses() {
        if let query::Condition::Story(story) = clause.condition
            && !sets.stories.contains_key(&story)
        {
            let ids = store.story_articles(story)?.into_iter().map(|a| a.id);
            sets.stories.insert(story, IdSet::from_ids(ids).into());
        }
    }
    for name in parsed.feed_names() {
        if !sets.feeds.contains_key(name)
            && let Some(id) = store.feed_id_named(name)?
        {
            sets.feeds.insert(name.to_string(), id);
        }
    }
    Ok(())
}

/// The read and starred sets, for queries with `is:` clauses.
fn flag_sets(store: &Store) -> Result<FlagSets, StoreError> {
    let load = |column| -> Result<IdSet, StoreError> {
        Ok(IdSet::from_ids(store.ids_with_flag(column, true)?))
    };
    Ok(FlagSets {
        read: load(FlagColumn::Read)?.into(),
        starred: load(FlagColumn::Starred)?.into(),
        ..FlagSets::default()
    })
}

impl Library {
    /// The read and starred sets, loaded once for several queries.
    pub(super) fn flag_sets(&self) -> Result<FlagSets, LibraryError> {
        Ok(flag_sets(&self.store)?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::article::ArticleDraft;
    use crate::library::test_support::library_with;

    /// Subscribes to feed `n` named `name` and stores its one item, "Harbour story {n}".
    fn feed_with_a_story(library: &mut crate::library::Library, n: usize, name: &str) -> i64 {
        let feed = library
            .add_feed(&format!("https://example.org/{n}"), name, None, &[])
            .unwrap();
        let mut items = vec![ArticleDraft {
            title: format!("Harbour story {n}"),
            body: "The harbour reopened.".into(),
            source: name.into(),
            guid: Some(format!("g{n}")),
            ..ArticleDraft::default()
        }];
        library
            .add_feed_items(feed.id, &mut items, chrono::Utc::now())
            .unwrap();
        library.settle().unwrap();
        feed.id
    }

    #[test]
    fn a_quoted_feed_name_finds_that_feed_alone() {
        let (_dir, mut library) = library_with(0, 1);
        let ids: Vec<i64> = ["BBC News", "BBC News World"]
            .into_iter()
            .enumerate()
            .map(|(n, name)| feed_with_a_story(&mut library, n, name))
            .collect();
        let titles = |library: &crate::library::Library, query: &str| -> Vec<String> {
            let (_, results) = library
                .search(query, crate::search::SortOrder::Relevance, 10)
                .unwrap();
            let found: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
            let mut titles: Vec<String> = library
                .summaries(&found)
                .unwrap()
                .into_iter()
                .map(|s| s.title)
                .collect();
            titles.sort();
            titles
        };
        assert_eq!(titles(&library, "feed:\"BBC News\""), ["Harbour story 0"]);
        assert_eq!(
            titles(&library, "feed:\"bbc news\" harbour"),
            ["Harbour story 0"]
        );
        assert_eq!(
            titles(&library, "feed:\"BBC News World\""),
            ["Harbour story 1"]
        );
        // Words, a name still being typed, or `source:` find every feed that has them.
        let both = ["Harbour story 0", "Harbour story 1"];
        assert_eq!(titles(&library, "feed:bbc"), both);
        assert_eq!(titles(&library, "feed:\"BBC News"), both);
        assert_eq!(titles(&library, "source:\"BBC News\""), both);
        // Saved searches count the same way.
        library
            .add_saved_search("bbc", "feed:\"BBC News\"", false)
            .unwrap();
        assert_eq!(library.sidebar().unwrap().saved[0].total, 1);
        // A name is matched in any case, and with its quotes as spaces (as `/` over the feed
        // writes it).
        library.rename_feed(ids[1], "ÖSTERREICH \"Heute\"").unwrap();
        library.settle().unwrap();
        assert_eq!(
            titles(&library, "feed:\"österreich  heute \""),
            ["Harbour story 1"]
        );
        // A name that differs only in case is closer than one that differs by its quotes.
        feed_with_a_story(&mut library, 2, "Österreich Heute");
        assert_eq!(
            titles(&library, "feed:\"österreich heute\""),
            ["Harbour story 2"]
        );
        // What `/` writes over the quoted one still finds it, now that both are there.
        assert_eq!(
            titles(&library, "feed:\"ÖSTERREICH  Heute \""),
            ["Harbour story 1"]
        );
        // A feed's articles with a word's, in best-match order: those without the word stay.
        assert_eq!(
            titles(&library, "feed:\"Österreich Heute\" OR nothingsaysthis"),
            ["Harbour story 2"]
        );
    }

    #[test]
    fn the_version_changes_when_another_connection_writes() {
        let (_dir, mut library) = library_with(3, 1);
        let watcher = library.searcher().unwrap();
        let before = watcher.version().unwrap();
        assert_eq!(watcher.version().unwrap(), before, "nothing was written");
        let mut more = vec![ArticleDraft {
            title: "A new one".into(),
            body: "Text.".into(),
            ..ArticleDraft::default()
        }];
        library.add_drafts(&mut more).unwrap();
        library.settle().unwrap();
        let after = watcher.version().unwrap();
        assert_ne!(after.0, before.0, "the store's version moves");
        assert_ne!(after.1, before.1, "the index's commit moves");
    }

    #[test]
    fn a_flag_change_is_seen_by_the_watcher_counted_and_undone_exactly() {
        let (_dir, mut library) = library_with(5, 1);
        let watcher = library.searcher().unwrap();
        let before = watcher.version().unwrap();
        library.add_saved_search("all", "article", false).unwrap();
        let ids = library.ids_matching("article").unwrap();
        assert_eq!(ids.len(), 5);
        let changed = library
            .set_read_changed(&[ids[0], ids[1], ids[0]], true)
            .unwrap();
        assert_eq!(changed, [ids[0], ids[1]]);
        assert_ne!(
            watcher.version().unwrap().0,
            before.0,
            "the watcher sees it"
        );
        let counted = library.saved_search_counts().unwrap();
        assert_eq!((counted[0].total, counted[0].unread), (5, 3));
        assert_eq!(library.counts().unwrap().unread, 3);
        // Undo sets back exactly what changed: one read before stays read.
        assert_eq!(library.set_read_changed(&[ids[4]], true).unwrap(), [ids[4]]);
        assert_eq!(library.set_read_changed(&changed, false).unwrap(), changed);
        assert_eq!(library.counts().unwrap().unread, 4);
        assert_eq!(library.ids_matching("is:read").unwrap(), [ids[4]]);
        assert_eq!(
            library.set_starred_changed(&[ids[3], 999], true).unwrap(),
            [ids[3]]
        );
        assert_eq!(library.ids_matching("is:starred").unwrap(), [ids[3]]);
        // Hidden: out of the counts and every search but `is:hidden`.
        assert_eq!(
            library.set_hidden_changed(&[ids[2]], true).unwrap(),
            [ids[2]]
        );
        assert_eq!(library.counts().unwrap().total, 4);
        assert_eq!(library.ids_matching("article").unwrap().len(), 4);
        assert_eq!(library.ids_matching("is:hidden").unwrap(), [ids[2]]);
        assert!(
            library
                .set_hidden_changed(&[ids[2]], true)
                .unwrap()
                .is_empty()
        );
    }
}
