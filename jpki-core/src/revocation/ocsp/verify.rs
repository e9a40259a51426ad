//! Verification of a basic OCSP response against the request it answers
//! ([RFC 6960 §3.2](https://www.rfc-editor.org/rfc/rfc6960#section-3.2) and
//! [§4.2.2](https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2)).

use der::{Decode, Encode};

use super::basic::{
    BasicOcspResponseRef, CertStatusRef, ResponderIdRef, ResponseDataRef, SingleResponseRef,
};
use super::response::OcspResponseRef;
use super::{
    ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NONCE, OcspCertStatus, OcspCheck, OcspRequest, OcspResult,
    ResponseStatus, check_extensions, public_key_bits, time_of,
};
use crate::Certificate;
use crate::Time;
use crate::cert::DistinguishedName;
use crate::crypto::{self, HashAlgorithm, SignatureScheme};
use crate::error::Error;
use crate::oid::{self, Oid};
use crate::revocation::RevocationReason;

/// Verifies an OCSP response (DER `OCSPResponse`) to `request`, for a
/// certificate issued by `issuer`, at `check.at`.
///
/// Returns the status of [`OcspRequest::cert_id`] with the response's times and
/// the delegated responder certificate, if one signed. `revoked` and `unknown`
/// are `Ok` results: the caller's policy decides what they mean. Every failed
/// check is an error; see the [module documentation](super) for the list and
/// [`OcspCheck`] for the knobs.
pub fn verify_response(
    response_der: &[u8],
    request: &OcspRequest,
    issuer: &Certificate,
    check: &OcspCheck,
) -> Result<OcspResult, Error> {
    let response =
        OcspResponseRef::from_der(response_der).map_err(Error::decode("OCSP response"))?;
    let status =
        ResponseStatus::from_code(response.response_status.0).ok_or(Error::OcspMalformed {
            what: "response",
            reason: "unknown responseStatus",
        })?;
    if status != ResponseStatus::Successful {
        return Err(Error::OcspResponseStatus { status });
    }
    let bytes = response.response_bytes.ok_or(Error::OcspMalformed {
        what: "response",
        reason: "a successful response has no responseBytes",
    })?;
    if Oid(bytes.response_type) != ID_PKIX_OCSP_BASIC {
        return Err(Error::OcspNotBasic {
            response_type: Oid(bytes.response_type),
        });
    }
    let basic = BasicOcspResponseRef::from_der(bytes.response.as_bytes())
        .map_err(Error::decode("BasicOCSPResponse"))?;
    let tbs = basic.tbs_response_data.0;
    let data = ResponseDataRef::from_der(tbs).map_err(Error::decode("OCSP ResponseData"))?;
    if data.version.is_some() {
        return Err(Error::OcspMalformed {
            what: "response",
            reason: "version is written out (DER omits the DEFAULT v1; no other is defined)",
        });
    }
    let response_extensions = data.response_extensions.as_deref().unwrap_or_default();
    check_extensions("response", response_extensions)?;

    let id = request.cert_id();
    if !id.names_issuer(issuer) {
        return Err(Error::OcspIssuerMismatch);
    }

    // Who signed, and may they?
    let certs = basic
        .certs
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|raw| Certificate::from_der(raw.0))
        .collect::<Result<Vec<_>, _>>()?;
    let delegated = responder(&data.responder_id, issuer, certs, check)?;
    let signer = delegated.as_ref().unwrap_or(issuer);

    // The signature, over the original tbsResponseData bytes.
    let params = basic
        .signature_algorithm
        .parameters
        .map(|p| p.to_der())
        .transpose()
        .map_err(Error::decode("OCSP signatureAlgorithm"))?;
    let scheme = SignatureScheme::from_algorithm(
        &Oid(basic.signature_algorithm.oid),
        params.as_deref(),
        None,
    )?;
    if scheme.is_legacy() && !check.allow_sha1_signature {
        return Err(Error::LegacyAlgorithmNotAllowed {
            what: "OCSP response signature",
        });
    }
    let signature = basic.signature.as_bytes().ok_or(Error::BadSignature {
        what: "OCSP response",
    })?;
    crypto::verify(
        signer.public_key_der(),
        scheme,
        tbs,
        signature,
        "OCSP response",
    )?;

    // The answer about our certificate, and only one.
    let matching: Vec<&SingleResponseRef<'_>> = data
        .responses
        .iter()
        .filter(|r| id.matches(&r.cert_id))
        .collect();
    let [single] = matching.as_slice() else {
        return Err(Error::OcspCertIdMismatch {
            serial: id.serial.clone(),
            matching: matching.len(),
        });
    };
    let single_extensions = single.single_extensions.as_deref().unwrap_or_default();
    check_extensions("SingleResponse", single_extensions)?;
    // No single extension is understood (CRL references, archive cutoff…).
    if let Some(ext) = single_extensions.iter().find(|e| e.is_critical()) {
        return Err(Error::OcspUnknownCriticalExtension {
            oid: Oid(ext.extn_id),
        });
    }
    if let Some(ext) = response_extensions
        .iter()
        .find(|e| e.is_critical() && Oid(e.extn_id) != ID_PKIX_OCSP_NONCE)
    {
        return Err(Error::OcspUnknownCriticalExtension {
            oid: Oid(ext.extn_id),
        });
    }

    // Freshness.
    let this_update = time_of(&single.this_update);
    let next_update = single.next_update.as_ref().map(time_of);
    check_times(this_update, next_update, check)?;

    // The nonce, echoed exactly.
    if let Some(sent) = request.nonce_extension() {
        let echoed = response_extensions
            .iter()
            .find(|e| Oid(e.extn_id) == ID_PKIX_OCSP_NONCE)
            .ok_or(Error::OcspNonceMissing)?;
        if echoed.extn_value.as_bytes() != sent {
            return Err(Error::OcspNonceMismatch);
        }
    }

    let status = match single.cert_status {
        CertStatusRef::Good(_) => OcspCertStatus::Good,
        CertStatusRef::Revoked(info) => OcspCertStatus::Revoked {
            at: time_of(&info.revocation_time),
            reason: info
                .revocation_reason
                .and_then(|r| RevocationReason::from_code(r.0)),
        },
        CertStatusRef::Unknown(_) => OcspCertStatus::Unknown,
    };
    Ok(OcspResult {
        status,
        this_update,
        next_update,
        produced_at: time_of(&data.produced_at),
        delegated_responder: delegated,
    })
}

/// thisUpdate not in the future, nextUpdate not in the past (both with the
/// skew), or, without nextUpdate, an age the caller allows.
fn check_times(
    this_update: Time,
    next_update: Option<Time>,
    check: &OcspCheck,
) -> Result<(), Error> {
    let at = check.at;
    if this_update > at.add_seconds(check.clock_skew) {
        return Err(Error::OcspNotYetValid { this_update, at });
    }
    let stale = Error::OcspStale {
        this_update,
        next_update,
        at,
    };
    match next_update {
        Some(next) if next < this_update => Err(Error::OcspMalformed {
            what: "response",
            reason: "nextUpdate is before thisUpdate",
        }),
        Some(next) if next.add_seconds(check.clock_skew) < at => Err(stale),
        Some(_) => Ok(()),
        None => {
            let age = at.unix_seconds().saturating_sub(this_update.unix_seconds());
            if check.max_age_without_next_update == 0 || age > check.max_age_without_next_update {
                Err(stale)
            } else {
                Ok(())
            }
        }
    }
}

/// The responder: `None` when it is the issuing CA itself, or the delegated
/// responder certificate (from `certs`) after checking that the CA authorized it.
fn responder(
    id: &ResponderIdRef<'_>,
    issuer: &Certificate,
    certs: Vec<Certificate>,
    check: &OcspCheck,
) -> Result<Option<Certificate>, Error> {
    if names(id, issuer)? {
        return Ok(None);
    }
    let mut first_error = None;
    for candidate in certs {
        if !names(id, &candidate)? {
            continue;
        }
        match authorized(&candidate, issuer, check) {
            Ok(()) => return Ok(Some(candidate)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or(Error::OcspResponderNotAuthorized {
        reason: "the responder is neither the issuing CA nor a certificate included in the response",
    }))
}

/// Whether the ResponderID designates `cert`: byName its subject (compared by
/// the rules of RFC 5280 §7.1, [`DistinguishedName::matches`]), byKey the SHA-1
/// of its subjectPublicKey bits (RFC 6960 §4.2.1, KeyHash).
fn names(id: &ResponderIdRef<'_>, cert: &Certificate) -> Result<bool, Error> {
    Ok(match id {
        ResponderIdRef::ByName(name) => {
            let name: x509_cert::name::Name = name
                .decode_as()
                .map_err(Error::decode("OCSP ResponderID"))?;
            DistinguishedName::from_x509(&name)?.matches(cert.subject())
        }
        ResponderIdRef::ByKey(hash) => {
            hash.as_bytes() == HashAlgorithm::Sha1.digest(public_key_bits(cert.public_key_der())?)
        }
    })
}

/// RFC 6960 §4.2.2.2: a delegated responder certificate is issued directly by
/// the CA that issued the certificate in question and carries id-kp-OCSPSigning.
fn authorized(
    candidate: &Certificate,
    issuer: &Certificate,
    check: &OcspCheck,
) -> Result<(), Error> {
    let not_ours = Error::OcspResponderNotAuthorized {
        reason: "the responder certificate was not issued by the certificate's CA",
    };
    // Several J-LIS generations share a DN: the key identifier must designate
    // this generation too when the responder certificate names one.
    if !candidate.issuer().matches(issuer.subject())
        || (candidate.authority_key_id().is_some() && candidate.issuer_match(issuer).is_none())
    {
        return Err(not_ours);
    }
    let scheme = certificate_signature_scheme(candidate)?;
    if scheme.is_legacy() && !check.allow_sha1_signature {
        return Err(Error::LegacyAlgorithmNotAllowed {
            what: "OCSP responder certificate",
        });
    }
    crypto::verify(
        issuer.public_key_der(),
        scheme,
        candidate.tbs_der(),
        candidate.signature(),
        "OCSP responder certificate",
    )?;
    if candidate.not_after() < check.at {
        return Err(Error::CertificateExpired {
            serial: candidate.serial().clone(),
            not_after: candidate.not_after(),
            at: check.at,
        });
    }
    if candidate.not_before() > check.at {
        return Err(Error::CertificateNotYetValid {
            serial: candidate.serial().clone(),
            not_before: candidate.not_before(),
            at: check.at,
        });
    }
    if !candidate
        .extended_key_usage()
        .contains(&oid::KP_OCSP_SIGNING)
    {
        return Err(Error::OcspResponderNotAuthorized {
            reason: "the responder certificate lacks extended key usage id-kp-OCSPSigning",
        });
    }
    if candidate
        .key_usage()
        .is_some_and(|ku| !ku.digital_signature && !ku.non_repudiation)
    {
        return Err(Error::KeyUsageLacks {
            serial: candidate.serial().clone(),
            usage: "digitalSignature",
        });
    }
    Ok(())
}

/// The scheme of a certificate's signature, after checking that
/// `tbsCertificate.signature` equals `signatureAlgorithm` (RFC 5280 §4.1.1.2).
fn certificate_signature_scheme(cert: &Certificate) -> Result<SignatureScheme, Error> {
    let parsed =
        x509_cert::Certificate::from_der(cert.der()).map_err(Error::decode("certificate"))?;
    let outer = parsed.signature_algorithm();
    if parsed.tbs_certificate().signature() != outer {
        return Err(Error::SignatureAlgorithmMismatch {
            serial: cert.serial().clone(),
        });
    }
    let params = outer
        .parameters
        .as_ref()
        .map(|p| p.to_der())
        .transpose()
        .map_err(Error::decode("signatureAlgorithm"))?;
    SignatureScheme::from_algorithm(&Oid(outer.oid), params.as_deref(), None)
}
