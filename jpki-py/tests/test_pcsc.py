"""jpki.Card over PC/SC: a simulator card served into vsmartcard-vpcd's reader by
`jpki sim card-serve`, reached through pcscd exactly as a real card in a reader.

Needs pcscd with the vpcd reader (scripts/pcscd.sh start; the test command starts
it) and the jpki CLI ($JPKI_CLI or target/debug/jpki). Without them this test
fails; it never skips."""

from __future__ import annotations

import datetime
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import jpki

REPO = Path(__file__).resolve().parents[2]
SIGN_PW = "TARO1950"
AUTH_PIN = "1234"
AT = "2026-11-21T01:00:00Z"


def cli() -> Path:
    given = os.environ.get("JPKI_CLI")
    path = Path(given) if given else REPO / "target" / "debug" / "jpki"
    assert path.is_file() and os.access(path, os.X_OK), f"the jpki CLI is needed at {path}"
    return path


def run(*args: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        [str(cli()), *args],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A card issued by `jpki sim issue --card` and served into vpcd's reader;
    yields the authority's directory."""
    d = tmp_path_factory.mktemp("pcsc")
    run("sim", "init", str(d / "ca"), "--at", AT)
    run(
        "sim", "issue", str(d / "ca"), "--name", "髙橋 太郎", "--birth", "1950-04-01",
        "--sex", "male", "--address", "東京都千代田区霞が関二丁目1番2号",
        "--card", str(d / "card.json"), "--sign-pin-env", "SIGN_PW",
        "--auth-pin-env", "AUTH_PIN", "--out", str(d / "sign.pem"), "--at", AT,
        env={"SIGN_PW": SIGN_PW, "AUTH_PIN": AUTH_PIN},
    )
    try:
        jpki.Card.readers()
    except jpki.CardError as e:
        pytest.fail(f"pcscd is not running ({e}): run scripts/pcscd.sh start")
    server = subprocess.Popen(
        [str(cli()), "sim", "card-serve", str(d / "card.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with jpki.Card.open() as card:
                    card.info()
                break
            except jpki.CardError:
                assert server.poll() is None, (
                    "jpki sim card-serve stopped: "
                    + (server.stderr.read().decode(errors="replace") if server.stderr else "")
                )
                assert time.monotonic() < deadline, "the served card never showed in a reader"
                time.sleep(0.1)
        yield d
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_card_over_pcsc_reads_signs_and_verifies(served: Path) -> None:
    readers = jpki.Card.readers()
    assert readers, "no reader listed"
    with jpki.Card.open() as card:
        info = card.info()
        assert info.kind == "my-number-card"
        assert info.has_signing_certificate and info.has_authentication_certificate
        auth = card.read_certificate("auth")
        assert auth.kind == "authentication" and auth.personal_info is None
        before = card.pin_status("signing-password").remaining
        assert before is not None and before > 1
        signing = card.read_certificate("sign", pin=SIGN_PW)
        info4 = signing.personal_info
        assert info4 is not None and info4.name_substitutes == (0,)
        signed = card.sign(b"form over PC/SC", pin=SIGN_PW)
    # The connection is released by the context manager: a closed card refuses.
    with pytest.raises(jpki.CardError) as closed:
        card.info()
    assert closed.value.code == 807

    verifier = jpki.Verifier((served / "ca" / "trust.pem").read_bytes(), revocation="off")
    at = datetime.datetime(2026, 11, 21, 2, 0, tzinfo=datetime.timezone.utc)
    verdict = verifier.verify(signed, applicant=jpki.Applicant(name="髙橋太郎"), at=at)
    assert verdict.valid, verdict.error
    assert verdict.signer == signing


def test_a_reader_that_does_not_exist(served: Path) -> None:
    with pytest.raises(jpki.CardError) as e:
        jpki.Card.open("jpki python test: no such reader")
    assert e.value.kind in {"TRANSPORT"}
