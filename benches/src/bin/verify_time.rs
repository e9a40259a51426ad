//! `verify_time FIXTURE_DIR PROVIDER`: the Rust side of `py_compare.sh`, which
//! compares jpki called from Python (the `jpki-py` wheel) with the same calls made
//! natively, in one run, on the same bytes.
//!
//! FIXTURE_DIR is written by `benches/python/py_bench.py` with the Python
//! simulator (`jpki.sim`):
//!
//! | file | what |
//! |---|---|
//! | `trust.pem` | the simulated authority's trust anchors (every root it has) |
//! | `signed.der` | a detached SignedData made by a virtual card (`jpki.Card.sign`) |
//! | `content.bin` | the signed application form |
//! | `crl.der` | the signer's partition CRL (listing other residents, not the signer) |
//! | `signer.der` | the signer's certificate |
//! | `at.txt` | the validation time, RFC 3339 |
//! | `applicant.txt` | what the applicant wrote: name, birth date (ISO), sex, address, one a line |
//!
//! PROVIDER (`ring` or `rustcrypto`) is the RSA provider of the [`Verifier`]:
//! `py_compare.sh` passes the one the wheel is built with (jpki-core's `ring`
//! feature as `cargo tree -p jpki-py` resolves it), and also runs the other one for
//! comparison.
//!
//! Setup, once, as the Python side does it: a [`Verifier`] with the anchors,
//! hard-fail revocation with CRLs first (what `jpki.Verifier(anchors)` gets by
//! default), the CRL added with `add_crl`. Then it checks that the application
//! verifies (valid, revocation status good) and that an altered content does not,
//! warms up, prints `ready provider=NAME`, and answers commands read from standard
//! input, one a line, until end of input:
//!
//! * `verify N`: N times [`Verifier::verify`] (signed, content, applicant, at),
//!   each verdict checked valid with revocation status good (exit 1 otherwise);
//!   prints `verify iterations=N ns_each=T`.
//! * `parse N`: N times [`Certificate::from_der`] of `signer.der` and a read of the
//!   4 basic info (name, birth date, sex, address) from `personal_info()`; prints
//!   `parse iterations=N ns_each=T`.
//!
//! One process answering every repetition keeps it warm like the Python process it
//! takes turns with; only the loops are timed.

use std::error::Error;
use std::hint::black_box;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use jpki::crypto::{Provider, Ring, RustCrypto};
use jpki::revocation::{RevocationMode, SourceOrder};
use jpki::{Applicant, Certificate, Date, RevocationPolicy, Sex, Time, Verifier};
use jpki_benches::ns_each;

/// Everything the Python side wrote.
struct Fixtures {
    anchors: Vec<Certificate>,
    signed: Vec<u8>,
    content: Vec<u8>,
    crl: Vec<u8>,
    signer_der: Vec<u8>,
    at: Time,
    applicant: Applicant,
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
}

fn read_text(dir: &Path, name: &str) -> Result<String, Box<dyn Error>> {
    Ok(String::from_utf8(read(dir, name)?)?)
}

impl Fixtures {
    fn read(dir: &Path) -> Result<Self, Box<dyn Error>> {
        let applicant = read_text(dir, "applicant.txt")?;
        let mut lines = applicant.lines();
        let mut line = |what: &str| {
            lines
                .next()
                .ok_or_else(|| format!("applicant.txt: no {what} line"))
        };
        let name = line("name")?;
        let birth = Date::parse_iso(line("birth date")?)?;
        let sex = match line("sex")? {
            "male" => Sex::Male,
            "female" => Sex::Female,
            "unknown" => Sex::Unknown,
            other => return Err(format!("applicant.txt: sex {other:?}").into()),
        };
        let address = line("address")?;
        Ok(Self {
            anchors: Certificate::parse_all(&read(dir, "trust.pem")?)?,
            signed: read(dir, "signed.der")?,
            content: read(dir, "content.bin")?,
            crl: read(dir, "crl.der")?,
            signer_der: read(dir, "signer.der")?,
            at: Time::parse_rfc3339(read_text(dir, "at.txt")?.trim())?,
            applicant: Applicant::new()
                .with_name(name)
                .with_birth_date(birth)
                .with_sex(sex)
                .with_address(address),
        })
    }
}

/// One verification, checked: valid, and the CRL said good.
fn verify_checked(verifier: &Verifier, fx: &Fixtures, content: &[u8]) -> Result<(), String> {
    let verdict = verifier.verify(
        black_box(&fx.signed),
        Some(content),
        Some(&fx.applicant),
        fx.at,
    );
    jpki_benches::verify::check_verdict(&verdict, true)
}

/// One parse and the read of the 4 basic info, as the Python loop makes it.
fn parse_once(der: &[u8]) -> Result<usize, Box<dyn Error>> {
    let cert = Certificate::from_der(black_box(der))?;
    let info = cert
        .personal_info()
        .ok_or("the signer has no 4 basic info")?;
    let birth = info.birth_date().date();
    black_box((info.name(), birth, info.sex(), info.address()));
    Ok(info.name().len())
}

fn main() -> Result<(), Box<dyn Error>> {
    let usage = "usage: verify_time FIXTURE_DIR ring|rustcrypto (then `verify N` / `parse N` lines on stdin)";
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let provider: Arc<dyn Provider> = match args.next().as_deref() {
        Some("ring") => Arc::new(Ring),
        Some("rustcrypto") => Arc::new(RustCrypto),
        _ => return Err(usage.into()),
    };
    if args.next().is_some() {
        return Err(usage.into());
    }
    let fx = Fixtures::read(&dir)?;
    let verifier = Verifier::builder()
        .trust_anchors(fx.anchors.iter().cloned())
        .revocation(
            RevocationPolicy::default()
                .with_mode(RevocationMode::HardFail)
                .with_order(SourceOrder::CrlFirst),
        )
        .provider(provider)
        .build()?;
    verifier.add_crl(&fx.crl)?;

    verify_checked(&verifier, &fx, &fx.content)
        .map_err(|e| format!("the application does not verify: {e}"))?;
    let mut altered = fx.content.clone();
    if let Some(b) = altered.first_mut() {
        *b ^= 1;
    }
    if verify_checked(&verifier, &fx, &altered).is_ok() {
        return Err("an altered content verified".into());
    }
    for _ in 0..200 {
        verify_checked(&verifier, &fx, &fx.content)?;
        parse_once(&fx.signer_der)?;
    }

    let mut out = std::io::stdout().lock();
    writeln!(out, "ready provider={}", verifier.provider_name())?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut words = line.split_whitespace();
        let (Some(what), Some(n), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!("bad command {line:?}: {usage}").into());
        };
        let n: usize = n.parse()?;
        let start = Instant::now();
        match what {
            "verify" => {
                for _ in 0..n {
                    verify_checked(&verifier, &fx, &fx.content)?;
                }
            }
            "parse" => {
                for _ in 0..n {
                    parse_once(&fx.signer_der)?;
                }
            }
            _ => return Err(format!("bad command {line:?}: {usage}").into()),
        }
        let each = ns_each(start.elapsed(), n);
        writeln!(out, "{what} iterations={n} ns_each={each:.1}")?;
        out.flush()?;
    }
    Ok(())
}
