//! Stories through the library: what arrived is put into stories once the index has it (so the
//! earlier reports of an event are found through the index, and an import's own articles find
//! each other), and the stories are read for the list, the command line and `story:ID`.

use std::collections::HashMap;

use super::{Library, LibraryError, ListScope};
use crate::article::{ArticleId, ArticleSummary};
use crate::search::query::{self, ParsedQuery};
use crate::store::{Claim, StoryRow};
use crate::stories::{Signature, WINDOW, likeness};

/// Earlier articles an arriving one is compared with at most.
const CANDIDATES: usize = 24;
/// Articles clustered between writes to the store.
const CHUNK: usize = 2_000;

/// A story with its articles, for `dateline stories`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Story {
    pub id: ArticleId,
    /// The headline of its first report.
    pub title: String,
    /// Newest first.
    pub articles: Vec<ArticleSummary>,
}

impl Library {
    /// Puts what arrived since clustering last looked into stories; returns how many. Called
    /// once the index is in step (see `settle`).
    pub(super) fn cluster_new(&mut self) -> Result<usize, LibraryError> {
        let arrived = self.store.claim_new(Claim::Stories)?;
        self.cluster(&arrived)
    }

    /// Clusters everything stored again from the start (`dateline stories rebuild`); returns
    /// how many articles it placed.
    pub fn rebuild_stories(&mut self) -> Result<usize, LibraryError> {
        self.settle()?;
        self.store.clear_stories()?;
        self.cluster_new()
    }

    /// Each of `ids`, in order, joins the story of the most alike earlier article published
    /// within the window, or starts its own.
    fn cluster(&mut self, ids: &[ArticleId]) -> Result<usize, LibraryError> {
        if ids.is_empty() {
            return Ok(0);
        }
        self.index.reload()?;
        let mut count = 0;
        for chunk in ids.chunks(CHUNK) {
            // This chunk's articles: they are not in the store's stories until the chunk is
            // written; later chunks find them there.
            let mut placed: HashMap<ArticleId, (ArticleId, Signature)> = HashMap::new();
            let mut keys = self.store.signatures_of(chunk)?;
            // The candidates of each, asked of the index on every core: they do not depend on
            // which stories the chunk's articles join, which is decided in order below.
            let index = &self.index;
            let nears = crate::parallel::map(&mut keys, |key| {
                index.similar(&key.words, CANDIDATES).map(|hits| {
                    hits.into_iter()
                        .filter(|hit| {
                            hit.id != key.id && (hit.published - key.published).abs() <= WINDOW
                        })
                        .map(|hit| hit.id)
                        .collect::<Vec<ArticleId>>()
                })
            });
            let mut joined = Vec::with_capacity(chunk.len());
            for (key, near) in keys.into_iter().zip(nears) {
                let Some(signature) = key.signature else {
                    continue;
                };
                let near = near?;
                let mut best: Option<(f32, ArticleId)> = None;
                let mut consider = |story: ArticleId, other: &Signature| {
                    let alike = likeness(&signature, other);
                    if alike.same_event() && best.is_none_or(|(score, _)| alike.score() > score) {
                        best = Some((alike.score(), story));
                    }
                };
                let (in_run, stored): (Vec<ArticleId>, Vec<ArticleId>) =
                    near.into_iter().partition(|id| placed.contains_key(id));
                for id in in_run {
                    if let Some((story, other)) = placed.get(&id) {
                        consider(*story, other);
                    }
                }
                for other in self.store.story_keys(&stored)? {
                    if let (Some(story), Some(sig)) = (other.story, &other.signature) {
                        consider(story, sig);
                    }
                }
                let story = best.map_or(key.id, |(_, story)| story);
                placed.insert(key.id, (story, signature.clone()));
                joined.push((key.id, story, signature, key.published));
            }
            count += joined.len();
            self.store.join_stories(&joined)?;
            self.tell_progress("grouping", "articles into stories", count, ids.len());
        }
        Ok(count)
    }

    /// Stories with an article newer than `since` (unix seconds), newest first, up to `limit`.
    pub fn story_rows(&self, since: i64, limit: usize) -> Result<Vec<StoryRow>, LibraryError> {
        Ok(self.store.stories(since, limit)?)
    }

    /// A story and its visible articles (none when they are all gone or hidden).
    pub fn story(&self, id: ArticleId) -> Result<Option<Story>, LibraryError> {
        let articles = self.store.story_articles(id)?;
        if articles.is_empty() {
            return Ok(None);
        }
        // Its first report published (newest first, so the last), as the stories list says.
        let title = articles[articles.len() - 1].title.clone();
        Ok(Some(Story {
            id,
            title,
            articles,
        }))
    }

    /// Every story, newest first (the stories list).
    pub fn story_ids(&self) -> Result<Vec<ArticleId>, LibraryError> {
        Ok(self.store.story_ids()?)
    }

    /// The stories with a report in `scope` (every story without one), newest first: the
    /// stories list over a search, a feed or a name's articles.
    pub fn story_ids_within(
        &self,
        scope: Option<&ListScope>,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        let found = match scope {
            None | Some(ListScope::All) => return self.story_ids(),
            Some(ListScope::Feed(feed)) => Some(self.ids_in_feed(*feed)?),
            Some(ListScope::Query(text)) => self.ids_narrowed(super::parse_whole(text))?,
            Some(ListScope::Typed(text)) => {
                self.ids_narrowed(query::parse(text, chrono::Utc::now()))?
            }
        };
        let Some(found) = found else {
            // A query that narrows nothing holds every story: no walk over every article.
            return self.story_ids();
        };
        let holding = self.store.stories_of(&found)?;
        let mut ids = self.store.story_ids()?;
        ids.retain(|id| holding.contains(id));
        Ok(ids)
    }

    /// The articles a query finds (newest first, though only the set is used here), or None
    /// when it narrows nothing.
    fn ids_narrowed(&self, parsed: ParsedQuery) -> Result<Option<Vec<ArticleId>>, LibraryError> {
        if !self.narrows(&parsed)? {
            return Ok(None);
        }
        Ok(Some(self.ids_of_parsed(&parsed)?))
    }

    /// The stories list's rows for these stories.
    pub fn story_summaries(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>, LibraryError> {
        Ok(self.store.story_summaries(ids)?)
    }

    /// Marks every report of a story read or unread; returns those that changed.
    pub fn mark_story(
        &mut self,
        story: ArticleId,
        read: bool,
    ) -> Result<Vec<ArticleId>, LibraryError> {
        let ids: Vec<ArticleId> = self
            .store
            .story_articles(story)?
            .into_iter()
            .map(|a| a.id)
            .collect();
        self.change_flag(&ids, super::FlagChange::Read, read)
    }

    /// The story an article is in, once clustering has reached it.
    pub fn story_of(&self, id: ArticleId) -> Result<Option<ArticleId>, LibraryError> {
        Ok(self.store.story_of(id)?)
    }

    /// Stored articles in no story yet (stored before stories existed, and not rebuilt).
    pub fn outside_stories(&self) -> Result<usize, LibraryError> {
        Ok(self.store.outside_stories()?)
    }
}
