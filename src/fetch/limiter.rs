//! Per-host politeness: at most N requests in flight to one host, shared by every thread using a fetcher.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Counts busy slots per host; a thread wanting a full host waits until one is handed back.
#[derive(Debug)]
pub(super) struct HostLimiter {
    per_host: usize,
    busy: Mutex<HashMap<String, usize>>,
    freed: Condvar,
}

/// A slot on one host, given back when dropped (also when the fetch failed or panicked).
#[derive(Debug)]
pub(super) struct Slot {
    limiter: Arc<HostLimiter>,
    host: String,
}

impl HostLimiter {
    pub(super) fn new(per_host: usize) -> HostLimiter {
        HostLimiter {
            // Zero would wait forever; one at a time is the politest reading of it.
            per_host: per_host.max(1),
            busy: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free slot on `host` and takes it.
    pub(super) fn acquire(self: &Arc<Self>, host: &str) -> Slot {
        let mut busy = self.lock();
        while busy.get(host).copied().unwrap_or(0) >= self.per_host {
            busy = self
                .freed
                .wait(busy)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *busy.entry(host.to_string()).or_insert(0) += 1;
        Slot {
            limiter: Arc::clone(self),
            host: host.to_string(),
        }
    }

    /// The map holds plain counts that stay consistent even if a holder panicked, so a poisoned lock is usable.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, usize>> {
        self.busy.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[cfg(test)]
    fn in_use(&self, host: &str) -> usize {
        self.lock().get(host).copied().unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut busy = self.limiter.lock();
        if let Some(count) = busy.get_mut(&self.host) {
            *count -= 1;
            // Forget idle hosts so that a long refresh over many hosts does not grow the map.
            if *count == 0 {
                busy.remove(&self.host);
            }
        }
        drop(busy);
        // Waiters for different hosts share the condvar, so wake them all and let each recheck its own host.
        self.limiter.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn no_more_than_the_limit_at_once_across_threads() {
        let limiter = Arc::new(HostLimiter::new(2));
        let now = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    let _slot = limiter.acquire("example.org:443");
                    let inside = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(inside, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    now.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(limiter.in_use("example.org:443"), 0);
    }

    #[test]
    fn hosts_do_not_wait_for_each_other() {
        let limiter = Arc::new(HostLimiter::new(1));
        let _a = limiter.acquire("a:80");
        let _b = limiter.acquire("b:80");
        assert_eq!(limiter.in_use("a:80"), 1);
        assert_eq!(limiter.in_use("b:80"), 1);
    }
}
