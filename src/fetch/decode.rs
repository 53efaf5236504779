//! Undoing Content-Encoding (gzip, deflate, brotli) with the body cap applied to what comes out,
//! and saying plainly when a body is corrupt rather than passing it on for a parser to misname.

use std::io::{self, Read};

use super::FetchError;

/// Decodes `raw` as the `Content-Encoding` header says, refusing output longer than `limit` as it is produced,
/// so a small compressed bomb never becomes a big allocation.
pub(super) fn decode(
    raw: Vec<u8>,
    content_encoding: Option<&str>,
    limit: usize,
) -> Result<Vec<u8>, FetchError> {
    let mut codings: Vec<String> = content_encoding
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    // A gzip file served as it is (`feed.xml.gz` with no Content-Encoding) is still the feed.
    if codings.is_empty() && raw.starts_with(&GZIP_MAGIC) {
        codings.push("gzip".to_string());
    }
    // Codings are listed in the order they were applied, so they come off last first.
    codings
        .iter()
        .rev()
        .try_fold(raw, |body, coding| undo(body, coding, limit))
}

/// The first two bytes of every gzip member.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

fn undo(body: Vec<u8>, coding: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
    if body.is_empty() {
        return Ok(body);
    }
    let reader: Box<dyn Read + '_> = match coding {
        // Some servers label a plain body gzip (often after a proxy already unpacked it); the magic
        // bytes tell. A body that is neither gzip nor text is a corrupt one.
        "gzip" | "x-gzip" if !body.starts_with(&GZIP_MAGIC) => {
            return if looks_like_text(&body) {
                Ok(body)
            } else {
                Err(FetchError::Decode(format!(
                    "the {coding} body is corrupt: it does not start as gzip data"
                )))
            };
        }
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(body.as_slice())),
        // "deflate" should be zlib-wrapped (RFC 9110), yet some servers send the raw stream.
        "deflate" if is_zlib(&body) => Box::new(flate2::read::ZlibDecoder::new(body.as_slice())),
        "deflate" => Box::new(flate2::read::DeflateDecoder::new(body.as_slice())),
        "br" => Box::new(brotli_decompressor::Decompressor::new(
            body.as_slice(),
            4096,
        )),
        other => {
            return Err(FetchError::Decode(format!(
                "unsupported content encoding {other:?}"
            )));
        }
    };
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(limit));
    let read = reader.take(limit as u64 + 1).read_to_end(&mut out);
    match read {
        // A plain body labelled deflate (no zlib header to tell, as gzip's magic does) reads as
        // corrupt raw deflate: taken as it is when it is text.
        Err(_) if coding == "deflate" && looks_like_text(&body) => return Ok(body),
        Err(error) => return Err(decode_error(coding, &error)),
        Ok(_) => {}
    }
    if out.len() > limit {
        return Err(FetchError::TooLarge { limit });
    }
    Ok(out)
}

/// A zlib header: compression method 8 and a check value that makes the first two bytes a multiple of 31.
fn is_zlib(body: &[u8]) -> bool {
    match body {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// A body that starts as a feed or page would: optional BOM and whitespace, then `<` or `{`.
fn looks_like_text(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let start = body.iter().find(|b| !b.is_ascii_whitespace());
    start.is_none_or(|b| matches!(b, b'<' | b'{' | b'['))
        || body.starts_with(b"\xff\xfe")
        || body.starts_with(b"\xfe\xff")
}

fn decode_error(coding: &str, error: &io::Error) -> FetchError {
    FetchError::Decode(format!(
        "the {coding} body is corrupt or cut short ({error})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = encoder.write_all(data);
        encoder.finish().unwrap_or_default()
    }

    #[test]
    fn plain_bodies_pass_through() {
        let body = b"<rss/>".to_vec();
        assert_eq!(decode(body.clone(), None, 100).ok(), Some(body.clone()));
        assert_eq!(decode(body.clone(), Some("identity"), 100).ok(), Some(body));
    }

    #[test]
    fn both_kinds_of_deflate() {
        let data = b"<feed>deflated</feed>".repeat(20);
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = zlib.write_all(&data);
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = raw.write_all(&data);
        for body in [
            zlib.finish().unwrap_or_default(),
            raw.finish().unwrap_or_default(),
        ] {
            assert_eq!(
                decode(body, Some("deflate"), 10_000).ok(),
                Some(data.clone())
            );
        }
    }

    #[test]
    fn brotli() {
        let data = b"<rss>brotli</rss>".repeat(20);
        let mut packed = Vec::new();
        {
            let mut encoder = brotli::CompressorWriter::new(&mut packed, 4096, 5, 22);
            let _ = encoder.write_all(&data);
        }
        assert_eq!(decode(packed, Some("br"), 10_000).ok(), Some(data));
    }

    #[test]
    fn stacked_codings_come_off_in_reverse() {
        let data = b"twice".to_vec();
        let twice = gzip(&gzip(&data));
        assert_eq!(decode(twice, Some("gzip, gzip"), 100).ok(), Some(data));
    }

    #[test]
    fn a_bomb_stops_at_the_cap() {
        let bomb = gzip(&vec![0u8; 1 << 20]);
        assert!(bomb.len() < 4096);
        assert!(matches!(
            decode(bomb, Some("gzip"), 64 * 1024),
            Err(FetchError::TooLarge { limit: 65536 })
        ));
    }

    #[test]
    fn corrupt_and_unknown_are_decode_errors() {
        let mut cut = gzip(&b"x".repeat(1000));
        cut.truncate(cut.len() / 2);
        assert!(matches!(
            decode(cut, Some("gzip"), 10_000),
            Err(FetchError::Decode(_))
        ));
        assert!(matches!(
            decode(b"x".to_vec(), Some("zstd"), 10),
            Err(FetchError::Decode(_))
        ));
    }

    #[test]
    fn a_corrupt_gzip_body_says_so() {
        let mut broken = gzip(&b"<rss/>".repeat(50));
        broken[10] ^= 0xff;
        broken.truncate(broken.len() - 12);
        let message = decode(broken, Some("gzip"), 10_000)
            .err()
            .map(|e| e.to_string());
        assert!(
            message
                .as_deref()
                .is_some_and(|m| m
                    .starts_with("could not decompress the response: the gzip body is corrupt")),
            "{message:?}"
        );
        let message = decode(b"\x00\x17junk".to_vec(), Some("gzip"), 100)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some(
                "could not decompress the response: the gzip body is corrupt: it does not start as gzip data"
            )
        );
    }

    #[test]
    fn an_undeclared_gzip_body_is_unpacked() {
        let data = b"<rss version=\"2.0\"/>".to_vec();
        assert_eq!(decode(gzip(&data), None, 100).ok(), Some(data));
    }

    #[test]
    fn mislabelled_gzip_is_taken_as_is() {
        let body = b"<rss version=\"2.0\"/>".to_vec();
        assert_eq!(
            decode(body.clone(), Some("gzip"), 100).ok(),
            Some(body.clone())
        );
        let feed = b"<feed><title>plain</title></feed>\n".to_vec();
        assert_eq!(decode(feed.clone(), Some("deflate"), 100).ok(), Some(feed));
    }
}
