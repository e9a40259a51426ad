"""jpki.Card over Python transports: a virtual card directly, and a Python object that
records the APDUs; PIN handling as the card sees it."""

from __future__ import annotations

import datetime

import pytest

import jpki
import jpki.sim
from support import AT, CONTENT, RecordingTransport, Resident, World, personalize

JIRO = Resident(
    name="山田 次郎",
    birth_date=datetime.date(1970, 1, 31),
    sex="male",
    address="東京都千代田区永田町1丁目7番1号",
    sign_password="JIRO1970",
    auth_pin="9876",
)


@pytest.fixture(scope="module")
def jiro(world: World) -> jpki.sim.VirtualCard:
    """A card of its own: these tests spend PIN tries."""
    return personalize(world.authority, JIRO).card


def test_info_and_pin_status(world: World) -> None:
    with jpki.Card(world.taro.card) as card:
        info = card.info()
        assert info.has_signing_certificate
        assert info.has_authentication_certificate
        assert info.kind == "my-number-card"
        status = card.pin_status("signing-password")
        assert status.kind == "signing-password"
        assert status.remaining == 5
        assert not status.blocked
        assert not status.verified
        auth = card.pin_status("auth-pin")
        assert auth.kind == "auth-pin"
        assert auth.remaining == 3
        attributes = card.pin_status("attributes-pin")
        assert attributes.remaining == 3


def test_python_transport_sign_sends_verify_once(world: World, jiro: jpki.sim.VirtualCard) -> None:
    transport = RecordingTransport(jiro)
    with jpki.Card(transport) as card:
        signed = card.sign(CONTENT, pin=JIRO.sign_password, signing_time=AT)
    assert transport.commands, "the card was driven through the Python object"
    assert len(transport.responses) == len(transport.commands)
    assert all(len(r) >= 2 for r in transport.responses)
    verifies = transport.verifies_with_secret()
    assert len(verifies) == 1, verifies
    # The secret went as its ASCII bytes, once.
    assert verifies[0].endswith(JIRO.sign_password.encode())
    # The signature is a real one: it verifies (revocation not the point here).
    verdict = world.verifier(revocation="off").verify(signed, at=AT)
    assert verdict.valid, verdict.to_json()
    assert verdict.holder is not None
    assert verdict.holder.name == "山田\u3000次郎"
    assert verdict.signing_time == AT


def test_wrong_pin_is_never_retried(jiro: jpki.sim.VirtualCard) -> None:
    before = jiro.tries_left("signing-password")
    transport = RecordingTransport(jiro)
    with jpki.Card(transport) as card:
        with pytest.raises(jpki.PinError) as info:
            card.sign(CONTENT, pin="NOTJIRO1")
    assert info.value.code == 902
    assert info.value.remaining == before - 1
    assert len(transport.verifies_with_secret()) == 1
    assert jiro.tries_left("signing-password") == before - 1
    # Nothing was signed after the refusal: no PSO (INS 2A) went to the card.
    assert not [c for c in transport.commands if c[1] == 0x2A]
    # The right password resets the counter.
    transport = RecordingTransport(jiro)
    with jpki.Card(transport) as card:
        card.verify_pin("signing-password", JIRO.sign_password)
        status = card.pin_status("signing-password")
        assert status.verified
        assert not status.blocked
    assert len(transport.verifies_with_secret()) == 1
    assert jiro.tries_left("signing-password") == 5


def test_invalid_secret_is_not_sent(jiro: jpki.sim.VirtualCard) -> None:
    transport = RecordingTransport(jiro)
    with jpki.Card(transport) as card:
        with pytest.raises(jpki.PinError) as info:
            card.verify_pin("auth-pin", "12ab")
        assert info.value.code == 901
        # Too short; and a character outside A-Z, 0-9 (lower case is upper-cased).
        for bad in ("JIRO", "JIRO-1970"):
            with pytest.raises(jpki.PinError) as info:
                card.verify_pin("signing-password", bad)
            assert info.value.code == 901
    assert transport.verifies_with_secret() == []


def test_last_try_refused_then_allowed(jiro: jpki.sim.VirtualCard) -> None:
    transport = RecordingTransport(jiro)
    with jpki.Card(transport) as card:
        for _ in range(2):
            with pytest.raises(jpki.PinError):
                card.verify_pin("auth-pin", "0000")
        assert jiro.tries_left("auth-pin") == 1
        sent = len(transport.verifies_with_secret())
        assert sent == 2
        with pytest.raises(jpki.PinError) as info:
            card.verify_pin("auth-pin", JIRO.auth_pin)
        assert info.value.code == 904
        assert info.value.kind == "LAST_TRY_REFUSED"
        assert info.value.remaining == 1
        assert len(transport.verifies_with_secret()) == sent, "the refused try was not sent"
        card.verify_pin("auth-pin", JIRO.auth_pin, allow_last_try=True)
        assert len(transport.verifies_with_secret()) == sent + 1
    assert jiro.tries_left("auth-pin") == 3


def test_signing_time_defaults_to_now(world: World) -> None:
    # Times left out mean now, as everywhere in the API (and as `jpki sign` does).
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    with jpki.Card(world.taro.card) as card:
        signed = card.sign(CONTENT, pin=world.taro.resident.sign_password)
    after = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)
    verdict = world.verifier(revocation="off").verify(signed, at=AT)
    assert verdict.signature.passed
    signing_time = verdict.signing_time
    assert signing_time is not None, "card.sign(signing_time=None) put no signingTime"
    assert before <= signing_time <= after


def test_read_certificates(world: World) -> None:
    transport = RecordingTransport(world.taro.card)
    with jpki.Card(transport) as card:
        auth = card.read_certificate("auth")
        assert transport.verifies_with_secret() == [], "the authentication certificate needs no PIN"
        sign = card.read_certificate("sign", pin=world.taro.resident.sign_password)
        assert len(transport.verifies_with_secret()) == 1
    assert auth == world.taro.authentication
    assert sign == world.taro.signing
    # Many READ BINARY commands (INS B0) for a certificate of ~1.5 kB.
    assert len([c for c in transport.commands if c[1] == 0xB0]) >= 2


def test_two_phase_signing(world: World) -> None:
    prepared = jpki.PreparedSignature(
        CONTENT, world.taro.signing, ca=world.taro.sign_ca, signing_time=AT
    )
    assert prepared.hash == "sha256"
    assert len(prepared.digest) == 32
    # DigestInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING digest }.
    assert prepared.digest_info[0] == 0x30
    assert prepared.digest_info.endswith(prepared.digest)
    with jpki.Card(world.taro.card) as card:
        signature = card.sign_digest(
            "sign", prepared.digest, hash=prepared.hash, pin=world.taro.resident.sign_password
        )
    assert len(signature) == 256
    signed = prepared.finish(signature)
    verifier = world.verifier(crl=world.crl_before)
    verdict = verifier.verify(signed, at=AT)
    assert verdict.valid, verdict.to_json()
    assert verdict.signer == world.taro.signing
    assert verdict.signing_time == AT

    detached = jpki.PreparedSignature(CONTENT, world.taro.signing, detached=True, signing_time=AT)
    with jpki.Card(world.taro.card) as card:
        signature = card.sign_digest("sign", detached.digest, pin=world.taro.resident.sign_password)
    signed_detached = detached.finish(signature)
    assert verifier.verify(signed_detached, content=CONTENT, at=AT).valid
    assert not verifier.verify(signed_detached, content=CONTENT + b"!", at=AT).valid


def test_sign_with_auth_key(world: World) -> None:
    with jpki.Card(world.taro.card) as card:
        signed = card.sign(CONTENT, pin=world.taro.resident.auth_pin, key="auth", signing_time=AT)
    # A signature by the authentication key is not a signing-certificate signature.
    default = world.verifier(revocation="off").verify(signed, at=AT)
    assert not default.valid
    assert default.signature.passed
    assert not default.certificate.passed
    assert default.claimed_signer == world.taro.authentication
    anyone = jpki.Verifier(world.anchors(), revocation="off", signer_usage="authentication")
    assert anyone.verify(signed, at=AT).valid


def test_context_manager_closes(world: World) -> None:
    with jpki.Card(world.taro.card) as card:
        assert card.read_certificate("auth") == world.taro.authentication
    with pytest.raises(jpki.CardError):
        card.read_certificate("auth")


def test_transport_exception_is_chained() -> None:
    class Unplugged(Exception):
        pass

    class Reader:
        def __init__(self) -> None:
            self.seen: list[bytes] = []

        def transmit(self, command: bytes, /) -> bytes:
            self.seen.append(command)
            raise Unplugged("reader 0 went away")

    reader = Reader()
    with pytest.raises(jpki.CardError) as info:
        with jpki.Card(reader) as card:
            card.read_certificate("auth")
    assert len(reader.seen) == 1
    error = info.value
    assert isinstance(error.__cause__, Unplugged) or "reader 0 went away" in str(error)
    assert error.code == 804


def test_readers_is_a_list() -> None:
    # PC/SC may or may not run here; the call answers a list or a CardError.
    try:
        readers = jpki.Card.readers()
    except jpki.CardError as error:
        assert 800 <= error.code < 900
    else:
        assert isinstance(readers, list)
        assert all(isinstance(r, str) for r in readers)
