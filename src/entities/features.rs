//! The feature templates of the tagger: which facts about a token and its neighbours it weighs.
//!
//! Each feature is a 64-bit key (template id mixed with hashes from the lexemes); the model maps keys
//! to rows of its weight table. Keys are pushed into a reused buffer so the hot path allocates nothing.

use std::ops::Range;

use super::document::{Document, PROSE};
use super::gazetteer::{CATEGORY_COUNT, category_mask};
use super::hash::mix;
use super::lexeme::{HAS_HYPHEN, INIT_CAP, Lexeme};

/// Template ids. Changing a feature's meaning means a new id (and retraining).
mod template {
    pub const BIAS: u64 = 1;
    pub const WORD: u64 = 2;
    pub const LOWER: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const SHORT: u64 = 5;
    pub const PREFIX: u64 = 6;
    pub const SUFFIX: u64 = 10;
    pub const LOWER_AT: u64 = 14;
    pub const SHORT_AT: u64 = 18;
    pub const SHAPE_PREV_HERE: u64 = 22;
    pub const SHAPE_HERE_NEXT: u64 = 23;
    pub const SHORT_TRIGRAM: u64 = 24;
    pub const BIGRAM_PREV: u64 = 25;
    pub const BIGRAM_NEXT: u64 = 26;
    pub const POSITION_SHORT: u64 = 27;
    pub const CAPS_SENTENCE_SHORT: u64 = 28;
    pub const CAPS_SENTENCE_LOWER: u64 = 29;
    pub const DOCUMENT: u64 = 30;
    pub const PREV_LOWER_SHORT: u64 = 31;
    pub const SHORT_NEXT_LOWER: u64 = 32;
    pub const LENGTH: u64 = 33;
    pub const HYPHEN_HEAD: u64 = 34;
    pub const HYPHEN_TAIL: u64 = 35;
    pub const GAZETTEER: u64 = 36;
    pub const GAZETTEER_PREV: u64 = 37;
    pub const GAZETTEER_NEXT: u64 = 38;
    pub const PREV2_BIGRAM: u64 = 39;
}

/// Stand-ins for the words before the start and after the end of a sentence.
const BEFORE: u64 = 0xB0B0_5E17;
const AFTER: u64 = 0xE0E0_5E17;

#[inline]
fn key1(template: u64, a: u64) -> u64 {
    mix(mix(template, a), 0x5eed)
}

#[inline]
fn key2(template: u64, a: u64, b: u64) -> u64 {
    mix(mix(mix(template, a), b), 0x5eed)
}

#[inline]
fn key3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(mix(template, a), b), c), 0x5eed)
}

/// Pushes the keys of every local feature of token `i` (in sentence `sentence`) onto `out`.
pub fn local_features(
    doc: &Document,
    sentence_index: usize,
    sentence: &Range<usize>,
    i: usize,
    out: &mut Vec<u64>,
) {
    use template::*;
    let lex = &doc.lexemes[i];
    let at = |offset: isize| -> Option<&Lexeme> {
        let j = i as isize + offset;
        (j >= sentence.start as isize && j < sentence.end as isize)
            .then(|| &doc.lexemes[j as usize])
    };
    let lower_at =
        |offset: isize| at(offset).map_or(if offset < 0 { BEFORE } else { AFTER }, |l| l.lower);
    let short_at = |offset: isize| {
        at(offset).map_or(if offset < 0 { BEFORE } else { AFTER }, |l| l.short_shape)
    };
    let shape_at =
        |offset: isize| at(offset).map_or(if offset < 0 { BEFORE } else { AFTER }, |l| l.shape);
    let case = doc.sentence_case[sentence_index];
    let position = (i - sentence.start).min(2) as u64;

    out.push(key1(BIAS, 0));
    out.push(key1(WORD, lex.word));
    out.push(key1(LOWER, lex.lower));
    out.push(key1(SHAPE, lex.shape));
    out.push(key1(SHORT, lex.short_shape));
    for k in 0..4 {
        out.push(key1(PREFIX + k as u64, lex.prefixes[k]));
        out.push(key1(SUFFIX + k as u64, lex.suffixes[k]));
    }
    let (prev, next) = (lower_at(-1), lower_at(1));
    out.push(key1(LOWER_AT, prev));
    out.push(key1(LOWER_AT + 1, next));
    out.push(key1(LOWER_AT + 2, lower_at(-2)));
    out.push(key1(LOWER_AT + 3, lower_at(2)));
    out.push(key1(SHORT_AT, short_at(-1)));
    out.push(key1(SHORT_AT + 1, short_at(1)));
    out.push(key2(SHAPE_PREV_HERE, shape_at(-1), lex.shape));
    out.push(key2(SHAPE_HERE_NEXT, lex.shape, shape_at(1)));
    out.push(key3(
        SHORT_TRIGRAM,
        short_at(-1),
        lex.short_shape,
        short_at(1),
    ));
    out.push(key2(BIGRAM_PREV, prev, lex.lower));
    out.push(key2(BIGRAM_NEXT, lex.lower, next));
    out.push(key2(PREV2_BIGRAM, lower_at(-2), prev));
    out.push(key2(POSITION_SHORT, position, lex.short_shape));
    out.push(key2(CAPS_SENTENCE_SHORT, u64::from(case), lex.short_shape));
    if case != PROSE {
        out.push(key2(CAPS_SENTENCE_LOWER, u64::from(case), lex.lower));
    }
    if lex.has(INIT_CAP) {
        let flags =
            u64::from(doc.doc_flags[i]) | (u64::from(case) << 8) | ((position == 0) as u64) << 9;
        out.push(key2(DOCUMENT, flags, lex.short_shape));
    }
    out.push(key2(PREV_LOWER_SHORT, prev, lex.short_shape));
    out.push(key2(SHORT_NEXT_LOWER, lex.short_shape, next));
    out.push(key2(LENGTH, u64::from(lex.chars.min(12)), lex.short_shape));
    if lex.has(HAS_HYPHEN) {
        // The last part of "Anglo-Dutch" or "Tehran-based" says much about the whole.
        out.push(key1(HYPHEN_HEAD, lex.hyphen_head));
        out.push(key1(HYPHEN_TAIL, lex.hyphen_tail));
    }
    let hits = doc.gazetteer[i];
    let mut bits = hits;
    while bits != 0 {
        let bit = bits.trailing_zeros();
        out.push(key1(GAZETTEER, u64::from(bit)));
        bits &= bits - 1;
    }
    for (offset, template) in [(-1, GAZETTEER_PREV), (1, GAZETTEER_NEXT)] {
        let j = i as isize + offset;
        if j >= sentence.start as isize && j < sentence.end as isize {
            let mut categories = category_mask(doc.gazetteer[j as usize]);
            while categories != 0 {
                let category = categories.trailing_zeros();
                debug_assert!((category as usize) < CATEGORY_COUNT);
                out.push(key1(template, u64::from(category)));
                categories &= categories - 1;
            }
        }
    }
}
