//! Reading and writing article rows: batch insert with duplicate detection, lists, tags, stats.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;

use super::entities;
use super::{Store, StoreError, next_rev};
use crate::article::{
    Article, ArticleDraft, ArticleId, ArticleSummary, Dateline, Entity, Link, undated_at,
};
use crate::ingest::sanitize::clean_line;

/// What a batch insert did: the ids it created, in draft order, and how many drafts were already stored.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BatchOutcome {
    /// `(index in the batch, new id)` for each draft that was stored.
    pub inserted: Vec<(usize, ArticleId)>,
    pub duplicates: usize,
}

/// Which articles a list shows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ListFilter {
    pub unread_only: bool,
    pub starred_only: bool,
}

/// Counts for `dateline stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Every stored article, hidden ones too (the index holds them all).
    pub articles: i64,
    pub unread: i64,
    pub starred: i64,
    pub sources: i64,
    pub oldest: Option<DateTime<Utc>>,
    pub newest: Option<DateTime<Utc>>,
    /// Hidden by a filter or `mark --hide`.
    pub hidden: i64,
}

/// The fields the search index needs from one article.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    pub id: ArticleId,
    pub rev: i64,
    pub title: String,
    pub standfirst: String,
    pub body: String,
    pub source: String,
    pub author: String,
    pub published: DateTime<Utc>,
    pub entities: Vec<Entity>,
    /// Text fetched from the article's page for a summary-only feed (see `Store::set_full_body`).
    pub full_body: Option<String>,
    /// Its own tags and its feed's.
    pub tags: Vec<String>,
    /// Out of every list and search but `is:hidden`.
    pub hidden: bool,
    /// The feed it came from, if any.
    pub feed_id: Option<i64>,
}

/// An article's own tags followed by its feed's, each once. A damaged list counts as none: tags
/// are for finding articles, and losing them must not lose the article.
pub(super) fn merged_tags(own: &str, feed: Option<String>) -> Vec<String> {
    let mut tags: Vec<String> = serde_json::from_str(own).unwrap_or_default();
    let feed: Vec<String> = feed
        .and_then(|feed| serde_json::from_str(&feed).ok())
        .unwrap_or_default();
    for tag in feed {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// The columns of a list row, from `articles a` with `WITH_FLAGS`.
pub(super) const SUMMARY_COLUMNS: &str =
    "a.id, a.title, a.source, a.published, IFNULL(f.read, 0), IFNULL(f.starred, 0)";

/// An article's flags beside it (see store/flags.rs). A LEFT JOIN, so the articles side is
/// walked first, in the order of its own indexes (newest first for a page), with one lookup of
/// the narrow flags row per article; a missing row reads as no flag set.
pub(super) const WITH_FLAGS: &str = "articles a LEFT JOIN article_flags f ON f.id = a.id";

/// The condition that leaves hidden articles out, written so that it keeps the LEFT JOIN.
pub(super) const VISIBLE: &str = "f.hidden IS NOT 1";

pub(super) fn to_time(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

pub(super) fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        source: row.get(2)?,
        published: to_time(row.get(3)?),
        read: row.get(4)?,
        starred: row.get(5)?,
        story: None,
    })
}

/// Whether a draft is already stored: the same guid from the same source when it has a guid; else
/// the same url; else the same title and body. Live updates that share a url but carry guids of
/// their own are kept as separate articles.
fn is_stored(
    conn: &rusqlite::Connection,
    draft: &ArticleDraft,
    hash: &[u8; 32],
) -> rusqlite::Result<bool> {
    if let Some(guid) = draft.guid.as_deref() {
        let mut stmt =
            conn.prepare_cached("SELECT 1 FROM articles WHERE source = ?1 AND guid = ?2")?;
        return stmt.exists(params![draft.source, guid]);
    }
    if let Some(url) = draft.url.as_deref() {
        let mut stmt = conn.prepare_cached("SELECT 1 FROM articles WHERE url = ?1")?;
        return stmt.exists([url]);
    }
    let mut stmt = conn.prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?1")?;
    stmt.exists([&hash[..]])
}

/// What a new row holds besides the draft's own fields.
pub(super) struct NewRow<'a> {
    pub published: DateTime<Utc>,
    pub imported_at: DateTime<Utc>,
    pub hash: &'a [u8; 32],
    pub rev: i64,
    /// The subscription it came from; `None` for files.
    pub feed_id: Option<i64>,
}

/// Inserts one article; file imports and feed refreshes both come through here.
pub(super) fn insert_article(
    tx: &rusqlite::Connection,
    draft: &ArticleDraft,
    row: &NewRow<'_>,
) -> rusqlite::Result<ArticleId> {
    let links = serde_json::to_string(&draft.links).unwrap_or_else(|_| "[]".into());
    let tags = serde_json::to_string(&draft.tags).unwrap_or_else(|_| "[]".into());
    let dateline = draft.dateline.as_ref();
    tx.prepare_cached(
        "INSERT INTO articles (title, standfirst, body, source, author, url, guid, published,
            dateline_place, dateline_date, dateline_agency, links, imported_at, content_hash, rev,
            entities, feed_id, tags, image)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19)",
    )?
    .execute(params![
        draft.title,
        draft.standfirst,
        draft.body,
        draft.source,
        draft.author,
        draft.url,
        draft.guid,
        row.published.timestamp(),
        dateline.map(|d| d.place.as_str()),
        dateline.and_then(|d| d.date).map(|d| d.to_string()),
        dateline.and_then(|d| d.agency.as_deref()),
        links,
        row.imported_at.timestamp(),
        &row.hash[..],
        row.rev,
        draft.entities.as_deref().map(entities::encode),
        row.feed_id,
        tags,
        draft.image,
    ])?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Stores a batch in one transaction, so a crash leaves either the whole batch or none of it.
    /// A draft already stored (see `is_stored`) counts as a duplicate.
    pub fn insert_batch(
        &mut self,
        drafts: &[ArticleDraft],
        now: DateTime<Utc>,
    ) -> Result<BatchOutcome, StoreError> {
        let tx = self.write()?;
        let mut outcome = BatchOutcome::default();
        {
            let mut rev: i64 =
                tx.query_row("SELECT value FROM meta WHERE key = 'rev'", [], |r| r.get(0))?;
            for (index, draft) in drafts.iter().enumerate() {
                let hash = draft.content_hash();
                // Checked before inserting, so a duplicate uses up no id.
                if is_stored(&tx, draft, &hash)? {
                    outcome.duplicates += 1;
                    continue;
                }
                let row = NewRow {
                    published: draft.published.unwrap_or_else(|| undated_at(now, index)),
                    imported_at: now,
                    hash: &hash,
                    rev: rev + 1,
                    feed_id: None,
                };
                let id = insert_article(&tx, draft, &row)?;
                rev += 1;
                outcome.inserted.push((index, id));
            }
            tx.execute("UPDATE meta SET value = ?1 WHERE key = 'rev'", [rev])?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// For each draft, whether it is already stored (see `is_stored`).
    pub fn already_stored(&self, drafts: &[ArticleDraft]) -> Result<Vec<bool>, StoreError> {
        drafts
            .iter()
            .map(|draft| Ok(is_stored(&self.conn, draft, &draft.content_hash())?))
            .collect()
    }

    /// One whole article, or `None` when there is no such id.
    pub fn get(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.standfirst, a.body, a.source, a.author, a.url, a.guid,
                    a.published, a.dateline_place, a.dateline_date, a.dateline_agency, a.links,
                    a.imported_at, IFNULL(g.read, 0), IFNULL(g.starred, 0), a.entities,
                    a.full_links, a.tags, f.tags, a.image, a.full_body, a.full_entities
             FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
             LEFT JOIN article_flags g ON g.id = a.id WHERE a.id = ?1",
        )?;
        let raw = stmt
            .query_row([id], |row| {
                Ok((
                    Article {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        standfirst: row.get(2)?,
                        body: row.get(3)?,
                        source: row.get(4)?,
                        author: row.get(5)?,
                        url: row.get(6)?,
                        guid: row.get(7)?,
                        published: to_time(row.get(8)?),
                        dateline: None,
                        links: Vec::new(),
                        entities: Vec::new(),
                        imported_at: to_time(row.get(13)?),
                        read: row.get(14)?,
                        starred: row.get(15)?,
                        tags: merged_tags(&row.get::<_, String>(18)?, row.get(19)?),
                        image: row.get(20)?,
                    },
                    row.get::<_, Option<String>>(9)?,
                    row.get::<_, Option<String>>(10)?,
                    row.get::<_, Option<String>>(11)?,
                    row.get::<_, String>(12)?,
                    row.get::<_, Option<String>>(16)?,
                    row.get::<_, Option<String>>(17)?,
                    row.get::<_, Option<String>>(21)?,
                    row.get::<_, Option<String>>(22)?,
                ))
            })
            .optional()?;
        let Some((mut article, place, date, agency, links, found, full_links, full, full_found)) =
            raw
        else {
            return Ok(None);
        };
        let read_links = |field, text: &str| {
            serde_json::from_str::<Vec<Link>>(text).map_err(|e| StoreError::Damaged {
                id,
                field,
                reason: e.to_string(),
            })
        };
        article.links = read_links("links", &links)?;
        // The full text's links continue the article's numbering (see `set_full_body`).
        if let Some(full_links) = full_links {
            article.links.extend(read_links("full_links", &full_links)?);
        }
        let fields = [
            article.title.as_str(),
            article.standfirst.as_str(),
            article.body.as_str(),
            full.as_deref().unwrap_or_default(),
        ];
        let found_in = |found: Option<String>, field| -> Result<Vec<Entity>, StoreError> {
            found.map_or(Ok(Vec::new()), |found| {
                entities::decode(&found, fields).map_err(|reason| StoreError::Damaged {
                    id,
                    field,
                    reason,
                })
            })
        };
        let mut found = found_in(found, "entities")?;
        found.extend(found_in(full_found, "full_entities")?);
        article.entities = found;
        article.dateline = place.map(|place| Dateline {
            place,
            date: date.and_then(|d| d.parse::<NaiveDate>().ok()),
            agency,
        });
        Ok(Some(article))
    }

    /// When article `id` was published (`None` for no such article).
    pub fn published_of(&self, id: ArticleId) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT published FROM articles WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?
            .map(to_time))
    }

    /// Newest first, `limit` rows starting at `offset`.
    pub fn list(
        &self,
        filter: ListFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut conditions = vec![VISIBLE];
        if filter.unread_only {
            conditions.push("f.read IS NOT 1");
        }
        if filter.starred_only {
            conditions.push("f.starred IS 1");
        }
        let where_clause = format!("WHERE {}", conditions.join(" AND "));
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} {where_clause}
             ORDER BY a.published DESC, a.id DESC LIMIT ?1 OFFSET ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The summaries of the given ids, in the order given; ids not stored are left out.
    pub fn summaries(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {WITH_FLAGS} WHERE a.id IN ({marks})");
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk), summary_from_row)?;
            for row in rows {
                found.push(row?);
            }
        }
        let position = |id: ArticleId| ids.iter().position(|&x| x == id);
        found.sort_by_key(|s| position(s.id));
        Ok(found)
    }

    /// Adds a tag (cleaned like any text from outside) to articles' own tags; returns how many
    /// gained it. They take a new rev.
    pub fn add_tag(&mut self, ids: &[ArticleId], tag: &str) -> Result<usize, StoreError> {
        let tag = clean_line(tag);
        if tag.is_empty() {
            return Ok(0);
        }
        let tx = self.write()?;
        let rev = next_rev(&tx)?;
        let mut changed = 0;
        {
            let mut read = tx.prepare("SELECT tags FROM articles WHERE id = ?1")?;
            let mut write = tx.prepare("UPDATE articles SET tags = ?1, rev = ?2 WHERE id = ?3")?;
            for id in ids {
                let Some(tags) = read.query_row([id], |r| r.get::<_, String>(0)).optional()? else {
                    continue;
                };
                let mut tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
                if tags.contains(&tag) {
                    continue;
                }
                tags.push(tag.clone());
                let tags = serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into());
                changed += write.execute(params![tags, rev, id])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Totals for `dateline stats`.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), COUNT(*) - (SELECT COUNT(*) FROM article_flags WHERE read = 1),
                    (SELECT COUNT(*) FROM article_flags WHERE starred = 1),
                    COUNT(DISTINCT NULLIF(source, '')), MIN(published), MAX(published),
                    (SELECT COUNT(*) FROM article_flags WHERE hidden = 1)
             FROM articles",
            [],
            |row| {
                Ok(Stats {
                    articles: row.get(0)?,
                    unread: row.get(1)?,
                    starred: row.get(2)?,
                    sources: row.get(3)?,
                    oldest: row.get::<_, Option<i64>>(4)?.map(to_time),
                    newest: row.get::<_, Option<i64>>(5)?.map(to_time),
                    hidden: row.get(6)?,
                })
            },
        )?)
    }

    /// The store's change counter: every insert or text change takes the next value.
    pub fn current_rev(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'rev'", [], |r| r.get(0))?)
    }

    /// Calls `visit` for every article changed after `rev`, oldest change first, without loading them all.
    pub fn for_each_changed_since<E: From<StoreError>>(
        &self,
        rev: i64,
        mut visit: impl FnMut(IndexRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = "SELECT a.id, a.rev, a.title, a.standfirst, a.body, a.source, a.author,
                          a.published, a.entities, a.full_body, a.tags, f.tags,
                          IFNULL(g.hidden, 0), a.full_entities, a.feed_id
                   FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
                   LEFT JOIN article_flags g ON g.id = a.id
                   WHERE a.rev > ?1 ORDER BY a.rev";
        let mut stmt = self.conn.prepare(sql).map_err(StoreError::from)?;
        let mut rows = stmt.query([rev]).map_err(StoreError::from)?;
        let read = |row: &Row<'_>| -> rusqlite::Result<IndexRow> {
            let mut index_row = IndexRow {
                id: row.get(0)?,
                rev: row.get(1)?,
                title: row.get(2)?,
                standfirst: row.get(3)?,
                body: row.get(4)?,
                source: row.get(5)?,
                author: row.get(6)?,
                published: to_time(row.get(7)?),
                entities: Vec::new(),
                full_body: row.get(9)?,
                tags: merged_tags(&row.get::<_, String>(10)?, row.get(11)?),
                hidden: row.get(12)?,
                feed_id: row.get(14)?,
            };
            let fields = [
                index_row.title.as_str(),
                index_row.standfirst.as_str(),
                index_row.body.as_str(),
                index_row.full_body.as_deref().unwrap_or_default(),
            ];
            // A damaged entity list costs the article its entity terms, not its place in the index.
            let found: Vec<Entity> = [row.get::<_, Option<String>>(8)?, row.get(13)?]
                .into_iter()
                .flatten()
                .flat_map(|found| entities::decode(&found, fields).unwrap_or_default())
                .collect();
            index_row.entities = found;
            Ok(index_row)
        };
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            visit(read(row).map_err(StoreError::from)?)?;
        }
        Ok(())
    }

    /// How many articles are stored.
    pub fn count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?)
    }
}
