"""Every exception class of jpki.exceptions, raised by a real condition, with the
core's code and kind; and the usual TypeError/ValueError for wrong arguments."""

from __future__ import annotations

import base64
import datetime
import inspect
from typing import Callable

import pytest

import jpki
import jpki.exceptions
import jpki.sim
from support import AT, AT_AFTER, CONTENT, UTC, World, at_path

# Each JpkiError subclass a test below raises; checked to be all of them.
RAISED: set[type[jpki.JpkiError]] = set()


def expect(
    cls: type[jpki.JpkiError], code: int, call: Callable[[], object]
) -> jpki.JpkiError:
    """Runs `call`, which must raise exactly `cls` with `code`; returns the error."""
    with pytest.raises(jpki.JpkiError) as info:
        call()
    error = info.value
    check_error(error, cls, code)
    return error


def expect_area(
    cls: type[jpki.JpkiError], codes: range, call: Callable[[], object]
) -> jpki.JpkiError:
    """As `expect`, for a condition with several possible codes of one area."""
    with pytest.raises(jpki.JpkiError) as info:
        call()
    error = info.value
    assert error.code in codes, repr(error)
    check_error(error, cls, error.code)
    return error


def check_error(error: BaseException | None, cls: type[jpki.JpkiError], code: int) -> None:
    assert error is not None
    assert type(error) is cls, f"{type(error).__name__} ({error!r}), expected {cls.__name__}"
    assert isinstance(error, jpki.JpkiError)
    assert error.code == code, repr(error)
    assert error.kind == jpki.error_kinds()[code], repr(error)
    assert str(error), "an error has a message"
    assert repr(error).startswith(f"{cls.__name__}(")
    RAISED.add(cls)


def der_oid(dotted: str) -> bytes:
    """The DER encoding (tag, length, value) of an OID."""
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return bytes([0x06, len(body)]) + bytes(body)


def with_sex_code(der: bytes, code: bytes) -> bytes:
    """The certificate with its 4 basic info sex otherName (`1`/`2`/`3`) replaced by
    `code` (one byte: the DER stays well-formed, the signature does not verify)."""
    # otherName: type-id OID, then [0] EXPLICIT UTF8String of one character.
    marker = der_oid("1.2.392.200149.8.5.5.3") + b"\xa0\x03\x0c\x01"
    at = der.find(marker)
    assert at >= 0 and der.count(marker) == 1, "the sex otherName is where it is expected"
    value = at + len(marker)
    assert der[value : value + 1] in (b"1", b"2", b"3")
    return der[:value] + code + der[value + 1 :]


# 1xx


def test_malformed_error() -> None:
    error = expect(jpki.MalformedError, 100, lambda: jpki.Certificate.from_der(b"\x30\x03abc"))
    assert isinstance(error, ValueError)
    expect(jpki.MalformedError, 100, lambda: jpki.Certificate.from_der(b"garbage"))
    expect(jpki.MalformedError, 102, lambda: jpki.Certificate.from_pem("no PEM here"))
    expect(jpki.MalformedError, 100, lambda: jpki.OcspRequest.from_der(b"\x01\x02"))


# 2xx


def test_invalid_certificate(world: World) -> None:
    der = world.taro.signing.der
    # The real certificate parses; the same with sex code 9 is outside the profile.
    assert jpki.Certificate.from_der(with_sex_code(der, b"1")) == world.taro.signing
    error = expect(
        jpki.InvalidCertificate, 208, lambda: jpki.Certificate.from_der(with_sex_code(der, b"9"))
    )
    assert isinstance(error, ValueError)
    # The same through PEM and through a bundle.
    broken = with_sex_code(der, b"0")
    body = base64.b64encode(broken).decode()
    pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(
        body[i : i + 64] for i in range(0, len(body), 64)
    ) + "\n-----END CERTIFICATE-----\n"
    expect(jpki.InvalidCertificate, 208, lambda: jpki.Certificate.from_pem(pem))
    expect(jpki.InvalidCertificate, 208, lambda: jpki.Certificate.load_all(broken))


# 3xx


def test_path_error_unknown_issuer(world: World) -> None:
    # Trusting only the authentication hierarchy: no issuer for a signing certificate.
    auth_only = [world.taro.auth_ca]
    verifier = jpki.Verifier(auth_only, revocation="off")
    verdict = verifier.verify_certificate(world.taro.signing, at=AT)
    assert not verdict.valid
    assert verdict.certificate.result == "failed"
    check_error(verdict.certificate.error, jpki.PathError, 302)
    check_error(verdict.error, jpki.PathError, 302)
    expect(jpki.PathError, 302, verdict.raise_for_error)


def test_path_error_no_trust_anchors() -> None:
    # An empty sequence of certificates is no trust anchor at all (NO_TRUST_ANCHORS),
    # not empty DER.
    no_certificates: list[jpki.Certificate] = []
    expect(jpki.PathError, 315, lambda: jpki.Verifier(no_certificates))
    expect(jpki.PathError, 315, lambda: jpki.Verifier(tuple(no_certificates)))


def test_path_error_expired(world: World) -> None:
    verifier = world.verifier(revocation="off")
    later = world.taro.signing.not_valid_after + datetime.timedelta(days=1)
    verdict = verifier.verify_certificate(world.taro.signing, at=later)
    assert not verdict.valid
    expect(jpki.PathError, 300, verdict.raise_for_error)
    early = world.taro.signing.not_valid_before - datetime.timedelta(days=1)
    expect(jpki.PathError, 301, verifier.verify_certificate(world.taro.signing, at=early).raise_for_error)


def test_path_error_ca_as_end_entity(world: World) -> None:
    verdict = world.verifier(revocation="off").verify_certificate(world.taro.sign_ca, usage="any", at=AT)
    assert not verdict.valid
    check_error(verdict.certificate.error, jpki.PathError, 308)


def test_path_error_wrong_usage(world: World) -> None:
    verifier = world.verifier(crl=world.crl_before)
    verdict = verifier.verify_certificate(world.taro.signing, usage="authentication", at=AT)
    assert not verdict.valid
    assert verdict.usage == "authentication"
    error = verdict.error
    assert isinstance(error, jpki.PathError)
    assert 300 <= error.code < 400
    RAISED.add(jpki.PathError)


# 4xx


def test_signature_invalid_tampered_content(world: World) -> None:
    verifier = world.verifier(crl=world.crl_before)
    with jpki.Card(world.taro.card) as card:
        detached = card.sign(CONTENT, pin=world.taro.resident.sign_password, detached=True, signing_time=AT)
    assert verifier.verify(detached, content=CONTENT, at=AT).valid
    tampered = CONTENT.replace("太郎".encode(), "次郎".encode())
    verdict = verifier.verify(detached, content=tampered, at=AT)
    assert not verdict.valid
    assert verdict.signature.result == "failed"
    check_error(verdict.signature.error, jpki.SignatureInvalid, 412)
    # Who claims to have signed is still known; the verified signer is not.
    assert verdict.claimed_signer == world.taro.signing
    assert verdict.signer is None
    expect(jpki.SignatureInvalid, 412, verdict.raise_for_error)
    # Content given for an attached signature must be the same.
    verdict = verifier.verify(world.taro_signed, content=tampered, at=AT)
    check_error(verdict.signature.error, jpki.SignatureInvalid, 410)
    assert verifier.verify(world.taro_signed, content=CONTENT, at=AT).valid
    # No content for a detached signature.
    expect(jpki.SignatureInvalid, 409, verifier.verify(detached, at=AT).raise_for_error)


def test_signature_invalid_two_phase_wrong_signature(world: World) -> None:
    prepared = jpki.PreparedSignature(CONTENT, world.taro.signing, ca=world.taro.sign_ca, signing_time=AT)
    with jpki.Card(world.hanako.card) as card:
        # A real signature of the right digest, by another key.
        other = card.sign_digest("sign", prepared.digest, hash=prepared.hash, pin=world.hanako.resident.sign_password)
    # CMS_SIGNATURE_NOT_BY_SIGNER: another key signed.
    expect(jpki.SignatureInvalid, 415, lambda: prepared.finish(other))
    expect(jpki.SignatureInvalid, 415, lambda: prepared.finish(b"\x00" * 256))


# 5xx


def test_personal_info_error(world: World) -> None:
    expect(jpki.PersonalInfoError, 500, lambda: world.taro.sign_ca.compare(jpki.Applicant(name="x")))
    expect(
        jpki.PersonalInfoError, 500, lambda: world.taro.authentication.compare(jpki.Applicant(sex="male"))
    )
    verifier = world.verifier(crl=world.crl_before)
    verdict = verifier.verify(world.taro_signed, applicant=jpki.Applicant(birth_date="1950-04-02"), at=AT)
    assert not verdict.valid
    check_error(verdict.personal_info.error, jpki.PersonalInfoError, 501)
    expect(jpki.PersonalInfoError, 501, verdict.raise_for_error)


# 6xx


def test_revocation_error_hard_fail_without_crl(world: World) -> None:
    verifier = world.verifier()
    verdict = verifier.verify(world.taro_signed, at=AT)
    assert not verdict.valid
    assert verdict.signature.passed and verdict.certificate.passed
    assert verdict.revocation.result == "failed"
    check_error(verdict.revocation.error, jpki.RevocationError, 601)
    expect(jpki.RevocationError, 601, verdict.raise_for_error)
    # Soft fail accepts it, visibly; off does not check.
    soft = world.verifier(revocation="soft").verify(world.taro_signed, at=AT)
    assert soft.valid
    assert soft.revocation_status == "soft_failed"
    off = world.verifier(revocation="off").verify(world.taro_signed, at=AT)
    assert off.valid
    assert off.revocation_status == "unchecked"
    assert off.revocation.result == "off"


def test_revocation_error_crl_not_covering(world: World) -> None:
    crl = jpki.Crl.load(world.crl_after, world.taro.sign_ca)
    # The signing CRL of the municipality does not cover authentication certificates.
    assert not crl.covers(world.taro.authentication)
    expect_area(jpki.RevocationError, range(601, 700), lambda: crl.is_revoked(world.taro.authentication))


def test_revoked_error(world: World) -> None:
    verifier = world.verifier(crl=world.crl_after)
    verdict = verifier.verify(world.hanako_signed, at=AT_AFTER)
    assert not verdict.valid
    assert verdict.revocation_status == "revoked"
    check_error(verdict.revocation.error, jpki.RevokedError, 600)
    error = expect(jpki.RevokedError, 600, verdict.raise_for_error)
    assert isinstance(error, jpki.RevocationError)


# 7xx


def test_ocsp_error_other_certificate(world: World) -> None:
    ca = world.taro.sign_ca
    taro_request = jpki.OcspRequest(world.taro.signing, ca)
    hanako_request = jpki.OcspRequest(world.hanako.signing, ca)
    answer = world.authority.ocsp_respond(taro_request.der, at=AT)
    assert jpki.check_ocsp_response(answer, taro_request, ca, at=AT).status == "good"
    error = expect(jpki.OcspError, 705, lambda: jpki.check_ocsp_response(answer, hanako_request, ca, at=AT))
    assert isinstance(error, jpki.RevocationError)


def test_ocsp_error_other_issuer(world: World) -> None:
    request = jpki.OcspRequest(world.taro.signing, world.taro.sign_ca)
    answer = world.authority.ocsp_respond(request.der, at=AT)
    expect(
        jpki.OcspError, 703, lambda: jpki.check_ocsp_response(answer, request, world.taro.auth_ca, at=AT)
    )


def test_ocsp_error_nonce_mismatch(world: World) -> None:
    ca = world.taro.sign_ca
    asked = jpki.OcspRequest(world.taro.signing, ca, nonce=b"A" * 16)
    expected = jpki.OcspRequest(world.taro.signing, ca, nonce=b"B" * 16)
    assert asked.nonce == b"A" * 16
    answer = world.authority.ocsp_respond(asked.der, at=AT)
    assert jpki.check_ocsp_response(answer, asked, ca, at=AT).status == "good"
    expect(jpki.OcspError, 707, lambda: jpki.check_ocsp_response(answer, expected, ca, at=AT))


def test_ocsp_error_stale(world: World) -> None:
    ca = world.taro.sign_ca
    request = jpki.OcspRequest(world.taro.signing, ca)
    answer = world.authority.ocsp_respond(request.der, at=AT)
    # The simulator's answers are good for an hour.
    later = AT + datetime.timedelta(hours=2)
    expect(jpki.OcspError, 709, lambda: jpki.check_ocsp_response(answer, request, ca, at=later))


# 8xx


class FailingTransport:
    def __init__(self) -> None:
        self.calls = 0

    def transmit(self, command: bytes, /) -> bytes:
        self.calls += 1
        raise OSError("the reader was unplugged")


class GarbageTransport:
    def transmit(self, command: bytes, /) -> bytes:
        return b"\x01"


class NoApplicationTransport:
    def transmit(self, command: bytes, /) -> bytes:
        return b"\x6a\x82"  # file or application not found


def test_card_error_transport_raises() -> None:
    transport = FailingTransport()

    def use() -> None:
        with jpki.Card(transport) as card:
            card.info()

    error = expect(jpki.CardError, 804, use)
    assert transport.calls == 1, "a failing transport is not retried"
    cause = error.__cause__
    assert isinstance(cause, OSError) or "the reader was unplugged" in str(error)
    if cause is not None:
        assert "the reader was unplugged" in str(cause)


class WrongTypeTransport:
    def transmit(self, command: bytes, /) -> bytes:
        return "9000"  # type: ignore[return-value]


def test_card_error_transport_answers_no_bytes() -> None:
    def use() -> None:
        with jpki.Card(WrongTypeTransport()) as card:
            card.info()

    error = expect(jpki.CardError, 804, use)
    assert isinstance(error.__cause__, TypeError)


def test_card_error_garbage_answer() -> None:
    def use() -> None:
        with jpki.Card(GarbageTransport()) as card:
            card.info()

    expect(jpki.CardError, 802, use)


def test_card_error_no_application() -> None:
    def use() -> None:
        with jpki.Card(NoApplicationTransport()) as card:
            card.read_certificate("auth")

    expect(jpki.CardError, 805, use)


def test_card_error_after_close(world: World) -> None:
    card = jpki.Card(world.taro.card)
    assert card.read_certificate("auth") == world.taro.authentication
    card.close()
    expect_area(jpki.CardError, range(800, 900), lambda: card.read_certificate("auth"))


# 9xx


def test_pin_errors(world: World) -> None:
    authority = world.authority
    card = jpki.sim.VirtualCard()
    authority.personalize(
        card,
        name="鈴木 一郎",
        birth_date=datetime.date(1985, 5, 5),
        sex="male",
        address="東京都千代田区永田町1丁目7番1号",
        sign_password="ICHIRO85",
        auth_pin="4321",
        at=AT,
    )
    with jpki.Card(card) as c:
        # Not even sent: a signing password must be 6-16 upper-case letters and digits.
        expect(jpki.PinError, 901, lambda: c.verify_pin("signing-password", "abc"))
        assert card.tries_left("signing-password") == 5
        wrong = expect(jpki.PinError, 902, lambda: c.verify_pin("signing-password", "WRONG123"))
        assert isinstance(wrong, jpki.PinError)
        assert wrong.remaining == 4
        assert card.tries_left("signing-password") == 4
        wrong = expect(jpki.PinError, 902, lambda: c.sign(CONTENT, pin="WRONG456"))
        assert isinstance(wrong, jpki.PinError)
        assert wrong.remaining == 3
        # Authentication PIN: 3 tries; the last one is refused unless allowed.
        for left in (2, 1):
            e = expect(jpki.PinError, 902, lambda: c.verify_pin("auth-pin", "0000"))
            assert isinstance(e, jpki.PinError)
            assert e.remaining == left
        refused = expect(jpki.PinError, 904, lambda: c.verify_pin("auth-pin", "4321"))
        assert isinstance(refused, jpki.PinError)
        assert refused.remaining == 1
        assert card.tries_left("auth-pin") == 1, "the refused try was not sent"
        # Spending the last try on a wrong PIN blocks it.
        with pytest.raises(jpki.PinError):
            c.verify_pin("auth-pin", "0000", allow_last_try=True)
        assert card.tries_left("auth-pin") == 0
        blocked = expect(jpki.PinError, 903, lambda: c.verify_pin("auth-pin", "4321", allow_last_try=True))
        assert isinstance(blocked, jpki.PinError)
        assert blocked.remaining == 0
        status = c.pin_status("auth-pin")
        assert status.blocked
        # The signing password is still usable and resets its counter.
        c.verify_pin("signing-password", "ICHIRO85")
        assert card.tries_left("signing-password") == 5


def test_security_status_not_satisfied(world: World) -> None:
    with jpki.Card(world.taro.card) as card:
        expect(jpki.PinError, 900, lambda: card.sign(CONTENT, pin=None))


# 10xx


def test_simulator_error_unknown_certificate(world: World, other_authority: jpki.sim.Authority) -> None:
    # A certificate this authority never issued.
    expect(jpki.SimulatorError, 1003, lambda: other_authority.event(world.taro.signing, "move", at=AT))


def test_simulator_error_birth_after_issuance(world: World) -> None:
    def issue() -> object:
        return world.authority.personalize(
            jpki.sim.VirtualCard(),
            name="未来 太郎",
            birth_date=datetime.date(2030, 1, 1),
            sex="male",
            address="東京都千代田区永田町1丁目7番1号",
            sign_password=None,
            auth_pin="1111",
            at=AT,
        )

    expect(jpki.SimulatorError, 1002, issue)


def test_simulator_error_no_substitute(world: World) -> None:
    # A character outside the certificate charset with no listed substitute.
    def issue() -> object:
        return world.authority.personalize(
            jpki.sim.VirtualCard(),
            name="\U0001F600 太郎",
            birth_date=datetime.date(1980, 1, 1),
            sex="male",
            address="東京都千代田区永田町1丁目7番1号",
            sign_password="SMILE1980",
            auth_pin="1111",
            at=AT,
        )

    expect(jpki.SimulatorError, 1001, issue)


def test_under_fifteen_gets_no_signing_certificate(world: World) -> None:
    # The window issues no signing certificate under 15, with or without a password
    # (the core's personalize: the password is then not set).
    for password in (None, "KOBA2015"):
        card = jpki.sim.VirtualCard()
        issued = world.authority.personalize(
            card,
            name="小林 次郎",
            birth_date=datetime.date(2015, 6, 1),
            sex="male",
            address="東京都千代田区永田町1丁目7番1号",
            sign_password=password,
            auth_pin="2222",
            at=AT,
        )
        assert issued.signing is None
        assert issued.authentication.kind == "authentication"
        with jpki.Card(card) as c:
            assert not c.info().has_signing_certificate


# 11xx


def test_login_error(world: World) -> None:
    nonce = bytes(32)
    expires = AT + datetime.timedelta(minutes=5)
    expect(jpki.LoginError, 1100, lambda: jpki.LoginChallenge("bank.example", nonce[:31], AT, expires))
    store = jpki.MemoryNonceStore(4)
    challenge = jpki.LoginChallenge("bank.example", nonce, AT, expires)
    response = jpki.LoginResponse(nonce, world.taro.authentication.der, bytes(256))
    expect(jpki.LoginError, 1101, lambda: world.verifier().verify_login(response, store, at=AT))
    store.insert(challenge)
    expect(jpki.LoginError, 1104, lambda: world.verifier().verify_login(response, store, at=AT))


# Every class is raised somewhere above (this test runs last in the module).


def test_every_exception_class_is_raised() -> None:
    classes = {
        obj
        for _, obj in inspect.getmembers(jpki.exceptions, inspect.isclass)
        if issubclass(obj, jpki.JpkiError) and obj is not jpki.JpkiError
    }
    assert {c.__name__ for c in classes} == set(jpki.exceptions.__all__) - {"JpkiError"}
    missing = {c.__name__ for c in classes - RAISED}
    assert not missing, f"never raised by a test: {sorted(missing)}"


# Python's own errors for Python mistakes.


def test_naive_datetimes_are_value_errors(world: World) -> None:
    naive = datetime.datetime(2026, 11, 21, 10, 0)
    verifier = world.verifier(crl=world.crl_before)
    with pytest.raises(ValueError):
        verifier.verify(world.taro_signed, at=naive)
    with pytest.raises(ValueError):
        verifier.verify_certificate(world.taro.signing, at=naive)
    with pytest.raises(ValueError):
        world.taro.signing.is_valid_at(naive)
    with pytest.raises(ValueError):
        world.authority.crl(world.taro.signing, at=naive)
    with pytest.raises(ValueError):
        jpki.sim.Authority(at=naive)
    # The same instant, aware, is fine.
    assert verifier.verify(world.taro_signed, at=naive.replace(tzinfo=UTC) - datetime.timedelta(hours=9)).valid


def test_unknown_option_strings_are_value_errors(world: World) -> None:
    anchors = world.anchors()
    with pytest.raises(ValueError):
        jpki.Verifier(anchors, revocation="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        jpki.Verifier(anchors, signer_usage="everything")  # type: ignore[arg-type]
    verifier = world.verifier(crl=world.crl_before)
    with pytest.raises(ValueError):
        verifier.verify_certificate(world.taro.signing, usage="login", at=AT)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        world.authority.event(world.taro.signing, "holiday", at=AT)  # type: ignore[arg-type]
    with jpki.Card(world.taro.card) as card:
        with pytest.raises(ValueError):
            card.pin_status("password")  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            card.read_certificate("signing")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        jpki.OcspRequest(world.taro.signing, world.taro.sign_ca, hash="md5")  # type: ignore[arg-type]


def test_wrong_types_are_type_errors(world: World) -> None:
    with pytest.raises(TypeError):
        jpki.Certificate.from_der("not bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jpki.Verifier(world.anchors(), revocation=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        world.verifier().verify(world.taro_signed, at="2026-11-21T10:00:00+09:00")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        jpki.Card(object())  # type: ignore[arg-type]


def test_error_attributes_survive_as_values(world: World) -> None:
    verdict = world.verifier(crl=world.crl_after).verify(world.hanako_signed, at=AT_AFTER)
    error = verdict.error
    assert isinstance(error, jpki.RevokedError)
    d = verdict.to_dict()
    assert at_path(d, "checks", "revocation", "code") == error.code == 600
    assert at_path(d, "checks", "revocation", "kind") == error.kind == "CERTIFICATE_REVOKED"
    assert at_path(d, "checks", "revocation", "error") == str(error)
