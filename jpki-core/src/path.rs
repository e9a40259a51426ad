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
//! them) and whose subject is the certificate's issuer name — the same name by
//! the rules of [RFC 5280 §7.1](https://www.rfc-editor.org/rfc/rfc5280#section-7.1)
//! ([`DistinguishedName::matches`](crate::cert::DistinguishedName::matches): case
//! and insignificant whitespace ignored, PrintableString and UTF8String alike;
//! equal DER is the fast path). A certificate issued by
//! an old generation therefore does not chain to the new root — unless the
//! verifier also has the link certificate (OldWithNew) that the new root issued
//! for the old key. A trust anchor without a subjectKeyIdentifier (a version 1
//! root, trusted as given, a CA without constraints) is a candidate by name, and
//! its signature decides.
//!
//! ## What is checked
//!
//! For every certificate in the path (anchor included):
//! - validity: `notBefore <= at <= notAfter`
//!   ([§6.1.3 (a)(2)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3));
//! - no critical extension the validator does not process
//!   ([§4.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2), [§6.1.4 (o)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
//!   Processed: keyUsage, basicConstraints, certificatePolicies (critical in
//!   JPKI), policyMappings, policyConstraints, inhibitAnyPolicy,
//!   nameConstraints, subjectAltName, issuerAltName, extKeyUsage,
//!   cRLDistributionPoints, authorityKeyIdentifier, subjectKeyIdentifier,
//!   subjectDirectoryAttributes (HPKI). authorityInfoAccess is read but, as
//!   RFC 5280 §4.2.2.1 says it MUST be non-critical, a critical one is refused
//!   like any unknown critical extension;
//! - keyUsage keyCertSign only with basicConstraints cA
//!   ([§4.2.1.3](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3)), and
//!   a CA's subject is not empty ([§4.1.2.6](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.6))
//!   ([`Error::ProfileViolation`]).
//!
//! For every certificate but the anchor, the MUSTs of RFC 5280 on how it is
//! encoded ([`Error::ProfileViolation`]): the serial number is positive
//! ([§4.1.2.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2)),
//! authorityKeyIdentifier and subjectKeyIdentifier are not critical
//! ([§4.2.1.1](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.1),
//! [§4.2.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.2)), a CA's
//! basicConstraints is critical ([§4.2.1.9](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9)),
//! policyConstraints is critical ([§4.2.1.11](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.11)).
//! The anchor is exempt: a trust anchor is trusted as given
//! ([§6.1.1 (d)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.1)), so a
//! root whose basicConstraints is not marked critical stays usable (OpenSSL's
//! `-x509_strict` refuses it: a deliberate difference).
//!
//! For the whole path, from the anchor down
//! ([§6.1.3 (b)–(f), §6.1.4, §6.1.5](https://www.rfc-editor.org/rfc/rfc5280#section-6.1)):
//! - name constraints: the subject DN, the subjectAltName entries and the
//!   subject's emailAddress attributes of every certificate below a CA with
//!   nameConstraints lie inside its permitted subtrees (of their form) and
//!   outside its excluded ones, for directoryName, rfc822Name, dNSName and
//!   uniformResourceIdentifier; a name of another form meeting a subtree of
//!   the same form is refused (fail closed). Self-issued intermediates are
//!   exempt, the last certificate never. The anchor's nameConstraints apply
//!   ([`Error::NameConstraintViolated`]);
//! - certificate policies: the valid policy tree with policy mappings,
//!   requireExplicitPolicy, inhibitPolicyMapping and inhibitAnyPolicy,
//!   self-issued certificates not counting, from the initial values in
//!   [`ValidationOptions`]; the anchor's certificatePolicies are not processed
//!   (it is not one of the `n` certificates of §6.1). A failure is
//!   [`Error::NoValidPolicy`]; what is left is [`ValidatedPath::policies`],
//!   which the [`Verifier`](crate::Verifier) meets with its
//!   [`PolicySet`](crate::PolicySet) ([`PolicySet::accepts_path`](crate::PolicySet::accepts_path)).
//!
//! For every link (a certificate and the issuer above it):
//! - the issuer's key verifies the signature over the original `tbsCertificate`
//!   bytes ([§6.1.3 (a)(1)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)),
//!   with the scheme of the certificate's signatureAlgorithm (RSA PKCS#1 v1.5 with
//!   SHA-256/384/512, RSASSA-PSS, ECDSA on P-256/P-384 with SHA-256/384/512 for
//!   the next-generation card; SHA-1 only with
//!   [`ValidationOptions::allow_legacy_sha1`]; DSA is unsupported);
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
//!    pathLenConstraint exceeded, a critical extension not processed, a
//!    profile violation, its own signature algorithm unsupported, mismatched or
//!    SHA-1 when not allowed;
//! 4. [`Error::CertificateSignatureInvalid`] (or [`Error::UnsupportedKey`]): the
//!    designated issuer passed every check of its own, and only the signature
//!    failed — the certificate below it was altered or forged;
//! 5. an error of the whole path (name constraints, policies, a policy mapping
//!    of anyPolicy): every link verified, the path as a whole is refused.
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
mod names;
mod policy;

pub use policy::PathPolicies;

use crate::Certificate;
use crate::Time;
use crate::crypto::{PreparedKey, Provider, SignatureScheme, default_provider};
use crate::error::Error;
use crate::oid::Oid;

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
    /// user-initial-policy-set ([RFC 5280 §6.1.1 (c)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.1)):
    /// the policies acceptable to the caller, in the trust anchor's domain.
    /// `None` (the default) is any-policy. The [`Verifier`](crate::Verifier)
    /// leaves it `None` and applies its [`PolicySet`](crate::PolicySet) to
    /// [`ValidatedPath::policies`] itself.
    pub initial_policy_set: Option<Vec<Oid>>,
    /// initial-explicit-policy: the path must be valid for a policy of
    /// [`initial_policy_set`](Self::initial_policy_set). Default `false` (the
    /// certificates' own policyConstraints may still require one).
    pub initial_explicit_policy: bool,
    /// initial-policy-mapping-inhibit. Default `false`.
    pub initial_policy_mapping_inhibit: bool,
    /// initial-any-policy-inhibit. Default `false`.
    pub initial_any_policy_inhibit: bool,
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
            initial_policy_set: None,
            initial_explicit_policy: false,
            initial_policy_mapping_inhibit: false,
            initial_any_policy_inhibit: false,
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
    policies: PathPolicies,
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

    /// What certificate policy processing left
    /// ([RFC 5280 §6.1](https://www.rfc-editor.org/rfc/rfc5280#section-6.1)).
    pub fn policies(&self) -> &PathPolicies {
        &self.policies
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
    search_up(end_entity, intermediates, anchors, options, keys)
}

/// Builds and validates a path upwards from `subject`, whose own checks (as an
/// end entity, or as a CRL signer) the caller has made.
fn search_up(
    subject: &Certificate,
    intermediates: &[&Certificate],
    anchors: &[Certificate],
    options: &ValidationOptions,
    keys: &Keys<'_>,
) -> Result<ValidatedPath, Error> {
    let scheme = checks::signature_scheme(subject, options.allow_legacy_sha1)?;
    let mut search = Search {
        anchors,
        intermediates,
        options,
        keys,
        verifications: 0,
        best: None,
        policies: PathPolicies::NotAsserted,
    };
    let mut path = vec![Link {
        cert: subject,
        scheme: Some(scheme),
    }];
    if search.extend(&mut path)? {
        let legacy = path
            .iter()
            .any(|l| l.scheme.is_some_and(SignatureScheme::is_legacy));
        let certificates: Vec<Certificate> = path.iter().map(|l| l.cert.clone()).collect();
        let anchor = path.last().map_or(subject, |l| l.cert).clone();
        return Ok(ValidatedPath {
            certificates,
            end_entity: subject.clone(),
            anchor,
            legacy,
            policies: search.policies,
        });
    }
    Err(search
        .best
        .map(|(_, e)| e)
        .unwrap_or_else(|| checks::issuer_not_found(subject)))
}

/// The path of a CRL signer's certificate, for a CRL that the checked
/// certificate's issuer did not sign (an indirect CRL's issuer, a rolled-over
/// key of the same CA: [RFC 5280 §6.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3) (f)):
/// the rules of [`validate_with`], except that the signer may be a CA (a CA
/// signs CRLs), and that a signer which is itself a trust anchor is its own
/// path.
pub(crate) fn validate_crl_signer_with(
    signer: &Certificate,
    intermediates: &[&Certificate],
    anchors: &[Certificate],
    options: &ValidationOptions,
    keys: &Keys<'_>,
) -> Result<ValidatedPath, Error> {
    if let Some(anchor) = anchors.iter().find(|a| a.der() == signer.der()) {
        return Ok(ValidatedPath {
            certificates: vec![anchor.clone()],
            end_entity: anchor.clone(),
            anchor: anchor.clone(),
            legacy: false,
            policies: PathPolicies::NotAsserted,
        });
    }
    checks::extensions(signer)?;
    checks::validity(signer, options.at)?;
    search_up(signer, intermediates, anchors, options, keys)
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
    /// The most specific failure so far, with its rank.
    best: Option<(u8, Error)>,
    /// The policies of the path found.
    policies: PathPolicies,
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
            if let Err(e) = checks::issuer(candidate, is_anchor, path, self.options.at) {
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
            if is_anchor {
                // The whole path is known: policies and name constraints.
                match whole_path(path, self.options) {
                    Ok(policies) => {
                        self.policies = policies;
                        return Ok(true);
                    }
                    Err(e) => self.record_ranked(e, 4),
                }
            } else if self.extend(path)? {
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
    /// (`true`), then intermediates that are not also anchors. An anchor
    /// without a subjectKeyIdentifier (a version 1 root) cannot be designated
    /// by key id: it is a candidate when its subject is `cert`'s issuer name,
    /// and its signature decides (as OpenSSL has it).
    fn candidates(&self, cert: &Certificate) -> Vec<(&'a Certificate, bool)> {
        let anchors = self
            .anchors
            .iter()
            .filter(|a| {
                cert.issuer_match(a).is_some()
                    || (a.subject_key_id().is_none() && a.subject().matches(cert.issuer()))
            })
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
        let rank = rank(&error);
        self.record_ranked(error, rank);
    }

    /// Keeps `error`, of rank `rank`, if it is more specific than the best so far.
    fn record_ranked(&mut self, error: Error, rank: u8) {
        if self.best.as_ref().is_none_or(|(best, _)| rank > *best) {
            self.best = Some((rank, error));
        }
    }
}

/// The checks that need the whole path, from the anchor down: name constraints
/// and certificate policies ([RFC 5280 §6.1.3 (b)–(f), §6.1.4, §6.1.5](https://www.rfc-editor.org/rfc/rfc5280#section-6.1)).
/// `path` runs from the end entity to the anchor. The anchor's nameConstraints
/// apply below it; its certificatePolicies are not processed (the anchor is
/// not one of the `n` certificates of §6.1).
fn whole_path(path: &[Link<'_>], options: &ValidationOptions) -> Result<PathPolicies, Error> {
    let Some((anchor, below)) = path.split_last() else {
        return Ok(PathPolicies::NotAsserted);
    };
    let n = below.len();
    let inputs = policy::PolicyInputs {
        initial_policy_set: options.initial_policy_set.as_deref(),
        explicit: options.initial_explicit_policy,
        mapping_inhibit: options.initial_policy_mapping_inhibit,
        any_inhibit: options.initial_any_policy_inhibit,
    };
    let mut policies = policy::PolicyState::new(n, &inputs);
    let mut names = names::NameState::default();
    names.update(anchor.cert);
    for (k, link) in below.iter().rev().enumerate() {
        let i = k + 1;
        let last = i == n;
        names.check(link.cert, last)?;
        policies.process(link.cert, i, n)?;
        if !last {
            policies.prepare(link.cert)?;
            names.update(link.cert);
        }
    }
    let end_entity = below.first().map_or(anchor.cert, |l| l.cert);
    policies.wrap_up(end_entity, inputs.initial_policy_set)
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
