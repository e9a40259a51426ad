//! `jpki sign` and `jpki verify`.

use std::path::Path;

use jpki::Applicant;
use jpki::Certificate;
use jpki::card::{CardSigner, CertificateSlot, KeySlot, Pin, PinKind};
use jpki::cms::SignOptions;
use jpki::{Check, ErrorKind, Usage, Verdict, Verifier};

use crate::cmd_card::{CardSource, read_secret, with_card};
use crate::render::{comparison_text, personal_info_text};
use crate::{Failure, Outcome, print_json, read_file, read_large, time_arg};

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
    let content = read_large(args.file)?;
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
        let options = SignOptions::default()
            .with_detached(!args.attached)
            .with_signing_time(Some(at))
            .with_extra_certificates(vec![ca]);
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
    pub(crate) policy: jpki::RevocationPolicy,
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

/// The verifier `jpki verify` builds from its options.
fn build_verifier(args: &VerifyArgs<'_>) -> Result<Verifier, Failure> {
    let mut builder = Verifier::builder()
        .trust_anchors(load_certs(args.trust)?)
        .intermediates(load_certs(args.certs)?)
        .revocation(args.policy)
        .allow_legacy_sha1(args.legacy_sha1)
        .signer_usage(if args.any_certificate {
            Usage::Any
        } else {
            Usage::Signing
        });
    if let Some(url) = args.ocsp_url {
        builder = builder.ocsp_fetcher(std::sync::Arc::new(
            crate::cmd_revocation::http_fetcher().with_url(url),
        ));
    }
    let verifier = builder
        .build()
        .map_err(|e| Failure(format!("--trust: {e}")))?;
    for path in args.crls {
        let crl = read_large(path)?;
        verifier
            .add_crl(&crl)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    for path in args.ocsp_responses {
        verifier
            .add_ocsp_response(&read_file(path)?)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(verifier)
}

pub(crate) fn verify(args: &VerifyArgs<'_>) -> Result<Outcome, Failure> {
    let signature = read_large(args.signature)?;
    let content = args.content.map(read_large).transpose()?;
    let at = time_arg(args.at)?;
    let verifier = build_verifier(args)?;
    // Without --expect-* there is no application to compare: the verdict is then
    // about the signature and the certificate alone (and says so: not_run).
    let applicant = (args.applicant != Applicant::new()).then_some(&args.applicant);
    let verdict = verifier.verify(&signature, content.as_deref(), applicant, at);
    if let Some(e) = unreadable(&verdict) {
        return Err(Failure(format!("{}: {e}", args.signature.display())));
    }
    let valid = verdict.is_valid();
    if args.json {
        print_json(&serde_json::to_value(&verdict).map_err(|e| Failure(e.to_string()))?);
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
        match &verdict.revocation {
            Check::Off => println!("revocation      unchecked (--revocation off)"),
            other => println!("revocation      {}", check_text(other)),
        }
        for (serial, status) in &verdict.revocation_certificates {
            println!("  {serial}  {}", status.as_str());
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
