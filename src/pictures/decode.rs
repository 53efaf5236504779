//! Decoding a fetched picture within limits: the formats news sites use (PNG, JPEG, GIF, WebP),
//! no side longer than `MAX_SIDE` and no more memory than `MAX_DECODED_BYTES`, so that a small
//! file that unpacks to gigabytes (a decompression bomb) is refused before it is unpacked.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use super::PictureError;

/// Longest side accepted, in pixels: far beyond what a terminal shows.
pub const MAX_SIDE: u32 = 8192;
/// Most memory the decoder may take for one picture.
pub const MAX_DECODED_BYTES: u64 = 96 * 1024 * 1024;

/// Decodes `bytes` as a picture, by what they are rather than by what the server said.
pub fn decode_picture(bytes: &[u8]) -> Result<DynamicImage, PictureError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PictureError::NotAPicture(e.to_string()))?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) => {}
        Some(other) => {
            return Err(PictureError::NotAPicture(format!(
                "{other:?} pictures are not shown (PNG, JPEG, GIF and WebP are)"
            )));
        }
        None => {
            return Err(PictureError::NotAPicture(
                "the data is not in a picture format (PNG, JPEG, GIF or WebP)".into(),
            ));
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    let mut reader = reader;
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| PictureError::NotAPicture(format!("it does not decode: {e}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use image::{ImageEncoder, RgbImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_pixel(width, height, image::Rgb([200, 40, 40]));
        let mut bytes = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bytes)
            .write_image(
                picture.as_raw(),
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        bytes
    }

    #[test]
    fn a_small_png_decodes() {
        let image = decode_picture(&png(4, 3)).unwrap();
        assert_eq!((image.width(), image.height()), (4, 3));
    }

    #[test]
    fn text_is_not_a_picture() {
        let error = decode_picture(b"<html><body>hello</body></html>").unwrap_err();
        assert!(error.to_string().starts_with("not a picture"), "{error}");
    }

    /// A PNG whose header claims `width` x `height` RGB pixels, with next to no data behind it:
    /// what a decompression bomb looks like to a decoder before it unpacks anything.
    fn claimed_png(width: u32, height: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&crc.sum().to_be_bytes());
        }
        let mut header = Vec::new();
        header.extend_from_slice(&width.to_be_bytes());
        header.extend_from_slice(&height.to_be_bytes());
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &header);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn a_bomb_within_the_side_limit_is_refused_for_its_memory() {
        // 6000 x 6000 RGB is 108 MB unpacked, over MAX_DECODED_BYTES, from a file of 60 bytes.
        let bomb = claimed_png(6000, 6000);
        assert!(bomb.len() < 100);
        let error = decode_picture(&bomb).unwrap_err().to_string();
        assert!(error.to_lowercase().contains("limit"), "{error}");
    }

    #[test]
    fn a_picture_larger_than_the_limit_is_refused_before_decoding() {
        // Refused from its header, before a pixel is unpacked.
        let bomb = png(MAX_SIDE + 1, 8);
        let error = decode_picture(&bomb).unwrap_err();
        assert!(error.to_string().contains("does not decode"), "{error}");
    }
}
