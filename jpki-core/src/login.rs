//! Logging in with the card: the user authentication certificate
//! (利用者証明用電子証明書) in a challenge–response, for relying parties and
//! residents.
//!
//! ## The relying party (a bank, a portal)
//!
//! 1. [`LoginChallenge::new`] (or `LoginChallenge::generate`, feature
//!    `getrandom`) makes a challenge: the relying party's name, a fresh random
//!    nonce of at least 32 bytes, when it was issued and when it expires. It is
//!    recorded in a [`NonceStore`] ([`MemoryNonceStore`] keeps them in memory)
//!    and sent to the resident as [`LoginChallenge::to_der`].
//! 2. The resident's card signs it ([`respond`], or [`LoginChallenge::card_request`]
//!    in any host's card session) and sends back a [`LoginResponse`]: the nonce,
//!    the authentication certificate and the signature.
//! 3. [`Verifier::verify_login`] redeems the nonce in the store (once: a replay is
//!    [`Error::ChallengeReplayed`]), refuses an expired challenge, verifies the
//!    signature as strict PKCS#1 v1.5 over the SHA-256 DigestInfo of **its own**
//!    copy of the challenge (never bytes the client chose), and validates the
//!    certificate for [`Usage::Authentication`] (an authentication certificate
//!    of an accepted policy, digitalSignature, clientAuth, a path to a trust
//!    anchor) with revocation under the verifier's policy. The [`Login`] names
//!    the [`AccountKey`] to store: the issuing CA's key id, the serial and the
//!    SHA-256 of the public key — never the certificate's subject.
//!
//! ## The card signs a digest the relying party defined
//!
//! The signed message is the DER of the challenge:
//!
//! ```text
//! LoginChallenge ::= SEQUENCE {
//!     context       UTF8String,        -- "jpki-login-challenge-v1"
//!     relyingParty  UTF8String,        -- 1 to 255 bytes
//!     nonce         OCTET STRING,      -- 32 to 64 bytes
//!     issuedAt      GeneralizedTime,
//!     expiresAt     GeneralizedTime }
//! ```
//!
//! and the card's authentication key signs the SHA-256 DigestInfo of it
//! ([`LoginChallenge::to_be_signed`]) with PKCS#1 v1.5 padding, as its COMPUTE
//! DIGITAL SIGNATURE does (`openssl pkeyutl -verify -pkeyopt
//! rsa_padding_mode:pkcs1` checks the same bytes). The context string keeps a
//! login signature from being taken for any other use of the key.
//!
//! ## Account binding across the two certificates
//!
//! An account is opened with a signed application (the signing certificate,
//! with the 4 basic info) and used with logins (the authentication certificate,
//! without them). [`register`] has one card, in one session, sign the
//! application wrapped with the registration's challenge
//! ([`LoginChallenge::registration_content`]) with the signing key and answer
//! the same challenge with the authentication key; [`Verifier::register`]
//! checks both and returns the [`AccountBinding`] to record. Later:
//!
//! * a login whose [`Login::account`] equals the binding's is the account's
//!   holder ([`AccountBinding::matches`]);
//! * a later signed request is judged by [`AccountBinding::assess`]: after a move
//!   (or a name change) the registered signing certificate is revoked
//!   (affiliationChanged) while logins keep working, and the status says to ask
//!   for a new registration with the new signing certificate (whose 4 basic info
//!   carry the new address); after a death both certificates are revoked, and
//!   logins and requests are refused.

use core::fmt;
use std::collections::HashMap;
use std::sync::Mutex;

use der::asn1::{GeneralizedTime, OctetString};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};

use crate::card::{CardOutcome, CardRequest, JpkiCard, KeySlot, Pin, Transport};
use crate::cms::{SignOptions, SignedMessage};
use crate::crypto::{HashAlgorithm, SignatureScheme};
use crate::error::Error;
use crate::revocation::RevocationStatus;
use crate::values::RevocationReason;
use crate::{
    Applicant, Certificate, CertificateVerdict, PersonalInfo, Serial, Time, Usage, Verdict,
    Verifier,
};

/// The context string that starts every challenge (domain separation).
const CHALLENGE_CONTEXT: &str = "jpki-login-challenge-v1";
/// The context string that starts every response.
const RESPONSE_CONTEXT: &str = "jpki-login-response-v1";
/// The context string that starts a registration's signed content.
const REGISTRATION_CONTEXT: &str = "jpki-registration-v1";

/// The DER of a challenge.
#[derive(Sequence)]
struct ChallengeAsn1 {
    context: String,
    relying_party: String,
    nonce: OctetString,
    issued_at: GeneralizedTime,
    expires_at: GeneralizedTime,
}

/// The DER of a response.
#[derive(Sequence)]
struct ResponseAsn1 {
    context: String,
    nonce: OctetString,
    certificate: OctetString,
    signature: OctetString,
}

/// The DER of a registration's signed content.
#[derive(Sequence)]
struct RegistrationAsn1 {
    context: String,
    challenge: der::Any,
    application: OctetString,
}

fn generalized(t: Time) -> Result<GeneralizedTime, Error> {
    GeneralizedTime::from_unix_duration(core::time::Duration::from_secs(t.unix_seconds())).map_err(
        |_| Error::InvalidChallenge {
            reason: "a time is out of GeneralizedTime's range",
        },
    )
}

fn time_of(t: GeneralizedTime) -> Time {
    Time::from_unix_seconds(t.to_unix_duration().as_secs())
}

fn octets(bytes: &[u8], what: &'static str) -> Result<OctetString, Error> {
    OctetString::new(bytes).map_err(Error::decode(what))
}

/// A relying party's login challenge: who asks, a fresh nonce, and how long the
/// answer is accepted. See the [module docs](self).
///
/// ```
/// use jpki::Time;
/// use jpki::login::LoginChallenge;
///
/// let now = Time::parse_rfc3339("2026-12-01T10:00:00+09:00")?;
/// let nonce = [7u8; 32]; // from the host's CSPRNG
/// let challenge = LoginChallenge::new("bank.example", &nonce, now, now.add_seconds(300))?;
/// let sent = challenge.to_der();
/// assert_eq!(LoginChallenge::from_der(&sent)?, challenge);
/// assert_eq!(challenge.to_be_signed().len(), 51); // SHA-256 DigestInfo
/// # Ok::<(), jpki::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LoginChallenge {
    relying_party: String,
    nonce: Vec<u8>,
    issued_at: Time,
    expires_at: Time,
    der: Vec<u8>,
}

impl fmt::Debug for LoginChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginChallenge")
            .field("relying_party", &self.relying_party)
            .field("nonce", &crate::error::hex(&self.nonce))
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl LoginChallenge {
    /// The shortest nonce accepted, in bytes.
    pub const MIN_NONCE_LEN: usize = 32;
    /// The longest nonce accepted, in bytes.
    pub const MAX_NONCE_LEN: usize = 64;
    /// The longest relying-party name, in bytes.
    pub const MAX_RELYING_PARTY_LEN: usize = 255;

    /// A challenge of `relying_party` (a name the resident's software may show,
    /// e.g. the site's host name) with `nonce` (32 to 64 bytes from the host's
    /// cryptographic random source), issued at `issued_at` and answered no later
    /// than `expires_at`.
    ///
    /// # Errors
    /// [`Error::InvalidChallenge`] for a nonce of the wrong length, an empty or
    /// too long relying party, or an expiry not after the issue.
    pub fn new(
        relying_party: &str,
        nonce: &[u8],
        issued_at: Time,
        expires_at: Time,
    ) -> Result<Self, Error> {
        if !(Self::MIN_NONCE_LEN..=Self::MAX_NONCE_LEN).contains(&nonce.len()) {
            return Err(Error::InvalidChallenge {
                reason: "the nonce must be 32 to 64 bytes",
            });
        }
        if relying_party.is_empty() || relying_party.len() > Self::MAX_RELYING_PARTY_LEN {
            return Err(Error::InvalidChallenge {
                reason: "the relying party must be 1 to 255 bytes",
            });
        }
        if relying_party.chars().any(char::is_control) {
            return Err(Error::InvalidChallenge {
                reason: "the relying party has a control character",
            });
        }
        if expires_at <= issued_at {
            return Err(Error::InvalidChallenge {
                reason: "the expiry must be after the issue",
            });
        }
        let der = ChallengeAsn1 {
            context: CHALLENGE_CONTEXT.to_owned(),
            relying_party: relying_party.to_owned(),
            nonce: octets(nonce, "login challenge")?,
            issued_at: generalized(issued_at)?,
            expires_at: generalized(expires_at)?,
        }
        .to_der()
        .map_err(Error::decode("login challenge"))?;
        Ok(Self {
            relying_party: relying_party.to_owned(),
            nonce: nonce.to_vec(),
            issued_at,
            expires_at,
            der,
        })
    }

    /// A challenge with a 32-byte nonce from the operating system's random
    /// source (feature `getrandom`), valid for `lifetime_seconds` from
    /// `issued_at`.
    ///
    /// # Errors
    /// As [`LoginChallenge::new`]; [`Error::InvalidChallenge`] if the random
    /// source fails.
    #[cfg(feature = "getrandom")]
    pub fn generate(
        relying_party: &str,
        issued_at: Time,
        lifetime_seconds: u64,
    ) -> Result<Self, Error> {
        let mut nonce = [0u8; 32];
        getrandom::fill(&mut nonce).map_err(|_| Error::InvalidChallenge {
            reason: "the operating system's random source failed",
        })?;
        Self::new(
            relying_party,
            &nonce,
            issued_at,
            issued_at.add_seconds(lifetime_seconds),
        )
    }

    /// Reads a challenge from its DER ([`LoginChallenge::to_der`]), checking it
    /// as [`LoginChallenge::new`] does.
    ///
    /// # Errors
    /// [`Error::Decode`] if it is not the DER of a challenge;
    /// [`Error::InvalidChallenge`] if its values are unusable.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let parsed = ChallengeAsn1::from_der(der).map_err(Error::decode("login challenge"))?;
        if parsed.context != CHALLENGE_CONTEXT {
            return Err(Error::InvalidChallenge {
                reason: "not a jpki-login-challenge-v1",
            });
        }
        let challenge = Self::new(
            &parsed.relying_party,
            parsed.nonce.as_bytes(),
            time_of(parsed.issued_at),
            time_of(parsed.expires_at),
        )?;
        if challenge.der != der {
            return Err(Error::InvalidChallenge {
                reason: "the encoding is not the canonical one",
            });
        }
        Ok(challenge)
    }

    /// The DER that is sent to the resident and whose SHA-256 the card signs.
    pub fn to_der(&self) -> Vec<u8> {
        self.der.clone()
    }

    /// The DER, borrowed.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Who asks.
    pub fn relying_party(&self) -> &str {
        &self.relying_party
    }

    /// The nonce.
    pub fn nonce(&self) -> &[u8] {
        &self.nonce
    }

    /// When it was issued.
    pub fn issued_at(&self) -> Time {
        self.issued_at
    }

    /// When it expires: a response verified at or after this time is refused.
    pub fn expires_at(&self) -> Time {
        self.expires_at
    }

    /// Whether it has expired at `at`.
    pub fn is_expired_at(&self, at: Time) -> bool {
        at >= self.expires_at
    }

    /// The SHA-256 of the DER: the digest a JPKI card's authentication key signs.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.der).into()
    }

    /// The exact bytes the card signs with PKCS#1 v1.5 padding: the DER
    /// DigestInfo of [`LoginChallenge::digest`] (51 bytes).
    pub fn to_be_signed(&self) -> Vec<u8> {
        let mut out = HashAlgorithm::Sha256.digest_info_prefix().to_vec();
        out.extend_from_slice(&self.digest());
        out
    }

    /// The card operation that answers this challenge, for a host driving a
    /// [`CardSession`](crate::card::CardSession) itself; turn its outcome into a
    /// response with [`LoginResponse::from_outcome`].
    pub fn card_request(&self, pin: Option<Pin>) -> CardRequest {
        CardRequest::authenticate(self.digest().to_vec(), pin)
    }

    /// The content a registration's application is signed over (the signing
    /// key's CMS SignedData): this challenge and the application's bytes. See
    /// [`register`] and [`Verifier::register`].
    ///
    /// ```text
    /// Registration ::= SEQUENCE {
    ///     context      UTF8String,      -- "jpki-registration-v1"
    ///     challenge    LoginChallenge,
    ///     application  OCTET STRING }
    /// ```
    ///
    /// # Errors
    /// [`Error::Decode`] if the application is too large for DER (4 GiB).
    pub fn registration_content(&self, application: &[u8]) -> Result<Vec<u8>, Error> {
        RegistrationAsn1 {
            context: REGISTRATION_CONTEXT.to_owned(),
            challenge: der::Any::from_der(&self.der).map_err(Error::decode("login challenge"))?,
            application: octets(application, "registration")?,
        }
        .to_der()
        .map_err(Error::decode("registration"))
    }
}

/// Reads a registration's signed content: the challenge's DER and the
/// application.
fn parse_registration(content: &[u8]) -> Result<(Vec<u8>, Vec<u8>), Error> {
    let parsed = RegistrationAsn1::from_der(content).map_err(|_| Error::RegistrationMismatch {
        reason: "the signed application is not a jpki-registration-v1",
    })?;
    if parsed.context != REGISTRATION_CONTEXT {
        return Err(Error::RegistrationMismatch {
            reason: "the signed application is not a jpki-registration-v1",
        });
    }
    let challenge = parsed
        .challenge
        .to_der()
        .map_err(Error::decode("registration"))?;
    Ok((challenge, parsed.application.as_bytes().to_vec()))
}

/// A resident's answer to a [`LoginChallenge`]: the challenge's nonce, the user
/// authentication certificate and the signature.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LoginResponse {
    nonce: Vec<u8>,
    certificate: Vec<u8>,
    signature: Vec<u8>,
}

impl fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginResponse")
            .field("nonce", &crate::error::hex(&self.nonce))
            .field(
                "certificate",
                &format_args!("{} bytes", self.certificate.len()),
            )
            .field("signature", &format_args!("{} bytes", self.signature.len()))
            .finish()
    }
}

impl LoginResponse {
    /// The largest response read (a certificate under 4 KiB, a signature of at
    /// most 8192 bits).
    pub const MAX_LEN: usize = 16 * 1024;

    /// A response from its parts (the certificate as DER; nothing is checked
    /// until [`Verifier::verify_login`]).
    pub fn new(nonce: &[u8], certificate_der: &[u8], signature: &[u8]) -> Self {
        Self {
            nonce: nonce.to_vec(),
            certificate: certificate_der.to_vec(),
            signature: signature.to_vec(),
        }
    }

    /// The response from a card's [`CardOutcome::Authenticated`] to
    /// [`LoginChallenge::card_request`].
    ///
    /// # Errors
    /// [`Error::CardSessionMisuse`] for the outcome of another operation.
    pub fn from_outcome(challenge: &LoginChallenge, outcome: CardOutcome) -> Result<Self, Error> {
        match outcome {
            CardOutcome::Authenticated {
                certificate,
                signature,
            } => Ok(Self {
                nonce: challenge.nonce.clone(),
                certificate,
                signature,
            }),
            _ => Err(Error::CardSessionMisuse {
                reason: "the session finished another operation than a login",
            }),
        }
    }

    /// Reads a response from its DER ([`LoginResponse::to_der`]).
    ///
    /// ```text
    /// LoginResponse ::= SEQUENCE {
    ///     context      UTF8String,      -- "jpki-login-response-v1"
    ///     nonce        OCTET STRING,
    ///     certificate  OCTET STRING,    -- the certificate's DER
    ///     signature    OCTET STRING }
    /// ```
    ///
    /// # Errors
    /// [`Error::Decode`] if it is not the DER of a response (or longer than
    /// [`LoginResponse::MAX_LEN`]).
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        if der.len() > Self::MAX_LEN {
            return Err(Error::Decode {
                what: "login response",
                source: crate::error::DecodeError(der::Error::from(der::ErrorKind::Overlength)),
            });
        }
        let parsed = ResponseAsn1::from_der(der).map_err(Error::decode("login response"))?;
        if parsed.context != RESPONSE_CONTEXT {
            return Err(Error::Decode {
                what: "login response",
                source: crate::error::DecodeError(der::Error::from(der::ErrorKind::Value {
                    tag: der::Tag::Utf8String,
                })),
            });
        }
        Ok(Self {
            nonce: parsed.nonce.as_bytes().to_vec(),
            certificate: parsed.certificate.as_bytes().to_vec(),
            signature: parsed.signature.as_bytes().to_vec(),
        })
    }

    /// The DER sent to the relying party.
    ///
    /// # Errors
    /// [`Error::Decode`] if a part is too large for DER.
    pub fn to_der(&self) -> Result<Vec<u8>, Error> {
        ResponseAsn1 {
            context: RESPONSE_CONTEXT.to_owned(),
            nonce: octets(&self.nonce, "login response")?,
            certificate: octets(&self.certificate, "login response")?,
            signature: octets(&self.signature, "login response")?,
        }
        .to_der()
        .map_err(Error::decode("login response"))
    }

    /// The nonce of the challenge it answers.
    pub fn nonce(&self) -> &[u8] {
        &self.nonce
    }

    /// The certificate's DER, as sent.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate
    }

    /// The signature.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

/// The resident's side in one call: verifies the authentication PIN (unless
/// verified already in the card's session), reads the user authentication
/// certificate and signs `challenge` with the authentication key.
///
/// # Errors
/// The card's: [`Error::WrongPin`], [`Error::LastTryRefused`], a transport
/// failure…
pub fn respond<T: Transport>(
    card: &mut JpkiCard<T>,
    challenge: &LoginChallenge,
    pin: Option<&Pin>,
) -> Result<LoginResponse, Error> {
    let outcome = card.run(challenge.card_request(pin.cloned()))?;
    LoginResponse::from_outcome(challenge, outcome)
}

/// What a resident sends to register: the application signed (with the signing
/// key) over the registration's challenge, and the login response to the same
/// challenge (with the authentication key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// CMS SignedData (DER, content attached) over
    /// [`LoginChallenge::registration_content`].
    pub signed_application: Vec<u8>,
    /// The login response to the same challenge.
    pub login: LoginResponse,
}

/// The resident's side of a registration, in one card session: signs
/// `application` wrapped with `challenge` (the signing key, `signing_password`;
/// the signature carries the signing certificate and its CA's) and answers
/// `challenge` with the authentication key (`auth_pin`). `signing_time` goes into
/// the signature's signed attributes.
///
/// # Errors
/// The card's, and the signature's ([`Error::CmsSignatureNotBySigner`] if the
/// card's key does not match its certificate).
pub fn register<T: Transport>(
    card: &mut JpkiCard<T>,
    challenge: &LoginChallenge,
    application: &[u8],
    signing_password: &Pin,
    auth_pin: &Pin,
    signing_time: Option<Time>,
) -> Result<Registration, Error> {
    let content = challenge.registration_content(application)?;
    let (cert_slot, ca_slot) = KeySlot::Signing.certificate_slots();
    let cert = Certificate::from_der(&card.read_certificate(cert_slot, Some(signing_password))?)?;
    let ca = Certificate::from_der(&card.read_certificate(ca_slot, None)?)?;
    let mut signer =
        crate::card::CardSigner::new(card, KeySlot::Signing, cert, Some(signing_password.clone()));
    let options = SignOptions::default()
        .with_detached(false)
        .with_signing_time(signing_time)
        .with_extra_certificates(vec![ca]);
    let signed_application = crate::cms::sign(&content, &mut signer, &options)?;
    let login = respond(card, challenge, Some(auth_pin))?;
    Ok(Registration {
        signed_application,
        login,
    })
}

/// Where a relying party keeps its outstanding challenges, so that each is
/// answered once.
///
/// Implement it over the host's shared store (a database table, Redis) when
/// several servers verify logins; [`MemoryNonceStore`] serves one process.
/// Implementations must make [`NonceStore::redeem`] atomic: of two concurrent
/// redemptions of a nonce, one gets the challenge.
pub trait NonceStore: Send + Sync {
    /// Records `challenge` as issued and not yet answered.
    ///
    /// # Errors
    /// [`Error::InvalidChallenge`] if its nonce is already held;
    /// [`Error::NonceStoreFull`] if there is no room;
    /// [`Error::NonceStoreUnavailable`] if the store itself failed.
    fn insert(&self, challenge: &LoginChallenge) -> Result<(), Error>;

    /// Takes the challenge with `nonce` out of the outstanding ones, once.
    ///
    /// # Errors
    /// [`Error::ChallengeReplayed`] if it was redeemed before;
    /// [`Error::ChallengeUnknown`] if it was never issued (or is forgotten);
    /// [`Error::NonceStoreUnavailable`] if the store itself failed (never
    /// [`Error::ChallengeUnknown`] for a failure: the caller must be able to
    /// tell an attack from an outage).
    fn redeem(&self, nonce: &[u8]) -> Result<LoginChallenge, Error>;
}

#[derive(Debug, Default)]
struct Nonces {
    outstanding: HashMap<Vec<u8>, LoginChallenge>,
    /// Redeemed nonces and when their challenge expires: kept until then, so a
    /// replay is named as one.
    used: HashMap<Vec<u8>, Time>,
}

/// A [`NonceStore`] in memory, for one process, holding at most `capacity`
/// challenges (outstanding and recently redeemed). Expired entries are dropped
/// when a challenge is inserted (its issue time is the store's clock) or on
/// [`MemoryNonceStore::prune`].
#[derive(Debug)]
pub struct MemoryNonceStore {
    capacity: usize,
    nonces: Mutex<Nonces>,
}

impl MemoryNonceStore {
    /// A store of at most `capacity` challenges.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            nonces: Mutex::new(Nonces::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Nonces> {
        self.nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Drops every challenge (outstanding or redeemed) expired at `at`.
    pub fn prune(&self, at: Time) {
        let mut nonces = self.lock();
        nonces.outstanding.retain(|_, c| !c.is_expired_at(at));
        nonces.used.retain(|_, expires| at < *expires);
    }

    /// How many challenges are held (outstanding and redeemed).
    pub fn len(&self) -> usize {
        let nonces = self.lock();
        nonces.outstanding.len() + nonces.used.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl NonceStore for MemoryNonceStore {
    fn insert(&self, challenge: &LoginChallenge) -> Result<(), Error> {
        self.prune(challenge.issued_at());
        let mut nonces = self.lock();
        let nonce = challenge.nonce();
        if nonces.outstanding.contains_key(nonce) || nonces.used.contains_key(nonce) {
            return Err(Error::InvalidChallenge {
                reason: "a challenge with this nonce was already issued",
            });
        }
        if nonces.outstanding.len() + nonces.used.len() >= self.capacity {
            return Err(Error::NonceStoreFull {
                capacity: self.capacity,
            });
        }
        nonces.outstanding.insert(nonce.to_vec(), challenge.clone());
        Ok(())
    }

    fn redeem(&self, nonce: &[u8]) -> Result<LoginChallenge, Error> {
        let mut nonces = self.lock();
        match nonces.outstanding.remove(nonce) {
            Some(challenge) => {
                nonces.used.insert(nonce.to_vec(), challenge.expires_at());
                Ok(challenge)
            }
            None if nonces.used.contains_key(nonce) => Err(Error::ChallengeReplayed),
            None => Err(Error::ChallengeUnknown),
        }
    }
}

/// What a relying party stores to recognise an account's logins: the issuing
/// CA generation's key id, the authentication certificate's serial, and the
/// SHA-256 of its public key (SubjectPublicKeyInfo DER).
///
/// Its text form ([`fmt::Display`]) is
/// `<issuer key id hex>:<serial hex>:<public key SHA-256 hex>`. The subject of a
/// JPKI authentication certificate is not an identity: it names no person and
/// changes with every certificate. A renewed card has a new account key; the
/// holder registers again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AccountKey {
    /// The issuing CA's key identifier (the certificate's authority key id, or
    /// the SHA-256 of the issuer's public key when it has none).
    pub issuer_key_id: Vec<u8>,
    /// The authentication certificate's serial.
    pub serial: Serial,
    /// The SHA-256 of the certificate's SubjectPublicKeyInfo DER.
    pub public_key_sha256: [u8; 32],
}

impl AccountKey {
    /// The account key of `cert`, issued by `issuer`.
    pub fn of(cert: &Certificate, issuer: Option<&Certificate>) -> Self {
        let issuer_key_id = cert
            .authority_key_id()
            .and_then(|aki| aki.key_id.clone())
            .or_else(|| issuer.and_then(|i| i.subject_key_id().map(<[u8]>::to_vec)))
            .unwrap_or_else(|| {
                let spki = issuer.map_or(cert.issuer().der(), |i| i.public_key_der());
                Sha256::digest(spki).to_vec()
            });
        Self {
            issuer_key_id,
            serial: cert.serial().clone(),
            public_key_sha256: Sha256::digest(cert.public_key_der()).into(),
        }
    }
}

impl fmt::Display for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let serial = self.serial.to_string();
        let serial = serial.strip_prefix("0x").unwrap_or(&serial);
        write!(
            f,
            "{}:{serial}:{}",
            crate::error::hex(&self.issuer_key_id),
            crate::error::hex(&self.public_key_sha256)
        )
    }
}

/// A login a relying party accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Login {
    /// The account key to look the account up by.
    pub account: AccountKey,
    /// The user authentication certificate.
    pub certificate: Certificate,
    /// The challenge answered.
    pub challenge: LoginChallenge,
    /// When it was verified.
    pub at: Time,
    /// The certificate's verdict: its path and the revocation of every
    /// certificate of it (all passed).
    pub verdict: CertificateVerdict,
}

impl Verifier {
    /// Verifies a login response at `at`: redeems its nonce in `store` (once),
    /// refuses an expired challenge, verifies the signature over the stored
    /// challenge and validates the certificate as an authentication certificate
    /// with revocation under the verifier's policy.
    ///
    /// # Errors
    /// The first refusal, each its own error: [`Error::ChallengeUnknown`],
    /// [`Error::ChallengeReplayed`], [`Error::ChallengeExpired`], a certificate
    /// that does not parse ([`Error::Decode`]), [`Error::LoginSignatureInvalid`],
    /// a path error ([`Error::IssuerNotFound`] for another hierarchy…),
    /// [`Error::WrongCertificateKind`] for a signing certificate,
    /// [`Error::CertificateRevoked`], [`Error::RevocationUnavailable`] when no
    /// revocation data answers under a hard-fail policy.
    pub fn verify_login(
        &self,
        response: &LoginResponse,
        store: &dyn NonceStore,
        at: Time,
    ) -> Result<Login, Error> {
        let challenge = store.redeem(response.nonce())?;
        self.check_login(response, challenge, at)
    }

    /// Verifies a login response to `challenge`, which the host has redeemed
    /// itself: for hosts whose nonce store cannot be a [`NonceStore`] (a
    /// database reached asynchronously, a JavaScript object, the web session
    /// that holds the challenge). The host must take the challenge out of its
    /// store exactly once, atomically, before calling this; everything else is
    /// checked as in [`Verifier::verify_login`].
    ///
    /// # Errors
    /// [`Error::ChallengeUnknown`] if the response answers another nonce; then
    /// as [`Verifier::verify_login`].
    pub fn verify_login_redeemed(
        &self,
        response: &LoginResponse,
        challenge: &LoginChallenge,
        at: Time,
    ) -> Result<Login, Error> {
        if response.nonce() != challenge.nonce() {
            return Err(Error::ChallengeUnknown);
        }
        self.check_login(response, challenge.clone(), at)
    }

    /// [`Verifier::verify_login`] once the challenge is redeemed.
    fn check_login(
        &self,
        response: &LoginResponse,
        challenge: LoginChallenge,
        at: Time,
    ) -> Result<Login, Error> {
        if challenge.is_expired_at(at) {
            return Err(Error::ChallengeExpired {
                expired_at: challenge.expires_at(),
            });
        }
        let certificate = Certificate::from_der(response.certificate_der())?;
        // An EC key (the next-generation card, P-384): ECDSA over the same SHA-256
        // digest, the card's raw r‖s converted to DER.
        let (scheme, signature) =
            match crate::crypto::EcCurve::of_public_key(certificate.public_key_der()) {
                Some(curve) if response.signature().len() == 2 * curve.field_len() => (
                    SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
                    crate::crypto::ecdsa_raw_to_der(response.signature())
                        .map_err(|_| Error::LoginSignatureInvalid)?,
                ),
                Some(_) => (
                    SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
                    response.signature().to_vec(),
                ),
                None => (
                    SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
                    response.signature().to_vec(),
                ),
            };
        self.verify_with_key(&certificate, scheme, challenge.der(), &signature)
            .map_err(|_| Error::LoginSignatureInvalid)?;
        let verdict = self.verify_certificate(&certificate, Usage::Authentication, at);
        if let Some(e) = verdict.error() {
            return Err(e.clone());
        }
        if !verdict.is_valid() {
            return Err(Error::RevocationUnavailable {
                serial: certificate.serial().clone(),
                causes: Vec::new(),
            });
        }
        let issuer = verdict.path.as_ref().and_then(|p| p.certificates().get(1));
        Ok(Login {
            account: AccountKey::of(&certificate, issuer),
            certificate,
            challenge,
            at,
            verdict,
        })
    }

    /// Verifies a registration at `at` ([`register`] made it): redeems the
    /// login response's challenge in `store` (once), checks that the signed
    /// application is valid (signature, signing certificate, revocation, and its
    /// 4 basic info equal `applicant`'s) and was signed over this challenge, and
    /// that the login response to the same challenge is valid. Returns the
    /// binding to record.
    ///
    /// # Errors
    /// As [`Verifier::verify_login`]; the signed application's first failure
    /// ([`Error::PersonalInfoMismatch`], [`Error::CertificateRevoked`]…);
    /// [`Error::RegistrationMismatch`] if it was not signed over this challenge.
    pub fn register(
        &self,
        signed_application: &[u8],
        applicant: &Applicant,
        login: &LoginResponse,
        store: &dyn NonceStore,
        at: Time,
    ) -> Result<AccountBinding, Error> {
        let challenge = store.redeem(login.nonce())?;
        if challenge.is_expired_at(at) {
            return Err(Error::ChallengeExpired {
                expired_at: challenge.expires_at(),
            });
        }
        let verdict = self.verify(signed_application, None, Some(applicant), at);
        if !verdict.is_valid() {
            return Err(verdict
                .error()
                .cloned()
                .unwrap_or(Error::RegistrationMismatch {
                    reason: "the applicant gave none of the 4 basic info to compare",
                }));
        }
        let message = SignedMessage::parse(signed_application)?;
        let content = message.content().ok_or(Error::RegistrationMismatch {
            reason: "the signed application carries no content",
        })?;
        let (signed_challenge, application) = parse_registration(content)?;
        if signed_challenge != challenge.der() {
            return Err(Error::RegistrationMismatch {
                reason: "the application was signed over another challenge",
            });
        }
        let (Some(signing_certificate), Some(holder)) =
            (verdict.signer().cloned(), verdict.holder.clone())
        else {
            return Err(Error::RegistrationMismatch {
                reason: "the application was not signed with a signing certificate",
            });
        };
        let login = self.check_login(login, challenge, at)?;
        Ok(AccountBinding {
            account: login.account,
            authentication_certificate: login.certificate,
            signing_certificate,
            holder,
            application,
            registered_at: at,
        })
    }
}

/// What a relying party records when an account is registered: the login
/// account key, the signing certificate the application was signed with and
/// its holder's 4 basic info.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccountBinding {
    /// The account key of the authentication certificate: logins with it are
    /// this account's.
    pub account: AccountKey,
    /// The user authentication certificate registered.
    pub authentication_certificate: Certificate,
    /// The signing certificate the application was signed with.
    pub signing_certificate: Certificate,
    /// The holder's 4 basic info at registration.
    pub holder: PersonalInfo,
    /// The application's bytes (the registration content's `application`).
    pub application: Vec<u8>,
    /// When it was registered.
    pub registered_at: Time,
}

/// What a later signed request means for an [`AccountBinding`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BindingStatus {
    /// Valid, and signed with the registered signing certificate.
    Current,
    /// Ask the holder to register again with their current signing
    /// certificate: the registered one was revoked because the certified
    /// contents changed (a move, a name change: affiliationChanged) or it was
    /// superseded, or the request was signed with another, newer signing
    /// certificate of the same holder's card. Logins keep working meanwhile.
    ReRegister {
        /// Why, in a sentence.
        reason: &'static str,
        /// The request's failure, when it failed (the revocation).
        error: Option<Error>,
    },
    /// Refused: the request is not valid for another reason (a death or a
    /// voluntary revocation, a compromised key, a bad signature…).
    Refused(Error),
}

impl AccountBinding {
    /// A binding rebuilt from what a relying party stored: the two certificates
    /// (the authentication certificate's issuer, when at hand, for its key id if
    /// the certificate has no authority key id), the application and the time.
    /// The account key and the holder's 4 basic info are read from the
    /// certificates again.
    ///
    /// # Errors
    /// [`Error::NoPersonalInfo`] if the signing certificate carries no 4 basic
    /// info.
    pub fn from_parts(
        authentication_certificate: Certificate,
        authentication_issuer: Option<&Certificate>,
        signing_certificate: Certificate,
        application: Vec<u8>,
        registered_at: Time,
    ) -> Result<Self, Error> {
        let holder = signing_certificate
            .personal_info()
            .cloned()
            .ok_or(Error::NoPersonalInfo {
                kind: signing_certificate.kind().as_str(),
            })?;
        Ok(Self {
            account: AccountKey::of(&authentication_certificate, authentication_issuer),
            authentication_certificate,
            signing_certificate,
            holder,
            application,
            registered_at,
        })
    }

    /// Whether `login` is this account's: the same account key.
    pub fn matches(&self, login: &Login) -> bool {
        login.account == self.account
    }

    /// What a later signed request's `verdict` means for the binding.
    pub fn assess(&self, verdict: &Verdict) -> BindingStatus {
        if verdict.is_valid() {
            return match verdict.signer() {
                Some(signer) if signer.der() == self.signing_certificate.der() => {
                    BindingStatus::Current
                }
                _ => BindingStatus::ReRegister {
                    reason: "signed with another signing certificate than the registered one: register it (its 4 basic info may have changed)",
                    error: None,
                },
            };
        }
        let revoked_signer = match &verdict.revocation_status {
            RevocationStatus::Revoked { serial, reason, .. }
                if verdict.signer().is_some_and(|s| s.serial() == serial)
                    && verdict.signature.passed()
                    && verdict.certificate.passed() =>
            {
                Some(*reason)
            }
            _ => None,
        };
        let error = verdict
            .error()
            .cloned()
            .unwrap_or(Error::PersonalInfoMismatch);
        match revoked_signer {
            Some(Some(RevocationReason::AffiliationChanged)) => BindingStatus::ReRegister {
                reason: "the signing certificate was revoked because the holder's 4 basic info changed (a move or a name change): register again with the new signing certificate",
                error: Some(error),
            },
            Some(Some(RevocationReason::Superseded)) => BindingStatus::ReRegister {
                reason: "the signing certificate was superseded: register again with the new signing certificate",
                error: Some(error),
            },
            _ => BindingStatus::Refused(error),
        }
    }
}

#[cfg(feature = "serde")]
mod json {
    //! The JSON of `jpki login verify --json` (feature `serde`), keys in this
    //! order, contract version [`Verdict::JSON_SCHEMA_VERSION`].

    use serde::ser::{Serialize, SerializeMap, Serializer};

    use super::{AccountBinding, AccountKey, BindingStatus, Login};
    use crate::Verdict;
    use crate::error::hex;

    impl Serialize for AccountKey {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(4))?;
            map.serialize_entry("id", &self.to_string())?;
            map.serialize_entry("issuer_key_id", &hex(&self.issuer_key_id))?;
            map.serialize_entry("serial", &self.serial.to_string())?;
            map.serialize_entry("public_key_sha256", &hex(&self.public_key_sha256))?;
            map.end()
        }
    }

    /// `valid` (true), `schema_version`, `at`, `relying_party`, `account` (the
    /// [`AccountKey`]: `id`, `issuer_key_id`, `serial`, `public_key_sha256`),
    /// `certificate` (the authentication certificate's [`CertificateVerdict`](crate::CertificateVerdict)).
    impl Serialize for Login {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(6))?;
            map.serialize_entry("valid", &true)?;
            map.serialize_entry("schema_version", &Verdict::JSON_SCHEMA_VERSION)?;
            map.serialize_entry("at", &self.at.to_string())?;
            map.serialize_entry("relying_party", self.challenge.relying_party())?;
            map.serialize_entry("account", &self.account)?;
            map.serialize_entry("certificate", &self.verdict)?;
            map.end()
        }
    }

    /// `schema_version`, `registered_at`, `account`, `signing_certificate`
    /// (`serial`, `issuer`), `holder` (the 4 basic info at registration).
    impl Serialize for AccountBinding {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            struct Cert<'a>(&'a crate::Certificate);
            impl Serialize for Cert<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let mut map = s.serialize_map(Some(3))?;
                    map.serialize_entry("serial", &self.0.serial().to_string())?;
                    map.serialize_entry("issuer", &self.0.issuer().to_string())?;
                    map.serialize_entry("not_after", &self.0.not_after().to_string())?;
                    map.end()
                }
            }
            let mut map = s.serialize_map(Some(5))?;
            map.serialize_entry("schema_version", &Verdict::JSON_SCHEMA_VERSION)?;
            map.serialize_entry("registered_at", &self.registered_at.to_string())?;
            map.serialize_entry("account", &self.account)?;
            map.serialize_entry("signing_certificate", &Cert(&self.signing_certificate))?;
            map.serialize_entry("holder", &self.holder)?;
            map.end()
        }
    }

    /// `status` (`current`, `re_register`, `refused`), and `reason` for
    /// `re_register`; `error`, `code`, `kind` when the request failed.
    impl Serialize for BindingStatus {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(None)?;
            let (status, reason, error) = match self {
                Self::Current => ("current", None, None),
                Self::ReRegister { reason, error } => {
                    ("re_register", Some(*reason), error.as_ref())
                }
                Self::Refused(e) => ("refused", None, Some(e)),
            };
            map.serialize_entry("status", status)?;
            if let Some(reason) = reason {
                map.serialize_entry("reason", reason)?;
            }
            if let Some(e) = error {
                map.serialize_entry("error", &e.to_string())?;
                map.serialize_entry("code", &e.kind().code())?;
                map.serialize_entry("kind", e.kind().name())?;
            }
            map.end()
        }
    }
}

impl BindingStatus {
    /// `current`, `re_register` or `refused`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::ReRegister { .. } => "re_register",
            Self::Refused(_) => "refused",
        }
    }
}
