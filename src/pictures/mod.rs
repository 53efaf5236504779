//! Lead pictures for the reader: fetched with the feed fetcher's politeness and a size cap of
//! their own, decoded within limits (no decompression bombs), and kept on disk under the data
//! dir's `images/` by URL hash with a total cap, the least recently shown evicted first.

mod cache;
mod decode;

use std::path::Path;
use std::time::Duration;

pub use cache::PictureCache;
pub use decode::{MAX_DECODED_BYTES, MAX_SIDE, decode_picture};
pub use image::DynamicImage;

use crate::fetch::{Conditional, FetchError, FetchOptions, Fetcher};
use crate::ingest::links::picture_url;
use crate::ingest::media_type;

/// Largest picture fetched: a news photo is a few hundred kilobytes; five megabytes is already
/// a poster, and more is more than a terminal cell grid can show.
pub const MAX_PICTURE_BYTES: usize = 5 * 1024 * 1024;
/// Disk the cache may use before the least recently shown pictures go.
pub const CACHE_CAP_BYTES: u64 = 100 * 1024 * 1024;

/// Why a picture could not be had.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("{0:?} is not an http or https address")]
    BadUrl(String),
    #[error("the picture is larger than {}", amount(*.limit))]
    TooLarge { limit: usize },
    #[error("not a picture: {0}")]
    NotAPicture(String),
    #[error("fetching the picture: {0}")]
    Fetch(FetchError),
    #[error("the picture cache at {path}: {source}")]
    Cache {
        path: String,
        source: std::io::Error,
    },
}

/// A picture ready to draw, and whether it came from the disk cache.
#[derive(Debug)]
pub struct LoadedPicture {
    pub image: DynamicImage,
    pub from_cache: bool,
}

/// Fetches pictures and keeps them. Cheap to clone: clones share the fetcher's connections and
/// its per-host limit, so pictures never crowd a site more than a refresh would.
#[derive(Clone)]
pub struct PictureSource {
    fetcher: Fetcher,
    cache: PictureCache,
}

impl PictureSource {
    /// Pictures for the library at `data_dir`, cached in its `images/`.
    pub fn for_data_dir(data_dir: &Path) -> PictureSource {
        PictureSource::new(
            PictureCache::new(data_dir.join("images"), CACHE_CAP_BYTES),
            MAX_PICTURE_BYTES,
        )
    }

    /// Pictures of at most `max_bytes`, kept in `cache`.
    pub fn new(cache: PictureCache, max_bytes: usize) -> PictureSource {
        let options = FetchOptions {
            max_body: max_bytes,
            // A picture that takes longer is not worth waiting for beside the text.
            total_timeout: Duration::from_secs(20),
            ..FetchOptions::default()
        };
        PictureSource {
            fetcher: Fetcher::new(options),
            cache,
        }
    }

    pub fn cache(&self) -> &PictureCache {
        &self.cache
    }

    /// The picture at `url`: from the cache when it is there, else fetched, checked to be a
    /// picture that decodes within the limits, and then cached.
    pub fn load(&self, url: &str) -> Result<LoadedPicture, PictureError> {
        let url = picture_url(url, None).ok_or_else(|| PictureError::BadUrl(url.to_string()))?;
        if let Some(bytes) = self.cache.get(&url) {
            match decode_picture(&bytes) {
                Ok(image) => {
                    return Ok(LoadedPicture {
                        image,
                        from_cache: true,
                    });
                }
                // A damaged file is fetched again rather than kept.
                Err(_) => self.cache.remove(&url),
            }
        }
        let fetched =
            self.fetcher
                .get(&url, &Conditional::default())
                .map_err(|error| match error {
                    FetchError::TooLarge { limit } => PictureError::TooLarge { limit },
                    other => PictureError::Fetch(other),
                })?;
        if let Some(kind) = fetched
            .content_type()
            .filter(|kind| !could_be_picture(kind))
        {
            return Err(PictureError::NotAPicture(format!("the server sent {kind}")));
        }
        let bytes = fetched.body().unwrap_or_default();
        let image = decode_picture(bytes)?;
        self.cache.put(&url, bytes)?;
        Ok(LoadedPicture {
            image,
            from_cache: false,
        })
    }
}

/// A size for a message: whole megabytes from one up, else kilobytes.
fn amount(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} KB", bytes / 1024)
    }
}

/// A Content-Type a picture may come with: an image type, or one that says nothing.
fn could_be_picture(content_type: &str) -> bool {
    let essence = media_type(content_type);
    essence.starts_with("image/") || essence == "application/octet-stream" || essence.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_types_are_told_from_pages() {
        assert!(could_be_picture("image/jpeg"));
        assert!(could_be_picture("Image/PNG; charset=binary"));
        assert!(could_be_picture("application/octet-stream"));
        assert!(!could_be_picture("text/html; charset=utf-8"));
        assert!(!could_be_picture("application/json"));
    }
}
