//! A software key as a CMS [`Signer`](crate::cms::Signer), for tests and tools that
//! sign without a card. Private keys exist only in the simulator.

use super::SimKey;
use crate::Certificate;
use crate::SimulatorError;
use crate::cms::Signer;
use crate::crypto::HashAlgorithm;
use crate::error::Error;

/// A [`SimKey`] and its certificate.
#[derive(Clone, Debug)]
pub struct SoftwareSigner {
    key: SimKey,
    certificate: Certificate,
}

impl SoftwareSigner {
    /// Pairs `key` with `certificate` (whose public key must be `key`'s).
    pub fn new(key: SimKey, certificate: Certificate) -> Result<Self, Error> {
        if key.public_key_der()? != certificate.public_key_der() {
            return Err(Error::Simulator(SimulatorError::Crypto {
                reason: "the key does not belong to the certificate".into(),
            }));
        }
        Ok(Self { key, certificate })
    }
}

impl Signer for SoftwareSigner {
    fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    fn sign_digest(&mut self, hash: HashAlgorithm, digest: &[u8]) -> Result<Vec<u8>, Error> {
        let digest_info = crate::card::digest_info(hash, digest)?;
        self.key.sign_digest_info(&digest_info)
    }
}
