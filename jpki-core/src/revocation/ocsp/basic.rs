//! The basic response of [RFC 6960 §4.2.1](https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1):
//! `BasicOCSPResponse`, `ResponseData`, `ResponderID`, `SingleResponse`,
//! `CertStatus` and `RevokedInfo`.

use der::asn1::{AnyRef, BitStringRef, GeneralizedTime, Null, OctetStringRef};
use der::{Choice, Sequence};
use spki::AlgorithmIdentifierRef;

use super::asn1::{Enumerated, ExtensionRef, RawTlv};
use super::request::CertIdRef;

/// `BasicOCSPResponse`:
///
/// ```text
/// BasicOCSPResponse       ::= SEQUENCE {
///    tbsResponseData      ResponseData,
///    signatureAlgorithm   AlgorithmIdentifier,
///    signature            BIT STRING,
///    certs            [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
/// ```
///
/// `tbsResponseData` and the certificates are kept as their original bytes: the
/// signature covers exactly those bytes.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct BasicOcspResponseRef<'a> {
    pub(crate) tbs_response_data: RawTlv<'a>,
    pub(crate) signature_algorithm: AlgorithmIdentifierRef<'a>,
    pub(crate) signature: BitStringRef<'a>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) certs: Option<Vec<RawTlv<'a>>>,
}

/// `ResponseData`:
///
/// ```text
/// ResponseData ::= SEQUENCE {
///    version              [0] EXPLICIT Version DEFAULT v1,
///    responderID              ResponderID,
///    producedAt               GeneralizedTime,
///    responses                SEQUENCE OF SingleResponse,
///    responseExtensions   [1] EXPLICIT Extensions OPTIONAL }
/// ```
///
/// `version` is read as OPTIONAL so that a written-out DEFAULT is refused.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct ResponseDataRef<'a> {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) version: Option<u8>,
    pub(crate) responder_id: ResponderIdRef<'a>,
    pub(crate) produced_at: GeneralizedTime,
    pub(crate) responses: Vec<SingleResponseRef<'a>>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) response_extensions: Option<Vec<ExtensionRef<'a>>>,
}

/// `ResponderID`:
///
/// ```text
/// ResponderID ::= CHOICE {
///    byName   [1] Name,
///    byKey    [2] KeyHash }
///
/// KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key
///                          -- (excluding the tag and length fields)
/// ```
///
/// Both alternatives are explicitly tagged (the module is `EXPLICIT TAGS`). The
/// Name is kept undecoded and compared by its DER.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Choice)]
pub(crate) enum ResponderIdRef<'a> {
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", constructed = "true")]
    ByName(AnyRef<'a>),
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", constructed = "true")]
    ByKey(&'a OctetStringRef),
}

/// `SingleResponse`:
///
/// ```text
/// SingleResponse ::= SEQUENCE {
///    certID                       CertID,
///    certStatus                   CertStatus,
///    thisUpdate                   GeneralizedTime,
///    nextUpdate         [0]       EXPLICIT GeneralizedTime OPTIONAL,
///    singleExtensions   [1]       EXPLICIT Extensions OPTIONAL }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct SingleResponseRef<'a> {
    pub(crate) cert_id: CertIdRef<'a>,
    pub(crate) cert_status: CertStatusRef,
    pub(crate) this_update: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) next_update: Option<GeneralizedTime>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) single_extensions: Option<Vec<ExtensionRef<'a>>>,
}

/// `CertStatus`:
///
/// ```text
/// CertStatus ::= CHOICE {
///     good        [0]     IMPLICIT NULL,
///     revoked     [1]     IMPLICIT RevokedInfo,
///     unknown     [2]     IMPLICIT UnknownInfo }
///
/// UnknownInfo ::= NULL
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Choice)]
pub(crate) enum CertStatusRef {
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    Good(Null),
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", constructed = "true")]
    Revoked(RevokedInfo),
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT")]
    Unknown(Null),
}

/// `RevokedInfo`:
///
/// ```text
/// RevokedInfo ::= SEQUENCE {
///     revocationTime              GeneralizedTime,
///     revocationReason    [0]     EXPLICIT CRLReason OPTIONAL }
/// ```
///
/// `CRLReason` (RFC 5280 §5.3.1) is an ENUMERATED; codes this library does not
/// know are kept as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct RevokedInfo {
    pub(crate) revocation_time: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub(crate) revocation_reason: Option<Enumerated>,
}
