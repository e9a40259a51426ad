//! The stable error codes: once published, a value never changes. Bindings (C,
//! Python, JavaScript) map errors through these alone, so this list is the
//! contract; a new kind gets a new number, a retired one keeps its number unused.
#![allow(clippy::as_conversions, clippy::unwrap_used)]

use jpki::{Error, ErrorKind, Serial, SimulatorError};

/// (code, name) of every published kind, in code order.
const PUBLISHED: &[(u16, &str)] = &[
    (100, "DECODE"),
    (101, "PEM"),
    (102, "NO_PEM_BLOCK"),
    (103, "INVALID_DATE"),
    (104, "INVALID_TIME"),
    (105, "INVALID_SERIAL"),
    (106, "INVALID_OID"),
    (107, "PEM_UNSUPPORTED"),
    (200, "DUPLICATE_EXTENSION"),
    (201, "WRONG_OTHER_NAME_TAG"),
    (202, "DUPLICATE_OTHER_NAME"),
    (203, "MISSING_PERSONAL_FIELD"),
    (204, "INVALID_SUBSTITUTE_POSITIONS"),
    (205, "UNKNOWN_ERA"),
    (206, "INVALID_BIRTH_DATE"),
    (207, "ERA_MISMATCH"),
    (208, "INVALID_SEX"),
    (300, "CERTIFICATE_EXPIRED"),
    (301, "CERTIFICATE_NOT_YET_VALID"),
    (302, "ISSUER_NOT_FOUND"),
    (303, "CERTIFICATE_SIGNATURE_INVALID"),
    (304, "SIGNATURE_ALGORITHM_MISMATCH"),
    (305, "LEGACY_CERTIFICATE_SIGNATURE"),
    (306, "NOT_CA"),
    (307, "PATH_LEN_EXCEEDED"),
    (308, "END_ENTITY_IS_CA"),
    (309, "UNKNOWN_CRITICAL_EXTENSION"),
    (310, "PATH_TOO_LONG"),
    (311, "BUDGET_EXHAUSTED"),
    (312, "KEY_USAGE_LACKS"),
    (313, "POLICY_NOT_ACCEPTED"),
    (314, "WRONG_CERTIFICATE_KIND"),
    (315, "NO_TRUST_ANCHORS"),
    (316, "PROFILE_VIOLATION"),
    (317, "NO_VALID_POLICY"),
    (318, "NAME_CONSTRAINT_VIOLATED"),
    (400, "UNSUPPORTED_ALGORITHM"),
    (401, "UNSUPPORTED_KEY"),
    (402, "BAD_SIGNATURE"),
    (403, "LEGACY_ALGORITHM_NOT_ALLOWED"),
    (404, "INVALID_DIGEST"),
    (405, "CMS_NOT_SIGNED_DATA"),
    (406, "CMS_ATTRIBUTE"),
    (407, "CMS_MISSING_ATTRIBUTE"),
    (408, "CMS_SIGNER_COUNT"),
    (409, "CMS_NO_CONTENT"),
    (410, "CMS_CONTENT_CONFLICT"),
    (411, "CMS_CONTENT_TYPE_MISMATCH"),
    (412, "CMS_DIGEST_MISMATCH"),
    (413, "CMS_SIGNER_NOT_FOUND"),
    (414, "CMS_SIGNING_CERTIFICATE_MISMATCH"),
    (415, "CMS_SIGNATURE_NOT_BY_SIGNER"),
    (500, "NO_PERSONAL_INFO"),
    (501, "PERSONAL_INFO_MISMATCH"),
    (600, "CERTIFICATE_REVOKED"),
    (601, "REVOCATION_UNAVAILABLE"),
    (602, "CRL_MALFORMED"),
    (603, "CRL_ENTRY"),
    (604, "CRL_UNKNOWN_CRITICAL_EXTENSION"),
    (605, "UNSUPPORTED_CRL_VERSION"),
    (606, "CRL_V1_WITH_EXTENSIONS"),
    (607, "CRL_SIGNATURE_ALGORITHM_MISMATCH"),
    (608, "CRL_ISSUER_MISMATCH"),
    (609, "CRL_KEY_ID_MISMATCH"),
    (610, "CRL_TOO_LARGE"),
    (611, "CRL_NOT_CURRENT"),
    (612, "CRL_NUMBER_MISSING"),
    (613, "CRL_NUMBER_CRITICAL"),
    (614, "DELTA_CRL_MISSING"),
    (615, "DELTA_CRL_BASE_MISMATCH"),
    (616, "CRL_REASONS_INCOMPLETE"),
    (617, "CRL_SIGNER_NOT_VALIDATED"),
    (700, "OCSP_RESPONSE_STATUS"),
    (701, "OCSP_NOT_BASIC"),
    (702, "OCSP_MALFORMED"),
    (703, "OCSP_ISSUER_MISMATCH"),
    (704, "OCSP_RESPONDER_NOT_AUTHORIZED"),
    (705, "OCSP_CERT_ID_MISMATCH"),
    (706, "OCSP_NONCE_MISSING"),
    (707, "OCSP_NONCE_MISMATCH"),
    (708, "OCSP_INVALID_NONCE"),
    (709, "OCSP_STALE"),
    (710, "OCSP_NOT_YET_VALID"),
    (711, "OCSP_UNKNOWN_CRITICAL_EXTENSION"),
    (712, "OCSP_STATUS_UNKNOWN"),
    (713, "HTTP"),
    (800, "APDU_TOO_LONG"),
    (801, "MALFORMED_COMMAND"),
    (802, "MALFORMED_RESPONSE"),
    (803, "UNEXPECTED_STATUS"),
    (804, "TRANSPORT"),
    (805, "APPLICATION_NOT_FOUND"),
    (806, "FILE_NOT_FOUND"),
    (807, "CARD_SESSION_MISUSE"),
    (900, "SECURITY_STATUS_NOT_SATISFIED"),
    (901, "INVALID_SECRET"),
    (902, "WRONG_PIN"),
    (903, "PIN_BLOCKED"),
    (904, "LAST_TRY_REFUSED"),
    (1000, "SIM_UNDER_AGE"),
    (1001, "SIM_NO_SUBSTITUTE"),
    (1002, "SIM_INVALID_RECORD"),
    (1003, "SIM_UNKNOWN_SERIAL"),
    (1004, "SIM_STATE"),
    (1005, "SIM_CRYPTO"),
    (1006, "SIM_ENCODING"),
    (1100, "INVALID_CHALLENGE"),
    (1101, "CHALLENGE_UNKNOWN"),
    (1102, "CHALLENGE_REPLAYED"),
    (1103, "CHALLENGE_EXPIRED"),
    (1104, "LOGIN_SIGNATURE_INVALID"),
    (1105, "NONCE_STORE_FULL"),
    (1106, "REGISTRATION_MISMATCH"),
    (1107, "NONCE_STORE_UNAVAILABLE"),
];

#[test]
fn published_codes_never_change() {
    let now: Vec<(u16, &str)> = ErrorKind::ALL
        .iter()
        .map(|k| (k.code(), k.name()))
        .collect();
    assert_eq!(now, PUBLISHED);
}

#[test]
fn codes_are_the_discriminants_and_round_trip() {
    for &k in ErrorKind::ALL {
        assert_eq!(k as u16, k.code(), "{k}");
        assert_eq!(ErrorKind::from_code(k.code()), Some(k));
        assert!(k.code() >= 100, "{k}");
        assert_ne!(k.area(), "Other", "{k}");
    }
    assert_eq!(ErrorKind::from_code(0), None);
    assert_eq!(ErrorKind::from_code(u16::MAX), None);
}

#[test]
fn errors_map_to_their_area() {
    let serial = jpki::Serial::from_u64(1);
    let at = jpki::Time::from_unix_seconds(0);
    let cases = [
        (Error::CmsDigestMismatch, 412, "Signatures and CMS"),
        (Error::NoTrustAnchors, 315, "Path validation"),
        (Error::ChallengeReplayed, 1102, "Login"),
        (Error::LoginSignatureInvalid, 1104, "Login"),
        (Error::ChallengeExpired { expired_at: at }, 1103, "Login"),
        (
            Error::CertificateRevoked {
                serial: serial.clone(),
                at,
                reason: None,
            },
            600,
            "Revocation and CRLs",
        ),
        (Error::PersonalInfoMismatch, 501, "The 4 basic info"),
        (Error::OcspNonceMismatch, 707, "OCSP"),
        (
            Error::RevocationUnavailable {
                serial,
                causes: vec![Error::OcspNonceMissing],
            },
            601,
            "Revocation and CRLs",
        ),
    ];
    for (error, code, area) in cases {
        assert_eq!(error.kind().code(), code, "{error}");
        assert_eq!(error.kind().area(), area, "{error}");
        // Errors are values: cloned and compared.
        assert_eq!(error.clone(), error);
    }
}

/// The simulator's errors are one variant, present with every feature set (this
/// test needs no feature), and each case keeps the code it had as a variant.
#[test]
fn simulator_errors_keep_their_codes() {
    let cases = [
        (SimulatorError::UnderAgeForSigning { age: 14 }, 1000),
        (
            SimulatorError::NoSubstitute {
                field: jpki::cert::PersonalField::Name,
                ch: '\u{20BB7}',
                position: 0,
            },
            1001,
        ),
        (
            SimulatorError::InvalidRecord {
                reason: "empty name".into(),
            },
            1002,
        ),
        (
            SimulatorError::UnknownSerial {
                serial: Serial::from_u64(0xdead_beef),
            },
            1003,
        ),
        (
            SimulatorError::State {
                path: "authority.json".into(),
                reason: "missing".into(),
            },
            1004,
        ),
        (
            SimulatorError::Crypto {
                reason: "key generation".into(),
            },
            1005,
        ),
        (
            SimulatorError::Encoding {
                what: "certificate",
                reason: "too long".into(),
            },
            1006,
        ),
    ];
    for (case, code) in cases {
        let error = Error::Simulator(case.clone());
        assert_eq!(error.kind().code(), code, "{error}");
        assert_eq!(error.kind().area(), "Simulator", "{error}");
        // The wrapper adds nothing to the message, and `From` builds it.
        assert_eq!(error.to_string(), case.to_string());
        assert_eq!(Error::from(case), error);
    }
    assert_eq!(
        Error::Simulator(SimulatorError::UnknownSerial {
            serial: Serial::from_u64(0xdead_beef),
        })
        .to_string(),
        "no certificate with serial 0xdeadbeef was issued"
    );
}
