//! `jpki`: JPKI certificates, the simulator and the demo from a shell.
//!
//! Exit codes: 0 ok, 1 a negative verdict (e.g. the certificate's 4 basic info do
//! not match the applicant's), 2 usage or input error.

mod cmd_cert;
mod cmd_sim;
mod demo;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jpki::time::Time;

/// JPKI (公的個人認証サービス) from a shell: certificates with the 4 basic info,
/// a simulated issuing authority, and the end-to-end demo.
#[derive(Parser)]
#[command(name = "jpki", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read certificates.
    #[command(subcommand)]
    Cert(CertCommand),
    /// The simulated issuing authority (prefecture / J-LIS side).
    #[command(subcommand)]
    Sim(SimCommand),
    /// Run the seeds' scenario end to end on the simulator.
    Demo,
}

#[derive(Subcommand)]
enum CertCommand {
    /// Show a certificate (DER or PEM) with its JPKI reading.
    Show {
        /// Certificate file.
        file: PathBuf,
        /// CA certificates (PEM bundle, e.g. a simulator's trust.pem) to name the
        /// issuing CA generation, matched by authority key id.
        #[arg(long)]
        trust: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare the certificate's 4 basic info with what an applicant wrote
    /// (exit 1 if a given field does not match).
    Compare {
        /// Signing certificate file.
        file: PathBuf,
        #[command(flatten)]
        applicant: ApplicantArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// What the applicant wrote on the form.
#[derive(Args, Clone)]
struct ApplicantArgs {
    /// Name as written.
    #[arg(long)]
    name: Option<String>,
    /// Birth date as written (1950-04-01, 1950/4/1, 昭和25年4月1日, S25.4.1…).
    #[arg(long)]
    birth: Option<String>,
    /// Sex.
    #[arg(long, value_enum)]
    sex: Option<SexArg>,
    /// Address as written.
    #[arg(long)]
    address: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SexArg {
    Male,
    Female,
    Unknown,
}

impl From<SexArg> for jpki::cert::Sex {
    fn from(s: SexArg) -> Self {
        match s {
            SexArg::Male => Self::Male,
            SexArg::Female => Self::Female,
            SexArg::Unknown => Self::Unknown,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    /// Signing certificate (署名用), with the 4 basic info.
    Sign,
    /// User authentication certificate (利用者証明用).
    Auth,
}

#[derive(Clone, Copy, ValueEnum)]
enum EnvironmentArg {
    Test,
    Production,
}

#[derive(Clone, Copy, ValueEnum)]
enum EventArg {
    /// The register reports a move (revokes signing certificates).
    Move,
    /// The register reports a name change (revokes signing certificates).
    Rename,
    /// The register reports a death (revokes every certificate).
    Death,
    /// The register reports a new address notation (revokes signing certificates).
    NotationChange,
    /// A municipal merger (revokes nothing).
    Merger,
    /// The holder revokes this certificate (任意失効).
    Voluntary,
    /// The holder reports the card lost or the key exposed.
    KeyCompromise,
}

#[derive(Subcommand)]
enum SimCommand {
    /// Create a simulated authority in DIR (CA generations; writes DIR/trust.pem).
    Init {
        /// State directory.
        dir: PathBuf,
        /// Policy OIDs in issued certificates.
        #[arg(long, value_enum, default_value = "test")]
        environment: EnvironmentArg,
        /// OCSP URL written into signing certificates.
        #[arg(long)]
        ocsp_url_sign: Option<String>,
        /// OCSP URL written into authentication certificates.
        #[arg(long)]
        ocsp_url_auth: Option<String>,
        /// Time of creation (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Issue a certificate for a resident (key pair generated in software for now).
    Issue {
        /// State directory.
        dir: PathBuf,
        /// Name as in the resident register (surname, space, given name).
        #[arg(long)]
        name: String,
        /// Birth date, YYYY-MM-DD.
        #[arg(long)]
        birth: String,
        /// Sex.
        #[arg(long, value_enum)]
        sex: SexArg,
        /// Address as in the resident register, starting with the prefecture.
        #[arg(long)]
        address: String,
        /// Certificate kind.
        #[arg(long, value_enum, default_value = "sign")]
        kind: KindArg,
        /// Prefecture in romaji for the subject and CRL partition (default: from the address).
        #[arg(long)]
        prefecture: Option<String>,
        /// Municipality for the subject and CRL partition (default: from the address).
        #[arg(long)]
        municipality: Option<String>,
        /// CA generation to issue from (1 = oldest; default the newest valid one).
        #[arg(long)]
        generation: Option<usize>,
        /// Time of issuance (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Where to write the certificate (PEM).
        #[arg(long)]
        out: PathBuf,
        /// Where to write the software private key (PEM, mode 0600); default OUT.key.pem.
        #[arg(long)]
        key_out: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Apply a register report or holder request to the certificate SERIAL.
    Event {
        /// State directory.
        dir: PathBuf,
        /// Serial number, decimal or 0x-prefixed hex.
        #[arg(long)]
        serial: String,
        /// What happened.
        #[arg(value_enum)]
        event: EventArg,
        /// Time of the event (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the certificates the authority issued and their revocation status.
    List {
        /// State directory.
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// What a command concluded.
enum Outcome {
    /// Done; exit 0.
    Ok,
    /// A negative verdict; exit 1.
    Negative,
}

/// An error for the user: the message, printed after `jpki: `; exit 2.
struct Failure(String);

impl From<jpki::Error> for Failure {
    fn from(e: jpki::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self(e.to_string())
    }
}

fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(format!("{}: {e}", path.display())))
}

/// The time given with `--at`, or the system clock (the CLI's, never the core's).
fn time_arg(at: Option<&str>) -> Result<Time, Failure> {
    match at {
        Some(text) => Ok(Time::parse_rfc3339(text)?),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| Failure(format!("system clock: {e}")))?
                .as_secs();
            Ok(Time::from_unix_seconds(secs))
        }
    }
}

fn print_json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

fn run(cli: Cli) -> Result<Outcome, Failure> {
    match cli.command {
        Command::Cert(CertCommand::Show { file, trust, json }) => {
            cmd_cert::show(&file, trust.as_deref(), json)
        }
        Command::Cert(CertCommand::Compare {
            file,
            applicant,
            json,
        }) => cmd_cert::compare(&file, &applicant, json),
        Command::Sim(cmd) => cmd_sim::run(cmd),
        Command::Demo => demo::run(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(Failure(message)) => {
            eprintln!("jpki: {message}");
            ExitCode::from(2)
        }
    }
}
