//! Small value types that errors carry, kept below everything else so that the
//! error type depends on no module above it. Each is re-exported by exactly one
//! public module: [`PersonalField`] by `cert`, [`RevocationReason`] by
//! `revocation`, [`ResponseStatus`] by `revocation::ocsp`, [`HttpProblem`] by
//! `revocation::http` (and the crate root when `http` is off), [`PinKind`],
//! [`TransportError`] and [`TransportErrorKind`] by `card`, and
//! [`SimulatorError`] by the crate root (it must be nameable with every feature
//! set, and `sim` exists only with feature `sim`).
//!
//! What the card side adds to [`PinKind`] (its EF, its application) is an
//! inherent `impl` in `card`, so this module knows nothing of the card.

use core::fmt;
use core::time::Duration;
use std::io;

use crate::Serial;

/// One of the 4 basic info fields, for error messages and comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PersonalField {
    /// 氏名.
    Name,
    /// 生年月日.
    BirthDate,
    /// 性別.
    Sex,
    /// 住所.
    Address,
}

impl PersonalField {
    /// A stable lower-case name (`name`, `birth_date`, `sex`, `address`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::BirthDate => "birth_date",
            Self::Sex => "sex",
            Self::Address => "address",
        }
    }
}

impl fmt::Display for PersonalField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// CRLReason (RFC 5280 §5.3.1), read the way J-LIS uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RevocationReason {
    /// `0` unspecified: J-LIS uses it for a certificate destroyed before delivery.
    Unspecified,
    /// `1` keyCompromise: the holder reported the key or card lost or exposed
    /// (鍵の漏えい等の届出).
    KeyCompromise,
    /// `2` cACompromise.
    CaCompromise,
    /// `3` affiliationChanged: the certified contents changed (異動等失効): the
    /// resident register recorded a move, a name change or a new address notation.
    AffiliationChanged,
    /// `4` superseded: renewed.
    Superseded,
    /// `5` cessationOfOperation: no longer used (voluntary revocation, death).
    CessationOfOperation,
    /// `6` certificateHold.
    CertificateHold,
    /// `8` removeFromCRL (delta CRLs only).
    RemoveFromCrl,
    /// `9` privilegeWithdrawn.
    PrivilegeWithdrawn,
    /// `10` aACompromise.
    AaCompromise,
}

impl RevocationReason {
    /// From the CRLReason code; `None` for 7 (unused) and unknown codes.
    pub const fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            8 => Self::RemoveFromCrl,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            _ => return None,
        })
    }

    /// The CRLReason code.
    pub const fn code(self) -> u8 {
        match self {
            Self::Unspecified => 0,
            Self::KeyCompromise => 1,
            Self::CaCompromise => 2,
            Self::AffiliationChanged => 3,
            Self::Superseded => 4,
            Self::CessationOfOperation => 5,
            Self::CertificateHold => 6,
            Self::RemoveFromCrl => 8,
            Self::PrivilegeWithdrawn => 9,
            Self::AaCompromise => 10,
        }
    }

    /// The RFC 5280 name (`affiliationChanged`).
    pub const fn rfc_name(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "keyCompromise",
            Self::CaCompromise => "cACompromise",
            Self::AffiliationChanged => "affiliationChanged",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessationOfOperation",
            Self::CertificateHold => "certificateHold",
            Self::RemoveFromCrl => "removeFromCRL",
            Self::PrivilegeWithdrawn => "privilegeWithdrawn",
            Self::AaCompromise => "aACompromise",
        }
    }

    /// What the reason means for a JPKI certificate, in a few words.
    pub const fn jpki_meaning(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified (e.g. destroyed before delivery)",
            Self::KeyCompromise => "key compromise (card lost or key exposed)",
            Self::CaCompromise => "CA compromise",
            Self::AffiliationChanged => "certified contents changed (move, name change)",
            Self::Superseded => "superseded (renewed)",
            Self::CessationOfOperation => "no longer used (voluntary revocation, death)",
            Self::CertificateHold => "on hold",
            Self::RemoveFromCrl => "removed from CRL",
            Self::PrivilegeWithdrawn => "privilege withdrawn",
            Self::AaCompromise => "AA compromise",
        }
    }
}

/// `affiliationChanged (certified contents changed (move, name change))`.
impl fmt::Display for RevocationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.rfc_name(), self.jpki_meaning())
    }
}

/// `OCSPResponseStatus` ([RFC 6960 §4.2.1](https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseStatus {
    /// `0` successful: the response carries certificate statuses.
    Successful,
    /// `1` malformedRequest: the responder could not read the request.
    MalformedRequest,
    /// `2` internalError: the responder is in an inconsistent state.
    InternalError,
    /// `3` tryLater: the responder cannot answer now.
    TryLater,
    /// `5` sigRequired: the responder wants signed requests.
    SigRequired,
    /// `6` unauthorized: the responder does not answer this requester or this CA.
    Unauthorized,
}

impl ResponseStatus {
    /// The status of `code`; `None` for 4 (unused) and codes above 6.
    pub const fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Successful,
            1 => Self::MalformedRequest,
            2 => Self::InternalError,
            3 => Self::TryLater,
            5 => Self::SigRequired,
            6 => Self::Unauthorized,
            _ => return None,
        })
    }

    /// The ENUMERATED code.
    pub const fn code(self) -> u8 {
        match self {
            Self::Successful => 0,
            Self::MalformedRequest => 1,
            Self::InternalError => 2,
            Self::TryLater => 3,
            Self::SigRequired => 5,
            Self::Unauthorized => 6,
        }
    }

    /// The RFC 6960 name, e.g. `tryLater`.
    pub const fn rfc_name(self) -> &'static str {
        match self {
            Self::Successful => "successful",
            Self::MalformedRequest => "malformedRequest",
            Self::InternalError => "internalError",
            Self::TryLater => "tryLater",
            Self::SigRequired => "sigRequired",
            Self::Unauthorized => "unauthorized",
        }
    }
}

/// `tryLater (3)`.
impl fmt::Display for ResponseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.rfc_name(), self.code())
    }
}

/// What went wrong in an OCSP exchange over HTTP (in [`Error::Http`](crate::Error::Http)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpProblem {
    /// The URL is not one this client handles (`http://host[:port]/path`).
    UnsupportedUrl {
        /// Why.
        reason: &'static str,
    },
    /// The host name resolved to no address.
    Resolve {
        /// The resolver's error, when it gave one.
        kind: Option<io::ErrorKind>,
    },
    /// Connecting, sending or receiving failed.
    Io {
        /// `"connecting"`, `"sending"` or `"receiving"`.
        during: &'static str,
        /// The socket error.
        kind: io::ErrorKind,
    },
    /// The exchange took longer than `HttpLimits::timeout`.
    TimedOut {
        /// The limit.
        limit: Duration,
    },
    /// The responder answered another status than 200.
    Status {
        /// The HTTP status code.
        code: u16,
    },
    /// The answer is not `application/ocsp-response`.
    ContentType {
        /// The Content-Type received, if any.
        found: Option<String>,
    },
    /// The body is longer than `HttpLimits::max_response_bytes`.
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The answer is not a well-formed HTTP/1.x response.
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
}

impl fmt::Display for HttpProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedUrl { reason } => write!(f, "unsupported URL: {reason}"),
            Self::Resolve { kind: Some(kind) } => write!(f, "cannot resolve the host: {kind}"),
            Self::Resolve { kind: None } => f.write_str("the host resolves to no address"),
            Self::Io { during, kind } => write!(f, "{during} failed: {kind}"),
            Self::TimedOut { limit } => write!(f, "no complete answer within {limit:?}"),
            Self::Status { code } => write!(f, "the responder answered HTTP {code}"),
            Self::ContentType { found: Some(found) } => {
                write!(f, "the answer is {found:?}, not application/ocsp-response")
            }
            Self::ContentType { found: None } => {
                f.write_str("the answer has no Content-Type (application/ocsp-response expected)")
            }
            Self::TooLarge { limit } => write!(f, "the answer exceeds {limit} bytes"),
            Self::Malformed { reason } => write!(f, "malformed HTTP response: {reason}"),
        }
    }
}

/// Which secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PinKind {
    /// 署名用パスワード: 6–16 characters of A–Z and 0–9, 5 tries.
    SigningPassword,
    /// 利用者証明用暗証番号: 4 digits, 3 tries.
    AuthenticationPin,
    /// 券面事項入力補助用暗証番号 (text AP): 4 digits.
    AttributesPin,
}

impl PinKind {
    /// `signing-password`, `auth-pin` or `attributes-pin`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SigningPassword => "signing-password",
            Self::AuthenticationPin => "auth-pin",
            Self::AttributesPin => "attributes-pin",
        }
    }
}

impl fmt::Display for PinKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::SigningPassword => "signing password",
            Self::AuthenticationPin => "authentication PIN",
            Self::AttributesPin => "attributes PIN",
        })
    }
}

/// How a transport failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The card was removed.
    CardRemoved,
    /// The card was reset by someone else (its selection state is lost).
    CardReset,
    /// No card in the reader.
    NoCard,
    /// The reader is gone or unknown.
    ReaderUnavailable,
    /// No reader, or none with a JPKI card.
    NoReader,
    /// The PC/SC service is not running.
    ServiceUnavailable,
    /// Another application holds the card exclusively.
    Busy,
    /// A timeout.
    Timeout,
    /// Anything else.
    Other,
}

/// A failure of the transport carrying APDUs (reader, NFC link, socket…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What happened.
    pub kind: TransportErrorKind,
    /// Details from the transport.
    pub message: String,
}

impl TransportError {
    /// A transport error of `kind`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {}

/// What went wrong in the simulator (feature `sim`), in
/// [`Error::Simulator`](crate::Error::Simulator).
///
/// Defined with every feature set, like [`Error`](crate::Error) itself, so that
/// the error type (and every `match` on it, in bindings too) is the same whether
/// or not `sim` is enabled. For the same reason it is re-exported from the crate
/// root, `jpki::SimulatorError`, rather than from `jpki::sim`, which exists only
/// with feature `sim`. Each case has its own [`ErrorKind`](crate::ErrorKind)
/// (`SimUnderAge` 1000 … `SimEncoding` 1006).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SimulatorError {
    /// The simulator cannot issue a signing certificate to someone under 15.
    #[error("no signing certificate under age 15 (the resident is {age})")]
    UnderAgeForSigning {
        /// The resident's age on the issuance date.
        age: u16,
    },

    /// A register character lies outside the certificate charset and the
    /// substitute table lists no replacement for it.
    #[error(
        "{field} character {ch:?} at position {position} is outside the certificate charset and has no listed substitute"
    )]
    NoSubstitute {
        /// The field (name or address).
        field: PersonalField,
        /// The character.
        ch: char,
        /// Its position (0-based, in characters).
        position: usize,
    },

    /// A register record field is empty or too long for the profile.
    #[error("register record: {reason}")]
    InvalidRecord {
        /// What is wrong.
        reason: String,
    },

    /// No certificate with this serial was issued by the simulator.
    #[error("no certificate with serial {serial} was issued")]
    UnknownSerial {
        /// The serial asked about.
        serial: Serial,
    },

    /// The simulator's state directory is missing, unreadable or inconsistent.
    #[error("simulator state {path}: {reason}")]
    State {
        /// The file or directory concerned.
        path: String,
        /// What went wrong.
        reason: String,
    },

    /// A cryptographic operation of the simulator failed (key generation, signing).
    #[error("simulator crypto: {reason}")]
    Crypto {
        /// What failed.
        reason: String,
    },

    /// The simulator could not encode (or read back) a structure it builds: a
    /// name, an extension, a certificate, a CRL or an OCSP response.
    #[error("simulator: cannot encode {what}: {reason}")]
    Encoding {
        /// What was being encoded.
        what: &'static str,
        /// The encoder's message.
        reason: String,
    },
}
