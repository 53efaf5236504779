//! Tagging one prepared document: local scores once, a first Viterbi pass, then a second pass that
//! adds what the first pass found elsewhere in the document.

use super::document::Document;
use super::features::{context_features, word_features};
use super::history::{TypeCounts, count_types, history_features};
use super::labels::{LABEL_COUNT, bilou_to_bio};
use super::model::{Model, Stage};
use super::viterbi::{Decoder, Scores};

/// Words whose scores are remembered (direct-mapped by the word's hash).
const WORD_CACHE: usize = 1 << 13;

/// Reusable buffers; one per thread.
#[derive(Debug, Default)]
pub struct Tagger {
    /// The model whose word scores `word_cache` holds (0: none, do not cache).
    owner: u64,
    /// First-stage scores of the features of a word alone, by `Lexeme::word`.
    word_cache: Vec<(u64, Scores)>,
    keys: Vec<u64>,
    local: Vec<Scores>,
    scores: Vec<Scores>,
    first_pass: Vec<u8>,
    counts: TypeCounts,
    decoder: Decoder,
}

impl Tagger {
    /// Remembers word scores across documents for the model numbered `owner` (a number no other
    /// model in the process has), forgetting those of any other model.
    pub fn for_model(&mut self, owner: u64) {
        if self.owner != owner {
            self.owner = owner;
            self.word_cache.clear();
            self.word_cache.resize(WORD_CACHE, (0, [0; LABEL_COUNT]));
        }
    }

    /// Writes one BIO label per token of `doc` into `out`.
    pub fn tag(&mut self, model: &Model, doc: &Document, out: &mut Vec<u8>) {
        self.decode_bilou(model, doc, out);
        bilou_to_bio(out);
    }

    /// Both passes, leaving the BILOU labels the model decodes in `out`.
    fn decode_bilou(&mut self, model: &Model, doc: &Document, out: &mut Vec<u8>) {
        self.first_pass(&model.first, doc);
        out.clear();
        if model.second.weights.is_empty() {
            out.extend_from_slice(&self.first_pass);
            return;
        }
        count_types(doc, &self.first_pass, &mut self.counts);
        self.scores.clear();
        self.scores.extend_from_slice(&self.local);
        for (s, sentence) in doc.sentences.iter().enumerate() {
            for i in sentence.clone() {
                self.keys.clear();
                history_features(
                    doc,
                    &self.first_pass,
                    &self.counts,
                    s,
                    sentence,
                    i,
                    &mut self.keys,
                );
                model
                    .second
                    .weights
                    .add_features(&self.keys, &mut self.scores[i]);
            }
        }
        out.resize(doc.len(), 0);
        for sentence in &doc.sentences {
            self.decoder.decode(
                &self.scores[sentence.clone()],
                &model.second.transitions,
                &mut out[sentence.clone()],
            );
        }
    }

    /// Runs only the first stage; returns each token's local scores and the first-pass labels.
    pub fn first_pass(&mut self, stage: &Stage, doc: &Document) -> (&[Scores], &[u8]) {
        let n = doc.len();
        self.local.clear();
        self.local.resize(n, [0; LABEL_COUNT]);
        for (s, sentence) in doc.sentences.iter().enumerate() {
            for i in sentence.clone() {
                let word = doc.lexemes[i].word;
                let slot = (word as usize) & (WORD_CACHE - 1);
                match self.word_cache.get(slot) {
                    Some(&(cached, scores)) if cached == word && word != 0 => {
                        self.local[i] = scores;
                    }
                    _ => {
                        self.keys.clear();
                        word_features(&doc.lexemes[i], &doc.info[i], &mut self.keys);
                        stage.weights.add_features(&self.keys, &mut self.local[i]);
                        if let Some(entry) = self.word_cache.get_mut(slot) {
                            *entry = (word, self.local[i]);
                        }
                    }
                }
                self.keys.clear();
                context_features(doc, s, sentence, i, &mut self.keys);
                stage.weights.add_features(&self.keys, &mut self.local[i]);
            }
        }
        self.first_pass.clear();
        self.first_pass.resize(n, 0);
        for sentence in &doc.sentences {
            self.decoder.decode(
                &self.local[sentence.clone()],
                &stage.transitions,
                &mut self.first_pass[sentence.clone()],
            );
        }
        (&self.local, &self.first_pass)
    }
}
