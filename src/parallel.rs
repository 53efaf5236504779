//! Splitting work over the machine's cores with scoped threads, keeping the order of results.

/// How many threads CPU-bound work should use.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` over `items` split across the cores and returns the results in item order.
pub fn map<T: Send, R: Send>(items: &mut [T], work: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 || threads() == 1 {
        return items.iter_mut().map(work).collect();
    }
    let per_thread = items.len().div_ceil(threads());
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks_mut(per_thread)
            .map(|chunk| scope.spawn(|| chunk.iter_mut().map(&work).collect::<Vec<R>>()))
            .collect();
        // A worker that panicked has already printed why; its share of results is lost with it.
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_their_order() {
        let mut items: Vec<u32> = (0..1000).collect();
        let doubled = super::map(&mut items, |n| *n * 2);
        assert_eq!(doubled, (0..1000).map(|n| n * 2).collect::<Vec<_>>());
    }
}
