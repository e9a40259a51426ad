//! `jpki`: JPKI certificates, the simulator and the demo from a shell.
//!
//! Exit codes: 0 ok, 1 a negative verdict (e.g. the certificate's 4 basic info do
//! not match the applicant's), 2 usage or input error.

mod cmd_card;
mod cmd_cert;
mod cmd_revocation;
mod cmd_sign;
mod cmd_sim;
mod demo;
mod ocsp_serve;
mod render;
mod vpcd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jpki::Time;

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
    /// Use a JPKI card: a reader (`--reader`) or a simulator card file (`--sim`).
    #[command(subcommand)]
    Card(CardCommand),
    /// Sign a file with the card (CMS SignedData, CAdES-BES).
    Sign {
        #[command(flatten)]
        card: CardArgs,
        /// The file to sign (e.g. an application form).
        file: PathBuf,
        /// Where to write the signature (DER, or PEM with --pem).
        #[arg(short, long)]
        out: PathBuf,
        /// Put the content inside the signature instead of signing it detached.
        #[arg(long)]
        attached: bool,
        /// Which card key.
        #[arg(long, value_enum, default_value = "sign")]
        key: KindArg,
        /// Read the password or PIN from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
        /// Write PEM instead of DER.
        #[arg(long)]
        pem: bool,
        /// The signingTime to claim (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
    },
    /// Verify a signed application: signature, certificate path, and the 4 basic info
    /// against what the applicant wrote (exit 0 valid, 1 invalid, 2 usage or input error).
    Verify {
        /// The signature (CMS SignedData, DER or PEM).
        signature: PathBuf,
        /// The signed content, for a detached signature.
        #[arg(long)]
        content: Option<PathBuf>,
        /// Trust anchors (PEM bundle; e.g. J-LIS roots or a simulator's trust.pem). Repeatable.
        #[arg(long, required = true)]
        trust: Vec<PathBuf>,
        /// Further certificates (intermediates, link certificates, the signer's). Repeatable.
        #[arg(long)]
        cert: Vec<PathBuf>,
        /// Validation time (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Accept SHA-1 (住基カード era signatures), flagged in the output.
        #[arg(long)]
        legacy_sha1: bool,
        /// Accept any signer certificate, not only a signing certificate (nonRepudiation).
        #[arg(long)]
        any_certificate: bool,
        #[command(flatten)]
        expect: ExpectArgs,
        /// CRLs (DER or PEM), e.g. the municipality partition's. Repeatable. CRLs
        /// carried in the signature are used too.
        #[arg(long)]
        crl: Vec<PathBuf>,
        /// OCSP responses obtained beforehand (DER). Repeatable.
        #[arg(long)]
        ocsp_response: Vec<PathBuf>,
        /// Ask this OCSP responder online (loopback or any http:// URL).
        #[arg(long)]
        ocsp_url: Option<String>,
        /// hard: no answer means invalid (default); soft: accepted and shown as
        /// soft_failed; off: not checked (shown as unchecked).
        #[arg(long, value_enum, default_value = "hard")]
        revocation: RevocationArg,
        /// Ask CRLs before OCSP.
        #[arg(long)]
        crl_first: bool,
        /// Print JSON (top-level boolean `valid`, one entry per check).
        #[arg(long)]
        json: bool,
    },
    /// Read and check CRLs.
    #[command(subcommand)]
    Crl(CrlCommand),
    /// Ask or check OCSP.
    #[command(subcommand)]
    Ocsp(OcspCommand),
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

/// Which card.
#[derive(Args, Clone)]
#[group(required = true, multiple = false)]
struct CardArgs {
    /// PC/SC reader name (or part of it); `auto` for the first reader with a JPKI card.
    #[arg(long)]
    reader: Option<String>,
    /// Simulator card file (see `jpki sim issue --card`).
    #[arg(long)]
    sim: Option<PathBuf>,
}

impl CardArgs {
    fn source(&self) -> cmd_card::CardSource {
        match (&self.sim, self.reader.as_deref()) {
            (Some(path), _) => cmd_card::CardSource::Sim(path.clone()),
            (None, Some("auto") | None) => cmd_card::CardSource::Reader(None),
            (None, Some(name)) => cmd_card::CardSource::Reader(Some(name.to_owned())),
        }
    }
}

#[derive(Subcommand)]
enum CardCommand {
    /// Card kind, certificates present, and PIN states (no tries spent).
    Info {
        #[command(flatten)]
        card: CardArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read a certificate (the signing one needs the signing password).
    ReadCert {
        #[command(flatten)]
        card: CardArgs,
        #[command(flatten)]
        which: CertSlotArgs,
        /// Write to FILE (PEM if it ends in .pem, else DER) instead of PEM on stdout.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Read the signing password from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
    },
    /// Tries left of each secret, read without spending one.
    PinStatus {
        #[command(flatten)]
        card: CardArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a PIN or the signing password.
    ChangePin {
        #[command(flatten)]
        card: CardArgs,
        /// Which secret.
        #[arg(long, value_enum, default_value = "auth")]
        pin: PinArg,
        /// Read the current secret from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Read the new secret from this environment variable instead of a prompt.
        #[arg(long)]
        new_pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
    },
    /// The 4 basic info of the text application (券面事項入力補助AP); never the My Number.
    Attributes {
        #[command(flatten)]
        card: CardArgs,
        /// Read the PIN from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Which certificate.
#[derive(Args, Clone, Copy)]
#[group(required = true, multiple = false)]
struct CertSlotArgs {
    /// The signing certificate (署名用).
    #[arg(long)]
    sign: bool,
    /// The user authentication certificate (利用者証明用).
    #[arg(long)]
    auth: bool,
    /// The signing CA certificate.
    #[arg(long)]
    sign_ca: bool,
    /// The authentication CA certificate.
    #[arg(long)]
    auth_ca: bool,
}

impl CertSlotArgs {
    fn slot(self) -> jpki::card::CertificateSlot {
        use jpki::card::CertificateSlot as S;
        match (self.sign, self.auth, self.sign_ca) {
            (true, _, _) => S::Signing,
            (_, true, _) => S::Authentication,
            (_, _, true) => S::SigningCa,
            _ => S::AuthenticationCa,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PinArg {
    /// The authentication PIN (4 digits).
    Auth,
    /// The signing password (6–16 of A–Z, 0–9).
    Sign,
    /// The text application's PIN (4 digits).
    Attributes,
}

impl From<PinArg> for jpki::card::PinKind {
    fn from(p: PinArg) -> Self {
        match p {
            PinArg::Auth => Self::AuthenticationPin,
            PinArg::Sign => Self::SigningPassword,
            PinArg::Attributes => Self::AttributesPin,
        }
    }
}

/// How `jpki verify` treats revocation.
#[derive(Clone, Copy, ValueEnum)]
enum RevocationArg {
    /// No answer from any source: invalid.
    Hard,
    /// No answer: accepted, shown as soft_failed.
    Soft,
    /// Not checked: shown as unchecked.
    Off,
}

#[derive(Subcommand)]
enum CrlCommand {
    /// Show a CRL (DER or PEM); with --issuer, check its signature (exit 1 if bad).
    Show {
        /// CRL file.
        file: PathBuf,
        /// The issuing CA certificate.
        #[arg(long)]
        issuer: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Look serials up in a CRL verified with --issuer (exit 1 if one is revoked
    /// or the CRL is not current).
    Check {
        /// CRL file.
        file: PathBuf,
        /// The issuing CA certificate.
        #[arg(long)]
        issuer: PathBuf,
        /// Serials, decimal or 0x hex.
        #[arg(required = true)]
        serials: Vec<String>,
        /// Time the CRL must be current at (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum OcspCommand {
    /// The OCSP status of a certificate (exit 1 if revoked or unknown).
    Check {
        /// The certificate.
        #[arg(long)]
        cert: PathBuf,
        /// Its issuer.
        #[arg(long)]
        issuer: PathBuf,
        /// Ask this responder (http://, a fresh nonce is sent).
        #[arg(long, conflicts_with = "response")]
        url: Option<String>,
        /// Check this response (DER) instead.
        #[arg(long)]
        response: Option<PathBuf>,
        /// Use a SHA-256 CertID instead of SHA-1.
        #[arg(long)]
        sha256: bool,
        /// Validation time (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// What the applicant wrote, for `jpki verify`.
#[derive(Args, Clone)]
struct ExpectArgs {
    /// Name as written in the application.
    #[arg(long)]
    expect_name: Option<String>,
    /// Birth date as written (1950-04-01, 昭和25年4月1日, S25.4.1…).
    #[arg(long)]
    expect_birth: Option<String>,
    /// Sex as written.
    #[arg(long, value_enum)]
    expect_sex: Option<SexArg>,
    /// Address as written.
    #[arg(long)]
    expect_address: Option<String>,
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

impl From<SexArg> for jpki::Sex {
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

impl From<KindArg> for jpki::sim::Purpose {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Sign => Self::Signing,
            KindArg::Auth => Self::Authentication,
        }
    }
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

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
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
    /// Issue a certificate for a resident: with --card, personalize a virtual card
    /// (keys generated in the card, both certificates written back, secrets set);
    /// without it, one certificate with a software key pair.
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
        /// Certificate kind (without --card).
        #[arg(long, value_enum, default_value = "sign", conflicts_with = "card")]
        kind: KindArg,
        /// Prefecture in romaji for the subject and CRL partition (default: from the address).
        #[arg(long)]
        prefecture: Option<String>,
        /// Municipality for the subject and CRL partition (default: from the address).
        #[arg(long)]
        municipality: Option<String>,
        /// CA generation to issue from (1 = oldest; default the newest valid one).
        #[arg(long, conflicts_with = "card")]
        generation: Option<usize>,
        /// Time of issuance (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Where to write the certificate (PEM; with --card, the signing certificate).
        #[arg(long, required_unless_present = "card")]
        out: Option<PathBuf>,
        /// Where to write the software private key (PEM, mode 0600); default OUT.key.pem.
        #[arg(long, conflicts_with = "card")]
        key_out: Option<PathBuf>,
        /// Personalize the virtual card at CARD (created if missing) instead of
        /// generating a software key.
        #[arg(long)]
        card: Option<PathBuf>,
        /// Environment variable holding the signing password the resident sets (with --card).
        #[arg(long, requires = "card")]
        sign_pin_env: Option<String>,
        /// Environment variable holding the authentication PIN the resident sets (with
        /// --card; the text application's PIN gets the same digits).
        #[arg(long, requires = "card")]
        auth_pin_env: Option<String>,
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
    /// Write the CRL of a municipality partition (or, with --arl, a CA's
    /// authority revocation list), signed by the CA generation that issued it.
    Crl {
        /// State directory.
        dir: PathBuf,
        /// The partition as PREFECTURE/MUNICIPALITY (see `sim list`); needed when
        /// the authority has issued into several.
        #[arg(long)]
        partition: Option<String>,
        /// Which hierarchy.
        #[arg(long, value_enum, default_value = "sign")]
        kind: KindArg,
        /// CA generation (default: the newest with certificates in the partition).
        #[arg(long)]
        generation: Option<usize>,
        /// The authority revocation list of the CA generation instead.
        #[arg(long)]
        arl: bool,
        /// thisUpdate (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Hours until nextUpdate.
        #[arg(long, default_value_t = 24)]
        validity_hours: u64,
        /// Where to write the CRL (DER; PEM if it ends in .pem).
        #[arg(short, long)]
        out: PathBuf,
    },
    /// List the certificates the authority issued and their revocation status.
    List {
        /// State directory.
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve a virtual card file to pcscd's vpcd driver (vsmartcard-vpcd), so PC/SC
    /// applications see it in reader `Virtual PCD 00 00`. Saves the card's counters
    /// back to CARD; exits 0 when vpcd closes the connection (pcscd stopped).
    CardServe {
        /// Card file (JSON, as saved by the simulator).
        card: PathBuf,
        /// Address vpcd listens on (loopback only).
        #[arg(long, default_value = vpcd::DEFAULT_ADDR)]
        vpcd: String,
        /// Print each exchange on stderr (headers and status words; never secrets).
        #[arg(long)]
        verbose: bool,
    },
    /// Answer OCSP requests (HTTP POST, or GET with the base64 request in the path)
    /// for the authority in DIR, on a loopback address; the state is read again
    /// for each request. Exits 0 after --max-requests connections or --seconds.
    OcspServe {
        /// State directory.
        dir: PathBuf,
        /// Address to listen on (loopback only; port 0 picks a free port, printed
        /// on stdout).
        #[arg(long, default_value = ocsp_serve::DEFAULT_LISTEN)]
        listen: String,
        /// Stop after answering this many connections.
        #[arg(long, default_value_t = 1000)]
        max_requests: usize,
        /// Stop after this many seconds.
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        /// Sign with the CA key itself instead of a delegated responder certificate.
        #[arg(long)]
        ca_signed: bool,
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

/// Parses `text` (given to option `flag`) as a loopback socket address: `IP:PORT`
/// or `localhost:PORT`, never resolving other names. The simulator's servers and
/// clients reach only this machine; `why` says why in the refusal.
fn loopback_addr(
    flag: &str,
    text: &str,
    example: &str,
    why: &str,
) -> Result<std::net::SocketAddr, Failure> {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    let addr = match text.parse::<SocketAddr>() {
        Ok(addr) => addr,
        Err(_) => match text.strip_prefix("localhost:").map(str::parse::<u16>) {
            Some(Ok(port)) => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            _ => {
                return Err(Failure(format!(
                    "{flag} {text:?}: expected a loopback address and port such as {example}"
                )));
            }
        },
    };
    if !addr.ip().is_loopback() {
        return Err(Failure(format!(
            "{flag} {text}: refusing a non-loopback address ({why})"
        )));
    }
    Ok(addr)
}

/// The largest certificate, trust bundle or OCSP response file read (a J-LIS
/// certificate is under 2 KiB; a bundle of every root generation a few).
const MAX_SMALL_INPUT: u64 = 16 << 20;
/// The largest CRL, signature or signed content file read (a 1M-entry CRL is
/// 43 MB; J-LIS partition CRLs are far smaller).
pub(crate) const MAX_LARGE_INPUT: u64 = 256 << 20;

/// Reads a certificate, trust bundle or OCSP response file, refusing one larger
/// than 16 MiB without reading it (or, for a device such as `/dev/zero`, after
/// reading no more than that).
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    read_limited(path, MAX_SMALL_INPUT)
}

/// Reads a CRL, signature or content file (at most 256 MiB).
fn read_large(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    read_limited(path, MAX_LARGE_INPUT)
}

fn read_limited(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, Failure> {
    use std::io::Read as _;
    let failure = |e: &dyn std::fmt::Display| Failure(format!("{}: {e}", path.display()));
    let too_large = || failure(&format!("larger than the {} MiB accepted", limit >> 20));
    let file = std::fs::File::open(path).map_err(|e| failure(&e))?;
    let len = file.metadata().map_err(|e| failure(&e))?.len();
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| failure(&e))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > limit) {
        return Err(too_large());
    }
    Ok(bytes)
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
        Command::Card(cmd) => run_card(cmd),
        Command::Sign {
            card,
            file,
            out,
            attached,
            key,
            pin_env,
            allow_last_try,
            pem,
            at,
        } => cmd_sign::sign(&cmd_sign::SignArgs {
            source: card.source(),
            file: &file,
            out: &out,
            attached,
            key: match key {
                KindArg::Sign => jpki::card::KeySlot::Signing,
                KindArg::Auth => jpki::card::KeySlot::Authentication,
            },
            pin_env: pin_env.as_deref(),
            allow_last_try,
            pem,
            at: at.as_deref(),
        }),
        Command::Verify {
            signature,
            content,
            trust,
            cert,
            at,
            legacy_sha1,
            any_certificate,
            expect,
            crl,
            ocsp_response,
            ocsp_url,
            revocation,
            crl_first,
            json,
        } => {
            let applicant = cmd_cert::applicant(&ApplicantArgs {
                name: expect.expect_name,
                birth: expect.expect_birth,
                sex: expect.expect_sex,
                address: expect.expect_address,
            })?;
            cmd_sign::verify(&cmd_sign::VerifyArgs {
                signature: &signature,
                content: content.as_deref(),
                trust: &trust,
                certs: &cert,
                at: at.as_deref(),
                legacy_sha1,
                any_certificate,
                applicant,
                crls: &crl,
                ocsp_responses: &ocsp_response,
                ocsp_url: ocsp_url.as_deref(),
                policy: cmd_revocation::policy(revocation, crl_first),
                json,
            })
        }
        Command::Crl(CrlCommand::Show { file, issuer, json }) => {
            cmd_revocation::crl_show(&file, issuer.as_deref(), json)
        }
        Command::Crl(CrlCommand::Check {
            file,
            issuer,
            serials,
            at,
            json,
        }) => cmd_revocation::crl_check(&file, &issuer, &serials, at.as_deref(), json),
        Command::Ocsp(OcspCommand::Check {
            cert,
            issuer,
            url,
            response,
            sha256,
            at,
            json,
        }) => cmd_revocation::ocsp_check(
            &cert,
            &issuer,
            url.as_deref(),
            response.as_ref(),
            sha256,
            at.as_deref(),
            json,
        ),
        Command::Sim(cmd) => cmd_sim::run(cmd),
        Command::Demo => demo::run(),
    }
}

fn run_card(cmd: CardCommand) -> Result<Outcome, Failure> {
    match cmd {
        CardCommand::Info { card, json } => cmd_card::info(&card.source(), json),
        CardCommand::ReadCert {
            card,
            which,
            out,
            pin_env,
            allow_last_try,
        } => cmd_card::read_cert(
            &card.source(),
            which.slot(),
            out.as_deref(),
            pin_env.as_deref(),
            allow_last_try,
        ),
        CardCommand::PinStatus { card, json } => cmd_card::pin_status(&card.source(), json),
        CardCommand::ChangePin {
            card,
            pin,
            pin_env,
            new_pin_env,
            allow_last_try,
        } => cmd_card::change_pin(
            &card.source(),
            pin.into(),
            pin_env.as_deref(),
            new_pin_env.as_deref(),
            allow_last_try,
        ),
        CardCommand::Attributes {
            card,
            pin_env,
            allow_last_try,
            json,
        } => cmd_card::attributes(&card.source(), pin_env.as_deref(), allow_last_try, json),
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
