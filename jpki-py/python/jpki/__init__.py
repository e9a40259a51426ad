"""jpki: Japan's public individual authentication service (JPKI) for Python.

Certificates with the 4 basic info and substitute characters, comparison with
an application, the verifier's three checks (certificate, signature, 4 basic
info), CRLs and OCSP, the My Number card over PC/SC or any transport, CMS
signing in one call or two phases, and (``jpki.sim``) a simulated J-LIS and
virtual card for integration tests.
"""

from __future__ import annotations

from jpki import exceptions
from jpki._rust import (
    JSON_SCHEMA_VERSION,
    Applicant,
    Card,
    CardInfo,
    Certificate,
    CertificateVerdict,
    CheckResult,
    Comparison,
    Crl,
    CrlEntry,
    FieldResult,
    OcspQuery,
    OcspRequest,
    OcspStatus,
    PersonalInfo,
    PinStatus,
    PreparedSignature,
    Verdict,
    Verifier,
    __version__,
    check_ocsp_response,
    error_kinds,
)
from jpki._types import Transport
from jpki.exceptions import (
    CardError,
    InvalidCertificate,
    JpkiError,
    MalformedError,
    OcspError,
    PathError,
    PersonalInfoError,
    PinError,
    RevocationError,
    RevokedError,
    SignatureInvalid,
    SimulatorError,
)

__all__ = [
    "JSON_SCHEMA_VERSION",
    "Applicant",
    "Card",
    "CardError",
    "CardInfo",
    "Certificate",
    "CertificateVerdict",
    "CheckResult",
    "Comparison",
    "Crl",
    "CrlEntry",
    "FieldResult",
    "InvalidCertificate",
    "JpkiError",
    "MalformedError",
    "OcspError",
    "OcspQuery",
    "OcspRequest",
    "OcspStatus",
    "PathError",
    "PersonalInfo",
    "PersonalInfoError",
    "PinError",
    "PinStatus",
    "PreparedSignature",
    "RevocationError",
    "RevokedError",
    "SignatureInvalid",
    "SimulatorError",
    "Transport",
    "Verdict",
    "Verifier",
    "__version__",
    "check_ocsp_response",
    "error_kinds",
    "exceptions",
]
