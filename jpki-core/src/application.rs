//! The verifier's three checks on an e-application, in one call.
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
//! [`verify_application`] runs all three and returns an [`ApplicationVerdict`] with
//! one entry per check, each passed or failed with the precise [`Error`].
//! Revocation is checked for every certificate of the path with the caller's
//! sources and [`RevocationPolicy`] (CRLs carried in the signature are used too),
//! or explicitly turned off with [`RevocationMode::Off`], in which case the verdict
//! says `unchecked` — never good.

use crate::cert::{Applicant, Certificate, Comparison, PersonalInfo};
use crate::cms::{self, SignatureCheck, SignedMessage};
use crate::error::Error;
use crate::path::{ValidatedPath, ValidationOptions};
use crate::revocation::{
    RevocationPolicy, RevocationReport, RevocationSources, RevocationStatus, check_path,
};

/// The outcome of one check.
#[derive(Debug)]
#[non_exhaustive]
pub enum Check {
    /// The check passed.
    Passed,
    /// The check failed, and why.
    Failed(Error),
    /// The check could not run because an earlier one failed (or, for the 4 basic
    /// info, because the applicant gave nothing to compare).
    NotRun,
    /// The caller turned the check off ([`RevocationMode::Off`]).
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
}

/// The verdict on a signed application.
#[derive(Debug)]
pub struct ApplicationVerdict {
    /// Check 2: the signature over the content (digest, signed attributes, signer).
    pub signature: Check,
    /// Check 1: the signer's certificate path to a trust anchor at the given time.
    pub certificate: Check,
    /// Check 1, continued: revocation of every certificate in the path.
    pub revocation_check: Check,
    /// The overall revocation status (unchecked when off or not run).
    pub revocation: RevocationStatus,
    /// The per-certificate revocation statuses, when checked.
    pub revocation_report: Option<RevocationReport>,
    /// Check 3: the certificate's 4 basic info against the applicant's.
    pub personal_info: Check,
    /// The signature details, when it verified.
    pub signature_details: Option<SignatureCheck>,
    /// The validated path, when it validated.
    pub path: Option<ValidatedPath>,
    /// The holder's 4 basic info from the signer's certificate (with substitutes).
    pub holder: Option<PersonalInfo>,
    /// The field-by-field comparison with the applicant.
    pub comparison: Option<Comparison>,
}

impl ApplicationVerdict {
    /// The signer's certificate, when the signature verified.
    pub fn signer(&self) -> Option<&Certificate> {
        self.signature_details.as_ref().map(|s| &s.signer)
    }

    /// Whether all three checks passed: the signature, the certificate path and the
    /// 4 basic info. Fails closed: with no applicant data the third check does not
    /// run, and the application is not valid (use
    /// [`ApplicationVerdict::signature_and_certificate_valid`] to verify a signature
    /// without an application). Revocation is not part of this until it can be
    /// checked; see [`ApplicationVerdict::revocation`].
    pub fn is_valid(&self) -> bool {
        self.signature_and_certificate_valid() && self.personal_info.passed()
    }

    /// Whether the signature, the certificate path and its revocation check passed
    /// (or revocation was explicitly turned off), whatever the 4 basic info (for
    /// signatures that come with no application to compare).
    pub fn signature_and_certificate_valid(&self) -> bool {
        self.signature.passed()
            && self.certificate.passed()
            && matches!(self.revocation_check, Check::Passed | Check::Off)
    }
}

/// Whether and how revocation is checked.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum RevocationMode<'a> {
    /// Check every certificate of the path (CRLs carried in the signature are
    /// added to `sources`).
    Check {
        /// CRLs, OCSP responses, an online fetcher.
        sources: RevocationSources<'a>,
        /// OCSP or CRL first, hard or soft fail, maximum CRL age.
        policy: RevocationPolicy,
    },
    /// Do not check: the verdict says `unchecked`, and validity does not depend on
    /// revocation. Only for a caller who decided so (e.g. archival checks).
    Off,
}

/// Runs the three checks on `signature` (CMS SignedData, DER or PEM) over
/// `content` (for a detached signature), against `anchors` at `options.at`.
/// `extra_certificates` may supply intermediates or the signer's certificate.
///
/// The applicant's fields that are `None` are not compared; every given field
/// must match (see [`PersonalInfo::compare`]). With no field at all, the third
/// check is [`Check::NotRun`] (the holder's 4 basic info are still returned).
pub fn verify_application(
    signature: &[u8],
    content: Option<&[u8]>,
    applicant: &Applicant,
    anchors: &[Certificate],
    extra_certificates: &[Certificate],
    options: &ValidationOptions,
    revocation: &RevocationMode<'_>,
) -> ApplicationVerdict {
    let mut verdict = ApplicationVerdict {
        signature: Check::NotRun,
        certificate: Check::NotRun,
        revocation_check: Check::NotRun,
        revocation: RevocationStatus::Unchecked,
        revocation_report: None,
        personal_info: Check::NotRun,
        signature_details: None,
        path: None,
        holder: None,
        comparison: None,
    };
    let checked = SignedMessage::parse(signature).and_then(|message| {
        cms::verify_signature(
            &message,
            content,
            extra_certificates,
            options.allow_legacy_sha1,
        )
        .map(|check| (message, check))
    });
    let (message, check) = match checked {
        Ok(ok) => ok,
        Err(e) => {
            verdict.signature = Check::Failed(e);
            return verdict;
        }
    };
    verdict.signature = Check::Passed;
    let mut check = check;
    match cms::validate_signer(&mut check, &message, extra_certificates, anchors, options) {
        Ok(path) => {
            verdict.certificate = Check::Passed;
            match revocation {
                RevocationMode::Off => verdict.revocation_check = Check::Off,
                RevocationMode::Check { sources, policy } => {
                    let crls: Vec<Vec<u8>> =
                        sources.crls.iter().chain(message.crls()).cloned().collect();
                    let sources = RevocationSources {
                        crls: &crls,
                        ..*sources
                    };
                    match check_path(&path, &sources, policy, options.at) {
                        Ok(report) => {
                            verdict.revocation = report.status();
                            verdict.revocation_check = match report.error() {
                                Some(e) => Check::Failed(e),
                                None => Check::Passed,
                            };
                            verdict.revocation_report = Some(report);
                        }
                        Err(e) => verdict.revocation_check = Check::Failed(e),
                    }
                }
            }
            verdict.path = Some(path);
        }
        Err(e) => verdict.certificate = Check::Failed(e),
    }
    let nothing_to_compare = *applicant == Applicant::new();
    match check.signer.personal_info() {
        Some(info) if nothing_to_compare => verdict.holder = Some(info.clone()),
        None if nothing_to_compare => {}
        Some(info) => {
            let comparison = info.compare(applicant);
            verdict.personal_info = if comparison.provided_match() {
                Check::Passed
            } else {
                Check::Failed(Error::PersonalInfoMismatch)
            };
            verdict.holder = Some(info.clone());
            verdict.comparison = Some(comparison);
        }
        None => {
            verdict.personal_info = Check::Failed(Error::NoPersonalInfo {
                kind: check.signer.kind().as_str(),
            });
        }
    }
    verdict.signature_details = Some(check);
    verdict
}
