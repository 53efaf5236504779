//! Named-entity recognition: people, organisations, places and other names (a learned model) and
//! dates (rules), found in articles and free text, in pure Rust with the model embedded in the binary.
//!
//! How it works: text is tokenised CoNLL-style (`tokenize`); each token gets hashed features (spelling,
//! shape, affixes, neighbours, gazetteer hits, sentence case, what the rest of the document says about
//! the word: `lexeme`, `document`, `features`, `gazetteer`); an averaged structured perceptron scores
//! the seventeen BILOU labels and Viterbi decodes each sentence, read back as BIO (`labels`,
//! `tagger`, `viterbi`). A second pass adds
//! what the first pass predicted for the same word elsewhere in the document (`history`), which keeps
//! a name's kind consistent across title, standfirst and body. Dates are rules (`dates`); a wire
//! dateline is read by the ingest parser and its place and agency labelled by rule (`recognizer`).
//!
//! Word classes (Brown paths, k-means classes of word vectors, frequency bands) and GeoNames places
//! come from tables derived by `dateline entities derive` and read in place (`tables`, `derive`;
//! `tables/README.md` records how and their licences). Sentence layout (headline, dateline,
//! results rows) is a feature too (`layout`).
//!
//! Retrain (seeded, one thread for each of the six blended perceptrons; same seed, same bytes;
//! about 80 s and 4 GB of memory on this project's 2-core machine):
//! `cargo run --release -- entities train --train ../shared/data/ner/conll2003/eng.train
//! --dev ../shared/data/ner/conll2003/eng.testa --out src/entities/model/ner.bin`
//! then set `DEV_F1` in `tests/entities.rs` to the F1 it prints. Editing a gazetteer list or a
//! feature template requires retraining: the model records both and refuses to load otherwise.

mod canonical;
mod conll;
mod consistency;
mod dates;
mod derive;
mod document;
mod features;
mod gazetteer;
mod hash;
mod history;
mod labels;
mod layout;
mod lexeme;
mod model;
mod perceptron;
mod recognizer;
mod score;
mod tables;
mod tagger;
mod tokenize;
mod train;
mod viterbi;
mod weights;

pub use canonical::{Named, canonical_names, named, unify_kinds};
pub use conll::{Conll, is_docstart};
pub use consistency::leading_title_words;
pub use derive::{DeriveOptions, derive};
pub use hash::SplitMix;
pub use labels::{LABEL_NAMES, TYPE_NAMES, to_bio};
pub use recognizer::Recognizer;
pub use score::{Counts, Novelty, Report, ReportRow, Scorer};
pub use tokenize::{Token, tokenize};
pub use train::{TrainOptions, Trained, train};

/// Bumped whenever feature templates change meaning, so an old model file is refused, not misread.
const FEATURE_VERSION: u64 = 4;

/// What a model file must have been trained with: these gazetteers, derived tables and feature
/// templates.
fn fingerprint() -> Result<u64, EntityError> {
    let tables = tables::Tables::builtin()?;
    Ok(hash::mix(
        hash::mix(gazetteer::Gazetteer::builtin_fingerprint(), FEATURE_VERSION),
        tables.checksum,
    ))
}

/// Why a model could not be loaded or trained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityError {
    #[error("not a dateline entity model (bad magic bytes)")]
    BadMagic,
    #[error("entity model format version {0} is not supported")]
    Version(u32),
    #[error("entity model is malformed: {0}")]
    Malformed(&'static str),
    #[error("entity model was trained with other gazetteers or features; retrain it")]
    Mismatch,
    #[error("training failed: {0}")]
    Training(String),
}
