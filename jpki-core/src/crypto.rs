//! Hashes and RSA signature verification, shared by path validation (certificate
//! signatures) and CMS (signer signatures).
//!
//! Only what JPKI and its verifiers meet: RSA with PKCS#1 v1.5 (SHA-256/384/512, and
//! SHA-1 for the 住基カード era, accepted only when the caller allows legacy) and
//! RSASSA-PSS. Verification works on the original signed bytes given by the caller.
//!
//! Signature verification sits behind a small [`Provider`] seam: a provider parses a
//! SubjectPublicKeyInfo once into a [`PreparedKey`], which then verifies any number of
//! signatures. [`RustCrypto`] (pure Rust, builds for WebAssembly) is the
//! [default](default_provider); with feature `ring`, `Ring` verifies RSA at native
//! speed and gives the same answer for every input (whatever `ring` does not do, it
//! hands to the pure-Rust code).

use core::fmt;

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Reader, SliceReader, Tag, TagNumber, Tagged};
use sha2::Digest;

use crate::error::Error;
use crate::oid::Oid;

mod provider;
#[cfg(feature = "ring")]
mod ring_provider;
mod rustcrypto;

pub use provider::{KeyVerifier, PreparedKey, Provider, default_provider};
#[cfg(feature = "ring")]
pub use ring_provider::Ring;
pub use rustcrypto::RustCrypto;

/// A hash algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-256 (the default).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA-1: legacy (住基カード era) only, when explicitly allowed.
    Sha1,
}

impl HashAlgorithm {
    /// The digest length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
            Self::Sha1 => 20,
        }
    }

    /// `SHA-256` etc.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
            Self::Sha1 => "SHA-1",
        }
    }

    /// The algorithm's OID.
    pub fn oid(self) -> Oid {
        match self {
            Self::Sha256 => SHA256,
            Self::Sha384 => SHA384,
            Self::Sha512 => SHA512,
            Self::Sha1 => SHA1,
        }
    }

    /// The hash of `OID`, if it is one of these.
    pub fn from_oid(oid: &Oid) -> Option<Self> {
        [Self::Sha256, Self::Sha384, Self::Sha512, Self::Sha1]
            .into_iter()
            .find(|h| h.oid() == *oid)
    }

    /// Hashes `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
        }
    }

    /// The DER prefix of a DigestInfo (AlgorithmIdentifier with NULL parameters and
    /// the OCTET STRING header), RFC 8017 §9.2 note 1.
    pub(crate) const fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Self::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Self::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Self::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
            Self::Sha1 => &[
                0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
                0x14,
            ],
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
/// rsaEncryption: in CMS, the hash comes from the digest algorithm.
pub(crate) const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
/// sha256WithRSAEncryption.
pub(crate) const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");

/// How an RSA signature is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5 with this hash.
    Pkcs1v15(HashAlgorithm),
    /// RSASSA-PSS with this hash (also for MGF1) and salt length.
    Pss {
        /// Message hash and MGF1 hash.
        hash: HashAlgorithm,
        /// Salt length in bytes.
        salt_len: usize,
    },
}

impl SignatureScheme {
    /// The hash the scheme signs with.
    pub fn hash(self) -> HashAlgorithm {
        match self {
            Self::Pkcs1v15(h) | Self::Pss { hash: h, .. } => h,
        }
    }

    /// Whether it rests on SHA-1 (住基カード era).
    pub fn is_legacy(self) -> bool {
        self.hash() == HashAlgorithm::Sha1
    }

    /// A short name: `sha256WithRSAEncryption`, `RSASSA-PSS(SHA-256)`…
    pub fn name(self) -> String {
        match self {
            Self::Pkcs1v15(HashAlgorithm::Sha1) => "sha1WithRSAEncryption".into(),
            Self::Pkcs1v15(HashAlgorithm::Sha256) => "sha256WithRSAEncryption".into(),
            Self::Pkcs1v15(HashAlgorithm::Sha384) => "sha384WithRSAEncryption".into(),
            Self::Pkcs1v15(HashAlgorithm::Sha512) => "sha512WithRSAEncryption".into(),
            Self::Pss { hash, salt_len } => format!("RSASSA-PSS({hash}, salt {salt_len})"),
        }
    }

    /// Reads an AlgorithmIdentifier's OID and DER parameters. `digest` is the
    /// separately given digest algorithm (CMS), used with plain rsaEncryption.
    pub(crate) fn from_algorithm(
        oid: &Oid,
        params: Option<&[u8]>,
        digest: Option<HashAlgorithm>,
    ) -> Result<Self, Error> {
        let unsupported = || Error::UnsupportedAlgorithm { oid: *oid };
        Ok(match *oid {
            o if o == SHA256_WITH_RSA => Self::Pkcs1v15(HashAlgorithm::Sha256),
            o if o == SHA384_WITH_RSA => Self::Pkcs1v15(HashAlgorithm::Sha384),
            o if o == SHA512_WITH_RSA => Self::Pkcs1v15(HashAlgorithm::Sha512),
            o if o == SHA1_WITH_RSA => Self::Pkcs1v15(HashAlgorithm::Sha1),
            o if o == RSA_ENCRYPTION => Self::Pkcs1v15(digest.ok_or_else(unsupported)?),
            o if o == RSASSA_PSS => pss_params(params.ok_or_else(unsupported)?)?,
            _ => return Err(unsupported()),
        })
    }
}

impl fmt::Display for SignatureScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// `RSASSA-PSS-params` (RFC 4055 §3.1). Defaults (SHA-1, MGF1-SHA-1, salt 20) are
/// accepted as written; the MGF1 hash must equal the message hash.
fn pss_params(der: &[u8]) -> Result<SignatureScheme, Error> {
    let bad = Error::decode("RSASSA-PSS parameters");
    let seq = AnyRef::from_der(der).map_err(bad)?;
    if seq.tag() != Tag::Sequence {
        return Err(Error::UnsupportedAlgorithm { oid: RSASSA_PSS });
    }
    let mut reader =
        SliceReader::new(seq.value()).map_err(Error::decode("RSASSA-PSS parameters"))?;
    let (mut hash, mut mgf_hash, mut salt) = (HashAlgorithm::Sha1, HashAlgorithm::Sha1, 20usize);
    while !reader.is_finished() {
        let field = AnyRef::decode(&mut reader).map_err(Error::decode("RSASSA-PSS parameters"))?;
        let inner =
            || AnyRef::from_der(field.value()).map_err(Error::decode("RSASSA-PSS parameters"));
        match field.tag() {
            Tag::ContextSpecific {
                number: TagNumber(0),
                constructed: true,
            } => {
                hash = hash_of_algorithm(inner()?.value())?;
            }
            Tag::ContextSpecific {
                number: TagNumber(1),
                constructed: true,
            } => {
                // MaskGenAlgorithm ::= SEQUENCE { mgf1 OID, hashAlgorithm AlgorithmIdentifier }
                let mgf = inner()?;
                let mut r =
                    SliceReader::new(mgf.value()).map_err(Error::decode("MGF1 parameters"))?;
                let mgf_oid =
                    ObjectIdentifier::decode(&mut r).map_err(Error::decode("MGF1 parameters"))?;
                if Oid(mgf_oid) != MGF1 {
                    return Err(Error::UnsupportedAlgorithm { oid: Oid(mgf_oid) });
                }
                let alg = AnyRef::decode(&mut r).map_err(Error::decode("MGF1 parameters"))?;
                mgf_hash = hash_of_algorithm(alg.value())?;
            }
            Tag::ContextSpecific {
                number: TagNumber(2),
                constructed: true,
            } => {
                let n = der::asn1::Uint::from_der(field.value())
                    .map_err(Error::decode("PSS salt length"))?;
                salt = n
                    .as_bytes()
                    .iter()
                    .try_fold(0usize, |acc, b| {
                        acc.checked_mul(256)?.checked_add(usize::from(*b))
                    })
                    .filter(|s| *s <= 512)
                    .ok_or(Error::UnsupportedAlgorithm { oid: RSASSA_PSS })?;
            }
            Tag::ContextSpecific {
                number: TagNumber(3),
                constructed: true,
            } => {
                // trailerField must be 1 (trailerFieldBC).
                if field.value() != [0x02, 0x01, 0x01] {
                    return Err(Error::UnsupportedAlgorithm { oid: RSASSA_PSS });
                }
            }
            _ => return Err(Error::UnsupportedAlgorithm { oid: RSASSA_PSS }),
        }
    }
    if hash != mgf_hash {
        return Err(Error::UnsupportedAlgorithm { oid: MGF1 });
    }
    Ok(SignatureScheme::Pss {
        hash,
        salt_len: salt,
    })
}

/// The hash named by the contents of an AlgorithmIdentifier SEQUENCE.
fn hash_of_algorithm(seq_contents: &[u8]) -> Result<HashAlgorithm, Error> {
    let mut r = SliceReader::new(seq_contents).map_err(Error::decode("hash algorithm"))?;
    let oid = Oid(ObjectIdentifier::decode(&mut r).map_err(Error::decode("hash algorithm"))?);
    HashAlgorithm::from_oid(&oid).ok_or(Error::UnsupportedAlgorithm { oid })
}

/// A hash computed over data given in pieces.
#[derive(Clone, Debug)]
#[cfg_attr(target_family = "wasm", allow(dead_code))]
pub(crate) enum Hasher {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha1(sha1::Sha1),
}

#[cfg_attr(target_family = "wasm", allow(dead_code))]
impl Hasher {
    /// A hash of `algorithm` over no data yet.
    pub(crate) fn new(algorithm: HashAlgorithm) -> Self {
        match algorithm {
            HashAlgorithm::Sha256 => Self::Sha256(sha2::Sha256::new()),
            HashAlgorithm::Sha384 => Self::Sha384(sha2::Sha384::new()),
            HashAlgorithm::Sha512 => Self::Sha512(sha2::Sha512::new()),
            HashAlgorithm::Sha1 => Self::Sha1(sha1::Sha1::new()),
        }
    }

    /// Hashes the next piece.
    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Self::Sha256(h) => h.update(data),
            Self::Sha384(h) => h.update(data),
            Self::Sha512(h) => h.update(data),
            Self::Sha1(h) => h.update(data),
        }
    }

    /// The digest: what [`HashAlgorithm::digest`] gives for all pieces joined.
    pub(crate) fn finish(self) -> Vec<u8> {
        match self {
            Self::Sha256(h) => h.finalize().to_vec(),
            Self::Sha384(h) => h.finalize().to_vec(),
            Self::Sha512(h) => h.finalize().to_vec(),
            Self::Sha1(h) => h.finalize().to_vec(),
        }
    }
}

/// As [`verify`], given the message's digest under `scheme`'s hash (computed by
/// the caller, e.g. while the message was still being read) instead of the
/// message. The [default provider](default_provider)'s key and checks: the same
/// answer as [`verify`] over the message.
pub(crate) fn verify_digest(
    spki_der: &[u8],
    scheme: SignatureScheme,
    digest: &[u8],
    signature: &[u8],
    what: &'static str,
) -> Result<(), Error> {
    let key =
        rustcrypto::RsaKey::from_spki(spki_der).map_err(|_| Error::UnsupportedKey { what })?;
    if key.is_valid_digest(scheme, digest, signature) {
        Ok(())
    } else {
        Err(Error::BadSignature { what })
    }
}

/// Verifies `signature` over `message` with the RSA key in `spki_der` (a
/// SubjectPublicKeyInfo) through the [default provider](default_provider). `what`
/// names the signed object in the error. Callers that verify many signatures with
/// one key prepare it once with a [`Provider`] instead.
pub(crate) fn verify(
    spki_der: &[u8],
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
    what: &'static str,
) -> Result<(), Error> {
    default_provider()
        .prepare(spki_der)
        .map_err(|_| Error::UnsupportedKey { what })?
        .verify(scheme, message, signature, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_from_oids() {
        assert_eq!(
            SignatureScheme::from_algorithm(&SHA256_WITH_RSA, None, None).unwrap(),
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256)
        );
        assert_eq!(
            SignatureScheme::from_algorithm(&RSA_ENCRYPTION, None, Some(HashAlgorithm::Sha512))
                .unwrap(),
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512)
        );
        assert!(SignatureScheme::from_algorithm(&RSA_ENCRYPTION, None, None).is_err());
        assert!(
            SignatureScheme::from_algorithm(&SHA1_WITH_RSA, None, None)
                .unwrap()
                .is_legacy()
        );
        let ecdsa = Oid::new_unwrap("1.2.840.10045.4.3.2");
        assert!(matches!(
            SignatureScheme::from_algorithm(&ecdsa, None, None),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
    }

    #[test]
    fn pss_parameters() {
        // SHA-256, MGF1-SHA-256, salt 32 (OpenSSL 3 writes the maximum salt, 222, by default).
        let params = [
            0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
            0x04, 0x02, 0x01, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48,
            0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
        ];
        assert_eq!(
            SignatureScheme::from_algorithm(&RSASSA_PSS, Some(&params), None).unwrap(),
            SignatureScheme::Pss {
                hash: HashAlgorithm::Sha256,
                salt_len: 32
            }
        );
        // Empty parameters: all defaults (SHA-1, salt 20).
        assert_eq!(
            SignatureScheme::from_algorithm(&RSASSA_PSS, Some(&[0x30, 0x00]), None).unwrap(),
            SignatureScheme::Pss {
                hash: HashAlgorithm::Sha1,
                salt_len: 20
            }
        );
        assert!(
            SignatureScheme::from_algorithm(
                &RSASSA_PSS,
                Some(&[0x30, 0x03, 0x80, 0x01, 0x00]),
                None
            )
            .is_err()
        );
        assert!(SignatureScheme::from_algorithm(&RSASSA_PSS, Some(&[0x05, 0x00]), None).is_err());
    }

    #[test]
    fn digest_lengths() {
        for h in [
            HashAlgorithm::Sha1,
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha384,
            HashAlgorithm::Sha512,
        ] {
            assert_eq!(h.digest(b"x").len(), h.output_len());
            assert_eq!(HashAlgorithm::from_oid(&h.oid()), Some(h));
            assert_eq!(
                h.digest_info_prefix().len() + h.output_len(),
                usize::from(h.digest_info_prefix()[1]) + 2
            );
        }
    }
}
