//! The per-certificate checks of path validation (RFC 5280 §6.1.3, §6.1.4).

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};

use super::{Link, ValidationOptions};
use crate::Certificate;
use crate::Time;
use crate::crypto::SignatureScheme;
use crate::error::Error;
use crate::oid::Oid;

/// The extensions path validation processes (or, for the informational ones,
/// may safely pass over) when they are marked critical
/// ([RFC 5280 §4.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2)).
/// authorityInfoAccess is absent on purpose: RFC 5280 §4.2.2.1 says it MUST be
/// non-critical, and what a critical one would demand is unknown, so it is
/// refused. authorityKeyIdentifier and subjectKeyIdentifier are listed, but a
/// critical one is refused by [`profile`].
const PROCESSED_EXTENSIONS: [Oid; 14] = [
    Oid::new_unwrap("2.5.29.15"), // keyUsage
    Oid::new_unwrap("2.5.29.19"), // basicConstraints
    Oid::new_unwrap("2.5.29.32"), // certificatePolicies (critical in JPKI)
    Oid::new_unwrap("2.5.29.17"), // subjectAltName
    Oid::new_unwrap("2.5.29.18"), // issuerAltName
    Oid::new_unwrap("2.5.29.37"), // extKeyUsage
    Oid::new_unwrap("2.5.29.31"), // cRLDistributionPoints
    Oid::new_unwrap("2.5.29.35"), // authorityKeyIdentifier
    Oid::new_unwrap("2.5.29.14"), // subjectKeyIdentifier
    Oid::new_unwrap("2.5.29.9"),  // subjectDirectoryAttributes (HPKI hcRole)
    Oid::new_unwrap("2.5.29.30"), // nameConstraints
    Oid::new_unwrap("2.5.29.33"), // policyMappings
    Oid::new_unwrap("2.5.29.36"), // policyConstraints
    Oid::new_unwrap("2.5.29.54"), // inhibitAnyPolicy
];

const AKI: Oid = Oid::new_unwrap("2.5.29.35");
const SKI: Oid = Oid::new_unwrap("2.5.29.14");
const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
const POLICY_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.36");

fn serial(cert: &Certificate) -> crate::Serial {
    cert.serial().clone()
}

/// Refuses a critical extension that is not processed
/// ([RFC 5280 §6.1.4 (o)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
pub(super) fn extensions(cert: &Certificate) -> Result<(), Error> {
    match cert
        .extensions()
        .iter()
        .find(|e| e.critical && !PROCESSED_EXTENSIONS.contains(&e.oid))
    {
        Some(e) => Err(Error::UnknownCriticalExtension {
            serial: serial(cert),
            oid: e.oid,
        }),
        None => Ok(()),
    }
}

/// The RFC 5280 rules on how a certificate is encoded, for every certificate of
/// the path but the trust anchor, which is trusted as given
/// ([§6.1.1 (d)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.1)): a
/// root whose basicConstraints is not marked critical stays usable.
pub(super) fn profile(cert: &Certificate) -> Result<(), Error> {
    let violation = |rule| {
        Err(Error::ProfileViolation {
            serial: serial(cert),
            rule,
        })
    };
    let critical = |oid: Oid| {
        cert.extensions()
            .iter()
            .find(|e| e.oid == oid)
            .map(|e| e.critical)
    };
    if !cert.serial_is_positive() {
        return violation("the serial number is zero or negative (§4.1.2.2)");
    }
    if critical(AKI) == Some(true) {
        return violation("authorityKeyIdentifier is marked critical (§4.2.1.1)");
    }
    if critical(SKI) == Some(true) {
        return violation("subjectKeyIdentifier is marked critical (§4.2.1.2)");
    }
    if cert.is_ca() && critical(BASIC_CONSTRAINTS) == Some(false) {
        return violation("basicConstraints of a CA is not marked critical (§4.2.1.9)");
    }
    if critical(POLICY_CONSTRAINTS) == Some(false) {
        return violation("policyConstraints is not marked critical (§4.2.1.11)");
    }
    Ok(())
}

/// The RFC 5280 rules on what a certificate is, for every certificate of the
/// path, anchor included: keyCertSign only with cA
/// ([§4.2.1.3](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3)) and a
/// CA's subject is not empty
/// ([§4.1.2.6](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.6)).
pub(super) fn role(cert: &Certificate) -> Result<(), Error> {
    if cert.key_usage().is_some_and(|k| k.key_cert_sign) && !cert.is_ca() {
        return Err(Error::ProfileViolation {
            serial: serial(cert),
            rule: "keyUsage keyCertSign without basicConstraints cA (§4.2.1.3)",
        });
    }
    if cert.is_ca() && cert.subject().is_empty() {
        return Err(Error::ProfileViolation {
            serial: serial(cert),
            rule: "a CA's subject is empty (§4.1.2.6)",
        });
    }
    Ok(())
}

/// `notBefore <= at <= notAfter`
/// ([RFC 5280 §6.1.3 (a)(2)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
pub(super) fn validity(cert: &Certificate, at: Time) -> Result<(), Error> {
    if at < cert.not_before() {
        return Err(Error::CertificateNotYetValid {
            serial: serial(cert),
            not_before: cert.not_before(),
            at,
        });
    }
    if at > cert.not_after() {
        return Err(Error::CertificateExpired {
            serial: serial(cert),
            not_after: cert.not_after(),
            at,
        });
    }
    Ok(())
}

/// The end entity's own checks: critical extensions, not a CA, nonRepudiation
/// when required, validity
/// ([RFC 5280 §6.1.5](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.5)).
pub(super) fn end_entity(cert: &Certificate, options: &ValidationOptions) -> Result<(), Error> {
    extensions(cert)?;
    profile(cert)?;
    role(cert)?;
    if cert.is_ca() {
        return Err(Error::EndEntityIsCa {
            serial: serial(cert),
        });
    }
    if options.require_non_repudiation && !cert.key_usage().is_some_and(|k| k.non_repudiation) {
        return Err(Error::KeyUsageLacks {
            serial: serial(cert),
            usage: "nonRepudiation",
        });
    }
    validity(cert, options.at)
}

/// The checks of a candidate issuer on its own: critical extensions, validity,
/// cA, keyCertSign, and its pathLenConstraint against the intermediates already
/// below it in `path` (`path[0]` is the end entity; self-issued intermediates do
/// not count) ([RFC 5280 §6.1.4 (k)–(n)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
pub(super) fn issuer(
    candidate: &Certificate,
    is_anchor: bool,
    path: &[Link<'_>],
    at: Time,
) -> Result<(), Error> {
    extensions(candidate)?;
    if !is_anchor {
        profile(candidate)?;
    }
    validity(candidate, at)?;
    // A version 1 certificate has no extensions: as a trust anchor it is
    // trusted as given (RFC 5280 §6.1.1 (d)), a CA without constraints; as
    // an intermediate it is no CA (§4.2.1.9, as OpenSSL has it too).
    if is_anchor && candidate.version() == 1 {
        return Ok(());
    }
    let Some(bc) = candidate.basic_constraints().filter(|b| b.ca) else {
        return Err(Error::NotCa {
            serial: serial(candidate),
        });
    };
    if candidate.key_usage().is_some_and(|k| !k.key_cert_sign) {
        return Err(Error::KeyUsageLacks {
            serial: serial(candidate),
            usage: "keyCertSign",
        });
    }
    role(candidate)?;
    if let Some(path_len) = bc.path_len {
        let found = path
            .iter()
            .skip(1)
            .filter(|l| !l.cert.is_self_issued())
            .count();
        if found > usize::from(path_len) {
            return Err(Error::PathLenExceeded {
                serial: serial(candidate),
                path_len,
                found,
            });
        }
    }
    Ok(())
}

/// The scheme of `cert`'s signature, from its signatureAlgorithm, after checking
/// that `tbsCertificate.signature` is the same AlgorithmIdentifier
/// ([RFC 5280 §4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2))
/// and that SHA-1 is allowed if used.
pub(super) fn signature_scheme(
    cert: &Certificate,
    allow_legacy_sha1: bool,
) -> Result<SignatureScheme, Error> {
    let (inner, outer) =
        algorithm_identifiers(cert.der()).map_err(Error::decode("signatureAlgorithm"))?;
    if inner.tag() != outer.tag() || inner.value() != outer.value() {
        return Err(Error::SignatureAlgorithmMismatch {
            serial: serial(cert),
        });
    }
    let (oid, params) = split_algorithm(outer).map_err(Error::decode("signatureAlgorithm"))?;
    let scheme = SignatureScheme::from_algorithm(&oid, params.as_deref(), None)?;
    if scheme.is_legacy() && !allow_legacy_sha1 {
        return Err(Error::LegacyCertificateSignature {
            serial: serial(cert),
        });
    }
    Ok(scheme)
}

/// `tbsCertificate.signature` and `signatureAlgorithm`, as they are encoded.
fn algorithm_identifiers(der: &[u8]) -> Result<(AnyRef<'_>, AnyRef<'_>), der::Error> {
    let certificate = AnyRef::from_der(der)?;
    let mut outer = SliceReader::new(certificate.value())?;
    let tbs = AnyRef::decode(&mut outer)?;
    let signature_algorithm = AnyRef::decode(&mut outer)?;
    let mut fields = SliceReader::new(tbs.value())?;
    let first = AnyRef::decode(&mut fields)?;
    let version = Tag::ContextSpecific {
        constructed: true,
        number: TagNumber(0),
    };
    if first.tag() == version {
        // `first` was the version; the serial number follows.
        AnyRef::decode(&mut fields)?;
    }
    let inner = AnyRef::decode(&mut fields)?;
    Ok((inner, signature_algorithm))
}

/// The OID and the DER of the parameters (if any) of an AlgorithmIdentifier.
fn split_algorithm(alg: AnyRef<'_>) -> Result<(Oid, Option<Vec<u8>>), der::Error> {
    let mut reader = SliceReader::new(alg.value())?;
    let oid = ObjectIdentifier::decode(&mut reader)?;
    let params = if reader.is_finished() {
        None
    } else {
        Some(AnyRef::decode(&mut reader)?.to_der()?)
    };
    reader.finish()?;
    Ok((Oid(oid), params))
}

/// The error for a certificate whose issuer is nowhere to be found.
pub(super) fn issuer_not_found(cert: &Certificate) -> Error {
    Error::IssuerNotFound {
        subject: cert.issuer().to_string(),
        key_id: cert
            .authority_key_id()
            .and_then(|a| a.key_id.as_deref())
            .map(<[u8]>::to_vec),
    }
}
