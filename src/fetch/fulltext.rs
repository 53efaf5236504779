//! Full text on demand: for feeds that carry only a summary, the article's page is fetched and its
//! main text kept beside the summary (which stays as it was).

use std::time::Instant;

use super::{Conditional, FetchError, FetchOptions, Fetcher};
use crate::ingest::deadline::run_within;
use crate::ingest::links::safe_url;
use crate::ingest::{IngestError, parse_fetched_page};
use crate::library::{Library, LibraryError};
use crate::store::StoreError;

/// Why the full text could not be had.
#[derive(Debug, thiserror::Error)]
pub enum FullTextError {
    #[error("no article with id {0}")]
    NoArticle(i64),
    #[error("article {0} has no web link to fetch")]
    NoLink(i64),
    #[error("fetching {url}: {source}")]
    Fetch { url: String, source: FetchError },
    #[error("{url}: {reason}")]
    TooSlow { url: String, reason: String },
    #[error(transparent)]
    Page(#[from] IngestError),
    #[error(transparent)]
    Library(#[from] LibraryError),
}

impl From<StoreError> for FullTextError {
    fn from(error: StoreError) -> FullTextError {
        FullTextError::Library(error.into())
    }
}

/// Fetches article `id`'s page, keeps its main text with the article and indexes it; returns how
/// many characters it has.
pub fn fetch_full_text(library: &mut Library, id: i64) -> Result<usize, FullTextError> {
    let article = library.get(id)?.ok_or(FullTextError::NoArticle(id))?;
    let url = article
        .url
        .as_deref()
        .and_then(safe_url)
        .ok_or(FullTextError::NoLink(id))?;
    let fetcher = Fetcher::new(FetchOptions::default());
    let fetched = fetcher
        .get(&url, &Conditional::default())
        .map_err(|source| FullTextError::Fetch {
            url: url.clone(),
            source,
        })?;
    // The page's time limit covers parsing too, as a feed's does in a refresh.
    let limit = fetcher.options().total_timeout;
    let deadline = Instant::now() + limit.saturating_sub(fetched.spent);
    let page = run_within(deadline, limit, || {
        parse_fetched_page(
            fetched.body().unwrap_or_default(),
            fetched.content_type(),
            &fetched.final_url,
            &article.links,
        )
    })
    .map_err(|expired| FullTextError::TooSlow {
        url: url.clone(),
        reason: expired.reason(),
    })??;
    // The page's `og:image` fills in for a feed that sent no picture of its own.
    if let Some(image) = &page.image {
        library.set_lead_image(id, image)?;
    }
    library.set_full_text(id, &page.body, &page.links)?;
    Ok(page.body.chars().count())
}
