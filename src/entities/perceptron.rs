//! The averaged structured perceptron: integer weights updated on each mistake of Viterbi decoding,
//! averaged with the lazy "sum of step times change" trick, then scaled to `i16` for the model file;
//! several trained alike may be blended into one table by taking the mean of their averages.

use std::ops::Range;

use super::labels::LABEL_COUNT;
use super::model::{Row, STORED_LABELS, Stage, WeightTable};
use super::viterbi::{Decoder, Scores, Transitions};

/// Features of a run of tokens as table rows: token `t`'s rows are `rows[offsets[t]..offsets[t + 1]]`.
#[derive(Debug, Default, Clone)]
pub struct FeatureRows {
    pub rows: Vec<u32>,
    pub offsets: Vec<u32>,
}

impl FeatureRows {
    pub fn new() -> FeatureRows {
        FeatureRows {
            rows: Vec::new(),
            offsets: vec![0],
        }
    }

    /// Appends one token's rows.
    pub fn push_token(&mut self, rows: impl IntoIterator<Item = u32>) {
        self.rows.extend(rows);
        self.offsets.push(self.rows.len() as u32);
    }

    #[inline]
    pub fn token(&self, t: usize) -> &[u32] {
        &self.rows[self.offsets[t] as usize..self.offsets[t + 1] as usize]
    }
}

/// Weights being learned, with the running sums that make their average.
#[derive(Debug)]
pub struct Perceptron {
    bits: u32,
    weights: Vec<i32>,
    sums: Vec<i64>,
    between: [[i32; LABEL_COUNT]; LABEL_COUNT],
    between_sums: [[i64; LABEL_COUNT]; LABEL_COUNT],
    start: [i32; LABEL_COUNT],
    start_sums: [i64; LABEL_COUNT],
    /// Examples seen so far, plus one: the weight of an update in the average.
    clock: i64,
    /// Size of one update.
    step: i32,
    /// Head start given to wrong labels while learning (see `learn`).
    margin: i32,
    decoder: Decoder,
    emissions: Vec<Scores>,
    predicted: Vec<u8>,
}

impl Perceptron {
    /// A zero table of `2^bits` rows; `margin` is in updates (see `learn`).
    pub fn new(bits: u32, step: i32, margin: i32) -> Perceptron {
        let size = (1usize << bits) * LABEL_COUNT;
        Perceptron {
            bits,
            weights: vec![0; size],
            sums: vec![0; size],
            between: [[0; LABEL_COUNT]; LABEL_COUNT],
            between_sums: [[0; LABEL_COUNT]; LABEL_COUNT],
            start: [0; LABEL_COUNT],
            start_sums: [0; LABEL_COUNT],
            clock: 1,
            step,
            margin: margin * step,
            decoder: Decoder::default(),
            emissions: Vec::new(),
            predicted: Vec::new(),
        }
    }

    /// Starts the label transitions from an earlier stage's (already in model units).
    pub fn with_transitions(mut self, transitions: &Transitions) -> Perceptron {
        self.between = transitions.between;
        self.start = transitions.start;
        self
    }

    fn transitions(&self) -> Transitions {
        Transitions {
            between: self.between,
            start: self.start,
        }
        .constrained()
    }

    /// Decodes one sentence with the current weights (scores added to `base` when given) and
    /// updates on every token where the prediction differs from `gold`.
    pub fn learn(
        &mut self,
        features: &FeatureRows,
        tokens: Range<usize>,
        gold: &[u8],
        base: Option<&[Scores]>,
    ) {
        let n = tokens.len();
        self.emissions.clear();
        for (k, t) in tokens.clone().enumerate() {
            let mut scores = base.map_or([0; LABEL_COUNT], |b| b[k]);
            for &row in features.token(t) {
                let weights = &self.weights[row as usize * LABEL_COUNT..][..LABEL_COUNT];
                for (score, &w) in scores.iter_mut().zip(weights) {
                    *score += w;
                }
            }
            // Cost-augmented decoding: every wrong label gets a head start, so the weights must
            // beat the right answer by a margin, not merely at all.
            if self.margin != 0 {
                for (label, score) in scores.iter_mut().enumerate() {
                    if label != gold[k] as usize {
                        *score += self.margin;
                    }
                }
            }
            self.emissions.push(scores);
        }
        self.predicted.clear();
        self.predicted.resize(n, 0);
        let transitions = self.transitions();
        self.decoder
            .decode(&self.emissions, &transitions, &mut self.predicted);
        let (step, clock) = (self.step, self.clock);
        for (k, t) in tokens.enumerate() {
            let (want, got) = (gold[k] as usize, self.predicted[k] as usize);
            if want != got {
                for &row in features.token(t) {
                    let at = row as usize * LABEL_COUNT;
                    self.weights[at + want] += step;
                    self.sums[at + want] += clock * i64::from(step);
                    self.weights[at + got] -= step;
                    self.sums[at + got] -= clock * i64::from(step);
                }
            }
            let (want_before, got_before) = if k == 0 {
                (None, None)
            } else {
                (
                    Some(gold[k - 1] as usize),
                    Some(self.predicted[k - 1] as usize),
                )
            };
            if (want_before, want) == (got_before, got) {
                continue;
            }
            for (before, label, sign) in [(want_before, want, 1), (got_before, got, -1)] {
                let (weight, sum) = match before {
                    None => (&mut self.start[label], &mut self.start_sums[label]),
                    Some(b) => (
                        &mut self.between[b][label],
                        &mut self.between_sums[b][label],
                    ),
                };
                *weight += sign * step;
                *sum += i64::from(sign * step) * clock;
            }
        }
        self.clock += 1;
    }

    /// The averaged weights as a model stage, multiplied by `scale` and rounded (clamped to `i16`).
    pub fn averaged(&self, scale: f64) -> Stage {
        Perceptron::blend(&[self], scale)
    }

    /// The mean of several perceptrons' averaged weights, as `averaged` makes one: runs that saw
    /// the examples in different orders err in different places, and their mean errs less. All
    /// members have the same table size.
    pub fn blend(members: &[&Perceptron], scale: f64) -> Stage {
        let bits = members.first().map_or(1, |m| m.bits);
        debug_assert!(members.iter().all(|m| m.bits == bits));
        let share = scale / members.len().max(1) as f64;
        let mean = |at: &dyn Fn(&Perceptron) -> (i32, i64)| -> f64 {
            members
                .iter()
                .map(|m| {
                    let (w, sum) = at(m);
                    f64::from(w) - sum as f64 / m.clock as f64
                })
                .sum::<f64>()
                * share
        };
        let mut rows: Vec<Row> = vec![[0; STORED_LABELS]; 1 << bits];
        for (r, row) in rows.iter_mut().enumerate() {
            let at = r * LABEL_COUNT;
            // Most rows were never updated by any member; they stay zero without the float work.
            let untouched = members.iter().all(|m| {
                m.weights[at..at + LABEL_COUNT].iter().all(|&w| w == 0)
                    && m.sums[at..at + LABEL_COUNT].iter().all(|&s| s == 0)
            });
            if untouched {
                continue;
            }
            let outside = mean(&|m| (m.weights[at], m.sums[at]));
            for (label, weight) in row.iter_mut().enumerate() {
                let i = at + label + 1;
                let value = mean(&|m| (m.weights[i], m.sums[i])) - outside;
                *weight = value.round().clamp(-32767.0, 32767.0) as i16;
            }
        }
        let mut transitions = Transitions::default();
        for b in 0..LABEL_COUNT {
            for l in 0..LABEL_COUNT {
                let value = mean(&|m| (m.between[b][l], m.between_sums[b][l]));
                transitions.between[b][l] = value.round() as i32;
            }
            transitions.start[b] = mean(&|m| (m.start[b], m.start_sums[b])).round() as i32;
        }
        Stage {
            weights: WeightTable::new(bits, &rows),
            transitions: transitions.constrained(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::begin;
    use crate::entities::viterbi::Scores;

    /// `U-` of a kind: a one-word name, which may open and close a one-token sentence.
    fn unit(kind: usize) -> u8 {
        begin(kind) + 3
    }

    /// A perceptron over a 16-row table that has seen one token (row 3) labelled `gold`, `times`
    /// times.
    fn trained(gold: u8, times: usize) -> Perceptron {
        let mut perceptron = Perceptron::new(4, 1, 0);
        let mut rows = FeatureRows::new();
        rows.push_token([3]);
        for _ in 0..times {
            perceptron.learn(&rows, 0..1, &[gold], None);
        }
        perceptron
    }

    /// The scores the stage gives row 3.
    fn row_three(stage: &Stage) -> Scores {
        let mut scores = [0; LABEL_COUNT];
        stage.weights.add_features(&[3 << 60], &mut scores);
        scores
    }

    #[test]
    fn blend_of_copies_is_the_average() {
        let perceptron = trained(unit(0), 3);
        let blended = Perceptron::blend(&[&perceptron, &perceptron], 16.0);
        assert_eq!(blended, perceptron.averaged(16.0));
        assert!(row_three(&blended)[usize::from(unit(0))] > 0);
    }

    #[test]
    fn blend_is_the_mean_of_its_members() {
        let (person, place) = (trained(unit(0), 2), trained(unit(2), 4));
        let (a, b) = (
            row_three(&person.averaged(16.0)),
            row_three(&place.averaged(16.0)),
        );
        let blended = row_three(&Perceptron::blend(&[&person, &place], 16.0));
        for label in [usize::from(unit(0)), usize::from(unit(2))] {
            assert!(a[label] != b[label], "members agree on label {label}");
            let mean = f64::from(a[label] + b[label]) / 2.0;
            assert!(
                (f64::from(blended[label]) - mean).abs() <= 1.0,
                "label {label}: blend {} against members {} and {}",
                blended[label],
                a[label],
                b[label]
            );
        }
    }
}
