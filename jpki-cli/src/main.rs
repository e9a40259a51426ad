//! `jpki`: JPKI certificates, signatures, cards, revocation, the simulator and the
//! demo from a shell.
//!
//! Exit codes: 0 ok, 1 a negative verdict (e.g. the certificate's 4 basic info do
//! not match the applicant's), 2 usage or input error.
//!
//! This file only dispatches: each `cmd_*` module owns its arguments and its `run`.
//! `RUST_LOG` (e.g. `RUST_LOG=jpki=debug`) turns on the library's log on stderr;
//! it never contains secrets.

// First: its output macros (`out!`, `outln!`) serve every module after it.
#[macro_use]
mod common;
mod cmd_card;
mod cmd_cert;
mod cmd_login;
mod cmd_revocation;
mod cmd_sign;
mod cmd_sim;
mod cmd_verify;
mod demo;
mod ocsp_serve;
mod render;
mod vpcd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub(crate) use common::{
    Failure, MAX_LARGE_INPUT, Outcome, loopback_addr, print_json, read_file, read_large, time_arg,
};

/// JPKI (公的個人認証サービス) from a shell: certificates with the 4 basic info,
/// signed applications, cards, revocation, a simulated issuing authority, and the
/// end-to-end demo.
#[derive(Parser)]
#[command(name = "jpki", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Verify a signed application: signature, certificate path, revocation, and the
    /// 4 basic info against what the applicant wrote (exit 0 valid, 1 invalid, 2
    /// usage or input error).
    Verify(cmd_verify::Args),
    /// Read, compare and validate certificates.
    #[command(subcommand)]
    Cert(cmd_cert::Command),
    /// Read and check CRLs.
    #[command(subcommand)]
    Crl(cmd_revocation::CrlCommand),
    /// Ask or check OCSP.
    #[command(subcommand)]
    Ocsp(cmd_revocation::OcspCommand),
    /// Sign a file with the card (CMS SignedData, CAdES-BES).
    Sign(cmd_sign::Args),
    /// Log in with the card's authentication certificate: a relying party's
    /// challenge, the card's answer, and its verification (once, naming the account).
    #[command(subcommand)]
    Login(cmd_login::Command),
    /// Use a JPKI card: a reader (`--reader`) or a simulator card file (`--sim`).
    #[command(subcommand)]
    Card(cmd_card::Command),
    /// The simulated issuing authority (prefecture / J-LIS side).
    #[command(subcommand)]
    Sim(cmd_sim::Command),
    /// Run the seeds' scenario end to end on the simulator.
    Demo {
        /// On the next-generation card profile (ECDSA P-384 CAs and card keys,
        /// SHA-384, 10-year certificates).
        #[arg(long)]
        next_gen: bool,
    },
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("off")).init();
    let result = match Cli::parse().command {
        Command::Cert(cmd) => cmd_cert::run(cmd),
        Command::Card(cmd) => cmd_card::run(cmd),
        Command::Sign(args) => cmd_sign::run(&args),
        Command::Login(cmd) => cmd_login::run(cmd),
        Command::Verify(args) => cmd_verify::run(&args),
        Command::Crl(cmd) => cmd_revocation::run_crl(cmd),
        Command::Ocsp(cmd) => cmd_revocation::run_ocsp(cmd),
        Command::Sim(cmd) => cmd_sim::run(cmd),
        Command::Demo { next_gen } => demo::run(next_gen),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(Failure(message)) => {
            eprintln!("jpki: {message}");
            ExitCode::from(2)
        }
    }
}
