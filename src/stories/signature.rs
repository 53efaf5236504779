//! An article's signature for finding its story: MinHash sketches (`SKETCH` slots) of its set of
//! words and of its runs of three words, and the hashes of the names it mentions (the entities
//! found in it, and capitalised words inside sentences), sorted. A few hundred bytes, kept in
//! the store, so comparing two articles reads no text.

use crate::article::{Entity, EntityKind};

/// Slots of each MinHash sketch: the estimate of a Jaccard similarity J is within about
/// sqrt(J(1-J)/SKETCH) of it (for sets of more than a few dozen words).
pub const SKETCH: usize = 32;
/// Names kept at most (the first ones an article mentions).
const MAX_NAMES: usize = 48;

/// What an article is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub words: [u32; SKETCH],
    pub runs: [u32; SKETCH],
    /// Sorted, each once.
    pub names: Vec<u32>,
}

/// A word too common to say what an article is about, a capitalised word that is no name, or a
/// month's name. (A `match`, not a list searched word by word: every word of every article
/// passes here.)
fn is_common(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "and"
            | "for"
            | "that"
            | "with"
            | "was"
            | "were"
            | "from"
            | "has"
            | "have"
            | "had"
            | "its"
            | "his"
            | "her"
            | "their"
            | "this"
            | "these"
            | "those"
            | "are"
            | "but"
            | "not"
            | "after"
            | "before"
            | "said"
            | "says"
            | "will"
            | "would"
            | "could"
            | "been"
            | "about"
            | "into"
            | "over"
            | "than"
            | "when"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "what"
            | "while"
            | "also"
            | "more"
            | "most"
            | "some"
            | "one"
            | "two"
            | "three"
            | "new"
            | "on"
            | "in"
            | "at"
            | "of"
            | "to"
            | "a"
            | "an"
            | "by"
            | "as"
            | "is"
            | "it"
            | "be"
            | "or"
            | "he"
            | "she"
            | "they"
            | "we"
            | "you"
            | "our"
            | "all"
            | "out"
            | "up"
            | "there"
            | "then"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
    ) || crate::ingest::english_month(word).is_some()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, text: &str) -> u64 {
    for byte in text.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// FNV-1a, then a finaliser: a stable hash (signatures outlive the binary that made them).
fn hash(text: &str) -> u64 {
    mix(fnv(FNV_OFFSET, text))
}

/// The hash of `parts` joined by spaces, without joining them.
fn hash_joined(parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h = fnv(h, " ");
        }
        h = fnv(h, part);
    }
    mix(h)
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A sketch of a set of hashes by one-permutation hashing: each hash falls in one slot (its low
/// bits) and each slot keeps the least of the rest of the hashes that fell in it, so a sketch
/// costs one hash per word rather than one per word and slot.
fn sketch(hashes: impl Iterator<Item = u64>) -> [u32; SKETCH] {
    let mut slots = [u32::MAX; SKETCH];
    for h in hashes {
        let slot = (h % SKETCH as u64) as usize;
        let value = (h >> 32) as u32;
        if value < slots[slot] {
            slots[slot] = value;
        }
    }
    slots
}

/// The share of slots two sketches agree on, among the slots either has filled: an estimate of
/// the Jaccard similarity of their sets (two empty sets agree on nothing).
pub fn agreement(a: &[u32; SKETCH], b: &[u32; SKETCH]) -> f32 {
    let (mut equal, mut filled) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        if *x != u32::MAX || *y != u32::MAX {
            filled += 1;
            equal += u32::from(x == y);
        }
    }
    if filled == 0 {
        0.0
    } else {
        equal as f32 / filled as f32
    }
}

/// The words of a text, lower-cased into one buffer (a signature reads every word of every
/// article, so one allocation a text rather than two a word).
struct Words {
    lower: String,
    /// Each word's place in `lower`, whether it was capitalised inside a sentence, and whether it
    /// is a content word (three letters or more, not common).
    spans: Vec<(usize, usize, bool, bool)>,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut words = Words {
            lower: String::with_capacity(text.len()),
            spans: Vec::new(),
        };
        let mut sentence_start = true;
        for raw in text.split(|c: char| c.is_whitespace()) {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                let start = words.lower.len();
                if word.is_ascii() {
                    words
                        .lower
                        .extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    words.lower.push_str(&word.to_lowercase());
                }
                let lower = &words.lower[start..];
                let content = lower.chars().nth(2).is_some() && !is_common(lower);
                words.spans.push((
                    start,
                    words.lower.len(),
                    capital && !sentence_start,
                    content,
                ));
            }
            sentence_start = raw.ends_with(['.', '!', '?', ':']) || raw.ends_with(".\"");
        }
        words
    }

    /// Each word with whether it was capitalised inside a sentence and whether it is content.
    fn iter(&self) -> impl Iterator<Item = (&str, bool, bool)> + '_ {
        self.spans
            .iter()
            .map(|&(start, end, capital, content)| (&self.lower[start..end], capital, content))
    }
}

/// The signature of an article's title, standfirst and body and the entities found in them.
pub fn signature(title: &str, standfirst: &str, body: &str, entities: &[Entity]) -> Signature {
    sign(title, standfirst, body, entities).0
}

/// An article's signature and the words to find its story by (see `search_words`), reading its
/// text once.
pub fn sign(
    title: &str,
    standfirst: &str,
    body: &str,
    entities: &[Entity],
) -> (Signature, Vec<String>) {
    let (title, standfirst, body) = (Words::of(title), Words::of(standfirst), Words::of(body));
    let mut names: Vec<u32> = Vec::new();
    let mut name = |text: &str| {
        if names.len() < MAX_NAMES {
            names.push((hash(text) >> 32) as u32);
        }
    };
    for entity in entities {
        if entity.kind != EntityKind::Date {
            name(&entity.text.to_lowercase());
        }
    }
    let all = || title.iter().chain(standfirst.iter()).chain(body.iter());
    for (word, capital, content) in all() {
        if capital && content {
            name(word);
        }
    }
    names.sort_unstable();
    names.dedup();
    let word_hashes = all().filter(|w| w.2).map(|(w, _, _)| hash(w));
    // Runs of the body's words (and the standfirst's): a copy under another headline has them all.
    let body_words: Vec<&str> = standfirst.iter().chain(body.iter()).map(|w| w.0).collect();
    let run_hashes = body_words.windows(3).map(hash_joined);
    let signature = Signature {
        words: sketch(word_hashes),
        runs: sketch(run_hashes),
        names,
    };
    (signature, search_words_of(&title, &body, entities))
}

/// The words to find an article's story by: the names it mentions (entities, then capitalised
/// words inside sentences), then its headline's words.
pub fn search_words(title: &str, body: &str, entities: &[Entity]) -> Vec<String> {
    search_words_of(&Words::of(title), &Words::of(body), entities)
}

fn search_words_of(title: &Words, body: &Words, entities: &[Entity]) -> Vec<String> {
    fn add(out: &mut Vec<String>, word: &str) {
        let word = word.to_lowercase();
        if !out.contains(&word) {
            out.push(word);
        }
    }
    let mut out: Vec<String> = Vec::new();
    for entity in entities.iter().filter(|e| e.kind != EntityKind::Date) {
        add(&mut out, &entity.text);
    }
    for (word, capital, content) in body.iter() {
        if capital && content {
            add(&mut out, word);
        }
    }
    // Headline words are common; they are asked only when the article names little.
    if out.len() < 4 {
        for (word, _, content) in title.iter() {
            if content {
                add(&mut out, word);
            }
        }
    }
    out.truncate(12);
    out
}

impl Signature {
    /// Bytes for the store: both sketches, then the names.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity((2 * SKETCH + self.names.len()) * 4);
        for value in self.words.iter().chain(&self.runs).chain(&self.names) {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out
    }

    /// The signature these bytes hold; `None` when they cannot be one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if !bytes.len().is_multiple_of(4) || bytes.len() < 2 * SKETCH * 4 {
            return None;
        }
        let values: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut words = [0; SKETCH];
        let mut runs = [0; SKETCH];
        words.copy_from_slice(&values[..SKETCH]);
        runs.copy_from_slice(&values[SKETCH..2 * SKETCH]);
        Some(Signature {
            words,
            runs,
            names: values[2 * SKETCH..].to_vec(),
        })
    }
}
