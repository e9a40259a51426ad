//! A virtual JPKI card: the JPKI application and the text application at the
//! APDU level, with the refusals of a real card.
//!
//! Facts (AIDs, files, status words, retry counters): `docs/SOURCES.md`.
//! Where public sources disagree (which status word a blocked secret answers),
//! the card is configurable ([`VirtualCard::set_blocked_status`]).
//!
//! The status words of every refusal are listed on [`VirtualCard`].

use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;

use der::{Decode, Tagged};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::KeyProfile;
use super::files::{read_limited, state_err, write_atomic};
use super::key::SimKey;
use crate::SimulatorError;
use crate::apdu::{Command, Response};
use crate::card::{
    CardAttributes, CardKind, CertificateSlot, JPKI_AID, KeySlot, MY_NUMBER_CARD_ATR, PinKind,
    Secret, TEXT_AID, Transport, TransportError, fid,
};
use crate::error::Error;

/// `9000`.
const SW_OK: u16 = 0x9000;
/// `6282`: end of file before `Le` bytes.
const SW_END_OF_FILE: u16 = 0x6282;
/// `6700`: wrong length.
const SW_WRONG_LENGTH: u16 = 0x6700;
/// `6981`: command incompatible with the file structure (key and secret EFs).
const SW_INCOMPATIBLE_FILE: u16 = 0x6981;
/// `6982`: security status not satisfied.
const SW_SECURITY: u16 = 0x6982;
/// `6984`: reference data not usable (no secret set; the default blocked SW).
const SW_REFERENCE_UNUSABLE: u16 = 0x6984;
/// `6985`: conditions of use not satisfied (GET RESPONSE with nothing pending).
const SW_CONDITIONS: u16 = 0x6985;
/// `6986`: command not allowed (no suitable current EF).
const SW_NOT_ALLOWED: u16 = 0x6986;
/// `6A80`: incorrect data (a new secret that breaks the rules).
const SW_WRONG_DATA: u16 = 0x6A80;
/// `6A82`: file or application not found.
const SW_NOT_FOUND: u16 = 0x6A82;
/// `6A86`: incorrect P1 P2.
const SW_WRONG_P1P2: u16 = 0x6A86;
/// `6B00`: offset outside the file.
const SW_WRONG_OFFSET: u16 = 0x6B00;
/// `6D00`: instruction not supported.
const SW_INS: u16 = 0x6D00;
/// `6E00`: class not supported.
const SW_CLA: u16 = 0x6E00;
/// `6F00`: no precise diagnosis.
const SW_UNKNOWN: u16 = 0x6F00;

/// The status word a blocked secret answers unless [`VirtualCard::set_blocked_status`]
/// says otherwise (soltia48, citing JICSAP).
const DEFAULT_BLOCKED_SW: u16 = SW_REFERENCE_UNUSABLE;

/// Largest file: READ BINARY addresses offsets with 15 bits.
const MAX_FILE: usize = 0x8000;
/// Largest DigestInfo a 2048-bit key can pad with PKCS#1 v1.5 type 1 (256 − 11).
const MAX_DIGEST_INFO: usize = 245;
/// Length of the token information file (a space-padded label).
const TOKEN_INFO_LEN: usize = 32;
/// Version of the saved file layout.
const FORMAT: u32 = 1;

/// The largest card file [`VirtualCard::load`] (and [`CardFile`](super::CardFile))
/// reads: 16 MiB. A saved card is about 8 KiB (two PKCS#8 keys, four
/// certificates of at most 32 KiB each in PEM, the text data).
pub const MAX_CARD_FILE_BYTES: u64 = 16 << 20;

/// The application selected on the virtual card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Application {
    Jpki,
    Text,
}

/// Tries a freshly set secret has.
const fn max_tries(pin: PinKind) -> u8 {
    match pin {
        PinKind::SigningPassword => 5,
        PinKind::AuthenticationPin | PinKind::AttributesPin => 3,
        // PinKind is non-exhaustive for users, and so for the simulator.
        #[allow(unreachable_patterns)]
        _ => 3,
    }
}

/// A secret as the card keeps it: a salted SHA-256, never the secret itself.
#[derive(Clone)]
struct SecretHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl SecretHash {
    fn new(secret: &[u8]) -> Self {
        let salt = random_salt();
        Self {
            digest: salted_digest(&salt, secret),
            salt,
        }
    }

    /// Compares in time independent of where the bytes differ.
    fn matches(&self, candidate: &[u8]) -> bool {
        let digest = salted_digest(&self.salt, candidate);
        digest
            .iter()
            .zip(self.digest.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

fn salted_digest(salt: &[u8; 16], secret: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(secret);
    hasher.finalize().into()
}

fn random_salt() -> [u8; 16] {
    let mut salt = [0u8; 16];
    if getrandom::fill(&mut salt).is_err() {
        // The OS generator does not fail on supported platforms. Should it, std's
        // randomly keyed SipHash still gives a salt no one can predict, which is
        // all a simulator's salt needs.
        let state = RandomState::new();
        for (i, chunk) in salt.chunks_mut(8).enumerate() {
            let mut hasher = state.build_hasher();
            hasher.write_usize(i);
            for (dst, src) in chunk.iter_mut().zip(hasher.finish().to_le_bytes()) {
                *dst = src;
            }
        }
    }
    salt
}

/// One secret EF: its reference data (if set) and retry counter.
#[derive(Clone)]
struct SecretFile {
    hash: Option<SecretHash>,
    tries: u8,
}

impl SecretFile {
    const fn blank(pin: PinKind) -> Self {
        Self {
            hash: None,
            tries: max_tries(pin),
        }
    }
}

/// What an EF of the card is.
enum File<'a> {
    /// A transparent file; reading it needs `guard` verified, if any.
    Data {
        content: Cow<'a, [u8]>,
        guard: Option<PinKind>,
    },
    /// A secret (reference data): not readable.
    Secret(PinKind),
    /// A private key: not readable.
    Key(KeySlot),
}

/// A virtual JPKI card (My Number card, Juki card or phone JPKI) driven by raw
/// command APDUs.
///
/// A blank card ([`VirtualCard::new`]) has the JPKI application and the text
/// application with their token information, flags and secret EFs, but no key,
/// certificate, secret or text data. Personalization follows the municipal
/// window: [`generate_key`](Self::generate_key) creates the key pair inside the
/// card and only the public key leaves it; the authority's certificate is then
/// written with [`write_certificate`](Self::write_certificate), and the resident
/// sets the secrets ([`set_secret`](Self::set_secret)).
///
/// Files of the JPKI application: `0001` signing certificate (needs the signing
/// password), `0002` signing CA certificate, `000A` authentication certificate
/// (free on cards; needs the authentication PIN on [`CardKind::AndroidPhone`] and
/// [`CardKind::IPhone`], as phone JPKI does), `000B` authentication CA certificate,
/// `0006` token information (32 bytes), `0008` certificate flags (3 bytes),
/// `001A`/`001B` signing key/password (5 tries), `0017`/`0018` authentication
/// key/PIN (3 tries). Text application: `0011` PIN (3 tries), `0001` My Number and
/// `0002` 4 basic info (both need that PIN). A certificate, key or text EF that
/// was never written is absent (`6A82`), as the signing files are on the card of
/// someone under 15; so is the signing password EF until a signing key is
/// generated or a signing password set (an under-15 card has neither). The
/// authentication and text PIN EFs always exist; VERIFY answers `6984` on them
/// until their secret is set.
///
/// # Status words
///
/// | condition | SW |
/// |---|---|
/// | bytes that are not a short APDU (fewer than 4 bytes, extended length, `Lc` not matching the data) | `6700` |
/// | CLA other than `00` / `80` | `6E00` |
/// | INS unknown, or known but sent with the other class (`80 A4`, `00 2A`…) | `6D00` |
/// | SELECT with P1 P2 other than `04 0C` (application) or `02 0C` (EF), e.g. select MF | `6A86` |
/// | SELECT without data, or an EF select whose data is not 2 bytes | `6700` |
/// | SELECT of an unknown AID (matched exactly: no partial AIDs), an absent EF, or an EF while no application is selected | `6A82` |
/// | SELECT with `Le` appended | accepted, `Le` ignored (P2 `0C` asks for no data) |
/// | READ BINARY with SFI addressing (P1 bit 8) | `6A86` |
/// | READ BINARY without `Le`, or with data | `6700` |
/// | READ BINARY / VERIFY / CHANGE / SIGN with no suitable current EF | `6986` |
/// | READ BINARY of a key or secret EF | `6981` |
/// | READ BINARY of a guarded EF whose secret is not verified | `6982` |
/// | READ BINARY at an offset at or past the end | `6B00` |
/// | READ BINARY reaching the end before `Le` bytes | the rest, `6282` |
/// | VERIFY with P1 P2 other than `00 80` | `6A86` |
/// | VERIFY with `Le` (cases 2 and 4) | `6700` |
/// | VERIFY while no secret was ever set (an EF that exists: authentication or text PIN, or the signing password after the signing key was generated) | `6984` |
/// | VERIFY of a blocked secret (any form, even the right secret) | blocked SW (`6984` by default) |
/// | VERIFY without data (case 1) | `9000` verified, `63Cx` not verified (no try spent) |
/// | VERIFY, right secret | `9000` (counter back to its maximum) |
/// | VERIFY, wrong secret | `63Cx` with the decremented count (`63C0` on the exhausting try) |
/// | CHANGE REFERENCE DATA with P1 P2 other than `01 80` | `6A86` |
/// | CHANGE REFERENCE DATA without data, or with `Le` | `6700` |
/// | CHANGE REFERENCE DATA while the secret is not verified | `6982` |
/// | CHANGE REFERENCE DATA with a value [`Secret::new`] would reject or alter | `6A80` |
/// | COMPUTE DIGITAL SIGNATURE with P1 P2 other than `00 80` | `6A86` |
/// | COMPUTE DIGITAL SIGNATURE without data | `6700` |
/// | COMPUTE DIGITAL SIGNATURE while the key's secret is not verified | `6982` |
/// | COMPUTE DIGITAL SIGNATURE with more than 245 bytes (no room for PKCS#1 padding) | `6700` |
/// | COMPUTE DIGITAL SIGNATURE with `Le` shorter than the signature | `6C00` (resend with `Le` 00) |
/// | COMPUTE DIGITAL SIGNATURE without `Le` (case 3) | `6100`; the signature waits for GET RESPONSE |
/// | GET RESPONSE with P1 P2 other than `00 00` | `6A86` |
/// | GET RESPONSE with nothing pending | `6985` |
/// | GET RESPONSE without `Le` | `6700` |
/// | an internal failure of the RSA operation | `6F00` |
///
/// For each command the checks run in this order: P1 P2, presence of data and
/// `Le`, the current EF, security status, then the data itself (the secret, the
/// new secret's rules, the DigestInfo's length). A failed SELECT leaves the
/// selection as it was; any SELECT of an application, even the current one,
/// clears the current EF and every verified secret; SELECT of an EF keeps them.
/// Every command other than GET RESPONSE discards a pending response.
///
/// `Debug` shows which objects are present, the counters and the selection, never
/// keys, secrets or text data.
#[derive(Clone)]
pub struct VirtualCard {
    kind: CardKind,
    signing_key: Option<SimKey>,
    authentication_key: Option<SimKey>,
    signing_cert: Option<Vec<u8>>,
    signing_ca_cert: Option<Vec<u8>>,
    authentication_cert: Option<Vec<u8>>,
    authentication_ca_cert: Option<Vec<u8>>,
    my_number: Option<Zeroizing<Vec<u8>>>,
    attributes: Option<Vec<u8>>,
    signing_password: SecretFile,
    authentication_pin: SecretFile,
    attributes_pin: SecretFile,
    blocked_sw: u16,
    // Volatile state, lost on reset.
    application: Option<Application>,
    ef: Option<u16>,
    verified: Vec<PinKind>,
    pending: Vec<u8>,
}

impl fmt::Debug for VirtualCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VirtualCard")
            .field("kind", &self.kind)
            .field("signing_key", &self.signing_key.is_some())
            .field("authentication_key", &self.authentication_key.is_some())
            .field("signing_cert", &self.signing_cert.is_some())
            .field("signing_ca_cert", &self.signing_ca_cert.is_some())
            .field("authentication_cert", &self.authentication_cert.is_some())
            .field(
                "authentication_ca_cert",
                &self.authentication_ca_cert.is_some(),
            )
            .field("my_number", &self.my_number.is_some())
            .field("attributes", &self.attributes.is_some())
            .field("signing_password_tries", &self.signing_password.tries)
            .field("authentication_pin_tries", &self.authentication_pin.tries)
            .field("attributes_pin_tries", &self.attributes_pin.tries)
            .field("blocked_sw", &format_args!("{:04X}", self.blocked_sw))
            .field("application", &self.application)
            .field("ef", &self.ef.map(|ef| format!("{ef:04X}")))
            .field("verified", &self.verified)
            .finish_non_exhaustive()
    }
}

/// Data and status word of one answer.
type Answer = (Vec<u8>, u16);

fn sw(sw: u16) -> Answer {
    (Vec::new(), sw)
}

/// `61xx` / `6Cxx` style count: `00` stands for 256 or more.
fn count_byte(len: usize) -> u16 {
    u16::from(u8::try_from(len).unwrap_or(0))
}

impl VirtualCard {
    /// A blank card of `kind`: both applications exist, the token label of `kind`
    /// is in EF 0006 (32 bytes, space padded; a longer [`CardKind::Unknown`] label
    /// is cut at 32 bytes), and there is no key, certificate, secret or text data.
    /// Blocked secrets answer `6984` until [`set_blocked_status`](Self::set_blocked_status).
    pub fn new(kind: CardKind) -> Self {
        Self {
            kind,
            signing_key: None,
            authentication_key: None,
            signing_cert: None,
            signing_ca_cert: None,
            authentication_cert: None,
            authentication_ca_cert: None,
            my_number: None,
            attributes: None,
            signing_password: SecretFile::blank(PinKind::SigningPassword),
            authentication_pin: SecretFile::blank(PinKind::AuthenticationPin),
            attributes_pin: SecretFile::blank(PinKind::AttributesPin),
            blocked_sw: DEFAULT_BLOCKED_SW,
            application: None,
            ef: None,
            verified: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// The answer to reset: [`MY_NUMBER_CARD_ATR`] for every kind. Phones answer
    /// over NFC with no ATR of their own (PC/SC readers make one up), and readers of
    /// the card are expected to detect JPKI by selecting the AID, not by ATR.
    pub fn atr(&self) -> Vec<u8> {
        MY_NUMBER_CARD_ATR.to_vec()
    }

    /// The kind of token this card plays.
    pub fn kind(&self) -> &CardKind {
        &self.kind
    }

    /// The card's answer (response data, then SW1 SW2) to one raw command APDU.
    ///
    /// Never panics and always answers at least the two status bytes; the status
    /// words are listed on [`VirtualCard`].
    pub fn process(&mut self, command: &[u8]) -> Vec<u8> {
        let pending = core::mem::take(&mut self.pending);
        let (data, sw) = match Command::parse(command) {
            Err(_) => sw(SW_WRONG_LENGTH),
            Ok(cmd) => self.dispatch(&cmd, pending),
        };
        Response::new(data, sw).to_bytes()
    }

    /// A power cycle: nothing selected, no secret verified, no pending response.
    /// Counters, keys and files are kept.
    pub fn reset(&mut self) {
        self.application = None;
        self.ef = None;
        self.verified.clear();
        self.pending.clear();
    }

    /// Generates an RSA-2048 key pair inside the card in `slot` (replacing any key
    /// there) and returns only its public key, as SubjectPublicKeyInfo DER.
    pub fn generate_key(&mut self, slot: KeySlot) -> Result<Vec<u8>, Error> {
        self.generate_key_for(slot, KeyProfile::Current)
    }

    /// As [`generate_key`](Self::generate_key), a key of `profile`: RSA-2048, or
    /// EC P-384 for the [next-generation card](KeyProfile::NextGeneration).
    ///
    /// With an EC key the card answers COMPUTE DIGITAL SIGNATURE as assumed for
    /// the next-generation card (no APDUs for it are public): the same command
    /// and the same `DigestInfo` as today, the digest inside it signed with
    /// ECDSA, and the raw `r‖s` (96 bytes on P-384) returned.
    pub fn generate_key_for(
        &mut self,
        slot: KeySlot,
        profile: KeyProfile,
    ) -> Result<Vec<u8>, Error> {
        let key = profile.generate_key()?;
        let public = key.public_key_der()?;
        *self.key_mut(slot) = Some(key);
        Ok(public)
    }

    /// Writes a certificate (DER) into its EF, replacing any there, and updates the
    /// flags in EF 0008.
    ///
    /// The card does not parse certificates; it only refuses, with
    /// [`SimulatorError::InvalidRecord`], input that is not one DER SEQUENCE (PEM text, say)
    /// or does not fit a file (32 KiB).
    pub fn write_certificate(&mut self, slot: CertificateSlot, der: &[u8]) -> Result<(), Error> {
        check_certificate(der)
            .map_err(|reason| Error::Simulator(SimulatorError::InvalidRecord { reason }))?;
        let file = match slot {
            CertificateSlot::Signing => &mut self.signing_cert,
            CertificateSlot::SigningCa => &mut self.signing_ca_cert,
            CertificateSlot::Authentication => &mut self.authentication_cert,
            CertificateSlot::AuthenticationCa => &mut self.authentication_ca_cert,
        };
        *file = Some(der.to_vec());
        Ok(())
    }

    /// Sets the secret of `secret.kind()` (as the window does when issuing or
    /// resetting it): its counter goes back to the maximum, which also unblocks it,
    /// and it is no longer verified. The card keeps a salted SHA-256 of it only.
    pub fn set_secret(&mut self, secret: &Secret) {
        let kind = secret.kind();
        if let Some(file) = self.secret_file_mut(kind) {
            *file = SecretFile {
                hash: Some(SecretHash::new(secret.expose_secret())),
                tries: max_tries(kind),
            };
        }
        self.verified.retain(|v| *v != kind);
    }

    /// Writes the text application: EF 0002 = `attributes.to_tlv()`, EF 0001 = the
    /// My Number as 12 ASCII digits.
    ///
    /// A My Number that is not exactly 12 ASCII digits is refused with
    /// [`SimulatorError::InvalidRecord`] (whose message never repeats it). The check digit
    /// is not verified, so fixtures may use any 12 digits.
    pub fn set_attributes(
        &mut self,
        attributes: &CardAttributes,
        my_number: &str,
    ) -> Result<(), Error> {
        if my_number.len() != 12 || !my_number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: "the My Number must be exactly 12 digits (0-9)".into(),
            }));
        }
        let tlv = attributes.to_tlv();
        if tlv.len() > MAX_FILE {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: format!("4 basic info of {} bytes do not fit the file", tlv.len()),
            }));
        }
        self.attributes = Some(tlv);
        self.my_number = Some(Zeroizing::new(my_number.as_bytes().to_vec()));
        Ok(())
    }

    /// Tries left for `pin`: the maximum (5 or 3) on a fresh secret or one never
    /// set, 0 once blocked.
    pub fn tries_left(&self, pin: PinKind) -> u8 {
        self.secret_file(pin).map_or(0, |file| file.tries)
    }

    /// The status word VERIFY answers once a secret is blocked: `6984` by default
    /// (soltia48, citing JICSAP); `6983` is also seen. Any value is taken as given,
    /// for tests of readers that must accept every variant.
    pub fn set_blocked_status(&mut self, sw: u16) {
        self.blocked_sw = sw;
    }

    /// Saves the card to `path` as JSON: the kind's label, private keys (PKCS#8
    /// PEM), certificates (PEM), the text data, the secrets as salted SHA-256 (never
    /// in clear), the counters (so a blocked card stays blocked) and the blocked
    /// status word. The volatile state (selection, verification) is not saved.
    ///
    /// The file is written to a fresh temporary file in the same directory
    /// (`.<name>.<pid>.<n>.tmp`, created exclusively, mode 0600 on Unix since it
    /// holds private keys), flushed to disk and renamed over `path`, so a crash
    /// never leaves half a card. Failures are [`SimulatorError::State`].
    ///
    /// `save` takes no lock: for a card file that several processes use, open it
    /// with [`CardFile`](super::CardFile), which serializes load, operation and
    /// save, and refuses a card it could not save before it is used.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        write_atomic(path, &self.to_json(path)?, true)
    }

    /// The saved form of the card (see [`save`](Self::save)); `path` only names
    /// the file in errors.
    pub(super) fn to_json(&self, path: &Path) -> Result<Zeroizing<Vec<u8>>, Error> {
        let saved = self.to_saved()?;
        let json =
            Zeroizing::new(serde_json::to_vec_pretty(&saved).map_err(|e| state_err(path, e))?);
        drop(saved);
        Ok(json)
    }

    /// Loads a card saved with [`save`](Self::save): nothing selected, nothing
    /// verified, counters as saved. An unreadable file, a file larger than
    /// [`MAX_CARD_FILE_BYTES`] (refused unread; a device such as `/dev/zero` after
    /// that many bytes), an unknown format number or inconsistent content is
    /// [`SimulatorError::State`].
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bytes = Zeroizing::new(read_limited(path, MAX_CARD_FILE_BYTES, "a card file")?);
        let probe: FormatProbe = serde_json::from_slice(&bytes).map_err(|e| state_err(path, e))?;
        if probe.format != FORMAT {
            return Err(state_err(
                path,
                format!("unsupported format {} (expected {FORMAT})", probe.format),
            ));
        }
        let saved: SavedCard = serde_json::from_slice(&bytes).map_err(|e| state_err(path, e))?;
        Self::from_saved(saved).map_err(|reason| state_err(path, reason))
    }

    // -----------------------------------------------------------------------
    // Files

    fn key(&self, slot: KeySlot) -> Option<&SimKey> {
        match slot {
            KeySlot::Signing => self.signing_key.as_ref(),
            KeySlot::Authentication => self.authentication_key.as_ref(),
        }
    }

    fn key_mut(&mut self, slot: KeySlot) -> &mut Option<SimKey> {
        match slot {
            KeySlot::Signing => &mut self.signing_key,
            KeySlot::Authentication => &mut self.authentication_key,
        }
    }

    /// The file of `pin`; `None` for a kind of secret this card does not have.
    fn secret_file(&self, pin: PinKind) -> Option<&SecretFile> {
        match pin {
            PinKind::SigningPassword => Some(&self.signing_password),
            PinKind::AuthenticationPin => Some(&self.authentication_pin),
            PinKind::AttributesPin => Some(&self.attributes_pin),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    fn secret_file_mut(&mut self, pin: PinKind) -> Option<&mut SecretFile> {
        match pin {
            PinKind::SigningPassword => Some(&mut self.signing_password),
            PinKind::AuthenticationPin => Some(&mut self.authentication_pin),
            PinKind::AttributesPin => Some(&mut self.attributes_pin),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    fn is_verified(&self, pin: PinKind) -> bool {
        self.verified.contains(&pin)
    }

    fn token_info(&self) -> Vec<u8> {
        let mut info: Vec<u8> = self.kind.label().bytes().take(TOKEN_INFO_LEN).collect();
        info.resize(TOKEN_INFO_LEN, b' ');
        info
    }

    fn cert_flags(&self) -> Vec<u8> {
        let flag = |present: bool| if present { 0x8F } else { 0x00 };
        vec![
            flag(self.signing_cert.is_some()),
            flag(self.authentication_cert.is_some()),
            0x00,
        ]
    }

    /// The EF `id` of `application`, if it exists on this card.
    fn file(&self, application: Application, id: u16) -> Option<File<'_>> {
        fn data(content: &[u8], guard: Option<PinKind>) -> File<'_> {
            File::Data {
                content: Cow::Borrowed(content),
                guard,
            }
        }
        match application {
            Application::Jpki => match id {
                fid::SIGNING_CERT => self
                    .signing_cert
                    .as_deref()
                    .map(|c| data(c, Some(PinKind::SigningPassword))),
                fid::SIGNING_CA_CERT => self.signing_ca_cert.as_deref().map(|c| data(c, None)),
                fid::AUTH_CERT => {
                    // Phone JPKI guards the authentication certificate too.
                    let guard = matches!(self.kind, CardKind::AndroidPhone | CardKind::IPhone)
                        .then_some(PinKind::AuthenticationPin);
                    self.authentication_cert.as_deref().map(|c| data(c, guard))
                }
                fid::AUTH_CA_CERT => self
                    .authentication_ca_cert
                    .as_deref()
                    .map(|c| data(c, None)),
                fid::TOKEN_INFO => Some(File::Data {
                    content: Cow::Owned(self.token_info()),
                    guard: None,
                }),
                fid::CERT_FLAGS => Some(File::Data {
                    content: Cow::Owned(self.cert_flags()),
                    guard: None,
                }),
                fid::SIGNING_KEY => self
                    .signing_key
                    .as_ref()
                    .map(|_| File::Key(KeySlot::Signing)),
                fid::AUTH_KEY => self
                    .authentication_key
                    .as_ref()
                    .map(|_| File::Key(KeySlot::Authentication)),
                // The signing function exists once personalized (a key or a
                // password); a card of someone under 15 has neither.
                fid::SIGNING_PIN => (self.signing_key.is_some()
                    || self.signing_password.hash.is_some())
                .then_some(File::Secret(PinKind::SigningPassword)),
                fid::AUTH_PIN => Some(File::Secret(PinKind::AuthenticationPin)),
                _ => None,
            },
            Application::Text => match id {
                fid::TEXT_PIN => Some(File::Secret(PinKind::AttributesPin)),
                fid::TEXT_MY_NUMBER => self
                    .my_number
                    .as_deref()
                    .map(|n| data(n, Some(PinKind::AttributesPin))),
                fid::TEXT_ATTRIBUTES => self
                    .attributes
                    .as_deref()
                    .map(|a| data(a, Some(PinKind::AttributesPin))),
                _ => None,
            },
        }
    }

    fn current_file(&self) -> Option<File<'_>> {
        self.file(self.application?, self.ef?)
    }

    /// The secret of the current EF, if the current EF is a secret EF.
    fn current_secret(&self) -> Option<PinKind> {
        match self.current_file()? {
            File::Secret(pin) => Some(pin),
            File::Data { .. } | File::Key(_) => None,
        }
    }

    // -----------------------------------------------------------------------
    // Commands

    fn dispatch(&mut self, cmd: &Command, pending: Vec<u8>) -> Answer {
        match (cmd.cla, cmd.ins) {
            (0x00, 0xA4) => self.select(cmd),
            (0x00, 0xB0) => self.read_binary(cmd),
            (0x00, 0x20) => self.verify(cmd),
            (0x00, 0x24) => self.change_reference_data(cmd),
            (0x80, 0x2A) => self.compute_signature(cmd),
            (0x00, 0xC0) => self.get_response(cmd, pending),
            (0x00 | 0x80, _) => sw(SW_INS),
            _ => sw(SW_CLA),
        }
    }

    fn select(&mut self, cmd: &Command) -> Answer {
        match (cmd.p1, cmd.p2) {
            (0x04, 0x0C) => {
                if cmd.data.is_empty() {
                    return sw(SW_WRONG_LENGTH);
                }
                let application = if cmd.data == JPKI_AID {
                    Application::Jpki
                } else if cmd.data == TEXT_AID {
                    Application::Text
                } else {
                    return sw(SW_NOT_FOUND);
                };
                self.application = Some(application);
                self.ef = None;
                self.verified.clear();
                sw(SW_OK)
            }
            (0x02, 0x0C) => {
                let [hi, lo] = cmd.data.as_slice() else {
                    return sw(SW_WRONG_LENGTH);
                };
                let id = u16::from_be_bytes([*hi, *lo]);
                let Some(application) = self.application else {
                    return sw(SW_NOT_FOUND);
                };
                if self.file(application, id).is_none() {
                    return sw(SW_NOT_FOUND);
                }
                self.ef = Some(id);
                sw(SW_OK)
            }
            _ => sw(SW_WRONG_P1P2),
        }
    }

    fn read_binary(&self, cmd: &Command) -> Answer {
        if cmd.p1 & 0x80 != 0 {
            return sw(SW_WRONG_P1P2);
        }
        let Some(le) = cmd.le.filter(|_| cmd.data.is_empty()) else {
            return sw(SW_WRONG_LENGTH);
        };
        let Some(file) = self.current_file() else {
            return sw(SW_NOT_ALLOWED);
        };
        let (content, guard) = match file {
            File::Data { content, guard } => (content, guard),
            File::Secret(_) | File::Key(_) => return sw(SW_INCOMPATIBLE_FILE),
        };
        if guard.is_some_and(|pin| !self.is_verified(pin)) {
            return sw(SW_SECURITY);
        }
        let offset = usize::from(u16::from_be_bytes([cmd.p1, cmd.p2]));
        let Some(rest) = content.get(offset..).filter(|r| !r.is_empty()) else {
            return sw(SW_WRONG_OFFSET);
        };
        match rest.get(..usize::from(le)) {
            Some(chunk) => (chunk.to_vec(), SW_OK),
            None => (rest.to_vec(), SW_END_OF_FILE),
        }
    }

    fn verify(&mut self, cmd: &Command) -> Answer {
        if (cmd.p1, cmd.p2) != (0x00, 0x80) {
            return sw(SW_WRONG_P1P2);
        }
        // A real card answered 6700 to the status query with Le appended.
        if cmd.le.is_some() {
            return sw(SW_WRONG_LENGTH);
        }
        let Some(pin) = self.current_secret() else {
            return sw(SW_NOT_ALLOWED);
        };
        let blocked_sw = self.blocked_sw;
        let verified = self.is_verified(pin);
        let Some(file) = self.secret_file_mut(pin) else {
            return sw(SW_REFERENCE_UNUSABLE);
        };
        let Some(hash) = &file.hash else {
            return sw(SW_REFERENCE_UNUSABLE);
        };
        if file.tries == 0 {
            return sw(blocked_sw);
        }
        if cmd.data.is_empty() {
            return if verified {
                sw(SW_OK)
            } else {
                sw(0x63C0 | u16::from(file.tries.min(0x0F)))
            };
        }
        if hash.matches(&cmd.data) {
            file.tries = max_tries(pin);
            if !verified {
                self.verified.push(pin);
            }
            sw(SW_OK)
        } else {
            file.tries = file.tries.saturating_sub(1);
            let left = file.tries;
            self.verified.retain(|v| *v != pin);
            sw(0x63C0 | u16::from(left.min(0x0F)))
        }
    }

    fn change_reference_data(&mut self, cmd: &Command) -> Answer {
        if (cmd.p1, cmd.p2) != (0x01, 0x80) {
            return sw(SW_WRONG_P1P2);
        }
        if cmd.data.is_empty() || cmd.le.is_some() {
            return sw(SW_WRONG_LENGTH);
        }
        let Some(pin) = self.current_secret() else {
            return sw(SW_NOT_ALLOWED);
        };
        if !self.is_verified(pin) {
            return sw(SW_SECURITY);
        }
        // The card stores the bytes as sent, so it takes only values Secret::new
        // accepts unchanged (a lower-case password would be upper-cased there).
        let valid = core::str::from_utf8(&cmd.data)
            .ok()
            .and_then(|text| Secret::new(pin, text).ok())
            .is_some_and(|secret| secret.expose_secret() == cmd.data.as_slice());
        if !valid {
            return sw(SW_WRONG_DATA);
        }
        let Some(file) = self.secret_file_mut(pin) else {
            return sw(SW_REFERENCE_UNUSABLE);
        };
        *file = SecretFile {
            hash: Some(SecretHash::new(&cmd.data)),
            tries: max_tries(pin),
        };
        sw(SW_OK)
    }

    fn compute_signature(&mut self, cmd: &Command) -> Answer {
        if (cmd.p1, cmd.p2) != (0x00, 0x80) {
            return sw(SW_WRONG_P1P2);
        }
        if cmd.data.is_empty() {
            return sw(SW_WRONG_LENGTH);
        }
        let Some(File::Key(slot)) = self.current_file() else {
            return sw(SW_NOT_ALLOWED);
        };
        if !self.is_verified(slot.pin()) {
            return sw(SW_SECURITY);
        }
        if cmd.data.len() > MAX_DIGEST_INFO {
            return sw(SW_WRONG_LENGTH);
        }
        let Some(key) = self.key(slot) else {
            return sw(SW_NOT_FOUND);
        };
        let Ok(signature) = key.sign_digest_info(&cmd.data) else {
            return sw(SW_UNKNOWN);
        };
        match cmd.le {
            None => {
                let available = count_byte(signature.len());
                self.pending = signature;
                sw(0x6100 | available)
            }
            Some(le) if usize::from(le) < signature.len() => {
                sw(0x6C00 | count_byte(signature.len()))
            }
            Some(_) => (signature, SW_OK),
        }
    }

    fn get_response(&mut self, cmd: &Command, mut pending: Vec<u8>) -> Answer {
        if (cmd.p1, cmd.p2) != (0x00, 0x00) {
            return sw(SW_WRONG_P1P2);
        }
        if pending.is_empty() {
            return sw(SW_CONDITIONS);
        }
        let Some(le) = cmd.le.filter(|_| cmd.data.is_empty()) else {
            return sw(SW_WRONG_LENGTH);
        };
        let rest = pending.split_off(usize::from(le).min(pending.len()));
        if rest.is_empty() {
            (pending, SW_OK)
        } else {
            let left = count_byte(rest.len());
            self.pending = rest;
            (pending, 0x6100 | left)
        }
    }

    // -----------------------------------------------------------------------
    // Persistence

    fn to_saved(&self) -> Result<SavedCard, Error> {
        let key = |k: Option<&SimKey>| -> Result<Option<String>, Error> {
            k.map(|k| k.to_pkcs8_pem().map(|pem| pem.as_str().to_owned()))
                .transpose()
        };
        let cert = |c: &Option<Vec<u8>>| {
            c.as_deref()
                .map(|der| crate::pem::encode("CERTIFICATE", der))
        };
        let secret = |f: &SecretFile| SavedSecret {
            salt: f.hash.as_ref().map(|h| hex(&h.salt)),
            sha256: f.hash.as_ref().map(|h| hex(&h.digest)),
            tries_left: f.tries,
        };
        Ok(SavedCard {
            format: FORMAT,
            label: self.kind.label().to_owned(),
            blocked_sw: self.blocked_sw,
            keys: SavedKeys {
                signing: key(self.signing_key.as_ref())?,
                authentication: key(self.authentication_key.as_ref())?,
            },
            certificates: SavedCertificates {
                signing: cert(&self.signing_cert),
                signing_ca: cert(&self.signing_ca_cert),
                authentication: cert(&self.authentication_cert),
                authentication_ca: cert(&self.authentication_ca_cert),
            },
            text: SavedText {
                my_number: self
                    .my_number
                    .as_deref()
                    .map(|n| String::from_utf8_lossy(n).into_owned()),
                attributes: self.attributes.as_deref().map(hex),
            },
            secrets: SavedSecrets {
                signing_password: secret(&self.signing_password),
                authentication_pin: secret(&self.authentication_pin),
                attributes_pin: secret(&self.attributes_pin),
            },
        })
    }

    fn from_saved(mut saved: SavedCard) -> Result<Self, String> {
        let mut card = Self::new(CardKind::from_label(&saved.label));
        card.blocked_sw = saved.blocked_sw;
        let key = |pem: Option<String>| -> Result<Option<SimKey>, String> {
            pem.map(|pem| {
                let pem = Zeroizing::new(pem);
                SimKey::from_pkcs8_pem(&pem).map_err(|e| e.to_string())
            })
            .transpose()
        };
        card.signing_key = key(saved.keys.signing.take())?;
        card.authentication_key = key(saved.keys.authentication.take())?;
        let cert = |pem: Option<String>| -> Result<Option<Vec<u8>>, String> {
            pem.map(|pem| {
                let mut blocks = crate::pem::decode_label(pem.as_bytes(), "CERTIFICATE")
                    .map_err(|e| e.to_string())?;
                let der = blocks.pop().filter(|_| blocks.is_empty()).ok_or_else(|| {
                    "a certificate entry must hold exactly one PEM block".to_owned()
                })?;
                check_certificate(&der)?;
                Ok(der)
            })
            .transpose()
        };
        card.signing_cert = cert(saved.certificates.signing)?;
        card.signing_ca_cert = cert(saved.certificates.signing_ca)?;
        card.authentication_cert = cert(saved.certificates.authentication)?;
        card.authentication_ca_cert = cert(saved.certificates.authentication_ca)?;
        if let Some(number) = saved.text.my_number.take() {
            let number = Zeroizing::new(number);
            if number.len() != 12 || !number.bytes().all(|b| b.is_ascii_digit()) {
                return Err("the My Number is not 12 digits".into());
            }
            card.my_number = Some(Zeroizing::new(number.as_bytes().to_vec()));
        }
        if let Some(text) = saved.text.attributes.take() {
            let tlv = unhex(&text).ok_or("the attributes are not hex")?;
            CardAttributes::parse(&tlv).map_err(|e| format!("attributes: {e}"))?;
            if tlv.len() > MAX_FILE {
                return Err("the attributes do not fit the file".into());
            }
            card.attributes = Some(tlv);
        }
        let secrets = saved.secrets;
        for (pin, saved) in [
            (PinKind::SigningPassword, secrets.signing_password),
            (PinKind::AuthenticationPin, secrets.authentication_pin),
            (PinKind::AttributesPin, secrets.attributes_pin),
        ] {
            if saved.tries_left > max_tries(pin) {
                return Err(format!(
                    "{pin}: {} tries left exceeds the maximum {}",
                    saved.tries_left,
                    max_tries(pin)
                ));
            }
            let hash = match (saved.salt, saved.sha256) {
                (None, None) => None,
                (Some(salt), Some(digest)) => Some(SecretHash {
                    salt: unhex(&salt)
                        .and_then(|s| <[u8; 16]>::try_from(s).ok())
                        .ok_or_else(|| format!("{pin}: the salt is not 16 hex bytes"))?,
                    digest: unhex(&digest)
                        .and_then(|d| <[u8; 32]>::try_from(d).ok())
                        .ok_or_else(|| format!("{pin}: the hash is not 32 hex bytes"))?,
                }),
                _ => return Err(format!("{pin}: salt and hash must come together")),
            };
            if let Some(file) = card.secret_file_mut(pin) {
                *file = SecretFile {
                    hash,
                    tries: saved.tries_left,
                };
            }
        }
        Ok(card)
    }
}

/// A virtual card answers every command: the transport never fails.
impl Transport for VirtualCard {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(self.process(command))
    }
}

/// `Ok` if `der` is one DER SEQUENCE that fits a file.
fn check_certificate(der: &[u8]) -> Result<(), String> {
    if der.len() > MAX_FILE {
        return Err(format!(
            "a certificate of {} bytes does not fit the file ({MAX_FILE} bytes)",
            der.len()
        ));
    }
    let any = der::asn1::AnyRef::from_der(der)
        .map_err(|e| format!("a certificate must be one DER SEQUENCE: {e}"))?;
    if any.tag() != der::Tag::Sequence {
        return Err("a certificate must be one DER SEQUENCE".into());
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digits = core::str::from_utf8(pair).ok()?;
            u8::from_str_radix(digits, 16).ok()
        })
        .collect()
}

/// Read first, so an unknown format is reported as such whatever its layout.
#[derive(Deserialize)]
struct FormatProbe {
    format: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedCard {
    format: u32,
    /// The token label of the kind (EF 0006).
    label: String,
    blocked_sw: u16,
    keys: SavedKeys,
    certificates: SavedCertificates,
    text: SavedText,
    secrets: SavedSecrets,
}

/// PKCS#8 PEM.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedKeys {
    signing: Option<String>,
    authentication: Option<String>,
}

/// Private keys do not linger in freed memory.
impl Drop for SavedKeys {
    fn drop(&mut self) {
        self.signing.zeroize();
        self.authentication.zeroize();
    }
}

/// PEM.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedCertificates {
    signing: Option<String>,
    signing_ca: Option<String>,
    authentication: Option<String>,
    authentication_ca: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedText {
    my_number: Option<String>,
    /// The EF 0002 TLV in hex.
    attributes: Option<String>,
}

/// Nor does the My Number.
impl Drop for SavedText {
    fn drop(&mut self) {
        self.my_number.zeroize();
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedSecrets {
    signing_password: SavedSecret,
    authentication_pin: SavedSecret,
    attributes_pin: SavedSecret,
}

/// SHA-256 over salt ‖ secret, both in hex.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedSecret {
    salt: Option<String>,
    sha256: Option<String>,
    tries_left: u8,
}
