//! The native provider over `ring` (feature `ring`).

use core::fmt;
use std::sync::{Arc, OnceLock};

use der::Decode;
use der::asn1::AnyRef;

use ring::signature::{self as rs, RsaParameters, RsaPublicKeyComponents};

use super::rustcrypto::{EcKey, RsaKey};
use super::{EcCurve, HashAlgorithm, KeyVerifier, PreparedKey, Provider, SignatureScheme};
use crate::error::Error;

/// The native provider (feature `ring`): RSA and ECDSA (P-256, P-384) verification
/// by `ring`'s assembly-optimised arithmetic, for servers.
///
/// It accepts exactly the keys [`RustCrypto`](super::RustCrypto) accepts and gives the
/// same answer for every signature: a prepared key holds both, and what `ring` does
/// not do (PSS with a salt other than the hash length or with SHA-1, keys under 1024
/// bits for PKCS#1 v1.5 or under 2048 bits for SHA-384 and PSS, an even or
/// too-small public exponent; ECDSA with SHA-512 or with a compressed point) goes to
/// the pure-Rust code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ring;

impl Provider for Ring {
    fn name(&self) -> &'static str {
        "ring"
    }

    fn prepare(&self, spki_der: &[u8]) -> Result<PreparedKey, Error> {
        if EcCurve::of_public_key(spki_der).is_some() {
            return Ok(PreparedKey::new(Arc::new(RingEcKey::parse(spki_der)?)));
        }
        Ok(PreparedKey::new(Arc::new(RingKey::parse(spki_der)?)))
    }
}

/// An EC key for `ring`: the SEC1 point, and the pure-Rust key (which also
/// checked the point) for what `ring` does not do.
struct RingEcKey {
    point: Box<[u8]>,
    fallback: EcKey,
}

impl RingEcKey {
    /// Accepts exactly the keys [`EcKey`] accepts (it parses one).
    fn parse(spki_der: &[u8]) -> Result<Self, Error> {
        let fallback = EcKey::from_spki(spki_der)?;
        let unsupported = || Error::UnsupportedKey { what: "signature" };
        let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).map_err(|_| unsupported())?;
        let point = spki.subject_public_key.as_bytes().ok_or_else(unsupported)?;
        Ok(Self {
            point: point.into(),
            fallback,
        })
    }

    /// The `ring` algorithm for `scheme` with this key, if `ring` verifies it
    /// exactly as the pure-Rust code does: SHA-256 or SHA-384 with an
    /// uncompressed point (`ring` reads no compressed points).
    fn algorithm(
        &self,
        scheme: SignatureScheme,
    ) -> Option<&'static rs::EcdsaVerificationAlgorithm> {
        if self.point.first() != Some(&0x04) {
            return None;
        }
        Some(match (self.fallback.curve(), scheme) {
            (EcCurve::P256, SignatureScheme::Ecdsa(HashAlgorithm::Sha256)) => {
                &rs::ECDSA_P256_SHA256_ASN1
            }
            (EcCurve::P256, SignatureScheme::Ecdsa(HashAlgorithm::Sha384)) => {
                &rs::ECDSA_P256_SHA384_ASN1
            }
            (EcCurve::P384, SignatureScheme::Ecdsa(HashAlgorithm::Sha256)) => {
                &rs::ECDSA_P384_SHA256_ASN1
            }
            (EcCurve::P384, SignatureScheme::Ecdsa(HashAlgorithm::Sha384)) => {
                &rs::ECDSA_P384_SHA384_ASN1
            }
            _ => return None,
        })
    }

    /// `ring`'s answer, or `None` when `ring` does not verify `scheme` with this key.
    fn verify_with_ring(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let algorithm = self.algorithm(scheme)?;
        Some(
            rs::UnparsedPublicKey::new(algorithm, &self.point)
                .verify(message, signature)
                .is_ok(),
        )
    }
}

impl fmt::Debug for RingEcKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RingEcKey")
            .field("provider", &"ring")
            .field("curve", &self.fallback.curve())
            .finish()
    }
}

impl KeyVerifier for RingEcKey {
    fn is_valid_signature(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        match self.verify_with_ring(scheme, message, signature) {
            Some(valid) => valid,
            None => self.fallback.is_valid_signature(scheme, message, signature),
        }
    }
}

struct RingKey {
    components: RsaPublicKeyComponents<Box<[u8]>>,
    bits: u32,
    exponent_ok: bool,
    /// The key as given, to build the fallback from.
    spki: Box<[u8]>,
    /// The `rsa` crate's key, built the first time `ring` cannot verify: building
    /// it costs about as much as half a verification (its Montgomery
    /// parameters), which a signer's key seen once should not pay.
    fallback: OnceLock<Option<RsaKey>>,
}

/// The limits the `rsa` crate puts on a public key ([`rsa::PublicKey::new`]):
/// 1024 to 8192 bits, an odd modulus, an odd exponent from 2 to 2³³ − 1 below it.
const MIN_BITS: u32 = 1024;
const MAX_BITS: u32 = 8192;
const MAX_EXPONENT: u64 = (1 << 33) - 1;
/// rsaEncryption and RSASSA-PSS, the algorithms the `rsa` crate reads keys of.
const RSA_ENCRYPTION: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

/// The bit length of a big-endian integer without leading zero octets.
fn bit_length(be: &[u8]) -> u32 {
    match be.first() {
        None => 0,
        Some(first) => {
            let rest = u32::try_from(be.len().saturating_sub(1)).unwrap_or(u32::MAX);
            rest.saturating_mul(8)
                .saturating_add(8 - first.leading_zeros())
        }
    }
}

/// `a < b` for big-endian integers without leading zero octets.
fn less_than(a: &[u8], b: &[u8]) -> bool {
    a.len() < b.len() || (a.len() == b.len() && a < b)
}

impl RingKey {
    /// Reads the key as the `rsa` crate would, accepting exactly what it accepts
    /// (checked against it by a test over mutated keys), without its Montgomery
    /// precomputation.
    fn parse(spki_der: &[u8]) -> Result<Self, Error> {
        let bad = || Error::UnsupportedKey { what: "signature" };
        let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).map_err(|_| bad())?;
        match spki.algorithm.oid {
            RSA_ENCRYPTION if spki.algorithm.parameters == Some(AnyRef::NULL) => {}
            RSASSA_PSS if spki.algorithm.parameters.is_none() => {}
            _ => return Err(bad()),
        }
        let bytes = spki.subject_public_key.as_bytes().ok_or_else(bad)?;
        let key = rsa::pkcs1::RsaPublicKeyRef::from_der(bytes).map_err(|_| bad())?;
        let n = key.modulus.as_bytes();
        let e = key.public_exponent.as_bytes();
        let bits = bit_length(n);
        let odd = |v: &[u8]| v.last().is_some_and(|b| b & 1 == 1);
        let exponent = e.iter().try_fold(0u64, |acc, b| {
            acc.checked_mul(256)?.checked_add(u64::from(*b))
        });
        if !(MIN_BITS..=MAX_BITS).contains(&bits)
            || !odd(n)
            || !odd(e)
            || !less_than(e, n)
            || !exponent.is_some_and(|v| (2..=MAX_EXPONENT).contains(&v))
        {
            return Err(bad());
        }
        Ok(Self {
            components: RsaPublicKeyComponents {
                n: n.into(),
                e: e.into(),
            },
            bits,
            // ring takes odd exponents from 3 up: every exponent accepted above.
            exponent_ok: true,
            spki: spki_der.into(),
            fallback: OnceLock::new(),
        })
    }

    /// The `rsa` crate's key for what `ring` does not do.
    fn fallback(&self) -> Option<&RsaKey> {
        self.fallback
            .get_or_init(|| RsaKey::from_spki(&self.spki).ok())
            .as_ref()
    }

    /// The `ring` parameters for `scheme` with this key, if `ring` verifies it
    /// exactly as the pure-Rust code does.
    fn parameters(&self, scheme: SignatureScheme) -> Option<&'static RsaParameters> {
        if !self.exponent_ok {
            return None;
        }
        let full = self.bits >= 2048;
        let legacy = self.bits >= 1024;
        Some(match scheme {
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256) if full => {
                &rs::RSA_PKCS1_2048_8192_SHA256
            }
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384) if full => {
                &rs::RSA_PKCS1_2048_8192_SHA384
            }
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512) if full => {
                &rs::RSA_PKCS1_2048_8192_SHA512
            }
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1) if full => {
                &rs::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY
            }
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256) if legacy => {
                &rs::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
            }
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512) if legacy => {
                &rs::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
            }
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1) if legacy => {
                &rs::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY
            }
            // ring's PSS takes the salt length equal to the hash length only.
            SignatureScheme::Pss { hash, salt_len } if full && salt_len == hash.output_len() => {
                match hash {
                    HashAlgorithm::Sha256 => &rs::RSA_PSS_2048_8192_SHA256,
                    HashAlgorithm::Sha384 => &rs::RSA_PSS_2048_8192_SHA384,
                    HashAlgorithm::Sha512 => &rs::RSA_PSS_2048_8192_SHA512,
                    HashAlgorithm::Sha1 => return None,
                }
            }
            _ => return None,
        })
    }

    /// `ring`'s answer, or `None` when `ring` does not verify `scheme` with this key.
    fn verify_with_ring(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let params = self.parameters(scheme)?;
        Some(self.components.verify(params, message, signature).is_ok())
    }
}

impl fmt::Debug for RingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RingKey")
            .field("provider", &"ring")
            .field("bits", &self.bits)
            .field("exponent_ok", &self.exponent_ok)
            .finish()
    }
}

impl KeyVerifier for RingKey {
    fn is_valid_signature(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        match self.verify_with_ring(scheme, message, signature) {
            Some(valid) => valid,
            None => self
                .fallback()
                .is_some_and(|k| k.is_valid_signature(scheme, message, signature)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

    use super::*;

    /// `(key name, SPKI)` and `(key name, scheme, signature)` from the OpenSSL vectors.
    type Signatures = Vec<(String, SignatureScheme, Vec<u8>)>;

    fn vectors() -> (Vec<u8>, Vec<(String, RingKey)>, Signatures) {
        let hex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        let hash = |s: &str| match s {
            "sha1" => HashAlgorithm::Sha1,
            "sha256" => HashAlgorithm::Sha256,
            "sha384" => HashAlgorithm::Sha384,
            "sha512" => HashAlgorithm::Sha512,
            _ => panic!("{s}"),
        };
        let (mut message, mut keys, mut sigs) = (Vec::new(), Vec::new(), Vec::new());
        for line in include_str!("../../tests/crypto/vectors.txt").lines() {
            let f: Vec<&str> = line.split(' ').collect();
            match f[0] {
                "message" => message = hex(f[1]),
                "key" => {
                    let prepared = Ring.prepare(&hex(f[2])).unwrap();
                    assert!(format!("{prepared:?}").contains("RingKey"));
                    let key = RingKey::parse(&hex(f[2])).unwrap();
                    assert!(key.exponent_ok);
                    keys.push((f[1].to_owned(), key));
                }
                "sig" => {
                    let scheme = if f[2] == "pkcs1" {
                        SignatureScheme::Pkcs1v15(hash(f[3]))
                    } else {
                        SignatureScheme::Pss {
                            hash: hash(f[3]),
                            salt_len: f[4].parse().unwrap(),
                        }
                    };
                    sigs.push((f[1].to_owned(), scheme, hex(f[5])));
                }
                _ => {}
            }
        }
        (message, keys, sigs)
    }

    /// `ring` itself (not the fallback) verifies what it can: PKCS#1 v1.5 with keys of
    /// 2048 bits and more (e = 3 too), SHA-1/256/512 with 1024-bit keys, PSS with the
    /// salt as long as the hash; the rest is handed to the pure-Rust code.
    #[test]
    fn ring_verifies_what_it_can_and_hands_on_the_rest() {
        let (message, keys, sigs) = vectors();
        let (mut by_ring, mut handed_on) = (0, 0);
        for (name, scheme, sig) in &sigs {
            let key = &keys.iter().find(|(k, _)| k == name).unwrap().1;
            let expect_ring = match *scheme {
                SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384) => key.bits >= 2048,
                SignatureScheme::Pkcs1v15(_) => true,
                SignatureScheme::Pss { hash, salt_len } => {
                    key.bits >= 2048 && hash != HashAlgorithm::Sha1 && salt_len == hash.output_len()
                }
                SignatureScheme::Ecdsa(_) => false,
            };
            let answer = key.verify_with_ring(*scheme, &message, sig);
            if expect_ring {
                assert_eq!(answer, Some(true), "{name} {scheme}");
                assert_eq!(key.verify_with_ring(*scheme, b"other", sig), Some(false));
                by_ring += 1;
            } else {
                assert_eq!(answer, None, "{name} {scheme}");
                assert!(
                    key.is_valid_signature(*scheme, &message, sig),
                    "{name} {scheme}"
                );
                handed_on += 1;
            }
        }
        assert!(
            by_ring >= 20 && handed_on >= 20,
            "{by_ring} by ring, {handed_on} handed on"
        );
    }

    #[test]
    fn even_exponent_goes_to_the_fallback() {
        let (_, keys, _) = vectors();
        let mut key = keys.into_iter().next().unwrap().1;
        key.exponent_ok = false;
        assert!(
            key.parameters(SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256))
                .is_none()
        );
    }

    /// The cheap parse accepts exactly the keys the `rsa` crate accepts: every
    /// vector key, and every one-octet change of each (a byte replaced by a few
    /// values, or dropped), and the same integers with other exponents.
    #[test]
    fn accepts_exactly_what_the_rsa_crate_accepts() {
        let (_, _, _) = vectors();
        let hex = |s: &str| -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        };
        let spkis: Vec<Vec<u8>> = include_str!("../../tests/crypto/vectors.txt")
            .lines()
            .filter_map(|l| l.strip_prefix("key "))
            .map(|l| hex(l.split(' ').nth(1).unwrap()))
            .collect();
        assert!(spkis.len() >= 4);
        let (mut tried, mut accepted) = (0usize, 0usize);
        for spki in &spkis {
            for i in 0..spki.len() {
                for value in [0x00, 0x01, 0x02, 0x03, 0x05, 0x7f, 0x80, 0xff, spki[i] ^ 1] {
                    let mut m = spki.clone();
                    m[i] = value;
                    let fast = RingKey::parse(&m).is_ok();
                    let slow = RsaKey::from_spki(&m).is_ok();
                    assert_eq!(fast, slow, "octet {i} set to {value:#04x}");
                    tried += 1;
                    accepted += usize::from(fast);
                }
                let mut dropped = spki.clone();
                dropped.remove(i);
                assert_eq!(
                    RingKey::parse(&dropped).is_ok(),
                    RsaKey::from_spki(&dropped).is_ok(),
                    "octet {i} dropped"
                );
            }
        }
        // Most changes inside the modulus keep a valid key: both sides were
        // exercised, not just refusals.
        assert!(
            accepted > tried / 4 && accepted < tried,
            "{accepted} of {tried}"
        );
    }
}
