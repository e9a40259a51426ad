# Type stubs of the native module `jpki._rust` (hand-written; type-checked by
# mypy --strict and pyright strict in the test command). Import the public names
# from `jpki` and `jpki.sim`, not from here.
import datetime
from collections.abc import Iterator, Sequence
from typing import Literal, final

from jpki._types import (
    CertificateKind,
    CertificateSlotName,
    CheckResultName,
    CrlChangeName,
    EventName,
    FieldResultName,
    HashName,
    KeySlotName,
    OcspStatusName,
    PinKindName,
    RevocationMode,
    RevocationReason,
    RevocationStatusName,
    SexName,
    Transport,
    Usage,
)
from jpki.exceptions import JpkiError

__all__ = [
    "Card",
    "CardInfo",
    "PinStatus",
    "PreparedSignature",
    "Applicant",
    "Certificate",
    "Comparison",
    "FieldResult",
    "PersonalInfo",
    "Crl",
    "CrlEntry",
    "OcspRequest",
    "OcspStatus",
    "check_ocsp_response",
    "Authority",
    "Personalized",
    "VirtualCard",
    "CertificateVerdict",
    "CheckResult",
    "OcspQuery",
    "Verdict",
    "Verifier",
    "error_kinds",
    "__version__",
    "JSON_SCHEMA_VERSION",
]

__version__: str
JSON_SCHEMA_VERSION: int

@final
class PersonalInfo:
    """The 4 basic info (基本4情報) of a signing certificate, with substitutes."""

    @property
    def name(self) -> str: ...
    @property
    def surname(self) -> str: ...
    @property
    def given_name(self) -> str | None: ...
    @property
    def name_substitutes(self) -> tuple[int, ...]:
        """Character indices (0-based) of `name` that are substitute characters."""
    @property
    def birth_date(self) -> datetime.date: ...
    @property
    def birth_date_japanese(self) -> str:
        """The Japanese era form, e.g. `昭和25年4月1日`."""
    @property
    def sex(self) -> SexName: ...
    @property
    def address(self) -> str: ...
    @property
    def address_substitutes(self) -> tuple[int, ...]:
        """Character indices (0-based) of `address` that are substitute characters."""
    @property
    def other_fields(self) -> dict[str, str]:
        """Further otherName fields of the certificate, by dotted OID."""
    def to_dict(self) -> dict[str, object]:
        """The `holder` object of the CLI's JSON."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Certificate:
    """An X.509 certificate read with its JPKI meaning. Immutable, hashable."""

    @staticmethod
    def from_der(data: bytes) -> Certificate: ...
    @staticmethod
    def from_pem(data: bytes | str) -> Certificate:
        """The first certificate of a PEM text."""
    @staticmethod
    def load_all(data: bytes | str) -> list[Certificate]:
        """Every certificate of a PEM bundle, or the one certificate of DER."""
    @property
    def der(self) -> bytes: ...
    def to_pem(self) -> str: ...
    @property
    def kind(self) -> CertificateKind: ...
    @property
    def serial(self) -> int: ...
    @property
    def subject(self) -> str: ...
    @property
    def issuer(self) -> str: ...
    @property
    def not_valid_before(self) -> datetime.datetime:
        """Aware (UTC)."""
    @property
    def not_valid_after(self) -> datetime.datetime:
        """Aware (UTC)."""
    @property
    def personal_info(self) -> PersonalInfo | None: ...
    @property
    def prefecture(self) -> str | None: ...
    @property
    def municipality(self) -> str | None: ...
    @property
    def ocsp_urls(self) -> list[str]: ...
    @property
    def is_ca(self) -> bool: ...
    def is_valid_at(self, at: datetime.datetime) -> bool: ...
    def compare(self, applicant: Applicant) -> Comparison:
        """Compares the 4 basic info with an application; raises `PersonalInfoError`
        when the certificate has none."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[object, tuple[bytes]]: ...

@final
class Applicant:
    """What an applicant wrote in the form; every field is optional."""

    def __new__(
        cls,
        *,
        name: str | None = None,
        birth_date: datetime.date | str | None = None,
        sex: SexName | None = None,
        address: str | None = None,
    ) -> Applicant:
        """`birth_date`: a date, `YYYY-MM-DD`, or Japanese era text (`昭和25年4月1日`)."""
    @property
    def name(self) -> str | None: ...
    @property
    def birth_date(self) -> datetime.date | None: ...
    @property
    def sex(self) -> SexName | None: ...
    @property
    def address(self) -> str | None: ...

@final
class FieldResult:
    """How one field of the application compares with the certificate."""

    @property
    def field(self) -> Literal["name", "birth_date", "sex", "address"]: ...
    @property
    def result(self) -> FieldResultName: ...
    @property
    def is_match(self) -> bool: ...
    @property
    def normalized(self) -> list[str]:
        """The normalizations that were needed (`width`, `space`, `dash`, `block_number`)."""
    @property
    def positions(self) -> list[int]:
        """For `equivalent_by_substitution`: the substituted character indices."""
    @property
    def expected(self) -> str | None:
        """For `mismatch`: the certificate's value."""
    @property
    def found(self) -> str | None:
        """For `mismatch`: the applicant's value."""
    @property
    def position(self) -> int | None:
        """For a `mismatch` of name or address: index of the first difference."""
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, object]: ...

@final
class Comparison:
    @property
    def all_match(self) -> bool:
        """Every field given and matching."""
    @property
    def provided_match(self) -> bool:
        """Every given field matches, and at least one was given."""
    @property
    def name(self) -> FieldResult: ...
    @property
    def birth_date(self) -> FieldResult: ...
    @property
    def sex(self) -> FieldResult: ...
    @property
    def address(self) -> FieldResult: ...
    @property
    def fields(self) -> list[FieldResult]: ...
    def to_dict(self) -> dict[str, object]: ...

@final
class CheckResult:
    """One check of a verdict."""

    @property
    def result(self) -> CheckResultName: ...
    @property
    def passed(self) -> bool: ...
    @property
    def error(self) -> JpkiError | None:
        """The failure as an exception instance (not raised)."""

@final
class Verdict:
    """The verdict on a signed application: the three checks."""

    @property
    def valid(self) -> bool: ...
    @property
    def at(self) -> datetime.datetime: ...
    @property
    def signature(self) -> CheckResult: ...
    @property
    def certificate(self) -> CheckResult: ...
    @property
    def revocation(self) -> CheckResult: ...
    @property
    def personal_info(self) -> CheckResult: ...
    @property
    def revocation_status(self) -> RevocationStatusName: ...
    @property
    def signer(self) -> Certificate | None:
        """The signer's certificate, when the signature verified."""
    @property
    def claimed_signer(self) -> Certificate | None:
        """Who the signature names as signer, also when it did not verify."""
    @property
    def holder(self) -> PersonalInfo | None: ...
    @property
    def comparison(self) -> Comparison | None: ...
    @property
    def signing_time(self) -> datetime.datetime | None: ...
    @property
    def path(self) -> list[Certificate]: ...
    @property
    def error(self) -> JpkiError | None:
        """The first failure, in check order."""
    def raise_for_error(self) -> None:
        """Raises the first failure (a `JpkiError` subclass) unless the verdict is valid."""
    def to_dict(self) -> dict[str, object]:
        """The document `jpki verify --json` prints."""
    def to_json(self) -> str: ...

@final
class CertificateVerdict:
    """The verdict on a bare certificate: path and revocation."""

    @property
    def valid(self) -> bool: ...
    @property
    def at(self) -> datetime.datetime: ...
    @property
    def usage(self) -> Usage: ...
    @property
    def subject(self) -> Certificate: ...
    @property
    def certificate(self) -> CheckResult: ...
    @property
    def revocation(self) -> CheckResult: ...
    @property
    def revocation_status(self) -> RevocationStatusName: ...
    @property
    def path(self) -> list[Certificate]: ...
    @property
    def error(self) -> JpkiError | None: ...
    def raise_for_error(self) -> None: ...
    def to_dict(self) -> dict[str, object]:
        """The document `jpki cert verify --json` prints."""
    def to_json(self) -> str: ...

@final
class OcspQuery:
    @property
    def serial(self) -> int: ...
    @property
    def url(self) -> str | None: ...
    @property
    def request(self) -> OcspRequest: ...

@final
class Verifier:
    """Trust anchors, policy and revocation data; verifies signed applications.

    Safe to share between threads; CRLs and OCSP responses may be added while
    other threads verify. Verification releases the GIL."""

    def __new__(
        cls,
        trust_anchors: bytes | str | Sequence[Certificate],
        *,
        intermediates: bytes | str | Sequence[Certificate] | None = None,
        revocation: RevocationMode = "hard",
        crl_first: bool = False,
        max_crl_age: int | None = None,
        signer_usage: Usage = "signing",
        signing_policies: Sequence[str] | None = None,
        authentication_policies: Sequence[str] | None = None,
        allow_legacy_sha1: bool = False,
    ) -> Verifier: ...
    @property
    def trust_anchors(self) -> list[Certificate]: ...
    @property
    def crl_count(self) -> int: ...
    def add_crl(self, data: bytes) -> CrlChangeName:
        """Adds (or replaces) a CRL, DER or PEM; it must verify against a known CA."""
    def add_ocsp_response(self, data: bytes) -> None: ...
    def clear_ocsp_responses(self) -> None: ...
    def verify(
        self,
        signed: bytes,
        *,
        content: bytes | None = None,
        applicant: Applicant | None = None,
        at: datetime.datetime | None = None,
    ) -> Verdict:
        """`at` must be aware; None means now (the host's clock)."""
    def verify_certificate(
        self,
        certificate: Certificate,
        *,
        usage: Usage = "signing",
        at: datetime.datetime | None = None,
    ) -> CertificateVerdict: ...
    def ocsp_requests(
        self, certificate: Certificate, *, at: datetime.datetime | None = None
    ) -> list[OcspQuery]: ...

@final
class CrlEntry:
    @property
    def serial(self) -> int: ...
    @property
    def revocation_date(self) -> datetime.datetime: ...
    @property
    def reason(self) -> RevocationReason | None: ...
    @property
    def invalidity_date(self) -> datetime.datetime | None: ...

@final
class Crl:
    """A CRL whose signature was checked against its issuer, indexed for lookups."""

    @staticmethod
    def load(data: bytes, issuer: Certificate) -> Crl:
        """DER or PEM. Releases the GIL while parsing and checking."""
    @property
    def der(self) -> bytes: ...
    @property
    def this_update(self) -> datetime.datetime: ...
    @property
    def next_update(self) -> datetime.datetime | None: ...
    def is_current_at(self, at: datetime.datetime) -> bool: ...
    def covers(self, certificate: Certificate) -> bool: ...
    def lookup(self, serial: int | Certificate) -> CrlEntry | None: ...
    def is_revoked(self, serial: int | Certificate) -> bool:
        """For a certificate this CRL does not cover, raises `RevocationError`."""
    def entries(self) -> list[CrlEntry]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[CrlEntry]: ...
    def __contains__(self, serial: int | Certificate, /) -> bool: ...

@final
class OcspRequest:
    def __new__(
        cls,
        certificate: Certificate,
        issuer: Certificate,
        *,
        hash: HashName = "sha1",
        nonce: bytes | None = None,
    ) -> OcspRequest: ...
    @staticmethod
    def from_der(data: bytes) -> OcspRequest: ...
    @property
    def der(self) -> bytes: ...
    @property
    def nonce(self) -> bytes | None: ...
    @property
    def serial(self) -> int: ...

@final
class OcspStatus:
    @property
    def status(self) -> OcspStatusName: ...
    @property
    def revocation_time(self) -> datetime.datetime | None: ...
    @property
    def reason(self) -> RevocationReason | None: ...
    @property
    def this_update(self) -> datetime.datetime: ...
    @property
    def next_update(self) -> datetime.datetime | None: ...
    @property
    def produced_at(self) -> datetime.datetime: ...

def check_ocsp_response(
    response: bytes,
    request: OcspRequest,
    issuer: Certificate,
    *,
    at: datetime.datetime | None = None,
) -> OcspStatus:
    """Checks an OCSP response (signature, responder, CertID, nonce, freshness)."""

@final
class CardInfo:
    @property
    def kind(self) -> str: ...
    @property
    def has_signing_certificate(self) -> bool: ...
    @property
    def has_authentication_certificate(self) -> bool: ...

@final
class PinStatus:
    @property
    def kind(self) -> PinKindName: ...
    @property
    def remaining(self) -> int | None:
        """Tries left, when the card tells."""
    @property
    def blocked(self) -> bool: ...
    @property
    def verified(self) -> bool: ...

@final
class Card:
    """A JPKI card behind a transport. Use as a context manager.

    Secrets are validated before anything is sent, VERIFY is never retried,
    and the last remaining try is refused (`PinError`, code 904) unless
    `allow_last_try=True`. PINs are copied into zeroizing memory at once, but
    Python's own `str` cannot be wiped. Card I/O releases the GIL (a Python
    transport takes it back for each command)."""

    def __new__(cls, transport: Transport) -> Card: ...
    @staticmethod
    def open(reader: str | None = None) -> Card:
        """Connects through PC/SC to `reader` (or the first reader with a card)."""
    @staticmethod
    def readers() -> list[str]: ...
    def __enter__(self) -> Card: ...
    def __exit__(self, *exc: object) -> None: ...
    def close(self) -> None:
        """Forgets the session and releases the transport; later calls raise `CardError`."""
    def info(self) -> CardInfo: ...
    def pin_status(self, kind: PinKindName) -> PinStatus: ...
    def verify_pin(self, kind: PinKindName, pin: str, *, allow_last_try: bool = False) -> None: ...
    def read_certificate(self, slot: CertificateSlotName, *, pin: str | None = None) -> Certificate: ...
    def sign_digest(
        self,
        key: KeySlotName,
        digest: bytes,
        *,
        hash: HashName = "sha256",
        pin: str | None = None,
        allow_last_try: bool = False,
    ) -> bytes:
        """The raw RSA signature (PKCS#1 v1.5) of `digest`, a `hash` digest."""
    def sign(
        self,
        content: bytes,
        *,
        pin: str | None,
        key: KeySlotName = "sign",
        detached: bool = False,
        signing_time: datetime.datetime | None = None,
        allow_last_try: bool = False,
    ) -> bytes:
        """CMS SignedData (DER) over `content` with the card's key, carrying the
        certificate and its CA certificate. `signing_time`: the signingTime
        attribute; None means now (the host's clock)."""

@final
class PreparedSignature:
    """Two-phase signing: the digest to sign now, the SignedData once the signature
    comes back (from a card elsewhere, a phone, an HSM...). `signing_time`: the
    signingTime attribute; None means now (the host's clock)."""

    def __new__(
        cls,
        content: bytes,
        signer: Certificate,
        *,
        ca: Certificate | None = None,
        detached: bool = False,
        signing_time: datetime.datetime | None = None,
    ) -> PreparedSignature: ...
    @property
    def hash(self) -> HashName: ...
    @property
    def digest(self) -> bytes: ...
    @property
    def digest_info(self) -> bytes:
        """The DigestInfo a PKCS#1 v1.5 signer signs."""
    def finish(self, signature: bytes) -> bytes:
        """The SignedData (DER); the signature is checked against the certificate."""

def error_kinds() -> dict[int, str]:
    """Every stable error code and its name (`302: "ISSUER_NOT_FOUND"`)."""

# The simulator (re-exported by `jpki.sim`).

@final
class Personalized:
    @property
    def signing(self) -> Certificate | None: ...
    @property
    def authentication(self) -> Certificate: ...

@final
class Authority:
    def __new__(cls, *, at: datetime.datetime | None = None) -> Authority: ...
    @property
    def trust_anchors(self) -> list[Certificate]: ...
    def trust_anchors_pem(self) -> bytes: ...
    def personalize(
        self,
        card: VirtualCard,
        *,
        name: str,
        birth_date: datetime.date | str,
        sex: SexName,
        address: str,
        sign_password: str | None,
        auth_pin: str,
        at: datetime.datetime | None = None,
    ) -> Personalized: ...
    def event(
        self, certificate: Certificate, event: EventName, *, at: datetime.datetime | None = None
    ) -> list[int]:
        """Applies a register event; the serials it revoked."""
    def crl(
        self,
        certificate: Certificate,
        *,
        at: datetime.datetime | None = None,
        validity: int = 86400,
    ) -> bytes:
        """The CRL (DER) of the partition and CA generation that issued `certificate`."""
    def ocsp_respond(self, request: bytes, *, at: datetime.datetime | None = None) -> bytes:
        """The authority's OCSP responder's answer to a DER request."""

@final
class VirtualCard:
    """A virtual JPKI card in memory; itself a transport for `jpki.Card`."""

    def __new__(cls) -> VirtualCard: ...
    def transmit(self, command: bytes, /) -> bytes: ...
    def tries_left(self, kind: PinKindName) -> int: ...
