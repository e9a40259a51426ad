//! The card protocol behind [`CardSession`](super::CardSession).
//!
//! A request is planned (from what the session knows) into a queue of actions,
//! each a few APDUs; the [`Machine`] turns the next action into the next command
//! APDU and consumes the card's answer. Status words `61xx` (fetch with GET
//! RESPONSE) and `6Cxx` (resend with the right `Le`, once, never for a command
//! carrying a secret) are handled here, once, for every operation.
//!
//! An application or file already selected is not selected again, and a secret
//! verified earlier in the same application is not verified again. Before a
//! VERIFY, the retry counter is read without spending a try (`00 20 00 80`, no
//! data, no `Le`) and the last remaining try is refused unless the caller allows
//! it; when the last try is allowed that query is skipped, so e.g. signing right
//! after `open` is exactly SELECT PIN EF, VERIFY, SELECT key EF, COMPUTE DIGITAL
//! SIGNATURE.

use std::collections::VecDeque;

use super::attributes::{CardAttributes, attributes_total_len};
use super::session::{CardOutcome, Request};
use super::{Application, CardKind, CertificateSlot, KeySlot, Pin, PinKind, Secret, fid};
use crate::apdu::{Command, Response, Status};
use crate::crypto::HashAlgorithm;
use crate::error::Error;

/// What the machine wants next.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step<T> {
    /// Send these command APDU bytes and step again with the answer.
    Send(Vec<u8>),
    /// The operation finished.
    Done(T),
}

/// What the session knows about the card between operations: which application
/// and file are selected and which secrets are verified. Forgotten after any
/// error, so no half-selected state is trusted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct CardState {
    pub(super) application: Option<Application>,
    pub(super) ef: Option<u16>,
    pub(super) verified: Vec<PinKind>,
}

impl CardState {
    /// Forgets selection and verification (after an error or a card reset).
    pub(super) fn invalidate(&mut self) {
        *self = Self::default();
    }
}

/// What `open` found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CardInfo {
    /// The token kind, from its label.
    pub kind: CardKind,
    /// The raw token label (EF 0006, trailing spaces removed).
    pub label: String,
    /// The certificate-presence flags (EF 0008) as read.
    pub flags: Vec<u8>,
}

impl CardInfo {
    /// Whether the signing certificate is present (flag byte 0 is `8F`; a card of
    /// someone under 15 has none). From one public source: likely, not confirmed.
    pub fn has_signing_certificate(&self) -> bool {
        self.flags.first() == Some(&0x8F)
    }

    /// Whether the authentication certificate is present (flag byte 1 is `8F`).
    pub fn has_authentication_certificate(&self) -> bool {
        self.flags.get(1) == Some(&0x8F)
    }
}

/// The state of a secret, read without spending a try.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PinState {
    /// Not verified; this many tries remain.
    Remaining(u8),
    /// Already verified in the card's current security state.
    Verified,
    /// Blocked (63C0, 6983 or 6984).
    Blocked,
}

/// A secret's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PinStatus {
    /// Which secret.
    pub pin: PinKind,
    /// Its state.
    pub state: PinState,
}

/// The DER DigestInfo for `digest` (RFC 8017 §9.2), checking its length.
pub fn digest_info(algorithm: HashAlgorithm, digest: &[u8]) -> Result<Vec<u8>, Error> {
    if digest.len() != algorithm.output_len() {
        return Err(Error::InvalidDigest {
            algorithm: algorithm.name(),
            expected: algorithm.output_len(),
            found: digest.len(),
        });
    }
    let mut out = algorithm.digest_info_prefix().to_vec();
    out.extend_from_slice(digest);
    Ok(out)
}

// ---------------------------------------------------------------------------
// The machine every operation runs on: a plan of actions, each a few APDUs.

/// How a file is read to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FileFormat {
    /// One DER TLV (a certificate): its length says where the file ends.
    Der,
    /// The text AP's `FF20` template.
    Attributes,
    /// The first `n` bytes (fewer if the file is shorter).
    Fixed(u16),
}

#[derive(Debug)]
pub(super) enum Action {
    SelectApp(Application),
    SelectEf(u16),
    /// Read the retry counter without spending a try. `before_verify`: refuse the
    /// last try and skip the VERIFY that follows when already verified.
    QueryPin {
        pin: PinKind,
        before_verify: bool,
    },
    Verify(Secret),
    Change(Secret),
    Read {
        fid: u16,
        format: FileFormat,
    },
    Sign {
        key: KeySlot,
        digest_info: Vec<u8>,
    },
}

/// What the actions produced.
#[derive(Debug, Default)]
pub(super) struct Outputs {
    files: Vec<Vec<u8>>,
    pin_status: Option<PinStatus>,
    signature: Option<Vec<u8>>,
}

/// Largest file read (a JPKI certificate is under 2 KiB; the offset field of
/// READ BINARY reaches 32 KiB).
const MAX_FILE: usize = 0x7FFF;
/// Bytes asked per READ BINARY.
const READ_CHUNK: usize = 0xFF;
/// GET RESPONSE rounds accepted for one command.
const MAX_GET_RESPONSE: u8 = 16;
/// Commands one operation may send (a malicious transport cannot keep it looping).
const MAX_COMMANDS: u16 = 512;

#[derive(Debug)]
pub(super) struct Machine {
    actions: VecDeque<Action>,
    /// The command sent last, kept for `6Cxx` and named in errors.
    sent: Option<(Command, &'static str)>,
    /// Data gathered through GET RESPONSE for the command in flight.
    chained: Vec<u8>,
    get_responses: u8,
    resent: bool,
    /// The card named the right `Le` (6Cxx) for the command in flight.
    le_corrected: bool,
    /// Progress of the current `Read`.
    reading: Vec<u8>,
    commands: u16,
    out: Outputs,
}

/// Selections needed to reach `app` / `ef`, given what the session has selected.
struct Planner {
    app: Option<Application>,
    ef: Option<u16>,
    verified: Vec<PinKind>,
    actions: VecDeque<Action>,
}

impl Planner {
    fn new(state: &CardState) -> Self {
        Self {
            app: state.application,
            ef: state.ef,
            verified: state.verified.clone(),
            actions: VecDeque::new(),
        }
    }

    fn app(&mut self, app: Application) {
        if self.app != Some(app) {
            self.actions.push_back(Action::SelectApp(app));
            self.app = Some(app);
            self.ef = None;
            self.verified.clear();
        }
    }

    fn ef(&mut self, fid: u16) {
        if self.ef != Some(fid) {
            self.actions.push_back(Action::SelectEf(fid));
            self.ef = Some(fid);
        }
    }

    /// Makes sure `pin` is verified: nothing if it already is, else [`Self::verify`].
    fn unlock(&mut self, kind: PinKind, pin: Option<&Pin>) -> Result<(), Error> {
        self.app(kind.application());
        if self.verified.contains(&kind) {
            return Ok(());
        }
        let pin = pin.ok_or(Error::SecurityStatusNotSatisfied { pin: kind })?;
        if pin.secret().kind() != kind {
            return Err(Error::InvalidSecret {
                pin: kind,
                reason: "a secret of another kind was given",
            });
        }
        self.verify(pin.secret().clone(), pin.allows_last_try());
        Ok(())
    }

    /// Selects the secret's EF, reads its counter (unless the last try is allowed
    /// anyway, when the count changes nothing) and sends VERIFY.
    fn verify(&mut self, secret: Secret, allow_last_try: bool) {
        let pin = secret.kind();
        self.app(pin.application());
        self.ef(pin.fid());
        if !allow_last_try {
            self.actions.push_back(Action::QueryPin {
                pin,
                before_verify: true,
            });
        }
        self.actions.push_back(Action::Verify(secret));
        self.verified.push(pin);
    }
}

impl Machine {
    pub(super) fn new(actions: VecDeque<Action>) -> Self {
        Self {
            actions,
            sent: None,
            chained: Vec::new(),
            get_responses: 0,
            resent: false,
            le_corrected: false,
            reading: Vec::new(),
            commands: 0,
            out: Outputs::default(),
        }
    }

    fn send(&mut self, command: Command, name: &'static str) -> Result<Step<Outputs>, Error> {
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            return Err(Error::MalformedResponse {
                reason: "the card keeps the operation going beyond any JPKI exchange",
            });
        }
        log::debug!(target: "jpki::card", "send {name}: {command:?}");
        let bytes = command.to_bytes()?;
        self.sent = Some((command, name));
        Ok(Step::Send(bytes))
    }

    /// Runs the machine one step: `response` is `None` on the first call, then
    /// the raw answer to the last [`Step::Send`].
    pub(super) fn step(
        &mut self,
        session: &mut CardState,
        response: Option<&[u8]>,
    ) -> Result<Step<Outputs>, Error> {
        if let Some(raw) = response {
            let Some((command, name)) = self.sent.take() else {
                return Err(Error::MalformedResponse {
                    reason: "a response arrived with no command in flight",
                });
            };
            let response = Response::parse(raw)?;
            log::debug!(target: "jpki::card", "recv {name}: {response:?}");
            match response.status() {
                Status::MoreData(n) => {
                    self.get_responses += 1;
                    if self.get_responses > MAX_GET_RESPONSE {
                        return Err(Error::MalformedResponse {
                            reason: "too many GET RESPONSE rounds",
                        });
                    }
                    self.chained.extend_from_slice(&response.data);
                    // Keep the original command for naming; GET RESPONSE fetches the rest.
                    let get = Command::new(0x00, 0xC0, 0x00, 0x00).with_le(n);
                    self.commands += 1;
                    log::debug!(target: "jpki::card", "send GET RESPONSE: {get:?}");
                    let bytes = get.to_bytes()?;
                    self.resent = true;
                    self.sent = Some((command, name));
                    return Ok(Step::Send(bytes));
                }
                Status::WrongLe(n) if command.le.is_some() && !self.resent => {
                    // Only commands that expect data have an Le to correct; secrets
                    // travel in commands without Le, so this never repeats a VERIFY.
                    self.resent = true;
                    self.le_corrected = true;
                    let again = Command {
                        le: Some(n),
                        ..command
                    };
                    return self.send(again, name);
                }
                _ => {}
            }
            let mut data = core::mem::take(&mut self.chained);
            data.extend_from_slice(&response.data);
            self.get_responses = 0;
            self.resent = false;
            let short = core::mem::take(&mut self.le_corrected)
                || command.le.is_some_and(|le| data.len() < usize::from(le));
            let done = self.complete(session, name, short, Response::new(data, response.sw))?;
            if done {
                self.actions.pop_front();
            }
        }
        loop {
            let Some(action) = self.actions.front() else {
                return Ok(Step::Done(core::mem::take(&mut self.out)));
            };
            if let Some((command, name)) = self.command_for(action)? {
                return self.send(command, name);
            }
            // An action that needs no command (a skipped VERIFY).
            self.actions.pop_front();
        }
    }

    /// The next command of the current action (`None`: the action is a no-op).
    fn command_for(&self, action: &Action) -> Result<Option<(Command, &'static str)>, Error> {
        Ok(Some(match action {
            Action::SelectApp(app) => (
                Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(app.aid().to_vec()),
                match app {
                    Application::Jpki => "SELECT JPKI AP",
                    Application::Text => "SELECT text AP",
                },
            ),
            Action::SelectEf(fid) => (
                Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(fid.to_be_bytes().to_vec()),
                "SELECT EF",
            ),
            Action::QueryPin { .. } => (Command::new(0x00, 0x20, 0x00, 0x80), "VERIFY (status)"),
            Action::Verify(secret) => (
                Command::new(0x00, 0x20, 0x00, 0x80).with_data(secret.bytes().to_vec()),
                "VERIFY",
            ),
            Action::Change(secret) => (
                Command::new(0x00, 0x24, 0x01, 0x80).with_data(secret.bytes().to_vec()),
                "CHANGE REFERENCE DATA",
            ),
            Action::Read { format, .. } => {
                let offset = self.reading.len();
                let want = match format {
                    FileFormat::Fixed(n) => usize::from(*n).saturating_sub(offset).min(READ_CHUNK),
                    FileFormat::Der | FileFormat::Attributes => READ_CHUNK,
                };
                let want = match self.expected_len(*format)? {
                    Some(total) => want.min(total.saturating_sub(offset)),
                    None => want,
                };
                let [hi, lo] = u16::try_from(offset).unwrap_or(u16::MAX).to_be_bytes();
                (
                    Command::new(0x00, 0xB0, hi, lo)
                        .with_le(u16::try_from(want.max(1)).unwrap_or(1)),
                    "READ BINARY",
                )
            }
            Action::Sign { digest_info, .. } => (
                Command::new(0x80, 0x2A, 0x00, 0x80)
                    .with_data(digest_info.clone())
                    .with_le(256),
                "COMPUTE DIGITAL SIGNATURE",
            ),
        }))
    }

    /// The total length of the file being read, once its header is in.
    fn expected_len(&self, format: FileFormat) -> Result<Option<usize>, Error> {
        let total = match format {
            FileFormat::Fixed(n) => Some(usize::from(n)),
            FileFormat::Attributes => attributes_total_len(&self.reading)?,
            FileFormat::Der => der_total_len(&self.reading)?,
        };
        match total {
            Some(t) if t > MAX_FILE => Err(Error::MalformedResponse {
                reason: "file longer than any JPKI file",
            }),
            other => Ok(other),
        }
    }

    /// Consumes the final response of the current action's command. Returns
    /// whether the action is complete.
    fn complete(
        &mut self,
        session: &mut CardState,
        name: &'static str,
        short: bool,
        r: Response,
    ) -> Result<bool, Error> {
        let unexpected = |r: &Response| Error::UnexpectedStatus {
            command: name,
            sw: r.sw,
        };
        let Some(action) = self.actions.front() else {
            return Err(unexpected(&r));
        };
        match action {
            Action::SelectApp(app) => match r.status() {
                Status::Ok => {
                    session.application = Some(*app);
                    session.ef = None;
                    session.verified.clear();
                }
                Status::FileNotFound => {
                    return Err(Error::ApplicationNotFound {
                        application: match app {
                            Application::Jpki => "JPKI application",
                            Application::Text => "text application (券面事項入力補助AP)",
                        },
                    });
                }
                _ => return Err(unexpected(&r)),
            },
            Action::SelectEf(fid) => match r.status() {
                Status::Ok => session.ef = Some(*fid),
                Status::FileNotFound => return Err(Error::FileNotFound { fid: *fid }),
                _ => return Err(unexpected(&r)),
            },
            Action::QueryPin { pin, before_verify } => {
                let (pin, before_verify) = (*pin, *before_verify);
                let state = match r.status() {
                    Status::Ok => PinState::Verified,
                    Status::RetriesLeft(0) | Status::Blocked | Status::ReferenceDataUnusable => {
                        PinState::Blocked
                    }
                    Status::RetriesLeft(n) => PinState::Remaining(n),
                    _ => return Err(unexpected(&r)),
                };
                if before_verify {
                    match state {
                        PinState::Blocked => return Err(Error::PinBlocked { pin }),
                        PinState::Remaining(1) => return Err(Error::LastTryRefused { pin }),
                        PinState::Verified => {
                            // Already verified: the VERIFY that follows is dropped.
                            self.actions.pop_front();
                            if matches!(self.actions.front(), Some(Action::Verify(_))) {
                                self.actions.pop_front();
                            }
                            mark_verified(session, pin);
                            return Ok(false);
                        }
                        PinState::Remaining(_) => {}
                    }
                } else {
                    if state == PinState::Verified {
                        mark_verified(session, pin);
                    }
                    self.out.pin_status = Some(PinStatus { pin, state });
                }
            }
            Action::Verify(secret) => {
                let pin = secret.kind();
                match r.status() {
                    Status::Ok => mark_verified(session, pin),
                    Status::RetriesLeft(0) | Status::Blocked | Status::ReferenceDataUnusable => {
                        return Err(Error::PinBlocked { pin });
                    }
                    Status::RetriesLeft(remaining) => {
                        return Err(Error::WrongPin { pin, remaining });
                    }
                    _ => return Err(unexpected(&r)),
                }
            }
            Action::Change(secret) => match r.status() {
                Status::Ok => {}
                Status::SecurityNotSatisfied => {
                    return Err(Error::SecurityStatusNotSatisfied { pin: secret.kind() });
                }
                _ => return Err(unexpected(&r)),
            },
            Action::Read { fid, format } => {
                let (fid, format) = (*fid, *format);
                match r.status() {
                    Status::Ok | Status::EndOfFile => {}
                    Status::WrongOffset if !self.reading.is_empty() => {}
                    Status::SecurityNotSatisfied => {
                        return Err(Error::SecurityStatusNotSatisfied {
                            pin: guard_of(session, fid),
                        });
                    }
                    _ => return Err(unexpected(&r)),
                }
                // A shorter answer than asked (or one the card corrected with 6Cxx)
                // ends a fixed-size read; DER files go on to their declared length.
                let end_of_file = r.status() != Status::Ok
                    || r.data.is_empty()
                    || (short && matches!(format, FileFormat::Fixed(_)));
                if r.data.len() > READ_CHUNK + 1 {
                    return Err(Error::MalformedResponse {
                        reason: "READ BINARY returned more than asked",
                    });
                }
                self.reading.extend_from_slice(&r.data);
                let total = self.expected_len(format)?;
                let complete = match (total, format) {
                    (Some(t), _) if self.reading.len() >= t => {
                        self.reading.truncate(t);
                        true
                    }
                    (_, FileFormat::Fixed(_)) if end_of_file => true,
                    _ if end_of_file => {
                        return Err(Error::MalformedResponse {
                            reason: "the file ends before its declared length",
                        });
                    }
                    _ => false,
                };
                if complete {
                    self.out.files.push(core::mem::take(&mut self.reading));
                }
                return Ok(complete);
            }
            Action::Sign { key, .. } => match r.status() {
                Status::Ok if !r.data.is_empty() => self.out.signature = Some(r.data),
                Status::Ok => {
                    return Err(Error::MalformedResponse {
                        reason: "empty signature",
                    });
                }
                Status::SecurityNotSatisfied => {
                    return Err(Error::SecurityStatusNotSatisfied { pin: key.pin() });
                }
                _ => return Err(unexpected(&r)),
            },
        }
        Ok(true)
    }
}

fn mark_verified(session: &mut CardState, pin: PinKind) {
    if !session.verified.contains(&pin) {
        session.verified.push(pin);
    }
}

/// The secret that guards a readable file (for error messages).
fn guard_of(session: &CardState, fid: u16) -> PinKind {
    match (session.application, fid) {
        (Some(Application::Text), _) => PinKind::AttributesPin,
        _ => PinKind::SigningPassword,
    }
}

/// The total length of a DER TLV once enough of its header is in.
fn der_total_len(head: &[u8]) -> Result<Option<usize>, Error> {
    let bad = |reason| Err(Error::MalformedResponse { reason });
    match head {
        [] | [_] => Ok(None),
        [t, ..] if *t != 0x30 => bad("the file does not hold a DER certificate"),
        [_, n, ..] if *n < 0x80 => Ok(Some(2 + usize::from(*n))),
        [_, 0x81, n, ..] => Ok(Some(3 + usize::from(*n))),
        [_, 0x82, hi, lo, ..] => Ok(Some(4 + usize::from(u16::from_be_bytes([*hi, *lo])))),
        [_, 0x81] | [_, 0x82] | [_, 0x82, _] => Ok(None),
        _ => bad("the file's DER length is not a certificate's"),
    }
}

// ---------------------------------------------------------------------------
// The plans of the card operations.

/// How an operation's outputs become its outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Finish {
    Open,
    Certificate,
    PinStatus,
    Verified,
    PinChanged,
    Signature,
    Attributes,
    Authenticated,
}

impl Finish {
    /// The outcome from what the actions produced.
    pub(super) fn outcome(self, mut out: Outputs) -> Result<CardOutcome, Error> {
        Ok(match self {
            Self::Open => {
                let flags = take_file(&mut out)?;
                let label_bytes = take_file(&mut out)?;
                let label = String::from_utf8_lossy(&label_bytes)
                    .trim_end_matches([' ', '\0'])
                    .to_owned();
                CardOutcome::Opened(CardInfo {
                    kind: CardKind::from_label(&label),
                    label,
                    flags,
                })
            }
            Self::Certificate => CardOutcome::Certificate(take_file(&mut out)?),
            Self::PinStatus => {
                CardOutcome::PinStatus(out.pin_status.ok_or(Error::MalformedResponse {
                    reason: "no PIN state",
                })?)
            }
            Self::Verified => CardOutcome::Verified,
            Self::PinChanged => CardOutcome::PinChanged,
            Self::Signature => {
                CardOutcome::Signature(out.signature.ok_or(Error::MalformedResponse {
                    reason: "no signature",
                })?)
            }
            Self::Attributes => {
                CardOutcome::Attributes(CardAttributes::parse(&take_file(&mut out)?)?)
            }
            Self::Authenticated => CardOutcome::Authenticated {
                certificate: take_file(&mut out)?,
                signature: out.signature.ok_or(Error::MalformedResponse {
                    reason: "no signature",
                })?,
            },
        })
    }
}

fn take_file(out: &mut Outputs) -> Result<Vec<u8>, Error> {
    out.files.pop().ok_or(Error::MalformedResponse {
        reason: "no file was read",
    })
}

/// Plans `request` from what `state` knows: the actions to run and how their
/// outputs become the outcome. Everything is validated here, before anything is
/// sent.
pub(super) fn plan(
    state: &CardState,
    request: Request,
) -> Result<(VecDeque<Action>, Finish), Error> {
    let mut p = Planner::new(state);
    let finish = match request {
        Request::Open => {
            p.app(Application::Jpki);
            for (fid, len) in [(fid::TOKEN_INFO, 32), (fid::CERT_FLAGS, 3)] {
                p.ef(fid);
                p.actions.push_back(Action::Read {
                    fid,
                    format: FileFormat::Fixed(len),
                });
            }
            Finish::Open
        }
        Request::ReadCertificate { slot, pin } => {
            p.app(Application::Jpki);
            if slot == CertificateSlot::Signing {
                p.unlock(PinKind::SigningPassword, pin.as_ref())?;
            }
            p.ef(slot.fid());
            p.actions.push_back(Action::Read {
                fid: slot.fid(),
                format: FileFormat::Der,
            });
            Finish::Certificate
        }
        Request::PinStatus(pin) => {
            p.app(pin.application());
            p.ef(pin.fid());
            p.actions.push_back(Action::QueryPin {
                pin,
                before_verify: false,
            });
            Finish::PinStatus
        }
        Request::Verify(pin) => {
            let allow_last_try = pin.allows_last_try();
            p.verify(pin.into_secret(), allow_last_try);
            Finish::Verified
        }
        Request::ChangePin { old, new } => {
            let kind = old.secret().kind();
            if new.kind() != kind {
                return Err(Error::InvalidSecret {
                    pin: kind,
                    reason: "the new secret is of another kind",
                });
            }
            let allow_last_try = old.allows_last_try();
            p.verify(old.into_secret(), allow_last_try);
            p.actions.push_back(Action::Change(new));
            Finish::PinChanged
        }
        Request::Sign {
            key,
            algorithm,
            digest,
            pin,
        } => {
            let digest_info = digest_info(algorithm, &digest)?;
            p.app(Application::Jpki);
            p.unlock(key.pin(), pin.as_ref())?;
            p.ef(key.fid());
            p.actions.push_back(Action::Sign { key, digest_info });
            Finish::Signature
        }
        Request::ReadAttributes { pin } => {
            p.unlock(PinKind::AttributesPin, pin.as_ref())?;
            p.ef(fid::TEXT_ATTRIBUTES);
            p.actions.push_back(Action::Read {
                fid: fid::TEXT_ATTRIBUTES,
                format: FileFormat::Attributes,
            });
            Finish::Attributes
        }
        Request::Authenticate { digest, pin } => {
            let digest_info = digest_info(HashAlgorithm::Sha256, &digest)?;
            p.app(Application::Jpki);
            // The PIN first: phone tokens show the certificate only after it.
            p.unlock(PinKind::AuthenticationPin, pin.as_ref())?;
            p.ef(fid::AUTH_CERT);
            p.actions.push_back(Action::Read {
                fid: fid::AUTH_CERT,
                format: FileFormat::Der,
            });
            p.ef(KeySlot::Authentication.fid());
            p.actions.push_back(Action::Sign {
                key: KeySlot::Authentication,
                digest_info,
            });
            Finish::Authenticated
        }
    };
    Ok((p.actions, finish))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_infos() {
        let d = digest_info(HashAlgorithm::Sha256, &[0u8; 32]).unwrap();
        assert_eq!(d.len(), 51);
        assert_eq!(&d[..2], &[0x30, 0x31]);
        assert!(matches!(
            digest_info(HashAlgorithm::Sha256, &[0u8; 20]),
            Err(Error::InvalidDigest {
                expected: 32,
                found: 20,
                ..
            })
        ));
        assert_eq!(
            digest_info(HashAlgorithm::Sha1, &[0u8; 20]).unwrap().len(),
            35
        );
        assert_eq!(
            digest_info(HashAlgorithm::Sha384, &[0u8; 48])
                .unwrap()
                .len(),
            67
        );
        assert_eq!(
            digest_info(HashAlgorithm::Sha512, &[0u8; 64])
                .unwrap()
                .len(),
            83
        );
    }

    #[test]
    fn der_lengths() {
        assert_eq!(der_total_len(&[0x30]).unwrap(), None);
        assert_eq!(der_total_len(&[0x30, 0x05]).unwrap(), Some(7));
        assert_eq!(der_total_len(&[0x30, 0x81, 0x90]).unwrap(), Some(0x93));
        assert_eq!(der_total_len(&[0x30, 0x82, 0x05]).unwrap(), None);
        assert_eq!(
            der_total_len(&[0x30, 0x82, 0x05, 0x11]).unwrap(),
            Some(0x515)
        );
        assert!(der_total_len(&[0xFF, 0xFF]).is_err());
        assert!(der_total_len(&[0x30, 0x84, 0, 0, 0, 1]).is_err());
    }
}
