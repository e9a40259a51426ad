//! RSA keys of the simulator. Private keys exist only here.

use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{Pkcs1v15Sign, PrivateKey as RsaPrivateKey, Pss, PublicKey as RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::builder::unsupported_scheme;
use crate::SimulatorError;
use crate::crypto::{HashAlgorithm, SignatureScheme};
use crate::error::Error;

/// An RSA private key held by the simulator (CA keys, software subscriber keys).
///
/// The key material is zeroized on drop by the `rsa` crate.
#[derive(Clone)]
pub struct SimKey {
    key: RsaPrivateKey,
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

impl SimKey {
    /// Generates a fresh RSA key of `bits` bits (J-LIS: 2048) from the OS RNG.
    pub fn generate(bits: usize) -> Result<Self, Error> {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let key = RsaPrivateKey::new(&mut rng, bits).map_err(crypto("RSA key generation"))?;
        Ok(Self { key })
    }

    /// Reads a PKCS#8 PEM private key.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| {
            Error::Simulator(SimulatorError::Crypto {
                reason: format!("reading PKCS#8 key: {e}"),
            })
        })?;
        Ok(Self { key })
    }

    /// The key as PKCS#8 PEM. The returned string is zeroized on drop.
    pub fn to_pkcs8_pem(&self) -> Result<zeroize::Zeroizing<String>, Error> {
        self.key.to_pkcs8_pem(LineEnding::LF).map_err(|e| {
            Error::Simulator(SimulatorError::Crypto {
                reason: format!("writing PKCS#8 key: {e}"),
            })
        })
    }

    /// The public key as SubjectPublicKeyInfo DER.
    pub fn public_key_der(&self) -> Result<Vec<u8>, Error> {
        self.key
            .to_public_key()
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|e| {
                Error::Simulator(SimulatorError::Crypto {
                    reason: format!("encoding public key: {e}"),
                })
            })
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        rsa::traits::PublicKeyParts::size(&self.key) * 8
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message`.
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let digest = Sha256::digest(message);
        self.key
            .sign(Pkcs1v15Sign::new::<Sha256>(), &digest)
            .map_err(crypto("signing"))
    }

    /// Signs `message` under `scheme`: RSASSA-PKCS1-v1_5 (deterministic) or
    /// RSASSA-PSS (random salt of the scheme's length). SHA-1 is allowed here: the
    /// simulator makes 住基カード era test certificates too.
    pub fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, Error> {
        let digest = scheme.hash().digest(message);
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
                self.key.sign(padding, &digest)
            }
            SignatureScheme::Pss { hash, salt_len } => {
                let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
                match hash {
                    HashAlgorithm::Sha256 => self.key.sign_with_rng(
                        &mut rng,
                        Pss::<Sha256>::new_with_salt(salt_len),
                        &digest,
                    ),
                    HashAlgorithm::Sha384 => self.key.sign_with_rng(
                        &mut rng,
                        Pss::<Sha384>::new_with_salt(salt_len),
                        &digest,
                    ),
                    HashAlgorithm::Sha512 => self.key.sign_with_rng(
                        &mut rng,
                        Pss::<Sha512>::new_with_salt(salt_len),
                        &digest,
                    ),
                    HashAlgorithm::Sha1 => self.key.sign_with_rng(
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

    /// The raw RSA private-key operation on a PKCS#1 v1.5 type-1 padded
    /// `DigestInfo`, as a JPKI card does for `COMPUTE DIGITAL SIGNATURE`.
    pub fn sign_digest_info(&self, digest_info: &[u8]) -> Result<Vec<u8>, Error> {
        self.key
            .sign(Pkcs1v15Sign::new_unprefixed(), digest_info)
            .map_err(crypto("signing"))
    }
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
