#!/usr/bin/env python3
"""The Python binding's benchmarks (issue 11), run by ``benches/py_compare.sh``.

In one run, on one set of inputs that the Python simulator (``jpki.sim``) makes
and writes into a temporary directory:

(a) Parsing a certificate and reading its 4 basic info, per certificate:

    jpki          ``jpki.Certificate.from_der(der).personal_info``, then
                  ``.name``, ``.birth_date``, ``.sex``, ``.address``. The core
                  parses the whole certificate (every extension) and decodes
                  the six otherNames of the 4 basic info at ``from_der``: name,
                  sex, birth date (era code checked against the date), address,
                  and both substitute-position strings (digits checked, one per
                  character).
    cryptography  ``x509.load_der_x509_certificate(der)``, its
                  SubjectAlternativeName (``cert.extensions``), the otherNames
                  under arc 1.2.392.200149.8.5.5, each inner DER UTF8String
                  decoded in Python, then exactly what jpki decodes: name, sex
                  (code 1/2/3), birth date (``EYYYYMMDD``: era code, Gregorian
                  date, era checked to cover the date), address, both
                  substitute-position strings (to tuples of indices, length
                  checked), unknown fields under the arc kept, duplicates and
                  missing fields refused.

    Both sides start from the same DER bytes each iteration and end with the
    same values (checked before timing). Also timed, to show where the time
    goes: ``from_der`` alone, ``load_der_x509_certificate`` alone, and the
    native Rust parse and read (``verify_time``'s ``parse``).

(b) Verifying a signed application: ``jpki.Verifier.verify`` from Python
    against the same ``Verifier::verify`` from a Rust program
    (``benches/src/bin/verify_time.rs``, release build) on the same bytes:
    a detached SignedData made by a virtual card, the signer's partition CRL
    (listing other residents) added once, the same ``at``, the applicant's 4
    basic info compared. The same loop on both sides: call, check the verdict
    is valid and the revocation status good. The Rust program uses the RSA
    provider the wheel is built with (``--wheel-provider``), for the ratio; the
    other provider is timed too, for information.

Each measurement is repeated (``--reps``, default 15); a repetition is
``--rounds`` rounds (default 25) in which every variant runs one chunk (120 of
the 3,000 parses or 30 of the 750 verifications of a repetition by default),
the order reversed every other round, so that the sides of each comparison run
back to back, milliseconds apart: on the shared virtual machine these figures
were taken on, the speed of the same loop drifts by up to 2x from one 10 ms
chunk to the next (CPU time and wall time alike). The per-operation figures are
the median over the repetitions with the min–max spread; the targets are judged
on the median of the per-round ratios (the two sides of a round measured within
about 10 ms of each other), with their quartiles. Python's garbage collector is
off while measuring (as ``timeit`` does). The script prints the machine, date
and versions, the CPU load before and during the measurement, the figures, the
ratios and PASS/MISS against the issue's targets. It exits 0 whatever it
measures; non-zero only if something fails to run or a result is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, NamedTuple

import cryptography
import jpki
import jpki.sim
from cryptography import x509

JST = dt.timezone(dt.timedelta(hours=9))
ISSUED_AT = dt.datetime(2026, 11, 21, 9, 0, tzinfo=JST)
REVOKED_AT = dt.datetime(2026, 11, 21, 9, 30, tzinfo=JST)
SIGNED_AT = dt.datetime(2026, 11, 21, 10, 30, tzinfo=JST)
CRL_AT = dt.datetime(2026, 11, 21, 11, 0, tzinfo=JST)
VALIDATION_TIME = dt.datetime(2026, 11, 21, 12, 0, tzinfo=JST)

# The resident (substitutes in the name: 髙 and 𠮷 are outside the certificate
# charset, so the certificate says 高橋　吉郎 with positions 10010) and what the
# applicant writes on the form (the register's characters: equivalent by
# substitution).
NAME = "髙橋 𠮷郎"
BIRTH_DATE = dt.date(1950, 4, 1)
SEX: Literal["male"] = "male"
ADDRESS = "東京都千代田区霞が関２丁目１番２号"
SIGN_PASSWORD = "ABC123"
AUTH_PIN = "1234"

# Residents of the same municipality whose signing certificates are revoked
# (they moved), so the signer's partition CRL is not empty.
Sex = Literal["male", "female", "unknown"]
OTHERS: list[tuple[str, dt.date, Sex, str]] = [
    ("千代田 花子", dt.date(1985, 7, 7), "female", "東京都千代田区丸の内１丁目１番１号"),
    ("神田 一郎", dt.date(1972, 1, 15), "male", "東京都千代田区神田錦町３丁目２番"),
    ("番町 三郎", dt.date(1999, 12, 31), "male", "東京都千代田区一番町５番地"),
]


def application_form() -> bytes:
    """The signed content: an application form of about 1.3 KB (as
    ``benches/src/verify.rs`` signs)."""
    lines = ["口座開設申込書 / account opening application\r\n"]
    lines += [f"field-{i:02}: value of the applicant's form line\r\n" for i in range(24)]
    return "".join(lines).encode()


# --- the cryptography side of (a) -------------------------------------------

_ARC = "1.2.392.200149.8.5.5."
_KNOWN = {
    _ARC + "1": "name",
    _ARC + "2": "name_substitutes",
    _ARC + "3": "sex",
    _ARC + "4": "birth_date",
    _ARC + "5": "address",
    _ARC + "6": "address_substitutes",
}
_SEX = {"1": "male", "2": "female", "3": "unknown"}
# First day of each era (code 1 Meiji … 5 Reiwa), as jpki-core counts them.
_ERA_START = [
    dt.date(1868, 1, 25),
    dt.date(1912, 7, 30),
    dt.date(1926, 12, 25),
    dt.date(1989, 1, 8),
    dt.date(2019, 5, 1),
]


class Info(NamedTuple):
    """The 4 basic info as the cryptography side decodes them."""

    name: str
    name_substitutes: tuple[int, ...]
    birth_date: dt.date
    era: int
    sex: str
    address: str
    address_substitutes: tuple[int, ...]
    other_fields: dict[str, str]


def _utf8string(tlv: bytes) -> str:
    """The text of one DER UTF8String (tag 0x0C), refusing anything else."""
    if len(tlv) < 2 or tlv[0] != 0x0C:
        raise ValueError("otherName value is not a UTF8String")
    length = tlv[1]
    start = 2
    if length & 0x80:
        octets = length & 0x7F
        if octets == 0 or octets > 4 or len(tlv) < 2 + octets or tlv[2] == 0:
            raise ValueError("bad DER length")
        length = int.from_bytes(tlv[2 : 2 + octets], "big")
        start = 2 + octets
        if length < 0x80:
            raise ValueError("non-minimal DER length")
    if start + length != len(tlv):
        raise ValueError("DER length does not match the value")
    return tlv[start:].decode("utf-8")


def _positions(digits: str | None, text: str) -> tuple[int, ...]:
    if digits is None:
        return ()
    if len(digits) != len(text):
        raise ValueError("substitute positions do not match the field's length")
    out = []
    for i, ch in enumerate(digits):
        if ch == "1":
            out.append(i)
        elif ch != "0":
            raise ValueError(f"bad substitute digit {ch!r}")
    return tuple(out)


def _era_of(date: dt.date) -> int:
    era = 1
    for code, start in enumerate(_ERA_START, 1):
        if date >= start:
            era = code
    return era


def _birth_date(value: str) -> tuple[dt.date, int]:
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        raise ValueError(f"bad birth date {value!r}")
    era = int(value[0])
    if era > 5:
        raise ValueError(f"unknown era code in {value!r}")
    date = dt.date(int(value[1:5]), int(value[5:7]), int(value[7:9]))
    if era != 0 and _era_of(date) != era:
        raise ValueError(f"era code does not cover the date in {value!r}")
    return date, era


def read_4info_cryptography(der: bytes) -> Info:
    """cryptography: parse, find the SAN's otherNames, decode the 4 basic info."""
    cert = x509.load_der_x509_certificate(der)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    known: dict[str, str] = {}
    others: dict[str, str] = {}
    for other_name in san.get_values_for_type(x509.OtherName):
        oid = other_name.type_id.dotted_string
        if not oid.startswith(_ARC):
            continue
        text = _utf8string(other_name.value)
        field = _KNOWN.get(oid)
        target, key = (known, field) if field is not None else (others, oid)
        if key in target:
            raise ValueError(f"duplicate otherName {oid}")
        target[key] = text
    try:
        name = known["name"]
        birth = known["birth_date"]
        sex = _SEX[known["sex"]]
        address = known["address"]
    except KeyError as e:
        raise ValueError(f"missing or bad 4 basic info field {e}") from None
    date, era = _birth_date(birth)
    return Info(
        name,
        _positions(known.get("name_substitutes"), name),
        date,
        era,
        sex,
        address,
        _positions(known.get("address_substitutes"), address),
        others,
    )


def read_4info_jpki(der: bytes) -> tuple[str, dt.date, str, str]:
    """jpki: parse (the core decodes the 4 basic info there), read the 4 fields."""
    info = jpki.Certificate.from_der(der).personal_info
    if info is None:
        raise ValueError("no 4 basic info")
    return info.name, info.birth_date, info.sex, info.address


# --- fixtures ----------------------------------------------------------------


@dataclass
class Fixtures:
    dir: Path
    anchors_pem: bytes
    signer_der: bytes
    signed: bytes
    content: bytes
    crl: bytes
    crl_entries: int | None
    applicant: jpki.Applicant
    seconds: float


def make_fixtures(directory: Path) -> Fixtures:
    """The simulator's authority, a personalized virtual card, the signed
    application, the partition CRL; written into ``directory``."""
    start = time.perf_counter()
    authority = jpki.sim.Authority(at=ISSUED_AT)
    card = jpki.sim.VirtualCard()
    issued = authority.personalize(
        card,
        name=NAME,
        birth_date=BIRTH_DATE,
        sex=SEX,
        address=ADDRESS,
        sign_password=SIGN_PASSWORD,
        auth_pin=AUTH_PIN,
        at=ISSUED_AT,
    )
    signer = issued.signing
    if signer is None:
        raise SystemExit("the simulator issued no signing certificate")
    for name, birth, sex, address in OTHERS:
        other = authority.personalize(
            jpki.sim.VirtualCard(),
            name=name,
            birth_date=birth,
            sex=sex,
            address=address,
            sign_password=SIGN_PASSWORD,
            auth_pin=AUTH_PIN,
            at=ISSUED_AT,
        )
        if other.signing is None:
            raise SystemExit("the simulator issued no signing certificate")
        authority.event(other.signing, "move", at=REVOKED_AT)
    content = application_form()
    with jpki.Card(card) as session:
        signed = session.sign(content, pin=SIGN_PASSWORD, detached=True, signing_time=SIGNED_AT)
    crl = authority.crl(signer, at=CRL_AT)
    anchors_pem = authority.trust_anchors_pem()

    entries = None
    for anchor in authority.trust_anchors:
        try:
            entries = len(jpki.Crl.load(crl, anchor))
            break
        except jpki.JpkiError:
            continue

    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "trust.pem": anchors_pem,
        "signer.der": signer.der,
        "signed.der": signed,
        "content.bin": content,
        "crl.der": crl,
        "at.txt": (VALIDATION_TIME.isoformat() + "\n").encode(),
        "applicant.txt": f"{NAME}\n{BIRTH_DATE.isoformat()}\n{SEX}\n{ADDRESS}\n".encode(),
    }
    for name, data in files.items():
        (directory / name).write_bytes(data)
    return Fixtures(
        directory,
        anchors_pem,
        signer.der,
        signed,
        content,
        crl,
        entries,
        jpki.Applicant(name=NAME, birth_date=BIRTH_DATE, sex=SEX, address=ADDRESS),
        time.perf_counter() - start,
    )


def read_fixtures(directory: Path) -> Fixtures:
    """What ``make_fixtures`` wrote into ``directory``."""
    name, birth, sex, address = (directory / "applicant.txt").read_text().splitlines()[:4]
    sexes: dict[str, Sex] = {"male": "male", "female": "female", "unknown": "unknown"}
    if sex not in sexes:
        raise SystemExit(f"applicant.txt: sex {sex!r}")
    if dt.datetime.fromisoformat((directory / "at.txt").read_text().strip()) != VALIDATION_TIME:
        raise SystemExit("at.txt: not this script's validation time")
    return Fixtures(
        directory,
        (directory / "trust.pem").read_bytes(),
        (directory / "signer.der").read_bytes(),
        (directory / "signed.der").read_bytes(),
        (directory / "content.bin").read_bytes(),
        (directory / "crl.der").read_bytes(),
        None,
        jpki.Applicant(name=name, birth_date=birth, sex=sexes[sex], address=address),
        0.0,
    )


class Loops:
    """The timed loops: ``loop(n)`` runs n iterations; a wrong result raises."""

    def __init__(self, fx: Fixtures) -> None:
        self.der = fx.signer_der
        self.verifier = jpki.Verifier(fx.anchors_pem, revocation="hard", crl_first=True)
        self.verifier.add_crl(fx.crl)
        self.signed, self.content, self.applicant = fx.signed, fx.content, fx.applicant
        self.at = VALIDATION_TIME

    def jpki_4info(self, n: int) -> None:
        der = self.der
        for _ in range(n):
            read_4info_jpki(der)

    def crypto_4info(self, n: int) -> None:
        der = self.der
        for _ in range(n):
            read_4info_cryptography(der)

    def jpki_parse(self, n: int) -> None:
        der, from_der = self.der, jpki.Certificate.from_der
        for _ in range(n):
            from_der(der)

    def crypto_parse(self, n: int) -> None:
        der, load = self.der, x509.load_der_x509_certificate
        for _ in range(n):
            load(der)

    def verify(self, n: int) -> None:
        verify = self.verifier.verify
        signed, content, applicant, at = self.signed, self.content, self.applicant, self.at
        for _ in range(n):
            v = verify(signed, content=content, applicant=applicant, at=at)
            if not v.valid or v.revocation_status != "good":
                raise SystemExit("a verification failed from Python")


# --- the machine ---------------------------------------------------------------


def cpu_counters() -> tuple[int, int]:
    """(busy, all) jiffies of every CPU, from /proc/stat (as verify_compare.sh)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:8]]
    user, nice, system, idle, iowait, irq, softirq = fields
    busy = user + nice + system + irq + softirq
    return busy, busy + idle + iowait


def busy_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[1] - before[1]
    return 100.0 * (after[0] - before[0]) / total if total else 0.0


def busy_over(seconds: float) -> float:
    before = cpu_counters()
    time.sleep(seconds)
    return busy_percent(before, cpu_counters())


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def command_output(*argv: str) -> str:
    try:
        return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        return f"unavailable ({e})"


# --- measuring -----------------------------------------------------------------


class Native:
    """A running ``verify_time`` answering ``verify N`` / ``parse N``."""

    def __init__(self, binary: str, fixtures: Path, provider: str) -> None:
        self.proc = subprocess.Popen(
            [binary, str(fixtures), provider],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = self._line()
        if not ready.startswith("ready "):
            raise SystemExit(f"verify_time ({provider}): unexpected {ready!r}")
        self.provider = ready.split("provider=", 1)[1].strip()
        if self.provider != provider:
            raise SystemExit(f"verify_time: asked for {provider}, got {self.provider}")

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            raise SystemExit(f"verify_time exited with {code} (see its message above)")
        return line

    def run(self, what: str, n: int) -> float:
        """Nanoseconds per operation."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{what} {n}\n")
        self.proc.stdin.flush()
        line = self._line()
        if not line.startswith(what + " "):
            raise SystemExit(f"verify_time: unexpected {line!r}")
        return float(line.rsplit("ns_each=", 1)[1])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        if self.proc.wait() != 0:
            raise SystemExit(f"verify_time exited with {self.proc.returncode}")


def timed(loop: Callable[[int], None], n: int) -> float:
    """Nanoseconds per iteration of ``loop(n)``, the collector off."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        loop(n)
        return (time.perf_counter_ns() - start) / n
    finally:
        gc.enable()


def chunk(loop: Callable[[int], None], n: int) -> float:
    """Nanoseconds per iteration of ``loop(n)`` (the caller turns the collector off)."""
    start = time.perf_counter_ns()
    loop(n)
    return (time.perf_counter_ns() - start) / n


@dataclass
class Series:
    label: str
    ns: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.ns)

    def row(self) -> str:
        lo, hi = min(self.ns), max(self.ns)
        med = self.median
        return (
            f"  {self.label:<58} {med / 1e3:9.2f} µs   "
            f"{lo / 1e3:8.2f} – {hi / 1e3:8.2f}   ±{50 * (hi - lo) / med:4.1f}%"
        )


def quartiles(values: list[float]) -> tuple[float, float]:
    """The first and third quartiles."""
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rust-bin", help="the release verify_time program (required to measure)")
    ap.add_argument("--wheel-provider", choices=["ring", "rustcrypto"],
                    help="the RSA provider the wheel is built with (required to measure)")
    ap.add_argument("--reps", type=int, default=15, help="repetitions (default 15)")
    ap.add_argument("--parse-n", type=int, default=3000, help="parses per repetition and side")
    ap.add_argument("--verify-n", type=int, default=750, help="verifications per repetition and side")
    ap.add_argument("--rounds", type=int, default=25,
                    help="rounds per repetition: the sides take turns in chunks of n/rounds (default 25)")
    ap.add_argument("--quiet-wait", type=float, default=120.0,
                    help="seconds to wait for the CPUs to be idle before measuring (default 120)")
    ap.add_argument("--fixtures", type=Path, help="write the fixtures here and keep them")
    ap.add_argument("--count", nargs=2, metavar=("LOOP", "N"),
                    help="measure nothing: run one loop (jpki_4info, crypto_4info, jpki_parse, "
                         "crypto_parse, verify) N times on the fixtures of --fixtures (made there "
                         "first if missing), e.g. under valgrind to count instructions")
    ap.add_argument("--maturin", default="", help="maturin version, for the report")
    args = ap.parse_args()
    if min(args.reps, args.parse_n, args.verify_n, args.rounds) < 1:
        ap.error("--reps, --parse-n, --verify-n and --rounds must be positive")
    if args.count:
        if args.fixtures is None:
            ap.error("--count needs --fixtures DIR")
        what, n = args.count[0], int(args.count[1])
        if what not in ("jpki_4info", "crypto_4info", "jpki_parse", "crypto_parse", "verify"):
            ap.error(f"--count: unknown loop {what!r}")
        if not (args.fixtures / "signed.der").exists():
            make_fixtures(args.fixtures)
        getattr(Loops(read_fixtures(args.fixtures)), what)(n)
        return 0
    if args.rust_bin is None or args.wheel_provider is None:
        ap.error("--rust-bin and --wheel-provider are required to measure")

    started = time.monotonic()
    print("== machine")
    print(f"  CPU          {cpu_model()}, {os.cpu_count()} cores (nproc {command_output('nproc')})")
    print(f"  date         {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    print(f"  kernel       {platform.system()} {platform.release()}")
    print(f"  Python       {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    print(f"  Rust         {command_output('rustc', '--version')}, release profile")
    print(f"  jpki         {jpki.__version__} (wheel built with maturin {args.maturin or '?'}), "
          f"RSA provider {args.wheel_provider}")
    from cryptography.hazmat.backends.openssl import backend

    print(f"  cryptography {cryptography.__version__} ({backend.openssl_version_text()})")

    tmp = tempfile.TemporaryDirectory(prefix="py-bench-")
    fixture_dir = args.fixtures or Path(tmp.name)
    fx = make_fixtures(fixture_dir)
    print(f"== fixtures (jpki.sim, {fx.seconds:.1f} s) in {fixture_dir}")
    print(f"  signing certificate {len(fx.signer_der)} bytes; SignedData {len(fx.signed)} bytes "
          f"(detached, over {len(fx.content)} bytes); CRL {len(fx.crl)} bytes, "
          f"{fx.crl_entries if fx.crl_entries is not None else '?'} entries")

    # (a) the same values on both sides, before anything is timed.
    der = fx.signer_der
    ours = jpki.Certificate.from_der(der).personal_info
    theirs = read_4info_cryptography(der)
    assert ours is not None
    mine = (ours.name, ours.birth_date, ours.sex, ours.address,
            ours.name_substitutes, ours.address_substitutes, ours.other_fields)
    other = (theirs.name, theirs.birth_date, theirs.sex, theirs.address,
             theirs.name_substitutes, theirs.address_substitutes, theirs.other_fields)
    if mine != other:
        raise SystemExit(f"jpki and cryptography read different 4 basic info:\n  {mine}\n  {other}")
    if not theirs.name_substitutes:
        raise SystemExit("the certificate has no substitute in the name; the fixture is wrong")
    print(f"  4 basic info (same on both sides): {theirs.name} (substitutes at "
          f"{list(theirs.name_substitutes)}), {theirs.birth_date}, {theirs.sex}, {theirs.address}")

    # (b) the Python side's verifier, and its checks.
    loops = Loops(fx)
    verifier, signed, content, applicant, at = (
        loops.verifier, loops.signed, loops.content, loops.applicant, loops.at)
    verdict = verifier.verify(signed, content=content, applicant=applicant, at=at)
    if not verdict.valid or verdict.revocation_status != "good":
        raise SystemExit(f"the application does not verify from Python: {verdict.to_json()}")
    altered = bytes([content[0] ^ 1]) + content[1:]
    if verifier.verify(signed, content=altered, applicant=applicant, at=at).valid:
        raise SystemExit("an altered content verified from Python")

    other_provider = "ring" if args.wheel_provider == "rustcrypto" else "rustcrypto"
    native = Native(args.rust_bin, fixture_dir, args.wheel_provider)
    native_other = Native(args.rust_bin, fixture_dir, other_provider)

    # Warm-up.
    for loop in (loops.jpki_4info, loops.crypto_4info, loops.jpki_parse, loops.crypto_parse):
        loop(200)
    loops.verify(100)

    quiet_until = time.monotonic() + args.quiet_wait
    busy = busy_over(1.0)
    while busy > 10 and time.monotonic() < quiet_until:
        print(f"  (CPUs {busy:.0f}% busy with other work; waiting for them to be idle)")
        busy = busy_over(2.0)
    if busy > 10:
        print(f"WARNING: the CPUs were {busy:.0f}% busy with other work just before measuring; "
              "figures will be noisy")

    pn, vn, rounds = args.parse_n, args.verify_n, args.rounds
    pc, vc = max(1, pn // rounds), max(1, vn // rounds)
    a_jpki = Series("jpki: from_der + personal_info + 4 fields", [])
    a_crypto = Series("cryptography: load + SAN otherNames + decode", [])
    a_jpki_parse = Series("jpki: Certificate.from_der alone", [])
    a_crypto_parse = Series("cryptography: load_der_x509_certificate alone", [])
    a_native = Series("Rust: Certificate::from_der + personal_info + 4 fields", [])
    b_py = Series(f"Python: jpki.Verifier.verify ({args.wheel_provider})", [])
    b_rs = Series(f"Rust: Verifier::verify ({args.wheel_provider})", [])
    b_rs_other = Series(f"Rust: Verifier::verify ({other_provider}, for information)", [])
    steps: list[tuple[Series, int, Callable[[int], float]]] = [
        (a_jpki, pc, lambda n: chunk(loops.jpki_4info, n)),
        (a_crypto, pc, lambda n: chunk(loops.crypto_4info, n)),
        (a_jpki_parse, pc, lambda n: chunk(loops.jpki_parse, n)),
        (a_crypto_parse, pc, lambda n: chunk(loops.crypto_parse, n)),
        (a_native, pc, lambda n: native.run("parse", n)),
        (b_py, vc, lambda n: chunk(loops.verify, n)),
        (b_rs, vc, lambda n: native.run("verify", n)),
        (b_rs_other, vc, lambda n: native_other.run("verify", n)),
    ]
    # Per round, the two sides of each target measured back to back.
    pairs_a: list[float] = []
    pairs_b: list[float] = []
    pairs_parse: list[float] = []
    rep_busy: list[float] = []

    print(f"== measuring: {args.reps} repetitions of {rounds} rounds; per round and side "
          f"{pc} parses or {vc} verifications, the order reversed every other round")
    before_all = cpu_counters()
    gc.disable()
    try:
        for rep in range(args.reps):
            gc.collect()
            before = cpu_counters()
            total = {id(series): 0.0 for series, _, _ in steps}
            for r in range(rounds):
                order = steps if (rep * rounds + r) % 2 == 0 else steps[::-1]
                took = {}
                for series, n, run in order:
                    took[id(series)] = run(n) * n
                    total[id(series)] += took[id(series)]
                pairs_a.append(took[id(a_crypto)] / took[id(a_jpki)])
                pairs_b.append(took[id(b_py)] / took[id(b_rs)])
                pairs_parse.append(took[id(a_jpki)] / took[id(a_native)])
            for series, n, _ in steps:
                series.ns.append(total[id(series)] / (n * rounds))
            rep_busy.append(busy_percent(before, cpu_counters()))
            print(f"  rep {rep + 1:2}: 4-info jpki {a_jpki.ns[-1] / 1e3:6.2f} µs, cryptography "
                  f"{a_crypto.ns[-1] / 1e3:6.2f} µs; verify Python {b_py.ns[-1] / 1e3:6.1f} µs, "
                  f"Rust {b_rs.ns[-1] / 1e3:6.1f} µs; CPUs {rep_busy[-1]:.0f}% busy")
    finally:
        gc.enable()
    during = busy_percent(before_all, cpu_counters())
    native.close()
    native_other.close()

    # What single binding calls cost (median of 3 loops each), to explain (a) and (b).
    cert = jpki.Certificate.from_der(der)
    info = cert.personal_info
    assert info is not None

    def call_getter(n: int) -> None:
        for _ in range(n):
            verifier.crl_count

    def get_personal_info(n: int) -> None:
        for _ in range(n):
            cert.personal_info

    def get_texts(n: int) -> None:
        for _ in range(n):
            info.name, info.sex, info.address

    def get_birth_date(n: int) -> None:
        for _ in range(n):
            info.birth_date

    def convert_time(n: int) -> None:
        for _ in range(n):
            cert.is_valid_at(at)

    def read_verdict(n: int) -> None:
        for _ in range(n):
            verdict.valid, verdict.revocation_status

    micro = [
        ("verifier.crl_count (a getter: the cost of any call)", call_getter),
        ("cert.personal_info (a new PersonalInfo each time)", get_personal_info),
        ("info.name + info.sex + info.address", get_texts),
        ("info.birth_date (a datetime.date each time)", get_birth_date),
        ("cert.is_valid_at(at) (the aware datetime read as a time)", convert_time),
        ("verdict.valid + verdict.revocation_status", read_verdict),
    ]
    micro_ns = [(label, statistics.median(timed(loop, 20000) for _ in range(3))) for label, loop in micro]

    print()
    print(f"{cpu_model()}, {os.cpu_count()} cores, "
          f"{dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')}, "
          f"Python {platform.python_version()}, {command_output('rustc', '--version')}")
    print(f"CPUs {busy:.0f}% busy just before measuring, {during:.0f}% on average while measuring "
          f"(one core = {100 / (os.cpu_count() or 1):.0f}%; per repetition "
          f"{min(rep_busy):.0f}–{max(rep_busy):.0f}%)")
    print()
    header = f"  {'per operation, median of ' + str(args.reps) + ' repetitions':<58} {'median':>12}   {'min – max':>19}   spread"
    print("(a) parse a certificate and read its 4 basic info")
    print(header)
    for s in (a_jpki, a_crypto, a_jpki_parse, a_crypto_parse, a_native):
        print(s.row())
    print()
    print("(b) verify the signed application (detached SignedData, CRL, applicant compared)")
    print(header)
    for s in (b_py, b_rs, b_rs_other):
        print(s.row())
    print("  (spread: half the min–max range over the median)")
    print()

    speedup = a_crypto.median / a_jpki.median
    sp_med, sp_lo, sp_hi = statistics.median(pairs_a), *quartiles(pairs_a)
    overhead = b_py.median / b_rs.median - 1
    ov_med, ov_lo, ov_hi = statistics.median(pairs_b), *quartiles(pairs_b)

    def verdict_of(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    print(f"targets (issue 11); verdicts on the median of the {len(pairs_b)} per-round ratios (the two")
    print("sides measured back to back), their quartiles and the ratio of the medians beside it")
    print(f"  4-info read faster than cryptography     cryptography / jpki = {sp_med:5.2f}x "
          f"(quartiles {sp_lo:.2f}–{sp_hi:.2f}x; of the medians {speedup:.2f}x)   "
          f"{verdict_of(sp_med > 1)}")
    print(f"  verification overhead <= 20% over Rust   Python / Rust - 1 = {100 * (ov_med - 1):+5.1f}% "
          f"(quartiles {100 * (ov_lo - 1):+.1f}% – {100 * (ov_hi - 1):+.1f}%; of the medians "
          f"{100 * overhead:+.1f}%)   {verdict_of(ov_med <= 1.20)}")
    print()
    micro_of = dict((label.split(" (")[0], ns) for label, ns in micro_ns)
    parse_extra = (statistics.median(pairs_parse) - 1) * a_native.median
    verify_extra = (ov_med - 1) * b_rs.median
    reads = micro_of["cert.personal_info"] + micro_of["info.name + info.sex + info.address"] \
        + micro_of["info.birth_date"]
    print("where the time goes (absolute differences: the median per-round ratio times the Rust median)")
    print(f"  (a) jpki from Python {a_jpki.median / 1e3:.2f} µs, native parse and read "
          f"{a_native.median / 1e3:.2f} µs: Python / Rust - 1 = "
          f"{100 * (statistics.median(pairs_parse) - 1):+.1f}% per round, about {parse_extra / 1e3:+.2f} µs; "
          f"reading personal_info and its 4 fields from Python costs {reads / 1e3:.2f} µs (single "
          f"calls below); from_der alone {a_jpki_parse.median / 1e3:.2f} µs")
    print(f"      cryptography {a_crypto.median / 1e3:.2f} µs = load "
          f"{a_crypto_parse.median / 1e3:.2f} µs + {(a_crypto.median - a_crypto_parse.median) / 1e3:.2f} µs "
          "for cert.extensions (every extension to Python objects), the SAN and the decoding")
    print(f"  (b) Python / Rust - 1 = {100 * (ov_med - 1):+.1f}% per round, about {verify_extra / 1e3:+.1f} µs "
          f"per verification; of which the call and the verdict's two reads "
          f"{(micro_of['verifier.crl_count'] + micro_of['verdict.valid + verdict.revocation_status']) / 1e3:.2f} µs "
          f"and reading `at` {micro_of['cert.is_valid_at(at)'] / 1e3:.2f} µs (single calls below)")
    if args.wheel_provider != "ring":
        print(f"      the wheel verifies RSA with {args.wheel_provider}; with ring the same Rust "
              f"call takes {b_rs_other.median / 1e3:.1f} µs "
              f"({b_rs.median / b_rs_other.median:.2f}x faster)")
    print("  single calls from Python (median of 3 loops of 20,000):")
    for label, ns in micro_ns:
        print(f"    {label:<62} {ns / 1e3:7.3f} µs")
    print()
    print(f"py_bench.py measured for {time.monotonic() - started:.0f} s")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
