//! A real FreshRSS for sync tests and the sync benchmark: started from `../shared/servers/freshrss`
//! in a directory of its own (its own port), stopped when dropped, and a small Google Reader API
//! client to act on it as another reader would (subscribe, mark, count).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

pub mod proxy;

pub type Error = Box<dyn std::error::Error>;

/// FreshRSS tests take turns: each runs PHP servers and fetches, and the machine is small.
static TURN: Mutex<()> = Mutex::new(());

pub fn turn() -> MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The scripts, when `../shared/servers/freshrss` is beside the repository and PHP is installed;
/// otherwise a notice says why the test skips.
pub fn scripts() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/servers/freshrss");
    if !dir.join("start").is_file() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    let php = Command::new("php").arg("--version").output();
    if !php.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: php is not installed (see ../shared/servers/freshrss/README.md)");
        return None;
    }
    Some(dir)
}

/// One running FreshRSS.
pub struct FreshRss {
    scripts: PathBuf,
    pub dir: tempfile::TempDir,
    pub url: String,
    pub greader: String,
    pub user: String,
    pub api_password: String,
}

fn run_script(scripts: &Path, name: &str, dir: &Path) -> Result<String, Error> {
    let output = Command::new(scripts.join(name)).arg(dir).output()?;
    if !output.status.success() {
        return Err(format!(
            "{name} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

impl FreshRss {
    pub fn start(scripts: &Path) -> Result<FreshRss, Error> {
        let dir = tempfile::tempdir()?;
        let line = run_script(scripts, "start", dir.path())?;
        let field = |key: &str| -> Result<String, Error> {
            line.split_whitespace()
                .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
                .map(str::to_string)
                .ok_or_else(|| format!("start printed no {key}=: {line}").into())
        };
        Ok(FreshRss {
            url: field("url")?,
            greader: field("greader")?,
            user: field("user")?,
            api_password: field("api_password")?,
            scripts: scripts.to_path_buf(),
            dir,
        })
    }

    /// Makes the server fetch its subscriptions now.
    pub fn actualize(&self) -> Result<(), Error> {
        run_script(&self.scripts, "actualize", self.dir.path()).map(|_| ())
    }

    pub fn stop(&self) -> Result<(), Error> {
        run_script(&self.scripts, "stop", self.dir.path()).map(|_| ())
    }

    pub fn resume(&self) -> Result<(), Error> {
        run_script(&self.scripts, "resume", self.dir.path()).map(|_| ())
    }

    /// Its logs, for a failure message.
    pub fn logs(&self) -> String {
        let data = self.dir.path().join("FreshRSS/data/users");
        ["_/log_api.txt", "alice/log.txt", "alice/log_api.txt"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(data.join(f)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The port it listens on.
    pub fn port(&self) -> Result<u16, Error> {
        Ok(self.url.rsplit(':').next().ok_or("no port")?.parse()?)
    }

    /// A client of its API, logged in.
    pub fn api(&self) -> Result<Api, Error> {
        Api::login(&self.greader, &self.user, &self.api_password)
    }
}

impl Drop for FreshRss {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Another reader of the same account.
pub struct Api {
    agent: ureq::Agent,
    base: String,
    auth: String,
    token: String,
}

impl Api {
    pub fn login(base: &str, user: &str, password: &str) -> Result<Api, Error> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let body = agent
            .post(&format!("{base}/accounts/ClientLogin"))
            .send_form([("Email", user), ("Passwd", password)])?
            .into_body()
            .read_to_string()?;
        let auth = body
            .lines()
            .find_map(|l| l.strip_prefix("Auth="))
            .ok_or("no Auth")?
            .to_string();
        let mut api = Api {
            agent,
            base: base.to_string(),
            auth,
            token: String::new(),
        };
        api.token = api.get_text("token", &[])?.trim().to_string();
        Ok(api)
    }

    /// The login token: tests check it never shows.
    pub fn auth(&self) -> &str {
        &self.auth
    }

    fn get_text(&self, path: &str, query: &[(&str, &str)]) -> Result<String, Error> {
        let mut request = self
            .agent
            .get(&format!("{}/reader/api/0/{path}", self.base))
            .header("Authorization", &format!("GoogleLogin auth={}", self.auth));
        for (k, v) in query {
            request = request.query(*k, *v);
        }
        Ok(request.call()?.into_body().read_to_string()?)
    }

    pub fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, Error> {
        Ok(serde_json::from_str(&self.get_text(path, query)?)?)
    }

    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<String, Error> {
        let mut form = form.to_vec();
        form.push(("T", &self.token));
        let answer = self
            .agent
            .post(&format!("{}/reader/api/0/{path}", self.base))
            .header("Authorization", &format!("GoogleLogin auth={}", self.auth))
            .send_form(form)?
            .into_body()
            .read_to_string()?;
        if answer.trim() != "OK" {
            return Err(format!("{path} answered {answer}").into());
        }
        Ok(answer)
    }

    /// Subscribes to a feed URL, in a folder.
    pub fn subscribe(&self, url: &str, title: &str, folder: &str) -> Result<(), Error> {
        let stream = format!("feed/{url}");
        let label = format!("user/-/label/{folder}");
        self.post(
            "subscription/edit",
            &[
                ("ac", "subscribe"),
                ("s", &stream),
                ("t", title),
                ("a", &label),
            ],
        )
        .map(|_| ())
    }

    /// Every id in a stream (decimal), `xt` excluded.
    pub fn ids(&self, stream: &str, exclude: Option<&str>) -> Result<Vec<i64>, Error> {
        let mut query = vec![("s", stream), ("n", "100000")];
        if let Some(x) = exclude {
            query.push(("xt", x));
        }
        let answer = self.get("stream/items/ids", &query)?;
        Ok(answer["itemRefs"]
            .as_array()
            .map(|refs| {
                refs.iter()
                    .filter_map(|r| r["id"].as_str()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default())
    }

    pub fn unread(&self) -> Result<Vec<i64>, Error> {
        self.ids(
            "user/-/state/com.google/reading-list",
            Some("user/-/state/com.google/read"),
        )
    }

    pub fn starred(&self) -> Result<Vec<i64>, Error> {
        self.ids("user/-/state/com.google/starred", None)
    }

    pub fn all(&self) -> Result<Vec<i64>, Error> {
        self.ids("user/-/state/com.google/reading-list", None)
    }

    /// Adds (`a`) or removes (`r`) a state on items.
    pub fn edit(&self, ids: &[i64], field: &str, state: &str) -> Result<(), Error> {
        let tag = format!("user/-/state/com.google/{state}");
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        let mut form: Vec<(&str, &str)> = ids.iter().map(|i| ("i", i.as_str())).collect();
        form.push((field, &tag));
        self.post("edit-tag", &form).map(|_| ())
    }

    /// The item contents of every id given (title and id), for checking what was stored.
    pub fn contents(&self, ids: &[i64]) -> Result<Vec<Value>, Error> {
        let mut items = Vec::new();
        for chunk in ids.chunks(200) {
            let ids: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let form: Vec<(&str, &str)> = ids.iter().map(|i| ("i", i.as_str())).collect();
            let text = self
                .agent
                .post(&format!(
                    "{}/reader/api/0/stream/items/contents?output=json",
                    self.base
                ))
                .header("Authorization", &format!("GoogleLogin auth={}", self.auth))
                .send_form(form)?
                .into_body()
                .with_config()
                .limit(256 * 1024 * 1024)
                .read_to_string()?;
            let answer: Value = serde_json::from_str(&text)?;
            items.extend(answer["items"].as_array().cloned().unwrap_or_default());
        }
        Ok(items)
    }
}

/// Waits for `condition` up to `limit`, looking every 20 ms.
pub fn wait_for(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    condition()
}
