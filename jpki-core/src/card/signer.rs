//! A card key as a CMS [`Signer`]: the glue between the card driver and `cms`.

use super::{JpkiCard, KeySlot, Pin, Transport};
use crate::Certificate;
use crate::cms::Signer;
use crate::crypto::HashAlgorithm;
use crate::error::Error;

/// A key on a JPKI card (the signing key with the signing password, or the user
/// authentication key with its PIN) as a CMS [`Signer`].
///
/// Hosts that cannot block while the card signs use the two-phase signing of
/// [`crate::cms`] with a [`CardSession`](super::CardSession) instead.
#[derive(Debug)]
pub struct CardSigner<'a, T: Transport> {
    card: &'a mut JpkiCard<T>,
    key: KeySlot,
    pin: Option<Pin>,
    certificate: Certificate,
}

impl<'a, T: Transport> CardSigner<'a, T> {
    /// Signs with `key` on `card`, whose certificate is `certificate` (read from the
    /// card beforehand). `pin` unlocks the key unless it is verified already.
    pub fn new(
        card: &'a mut JpkiCard<T>,
        key: KeySlot,
        certificate: Certificate,
        pin: Option<Pin>,
    ) -> Self {
        Self {
            card,
            key,
            pin,
            certificate,
        }
    }
}

impl<T: Transport> Signer for CardSigner<'_, T> {
    fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    fn sign_digest(&mut self, hash: HashAlgorithm, digest: &[u8]) -> Result<Vec<u8>, Error> {
        self.card.sign(self.key, hash, digest, self.pin.as_ref())
    }
}
