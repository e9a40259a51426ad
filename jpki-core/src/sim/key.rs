//! RSA and EC keys of the simulator. Private keys exist only here.

use ecdsa::signature::hazmat::PrehashSigner;
use p384::elliptic_curve::Generate;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, PrivateKey as RsaPrivateKey, Pss, PublicKey as RsaPublicKey};
use sha2::{Sha256, Sha384, Sha512};

use super::builder::unsupported_scheme;
use crate::SimulatorError;
use crate::crypto::{EcCurve, HashAlgorithm, SignatureScheme};
use crate::error::Error;

/// A private key held by the simulator (CA keys, card keys, software subscriber
/// keys): RSA (today's JPKI, 2048 bits) or EC on P-256 or P-384 (the
/// next-generation profile: P-384).
///
/// The key material is zeroized on drop by the `rsa` and `ecdsa` crates.
#[derive(Clone)]
pub struct SimKey {
    key: Inner,
}

#[derive(Clone)]
enum Inner {
    Rsa(RsaPrivateKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl core::fmt::Debug for SimKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SimKey").finish_non_exhaustive()
    }
}

fn crypto(what: &str) -> impl FnOnce(rsa::Error) -> Error + '_ {
    move |e| {
        Error::Simulator(SimulatorError::Crypto {
            reason: format!("{what}: {e}"),
        })
    }
}

fn ec_error(what: &str) -> impl FnOnce(ecdsa::Error) -> Error + '_ {
    move |e| {
        Error::Simulator(SimulatorError::Crypto {
            reason: format!("{what}: {e}"),
        })
    }
}

fn pkcs8_error(what: &str) -> impl FnOnce(rsa::pkcs8::Error) -> Error + '_ {
    move |e| {
        Error::Simulator(SimulatorError::Crypto {
            reason: format!("{what}: {e}"),
        })
    }
}

fn spki_error(e: rsa::pkcs8::spki::Error) -> Error {
    Error::Simulator(SimulatorError::Crypto {
        reason: format!("encoding public key: {e}"),
    })
}

impl SimKey {
    /// Generates a fresh RSA key of `bits` bits (J-LIS: 2048) from the OS RNG.
    pub fn generate(bits: usize) -> Result<Self, Error> {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let key = RsaPrivateKey::new(&mut rng, bits).map_err(crypto("RSA key generation"))?;
        Ok(Self {
            key: Inner::Rsa(key),
        })
    }

    /// Generates a fresh EC key on `curve` from the OS RNG (the next-generation
    /// profile: P-384).
    pub fn generate_ec(curve: EcCurve) -> Result<Self, Error> {
        let failed = |e: getrandom::Error| {
            Error::Simulator(SimulatorError::Crypto {
                reason: format!("EC key generation: {e}"),
            })
        };
        let mut rng = getrandom::SysRng;
        let key = match curve {
            EcCurve::P256 => Inner::P256(
                p256::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(failed)?,
            ),
            EcCurve::P384 => Inner::P384(
                p384::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(failed)?,
            ),
            #[allow(unreachable_patterns)]
            other => {
                return Err(Error::Simulator(SimulatorError::Crypto {
                    reason: format!("the simulator has no {other} keys"),
                }));
            }
        };
        Ok(Self { key })
    }

    /// Reads a PKCS#8 PEM private key (RSA, or EC on P-256 or P-384).
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
        let key = match RsaPrivateKey::from_pkcs8_pem(pem) {
            Ok(key) => Inner::Rsa(key),
            Err(rsa_error) => {
                if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_pem(pem) {
                    Inner::P384(key)
                } else if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(pem) {
                    Inner::P256(key)
                } else {
                    return Err(Error::Simulator(SimulatorError::Crypto {
                        reason: format!("reading PKCS#8 key: {rsa_error}"),
                    }));
                }
            }
        };
        Ok(Self { key })
    }

    /// The key as PKCS#8 PEM. The returned string is zeroized on drop.
    pub fn to_pkcs8_pem(&self) -> Result<zeroize::Zeroizing<String>, Error> {
        match &self.key {
            Inner::Rsa(key) => key.to_pkcs8_pem(LineEnding::LF),
            Inner::P256(key) => key.to_pkcs8_pem(LineEnding::LF),
            Inner::P384(key) => key.to_pkcs8_pem(LineEnding::LF),
        }
        .map_err(pkcs8_error("writing PKCS#8 key"))
    }

    /// The public key as SubjectPublicKeyInfo DER.
    pub fn public_key_der(&self) -> Result<Vec<u8>, Error> {
        let der = match &self.key {
            Inner::Rsa(key) => key.to_public_key().to_public_key_der(),
            Inner::P256(key) => key.verifying_key().to_public_key_der(),
            Inner::P384(key) => key.verifying_key().to_public_key_der(),
        }
        .map_err(spki_error)?;
        Ok(der.as_bytes().to_vec())
    }

    /// Key size in bits: the RSA modulus, or the curve's (256, 384).
    pub fn bits(&self) -> usize {
        match &self.key {
            Inner::Rsa(key) => rsa::traits::PublicKeyParts::size(key) * 8,
            Inner::P256(_) => 256,
            Inner::P384(_) => 384,
        }
    }

    /// The curve of an EC key; `None` for RSA.
    pub fn curve(&self) -> Option<EcCurve> {
        match &self.key {
            Inner::Rsa(_) => None,
            Inner::P256(_) => Some(EcCurve::P256),
            Inner::P384(_) => Some(EcCurve::P384),
        }
    }

    /// The scheme the simulator signs with by default with this key:
    /// sha256WithRSAEncryption for RSA, ecdsa-with-SHA256 on P-256,
    /// ecdsa-with-SHA384 on P-384.
    pub fn default_scheme(&self) -> SignatureScheme {
        match &self.key {
            Inner::Rsa(_) => SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
            Inner::P256(_) => SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
            Inner::P384(_) => SignatureScheme::Ecdsa(HashAlgorithm::Sha384),
        }
    }

    /// Signs `message` with SHA-256: RSASSA-PKCS1-v1_5 with an RSA key, ECDSA
    /// (DER) with an EC key.
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let scheme = match &self.key {
            Inner::Rsa(_) => SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
            Inner::P256(_) | Inner::P384(_) => SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
        };
        self.sign(scheme, message)
    }

    /// ECDSA over a digest (RFC 6979 deterministic nonce), as `r‖s`.
    fn sign_ec_digest(&self, digest: &[u8]) -> Result<Vec<u8>, Error> {
        match &self.key {
            Inner::P256(key) => {
                let sig: p256::ecdsa::Signature =
                    key.sign_prehash(digest).map_err(ec_error("signing"))?;
                Ok(sig.to_bytes().to_vec())
            }
            Inner::P384(key) => {
                let sig: p384::ecdsa::Signature =
                    key.sign_prehash(digest).map_err(ec_error("signing"))?;
                Ok(sig.to_bytes().to_vec())
            }
            Inner::Rsa(_) => Err(Error::Simulator(SimulatorError::Crypto {
                reason: "an RSA key does not make ECDSA signatures".into(),
            })),
        }
    }

    /// Signs `message` under `scheme`: RSASSA-PKCS1-v1_5 (deterministic),
    /// RSASSA-PSS (random salt of the scheme's length) with an RSA key; ECDSA
    /// (deterministic, RFC 6979; the DER `ECDSA-Sig-Value`) with an EC key. SHA-1
    /// is allowed with RSA: the simulator makes 住基カード era test certificates too.
    pub fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, Error> {
        let digest = scheme.hash().digest(message);
        let key = match (&self.key, scheme) {
            (Inner::Rsa(key), _) => key,
            (Inner::P256(_) | Inner::P384(_), SignatureScheme::Ecdsa(hash))
                if hash != HashAlgorithm::Sha1 =>
            {
                let raw = self.sign_ec_digest(&digest)?;
                return crate::crypto::ecdsa_raw_to_der(&raw);
            }
            _ => return Err(unsupported_scheme(scheme)),
        };
        match scheme {
            SignatureScheme::Pkcs1v15(hash) => {
                let padding = match hash {
                    HashAlgorithm::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
                    HashAlgorithm::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
                    HashAlgorithm::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
                    HashAlgorithm::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
                    // The enums are non-exhaustive for users, and so for the simulator.
                    #[allow(unreachable_patterns)]
                    _ => return Err(unsupported_scheme(scheme)),
                };
                key.sign(padding, &digest)
            }
            SignatureScheme::Pss { hash, salt_len } => {
                let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
                match hash {
                    HashAlgorithm::Sha256 => {
                        key.sign_with_rng(&mut rng, Pss::<Sha256>::new_with_salt(salt_len), &digest)
                    }
                    HashAlgorithm::Sha384 => {
                        key.sign_with_rng(&mut rng, Pss::<Sha384>::new_with_salt(salt_len), &digest)
                    }
                    HashAlgorithm::Sha512 => {
                        key.sign_with_rng(&mut rng, Pss::<Sha512>::new_with_salt(salt_len), &digest)
                    }
                    HashAlgorithm::Sha1 => key.sign_with_rng(
                        &mut rng,
                        Pss::<sha1::Sha1>::new_with_salt(salt_len),
                        &digest,
                    ),
                    #[allow(unreachable_patterns)]
                    _ => return Err(unsupported_scheme(scheme)),
                }
            }
            #[allow(unreachable_patterns)]
            _ => return Err(unsupported_scheme(scheme)),
        }
        .map_err(crypto("signing"))
    }

    /// What a JPKI card does for `COMPUTE DIGITAL SIGNATURE` with the `DigestInfo`
    /// it is sent. RSA: the raw private-key operation on the PKCS#1 v1.5 type-1
    /// padded `DigestInfo`. EC (the next-generation card, as assumed: no APDUs for
    /// it are public): the digest inside the `DigestInfo` (SHA-256/384/512)
    /// signed with ECDSA, returned as the raw `r‖s` (2 × 48 bytes on P-384).
    pub fn sign_digest_info(&self, digest_info: &[u8]) -> Result<Vec<u8>, Error> {
        match &self.key {
            Inner::Rsa(key) => key
                .sign(Pkcs1v15Sign::new_unprefixed(), digest_info)
                .map_err(crypto("signing")),
            Inner::P256(_) | Inner::P384(_) => {
                let digest = [
                    HashAlgorithm::Sha256,
                    HashAlgorithm::Sha384,
                    HashAlgorithm::Sha512,
                ]
                .into_iter()
                .find_map(|h| {
                    let prefix = crate::card::digest_info(h, &vec![0; h.output_len()]).ok()?;
                    let head = prefix.get(..prefix.len().saturating_sub(h.output_len()))?;
                    digest_info
                        .strip_prefix(head)
                        .filter(|d| d.len() == h.output_len())
                })
                .ok_or_else(|| {
                    Error::Simulator(SimulatorError::Crypto {
                        reason: "not a SHA-2 DigestInfo".into(),
                    })
                })?;
                self.sign_ec_digest(digest)
            }
        }
    }
}

/// Checks that `spki_der` is a key the profile issues to: an RSA key of at least
/// 2048 bits (today's card), or an EC key on P-256 or P-384 (the next-generation
/// card: P-384).
pub(crate) fn check_public_key(spki_der: &[u8]) -> Result<(), Error> {
    if EcCurve::of_public_key(spki_der).is_some() {
        return crate::crypto::default_provider()
            .prepare(spki_der)
            .map(|_| ())
            .map_err(|e| {
                Error::Simulator(SimulatorError::Crypto {
                    reason: format!("public key: {e}"),
                })
            });
    }
    check_rsa_public_key(spki_der).map(|_| ())
}

/// Checks that `spki_der` is an RSA public key of at least 2048 bits.
pub(crate) fn check_rsa_public_key(spki_der: &[u8]) -> Result<RsaPublicKey, Error> {
    use rsa::pkcs8::DecodePublicKey;
    let key = RsaPublicKey::from_public_key_der(spki_der).map_err(|e| {
        Error::Simulator(SimulatorError::Crypto {
            reason: format!("public key is not an RSA SubjectPublicKeyInfo: {e}"),
        })
    })?;
    let bits = rsa::traits::PublicKeyParts::size(&key) * 8;
    if bits < 2048 {
        return Err(Error::Simulator(SimulatorError::Crypto {
            reason: format!("public key has {bits} bits; the My Number card profile needs 2048"),
        }));
    }
    Ok(key)
}
