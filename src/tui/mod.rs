//! The screen: a ratatui reader. One `State`, messages applied by `update`, frames drawn by `view`.

pub mod app;
pub mod doc;
mod feeds_flow;
mod flags;
pub mod help_text;
pub mod list;
pub mod reader;
mod search_flow;
mod sgr16;
pub mod state;
pub mod terminal;
mod threads;
pub mod update;
pub mod view;
pub mod worker;
pub mod wrap;

pub use app::{App, Incoming, Options, run};
