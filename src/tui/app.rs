//! The app: opens the library, runs the loop (block on one channel, drain it, update, draw once),
//! and carries out what `update` asks for.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use super::msg::Incoming;
use super::sgr16::Sgr16;
use super::state::{Settings, State};
use super::terminal::{self, RestoreOnDrop};
use super::threads::{InputGate, spawn_guarded, spawn_input, spawn_signals};
use super::update::{Effect, Msg, update};
use super::view::{self, Look};
use super::watch::{self, spawn_watcher};
use super::worker::SearchWorker;
use super::{data, jobs, pictures};
use crate::config::keymap::Keymap;
use crate::config::theme::{self, ColorDepth};
use crate::config::{Config, Hyperlinks};
use crate::library::{Library, OnProgress};
use crate::pictures::PictureSource;
use crate::store::{Counts, ListOrder};
use ratatui_image::picker::Picker;

/// Everything the screen needs to start.
pub struct Options {
    pub data_dir: PathBuf,
    pub config: Config,
    /// Where user themes live (`<config dir>/themes`).
    pub themes_dir: Option<PathBuf>,
    /// `--theme`, which beats the config's `theme`.
    pub theme: Option<String>,
    /// Messages from loading the config, shown in the status bar.
    pub notices: Vec<String>,
    /// Told how opening the library goes, before the screen takes the terminal.
    pub opening: Option<Opening>,
}

/// Where opening the library is (a rebuild of the index after an upgrade takes minutes at a
/// million articles), told to the command line's bar, and its end, which clears the bar.
pub struct Opening {
    pub progress: OnProgress,
    pub done: Box<dyn FnOnce() + Send>,
}

/// The screen's state with the library it reads and the search worker.
pub struct App {
    pub state: State,
    pub library: Library,
    pub look: Look,
    worker: SearchWorker,
    opener: Option<String>,
    /// The colours the terminal has, which the screen's output is fitted to.
    colors: ColorDepth,
    data_dir: PathBuf,
    /// For the background jobs: filters, per-feed settings, notifications.
    config: Config,
    /// Where background jobs (refresh, full text) report.
    events: Sender<Incoming>,
    /// Dropped with the app, which ends the thread that watches for writes.
    _watching: Sender<()>,
    /// How lead pictures are fetched and drawn; `None` while they are off.
    pictures: Option<(Picker, PictureSource)>,
    /// Stops the key reader while a terminal browser has the terminal.
    input_gate: InputGate,
}

/// Answers to reads that one message may lead to, at most: each answer can ask for the next
/// (rows, then the article they select), and a few rounds settle any message.
const MAX_ROUNDS: usize = 64;

impl App {
    /// Opens the library; search results will arrive on `events`.
    pub fn open(mut options: Options, events: Sender<Incoming>) -> Result<App> {
        let opened = match options.opening.take() {
            Some(Opening { progress, done }) => {
                let opened = Library::open_telling(&options.data_dir, Some(progress));
                done();
                opened
            }
            None => Library::open(&options.data_dir),
        };
        let (mut library, mut notices) = opened?;
        notices.extend(library.set_filters(options.config.filters.clone()));
        let (to_loop, on_failure) = (events.clone(), events.clone());
        let worker = SearchWorker::spawn(
            library.searcher()?,
            move |found| to_loop.send(Incoming::Search(found)).is_ok(),
            move |why| {
                let _ = on_failure.send(Incoming::Stop(why));
            },
        );
        // Counting a million rows costs tens of milliseconds: the first frame uses the estimate
        // and the exact counts follow from the watching thread. What it has seen is taken
        // before the first frame reads anything, so no write after that goes unnoticed.
        let counts = Counts {
            total: library.estimated_total()?,
            unread: 0,
        };
        let watcher = library.searcher()?;
        let seen = watcher.version()?;
        let (watching, stop) = channel();
        spawn_watcher(watcher, seen, events.clone(), stop, watch::INTERVAL);
        // The first searches find the term dictionaries in memory rather than on disk; reading
        // them takes a moment, in the background, and a failure only leaves them cold.
        let warmer = library.searcher()?;
        spawn_guarded("warm", events.clone(), move || {
            let _ = warmer.warm();
        });
        let config = &options.config;
        let source = config
            .source
            .as_ref()
            .map(|s| (s.path.as_path(), s.text.as_str()));
        let (keymap, key_warnings) = Keymap::load(source);
        let depth = ColorDepth::detect();
        let name = options
            .theme
            .as_deref()
            .or(config.theme.as_deref())
            .unwrap_or("default");
        let (theme, theme_warnings) = theme::load(name, options.themes_dir.as_deref(), depth);
        let hyperlinks = match config.hyperlinks {
            Hyperlinks::Always => true,
            Hyperlinks::Never => false,
            Hyperlinks::Auto => terminal_has_hyperlinks(),
        };
        let settings = Settings {
            mark_read_on_open: config.mark_read_on_open,
            order: config.sort,
            unread_only: !config.show_read,
            mouse: config.mouse,
            // On once the terminal has said it shows pictures (`set_pictures`).
            pictures: false,
        };
        let data_dir = options.data_dir.display().to_string();
        let mut state = State::new(counts, keymap, settings, data_dir);
        if counts.total == 0 {
            // An empty store is cheap to list the feeds of.
            state.feeds_unfetched = library.feeds()?.len();
        }
        state.sync_status = jobs::sync_status(&library)?;
        state.counts_exact = false;
        notices.splice(0..0, options.notices);
        notices.extend(key_warnings);
        notices.extend(theme_warnings);
        if let Some(first) = notices.first() {
            // The count first: a long notice is cut at the bar's end.
            let text = match notices.len() {
                1 => first.clone(),
                n => format!("{n} notices, ? lists them; first: {first}"),
            };
            state.complain(text);
        }
        state.notices = notices;
        let stories = config.stories;
        let mut app = App {
            state,
            library,
            look: Look { theme, hyperlinks },
            worker,
            opener: terminal::opener(config.opener.as_deref()),
            colors: depth,
            data_dir: options.data_dir.clone(),
            config: options.config.clone(),
            events,
            _watching: watching,
            pictures: None,
            input_gate: InputGate::default(),
        };
        if app.state.settings.order != ListOrder::Newest || app.state.settings.unread_only {
            app.apply(Msg::StartAsConfigured);
        }
        if stories {
            app.apply(Msg::ShowStories);
        }
        Ok(app)
    }

    /// Draws lead pictures with `picker` (found by `pictures::detect`, or given by a test), or
    /// none with `None`. Pictures are fetched into the data dir's `images/`.
    pub fn set_pictures(&mut self, picker: Option<Picker>) {
        let source = PictureSource::for_data_dir(&self.data_dir);
        self.pictures = picker.map(|picker| (picker, source));
        self.state.settings.pictures = self.pictures.is_some();
        if self.pictures.is_none() {
            self.state.picture = None;
        }
    }

    /// Applies one message, and the answers to the reads it leads to. Searches go to the worker;
    /// what needs the terminal is returned.
    pub fn handle(&mut self, incoming: Incoming) -> Vec<Effect> {
        match incoming {
            Incoming::Terminal(Event::Key(key)) => self.apply(Msg::Key(key)),
            Incoming::Terminal(Event::Paste(text)) => self.apply(Msg::Paste(text)),
            Incoming::Terminal(Event::Mouse(event)) => {
                self.apply(Msg::Mouse(event, std::time::Instant::now()))
            }
            Incoming::Search(msg) => self.apply(msg),
            Incoming::Terminal(_) | Incoming::Stop(_) | Incoming::Signalled(_) => Vec::new(),
        }
    }

    /// Runs `update` on `msg`, carries out the reads and writes it asks for and applies their
    /// answers in turn, all before the next frame: the screen never shows a half-read list.
    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        let mut queue = VecDeque::from([msg]);
        let mut rest = Vec::new();
        let mut rounds = 0;
        while let Some(msg) = queue.pop_front() {
            rounds += 1;
            for effect in update(&mut self.state, msg) {
                match effect {
                    Effect::Data(request) if rounds < MAX_ROUNDS => {
                        queue.push_back(data::answer(&mut self.library, request));
                    }
                    // A list that keeps asking is left as it is until the next message.
                    Effect::Data(_) => {}
                    Effect::Search(request) => self.worker.send(request),
                    Effect::IndexChanged => {
                        self.worker.index_changed();
                        // The reads answered here (the sidebar's counts of saved searches and
                        // tags, a name's page) search the index too.
                        if let Err(error) = self.library.reload() {
                            self.state
                                .complain(format!("reading the search index: {error}"));
                        }
                    }
                    Effect::Refresh(feeds) => self.spawn_refresh(match feeds {
                        Some(ids) => jobs::Feeds::These(ids),
                        None => jobs::Feeds::All,
                    }),
                    Effect::RefreshDue => self.spawn_refresh(jobs::Feeds::Due),
                    Effect::FetchFull(id) => {
                        let (dir, events) = (self.data_dir.clone(), self.events.clone());
                        jobs::spawn_full_text(dir, id, events);
                    }
                    Effect::FetchPicture(request) => {
                        if let Some((picker, source)) = &self.pictures {
                            let (picker, source) = (picker.clone(), source.clone());
                            pictures::spawn_picture(source, picker, request, self.events.clone());
                        }
                    }
                    other => rest.push(other),
                }
            }
        }
        rest
    }

    fn spawn_refresh(&self, feeds: jobs::Feeds) {
        let (dir, events) = (self.data_dir.clone(), self.events.clone());
        jobs::spawn_refresh(dir, self.config.clone(), feeds, events);
    }

    /// Lays out for the terminal's size (telling `update` when sizes changed) and draws a frame.
    pub fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> Result<()>
    where
        B::Error: Send + Sync + 'static,
    {
        // The frame's area is the terminal's size, or the viewport a benchmark or test fixed.
        terminal.autoresize()?;
        let area = terminal.get_frame().area();
        let sizes = view::measure(area, &self.state);
        if sizes != self.state.sizes {
            // A new size can bring more rows into view: they are read before the frame.
            self.apply(Msg::Resized(sizes));
        }
        terminal.draw(|frame| view::draw(frame, &self.state, &self.look))?;
        Ok(())
    }
}

/// The screen ended because of this signal; `main` exits with 128 + its number, as a shell does
/// for a process a signal ended, and says nothing more.
#[derive(Debug, thiserror::Error)]
#[error("stopped by signal {0}")]
pub struct Signalled(pub i32);

/// Runs the screen until the person quits. The terminal is restored on every way out.
pub fn run(options: Options) -> Result<()> {
    let (sender, events) = channel();
    let mut app = App::open(options, sender.clone())?;
    // Before the terminal changes: a signal from then on ends the screen cleanly.
    spawn_signals(sender.clone(), app.input_gate.clone()).context("listening for signals")?;
    // Before the terminal changes, so a half-done start is undone too.
    let _restore = RestoreOnDrop;
    // ratatui's start: raw mode, the alternate screen, and a panic hook that restores them. Its
    // terminal is replaced by one whose output is fitted to the terminal's colours.
    drop(ratatui::try_init().context("starting the screen")?);
    // Asked once, now: the terminal's answer must be read before the key reader starts.
    app.set_pictures(pictures::detect(app.config.images));
    let mut terminal = Terminal::new(CrosstermBackend::new(Sgr16::new(
        terminal::output(),
        app.colors,
    )))
    .context("starting the screen")?;
    let _mouse = app
        .state
        .settings
        .mouse
        .then(terminal::MouseCapture::start)
        .transpose()
        .context("turning the mouse on")?;
    let _paste = terminal::BracketedPaste::start().context("turning bracketed paste on")?;
    spawn_input(sender, app.input_gate.clone());
    app.draw(&mut terminal)?;
    // `refresh_every`: the next refresh is due this long after the screen opened, then after
    // each one started.
    let every = app.config.refresh_every.filter(|every| !every.is_zero());
    let mut next_refresh = every.map(|every| Instant::now() + every);
    loop {
        let first = match (next_refresh, every) {
            (Some(due), Some(every)) => {
                match events.recv_timeout(due.saturating_duration_since(Instant::now())) {
                    Ok(first) => first,
                    Err(RecvTimeoutError::Timeout) => {
                        next_refresh = Some(Instant::now() + every);
                        Incoming::Search(Msg::AutoRefresh)
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
            _ => match events.recv() {
                Ok(first) => first,
                Err(_) => return Ok(()),
            },
        };
        let mut effects = Vec::new();
        // Whatever else is queued is applied before the next frame is drawn.
        for incoming in std::iter::once(first).chain(events.try_iter()) {
            match incoming {
                Incoming::Stop(why) => return Err(anyhow!(why)),
                Incoming::Signalled(signal) => return Err(Signalled(signal).into()),
                _ => {}
            }
            effects.extend(app.handle(incoming));
        }
        for effect in effects {
            if effect == Effect::Quit {
                return Ok(());
            }
            perform(&mut app, &mut terminal, effect)?;
        }
        app.draw(&mut terminal)?;
    }
}

/// The terminal the screen draws on.
type Screen = Terminal<CrosstermBackend<Sgr16<std::io::Stdout>>>;

fn perform(app: &mut App, terminal: &mut Screen, effect: Effect) -> Result<()> {
    match effect {
        Effect::Copy(text) => match terminal::copy(terminal.backend_mut(), &text) {
            Ok(()) => app.state.say(format!("copied {text}")),
            Err(error) => app.state.complain(format!("could not copy: {error}")),
        },
        Effect::OpenUrl(url) => {
            let Some(opener) = app.opener.clone() else {
                app.state.say(format!(
                    "no opener: set $BROWSER or `opener` in config.toml (y copies the link) {url}"
                ));
                return Ok(());
            };
            let events = app.events.clone();
            let (named, link) = (opener.clone(), url.clone());
            let failed = move |why: String| {
                let said = format!("{named} could not open {link}: {why}");
                let _ = events.send(Incoming::Search(Msg::OpenerFailed(said)));
            };
            let in_terminal = terminal::runs_in_terminal(&opener) || app.config.opener_in_terminal;
            match terminal::open(&opener, in_terminal, &url, failed) {
                Ok(terminal::Opened::Outside) => app.state.say(format!("opened {url}")),
                Ok(terminal::Opened::TmuxWindow) => {
                    app.state.say(format!("opened {url} in a new tmux window"));
                }
                Ok(terminal::Opened::NeedsTerminal) => {
                    // The browser has the terminal, and every key, until it ends.
                    app.input_gate.shut(Duration::from_secs(1));
                    let ran = terminal::run_in_foreground(&opener, &url, app.state.settings.mouse);
                    app.input_gate.open();
                    let ran = ran.context("handing the terminal to the browser")?;
                    draw_all_again(terminal)?;
                    match ran.map(terminal::failure) {
                        Ok(None) => app.state.say(format!("back from {opener}")),
                        Ok(Some(why)) => {
                            app.state
                                .complain(format!("{opener} could not open {url}: {why}"));
                        }
                        Err(error) => app.state.complain(format!("{opener}: {error}")),
                    }
                }
                Err(error) => app.state.complain(format!("{opener}: {error}")),
            }
        }
        Effect::Notify(sequence) => {
            use std::io::Write;
            // A notification that cannot be shown is not worth stopping the screen for.
            let out = terminal.backend_mut();
            let _ = out
                .write_all(sequence.as_bytes())
                .and_then(|()| Write::flush(out));
        }
        Effect::Suspend => {
            let mouse = app.state.settings.mouse;
            terminal::suspend(mouse).context("suspending")?;
            draw_all_again(terminal)?;
        }
        Effect::Data(_)
        | Effect::Search(_)
        | Effect::IndexChanged
        | Effect::Refresh(_)
        | Effect::RefreshDue
        | Effect::FetchFull(_)
        | Effect::FetchPicture(_)
        | Effect::Quit => {}
    }
    Ok(())
}

/// After the terminal was another program's (the shell, a browser): what it drew is gone from
/// the screen, so the next frame draws every cell. Not `clear`, which asks the terminal where its
/// cursor is: the key reader would take the answer, and the question waits two seconds and fails.
fn draw_all_again(terminal: &mut Screen) -> Result<()> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// Terminals known to show OSC 8 hyperlinks; elsewhere the link list stays plain text.
fn terminal_has_hyperlinks() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let program = var("TERM_PROGRAM");
    let term = var("TERM");
    if program == "tmux" {
        // tmux passes hyperlinks on from 3.4; 3.3 garbles the cells around them.
        let version = var("TERM_PROGRAM_VERSION");
        let mut parts = version
            .split(|c: char| !c.is_ascii_digit())
            .map(|p| p.parse::<u32>());
        return matches!((parts.next(), parts.next()), (Some(Ok(major)), Some(Ok(minor))) if (major, minor) >= (3, 4));
    }
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper"
    ) || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
        || !var("KITTY_WINDOW_ID").is_empty()
        || !var("WT_SESSION").is_empty()
        || term.contains("kitty")
        || term.starts_with("foot")
        || term.contains("alacritty")
}
