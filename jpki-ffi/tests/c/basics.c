/*
 * The version and result-code functions of jpki.h, from C.
 *
 * Run by scripts/ffi-c-tests.sh (plain, under valgrind, with AddressSanitizer and
 * UndefinedBehaviorSanitizer, and built through pkg-config). argv[1] is a scratch
 * directory (unused here). Exit status 0 when every check passes; each failed
 * check is printed.
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

/* A code no version of the library defines. */
#define NOT_A_CODE 12345u

static void test_version(void) {
    const char *version = jpki_version();
    CHECK(version != NULL);
    if (version == NULL) {
        return;
    }
    /* The header's string macro and the library loaded agree. */
    CHECK(strcmp(version, JPKI_VERSION) == 0);
    unsigned major = 0, minor = 0, patch = 0;
    char rest = 0;
    CHECK(sscanf(version, "%u.%u.%u%c", &major, &minor, &patch, &rest) == 3);
    CHECK(major == JPKI_VERSION_MAJOR);
    CHECK(minor == JPKI_VERSION_MINOR);
    CHECK(patch == JPKI_VERSION_PATCH);
    /* A static string: the same pointer every time, never freed. */
    CHECK(jpki_version() == version);
}

static void test_names(void) {
    CHECK(JPKI_RESULT_OK == 0);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_OK), "OK") == 0);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_CRL_NOT_CURRENT), "CRL_NOT_CURRENT") == 0);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_CERTIFICATE_REVOKED), "CERTIFICATE_REVOKED") == 0);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_NULL_PARAMETER), "NULL_PARAMETER") == 0);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_BUFFER_TOO_SMALL), "BUFFER_TOO_SMALL") == 0);
    CHECK(strcmp(jpki_result_name(JPKI_RESULT_UNKNOWN), "UNKNOWN") == 0);
    CHECK(strcmp(jpki_result_name(NOT_A_CODE), "UNKNOWN") == 0);
    /* Codes are stable numbers, grouped by area. */
    CHECK(JPKI_RESULT_CRL_NOT_CURRENT == 611);
    CHECK(JPKI_RESULT_NULL_PARAMETER == 9000);
}

static void test_is_ffi(void) {
    CHECK(!jpki_result_is_ffi(JPKI_RESULT_OK));
    CHECK(!jpki_result_is_ffi(JPKI_RESULT_CRL_NOT_CURRENT));
    CHECK(!jpki_result_is_ffi(JPKI_RESULT_WRONG_PIN));
    CHECK(jpki_result_is_ffi(JPKI_RESULT_NULL_PARAMETER));
    CHECK(jpki_result_is_ffi(JPKI_RESULT_BUFFER_TOO_SMALL));
    CHECK(jpki_result_is_ffi(JPKI_RESULT_INVALID_UTF8));
    CHECK(jpki_result_is_ffi(JPKI_RESULT_INVALID_ARGUMENT));
    CHECK(jpki_result_is_ffi(JPKI_RESULT_PANIC));
    CHECK(jpki_result_is_ffi(JPKI_RESULT_UNKNOWN));
}

/*
 * The message of `code` through the size-query protocol: a NULL buffer with
 * capacity 0 asks for the length, then an exact buffer receives it. Returns a
 * NUL-terminated copy (free it), or NULL after recording a failure.
 */
static char *message_of(uint32_t code) {
    size_t needed = 0;
    CHECK(jpki_result_message(code, NULL, 0, &needed) == JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(needed > 0);
    if (needed == 0) {
        return NULL;
    }
    /* Exactly `needed` bytes (no room for a NUL): valgrind and ASan see any overrun. */
    uint8_t *buf = malloc(needed);
    CHECK(buf != NULL);
    if (buf == NULL) {
        return NULL;
    }
    size_t len = 0;
    CHECK(jpki_result_message(code, buf, needed, &len) == JPKI_RESULT_OK);
    CHECK(len == needed);
    CHECK(memchr(buf, '\0', needed) == NULL); /* text out carries no NUL */
    char *text = malloc(needed + 1);
    CHECK(text != NULL);
    if (text != NULL) {
        memcpy(text, buf, needed);
        text[needed] = '\0';
    }
    free(buf);
    return text;
}

static void test_messages(void) {
    char *text = message_of(JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(text != NULL && strcmp(text, "the output buffer is too small; the length needed was written") == 0);
    free(text);

    text = message_of(JPKI_RESULT_OK);
    CHECK(text != NULL && strlen(text) > 0);
    free(text);

    text = message_of(JPKI_RESULT_CRL_NOT_CURRENT);
    CHECK(text != NULL && strlen(text) > 0);
    free(text);

    text = message_of(JPKI_RESULT_NULL_PARAMETER);
    CHECK(text != NULL && strstr(text, "NULL") != NULL);
    free(text);

    /* An unknown code is described as such, with its number. */
    text = message_of(NOT_A_CODE);
    CHECK(text != NULL && strstr(text, "12345") != NULL);
    free(text);
}

static void test_buffer_too_small(void) {
    size_t needed = 0;
    CHECK(jpki_result_message(JPKI_RESULT_CRL_NOT_CURRENT, NULL, 0, &needed) ==
          JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(needed > 1);
    if (needed <= 1) {
        return;
    }
    /* One byte short: BUFFER_TOO_SMALL, the length needed, and no byte written. */
    uint8_t *buf = malloc(needed - 1);
    CHECK(buf != NULL);
    if (buf == NULL) {
        return;
    }
    memset(buf, 0xAB, needed - 1);
    size_t len = 0;
    CHECK(jpki_result_message(JPKI_RESULT_CRL_NOT_CURRENT, buf, needed - 1, &len) ==
          JPKI_RESULT_BUFFER_TOO_SMALL);
    CHECK(len == needed);
    int untouched = 1;
    for (size_t i = 0; i < needed - 1; i++) {
        untouched &= buf[i] == 0xAB;
    }
    CHECK(untouched);
    free(buf);

    /* A larger buffer is fine too; the length is the text's. */
    uint8_t big[1024];
    len = 0;
    CHECK(jpki_result_message(JPKI_RESULT_CRL_NOT_CURRENT, big, sizeof big, &len) == JPKI_RESULT_OK);
    CHECK(len == needed);
}

static void test_null_arguments(void) {
    uint8_t buf[1024];
    /* NULL out_len: nothing can be reported, so nothing is done. */
    memset(buf, 0xCD, sizeof buf);
    CHECK(jpki_result_message(JPKI_RESULT_OK, buf, sizeof buf, NULL) == JPKI_RESULT_NULL_PARAMETER);
    CHECK(buf[0] == 0xCD);
    CHECK(jpki_result_message(JPKI_RESULT_OK, NULL, 0, NULL) == JPKI_RESULT_NULL_PARAMETER);
    /* A NULL buffer claiming a capacity is a NULL argument, not a size query. */
    size_t len = 0;
    CHECK(jpki_result_message(JPKI_RESULT_OK, NULL, sizeof buf, &len) == JPKI_RESULT_NULL_PARAMETER);
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    test_version();
    test_names();
    test_is_ffi();
    test_messages();
    test_buffer_too_small();
    test_null_arguments();
    if (failures != 0) {
        fprintf(stderr, "basics: %d check(s) failed\n", failures);
        return 1;
    }
    printf("basics: all checks passed (jpki %s)\n", jpki_version());
    return 0;
}
