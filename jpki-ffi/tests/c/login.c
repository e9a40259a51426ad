/*
 * Logging in with the card (issue 13), from C: the simulated J-LIS authority
 * issues a virtual My Number card; a relying party (a bank) issues challenges
 * into a nonce store and sends their DER; the resident's software reads them and
 * has the card answer through the transport callback (jpki_sim_card_transmit);
 * the bank verifies the responses' DER with a verifier holding the authority's
 * roots and CRLs, and stores the account key.
 *
 * Checked: the account key is the same across logins (its text and its parts,
 * which are the certificate's); each refusal has its own code (replay 1102,
 * expiry 1103, a signature over another nonce 1104, an unknown nonce 1101, a bad
 * challenge 1100, a full store 1105, a registration over another challenge
 * 1106) and NULL or out-of-range arguments are refused before anything is spent
 * (a nonce is not redeemed, a PIN try is not used); the PIN's "allow last try"
 * convention; a response built from the card's raw signature of the challenge's
 * digest; one store and one verifier shared by several threads, where each
 * response logs in exactly once; and registration: the binding's account key is
 * the logins', a later signed request is current (or refused when not valid),
 * after a move the binding asks for a new registration while logins keep
 * working, after a death logins are refused.
 *
 * Run by scripts/ffi-c-tests.sh (plain, under valgrind, with AddressSanitizer and
 * UndefinedBehaviorSanitizer). argv[1] is a scratch directory (unused here).
 * Exit status 0 when every check passes; each failed check is printed.
 */
#include "jpki.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static pthread_mutex_t failures_lock = PTHREAD_MUTEX_INITIALIZER;

static void failed(const char *file, int line, const char *what, const char *detail) {
    pthread_mutex_lock(&failures_lock);
    fprintf(stderr, "%s:%d: %s%s%s\n", file, line, what, detail[0] ? " returned " : "", detail);
    failures++;
    pthread_mutex_unlock(&failures_lock);
}

#define CHECK(cond)                                                                \
    do {                                                                           \
        if (!(cond)) {                                                             \
            failed(__FILE__, __LINE__, "check failed: " #cond, "");                \
        }                                                                          \
    } while (0)

/* A call that must return `want` (a jpki_result); prints what it returned. */
#define CHECK_CODE(call, want)                                                     \
    do {                                                                           \
        jpki_result check_code_r = (call);                                         \
        if (check_code_r != (want)) {                                              \
            failed(__FILE__, __LINE__, #call, jpki_result_name(check_code_r));     \
        }                                                                          \
    } while (0)

#define CHECK_OK(call) CHECK_CODE(call, JPKI_RESULT_OK)

/* 2026-11-21T10:00:00+09:00 */
#define NOW INT64_C(1795222800)
#define DAY UINT64_C(86400)
#define LIFETIME 300

static const char NAME[] = "髙橋 太郎";
static const char BIRTH[] = "1950-04-01";
static const char ADDRESS[] = "東京都千代田区霞が関2丁目1番2号";
static const char PASSWORD[] = "TARO1950";
static const char AUTH_PIN[] = "1234";
static const char RP[] = "bank.example";
static const char APPLICATION[] = "口座開設申込書: 髙橋 太郎, 普通預金";

#define TEXT(s) (const uint8_t *)(s), (sizeof(s) - 1)

/* The world: the authority, the card, the bank's verifier and store. */
static jpki_sim_authority *authority;
static jpki_sim_card *sim;
static jpki_card *card;
static jpki_certificate *auth_cert; /* the card's user authentication certificate */
static jpki_certificate *sign_cert; /* the card's signing certificate */
static jpki_verifier *verifier;
static jpki_nonce_store *store;

/* A nonce of 32 bytes, every byte `b`. */
static void nonce_of(uint8_t b, uint8_t nonce[32]) { memset(nonce, b, 32); }

/* A copy of a view as a NUL-terminated string of hex digits (lower case). */
static void hex(const uint8_t *data, size_t len, char *out) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * len] = '\0';
}

/* Adds to the verifier the CRL the authority issues at `at` for `cert`'s
 * partition. */
static void add_crl(const jpki_certificate *cert, int64_t at) {
    jpki_bytes *crl = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    CHECK_OK(jpki_sim_authority_crl(authority, cert, at, DAY, &crl));
    CHECK_OK(jpki_bytes_data(crl, &data, &len));
    CHECK_OK(jpki_verifier_add_crl(verifier, data, len, NULL));
    jpki_bytes_free(crl);
}

/* A challenge of RP with a nonce of bytes `b`, issued at `at` for LIFETIME
 * seconds, recorded in the store when `record`. NULL (a failure recorded) when
 * it cannot be made. */
static jpki_login_challenge *issue(uint8_t b, int64_t at, bool record) {
    uint8_t nonce[32];
    nonce_of(b, nonce);
    jpki_login_challenge *c = NULL;
    CHECK_OK(jpki_login_challenge_new(TEXT(RP), nonce, sizeof nonce, at, at + LIFETIME, &c));
    if (c != NULL && record) {
        CHECK_OK(jpki_nonce_store_insert(store, c));
    }
    return c;
}

/* The card's answer to `c`, with the PIN. */
static jpki_login_response *answer(const jpki_login_challenge *c) {
    jpki_login_response *r = NULL;
    CHECK_OK(jpki_login_respond(c, card, TEXT(AUTH_PIN), false, &r));
    return r;
}

/* Verifies `r` at `at`; on success writes the account key text (NUL-terminated)
 * into `key` (256 bytes) when not NULL. Returns the code. */
static jpki_result verify(const jpki_login_response *r, int64_t at, char *key) {
    jpki_login *login = (jpki_login *)0x1; /* must stay untouched on refusal */
    jpki_login *const untouched = login;
    jpki_result result = jpki_verifier_verify_login(verifier, r, store, at, &login);
    if (result != JPKI_RESULT_OK) {
        CHECK(login == untouched);
        return result;
    }
    if (key != NULL) {
        size_t len = 0;
        CHECK_OK(jpki_login_account_key(login, (uint8_t *)key, 255, &len));
        key[len < 255 ? len : 255] = '\0';
    }
    jpki_login_free(login);
    return result;
}

/* ---------------------------------------------------------------------------
 * The world.
 * ------------------------------------------------------------------------- */

static int setup(void) {
    CHECK_OK(jpki_sim_authority_new(NOW, &authority));
    CHECK_OK(jpki_sim_card_new(&sim));
    CHECK_OK(jpki_sim_personalize(authority, sim, TEXT(NAME), TEXT(BIRTH), JPKI_SEX_MALE,
                                  TEXT(ADDRESS), TEXT(PASSWORD), TEXT(AUTH_PIN), NOW));
    CHECK_OK(jpki_card_new(jpki_sim_card_transmit, sim, &card));
    /* The authentication certificate needs no PIN on a My Number card. */
    CHECK_OK(jpki_card_read_certificate(card, JPKI_CERTIFICATE_SLOT_AUTHENTICATION, NULL, 0, false,
                                        &auth_cert));
    CHECK_OK(jpki_card_read_certificate(card, JPKI_CERTIFICATE_SLOT_SIGNING, TEXT(PASSWORD), false,
                                        &sign_cert));
    if (failures != 0) {
        return -1;
    }

    /* The bank: the authority's roots (both hierarchies), hard-fail revocation
     * (the default) with the CRLs of the resident's partitions; a store. */
    jpki_bytes *anchors = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    CHECK_OK(jpki_sim_authority_trust_anchors_pem(authority, &anchors));
    CHECK_OK(jpki_bytes_data(anchors, &data, &len));
    jpki_verifier_builder *builder = jpki_verifier_builder_new();
    CHECK_OK(jpki_verifier_builder_add_trust_anchors(builder, data, len));
    CHECK_OK(jpki_verifier_builder_build(builder, &verifier));
    jpki_bytes_free(anchors);
    if (verifier == NULL) {
        return -1;
    }
    add_crl(auth_cert, NOW);
    add_crl(sign_cert, NOW);
    CHECK_OK(jpki_nonce_store_new(64, &store));
    return failures == 0 ? 0 : -1;
}

static void teardown(void) {
    jpki_nonce_store_free(store);
    jpki_verifier_free(verifier);
    jpki_certificate_free(sign_cert);
    jpki_certificate_free(auth_cert);
    jpki_card_free(card); /* before the virtual card behind it */
    jpki_sim_card_free(sim);
    jpki_sim_authority_free(authority);
}

/* ---------------------------------------------------------------------------
 * The tests.
 * ------------------------------------------------------------------------- */

/* Arguments refused before anything happens, each with its code. */
static void test_bad_arguments(void) {
    uint8_t nonce[65];
    memset(nonce, 7, sizeof nonce);
    jpki_login_challenge *c = NULL;
    /* A nonce of 31 or 65 bytes, none at all, an empty relying party, an expiry
     * not after the issue: INVALID_CHALLENGE (1100). */
    CHECK(JPKI_RESULT_INVALID_CHALLENGE == 1100);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), nonce, 31, NOW, NOW + 60, &c),
               JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), nonce, 65, NOW, NOW + 60, &c),
               JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), NULL, 0, NOW, NOW + 60, &c),
               JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_login_challenge_new(NULL, 0, nonce, 32, NOW, NOW + 60, &c),
               JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), nonce, 32, NOW, NOW, &c),
               JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_login_challenge_generate(TEXT(RP), NOW, 0, &c), JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_login_challenge_generate(TEXT("bank\n.example"), NOW, 60, &c),
               JPKI_RESULT_INVALID_CHALLENGE);
    /* NULL pointers and values out of range: the C ABI's own codes. */
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), NULL, 32, NOW, NOW + 60, &c),
               JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), nonce, 32, NOW, NOW + 60, NULL),
               JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), nonce, 32, -1, NOW + 60, &c),
               JPKI_RESULT_INVALID_ARGUMENT);
    CHECK_CODE(jpki_login_challenge_new(TEXT(RP), nonce, 32, NOW, INT64_MAX, &c),
               JPKI_RESULT_INVALID_ARGUMENT);
    CHECK_CODE(jpki_login_challenge_new((const uint8_t *)"\xff", 1, nonce, 32, NOW, NOW + 60, &c),
               JPKI_RESULT_INVALID_UTF8);
    CHECK(c == NULL);
    /* DER that is not a challenge. */
    CHECK_CODE(jpki_login_challenge_parse(nonce, 32, &c), JPKI_RESULT_DECODE);
    CHECK_CODE(jpki_login_response_parse(nonce, 32, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK(c == NULL);

    jpki_login_challenge *ok = issue(0xB0, NOW, false);
    jpki_login_response *r = NULL;
    CHECK_CODE(jpki_nonce_store_insert(NULL, ok), JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_nonce_store_insert(store, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_login_respond(NULL, card, TEXT(AUTH_PIN), false, &r),
               JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_login_respond(ok, NULL, TEXT(AUTH_PIN), false, &r),
               JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_login_respond(ok, card, NULL, 4, false, &r), JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_login_respond(ok, card, TEXT(AUTH_PIN), false, NULL),
               JPKI_RESULT_NULL_PARAMETER);
    /* A PIN that is not 4 digits: refused before anything is sent. */
    CHECK_CODE(jpki_login_respond(ok, card, TEXT("12a4"), false, &r), JPKI_RESULT_INVALID_SECRET);
    CHECK(r == NULL);
    jpki_login *login = NULL;
    CHECK_CODE(jpki_verifier_verify_login(NULL, r, store, NOW, &login), JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_verifier_verify_login(verifier, NULL, store, NOW, &login),
               JPKI_RESULT_NULL_PARAMETER);
    CHECK(login == NULL);
    CHECK_CODE(jpki_nonce_store_new(4, NULL), JPKI_RESULT_NULL_PARAMETER);
    CHECK_CODE(jpki_nonce_store_prune(store, -1), JPKI_RESULT_INVALID_ARGUMENT);
    /* Freeing NULL does nothing. */
    jpki_login_challenge_free(NULL);
    jpki_login_response_free(NULL);
    jpki_login_free(NULL);
    jpki_nonce_store_free(NULL);
    jpki_account_binding_free(NULL);
    jpki_login_challenge_free(ok);

    /* The store: a nonce issued twice (1100), a full store (1105). */
    CHECK(JPKI_RESULT_NONCE_STORE_FULL == 1105);
    jpki_nonce_store *small = NULL;
    CHECK_OK(jpki_nonce_store_new(1, &small));
    jpki_login_challenge *first = issue(0xB1, NOW, false);
    jpki_login_challenge *second = issue(0xB2, NOW, false);
    CHECK_OK(jpki_nonce_store_insert(small, first));
    CHECK_CODE(jpki_nonce_store_insert(small, first), JPKI_RESULT_INVALID_CHALLENGE);
    CHECK_CODE(jpki_nonce_store_insert(small, second), JPKI_RESULT_NONCE_STORE_FULL);
    size_t held = 0;
    CHECK_OK(jpki_nonce_store_len(small, &held));
    CHECK(held == 1);
    /* Once expired, pruning makes room. */
    CHECK_OK(jpki_nonce_store_prune(small, NOW + LIFETIME));
    CHECK_OK(jpki_nonce_store_len(small, &held));
    CHECK(held == 0);
    CHECK_OK(jpki_nonce_store_insert(small, second));
    jpki_login_challenge_free(second);
    jpki_login_challenge_free(first);
    jpki_nonce_store_free(small);
}

/* The whole exchange, over DER both ways; returns the account key text in
 * `key` (256 bytes). */
static void test_login(char *key) {
    key[0] = '\0';
    /* The bank: a challenge into the store, its DER sent. */
    uint8_t nonce[32];
    nonce_of(0x01, nonce);
    jpki_login_challenge *issued = issue(0x01, NOW, true);
    const uint8_t *der = NULL;
    size_t der_len = 0;
    CHECK_OK(jpki_login_challenge_der(issued, &der, &der_len));

    /* The resident: the challenge read back, the relying party shown, the card
     * answers. */
    jpki_login_challenge *received = NULL;
    CHECK_OK(jpki_login_challenge_parse(der, der_len, &received));
    if (received == NULL) {
        jpki_login_challenge_free(issued);
        return;
    }
    char rp[256];
    size_t rp_len = 0;
    CHECK_CODE(jpki_login_challenge_relying_party(received, NULL, 0, &rp_len),
               JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(rp_len == strlen(RP));
    CHECK_OK(jpki_login_challenge_relying_party(received, (uint8_t *)rp, sizeof rp - 1, &rp_len));
    rp[rp_len] = '\0';
    CHECK(strcmp(rp, RP) == 0);
    const uint8_t *data = NULL;
    size_t len = 0;
    CHECK_OK(jpki_login_challenge_nonce(received, &data, &len));
    CHECK(len == 32 && memcmp(data, nonce, 32) == 0);
    int64_t t = 0;
    CHECK_OK(jpki_login_challenge_issued_at(received, &t));
    CHECK(t == NOW);
    CHECK_OK(jpki_login_challenge_expires_at(received, &t));
    CHECK(t == NOW + LIFETIME);
    /* What the card signs: the SHA-256 DigestInfo (19-byte prefix + digest). */
    const uint8_t *digest = NULL;
    size_t digest_len = 0;
    CHECK_OK(jpki_login_challenge_digest(received, &digest, &digest_len));
    CHECK_OK(jpki_login_challenge_to_be_signed(received, &data, &len));
    CHECK(digest_len == 32 && len == 51 && memcmp(data + 19, digest, 32) == 0);
    /* The same DER after the round trip. */
    const uint8_t *der2 = NULL;
    size_t der2_len = 0;
    CHECK_OK(jpki_login_challenge_der(received, &der2, &der2_len));
    CHECK(der2_len == der_len && memcmp(der, der2, der_len) == 0);

    jpki_login_response *sent = answer(received);
    jpki_login_challenge_free(received);
    jpki_login_response *response = NULL;
    if (sent != NULL) {
        CHECK_OK(jpki_login_response_der(sent, &data, &len));
        CHECK_OK(jpki_login_response_parse(data, len, &response));
        /* The response carries the authentication certificate. */
        const uint8_t *cert_der = NULL;
        size_t cert_len = 0;
        CHECK_OK(jpki_certificate_der(auth_cert, &cert_der, &cert_len));
        CHECK_OK(jpki_login_response_certificate_der(sent, &data, &len));
        CHECK(len == cert_len && memcmp(data, cert_der, len) == 0);
        CHECK_OK(jpki_login_response_nonce(sent, &data, &len));
        CHECK(len == 32 && memcmp(data, nonce, 32) == 0);
        CHECK_OK(jpki_login_response_signature(sent, &data, &len));
        CHECK(len == 256); /* RSA 2048 */
        jpki_login_response_free(sent);
    }

    /* The bank verifies. */
    jpki_login *login = NULL;
    CHECK_OK(jpki_verifier_verify_login(verifier, response, store, NOW + 10, &login));
    if (login != NULL) {
        size_t key_len = 0;
        CHECK_OK(jpki_login_account_key(login, (uint8_t *)key, 255, &key_len));
        key[key_len < 255 ? key_len : 255] = '\0';
        /* <issuer key id>:<serial>:<public key SHA-256>, made of the parts. */
        char expected[256], part[130];
        CHECK_OK(jpki_login_account_issuer_key_id(login, &data, &len));
        CHECK(len > 0 && len <= 64);
        hex(data, len, part);
        snprintf(expected, sizeof expected, "%s:", part);
        CHECK_OK(jpki_login_account_serial(login, &data, &len));
        const uint8_t *serial = NULL;
        size_t serial_len = 0;
        CHECK_OK(jpki_certificate_serial(auth_cert, &serial, &serial_len));
        CHECK(len == serial_len && memcmp(data, serial, len) == 0);
        char serial_hex[64];
        size_t serial_hex_len = 0;
        CHECK_OK(jpki_certificate_serial_hex(auth_cert, (uint8_t *)serial_hex,
                                             sizeof serial_hex - 1, &serial_hex_len));
        serial_hex[serial_hex_len] = '\0';
        CHECK(strncmp(serial_hex, "0x", 2) == 0);
        strncat(expected, serial_hex + 2, sizeof expected - strlen(expected) - 1);
        strncat(expected, ":", sizeof expected - strlen(expected) - 1);
        CHECK_OK(jpki_login_account_public_key_sha256(login, &data, &len));
        CHECK(len == 32);
        hex(data, len, part);
        strncat(expected, part, sizeof expected - strlen(expected) - 1);
        CHECK(strcmp(key, expected) == 0);
        if (strcmp(key, expected) != 0) {
            fprintf(stderr, "  account key %s\n  expected    %s\n", key, expected);
        }

        /* The certificate that logged in, its verdict, the JSON. */
        jpki_certificate *cert = NULL;
        CHECK_OK(jpki_login_certificate(login, &cert));
        const uint8_t *a = NULL, *b = NULL;
        size_t a_len = 0, b_len = 0;
        CHECK_OK(jpki_certificate_der(cert, &a, &a_len));
        CHECK_OK(jpki_certificate_der(auth_cert, &b, &b_len));
        CHECK(a_len == b_len && memcmp(a, b, a_len) == 0);
        jpki_certificate_kind kind = JPKI_CERTIFICATE_KIND_OTHER;
        CHECK_OK(jpki_certificate_get_kind(cert, &kind));
        CHECK(kind == JPKI_CERTIFICATE_KIND_AUTHENTICATION);
        jpki_certificate_free(cert);
        jpki_verdict *verdict = NULL;
        CHECK_OK(jpki_login_verdict(login, &verdict));
        CHECK(jpki_verdict_is_valid(verdict));
        jpki_revocation_status status = JPKI_REVOCATION_STATUS_UNCHECKED;
        CHECK_OK(jpki_verdict_revocation_status(verdict, &status));
        CHECK(status == JPKI_REVOCATION_STATUS_GOOD);
        jpki_verdict_free(verdict);
        size_t json_len = 0;
        CHECK_CODE(jpki_login_json(login, NULL, 0, &json_len), JPKI_RESULT_BUFFER_TOO_SMALL);
        char *json = malloc(json_len + 1);
        CHECK(json != NULL);
        if (json != NULL) {
            CHECK_OK(jpki_login_json(login, (uint8_t *)json, json_len, &json_len));
            json[json_len] = '\0';
            CHECK(strncmp(json, "{\"valid\":true,\"schema_version\":", 31) == 0);
            CHECK(strstr(json, "\"relying_party\":\"bank.example\"") != NULL);
            CHECK(strstr(json, key) != NULL);
            free(json);
        }
        jpki_login_free(login);
    }

    /* The same response again: a replay (1102). */
    CHECK(JPKI_RESULT_CHALLENGE_REPLAYED == 1102);
    CHECK_CODE(verify(response, NOW + 20, NULL), JPKI_RESULT_CHALLENGE_REPLAYED);
    jpki_login_response_free(response);
    jpki_login_challenge_free(issued);
}

/* A second login of the same card, with a generated challenge and no PIN (it
 * was verified earlier in the card's session): the same account key. */
static void test_second_login(const char *key) {
    jpki_login_challenge *c = NULL;
    CHECK_OK(jpki_login_challenge_generate(TEXT(RP), NOW + 30, LIFETIME, &c));
    if (c == NULL) {
        return;
    }
    const uint8_t *nonce = NULL;
    size_t nonce_len = 0;
    CHECK_OK(jpki_login_challenge_nonce(c, &nonce, &nonce_len));
    CHECK(nonce_len == 32);
    CHECK_OK(jpki_nonce_store_insert(store, c));
    jpki_login_response *r = NULL;
    CHECK_OK(jpki_login_respond(c, card, NULL, 0, false, &r));
    char again[256] = "";
    CHECK_OK(verify(r, NOW + 40, again));
    CHECK(key[0] != '\0' && strcmp(again, key) == 0);
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);

    /* A host that drives the card itself: the authentication key signs the
     * challenge's digest, and the response is made of its parts. */
    c = issue(0x02, NOW + 50, true);
    const uint8_t *digest = NULL, *cert = NULL;
    size_t digest_len = 0, cert_len = 0;
    CHECK_OK(jpki_login_challenge_digest(c, &digest, &digest_len));
    CHECK_OK(jpki_login_challenge_nonce(c, &nonce, &nonce_len));
    CHECK_OK(jpki_certificate_der(auth_cert, &cert, &cert_len));
    jpki_bytes *signature = NULL;
    CHECK_OK(jpki_card_sign_digest(card, JPKI_KEY_SLOT_AUTHENTICATION, JPKI_HASH_ALGORITHM_SHA256,
                                   digest, digest_len, TEXT(AUTH_PIN), false, &signature));
    const uint8_t *sig = NULL;
    size_t sig_len = 0;
    CHECK_OK(jpki_bytes_data(signature, &sig, &sig_len));
    r = NULL;
    CHECK_OK(jpki_login_response_new(nonce, nonce_len, cert, cert_len, sig, sig_len, &r));
    CHECK_OK(verify(r, NOW + 60, again));
    CHECK(strcmp(again, key) == 0);
    jpki_login_response_free(r);
    jpki_bytes_free(signature);
    jpki_login_challenge_free(c);
}

/* Each refusal with its own code. */
static void test_refusals(void) {
    /* Expired: verified at the expiry itself (1103). A time out of range is
     * refused first, and the nonce is not spent by it. */
    CHECK(JPKI_RESULT_CHALLENGE_EXPIRED == 1103);
    jpki_login_challenge *c = issue(0x10, NOW, true);
    jpki_login_response *r = answer(c);
    CHECK_CODE(verify(r, -1, NULL), JPKI_RESULT_INVALID_ARGUMENT);
    CHECK_CODE(verify(r, NOW + LIFETIME, NULL), JPKI_RESULT_CHALLENGE_EXPIRED);
    /* …and spent by the expiry: the nonce is gone. */
    CHECK_CODE(verify(r, NOW + 10, NULL), JPKI_RESULT_CHALLENGE_REPLAYED);
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);

    /* A signature over another nonce (1104): the bank asked `asked`, the card
     * signed `other` (never issued), and its certificate and signature are sent
     * with the nonce of `asked`. */
    CHECK(JPKI_RESULT_LOGIN_SIGNATURE_INVALID == 1104);
    jpki_login_challenge *asked = issue(0x11, NOW, true);
    jpki_login_challenge *other = issue(0x12, NOW, false);
    jpki_login_response *signed_other = answer(other);
    const uint8_t *nonce = NULL, *cert = NULL, *sig = NULL;
    size_t nonce_len = 0, cert_len = 0, sig_len = 0;
    CHECK_OK(jpki_login_challenge_nonce(asked, &nonce, &nonce_len));
    CHECK_OK(jpki_login_response_certificate_der(signed_other, &cert, &cert_len));
    CHECK_OK(jpki_login_response_signature(signed_other, &sig, &sig_len));
    jpki_login_response *forged = NULL;
    CHECK_OK(jpki_login_response_new(nonce, nonce_len, cert, cert_len, sig, sig_len, &forged));
    CHECK_CODE(verify(forged, NOW + 10, NULL), JPKI_RESULT_LOGIN_SIGNATURE_INVALID);
    jpki_login_response_free(forged);

    /* The honest answer to `other`, which the bank never issued (1101). */
    CHECK(JPKI_RESULT_CHALLENGE_UNKNOWN == 1101);
    CHECK_CODE(verify(signed_other, NOW + 10, NULL), JPKI_RESULT_CHALLENGE_UNKNOWN);
    jpki_login_response_free(signed_other);
    jpki_login_challenge_free(other);
    jpki_login_challenge_free(asked);

    /* Garbage where the certificate should be: DECODE. */
    c = issue(0x13, NOW, true);
    CHECK_OK(jpki_login_challenge_nonce(c, &nonce, &nonce_len));
    r = NULL;
    CHECK_OK(jpki_login_response_new(nonce, nonce_len, TEXT("not a certificate"), TEXT("sig"), &r));
    CHECK_CODE(verify(r, NOW + 10, NULL), JPKI_RESULT_DECODE);
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);

    /* The messages name what happened. */
    char message[512];
    size_t len = 0;
    CHECK_OK(jpki_result_message(JPKI_RESULT_CHALLENGE_REPLAYED, (uint8_t *)message,
                                 sizeof message - 1, &len));
    message[len] = '\0';
    CHECK(strstr(message, "already used") != NULL);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_LOGIN_SIGNATURE_INVALID), "LOGIN_SIGNATURE_INVALID")
          == 0);
    CHECK(!jpki_result_is_ffi(JPKI_RESULT_CHALLENGE_UNKNOWN));
}

/* A wrong PIN spends one try; the last try is spent only when allowed. A PIN
 * verified earlier in a card session is not verified again (a PIN given then is
 * not sent), so this runs in a new session: the card handle is replaced. */
static void test_pin(void) {
    jpki_card_free(card);
    card = NULL;
    CHECK_OK(jpki_card_new(jpki_sim_card_transmit, sim, &card));
    if (card == NULL) {
        return;
    }
    jpki_login_challenge *c = issue(0x20, NOW, true);
    jpki_login_response *r = NULL;
    jpki_pin_state state = JPKI_PIN_STATE_BLOCKED;
    uint32_t remaining = 0;
    /* Verified earlier in this session, or 3 tries. */
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_AUTHENTICATION_PIN, &state, &remaining));
    CHECK(state == JPKI_PIN_STATE_VERIFIED || (state == JPKI_PIN_STATE_REMAINING && remaining == 3));
    CHECK_CODE(jpki_login_respond(c, card, TEXT("9999"), false, &r), JPKI_RESULT_WRONG_PIN);
    CHECK_CODE(jpki_login_respond(c, card, TEXT("9999"), false, &r), JPKI_RESULT_WRONG_PIN);
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_AUTHENTICATION_PIN, &state, &remaining));
    CHECK(state == JPKI_PIN_STATE_REMAINING && remaining == 1);
    /* One try left: refused without allow_last_try, nothing sent. */
    CHECK_CODE(jpki_login_respond(c, card, TEXT(AUTH_PIN), false, &r),
               JPKI_RESULT_LAST_TRY_REFUSED);
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_AUTHENTICATION_PIN, &state, &remaining));
    CHECK(state == JPKI_PIN_STATE_REMAINING && remaining == 1);
    CHECK(r == NULL);
    /* Allowed: the right PIN resets the counter. */
    CHECK_OK(jpki_login_respond(c, card, TEXT(AUTH_PIN), true, &r));
    CHECK_OK(verify(r, NOW + 10, NULL));
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_AUTHENTICATION_PIN, &state, &remaining));
    CHECK(state == JPKI_PIN_STATE_VERIFIED || (state == JPKI_PIN_STATE_REMAINING && remaining == 3));
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);
}

/* ---------------------------------------------------------------------------
 * One store and one verifier, several threads: each response logs in once.
 * ------------------------------------------------------------------------- */

#define THREADS 4
#define RESPONSES 6

static jpki_login_response *shared_responses[RESPONSES];
static int logins[RESPONSES];   /* successes per response */
static int replays[RESPONSES];  /* CHALLENGE_REPLAYED per response */
static const char *shared_key;
static pthread_mutex_t counts_lock = PTHREAD_MUTEX_INITIALIZER;

static void *verify_all(void *arg) {
    size_t start = (size_t)(uintptr_t)arg;
    for (size_t k = 0; k < RESPONSES; k++) {
        size_t i = (start + k) % RESPONSES;
        char key[256] = "";
        jpki_result result = verify(shared_responses[i], NOW + 100, key);
        pthread_mutex_lock(&counts_lock);
        if (result == JPKI_RESULT_OK) {
            logins[i]++;
        } else if (result == JPKI_RESULT_CHALLENGE_REPLAYED) {
            replays[i]++;
        }
        pthread_mutex_unlock(&counts_lock);
        CHECK(result == JPKI_RESULT_OK || result == JPKI_RESULT_CHALLENGE_REPLAYED);
        CHECK(result != JPKI_RESULT_OK || strcmp(key, shared_key) == 0);
    }
    return NULL;
}

static void *issue_more(void *arg) {
    (void)arg;
    for (int i = 0; i < 8; i++) {
        jpki_login_challenge *c = NULL;
        CHECK_OK(jpki_login_challenge_generate(TEXT(RP), NOW + 90, LIFETIME, &c));
        CHECK_OK(jpki_nonce_store_insert(store, c));
        jpki_login_challenge_free(c);
    }
    return NULL;
}

static void test_threads(const char *key) {
    shared_key = key;
    /* Every earlier challenge (issued by NOW + 50) has expired by NOW + 350. */
    size_t held = 0;
    CHECK_OK(jpki_nonce_store_prune(store, NOW + 350));
    CHECK_OK(jpki_nonce_store_len(store, &held));
    CHECK(held == 0);
    for (size_t i = 0; i < RESPONSES; i++) {
        jpki_login_challenge *c = issue((uint8_t)(0x40 + i), NOW + 90, true);
        shared_responses[i] = answer(c);
        jpki_login_challenge_free(c);
    }
    pthread_t threads[THREADS + 1];
    for (size_t t = 0; t < THREADS; t++) {
        CHECK(pthread_create(&threads[t], NULL, verify_all, (void *)(uintptr_t)t) == 0);
    }
    CHECK(pthread_create(&threads[THREADS], NULL, issue_more, NULL) == 0);
    for (size_t t = 0; t <= THREADS; t++) {
        pthread_join(threads[t], NULL);
    }
    for (size_t i = 0; i < RESPONSES; i++) {
        CHECK(logins[i] == 1);
        CHECK(replays[i] == THREADS - 1);
        jpki_login_response_free(shared_responses[i]);
    }
    CHECK_OK(jpki_nonce_store_len(store, &held));
    CHECK(held == RESPONSES + 8); /* redeemed ones are kept until they expire */
}

/* ---------------------------------------------------------------------------
 * Registration: the account binding through a move and a death.
 * ------------------------------------------------------------------------- */

/* The card signs the registration content of `c` (application attached) and
 * answers `answered`. */
static void register_with_card(const jpki_login_challenge *c, const jpki_login_challenge *answered,
                               jpki_bytes **signed_out, jpki_login_response **response_out) {
    jpki_bytes *content = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    CHECK_OK(jpki_login_challenge_registration_content(c, TEXT(APPLICATION), &content));
    CHECK_OK(jpki_bytes_data(content, &data, &len));
    CHECK_OK(jpki_sign(data, len, card, JPKI_KEY_SLOT_SIGNING, TEXT(PASSWORD), false, false, true,
                       NOW, signed_out));
    jpki_bytes_free(content);
    *response_out = answer(answered);
}

/* A later request signed with the card, verified at `at`, assessed. */
static void assess(const jpki_account_binding *binding, const jpki_applicant *holder, int64_t at,
                   jpki_binding_status *status, jpki_result *error) {
    jpki_bytes *request = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    *status = 0;
    *error = JPKI_RESULT_UNKNOWN;
    CHECK_OK(jpki_sign(TEXT(APPLICATION), card, JPKI_KEY_SLOT_SIGNING, TEXT(PASSWORD), false, true,
                       true, at, &request));
    CHECK_OK(jpki_bytes_data(request, &data, &len));
    jpki_verdict *verdict = NULL;
    CHECK_OK(jpki_verifier_verify(verifier, data, len, TEXT(APPLICATION), holder, at, &verdict));
    CHECK_OK(jpki_account_binding_assess(binding, verdict, status, error));
    jpki_verdict_free(verdict);
    jpki_bytes_free(request);
}

static void test_registration(const char *key) {
    jpki_applicant *holder = jpki_applicant_new();
    CHECK_OK(jpki_applicant_set_name(holder, TEXT(NAME)));
    CHECK_OK(jpki_applicant_set_birth_date(holder, TEXT(BIRTH)));
    CHECK_OK(jpki_applicant_set_sex(holder, JPKI_SEX_MALE));
    CHECK_OK(jpki_applicant_set_address(holder, TEXT(ADDRESS)));

    /* Signed over another challenge than the one answered (1106). */
    CHECK(JPKI_RESULT_REGISTRATION_MISMATCH == 1106);
    jpki_login_challenge *answered = issue(0x60, NOW + 100, true);
    jpki_login_challenge *elsewhere = issue(0x61, NOW + 100, false);
    jpki_bytes *signed_application = NULL;
    jpki_login_response *r = NULL;
    register_with_card(elsewhere, answered, &signed_application, &r);
    const uint8_t *data = NULL;
    size_t len = 0;
    CHECK_OK(jpki_bytes_data(signed_application, &data, &len));
    jpki_account_binding *binding = NULL;
    CHECK_CODE(jpki_verifier_register(verifier, data, len, holder, r, store, NOW + 110, &binding),
               JPKI_RESULT_REGISTRATION_MISMATCH);
    CHECK(binding == NULL);
    jpki_login_response_free(r);
    jpki_bytes_free(signed_application);
    jpki_login_challenge_free(elsewhere);
    jpki_login_challenge_free(answered);

    /* The registration. */
    jpki_login_challenge *c = issue(0x62, NOW + 100, true);
    register_with_card(c, c, &signed_application, &r);
    CHECK_OK(jpki_bytes_data(signed_application, &data, &len));
    CHECK_CODE(jpki_verifier_register(verifier, data, len, NULL, r, store, NOW + 110, &binding),
               JPKI_RESULT_NULL_PARAMETER);
    CHECK_OK(jpki_verifier_register(verifier, data, len, holder, r, store, NOW + 110, &binding));
    jpki_login_response_free(r);
    jpki_bytes_free(signed_application);
    jpki_login_challenge_free(c);
    if (binding == NULL) {
        jpki_applicant_free(holder);
        return;
    }
    char text[256];
    CHECK_OK(jpki_account_binding_account_key(binding, (uint8_t *)text, sizeof text - 1, &len));
    text[len] = '\0';
    CHECK(strcmp(text, key) == 0);
    char json[4096];
    CHECK_OK(jpki_account_binding_holder_json(binding, (uint8_t *)json, sizeof json - 1, &len));
    json[len] = '\0';
    /* (The name as certified: 髙 has the substitute 高.) */
    CHECK(strstr(json, "\"surname\":\"高橋\"") != NULL);
    CHECK(strstr(json, "\"address\":\"東京都千代田区霞が関2丁目1番2号\"") != NULL);
    CHECK_OK(jpki_account_binding_json(binding, (uint8_t *)json, sizeof json - 1, &len));
    json[len] = '\0';
    CHECK(strncmp(json, "{\"schema_version\":", 18) == 0);
    CHECK(strstr(json, key) != NULL);
    jpki_certificate *registered = NULL;
    CHECK_OK(jpki_account_binding_signing_certificate(binding, &registered));
    const uint8_t *a = NULL, *b = NULL;
    size_t a_len = 0, b_len = 0;
    CHECK_OK(jpki_certificate_der(registered, &a, &a_len));
    CHECK_OK(jpki_certificate_der(sign_cert, &b, &b_len));
    CHECK(a_len == b_len && memcmp(a, b, a_len) == 0);
    jpki_certificate_free(registered);

    /* A later login is the account's. */
    c = issue(0x63, NOW + 120, true);
    r = answer(c);
    jpki_login *login = NULL;
    CHECK_OK(jpki_verifier_verify_login(verifier, r, store, NOW + 130, &login));
    CHECK(jpki_account_binding_matches(binding, login));
    CHECK(!jpki_account_binding_matches(binding, NULL));
    jpki_login_free(login);
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);

    /* A later signed request: current. */
    jpki_binding_status status = 0;
    jpki_result error = JPKI_RESULT_UNKNOWN;
    assess(binding, holder, NOW + 140, &status, &error);
    CHECK(status == JPKI_BINDING_STATUS_CURRENT && error == JPKI_RESULT_OK);
    /* A request that is not valid for another reason (here its form names
     * someone else): refused, with the request's failure. */
    jpki_applicant *someone_else = jpki_applicant_new();
    CHECK_OK(jpki_applicant_set_name(someone_else, TEXT("髙橋 次郎")));
    assess(binding, someone_else, NOW + 150, &status, &error);
    CHECK(status == JPKI_BINDING_STATUS_REFUSED && error == JPKI_RESULT_PERSONAL_INFO_MISMATCH);
    jpki_applicant_free(someone_else);
    /* A certificate verdict is no signed request. */
    jpki_verdict *cert_verdict = NULL;
    CHECK_OK(jpki_verifier_verify_certificate(verifier, sign_cert, JPKI_USAGE_SIGNING, NOW + 150,
                                              &cert_verdict));
    CHECK_CODE(jpki_account_binding_assess(binding, cert_verdict, &status, &error),
               JPKI_RESULT_INVALID_ARGUMENT);
    jpki_verdict_free(cert_verdict);

    /* The resident moves: the signing certificate is revoked; the binding asks
     * for a new registration, and logins keep working. */
    size_t revoked = 0;
    CHECK_OK(jpki_sim_authority_event(authority, sign_cert, JPKI_SIM_EVENT_MOVE, NOW + 3600,
                                      &revoked));
    CHECK(revoked == 1);
    add_crl(sign_cert, NOW + 3660);
    assess(binding, holder, NOW + 3720, &status, &error);
    CHECK(status == JPKI_BINDING_STATUS_RE_REGISTER && error == JPKI_RESULT_CERTIFICATE_REVOKED);
    c = issue(0x64, NOW + 3700, true);
    r = answer(c);
    char after_move[256] = "";
    CHECK_OK(verify(r, NOW + 3720, after_move));
    CHECK(strcmp(after_move, key) == 0);
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);

    /* The resident dies: the authentication certificate is revoked too, and
     * logins are refused. */
    CHECK_OK(jpki_sim_authority_event(authority, auth_cert, JPKI_SIM_EVENT_DEATH, NOW + 7200,
                                      &revoked));
    CHECK(revoked >= 1);
    add_crl(auth_cert, NOW + 7260);
    add_crl(sign_cert, NOW + 7260);
    c = issue(0x65, NOW + 7300, true);
    r = answer(c);
    CHECK_CODE(verify(r, NOW + 7320, NULL), JPKI_RESULT_CERTIFICATE_REVOKED);
    jpki_login_response_free(r);
    jpki_login_challenge_free(c);

    jpki_account_binding_free(binding);
    jpki_applicant_free(holder);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    if (setup() != 0) {
        fprintf(stderr, "login.c: setup failed\n");
        teardown();
        return 1;
    }
    char key[256] = "";
    test_bad_arguments();
    test_login(key);
    test_second_login(key);
    test_refusals();
    test_pin();
    test_threads(key);
    test_registration(key);
    teardown();
    if (failures != 0) {
        fprintf(stderr, "login.c: %d check(s) failed\n", failures);
        return 1;
    }
    printf("login.c: account key %s; all checks passed\n", key);
    return 0;
}
