//! For `update`'s tests: articles and feeds held in memory that answer the screen's data
//! requests with fabricated messages, so those tests need no SQLite. What the real library
//! answers is tested in data.rs's and list.rs's tests and through the app in tests/screen.rs.

use chrono::{DateTime, TimeZone, Utc};

use super::list::RowRequest;
use super::msg::{DataAnswer, DataRequest, Flag, Loaded, Msg, UnreadFrom, unread_search_order};
use super::source::IdQuery;
use crate::article::{Article, ArticleId, ArticleSummary, Entity, EntityKind, TextField};
use crate::library::{FlagChange, ListScope, Sidebar};
use crate::store::{Counts, Feed, FeedStats, ListKey, ListOrder};

/// Articles, some of them from feeds.
#[derive(Default)]
pub struct Shelf {
    articles: Vec<(Article, Option<i64>)>,
    feeds: Vec<Feed>,
    /// Articles hidden (`x`): in no list or count, as in the library.
    hidden: Vec<ArticleId>,
    /// Flags written, in order.
    pub writes: Vec<(ArticleId, Flag, bool)>,
}

/// An article numbered `n`, published `n` minutes after a fixed time (so higher is newer),
/// naming Ada Lee and Oslo.
pub fn article(n: i64, title: &str) -> Article {
    let at = |minutes: i64| -> DateTime<Utc> {
        Utc.timestamp_opt(1_760_000_000 + minutes * 60, 0)
            .single()
            .unwrap_or_default()
    };
    let body = format!("Ada Lee spoke in Oslo about {title}.\n\nThe harbour reopened.");
    Article {
        id: n,
        title: title.into(),
        standfirst: String::new(),
        entities: vec![
            entity(EntityKind::Person, "Ada Lee", 0),
            entity(EntityKind::Place, "Oslo", 17),
        ],
        body,
        source: "Test Wire".into(),
        author: String::new(),
        url: Some(format!("https://example.org/{n}")),
        guid: None,
        published: at(n),
        dateline: None,
        links: Vec::new(),
        imported_at: at(n),
        read: false,
        starred: false,
        tags: Vec::new(),
        image: None,
    }
}

/// A name the recogniser found at character `start` of the body.
fn entity(kind: EntityKind, text: &str, start: usize) -> Entity {
    Entity {
        kind,
        text: text.into(),
        field: TextField::Body,
        start,
        end: start + text.chars().count(),
        value: None,
    }
}

/// Where a key sorts: by publication time, then id.
fn order(key: &ListKey) -> (i64, ArticleId) {
    (key.published, key.id)
}

fn summary(article: &Article) -> ArticleSummary {
    ArticleSummary {
        id: article.id,
        title: article.title.clone(),
        source: article.source.clone(),
        published: article.published,
        read: article.read,
        starred: article.starred,
        story: None,
    }
}

impl Shelf {
    /// Articles 1..=n titled `Harbour report N`.
    pub fn with(n: i64) -> Shelf {
        let mut shelf = Shelf::default();
        for i in 1..=n {
            shelf.add(article(i, &format!("Harbour report {i}")), None);
        }
        shelf
    }

    pub fn add(&mut self, article: Article, feed: Option<i64>) {
        self.articles.push((article, feed));
    }

    /// Marks article `id` read or unread, as if done before the screen opened.
    pub fn mark(&mut self, id: ArticleId, read: bool) {
        if let Some((article, _)) = self.articles.iter_mut().find(|(a, _)| a.id == id) {
            article.read = read;
        }
    }

    /// Gives article `id` a new body, as a refresh that updates an item in place does.
    pub fn rewrite(&mut self, id: ArticleId, body: &str) {
        if let Some((article, _)) = self.articles.iter_mut().find(|(a, _)| a.id == id) {
            article.body = body.to_string();
        }
    }

    /// A feed renamed (as a refresh renames one named after its host).
    pub fn rename_feed(&mut self, id: i64, name: &str) {
        if let Some(feed) = self.feeds.iter_mut().find(|f| f.id == id) {
            feed.name = name.into();
        }
    }

    pub fn add_feed(&mut self, id: i64, name: &str) {
        self.feeds.push(Feed {
            id,
            url: format!("https://example.org/{name}.xml"),
            name: name.into(),
            site_url: None,
            tags: Vec::new(),
            etag: None,
            last_modified: None,
            last_fetched: None,
            last_status: None,
            last_error: None,
            retry_after: None,
            added_at: Utc::now(),
        });
    }

    pub fn counts(&self) -> Counts {
        let listed = self.listed();
        Counts {
            total: listed.len(),
            unread: listed.iter().filter(|row| !row.read).count(),
        }
    }

    pub fn get(&self, id: ArticleId) -> Option<&Article> {
        self.articles.iter().map(|(a, _)| a).find(|a| a.id == id)
    }

    /// Every row, newest first, as the store lists them.
    pub fn listed(&self) -> Vec<ArticleSummary> {
        let mut rows: Vec<ArticleSummary> = self
            .articles
            .iter()
            .filter(|(a, _)| !self.hidden.contains(&a.id))
            .map(|(a, _)| summary(a))
            .collect();
        rows.sort_by_key(|row| std::cmp::Reverse(order(&ListKey::of(row))));
        rows
    }

    fn rows(&self, request: &RowRequest) -> Vec<ArticleSummary> {
        let listed = self.listed();
        let at = |key: &ListKey| listed.iter().position(|row| ListKey::of(row) == *key);
        match request {
            RowRequest::After { key, limit } => {
                let from = at(key).map_or(listed.len(), |i| i + 1);
                listed.into_iter().skip(from).take(*limit).collect()
            }
            RowRequest::Before { key, limit } => {
                let to = at(key).unwrap_or(0);
                listed[to.saturating_sub(*limit)..to].to_vec()
            }
            RowRequest::At { start, limit, .. } => {
                listed.into_iter().skip(*start).take(*limit).collect()
            }
            RowRequest::Ids { ids, .. } => ids
                .iter()
                .filter_map(|id| self.get(*id).map(summary))
                .collect(),
            RowRequest::Around {
                key, before, after, ..
            } => {
                let Some(i) = at(key) else {
                    return Vec::new();
                };
                listed[i.saturating_sub(*before)..(i + 1 + after).min(listed.len())].to_vec()
            }
        }
    }

    fn feed_stats(&self) -> Vec<FeedStats> {
        let of_feed = |feed: i64| {
            self.articles
                .iter()
                .filter(move |(a, f)| *f == Some(feed) && !self.hidden.contains(&a.id))
        };
        self.feeds
            .iter()
            .map(|feed| FeedStats {
                feed: feed.clone(),
                articles: of_feed(feed.id).count() as i64,
                unread: of_feed(feed.id).filter(|(a, _)| !a.read).count() as i64,
            })
            .collect()
    }

    /// The ids of a scope (no queries: the shelf has no index), in order.
    fn ids_of(
        &self,
        scope: &ListScope,
        order: ListOrder,
        unread_only: bool,
    ) -> Result<Vec<ArticleId>, String> {
        let feed = match scope {
            ListScope::All => None,
            ListScope::Feed(id) => Some(*id),
            ListScope::Query(_) | ListScope::Typed(_) => {
                return Err("the shelf has no index".into());
            }
        };
        let mut rows: Vec<ArticleSummary> = self
            .listed()
            .into_iter()
            .filter(|row| {
                feed.is_none_or(|feed| {
                    self.articles
                        .iter()
                        .any(|(a, f)| a.id == row.id && *f == Some(feed))
                })
            })
            .filter(|row| !(unread_only && row.read))
            .collect();
        match order {
            ListOrder::Newest => {}
            ListOrder::Oldest => rows.reverse(),
            ListOrder::Source => rows.sort_by(|a, b| a.source.cmp(&b.source)),
            ListOrder::UnreadFirst => rows.sort_by_key(|row| row.read),
        }
        Ok(rows.into_iter().map(|row| row.id).collect())
    }

    /// Sets a flag; returns the ids that changed.
    fn change(&mut self, ids: &[ArticleId], flag: FlagChange, value: bool) -> Vec<ArticleId> {
        let mut changed = Vec::new();
        for (article, _) in &mut self.articles {
            if !ids.contains(&article.id) {
                continue;
            }
            let shown = match flag {
                FlagChange::Read => &mut article.read,
                FlagChange::Starred => &mut article.starred,
                FlagChange::Hidden => {
                    let hidden = self.hidden.contains(&article.id);
                    if hidden != value {
                        self.hidden.retain(|id| *id != article.id);
                        if value {
                            self.hidden.push(article.id);
                        }
                        changed.push(article.id);
                    }
                    continue;
                }
            };
            if *shown != value {
                *shown = value;
                changed.push(article.id);
            }
        }
        changed
    }

    /// The answer the library would give.
    pub fn answer(&mut self, request: DataRequest) -> Msg {
        let answer = match request {
            DataRequest::Rows {
                view,
                revision,
                request,
                ..
            } => DataAnswer::Rows {
                view,
                revision,
                rows: Ok(self.rows(&request)),
                request,
            },
            DataRequest::Ids { view, query } => {
                let (scope, order, unread_only) = match query {
                    IdQuery::Feed(feed) => (ListScope::Feed(feed), ListOrder::Newest, false),
                    IdQuery::Stories(_) => {
                        (ListScope::Query("stories".into()), ListOrder::Newest, false)
                    }
                    IdQuery::List {
                        scope,
                        order,
                        unread_only,
                    } => (scope, order, unread_only),
                };
                DataAnswer::Ids {
                    view,
                    ids: self.ids_of(&scope, order, unread_only),
                }
            }
            DataRequest::Sidebar => DataAnswer::Sidebar(Ok(Sidebar {
                feeds: self.feed_stats(),
                ..Sidebar::default()
            })),
            DataRequest::SaveSearch { name, .. } => DataAnswer::SavedSearch(Ok(name)),
            DataRequest::SetAlert { .. } => DataAnswer::Written(Ok(())),
            DataRequest::EntityPage { view, name, .. } => DataAnswer::EntityPage {
                view,
                page: Ok(Box::new(crate::library::EntityPage {
                    name,
                    total: 0,
                    days: Vec::new(),
                    sources: Vec::new(),
                    related: vec![(EntityKind::Place, "Oslo".into(), 1)],
                    articles: Vec::new(),
                })),
            },
            DataRequest::MarkAllRead { scope } => {
                let ids = self.ids_of(&scope, ListOrder::Newest, true);
                DataAnswer::Changed {
                    flag: FlagChange::Read,
                    value: true,
                    undo: false,
                    ids: ids.map(|ids| self.change(&ids, FlagChange::Read, true)),
                }
            }
            DataRequest::ChangeFlag {
                ids,
                flag,
                value,
                undo,
            } => DataAnswer::Changed {
                flag,
                value,
                undo,
                ids: Ok(self.change(&ids, flag, value)),
            },
            DataRequest::MarkStory { .. } => DataAnswer::Changed {
                flag: FlagChange::Read,
                value: true,
                undo: false,
                ids: Err("the shelf has no stories".into()),
            },
            DataRequest::ToggleHidden { id } => {
                let value = !self.hidden.contains(&id);
                DataAnswer::Changed {
                    flag: FlagChange::Hidden,
                    value,
                    undo: false,
                    ids: Ok(self.change(&[id], FlagChange::Hidden, value)),
                }
            }
            DataRequest::SeekUnread {
                view,
                revision,
                after,
                backward,
            } => {
                let listed = self.listed();
                let unread = |id: ArticleId| self.get(id).is_some_and(|a| !a.read);
                let (ids, start, wrap): (Vec<ArticleId>, usize, bool) = match after {
                    UnreadFrom::Key(key) => {
                        let at = listed.iter().position(|r| ListKey::of(r) == key);
                        let start = match at {
                            Some(at) if !backward => at + 1,
                            Some(at) => at,
                            None => 0,
                        };
                        (listed.iter().map(|r| r.id).collect(), start, true)
                    }
                    UnreadFrom::Ids { start, ids, wrap } => (ids, start, wrap),
                };
                let found = unread_search_order(start, ids.len(), wrap, backward)
                    .into_iter()
                    .find(|&at| unread(ids[at]))
                    .and_then(|at| self.get(ids[at]).map(|a| (ListKey::of(&summary(a)), at)));
                DataAnswer::SeekUnread {
                    view,
                    revision,
                    found: Ok(found),
                }
            }
            DataRequest::Locate {
                view,
                revision,
                key,
            } => DataAnswer::Located {
                view,
                revision,
                key,
                position: Ok(self
                    .listed()
                    .iter()
                    .filter(|row| order(&ListKey::of(row)) > order(&key))
                    .count()),
            },
            DataRequest::Article { id, purpose } => DataAnswer::Article {
                id,
                purpose,
                found: Ok(self.get(id).map(|article| {
                    Box::new(Loaded {
                        article: article.clone(),
                        full_text: None,
                    })
                })),
            },

            DataRequest::FeedOf { article } => DataAnswer::FeedOf {
                article,
                feed: Ok(self
                    .articles
                    .iter()
                    .find(|(a, _)| a.id == article)
                    .and_then(|(_, f)| *f)),
            },
            DataRequest::SetFlag { id, flag, value } => {
                if let Some((article, _)) = self.articles.iter_mut().find(|(a, _)| a.id == id) {
                    match flag {
                        Flag::Read => article.read = value,
                        Flag::Starred => article.starred = value,
                    }
                }
                self.writes.push((id, flag, value));
                DataAnswer::Written(Ok(()))
            }
        };
        Msg::Data(Box::new(answer))
    }
}
