//! Noticing writes made elsewhere: a thread that counts the articles once at start-up, then asks
//! twice a second whether the store or the index has moved on (`Searcher::version`, a cheap
//! question) and, only when one has, counts again and tells the loop. Nothing else runs while
//! nothing changes, so an idle screen uses no CPU to speak of.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::msg::Incoming;
use super::threads::spawn_guarded;
use super::update::Msg;
use crate::library::Searcher;

/// How often the store and index are asked whether they changed: well inside the two seconds
/// in which a write elsewhere must show.
pub const INTERVAL: Duration = Duration::from_millis(500);

/// Sends the exact counts (`Msg::Totals`), then `Msg::StoreChanged` after each change to the
/// data since `seen` (the version taken before the first frame was read, so nothing written
/// after that is missed). Ends when `stop`'s sender is dropped, or nobody listens any more.
pub fn spawn_watcher(
    searcher: Searcher,
    seen: (i64, u64),
    events: Sender<Incoming>,
    stop: Receiver<()>,
    interval: Duration,
) {
    let sender = events.clone();
    spawn_guarded("watch", events, move || {
        // Counting a million rows costs tens of milliseconds: the first frame shows an estimate
        // and the exact counts follow from here.
        if let Ok(counts) = searcher.counts()
            && sender.send(Incoming::Search(Msg::Totals(counts))).is_err()
        {
            return;
        }
        let mut seen = seen;
        loop {
            match stop.recv_timeout(interval) {
                Err(RecvTimeoutError::Timeout) => {}
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
            // A version that cannot be read now (the disk is busy) is asked again next time.
            let Ok(now) = searcher.version() else {
                continue;
            };
            if now == seen {
                continue;
            }
            let Ok(counts) = searcher.counts() else {
                continue;
            };
            let index = now.1 != seen.1;
            seen = now;
            let changed = Msg::StoreChanged { counts, index };
            if sender.send(Incoming::Search(changed)).is_err() {
                return;
            }
        }
    });
}
