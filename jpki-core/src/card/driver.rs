//! The blocking driver: runs [`Operation`]s over a [`Transport`].

use super::ops::{
    CardInfo, ChangePin, HashAlgorithm, Open, Operation, PinStatus, QueryPin, ReadAttributes,
    ReadCertificate, Session, Sign, Step, Verify,
};
use super::{CardAttributes, CertificateSlot, KeySlot, PinKind, Secret, Transport};
use crate::error::Error;

/// A JPKI card behind a blocking transport.
///
/// Each call runs one operation inside the transport's exclusive section (a PC/SC
/// transaction). Any error — a refusal, a truncated answer, a failing transport —
/// makes the driver forget what it knew about the card's selection and
/// verification, so the next operation selects afresh.
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
    session: Session,
}

impl<T: Transport> JpkiCard<T> {
    /// Wraps a transport; nothing is sent yet.
    pub fn new(transport: T) -> Self {
        Self {
            transport,
            session: Session::new(),
        }
    }

    /// What the driver believes is selected and verified.
    pub fn session(&self) -> &Session {
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
        self.session.invalidate();
    }

    /// Runs any operation to completion.
    pub fn run<O: Operation>(&mut self, mut operation: O) -> Result<O::Output, Error> {
        let session = &mut self.session;
        let mut output = None;
        let result = self.transport.exclusive(&mut |transport| {
            let mut response: Option<Vec<u8>> = None;
            loop {
                match operation.step(session, response.as_deref())? {
                    Step::Send(command) => {
                        response = Some(transport.transmit(&command).map_err(Error::Transport)?);
                    }
                    Step::Done(value) => {
                        output = Some(value);
                        return Ok(());
                    }
                }
            }
        });
        match (result, output) {
            (Ok(()), Some(value)) => Ok(value),
            (Err(e), _) => {
                self.session.invalidate();
                Err(e)
            }
            (Ok(()), None) => {
                self.session.invalidate();
                Err(Error::MalformedResponse {
                    reason: "the transport ended the operation early",
                })
            }
        }
    }

    /// Selects the JPKI application and reads the token kind and certificate flags.
    pub fn open(&mut self) -> Result<CardInfo, Error> {
        self.run(Open::new())
    }

    /// Reads a certificate (DER). The signing certificate needs the signing
    /// password (unless verified already in this session).
    pub fn read_certificate(
        &mut self,
        slot: CertificateSlot,
        secret: Option<&Secret>,
        allow_last_try: bool,
    ) -> Result<Vec<u8>, Error> {
        self.run(ReadCertificate::new(slot, secret, allow_last_try))
    }

    /// A secret's state, without spending a try.
    pub fn pin_status(&mut self, pin: PinKind) -> Result<PinStatus, Error> {
        self.run(QueryPin::new(pin))
    }

    /// Verifies a secret. A wrong secret is [`Error::WrongPin`] and is never retried;
    /// the last try is refused ([`Error::LastTryRefused`]) unless `allow_last_try`.
    pub fn verify(&mut self, secret: &Secret, allow_last_try: bool) -> Result<(), Error> {
        self.run(Verify::new(secret, allow_last_try))
    }

    /// Changes a secret.
    pub fn change_pin(
        &mut self,
        old: &Secret,
        new: &Secret,
        allow_last_try: bool,
    ) -> Result<(), Error> {
        self.run(ChangePin::new(old, new, allow_last_try))
    }

    /// Signs `digest` with a card key; returns the PKCS#1 v1.5 signature.
    pub fn sign(
        &mut self,
        key: KeySlot,
        algorithm: HashAlgorithm,
        digest: &[u8],
        secret: Option<&Secret>,
        allow_last_try: bool,
    ) -> Result<Vec<u8>, Error> {
        self.run(Sign::new(key, algorithm, digest, secret, allow_last_try)?)
    }

    /// Reads the text application's 4 basic info with the attributes PIN.
    pub fn read_attributes(
        &mut self,
        secret: Option<&Secret>,
        allow_last_try: bool,
    ) -> Result<CardAttributes, Error> {
        self.run(ReadAttributes::new(secret, allow_last_try))
    }
}
