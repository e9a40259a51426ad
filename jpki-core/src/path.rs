//! Certification path validation: from a JPKI end-entity certificate to a trusted
//! J-LIS root ([RFC 5280 §6](https://www.rfc-editor.org/rfc/rfc5280#section-6),
//! adapted to the JPKI profile).
//!
//! [`validate`] builds candidate paths from the end entity upwards, depth-first,
//! and returns the first one that fully validates. The caller passes everything:
//! the certificates, the trust anchors and the validation time (no clock is read,
//! nothing is fetched).
//!
//! ## Building by key identifier, never by DN alone
//!
//! J-LIS renews its CAs and every generation keeps the same DN
//! (`C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local
//! Authority Information Systems`). A certificate's candidate issuers are the
//! anchors and intermediates its authorityKeyIdentifier designates
//! ([`Certificate::issuer_match`]: the keyIdentifier equals their
//! subjectKeyIdentifier, or authorityCertIssuer and authorityCertSerialNumber name
//! them) and whose subject is the certificate's issuer name. A certificate issued by
//! an old generation therefore does not chain to the new root — unless the
//! verifier also has the link certificate (OldWithNew) that the new root issued
//! for the old key.
//!
//! ## What is checked
//!
//! For every certificate in the path (anchor included):
//! - validity: `notBefore <= at <= notAfter`
//!   ([§6.1.3 (a)(2)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3));
//! - no critical extension the validator does not process
//!   ([§4.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2), [§6.1.4 (o)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
//!   Processed: keyUsage, basicConstraints, certificatePolicies (critical in
//!   JPKI), subjectAltName, issuerAltName, extKeyUsage, cRLDistributionPoints,
//!   authorityKeyIdentifier, subjectKeyIdentifier, authorityInfoAccess,
//!   subjectDirectoryAttributes (HPKI). nameConstraints and the policy
//!   constraint extensions are not implemented, so a critical one is refused.
//!
//! For every link (a certificate and the issuer above it):
//! - the issuer's key verifies the signature over the original `tbsCertificate`
//!   bytes ([§6.1.3 (a)(1)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)),
//!   with the scheme of the certificate's signatureAlgorithm (RSA PKCS#1 v1.5 with
//!   SHA-256/384/512, RSASSA-PSS; SHA-1 only with
//!   [`ValidationOptions::allow_legacy_sha1`]);
//! - the signature AlgorithmIdentifier inside `tbsCertificate` equals the outer
//!   one ([§4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2)).
//!
//! For every CA (each certificate above the end entity, anchors included):
//! - basicConstraints with cA=true ([§6.1.4 (k)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4));
//! - keyUsage, when present, has keyCertSign ([§6.1.4 (n)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4));
//! - pathLenConstraint: at most that many non-self-issued intermediates between it
//!   and the end entity. Self-issued intermediates — the link certificates
//!   between CA generations — do not count ([§6.1.4 (l), (m)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
//!
//! For the end entity: it is not a CA, and with
//! [`ValidationOptions::require_non_repudiation`] its keyUsage has nonRepudiation
//! (a JPKI signing certificate, not an authentication one).
//!
//! The anchor's own (self-)signature is not verified: a trust anchor is trusted
//! as given ([§6.1.1 (d)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.1)), so
//! its signature algorithm is not subject to the SHA-1 rule either.
//!
//! Revocation is a separate step, taken by the [`Verifier`](crate::Verifier):
//! this module knows nothing of it.
//!
//! ## Work limits
//!
//! Several generations under one DN, link certificates and cross-signed CAs make
//! the candidate graph branch and loop. A certificate is never used twice in one
//! path (compared by DER), paths longer than [`ValidationOptions::max_depth`]
//! certificates are abandoned, and the whole search may verify at most
//! [`ValidationOptions::budget`] signatures: exceeding it stops the search with
//! [`Error::BudgetExhausted`] (the same defence as webpki's `Budget`, against
//! exponential path building).
//!
//! ## Which error when every path fails
//!
//! Errors on the end entity itself (critical extensions, cA, keyUsage, validity,
//! signature algorithm) are returned at once: no path can avoid them. Otherwise
//! each candidate path fails with its own error and the most specific one is
//! returned, ranked from least to most specific:
//!
//! 1. [`Error::IssuerNotFound`]: a dead end, no certificate designated as issuer
//!    (or only ones already in the path);
//! 2. [`Error::PathTooLong`]: an issuer was designated but lies beyond the depth
//!    limit;
//! 3. an error about a certificate that was designated by key identifier:
//!    expired or not yet valid, not a CA, keyUsage lacking keyCertSign,
//!    pathLenConstraint exceeded, a critical extension not processed, its own
//!    signature algorithm unsupported, mismatched or SHA-1 when not allowed;
//! 4. [`Error::CertificateSignatureInvalid`] (or [`Error::UnsupportedKey`]): the
//!    designated issuer passed every check of its own, and only the signature
//!    failed — the certificate below it was altered or forged.
//!
//! Between errors of the same rank the first one met wins; candidates are tried
//! anchors first, then intermediates, each in the order given.
//! [`Error::BudgetExhausted`] is not ranked: it ends the search at once.
//!
//! ```
//! # fn main() -> Result<(), jpki::Error> {
//! use jpki::Certificate;
//! use jpki::path::{ValidationOptions, validate};
//! use jpki::Time;
//!
//! # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jlis/");
//! let root = Certificate::parse(&std::fs::read(format!("{dir}sign_ca_2023.pem")).unwrap())?;
//! let at = Time::parse_rfc3339("2026-11-21T10:00:00+09:00")?;
//! // A root is an anchor, not an end entity: validating it against itself fails.
//! let err = validate(&root, &[], &[root.clone()], &ValidationOptions::new(at)).unwrap_err();
//! assert!(matches!(err, jpki::Error::EndEntityIsCa { .. }));
//! # Ok(()) }
//! ```

mod checks;

use crate::Certificate;
use crate::Time;
use crate::crypto::{PreparedKey, Provider, SignatureScheme, default_provider};
use crate::error::Error;

/// What to check, and at which time.
///
/// There is no hidden clock: the caller passes the validation time. Build with
/// [`ValidationOptions::new`] and adjust the public fields.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationOptions {
    /// The time at which every certificate of the path must be valid.
    pub at: Time,
    /// Accept sha1WithRSAEncryption (and PSS with SHA-1) signatures in the path:
    /// only for 住基カード era certificates. Default `false`. A path that used one
    /// says so in [`ValidatedPath::uses_legacy_sha1`].
    pub allow_legacy_sha1: bool,
    /// Require the end entity's keyUsage to be present with nonRepudiation, as on
    /// a JPKI signing certificate (署名用電子証明書). Default `false`.
    pub require_non_repudiation: bool,
    /// The longest path accepted, in certificates, end entity and anchor
    /// included. Default [`ValidationOptions::DEFAULT_MAX_DEPTH`].
    pub max_depth: usize,
    /// How many signature verifications path building may spend before it gives
    /// up with [`Error::BudgetExhausted`]. Default
    /// [`ValidationOptions::DEFAULT_BUDGET`].
    pub budget: usize,
}

impl ValidationOptions {
    /// The default [`max_depth`](Self::max_depth): 6 certificates. A JPKI path
    /// has 2 (end entity, root) or 3 (with a link certificate).
    pub const DEFAULT_MAX_DEPTH: usize = 6;

    /// The default [`budget`](Self::budget): 100 signature verifications.
    pub const DEFAULT_BUDGET: usize = 100;

    /// Validation at `at`, with the defaults: SHA-1 refused, nonRepudiation not
    /// required, depth 6, budget 100.
    pub fn new(at: Time) -> Self {
        Self {
            at,
            allow_legacy_sha1: false,
            require_non_repudiation: false,
            max_depth: Self::DEFAULT_MAX_DEPTH,
            budget: Self::DEFAULT_BUDGET,
        }
    }
}

/// A path that validated: the end entity, the intermediates and the anchor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedPath {
    certificates: Vec<Certificate>,
    // Kept apart as well so the accessors need no fallible indexing.
    end_entity: Certificate,
    anchor: Certificate,
    legacy: bool,
}

impl ValidatedPath {
    /// The certificates from the end entity to the anchor, both included:
    /// `[end entity, intermediates…, anchor]`.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The end-entity certificate (the first of the path).
    pub fn end_entity(&self) -> &Certificate {
        &self.end_entity
    }

    /// The trust anchor the path ends at.
    pub fn anchor(&self) -> &Certificate {
        &self.anchor
    }

    /// Whether a signature verified along the path used SHA-1 (accepted only
    /// with [`ValidationOptions::allow_legacy_sha1`]).
    pub fn uses_legacy_sha1(&self) -> bool {
        self.legacy
    }
}

/// Validates `end_entity` up to one of `anchors`, using `intermediates` as needed
/// ([RFC 5280 §6.1](https://www.rfc-editor.org/rfc/rfc5280#section-6.1)).
///
/// Candidate issuers are found by authorityKeyIdentifier (never by DN alone),
/// anchors before intermediates, depth-first; the first path that fully
/// validates is returned. When none does, the most specific error is returned
/// (see the [module documentation](self) for the checks and the ranking).
pub fn validate(
    end_entity: &Certificate,
    intermediates: &[Certificate],
    anchors: &[Certificate],
    options: &ValidationOptions,
) -> Result<ValidatedPath, Error> {
    let intermediates: Vec<&Certificate> = intermediates.iter().collect();
    validate_with(
        end_entity,
        &intermediates,
        anchors,
        options,
        &Keys::new(default_provider(), &[]),
    )
}

/// Public keys for signature checks: those prepared beforehand (a verifier's
/// anchors and intermediates, parsed once), else prepared on the spot by the
/// provider.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keys<'a> {
    provider: &'a dyn Provider,
    prepared: &'a [(Vec<u8>, PreparedKey)],
}

impl<'a> Keys<'a> {
    /// `prepared`: SubjectPublicKeyInfo DER and its prepared key.
    pub(crate) fn new(provider: &'a dyn Provider, prepared: &'a [(Vec<u8>, PreparedKey)]) -> Self {
        Self { provider, prepared }
    }

    /// Verifies `signature` over `message` with `cert`'s public key.
    pub(crate) fn verify(
        &self,
        cert: &Certificate,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
        what: &'static str,
    ) -> Result<(), Error> {
        let spki = cert.public_key_der();
        if let Some((_, key)) = self.prepared.iter().find(|(der, _)| der.as_slice() == spki) {
            return key.verify(scheme, message, signature, what);
        }
        self.provider
            .prepare(spki)
            .map_err(|_| Error::UnsupportedKey { what })?
            .verify(scheme, message, signature, what)
    }
}

/// [`validate`] with intermediates gathered from several places and keys
/// prepared beforehand.
pub(crate) fn validate_with(
    end_entity: &Certificate,
    intermediates: &[&Certificate],
    anchors: &[Certificate],
    options: &ValidationOptions,
    keys: &Keys<'_>,
) -> Result<ValidatedPath, Error> {
    checks::end_entity(end_entity, options)?;
    let scheme = checks::signature_scheme(end_entity, options.allow_legacy_sha1)?;
    let mut search = Search {
        anchors,
        intermediates,
        options,
        keys,
        verifications: 0,
        best: None,
    };
    let mut path = vec![Link {
        cert: end_entity,
        scheme: Some(scheme),
    }];
    if search.extend(&mut path)? {
        let legacy = path
            .iter()
            .any(|l| l.scheme.is_some_and(SignatureScheme::is_legacy));
        let certificates: Vec<Certificate> = path.iter().map(|l| l.cert.clone()).collect();
        let anchor = path.last().map_or(end_entity, |l| l.cert).clone();
        return Ok(ValidatedPath {
            certificates,
            end_entity: end_entity.clone(),
            anchor,
            legacy,
        });
    }
    Err(search
        .best
        .unwrap_or_else(|| checks::issuer_not_found(end_entity)))
}

/// One certificate of a path under construction.
#[derive(Clone, Copy)]
struct Link<'a> {
    cert: &'a Certificate,
    /// The scheme of the certificate's own signature, checked when its issuer is
    /// found; `None` for the anchor, whose signature is not relied on.
    scheme: Option<SignatureScheme>,
}

/// The state of one depth-first search.
struct Search<'a> {
    anchors: &'a [Certificate],
    intermediates: &'a [&'a Certificate],
    options: &'a ValidationOptions,
    keys: &'a Keys<'a>,
    /// Signature verifications spent so far.
    verifications: usize,
    /// The most specific failure so far.
    best: Option<Error>,
}

impl<'a> Search<'a> {
    /// Tries to complete `path` (whose last certificate still needs an issuer) up
    /// to an anchor. `Ok(true)`: `path` now ends at an anchor. `Ok(false)`: every
    /// candidate failed, the errors are in `self.best`. `Err`: the budget is spent.
    fn extend(&mut self, path: &mut Vec<Link<'a>>) -> Result<bool, Error> {
        let Some(&current) = path.last() else {
            return Ok(false);
        };
        let Some(scheme) = current.scheme else {
            return Ok(false);
        };
        let mut designated = false;
        for (candidate, is_anchor) in self.candidates(current.cert) {
            // Never twice in one path: stops cross-signing loops.
            if path.iter().any(|l| l.cert.der() == candidate.der()) {
                continue;
            }
            designated = true;
            if path.len() >= self.options.max_depth {
                self.record(Error::PathTooLong {
                    max_depth: self.options.max_depth,
                });
                continue;
            }
            if let Err(e) = checks::issuer(candidate, path, self.options.at) {
                self.record(e);
                continue;
            }
            // The anchor's own signature is not relied on; an intermediate's is
            // checked when its own issuer is found, and its algorithm now.
            let candidate_scheme = if is_anchor {
                None
            } else {
                match checks::signature_scheme(candidate, self.options.allow_legacy_sha1) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        self.record(e);
                        continue;
                    }
                }
            };
            if self.verifications >= self.options.budget {
                return Err(Error::BudgetExhausted {
                    budget: self.options.budget,
                });
            }
            self.verifications += 1;
            if let Err(e) = self.keys.verify(
                candidate,
                scheme,
                current.cert.tbs_der(),
                current.cert.signature(),
                "certificate",
            ) {
                self.record(match e {
                    Error::BadSignature { .. } => Error::CertificateSignatureInvalid {
                        serial: current.cert.serial().clone(),
                    },
                    other => other,
                });
                continue;
            }
            path.push(Link {
                cert: candidate,
                scheme: candidate_scheme,
            });
            if is_anchor || self.extend(path)? {
                return Ok(true);
            }
            path.pop();
        }
        if !designated {
            self.record(checks::issuer_not_found(current.cert));
        }
        Ok(false)
    }

    /// The certificates `cert`'s authorityKeyIdentifier designates: anchors first
    /// (`true`), then intermediates that are not also anchors.
    fn candidates(&self, cert: &Certificate) -> Vec<(&'a Certificate, bool)> {
        let anchors = self
            .anchors
            .iter()
            .filter(|a| cert.issuer_match(a).is_some())
            .map(|a| (a, true));
        let intermediates = self
            .intermediates
            .iter()
            .filter(|i| cert.issuer_match(i).is_some())
            .filter(|i| !self.anchors.iter().any(|a| a.der() == i.der()))
            .map(|i| (*i, false));
        anchors.chain(intermediates).collect()
    }

    /// Keeps `error` if it is more specific than the best so far.
    fn record(&mut self, error: Error) {
        if self
            .best
            .as_ref()
            .is_none_or(|best| rank(&error) > rank(best))
        {
            self.best = Some(error);
        }
    }
}

/// How specific a path failure is (higher is more specific); see the module
/// documentation.
fn rank(error: &Error) -> u8 {
    match error {
        Error::IssuerNotFound { .. } => 0,
        Error::PathTooLong { .. } => 1,
        Error::CertificateSignatureInvalid { .. } | Error::UnsupportedKey { .. } => 3,
        _ => 2,
    }
}
