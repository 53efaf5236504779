//! Plain article data shared by ingest, store, search and the screen: no I/O here.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Row id of a stored article.
pub type ArticleId = i64;

/// The place, date and agency that open a piece of wire copy (`DUBAI, February 2. /TASS/.`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Dateline {
    /// The city as written in the copy, e.g. `ROTTERDAM`.
    pub place: String,
    /// The date named in the dateline, with the year filled in from the publication date.
    pub date: Option<NaiveDate>,
    /// The agency credited, e.g. `TASS`, `Reuters`, `AP`.
    pub agency: Option<String>,
}

/// A link found in an article; its number in the body text is its position in the list plus one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    /// The anchor text, empty when the link had none.
    pub text: String,
}

/// What sort of named thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Misc,
    Date,
}

/// Which text of an article an entity's offsets point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    Title,
    Standfirst,
    Body,
    /// The text fetched from the article's page (`fetch-full`, `F`) for a summary-only feed.
    FullText,
}

/// A named thing found in an article; `start`/`end` are character offsets into `field`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    pub text: String,
    pub field: TextField,
    pub start: usize,
    pub end: usize,
    /// For dates, the day meant (`YYYY-MM-DD`) or the minute (`YYYY-MM-DDTHH:MM`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// An article parsed from a source but not yet stored. Text in it is already sanitised.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ArticleDraft {
    pub title: String,
    pub standfirst: String,
    /// Paragraphs separated by one blank line.
    pub body: String,
    pub source: String,
    pub author: String,
    pub url: Option<String>,
    pub guid: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub dateline: Option<Dateline>,
    pub links: Vec<Link>,
    /// The names and dates found in it; `None` until the recogniser has run.
    pub entities: Option<Vec<Entity>>,
    /// Tags of its own (`import --tag`); a feed's articles also carry the feed's tags.
    pub tags: Vec<String>,
    /// The lead picture's address (an http or https URL; see `ingest::links::picture_url`).
    #[serde(default)]
    pub image: Option<String>,
}

impl ArticleDraft {
    /// The hash that identifies the same text imported twice from different places.
    pub fn content_hash(&self) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.title.trim().to_lowercase().as_bytes());
        hasher.update(b"\0");
        // Without the lines' indentation and runs of spaces, which bodies keep only from
        // 2026-12 (code, columns): the hashes stored before still name the same texts
        // (duplicates, pruned feed items).
        let body = self.body.trim();
        if body.contains("\n ") || body.contains("  ") {
            for (n, line) in body.split('\n').enumerate() {
                if n > 0 {
                    hasher.update(b"\n");
                }
                for (k, word) in line.split(' ').filter(|w| !w.is_empty()).enumerate() {
                    if k > 0 {
                        hasher.update(b" ");
                    }
                    hasher.update(word.as_bytes());
                }
            }
        } else {
            hasher.update(body.as_bytes());
        }
        *hasher.finalize().as_bytes()
    }
}

/// When the `index`-th undated article of a file or fetch counts as published: `at` (when it
/// came in, or the file's date) less one second for each article before it, so the newest-first
/// list shows undated articles in the order they came, as the feed or file lists them.
pub fn undated_at(at: DateTime<Utc>, index: usize) -> DateTime<Utc> {
    i64::try_from(index)
        .ok()
        .and_then(chrono::TimeDelta::try_seconds)
        .and_then(|offset| at.checked_sub_signed(offset))
        .unwrap_or(at)
}

/// An article as kept in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub standfirst: String,
    pub body: String,
    pub source: String,
    pub author: String,
    pub url: Option<String>,
    pub guid: Option<String>,
    pub published: DateTime<Utc>,
    pub dateline: Option<Dateline>,
    pub links: Vec<Link>,
    pub entities: Vec<Entity>,
    pub imported_at: DateTime<Utc>,
    pub read: bool,
    pub starred: bool,
    /// Its own tags, then its feed's.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The lead picture's address: the feed's enclosure or thumbnail, else the page's `og:image`.
    #[serde(default)]
    pub image: Option<String>,
}

/// One row of the article list: what a list or a search result needs, without the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub source: String,
    pub published: DateTime<Utc>,
    pub read: bool,
    pub starred: bool,
    /// In the stories list: the story this row stands for (and `read` is whether all its
    /// reports are). `id` is then the story's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<StoryRowFacts>,
}

/// What a row of the stories list shows of its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryRowFacts {
    /// How many visible reports it holds.
    pub reports: usize,
    /// The report whose headline the row shows and the reader beside it opens: the first one
    /// published that is not hidden.
    pub lead: ArticleId,
}

impl ArticleSummary {
    /// The article this row shows: itself, or a story's lead report.
    pub fn shown_article(&self) -> ArticleId {
        self.story.map_or(self.id, |story| story.lead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_does_not_change_the_content_hash() {
        let draft = |body: &str| ArticleDraft {
            title: "Code".into(),
            body: body.into(),
            ..ArticleDraft::default()
        };
        let flat = draft("if x {\ngo();\n}").content_hash();
        assert_eq!(draft("if x {\n    go();\n}").content_hash(), flat);
        assert_ne!(draft("if x {\ngo();\n}\nstop();").content_hash(), flat);
        // Nor do the runs of spaces kept in lines that stand in columns.
        let collapsed = draft("Team P Pts\nArsenal 3 7").content_hash();
        assert_eq!(
            draft("Team     P  Pts\nArsenal  3  7").content_hash(),
            collapsed
        );
        assert_ne!(draft("Team P Pts\nArsenal 3 8").content_hash(), collapsed);
    }
}
