//! Where long library work is (tagging, indexing, grouping stories, importing), told to whoever
//! asked: the command line draws a bar from it; the library itself draws nothing.

use super::Library;

/// One step of long work: `done` of `total` (0 when not known) units of `what`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// What is being done, as a person would say it: "importing", "indexing".
    pub doing: &'static str,
    /// What is counted: "files", "articles".
    pub units: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Told each step of long work.
pub type OnProgress = Box<dyn FnMut(Progress) + Send>;

impl Library {
    /// Has every later step of long work told to `on_progress`.
    pub fn set_progress(&mut self, on_progress: OnProgress) {
        self.progress = Some(on_progress);
    }

    /// Tells the progress of long work done through the library (an import is).
    pub fn tell_progress(
        &mut self,
        doing: &'static str,
        units: &'static str,
        done: usize,
        total: usize,
    ) {
        tell(&mut self.progress, doing, units, done, total);
    }
}

/// Tells `listener`, if there is one, that `done` of `total` units of `doing` are done. A free
/// function, so the library's own long steps can tell it while they borrow the store or index.
pub(super) fn tell(
    listener: &mut Option<OnProgress>,
    doing: &'static str,
    units: &'static str,
    done: usize,
    total: usize,
) {
    if let Some(listener) = listener.as_mut() {
        listener(Progress {
            doing,
            units,
            done: done as u64,
            total: total as u64,
        });
    }
}
