//! Progress bars on stderr for long work (import, reindex, refresh, sync, stories rebuild): a bar
//! with the rate and the time left, drawn only when stderr is a terminal and only once the work
//! has run for a second (`DATELINE_PROGRESS_DELAY`: "0" at once, or "5s"), so quick commands, scripts and
//! `--json` see nothing new. A finished step stays as one line saying what was done.
//!
//! The bar being drawn is handed to `print`, which writes other lines above it.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::ingest::sanitize::strip_controls;
use crate::library::{OnProgress, Progress};

/// How long work runs before its bar shows: `DATELINE_PROGRESS_DELAY` ("0" at once, "5s"), else
/// a second.
fn delay() -> Duration {
    match std::env::var("DATELINE_PROGRESS_DELAY") {
        Ok(text) if text.trim() == "0" => Duration::ZERO,
        Ok(text) => crate::config::parse_duration(&text).unwrap_or(Duration::from_secs(1)),
        Err(_) => Duration::from_secs(1),
    }
}

/// The progress bar of one command's long work; clones draw the same bar.
#[derive(Clone)]
pub struct Bar {
    state: Option<Arc<Mutex<State>>>,
}

struct State {
    started: Instant,
    delay: Duration,
    /// The step shown ("importing", "files") and its bar.
    step: Option<((&'static str, &'static str), ProgressBar)>,
}

impl Bar {
    /// A bar that draws when stderr is a terminal and `wanted` (false under `--json`).
    pub fn new(wanted: bool) -> Bar {
        let enabled = wanted && super::print::stderr_is_terminal();
        Bar {
            state: enabled.then(|| {
                Arc::new(Mutex::new(State {
                    started: Instant::now(),
                    delay: delay(),
                    step: None,
                }))
            }),
        }
    }

    /// What the library's long work tells this bar through.
    pub fn feeder(&self) -> OnProgress {
        let bar = self.clone();
        Box::new(move |progress| bar.tell(progress))
    }

    /// Shows `done` of `total` (0: not known) units of what is being done.
    pub fn tell(&self, progress: Progress) {
        let Some(state) = &self.state else { return };
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = (progress.doing, progress.units);
        if state.step.as_ref().is_none_or(|(step, _)| *step != now) {
            // A new step: the one before stays as a line, this one counts from nothing.
            if let Some((_, bar)) = state.step.take() {
                end(&bar);
            }
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(style(progress.total > 0));
            bar.set_message(strip_controls(
                format!("{} {}", progress.doing, progress.units).trim(),
            ));
            state.step = Some((now, bar));
        }
        let show = state.started.elapsed() >= state.delay;
        if let Some((_, bar)) = &state.step {
            if progress.total > 0 {
                bar.set_length(progress.total);
            }
            bar.set_position(progress.done);
            if show && bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                super::print::drawing(Some(bar.clone()));
            }
        }
    }

    /// Shows `done` of `total` (0: not known) `units` of `doing`, for the command line's own steps.
    pub fn count(&self, doing: &'static str, units: &'static str, done: usize, total: usize) {
        self.tell(Progress {
            doing,
            units,
            done: done as u64,
            total: total as u64,
        });
    }

    /// Ends the bar: the line of its last step stays, if it was drawn at all.
    pub fn finish(&self) {
        let Some(state) = &self.state else { return };
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, bar)) = state.step.take() {
            end(&bar);
        }
    }
}

fn style(known_total: bool) -> ProgressStyle {
    let template = if known_total {
        "{msg:>22} [{bar:30}] {human_pos}/{human_len}, {rate}, {eta} left"
    } else {
        "{msg:>22} {spinner} {human_pos}, {rate}"
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                // indicatif's own `per_sec` shows four decimals ("17.2908/s").
                let _ = write!(out, "{}/s", rate(state.per_sec()));
            },
        )
        .progress_chars("=> ")
}

/// A rate as a person reads it: whole numbers with their digits grouped, one decimal below ten.
fn rate(per_second: f64) -> String {
    if per_second < 10.0 {
        format!("{per_second:.1}")
    } else {
        crate::say::group_digits(per_second.round() as u64)
    }
}

/// Leaves a drawn bar as one line: what, how many, in how long.
fn end(bar: &ProgressBar) {
    if bar.is_hidden() {
        return;
    }
    bar.set_style(
        ProgressStyle::with_template("{msg:>22}: {human_pos} in {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.finish();
    // One bar is drawn at a time: this one.
    super::print::drawing(None);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rate_reads_as_a_person_says_it() {
        assert_eq!(super::rate(17.2908), "17");
        assert_eq!(super::rate(2.345), "2.3");
        assert_eq!(super::rate(12_345.6), "12,346");
    }
}
