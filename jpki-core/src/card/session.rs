//! The type-erased sans-IO card session: one state machine for every card
//! operation, driven by any host.

use core::fmt;

use zeroize::Zeroizing;

use super::ops::{CardInfo, CardState, Finish, Machine, Outputs, PinStatus, Step, plan};
use super::{CardAttributes, CertificateSlot, KeySlot, Pin, PinKind, Secret};
use crate::crypto::HashAlgorithm;
use crate::error::Error;

/// One card operation to run in a [`CardSession`].
///
/// Built with one of the constructors; nothing is checked until
/// [`CardSession::start`], which validates it (secret kinds, digest length)
/// before anything is sent.
#[derive(Clone, Debug)]
pub struct CardRequest(pub(super) Request);

/// The operations (private so that fields can grow).
#[derive(Clone, Debug)]
pub(super) enum Request {
    Open,
    ReadCertificate {
        slot: CertificateSlot,
        pin: Option<Pin>,
    },
    PinStatus(PinKind),
    Verify(Pin),
    ChangePin {
        old: Pin,
        new: Secret,
    },
    Sign {
        key: KeySlot,
        algorithm: HashAlgorithm,
        digest: Vec<u8>,
        pin: Option<Pin>,
    },
    ReadAttributes {
        pin: Option<Pin>,
    },
    Authenticate {
        digest: Vec<u8>,
        pin: Option<Pin>,
    },
}

impl CardRequest {
    /// Select the JPKI application and read the token label and the
    /// certificate-presence flags → [`CardOutcome::Opened`].
    pub fn open() -> Self {
        Self(Request::Open)
    }

    /// Read the certificate in `slot` (DER) → [`CardOutcome::Certificate`]. The
    /// signing certificate needs the signing password in `pin`, unless it is
    /// verified in the session already.
    pub fn read_certificate(slot: CertificateSlot, pin: Option<Pin>) -> Self {
        Self(Request::ReadCertificate { slot, pin })
    }

    /// Read a secret's retry counter without spending a try →
    /// [`CardOutcome::PinStatus`].
    pub fn pin_status(pin: PinKind) -> Self {
        Self(Request::PinStatus(pin))
    }

    /// Verify a secret (never retried) → [`CardOutcome::Verified`]. A wrong secret
    /// is [`Error::WrongPin`]; the last try is refused ([`Error::LastTryRefused`])
    /// unless the [`Pin`] allows it.
    pub fn verify(pin: Pin) -> Self {
        Self(Request::Verify(pin))
    }

    /// Change a secret: VERIFY `old`, then CHANGE REFERENCE DATA to `new` (of the
    /// same kind) → [`CardOutcome::PinChanged`].
    pub fn change_pin(old: Pin, new: Secret) -> Self {
        Self(Request::ChangePin { old, new })
    }

    /// Sign `digest` (of `algorithm`) with a card key, PKCS#1 v1.5 inside the
    /// card → [`CardOutcome::Signature`]. `pin` unlocks the key unless it is
    /// verified in the session already.
    pub fn sign(
        key: KeySlot,
        algorithm: HashAlgorithm,
        digest: impl Into<Vec<u8>>,
        pin: Option<Pin>,
    ) -> Self {
        Self(Request::Sign {
            key,
            algorithm,
            digest: digest.into(),
            pin,
        })
    }

    /// Read the text application's 4 basic info (never the My Number) with the
    /// attributes PIN → [`CardOutcome::Attributes`].
    pub fn read_attributes(pin: Option<Pin>) -> Self {
        Self(Request::ReadAttributes { pin })
    }

    /// Log in: read the user authentication certificate and sign the SHA-256
    /// `digest` of a relying party's challenge with the authentication key, in one
    /// operation → [`CardOutcome::Authenticated`]. The authentication PIN in `pin`
    /// is verified first (unless verified in the session already), because the
    /// JPKI of Android and iPhone tokens shows the certificate only after it.
    /// The digest is a relying party's (see
    /// [`LoginChallenge`](crate::login::LoginChallenge)); the card signs its
    /// SHA-256 DigestInfo, never bytes from elsewhere.
    pub fn authenticate(digest: impl Into<Vec<u8>>, pin: Option<Pin>) -> Self {
        Self(Request::Authenticate {
            digest: digest.into(),
            pin,
        })
    }
}

/// What a finished operation produced, one variant per [`CardRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardOutcome {
    /// [`CardRequest::open`]: the token kind, label and certificate flags.
    Opened(CardInfo),
    /// [`CardRequest::read_certificate`]: the certificate's DER.
    Certificate(Vec<u8>),
    /// [`CardRequest::pin_status`]: the secret's state.
    PinStatus(PinStatus),
    /// [`CardRequest::verify`]: the secret is verified.
    Verified,
    /// [`CardRequest::change_pin`]: the secret is changed.
    PinChanged,
    /// [`CardRequest::sign`]: the PKCS#1 v1.5 signature.
    Signature(Vec<u8>),
    /// [`CardRequest::read_attributes`]: the 4 basic info.
    Attributes(CardAttributes),
    /// [`CardRequest::authenticate`]: the user authentication certificate and the
    /// PKCS#1 v1.5 signature over the challenge's SHA-256 DigestInfo.
    Authenticated {
        /// The user authentication certificate's DER, as read from the card.
        certificate: Vec<u8>,
        /// The signature made with the authentication key.
        signature: Vec<u8>,
    },
}

/// Where the session is in the operation.
enum Phase {
    /// No operation, or its outcome was taken.
    Idle,
    /// `command` was handed out; the card's answer is awaited.
    Awaiting {
        machine: Machine,
        finish: Finish,
        command: Zeroizing<Vec<u8>>,
    },
    /// The operation finished; [`CardSession::finish`] hands out the outcome.
    Done(CardOutcome),
}

/// The JPKI card protocol as a sans-IO state machine that any host drives: a
/// blocking Rust loop ([`JpkiCard`](super::JpkiCard) is one), a C callback, a
/// Python object, an async JavaScript function over WebUSB or NFC.
///
/// [`start`](Self::start) an operation, send each command that
/// [`next_command`](Self::next_command) gives to the card and [`feed`](Self::feed)
/// back its answer (data and SW1 SW2), until there is no next command; then
/// [`finish`](Self::finish) gives the [`CardOutcome`]. Bracket the loop with the
/// transport's exclusive access (a PC/SC transaction) if other applications share
/// the card. If the transport fails, call [`transport_failed`](Self::transport_failed).
///
/// Between operations the session remembers which application and file are
/// selected and which secrets are verified, so nothing is selected or verified
/// twice; any error (from `start`, `feed` or `finish`, or a transport failure)
/// makes it forget all of that, so the next operation selects and verifies
/// afresh. Secrets are validated in `start`, before anything is sent; VERIFY is
/// never retried; before a VERIFY the retry counter is read without spending a
/// try and the last try is refused unless the [`Pin`] allows it; a `6Cxx` answer
/// never makes a command carrying a secret be sent again.
///
/// ```
/// # #[cfg(feature = "sim")] {
/// use jpki::card::{CardKind, CardOutcome, CardRequest, CardSession, Transport};
/// use jpki::sim::VirtualCard;
///
/// let mut card = VirtualCard::new(CardKind::MyNumberCard);
/// let mut session = CardSession::new();
/// session.start(CardRequest::open())?;
/// while let Some(command) = session.next_command() {
///     let response = card.transmit(command)?; // any transport, sync or async
///     session.feed(&response)?;
/// }
/// match session.finish()? {
///     CardOutcome::Opened(info) => assert_eq!(info.kind, CardKind::MyNumberCard),
///     other => panic!("{other:?}"),
/// }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CardSession {
    state: CardState,
    phase: Phase,
}

impl fmt::Debug for CardSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The command in flight may carry a secret: only its presence is shown.
        let phase = match &self.phase {
            Phase::Idle => "idle",
            Phase::Awaiting { .. } => "awaiting a response",
            Phase::Done(_) => "done",
        };
        f.debug_struct("CardSession")
            .field("state", &self.state)
            .field("phase", &phase)
            .finish()
    }
}

impl Default for CardSession {
    fn default() -> Self {
        Self::new()
    }
}

impl CardSession {
    /// A session that knows nothing about the card (freshly connected or reset).
    pub fn new() -> Self {
        Self {
            state: CardState::default(),
            phase: Phase::Idle,
        }
    }

    /// Starts `request`: validates it and plans its commands from what the
    /// session knows. An unfinished operation is abandoned (and, since the card's
    /// state is then unknown, everything known is forgotten); an unclaimed outcome
    /// is dropped. On error nothing is to be sent and everything is forgotten.
    pub fn start(&mut self, request: CardRequest) -> Result<(), Error> {
        if matches!(self.phase, Phase::Awaiting { .. }) {
            self.state.invalidate();
        }
        self.phase = Phase::Idle;
        let started = plan(&self.state, request.0).and_then(|(actions, finish)| {
            let mut machine = Machine::new(actions);
            let step = machine.step(&mut self.state, None)?;
            Ok((machine, finish, step))
        });
        match started {
            Ok((machine, finish, step)) => self.advance(machine, finish, step),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// The command APDU to send to the card next, or `None` when the operation has
    /// finished (or none was started). It stays the same until [`Self::feed`].
    pub fn next_command(&self) -> Option<&[u8]> {
        match &self.phase {
            Phase::Awaiting { command, .. } => Some(command),
            Phase::Idle | Phase::Done(_) => None,
        }
    }

    /// Feeds the card's answer (data and SW1 SW2) to the command from
    /// [`Self::next_command`]. An error ends the operation (and everything known
    /// is forgotten); the command is never sent again by the session.
    pub fn feed(&mut self, response: &[u8]) -> Result<(), Error> {
        let Phase::Awaiting {
            mut machine,
            finish,
            command,
        } = core::mem::replace(&mut self.phase, Phase::Idle)
        else {
            return Err(self.fail(Error::MalformedResponse {
                reason: "a response arrived with no command in flight",
            }));
        };
        drop(command);
        match machine.step(&mut self.state, Some(response)) {
            Ok(step) => self.advance(machine, finish, step),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// The transport failed (or the card was reset, removed, or handed to someone
    /// else): the operation is abandoned and everything known is forgotten.
    pub fn transport_failed(&mut self) {
        self.phase = Phase::Idle;
        self.state.invalidate();
    }

    /// The outcome of the finished operation. Called before the operation has
    /// finished, it abandons it (forgetting everything known) and fails.
    pub fn finish(&mut self) -> Result<CardOutcome, Error> {
        match core::mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Done(outcome) => Ok(outcome),
            Phase::Awaiting { .. } => Err(self.fail(Error::MalformedResponse {
                reason: "the operation ended before the card answered every command",
            })),
            Phase::Idle => Err(Error::CardSessionMisuse {
                reason: "no card operation was started",
            }),
        }
    }

    /// Whether `pin` is verified, as far as the session knows.
    pub fn is_verified(&self, pin: PinKind) -> bool {
        self.state.verified.contains(&pin)
    }

    /// Whether the session knows nothing (nothing selected or verified).
    pub fn is_blank(&self) -> bool {
        self.state == CardState::default()
    }

    fn advance(
        &mut self,
        machine: Machine,
        finish: Finish,
        step: Step<Outputs>,
    ) -> Result<(), Error> {
        match step {
            Step::Send(bytes) => {
                self.phase = Phase::Awaiting {
                    machine,
                    finish,
                    command: Zeroizing::new(bytes),
                };
                Ok(())
            }
            Step::Done(outputs) => match finish.outcome(outputs) {
                Ok(outcome) => {
                    self.phase = Phase::Done(outcome);
                    Ok(())
                }
                Err(e) => Err(self.fail(e)),
            },
        }
    }

    /// Ends the operation after `error`, forgetting everything known.
    fn fail(&mut self, error: Error) -> Error {
        self.transport_failed();
        error
    }
}

/// The error for an outcome of another operation than the one asked for (cannot
/// happen through [`JpkiCard`](super::JpkiCard)).
pub(super) fn mismatch() -> Error {
    Error::CardSessionMisuse {
        reason: "the session finished another operation than the one asked for",
    }
}
