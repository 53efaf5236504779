//! Turning bytes from files and stdin into sanitised article drafts: format detection and one parser per format.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::article::ArticleDraft;

/// The formats `dateline import` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain-text wire copy as saved from a news site.
    Wire,
    Markdown,
    Html,
    /// One JSON object or an array of them.
    Json,
    JsonLines,
    /// RSS 0.9x/1.0/2.0, Atom or JSON Feed.
    Feed,
}

/// Where some bytes came from: used in messages and to fill a missing year.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The path as the user gave it, or `-` for stdin.
    pub name: String,
    /// The file's modification time, when it has one.
    pub modified: Option<DateTime<Utc>>,
}

/// Something in the input that could not be imported. `line` is 1-based where one is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {reason}", name, line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    pub name: String,
    pub line: Option<usize>,
    pub reason: String,
}

/// What one input yielded: the drafts that parsed and an error for each item that did not.
#[derive(Debug, Default)]
pub struct Parsed {
    pub drafts: Vec<ArticleDraft>,
    pub errors: Vec<IngestError>,
}

/// Guesses the format from the file name, then from the first bytes.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Option<Format> {
    let _ = (path, bytes);
    todo!("ingest helper")
}

/// Parses one input. A whole-input failure (unknown format, not a feed) is an `Err`;
/// a bad item inside a good input is reported in `Parsed::errors` and the other items still parse.
pub fn parse(bytes: &[u8], origin: &Origin, format: Format) -> Result<Parsed, IngestError> {
    let _ = (bytes, origin, format);
    todo!("ingest helper")
}

/// Expands files and directories (recursively, sorted, hidden entries skipped) into the files to import.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let _ = paths;
    todo!("ingest helper")
}
