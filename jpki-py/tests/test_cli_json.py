"""`Verdict.to_dict()` and `CertificateVerdict.to_dict()` are the documents `jpki
verify --json` and `jpki cert verify --json` print: same keys, same order, same values.

The CLI binary is `$JPKI_CLI`, or target/debug/jpki of the repository; without it
these tests fail (scripts/py-tests.sh builds it)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import cast

import pytest

import jpki
from support import AT, AT_AFTER, World

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cli() -> Path:
    given = os.environ.get("JPKI_CLI")
    path = Path(given) if given else REPO / "target" / "debug" / "jpki"
    assert path.is_file() and os.access(path, os.X_OK), (
        f"the jpki CLI is needed at {path} (set JPKI_CLI or `cargo build -p jpki-cli`)"
    )
    return path


@pytest.fixture(scope="module")
def files(world: World, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    out = {
        "trust": d / "trust.pem",
        "taro.p7s": d / "taro.p7s",
        "hanako.p7s": d / "hanako.p7s",
        "before.crl": d / "before.crl",
        "after.crl": d / "after.crl",
        "taro.pem": d / "taro.pem",
        "hanako.pem": d / "hanako.pem",
        "taro-auth.pem": d / "taro-auth.pem",
    }
    out["trust"].write_bytes(world.authority.trust_anchors_pem())
    out["taro.p7s"].write_bytes(world.taro_signed)
    out["hanako.p7s"].write_bytes(world.hanako_signed)
    out["before.crl"].write_bytes(world.crl_before)
    out["after.crl"].write_bytes(world.crl_after)
    out["taro.pem"].write_text(world.taro.signing.to_pem(), encoding="utf-8")
    out["hanako.pem"].write_text(world.hanako.signing.to_pem(), encoding="utf-8")
    out["taro-auth.pem"].write_text(world.taro.authentication.to_pem(), encoding="utf-8")
    return out


def run_json(cli: Path, args: list[str], *, valid: bool) -> object:
    done = subprocess.run(
        [str(cli), *args, "--json"], capture_output=True, timeout=60, check=False
    )
    stderr = done.stderr.decode(errors="replace")
    assert done.returncode == (0 if valid else 1), f"exit {done.returncode}: {stderr}"
    return json.loads(done.stdout.decode("utf-8"))


def assert_same_document(cli_doc: object, py_doc: dict[str, object]) -> None:
    assert isinstance(cli_doc, dict)
    assert cli_doc == py_doc
    # Key order too, at every level.
    assert list(cast("dict[str, object]", cli_doc)) == list(py_doc)
    assert json.dumps(cli_doc, ensure_ascii=False) == json.dumps(py_doc, ensure_ascii=False)


APPLICANT_ARGS = [
    "--expect-name",
    "髙橋 太郎",
    "--expect-birth",
    "昭和25年4月1日",
    "--expect-sex",
    "male",
    "--expect-address",
    "東京都千代田区霞が関2-1-2",
]
APPLICANT = dict(name="髙橋 太郎", birth_date="昭和25年4月1日", address="東京都千代田区霞が関2-1-2")


def test_verify_valid_with_applicant(world: World, cli: Path, files: dict[str, Path]) -> None:
    verifier = world.verifier(crl=world.crl_before)
    applicant = jpki.Applicant(sex="male", **APPLICANT)
    verdict = verifier.verify(world.taro_signed, applicant=applicant, at=AT)
    assert verdict.valid
    cli_doc = run_json(
        cli,
        ["verify", str(files["taro.p7s"]), "--trust", str(files["trust"]),
         "--crl", str(files["before.crl"]), "--at", AT.isoformat(), *APPLICANT_ARGS],
        valid=True,
    )
    assert_same_document(cli_doc, verdict.to_dict())
    assert json.loads(verdict.to_json()) == cli_doc


def test_verify_revoked(world: World, cli: Path, files: dict[str, Path]) -> None:
    verdict = world.verifier(crl=world.crl_after).verify(world.hanako_signed, at=AT_AFTER)
    assert not verdict.valid
    cli_doc = run_json(
        cli,
        ["verify", str(files["hanako.p7s"]), "--trust", str(files["trust"]),
         "--crl", str(files["after.crl"]), "--at", AT_AFTER.isoformat()],
        valid=False,
    )
    assert_same_document(cli_doc, verdict.to_dict())


def test_verify_mismatch_and_hard_fail(world: World, cli: Path, files: dict[str, Path]) -> None:
    # No CRL (hard fail) and a wrong birth date: two failed checks.
    applicant = jpki.Applicant(birth_date="S25.4.2", name="高田 太郎")
    verdict = world.verifier().verify(world.taro_signed, applicant=applicant, at=AT)
    assert not verdict.valid
    cli_doc = run_json(
        cli,
        ["verify", str(files["taro.p7s"]), "--trust", str(files["trust"]),
         "--at", AT.isoformat(), "--expect-birth", "S25.4.2", "--expect-name", "高田 太郎"],
        valid=False,
    )
    assert_same_document(cli_doc, verdict.to_dict())


def test_verify_soft_and_off(world: World, cli: Path, files: dict[str, Path]) -> None:
    for mode in ("soft", "off"):
        verdict = world.verifier(revocation=mode).verify(world.taro_signed, at=AT)
        assert verdict.valid
        cli_doc = run_json(
            cli,
            ["verify", str(files["taro.p7s"]), "--trust", str(files["trust"]),
             "--revocation", mode, "--at", AT.isoformat()],
            valid=True,
        )
        assert_same_document(cli_doc, verdict.to_dict())


def test_cert_verify(world: World, cli: Path, files: dict[str, Path]) -> None:
    verifier = world.verifier(crl=world.crl_after)
    good = verifier.verify_certificate(world.taro.signing, at=AT_AFTER)
    assert good.valid
    cli_doc = run_json(
        cli,
        ["cert", "verify", str(files["taro.pem"]), "--trust", str(files["trust"]),
         "--crl", str(files["after.crl"]), "--at", AT_AFTER.isoformat()],
        valid=True,
    )
    assert_same_document(cli_doc, good.to_dict())

    revoked = verifier.verify_certificate(world.hanako.signing, at=AT_AFTER)
    assert not revoked.valid
    cli_doc = run_json(
        cli,
        ["cert", "verify", str(files["hanako.pem"]), "--trust", str(files["trust"]),
         "--crl", str(files["after.crl"]), "--at", AT_AFTER.isoformat()],
        valid=False,
    )
    assert_same_document(cli_doc, revoked.to_dict())

    wrong_usage = verifier.verify_certificate(world.taro.signing, usage="authentication", at=AT_AFTER)
    cli_doc = run_json(
        cli,
        ["cert", "verify", str(files["taro.pem"]), "--trust", str(files["trust"]),
         "--crl", str(files["after.crl"]), "--usage", "auth", "--at", AT_AFTER.isoformat()],
        valid=False,
    )
    assert_same_document(cli_doc, wrong_usage.to_dict())

    off = world.verifier(revocation="off").verify_certificate(
        world.taro.authentication, usage="any", at=AT
    )
    cli_doc = run_json(
        cli,
        ["cert", "verify", str(files["taro-auth.pem"]), "--trust", str(files["trust"]),
         "--revocation", "off", "--usage", "any", "--at", AT.isoformat()],
        valid=True,
    )
    assert_same_document(cli_doc, off.to_dict())
