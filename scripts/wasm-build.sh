#!/usr/bin/env bash
# Builds the WebAssembly package of jpki (jpki-wasm) for browsers and node:
#
#   target/wasm-pkg/web/     ES module (`--target web`): jpki_wasm.js, jpki_wasm_bg.wasm,
#                            jpki_wasm.d.ts (with the default export init())
#   target/wasm-pkg/nodejs/  CommonJS (`--target nodejs`): the same for node
#
# cargo (profile wasm-release: opt-level z, fat LTO) for wasm32-unknown-unknown, then
# wasm-bindgen-cli (exactly the wasm-bindgen version of Cargo.lock) and Debian's
# wasm-opt -Oz. The TypeScript declarations are the hand-written jpki-wasm/js/jpki.d.ts.
# Needs the wasm32-unknown-unknown target, wasm-bindgen-cli 0.2.130 and binaryen;
# scripts/wasm-tests.sh (part of the test command) installs them and calls this.
# Prints the sizes of the .wasm, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION="0.2.130"
out="target/wasm-pkg"

have="$(wasm-bindgen --version 2>/dev/null || true)"
[ "$have" = "wasm-bindgen ${WASM_BINDGEN_VERSION}" ] || {
    echo "wasm-bindgen ${WASM_BINDGEN_VERSION} is needed (found: ${have:-none}):" \
        "cargo install --locked wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION}" >&2
    exit 1
}
command -v wasm-opt >/dev/null || { echo "wasm-opt is needed: apt-get install binaryen" >&2; exit 1; }

cargo build -p jpki-wasm --target wasm32-unknown-unknown --profile wasm-release --locked
wasm="target/wasm32-unknown-unknown/wasm-release/jpki_wasm.wasm"

rm -rf "$out"
mkdir -p "$out/opt"
# wasm-opt runs before wasm-bindgen: binaryen 108 cannot parse the `table.fill`
# that wasm-bindgen's externref pass writes (the module uses reference types, on by
# default for rustc's wasm32 target), while wasm-bindgen reads wasm-opt's output
# well. The feature flags are those rustc's wasm32 target enables by default.
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    --enable-multivalue -o "$out/opt/jpki_wasm.wasm" "$wasm"
for flavour in web nodejs; do
    wasm-bindgen --target "$flavour" --no-typescript --out-dir "$out/$flavour" \
        "$out/opt/jpki_wasm.wasm"
    cp jpki-wasm/js/jpki.d.ts "$out/$flavour/jpki_wasm.d.ts"
done
rm -rf "$out/opt"
cat >> "$out/web/jpki_wasm.d.ts" <<'TS'

/** Loads and instantiates the .wasm (from `module_or_path`; by default next to this
 * module). Call once, and await it, before anything else. */
export default function init(
  module_or_path?: { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module } | RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<unknown>;
TS

raw="$(stat -c %s "$out/web/jpki_wasm_bg.wasm")"
gz="$(gzip -9 -c "$out/web/jpki_wasm_bg.wasm" | wc -c)"
echo "jpki_wasm_bg.wasm: ${raw} bytes raw, ${gz} bytes gzipped (gzip -9)"
