//! The one place the screen reads and writes the library: each `DataRequest` that `update` makes
//! is carried out here, in the app loop, and answered with the `Msg` that `update` applies next.

use super::list::RowRequest;
use super::msg::{DataAnswer, DataRequest, Flag, Loaded, Msg, UnreadFrom, unread_search_order};
use super::source::IdQuery;
use crate::article::{ArticleId, ArticleSummary};
use crate::library::{FlagChange, Library, LibraryError};
use crate::store::ListKey;

/// Carries out `request` and says how it went.
pub fn answer(library: &mut Library, request: DataRequest) -> Msg {
    let text = |error: LibraryError| error.to_string();
    let answer = match request {
        DataRequest::Rows {
            view,
            revision,
            request,
            stories,
        } => {
            let rows = match &request {
                RowRequest::Ids { ids, .. } if stories => library.story_summaries(ids),
                request => read_rows(library, request),
            }
            .map_err(text);
            DataAnswer::Rows {
                view,
                revision,
                request,
                rows,
            }
        }
        DataRequest::Ids { view, query } => DataAnswer::Ids {
            view,
            ids: match query {
                IdQuery::Feed(feed) => library.ids_in_feed(feed).map_err(text),
                IdQuery::Stories(within) => library.story_ids_within(within.as_ref()).map_err(text),
                IdQuery::List {
                    scope,
                    order,
                    unread_only,
                } => library.list_ids(&scope, order, unread_only).map_err(text),
            },
        },
        DataRequest::Locate {
            view,
            revision,
            key,
        } => DataAnswer::Located {
            view,
            revision,
            key,
            position: library.position_of(key).map_err(text),
        },
        DataRequest::Article { id, purpose } => DataAnswer::Article {
            id,
            purpose,
            found: read_article(library, id).map_err(text),
        },
        DataRequest::Sidebar => DataAnswer::Sidebar(library.sidebar().map_err(text)),
        DataRequest::SaveSearch {
            name,
            query,
            notify,
        } => DataAnswer::SavedSearch(
            library
                .add_saved_search(&name, &query, notify)
                .map(|(saved, _)| saved.name)
                .map_err(text),
        ),
        DataRequest::SetAlert { name, notify } => {
            DataAnswer::Written(library.set_saved_notify(&name, notify).map_err(text))
        }
        DataRequest::MarkAllRead { scope } => DataAnswer::Changed {
            flag: FlagChange::Read,
            value: true,
            undo: false,
            ids: library.mark_scope_read(&scope).map_err(text),
        },
        DataRequest::ChangeFlag {
            ids,
            flag,
            value,
            undo,
        } => DataAnswer::Changed {
            flag,
            value,
            undo,
            ids: library.change_flag(&ids, flag, value).map_err(text),
        },
        DataRequest::ToggleHidden { id } => toggle_hidden(library, id),
        DataRequest::EntityPage { view, kind, name } => DataAnswer::EntityPage {
            view,
            page: library
                .entity_page(&name, Some(kind), chrono::Utc::now())
                .map(Box::new)
                .map_err(text),
        },
        DataRequest::MarkStory { story, read } => DataAnswer::Changed {
            flag: FlagChange::Read,
            value: read,
            undo: false,
            ids: library.mark_story(story, read).map_err(text),
        },
        DataRequest::SeekUnread {
            view,
            revision,
            after,
            backward,
        } => DataAnswer::SeekUnread {
            view,
            revision,
            found: seek_unread(library, after, backward).map_err(text),
        },
        DataRequest::FeedOf { article } => DataAnswer::FeedOf {
            article,
            feed: library.feed_of(article).map_err(text),
        },
        DataRequest::SetFlag { id, flag, value } => DataAnswer::Written(
            match flag {
                Flag::Read => library.set_read(&[id], value),
                Flag::Starred => library.set_starred(&[id], value),
            }
            .map(|_| ())
            .map_err(text),
        ),
    };
    Msg::Data(Box::new(answer))
}

/// The rows a list asked for.
pub fn read_rows(
    library: &Library,
    request: &RowRequest,
) -> Result<Vec<ArticleSummary>, LibraryError> {
    match request {
        RowRequest::After { key, limit } => library.page_after(*key, *limit),
        RowRequest::Before { key, limit } => library.page_before(*key, *limit),
        RowRequest::At {
            start,
            limit,
            total,
        } => library.page_at(*start, *limit, *total),
        RowRequest::Ids { ids, .. } => library.summaries(ids),
        RowRequest::Around {
            key, before, after, ..
        } => {
            let mut rows = library.page_before(*key, *before)?;
            // From the key on: the article itself, unless it was hidden meanwhile (as `x` just
            // did); the one after it then stands in its place, where its position says.
            let from = ListKey {
                id: key.id.saturating_add(1),
                ..*key
            };
            rows.extend(library.page_after(from, after + 1)?);
            Ok(rows)
        }
    }
}

/// Hides the article, or shows it again if it was hidden.
fn toggle_hidden(library: &mut Library, id: i64) -> DataAnswer {
    let hidden = library.change_flag(&[id], FlagChange::Hidden, true);
    let (value, ids) = match hidden {
        Ok(ids) if ids.is_empty() => (false, library.change_flag(&[id], FlagChange::Hidden, false)),
        other => (true, other),
    };
    DataAnswer::Changed {
        flag: FlagChange::Hidden,
        value,
        undo: false,
        ids: ids.map_err(|e| e.to_string()),
    }
}

/// The next unread article: down the store's list from a row, or among hits; past the end it
/// goes on from the top, as newsboat's does. `backward` goes up instead, and on from the bottom.
fn seek_unread(
    library: &Library,
    after: UnreadFrom,
    backward: bool,
) -> Result<Option<(ListKey, usize)>, LibraryError> {
    match after {
        UnreadFrom::Key(key) => {
            let found = match library.unread_next_to(key, backward)? {
                Some(found) => Some(found),
                None if backward => library.unread_next_to(ListKey::BOTTOM, true)?,
                None => library.unread_next_to(ListKey::TOP, false)?,
            };
            Ok(found.map(|(row, position)| (ListKey::of(&row), position)))
        }
        UnreadFrom::Ids { start, ids, wrap } => {
            let positions = unread_search_order(start, ids.len(), wrap, backward);
            // A few hundred at a time, from the selection on: the next unread is usually near.
            for chunk in positions.chunks(500) {
                let chunk_ids: Vec<ArticleId> = chunk.iter().map(|&at| ids[at]).collect();
                let Some(&first) = library.unread_among(&chunk_ids)?.first() else {
                    continue;
                };
                let Some(at) = chunk.iter().copied().find(|&at| ids[at] == first) else {
                    continue;
                };
                return Ok(library
                    .summaries(&[first])?
                    .first()
                    .map(|row| (ListKey::of(row), at)));
            }
            Ok(None)
        }
    }
}

fn read_article(library: &Library, id: i64) -> Result<Option<Box<Loaded>>, LibraryError> {
    let Some(article) = library.get(id)? else {
        return Ok(None);
    };
    let full_text = library.full_text(id)?;
    Ok(Some(Box::new(Loaded { article, full_text })))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::article::ArticleDraft;
    use crate::library::test_support::library_with;
    use crate::store::ListKey;
    use crate::tui::msg::ArticleUse;

    fn answered(library: &mut Library, request: DataRequest) -> DataAnswer {
        match answer(library, request) {
            Msg::Data(answer) => *answer,
            other => panic!("not a data answer: {other:?}"),
        }
    }

    #[test]
    fn flags_are_written_and_articles_read_back_with_them() {
        let (_dir, mut library) = library_with(3, 1);
        let request = DataRequest::SetFlag {
            id: 2,
            flag: Flag::Starred,
            value: true,
        };
        assert!(matches!(
            answered(&mut library, request),
            DataAnswer::Written(Ok(()))
        ));
        let read = DataRequest::Article {
            id: 2,
            purpose: ArticleUse::Open,
        };
        match answered(&mut library, read) {
            DataAnswer::Article {
                found: Ok(Some(loaded)),
                ..
            } => assert!(loaded.article.starred),
            other => panic!("{other:?}"),
        }
        let missing = DataRequest::Article {
            id: 99,
            purpose: ArticleUse::Open,
        };
        assert!(matches!(
            answered(&mut library, missing),
            DataAnswer::Article {
                found: Ok(None),
                ..
            }
        ));
    }

    #[test]
    fn a_feeds_ids_and_an_articles_place_come_from_the_store() {
        let (_dir, mut library) = library_with(5, 1);
        let feed = library
            .add_feed("https://example.org/rss", "Example", None, &[])
            .unwrap();
        let mut items = [ArticleDraft {
            title: "Feed item".into(),
            body: "Text.".into(),
            guid: Some("a".into()),
            published: Some(Utc::now()),
            ..ArticleDraft::default()
        }];
        library
            .add_feed_items(feed.id, &mut items, Utc::now())
            .unwrap();
        let ids = DataRequest::Ids {
            view: 1,
            query: IdQuery::Feed(feed.id),
        };
        assert!(matches!(
            answered(&mut library, ids),
            DataAnswer::Ids { ids: Ok(ids), .. } if ids == [6]
        ));
        // The oldest article stands last, behind the five newer ones.
        let oldest = library.page_at(5, 1, 6).unwrap().remove(0);
        let locate = DataRequest::Locate {
            view: 1,
            revision: 1,
            key: ListKey::of(&oldest),
        };
        assert!(matches!(
            answered(&mut library, locate),
            DataAnswer::Located {
                position: Ok(5),
                ..
            }
        ));
        let of = DataRequest::FeedOf { article: 6 };
        assert!(matches!(
            answered(&mut library, of),
            DataAnswer::FeedOf { feed: Ok(Some(id)), .. } if id == feed.id
        ));
    }

    /// The next unread the data side finds: its id and position, or none.
    fn next_unread_of(library: &mut Library, after: UnreadFrom) -> Option<(i64, usize)> {
        unread_next_to(library, after, false)
    }

    /// The same, up the list when `backward`.
    fn unread_next_to(
        library: &mut Library,
        after: UnreadFrom,
        backward: bool,
    ) -> Option<(i64, usize)> {
        let request = DataRequest::SeekUnread {
            view: 1,
            revision: 1,
            after,
            backward,
        };
        match answered(library, request) {
            DataAnswer::SeekUnread {
                found: Ok(found), ..
            } => found.map(|(key, at)| (key.id, at)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_next_unread_among_hits_is_found_past_the_first_few_hundred() {
        let (_dir, mut library) = library_with(700, 1);
        let ids: Vec<i64> = (1..=700).collect();
        library.set_read(&ids[..620], true).unwrap();
        let from = |start: usize, wrap: bool| UnreadFrom::Ids {
            start,
            ids: ids.clone(),
            wrap,
        };
        assert_eq!(
            next_unread_of(&mut library, from(10, true)),
            Some((621, 620))
        );
        // None after the selection: the search goes on from the top, when the hits held are
        // all the list's; past them more may match, so it does not.
        library.set_read(&ids[620..], true).unwrap();
        library.set_read(&ids[300..301], false).unwrap();
        assert_eq!(
            next_unread_of(&mut library, from(690, true)),
            Some((301, 300))
        );
        assert_eq!(next_unread_of(&mut library, from(690, false)), None);
        library.set_read(&ids, true).unwrap();
        assert_eq!(next_unread_of(&mut library, from(0, true)), None);
    }

    #[test]
    fn the_next_unread_of_the_whole_list_goes_on_from_the_top() {
        // Newest first: 20, 19, ... 1; only 15 and 3 are unread.
        let (_dir, mut library) = library_with(20, 1);
        let ids: Vec<i64> = (1..=20).filter(|id| ![15, 3].contains(id)).collect();
        library.set_read(&ids, true).unwrap();
        let key_of =
            |library: &Library, id: i64| ListKey::of(&library.summaries(&[id]).unwrap()[0]);
        let after_10 = UnreadFrom::Key(key_of(&library, 10));
        assert_eq!(next_unread_of(&mut library, after_10), Some((3, 17)));
        let after_3 = UnreadFrom::Key(key_of(&library, 3));
        assert_eq!(
            next_unread_of(&mut library, after_3),
            Some((15, 5)),
            "from the top"
        );
        // Backward: up from 10 the nearest unread is 15; above 15 there is none, so from the
        // bottom.
        let before_10 = UnreadFrom::Key(key_of(&library, 10));
        assert_eq!(unread_next_to(&mut library, before_10, true), Some((15, 5)));
        let before_15 = UnreadFrom::Key(key_of(&library, 15));
        assert_eq!(
            unread_next_to(&mut library, before_15, true),
            Some((3, 17)),
            "from the bottom"
        );
        library.set_read(&[15, 3], true).unwrap();
        let after_1 = UnreadFrom::Key(key_of(&library, 1));
        assert_eq!(next_unread_of(&mut library, after_1), None);
        let before_1 = UnreadFrom::Key(key_of(&library, 1));
        assert_eq!(unread_next_to(&mut library, before_1, true), None);
    }

    #[test]
    fn the_previous_unread_among_hits_is_the_nearest_above() {
        let (_dir, mut library) = library_with(700, 1);
        let ids: Vec<i64> = (1..=700).collect();
        library.set_read(&ids, true).unwrap();
        library.set_read(&[6, 601], false).unwrap();
        let before = |start: usize, wrap: bool| UnreadFrom::Ids {
            start,
            ids: ids.clone(),
            wrap,
        };
        let mut up = |start, wrap| unread_next_to(&mut library, before(start, wrap), true);
        assert_eq!(up(300, true), Some((6, 5)));
        assert_eq!(up(650, true), Some((601, 600)));
        // Nothing above row 5: on from the last row, when the hits held are all the list's.
        assert_eq!(up(5, true), Some((601, 600)));
        assert_eq!(up(5, false), None);
    }
}
