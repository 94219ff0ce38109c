//! The `strata` binary: the CLI (start, bootstrap, migrations, users, roles, schema) around
//! strata-core.

mod cli;
mod schema_cli;

use anyhow::Result;

/// glibc's malloc spent a third of the CPU of a list request on two threads; mimalloc's
/// per-thread heaps do not contend.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    match run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: cli::Cli) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(cli::run(args))
}
