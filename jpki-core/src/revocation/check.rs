//! The revocation policy — which sources are asked, in which order, and what
//! happens when none answers — and the check of one certificate against its
//! issuer. The [`Verifier`](crate::Verifier) applies it to every certificate of a
//! validated path except the trust anchor; path validation itself knows nothing
//! of revocation.

use std::sync::Arc;

use super::crl::{BorrowedCrl, OwnedCrlIndex, RevokedEntry};
use super::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use crate::Certificate;
use crate::cert::ReasonFlags;
use crate::crypto::HashAlgorithm;
use crate::error::Error;
use crate::oid::Oid;
use crate::values::RevocationReason;
use crate::{Serial, Time};

/// Which source is asked first. Its answer decides, except that a "good" gives
/// way to a revocation recorded by the other source's data at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SourceOrder {
    /// OCSP (fresher), then CRLs. The default.
    #[default]
    OcspFirst,
    /// CRLs, then OCSP.
    CrlFirst,
}

/// Whether revocation is checked, and what happens when no source answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum RevocationMode {
    /// Every certificate needs an answer; none means invalid. The default:
    /// missing revocation data is never "good".
    #[default]
    HardFail,
    /// A certificate no source answers for is accepted as
    /// [`RevocationStatus::SoftFailed`], always visible in the verdict. A
    /// revoked certificate is still refused.
    SoftFail,
    /// Not checked: the verdict says `off`, and validity does not depend on
    /// revocation. Only for a caller who decided so (e.g. archival checks).
    Off,
}

impl RevocationMode {
    /// `hard`, `soft` or `off`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::HardFail => "hard",
            Self::SoftFail => "soft",
            Self::Off => "off",
        }
    }
}

/// How revocation is checked.
///
/// ```
/// use jpki::revocation::{RevocationMode, SourceOrder};
/// use jpki::RevocationPolicy;
///
/// let policy = RevocationPolicy::default()     // hard fail, OCSP first
///     .with_order(SourceOrder::CrlFirst)
///     .with_max_crl_age(Some(2 * 86_400));     // at most two days old
/// assert_eq!(policy.mode, RevocationMode::HardFail);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RevocationPolicy {
    /// Hard fail (default), soft fail, or off.
    pub mode: RevocationMode,
    /// OCSP first or CRL first (default OCSP first).
    pub order: SourceOrder,
    /// The oldest CRL accepted, in seconds since its thisUpdate, on top of its
    /// nextUpdate (`None`: nextUpdate alone decides). A CRL past its nextUpdate is
    /// always stale.
    pub max_crl_age: Option<u64>,
    /// Clock skew allowed for OCSP thisUpdate/nextUpdate, in seconds (default 300).
    pub ocsp_clock_skew: u64,
}

impl Default for RevocationPolicy {
    fn default() -> Self {
        Self {
            mode: RevocationMode::HardFail,
            order: SourceOrder::OcspFirst,
            max_crl_age: None,
            ocsp_clock_skew: 300,
        }
    }
}

impl RevocationPolicy {
    /// The default policy with another mode.
    pub fn with_mode(mut self, mode: RevocationMode) -> Self {
        self.mode = mode;
        self
    }

    /// The same policy, asking sources in `order`.
    pub fn with_order(mut self, order: SourceOrder) -> Self {
        self.order = order;
        self
    }

    /// The same policy with a maximum CRL age in seconds.
    pub fn with_max_crl_age(mut self, seconds: Option<u64>) -> Self {
        self.max_crl_age = seconds;
        self
    }
}

/// Fetches OCSP responses online, for callers with blocking I/O (the core does
/// none itself; `jpki::revocation::http::HttpFetcher` with feature `http` is one).
/// Hosts without blocking I/O ask the verifier which requests it would like
/// ([`Verifier::ocsp_requests`](crate::Verifier::ocsp_requests)) and hand the
/// answers back instead.
pub trait OcspFetcher: Send + Sync {
    /// POSTs `request_der` to `url` and returns the response DER.
    fn fetch(&self, url: &str, request_der: &[u8]) -> Result<Vec<u8>, Error>;

    /// A fresh nonce for the next request, or `None` to send none.
    fn nonce(&self) -> Option<Vec<u8>> {
        None
    }
}

/// Where an answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// A CRL.
    Crl,
    /// An OCSP response.
    Ocsp,
}

impl Source {
    /// `crl` or `ocsp`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Crl => "crl",
            Self::Ocsp => "ocsp",
        }
    }
}

/// The revocation status of one certificate, or of a whole path.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RevocationStatus {
    /// Not checked. Never to be read as good.
    Unchecked,
    /// Not revoked, according to a current source.
    Good {
        /// The source that said so.
        source: Source,
    },
    /// Revoked.
    Revoked {
        /// The revoked certificate.
        serial: Serial,
        /// When.
        at: Time,
        /// Why, if the source says.
        reason: Option<RevocationReason>,
        /// The source that said so.
        source: Source,
    },
    /// No source answered and the policy is soft fail: accepted, and visible.
    SoftFailed {
        /// The certificate without an answer.
        serial: Serial,
        /// Why each source tried did not answer.
        causes: Vec<Error>,
    },
}

impl RevocationStatus {
    /// `unchecked`, `good`, `revoked` or `soft_failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Unchecked => "unchecked",
            Self::Good { .. } => "good",
            Self::Revoked { .. } => "revoked",
            Self::SoftFailed { .. } => "soft_failed",
        }
    }

    /// Whether a verifier may accept it: good, or soft-failed under a soft policy.
    pub fn is_acceptable(&self) -> bool {
        matches!(self, Self::Good { .. } | Self::SoftFailed { .. })
    }

    /// [`Error::CertificateRevoked`] when revoked.
    pub fn error(&self) -> Option<Error> {
        match self {
            Self::Revoked {
                serial, at, reason, ..
            } => Some(Error::CertificateRevoked {
                serial: serial.clone(),
                at: *at,
                reason: *reason,
            }),
            _ => None,
        }
    }
}

/// A CRL the verifier holds: checked once when added (signature by one of its
/// CA certificates, cRLNumber, every entry) and indexed by serial.
#[derive(Debug)]
pub(crate) struct LoadedCrl {
    pub(crate) index: OwnedCrlIndex,
    /// The certificate (an anchor or intermediate of the verifier) whose key
    /// verified it.
    pub(crate) signer: Certificate,
}

/// Validates the certificate of a CRL signer that is not the checked
/// certificate's issuer (an indirect CRL's issuer, a rolled-over key of the
/// same CA) under the trust anchor of the checked path: `Ok(false)` when its
/// path ends at another anchor (another CA that shares the name: silent), an
/// error when it does not validate or a certificate of its path is revoked.
pub(crate) type SignerValidator<'a> =
    dyn Fn(&Certificate, &Certificate) -> Result<bool, Error> + 'a;

/// What one revocation check may consult.
#[derive(Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// CRLs held by the verifier (verified and indexed).
    pub(crate) loaded: &'a [Arc<LoadedCrl>],
    /// CRLs carried with the signature (DER; verified per use).
    pub(crate) carried: &'a [Vec<u8>],
    /// The verifier's CA certificates (anchors and intermediates): the signers a
    /// carried CRL may have besides the certificate's issuer.
    pub(crate) signers: &'a [Certificate],
    /// The trust anchor of the path being checked.
    pub(crate) anchor: Option<&'a Certificate>,
    /// Validates a CRL signer other than the certificate's issuer; `None`: such
    /// CRLs are not used.
    pub(crate) validate_signer: Option<&'a SignerValidator<'a>>,
    /// OCSP responses held by the verifier (DER).
    pub(crate) ocsp: &'a [Arc<Vec<u8>>],
    /// An online fetcher.
    pub(crate) fetcher: Option<&'a dyn OcspFetcher>,
    /// Accept SHA-1-signed CRLs and OCSP responses.
    pub(crate) allow_sha1: bool,
}

/// Checks one certificate against its issuer: the first source (in the policy's
/// order) with a usable answer decides, except that "good" gives way to a
/// revocation that the other source's data at hand records (nothing is fetched
/// for that second look). `policy.mode` must not be
/// [`RevocationMode::Off`] (the caller does not call this then).
pub(crate) fn check_certificate(
    cert: &Certificate,
    issuer: &Certificate,
    sources: &Sources<'_>,
    policy: &RevocationPolicy,
    at: Time,
) -> Result<RevocationStatus, Error> {
    let mut causes = Vec::new();
    let order = match policy.order {
        SourceOrder::OcspFirst => [Source::Ocsp, Source::Crl],
        SourceOrder::CrlFirst => [Source::Crl, Source::Ocsp],
    };
    for (i, source) in order.into_iter().enumerate() {
        let answer = match source {
            Source::Crl => from_crls(cert, issuer, sources, policy, at, &mut causes),
            Source::Ocsp => from_ocsp(cert, issuer, sources, policy, at, &mut causes),
        };
        let Some(status) = answer else { continue };
        if !matches!(status, RevocationStatus::Good { .. }) {
            return Ok(status);
        }
        // "Good" is the first source's answer, but a revocation that any other
        // data at hand records wins: no certificate that a supplied CRL or OCSP
        // response revokes is reported good. Nothing is fetched for this.
        let held = Sources {
            fetcher: None,
            ..*sources
        };
        for other in order.into_iter().skip(i + 1) {
            let second = match other {
                Source::Crl => from_crls(cert, issuer, &held, policy, at, &mut Vec::new()),
                Source::Ocsp => from_ocsp(cert, issuer, &held, policy, at, &mut Vec::new()),
            };
            if let Some(revoked @ RevocationStatus::Revoked { .. }) = second {
                return Ok(revoked);
            }
        }
        return Ok(status);
    }
    match policy.mode {
        RevocationMode::SoftFail => Ok(RevocationStatus::SoftFailed {
            serial: cert.serial().clone(),
            causes,
        }),
        RevocationMode::HardFail | RevocationMode::Off => Err(Error::RevocationUnavailable {
            serial: cert.serial().clone(),
            causes,
        }),
    }
}

/// Whether a CRL is fresh enough at `at` under `policy`; the error if not.
fn freshness(crl: &BorrowedCrl<'_>, policy: &RevocationPolicy, at: Time) -> Result<(), Error> {
    let too_old = policy.max_crl_age.is_some_and(|max| {
        at.unix_seconds()
            .saturating_sub(crl.this_update().unix_seconds())
            > max
    });
    if !crl.is_current_at(at) || too_old {
        return Err(Error::CrlNotCurrent {
            this_update: crl.this_update(),
            next_update: crl.next_update(),
            at,
        });
    }
    Ok(())
}

/// freshestCRL, 2.5.29.46, in a certificate: delta CRLs may exist for it.
const FRESHEST_CRL: Oid = Oid::new_unwrap("2.5.29.46");

/// One CRL whose scope includes the certificate, signed by a key that may speak
/// for it, with its entry for the certificate.
struct Usable<'c> {
    crl: BorrowedCrl<'c>,
    /// The public key (SubjectPublicKeyInfo DER) that verified it.
    key: &'c [u8],
    /// The reasons it covers for the certificate.
    reasons: ReasonFlags,
    /// Its entry for the certificate, if it lists it.
    entry: Option<RevokedEntry<'c>>,
    /// Whether it is current under the policy (the error if not).
    current: Result<(), Error>,
}

impl Usable<'_> {
    /// Whether `self` (a delta CRL) applies on top of the complete CRL `base`
    /// (RFC 5280 §5.2.4): the same issuer, key and scope; a BaseCRLNumber at
    /// most the complete CRL's number, and a cRLNumber above it.
    fn applies_to(&self, base: &Usable<'_>) -> bool {
        let (Some(from), Some(number), Some(held)) = (
            self.crl.delta_base(),
            self.crl.crl_number(),
            base.crl.crl_number(),
        ) else {
            return false;
        };
        self.same_series(base) && from <= held && number > held
    }

    /// Whether `self` (a delta CRL) was issued on a newer complete CRL than
    /// `base` of the same series: `base` is then out of date.
    fn outdates(&self, base: &Usable<'_>) -> bool {
        let (Some(from), Some(held)) = (self.crl.delta_base(), base.crl.crl_number()) else {
            return false;
        };
        self.same_series(base) && from > held
    }

    /// The same issuer name, signing key and issuingDistributionPoint.
    fn same_series(&self, other: &Usable<'_>) -> bool {
        self.key == other.key
            && self.crl.issuer().matches(other.crl.issuer())
            && self.crl.issuing_distribution_point() == other.crl.issuing_distribution_point()
    }
}

/// Whether a CRL verified by `signer` may speak for `cert` issued by `issuer`:
/// the issuer's own key, or (RFC 5280 §6.3.3 (f)) a signer whose own path
/// validates to the anchor of `cert`'s path. An anchor mismatch is silent (the
/// CRL of another CA generation, which shares the name); a path that does not
/// validate is reported.
fn signer_speaks(
    signer: &Certificate,
    issuer: &Certificate,
    sources: &Sources<'_>,
    causes: &mut Vec<Error>,
) -> bool {
    if signer.public_key_der() == issuer.public_key_der()
        && signer.subject().matches(issuer.subject())
    {
        return true;
    }
    let (Some(validate), Some(anchor)) = (sources.validate_signer, sources.anchor) else {
        return false;
    };
    match validate(signer, anchor) {
        Ok(speaks) => speaks,
        Err(e) => {
            causes.push(Error::CrlSignerNotValidated {
                signer: signer.subject().to_string(),
                reason: e.to_string(),
            });
            false
        }
    }
}

/// The answer of the CRLs, complete and delta, held and carried, applied
/// together (RFC 5280 §6.3.3):
///
/// * a CRL counts when its scope includes the certificate and its signer may
///   speak for it (the issuer's key, or a validated signer: indirect CRLs, a
///   rolled-over key);
/// * revoked when any current delta CRL lists the certificate (other than
///   removeFromCRL), or any complete CRL that is current, or brought up to
///   date by a current delta, lists it (a certificateHold that such a delta
///   removes excepted), or any CRL issued by `at`, current or not, lists it
///   for a reason other than certificateHold (a revocation is final);
/// * good only when the complete CRLs that are current (or brought up to date
///   by a delta where one may exist: freshestCRL in the CRL or the certificate)
///   together cover every reason; otherwise no answer, with the causes.
fn from_crls(
    cert: &Certificate,
    issuer: &Certificate,
    sources: &Sources<'_>,
    policy: &RevocationPolicy,
    at: Time,
    causes: &mut Vec<Error>,
) -> Option<RevocationStatus> {
    let mut usable: Vec<Usable<'_>> = Vec::new();
    for loaded in sources.loaded {
        let index = loaded.index.borrow();
        let crl = index.crl().clone();
        let Some(reasons) = crl.scope_reasons(cert) else {
            continue;
        };
        if !signer_speaks(&loaded.signer, issuer, sources, causes) {
            continue;
        }
        match index.lookup_for(cert) {
            Ok(entry) => usable.push(Usable {
                current: freshness(&crl, policy, at),
                crl,
                key: loaded.signer.public_key_der(),
                reasons,
                entry,
            }),
            Err(e) => causes.push(e),
        }
    }
    for der in sources.carried {
        let crl = match BorrowedCrl::from_der(der) {
            Ok(crl) => crl,
            Err(e) => {
                causes.push(e);
                continue;
            }
        };
        let Some(reasons) = crl.scope_reasons(cert) else {
            continue;
        };
        // The issuer first, then the verifier's CA certificates of that name.
        let mut signer = None;
        let mut first_error = None;
        for candidate in core::iter::once(issuer).chain(sources.signers) {
            if !candidate.subject().matches(crl.issuer()) {
                continue;
            }
            match crl.verify_signature_with(candidate, sources.allow_sha1) {
                Ok(()) => {
                    signer = Some(candidate);
                    break;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let Some(signer) = signer else {
            causes.extend(first_error);
            continue;
        };
        if crl.crl_number().is_none() {
            causes.push(Error::CrlNumberMissing);
            continue;
        }
        if !signer_speaks(signer, issuer, sources, causes) {
            continue;
        }
        match crl.find_for(cert) {
            Ok(entry) => usable.push(Usable {
                current: freshness(&crl, policy, at),
                crl,
                key: signer.public_key_der(),
                reasons,
                entry,
            }),
            Err(e) => causes.push(e),
        }
    }
    let revoked = |entry: &RevokedEntry<'_>| RevocationStatus::Revoked {
        serial: cert.serial().clone(),
        at: entry.revocation_date,
        reason: entry.reason,
        source: Source::Crl,
    };
    let (deltas, complete): (Vec<&Usable<'_>>, Vec<&Usable<'_>>) =
        usable.iter().partition(|u| u.crl.is_delta());
    let current_deltas: Vec<&Usable<'_>> = deltas
        .iter()
        .copied()
        .filter(|d| match &d.current {
            Ok(()) => true,
            Err(e) => {
                causes.push(e.clone());
                false
            }
        })
        .collect();
    // Any current delta that lists the certificate revokes it.
    if let Some(entry) = current_deltas
        .iter()
        .filter_map(|d| d.entry.as_ref())
        .find(|e| e.reason != Some(RevocationReason::RemoveFromCrl))
    {
        return Some(revoked(entry));
    }
    let deltas_of = |base: &Usable<'_>| -> Vec<&Usable<'_>> {
        current_deltas
            .iter()
            .copied()
            .filter(|d| d.applies_to(base))
            .collect()
    };
    // A complete CRL counts when current, or when a current delta brings it
    // up to date (freshness then comes from the delta).
    let counts = |base: &Usable<'_>| {
        base.current.is_ok() || (base.crl.this_update() <= at && !deltas_of(base).is_empty())
    };
    for base in complete.iter().filter(|b| counts(b)) {
        let Some(entry) = &base.entry else { continue };
        let released = entry.reason == Some(RevocationReason::CertificateHold)
            && deltas_of(base).iter().any(|d| {
                d.entry
                    .is_some_and(|e| e.reason == Some(RevocationReason::RemoveFromCrl))
            });
        if !released {
            return Some(revoked(entry));
        }
    }
    // A revocation is final (RFC 5280 §3.3), a hold excepted: a CRL issued by
    // `at` that is no longer current still revokes, though it can say "good"
    // of nothing.
    if let Some(entry) = usable
        .iter()
        .filter(|u| u.crl.this_update() <= at)
        .filter_map(|u| u.entry.as_ref())
        .find(|e| {
            !matches!(
                e.reason,
                Some(RevocationReason::CertificateHold | RevocationReason::RemoveFromCrl)
            )
        })
    {
        return Some(revoked(entry));
    }
    // Good only when the complete CRLs that count cover every reason.
    let cert_points_to_deltas = cert.extensions().iter().any(|e| e.oid == FRESHEST_CRL);
    let mut covered = ReasonFlags::NONE;
    for base in &complete {
        if !counts(base) {
            if let Err(e) = &base.current {
                causes.push(e.clone());
            }
            continue;
        }
        if let Some(newer) = current_deltas.iter().find(|d| d.outdates(base)) {
            causes.push(Error::DeltaCrlBaseMismatch {
                base: newer
                    .crl
                    .delta_base()
                    .unwrap_or_else(|| Serial::from_u64(0)),
                crl_number: base.crl.crl_number(),
            });
            continue;
        }
        if (base.crl.has_freshest_crl() || cert_points_to_deltas) && deltas_of(base).is_empty() {
            causes.push(Error::DeltaCrlMissing {
                crl_number: base.crl.crl_number(),
            });
            continue;
        }
        covered = covered.union(base.reasons);
    }
    if covered.is_all() {
        return Some(RevocationStatus::Good {
            source: Source::Crl,
        });
    }
    if covered != ReasonFlags::NONE {
        causes.push(Error::CrlReasonsIncomplete {
            missing: ReasonFlags::from_bits(ReasonFlags::ALL.bits() & !covered.bits()).names(),
        });
    }
    None
}

/// The status an OCSP answer gives, or `None` (with the cause) for `unknown`.
fn ocsp_status(
    cert: &Certificate,
    status: OcspCertStatus,
    causes: &mut Vec<Error>,
) -> Option<RevocationStatus> {
    match status {
        OcspCertStatus::Good => Some(RevocationStatus::Good {
            source: Source::Ocsp,
        }),
        OcspCertStatus::Revoked { at, reason } => Some(RevocationStatus::Revoked {
            serial: cert.serial().clone(),
            at,
            reason,
            source: Source::Ocsp,
        }),
        _ => {
            causes.push(Error::OcspStatusUnknown {
                serial: cert.serial().clone(),
            });
            None
        }
    }
}

/// The answer of the first usable OCSP response (held, then fetched).
fn from_ocsp(
    cert: &Certificate,
    issuer: &Certificate,
    sources: &Sources<'_>,
    policy: &RevocationPolicy,
    at: Time,
    causes: &mut Vec<Error>,
) -> Option<RevocationStatus> {
    let mut check = OcspCheck::new(at);
    check.clock_skew = policy.ocsp_clock_skew;
    check.allow_sha1_signature = sources.allow_sha1;
    // Held responses carry no nonce of ours; the CertID may use either hash.
    let requests: Vec<OcspRequest> = [HashAlgorithm::Sha1, HashAlgorithm::Sha256]
        .into_iter()
        .filter_map(|hash| OcspRequest::new(cert, issuer, hash, None).ok())
        .collect();
    for response in sources.ocsp {
        for request in &requests {
            match verify_response(response, request, issuer, &check) {
                Ok(result) => return ocsp_status(cert, result.status, causes),
                // About another certificate: the next response may be ours.
                Err(Error::OcspCertIdMismatch { .. }) => {}
                Err(e) => {
                    causes.push(e);
                    break;
                }
            }
        }
    }
    let fetcher = sources.fetcher?;
    let url = cert.ocsp_urls().first()?;
    let request = match OcspRequest::new(cert, issuer, HashAlgorithm::Sha1, fetcher.nonce()) {
        Ok(r) => r,
        Err(e) => {
            causes.push(e);
            return None;
        }
    };
    match fetcher
        .fetch(url, request.der())
        .and_then(|der| verify_response(&der, &request, issuer, &check))
    {
        Ok(r) => ocsp_status(cert, r.status, causes),
        Err(e) => {
            causes.push(e);
            None
        }
    }
}
