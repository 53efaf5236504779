//! Viterbi decoding over the BILOU labels, with the BILOU rules (I-X and L-X only continue an open X,
//! an open name is continued, a sentence does not end inside one) enforced.

use super::labels::{CLOSED, LABEL_COUNT, TYPE_COUNT, allowed, can_end, continuing};

/// Scores per label for one token.
pub type Scores = [i32; LABEL_COUNT];

/// A score no path can recover from, with room to add to it without overflow.
pub const FORBIDDEN: i32 = i32::MIN / 4;

/// Label-to-label scores plus the score of each label opening a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Transitions {
    pub between: [[i32; LABEL_COUNT]; LABEL_COUNT],
    pub start: [i32; LABEL_COUNT],
}

impl Default for Transitions {
    fn default() -> Self {
        Transitions {
            between: [[0; LABEL_COUNT]; LABEL_COUNT],
            start: [0; LABEL_COUNT],
        }
    }
}

impl Transitions {
    /// These scores with forbidden BILOU moves set to `FORBIDDEN`, ready for decoding.
    pub fn constrained(&self) -> Transitions {
        let mut out = self.clone();
        for next in 0..LABEL_COUNT {
            if !allowed(None, next as u8) {
                out.start[next] = FORBIDDEN;
            }
            for previous in 0..LABEL_COUNT {
                if !allowed(Some(previous as u8), next as u8) {
                    out.between[previous][next] = FORBIDDEN;
                }
            }
        }
        out
    }
}

/// One step of Viterbi: for every label, the best score of reaching it from `score` and the label
/// it comes from, with forbidden moves clamped so a long run of them cannot overflow.
///
/// Written without branches over whole rows so the compiler makes it vector code: every label is
/// tried from each closed label (one row of `between` at a time), then the continuing labels (I-,
/// L-) are tried from their two possible predecessors instead. Ties go to the earlier candidate.
#[inline]
fn step(score: &Scores, transitions: &Transitions) -> (Scores, [i32; LABEL_COUNT]) {
    let mut best = [i32::MIN; LABEL_COUNT];
    let mut from = [0i32; LABEL_COUNT];
    for &previous in &CLOSED {
        let previous = usize::from(previous);
        let base = score[previous];
        let row = &transitions.between[previous];
        for ((best, from), &move_score) in best.iter_mut().zip(from.iter_mut()).zip(row) {
            let candidate = base + move_score;
            let better = candidate > *best;
            *best = if better { candidate } else { *best };
            *from = if better { previous as i32 } else { *from };
        }
    }
    for kind in 0..TYPE_COUNT {
        let (labels, before) = continuing(kind);
        for label in labels.map(usize::from) {
            let (mut top, mut top_from) = (i32::MIN, 0);
            for previous in before.map(usize::from) {
                let candidate = score[previous] + transitions.between[previous][label];
                if candidate > top {
                    (top, top_from) = (candidate, previous as i32);
                }
            }
            best[label] = top;
            from[label] = top_from;
        }
    }
    for value in &mut best {
        *value = (*value).max(FORBIDDEN);
    }
    (best, from)
}

/// Reusable buffers for decoding, so tagging many sentences allocates once.
#[derive(Debug, Default)]
pub struct Decoder {
    back: Vec<[u8; LABEL_COUNT]>,
}

impl Decoder {
    /// Writes the best label sequence for `emissions` into `out` (same length). `transitions` must
    /// already be constrained.
    pub fn decode(&mut self, emissions: &[Scores], transitions: &Transitions, out: &mut [u8]) {
        self.decode_between(emissions, transitions, None, None, out);
    }

    /// `decode` for a stretch of a sentence whose neighbours' labels are fixed: `before` is the
    /// label of the token before the stretch and `after` of the token after it (`None` where the
    /// stretch opens or closes the sentence). The result is the stretch of the best path through
    /// the whole sentence with those labels fixed.
    pub fn decode_between(
        &mut self,
        emissions: &[Scores],
        transitions: &Transitions,
        before: Option<u8>,
        after: Option<u8>,
        out: &mut [u8],
    ) {
        let n = emissions.len();
        if n == 0 {
            return;
        }
        self.back.clear();
        self.back.resize(n, [0; LABEL_COUNT]);
        let opening = before.map_or(&transitions.start, |label| {
            &transitions.between[usize::from(label)]
        });
        let mut score: Scores = [0; LABEL_COUNT];
        for (label, value) in score.iter_mut().enumerate() {
            *value = opening[label].saturating_add(emissions[0][label]);
        }
        for (emitted, back) in emissions.iter().zip(self.back.iter_mut()).skip(1) {
            // Only allowed moves can win: `O` or a new name after a closed label, a name's next
            // word after its open one (forbidden moves score `FORBIDDEN`).
            let (best, from) = step(&score, transitions);
            for label in 0..LABEL_COUNT {
                score[label] = best[label] + emitted[label];
                back[label] = from[label] as u8;
            }
        }
        if let Some(next) = after {
            for (label, value) in score.iter_mut().enumerate() {
                *value = value.saturating_add(transitions.between[label][usize::from(next)]);
            }
        }
        let mut label = 0;
        for candidate in 1..LABEL_COUNT {
            if can_end(candidate as u8) && score[candidate] > score[label] {
                label = candidate;
            }
        }
        for t in (0..n).rev() {
            out[t] = label as u8;
            label = usize::from(self.back[t][label]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::{begin, inside};

    const PER: usize = 0;
    const ORG: usize = 1;
    const LOC: usize = 2;

    #[test]
    fn inside_cannot_open_a_sentence_or_follow_outside() {
        let transitions = Transitions::default().constrained();
        let mut emissions = [[0; LABEL_COUNT]; 3];
        // I-PER wants the first token, which must not start with I-.
        emissions[0][usize::from(inside(PER))] = 10;
        emissions[1][0] = 5;
        // L-ORG wants the last, which needs B-ORG (or I-ORG) before it.
        emissions[2][usize::from(inside(ORG)) + 1] = 10;
        let mut out = [0u8; 3];
        Decoder::default().decode(&emissions, &transitions, &mut out);
        assert_eq!(out, [0, begin(ORG), inside(ORG) + 1]);
    }

    #[test]
    fn best_path_follows_emissions_when_allowed() {
        let transitions = Transitions::default().constrained();
        let mut emissions = [[0; LABEL_COUNT]; 3];
        let last_per = inside(PER) + 1;
        let unit_loc = begin(LOC) + 3;
        emissions[0][usize::from(begin(PER))] = 3;
        emissions[1][usize::from(last_per)] = 3;
        emissions[2][usize::from(unit_loc)] = 3;
        let mut out = [0u8; 3];
        Decoder::default().decode(&emissions, &transitions, &mut out);
        assert_eq!(out, [begin(PER), last_per, unit_loc]);
    }

    #[test]
    fn a_stretch_between_fixed_outside_labels_decodes_as_the_whole_sentence() {
        // Arbitrary transitions and emissions from a small generator; token 4 and 5 can only be
        // outside, so the sentence decodes as the stretches before and after them.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 200) as i32 - 100
        };
        for _ in 0..50 {
            let mut raw = Transitions::default();
            for label in 0..LABEL_COUNT {
                raw.start[label] = next();
                for to in 0..LABEL_COUNT {
                    raw.between[label][to] = next();
                }
            }
            let transitions = raw.constrained();
            let mut emissions = [[0; LABEL_COUNT]; 9];
            for scores in &mut emissions {
                for value in scores.iter_mut() {
                    *value = next();
                }
            }
            for forced in [4, 5] {
                emissions[forced] = [FORBIDDEN; LABEL_COUNT];
                emissions[forced][0] = 0;
            }
            let mut whole = [0u8; 9];
            let mut decoder = Decoder::default();
            decoder.decode(&emissions, &transitions, &mut whole);
            let mut parts = [0u8; 9];
            decoder.decode_between(
                &emissions[..4],
                &transitions,
                None,
                Some(0),
                &mut parts[..4],
            );
            decoder.decode_between(
                &emissions[6..],
                &transitions,
                Some(0),
                None,
                &mut parts[6..],
            );
            assert_eq!(parts, whole);
        }
    }
}
