#!/usr/bin/env bash
# The tests of the WebAssembly package (jpki-wasm), run by scripts/test.sh from the
# repository root. On a fresh Debian 12 machine with the Rust toolchain it first
# installs what they need (idempotently): binaryen (wasm-opt), node and npm,
# chromium (the browser test drives /usr/bin/chromium), the wasm32 target,
# wasm-bindgen-cli of exactly the version in Cargo.lock, and the pinned npm tools
# (jpki-wasm/package-lock.json). Then:
#
#   1. scripts/wasm-build.sh             the web and nodejs packages (prints the sizes)
#   2. tsc -p jpki-wasm/tsconfig.json    the shipped jpki_wasm.d.ts and a TS consumer (strict)
#   3. node --test jpki-wasm/tests/node/*.test.mjs      the nodejs build
#   4. node --test jpki-wasm/tests/readme/*.test.mjs    the README's ```js examples
#   5. node --test jpki-wasm/tests/browser/*.test.mjs   the verifier page in headless Chromium
#
# Every stage runs even when an earlier test stage failed, so one run shows every
# failure; the script ends with `wasm-tests: N passed, M failed` (node tests of both
# suites, plus the type check counted as one test) and exits non-zero on any failure.
# A skipped, todo or cancelled test counts as failed; a missing tool or test
# directory is an error, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION="0.2.130"
NODE_MIN_MAJOR=18

step() { printf '\n==> %s\n' "$*"; }
die() { echo "wasm-tests: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

step "system packages (binaryen, node, npm, chromium)"
missing=()
command -v wasm-opt >/dev/null 2>&1 || missing+=(binaryen)
# node may come from elsewhere (NodeSource's nodejs bundles npm): only what is absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# A Japanese font, so the browser test's screenshots show the kanji (the assertions
# read the page's text, not pixels).
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || missing+=(fonts-ipafont-gothic)
if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
command -v wasm-opt >/dev/null 2>&1 || die "wasm-opt (binaryen) is missing after installing it"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing chromium"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge "$NODE_MIN_MAJOR" ] || die "node $(node --version) is too old (need >= ${NODE_MIN_MAJOR})"
echo "node $(node --version), npm $(npm --version), $(wasm-opt --version), $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"

step "Rust: the wasm32 target, wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
rustup target add wasm32-unknown-unknown >/dev/null
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen ${WASM_BINDGEN_VERSION}" ]; then
    # --locked first. wasm-bindgen-cli 0.2.130's own Cargo.lock pins webpki-roots
    # 1.0.11, which the crates.io mirror this runs against does not have, so the
    # locked install can fail to resolve; then the same exact version is installed
    # with its dependencies resolved anew (the CLI's version, the one that must match
    # the wasm-bindgen crate of our Cargo.lock, stays pinned by --version).
    if ! cargo install --locked --quiet wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"; then
        echo "cargo install --locked failed (its lockfile's webpki-roots 1.0.11 is not available here); retrying without --locked" >&2
        cargo install --quiet wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"
    fi
fi
[ "$(wasm-bindgen --version)" = "wasm-bindgen ${WASM_BINDGEN_VERSION}" ] \
    || die "wasm-bindgen ${WASM_BINDGEN_VERSION} is needed, found: $(wasm-bindgen --version)"

step "npm tools (jpki-wasm/package-lock.json: typescript, playwright-core, pkijs, @types/node)"
(cd jpki-wasm && npm ci --no-audit --no-fund)

step "the jpki CLI (the tests' simulator: fixtures, virtual card, OCSP responder)"
if [ -n "${JPKI_CLI:-}" ]; then
    [ -x "$JPKI_CLI" ] || die "JPKI_CLI=${JPKI_CLI} is not an executable"
else
    cargo build -p jpki-cli --locked
    JPKI_CLI="$PWD/target/debug/jpki"
    [ -x "$JPKI_CLI" ] || die "cargo build -p jpki-cli did not make $JPKI_CLI"
fi
export JPKI_CLI
"$JPKI_CLI" --version

step "build: scripts/wasm-build.sh"
scripts/wasm-build.sh
for f in target/wasm-pkg/nodejs/jpki_wasm.js target/wasm-pkg/nodejs/jpki_wasm.d.ts \
    target/wasm-pkg/web/jpki_wasm.js target/wasm-pkg/web/jpki_wasm.d.ts; do
    [ -s "$f" ] || die "scripts/wasm-build.sh did not write $f"
done

passed=0
failed=0
failures=()
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

step "types: tsc -p jpki-wasm/tsconfig.json (strict, noEmit; jpki_wasm.d.ts and tests/types/)"
if (cd jpki-wasm && npx --no-install tsc -p tsconfig.json); then
    passed=$((passed + 1))
    echo "types: ok"
else
    failed=$((failed + 1))
    failures+=("types (tsc)")
fi

# Runs node's test runner on the given files: the spec reporter on the terminal,
# TAP into a file whose summary is counted. A run without a summary (a crash) is a
# failure.
run_node_tests() {
    local name="$1"
    shift
    local tap="$logs/$name.tap"
    local status=0
    node --test --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$tap" "$@" || status=$?
    local pass fail cancelled skipped todo
    pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
    fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
    cancelled="$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
    skipped="$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
    todo="$(sed -n 's/^# todo \([0-9]*\)$/\1/p' "$tap" | tail -n 1)"
    if [ -z "$pass" ] || [ -z "$fail" ]; then
        echo "$name: no test summary from node --test (exit $status)" >&2
        failed=$((failed + 1))
        failures+=("$name (no summary)")
        return
    fi
    local bad=$((fail + ${cancelled:-0} + ${skipped:-0} + ${todo:-0}))
    echo "$name: ${pass} passed, ${fail} failed, ${cancelled:-0} cancelled, ${skipped:-0} skipped, ${todo:-0} todo (exit $status)"
    passed=$((passed + pass))
    failed=$((failed + bad))
    if [ "$bad" -gt 0 ]; then
        failures+=("$name: $bad")
    elif [ "$status" -ne 0 ]; then
        # node failed without a failing test (e.g. a file that did not load).
        failed=$((failed + 1))
        failures+=("$name (exit $status)")
    fi
    if [ "$pass" -eq 0 ]; then
        failed=$((failed + 1))
        failures+=("$name (no test ran)")
    fi
}

# The test files of a directory; none is an error.
test_files() {
    local dir="$1"
    [ -d "$dir" ] || die "$dir is missing"
    local files=()
    local f
    for f in "$dir"/*.test.mjs; do
        [ -e "$f" ] && files+=("$f")
    done
    [ "${#files[@]}" -gt 0 ] || die "no *.test.mjs in $dir"
    printf '%s\n' "${files[@]}"
}

step "node tests: the nodejs build (jpki-wasm/tests/node/)"
mapfile -t node_files < <(test_files jpki-wasm/tests/node)
[ "${#node_files[@]}" -gt 0 ] || die "no node tests"
run_node_tests node "${node_files[@]}"

step "the README's js examples (jpki-wasm/tests/readme/)"
mapfile -t readme_files < <(test_files jpki-wasm/tests/readme)
[ "${#readme_files[@]}" -gt 0 ] || die "no README tests"
run_node_tests readme "${readme_files[@]}"

step "browser tests: the verifier page in headless Chromium (jpki-wasm/tests/browser/)"
mapfile -t browser_files < <(test_files jpki-wasm/tests/browser)
[ "${#browser_files[@]}" -gt 0 ] || die "no browser tests"
run_node_tests browser "${browser_files[@]}"

echo
if [ "$failed" -gt 0 ]; then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "wasm-tests: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
