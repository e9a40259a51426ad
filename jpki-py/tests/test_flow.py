"""The e-application flow end to end from Python: a simulated J-LIS personalizes a
card, the resident signs a form with it, the bank verifies with the municipality's
CRL, the resident moves, and the next CRL makes the same signature revoked."""

from __future__ import annotations

import datetime
import json

import pytest

import jpki
import jpki.sim
from support import AT_AFTER, Resident, World, at_path

SABURO = Resident(
    name="𠮷田 三郎",
    birth_date=datetime.date(1988, 12, 24),
    sex="male",
    address="東京都千代田区霞が関一丁目3番1号",
    sign_password="SABURO88",
    auth_pin="2468",
)

FORM = "口座開設申込書\n氏名: 𠮷田 三郎\n住所: 東京都千代田区霞が関1-3-1\n".encode()

T0 = datetime.datetime(2026, 11, 21, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


def test_sign_verify_move_revoked(world: World) -> None:
    authority = world.authority
    virtual = jpki.sim.VirtualCard()
    issued = authority.personalize(
        virtual,
        name=SABURO.name,
        birth_date=SABURO.birth_date.isoformat(),
        sex=SABURO.sex,
        address=SABURO.address,
        sign_password=SABURO.sign_password,
        auth_pin=SABURO.auth_pin,
        at=T0,
    )
    cert = issued.signing
    assert cert is not None
    info = cert.personal_info
    assert info is not None
    # 𠮷 (outside the charset) is carried as 吉 and marked.
    assert info.name == "吉田\u3000三郎"
    assert info.name_substitutes == (0,)

    # The resident signs at the bank's web form with the card.
    with jpki.Card(virtual) as card:
        signed = card.sign(FORM, pin=SABURO.sign_password, signing_time=T0)
    assert isinstance(signed, bytes)
    assert signed[0] == 0x30

    # The bank: trust anchors from the authority, the municipality's CRL.
    verifier = jpki.Verifier(authority.trust_anchors)
    assert verifier.trust_anchors == authority.trust_anchors
    assert verifier.crl_count == 0
    assert verifier.add_crl(authority.crl(cert, at=T0)) == "added"
    assert verifier.crl_count == 1

    applicant = jpki.Applicant(
        name="𠮷田 三郎",
        birth_date="昭和63年12月24日",
        sex="male",
        address="東京都千代田区霞が関1-3-1",
    )
    check_at = T0 + datetime.timedelta(minutes=5)
    verdict = verifier.verify(signed, applicant=applicant, at=check_at)
    assert verdict.valid, verdict.to_json()
    verdict.raise_for_error()
    assert verdict.error is None
    assert verdict.at == check_at
    assert verdict.at.tzinfo is not None
    for check in (verdict.signature, verdict.certificate, verdict.revocation, verdict.personal_info):
        assert check.passed
        assert check.result == "passed"
        assert check.error is None
    assert verdict.revocation_status == "good"
    assert verdict.signer == cert
    assert verdict.claimed_signer == cert
    assert verdict.holder == info
    assert verdict.signing_time == T0
    assert [c.kind for c in verdict.path] == ["signing", "ca"]
    assert verdict.path[0] == cert
    assert verdict.path[-1] in authority.trust_anchors
    comparison = verdict.comparison
    assert comparison is not None
    assert comparison.all_match
    assert comparison.name.result == "equivalent_by_substitution"
    assert comparison.address.result == "normalized"
    d = verdict.to_dict()
    assert list(d)[:2] == ["valid", "schema_version"]
    assert d["valid"] is True
    assert at_path(d, "checks", "revocation", "certificates", 0, "status") == "good"
    assert at_path(d, "checks", "revocation", "certificates", 0, "source") == "crl"
    assert int(str(at_path(d, "signer", "serial")), 16) == cert.serial
    assert json.loads(verdict.to_json()) == d

    # The resident moves; the register revokes the signing certificate.
    moved_at = T0 + datetime.timedelta(minutes=10)
    revoked = authority.event(cert, "move", at=moved_at)
    assert revoked == [cert.serial]
    # The authentication certificate is not revoked by a move.
    assert issued.authentication.serial not in revoked

    # The next CRL replaces the first in the shared verifier.
    assert verifier.add_crl(authority.crl(cert, at=moved_at)) == "replaced"
    assert verifier.crl_count == 1

    after = verifier.verify(signed, applicant=applicant, at=moved_at + datetime.timedelta(minutes=5))
    assert not after.valid
    assert after.signature.passed
    assert after.personal_info.passed
    assert after.revocation.result == "failed"
    assert after.revocation_status == "revoked"
    error = after.revocation.error
    assert isinstance(error, jpki.RevokedError)
    assert error.code == 600
    assert error.kind == "CERTIFICATE_REVOKED"
    assert after.error is not None and after.error.code == 600
    with pytest.raises(jpki.RevokedError) as info_raised:
        after.raise_for_error()
    assert info_raised.value.code == 600
    entry = at_path(after.to_dict(), "checks", "revocation", "certificates", 0)
    assert at_path(entry, "status") == "revoked"
    # The JSON contract names reasons as RFC 5280 does.
    assert at_path(entry, "reason") == "affiliationChanged"
    assert after.to_dict()["valid"] is False

    # Before the move the same signature is still good with the old CRL's time.
    fresh = jpki.Verifier(authority.trust_anchors)
    fresh.add_crl(authority.crl(cert, at=T0))
    assert fresh.verify(signed, applicant=applicant, at=check_at).valid


def test_older_crl_does_not_replace_newer(world: World) -> None:
    verifier = world.verifier()
    assert verifier.add_crl(world.crl_after) == "added"
    assert verifier.add_crl(world.crl_before) == "kept_newer"
    assert verifier.crl_count == 1
    # Still the newer one: Hanako is revoked.
    verdict = verifier.verify(world.hanako_signed, at=AT_AFTER)
    assert verdict.revocation_status == "revoked"


def test_pem_crl_and_verifier_from_pem(world: World) -> None:
    pem_anchors = world.authority.trust_anchors_pem()
    verifier = jpki.Verifier(pem_anchors)
    assert verifier.trust_anchors == world.authority.trust_anchors
    verifier2 = jpki.Verifier(pem_anchors.decode())
    assert verifier2.trust_anchors == world.authority.trust_anchors
    verifier.add_crl(world.crl_before)
    at = datetime.datetime(2026, 11, 21, 1, 30, tzinfo=datetime.timezone.utc)
    assert verifier.verify(world.taro_signed, at=at).valid


def test_verify_certificate(world: World) -> None:
    verifier = world.verifier(crl=world.crl_before)
    at = datetime.datetime(2026, 11, 21, 1, 30, tzinfo=datetime.timezone.utc)
    report = verifier.verify_certificate(world.taro.signing, at=at)
    assert report.valid
    report.raise_for_error()
    assert report.usage == "signing"
    assert report.subject == world.taro.signing
    assert report.certificate.passed
    assert report.revocation.passed
    assert report.revocation_status == "good"
    assert report.path[0] == world.taro.signing
    assert report.at == at
    d = report.to_dict()
    assert list(d)[:2] == ["valid", "schema_version"]
    assert d["usage"] == "signing"
    assert json.loads(report.to_json()) == d
    # The wrong usage for the signing certificate.
    assert not verifier.verify_certificate(world.taro.signing, usage="authentication", at=at).valid
    # "any": a valid path is enough (revocation off: no authentication CRL here).
    lenient = world.verifier(revocation="off")
    assert lenient.verify_certificate(world.taro.authentication, usage="any", at=at).valid
    assert lenient.verify_certificate(world.taro.authentication, usage="authentication", at=at).valid
