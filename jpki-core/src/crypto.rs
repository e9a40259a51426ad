//! Hashes and signature verification (RSA and ECDSA), shared by path validation
//! (certificate signatures), revocation (CRLs, OCSP responses) and CMS (signer
//! signatures).
//!
//! Only what JPKI and its verifiers meet: RSA (1024 to 8192 bits: 2048 on today's My
//! Number card, 3072 and 4096 in other PKIs) with PKCS#1 v1.5 (SHA-256/384/512, and
//! SHA-1 for the 住基カード era, accepted only when the caller allows legacy) and
//! RSASSA-PSS; and ECDSA on P-256 and P-384 with SHA-256/384/512 (the announced
//! next-generation My Number card: P-384 with SHA-384). An ECDSA signature is the DER
//! `ECDSA-Sig-Value` (RFC 5480 §2.2 / RFC 5753), as X.509, CRLs, OCSP and CMS carry
//! it; [`ecdsa_raw_to_der`] converts the raw `r‖s` form a card may return.
//! Verification works on the original signed bytes given by the caller.
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

/// An elliptic curve this library verifies ECDSA signatures on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EcCurve {
    /// NIST P-256 (secp256r1, prime256v1).
    P256,
    /// NIST P-384 (secp384r1): the announced next-generation My Number card.
    P384,
}

impl EcCurve {
    /// The length of a field element (and of `r` and `s`) in bytes: 32 or 48.
    pub const fn field_len(self) -> usize {
        match self {
            Self::P256 => 32,
            Self::P384 => 48,
        }
    }

    /// `P-256` or `P-384`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::P256 => "P-256",
            Self::P384 => "P-384",
        }
    }

    /// The namedCurve OID (RFC 5480 §2.1.1.1).
    pub fn oid(self) -> Oid {
        match self {
            Self::P256 => SECP256R1,
            Self::P384 => SECP384R1,
        }
    }

    /// The curve of a namedCurve OID, if it is one of these.
    pub fn from_oid(oid: &Oid) -> Option<Self> {
        [Self::P256, Self::P384]
            .into_iter()
            .find(|c| c.oid() == *oid)
    }

    /// The curve of an EC SubjectPublicKeyInfo (id-ecPublicKey with a namedCurve
    /// this library knows); `None` for any other key.
    pub fn of_public_key(spki_der: &[u8]) -> Option<Self> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).ok()?;
        if Oid(spki.algorithm.oid) != EC_PUBLIC_KEY {
            return None;
        }
        let named = spki
            .algorithm
            .parameters?
            .decode_as::<ObjectIdentifier>()
            .ok()?;
        Self::from_oid(&Oid(named))
    }
}

impl fmt::Display for EcCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` of a raw ECDSA
/// signature `r‖s` (two big-endian integers of equal length, as smart cards and
/// WebCrypto return them).
///
/// # Errors
/// [`Error::BadSignature`] if `raw` is empty, of odd length, longer than 2 × 66
/// bytes, or `r` or `s` is zero.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, Error> {
    let bad = Error::BadSignature {
        what: "ECDSA signature (raw r||s)",
    };
    if raw.is_empty() || !raw.len().is_multiple_of(2) || raw.len() > 2 * 66 {
        return Err(bad);
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    let integer = |v: &[u8]| -> Option<Vec<u8>> {
        let first = v.iter().position(|b| *b != 0)?;
        let v = v.get(first..)?;
        let mut out = vec![0x02];
        let pad = v.first().is_some_and(|b| b & 0x80 != 0);
        out.push(u8::try_from(v.len() + usize::from(pad)).ok()?);
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
        Some(out)
    };
    let (Some(r), Some(s)) = (integer(r), integer(s)) else {
        return Err(bad);
    };
    let len = r.len() + s.len();
    let mut out = vec![0x30];
    if len >= 0x80 {
        out.push(0x81);
    }
    out.push(u8::try_from(len).map_err(|_| Error::BadSignature {
        what: "ECDSA signature (raw r||s)",
    })?);
    out.extend(r);
    out.extend(s);
    Ok(out)
}

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
/// ecdsa-with-SHA256 (RFC 5758 §3.2: no parameters).
const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
/// id-ecPublicKey (RFC 5480 §2.1.1); in a CMS SignerInfo (RFC 5753 usage) the hash
/// comes from the digest algorithm.
pub(crate) const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: Oid = Oid::new_unwrap("1.3.132.0.34");

/// How a signature is formed: RSA (PKCS#1 v1.5 or PSS) or ECDSA.
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
    /// ECDSA with this hash; the curve is the key's (P-256 or P-384). The signature
    /// is the DER `ECDSA-Sig-Value`.
    Ecdsa(HashAlgorithm),
}

impl SignatureScheme {
    /// The hash the scheme signs with.
    pub fn hash(self) -> HashAlgorithm {
        match self {
            Self::Pkcs1v15(h) | Self::Pss { hash: h, .. } | Self::Ecdsa(h) => h,
        }
    }

    /// Whether it is ECDSA (the key must be an EC key).
    pub fn is_ecdsa(self) -> bool {
        matches!(self, Self::Ecdsa(_))
    }

    /// The signatureAlgorithm OID that names the scheme on its own (without
    /// parameters for ECDSA, with NULL for PKCS#1 v1.5); `None` for RSASSA-PSS,
    /// whose parameters say the hash, and for hashes the scheme has no OID with.
    pub(crate) fn algorithm_oid(self) -> Option<Oid> {
        match self {
            Self::Pkcs1v15(HashAlgorithm::Sha1) => Some(SHA1_WITH_RSA),
            Self::Pkcs1v15(HashAlgorithm::Sha256) => Some(SHA256_WITH_RSA),
            Self::Pkcs1v15(HashAlgorithm::Sha384) => Some(SHA384_WITH_RSA),
            Self::Pkcs1v15(HashAlgorithm::Sha512) => Some(SHA512_WITH_RSA),
            Self::Ecdsa(HashAlgorithm::Sha256) => Some(ECDSA_WITH_SHA256),
            Self::Ecdsa(HashAlgorithm::Sha384) => Some(ECDSA_WITH_SHA384),
            Self::Ecdsa(HashAlgorithm::Sha512) => Some(ECDSA_WITH_SHA512),
            Self::Ecdsa(HashAlgorithm::Sha1) | Self::Pss { .. } => None,
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
            Self::Ecdsa(HashAlgorithm::Sha1) => "ecdsa-with-SHA1".into(),
            Self::Ecdsa(HashAlgorithm::Sha256) => "ecdsa-with-SHA256".into(),
            Self::Ecdsa(HashAlgorithm::Sha384) => "ecdsa-with-SHA384".into(),
            Self::Ecdsa(HashAlgorithm::Sha512) => "ecdsa-with-SHA512".into(),
        }
    }

    /// The one mapping from a signatureAlgorithm AlgorithmIdentifier (its OID and
    /// DER parameters) to a scheme, for certificates, CRLs, OCSP responses and CMS.
    /// `digest` is the separately given digest algorithm (CMS), used with plain
    /// rsaEncryption and id-ecPublicKey (RFC 5753 usage).
    ///
    /// sha*WithRSAEncryption and RSASSA-PSS as RFC 4055 writes them;
    /// ecdsa-with-SHA256/384/512 only with absent parameters (RFC 5758 §3.2).
    /// ecdsa-with-SHA1 and DSA are [`Error::UnsupportedAlgorithm`].
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
            o if o == ECDSA_WITH_SHA256 && params.is_none() => Self::Ecdsa(HashAlgorithm::Sha256),
            o if o == ECDSA_WITH_SHA384 && params.is_none() => Self::Ecdsa(HashAlgorithm::Sha384),
            o if o == ECDSA_WITH_SHA512 && params.is_none() => Self::Ecdsa(HashAlgorithm::Sha512),
            o if o == EC_PUBLIC_KEY => match digest {
                Some(h) if h != HashAlgorithm::Sha1 => Self::Ecdsa(h),
                _ => return Err(unsupported()),
            },
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
    let valid = if EcCurve::of_public_key(spki_der).is_some() {
        rustcrypto::EcKey::from_spki(spki_der)
            .map_err(|_| Error::UnsupportedKey { what })?
            .is_valid_digest(scheme, digest, signature)
    } else {
        rustcrypto::RsaKey::from_spki(spki_der)
            .map_err(|_| Error::UnsupportedKey { what })?
            .is_valid_digest(scheme, digest, signature)
    };
    if valid {
        Ok(())
    } else {
        Err(Error::BadSignature { what })
    }
}

/// Verifies `signature` over `message` with the RSA or EC key in `spki_der` (a
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
        assert_eq!(
            SignatureScheme::from_algorithm(&ECDSA_WITH_SHA384, None, None).unwrap(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha384)
        );
        // ecdsa-with-SHA* take no parameters (RFC 5758 §3.2), not even NULL.
        assert!(matches!(
            SignatureScheme::from_algorithm(&ECDSA_WITH_SHA256, Some(&[0x05, 0x00]), None),
            Err(Error::UnsupportedAlgorithm { .. })
        ));
        // id-ecPublicKey names the hash only with a CMS digest algorithm.
        assert_eq!(
            SignatureScheme::from_algorithm(&EC_PUBLIC_KEY, None, Some(HashAlgorithm::Sha384))
                .unwrap(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha384)
        );
        assert!(SignatureScheme::from_algorithm(&EC_PUBLIC_KEY, None, None).is_err());
        assert!(
            SignatureScheme::from_algorithm(&EC_PUBLIC_KEY, None, Some(HashAlgorithm::Sha1))
                .is_err()
        );
        // ecdsa-with-SHA1 and DSA (dsa-with-sha256) stay unsupported.
        for oid in ["1.2.840.10045.4.1", "2.16.840.1.101.3.4.3.2"] {
            assert!(matches!(
                SignatureScheme::from_algorithm(&Oid::new_unwrap(oid), None, None),
                Err(Error::UnsupportedAlgorithm { .. })
            ));
        }
        for scheme in [
            SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha384),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha512),
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384),
        ] {
            let oid = scheme.algorithm_oid().unwrap();
            let params = (!scheme.is_ecdsa()).then_some(&[0x05u8, 0x00][..]);
            assert_eq!(
                SignatureScheme::from_algorithm(&oid, params, None).unwrap(),
                scheme
            );
        }
    }

    #[test]
    fn raw_ecdsa_signatures_to_der() {
        // r = 1, s = 0x80 (needs a leading zero octet).
        let mut raw = vec![0u8; 64];
        raw[31] = 1;
        raw[63] = 0x80;
        assert_eq!(
            ecdsa_raw_to_der(&raw).unwrap(),
            [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80]
        );
        // P-384 sized, both halves with the top bit: a leading zero each.
        let der = ecdsa_raw_to_der(&[0xffu8; 96]).unwrap();
        assert_eq!(&der[..3], &[0x30, 2 * (2 + 49), 0x02]);
        assert_eq!(der.len(), 2 + 2 * 51);
        // 66-byte halves (P-521 sized): a long-form length.
        let der = ecdsa_raw_to_der(&[0xffu8; 132]).unwrap();
        assert_eq!(&der[..3], &[0x30, 0x81, 2 * (2 + 67)]);
        // Zero r, odd lengths and empty input are refused.
        assert!(ecdsa_raw_to_der(&[0u8; 64]).is_err());
        assert!(ecdsa_raw_to_der(&[1u8; 63]).is_err());
        assert!(ecdsa_raw_to_der(&[]).is_err());
        assert!(ecdsa_raw_to_der(&[1u8; 134]).is_err());
    }

    #[test]
    fn curves() {
        for c in [EcCurve::P256, EcCurve::P384] {
            assert_eq!(EcCurve::from_oid(&c.oid()), Some(c));
        }
        assert_eq!(EcCurve::of_public_key(&[0x30, 0x00]), None);
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
