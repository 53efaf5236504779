//! Training: the first stage on local and document features, then a second stage on first-pass
//! predictions made by models that never saw the document (k-fold jackknife), each scored on the
//! development set after every epoch so the best epoch is kept. Seeded: same inputs, same bytes.

use std::ops::Range;

use super::conll::Conll;
use super::consistency;
use super::document::Document;
use super::features::local_features;
use super::gazetteer::Gazetteer;
use super::hash::{SplitMix, bucket};
use super::history::{TypeCounts, count_types, history_features};
use super::labels::bio_to_bilou;
use super::model::{Model, Stage, WeightTable};
use super::perceptron::{FeatureRows, Perceptron};
use super::score::Scorer;
use super::tables::Tables;
use super::tagger::Tagger;
use super::viterbi::{Scores, Transitions};
use super::{EntityError, fingerprint};

/// Settings of one training run.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Most epochs of the first stage; the best on the development set is kept.
    pub epochs: usize,
    /// Most epochs of the second stage.
    pub second_epochs: usize,
    pub seed: u64,
    /// The first stage's table has `2^bits` rows.
    pub bits: u32,
    pub second_bits: u32,
    /// Folds of the jackknife that makes honest first-pass predictions for the second stage.
    pub folds: usize,
    /// Model units per perceptron update in the first stage.
    pub scale: f64,
    /// Update size of the second stage, in model units.
    pub second_step: i32,
    /// Margin of cost-augmented learning, in updates.
    pub margin: i32,
    /// Shares of sentences also trained on in capitals and in title case (see `prepare`).
    pub capitals: f64,
    pub title_case: f64,
    /// Perceptrons trained side by side in different orders and blended into one stage.
    pub members: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            second_epochs: 3,
            seed: 1,
            bits: 22,
            second_bits: 16,
            folds: 5,
            scale: 16.0,
            second_step: 64,
            margin: 6,
            capitals: 0.25,
            title_case: 0.15,
            members: 6,
        }
    }
}

/// A training or development document, prepared once.
struct Prepared {
    /// Gold BIO labels, as scored.
    labels: Vec<u8>,
    /// The same as BILOU, as learned.
    targets: Vec<u8>,
    doc: Document,
    /// The document of the file this one was made from (itself, or the original of a copy in capitals).
    origin: usize,
}

/// Words a title-case headline leaves in lowercase.
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as",
    "from", "'s",
];

/// Documents of a CoNLL text. With `recase` (share in capitals, share in title case), each document
/// is followed by a copy with those shares of its sentences rewritten, so headlines in capitals or
/// title case are learned from more than CoNLL's few.
fn prepare(text: &str, recase: Option<(u64, f64, f64)>, tables: &Tables) -> Vec<Prepared> {
    let gazetteer = Gazetteer::builtin();
    let mut out = Vec::new();
    let mut rng = SplitMix(recase.map_or(0, |(seed, ..)| seed ^ 0xCA95));
    for (origin, gold) in Conll::parse(text).gold_documents().into_iter().enumerate() {
        let doc = Document::new(&gold.tokens, gold.sentences.clone(), gazetteer, tables);
        let mut targets = gold.labels.clone();
        for range in &gold.sentences {
            bio_to_bilou(&mut targets[range.clone()]);
        }
        out.push(Prepared {
            labels: gold.labels.clone(),
            targets: targets.clone(),
            doc,
            origin,
        });
        let Some((_, capitals, title)) = recase else {
            continue;
        };
        let mut tokens: Vec<String> = gold.tokens.iter().map(|t| t.to_string()).collect();
        for range in &gold.sentences {
            let draw = (rng.next_u64() % 1000) as f64 / 1000.0;
            for token in &mut tokens[range.clone()] {
                if draw < capitals {
                    *token = token.to_uppercase();
                } else if draw < capitals + title && !TITLE_SMALL_WORDS.contains(&token.as_str()) {
                    *token = title_cased(token);
                }
            }
        }
        let doc = Document::new(&tokens, gold.sentences.clone(), gazetteer, tables);
        out.push(Prepared {
            labels: gold.labels,
            targets,
            doc,
            origin,
        });
    }
    out
}

fn title_cased(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// What a run produced.
pub struct Trained {
    pub model: Model,
    pub dev_f1: f64,
}

/// Trains on `train_text`, choosing epochs by `dev_text` (both CoNLL). `progress` gets one line per
/// epoch.
pub fn train(
    train_text: &str,
    dev_text: &str,
    options: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<Trained, EntityError> {
    let recase = options.capitals + options.title_case > 0.0;
    let tables = Tables::builtin()?;
    let fingerprint = fingerprint()?;
    let train = prepare(
        train_text,
        recase.then_some((options.seed, options.capitals, options.title_case)),
        tables,
    );
    let dev = prepare(dev_text, None, tables);
    if train.is_empty() || dev.is_empty() {
        return Err(EntityError::Training(
            "training or development file has no sentences".into(),
        ));
    }
    let local: Vec<FeatureRows> = train
        .iter()
        .map(|p| local_rows(&p.doc, options.bits))
        .collect();
    progress(&format!(
        "{} training documents ({} tokens), {} development documents",
        train.len(),
        train.iter().map(|p| p.doc.len()).sum::<usize>(),
        dev.len()
    ));

    // Stage one on everything, scored on dev after each epoch.
    let everything: Vec<usize> = (0..train.len()).collect();
    let mut best: Option<(usize, f64, Stage)> = None;
    let mut members = Members::new(options, options.seed, &train, &everything);
    for epoch in 1..=options.epochs {
        members.epoch(&local, &train);
        let stage = members.blend(options.scale);
        let model = model_of(fingerprint, stage.clone(), empty_stage());
        let f1 = evaluate(&model, &dev).overall.f1();
        progress(&format!("stage 1 epoch {epoch}: dev F1 {f1:.2}"));
        if best.as_ref().is_none_or(|(_, b, _)| f1 > *b) {
            best = Some((epoch, f1, stage));
        }
    }
    // Stage two shuffles on from where the first member's stage-one shuffles left off.
    let mut rng = members.into_first_rng();
    let Some((best_epoch, first_f1, first)) = best else {
        return Err(EntityError::Training("no epochs to train".into()));
    };
    progress(&format!(
        "stage 1: best epoch {best_epoch}, dev F1 {first_f1:.2}"
    ));
    if options.second_epochs == 0 || options.folds < 2 {
        let model = model_of(fingerprint, first, empty_stage());
        return Ok(Trained {
            model,
            dev_f1: first_f1,
        });
    }

    // Honest first-pass scores and labels for every training document.
    let mut base: Vec<Vec<Scores>> = vec![Vec::new(); train.len()];
    let mut first_pass: Vec<Vec<u8>> = vec![Vec::new(); train.len()];
    let mut tagger = Tagger::default();
    for fold in 0..options.folds {
        let (held, rest): (Vec<usize>, Vec<usize>) = everything
            .iter()
            .partition(|&&d| train[d].origin % options.folds == fold);
        let seed = options.seed ^ (fold as u64 + 1).wrapping_mul(0x9E37_79B9);
        let mut members = Members::new(options, seed, &train, &rest);
        for _ in 0..best_epoch {
            members.epoch(&local, &train);
        }
        let stage = members.blend(options.scale);
        for &d in &held {
            let (scores, labels) = tagger.first_pass(&stage, &train[d].doc);
            base[d] = scores.to_vec();
            first_pass[d] = labels.to_vec();
        }
        progress(&format!(
            "jackknife fold {} of {} done",
            fold + 1,
            options.folds
        ));
    }

    // Stage two: history features on top of the fixed first-stage scores.
    let mut counts = TypeCounts::default();
    let history: Vec<FeatureRows> = train
        .iter()
        .zip(&first_pass)
        .map(|(p, labels)| history_rows(&p.doc, labels, &mut counts, options.second_bits))
        .collect();
    let mut perceptron = Perceptron::new(options.second_bits, options.second_step, options.margin)
        .with_transitions(&first.transitions);
    let mut best: Option<(f64, Stage)> = None;
    let mut order = sentences_of(&train, &everything);
    for epoch in 1..=options.second_epochs {
        rng.shuffle(&mut order);
        for &(d, ref range) in &order {
            let gold = &train[d].targets[range.clone()];
            perceptron.learn(
                &history[d],
                range.clone(),
                gold,
                Some(&base[d][range.clone()]),
            );
        }
        let second = perceptron.averaged(1.0);
        let model = model_of(fingerprint, first.clone(), second.clone());
        let f1 = evaluate(&model, &dev).overall.f1();
        progress(&format!("stage 2 epoch {epoch}: dev F1 {f1:.2}"));
        if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, second));
        }
    }
    match best {
        Some((f1, second)) if f1 > first_f1 => Ok(Trained {
            model: model_of(fingerprint, first, second),
            dev_f1: f1,
        }),
        _ => Ok(Trained {
            model: model_of(fingerprint, first, empty_stage()),
            dev_f1: first_f1,
        }),
    }
}

fn empty_stage() -> Stage {
    Stage {
        weights: WeightTable::empty(),
        transitions: Transitions::default().constrained(),
    }
}

fn model_of(fingerprint: u64, first: Stage, second: Stage) -> Model {
    Model {
        fingerprint,
        first,
        second,
    }
}

/// One of the first stage's perceptrons, with its own shuffle of the sentences.
struct Member {
    perceptron: Perceptron,
    rng: SplitMix,
    /// (document, token range) of each sentence it learns from.
    order: Vec<(usize, Range<usize>)>,
}

/// The first stage's perceptrons, trained side by side and blended.
struct Members {
    runs: Vec<Member>,
}

impl Members {
    fn new(options: &TrainOptions, seed: u64, train: &[Prepared], which: &[usize]) -> Members {
        let order = sentences_of(train, which);
        let runs = (0..options.members.max(1) as u64)
            .map(|m| Member {
                perceptron: Perceptron::new(options.bits, 1, options.margin),
                rng: SplitMix(seed ^ m.wrapping_mul(0xD6E8_FEB8_6659_FD93)),
                order: order.clone(),
            })
            .collect();
        Members { runs }
    }

    /// One pass of every member over its sentences, shuffled first, members on their own threads.
    fn epoch(&mut self, local: &[FeatureRows], train: &[Prepared]) {
        std::thread::scope(|scope| {
            for member in &mut self.runs {
                scope.spawn(move || {
                    member.rng.shuffle(&mut member.order);
                    for &(d, ref range) in &member.order {
                        member.perceptron.learn(
                            &local[d],
                            range.clone(),
                            &train[d].targets[range.clone()],
                            None,
                        );
                    }
                });
            }
        });
    }

    fn into_first_rng(self) -> SplitMix {
        self.runs
            .into_iter()
            .next()
            .map_or(SplitMix(0), |member| member.rng)
    }

    fn blend(&self, scale: f64) -> Stage {
        let members: Vec<&Perceptron> = self.runs.iter().map(|m| &m.perceptron).collect();
        Perceptron::blend(&members, scale)
    }
}

/// Every sentence of the given documents as (document, token range).
fn sentences_of(docs: &[Prepared], which: &[usize]) -> Vec<(usize, Range<usize>)> {
    which
        .iter()
        .flat_map(|&d| docs[d].doc.sentences.iter().map(move |r| (d, r.clone())))
        .collect()
}

fn local_rows(doc: &Document, bits: u32) -> FeatureRows {
    let mut rows = FeatureRows::new();
    let mut keys = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        for i in sentence.clone() {
            keys.clear();
            local_features(doc, s, sentence, i, &mut keys);
            rows.push_token(keys.iter().map(|&k| bucket(k, bits)));
        }
    }
    rows
}

fn history_rows(
    doc: &Document,
    first_pass: &[u8],
    counts: &mut TypeCounts,
    bits: u32,
) -> FeatureRows {
    count_types(doc, first_pass, counts);
    let mut rows = FeatureRows::new();
    let mut keys = Vec::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        for i in sentence.clone() {
            keys.clear();
            history_features(doc, first_pass, counts, s, sentence, i, &mut keys);
            rows.push_token(keys.iter().map(|&k| bucket(k, bits)));
        }
    }
    rows
}

fn evaluate(model: &Model, docs: &[Prepared]) -> Scorer {
    let mut tagger = Tagger::default();
    let mut labels = Vec::new();
    let mut scorer = Scorer::default();
    for p in docs {
        tagger.tag(model, &p.doc, &mut labels);
        // Scored as `entities eval` scores it, rules included, so the epoch kept is the best one.
        consistency::apply(&p.doc, &mut labels);
        for range in &p.doc.sentences {
            scorer.add(&p.labels[range.clone()], &labels[range.clone()]);
        }
    }
    scorer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Invented sentences in CoNLL layout, three short documents.
    const TINY: &str = "-DOCSTART- -X- O O\n\nAnna NNP I-NP I-PER\nLindqvist NNP I-NP I-PER\nvisited VBD I-VP O\n\
        Nairobi NNP I-NP I-LOC\n. . O O\n\nKestrel NNP I-NP I-ORG\nMotors NNPS I-NP I-ORG\nhired VBD I-VP O\n\
        Lindqvist NNP I-NP I-PER\n. . O O\n\n-DOCSTART- -X- O O\n\nDanish JJ I-NP I-MISC\nfarmers NNS I-NP O\n\
        met VBD I-VP O\nin IN I-PP O\nOslo NNP I-NP I-LOC\n. . O O\n\n-DOCSTART- -X- O O\n\nMeridian NNP I-NP I-ORG\n\
        Bank NNP I-NP I-ORG\nopened VBD I-VP O\nin IN I-PP O\nLima NNP I-NP I-LOC\n. . O O\n";

    fn options(seed: u64) -> TrainOptions {
        TrainOptions {
            epochs: 3,
            second_epochs: 2,
            seed,
            bits: 12,
            second_bits: 10,
            folds: 2,
            ..TrainOptions::default()
        }
    }

    fn train_bytes(seed: u64) -> Result<Vec<u8>, EntityError> {
        Ok(train(TINY, TINY, &options(seed), &mut |_| {})?
            .model
            .to_bytes())
    }

    #[test]
    fn same_seed_same_bytes() -> Result<(), EntityError> {
        let first = train_bytes(7)?;
        assert_eq!(first, train_bytes(7)?);
        let model = Model::from_bytes(&first, fingerprint()?)?;
        assert_eq!(model.first.weights.bits(), 12);
        Ok(())
    }

    #[test]
    fn members_learn_in_different_orders() -> Result<(), EntityError> {
        // Members that shuffled alike would be copies, and a blend of copies is one perceptron.
        let one = TrainOptions {
            members: 1,
            ..options(7)
        };
        let single = train(TINY, TINY, &one, &mut |_| {})?.model.to_bytes();
        assert_ne!(single, train_bytes(7)?);
        Ok(())
    }

    #[test]
    fn learns_its_training_data() -> Result<(), EntityError> {
        let trained = train(TINY, TINY, &options(1), &mut |_| {})?;
        assert!(
            trained.dev_f1 > 99.0,
            "F1 on its own training data: {}",
            trained.dev_f1
        );
        Ok(())
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(matches!(
            train("", TINY, &options(1), &mut |_| {}),
            Err(EntityError::Training(_))
        ));
    }
}
