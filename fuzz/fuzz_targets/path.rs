//! Path validation from a bundle: trust anchors, further certificates and CRLs
//! from the input, a verifier built from them, and verdicts for the first
//! further certificate under every usage and under hard-fail revocation. Never a
//! panic, and bounded work (the verifier's depth and signature budget). A valid
//! verdict names a path from that certificate to one of the anchors.
//!
//! Input: items `[kind: u8][len: u16 big-endian][bytes]`; kind % 3 = 0 an anchor,
//! 1 a certificate, 2 a CRL (DER or PEM each).
#![no_main]

use jpki::revocation::RevocationMode;
use jpki::{Certificate, RevocationPolicy, Time, Usage, Verifier};
use libfuzzer_sys::fuzz_target;

/// At most this many items are read: the work stays bounded per input.
const MAX_ITEMS: usize = 24;

fuzz_target!(|data: &[u8]| {
    let (mut anchors, mut certs, mut crls) = (Vec::new(), Vec::new(), Vec::new());
    let mut rest = data;
    for _ in 0..MAX_ITEMS {
        let [kind, hi, lo, tail @ ..] = rest else { break };
        let len = usize::from(u16::from_be_bytes([*hi, *lo])).min(tail.len());
        let (item, tail) = tail.split_at(len);
        rest = tail;
        match kind % 3 {
            0 => anchors.extend(Certificate::parse(item).ok()),
            1 => certs.extend(Certificate::parse(item).ok()),
            _ => crls.push(item),
        }
    }
    let Some(target) = certs.first().cloned() else { return };
    let at = Time::from_unix_seconds(1_796_000_000);
    for mode in [RevocationMode::Off, RevocationMode::HardFail, RevocationMode::SoftFail] {
        let Ok(verifier) = Verifier::builder()
            .trust_anchors(anchors.iter().cloned())
            .intermediates(certs.iter().skip(1).cloned())
            .revocation(RevocationPolicy::default().with_mode(mode))
            .max_depth(8)
            .budget(64)
            .build()
        else {
            return;
        };
        for crl in &crls {
            let _ = verifier.add_crl(crl);
        }
        for usage in [Usage::Any, Usage::Signing, Usage::Authentication] {
            let verdict = verifier.verify_certificate(&target, usage, at);
            if verdict.is_valid() {
                let path = verdict.path.as_ref().expect("a valid verdict has a path");
                assert_eq!(path.end_entity(), &target);
                assert!(anchors.contains(path.anchor()), "the path ends at an anchor");
                if mode == RevocationMode::HardFail {
                    assert!(verdict.revocation.passed(), "hard fail needs an answer");
                }
            }
            let _ = verifier.ocsp_requests(&target, at);
        }
    }
});
