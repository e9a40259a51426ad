//! Criterion benches of jpki's CRL reader on simulator-generated CRLs of 100,000
//! and 1,000,000 random 8-byte serials (generated once, before any timing; see
//! `jpki_benches::generate_crl`).
//!
//! Per size: `load_verified` (parse + issuer check + signature + index, the hash
//! on a second thread), SHA-256 of the same bytes (the floor), `index()` alone,
//! `verify_signature` alone; then `CrlIndex::lookup` of listed serials (the same
//! 16 or 1,024 over and over: warm, in L1 or L2 cache; every listed serial in
//! random order: cold once the CRL outgrows the caches) and of random serials not
//! listed.
//!
//! `cargo bench -p jpki-benches` (a filter after `--` selects, e.g. `-- crl_1M`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jpki::Serial;
use jpki::revocation::crl::{BorrowedCrl, CrlLimits, load_verified};
use jpki_benches::{DEFAULT_SEED, Issuer, absent_serials, generate_crl};
use sha2::{Digest, Sha256};

/// Looks up `serials` round-robin, one per iteration.
fn cycle<'s>(serials: &'s [Serial]) -> impl FnMut() -> &'s Serial {
    let mut i = 0;
    move || {
        let s = &serials[i];
        i += 1;
        if i == serials.len() {
            i = 0;
        }
        s
    }
}

fn bench_size(c: &mut Criterion, issuer: &Issuer, entries: usize, label: &str) {
    let crl = generate_crl(issuer, entries, DEFAULT_SEED).unwrap();
    let der = crl.der.as_slice();
    let ca = &issuer.certificate;
    let limits = CrlLimits::default();
    eprintln!("{label}: {entries} entries, {} bytes", der.len());

    let big = entries >= 1_000_000;
    let mut group = c.benchmark_group(format!("crl_{label}"));
    group
        .sample_size(if big { 10 } else { 20 })
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if big { 4 } else { 2 }))
        .throughput(Throughput::Bytes(u64::try_from(der.len()).unwrap()));
    group.bench_function("load_verified", |b| {
        b.iter(|| load_verified(black_box(der), ca, &limits).unwrap().len());
    });
    group.bench_function("sha256", |b| {
        b.iter(|| Sha256::digest(black_box(der)));
    });
    let borrowed = BorrowedCrl::from_der(der).unwrap();
    group.bench_function("index", |b| {
        b.iter(|| black_box(&borrowed).index().unwrap().len());
    });
    group.bench_function("verify_signature", |b| {
        b.iter(|| black_box(&borrowed).verify_signature(ca).unwrap());
    });
    group.finish();

    let index = load_verified(der, ca, &limits).unwrap();
    assert_eq!(index.len(), entries);
    let present: Vec<Serial> = crl.serials.iter().map(|&s| Serial::from_u64(s)).collect();
    let absent: Vec<Serial> = absent_serials(&crl.serials, entries, DEFAULT_SEED)
        .into_iter()
        .map(Serial::from_u64)
        .collect();
    assert!(
        present
            .iter()
            .step_by(997)
            .all(|s| index.lookup(s).is_some())
    );
    assert!(
        absent
            .iter()
            .step_by(997)
            .all(|s| index.lookup(s).is_none())
    );

    let mut group = c.benchmark_group(format!("lookup_{label}"));
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (name, serials) in [
        ("present_warm16", &present[..16]),
        ("present_warm1024", &present[..1024]),
        ("present_random", present.as_slice()),
        ("absent_random", absent.as_slice()),
    ] {
        group.bench_function(name, |b| {
            let mut next = cycle(serials);
            b.iter(|| index.lookup(black_box(next())).is_some());
        });
    }
    group.finish();
}

fn crl(c: &mut Criterion) {
    let issuer = Issuer::generate().unwrap();
    bench_size(c, &issuer, 100_000, "100k");
    bench_size(c, &issuer, 1_000_000, "1M");
}

criterion_group!(benches, crl);
criterion_main!(benches);
