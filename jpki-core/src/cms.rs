//! CMS SignedData (RFC 5652) with CAdES-BES attributes: signing with the card and
//! verifying what residents signed.
//!
//! * [`sign`] builds a SignedData (detached or encapsulated) through any
//!   [`Signer`]: the card ([`crate::card::CardSigner`]) or, in the simulator, a
//!   software key.
//! * [`PreparedSignature`] splits that in two phases for a card that is
//!   elsewhere: prepare, hand [`PreparedSignature::digest_info`] to the card,
//!   [`PreparedSignature::finish`] with the signature that comes back.
//! * [`SignedMessage::parse`] reads DER or PEM without re-encoding what is signed,
//!   and [`verify`] checks the signature over the original signed-attribute bytes,
//!   the message digest, the ESS signing-certificate reference, and the signer's
//!   path to caller-supplied trust anchors at a caller-supplied time.
//!
//! Strictness is the feature: exactly one signer, contentType and messageDigest
//! present and matching, SHA-1 only when legacy is allowed, and every certificate
//! check of [`crate::path`].

mod build;
mod parse;
mod verify;

pub use build::{PreparedSignature, SignOptions, Signer, sign};
pub use parse::{SignedMessage, SignerIdentifier, SignerInfo, SigningCertificateRef};
pub use verify::{SignatureCheck, VerifiedSignature, verify, verify_signature};
pub(crate) use verify::{named_signer, validate_signer, verify_signature_with};
