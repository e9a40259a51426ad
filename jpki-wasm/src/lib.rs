//! The WebAssembly binding of jpki: a small camelCase JS surface over the core
//! (certificates with 4 basic info, comparison, the verifier with verdicts in the
//! CLI's JSON, CRLs, OCSP, two-phase signing, the card session driven by an
//! async JS transport, and logging in with the card: challenges, the nonce
//! store, the card's response and the verifier's checks). The TypeScript declarations are hand-written
//! (`js/jpki.d.ts`); the generated ones are skipped.
//!
//! Only for `wasm32`: on other targets the crate is empty.
#![cfg(target_family = "wasm")]

mod card;
mod cert;
mod error;
mod input;
mod login;
mod revocation;
mod sign;
mod verifier;

use wasm_bindgen::prelude::*;

pub use card::Card;
pub use cert::{compare_applicant, parse_certificate, parse_certificates};
pub use error::{error_kinds, is_jpki_error};
pub use login::{LoginChallenge, LoginResponse, MemoryNonceStore};
pub use revocation::{Crl, build_ocsp_request, check_ocsp_response};
pub use sign::PreparedSignature;
pub use verifier::Verifier;

/// The package version.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The version of the CLI's JSON contract that verdicts follow.
#[wasm_bindgen(skip_typescript, js_name = jsonSchemaVersion)]
pub fn json_schema_version() -> u32 {
    jpki::Verdict::JSON_SCHEMA_VERSION
}
