#!/usr/bin/env bash
# Generates include/jpki.h, the C header of jpki-ffi, with the pinned cbindgen.
#
#   scripts/ffi-header.sh           regenerate include/jpki.h
#   scripts/ffi-header.sh --check   regenerate into a temporary file and fail (exit 1,
#                                   showing the diff) when include/jpki.h differs
#
# The header is checked in; scripts/test.sh runs the --check form. The cbindgen
# version is pinned (scripts/test.sh installs it): another version may write a
# different header, so it is refused rather than producing a spurious diff.
set -euo pipefail
cd "$(dirname "$0")/.."

CBINDGEN_VERSION="0.29.4"
HEADER="include/jpki.h"

mode="write"
case "${1:-}" in
    "") ;;
    --check) mode="check" ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! command -v cbindgen >/dev/null 2>&1; then
    echo "cbindgen not found: cargo install --locked cbindgen --version ${CBINDGEN_VERSION}" >&2
    exit 1
fi
found="$(cbindgen --version)"
if [ "$found" != "cbindgen ${CBINDGEN_VERSION}" ]; then
    echo "cbindgen ${CBINDGEN_VERSION} is required, found: ${found}" >&2
    echo "  cargo install --locked --force cbindgen --version ${CBINDGEN_VERSION}" >&2
    exit 1
fi

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
# cbindgen reads the crate's metadata through cargo; --locked keeps Cargo.lock as it is.
cbindgen --quiet --config jpki-ffi/cbindgen.toml --crate jpki-ffi --lockfile Cargo.lock \
    --output "$tmp" jpki-ffi

if [ "$mode" = "check" ]; then
    if ! diff -u --label "$HEADER (checked in)" --label "$HEADER (regenerated)" "$HEADER" "$tmp"; then
        echo >&2
        echo "$HEADER differs from what cbindgen ${CBINDGEN_VERSION} generates from jpki-ffi/src;" >&2
        echo "run scripts/ffi-header.sh and commit the header." >&2
        exit 1
    fi
    echo "$HEADER is up to date (cbindgen ${CBINDGEN_VERSION})"
else
    mkdir -p "$(dirname "$HEADER")"
    cp "$tmp" "$HEADER"
    echo "wrote $HEADER (cbindgen ${CBINDGEN_VERSION})"
fi
