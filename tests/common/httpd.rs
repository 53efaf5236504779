//! A small HTTP/1.1 server on 127.0.0.1 for tests: routes set by the test, keep-alive, one thread per connection,
//! and counters (hits per path, most requests in flight at once) for the tests to assert on.
//! The requests and responses themselves are in httpd/message.rs.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

// A path of its own, relative to this file's folder however this file is reached: the refresh
// benchmark includes this file alone through `#[path]`, which would otherwise look for the module
// beside it rather than in httpd/.
#[path = "httpd/message.rs"]
mod message;

use message::encode;
pub use message::{Encoding, Request, Response};

/// A connection with nothing to say for this long is closed, so no thread outlives its test for long.
const IDLE: Duration = Duration::from_secs(10);
/// Request heads beyond this are refused: the clients under test send a few hundred bytes.
const MAX_HEAD: usize = 64 * 1024;

/// A route and its body as sent on the wire, compressed once when the route is set.
struct Route {
    response: Response,
    wire: Vec<u8>,
}

impl Route {
    fn new(response: Response) -> Route {
        let wire = encode(&response.body, response.encoding);
        Route { response, wire }
    }
}

#[derive(Default)]
struct Shared {
    routes: Mutex<HashMap<String, Arc<Route>>>,
    hits: Mutex<HashMap<String, usize>>,
    last: Mutex<HashMap<String, Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    connections: AtomicUsize,
    max_connections: AtomicUsize,
}

/// The running server; it stops accepting when dropped.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on a free port of 127.0.0.1.
    pub fn start() -> io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            thread::Builder::new()
                .name("httpd-accept".into())
                .spawn(move || accept(listener, shared, stop))?
        };
        Ok(Server {
            addr,
            shared,
            stop,
            acceptor: Some(acceptor),
        })
    }

    /// Sets what `path` answers (an exact request target, or a path matched whatever its query).
    pub fn route(&self, path: &str, response: Response) {
        lock(&self.shared.routes).insert(path.to_string(), Arc::new(Route::new(response)));
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Requests served for `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.shared.hits).get(path).copied().unwrap_or(0)
    }

    /// Requests served for every path together.
    pub fn total_hits(&self) -> usize {
        lock(&self.shared.hits).values().sum()
    }

    /// The last request made for `path`, to check what the client sent.
    pub fn last_request(&self, path: &str) -> Option<Request> {
        lock(&self.shared.last).get(path).cloned()
    }

    /// The most requests that were being answered at the same moment.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// The most connections that were open at the same moment, idle keep-alive ones included.
    pub fn max_connections(&self) -> usize {
        self.shared.max_connections.load(Ordering::SeqCst)
    }

    /// Forgets hits and maxima, e.g. between a first and a second refresh.
    pub fn reset_counts(&self) {
        lock(&self.shared.hits).clear();
        self.shared.max_in_flight.store(0, Ordering::SeqCst);
        let open = self.shared.connections.load(Ordering::SeqCst);
        self.shared.max_connections.store(open, Ordering::SeqCst);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // accept() blocks; one last connection wakes it to see the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Test code never leaves these maps half-updated, so a lock poisoned by a failed assertion elsewhere is fine.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Raises a counter and records its peak; the returned guard lowers it again however the work ends.
struct Count<'a>(&'a AtomicUsize);

impl<'a> Count<'a> {
    fn enter(now: &'a AtomicUsize, peak: &AtomicUsize) -> Count<'a> {
        let inside = now.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(inside, Ordering::SeqCst);
        Count(now)
    }
}

impl Drop for Count<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept(listener: TcpListener, shared: Arc<Shared>, stop: Arc<AtomicBool>) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        // A connection whose thread cannot start is dropped, which the client sees as a reset.
        let _ = thread::Builder::new()
            .name("httpd-conn".into())
            .spawn(move || {
                let _open = Count::enter(&shared.connections, &shared.max_connections);
                let _ = serve(stream, &shared);
            });
    }
}

/// Answers requests on one connection until either side closes it.
fn serve(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    while let Some((request, keep_alive)) = read_request(&mut reader)? {
        let _busy = Count::enter(&shared.in_flight, &shared.max_in_flight);
        let close = answer(&request, &mut writer, shared)? || !keep_alive;
        if close {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
    Ok(())
}

/// Reads one request head (and skips any body). None when the client closed the connection between requests.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<(Request, bool)>> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let [method, target, version] = words[..] else {
        return Err(bad("bad request line"));
    };
    let (mut request, http10) = (Request::new(method, target), version == "HTTP/1.0");
    let mut size = line.len();
    loop {
        line.clear();
        size += reader.read_line(&mut line)?;
        if size > MAX_HEAD {
            return Err(bad("request head too big"));
        }
        match line.trim_end_matches(['\r', '\n']).split_once(':') {
            Some((name, value)) => request
                .headers
                .push((name.trim().into(), value.trim().into())),
            None if line.trim().is_empty() => break,
            None => return Err(bad("bad header line")),
        }
    }
    let length = request
        .header("content-length")
        .and_then(|v| v.parse().ok());
    io::copy(
        &mut reader.by_ref().take(length.unwrap_or(0)),
        &mut io::sink(),
    )?;
    let connection = request
        .header("connection")
        .unwrap_or_default()
        .to_ascii_lowercase();
    // HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 closes unless told otherwise.
    let keep_alive = if http10 {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    Ok(Some((request, keep_alive)))
}

/// Writes the answer to one request; true when the connection should close after it.
fn answer(request: &Request, out: &mut TcpStream, shared: &Shared) -> io::Result<bool> {
    let path = request.target.split('?').next().unwrap_or_default();
    let found = {
        let routes = lock(&shared.routes);
        [request.target.as_str(), path].into_iter().find_map(|key| {
            routes
                .get(key)
                .map(|route| (key.to_string(), Arc::clone(route)))
        })
    };
    let (key, route) = found.unwrap_or_else(|| {
        let missing = Response::status(404).body("no such route");
        (path.to_string(), Arc::new(Route::new(missing)))
    });
    *lock(&shared.hits).entry(key.clone()).or_insert(0) += 1;
    lock(&shared.last).insert(key, request.clone());
    let response = &route.response;
    if let Some(delay) = response.delay {
        thread::sleep(delay);
    }
    let not_modified = response.not_modified(request);
    // The reason phrase may be empty (RFC 9112 §4), and clients never read it.
    let mut head = format!(
        "HTTP/1.1 {} \r\n",
        if not_modified { 304 } else { response.status }
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !not_modified {
        let coding = response.encoding.map(|e| match e {
            Encoding::Gzip => "gzip",
            Encoding::Deflate => "deflate",
            Encoding::Brotli => "br",
        });
        if let Some(coding) = coding {
            head.push_str(&format!("Content-Encoding: {coding}\r\n"));
        }
        if !response.no_length {
            head.push_str(&format!("Content-Length: {}\r\n", route.wire.len()));
        }
    }
    if response.close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    let body: &[u8] = if not_modified || request.method == "HEAD" {
        &[]
    } else {
        &route.wire
    };
    match response.trickle {
        Some((chunk, every)) => {
            for piece in body.chunks(chunk) {
                out.write_all(piece)?;
                out.flush()?;
                thread::sleep(every);
            }
        }
        None => out.write_all(body)?,
    }
    out.flush()?;
    Ok(response.close)
}
