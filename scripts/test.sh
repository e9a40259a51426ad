#!/usr/bin/env bash
# The whole test suite of jpki. On a fresh Debian machine with the Rust toolchain it
# first installs what the tests need (idempotently), then runs formatting, lints, the
# wasm32 build of the core, the C header's drift check, every test, the C ABI's C
# tests (plain, under valgrind and with sanitizers), its Java example (JNA), the
# Python wheel's tests and type checks, the WebAssembly packages' node and Chromium
# tests, the docs, and a short fuzzing run.
# A missing tool is an error, never a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${JPKI_FUZZ_SECONDS:-15}"
PKILINT_VERSION="0.13.3"
CARGO_FUZZ_VERSION="0.13.2"
# include/jpki.h is what this cbindgen writes (scripts/ffi-header.sh requires it).
CBINDGEN_VERSION="0.29.4"

step() { printf '\n==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

step "system packages"
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
# The C ABI's C tests run under valgrind; Java and JNA run its Java example
# (scripts/ffi-java.sh). The Python binding links libpython when cargo builds it
# (python3-dev) and is tested from fresh virtual environments (python3-venv).
for pkg in valgrind default-jdk-headless libjna-java python3-dev python3-venv; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# PC/SC: the daemon, the library the pcsc crate links, and vpcd (a virtual reader
# the simulator's card is served to).
for pkg in pcscd libpcsclite-dev vsmartcard-vpcd; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
openssl version

step "pkilint ${PKILINT_VERSION} (PyPI)"
if ! python3 -m pip show pkilint 2>/dev/null | grep -qx "Version: ${PKILINT_VERSION}"; then
    python3 -m pip install --quiet --disable-pip-version-check "pkilint==${PKILINT_VERSION}" \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "pkilint==${PKILINT_VERSION}"
fi
scripts_dir="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
JPKI_LINT_PKIX_CERT="$(command -v lint_pkix_cert || true)"
[ -n "$JPKI_LINT_PKIX_CERT" ] || JPKI_LINT_PKIX_CERT="$scripts_dir/lint_pkix_cert"
[ -x "$JPKI_LINT_PKIX_CERT" ] || { echo "lint_pkix_cert not found after installing pkilint" >&2; exit 1; }
export JPKI_LINT_PKIX_CERT

step "Rust components and targets"
rustup component add clippy rustfmt >/dev/null
rustup target add wasm32-unknown-unknown >/dev/null
if ! cargo fuzz --version 2>/dev/null | grep -q "${CARGO_FUZZ_VERSION}"; then
    cargo install --locked --quiet cargo-fuzz --version "${CARGO_FUZZ_VERSION}"
fi

step "cbindgen ${CBINDGEN_VERSION} (crates.io)"
if [ "$(cbindgen --version 2>/dev/null)" != "cbindgen ${CBINDGEN_VERSION}" ]; then
    cargo install --locked --quiet cbindgen --version "${CBINDGEN_VERSION}"
fi
cbindgen --version

step "cargo fmt --check"
cargo fmt --all --check

step "C ABI header: regenerated with cbindgen ${CBINDGEN_VERSION}, no drift"
scripts/ffi-header.sh --check

step "cargo clippy (workspace, all targets, all features)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "jpki-core and jpki-wasm for wasm32-unknown-unknown (default features)"
cargo clippy -p jpki-core --target wasm32-unknown-unknown --locked -- -D warnings
cargo build -p jpki-core --target wasm32-unknown-unknown --locked
cargo clippy -p jpki-wasm --target wasm32-unknown-unknown --locked -- -D warnings

step "pcscd with the vpcd reader (stopped again on exit)"
trap 'scripts/pcscd.sh stop >/dev/null 2>&1 || true' EXIT
scripts/pcscd.sh start

step "cargo test (workspace, all features)"
test_log="$(mktemp)"
cargo test --workspace --all-features --locked 2>&1 | tee "$test_log"
totals="$(awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed", p, f }' "$test_log")"
rm -f "$test_log"

step "C ABI: C tests, under valgrind and AddressSanitizer"
scripts/ffi-c-tests.sh

step "Java through the C ABI (JNA)"
scripts/ffi-java.sh

step "Python: the wheel in a fresh venv, pytest, type checks of the stubs and the tests"
py_log="$(mktemp)"
scripts/py-tests.sh 2>&1 | tee "$py_log"
py_totals="$(grep -Eo '[0-9]+ passed' "$py_log" | tail -n 1 || true)"
rm -f "$py_log"
[ -n "$py_totals" ] || { echo "pytest reported no passed tests" >&2; exit 1; }

step "WebAssembly: the packages for web and node, node tests, the .d.ts, the verifier page in Chromium"
wasm_log="$(mktemp)"
scripts/wasm-tests.sh 2>&1 | tee "$wasm_log"
wasm_totals="$(grep -Eo 'wasm-tests: [0-9]+ passed' "$wasm_log" | tail -n 1 | grep -Eo '[0-9]+ passed' || true)"
rm -f "$wasm_log"
[ -n "$wasm_totals" ] || { echo "the WebAssembly tests reported no passed tests" >&2; exit 1; }

step "rustdoc (no broken links, with every feature and with none)"
RUSTDOCFLAGS="-D warnings" cargo doc -p jpki-core --all-features --no-deps --locked
RUSTDOCFLAGS="-D warnings" cargo doc -p jpki-core --no-deps --locked

step "public surface: one path per item, a short crate root (rustdoc JSON); the module map's layering"
# The JSON output is unstable rustdoc; RUSTC_BOOTSTRAP lets the stable toolchain emit it.
RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json" \
    cargo doc -p jpki-core --all-features --no-deps --locked
python3 scripts/public_paths.py target/doc/jpki.json > /dev/null
python3 scripts/layering.py jpki-core/src

step "fuzzing, ${FUZZ_SECONDS}s per target"
# cargo-fuzz passes nightly-only sanitizer flags; RUSTC_BOOTSTRAP lets the stable
# toolchain accept them (no other toolchain can be installed here).
for target in $(cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz list); do
    mkdir -p "fuzz/corpus/$target"
    (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -n 4)
done

printf '\nAll checks passed. Tests:\n%s (cargo test); %s (pytest); %s (node: WebAssembly)\n' \
    "$totals" "$py_totals" "$wasm_totals"
