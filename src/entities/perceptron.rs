//! The averaged structured perceptron: integer weights updated on each mistake of Viterbi decoding,
//! averaged with the lazy "sum of step times change" trick, then scaled to `i16` for the model file.

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
        let clock = self.clock as f64;
        let average = |w: i32, sum: i64| (f64::from(w) - sum as f64 / clock) * scale;
        let mut rows: Vec<Row> = vec![[0; STORED_LABELS]; 1 << self.bits];
        for (r, row) in rows.iter_mut().enumerate() {
            let at = r * LABEL_COUNT;
            let outside = average(self.weights[at], self.sums[at]);
            for (label, weight) in row.iter_mut().enumerate() {
                let value =
                    average(self.weights[at + label + 1], self.sums[at + label + 1]) - outside;
                *weight = value.round().clamp(-32767.0, 32767.0) as i16;
            }
        }
        let mut transitions = Transitions::default();
        for b in 0..LABEL_COUNT {
            for l in 0..LABEL_COUNT {
                let value = average(self.between[b][l], self.between_sums[b][l]);
                transitions.between[b][l] = value.round() as i32;
            }
            transitions.start[b] = average(self.start[b], self.start_sums[b]).round() as i32;
        }
        Stage {
            weights: WeightTable::new(self.bits, &rows),
            transitions: transitions.constrained(),
        }
    }

    /// The largest averaged weight magnitude (after removing the `O` column), to choose a scale.
    pub fn largest_average(&self) -> f64 {
        let clock = self.clock as f64;
        let mut largest: f64 = 0.0;
        for row in self
            .weights
            .chunks_exact(LABEL_COUNT)
            .zip(self.sums.chunks_exact(LABEL_COUNT))
        {
            let (weights, sums) = row;
            let outside = f64::from(weights[0]) - sums[0] as f64 / clock;
            for (w, s) in weights.iter().zip(sums).skip(1) {
                largest = largest.max((f64::from(*w) - *s as f64 / clock - outside).abs());
            }
        }
        largest
    }
}
