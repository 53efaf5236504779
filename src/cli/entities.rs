//! `dateline entities ...`: tag CoNLL files, score the model, list the entities of free text, train.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::Subcommand;

use super::print::{self, note};
use crate::article::{Entity, TextField};
use crate::entities::{
    Conll, DeriveOptions, Novelty, Recognizer, Scorer, TrainOptions, derive, is_docstart, to_bio,
    train,
};
use crate::ingest::{self, encoding};

#[derive(Debug, Subcommand)]
pub enum EntitiesCommand {
    /// Print every line of a CoNLL file with the predicted BIO tag appended as a last column
    Tag {
        /// CoNLL file (token in the first column; `-` for stdin)
        #[arg(long, value_name = "FILE")]
        conll: PathBuf,
        #[command(flatten)]
        model: ModelFile,
    },
    /// Score the model against a CoNLL file's gold tags (last column, IOB1 or BIO), like conlleval
    Eval {
        /// Tagged CoNLL file to score against
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the scores as JSON
        #[arg(long)]
        json: bool,
        /// Also split recall by whether each name occurs as a name in this tagged CoNLL file (the
        /// training data): names never seen there are what new text is full of
        #[arg(long, value_name = "FILE")]
        seen_in: Option<PathBuf>,
        #[command(flatten)]
        model: ModelFile,
    },
    /// Print the entities of a text (plain text, or an HTML, Markdown, JSON or feed file read as
    /// import reads it): kind, field, character offsets, text, normalised date, canonical name
    Text {
        /// Print JSON: each entity with kind, text, field, start, end, value and canonical
        #[arg(long)]
        json: bool,
        /// Publication date used to fill in years and resolve "Monday" or "yesterday"
        #[arg(long, value_name = "YYYY-MM-DD")]
        published: Option<NaiveDate>,
        /// Text file, or `-` (the default) for stdin
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        model: ModelFile,
    },
    /// Make the word-class and place tables the model uses from third-party resources (vectors,
    /// Brown clusters, word frequencies, GeoNames), for `src/entities/tables/`
    Derive {
        /// Folder laid out as `../shared/data/ner/resources` (see its SOURCE.txt)
        #[arg(long, value_name = "DIR")]
        resources: PathBuf,
        /// Folder to write `words.bin` into
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The most frequent words kept
        #[arg(long, default_value_t = DeriveOptions::default().words)]
        words: usize,
        /// Seed of the k-means classes: the same seed makes the same tables
        #[arg(long, default_value_t = DeriveOptions::default().seed)]
        seed: u64,
    },
    /// Train a model on CoNLL data, keeping the epochs that score best on the development file
    Train {
        /// Tagged CoNLL file to learn from
        #[arg(long, value_name = "FILE")]
        train: PathBuf,
        /// Tagged CoNLL file that picks the best epochs (never learned from)
        #[arg(long, value_name = "FILE")]
        dev: PathBuf,
        /// Where to write the model
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Most epochs of the first stage
        #[arg(long, default_value_t = TrainOptions::default().epochs)]
        epochs: usize,
        /// Most epochs of the second (document-history) stage; 0 for a one-pass model
        #[arg(long, default_value_t = TrainOptions::default().second_epochs)]
        second_epochs: usize,
        /// Seed of the shuffles: the same seed and files make the same model
        #[arg(long, default_value_t = TrainOptions::default().seed)]
        seed: u64,
        /// The first stage's weight table has 2^BITS rows
        #[arg(long, default_value_t = TrainOptions::default().bits, value_parser = clap::value_parser!(u32).range(10..=24))]
        bits: u32,
        /// Model units per perceptron update (tuning)
        #[arg(long, default_value_t = TrainOptions::default().scale, hide = true)]
        scale: f64,
        /// Update size of the second stage in model units (tuning)
        #[arg(long, default_value_t = TrainOptions::default().second_step, hide = true)]
        second_step: i32,
        /// Jackknife folds for the second stage (tuning)
        #[arg(long, default_value_t = TrainOptions::default().folds, hide = true)]
        folds: usize,
        /// Share of sentences also trained on in capitals (tuning)
        #[arg(long, default_value_t = TrainOptions::default().capitals, hide = true)]
        capitals: f64,
        /// Share of sentences also trained on in title case (tuning)
        #[arg(long, default_value_t = TrainOptions::default().title_case, hide = true)]
        title_case: f64,
        /// Perceptrons blended into the first stage, each trained on its own thread in its own
        /// order; each needs about 0.9 GB of memory (1: a single one) (tuning)
        #[arg(long, default_value_t = TrainOptions::default().members as u64, value_parser = clap::value_parser!(u64).range(1..=16), hide = true)]
        members: u64,
    },
}

/// Which model to use: the built-in one, or a file written by `entities train`.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelFile {
    /// Use this model file instead of the one built in
    #[arg(long = "model", value_name = "FILE")]
    pub path: Option<PathBuf>,
}

impl ModelFile {
    /// Runs `work` with the chosen recogniser.
    fn with<T>(&self, work: impl FnOnce(&Recognizer) -> Result<T>) -> Result<T> {
        match &self.path {
            None => work(Recognizer::builtin()?),
            Some(path) => {
                let bytes =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                let recognizer = Recognizer::from_bytes(&bytes)
                    .with_context(|| format!("loading {}", path.display()))?;
                work(&recognizer)
            }
        }
    }
}

pub fn run(cmd: EntitiesCommand) -> Result<()> {
    match cmd {
        EntitiesCommand::Tag { conll, model } => model.with(|r| tag(r, &conll)),
        EntitiesCommand::Eval {
            file,
            json,
            seen_in,
            model,
        } => model.with(|r| eval(r, &file, seen_in.as_deref(), json)),
        EntitiesCommand::Text {
            json,
            published,
            file,
            model,
        } => model.with(|r| text(r, file.as_deref(), published, json)),
        EntitiesCommand::Derive {
            resources,
            out,
            words,
            seed,
        } => {
            let options = DeriveOptions {
                words,
                seed,
                ..DeriveOptions::default()
            };
            derive_tables(&resources, &out, &options)
        }
        EntitiesCommand::Train {
            train: train_path,
            dev,
            out,
            epochs,
            second_epochs,
            seed,
            bits,
            scale,
            second_step,
            folds,
            capitals,
            title_case,
            members,
        } => {
            let options = TrainOptions {
                epochs,
                second_epochs,
                seed,
                bits,
                scale,
                second_step,
                folds,
                capitals,
                title_case,
                members: members as usize,
                ..TrainOptions::default()
            };
            train_model(&train_path, &dev, &out, &options)
        }
    }
}

use print::json as print_json;

/// A file (or stdin for `-` or none) as text, decoded as import decodes it: whatever encoding it
/// declares or that can be detected, invalid bytes as `�`. Bytes that are not text at all
/// (compressed, binary) are refused as import refuses them.
fn read_input(path: Option<&Path>) -> Result<String> {
    let (bytes, name) = read_bytes(file_of(path))?;
    if let Some(reason) = ingest::binary_reason(&bytes) {
        bail!("{name}: {reason}");
    }
    Ok(encoding::decode(&bytes))
}

/// The file a path argument names: none for `-` or no argument, which mean stdin.
fn file_of(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| p.as_os_str() != "-")
}

/// The bytes of a file, or of stdin for none, and the name to give them in messages.
fn read_bytes(file: Option<&Path>) -> Result<(Vec<u8>, String)> {
    match file {
        None => Ok((read_stdin()?, "-".to_string())),
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            Ok((bytes, p.display().to_string()))
        }
    }
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("reading stdin")?;
    Ok(bytes)
}

/// Parses a CoNLL text whose last column must be a tag: a file that is not one is refused by its
/// first line that is not, rather than scored as if every token were outside any entity.
fn read_tagged_conll<'a>(text: &'a str, path: &Path) -> Result<Conll<'a>> {
    let conll = Conll::parse(text);
    if let Some((line, content)) = conll.first_untagged_line() {
        bail!(
            "{}:{}: not a CoNLL line (a token, then other columns, then a tag such as O or \
             B-PER): {}",
            path.display(),
            line + 1,
            crate::wrap::fit(content, 60)
        );
    }
    Ok(conll)
}

/// Predicted labels for every line of a CoNLL text (None for blank and `-DOCSTART-` lines).
fn predict_lines(recognizer: &Recognizer, conll: &Conll<'_>) -> Vec<Option<u8>> {
    let mut per_line = vec![None; conll.lines.len()];
    for document in &conll.documents {
        let (words, sentences) = conll.document_tokens(document);
        let labels = recognizer.tag_tokens(&words, sentences);
        let lines = document.iter().flat_map(|range| range.clone());
        for (line, label) in lines.zip(labels) {
            per_line[line] = Some(label);
        }
    }
    per_line
}

fn tag(recognizer: &Recognizer, path: &Path) -> Result<()> {
    let text = read_input(Some(path))?;
    let conll = Conll::parse(&text);
    let labels = predict_lines(recognizer, &conll);
    let mut out = print::stdout();
    for (line, label) in conll.lines.iter().zip(labels) {
        match label {
            Some(label) if !is_docstart(line) => out.line(format!(
                "{} {}",
                line.trim_end(),
                crate::entities::LABEL_NAMES[usize::from(label)]
            ))?,
            _ => out.line(line)?,
        }
    }
    out.flush()?;
    Ok(())
}

fn eval(recognizer: &Recognizer, path: &Path, seen_in: Option<&Path>, json: bool) -> Result<()> {
    let mut novelty = seen_in.map(known_names).transpose()?;
    let text = read_input(Some(path))?;
    let conll = read_tagged_conll(&text, path)?;
    let predicted = predict_lines(recognizer, &conll);
    let mut scorer = Scorer::default();
    for range in conll.documents.iter().flatten() {
        let gold: Vec<&str> = range.clone().map(|line| conll.tag(line)).collect();
        let gold = to_bio(&gold);
        let guess: Vec<u8> = range
            .clone()
            .map(|line| predicted[line].unwrap_or(0))
            .collect();
        scorer.add(&gold, &guess);
        if let Some(novelty) = &mut novelty {
            let words: Vec<&str> = range.clone().map(|line| conll.token(line)).collect();
            novelty.add(&words, &gold, &guess);
        }
    }
    if scorer.tokens == 0 {
        bail!("{} has no tokens", path.display());
    }
    let report = scorer.report();
    let novelty = novelty.map(|n| n.report());
    if json {
        let mut value = serde_json::to_value(&report)?;
        if let Some(novelty) = &novelty {
            value["novelty"] = serde_json::to_value(novelty)?;
        }
        return print_json(&value);
    }
    let mut out = print::stdout();
    out.text(report)?;
    if let Some(novelty) = novelty {
        out.text(novelty)?;
    }
    out.flush()?;
    Ok(())
}

/// The names of a tagged CoNLL file, for `eval --seen-in`.
fn known_names(path: &Path) -> Result<Novelty> {
    let text = read_input(Some(path))?;
    let conll = read_tagged_conll(&text, path)?;
    let mut novelty = Novelty::default();
    for gold in conll.gold_documents() {
        for range in gold.sentences {
            novelty.learn(&gold.tokens[range.clone()], &gold.labels[range]);
        }
    }
    Ok(novelty)
}

fn text(
    recognizer: &Recognizer,
    path: Option<&Path>,
    published: Option<NaiveDate>,
    json: bool,
) -> Result<()> {
    let file = file_of(path);
    let (bytes, name) = read_bytes(file)?;
    let origin = ingest::Origin {
        name,
        modified: None,
    };
    let format = ingest::detect_format(file, &bytes).ok_or_else(|| ingest::IngestError {
        name: origin.name.clone(),
        line: None,
        reason: ingest::unrecognised_reason(&bytes),
    })?;
    // Piped text that merely starts like JSON or Markdown ("[Updated] ...") and does not parse
    // as it is read as plain text: only a file's name can insist on a format.
    let parsed = match format {
        ingest::Format::Wire => None,
        _ => match ingest::parse(&bytes, &origin, format) {
            Err(_) if file.is_none() => None,
            other => Some(other?),
        },
    };
    let Some(parsed) = parsed else {
        let text = ingest::free_text(&bytes, &origin)?;
        let entities = recognizer.text_entities(&text, published);
        if json {
            return print_json(&crate::entities::named(&entities));
        }
        let mut out = print::stdout();
        for entity in &entities {
            out.line(entity_line(entity, None)?)?;
        }
        out.flush()?;
        return Ok(());
    };
    // Markup and collections are read as import reads them, article by article.
    for error in &parsed.errors {
        note(error.to_string());
    }
    for left_out in &parsed.warnings {
        note(format!("{left_out}; left out, the article kept"));
    }
    let found: Vec<Vec<Entity>> = parsed
        .drafts
        .iter()
        .map(|draft| {
            let date = published.or(draft.published.map(|p| p.date_naive()));
            recognizer.article_entities(&draft.title, &draft.standfirst, &draft.body, date)
        })
        .collect();
    if json {
        let listed: Vec<InArticle> = found
            .iter()
            .enumerate()
            .flat_map(|(article, entities)| {
                crate::entities::named(entities)
                    .into_iter()
                    .map(move |named| InArticle { article, named })
            })
            .collect();
        return print_json(&listed);
    }
    let mut out = print::stdout();
    for (draft, entities) in parsed.drafts.iter().zip(&found) {
        if parsed.drafts.len() > 1 {
            out.fitted(format!("# {}", draft.title))?;
        }
        for entity in entities {
            out.line(entity_line(entity, Some(entity.field))?)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// An entity of an article read from a file of several (`article` counts from 0).
#[derive(serde::Serialize)]
struct InArticle<'a> {
    article: usize,
    #[serde(flatten)]
    named: crate::entities::Named<'a>,
}

/// One line of `entities text`: kind, the field when there are several, offsets, text, value.
fn entity_line(entity: &Entity, field: Option<TextField>) -> Result<String> {
    let name = |value: serde_json::Value| value.as_str().unwrap_or("?").to_string();
    let kind = name(serde_json::to_value(entity.kind)?);
    let field = match field {
        Some(field) => format!("{:<11}", name(serde_json::to_value(field)?)),
        None => String::new(),
    };
    let value = entity
        .value
        .as_ref()
        .map(|value| format!("  ={value}"))
        .unwrap_or_default();
    // A name may run over a line break in plain text; its line here stays one line.
    let text = entity.text.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(format!(
        "{kind:<12} {field}{:>6}-{:<6} {text}{value}",
        entity.start, entity.end
    ))
}

fn derive_tables(resources: &Path, out: &Path, options: &DeriveOptions) -> Result<()> {
    let started = std::time::Instant::now();
    let bytes = derive(resources, options, &mut |line| note(line))?;
    let path = out.join("words.bin");
    std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    note(format!(
        "wrote {} ({:.1} MB) in {:.0} s",
        path.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

fn train_model(train_path: &Path, dev: &Path, out: &Path, options: &TrainOptions) -> Result<()> {
    let train_text = read_input(Some(train_path))?;
    let dev_text = read_input(Some(dev))?;
    let started = std::time::Instant::now();
    let trained = train(&train_text, &dev_text, options, &mut |line| note(line))?;
    let bytes = trained.model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    note(format!(
        "wrote {} ({:.1} MB), dev F1 {:.2}, in {:.0} s",
        out.display(),
        bytes.len() as f64 / 1e6,
        trained.dev_f1,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
