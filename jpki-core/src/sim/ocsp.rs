//! The simulated OCSP responder ([RFC 6960](https://www.rfc-editor.org/rfc/rfc6960))
//! ([`Authority::ocsp_respond`]), and a low-level builder for responses with
//! deliberate faults ([`OcspResponseBuilder`]).

use core::convert::Infallible;
use std::sync::Mutex;

use der::asn1::{AnyRef, BitStringRef, Null, OctetStringRef};
use der::referenced::OwnedToRef;
use der::{Decode, Encode};
use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::KeyUsages;

use super::authority::{Authority, CaGeneration, Purpose};
use super::builder::{CertificateBuilder, dn_der};
use super::key::SimKey;
use super::profile::{self, OU_AUTH, OU_JLIS, OU_SIGNING};
use crate::Certificate;
use crate::Serial;
use crate::Time;
use crate::crypto::{HashAlgorithm, SignatureScheme};
use crate::error::Error;
use crate::oid::{self, Oid};
use crate::revocation::ocsp::asn1::{Enumerated, ExtensionRef, RawTlv};
use crate::revocation::ocsp::basic::{
    BasicOcspResponseRef, CertStatusRef, ResponderIdRef, ResponseDataRef, RevokedInfo,
    SingleResponseRef,
};
use crate::revocation::ocsp::request::{CertIdRef, OcspRequestRef};
use crate::revocation::ocsp::response::{OcspResponseRef, ResponseBytesRef};
use crate::revocation::ocsp::{
    CertId, ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NOCHECK, ID_PKIX_OCSP_NONCE, MAX_NONCE_LEN,
    OcspCertStatus, OcspRequest, ResponseStatus, generalized_time, public_key_bits,
};

/// Most certificates one request may ask about; more is `malformedRequest`.
pub const OCSP_MAX_REQUESTS: usize = 64;
/// How long a simulated answer holds: nextUpdate = thisUpdate + 1 hour.
pub const OCSP_VALIDITY_SECONDS: u64 = 3600;

const DAY: u64 = 86_400;

/// Who signs the simulator's OCSP responses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OcspSigning {
    /// A delegated responder certificate issued by the CA generation (as J-LIS
    /// and most CAs do), included in the response.
    #[default]
    Delegated,
    /// The CA generation's own key; no certificate is included.
    Ca,
}

impl Authority {
    /// Answers an OCSP request (DER) as of `at`, signed by a delegated responder.
    /// Always a DER `OCSPResponse`, made from the issuance and revocation records:
    ///
    /// * the CA generation is found by the CertID's issuerNameHash and
    ///   issuerKeyHash (SHA-1, SHA-256, SHA-384 or SHA-512): J-LIS generations
    ///   share a DN, so the key hash is what tells them apart;
    /// * `good` for a certificate that generation issued (at or before `at`) and
    ///   that is not revoked at `at`; `revoked` with the recorded time and reason;
    ///   `unknown` for a serial it never issued;
    /// * thisUpdate = producedAt = `at`, nextUpdate one hour later
    ///   ([`OCSP_VALIDITY_SECONDS`]);
    /// * the request's nonce extension echoed byte for byte when it holds 1 to 32
    ///   octets (RFC 8954 lets a responder ignore other lengths);
    /// * signed with sha256WithRSAEncryption by the delegated responder
    ///   certificate of that generation, included in the response and named by
    ///   key hash ([`OcspSigning::Delegated`]; [`Authority::ocsp_respond_with`]
    ///   can sign with the CA key instead);
    /// * `malformedRequest` for bytes that are not a DER OCSPRequest (or that ask
    ///   about more than [`OCSP_MAX_REQUESTS`] certificates); `unauthorized` when
    ///   no request names one of the authority's CA generations; `internalError`
    ///   if signing fails. A request naming several generations is answered by
    ///   the first one's responder, and the others' certificates are `unknown` (a
    ///   responder may only speak for its own CA).
    ///
    /// # The delegated responder
    ///
    /// Each CA generation has one responder key, derived deterministically from
    /// the CA's private key (SHA-256 in counter mode seeds the RSA key
    /// generation), so it persists with the state directory without a file or a
    /// state-format change, and is the same in every process that opens the
    /// directory. Keys are cached per process. The responder certificate is
    /// issued by the CA generation for a short window around `at` (from the
    /// previous UTC midnight minus one day to 8 days after it), with keyUsage
    /// digitalSignature, extKeyUsage id-kp-OCSPSigning and id-pkix-ocsp-nocheck;
    /// it is the same for every `at` of one UTC day
    /// ([`Authority::ocsp_responder_certificate`]).
    pub fn ocsp_respond(&self, request_der: &[u8], at: Time) -> Vec<u8> {
        self.ocsp_respond_with(request_der, at, OcspSigning::Delegated)
    }

    /// As [`Authority::ocsp_respond`], signed as `signing` says.
    pub fn ocsp_respond_with(&self, request_der: &[u8], at: Time, signing: OcspSigning) -> Vec<u8> {
        match self.try_ocsp_respond(request_der, at, signing) {
            Ok(der) => der,
            Err(status) => ocsp_error_response(status),
        }
    }

    /// The delegated OCSP responder certificate of CA generation `generation`
    /// (1 = oldest) of `purpose`, as used in responses produced at `at`.
    pub fn ocsp_responder_certificate(
        &self,
        purpose: Purpose,
        generation: usize,
        at: Time,
    ) -> Result<Certificate, Error> {
        let ca = self.ca(purpose, generation)?;
        let key = responder_key(ca)?;
        responder_certificate(ca, &key, at)
    }

    fn try_ocsp_respond(
        &self,
        request_der: &[u8],
        at: Time,
        signing: OcspSigning,
    ) -> Result<Vec<u8>, ResponseStatus> {
        let request =
            OcspRequestRef::from_der(request_der).map_err(|_| ResponseStatus::MalformedRequest)?;
        let list = &request.tbs_request.request_list;
        if list.is_empty() || list.len() > OCSP_MAX_REQUESTS {
            return Err(ResponseStatus::MalformedRequest);
        }
        let nonce = request
            .tbs_request
            .request_extensions
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|e| Oid(e.extn_id) == ID_PKIX_OCSP_NONCE)
            .map(|e| e.extn_value.as_bytes())
            .filter(|v| echoable_nonce(v));
        let ca = list
            .iter()
            .find_map(|r| self.generation_of(&r.req_cert))
            .ok_or(ResponseStatus::Unauthorized)?;
        let this_update = generalized_time(at).map_err(|_| ResponseStatus::InternalError)?;
        let next_update = generalized_time(at.add_seconds(OCSP_VALIDITY_SECONDS))
            .map_err(|_| ResponseStatus::InternalError)?;
        let mut singles = Vec::with_capacity(list.len());
        for r in list {
            let status = match self.generation_of(&r.req_cert) {
                Some(g) if core::ptr::eq(g, ca) => self.ocsp_status(g, &r.req_cert, at),
                _ => OcspCertStatus::Unknown,
            };
            singles.push(SingleResponseRef {
                cert_id: r.req_cert.clone(),
                cert_status: status_asn1(status).map_err(|_| ResponseStatus::InternalError)?,
                this_update,
                next_update: Some(next_update),
                single_extensions: None,
            });
        }
        let signed = match signing {
            OcspSigning::Delegated => {
                let key = responder_key(ca).map_err(|_| ResponseStatus::InternalError)?;
                let cert = responder_certificate(ca, &key, at)
                    .map_err(|_| ResponseStatus::InternalError)?;
                let key_hash = key_hash(&cert).map_err(|_| ResponseStatus::InternalError)?;
                encode_response(
                    ResponderIdRef::ByKey(
                        OctetStringRef::new(&key_hash)
                            .map_err(|_| ResponseStatus::InternalError)?,
                    ),
                    at,
                    singles,
                    nonce,
                    &[cert],
                    SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
                    &key,
                )
            }
            OcspSigning::Ca => {
                let key_hash =
                    key_hash(&ca.certificate).map_err(|_| ResponseStatus::InternalError)?;
                encode_response(
                    ResponderIdRef::ByKey(
                        OctetStringRef::new(&key_hash)
                            .map_err(|_| ResponseStatus::InternalError)?,
                    ),
                    at,
                    singles,
                    nonce,
                    &[],
                    SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
                    &ca.key,
                )
            }
        };
        signed.map_err(|_| ResponseStatus::InternalError)
    }

    /// The CA generation whose name and key the CertID hashes.
    fn generation_of(&self, id: &CertIdRef<'_>) -> Option<&CaGeneration> {
        let hash = HashAlgorithm::from_oid(&Oid(id.hash_algorithm.oid))?;
        self.generations.iter().find(|g| {
            id.issuer_name_hash.as_bytes() == hash.digest(g.certificate.subject().der()).as_slice()
                && public_key_bits(g.certificate.public_key_der())
                    .is_ok_and(|bits| id.issuer_key_hash.as_bytes() == hash.digest(bits).as_slice())
        })
    }

    /// The status of the serial of `id` under generation `ca` at `at`.
    fn ocsp_status(&self, ca: &CaGeneration, id: &CertIdRef<'_>, at: Time) -> OcspCertStatus {
        let serial = Serial::from_bytes(id.serial_number.as_bytes());
        let issued = self.issued.iter().any(|r| {
            r.serial == serial
                && r.purpose == ca.purpose
                && r.generation == ca.index
                && r.issued_at <= at
        });
        if !issued {
            return OcspCertStatus::Unknown;
        }
        match self.revocation_of(&serial) {
            Some(rev) if rev.revoked_at <= at => OcspCertStatus::Revoked {
                at: rev.revoked_at,
                reason: Some(rev.reason),
            },
            _ => OcspCertStatus::Good,
        }
    }
}

/// Whether a nonce extnValue is echoed: `Nonce ::= OCTET STRING (SIZE(1..32))`
/// (RFC 8954), or raw octets of that size from an RFC 2560 era client.
fn echoable_nonce(extn_value: &[u8]) -> bool {
    let len =
        <&OctetStringRef>::from_der(extn_value).map_or(extn_value.len(), |o| o.as_bytes().len());
    (1..=MAX_NONCE_LEN).contains(&len)
}

/// A DER `OCSPResponse` with `status` and no body: what a responder sends when
/// it cannot answer (`malformedRequest`, `internalError`, `tryLater`,
/// `sigRequired`, `unauthorized`). With [`ResponseStatus::Successful`] the result
/// is malformed (a successful response needs a body): useful in tests only.
pub fn ocsp_error_response(status: ResponseStatus) -> Vec<u8> {
    // SEQUENCE { ENUMERATED status }: 30 03 0A 01 xx.
    vec![0x30, 0x03, 0x0a, 0x01, status.code()]
}

/// One answer of a response built with [`OcspResponseBuilder`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OcspSingleResponse {
    /// The certificate answered about.
    pub cert_id: CertId,
    /// Its status.
    pub status: OcspCertStatus,
    /// thisUpdate.
    pub this_update: Time,
    /// nextUpdate, if any.
    pub next_update: Option<Time>,
}

/// Which ResponderID a built response carries.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ResponderName {
    /// The responder's subject DER.
    ByName(Vec<u8>),
    /// SHA-1 of the responder's subjectPublicKey bits.
    ByKey(Vec<u8>),
}

/// Builds and signs a basic OCSP response with every field under the caller's
/// control: any responder name, answers about any CertID with any times,
/// another nonce, extra certificates, and any signing key (which need not match
/// the responder named). For tests of verifiers.
#[derive(Clone, Debug)]
pub struct OcspResponseBuilder {
    responder: ResponderName,
    produced_at: Time,
    responses: Vec<OcspSingleResponse>,
    nonce_extension: Option<Vec<u8>>,
    certificates: Vec<Certificate>,
    scheme: SignatureScheme,
}

impl OcspResponseBuilder {
    /// A response naming `responder` by key hash, produced at `produced_at`,
    /// with no answers, no nonce, no certificates, to be signed with
    /// sha256WithRSAEncryption.
    pub fn new(responder: &Certificate, produced_at: Time) -> Result<Self, Error> {
        Ok(Self {
            responder: ResponderName::ByKey(key_hash(responder)?),
            produced_at,
            responses: Vec::new(),
            nonce_extension: None,
            certificates: Vec::new(),
            scheme: SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
        })
    }

    /// Names `responder` by its subject (ResponderID byName) instead.
    pub fn responder_by_name(mut self, responder: &Certificate) -> Self {
        self.responder = ResponderName::ByName(responder.subject().der().to_vec());
        self
    }

    /// Appends an answer.
    pub fn response(mut self, response: OcspSingleResponse) -> Self {
        self.responses.push(response);
        self
    }

    /// Echoes the nonce extension of `request` (if it has one) byte for byte.
    pub fn echo_nonce(mut self, request: &OcspRequest) -> Self {
        self.nonce_extension = request.nonce_extension().map(<[u8]>::to_vec);
        self
    }

    /// Carries `nonce` (any length) as the nonce extension's OCTET STRING.
    pub fn nonce(mut self, nonce: &[u8]) -> Result<Self, Error> {
        self.nonce_extension = Some(
            OctetStringRef::new(nonce)
                .and_then(|o| o.to_der())
                .map_err(Error::decode("OCSP nonce"))?,
        );
        Ok(self)
    }

    /// Includes `certificate` in the response's `certs`.
    pub fn certificate(mut self, certificate: &Certificate) -> Self {
        self.certificates.push(certificate.clone());
        self
    }

    /// Signs under `scheme` instead of sha256WithRSAEncryption.
    pub fn signature_scheme(mut self, scheme: SignatureScheme) -> Self {
        self.scheme = scheme;
        self
    }

    /// Encodes and signs with `key`: a DER `OCSPResponse` (successful, basic).
    pub fn sign(&self, key: &SimKey) -> Result<Vec<u8>, Error> {
        let ids = self
            .responses
            .iter()
            .map(|r| r.cert_id.to_asn1_der())
            .collect::<Result<Vec<_>, _>>()?;
        let enc = Error::decode("OCSP response");
        let mut singles = Vec::with_capacity(ids.len());
        for (r, id) in self.responses.iter().zip(&ids) {
            singles.push(SingleResponseRef {
                cert_id: CertIdRef::from_der(id).map_err(Error::decode("OCSP CertID"))?,
                cert_status: status_asn1(r.status)?,
                this_update: generalized_time(r.this_update)?,
                next_update: r.next_update.map(generalized_time).transpose()?,
                single_extensions: None,
            });
        }
        let responder = match &self.responder {
            ResponderName::ByName(dn) => {
                ResponderIdRef::ByName(AnyRef::from_der(dn).map_err(Error::decode("name"))?)
            }
            ResponderName::ByKey(hash) => {
                ResponderIdRef::ByKey(OctetStringRef::new(hash).map_err(enc)?)
            }
        };
        encode_response(
            responder,
            self.produced_at,
            singles,
            self.nonce_extension.as_deref(),
            &self.certificates,
            self.scheme,
            key,
        )
    }
}

/// `CertStatus` of a status.
fn status_asn1(status: OcspCertStatus) -> Result<CertStatusRef, Error> {
    Ok(match status {
        OcspCertStatus::Good => CertStatusRef::Good(Null),
        OcspCertStatus::Revoked { at, reason } => CertStatusRef::Revoked(RevokedInfo {
            revocation_time: generalized_time(at)?,
            revocation_reason: reason.map(|r| Enumerated(r.code())),
        }),
        OcspCertStatus::Unknown => CertStatusRef::Unknown(Null),
    })
}

/// SHA-1 of a certificate's subjectPublicKey bits: ResponderID byKey.
fn key_hash(cert: &Certificate) -> Result<Vec<u8>, Error> {
    Ok(HashAlgorithm::Sha1.digest(public_key_bits(cert.public_key_der())?))
}

/// Encodes `ResponseData`, signs its DER, and wraps it in a successful
/// `OCSPResponse`.
fn encode_response(
    responder_id: ResponderIdRef<'_>,
    produced_at: Time,
    responses: Vec<SingleResponseRef<'_>>,
    nonce_extension: Option<&[u8]>,
    certificates: &[Certificate],
    scheme: SignatureScheme,
    key: &SimKey,
) -> Result<Vec<u8>, Error> {
    let enc = |what| Error::decode(what);
    let response_extensions = match nonce_extension {
        Some(value) => Some(vec![ExtensionRef {
            extn_id: ID_PKIX_OCSP_NONCE.0,
            critical: None,
            extn_value: OctetStringRef::new(value).map_err(enc("OCSP nonce"))?,
        }]),
        None => None,
    };
    let tbs = ResponseDataRef {
        version: None,
        responder_id,
        produced_at: generalized_time(produced_at)?,
        responses,
        response_extensions,
    }
    .to_der()
    .map_err(enc("OCSP ResponseData"))?;
    let signature = key.sign(scheme, &tbs)?;
    let algorithm = super::builder::algorithm_identifier(scheme)?;
    let basic = BasicOcspResponseRef {
        tbs_response_data: RawTlv(&tbs),
        signature_algorithm: algorithm.owned_to_ref(),
        signature: BitStringRef::from_bytes(&signature).map_err(enc("OCSP signature"))?,
        certs: (!certificates.is_empty())
            .then(|| certificates.iter().map(|c| RawTlv(c.der())).collect()),
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

/// The delegated responder certificate of `ca` for responses produced at `at`:
/// valid from the UTC midnight before `at` minus one day to 8 days after that
/// midnight (within the CA's validity), serial `02 pp gg dddddddd` (purpose,
/// generation, day number).
fn responder_certificate(ca: &CaGeneration, key: &SimKey, at: Time) -> Result<Certificate, Error> {
    let day = at.unix_seconds() / DAY;
    let not_before =
        Time::from_unix_seconds(day.saturating_sub(1) * DAY).max(ca.certificate.not_before());
    let not_after = Time::from_unix_seconds((day + 8) * DAY - 1).min(ca.certificate.not_after());
    if not_before > at || not_after < at {
        return Err(Error::SimState {
            path: "(OCSP responder)".into(),
            reason: format!(
                "{} CA generation {} is not valid at {at}",
                ca.purpose.as_str(),
                ca.index
            ),
        });
    }
    let (purpose_code, ou) = match ca.purpose {
        Purpose::Signing => (1u8, OU_SIGNING),
        Purpose::Authentication => (2u8, OU_AUTH),
    };
    let generation = u8::try_from(ca.index).unwrap_or(u8::MAX);
    let day_bytes = u32::try_from(day).unwrap_or(u32::MAX).to_be_bytes();
    let serial =
        Serial::from_bytes(&[[0x02, purpose_code, generation].as_slice(), &day_bytes].concat());
    let spki = key.public_key_der()?;
    let subject = dn_der(&[
        ("C", "JP"),
        ("O", "JPKI"),
        ("OU", ou),
        ("OU", OU_JLIS),
        ("CN", &format!("OCSP Responder G{}", ca.index)),
    ])?;
    let ca_key_id = match ca.certificate.subject_key_id() {
        Some(id) => id.to_vec(),
        None => profile::key_id(ca.certificate.public_key_der())?,
    };
    let nocheck = Null
        .to_der()
        .map_err(Error::decode("id-pkix-ocsp-nocheck"))?;
    CertificateBuilder::new(
        serial,
        ca.certificate.subject().der().to_vec(),
        subject,
        not_before,
        not_after,
        spki.clone(),
    )
    .extension(
        Oid::new_unwrap("2.5.29.15"),
        true,
        profile::key_usage(&[KeyUsages::DigitalSignature])?,
    )
    .extension(
        Oid::new_unwrap("2.5.29.37"),
        false,
        profile::extended_key_usage(&[oid::KP_OCSP_SIGNING])?,
    )
    .extension(ID_PKIX_OCSP_NOCHECK, false, nocheck)
    .extension(
        Oid::new_unwrap("2.5.29.35"),
        false,
        profile::authority_key_id(
            &ca_key_id,
            ca.certificate.issuer().der(),
            ca.certificate.serial(),
        )?,
    )
    .extension(
        Oid::new_unwrap("2.5.29.14"),
        false,
        profile::subject_key_id(&profile::key_id(&spki)?)?,
    )
    .sign(&ca.key)
}

/// Responder keys made in this process, by SHA-256 of their CA certificate.
static RESPONDER_KEYS: Mutex<Vec<([u8; 32], SimKey)>> = Mutex::new(Vec::new());

/// The responder key of `ca`: RSA-2048 generated from a deterministic stream
/// seeded by the CA's private key, so every process derives the same key.
fn responder_key(ca: &CaGeneration) -> Result<SimKey, Error> {
    let id: [u8; 32] = Sha256::digest(ca.certificate.der()).into();
    // A poisoned lock only means another thread panicked mid-generation; the
    // list itself is always consistent.
    let mut keys = RESPONDER_KEYS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, key)) = keys.iter().find(|(k, _)| *k == id) {
        return Ok(key.clone());
    }
    let key = derive_responder_key(ca)?;
    keys.push((id, key.clone()));
    Ok(key)
}

/// Derives the responder key of `ca` (no cache).
fn derive_responder_key(ca: &CaGeneration) -> Result<SimKey, Error> {
    let ca_pem = ca.key.to_pkcs8_pem()?;
    let seed: [u8; 32] = Sha256::new()
        .chain_update(b"jpki-sim OCSP responder key v1\0")
        .chain_update(ca_pem.as_bytes())
        .finalize()
        .into();
    let mut rng = SeededStream::new(seed);
    let key = rsa::PrivateKey::new(&mut rng, 2048).map_err(|e| Error::SimCrypto {
        reason: format!("OCSP responder key generation: {e}"),
    })?;
    let pem = {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        key.to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| Error::SimCrypto {
                reason: format!("OCSP responder key: {e}"),
            })?
    };
    SimKey::from_pkcs8_pem(&pem)
}

/// SHA-256 in counter mode over a secret seed: a deterministic byte stream for
/// deriving the responder key. Not a general-purpose generator.
struct SeededStream {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl SeededStream {
    fn new(seed: [u8; 32]) -> Self {
        Self {
            seed,
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }
}

impl TryRng for SeededStream {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for out in dst {
            if self.used == self.block.len() {
                self.block = Sha256::new()
                    .chain_update(self.seed)
                    .chain_update(self.counter.to_be_bytes())
                    .finalize()
                    .into();
                self.counter = self.counter.wrapping_add(1);
                self.used = 0;
            }
            *out = self.block.get(self.used).copied().unwrap_or_default();
            self.used += 1;
        }
        Ok(())
    }
}

/// The stream is unpredictable without the seed, which is derived from the CA's
/// private key.
impl TryCryptoRng for SeededStream {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_stream_is_deterministic() {
        let mut a = SeededStream::new([7; 32]);
        let mut b = SeededStream::new([7; 32]);
        let mut x = [0u8; 100];
        let mut y = [0u8; 100];
        a.try_fill_bytes(&mut x).unwrap();
        b.try_fill_bytes(&mut y[..33]).unwrap();
        b.try_fill_bytes(&mut y[33..]).unwrap();
        assert_eq!(x, y);
        assert_ne!(x[..32], x[32..64]);
        let mut c = SeededStream::new([8; 32]);
        assert_ne!(
            c.try_next_u64().unwrap(),
            SeededStream::new([7; 32]).try_next_u64().unwrap()
        );
    }

    #[test]
    fn responder_keys_are_derived_from_the_ca_key() {
        let authority = Authority::new(
            super::super::AuthorityOptions::default(),
            Time::from_unix_seconds(1_800_000_000),
        )
        .unwrap();
        let [a, b, ..] = authority.generations() else {
            panic!("two generations at least")
        };
        let first = derive_responder_key(a).unwrap();
        // Again, as another process would: the same key.
        assert_eq!(
            first.public_key_der().unwrap(),
            derive_responder_key(a).unwrap().public_key_der().unwrap()
        );
        assert_ne!(
            first.public_key_der().unwrap(),
            derive_responder_key(b).unwrap().public_key_der().unwrap()
        );
        assert_ne!(
            first.public_key_der().unwrap(),
            a.key.public_key_der().unwrap()
        );
        assert_eq!(first.bits(), 2048);
    }

    #[test]
    fn error_responses() {
        let der = ocsp_error_response(ResponseStatus::TryLater);
        let parsed = OcspResponseRef::from_der(&der).unwrap();
        assert_eq!(parsed.response_status, Enumerated(3));
        assert!(parsed.response_bytes.is_none());
    }
}
