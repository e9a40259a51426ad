//! A faithful simulator of the issuing side of JPKI (feature `sim`).
//!
//! Real JPKI test cards and the J-LIS test environment are out of reach for most
//! integrators; this module stands in for them. [`Authority`] plays the prefecture
//! / J-LIS: CA hierarchies for signing and user authentication with several
//! generations under one DN, issuance under the J-LIS profile (4 basic info with
//! substitute characters, JST end-of-day validity on the 5th birthday after
//! issuance, per-municipality CRL partitions, AKI with key id, issuer and serial),
//! and revocation records driven by register events (move, name change, death,
//! address notation change; a municipal merger revokes nothing).
//!
//! ```
//! use jpki::sim::{Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey};
//! use jpki::Sex;
//! use jpki::{Date, Time};
//!
//! # fn main() -> Result<(), jpki::Error> {
//! let now = Time::parse_rfc3339("2026-11-21T10:00:00+09:00")?;
//! let mut authority = Authority::new(AuthorityOptions::default(), now)?;
//! let resident = RegisterRecord {
//!     name: "𠮷田 太郎".into(),
//!     birth_date: Date::parse_iso("1950-04-01")?,
//!     sex: Sex::Male,
//!     address: "東京都千代田区霞が関2丁目1番2号".into(),
//!     prefecture: None,
//!     municipality: None,
//! };
//! let card_key = SimKey::generate(2048)?; // on a real card, generated inside the card
//! let cert = authority.issue(&resident, &card_key.public_key_der()?, Purpose::Signing, now)?;
//! let info = cert.personal_info().expect("signing certificates carry the 4 basic info");
//! assert_eq!(info.name(), "吉田　太郎");
//! assert_eq!(info.name_substitutes().positions(), &[0]);
//!
//! let outcome = authority.apply_event(cert.serial(), Event::Move, now)?;
//! assert_eq!(outcome.revoked.len(), 1);
//! # Ok(()) }
//! ```

mod authority;
mod builder;
mod card;
mod card_file;
mod crl;
mod files;
mod key;
mod ocsp;
mod profile;
mod signer;
mod store;
mod window;

pub use authority::{
    Authority, AuthorityOptions, CaGeneration, Event, EventOutcome, IssuedRecord, KeyProfile,
    Purpose, RegisterRecord, RevocationRecord,
};
pub use builder::{CertificateBuilder, dn_der};
pub use card::{MAX_CARD_FILE_BYTES, VirtualCard};
pub use card_file::CardFile;
pub use crl::{CrlBuilder, CrlScope, crl_partition_dn};
pub use key::SimKey;
pub use ocsp::{OCSP_MAX_REQUESTS, OCSP_VALIDITY_SECONDS, OcspResponseBuilder, OcspSigning};
pub use profile::substitute_register_text;
pub use signer::SoftwareSigner;
pub use store::{MAX_AUTHORITY_STATE_BYTES, MAX_CA_KEY_FILE_BYTES};
pub use window::{Personalized, personalize};
