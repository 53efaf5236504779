//! Fetching feeds and pages over HTTP: conditional GET, compression, redirects, timeouts, a size cap, politeness.
//!
//! One [`Fetcher`] is meant to be shared by every thread of a refresh: clones share the connection pool and the
//! per-host limiter, so "at most two requests in flight to one host" holds across all of them.

pub mod discover;
pub mod fulltext;
pub mod refresh;

mod decode;
pub(crate) mod error;
mod limiter;
mod retry;

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::{HeaderMap, StatusCode};
use ureq::tls::{RootCerts, TlsConfig};
use url::Url;

pub use discover::{feed_links, looks_like_feed};
pub use error::FetchError;
pub use retry::parse_retry_after;

use limiter::HostLimiter;

/// Limits for every request a [`Fetcher`] makes.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Time to set up one connection (DNS, TCP and TLS).
    pub connect_timeout: Duration,
    /// Time for a whole fetch, redirects and body included, not counting the wait for a free slot on the host.
    pub total_timeout: Duration,
    /// Largest body accepted, both as sent and once decompressed.
    pub max_body: usize,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Requests in flight to one host (name and port) at once, across all clones of the fetcher.
    pub per_host: usize,
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body: 20 * 1024 * 1024,
            max_redirects: 5,
            per_host: 2,
        }
    }
}

/// Validators stored from the previous fetch of the same URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 304: what the caller has is current.
    NotModified,
    /// The body, decompressed but otherwise untouched: charset and format are the caller's business.
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
    },
}

/// A successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub outcome: Outcome,
    /// The URL that finally answered, after redirects.
    pub final_url: String,
    /// Set when the chain began with permanent redirects (301/308): the URL to store in place of the requested one.
    pub moved_permanently_to: Option<String>,
    /// Validators to store for the next fetch (on a 304 without new ones, those that were sent).
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Time the fetch took, redirects included, not counting waits for a free slot on the host:
    /// what is left of `total_timeout` after it is the time for parsing what came.
    pub spent: Duration,
}

impl Fetched {
    /// The body, unless the answer was 304.
    pub fn body(&self) -> Option<&[u8]> {
        match &self.outcome {
            Outcome::Body { bytes, .. } => Some(bytes),
            Outcome::NotModified => None,
        }
    }

    /// The Content-Type the server sent with the body, as sent.
    pub fn content_type(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Body { content_type, .. } => content_type.as_deref(),
            Outcome::NotModified => None,
        }
    }
}

/// The blocking HTTP client. Cheap to clone; clones share connections and the per-host limiter.
#[derive(Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
    limiter: Arc<HostLimiter>,
}

/// Feed formats first, then anything: servers that negotiate pick the feed, the rest ignore it.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, \
                      application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5";

/// Only what [`decode`] can undo.
const ACCEPT_ENCODING: &str = "gzip, deflate, br";

/// How sites can tell who is calling: name, version, what it is, and where to read about it when Cargo.toml says.
pub fn user_agent() -> String {
    let base = concat!(
        "dateline/",
        env!("CARGO_PKG_VERSION"),
        " (terminal news reader; feed fetcher"
    );
    match env!("CARGO_PKG_REPOSITORY") {
        "" => format!("{base})"),
        repository => format!("{base}; +{repository})"),
    }
}

/// One request's answer before redirects are dealt with.
enum Hop {
    Redirect { permanent: bool, location: String },
    Done(Fetched),
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            // We follow redirects ourselves to count them, spot loops and notice permanent moves.
            .max_redirects(0)
            // 4xx and 5xx come back as responses so that Retry-After can be read.
            .http_status_as_error(false)
            .user_agent(user_agent())
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.total_timeout))
            // The limiter never lets more than `per_host` connections be busy, so more idle ones would never be used.
            .max_idle_connections_per_host(options.per_host.max(1))
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::PlatformVerifier)
                    .build(),
            )
            .build();
        Fetcher {
            agent: config.into(),
            limiter: Arc::new(HostLimiter::new(options.per_host)),
            options,
        }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// Fetches `url`, following redirects, sending the stored validators.
    pub fn get(&self, url: &str, conditional: &Conditional) -> Result<Fetched, FetchError> {
        let mut current = parse_url(url)?;
        let mut visited = vec![current.clone()];
        // A permanent move only counts while every redirect so far was permanent: after a temporary one, the
        // URL the caller stored is still the right one to ask.
        let mut all_permanent = true;
        let mut moved_to: Option<Url> = None;
        let mut spent = Duration::ZERO;
        loop {
            let remaining = self
                .options
                .total_timeout
                .checked_sub(spent)
                .filter(|left| !left.is_zero())
                .ok_or(FetchError::Timeout {
                    after: self.options.total_timeout,
                })?;
            let slot = self.limiter.acquire(&host_key(&current));
            let started = Instant::now();
            let hop = self.exchange(&current, conditional, remaining);
            spent += started.elapsed();
            drop(slot);
            match hop? {
                Hop::Done(mut fetched) => {
                    fetched.moved_permanently_to = moved_to.map(String::from);
                    fetched.spent = spent;
                    return Ok(fetched);
                }
                Hop::Redirect {
                    permanent,
                    location,
                } => {
                    let next = current.join(location.trim()).map_err(|e| {
                        FetchError::BadUrl(format!("redirect to {location:?}: {e}"))
                    })?;
                    check_scheme(&next)?;
                    // A loop is named as such even when it is also long: it tells the reader more.
                    if visited.contains(&next) {
                        return Err(FetchError::RedirectLoop { url: next.into() });
                    }
                    if visited.len() > self.options.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            limit: self.options.max_redirects,
                        });
                    }
                    all_permanent &= permanent;
                    if all_permanent {
                        moved_to = Some(next.clone());
                    }
                    visited.push(next.clone());
                    current = next;
                }
            }
        }
    }

    /// One request and its answer, within `budget`.
    fn exchange(
        &self,
        url: &Url,
        conditional: &Conditional,
        budget: Duration,
    ) -> Result<Hop, FetchError> {
        let mut request = self
            .agent
            .get(url.as_str())
            .header("Accept", ACCEPT)
            .header("Accept-Encoding", ACCEPT_ENCODING);
        if let Some(etag) = &conditional.etag {
            request = request.header("If-None-Match", etag.as_str());
        }
        if let Some(date) = &conditional.last_modified {
            request = request.header("If-Modified-Since", date.as_str());
        }
        let response = request
            .config()
            .timeout_global(Some(budget))
            .timeout_connect(Some(self.options.connect_timeout.min(budget)))
            .build()
            .call()
            .map_err(|e| error::from_ureq(e, &self.options))?;
        let status = response.status();
        let (parts, mut body) = response.into_parts();
        let headers = &parts.headers;
        let validators = |fallback: &Conditional| {
            (
                header(headers, "etag").or_else(|| fallback.etag.clone()),
                header(headers, "last-modified").or_else(|| fallback.last_modified.clone()),
            )
        };
        if status == StatusCode::NOT_MODIFIED {
            // Nothing to read, but reading the (empty) body is what hands the connection back to the pool.
            let _ = body.with_config().limit(4096).read_to_vec();
            let (etag, last_modified) = validators(conditional);
            return Ok(Hop::Done(Fetched {
                outcome: Outcome::NotModified,
                final_url: url.to_string(),
                moved_permanently_to: None,
                etag,
                last_modified,
                spent: Duration::ZERO,
            }));
        }
        if status.is_redirection()
            && let Some(location) = header(headers, "location")
            && matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
        {
            return Ok(Hop::Redirect {
                permanent: matches!(status.as_u16(), 301 | 308),
                location,
            });
        }
        if !status.is_success() {
            let retry_after = header(headers, "retry-after")
                .and_then(|v| parse_retry_after(&v, SystemTime::now()));
            return Err(FetchError::Status {
                code: status.as_u16(),
                retry_after,
            });
        }
        let limit = self.options.max_body;
        // Refuse early when the server says up front that the body is too big.
        let announced = header(headers, "content-length").and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|length| length > limit as u64) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut raw = Vec::new();
        body.as_reader()
            .take(limit as u64 + 1)
            .read_to_end(&mut raw)
            .map_err(|e| error::from_ureq(ureq::Error::from(e), &self.options))?;
        if raw.len() > limit {
            return Err(FetchError::TooLarge { limit });
        }
        let bytes = decode::decode(raw, header(headers, "content-encoding").as_deref(), limit)?;
        let (etag, last_modified) = validators(&Conditional::default());
        Ok(Hop::Done(Fetched {
            outcome: Outcome::Body {
                bytes,
                content_type: header(headers, "content-type"),
            },
            final_url: url.to_string(),
            moved_permanently_to: None,
            etag,
            last_modified,
            spent: Duration::ZERO,
        }))
    }
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

fn parse_url(text: &str) -> Result<Url, FetchError> {
    let url = Url::parse(text.trim()).map_err(|e| FetchError::BadUrl(format!("{text:?}: {e}")))?;
    check_scheme(&url)?;
    Ok(url)
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" if url.host_str().is_some() => Ok(()),
        "http" | "https" => Err(FetchError::BadUrl(format!("{url} names no host"))),
        other => Err(FetchError::BadUrl(format!(
            "{url}: {other}: is not http or https"
        ))),
    }
}

/// The limiter's key: host and port, what the Host header names.
fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// A header's value as text, when it is there and readable.
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_keys_name_host_and_port() {
        let key = |u: &str| Url::parse(u).map(|u| host_key(&u)).unwrap_or_default();
        assert_eq!(key("https://Example.org/feed"), "example.org:443");
        assert_eq!(key("http://example.org/feed"), "example.org:80");
        assert_eq!(key("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
    }

    #[test]
    fn only_web_addresses_are_fetched() {
        assert!(matches!(
            parse_url("ftp://example.org/x"),
            Err(FetchError::BadUrl(_))
        ));
        assert!(matches!(parse_url("not a url"), Err(FetchError::BadUrl(_))));
        assert!(parse_url(" https://example.org/feed.xml ").is_ok());
    }

    #[test]
    fn the_user_agent_names_the_program_and_version() {
        let agent = user_agent();
        assert!(agent.starts_with(concat!("dateline/", env!("CARGO_PKG_VERSION"), " (")));
        assert!(agent.ends_with(')'));
    }
}
