//! Screen benchmark: start-up to the first frame, memory after opening, key-to-frame latency while
//! typing searches, and the draw time of a full frame, on a library made by the scale benchmark.
//!
//! `cargo bench --bench screen -- --data-dir DIR [--queries K] [--width W --height H]`, where DIR
//! holds a library (`cargo bench --bench scale -- --articles 1000000 --data-dir DIR`). Under
//! `cargo test` it makes a small library of its own and runs each part once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dateline::config::Config;
use dateline::say::group_digits;
use dateline::synth::{Corpus, Generator, Rng};
use dateline::tui::update::Msg;
use dateline::tui::{App, Incoming, Options};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

const CONLL: &str = "../shared/data/ner/conll2003/eng.train";
const FIRST_FRAME_BUDGET_MS: f64 = 200.0;
const MEMORY_BUDGET_MB: f64 = 200.0;
const KEY_BUDGET_MS: f64 = 16.0;

#[derive(clap::Parser)]
struct Args {
    /// A library made by the scale benchmark.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Three-word queries typed a character at a time [default: 40; 2 under `cargo test`].
    #[arg(long)]
    queries: Option<usize>,
    #[arg(long, default_value_t = 160)]
    width: u16,
    #[arg(long, default_value_t = 48)]
    height: u16,
    /// Milliseconds between keys once a key's results are drawn (a quick typist: 100, ten keys a
    /// second); 0 types the next key at once, while the last search is still being counted.
    #[arg(long, default_value_t = 100)]
    key_gap_ms: u64,
    /// Internal: time one start-up in this (fresh) process and print it.
    #[arg(long, hide = true)]
    child_first_frame: bool,
    #[arg(long, hide = true)]
    bench: bool,
}

/// A terminal that draws into memory: every escape sequence is produced, nothing is shown.
type MemoryTerminal = Terminal<CrosstermBackend<Vec<u8>>>;

fn terminal(width: u16, height: u16) -> Result<MemoryTerminal> {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    Ok(Terminal::with_options(
        CrosstermBackend::new(Vec::new()),
        options,
    )?)
}

fn options(data_dir: &Path) -> Options {
    Options {
        data_dir: data_dir.to_path_buf(),
        config: Config::default(),
        themes_dir: None,
        theme: None,
        notices: Vec::new(),
        opening: None,
    }
}

fn main() -> Result<()> {
    let args = <Args as clap::Parser>::parse();
    if args.child_first_frame {
        let dir = args.data_dir.context("--data-dir is required")?;
        return child_first_frame(&dir, args.width, args.height);
    }
    let (_scratch, dir) = match &args.data_dir {
        Some(dir) => (None, dir.clone()),
        None if args.bench => bail!("give --data-dir DIR: a library made by the scale benchmark"),
        None => {
            let scratch = tempfile::tempdir()?;
            small_library(scratch.path())?;
            let dir = scratch.path().to_path_buf();
            (Some(scratch), dir)
        }
    };
    let queries = args.queries.unwrap_or(if args.bench { 40 } else { 2 });
    let runs = if args.bench { 5 } else { 1 };
    println!(
        "dateline screen benchmark: {}, {}x{}",
        dir.display(),
        args.width,
        args.height
    );
    let mut starts = Vec::new();
    for _ in 0..runs {
        starts.push(first_frame_in_child(&dir, args.width, args.height)?);
    }
    let best = starts.iter().map(|s| s.0).fold(f64::MAX, f64::min);
    let worst = starts.iter().map(|s| s.0).fold(0.0, f64::max);
    let memory = starts.iter().map(|s| s.1).fold(0.0, f64::max);
    println!(
        "first frame    {best:.1} ms best, {worst:.1} ms worst of {runs} starts{}",
        verdict(worst < FIRST_FRAME_BUDGET_MS, "< 200 ms")
    );
    println!(
        "memory         {memory:.1} MB peak resident after the first frame{}",
        verdict(memory < MEMORY_BUDGET_MB, "< 200 MB")
    );
    typing(&dir, queries, args.width, args.height, args.key_gap_ms)?;
    idle(
        &dir,
        if args.bench { 5 } else { 1 },
        args.width,
        args.height,
    )?;
    Ok(())
}

/// CPU time used by every thread of this process so far, from /proc (nanoseconds on a CPU).
fn cpu_ns() -> Result<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task")? {
        let stat = std::fs::read_to_string(task?.path().join("schedstat"))?;
        total += stat
            .split_whitespace()
            .next()
            .and_then(|ns| ns.parse::<u64>().ok())
            .context("schedstat has no run time")?;
    }
    Ok(total)
}

/// An open screen left alone for `seconds`: the CPU its threads use meanwhile (the thread that
/// watches for writes elsewhere asks twice a second), and the messages that reach the loop.
fn idle(dir: &Path, seconds: u64, width: u16, height: u16) -> Result<()> {
    let (sender, events) = channel();
    let mut app = App::open(options(dir), sender)?;
    let mut terminal = terminal(width, height)?;
    app.draw(&mut terminal)?;
    // The exact counts come first; idle starts after them.
    loop {
        let incoming = events.recv_timeout(Duration::from_secs(30))?;
        let counted = matches!(&incoming, Incoming::Search(Msg::Totals(_)));
        app.handle(incoming);
        if counted {
            break;
        }
    }
    app.draw(&mut terminal)?;
    let before = cpu_ns()?;
    let started = Instant::now();
    let mut messages = 0;
    while let Some(left) = Duration::from_secs(seconds).checked_sub(started.elapsed()) {
        if let Ok(incoming) = events.recv_timeout(left) {
            messages += 1;
            app.handle(incoming);
            app.draw(&mut terminal)?;
        }
    }
    let used = cpu_ns()?.saturating_sub(before);
    println!(
        "idle           {:.2} ms of CPU over {seconds} s with nothing changing ({messages} \
         messages reached the loop)",
        used as f64 / 1e6
    );
    Ok(())
}

fn verdict(ok: bool, budget: &str) -> String {
    if ok {
        format!(" (budget {budget})")
    } else {
        format!(" (OVER BUDGET: {budget})")
    }
}

/// Runs the start-up in a fresh process, so its memory is its own.
fn first_frame_in_child(dir: &Path, width: u16, height: u16) -> Result<(f64, f64)> {
    let me = std::env::current_exe()?;
    let output = std::process::Command::new(me)
        .args(["--child-first-frame", "--data-dir"])
        .arg(dir)
        .args([
            "--width",
            &width.to_string(),
            "--height",
            &height.to_string(),
        ])
        .output()?;
    if !output.status.success() {
        bail!(
            "start-up run failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().map(str::parse::<f64>);
    match (numbers.next(), numbers.next()) {
        (Some(Ok(ms)), Some(Ok(mb))) => Ok((ms, mb)),
        _ => bail!("start-up run printed {text:?}"),
    }
}

/// Opens the library, draws the first frame, prints milliseconds and peak resident megabytes.
fn child_first_frame(dir: &Path, width: u16, height: u16) -> Result<()> {
    let started = Instant::now();
    let (sender, _events) = channel();
    let mut app = App::open(options(dir), sender)?;
    let mut terminal = terminal(width, height)?;
    app.draw(&mut terminal)?;
    let elapsed = started.elapsed();
    println!("{} {}", elapsed.as_secs_f64() * 1000.0, peak_resident_mb()?);
    Ok(())
}

/// VmHWM from /proc: the most memory this process has held resident.
fn peak_resident_mb() -> Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .context("no VmHWM in /proc/self/status")?;
    Ok(kb / 1024.0)
}

fn key(c: char) -> Incoming {
    Incoming::Terminal(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn special(code: KeyCode) -> Incoming {
    Incoming::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Types each query a key at a time, as a person would who waits for each result: the time from
/// the key to the frame showing its results, and the draw times along the way.
fn typing(dir: &Path, queries: usize, width: u16, height: u16, gap_ms: u64) -> Result<()> {
    let (sender, events) = channel();
    let mut app = App::open(options(dir), sender)?;
    let mut terminal = terminal(width, height)?;
    app.draw(&mut terminal)?;
    let corpus = if Path::new(CONLL).exists() {
        Corpus::from_conll(Path::new(CONLL))?
    } else {
        Corpus::builtin()
    };
    let vocabulary = corpus.vocabulary();
    let mut rng = Rng::new(7);
    let mut key_times = Vec::new();
    let mut draw_times = Vec::new();
    for _ in 0..queries {
        let text = rng.pick(&vocabulary.triples);
        app.handle(key('/'));
        for c in text.chars() {
            let pressed = Instant::now();
            app.handle(key(c));
            let handled = pressed.elapsed();
            let drawn = Instant::now();
            app.draw(&mut terminal)?;
            draw_times.push(drawn.elapsed());
            let waited = Instant::now();
            let applying = wait_for_results(&mut app, &events)?;
            let waited = waited.elapsed();
            let applied = Instant::now();
            app.draw(&mut terminal)?;
            let applied = applied.elapsed();
            key_times.push(pressed.elapsed());
            if std::env::var_os("SCREEN_TRACE").is_some() {
                let ms = |d: Duration| d.as_secs_f64() * 1000.0;
                let view = app.state.view();
                let searched = view
                    .answer
                    .as_ref()
                    .map_or(0.0, |answer| ms(answer.elapsed));
                eprintln!(
                    "{:8.2} ms  {:?}  (key {:.2}, wait {:.2} of which search {:.2} and applying {:.2}, draw {:.2})",
                    ms(pressed.elapsed()),
                    view.source.query_text().unwrap_or_default(),
                    ms(handled),
                    ms(waited),
                    searched,
                    ms(applying),
                    ms(applied),
                );
            }
            // The person reads and reaches for the next key; the count finishes meanwhile.
            let gap = Instant::now();
            while let Some(left) = Duration::from_millis(gap_ms).checked_sub(gap.elapsed()) {
                match events.recv_timeout(left) {
                    Ok(incoming) => {
                        app.handle(incoming);
                    }
                    Err(_) => break,
                }
            }
        }
        app.handle(special(KeyCode::Esc));
        app.draw(&mut terminal)?;
    }
    report("key to frame", &mut key_times, Some(KEY_BUDGET_MS));
    report("typing frame", &mut draw_times, None);
    // A full frame: everything drawn afresh, the reader open beside the list.
    app.handle(special(KeyCode::Enter));
    let mut full = Vec::new();
    for _ in 0..50 {
        app.handle(key('j'));
        // A new terminal has nothing on it, so every cell is drawn.
        let mut blank = self::terminal(width, height)?;
        let started = Instant::now();
        app.draw(&mut blank)?;
        full.push(started.elapsed());
    }
    report("full frame", &mut full, None);
    println!(
        "({} keys typed, {gap_ms} ms between a key's results and the next key; key to frame = key \
         handled, search on the worker thread, results applied, frame drawn)",
        group_digits(key_times.len() as u64)
    );
    Ok(())
}

/// Applies what the worker sends until the answer to the newest query is in; returns how long
/// applying it took.
fn wait_for_results(app: &mut App, events: &Receiver<Incoming>) -> Result<Duration> {
    let mut applying = Duration::ZERO;
    loop {
        let incoming = events
            .recv_timeout(Duration::from_secs(30))
            .context("no search results within 30 s")?;
        let newest = app.state.generation;
        let answered =
            matches!(&incoming, Incoming::Search(Msg::Searched(o)) if o.generation == newest);
        let started = Instant::now();
        app.handle(incoming);
        applying += started.elapsed();
        if answered {
            return Ok(applying);
        }
    }
}

fn report(what: &str, times: &mut [Duration], budget_ms: Option<f64>) {
    times.sort();
    let ms = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let p99 = ms(0.99);
    let budget = budget_ms.map_or(String::new(), |b| {
        verdict(p99 < b, &format!("p99 < {b} ms"))
    });
    println!(
        "{what:<14} p50 {:.2} ms, p95 {:.2}, p99 {p99:.2}, max {:.2} ({} samples){budget}",
        ms(0.5),
        ms(0.95),
        ms(1.0),
        times.len()
    );
}

/// A few hundred generated articles, for the smoke run under `cargo test`.
fn small_library(dir: &Path) -> Result<()> {
    use dateline::import::import_parsed;
    use dateline::ingest::Parsed;
    use dateline::library::Tagging;
    let (mut library, _) = dateline::library::Library::open(dir)?;
    let mut generator = Generator::new(Corpus::builtin(), 1);
    let drafts = (0..300).map(|n| generator.draft(n)).collect();
    let parsed = Parsed {
        drafts,
        ..Parsed::default()
    };
    library.set_tagging(Tagging::Skip);
    import_parsed(&mut library, [Ok(parsed)])?;
    Ok(())
}
