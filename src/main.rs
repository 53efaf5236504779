//! The `dateline` binary: parse the command line, run it, turn errors into a message and an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = dateline::cli::Cli::parse();
    match dateline::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dateline: {error:#}");
            ExitCode::FAILURE
        }
    }
}
