//! `jpki sign` and `jpki verify`.

use std::path::Path;

use jpki::application::{ApplicationVerdict, Check, RevocationMode, verify_application};
use jpki::card::{CardSigner, CertificateSlot, KeySlot, Pin, PinKind};
use jpki::cert::{Applicant, Certificate};
use jpki::cms::SignOptions;
use jpki::path::ValidationOptions;
use jpki::revocation::RevocationSources;
use serde_json::{Value, json};

use crate::cmd_card::{CardSource, read_secret, with_card};
use crate::render::{comparison_json, comparison_text, personal_info_json, personal_info_text};
use crate::{Failure, Outcome, print_json, read_file, time_arg};

/// What `jpki sign` was asked.
pub(crate) struct SignArgs<'a> {
    pub(crate) source: CardSource,
    pub(crate) file: &'a Path,
    pub(crate) out: &'a Path,
    pub(crate) attached: bool,
    pub(crate) key: KeySlot,
    pub(crate) pin_env: Option<&'a str>,
    pub(crate) allow_last_try: bool,
    pub(crate) pem: bool,
    pub(crate) at: Option<&'a str>,
}

pub(crate) fn sign(args: &SignArgs<'_>) -> Result<Outcome, Failure> {
    let content = read_file(args.file)?;
    let at = time_arg(args.at)?;
    let (pin, prompt, cert_slot, ca_slot) = match args.key {
        KeySlot::Signing => (
            PinKind::SigningPassword,
            "Signing password (署名用パスワード): ",
            CertificateSlot::Signing,
            CertificateSlot::SigningCa,
        ),
        KeySlot::Authentication => (
            PinKind::AuthenticationPin,
            "Authentication PIN (利用者証明用暗証番号): ",
            CertificateSlot::Authentication,
            CertificateSlot::AuthenticationCa,
        ),
    };
    let pin = Pin::new(read_secret(pin, args.pin_env, prompt)?).with_last_try(args.allow_last_try);
    let der = with_card(&args.source, |card| {
        // Reading the signing certificate verifies the password once; signing then
        // reuses that verification (no second VERIFY).
        let cert = Certificate::from_der(&card.read_certificate(cert_slot, Some(&pin))?)?;
        let ca = Certificate::from_der(&card.read_certificate(ca_slot, None)?)?;
        let mut signer = CardSigner::new(card, args.key, cert, Some(pin.clone()));
        let options = SignOptions {
            detached: !args.attached,
            signing_time: Some(at),
            extra_certificates: vec![ca],
            ..SignOptions::default()
        };
        Ok(jpki::cms::sign(&content, &mut signer, &options)?)
    })?;
    let bytes = if args.pem {
        jpki::pem::encode("CMS", &der).into_bytes()
    } else {
        der
    };
    std::fs::write(args.out, bytes).map_err(|e| Failure(format!("{}: {e}", args.out.display())))?;
    eprintln!(
        "{} signature of {} written to {}",
        if args.attached {
            "attached"
        } else {
            "detached"
        },
        args.file.display(),
        args.out.display()
    );
    Ok(Outcome::Ok)
}

/// What `jpki verify` was asked.
pub(crate) struct VerifyArgs<'a> {
    pub(crate) signature: &'a Path,
    pub(crate) content: Option<&'a Path>,
    pub(crate) trust: &'a [std::path::PathBuf],
    pub(crate) certs: &'a [std::path::PathBuf],
    pub(crate) at: Option<&'a str>,
    pub(crate) legacy_sha1: bool,
    pub(crate) any_certificate: bool,
    pub(crate) applicant: Applicant,
    pub(crate) crls: &'a [std::path::PathBuf],
    pub(crate) ocsp_responses: &'a [std::path::PathBuf],
    pub(crate) ocsp_url: Option<&'a str>,
    /// `None`: revocation off.
    pub(crate) policy: Option<jpki::revocation::RevocationPolicy>,
    pub(crate) json: bool,
}

fn load_certs(paths: &[std::path::PathBuf]) -> Result<Vec<Certificate>, Failure> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(
            Certificate::parse_all(&read_file(p)?)
                .map_err(|e| Failure(format!("{}: {e}", p.display())))?,
        );
    }
    Ok(out)
}

fn check_json(check: &Check) -> Value {
    match check.error() {
        Some(e) => json!({"result": check.as_str(), "error": e.to_string()}),
        None => json!({"result": check.as_str()}),
    }
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
fn unreadable(verdict: &ApplicationVerdict) -> Option<&jpki::Error> {
    verdict.signature.error().filter(|e| {
        matches!(
            e,
            jpki::Error::Decode { .. }
                | jpki::Error::Pem { .. }
                | jpki::Error::NoPemBlock { .. }
                | jpki::Error::CmsNotSignedData { .. }
                | jpki::Error::CmsNoContent
        )
    })
}

pub(crate) fn verify(args: &VerifyArgs<'_>) -> Result<Outcome, Failure> {
    let signature = read_file(args.signature)?;
    let content = args.content.map(read_file).transpose()?;
    let anchors = load_certs(args.trust)?;
    let extra = load_certs(args.certs)?;
    let mut options = ValidationOptions::new(time_arg(args.at)?);
    options.allow_legacy_sha1 = args.legacy_sha1;
    options.require_non_repudiation = !args.any_certificate;
    let crls = args
        .crls
        .iter()
        .map(|p| crate::cmd_revocation::read_crl(p))
        .collect::<Result<Vec<_>, _>>()?;
    let responses = args
        .ocsp_responses
        .iter()
        .map(|p| read_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let fetcher = crate::cmd_revocation::HttpFetcher {
        url: args.ocsp_url.map(str::to_owned),
    };
    let fetcher_ref: Option<&dyn jpki::revocation::OcspFetcher> =
        args.ocsp_url.is_some().then_some(&fetcher);
    let mode = match args.policy {
        None => RevocationMode::Off,
        Some(policy) => RevocationMode::Check {
            sources: RevocationSources {
                crls: &crls,
                ocsp_responses: &responses,
                fetcher: fetcher_ref,
            },
            policy,
        },
    };
    let verdict = verify_application(
        &signature,
        content.as_deref(),
        &args.applicant,
        &anchors,
        &extra,
        &options,
        &mode,
    );
    if let Some(e) = unreadable(&verdict) {
        return Err(Failure(format!("{}: {e}", args.signature.display())));
    }
    // Without --expect-* there is no application to compare: the verdict is then
    // about the signature and the certificate alone (and says so: not_run).
    let valid = if args.applicant == Applicant::new() {
        verdict.signature_and_certificate_valid()
    } else {
        verdict.is_valid()
    };
    if args.json {
        let details = verdict.signature_details.as_ref();
        print_json(&json!({
            "valid": valid,
            "at": options.at.to_string(),
            "checks": {
                "signature": check_json(&verdict.signature),
                "certificate": check_json(&verdict.certificate),
                "revocation": {
                    "result": verdict.revocation_check.as_str(),
                    "error": verdict.revocation_check.error().map(ToString::to_string),
                    "status": crate::cmd_revocation::status_json(&verdict.revocation),
                    "certificates": verdict.revocation_report.as_ref().map(crate::cmd_revocation::report_json),
                },
                "personal_info": check_json(&verdict.personal_info),
            },
            "signer": details.map(|d| json!({
                "subject": d.signer.subject().to_string(),
                "issuer": d.signer.issuer().to_string(),
                "serial_hex": d.signer.serial().to_string(),
                "kind": d.signer.kind().as_str(),
                "not_after": d.signer.not_after().to_string(),
            })),
            "algorithm": details.map(|d| d.scheme.name()),
            "legacy_sha1": details.is_some_and(|d| d.legacy),
            "signing_time": details.and_then(|d| d.signing_time).map(|t| t.to_string()),
            "path": verdict.path.as_ref().map(|p| p.certificates().iter().map(|c| json!({
                "subject": c.subject().to_string(),
                "serial_hex": c.serial().to_string(),
            })).collect::<Vec<_>>()),
            "holder": verdict.holder.as_ref().map(personal_info_json),
            "comparison": verdict.comparison.as_ref().map(comparison_json),
        }));
    } else {
        println!("signature       {}", check_text(&verdict.signature));
        if let Some(d) = &verdict.signature_details {
            println!(
                "  signer        {} ({})",
                d.signer.subject(),
                d.signer.serial()
            );
            println!(
                "  algorithm     {}{}",
                d.scheme,
                if d.legacy { " (legacy SHA-1)" } else { "" }
            );
            if let Some(t) = d.signing_time {
                println!("  signing time  {t} (claimed by the signer)");
            }
        }
        println!("certificate     {}", check_text(&verdict.certificate));
        if let Some(p) = &verdict.path {
            for c in p.certificates() {
                println!("  path          {} ({})", c.subject(), c.serial());
            }
        }
        match &verdict.revocation_check {
            Check::Off => println!("revocation      unchecked (--revocation off)"),
            other => println!("revocation      {}", check_text(other)),
        }
        if let Some(report) = &verdict.revocation_report {
            for (serial, status) in &report.certificates {
                println!("  {serial}  {}", status.as_str());
            }
        }
        println!("4 basic info    {}", check_text(&verdict.personal_info));
        if let Some(info) = &verdict.holder {
            print!("{}", personal_info_text(info, "  "));
        }
        if let Some(c) = &verdict.comparison {
            print!("{}", comparison_text(c, "  "));
        }
        println!("=> {}", if valid { "VALID" } else { "INVALID" });
    }
    Ok(if valid {
        Outcome::Ok
    } else {
        Outcome::Negative
    })
}
