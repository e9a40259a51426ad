"""Types shared by the package and its stubs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from jpki._rust import LoginChallenge

CertificateKind = Literal["signing", "authentication", "ca", "other"]
SexName = Literal["male", "female", "unknown"]
CheckResultName = Literal["passed", "failed", "not_run", "off"]
FieldResultName = Literal[
    "exact", "normalized", "equivalent_by_substitution", "mismatch", "not_provided"
]
Usage = Literal["signing", "authentication", "any"]
RevocationMode = Literal["hard", "soft", "off"]
RevocationStatusName = Literal["unchecked", "good", "revoked", "soft_failed"]
CrlChangeName = Literal["added", "replaced", "kept_newer"]
RevocationReason = Literal[
    "unspecified",
    "key_compromise",
    "ca_compromise",
    "affiliation_changed",
    "superseded",
    "cessation_of_operation",
    "certificate_hold",
    "remove_from_crl",
    "privilege_withdrawn",
    "aa_compromise",
]
OcspStatusName = Literal["good", "revoked", "unknown"]
HashName = Literal["sha1", "sha256", "sha384", "sha512"]
PinKindName = Literal["signing-password", "auth-pin", "attributes-pin"]
CertificateSlotName = Literal["sign", "sign-ca", "auth", "auth-ca"]
KeySlotName = Literal["sign", "auth"]
BindingStatusName = Literal["current", "re_register", "refused"]
EventName = Literal[
    "move", "rename", "death", "notation-change", "merger", "voluntary", "key-compromise"
]


class Transport(Protocol):
    """Anything that sends one command APDU to a card and returns its whole answer
    (data, then SW1 SW2): a reader bridge, a phone, a test double, or
    :class:`jpki.sim.VirtualCard`. A VERIFY command carries a secret: a
    transport must not log or keep it."""

    def transmit(self, command: bytes, /) -> bytes: ...


class NonceStore(Protocol):
    """Where a relying party keeps its outstanding login challenges, so that each
    is answered once: :class:`jpki.MemoryNonceStore` (one process), or any object
    with these two methods over a shared store (a database table, Redis).

    ``redeem`` must be atomic (of two concurrent redemptions of a nonce, one gets
    the challenge) and return ``None`` for a nonce it does not hold (the login is
    refused with :class:`jpki.LoginError` code 1101). An exception it raises
    (its own, or a ``LoginError`` it builds for a replay, code 1102) propagates
    unchanged from ``Verifier.verify_login`` and ``Verifier.register``."""

    def insert(self, challenge: LoginChallenge, /) -> None: ...

    def redeem(self, nonce: bytes, /) -> LoginChallenge | None: ...
