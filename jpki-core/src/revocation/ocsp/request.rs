//! The request side of [RFC 6960 §4.1.1](https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1):
//! `OCSPRequest`, `TBSRequest`, `Request` and `CertID`.
//!
//! The module is `EXPLICIT TAGS` (RFC 6960 appendix B.2).

use der::Sequence;
use der::asn1::{AnyRef, OctetStringRef, UintRef};
use spki::AlgorithmIdentifierRef;

use super::asn1::ExtensionRef;

/// `OCSPRequest`:
///
/// ```text
/// OCSPRequest ::= SEQUENCE {
///     tbsRequest                  TBSRequest,
///     optionalSignature   [0]     EXPLICIT Signature OPTIONAL }
/// ```
///
/// A signed request's `Signature` is kept undecoded: neither JPKI nor this
/// library's responder requires signed requests, and none is ever verified.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct OcspRequestRef<'a> {
    pub(crate) tbs_request: TbsRequestRef<'a>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) optional_signature: Option<AnyRef<'a>>,
}

/// `TBSRequest`:
///
/// ```text
/// TBSRequest ::= SEQUENCE {
///     version             [0]     EXPLICIT Version DEFAULT v1,
///     requestorName       [1]     EXPLICIT GeneralName OPTIONAL,
///     requestList                 SEQUENCE OF Request,
///     requestExtensions   [2]     EXPLICIT Extensions OPTIONAL }
///
/// Version ::= INTEGER { v1(0) }
/// ```
///
/// `version` is read as OPTIONAL: DER omits the DEFAULT v1, and the parsers
/// refuse it written out.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct TbsRequestRef<'a> {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) version: Option<u8>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) requestor_name: Option<AnyRef<'a>>,
    pub(crate) request_list: Vec<RequestRef<'a>>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) request_extensions: Option<Vec<ExtensionRef<'a>>>,
}

/// `Request`:
///
/// ```text
/// Request ::= SEQUENCE {
///     reqCert                     CertID,
///     singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct RequestRef<'a> {
    pub(crate) req_cert: CertIdRef<'a>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) single_request_extensions: Option<Vec<ExtensionRef<'a>>>,
}

/// `CertID`:
///
/// ```text
/// CertID ::= SEQUENCE {
///     hashAlgorithm       AlgorithmIdentifier,
///     issuerNameHash      OCTET STRING, -- Hash of issuer's DN
///     issuerKeyHash       OCTET STRING, -- Hash of issuer's public key
///     serialNumber        CertificateSerialNumber }
/// ```
///
/// `issuerKeyHash` is the hash of the issuer's subjectPublicKey BIT STRING
/// contents, without tag, length and unused-bits octet. The serial is read as a
/// non-negative INTEGER (RFC 5280 §4.1.2.2).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct CertIdRef<'a> {
    pub(crate) hash_algorithm: AlgorithmIdentifierRef<'a>,
    pub(crate) issuer_name_hash: &'a OctetStringRef,
    pub(crate) issuer_key_hash: &'a OctetStringRef,
    pub(crate) serial_number: UintRef<'a>,
}
