//! Verdicts: one entry per check, each passed, failed (with the precise
//! [`Error`]), not run or off.

use crate::Certificate;
use crate::Comparison;
use crate::PersonalInfo;
use crate::cms::SignatureCheck;
use crate::error::Error;
use crate::path::ValidatedPath;
use crate::revocation::RevocationStatus;
use crate::{Serial, Time};

use super::Usage;

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check {
    /// The check passed.
    Passed,
    /// The check failed, and why.
    Failed(Error),
    /// The check could not run: an earlier one failed, or (for the 4 basic info)
    /// there was nothing to compare.
    NotRun,
    /// The caller turned the check off (revocation under
    /// [`RevocationMode::Off`](crate::revocation::RevocationMode::Off)).
    Off,
}

impl Check {
    /// Whether it passed.
    pub fn passed(&self) -> bool {
        matches!(self, Self::Passed)
    }

    /// The failure, if it failed.
    pub fn error(&self) -> Option<&Error> {
        match self {
            Self::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// `passed`, `failed`, `not_run` or `off`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed(_) => "failed",
            Self::NotRun => "not_run",
            Self::Off => "off",
        }
    }

    /// Passed, or turned off by the caller.
    fn passed_or_off(&self) -> bool {
        matches!(self, Self::Passed | Self::Off)
    }
}

/// The verdict on a signed application: the seeds' three checks.
///
/// With the `serde` feature it serializes to the JSON that `jpki verify --json`
/// prints, a stable contract of version [`Verdict::JSON_SCHEMA_VERSION`]:
/// `valid`, `schema_version`, `at`, `checks` (`signature`, `certificate`,
/// `revocation`, `personal_info`, each with `result` and, when failed, `error`,
/// `code` and `kind`; `revocation` with each certificate's `serial` and
/// `status`), `signer`, `algorithm`, `legacy_sha1`, `signing_time`, `path`,
/// `holder`, `comparison`, in this order. A value that is absent (not known, not
/// applicable, a check that did not run) is left out, never `null`; serials are
/// `0x` hex as [`Serial`]'s `Display` writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verdict {
    /// The validation time.
    pub at: Time,
    /// Check 2: the signature over the content (digest, signed attributes,
    /// signer).
    pub signature: Check,
    /// Check 1: the signer's certificate path to a trust anchor, its keyUsage and
    /// policies.
    pub certificate: Check,
    /// Check 1, continued: revocation of every certificate of the path.
    pub revocation: Check,
    /// The overall revocation status (unchecked when off or not run).
    pub revocation_status: RevocationStatus,
    /// Each certificate's revocation status (end entity first, anchor excluded).
    pub revocation_certificates: Vec<(Serial, RevocationStatus)>,
    /// Check 3: the certificate's 4 basic info against the applicant's.
    pub personal_info: Check,
    /// The signature details, when it verified.
    pub signature_details: Option<SignatureCheck>,
    /// The certificate the signature names as its signer, whenever the
    /// SignedData parsed with one SignerInfo and that certificate was found (in
    /// the signature or among the verifier's intermediates) — also when the
    /// signature check failed (say, the content's digest does not match), so a
    /// verifier can tell who claims to have signed. Only a claim unless
    /// [`Verdict::signature`] passed; then it is [`Verdict::signer`].
    pub claimed_signer: Option<Certificate>,
    /// The validated path, when it validated.
    pub path: Option<ValidatedPath>,
    /// The holder's 4 basic info (with substitutes) from the certificate in
    /// [`Verdict::claimed_signer`], when it has them: the signer's when the
    /// signature verified, else only who claims to have signed.
    pub holder: Option<PersonalInfo>,
    /// The field-by-field comparison with the applicant.
    pub comparison: Option<Comparison>,
    /// Whether an application was given to compare.
    pub(crate) applicant_given: bool,
}

impl Verdict {
    pub(crate) fn new(at: Time, applicant_given: bool) -> Self {
        Self {
            at,
            signature: Check::NotRun,
            certificate: Check::NotRun,
            revocation: Check::NotRun,
            revocation_status: RevocationStatus::Unchecked,
            revocation_certificates: Vec::new(),
            personal_info: Check::NotRun,
            signature_details: None,
            claimed_signer: None,
            path: None,
            holder: None,
            comparison: None,
            applicant_given,
        }
    }

    /// The version of the JSON contract: of `jpki … --json` (every document
    /// carries it as `schema_version`) and of the `serde` serialization of
    /// [`Verdict`] and [`CertificateVerdict`]. Within a version fields are only
    /// added; renaming, removing or retyping a field, or reordering, bumps it.
    pub const JSON_SCHEMA_VERSION: u32 = 1;

    /// The signer's certificate, when the signature verified (see
    /// [`Verdict::claimed_signer`] for who claims to have signed otherwise).
    pub fn signer(&self) -> Option<&Certificate> {
        self.signature_details.as_ref().map(|s| &s.signer)
    }

    /// Whether the application is valid: the signature, the certificate path,
    /// its revocation (passed, or turned off by the verifier's policy) and — when
    /// an applicant was given — the 4 basic info all passed. Fails closed: an
    /// applicant with no field at all is not a match.
    pub fn is_valid(&self) -> bool {
        self.signature_and_certificate_valid()
            && (!self.applicant_given || self.personal_info.passed())
    }

    /// Whether the signature, the certificate path and its revocation passed
    /// (revocation may be off), whatever the 4 basic info.
    pub fn signature_and_certificate_valid(&self) -> bool {
        self.signature.passed() && self.certificate.passed() && self.revocation.passed_or_off()
    }

    /// The first failure, in check order (signature, certificate, revocation,
    /// 4 basic info).
    pub fn error(&self) -> Option<&Error> {
        [
            &self.signature,
            &self.certificate,
            &self.revocation,
            &self.personal_info,
        ]
        .into_iter()
        .find_map(Check::error)
    }
}

/// The verdict on a bare certificate: its path and its revocation.
///
/// With the `serde` feature it serializes with the field names `jpki cert
/// verify --json` prints (contract version [`Verdict::JSON_SCHEMA_VERSION`]):
/// `valid`, `schema_version`, `at`, `usage`, `checks` (`certificate`,
/// `revocation`), `certificate` (`subject`, `issuer`, `serial`, `kind`,
/// `not_before`, `not_after`), `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CertificateVerdict {
    /// The validation time.
    pub at: Time,
    /// The usage checked for.
    pub usage: Usage,
    /// The certificate checked.
    pub subject: Certificate,
    /// The path to a trust anchor, keyUsage and policies.
    pub certificate: Check,
    /// Revocation of every certificate of the path.
    pub revocation: Check,
    /// The overall revocation status.
    pub revocation_status: RevocationStatus,
    /// Each certificate's revocation status.
    pub revocation_certificates: Vec<(Serial, RevocationStatus)>,
    /// The validated path.
    pub path: Option<ValidatedPath>,
}

impl CertificateVerdict {
    pub(crate) fn new(subject: Certificate, usage: Usage, at: Time) -> Self {
        Self {
            at,
            usage,
            subject,
            certificate: Check::NotRun,
            revocation: Check::NotRun,
            revocation_status: RevocationStatus::Unchecked,
            revocation_certificates: Vec::new(),
            path: None,
        }
    }

    /// Whether the path validated and revocation passed (or is off).
    pub fn is_valid(&self) -> bool {
        self.certificate.passed() && self.revocation.passed_or_off()
    }

    /// The first failure.
    pub fn error(&self) -> Option<&Error> {
        self.certificate.error().or_else(|| self.revocation.error())
    }
}
