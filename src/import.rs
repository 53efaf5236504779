//! `dateline import`: files, directories and stdin parsed in parallel, stored in batches, then indexed.
//!
//! Each batch is one store transaction, and the index catches up from the store after each one, so
//! a kill at any point leaves whole articles only and a re-run finishes the job without duplicates.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::article::{ArticleDraft, ArticleId, undated_at};
use crate::ingest::dir_settings::DirSources;
use crate::ingest::sanitize::clean_line;
use crate::ingest::{self, IngestError, Origin, Parsed};
use crate::library::{Library, LibraryError};
use crate::store::BatchOutcome;

/// Articles per store transaction.
const BATCH: usize = 500;
/// Files parsed together before their articles are stored.
const FILES_PER_ROUND: usize = 64;

/// One input that could not be imported (or, in `warnings`, a field left out of an article that
/// was), as `dateline import --json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub error: String,
}

impl From<IngestError> for Failure {
    fn from(e: IngestError) -> Self {
        Failure {
            path: e.name,
            line: e.line,
            error: e.reason,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: Vec<ArticleId>,
    pub duplicates: usize,
    pub failed: Vec<Failure>,
    /// Fields left out of imported articles because their values could not be read.
    pub warnings: Vec<Failure>,
    /// Things the user should know that are not failures (e.g. the index was busy).
    #[serde(skip)]
    pub notices: Vec<String>,
}

/// Where bytes for one input come from.
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Stdin,
    /// Bytes already in memory (the demo set), with a name for messages.
    Bytes {
        name: String,
        bytes: &'static [u8],
    },
}

/// The most of one input that is read: what is longer is refused rather than read on, so that
/// `/dev/zero`, a sparse file of gigabytes or a runaway pipe cannot fill the memory.
const MOST_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// All of `source`, or an error saying that it is over `most` bytes.
fn read_bounded(source: impl Read, name: &str, most: u64) -> Result<Vec<u8>, IngestError> {
    let error = |reason: String| IngestError {
        name: name.to_string(),
        line: None,
        reason,
    };
    let mut bytes = Vec::new();
    source
        .take(most + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(e.to_string()))?;
    if bytes.len() as u64 > most {
        let size = if most >= 1024 * 1024 {
            format!("{} MB", most / (1024 * 1024))
        } else {
            format!("{most} bytes")
        };
        return Err(error(format!(
            "longer than {size}, the most of one input read for articles (split it into parts)"
        )));
    }
    Ok(bytes)
}

/// Reads and parses one input. Never panics on bad bytes; every problem comes back as an error.
pub fn parse_input(input: &Input) -> Result<Parsed, IngestError> {
    let (name, bytes, modified, path): (String, Vec<u8>, _, Option<&Path>) = match input {
        Input::File(path) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path).map_err(|e| IngestError {
                name: name.clone(),
                line: None,
                reason: e.to_string(),
            })?;
            let bytes = read_bounded(file, &name, MOST_INPUT_BYTES)?;
            let modified = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .map(DateTime::<Utc>::from);
            (name, bytes, modified, Some(path.as_path()))
        }
        Input::Stdin => {
            let bytes = read_bounded(std::io::stdin(), "-", MOST_INPUT_BYTES)?;
            ("-".to_string(), bytes, None, None)
        }
        Input::Bytes { name, bytes } => (name.clone(), bytes.to_vec(), None, Some(Path::new(name))),
    };
    // A date at the start of the file name ("2026-10-14-port.txt") is the best guess at when a
    // wire file was published; the file's own time is the fallback.
    let named_date = path.and_then(date_in_file_name);
    let origin = Origin {
        name: name.clone(),
        modified: named_date.or(modified),
    };
    let format = ingest::detect_format(path, &bytes).ok_or_else(|| IngestError {
        name,
        line: None,
        reason: ingest::unrecognised_reason(&bytes),
    })?;
    let mut parsed = ingest::parse(&bytes, &origin, format)?;
    // The file's date stands for each undated article of it one second earlier than the one
    // before, so a file of several lists them in its own order, as a feed's are listed.
    let file_date =
        |index: usize, date: Option<DateTime<Utc>>| date.map(|at| undated_at(at, index));
    for (index, draft) in parsed.drafts.iter_mut().enumerate() {
        // Wire copy has no date field of its own: the file's name, as the user saved it, says
        // more than a dateline's day and month (and the dateline's year comes from it anyway).
        if format == ingest::Format::Wire && named_date.is_some() {
            draft.published = file_date(index, named_date);
        }
        if draft.published.is_none() {
            draft.published = file_date(index, named_date)
                .or_else(|| dateline_noon(draft))
                .or_else(|| file_date(index, modified));
        }
    }
    Ok(parsed)
}

fn date_in_file_name(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let date = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(12, 0, 0)?.and_utc())
}

fn dateline_noon(draft: &ArticleDraft) -> Option<DateTime<Utc>> {
    let date = draft.dateline.as_ref()?.date?;
    Some(date.and_hms_opt(12, 0, 0)?.and_utc())
}

/// What the command-line paths came to: the inputs to read, paths that failed, and what to tell.
#[derive(Debug, Default)]
pub struct Planned {
    pub inputs: Vec<Input>,
    pub failures: Vec<Failure>,
    pub notices: Vec<String>,
}

/// Turns command-line paths into inputs: `-` is stdin, directories are walked for article files.
pub fn inputs_from_paths(paths: &[PathBuf]) -> Planned {
    let expanded = ingest::expand_paths(paths);
    let mut notices = Vec::new();
    if expanded.skipped > 0 {
        notices.push(format!(
            "skipped {} file(s) in directories that are not articles by their extension",
            expanded.skipped
        ));
    }
    for dir in &expanded.empty_dirs {
        notices.push(format!("{}: no article files found", dir.display()));
    }
    let inputs = expanded
        .files
        .into_iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::File(p)
            }
        })
        .collect();
    Planned {
        inputs,
        failures: expanded.errors.into_iter().map(Failure::from).collect(),
        notices,
    }
}

/// Imports every input into the library. Bad inputs are reported and the rest still go in.
pub fn import(library: &mut Library, inputs: &[Input]) -> Result<ImportReport, LibraryError> {
    import_stamped(library, inputs, &Stamp::default())
}

/// What `import --source` and `--tag` give every article of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The source every article gets, whatever its file said.
    pub source: Option<String>,
    /// Tags added to every article.
    pub tags: Vec<String>,
}

impl Stamp {
    /// Gives `draft` the source and tags, cleaned like any text from outside.
    fn apply(&self, draft: &mut ArticleDraft) {
        if let Some(source) = self.source.as_deref().map(clean_line) {
            draft.source = source;
        }
        for tag in self.tags.iter().map(|t| clean_line(t)) {
            if !tag.is_empty() && !draft.tags.contains(&tag) {
                draft.tags.push(tag);
            }
        }
    }
}

/// `import`, with a source and tags given to every article.
pub fn import_stamped(
    library: &mut Library,
    inputs: &[Input],
    stamp: &Stamp,
) -> Result<ImportReport, LibraryError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut dirs = DirSources::default();
    let parsed = inputs
        .chunks(FILES_PER_ROUND)
        .flat_map(|round| round.iter().zip(parse_in_parallel(round, threads)))
        .map(|(input, parsed)| {
            parsed.map(|mut parsed| {
                if let Input::File(path) = input {
                    dirs.apply(path, &mut parsed.drafts);
                }
                parsed
                    .drafts
                    .iter_mut()
                    .for_each(|draft| stamp.apply(draft));
                parsed
            })
        });
    let mut report = import_inputs(library, parsed, inputs.len())?;
    report.notices.append(&mut dirs.problems);
    Ok(report)
}

/// Stores already-parsed inputs in batches and indexes them: the half of `import` after parsing,
/// public so benchmarks can feed generated drafts straight in (`Library::set_tagging` chooses
/// whether entities are found).
pub fn import_parsed(
    library: &mut Library,
    parsed: impl IntoIterator<Item = Result<Parsed, IngestError>>,
) -> Result<ImportReport, LibraryError> {
    import_inputs(library, parsed, 0)
}

/// `import_parsed` of what `inputs` inputs gave (0 when not known), telling the library's
/// progress after each.
fn import_inputs(
    library: &mut Library,
    parsed: impl IntoIterator<Item = Result<Parsed, IngestError>>,
    inputs: usize,
) -> Result<ImportReport, LibraryError> {
    let mut report = ImportReport::default();
    let mut inputs_done = 0;
    // Articles are stored in batches of `BATCH`, gathered across inputs (a directory of files of
    // one article each is not one transaction per file). Each batch's entities are found on other
    // threads while this one stores and indexes the batch before it, so the cores are not left
    // idle while the store writes.
    let mut gathered: Vec<ArticleDraft> = Vec::with_capacity(BATCH);
    let mut tagged: Option<Batch> = None;
    for parsed in parsed {
        inputs_done += 1;
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(error) => {
                report.failed.push(error.into());
                continue;
            }
        };
        report
            .failed
            .extend(parsed.errors.into_iter().map(Failure::from));
        report
            .warnings
            .extend(parsed.warnings.into_iter().map(Failure::from));
        let last = parsed.drafts.len();
        for (n, draft) in parsed.drafts.into_iter().enumerate() {
            gathered.push(draft);
            if gathered.len() == BATCH {
                let batch = Batch {
                    drafts: std::mem::replace(&mut gathered, Vec::with_capacity(BATCH)),
                    // This input is done with the batch if this was its last article.
                    inputs_done: inputs_done - usize::from(n + 1 < last),
                };
                store_while_tagging(library, &mut report, &mut tagged, batch, inputs)?;
            }
        }
    }
    if !gathered.is_empty() {
        let batch = Batch {
            drafts: gathered,
            inputs_done,
        };
        store_while_tagging(library, &mut report, &mut tagged, batch, inputs)?;
    }
    if let Some(mut last) = tagged {
        count(&mut report, library.add_drafts(&mut last.drafts)?);
    }
    library.tell_progress("importing", "files", inputs_done, inputs);
    library.settle()?;
    report.notices.extend(library.take_notices());
    Ok(report)
}

/// Articles stored together, and how many inputs are wholly stored once they are (what the
/// progress tells).
struct Batch {
    drafts: Vec<ArticleDraft>,
    inputs_done: usize,
}

/// Finds the entities of `batch` on other threads while storing the batch `tagged` before it,
/// which `batch` then replaces. Progress is told of inputs stored, not merely read.
fn store_while_tagging(
    library: &mut Library,
    report: &mut ImportReport,
    tagged: &mut Option<Batch>,
    mut batch: Batch,
    inputs: usize,
) -> Result<(), LibraryError> {
    let ahead = library.tagging_ahead(&batch.drafts)?;
    let stored = std::thread::scope(|scope| {
        let tagging = scope.spawn(|| {
            if let Some(ahead) = &ahead {
                ahead.run(&mut batch.drafts);
            }
        });
        let stored = tagged.take().map(|mut before| {
            let outcome = library.add_drafts(&mut before.drafts);
            (outcome, before.inputs_done)
        });
        // A tagging thread that failed leaves its drafts untagged: `add_drafts` tags them.
        let _ = tagging.join();
        stored
    });
    if let Some((outcome, inputs_done)) = stored {
        count(report, outcome?);
        library.tell_progress("importing", "files", inputs_done, inputs);
    }
    *tagged = Some(batch);
    Ok(())
}

/// Adds a stored batch's outcome to the report.
fn count(report: &mut ImportReport, outcome: BatchOutcome) {
    report.duplicates += outcome.duplicates;
    report
        .imported
        .extend(outcome.inserted.iter().map(|(_, id)| *id));
}

/// Parses inputs on `threads` threads, returning results in input order.
fn parse_in_parallel(inputs: &[Input], threads: usize) -> Vec<Result<Parsed, IngestError>> {
    if threads <= 1 || inputs.len() <= 1 {
        return inputs.iter().map(parse_input).collect();
    }
    let per_thread = inputs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(per_thread)
            .map(|chunk| scope.spawn(move || chunk.iter().map(parse_input).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    vec![Err(IngestError {
                        name: "import".into(),
                        line: None,
                        reason: "a parser thread failed".into(),
                    })]
                })
            })
            .collect()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod bounded_tests {
    use super::*;

    #[test]
    fn an_endless_input_is_refused_at_the_bound_not_read_on() {
        let err = read_bounded(std::io::repeat(0), "/dev/zero", 4096).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: longer than 4096 bytes, the most of one input read for articles (split \
             it into parts)"
        );
        let whole = read_bounded(&b"Harbour news"[..], "a.txt", 12).unwrap();
        assert_eq!(whole, b"Harbour news");
    }
}
