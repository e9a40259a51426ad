//! The provider seam: parse a public key once, verify many signatures with it.

use core::fmt;
use std::sync::Arc;

use super::{RustCrypto, SignatureScheme};
use crate::error::Error;

/// A signature-verification back end (as `rustls` has crypto providers).
///
/// A provider parses a public key once into a [`PreparedKey`]; a verifier keeps the
/// prepared keys of its trust anchors and intermediates and spends nothing on them per
/// call. [`RustCrypto`] is the [default](default_provider); feature `ring` adds
/// `Ring` (feature `ring`). Another library (a hardware module, `aws-lc-rs`…) plugs in by
/// implementing this trait and [`KeyVerifier`].
///
/// Every provider must give the same answer for the same key, scheme, message and
/// signature; only its speed may differ.
pub trait Provider: Send + Sync + fmt::Debug {
    /// A short name for logs and benchmarks (`rustcrypto`, `ring`).
    fn name(&self) -> &'static str;

    /// Parses `spki_der`, a DER SubjectPublicKeyInfo, into a key that verifies
    /// signatures.
    ///
    /// # Errors
    /// [`Error::UnsupportedKey`] if it is neither an RSA key of 1024 to 8192 bits
    /// with a public exponent from 2 to 2³³ − 1 nor an EC key (id-ecPublicKey) with
    /// namedCurve P-256 or P-384 and a valid point (a DSA key, another curve, a
    /// malformed encoding…).
    fn prepare(&self, spki_der: &[u8]) -> Result<PreparedKey, Error>;
}

/// A public key as a [`Provider`] parsed it: what a [`PreparedKey`] holds. Implement it
/// to plug in another library.
pub trait KeyVerifier: Send + Sync + fmt::Debug {
    /// Whether `signature` is a valid signature of `message` (the signed bytes, not
    /// their hash) under `scheme`. Anything wrong (length, padding, hash, salt length)
    /// is `false`.
    fn is_valid_signature(&self, scheme: SignatureScheme, message: &[u8], signature: &[u8])
    -> bool;
}

/// A public key parsed once by a [`Provider`], ready to verify many signatures.
///
/// Cheap to clone (the parsed key is shared) and safe to share between threads.
#[derive(Clone, Debug)]
pub struct PreparedKey(Arc<dyn KeyVerifier>);

impl PreparedKey {
    /// Wraps a provider's parsed key.
    pub fn new(key: Arc<dyn KeyVerifier>) -> Self {
        Self(key)
    }

    /// Verifies `signature` over `message` (the signed bytes) under `scheme`. `what`
    /// names the signed object (`certificate`, `signed attributes`…) in the error.
    ///
    /// # Errors
    /// [`Error::BadSignature`] if the signature does not verify.
    pub fn verify(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
        what: &'static str,
    ) -> Result<(), Error> {
        if self.0.is_valid_signature(scheme, message, signature) {
            Ok(())
        } else {
            Err(Error::BadSignature { what })
        }
    }
}

/// The default provider: [`RustCrypto`], pure Rust, for every target including
/// WebAssembly.
pub fn default_provider() -> &'static dyn Provider {
    &RustCrypto
}
