//! Subscriptions on the command line: `feed add|list|remove|rename`, `refresh`, `opml import|export`,
//! `import-newsboat` and `fetch-full`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;

use super::JsonFlag;
use super::output::print_json;
use super::print::{self, note, warn};
use super::refresh::{Report, find, run_refresh};
use crate::config::Config;
use crate::config::env_dir;
use crate::fetch::refresh::{RefreshOptions, store_first_fetch};
use crate::fetch::{Conditional, FetchOptions, Fetched, Fetcher, feed_links, looks_like_feed};
use crate::ingest::opml::{self, OpmlFeed};
use crate::ingest::parse_fetched_feed;
use crate::library::{Library, LibraryError};
use crate::newsboat;
use crate::say::count;
use crate::store::{Account, Feed, StoreError, default_feed_name};
use crate::sync::push_now;

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Subscribe to a feed, or to the feed a web page names (<link rel="alternate">); it is fetched
    /// once to check it and to learn its title
    Add {
        url: String,
        /// The name to list it under [default: the feed's title]
        #[arg(long)]
        name: Option<String>,
        /// A tag (repeat for more)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Subscribe through this sync account: the server fetches the feed and the next sync
        /// brings its items
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
    },
    /// Every subscription with its last fetch and article counts
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Unsubscribe; the feed's articles stay, with their read and starred state
    Remove {
        #[arg(value_name = "NAME|URL")]
        feed: String,
    },
    /// Give a subscription another name
    Rename {
        #[arg(value_name = "NAME|URL")]
        feed: String,
        new_name: String,
    },
    /// Set a subscription's tags (none clears them); its articles are found by `tag:`
    Tags {
        #[arg(value_name = "NAME|URL")]
        feed: String,
        #[arg(value_name = "TAG")]
        tags: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OpmlCommand {
    /// Subscribe to every feed of an OPML file (folders become tags), then refresh them
    Import {
        file: PathBuf,
        /// Subscribe only; fetch later with `dateline refresh`
        #[arg(long)]
        no_refresh: bool,
    },
    /// Print every subscription as OPML 2.0 (tags become folders)
    Export,
}

pub fn feed(library: &mut Library, config: &Config, command: FeedCommand) -> Result<()> {
    match command {
        FeedCommand::Add {
            url,
            name,
            tags,
            account: Some(account),
        } => add_to_account(library, config, &account, &url, name, &tags),
        FeedCommand::Add {
            url,
            name,
            tags,
            account: None,
        } => add(library, &url, name, &tags),
        FeedCommand::List { json } => list(library, json.json),
        FeedCommand::Remove { feed } => {
            let found = find(library, &feed)?;
            let account = library.feed_account(found.id)?;
            let kept = library.remove_feed(found.id)?;
            let verb = if kept == 1 { "is" } else { "are" };
            note(format!(
                "unsubscribed from {}; its {} {verb} kept",
                found.name,
                count(kept, "article")
            ));
            send_now(library, config, account.as_ref());
            Ok(())
        }
        FeedCommand::Tags { feed, tags } => {
            let found = find(library, &feed)?;
            let account = library.feed_account(found.id)?;
            library.set_feed_tags(found.id, &tags)?;
            let tags = library
                .feed_by_id(found.id)?
                .map(|f| f.tags)
                .unwrap_or_default();
            match tags.is_empty() {
                true => note(format!("{} has no tags", found.name)),
                false => note(format!("{} is tagged {}", found.name, tags.join(", "))),
            }
            // Many servers (FreshRSS, Miniflux) keep one folder per feed, and the next sync
            // brings back the one kept: said now, not found out then.
            if let Some(account) = account.as_ref().filter(|_| tags.len() > 1) {
                warn(format!(
                    "{}: many servers keep one folder per feed; the next sync shows the folders {} kept",
                    account.name, account.name
                ));
            }
            // An account's folders are its feeds' tags.
            send_now(library, config, account.as_ref());
            Ok(())
        }
        FeedCommand::Rename { feed, new_name } => {
            let found = find(library, &feed)?;
            let account = library.feed_account(found.id)?;
            library.rename_feed(found.id, &new_name)?;
            let renamed = library.feed_by_id(found.id)?.map(|f| f.name);
            note(format!(
                "{} is now {}",
                found.name,
                renamed.unwrap_or(new_name)
            ));
            send_now(library, config, account.as_ref());
            Ok(())
        }
    }
}

/// Sends a subscription change made here to the account's server at once; when it cannot be
/// reached the change waits (queued with the change itself) for the next sync.
fn send_now(library: &mut Library, config: &Config, account: Option<&Account>) {
    let Some(account) = account else { return };
    match push_now(library, account, super::accounts::credentials(config)) {
        Ok(_) => note(format!("the change went to {}", account.name)),
        Err(error) => warn(format!(
            "{}: the change waits for the next sync: {error}",
            account.name
        )),
    }
}

/// Subscribes through a sync account: the server fetches the feed, so it is not fetched here.
fn add_to_account(
    library: &mut Library,
    config: &Config,
    account: &str,
    url: &str,
    name: Option<String>,
    tags: &[String],
) -> Result<()> {
    let Some(account) = library.account(account)? else {
        bail!("no account named {account}; `dateline account list` shows them");
    };
    let feed = library.add_account_feed(account.id, url, name.as_deref(), tags)?;
    note(format!(
        "subscribed to {} ({}) through {}",
        feed.name, feed.url, account.name
    ));
    send_now(library, config, Some(&account));
    Ok(())
}

/// The feed at `url`, or the first feed a page at `url` links to.
fn fetch_feed_or_page(fetcher: &Fetcher, url: &str) -> Result<(String, Fetched)> {
    let fetched = fetcher
        .get(url, &Conditional::default())
        .with_context(|| format!("fetching {url}"))?;
    let body = fetched.body().unwrap_or_default();
    // An empty answer is read as a feed, which says it is empty: there is no page to name one.
    let blank = String::from_utf8_lossy(body)
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty();
    if blank || looks_like_feed(body, fetched.content_type()) {
        let address = fetched
            .moved_permanently_to
            .clone()
            .unwrap_or(url.to_string());
        return Ok((address, fetched));
    }
    let Some(found) = feed_links(body, &fetched.final_url).into_iter().next() else {
        bail!(
            "{url} is not a feed, and names none (no <link rel=\"alternate\"> to RSS, Atom or JSON Feed)"
        );
    };
    let feed = fetcher
        .get(&found, &Conditional::default())
        .with_context(|| format!("fetching {found}, the feed {url} names"))?;
    let address = feed.moved_permanently_to.clone().unwrap_or(found);
    Ok((address, feed))
}

fn add(library: &mut Library, url: &str, name: Option<String>, tags: &[String]) -> Result<()> {
    let fetcher = Fetcher::new(FetchOptions::default());
    let (address, fetched) = fetch_feed_or_page(&fetcher, url)?;
    let body = fetched.body().unwrap_or_default();
    let document = parse_fetched_feed(body, &fetched.final_url)
        .with_context(|| format!("reading {address}"))?;
    let own_name = name.is_some();
    let name = match name {
        Some(name) => name,
        None => {
            let title = default_feed_name(document.title.as_deref(), &address);
            library.free_feed_name(&title)?
        }
    };
    let site_url = document.site_url.as_deref();
    // A name given stays, even when it is the feed's title now and the title changes.
    let feed = if own_name {
        library.add_feed_named_by_user(&address, &name, site_url, tags)?
    } else {
        library.add_feed(&address, &name, site_url, tags)?
    };
    let result = store_first_fetch(library, &feed, fetched, document)?;
    note(format!(
        "subscribed to {} ({}): {}",
        feed.name,
        feed.url,
        count(result.new, "article")
    ));
    if !result.left_out.is_empty() {
        warn(format!(
            "{} left out: {}",
            count(result.left_out.len(), "item"),
            result.left_out.join("; ")
        ));
    }
    if let Some(broke_off) = &result.broke_off {
        warn(broke_off.clone());
    }
    Ok(())
}

fn list(library: &Library, json: bool) -> Result<()> {
    let feeds = library.feeds()?;
    if json {
        return print_json(&feeds);
    }
    let mut out = print::stdout();
    for stats in &feeds {
        let feed = &stats.feed;
        // An account's feed is fetched by its server, never here.
        let account = library.feed_account(feed.id)?;
        let fetched = match (&account, feed.last_fetched) {
            (Some(account), _) => format!("fetched by {}'s server", account.name),
            (None, Some(t)) => t.format("%Y-%m-%d %H:%M").to_string(),
            (None, None) => "never fetched".to_string(),
        };
        let status = match (&account, feed.last_status.as_deref()) {
            (Some(_), _) => "synced",
            // The HTTP status alone says nothing to most people (`--json` keeps it as it is).
            (None, Some("304")) => "unchanged (304)",
            (None, status) => status.unwrap_or("-"),
        };
        let tags = if feed.tags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", feed.tags.join(", "))
        };
        out.line(format!(
            "{}{tags}\n  {}\n  {}, {} unread; {fetched}: {status}{}",
            feed.name,
            feed.url,
            count(stats.articles, "article"),
            stats.unread,
            feed.last_error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        ))?;
    }
    out.flush()?;
    if feeds.is_empty() {
        note("no subscriptions yet; `dateline feed add URL` subscribes");
    }
    Ok(())
}

pub fn opml(library: &mut Library, command: OpmlCommand) -> Result<()> {
    match command {
        OpmlCommand::Export => {
            let feeds: Vec<OpmlFeed> = library
                .feeds()?
                .into_iter()
                .map(|s| OpmlFeed {
                    url: s.feed.url,
                    title: Some(s.feed.name),
                    site_url: s.feed.site_url,
                    tags: s.feed.tags,
                })
                .collect();
            let text = opml::write(&feeds);
            let mut out = print::stdout();
            out.line(text.trim_end())?;
            out.flush()?;
            Ok(())
        }
        OpmlCommand::Import { file, no_refresh } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let list = opml::parse(&bytes).map_err(|e| anyhow!("{}: {e}", file.display()))?;
            for skipped in &list.skipped {
                note(format!("{}: {skipped}; skipped", file.display()));
            }
            let added = subscribe_all(library, list.feeds)?;
            if !no_refresh {
                refresh_added(library, added)?;
            }
            Ok(())
        }
    }
}

/// Fetches the feeds just subscribed to, if there are any.
fn refresh_added(library: &mut Library, added: Vec<Feed>) -> Result<()> {
    if added.is_empty() {
        return Ok(());
    }
    let parallel = RefreshOptions::default().parallel;
    run_refresh(library, added, parallel, Report::Text)
}

/// Subscribes to each feed listed that is not subscribed yet; returns the new subscriptions.
fn subscribe_all(library: &mut Library, listed: Vec<OpmlFeed>) -> Result<Vec<Feed>> {
    let mut added = Vec::new();
    let mut already = 0;
    let subscribe = |library: &mut Library| -> Result<()> {
        for entry in listed {
            if library.feed(&entry.url)?.is_some() {
                already += 1;
                continue;
            }
            let wanted = default_feed_name(entry.title.as_deref(), &entry.url);
            let name = library.free_feed_name(&wanted)?;
            let site = entry.site_url.as_deref();
            added.push(library.add_feed_in_run(&entry.url, &name, site, &entry.tags)?);
        }
        Ok(())
    };
    // One run: the index commits once, also when a feed fails part way.
    let subscribed = subscribe(library);
    let settled = library.settle();
    subscribed?;
    settled?;
    note(format!(
        "subscribed to {} ({already} were already subscribed)",
        count(added.len(), "feed")
    ));
    Ok(added)
}

/// Where newsboat keeps a file: `~/.newsboat/NAME`, else its XDG directory. An XDG variable that is
/// empty or relative is ignored, as the XDG base directory specification says.
fn newsboat_file(name: &str, xdg_var: &str, xdg_default: &str) -> Option<PathBuf> {
    let home = env_dir("HOME")?;
    let classic = home.join(".newsboat").join(name);
    if classic.exists() {
        return Some(classic);
    }
    let base = env_dir(xdg_var).unwrap_or_else(|| home.join(xdg_default));
    Some(base.join("newsboat").join(name))
}

/// `dateline import-newsboat`: subscriptions with their tags, then the history in its cache.
/// A file named with `--urls` or `--cache` must be there; only the ones looked for in newsboat's
/// usual places may be missing.
pub fn import_newsboat(
    library: &mut Library,
    urls: Option<PathBuf>,
    cache: Option<PathBuf>,
) -> Result<()> {
    if let Some(path) = cache.as_deref().filter(|path| !path.is_file()) {
        bail!(
            "no newsboat cache at {} (--cache names newsboat's cache.db)",
            path.display()
        );
    }
    let urls = urls
        .or_else(|| newsboat_file("urls", "XDG_CONFIG_HOME", ".config"))
        .context("no newsboat urls file found; give it with --urls FILE")?;
    let text =
        std::fs::read_to_string(&urls).with_context(|| format!("reading {}", urls.display()))?;
    let parsed = newsboat::parse_urls(&text);
    for skipped in &parsed.skipped {
        warn(format!(
            "{}:{}: skipped {}: {}",
            urls.display(),
            skipped.line,
            skipped.text,
            skipped.reason
        ));
    }
    let listed = parsed
        .feeds
        .into_iter()
        .map(|f| OpmlFeed {
            url: f.url,
            title: f.title,
            site_url: None,
            tags: f.tags,
        })
        .collect();
    let added = subscribe_all(library, listed)?;
    let subscribed_now: Vec<i64> = added.iter().map(|feed| feed.id).collect();
    // Marked at once, and cleared only once newsboat's history has come: an import stopped part
    // way, or one whose cache could not be read, leaves it to the next.
    library.mark_history_pending(&subscribed_now)?;
    save_queries(library, &urls, &parsed.queries)?;
    // Feeds that cannot be fetched now (offline, or gone for good) still have their history in
    // the cache: it comes across first, and the failed refresh is said after.
    let refreshed = refresh_added(library, added);
    let cache = cache.or_else(|| newsboat_file("cache.db", "XDG_DATA_HOME", ".local/share"));
    match cache.filter(|path| path.exists()) {
        Some(path) => {
            // These feeds and those an earlier import subscribed without the cache get their
            // history now, as that import would have given it; other feeds subscribed before
            // stay as they are.
            let wanted = library.history_pending()?;
            apply_cache(library, &path, &wanted)?;
            library.clear_history_pending(&wanted)?;
        }
        None => note(
            "no newsboat cache.db found: its history not imported \
             (an import again with `--cache FILE` brings it for these feeds)",
        ),
    }
    refreshed
}

/// newsboat's query feeds as saved searches; one saved under the name already is left as it is.
fn save_queries(library: &mut Library, urls: &Path, queries: &[newsboat::UrlsQuery]) -> Result<()> {
    let mut saved = 0;
    for query in queries {
        match library.add_saved_search(&query.name, &query.query, false) {
            Ok(_) => saved += 1,
            Err(LibraryError::Store(StoreError::SavedNameTaken(_))) => {}
            Err(other) => warn(format!("{}:{}: {other}", urls.display(), query.line)),
        }
    }
    if !queries.is_empty() {
        note(format!(
            "saved {} from newsboat's query feeds",
            count(saved, "search")
        ));
    }
    Ok(())
}

/// newsboat's history from its cache, for the feeds that want it (see `history_pending`): state
/// for what is stored here, the rest stored from it.
fn apply_cache(library: &mut Library, path: &Path, wanted: &[i64]) -> Result<()> {
    let items =
        newsboat::read_cache(path).with_context(|| format!("reading {}", path.display()))?;
    let outcome = newsboat::import_cache(library, &items, wanted)?;
    let mut said = format!(
        "read and starred state: {} matched; {} the feeds no longer carry stored from the cache, \
         read and starred as they were",
        count(outcome.matched, "article"),
        count(outcome.stored.len(), "article")
    );
    if outcome.not_subscribed > 0 {
        said.push_str(&format!(
            "; {} left out (their feeds are not subscribed here)",
            outcome.not_subscribed
        ));
    }
    if outcome.subscribed_before > 0 {
        said.push_str(&format!(
            "; {} left as they are here (their feeds were subscribed before this import)",
            outcome.subscribed_before
        ));
    }
    if outcome.empty > 0 {
        said.push_str(&format!("; {} left out (no title or text)", outcome.empty));
    }
    note(said);
    Ok(())
}

/// `dateline fetch-full ID`: the article's page, its main text kept beside the summary.
pub fn fetch_full(library: &mut Library, id: i64) -> Result<usize> {
    Ok(crate::fetch::fulltext::fetch_full_text(library, id)?)
}
