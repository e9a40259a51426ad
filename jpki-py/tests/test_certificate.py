"""Certificates: parsing, the JPKI reading, the 4 basic info, equality and hashing."""

from __future__ import annotations

import datetime

import pytest

import jpki
from support import AT, JST, TARO, World


def test_signing_certificate_reading(world: World) -> None:
    cert = world.taro.signing
    assert cert.kind == "signing"
    assert not cert.is_ca
    assert isinstance(cert.serial, int)
    assert cert.serial > 0
    assert cert.serial != world.hanako.signing.serial
    # Aware datetimes in UTC, around the issuance time.
    for t in (cert.not_valid_before, cert.not_valid_after):
        assert t.tzinfo is not None
        assert t.utcoffset() == datetime.timedelta(0)
    assert cert.not_valid_before <= AT < cert.not_valid_after
    # The J-LIS profile: notAfter at 23:59:59 JST on a birthday (1 April).
    end = cert.not_valid_after.astimezone(JST)
    assert (end.month, end.day, end.hour, end.minute, end.second) == (4, 1, 23, 59, 59)
    assert cert.is_valid_at(AT)
    assert not cert.is_valid_at(cert.not_valid_after + datetime.timedelta(seconds=1))
    assert cert.issuer == world.taro.sign_ca.subject
    assert cert.issuer
    # The subject's localities: the prefecture in romaji, the municipality.
    assert cert.prefecture == "Tokyo-to"
    assert cert.municipality == "千代田区"
    assert world.taro.sign_ca.prefecture is None
    assert cert.ocsp_urls, "simulated certificates name the authority's OCSP responder"
    assert all(url.startswith("http://") for url in cert.ocsp_urls)


def test_personal_info(world: World) -> None:
    info = world.taro.signing.personal_info
    assert info is not None
    # 髙 is replaced by its substitute 高 at position 0; the space becomes U+3000.
    assert info.name == "高橋\u3000太郎"
    assert info.name_substitutes == (0,)
    assert isinstance(info.name_substitutes, tuple)
    assert info.surname == "高橋"
    assert info.given_name == "太郎"
    assert info.birth_date == datetime.date(1950, 4, 1)
    assert type(info.birth_date) is datetime.date
    assert info.birth_date_japanese == "昭和25年4月1日"
    assert info.sex == "male"
    assert info.address == TARO.address
    assert info.address_substitutes == ()
    assert isinstance(info.other_fields, dict)
    holder = info.to_dict()
    assert holder["name"] == info.name
    # Equal readings are equal values, and hash alike.
    again = jpki.Certificate.from_der(world.taro.signing.der).personal_info
    assert again == info
    assert hash(again) == hash(info)
    other = world.hanako.signing.personal_info
    assert other is not None
    assert other != info
    assert other.sex == "female"
    assert other.name_substitutes == ()
    assert other.birth_date_japanese == "平成2年7月15日"


def test_other_kinds(world: World) -> None:
    auth = world.taro.authentication
    assert auth.kind == "authentication"
    assert auth.personal_info is None
    assert world.taro.sign_ca.kind == "ca"
    assert world.taro.sign_ca.is_ca
    assert world.taro.sign_ca.personal_info is None
    assert world.taro.auth_ca.kind == "ca"
    assert world.taro.sign_ca != world.taro.auth_ca


def test_der_and_pem_round_trip(world: World) -> None:
    cert = world.taro.signing
    der = cert.der
    assert isinstance(der, bytes)
    assert der[0] == 0x30
    pem = cert.to_pem()
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    assert jpki.Certificate.from_pem(pem) == cert
    assert jpki.Certificate.from_pem(pem.encode()) == cert
    assert jpki.Certificate.from_der(der) == cert
    assert jpki.Certificate.from_der(der).der == der


def test_load_all(world: World) -> None:
    bundle = world.authority.trust_anchors_pem()
    anchors = jpki.Certificate.load_all(bundle)
    assert anchors == world.authority.trust_anchors
    # Two CA generations for each of the two hierarchies.
    assert len(anchors) == 4
    assert all(a.kind == "ca" and a.is_ca for a in anchors)
    assert world.taro.sign_ca in anchors
    assert world.taro.auth_ca in anchors
    assert jpki.Certificate.load_all(world.taro.signing.der) == [world.taro.signing]


def test_equality_and_hash(world: World) -> None:
    a = jpki.Certificate.from_der(world.taro.signing.der)
    b = jpki.Certificate.from_pem(world.taro.signing.to_pem())
    assert a == b
    assert hash(a) == hash(b)
    assert a != world.hanako.signing
    assert a != world.taro.authentication
    assert a != "not a certificate"
    assert len({a, b, world.hanako.signing}) == 2
    by_cert = {a: "taro"}
    assert by_cert[b] == "taro"


def test_certificate_is_immutable(world: World) -> None:
    cert = world.taro.signing
    with pytest.raises(AttributeError):
        cert.serial = 1  # type: ignore[misc]


def test_certificates_on_the_card_match_issuance(world: World) -> None:
    with jpki.Card(world.taro.card) as card:
        assert card.read_certificate("auth") == world.taro.authentication
        assert card.read_certificate("sign", pin=TARO.sign_password) == world.taro.signing
        sign_ca = card.read_certificate("sign-ca")
        auth_ca = card.read_certificate("auth-ca")
    assert sign_ca in world.authority.trust_anchors
    assert auth_ca in world.authority.trust_anchors
    assert world.taro.signing.issuer == sign_ca.subject
