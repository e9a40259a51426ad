/*
 * One jpki_verifier shared by several threads, from C.
 *
 * Usage: verifier_threads DIR
 *
 * DIR holds the inputs written by `cargo run -p jpki-ffi --example ffi_fixtures
 * -- DIR`: trust.pem (the simulated J-LIS roots), form.txt and form.p7s (a
 * detached signature of it), partition.crl (the signer's partition CRL, listing
 * nothing) and at.txt (the validation time, Unix seconds).
 *
 * THREADS threads verify the signature ROUNDS times each on one verifier handle
 * while the main thread adds the same CRL again (KEPT_NEWER or REPLACED: the
 * verifier swaps its CRL set under the readers); every verdict must be valid
 * with every check as expected. Then, on one thread, the signer's certificate
 * is verified on its own and both verdicts' JSON must begin with
 * {"valid":true. Prints what failed; exits 0 on success.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jpki.h"

#define THREADS 6
#define ROUNDS 20

static int failures = 0;
static pthread_mutex_t failures_lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(const char *what, uint32_t code) {
    pthread_mutex_lock(&failures_lock);
    failures++;
    fprintf(stderr, "FAIL: %s (%" PRIu32 " %s)\n", what, code,
            jpki_result_name(code));
    pthread_mutex_unlock(&failures_lock);
}

#define CHECK_OK(call)                                                         \
    do {                                                                       \
        jpki_result r_ = (call);                                               \
        if (r_ != JPKI_RESULT_OK) {                                            \
            fail(#call, (uint32_t)r_);                                         \
        }                                                                      \
    } while (0)

#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fail(#cond, 0);                                                    \
        }                                                                      \
    } while (0)

struct bytes {
    uint8_t *data;
    size_t len;
};

static struct bytes read_file(const char *dir, const char *name) {
    struct bytes out = {NULL, 0};
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        fprintf(stderr, "FAIL: path too long: %s/%s\n", dir, name);
        exit(1);
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "FAIL: cannot open %s (run the ffi_fixtures example first)\n",
                path);
        exit(1);
    }
    size_t cap = 4096;
    out.data = malloc(cap);
    for (;;) {
        if (out.data == NULL) {
            fprintf(stderr, "FAIL: out of memory reading %s\n", path);
            exit(1);
        }
        out.len += fread(out.data + out.len, 1, cap - out.len, f);
        if (out.len < cap) {
            break;
        }
        cap *= 2;
        out.data = realloc(out.data, cap);
    }
    if (ferror(f)) {
        fprintf(stderr, "FAIL: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    return out;
}

struct shared {
    const jpki_verifier *verifier;
    struct bytes signature;
    struct bytes form;
    int64_t at;
};

static void expect_check(const jpki_verdict *verdict, uint32_t check,
                         jpki_check_result expected) {
    jpki_check_result result = 0;
    jpki_result error = JPKI_RESULT_PANIC;
    CHECK_OK(jpki_verdict_check(verdict, check, &result, &error));
    if (result != expected || error != JPKI_RESULT_OK) {
        fail("a check's result", (uint32_t)error);
    }
}

static void *verify_many(void *arg) {
    const struct shared *s = arg;
    for (int i = 0; i < ROUNDS; i++) {
        jpki_verdict *verdict = NULL;
        jpki_result r = jpki_verifier_verify(
            s->verifier, s->signature.data, s->signature.len, s->form.data,
            s->form.len, NULL, s->at, &verdict);
        if (r != JPKI_RESULT_OK || verdict == NULL) {
            fail("jpki_verifier_verify", (uint32_t)r);
            continue;
        }
        if (!jpki_verdict_is_valid(verdict)) {
            jpki_result first = JPKI_RESULT_OK;
            CHECK_OK(jpki_verdict_error(verdict, &first));
            fail("a verdict is not valid", (uint32_t)first);
        }
        expect_check(verdict, JPKI_CHECK_SIGNATURE, JPKI_CHECK_RESULT_PASSED);
        expect_check(verdict, JPKI_CHECK_CERTIFICATE, JPKI_CHECK_RESULT_PASSED);
        expect_check(verdict, JPKI_CHECK_REVOCATION, JPKI_CHECK_RESULT_PASSED);
        expect_check(verdict, JPKI_CHECK_PERSONAL_INFO, JPKI_CHECK_RESULT_NOT_RUN);
        jpki_revocation_status status = 0;
        CHECK_OK(jpki_verdict_revocation_status(verdict, &status));
        EXPECT(status == JPKI_REVOCATION_STATUS_GOOD);
        jpki_verdict_free(verdict);
    }
    return NULL;
}

/* The verdict's JSON, NUL-terminated (free it), asked for in two calls. */
static char *verdict_json(const jpki_verdict *verdict) {
    size_t len = 0;
    jpki_result r = jpki_verdict_json(verdict, NULL, 0, &len);
    if (r != JPKI_RESULT_BUFFER_TOO_SMALL || len == 0) {
        fail("jpki_verdict_json(NULL, 0) asks for the length", (uint32_t)r);
        return NULL;
    }
    char *json = malloc(len + 1);
    if (json == NULL) {
        fail("out of memory", 0);
        return NULL;
    }
    size_t written = 0;
    r = jpki_verdict_json(verdict, (uint8_t *)json, len, &written);
    if (r != JPKI_RESULT_OK || written != len) {
        fail("jpki_verdict_json", (uint32_t)r);
        free(json);
        return NULL;
    }
    json[len] = '\0';
    return json;
}

static void expect_json_valid(const jpki_verdict *verdict) {
    char *json = verdict_json(verdict);
    if (json == NULL) {
        return;
    }
    static const char prefix[] = "{\"valid\":true";
    if (strncmp(json, prefix, sizeof prefix - 1) != 0) {
        fprintf(stderr, "JSON: %s\n", json);
        fail("the JSON begins with {\"valid\":true", 0);
    }
    free(json);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    struct bytes trust = read_file(dir, "trust.pem");
    struct bytes crl = read_file(dir, "partition.crl");
    struct bytes at_text = read_file(dir, "at.txt");
    struct shared s = {
        .verifier = NULL,
        .signature = read_file(dir, "form.p7s"),
        .form = read_file(dir, "form.txt"),
        .at = 0,
    };
    char at_buf[32] = {0};
    memcpy(at_buf, at_text.data, at_text.len < 31 ? at_text.len : 31);
    s.at = strtoll(at_buf, NULL, 10);
    EXPECT(s.at > 0);

    /* Build: hard-fail revocation (the default), JPKI signing policies. */
    jpki_verifier_builder *builder = jpki_verifier_builder_new();
    EXPECT(builder != NULL);
    CHECK_OK(jpki_verifier_builder_add_trust_anchors(builder, trust.data, trust.len));
    CHECK_OK(jpki_verifier_builder_set_revocation_mode(
        builder, JPKI_REVOCATION_MODE_HARD_FAIL));
    EXPECT(jpki_verifier_builder_set_revocation_mode(builder, 0) ==
           JPKI_RESULT_INVALID_ARGUMENT);
    jpki_verifier *verifier = NULL;
    /* Consumes the builder. */
    CHECK_OK(jpki_verifier_builder_build(builder, &verifier));
    if (verifier == NULL) {
        fprintf(stderr, "FAIL: no verifier\n");
        return 1;
    }
    jpki_crl_change change = 0;
    CHECK_OK(jpki_verifier_add_crl(verifier, crl.data, crl.len, &change));
    EXPECT(change == JPKI_CRL_CHANGE_ADDED);
    s.verifier = verifier;

    pthread_t threads[THREADS];
    int started = 0;
    for (; started < THREADS; started++) {
        if (pthread_create(&threads[started], NULL, verify_many, &s) != 0) {
            fail("pthread_create", 0);
            break;
        }
    }
    /* The same CRL again while the threads verify: the verifier's CRL set is
     * swapped (same thisUpdate: replaced) under the readers. */
    for (int i = 0; i < 10; i++) {
        change = 0;
        CHECK_OK(jpki_verifier_add_crl(verifier, crl.data, crl.len, NULL));
        CHECK_OK(jpki_verifier_add_crl(verifier, crl.data, crl.len, &change));
        EXPECT(change == JPKI_CRL_CHANGE_REPLACED);
    }
    for (int i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
    }

    /* One thread: the signer's certificate on its own, and the JSON. */
    jpki_verdict *verdict = NULL;
    CHECK_OK(jpki_verifier_verify(verifier, s.signature.data, s.signature.len,
                                  s.form.data, s.form.len, NULL, s.at, &verdict));
    if (verdict != NULL) {
        EXPECT(jpki_verdict_is_valid(verdict));
        expect_json_valid(verdict);
        jpki_certificate *signer = NULL;
        CHECK_OK(jpki_verdict_signer(verdict, &signer));
        EXPECT(signer != NULL);
        if (signer != NULL) {
            jpki_verdict *report = NULL;
            CHECK_OK(jpki_verifier_verify_certificate(verifier, signer,
                                                      JPKI_USAGE_SIGNING, s.at,
                                                      &report));
            if (report != NULL) {
                EXPECT(jpki_verdict_is_valid(report));
                expect_check(report, JPKI_CHECK_CERTIFICATE, JPKI_CHECK_RESULT_PASSED);
                expect_check(report, JPKI_CHECK_REVOCATION, JPKI_CHECK_RESULT_PASSED);
                expect_json_valid(report);
                jpki_verdict_free(report);
            }
            /* Not an authentication certificate. */
            report = NULL;
            CHECK_OK(jpki_verifier_verify_certificate(
                verifier, signer, JPKI_USAGE_AUTHENTICATION, s.at, &report));
            if (report != NULL) {
                EXPECT(!jpki_verdict_is_valid(report));
                jpki_check_result result = 0;
                jpki_result error = JPKI_RESULT_OK;
                CHECK_OK(jpki_verdict_check(report, JPKI_CHECK_CERTIFICATE, &result,
                                            &error));
                EXPECT(result == JPKI_CHECK_RESULT_FAILED);
                EXPECT(error == JPKI_RESULT_WRONG_CERTIFICATE_KIND);
                jpki_verdict_free(report);
            }
            jpki_certificate_free(signer);
        }
        jpki_verdict_free(verdict);
    }

    /* A signature of random bytes: a failed check, not a crash. */
    uint8_t noise[256];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof noise; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise[i] = (uint8_t)x;
    }
    verdict = NULL;
    CHECK_OK(jpki_verifier_verify(verifier, noise, sizeof noise, s.form.data,
                                  s.form.len, NULL, s.at, &verdict));
    if (verdict != NULL) {
        EXPECT(!jpki_verdict_is_valid(verdict));
        jpki_check_result result = 0;
        jpki_result error = JPKI_RESULT_OK;
        CHECK_OK(jpki_verdict_check(verdict, JPKI_CHECK_SIGNATURE, &result, &error));
        EXPECT(result == JPKI_CHECK_RESULT_FAILED);
        EXPECT(error != JPKI_RESULT_OK && !jpki_result_is_ffi(error));
        jpki_verdict_free(verdict);
    }

    jpki_verifier_free(verifier);
    free(trust.data);
    free(crl.data);
    free(at_text.data);
    free(s.signature.data);
    free(s.form.data);
    if (failures != 0) {
        fprintf(stderr, "verifier_threads: %d failure(s)\n", failures);
        return 1;
    }
    printf("verifier_threads: ok (%d threads x %d verifications)\n", THREADS,
           ROUNDS);
    return 0;
}
