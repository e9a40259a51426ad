//! # jpki
//!
//! Japan's public individual authentication service (公的個人認証サービス, JPKI),
//! embeddable anywhere: the resident's side (My Number card access, signing) and the
//! verifier's side (certificate parsing with the 4 basic info, path validation,
//! revocation, and the comparison of the certificate with what an applicant wrote).
//!
//! The core does no hidden I/O and reads no clock: callers pass the validation time,
//! CRLs and OCSP responses; card operations are driven through a transport.
//!
//! ## The names you need
//!
//! [`Verifier`] (built with [`VerifierBuilder`]) checks signed applications
//! ([`Verdict`]) and bare certificates ([`CertificateVerdict`]) for a [`Usage`],
//! under a [`RevocationPolicy`] and a [`PolicySet`]; each [`Check`] passes or
//! fails with an [`Error`], whose [`ErrorKind`] is a stable numeric code (the
//! simulator's errors are one variant, [`SimulatorError`]).
//! [`Certificate`] reads the [`PersonalInfo`] (4 basic info) that an
//! [`Applicant`]'s form is compared with ([`Comparison`], [`FieldMatch`],
//! [`Sex`]); [`Serial`], [`Time`] and [`Date`] are the values they carry.
//!
//! ## Module map
//!
//! In dependency order (a module uses only those before it):
//!
//! | module | what |
//! |---|---|
//! | (foundation, private) | `error` ([`Error`], [`ErrorKind`]), [`Time`], [`Date`], [`Serial`], [`oid`], and the small values errors carry ([`SimulatorError`], [`card::PinKind`], [`card::TransportError`]…) |
//! | [`pem`] | PEM decoding and encoding |
//! | [`apdu`] | ISO 7816 command and response APDUs |
//! | [`crypto`] | hashes and the signature-verification [`Provider`](crypto::Provider) seam |
//! | [`cert`] | [`Certificate`] and its JPKI reading: 4 basic info, substitutes, comparison |
//! | [`path`] | certification path validation (knows nothing of revocation) |
//! | [`cms`] | CMS SignedData: one- and two-phase signing, verification over the original bytes |
//! | [`card`] | the sans-IO card session, [`card::JpkiCard`], transports, the card [`card::CardSigner`] |
//! | [`revocation`] | CRLs, OCSP, the revocation policy |
//! | `verifier` (private; names at the root) | [`Verifier`]: path + revocation + the three checks |
//! | [`login`] | logging in with the card: challenges, responses, the nonce store, account binding |
//! | `sim` (feature `sim`) | the simulated J-LIS and virtual card, on the public API only |
//!
//! ## Reading a signing certificate
//!
//! ```
//! # fn main() -> Result<(), jpki::Error> {
//! # let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jlis/sign_ca_2023.pem")).unwrap();
//! let cert = jpki::Certificate::parse(&pem)?;
//! if let Some(info) = cert.personal_info() {
//!     println!("{} born {}", info.name(), info.birth_date().to_japanese());
//! }
//! println!("{} issued by {}", cert.kind(), cert.issuer());
//! # Ok(()) }
//! ```
//!
//! ## Features
//!
//! | feature | what it adds |
//! |---|---|
//! | `sim` | `sim`: a simulated J-LIS issuing authority (CA generations and link certificates, issuance with substitute characters, revocation records, CRLs, an OCSP responder), a virtual JPKI card and the window's personalization, with state in a directory |
//! | `pcsc` | `card::pcsc`: a PC/SC transport for real readers (needs pcsc-lite) |
//! | `getrandom` | `login::LoginChallenge::generate`: challenges with a nonce from the operating system's random source |
//! | `http` | `revocation::http`: a small blocking OCSP-over-HTTP client with size and time limits (std::net only) |
//!
//! With default features the crate builds for `wasm32-unknown-unknown`.

#![forbid(unsafe_code)]

pub mod apdu;
pub mod card;
pub mod cert;
pub mod cms;
pub mod crypto;
mod error;
pub mod login;
pub mod oid;
pub mod path;
pub mod pem;
pub mod revocation;
mod serial;
#[cfg(feature = "sim")]
pub mod sim;
mod time;
mod values;
mod verifier;

pub use cert::certificate::Certificate;
pub use cert::compare::{Applicant, Comparison, FieldMatch};
pub use cert::personal::{PersonalInfo, Sex};
pub use error::{DecodeError, Error, ErrorKind, PositionsError};
pub use revocation::check::RevocationPolicy;
pub use serial::Serial;
pub use time::{Date, Time};
/// At the root rather than in `sim`: [`Error::Simulator`] carries it with every
/// feature set, and `sim` exists only with feature `sim`.
pub use values::SimulatorError;
pub use verifier::{
    CertificateVerdict, Check, CrlChange, OcspQuery, PolicySet, Usage, Verdict, Verifier,
    VerifierBuilder,
};

/// The README's Rust examples, run as doctests.
#[cfg(all(doctest, feature = "sim"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
