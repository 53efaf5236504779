//! Helpers shared by the integration tests: run the real binary against a temporary data directory.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The fixtures folder of this repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// `../shared/data` beside the repository, when it is there.
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    dir.is_dir().then_some(dir)
}

/// A data directory that lives as long as the test.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Result<Sandbox, std::io::Error> {
        Ok(Sandbox {
            dir: tempfile::tempdir()?,
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The binary with this sandbox's data dir and no user config.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
        cmd.arg("--data-dir")
            .arg(self.data_dir())
            .env_remove("DATELINE_DATA_DIR")
            .env("XDG_CONFIG_HOME", self.data_dir().join("no-config"))
            .env("NO_COLOR", "1");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Result<Output, std::io::Error> {
        self.command().args(args).output()
    }

    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Result<Output, std::io::Error> {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input)?;
        }
        child.wait_with_output()
    }

    /// Runs and parses stdout as JSON, failing with stderr when the command failed.
    pub fn json(&self, args: &[&str]) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        let output = self.run(args)?;
        if !output.status.success() {
            return Err(format!(
                "{args:?} exited {:?}: {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(serde_json::from_slice(&output.stdout)?)
    }

    /// Imports a fixture path and returns the JSON report.
    pub fn import(&self, path: &Path) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        let output = self.run(&["import", "--json", &path.to_string_lossy()])?;
        Ok(serde_json::from_slice(&output.stdout)?)
    }

    /// `show --json` of every imported article, in id order.
    pub fn articles(&self) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
        let list = self.json(&["list", "--json", "--limit", "100000"])?;
        let mut ids: Vec<i64> = list
            .as_array()
            .ok_or("list is not an array")?
            .iter()
            .filter_map(|row| row["id"].as_i64())
            .collect();
        ids.sort();
        ids.iter()
            .map(|id| self.json(&["show", "--json", &id.to_string()]))
            .collect()
    }

    /// The article with this title, as `show --json` gives it.
    pub fn by_title(&self, title: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        self.articles()?
            .into_iter()
            .find(|a| a["title"] == title)
            .ok_or_else(|| format!("no article titled {title:?}").into())
    }
}

/// Paragraphs of a body: blocks separated by a blank line.
pub fn paragraphs(body: &serde_json::Value) -> usize {
    body.as_str()
        .map(|b| b.split("\n\n").filter(|p| !p.trim().is_empty()).count())
        .unwrap_or(0)
}
pub mod httpd;
