# Type stubs of the native module `jpki._rust` (hand-written; type-checked by
# mypy --strict and pyright strict in the test command). Import the public names
# from `jpki` and `jpki.sim`, not from here.
import datetime
from collections.abc import Iterator, Sequence
from typing import ClassVar, Literal, final

from jpki._types import (
    BindingStatusName,
    CertificateKind,
    CertificateSlotName,
    CheckResultName,
    CrlChangeName,
    EventName,
    FieldResultName,
    HashName,
    KeySlotName,
    NonceStore,
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
    "AccountBinding",
    "AccountKey",
    "BindingStatus",
    "Login",
    "LoginChallenge",
    "LoginResponse",
    "MemoryNonceStore",
    "Registration",
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
    def verify_login(
        self,
        response: LoginResponse,
        store: NonceStore,
        *,
        at: datetime.datetime | None = None,
    ) -> Login:
        """Verifies a card login: redeems the response's nonce in `store` (once),
        refuses an expired challenge, verifies the signature over the store's
        own copy of the challenge, and validates the certificate as an
        authentication certificate with revocation under this verifier's policy.
        Raises the first refusal: `LoginError` (1101 unknown, 1102 replayed,
        1103 expired, 1104 bad signature), `PathError` (302 another hierarchy,
        314 a signing certificate), `RevokedError`, `RevocationError`
        (no revocation data under hard fail), `MalformedError`. Releases the GIL
        (a Python `store` takes it back for its own calls). `at` must be aware;
        None means now (the host's clock)."""
    def verify_login_redeemed(
        self,
        response: LoginResponse,
        challenge: LoginChallenge,
        *,
        at: datetime.datetime | None = None,
    ) -> Login:
        """Verifies a card login against `challenge`, which the host has taken
        out of its own nonce store (a database reached asynchronously, the web
        session that holds it): for hosts whose store cannot be a `NonceStore`.
        The host must take the challenge out exactly once, atomically, before
        calling this; everything else is checked as `verify_login` does.
        Raises `LoginError` 1101 if the response answers another nonce, then as
        `verify_login`. Releases the GIL."""
    def register(
        self,
        signed_application: bytes,
        applicant: Applicant,
        login_response: LoginResponse,
        store: NonceStore,
        *,
        at: datetime.datetime | None = None,
    ) -> AccountBinding:
        """Verifies a registration (`Card.register` made it): redeems the
        challenge, checks the signed application (signature, signing
        certificate, revocation, 4 basic info equal to `applicant`'s) was
        signed over that challenge, and that the login response to it is
        valid. Raises as `verify_login` does, the signed application's first
        failure, or `LoginError` 1106 when it answers another challenge."""

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
    def login(
        self,
        challenge: LoginChallenge,
        pin: str | None = None,
        *,
        allow_last_try: bool = False,
    ) -> LoginResponse:
        """Answers a relying party's challenge: verifies the authentication PIN
        first (unless verified in this session already; phones show the
        certificate only after it), reads the user authentication certificate
        and signs the challenge's SHA-256 DigestInfo with the authentication key."""
    def register(
        self,
        challenge: LoginChallenge,
        application: bytes,
        signing_password: str,
        auth_pin: str,
        *,
        signing_time: datetime.datetime | None = None,
        allow_last_try: bool = False,
    ) -> Registration:
        """Registration in one card session: signs `application` wrapped with
        `challenge` with the signing key (SignedData carrying the signing
        certificate and its CA's; `signing_time` None means now) and answers
        the same challenge with the authentication key."""

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

@final
class LoginChallenge:
    """A relying party's login challenge: who asks, a fresh nonce (32 to 64
    bytes), when it was issued and when it expires. Times are whole seconds.
    Immutable, hashable; sent to the resident as `to_der()`."""

    MIN_NONCE_LEN: ClassVar[int]
    MAX_NONCE_LEN: ClassVar[int]
    MAX_RELYING_PARTY_LEN: ClassVar[int]
    def __new__(
        cls,
        relying_party: str,
        nonce: bytes,
        issued_at: datetime.datetime,
        expires_at: datetime.datetime,
    ) -> LoginChallenge:
        """Raises `LoginError` (1100) for a nonce of the wrong length, an empty,
        too long or control-character relying party, or an expiry not after the
        issue. Times must be aware."""
    @staticmethod
    def generate(
        relying_party: str,
        *,
        issued_at: datetime.datetime | None = None,
        lifetime: int | datetime.timedelta | None = None,
    ) -> LoginChallenge:
        """A challenge with a 32-byte nonce from the operating system's random
        source, issued at `issued_at` (None: now) and valid for `lifetime`
        (whole seconds or a timedelta; None: 300 seconds)."""
    @staticmethod
    def from_der(data: bytes) -> LoginChallenge:
        """Reads (and checks) a challenge's canonical DER."""
    def to_der(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @property
    def relying_party(self) -> str: ...
    @property
    def nonce(self) -> bytes: ...
    @property
    def issued_at(self) -> datetime.datetime:
        """Aware (UTC)."""
    @property
    def expires_at(self) -> datetime.datetime:
        """Aware (UTC); a response verified at or after it is refused."""
    def is_expired_at(self, at: datetime.datetime) -> bool: ...
    def digest(self) -> bytes:
        """The SHA-256 of the DER: the digest the card's authentication key signs."""
    def to_be_signed(self) -> bytes:
        """The exact bytes the card signs with PKCS#1 v1.5 padding: the DER
        DigestInfo of `digest()` (51 bytes)."""
    def registration_content(self, application: bytes) -> bytes:
        """The content a registration's application is signed over: this
        challenge and the application's bytes (DER)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[object, tuple[bytes]]: ...

@final
class LoginResponse:
    """A resident's answer to a challenge: its nonce, the user authentication
    certificate (DER) and the signature. Nothing is checked until
    `Verifier.verify_login`."""

    def __new__(cls, nonce: bytes, certificate_der: bytes, signature: bytes) -> LoginResponse: ...
    @staticmethod
    def from_der(data: bytes) -> LoginResponse:
        """Raises `MalformedError` for anything but a response's DER (or one over 16 KiB)."""
    def to_der(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @property
    def nonce(self) -> bytes: ...
    @property
    def certificate_der(self) -> bytes: ...
    @property
    def signature(self) -> bytes: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[object, tuple[bytes]]: ...

@final
class Registration:
    """What a resident's card produced to open an account: the application
    signed with the signing key over the registration's challenge, and the
    login response to the same challenge."""

    @property
    def signed_application(self) -> bytes:
        """CMS SignedData (DER, content attached) over
        `LoginChallenge.registration_content`."""
    @property
    def login(self) -> LoginResponse: ...

@final
class MemoryNonceStore:
    """The outstanding challenges of one process, in memory: at most `capacity`
    (outstanding and recently redeemed, so that a replay is named as one).
    Expired entries are dropped when a challenge is inserted (its issue time is
    the store's clock) or on `prune`. Safe to share between threads; a
    redemption is atomic."""

    def __new__(cls, capacity: int) -> MemoryNonceStore: ...
    def insert(self, challenge: LoginChallenge) -> None:
        """Records an issued challenge. Raises `LoginError`: 1100 for a nonce
        already held, 1105 when full."""
    def redeem(self, nonce: bytes) -> LoginChallenge:
        """Takes the challenge out, once. Raises `LoginError`: 1102 if redeemed
        before, 1101 if never issued (or forgotten)."""
    def prune(self, at: datetime.datetime) -> None:
        """Drops every challenge expired at `at`."""
    def __len__(self) -> int: ...

@final
class AccountKey:
    """What a relying party stores to recognise an account's logins: the issuing
    CA's key id, the authentication certificate's serial and the SHA-256 of its
    public key; never the certificate's subject. `str()` is
    `<issuer key id hex>:<serial hex>:<public key SHA-256 hex>`. A renewed card
    has a new account key."""

    @property
    def issuer_key_id(self) -> bytes: ...
    @property
    def serial(self) -> int: ...
    @property
    def public_key_sha256(self) -> bytes: ...
    def to_dict(self) -> dict[str, object]:
        """`id`, `issuer_key_id`, `serial`, `public_key_sha256` (hex text)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Login:
    """A login a relying party accepted."""

    @property
    def account(self) -> AccountKey:
        """The account key to look the account up by."""
    @property
    def certificate(self) -> Certificate:
        """The user authentication certificate."""
    @property
    def challenge(self) -> LoginChallenge:
        """The challenge answered (the store's copy)."""
    @property
    def at(self) -> datetime.datetime: ...
    @property
    def verdict(self) -> CertificateVerdict:
        """The certificate's path and revocation (all passed)."""
    def to_dict(self) -> dict[str, object]:
        """`valid`, `schema_version`, `at`, `relying_party`, `account`, `certificate`."""
    def to_json(self) -> str: ...

@final
class BindingStatus:
    """What a later signed request means for an `AccountBinding`."""

    @property
    def status(self) -> BindingStatusName:
        """`current`: valid and signed with the registered signing certificate;
        `re_register`: ask the holder to register again with their current
        signing certificate (a move or a name change revoked the registered one,
        or a newer one signed), logins keep working; `refused`: not valid for
        another reason (a death, a voluntary revocation, a bad signature...)."""
    @property
    def reason(self) -> str | None:
        """Why, for `re_register`."""
    @property
    def error(self) -> JpkiError | None:
        """The request's failure, when it failed (an exception instance, not raised)."""
    def to_dict(self) -> dict[str, object]:
        """`status`, `reason` for `re_register`, and `error`, `code`, `kind` when
        the request failed."""
    def to_json(self) -> str: ...

@final
class AccountBinding:
    """What a relying party records when an account is registered: the login
    account key, the signing certificate the application was signed with, and
    its holder's 4 basic info."""

    @staticmethod
    def from_parts(
        authentication_certificate: Certificate,
        signing_certificate: Certificate,
        application: bytes,
        registered_at: datetime.datetime,
        *,
        authentication_issuer: Certificate | None = None,
    ) -> AccountBinding:
        """A binding rebuilt from what the relying party stored (its
        `authentication_certificate`, `signing_certificate`, `application` and
        `registered_at`): the account key and the 4 basic info are read from the
        certificates again. `authentication_issuer` gives the issuer's key id
        when the authentication certificate has no authority key id. Raises
        `PersonalInfoError` 500 if the signing certificate carries no 4 basic
        info. `registered_at` must be aware."""
    @property
    def account(self) -> AccountKey: ...
    @property
    def authentication_certificate(self) -> Certificate: ...
    @property
    def signing_certificate(self) -> Certificate: ...
    @property
    def holder(self) -> PersonalInfo:
        """The 4 basic info at registration."""
    @property
    def application(self) -> bytes: ...
    @property
    def registered_at(self) -> datetime.datetime: ...
    def matches(self, login: Login) -> bool:
        """Whether `login` is this account's (the same account key)."""
    def assess(self, verdict: Verdict) -> BindingStatus:
        """What a later signed request's verdict means for the binding."""
    def to_dict(self) -> dict[str, object]:
        """`schema_version`, `registered_at`, `account`, `signing_certificate`, `holder`."""
    def to_json(self) -> str: ...

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
