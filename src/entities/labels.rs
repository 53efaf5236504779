//! The nine BIO labels, their names, and conversion from the IOB1 or BIO tags found in CoNLL files.

/// Number of labels: `O` plus B-/I- for each of the four name types.
pub const LABEL_COUNT: usize = 9;

/// Label names by index. Index 0 is `O`; type `t` has B at `1 + 2t` and I at `2 + 2t`.
pub const LABEL_NAMES: [&str; LABEL_COUNT] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// The four CoNLL name types, in label order.
pub const TYPE_NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

pub const OUTSIDE: u8 = 0;

/// The name type of a label (0..4), or None for `O`.
#[inline]
pub fn type_of(label: u8) -> Option<usize> {
    (label != OUTSIDE).then(|| (label as usize - 1) / 2)
}

#[inline]
pub fn is_begin(label: u8) -> bool {
    label != OUTSIDE && label % 2 == 1
}

#[inline]
pub fn begin(kind: usize) -> u8 {
    1 + 2 * kind as u8
}

#[inline]
pub fn inside(kind: usize) -> u8 {
    2 + 2 * kind as u8
}

/// Whether BIO allows `next` right after `previous` (`None` = sentence start): I-X only continues X.
#[inline]
pub fn allowed(previous: Option<u8>, next: u8) -> bool {
    if next == OUTSIDE || is_begin(next) {
        return true;
    }
    previous.is_some_and(|p| type_of(p) == type_of(next))
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

/// Chunks of a BIO label sequence as `(type, start, end)` with `end` exclusive. Like conlleval, an
/// I-X that does not continue an X chunk starts a new one.
pub fn spans(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &label) in labels.iter().enumerate() {
        let kind = type_of(label);
        let continues = !is_begin(label) && kind.is_some() && open.map(|(k, _)| k) == kind;
        if continues {
            continue;
        }
        if let Some((k, start)) = open.take() {
            out.push((k, start, i));
        }
        if let Some(k) = kind {
            open = Some((k, i));
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

    #[test]
    fn iob1_adjacent_same_type_splits_on_b() {
        let labels = to_bio(&["I-PER", "I-PER", "B-PER", "O", "I-LOC"]);
        assert_eq!(labels, vec![1, 2, 1, 0, 5]);
        assert_eq!(spans(&labels), vec![(0, 0, 2), (0, 2, 3), (2, 4, 5)]);
    }

    #[test]
    fn bio_is_kept_and_type_changes_start_chunks() {
        let labels = to_bio(&["B-ORG", "I-ORG", "I-MISC", "B-MISC"]);
        assert_eq!(labels, vec![3, 4, 7, 7]);
        assert_eq!(spans(&labels), vec![(1, 0, 2), (3, 2, 3), (3, 3, 4)]);
    }

    #[test]
    fn allowed_transitions() {
        assert!(allowed(None, 1));
        assert!(!allowed(None, 2));
        assert!(allowed(Some(1), 2));
        assert!(allowed(Some(2), 2));
        assert!(!allowed(Some(3), 2));
        assert!(!allowed(Some(0), 4));
    }
}
