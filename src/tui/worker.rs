//! The search worker: a thread that owns the index reader. It always answers the newest request
//! it has been sent, so typing never waits for a search and stale queries are skipped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::Instant;

use chrono::Utc;

use super::state::{SearchOutcome, SearchRequest};
use super::threads;
use super::update::Msg;
use crate::library::Searcher;
use crate::search::query;

/// The sending side; dropping it ends the thread.
pub struct SearchWorker {
    requests: Sender<SearchRequest>,
    /// Set when another writer has committed to the index (a refresh, a full text): the worker
    /// reloads its view before the next query. Reloading opens every segment again, so it is
    /// done only then.
    stale: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SearchWorker {
    /// Starts the thread; what it finds (`Msg::Searched`, then `Msg::Counted`) is handed to
    /// `deliver`, which puts it on the loop's channel and says whether anyone still listens. If
    /// the thread panics, `failed` gets the reason.
    pub fn spawn(
        searcher: Searcher,
        deliver: impl Fn(Msg) -> bool + Send + 'static,
        failed: impl FnOnce(String) + Send + 'static,
    ) -> SearchWorker {
        let (requests, incoming) = channel();
        let stale = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&stale);
        let thread = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let serving = || serve(&searcher, &incoming, &seen, deliver);
                if let Err(why) = threads::guarded("search", serving) {
                    failed(why);
                }
            })
            .ok();
        SearchWorker {
            requests,
            stale,
            thread,
        }
    }

    /// The index has changed under the worker; its next query sees the change.
    pub fn index_changed(&self) {
        self.stale.store(true, Ordering::Release);
    }

    pub fn send(&self, request: SearchRequest) {
        // A worker that died has reported nothing and will report nothing; the list stays as it is.
        let _ = self.requests.send(request);
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        let (closed, _) = channel();
        self.requests = closed;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    searcher: &Searcher,
    incoming: &Receiver<SearchRequest>,
    stale: &AtomicBool,
    deliver: impl Fn(Msg) -> bool,
) {
    let mut next = None;
    loop {
        let mut request = match next.take() {
            Some(request) => request,
            None => match incoming.recv() {
                Ok(request) => request,
                Err(_) => return,
            },
        };
        // Only the newest query matters.
        while let Ok(newer) = incoming.try_recv() {
            request = newer;
        }
        let started = Instant::now();
        // A failed reload leaves the view as it was, which is still a good one.
        if stale.swap(false, Ordering::AcqRel) {
            let _ = searcher.reload();
        }
        let generation = request.generation;
        let parsed = query::parse(&request.text, Utc::now());
        let found = searcher
            .prepare(&parsed, request.sort)
            .map_err(|e| e.to_string())
            .and_then(|prepared| {
                if prepared.matches_everything() {
                    return Ok((prepared, None));
                }
                let hits = prepared.hits(request.limit).map_err(|e| e.to_string())?;
                Ok((prepared, Some(hits)))
            });
        let (prepared, hits) = match found {
            Ok(found) => found,
            Err(error) => {
                let outcome = SearchOutcome {
                    generation,
                    parsed,
                    ids: Vec::new(),
                    total: Some(0),
                    everything: false,
                    still_typing: false,
                    elapsed: started.elapsed(),
                    error: Some(error),
                };
                if !deliver(Msg::Searched(Box::new(outcome))) {
                    return;
                }
                continue;
            }
        };
        // Fewer hits than asked for are all there is; otherwise they are counted next. A query
        // that narrows nothing lists the store, which knows its own count.
        let (ids, total, complete) = match hits {
            Some(hits) => {
                let complete = hits.len() < request.limit;
                let total = complete.then_some(hits.len());
                (
                    hits.into_iter().map(|hit| hit.id).collect(),
                    total,
                    complete,
                )
            }
            None => (Vec::new(), None, true),
        };
        let outcome = SearchOutcome {
            generation,
            still_typing: parsed.ends_in_short_prefix(),
            parsed,
            ids,
            total,
            everything: prepared.matches_everything(),
            elapsed: started.elapsed(),
            error: None,
        };
        if !deliver(Msg::Searched(Box::new(outcome))) {
            return;
        }
        if complete {
            continue;
        }
        // A newer query makes this count worthless: it is dropped at the next segment.
        // A newer request (or "more" of this one) or a closed screen ends the count.
        let counted = prepared.count_until(|| match incoming.try_recv() {
            Ok(newer) => {
                next = Some(newer);
                true
            }
            Err(TryRecvError::Empty) => false,
            Err(TryRecvError::Disconnected) => true,
        });
        if let Ok(Some(total)) = counted
            && !deliver(Msg::Counted { generation, total })
        {
            return;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use chrono::Utc;

    use super::{Msg, SearchRequest, SearchWorker};
    use crate::library::Library;
    use crate::search::query;

    #[test]
    fn a_short_last_word_is_still_being_typed() {
        let typing = |text: &str| query::parse(text, Utc::now()).ends_in_short_prefix();
        for text in [
            "p",
            "po",
            "\"gordon b",
            "\"prime m",
            "harbour p",
            "title:po",
        ] {
            assert!(typing(text), "{text}");
        }
        for text in [
            "pri",
            "p ",
            "\"prime\"",
            "\"prime min",
            "-p",
            "is:unread",
            "",
        ] {
            assert!(!typing(text), "{text}");
        }
    }

    #[test]
    fn a_panic_on_the_worker_is_reported_not_swallowed() {
        let dir = tempfile::tempdir().unwrap();
        let (library, _) = Library::open(dir.path()).unwrap();
        let (answers, answered) = channel();
        let (failures, failed) = channel();
        let worker = SearchWorker::spawn(
            library.searcher().unwrap(),
            move |msg| {
                let _ = answers.send(matches!(msg, Msg::Searched(_)));
                panic!("delivery broke");
            },
            move |why| {
                let _ = failures.send(why);
            },
        );
        worker.send(SearchRequest {
            generation: 1,
            text: "harbour".into(),
            limit: 10,
            sort: crate::search::SortOrder::Relevance,
        });
        assert_eq!(answered.recv_timeout(Duration::from_secs(10)), Ok(true));
        let why = failed.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(
            why.contains("search thread failed (delivery broke)"),
            "{why}"
        );
    }
}
