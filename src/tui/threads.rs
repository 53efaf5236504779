//! The screen's helper threads (terminal input, signals, counts, refreshes) and how their end
//! reaches the loop: a panic or a terminal that is gone becomes `Incoming::Stop`, a signal
//! `Incoming::Signalled`, and the loop ends at once (a panic's hook has already restored the
//! terminal, so at most the frame being drawn then lands on the plain screen).

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::Sender;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::msg::Incoming;

/// Runs `work` on a thread of its own; if it panics, the loop is told to stop with the reason.
pub fn spawn_guarded(
    name: &'static str,
    events: Sender<Incoming>,
    work: impl FnOnce() + Send + 'static,
) {
    std::thread::spawn(move || {
        if let Err(why) = guarded(name, work) {
            let _ = events.send(Incoming::Stop(why));
        }
    });
}

/// Runs `work`, turning a panic into the reason the `name` thread failed.
pub fn guarded(name: &str, work: impl FnOnce()) -> Result<(), String> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|panic| failed(name, &*panic))
}

/// Why a thread stopped, from its panic.
fn failed(name: &str, panic: &(dyn Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no reason given".into());
    format!("the {name} thread failed ({text}); nothing was lost, start dateline again")
}

/// Reads terminal events on a thread of their own, so the loop can block on one channel. A
/// terminal that can no longer be read (the ssh connection dropped) ends the screen.
pub fn spawn_input(events: Sender<Incoming>) {
    let sender = events.clone();
    spawn_guarded("input", events, move || {
        loop {
            match crossterm::event::read() {
                Ok(event) => {
                    if sender.send(Incoming::Terminal(event)).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    let why = format!("reading the terminal: {error}");
                    let _ = sender.send(Incoming::Stop(why));
                    return;
                }
            }
        }
    });
}

/// Turns SIGTERM, SIGHUP (the terminal closed), SIGINT and SIGQUIT into a clean stop, so the
/// terminal is put back as it was instead of being left in raw mode on the alternate screen.
pub fn spawn_signals(events: Sender<Incoming>) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let sender = events.clone();
    spawn_guarded("signal", events, move || {
        if let Some(signal) = signals.forever().next() {
            let _ = sender.send(Incoming::Signalled(signal));
        }
    });
    Ok(())
}
