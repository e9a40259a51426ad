"""What the tests share: the times, the residents, and helpers around the simulator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal, cast

import jpki
import jpki.sim

UTC = datetime.timezone.utc
JST = datetime.timezone(datetime.timedelta(hours=9))

# 2026-11-21 10:00 JST, the time the Rust and CLI tests use too.
AT = datetime.datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
# Hanako moves an hour later; checks after the move run at AT_AFTER.
AT_MOVE = AT + datetime.timedelta(hours=1)
AT_AFTER = AT + datetime.timedelta(hours=2)

Sex = Literal["male", "female", "unknown"]
RevocationMode = Literal["hard", "soft", "off"]

CONTENT = "口座開設申込書\n氏名: 髙橋 太郎\n".encode()


@dataclass(frozen=True)
class Resident:
    name: str
    birth_date: datetime.date
    sex: Sex
    address: str
    sign_password: str
    auth_pin: str


# 髙 is outside the certificate charset: the certificate carries 高 and marks
# position 0. The address uses a kanji block number (二丁目) for normalization.
TARO = Resident(
    name="髙橋 太郎",
    birth_date=datetime.date(1950, 4, 1),
    sex="male",
    address="東京都千代田区霞が関二丁目1番2号",
    sign_password="TARO1950",
    auth_pin="1234",
)
HANAKO = Resident(
    name="佐藤 花子",
    birth_date=datetime.date(1990, 7, 15),
    sex="female",
    address="東京都千代田区永田町1丁目7番1号",
    sign_password="HANAKO1990",
    auth_pin="5678",
)


@dataclass
class Holder:
    """A resident with a personalized virtual card and its certificates."""

    resident: Resident
    card: jpki.sim.VirtualCard
    signing: jpki.Certificate
    authentication: jpki.Certificate
    sign_ca: jpki.Certificate
    auth_ca: jpki.Certificate


def personalize(
    authority: jpki.sim.Authority,
    resident: Resident,
    *,
    at: datetime.datetime = AT,
) -> Holder:
    card = jpki.sim.VirtualCard()
    issued = authority.personalize(
        card,
        name=resident.name,
        birth_date=resident.birth_date,
        sex=resident.sex,
        address=resident.address,
        sign_password=resident.sign_password,
        auth_pin=resident.auth_pin,
        at=at,
    )
    signing = issued.signing
    assert signing is not None, "an adult gets a signing certificate"
    with jpki.Card(card) as c:
        sign_ca = c.read_certificate("sign-ca")
        auth_ca = c.read_certificate("auth-ca")
    return Holder(resident, card, signing, issued.authentication, sign_ca, auth_ca)


def sign(holder: Holder, content: bytes, *, at: datetime.datetime = AT) -> bytes:
    with jpki.Card(holder.card) as c:
        return c.sign(content, pin=holder.resident.sign_password, signing_time=at)


@dataclass
class World:
    authority: jpki.sim.Authority
    taro: Holder
    hanako: Holder
    taro_signed: bytes
    hanako_signed: bytes
    # The municipality's signing CRL at AT (nobody revoked) and at AT_MOVE
    # (Hanako revoked by her move).
    crl_before: bytes
    crl_after: bytes
    hanako_revoked: list[int]

    def anchors(self) -> list[jpki.Certificate]:
        return self.authority.trust_anchors

    def verifier(
        self, *, crl: bytes | None = None, revocation: RevocationMode = "hard"
    ) -> jpki.Verifier:
        """A verifier trusting this authority, with `crl` added when given."""
        verifier = jpki.Verifier(self.anchors(), revocation=revocation)
        if crl is not None:
            verifier.add_crl(crl)
        return verifier


def at_path(document: object, *keys: str | int) -> object:
    """`document[k1][k2]…` through dicts and lists, failing clearly on a wrong shape."""
    node = document
    for key in keys:
        if isinstance(key, str):
            assert isinstance(node, dict), f"expected an object at {key!r}, got {node!r}"
            mapping = cast("dict[str, object]", node)
            assert key in mapping, f"missing key {key!r} in {list(mapping)}"
            node = mapping[key]
        else:
            assert isinstance(node, list), f"expected a list at {key}, got {node!r}"
            node = cast("list[object]", node)[key]
    return node


# ISO 7816 VERIFY: CLA 00, INS 20. With a secret it carries Lc and data; without,
# it asks the retry counter.
VERIFY_INS = 0x20


class RecordingTransport:
    """A Python transport: sends every command APDU to a virtual card and keeps a copy."""

    def __init__(self, card: jpki.sim.VirtualCard) -> None:
        self.card = card
        self.commands: list[bytes] = []
        self.responses: list[bytes] = []

    def transmit(self, command: bytes, /) -> bytes:
        assert isinstance(command, bytes), type(command)
        self.commands.append(command)
        response = self.card.transmit(command)
        self.responses.append(response)
        return response

    def verifies_with_secret(self) -> list[bytes]:
        """The VERIFY commands that carried a secret."""
        return [c for c in self.commands if len(c) > 5 and c[1] == VERIFY_INS]

    def counter_queries(self) -> list[bytes]:
        """The VERIFY commands without data (retry counter queries)."""
        return [c for c in self.commands if len(c) == 4 and c[1] == VERIFY_INS]
