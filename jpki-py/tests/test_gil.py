"""The GIL is released around verification, CRL loading and card I/O.

With the switch interval set far beyond the test's length, the interpreter never
takes the GIL from a thread: another thread runs only while the first one lets
go of it. A counter thread then moves during a loop of calls only if those calls
release the GIL; if they did not, it could not move at all (no false pass)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

import jpki
from support import AT_AFTER, World


@pytest.fixture
def no_forced_switches() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def ticks_during(work: Callable[[], object], seconds: float = 3.0) -> int:
    """How many times a spinning thread ran while `work` was called over and over,
    until the spinner ran or `seconds` passed. A call that releases the GIL gives
    the spinner a window; whether it wins that window is up to the OS, so the
    calls repeat until it does (usually the first few). A call that never
    releases it never lets the spinner run, however long this goes on."""
    ticks = [0]
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0)  # hand the GIL back at once

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        start = ticks[0]
        deadline = time.monotonic() + seconds
        while ticks[0] == start and time.monotonic() < deadline:
            work()
        return ticks[0] - start
    finally:
        stop.set()
        spinner.join(timeout=60)


@pytest.mark.usefixtures("no_forced_switches")
def test_verification_releases_the_gil(world: World) -> None:
    verifier = world.verifier(crl=world.crl_after)

    def verify() -> None:
        assert verifier.verify(world.taro_signed, at=AT_AFTER).valid

    assert ticks_during(verify) > 0


@pytest.mark.usefixtures("no_forced_switches")
def test_crl_loading_releases_the_gil(world: World) -> None:
    def load() -> None:
        assert len(jpki.Crl.load(world.crl_after, world.taro.sign_ca)) == 1

    assert ticks_during(load) > 0


@pytest.mark.usefixtures("no_forced_switches")
def test_card_io_releases_the_gil(world: World) -> None:
    card = jpki.Card(world.taro.card)

    def read() -> None:
        assert card.read_certificate("auth-ca").is_ca

    assert ticks_during(read) > 0
    card.close()


def test_the_method_can_fail() -> None:
    """The counter cannot move while a thread holds the GIL without letting go:
    a pure-Python loop with switches disabled shows zero ticks."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:

        def busy() -> None:
            sum(range(20_000))

        assert ticks_during(busy, seconds=0.5) == 0
    finally:
        sys.setswitchinterval(before)

