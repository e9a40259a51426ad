#!/usr/bin/env bash
# benches/wasm_compare.sh [wasm_bench.mjs options]   e.g. --reps 15, --chunk 4
#
# The WebAssembly package's benchmarks (issue 12), in one command from a fresh clone:
#   (1) verifying one signed application (detached SignedData, the simulator's
#       fixtures) with jpki-wasm (`Verifier.verify`) and with PKIjs (npm `pkijs`, on
#       node's WebCrypto) in ONE node run, the same bytes on both sides: signature
#       only, signature + certificate chain, and with the CRL; per-operation times,
#       their spread, and the ratios (benches/wasm/wasm_bench.mjs says exactly what
#       each side checks);
#   (2) the size of the .wasm, raw, gzip -9 and brotli, against the issue's targets
#       (<= 600 KiB raw, <= 250 KiB gzipped), and where the bytes go: code per crate
#       and the largest functions, from a copy of the build with its names kept
#       (benches/wasm/wasm_size.mjs).
# The figures are recorded in benches/README.md ("WebAssembly").
#
# Steps: scripts/wasm-build.sh (cargo for wasm32-unknown-unknown, wasm-bindgen-cli
# 0.2.130, wasm-opt -Oz) writes target/wasm-pkg/; `npm ci` in jpki-wasm/ installs the
# pinned PKIjs; the shared test fixtures need the jpki CLI (target/debug/jpki, built
# by them when missing, or $JPKI_CLI). Needs node >= 20, cargo with the
# wasm32-unknown-unknown target, wasm-bindgen 0.2.130 and Debian's binaryen; it stops
# with a hint when one is missing and installs nothing outside jpki-wasm/node_modules.
# Not part of the test command: run by hand. Exits 0 whatever it measures, non-zero
# only when something fails to build or run or a result is wrong.
set -euo pipefail
export LC_ALL=C.UTF-8

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$SECONDS

missing() {
    echo "wasm_compare.sh: $1" >&2
    exit 1
}
command -v node >/dev/null 2>&1 || missing "node not found (node >= 20: sudo apt-get install nodejs npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
    missing "node $(node --version) is too old; node >= 20 is needed"
command -v npm >/dev/null 2>&1 || missing "npm not found (sudo apt-get install npm)"
command -v cargo >/dev/null 2>&1 || missing "cargo not found (rustup: https://rustup.rs)"
if command -v rustup >/dev/null 2>&1; then
    rustup target list --installed | grep -qx wasm32-unknown-unknown ||
        missing "the wasm32-unknown-unknown target is missing (rustup target add wasm32-unknown-unknown)"
fi
command -v wasm-opt >/dev/null 2>&1 || missing "wasm-opt not found (sudo apt-get install binaryen)"
command -v wasm-bindgen >/dev/null 2>&1 ||
    missing "wasm-bindgen not found (cargo install --locked wasm-bindgen-cli --version 0.2.130)"

echo "== machine"
echo "  CPU     $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "  date    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  node    $(node --version), npm $(npm --version)"
echo "  rustc   $(rustc --version)"
echo "  tools   $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{ print $3 }')"
echo "  load    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

echo "==> scripts/wasm-build.sh"
scripts/wasm-build.sh

# npm ci wipes jpki-wasm/node_modules first: skip it when the pinned PKIjs is there
# already (the test command may be using those modules at the same moment).
pinned="$(node -e 'const l = require("./jpki-wasm/package-lock.json"); console.log(l.packages["node_modules/pkijs"]?.version ?? "")')"
installed="$(node -e 'try { console.log(require("./jpki-wasm/node_modules/pkijs/package.json").version) } catch { console.log("") }')"
if [ -n "$pinned" ] && [ "$pinned" = "$installed" ]; then
    echo "==> jpki-wasm/node_modules has the pinned pkijs $pinned (no npm ci)"
else
    echo "==> npm ci (jpki-wasm: pkijs $pinned and the test tools, pinned)"
    (cd jpki-wasm && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "==> node benches/wasm/wasm_size.mjs"
node benches/wasm/wasm_size.mjs target/wasm-pkg/web/jpki_wasm_bg.wasm \
    "${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/wasm-release/jpki_wasm.wasm"

echo "==> node --expose-gc benches/wasm/wasm_bench.mjs $*"
node --expose-gc benches/wasm/wasm_bench.mjs --pkg target/wasm-pkg/nodejs "$@"
echo "wasm_compare.sh took $((SECONDS - started)) s"
