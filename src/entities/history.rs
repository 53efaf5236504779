//! Second-pass features: what the first pass predicted for this token, its neighbours, and the same
//! word elsewhere in the document. This is what keeps a name's kind consistent through an article
//! (an organisation named in the body is still one in the capitalised headline).

use std::ops::Range;

use super::document::{Document, HashKeyed, PROSE};
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
    pub const MAJORITY_CASE: u64 = 107;
    pub const PROSE_MAJORITY: u64 = 108;
    pub const TOPIC_OWN: u64 = 109;
    pub const TOPIC_LAYOUT: u64 = 110;
    pub const NEIGHBOUR_MAJORITY: u64 = 111;
}

/// How often something was predicted O, PER, ORG, LOC, MISC.
type Tally = [u16; 5];

/// What the first pass said about the document's capitalised words.
#[derive(Debug, Default)]
pub struct TypeCounts {
    /// Per word (lowercase hash): the classes of all its capitalised occurrences.
    all: HashKeyed<Tally>,
    /// The same counting only occurrences in ordinary prose, where capitals say most.
    prose: HashKeyed<Tally>,
    /// The name type most of the document's name tokens got (0 when there are none): a sports
    /// results page is mostly teams, a market report mostly firms.
    topic: u64,
}

/// 0 for `O`, 1 + type otherwise.
#[inline]
fn class(label: u8) -> usize {
    type_of(label).map_or(0, |t| t + 1)
}

fn add(tally: &mut Tally, label: u8) {
    tally[class(label)] = tally[class(label)].saturating_add(1);
}

/// Counts the first-pass predictions of every capitalised word of the document.
pub fn count_types(doc: &Document, first_pass: &[u8], counts: &mut TypeCounts) {
    counts.all.clear();
    counts.prose.clear();
    let mut names = [0u32; 5];
    for (s, sentence) in doc.sentences.iter().enumerate() {
        for i in sentence.clone() {
            let (lexeme, label) = (&doc.lexemes[i], first_pass[i]);
            names[class(label)] += 1;
            if !lexeme.has(INIT_CAP) || !lexeme.has(HAS_LETTER) {
                continue;
            }
            add(counts.all.entry(lexeme.lower).or_default(), label);
            if doc.sentence_case[s] == PROSE {
                add(counts.prose.entry(lexeme.lower).or_default(), label);
            }
        }
    }
    names[0] = 0;
    counts.topic = (1..5).fold(0, |best, c| if names[c] > names[best] { c } else { best }) as u64;
}

/// The class most of `tally` has (the first on a tie).
fn majority_of(tally: &Tally) -> usize {
    (1..5).fold(0, |best, c| if tally[c] > tally[best] { c } else { best })
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
    sentence_index: usize,
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
    // What the words beside this one are elsewhere: "Blair" a person says "Tony" is one too.
    for (offset, j) in [(0, i.checked_sub(1)), (1, Some(i + 1))] {
        let Some(j) = j.filter(|j| sentence.contains(j)) else {
            continue;
        };
        if let Some(tally) = counts.all.get(&doc.lexemes[j].lower) {
            let majority = majority_of(tally) as u64;
            out.push(key(
                NEIGHBOUR_MAJORITY,
                offset << 4 | majority,
                class(own) as u64,
            ));
        }
    }
    let layout = u64::from(doc.layout[sentence_index]);
    out.push(key(TOPIC_OWN, counts.topic, class(own) as u64));
    out.push(key(
        TOPIC_LAYOUT,
        counts.topic << 8 | layout,
        class(own) as u64,
    ));
    let case = u64::from(doc.sentence_case[sentence_index]);
    if let Some(prose) = counts.prose.get(&lexeme.lower) {
        let mut others = *prose;
        if case == u64::from(PROSE) {
            others[class(own)] = others[class(own)].saturating_sub(1);
        }
        if others.iter().any(|&c| c > 0) {
            // What plain prose said of the word, for a headline or table that cannot say it.
            out.push(key(PROSE_MAJORITY, majority_of(&others) as u64, case));
        }
    }
    let Some(all) = counts.all.get(&lexeme.lower) else {
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
    out.push(key(MAJORITY_CASE, majority as u64, case));
    if u32::from(others[majority]) == total {
        out.push(key(UNANIMOUS, majority as u64, u64::from(total.min(3))));
    }
}
