//! `jpki cert …`: show, compare with an application, validate.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use jpki::Applicant;
use jpki::Certificate;
use jpki::Usage;

use crate::cmd_verify::VerifierArgs;
use crate::render::{certificate_json, certificate_text, comparison_json, comparison_text};
use crate::{Failure, Outcome, print_json, read_file, time_arg};

/// `jpki cert …`
#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Validate a certificate: its path to a trust anchor, the usage's key usage
    /// and policies, and the revocation of every certificate of the path (exit 0
    /// valid, 1 invalid, 2 usage or input error).
    Verify {
        /// Certificate file (DER or PEM).
        file: PathBuf,
        #[command(flatten)]
        verifier: VerifierArgs,
        /// What the certificate must be good for: sign (a signing certificate,
        /// nonRepudiation; the default), auth (a user authentication certificate,
        /// digitalSignature) or any.
        #[arg(long, value_enum, default_value = "sign")]
        usage: UsageArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// What the applicant wrote on the form.
#[derive(clap::Args, Clone)]
pub(crate) struct ApplicantArgs {
    /// Name as written.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Birth date as written (1950-04-01, 1950/4/1, 昭和25年4月1日, S25.4.1…).
    #[arg(long)]
    pub(crate) birth: Option<String>,
    /// Sex.
    #[arg(long, value_enum)]
    pub(crate) sex: Option<SexArg>,
    /// Address as written.
    #[arg(long)]
    pub(crate) address: Option<String>,
}

/// Sex as written on a form.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SexArg {
    Male,
    Female,
    Unknown,
}

impl From<SexArg> for jpki::Sex {
    fn from(s: SexArg) -> Self {
        match s {
            SexArg::Male => Self::Male,
            SexArg::Female => Self::Female,
            SexArg::Unknown => Self::Unknown,
        }
    }
}

/// `--usage`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum UsageArg {
    /// A signing certificate (署名用): nonRepudiation, a signing policy.
    Sign,
    /// A user authentication certificate (利用者証明用): digitalSignature, an
    /// authentication policy.
    Auth,
    /// Any end-entity certificate with a valid path.
    Any,
}

impl From<UsageArg> for Usage {
    fn from(u: UsageArg) -> Self {
        match u {
            UsageArg::Sign => Self::Signing,
            UsageArg::Auth => Self::Authentication,
            UsageArg::Any => Self::Any,
        }
    }
}

/// Runs a `jpki cert` command.
pub(crate) fn run(cmd: Command) -> Result<Outcome, Failure> {
    match cmd {
        Command::Show { file, trust, json } => show(&file, trust.as_deref(), json),
        Command::Compare {
            file,
            applicant,
            json,
        } => compare(&file, &applicant, json),
        Command::Verify {
            file,
            verifier,
            usage,
            json,
        } => verify(&file, &verifier, usage.into(), json),
    }
}

fn show(file: &Path, trust: Option<&Path>, json: bool) -> Result<Outcome, Failure> {
    let cert = read_cert(file)?;
    let anchors = match trust {
        Some(path) => Certificate::parse_all(&read_file(path)?)?,
        None => Vec::new(),
    };
    let issuer = anchors
        .iter()
        .find_map(|ca| cert.issuer_match(ca).map(|how| (ca, how)));
    if json {
        print_json(None, certificate_json(&cert, issuer));
    } else {
        out!("{}", certificate_text(&cert, issuer));
        if trust.is_some() && issuer.is_none() && !cert.is_self_issued() {
            outln!("  issuing CA    not among the given certificates (no authority key id match)");
        }
    }
    Ok(Outcome::Ok)
}

/// The applicant the options describe (empty if none was given).
pub(crate) fn applicant_from(args: &ApplicantArgs) -> Result<Applicant, Failure> {
    Ok(Applicant {
        name: args.name.clone(),
        birth_date: args
            .birth
            .as_deref()
            .map(Applicant::parse_birth_date)
            .transpose()?,
        sex: args.sex.map(Into::into),
        address: args.address.clone(),
    })
}

fn compare(file: &Path, args: &ApplicantArgs, json: bool) -> Result<Outcome, Failure> {
    let cert = read_cert(file)?;
    let info = cert.personal_info().ok_or_else(|| {
        Failure(format!(
            "{}: a {} certificate carries no 4 basic info",
            file.display(),
            cert.kind()
        ))
    })?;
    let applicant = applicant_from(args)?;
    if applicant == Applicant::new() {
        return Err(Failure(
            "give at least one of --name, --birth, --sex, --address".into(),
        ));
    }
    let comparison = info.compare(&applicant);
    if json {
        print_json(
            Some(comparison.provided_match()),
            comparison_json(&comparison),
        );
    } else {
        out!("{}", comparison_text(&comparison, ""));
        outln!(
            "{}",
            if comparison.provided_match() {
                "=> the given fields match the certificate"
            } else {
                "=> the certificate does not match the application"
            }
        );
    }
    Ok(if comparison.provided_match() {
        Outcome::Ok
    } else {
        Outcome::Negative
    })
}

/// The certificate in `file`, or an input error saying what was expected.
fn read_cert(file: &Path) -> Result<Certificate, Failure> {
    Certificate::parse(&read_file(file)?).map_err(|e| {
        Failure(format!(
            "{}: expected a certificate (DER or PEM): {e}",
            file.display()
        ))
    })
}

fn verify(file: &Path, args: &VerifierArgs, usage: Usage, json: bool) -> Result<Outcome, Failure> {
    let cert = read_cert(file)?;
    let at = time_arg(args.at.as_deref())?;
    let verifier = args.build(usage, false)?;
    let verdict = verifier.verify_certificate(&cert, usage, at);
    if json {
        crate::common::print_serialized(serde_json::to_value(&verdict))?;
    } else {
        crate::cmd_verify::print_certificate_verdict(&verdict);
    }
    Ok(if verdict.is_valid() {
        Outcome::Ok
    } else {
        Outcome::Negative
    })
}
