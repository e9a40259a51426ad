#!/usr/bin/env bash
# Java through jpki's C ABI: the JNA example of examples/java (Jpki.java maps the
# functions it uses, VerifyApplication.java verifies a signed application) against
# the debug build of libjpki_ffi.
#
#   1. Jpki.java agrees with include/jpki.h: every function it maps is declared
#      there with the same number of parameters and the JNA type of each
#      (size_t as SizeT, handles as Pointer, bool as byte…), and every enum
#      value it names has the header's number.
#   2. It compiles with `javac -Xlint:all -Werror`.
#   3. It runs on the inputs `cargo run -p jpki-ffi --example ffi_fixtures -- DIR`
#      writes (a temporary directory), and each run's exit status and output are
#      asserted:
#        - partition.crl, the applicant's four fields: exit 0, the JSON begins
#          with {"valid":true, and every check passed;
#        - revoked.crl (the CRL after the resident's move) at at_revoked.txt:
#          exit 1, {"valid":false, the revocation check failed with
#          CERTIFICATE_REVOKED;
#        - a wrong birth date: exit 1, PERSONAL_INFO_MISMATCH;
#        - a file that is not a CRL, and no arguments: exit 2.
#
# Needs javac and java (Debian: default-jdk-headless) and JNA (libjna-java:
# /usr/share/java/jna.jar, or JNA_JAR); scripts/test.sh installs them. Anything
# missing or any mismatch fails this script.
set -euo pipefail
cd "$(dirname "$0")/.."

JNA_JAR="${JNA_JAR:-/usr/share/java/jna.jar}"

die() {
    echo "$0: $*" >&2
    exit 1
}
step() { printf '\n--> %s\n' "$*"; }

for tool in javac java python3; do
    command -v "$tool" >/dev/null 2>&1 \
        || die "$tool is required (Debian: default-jdk-headless, python3; scripts/test.sh installs them)"
done
[ -f "$JNA_JAR" ] || die "no JNA at $JNA_JAR (Debian: libjna-java; or set JNA_JAR)"

step "Jpki.java against include/jpki.h"
python3 - include/jpki.h examples/java/Jpki.java <<'EOF'
import re
import sys

header = open(sys.argv[1], encoding="utf-8").read()
java = open(sys.argv[2], encoding="utf-8").read()
errors = []

# C declarations: `RETURN jpki_name(PARAMS);` (each function of the header).
c_decls = {
    name: (ret, params)
    for ret, name, params in re.findall(
        r"^((?:const |struct )*\w+\s*\**)\s*(jpki_\w+)\(([^;]*?)\);", header, re.M
    )
}


def java_type(c, is_return=False):
    """The JNA type of a C type (parameter without its name, or return type)."""
    t = " ".join(c.split())
    is_struct = "struct " in t
    t = t.replace("const ", "").replace("struct ", "").replace(" *", "*").strip()
    table = {
        "void": "void",
        "uint8_t*": "byte[]",
        "size_t": "SizeT",
        "size_t*": "SizeTByReference",
        "int64_t": "long",
        "uint64_t": "long",
        "uint32_t": "int",
        "bool": "byte" if is_return else "boolean(as byte)",
        "char*": "String",
    }
    if t in table:
        return table[t]
    m = re.fullmatch(r"(jpki_\w+)(\**)", t)
    if m:
        stars = len(m.group(2))
        if is_struct:
            return {1: "Pointer", 2: "PointerByReference"}.get(stars, "?")
        return {0: "int", 1: "IntByReference"}.get(stars, "?")  # a uint32_t enum
    return "?" + t


def c_param_types(params):
    params = params.strip()
    if params in ("", "void"):
        return []
    # Drop each parameter's name: the last identifier.
    return [re.sub(r"\w+$", "", p.strip()) for p in params.split(",")]


mapped = re.findall(r"^\s*([\w\[\]]+)\s+(jpki_\w+)\(([^;]*?)\);", java, re.M)
if not mapped:
    errors.append("no jpki_ function found in Jpki.java")
for ret, name, params in mapped:
    if name not in c_decls:
        errors.append(f"{name}: not declared in the header")
        continue
    c_ret, c_params = c_decls[name]
    want = [java_type(p) for p in c_param_types(c_params)]
    got = [" ".join(p.split()[:-1]) for p in params.split(",")] if params.strip() else []
    if java_type(c_ret, is_return=True) != ret:
        errors.append(f"{name}: returns {ret}, the header says {c_ret.strip()} "
                      f"(JNA: {java_type(c_ret, is_return=True)})")
    if want != got:
        errors.append(f"{name}: parameters ({', '.join(got)}), the header's map to "
                      f"({', '.join(want)})")

constants = re.findall(r"^\s*int ([A-Z][A-Z0-9_]*) = (\d+);", java, re.M)
if not constants:
    errors.append("no enum value found in Jpki.java")
for name, value in constants:
    if not re.search(rf"^\s*JPKI_{name} = {value},$", header, re.M):
        errors.append(f"{name} = {value}: the header has no JPKI_{name} = {value}")

for e in errors:
    print(f"Jpki.java: {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{len(mapped)} functions and {len(constants)} enum values as the header declares them")
EOF

step "cargo build -p jpki-ffi (debug)"
cargo build -p jpki-ffi --locked
target_dir="$(cargo metadata --no-deps --format-version 1 --locked --offline \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
libdir="$target_dir/debug"
[ -f "$libdir/libjpki_ffi.so" ] || die "$libdir/libjpki_ffi.so was not built"

out="$target_dir/ffi-java"
rm -rf "$out"
mkdir -p "$out/classes"
fixtures="$(mktemp -d)"
trap 'rm -rf "$fixtures"' EXIT

step "test inputs: cargo run -p jpki-ffi --example ffi_fixtures"
cargo run -p jpki-ffi --locked --example ffi_fixtures -- "$fixtures"

step "javac -Xlint:all -Werror examples/java/*.java"
javac -Xlint:all -Werror -encoding UTF-8 -cp "$JNA_JAR" -d "$out/classes" examples/java/*.java

# run_case WHAT STATUS [ARG…]: runs VerifyApplication in the fixtures directory
# with ARG…, expecting exit STATUS; its stdout and stderr go to $out/WHAT.txt.
# The locale is UTF-8 so that the JVM decodes the Japanese arguments.
run_case() {
    local what="$1" expected="$2" status=0 log
    shift 2
    log="$out/$what.txt"
    echo "[$what] VerifyApplication $*"
    (cd "$fixtures" && LC_ALL=C.UTF-8 java -cp "$JNA_JAR:$out/classes" \
        -Djna.library.path="$libdir" VerifyApplication "$@") >"$log" 2>&1 || status=$?
    if [ "$status" -ne "$expected" ]; then
        cat "$log" >&2
        die "$what: exit status $status, expected $expected"
    fi
}

# expect WHAT REGEX: the output of case WHAT has a line matching REGEX (ERE).
expect() {
    if ! grep -Eq -- "$2" "$out/$1.txt"; then
        cat "$out/$1.txt" >&2
        die "$1: no line of the output matches: $2"
    fi
}

# What the resident wrote on the form (the simulated register's record).
applicant=(--name "吉田 太郎" --birth 1950-04-01 --sex male --address "東京都千代田区霞が関2-1-2")
signed=(--trust trust.pem --content form.txt --signature form.p7s)

step "the application verified with the partition CRL: valid"
run_case valid 0 "${signed[@]}" --crl partition.crl --at "$(cat "$fixtures/at.txt")" "${applicant[@]}"
expect valid '^\{"valid":true,'
expect valid '^valid: true$'
for check in signature certificate revocation personal_info; do
    expect valid "^$check: passed$"
done
expect valid '^error: OK$'

step "the same application after the move, with the next CRL: revoked"
run_case revoked 1 "${signed[@]}" --crl revoked.crl --at "$(cat "$fixtures/at_revoked.txt")" \
    "${applicant[@]}"
expect revoked '^\{"valid":false,'
expect revoked '"kind":"CERTIFICATE_REVOKED"'
expect revoked '^valid: false$'
expect revoked '^signature: passed$'
expect revoked '^certificate: passed$'
expect revoked '^revocation: failed CERTIFICATE_REVOKED: certificate .* is revoked'
expect revoked '^error: CERTIFICATE_REVOKED$'

step "a birth date that is not the certificate's: personal info mismatch"
run_case mismatch 1 "${signed[@]}" --crl partition.crl --at "$(cat "$fixtures/at.txt")" \
    --name "吉田 太郎" --birth 1950-04-02
expect mismatch '^\{"valid":false,'
expect mismatch '^revocation: passed$'
expect mismatch '^personal_info: failed PERSONAL_INFO_MISMATCH: '
expect mismatch '^error: PERSONAL_INFO_MISMATCH$'

step "input errors: exit 2"
run_case not-a-crl 2 "${signed[@]}" --crl form.txt --at "$(cat "$fixtures/at.txt")"
expect not-a-crl '^VerifyApplication: --crl form.txt: CRL_MALFORMED'
run_case no-arguments 2
expect no-arguments '^usage: VerifyApplication '

echo
echo "Java (JNA) through the C ABI: valid, revoked, mismatch and input errors as expected."
