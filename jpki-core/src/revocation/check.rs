//! The revocation policy — which sources are asked, in which order, and what
//! happens when none answers — and the check of one certificate against its
//! issuer. The [`Verifier`](crate::Verifier) applies it to every certificate of a
//! validated path except the trust anchor; path validation itself knows nothing
//! of revocation.

use std::sync::Arc;

use super::crl::{BorrowedCrl, OwnedCrlIndex};
use super::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use crate::Certificate;
use crate::crypto::HashAlgorithm;
use crate::error::Error;
use crate::values::RevocationReason;
use crate::{Serial, Time};

/// Which source is asked first.
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
/// CA certificates, every entry) and indexed by serial.
#[derive(Debug)]
pub(crate) struct LoadedCrl {
    pub(crate) index: OwnedCrlIndex,
    /// The subject DER and public key of the CA certificate whose key verified it.
    pub(crate) ca_subject: Vec<u8>,
    pub(crate) ca_key: Vec<u8>,
}

impl LoadedCrl {
    /// Whether this CRL speaks for `cert` issued by `issuer`: the key that signed
    /// it is `issuer`'s, and its scope covers `cert`.
    fn speaks_for(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        self.ca_subject == issuer.subject().der()
            && self.ca_key == issuer.public_key_der()
            && self.index.crl().borrow().covers(cert)
    }
}

/// What one revocation check may consult.
#[derive(Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// CRLs held by the verifier (verified and indexed).
    pub(crate) loaded: &'a [Arc<LoadedCrl>],
    /// CRLs carried with the signature (DER; verified per use).
    pub(crate) carried: &'a [Vec<u8>],
    /// OCSP responses held by the verifier (DER).
    pub(crate) ocsp: &'a [Arc<Vec<u8>>],
    /// An online fetcher.
    pub(crate) fetcher: Option<&'a dyn OcspFetcher>,
    /// Accept SHA-1-signed CRLs and OCSP responses.
    pub(crate) allow_sha1: bool,
}

/// Checks one certificate against its issuer: the first source (in the policy's
/// order) with a usable answer decides. `policy.mode` must not be
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
    for source in order {
        let answer = match source {
            Source::Crl => from_crls(cert, issuer, sources, policy, at, &mut causes),
            Source::Ocsp => from_ocsp(cert, issuer, sources, policy, at, &mut causes),
        };
        if let Some(status) = answer {
            return Ok(status);
        }
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

/// The answer of the first usable CRL: the verifier's indexed CRLs first, then
/// those carried with the signature.
fn from_crls(
    cert: &Certificate,
    issuer: &Certificate,
    sources: &Sources<'_>,
    policy: &RevocationPolicy,
    at: Time,
    causes: &mut Vec<Error>,
) -> Option<RevocationStatus> {
    let revoked = |at: Time, reason| RevocationStatus::Revoked {
        serial: cert.serial().clone(),
        at,
        reason,
        source: Source::Crl,
    };
    let good = RevocationStatus::Good {
        source: Source::Crl,
    };
    for loaded in sources.loaded {
        if !loaded.speaks_for(cert, issuer) {
            continue;
        }
        let index = loaded.index.borrow();
        if let Err(e) = freshness(index.crl(), policy, at) {
            causes.push(e);
            continue;
        }
        return Some(match index.lookup(cert.serial()) {
            Some(entry) => revoked(entry.revocation_date, entry.reason),
            None => good,
        });
    }
    for der in sources.carried {
        let crl = match BorrowedCrl::from_der(der) {
            Ok(crl) => crl,
            Err(e) => {
                causes.push(e);
                continue;
            }
        };
        if crl.issuer().der() != issuer.subject().der() || !crl.covers(cert) {
            continue;
        }
        if let Err(e) = crl.verify_signature_with(issuer, sources.allow_sha1) {
            causes.push(e);
            continue;
        }
        if let Err(e) = freshness(&crl, policy, at) {
            causes.push(e);
            continue;
        }
        match crl.find(cert.serial()) {
            Ok(Some(entry)) => return Some(revoked(entry.revocation_date, entry.reason)),
            Ok(None) => return Some(good),
            Err(e) => causes.push(e),
        }
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
