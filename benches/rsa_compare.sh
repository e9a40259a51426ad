#!/usr/bin/env bash
# benches/rsa_compare.sh [SECONDS]   (default 3; ROUNDS=5 rounds)
#
# One run, one thread each: raw RSA-2048 signature verification rate of
#   openssl      openssl speed -elapsed -seconds S -multi 1 rsa2048 (its verify/s)
#   ring         jpki::crypto::Ring, a prepared key (rsa_verify)
#   rustcrypto   jpki::crypto::RustCrypto, the pure-Rust default (rsa_verify)
# and the ratios openssl/ring and openssl/rustcrypto, with PASS/MISS against the
# target (ring within 1.25x of openssl). rsa_verify verifies RSASSA-PKCS1-v1_5
# SHA-256 over 36 bytes with a prepared key, as openssl speed does over a 36-byte
# digest. Rates divide by wall-clock time on both sides (-elapsed: on a shared
# virtual machine, user CPU time is coarse and may count stolen time; rsa_verify
# prints its CPU-time rates for reference). The tools take turns for ROUNDS
# rounds and the best rate of each counts (the least disturbed by other load). Prints the machine and date too. Exits 0 whatever it measures; non-zero
# only when something fails to run.
set -euo pipefail
export LC_ALL=C

seconds="${1:-3}"
rounds="${ROUNDS:-5}"
case "$seconds" in '' | *[!0-9]* | 0) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
case "$rounds" in '' | *[!0-9]* | 0) echo "ROUNDS must be a positive integer" >&2; exit 2 ;; esac
if ! command -v openssl >/dev/null 2>&1; then
    echo "rsa_compare.sh: openssl is required.  Install it with:  sudo apt-get install openssl" >&2
    exit 1
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

echo "==> cargo build --release -p jpki-benches --bin rsa_verify"
cargo build --release -p jpki-benches --bin rsa_verify --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/rsa_verify"

echo "==> machine"
echo "date:  $(date -u +%Y-%m-%dT%H:%MZ)"
echo "nproc: $(nproc)"
echo "cpu:   $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(openssl version)"

max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 >= b + 0 ? a : b) }'; }
rate_of() { printf '%s\n' "$2" | sed -n "s/^provider=$1 verify_per_s=\([0-9]*\).*/\1/p"; }
openssl_rate=0 ring_rate=0 rc_rate=0
ticks="$(getconf CLK_TCK 2>/dev/null || echo 100)"
for round in $(seq 1 "$rounds"); do
    echo "==> round $round/$rounds: openssl speed -elapsed -mr -seconds $seconds -multi 1 rsa2048"
    # -mr: machine-readable; the final line "+F2:<n>:<bits>:<sign>:<verify>" holds
    # operations per second (OpenSSL 3) or seconds per operation (OpenSSL 1.1).
    ossl_out="$(openssl speed -elapsed -mr -seconds "$seconds" -multi 1 rsa2048 2>/dev/null)"
    o="$(printf '%s\n' "$ossl_out" | awk -F: '/^\+F2:/ && $3 == 2048 { v = $5; if (v < 1) v = 1 / v; printf "%.0f", v; exit }')"
    if [ -z "$o" ]; then
        echo "rsa_compare.sh: could not read openssl's verify rate from:" >&2
        printf '%s\n' "$ossl_out" >&2
        exit 1
    fi
    echo "openssl verify/s: $o"
    echo "==> round $round/$rounds: rsa_verify $seconds"
    ours="$(CLK_TCK="$ticks" "$bin" "$seconds")"
    printf '%s\n' "$ours"
    r="$(rate_of ring "$ours")"
    c="$(rate_of rustcrypto "$ours")"
    if [ -z "$r" ] || [ -z "$c" ]; then
        echo "rsa_compare.sh: could not read rsa_verify's rates" >&2
        exit 1
    fi
    openssl_rate="$(max "$openssl_rate" "$o")"
    ring_rate="$(max "$ring_rate" "$r")"
    rc_rate="$(max "$rc_rate" "$c")"
done

echo "==> summary (best of $rounds rounds; verifications per second, wall clock, one thread)"
printf '%-12s %10s %14s\n' provider verify/s openssl/this
printf '%-12s %10s %14s\n' openssl "$openssl_rate" 1.00
for p in ring rustcrypto; do
    if [ "$p" = ring ]; then r="$ring_rate"; else r="$rc_rate"; fi
    printf '%-12s %10s %14s\n' "$p" "$r" "$(awk -v o="$openssl_rate" -v r="$r" 'BEGIN { printf "%.2f", o / r }')"
done
awk -v o="$openssl_rate" -v r="$ring_rate" 'BEGIN {
    ratio = o / r
    printf "target: ring within 1.25x of openssl: %.2fx %s\n", ratio, (ratio <= 1.25 ? "PASS" : "MISS")
}'
