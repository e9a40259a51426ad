//! The outer response of [RFC 6960 §4.2.1](https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1):
//! `OCSPResponse` and `ResponseBytes`.

use der::Sequence;
use der::asn1::{ObjectIdentifier, OctetStringRef};

use super::asn1::Enumerated;

/// `OCSPResponse`:
///
/// ```text
/// OCSPResponse ::= SEQUENCE {
///    responseStatus         OCSPResponseStatus,
///    responseBytes          [0] EXPLICIT ResponseBytes OPTIONAL }
///
/// OCSPResponseStatus ::= ENUMERATED {
///     successful            (0),  -- Response has valid confirmations
///     malformedRequest      (1),  -- Illegal confirmation request
///     internalError         (2),  -- Internal error in issuer
///     tryLater              (3),  -- Try again later
///                                 -- (4) is not used
///     sigRequired           (5),  -- Must sign the request
///     unauthorized          (6)   -- Request unauthorized
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct OcspResponseRef<'a> {
    pub(crate) response_status: Enumerated,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) response_bytes: Option<ResponseBytesRef<'a>>,
}

/// `ResponseBytes`:
///
/// ```text
/// ResponseBytes ::=       SEQUENCE {
///     responseType   OBJECT IDENTIFIER,
///     response       OCTET STRING }
/// ```
///
/// For `id-pkix-ocsp-basic`, `response` holds the DER of a `BasicOCSPResponse`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct ResponseBytesRef<'a> {
    pub(crate) response_type: ObjectIdentifier,
    pub(crate) response: &'a OctetStringRef,
}
