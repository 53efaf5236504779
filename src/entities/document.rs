//! A document prepared for tagging: every token's lexeme, its sentences, which sentences are written
//! in capitals, and what the rest of the document says about each word (seen lowercase? capitalised
//! mid-sentence?). The model reads these as features, so one article is judged as a whole.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::gazetteer::{Gazetteer, annotate_places};
use super::layout::layout;
use super::lexeme::{ALL_CAPS, HAS_LETTER, HAS_LOWER, INIT_CAP, Lexeme, lexeme, word_hash};
use super::tables::{Tables, WordInfo};

/// The word also appears in lowercase somewhere in the document (a common word, capitalised here).
pub const SEEN_LOWER: u8 = 1;
/// The word appears capitalised in the middle of an ordinary sentence elsewhere (likely a name).
pub const SEEN_CAPITALISED_MID: u8 = 1 << 1;
/// The word appears only once in the document.
pub const SINGLE: u8 = 1 << 2;

/// Sentence case: ordinary prose, all capitals, or title case.
pub const PROSE: u8 = 0;
pub const CAPITALS: u8 = 1;
pub const TITLE_CASE: u8 = 2;

/// Keys are hashes already; hashing them again would only cost time.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Words described recently (direct-mapped by the word's hash), per thread: most of an article's
/// tokens are words it or the last few articles used already, and describing one costs a dozen
/// hashes and a table probe. News uses tens of thousands of words, so 4,096 slots kept evicting
/// each other; 16,384 (2.3 MB a thread) cut the recogniser's instructions by 2%.
const WORD_SLOTS: usize = 1 << 14;

thread_local! {
    static WORDS: std::cell::RefCell<WordCache> = std::cell::RefCell::default();
}

#[derive(Default)]
struct WordCache {
    /// The tables the cached `WordInfo`s came from (by address; only ever the built-in ones
    /// outside tests).
    tables: usize,
    slots: Vec<(u64, Lexeme, WordInfo)>,
}

impl WordCache {
    /// Each token's lexeme and what the tables know of it.
    fn describe<S: AsRef<str>>(
        &mut self,
        tokens: &[S],
        tables: &Tables,
    ) -> (Vec<Lexeme>, Vec<WordInfo>) {
        let address = std::ptr::from_ref(tables) as usize;
        if self.tables != address || self.slots.is_empty() {
            self.tables = address;
            self.slots.clear();
            self.slots
                .resize(WORD_SLOTS, (0, Lexeme::default(), WordInfo::default()));
        }
        let mut lexemes = Vec::with_capacity(tokens.len());
        let mut info = Vec::with_capacity(tokens.len());
        for token in tokens {
            let token = token.as_ref();
            let word = word_hash(token);
            let slot = &mut self.slots[word as usize & (WORD_SLOTS - 1)];
            if slot.0 != word || word == 0 {
                let described = lexeme(token);
                *slot = (word, described, tables.word_of(token, described.word));
            }
            lexemes.push(slot.1);
            info.push(slot.2);
        }
        (lexemes, info)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct WordCounts {
    lowercase: u16,
    capitalised_mid: u16,
    total: u16,
}

/// Tokens of one document with everything features need.
#[derive(Debug, Default)]
pub struct Document {
    pub lexemes: Vec<Lexeme>,
    pub sentences: Vec<Range<usize>>,
    /// Per sentence: how it is capitalised (`PROSE`, `CAPITALS`, `TITLE_CASE`).
    pub sentence_case: Vec<u8>,
    /// Per token: `SEEN_*` and `SINGLE` flags from the whole document.
    pub doc_flags: Vec<u8>,
    /// Per token: gazetteer hits as `Gazetteer` bit masks.
    pub gazetteer: Vec<u64>,
    /// Per sentence: `layout` bits (headline, table row, dateline, tabular document).
    pub layout: Vec<u8>,
    /// Per token: what the derived tables know of the word.
    pub info: Vec<WordInfo>,
    /// Per token: derived place-name hits (GeoNames), as `annotate_places` sets them.
    pub places: Vec<u64>,
}

impl Document {
    /// Prepares `tokens` (all sentences, end to end) split at `sentences`.
    pub fn new<S: AsRef<str>>(
        tokens: &[S],
        sentences: Vec<Range<usize>>,
        gazetteer: &Gazetteer,
        tables: &Tables,
    ) -> Document {
        let (lexemes, info) = WORDS.with_borrow_mut(|words| words.describe(tokens, tables));
        let sentence_case = sentences
            .iter()
            .map(|range| case_of(&lexemes[range.clone()]))
            .collect();
        let layout = layout(&lexemes, &sentences);
        let mut document = Document {
            lexemes,
            sentences,
            sentence_case,
            layout,
            doc_flags: Vec::new(),
            gazetteer: Vec::new(),
            info,
            places: Vec::new(),
        };
        document.doc_flags = document.word_flags();
        document.gazetteer = gazetteer.annotate(&document);
        document.places = annotate_places(&document, tables);
        document
    }

    pub fn len(&self) -> usize {
        self.lexemes.len()
    }

    /// Whether token `i`, at sentence position `position`, is capitalised mid-sentence in prose.
    fn capitalised_mid(&self, lexeme: &Lexeme, position: usize, case: u8) -> bool {
        position > 0 && case == PROSE && lexeme.has(INIT_CAP) && !lexeme.has(ALL_CAPS)
    }

    fn word_flags(&self) -> Vec<u8> {
        let mut counts: HashKeyed<WordCounts> = HashKeyed::default();
        self.for_each_token(|lexeme, position, caps| {
            if !lexeme.has(HAS_LETTER) {
                return;
            }
            let entry = counts.entry(lexeme.lower).or_default();
            entry.total = entry.total.saturating_add(1);
            if !lexeme.has(INIT_CAP) && lexeme.has(HAS_LOWER) {
                entry.lowercase = entry.lowercase.saturating_add(1);
            }
            if self.capitalised_mid(lexeme, position, caps) {
                entry.capitalised_mid = entry.capitalised_mid.saturating_add(1);
            }
        });
        let mut flags = Vec::with_capacity(self.len());
        self.for_each_token(|lexeme, position, caps| {
            let Some(entry) = counts.get(&lexeme.lower) else {
                flags.push(0);
                return;
            };
            let mut value = 0;
            let is_lower = !lexeme.has(INIT_CAP) && lexeme.has(HAS_LOWER);
            if entry.lowercase > u16::from(is_lower) {
                value |= SEEN_LOWER;
            }
            if entry.capitalised_mid > u16::from(self.capitalised_mid(lexeme, position, caps)) {
                value |= SEEN_CAPITALISED_MID;
            }
            if entry.total == 1 {
                value |= SINGLE;
            }
            flags.push(value);
        });
        flags
    }

    /// Calls `visit(lexeme, position in sentence, sentence case)` for every token in order.
    fn for_each_token(&self, mut visit: impl FnMut(&Lexeme, usize, u8)) {
        for (range, &caps) in self.sentences.iter().zip(&self.sentence_case) {
            for (position, lexeme) in self.lexemes[range.clone()].iter().enumerate() {
                visit(lexeme, position, caps);
            }
        }
    }
}

/// A headline or dateline: words with letters are (nearly) all in capitals. Or a headline in title
/// case: every longer word capitalised. Either way capitals say less about names than in prose.
fn case_of(lexemes: &[Lexeme]) -> u8 {
    let mut letters = 0;
    let mut lower = 0;
    let mut long_words = 0;
    let mut long_lower = 0;
    for lexeme in lexemes {
        if lexeme.has(HAS_LETTER) {
            letters += 1;
            if lexeme.has(HAS_LOWER) {
                lower += 1;
            }
            if lexeme.chars >= 4 {
                long_words += 1;
                long_lower += usize::from(!lexeme.has(INIT_CAP));
            }
        }
    }
    if letters > 0 && lower * 4 < letters {
        CAPITALS
    } else if long_words >= 3 && long_lower == 0 {
        TITLE_CASE
    } else {
        PROSE
    }
}
