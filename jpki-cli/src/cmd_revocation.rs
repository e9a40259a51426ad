//! `jpki crl …` and `jpki ocsp check`.

use std::io::Read;
use std::path::{Path, PathBuf};

use jpki::Certificate;
use jpki::Serial;
use jpki::crypto::HashAlgorithm;
use jpki::revocation::OcspFetcher;
use jpki::revocation::crl::{
    BorrowedCrl, CrlLimits, OwnedCrlIndex, load_verified, load_verified_reader, pem_to_der,
};
use jpki::revocation::http::HttpFetcher;
use jpki::revocation::http::HttpLimits;
use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use serde_json::{Value, json};

use crate::{Failure, MAX_LARGE_INPUT, Outcome, print_json, read_file, read_large, time_arg};

/// `jpki crl …`
#[derive(clap::Subcommand)]
pub(crate) enum CrlCommand {
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

/// `jpki ocsp …`
#[derive(clap::Subcommand)]
pub(crate) enum OcspCommand {
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

/// Runs a `jpki crl` command.
pub(crate) fn run_crl(cmd: CrlCommand) -> Result<Outcome, Failure> {
    match cmd {
        CrlCommand::Show { file, issuer, json } => crl_show(&file, issuer.as_deref(), json),
        CrlCommand::Check {
            file,
            issuer,
            serials,
            at,
            json,
        } => crl_check(&file, &issuer, &serials, at.as_deref(), json),
    }
}

/// Runs a `jpki ocsp` command.
pub(crate) fn run_ocsp(cmd: OcspCommand) -> Result<Outcome, Failure> {
    match cmd {
        OcspCommand::Check {
            cert,
            issuer,
            url,
            response,
            sha256,
            at,
            json,
        } => ocsp_check(
            &cert,
            &issuer,
            url.as_deref(),
            response.as_ref(),
            sha256,
            at.as_deref(),
            json,
        ),
    }
}

/// Reads a CRL file, DER or PEM.
pub(crate) fn read_crl(path: &Path) -> Result<Vec<u8>, Failure> {
    let bytes = read_large(path)?;
    if jpki::pem::looks_like_pem(&bytes) {
        Ok(pem_to_der(&bytes).map_err(|e| not_a_crl(path, &e))?)
    } else {
        Ok(bytes)
    }
}

/// Loads the CRL file at `path`, open as `file`, and checks it against `issuer`
/// ([`load_verified`]): a DER file is read and checked at once
/// ([`load_verified_reader`]), a PEM file is decoded first.
fn load_crl(
    path: &Path,
    mut file: std::fs::File,
    issuer: &Certificate,
) -> Result<OwnedCrlIndex, Failure> {
    let failure = |e: &dyn std::fmt::Display| Failure(format!("{}: {e}", path.display()));
    let len = file.metadata().map_err(|e| failure(&e))?.len();
    // A regular file larger than the limit is refused unread; a device (a pipe,
    // `/dev/zero`) is read up to it.
    let limits = CrlLimits::default().with_max_bytes(MAX_LARGE_INPUT);
    if len > MAX_LARGE_INPUT {
        return Err(failure(&format!(
            "larger than the {} MiB accepted",
            MAX_LARGE_INPUT >> 20
        )));
    }
    let mut head = Vec::with_capacity(1);
    (&mut file)
        .take(1)
        .read_to_end(&mut head)
        .map_err(|e| failure(&e))?;
    if head == [0x30] {
        let reader = std::io::Cursor::new(head).chain(file);
        return load_verified_reader(reader, len, issuer, &limits)
            .map_err(|e| failure(&e))?
            .map_err(|e| not_a_crl(path, &e));
    }
    (&mut file)
        .take(MAX_LARGE_INPUT)
        .read_to_end(&mut head)
        .map_err(|e| failure(&e))?;
    if u64::try_from(head.len()).map_or(true, |n| n > MAX_LARGE_INPUT) {
        return Err(failure(&format!(
            "larger than the {} MiB accepted",
            MAX_LARGE_INPUT >> 20
        )));
    }
    let der = if jpki::pem::looks_like_pem(&head) {
        pem_to_der(&head).map_err(|e| not_a_crl(path, &e))?
    } else {
        head
    };
    Ok(load_verified(&der, issuer, &limits)
        .map_err(|e| not_a_crl(path, &e))?
        .to_owned())
}

/// The input error for a file that is not a usable CRL.
fn not_a_crl(path: &Path, e: &jpki::Error) -> Failure {
    Failure(format!(
        "{}: expected a CRL (DER or PEM): {e}",
        path.display()
    ))
}

fn read_cert(path: &Path) -> Result<Certificate, Failure> {
    Certificate::parse(&read_file(path)?).map_err(|e| {
        Failure(format!(
            "{}: expected a certificate (DER or PEM): {e}",
            path.display()
        ))
    })
}

/// The OCSP-over-HTTP fetcher of `jpki verify --ocsp-url` and `jpki ocsp check`:
/// the core's, with a fresh random nonce per request.
pub(crate) fn http_fetcher() -> HttpFetcher {
    HttpFetcher::new(HttpLimits::default()).with_nonces(std::sync::Arc::new(|| {
        let mut nonce = vec![0u8; 16];
        getrandom::fill(&mut nonce).ok()?;
        Some(nonce)
    }))
}

/// A check as in the verdicts: `{"result": "passed"}`, or `failed` with the
/// error's message, `code` and `kind`.
fn check_json(result: &Result<(), jpki::Error>) -> Value {
    match result {
        Ok(()) => json!({"result": "passed"}),
        Err(e) => json!({
            "result": "failed",
            "error": e.to_string(),
            "code": e.kind().code(),
            "kind": e.kind().name(),
        }),
    }
}

fn crl_show(file: &Path, issuer: Option<&Path>, json_out: bool) -> Result<Outcome, Failure> {
    let der = read_crl(file)?;
    let crl = BorrowedCrl::from_der(&der).map_err(|e| not_a_crl(file, &e))?;
    let signature = match issuer {
        Some(path) => Some(crl.verify_signature(&read_cert(path)?)),
        None => None,
    };
    let index = crl.index()?;
    let entries: Vec<Value> = crl
        .entries()
        .take(1000)
        .map(|e| {
            e.map(|e| {
                json!({
                    "serial": e.serial().to_string(),
                    "revoked_at": e.revocation_date.to_string(),
                    "reason": e.reason.map(|r| r.rfc_name()),
                    "invalidity_date": e.invalidity_date.map(|t| t.to_string()),
                })
            })
        })
        .collect::<Result<_, _>>()?;
    let idp = crl.issuing_distribution_point().map(|p| {
        let mut idp = json!({
            "full_name": p.full_name.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "only_user_certs": p.only_user_certs,
            "only_ca_certs": p.only_ca_certs,
            "indirect": p.indirect_crl,
        });
        // Present only when the CRL has them (no value is null).
        if let (Some(reasons), Some(fields)) = (p.reasons, idp.as_object_mut()) {
            fields.insert(
                "only_some_reasons".into(),
                json!(reasons.name_list().collect::<Vec<_>>()),
            );
        }
        idp
    });
    if json_out {
        print_json(
            None,
            json!({
                "issuer": crl.issuer().to_string(),
                "version": crl.version(),
                "this_update": crl.this_update().to_string(),
                "next_update": crl.next_update().map(|t| t.to_string()),
                "crl_number": crl.crl_number().map(|n| n.to_decimal()),
                "issuing_distribution_point": idp,
                "delta": crl.is_delta(),
                "signature": signature.as_ref().map(check_json),
                "entries_count": index.len(),
                "entries": entries,
            }),
        );
    } else {
        outln!("CRL issued by {}", crl.issuer());
        outln!("  thisUpdate  {}", crl.this_update());
        match crl.next_update() {
            Some(t) => outln!("  nextUpdate  {t}"),
            None => outln!("  nextUpdate  (none: never current)"),
        }
        if let Some(n) = crl.crl_number() {
            outln!("  cRLNumber   {}", n.to_decimal());
        }
        if let Some(p) = crl.issuing_distribution_point() {
            for n in &p.full_name {
                outln!("  partition   {n}");
            }
            if p.indirect_crl {
                outln!("  indirect    yes (entries may name other issuers)");
            }
            if let Some(reasons) = p.reasons {
                outln!("  reasons     {}", reasons.names());
            }
        }
        outln!("  entries     {}", index.len());
        for e in crl.entries().take(20) {
            let e = e?;
            let reason = e
                .reason
                .map(|r| r.to_string())
                .unwrap_or_else(|| "no reason".into());
            outln!("    {}  {}  {reason}", e.serial(), e.revocation_date);
        }
        if index.len() > 20 {
            outln!("    … {} more", index.len() - 20);
        }
        match &signature {
            Some(Ok(())) => outln!("  signature   valid"),
            Some(Err(e)) => outln!("  signature   INVALID: {e}"),
            None => outln!("  signature   not checked (give --issuer)"),
        }
    }
    Ok(match signature {
        Some(Err(_)) => Outcome::Negative,
        _ => Outcome::Ok,
    })
}

fn crl_check(
    file: &Path,
    issuer: &Path,
    serials: &[String],
    at: Option<&str>,
    json_out: bool,
) -> Result<Outcome, Failure> {
    let crl_file =
        std::fs::File::open(file).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
    let issuer = read_cert(issuer)?;
    let at = time_arg(at)?;
    let owned = load_crl(file, crl_file, &issuer)?;
    let index = owned.borrow();
    let current = index.crl().is_current_at(at);
    let mut any_bad = !current;
    let mut rows = Vec::new();
    for text in serials {
        let serial = Serial::parse(text)?;
        let row = match index.lookup(&serial) {
            Some(e) => {
                any_bad = true;
                json!({
                    "serial": serial.to_string(),
                    "status": "revoked",
                    "revoked_at": e.revocation_date.to_string(),
                    "reason": e.reason.map(|r| r.rfc_name()),
                })
            }
            None => {
                json!({"serial": serial.to_string(), "status": if current { "good" } else { "unknown" }})
            }
        };
        rows.push(row);
    }
    if json_out {
        let crl = index.crl();
        print_json(
            Some(!any_bad),
            json!({
                "at": at.to_string(),
                "current": current,
                "this_update": crl.this_update().to_string(),
                "next_update": crl.next_update().map(|t| t.to_string()),
                "certificates": rows,
            }),
        );
    } else {
        if !current {
            outln!("the CRL is not current at {at}: nothing it says is good");
        }
        for r in &rows {
            outln!(
                "{}  {}{}",
                r.get("serial").and_then(Value::as_str).unwrap_or(""),
                r.get("status").and_then(Value::as_str).unwrap_or(""),
                r.get("reason")
                    .and_then(Value::as_str)
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(if any_bad {
        Outcome::Negative
    } else {
        Outcome::Ok
    })
}

fn ocsp_check(
    cert: &Path,
    issuer: &Path,
    url: Option<&str>,
    response: Option<&PathBuf>,
    sha256: bool,
    at: Option<&str>,
    json_out: bool,
) -> Result<Outcome, Failure> {
    let cert = read_cert(cert)?;
    let issuer = read_cert(issuer)?;
    let at = time_arg(at)?;
    let hash = if sha256 {
        HashAlgorithm::Sha256
    } else {
        HashAlgorithm::Sha1
    };
    let (request, der) = match (url, response) {
        (Some(url), None) => {
            let fetcher = http_fetcher();
            let request = OcspRequest::new(&cert, &issuer, hash, fetcher.nonce())?;
            let der = fetcher.fetch(url, request.der())?;
            (request, der)
        }
        (None, Some(path)) => (
            OcspRequest::new(&cert, &issuer, hash, None)?,
            read_file(path)?,
        ),
        _ => return Err(Failure("give exactly one of --url and --response".into())),
    };
    let result = verify_response(&der, &request, &issuer, &OcspCheck::new(at))?;
    let (status, revoked_at, reason) = match &result.status {
        OcspCertStatus::Good => ("good", None, None),
        OcspCertStatus::Revoked { at, reason } => {
            ("revoked", Some(*at), reason.map(|r| r.rfc_name()))
        }
        _ => ("unknown", None, None),
    };
    let good = status == "good";
    if json_out {
        print_json(
            Some(good),
            json!({
                "at": at.to_string(),
                "serial": cert.serial().to_string(),
                "status": status,
                "revoked_at": revoked_at.map(|t| t.to_string()),
                "reason": reason,
                "this_update": result.this_update.to_string(),
                "next_update": result.next_update.map(|t| t.to_string()),
                "produced_at": result.produced_at.to_string(),
            }),
        );
    } else {
        outln!(
            "{}: {status}{}",
            cert.serial(),
            reason.map(|r| format!(" ({r})")).unwrap_or_default()
        );
    }
    Ok(if good { Outcome::Ok } else { Outcome::Negative })
}
