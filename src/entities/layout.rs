//! How each sentence is laid out: a dateline line, a row of a results table; and whether the
//! document is mostly such rows (sports results, market tables). Names in such lines are clubs
//! and markets more often than people, and their capitals say less. (Marking the first sentence
//! as a headline was tried: CoNLL's headlines are mostly sports, and it taught the model that a
//! city in an article's first line is a club.)

use std::ops::Range;

use super::lexeme::{ALL_CAPS, HAS_DIGIT, HAS_LETTER, HAS_LOWER, INIT_CAP, Lexeme};

/// Mostly names and numbers: a results or table row (`Boatmen 3 Petofi 1`).
pub const TABLE: u8 = 1 << 1;
/// A short line opening with a place in capitals and a date (`LONDON 1996-08-30`).
pub const DATELINE: u8 = 1 << 2;
/// Set on every sentence of a document with many table rows.
pub const TABULAR_DOCUMENT: u8 = 1 << 3;

/// Table rows that make a document tabular.
const TABULAR_ROWS: usize = 3;

/// Layout bits of each sentence.
pub fn layout(lexemes: &[Lexeme], sentences: &[Range<usize>]) -> Vec<u8> {
    let mut out: Vec<u8> = sentences
        .iter()
        .map(|range| {
            let words = &lexemes[range.clone()];
            let mut bits = 0;
            let numbers = words
                .iter()
                .filter(|l| l.has(HAS_DIGIT) && !l.has(HAS_LETTER))
                .count();
            let lower = words
                .iter()
                .filter(|l| l.has(HAS_LOWER) && !l.has(INIT_CAP))
                .count();
            if numbers >= 2 && lower * 4 <= words.len() {
                bits |= TABLE;
            }
            let opens_in_capitals = words
                .first()
                .is_some_and(|l| l.has(ALL_CAPS) && l.chars >= 2);
            if opens_in_capitals && words.len() <= 10 && numbers >= 1 {
                bits |= DATELINE;
            }
            bits
        })
        .collect();
    let rows = out.iter().filter(|&&b| b & TABLE != 0).count();
    if rows >= TABULAR_ROWS {
        out.iter_mut().for_each(|b| *b |= TABULAR_DOCUMENT);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::lexeme::lexeme;

    fn lay(sentences: &[&str]) -> Vec<u8> {
        let mut lexemes = Vec::new();
        let mut ranges = Vec::new();
        for sentence in sentences {
            let start = lexemes.len();
            lexemes.extend(sentence.split(' ').map(lexeme));
            ranges.push(start..lexemes.len());
        }
        layout(&lexemes, &ranges)
    }

    #[test]
    fn datelines_and_tables() {
        let bits = lay(&[
            "SOCCER - LATE GOAL WINS IT",
            "HARBOURTON 2026-02-02",
            "Kestrel 3 Meridian 1",
            "The match was played in rain .",
        ]);
        assert_eq!(bits, vec![0, DATELINE, TABLE, 0]);
        let bits = lay(&["A 1 B 2", "C 1 D 2", "E 0 F 0", "Fans left ."]);
        assert!(bits.iter().all(|b| b & TABULAR_DOCUMENT != 0));
    }
}
