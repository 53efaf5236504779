//! Viterbi decoding over the nine BIO labels, with the BIO rule (I-X only after B-X or I-X) enforced.

use super::labels::{LABEL_COUNT, allowed};

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
    /// These scores with forbidden BIO moves set to `FORBIDDEN`, ready for decoding.
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

/// Reusable buffers for decoding, so tagging many sentences allocates once.
#[derive(Debug, Default)]
pub struct Decoder {
    back: Vec<[u8; LABEL_COUNT]>,
}

impl Decoder {
    /// Writes the best label sequence for `emissions` into `out` (same length). `transitions` must
    /// already be constrained.
    // Indexing by label keeps the score, transition and back-pointer tables visibly in step.
    #[allow(clippy::needless_range_loop)]
    pub fn decode(&mut self, emissions: &[Scores], transitions: &Transitions, out: &mut [u8]) {
        let n = emissions.len();
        if n == 0 {
            return;
        }
        self.back.clear();
        self.back.resize(n, [0; LABEL_COUNT]);
        let mut score: Scores = [0; LABEL_COUNT];
        for (label, value) in score.iter_mut().enumerate() {
            *value = transitions.start[label].saturating_add(emissions[0][label]);
        }
        for t in 1..n {
            let mut next: Scores = [0; LABEL_COUNT];
            let back = &mut self.back[t];
            for label in 0..LABEL_COUNT {
                let mut best = score[0] + transitions.between[0][label];
                let mut best_previous = 0;
                for previous in 1..LABEL_COUNT {
                    let candidate = score[previous] + transitions.between[previous][label];
                    if candidate > best {
                        best = candidate;
                        best_previous = previous;
                    }
                }
                // Clamp so a long run of forbidden moves cannot overflow.
                next[label] = best.max(FORBIDDEN) + emissions[t][label];
                back[label] = best_previous as u8;
            }
            score = next;
        }
        let mut label = 0;
        for candidate in 1..LABEL_COUNT {
            if score[candidate] > score[label] {
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

    #[test]
    fn inside_cannot_open_a_sentence_or_follow_outside() {
        let transitions = Transitions::default().constrained();
        let mut emissions = [[0; LABEL_COUNT]; 3];
        emissions[0][2] = 10; // I-PER wants the first token, which must not start with I-
        emissions[1][0] = 5;
        emissions[2][4] = 10; // I-ORG wants the last, which needs B-ORG before it
        let mut out = [0u8; 3];
        Decoder::default().decode(&emissions, &transitions, &mut out);
        // O (0) beats nothing at the start; B-ORG I-ORG (0 + 10) beats O I-ORG, which is forbidden.
        assert_eq!(out, [0, 3, 4]);
    }

    #[test]
    fn best_path_follows_emissions_when_allowed() {
        let transitions = Transitions::default().constrained();
        let mut emissions = [[0; LABEL_COUNT]; 3];
        emissions[0][1] = 3;
        emissions[1][2] = 3;
        emissions[2][5] = 3;
        let mut out = [0u8; 3];
        Decoder::default().decode(&emissions, &transitions, &mut out);
        assert_eq!(out, [1, 2, 5]);
    }
}
