//! The responder side of [RFC 6960](https://www.rfc-editor.org/rfc/rfc6960):
//! building `BasicOCSPResponse`s and error responses.
//!
//! For test responders and fixtures (the simulator's responder is built on
//! it), and for anyone who answers OCSP requests for a CA of their own. Every
//! field is under the caller's control, including ones a correct responder
//! would never write (an answer about another certificate, a nonce that was
//! not asked for, a key that does not match the responder named): tests of
//! verifiers need exactly those. Nothing here reads a clock or holds a key:
//! the caller gives the times, and signs the `tbsResponseData` bytes with
//! whatever key it has ([`ResponseBuilder::sign_with`], or
//! [`ResponseBuilder::tbs_response_data`] then [`ResponseBuilder::assemble`]).

use der::asn1::{AnyRef, BitStringRef, GeneralizedTime, Null, OctetStringRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierRef;

use super::asn1::{Enumerated, ExtensionRef, RawTlv};
use super::basic::{
    BasicOcspResponseRef, CertStatusRef, ResponderIdRef, ResponseDataRef, RevokedInfo,
    SingleResponseRef,
};
use super::request::CertIdRef;
use super::response::{OcspResponseRef, ResponseBytesRef};
use super::{
    CertId, ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NONCE, OcspCertStatus, OcspRequest, ResponseStatus,
    public_key_bits,
};
use crate::Certificate;
use crate::Time;
use crate::crypto::HashAlgorithm;
use crate::error::Error;

/// How a response names its responder (`ResponderID`, RFC 6960 §4.2.1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponderId {
    /// `byName`: the DER of the responder's subject `Name`.
    ByName(Vec<u8>),
    /// `byKey`: the SHA-1 hash of the responder's subjectPublicKey BIT STRING
    /// contents (without tag, length and unused-bits octet).
    ByKey(Vec<u8>),
}

impl ResponderId {
    /// `byKey` for the key of `responder` (what J-LIS and most responders send).
    pub fn by_key(responder: &Certificate) -> Result<Self, Error> {
        Ok(Self::ByKey(
            HashAlgorithm::Sha1.digest(public_key_bits(responder.public_key_der())?),
        ))
    }

    /// `byName` for the subject of `responder`.
    pub fn by_name(responder: &Certificate) -> Self {
        Self::ByName(responder.subject().der().to_vec())
    }
}

/// One answer of a response (`SingleResponse`): the status of the
/// certificate `cert_id` names, with its validity interval.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SingleResponse {
    /// The certificate answered about.
    pub cert_id: CertId,
    /// Its status.
    pub status: OcspCertStatus,
    /// thisUpdate: when the status was known to be correct.
    pub this_update: Time,
    /// nextUpdate, if any.
    pub next_update: Option<Time>,
}

impl SingleResponse {
    /// `status` of the certificate `cert_id` names as of `this_update`, with no
    /// nextUpdate.
    pub fn new(cert_id: CertId, status: OcspCertStatus, this_update: Time) -> Self {
        Self {
            cert_id,
            status,
            this_update,
            next_update: None,
        }
    }

    /// Sets nextUpdate.
    pub fn next_update(mut self, next_update: Time) -> Self {
        self.next_update = Some(next_update);
        self
    }
}

/// Builds a successful basic OCSP response (`OCSPResponse` carrying a
/// `BasicOCSPResponse`).
///
/// ```
/// # #[cfg(feature = "sim")]
/// # fn main() -> Result<(), jpki::Error> {
/// use jpki::crypto::HashAlgorithm;
/// use jpki::revocation::ocsp::{
///     OcspCertStatus, OcspCheck, OcspRequest, ResponderId, ResponseBuilder, SingleResponse,
///     verify_response,
/// };
/// # use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey};
/// # use jpki::{Date, Time};
/// # let now = Time::parse_rfc3339("2026-11-21T10:00:00+09:00")?;
/// # let ca_key = SimKey::generate(2048)?;
/// # let ca = jpki::sim::CertificateBuilder::new(jpki::Serial::from_u64(1),
/// #     jpki::sim::dn_der(&[("CN", "Test CA")])?, jpki::sim::dn_der(&[("CN", "Test CA")])?,
/// #     now, now.add_seconds(86_400), ca_key.public_key_der()?).sign(&ca_key)?;
/// # let user = jpki::sim::CertificateBuilder::new(jpki::Serial::from_u64(2),
/// #     ca.subject().der().to_vec(), jpki::sim::dn_der(&[("CN", "User")])?,
/// #     now, now.add_seconds(86_400), ca_key.public_key_der()?).sign(&ca_key)?;
/// # let sha256_with_rsa = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00];
/// // A requester asks about `user`, issued by `ca`…
/// let request = OcspRequest::new(&user, &ca, HashAlgorithm::Sha1, Some(vec![7; 16]))?;
/// // …and a responder for `ca` answers (the CA signs its own responses here).
/// let request = OcspRequest::parse(request.der())?;
/// let mut builder = ResponseBuilder::new(ResponderId::by_key(&ca)?, now).echo_nonce(&request);
/// for id in request.cert_ids() {
///     builder = builder.response(
///         SingleResponse::new(id.clone(), OcspCertStatus::Good, now)
///             .next_update(now.add_seconds(3600)),
///     );
/// }
/// let response = builder.sign_with(&sha256_with_rsa, |tbs| {
///     ca_key.sign(jpki::crypto::SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256), tbs)
/// })?;
/// let result = verify_response(&response, &request, &ca, &OcspCheck::new(now))?;
/// assert_eq!(result.status, OcspCertStatus::Good);
/// # Ok(()) }
/// # #[cfg(not(feature = "sim"))]
/// # fn main() {}
/// ```
#[derive(Clone, Debug)]
pub struct ResponseBuilder {
    responder: ResponderId,
    produced_at: Time,
    responses: Vec<SingleResponse>,
    nonce_extension: Option<Vec<u8>>,
    certificates: Vec<Certificate>,
}

impl ResponseBuilder {
    /// A response from `responder`, produced at `produced_at`, with no
    /// answers, no nonce and no certificates.
    pub fn new(responder: ResponderId, produced_at: Time) -> Self {
        Self {
            responder,
            produced_at,
            responses: Vec::new(),
            nonce_extension: None,
            certificates: Vec::new(),
        }
    }

    /// Names another responder.
    pub fn responder(mut self, responder: ResponderId) -> Self {
        self.responder = responder;
        self
    }

    /// Appends an answer (answers keep their order).
    pub fn response(mut self, response: SingleResponse) -> Self {
        self.responses.push(response);
        self
    }

    /// Echoes the nonce extension of `request`, if it has one, byte for byte
    /// (its extnValue as the requester encoded it, whatever its length);
    /// without one, the response carries no nonce.
    pub fn echo_nonce(mut self, request: &OcspRequest) -> Self {
        self.nonce_extension = request.nonce_extension().map(<[u8]>::to_vec);
        self
    }

    /// Carries `nonce` (any length, even one a requester may not send) as the
    /// nonce extension's `OCTET STRING`.
    pub fn nonce(mut self, nonce: &[u8]) -> Result<Self, Error> {
        self.nonce_extension = Some(
            OctetStringRef::new(nonce)
                .and_then(|o| o.to_der())
                .map_err(Error::decode("OCSP nonce"))?,
        );
        Ok(self)
    }

    /// Includes `certificate` in the response's `certs` (a delegated
    /// responder's certificate, typically).
    pub fn certificate(mut self, certificate: &Certificate) -> Self {
        self.certificates.push(certificate.clone());
        self
    }

    /// The DER of `tbsResponseData` (`ResponseData`): the bytes to sign.
    /// CertIDs are written with NULL hash parameters, as OpenSSL and most
    /// responders write them; every time is a GeneralizedTime in whole seconds.
    pub fn tbs_response_data(&self) -> Result<Vec<u8>, Error> {
        let ids = self
            .responses
            .iter()
            .map(|r| r.cert_id.to_asn1_der())
            .collect::<Result<Vec<_>, _>>()?;
        let mut responses = Vec::with_capacity(ids.len());
        for (r, id) in self.responses.iter().zip(&ids) {
            responses.push(SingleResponseRef {
                cert_id: CertIdRef::from_der(id).map_err(Error::decode("OCSP CertID"))?,
                cert_status: cert_status(r.status)?,
                this_update: generalized_time(r.this_update)?,
                next_update: r.next_update.map(generalized_time).transpose()?,
                single_extensions: None,
            });
        }
        let responder_id = match &self.responder {
            ResponderId::ByName(dn) => {
                ResponderIdRef::ByName(AnyRef::from_der(dn).map_err(Error::decode("name"))?)
            }
            ResponderId::ByKey(hash) => ResponderIdRef::ByKey(
                OctetStringRef::new(hash).map_err(Error::decode("OCSP responder key hash"))?,
            ),
        };
        let response_extensions = match &self.nonce_extension {
            Some(value) => Some(vec![ExtensionRef {
                extn_id: ID_PKIX_OCSP_NONCE.0,
                critical: None,
                extn_value: OctetStringRef::new(value).map_err(Error::decode("OCSP nonce"))?,
            }]),
            None => None,
        };
        ResponseDataRef {
            version: None,
            responder_id,
            produced_at: generalized_time(self.produced_at)?,
            responses,
            response_extensions,
        }
        .to_der()
        .map_err(Error::decode("OCSP ResponseData"))
    }

    /// A DER `OCSPResponse` (successful, basic) from `tbs_response_data` (as
    /// [`tbs_response_data`](Self::tbs_response_data) made it, or altered by
    /// a test), the DER `AlgorithmIdentifier` of the signature, and the
    /// signature, with this builder's certificates. Nothing is verified: a
    /// wrong signature makes a response that verifiers must refuse.
    pub fn assemble(
        &self,
        tbs_response_data: &[u8],
        signature_algorithm: &[u8],
        signature: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let enc = Error::decode;
        // One whole TLV, or the response would be malformed.
        AnyRef::from_der(tbs_response_data).map_err(enc("OCSP ResponseData"))?;
        let tbs = RawTlv(tbs_response_data);
        let basic = BasicOcspResponseRef {
            tbs_response_data: tbs,
            signature_algorithm: AlgorithmIdentifierRef::from_der(signature_algorithm)
                .map_err(enc("OCSP signature algorithm"))?,
            signature: BitStringRef::from_bytes(signature).map_err(enc("OCSP signature"))?,
            certs: (!self.certificates.is_empty())
                .then(|| self.certificates.iter().map(|c| RawTlv(c.der())).collect()),
        }
        .to_der()
        .map_err(enc("BasicOCSPResponse"))?;
        OcspResponseRef {
            response_status: Enumerated(ResponseStatus::Successful.code()),
            response_bytes: Some(ResponseBytesRef {
                response_type: ID_PKIX_OCSP_BASIC.0,
                response: OctetStringRef::new(&basic).map_err(enc("OCSP response"))?,
            }),
        }
        .to_der()
        .map_err(enc("OCSP response"))
    }

    /// Encodes `tbsResponseData`, has `sign` sign its DER under
    /// `signature_algorithm` (a DER `AlgorithmIdentifier`, e.g.
    /// sha256WithRSAEncryption with NULL parameters), and assembles the
    /// response.
    pub fn sign_with(
        &self,
        signature_algorithm: &[u8],
        sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, Error>,
    ) -> Result<Vec<u8>, Error> {
        let tbs = self.tbs_response_data()?;
        let signature = sign(&tbs)?;
        self.assemble(&tbs, signature_algorithm, &signature)
    }
}

/// A DER `OCSPResponse` with `status` and no body: what a responder sends when
/// it cannot answer (`malformedRequest`, `internalError`, `tryLater`,
/// `sigRequired`, `unauthorized`). With [`ResponseStatus::Successful`] the
/// result is malformed (a successful response needs a body): useful in tests
/// only.
pub fn error_response(status: ResponseStatus) -> Vec<u8> {
    // SEQUENCE { ENUMERATED status }: 30 03 0A 01 xx.
    vec![0x30, 0x03, 0x0a, 0x01, status.code()]
}

/// `CertStatus` of a status.
fn cert_status(status: OcspCertStatus) -> Result<CertStatusRef, Error> {
    Ok(match status {
        OcspCertStatus::Good => CertStatusRef::Good(Null),
        OcspCertStatus::Revoked { at, reason } => CertStatusRef::Revoked(RevokedInfo {
            revocation_time: generalized_time(at)?,
            revocation_reason: reason.map(|r| Enumerated(r.code())),
        }),
        OcspCertStatus::Unknown => CertStatusRef::Unknown(Null),
    })
}

/// A [`Time`] as a `GeneralizedTime` (RFC 6960 uses GeneralizedTime throughout).
fn generalized_time(t: Time) -> Result<GeneralizedTime, Error> {
    GeneralizedTime::from_unix_duration(core::time::Duration::from_secs(t.unix_seconds())).map_err(
        |e| Error::InvalidTime {
            value: format!("{t}: {e}"),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_responses() {
        let der = error_response(ResponseStatus::TryLater);
        let parsed = OcspResponseRef::from_der(&der).unwrap();
        assert_eq!(parsed.response_status, Enumerated(3));
        assert!(parsed.response_bytes.is_none());
    }
}
