//! `jpki_result`: what every fallible export returns.
//!
//! The values are the core's stable `jpki::ErrorKind` codes (grouped by area in
//! hundreds, never renumbered) plus a few of the C ABI's own in the 9000s: a NULL
//! argument, a buffer too small, text that is not UTF-8, an argument out of range,
//! a panic caught at the boundary. `JPKI_RESULT_OK` is 0.
//!
//! This file's variants mirror `jpki::ErrorKind` one for one; a test checks every
//! kind maps to the variant with its code and name.

use jpki::ErrorKind;

/// The result of a fallible `jpki_*` function: `JPKI_RESULT_OK` (0), one of the
/// core's error kinds (same number as `jpki::ErrorKind`), or one of the C ABI's
/// own (9000 and up). Codes are stable: a code is never reused for another
/// meaning. `jpki_result_message` and `jpki_result_name` describe a code.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
#[must_use]
pub enum jpki_result {
    /// Success.
    Ok = 0,
    /// Not valid DER for the structure expected.
    Decode = 100,
    /// A PEM document could not be read.
    Pem = 101,
    /// No PEM block with the expected label.
    NoPemBlock = 102,
    /// A date given as text is not `YYYY-MM-DD`.
    InvalidDate = 103,
    /// A time given as text is not RFC 3339.
    InvalidTime = 104,
    /// A serial given as text is not decimal or `0x` hex.
    InvalidSerial = 105,
    /// An OID given as text is not dotted decimal.
    InvalidOid = 106,
    /// A PEM block is encrypted (RFC 1421), which is not supported.
    PemUnsupported = 107,
    /// An extension occurs twice.
    DuplicateExtension = 200,
    /// A 4 basic info otherName is not a UTF8String.
    WrongOtherNameTag = 201,
    /// A 4 basic info otherName occurs twice.
    DuplicateOtherName = 202,
    /// Some but not all of the 4 basic info are present.
    MissingPersonalField = 203,
    /// A substitute-position string is malformed.
    InvalidSubstitutePositions = 204,
    /// The birth date's era code is unknown.
    UnknownEra = 205,
    /// The birth date is not an era code and a real date.
    InvalidBirthDate = 206,
    /// The era code contradicts the date.
    EraMismatch = 207,
    /// The sex code is not 1, 2 or 3.
    InvalidSex = 208,
    /// A certificate of the path has expired.
    CertificateExpired = 300,
    /// A certificate of the path is not yet valid.
    CertificateNotYetValid = 301,
    /// No trusted issuer is designated by the authority key id.
    IssuerNotFound = 302,
    /// A certificate's signature does not verify with its issuer's key.
    CertificateSignatureInvalid = 303,
    /// The inner and outer signature algorithms differ.
    SignatureAlgorithmMismatch = 304,
    /// A certificate is signed with SHA-1 and legacy is not allowed.
    LegacyCertificateSignature = 305,
    /// An issuer is not a CA.
    NotCa = 306,
    /// A pathLenConstraint is exceeded.
    PathLenExceeded = 307,
    /// The end entity is a CA.
    EndEntityIsCa = 308,
    /// A critical extension is not processed.
    UnknownCriticalExtension = 309,
    /// No path within the maximum depth.
    PathTooLong = 310,
    /// Path building exceeded its work budget.
    BudgetExhausted = 311,
    /// A keyUsage lacks what the use needs.
    KeyUsageLacks = 312,
    /// The end entity asserts none of the accepted policies.
    PolicyNotAccepted = 313,
    /// The certificate is not of the kind the use needs.
    WrongCertificateKind = 314,
    /// A verifier was built without trust anchors.
    NoTrustAnchors = 315,
    /// A certificate breaks a rule of RFC 5280.
    ProfileViolation = 316,
    /// No valid policy where an explicit one is required.
    NoValidPolicy = 317,
    /// A name violates the name constraints of the path.
    NameConstraintViolated = 318,
    /// An algorithm this library does not accept.
    UnsupportedAlgorithm = 400,
    /// A public key that is not a usable RSA or P-256/P-384 EC key.
    UnsupportedKey = 401,
    /// A signature does not verify.
    BadSignature = 402,
    /// SHA-1 where legacy is not allowed.
    LegacyAlgorithmNotAllowed = 403,
    /// A digest has the wrong length.
    InvalidDigest = 404,
    /// The ContentInfo does not hold SignedData.
    CmsNotSignedData = 405,
    /// A signed attribute is malformed.
    CmsAttribute = 406,
    /// A required signed attribute is missing.
    CmsMissingAttribute = 407,
    /// Not exactly one signer.
    CmsSignerCount = 408,
    /// A detached signature and no content.
    CmsNoContent = 409,
    /// The content given differs from the encapsulated one.
    CmsContentConflict = 410,
    /// The signed contentType differs from eContentType.
    CmsContentTypeMismatch = 411,
    /// The content is not what was signed.
    CmsDigestMismatch = 412,
    /// The signer's certificate is nowhere.
    CmsSignerNotFound = 413,
    /// The ESS reference names another certificate.
    CmsSigningCertificateMismatch = 414,
    /// A signature to complete a CMS is not by the signer's key.
    CmsSignatureNotBySigner = 415,
    /// The signer's certificate carries no 4 basic info.
    NoPersonalInfo = 500,
    /// The 4 basic info differ from the application.
    PersonalInfoMismatch = 501,
    /// A certificate of the path is revoked.
    CertificateRevoked = 600,
    /// No revocation source answered (hard fail).
    RevocationUnavailable = 601,
    /// A CRL is malformed.
    CrlMalformed = 602,
    /// A CRL entry is malformed.
    CrlEntry = 603,
    /// A CRL has a critical extension that is not processed.
    CrlUnknownCriticalExtension = 604,
    /// A CRL version other than v1 or v2.
    UnsupportedCrlVersion = 605,
    /// A v1 CRL carries extensions.
    CrlV1WithExtensions = 606,
    /// The CRL's inner and outer algorithms differ.
    CrlSignatureAlgorithmMismatch = 607,
    /// The CRL is issued by another name.
    CrlIssuerMismatch = 608,
    /// The CRL names another authority key.
    CrlKeyIdMismatch = 609,
    /// A CRL exceeds a size limit.
    CrlTooLarge = 610,
    /// The covering CRL is not current.
    CrlNotCurrent = 611,
    /// A CRL lacks the cRLNumber RFC 5280 requires.
    CrlNumberMissing = 612,
    /// A CRL marks cRLNumber critical.
    CrlNumberCritical = 613,
    /// A delta CRL may exist and no current one was supplied.
    DeltaCrlMissing = 614,
    /// A current delta CRL does not apply to the CRL held.
    DeltaCrlBaseMismatch = 615,
    /// The covering CRLs do not cover every reason.
    CrlReasonsIncomplete = 616,
    /// A CRL signer does not validate to the anchor.
    CrlSignerNotValidated = 617,
    /// The responder answered other than successful.
    OcspResponseStatus = 700,
    /// Not a basic OCSP response.
    OcspNotBasic = 701,
    /// An OCSP message breaks RFC 6960.
    OcspMalformed = 702,
    /// The OCSP request names another issuer.
    OcspIssuerMismatch = 703,
    /// The OCSP responder may not answer for the certificate.
    OcspResponderNotAuthorized = 704,
    /// Not exactly one answer for the certificate.
    OcspCertIdMismatch = 705,
    /// The response does not echo the nonce.
    OcspNonceMissing = 706,
    /// The response's nonce differs.
    OcspNonceMismatch = 707,
    /// A nonce of the wrong length.
    OcspInvalidNonce = 708,
    /// The OCSP response is stale.
    OcspStale = 709,
    /// The OCSP response is from the future.
    OcspNotYetValid = 710,
    /// An OCSP critical extension is not understood.
    OcspUnknownCriticalExtension = 711,
    /// The responder answered unknown.
    OcspStatusUnknown = 712,
    /// OCSP over HTTP failed.
    Http = 713,
    /// An APDU field exceeds the short-APDU limits.
    ApduTooLong = 800,
    /// Bytes are not a valid command APDU.
    MalformedCommand = 801,
    /// The card's answer is malformed.
    MalformedResponse = 802,
    /// The card answered an unexpected status word.
    UnexpectedStatus = 803,
    /// The transport failed.
    Transport = 804,
    /// The card has no JPKI (or text) application.
    ApplicationNotFound = 805,
    /// A file is not on the card.
    FileNotFound = 806,
    /// A card session was used out of order.
    CardSessionMisuse = 807,
    /// A secret must be verified first.
    SecurityStatusNotSatisfied = 900,
    /// A secret fails validation; nothing was sent.
    InvalidSecret = 901,
    /// A wrong secret; tries remain.
    WrongPin = 902,
    /// The secret is blocked.
    PinBlocked = 903,
    /// The last try was refused without allow_last_try.
    LastTryRefused = 904,
    /// No signing certificate under 15.
    SimUnderAge = 1000,
    /// A register character has no substitute.
    SimNoSubstitute = 1001,
    /// A register record field is invalid.
    SimInvalidRecord = 1002,
    /// No certificate with this serial was issued.
    SimUnknownSerial = 1003,
    /// The simulator's state is unusable.
    SimState = 1004,
    /// A simulator cryptographic operation failed.
    SimCrypto = 1005,
    /// The simulator could not encode a structure.
    SimEncoding = 1006,
    /// A login challenge is malformed or unusable (a nonce not of 32–64 bytes,
    /// an empty relying party, an expiry not after the issue…).
    InvalidChallenge = 1100,
    /// A login response answers a challenge the relying party does not hold.
    ChallengeUnknown = 1101,
    /// A login challenge was already used.
    ChallengeReplayed = 1102,
    /// A login response came after its challenge expired.
    ChallengeExpired = 1103,
    /// A login signature does not verify over the relying party's challenge.
    LoginSignatureInvalid = 1104,
    /// The nonce store holds as many challenges as it may.
    NonceStoreFull = 1105,
    /// A registration's signed application does not answer its challenge.
    RegistrationMismatch = 1106,
    /// A nonce store could not be consulted or updated.
    NonceStoreUnavailable = 1107,
    /// A required pointer argument was NULL.
    NullParameter = 9000,
    /// The output buffer is too small; the size needed was written to the
    /// length output.
    BufferTooSmall = 9001,
    /// Text given to the library is not UTF-8.
    InvalidUtf8 = 9002,
    /// An argument is outside the values the function accepts (an unknown enum
    /// value, a time out of range).
    InvalidArgument = 9003,
    /// A panic inside the library was caught at the C boundary (a bug: please
    /// report it); no output was written.
    Panic = 9004,
    /// An error kind this version of the C ABI does not name (a newer core).
    Unknown = 9005,
}

impl jpki_result {
    /// The numeric code C sees.
    #[allow(clippy::as_conversions)] // a fieldless `repr(u32)` enum: the cast is exact
    pub(crate) const fn code(self) -> u32 {
        self as u32
    }

    /// Every FFI-only result, with its name.
    pub(crate) const FFI_ONLY: &'static [(Self, &'static str)] = &[
        (Self::NullParameter, "NULL_PARAMETER"),
        (Self::BufferTooSmall, "BUFFER_TOO_SMALL"),
        (Self::InvalidUtf8, "INVALID_UTF8"),
        (Self::InvalidArgument, "INVALID_ARGUMENT"),
        (Self::Panic, "PANIC"),
        (Self::Unknown, "UNKNOWN"),
    ];

    /// The result for a core error kind.
    pub(crate) fn from_kind(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Decode => Self::Decode,
            ErrorKind::Pem => Self::Pem,
            ErrorKind::NoPemBlock => Self::NoPemBlock,
            ErrorKind::InvalidDate => Self::InvalidDate,
            ErrorKind::InvalidTime => Self::InvalidTime,
            ErrorKind::InvalidSerial => Self::InvalidSerial,
            ErrorKind::InvalidOid => Self::InvalidOid,
            ErrorKind::PemUnsupported => Self::PemUnsupported,
            ErrorKind::DuplicateExtension => Self::DuplicateExtension,
            ErrorKind::WrongOtherNameTag => Self::WrongOtherNameTag,
            ErrorKind::DuplicateOtherName => Self::DuplicateOtherName,
            ErrorKind::MissingPersonalField => Self::MissingPersonalField,
            ErrorKind::InvalidSubstitutePositions => Self::InvalidSubstitutePositions,
            ErrorKind::UnknownEra => Self::UnknownEra,
            ErrorKind::InvalidBirthDate => Self::InvalidBirthDate,
            ErrorKind::EraMismatch => Self::EraMismatch,
            ErrorKind::InvalidSex => Self::InvalidSex,
            ErrorKind::CertificateExpired => Self::CertificateExpired,
            ErrorKind::CertificateNotYetValid => Self::CertificateNotYetValid,
            ErrorKind::IssuerNotFound => Self::IssuerNotFound,
            ErrorKind::CertificateSignatureInvalid => Self::CertificateSignatureInvalid,
            ErrorKind::SignatureAlgorithmMismatch => Self::SignatureAlgorithmMismatch,
            ErrorKind::LegacyCertificateSignature => Self::LegacyCertificateSignature,
            ErrorKind::NotCa => Self::NotCa,
            ErrorKind::PathLenExceeded => Self::PathLenExceeded,
            ErrorKind::EndEntityIsCa => Self::EndEntityIsCa,
            ErrorKind::UnknownCriticalExtension => Self::UnknownCriticalExtension,
            ErrorKind::PathTooLong => Self::PathTooLong,
            ErrorKind::BudgetExhausted => Self::BudgetExhausted,
            ErrorKind::KeyUsageLacks => Self::KeyUsageLacks,
            ErrorKind::PolicyNotAccepted => Self::PolicyNotAccepted,
            ErrorKind::WrongCertificateKind => Self::WrongCertificateKind,
            ErrorKind::NoTrustAnchors => Self::NoTrustAnchors,
            ErrorKind::ProfileViolation => Self::ProfileViolation,
            ErrorKind::NoValidPolicy => Self::NoValidPolicy,
            ErrorKind::NameConstraintViolated => Self::NameConstraintViolated,
            ErrorKind::UnsupportedAlgorithm => Self::UnsupportedAlgorithm,
            ErrorKind::UnsupportedKey => Self::UnsupportedKey,
            ErrorKind::BadSignature => Self::BadSignature,
            ErrorKind::LegacyAlgorithmNotAllowed => Self::LegacyAlgorithmNotAllowed,
            ErrorKind::InvalidDigest => Self::InvalidDigest,
            ErrorKind::CmsNotSignedData => Self::CmsNotSignedData,
            ErrorKind::CmsAttribute => Self::CmsAttribute,
            ErrorKind::CmsMissingAttribute => Self::CmsMissingAttribute,
            ErrorKind::CmsSignerCount => Self::CmsSignerCount,
            ErrorKind::CmsNoContent => Self::CmsNoContent,
            ErrorKind::CmsContentConflict => Self::CmsContentConflict,
            ErrorKind::CmsContentTypeMismatch => Self::CmsContentTypeMismatch,
            ErrorKind::CmsDigestMismatch => Self::CmsDigestMismatch,
            ErrorKind::CmsSignerNotFound => Self::CmsSignerNotFound,
            ErrorKind::CmsSigningCertificateMismatch => Self::CmsSigningCertificateMismatch,
            ErrorKind::CmsSignatureNotBySigner => Self::CmsSignatureNotBySigner,
            ErrorKind::NoPersonalInfo => Self::NoPersonalInfo,
            ErrorKind::PersonalInfoMismatch => Self::PersonalInfoMismatch,
            ErrorKind::CertificateRevoked => Self::CertificateRevoked,
            ErrorKind::RevocationUnavailable => Self::RevocationUnavailable,
            ErrorKind::CrlMalformed => Self::CrlMalformed,
            ErrorKind::CrlEntry => Self::CrlEntry,
            ErrorKind::CrlUnknownCriticalExtension => Self::CrlUnknownCriticalExtension,
            ErrorKind::UnsupportedCrlVersion => Self::UnsupportedCrlVersion,
            ErrorKind::CrlV1WithExtensions => Self::CrlV1WithExtensions,
            ErrorKind::CrlSignatureAlgorithmMismatch => Self::CrlSignatureAlgorithmMismatch,
            ErrorKind::CrlIssuerMismatch => Self::CrlIssuerMismatch,
            ErrorKind::CrlKeyIdMismatch => Self::CrlKeyIdMismatch,
            ErrorKind::CrlTooLarge => Self::CrlTooLarge,
            ErrorKind::CrlNotCurrent => Self::CrlNotCurrent,
            ErrorKind::CrlNumberMissing => Self::CrlNumberMissing,
            ErrorKind::CrlNumberCritical => Self::CrlNumberCritical,
            ErrorKind::DeltaCrlMissing => Self::DeltaCrlMissing,
            ErrorKind::DeltaCrlBaseMismatch => Self::DeltaCrlBaseMismatch,
            ErrorKind::CrlReasonsIncomplete => Self::CrlReasonsIncomplete,
            ErrorKind::CrlSignerNotValidated => Self::CrlSignerNotValidated,
            ErrorKind::OcspResponseStatus => Self::OcspResponseStatus,
            ErrorKind::OcspNotBasic => Self::OcspNotBasic,
            ErrorKind::OcspMalformed => Self::OcspMalformed,
            ErrorKind::OcspIssuerMismatch => Self::OcspIssuerMismatch,
            ErrorKind::OcspResponderNotAuthorized => Self::OcspResponderNotAuthorized,
            ErrorKind::OcspCertIdMismatch => Self::OcspCertIdMismatch,
            ErrorKind::OcspNonceMissing => Self::OcspNonceMissing,
            ErrorKind::OcspNonceMismatch => Self::OcspNonceMismatch,
            ErrorKind::OcspInvalidNonce => Self::OcspInvalidNonce,
            ErrorKind::OcspStale => Self::OcspStale,
            ErrorKind::OcspNotYetValid => Self::OcspNotYetValid,
            ErrorKind::OcspUnknownCriticalExtension => Self::OcspUnknownCriticalExtension,
            ErrorKind::OcspStatusUnknown => Self::OcspStatusUnknown,
            ErrorKind::Http => Self::Http,
            ErrorKind::ApduTooLong => Self::ApduTooLong,
            ErrorKind::MalformedCommand => Self::MalformedCommand,
            ErrorKind::MalformedResponse => Self::MalformedResponse,
            ErrorKind::UnexpectedStatus => Self::UnexpectedStatus,
            ErrorKind::Transport => Self::Transport,
            ErrorKind::ApplicationNotFound => Self::ApplicationNotFound,
            ErrorKind::FileNotFound => Self::FileNotFound,
            ErrorKind::CardSessionMisuse => Self::CardSessionMisuse,
            ErrorKind::SecurityStatusNotSatisfied => Self::SecurityStatusNotSatisfied,
            ErrorKind::InvalidSecret => Self::InvalidSecret,
            ErrorKind::WrongPin => Self::WrongPin,
            ErrorKind::PinBlocked => Self::PinBlocked,
            ErrorKind::LastTryRefused => Self::LastTryRefused,
            ErrorKind::SimUnderAge => Self::SimUnderAge,
            ErrorKind::SimNoSubstitute => Self::SimNoSubstitute,
            ErrorKind::SimInvalidRecord => Self::SimInvalidRecord,
            ErrorKind::SimUnknownSerial => Self::SimUnknownSerial,
            ErrorKind::SimState => Self::SimState,
            ErrorKind::SimCrypto => Self::SimCrypto,
            ErrorKind::SimEncoding => Self::SimEncoding,
            ErrorKind::InvalidChallenge => Self::InvalidChallenge,
            ErrorKind::ChallengeUnknown => Self::ChallengeUnknown,
            ErrorKind::ChallengeReplayed => Self::ChallengeReplayed,
            ErrorKind::ChallengeExpired => Self::ChallengeExpired,
            ErrorKind::LoginSignatureInvalid => Self::LoginSignatureInvalid,
            ErrorKind::NonceStoreFull => Self::NonceStoreFull,
            ErrorKind::RegistrationMismatch => Self::RegistrationMismatch,
            ErrorKind::NonceStoreUnavailable => Self::NonceStoreUnavailable,
            _ => Self::Unknown,
        }
    }

    /// The core's kind for this result, if it is one.
    #[cfg(test)]
    pub(crate) fn kind(self) -> Option<ErrorKind> {
        ErrorKind::ALL
            .iter()
            .copied()
            .find(|k| Self::from_kind(*k) == self)
    }
}

impl From<&jpki::Error> for jpki_result {
    fn from(e: &jpki::Error) -> Self {
        Self::from_kind(e.kind())
    }
}

impl From<jpki::Error> for jpki_result {
    fn from(e: jpki::Error) -> Self {
        Self::from_kind(e.kind())
    }
}

/// The English description of a code.
pub(crate) fn message(code: u32) -> String {
    if code == 0 {
        return "success".into();
    }
    if let Some(kind) = ErrorKind::ALL
        .iter()
        .copied()
        .find(|k| u32::from(k.code()) == code)
    {
        return kind.description().into();
    }
    match code {
        9000 => "a required pointer argument was NULL".into(),
        9001 => "the output buffer is too small; the length needed was written".into(),
        9002 => "text given to the library is not UTF-8".into(),
        9003 => "an argument is outside the values the function accepts".into(),
        9004 => "a panic inside the library was caught at the C boundary (a bug)".into(),
        9005 => "an error this version of the C ABI does not name".into(),
        other => format!("unknown result code {other}"),
    }
}

/// The stable name of a code as a static C string.
pub(crate) fn name_cstr(code: u32) -> &'static std::ffi::CStr {
    NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(c"UNKNOWN", |(_, n)| *n)
}

/// Every code with its stable name.
const NAMES: &[(u32, &std::ffi::CStr)] = &[
    (0, c"OK"),
    (100, c"DECODE"),
    (101, c"PEM"),
    (102, c"NO_PEM_BLOCK"),
    (103, c"INVALID_DATE"),
    (104, c"INVALID_TIME"),
    (105, c"INVALID_SERIAL"),
    (106, c"INVALID_OID"),
    (107, c"PEM_UNSUPPORTED"),
    (200, c"DUPLICATE_EXTENSION"),
    (201, c"WRONG_OTHER_NAME_TAG"),
    (202, c"DUPLICATE_OTHER_NAME"),
    (203, c"MISSING_PERSONAL_FIELD"),
    (204, c"INVALID_SUBSTITUTE_POSITIONS"),
    (205, c"UNKNOWN_ERA"),
    (206, c"INVALID_BIRTH_DATE"),
    (207, c"ERA_MISMATCH"),
    (208, c"INVALID_SEX"),
    (300, c"CERTIFICATE_EXPIRED"),
    (301, c"CERTIFICATE_NOT_YET_VALID"),
    (302, c"ISSUER_NOT_FOUND"),
    (303, c"CERTIFICATE_SIGNATURE_INVALID"),
    (304, c"SIGNATURE_ALGORITHM_MISMATCH"),
    (305, c"LEGACY_CERTIFICATE_SIGNATURE"),
    (306, c"NOT_CA"),
    (307, c"PATH_LEN_EXCEEDED"),
    (308, c"END_ENTITY_IS_CA"),
    (309, c"UNKNOWN_CRITICAL_EXTENSION"),
    (310, c"PATH_TOO_LONG"),
    (311, c"BUDGET_EXHAUSTED"),
    (312, c"KEY_USAGE_LACKS"),
    (313, c"POLICY_NOT_ACCEPTED"),
    (314, c"WRONG_CERTIFICATE_KIND"),
    (315, c"NO_TRUST_ANCHORS"),
    (316, c"PROFILE_VIOLATION"),
    (317, c"NO_VALID_POLICY"),
    (318, c"NAME_CONSTRAINT_VIOLATED"),
    (400, c"UNSUPPORTED_ALGORITHM"),
    (401, c"UNSUPPORTED_KEY"),
    (402, c"BAD_SIGNATURE"),
    (403, c"LEGACY_ALGORITHM_NOT_ALLOWED"),
    (404, c"INVALID_DIGEST"),
    (405, c"CMS_NOT_SIGNED_DATA"),
    (406, c"CMS_ATTRIBUTE"),
    (407, c"CMS_MISSING_ATTRIBUTE"),
    (408, c"CMS_SIGNER_COUNT"),
    (409, c"CMS_NO_CONTENT"),
    (410, c"CMS_CONTENT_CONFLICT"),
    (411, c"CMS_CONTENT_TYPE_MISMATCH"),
    (412, c"CMS_DIGEST_MISMATCH"),
    (413, c"CMS_SIGNER_NOT_FOUND"),
    (414, c"CMS_SIGNING_CERTIFICATE_MISMATCH"),
    (415, c"CMS_SIGNATURE_NOT_BY_SIGNER"),
    (500, c"NO_PERSONAL_INFO"),
    (501, c"PERSONAL_INFO_MISMATCH"),
    (600, c"CERTIFICATE_REVOKED"),
    (601, c"REVOCATION_UNAVAILABLE"),
    (602, c"CRL_MALFORMED"),
    (603, c"CRL_ENTRY"),
    (604, c"CRL_UNKNOWN_CRITICAL_EXTENSION"),
    (605, c"UNSUPPORTED_CRL_VERSION"),
    (606, c"CRL_V1_WITH_EXTENSIONS"),
    (607, c"CRL_SIGNATURE_ALGORITHM_MISMATCH"),
    (608, c"CRL_ISSUER_MISMATCH"),
    (609, c"CRL_KEY_ID_MISMATCH"),
    (610, c"CRL_TOO_LARGE"),
    (611, c"CRL_NOT_CURRENT"),
    (612, c"CRL_NUMBER_MISSING"),
    (613, c"CRL_NUMBER_CRITICAL"),
    (614, c"DELTA_CRL_MISSING"),
    (615, c"DELTA_CRL_BASE_MISMATCH"),
    (616, c"CRL_REASONS_INCOMPLETE"),
    (617, c"CRL_SIGNER_NOT_VALIDATED"),
    (700, c"OCSP_RESPONSE_STATUS"),
    (701, c"OCSP_NOT_BASIC"),
    (702, c"OCSP_MALFORMED"),
    (703, c"OCSP_ISSUER_MISMATCH"),
    (704, c"OCSP_RESPONDER_NOT_AUTHORIZED"),
    (705, c"OCSP_CERT_ID_MISMATCH"),
    (706, c"OCSP_NONCE_MISSING"),
    (707, c"OCSP_NONCE_MISMATCH"),
    (708, c"OCSP_INVALID_NONCE"),
    (709, c"OCSP_STALE"),
    (710, c"OCSP_NOT_YET_VALID"),
    (711, c"OCSP_UNKNOWN_CRITICAL_EXTENSION"),
    (712, c"OCSP_STATUS_UNKNOWN"),
    (713, c"HTTP"),
    (800, c"APDU_TOO_LONG"),
    (801, c"MALFORMED_COMMAND"),
    (802, c"MALFORMED_RESPONSE"),
    (803, c"UNEXPECTED_STATUS"),
    (804, c"TRANSPORT"),
    (805, c"APPLICATION_NOT_FOUND"),
    (806, c"FILE_NOT_FOUND"),
    (807, c"CARD_SESSION_MISUSE"),
    (900, c"SECURITY_STATUS_NOT_SATISFIED"),
    (901, c"INVALID_SECRET"),
    (902, c"WRONG_PIN"),
    (903, c"PIN_BLOCKED"),
    (904, c"LAST_TRY_REFUSED"),
    (1000, c"SIM_UNDER_AGE"),
    (1001, c"SIM_NO_SUBSTITUTE"),
    (1002, c"SIM_INVALID_RECORD"),
    (1003, c"SIM_UNKNOWN_SERIAL"),
    (1004, c"SIM_STATE"),
    (1005, c"SIM_CRYPTO"),
    (1006, c"SIM_ENCODING"),
    (1100, c"INVALID_CHALLENGE"),
    (1101, c"CHALLENGE_UNKNOWN"),
    (1102, c"CHALLENGE_REPLAYED"),
    (1103, c"CHALLENGE_EXPIRED"),
    (1104, c"LOGIN_SIGNATURE_INVALID"),
    (1105, c"NONCE_STORE_FULL"),
    (1106, c"REGISTRATION_MISMATCH"),
    (1107, c"NONCE_STORE_UNAVAILABLE"),
    (9000, c"NULL_PARAMETER"),
    (9001, c"BUFFER_TOO_SMALL"),
    (9002, c"INVALID_UTF8"),
    (9003, c"INVALID_ARGUMENT"),
    (9004, c"PANIC"),
    (9005, c"UNKNOWN"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_code_and_name() {
        for &kind in ErrorKind::ALL {
            let result = jpki_result::from_kind(kind);
            assert_ne!(result, jpki_result::Unknown, "{kind:?} is not mapped");
            assert_eq!(result.code(), u32::from(kind.code()), "{kind:?}");
            assert_eq!(result.kind(), Some(kind));
            assert_eq!(
                name_cstr(result.code()).to_str(),
                Ok(kind.name()),
                "{kind:?}"
            );
            assert_eq!(message(result.code()), kind.description());
        }
        for (result, name) in jpki_result::FFI_ONLY {
            assert_eq!(name_cstr(result.code()).to_str(), Ok(*name));
            assert!(result.code() >= 9000);
            assert_eq!(result.kind(), None);
        }
        assert_eq!(
            NAMES.len(),
            ErrorKind::ALL.len() + 1 + jpki_result::FFI_ONLY.len()
        );
        assert_eq!(name_cstr(0).to_str(), Ok("OK"));
        assert_eq!(name_cstr(12_345).to_str(), Ok("UNKNOWN"));
        assert!(message(12_345).contains("12345"));
    }
}
