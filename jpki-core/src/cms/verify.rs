//! Verifying a CMS SignedData: the signature over the original signed bytes, the
//! message digest, the signer's certificate, then its path to a trust anchor.

use super::parse::{ID_DATA, SignedMessage, SignerInfo};
use crate::Certificate;
use crate::Time;
use crate::crypto::{HashAlgorithm, SignatureScheme, default_provider};
use crate::error::Error;
use crate::path::{self, Keys, ValidatedPath, ValidationOptions};

/// A signature that verified, before its certificate path is looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignatureCheck {
    /// The signer's certificate (found by issuer+serial or subject key id).
    pub signer: Certificate,
    /// How the signature was made.
    pub scheme: SignatureScheme,
    /// The content digest algorithm.
    pub digest: HashAlgorithm,
    /// The signingTime attribute (the signer's claim).
    pub signing_time: Option<Time>,
    /// Whether signed attributes were present (CAdES-BES has them).
    pub signed_attributes: bool,
    /// Whether SHA-1 was used (allowed only with `allow_legacy_sha1`).
    pub legacy: bool,
}

/// A signature that verified up to a trust anchor.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct VerifiedSignature {
    /// The signature itself.
    pub signature: SignatureCheck,
    /// The validated certificate path (revocation: unchecked until a revocation
    /// source is configured).
    pub path: ValidatedPath,
}

/// Checks the signature of `message` over `content` (or the encapsulated
/// content), finding the signer's certificate among the message's certificates
/// and `extra_certificates`. The certificate path is not checked here.
pub fn verify_signature(
    message: &SignedMessage,
    content: Option<&[u8]>,
    extra_certificates: &[Certificate],
    allow_legacy_sha1: bool,
) -> Result<SignatureCheck, Error> {
    verify_signature_with(
        message,
        content,
        extra_certificates,
        allow_legacy_sha1,
        &Keys::new(default_provider(), &[]),
    )
}

/// [`verify_signature`] with the keys (and provider) of a verifier.
pub(crate) fn verify_signature_with(
    message: &SignedMessage,
    content: Option<&[u8]>,
    extra_certificates: &[Certificate],
    allow_legacy_sha1: bool,
    keys: &Keys<'_>,
) -> Result<SignatureCheck, Error> {
    // Exactly one signer: a second SignerInfo (valid or not) is refused rather than
    // letting "one of them verified" pass for the whole message.
    let signer_info = match message.signers() {
        [one] => one,
        other => return Err(Error::CmsSignerCount { found: other.len() }),
    };
    let content = match (message.content(), content) {
        (Some(inside), Some(given)) if inside != given => return Err(Error::CmsContentConflict),
        (Some(inside), _) => inside,
        (None, Some(given)) => given,
        (None, None) => return Err(Error::CmsNoContent),
    };
    let digest = HashAlgorithm::from_oid(&signer_info.digest_algorithm()).ok_or(
        Error::UnsupportedAlgorithm {
            oid: signer_info.digest_algorithm(),
        },
    )?;
    let scheme = SignatureScheme::from_algorithm(
        &signer_info.signature_algorithm(),
        signer_info.signature_params.as_deref(),
        Some(digest),
    )?;
    let legacy = digest == HashAlgorithm::Sha1 || scheme.is_legacy();
    if legacy && !allow_legacy_sha1 {
        return Err(Error::LegacyAlgorithmNotAllowed {
            what: "the signature",
        });
    }
    // Every certificate the identifier names is a candidate (a key id may be shared
    // by certificates of one key); the ESS reference, when present, narrows them to
    // the certificate the signer meant, and the first whose key verifies wins.
    let mut candidates = named_certificates(message, signer_info, extra_certificates);
    if candidates.is_empty() {
        return Err(not_found(signer_info));
    }

    let signed_bytes: &[u8] = match &signer_info.signed_attrs {
        Some(signed_attrs) => {
            let content_type = signer_info.content_type.ok_or(Error::CmsMissingAttribute {
                attribute: "contentType",
            })?;
            if content_type != message.content_type() {
                return Err(Error::CmsContentTypeMismatch {
                    signed: content_type,
                    encapsulated: message.content_type(),
                });
            }
            let claimed =
                signer_info
                    .message_digest
                    .as_deref()
                    .ok_or(Error::CmsMissingAttribute {
                        attribute: "messageDigest",
                    })?;
            if claimed != digest.digest(content).as_slice() {
                return Err(Error::CmsDigestMismatch);
            }
            if let Some(reference) = signer_info.signing_certificate() {
                let hash = HashAlgorithm::from_oid(&reference.hash_algorithm).ok_or(
                    Error::UnsupportedAlgorithm {
                        oid: reference.hash_algorithm,
                    },
                )?;
                candidates.retain(|c| hash.digest(c.der()) == reference.cert_hash);
                if candidates.is_empty() {
                    return Err(Error::CmsSigningCertificateMismatch);
                }
            }
            signed_attrs
        }
        None => {
            // Without signed attributes the content must be plain data (RFC 5652 §5.3).
            if message.content_type() != ID_DATA {
                return Err(Error::CmsMissingAttribute {
                    attribute: "contentType",
                });
            }
            content
        }
    };
    let what = if signer_info.signed_attrs.is_some() {
        "signed attributes"
    } else {
        "content"
    };
    let mut last_error = None;
    let mut signer = None;
    for candidate in candidates {
        match keys.verify(
            candidate,
            scheme,
            signed_bytes,
            &signer_info.signature,
            what,
        ) {
            Ok(()) => {
                signer = Some(candidate.clone());
                break;
            }
            Err(e) => last_error = Some(e),
        }
    }
    let signer = match (signer, last_error) {
        (Some(s), _) => s,
        (None, Some(e)) => return Err(e),
        (None, None) => return Err(Error::BadSignature { what }),
    };
    if let Some(ku) = signer.key_usage()
        && !ku.digital_signature
        && !ku.non_repudiation
    {
        return Err(Error::KeyUsageLacks {
            serial: signer.serial().clone(),
            usage: "digitalSignature or nonRepudiation",
        });
    }
    Ok(SignatureCheck {
        signer,
        scheme,
        digest,
        signing_time: signer_info.signing_time(),
        signed_attributes: signer_info.has_signed_attributes(),
        legacy,
    })
}

/// The certificates `info` names (by issuer and serial or subject key id) among
/// the message's certificates and `extra_certificates`, without duplicates.
fn named_certificates<'a>(
    message: &'a SignedMessage,
    info: &SignerInfo,
    extra_certificates: &'a [Certificate],
) -> Vec<&'a Certificate> {
    let mut candidates: Vec<&Certificate> = message
        .certificates()
        .iter()
        .chain(extra_certificates)
        .filter(|c| info.signer_identifier().matches(c))
        .collect();
    candidates.dedup_by(|a, b| a.der() == b.der());
    candidates
}

/// The certificate the message's only SignerInfo names as its signer, found
/// among the message's certificates and `extra_certificates` — whether or not
/// the signature verifies: who claims to have signed. When several certificates
/// match the identifier, the one the ESS signing-certificate reference names is
/// preferred, else the first. `None` without exactly one SignerInfo or without
/// a matching certificate.
pub(crate) fn named_signer(
    message: &SignedMessage,
    extra_certificates: &[Certificate],
) -> Option<Certificate> {
    let [info] = message.signers() else {
        return None;
    };
    let candidates = named_certificates(message, info, extra_certificates);
    let referenced = info.signing_certificate().and_then(|reference| {
        let hash = HashAlgorithm::from_oid(&reference.hash_algorithm)?;
        candidates
            .iter()
            .find(|c| hash.digest(c.der()) == reference.cert_hash)
    });
    referenced.or(candidates.first()).map(|c| (*c).clone())
}

/// Verifies the signature, then the signer's certificate path to one of
/// `anchors` at `options.at`, using the message's certificates and
/// `extra_certificates` as intermediates.
pub fn verify(
    message: &SignedMessage,
    content: Option<&[u8]>,
    anchors: &[Certificate],
    extra_certificates: &[Certificate],
    options: &ValidationOptions,
) -> Result<VerifiedSignature, Error> {
    let mut signature = verify_signature(
        message,
        content,
        extra_certificates,
        options.allow_legacy_sha1,
    )?;
    let path = validate_signer(
        &mut signature,
        message,
        extra_certificates,
        anchors,
        options,
        &Keys::new(default_provider(), &[]),
    )?;
    Ok(VerifiedSignature { signature, path })
}

/// Validates the signer's certificate path. When the signer is named without an
/// ESS reference and several certificates carry its key (one key certified by
/// two CA generations), each is tried until one validates; `check.signer` is
/// set to it. The first certificate's error is returned if none validates.
pub(crate) fn validate_signer(
    check: &mut SignatureCheck,
    message: &SignedMessage,
    extra_certificates: &[Certificate],
    anchors: &[Certificate],
    options: &ValidationOptions,
    keys: &Keys<'_>,
) -> Result<ValidatedPath, Error> {
    let intermediates: Vec<&Certificate> = message
        .certificates()
        .iter()
        .chain(extra_certificates)
        .collect();
    let first_error =
        match path::validate_with(&check.signer, &intermediates, anchors, options, keys) {
            Ok(p) => return Ok(p),
            Err(e) => e,
        };
    let info = message.signers().first();
    let pinned = info.is_some_and(|i| i.signing_certificate().is_some());
    if !pinned {
        let same_key = intermediates.iter().filter(|c| {
            c.der() != check.signer.der()
                && c.public_key_der() == check.signer.public_key_der()
                && info.is_some_and(|i| i.signer_identifier().matches(c))
        });
        for alternative in same_key {
            if let Ok(p) = path::validate_with(alternative, &intermediates, anchors, options, keys)
            {
                check.signer = (*alternative).clone();
                return Ok(p);
            }
        }
    }
    Err(first_error)
}

/// [`Error::CmsSignerNotFound`] for the certificate `info` names.
fn not_found(info: &SignerInfo) -> Error {
    match info.signer_identifier() {
        super::SignerIdentifier::IssuerAndSerial { issuer, serial } => Error::CmsSignerNotFound {
            issuer: Some(issuer.to_string()),
            serial: Some(serial.clone()),
            key_id: None,
        },
        super::SignerIdentifier::SubjectKeyId(id) => Error::CmsSignerNotFound {
            issuer: None,
            serial: None,
            key_id: Some(id.clone()),
        },
    }
}
