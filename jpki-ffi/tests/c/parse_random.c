/*
 * Random bytes into every function that parses bytes from the caller, and into
 * the card driver through the transport callback: a fixed-seed generator feeds
 * each parser random inputs (lengths 0 to 600, often shaped like DER, PEM, an
 * APDU or the text it expects) and mutations of real inputs (the fixtures'
 * files, the commands a real session sent; bit flips, truncations, extensions,
 * overwrites, insertions, deletions, edge length bytes). Every result must be
 * OK or a code the library names (jpki_result_name is not "UNKNOWN" and not
 * "PANIC"), and where the header promises more it is checked (a signature over
 * other content never verifies, random bytes are never the signer's signature,
 * any UTF-8 is a name, a nonce of 1 to 32 octets is accepted and no other, a
 * digest of the wrong length is refused…). Whatever succeeded is used a little
 * (its getters, a verdict's JSON) and freed, so valgrind and LeakSanitizer see
 * every path's memory.
 *
 * The parsers: jpki_certificate_parse, jpki_certificate_list_parse,
 * jpki_crl_load, jpki_crl_lookup_serial, jpki_ocsp_request_new (the nonce),
 * jpki_ocsp_check_response, jpki_verifier_builder_add_trust_anchors,
 * jpki_verifier_builder_add_intermediates, jpki_verifier_add_crl,
 * jpki_verifier_add_ocsp_response, jpki_verifier_verify (the signature, then the
 * content), jpki_prepared_signature_finish (the signature), the applicant's
 * setters (random UTF-8, bytes that are not UTF-8, birth dates also as
 * near-dates), jpki_sim_personalize's text fields, the card functions
 * (jpki_card_open, _pin_status, _verify_pin, _read_certificate, _sign_digest,
 * jpki_sign) over a transmit callback answering random responses of 0 to 300
 * bytes and over one forwarding to a personalized virtual card and mutating its
 * answers, the secrets and digests those functions take, and command APDUs into
 * the virtual card (jpki_sim_card_transmit).
 *
 * Run by scripts/ffi-c-tests.sh (plain, under valgrind, with AddressSanitizer and
 * UndefinedBehaviorSanitizer). argv[1] holds the inputs of `cargo run -p jpki-ffi
 * --example ffi_fixtures`; JPKI_SOURCE_DIR is the repository root;
 * JPKI_C_TEST_MODE=valgrind runs fewer iterations (valgrind is some 50 times
 * slower). Exit status 0 when every check passes; each failed check is printed.
 */
#include "jpki.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            report("%s:%d: check failed: %s", __FILE__, __LINE__, #cond);           \
        }                                                                           \
    } while (0)

#define CHECK_OK(call)                                                              \
    do {                                                                            \
        jpki_result check_ok_r = (call);                                            \
        if (check_ok_r != JPKI_RESULT_OK) {                                         \
            report("%s:%d: %s returned %s", __FILE__, __LINE__, #call,              \
                   jpki_result_name(check_ok_r));                                   \
        }                                                                           \
    } while (0)

/* Prints a failure (the first 40 of them) and counts it. */
static void report(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void report(const char *format, ...) {
    if (failures < 40) {
        va_list args;
        va_start(args, format);
        vfprintf(stderr, format, args);
        va_end(args);
        fputc('\n', stderr);
    }
    failures++;
}

/* ------------------------------------------------------------------------- */
/* The generator: splitmix64, fixed seed.                                     */

static uint64_t rng_state = UINT64_C(0x4a504b4920464649); /* "JPKI FFI" */

static uint64_t rnd64(void) {
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* A number below n (n > 0). */
static size_t below(size_t n) { return (size_t)(rnd64() % n); }

static bool one_in(size_t n) { return below(n) == 0; }

/* ------------------------------------------------------------------------- */
/* Results.                                                                   */

/* One function fed random input: how often it ran and succeeded. */
struct target {
    const char *name;
    unsigned long runs, ok;
};

enum {
    T_CERT_PARSE,
    T_LIST_PARSE,
    T_CRL_LOAD,
    T_OCSP_CHECK,
    T_ADD_ANCHORS,
    T_ADD_INTERMEDIATES,
    T_ADD_CRL,
    T_ADD_OCSP,
    T_VERIFY_SIGNATURE,
    T_VERIFY_CONTENT,
    T_FINISH,
    T_SET_NAME,
    T_SET_ADDRESS,
    T_SET_BIRTH_DATE,
    T_PERSONALIZE_NAME,
    T_PERSONALIZE_BIRTH_DATE,
    T_PERSONALIZE_ADDRESS,
    T_PERSONALIZE_PASSWORD,
    T_PERSONALIZE_AUTH_PIN,
    T_PERSONALIZE_ISSUED,
    T_CARD_RANDOM,
    T_CARD_MUTATED,
    T_LOOKUP_SERIAL,
    T_NONCE,
    T_PIN_TEXT,
    T_DIGEST,
    T_SIM_APDU,
    T_COUNT
};

static struct target targets[T_COUNT] = {
    [T_CERT_PARSE] = {"jpki_certificate_parse", 0, 0},
    [T_LIST_PARSE] = {"jpki_certificate_list_parse", 0, 0},
    [T_CRL_LOAD] = {"jpki_crl_load", 0, 0},
    [T_OCSP_CHECK] = {"jpki_ocsp_check_response", 0, 0},
    [T_ADD_ANCHORS] = {"jpki_verifier_builder_add_trust_anchors", 0, 0},
    [T_ADD_INTERMEDIATES] = {"jpki_verifier_builder_add_intermediates", 0, 0},
    [T_ADD_CRL] = {"jpki_verifier_add_crl", 0, 0},
    [T_ADD_OCSP] = {"jpki_verifier_add_ocsp_response", 0, 0},
    [T_VERIFY_SIGNATURE] = {"jpki_verifier_verify (signature)", 0, 0},
    [T_VERIFY_CONTENT] = {"jpki_verifier_verify (content)", 0, 0},
    [T_FINISH] = {"jpki_prepared_signature_finish", 0, 0},
    [T_SET_NAME] = {"jpki_applicant_set_name", 0, 0},
    [T_SET_ADDRESS] = {"jpki_applicant_set_address", 0, 0},
    [T_SET_BIRTH_DATE] = {"jpki_applicant_set_birth_date", 0, 0},
    [T_PERSONALIZE_NAME] = {"jpki_sim_personalize (name)", 0, 0},
    [T_PERSONALIZE_BIRTH_DATE] = {"jpki_sim_personalize (birth_date)", 0, 0},
    [T_PERSONALIZE_ADDRESS] = {"jpki_sim_personalize (address)", 0, 0},
    [T_PERSONALIZE_PASSWORD] = {"jpki_sim_personalize (sign_password)", 0, 0},
    [T_PERSONALIZE_AUTH_PIN] = {"jpki_sim_personalize (auth_pin)", 0, 0},
    [T_PERSONALIZE_ISSUED] = {"jpki_sim_personalize (name, address; issued)", 0, 0},
    [T_CARD_RANDOM] = {"jpki_card_* over random responses", 0, 0},
    [T_CARD_MUTATED] = {"jpki_card_* over mutated responses", 0, 0},
    [T_LOOKUP_SERIAL] = {"jpki_crl_lookup_serial", 0, 0},
    [T_NONCE] = {"jpki_ocsp_request_new (nonce)", 0, 0},
    [T_PIN_TEXT] = {"jpki_card_verify_pin, _read_certificate (pin)", 0, 0},
    [T_DIGEST] = {"jpki_card_sign_digest (digest)", 0, 0},
    [T_SIM_APDU] = {"jpki_sim_card_transmit (command APDU)", 0, 0},
};

/* Any result must be one the library names, and never a caught panic. */
static void seen(int t, jpki_result r, const char *what) {
    const char *name = jpki_result_name(r);
    targets[t].runs++;
    if (r == JPKI_RESULT_OK) {
        targets[t].ok++;
    }
    if (strcmp(name, "UNKNOWN") == 0 || strcmp(name, "PANIC") == 0) {
        report("%s (%s, run %lu): returned %s (%u)", targets[t].name, what, targets[t].runs, name,
               (unsigned)r);
    }
}

/* A result of a function called on what a parser accepted: known, too. */
static void known(jpki_result r, const char *what) {
    const char *name = jpki_result_name(r);
    if (strcmp(name, "UNKNOWN") == 0 || strcmp(name, "PANIC") == 0) {
        report("%s: returned %s (%u)", what, name, (unsigned)r);
    }
}

/* ------------------------------------------------------------------------- */
/* Inputs.                                                                    */

struct blob {
    uint8_t *data;
    size_t len;
};

/* Reads DIR/NAME; records a failure when it cannot. */
static struct blob read_file(const char *dir, const char *name) {
    struct blob b = {NULL, 0};
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        report("cannot open %s", path);
        return b;
    }
    size_t cap = 4096;
    b.data = malloc(cap);
    size_t n;
    while (b.data != NULL && (n = fread(b.data + b.len, 1, cap - b.len, f)) > 0) {
        b.len += n;
        if (b.len == cap) {
            uint8_t *bigger = realloc(b.data, cap * 2);
            if (bigger == NULL) {
                free(b.data);
                b.data = NULL;
                break;
            }
            b.data = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (b.data == NULL || b.len == 0) {
        report("cannot read %s", path);
    }
    return b;
}

/* The scratch buffer every input is made in (a fresh malloc per input would
 * hide nothing from the sanitizers: each input is copied by the library). */
#define MAX_INPUT 16384
static uint8_t input[MAX_INPUT];

static void random_bytes(uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        p[i] = (uint8_t)rnd64();
    }
}

static const char base64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n";

/*
 * Random bytes, 0 to 600 of them, often shaped: a DER SEQUENCE header with a
 * plausible length, or a PEM armour (with `label`) around base64-ish text.
 */
static size_t make_random(const char *label) {
    size_t len = below(601);
    random_bytes(input, len);
    switch (below(4)) {
    case 0: /* DER: SEQUENCE, short or long length */
        if (len >= 4) {
            input[0] = 0x30;
            if (len - 2 < 128 && one_in(2)) {
                input[1] = (uint8_t)(len - 2);
            } else {
                input[1] = 0x82;
                input[2] = (uint8_t)((len - 4) >> 8);
                input[3] = (uint8_t)(len - 4);
                if (len >= 8 && one_in(2)) { /* and a nested SEQUENCE */
                    input[4] = 0x30;
                    input[5] = 0x82;
                    input[6] = (uint8_t)((len - 8) >> 8);
                    input[7] = (uint8_t)(len - 8);
                }
            }
        }
        break;
    case 1: { /* PEM */
        char head[64], tail[64];
        int hn = snprintf(head, sizeof head, "-----BEGIN %s-----\n", label);
        int tn = snprintf(tail, sizeof tail, "\n-----END %s-----\n", label);
        if (len >= (size_t)(hn + tn)) {
            memcpy(input, head, (size_t)hn);
            for (size_t i = (size_t)hn; i < len - (size_t)tn; i++) {
                input[i] = (uint8_t)base64_chars[below(sizeof base64_chars - 1)];
            }
            if (!one_in(4)) {
                memcpy(input + len - (size_t)tn, tail, (size_t)tn);
            }
        }
        break;
    }
    default: /* noise */
        break;
    }
    return len;
}

/* A mutation of `seed`: 1 to 3 of bit flips, truncation, extension, overwrite,
 * insertion, deletion, a length byte set to an edge value. */
static size_t make_mutation(const struct blob *seed) {
    size_t len = seed->len < MAX_INPUT / 2 ? seed->len : MAX_INPUT / 2;
    memcpy(input, seed->data, len);
    int ops = 1 + (int)below(3);
    for (int k = 0; k < ops; k++) {
        switch (below(7)) {
        case 0: { /* flip 1 to 8 bits */
            int flips = 1 + (int)below(8);
            for (int f = 0; f < flips && len > 0; f++) {
                input[below(len)] ^= (uint8_t)(1u << below(8));
            }
            break;
        }
        case 1: /* truncate */
            len = len > 0 ? below(len) : 0;
            break;
        case 2: { /* extend at the end */
            size_t extra = 1 + below(64);
            if (len + extra < MAX_INPUT) {
                random_bytes(input + len, extra);
                len += extra;
            }
            break;
        }
        case 3: { /* overwrite a run */
            if (len > 0) {
                size_t at = below(len);
                size_t n = 1 + below(16);
                if (at + n > len) {
                    n = len - at;
                }
                random_bytes(input + at, n);
            }
            break;
        }
        case 4: { /* insert a run */
            size_t n = 1 + below(16);
            if (len + n < MAX_INPUT) {
                size_t at = below(len + 1);
                memmove(input + at + n, input + at, len - at);
                random_bytes(input + at, n);
                len += n;
            }
            break;
        }
        case 5: { /* delete a run */
            if (len > 0) {
                size_t at = below(len);
                size_t n = 1 + below(16);
                if (at + n > len) {
                    n = len - at;
                }
                memmove(input + at, input + at + n, len - at - n);
                len -= n;
            }
            break;
        }
        default: { /* a byte (often a length) set to an edge value */
            static const uint8_t edges[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0xff};
            if (len > 0) {
                input[below(len)] = edges[below(sizeof edges)];
            }
            break;
        }
        }
    }
    return len;
}

/* UTF-8 of one code point (not a surrogate, at most U+10FFFF). */
static size_t put_utf8(uint8_t *p, uint32_t cp) {
    if (cp < 0x80) {
        p[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (uint8_t)(0xc0 | (cp >> 6));
        p[1] = (uint8_t)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (uint8_t)(0xe0 | (cp >> 12));
        p[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        p[2] = (uint8_t)(0x80 | (cp & 0x3f));
        return 3;
    }
    p[0] = (uint8_t)(0xf0 | (cp >> 18));
    p[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
    p[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    p[3] = (uint8_t)(0x80 | (cp & 0x3f));
    return 4;
}

/* Characters the text parsers care about: era names, date marks, address
 * marks, full-width digits, the substitute table's characters, spaces. */
static const uint32_t special_chars[] = {
    0x662d, 0x548c, 0x5e73, 0x6210, 0x4ee4, 0x5927, 0x6b63, 0x660e, 0x6cbb, /* 昭和平成令和大正明治 */
    0x5143, 0x5e74, 0x6708, 0x65e5,                                         /* 元年月日 */
    0x4e01, 0x76ee, 0x756a, 0x5730, 0x53f7, 0x90fd, 0x9053, 0x5e9c, 0x770c, /* 丁目番地号都道府県 */
    0x5e02, 0x533a, 0x753a, 0x6751,                                         /* 市区町村 */
    0x3000, 0x0020, 0x002d, 0xff0d, 0x30fc, 0x2212, 0x2010, 0x002e, 0x002f, 0xff0f, 0xff0e,
    0xff10, 0xff11, 0xff12, 0xff19, 0x0030, 0x0031, 0x0039, 0x0053, 0x0048, 0x0052, 0x0054,
    0x004d, 0xff33, 0x9ad9, 0x9ad8, 0xfa11, 0x5d0e, 0x20bb7, 0x5409, 0x37e2, 0x5fb7, 0xf9dc,
    0xfa10, 0xfa19, 0xfa1a, 0xfa1b, 0x2123d, 0x2363a, 0xe000, 0xfeff, 0x200b, 0x0000, 0x000a,
    0xff76, 0x6771, 0x4eac, 0x5343, 0x4ee3, 0x7530, /* ｶ東京千代田 */
};

static uint32_t random_code_point(void) {
    switch (below(8)) {
    case 0: return 0x20 + (uint32_t)below(0x5f);            /* printable ASCII */
    case 1: return (uint32_t)below(0x80);                   /* any ASCII */
    case 2: return 0x3040 + (uint32_t)below(0xc0);          /* kana */
    case 3: return 0x4e00 + (uint32_t)below(0x5200);        /* CJK */
    case 4: return 0xff00 + (uint32_t)below(0xf0);          /* full-width */
    case 5:
    case 6: return special_chars[below(sizeof special_chars / sizeof special_chars[0])];
    default: {
        uint32_t cp = (uint32_t)below(0x110000);            /* anything */
        return (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp;
    }
    }
}

/* Random UTF-8 text of up to `max` bytes. */
static size_t make_text(size_t max) {
    size_t target = below(max + 1), len = 0;
    while (len + 4 <= target) {
        len += put_utf8(input + len, random_code_point());
    }
    return len;
}

/* Something like a date: a date form with numbers at and beyond the edges of
 * their ranges, or tokens of digits, eras and marks. */
static size_t make_date_like(void) {
    static const char *const eras[] = {"明治", "大正", "昭和", "平成", "令和", "M", "T", "S",
                                       "H",    "R",    "Ｓ",   "X",    ""};
    int year = (int)below(70), month = (int)below(14), day = (int)below(33);
    int n = 0;
    switch (below(4)) {
    case 0:
        n = snprintf((char *)input, 64, "%s%d年%d月%d日", eras[below(sizeof eras / sizeof eras[0])],
                     year, month, day);
        break;
    case 1:
        n = snprintf((char *)input, 64, "%s%d.%d.%d", eras[below(sizeof eras / sizeof eras[0])],
                     year, month, day);
        break;
    case 2:
        n = snprintf((char *)input, 64, "%d-%02d-%02d", 1860 + (int)below(200), month, day);
        break;
    default:
        break;
    }
    if (n > 0) {
        return (size_t)n;
    }
    static const char *const tokens[] = {
        "19", "20", "50", "04", "4", "1", "01", "31", "29", "2", "0", "12", "25", "99", "13",
        "-", "/", ".", " ", "　", "年", "月", "日", "元", "昭和", "平成", "令和", "大正", "明治",
        "S", "H", "R", "T", "M", "Ｓ", "１", "９", "５", "０", "４", "－", "．",
    };
    size_t count = below(12), len = 0;
    for (size_t i = 0; i < count; i++) {
        const char *t = tokens[below(sizeof tokens / sizeof tokens[0])];
        size_t n = strlen(t);
        memcpy(input + len, t, n);
        len += n;
    }
    return len;
}

/* Makes input[0..len] not UTF-8 (a byte that never occurs in UTF-8). */
static size_t spoil_utf8(size_t len) {
    static const uint8_t bad[] = {0xff, 0xc0, 0xf5}; /* never in UTF-8 */
    size_t at = below(len + 1);
    memmove(input + at + 1, input + at, len - at);
    input[at] = bad[below(sizeof bad)];
    return len + 1;
}

/* ------------------------------------------------------------------------- */
/* The world.                                                                 */

static int64_t at;  /* validation time of the fixtures */
static int64_t now; /* their issuance time */

static struct blob trust_pem, form, p7s, crl_der, signer_der, ca_der, ocsp_der, root_pem;
static jpki_certificate *root, *signer, *ca;
static jpki_verifier *verifier;      /* the roots, the CRL, the OCSP response */
static jpki_verifier *sink;          /* CRLs and OCSP responses are added here */
static jpki_ocsp_request *request;   /* what ocsp.der answers */
static jpki_prepared_signature *prepared;
static jpki_applicant *applicant;

static const uint8_t OCSP_NONCE[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static jpki_verifier_builder *anchored_builder(void) {
    jpki_verifier_builder *b = jpki_verifier_builder_new();
    CHECK_OK(jpki_verifier_builder_add_trust_anchors(b, trust_pem.data, trust_pem.len));
    return b;
}

static jpki_verifier *new_verifier(void) {
    jpki_verifier *v = NULL;
    CHECK_OK(jpki_verifier_builder_build(anchored_builder(), &v));
    if (v != NULL) {
        CHECK_OK(jpki_verifier_add_crl(v, crl_der.data, crl_der.len, NULL));
    }
    return v;
}

/* Iterations: random inputs and mutations per parser, card operations, and
 * personalizations that issue (each generates an RSA key). */
static size_t n_random = 1500, n_mutated = 1000, n_card = 1500, n_issued = 6;

/* ------------------------------------------------------------------------- */
/* Using what was accepted.                                                   */

typedef jpki_result (*cert_text_fn)(const jpki_certificate *, uint8_t *, size_t, size_t *);

static void exercise_certificate(const jpki_certificate *cert) {
    static uint8_t text[1 << 16];
    static uint32_t positions[1024];
    const cert_text_fn texts[] = {
        jpki_certificate_subject,         jpki_certificate_issuer,
        jpki_certificate_serial_hex,      jpki_certificate_pem,
        jpki_certificate_name,            jpki_certificate_address,
        jpki_certificate_birth_date_iso,  jpki_certificate_birth_date_japanese,
        jpki_certificate_personal_info_json,
    };
    size_t len = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        known(texts[i](cert, text, sizeof text, &len), "a certificate's text");
    }
    known(jpki_certificate_name_substitutes(cert, positions, 1024, &len), "name substitutes");
    known(jpki_certificate_address_substitutes(cert, positions, 1024, &len), "address substitutes");
    jpki_certificate_kind kind;
    known(jpki_certificate_get_kind(cert, &kind), "jpki_certificate_get_kind");
    jpki_sex sex;
    known(jpki_certificate_sex(cert, &sex), "jpki_certificate_sex");
    jpki_issuer_match match;
    known(jpki_certificate_issued_by(cert, ca, &match), "jpki_certificate_issued_by");
    if (jpki_certificate_has_personal_info(cert)) {
        jpki_comparison *cmp = NULL;
        known(jpki_certificate_compare(cert, applicant, &cmp), "jpki_certificate_compare");
        if (cmp != NULL) {
            known(jpki_comparison_json(cmp, text, sizeof text, &len), "jpki_comparison_json");
            jpki_comparison_free(cmp);
        }
    }
}

static void exercise_verdict(jpki_verdict *verdict) {
    static uint8_t text[1 << 17];
    size_t len = 0;
    (void)jpki_verdict_is_valid(verdict);
    jpki_result error;
    known(jpki_verdict_error(verdict, &error), "jpki_verdict_error");
    known(error, "jpki_verdict_error's code");
    for (uint32_t check = JPKI_CHECK_SIGNATURE; check <= JPKI_CHECK_PERSONAL_INFO; check++) {
        jpki_check_result result;
        known(jpki_verdict_check(verdict, check, &result, &error), "jpki_verdict_check");
        known(jpki_verdict_check_message(verdict, check, text, sizeof text, &len),
              "jpki_verdict_check_message");
    }
    known(jpki_verdict_json(verdict, text, sizeof text, &len), "jpki_verdict_json");
    jpki_revocation_status status;
    known(jpki_verdict_revocation_status(verdict, &status), "jpki_verdict_revocation_status");
    jpki_certificate *cert = NULL;
    known(jpki_verdict_signer(verdict, &cert), "jpki_verdict_signer");
    jpki_certificate_free(cert);
    cert = NULL;
    known(jpki_verdict_claimed_signer(verdict, &cert), "jpki_verdict_claimed_signer");
    jpki_certificate_free(cert);
}

/* ------------------------------------------------------------------------- */
/* The byte parsers.                                                          */

/* The seeds each parser's mutations start from. */
struct seeds {
    const struct blob *list[3];
    size_t count;
};

static size_t make_input(size_t i, const char *label, const struct seeds *s) {
    if (i < n_random) {
        return make_random(label);
    }
    return make_mutation(s->list[below(s->count)]);
}

static void fuzz_certificates(void) {
    const struct seeds cert_seeds = {{&signer_der, &root_pem, &ca_der}, 3};
    const struct seeds list_seeds = {{&trust_pem, &root_pem, &signer_der}, 3};
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        size_t len = make_input(i, "CERTIFICATE", &cert_seeds);
        jpki_certificate *cert = NULL;
        jpki_result r = jpki_certificate_parse(input, len, &cert);
        seen(T_CERT_PARSE, r, "bytes");
        CHECK((r == JPKI_RESULT_OK) == (cert != NULL));
        if (cert != NULL) {
            exercise_certificate(cert);
            jpki_certificate_free(cert);
        }

        len = make_input(i, "CERTIFICATE", &list_seeds);
        jpki_certificate_list *list = NULL;
        r = jpki_certificate_list_parse(input, len, &list);
        seen(T_LIST_PARSE, r, "bytes");
        CHECK((r == JPKI_RESULT_OK) == (list != NULL));
        if (list != NULL) {
            size_t n = 0;
            CHECK_OK(jpki_certificate_list_len(list, &n));
            for (size_t k = 0; k < n && k < 3; k++) {
                jpki_certificate *c = NULL;
                CHECK_OK(jpki_certificate_list_get(list, k, &c));
                jpki_certificate_free(c);
            }
            jpki_certificate_list_free(list);
        }
    }
}

static void fuzz_revocation(void) {
    const struct seeds crl_seeds = {{&crl_der}, 1};
    const struct seeds ocsp_seeds = {{&ocsp_der}, 1};
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        size_t len = make_input(i, "X509 CRL", &crl_seeds);
        jpki_crl *crl = NULL;
        jpki_result r = jpki_crl_load(input, len, ca, &crl);
        seen(T_CRL_LOAD, r, "bytes");
        CHECK((r == JPKI_RESULT_OK) == (crl != NULL));
        if (crl != NULL) {
            size_t n;
            int64_t t;
            bool flag;
            jpki_cert_status status;
            jpki_revocation_reason reason;
            known(jpki_crl_len(crl, &n), "jpki_crl_len");
            known(jpki_crl_this_update(crl, &t), "jpki_crl_this_update");
            known(jpki_crl_next_update(crl, &flag, &t), "jpki_crl_next_update");
            known(jpki_crl_is_current_at(crl, at, &flag), "jpki_crl_is_current_at");
            known(jpki_crl_lookup(crl, signer, &status, &t, &reason), "jpki_crl_lookup");
            jpki_crl_free(crl);
        }

        len = make_input(i, "X509 CRL", &crl_seeds);
        jpki_crl_change change;
        seen(T_ADD_CRL, jpki_verifier_add_crl(sink, input, len, &change), "bytes");

        len = make_input(i, "OCSP RESPONSE", &ocsp_seeds);
        jpki_cert_status status;
        int64_t revoked_at;
        jpki_revocation_reason reason;
        seen(T_OCSP_CHECK,
             jpki_ocsp_check_response(input, len, request, ca, at, &status, &revoked_at, &reason),
             "bytes");

        len = make_input(i, "OCSP RESPONSE", &ocsp_seeds);
        seen(T_ADD_OCSP, jpki_verifier_add_ocsp_response(sink, input, len), "bytes");

        /* Now and then the held responses (and CRLs) are put to use. */
        if (i % 250 == 249) {
            jpki_verdict *verdict = NULL;
            CHECK_OK(jpki_verifier_verify(sink, p7s.data, p7s.len, form.data, form.len, NULL, at,
                                          &verdict));
            if (verdict != NULL) {
                exercise_verdict(verdict);
                jpki_verdict_free(verdict);
            }
            CHECK_OK(jpki_verifier_clear_ocsp_responses(sink));
        }
    }
}

static void fuzz_builders(void) {
    const struct seeds seeds = {{&trust_pem, &ca_der, &root_pem}, 3};
    jpki_verifier_builder *anchors = jpki_verifier_builder_new();
    jpki_verifier_builder *intermediates = anchored_builder();
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        size_t len = make_input(i, "CERTIFICATE", &seeds);
        seen(T_ADD_ANCHORS, jpki_verifier_builder_add_trust_anchors(anchors, input, len), "bytes");
        len = make_input(i, "CERTIFICATE", &seeds);
        seen(T_ADD_INTERMEDIATES, jpki_verifier_builder_add_intermediates(intermediates, input, len),
             "bytes");
        /* Every 100 inputs, build what was gathered (consuming the builders). */
        if (i % 100 == 99) {
            jpki_verifier *v = NULL;
            known(jpki_verifier_builder_build(anchors, &v), "jpki_verifier_builder_build");
            jpki_verifier_free(v);
            v = NULL;
            known(jpki_verifier_builder_build(intermediates, &v), "jpki_verifier_builder_build");
            if (v != NULL) {
                jpki_verdict *verdict = NULL;
                CHECK_OK(jpki_verifier_verify(v, p7s.data, p7s.len, form.data, form.len, NULL, at,
                                              &verdict));
                jpki_verdict_free(verdict);
            }
            jpki_verifier_free(v);
            anchors = jpki_verifier_builder_new();
            intermediates = anchored_builder();
        }
    }
    jpki_verifier_builder_free(anchors);
    jpki_verifier_builder_free(intermediates);
}

static void fuzz_verify(void) {
    const struct seeds sig_seeds = {{&p7s}, 1};
    const struct seeds content_seeds = {{&form}, 1};
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        /* The signature: detached over the form, or (one in four) attached. */
        size_t len = make_input(i, "PKCS7", &sig_seeds);
        bool attached = one_in(4);
        jpki_verdict *verdict = NULL;
        jpki_result r = jpki_verifier_verify(verifier, input, len, attached ? NULL : form.data,
                                             attached ? 0 : form.len,
                                             one_in(2) ? applicant : NULL, at, &verdict);
        seen(T_VERIFY_SIGNATURE, r, "bytes");
        /* A signature that does not parse or verify is a verdict, not an error. */
        CHECK(r == JPKI_RESULT_OK && verdict != NULL);
        if (verdict != NULL) {
            exercise_verdict(verdict);
            jpki_verdict_free(verdict);
        }

        /* The content: anything but the form itself never verifies. */
        len = make_input(i, "", &content_seeds);
        if (i < n_random && one_in(3)) {
            len = make_text(600);
        }
        verdict = NULL;
        r = jpki_verifier_verify(verifier, p7s.data, p7s.len, input, len, NULL, at, &verdict);
        seen(T_VERIFY_CONTENT, r, "bytes");
        CHECK(r == JPKI_RESULT_OK && verdict != NULL);
        if (verdict != NULL) {
            bool same = len == form.len && memcmp(input, form.data, len) == 0;
            if (!same) {
                CHECK(!jpki_verdict_is_valid(verdict));
                jpki_check_result result;
                jpki_result error;
                CHECK_OK(jpki_verdict_check(verdict, JPKI_CHECK_SIGNATURE, &result, &error));
                CHECK(result == JPKI_CHECK_RESULT_FAILED);
            }
            if (i % 50 == 0) {
                exercise_verdict(verdict);
            }
            jpki_verdict_free(verdict);
        }
    }
}

static void fuzz_finish(void) {
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        size_t len;
        if (i < n_random) {
            len = make_random("PKCS7");
        } else { /* the length of the signer's RSA signature, 256 random bytes */
            len = 256;
            random_bytes(input, len);
            if (one_in(2)) {
                input[0] &= 0x7f; /* below the modulus, most likely */
            }
        }
        jpki_bytes *out = NULL;
        jpki_result r = jpki_prepared_signature_finish(prepared, input, len, &out);
        seen(T_FINISH, r, "bytes");
        /* Random bytes are never the signer's signature. */
        CHECK(r != JPKI_RESULT_OK && out == NULL);
        jpki_bytes_free(out);
    }
}

/* ------------------------------------------------------------------------- */
/* Text.                                                                      */

static const char *const DATES[] = {
    "1950-04-01",      "1950/4/1",      "1950年4月1日", "昭和25年4月1日", "昭和元年12月25日",
    "S25.4.1",         "H1.1.8",        "R1.5.1",       "令和元年5月1日", "１９５０年４月１日",
    "平成31年4月30日", "Ｓ２５．４．１", "大正14年12月25日", "令和元年5月1日",  "2000-02-29",
};

static const char ADDRESS[] = "東京都千代田区霞が関2丁目1番2号";
static const char NAME[] = "髙橋 太郎";

/* input[] ← a text of kind k: random UTF-8, not UTF-8, or (dates) near-dates
 * and mutations of real dates; (else) mutations of `seed`. */
static size_t make_text_input(size_t i, bool dates, const char *seed, bool *utf8) {
    *utf8 = true;
    if (i < n_random) {
        size_t len;
        if (dates && one_in(2)) {
            len = make_date_like();
        } else {
            len = make_text(600);
        }
        if (one_in(4)) {
            len = spoil_utf8(len);
            *utf8 = false;
        }
        return len;
    }
    const char *s = dates ? DATES[below(sizeof DATES / sizeof DATES[0])] : seed;
    struct blob b = {(uint8_t *)(uintptr_t)s, strlen(s)};
    if (one_in(3)) { /* one digit changed for another: valid and invalid dates */
        size_t len = b.len;
        memcpy(input, s, len);
        for (int tries = 0; tries < 16; tries++) {
            size_t k = below(len);
            if (input[k] >= '0' && input[k] <= '9') {
                input[k] = (uint8_t)('0' + below(10));
                break;
            }
        }
        return len;
    }
    size_t len = make_mutation(&b);
    *utf8 = false; /* unknown: a mutation may or may not be UTF-8 */
    return len;
}

typedef jpki_result (*set_text_fn)(jpki_applicant *, const uint8_t *, size_t);

static void fuzz_applicant(void) {
    const struct {
        int target;
        set_text_fn set;
        bool dates;
        const char *seed;
    } setters[] = {
        {T_SET_NAME, jpki_applicant_set_name, false, NAME},
        {T_SET_ADDRESS, jpki_applicant_set_address, false, ADDRESS},
        {T_SET_BIRTH_DATE, jpki_applicant_set_birth_date, true, NULL},
    };
    jpki_applicant *a = jpki_applicant_new();
    CHECK(a != NULL);
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        for (size_t s = 0; s < sizeof setters / sizeof setters[0]; s++) {
            bool utf8 = false;
            size_t len = make_text_input(i, setters[s].dates, setters[s].seed, &utf8);
            jpki_result r = setters[s].set(a, input, len);
            seen(setters[s].target, r, "text");
            if (i < n_random) {
                if (!utf8) {
                    CHECK(r == JPKI_RESULT_INVALID_UTF8);
                } else if (!setters[s].dates) {
                    CHECK(r == JPKI_RESULT_OK); /* any text is a name or an address */
                }
            }
            if (setters[s].dates) {
                CHECK(r == JPKI_RESULT_OK || r == JPKI_RESULT_INVALID_DATE ||
                      r == JPKI_RESULT_INVALID_UTF8);
            }
        }
        /* What was written compares with the signer's certificate. */
        if (i % 10 == 0) {
            jpki_comparison *cmp = NULL;
            CHECK_OK(jpki_certificate_compare(signer, a, &cmp));
            if (cmp != NULL) {
                static uint8_t text[1 << 17];
                size_t len = 0;
                known(jpki_comparison_json(cmp, text, sizeof text, &len), "jpki_comparison_json");
                for (uint32_t f = JPKI_PERSONAL_FIELD_NAME; f <= JPKI_PERSONAL_FIELD_ADDRESS; f++) {
                    known(jpki_comparison_field_message(cmp, f, text, sizeof text, &len),
                          "jpki_comparison_field_message");
                }
                jpki_comparison_free(cmp);
            }
            jpki_verdict *verdict = NULL;
            CHECK_OK(jpki_verifier_verify(verifier, p7s.data, p7s.len, form.data, form.len, a, at,
                                          &verdict));
            if (verdict != NULL) {
                exercise_verdict(verdict);
                jpki_verdict_free(verdict);
            }
        }
    }
    jpki_applicant_free(a);
}

#define TEXT(s) (const uint8_t *)(s), (sizeof(s) - 1)

/*
 * jpki_sim_personalize's text fields, each fuzzed with the others valid but the
 * resident an adult without a signing password (or, when the password is
 * fuzzed, with an authentication PIN that is too short), so that the call is
 * refused after every field was read and before a key is generated. Then a few
 * that issue: a child (no signing certificate, one key) with a random name and
 * address, read by the authority's issuance.
 */
static void fuzz_personalize(jpki_sim_authority *authority) {
    jpki_sim_card *blank = NULL;
    CHECK_OK(jpki_sim_card_new(&blank));
    if (blank == NULL) {
        return;
    }
    static uint8_t field_copy[MAX_INPUT];
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        for (int field = 0; field < 5; field++) {
            bool utf8 = false;
            size_t len;
            switch (field) {
            case 1: len = make_text_input(i, true, NULL, &utf8); break;
            case 2: len = make_text_input(i, false, ADDRESS, &utf8); break;
            case 3: len = make_text_input(i, false, "TARO1950", &utf8); break;
            case 4: len = make_text_input(i, false, "1234", &utf8); break;
            default: len = make_text_input(i, false, NAME, &utf8); break;
            }
            memcpy(field_copy, input, len);
            const uint8_t *name = (const uint8_t *)NAME, *birth = (const uint8_t *)"1950-04-01";
            const uint8_t *address = (const uint8_t *)ADDRESS, *pin = (const uint8_t *)"1234";
            const uint8_t *password = NULL;
            size_t name_len = strlen(NAME), birth_len = 10, address_len = strlen(ADDRESS),
                   pin_len = 4, password_len = 0;
            int t = T_PERSONALIZE_NAME;
            switch (field) {
            case 1: birth = field_copy; birth_len = len; t = T_PERSONALIZE_BIRTH_DATE; break;
            case 2: address = field_copy; address_len = len; t = T_PERSONALIZE_ADDRESS; break;
            case 3:
                password = field_copy;
                password_len = len;
                pin = (const uint8_t *)"12"; /* refused before any key is made */
                pin_len = 2;
                t = T_PERSONALIZE_PASSWORD;
                break;
            case 4: pin = field_copy; pin_len = len; t = T_PERSONALIZE_AUTH_PIN; break;
            default: name = field_copy; name_len = len; break;
            }
            /* An empty text is NULL, 0 one time in two. */
            if (len == 0 && one_in(2)) {
                if (field == 0) { name = NULL; }
                if (field == 1) { birth = NULL; }
                if (field == 2) { address = NULL; }
                if (field == 3) { password = NULL; }
                if (field == 4) { pin = NULL; }
            }
            jpki_result r = jpki_sim_personalize(authority, blank, name, name_len, birth, birth_len,
                                                 JPKI_SEX_FEMALE, address, address_len, password,
                                                 password_len, pin, pin_len, now);
            seen(t, r, "text");
            /* Only a birth date making the resident a child can be issued here. */
            if (field != 1) {
                CHECK(r != JPKI_RESULT_OK);
            }
        }
    }
    /* Issued: a child's card (one key each), with a name of random characters
     * (substitutes among them) and an address of random characters after a
     * prefecture and a city, or (one in three) random altogether. */
    static const uint32_t name_chars[] = {0x9ad9, 0x6a4b, 0x5409, 0x20bb7, 0xfa11, 0x5d0e, 0x7530,
                                          0x592a, 0x90ce, 0x3042, 0x30a2, 0x3000, 0x0020, 0x5fb7};
    for (size_t i = 0; i < n_issued; i++) {
        size_t len = 0;
        if (i % 3 == 2) {
            len = make_text(60);
        } else {
            for (size_t k = 1 + below(8); k > 0; k--) {
                len += put_utf8(input + len, name_chars[below(sizeof name_chars / sizeof name_chars[0])]);
            }
        }
        memcpy(field_copy, input, len);
        size_t name_len = len;
        if (i % 3 == 2) {
            len = make_text(120);
        } else {
            static const char city[] = "東京都千代田区";
            memcpy(input, city, sizeof city - 1);
            len = sizeof city - 1;
            for (size_t k = below(12); k > 0; k--) {
                len += put_utf8(input + len, random_code_point());
            }
        }
        jpki_result r = jpki_sim_personalize(authority, blank, field_copy, name_len,
                                             TEXT("2020-02-29"), JPKI_SEX_UNKNOWN, input, len,
                                             NULL, 0, TEXT("0000"), now);
        seen(T_PERSONALIZE_ISSUED, r, "text");
    }
    jpki_sim_card_free(blank);
}

/* ------------------------------------------------------------------------- */
/* The card over a transmit callback.                                         */

/* A random answer: 0 to 300 bytes, mostly ending in a status word the driver
 * knows. Now and then the transport fails, or claims more than its buffer. */
static uint32_t random_transmit(void *ctx, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
                                size_t resp_cap, size_t *resp_len_out) {
    (void)ctx;
    if (cmd == NULL || cmd_len < 4 || resp == NULL || resp_len_out == NULL ||
        resp_cap != JPKI_TRANSMIT_RESPONSE_CAPACITY) {
        report("random_transmit: called with cmd_len %zu, resp_cap %zu", cmd_len, resp_cap);
        return 1;
    }
    if (one_in(50)) {
        return 1 + (uint32_t)below(0xffff); /* the transport failed */
    }
    if (one_in(100)) {
        *resp_len_out = resp_cap + 1 + below(100); /* a lying callback */
        return 0;
    }
    size_t len = below(301);
    random_bytes(resp, len);
    if (len >= 2) {
        static const uint8_t sws[][2] = {{0x90, 0x00}, {0x90, 0x00}, {0x90, 0x00}, {0x61, 0x10},
                                         {0x6c, 0x08}, {0x63, 0xc2}, {0x63, 0xc0}, {0x69, 0x83},
                                         {0x69, 0x82}, {0x6a, 0x82}, {0x67, 0x00}, {0x62, 0x82}};
        size_t k = below(sizeof sws / sizeof sws[0] + 2);
        if (k < sizeof sws / sizeof sws[0]) {
            resp[len - 2] = sws[k][0];
            resp[len - 1] = sws[k][1];
        }
    }
    *resp_len_out = len;
    return 0;
}

/* Forwards to the virtual card, then (one answer in `ctx`'s rate) mutates the
 * answer: its data, its length, its status word. */
struct proxy {
    jpki_sim_card *sim;
    size_t rate;
};

static uint32_t mutating_transmit(void *ctx, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
                                  size_t resp_cap, size_t *resp_len_out) {
    struct proxy *p = ctx;
    uint32_t rc = jpki_sim_card_transmit(p->sim, cmd, cmd_len, resp, resp_cap, resp_len_out);
    if (rc != 0 || !one_in(p->rate)) {
        return rc;
    }
    size_t len = *resp_len_out;
    switch (below(5)) {
    case 0: /* flip bits of the data */
        for (int f = 0; f < 1 + (int)below(4) && len > 2; f++) {
            resp[below(len - 2)] ^= (uint8_t)(1u << below(8));
        }
        break;
    case 1: /* truncate */
        len = below(len + 1);
        break;
    case 2: { /* extend */
        size_t extra = 1 + below(40);
        if (len + extra <= resp_cap) {
            random_bytes(resp + len, extra);
            len += extra;
        }
        break;
    }
    case 3: /* another status word */
        if (len >= 2) {
            static const uint8_t sws[][2] = {{0x63, 0xc1}, {0x69, 0x83}, {0x6a, 0x82},
                                             {0x61, 0x04}, {0x6c, 0x02}, {0x90, 0x01}};
            size_t k = below(sizeof sws / sizeof sws[0]);
            resp[len - 2] = sws[k][0];
            resp[len - 1] = sws[k][1];
        }
        break;
    default: /* random data, same status word */
        if (len > 2) {
            random_bytes(resp, len - 2);
        }
        break;
    }
    *resp_len_out = len;
    return 0;
}

/* One random card operation; frees what it made. */
static void card_operation(int t, jpki_card *card) {
    static const uint8_t digest[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    static const char *const pins[] = {"TARO1950", "1234", "1234"};
    switch (below(7)) {
    case 0: {
        jpki_card_kind kind;
        seen(t, jpki_card_open(card, &kind), "jpki_card_open");
        break;
    }
    case 1: {
        jpki_pin_state state;
        uint32_t remaining;
        seen(t, jpki_card_pin_status(card, 1 + (uint32_t)below(3), &state, &remaining),
             "jpki_card_pin_status");
        break;
    }
    case 2: {
        uint32_t kind = 1 + (uint32_t)below(3);
        const char *pin = pins[kind - 1];
        seen(t, jpki_card_verify_pin(card, kind, (const uint8_t *)pin, strlen(pin), false),
             "jpki_card_verify_pin");
        break;
    }
    case 3:
    case 4: {
        jpki_certificate *cert = NULL;
        seen(t, jpki_card_read_certificate(card, 1 + (uint32_t)below(4), TEXT("TARO1950"), false,
                                           &cert),
             "jpki_card_read_certificate");
        if (cert != NULL) {
            exercise_certificate(cert);
            jpki_certificate_free(cert);
        }
        break;
    }
    case 5: {
        uint32_t key = 1 + (uint32_t)below(2);
        const char *pin = key == JPKI_KEY_SLOT_SIGNING ? "TARO1950" : "1234";
        jpki_bytes *sig = NULL;
        seen(t, jpki_card_sign_digest(card, key, JPKI_HASH_ALGORITHM_SHA256, digest, sizeof digest,
                                      (const uint8_t *)pin, strlen(pin), false, &sig),
             "jpki_card_sign_digest");
        jpki_bytes_free(sig);
        break;
    }
    default: {
        uint32_t key = 1 + (uint32_t)below(2);
        const char *pin = key == JPKI_KEY_SLOT_SIGNING ? "TARO1950" : "1234";
        jpki_bytes *sig = NULL;
        seen(t, jpki_sign(form.data, form.len, card, key, (const uint8_t *)pin, strlen(pin), false,
                          true, true, now, &sig),
             "jpki_sign");
        jpki_bytes_free(sig);
        break;
    }
    }
}

static void fuzz_card(jpki_sim_card *sim) {
    /* Random answers: a fresh card every few operations. */
    for (size_t i = 0; i < n_card;) {
        jpki_card *card = NULL;
        CHECK_OK(jpki_card_new(random_transmit, NULL, &card));
        if (card == NULL) {
            return;
        }
        for (size_t k = 1 + below(4); k > 0 && i < n_card; k--, i++) {
            card_operation(T_CARD_RANDOM, card);
        }
        jpki_card_free(card);
    }
    /* The virtual card's answers, one in four (then one in twenty) mutated. */
    struct proxy proxy = {sim, 4};
    for (size_t i = 0; i < n_card;) {
        proxy.rate = i < n_card / 2 ? 4 : 20;
        jpki_card *card = NULL;
        CHECK_OK(jpki_card_new(mutating_transmit, &proxy, &card));
        if (card == NULL) {
            return;
        }
        for (size_t k = 1 + below(4); k > 0 && i < n_card; k--, i++) {
            card_operation(T_CARD_MUTATED, card);
        }
        jpki_card_free(card);
    }
    /* The card is unharmed: no answer made it spend a try (all secrets given
     * were right). */
    jpki_card *card = NULL;
    CHECK_OK(jpki_card_new(jpki_sim_card_transmit, sim, &card));
    jpki_pin_state state = JPKI_PIN_STATE_BLOCKED;
    uint32_t remaining = 0;
    CHECK_OK(jpki_card_pin_status(card, JPKI_PIN_KIND_SIGNING_PASSWORD, &state, &remaining));
    CHECK(state != JPKI_PIN_STATE_BLOCKED);
    jpki_card_free(card);
}

/* ------------------------------------------------------------------------- */
/* Serials and nonces.                                                        */

static void fuzz_serial_and_nonce(void) {
    jpki_crl *crl = NULL;
    CHECK_OK(jpki_crl_load(crl_der.data, crl_der.len, ca, &crl));
    struct blob serial = {NULL, 0};
    const uint8_t *view = NULL;
    CHECK_OK(jpki_certificate_serial(signer, &view, &serial.len));
    serial.data = (uint8_t *)(uintptr_t)view;
    if (crl == NULL || view == NULL) {
        jpki_crl_free(crl);
        return;
    }
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        size_t len;
        if (i < n_random) {
            len = below(41);
            random_bytes(input, len);
            if (len > 0 && one_in(3)) {
                memset(input, 0, 1 + below(len)); /* leading zero octets */
            }
        } else {
            len = make_mutation(&serial);
        }
        jpki_cert_status status = JPKI_CERT_STATUS_UNKNOWN;
        int64_t revoked_at = -1;
        jpki_revocation_reason reason = JPKI_REVOCATION_REASON_UNSPECIFIED;
        jpki_result r = jpki_crl_lookup_serial(crl, len > 0 || one_in(2) ? input : NULL, len,
                                               &status, &revoked_at, &reason);
        seen(T_LOOKUP_SERIAL, r, "bytes");
        /* The CRL lists nothing: any serial is "good" (not listed). */
        CHECK(r == JPKI_RESULT_OK && status == JPKI_CERT_STATUS_GOOD && revoked_at == 0 &&
              reason == JPKI_REVOCATION_REASON_NONE);

        /* A nonce of 1 to 32 octets, or none (NULL, 0); else refused. */
        len = below(41);
        random_bytes(input, len);
        bool null_nonce = len == 0 && one_in(2);
        jpki_ocsp_request *req = NULL;
        r = jpki_ocsp_request_new(signer, ca, 1 + (uint32_t)below(4), null_nonce ? NULL : input, len,
                                  &req);
        seen(T_NONCE, r, "bytes");
        bool valid = null_nonce || (len >= 1 && len <= 32);
        CHECK(valid ? (r == JPKI_RESULT_OK && req != NULL)
                    : (r == JPKI_RESULT_OCSP_INVALID_NONCE && req == NULL));
        if (req != NULL) {
            /* The fixture's response answers another nonce (or CertID hash). */
            jpki_cert_status st;
            int64_t t;
            jpki_revocation_reason why;
            known(jpki_ocsp_check_response(ocsp_der.data, ocsp_der.len, req, ca, at, &st, &t, &why),
                  "jpki_ocsp_check_response");
            jpki_ocsp_request_free(req);
        }
    }
    jpki_crl_free(crl);
}

/* ------------------------------------------------------------------------- */
/* Secrets and digests into the card, then raw APDUs into the virtual card.   */

/* The commands the driver sent in a session: seeds for the APDU mutations. */
#define MAX_RECORDED 128
static struct blob recorded[MAX_RECORDED];
static size_t n_recorded = 0;

static uint32_t recording_transmit(void *ctx, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
                                   size_t resp_cap, size_t *resp_len_out) {
    if (n_recorded < MAX_RECORDED && cmd != NULL && cmd_len > 0) {
        recorded[n_recorded].data = malloc(cmd_len);
        if (recorded[n_recorded].data != NULL) {
            memcpy(recorded[n_recorded].data, cmd, cmd_len);
            recorded[n_recorded].len = cmd_len;
            n_recorded++;
        }
    }
    return jpki_sim_card_transmit(ctx, cmd, cmd_len, resp, resp_cap, resp_len_out);
}

/* One session of every operation, recorded. */
static void record_session(jpki_sim_card *sim) {
    static const uint8_t digest[32] = {0};
    jpki_card *card = NULL;
    CHECK_OK(jpki_card_new(recording_transmit, sim, &card));
    if (card == NULL) {
        return;
    }
    jpki_card_kind kind;
    CHECK_OK(jpki_card_open(card, &kind));
    for (uint32_t k = 1; k <= 3; k++) {
        jpki_pin_state state;
        uint32_t remaining;
        CHECK_OK(jpki_card_pin_status(card, k, &state, &remaining));
    }
    for (uint32_t slot = 1; slot <= 4; slot++) {
        jpki_certificate *cert = NULL;
        CHECK_OK(jpki_card_read_certificate(card, slot, TEXT("TARO1950"), false, &cert));
        jpki_certificate_free(cert);
    }
    CHECK_OK(jpki_card_verify_pin(card, JPKI_PIN_KIND_ATTRIBUTES_PIN, TEXT("1234"), false));
    jpki_bytes *sig = NULL;
    CHECK_OK(jpki_card_sign_digest(card, JPKI_KEY_SLOT_AUTHENTICATION, JPKI_HASH_ALGORITHM_SHA256,
                                   digest, sizeof digest, TEXT("1234"), false, &sig));
    jpki_bytes_free(sig);
    sig = NULL;
    CHECK_OK(jpki_sign(form.data, form.len, card, JPKI_KEY_SLOT_SIGNING, TEXT("TARO1950"), false,
                       false, true, now, &sig));
    jpki_bytes_free(sig);
    jpki_card_free(card);
    CHECK(n_recorded > 10);
}

/* Secrets of every shape into VERIFY and READ CERTIFICATE (checked before
 * anything is sent, or sent and refused: tries are spent, secrets blocked),
 * and digests of every length into SIGN. */
static void fuzz_secrets(jpki_sim_card *sim) {
    static const size_t digest_len[] = {0, 32, 48, 64, 20};
    jpki_card *card = NULL;
    CHECK_OK(jpki_card_new(jpki_sim_card_transmit, sim, &card));
    if (card == NULL) {
        return;
    }
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        bool utf8 = false;
        size_t len = make_text_input(i, false, one_in(2) ? "TARO1950" : "1234", &utf8);
        if (i < n_random && one_in(2)) { /* short, of the secrets' alphabet */
            len = below(20);
            for (size_t k = 0; k < len; k++) {
                input[k] = (uint8_t)"0123456789ABCXYZabc -"[below(21)];
            }
        } else if (one_in(6)) { /* the right secret now and then: the tries start over */
            const char *right = one_in(2) ? "TARO1950" : "1234";
            len = strlen(right);
            memcpy(input, right, len);
        }
        jpki_result r;
        if (one_in(3)) {
            jpki_certificate *cert = NULL;
            r = jpki_card_read_certificate(card, JPKI_CERTIFICATE_SLOT_SIGNING, input, len,
                                           one_in(2), &cert);
            jpki_certificate_free(cert);
        } else {
            r = jpki_card_verify_pin(card, 1 + (uint32_t)below(3), input, len, one_in(2));
        }
        seen(T_PIN_TEXT, r, "text");

        uint32_t hash = 1 + (uint32_t)below(4);
        len = below(3) == 0 ? digest_len[hash] : below(80);
        random_bytes(input, len);
        jpki_bytes *sig = NULL;
        r = jpki_card_sign_digest(card, 1 + (uint32_t)below(2), hash, input, len, NULL, 0, false,
                                  &sig);
        seen(T_DIGEST, r, "bytes");
        if (len != digest_len[hash]) {
            CHECK(r == JPKI_RESULT_INVALID_DIGEST);
        }
        jpki_bytes_free(sig);
    }
    jpki_card_free(card);
}

/* Random command APDUs (the four ISO 7816-4 cases, short and extended, with
 * lengths that agree or not) and mutations of the recorded ones, straight into
 * the virtual card: it always answers, at least a status word. */
static void fuzz_apdus(jpki_sim_card *sim) {
    static const uint8_t ins[] = {0xa4, 0xb0, 0x20, 0x2a, 0x88, 0xc0, 0x22, 0xca, 0x84,
                                  0x24, 0x2c, 0x44, 0xb1, 0xd6, 0x00, 0xff};
    static const uint8_t cla[] = {0x00, 0x80, 0x0c, 0x10, 0xff};
    uint8_t *resp = malloc(JPKI_TRANSMIT_RESPONSE_CAPACITY);
    if (resp == NULL) {
        failures++;
        return;
    }
    for (size_t i = 0; i < n_random + n_mutated; i++) {
        size_t len;
        if (i >= n_random && n_recorded > 0) {
            len = make_mutation(&recorded[below(n_recorded)]);
        } else {
            len = below(601);
            random_bytes(input, len);
            if (len >= 4 && !one_in(4)) {
                input[0] = cla[below(sizeof cla)];
                input[1] = ins[below(sizeof ins)];
                if (one_in(2)) {
                    input[2] = (uint8_t)below(5);
                    input[3] = (uint8_t)below(0x20);
                }
                size_t body = len - 4;
                switch (below(5)) {
                case 0: len = 4; break;                                /* case 1 */
                case 1: len = 5; break;                                /* case 2, short Le */
                case 2:                                                /* case 3/4, short Lc */
                    if (body >= 1) {
                        size_t lc = body - 1 < 255 ? body - 1 : 255;
                        input[4] = (uint8_t)(one_in(4) ? below(256) : lc);
                        len = 5 + lc + (one_in(2) ? 1 : 0);
                        if (len > 4 + body) {
                            len = 4 + body;
                        }
                    }
                    break;
                case 3:                                                /* extended */
                    if (body >= 3) {
                        size_t lc = body - 3;
                        input[4] = 0;
                        input[5] = (uint8_t)(lc >> 8);
                        input[6] = (uint8_t)lc;
                        if (one_in(4)) {
                            input[6] ^= (uint8_t)(1 + below(255));
                        }
                    }
                    break;
                default:                                               /* anything */
                    break;
                }
            }
        }
        size_t resp_len = 0;
        const uint8_t *cmd = len > 0 || one_in(2) ? input : NULL;
        uint32_t r = jpki_sim_card_transmit(sim, cmd, len, resp, JPKI_TRANSMIT_RESPONSE_CAPACITY,
                                            &resp_len);
        seen(T_SIM_APDU, r, "bytes");
        if (cmd == NULL) { /* documented: a NULL command is a NULL argument */
            CHECK(r == JPKI_RESULT_NULL_PARAMETER);
        } else {
            CHECK(r == JPKI_RESULT_OK && resp_len >= 2 &&
                  resp_len <= JPKI_TRANSMIT_RESPONSE_CAPACITY);
        }
    }
    free(resp);
}

/* ------------------------------------------------------------------------- */

static int64_t parse_time(const struct blob *b) {
    char text[32] = {0};
    memcpy(text, b->data, b->len < sizeof text - 1 ? b->len : sizeof text - 1);
    return (int64_t)strtoll(text, NULL, 10);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    const char *source_dir = getenv("JPKI_SOURCE_DIR");
    const char *mode = getenv("JPKI_C_TEST_MODE");
    if (source_dir == NULL) {
        fprintf(stderr, "JPKI_SOURCE_DIR (the repository root) is not set\n");
        return 1;
    }
    if (mode != NULL && strcmp(mode, "valgrind") == 0) {
        n_random = 200;
        n_mutated = 100;
        n_card = 200;
        n_issued = 1;
    }

    const char *dir = argv[1];
    trust_pem = read_file(dir, "trust.pem");
    form = read_file(dir, "form.txt");
    p7s = read_file(dir, "form.p7s");
    crl_der = read_file(dir, "partition.crl");
    signer_der = read_file(dir, "signer.der");
    ca_der = read_file(dir, "signer_ca.der");
    ocsp_der = read_file(dir, "ocsp.der");
    struct blob at_txt = read_file(dir, "at.txt");
    char root_dir[4096];
    snprintf(root_dir, sizeof root_dir, "%s/jpki-core/tests/jlis", source_dir);
    root_pem = read_file(root_dir, "sign_ca_2023.pem");
    if (failures != 0) {
        return 1;
    }
    at = parse_time(&at_txt);
    now = at - 3600;
    free(at_txt.data);

    /* The handles the parsers need, each checked to work with the real input. */
    CHECK_OK(jpki_certificate_parse(root_pem.data, root_pem.len, &root));
    CHECK_OK(jpki_certificate_parse(signer_der.data, signer_der.len, &signer));
    CHECK_OK(jpki_certificate_parse(ca_der.data, ca_der.len, &ca));
    CHECK_OK(jpki_ocsp_request_new(signer, ca, JPKI_OCSP_HASH_SHA1, OCSP_NONCE, sizeof OCSP_NONCE,
                                   &request));
    verifier = new_verifier();
    sink = new_verifier();
    CHECK_OK(jpki_verifier_add_ocsp_response(verifier, ocsp_der.data, ocsp_der.len));
    CHECK_OK(jpki_prepared_signature_new(form.data, form.len, signer, ca, true, true, now,
                                         &prepared));
    applicant = jpki_applicant_new();
    CHECK_OK(jpki_applicant_set_name(applicant, TEXT("吉田 太郎")));
    jpki_sim_authority *authority = NULL;
    jpki_sim_card *sim = NULL;
    CHECK_OK(jpki_sim_authority_new(now, &authority));
    CHECK_OK(jpki_sim_card_new(&sim));
    CHECK_OK(jpki_sim_personalize(authority, sim, TEXT("髙橋 太郎"), TEXT("1950-04-01"),
                                  JPKI_SEX_MALE, TEXT("東京都千代田区霞が関2丁目1番2号"),
                                  TEXT("TARO1950"), TEXT("1234"), now));
    if (failures == 0) {
        jpki_cert_status status = JPKI_CERT_STATUS_UNKNOWN;
        int64_t revoked_at;
        jpki_revocation_reason reason;
        CHECK_OK(jpki_ocsp_check_response(ocsp_der.data, ocsp_der.len, request, ca, at, &status,
                                          &revoked_at, &reason));
        CHECK(status == JPKI_CERT_STATUS_GOOD);
        jpki_crl *crl = NULL;
        CHECK_OK(jpki_crl_load(crl_der.data, crl_der.len, ca, &crl));
        jpki_crl_free(crl);
        jpki_verdict *verdict = NULL;
        CHECK_OK(jpki_verifier_verify(verifier, p7s.data, p7s.len, form.data, form.len, applicant,
                                      at, &verdict));
        CHECK(verdict != NULL && jpki_verdict_is_valid(verdict));
        jpki_verdict_free(verdict);
    }

    if (failures == 0) {
        fuzz_certificates();
        fuzz_revocation();
        fuzz_builders();
        fuzz_verify();
        fuzz_finish();
        fuzz_applicant();
        fuzz_personalize(authority);
        fuzz_serial_and_nonce();
        record_session(sim);
        fuzz_card(sim);
        /* These spend tries and block secrets: last. */
        fuzz_secrets(sim);
        fuzz_apdus(sim);
    }
    for (size_t k = 0; k < n_recorded; k++) {
        free(recorded[k].data);
    }

    jpki_sim_card_free(sim);
    jpki_sim_authority_free(authority);
    jpki_applicant_free(applicant);
    jpki_prepared_signature_free(prepared);
    jpki_verifier_free(sink);
    jpki_verifier_free(verifier);
    jpki_ocsp_request_free(request);
    jpki_certificate_free(ca);
    jpki_certificate_free(signer);
    jpki_certificate_free(root);
    free(trust_pem.data);
    free(form.data);
    free(p7s.data);
    free(crl_der.data);
    free(signer_der.data);
    free(ca_der.data);
    free(ocsp_der.data);
    free(root_pem.data);

    unsigned long total = 0;
    for (int t = 0; t < T_COUNT; t++) {
        printf("parse_random: %-46s %6lu inputs, %5lu accepted\n", targets[t].name, targets[t].runs,
               targets[t].ok);
        total += targets[t].runs;
        if (targets[t].runs == 0) {
            report("%s was never called", targets[t].name);
        }
    }
    if (failures != 0) {
        fprintf(stderr, "parse_random.c: %d check(s) failed\n", failures);
        return 1;
    }
    printf("parse_random.c: %lu inputs (%zu random and %zu mutated per parser, %zu card "
           "operations per transport), no crash, every result a known code\n",
           total, n_random, n_mutated, n_card);
    return 0;
}
