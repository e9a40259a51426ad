#!/usr/bin/env bash
# benches/compare.sh [ENTRIES]   (default 1000000; RUNS=3 runs per tool)
#
# One run, one CRL file, four readers: generates a CRL of ENTRIES random 8-byte
# serials with jpki's simulator, then times, on that same file,
#   jpki       load_verified_reader: file read overlapped with parse + issuer check +
#              signature + index (jpki_load; its work_ms includes the read)
#   sha256     SHA-256 of the file (sha256_file): the floor for any verifying reader
#   openssl    openssl crl -inform DER -noout -CAfile ca.pem -in crl.der (parse + verify)
#   x509-cert  x509_cert::crl::CertificateList::from_der (parse only, no signature)
# each RUNS times under GNU time (/usr/bin/time -v), and prints the median wall time
# of the whole process, the median in-process time of the work alone (our programs
# read the file into memory first and time only the work), the median peak RSS, the
# ratios and PASS/MISS against the targets; then jpki's lookup times (jpki_lookup).
# The figures are recorded in benches/README.md, not gated: the script exits 0
# whatever it measures, and non-zero only when something fails to run.
set -euo pipefail
export LC_ALL=C

entries="${1:-1000000}"
runs="${RUNS:-3}"
case "$entries" in '' | *[!0-9]*) echo "usage: $0 [ENTRIES]" >&2; exit 2 ;; esac
case "$runs" in '' | *[!0-9]* | 0) echo "RUNS must be a positive integer" >&2; exit 2 ;; esac

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "compare.sh: GNU time is required at /usr/bin/time (for peak RSS)." >&2
    echo "  Install it with:  sudo apt-get install time" >&2
    exit 1
fi
if ! command -v openssl >/dev/null 2>&1; then
    echo "compare.sh: openssl is required.  Install it with:  sudo apt-get install openssl" >&2
    exit 1
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$SECONDS

echo "==> cargo build --release -p jpki-benches --bins"
cargo build --release -p jpki-benches --bins --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
crl="$tmp/crl.der"
ca="$tmp/ca.pem"

echo "==> generating a CRL of $entries entries (jpki simulator)"
"$bin/gen_crl" "$entries" "$tmp"
bytes="$(stat -c %s "$crl")"
cat "$crl" >/dev/null # in the page cache for every reader alike
: >"$tmp/empty"

# Microseconds now (bash 5's EPOCHREALTIME, no fork).
now_us() { local t="${EPOCHREALTIME/./}"; echo "$((10#$t))"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

declare -A WALL WORK RSS OUT
# measure NAME CMD...: RUNS runs under /usr/bin/time -v; medians into WALL (ms),
# WORK (ms, from the program's work_ms=, if any) and RSS (kB).
measure() {
    local name="$1"
    shift
    local walls="" works="" rsss="" i t0 t1
    for ((i = 0; i < runs; i++)); do
        t0="$(now_us)"
        if ! /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"; then
            echo "compare.sh: $name failed: $*" >&2
            cat "$tmp/err" "$tmp/time" >&2
            exit 1
        fi
        t1="$(now_us)"
        walls+="$(awk -v d="$((t1 - t0))" 'BEGIN { printf "%.3f", d / 1000 }')"$'\n'
        rsss+="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")"$'\n'
        works+="$(sed -n 's/.*work_ms=\([0-9.]*\).*/\1/p' "$tmp/out")"$'\n'
    done
    WALL[$name]="$(printf '%s' "$walls" | median)"
    RSS[$name]="$(printf '%s' "$rsss" | median)"
    WORK[$name]="$(printf '%s' "$works" | grep . | median || true)"
    OUT[$name]="$(cat "$tmp/out" "$tmp/err")"
}

# Other work on the machine (a build, a test run) skews every figure: say so.
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
read -r b0 a0 <<<"$(cpu_busy)"
sleep 1
read -r b1 a1 <<<"$(cpu_busy)"
busy="$(awk -v b="$((b1 - b0))" -v a="$((a1 - a0))" 'BEGIN { printf "%.0f", a ? 100 * b / a : 0 }')"
if [ "$busy" -gt 10 ]; then
    echo "WARNING: the CPUs were ${busy}% busy with other work just before measuring; figures will be noisy"
fi

echo "==> $runs runs each"
measure baseline "$bin/sha256_file" "$tmp/empty"
measure jpki "$bin/jpki_load" "$crl" "$ca"
measure jpki-mem "$bin/jpki_load" "$crl" "$ca" --in-memory
measure sha256 "$bin/sha256_file" "$crl"
measure openssl openssl crl -inform DER -noout -CAfile "$ca" -in "$crl"
measure x509-cert "$bin/x509_cert_parse" "$crl"
grep -q "verify OK" <<<"${OUT[openssl]}" || { echo "openssl did not verify the CRL" >&2; exit 1; }
jpki_entries="$(sed -n 's/.*entries=\([0-9]*\).*/\1/p' <<<"${OUT[jpki]}")"
index_bytes="$(sed -n 's/.*index_bytes=\([0-9]*\).*/\1/p' <<<"${OUT[jpki]}")"
[ "$jpki_entries" = "$entries" ] || { echo "jpki_load read $jpki_entries entries, not $entries" >&2; exit 1; }

echo "==> lookups (jpki_lookup, one run)"
lookups="$("$bin/jpki_lookup" "$crl" "$ca")"
get() { sed -n "s/^$1=//p" <<<"$lookups"; }

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
verdict() { awk "BEGIN { print (($1) ? \"PASS\" : \"MISS\") }"; }

echo
echo "CRL: $entries entries, $bytes bytes ($(calc %.1f "$bytes / 1048576") MiB), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "CPUs ${busy}% busy with other work just before measuring"
echo "median of $runs runs; wall = whole process (exec, file read, work, exit) measured"
echo "around /usr/bin/time; work = the program's own timing of the work alone"
echo
printf '%-10s %12s %12s %14s\n' tool "wall ms" "work ms" "peak RSS MB"
for t in jpki jpki-mem sha256 openssl x509-cert baseline; do
    printf '%-10s %12s %12s %14s\n' "$t" "${WALL[$t]}" "${WORK[$t]:--}" "$(calc %.1f "${RSS[$t]} / 1024")"
done
echo "(jpki: load_verified_reader, the file read overlapped with hash and index, work includes the read;"
echo " jpki-mem: the file read first, then load_verified, work excludes the read;"
echo " baseline: sha256_file of an empty file, the process overhead)"

w_j="${WORK[jpki-mem]}" w_s="${WORK[sha256]}" w_x="${WORK[x509-cert]}"
t_j="${WALL[jpki]}" t_s="${WALL[sha256]}" t_o="${WALL[openssl]}" t_x="${WALL[x509-cert]}"
rss_b=$((RSS[jpki] * 1024))
limit=$((bytes + 32 * entries))

echo
echo "ratios"
printf '  jpki / sha256      work %6.2fx   wall %6.2fx   target <= 3x (work)    %s\n' \
    "$(calc %.4f "$w_j / $w_s")" "$(calc %.4f "$t_j / $t_s")" "$(verdict "$w_j <= 3 * $w_s")"
printf '  openssl / jpki     wall %6.1fx                    target >= 20x (wall)   %s\n' \
    "$(calc %.4f "$t_o / $t_j")" "$(verdict "$t_o >= 20 * $t_j")"
# Both processes above also start, read the 40 MB file into memory and exit: a
# fixed cost that is no part of either reader, measured as sha256's wall minus its
# work. Net of it, openssl against our in-memory work:
read_ms="$(calc %.3f "$t_s - $w_s")"
printf '  openssl / jpki     net  %6.1fx   ((openssl wall - %.1f ms file read) / jpki work)   %s\n' \
    "$(calc %.4f "($t_o - $read_ms) / $w_j")" "$read_ms" "$(verdict "$t_o - $read_ms >= 20 * $w_j")"
printf '  x509-cert / jpki   work %6.1fx   wall %6.1fx   (x509-cert parses only)\n' \
    "$(calc %.4f "$w_x / $w_j")" "$(calc %.4f "$t_x / $t_j")"
echo
echo "memory"
printf '  jpki peak RSS %.1f MB vs file + 32 B/entry = %.1f MB: %.1f B/entry beyond the file   %s\n' \
    "$(calc %.4f "$rss_b / 1048576")" "$(calc %.4f "$limit / 1048576")" \
    "$(calc %.4f "($rss_b - $bytes) / $entries")" "$(verdict "$rss_b <= $limit")"
printf '  (index alone %.2f B/entry; process baseline %.1f MB)\n' \
    "$(calc %.4f "$index_bytes / $entries")" "$(calc %.4f "${RSS[baseline]} / 1024")"
echo
echo "lookups, ns each (target <= 100 ns)"
for k in lookup_warm16 lookup_warm1024 lookup_present_sequential lookup_present_random \
    lookup_absent_random contains_present_random; do
    v="$(get "${k}_ns")"
    printf '  %-28s %8s   %s\n' "$k" "$v" "$(verdict "$v <= 100")"
done
printf '  %-28s %8s   (one random dependent read in a buffer the size of the CRL)\n' \
    memory_latency "$(get memory_latency_ns)"
[ "$entries" = 1000000 ] || echo "(the targets are set for 1,000,000 entries)"
echo
echo "compare.sh took $((SECONDS - started)) s"
