//! The HTTP client against a real server on 127.0.0.1: statuses, validators, redirects, timeouts, caps,
//! compression and per-host politeness.

mod common;

use std::time::{Duration, Instant};

use common::TestResult;
use common::httpd::{Response, Server};
use dateline::fetch::{
    Conditional, FetchError, FetchOptions, Fetched, Fetcher, Outcome, looks_like_feed,
};

const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test feed</title><link>http://example.org/</link>
<item><title>First</title><guid>1</guid><description>One</description></item>
</channel></rss>
"#;

/// Short limits so the slow cases take about a second.
fn quick() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_secs(1),
        max_body: 64 * 1024,
        max_redirects: 5,
        per_host: 2,
    }
}

fn fetch(server: &Server, path: &str) -> Result<Fetched, FetchError> {
    Fetcher::new(quick()).get(&server.url(path), &Conditional::default())
}

fn rss() -> Response {
    Response::ok(RSS).header("Content-Type", "application/rss+xml; charset=utf-8")
}

#[test]
fn a_feed_comes_back_with_its_type_and_we_say_who_we_are() -> TestResult {
    let server = Server::start()?;
    server.route("/feed.xml", rss());
    let fetched = fetch(&server, "/feed.xml")?;
    assert_eq!(fetched.body(), Some(RSS.as_bytes()));
    assert_eq!(
        fetched.content_type(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert_eq!(fetched.final_url, server.url("/feed.xml"));
    assert_eq!(fetched.moved_permanently_to, None);
    let request = server
        .last_request("/feed.xml")
        .ok_or("no request recorded")?;
    let agent = request.header("user-agent").unwrap_or_default();
    assert!(
        agent.starts_with(concat!("dateline/", env!("CARGO_PKG_VERSION"), " (")),
        "{agent}"
    );
    let accepted = request.header("accept-encoding").unwrap_or_default();
    for coding in ["gzip", "deflate", "br"] {
        assert!(accepted.contains(coding), "{accepted}");
    }
    assert_eq!(request.header("if-none-match"), None);
    Ok(())
}

#[test]
fn a_second_fetch_with_the_etag_is_not_modified() -> TestResult {
    let server = Server::start()?;
    server.route("/feed.xml", rss().etag("\"v1\""));
    let fetcher = Fetcher::new(quick());
    let first = fetcher.get(&server.url("/feed.xml"), &Conditional::default())?;
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    let stored = Conditional {
        etag: first.etag,
        last_modified: first.last_modified,
    };
    let second = fetcher.get(&server.url("/feed.xml"), &stored)?;
    assert_eq!(second.outcome, Outcome::NotModified);
    assert_eq!(second.etag.as_deref(), Some("\"v1\""));
    assert_eq!(server.hits("/feed.xml"), 2);
    let request = server
        .last_request("/feed.xml")
        .ok_or("no request recorded")?;
    assert_eq!(request.header("if-none-match"), Some("\"v1\""));
    Ok(())
}

#[test]
fn a_second_fetch_with_last_modified_is_not_modified() -> TestResult {
    let server = Server::start()?;
    let date = "Wed, 21 Oct 2015 07:28:00 GMT";
    server.route("/feed.xml", rss().last_modified(date));
    let fetcher = Fetcher::new(quick());
    let first = fetcher.get(&server.url("/feed.xml"), &Conditional::default())?;
    assert_eq!(first.last_modified.as_deref(), Some(date));
    assert_eq!(first.etag, None);
    let stored = Conditional {
        etag: None,
        last_modified: first.last_modified,
    };
    let second = fetcher.get(&server.url("/feed.xml"), &stored)?;
    assert_eq!(second.outcome, Outcome::NotModified);
    // A 304 without validators of its own keeps those that were sent.
    assert_eq!(second.last_modified.as_deref(), Some(date));
    Ok(())
}

#[test]
fn permanent_redirects_report_the_new_address() -> TestResult {
    let server = Server::start()?;
    server.route("/old", Response::redirect(301, "/older"));
    server.route("/older", Response::redirect(308, &server.url("/feed.xml")));
    server.route("/feed.xml", rss());
    let fetched = fetch(&server, "/old")?;
    assert_eq!(fetched.body(), Some(RSS.as_bytes()));
    assert_eq!(fetched.final_url, server.url("/feed.xml"));
    assert_eq!(fetched.moved_permanently_to, Some(server.url("/feed.xml")));
    Ok(())
}

#[test]
fn temporary_redirects_keep_the_stored_address() -> TestResult {
    let server = Server::start()?;
    server.route("/today", Response::redirect(302, "/feed.xml"));
    server.route("/moved", Response::redirect(301, "/today"));
    server.route("/feed.xml", rss());
    let fetched = fetch(&server, "/today")?;
    assert_eq!(fetched.final_url, server.url("/feed.xml"));
    assert_eq!(fetched.moved_permanently_to, None);
    // 301 then 302: the permanent part of the chain is what the caller should store.
    let fetched = fetch(&server, "/moved")?;
    assert_eq!(fetched.final_url, server.url("/feed.xml"));
    assert_eq!(fetched.moved_permanently_to, Some(server.url("/today")));
    Ok(())
}

#[test]
fn a_redirect_loop_is_named() -> TestResult {
    let server = Server::start()?;
    server.route("/a", Response::redirect(302, "/b"));
    server.route("/b", Response::redirect(301, "/a"));
    match fetch(&server, "/a") {
        Err(FetchError::RedirectLoop { url }) => assert_eq!(url, server.url("/a")),
        other => return Err(format!("expected a loop, got {other:?}").into()),
    }
    assert_eq!(server.hits("/a"), 1);
    Ok(())
}

#[test]
fn five_redirects_are_followed_and_six_are_too_many() -> TestResult {
    let server = Server::start()?;
    for step in 1..=6 {
        server.route(
            &format!("/r{step}"),
            Response::redirect(302, &format!("/r{}", step + 1)),
        );
    }
    server.route("/r7", rss());
    let five = fetch(&server, "/r2")?;
    assert_eq!(five.final_url, server.url("/r7"));
    match fetch(&server, "/r1") {
        Err(error @ FetchError::TooManyRedirects { limit: 5 }) => {
            assert_eq!(error.to_string(), "more than 5 redirects")
        }
        other => return Err(format!("expected too many redirects, got {other:?}").into()),
    }
    Ok(())
}

#[test]
fn error_statuses_are_reported() -> TestResult {
    let server = Server::start()?;
    server.route("/broken", Response::status(500).body("oops"));
    for (path, code) in [("/missing", 404), ("/broken", 500)] {
        match fetch(&server, path) {
            Err(FetchError::Status {
                code: got,
                retry_after: None,
            }) => assert_eq!(got, code),
            other => return Err(format!("{path}: expected {code}, got {other:?}").into()),
        }
    }
    Ok(())
}

#[test]
fn retry_after_in_seconds_and_as_a_date() -> TestResult {
    let server = Server::start()?;
    server.route("/busy", Response::status(429).header("Retry-After", "120"));
    let later = chrono::Utc::now() + chrono::Duration::seconds(90);
    let date = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    server.route("/down", Response::status(503).header("Retry-After", &date));
    let busy = fetch(&server, "/busy")
        .err()
        .ok_or("429 was taken as success")?;
    assert!(
        matches!(busy, FetchError::Status { code: 429, retry_after: Some(d) } if d == Duration::from_secs(120)),
        "{busy:?}"
    );
    assert!(busy.to_string().contains("retry after 2 min"), "{busy}");
    let down = fetch(&server, "/down")
        .err()
        .ok_or("503 was taken as success")?;
    let FetchError::Status { code: 503, .. } = down else {
        return Err(format!("expected 503, got {down:?}").into());
    };
    let delay = down.retry_after().ok_or("no delay read from the date")?;
    assert!(
        (Duration::from_secs(80)..=Duration::from_secs(91)).contains(&delay),
        "{delay:?}"
    );
    Ok(())
}

/// Fetches `path` and checks it timed out after about the 1 s of [`quick`].
fn times_out(server: &Server, path: &str) -> TestResult {
    let started = Instant::now();
    let result = fetch(server, path);
    let took = started.elapsed();
    assert!(
        matches!(result, Err(FetchError::Timeout { .. })),
        "{result:?}"
    );
    assert!(took < Duration::from_millis(1800), "took {took:?}");
    Ok(())
}

#[test]
fn a_server_that_trickles_hits_the_total_timeout() -> TestResult {
    let server = Server::start()?;
    // 10 KB at 200 bytes every 50 ms would take 2.5 s: each read is quick, only the total is too long.
    let slow = rss().body(vec![b' '; 10_000]);
    server.route("/slow.xml", slow.trickle(200, Duration::from_millis(50)));
    times_out(&server, "/slow.xml")
}

#[test]
fn a_server_that_never_answers_hits_the_total_timeout() -> TestResult {
    let server = Server::start()?;
    server.route("/silent.xml", rss().delay(Duration::from_secs(3)));
    times_out(&server, "/silent.xml")
}

#[test]
fn a_body_over_the_cap_is_refused() -> TestResult {
    let server = Server::start()?;
    let big = vec![b'x'; 100 * 1024];
    server.route("/big", Response::ok(big.clone()));
    // Without Content-Length the cap can only be checked while reading.
    server.route("/big-unannounced", Response::ok(big).no_length());
    // Small on the wire, 4 MiB once unpacked.
    server.route("/bomb", Response::ok(vec![0u8; 4 << 20]).gzip());
    server.route("/fits", Response::ok(vec![b'y'; 64 * 1024]).gzip());
    for path in ["/big", "/big-unannounced", "/bomb"] {
        match fetch(&server, path) {
            Err(error @ FetchError::TooLarge { limit: 65_536 }) => {
                assert_eq!(
                    error.to_string(),
                    "the response is bigger than the 64 KiB limit"
                )
            }
            other => return Err(format!("{path}: expected too large, got {other:?}").into()),
        }
    }
    assert_eq!(
        fetch(&server, "/fits")?.body().map(<[u8]>::len),
        Some(64 * 1024)
    );
    Ok(())
}

#[test]
fn gzip_deflate_and_brotli_are_decoded() -> TestResult {
    let server = Server::start()?;
    server.route("/gz", rss().gzip());
    server.route("/deflate", rss().deflate());
    server.route("/br", rss().brotli());
    for path in ["/gz", "/deflate", "/br"] {
        let fetched = fetch(&server, path)?;
        assert_eq!(fetched.body(), Some(RSS.as_bytes()), "{path}");
    }
    Ok(())
}

#[test]
fn a_wrong_content_type_is_returned_for_the_caller_to_judge() -> TestResult {
    let server = Server::start()?;
    server.route(
        "/feed",
        Response::ok(RSS).header("Content-Type", "text/html"),
    );
    let fetched = fetch(&server, "/feed")?;
    assert_eq!(fetched.content_type(), Some("text/html"));
    let bytes = fetched.body().ok_or("no body")?;
    assert!(looks_like_feed(bytes, fetched.content_type()));
    Ok(())
}

#[test]
fn windows_1251_bytes_come_back_untouched() -> TestResult {
    let server = Server::start()?;
    let (title, _, _) = encoding_rs::WINDOWS_1251.encode("Новости дня");
    let mut feed =
        b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><title>"
            .to_vec();
    feed.extend_from_slice(&title);
    feed.extend_from_slice(b"</title></channel></rss>");
    server.route(
        "/ru.xml",
        Response::ok(feed.clone()).header("Content-Type", "application/rss+xml"),
    );
    let fetched = fetch(&server, "/ru.xml")?;
    assert_eq!(fetched.body(), Some(feed.as_slice()));
    Ok(())
}

#[test]
fn no_more_than_two_requests_at_once_to_one_host() -> TestResult {
    let server = Server::start()?;
    server.route("/slow.xml", rss().delay(Duration::from_millis(150)));
    let fetcher = Fetcher::new(quick());
    let url = server.url("/slow.xml");
    // One fetcher shared by reference, as a refresh's worker threads would.
    let results: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| fetcher.get(&url, &Conditional::default())))
            .collect();
        workers.into_iter().map(|worker| worker.join()).collect()
    });
    for result in results {
        result.map_err(|_| "a worker panicked")??;
    }
    assert_eq!(server.hits("/slow.xml"), 8);
    // Two at a time, not one: the limit is a ceiling, not a queue of one.
    assert_eq!(server.max_in_flight(), 2);
    assert!(
        server.max_connections() <= 2,
        "{} connections",
        server.max_connections()
    );
    Ok(())
}

#[test]
fn connections_are_reused() -> TestResult {
    let server = Server::start()?;
    server.route("/feed.xml", rss().etag("\"v1\""));
    let fetcher = Fetcher::new(quick());
    let stored = Conditional {
        etag: Some("\"v1\"".into()),
        last_modified: None,
    };
    for _ in 0..5 {
        fetcher.get(&server.url("/feed.xml"), &Conditional::default())?;
        fetcher.get(&server.url("/feed.xml"), &stored)?;
    }
    assert_eq!(server.hits("/feed.xml"), 10);
    assert_eq!(server.max_connections(), 1);
    Ok(())
}

#[test]
fn nobody_listening_and_bad_addresses() -> TestResult {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let fetcher = Fetcher::new(quick());
    let refused = fetcher.get(
        &format!("http://127.0.0.1:{port}/feed.xml"),
        &Conditional::default(),
    );
    assert!(
        matches!(refused, Err(FetchError::Connect(_))),
        "{refused:?}"
    );
    for bad in ["feed.xml", "file:///etc/passwd", "http://"] {
        let result = fetcher.get(bad, &Conditional::default());
        assert!(
            matches!(result, Err(FetchError::BadUrl(_))),
            "{bad}: {result:?}"
        );
    }
    Ok(())
}

#[test]
fn a_certificate_the_system_does_not_trust_is_refused() -> TestResult {
    use std::sync::Arc;
    // A valid certificate for 127.0.0.1 that no system store trusts: a verifying client must refuse it.
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])?;
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(generated.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![generated.cert.der().clone()], key)?;
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("https://{}/feed.xml", listener.local_addr()?);
    let tls_server = std::thread::spawn(move || {
        let Ok((mut tcp, _)) = listener.accept() else {
            return;
        };
        let Ok(mut tls) = rustls::ServerConnection::new(Arc::new(config)) else {
            return;
        };
        // Runs the handshake until the client gives up on it, which is what this test expects.
        while tls.is_handshaking() && tls.complete_io(&mut tcp).is_ok() {}
    });
    let result = Fetcher::new(quick()).get(&url, &Conditional::default());
    let _ = tls_server.join();
    match result {
        Err(FetchError::Tls(message)) => assert!(message.contains("certificate"), "{message}"),
        other => return Err(format!("expected a certificate error, got {other:?}").into()),
    }
    Ok(())
}
