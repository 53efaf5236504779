//! The `dateline` binary: parse the command line, run it, turn errors into a message and an exit code.

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use dateline::tui::app::Signalled;

fn main() -> ExitCode {
    let cli = match dateline::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => usage_error(error),
    };
    if let Some(mistake) = cli.misplaced_option() {
        let mut command = dateline::cli::Cli::command();
        command.error(ErrorKind::ArgumentConflict, mistake).exit();
    }
    match dateline::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output (`head`, `less`) went away: nothing is wrong.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        // Ended by a signal: the status a shell gives a process a signal ended.
        Err(error) => {
            if let Some(Signalled(signal)) = error.downcast_ref::<Signalled>() {
                return ExitCode::from(u8::try_from(128 + signal).unwrap_or(1));
            }
            let message = message(&error);
            // With --json stdout holds one JSON document, failure or not: the error, unless the
            // command printed its own report before failing.
            if wants_json() && !dateline::cli::print::printed_json() {
                let _ = dateline::cli::print::json(&serde_json::json!({ "error": message }));
            }
            dateline::cli::print::warn(message);
            ExitCode::FAILURE
        }
    }
}

/// A command line clap refused, said as clap says it, unless it quotes characters that must not
/// reach the terminal (`show $'1\u202e2'`): then cleaned, without clap's colours.
fn usage_error(error: clap::Error) -> ! {
    let plain = error.render().to_string();
    let clean: Vec<String> = plain
        .lines()
        .map(dateline::ingest::sanitize::strip_controls)
        .collect();
    if !error.use_stderr() {
        error.exit();
    }
    // With --json stdout holds one JSON document, a usage error's too.
    if wants_json() {
        let message = clean
            .first()
            .map_or("", |line| line.trim_start_matches("error: "));
        let _ = dateline::cli::print::json(&serde_json::json!({ "error": message }));
    }
    if clean.iter().eq(plain.lines()) {
        error.exit();
    }
    dateline::cli::print::note(clean.join("\n").trim_end());
    std::process::exit(error.exit_code());
}

/// The command line asks for JSON output.
fn wants_json() -> bool {
    std::env::args_os().any(|arg| arg == "--json")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    error.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().map(|e| e.kind());
        // JSON output fails inside serde_json, which keeps the io error's kind.
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(|e| e.io_error_kind());
        io == Some(BrokenPipe) || json == Some(BrokenPipe)
    })
}

/// The error and its causes on one line, each cause said once (`warn` cleans it: messages quote
/// file names and field values, which come from outside).
fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}
