/*
 * Certificates, applicants, CRLs and OCSP from C: the real J-LIS signing root
 * (read from $JPKI_SOURCE_DIR/jpki-core/tests/jlis/), its fields, byte views,
 * NULL for every pointer argument, buffers too small, bad certificates, and a
 * fixed-seed stream of random and mutated inputs fed to the parsers (any result
 * is fine; a crash, a leak or a sanitizer report is not).
 *
 * Run by scripts/ffi-c-tests.sh (plain, under valgrind, with AddressSanitizer and
 * UndefinedBehaviorSanitizer). argv[1] is a scratch directory (unused here);
 * JPKI_SOURCE_DIR is the repository root. Exit status 0 when every check passes;
 * each failed check is printed.
 */
#include "jpki.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                            \
        }                                                                          \
    } while (0)

#define CHECK_RESULT(expr, expected)                                                   \
    do {                                                                               \
        jpki_result got_ = (expr);                                                     \
        if (got_ != (expected)) {                                                      \
            fprintf(stderr, "%s:%d: %s returned %s (%u), expected %s\n", __FILE__,     \
                    __LINE__, #expr, jpki_result_name(got_), (unsigned)got_, #expected); \
            failures++;                                                                \
        }                                                                              \
    } while (0)

/* The signing root of 2023: what these checks expect of it. */
#define ROOT_FILE "/jpki-core/tests/jlis/sign_ca_2023.pem"
#define ROOT_SERIAL "0x067c6a21"
#define ROOT_SUBJECT                                                                  \
    "C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority " \
    "Information Systems"
#define ROOT_NOT_BEFORE 1689468627 /* 2023-07-16T00:50:27Z */
#define ROOT_NOT_AFTER 2005052399  /* 2033-07-15T14:59:59Z (23:59:59 JST) */
#define ROOT_DER_LEN 1304

/* Reads a whole file; NULL (after recording a failure) if it cannot. */
static uint8_t *read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s (is JPKI_SOURCE_DIR the repository root?)\n", path);
        failures++;
        return NULL;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    CHECK(buf != NULL);
    *len_out = len;
    return buf;
}

/*
 * A text output through the size-query protocol: a NULL buffer with capacity 0
 * asks for the length, a buffer one byte short is refused untouched, an exact one
 * receives the text. Returns a NUL-terminated copy (free it) or NULL.
 */
typedef jpki_result (*cert_text_fn)(const jpki_certificate *, uint8_t *, size_t, size_t *);

static char *cert_text(cert_text_fn f, const jpki_certificate *cert) {
    size_t needed = 0;
    CHECK_RESULT(f(cert, NULL, 0, &needed), JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(needed > 0);
    if (needed == 0) {
        return NULL;
    }
    char *text = malloc(needed + 1);
    if (text == NULL) {
        failures++;
        return NULL;
    }
    memset(text, 'x', needed + 1);
    size_t len = 0;
    CHECK_RESULT(f(cert, (uint8_t *)text, needed - 1, &len), JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(len == needed);
    CHECK(text[0] == 'x'); /* nothing written when too small */
    len = 0;
    CHECK_RESULT(f(cert, (uint8_t *)text, needed, &len), JPKI_RESULT_OK);
    CHECK(len == needed);
    text[needed] = '\0';
    return text;
}

/* A fixed-seed linear congruential generator (Numerical Recipes constants). */
static uint32_t lcg_state = 20260521u;

static uint32_t lcg(void) {
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state >> 8;
}

static void test_root_fields(const jpki_certificate *root) {
    jpki_certificate_kind kind = JPKI_CERTIFICATE_KIND_OTHER;
    CHECK_RESULT(jpki_certificate_get_kind(root, &kind), JPKI_RESULT_OK);
    CHECK(kind == JPKI_CERTIFICATE_KIND_CA);

    char *serial = cert_text(jpki_certificate_serial_hex, root);
    CHECK(serial != NULL && strcmp(serial, ROOT_SERIAL) == 0);
    free(serial);
    const uint8_t *serial_bytes = NULL;
    size_t serial_len = 0;
    CHECK_RESULT(jpki_certificate_serial(root, &serial_bytes, &serial_len), JPKI_RESULT_OK);
    static const uint8_t expected_serial[] = {0x06, 0x7c, 0x6a, 0x21};
    CHECK(serial_len == sizeof expected_serial);
    CHECK(serial_bytes != NULL && memcmp(serial_bytes, expected_serial, sizeof expected_serial) == 0);

    char *subject = cert_text(jpki_certificate_subject, root);
    CHECK(subject != NULL && strcmp(subject, ROOT_SUBJECT) == 0);
    char *issuer = cert_text(jpki_certificate_issuer, root);
    CHECK(issuer != NULL && subject != NULL && strcmp(issuer, subject) == 0);
    free(subject);
    free(issuer);

    int64_t not_before = 0, not_after = 0;
    CHECK_RESULT(jpki_certificate_not_before(root, &not_before), JPKI_RESULT_OK);
    CHECK_RESULT(jpki_certificate_not_after(root, &not_after), JPKI_RESULT_OK);
    CHECK(not_before == ROOT_NOT_BEFORE);
    CHECK(not_after == ROOT_NOT_AFTER);

    /* The DER view: the certificate itself, which parses to an equal one. */
    const uint8_t *der = NULL;
    size_t der_len = 0;
    CHECK_RESULT(jpki_certificate_der(root, &der, &der_len), JPKI_RESULT_OK);
    CHECK(der_len == ROOT_DER_LEN);
    CHECK(der != NULL && der[0] == 0x30);
    jpki_certificate *again = NULL;
    CHECK_RESULT(jpki_certificate_parse(der, der_len, &again), JPKI_RESULT_OK);
    const uint8_t *der2 = NULL;
    size_t der2_len = 0;
    CHECK_RESULT(jpki_certificate_der(again, &der2, &der2_len), JPKI_RESULT_OK);
    CHECK(der2_len == der_len && der2 != der && memcmp(der, der2, der_len) == 0);

    /*
     * The J-LIS roots carry no authorityKeyIdentifier, so nothing designates an
     * issuer for them, not even themselves (several generations share one DN).
     */
    jpki_issuer_match how = JPKI_ISSUER_MATCH_KEY_ID;
    CHECK_RESULT(jpki_certificate_issued_by(root, again, &how), JPKI_RESULT_OK);
    CHECK(how == JPKI_ISSUER_MATCH_NONE);
    /* PEM out parses back. */
    char *pem = cert_text(jpki_certificate_pem, again);
    CHECK(pem != NULL && strncmp(pem, "-----BEGIN CERTIFICATE-----", 27) == 0);
    if (pem != NULL) {
        jpki_certificate *from_pem = NULL;
        CHECK_RESULT(jpki_certificate_parse((const uint8_t *)pem, strlen(pem), &from_pem),
                     JPKI_RESULT_OK);
        jpki_certificate_free(from_pem);
    }
    free(pem);
    jpki_certificate_free(again);

    /* A clone outlives nothing it depends on. */
    jpki_certificate *clone = NULL;
    CHECK_RESULT(jpki_certificate_clone(root, &clone), JPKI_RESULT_OK);
    kind = JPKI_CERTIFICATE_KIND_OTHER;
    CHECK_RESULT(jpki_certificate_get_kind(clone, &kind), JPKI_RESULT_OK);
    CHECK(kind == JPKI_CERTIFICATE_KIND_CA);
    jpki_certificate_free(clone);
}

/* A CA has no 4 basic info: every personal field is NO_PERSONAL_INFO. */
static void test_no_personal_info(const jpki_certificate *root) {
    CHECK(!jpki_certificate_has_personal_info(root));
    uint8_t buf[64];
    size_t len = 0;
    CHECK_RESULT(jpki_certificate_name(root, buf, sizeof buf, &len), JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK_RESULT(jpki_certificate_address(root, buf, sizeof buf, &len),
                 JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK_RESULT(jpki_certificate_birth_date_iso(root, buf, sizeof buf, &len),
                 JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK_RESULT(jpki_certificate_birth_date_japanese(root, buf, sizeof buf, &len),
                 JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK_RESULT(jpki_certificate_personal_info_json(root, buf, sizeof buf, &len),
                 JPKI_RESULT_NO_PERSONAL_INFO);
    jpki_sex sex = JPKI_SEX_FEMALE;
    CHECK_RESULT(jpki_certificate_sex(root, &sex), JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK(sex == JPKI_SEX_FEMALE); /* untouched on failure */
    uint32_t positions[8];
    CHECK_RESULT(jpki_certificate_name_substitutes(root, positions, 8, &len),
                 JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK_RESULT(jpki_certificate_address_substitutes(root, positions, 8, &len),
                 JPKI_RESULT_NO_PERSONAL_INFO);

    jpki_applicant *applicant = jpki_applicant_new();
    CHECK(applicant != NULL);
    static const char name[] = "高橋 太郎";
    static const char address[] = "東京都千代田区霞が関2-1-2";
    static const char birth[] = "昭和25年4月1日";
    CHECK_RESULT(jpki_applicant_set_name(applicant, (const uint8_t *)name, strlen(name)),
                 JPKI_RESULT_OK);
    CHECK_RESULT(jpki_applicant_set_address(applicant, (const uint8_t *)address, strlen(address)),
                 JPKI_RESULT_OK);
    CHECK_RESULT(jpki_applicant_set_birth_date(applicant, (const uint8_t *)birth, strlen(birth)),
                 JPKI_RESULT_OK);
    CHECK_RESULT(jpki_applicant_set_sex(applicant, JPKI_SEX_MALE), JPKI_RESULT_OK);
    static const char bad_date[] = "2023-02-29";
    CHECK_RESULT(
        jpki_applicant_set_birth_date(applicant, (const uint8_t *)bad_date, strlen(bad_date)),
        JPKI_RESULT_INVALID_DATE);
    static const uint8_t latin1[] = {0x93, 0xfc, 0x96, 0x7b};
    CHECK_RESULT(jpki_applicant_set_name(applicant, latin1, sizeof latin1),
                 JPKI_RESULT_INVALID_UTF8);
    CHECK_RESULT(jpki_applicant_set_sex(applicant, 0), JPKI_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(jpki_applicant_set_sex(applicant, 4), JPKI_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(jpki_applicant_unset(applicant, JPKI_PERSONAL_FIELD_SEX), JPKI_RESULT_OK);
    CHECK_RESULT(jpki_applicant_unset(applicant, 99), JPKI_RESULT_INVALID_ARGUMENT);
    jpki_comparison *cmp = NULL;
    CHECK_RESULT(jpki_certificate_compare(root, applicant, &cmp), JPKI_RESULT_NO_PERSONAL_INFO);
    CHECK(cmp == NULL);
    jpki_applicant_free(applicant);
}

/* A CRL and an OCSP request need the real issuer; the root issued itself. */
static void test_revocation(const jpki_certificate *root) {
    static const uint8_t not_a_crl[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    jpki_crl *crl = NULL;
    jpki_result r = jpki_crl_load(not_a_crl, sizeof not_a_crl, root, &crl);
    CHECK(r != JPKI_RESULT_OK && !jpki_result_is_ffi(r));
    CHECK(crl == NULL);

    jpki_ocsp_request *request = NULL;
    static const uint8_t nonce[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    CHECK_RESULT(jpki_ocsp_request_new(root, root, JPKI_OCSP_HASH_SHA1, nonce, sizeof nonce,
                                       &request),
                 JPKI_RESULT_OK);
    const uint8_t *der = NULL;
    size_t der_len = 0;
    CHECK_RESULT(jpki_ocsp_request_der(request, &der, &der_len), JPKI_RESULT_OK);
    CHECK(der != NULL && der_len > 40 && der[0] == 0x30);

    uint8_t long_nonce[33] = {0};
    jpki_ocsp_request *bad = NULL;
    CHECK_RESULT(jpki_ocsp_request_new(root, root, JPKI_OCSP_HASH_SHA256, long_nonce,
                                       sizeof long_nonce, &bad),
                 JPKI_RESULT_OCSP_INVALID_NONCE);
    CHECK_RESULT(jpki_ocsp_request_new(root, root, 0, NULL, 0, &bad), JPKI_RESULT_INVALID_ARGUMENT);
    CHECK_RESULT(jpki_ocsp_request_new(root, root, 5, NULL, 0, &bad), JPKI_RESULT_INVALID_ARGUMENT);
    CHECK(bad == NULL);

    /* An OCSP "tryLater" answer (no body) and garbage are errors, not statuses. */
    static const uint8_t try_later[] = {0x30, 0x03, 0x0a, 0x01, 0x03};
    jpki_cert_status status = JPKI_CERT_STATUS_UNKNOWN;
    int64_t revoked_at = -1;
    jpki_revocation_reason reason = JPKI_REVOCATION_REASON_AA_COMPROMISE;
    CHECK_RESULT(jpki_ocsp_check_response(try_later, sizeof try_later, request, root,
                                          ROOT_NOT_BEFORE + 10, &status, &revoked_at, &reason),
                 JPKI_RESULT_OCSP_RESPONSE_STATUS);
    CHECK_RESULT(jpki_ocsp_check_response(not_a_crl, sizeof not_a_crl, request, root,
                                          ROOT_NOT_BEFORE + 10, &status, &revoked_at, &reason),
                 JPKI_RESULT_DECODE);
    CHECK_RESULT(jpki_ocsp_check_response(try_later, sizeof try_later, request, root, -1, &status,
                                          &revoked_at, &reason),
                 JPKI_RESULT_INVALID_ARGUMENT);
    CHECK(status == JPKI_CERT_STATUS_UNKNOWN && revoked_at == -1);
    CHECK(reason == JPKI_REVOCATION_REASON_AA_COMPROMISE);
    jpki_ocsp_request_free(request);
}

static void test_bad_certificates(const uint8_t *der, size_t der_len) {
    jpki_certificate *cert = NULL;
    /* Truncated DER, one byte, empty, trailing data: all DECODE. */
    CHECK_RESULT(jpki_certificate_parse(der, der_len / 2, &cert), JPKI_RESULT_DECODE);
    CHECK_RESULT(jpki_certificate_parse(der, 1, &cert), JPKI_RESULT_DECODE);
    CHECK_RESULT(jpki_certificate_parse(der, 0, &cert), JPKI_RESULT_DECODE);
    CHECK_RESULT(jpki_certificate_parse(NULL, 0, &cert), JPKI_RESULT_DECODE);
    uint8_t *trailing = malloc(der_len + 1);
    if (trailing != NULL) {
        memcpy(trailing, der, der_len);
        trailing[der_len] = 0;
        CHECK_RESULT(jpki_certificate_parse(trailing, der_len + 1, &cert), JPKI_RESULT_DECODE);
        free(trailing);
    }
    /* Random bytes. */
    uint8_t noise[300];
    for (size_t i = 0; i < sizeof noise; i++) {
        noise[i] = (uint8_t)lcg();
    }
    noise[0] = 0x31; /* not a SEQUENCE, not PEM */
    CHECK_RESULT(jpki_certificate_parse(noise, sizeof noise, &cert), JPKI_RESULT_DECODE);
    /* PEM with no certificate block. */
    static const char crl_pem[] = "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n";
    CHECK_RESULT(jpki_certificate_parse((const uint8_t *)crl_pem, strlen(crl_pem), &cert),
                 JPKI_RESULT_NO_PEM_BLOCK);
    CHECK(cert == NULL);
    /* Nor as a bundle. */
    jpki_certificate_list *list = NULL;
    CHECK_RESULT(jpki_certificate_list_parse((const uint8_t *)crl_pem, strlen(crl_pem), &list),
                 JPKI_RESULT_NO_PEM_BLOCK);
    CHECK(list == NULL);
}

static void test_list(const uint8_t *pem, size_t pem_len) {
    /* The root twice in one bundle. */
    uint8_t *bundle = malloc(2 * pem_len);
    if (bundle == NULL) {
        failures++;
        return;
    }
    memcpy(bundle, pem, pem_len);
    memcpy(bundle + pem_len, pem, pem_len);
    jpki_certificate_list *list = NULL;
    CHECK_RESULT(jpki_certificate_list_parse(bundle, 2 * pem_len, &list), JPKI_RESULT_OK);
    free(bundle);
    size_t n = 0;
    CHECK_RESULT(jpki_certificate_list_len(list, &n), JPKI_RESULT_OK);
    CHECK(n == 2);
    jpki_certificate *second = NULL;
    CHECK_RESULT(jpki_certificate_list_get(list, 2, &second), JPKI_RESULT_INVALID_ARGUMENT);
    CHECK(second == NULL);
    CHECK_RESULT(jpki_certificate_list_get(list, 1, &second), JPKI_RESULT_OK);
    jpki_certificate_list_free(list);
    /* Taken from the list, it outlives it. */
    char *serial = cert_text(jpki_certificate_serial_hex, second);
    CHECK(serial != NULL && strcmp(serial, ROOT_SERIAL) == 0);
    free(serial);
    jpki_certificate_free(second);
}

static void test_null_arguments(const jpki_certificate *root, const uint8_t *der, size_t der_len) {
    uint8_t buf[2048];
    size_t len = 0;
    jpki_certificate *cert = NULL;
    const uint8_t *view = NULL;

    jpki_certificate_free(NULL);
    jpki_certificate_list_free(NULL);
    jpki_applicant_free(NULL);
    jpki_comparison_free(NULL);
    jpki_crl_free(NULL);
    jpki_ocsp_request_free(NULL);

    CHECK_RESULT(jpki_certificate_parse(der, der_len, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_parse(NULL, 10, &cert), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_clone(NULL, &cert), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_clone(root, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK(cert == NULL);
    CHECK_RESULT(jpki_certificate_der(NULL, &view, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_der(root, NULL, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_der(root, &view, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_serial(NULL, &view, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_serial(root, NULL, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_serial(root, &view, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK(view == NULL);

    const cert_text_fn texts[] = {
        jpki_certificate_pem,
        jpki_certificate_serial_hex,
        jpki_certificate_subject,
        jpki_certificate_issuer,
        jpki_certificate_name,
        jpki_certificate_address,
        jpki_certificate_birth_date_iso,
        jpki_certificate_birth_date_japanese,
        jpki_certificate_personal_info_json,
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        CHECK_RESULT(texts[i](NULL, buf, sizeof buf, &len), JPKI_RESULT_NULL_PARAMETER);
        CHECK_RESULT(texts[i](root, buf, sizeof buf, NULL), JPKI_RESULT_NULL_PARAMETER);
    }
    /* A NULL buffer claiming a capacity is refused (after the length is written). */
    CHECK_RESULT(jpki_certificate_subject(root, NULL, sizeof buf, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK(len > 0);

    uint32_t positions[4];
    CHECK_RESULT(jpki_certificate_name_substitutes(NULL, positions, 4, &len),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_name_substitutes(root, positions, 4, NULL),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_address_substitutes(NULL, positions, 4, &len),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_address_substitutes(root, positions, 4, NULL),
                 JPKI_RESULT_NULL_PARAMETER);

    jpki_certificate_kind kind = JPKI_CERTIFICATE_KIND_OTHER;
    CHECK_RESULT(jpki_certificate_get_kind(NULL, &kind), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_get_kind(root, NULL), JPKI_RESULT_NULL_PARAMETER);
    int64_t t = 0;
    CHECK_RESULT(jpki_certificate_not_before(NULL, &t), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_not_before(root, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_not_after(NULL, &t), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_not_after(root, NULL), JPKI_RESULT_NULL_PARAMETER);
    jpki_issuer_match how = JPKI_ISSUER_MATCH_NONE;
    CHECK_RESULT(jpki_certificate_issued_by(NULL, root, &how), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_issued_by(root, NULL, &how), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_issued_by(root, root, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK(!jpki_certificate_has_personal_info(NULL));
    jpki_sex sex = JPKI_SEX_MALE;
    CHECK_RESULT(jpki_certificate_sex(NULL, &sex), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_sex(root, NULL), JPKI_RESULT_NULL_PARAMETER);

    jpki_certificate_list *list = NULL;
    CHECK_RESULT(jpki_certificate_list_parse(der, der_len, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_list_parse(NULL, 1, &list), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_list_len(NULL, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_list_get(NULL, 0, &cert), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_list_parse(der, der_len, &list), JPKI_RESULT_OK);
    CHECK_RESULT(jpki_certificate_list_len(list, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_list_get(list, 0, NULL), JPKI_RESULT_NULL_PARAMETER);
    jpki_certificate_list_free(list);

    jpki_applicant *applicant = jpki_applicant_new();
    static const char name[] = "吉田";
    const uint8_t *n = (const uint8_t *)name;
    CHECK_RESULT(jpki_applicant_set_name(NULL, n, strlen(name)), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_set_name(applicant, NULL, 3), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_set_address(NULL, n, strlen(name)), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_set_address(applicant, NULL, 3), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_set_birth_date(NULL, n, strlen(name)), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_set_birth_date(applicant, NULL, 3), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_set_sex(NULL, JPKI_SEX_MALE), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_applicant_unset(NULL, JPKI_PERSONAL_FIELD_NAME), JPKI_RESULT_NULL_PARAMETER);
    jpki_comparison *cmp = NULL;
    CHECK_RESULT(jpki_certificate_compare(NULL, applicant, &cmp), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_compare(root, NULL, &cmp), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_certificate_compare(root, applicant, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK(cmp == NULL);
    jpki_applicant_free(applicant);
    CHECK(!jpki_comparison_all_match(NULL));
    CHECK(!jpki_comparison_provided_match(NULL));
    jpki_field_result field = JPKI_FIELD_RESULT_EXACT;
    CHECK_RESULT(jpki_comparison_field(NULL, JPKI_PERSONAL_FIELD_NAME, &field),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_comparison_field_message(NULL, JPKI_PERSONAL_FIELD_NAME, buf, sizeof buf,
                                               &len),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_comparison_json(NULL, buf, sizeof buf, &len), JPKI_RESULT_NULL_PARAMETER);

    jpki_crl *crl = NULL;
    jpki_cert_status status = JPKI_CERT_STATUS_UNKNOWN;
    int64_t at = 0;
    jpki_revocation_reason reason = JPKI_REVOCATION_REASON_NONE;
    bool flag = false;
    CHECK_RESULT(jpki_crl_load(der, der_len, root, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_load(NULL, 5, root, &crl), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_load(der, der_len, NULL, &crl), JPKI_RESULT_NULL_PARAMETER);
    CHECK(crl == NULL);
    CHECK_RESULT(jpki_crl_lookup(NULL, root, &status, &at, &reason), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_lookup_serial(NULL, der, 4, &status, &at, &reason),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_len(NULL, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_this_update(NULL, &at), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_next_update(NULL, &flag, &at), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_crl_is_current_at(NULL, 0, &flag), JPKI_RESULT_NULL_PARAMETER);

    jpki_ocsp_request *request = NULL;
    CHECK_RESULT(jpki_ocsp_request_new(NULL, root, JPKI_OCSP_HASH_SHA1, NULL, 0, &request),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_request_new(root, NULL, JPKI_OCSP_HASH_SHA1, NULL, 0, &request),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_request_new(root, root, JPKI_OCSP_HASH_SHA1, NULL, 8, &request),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_request_new(root, root, JPKI_OCSP_HASH_SHA1, NULL, 0, NULL),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK(request == NULL);
    CHECK_RESULT(jpki_ocsp_request_new(root, root, JPKI_OCSP_HASH_SHA1, NULL, 0, &request),
                 JPKI_RESULT_OK);
    CHECK_RESULT(jpki_ocsp_request_der(NULL, &view, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_request_der(request, NULL, &len), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_request_der(request, &view, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_check_response(NULL, 3, request, root, 0, &status, &at, &reason),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_check_response(der, der_len, NULL, root, 0, &status, &at, &reason),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_check_response(der, der_len, request, NULL, 0, &status, &at, &reason),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_check_response(der, der_len, request, root, 0, NULL, &at, &reason),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_check_response(der, der_len, request, root, 0, &status, NULL, &reason),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK_RESULT(jpki_ocsp_check_response(der, der_len, request, root, 0, &status, &at, NULL),
                 JPKI_RESULT_NULL_PARAMETER);
    CHECK(status == JPKI_CERT_STATUS_UNKNOWN);
    jpki_ocsp_request_free(request);
}

/* Feeds one input to every parser; frees whatever succeeded. */
static unsigned long accepted = 0;

static void feed(const uint8_t *data, size_t len, const jpki_certificate *root,
                 const jpki_ocsp_request *request) {
    jpki_certificate *cert = NULL;
    jpki_result r = jpki_certificate_parse(data, len, &cert);
    CHECK((r == JPKI_RESULT_OK) == (cert != NULL));
    CHECK(r != JPKI_RESULT_PANIC);
    if (cert != NULL) {
        accepted++;
        jpki_certificate_kind kind = JPKI_CERTIFICATE_KIND_OTHER;
        CHECK_RESULT(jpki_certificate_get_kind(cert, &kind), JPKI_RESULT_OK);
        jpki_certificate_free(cert);
    }
    jpki_certificate_list *list = NULL;
    r = jpki_certificate_list_parse(data, len, &list);
    CHECK(r != JPKI_RESULT_PANIC);
    jpki_certificate_list_free(list);

    jpki_crl *crl = NULL;
    r = jpki_crl_load(data, len, root, &crl);
    CHECK((r == JPKI_RESULT_OK) == (crl != NULL));
    CHECK(r != JPKI_RESULT_PANIC);
    jpki_crl_free(crl);

    jpki_cert_status status = JPKI_CERT_STATUS_UNKNOWN;
    int64_t revoked_at = 0;
    jpki_revocation_reason reason = JPKI_REVOCATION_REASON_NONE;
    r = jpki_ocsp_check_response(data, len, request, root, ROOT_NOT_BEFORE + 60, &status,
                                 &revoked_at, &reason);
    CHECK(r != JPKI_RESULT_OK); /* nothing here is a response signed by the root */
    CHECK(r != JPKI_RESULT_PANIC);
}

static void test_fuzz(const jpki_certificate *root, const uint8_t *der, size_t der_len,
                      const uint8_t *pem, size_t pem_len) {
    jpki_ocsp_request *request = NULL;
    CHECK_RESULT(jpki_ocsp_request_new(root, root, JPKI_OCSP_HASH_SHA256, NULL, 0, &request),
                 JPKI_RESULT_OK);
    size_t cap = der_len > pem_len ? der_len : pem_len;
    cap = cap > 512 ? cap + 8 : 520;
    uint8_t *buf = malloc(cap);
    if (buf == NULL || request == NULL) {
        failures++;
        free(buf);
        jpki_ocsp_request_free(request);
        return;
    }
    /* Pure noise, lengths 0 to 512, often starting like a DER SEQUENCE or PEM. */
    for (int i = 0; i < 2000; i++) {
        size_t len = lcg() % 513;
        for (size_t j = 0; j < len; j++) {
            buf[j] = (uint8_t)lcg();
        }
        if (len >= 2 && i % 3 == 0) {
            buf[0] = 0x30;
            buf[1] = (uint8_t)(len > 129 ? 0x82 : len - 2);
            if (len > 129 && len >= 4) {
                buf[2] = (uint8_t)((len - 4) >> 8);
                buf[3] = (uint8_t)(len - 4);
            }
        } else if (len >= 11 && i % 3 == 1) {
            memcpy(buf, "-----BEGIN ", 11);
        }
        feed(buf, len, root, request);
    }
    /* Mutations of the real certificate: flipped bytes, truncations, insertions. */
    for (int i = 0; i < 2000; i++) {
        const uint8_t *src = (i % 4 == 3) ? pem : der;
        size_t src_len = (i % 4 == 3) ? pem_len : der_len;
        size_t len = src_len;
        memcpy(buf, src, src_len);
        switch (lcg() % 3) {
        case 0: { /* flip 1 to 4 bytes */
            int flips = 1 + (int)(lcg() % 4);
            for (int k = 0; k < flips; k++) {
                buf[lcg() % len] ^= (uint8_t)(1u << (lcg() % 8));
            }
            break;
        }
        case 1: /* truncate */
            len = lcg() % src_len;
            break;
        default: { /* insert a byte */
            size_t at = lcg() % len;
            memmove(buf + at + 1, buf + at, len - at);
            buf[at] = (uint8_t)lcg();
            len++;
            break;
        }
        }
        feed(buf, len, root, request);
    }
    free(buf);
    jpki_ocsp_request_free(request);
    /* Some flips land in the signature or a value and still parse. */
    CHECK(accepted > 0);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    const char *source_dir = getenv("JPKI_SOURCE_DIR");
    if (source_dir == NULL) {
        fprintf(stderr, "JPKI_SOURCE_DIR (the repository root) is not set\n");
        return 1;
    }
    size_t path_len = strlen(source_dir) + sizeof ROOT_FILE;
    char *path = malloc(path_len);
    if (path == NULL) {
        return 1;
    }
    snprintf(path, path_len, "%s%s", source_dir, ROOT_FILE);
    size_t pem_len = 0;
    uint8_t *pem = read_file(path, &pem_len);
    free(path);
    if (pem == NULL) {
        return 1;
    }

    jpki_certificate *root = NULL;
    CHECK_RESULT(jpki_certificate_parse(pem, pem_len, &root), JPKI_RESULT_OK);
    if (root == NULL) {
        free(pem);
        return 1;
    }
    const uint8_t *view = NULL;
    size_t der_len = 0;
    CHECK_RESULT(jpki_certificate_der(root, &view, &der_len), JPKI_RESULT_OK);
    uint8_t *der = malloc(der_len);
    if (der == NULL) {
        return 1;
    }
    memcpy(der, view, der_len);

    test_root_fields(root);
    test_no_personal_info(root);
    test_revocation(root);
    test_bad_certificates(der, der_len);
    test_list(pem, pem_len);
    test_null_arguments(root, der, der_len);
    test_fuzz(root, der, der_len, pem, pem_len);

    jpki_certificate_free(root);
    free(der);
    free(pem);
    if (failures > 0) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("cert.c: all checks passed (%lu mutated inputs parsed)\n", accepted);
    return 0;
}
