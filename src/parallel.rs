//! Splitting work over the machine's cores with scoped threads, keeping the order of results.

use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, PoisonError};

/// How many threads CPU-bound work should use.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` over `items` on every core and returns the results in item order. A thread whose
/// item panics loses the results it had made (the panic message is printed); the call returns.
///
/// Threads take the next item as they finish one (the calling thread works too), so an item that
/// costs more, or a core shared with other work (the index writer's threads during an import),
/// leaves no thread idle while another still has a long queue.
pub fn map<T: Send, R: Send>(items: &mut [T], work: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if threads < 2 {
        let all = || items.iter_mut().map(&work).collect();
        return std::panic::catch_unwind(AssertUnwindSafe(all)).unwrap_or_default();
    }
    let queue = Mutex::new(items.iter_mut().enumerate());
    let run = || {
        let mut done = Vec::new();
        loop {
            // The lock is held only while the next item is taken, which cannot panic; poisoned or
            // not, the queue is whole.
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((index, item)) = next else {
                return done;
            };
            done.push((index, work(item)));
        }
    };
    let mut results = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(run)).collect();
        // A worker that panicked has already printed why; its share of results is lost with it,
        // on this thread as on the others.
        let mut results = std::panic::catch_unwind(AssertUnwindSafe(run)).unwrap_or_default();
        for helper in helpers {
            results.extend(helper.join().unwrap_or_default());
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_their_order() {
        let mut items: Vec<u32> = (0..1000).collect();
        let doubled = super::map(&mut items, |n| *n * 2);
        assert_eq!(doubled, (0..1000).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn every_item_is_worked_on_once_in_place() {
        let mut items: Vec<u64> = (0..500).collect();
        let results = super::map(&mut items, |n| {
            *n += 1;
            // Uneven work, so threads finish their items at different times.
            (0..*n % 7 * 1000).fold(0u64, |a, b| a.wrapping_add(b)) + *n
        });
        assert_eq!(items, (1..=500).collect::<Vec<_>>());
        let expected: Vec<u64> = (1..=500u64)
            .map(|n| (0..n % 7 * 1000).fold(0u64, |a, b| a.wrapping_add(b)) + n)
            .collect();
        assert_eq!(results, expected);
    }

    #[test]
    fn a_panicking_item_costs_its_threads_share_not_the_call() {
        let mut items: Vec<u32> = (0..200).collect();
        // Whichever thread takes item 50, the calling one or a helper, the call returns.
        let results = super::map(&mut items, |n| {
            assert!(*n != 50, "item 50 fails on purpose");
            *n
        });
        assert!(results.len() < 200);
        assert!(!results.contains(&50));
        assert!(results.windows(2).all(|w| w[0] < w[1]));
    }
}
