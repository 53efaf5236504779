//! Why a fetch failed, in words a person can act on, and the mapping from the HTTP library's errors.

use std::fmt;
use std::io;
use std::time::Duration;

use super::FetchOptions;

/// The longest a server's `Retry-After` holds a feed back.
pub const LONGEST_WAIT: Duration = Duration::from_secs(24 * 3600);

/// A failed fetch. Every message reads on its own after "feed NAME: ".
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The server answered with an error status; `retry_after` is when it asked to be asked again, if it did.
    #[error("the server answered {}{}", Code(*code), Wait(*retry_after))]
    Status {
        code: u16,
        retry_after: Option<Duration>,
    },
    #[error("the response is bigger than the {} limit", Size(*limit))]
    TooLarge { limit: usize },
    #[error("no complete answer within {}", Seconds(*after))]
    Timeout { after: Duration },
    #[error("more than {limit} redirects")]
    TooManyRedirects { limit: usize },
    #[error("redirect loop: sent back to {url}")]
    RedirectLoop { url: String },
    #[error("bad address: {0}")]
    BadUrl(String),
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("secure connection failed: {0}")]
    Tls(String),
    #[error("could not decompress the response: {0}")]
    Decode(String),
    #[error("network error: {0}")]
    Io(String),
}

impl FetchError {
    /// How long to wait before the next try, when the server said: what it asked, but never more
    /// than [`LONGEST_WAIT`], so a date years ahead cannot park a feed for years.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => retry_after.map(|d| d.min(LONGEST_WAIT)),
            _ => None,
        }
    }
}

/// Maps the library's error, keeping the distinctions a person reading a failure list cares about.
pub(crate) fn from_ureq(error: ureq::Error, options: &FetchOptions) -> FetchError {
    use ureq::Timeout as T;
    match error {
        ureq::Error::Timeout(T::Connect | T::Resolve) => FetchError::Connect(format!(
            "no connection within {}",
            Seconds(options.connect_timeout)
        )),
        ureq::Error::Timeout(_) => FetchError::Timeout {
            after: options.total_timeout,
        },
        ureq::Error::Io(e) => from_io(e, options),
        ureq::Error::HostNotFound => FetchError::Connect("host not found".into()),
        ureq::Error::ConnectionFailed => FetchError::Connect("connection failed".into()),
        ureq::Error::BadUri(uri) => FetchError::BadUrl(uri),
        ureq::Error::Tls(message) => FetchError::Tls(message.into()),
        ureq::Error::Rustls(e) => FetchError::Tls(tls_message(&e)),
        ureq::Error::Pem(e) => FetchError::Tls(format!("{e:?}")),
        ureq::Error::Protocol(e) => {
            FetchError::Io(format!("the server's answer is not valid HTTP: {e}"))
        }
        ureq::Error::LargeResponseHeader(size, limit) => FetchError::Io(format!(
            "the response headers are too big ({size} bytes, limit {limit})"
        )),
        other => FetchError::Io(other.to_string()),
    }
}

fn from_io(error: io::Error, options: &FetchOptions) -> FetchError {
    // rustls reports handshake and certificate failures as I/O errors wrapping its own error.
    if let Some(tls) = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
    {
        return FetchError::Tls(tls_message(tls));
    }
    match error.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => FetchError::Timeout {
            after: options.total_timeout,
        },
        io::ErrorKind::ConnectionRefused => FetchError::Connect("connection refused".into()),
        io::ErrorKind::UnexpectedEof => {
            FetchError::Io("the server closed the connection part way".into())
        }
        _ => FetchError::Io(error.to_string()),
    }
}

/// The certificate failures people meet, said plainly; the rest as rustls words them.
fn tls_message(error: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    let plain = match error {
        rustls::Error::InvalidCertificate(problem) => match problem {
            C::UnknownIssuer => "the certificate is not from an authority this system trusts",
            C::Expired | C::ExpiredContext { .. } => "the certificate has expired",
            C::NotValidYet | C::NotValidYetContext { .. } => "the certificate is not valid yet",
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "the certificate is for another site"
            }
            C::Revoked => "the certificate was revoked",
            _ => "",
        },
        _ => "",
    };
    match plain {
        "" => error.to_string(),
        plain => plain.to_string(),
    }
}

/// The usual phrase for the statuses feeds meet; the code alone says enough for the rest.
fn reason(code: u16) -> &'static str {
    match code {
        300 => "Multiple Choices",
        301 | 302 | 303 | 307 | 308 => "(a redirect without a Location)",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// "404 Not Found", or the bare code when it has no well-known phrase.
struct Code(u16);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match reason(self.0) {
            "" => write!(f, "{}", self.0),
            phrase => write!(f, "{} {phrase}", self.0),
        }
    }
}

/// "; retry after 2 min" when the server said when.
struct Wait(Option<Duration>);

impl fmt::Display for Wait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(delay) if delay > LONGEST_WAIT => write!(
                f,
                "; it asked to wait {}, dateline waits at most a day",
                Seconds(delay)
            ),
            Some(delay) => write!(f, "; retry after {}", Seconds(delay)),
            None => Ok(()),
        }
    }
}

/// A duration as a person would say it: "1.5 s", "30 s", "2 min", "3 h".
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.as_secs();
        match secs {
            0..10 if self.0.subsec_millis() != 0 => write!(f, "{:.1} s", self.0.as_secs_f64()),
            0..120 => write!(f, "{secs} s"),
            120..7200 => write!(f, "{} min", secs.div_ceil(60)),
            _ => write!(f, "{} h", secs.div_ceil(3600)),
        }
    }
}

/// A byte count in the largest unit that keeps it whole or nearly: "20 MiB", "64 KiB", "1000 bytes".
struct Size(usize);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: usize = 1024;
        const MIB: usize = 1024 * 1024;
        match self.0 {
            n if n >= MIB && n % MIB == 0 => write!(f, "{} MiB", n / MIB),
            n if n >= MIB => write!(f, "{:.1} MiB", n as f64 / MIB as f64),
            n if n >= KIB && n % KIB == 0 => write!(f, "{} KiB", n / KIB),
            n => write!(f, "{n} bytes"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        let too_many = FetchError::Status {
            code: 429,
            retry_after: Some(Duration::from_secs(120)),
        };
        assert_eq!(
            too_many.to_string(),
            "the server answered 429 Too Many Requests; retry after 2 min"
        );
        let missing = FetchError::Status {
            code: 404,
            retry_after: None,
        };
        assert_eq!(missing.to_string(), "the server answered 404 Not Found");
        let years = FetchError::Status {
            code: 503,
            retry_after: Some(Duration::from_secs(11 * 365 * 24 * 3600)),
        };
        assert_eq!(
            years.to_string(),
            "the server answered 503 Service Unavailable; it asked to wait 96360 h, dateline waits at most a day"
        );
        assert_eq!(years.retry_after(), Some(LONGEST_WAIT));
        let big = FetchError::TooLarge {
            limit: 20 * 1024 * 1024,
        };
        assert_eq!(
            big.to_string(),
            "the response is bigger than the 20 MiB limit"
        );
        let slow = FetchError::Timeout {
            after: Duration::from_millis(1500),
        };
        assert_eq!(slow.to_string(), "no complete answer within 1.5 s");
        assert_eq!(Size(1000).to_string(), "1000 bytes");
        assert_eq!(Size(64 * 1024).to_string(), "64 KiB");
        assert_eq!(Seconds(Duration::from_secs(30)).to_string(), "30 s");
    }
}
