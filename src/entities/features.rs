//! The feature templates of the tagger: which facts about a token and its neighbours it weighs.
//!
//! Each feature is a 64-bit key (template id mixed with hashes from the lexemes); the model maps keys
//! to rows of its weight table. Keys are pushed into a reused buffer so the hot path allocates nothing.

use std::ops::Range;

use super::document::{Document, PROSE};
use super::gazetteer::{CATEGORY_COUNT, category_mask};
use super::hash::mix;
use super::lexeme::{ALL_CAPS, HAS_HYPHEN, INIT_CAP, Lexeme};
use super::tables::WordInfo;

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
    pub const BROWN: u64 = 40;
    pub const BROWN_PREV: u64 = 44;
    pub const BROWN_NEXT: u64 = 45;
    pub const ROW: u64 = 46;
    pub const FINE: u64 = 47;
    pub const MID: u64 = 48;
    pub const COARSE: u64 = 49;
    pub const MID_PREV: u64 = 50;
    pub const MID_NEXT: u64 = 51;
    pub const BANDS: u64 = 52;
    pub const PLACE: u64 = 53;
    pub const PLACE_PREV: u64 = 54;
    pub const PLACE_NEXT: u64 = 55;
    pub const FINE_SHAPE: u64 = 56;
    pub const LAYOUT_SHAPES: u64 = 57;
    pub const LAYOUT_CLASS: u64 = 58;
    pub const LAYOUT_WORD: u64 = 59;
    pub const BROWN_SHAPE: u64 = 60;
    pub const MID_SHAPE: u64 = 62;
    pub const BROWN_BANDS: u64 = 63;
    pub const FINE_PREV: u64 = 64;
    pub const FINE_NEXT: u64 = 65;
    pub const BROWN_PREV2: u64 = 66;
    pub const BROWN_NEXT2: u64 = 67;
    pub const BROWN_PREV_HERE: u64 = 68;
    pub const BROWN_HERE_NEXT: u64 = 69;
}

/// Brown-path prefix lengths used as word classes.
const BROWN_BITS: [u32; 4] = [4, 6, 10, 20];

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
    word_features(&doc.lexemes[i], &doc.info[i], out);
    context_features(doc, sentence_index, sentence, i, out);
}

/// The features that depend on the word alone (its spelling and classes), which a tagger may
/// score once per word and reuse.
pub fn word_features(lex: &Lexeme, info: &WordInfo, out: &mut Vec<u64>) {
    use template::*;
    out.push(key1(BIAS, 0));
    out.push(key1(WORD, lex.word));
    out.push(key1(LOWER, lex.lower));
    out.push(key1(SHAPE, lex.shape));
    out.push(key1(SHORT, lex.short_shape));
    for k in 0..4 {
        out.push(key1(PREFIX + k as u64, lex.prefixes[k]));
        out.push(key1(SUFFIX + k as u64, lex.suffixes[k]));
    }
    out.push(key2(LENGTH, u64::from(lex.chars.min(12)), lex.short_shape));
    if lex.has(HAS_HYPHEN) {
        // The last part of "Anglo-Dutch" or "Tehran-based" says much about the whole.
        out.push(key1(HYPHEN_HEAD, lex.hyphen_head));
        out.push(key1(HYPHEN_TAIL, lex.hyphen_tail));
    }
    for (k, bits) in BROWN_BITS.iter().enumerate() {
        out.push(key1(BROWN + k as u64, info.brown_prefix(*bits)));
    }
    out.push(key1(ROW, u64::from(info.row)));
    out.push(key1(FINE, u64::from(info.fine)));
    out.push(key1(MID, u64::from(info.mid)));
    out.push(key1(COARSE, u64::from(info.coarse)));
    out.push(key2(FINE_SHAPE, u64::from(info.fine), lex.short_shape));
    // A cluster says "surname-like" or "city-like"; with the shape it also says whether this
    // spelling is the name or the common word the cluster holds.
    out.push(key2(BROWN_SHAPE, info.brown_prefix(6), lex.short_shape));
    out.push(key2(
        BROWN_SHAPE + 1,
        info.brown_prefix(10),
        lex.short_shape,
    ));
    out.push(key2(MID_SHAPE, u64::from(info.mid), lex.short_shape));
    let case = u64::from(lex.has(INIT_CAP)) | u64::from(lex.has(ALL_CAPS)) << 1;
    out.push(key2(
        BANDS,
        case,
        u64::from(info.lower_band) << 8 | u64::from(info.case_band),
    ));
    // How often a word is capitalised matters differently for names of people, places and firms.
    out.push(key2(
        BROWN_BANDS,
        info.brown_prefix(4),
        u64::from(info.case_band) << 2 | case,
    ));
}

/// The features that depend on the token's neighbours, sentence and document.
pub fn context_features(
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
    let layout = u64::from(doc.layout[sentence_index]);
    out.push(key3(LAYOUT_SHAPES, layout, lex.short_shape, short_at(1)));
    if lex.has(INIT_CAP) {
        out.push(key2(LAYOUT_CLASS, layout, u64::from(doc.info[i].mid)));
        out.push(key2(LAYOUT_WORD, layout, lex.lower));
    }
    out.push(key2(PREV_LOWER_SHORT, prev, lex.short_shape));
    out.push(key2(SHORT_NEXT_LOWER, lex.short_shape, next));
    let hits = doc.gazetteer[i];
    let mut bits = hits;
    while bits != 0 {
        let bit = bits.trailing_zeros();
        out.push(key1(GAZETTEER, u64::from(bit)));
        bits &= bits - 1;
    }
    class_features(doc, sentence, i, out);
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

/// Word classes of the neighbours (Brown paths, k-means classes of word vectors) and derived
/// place names: what the model knows of words it never saw labelled. The word's own classes are
/// in `word_features`.
fn class_features(doc: &Document, sentence: &Range<usize>, i: usize, out: &mut Vec<u64>) {
    use template::*;
    let neighbour = |offset: isize| {
        let j = i as isize + offset;
        (j >= sentence.start as isize && j < sentence.end as isize).then_some(j as usize)
    };
    let brown_at = |offset: isize, bits: u32| {
        neighbour(offset).map_or(if offset < 0 { BEFORE } else { AFTER }, |j| {
            doc.info[j].brown_prefix(bits)
        })
    };
    for (offset, brown, mid, fine, place) in [
        (-1, BROWN_PREV, MID_PREV, FINE_PREV, PLACE_PREV),
        (1, BROWN_NEXT, MID_NEXT, FINE_NEXT, PLACE_NEXT),
    ] {
        match neighbour(offset) {
            Some(j) => {
                out.push(key1(brown, doc.info[j].brown_prefix(6)));
                out.push(key1(mid, u64::from(doc.info[j].mid)));
                out.push(key1(fine, u64::from(doc.info[j].fine)));
                let mut categories = category_mask(doc.places[j]);
                while categories != 0 {
                    out.push(key1(place, u64::from(categories.trailing_zeros())));
                    categories &= categories - 1;
                }
            }
            None => {
                out.push(key1(brown, BEFORE));
                out.push(key1(mid, BEFORE));
            }
        }
    }
    // Two words away and the pairs with this word's class: "said" two words on, "of" before a
    // city-like word.
    out.push(key1(BROWN_PREV2, brown_at(-2, 6)));
    out.push(key1(BROWN_NEXT2, brown_at(2, 6)));
    let here = doc.info[i].brown_prefix(6);
    out.push(key2(BROWN_PREV_HERE, brown_at(-1, 6), here));
    out.push(key2(BROWN_HERE_NEXT, here, brown_at(1, 6)));
    let mut bits = doc.places[i];
    while bits != 0 {
        out.push(key1(PLACE, u64::from(bits.trailing_zeros())));
        bits &= bits - 1;
    }
}
