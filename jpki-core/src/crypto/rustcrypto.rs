//! The pure-Rust provider over the `rsa`, `p256` and `p384` crates.

use core::fmt;
use std::sync::Arc;

use der::Decode;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};

use ecdsa::signature::hazmat::PrehashVerifier;

use super::{EcCurve, HashAlgorithm, KeyVerifier, PreparedKey, Provider, SignatureScheme};
use crate::error::Error;

/// The pure-Rust provider (the `rsa`, `p256` and `p384` crates): the
/// [default](super::default_provider), and the one for WebAssembly. Verifies
/// RSASSA-PKCS1-v1_5 with SHA-1/256/384/512, RSASSA-PSS with any salt length, and
/// ECDSA on P-256 and P-384 with SHA-256/384/512.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RustCrypto;

impl Provider for RustCrypto {
    fn name(&self) -> &'static str {
        "rustcrypto"
    }

    fn prepare(&self, spki_der: &[u8]) -> Result<PreparedKey, Error> {
        if EcCurve::of_public_key(spki_der).is_some() {
            return Ok(PreparedKey::new(Arc::new(EcKey::from_spki(spki_der)?)));
        }
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
            // An RSA key never verifies an ECDSA signature.
            SignatureScheme::Ecdsa(_) => return false,
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

/// An EC public key (P-256 or P-384) for ECDSA. The [`Ring`](super::Ring) provider
/// keeps one too, for what `ring` does not do.
#[derive(Clone)]
pub(crate) enum EcKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

impl EcKey {
    /// Parses a SubjectPublicKeyInfo: id-ecPublicKey with namedCurve P-256 or
    /// P-384 and a point on the curve (uncompressed or compressed SEC1), not the
    /// identity.
    pub(crate) fn from_spki(spki_der: &[u8]) -> Result<Self, Error> {
        let unsupported = || Error::UnsupportedKey { what: "signature" };
        let curve = EcCurve::of_public_key(spki_der).ok_or_else(unsupported)?;
        let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).map_err(|_| unsupported())?;
        let point = spki.subject_public_key.as_bytes().ok_or_else(unsupported)?;
        Ok(match curve {
            EcCurve::P256 => Self::P256(
                p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| unsupported())?,
            ),
            EcCurve::P384 => Self::P384(
                p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| unsupported())?,
            ),
        })
    }

    /// The curve.
    pub(crate) fn curve(&self) -> EcCurve {
        match self {
            Self::P256(_) => EcCurve::P256,
            Self::P384(_) => EcCurve::P384,
        }
    }

    /// Whether `signature` (DER ECDSA-Sig-Value) is valid over a message whose
    /// `scheme` hash is `digest`. Only ECDSA schemes with SHA-2 verify; a digest
    /// of another length than the hash's is refused.
    pub(crate) fn is_valid_digest(
        &self,
        scheme: SignatureScheme,
        digest: &[u8],
        signature: &[u8],
    ) -> bool {
        let SignatureScheme::Ecdsa(hash) = scheme else {
            return false;
        };
        if hash == HashAlgorithm::Sha1 || digest.len() != hash.output_len() {
            return false;
        }
        match self {
            Self::P256(key) => p256::ecdsa::DerSignature::from_bytes(signature)
                .is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok()),
            Self::P384(key) => p384::ecdsa::DerSignature::from_bytes(signature)
                .is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok()),
        }
    }
}

impl fmt::Debug for EcKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcKey")
            .field("provider", &"rustcrypto")
            .field("curve", &self.curve())
            .finish()
    }
}

impl KeyVerifier for EcKey {
    fn is_valid_signature(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        self.is_valid_digest(scheme, &scheme.hash().digest(message), signature)
    }
}
