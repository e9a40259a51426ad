//! Criterion benches of jpki's CMS verification, the in-process counterpart of
//! `verify_compare.sh` (see `jpki_benches::verify`): the fixtures are generated
//! once, before any timing (with the 1M-entry CRL: a few seconds).
//!
//! * `verify/{none,small,100k}`: one [`verify_once`] (parse of the detached
//!   SignedData, signature, path to the anchor, revocation of the signer against
//!   the mode's partition CRL or none, 4 basic info), the setup built once;
//! * `revocation_1M/check`: the revocation check of the signer's certificate
//!   against a 1,000,000-entry CRL loaded once (`load_verified`): `covers` +
//!   `is_current_at` + `lookup` (the signer not listed);
//!   `revocation_1M/lookup_present`: `lookup` of a listed serial (the same one
//!   over and over: warm).
//!
//! `cargo bench -p jpki-benches --bench verifier` (a filter after `--` selects,
//! e.g. `-- verify/100k`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jpki::revocation::crl::{CrlLimits, load_verified};
use jpki_benches::verify::{Mode, Setup, VerifyFixtures, signer_is_good, verify_once};

fn verifier(c: &mut Criterion) {
    let fixtures = VerifyFixtures::generate(true).unwrap();
    let revoked = Setup::new(&fixtures, Mode::Revoked).unwrap();
    assert!(
        verify_once(&revoked, &fixtures.signature, &fixtures.content)
            .unwrap_err()
            .contains("revoked")
    );

    // The parts of one verification that do not depend on the mode.
    let mut group = c.benchmark_group("parts");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("signed_message_parse", |b| {
        b.iter(|| jpki::cms::SignedMessage::from_der(black_box(&fixtures.signature)).unwrap());
    });
    group.bench_function("certificate_parse", |b| {
        b.iter(|| jpki::Certificate::from_der(black_box(fixtures.signer.der())).unwrap());
    });
    group.finish();

    let mut group = c.benchmark_group("verify");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for mode in Mode::MEASURED {
        let setup = Setup::new(&fixtures, mode).unwrap();
        verify_once(&setup, &fixtures.signature, &fixtures.content).unwrap();
        group.bench_function(mode.name(), |b| {
            b.iter(|| verify_once(&setup, black_box(&fixtures.signature), &fixtures.content));
        });
    }
    group.finish();

    let der = fixtures.crl_1m.as_deref().unwrap();
    let index = load_verified(der, &fixtures.anchor, &CrlLimits::default()).unwrap();
    let signer = &fixtures.signer;
    let at = fixtures.at;
    let check = || signer_is_good(&index, black_box(signer), at);
    assert!(check());
    let present = index
        .crl()
        .entries()
        .nth(index.len() / 2)
        .unwrap()
        .unwrap()
        .serial();
    assert!(index.lookup(&present).is_some());
    let mut group = c.benchmark_group("revocation_1M");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("check", |b| b.iter(check));
    group.bench_function("lookup_present", |b| {
        b.iter(|| index.lookup(black_box(&present)).is_some());
    });
    group.finish();
}

criterion_group!(benches, verifier);
criterion_main!(benches);
