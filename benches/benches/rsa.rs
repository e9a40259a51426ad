//! Criterion bench of raw RSA-2048 RSASSA-PKCS1-v1_5 SHA-256 verification with a
//! prepared key (parsed once, outside the timing), under each provider built in:
//! `rustcrypto` (the pure-Rust default) and `ring` (jpki-core's `ring` feature,
//! on in this crate). One simulator key, one signature over 36 bytes.
//! Throughput is in elements: criterion prints verifications per second.
//!
//! `cargo bench -p jpki-benches --bench rsa`. `rsa_compare.sh` sets the figures
//! against `openssl speed rsa2048` in one run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jpki::crypto::{HashAlgorithm, Provider, SignatureScheme};
use jpki::sim::SimKey;

fn bench_rsa(c: &mut Criterion) {
    let key = SimKey::generate(2048).unwrap();
    let spki = key.public_key_der().unwrap();
    let message = [0x5a_u8; 36];
    let signature = key.sign_sha256(&message).unwrap();
    let scheme = SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256);

    // This crate turns on jpki-core's `ring` feature.
    let providers: [&dyn Provider; 2] = [&jpki::crypto::RustCrypto, &jpki::crypto::Ring];

    let mut group = c.benchmark_group("rsa2048_pkcs1_sha256_verify");
    group.throughput(Throughput::Elements(1));
    group.measurement_time(Duration::from_secs(3));
    for provider in providers {
        let prepared = provider.prepare(&spki).unwrap();
        group.bench_function(provider.name(), |b| {
            b.iter(|| {
                prepared
                    .verify(scheme, black_box(&message), black_box(&signature), "bench")
                    .unwrap();
            });
        });
    }
    group.finish();

    // Preparing a key (what a verifier does once per anchor, and per call for a
    // signer's key it has not seen).
    let mut group = c.benchmark_group("rsa2048_prepare");
    group.measurement_time(Duration::from_secs(2));
    for provider in providers {
        group.bench_function(provider.name(), |b| {
            b.iter(|| provider.prepare(black_box(&spki)).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, bench_rsa);
criterion_main!(benches);
