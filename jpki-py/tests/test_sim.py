"""The simulator from Python: register events and what they revoke, CRLs of both
hierarchies, and personalization rules."""

from __future__ import annotations

import datetime

import jpki
import jpki.sim
from support import AT, AT_AFTER, AT_MOVE, Resident, World, personalize

SHIRO = Resident(
    name="伊藤 四郎",
    birth_date=datetime.date(1940, 2, 29),
    sex="male",
    address="東京都千代田区永田町2丁目3番1号",
    sign_password="SHIRO1940",
    auth_pin="3141",
)
GORO = Resident(
    name="渡辺 五郎",
    birth_date=datetime.date(1975, 10, 10),
    sex="unknown",
    address="東京都千代田区丸の内1丁目9番1号",
    sign_password="GORO1975",
    auth_pin="2718",
)


def test_death_revokes_both_and_merger_nothing(world: World) -> None:
    authority = world.authority
    shiro = personalize(authority, SHIRO)
    goro = personalize(authority, GORO)
    info = goro.signing.personal_info
    assert info is not None and info.sex == "unknown"
    assert shiro.signing.personal_info is not None
    assert shiro.signing.personal_info.birth_date == datetime.date(1940, 2, 29)
    assert shiro.signing.personal_info.birth_date_japanese == "昭和15年2月29日"

    # A municipal merger revokes nothing.
    assert authority.event(goro.signing, "merger", at=AT_MOVE) == []
    # A death revokes both of the resident's certificates, once.
    revoked = authority.event(shiro.signing, "death", at=AT_MOVE)
    assert sorted(revoked) == sorted([shiro.signing.serial, shiro.authentication.serial])
    assert authority.event(shiro.signing, "death", at=AT_MOVE) == []

    sign_crl = jpki.Crl.load(authority.crl(shiro.signing, at=AT_MOVE), shiro.sign_ca)
    auth_crl = jpki.Crl.load(authority.crl(shiro.authentication, at=AT_MOVE), shiro.auth_ca)
    assert sign_crl.is_revoked(shiro.signing)
    assert auth_crl.is_revoked(shiro.authentication)
    assert not sign_crl.is_revoked(goro.signing)
    assert not auth_crl.is_revoked(goro.authentication)
    entry = auth_crl.lookup(shiro.authentication)
    assert entry is not None and entry.revocation_date == AT_MOVE

    # One verifier holds the CRLs of both hierarchies.
    verifier = world.verifier()
    assert verifier.add_crl(sign_crl.der) == "added"
    assert verifier.add_crl(auth_crl.der) == "added"
    assert verifier.crl_count == 2
    assert verifier.verify_certificate(goro.authentication, usage="authentication", at=AT_AFTER).valid
    assert verifier.verify_certificate(goro.signing, at=AT_AFTER).valid
    dead = verifier.verify_certificate(shiro.authentication, usage="authentication", at=AT_AFTER)
    assert not dead.valid
    assert dead.revocation_status == "revoked"
    assert isinstance(dead.error, jpki.RevokedError)


def test_authority_clock(world: World) -> None:
    # The newest CA generation starts a day before the authority's time.
    newest = max(a.not_valid_before for a in world.authority.trust_anchors)
    assert newest == AT - datetime.timedelta(days=1)
    assert all(a.is_valid_at(AT) for a in world.authority.trust_anchors)


def test_personalized_card_holds_everything(world: World) -> None:
    card = world.taro.card
    assert card.tries_left("signing-password") == 5
    assert card.tries_left("auth-pin") == 3
    assert card.tries_left("attributes-pin") == 3
    with jpki.Card(card) as c:
        info = c.info()
        assert info.has_signing_certificate and info.has_authentication_certificate
    blank = jpki.sim.VirtualCard()
    with jpki.Card(blank) as c:
        info = c.info()
        assert not info.has_signing_certificate
        assert not info.has_authentication_certificate
