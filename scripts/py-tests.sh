#!/usr/bin/env bash
# The Python binding's tests (jpki-py). On a fresh Debian 12 machine, idempotently:
#  1. makes sure `python3 -m venv` works and Python's headers and Node.js (for
#     pyright) are there (Debian packages otherwise);
#  2. builds the wheel and installs it alone into a fresh venv with
#     scripts/py-wheel.sh (the README's set-up command: maturin pinned, in its own
#     venv, `maturin build --release`), and imports it there with nothing else
#     installed;
#  4. runs pytest on jpki-py/tests against the installed wheel (another venv with the
#     pinned test tools); `jpki verify --json` is compared with the binding, so the
#     CLI is needed: $JPKI_CLI, or target/debug/jpki (built when absent);
#  5. type-checks the package (hand-written stubs and Python modules) and the tests:
#     mypy --strict and pyright strict; and checks the stubs against the built
#     module with mypy's stubtest (no drift between `_rust.pyi` and the wheel).
# A missing tool is an error, never a skip; a skipped test is a failure.
# Run from anywhere; the test command scripts/test.sh calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"

PYTEST_VERSION="9.2.0"
MYPY_VERSION="2.4.1"
PYRIGHT_VERSION="1.1.414"
# What those pull in, pinned too (pip install -c).
CONSTRAINTS="ast_serialize==0.13.1
iniconfig==2.3.1
librt==0.17.0
mypy_extensions==1.2.0
nodeenv==1.12.0
packaging==26.4
pathspec==1.1.1
pluggy==1.7.0
Pygments==2.21.0
typing_extensions==4.16.0"

WORK="${JPKI_PY_WORK:-$REPO/target/py-tests}"
FRESH_VENV="$WORK/fresh-venv"
TEST_VENV="$WORK/test-venv"
mkdir -p "$WORK"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'py-tests: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

have_venv() { python3 -c 'import ensurepip, venv' >/dev/null 2>&1; }
have_headers() {
    python3 -c 'import os, sys, sysconfig
sys.exit(0 if os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)' \
        >/dev/null 2>&1
}
have_node() { command -v node >/dev/null 2>&1; }

# A venv at $1 holding exactly the pinned packages $2… (recreated when the pins change).
tool_venv() {
    local dir="$1"
    shift
    local want
    want="$(printf '%s\n' "$(python3 --version 2>&1)" "$@" "$CONSTRAINTS")"
    if [ ! -x "$dir/bin/python" ] || [ "$(cat "$dir/.pins" 2>/dev/null)" != "$want" ]; then
        rm -rf "$dir"
        python3 -m venv "$dir"
        printf '%s\n' "$CONSTRAINTS" > "$dir/constraints.txt"
        "$dir/bin/python" -m pip install --quiet --disable-pip-version-check \
            -c "$dir/constraints.txt" "$@"
        "$dir/bin/python" -m pip check
        printf '%s' "$want" > "$dir/.pins"
    fi
}

step "Python venv, headers and Node.js (Debian packages when missing)"
missing=()
have_venv || missing+=(python3-venv)
have_headers || missing+=(python3-dev)
have_node || missing+=(nodejs)
if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
have_venv || fail "python3 -m venv does not work (ensurepip missing) after installing python3-venv"
have_headers || fail "Python.h not found after installing python3-dev"
have_node || fail "node not found after installing nodejs (pyright needs it)"
python3 --version
node --version

step "the wheel (maturin build --release), alone in a fresh venv: scripts/py-wheel.sh"
# The README's own set-up command: builds the wheel with the pinned maturin and
# installs it, with nothing else, into a venv it creates anew.
WHEEL="$REPO/$(scripts/py-wheel.sh "$FRESH_VENV" | tail -n 1)"
[ -f "$WHEEL" ] || fail "scripts/py-wheel.sh named no wheel ($WHEEL)"
echo "built $(basename "$WHEEL")"
case "$(basename "$WHEEL")" in
    *-abi3-*) ;;
    *) fail "the wheel is not abi3: $(basename "$WHEEL")" ;;
esac
installed="$("$FRESH_VENV/bin/python" -m pip list --disable-pip-version-check --format=freeze)"
echo "$installed"
others="$(printf '%s\n' "$installed" | cut -d= -f1 | grep -vixE 'pip|setuptools|jpki' || true)"
[ -z "$others" ] || fail "the fresh venv holds more than jpki: $others"
printf '%s\n' "$installed" | grep -i '^jpki==' >/dev/null || fail "jpki is not installed in the fresh venv"
(cd "$WORK" && "$FRESH_VENV/bin/python" -I -c '
import sys
import jpki, jpki.sim, jpki.exceptions
assert jpki.__file__.startswith(sys.prefix), jpki.__file__
card = jpki.sim.VirtualCard()
assert isinstance(jpki.error_kinds(), dict)
print("import jpki, jpki.sim: ok,", jpki.__version__, "from", jpki.__file__)
')

step "test tools (PyPI): pytest ${PYTEST_VERSION}, mypy ${MYPY_VERSION}, pyright ${PYRIGHT_VERSION}"
tool_venv "$TEST_VENV" "pytest==${PYTEST_VERSION}" "mypy==${MYPY_VERSION}" "pyright==${PYRIGHT_VERSION}"
"$TEST_VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
    --force-reinstall "$WHEEL"

step "the jpki CLI (JSON equality tests)"
if [ -z "${JPKI_CLI:-}" ]; then
    JPKI_CLI="$REPO/target/debug/jpki"
    if [ ! -x "$JPKI_CLI" ]; then
        cargo build -p jpki-cli --locked
    fi
fi
[ -x "$JPKI_CLI" ] || fail "JPKI_CLI=$JPKI_CLI is not an executable"
export JPKI_CLI
echo "$JPKI_CLI"

step "pytest (jpki-py/tests, against the installed wheel)"
# Every step below runs even when one before it failed; the script fails at the end.
problems=()
junit="$WORK/pytest.xml"
rm -f "$junit"
(cd "$WORK" && PYTHONDONTWRITEBYTECODE=1 "$TEST_VENV/bin/python" -m pytest \
    "$REPO/jpki-py/tests" --rootdir "$REPO/jpki-py/tests" -p no:cacheprovider \
    -o xfail_strict=true -ra --junitxml "$junit" -q) || problems+=("pytest")
[ -f "$junit" ] || fail "pytest wrote no report ($junit)"
counts="$("$TEST_VENV/bin/python" - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - failed - skipped, failed, skipped)
EOF
)"
read -r passed failed skipped <<< "$counts"
[ "$skipped" -eq 0 ] || problems+=("$skipped skipped test(s): a skip is a failure here")
[ "$passed" -gt 0 ] || problems+=("no test passed")

step "mypy --strict: the package (stubs and modules), then the tests"
(cd jpki-py && "$TEST_VENV/bin/mypy" --config-file mypy.ini --strict \
    --cache-dir "$WORK/mypy-cache" python/jpki) || problems+=("mypy on jpki-py/python/jpki")
(cd jpki-py && "$TEST_VENV/bin/mypy" --config-file mypy.ini --strict \
    --cache-dir "$WORK/mypy-cache" tests) || problems+=("mypy on jpki-py/tests")

step "pyright strict: the package and the tests"
(cd jpki-py && PYRIGHT_PYTHON_IGNORE_WARNINGS=1 "$TEST_VENV/bin/pyright" \
    --project pyrightconfig.json --pythonpath "$TEST_VENV/bin/python") || problems+=("pyright")

step "stubtest: the stubs of jpki._rust against the installed module"
(cd "$WORK" && "$TEST_VENV/bin/python" -m mypy.stubtest jpki._rust \
    --mypy-config-file "$REPO/jpki-py/mypy.ini") || problems+=("stubtest jpki._rust")

if [ "${#problems[@]}" -gt 0 ]; then
    printf '\njpki-py FAILED: %s\n' "$(IFS=';'; echo "${problems[*]}")" >&2
    printf 'py-tests: %s passed, %s failed\n' "$passed" "$failed"
    exit 1
fi
printf '\njpki-py: wheel built, imported alone, tests and type checks passed.\npy-tests: %s passed, %s failed\n' \
    "$passed" "$failed"
