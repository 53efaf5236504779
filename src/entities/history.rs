//! Second-pass features: what the first pass predicted for this token, its neighbours, and the same
//! word elsewhere in the document. This is what keeps a name's kind consistent through an article
//! (an organisation named in the body is still one in the capitalised headline).

use std::ops::Range;

use super::document::{Document, HashKeyed};
use super::hash::mix;
use super::labels::type_of;
use super::lexeme::{HAS_LETTER, INIT_CAP};

mod template {
    pub const OWN: u64 = 101;
    pub const OWN_CONTEXT: u64 = 102;
    pub const MAJORITY: u64 = 103;
    pub const PRESENT: u64 = 104;
    pub const MAJORITY_OWN: u64 = 105;
    pub const UNANIMOUS: u64 = 106;
}

/// Per word (lowercase hash): how often its capitalised occurrences were predicted O, PER, ORG, LOC, MISC.
pub type TypeCounts = HashKeyed<[u16; 5]>;

/// 0 for `O`, 1 + type otherwise.
#[inline]
fn class(label: u8) -> usize {
    type_of(label).map_or(0, |t| t + 1)
}

/// Counts the first-pass predictions of every capitalised word of the document.
pub fn count_types(doc: &Document, first_pass: &[u8], counts: &mut TypeCounts) {
    counts.clear();
    for (lexeme, &label) in doc.lexemes.iter().zip(first_pass) {
        if lexeme.has(INIT_CAP) && lexeme.has(HAS_LETTER) {
            let entry = counts.entry(lexeme.lower).or_default();
            entry[class(label)] = entry[class(label)].saturating_add(1);
        }
    }
}

#[inline]
fn key(template: u64, a: u64, b: u64) -> u64 {
    mix(mix(mix(template, a), b), 0x5eed)
}

/// Pushes the second-pass feature keys of token `i` onto `out`.
pub fn history_features(
    doc: &Document,
    first_pass: &[u8],
    counts: &TypeCounts,
    sentence: &Range<usize>,
    i: usize,
    out: &mut Vec<u64>,
) {
    use template::*;
    let own = first_pass[i];
    let before = if i > sentence.start {
        u64::from(first_pass[i - 1])
    } else {
        99
    };
    let after = if i + 1 < sentence.end {
        u64::from(first_pass[i + 1])
    } else {
        99
    };
    out.push(key(OWN, u64::from(own), 0));
    out.push(key(OWN_CONTEXT, before << 8 | u64::from(own), after));
    let lexeme = &doc.lexemes[i];
    if !lexeme.has(INIT_CAP) || !lexeme.has(HAS_LETTER) {
        return;
    }
    let Some(all) = counts.get(&lexeme.lower) else {
        return;
    };
    let mut others = *all;
    others[class(own)] = others[class(own)].saturating_sub(1);
    let total: u32 = others.iter().map(|&c| u32::from(c)).sum();
    if total == 0 {
        return;
    }
    let mut majority = 0;
    for (c, &count) in others.iter().enumerate() {
        if count > 0 {
            out.push(key(PRESENT, c as u64, 0));
        }
        if count > others[majority] {
            majority = c;
        }
    }
    out.push(key(MAJORITY, majority as u64, 0));
    out.push(key(MAJORITY_OWN, majority as u64, class(own) as u64));
    if u32::from(others[majority]) == total {
        out.push(key(UNANIMOUS, majority as u64, u64::from(total.min(3))));
    }
}
