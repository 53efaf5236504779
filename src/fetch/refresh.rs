//! Refreshing subscriptions: feeds are fetched, parsed and tagged on a pool of threads; their
//! items are stored on the caller's thread, each feed with those that arrived while it waited in
//! one transaction, so a refresh killed part way keeps every feed it stored and no half-written
//! article or feed; the index catches up at the end.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Conditional, FetchError, FetchOptions, Fetched, Fetcher, Outcome};
use crate::article::{ArticleDraft, ArticleId};
use crate::ingest::deadline::{Expired, run_within};
use crate::ingest::{FeedDocument, FeedProblem, parse_fetched_feed};
use crate::library::{Library, LibraryError};
use crate::store::{Feed, FetchRecord, StoreError};
use crate::tagging;

/// How a refresh runs.
#[derive(Debug, Clone)]
pub struct RefreshOptions {
    /// Feeds fetched at once (each host still gets at most `fetch.per_host`).
    pub parallel: usize,
    pub fetch: FetchOptions,
}

impl Default for RefreshOptions {
    fn default() -> RefreshOptions {
        RefreshOptions {
            parallel: 8,
            fetch: FetchOptions::default(),
        }
    }
}

/// What happened to one feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FeedResult {
    pub name: String,
    pub url: String,
    /// `ok`, `304`, `HTTP 404`, `timeout`, `bad feed`, `waiting` (a server's Retry-After runs),
    /// `removed` (unsubscribed while it was fetched), `moved` (for good, onto a feed already
    /// subscribed: see `moves_onto`) ...
    pub status: String,
    pub new: usize,
    pub updated: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The feed's new address after a permanent redirect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// A permanent redirect onto an address another subscription already has: this one keeps
    /// its own, and two subscriptions now read one feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moves_onto: Option<MovesOnto>,
    /// Items of a feed that was read which could not be, each with its line and reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<String>,
    /// Where the feed's text broke off (`line N: reason`): the items before it were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broke_off: Option<String>,
    /// The articles this fetch added (for fetching their full text).
    #[serde(skip)]
    pub new_ids: Vec<ArticleId>,
}

/// Where a feed's permanent redirect leads, and the subscription already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovesOnto {
    pub url: String,
    /// That subscription's name.
    pub feed: String,
}

/// Said one way wherever the move is told: the refresh's output, the screen, `feed list`.
impl std::fmt::Display for MovesOnto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "moved for good to {}, which \"{}\" already reads",
            self.url, self.feed
        )
    }
}

impl FeedResult {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }
}

/// What a whole refresh did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RefreshReport {
    pub feeds: Vec<FeedResult>,
    pub new: usize,
    pub updated: usize,
    pub failed: usize,
    pub seconds: f64,
    /// Something that went wrong after the feeds were stored (the index busy, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Feeds stored in one transaction at most: a refresh killed part way loses no more than that,
/// and fetches them again next time.
const MOST_FEEDS_TOGETHER: usize = 16;
/// Items stored in one transaction at most, past which no more feeds join it: the transaction
/// holds the store's write lock, which the screen's marks and other refreshes wait for, and at
/// 2,000 a tester's screen waited seconds while three refreshes ran.
const MOST_ITEMS_TOGETHER: usize = 800;

/// A feed's fetch, parsed and tagged on a worker thread.
enum Fetch {
    Items {
        fetched: Fetched,
        drafts: Vec<ArticleDraft>,
        /// The feed's own title, for a subscription still named after its host.
        title: Option<String>,
        /// The web site the feed says it belongs to (RSS `<link>`, Atom `rel="alternate"`).
        site_url: Option<String>,
        /// Items that could not be read, said as `line N: reason`.
        left_out: Vec<String>,
        /// Where the text broke off, said the same way.
        broke_off: Option<String>,
    },
    NotModified(Fetched),
    Failed {
        status: String,
        error: String,
        retry_after: Option<DateTime<Utc>>,
    },
}

impl Fetch {
    fn items(&self) -> usize {
        match self {
            Fetch::Items { drafts, .. } => drafts.len(),
            Fetch::NotModified(_) | Fetch::Failed { .. } => 0,
        }
    }
}

/// Refreshes `feeds`, calling `progress(done, total, result)` as each one is stored.
pub fn refresh(
    library: &mut Library,
    feeds: Vec<Feed>,
    options: &RefreshOptions,
    mut progress: impl FnMut(usize, usize, &FeedResult),
) -> Result<RefreshReport, LibraryError> {
    let started = Instant::now();
    let now = Utc::now();
    let mut report = RefreshReport::default();
    let (due, waiting): (Vec<Feed>, Vec<Feed>) = feeds.into_iter().partition(|f| f.may_fetch(now));
    let total = due.len() + waiting.len();
    for feed in waiting {
        let until = feed.retry_after.map(|t| t.format("%H:%M UTC").to_string());
        let result = FeedResult {
            status: "waiting".into(),
            error: Some(format!(
                "the server asked not to be fetched before {}",
                until.unwrap_or_default()
            )),
            ..result_for(&feed)
        };
        report.feeds.push(result);
        progress(
            report.feeds.len(),
            total,
            report.feeds.last().unwrap_or(&FeedResult::default()),
        );
    }
    let queue = Mutex::new(interleave_hosts(due));
    let fetcher = Fetcher::new(options.fetch.clone());
    let recognizer = tagging::recognizer().ok();
    let (sender, results) = channel::<(Feed, Fetch)>();
    let stored: Result<(), LibraryError> = std::thread::scope(|scope| {
        for _ in 0..options.parallel.max(1) {
            let sender = sender.clone();
            let (queue, fetcher) = (&queue, &fetcher);
            scope.spawn(move || {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop_front());
                    let Some(feed) = next else { return };
                    let fetch = fetch_feed(fetcher, &feed, recognizer);
                    if sender.send((feed, fetch)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        while let Ok(first) = results.recv() {
            let fetches = with_those_waiting(first, &results);
            let stored = library.write_together(|library| {
                fetches
                    .into_iter()
                    .map(
                        |(feed, fetch)| match store_fetch(library, &feed, fetch, now) {
                            // Unsubscribed while it was fetched: nothing of it was written, and the
                            // feeds stored with it are kept.
                            Err(LibraryError::Store(StoreError::NoSuchFeed(_))) => Ok(FeedResult {
                                status: "removed".into(),
                                ..result_for(&feed)
                            }),
                            stored => stored,
                        },
                    )
                    .collect::<Result<Vec<FeedResult>, LibraryError>>()
            })?;
            for result in stored {
                report.new += result.new;
                report.updated += result.updated;
                report.failed += usize::from(result.failed());
                report.feeds.push(result);
                progress(
                    report.feeds.len(),
                    total,
                    report.feeds.last().unwrap_or(&FeedResult::default()),
                );
            }
        }
        Ok(())
    });
    stored?;
    report.failed += report
        .feeds
        .iter()
        .filter(|f| f.status == "waiting")
        .count();
    library.settle()?;
    report.notes.extend(library.take_notices());
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// `first` and the fetches already waiting behind it, up to a limit: what the storing thread
/// keeps in one transaction. While it keeps up, that is one feed at a time; when it falls behind,
/// it catches up with fewer, larger commits.
fn with_those_waiting(
    first: (Feed, Fetch),
    results: &Receiver<(Feed, Fetch)>,
) -> Vec<(Feed, Fetch)> {
    let mut items = first.1.items();
    let mut fetches = vec![first];
    while fetches.len() < MOST_FEEDS_TOGETHER && items < MOST_ITEMS_TOGETHER {
        let Ok(next) = results.try_recv() else {
            break;
        };
        items += next.1.items();
        fetches.push(next);
    }
    fetches
}

fn result_for(feed: &Feed) -> FeedResult {
    FeedResult {
        name: feed.name.clone(),
        url: feed.url.clone(),
        ..FeedResult::default()
    }
}

/// Feeds in an order that takes one host at a time in turn, so the per-host limit seldom leaves
/// a worker waiting while other hosts have feeds to fetch.
fn interleave_hosts(feeds: Vec<Feed>) -> VecDeque<Feed> {
    let mut by_host: Vec<(String, VecDeque<Feed>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for feed in feeds {
        let host = url::Url::parse(&feed.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let slot = *index.entry(host.clone()).or_insert_with(|| {
            by_host.push((host, VecDeque::new()));
            by_host.len() - 1
        });
        by_host[slot].1.push_back(feed);
    }
    let mut order = VecDeque::new();
    while by_host.iter().any(|(_, q)| !q.is_empty()) {
        for (_, queue) in &mut by_host {
            if let Some(feed) = queue.pop_front() {
                order.push_back(feed);
            }
        }
    }
    order
}

/// Fetches, parses and tags one feed (on a worker thread).
fn fetch_feed(
    fetcher: &Fetcher,
    feed: &Feed,
    recognizer: Option<&crate::entities::Recognizer>,
) -> Fetch {
    let conditional = Conditional {
        etag: feed.etag.clone(),
        last_modified: feed.last_modified.clone(),
    };
    let fetched = match fetcher.get(&feed.url, &conditional) {
        Ok(fetched) => fetched,
        Err(error) => return failure(&error),
    };
    let bytes = match &fetched.outcome {
        Outcome::NotModified => return Fetch::NotModified(fetched),
        Outcome::Body { bytes, .. } => bytes,
    };
    // The feed's time limit covers parsing too: what the download left of it.
    let limit = fetcher.options().total_timeout;
    let deadline = Instant::now() + limit.saturating_sub(fetched.spent);
    let parsed = match run_within(deadline, limit, || {
        parse_fetched_feed(bytes, &fetched.final_url)
    }) {
        Ok(parsed) => parsed,
        Err(expired) => return parse_timeout(expired),
    };
    match parsed {
        Ok(document) if document.drafts.is_empty() && document.unreadable > 0 => Fetch::Failed {
            status: "bad feed".into(),
            error: format!(
                "none of its {} items has a title or text dateline can read",
                document.unreadable
            ),
            retry_after: None,
        },
        Ok(document) => {
            let left_out = left_out(&document);
            let broke_off = document.broke_off.as_ref().map(at_line);
            let mut drafts = document.drafts;
            prepare_drafts(feed, &mut drafts, recognizer);
            Fetch::Items {
                fetched,
                drafts,
                title: document.title,
                site_url: document.site_url,
                left_out,
                broke_off,
            }
        }
        Err(error) => Fetch::Failed {
            status: "bad feed".into(),
            error: error.reason,
            retry_after: None,
        },
    }
}

/// A subscription numbered after its host (`127.0.0.1 (3)`) when it was named takes the plain
/// name once no other feed has it, whether or not the feed changed since.
fn unnumber(
    library: &mut Library,
    feed: &Feed,
    result: &mut FeedResult,
) -> Result<(), LibraryError> {
    if let Some(plain) = library.unnumbered_feed_name(feed.id)? {
        library.take_feed_title(feed.id, &plain)?;
        result.name = plain;
    }
    Ok(())
}

/// A feed whose parsing ran past its time limit: nothing of it is stored.
fn parse_timeout(expired: Expired) -> Fetch {
    Fetch::Failed {
        status: "timeout".into(),
        error: expired.reason(),
        retry_after: None,
    }
}

/// Names the subscription as each item's source (`feed rename` changes it).
fn name_source(feed: &Feed, drafts: &mut [ArticleDraft]) {
    for draft in drafts.iter_mut() {
        draft.source = feed.name.clone();
    }
}

/// Names the source and finds the items' entities on the fetching thread, so the entities of
/// many feeds are found at once while the library only stores them.
fn prepare_drafts(
    feed: &Feed,
    drafts: &mut [ArticleDraft],
    recognizer: Option<&crate::entities::Recognizer>,
) {
    name_source(feed, drafts);
    if let Some(recognizer) = recognizer {
        tagging::tag_drafts_here(recognizer, drafts);
    }
}

/// Stores the fetch `feed add` made to check a new subscription, as a refresh would have.
pub fn store_first_fetch(
    library: &mut Library,
    feed: &Feed,
    fetched: Fetched,
    document: FeedDocument,
) -> Result<FeedResult, LibraryError> {
    let left_out = left_out(&document);
    let broke_off = document.broke_off.as_ref().map(at_line);
    let mut drafts = document.drafts;
    name_source(feed, &mut drafts);
    let items = Fetch::Items {
        fetched,
        drafts,
        title: document.title,
        site_url: document.site_url,
        left_out,
        broke_off,
    };
    let result = store_fetch(library, feed, items, Utc::now())?;
    library.settle()?;
    Ok(result)
}

/// The items a feed's reading left out, each with where it broke off when known.
fn left_out(document: &FeedDocument) -> Vec<String> {
    document.problems.iter().map(at_line).collect()
}

/// A problem of a feed's text as it is said: `line N: reason`.
fn at_line(problem: &FeedProblem) -> String {
    match problem.line {
        Some(line) => format!("line {line}: {}", problem.reason),
        None => problem.reason.clone(),
    }
}

fn failure(error: &FetchError) -> Fetch {
    let status = match error {
        FetchError::Status { code, .. } => format!("HTTP {code}"),
        FetchError::Timeout { .. } => "timeout".into(),
        FetchError::TooLarge { .. } => "too large".into(),
        FetchError::TooManyRedirects { .. } | FetchError::RedirectLoop { .. } => "redirects".into(),
        FetchError::Connect(_) => "unreachable".into(),
        FetchError::Tls(_) => "tls".into(),
        FetchError::BadUrl(_) => "bad address".into(),
        FetchError::Decode(_) | FetchError::Io(_) => "error".into(),
    };
    let retry_after = error
        .retry_after()
        .and_then(|wait| chrono::Duration::from_std(wait).ok())
        .map(|wait| Utc::now() + wait);
    Fetch::Failed {
        status,
        error: error.to_string(),
        retry_after,
    }
}

/// Stores one feed's fetch (its items as one write) and records how it went.
fn store_fetch(
    library: &mut Library,
    feed: &Feed,
    fetch: Fetch,
    now: DateTime<Utc>,
) -> Result<FeedResult, LibraryError> {
    let mut result = result_for(feed);
    let mut record = FetchRecord {
        when: now,
        ..FetchRecord::default()
    };
    // Moved for good onto an address another subscription reads: what came back is that feed,
    // whose items it stores itself. Stored here too they would be doubled, and its title would
    // rename this one; the move is said instead, and this subscription is left as it was.
    let moved = match &fetch {
        Fetch::Items { fetched, .. } | Fetch::NotModified(fetched) => {
            fetched.moved_permanently_to.as_deref()
        }
        Fetch::Failed { .. } => None,
    };
    if let Some(moved) = moved
        && let Some(other) = library.feed_with_address(moved)?
        && other.id != feed.id
    {
        let onto = MovesOnto {
            url: other.url,
            feed: other.name,
        };
        result.status = "moved".into();
        // Kept with the fetch, so `feed list` and the sidebar say it until one is removed.
        record.error = Some(onto.to_string());
        result.moves_onto = Some(onto);
        record.status = result.status.clone();
        library.record_fetch(feed.id, &record)?;
        return Ok(result);
    }
    let fetched = match fetch {
        Fetch::Items {
            fetched,
            mut drafts,
            title,
            site_url,
            left_out,
            broke_off,
        } => {
            let outcome = library.add_feed_items(feed.id, &mut drafts, now)?;
            result.left_out = left_out;
            result.broke_off = broke_off;
            // Said, not dropped in silence: a later item of the same id may differ.
            result
                .left_out
                .extend(outcome.repeated.iter().map(|number| {
                    format!(
                        "item {number}: repeats the id (guid) of an earlier item, which is kept"
                    )
                }));
            // Named after its host (subscribed from a list that gave no title) or after the
            // feed's own title, the subscription takes the title the feed gives now, as
            // newsboat shows it; a name the user gave stays.
            let wanted = match &title {
                Some(title) => library.note_feed_title(feed.id, title)?,
                None => None,
            };
            if let Some(wanted) = wanted {
                let name = library.free_feed_name(&wanted)?;
                library.take_feed_title(feed.id, &name)?;
                result.name = name;
            }
            unnumber(library, feed, &mut result)?;
            // A subscription made from a list (OPML, newsboat's urls) that gave no site learns
            // it from the feed, as `feed add` does: `opml export` writes it as `htmlUrl`.
            if feed.site_url.as_deref().is_none_or(str::is_empty)
                && let Some(site) = &site_url
            {
                library.note_feed_site(feed.id, site)?;
            }
            result.new = outcome.inserted.len();
            result.new_ids = outcome.inserted.clone();
            result.updated = outcome.updated.len();
            result.status = "ok".into();
            Some(fetched)
        }
        Fetch::NotModified(fetched) => {
            result.status = "304".into();
            unnumber(library, feed, &mut result)?;
            Some(fetched)
        }
        Fetch::Failed {
            status,
            error,
            retry_after,
        } => {
            result.status = status;
            result.error = Some(error);
            record.retry_after = retry_after;
            None
        }
    };
    if let Some(fetched) = &fetched {
        record.etag = fetched.etag.clone();
        record.last_modified = fetched.last_modified.clone();
        if let Some(moved) = &fetched.moved_permanently_to {
            match library.set_feed_url(feed.id, moved) {
                Ok(()) => result.moved_to = Some(moved.clone()),
                // Subscribed elsewhere meanwhile (see above): this one is kept as it is, and
                // the refresh says so, since one of the two is now redundant.
                Err(LibraryError::Store(StoreError::FeedUrlTaken { url, name })) => {
                    result.moves_onto = Some(MovesOnto { url, feed: name });
                }
                Err(other) => return Err(other),
            }
        }
    }
    record.status = result.status.clone();
    record.error = result.error.clone();
    library.record_fetch(feed.id, &record)?;
    Ok(result)
}
