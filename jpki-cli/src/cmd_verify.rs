//! `jpki verify`: a signed application judged by the core's `Verifier`, and the
//! trust and revocation options it shares with `jpki cert verify`.

use std::path::PathBuf;
use std::sync::Arc;

use jpki::Certificate;
use jpki::RevocationPolicy;
use jpki::revocation::{RevocationMode, SourceOrder};
use jpki::{Check, ErrorKind, Usage, Verdict, Verifier};

use crate::cmd_cert::{ApplicantArgs, applicant_from};
use crate::render::{comparison_text, personal_info_text};
use crate::{Failure, Outcome, read_file, read_large, time_arg};

/// What `jpki verify` is asked.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The signature (CMS SignedData, DER or PEM).
    signature: PathBuf,
    /// The signed content, for a detached signature.
    #[arg(long)]
    content: Option<PathBuf>,
    #[command(flatten)]
    verifier: VerifierArgs,
    /// Accept SHA-1 (住基カード era signatures), flagged in the output.
    #[arg(long)]
    legacy_sha1: bool,
    /// Accept any signer certificate, not only a signing certificate (nonRepudiation).
    #[arg(long)]
    any_certificate: bool,
    #[command(flatten)]
    expect: ExpectArgs,
    /// Print JSON (see the README: a stable contract with a schema version).
    #[arg(long)]
    json: bool,
}

/// What the applicant wrote, for `jpki verify`.
#[derive(clap::Args, Clone)]
struct ExpectArgs {
    /// Name as written in the application.
    #[arg(long)]
    expect_name: Option<String>,
    /// Birth date as written (1950-04-01, 昭和25年4月1日, S25.4.1…).
    #[arg(long)]
    expect_birth: Option<String>,
    /// Sex as written.
    #[arg(long, value_enum)]
    expect_sex: Option<crate::cmd_cert::SexArg>,
    /// Address as written.
    #[arg(long)]
    expect_address: Option<String>,
}

/// Trust, validation time and revocation: the options `jpki verify` and `jpki cert
/// verify` build a `Verifier` from.
#[derive(clap::Args)]
pub(crate) struct VerifierArgs {
    /// Trust anchors (PEM bundle; e.g. J-LIS roots or a simulator's trust.pem). Repeatable.
    #[arg(long, required = true)]
    trust: Vec<PathBuf>,
    /// Further certificates (intermediates, link certificates, the signer's). Repeatable.
    #[arg(long)]
    cert: Vec<PathBuf>,
    /// Validation time (RFC 3339), default now.
    #[arg(long)]
    pub(crate) at: Option<String>,
    /// CRLs (DER or PEM), e.g. the municipality partition's. Repeatable. CRLs
    /// carried in a signature are used too.
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
}

/// How revocation is treated.
#[derive(Clone, Copy, clap::ValueEnum)]
enum RevocationArg {
    /// No answer from any source: invalid.
    Hard,
    /// No answer: accepted, shown as soft_failed.
    Soft,
    /// Not checked: shown as unchecked.
    Off,
}

impl VerifierArgs {
    /// `--revocation` and `--crl-first` as a policy.
    fn policy(&self) -> RevocationPolicy {
        let mut policy = RevocationPolicy::default().with_mode(match self.revocation {
            RevocationArg::Off => RevocationMode::Off,
            RevocationArg::Hard => RevocationMode::HardFail,
            RevocationArg::Soft => RevocationMode::SoftFail,
        });
        if self.crl_first {
            policy = policy.with_order(SourceOrder::CrlFirst);
        }
        policy
    }

    /// The verifier these options describe, with `usage` for signers, its CRLs
    /// verified and indexed and its OCSP responses added. A file that does not
    /// parse is an input error (exit 2) whatever `--revocation` says.
    pub(crate) fn build(&self, usage: Usage, legacy_sha1: bool) -> Result<Verifier, Failure> {
        let mut builder = Verifier::builder()
            .trust_anchors(load_certs(&self.trust, "--trust")?)
            .intermediates(load_certs(&self.cert, "--cert")?)
            .revocation(self.policy())
            .allow_legacy_sha1(legacy_sha1)
            .signer_usage(usage);
        if let Some(url) = &self.ocsp_url {
            builder = builder.ocsp_fetcher(Arc::new(
                crate::cmd_revocation::http_fetcher().with_url(url),
            ));
        }
        let verifier = builder
            .build()
            .map_err(|e| Failure(format!("--trust: {e}")))?;
        for path in &self.crl {
            let crl = read_large(path)?;
            verifier.add_crl(&crl).map_err(|e| {
                Failure(format!(
                    "--crl {}: expected a CRL (DER or PEM) issued by a CA of --trust or --cert: {e}",
                    path.display()
                ))
            })?;
        }
        for path in &self.ocsp_response {
            verifier.add_ocsp_response(&read_file(path)?).map_err(|e| {
                Failure(format!(
                    "--ocsp-response {}: expected an OCSP response (DER): {e}",
                    path.display()
                ))
            })?;
        }
        Ok(verifier)
    }
}

/// Every certificate in the files given to `flag`.
fn load_certs(paths: &[PathBuf], flag: &str) -> Result<Vec<Certificate>, Failure> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(Certificate::parse_all(&read_file(p)?).map_err(|e| {
            Failure(format!(
                "{flag} {}: expected a certificate (DER) or a PEM bundle of certificates: {e}",
                p.display()
            ))
        })?);
    }
    Ok(out)
}

fn check_text(check: &Check) -> String {
    match check {
        Check::Passed => "passed".into(),
        Check::Failed(e) => format!("FAILED: {e}"),
        Check::Off => "off".into(),
        _ => "not run".into(),
    }
}

/// Whether a failed signature check means the input could not be read at all.
fn unreadable(verdict: &Verdict) -> Option<&jpki::Error> {
    verdict.signature.error().filter(|e| {
        matches!(
            e.kind(),
            ErrorKind::Decode
                | ErrorKind::Pem
                | ErrorKind::NoPemBlock
                | ErrorKind::CmsNotSignedData
                | ErrorKind::CmsNoContent
        )
    })
}

/// Verifies the signed application and prints the verdict.
pub(crate) fn run(args: &Args) -> Result<Outcome, Failure> {
    let signature = read_large(&args.signature)?;
    let content = args.content.as_deref().map(read_large).transpose()?;
    let at = time_arg(args.verifier.at.as_deref())?;
    let usage = if args.any_certificate {
        Usage::Any
    } else {
        Usage::Signing
    };
    let verifier = args.verifier.build(usage, args.legacy_sha1)?;
    let expect = &args.expect;
    let applicant = applicant_from(&ApplicantArgs {
        name: expect.expect_name.clone(),
        birth: expect.expect_birth.clone(),
        sex: expect.expect_sex,
        address: expect.expect_address.clone(),
    })?;
    // Without --expect-* there is no application to compare: the verdict is then
    // about the signature and the certificate alone (and says so: not_run).
    let applicant = (applicant != jpki::Applicant::new()).then_some(&applicant);
    let verdict = verifier.verify(&signature, content.as_deref(), applicant, at);
    if let Some(e) = unreadable(&verdict) {
        return Err(Failure(format!(
            "{}: expected a CMS signature (SignedData, DER or PEM): {e}",
            args.signature.display(),
        )));
    }
    let valid = verdict.is_valid();
    if args.json {
        crate::common::print_serialized(serde_json::to_value(&verdict))?;
    } else {
        outln!("signature       {}", check_text(&verdict.signature));
        if let Some(signer) = &verdict.claimed_signer {
            outln!(
                "  signer        {} ({}){}",
                signer.subject(),
                signer.serial(),
                if verdict.signer().is_none() {
                    " (claimed: the signature did not verify)"
                } else {
                    ""
                }
            );
        }
        if let Some(d) = &verdict.signature_details {
            outln!(
                "  algorithm     {}{}",
                d.scheme,
                if d.legacy { " (legacy SHA-1)" } else { "" }
            );
            if let Some(t) = d.signing_time {
                outln!("  signing time  {t} (claimed by the signer)");
            }
        }
        print_path_and_revocation(
            &verdict.certificate,
            verdict.path.as_ref(),
            &verdict.revocation,
            &verdict.revocation_certificates,
        );
        outln!("4 basic info    {}", check_text(&verdict.personal_info));
        if let Some(info) = &verdict.holder {
            out!("{}", personal_info_text(info, "  "));
        }
        if let Some(c) = &verdict.comparison {
            out!("{}", comparison_text(c, "  "));
        }
        outln!("=> {}", if valid { "VALID" } else { "INVALID" });
    }
    Ok(if valid {
        Outcome::Ok
    } else {
        Outcome::Negative
    })
}

/// The certificate and revocation lines of a verdict.
fn print_path_and_revocation(
    certificate: &Check,
    path: Option<&jpki::path::ValidatedPath>,
    revocation: &Check,
    statuses: &[(jpki::Serial, jpki::revocation::RevocationStatus)],
) {
    outln!("certificate     {}", check_text(certificate));
    if let Some(p) = path {
        for c in p.certificates() {
            outln!("  path          {} ({})", c.subject(), c.serial());
        }
    }
    match revocation {
        Check::Off => outln!("revocation      unchecked (--revocation off)"),
        other => outln!("revocation      {}", check_text(other)),
    }
    for (serial, status) in statuses {
        outln!("  {serial}  {}", status.as_str());
    }
}

/// `jpki cert verify`'s text output.
pub(crate) fn print_certificate_verdict(verdict: &jpki::CertificateVerdict) {
    let cert = &verdict.subject;
    outln!(
        "subject         {} ({}, {})",
        cert.subject(),
        cert.kind(),
        cert.serial()
    );
    outln!("usage           {}", verdict.usage.as_str());
    print_path_and_revocation(
        &verdict.certificate,
        verdict.path.as_ref(),
        &verdict.revocation,
        &verdict.revocation_certificates,
    );
    outln!(
        "=> {}",
        if verdict.is_valid() {
            "VALID"
        } else {
            "INVALID"
        }
    );
}
