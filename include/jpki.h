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
     * An algorithm this library does not accept.
     */
    JPKI_RESULT_UNSUPPORTED_ALGORITHM = 400,
    /**
     * A public key that is not a usable RSA key.
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

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

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
 * The version of the library, `MAJOR.MINOR.PATCH` as in `JPKI_VERSION` of the
 * header: a NUL-terminated static string (never freed, valid for the life of
 * the process). Thread-safe.
 */
const char *jpki_version(void);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* JPKI_H */
