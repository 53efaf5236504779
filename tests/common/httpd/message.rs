//! What the test server of tests/common/httpd.rs reads and sends: the requests it reads, the
//! responses a test sets for its routes (with validators, delays and compression), and the bodies
//! compressed for the wire.

use std::io::Write;
use std::time::Duration;

/// How a route's body is compressed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gzip,
    Deflate,
    Brotli,
}

/// What a route answers. Built with the methods below, e.g. `Response::ok(body).header(..).etag(..)`.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) encoding: Option<Encoding>,
    pub(super) delay: Option<Duration>,
    pub(super) trickle: Option<(usize, Duration)>,
    etag: Option<String>,
    last_modified: Option<String>,
    pub(super) close: bool,
    pub(super) no_length: bool,
}

impl Response {
    pub fn ok(body: impl Into<Vec<u8>>) -> Response {
        Response::status(200).body(body)
    }

    /// A response with this status and an empty body.
    pub fn status(status: u16) -> Response {
        Response {
            status,
            ..Response::default()
        }
    }

    /// A redirect with this status to `location` (absolute or relative, sent as given).
    pub fn redirect(status: u16, location: &str) -> Response {
        Response::status(status).header("Location", location)
    }

    pub fn body(self, body: impl Into<Vec<u8>>) -> Response {
        Response {
            body: body.into(),
            ..self
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Compresses the body on the wire and says so in Content-Encoding, whatever the client accepts.
    pub fn encoded(self, encoding: Encoding) -> Response {
        Response {
            encoding: Some(encoding),
            ..self
        }
    }

    pub fn gzip(self) -> Response {
        self.encoded(Encoding::Gzip)
    }

    pub fn deflate(self) -> Response {
        self.encoded(Encoding::Deflate)
    }

    pub fn brotli(self) -> Response {
        self.encoded(Encoding::Brotli)
    }

    /// Waits this long before sending anything.
    pub fn delay(self, delay: Duration) -> Response {
        Response {
            delay: Some(delay),
            ..self
        }
    }

    /// Sends the body `chunk` bytes at a time with a pause between: a slow server.
    pub fn trickle(self, chunk: usize, every: Duration) -> Response {
        Response {
            trickle: Some((chunk.max(1), every)),
            ..self
        }
    }

    /// Sends this ETag, and answers 304 when the request's If-None-Match names it.
    pub fn etag(mut self, etag: &str) -> Response {
        self.etag = Some(etag.to_string());
        self.header("ETag", etag)
    }

    /// Sends this Last-Modified, and answers 304 when the request's If-Modified-Since repeats it.
    pub fn last_modified(mut self, date: &str) -> Response {
        self.last_modified = Some(date.to_string());
        self.header("Last-Modified", date)
    }

    /// Closes the connection after this response.
    pub fn close(self) -> Response {
        Response {
            close: true,
            ..self
        }
    }

    /// Sends no Content-Length: the body ends when the connection closes, so its size is known only once read.
    pub fn no_length(self) -> Response {
        Response {
            no_length: true,
            close: true,
            ..self
        }
    }

    /// True when the request's validators match, so the answer is a 304.
    pub(super) fn not_modified(&self, request: &Request) -> bool {
        let sent_etags = request
            .header("if-none-match")
            .unwrap_or_default()
            .split(',');
        let etag = self.etag.as_deref().is_some_and(|etag| {
            sent_etags
                .map(str::trim)
                .any(|sent| sent == etag || sent == "*")
        });
        let date = self.last_modified.as_deref();
        etag || (date.is_some() && request.header("if-modified-since").map(str::trim) == date)
    }
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub(super) fn new(method: &str, target: &str) -> Request {
        Request {
            method: method.to_string(),
            target: target.to_string(),
            headers: Vec::new(),
        }
    }

    /// The first header of that name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The body as sent on the wire for this encoding.
pub(super) fn encode(body: &[u8], encoding: Option<Encoding>) -> Vec<u8> {
    let result = match encoding {
        None => return body.to_vec(),
        Some(Encoding::Gzip) => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(body).and_then(|()| encoder.finish())
        }
        // HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2).
        Some(Encoding::Deflate) => {
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(body).and_then(|()| encoder.finish())
        }
        Some(Encoding::Brotli) => {
            let mut out = Vec::new();
            let written = {
                let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                encoder.write_all(body).and_then(|()| encoder.flush())
            };
            written.map(|()| out)
        }
    };
    // Writing into a Vec cannot fail; an empty body would show up at once as a failed decode in the test.
    result.unwrap_or_default()
}
