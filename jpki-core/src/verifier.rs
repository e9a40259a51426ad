//! The verifier: built once, shared by every thread, it runs the seeds' three
//! checks on signed applications and validates bare certificates.
//!
//! The seeds describe what a receiving office (and today a bank opening an
//! account, or a utility's move-in portal) checks when a resident signs an
//! application with the card:
//!
//! 1. the certificate is valid (a path to a J-LIS trust anchor at the given time)
//!    and not revoked;
//! 2. the signature is valid (over the application as received);
//! 3. the certificate's 4 basic info equal what the applicant wrote.
//!
//! A [`Verifier`] holds the trust anchors, intermediates (link certificates
//! between CA generations), the accepted certificate policies, the
//! [`RevocationPolicy`] and the revocation data: CRLs parsed, checked and
//! indexed once when added ([`Verifier::add_crl`], which replaces an older CRL of
//! the same scope while verifications run), and OCSP responses. It is
//! `Send + Sync` and cheap to clone (one `Arc`): a bank builds one at start-up
//! and verifies on many threads. Each verification sees one consistent set of
//! CRLs (a snapshot taken when it starts).
//!
//! Hosts without blocking I/O (browsers, async runtimes) ask
//! [`Verifier::ocsp_requests`] which OCSP requests would answer for a
//! certificate, send them however they like, and hand the responses back with
//! [`Verifier::add_ocsp_response`]; a blocking [`OcspFetcher`] can be given to
//! the builder instead.

#[cfg(feature = "serde")]
mod json;
mod verdict;

use std::sync::{Arc, RwLock};

use crate::Applicant;
use crate::Certificate;
use crate::RevocationPolicy;
use crate::cert::CertificateKind;
use crate::cms::{self, SignedMessage};
use crate::crypto::{HashAlgorithm, PreparedKey, Provider};
use crate::error::Error;
use crate::oid::{self, Oid};
use crate::path::{self, Keys, PathPolicies, ValidatedPath, ValidationOptions};
use crate::revocation::crl::{CrlLimits, OwnedCrl};
use crate::revocation::ocsp::OcspRequest;
use crate::revocation::{
    LoadedCrl, OcspFetcher, RevocationMode, RevocationStatus, Sources, check_certificate,
};
use crate::{Serial, Time};

pub use verdict::{CertificateVerdict, Check, Verdict};

/// What a certificate is to be used for: decides the keyUsage and the
/// certificate policies required of the end entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Usage {
    /// Signing e-applications (署名用電子証明書): keyUsage nonRepudiation and one
    /// of the verifier's signing policies.
    Signing,
    /// Logging in (利用者証明用電子証明書): keyUsage digitalSignature and one of
    /// the verifier's authentication policies.
    Authentication,
    /// Any end-entity certificate with a valid path: no keyUsage or policy
    /// requirement beyond the path's own rules.
    Any,
}

impl Usage {
    /// `signing`, `authentication` or `any`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Signing => "signing",
            Self::Authentication => "authentication",
            Self::Any => "any",
        }
    }
}

/// A set of accepted certificate policies (OIDs, or anything under an arc).
///
/// Trust anchors decide which environment (production or test J-LIS roots) a
/// verifier accepts; policies decide which kind of certificate under them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PolicySet {
    oids: Vec<Oid>,
    arcs: Vec<Oid>,
    any: bool,
}

impl PolicySet {
    /// JPKI signing certificates (署名用電子証明書), production and test-card
    /// arcs (`…8.5.1.1.20`, `…8.5.1.0.20`). The default for applications; the
    /// trust anchors separate production from test cards.
    pub fn jpki_signing() -> Self {
        Self::of(&[oid::JPKI_POLICY_SIGNING, oid::JPKI_POLICY_SIGNING_TEST])
    }

    /// JPKI signing certificates of production cards only.
    pub fn jpki_signing_production() -> Self {
        Self::of(&[oid::JPKI_POLICY_SIGNING])
    }

    /// JPKI user-authentication certificates (利用者証明用電子証明書),
    /// production and test-card arcs.
    pub fn jpki_authentication() -> Self {
        Self::of(&[
            oid::JPKI_POLICY_AUTHENTICATION,
            oid::JPKI_POLICY_AUTHENTICATION_TEST,
        ])
    }

    /// JPKI user-authentication certificates of production cards only.
    pub fn jpki_authentication_production() -> Self {
        Self::of(&[oid::JPKI_POLICY_AUTHENTICATION])
    }

    /// HPKI (healthcare PKI) certificates: any policy under the Japanese HPKI
    /// arc `1.2.392.100495.1`.
    pub fn hpki() -> Self {
        Self {
            oids: Vec::new(),
            arcs: vec![oid::HPKI_ARC],
            any: false,
        }
    }

    /// Any policy, or none at all: no policy requirement.
    pub fn any() -> Self {
        Self {
            oids: Vec::new(),
            arcs: Vec::new(),
            any: true,
        }
    }

    /// Exactly these policies.
    pub fn of(oids: &[Oid]) -> Self {
        Self {
            oids: oids.to_vec(),
            arcs: Vec::new(),
            any: false,
        }
    }

    /// This set and `other`'s.
    pub fn union(mut self, other: &PolicySet) -> Self {
        self.oids.extend_from_slice(&other.oids);
        self.arcs.extend_from_slice(&other.arcs);
        self.any |= other.any;
        self
    }

    /// Whether `cert` asserts a policy of this set.
    pub fn accepts(&self, cert: &Certificate) -> bool {
        self.any || cert.policies().iter().any(|p| self.contains(&p.oid))
    }

    /// Whether `policy` is in this set (anyPolicy only in [`PolicySet::any`]).
    fn contains(&self, policy: &Oid) -> bool {
        self.any || self.oids.contains(policy) || self.arcs.iter().any(|arc| policy.is_under(arc))
    }

    /// Whether a validated path is acceptable under this set: this set is the
    /// user-initial-policy-set of [RFC 5280 §6.1](https://www.rfc-editor.org/rfc/rfc5280#section-6.1).
    ///
    /// - When policy processing left a valid policy tree, one of its
    ///   authorities-constrained policies (in the trust anchor's domain, after
    ///   policy mappings) must be in this set. anyPolicy is not taken as a
    ///   member of a specific set: the set tells a signing certificate from an
    ///   authentication one, which an end entity asserting anyPolicy does not.
    /// - When a certificate of the path carries no certificatePolicies at all
    ///   (J-LIS CA and link certificates have none), the end entity must
    ///   assert a policy of this set ([`PolicySet::accepts`]). This is where the
    ///   verifier departs from initial-explicit-policy: an explicit policy would
    ///   refuse every JPKI path through a link certificate.
    /// - When the policies of the path do not meet, the path is not acceptable.
    pub fn accepts_path(&self, path: &ValidatedPath) -> bool {
        if self.any {
            return true;
        }
        match path.policies() {
            PathPolicies::Valid(list) => list.iter().any(|p| self.contains(p)),
            PathPolicies::NotAsserted => self.accepts(path.end_entity()),
            _ => false,
        }
    }
}

/// What [`Verifier::add_crl`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CrlChange {
    /// A CRL of a new scope was added.
    Added,
    /// It replaced an older CRL of the same issuer key and scope.
    Replaced,
    /// A newer CRL of the same scope is held already; this one was not kept.
    KeptNewer,
}

/// An OCSP request the verifier would like answered: POST `request.der()` to
/// `url` (`application/ocsp-request`) and hand the answer to
/// [`Verifier::add_ocsp_response`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OcspQuery {
    /// The certificate the request asks about.
    pub serial: Serial,
    /// The responder named by the certificate (authorityInfoAccess), if any.
    pub url: Option<String>,
    /// The request (SHA-1 CertID, no nonce: a response can then be cached and
    /// shared between verifications until its nextUpdate).
    pub request: OcspRequest,
}

/// Builds a [`Verifier`]; see [`Verifier::builder`].
#[derive(Clone, Debug)]
#[must_use]
pub struct VerifierBuilder {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    signing_policies: PolicySet,
    authentication_policies: PolicySet,
    signer_usage: Usage,
    revocation: RevocationPolicy,
    allow_legacy_sha1: bool,
    max_depth: usize,
    budget: usize,
    crl_limits: CrlLimits,
    fetcher: Option<Arc<dyn OcspFetcher>>,
    provider: Arc<dyn Provider>,
}

impl core::fmt::Debug for dyn OcspFetcher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("OcspFetcher")
    }
}

impl Default for VerifierBuilder {
    fn default() -> Self {
        Self {
            anchors: Vec::new(),
            intermediates: Vec::new(),
            signing_policies: PolicySet::jpki_signing(),
            authentication_policies: PolicySet::jpki_authentication(),
            signer_usage: Usage::Signing,
            revocation: RevocationPolicy::default(),
            allow_legacy_sha1: false,
            max_depth: ValidationOptions::DEFAULT_MAX_DEPTH,
            budget: ValidationOptions::DEFAULT_BUDGET,
            crl_limits: CrlLimits::default(),
            fetcher: None,
            provider: default_provider(),
        }
    }
}

impl VerifierBuilder {
    /// Trusts `cert` (e.g. a J-LIS root of one CA generation).
    pub fn trust_anchor(mut self, cert: Certificate) -> Self {
        self.anchors.push(cert);
        self
    }

    /// Trusts every certificate of `certs`.
    pub fn trust_anchors(mut self, certs: impl IntoIterator<Item = Certificate>) -> Self {
        self.anchors.extend(certs);
        self
    }

    /// Trusts every certificate of a DER certificate or a PEM bundle.
    pub fn trust_anchors_pem(self, der_or_pem: &[u8]) -> Result<Self, Error> {
        Ok(self.trust_anchors(Certificate::parse_all(der_or_pem)?))
    }

    /// Adds intermediates: link certificates between CA generations, CA
    /// certificates. They are used to build paths, never trusted on their own.
    pub fn intermediates(mut self, certs: impl IntoIterator<Item = Certificate>) -> Self {
        self.intermediates.extend(certs);
        self
    }

    /// Adds the intermediates of a DER certificate or a PEM bundle.
    pub fn intermediates_pem(self, der_or_pem: &[u8]) -> Result<Self, Error> {
        Ok(self.intermediates(Certificate::parse_all(der_or_pem)?))
    }

    /// The policies a signing certificate must assert (default
    /// [`PolicySet::jpki_signing`]; [`PolicySet::hpki`] for HPKI).
    pub fn signing_policies(mut self, policies: PolicySet) -> Self {
        self.signing_policies = policies;
        self
    }

    /// The policies an authentication certificate must assert (default
    /// [`PolicySet::jpki_authentication`]).
    pub fn authentication_policies(mut self, policies: PolicySet) -> Self {
        self.authentication_policies = policies;
        self
    }

    /// What the signer of an application must be (default [`Usage::Signing`]:
    /// a JPKI signing certificate with nonRepudiation).
    pub fn signer_usage(mut self, usage: Usage) -> Self {
        self.signer_usage = usage;
        self
    }

    /// The revocation policy (default: hard fail, OCSP first, no maximum CRL age
    /// beyond nextUpdate).
    pub fn revocation(mut self, policy: RevocationPolicy) -> Self {
        self.revocation = policy;
        self
    }

    /// Accept SHA-1 (住基カード era signatures, CRLs and OCSP responses); the
    /// verdicts flag it. Default `false`.
    pub fn allow_legacy_sha1(mut self, allow: bool) -> Self {
        self.allow_legacy_sha1 = allow;
        self
    }

    /// The longest path, in certificates (default 6).
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// The signature verifications path building may spend (default 100).
    pub fn budget(mut self, budget: usize) -> Self {
        self.budget = budget;
        self
    }

    /// Limits applied to every CRL added.
    pub fn crl_limits(mut self, limits: CrlLimits) -> Self {
        self.crl_limits = limits;
        self
    }

    /// Asks `fetcher` online when no held CRL or OCSP response answers.
    pub fn ocsp_fetcher(mut self, fetcher: Arc<dyn OcspFetcher>) -> Self {
        self.fetcher = Some(fetcher);
        self
    }

    /// Verifies signatures with `provider` (default: [`crypto::Ring`](crate::crypto)
    /// when the `ring` feature is on, else the pure-Rust
    /// [`RustCrypto`](crate::crypto::RustCrypto)).
    pub fn provider(mut self, provider: Arc<dyn Provider>) -> Self {
        self.provider = provider;
        self
    }

    /// The verifier. [`Error::NoTrustAnchors`] without any trust anchor.
    ///
    /// The public keys of the anchors and intermediates are prepared here, once;
    /// a key the provider cannot use is left out (a path through it then fails
    /// with [`Error::UnsupportedKey`]).
    pub fn build(self) -> Result<Verifier, Error> {
        if self.anchors.is_empty() {
            return Err(Error::NoTrustAnchors);
        }
        let mut keys: Vec<(Vec<u8>, PreparedKey)> = Vec::new();
        for cert in self.anchors.iter().chain(&self.intermediates) {
            let spki = cert.public_key_der();
            if keys.iter().any(|(der, _)| der.as_slice() == spki) {
                continue;
            }
            if let Ok(key) = self.provider.prepare(spki) {
                keys.push((spki.to_vec(), key));
            }
        }
        Ok(Verifier {
            inner: Arc::new(Inner {
                keys,
                config: self,
                crls: RwLock::new(Arc::new(Vec::new())),
                ocsp: RwLock::new(Arc::new(Vec::new())),
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    config: VerifierBuilder,
    /// The anchors' and intermediates' keys, prepared once.
    keys: Vec<(Vec<u8>, PreparedKey)>,
    crls: RwLock<Arc<Vec<Arc<LoadedCrl>>>>,
    ocsp: RwLock<Arc<Vec<Arc<Vec<u8>>>>>,
}

/// The most OCSP responses a verifier holds; the oldest go first.
const MAX_OCSP_RESPONSES: usize = 4096;

/// Verifies signed applications and certificates: built once (see
/// [`Verifier::builder`]), shared by every thread; each verification sees one
/// consistent set of CRLs.
///
/// ```
/// # fn main() -> Result<(), jpki::Error> {
/// # let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jlis/sign_ca_2023.pem")).unwrap();
/// use jpki::{Usage, Verifier, Time};
///
/// let verifier = Verifier::builder().trust_anchors_pem(&pem)?.build()?;
/// let root = jpki::Certificate::parse(&pem)?;
/// let verdict = verifier.verify_certificate(&root, Usage::Any, Time::parse_rfc3339("2030-01-01T00:00:00Z")?);
/// // A trust anchor is not an end entity.
/// assert!(!verdict.is_valid());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Verifier {
    inner: Arc<Inner>,
}

impl Verifier {
    /// A builder with the defaults: JPKI signing policies for applications,
    /// hard-fail revocation, SHA-1 refused.
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::default()
    }

    /// The trust anchors.
    pub fn trust_anchors(&self) -> &[Certificate] {
        &self.inner.config.anchors
    }

    /// The intermediates.
    pub fn intermediates(&self) -> &[Certificate] {
        &self.inner.config.intermediates
    }

    /// The revocation policy.
    pub fn revocation_policy(&self) -> &RevocationPolicy {
        &self.inner.config.revocation
    }

    /// The name of the signature-verification provider (`rustcrypto`, `ring`…).
    pub fn provider_name(&self) -> &'static str {
        self.inner.config.provider.name()
    }

    /// Verifies `signature` over `message` with `cert`'s public key (through the
    /// verifier's provider and prepared keys).
    pub(crate) fn verify_with_key(
        &self,
        cert: &Certificate,
        scheme: crate::crypto::SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.keys()
            .verify(cert, scheme, message, signature, "login challenge")
    }

    fn keys(&self) -> Keys<'_> {
        Keys::new(self.inner.config.provider.as_ref(), &self.inner.keys)
    }

    /// Adds a CRL (DER or PEM): parsed, its signature verified with the key of
    /// one of the verifier's CA certificates (anchors or intermediates, chosen by
    /// name and authority key id), its cRLNumber required
    /// ([`Error::CrlNumberMissing`]), every entry checked and indexed by serial —
    /// once. A CRL of the same issuer key and scope (issuingDistributionPoint,
    /// complete or delta) is replaced when this one is newer (thisUpdate, then
    /// cRLNumber); verifications already running finish with the CRLs they
    /// started with.
    ///
    /// Every shape of CRL is applied ([RFC 5280 §6.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3)):
    /// a delta CRL on top of the complete CRL it builds on (a certificate
    /// either lists is revoked; where freshestCRL says deltas may exist, no
    /// current delta means no answer); CRLs limited to some reasons count
    /// together, and a certificate is "good" only when every reason is
    /// covered; an indirect CRL, or one signed by a rolled-over key of the
    /// certificate's CA, speaks for a certificate when its signer's own path
    /// validates to the trust anchor of the certificate's path.
    pub fn add_crl(&self, der_or_pem: &[u8]) -> Result<CrlChange, Error> {
        let der = if crate::pem::looks_like_pem(der_or_pem) {
            crate::revocation::crl::pem_to_der(der_or_pem)?
        } else {
            der_or_pem.to_vec()
        };
        let loaded = self.load_crl(der)?;
        let mut guard = self
            .inner
            .crls
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut list: Vec<Arc<LoadedCrl>> = guard.as_ref().clone();
        let new = loaded.index.crl().borrow();
        let same_scope = |old: &LoadedCrl| {
            let o = old.index.crl().borrow();
            old.signer.public_key_der() == loaded.signer.public_key_der()
                && o.issuer().matches(new.issuer())
                && o.issuing_distribution_point() == new.issuing_distribution_point()
                && o.is_delta() == new.is_delta()
        };
        // Newer: the later thisUpdate, the higher cRLNumber between equal times.
        let order = |c: &crate::revocation::crl::BorrowedCrl<'_>| (c.this_update(), c.crl_number());
        let change = match list.iter().position(|old| same_scope(old)) {
            Some(i) => {
                let older = list
                    .get(i)
                    .is_some_and(|old| order(&old.index.crl().borrow()) <= order(&new));
                if !older {
                    return Ok(CrlChange::KeptNewer);
                }
                if let Some(slot) = list.get_mut(i) {
                    *slot = Arc::new(loaded);
                }
                CrlChange::Replaced
            }
            None => {
                list.push(Arc::new(loaded));
                CrlChange::Added
            }
        };
        *guard = Arc::new(list);
        Ok(change)
    }

    fn load_crl(&self, der: Vec<u8>) -> Result<LoadedCrl, Error> {
        let config = &self.inner.config;
        let crl = OwnedCrl::with_limits(der, &config.crl_limits)?;
        let view = crl.borrow();
        let mut first_error = None;
        let mut signer = None;
        for ca in config.anchors.iter().chain(&config.intermediates) {
            if !ca.subject().matches(view.issuer()) {
                continue;
            }
            match view.verify_signature_with(ca, config.allow_legacy_sha1) {
                Ok(()) => {
                    signer = Some(ca);
                    break;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let Some(ca) = signer else {
            return Err(first_error.unwrap_or_else(|| Error::IssuerNotFound {
                subject: view.issuer().to_string(),
                key_id: view.authority_key_id().map(<[u8]>::to_vec),
            }));
        };
        // RFC 5280 §5.2.3: every CRL has a number; without one a CRL cannot be
        // ordered against others of its scope, nor carry deltas.
        if view.crl_number().is_none() {
            return Err(Error::CrlNumberMissing);
        }
        let signer = ca.clone();
        Ok(LoadedCrl {
            index: crl.into_index()?,
            signer,
        })
    }

    /// Whether a CRL signer that is not the checked certificate's issuer may
    /// speak for a path under `anchor` (RFC 5280 §6.3.3 (f)): validated by path
    /// rules at `at` with the verifier's intermediates, it must allow cRLSign;
    /// a path to another anchor is `Ok(false)`; under `anchor`, no certificate
    /// of its path may be revoked. Their revocation is checked as
    /// any certificate's under the verifier's policy, with the same data
    /// (`sources`: held and carried, the fetcher), except that only CRLs
    /// signed by each one's own issuer count for them (`sources` has no
    /// signer validator): a CRL signer is never vouched for by another
    /// validated CRL signer, so the check ends.
    fn validate_crl_signer(
        &self,
        signer: &Certificate,
        anchor: &Certificate,
        sources: &Sources<'_>,
        at: Time,
    ) -> Result<bool, Error> {
        let config = &self.inner.config;
        if signer.key_usage().is_some_and(|k| !k.crl_sign) {
            return Err(Error::KeyUsageLacks {
                serial: signer.serial().clone(),
                usage: "cRLSign",
            });
        }
        let intermediates: Vec<&Certificate> = config.intermediates.iter().collect();
        let path = path::validate_crl_signer_with(
            signer,
            &intermediates,
            &config.anchors,
            &self.options(at, Usage::Any),
            &self.keys(),
        )?;
        if path.anchor().der() != anchor.der() {
            return Ok(false);
        }
        let policy = &config.revocation;
        if policy.mode != RevocationMode::Off {
            for pair in path.certificates().windows(2) {
                let [cert, issuer] = pair else { continue };
                let status = check_certificate(cert, issuer, sources, policy, at)?;
                if let Some(revoked) = status.error() {
                    return Err(revoked);
                }
            }
        }
        Ok(true)
    }

    /// How many CRLs the verifier holds.
    pub fn crl_count(&self) -> usize {
        self.crl_snapshot().len()
    }

    /// Holds an OCSP response (DER) for later verifications. It is checked
    /// (signature, responder, CertID, freshness) each time it is used, against
    /// the certificate and issuer at hand; a response that is not an
    /// `OCSPResponse` at all is refused here.
    pub fn add_ocsp_response(&self, der: &[u8]) -> Result<(), Error> {
        crate::revocation::ocsp::check_response_syntax(der)?;
        let mut guard = self
            .inner
            .ocsp
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut list: Vec<Arc<Vec<u8>>> = guard.as_ref().clone();
        if list.len() >= MAX_OCSP_RESPONSES {
            list.remove(0);
        }
        list.push(Arc::new(der.to_vec()));
        *guard = Arc::new(list);
        Ok(())
    }

    /// Forgets every OCSP response held.
    pub fn clear_ocsp_responses(&self) {
        let mut guard = self
            .inner
            .ocsp
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = Arc::new(Vec::new());
    }

    fn crl_snapshot(&self) -> Arc<Vec<Arc<LoadedCrl>>> {
        self.inner
            .crls
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn ocsp_snapshot(&self) -> Arc<Vec<Arc<Vec<u8>>>> {
        self.inner
            .ocsp
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn options(&self, at: Time, usage: Usage) -> ValidationOptions {
        let config = &self.inner.config;
        let mut options = ValidationOptions::new(at);
        options.allow_legacy_sha1 = config.allow_legacy_sha1;
        options.require_non_repudiation = usage == Usage::Signing;
        options.max_depth = config.max_depth;
        options.budget = config.budget;
        options
    }

    /// The end entity's own requirements for `usage`: keyUsage and policies.
    fn check_usage(
        &self,
        cert: &Certificate,
        path: &ValidatedPath,
        usage: Usage,
    ) -> Result<(), Error> {
        let config = &self.inner.config;
        let policies = match usage {
            Usage::Signing => &config.signing_policies,
            Usage::Authentication => {
                if cert.kind() == CertificateKind::Signing {
                    return Err(Error::WrongCertificateKind {
                        serial: cert.serial().clone(),
                        expected: "authentication",
                        found: cert.kind().as_str(),
                    });
                }
                if !cert.key_usage().is_some_and(|k| k.digital_signature) {
                    return Err(Error::KeyUsageLacks {
                        serial: cert.serial().clone(),
                        usage: "digitalSignature",
                    });
                }
                // RFC 5280 §4.2.1.12: an extendedKeyUsage, when present, must
                // allow client authentication.
                let eku = cert.extended_key_usage();
                if !eku.is_empty()
                    && !eku.contains(&oid::KP_CLIENT_AUTH)
                    && !eku.contains(&oid::ANY_EXTENDED_KEY_USAGE)
                {
                    return Err(Error::KeyUsageLacks {
                        serial: cert.serial().clone(),
                        usage: "extendedKeyUsage clientAuth",
                    });
                }
                &config.authentication_policies
            }
            Usage::Any => return Ok(()),
        };
        if policies.accepts_path(path) {
            Ok(())
        } else {
            Err(Error::PolicyNotAccepted {
                serial: cert.serial().clone(),
            })
        }
    }

    /// Validates `cert`'s path for `usage` at `at`, with `extra` as further
    /// intermediates (e.g. the certificates carried in a signature).
    fn validate(
        &self,
        cert: &Certificate,
        extra: &[Certificate],
        usage: Usage,
        at: Time,
    ) -> Result<ValidatedPath, Error> {
        let config = &self.inner.config;
        let options = self.options(at, usage);
        let intermediates: Vec<&Certificate> = config.intermediates.iter().chain(extra).collect();
        let path = path::validate_with(
            cert,
            &intermediates,
            &config.anchors,
            &options,
            &self.keys(),
        )?;
        self.check_usage(cert, &path, usage)?;
        Ok(path)
    }

    /// The revocation of every certificate of `path` but the anchor.
    fn revocation(
        &self,
        path: &ValidatedPath,
        carried: &[Vec<u8>],
        at: Time,
    ) -> (Check, RevocationStatus, Vec<(Serial, RevocationStatus)>) {
        let config = &self.inner.config;
        let policy = &config.revocation;
        if policy.mode == RevocationMode::Off {
            return (Check::Off, RevocationStatus::Unchecked, Vec::new());
        }
        let crls = self.crl_snapshot();
        let ocsp = self.ocsp_snapshot();
        let signers: Vec<Certificate> = config
            .anchors
            .iter()
            .chain(&config.intermediates)
            .cloned()
            .collect();
        // What a CRL signer's own certificates are checked with: the same data,
        // but no further delegated signer.
        let direct = Sources {
            loaded: &crls,
            carried,
            signers: &signers,
            anchor: Some(path.anchor()),
            validate_signer: None,
            ocsp: &ocsp,
            fetcher: config.fetcher.as_deref(),
            allow_sha1: config.allow_legacy_sha1,
        };
        let validate_signer = |signer: &Certificate, anchor: &Certificate| {
            self.validate_crl_signer(signer, anchor, &direct, at)
        };
        let sources = Sources {
            validate_signer: Some(&validate_signer),
            ..direct
        };
        let mut statuses = Vec::new();
        for pair in path.certificates().windows(2) {
            let [cert, issuer] = pair else { continue };
            match check_certificate(cert, issuer, &sources, policy, at) {
                Ok(status) => statuses.push((cert.serial().clone(), status)),
                Err(e) => return (Check::Failed(e), RevocationStatus::Unchecked, statuses),
            }
        }
        let overall = overall_status(&statuses);
        let check = match overall.error() {
            Some(e) => Check::Failed(e),
            None => Check::Passed,
        };
        (check, overall, statuses)
    }

    /// Runs the three checks on `signed` (CMS SignedData, DER or PEM) over
    /// `content` (for a detached signature) at `at`.
    ///
    /// `applicant`: what the applicant wrote. Every given field must match the
    /// certificate's 4 basic info (see [`PersonalInfo::compare`](crate::PersonalInfo::compare));
    /// an applicant with no field at all fails closed (the third check does not
    /// run and the verdict is invalid). `None` means there is no application to
    /// compare: the verdict is then about the signature and the certificate
    /// alone, and says so (`personal_info`: not run).
    pub fn verify(
        &self,
        signed: &[u8],
        content: Option<&[u8]>,
        applicant: Option<&Applicant>,
        at: Time,
    ) -> Verdict {
        let config = &self.inner.config;
        let mut verdict = Verdict::new(at, applicant.is_some());
        let message = match SignedMessage::parse(signed) {
            Ok(message) => message,
            Err(e) => {
                verdict.signature = Check::Failed(e);
                return verdict;
            }
        };
        // The verifier's intermediates may hold the signer's certificate when the
        // signature does not carry it.
        let checked = cms::verify_signature_with(
            &message,
            content,
            &config.intermediates,
            config.allow_legacy_sha1,
            &self.keys(),
        );
        let mut check = match checked {
            Ok(check) => check,
            Err(e) => {
                // Who claims to have signed, though the signature failed.
                verdict.signature = Check::Failed(e);
                verdict.claimed_signer = cms::named_signer(&message, &config.intermediates);
                verdict.holder = verdict
                    .claimed_signer
                    .as_ref()
                    .and_then(Certificate::personal_info)
                    .cloned();
                return verdict;
            }
        };
        verdict.signature = Check::Passed;
        let options = self.options(at, config.signer_usage);
        let validated = cms::validate_signer(
            &mut check,
            &message,
            &config.intermediates,
            &config.anchors,
            &options,
            &self.keys(),
        )
        .and_then(|path| {
            self.check_usage(&check.signer, &path, config.signer_usage)?;
            Ok(path)
        });
        match validated {
            Ok(path) => {
                verdict.certificate = Check::Passed;
                let (check, status, statuses) = self.revocation(&path, message.crls(), at);
                verdict.revocation = check;
                verdict.revocation_status = status;
                verdict.revocation_certificates = statuses;
                verdict.path = Some(path);
            }
            Err(e) => verdict.certificate = Check::Failed(e),
        }
        let info = check.signer.personal_info();
        verdict.holder = info.cloned();
        match (applicant, info) {
            (None, _) => {}
            (Some(a), _) if *a == Applicant::new() => {}
            (Some(a), Some(info)) => {
                let comparison = info.compare(a);
                verdict.personal_info = if comparison.provided_match() {
                    Check::Passed
                } else {
                    Check::Failed(Error::PersonalInfoMismatch)
                };
                verdict.comparison = Some(comparison);
            }
            (Some(_), None) => {
                verdict.personal_info = Check::Failed(Error::NoPersonalInfo {
                    kind: check.signer.kind().as_str(),
                });
            }
        }
        verdict.claimed_signer = Some(check.signer.clone());
        verdict.signature_details = Some(check);
        verdict
    }

    /// Validates a bare certificate for `usage` at `at`: its path to a trust
    /// anchor, the usage's keyUsage and policies, and the revocation of every
    /// certificate of the path.
    pub fn verify_certificate(
        &self,
        cert: &Certificate,
        usage: Usage,
        at: Time,
    ) -> CertificateVerdict {
        let mut verdict = CertificateVerdict::new(cert.clone(), usage, at);
        match self.validate(cert, &[], usage, at) {
            Ok(path) => {
                verdict.certificate = Check::Passed;
                let (check, status, statuses) = self.revocation(&path, &[], at);
                verdict.revocation = check;
                verdict.revocation_status = status;
                verdict.revocation_certificates = statuses;
                verdict.path = Some(path);
            }
            Err(e) => verdict.certificate = Check::Failed(e),
        }
        verdict
    }

    /// The OCSP requests that would answer for the certificates of `cert`'s path
    /// (the anchor excluded), for hosts that do their own I/O: send each, then
    /// [`Verifier::add_ocsp_response`] the answers and verify again. The path is
    /// validated first (usage [`Usage::Any`]); its error is returned if it fails.
    pub fn ocsp_requests(&self, cert: &Certificate, at: Time) -> Result<Vec<OcspQuery>, Error> {
        let path = self.validate(cert, &[], Usage::Any, at)?;
        let mut out = Vec::new();
        for pair in path.certificates().windows(2) {
            let [cert, issuer] = pair else { continue };
            out.push(OcspQuery {
                serial: cert.serial().clone(),
                url: cert.ocsp_urls().first().cloned(),
                request: OcspRequest::new(cert, issuer, HashAlgorithm::Sha1, None)?,
            });
        }
        Ok(out)
    }
}

/// The provider a builder starts with: ring when the `ring` feature is on, else
/// the pure-Rust default.
fn default_provider() -> Arc<dyn Provider> {
    #[cfg(feature = "ring")]
    {
        Arc::new(crate::crypto::Ring)
    }
    #[cfg(not(feature = "ring"))]
    {
        Arc::new(crate::crypto::RustCrypto)
    }
}

/// The overall status of a path: revoked if any is, else soft-failed if any is,
/// else the end entity's.
fn overall_status(statuses: &[(Serial, RevocationStatus)]) -> RevocationStatus {
    let find =
        |f: fn(&RevocationStatus) -> bool| statuses.iter().map(|(_, s)| s).find(|s| f(s)).cloned();
    find(|s| matches!(s, RevocationStatus::Revoked { .. }))
        .or_else(|| find(|s| matches!(s, RevocationStatus::SoftFailed { .. })))
        .or_else(|| statuses.first().map(|(_, s)| s.clone()))
        .unwrap_or(RevocationStatus::Unchecked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_is_send_sync() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Verifier>();
        assert_send_sync::<Verdict>();
        assert_send_sync::<CertificateVerdict>();
    }

    #[test]
    fn no_anchor_no_verifier() {
        assert_eq!(
            Verifier::builder().build().err(),
            Some(Error::NoTrustAnchors)
        );
    }
}
