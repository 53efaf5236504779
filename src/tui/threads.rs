//! The screen's helper threads (terminal input, signals, counts, refreshes) and how their end
//! reaches the loop: a panic or a terminal that is gone becomes `Incoming::Stop`, a signal
//! `Incoming::Signalled`, and the loop ends at once (a panic's hook has already restored the
//! terminal, so at most the frame being drawn then lands on the plain screen).

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

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

/// How long the input thread waits for a key before it looks at its gate again: the longest a
/// program handed the terminal waits for the thread to stop reading.
const GATE_CHECK: Duration = Duration::from_millis(100);

/// After the gate opens, how long a Ctrl-C or Ctrl-\ still counts as the program's: the terminal
/// sent it to both, and the signal thread may see it only once the program has ended.
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// Lets the screen hand the terminal to a program in the foreground (a terminal browser): while
/// the gate is shut the input thread reads nothing, so every key goes to that program.
#[derive(Debug, Clone, Default)]
pub struct InputGate(Arc<(Mutex<Gate>, Condvar)>);

#[derive(Debug, Default)]
struct Gate {
    shut: bool,
    /// The input thread has seen the gate shut and waits.
    waiting: bool,
    /// When it last opened after being shut.
    opened: Option<Instant>,
}

impl InputGate {
    fn lock(&self) -> MutexGuard<'_, Gate> {
        // The state is flags and a time, valid whatever a panicking holder left.
        self.0
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stops the input thread reading; returns once it waits (or, should it have ended, after
    /// `patience`).
    pub fn shut(&self, patience: Duration) {
        let mut gate = self.lock();
        gate.shut = true;
        let deadline = Instant::now() + patience;
        while !gate.waiting {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            gate = match self.0.1.wait_timeout(gate, left) {
                Ok((gate, _)) => gate,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Lets the input thread read again.
    pub fn open(&self) {
        let mut gate = self.lock();
        gate.shut = false;
        gate.opened = Some(Instant::now());
        drop(gate);
        self.0.1.notify_all();
    }

    /// Whether another program has the terminal, or had it a moment ago (`SIGNAL_GRACE`).
    fn lent(&self) -> bool {
        let gate = self.lock();
        gate.shut || gate.opened.is_some_and(|at| at.elapsed() < SIGNAL_GRACE)
    }

    /// For the input thread: waits here while the gate is shut.
    fn pass(&self) {
        let mut gate = self.lock();
        if !gate.shut {
            return;
        }
        gate.waiting = true;
        self.0.1.notify_all();
        while gate.shut {
            gate = match self.0.1.wait(gate) {
                Ok(gate) => gate,
                Err(poisoned) => poisoned.into_inner(),
            };
        }
        gate.waiting = false;
    }
}

/// Reads terminal events on a thread of their own, so the loop can block on one channel. A
/// terminal that can no longer be read (the ssh connection dropped) ends the screen. `gate`
/// stops the reading while another program has the terminal.
pub fn spawn_input(events: Sender<Incoming>, gate: InputGate) {
    let sender = events.clone();
    spawn_guarded("input", events, move || {
        loop {
            gate.pass();
            let event = crossterm::event::poll(GATE_CHECK)
                .and_then(|ready| ready.then(crossterm::event::read).transpose());
            match event {
                Ok(None) => {}
                Ok(Some(event)) => {
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
/// While `gate` lends the terminal to another program, Ctrl-C and Ctrl-\ are that program's:
/// the terminal sends them to both, and a browser stopping a page must not end the screen.
pub fn spawn_signals(events: Sender<Incoming>, gate: InputGate) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let sender = events.clone();
    spawn_guarded("signal", events, move || {
        for signal in signals.forever() {
            if matches!(signal, SIGINT | SIGQUIT) && gate.lent() {
                continue;
            }
            let _ = sender.send(Incoming::Signalled(signal));
            return;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shut_gate_returns_once_the_reader_waits_and_holds_it_until_opened() {
        let gate = InputGate::default();
        let (passed, passes) = std::sync::mpsc::channel();
        let reader = gate.clone();
        // A reader that passes the gate over and over, saying so each time, as the input
        // thread does between its reads.
        let thread = std::thread::spawn(move || {
            for n in 0u64.. {
                reader.pass();
                if passed.send(n).is_err() {
                    return;
                }
            }
        });
        gate.shut(Duration::from_secs(60));
        assert!(
            gate.lock().waiting,
            "shut returned before the reader stopped"
        );
        let before: Vec<u64> = passes.try_iter().collect();
        assert!(gate.lent());
        // Still held (that no key is read meanwhile is shown by tests/tmux_opener.rs).
        assert!(gate.lock().waiting);
        gate.open();
        assert!(
            gate.lent(),
            "a signal just after still counts as the program's"
        );
        let after = passes.recv().unwrap_or_default();
        assert!(before.last().is_none_or(|last| after > *last));
        drop(passes);
        assert!(thread.join().is_ok());
        // With no reader at all, shutting gives up after its patience.
        let alone = InputGate::default();
        assert!(!alone.lent());
        alone.shut(Duration::from_millis(10));
        assert!(alone.lent());
    }
}
