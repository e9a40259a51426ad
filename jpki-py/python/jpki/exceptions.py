"""The exceptions of jpki.

Every error the library raises is a :class:`JpkiError` carrying the core's stable
numeric ``code`` (the same number the C ABI returns and the CLI's JSON prints) and
its ``kind`` name (``"CERTIFICATE_EXPIRED"``). Subclasses group the codes by area,
following the hundreds of the code table:

=====  ==========================  =============================================
codes  class                        what
=====  ==========================  =============================================
1xx    :class:`MalformedError`      bytes that do not decode (DER, PEM, dates…)
2xx    :class:`InvalidCertificate`  a certificate outside the JPKI profile
3xx    :class:`PathError`           no valid path to a trust anchor
4xx    :class:`SignatureInvalid`    a signature or CMS structure that fails
5xx    :class:`PersonalInfoError`   4 basic info missing or not matching
600    :class:`RevokedError`        the certificate is revoked
6xx    :class:`RevocationError`     no usable revocation data (CRLs)
7xx    :class:`OcspError`           an OCSP response that cannot be used
8xx    :class:`CardError`           the card or its transport
9xx    :class:`PinError`            a secret: wrong, blocked, refused last try
10xx   :class:`SimulatorError`      the simulator
11xx   :class:`LoginError`          a card login or registration refused
=====  ==========================  =============================================

Wrong argument types raise :class:`TypeError` and values a Python caller gets
wrong (a naive ``datetime``, an unknown option name) :class:`ValueError`, as
usual in Python.
"""

from __future__ import annotations

__all__ = [
    "JpkiError",
    "MalformedError",
    "InvalidCertificate",
    "PathError",
    "SignatureInvalid",
    "PersonalInfoError",
    "RevocationError",
    "RevokedError",
    "OcspError",
    "CardError",
    "PinError",
    "SimulatorError",
    "LoginError",
]


class JpkiError(Exception):
    """Base of every jpki error.

    ``code`` is the stable numeric error code; ``kind`` its name.
    """

    code: int
    kind: str

    def __init__(self, message: str, code: int, kind: str) -> None:
        super().__init__(message)
        self.code = code
        self.kind = kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, code={self.code}, kind={self.kind!r})"

    def __reduce__(self) -> tuple[type[JpkiError], tuple[object, ...]]:
        # Pickling (multiprocessing, concurrent.futures) rebuilds the exception
        # with every field, not only the message.
        return (type(self), (str(self), self.code, self.kind))


class MalformedError(JpkiError, ValueError):
    """Input that does not decode: DER, PEM, a date, a serial (codes 1xx)."""


class InvalidCertificate(JpkiError, ValueError):
    """A certificate that breaks the JPKI profile: its 4 basic info fields,
    substitute positions, extensions (codes 2xx)."""


class PathError(JpkiError):
    """No valid certification path: expired, unknown issuer, bad certificate
    signature, key usage or policy not accepted (codes 3xx)."""


class SignatureInvalid(JpkiError):
    """A signature that does not verify, or a CMS structure that is wrong
    (codes 4xx)."""


class PersonalInfoError(JpkiError):
    """The 4 basic info are missing, or differ from the application (codes 5xx)."""


class RevocationError(JpkiError):
    """Revocation could not be established: no CRL, a stale or malformed one
    (codes 601-6xx). Never taken as "good"."""


class RevokedError(RevocationError):
    """The certificate is revoked (code 600)."""


class OcspError(RevocationError):
    """An OCSP response that cannot be used (codes 7xx)."""


class CardError(JpkiError):
    """The card or its transport failed, or answered unexpectedly (codes 8xx)."""


class PinError(JpkiError):
    """A secret was refused (codes 9xx).

    ``remaining`` is the number of tries left when known: the count after a wrong
    PIN, 0 when blocked, 1 when the last try was refused.
    """

    remaining: int | None

    def __init__(
        self, message: str, code: int, kind: str, remaining: int | None = None
    ) -> None:
        super().__init__(message, code, kind)
        self.remaining = remaining

    def __reduce__(self) -> tuple[type[JpkiError], tuple[object, ...]]:
        return (type(self), (str(self), self.code, self.kind, self.remaining))


class SimulatorError(JpkiError):
    """The simulator refused (codes 10xx)."""


class LoginError(JpkiError):
    """A card login or account registration was refused for a reason of its own
    (codes 11xx): a malformed challenge (1100), a nonce the store does not hold
    (1101), already redeemed (1102) or expired (1103), a signature that does not
    verify over the relying party's challenge (1104), a full nonce store (1105),
    a registration not signed over its challenge (1106).

    The certificate's own failures keep their classes: a signing certificate
    offered for a login is a :class:`PathError`, a revoked one a
    :class:`RevokedError`, missing revocation data a :class:`RevocationError`."""
