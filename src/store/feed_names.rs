//! What a subscription is called: a name free of others (`Title (2)`), the user's own name
//! (`feed add --name`, `feed rename`), kept whatever the feed calls itself, and a name that
//! follows the title the feed gives itself, as newsboat shows it.

use rusqlite::{Connection, OptionalExtension, params};

use super::feeds::touch_feed_articles;
use super::{Store, StoreError};
use crate::ingest::sanitize::clean_line;

/// `Store::free_feed_name` on a connection (or inside a transaction).
pub(super) fn free_name(conn: &rusqlite::Connection, wanted: &str) -> Result<String, StoreError> {
    let wanted = match clean_line(wanted) {
        cleaned if cleaned.is_empty() => "feed".to_string(),
        cleaned => cleaned,
    };
    let mut stmt = conn.prepare_cached("SELECT 1 FROM feeds WHERE name = ?1")?;
    let mut candidate = wanted.to_string();
    let mut n = 2;
    while stmt.exists([&candidate])? {
        candidate = format!("{wanted} ({n})");
        n += 1;
    }
    Ok(candidate)
}

/// The name a new feed gets when none is given: its title, else its host, else the URL itself.
pub fn default_feed_name(title: Option<&str>, url: &str) -> String {
    let title = title.map(clean_line).filter(|t| !t.is_empty());
    if let Some(title) = title {
        return title;
    }
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| clean_line(url))
}

/// Whether `name` is `base` numbered to tell it from another feed's: `Title (2)`, not
/// `Title (UK edition)`.
fn is_numbered(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .and_then(|rest| rest.strip_prefix(" ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// What a feed's name is made of: its name, address, the title its feed last gave, and whether
/// the user gave the name.
fn naming(
    conn: &Connection,
    id: i64,
) -> Result<(String, String, Option<String>, bool), StoreError> {
    conn.query_row(
        "SELECT name, url, feed_title, own_name FROM feeds WHERE id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )
    .optional()?
    .ok_or(StoreError::NoSuchFeed(id))
}

/// The error for a name another feed (not `except`) already has, if one does.
pub(super) fn name_taken(conn: &Connection, name: &str, except: i64) -> Result<(), StoreError> {
    let other: Option<(String, String)> = conn
        .query_row(
            "SELECT name, url FROM feeds WHERE name = ?1 AND id != ?2",
            params![name, except],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match other {
        Some((name, url)) => Err(StoreError::FeedNameTaken { name, url }),
        None => Ok(()),
    }
}

/// A feed name cleaned like a headline; one that cleans to nothing is refused.
pub(super) fn clean_name(name: &str) -> Result<String, StoreError> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(StoreError::BlankFeedName);
    }
    Ok(name)
}

impl Store {
    /// A name not yet taken: `wanted` itself (cleaned; `feed` when blank), else `wanted (2)`,
    /// `wanted (3)`, … For imports, where two feeds may well share a title.
    pub fn free_feed_name(&self, wanted: &str) -> Result<String, StoreError> {
        free_name(&self.conn, wanted)
    }

    /// Renames a subscription as the user asks; its articles are listed (and found by `feed:`)
    /// under the new name, which it keeps whatever title the feed takes later. Fails with
    /// `FeedNameTaken` when another feed has the name.
    pub fn rename_feed(&mut self, id: i64, new_name: &str) -> Result<(), StoreError> {
        self.name_feed(id, new_name, true)
    }

    /// Renames a subscription after the title its feed took (see `note_feed_title`); it goes on
    /// following the feed's title.
    pub fn take_feed_title(&mut self, id: i64, new_name: &str) -> Result<(), StoreError> {
        self.name_feed(id, new_name, false)
    }

    fn name_feed(&mut self, id: i64, new_name: &str, own: bool) -> Result<(), StoreError> {
        let name = clean_name(new_name)?;
        let tx = self.write()?;
        name_taken(&tx, &name, id)?;
        if tx.execute(
            "UPDATE feeds SET name = ?1, own_name = own_name OR ?3 WHERE id = ?2",
            params![name, id, own],
        )? == 0
        {
            return Err(StoreError::NoSuchFeed(id));
        }
        // The articles take the new name as their source.
        tx.execute(
            "UPDATE articles SET source = ?1 WHERE feed_id = ?2",
            params![name, id],
        )?;
        touch_feed_articles(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// The name a subscription called `host (2)` only because `host` was taken then should take
    /// now that `host` is free: three feeds of one host subscribed from a list are named after
    /// it, `127.0.0.1`, `127.0.0.1 (2)`, `127.0.0.1 (3)`, and when two take their titles the one
    /// with none is plain `127.0.0.1` again. None for a name the user gave, or nothing to change.
    /// (Only names after the host: two feeds of one title would trade names each time a title
    /// came and went, and a `feed:"Title"` filter would follow the other feed.)
    pub fn unnumbered_feed_name(&self, id: i64) -> Result<Option<String>, StoreError> {
        let (name, url, _, own_name) = naming(&self.conn, id)?;
        let host = default_feed_name(None, &url);
        let free =
            !own_name && is_numbered(&name, &host) && name_taken(&self.conn, &host, id).is_ok();
        Ok(free.then_some(host))
    }

    /// Records the title the feed gave itself in a fetch (cleaned), and says what to name the
    /// subscription now: `Some(title)` when it was named after the title the feed gave before
    /// (or after its host, when it had none then) and the title changed; `None` when the user
    /// named it (`rename_feed`, or a name unlike both), or nothing changed. A store from before
    /// titles were kept knows no earlier one.
    pub fn note_feed_title(&mut self, id: i64, title: &str) -> Result<Option<String>, StoreError> {
        let title = clean_line(title);
        if title.is_empty() {
            return Ok(None);
        }
        let tx = self.write()?;
        let (name, url, before, own_name) = naming(&tx, id)?;
        tx.execute(
            "UPDATE feeds SET feed_title = ?1 WHERE id = ?2",
            params![title, id],
        )?;
        tx.commit()?;
        if own_name {
            return Ok(None);
        }
        let named_after = |given: &str| name == given || is_numbered(&name, given);
        let follows = match &before {
            Some(before) => named_after(before),
            None => false,
        } || named_after(&default_feed_name(None, &url));
        let changed = before.as_deref() != Some(title.as_str()) && name != title;
        Ok((follows && changed).then_some(title))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_come_from_the_title_then_the_host() {
        let url = "https://news.example.org/feed.xml";
        assert_eq!(
            default_feed_name(Some("  Harbour\n News "), url),
            "Harbour News"
        );
        assert_eq!(default_feed_name(Some(" "), url), "news.example.org");
        assert_eq!(default_feed_name(None, "not a url"), "not a url");
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_name_follows_the_feeds_title_only_when_it_was_that_title() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("d.db")).unwrap();
        let mut feed = |url: &str, name: &str| store.add_feed(url, name, None, &[]).unwrap().id;
        let (plain, numbered, edition) = (
            feed("https://a.example/rss", "BBC News"),
            feed("https://b.example/rss", "BBC News (2)"),
            feed("https://c.example/rss", "BBC News (UK edition)"),
        );
        for id in [plain, numbered, edition] {
            assert_eq!(store.note_feed_title(id, "BBC News").unwrap(), None);
        }
        let follows = |store: &mut Store, id| store.note_feed_title(id, "BBC World").unwrap();
        assert_eq!(follows(&mut store, plain).as_deref(), Some("BBC World"));
        assert_eq!(follows(&mut store, numbered).as_deref(), Some("BBC World"));
        assert_eq!(follows(&mut store, edition), None, "a name the user gave");
    }
}
