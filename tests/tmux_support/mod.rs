//! The end-to-end harness: a private tmux server running a shell, the real binary started in it
//! on an imported fixture library, and checks that the shell is usable again after it exits.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};

use crate::common;

pub const BIN: &str = env!("CARGO_BIN_EXE_dateline");
pub const SESSION: &str = "dateline";
pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 32;
/// How long any expected text may take to appear: a deadline for a loaded machine, never a pause.
pub const TIMEOUT: Duration = Duration::from_secs(30);
pub const POLL: Duration = Duration::from_millis(50);

pub fn tmux_installed() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("tmux is not installed: the end-to-end screen tests are skipped");
    }
    found
}

/// `text` quoted for sh.
pub fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A tmux server of our own (its socket in a temp dir, no user config), with one session running
/// `sh`; the server is killed when this is dropped, whether the test passed or not.
pub struct Tmux {
    socket: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Tmux {
    pub fn start() -> Result<Tmux> {
        let dir = tempfile::tempdir()?;
        let socket = dir.path().join("sock");
        let config = dir.path().join("tmux.conf");
        std::fs::write(
            &config,
            "set -g status off\nset -g default-terminal screen-256color\n",
        )?;
        let tmux = Tmux { socket, dir };
        let config_home = tmux.dir.path().join("config");
        let size = [WIDTH.to_string(), HEIGHT.to_string()];
        let mut start = Command::new("tmux");
        start
            .env_remove("TMUX")
            .arg("-S")
            .arg(&tmux.socket)
            .arg("-f")
            .arg(&config)
            .args([
                "new-session",
                "-d",
                "-s",
                SESSION,
                "-x",
                &size[0],
                "-y",
                &size[1],
            ])
            .args(["-e", "NO_COLOR=", "-e", "COLORTERM=truecolor"])
            .args(["-e", "DATELINE_DATA_DIR=", "-e", "BROWSER="])
            .arg("-e")
            .arg(format!("XDG_CONFIG_HOME={}", config_home.display()))
            .arg("sh");
        checked(start.output()?, "tmux new-session")?;
        tmux.wait_for("the shell's prompt", |screen| !screen.trim().is_empty())?;
        Ok(tmux)
    }

    pub fn command(&self, args: &[&str]) -> Result<Output> {
        let output = Command::new("tmux")
            .env_remove("TMUX")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()?;
        checked(output, &format!("tmux {args:?}"))
    }

    /// Types `text` as it is (no key names).
    pub fn type_text(&self, text: &str) -> Result<()> {
        self.command(&["send-keys", "-t", SESSION, "-l", text])?;
        Ok(())
    }

    /// Presses keys by tmux name (`Enter`, `q`).
    pub fn keys(&self, keys: &[&str]) -> Result<()> {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.command(&args)?;
        Ok(())
    }

    /// Runs a command line in the pane's shell.
    pub fn run(&self, line: &str) -> Result<()> {
        self.type_text(line)?;
        self.keys(&["Enter"])
    }

    /// The pane's text, lines the pane wrapped joined again (`-J`): a long command line echoed
    /// by the shell must read the same wherever the checkout lives and however wide the pane is.
    pub fn capture(&self) -> Result<String> {
        let output = self.command(&["capture-pane", "-p", "-J", "-t", SESSION])?;
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The pane's text with its colours and attributes as escape sequences.
    pub fn capture_styled(&self) -> Result<String> {
        let output = self.command(&["capture-pane", "-p", "-J", "-e", "-t", SESSION])?;
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// A tmux format (`#{alternate_on}`) for the pane.
    pub fn format(&self, format: &str) -> Result<String> {
        let output = self.command(&["display-message", "-p", "-t", SESSION, format])?;
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    /// Polls the pane until `done` holds for its text, and returns that text.
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> Result<String> {
        let started = Instant::now();
        loop {
            let screen = self.capture()?;
            if done(&screen) {
                return Ok(screen);
            }
            if started.elapsed() > TIMEOUT {
                bail!("waited {TIMEOUT:?} for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn wait_for_text(&self, text: &str) -> Result<String> {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text))
    }

    pub fn resize(&self, width: u16, height: u16) -> Result<()> {
        let (w, h) = (width.to_string(), height.to_string());
        self.command(&["resize-window", "-t", SESSION, "-x", &w, "-y", &h])?;
        Ok(())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .env_remove("TMUX")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

pub fn checked(output: Output, what: &str) -> Result<Output> {
    ensure!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(output)
}

/// The real binary run on `data` in a process of its own (not in the pane), as another shell
/// or a cron job would; fails with its stderr when it fails.
pub fn dateline(tmux: &Tmux, data: &Path, args: &[&str]) -> Result<Output> {
    let output = Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("DATELINE_DATA_DIR")
        .env("XDG_CONFIG_HOME", tmux.dir.path().join("config"))
        .output()?;
    checked(output, &format!("dateline {args:?}"))
}

/// Imports a file of `tests/fixtures/screen/` into `data`; returns how many articles it stored.
pub fn import_fixture(tmux: &Tmux, data: &Path, name: &str) -> Result<usize> {
    let file = common::fixtures().join("screen").join(name);
    let output = dateline(tmux, data, &["import", "--json", &file.to_string_lossy()])?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    Ok(report["imported"].as_array().map_or(0, Vec::len))
}

/// A data directory holding the fixture articles, imported by the real binary.
pub fn imported(tmux: &Tmux) -> Result<PathBuf> {
    let data = tmux.dir.path().join("data");
    let imported = import_fixture(tmux, &data, "articles.jsonl")?;
    ensure!(
        imported == 6,
        "imported {imported} of the 6 fixture articles"
    );
    Ok(data)
}

/// Starts the screen in the pane's shell, waits for the list, and returns dateline's process id.
pub fn start_dateline(tmux: &Tmux, data: &Path) -> Result<u32> {
    start_dateline_with(tmux, data, &[])
}

/// Starts the screen with these environment variables set for it (an empty value unsets one).
pub fn start_dateline_with(tmux: &Tmux, data: &Path, env: &[(&str, &str)]) -> Result<u32> {
    start_dateline_showing(tmux, data, env, 6)
}

/// Starts the screen on a store of `articles` articles and waits for its list.
pub fn start_dateline_showing(
    tmux: &Tmux,
    data: &Path,
    env: &[(&str, &str)],
    articles: usize,
) -> Result<u32> {
    let pid_file = tmux.dir.path().join("dateline.pid");
    let _ = std::fs::remove_file(&pid_file);
    let exports: String = env
        .iter()
        .map(|(name, value)| match value {
            &"" => format!("unset {name}; "),
            value => format!("export {name}={}; ", quoted(value)),
        })
        .collect();
    // The shell writes its own id and becomes dateline, so the id is dateline's.
    let script = format!(
        "{exports}echo $$ > {}; exec {} --data-dir {}",
        quoted(&pid_file.to_string_lossy()),
        quoted(BIN),
        quoted(&data.to_string_lossy())
    );
    tmux.run(&format!("sh -c {}", quoted(&script)))?;
    let header = format!(" Articles {articles}");
    tmux.wait_for("the list", |s| s.contains(&header) && s.contains(" LIST "))?;
    let pid = std::fs::read_to_string(&pid_file)?;
    Ok(pid.trim().parse()?)
}

/// True while a process with this id exists.
pub fn running(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Waits until the shell, not dateline, runs in the foreground of the pane (dateline ended or
/// stopped); `failed` says what did not happen in time.
pub fn shell_has_the_pane(tmux: &Tmux, failed: &str) -> Result<()> {
    let started = Instant::now();
    while tmux.format("#{pane_current_command}")? == "dateline" {
        ensure!(started.elapsed() < TIMEOUT, "{failed}");
        std::thread::sleep(POLL);
    }
    Ok(())
}

/// After the screen has quit: a command run in the shell prints its marker (and dateline's exit
/// status), the normal screen is back and nothing of dateline's is left on it.
pub fn shell_is_back(tmux: &Tmux, status: i32) -> Result<()> {
    // Typed while dateline still reads the terminal, the command could go to it instead.
    shell_has_the_pane(tmux, "dateline did not exit")?;
    // The command line shows `$((...))`; only the shell's output shows the sum.
    let marker = std::process::id() % 100_000 + 1;
    tmux.run(&format!("echo exit-$? done-$(({} + 1))", marker - 1))?;
    let screen = tmux.wait_for_text(&format!("exit-{status} done-{marker}"))?;
    for leftover in [
        " Articles 6",
        " LIST ",
        "enter open",
        " READ ",
        "Rotterdam harbour",
    ] {
        ensure!(
            !screen.contains(leftover),
            "{leftover:?} left on the screen:\n{screen}"
        );
    }
    ensure!(
        screen.contains("--data-dir"),
        "the shell's own lines are back:\n{screen}"
    );
    ensure!(
        tmux.format("#{alternate_on}")? == "0",
        "still on the alternate screen"
    );
    ensure!(
        tmux.format("#{cursor_flag}")? == "1",
        "the cursor is still hidden"
    );
    // Raw mode is off: the line discipline echoes and edits lines again.
    tmux.run("stty -a | tr ' ' '\\n' | grep -x -e '-*icanon' -e '-*echo' | tr '\\n' ' '; echo stty-$((40 + 2))")?;
    let screen = tmux.wait_for_text("stty-42")?;
    let modes = screen
        .lines()
        .find(|l| l.contains("stty-42"))
        .unwrap_or_default();
    ensure!(
        modes.contains("icanon echo") && !modes.contains("-icanon") && !modes.contains("-echo"),
        "the terminal is still raw: {modes}"
    );
    Ok(())
}

/// Writes the config the screen and the binary read (`$XDG_CONFIG_HOME/dateline/config.toml`).
pub fn configure(tmux: &Tmux, text: &str) -> Result<()> {
    let dir = tmux.dir.path().join("config").join("dateline");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("config.toml"), text)?;
    Ok(())
}

/// The text of the file at `path` once it is `written` whole (another process writes it).
pub fn wait_for_file(path: &Path, written: impl Fn(&str) -> bool) -> Result<String> {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && written(&text)
        {
            return Ok(text);
        }
        ensure!(
            started.elapsed() < TIMEOUT,
            "{} never written",
            path.display()
        );
        std::thread::sleep(POLL);
    }
}
