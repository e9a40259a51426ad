//! `jpki_verify FIXTURE_DIR SECONDS [MODE...]`: jpki's CMS verification rate on
//! the fixtures of `gen_verify_fixtures`, one thread, the counterpart of
//! `c/cms_verify.c`.
//!
//! For each MODE (default `none small 100k`; also `empty`; see
//! `jpki_benches::verify::Mode`), builds the verifier's setup once, then calls
//! [`verify_once`] (parse of the SignedData included, path, revocation against the
//! mode's CRL, 4 basic info) in a loop for SECONDS after a short warm-up, checks
//! that every verification succeeded (exit 1 otherwise) and prints
//! `mode=NAME verifications=N seconds=S per_s=R us_each=U`.
//!
//! Before measuring, negative controls: the CRL that lists the signer and an
//! altered content must each fail (exit 1 otherwise).
//!
//! With the mode `lookup1m` (and `crl-1m.der` present) it loads that CRL once
//! (`load_verified`) and prints the time of one revocation check of the signer's
//! certificate against it (`covers` + `is_current_at` + `lookup`, the signer not
//! listed) and of a lookup of a listed serial: `lookup1m_check_ns=…
//! lookup1m_present_ns=…`.

use std::error::Error;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use jpki::revocation::crl::{CrlLimits, load_verified};
use jpki_benches::ns_each;
use jpki_benches::verify::{Mode, Setup, VerifyFixtures, signer_is_good, verify_once};

/// Verifies in a loop for `duration`; every verification must succeed.
fn run(setup: &Setup, fixtures: &VerifyFixtures, duration: Duration) -> Result<(u64, f64), String> {
    let start = Instant::now();
    let mut count = 0u64;
    loop {
        verify_once(setup, black_box(&fixtures.signature), &fixtures.content)?;
        count += 1;
        let elapsed = start.elapsed();
        if elapsed >= duration {
            return Ok((count, elapsed.as_secs_f64()));
        }
    }
}

fn negative_controls(fixtures: &VerifyFixtures) -> Result<(), Box<dyn Error>> {
    let revoked = Setup::new(fixtures, Mode::Revoked)?;
    match verify_once(&revoked, &fixtures.signature, &fixtures.content) {
        Err(e) if e.contains("revoked") => {}
        Err(e) => return Err(format!("the revoked control failed for another reason: {e}").into()),
        Ok(()) => return Err("a CRL listing the signer was not noticed".into()),
    }
    let setup = Setup::new(fixtures, Mode::None)?;
    let mut other = fixtures.content.clone();
    if let Some(b) = other.first_mut() {
        *b ^= 1;
    }
    if verify_once(&setup, &fixtures.signature, &other).is_ok() {
        return Err("altered content verified".into());
    }
    Ok(())
}

fn lookup_1m(fixtures: &VerifyFixtures) -> Result<(), Box<dyn Error>> {
    let der = fixtures
        .crl_1m
        .as_deref()
        .ok_or("crl-1m.der is missing (gen_verify_fixtures without --without-1m)")?;
    let index = load_verified(der, &fixtures.anchor, &CrlLimits::default())?;
    let signer = &fixtures.signer;
    let at = fixtures.at;
    let check = || signer_is_good(&index, black_box(signer), at);
    if !check() {
        return Err("the 1M-entry CRL does not say the signer is good".into());
    }
    let present = index
        .crl()
        .entries()
        .nth(index.len() / 2)
        .ok_or("the 1M-entry CRL is empty")??
        .serial();
    let rounds = 2_000_000;
    let start = Instant::now();
    let mut good = 0usize;
    for _ in 0..rounds {
        good += usize::from(check());
    }
    let check_ns = ns_each(start.elapsed(), rounds);
    let start = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        found += usize::from(index.lookup(black_box(&present)).is_some());
    }
    let present_ns = ns_each(start.elapsed(), rounds);
    if good != rounds || found != rounds {
        return Err("a lookup in the 1M-entry CRL gave a wrong answer".into());
    }
    println!(
        "lookup1m_entries={} lookup1m_check_ns={check_ns:.1} lookup1m_present_ns={present_ns:.1}",
        index.len()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: jpki_verify FIXTURE_DIR SECONDS [none|empty|small|100k|lookup1m ...]";
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let seconds: f64 = args.next().ok_or(usage)?.parse()?;
    let duration = Duration::try_from_secs_f64(seconds)?;
    let mut names: Vec<String> = args.collect();
    if names.is_empty() {
        names = Mode::MEASURED.iter().map(|m| m.name().to_owned()).collect();
    }
    let fixtures = VerifyFixtures::read(&dir)?;
    negative_controls(&fixtures)?;
    for name in &names {
        if name == "lookup1m" {
            lookup_1m(&fixtures)?;
            continue;
        }
        let mode = Mode::parse(name)
            .filter(|m| *m != Mode::Revoked)
            .ok_or(usage)?;
        let setup = Setup::new(&fixtures, mode)?;
        verify_once(&setup, &fixtures.signature, &fixtures.content)
            .map_err(|e| format!("mode {name}: verification failed: {e}"))?;
        run(
            &setup,
            &fixtures,
            duration.min(Duration::from_millis(300)) / 2,
        )
        .map_err(|e| format!("mode {name}: {e}"))?;
        let (count, secs) =
            run(&setup, &fixtures, duration).map_err(|e| format!("mode {name}: {e}"))?;
        let per_s = f64::from(u32::try_from(count).unwrap_or(u32::MAX)) / secs;
        println!(
            "mode={name} verifications={count} seconds={secs:.3} per_s={per_s:.1} us_each={:.2}",
            1e6 / per_s
        );
    }
    Ok(())
}
