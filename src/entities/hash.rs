//! A fast, non-cryptographic FxHash-style hash for feature keys: bytes in, 64 bits out, no allocation.

/// The FxHash multiplier (from Firefox and rustc): odd, with well-spread bits.
const K: u64 = 0x517c_c1b7_2722_0a95;

/// Folds one 64-bit word into a running hash.
#[inline]
pub fn mix(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(K)
}

/// Hashes bytes eight at a time; the length is folded in last so `a` and `a\0` differ.
#[inline]
pub fn hash_bytes(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        hash = mix(hash, load8(chunk));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        hash = mix(hash, load8(rest));
    }
    mix(hash, bytes.len() as u64)
}

/// Like `hash_bytes` over the ASCII-lowercased bytes, without making a lowercased copy.
#[inline]
pub fn hash_lower(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        hash = mix(hash, ascii_lower8(load8(chunk)));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        hash = mix(hash, ascii_lower8(load8(rest)));
    }
    mix(hash, bytes.len() as u64)
}

/// Up to eight bytes as a little-endian word, zero-padded. Built from whole loads, never a
/// byte copy to the stack: a `memcpy` then a wide read stalls on store forwarding, and this runs
/// about a dozen times per token.
#[inline]
fn load8(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*head);
    }
    if n >= 4 {
        // Two overlapping four-byte loads; the bytes they share are the same, so OR is exact.
        let low = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let high = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
        return u64::from(low) | u64::from(high) << (8 * (n - 4));
    }
    if n == 0 {
        return 0;
    }
    u64::from(bytes[0])
        | u64::from(bytes[n / 2]) << (8 * (n / 2))
        | u64::from(bytes[n - 1]) << (8 * (n - 1))
}

/// Sets the 0x20 bit of every byte of the word that is an ASCII capital (SWAR, no branches).
#[inline]
pub fn ascii_lower8(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    // High bit of each byte set where the byte is >= 'A', and where it is > 'Z'.
    let at_least_a = low.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let above_z = low.wrapping_add(0x2525_2525_2525_2525);
    let upper = at_least_a & !above_z & !word & HIGH;
    word | (upper >> 2)
}

/// The top `bits` bits of a hash: the best-mixed ones after a multiply.
#[inline]
pub fn bucket(hash: u64, bits: u32) -> u32 {
    (hash >> (64 - bits)) as u32
}

/// SplitMix64, for seeded shuffles that are identical on every machine.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher-Yates shuffle driven by this generator.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercasing_matches_the_standard_library() {
        for text in ["ABCxyz@[`{", "Iran's MINISTRY", "ÄÖ Zürich", "12345678Z"] {
            let lowered = text.to_ascii_lowercase();
            assert_eq!(
                hash_lower(1, text.as_bytes()),
                hash_bytes(1, lowered.as_bytes()),
                "{text}"
            );
        }
    }

    #[test]
    fn words_load_as_zero_padded_little_endian() {
        let text = b"abcdefghij";
        for n in 0..=10 {
            let mut padded = [0u8; 8];
            let take = n.min(8);
            padded[..take].copy_from_slice(&text[..take]);
            assert_eq!(load8(&text[..n]), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

    #[test]
    fn length_is_part_of_the_hash() {
        assert_ne!(hash_bytes(0, b"a"), hash_bytes(0, b"a\0"));
        assert_ne!(hash_bytes(0, b""), hash_bytes(0, b"\0"));
    }
}
