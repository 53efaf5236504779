//! Moving from newsboat: its `urls` file (subscriptions with tags and titles) and the history kept
//! in its `cache.db`: read and starred state, and the articles their feeds no longer carry.
//!
//! newsboat has no star: its articles carry free-form one-letter flags instead. Flag `s` is taken
//! to mean starred ([`STAR_FLAG`]), the letter people commonly give to the `*-flag-star` settings
//! of newsboat's sync back-ends; the raw flags are kept in [`CacheItem::flags`] for other choices.

mod query;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, Row};

use crate::article::ArticleId;
use crate::ingest::{CachedFeedItem, cached_item_draft, feed_address};
use crate::library::{Library, LibraryError};
use crate::store::{CachedArticle, Feed, StateMark};

/// The flag read as "starred".
pub const STAR_FLAG: char = 's';

/// One subscription from a `urls` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlsEntry {
    pub url: String,
    pub tags: Vec<String>,
    /// From a `~Title` tag.
    pub title: Option<String>,
    /// newsboat hides a feed with a `!` tag from its feed list; dateline has no hidden feeds, so
    /// this only tells the importer (the `!` tag's text is not kept as a tag).
    pub hidden: bool,
    /// 1-based line of the file.
    pub line: usize,
}

/// A line of a `urls` file that is not a subscription dateline can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlsSkipped {
    pub line: usize,
    /// The line's first word: the query, command or URL skipped.
    pub text: String,
    pub reason: String,
}

/// A query feed of a `urls` file, in dateline's query language: a saved search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlsQuery {
    pub name: String,
    pub query: String,
    /// 1-based line of the file.
    pub line: usize,
}

/// A parsed `urls` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlsFile {
    /// In file order; an address listed twice (in any spelling, see `ingest::feed_address`)
    /// comes once, with the tags of both lines.
    pub feeds: Vec<UrlsEntry>,
    /// Query feeds whose filter could be translated.
    pub queries: Vec<UrlsQuery>,
    pub skipped: Vec<UrlsSkipped>,
}

/// Splits a line into words; a word in double quotes may hold spaces, `\"` and `\\`.
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '"' {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' if matches!(chars.peek(), Some('"' | '\\')) => {
                        word.extend(chars.next());
                    }
                    other => word.push(other),
                }
            }
            if !closed {
                return Err("a quote is not closed".into());
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                word.push(c);
            }
        }
        words.push(word);
    }
    Ok(words)
}

/// Why a first word is not a feed dateline can fetch, if it is not.
fn unsupported(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let reason = if lower.starts_with("exec:") {
        "the feed is made by running a program; dateline only fetches feeds over HTTP"
    } else if lower.starts_with("filter:") {
        "the feed goes through a filter program; dateline only fetches feeds over HTTP"
    } else if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        "not an http or https URL"
    } else if url::Url::parse(url).is_err() {
        "not a valid URL"
    } else {
        return None;
    };
    Some(reason.into())
}

/// Reads newsboat's `urls` file: one feed a line, `URL tag "tag with spaces" "~Title" "!hidden"`,
/// `#` starting a comment line. Query feeds become saved searches where their filter translates
/// (see `query.rs`); those that do not, `exec:` and `filter:` feeds, and anything else that is not
/// an HTTP(S) URL come back in `skipped`, each with its reason.
pub fn parse_urls(text: &str) -> UrlsFile {
    let mut file = UrlsFile::default();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut skip = |text: &str, reason: String| {
            file.skipped.push(UrlsSkipped {
                line: line_no,
                text: text.to_string(),
                reason,
            })
        };
        let words = match words(trimmed) {
            Ok(words) => words,
            Err(reason) => {
                skip(trimmed, reason);
                continue;
            }
        };
        let Some((url, rest)) = words.split_first() else {
            continue;
        };
        if let Some(definition) = url.strip_prefix("query:") {
            // `query:Name:filter`, a saved search over every feed.
            let translated = match definition.split_once(':') {
                Some((name, filter)) if !name.trim().is_empty() => {
                    query::translate(filter).map(|query| (name.trim().to_string(), query))
                }
                _ => Err("a query feed needs a name and a filter".into()),
            };
            match translated {
                Ok((name, query)) => file.queries.push(UrlsQuery {
                    name,
                    query,
                    line: line_no,
                }),
                Err(reason) => skip(url, format!("query feed: {reason}")),
            }
            continue;
        }
        if let Some(reason) = unsupported(url) {
            skip(url, reason);
            continue;
        }
        let mut entry = UrlsEntry {
            // In one spelling, so that two spellings of an address are one feed (and one line).
            url: feed_address(url),
            tags: Vec::new(),
            title: None,
            hidden: false,
            line: line_no,
        };
        for word in rest {
            if let Some(title) = word.strip_prefix('~') {
                entry.title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
            } else if word.starts_with('!') {
                entry.hidden = true;
            } else if !word.trim().is_empty() && !entry.tags.iter().any(|t| t == word.trim()) {
                entry.tags.push(word.trim().to_string());
            }
        }
        match file.feeds.iter_mut().find(|f| f.url == entry.url) {
            Some(earlier) => {
                for tag in entry.tags {
                    if !earlier.tags.contains(&tag) {
                        earlier.tags.push(tag);
                    }
                }
                earlier.title = earlier.title.take().or(entry.title);
                earlier.hidden |= entry.hidden;
            }
            None => file.feeds.push(entry),
        }
    }
    file
}

/// An article as newsboat's cache knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheItem {
    pub feed_url: String,
    /// newsboat fills a missing guid with the link, so this is rarely empty.
    pub guid: String,
    pub url: String,
    pub title: String,
    pub author: String,
    pub published: Option<DateTime<Utc>>,
    pub unread: bool,
    /// `flags` contains [`STAR_FLAG`].
    pub starred: bool,
    pub flags: String,
    /// The item's text as the feed gave it: HTML unless `content_type` says otherwise.
    pub content: String,
    /// newsboat's `content_mime_type`: empty (HTML), `text/html`, `text/plain`, ...
    pub content_type: String,
    /// The item's `xml:base`.
    pub base: String,
    pub enclosure_url: String,
    pub enclosure_type: String,
}

impl CacheItem {
    /// The item as a feed item to make a draft of (see `ingest::cached_item_draft`).
    pub fn feed_item(&self) -> CachedFeedItem {
        let picture = if self.enclosure_type.trim().starts_with("image/") {
            self.enclosure_url.clone()
        } else {
            String::new()
        };
        CachedFeedItem {
            title: self.title.clone(),
            link: self.url.clone(),
            guid: self.guid.clone(),
            author: self.author.clone(),
            published: self.published,
            content: self.content.clone(),
            plain: self.content_type.trim().eq_ignore_ascii_case("text/plain"),
            base: self.base.clone(),
            picture,
        }
    }
}

/// What can go wrong reading a newsboat cache.
#[derive(Debug, thiserror::Error)]
pub enum NewsboatError {
    #[error("newsboat cache {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path} is not a newsboat cache: {reason}")]
    NotACache { path: PathBuf, reason: String },
    #[error("newsboat cache {path}: {source}")]
    Read {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// A column read as text whatever SQLite stored in it: newsboat's columns are loosely typed.
fn text(row: &Row<'_>, index: usize) -> rusqlite::Result<String> {
    Ok(match row.get_ref(index)? {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
    })
}

fn number(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<i64>> {
    Ok(match row.get_ref(index)? {
        ValueRef::Integer(n) => Some(n),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        _ => None,
    })
}

/// Reads every article of newsboat's `cache.db` not marked deleted, oldest row first. The file is
/// opened read-only, so a running newsboat is not disturbed. Columns added in later newsboat
/// versions (`flags`, `deleted`) are used when present.
pub fn read_cache(path: &Path) -> Result<Vec<CacheItem>, NewsboatError> {
    let open = |source| NewsboatError::Open {
        path: path.to_path_buf(),
        source,
    };
    let read = |source| NewsboatError::Read {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(open)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(open)?;
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('rss_item')")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        // A file that is not SQLite at all fails here, on the first read.
        .map_err(|source| NewsboatError::NotACache {
            path: path.to_path_buf(),
            reason: source.to_string(),
        })?;
    let has = |name: &str| columns.iter().any(|c| c.eq_ignore_ascii_case(name));
    if let Some(missing) = ["guid", "url", "feedurl", "unread"]
        .into_iter()
        .find(|c| !has(c))
    {
        let reason = if columns.is_empty() {
            "it has no rss_item table".to_string()
        } else {
            format!("its rss_item table has no `{missing}` column")
        };
        return Err(NewsboatError::NotACache {
            path: path.to_path_buf(),
            reason,
        });
    }
    let optional = |name: &'static str| if has(name) { name } else { "NULL" };
    let sql = format!(
        "SELECT feedurl, guid, url, {}, {}, {}, unread, {}, {}, {}, {}, {}, {} FROM rss_item {}
         ORDER BY id",
        optional("title"),
        optional("author"),
        optional("pubDate"),
        optional("flags"),
        optional("content"),
        optional("content_mime_type"),
        optional("base"),
        optional("enclosure_url"),
        optional("enclosure_type"),
        if has("deleted") {
            "WHERE deleted = 0"
        } else {
            ""
        },
    );
    let mut stmt = conn.prepare(&sql).map_err(read)?;
    let rows = stmt
        .query_map([], |row| {
            let flags = text(row, 7)?;
            Ok(CacheItem {
                feed_url: text(row, 0)?,
                guid: text(row, 1)?,
                url: text(row, 2)?,
                title: text(row, 3)?,
                author: text(row, 4)?,
                // newsboat writes 0 for an item without a date.
                published: number(row, 5)?
                    .filter(|&t| t > 0)
                    .and_then(|t| DateTime::from_timestamp(t, 0)),
                unread: number(row, 6)? != Some(0),
                starred: flags.contains(STAR_FLAG),
                flags,
                content: text(row, 8)?,
                content_type: text(row, 9)?,
                base: text(row, 10)?,
                enclosure_url: text(row, 11)?,
                enclosure_type: text(row, 12)?,
            })
        })
        .map_err(read)?;
    rows.collect::<Result<_, _>>().map_err(read)
}

/// What bringing newsboat's cache across did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheOutcome {
    /// Items stored here already (fetched from their feed): newsboat's read and starred state
    /// was applied to them.
    pub matched: usize,
    /// Items their feed no longer carries, stored from the cache itself with their state.
    pub stored: Vec<ArticleId>,
    /// Items of feeds not subscribed here: left out.
    pub not_subscribed: usize,
    /// Items of feeds subscribed before, whose history has come or was never wanted (see
    /// `Library::history_pending`): left as they are here, since what was read or starred since
    /// (or brought by an earlier import) must not be undone.
    pub subscribed_before: usize,
    /// Items with neither title nor text: left out.
    pub empty: usize,
}

/// Brings newsboat's history across. The stored articles newsboat had read or starred are marked
/// so (see [`Store::apply_marks`]: by guid within the feed at the same address, else by URL);
/// every other item of a feed in `wanted` (one the feed no longer carries, or that could
/// not be fetched) is stored from the cache row itself, made a draft as a fetched item is, with
/// its read and starred state. newsboat's cache is its user's history, not only what they
/// starred: the unread ones come too, as they were. Deleted items never get here (see
/// [`read_cache`]).
///
/// [`Store::apply_marks`]: crate::store::Store::apply_marks
pub fn import_cache(
    library: &mut Library,
    items: &[CacheItem],
    wanted: &[i64],
) -> Result<CacheOutcome, LibraryError> {
    let mut feed_ids: HashMap<&str, Option<i64>> = HashMap::new();
    let mut outcome = CacheOutcome::default();
    let mut chosen = Vec::with_capacity(items.len());
    for item in items {
        let feed_id = match feed_ids.get(item.feed_url.as_str()) {
            Some(id) => *id,
            None => {
                let id = library.feed_with_address(&item.feed_url)?.map(|f| f.id);
                feed_ids.insert(&item.feed_url, id);
                id
            }
        };
        match feed_id {
            None => outcome.not_subscribed += 1,
            Some(id) if !wanted.contains(&id) => outcome.subscribed_before += 1,
            Some(_) => chosen.push(item),
        }
    }
    let items = chosen;
    let marks: Vec<StateMark<'_>> = items
        .iter()
        .map(|item| StateMark {
            feed_url: &item.feed_url,
            guid: Some(item.guid.as_str()),
            url: Some(item.url.as_str()),
            read: !item.unread,
            starred: item.starred,
        })
        .collect();
    let marked = library.apply_marks(&marks)?;
    outcome.matched = marked.matched;
    // Feed by feed, each one transaction; within a feed in the cache's order, oldest row first.
    let mut feeds: Vec<(Feed, Vec<CachedArticle>)> = Vec::new();
    for item in marked
        .not_found
        .iter()
        .filter_map(|&place| items.get(place).copied())
    {
        let Some(feed_id) = feed_ids.get(item.feed_url.as_str()).copied().flatten() else {
            continue;
        };
        // Two spellings of one address are one feed.
        if !feeds.iter().any(|(feed, _)| feed.id == feed_id)
            && let Some(feed) = library.feed_by_id(feed_id)?
        {
            feeds.push((feed, Vec::new()));
        }
        let Some((feed, cached)) = feeds.iter_mut().find(|(feed, _)| feed.id == feed_id) else {
            continue;
        };
        match cached_item_draft(&item.feed_item(), &feed.url, &feed.name) {
            Some(draft) => cached.push(CachedArticle {
                draft,
                read: !item.unread,
                starred: item.starred,
            }),
            None => outcome.empty += 1,
        }
    }
    for (feed, mut cached) in feeds {
        let stored = library.add_cached_articles(feed.id, &mut cached)?;
        outcome.stored.extend(stored);
    }
    library.settle()?;
    Ok(outcome)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn words_in_quotes_keep_spaces_and_escapes() {
        assert_eq!(
            words(r#"https://x.example/a  news "cool stuff" "~Say \"hi\"" "a\\b""#).unwrap(),
            [
                "https://x.example/a",
                "news",
                "cool stuff",
                "~Say \"hi\"",
                "a\\b"
            ]
        );
        assert!(words(r#"https://x.example/a "open"#).is_err());
    }

    #[test]
    fn a_line_becomes_url_tags_title_and_hidden() {
        let file = parse_urls(
            "# mine\n\nhttps://a.example/rss news \"~A Title\" \"!secret\" news world\n\
             \"query:Unread:unread = \\\"yes\\\"\"\nexec:~/bin/feed.sh\nftp://b.example/x\n\
             https://a.example/rss extra\n",
        );
        assert_eq!(
            file.feeds,
            [UrlsEntry {
                url: "https://a.example/rss".into(),
                tags: vec!["news".into(), "world".into(), "extra".into()],
                title: Some("A Title".into()),
                hidden: true,
                line: 3,
            }]
        );
        let skipped: Vec<usize> = file.skipped.iter().map(|s| s.line).collect();
        assert_eq!(skipped, [5, 6]);
        assert!(file.skipped[0].reason.contains("program"));
        assert_eq!(
            file.queries,
            [UrlsQuery {
                name: "Unread".into(),
                query: "is:unread".into(),
                line: 4,
            }]
        );
    }

    #[test]
    fn a_query_feed_that_does_not_translate_is_skipped_with_its_reason() {
        let file =
            parse_urls("\"query:Breaking:title =~ \\\"^Breaking\\\"\"\n\"query:NoFilter\"\n");
        assert!(file.queries.is_empty());
        let reasons: Vec<&str> = file.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons[0].contains("regular expression"), "{reasons:?}");
        assert!(
            reasons[1].contains("needs a name and a filter"),
            "{reasons:?}"
        );
    }
}
