//! dateline: a terminal news reader. The library holds everything; `main.rs` only dispatches.
// Every line for people goes out through `cli::print`, which cleans it (see clippy.toml).
#![deny(clippy::disallowed_macros, clippy::disallowed_methods)]

pub mod article;
pub mod cli;
pub mod config;
pub mod demo;
pub mod entities;
pub mod fetch;
pub mod import;
pub mod ingest;
pub mod library;
pub mod newsboat;
pub mod notify;
pub mod parallel;
pub mod pictures;
pub mod say;
pub mod search;
pub mod store;
pub mod stories;
pub mod sync;
pub mod synth;
pub mod tagging;
pub mod tui;
pub mod upkeep;
pub mod wrap;
