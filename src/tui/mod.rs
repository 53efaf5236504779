//! The screen: a ratatui reader. One `State`, messages applied by `update` (reads and writes are
//! effects carried out by `data`), frames drawn by `view`.

mod answers;
pub mod app;
pub mod data;
pub mod doc;
mod feeds_flow;
mod flags;
pub mod help_text;
mod jobs;
pub mod list;
mod list_flow;
mod marks;
mod mouse;
pub mod msg;
pub mod pictures;
mod prompt;
pub mod reader;
mod reader_flow;
mod search_flow;
mod sgr16;
pub mod sidebar;
pub mod source;
pub mod state;
pub mod terminal;
mod terminal_query;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod test_shelf;
mod threads;
mod unread_flow;
pub mod update;
pub mod view;
pub mod views;
mod watch;
pub mod worker;

pub use app::{App, Opening, Options, run};
pub use msg::Incoming;
