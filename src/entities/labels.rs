//! The seventeen BILOU labels (`O`, then Begin, Inside, Last and Unit of each name type), their
//! names, and conversion from the IOB1 or BIO tags found in CoNLL files.
//!
//! The model learns and decodes BILOU: a name's last word and a one-word name look unlike its first
//! or middle words, and separate labels let the perceptron weigh them apart. Everything after the
//! tagger (rules, spans, scores, `entities tag`) reads BIO, which is BILOU without `L` and `U`
//! (`bilou_to_bio`); `spans` reads either.

/// Number of labels: `O` plus B-, I-, L- and U- for each of the four name types.
pub const LABEL_COUNT: usize = 17;

/// BIO tag names by label index (an `L-` label prints as `I-`, a `U-` one as `B-`). Index 0 is `O`;
/// type `t` has B at `1 + 4t`, I at `2 + 4t`, L at `3 + 4t` and U at `4 + 4t`.
pub const LABEL_NAMES: [&str; LABEL_COUNT] = [
    "O", "B-PER", "I-PER", "I-PER", "B-PER", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "B-LOC", "I-LOC",
    "I-LOC", "B-LOC", "B-MISC", "I-MISC", "I-MISC", "B-MISC",
];

/// The four CoNLL name types, in label order.
pub const TYPE_COUNT: usize = 4;
pub const TYPE_NAMES: [&str; TYPE_COUNT] = ["PER", "ORG", "LOC", "MISC"];

pub const OUTSIDE: u8 = 0;

const BEGIN: u8 = 0;
const INSIDE: u8 = 1;
const LAST: u8 = 2;
const UNIT: u8 = 3;

/// The name type of a label (0..4), or None for `O`.
#[inline]
pub fn type_of(label: u8) -> Option<usize> {
    (label != OUTSIDE).then(|| (label as usize - 1) / 4)
}

/// Where in a name a label stands (`BEGIN`, `INSIDE`, `LAST`, `UNIT`); meaningless for `O`.
#[inline]
fn place(label: u8) -> u8 {
    label.wrapping_sub(1) % 4
}

/// Whether a label starts a name (B- or U-).
#[inline]
pub fn is_begin(label: u8) -> bool {
    label != OUTSIDE && matches!(place(label), BEGIN | UNIT)
}

/// Whether a label leaves its name open, so the next label must continue it (B- or I-).
#[inline]
fn is_open(label: u8) -> bool {
    label != OUTSIDE && matches!(place(label), BEGIN | INSIDE)
}

#[inline]
pub fn begin(kind: usize) -> u8 {
    1 + 4 * kind as u8
}

#[inline]
pub fn inside(kind: usize) -> u8 {
    2 + 4 * kind as u8
}

#[inline]
fn last(kind: usize) -> u8 {
    3 + 4 * kind as u8
}

#[inline]
fn unit(kind: usize) -> u8 {
    4 + 4 * kind as u8
}

/// Labels that close any name before them (`O`, L-, U-): the only ones a new name or `O` may
/// follow.
pub const CLOSED: [u8; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// Labels that need a predecessor closed (`O`, B-, U-): in the same order as the types.
#[cfg(test)]
pub const OPENING: [u8; 9] = [0, 1, 4, 5, 8, 9, 12, 13, 16];

/// The two labels that continue an open name of `kind` (I-, L-), and the two that may come right
/// before them (B-, I-).
#[inline]
pub fn continuing(kind: usize) -> ([u8; 2], [u8; 2]) {
    ([inside(kind), last(kind)], [begin(kind), inside(kind)])
}

/// Whether BILOU allows `next` right after `previous` (`None` = sentence start): I-X and L-X only
/// continue an open X (after B-X or I-X), and an open name must be continued.
#[inline]
pub fn allowed(previous: Option<u8>, next: u8) -> bool {
    let continues = next != OUTSIDE && matches!(place(next), INSIDE | LAST);
    match previous {
        Some(p) if is_open(p) => continues && type_of(p) == type_of(next),
        _ => !continues,
    }
}

/// Whether a sentence may end on `label` (not inside an open name).
#[inline]
pub fn can_end(label: u8) -> bool {
    !is_open(label)
}

/// Rewrites one sentence of BIO labels as BILOU: a name's last word gets L-, a one-word name U-.
pub fn bio_to_bilou(labels: &mut [u8]) {
    for i in 0..labels.len() {
        let Some(kind) = type_of(labels[i]) else {
            continue;
        };
        let next = labels.get(i + 1).copied();
        let continued = next.is_some_and(|n| n == inside(kind) || n == last(kind));
        if is_begin(labels[i]) {
            labels[i] = if continued { begin(kind) } else { unit(kind) };
        } else if !continued {
            labels[i] = last(kind);
        }
    }
}

/// Rewrites BILOU labels as BIO (L- as I-, U- as B-); the names are the same.
pub fn bilou_to_bio(labels: &mut [u8]) {
    for label in labels {
        if let Some(kind) = type_of(*label) {
            *label = if is_begin(*label) {
                begin(kind)
            } else {
                inside(kind)
            };
        }
    }
}

/// The type index of a tag's name part (`PER`, `ORG`, `LOC`, `MISC`), if it is one of them.
pub fn type_index(name: &str) -> Option<usize> {
    TYPE_NAMES.iter().position(|t| *t == name)
}

/// Converts one sentence of tags, IOB1 or BIO (or IOBES), to BIO label indices.
///
/// `I-X` after anything but X starts a chunk (that is all IOB1 and BIO differ in); `B-X` and `S-X`
/// always start one; `E-X` continues. Unknown tags read as `O`.
pub fn to_bio(tags: &[&str]) -> Vec<u8> {
    let mut labels = Vec::with_capacity(tags.len());
    let mut previous: Option<usize> = None;
    for tag in tags {
        let parsed = tag
            .split_once('-')
            .and_then(|(prefix, name)| Some((prefix, type_index(name)?)));
        let label = match parsed {
            Some(("B" | "S", kind)) => begin(kind),
            Some(("I" | "E", kind)) if previous == Some(kind) => inside(kind),
            Some(("I" | "E", kind)) => begin(kind),
            _ => OUTSIDE,
        };
        previous = type_of(label);
        labels.push(label);
    }
    labels
}

/// Chunks of a BIO or BILOU label sequence as `(type, start, end)` with `end` exclusive. Like
/// conlleval, an I-X that does not continue an X chunk starts a new one; an L- or U- label ends one.
pub fn spans(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &label) in labels.iter().enumerate() {
        let kind = type_of(label);
        let continues = !is_begin(label) && kind.is_some() && open.map(|(k, _)| k) == kind;
        if !continues {
            if let Some((k, start)) = open.take() {
                out.push((k, start, i));
            }
            if let Some(k) = kind {
                open = Some((k, i));
            }
        }
        if label != OUTSIDE
            && matches!(place(label), LAST | UNIT)
            && let Some((k, start)) = open.take()
        {
            out.push((k, start, i + 1));
        }
    }
    if let Some((k, start)) = open {
        out.push((k, start, labels.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PER: usize = 0;
    const LOC: usize = 2;
    const ORG: usize = 1;
    const MISC: usize = 3;

    #[test]
    fn iob1_adjacent_same_type_splits_on_b() {
        let labels = to_bio(&["I-PER", "I-PER", "B-PER", "O", "I-LOC"]);
        let (b, i) = (begin(PER), inside(PER));
        assert_eq!(labels, vec![b, i, b, 0, begin(LOC)]);
        assert_eq!(spans(&labels), vec![(0, 0, 2), (0, 2, 3), (2, 4, 5)]);
    }

    #[test]
    fn bio_is_kept_and_type_changes_start_chunks() {
        let labels = to_bio(&["B-ORG", "I-ORG", "I-MISC", "B-MISC"]);
        assert_eq!(
            labels,
            vec![begin(ORG), inside(ORG), begin(MISC), begin(MISC)]
        );
        assert_eq!(spans(&labels), vec![(1, 0, 2), (3, 2, 3), (3, 3, 4)]);
    }

    #[test]
    fn bilou_round_trip_keeps_the_spans() {
        let bio = to_bio(&["B-PER", "I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-LOC"]);
        let mut bilou = bio.clone();
        bio_to_bilou(&mut bilou);
        assert_eq!(
            bilou,
            vec![
                begin(PER),
                inside(PER),
                last(PER),
                unit(PER),
                0,
                begin(LOC),
                last(LOC)
            ]
        );
        assert_eq!(spans(&bilou), spans(&bio));
        bilou_to_bio(&mut bilou);
        assert_eq!(bilou, bio);
        assert_eq!(LABEL_NAMES[usize::from(last(MISC))], "I-MISC");
        assert_eq!(LABEL_NAMES[usize::from(unit(ORG))], "B-ORG");
    }

    #[test]
    fn allowed_transitions() {
        assert!(allowed(None, begin(PER)));
        assert!(allowed(None, unit(PER)));
        assert!(!allowed(None, inside(PER)));
        assert!(!allowed(None, last(PER)));
        assert!(allowed(Some(begin(PER)), last(PER)));
        assert!(allowed(Some(inside(PER)), inside(PER)));
        assert!(!allowed(Some(begin(PER)), 0));
        assert!(!allowed(Some(begin(ORG)), last(PER)));
        assert!(!allowed(Some(last(PER)), inside(PER)));
        assert!(allowed(Some(unit(PER)), begin(PER)));
        assert!(!allowed(Some(0), inside(ORG)));
        assert!(can_end(last(LOC)) && can_end(0) && !can_end(begin(LOC)));
    }

    /// The lists Viterbi walks instead of every pair are exactly the allowed moves.
    #[test]
    fn decoding_lists_are_the_allowed_moves() {
        for next in 0..LABEL_COUNT as u8 {
            let from: Vec<u8> = (0..LABEL_COUNT as u8)
                .filter(|&p| allowed(Some(p), next))
                .collect();
            let listed = match type_of(next) {
                Some(kind) if continuing(kind).0.contains(&next) => continuing(kind).1.to_vec(),
                _ => CLOSED.to_vec(),
            };
            assert_eq!(from, listed, "before {next}");
            assert_eq!(OPENING.contains(&next), listed == CLOSED, "{next}");
        }
    }
}
