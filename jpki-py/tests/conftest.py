"""Session fixtures: one simulated J-LIS for the whole session (RSA key generation is
slow), two residents personalized at its window, their signatures, and the CRLs of
their municipality before and after one of them moves."""

from __future__ import annotations

import pytest

import jpki.sim
from support import AT, AT_MOVE, CONTENT, HANAKO, TARO, World, personalize, sign


@pytest.fixture(scope="session")
def world() -> World:
    authority = jpki.sim.Authority(at=AT)
    taro = personalize(authority, TARO)
    hanako = personalize(authority, HANAKO)
    taro_signed = sign(taro, CONTENT)
    hanako_signed = sign(hanako, CONTENT)
    crl_before = authority.crl(taro.signing, at=AT)
    revoked = authority.event(hanako.signing, "move", at=AT_MOVE)
    crl_after = authority.crl(taro.signing, at=AT_MOVE)
    return World(
        authority=authority,
        taro=taro,
        hanako=hanako,
        taro_signed=taro_signed,
        hanako_signed=hanako_signed,
        crl_before=crl_before,
        crl_after=crl_after,
        hanako_revoked=revoked,
    )


@pytest.fixture(scope="session")
def other_authority() -> jpki.sim.Authority:
    """A second, unrelated simulated J-LIS."""
    return jpki.sim.Authority(at=AT)
