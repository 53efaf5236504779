//! A time limit for parsing, set around a piece of work and checked inside the HTML conversion.
//!
//! It lives in a thread-local so that the conversion's callers (the feed, JSON and Markdown
//! parsers) need not pass it along: `refresh` sets it around one feed's parsing on that feed's
//! worker thread. Once it has passed, the conversion stops early and returns what it has; the
//! caller then sees [`Expired`] and throws that partial result away.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static PASSED: Cell<bool> = const { Cell::new(false) };
}

/// The work did not finish within its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ran past its limit of {} s", limit.as_secs())]
pub struct Expired {
    /// The whole limit the work had (not what was left of it when the work began).
    pub limit: Duration,
}

impl Expired {
    /// Why a feed or page was given up, for the list of failures.
    pub fn reason(&self) -> String {
        format!(
            "parsing did not finish within the {} s limit for fetching and reading it",
            self.limit.as_secs()
        )
    }
}

/// Runs `work` with `deadline` in force on this thread. An `Err` when the deadline passed before
/// the work was done, whether the conversion noticed it or the work only ended late.
pub fn run_within<T>(
    deadline: Instant,
    limit: Duration,
    work: impl FnOnce() -> T,
) -> Result<T, Expired> {
    let outer = DEADLINE.with(|d| d.replace(Some(deadline)));
    let outer_passed = PASSED.with(|p| p.replace(false));
    let result = work();
    let passed = PASSED.with(|p| p.get()) || Instant::now() > deadline;
    DEADLINE.with(|d| d.set(outer));
    PASSED.with(|p| p.set(outer_passed));
    if passed {
        Err(Expired { limit })
    } else {
        Ok(result)
    }
}

/// True once the deadline in force on this thread has passed (never when none is set). The
/// conversion calls it every so often and stops when it says so.
pub fn passed() -> bool {
    if PASSED.with(Cell::get) {
        return true;
    }
    let passed = DEADLINE
        .with(Cell::get)
        .is_some_and(|deadline| Instant::now() > deadline);
    if passed {
        PASSED.with(|p| p.set(true));
    }
    passed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_past_its_deadline_is_reported_and_the_flag_is_scoped() {
        let limit = Duration::from_secs(30);
        let past = Instant::now();
        let ran = run_within(past, limit, passed);
        assert_eq!(ran, Err(Expired { limit }));
        assert!(!passed(), "the deadline stays with the work it was set for");
        let future = Instant::now() + Duration::from_secs(3600);
        assert_eq!(run_within(future, limit, passed), Ok(false));
    }
}
