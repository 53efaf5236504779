//! Word knowledge derived from unlabelled text and GeoNames (`dateline entities derive`), shipped in
//! the binary as open-addressing hash tables that are read in place: nothing is parsed or copied
//! at start-up, and a look-up is one or two probes.
//!
//! File layout (little-endian): magic `DLTABLES`, format version `u32`, checksum `u64` of what
//! follows (a model records it), then two tables: words (`WORD_RECORD` bytes a record) and phrases
//! (`PHRASE_RECORD`). A table is `bits: u32`, `record: u32`, `2^bits` keys (`u32`, 0 = empty),
//! then `2^bits` records. A key is the low 32 bits of the item's 64-bit hash with the lowest bit
//! set; the first slot tried is the hash's top `bits` bits, then the next ones in turn.

use std::sync::OnceLock;

use super::EntityError;
use super::hash::hash_bytes;

static TABLE_BYTES: &[u8] = include_bytes!("tables/words.bin");

pub const MAGIC: &[u8; 8] = b"DLTABLES";
pub const VERSION: u32 = 1;
pub const WORD_RECORD: usize = 12;
pub const PHRASE_RECORD: usize = 2;
/// Seed of the checksum over everything after the header.
pub const CHECKSUM_SEED: u64 = 0x7ab1e5;

/// What the tables know about one word (each class is 0 when unknown, so 1-based otherwise).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// Brown cluster bit path as spaCy stores it (an integer whose binary form is the path).
    pub brown: u32,
    /// The word-vector row (many words share a row: a class of 20,000).
    pub row: u16,
    /// k-means classes of the vectors, finest to coarsest.
    pub fine: u16,
    pub mid: u8,
    pub coarse: u8,
    /// How common the lowercase form is (log-probability band, 1 = rarest, 0 = unseen).
    pub lower_band: u8,
    /// How often the word is written this way rather than in lowercase (band, 0 = unseen).
    pub case_band: u8,
}

impl WordInfo {
    pub fn to_bytes(self) -> [u8; WORD_RECORD] {
        let mut out = [0u8; WORD_RECORD];
        out[0..4].copy_from_slice(&self.brown.to_le_bytes());
        out[4..6].copy_from_slice(&self.row.to_le_bytes());
        out[6..8].copy_from_slice(&self.fine.to_le_bytes());
        out[8] = self.mid;
        out[9] = self.coarse;
        out[10] = self.lower_band;
        out[11] = self.case_band;
        out
    }

    fn from_bytes(bytes: &[u8]) -> WordInfo {
        let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        WordInfo {
            brown: u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            row: u16_at(4),
            fine: u16_at(6),
            mid: bytes[8],
            coarse: bytes[9],
            lower_band: bytes[10],
            case_band: bytes[11],
        }
    }

    /// The first `bits` bits of the Brown path, with its length folded in (0 when there is none).
    #[inline]
    pub fn brown_prefix(&self, bits: u32) -> u64 {
        if self.brown == 0 {
            return 0;
        }
        let length = 32 - self.brown.leading_zeros();
        let prefix = if length > bits {
            self.brown >> (length - bits)
        } else {
            self.brown
        };
        u64::from(prefix) | u64::from(length.min(bits)) << 32
    }
}

/// One open-addressing table viewed in place.
#[derive(Debug, Clone, Copy)]
struct Probe {
    bits: u32,
    record: usize,
    keys: &'static [u8],
    records: &'static [u8],
}

impl Probe {
    /// Reads a table from the front of `bytes`; returns it and the bytes it used.
    fn read(bytes: &'static [u8], record: usize) -> Result<(Probe, usize), EntityError> {
        let short = EntityError::Malformed("tables end early");
        let header = bytes.get(..8).ok_or(short.clone())?;
        let bits = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        let stored = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        if !(1..=26).contains(&bits) || stored != record {
            return Err(EntityError::Malformed("table header out of range"));
        }
        let slots = 1usize << bits;
        let keys = bytes.get(8..8 + 4 * slots).ok_or(short.clone())?;
        let end = 8 + 4 * slots + record * slots;
        let records = bytes.get(8 + 4 * slots..end).ok_or(short)?;
        Ok((
            Probe {
                bits,
                record,
                keys,
                records,
            },
            end,
        ))
    }

    #[inline]
    fn get(&self, hash: u64) -> Option<&'static [u8]> {
        let mask = (1usize << self.bits) - 1;
        let wanted = (hash as u32) | 1;
        let mut slot = (hash >> (64 - self.bits)) as usize;
        loop {
            let at = slot * 4;
            let key = u32::from_le_bytes([
                self.keys[at],
                self.keys[at + 1],
                self.keys[at + 2],
                self.keys[at + 3],
            ]);
            if key == wanted {
                return Some(&self.records[slot * self.record..][..self.record]);
            }
            if key == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Writes one table (used by `derive`): `items` are (hash, record) pairs with distinct hashes.
pub fn write_table(bits: u32, record: usize, items: &[(u64, Vec<u8>)], out: &mut Vec<u8>) {
    let slots = 1usize << bits;
    let mut keys = vec![0u32; slots];
    let mut records = vec![0u8; slots * record];
    let mask = slots - 1;
    for (hash, value) in items {
        let mut slot = (hash >> (64 - bits)) as usize;
        while keys[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        keys[slot] = (*hash as u32) | 1;
        records[slot * record..][..record].copy_from_slice(&value[..record]);
    }
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(&(record as u32).to_le_bytes());
    for key in keys {
        out.extend_from_slice(&key.to_le_bytes());
    }
    out.extend_from_slice(&records);
}

/// The shipped tables.
#[derive(Debug, Clone, Copy)]
pub struct Tables {
    pub checksum: u64,
    words: Probe,
    phrases: Probe,
}

/// Seeds of the hashes the tables are keyed by. A word is keyed by `hash_bytes(WORD_SEED, ..)`
/// of its exact spelling (the `word` hash of its lexeme); a phrase by the sequence hash the
/// gazetteer uses.
pub const WORD_SEED: u64 = 0x11;

/// Phrase record bits: the categories of the entry, and whether a longer entry goes on from it.
pub const CONTINUES: u16 = 1 << 15;

impl Tables {
    /// The tables in the binary; their headers are read once, the rest in place.
    pub fn builtin() -> Result<&'static Tables, EntityError> {
        static BUILTIN: OnceLock<Result<Tables, EntityError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Tables::from_bytes(TABLE_BYTES))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn from_bytes(bytes: &'static [u8]) -> Result<Tables, EntityError> {
        if bytes.get(..8) != Some(MAGIC.as_slice()) {
            return Err(EntityError::BadMagic);
        }
        let header = bytes
            .get(8..20)
            .ok_or(EntityError::Malformed("tables end early"))?;
        let version = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        if version != VERSION {
            return Err(EntityError::Version(version));
        }
        let mut checksum = [0u8; 8];
        checksum.copy_from_slice(&header[4..12]);
        let (words, used) = Probe::read(&bytes[20..], WORD_RECORD)?;
        let (phrases, _) = Probe::read(&bytes[20 + used..], PHRASE_RECORD)?;
        Ok(Tables {
            checksum: u64::from_le_bytes(checksum),
            words,
            phrases,
        })
    }

    /// The word by its exact spelling's hash (`Lexeme::word`).
    #[inline]
    pub fn word(&self, hash: u64) -> Option<WordInfo> {
        self.words.get(hash).map(WordInfo::from_bytes)
    }

    /// The word as written, else as it would be in title case or lowercase (`TEHRAN`).
    pub fn word_of(&self, token: &str, hash: u64) -> WordInfo {
        if let Some(found) = self.word(hash) {
            return found;
        }
        let bytes = token.as_bytes();
        if bytes.len() <= 32 && bytes.iter().any(u8::is_ascii_uppercase) {
            let mut buffer = [0u8; 32];
            let word = &mut buffer[..bytes.len()];
            word.copy_from_slice(bytes);
            word[1..].make_ascii_lowercase();
            if let Some(found) = self.word(hash_bytes(WORD_SEED, word)) {
                return found;
            }
            word[0] = word[0].to_ascii_lowercase();
            if let Some(found) = self.word(hash_bytes(WORD_SEED, word)) {
                return found;
            }
        }
        WordInfo::default()
    }

    /// The categories of a phrase (GeoNames places) by its sequence hash, with `CONTINUES`.
    #[inline]
    pub fn phrase(&self, hash: u64) -> Option<u16> {
        self.phrases
            .get(hash)
            .map(|record| u16::from_le_bytes([record[0], record[1]]))
    }
}

/// The checksum `derive` writes: a hash of everything after the header.
pub fn checksum(body: &[u8]) -> u64 {
    hash_bytes(CHECKSUM_SEED, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leak(bytes: Vec<u8>) -> &'static [u8] {
        Box::leak(bytes.into_boxed_slice())
    }

    #[test]
    fn tables_round_trip_and_miss_cleanly() -> Result<(), EntityError> {
        let info = WordInfo {
            brown: 0b1011,
            row: 7,
            fine: 300,
            mid: 20,
            coarse: 3,
            lower_band: 9,
            case_band: 2,
        };
        let words: Vec<(u64, Vec<u8>)> = (0..50u64)
            .map(|n| {
                (
                    hash_bytes(WORD_SEED, format!("w{n}").as_bytes()),
                    info.to_bytes().to_vec(),
                )
            })
            .collect();
        let mut body = Vec::new();
        write_table(7, WORD_RECORD, &words, &mut body);
        write_table(4, PHRASE_RECORD, &[(99, vec![5, 0x80])], &mut body);
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(&checksum(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        let tables = Tables::from_bytes(leak(bytes))?;
        assert_eq!(tables.word_of("w7", hash_bytes(WORD_SEED, b"w7")), info);
        assert_eq!(tables.word_of("W7", hash_bytes(WORD_SEED, b"W7")), info);
        assert_eq!(tables.word(hash_bytes(WORD_SEED, b"w50")), None);
        assert_eq!(tables.phrase(99), Some(5 | CONTINUES));
        assert_eq!(tables.phrase(96), None);
        assert!(Tables::from_bytes(b"DLTABLES").is_err());
        Ok(())
    }

    #[test]
    fn brown_prefixes_keep_their_length() {
        let info = WordInfo {
            brown: 0b1_0110_1100,
            ..WordInfo::default()
        };
        assert_eq!(info.brown_prefix(4), 0b1011 | 4 << 32);
        assert_eq!(info.brown_prefix(20), 0b1_0110_1100 | 9 << 32);
        assert_eq!(WordInfo::default().brown_prefix(4), 0);
    }

    #[test]
    fn the_shipped_tables_know_common_words() -> Result<(), EntityError> {
        let tables = Tables::builtin()?;
        let the = tables.word_of("the", hash_bytes(WORD_SEED, b"the"));
        assert!(the.brown != 0 && the.row != 0 && the.lower_band > 0);
        let london = tables.word_of("LONDON", hash_bytes(WORD_SEED, b"LONDON"));
        assert!(london.fine != 0);
        Ok(())
    }
}
