//! The pure-Rust provider over the `rsa` crate.

use core::fmt;
use std::sync::Arc;

use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};

use super::{HashAlgorithm, KeyVerifier, PreparedKey, Provider, SignatureScheme};
use crate::error::Error;

/// The pure-Rust provider (the `rsa` crate): the [default](super::default_provider),
/// and the one for WebAssembly. Verifies RSASSA-PKCS1-v1_5 with SHA-1/256/384/512 and
/// RSASSA-PSS with any salt length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RustCrypto;

impl Provider for RustCrypto {
    fn name(&self) -> &'static str {
        "rustcrypto"
    }

    fn prepare(&self, spki_der: &[u8]) -> Result<PreparedKey, Error> {
        Ok(PreparedKey::new(Arc::new(RsaKey::from_spki(spki_der)?)))
    }
}

/// An RSA public key parsed by the `rsa` crate. The [`Ring`](super::Ring) provider
/// keeps one too, for what `ring` does not do.
#[derive(Clone)]
pub(super) struct RsaKey {
    key: rsa::PublicKey,
}

impl RsaKey {
    /// Parses a SubjectPublicKeyInfo: an RSA key of 1024 to 8192 bits.
    pub(crate) fn from_spki(spki_der: &[u8]) -> Result<Self, Error> {
        let key = rsa::PublicKey::from_public_key_der(spki_der)
            .map_err(|_| Error::UnsupportedKey { what: "signature" })?;
        Ok(Self { key })
    }

    /// The modulus length in bits.
    pub(super) fn bits(&self) -> u32 {
        self.key.n().bit_width_vartime()
    }
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaKey")
            .field("provider", &"rustcrypto")
            .field("bits", &self.bits())
            .finish()
    }
}

impl KeyVerifier for RsaKey {
    fn is_valid_signature(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        self.is_valid_digest(scheme, &scheme.hash().digest(message), signature)
    }
}

impl RsaKey {
    /// Whether `signature` is valid over a message whose `scheme` hash is `digest`.
    pub(crate) fn is_valid_digest(
        &self,
        scheme: SignatureScheme,
        digest: &[u8],
        signature: &[u8],
    ) -> bool {
        let key = &self.key;
        match scheme {
            SignatureScheme::Pkcs1v15(h) => key.verify(pkcs1(h), digest, signature),
            SignatureScheme::Pss { hash, salt_len } => match hash {
                HashAlgorithm::Sha256 => key.verify(
                    Pss::<sha2::Sha256>::new_with_salt(salt_len),
                    digest,
                    signature,
                ),
                HashAlgorithm::Sha384 => key.verify(
                    Pss::<sha2::Sha384>::new_with_salt(salt_len),
                    digest,
                    signature,
                ),
                HashAlgorithm::Sha512 => key.verify(
                    Pss::<sha2::Sha512>::new_with_salt(salt_len),
                    digest,
                    signature,
                ),
                HashAlgorithm::Sha1 => key.verify(
                    Pss::<sha1::Sha1>::new_with_salt(salt_len),
                    digest,
                    signature,
                ),
            },
        }
        .is_ok()
    }
}

fn pkcs1(h: HashAlgorithm) -> Pkcs1v15Sign {
    match h {
        HashAlgorithm::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        HashAlgorithm::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        HashAlgorithm::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
        HashAlgorithm::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
    }
}
