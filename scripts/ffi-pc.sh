#!/usr/bin/env bash
# Writes jpki.pc, the pkg-config file of jpki's C ABI, to stdout, from
# jpki-ffi/jpki.pc.in with the version of jpki-ffi's Cargo.toml.
#
#   scripts/ffi-pc.sh PREFIX [LIBDIR [INCLUDEDIR]]
#
# LIBDIR defaults to ${prefix}/lib and INCLUDEDIR to ${prefix}/include (kept
# relative to the prefix, so `pkg-config --define-prefix` can relocate them).
# For an installation under /usr/local, after copying target/release/libjpki_ffi.*
# to /usr/local/lib and include/jpki.h to /usr/local/include:
#
#   scripts/ffi-pc.sh /usr/local > /usr/local/lib/pkgconfig/jpki.pc
#
# scripts/ffi-c-tests.sh uses it with the repository's include/ and target/debug/.
set -euo pipefail

if [ "$#" -lt 1 ] || [ "$#" -gt 3 ] || [ -z "$1" ]; then
    echo "usage: $0 PREFIX [LIBDIR [INCLUDEDIR]]" >&2
    exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"

prefix="$1"
# Single quotes: ${prefix} is for pkg-config to expand, not the shell.
# shellcheck disable=SC2016
libdir="${2:-\${prefix\}/lib}"
# shellcheck disable=SC2016
includedir="${3:-\${prefix\}/include}"

version="$(cd "$repo" && cargo metadata --no-deps --format-version 1 --locked --offline \
    | python3 -c 'import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "jpki-ffi"))')"
[ -n "$version" ] || { echo "$0: no version for jpki-ffi in cargo metadata" >&2; exit 1; }

for value in "$prefix" "$libdir" "$includedir"; do
    case "$value" in
        *[[:space:]@\|\&]*) echo "$0: unsupported character (space, @, | or &) in: $value" >&2; exit 2 ;;
    esac
done

sed -e "s|@PREFIX@|${prefix}|g" \
    -e "s|@LIBDIR@|${libdir}|g" \
    -e "s|@INCLUDEDIR@|${includedir}|g" \
    -e "s|@VERSION@|${version}|g" \
    "$repo/jpki-ffi/jpki.pc.in"
