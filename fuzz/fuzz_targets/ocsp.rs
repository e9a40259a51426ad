//! OCSP: request parsing (the responder's side) and response verification (the
//! client's side) on arbitrary bytes. Nothing may panic.
//!
//! Responses are verified against the fixture in `seeds/ocsp/` (`issuer_ca.der`
//! and `request_sha1_nonce.der`, written with the seed responses by
//! `cargo test -p jpki-core --all-features --test ocsp -- --ignored write_fuzz_seeds`),
//! so mutations of the seed responses reach the signature, CertID, time and nonce
//! checks.
#![no_main]

use std::sync::OnceLock;

use jpki::Certificate;
use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use jpki::Time;
use libfuzzer_sys::fuzz_target;

const ISSUER: &[u8] = include_bytes!("../seeds/ocsp/issuer_ca.der");
const REQUEST: &[u8] = include_bytes!("../seeds/ocsp/request_sha1_nonce.der");
/// When the seed responses were produced: 2026-11-21T01:00:00Z.
const PRODUCED_AT: u64 = 1_795_222_800;

fn fixture() -> &'static (Certificate, OcspRequest) {
    static FIXTURE: OnceLock<(Certificate, OcspRequest)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        (
            Certificate::from_der(ISSUER).expect("fixture issuer"),
            OcspRequest::parse(REQUEST).expect("fixture request"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = OcspRequest::parse(data) {
        // The DER kept is the input, and parses again to the same request.
        assert_eq!(request.der(), data);
        assert_eq!(
            OcspRequest::parse(request.der()).expect("re-parse of accepted DER"),
            request
        );
        let _ = (request.nonce(), request.cert_ids().count());
        // A request built for the same certificate reads back with that CertID.
        let nonce = request
            .nonce()
            .filter(|n| (1..=32).contains(&n.len()))
            .map(<[u8]>::to_vec);
        let rebuilt = OcspRequest::for_cert_id(request.cert_id().clone(), nonce)
            .expect("a parsed CertID can be sent again");
        assert_eq!(
            OcspRequest::parse(rebuilt.der())
                .expect("built request")
                .cert_id(),
            request.cert_id()
        );
    }

    let (issuer, request) = fixture();
    for (at, allow_sha1, max_age) in [(PRODUCED_AT, false, 0), (PRODUCED_AT + 7200, true, 86_400)] {
        let mut check = OcspCheck::new(Time::from_unix_seconds(at));
        check.allow_sha1_signature = allow_sha1;
        check.max_age_without_next_update = max_age;
        if let Ok(result) = verify_response(data, request, issuer, &check) {
            // Whatever verifies is fresh at `at` and says one of the three things.
            assert!(result.this_update <= check.at.add_seconds(check.clock_skew));
            assert!(matches!(
                result.status,
                OcspCertStatus::Good | OcspCertStatus::Revoked { .. } | OcspCertStatus::Unknown
            ));
        }
    }
});
