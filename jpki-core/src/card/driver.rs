//! The blocking driver: a [`CardSession`] run over a [`Transport`].

use super::session::mismatch;
use super::{
    CardAttributes, CardInfo, CardOutcome, CardRequest, CardSession, CertificateSlot, KeySlot, Pin,
    PinKind, PinStatus, Secret, Transport,
};
use crate::crypto::HashAlgorithm;
use crate::error::Error;

/// A JPKI card behind a blocking transport.
///
/// Each call runs one [`CardRequest`] through the driver's [`CardSession`] (the
/// one implementation of the protocol), inside the transport's exclusive section
/// ([`Transport::exclusive`]: `begin` … `end`, or a PC/SC transaction). Any error —
/// a refusal, a truncated answer, a failing transport — makes the driver forget
/// what it knew about the card's selection and verification, so the next
/// operation selects afresh.
///
/// `T` may be a `Box<dyn Transport + Send>`, chosen at run time.
///
/// ```
/// # #[cfg(feature = "sim")] {
/// use jpki::card::{CardKind, JpkiCard, PinKind, Secret};
/// use jpki::sim::VirtualCard;
///
/// let mut card = VirtualCard::new(CardKind::MyNumberCard);
/// card.set_secret(&Secret::new(PinKind::AuthenticationPin, "1234").unwrap());
/// let mut driver = JpkiCard::new(card);
/// let info = driver.open().unwrap();
/// assert_eq!(info.kind, CardKind::MyNumberCard);
/// # }
/// ```
#[derive(Debug)]
pub struct JpkiCard<T: Transport> {
    transport: T,
    session: CardSession,
}

impl<T: Transport> JpkiCard<T> {
    /// Wraps a transport; nothing is sent yet.
    pub fn new(transport: T) -> Self {
        Self {
            transport,
            session: CardSession::new(),
        }
    }

    /// The session: what the driver believes is selected and verified.
    pub fn session(&self) -> &CardSession {
        &self.session
    }

    /// The transport.
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }

    /// Gives the transport back.
    pub fn into_inner(self) -> T {
        self.transport
    }

    /// Forgets the session state (call it after resetting the card behind the
    /// driver's back).
    pub fn forget(&mut self) {
        self.session.transport_failed();
    }

    /// Runs any operation to completion.
    pub fn run(&mut self, request: CardRequest) -> Result<CardOutcome, Error> {
        self.session.start(request)?;
        let session = &mut self.session;
        let exchanged = self.transport.exclusive(&mut |transport| {
            while let Some(command) = session.next_command() {
                let response = transport.transmit(command).map_err(Error::Transport)?;
                session.feed(&response)?;
            }
            Ok(())
        });
        match exchanged {
            Ok(()) => self.session.finish(),
            Err(e) => {
                self.session.transport_failed();
                Err(e)
            }
        }
    }

    /// Selects the JPKI application and reads the token kind and certificate flags.
    pub fn open(&mut self) -> Result<CardInfo, Error> {
        match self.run(CardRequest::open())? {
            CardOutcome::Opened(info) => Ok(info),
            _ => Err(mismatch()),
        }
    }

    /// Reads a certificate (DER). The signing certificate needs the signing
    /// password (unless verified already in this session).
    pub fn read_certificate(
        &mut self,
        slot: CertificateSlot,
        pin: Option<&Pin>,
    ) -> Result<Vec<u8>, Error> {
        match self.run(CardRequest::read_certificate(slot, pin.cloned()))? {
            CardOutcome::Certificate(der) => Ok(der),
            _ => Err(mismatch()),
        }
    }

    /// A secret's state, without spending a try.
    pub fn pin_status(&mut self, pin: PinKind) -> Result<PinStatus, Error> {
        match self.run(CardRequest::pin_status(pin))? {
            CardOutcome::PinStatus(status) => Ok(status),
            _ => Err(mismatch()),
        }
    }

    /// Verifies a secret. A wrong secret is [`Error::WrongPin`] and is never retried;
    /// the last try is refused ([`Error::LastTryRefused`]) unless the [`Pin`]
    /// allows it.
    pub fn verify(&mut self, pin: &Pin) -> Result<(), Error> {
        match self.run(CardRequest::verify(pin.clone()))? {
            CardOutcome::Verified => Ok(()),
            _ => Err(mismatch()),
        }
    }

    /// Changes a secret from `old` to `new` (of the same kind).
    pub fn change_pin(&mut self, old: &Pin, new: &Secret) -> Result<(), Error> {
        match self.run(CardRequest::change_pin(old.clone(), new.clone()))? {
            CardOutcome::PinChanged => Ok(()),
            _ => Err(mismatch()),
        }
    }

    /// Signs `digest` with a card key; returns the PKCS#1 v1.5 signature. `pin`
    /// unlocks the key unless it is verified in this session already.
    pub fn sign(
        &mut self,
        key: KeySlot,
        algorithm: HashAlgorithm,
        digest: &[u8],
        pin: Option<&Pin>,
    ) -> Result<Vec<u8>, Error> {
        match self.run(CardRequest::sign(key, algorithm, digest, pin.cloned()))? {
            CardOutcome::Signature(signature) => Ok(signature),
            _ => Err(mismatch()),
        }
    }

    /// Logs in: verifies the authentication PIN (unless verified already in this
    /// session), reads the user authentication certificate and signs the SHA-256
    /// `digest` of a relying party's challenge with the authentication key (see
    /// [`CardRequest::authenticate`]). Returns the certificate's DER and the
    /// signature.
    pub fn authenticate(
        &mut self,
        digest: &[u8],
        pin: Option<&Pin>,
    ) -> Result<(Vec<u8>, Vec<u8>), Error> {
        match self.run(CardRequest::authenticate(digest, pin.cloned()))? {
            CardOutcome::Authenticated {
                certificate,
                signature,
            } => Ok((certificate, signature)),
            _ => Err(mismatch()),
        }
    }

    /// Reads the text application's 4 basic info with the attributes PIN (unless
    /// verified already in this session).
    pub fn read_attributes(&mut self, pin: Option<&Pin>) -> Result<CardAttributes, Error> {
        match self.run(CardRequest::read_attributes(pin.cloned()))? {
            CardOutcome::Attributes(attributes) => Ok(attributes),
            _ => Err(mismatch()),
        }
    }
}
