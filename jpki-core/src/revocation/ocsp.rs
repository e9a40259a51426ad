//! OCSP ([RFC 6960](https://www.rfc-editor.org/rfc/rfc6960)): requests for one
//! certificate and the verification of the responder's answer; and, for test
//! responders and fixtures, the responder's side ([`OcspRequest::parse`],
//! [`ResponseBuilder`], [`error_response`]).
//!
//! J-LIS runs OCSP responders for registered verifiers (platform operators);
//! certificates name them in authorityInfoAccess ([`Certificate::ocsp_urls`]).
//! This module does no I/O: build an [`OcspRequest`], send [`OcspRequest::der`]
//! however you like (the `http` feature has a small blocking client,
//! `revocation::http::post_ocsp`), and pass the answer to [`verify_response`]
//! with the validation time.
//!
//! ```
//! # #[cfg(feature = "sim")]
//! # fn main() -> Result<(), jpki::Error> {
//! use jpki::crypto::HashAlgorithm;
//! use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
//! # use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey};
//! # use jpki::{Date, Time};
//! # let now = Time::parse_rfc3339("2026-11-21T10:00:00+09:00")?;
//! # let mut authority = Authority::new(AuthorityOptions::default(), now)?;
//! # let record = RegisterRecord { name: "吉田 太郎".into(), birth_date: Date::parse_iso("1950-04-01")?,
//! #     sex: jpki::Sex::Male, address: "東京都千代田区霞が関2丁目1番2号".into(),
//! #     prefecture: None, municipality: None };
//! # let cert = authority.issue(&record, &SimKey::generate(2048)?.public_key_der()?, Purpose::Signing, now)?;
//! # let issuer = authority.generations_of(Purpose::Signing).last().unwrap().certificate().clone();
//! let request = OcspRequest::new(&cert, &issuer, HashAlgorithm::Sha1, Some(b"fresh random bytes".to_vec()))?;
//! // POST request.der() to cert.ocsp_urls()[0]; here the simulator answers.
//! let response = authority.ocsp_respond(request.der(), now);
//! let result = verify_response(&response, &request, &issuer, &OcspCheck::new(now))?;
//! assert_eq!(result.status, OcspCertStatus::Good);
//! # Ok(()) }
//! # #[cfg(not(feature = "sim"))]
//! # fn main() {}
//! ```
//!
//! # What [`verify_response`] checks (RFC 6960 §3.2, §4.2.2)
//!
//! 1. `responseStatus` is `successful` (else [`Error::OcspResponseStatus`]) and
//!    the body is a basic response (else [`Error::OcspNotBasic`]).
//! 2. The responder, named by key hash or by name, is the CA that issued the
//!    certificate, or a certificate included in the response that this CA
//!    issued (names, authorityKeyIdentifier and signature checked), valid at the
//!    validation time, with extended key usage id-kp-OCSPSigning (else
//!    [`Error::OcspResponderNotAuthorized`]). The responder certificate's own
//!    revocation is not checked (RFC 6960 §4.2.2.2.1 leaves it to the CA, which
//!    marks such certificates id-pkix-ocsp-nocheck).
//! 3. The signature over the original `tbsResponseData` bytes verifies with the
//!    responder's key: RSA PKCS#1 v1.5 or PSS with SHA-256/384/512. SHA-1
//!    signatures are refused unless [`OcspCheck::allow_sha1_signature`]: JPKI
//!    has signed with SHA-256 since the My Number card, and a SHA-1 signature
//!    over responder-chosen bytes (with a requester-chosen nonce) is exactly what
//!    chosen-prefix collisions attack. SHA-1 in the CertID is fine: it only names
//!    the certificate.
//! 4. Exactly one SingleResponse has the request's CertID (hash algorithm,
//!    issuerNameHash, issuerKeyHash, serial): an answer about another certificate
//!    is an error ([`Error::OcspCertIdMismatch`]), never "good".
//! 5. Freshness: thisUpdate ≤ at + skew ([`Error::OcspNotYetValid`]); nextUpdate
//!    ≥ at − skew, or, without nextUpdate, `at − thisUpdate` within
//!    [`OcspCheck::max_age_without_next_update`] ([`Error::OcspStale`]).
//! 6. If the request carried a nonce, the response echoes the same nonce
//!    extension ([`Error::OcspNonceMissing`], [`Error::OcspNonceMismatch`]).
//! 7. No critical extension that is not understood (only the nonce is).
//!
//! `revoked` and `unknown` are results, not errors: [`OcspResult::status`] says
//! which, and the caller's policy decides (an `unknown` status is never "good").
//!
//! Parsing is strict DER throughout; written-out DEFAULT values (version v1,
//! critical FALSE) are refused like any other non-DER encoding.

pub(crate) mod asn1;
pub(crate) mod basic;
pub(crate) mod request;
mod responder;
pub(crate) mod response;
mod verify;

use der::asn1::{AnyRef, OctetStringRef, UintRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierRef;

use crate::Certificate;
use crate::Serial;
use crate::Time;
use crate::crypto::HashAlgorithm;
use crate::error::Error;
use crate::oid::Oid;
use crate::revocation::RevocationReason;

pub use crate::values::ResponseStatus;
use asn1::{ExtensionRef, check_extensions};
pub use responder::{ResponderId, ResponseBuilder, SingleResponse, error_response};
pub use verify::verify_response;

/// `id-pkix-ocsp-basic` (1.3.6.1.5.5.7.48.1.1): the response type of a
/// `BasicOCSPResponse`.
pub const ID_PKIX_OCSP_BASIC: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// `id-pkix-ocsp-nonce` (1.3.6.1.5.5.7.48.1.2): the nonce extension
/// ([RFC 8954](https://www.rfc-editor.org/rfc/rfc8954)).
pub const ID_PKIX_OCSP_NONCE: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// `id-pkix-ocsp-nocheck` (1.3.6.1.5.5.7.48.1.5): in a delegated responder
/// certificate, "do not check my revocation status".
pub const ID_PKIX_OCSP_NOCHECK: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1.5");

/// Longest nonce accepted ([RFC 8954 §2.1](https://www.rfc-editor.org/rfc/rfc8954#section-2.1)).
pub const MAX_NONCE_LEN: usize = 32;

/// The identifier of one certificate in OCSP (`CertID`,
/// [RFC 6960 §4.1.1](https://www.rfc-editor.org/rfc/rfc6960#section-4.1.1)):
/// its issuer, by hashes of the issuer's name and key, and its serial.
///
/// The key hash is what tells J-LIS CA generations apart: they share one DN.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CertId {
    /// The hash of both issuer hashes (SHA-1 per RFC 5019 and common practice).
    pub hash_algorithm: HashAlgorithm,
    /// Hash of the issuer's DER-encoded subject name.
    pub issuer_name_hash: Vec<u8>,
    /// Hash of the issuer's subjectPublicKey BIT STRING contents (without tag,
    /// length and unused-bits octet).
    pub issuer_key_hash: Vec<u8>,
    /// The certificate's serial.
    pub serial: Serial,
}

impl CertId {
    /// The CertID of `cert`, issued by `issuer`.
    ///
    /// Fails with [`Error::OcspIssuerMismatch`] when `issuer` did not issue
    /// `cert`: its subject is not `cert`'s issuer name, or `cert`'s
    /// authorityKeyIdentifier designates another key (another J-LIS generation).
    pub fn new(
        cert: &Certificate,
        issuer: &Certificate,
        hash_algorithm: HashAlgorithm,
    ) -> Result<Self, Error> {
        if !cert.issuer().matches(issuer.subject())
            || (cert.authority_key_id().is_some() && cert.issuer_match(issuer).is_none())
        {
            return Err(Error::OcspIssuerMismatch);
        }
        Self::for_serial(issuer, cert.serial().clone(), hash_algorithm)
    }

    /// The CertID of the certificate with `serial` issued by `issuer`, when the
    /// certificate itself is not at hand.
    pub fn for_serial(
        issuer: &Certificate,
        serial: Serial,
        hash_algorithm: HashAlgorithm,
    ) -> Result<Self, Error> {
        Ok(Self {
            hash_algorithm,
            issuer_name_hash: hash_algorithm.digest(issuer.subject().der()),
            issuer_key_hash: hash_algorithm.digest(public_key_bits(issuer.public_key_der())?),
            serial,
        })
    }

    /// Whether the issuer hashes are those of `issuer` (name and key).
    pub fn names_issuer(&self, issuer: &Certificate) -> bool {
        self.issuer_name_hash == self.hash_algorithm.digest(issuer.subject().der())
            && public_key_bits(issuer.public_key_der())
                .is_ok_and(|bits| self.issuer_key_hash == self.hash_algorithm.digest(bits))
    }

    /// From the ASN.1 structure; [`Error::UnsupportedAlgorithm`] for a hash this
    /// library does not know.
    fn from_asn1(id: &request::CertIdRef<'_>) -> Result<Self, Error> {
        let oid = Oid(id.hash_algorithm.oid);
        let hash_algorithm =
            HashAlgorithm::from_oid(&oid).ok_or(Error::UnsupportedAlgorithm { oid })?;
        check_hash_parameters(&id.hash_algorithm)?;
        Ok(Self {
            hash_algorithm,
            issuer_name_hash: id.issuer_name_hash.as_bytes().to_vec(),
            issuer_key_hash: id.issuer_key_hash.as_bytes().to_vec(),
            serial: Serial::from_bytes(id.serial_number.as_bytes()),
        })
    }

    /// Whether the ASN.1 CertID `id` names the same certificate: same hash
    /// algorithm (by OID), same hashes, same serial.
    pub(crate) fn matches(&self, id: &request::CertIdRef<'_>) -> bool {
        Oid(id.hash_algorithm.oid) == self.hash_algorithm.oid()
            && check_hash_parameters(&id.hash_algorithm).is_ok()
            && id.issuer_name_hash.as_bytes() == self.issuer_name_hash.as_slice()
            && id.issuer_key_hash.as_bytes() == self.issuer_key_hash.as_slice()
            && Serial::from_bytes(id.serial_number.as_bytes()) == self.serial
    }

    /// The DER of this `CertID`, with the hash AlgorithmIdentifier's parameters
    /// NULL, as OpenSSL and most responders write them.
    pub(crate) fn to_asn1_der(&self) -> Result<Vec<u8>, Error> {
        // A zero serial is kept as no octets; INTEGER 0 needs one.
        let serial = if self.serial.as_bytes().is_empty() {
            &[0u8][..]
        } else {
            self.serial.as_bytes()
        };
        let encode = || -> Result<Vec<u8>, der::Error> {
            request::CertIdRef {
                hash_algorithm: AlgorithmIdentifierRef {
                    oid: self.hash_algorithm.oid().0,
                    parameters: Some(AnyRef::NULL),
                },
                issuer_name_hash: OctetStringRef::new(&self.issuer_name_hash)?,
                issuer_key_hash: OctetStringRef::new(&self.issuer_key_hash)?,
                serial_number: UintRef::new(serial)?,
            }
            .to_der()
        };
        encode().map_err(Error::decode("OCSP CertID"))
    }
}

/// Hash AlgorithmIdentifier parameters must be absent or NULL (RFC 5754 §2,
/// RFC 3279 §2.2.1).
fn check_hash_parameters(alg: &AlgorithmIdentifierRef<'_>) -> Result<(), Error> {
    match alg.parameters {
        None => Ok(()),
        Some(p) if p.is_null() => Ok(()),
        Some(_) => Err(Error::UnsupportedAlgorithm { oid: Oid(alg.oid) }),
    }
}

/// The subjectPublicKey BIT STRING contents of a SubjectPublicKeyInfo: what
/// issuerKeyHash and the byKey ResponderID hash.
pub(crate) fn public_key_bits(spki_der: &[u8]) -> Result<&[u8], Error> {
    spki::SubjectPublicKeyInfoRef::from_der(spki_der)
        .map(|spki| spki.subject_public_key.raw_bytes())
        .map_err(Error::decode("subjectPublicKeyInfo"))
}

/// An OCSP request, as sent: its DER and what it asks.
///
/// Built for one certificate ([`OcspRequest::new`]), unsigned, with an
/// optional nonce; or parsed from a requester ([`OcspRequest::parse`]), which
/// may ask about several certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OcspRequest {
    der: Vec<u8>,
    cert_id: CertId,
    more: Vec<CertId>,
    nonce: Option<Vec<u8>>,
    /// The nonce extension's extnValue exactly as encoded: what a responder
    /// echoes and what a response's nonce is compared with.
    nonce_extension: Option<Vec<u8>>,
}

impl OcspRequest {
    /// A request about `cert` (issued by `issuer`), with the CertID hashed by
    /// `hash` ([`HashAlgorithm::Sha1`] is what RFC 5019 profiles and responders
    /// expect; SHA-256 is accepted by many) and an optional nonce of 1 to 32
    /// octets, which the caller draws from a random source
    /// ([RFC 8954](https://www.rfc-editor.org/rfc/rfc8954)).
    pub fn new(
        cert: &Certificate,
        issuer: &Certificate,
        hash: HashAlgorithm,
        nonce: Option<Vec<u8>>,
    ) -> Result<Self, Error> {
        Self::for_cert_id(CertId::new(cert, issuer, hash)?, nonce)
    }

    /// A request about the certificate `cert_id` names.
    pub fn for_cert_id(cert_id: CertId, nonce: Option<Vec<u8>>) -> Result<Self, Error> {
        let nonce_extension = match &nonce {
            Some(n) => {
                if n.is_empty() || n.len() > MAX_NONCE_LEN {
                    return Err(Error::OcspInvalidNonce { len: n.len() });
                }
                // RFC 8954: the extnValue holds `Nonce ::= OCTET STRING`.
                Some(
                    OctetStringRef::new(n)
                        .and_then(|o| o.to_der())
                        .map_err(Error::decode("OCSP nonce"))?,
                )
            }
            None => None,
        };
        let id_der = cert_id.to_asn1_der()?;
        let encode = || -> Result<Vec<u8>, der::Error> {
            let request_extensions = match &nonce_extension {
                Some(value) => Some(vec![ExtensionRef {
                    extn_id: ID_PKIX_OCSP_NONCE.0,
                    critical: None,
                    extn_value: OctetStringRef::new(value)?,
                }]),
                None => None,
            };
            request::OcspRequestRef {
                tbs_request: request::TbsRequestRef {
                    version: None,
                    requestor_name: None,
                    request_list: vec![request::RequestRef {
                        req_cert: request::CertIdRef::from_der(&id_der)?,
                        single_request_extensions: None,
                    }],
                    request_extensions,
                },
                optional_signature: None,
            }
            .to_der()
        };
        let der = encode().map_err(Error::decode("OCSP request"))?;
        Ok(Self {
            der,
            cert_id,
            more: Vec::new(),
            nonce,
            nonce_extension,
        })
    }

    /// Parses a DER `OCSPRequest` (for responders). Strict DER; at least one
    /// request; every CertID must use a hash this library knows. A signed
    /// request's signature is ignored, not verified.
    pub fn parse(der: &[u8]) -> Result<Self, Error> {
        let req = request::OcspRequestRef::from_der(der).map_err(Error::decode("OCSP request"))?;
        let tbs = &req.tbs_request;
        if tbs.version.is_some() {
            return Err(Error::OcspMalformed {
                what: "request",
                reason: "version is written out (DER omits the DEFAULT v1; no other is defined)",
            });
        }
        let mut ids = tbs.request_list.iter().map(|r| {
            if let Some(exts) = &r.single_request_extensions {
                check_extensions("request", exts)?;
            }
            CertId::from_asn1(&r.req_cert)
        });
        let cert_id = ids.next().ok_or(Error::OcspMalformed {
            what: "request",
            reason: "the request list is empty",
        })??;
        let more = ids.collect::<Result<Vec<_>, _>>()?;
        let extensions = tbs.request_extensions.as_deref().unwrap_or_default();
        check_extensions("request", extensions)?;
        let nonce_extension = extensions
            .iter()
            .find(|e| Oid(e.extn_id) == ID_PKIX_OCSP_NONCE)
            .map(|e| e.extn_value.as_bytes().to_vec());
        let nonce = nonce_extension.as_deref().map(nonce_value);
        Ok(Self {
            der: der.to_vec(),
            cert_id,
            more,
            nonce,
            nonce_extension,
        })
    }

    /// The DER to send (POST body with `Content-Type: application/ocsp-request`).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The nonce, if the request carries one.
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }

    /// The certificate asked about (the first, for a parsed request that asks
    /// about several). [`verify_response`] checks the answer about this one.
    pub fn cert_id(&self) -> &CertId {
        &self.cert_id
    }

    /// Every certificate asked about, in request order.
    pub fn cert_ids(&self) -> impl Iterator<Item = &CertId> {
        core::iter::once(&self.cert_id).chain(&self.more)
    }

    /// The nonce extension's extnValue exactly as encoded (normally the DER
    /// `OCTET STRING` holding [`nonce`](Self::nonce)): what a responder echoes
    /// ([`ResponseBuilder::echo_nonce`]) and what a response's nonce is
    /// compared with.
    pub fn nonce_extension(&self) -> Option<&[u8]> {
        self.nonce_extension.as_deref()
    }
}

/// The nonce inside an extnValue: the contents of `Nonce ::= OCTET STRING`
/// (RFC 8954), or the whole value when it is not one (some RFC 2560 era
/// implementations put the raw octets there).
fn nonce_value(extn_value: &[u8]) -> Vec<u8> {
    <&OctetStringRef>::from_der(extn_value)
        .map_or_else(|_| extn_value.to_vec(), |o| o.as_bytes().to_vec())
}

/// A certificate's status as the responder states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OcspCertStatus {
    /// Not revoked (at thisUpdate). RFC 6960 also lets a responder say "good" for
    /// a serial it never issued; J-LIS and the simulator say `unknown` then.
    Good,
    /// Revoked.
    Revoked {
        /// revocationTime.
        at: Time,
        /// revocationReason, when given and known (an unknown code reads as
        /// `None`: the certificate is revoked all the same).
        reason: Option<RevocationReason>,
    },
    /// The responder does not know the certificate. Never to be taken as good.
    Unknown,
}

impl OcspCertStatus {
    /// `good`, `revoked` or `unknown`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Revoked { .. } => "revoked",
            Self::Unknown => "unknown",
        }
    }
}

/// What a verified OCSP response says about the certificate asked about.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OcspResult {
    /// The certificate's status.
    pub status: OcspCertStatus,
    /// When the status was known to be correct.
    pub this_update: Time,
    /// When newer information will be available, if stated.
    pub next_update: Option<Time>,
    /// When the response was signed.
    pub produced_at: Time,
    /// The delegated responder certificate that signed, or `None` when the CA
    /// signed the response itself.
    pub delegated_responder: Option<Certificate>,
}

/// How [`verify_response`] judges time and algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OcspCheck {
    /// The validation time.
    pub at: Time,
    /// Clock skew tolerated between the responder and `at`, in seconds
    /// (default 300, as OpenSSL's `-validity_period`).
    pub clock_skew: u64,
    /// How old (`at − thisUpdate`, in seconds) a response without nextUpdate may
    /// be. Default 0: a response without nextUpdate is stale, since nothing
    /// says how long it holds.
    pub max_age_without_next_update: u64,
    /// Accept sha1WithRSAEncryption (and PSS with SHA-1) signatures on the
    /// response and on a delegated responder certificate. Default `false`.
    pub allow_sha1_signature: bool,
}

impl OcspCheck {
    /// The defaults at validation time `at`: 300 s skew, a response without
    /// nextUpdate is stale, no SHA-1 signatures.
    pub const fn new(at: Time) -> Self {
        Self {
            at,
            clock_skew: 300,
            max_age_without_next_update: 0,
            allow_sha1_signature: false,
        }
    }
}

/// Checks that `der` is a DER `OCSPResponse` (its status and, when successful, a
/// response body), without verifying anything about it.
pub(crate) fn check_response_syntax(der: &[u8]) -> Result<(), Error> {
    response::OcspResponseRef::from_der(der)
        .map(|_| ())
        .map_err(Error::decode("OCSP response"))
}

/// A `GeneralizedTime` as a [`Time`].
pub(crate) fn time_of(t: &der::asn1::GeneralizedTime) -> Time {
    Time::from_unix_seconds(t.to_unix_duration().as_secs())
}

#[cfg(test)]
mod tests {
    use super::asn1::Enumerated;
    use super::*;

    #[test]
    fn response_status_codes() {
        for code in 0..=8u8 {
            match ResponseStatus::from_code(code) {
                Some(s) => assert_eq!(s.code(), code),
                None => assert!(code == 4 || code > 6),
            }
        }
        assert_eq!(ResponseStatus::TryLater.to_string(), "tryLater (3)");
    }

    #[test]
    fn nonce_values() {
        assert_eq!(nonce_value(&[0x04, 0x02, 0xab, 0xcd]), vec![0xab, 0xcd]);
        // Raw octets (RFC 2560 era) are taken as they are.
        assert_eq!(nonce_value(&[0xab, 0xcd]), vec![0xab, 0xcd]);
    }

    #[test]
    fn enumerated_round_trip() {
        let e = Enumerated(6);
        let der = e.to_der().unwrap();
        assert_eq!(der, [0x0a, 0x01, 0x06]);
        assert_eq!(Enumerated::from_der(&der).unwrap(), e);
        // Not minimal, negative, wrong tag.
        assert!(Enumerated::from_der(&[0x0a, 0x02, 0x00, 0x06]).is_err());
        assert!(Enumerated::from_der(&[0x0a, 0x01, 0x80]).is_err());
        assert!(Enumerated::from_der(&[0x02, 0x01, 0x06]).is_err());
    }
}
