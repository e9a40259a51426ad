//! The simulated OCSP responder ([RFC 6960](https://www.rfc-editor.org/rfc/rfc6960))
//! ([`Authority::ocsp_respond`]), and a builder for responses with deliberate
//! faults signed by a [`SimKey`] ([`OcspResponseBuilder`]), both on the public
//! responder API of [`crate::revocation::ocsp`].

use core::convert::Infallible;
use std::sync::Mutex;

use der::asn1::{Null, OctetStringRef};
use der::{Decode, Encode};
use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::KeyUsages;

use super::authority::{Authority, CaGeneration, Purpose};
use super::builder::{CertificateBuilder, algorithm_identifier, dn_der, encoding};
use super::key::SimKey;
use super::profile::{self, OU_AUTH, OU_JLIS, OU_SIGNING};
use crate::Certificate;
use crate::Serial;
use crate::SimulatorError;
use crate::Time;
use crate::crypto::{EcCurve, SignatureScheme};
use crate::error::Error;
use crate::oid::{self, Oid};
use crate::revocation::ocsp::{
    CertId, ID_PKIX_OCSP_NOCHECK, MAX_NONCE_LEN, OcspCertStatus, OcspRequest, ResponderId,
    ResponseBuilder, ResponseStatus, SingleResponse, error_response,
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
    /// * signed with sha256WithRSAEncryption (ecdsa-with-SHA384 in the
    ///   next-generation profile) by the delegated responder
    ///   certificate of that generation, included in the response and named by
    ///   key hash ([`OcspSigning::Delegated`]; [`Authority::ocsp_respond_with`]
    ///   can sign with the CA key instead);
    /// * `malformedRequest` for bytes that [`OcspRequest::parse`] refuses (not a
    ///   DER OCSPRequest, or a CertID with a hash this library does not know)
    ///   or that ask about more than [`OCSP_MAX_REQUESTS`] certificates; `unauthorized` when
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
            Err(status) => error_response(status),
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
            OcspRequest::parse(request_der).map_err(|_| ResponseStatus::MalformedRequest)?;
        if request.cert_ids().count() > OCSP_MAX_REQUESTS {
            return Err(ResponseStatus::MalformedRequest);
        }
        let ca = request
            .cert_ids()
            .find_map(|id| self.generation_of(id))
            .ok_or(ResponseStatus::Unauthorized)?;
        let internal = |_: Error| ResponseStatus::InternalError;
        let delegated;
        let (responder, key, certificate) = match signing {
            OcspSigning::Delegated => {
                let key = responder_key(ca).map_err(internal)?;
                let cert = responder_certificate(ca, &key, at).map_err(internal)?;
                delegated = (key, cert);
                (&delegated.1, &delegated.0, Some(&delegated.1))
            }
            OcspSigning::Ca => (&ca.certificate, &ca.key, None),
        };
        let mut builder =
            ResponseBuilder::new(ResponderId::by_key(responder).map_err(internal)?, at);
        if request.nonce_extension().is_some_and(echoable_nonce) {
            builder = builder.echo_nonce(&request);
        }
        let next_update = at.add_seconds(OCSP_VALIDITY_SECONDS);
        for id in request.cert_ids() {
            let status = match self.generation_of(id) {
                Some(g) if core::ptr::eq(g, ca) => self.ocsp_status(g, id, at),
                _ => OcspCertStatus::Unknown,
            };
            builder = builder
                .response(SingleResponse::new(id.clone(), status, at).next_update(next_update));
        }
        if let Some(cert) = certificate {
            builder = builder.certificate(cert);
        }
        sign_response(&builder, key.default_scheme(), key).map_err(internal)
    }

    /// The CA generation whose name and key the CertID hashes.
    fn generation_of(&self, id: &CertId) -> Option<&CaGeneration> {
        self.generations
            .iter()
            .find(|g| id.names_issuer(&g.certificate))
    }

    /// The status of the serial of `id` under generation `ca` at `at`.
    fn ocsp_status(&self, ca: &CaGeneration, id: &CertId, at: Time) -> OcspCertStatus {
        let serial = &id.serial;
        let issued = self.issued.iter().any(|r| {
            r.serial == *serial
                && r.purpose == ca.purpose
                && r.generation == ca.index
                && r.issued_at <= at
        });
        if !issued {
            return OcspCertStatus::Unknown;
        }
        match self.revocation_of(serial) {
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

/// Signs the response `builder` describes with `key` under `scheme`.
fn sign_response(
    builder: &ResponseBuilder,
    scheme: SignatureScheme,
    key: &SimKey,
) -> Result<Vec<u8>, Error> {
    let algorithm = algorithm_identifier(scheme)?
        .to_der()
        .map_err(encoding("OCSP signature algorithm"))?;
    builder.sign_with(&algorithm, |tbs| key.sign(scheme, tbs))
}

/// Builds and signs a basic OCSP response with every field under the caller's
/// control: any responder name, answers about any CertID with any times,
/// another nonce, extra certificates, and any signing key (which need not match
/// the responder named). For tests of verifiers.
///
/// A convenience over the public
/// [`ResponseBuilder`](crate::revocation::ocsp::ResponseBuilder) that signs
/// with a [`SimKey`].
#[derive(Clone, Debug)]
pub struct OcspResponseBuilder {
    response: ResponseBuilder,
    /// `None`: the signing key's [default](SimKey::default_scheme).
    scheme: Option<SignatureScheme>,
}

impl OcspResponseBuilder {
    /// A response naming `responder` by key hash, produced at `produced_at`,
    /// with no answers, no nonce, no certificates, to be signed with the key's
    /// [default scheme](SimKey::default_scheme) (sha256WithRSAEncryption for RSA,
    /// ecdsa-with-SHA384 on P-384).
    pub fn new(responder: &Certificate, produced_at: Time) -> Result<Self, Error> {
        Ok(Self {
            response: ResponseBuilder::new(ResponderId::by_key(responder)?, produced_at),
            scheme: None,
        })
    }

    /// Names `responder` by its subject (ResponderID byName) instead.
    pub fn responder_by_name(mut self, responder: &Certificate) -> Self {
        self.response = self.response.responder(ResponderId::by_name(responder));
        self
    }

    /// Appends an answer.
    pub fn response(mut self, response: SingleResponse) -> Self {
        self.response = self.response.response(response);
        self
    }

    /// Echoes the nonce extension of `request` (if it has one) byte for byte.
    pub fn echo_nonce(mut self, request: &OcspRequest) -> Self {
        self.response = self.response.echo_nonce(request);
        self
    }

    /// Carries `nonce` (any length) as the nonce extension's OCTET STRING.
    pub fn nonce(mut self, nonce: &[u8]) -> Result<Self, Error> {
        self.response = self.response.nonce(nonce)?;
        Ok(self)
    }

    /// Includes `certificate` in the response's `certs`.
    pub fn certificate(mut self, certificate: &Certificate) -> Self {
        self.response = self.response.certificate(certificate);
        self
    }

    /// Signs under `scheme` instead of the key's default.
    pub fn signature_scheme(mut self, scheme: SignatureScheme) -> Self {
        self.scheme = Some(scheme);
        self
    }

    /// Encodes and signs with `key`: a DER `OCSPResponse` (successful, basic).
    pub fn sign(&self, key: &SimKey) -> Result<Vec<u8>, Error> {
        let scheme = self.scheme.unwrap_or_else(|| key.default_scheme());
        sign_response(&self.response, scheme, key)
    }
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
        return Err(Error::Simulator(SimulatorError::State {
            path: "(OCSP responder)".into(),
            reason: format!(
                "{} CA generation {} is not valid at {at}",
                ca.purpose.as_str(),
                ca.index
            ),
        }));
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
    let nocheck = Null.to_der().map_err(encoding("id-pkix-ocsp-nocheck"))?;
    CertificateBuilder::new(
        serial,
        ca.certificate.subject().der().to_vec(),
        subject,
        not_before,
        not_after,
        spki.clone(),
    )
    .extension(
        "2.5.29.15".parse::<Oid>()?,
        true,
        profile::key_usage(&[KeyUsages::DigitalSignature])?,
    )
    .extension(
        "2.5.29.37".parse::<Oid>()?,
        false,
        profile::extended_key_usage(&[oid::KP_OCSP_SIGNING])?,
    )
    .extension(ID_PKIX_OCSP_NOCHECK, false, nocheck)
    .extension(
        "2.5.29.35".parse::<Oid>()?,
        false,
        profile::authority_key_id(
            &ca_key_id,
            ca.certificate.issuer().der(),
            ca.certificate.serial(),
        )?,
    )
    .extension(
        "2.5.29.14".parse::<Oid>()?,
        false,
        profile::subject_key_id(&profile::key_id(&spki)?)?,
    )
    .sign(&ca.key)
}

/// Responder keys made in this process, by SHA-256 of their CA certificate.
static RESPONDER_KEYS: Mutex<Vec<([u8; 32], SimKey)>> = Mutex::new(Vec::new());

/// The responder key of `ca`: RSA-2048 (P-384 under a P-384 CA) generated from a deterministic stream
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
    // A responder key of the CA's kind: P-384 (or P-256) under an EC CA.
    if let Some(curve) = ca.key.curve() {
        use p384::elliptic_curve::Generate;
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        let pem = match curve {
            EcCurve::P256 => p256::ecdsa::SigningKey::try_generate_from_rng(&mut rng)
                .unwrap_or_else(|e| match e {})
                .to_pkcs8_pem(LineEnding::LF),
            _ => p384::ecdsa::SigningKey::try_generate_from_rng(&mut rng)
                .unwrap_or_else(|e| match e {})
                .to_pkcs8_pem(LineEnding::LF),
        }
        .map_err(|e| {
            Error::Simulator(SimulatorError::Crypto {
                reason: format!("OCSP responder key: {e}"),
            })
        })?;
        return SimKey::from_pkcs8_pem(&pem);
    }
    let key = rsa::PrivateKey::new(&mut rng, 2048).map_err(|e| {
        Error::Simulator(SimulatorError::Crypto {
            reason: format!("OCSP responder key generation: {e}"),
        })
    })?;
    let pem = {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        key.to_pkcs8_pem(LineEnding::LF).map_err(|e| {
            Error::Simulator(SimulatorError::Crypto {
                reason: format!("OCSP responder key: {e}"),
            })
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
}
