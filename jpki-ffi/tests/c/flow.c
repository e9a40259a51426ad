/*
 * An e-application, end to end, from C: the simulated J-LIS authority issues a
 * virtual My Number card at its window; the resident's software reaches the card
 * through the transport callback (jpki_sim_card_transmit), reads the signing
 * certificate with the password and signs a form; the signature is written to a
 * file and read back, as the application would submit it; the service provider
 * verifies it with the authority's roots and CRL; the resident moves, and the
 * next CRL revokes the certificate.
 *
 * Run by scripts/ffi-c-tests.sh (plain, under valgrind, with AddressSanitizer and
 * UndefinedBehaviorSanitizer). argv[1] is a scratch directory for the signature
 * file. Exit status 0 when every check passes; each failed check is printed.
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

/* A call that must succeed; prints the result's name when it does not. */
#define CHECK_OK(call)                                                             \
    do {                                                                           \
        jpki_result check_ok_r = (call);                                           \
        if (check_ok_r != JPKI_RESULT_OK) {                                        \
            fprintf(stderr, "%s:%d: %s returned %s\n", __FILE__, __LINE__, #call,  \
                    jpki_result_name(check_ok_r));                                 \
            failures++;                                                            \
        }                                                                          \
    } while (0)

/* 2026-11-21T10:00:00+09:00 */
#define NOW INT64_C(1795222800)
#define DAY UINT64_C(86400)

static const char NAME[] = "髙橋 太郎";
static const char BIRTH[] = "1950-04-01";
static const char ADDRESS[] = "東京都千代田区霞が関2丁目1番2号";
static const char PASSWORD[] = "TARO1950";
static const char AUTH_PIN[] = "1234";
static const char FORM[] = "口座開設申込書: 髙橋 太郎, 普通預金";

#define TEXT(s) (const uint8_t *)(s), (sizeof(s) - 1)

/* Writes the bytes of `b` to `path`; 0 on success. */
static int write_file(const char *path, const jpki_bytes *b) {
    const uint8_t *data = NULL;
    size_t len = 0;
    if (jpki_bytes_data(b, &data, &len) != JPKI_RESULT_OK) {
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return -1;
    }
    size_t written = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && written == len) ? 0 : -1;
}

/* Reads `path` into a malloc'd buffer (free it); NULL on failure. */
static uint8_t *read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    uint8_t *buf = NULL;
    long size = 0;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)size);
        if (buf != NULL && fread(buf, 1, (size_t)size, f) != (size_t)size) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    *len_out = buf != NULL ? (size_t)size : 0;
    return buf;
}

/* Verifies `sig` over FORM at `at` with `verifier`; writes the first failure. */
static bool verify(const jpki_verifier *verifier, const uint8_t *sig, size_t sig_len, int64_t at,
                   jpki_result *error_out) {
    jpki_verdict *verdict = NULL;
    bool valid = false;
    *error_out = JPKI_RESULT_UNKNOWN;
    CHECK_OK(jpki_verifier_verify(verifier, sig, sig_len, TEXT(FORM), NULL, at, &verdict));
    if (verdict != NULL) {
        valid = jpki_verdict_is_valid(verdict);
        CHECK_OK(jpki_verdict_error(verdict, error_out));
        jpki_verdict_free(verdict);
    }
    return valid;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/form.p7s", argv[1]);

    /* The window: an authority, a blank card, personalization. */
    jpki_sim_authority *authority = NULL;
    jpki_sim_card *sim = NULL;
    CHECK_OK(jpki_sim_authority_new(NOW, &authority));
    CHECK_OK(jpki_sim_card_new(&sim));
    CHECK_OK(jpki_sim_personalize(authority, sim, TEXT(NAME), TEXT(BIRTH), JPKI_SEX_MALE,
                                  TEXT(ADDRESS), TEXT(PASSWORD), TEXT(AUTH_PIN), NOW));

    /* The resident's software: the card through the transport callback. */
    jpki_card *card = NULL;
    CHECK_OK(jpki_card_new(jpki_sim_card_transmit, sim, &card));
    jpki_card_kind kind = JPKI_CARD_KIND_UNKNOWN;
    CHECK_OK(jpki_card_open(card, &kind));
    CHECK(kind == JPKI_CARD_KIND_MY_NUMBER_CARD);

    /* Tries left, read without spending one. */
    jpki_pin_state state = 0;
    uint32_t remaining = 0;
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_SIGNING_PASSWORD, &state, &remaining));
    CHECK(state == JPKI_PIN_STATE_REMAINING && remaining == 5);

    /* A wrong password is refused once and costs exactly one try. */
    jpki_bytes *sig = NULL;
    CHECK(jpki_sign(TEXT(FORM), card, JPKI_KEY_SLOT_SIGNING, TEXT("WRONG1"), false, true, true,
                    NOW, &sig) == JPKI_RESULT_WRONG_PIN);
    CHECK(sig == NULL);
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_SIGNING_PASSWORD, &state, &remaining));
    CHECK(state == JPKI_PIN_STATE_REMAINING && remaining == 4);

    /* The signing certificate, shown to the resident before signing. */
    jpki_certificate *cert = NULL;
    CHECK_OK(jpki_card_read_certificate(card, JPKI_CERTIFICATE_SLOT_SIGNING, TEXT(PASSWORD), false,
                                        &cert));

    /* Sign the form (detached, claiming the time), and save the signature. */
    CHECK_OK(jpki_sign(TEXT(FORM), card, JPKI_KEY_SLOT_SIGNING, TEXT(PASSWORD), false, true, true,
                       NOW, &sig));
    CHECK(sig != NULL && write_file(path, sig) == 0);
    jpki_bytes_free(sig);

    /* The card is done with: free the driver before the virtual card. */
    jpki_card_free(card);
    jpki_sim_card_free(sim);

    /* The service provider: the roots, the municipality's CRL, the submission. */
    jpki_bytes *anchors = NULL;
    jpki_bytes *crl = NULL;
    CHECK_OK(jpki_sim_authority_trust_anchors_pem(authority, &anchors));
    CHECK_OK(jpki_sim_authority_crl(authority, cert, NOW, DAY, &crl));
    const uint8_t *data = NULL;
    size_t len = 0;

    jpki_verifier *verifier = NULL;
    jpki_verifier_builder *builder = jpki_verifier_builder_new();
    CHECK(builder != NULL);
    CHECK_OK(jpki_bytes_data(anchors, &data, &len));
    CHECK_OK(jpki_verifier_builder_add_trust_anchors(builder, data, len));
    CHECK_OK(jpki_verifier_builder_build(builder, &verifier)); /* consumes the builder */
    CHECK_OK(jpki_bytes_data(crl, &data, &len));
    CHECK_OK(jpki_verifier_add_crl(verifier, data, len, NULL));

    size_t submitted_len = 0;
    uint8_t *submitted = read_file(path, &submitted_len);
    CHECK(submitted != NULL);
    jpki_result error = JPKI_RESULT_UNKNOWN;
    if (submitted != NULL && verifier != NULL) {
        CHECK(verify(verifier, submitted, submitted_len, NOW + 60, &error));
        CHECK(error == JPKI_RESULT_OK);

        /* The resident moves: the signing certificate is revoked, and once the
         * next CRL is loaded the same signature no longer verifies. */
        size_t revoked = 0;
        CHECK_OK(jpki_sim_authority_event(authority, cert, JPKI_SIM_EVENT_MOVE, NOW + 3600,
                                          &revoked));
        CHECK(revoked == 1);
        jpki_bytes_free(crl);
        crl = NULL;
        CHECK_OK(jpki_sim_authority_crl(authority, cert, NOW + 3660, DAY, &crl));
        CHECK_OK(jpki_bytes_data(crl, &data, &len));
        CHECK_OK(jpki_verifier_add_crl(verifier, data, len, NULL));
        CHECK(!verify(verifier, submitted, submitted_len, NOW + 3720, &error));
        CHECK(error == JPKI_RESULT_CERTIFICATE_REVOKED);
    }

    free(submitted);
    jpki_verifier_free(verifier);
    jpki_bytes_free(crl);
    jpki_bytes_free(anchors);
    jpki_certificate_free(cert);
    jpki_sim_authority_free(authority);

    if (failures != 0) {
        fprintf(stderr, "flow.c: %d check(s) failed\n", failures);
        return 1;
    }
    return 0;
}
