//! Rules applied after the model: a nationality that opens a party's name belongs to it ("the Iranian
//! Communist Party"), as CoNLL mostly annotates it.
//!
//! A hard "one kind per name in a document" vote was tried here and dropped: it cost 0.2 F1 on the
//! development set (`NEW YORK` the team and the city share a document). Consistency comes from the
//! second pass's document-history features instead.

use std::sync::OnceLock;

use super::document::Document;
use super::gazetteer::{DEMONYM, is_single};
use super::labels::{begin, inside, spans};
use super::lexeme::lower_hash;

const ORG: usize = 1;
const MISC: usize = 3;

/// Last words of organisations that take a nationality into their name (`Iranian Communist Party`,
/// `Indonesian Democratic Party`); ministries are left alone, as CoNLL mostly splits them.
const PARTY_WORDS: &[&str] = &[
    "party",
    "front",
    "movement",
    "union",
    "alliance",
    "league",
    "congress",
    "federation",
    "association",
    "organisation",
    "organization",
    "council",
];

fn party_words() -> &'static [u64] {
    static WORDS: OnceLock<Vec<u64>> = OnceLock::new();
    WORDS.get_or_init(|| PARTY_WORDS.iter().map(|w| lower_hash(w)).collect())
}

/// Applies the rules to `labels` (one BIO label per token of `doc`).
pub fn apply(doc: &Document, labels: &mut [u8]) {
    join_nationality_to_party(doc, labels);
}

/// `Iranian` (a nationality, tagged MISC) right before an organisation ending in a party word.
fn join_nationality_to_party(doc: &Document, labels: &mut [u8]) {
    for sentence in &doc.sentences {
        let found = spans(&labels[sentence.clone()]);
        for pair in found.windows(2) {
            let ((first, s1, e1), (second, s2, e2)) = (pair[0], pair[1]);
            let (s1, e2) = (sentence.start + s1, sentence.start + e2);
            let joined = first == MISC
                && second == ORG
                && e1 == s2
                && e1 - (s1 - sentence.start) == 1
                && is_single(doc.gazetteer[s1], DEMONYM)
                && party_words().contains(&doc.lexemes[e2 - 1].lower);
            if joined {
                labels[s1] = begin(ORG);
                labels[s1 + 1..e2].fill(inside(ORG));
            }
        }
    }
}
