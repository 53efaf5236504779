//! Gazetteers: word lists written for this project (see `gazetteer/README.md`), embedded in the binary,
//! matched against each sentence so the model can weigh "this is a known country / first name / ...".

use std::sync::OnceLock;

use super::document::{Document, HashKeyed};
use super::hash::{hash_bytes, mix};
use super::lexeme::{INIT_CAP, lower_hash};
use super::tables::{CONTINUES, Tables};

/// The lists, in category order; a category's index is its number in the hit masks.
const LISTS: [&str; CATEGORY_COUNT] = [
    include_str!("gazetteer/countries.txt"),
    include_str!("gazetteer/places.txt"),
    include_str!("gazetteer/demonyms.txt"),
    include_str!("gazetteer/agencies.txt"),
    include_str!("gazetteer/organisations.txt"),
    include_str!("gazetteer/first_names.txt"),
    include_str!("gazetteer/organisation_words.txt"),
    include_str!("gazetteer/person_titles.txt"),
    include_str!("gazetteer/place_words.txt"),
    include_str!("gazetteer/misc.txt"),
];

pub const CATEGORY_COUNT: usize = 10;
/// The category of `demonyms.txt` (nationalities: `Iranian`).
pub const DEMONYM: usize = 2;
/// The category of `countries.txt`.
pub const COUNTRY: usize = 0;
/// The categories of `countries.txt`, `places.txt` and `agencies.txt`.
pub const PLACE: usize = 1;
pub const AGENCY: usize = 3;
/// The categories of `organisations.txt`, `first_names.txt` and `misc.txt`.
pub const ORGANISATION: usize = 4;
pub const FIRST_NAME: usize = 5;
pub const MISC_NAME: usize = 9;
/// The category of `organisation_words.txt` (`Ltd`, `Holdings`, `Airlines`).
pub const ORGANISATION_WORD: usize = 6;
/// The category of `person_titles.txt` (`Mr`, `President`).
pub const TITLE: usize = 7;

/// Where in a matched entry a token stands; four bits per category in a hit mask.
const BEGIN: u32 = 0;
const INSIDE: u32 = 1;
const END: u32 = 2;
const UNIT: u32 = 3;

/// Longest entry, in tokens, that is looked for.
const MAX_ENTRY_TOKENS: usize = 6;
const SEQUENCE_SEED: u64 = 0x6a2e_77e1;

/// Whether a token's hit mask says it is a whole entry of `category` by itself.
pub fn is_single(hits: u64, category: usize) -> bool {
    hits & (1 << (category * 4 + UNIT as usize)) != 0
}

/// The hash of a run of words (their `lower_hash`es) that entries are keyed by.
pub fn sequence_hash(words: impl IntoIterator<Item = u64>) -> u64 {
    words.into_iter().fold(SEQUENCE_SEED, mix)
}

/// Whether a token is part of any entry of `category`.
pub fn in_category(hits: u64, category: usize) -> bool {
    (hits >> (category * 4)) & 0xf != 0
}

/// Every category with at least one hit in a hit mask, one bit per category.
pub fn category_mask(hits: u64) -> u64 {
    let mut mask = 0;
    for category in 0..CATEGORY_COUNT {
        if (hits >> (category * 4)) & 0xf != 0 {
            mask |= 1 << category;
        }
    }
    mask
}

/// The compiled lists: token-sequence hashes to category bits, and the longest entry by first word.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: HashKeyed<u16>,
    longest_from: HashKeyed<u8>,
}

impl Gazetteer {
    /// The lists embedded in the binary, compiled once.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| Gazetteer::from_lists(&LISTS))
    }

    /// A hash of the embedded lists; a model records the lists it was trained with.
    pub fn builtin_fingerprint() -> u64 {
        LISTS
            .iter()
            .fold(0x9a2e, |hash, list| hash_bytes(hash, list.as_bytes()))
    }

    pub fn from_lists(lists: &[&str]) -> Gazetteer {
        let mut gazetteer = Gazetteer::default();
        for (category, list) in lists.iter().enumerate() {
            for line in list.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let words: Vec<u64> = line.split_whitespace().map(lower_hash).collect();
                if words.is_empty() || words.len() > MAX_ENTRY_TOKENS {
                    continue;
                }
                let hash = sequence_hash(words.iter().copied());
                *gazetteer.entries.entry(hash).or_default() |= 1 << category;
                let longest = gazetteer.longest_from.entry(words[0]).or_default();
                *longest = (*longest).max(words.len() as u8);
            }
        }
        gazetteer
    }

    /// The categories (one bit each) of the entry that is exactly these words (their
    /// `lower_hash`es), 0 when none is.
    pub fn categories_of(&self, words: impl IntoIterator<Item = u64>) -> u16 {
        self.entries
            .get(&sequence_hash(words))
            .copied()
            .unwrap_or(0)
    }

    /// Hit masks for every token of `doc`: for each entry matched (starting on a capitalised word),
    /// each of its tokens gets the bit of its category and position (begin, inside, end, single).
    pub fn annotate(&self, doc: &Document) -> Vec<u64> {
        let mut hits = vec![0u64; doc.len()];
        for sentence in &doc.sentences {
            for start in sentence.clone() {
                let first = &doc.lexemes[start];
                if !first.has(INIT_CAP) {
                    continue;
                }
                let Some(&longest) = self.longest_from.get(&first.lower) else {
                    continue;
                };
                let end_limit = sentence.end.min(start + usize::from(longest));
                let mut hash = SEQUENCE_SEED;
                for end in start + 1..=end_limit {
                    hash = mix(hash, doc.lexemes[end - 1].lower);
                    let Some(&categories) = self.entries.get(&hash) else {
                        continue;
                    };
                    mark(&mut hits[start..end], categories);
                }
            }
        }
        hits
    }
}

/// Hit masks of the derived place names (`tables`): for each name matched (starting on a
/// capitalised word), each of its tokens gets four bits per category, as `mark` sets them.
pub fn annotate_places(doc: &Document, tables: &Tables) -> Vec<u64> {
    let mut hits = vec![0u64; doc.len()];
    for sentence in &doc.sentences {
        for start in sentence.clone() {
            if !doc.lexemes[start].has(INIT_CAP) {
                continue;
            }
            let mut hash = SEQUENCE_SEED;
            for end in start + 1..=sentence.end.min(start + MAX_ENTRY_TOKENS) {
                hash = mix(hash, doc.lexemes[end - 1].lower);
                let Some(record) = tables.phrase(hash) else {
                    break;
                };
                let categories = record & !CONTINUES;
                if categories != 0 {
                    mark(&mut hits[start..end], categories);
                }
                if record & CONTINUES == 0 {
                    break;
                }
            }
        }
    }
    hits
}

/// Sets the position bits of one matched entry's tokens for each of its categories.
fn mark(tokens: &mut [u64], categories: u16) {
    let last = tokens.len() - 1;
    for category in 0..16 {
        if categories & (1 << category) == 0 {
            continue;
        }
        for (i, hit) in tokens.iter_mut().enumerate() {
            let position = match i {
                _ if last == 0 => UNIT,
                0 => BEGIN,
                _ if i == last => END,
                _ => INSIDE,
            };
            *hit |= 1 << (category * 4 + position);
        }
    }
}
