/*
 * jpki.h: the C ABI of jpki (the jpki-ffi crate, library libjpki_ffi).
 *
 * GENERATED FILE, DO NOT EDIT. It is written by cbindgen from jpki-ffi/src with
 * jpki-ffi/cbindgen.toml; edit the Rust doc comments and signatures there, then
 * run scripts/ffi-header.sh from the repository root.
 *
 * Conventions: opaque handles jpki_<type>, created by _new/_parse/_build and
 * freed by jpki_<type>_free (free(NULL) does nothing); fallible functions return
 * a jpki_result (JPKI_RESULT_OK is 0) and write their outputs only on success;
 * bytes and text go in as pointer + size_t length (text is UTF-8, never
 * NUL-terminated) and come out into a caller buffer with its capacity and a
 * size_t * receiving the length (JPKI_RESULT_BUFFER_TOO_SMALL, with the length
 * needed, when the capacity is too small); times are int64_t seconds since the
 * Unix epoch. Thread safety is stated on each function.
 *
 * The declarations are those of the default build (with the simulator); the
 * PC/SC functions (feature pcsc) are declared when JPKI_FEATURE_PCSC is defined.
 */

#ifndef JPKI_H
#define JPKI_H

/* Generated with cbindgen:0.29.4 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The version as text, "MAJOR.MINOR.PATCH", built from the JPKI_VERSION_* macros
 * below: compare it with jpki_version() to detect a library that is not the one
 * this header describes.
 */
#define JPKI_VERSION_STRINGIFY_(x) #x
#define JPKI_VERSION_STRINGIFY(x) JPKI_VERSION_STRINGIFY_(x)
#define JPKI_VERSION \
    JPKI_VERSION_STRINGIFY(JPKI_VERSION_MAJOR) \
    "." JPKI_VERSION_STRINGIFY(JPKI_VERSION_MINOR) "." JPKI_VERSION_STRINGIFY(JPKI_VERSION_PATCH)

/*
 * Marks the functions whose result the caller must look at (GCC and Clang warn
 * when it is ignored).
 */
#if defined(__GNUC__) || defined(__clang__)
#define JPKI_MUST_USE __attribute__((warn_unused_result))
#else
#define JPKI_MUST_USE
#endif

/**
 * The size of the response buffer the library hands to a `jpki_transmit_fn`:
 * an extended-length answer (65536 data bytes) and its status word.
 */
#define JPKI_TRANSMIT_RESPONSE_CAPACITY 65538

/**
 * The major version of the library (`MAJOR` of `MAJOR.MINOR.PATCH`), as in
 * `Cargo.toml`.
 */
#define JPKI_VERSION_MAJOR 0

/**
 * The minor version of the library, as in `Cargo.toml`.
 */
#define JPKI_VERSION_MINOR 1

/**
 * The patch version of the library, as in `Cargo.toml`.
 */
#define JPKI_VERSION_PATCH 0

/**
 * The result of a fallible `jpki_*` function: `JPKI_RESULT_OK` (0), one of the
 * core's error kinds (same number as `jpki::ErrorKind`), or one of the C ABI's
 * own (9000 and up). Codes are stable: a code is never reused for another
 * meaning. `jpki_result_message` and `jpki_result_name` describe a code.
 */
enum jpki_result
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Success.
     */
    JPKI_RESULT_OK = 0,
    /**
     * Not valid DER for the structure expected.
     */
    JPKI_RESULT_DECODE = 100,
    /**
     * A PEM document could not be read.
     */
    JPKI_RESULT_PEM = 101,
    /**
     * No PEM block with the expected label.
     */
    JPKI_RESULT_NO_PEM_BLOCK = 102,
    /**
     * A date given as text is not `YYYY-MM-DD`.
     */
    JPKI_RESULT_INVALID_DATE = 103,
    /**
     * A time given as text is not RFC 3339.
     */
    JPKI_RESULT_INVALID_TIME = 104,
    /**
     * A serial given as text is not decimal or `0x` hex.
     */
    JPKI_RESULT_INVALID_SERIAL = 105,
    /**
     * An OID given as text is not dotted decimal.
     */
    JPKI_RESULT_INVALID_OID = 106,
    /**
     * A PEM block is encrypted (RFC 1421), which is not supported.
     */
    JPKI_RESULT_PEM_UNSUPPORTED = 107,
    /**
     * An extension occurs twice.
     */
    JPKI_RESULT_DUPLICATE_EXTENSION = 200,
    /**
     * A 4 basic info otherName is not a UTF8String.
     */
    JPKI_RESULT_WRONG_OTHER_NAME_TAG = 201,
    /**
     * A 4 basic info otherName occurs twice.
     */
    JPKI_RESULT_DUPLICATE_OTHER_NAME = 202,
    /**
     * Some but not all of the 4 basic info are present.
     */
    JPKI_RESULT_MISSING_PERSONAL_FIELD = 203,
    /**
     * A substitute-position string is malformed.
     */
    JPKI_RESULT_INVALID_SUBSTITUTE_POSITIONS = 204,
    /**
     * The birth date's era code is unknown.
     */
    JPKI_RESULT_UNKNOWN_ERA = 205,
    /**
     * The birth date is not an era code and a real date.
     */
    JPKI_RESULT_INVALID_BIRTH_DATE = 206,
    /**
     * The era code contradicts the date.
     */
    JPKI_RESULT_ERA_MISMATCH = 207,
    /**
     * The sex code is not 1, 2 or 3.
     */
    JPKI_RESULT_INVALID_SEX = 208,
    /**
     * A certificate of the path has expired.
     */
    JPKI_RESULT_CERTIFICATE_EXPIRED = 300,
    /**
     * A certificate of the path is not yet valid.
     */
    JPKI_RESULT_CERTIFICATE_NOT_YET_VALID = 301,
    /**
     * No trusted issuer is designated by the authority key id.
     */
    JPKI_RESULT_ISSUER_NOT_FOUND = 302,
    /**
     * A certificate's signature does not verify with its issuer's key.
     */
    JPKI_RESULT_CERTIFICATE_SIGNATURE_INVALID = 303,
    /**
     * The inner and outer signature algorithms differ.
     */
    JPKI_RESULT_SIGNATURE_ALGORITHM_MISMATCH = 304,
    /**
     * A certificate is signed with SHA-1 and legacy is not allowed.
     */
    JPKI_RESULT_LEGACY_CERTIFICATE_SIGNATURE = 305,
    /**
     * An issuer is not a CA.
     */
    JPKI_RESULT_NOT_CA = 306,
    /**
     * A pathLenConstraint is exceeded.
     */
    JPKI_RESULT_PATH_LEN_EXCEEDED = 307,
    /**
     * The end entity is a CA.
     */
    JPKI_RESULT_END_ENTITY_IS_CA = 308,
    /**
     * A critical extension is not processed.
     */
    JPKI_RESULT_UNKNOWN_CRITICAL_EXTENSION = 309,
    /**
     * No path within the maximum depth.
     */
    JPKI_RESULT_PATH_TOO_LONG = 310,
    /**
     * Path building exceeded its work budget.
     */
    JPKI_RESULT_BUDGET_EXHAUSTED = 311,
    /**
     * A keyUsage lacks what the use needs.
     */
    JPKI_RESULT_KEY_USAGE_LACKS = 312,
    /**
     * The end entity asserts none of the accepted policies.
     */
    JPKI_RESULT_POLICY_NOT_ACCEPTED = 313,
    /**
     * The certificate is not of the kind the use needs.
     */
    JPKI_RESULT_WRONG_CERTIFICATE_KIND = 314,
    /**
     * A verifier was built without trust anchors.
     */
    JPKI_RESULT_NO_TRUST_ANCHORS = 315,
    /**
     * A certificate breaks a rule of RFC 5280.
     */
    JPKI_RESULT_PROFILE_VIOLATION = 316,
    /**
     * No valid policy where an explicit one is required.
     */
    JPKI_RESULT_NO_VALID_POLICY = 317,
    /**
     * A name violates the name constraints of the path.
     */
    JPKI_RESULT_NAME_CONSTRAINT_VIOLATED = 318,
    /**
     * An algorithm this library does not accept.
     */
    JPKI_RESULT_UNSUPPORTED_ALGORITHM = 400,
    /**
     * A public key that is not a usable RSA or P-256/P-384 EC key.
     */
    JPKI_RESULT_UNSUPPORTED_KEY = 401,
    /**
     * A signature does not verify.
     */
    JPKI_RESULT_BAD_SIGNATURE = 402,
    /**
     * SHA-1 where legacy is not allowed.
     */
    JPKI_RESULT_LEGACY_ALGORITHM_NOT_ALLOWED = 403,
    /**
     * A digest has the wrong length.
     */
    JPKI_RESULT_INVALID_DIGEST = 404,
    /**
     * The ContentInfo does not hold SignedData.
     */
    JPKI_RESULT_CMS_NOT_SIGNED_DATA = 405,
    /**
     * A signed attribute is malformed.
     */
    JPKI_RESULT_CMS_ATTRIBUTE = 406,
    /**
     * A required signed attribute is missing.
     */
    JPKI_RESULT_CMS_MISSING_ATTRIBUTE = 407,
    /**
     * Not exactly one signer.
     */
    JPKI_RESULT_CMS_SIGNER_COUNT = 408,
    /**
     * A detached signature and no content.
     */
    JPKI_RESULT_CMS_NO_CONTENT = 409,
    /**
     * The content given differs from the encapsulated one.
     */
    JPKI_RESULT_CMS_CONTENT_CONFLICT = 410,
    /**
     * The signed contentType differs from eContentType.
     */
    JPKI_RESULT_CMS_CONTENT_TYPE_MISMATCH = 411,
    /**
     * The content is not what was signed.
     */
    JPKI_RESULT_CMS_DIGEST_MISMATCH = 412,
    /**
     * The signer's certificate is nowhere.
     */
    JPKI_RESULT_CMS_SIGNER_NOT_FOUND = 413,
    /**
     * The ESS reference names another certificate.
     */
    JPKI_RESULT_CMS_SIGNING_CERTIFICATE_MISMATCH = 414,
    /**
     * A signature to complete a CMS is not by the signer's key.
     */
    JPKI_RESULT_CMS_SIGNATURE_NOT_BY_SIGNER = 415,
    /**
     * The signer's certificate carries no 4 basic info.
     */
    JPKI_RESULT_NO_PERSONAL_INFO = 500,
    /**
     * The 4 basic info differ from the application.
     */
    JPKI_RESULT_PERSONAL_INFO_MISMATCH = 501,
    /**
     * A certificate of the path is revoked.
     */
    JPKI_RESULT_CERTIFICATE_REVOKED = 600,
    /**
     * No revocation source answered (hard fail).
     */
    JPKI_RESULT_REVOCATION_UNAVAILABLE = 601,
    /**
     * A CRL is malformed.
     */
    JPKI_RESULT_CRL_MALFORMED = 602,
    /**
     * A CRL entry is malformed.
     */
    JPKI_RESULT_CRL_ENTRY = 603,
    /**
     * A CRL has a critical extension that is not processed.
     */
    JPKI_RESULT_CRL_UNKNOWN_CRITICAL_EXTENSION = 604,
    /**
     * A CRL version other than v1 or v2.
     */
    JPKI_RESULT_UNSUPPORTED_CRL_VERSION = 605,
    /**
     * A v1 CRL carries extensions.
     */
    JPKI_RESULT_CRL_V1_WITH_EXTENSIONS = 606,
    /**
     * The CRL's inner and outer algorithms differ.
     */
    JPKI_RESULT_CRL_SIGNATURE_ALGORITHM_MISMATCH = 607,
    /**
     * The CRL is issued by another name.
     */
    JPKI_RESULT_CRL_ISSUER_MISMATCH = 608,
    /**
     * The CRL names another authority key.
     */
    JPKI_RESULT_CRL_KEY_ID_MISMATCH = 609,
    /**
     * A CRL exceeds a size limit.
     */
    JPKI_RESULT_CRL_TOO_LARGE = 610,
    /**
     * The covering CRL is not current.
     */
    JPKI_RESULT_CRL_NOT_CURRENT = 611,
    /**
     * A CRL lacks the cRLNumber RFC 5280 requires.
     */
    JPKI_RESULT_CRL_NUMBER_MISSING = 612,
    /**
     * A CRL marks cRLNumber critical.
     */
    JPKI_RESULT_CRL_NUMBER_CRITICAL = 613,
    /**
     * A delta CRL may exist and no current one was supplied.
     */
    JPKI_RESULT_DELTA_CRL_MISSING = 614,
    /**
     * A current delta CRL does not apply to the CRL held.
     */
    JPKI_RESULT_DELTA_CRL_BASE_MISMATCH = 615,
    /**
     * The covering CRLs do not cover every reason.
     */
    JPKI_RESULT_CRL_REASONS_INCOMPLETE = 616,
    /**
     * A CRL signer does not validate to the anchor.
     */
    JPKI_RESULT_CRL_SIGNER_NOT_VALIDATED = 617,
    /**
     * The responder answered other than successful.
     */
    JPKI_RESULT_OCSP_RESPONSE_STATUS = 700,
    /**
     * Not a basic OCSP response.
     */
    JPKI_RESULT_OCSP_NOT_BASIC = 701,
    /**
     * An OCSP message breaks RFC 6960.
     */
    JPKI_RESULT_OCSP_MALFORMED = 702,
    /**
     * The OCSP request names another issuer.
     */
    JPKI_RESULT_OCSP_ISSUER_MISMATCH = 703,
    /**
     * The OCSP responder may not answer for the certificate.
     */
    JPKI_RESULT_OCSP_RESPONDER_NOT_AUTHORIZED = 704,
    /**
     * Not exactly one answer for the certificate.
     */
    JPKI_RESULT_OCSP_CERT_ID_MISMATCH = 705,
    /**
     * The response does not echo the nonce.
     */
    JPKI_RESULT_OCSP_NONCE_MISSING = 706,
    /**
     * The response's nonce differs.
     */
    JPKI_RESULT_OCSP_NONCE_MISMATCH = 707,
    /**
     * A nonce of the wrong length.
     */
    JPKI_RESULT_OCSP_INVALID_NONCE = 708,
    /**
     * The OCSP response is stale.
     */
    JPKI_RESULT_OCSP_STALE = 709,
    /**
     * The OCSP response is from the future.
     */
    JPKI_RESULT_OCSP_NOT_YET_VALID = 710,
    /**
     * An OCSP critical extension is not understood.
     */
    JPKI_RESULT_OCSP_UNKNOWN_CRITICAL_EXTENSION = 711,
    /**
     * The responder answered unknown.
     */
    JPKI_RESULT_OCSP_STATUS_UNKNOWN = 712,
    /**
     * OCSP over HTTP failed.
     */
    JPKI_RESULT_HTTP = 713,
    /**
     * An APDU field exceeds the short-APDU limits.
     */
    JPKI_RESULT_APDU_TOO_LONG = 800,
    /**
     * Bytes are not a valid command APDU.
     */
    JPKI_RESULT_MALFORMED_COMMAND = 801,
    /**
     * The card's answer is malformed.
     */
    JPKI_RESULT_MALFORMED_RESPONSE = 802,
    /**
     * The card answered an unexpected status word.
     */
    JPKI_RESULT_UNEXPECTED_STATUS = 803,
    /**
     * The transport failed.
     */
    JPKI_RESULT_TRANSPORT = 804,
    /**
     * The card has no JPKI (or text) application.
     */
    JPKI_RESULT_APPLICATION_NOT_FOUND = 805,
    /**
     * A file is not on the card.
     */
    JPKI_RESULT_FILE_NOT_FOUND = 806,
    /**
     * A card session was used out of order.
     */
    JPKI_RESULT_CARD_SESSION_MISUSE = 807,
    /**
     * A secret must be verified first.
     */
    JPKI_RESULT_SECURITY_STATUS_NOT_SATISFIED = 900,
    /**
     * A secret fails validation; nothing was sent.
     */
    JPKI_RESULT_INVALID_SECRET = 901,
    /**
     * A wrong secret; tries remain.
     */
    JPKI_RESULT_WRONG_PIN = 902,
    /**
     * The secret is blocked.
     */
    JPKI_RESULT_PIN_BLOCKED = 903,
    /**
     * The last try was refused without allow_last_try.
     */
    JPKI_RESULT_LAST_TRY_REFUSED = 904,
    /**
     * No signing certificate under 15.
     */
    JPKI_RESULT_SIM_UNDER_AGE = 1000,
    /**
     * A register character has no substitute.
     */
    JPKI_RESULT_SIM_NO_SUBSTITUTE = 1001,
    /**
     * A register record field is invalid.
     */
    JPKI_RESULT_SIM_INVALID_RECORD = 1002,
    /**
     * No certificate with this serial was issued.
     */
    JPKI_RESULT_SIM_UNKNOWN_SERIAL = 1003,
    /**
     * The simulator's state is unusable.
     */
    JPKI_RESULT_SIM_STATE = 1004,
    /**
     * A simulator cryptographic operation failed.
     */
    JPKI_RESULT_SIM_CRYPTO = 1005,
    /**
     * The simulator could not encode a structure.
     */
    JPKI_RESULT_SIM_ENCODING = 1006,
    /**
     * A login challenge is malformed or unusable (a nonce not of 32–64 bytes,
     * an empty relying party, an expiry not after the issue…).
     */
    JPKI_RESULT_INVALID_CHALLENGE = 1100,
    /**
     * A login response answers a challenge the relying party does not hold.
     */
    JPKI_RESULT_CHALLENGE_UNKNOWN = 1101,
    /**
     * A login challenge was already used.
     */
    JPKI_RESULT_CHALLENGE_REPLAYED = 1102,
    /**
     * A login response came after its challenge expired.
     */
    JPKI_RESULT_CHALLENGE_EXPIRED = 1103,
    /**
     * A login signature does not verify over the relying party's challenge.
     */
    JPKI_RESULT_LOGIN_SIGNATURE_INVALID = 1104,
    /**
     * The nonce store holds as many challenges as it may.
     */
    JPKI_RESULT_NONCE_STORE_FULL = 1105,
    /**
     * A registration's signed application does not answer its challenge.
     */
    JPKI_RESULT_REGISTRATION_MISMATCH = 1106,
    /**
     * A nonce store could not be consulted or updated.
     */
    JPKI_RESULT_NONCE_STORE_UNAVAILABLE = 1107,
    /**
     * A required pointer argument was NULL.
     */
    JPKI_RESULT_NULL_PARAMETER = 9000,
    /**
     * The output buffer is too small; the size needed was written to the
     * length output.
     */
    JPKI_RESULT_BUFFER_TOO_SMALL = 9001,
    /**
     * Text given to the library is not UTF-8.
     */
    JPKI_RESULT_INVALID_UTF8 = 9002,
    /**
     * An argument is outside the values the function accepts (an unknown enum
     * value, a time out of range).
     */
    JPKI_RESULT_INVALID_ARGUMENT = 9003,
    /**
     * A panic inside the library was caught at the C boundary (a bug: please
     * report it); no output was written.
     */
    JPKI_RESULT_PANIC = 9004,
    /**
     * An error kind this version of the C ABI does not name (a newer core).
     */
    JPKI_RESULT_UNKNOWN = 9005,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_result jpki_result;
#else
typedef uint32_t jpki_result;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What a later signed request means for an account binding
 * (`jpki_account_binding_assess`).
 */
enum jpki_binding_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Valid, and signed with the registered signing certificate.
     */
    JPKI_BINDING_STATUS_CURRENT = 1,
    /**
     * Ask the holder to register again with their current signing
     * certificate: the registered one was revoked because the certified
     * contents changed (a move, a name change) or was superseded, or the
     * request was signed with another signing certificate. Logins keep
     * working meanwhile.
     */
    JPKI_BINDING_STATUS_RE_REGISTER = 2,
    /**
     * Refused: the request is not valid for another reason (a death, a
     * voluntary revocation, a compromised key, a bad signature…).
     */
    JPKI_BINDING_STATUS_REFUSED = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_binding_status jpki_binding_status;
#else
typedef uint32_t jpki_binding_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The kind of token `jpki_card_open` found, from its label.
 */
enum jpki_card_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Another label (not a known JPKI token).
     */
    JPKI_CARD_KIND_UNKNOWN = 0,
    /**
     * `JPKIAPICCTOKEN2`: a My Number card.
     */
    JPKI_CARD_KIND_MY_NUMBER_CARD = 1,
    /**
     * `JPKIAPICCTOKEN`: a Juki card (住民基本台帳カード).
     */
    JPKI_CARD_KIND_JUKI_CARD = 2,
    /**
     * `JPKIAPGPSETOKEN`: JPKI on an Android phone.
     */
    JPKI_CARD_KIND_ANDROID_PHONE = 3,
    /**
     * `JPKIAPIOSTOKEN`: JPKI on an iPhone.
     */
    JPKI_CARD_KIND_I_PHONE = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_card_kind jpki_card_kind;
#else
typedef uint32_t jpki_card_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A secret's state, read without spending a try.
 */
enum jpki_pin_state
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not verified; the remaining tries were written.
     */
    JPKI_PIN_STATE_REMAINING = 1,
    /**
     * Already verified in the card's current security state.
     */
    JPKI_PIN_STATE_VERIFIED = 2,
    /**
     * Blocked: no try remains (reset it at a municipal window).
     */
    JPKI_PIN_STATE_BLOCKED = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_pin_state jpki_pin_state;
#else
typedef uint32_t jpki_pin_state;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What a certificate is for, in JPKI terms (`jpki_certificate_get_kind`).
 */
enum jpki_certificate_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * 署名用電子証明書: a signing certificate; carries the 4 basic info.
     */
    JPKI_CERTIFICATE_KIND_SIGNING = 1,
    /**
     * 利用者証明用電子証明書: a user authentication certificate; no personal data.
     */
    JPKI_CERTIFICATE_KIND_AUTHENTICATION = 2,
    /**
     * A certification authority (basicConstraints cA).
     */
    JPKI_CERTIFICATE_KIND_CA = 3,
    /**
     * Anything else.
     */
    JPKI_CERTIFICATE_KIND_OTHER = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_certificate_kind jpki_certificate_kind;
#else
typedef uint32_t jpki_certificate_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * How a certificate's authorityKeyIdentifier designates a candidate issuer
 * (`jpki_certificate_issued_by`).
 */
enum jpki_issuer_match
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The candidate is not the issuer: names do not chain, or the key id (or
     * issuer and serial) differ. Several J-LIS CA generations share one DN, so a
     * name alone never matches.
     */
    JPKI_ISSUER_MATCH_NONE = 0,
    /**
     * The certificate's authority key id equals the candidate's subject key id.
     */
    JPKI_ISSUER_MATCH_KEY_ID = 1,
    /**
     * The authority key id names the candidate's issuer and serial (used when
     * there is no key id).
     */
    JPKI_ISSUER_MATCH_ISSUER_AND_SERIAL = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_issuer_match jpki_issuer_match;
#else
typedef uint32_t jpki_issuer_match;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * 性別 as the certificate codes it (the values are the certificate's codes).
 */
enum jpki_sex
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * `1`: male.
     */
    JPKI_SEX_MALE = 1,
    /**
     * `2`: female.
     */
    JPKI_SEX_FEMALE = 2,
    /**
     * `3`: not known.
     */
    JPKI_SEX_UNKNOWN = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_sex jpki_sex;
#else
typedef uint32_t jpki_sex;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * How one field of the applicant compares with the certificate. The first
 * three are matches.
 */
enum jpki_field_result
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Identical strings (or, for birth date and sex, values).
     */
    JPKI_FIELD_RESULT_EXACT = 1,
    /**
     * Equal after normalization (character width, spaces; for addresses also
     * dashes and block numbers such as `2丁目1番2号` = `2-1-2`).
     */
    JPKI_FIELD_RESULT_NORMALIZED = 2,
    /**
     * Equal (maybe after normalization) except at positions the certificate
     * marks as substitutes, where the applicant wrote the character the
     * substitute stands for (`髙` for `高`).
     */
    JPKI_FIELD_RESULT_EQUIVALENT_BY_SUBSTITUTION = 3,
    /**
     * Different; `jpki_comparison_field_message` says how.
     */
    JPKI_FIELD_RESULT_MISMATCH = 4,
    /**
     * The applicant did not give this field.
     */
    JPKI_FIELD_RESULT_NOT_PROVIDED = 5,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_field_result jpki_field_result;
#else
typedef uint32_t jpki_field_result;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A certificate's revocation status as one CRL or one OCSP response states
 * it. Starts at 1, so zeroed memory is never "good".
 */
enum jpki_cert_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not revoked: the CRL covers the certificate and does not list it, or the
     * OCSP responder says `good`.
     */
    JPKI_CERT_STATUS_GOOD = 1,
    /**
     * Revoked; the time and reason are given.
     */
    JPKI_CERT_STATUS_REVOKED = 2,
    /**
     * The OCSP responder does not know the certificate. Never to be taken as
     * good.
     */
    JPKI_CERT_STATUS_UNKNOWN = 3,
    /**
     * The CRL says nothing about the certificate: another issuer or CA
     * generation, another municipality partition, or a CRL of CA
     * certificates. Never to be taken as good.
     */
    JPKI_CERT_STATUS_NOT_COVERED = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_cert_status jpki_cert_status;
#else
typedef uint32_t jpki_cert_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * CRLReason ([RFC 5280 §5.3.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1)):
 * the values are the RFC's codes, plus `JPKI_REVOCATION_REASON_NONE` when no
 * reason is stated (or the certificate is not revoked).
 */
enum jpki_revocation_reason
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * `0` unspecified (J-LIS: destroyed before delivery).
     */
    JPKI_REVOCATION_REASON_UNSPECIFIED = 0,
    /**
     * `1` keyCompromise: the card was reported lost or the key exposed.
     */
    JPKI_REVOCATION_REASON_KEY_COMPROMISE = 1,
    /**
     * `2` cACompromise.
     */
    JPKI_REVOCATION_REASON_CA_COMPROMISE = 2,
    /**
     * `3` affiliationChanged: the certified contents changed (a move, a new
     * name).
     */
    JPKI_REVOCATION_REASON_AFFILIATION_CHANGED = 3,
    /**
     * `4` superseded: renewed.
     */
    JPKI_REVOCATION_REASON_SUPERSEDED = 4,
    /**
     * `5` cessationOfOperation: no longer used (voluntary revocation, death).
     */
    JPKI_REVOCATION_REASON_CESSATION_OF_OPERATION = 5,
    /**
     * `6` certificateHold.
     */
    JPKI_REVOCATION_REASON_CERTIFICATE_HOLD = 6,
    /**
     * `8` removeFromCRL (delta CRLs only).
     */
    JPKI_REVOCATION_REASON_REMOVE_FROM_CRL = 8,
    /**
     * `9` privilegeWithdrawn.
     */
    JPKI_REVOCATION_REASON_PRIVILEGE_WITHDRAWN = 9,
    /**
     * `10` aACompromise.
     */
    JPKI_REVOCATION_REASON_AA_COMPROMISE = 10,
    /**
     * No reason stated (RFC 5280 reads it as unspecified), an unknown code,
     * or not revoked.
     */
    JPKI_REVOCATION_REASON_NONE = 255,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_revocation_reason jpki_revocation_reason;
#else
typedef uint32_t jpki_revocation_reason;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A digest algorithm.
 */
enum jpki_hash_algorithm
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * SHA-256 (32 bytes): what new signatures use.
     */
    JPKI_HASH_ALGORITHM_SHA256 = 1,
    /**
     * SHA-384 (48 bytes).
     */
    JPKI_HASH_ALGORITHM_SHA384 = 2,
    /**
     * SHA-512 (64 bytes).
     */
    JPKI_HASH_ALGORITHM_SHA512 = 3,
    /**
     * SHA-1 (20 bytes): legacy only.
     */
    JPKI_HASH_ALGORITHM_SHA1 = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_hash_algorithm jpki_hash_algorithm;
#else
typedef uint32_t jpki_hash_algorithm;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The outcome of one check.
 */
enum jpki_check_result
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The check passed.
     */
    JPKI_CHECK_RESULT_PASSED = 1,
    /**
     * The check failed: its error code and message say why.
     */
    JPKI_CHECK_RESULT_FAILED = 2,
    /**
     * The check could not run: an earlier one failed, or there was nothing to
     * check (no applicant; a certificate verdict has no signature).
     */
    JPKI_CHECK_RESULT_NOT_RUN = 3,
    /**
     * The verifier's policy turned the check off (revocation mode off).
     */
    JPKI_CHECK_RESULT_OFF = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_check_result jpki_check_result;
#else
typedef uint32_t jpki_check_result;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The overall revocation status of a verdict's path.
 */
enum jpki_revocation_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Not checked (revocation off, an earlier check failed, or no source
     * answered under hard fail). Never to be read as good.
     */
    JPKI_REVOCATION_STATUS_UNCHECKED = 1,
    /**
     * Not revoked, according to a current CRL or OCSP response.
     */
    JPKI_REVOCATION_STATUS_GOOD = 2,
    /**
     * A certificate of the path is revoked.
     */
    JPKI_REVOCATION_STATUS_REVOKED = 3,
    /**
     * No source answered and the policy is soft fail: accepted, and visible.
     */
    JPKI_REVOCATION_STATUS_SOFT_FAILED = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_revocation_status jpki_revocation_status;
#else
typedef uint32_t jpki_revocation_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What `jpki_verifier_add_crl` did with a CRL.
 */
enum jpki_crl_change
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * A CRL of a new scope (issuer key and partition) was added.
     */
    JPKI_CRL_CHANGE_ADDED = 1,
    /**
     * It replaced an older CRL of the same issuer key and scope.
     */
    JPKI_CRL_CHANGE_REPLACED = 2,
    /**
     * A newer CRL of the same scope is held already; this one was not kept.
     */
    JPKI_CRL_CHANGE_KEPT_NEWER = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_crl_change jpki_crl_change;
#else
typedef uint32_t jpki_crl_change;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A certificate file of the card's JPKI application.
 */
enum jpki_certificate_slot
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The signing certificate (needs the signing password).
     */
    JPKI_CERTIFICATE_SLOT_SIGNING = 1,
    /**
     * The user authentication certificate.
     */
    JPKI_CERTIFICATE_SLOT_AUTHENTICATION = 2,
    /**
     * The signing CA certificate.
     */
    JPKI_CERTIFICATE_SLOT_SIGNING_CA = 3,
    /**
     * The user authentication CA certificate.
     */
    JPKI_CERTIFICATE_SLOT_AUTHENTICATION_CA = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_certificate_slot jpki_certificate_slot;
#else
typedef uint32_t jpki_certificate_slot;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * One check of a verdict (`jpki_verdict_check`).
 */
enum jpki_check
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The signature over the content (digest, signed attributes, signer).
     * Always `JPKI_CHECK_RESULT_NOT_RUN` in a certificate verdict.
     */
    JPKI_CHECK_SIGNATURE = 1,
    /**
     * The certificate's path to a trust anchor, its keyUsage and policies.
     */
    JPKI_CHECK_CERTIFICATE = 2,
    /**
     * The revocation of every certificate of the path.
     */
    JPKI_CHECK_REVOCATION = 3,
    /**
     * The certificate's 4 basic info against what the applicant wrote. Not run
     * when no applicant was given, and always in a certificate verdict.
     */
    JPKI_CHECK_PERSONAL_INFO = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_check jpki_check;
#else
typedef uint32_t jpki_check;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A private key of the card's JPKI application.
 */
enum jpki_key_slot
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The signing key, unlocked by the signing password.
     */
    JPKI_KEY_SLOT_SIGNING = 1,
    /**
     * The user authentication key, unlocked by the authentication PIN.
     */
    JPKI_KEY_SLOT_AUTHENTICATION = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_key_slot jpki_key_slot;
#else
typedef uint32_t jpki_key_slot;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The hash that names the certificate's issuer in an OCSP CertID.
 */
enum jpki_ocsp_hash
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * SHA-1: what RFC 5019 profiles and most responders expect (it only names
     * the certificate; it signs nothing).
     */
    JPKI_OCSP_HASH_SHA1 = 1,
    /**
     * SHA-256.
     */
    JPKI_OCSP_HASH_SHA256 = 2,
    /**
     * SHA-384.
     */
    JPKI_OCSP_HASH_SHA384 = 3,
    /**
     * SHA-512.
     */
    JPKI_OCSP_HASH_SHA512 = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_ocsp_hash jpki_ocsp_hash;
#else
typedef uint32_t jpki_ocsp_hash;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * One of the 4 basic info fields.
 */
enum jpki_personal_field
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * 氏名, the name.
     */
    JPKI_PERSONAL_FIELD_NAME = 1,
    /**
     * 生年月日, the birth date.
     */
    JPKI_PERSONAL_FIELD_BIRTH_DATE = 2,
    /**
     * 性別, the sex.
     */
    JPKI_PERSONAL_FIELD_SEX = 3,
    /**
     * 住所, the address.
     */
    JPKI_PERSONAL_FIELD_ADDRESS = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_personal_field jpki_personal_field;
#else
typedef uint32_t jpki_personal_field;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Which secret of the card.
 */
enum jpki_pin_kind
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * 署名用パスワード: the signing password, 6–16 of A–Z and 0–9 (lower case is
     * upper-cased), 5 tries.
     */
    JPKI_PIN_KIND_SIGNING_PASSWORD = 1,
    /**
     * 利用者証明用暗証番号: the user authentication PIN, 4 digits, 3 tries.
     */
    JPKI_PIN_KIND_AUTHENTICATION_PIN = 2,
    /**
     * 券面事項入力補助用暗証番号: the text application's PIN, 4 digits.
     */
    JPKI_PIN_KIND_ATTRIBUTES_PIN = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_pin_kind jpki_pin_kind;
#else
typedef uint32_t jpki_pin_kind;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A set of accepted certificate policies. Given to
 * `jpki_verifier_builder_set_signing_policies` it means the signing policies
 * of that set, to `jpki_verifier_builder_set_authentication_policies` the
 * authentication policies. Trust anchors decide which environment (production
 * or test J-LIS roots) is accepted; policies decide which certificates under
 * them.
 */
enum jpki_policy_set
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * JPKI certificates of production and test cards (the default).
     */
    JPKI_POLICY_SET_JPKI = 1,
    /**
     * JPKI certificates of production cards only.
     */
    JPKI_POLICY_SET_JPKI_PRODUCTION = 2,
    /**
     * HPKI (healthcare PKI): any policy under the arc `1.2.392.100495.1`.
     */
    JPKI_POLICY_SET_HPKI = 3,
    /**
     * Any policy, or none at all: no policy requirement.
     */
    JPKI_POLICY_SET_ANY = 4,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_policy_set jpki_policy_set;
#else
typedef uint32_t jpki_policy_set;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Whether revocation is checked, and what happens when no source answers
 * (`jpki_verifier_builder_set_revocation_mode`).
 */
enum jpki_revocation_mode
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Every certificate of the path needs an answer (a current CRL or OCSP
     * response); none means invalid. The default: missing revocation data is
     * never "good".
     */
    JPKI_REVOCATION_MODE_HARD_FAIL = 1,
    /**
     * A certificate no source answers for is accepted, and the verdict shows it
     * (`JPKI_REVOCATION_STATUS_SOFT_FAILED`). A revoked certificate is still
     * refused.
     */
    JPKI_REVOCATION_MODE_SOFT_FAIL = 2,
    /**
     * Not checked: the revocation check is `JPKI_CHECK_RESULT_OFF` and validity
     * does not depend on revocation (e.g. archival checks).
     */
    JPKI_REVOCATION_MODE_OFF = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_revocation_mode jpki_revocation_mode;
#else
typedef uint32_t jpki_revocation_mode;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Which revocation source is asked first
 * (`jpki_verifier_builder_set_revocation_order`).
 */
enum jpki_revocation_order
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * OCSP responses (fresher), then CRLs. The default.
     */
    JPKI_REVOCATION_ORDER_OCSP_FIRST = 1,
    /**
     * CRLs, then OCSP responses.
     */
    JPKI_REVOCATION_ORDER_CRL_FIRST = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_revocation_order jpki_revocation_order;
#else
typedef uint32_t jpki_revocation_order;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A register event (what the resident register reports, or the holder asks).
 */
enum jpki_sim_event
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * 転居・転出: the address changed; revokes the resident's signing
     * certificates (authentication certificates carry no address and stay).
     */
    JPKI_SIM_EVENT_MOVE = 1,
    /**
     * 氏名の変更: revokes the resident's signing certificates.
     */
    JPKI_SIM_EVENT_NAME_CHANGE = 2,
    /**
     * 死亡: revokes every certificate of the resident.
     */
    JPKI_SIM_EVENT_DEATH = 3,
    /**
     * 住居表示の変更: the address notation changed; revokes the resident's
     * signing certificates.
     */
    JPKI_SIM_EVENT_ADDRESS_NOTATION_CHANGE = 4,
    /**
     * 市町村合併: a municipal merger; revokes nothing.
     */
    JPKI_SIM_EVENT_MUNICIPAL_MERGER = 5,
    /**
     * 任意失効: the holder revokes this one certificate.
     */
    JPKI_SIM_EVENT_VOLUNTARY = 6,
    /**
     * 鍵の漏えい等: the holder reports the key exposed; revokes this one
     * certificate (keyCompromise).
     */
    JPKI_SIM_EVENT_KEY_COMPROMISE = 7,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_sim_event jpki_sim_event;
#else
typedef uint32_t jpki_sim_event;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What a certificate is to be used for: decides the keyUsage and the
 * certificate policies required of it.
 */
enum jpki_usage
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Signing e-applications (署名用電子証明書): keyUsage nonRepudiation and
     * one of the verifier's signing policies. The default signer usage.
     */
    JPKI_USAGE_SIGNING = 1,
    /**
     * Logging in (利用者証明用電子証明書): keyUsage digitalSignature and one of
     * the verifier's authentication policies.
     */
    JPKI_USAGE_AUTHENTICATION = 2,
    /**
     * Any end-entity certificate with a valid path: no keyUsage or policy
     * requirement beyond the path's own rules.
     */
    JPKI_USAGE_ANY = 3,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum jpki_usage jpki_usage;
#else
typedef uint32_t jpki_usage;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * What a relying party records when an account is registered
 * (`jpki_verifier_register`): the login account key, the signing certificate
 * the application was signed with and its holder's 4 basic info.
 *
 * Freed with `jpki_account_binding_free`; owns its data. Immutable: usable from
 * several threads at once.
 */
typedef struct jpki_account_binding jpki_account_binding;

/**
 * What an applicant wrote: name, birth date, sex and address, each optional
 * (a field never set compares as `JPKI_FIELD_RESULT_NOT_PROVIDED`).
 *
 * Created by `jpki_applicant_new`, freed with `jpki_applicant_free`. Set from
 * one thread at a time; reading it (`jpki_certificate_compare`) from several
 * threads at once is safe while no thread sets it.
 */
typedef struct jpki_applicant jpki_applicant;

/**
 * Bytes the library made (a signature, a CMS SignedData, a CRL, PEM text):
 * read them with `jpki_bytes_data`, free with `jpki_bytes_free`. Immutable:
 * may be read from several threads at once.
 */
typedef struct jpki_bytes jpki_bytes;

/**
 * A JPKI card (My Number card, Juki card, or JPKI on a phone) behind a
 * transport. Create with `jpki_card_new` (a transmit callback) or
 * `jpki_card_connect_pcsc` (feature `pcsc`); free with `jpki_card_free`. Used by
 * one thread at a time.
 */
typedef struct jpki_card jpki_card;

/**
 * A parsed X.509 certificate with its JPKI reading (kind, 4 basic info).
 *
 * Created by `jpki_certificate_parse` (or taken from a `jpki_certificate_list`),
 * freed with `jpki_certificate_free`. Immutable: usable from several threads at
 * once.
 */
typedef struct jpki_certificate jpki_certificate;

/**
 * The certificates of a PEM bundle (a trust-anchor file), in file order.
 *
 * Created by `jpki_certificate_list_parse`, freed with
 * `jpki_certificate_list_free`; `jpki_certificate_list_get` gives a
 * certificate of it as a handle of its own. Immutable: usable from several
 * threads at once.
 */
typedef struct jpki_certificate_list jpki_certificate_list;

/**
 * The field-by-field result of `jpki_certificate_compare`.
 *
 * Freed with `jpki_comparison_free`. Immutable: usable from several threads
 * at once.
 */
typedef struct jpki_comparison jpki_comparison;

/**
 * A CRL whose signature was verified against its issuer and whose entries
 * were all checked and indexed by serial.
 *
 * Created by `jpki_crl_load`, freed with `jpki_crl_free`. Immutable: usable
 * from several threads at once.
 */
typedef struct jpki_crl jpki_crl;

/**
 * A login a relying party accepted (`jpki_verifier_verify_login`): the account
 * key, the authentication certificate and its verdict.
 *
 * Freed with `jpki_login_free`; owns its data (it outlives the verifier, the
 * store and the response). Immutable: usable from several threads at once.
 */
typedef struct jpki_login jpki_login;

/**
 * A relying party's login challenge: who asks (the relying party's name), a
 * fresh nonce, when it was issued and when it expires. Its DER
 * (`jpki_login_challenge_der`) is what is sent to the resident and what the
 * card signs the SHA-256 of.
 *
 * Created by `jpki_login_challenge_new`, `jpki_login_challenge_generate` or
 * `jpki_login_challenge_parse`; freed with `jpki_login_challenge_free`.
 * Immutable: usable from several threads at once.
 */
typedef struct jpki_login_challenge jpki_login_challenge;

/**
 * A resident's answer to a challenge: the challenge's nonce, the user
 * authentication certificate (DER, as sent) and the signature.
 *
 * Created by `jpki_login_respond` (the card), `jpki_login_response_parse` (its
 * DER) or `jpki_login_response_new` (its parts); freed with
 * `jpki_login_response_free`. Nothing in it is trusted until
 * `jpki_verifier_verify_login`. Immutable: usable from several threads at once.
 */
typedef struct jpki_login_response jpki_login_response;

/**
 * Where a relying party keeps its outstanding challenges, so that each is
 * answered once: the core's in-memory store (`jpki::login::MemoryNonceStore`),
 * holding at most a given number of challenges (outstanding and recently
 * redeemed). It serves one process; several servers need a shared store, which
 * the C ABI does not offer.
 *
 * Created by `jpki_nonce_store_new`, freed with `jpki_nonce_store_free`.
 * Thread-safe: every function taking a `const jpki_nonce_store *` may be called
 * concurrently on the same handle (inserting, redeeming through
 * `jpki_verifier_verify_login`, pruning); of two concurrent redemptions of one
 * nonce, exactly one succeeds. Only `jpki_nonce_store_free` must not race with
 * other uses.
 */
typedef struct jpki_nonce_store jpki_nonce_store;

/**
 * An OCSP request for one certificate, as sent.
 *
 * Created by `jpki_ocsp_request_new`, freed with `jpki_ocsp_request_free`;
 * keep it until its response is checked (`jpki_ocsp_check_response` matches
 * the answer to it and to its nonce). Immutable: usable from several threads
 * at once.
 */
typedef struct jpki_ocsp_request jpki_ocsp_request;

/**
 * The first phase of two-phase signing: a CMS signature prepared for a signer
 * that is not at hand (a card behind a phone, a browser, an HSM). Create with
 * `jpki_prepared_signature_new`, hand `jpki_prepared_signature_digest` (or
 * `_digest_info`) to the key, complete with `jpki_prepared_signature_finish`,
 * free with `jpki_prepared_signature_free`. Holds no key material; immutable:
 * may be read from several threads at once.
 */
typedef struct jpki_prepared_signature jpki_prepared_signature;

/**
 * A simulated J-LIS authority: CA generations for the signing and user
 * authentication hierarchies, issuance under the J-LIS profile, revocation
 * driven by register events, CRLs. Create with `jpki_sim_authority_new`, free
 * with `jpki_sim_authority_free`. Used by one thread at a time.
 */
typedef struct jpki_sim_authority jpki_sim_authority;

/**
 * A virtual My Number card (APDU-level: the JPKI and text applications, keys
 * generated inside, secrets with retry counters). Create with
 * `jpki_sim_card_new`, personalize with `jpki_sim_personalize`, reach it through
 * `jpki_card_new(jpki_sim_card_transmit, card, …)`; free with
 * `jpki_sim_card_free` after every `jpki_card` using it. Used by one thread at a
 * time.
 */
typedef struct jpki_sim_card jpki_sim_card;

/**
 * The verdict on a signed application (the three checks) or on a bare
 * certificate (its path and revocation), from `jpki_verifier_verify` or
 * `jpki_verifier_verify_certificate`. Free with `jpki_verdict_free`.
 *
 * Immutable: every function taking a `const jpki_verdict *` is thread-safe.
 */
typedef struct jpki_verdict jpki_verdict;

/**
 * A verifier of signed applications and certificates (`jpki::Verifier`).
 *
 * Thread-safe: share one handle between any number of threads. Every function
 * taking a `const jpki_verifier *` may be called concurrently on the same
 * handle (verifications, adding CRLs and OCSP responses); only
 * `jpki_verifier_free` must not race with other uses.
 */
typedef struct jpki_verifier jpki_verifier;

/**
 * The configuration of a verifier being built (`jpki_verifier_builder_new`,
 * then `jpki_verifier_builder_*`, then `jpki_verifier_builder_build`, which
 * consumes it).
 *
 * Not thread-safe: one thread at a time configures a builder.
 */
typedef struct jpki_verifier_builder jpki_verifier_builder;

/**
 * Sends one command APDU to the card and receives its answer.
 *
 * * `ctx`: the pointer given to `jpki_card_new`, passed through untouched.
 * * `cmd`, `cmd_len`: the command APDU (valid only during the call; a VERIFY
 *   command carries a secret: do not log or keep it).
 * * `resp`, `resp_cap`: where to write the whole answer, data then SW1 SW2;
 *   `resp_cap` is `JPKI_TRANSMIT_RESPONSE_CAPACITY`.
 * * `resp_len_out`: receives the answer's length (at most `resp_cap`).
 *
 * Returns `JPKI_RESULT_OK` (0) when the answer was received; any other value
 * means the transport failed, and the operation fails with
 * `JPKI_RESULT_TRANSPORT`. The callback runs on the thread that called the
 * `jpki_card_*` function, only during that call, and must not call the library
 * with the same card (or the `jpki_sim_card` behind it) from inside.
 */
typedef uint32_t (*jpki_transmit_fn)(void *ctx,
                                     const uint8_t *cmd,
                                     size_t cmd_len,
                                     uint8_t *resp,
                                     size_t resp_cap,
                                     size_t *resp_len_out);

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The registered account key as text, as `jpki_login_account_key` writes it
 * (a login whose account key is this text is the account's), into `buf`
 * (capacity `cap`); its length into `*out_len`. Thread-safe.
 *
 * # Safety
 * `binding` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_account_binding_account_key(const struct jpki_account_binding *binding,
                                             uint8_t *buf,
                                             size_t cap,
                                             size_t *out_len);

/**
 * What a later signed request's `verdict` (from `jpki_verifier_verify`, with
 * the verifier's current revocation data) means for the binding: writes a
 * `jpki_binding_status` to `*status_out` and to `*error_out` the code of the
 * request's failure (e.g. `JPKI_RESULT_CERTIFICATE_REVOKED` after a move or a
 * death), or `JPKI_RESULT_OK` when it did not fail. After a move (or a name
 * change) the registered signing certificate is revoked and the status is
 * `JPKI_BINDING_STATUS_RE_REGISTER` (logins keep working); after a death it is
 * `JPKI_BINDING_STATUS_REFUSED`. `JPKI_RESULT_INVALID_ARGUMENT` for a
 * certificate verdict (there is no signed request in it). Thread-safe.
 *
 * # Safety
 * `binding` and `verdict` are NULL or live; `status_out` and `error_out` are
 * NULL or writable.
 */
jpki_result jpki_account_binding_assess(const struct jpki_account_binding *binding,
                                        const struct jpki_verdict *verdict,
                                        jpki_binding_status *status_out,
                                        jpki_result *error_out);

/**
 * Frees an account binding (NULL does nothing).
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `binding` is NULL or live, not used again.
 */
void jpki_account_binding_free(struct jpki_account_binding *binding);

/**
 * The holder's 4 basic info at registration as the library's JSON (as
 * `jpki_certificate_personal_info_json` writes it), into `buf` (capacity
 * `cap`); its length into `*out_len`. Thread-safe.
 *
 * # Safety
 * `binding` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_account_binding_holder_json(const struct jpki_account_binding *binding,
                                             uint8_t *buf,
                                             size_t cap,
                                             size_t *out_len);

/**
 * The binding as JSON: `schema_version`, `registered_at`, `account` (as in
 * `jpki_login_json`), `signing_certificate` (`serial`, `issuer`, `not_after`)
 * and `holder` (the 4 basic info), into `buf` (capacity `cap`); its length
 * into `*out_len`. Thread-safe.
 *
 * # Safety
 * `binding` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_account_binding_json(const struct jpki_account_binding *binding,
                                      uint8_t *buf,
                                      size_t cap,
                                      size_t *out_len);

/**
 * Whether `login` is the bound account's: the same account key. False when
 * either is NULL. Thread-safe.
 *
 * # Safety
 * `binding` and `login` are NULL or live.
 */
bool jpki_account_binding_matches(const struct jpki_account_binding *binding,
                                  const struct jpki_login *login);

/**
 * Writes to `*certificate_out` a new handle to the signing certificate the
 * registration's application was signed with (free it with
 * `jpki_certificate_free`). Thread-safe.
 *
 * # Safety
 * `binding` is NULL or live; `certificate_out` is NULL or writable.
 */
jpki_result jpki_account_binding_signing_certificate(const struct jpki_account_binding *binding,
                                                     struct jpki_certificate **certificate_out);

/**
 * Frees an applicant. NULL does nothing; freeing twice is undefined.
 *
 * # Safety
 * `applicant` is NULL or a live handle from this library, not in use by
 * another thread.
 */
void jpki_applicant_free(struct jpki_applicant *applicant);

/**
 * A new applicant who wrote nothing yet, freed with `jpki_applicant_free`;
 * NULL only if memory ran out. Thread-safe.
 */
struct jpki_applicant *jpki_applicant_new(void);

/**
 * Sets the address as written (UTF-8, as `jpki_applicant_set_name`). Not
 * thread-safe for one applicant.
 *
 * # Safety
 * As `jpki_applicant_set_name`.
 */
jpki_result jpki_applicant_set_address(struct jpki_applicant *applicant,
                                       const uint8_t *address,
                                       size_t len);

/**
 * Sets the birth date from text as applicants write it (UTF-8, not
 * NUL-terminated): `1950-04-01`, `1950/4/1`, `1950年4月1日`, `昭和25年4月1日`,
 * `昭和元年12月25日`, `S25.4.1`, `H1.1.8`, `R1.5.1` (full-width characters and
 * spaces are accepted; the date must exist and fall within its era).
 * `JPKI_RESULT_INVALID_DATE` otherwise (the applicant is unchanged). Not
 * thread-safe for one applicant.
 *
 * # Safety
 * As `jpki_applicant_set_name`.
 */
jpki_result jpki_applicant_set_birth_date(struct jpki_applicant *applicant,
                                          const uint8_t *text,
                                          size_t len);

/**
 * Sets the name as written (UTF-8 `name[0..len]`, not NUL-terminated; with or
 * without a space between surname and given name; copied). An empty name is
 * a given (and mismatching) name. Not thread-safe for one applicant.
 *
 * # Safety
 * `applicant` is NULL or live and not in use by another thread; `name` is
 * NULL (only with `len` 0) or points to `len` readable bytes.
 */
jpki_result jpki_applicant_set_name(struct jpki_applicant *applicant,
                                    const uint8_t *name,
                                    size_t len);

/**
 * Sets the sex: a `jpki_sex` value (`JPKI_RESULT_INVALID_ARGUMENT` for any
 * other number). Not thread-safe for one applicant.
 *
 * # Safety
 * `applicant` is NULL or live and not in use by another thread.
 */
jpki_result jpki_applicant_set_sex(struct jpki_applicant *applicant, uint32_t sex);

/**
 * Forgets one field (a `jpki_personal_field`), which then compares as not
 * provided. Not thread-safe for one applicant.
 *
 * # Safety
 * `applicant` is NULL or live and not in use by another thread.
 */
jpki_result jpki_applicant_unset(struct jpki_applicant *applicant, uint32_t field);

/**
 * Writes a view of the bytes of `bytes`: `*data_out` points into `bytes` (valid
 * until `jpki_bytes_free`; possibly NULL when the length is 0) and `*len_out` is
 * their length. Thread-safe.
 *
 * # Safety
 * `bytes` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_bytes_data(const struct jpki_bytes *bytes,
                            const uint8_t **data_out,
                            size_t *len_out);

/**
 * Frees bytes (NULL does nothing); views from `jpki_bytes_data` become invalid.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `bytes` is NULL or live, not used again.
 */
void jpki_bytes_free(struct jpki_bytes *bytes);

#if defined(JPKI_FEATURE_PCSC)
/**
 * Connects to a card over PC/SC (feature `pcsc`) and writes it to `*card_out`.
 * Free with `jpki_card_free`.
 *
 * `reader_name` (UTF-8, `reader_name_len` bytes): the reader called exactly
 * that, else the only reader whose name contains it; NULL with length 0 (or
 * empty): the first reader whose card answers the JPKI application. No such
 * reader, a stopped PC/SC service, or a busy card is `JPKI_RESULT_TRANSPORT`.
 *
 * Thread-safe: it creates a new handle and touches no shared state.
 *
 * # Safety
 * `reader_name` is NULL or has `reader_name_len` readable bytes; `card_out` is
 * NULL or writable.
 */
jpki_result jpki_card_connect_pcsc(const uint8_t *reader_name,
                                   size_t reader_name_len,
                                   struct jpki_card **card_out);
#endif

/**
 * Frees a card (NULL does nothing). The transport callback is not called; the
 * caller closes its own connection (and may then free the callback's context).
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `card` is NULL or a live card, not used again.
 */
void jpki_card_free(struct jpki_card *card);

/**
 * Creates a card driven through `transmit` (called with `ctx`) and writes it to
 * `*card_out`; nothing is sent yet. Free with `jpki_card_free`.
 *
 * `ctx` may be NULL; it must stay valid for as long as the card is used (for
 * the simulator, pass `jpki_sim_card_transmit` and a `jpki_sim_card *`, which
 * must outlive the card). A NULL `transmit` is `JPKI_RESULT_NULL_PARAMETER`.
 * The card may move between threads but is used by one at a time; the callback
 * runs on whichever thread calls.
 *
 * # Safety
 * `transmit` follows the `jpki_transmit_fn` contract; `card_out` is NULL or
 * writable.
 */
jpki_result jpki_card_new(jpki_transmit_fn transmit, void *ctx, struct jpki_card **card_out);

/**
 * Selects the JPKI application, reads the token label and the certificate
 * flags, and writes the token's kind to `*kind_out` (`JPKI_RESULT_APPLICATION_NOT_FOUND`
 * if the card has no JPKI application). Spends no try.
 *
 * # Safety
 * `card` is NULL or a live card used by no other thread; `kind_out` is NULL or
 * writable.
 */
jpki_result jpki_card_open(struct jpki_card *card, jpki_card_kind *kind_out);

/**
 * Reads the state of the secret `pin_kind` (a `jpki_pin_kind`) without spending
 * a try: `*state_out` is a `jpki_pin_state`, `*remaining_out` the tries left
 * when `JPKI_PIN_STATE_REMAINING` (0 otherwise).
 *
 * # Safety
 * `card` is NULL or a live card used by no other thread; `state_out` and
 * `remaining_out` are NULL or writable.
 */
jpki_result jpki_card_pin_status(struct jpki_card *card,
                                 uint32_t pin_kind,
                                 jpki_pin_state *state_out,
                                 uint32_t *remaining_out);

/**
 * Reads the certificate in `slot` (a `jpki_certificate_slot`) and writes it to
 * `*certificate_out` (free with `jpki_certificate_free`).
 *
 * The signing certificate (`JPKI_CERTIFICATE_SLOT_SIGNING`) needs the signing
 * password `pin` (UTF-8, `pin_len` bytes) unless it was verified earlier in this
 * session (then pass NULL, 0); `allow_last_try` as in `jpki_card_verify_pin`.
 * The other slots need no secret and ignore `pin`.
 *
 * # Safety
 * `card` is NULL or a live card used by no other thread; `pin` is NULL or has
 * `pin_len` readable bytes; `certificate_out` is NULL or writable.
 */
jpki_result jpki_card_read_certificate(struct jpki_card *card,
                                       uint32_t slot,
                                       const uint8_t *pin,
                                       size_t pin_len,
                                       bool allow_last_try,
                                       struct jpki_certificate **certificate_out);

/**
 * Signs `digest` (`digest_len` bytes, the `hash` — a `jpki_hash_algorithm` — of
 * what is signed) with the card key `key_slot` (a `jpki_key_slot`): the card
 * wraps it in a DigestInfo and makes a PKCS#1 v1.5 signature, written to
 * `*signature_out` (free with `jpki_bytes_free`; a handle, not a caller buffer,
 * so a buffer too small can never make the card sign twice).
 *
 * `pin` (UTF-8, `pin_len` bytes) unlocks the key (the signing password for the
 * signing key, the authentication PIN for the other) unless it was verified
 * earlier in this session (then NULL, 0); `allow_last_try` as in
 * `jpki_card_verify_pin`. A digest of the wrong length is
 * `JPKI_RESULT_INVALID_DIGEST` and nothing is sent.
 *
 * # Safety
 * `card` is NULL or a live card used by no other thread; `digest` and `pin` are
 * NULL or have their lengths of readable bytes; `signature_out` is NULL or
 * writable.
 */
jpki_result jpki_card_sign_digest(struct jpki_card *card,
                                  uint32_t key_slot,
                                  uint32_t hash,
                                  const uint8_t *digest,
                                  size_t digest_len,
                                  const uint8_t *pin,
                                  size_t pin_len,
                                  bool allow_last_try,
                                  struct jpki_bytes **signature_out);

/**
 * Verifies the secret `pin_kind` (a `jpki_pin_kind`) with `pin` (UTF-8,
 * `pin_len` bytes; validated before anything is sent: `JPKI_RESULT_INVALID_SECRET`).
 *
 * A wrong secret is `JPKI_RESULT_WRONG_PIN` (one try spent, never retried); a
 * blocked one `JPKI_RESULT_PIN_BLOCKED`; with one try left and `allow_last_try`
 * false, `JPKI_RESULT_LAST_TRY_REFUSED` and nothing is sent. Once verified, the
 * card's operations needing this secret can be called with no secret (NULL, 0)
 * until an error or the card is reset.
 *
 * # Safety
 * `card` is NULL or a live card used by no other thread; `pin` is NULL or has
 * `pin_len` readable bytes.
 */
jpki_result jpki_card_verify_pin(struct jpki_card *card,
                                 uint32_t pin_kind,
                                 const uint8_t *pin,
                                 size_t pin_len,
                                 bool allow_last_try);

/**
 * 住所 as the certificate has it (substitute characters included), UTF-8, as
 * `jpki_certificate_name`. Thread-safe.
 *
 * # Safety
 * As `jpki_certificate_name`.
 */
jpki_result jpki_certificate_address(const struct jpki_certificate *cert,
                                     uint8_t *buf,
                                     size_t cap,
                                     size_t *out_len);

/**
 * Which characters of the address are substitutes, as
 * `jpki_certificate_name_substitutes` (indices into
 * `jpki_certificate_address`'s text). Thread-safe.
 *
 * # Safety
 * As `jpki_certificate_name_substitutes`.
 */
jpki_result jpki_certificate_address_substitutes(const struct jpki_certificate *cert,
                                                 uint32_t *positions,
                                                 size_t cap,
                                                 size_t *out_len);

/**
 * 生年月日 as an ISO date, `1950-04-01`, as `jpki_certificate_name`.
 * Thread-safe.
 *
 * # Safety
 * As `jpki_certificate_name`.
 */
jpki_result jpki_certificate_birth_date_iso(const struct jpki_certificate *cert,
                                            uint8_t *buf,
                                            size_t cap,
                                            size_t *out_len);

/**
 * 生年月日 in the Japanese era form, `昭和25年4月1日` (`令和元年5月1日` for a first
 * year; the Gregorian `1950年4月1日` when the certificate's era code is
 * unknown), UTF-8, as `jpki_certificate_name`. Thread-safe.
 *
 * # Safety
 * As `jpki_certificate_name`.
 */
jpki_result jpki_certificate_birth_date_japanese(const struct jpki_certificate *cert,
                                                 uint8_t *buf,
                                                 size_t cap,
                                                 size_t *out_len);

/**
 * A new handle for the same certificate (cheap: the parsed certificate is
 * shared), freed with `jpki_certificate_free` independently of `cert`.
 * Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `clone_out` is NULL or writable.
 */
jpki_result jpki_certificate_clone(const struct jpki_certificate *cert,
                                   struct jpki_certificate **clone_out);

/**
 * Compares `cert`'s 4 basic info with what `applicant` wrote. Names are
 * compared after width and space normalization, addresses also after dash
 * and block-number normalization; at the certificate's substitute positions
 * the character a substitute stands for is accepted; birth dates compare as
 * dates, sex by code. On success `*comparison_out` receives a new handle,
 * freed with `jpki_comparison_free`. `JPKI_RESULT_NO_PERSONAL_INFO` for a
 * certificate without the 4 basic info. Thread-safe (as long as no thread
 * sets `applicant` meanwhile).
 *
 * # Safety
 * `cert` and `applicant` are NULL or live; `comparison_out` is NULL or
 * writable.
 */
jpki_result jpki_certificate_compare(const struct jpki_certificate *cert,
                                     const struct jpki_applicant *applicant,
                                     struct jpki_comparison **comparison_out);

/**
 * The certificate's DER exactly as parsed: `*data_out` points into the handle
 * (not copied, not to be freed), valid until `jpki_certificate_free(cert)`.
 * Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_certificate_der(const struct jpki_certificate *cert,
                                 const uint8_t **data_out,
                                 size_t *len_out);

/**
 * Frees a certificate. NULL does nothing; freeing twice, or using the handle
 * (or a view from it, such as `jpki_certificate_der`'s) afterwards, is
 * undefined.
 *
 * # Safety
 * `cert` is NULL or a live handle from this library, not in use by another
 * thread.
 */
void jpki_certificate_free(struct jpki_certificate *cert);

/**
 * What the certificate is for: `*kind_out` receives a `jpki_certificate_kind`
 * (signing, authentication, CA, other). (Named `get_kind` because C cannot
 * have a function and a type both called `jpki_certificate_kind`.)
 * Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `kind_out` is NULL or writable.
 */
jpki_result jpki_certificate_get_kind(const struct jpki_certificate *cert,
                                      jpki_certificate_kind *kind_out);

/**
 * Whether the certificate carries the 4 basic info (a signing certificate
 * does); `false` for NULL. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live.
 */
bool jpki_certificate_has_personal_info(const struct jpki_certificate *cert);

/**
 * Whether, and how, `cert`'s authorityKeyIdentifier designates `ca` as its
 * issuer: `*match_out` receives a `jpki_issuer_match`. This tells which
 * generation of a J-LIS CA (several share one DN) issued the certificate, as
 * `jpki cert show --trust` does; it does **not** verify the signature (a
 * `jpki_verifier` validates paths). Thread-safe.
 *
 * # Safety
 * `cert` and `ca` are NULL or live; `match_out` is NULL or writable.
 */
jpki_result jpki_certificate_issued_by(const struct jpki_certificate *cert,
                                       const struct jpki_certificate *ca,
                                       jpki_issuer_match *match_out);

/**
 * The issuer name as text, as `jpki_certificate_subject` writes names.
 * Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_certificate_issuer(const struct jpki_certificate *cert,
                                    uint8_t *buf,
                                    size_t cap,
                                    size_t *out_len);

/**
 * Frees a list (certificates taken from it with `jpki_certificate_list_get`
 * stay valid). NULL does nothing; freeing twice is undefined.
 *
 * # Safety
 * `list` is NULL or a live handle from this library, not in use by another
 * thread.
 */
void jpki_certificate_list_free(struct jpki_certificate_list *list);

/**
 * The certificate at `index` (0-based, file order) as a new handle into
 * `*cert_out`, freed with `jpki_certificate_free` (independently of the list);
 * `JPKI_RESULT_INVALID_ARGUMENT` when `index` is not below the length.
 * Thread-safe.
 *
 * # Safety
 * `list` is NULL or live; `cert_out` is NULL or writable.
 */
jpki_result jpki_certificate_list_get(const struct jpki_certificate_list *list,
                                      size_t index,
                                      struct jpki_certificate **cert_out);

/**
 * The number of certificates in the list, into `*len_out`. Thread-safe.
 *
 * # Safety
 * `list` is NULL or live; `len_out` is NULL or writable.
 */
jpki_result jpki_certificate_list_len(const struct jpki_certificate_list *list, size_t *len_out);

/**
 * Parses every certificate of a PEM bundle (such as a trust-anchor file), or
 * the single certificate of a DER input, from `data[0..len]` (copied). On
 * success `*list_out` receives a new list, freed with
 * `jpki_certificate_list_free`. Any certificate that does not parse fails the
 * whole call with its error; a PEM document without a `CERTIFICATE` block is
 * `JPKI_RESULT_NO_PEM_BLOCK`. Thread-safe.
 *
 * # Safety
 * `data` is NULL (only with `len` 0) or points to `len` readable bytes;
 * `list_out` is NULL or writable.
 */
jpki_result jpki_certificate_list_parse(const uint8_t *data,
                                        size_t len,
                                        struct jpki_certificate_list **list_out);

/**
 * 氏名 as the certificate has it (substitute characters included; surname and
 * given name separated by U+3000), UTF-8, into `buf` (capacity `cap`); its
 * length into `*out_len`. `JPKI_RESULT_NO_PERSONAL_INFO` for a certificate
 * without the 4 basic info. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_certificate_name(const struct jpki_certificate *cert,
                                  uint8_t *buf,
                                  size_t cap,
                                  size_t *out_len);

/**
 * Which characters of the name are substitutes (代替文字, standing for
 * characters outside the certificate's character set): their 0-based
 * **character** (Unicode scalar value, not byte) indices in
 * `jpki_certificate_name`'s text, ascending, into `positions` (capacity `cap`
 * elements); their count into `*out_len` (0, with no buffer needed, when none
 * is). `JPKI_RESULT_BUFFER_TOO_SMALL` (with the count) when `cap` is too
 * small; `JPKI_RESULT_NO_PERSONAL_INFO` for a certificate without the 4 basic
 * info. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `positions` is NULL or has `cap` writable
 * `uint32_t`s; `out_len` is NULL or writable.
 */
jpki_result jpki_certificate_name_substitutes(const struct jpki_certificate *cert,
                                              uint32_t *positions,
                                              size_t cap,
                                              size_t *out_len);

/**
 * notAfter, in seconds since the Unix epoch (J-LIS: 23:59:59 JST), into
 * `*time_out`. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `time_out` is NULL or writable.
 */
jpki_result jpki_certificate_not_after(const struct jpki_certificate *cert, int64_t *time_out);

/**
 * notBefore, in seconds since the Unix epoch, into `*time_out`. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `time_out` is NULL or writable.
 */
jpki_result jpki_certificate_not_before(const struct jpki_certificate *cert, int64_t *time_out);

/**
 * Parses one certificate given as DER or PEM (the first `CERTIFICATE` block of
 * a PEM document) from `data[0..len]` (copied: `data` may be freed after the
 * call). On success `*cert_out` receives a new handle, freed with
 * `jpki_certificate_free`.
 *
 * Errors: `JPKI_RESULT_DECODE` (not a DER certificate, trailing data), the PEM
 * codes, and those of a malformed JPKI reading (`JPKI_RESULT_INVALID_SEX`,
 * `JPKI_RESULT_MISSING_PERSONAL_FIELD`…). Thread-safe.
 *
 * # Safety
 * `data` is NULL (only with `len` 0) or points to `len` readable bytes;
 * `cert_out` is NULL or writable.
 */
jpki_result jpki_certificate_parse(const uint8_t *data,
                                   size_t len,
                                   struct jpki_certificate **cert_out);

/**
 * The certificate as a PEM `CERTIFICATE` block (ASCII, LF line ends, no NUL)
 * into `buf` (capacity `cap`); its length into `*out_len`
 * (`JPKI_RESULT_BUFFER_TOO_SMALL` with the length needed when `cap` is too
 * small). Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_certificate_pem(const struct jpki_certificate *cert,
                                 uint8_t *buf,
                                 size_t cap,
                                 size_t *out_len);

/**
 * The 4 basic info as the library's JSON (the `holder` object of
 * `jpki verify --json`: `name`, `surname`, `given_name`, `name_substitutes`,
 * `name_substituted`, `birth_date` {`iso`, `japanese`, `era`, `era_code`,
 * `certificate_form`}, `sex`, `sex_code`, `address`, `address_substitutes`,
 * `address_substituted`, `other_fields`), compact UTF-8, into `buf`
 * (capacity `cap`); its length into `*out_len`.
 * `JPKI_RESULT_NO_PERSONAL_INFO` for a certificate without them. Thread-safe.
 *
 * # Safety
 * As `jpki_certificate_name`.
 */
jpki_result jpki_certificate_personal_info_json(const struct jpki_certificate *cert,
                                                uint8_t *buf,
                                                size_t cap,
                                                size_t *out_len);

/**
 * The serial number as minimal big-endian bytes (no sign octet; empty for
 * zero): `*data_out` points into the handle, valid until
 * `jpki_certificate_free(cert)`. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_certificate_serial(const struct jpki_certificate *cert,
                                    const uint8_t **data_out,
                                    size_t *len_out);

/**
 * The serial number as text, `0x` and lower-case hex (`0x04d2`), the form of
 * the CLI and the JSON, into `buf` (capacity `cap`); its length into
 * `*out_len`. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_certificate_serial_hex(const struct jpki_certificate *cert,
                                        uint8_t *buf,
                                        size_t cap,
                                        size_t *out_len);

/**
 * 性別: `*sex_out` receives a `jpki_sex`. `JPKI_RESULT_NO_PERSONAL_INFO` for a
 * certificate without the 4 basic info. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `sex_out` is NULL or writable.
 */
jpki_result jpki_certificate_sex(const struct jpki_certificate *cert, jpki_sex *sex_out);

/**
 * The subject name as text, attributes in certificate order
 * (`C=JP, L=Tokyo, CN=…`; UTF-8), into `buf` (capacity `cap`); its length into
 * `*out_len`. Thread-safe.
 *
 * # Safety
 * `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_certificate_subject(const struct jpki_certificate *cert,
                                     uint8_t *buf,
                                     size_t cap,
                                     size_t *out_len);

/**
 * Whether all four fields were given and match; `false` for NULL.
 * Thread-safe.
 *
 * # Safety
 * `comparison` is NULL or live.
 */
bool jpki_comparison_all_match(const struct jpki_comparison *comparison);

/**
 * How `field` (a `jpki_personal_field`) compares: `*result_out` receives a
 * `jpki_field_result`. `JPKI_RESULT_INVALID_ARGUMENT` for an unknown field.
 * Thread-safe.
 *
 * # Safety
 * `comparison` is NULL or live; `result_out` is NULL or writable.
 */
jpki_result jpki_comparison_field(const struct jpki_comparison *comparison,
                                  uint32_t field,
                                  jpki_field_result *result_out);

/**
 * How `field` compares, in short English (UTF-8): `exact`,
 * `normalized (width, block_number)`,
 * `equivalent by substitution at 0 (space)`, `not provided`, or for a
 * mismatch the field and both values:
 * `birth date: expected 昭和25年4月1日, found 昭和25年4月2日`,
 * `name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)`;
 * into `buf` (capacity `cap`), its length into `*out_len`.
 * `JPKI_RESULT_INVALID_ARGUMENT` for an unknown field. Thread-safe.
 *
 * # Safety
 * `comparison` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_comparison_field_message(const struct jpki_comparison *comparison,
                                          uint32_t field,
                                          uint8_t *buf,
                                          size_t cap,
                                          size_t *out_len);

/**
 * Frees a comparison. NULL does nothing; freeing twice is undefined.
 *
 * # Safety
 * `comparison` is NULL or a live handle from this library, not in use by
 * another thread.
 */
void jpki_comparison_free(struct jpki_comparison *comparison);

/**
 * The comparison as the library's JSON (the `comparison` object of
 * `jpki verify --json` and `jpki cert compare --json`: `match`,
 * `all_four_match`, `fields` {`name`, `birth_date`, `sex`, `address`}, each
 * with `result`, `match` and, as they apply, `normalized`, `positions`,
 * `field`, `expected`, `found`, `position`, `message`), compact UTF-8, into
 * `buf` (capacity `cap`); its length into `*out_len`. Thread-safe.
 *
 * # Safety
 * `comparison` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_comparison_json(const struct jpki_comparison *comparison,
                                 uint8_t *buf,
                                 size_t cap,
                                 size_t *out_len);

/**
 * Whether every field given matches and at least one was given; `false` for
 * NULL. Thread-safe.
 *
 * # Safety
 * `comparison` is NULL or live.
 */
bool jpki_comparison_provided_match(const struct jpki_comparison *comparison);

/**
 * Frees a CRL. NULL does nothing; freeing twice is undefined.
 *
 * # Safety
 * `crl` is NULL or a live handle from this library, not in use by another
 * thread.
 */
void jpki_crl_free(struct jpki_crl *crl);

/**
 * Whether the CRL is current at `at` (Unix seconds): thisUpdate ≤ `at` and,
 * when it states one, `at` ≤ nextUpdate; into `*current_out`.
 * `JPKI_RESULT_INVALID_ARGUMENT` for a negative `at`. Thread-safe.
 *
 * # Safety
 * `crl` is NULL or live; `current_out` is NULL or writable.
 */
jpki_result jpki_crl_is_current_at(const struct jpki_crl *crl, int64_t at, bool *current_out);

/**
 * The number of revoked certificates the CRL lists, into `*len_out`.
 * Thread-safe.
 *
 * # Safety
 * `crl` is NULL or live; `len_out` is NULL or writable.
 */
jpki_result jpki_crl_len(const struct jpki_crl *crl, size_t *len_out);

/**
 * Loads a CRL (DER, or PEM: the first `X509 CRL` block) from `data[0..len]`
 * (copied), checks that `issuer` issued it (its name, and its key id: J-LIS CA
 * generations share one DN; keyUsage cRLSign) and that the signature verifies
 * (SHA-1 refused), checks every entry and indexes them by serial. On success
 * `*crl_out` receives a new handle, freed with `jpki_crl_free`.
 *
 * Whether the CRL is fresh enough is not checked here: see
 * `jpki_crl_this_update`, `jpki_crl_next_update`. Errors: the PEM codes,
 * `JPKI_RESULT_CRL_MALFORMED`, `JPKI_RESULT_CRL_ENTRY`,
 * `JPKI_RESULT_CRL_ISSUER_MISMATCH`, `JPKI_RESULT_CRL_KEY_ID_MISMATCH`,
 * `JPKI_RESULT_BAD_SIGNATURE`, `JPKI_RESULT_CRL_UNKNOWN_CRITICAL_EXTENSION`…
 * Thread-safe.
 *
 * # Safety
 * `data` is NULL (only with `len` 0) or points to `len` readable bytes;
 * `issuer` is NULL or live; `crl_out` is NULL or writable.
 */
jpki_result jpki_crl_load(const uint8_t *data,
                          size_t len,
                          const struct jpki_certificate *issuer,
                          struct jpki_crl **crl_out);

/**
 * What the CRL says about `cert`: `*status_out` receives
 * `JPKI_CERT_STATUS_REVOKED` (with the revocation time in `*revoked_at_out`,
 * Unix seconds, and the reason in `*reason_out`), `JPKI_CERT_STATUS_GOOD`, or
 * `JPKI_CERT_STATUS_NOT_COVERED` when the CRL's scope does not include `cert`
 * (another issuer or CA generation, another partition, a CA-only CRL; RFC
 * 5280 §6.3.3 (b)). Unless revoked, `*revoked_at_out` is 0 and `*reason_out`
 * `JPKI_REVOCATION_REASON_NONE`. The CRL's freshness is the caller's to judge.
 * Thread-safe.
 *
 * # Safety
 * `crl` and `cert` are NULL or live; the three outputs are NULL or writable.
 */
jpki_result jpki_crl_lookup(const struct jpki_crl *crl,
                            const struct jpki_certificate *cert,
                            jpki_cert_status *status_out,
                            int64_t *revoked_at_out,
                            jpki_revocation_reason *reason_out);

/**
 * Whether the CRL lists the serial number `serial[0..len]` (big-endian bytes,
 * as `jpki_certificate_serial` gives them; leading zero octets are ignored):
 * `JPKI_CERT_STATUS_REVOKED` with time and reason, or `JPKI_CERT_STATUS_GOOD`,
 * as `jpki_crl_lookup` writes them. Without the certificate the CRL's scope
 * cannot be checked: "good" here means only "not listed". Thread-safe.
 *
 * # Safety
 * `crl` is NULL or live; `serial` is NULL (only with `len` 0) or points to
 * `len` readable bytes; the three outputs are NULL or writable.
 */
jpki_result jpki_crl_lookup_serial(const struct jpki_crl *crl,
                                   const uint8_t *serial,
                                   size_t len,
                                   jpki_cert_status *status_out,
                                   int64_t *revoked_at_out,
                                   jpki_revocation_reason *reason_out);

/**
 * nextUpdate (when the next CRL is due): `*has_out` says whether the CRL
 * states one, and `*time_out` receives it in Unix seconds (0 when it does
 * not). Thread-safe.
 *
 * # Safety
 * `crl` is NULL or live; `has_out` and `time_out` are NULL or writable.
 */
jpki_result jpki_crl_next_update(const struct jpki_crl *crl, bool *has_out, int64_t *time_out);

/**
 * thisUpdate (when the CRL was issued), Unix seconds, into `*time_out`.
 * Thread-safe.
 *
 * # Safety
 * `crl` is NULL or live; `time_out` is NULL or writable.
 */
jpki_result jpki_crl_this_update(const struct jpki_crl *crl, int64_t *time_out);

/**
 * The account key's first part: the issuing CA's key identifier (the
 * certificate's authority key id, or the SHA-256 of the issuer's public key
 * when it has none). `*data_out` points into the handle, valid until
 * `jpki_login_free`. Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_account_issuer_key_id(const struct jpki_login *login,
                                             const uint8_t **data_out,
                                             size_t *len_out);

/**
 * The account key to look the account up by, as text (ASCII, no NUL):
 * `<issuer key id hex>:<serial hex>:<public key SHA-256 hex>`, lower-case hex.
 * The same card logs in with the same account key; a renewed card has a new
 * one (the holder registers again). Into `buf` (capacity `cap`); its length
 * into `*out_len` (`JPKI_RESULT_BUFFER_TOO_SMALL` with the length needed when
 * `cap` is too small). Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_login_account_key(const struct jpki_login *login,
                                   uint8_t *buf,
                                   size_t cap,
                                   size_t *out_len);

/**
 * The account key's third part: the SHA-256 of the authentication
 * certificate's SubjectPublicKeyInfo DER (32 bytes). `*data_out` points into
 * the handle, valid until `jpki_login_free`. Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_account_public_key_sha256(const struct jpki_login *login,
                                                 const uint8_t **data_out,
                                                 size_t *len_out);

/**
 * The account key's second part: the authentication certificate's serial, as
 * minimal big-endian bytes (as `jpki_certificate_serial`). `*data_out` points
 * into the handle, valid until `jpki_login_free`. Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_account_serial(const struct jpki_login *login,
                                      const uint8_t **data_out,
                                      size_t *len_out);

/**
 * Writes to `*certificate_out` a new handle to the user authentication
 * certificate that logged in (free it with `jpki_certificate_free`; it
 * outlives the login). Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `certificate_out` is NULL or writable.
 */
jpki_result jpki_login_certificate(const struct jpki_login *login,
                                   struct jpki_certificate **certificate_out);

/**
 * The challenge's DER, to send to the resident: `*data_out` points into the
 * handle (not to be freed), valid until `jpki_login_challenge_free`.
 * Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_challenge_der(const struct jpki_login_challenge *challenge,
                                     const uint8_t **data_out,
                                     size_t *len_out);

/**
 * The SHA-256 of the challenge's DER (32 bytes): what a JPKI card's
 * authentication key signs (`jpki_card_sign_digest` with
 * `JPKI_KEY_SLOT_AUTHENTICATION` and `JPKI_HASH_ALGORITHM_SHA256` makes the
 * same signature as `jpki_login_respond`). `*data_out` points into the handle,
 * valid until `jpki_login_challenge_free`. Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_challenge_digest(const struct jpki_login_challenge *challenge,
                                        const uint8_t **data_out,
                                        size_t *len_out);

/**
 * When the challenge expires, Unix seconds, into `*time_out`: a response
 * verified at or after this time is `JPKI_RESULT_CHALLENGE_EXPIRED`.
 * Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `time_out` is NULL or writable.
 */
jpki_result jpki_login_challenge_expires_at(const struct jpki_login_challenge *challenge,
                                            int64_t *time_out);

/**
 * Frees a challenge (NULL does nothing); views from it become invalid. A
 * challenge recorded in a nonce store stays there (the store keeps its own
 * copy).
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `challenge` is NULL or live, not used again.
 */
void jpki_login_challenge_free(struct jpki_login_challenge *challenge);

/**
 * Makes a challenge as `jpki_login_challenge_new` does, with a 32-byte nonce
 * from the operating system's random source, issued at `issued_at` (Unix
 * seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`) and
 * expiring `lifetime_seconds` later. On success `*challenge_out` receives a
 * new handle, freed with `jpki_login_challenge_free`.
 *
 * `JPKI_RESULT_INVALID_CHALLENGE` for an unusable relying party, a lifetime of
 * 0, an expiry past 9999-12-31T23:59:59Z, or a failing random source.
 * Thread-safe.
 *
 * # Safety
 * `relying_party` is NULL or has `relying_party_len` readable bytes;
 * `challenge_out` is NULL or writable.
 */
jpki_result jpki_login_challenge_generate(const uint8_t *relying_party,
                                          size_t relying_party_len,
                                          int64_t issued_at,
                                          uint64_t lifetime_seconds,
                                          struct jpki_login_challenge **challenge_out);

/**
 * When the challenge was issued, Unix seconds, into `*time_out`. Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `time_out` is NULL or writable.
 */
jpki_result jpki_login_challenge_issued_at(const struct jpki_login_challenge *challenge,
                                           int64_t *time_out);

/**
 * Makes a challenge of the relying party `relying_party` (UTF-8,
 * `relying_party_len` bytes, not NUL-terminated: 1 to 255 bytes, no control
 * character; a name the resident's software may show, e.g. the site's host
 * name) with the nonce `nonce[0..nonce_len]` (32 to 64 bytes from a
 * cryptographic random source; copied), issued at `issued_at` and answered no
 * later than `expires_at` (Unix seconds, 0 to 253402300799; else
 * `JPKI_RESULT_INVALID_ARGUMENT`). On success `*challenge_out` receives a new
 * handle, freed with `jpki_login_challenge_free`.
 *
 * `JPKI_RESULT_INVALID_CHALLENGE` for a nonce of the wrong length, an empty or
 * too long relying party, or an expiry not after the issue. Record the
 * challenge with `jpki_nonce_store_insert` before sending it. Thread-safe: it
 * creates a new handle and touches no shared state.
 *
 * # Safety
 * `relying_party` and `nonce` are NULL or have their lengths of readable
 * bytes; `challenge_out` is NULL or writable.
 */
jpki_result jpki_login_challenge_new(const uint8_t *relying_party,
                                     size_t relying_party_len,
                                     const uint8_t *nonce,
                                     size_t nonce_len,
                                     int64_t issued_at,
                                     int64_t expires_at,
                                     struct jpki_login_challenge **challenge_out);

/**
 * The challenge's nonce: `*data_out` points into the handle, valid until
 * `jpki_login_challenge_free`. Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_challenge_nonce(const struct jpki_login_challenge *challenge,
                                       const uint8_t **data_out,
                                       size_t *len_out);

/**
 * Reads a challenge from its DER `data[0..len]` (what
 * `jpki_login_challenge_der` wrote; copied), checking it as
 * `jpki_login_challenge_new` does. On success `*challenge_out` receives a new
 * handle, freed with `jpki_login_challenge_free`.
 *
 * `JPKI_RESULT_DECODE` if it is not the DER of a challenge;
 * `JPKI_RESULT_INVALID_CHALLENGE` if its values are unusable or its encoding
 * is not the canonical one. Thread-safe.
 *
 * # Safety
 * `data` is NULL or has `len` readable bytes; `challenge_out` is NULL or
 * writable.
 */
jpki_result jpki_login_challenge_parse(const uint8_t *data,
                                       size_t len,
                                       struct jpki_login_challenge **challenge_out);

/**
 * The content a registration's application is signed over: the DER of
 * `Registration ::= SEQUENCE { context UTF8String ("jpki-registration-v1"),
 * challenge LoginChallenge, application OCTET STRING }` wrapping the
 * challenge and `application[0..application_len]`, written to `*content_out`
 * (free with `jpki_bytes_free`). Sign it with `jpki_sign` (the signing key,
 * `detached` false: the content travels inside the signature), answer the same
 * challenge with `jpki_login_respond`, and give both to
 * `jpki_verifier_register`. Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `application` is NULL or has
 * `application_len` readable bytes; `content_out` is NULL or writable.
 */
jpki_result jpki_login_challenge_registration_content(const struct jpki_login_challenge *challenge,
                                                      const uint8_t *application,
                                                      size_t application_len,
                                                      struct jpki_bytes **content_out);

/**
 * Who asks: the relying party's name (UTF-8, no NUL) into `buf` (capacity
 * `cap`); its length into `*out_len` (`JPKI_RESULT_BUFFER_TOO_SMALL` with the
 * length needed when `cap` is too small). Show it to the resident before the
 * card signs. Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_login_challenge_relying_party(const struct jpki_login_challenge *challenge,
                                               uint8_t *buf,
                                               size_t cap,
                                               size_t *out_len);

/**
 * The exact bytes the authentication key signs with PKCS#1 v1.5 padding: the
 * DER DigestInfo of the SHA-256 of the challenge's DER (51 bytes), for signers
 * other than a JPKI card. `*data_out` points into the handle, valid until
 * `jpki_login_challenge_free`. Thread-safe.
 *
 * # Safety
 * `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_challenge_to_be_signed(const struct jpki_login_challenge *challenge,
                                              const uint8_t **data_out,
                                              size_t *len_out);

/**
 * Frees a login (NULL does nothing); views from it become invalid.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `login` is NULL or live, not used again.
 */
void jpki_login_free(struct jpki_login *login);

/**
 * Writes the login as JSON (UTF-8, no NUL) into `buf` (capacity `cap`) and
 * its length into `*out_len`: the stable contract `jpki login verify --json`
 * prints — `valid` (true), `schema_version`, `at`, `relying_party`, `account`
 * (`id`, `issuer_key_id`, `serial`, `public_key_sha256`) and `certificate`
 * (the certificate verdict's JSON). `JPKI_RESULT_BUFFER_TOO_SMALL` (with the
 * length needed) when `cap` is too small: call with a NULL `buf` and `cap` 0
 * to ask for the length. Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `buf` is NULL or has `cap` writable bytes;
 * `out_len` is NULL or writable.
 */
jpki_result jpki_login_json(const struct jpki_login *login,
                            uint8_t *buf,
                            size_t cap,
                            size_t *out_len);

/**
 * The resident's side: answers `challenge` with the card and writes the
 * response to `*response_out` (free with `jpki_login_response_free`; send its
 * DER, `jpki_login_response_der`).
 *
 * In one card operation the authentication PIN `pin` (UTF-8, `pin_len` bytes;
 * NULL, 0 if it was verified earlier in this session) is verified — once,
 * never retried, its last try spent only with `allow_last_try`, as in
 * `jpki_card_verify_pin` — then the user authentication certificate is read
 * and the authentication key signs the SHA-256 of the challenge's DER. Show
 * the resident `jpki_login_challenge_relying_party` first. Errors are the
 * card's: `JPKI_RESULT_WRONG_PIN`, `JPKI_RESULT_LAST_TRY_REFUSED`,
 * `JPKI_RESULT_SECURITY_STATUS_NOT_SATISFIED` (no PIN and none verified),
 * `JPKI_RESULT_TRANSPORT`…
 *
 * Thread safety: `card` is used by one thread at a time; `challenge` is only
 * read.
 *
 * # Safety
 * `challenge` is NULL or live; `card` is NULL or a live card used by no other
 * thread; `pin` is NULL or has `pin_len` readable bytes; `response_out` is
 * NULL or writable.
 */
jpki_result jpki_login_respond(const struct jpki_login_challenge *challenge,
                               struct jpki_card *card,
                               const uint8_t *pin,
                               size_t pin_len,
                               bool allow_last_try,
                               struct jpki_login_response **response_out);

/**
 * The certificate's DER as sent (not parsed or checked: only a claim until
 * `jpki_verifier_verify_login`): `*data_out` points into the handle, valid
 * until `jpki_login_response_free`. Thread-safe.
 *
 * # Safety
 * `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_response_certificate_der(const struct jpki_login_response *response,
                                                const uint8_t **data_out,
                                                size_t *len_out);

/**
 * The response's DER, to send to the relying party: `*data_out` points into
 * the handle (not to be freed), valid until `jpki_login_response_free`.
 * Thread-safe.
 *
 * # Safety
 * `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_response_der(const struct jpki_login_response *response,
                                    const uint8_t **data_out,
                                    size_t *len_out);

/**
 * Frees a response (NULL does nothing); views from it become invalid.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `response` is NULL or live, not used again.
 */
void jpki_login_response_free(struct jpki_login_response *response);

/**
 * Makes a response from its parts (copied; nothing is checked until
 * `jpki_verifier_verify_login`): the nonce of the challenge it answers, the
 * authentication certificate's DER and the signature — for a host that had
 * the card (or another signer) sign `jpki_login_challenge_digest` itself. On
 * success `*response_out` receives a new handle, freed with
 * `jpki_login_response_free`. `JPKI_RESULT_DECODE` if a part is too large for
 * DER. Thread-safe.
 *
 * # Safety
 * `nonce`, `certificate` and `signature` are NULL or have their lengths of
 * readable bytes; `response_out` is NULL or writable.
 */
jpki_result jpki_login_response_new(const uint8_t *nonce,
                                    size_t nonce_len,
                                    const uint8_t *certificate,
                                    size_t certificate_len,
                                    const uint8_t *signature,
                                    size_t signature_len,
                                    struct jpki_login_response **response_out);

/**
 * The nonce of the challenge the response answers: `*data_out` points into
 * the handle, valid until `jpki_login_response_free`. Thread-safe.
 *
 * # Safety
 * `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_response_nonce(const struct jpki_login_response *response,
                                      const uint8_t **data_out,
                                      size_t *len_out);

/**
 * Reads a response from its DER `data[0..len]` (what
 * `jpki_login_response_der` wrote; copied). On success `*response_out`
 * receives a new handle, freed with `jpki_login_response_free`.
 * `JPKI_RESULT_DECODE` if it is not the DER of a response or is longer than
 * 16 KiB. Thread-safe.
 *
 * # Safety
 * `data` is NULL or has `len` readable bytes; `response_out` is NULL or
 * writable.
 */
jpki_result jpki_login_response_parse(const uint8_t *data,
                                      size_t len,
                                      struct jpki_login_response **response_out);

/**
 * The signature: `*data_out` points into the handle, valid until
 * `jpki_login_response_free`. Thread-safe.
 *
 * # Safety
 * `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_login_response_signature(const struct jpki_login_response *response,
                                          const uint8_t **data_out,
                                          size_t *len_out);

/**
 * Writes to `*verdict_out` a new handle to the authentication certificate's
 * verdict (a certificate verdict, as `jpki_verifier_verify_certificate`
 * returns: its path and the revocation of every certificate of it; free it
 * with `jpki_verdict_free`). It is valid (a login is only made of one), but
 * `jpki_verdict_revocation_status` tells a good status from a soft-failed one
 * under a soft-fail verifier. Thread-safe.
 *
 * # Safety
 * `login` is NULL or live; `verdict_out` is NULL or writable.
 */
jpki_result jpki_login_verdict(const struct jpki_login *login, struct jpki_verdict **verdict_out);

/**
 * Frees a nonce store (NULL does nothing); its challenges are forgotten.
 *
 * Must not race with any other use of the handle: free it after every thread
 * is done with it. Logins it redeemed stay valid.
 *
 * # Safety
 * `store` is NULL or live, not used again.
 */
void jpki_nonce_store_free(struct jpki_nonce_store *store);

/**
 * Records `challenge` (copied) as issued and not yet answered. Challenges
 * expired at its issue time are dropped first (the issue time is the store's
 * clock).
 *
 * `JPKI_RESULT_INVALID_CHALLENGE` if a challenge with its nonce was issued
 * already; `JPKI_RESULT_NONCE_STORE_FULL` when the store holds `capacity`
 * challenges. Thread-safe: may run while other threads insert and verify on
 * the same store.
 *
 * # Safety
 * `store` and `challenge` are NULL or live.
 */
jpki_result jpki_nonce_store_insert(const struct jpki_nonce_store *store,
                                    const struct jpki_login_challenge *challenge);

/**
 * How many challenges the store holds (outstanding and redeemed), into
 * `*len_out`. Thread-safe (a snapshot: other threads may change it at once).
 *
 * # Safety
 * `store` is NULL or live; `len_out` is NULL or writable.
 */
jpki_result jpki_nonce_store_len(const struct jpki_nonce_store *store, size_t *len_out);

/**
 * Makes an empty in-memory nonce store holding at most `capacity` challenges
 * (outstanding and recently redeemed: a redeemed nonce is kept until its
 * challenge expires, so that a replay is named as one) and writes it to
 * `*store_out` (free with `jpki_nonce_store_free`). Thread-safe.
 *
 * # Safety
 * `store_out` is NULL or writable.
 */
jpki_result jpki_nonce_store_new(size_t capacity, struct jpki_nonce_store **store_out);

/**
 * Drops every challenge (outstanding or redeemed) expired at `at` (Unix
 * seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`). A
 * long-running relying party calls it now and then so that unanswered
 * challenges do not fill the store. Thread-safe.
 *
 * # Safety
 * `store` is NULL or live.
 */
jpki_result jpki_nonce_store_prune(const struct jpki_nonce_store *store, int64_t at);

/**
 * Verifies the OCSP response `response[0..len]` (DER) to `request`, for a
 * certificate issued by `issuer`, at `at` (Unix seconds), with the default
 * checks: the responder is `issuer` or a certificate it delegated
 * (id-kp-OCSPSigning), the signature verifies (SHA-1 refused), the answer is
 * about the request's certificate, a nonce sent is echoed, thisUpdate is not
 * after `at` + 300 s and nextUpdate not before `at` − 300 s (a response
 * without nextUpdate is stale).
 *
 * On success `*status_out` receives `JPKI_CERT_STATUS_GOOD`,
 * `JPKI_CERT_STATUS_REVOKED` (with `*revoked_at_out` and `*reason_out`) or
 * `JPKI_CERT_STATUS_UNKNOWN`; unless revoked `*revoked_at_out` is 0 and
 * `*reason_out` `JPKI_REVOCATION_REASON_NONE`. Every failed check is an error
 * (`JPKI_RESULT_OCSP_*`, `JPKI_RESULT_DECODE`, `JPKI_RESULT_BAD_SIGNATURE`…);
 * `JPKI_RESULT_INVALID_ARGUMENT` for a negative `at`. Thread-safe.
 *
 * # Safety
 * `response` is NULL (only with `len` 0) or points to `len` readable bytes;
 * `request` and `issuer` are NULL or live; the three outputs are NULL or
 * writable.
 */
jpki_result jpki_ocsp_check_response(const uint8_t *response,
                                     size_t len,
                                     const struct jpki_ocsp_request *request,
                                     const struct jpki_certificate *issuer,
                                     int64_t at,
                                     jpki_cert_status *status_out,
                                     int64_t *revoked_at_out,
                                     jpki_revocation_reason *reason_out);

/**
 * The request's DER, to POST with `Content-Type: application/ocsp-request` to
 * the responder: `*data_out` points into the handle (not to be freed), valid
 * until `jpki_ocsp_request_free(request)`. Thread-safe.
 *
 * # Safety
 * `request` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_ocsp_request_der(const struct jpki_ocsp_request *request,
                                  const uint8_t **data_out,
                                  size_t *len_out);

/**
 * Frees an OCSP request. NULL does nothing; freeing twice is undefined.
 *
 * # Safety
 * `request` is NULL or a live handle from this library, not in use by another
 * thread.
 */
void jpki_ocsp_request_free(struct jpki_ocsp_request *request);

/**
 * Builds an unsigned OCSP request about `cert`, issued by `issuer`, with the
 * CertID hashed by `hash` (a `jpki_ocsp_hash`) and, unless `nonce` is NULL
 * with `nonce_len` 0, the nonce `nonce[0..nonce_len]` (1 to 32 octets from a
 * random source; copied). On success `*request_out` receives a new handle,
 * freed with `jpki_ocsp_request_free`.
 *
 * Errors: `JPKI_RESULT_OCSP_ISSUER_MISMATCH` when `issuer` did not issue
 * `cert`, `JPKI_RESULT_OCSP_INVALID_NONCE` for a nonce of 0 (with a non-NULL
 * pointer) or more than 32 octets, `JPKI_RESULT_INVALID_ARGUMENT` for an
 * unknown hash. Thread-safe.
 *
 * # Safety
 * `cert` and `issuer` are NULL or live; `nonce` is NULL (only with
 * `nonce_len` 0) or points to `nonce_len` readable bytes; `request_out` is
 * NULL or writable.
 */
jpki_result jpki_ocsp_request_new(const struct jpki_certificate *cert,
                                  const struct jpki_certificate *issuer,
                                  uint32_t hash,
                                  const uint8_t *nonce,
                                  size_t nonce_len,
                                  struct jpki_ocsp_request **request_out);

/**
 * What the key must sign: `*data_out` points to the digest of the DER signed
 * attributes (`*len_out` bytes; valid until `jpki_prepared_signature_free`) and
 * `*hash_out` is its `jpki_hash_algorithm`. For a JPKI card, pass these to
 * `jpki_card_sign_digest`. Thread-safe.
 *
 * # Safety
 * `prepared` is NULL or live; `data_out`, `len_out` and `hash_out` are NULL or
 * writable.
 */
jpki_result jpki_prepared_signature_digest(const struct jpki_prepared_signature *prepared,
                                           const uint8_t **data_out,
                                           size_t *len_out,
                                           jpki_hash_algorithm *hash_out);

/**
 * The same as a DER DigestInfo (RFC 8017 §9.2), the exact input of PKCS#1 v1.5
 * padding, for signers other than a JPKI card (`openssl pkeyutl -sign`, an
 * HSM): `*data_out` (valid until `jpki_prepared_signature_free`), `*len_out`
 * bytes. Thread-safe.
 *
 * # Safety
 * `prepared` is NULL or live; `data_out` and `len_out` are NULL or writable.
 */
jpki_result jpki_prepared_signature_digest_info(const struct jpki_prepared_signature *prepared,
                                                const uint8_t **data_out,
                                                size_t *len_out);

/**
 * The second phase: completes the SignedData with `signature` (`signature_len`
 * bytes, RSASSA-PKCS1-v1_5 over the signed attributes, as the certificate's key
 * made it) and writes its DER ContentInfo to `*signed_data_out` (free with
 * `jpki_bytes_free`).
 *
 * The signature is verified first: `JPKI_RESULT_CMS_SIGNATURE_NOT_BY_SIGNER`
 * if another key made it. `prepared` is not consumed and not changed (a
 * refused signature can be followed by another attempt); free it with
 * `jpki_prepared_signature_free`. Thread-safe.
 *
 * # Safety
 * `prepared` is NULL or live; `signature` is NULL or has `signature_len`
 * readable bytes; `signed_data_out` is NULL or writable.
 */
jpki_result jpki_prepared_signature_finish(const struct jpki_prepared_signature *prepared,
                                           const uint8_t *signature,
                                           size_t signature_len,
                                           struct jpki_bytes **signed_data_out);

/**
 * Frees a prepared signature (NULL does nothing); views from `_digest` and
 * `_digest_info` become invalid.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `prepared` is NULL or live, not used again.
 */
void jpki_prepared_signature_free(struct jpki_prepared_signature *prepared);

/**
 * Prepares the signature of `content` (`content_len` bytes) by the holder of
 * `signer` (the certificate read from the card) and writes it to
 * `*prepared_out` (free with `jpki_prepared_signature_free`): SHA-256 (SHA-384
 * for a P-384 key), signed attributes contentType, messageDigest, signingTime (if `with_signing_time`:
 * `signing_time`, Unix seconds, not negative) and ESS signingCertificateV2.
 *
 * `ca` is NULL or a certificate to include besides the signer's (the CA
 * certificate, as `jpki_sign` does). `detached`: the content is left out of the
 * SignedData. The certificates and content are copied; the arguments may be
 * freed afterwards.
 *
 * Thread-safe: it creates a new handle and touches no shared state.
 *
 * # Safety
 * `content` is NULL or has `content_len` readable bytes; `signer` is NULL or
 * live; `ca` is NULL or live; `prepared_out` is NULL or writable.
 */
jpki_result jpki_prepared_signature_new(const uint8_t *content,
                                        size_t content_len,
                                        const struct jpki_certificate *signer,
                                        const struct jpki_certificate *ca,
                                        bool detached,
                                        bool with_signing_time,
                                        int64_t signing_time,
                                        struct jpki_prepared_signature **prepared_out);

/**
 * Whether `result` is one of the C ABI's own codes (NULL argument, buffer too
 * small, not UTF-8, invalid argument, panic, unknown) rather than an error of
 * the library's domain. Thread-safe.
 */
bool jpki_result_is_ffi(uint32_t result);

/**
 * Writes the English description of `result` (UTF-8, no NUL) into `buf`
 * (capacity `cap`) and its length into `*out_len`; `JPKI_RESULT_BUFFER_TOO_SMALL`
 * (with the length needed) when `cap` is too small. An unknown code is described
 * as such. Thread-safe.
 *
 * # Safety
 * `buf` is NULL or has `cap` writable bytes; `out_len` is NULL or writable.
 */
JPKI_MUST_USE
jpki_result jpki_result_message(uint32_t result,
                                uint8_t *buf,
                                size_t cap,
                                size_t *out_len);

/**
 * The stable name of `result` (`"OK"`, `"CRL_NOT_CURRENT"`, `"NULL_PARAMETER"`…): a
 * NUL-terminated static string, never freed; `"UNKNOWN"` for a code this
 * library does not know. Thread-safe.
 */
const char *jpki_result_name(uint32_t result);

/**
 * Signs `content` (`content_len` bytes) with the card key `key_slot` (a
 * `jpki_key_slot`) and writes the DER ContentInfo of a CMS SignedData
 * (CAdES-BES: contentType, messageDigest, signingTime if asked, ESS
 * signingCertificateV2; SHA-256, or SHA-384 for a P-384 key; the signer's and
 * its CA's certificates included) to `*signature_out` (free with `jpki_bytes_free`).
 *
 * The signer's certificate and its CA certificate are read from the card first.
 * `pin` (UTF-8, `pin_len` bytes) is the signing password for the signing key,
 * the authentication PIN for the other; it is verified once (NULL, 0 if it was
 * verified earlier in this session), never retried, and its last try is spent
 * only with `allow_last_try`. `detached`: the content is left out of the
 * SignedData (it travels beside it). `with_signing_time`: claim
 * `signing_time` (Unix seconds, not negative) in the signingTime attribute;
 * the library reads no clock.
 *
 * The card signs exactly once per successful call; the signature is checked
 * against the certificate's key before it is returned.
 *
 * # Safety
 * `content` and `pin` are NULL or have their lengths of readable bytes; `card`
 * is NULL or a live card used by no other thread; `signature_out` is NULL or
 * writable.
 */
jpki_result jpki_sign(const uint8_t *content,
                      size_t content_len,
                      struct jpki_card *card,
                      uint32_t key_slot,
                      const uint8_t *pin,
                      size_t pin_len,
                      bool allow_last_try,
                      bool detached,
                      bool with_signing_time,
                      int64_t signing_time,
                      struct jpki_bytes **signature_out);

/**
 * Issues the CRL that covers `issued` (a certificate this authority issued:
 * else `JPKI_RESULT_SIM_UNKNOWN_SERIAL`) — its hierarchy, CA generation and
 * municipality partition — at `at` (Unix seconds, 0 to 253402300799; else
 * `JPKI_RESULT_INVALID_ARGUMENT`), valid
 * `validity_seconds` (nextUpdate), and writes its DER to `*crl_out` (free with
 * `jpki_bytes_free`). Each CRL gets the next cRLNumber.
 *
 * # Safety
 * `authority` is NULL or live and used by no other thread; `issued` is NULL or
 * live; `crl_out` is NULL or writable.
 */
jpki_result jpki_sim_authority_crl(struct jpki_sim_authority *authority,
                                   const struct jpki_certificate *issued,
                                   int64_t at,
                                   uint64_t validity_seconds,
                                   struct jpki_bytes **crl_out);

/**
 * Records the register event `event` (a `jpki_sim_event`) for the resident of
 * `certificate` (issued by this authority: else `JPKI_RESULT_SIM_UNKNOWN_SERIAL`,
 * also for another authority's certificate with the same serial)
 * at `at` (Unix seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`),
 * and writes how many certificates it
 * revoked to `*revoked_out`. Register reports (move, name change, death,
 * notation change, merger) concern every certificate of the resident; holder
 * requests (voluntary, key compromise) only this one. The next
 * `jpki_sim_authority_crl` lists what was revoked.
 *
 * # Safety
 * `authority` is NULL or live and used by no other thread; `certificate` is
 * NULL or live; `revoked_out` is NULL or writable.
 */
jpki_result jpki_sim_authority_event(struct jpki_sim_authority *authority,
                                     const struct jpki_certificate *certificate,
                                     uint32_t event,
                                     int64_t at,
                                     size_t *revoked_out);

/**
 * Frees an authority (NULL does nothing).
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `authority` is NULL or live, not used again.
 */
void jpki_sim_authority_free(struct jpki_sim_authority *authority);

/**
 * Creates an authority in memory whose newest CA generations start one day
 * before `at` (Unix seconds, 0 to 253402300799, i.e. up to
 * 9999-12-31T23:59:59Z; else `JPKI_RESULT_INVALID_ARGUMENT`; CA certificates
 * must end before year 10000), and writes it to `*authority_out`
 * (free with `jpki_sim_authority_free`). Generates RSA keys: takes a moment.
 * Thread-safe (each call makes its own authority).
 *
 * # Safety
 * `authority_out` is NULL or writable.
 */
jpki_result jpki_sim_authority_new(int64_t at, struct jpki_sim_authority **authority_out);

/**
 * Writes the authority's CA certificates (every generation of both hierarchies:
 * a verifier's trust anchors) as one PEM bundle to `*pem_out` (free with
 * `jpki_bytes_free`). Not while another thread changes the authority.
 *
 * # Safety
 * `authority` is NULL or live; `pem_out` is NULL or writable.
 */
jpki_result jpki_sim_authority_trust_anchors_pem(const struct jpki_sim_authority *authority,
                                                 struct jpki_bytes **pem_out);

/**
 * Frees a virtual card (NULL does nothing), after every `jpki_card` using it.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `card` is NULL or live, not used again (also not through a `jpki_card`).
 */
void jpki_sim_card_free(struct jpki_sim_card *card);

/**
 * Creates a blank virtual My Number card (no keys, certificates or secrets:
 * personalize it with `jpki_sim_personalize`) and writes it to `*card_out` (free
 * with `jpki_sim_card_free`). Thread-safe (each call makes its own card).
 *
 * # Safety
 * `card_out` is NULL or writable.
 */
jpki_result jpki_sim_card_new(struct jpki_sim_card **card_out);

/**
 * A ready-made `jpki_transmit_fn` for the
 * virtual card: `ctx` is a `jpki_sim_card *`. Pass
 * `(jpki_sim_card_transmit, sim_card)` to `jpki_card_new`, and the card driver
 * talks APDUs to the virtual card exactly as to a real one.
 *
 * Returns a `jpki_result` code: `JPKI_RESULT_OK` with the answer (data and SW1
 * SW2) in `resp` and its length in `*resp_len_out`;
 * `JPKI_RESULT_BUFFER_TOO_SMALL` (the length needed written) when `resp_cap`
 * is too small — the command has run then, and its answer is lost (the library
 * always passes `JPKI_TRANSMIT_RESPONSE_CAPACITY`); `JPKI_RESULT_NULL_PARAMETER`
 * for a NULL argument (a NULL `resp` with a capacity included), and the card
 * has not seen the command.
 *
 * # Safety
 * `ctx` is NULL or a live `jpki_sim_card *` used by no other thread; `cmd` is
 * NULL or has `cmd_len` readable bytes; `resp` is NULL or has `resp_cap`
 * writable bytes; `resp_len_out` is NULL or writable.
 */
uint32_t jpki_sim_card_transmit(void *ctx,
                                const uint8_t *cmd,
                                size_t cmd_len,
                                uint8_t *resp,
                                size_t resp_cap,
                                size_t *resp_len_out);

/**
 * Personalizes `card` at the municipal window for a resident at `at` (Unix
 * seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`): the card
 * generates its key pairs, `authority` issues
 * the certificates (signing — aged 15 or more only — and user authentication,
 * under the J-LIS profile with substitute characters), the certificates and
 * their CA certificates are written to the card, and the secrets are set.
 *
 * All text is UTF-8 with its length: `name` (氏名, surname then given name),
 * `birth_date` (ISO `YYYY-MM-DD`), `address` (住所, starting with the
 * prefecture, e.g. `東京都千代田区霞が関2丁目1番2号`); `sex` is a `jpki_sex`, the
 * certificate code (1 male, 2 female, 3 unknown). `sign_password` (6–16 of A–Z, 0–9) is
 * required for residents aged 15 or more and ignored otherwise (NULL, 0 then);
 * `auth_pin` (4 digits) also becomes the text application's PIN.
 *
 * # Safety
 * `authority` and `card` are NULL or live and used by no other thread; every
 * text pointer is NULL or has its length of readable bytes.
 */
jpki_result jpki_sim_personalize(struct jpki_sim_authority *authority,
                                 struct jpki_sim_card *card,
                                 const uint8_t *name,
                                 size_t name_len,
                                 const uint8_t *birth_date,
                                 size_t birth_date_len,
                                 uint32_t sex,
                                 const uint8_t *address,
                                 size_t address_len,
                                 const uint8_t *sign_password,
                                 size_t sign_password_len,
                                 const uint8_t *auth_pin,
                                 size_t auth_pin_len,
                                 int64_t at);

/**
 * The outcome of one check (`check`: a `jpki_check` value): writes its
 * `jpki_check_result` to `*result_out`, and to `*error_out` the code of its
 * failure (the same code the core's error kind has, e.g.
 * `JPKI_RESULT_CERTIFICATE_REVOKED`) or `JPKI_RESULT_OK` when it did not fail.
 * Both outputs are required. `JPKI_RESULT_INVALID_ARGUMENT` for an unknown
 * `check`.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `result_out` and `error_out` are
 * NULL or writable.
 */
jpki_result jpki_verdict_check(const struct jpki_verdict *verdict,
                               uint32_t check,
                               jpki_check_result *result_out,
                               jpki_result *error_out);

/**
 * Writes the message of a check's failure (English, UTF-8, no NUL: the
 * error's full description, e.g. which certificate was revoked when and why)
 * into `buf` (capacity `cap`) and its length into `*out_len`; the length is 0
 * when the check did not fail. `JPKI_RESULT_BUFFER_TOO_SMALL` (with the
 * length needed) when `cap` is too small; `JPKI_RESULT_INVALID_ARGUMENT` for
 * an unknown `check`.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `buf` is NULL or has `cap`
 * writable bytes; `out_len` is NULL or writable.
 */
jpki_result jpki_verdict_check_message(const struct jpki_verdict *verdict,
                                       uint32_t check,
                                       uint8_t *buf,
                                       size_t cap,
                                       size_t *out_len);

/**
 * Writes to `*certificate_out` a new handle to the certificate an application
 * names as its signer (free it with `jpki_certificate_free`), found in the
 * signature or among the verifier's intermediates — also when the signature
 * check failed, so a verifier can tell who claims to have signed. Only a claim
 * unless the signature check passed. Writes NULL (and returns `JPKI_RESULT_OK`)
 * when there is none (the signature did not parse, its signer is not found)
 * and for a certificate verdict.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `certificate_out` is NULL or
 * writable.
 */
jpki_result jpki_verdict_claimed_signer(const struct jpki_verdict *verdict,
                                        struct jpki_certificate **certificate_out);

/**
 * The code of the verdict's first failure, in check order (signature,
 * certificate, revocation, personal info), written to `*error_out`;
 * `JPKI_RESULT_OK` when no check failed (a verdict may still be invalid with no
 * failure: an applicant with no field at all).
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `error_out` is NULL or writable.
 */
jpki_result jpki_verdict_error(const struct jpki_verdict *verdict, jpki_result *error_out);

/**
 * Frees a verdict. NULL does nothing.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle, not used afterwards.
 */
void jpki_verdict_free(struct jpki_verdict *verdict);

/**
 * Whether the verdict says valid. For an application: the signature, the
 * certificate path, its revocation (passed, or turned off by the verifier's
 * policy) and — when an applicant was given — the 4 basic info all passed (an
 * applicant with no field at all is not a match). For a certificate: the path
 * and its revocation. False for NULL.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle.
 */
bool jpki_verdict_is_valid(const struct jpki_verdict *verdict);

/**
 * Writes the verdict as JSON (UTF-8, no NUL) into `buf` (capacity `cap`) and
 * its length into `*out_len`: the stable contract `jpki verify --json` (an
 * application) or `jpki cert verify --json` (a certificate) prints, `valid`
 * first and `schema_version` second. `JPKI_RESULT_BUFFER_TOO_SMALL` (with the
 * length needed) when `cap` is too small: call with a NULL `buf` and `cap` 0
 * to ask for the length.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `buf` is NULL or has `cap`
 * writable bytes; `out_len` is NULL or writable.
 */
jpki_result jpki_verdict_json(const struct jpki_verdict *verdict,
                              uint8_t *buf,
                              size_t cap,
                              size_t *out_len);

/**
 * The overall revocation status of the verdict's path, written to
 * `*status_out`: revoked if any certificate is, else soft-failed if any is,
 * else the end entity's (`JPKI_REVOCATION_STATUS_UNCHECKED` when revocation is
 * off or did not run). The revocation check's code and message, and the JSON,
 * tell which certificate, when and why.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `status_out` is NULL or writable.
 */
jpki_result jpki_verdict_revocation_status(const struct jpki_verdict *verdict,
                                           jpki_revocation_status *status_out);

/**
 * Writes to `*certificate_out` a new handle to the certificate the verdict
 * vouches for (free it with `jpki_certificate_free`; it outlives the verdict):
 * for an application, the signer's certificate when the signature verified;
 * for a certificate verdict, the certificate checked. Writes NULL (and returns
 * `JPKI_RESULT_OK`) when there is none — the signature did not verify; see
 * `jpki_verdict_claimed_signer` for who claims to have signed then.
 *
 * Thread-safe.
 *
 * # Safety
 * `verdict` is NULL or a live verdict handle; `certificate_out` is NULL or
 * writable.
 */
jpki_result jpki_verdict_signer(const struct jpki_verdict *verdict,
                                struct jpki_certificate **certificate_out);

/**
 * Adds a CRL (`data[0..len]`, DER or PEM): parsed, its signature verified with
 * the key of one of the verifier's CA certificates (anchors or
 * intermediates), every entry checked and indexed — once. A CRL of the same
 * issuer key and scope is replaced when this one is at least as new
 * (thisUpdate); verifications already running finish with the CRLs they
 * started with. On success, what happened is written to `*change_out` when
 * `change_out` is not NULL (it is optional). On error (the CRL does not parse,
 * no CA certificate of the verifier signed it…) nothing changes.
 *
 * Thread-safe: may run while other threads verify on the same handle.
 *
 * # Safety
 * `verifier` is NULL or a live verifier handle; `data` is NULL or has `len`
 * readable bytes; `change_out` is NULL or writable.
 */
jpki_result jpki_verifier_add_crl(const struct jpki_verifier *verifier,
                                  const uint8_t *data,
                                  size_t len,
                                  jpki_crl_change *change_out);

/**
 * Holds an OCSP response (`data[0..len]`, DER) for later verifications (at
 * most 4096; the oldest go first). It is checked (signature, responder,
 * CertID, freshness) each time it is used; a response that is not an
 * `OCSPResponse` at all is refused here.
 *
 * Thread-safe: may run while other threads verify on the same handle.
 *
 * # Safety
 * `verifier` is NULL or a live verifier handle; `data` is NULL or has `len`
 * readable bytes.
 */
jpki_result jpki_verifier_add_ocsp_response(const struct jpki_verifier *verifier,
                                            const uint8_t *data,
                                            size_t len);

/**
 * Adds the intermediates of `data[0..len]` (one DER certificate or a PEM
 * bundle): link certificates between CA generations, CA certificates. They are
 * used to build paths and to verify CRLs, never trusted on their own. The
 * builder is unchanged on error.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * As `jpki_verifier_builder_add_trust_anchors`.
 */
jpki_result jpki_verifier_builder_add_intermediates(struct jpki_verifier_builder *builder,
                                                    const uint8_t *data,
                                                    size_t len);

/**
 * Trusts every certificate of `data[0..len]`: one DER certificate or a PEM
 * bundle (e.g. the J-LIS roots of each CA generation). The parse error's code
 * is returned when one does not parse; the builder is then unchanged.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere; `data` is
 * NULL or has `len` readable bytes.
 */
jpki_result jpki_verifier_builder_add_trust_anchors(struct jpki_verifier_builder *builder,
                                                    const uint8_t *data,
                                                    size_t len);

/**
 * Accepts SHA-1 signatures, CRLs and OCSP responses (住基カード era) when
 * `allow` is true; verdicts flag them (`legacy_sha1` in the JSON). Default
 * false.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_allow_legacy_sha1(struct jpki_verifier_builder *builder,
                                                    bool allow);

/**
 * Builds the verifier and writes it to `*verifier_out` (free it with
 * `jpki_verifier_free`). `JPKI_RESULT_NO_TRUST_ANCHORS` without any trust
 * anchor.
 *
 * **Consumes the builder, always**: `builder` is freed whatever the result
 * (success, an error, even a NULL `verifier_out`) and must not be used or freed
 * again after this call. `*verifier_out` is written only on success.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere;
 * `verifier_out` is NULL or writable.
 */
jpki_result jpki_verifier_builder_build(struct jpki_verifier_builder *builder,
                                        struct jpki_verifier **verifier_out);

/**
 * Frees a builder that was not given to `jpki_verifier_builder_build`. NULL
 * does nothing.
 *
 * Thread safety: no other thread may use the handle during or after this call.
 *
 * # Safety
 * `builder` is NULL or a live builder handle, not used afterwards.
 */
void jpki_verifier_builder_free(struct jpki_verifier_builder *builder);

/**
 * A new verifier builder with the defaults: no trust anchor yet, JPKI signing
 * and authentication policies (production and test cards), signer usage
 * `JPKI_USAGE_SIGNING`, hard-fail revocation asking OCSP first with no maximum
 * CRL age, an OCSP clock skew of 300 seconds, SHA-1 refused.
 *
 * Never NULL. Pass it to `jpki_verifier_builder_build` (which frees it), or
 * free it with `jpki_verifier_builder_free`. Not thread-safe: one thread at a
 * time uses a builder.
 */
struct jpki_verifier_builder *jpki_verifier_builder_new(void);

/**
 * Sets the policies an authentication certificate must assert: the
 * authentication policies of a `jpki_policy_set` value (default
 * `JPKI_POLICY_SET_JPKI`); `JPKI_RESULT_INVALID_ARGUMENT` for any other value.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_authentication_policies(struct jpki_verifier_builder *builder,
                                                              uint32_t policy_set);

/**
 * Sets how many signature verifications path building may spend on one
 * certificate (default 100).
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_budget(struct jpki_verifier_builder *builder, size_t budget);

/**
 * Sets the oldest CRL accepted: when `has_max` is true, a CRL whose thisUpdate
 * is more than `seconds` before the validation time is stale; when false (the
 * default), nextUpdate alone decides and `seconds` is ignored. A CRL past its
 * nextUpdate is always stale.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_max_crl_age(struct jpki_verifier_builder *builder,
                                                  uint64_t seconds,
                                                  bool has_max);

/**
 * Sets the longest certification path, in certificates (default 6).
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_max_depth(struct jpki_verifier_builder *builder,
                                                size_t depth);

/**
 * Sets the clock skew allowed for the thisUpdate and nextUpdate of OCSP
 * responses, in seconds (default 300).
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_ocsp_clock_skew(struct jpki_verifier_builder *builder,
                                                      uint64_t seconds);

/**
 * Sets the revocation mode: a `jpki_revocation_mode` value (default
 * `JPKI_REVOCATION_MODE_HARD_FAIL`); `JPKI_RESULT_INVALID_ARGUMENT` for any
 * other value.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_revocation_mode(struct jpki_verifier_builder *builder,
                                                      uint32_t mode);

/**
 * Sets which revocation source is asked first: a `jpki_revocation_order` value
 * (default `JPKI_REVOCATION_ORDER_OCSP_FIRST`); `JPKI_RESULT_INVALID_ARGUMENT`
 * for any other value.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_revocation_order(struct jpki_verifier_builder *builder,
                                                       uint32_t order);

/**
 * Sets what the signer of an application must be: a `jpki_usage` value
 * (default `JPKI_USAGE_SIGNING`: a JPKI signing certificate with
 * nonRepudiation); `JPKI_RESULT_INVALID_ARGUMENT` for any other value.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_signer_usage(struct jpki_verifier_builder *builder,
                                                   uint32_t usage);

/**
 * Sets the policies a signing certificate must assert: the signing policies of
 * a `jpki_policy_set` value (default `JPKI_POLICY_SET_JPKI`);
 * `JPKI_RESULT_INVALID_ARGUMENT` for any other value.
 *
 * Not thread-safe (the builder).
 *
 * # Safety
 * `builder` is NULL or a live builder handle not in use elsewhere.
 */
jpki_result jpki_verifier_builder_set_signing_policies(struct jpki_verifier_builder *builder,
                                                       uint32_t policy_set);

/**
 * Forgets every OCSP response held.
 *
 * Thread-safe: may run while other threads verify on the same handle.
 *
 * # Safety
 * `verifier` is NULL or a live verifier handle.
 */
jpki_result jpki_verifier_clear_ocsp_responses(const struct jpki_verifier *verifier);

/**
 * Frees a verifier. NULL does nothing.
 *
 * Must not race with any other use of the handle: free it after every thread
 * is done with it. Verdicts it returned stay valid (they own their data).
 *
 * # Safety
 * `verifier` is NULL or a live verifier handle, not used afterwards.
 */
void jpki_verifier_free(struct jpki_verifier *verifier);

/**
 * Verifies a registration at `at` (Unix seconds, 0 to 253402300799; else
 * `JPKI_RESULT_INVALID_ARGUMENT`, and nothing is redeemed) and writes the
 * binding to record to `*binding_out` (free with `jpki_account_binding_free`).
 *
 * `signed_application[0..signed_application_len]` is the CMS SignedData (DER
 * or PEM, content attached) the signing key made over
 * `jpki_login_challenge_registration_content`; `applicant` is what the
 * applicant wrote (its 4 basic info must equal the signing certificate's);
 * `response` is the login response to the same challenge. In order: the
 * response's nonce is redeemed in `store` (once) and must not have expired;
 * the signed application must be valid (signature, signing certificate,
 * revocation, 4 basic info: its first failure, such as
 * `JPKI_RESULT_PERSONAL_INFO_MISMATCH` or `JPKI_RESULT_CERTIFICATE_REVOKED`)
 * and signed over this challenge (`JPKI_RESULT_REGISTRATION_MISMATCH`); the
 * login response must verify as in `jpki_verifier_verify_login`.
 *
 * Thread-safe: as `jpki_verifier_verify_login` (the applicant is only read).
 *
 * # Safety
 * `verifier`, `response` and `store` are NULL or live; `applicant` is NULL or
 * a live applicant not being changed during the call; `signed_application` is
 * NULL or has `signed_application_len` readable bytes; `binding_out` is NULL
 * or writable.
 */
jpki_result jpki_verifier_register(const struct jpki_verifier *verifier,
                                   const uint8_t *signed_application,
                                   size_t signed_application_len,
                                   const struct jpki_applicant *applicant,
                                   const struct jpki_login_response *response,
                                   const struct jpki_nonce_store *store,
                                   int64_t at,
                                   struct jpki_account_binding **binding_out);

/**
 * Runs the three checks on a signed application and writes the verdict to
 * `*verdict_out` (free it with `jpki_verdict_free`):
 *
 * * `signature[0..signature_len]`: the CMS SignedData, DER or PEM;
 * * `content[0..content_len]`: the signed content for a detached signature;
 *   `content` NULL (with `content_len` 0) for an attached one. An empty
 *   detached content is a non-NULL pointer with length 0;
 * * `applicant`: what the applicant wrote (its 4 basic info are compared with
 *   the certificate's), or NULL when there is no application to compare (the
 *   verdict is then about the signature and the certificate alone, and its
 *   personal-info check is `JPKI_CHECK_RESULT_NOT_RUN`);
 * * `at`: the validation time, Unix seconds (0 to 253402300799, i.e. up to
 *   9999-12-31T23:59:59Z; else `JPKI_RESULT_INVALID_ARGUMENT`).
 *
 * `JPKI_RESULT_OK` means a verdict was written, not that the application is
 * valid: ask `jpki_verdict_is_valid` and `jpki_verdict_check`. A signature that
 * does not parse or verify is a failed check in the verdict, not an error here.
 *
 * Thread-safe: any number of threads may verify on one handle at once.
 *
 * # Safety
 * `verifier` is NULL or a live verifier handle; `signature` and `content` are
 * NULL or have their length's readable bytes; `applicant` is NULL or a live
 * applicant handle not being changed during the call; `verdict_out` is NULL or
 * writable.
 */
jpki_result jpki_verifier_verify(const struct jpki_verifier *verifier,
                                 const uint8_t *signature,
                                 size_t signature_len,
                                 const uint8_t *content,
                                 size_t content_len,
                                 const struct jpki_applicant *applicant,
                                 int64_t at,
                                 struct jpki_verdict **verdict_out);

/**
 * Validates a bare certificate for `usage` (a `jpki_usage` value) at `at`
 * (Unix seconds, as in `jpki_verifier_verify`): its path to a trust anchor, the
 * usage's keyUsage and policies, and the revocation of every certificate of
 * the path. Writes the verdict to `*verdict_out` (free it with
 * `jpki_verdict_free`); its signature and personal-info checks are
 * `JPKI_CHECK_RESULT_NOT_RUN`. `JPKI_RESULT_INVALID_ARGUMENT` for an unknown
 * usage or a time out of range.
 *
 * Thread-safe: any number of threads may verify on one handle at once.
 *
 * # Safety
 * `verifier` is NULL or a live verifier handle; `certificate` is NULL or a live
 * certificate handle; `verdict_out` is NULL or writable.
 */
jpki_result jpki_verifier_verify_certificate(const struct jpki_verifier *verifier,
                                             const struct jpki_certificate *certificate,
                                             uint32_t usage,
                                             int64_t at,
                                             struct jpki_verdict **verdict_out);

/**
 * Verifies a login response at `at` (Unix seconds, 0 to 253402300799; else
 * `JPKI_RESULT_INVALID_ARGUMENT`, and nothing is redeemed) and writes the
 * login to `*login_out` (free with `jpki_login_free`).
 *
 * In order: the response's nonce is redeemed in `store`, once
 * (`JPKI_RESULT_CHALLENGE_UNKNOWN` if the store never held it,
 * `JPKI_RESULT_CHALLENGE_REPLAYED` if it was redeemed before); the challenge
 * must not have expired at `at` (`JPKI_RESULT_CHALLENGE_EXPIRED`; its nonce is
 * spent all the same); the certificate must parse (`JPKI_RESULT_DECODE`); the
 * signature must be PKCS#1 v1.5 over the SHA-256 DigestInfo of the store's
 * copy of the challenge (`JPKI_RESULT_LOGIN_SIGNATURE_INVALID`); the
 * certificate must be an authentication certificate of an accepted policy with
 * a path to a trust anchor (`JPKI_RESULT_WRONG_CERTIFICATE_KIND` for a signing
 * certificate, `JPKI_RESULT_ISSUER_NOT_FOUND`…) and not revoked under the
 * verifier's revocation policy (`JPKI_RESULT_CERTIFICATE_REVOKED`,
 * `JPKI_RESULT_REVOCATION_UNAVAILABLE` when nothing answers under hard fail).
 * The first refusal is returned; `jpki_result_message` describes it.
 *
 * Thread-safe: any number of threads may verify on one verifier and one store
 * at once; of two concurrent verifications of one response, one succeeds and
 * the other is `JPKI_RESULT_CHALLENGE_REPLAYED`.
 *
 * # Safety
 * `verifier`, `response` and `store` are NULL or live; `login_out` is NULL or
 * writable.
 */
jpki_result jpki_verifier_verify_login(const struct jpki_verifier *verifier,
                                       const struct jpki_login_response *response,
                                       const struct jpki_nonce_store *store,
                                       int64_t at,
                                       struct jpki_login **login_out);

/**
 * The version of the library, `MAJOR.MINOR.PATCH` as in `JPKI_VERSION` of the
 * header: a NUL-terminated static string (never freed, valid for the life of
 * the process). Thread-safe.
 */
const char *jpki_version(void);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* JPKI_H */
