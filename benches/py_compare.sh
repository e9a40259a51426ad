#!/usr/bin/env bash
# benches/py_compare.sh [py_bench.py options]   e.g. --reps 15, --verify-n 2000
#
# The Python binding's benchmarks (issue 11), in one run on one set of inputs:
#   (a) parse a certificate and read its 4 basic info: jpki (Certificate.from_der
#       + personal_info) against cryptography (load_der_x509_certificate + the
#       SubjectAlternativeName's otherNames decoded in Python); target: jpki faster.
#   (b) verify a signed application with a CRL: jpki.Verifier.verify from Python
#       against the same Verifier::verify from Rust (verify_time, release), same
#       bytes, same loop; target: the binding adds at most 20%.
# The inputs come from the Python simulator (jpki.sim) at each run; see
# benches/python/py_bench.py for what each side does, and benches/README.md
# ("Python binding") for the recorded figures.
#
# Steps: a venv of its own (target/py-bench/venv, or $PY_BENCH_VENV) with pinned
# maturin and cryptography from PyPI; the jpki wheel built in release by maturin and
# installed into it; verify_time built in release; then py_bench.py. Needs python3
# (>= 3.9, with venv and pip), cargo, and PC/SC's development files for the wheel's
# `pcsc` feature (libpcsclite-dev); it stops with a hint when one is missing and
# installs nothing outside its venv. Not part of the test command: run by hand. Exits
# 0 whatever it measures, non-zero only when something fails to build or run or a
# result is wrong.
set -euo pipefail
export LC_ALL=C.UTF-8

MATURIN_VERSION=1.16.0
CRYPTOGRAPHY_VERSION=50.0.2

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$SECONDS

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
    echo "py_compare.sh: $python not found; install Python >= 3.9 (sudo apt-get install python3 python3-venv)" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "py_compare.sh: $python is $("$python" --version 2>&1); Python >= 3.9 is required" >&2
    exit 1
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "py_compare.sh: cargo not found (rustup: https://rustup.rs)" >&2
    exit 1
fi
if ! { pkg-config --exists libpcsclite 2>/dev/null || ls /usr/lib/*/libpcsclite.so /usr/lib/libpcsclite.so >/dev/null 2>&1; }; then
    echo "py_compare.sh: PC/SC development files missing (the wheel links libpcsclite)." >&2
    echo "  Install them with:  sudo apt-get install libpcsclite-dev" >&2
    exit 1
fi

work="$root/target/py-bench"
venv="${PY_BENCH_VENV:-$work/venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    echo "==> $python -m venv $venv"
    rm -rf "$venv"
    if ! "$python" -m venv "$venv"; then
        echo "py_compare.sh: cannot create a venv (sudo apt-get install python3-venv)" >&2
        exit 1
    fi
fi
echo "==> pip install maturin==$MATURIN_VERSION cryptography==$CRYPTOGRAPHY_VERSION (into $venv)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "cryptography==$CRYPTOGRAPHY_VERSION"

wheels="$work/wheels"
rm -rf "$wheels"
echo "==> maturin build --release (jpki-py)"
"$venv/bin/maturin" build --release --quiet -m jpki-py/Cargo.toml -i "$venv/bin/python" --out "$wheels"
wheel="$(ls "$wheels"/jpki-*.whl)"
echo "==> pip install $(basename "$wheel")"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

echo "==> cargo build --release -p jpki-benches --bin verify_time"
cargo build --release -p jpki-benches --bin verify_time --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release"

# The RSA provider the wheel's Verifier uses by default: ring when jpki-core's `ring`
# feature is on in the build of jpki-py alone (as maturin builds it), else the
# pure-Rust one. The Rust side of (b) uses the same one.
core_features="$(cargo tree -p jpki-py -e normal --depth 1 -f '{p} [{f}]' | sed -n 's/.*jpki-core v[^[]*\[\(.*\)\]$/\1/p')"
if [ -z "$core_features" ]; then
    echo "py_compare.sh: cannot tell jpki-core's features in jpki-py (cargo tree)" >&2
    exit 1
fi
case ",$core_features," in
    *,ring,*) provider=ring ;;
    *) provider=rustcrypto ;;
esac
echo "==> jpki-core features in the wheel: $core_features (RSA provider: $provider)"

echo "==> benches/python/py_bench.py $*"
"$venv/bin/python" benches/python/py_bench.py \
    --rust-bin "$bin/verify_time" --wheel-provider "$provider" \
    --maturin "$("$venv/bin/maturin" --version | awk '{ print $2 }')" "$@"
echo "py_compare.sh took $((SECONDS - started)) s"
