"""One verifier shared by several threads, with CRLs replaced while they verify."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import jpki
from support import AT_AFTER, AT_MOVE, World

THREADS = 8
ROUNDS = 12


def test_shared_verifier_under_threads(world: World) -> None:
    # Newer and newer CRLs of the municipality, all listing Hanako (moved) and not Taro.
    crls = [
        world.authority.crl(world.taro.signing, at=AT_MOVE + datetime.timedelta(minutes=k))
        for k in range(1, 7)
    ]
    verifier = world.verifier(crl=world.crl_after)
    start = threading.Barrier(THREADS + 1)
    replaced: list[str] = []

    def verify_many(worker: int) -> list[tuple[int, bool, str, int | None]]:
        start.wait()
        results: list[tuple[int, bool, str, int | None]] = []
        for i in range(ROUNDS):
            signed = world.taro_signed if (worker + i) % 2 == 0 else world.hanako_signed
            verdict = verifier.verify(signed, at=AT_AFTER)
            error = verdict.error
            results.append(
                (
                    (worker + i) % 2,
                    verdict.valid,
                    verdict.revocation_status,
                    None if error is None else error.code,
                )
            )
        return results

    def add_crls() -> None:
        start.wait()
        for crl in crls:
            replaced.append(verifier.add_crl(crl))

    with ThreadPoolExecutor(max_workers=THREADS + 1) as pool:
        futures = [pool.submit(verify_many, w) for w in range(THREADS)]
        adder = pool.submit(add_crls)
        results = [r for f in futures for r in f.result(timeout=120)]
        adder.result(timeout=120)

    assert len(results) == THREADS * ROUNDS
    for who, valid, status, code in results:
        if who == 0:  # Taro: valid whatever CRL is current
            assert (valid, status, code) == (True, "good", None)
        else:  # Hanako: revoked in every CRL
            assert (valid, status, code) == (False, "revoked", 600)
    assert replaced == ["replaced"] * len(crls)
    assert verifier.crl_count == 1


def test_certificates_and_crls_across_threads(world: World) -> None:
    crl = jpki.Crl.load(world.crl_after, world.taro.sign_ca)
    hanako = world.hanako.signing.serial
    taro = world.taro.signing.serial

    def look(i: int) -> tuple[bool, bool, bool]:
        cert = jpki.Certificate.from_der(world.taro.signing.der)
        return crl.is_revoked(hanako), crl.is_revoked(taro if i % 2 else world.taro.signing), cert == world.taro.signing

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        answers = list(pool.map(look, range(200)))
    assert answers == [(True, False, True)] * 200
