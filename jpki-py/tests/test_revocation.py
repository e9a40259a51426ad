"""CRLs (load, lookups, entries) and OCSP (requests, the simulator's responder,
checking responses, and a verifier fed with responses the host fetched)."""

from __future__ import annotations

import datetime

import pytest

import jpki
from support import AT, AT_AFTER, AT_MOVE, World, at_path


def test_crl_load_and_lookup(world: World) -> None:
    crl = jpki.Crl.load(world.crl_after, world.taro.sign_ca)
    assert crl.der == world.crl_after
    assert crl.this_update == AT_MOVE
    assert crl.this_update.tzinfo is not None
    assert crl.next_update == AT_MOVE + datetime.timedelta(days=1)
    assert crl.is_current_at(AT_AFTER)
    assert not crl.is_current_at(AT_MOVE + datetime.timedelta(days=2))
    assert crl.covers(world.taro.signing)
    assert crl.covers(world.hanako.signing)

    hanako = world.hanako.signing
    assert world.hanako_revoked == [hanako.serial]
    assert len(crl) == 1
    assert crl.is_revoked(hanako)
    assert crl.is_revoked(hanako.serial)
    assert hanako in crl
    assert hanako.serial in crl
    assert not crl.is_revoked(world.taro.signing)
    assert not crl.is_revoked(world.taro.signing.serial)
    assert world.taro.signing not in crl

    entry = crl.lookup(hanako)
    assert entry is not None
    assert entry.serial == hanako.serial
    assert entry.revocation_date == AT_MOVE
    assert entry.revocation_date.tzinfo is not None
    assert entry.reason == "affiliation_changed"
    assert entry.invalidity_date is None
    assert crl.lookup(hanako.serial) is not None
    assert crl.lookup(world.taro.signing) is None
    assert crl.lookup(world.taro.signing.serial) is None

    entries = crl.entries()
    assert [e.serial for e in entries] == [hanako.serial]
    assert [e.serial for e in crl] == [hanako.serial]


def test_crl_before_the_move_is_empty(world: World) -> None:
    crl = jpki.Crl.load(world.crl_before, world.taro.sign_ca)
    assert len(crl) == 0
    assert crl.entries() == []
    assert list(crl) == []
    assert not crl.is_revoked(world.hanako.signing)
    assert crl.this_update == AT


def test_crl_pem_and_wrong_issuer(world: World) -> None:
    import base64

    body = base64.encodebytes(world.crl_after).decode().replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    pem = "-----BEGIN X509 CRL-----\n" + "\n".join(lines) + "\n-----END X509 CRL-----\n"
    crl = jpki.Crl.load(pem.encode(), world.taro.sign_ca)
    assert crl.der == world.crl_after
    assert len(crl) == 1
    # The authentication CA did not sign it.
    with pytest.raises(jpki.JpkiError):
        jpki.Crl.load(world.crl_after, world.taro.auth_ca)
    # Nor is a certificate a CRL.
    with pytest.raises(jpki.JpkiError):
        jpki.Crl.load(world.taro.signing.der, world.taro.sign_ca)
    # A verifier takes PEM too.
    pem_verifier = world.verifier()
    assert pem_verifier.add_crl(pem.encode()) == "added"
    assert pem_verifier.verify(world.hanako_signed, at=AT_AFTER).revocation_status == "revoked"
    # A verifier refuses a CRL no trust anchor signed.
    other = world.verifier()
    tampered = bytearray(world.crl_after)
    tampered[-1] ^= 0x01
    with pytest.raises(jpki.JpkiError):
        other.add_crl(bytes(tampered))
    assert other.crl_count == 0


def test_ocsp_good_and_revoked(world: World) -> None:
    ca = world.taro.sign_ca
    nonce = bytes(range(16))
    request = jpki.OcspRequest(world.taro.signing, ca, nonce=nonce)
    assert request.serial == world.taro.signing.serial
    assert request.nonce == nonce
    assert jpki.OcspRequest.from_der(request.der).der == request.der
    assert jpki.OcspRequest.from_der(request.der).serial == world.taro.signing.serial
    answer = world.authority.ocsp_respond(request.der, at=AT_AFTER)
    good = jpki.check_ocsp_response(answer, request, ca, at=AT_AFTER)
    assert good.status == "good"
    assert good.revocation_time is None
    assert good.reason is None
    assert good.this_update == AT_AFTER
    assert good.produced_at == AT_AFTER
    assert good.next_update is not None and good.next_update > AT_AFTER

    hanako_request = jpki.OcspRequest(world.hanako.signing, ca, hash="sha256")
    assert hanako_request.nonce is None
    answer = world.authority.ocsp_respond(hanako_request.der, at=AT_AFTER)
    revoked = jpki.check_ocsp_response(answer, hanako_request, ca, at=AT_AFTER)
    assert revoked.status == "revoked"
    assert revoked.revocation_time == AT_MOVE
    assert revoked.reason == "affiliation_changed"

    # Before the move, the responder said good for Hanako too.
    early = world.authority.ocsp_respond(hanako_request.der, at=AT)
    assert jpki.check_ocsp_response(early, hanako_request, ca, at=AT).status == "good"


def test_verifier_with_ocsp_responses_the_host_fetched(world: World) -> None:
    verifier = world.verifier()
    # Without any answer: hard fail.
    assert not verifier.verify(world.taro_signed, at=AT_AFTER).valid
    for holder in (world.taro, world.hanako):
        queries = verifier.ocsp_requests(holder.signing, at=AT_AFTER)
        assert len(queries) == 1
        query = queries[0]
        assert query.serial == holder.signing.serial
        assert query.request.serial == holder.signing.serial
        assert query.url == holder.signing.ocsp_urls[0]
        verifier.add_ocsp_response(world.authority.ocsp_respond(query.request.der, at=AT_AFTER))

    taro = verifier.verify(world.taro_signed, at=AT_AFTER)
    assert taro.valid, taro.to_json()
    assert taro.revocation_status == "good"
    assert at_path(taro.to_dict(), "checks", "revocation", "certificates", 0, "source") == "ocsp"
    hanako = verifier.verify(world.hanako_signed, at=AT_AFTER)
    assert not hanako.valid
    assert hanako.revocation_status == "revoked"
    assert isinstance(hanako.revocation.error, jpki.RevokedError)

    verifier.clear_ocsp_responses()
    assert not verifier.verify(world.taro_signed, at=AT_AFTER).valid

    # A response that is not OCSP at all is refused.
    with pytest.raises(jpki.JpkiError):
        verifier.add_ocsp_response(b"\x30\x00")
