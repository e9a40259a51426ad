#!/usr/bin/env bash
# The C tests of jpki's C ABI: every jpki-ffi/tests/c/*.c, every ```c block of
# README.md and the NULL sweep scripts/ffi-null-sweep.py generates from
# include/jpki.h (every pointer parameter of every function NULL; a generation
# failure, such as an export the generator cannot build arguments for, fails this
# script), compiled with `-std=c11 -Wall -Wextra -Werror -pedantic` against
# include/jpki.h and the debug build of libjpki_ffi, then
#
#   1. run as built;
#   2. run under valgrind (memory errors, and leaks: definite, indirect, possible);
#   3. rebuilt with AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer on)
#      and run;
#   4. (basics.c) rebuilt through pkg-config with a jpki.pc from scripts/ffi-pc.sh,
#      once against the shared library and once statically (`--static`, which
#      checks the .pc's Libs.private), and run.
#
# A C test is `int main` returning 0 when every check passed (printing each failed
# check otherwise). Its conventions: argv[1] is a scratch directory of its own
# (for files it writes), holding a copy of the inputs `cargo run -p jpki-ffi
# --example ffi_fixtures -- DIR` writes when that example exists;
# JPKI_SOURCE_DIR is the repository root (read-only files such as
# jpki-core/tests/jlis/); JPKI_C_TEST_MODE is plain, valgrind or sanitize (a
# program may do fewer iterations under valgrind). Any compile error, failed
# check, valgrind report, sanitizer report or timeout fails this script; so does
# finding no program to run in a mode.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

CC="${CC:-cc}"
CXX="${CXX:-c++}"
# Per program and mode; valgrind is slow (tens of times), so this is generous.
TIMEOUT="${JPKI_C_TEST_TIMEOUT:-900}"
CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -Iinclude)
SANITIZE=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
# Leak kinds that are errors: memory nothing points to (definite), memory only
# reachable from it (indirect), and memory only reachable through a pointer into
# its middle (possible: a handle or buffer we hand out never points inside an
# allocation, so this is a leak here, not noise). "Still reachable" memory is not
# an error: the Rust runtime keeps a few allocations for the life of the process
# (stdout's buffer, the main thread's info) and frees them by exiting.
LEAK_KINDS="definite,indirect,possible"
VALGRIND=(valgrind --quiet --error-exitcode=1 --leak-check=full
    "--show-leak-kinds=$LEAK_KINDS" "--errors-for-leak-kinds=$LEAK_KINDS")
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

step() { printf '\n--> %s\n' "$*"; }

for tool in "$CC" "$CXX" valgrind pkg-config timeout; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is required (scripts/test.sh installs it)" >&2; exit 1; }
done

step "cargo build -p jpki-ffi (debug, default features)"
cargo build -p jpki-ffi --locked
# The target directory (CARGO_TARGET_DIR or the workspace's) and jpki-ffi's version.
read -r target_dir version < <(cargo metadata --no-deps --format-version 1 --locked --offline \
    | python3 -c 'import json, sys
m = json.load(sys.stdin)
print(m["target_directory"], next(p["version"] for p in m["packages"] if p["name"] == "jpki-ffi"))') \
    || true
[ -n "$version" ] || { echo "$0: no version for jpki-ffi in cargo metadata" >&2; exit 1; }
libdir="$target_dir/debug"
for lib in libjpki_ffi.so libjpki_ffi.a; do
    [ -f "$libdir/$lib" ] || { echo "$0: $libdir/$lib was not built" >&2; exit 1; }
done

out="$target_dir/ffi-c"
rm -rf "$out"
mkdir -p "$out/plain" "$out/sanitize" "$out/pkg-config" "$out/readme" "$out/scratch" "$out/fixtures"

# Input files for the tests that need them: written once by the ffi_fixtures
# example (with the simulator), then copied into every scratch directory.
if [ -f jpki-ffi/examples/ffi_fixtures.rs ]; then
    step "test inputs: cargo run -p jpki-ffi --example ffi_fixtures"
    cargo run -p jpki-ffi --locked --example ffi_fixtures -- "$out/fixtures"
fi

failures=()
fail() {
    failures+=("$1")
    printf 'FAILED: %s\n' "$1" >&2
}

# run WHAT [ENV=VALUE…] PROGRAM [ARG…]: runs the program with a fresh scratch
# directory as its last argument; records a failure (with WHAT) unless it exits 0.
run() {
    local what="$1"
    shift
    local scratch status=0 start=$SECONDS
    scratch="$(mktemp -d "$out/scratch/XXXXXX")"
    cp -R "$out/fixtures/." "$scratch/"
    env JPKI_SOURCE_DIR="$repo" timeout --kill-after=10 "$TIMEOUT" env "$@" "$scratch" || status=$?
    rm -rf "$scratch"
    printf '    (%ds)\n' "$((SECONDS - start))"
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        fail "$what: timed out after ${TIMEOUT}s"
    elif [ "$status" -ne 0 ]; then
        fail "$what: exit status $status"
    else
        return 0
    fi
    return 1
}

# The C programs: the test files, then the README's examples.
shopt -s nullglob
sources=(jpki-ffi/tests/c/*.c)
awk -v dir="$out/readme" '
    /^```c[[:space:]]*$/ { n++; file = sprintf("%s/readme_%d.c", dir, n); inside = 1; next }
    inside && /^```/ { inside = 0; close(file); next }
    inside { print > file }
' README.md
readme_examples=("$out"/readme/readme_*.c)
[ "${#sources[@]}" -gt 0 ] || { echo "$0: no C test in jpki-ffi/tests/c/" >&2; exit 1; }
[ "${#readme_examples[@]}" -gt 0 ] || { echo "$0: README.md has no \`\`\`c example" >&2; exit 1; }
sources+=("${readme_examples[@]}")

step "the NULL sweep: scripts/ffi-null-sweep.py include/jpki.h"
mkdir -p "$out/generated"
generated=()
if python3 scripts/ffi-null-sweep.py include/jpki.h "$out/generated/null_sweep.c"; then
    generated=("$out/generated/null_sweep.c")
    sources+=("${generated[@]}")
else
    fail "scripts/ffi-null-sweep.py: cannot generate the NULL sweep (see above)"
fi

# A file name for each program's binaries (README examples are readme_N).
name_of() { basename "$1" .c; }
label_of() {
    case "$1" in
        "$out"/readme/*) printf 'README.md example %s' "$(basename "$1" .c | sed 's/^readme_//')" ;;
        "$out"/generated/*) printf '%s (generated by scripts/ffi-null-sweep.py)' "$(basename "$1")" ;;
        *) printf '%s' "$1" ;;
    esac
}

step "the header compiles as C11 and as C++11 on its own"
printf '#include "jpki.h"\nint main(void) { return JPKI_RESULT_OK; }\n' > "$out/header_only.c"
"$CC" "${CFLAGS[@]}" -Wundef -fsyntax-only "$out/header_only.c" || fail "include/jpki.h as C11"
"$CXX" -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude -fsyntax-only -x c++ "$out/header_only.c" \
    || fail "include/jpki.h as C++11"

plain_ran=0 valgrind_ran=0 sanitize_ran=0 pkgconfig_ran=0
plain_built=()

step "build and run (${#sources[@]} programs)"
for src in "${sources[@]}"; do
    name="$(name_of "$src")"
    label="$(label_of "$src")"
    bin="$out/plain/$name"
    echo "[plain] $label"
    if ! "$CC" "${CFLAGS[@]}" "$src" -o "$bin" -L"$libdir" -ljpki_ffi -lpthread; then
        fail "$label: does not compile"
        continue
    fi
    plain_built+=("$src")
    run "$label" JPKI_C_TEST_MODE=plain LD_LIBRARY_PATH="$libdir" "$bin" && plain_ran=$((plain_ran + 1))
done

step "under valgrind (errors and $LEAK_KINDS leaks fail)"
for src in "${plain_built[@]}"; do
    name="$(name_of "$src")"
    label="$(label_of "$src")"
    echo "[valgrind] $label"
    run "$label under valgrind" JPKI_C_TEST_MODE=valgrind LD_LIBRARY_PATH="$libdir" "${VALGRIND[@]}" \
        "$out/plain/$name" \
        && valgrind_ran=$((valgrind_ran + 1))
done

step "with AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer"
for src in "${sources[@]}"; do
    name="$(name_of "$src")"
    label="$(label_of "$src")"
    bin="$out/sanitize/$name"
    echo "[asan+ubsan] $label"
    if ! "$CC" "${CFLAGS[@]}" "${SANITIZE[@]}" "$src" -o "$bin" -L"$libdir" -ljpki_ffi -lpthread; then
        fail "$label: does not compile with sanitizers"
        continue
    fi
    run "$label with sanitizers" JPKI_C_TEST_MODE=sanitize LD_LIBRARY_PATH="$libdir" "$bin" \
        && sanitize_ran=$((sanitize_ran + 1))
done

step "through pkg-config (jpki.pc from scripts/ffi-pc.sh): shared, then static"
mkdir -p "$out/pkg-config/shared" "$out/pkg-config/static/lib"
scripts/ffi-pc.sh "$repo" "$libdir" "$repo/include" > "$out/pkg-config/shared/jpki.pc"
# Only the static library in its libdir, so -ljpki_ffi cannot pick the shared one.
ln -s "$libdir/libjpki_ffi.a" "$out/pkg-config/static/lib/libjpki_ffi.a"
scripts/ffi-pc.sh "$repo" "$out/pkg-config/static/lib" "$repo/include" > "$out/pkg-config/static/jpki.pc"
for kind in shared static; do
    pc_dir="$out/pkg-config/$kind"
    found="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --modversion jpki)" || found="(none)"
    [ "$found" = "$version" ] || fail "jpki.pc ($kind): version $found, Cargo.toml says $version"
    static_flag=()
    [ "$kind" = static ] && static_flag=(--static)
    read -r -a pc_flags <<< "$(PKG_CONFIG_PATH="$pc_dir" pkg-config "${static_flag[@]}" --cflags --libs jpki)"
    bin="$out/pkg-config/basics-$kind"
    echo "[pkg-config $kind] $CC … jpki-ffi/tests/c/basics.c ${pc_flags[*]}"
    if ! "$CC" -std=c11 -Wall -Wextra -Werror -pedantic jpki-ffi/tests/c/basics.c -o "$bin" "${pc_flags[@]}"; then
        fail "basics.c through pkg-config ($kind): does not compile or link"
        continue
    fi
    if [ "$kind" = static ]; then
        # No LD_LIBRARY_PATH: the library is inside the program.
        run "basics.c through pkg-config (static)" -u LD_LIBRARY_PATH "$bin" && pkgconfig_ran=$((pkgconfig_ran + 1))
    else
        run "basics.c through pkg-config (shared)" LD_LIBRARY_PATH="$libdir" "$bin" \
            && pkgconfig_ran=$((pkgconfig_ran + 1))
    fi
done

printf '\nC programs passed: %d plain, %d under valgrind, %d with sanitizers, %d through pkg-config (of %d: %d test files in jpki-ffi/tests/c, %d README examples, %d generated)\n' \
    "$plain_ran" "$valgrind_ran" "$sanitize_ran" "$pkgconfig_ran" "${#sources[@]}" \
    "$((${#sources[@]} - ${#readme_examples[@]} - ${#generated[@]}))" "${#readme_examples[@]}" \
    "${#generated[@]}"
for mode in plain_ran valgrind_ran sanitize_ran pkgconfig_ran; do
    [ "${!mode}" -gt 0 ] || fail "no C program passed in mode ${mode%_ran}"
done
if [ "${#failures[@]}" -gt 0 ]; then
    printf '\n%d C test failure(s):\n' "${#failures[@]}" >&2
    printf '  %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "All C tests passed."
