//! A small blocking client for the Google Reader API (as FreshRSS, Miniflux, Inoreader and The Old
//! Reader speak it) on the same HTTP stack as the feed fetcher (ureq, rustls).
//!
//! The login token and the write token are [`Secret`]s: they are sent in headers and form bodies
//! and never put in a URL, an error or a log line. A 401 on a call logs in again once (the
//! token has expired) and repeats the call; the new token is handed back through
//! [`Client::take_renewed`] to be kept.

use std::time::Duration;

use ureq::tls::{RootCerts, TlsConfig};
use url::Url;

use super::SyncError;
use crate::fetch::{FetchOptions, error::from_ureq, user_agent};

/// A value that must never be shown: its `Debug` says so instead.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[hidden]")
    }
}

/// Gets the password when the server asks for a login.
pub type PasswordFn<'a> = dyn FnMut() -> Result<Secret, SyncError> + 'a;

/// Largest answer taken from the server (a page of 10,000 ids is well under 1 MB; a page of
/// item contents a few MB).
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// Requests made and bytes sent and received: what a test asserts "small" on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Traffic {
    pub requests: usize,
    pub bytes_sent: usize,
    pub bytes_received: usize,
}

/// One session with one account's server.
pub struct Client<'a> {
    agent: ureq::Agent,
    /// The API's address without a trailing slash.
    base: String,
    user: String,
    auth: Option<Secret>,
    write_token: Option<Secret>,
    password: Box<PasswordFn<'a>>,
    renewed: Option<Secret>,
    options: FetchOptions,
    pub traffic: Traffic,
}

enum Answer {
    Body(Vec<u8>),
    Unauthorized,
}

impl<'a> Client<'a> {
    /// A client for the API at `base`, starting from a kept login token if there is one.
    pub fn new(
        base: &str,
        user: &str,
        token: Option<Secret>,
        password: Box<PasswordFn<'a>>,
        timeout: Duration,
    ) -> Client<'a> {
        let options = FetchOptions {
            total_timeout: timeout,
            ..FetchOptions::default()
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(user_agent())
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.total_timeout))
            .max_redirects(3)
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::PlatformVerifier)
                    .build(),
            )
            .build();
        Client {
            agent: config.into(),
            base: base.trim_end_matches('/').to_string(),
            user: user.to_string(),
            auth: token,
            write_token: None,
            password,
            renewed: None,
            options,
            traffic: Traffic::default(),
        }
    }

    /// A login token got during this session (the first, or a renewal), to be kept.
    pub fn take_renewed(&mut self) -> Option<Secret> {
        self.renewed.take()
    }

    /// Logs in with the user name and password (`accounts/ClientLogin`).
    pub fn login(&mut self) -> Result<(), SyncError> {
        let password = (self.password)()?;
        let user = self.user.clone();
        let form = [("Email", user.as_str()), ("Passwd", password.expose())];
        let url = self.url("accounts/ClientLogin", &[])?;
        let body = match self.send(&url, Some(&form), false, "the login")? {
            Answer::Body(body) => body,
            Answer::Unauthorized => return Err(SyncError::BadPassword),
        };
        let text = String::from_utf8_lossy(&body);
        let auth = text
            .lines()
            .find_map(|line| line.strip_prefix("Auth="))
            .map(str::trim)
            .filter(|auth| !auth.is_empty())
            .ok_or_else(|| SyncError::BadAnswer {
                what: "the login",
                reason: "no Auth= line".into(),
            })?;
        let auth = Secret::new(auth.to_string());
        self.auth = Some(auth.clone());
        self.renewed = Some(auth);
        self.write_token = None;
        Ok(())
    }

    /// A GET of `path` under `reader/api/0/`, logging in first or again when needed.
    pub fn get(
        &mut self,
        path: &str,
        query: &[(&str, &str)],
        what: &'static str,
    ) -> Result<Vec<u8>, SyncError> {
        let url = self.url(&format!("reader/api/0/{path}"), query)?;
        self.authorised(&url, None, what)
    }

    /// A POST of a form to `path` under `reader/api/0/`, with the write token (`T`).
    pub fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        what: &'static str,
    ) -> Result<Vec<u8>, SyncError> {
        let url = self.url(&format!("reader/api/0/{path}"), &[])?;
        for attempt in 0..2 {
            let token = self.write_token()?;
            let mut with_token: Vec<(&str, &str)> = form.to_vec();
            with_token.push(("T", token.expose()));
            match self.with_auth(&url, Some(&with_token), what)? {
                Answer::Body(body) => return Ok(body),
                Answer::Unauthorized if attempt == 0 => {
                    // The write token or the login has expired: both are asked for again.
                    self.write_token = None;
                    self.login()?;
                }
                Answer::Unauthorized => break,
            }
        }
        Err(SyncError::TokenRefused)
    }

    /// A read-only POST (item contents: many ids do not fit a URL).
    pub fn post_read(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        what: &'static str,
    ) -> Result<Vec<u8>, SyncError> {
        let url = self.url(&format!("reader/api/0/{path}"), &[("output", "json")])?;
        self.authorised(&url, Some(form), what)
    }

    fn write_token(&mut self) -> Result<Secret, SyncError> {
        if let Some(token) = &self.write_token {
            return Ok(token.clone());
        }
        let body = self.get("token", &[], "the write token")?;
        let token = String::from_utf8_lossy(&body).trim().to_string();
        let token = Secret::new(token);
        self.write_token = Some(token.clone());
        Ok(token)
    }

    fn authorised(
        &mut self,
        url: &Url,
        form: Option<&[(&str, &str)]>,
        what: &'static str,
    ) -> Result<Vec<u8>, SyncError> {
        if self.auth.is_none() {
            self.login()?;
        }
        match self.with_auth(url, form, what)? {
            Answer::Body(body) => Ok(body),
            Answer::Unauthorized => {
                self.login()?;
                match self.with_auth(url, form, what)? {
                    Answer::Body(body) => Ok(body),
                    Answer::Unauthorized => Err(SyncError::TokenRefused),
                }
            }
        }
    }

    fn with_auth(
        &mut self,
        url: &Url,
        form: Option<&[(&str, &str)]>,
        what: &'static str,
    ) -> Result<Answer, SyncError> {
        if self.auth.is_none() {
            self.login()?;
        }
        self.send(url, form, true, what)
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, SyncError> {
        let mut url = Url::parse(&format!("{}/{path}", self.base))
            .map_err(|e| SyncError::BadAddress(e.to_string()))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// One request. Its URL holds no secret; the form may, and is never shown.
    fn send(
        &mut self,
        url: &Url,
        form: Option<&[(&str, &str)]>,
        authorised: bool,
        what: &'static str,
    ) -> Result<Answer, SyncError> {
        let header = match (&self.auth, authorised) {
            (Some(auth), true) => Some(format!("GoogleLogin auth={}", auth.expose())),
            _ => None,
        };
        let sent_head = url.as_str().len() + header.as_ref().map_or(0, String::len);
        let result = match form {
            Some(form) => {
                let body = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(form)
                    .finish();
                self.traffic.bytes_sent += sent_head + body.len();
                let mut request = self
                    .agent
                    .post(url.as_str())
                    .header("Content-Type", "application/x-www-form-urlencoded");
                if let Some(header) = &header {
                    request = request.header("Authorization", header.as_str());
                }
                request.send(body.as_bytes())
            }
            None => {
                self.traffic.bytes_sent += sent_head;
                let mut request = self.agent.get(url.as_str());
                if let Some(header) = &header {
                    request = request.header("Authorization", header.as_str());
                }
                request.call()
            }
        };
        self.traffic.requests += 1;
        let fetch = |e| SyncError::Network {
            what,
            source: from_ureq(e, &self.options),
        };
        let response = result.map_err(fetch)?;
        let status = response.status().as_u16();
        if status == 401 {
            return Ok(Answer::Unauthorized);
        }
        if !(200..300).contains(&status) {
            return Err(SyncError::Status { code: status, what });
        }
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(|e| SyncError::Network {
                what,
                source: from_ureq(e, &self.options),
            })?;
        self.traffic.bytes_received += body.len();
        Ok(Answer::Body(body))
    }
}
