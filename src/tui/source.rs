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
    /// the stories with a report that list has (`within`, its query).
    Stories { within: Option<String> },
    /// One story's reports, newest first.
    Story { id: i64, title: String },
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
    /// Every story's first report, newest story first; only the stories with a report this
    /// query finds, with one.
    Stories(Option<String>),
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
            ListSource::Stories { within } => Finding::Ids(IdQuery::Stories(within.clone())),
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
            Finding::Ids(IdQuery::Stories(within)) => {
                within.map_or(ListScope::All, ListScope::Query)
            }
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

    /// The stories list over this one: its stories only, those with a report it lists.
    pub fn stories_within(&self) -> ListSource {
        let within = match self {
            ListSource::Feed { name, .. } => Some(crate::library::feed_query(name)),
            other => other.query_text(),
        };
        ListSource::Stories {
            within: within.filter(|text| !text.trim().is_empty()),
        }
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
