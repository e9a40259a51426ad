//! `jpki sign`: a CMS signature (CAdES-BES) made by the card.

use std::path::PathBuf;

use jpki::Certificate;
use jpki::card::{CardSigner, CertificateSlot, KeySlot, Pin, PinKind};
use jpki::cms::SignOptions;

use crate::cmd_card::{CardArgs, read_secret, with_card};
use crate::common::KindArg;
use crate::{Failure, Outcome, read_large, time_arg};

/// What `jpki sign` is asked.
#[derive(clap::Args)]
pub(crate) struct Args {
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
}

/// Signs the file with the card and writes the signature.
pub(crate) fn run(args: &Args) -> Result<Outcome, Failure> {
    let content = read_large(&args.file)?;
    let at = time_arg(args.at.as_deref())?;
    let key = KeySlot::from(args.key);
    let (pin, prompt, cert_slot, ca_slot) = match key {
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
    let pin = Pin::new(read_secret(pin, args.pin_env.as_deref(), prompt)?)
        .with_last_try(args.allow_last_try);
    let der = with_card(&args.card.source(), |card| {
        // Reading the signing certificate verifies the password once; signing then
        // reuses that verification (no second VERIFY).
        let cert = Certificate::from_der(&card.read_certificate(cert_slot, Some(&pin))?)?;
        let ca = Certificate::from_der(&card.read_certificate(ca_slot, None)?)?;
        let mut signer = CardSigner::new(card, key, cert, Some(pin.clone()));
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
    std::fs::write(&args.out, bytes)
        .map_err(|e| Failure(format!("{}: {e}", args.out.display())))?;
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
