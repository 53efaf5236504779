//! The one place the screen reads and writes the library: each `DataRequest` that `update` makes
//! is carried out here, in the app loop, and answered with the `Msg` that `update` applies next.

use super::list::RowRequest;
use super::msg::{DataAnswer, DataRequest, Flag, Loaded, Msg};
use super::source::IdQuery;
use crate::article::ArticleSummary;
use crate::library::{Library, LibraryError};

/// Carries out `request` and says how it went.
pub fn answer(library: &mut Library, request: DataRequest) -> Msg {
    let text = |error: LibraryError| error.to_string();
    let answer = match request {
        DataRequest::Rows {
            view,
            revision,
            request,
        } => {
            let rows = read_rows(library, &request).map_err(text);
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
        DataRequest::Feeds => DataAnswer::Feeds(library.feeds().map_err(text)),
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
            rows.extend(library.summaries(&[key.id])?);
            rows.extend(library.page_after(*key, *after)?);
            Ok(rows)
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
