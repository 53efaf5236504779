//! Exact-span scoring in the manner of conlleval: precision, recall and F1, overall and per type.

use std::collections::HashSet;

use serde::Serialize;

use super::labels::{TYPE_NAMES, spans};

/// Counts for one type (or all of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Chunks in the gold standard.
    pub gold: usize,
    /// Chunks predicted.
    pub predicted: usize,
    /// Predicted chunks with exactly the gold span and type.
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        percent(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Running totals over sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scorer {
    pub overall: Counts,
    pub by_type: [Counts; 4],
    pub tokens: usize,
    pub tokens_correct: usize,
}

impl Scorer {
    /// Adds one sentence of gold and predicted BIO labels (equal lengths; a chunk ends at the end).
    pub fn add(&mut self, gold: &[u8], predicted: &[u8]) {
        debug_assert_eq!(gold.len(), predicted.len());
        self.tokens += gold.len();
        self.tokens_correct += gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
        let gold_spans = spans(gold);
        let predicted_spans = spans(predicted);
        for &(kind, ..) in &gold_spans {
            self.overall.gold += 1;
            self.by_type[kind].gold += 1;
        }
        for span in &predicted_spans {
            self.overall.predicted += 1;
            self.by_type[span.0].predicted += 1;
            if gold_spans.contains(span) {
                self.overall.correct += 1;
                self.by_type[span.0].correct += 1;
            }
        }
    }

    pub fn report(&self) -> Report {
        let row = |name: &str, counts: &Counts| ReportRow {
            kind: name.to_string(),
            precision: round2(counts.precision()),
            recall: round2(counts.recall()),
            f1: round2(counts.f1()),
            gold: counts.gold,
            predicted: counts.predicted,
            correct: counts.correct,
        };
        Report {
            tokens: self.tokens,
            accuracy: round2(percent(self.tokens_correct, self.tokens)),
            overall: row("overall", &self.overall),
            types: TYPE_NAMES
                .iter()
                .zip(&self.by_type)
                .map(|(name, counts)| row(name, counts))
                .collect(),
        }
    }
}

/// Recall split by whether a gold name's text is a name in some training text: how well the model
/// finds names it has seen against names it has not, which is what new text is full of.
#[derive(Debug, Clone, Default)]
pub struct Novelty {
    known: HashSet<String>,
    seen: Counts,
    unseen: Counts,
}

impl Novelty {
    /// Knows the text (tokens joined by spaces) of every name in these gold sentences.
    pub fn learn<S: AsRef<str>>(&mut self, words: &[S], gold: &[u8]) {
        for (_, start, end) in spans(gold) {
            self.known.insert(joined(&words[start..end]));
        }
    }

    /// Counts one sentence's gold names and those predicted exactly, by whether they are known.
    pub fn add<S: AsRef<str>>(&mut self, words: &[S], gold: &[u8], predicted: &[u8]) {
        let predicted = spans(predicted);
        for span in spans(gold) {
            let counts = if self.known.contains(&joined(&words[span.1..span.2])) {
                &mut self.seen
            } else {
                &mut self.unseen
            };
            counts.gold += 1;
            counts.correct += usize::from(predicted.contains(&span));
        }
    }

    pub fn report(&self) -> NoveltyReport {
        let part = |counts: &Counts| RecallRow {
            names: counts.gold,
            found: counts.correct,
            recall: round2(counts.recall()),
        };
        NoveltyReport {
            seen: part(&self.seen),
            unseen: part(&self.unseen),
        }
    }
}

fn joined<S: AsRef<str>>(words: &[S]) -> String {
    let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    words.join(" ")
}

/// Recall on names seen in training and on the others.
#[derive(Debug, Clone, Serialize)]
pub struct NoveltyReport {
    pub seen: RecallRow,
    pub unseen: RecallRow,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecallRow {
    /// Gold names in this part.
    pub names: usize,
    /// Of those, found with the exact span and type.
    pub found: usize,
    pub recall: f64,
}

impl std::fmt::Display for NoveltyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (label, row) in [
            ("seen in training", &self.seen),
            ("never seen", &self.unseen),
        ] {
            writeln!(
                f,
                "{label:>16}: {} names, recall: {:6.2}%",
                row.names, row.recall
            )?;
        }
        Ok(())
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// What `entities eval` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tokens: usize,
    pub accuracy: f64,
    pub overall: ReportRow,
    pub types: Vec<ReportRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    #[serde(rename = "type")]
    pub kind: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let o = &self.overall;
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, o.gold, o.predicted, o.correct
        )?;
        writeln!(
            f,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            self.accuracy, o.precision, o.recall, o.f1
        )?;
        for row in &self.types {
            writeln!(
                f,
                "{:>14}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                row.kind, row.precision, row.recall, row.f1, row.predicted
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::labels::to_bio;

    #[test]
    fn novelty_splits_recall_by_names_seen_in_training() {
        let mut novelty = Novelty::default();
        novelty.learn(
            &["Anna", "Berg", "met", "Oslo"],
            &to_bio(&["B-PER", "I-PER", "O", "B-LOC"]),
        );
        // "Anna Berg" is known and found; "Oslo" known and missed; "Kestrel Motors" new and found;
        // "Berg" alone is not the known name "Anna Berg".
        let words = [
            "Anna", "Berg", "left", "Oslo", "for", "Kestrel", "Motors", "and", "Berg",
        ];
        let gold = to_bio(&[
            "B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O", "B-PER",
        ]);
        let guess = to_bio(&["B-PER", "I-PER", "O", "O", "O", "B-ORG", "I-ORG", "O", "O"]);
        novelty.add(&words, &gold, &guess);
        let report = novelty.report();
        assert_eq!((report.seen.names, report.seen.found), (2, 1));
        assert_eq!((report.unseen.names, report.unseen.found), (2, 1));
        assert_eq!(report.unseen.recall, 50.0);
    }

    fn score(pairs: &[(&[&str], &[&str])]) -> Scorer {
        let mut scorer = Scorer::default();
        for (gold, predicted) in pairs {
            scorer.add(&to_bio(gold), &to_bio(predicted));
        }
        scorer
    }

    #[test]
    fn iob1_gold_against_bio_prediction() {
        // Gold in IOB1: "John Smith" PER, "Acme" ORG; prediction in BIO gets both.
        let scorer = score(&[(
            &["I-PER", "I-PER", "O", "I-ORG"],
            &["B-PER", "I-PER", "O", "B-ORG"],
        )]);
        assert_eq!(
            scorer.overall,
            Counts {
                gold: 2,
                predicted: 2,
                correct: 2
            }
        );
        assert_eq!(scorer.overall.f1(), 100.0);
    }

    #[test]
    fn adjacent_entities_of_one_type_in_iob1() {
        // IOB1 "I-LOC I-LOC B-LOC": two places, the second marked by B-.
        let gold: &[&str] = &["I-LOC", "I-LOC", "B-LOC", "O"];
        // Predicting one merged place finds neither.
        let scorer = score(&[(gold, &["B-LOC", "I-LOC", "I-LOC", "O"])]);
        assert_eq!(
            scorer.overall,
            Counts {
                gold: 2,
                predicted: 1,
                correct: 0
            }
        );
        // Predicting the split finds both.
        let scorer = score(&[(gold, &["B-LOC", "I-LOC", "B-LOC", "O"])]);
        assert_eq!(
            scorer.overall,
            Counts {
                gold: 2,
                predicted: 2,
                correct: 2
            }
        );
    }

    #[test]
    fn entity_at_sentence_end_and_across_sentences() {
        let scorer = score(&[
            (&["O", "B-ORG", "I-ORG"], &["O", "B-ORG", "I-ORG"]),
            (&["I-ORG", "O"], &["I-ORG", "O"]),
        ]);
        // The ORG at the end of the first sentence and the one opening the second are separate.
        assert_eq!(
            scorer.overall,
            Counts {
                gold: 2,
                predicted: 2,
                correct: 2
            }
        );
        let scorer = score(&[(&["O", "O", "B-PER"], &["O", "O", "O"])]);
        assert_eq!(
            scorer.overall,
            Counts {
                gold: 1,
                predicted: 0,
                correct: 0
            }
        );
        assert_eq!(scorer.overall.recall(), 0.0);
    }

    #[test]
    fn wrong_type_or_wrong_boundary_is_wrong() {
        let scorer = score(&[(
            &["B-ORG", "I-ORG", "O", "B-PER", "I-PER"],
            &["B-LOC", "I-LOC", "O", "B-PER", "O"],
        )]);
        assert_eq!(
            scorer.overall,
            Counts {
                gold: 2,
                predicted: 2,
                correct: 0
            }
        );
        assert_eq!(
            scorer.by_type[1],
            Counts {
                gold: 1,
                predicted: 0,
                correct: 0
            }
        );
        assert_eq!(
            scorer.by_type[2],
            Counts {
                gold: 0,
                predicted: 1,
                correct: 0
            }
        );
        assert_eq!(
            scorer.by_type[0],
            Counts {
                gold: 1,
                predicted: 1,
                correct: 0
            }
        );
    }

    #[test]
    fn precision_recall_f1_by_hand() {
        // Gold: 3 chunks; predicted 2 of them plus one spurious: P = 2/3, R = 2/3.
        let scorer = score(&[(
            &["B-PER", "O", "B-LOC", "O", "B-MISC", "O"],
            &["B-PER", "O", "B-LOC", "B-ORG", "O", "O"],
        )]);
        let overall = scorer.overall;
        assert_eq!(
            overall,
            Counts {
                gold: 3,
                predicted: 3,
                correct: 2
            }
        );
        assert!((overall.precision() - 66.666).abs() < 0.01);
        assert!((overall.f1() - 66.666).abs() < 0.01);
        assert_eq!(scorer.tokens_correct, 4);
    }
}
