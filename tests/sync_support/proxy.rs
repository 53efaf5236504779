//! A proxy in front of a real FreshRSS that breaks chosen answers: an error status, an answer
//! cut short, or an item left out of a contents answer (a server that forgets an item). Every
//! other request goes through untouched. One request per connection (`Connection: close`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// What to do to answers whose path contains `path`.
#[derive(Debug, Clone)]
pub enum Fault {
    Status(u16),
    /// Send the headers and half the body, then close.
    Cut,
    /// Leave the first item out of `items`.
    Forget,
    /// Take the request and never answer: hold the connection until the client drops it.
    Stall,
}

#[derive(Default)]
struct Faults(Mutex<Vec<(String, Fault)>>);

pub struct Proxy {
    port: u16,
    faults: Arc<Faults>,
}

impl Proxy {
    /// A proxy to `upstream` (`http://127.0.0.1:PORT`) on a free port.
    pub fn start(upstream: &str) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let faults = Arc::new(Faults::default());
        let (shared, upstream) = (Arc::clone(&faults), upstream.to_string());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (faults, upstream) = (Arc::clone(&shared), upstream.clone());
                thread::spawn(move || {
                    let _ = serve(stream, &upstream, &faults);
                });
            }
        });
        Ok(Proxy { port, faults })
    }

    /// The proxy's address for FreshRSS's Google Reader API.
    pub fn greader(&self) -> String {
        format!("http://127.0.0.1:{}/api/greader.php", self.port)
    }

    pub fn fail(&self, path: &str, fault: Fault) {
        let mut faults = self.faults.0.lock().unwrap_or_else(PoisonError::into_inner);
        faults.push((path.to_string(), fault));
    }

    pub fn heal(&self) {
        self.faults
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

fn serve(stream: TcpStream, upstream: &str, faults: &Faults) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or("GET").to_string(),
        parts.next().unwrap_or("/").to_string(),
    );
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end().to_string();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let fault = {
        let faults = faults.0.lock().unwrap_or_else(PoisonError::into_inner);
        faults
            .iter()
            .find(|(path, _)| target.contains(path.as_str()))
            .map(|(_, f)| f.clone())
    };
    let mut out = stream;
    if let Some(Fault::Stall) = fault {
        return std::io::copy(&mut reader, &mut std::io::sink()).map(|_| ());
    }
    if let Some(Fault::Status(code)) = fault {
        return write!(
            out,
            "HTTP/1.1 {code} Broken\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{upstream}{target}");
    let mut request = ureq::http::Request::builder()
        .method(method.as_str())
        .uri(&url);
    for (name, value) in &headers {
        if !name.eq_ignore_ascii_case("host") && !name.eq_ignore_ascii_case("content-length") {
            request = request.header(name, value);
        }
    }
    let request = request.body(body).map_err(std::io::Error::other)?;
    let response = agent.run(request).map_err(std::io::Error::other)?;
    let status = response.status().as_u16();
    let mut answer = response
        .into_body()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_vec()
        .map_err(std::io::Error::other)?;
    if let Some(Fault::Forget) = fault
        && let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&answer)
    {
        if let Some(items) = json["items"].as_array_mut()
            && !items.is_empty()
        {
            items.remove(0);
        }
        answer = serde_json::to_vec(&json).map_err(std::io::Error::other)?;
    }
    let sent = match fault {
        Some(Fault::Cut) => answer.len() / 2,
        _ => answer.len(),
    };
    write!(
        out,
        "HTTP/1.1 {status} Proxied\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        answer.len()
    )?;
    out.write_all(&answer[..sent])?;
    out.flush()
}
