"""jpki: Japan's public individual authentication service (JPKI) for Python.

Certificates with the 4 basic info and substitute characters, comparison with
an application, the verifier's three checks (certificate, signature, 4 basic
info), CRLs and OCSP, the My Number card over PC/SC or any transport, CMS
signing in one call or two phases, logging in with the card (a relying party's
challenge, the card's response, nonce stores, account binding across the two
certificates), and (``jpki.sim``) a simulated J-LIS and virtual card for
integration tests.
"""

from __future__ import annotations

from jpki import exceptions
from jpki._rust import (
    JSON_SCHEMA_VERSION,
    AccountBinding,
    AccountKey,
    Applicant,
    BindingStatus,
    Card,
    CardInfo,
    Certificate,
    CertificateVerdict,
    CheckResult,
    Comparison,
    Crl,
    CrlEntry,
    FieldResult,
    Login,
    LoginChallenge,
    LoginResponse,
    MemoryNonceStore,
    OcspQuery,
    OcspRequest,
    OcspStatus,
    PersonalInfo,
    PinStatus,
    PreparedSignature,
    Registration,
    Verdict,
    Verifier,
    __version__,
    check_ocsp_response,
    error_kinds,
)
from jpki._types import NonceStore, Transport
from jpki.exceptions import (
    CardError,
    InvalidCertificate,
    JpkiError,
    LoginError,
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
    "AccountBinding",
    "AccountKey",
    "Applicant",
    "BindingStatus",
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
    "Login",
    "LoginChallenge",
    "LoginError",
    "LoginResponse",
    "MalformedError",
    "MemoryNonceStore",
    "NonceStore",
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
    "Registration",
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
