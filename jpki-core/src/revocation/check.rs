//! The revocation policy: which sources are asked, in which order, and what
//! happens when none answers. Plugs into path validation: every certificate of a
//! validated path except the trust anchor is checked against its issuer.

use core::fmt;

use super::RevocationReason;
use super::crl::BorrowedCrl;
use super::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use crate::cert::{Certificate, Serial};
use crate::crypto::HashAlgorithm;
use crate::error::Error;
use crate::path::ValidatedPath;
use crate::time::Time;

/// Which source is asked first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SourceOrder {
    /// OCSP (fresher), then CRLs. The default.
    #[default]
    OcspFirst,
    /// CRLs, then OCSP.
    CrlFirst,
}

/// What happens when neither source gives an answer for a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum WhenUnavailable {
    /// The check fails. The default: missing revocation data is never "good".
    #[default]
    HardFail,
    /// The check passes as [`RevocationStatus::SoftFailed`], always visible in the
    /// verdict; only when a caller asks for it.
    SoftFail,
}

/// How revocation is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RevocationPolicy {
    /// OCSP first or CRL first (default OCSP first).
    pub order: SourceOrder,
    /// Hard fail (default) or soft fail when no source answers.
    pub when_unavailable: WhenUnavailable,
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
            order: SourceOrder::OcspFirst,
            when_unavailable: WhenUnavailable::HardFail,
            max_crl_age: None,
            ocsp_clock_skew: 300,
        }
    }
}

/// Fetches OCSP responses online (the core does no I/O itself: the caller passes
/// a fetcher, e.g. `jpki::revocation::http::HttpFetcher` with feature `http`).
pub trait OcspFetcher {
    /// POSTs `request_der` to `url` and returns the response DER.
    fn fetch(&self, url: &str, request_der: &[u8]) -> Result<Vec<u8>, Error>;

    /// A fresh nonce for the next request, or `None` to send none.
    fn nonce(&self) -> Option<Vec<u8>> {
        None
    }
}

/// The revocation data a verifier supplies.
#[derive(Clone, Copy, Default)]
pub struct RevocationSources<'a> {
    /// CRLs and ARLs (DER), e.g. fetched daily per municipality partition, or
    /// carried in a SignedData.
    pub crls: &'a [Vec<u8>],
    /// OCSP responses (DER) obtained beforehand.
    pub ocsp_responses: &'a [Vec<u8>],
    /// An online OCSP fetcher, asked when nothing supplied answers.
    pub fetcher: Option<&'a dyn OcspFetcher>,
}

impl fmt::Debug for RevocationSources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RevocationSources")
            .field("crls", &self.crls.len())
            .field("ocsp_responses", &self.ocsp_responses.len())
            .field("fetcher", &self.fetcher.is_some())
            .finish()
    }
}

/// Where an answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A CRL (its number, when it has one, is in the report's text).
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
    /// Not checked (no policy was applied). Never to be read as good.
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
    /// No source answered and the policy is soft-fail: accepted, and visible.
    SoftFailed {
        /// The certificate without an answer.
        serial: Serial,
        /// Why no source answered.
        why: String,
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
}

/// The revocation status of every certificate of a path (end entity first,
/// anchor excluded) and the overall verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationReport {
    /// Per certificate: its serial and status.
    pub certificates: Vec<(Serial, RevocationStatus)>,
}

impl RevocationReport {
    /// [`Error::CertificateRevoked`] for the first revoked certificate, if any.
    pub fn error(&self) -> Option<Error> {
        self.certificates.iter().find_map(|(_, s)| match s {
            RevocationStatus::Revoked {
                serial, at, reason, ..
            } => Some(Error::CertificateRevoked {
                serial: serial.to_string(),
                at: *at,
                reason: *reason,
            }),
            _ => None,
        })
    }

    /// The overall status: revoked if any is, else soft-failed if any is, else good.
    pub fn status(&self) -> RevocationStatus {
        let statuses = self.certificates.iter().map(|(_, s)| s);
        if let Some(r) = statuses
            .clone()
            .find(|s| matches!(s, RevocationStatus::Revoked { .. }))
        {
            return r.clone();
        }
        if let Some(s) = statuses
            .clone()
            .find(|s| matches!(s, RevocationStatus::SoftFailed { .. }))
        {
            return s.clone();
        }
        self.certificates
            .first()
            .map_or(RevocationStatus::Unchecked, |(_, s)| s.clone())
    }
}

/// Checks every certificate of `path` except the anchor, at `at`.
///
/// Every certificate gets a status: good, revoked (with its own serial, time,
/// reason and source) or — under a soft policy — soft-failed. With the default
/// hard policy, a certificate no source answers for (an OCSP `unknown` is no
/// answer) is [`Error::RevocationUnavailable`]. [`RevocationReport::error`] turns a
/// revoked status into [`Error::CertificateRevoked`].
pub fn check_path(
    path: &ValidatedPath,
    sources: &RevocationSources<'_>,
    policy: &RevocationPolicy,
    at: Time,
) -> Result<RevocationReport, Error> {
    let certs = path.certificates();
    let mut report = RevocationReport {
        certificates: Vec::new(),
    };
    for pair in certs.windows(2) {
        let [cert, issuer] = pair else { continue };
        let status = check_certificate(cert, issuer, sources, policy, at)?;
        report.certificates.push((cert.serial().clone(), status));
    }
    Ok(report)
}

/// Checks one certificate against its issuer: the first source (in the policy's
/// order) with a usable answer decides.
pub fn check_certificate(
    cert: &Certificate,
    issuer: &Certificate,
    sources: &RevocationSources<'_>,
    policy: &RevocationPolicy,
    at: Time,
) -> Result<RevocationStatus, Error> {
    let mut why = Vec::new();
    let order: [Source; 2] = match policy.order {
        SourceOrder::OcspFirst => [Source::Ocsp, Source::Crl],
        SourceOrder::CrlFirst => [Source::Crl, Source::Ocsp],
    };
    for source in order {
        let answer = match source {
            Source::Crl => from_crls(cert, issuer, sources.crls, policy, at, &mut why),
            Source::Ocsp => from_ocsp(cert, issuer, sources, policy, at, &mut why),
        };
        if let Some(status) = answer {
            return Ok(status);
        }
    }
    let why = if why.is_empty() {
        "no CRL or OCSP response for this certificate was supplied".to_owned()
    } else {
        why.join("; ")
    };
    match policy.when_unavailable {
        WhenUnavailable::HardFail => Err(Error::RevocationUnavailable {
            serial: cert.serial().to_string(),
            why,
        }),
        WhenUnavailable::SoftFail => Ok(RevocationStatus::SoftFailed {
            serial: cert.serial().clone(),
            why,
        }),
    }
}

/// The answer of the first usable CRL: issued by `issuer` (signature verified over
/// the original TBS), covering `cert` (its partition), current at `at`.
fn from_crls(
    cert: &Certificate,
    issuer: &Certificate,
    crls: &[Vec<u8>],
    policy: &RevocationPolicy,
    at: Time,
    why: &mut Vec<String>,
) -> Option<RevocationStatus> {
    for der in crls {
        let Ok(crl) = BorrowedCrl::from_der(der) else {
            why.push("a CRL could not be parsed".into());
            continue;
        };
        if crl.issuer().der() != issuer.subject().der() {
            continue;
        }
        if let Err(e) = crl.verify_signature(issuer) {
            why.push(format!("CRL from {}: {e}", crl.issuer()));
            continue;
        }
        if crl.is_delta() || !crl.covers(cert) {
            continue;
        }
        let too_old = policy.max_crl_age.is_some_and(|max| {
            at.unix_seconds()
                .saturating_sub(crl.this_update().unix_seconds())
                > max
        });
        if !crl.is_current_at(at) || too_old {
            why.push(format!(
                "the CRL covering it is not current at {at} (thisUpdate {}, nextUpdate {})",
                crl.this_update(),
                crl.next_update()
                    .map_or_else(|| "none".to_owned(), |t| t.to_string())
            ));
            continue;
        }
        match crl.find(cert.serial()) {
            Ok(Some(entry)) => {
                return Some(RevocationStatus::Revoked {
                    serial: cert.serial().clone(),
                    at: entry.revocation_date,
                    reason: entry.reason,
                    source: Source::Crl,
                });
            }
            Ok(None) => {
                return Some(RevocationStatus::Good {
                    source: Source::Crl,
                });
            }
            Err(e) => why.push(format!("CRL entries: {e}")),
        }
    }
    None
}

/// The answer of the first usable OCSP response (supplied, then fetched).
fn from_ocsp(
    cert: &Certificate,
    issuer: &Certificate,
    sources: &RevocationSources<'_>,
    policy: &RevocationPolicy,
    at: Time,
    why: &mut Vec<String>,
) -> Option<RevocationStatus> {
    let mut check = OcspCheck::new(at);
    check.clock_skew = policy.ocsp_clock_skew;
    let status = |s: OcspCertStatus| match s {
        OcspCertStatus::Good => Some(RevocationStatus::Good {
            source: Source::Ocsp,
        }),
        OcspCertStatus::Revoked { at, reason } => Some(RevocationStatus::Revoked {
            serial: cert.serial().clone(),
            at,
            reason,
            source: Source::Ocsp,
        }),
        _ => None,
    };
    // Supplied responses carry no nonce of ours; the CertID may use either hash.
    for response in sources.ocsp_responses {
        for hash in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
            let Ok(request) = OcspRequest::new(cert, issuer, hash, None) else {
                continue;
            };
            match verify_response(response, &request, issuer, &check) {
                Ok(result) => match status(result.status) {
                    Some(s) => return Some(s),
                    None => {
                        why.push("the OCSP responder answered unknown".into());
                        return None;
                    }
                },
                Err(Error::OcspCertIdMismatch { .. }) => {}
                Err(e) => {
                    why.push(format!("OCSP response: {e}"));
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
            why.push(format!("OCSP request: {e}"));
            return None;
        }
    };
    let result = fetcher
        .fetch(url, request.der())
        .and_then(|der| verify_response(&der, &request, issuer, &check));
    match result {
        Ok(r) => {
            let s = status(r.status);
            if s.is_none() {
                why.push(format!("{url} answered unknown"));
            }
            s
        }
        Err(e) => {
            why.push(format!("{url}: {e}"));
            None
        }
    }
}
