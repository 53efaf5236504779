//! For `update`'s tests: articles and feeds held in memory that answer the screen's data
//! requests with fabricated messages, so those tests need no SQLite. What the real library
//! answers is tested in data.rs's and list.rs's tests and through the app in tests/screen.rs.

use chrono::{DateTime, TimeZone, Utc};

use super::list::RowRequest;
use super::msg::{DataAnswer, DataRequest, Flag, Loaded, Msg};
use super::source::IdQuery;
use crate::article::{Article, ArticleId, ArticleSummary, Entity, EntityKind, TextField};
use crate::store::{Counts, Feed, FeedStats, ListKey};

/// Articles, some of them from feeds.
#[derive(Default)]
pub struct Shelf {
    articles: Vec<(Article, Option<i64>)>,
    feeds: Vec<Feed>,
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
        Counts {
            total: self.articles.len(),
            unread: self.articles.iter().filter(|(a, _)| !a.read).count(),
        }
    }

    pub fn get(&self, id: ArticleId) -> Option<&Article> {
        self.articles.iter().map(|(a, _)| a).find(|a| a.id == id)
    }

    /// Every row, newest first, as the store lists them.
    pub fn listed(&self) -> Vec<ArticleSummary> {
        let mut rows: Vec<ArticleSummary> = self.articles.iter().map(|(a, _)| summary(a)).collect();
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

    /// The answer the library would give.
    pub fn answer(&mut self, request: DataRequest) -> Msg {
        let answer = match request {
            DataRequest::Rows {
                view,
                revision,
                request,
            } => DataAnswer::Rows {
                view,
                revision,
                rows: Ok(self.rows(&request)),
                request,
            },
            DataRequest::Ids {
                view,
                query: IdQuery::Feed(feed),
            } => {
                let listed = self.listed();
                let in_feed = |id: ArticleId| {
                    self.articles
                        .iter()
                        .any(|(a, f)| a.id == id && *f == Some(feed))
                };
                let ids = listed.iter().map(|r| r.id).filter(|id| in_feed(*id));
                DataAnswer::Ids {
                    view,
                    ids: Ok(ids.collect()),
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
            DataRequest::Feeds => DataAnswer::Feeds(Ok(self
                .feeds
                .iter()
                .map(|feed| FeedStats {
                    feed: feed.clone(),
                    articles: self
                        .articles
                        .iter()
                        .filter(|(_, f)| *f == Some(feed.id))
                        .count() as i64,
                    unread: 0,
                })
                .collect())),
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
