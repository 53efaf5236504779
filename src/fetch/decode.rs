//! Undoing Content-Encoding (gzip, deflate, brotli) with the body cap applied to what comes out.

use std::io::{self, Read};

use super::FetchError;

/// Decodes `raw` as the `Content-Encoding` header says, refusing output longer than `limit` as it is produced,
/// so a small compressed bomb never becomes a big allocation.
pub(super) fn decode(
    raw: Vec<u8>,
    content_encoding: Option<&str>,
    limit: usize,
) -> Result<Vec<u8>, FetchError> {
    let codings: Vec<String> = content_encoding
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .collect();
    // Codings are listed in the order they were applied, so they come off last first.
    codings
        .iter()
        .rev()
        .try_fold(raw, |body, coding| undo(body, coding, limit))
}

fn undo(body: Vec<u8>, coding: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
    if body.is_empty() {
        return Ok(body);
    }
    let reader: Box<dyn Read + '_> = match coding {
        // Some servers label a plain body gzip (often after a proxy already unpacked it); the magic bytes tell.
        "gzip" | "x-gzip" if !body.starts_with(&[0x1f, 0x8b]) => return Ok(body),
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
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| decode_error(coding, &e))?;
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

fn decode_error(coding: &str, error: &io::Error) -> FetchError {
    FetchError::Decode(format!("{coding} data is corrupt or cut short ({error})"))
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
    fn mislabelled_gzip_is_taken_as_is() {
        let body = b"<rss version=\"2.0\"/>".to_vec();
        assert_eq!(decode(body.clone(), Some("gzip"), 100).ok(), Some(body));
    }
}
