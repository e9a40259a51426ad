"""Logging in with the card from Python (issue 13): a relying party's challenge,
the virtual card answering it through jpki.Card, Verifier.verify_login with each
refusal as its own exception and code, nonce stores (the in-memory one and a
Python object), and account binding across the two certificates through a move
and a death."""

from __future__ import annotations

import datetime
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import jpki
import jpki.sim
from support import (
    AT,
    HANAKO,
    TARO,
    Holder,
    RecordingTransport,
    Resident,
    World,
    at_path,
    personalize,
)
from test_gil import ticks_during

RP = "bank.example"
LIFETIME = datetime.timedelta(seconds=300)

# ISO 7816 / JPKI commands the login sends, as the virtual card sees them.
SELECT_AUTH_CERT = bytes([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A])
COMPUTE_SIGNATURE = bytes([0x80, 0x2A, 0x00, 0x80])

SHIRO = Resident(
    name="伊藤 四郎",
    birth_date=datetime.date(1975, 3, 3),
    sex="male",
    address="東京都千代田区霞が関三丁目2番1号",
    sign_password="SHIRO1975",
    auth_pin="2580",
)
ROKURO = Resident(
    name="小林 六郎",
    birth_date=datetime.date(1982, 8, 8),
    sex="male",
    address="東京都千代田区丸の内一丁目9番1号",
    sign_password="ROKURO1982",
    auth_pin="4826",
)
GORO = Resident(
    name="中村 五郎",
    birth_date=datetime.date(1960, 6, 6),
    sex="male",
    address="東京都千代田区永田町2丁目3番4号",
    sign_password="GORO1960",
    auth_pin="3690",
)
APPLICATION = "口座開設申込書\n氏名: 伊藤 四郎\n".encode()


def expect(cls: type[jpki.JpkiError], code: int, call: Callable[[], object]) -> jpki.JpkiError:
    """Runs `call`, which must raise exactly `cls` with `code` and its kind name."""
    with pytest.raises(jpki.JpkiError) as info:
        call()
    error = info.value
    assert type(error) is cls, f"{type(error).__name__} ({error!r}), expected {cls.__name__}"
    assert error.code == code, repr(error)
    assert error.kind == jpki.error_kinds()[code], repr(error)
    assert str(error)
    return error


def challenge(at: datetime.datetime = AT) -> jpki.LoginChallenge:
    return jpki.LoginChallenge.generate(RP, issued_at=at, lifetime=LIFETIME)


def issued(store: jpki.NonceStore, at: datetime.datetime = AT) -> jpki.LoginChallenge:
    """A fresh challenge, recorded in `store`."""
    c = challenge(at)
    store.insert(c)
    return c


def respond(holder: Holder, c: jpki.LoginChallenge) -> jpki.LoginResponse:
    """The resident's card answers `c` (a session of its own, the PIN given)."""
    with jpki.Card(holder.card) as card:
        return card.login(c, holder.resident.auth_pin)


def crls(authority: jpki.sim.Authority, holder: Holder, at: datetime.datetime) -> list[bytes]:
    """The CRLs of both of the holder's certificates at `at`."""
    return [authority.crl(holder.signing, at=at), authority.crl(holder.authentication, at=at)]


def verifier_of(authority: jpki.sim.Authority, *lists: list[bytes]) -> jpki.Verifier:
    """A hard-fail verifier of `authority` with the CRLs given."""
    verifier = jpki.Verifier(authority.trust_anchors)
    for crl_list in lists:
        for crl in crl_list:
            verifier.add_crl(crl)
    return verifier


@pytest.fixture(scope="module")
def bank(world: World) -> jpki.Verifier:
    """The relying party: the world's roots with the CRLs of Taro's and Hanako's
    certificates at AT."""
    return verifier_of(
        world.authority, crls(world.authority, world.taro, AT), crls(world.authority, world.hanako, AT)
    )


@pytest.fixture(scope="module")
def stranger() -> Holder:
    """A resident of another simulated J-LIS (another hierarchy)."""
    return personalize(jpki.sim.Authority(at=AT), TARO)


# DER, just enough to find a certificate's SubjectPublicKeyInfo.


def read_tlv(data: bytes, at: int) -> tuple[int, int]:
    """(content start, end) of the DER TLV at `at`."""
    length = data[at + 1]
    start = at + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    return start, start + length


def children(data: bytes) -> list[bytes]:
    """The TLVs inside the constructed DER value `data`."""
    at, end = read_tlv(data, 0)
    out: list[bytes] = []
    while at < end:
        _, stop = read_tlv(data, at)
        out.append(data[at:stop])
        at = stop
    return out


def spki(certificate: jpki.Certificate) -> bytes:
    tbs = children(certificate.der)[0]
    fields = children(tbs)
    if fields[0][0] == 0xA0:  # [0] version
        fields = fields[1:]
    # serial, signature, issuer, validity, subject, subjectPublicKeyInfo
    return fields[5]


# The challenge and the response.


def test_challenge_values() -> None:
    nonce = bytes(range(32))
    expires = AT + LIFETIME
    c = jpki.LoginChallenge(RP, nonce, AT, expires)
    assert c.relying_party == RP
    assert c.nonce == nonce
    assert c.issued_at == AT and c.issued_at.tzinfo is not None
    assert c.expires_at == expires
    der = c.to_der()
    assert der[0] == 0x30 and b"jpki-login-challenge-v1" in der and nonce in der
    assert bytes(c) == der
    assert jpki.LoginChallenge.from_der(der) == c
    assert hash(jpki.LoginChallenge.from_der(der)) == hash(c)
    assert c.digest() == hashlib.sha256(der).digest()
    tbs = c.to_be_signed()
    # The SHA-256 DigestInfo: its DER prefix, then the digest.
    assert len(tbs) == 51
    assert tbs == bytes.fromhex("3031300d060960864801650304020105000420") + c.digest()
    assert not c.is_expired_at(expires - datetime.timedelta(seconds=1))
    assert c.is_expired_at(expires)
    assert (jpki.LoginChallenge.MIN_NONCE_LEN, jpki.LoginChallenge.MAX_NONCE_LEN) == (32, 64)
    assert jpki.LoginChallenge.MAX_RELYING_PARTY_LEN == 255
    # The same values in another time zone are the same challenge.
    jst = datetime.timezone(datetime.timedelta(hours=9))
    assert jpki.LoginChallenge(RP, nonce, AT.astimezone(jst), expires) == c
    assert jpki.LoginChallenge(RP, bytes(32), AT, expires) != c
    assert pickle.loads(pickle.dumps(c)) == c
    # repr shows at most a short prefix of the nonce.
    shown = repr(c)
    assert RP in shown and nonce[:4].hex() in shown
    assert nonce[:5].hex() not in shown
    content = c.registration_content(b"form")
    assert content[0] == 0x30 and der in content and content.endswith(b"form")


def test_generated_challenges() -> None:
    a = jpki.LoginChallenge.generate(RP, issued_at=AT)
    b = jpki.LoginChallenge.generate(RP, issued_at=AT)
    assert len(a.nonce) == 32 and a.nonce != b.nonce
    assert a.expires_at - a.issued_at == datetime.timedelta(seconds=300)
    assert jpki.LoginChallenge.generate(RP, issued_at=AT, lifetime=60).expires_at == AT + datetime.timedelta(seconds=60)
    assert jpki.LoginChallenge.generate(RP, issued_at=AT, lifetime=datetime.timedelta(minutes=2)).expires_at == (
        AT + datetime.timedelta(minutes=2)
    )
    # None: now, from the host's clock.
    now = datetime.datetime.now(datetime.timezone.utc)
    fresh = jpki.LoginChallenge.generate(RP)
    assert abs(fresh.issued_at - now) < datetime.timedelta(seconds=5)


def test_challenge_refusals() -> None:
    expires = AT + LIFETIME
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge(RP, bytes(31), AT, expires))
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge(RP, bytes(65), AT, expires))
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge("", bytes(32), AT, expires))
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge("bank\n.example", bytes(32), AT, expires))
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge(RP, bytes(32), AT, AT))
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge.generate(RP, issued_at=AT, lifetime=0))
    with pytest.raises(ValueError):
        jpki.LoginChallenge(RP, bytes(32), AT.replace(tzinfo=None), expires)
    with pytest.raises(ValueError):
        jpki.LoginChallenge.generate(RP, lifetime=-1)
    with pytest.raises(ValueError):
        jpki.LoginChallenge.generate(RP, lifetime=datetime.timedelta(seconds=1.5))
    with pytest.raises(TypeError):
        jpki.LoginChallenge.generate(RP, lifetime=1.5)  # type: ignore[arg-type]
    der = jpki.LoginChallenge(RP, bytes(32), AT, expires).to_der()
    expect(jpki.MalformedError, 100, lambda: jpki.LoginChallenge.from_der(der + b"\0"))
    expect(jpki.MalformedError, 100, lambda: jpki.LoginChallenge.from_der(der[:-1]))


def test_response_values() -> None:
    r = jpki.LoginResponse(bytes(32), b"certificate", b"signature")
    assert (r.nonce, r.certificate_der, r.signature) == (bytes(32), b"certificate", b"signature")
    der = r.to_der()
    assert bytes(r) == der and b"jpki-login-response-v1" in der
    assert jpki.LoginResponse.from_der(der) == r
    assert hash(jpki.LoginResponse.from_der(der)) == hash(r)
    assert pickle.loads(pickle.dumps(r)) == r
    # repr never shows the certificate or the signature.
    shown = repr(r)
    assert "certificate=11 bytes" in shown and "signature=9 bytes" in shown
    assert b"certificate".hex() not in shown
    # A challenge is not a response, nor the other way round.
    c = challenge()
    expect(jpki.MalformedError, 100, lambda: jpki.LoginResponse.from_der(c.to_der()))
    with pytest.raises(jpki.JpkiError):
        jpki.LoginChallenge.from_der(der)
    # Oversized responses are refused before parsing.
    huge = jpki.LoginResponse(bytes(32), bytes(20_000), b"s").to_der()
    expect(jpki.MalformedError, 100, lambda: jpki.LoginResponse.from_der(huge))


def test_memory_store() -> None:
    store = jpki.MemoryNonceStore(2)
    assert len(store) == 0
    a = issued(store)
    issued(store)
    assert len(store) == 2
    expect(jpki.LoginError, 1105, lambda: store.insert(challenge()))
    same = jpki.MemoryNonceStore(4)
    same.insert(a)
    expect(jpki.LoginError, 1100, lambda: same.insert(a))
    assert store.redeem(a.nonce) == a
    expect(jpki.LoginError, 1102, lambda: store.redeem(a.nonce))
    expect(jpki.LoginError, 1101, lambda: store.redeem(bytes(32)))
    # Redeemed nonces are remembered until their challenge expires.
    assert len(store) == 2
    store.prune(a.expires_at)
    assert len(store) == 0
    expect(jpki.LoginError, 1101, lambda: store.redeem(a.nonce))
    assert "held=0" in repr(store)


# The login.


def test_login_end_to_end(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(16)
    c = issued(store)
    # What goes over the wire, both ways, is DER.
    sent = jpki.LoginChallenge.from_der(c.to_der())
    response = jpki.LoginResponse.from_der(respond(world.taro, sent).to_der())
    assert response.nonce == c.nonce
    assert response.certificate_der == world.taro.authentication.der

    at = AT + datetime.timedelta(seconds=10)
    login = bank.verify_login(response, store, at=at)
    assert login.certificate == world.taro.authentication
    assert login.challenge == c
    assert login.at == at
    verdict = login.verdict
    assert verdict.valid and verdict.usage == "authentication"
    assert verdict.revocation_status == "good"
    assert [cert.kind for cert in verdict.path] == ["authentication", "ca"]

    # The account key: the issuing CA's key id, the serial, the key's SHA-256;
    # never the subject.
    account = login.account
    assert account.serial == world.taro.authentication.serial
    assert account.public_key_sha256 == hashlib.sha256(spki(world.taro.authentication)).digest()
    assert len(account.issuer_key_id) >= 20
    key_id, serial, key_hash = str(account).split(":")
    assert key_id == account.issuer_key_id.hex()
    assert int(serial, 16) == account.serial
    assert key_hash == account.public_key_sha256.hex()
    assert world.taro.authentication.subject not in str(account)
    assert str(account) in repr(account)

    d = login.to_dict()
    assert list(d) == ["valid", "schema_version", "at", "relying_party", "account", "certificate"]
    assert d["valid"] is True and d["relying_party"] == RP
    assert at_path(d, "account", "id") == str(account)
    assert account.to_dict() == d["account"]
    assert at_path(d, "certificate", "usage") == "authentication"
    assert at_path(d, "certificate", "checks", "revocation", "certificates", 0, "status") == "good"
    assert json.loads(login.to_json()) == d

    # A second login of the same card names the same account.
    second = bank.verify_login(respond(world.taro, issued(store)), store, at=AT)
    assert second.account == account
    assert hash(second.account) == hash(account)
    assert str(second.account) == str(account)
    # Another resident of the same CA: the same issuer key id, another account.
    other = bank.verify_login(respond(world.hanako, issued(store)), store, at=AT)
    assert other.account.issuer_key_id == account.issuer_key_id
    assert other.account != account
    assert other.account.serial == world.hanako.authentication.serial


def test_card_verifies_the_pin_first_and_signs_the_digest_info(world: World, bank: jpki.Verifier) -> None:
    transport = RecordingTransport(world.taro.card)
    store = jpki.MemoryNonceStore(4)
    c = issued(store)
    with jpki.Card(transport) as card:
        response = card.login(c, TARO.auth_pin)
        # Later in the same session the PIN is not needed again.
        again = issued(store)
        second = card.login(again)
    verifies = transport.verifies_with_secret()
    assert len(verifies) == 1, verifies
    assert verifies[0].endswith(TARO.auth_pin.encode())
    verify_at = transport.commands.index(verifies[0])
    cert_at = transport.commands.index(SELECT_AUTH_CERT)
    signs = [i for i, cmd in enumerate(transport.commands) if cmd.startswith(COMPUTE_SIGNATURE)]
    assert verify_at < cert_at < signs[0], "the PIN, then the certificate, then the signature"
    assert len(signs) == 2
    # The card signed exactly the challenge's SHA-256 DigestInfo.
    first = transport.commands[signs[0]]
    assert first[4] == 51 and first[5 : 5 + 51] == c.to_be_signed()
    assert transport.commands[signs[1]][5 : 5 + 51] == again.to_be_signed()
    assert bank.verify_login(response, store, at=AT).certificate == world.taro.authentication
    assert bank.verify_login(second, store, at=AT).certificate == world.taro.authentication


def test_card_login_pin_conventions(world: World) -> None:
    c = challenge()
    transport = RecordingTransport(world.taro.card)
    with jpki.Card(transport) as card:
        # Without a PIN (none verified in this session): refused, no secret sent.
        expect(jpki.PinError, 900, lambda: card.login(c))
        expect(jpki.PinError, 900, lambda: card.login(c, ""))
        # A malformed PIN is refused before anything is sent.
        expect(jpki.PinError, 901, lambda: card.login(c, "12a4"))
        assert transport.verifies_with_secret() == []
        assert card.login(c, TARO.auth_pin, allow_last_try=False).nonce == c.nonce
    assert world.taro.card.tries_left("auth-pin") == 3


# Each refusal, its own class and code.


def test_replayed(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    r = respond(world.taro, issued(store))
    bank.verify_login(r, store, at=AT)
    expect(jpki.LoginError, 1102, lambda: bank.verify_login(r, store, at=AT))


def test_unknown(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    r = respond(world.taro, challenge())
    expect(jpki.LoginError, 1101, lambda: bank.verify_login(r, store, at=AT))


def test_expired(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    c = issued(store)
    r = respond(world.taro, c)
    error = expect(jpki.LoginError, 1103, lambda: bank.verify_login(r, store, at=c.expires_at))
    assert "expired" in str(error)


def test_signature_over_another_nonce(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    asked = issued(store)
    other = respond(world.taro, challenge())
    forged = jpki.LoginResponse(asked.nonce, other.certificate_der, other.signature)
    expect(jpki.LoginError, 1104, lambda: bank.verify_login(forged, store, at=AT))


def test_signing_certificate_offered(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    c = issued(store)
    # The signing key signs the right DigestInfo; its certificate is still not an
    # authentication certificate.
    with jpki.Card(world.taro.card) as card:
        signature = card.sign_digest("sign", c.digest(), pin=TARO.sign_password)
    r = jpki.LoginResponse(c.nonce, world.taro.signing.der, signature)
    expect(jpki.PathError, 314, lambda: bank.verify_login(r, store, at=AT))


def test_another_hierarchy(stranger: Holder, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    r = respond(stranger, issued(store))
    expect(jpki.PathError, 302, lambda: bank.verify_login(r, store, at=AT))


def test_no_revocation_data_under_hard_fail(world: World) -> None:
    bare = jpki.Verifier(world.anchors())
    store = jpki.MemoryNonceStore(4)
    r = respond(world.taro, issued(store))
    expect(jpki.RevocationError, 601, lambda: bare.verify_login(r, store, at=AT))
    # Soft fail is the verifier's explicit choice: accepted, and visible.
    soft = jpki.Verifier(world.anchors(), revocation="soft")
    r = respond(world.taro, issued(store))
    assert soft.verify_login(r, store, at=AT).verdict.revocation_status == "soft_failed"


def test_not_a_certificate(bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(4)
    c = issued(store)
    r = jpki.LoginResponse(c.nonce, b"not a certificate", bytes(256))
    expect(jpki.MalformedError, 100, lambda: bank.verify_login(r, store, at=AT))


# A store of the host's own (a Python object).


class DictStore:
    """A nonce store over a dict, as a host would write one over its database."""

    def __init__(self) -> None:
        self.challenges: dict[bytes, bytes] = {}
        self.redeemed: list[bytes] = []

    def insert(self, challenge: jpki.LoginChallenge, /) -> None:
        self.challenges[challenge.nonce] = challenge.to_der()

    def redeem(self, nonce: bytes, /) -> jpki.LoginChallenge | None:
        self.redeemed.append(nonce)
        der = self.challenges.pop(nonce, None)
        return None if der is None else jpki.LoginChallenge.from_der(der)


class BrokenStore(DictStore):
    """A store whose redeem answers whatever `answer` gives (or raises)."""

    def __init__(self, answer: Callable[[bytes], object]) -> None:
        super().__init__()
        self.answer = answer

    def redeem(self, nonce: bytes, /) -> Any:
        return self.answer(nonce)


def test_python_store(world: World, bank: jpki.Verifier) -> None:
    store = DictStore()
    typed: jpki.NonceStore = store
    c = issued(typed)
    r = respond(world.taro, c)
    login = bank.verify_login(r, store, at=AT)
    assert login.challenge == c
    assert store.redeemed == [c.nonce]
    # Redeemed: the store no longer holds it (None: unknown).
    expect(jpki.LoginError, 1101, lambda: bank.verify_login(r, store, at=AT))
    # The in-memory store is a NonceStore too.
    memory: jpki.NonceStore = jpki.MemoryNonceStore(2)
    memory.insert(c)


def test_python_store_exceptions_propagate(world: World, bank: jpki.Verifier) -> None:
    c = challenge()
    r = respond(world.taro, c)
    down = ConnectionError("the database is down")

    def raise_down(nonce: bytes) -> object:
        raise down

    with pytest.raises(ConnectionError) as info:
        bank.verify_login(r, BrokenStore(raise_down), at=AT)
    assert info.value is down
    # A store may name a replay itself.
    replayed = jpki.LoginError("replayed", 1102, "CHALLENGE_REPLAYED")

    def raise_replayed(nonce: bytes) -> object:
        raise replayed

    with pytest.raises(jpki.LoginError) as login_info:
        bank.verify_login(r, BrokenStore(raise_replayed), at=AT)
    assert login_info.value is replayed
    # What a store returns is checked: a challenge of that nonce, or None.
    with pytest.raises(TypeError):
        bank.verify_login(r, BrokenStore(lambda nonce: c.to_der()), at=AT)
    with pytest.raises(ValueError):
        bank.verify_login(r, BrokenStore(lambda nonce: challenge()), at=AT)
    assert bank.verify_login(r, BrokenStore(lambda nonce: c), at=AT).challenge == c
    with pytest.raises(TypeError):
        bank.verify_login(r, object(), at=AT)  # type: ignore[arg-type]


@pytest.fixture
def no_forced_switches() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.mark.usefixtures("no_forced_switches")
def test_verify_login_releases_the_gil(world: World, bank: jpki.Verifier) -> None:
    store = jpki.MemoryNonceStore(64)
    responses: list[jpki.LoginResponse] = []
    with jpki.Card(world.taro.card) as card:
        for _ in range(48):
            responses.append(card.login(issued(store), TARO.auth_pin))

    def verify() -> None:
        assert responses, "the spinner never ran during 48 logins"
        bank.verify_login(responses.pop(), store, at=AT)

    assert ticks_during(verify) > 0


# A challenge the host redeems itself (its store cannot be a NonceStore).


def test_verify_login_redeemed(world: World, bank: jpki.Verifier) -> None:
    # The host's own store: a plain dict of the challenges it issued, by nonce.
    host: dict[bytes, jpki.LoginChallenge] = {}
    c = challenge()
    host[c.nonce] = c
    r = jpki.LoginResponse.from_der(respond(world.taro, c).to_der())
    # The host takes the challenge out exactly once, then verifies.
    taken = host.pop(r.nonce, None)
    assert taken is not None and not host
    at = AT + datetime.timedelta(seconds=10)
    login = bank.verify_login_redeemed(r, taken, at=at)
    assert login.challenge == c
    assert login.certificate == world.taro.authentication
    assert login.at == at
    assert login.verdict.valid and login.verdict.revocation_status == "good"
    # The same account as through a core store.
    store = jpki.MemoryNonceStore(4)
    assert bank.verify_login(respond(world.taro, issued(store)), store, at=at).account == login.account
    # A second take finds nothing: the host's store names the replay, not jpki.
    assert host.pop(r.nonce, None) is None

    # A response answering another nonce than the challenge given: 1101.
    other = challenge()
    error = expect(jpki.LoginError, 1101, lambda: bank.verify_login_redeemed(r, other, at=at))
    assert error.kind == "CHALLENGE_UNKNOWN"
    # Everything else is checked as verify_login does: expired (1103) …
    expect(jpki.LoginError, 1103, lambda: bank.verify_login_redeemed(r, c, at=c.expires_at))
    # … a signature over another challenge (1104) …
    signed_other = respond(world.taro, other)
    forged = jpki.LoginResponse(c.nonce, signed_other.certificate_der, signed_other.signature)
    expect(jpki.LoginError, 1104, lambda: bank.verify_login_redeemed(forged, c, at=at))
    # … and the certificate (a signing certificate: 314).
    with jpki.Card(world.taro.card) as card:
        by_signing_key = card.sign_digest("sign", c.digest(), pin=TARO.sign_password)
    signing = jpki.LoginResponse(c.nonce, world.taro.signing.der, by_signing_key)
    expect(jpki.PathError, 314, lambda: bank.verify_login_redeemed(signing, c, at=at))
    # Arguments of the wrong kind.
    with pytest.raises(TypeError):
        bank.verify_login_redeemed(r, c.to_der(), at=at)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bank.verify_login_redeemed(r, c, at=at.replace(tzinfo=None))


@pytest.mark.usefixtures("no_forced_switches")
def test_verify_login_redeemed_releases_the_gil(world: World, bank: jpki.Verifier) -> None:
    c = challenge()
    r = respond(world.taro, c)
    assert ticks_during(lambda: bank.verify_login_redeemed(r, c, at=AT)) > 0


# Registration: the account binding across the two certificates.


@pytest.fixture(scope="module")
def window() -> jpki.sim.Authority:
    """A J-LIS of its own: the tests below move and bury its residents."""
    return jpki.sim.Authority(at=AT)


def applicant_of(resident: Resident, address: str | None = None) -> jpki.Applicant:
    return jpki.Applicant(
        name=resident.name,
        birth_date=resident.birth_date,
        sex=resident.sex,
        address=address or resident.address,
    )


def register(
    holder: Holder, verifier: jpki.Verifier, store: jpki.NonceStore, at: datetime.datetime = AT
) -> jpki.AccountBinding:
    c = issued(store, at)
    with jpki.Card(holder.card) as card:
        registration = card.register(
            c, APPLICATION, holder.resident.sign_password, holder.resident.auth_pin, signing_time=at
        )
    return verifier.register(
        registration.signed_application, applicant_of(holder.resident), registration.login, store, at=at
    )


def request(holder: Holder, at: datetime.datetime) -> bytes:
    """A later signed request (a transfer order) from the holder's card."""
    with jpki.Card(holder.card) as card:
        return card.sign(b"transfer request", pin=holder.resident.sign_password, signing_time=at)


def login(holder: Holder, verifier: jpki.Verifier, store: jpki.NonceStore, at: datetime.datetime) -> jpki.Login:
    return verifier.verify_login(respond(holder, issued(store, at)), store, at=at)


def test_registration(window: jpki.sim.Authority) -> None:
    holder = personalize(window, GORO)
    verifier = verifier_of(window, crls(window, holder, AT))
    store = jpki.MemoryNonceStore(16)
    c = issued(store)
    with jpki.Card(holder.card) as card:
        # Both secrets are checked before anything is sent.
        expect(jpki.PinError, 901, lambda: card.register(c, APPLICATION, "abc", GORO.auth_pin))
        expect(jpki.PinError, 901, lambda: card.register(c, APPLICATION, GORO.sign_password, "12"))
        registration = card.register(c, APPLICATION, GORO.sign_password, GORO.auth_pin, signing_time=AT)
    assert registration.login.nonce == c.nonce
    # The application is an ordinary signed document over the registration content.
    verdict = verifier.verify(registration.signed_application, applicant=applicant_of(GORO), at=AT)
    assert verdict.valid and verdict.signer == holder.signing
    assert verdict.signing_time == AT

    binding = verifier.register(
        registration.signed_application, applicant_of(GORO), registration.login, store, at=AT
    )
    assert binding.application == APPLICATION
    assert binding.signing_certificate == holder.signing
    assert binding.authentication_certificate == holder.authentication
    assert binding.holder == holder.signing.personal_info
    assert binding.registered_at == AT
    assert binding.account.serial == holder.authentication.serial
    d = binding.to_dict()
    assert list(d) == ["schema_version", "registered_at", "account", "signing_certificate", "holder"]
    assert at_path(d, "account", "id") == str(binding.account)
    assert int(str(at_path(d, "signing_certificate", "serial")), 16) == holder.signing.serial
    assert d["holder"] == binding.holder.to_dict()
    assert json.loads(binding.to_json()) == d
    # Its challenge is spent.
    expect(
        jpki.LoginError,
        1102,
        lambda: verifier.register(
            registration.signed_application, applicant_of(GORO), registration.login, store, at=AT
        ),
    )

    # The application signed over one challenge, the login answering another.
    a, b = issued(store), issued(store)
    with jpki.Card(holder.card) as card:
        reg_a = card.register(a, APPLICATION, GORO.sign_password, GORO.auth_pin, signing_time=AT)
        reg_b = card.register(b, APPLICATION, GORO.sign_password, GORO.auth_pin, signing_time=AT)
    expect(
        jpki.LoginError,
        1106,
        lambda: verifier.register(reg_a.signed_application, applicant_of(GORO), reg_b.login, store, at=AT),
    )
    # The 4 basic info must be the applicant's.
    d_challenge = issued(store)
    with jpki.Card(holder.card) as card:
        reg_d = card.register(d_challenge, APPLICATION, GORO.sign_password, GORO.auth_pin, signing_time=AT)
    elsewhere = applicant_of(GORO, address="大阪府大阪市北区中之島1丁目3番20号")
    expect(
        jpki.PersonalInfoError,
        501,
        lambda: verifier.register(reg_d.signed_application, elsewhere, reg_d.login, store, at=AT),
    )


def test_binding_through_a_move(window: jpki.sim.Authority) -> None:
    holder = personalize(window, SHIRO)
    verifier = verifier_of(window, crls(window, holder, AT))
    store = jpki.MemoryNonceStore(16)
    binding = register(holder, verifier, store)
    assert binding.matches(login(holder, verifier, store, AT))
    status = binding.assess(verifier.verify(request(holder, AT), at=AT))
    assert (status.status, status.reason, status.error) == ("current", None, None)
    assert status.to_dict() == {"status": "current"}

    # The move: the register revokes the signing certificate only.
    moved = AT + datetime.timedelta(days=1)
    assert window.event(holder.signing, "move", at=moved) == [holder.signing.serial]
    after = moved + datetime.timedelta(minutes=10)
    later = verifier_of(window, crls(window, holder, after))
    # Logins keep working, as the same account.
    again = login(holder, later, store, after)
    assert binding.matches(again)
    assert again.account == binding.account
    # A request signed with the old signing certificate: register again.
    status = binding.assess(later.verify(request(holder, after), at=after))
    assert status.status == "re_register"
    assert status.reason is not None and "move" in status.reason
    error = status.error
    assert isinstance(error, jpki.RevokedError) and error.code == 600
    d = status.to_dict()
    assert (d["status"], d["code"], d["kind"]) == ("re_register", 600, "CERTIFICATE_REVOKED")
    assert d["reason"] == status.reason
    assert json.loads(status.to_json()) == d
    # Another resident's login is not this account's.
    other = personalize(window, GORO)
    assert not binding.matches(login(other, verifier_of(window, crls(window, other, after)), store, after))


def test_binding_after_a_death(window: jpki.sim.Authority) -> None:
    holder = personalize(window, HANAKO)
    verifier = verifier_of(window, crls(window, holder, AT))
    store = jpki.MemoryNonceStore(16)
    binding = register(holder, verifier, store)
    signed = request(holder, AT)
    assert binding.assess(verifier.verify(signed, at=AT)).status == "current"

    # The death revokes both certificates.
    died = AT + datetime.timedelta(days=1)
    revoked = window.event(holder.authentication, "death", at=died)
    assert set(revoked) == {holder.signing.serial, holder.authentication.serial}
    after = died + datetime.timedelta(minutes=10)
    later = verifier_of(window, crls(window, holder, after))
    error = expect(jpki.RevokedError, 600, lambda: login(holder, later, store, after))
    assert isinstance(error, jpki.RevocationError)
    status = binding.assess(later.verify(signed, at=after))
    assert status.status == "refused"
    assert status.reason is None
    assert isinstance(status.error, jpki.RevokedError) and status.error.code == 600
    assert status.to_dict()["status"] == "refused"


def test_binding_rebuilt_from_its_parts(window: jpki.sim.Authority) -> None:
    holder = personalize(window, ROKURO)
    verifier = verifier_of(window, crls(window, holder, AT))
    store = jpki.MemoryNonceStore(16)
    binding = register(holder, verifier, store)
    # What the relying party stored, read back (the certificates as DER).
    stored = (
        binding.authentication_certificate.der,
        binding.signing_certificate.der,
        binding.application,
        binding.registered_at,
    )
    auth_der, signing_der, application, registered_at = stored
    rebuilt = jpki.AccountBinding.from_parts(
        jpki.Certificate.from_der(auth_der), jpki.Certificate.from_der(signing_der), application, registered_at
    )
    assert rebuilt.to_dict() == binding.to_dict()
    assert rebuilt.to_json() == binding.to_json()
    assert rebuilt.account == binding.account
    assert rebuilt.holder == binding.holder
    assert rebuilt.application == APPLICATION
    assert rebuilt.registered_at == AT
    assert rebuilt.authentication_certificate == holder.authentication
    assert rebuilt.signing_certificate == holder.signing
    # With the authentication certificate's issuer at hand: the same account.
    with_issuer = jpki.AccountBinding.from_parts(
        holder.authentication, holder.signing, application, registered_at, authentication_issuer=holder.auth_ca
    )
    assert with_issuer.account == binding.account
    # A later login of the card is the rebuilt binding's account.
    later = AT + datetime.timedelta(minutes=5)
    assert rebuilt.matches(login(holder, verifier, store, later))
    # And assess works on it: current, then re-register after a move.
    signed = request(holder, AT)
    assert rebuilt.assess(verifier.verify(signed, at=AT)).status == "current"
    moved = AT + datetime.timedelta(days=1)
    assert window.event(holder.signing, "move", at=moved) == [holder.signing.serial]
    after = moved + datetime.timedelta(minutes=10)
    later_verifier = verifier_of(window, crls(window, holder, after))
    status = rebuilt.assess(later_verifier.verify(request(holder, after), at=after))
    assert status.status == "re_register"
    assert status.to_dict() == binding.assess(later_verifier.verify(request(holder, after), at=after)).to_dict()

    # An authentication certificate has no 4 basic info: not a signing certificate (500).
    error = expect(
        jpki.PersonalInfoError,
        500,
        lambda: jpki.AccountBinding.from_parts(holder.authentication, holder.authentication, application, registered_at),
    )
    assert error.kind == "NO_PERSONAL_INFO"
    # Arguments of the wrong kind.
    with pytest.raises(TypeError):
        jpki.AccountBinding.from_parts(auth_der, holder.signing, application, registered_at)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jpki.AccountBinding.from_parts(holder.authentication, holder.signing, "text", registered_at)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        jpki.AccountBinding.from_parts(
            holder.authentication, holder.signing, application, registered_at.replace(tzinfo=None)
        )
