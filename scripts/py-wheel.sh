#!/usr/bin/env bash
# Builds the Python wheel of jpki (jpki-py, maturin, release) and installs it into
# a fresh virtual environment that holds nothing else.
#
#   scripts/py-wheel.sh VENV_DIR
#
# VENV_DIR is removed and created anew. maturin (pinned) lives in its own build
# environment under target/, never in VENV_DIR. Needs python3 with venv and the
# Python headers, and libpcsclite-dev (the wheel links the system's pcsc-lite);
# scripts/py-tests.sh, part of the test command, installs them and calls this.
# Prints the wheel's path last.
set -euo pipefail
cd "$(dirname "$0")/.."

MATURIN_VERSION="1.16.0"
[ $# -eq 1 ] || { echo "usage: $0 VENV_DIR" >&2; exit 2; }
venv="$1"

build_venv="target/py-build-venv"
if ! "$build_venv/bin/maturin" --version 2>/dev/null | grep -qx "maturin ${MATURIN_VERSION}"; then
    rm -rf "$build_venv"
    python3 -m venv "$build_venv"
    "$build_venv/bin/pip" install --quiet --disable-pip-version-check "maturin==${MATURIN_VERSION}"
fi

out="target/wheels"
rm -f "$out"/jpki-*.whl
(cd jpki-py && "../$build_venv/bin/maturin" build --release --locked --quiet --out "../$out")
wheels=("$out"/jpki-*-abi3-*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || { echo "expected one abi3 wheel in $out" >&2; exit 1; }

rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${wheels[0]}"
echo "${wheels[0]}"
