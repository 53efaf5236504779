//! What the list shows, as one value: every article, a query's results, one feed, or the articles
//! naming an entity. A new kind of list (a saved search, a tag, a story) is a new variant here and
//! the way its rows are found, nothing more.

use crate::article::EntityKind;
use crate::library::{ListScope, name_query, tag_query};
use crate::store::ListOrder;

/// The source of the list's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// Every stored article, newest first.
    All,
    /// The results of what is typed in the search box.
    Query { text: String },
    /// One subscription's articles, newest first.
    Feed { id: i64, name: String },
    /// Every article that names an entity (Enter in the entity panel).
    Entity { kind: EntityKind, name: String },
    /// The articles of a tag (a feed's folder, or `import --tag`).
    Tag { name: String },
    /// A saved search: its query, asked of the index each time.
    Saved { name: String, query: String },
    /// One row per story, newest story first (`t`); over a search, a feed or a name, only
    /// the stories with a report that list has.
    Stories { within: Option<StoriesWithin> },
    /// One story's reports, newest first.
    Story { id: i64, title: String },
}

/// The list a stories list was opened over: whose articles its stories must have one of, and
/// what its header calls them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoriesWithin {
    pub scope: ListScope,
    pub label: String,
}

/// How a source's rows are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The store's newest-first list, read a page at a time.
    Store,
    /// This query, run by the search worker: ranked ids, counted after the first page.
    Search(String),
    /// The ids the store lists for this, whole.
    Ids(IdQuery),
}

/// A list of article ids the library gives at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdQuery {
    /// A feed's articles, newest first.
    Feed(i64),
    /// Every story's first report, newest story first; only the stories with a report in the
    /// scope, with one.
    Stories(Option<ListScope>),
    /// A list in another order than its own, or its unread only.
    List {
        scope: ListScope,
        order: ListOrder,
        unread_only: bool,
    },
}

impl ListSource {
    /// How this source's rows are found.
    pub fn finding(&self) -> Finding {
        match self {
            ListSource::All => Finding::Store,
            ListSource::Query { text } => Finding::Search(text.clone()),
            ListSource::Feed { id, .. } => Finding::Ids(IdQuery::Feed(*id)),
            ListSource::Entity { kind, name } => Finding::Search(entity_query(*kind, name)),
            ListSource::Tag { name } => Finding::Search(tag_query(name)),
            ListSource::Saved { query, .. } => Finding::Search(query.clone()),
            ListSource::Stories { within } => {
                Finding::Ids(IdQuery::Stories(within.as_ref().map(|w| w.scope.clone())))
            }
            ListSource::Story { id, .. } => Finding::Search(format!("story:{id}")),
        }
    }

    /// How this source's rows are found in `order`, unread only if asked. A typed search keeps
    /// its best match first; only its unread are a narrower search.
    pub fn finding_with(&self, order: ListOrder, unread_only: bool) -> Finding {
        let own = self.finding();
        if self.is_stories() {
            // Stories keep their own order, newest story first, and show every story.
            return own;
        }
        let order = if self.is_typed() {
            ListOrder::Newest
        } else {
            order
        };
        if order == ListOrder::Newest {
            match own {
                Finding::Search(text) if unread_only => {
                    return Finding::Search(format!("is:unread {text}"));
                }
                Finding::Store if unread_only => return Finding::Search("is:unread".into()),
                Finding::Ids(IdQuery::Feed(id)) if unread_only => {
                    return Finding::Ids(IdQuery::List {
                        scope: ListScope::Feed(id),
                        order,
                        unread_only,
                    });
                }
                own => return own,
            }
        }
        let scope = match own {
            Finding::Store => ListScope::All,
            Finding::Search(text) => ListScope::Query(text),
            Finding::Ids(IdQuery::Feed(id)) => ListScope::Feed(id),
            Finding::Ids(IdQuery::Stories(within)) => within.unwrap_or(ListScope::All),
            Finding::Ids(IdQuery::List { scope, .. }) => scope,
        };
        Finding::Ids(IdQuery::List {
            scope,
            order,
            unread_only,
        })
    }

    /// The query the list's header shows for a searched source.
    pub fn query_text(&self) -> Option<String> {
        match self.finding() {
            Finding::Search(text) => Some(text),
            Finding::Store | Finding::Ids(_) => None,
        }
    }

    /// True for a list of stories (`t`), one row per story.
    pub fn is_stories(&self) -> bool {
        matches!(self, ListSource::Stories { .. })
    }

    /// The stories list over this one: its stories only, those with a report it lists (as it
    /// lists them: a typed search's last word is a prefix there too, a feed is its id).
    pub fn stories_within(&self) -> ListSource {
        let within = |scope, label: &str| {
            Some(StoriesWithin {
                scope,
                label: label.to_string(),
            })
        };
        let within = match self {
            ListSource::All | ListSource::Stories { .. } => None,
            ListSource::Feed { id, name } => within(ListScope::Feed(*id), name),
            ListSource::Query { text } if text.trim().is_empty() => None,
            ListSource::Query { text } => within(ListScope::Typed(text.clone()), text),
            ListSource::Entity { name, .. }
            | ListSource::Tag { name }
            | ListSource::Saved { name, .. } => self
                .query_text()
                .and_then(|text| within(ListScope::Query(text), name)),
            ListSource::Story { title, .. } => self
                .query_text()
                .and_then(|text| within(ListScope::Query(text), title)),
        };
        ListSource::Stories { within }
    }

    /// True for the search box's own source, whose text is typed.
    pub fn is_typed(&self) -> bool {
        matches!(self, ListSource::Query { .. })
    }

    /// True for what the sidebar lists: a feed, a tag, a saved search.
    pub fn is_sidebar_entry(&self) -> bool {
        matches!(
            self,
            ListSource::Feed { .. } | ListSource::Tag { .. } | ListSource::Saved { .. }
        )
    }
}

/// The query that finds every article naming `name` as a `kind` (the library's, which a name's
/// page asks too).
pub fn entity_query(kind: EntityKind, name: &str) -> String {
    name_query(Some(kind), name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_over_a_list_are_found_as_that_list_finds_its_articles() {
        let scope = |source: ListSource| match source.stories_within() {
            ListSource::Stories { within } => within.map(|w| (w.scope, w.label)),
            other => panic!("{other:?}"),
        };
        assert_eq!(scope(ListSource::All), None);
        // A feed by its id (a rename does not lose it), a typed search with its last word a
        // prefix as its results have it, a tag by its query.
        let feed = ListSource::Feed {
            id: 7,
            name: "Coast".into(),
        };
        assert_eq!(scope(feed), Some((ListScope::Feed(7), "Coast".into())));
        let typed = ListSource::Query {
            text: "earthq".into(),
        };
        assert_eq!(
            scope(typed),
            Some((ListScope::Typed("earthq".into()), "earthq".into()))
        );
        let tag = ListSource::Tag { name: "sea".into() };
        let tag_query = tag.query_text().unwrap_or_default();
        assert!(tag_query.starts_with("tag:"), "{tag_query}");
        assert_eq!(
            scope(tag),
            Some((ListScope::Query(tag_query), "sea".into()))
        );
        // `A` over the stories marks the articles of that list, never every one.
        let stories = ListSource::Feed {
            id: 7,
            name: "Coast".into(),
        }
        .stories_within();
        let marked = crate::tui::marks::scope_of_finding(stories.finding());
        assert_eq!(marked, ListScope::Feed(7));
    }

    #[test]
    fn an_entity_is_found_by_a_quoted_field_query() {
        let source = ListSource::Entity {
            kind: EntityKind::Person,
            name: "Ada \"the\" Lee".into(),
        };
        assert_eq!(
            source.finding(),
            Finding::Search("person:\"Ada  the  Lee\"".into())
        );
        let date = ListSource::Entity {
            kind: EntityKind::Date,
            name: "Monday".into(),
        };
        assert_eq!(date.query_text().as_deref(), Some("\"Monday\""));
        assert_eq!(ListSource::All.query_text(), None);
    }

    #[test]
    fn unread_only_narrows_a_search_and_an_order_lists_ids() {
        let tag = ListSource::Tag {
            name: "world".into(),
        };
        assert_eq!(
            tag.finding_with(ListOrder::Newest, true),
            Finding::Search("is:unread tag:\"world\"".into())
        );
        assert_eq!(
            ListSource::All.finding_with(ListOrder::Newest, true),
            Finding::Search("is:unread".into())
        );
        assert_eq!(
            ListSource::All.finding_with(ListOrder::Newest, false),
            Finding::Store
        );
        assert_eq!(
            tag.finding_with(ListOrder::Oldest, false),
            Finding::Ids(IdQuery::List {
                scope: ListScope::Query("tag:\"world\"".into()),
                order: ListOrder::Oldest,
                unread_only: false,
            })
        );
        let typed = ListSource::Query { text: "oil".into() };
        assert_eq!(
            typed.finding_with(ListOrder::Source, false),
            Finding::Search("oil".into()),
            "a typed search keeps its best match first"
        );
    }
}
