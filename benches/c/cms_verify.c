/*
 * cms_verify FIXTURE_DIR SECONDS [MODE...]
 *
 * OpenSSL's CMS_verify rate on the fixtures of `gen_verify_fixtures`, one thread:
 * the counterpart of jpki's `jpki_verify` (benches/src/bin/jpki_verify.rs).
 *
 *   cc -O2 -o cms_verify benches/c/cms_verify.c -lcrypto     (Debian: libssl-dev)
 *
 * For each MODE (default: none small 100k; also empty), an X509_STORE is built
 * once, outside the timed loop, as a server builds it at start-up: the trust
 * anchor (trust.pem), purpose "any", the verification time fixed to the
 * fixtures' (time.unix, X509_VERIFY_PARAM_set_time) and, for the CRL modes, the
 * mode's CRL with X509_V_FLAG_CRL_CHECK (the end entity's revocation, as jpki
 * checks every certificate of the path but the anchor). Then, in a loop for
 * SECONDS after a short warm-up: parse the SignedData from the DER bytes in
 * memory (d2i_CMS_ContentInfo), CMS_verify it over the detached content (a
 * memory BIO, CMS_BINARY), free it. Every verification must succeed (exit 1
 * otherwise). Prints `mode=NAME verifications=N seconds=S per_s=R us_each=U`.
 *
 * Before measuring, controls that OpenSSL really checks what is measured: the
 * CRL that lists the signer must fail with "certificate revoked", CRL checking
 * with no CRL must fail with "unable to get certificate CRL", an altered content
 * must fail; exit 1 otherwise.
 *
 * Flags: none beyond X509_V_FLAG_CRL_CHECK. The simulator's certificates verify
 * with purpose "any" (as `openssl cms -verify -purpose any` in jpki's interop
 * tests): the default S/MIME signing purpose wants an emailProtection-compatible
 * certificate, which a JPKI signing certificate is not. The partition CRL's
 * critical issuingDistributionPoint (a directoryName fullName plus
 * onlyContainsUserCerts) is understood by OpenSSL's basic CRL support: it
 * matches the fullName against the certificate's cRLDistributionPoints, so
 * X509_V_FLAG_EXTENDED_CRL_SUPPORT is not needed (set EXTENDED=1 in the
 * environment to add it and see that it changes nothing).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

struct bytes {
    unsigned char *data;
    long len;
};

static const char *fixture_dir;

static void die(const char *what)
{
    fprintf(stderr, "cms_verify: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static char *path_of(const char *name)
{
    static char buf[4096];
    if (snprintf(buf, sizeof buf, "%s/%s", fixture_dir, name) >= (int)sizeof buf)
        die("path too long");
    return buf;
}

static struct bytes read_file(const char *name)
{
    struct bytes b = {NULL, 0};
    const char *path = path_of(name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cms_verify: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    if (fseek(f, 0, SEEK_END) != 0 || (b.len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        die("cannot size a fixture file");
    b.data = malloc(b.len > 0 ? (size_t)b.len : 1);
    if (b.data == NULL || fread(b.data, 1, (size_t)b.len, f) != (size_t)b.len)
        die("cannot read a fixture file");
    fclose(f);
    return b;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fixtures, read once. */
static X509 *anchor;
static struct bytes signature, content;
static time_t at;

static X509_CRL *load_crl(const char *file)
{
    struct bytes der = read_file(file);
    const unsigned char *p = der.data;
    X509_CRL *crl = d2i_X509_CRL(NULL, &p, der.len);
    if (crl == NULL || p != der.data + der.len)
        die("cannot parse a CRL");
    free(der.data);
    return crl;
}

/* The store of one mode: anchor, purpose any, fixed time, and the CRL if any
 * (crl_file NULL: no revocation; "" : CRL checking without a CRL). */
static X509_STORE *make_store(const char *crl_file)
{
    X509_STORE *store = X509_STORE_new();
    if (store == NULL || !X509_STORE_add_cert(store, anchor))
        die("cannot build the store");
    X509_VERIFY_PARAM *param = X509_STORE_get0_param(store);
    X509_VERIFY_PARAM_set_time(param, at);
    if (!X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY))
        die("cannot set the purpose");
    if (crl_file != NULL) {
        unsigned long flags = X509_V_FLAG_CRL_CHECK;
        const char *extended = getenv("EXTENDED");
        if (extended != NULL && strcmp(extended, "1") == 0)
            flags |= X509_V_FLAG_EXTENDED_CRL_SUPPORT;
        X509_VERIFY_PARAM_set_flags(param, flags);
        if (crl_file[0] != '\0') {
            X509_CRL *crl = load_crl(crl_file);
            if (!X509_STORE_add_crl(store, crl))
                die("cannot add the CRL");
            X509_CRL_free(crl);
        }
    }
    return store;
}

/* One verification: parse + CMS_verify + free. Returns 1 on success. */
static int verify_once(X509_STORE *store, const struct bytes *sig, const struct bytes *data)
{
    const unsigned char *p = sig->data;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, sig->len);
    if (cms == NULL)
        return 0;
    BIO *dcont = BIO_new_mem_buf(data->data, (int)data->len);
    int ok = dcont != NULL && CMS_verify(cms, NULL, store, dcont, NULL, CMS_BINARY) == 1;
    BIO_free(dcont);
    CMS_ContentInfo_free(cms);
    return ok;
}

/* The reason of the last failure, from the error queue (then cleared). */
static int last_failure_mentions(const char *needle)
{
    char text[512];
    int found = 0, flags;
    const char *data;
    unsigned long e;
    /* CMS_verify reports the X509 verification error as the error's data
     * ("Verify error: certificate revoked"). */
    while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        ERR_error_string_n(e, text, sizeof text);
        if (strstr(text, needle) != NULL
            || ((flags & ERR_TXT_STRING) != 0 && data != NULL && strstr(data, needle) != NULL))
            found = 1;
        if (getenv("VERBOSE") != NULL)
            fprintf(stderr, "  %s %s\n", text, (flags & ERR_TXT_STRING) != 0 && data ? data : "");
    }
    return found;
}

static void expect_failure(const char *what, X509_STORE *store, const struct bytes *data,
                           const char *reason)
{
    ERR_clear_error();
    if (verify_once(store, &signature, data)) {
        fprintf(stderr, "cms_verify: control failed: %s verified\n", what);
        exit(1);
    }
    if (!last_failure_mentions(reason)) {
        fprintf(stderr, "cms_verify: control failed: %s did not fail with \"%s\"\n", what,
                reason);
        exit(1);
    }
}

static void controls(void)
{
    X509_STORE *revoked = make_store("crl-revoked.der");
    expect_failure("a signer listed in the CRL", revoked, &content, "certificate revoked");
    X509_STORE_free(revoked);
    X509_STORE *no_crl = make_store("");
    expect_failure("CRL checking without a CRL", no_crl, &content,
                   "unable to get certificate CRL");
    X509_STORE_free(no_crl);
    X509_STORE *plain = make_store(NULL);
    struct bytes other = {malloc((size_t)content.len), content.len};
    if (other.data == NULL || content.len == 0)
        die("no content");
    memcpy(other.data, content.data, (size_t)content.len);
    other.data[0] ^= 1;
    expect_failure("altered content", plain, &other, "verification failure");
    free(other.data);
    X509_STORE_free(plain);
}

/* Verifies in a loop for `seconds`; every verification must succeed. */
static long run(const char *mode, X509_STORE *store, double seconds, double *elapsed)
{
    long count = 0;
    double start = now_seconds(), t;
    do {
        if (!verify_once(store, &signature, &content)) {
            fprintf(stderr, "cms_verify: mode %s: verification %ld failed\n", mode, count + 1);
            die("CMS_verify");
        }
        count++;
        t = now_seconds() - start;
    } while (t < seconds);
    *elapsed = t;
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cms_verify FIXTURE_DIR SECONDS [none|empty|small|100k ...]\n");
        return 2;
    }
    fixture_dir = argv[1];
    double seconds = strtod(argv[2], NULL);
    if (!(seconds > 0))
        die("SECONDS must be positive");

    struct bytes pem = read_file("trust.pem");
    BIO *bio = BIO_new_mem_buf(pem.data, (int)pem.len);
    anchor = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (anchor == NULL)
        die("cannot read trust.pem");
    BIO_free(bio);
    free(pem.data);
    signature = read_file("signature.der");
    content = read_file("content.bin");
    struct bytes unix_time = read_file("time.unix");
    unix_time.data[unix_time.len > 0 ? unix_time.len - 1 : 0] = '\0';
    at = (time_t)strtoll((const char *)unix_time.data, NULL, 10);
    if (at <= 0)
        die("cannot read time.unix");
    free(unix_time.data);

    controls();

    static const char *defaults[] = {"none", "small", "100k"};
    const char **modes = argc > 3 ? (const char **)argv + 3 : defaults;
    int n = argc > 3 ? argc - 3 : 3;
    for (int i = 0; i < n; i++) {
        const char *mode = modes[i], *crl;
        if (strcmp(mode, "none") == 0)
            crl = NULL;
        else if (strcmp(mode, "empty") == 0)
            crl = "crl-empty.der";
        else if (strcmp(mode, "small") == 0)
            crl = "crl-small.der";
        else if (strcmp(mode, "100k") == 0)
            crl = "crl-100k.der";
        else {
            fprintf(stderr, "cms_verify: unknown mode %s\n", mode);
            return 2;
        }
        X509_STORE *store = make_store(crl);
        double elapsed;
        run(mode, store, seconds < 0.3 ? seconds / 2 : 0.15, &elapsed);
        long count = run(mode, store, seconds, &elapsed);
        double per_s = (double)count / elapsed;
        printf("mode=%s verifications=%ld seconds=%.3f per_s=%.1f us_each=%.2f\n", mode, count,
               elapsed, per_s, 1e6 / per_s);
        fflush(stdout);
        X509_STORE_free(store);
    }
    X509_free(anchor);
    free(signature.data);
    free(content.data);
    return 0;
}
