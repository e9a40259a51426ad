//! `jpki_verdict`: what `jpki_verifier_verify` (a signed application) and
//! `jpki_verifier_verify_certificate` (a bare certificate) return — one handle
//! type for both.
//!
//! A verdict is immutable and owns its data (it outlives the verifier). Every
//! function taking a `const jpki_verdict *` is thread-safe; only
//! `jpki_verdict_free` must not race with other uses.

use jpki::revocation::RevocationStatus;
use jpki::{CertificateVerdict, Check, Verdict};

use crate::cert::jpki_certificate;
use crate::ffi::{
    Castable, boundary, free_handle, handle_ref, into_handle, require_out, try_ffi, try_ref,
    write_json, write_out, write_value,
};
use crate::result::jpki_result;
use crate::verifier::c_enum;

/// The verdict on a signed application (the three checks) or on a bare
/// certificate (its path and revocation), from `jpki_verifier_verify` or
/// `jpki_verifier_verify_certificate`. Free with `jpki_verdict_free`.
///
/// Immutable: every function taking a `const jpki_verdict *` is thread-safe.
#[allow(non_camel_case_types)]
pub struct jpki_verdict {
    _private: [u8; 0],
}

/// What a verdict handle owns.
#[derive(Debug)]
pub(crate) enum AnyVerdict {
    /// From `jpki_verifier_verify`.
    Application(Box<Verdict>),
    /// From `jpki_verifier_verify_certificate`.
    Certificate(Box<CertificateVerdict>),
}

impl Castable for jpki_verdict {
    type RustType = AnyVerdict;
}

/// One check of a verdict (`jpki_verdict_check`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_check {
    /// The signature over the content (digest, signed attributes, signer).
    /// Always `JPKI_CHECK_RESULT_NOT_RUN` in a certificate verdict.
    Signature = 1,
    /// The certificate's path to a trust anchor, its keyUsage and policies.
    Certificate = 2,
    /// The revocation of every certificate of the path.
    Revocation = 3,
    /// The certificate's 4 basic info against what the applicant wrote. Not run
    /// when no applicant was given, and always in a certificate verdict.
    PersonalInfo = 4,
}
c_enum!(jpki_check {
    Signature,
    Certificate,
    Revocation,
    PersonalInfo
});

/// The outcome of one check.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_check_result {
    /// The check passed.
    Passed = 1,
    /// The check failed: its error code and message say why.
    Failed = 2,
    /// The check could not run: an earlier one failed, or there was nothing to
    /// check (no applicant; a certificate verdict has no signature).
    NotRun = 3,
    /// The verifier's policy turned the check off (revocation mode off).
    Off = 4,
}
c_enum!(jpki_check_result {
    Passed,
    Failed,
    NotRun,
    Off
});

/// The overall revocation status of a verdict's path.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_revocation_status {
    /// Not checked (revocation off, an earlier check failed, or no source
    /// answered under hard fail). Never to be read as good.
    Unchecked = 1,
    /// Not revoked, according to a current CRL or OCSP response.
    Good = 2,
    /// A certificate of the path is revoked.
    Revoked = 3,
    /// No source answered and the policy is soft fail: accepted, and visible.
    SoftFailed = 4,
}
c_enum!(jpki_revocation_status {
    Unchecked,
    Good,
    Revoked,
    SoftFailed
});

impl AnyVerdict {
    fn is_valid(&self) -> bool {
        match self {
            Self::Application(v) => v.is_valid(),
            Self::Certificate(v) => v.is_valid(),
        }
    }

    /// The check asked for; `None` for the checks a certificate verdict lacks.
    fn check(&self, which: jpki_check) -> Option<&Check> {
        match (self, which) {
            (Self::Application(v), jpki_check::Signature) => Some(&v.signature),
            (Self::Application(v), jpki_check::Certificate) => Some(&v.certificate),
            (Self::Application(v), jpki_check::Revocation) => Some(&v.revocation),
            (Self::Application(v), jpki_check::PersonalInfo) => Some(&v.personal_info),
            (Self::Certificate(v), jpki_check::Certificate) => Some(&v.certificate),
            (Self::Certificate(v), jpki_check::Revocation) => Some(&v.revocation),
            (Self::Certificate(_), jpki_check::Signature | jpki_check::PersonalInfo) => None,
        }
    }

    fn error(&self) -> Option<&jpki::Error> {
        match self {
            Self::Application(v) => v.error(),
            Self::Certificate(v) => v.error(),
        }
    }

    fn revocation_status(&self) -> &RevocationStatus {
        match self {
            Self::Application(v) => &v.revocation_status,
            Self::Certificate(v) => &v.revocation_status,
        }
    }

    fn json(&self) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Self::Application(v) => serde_json::to_vec(v.as_ref()),
            Self::Certificate(v) => serde_json::to_vec(v.as_ref()),
        }
    }
}

/// A check's result and, when it failed, its error.
fn outcome(
    check: Option<&Check>,
) -> Result<(jpki_check_result, Option<&jpki::Error>), jpki_result> {
    Ok(match check {
        None | Some(Check::NotRun) => (jpki_check_result::NotRun, None),
        Some(Check::Passed) => (jpki_check_result::Passed, None),
        Some(Check::Failed(e)) => (jpki_check_result::Failed, Some(e)),
        Some(Check::Off) => (jpki_check_result::Off, None),
        // A check outcome this version of the C ABI does not name.
        Some(_) => return Err(jpki_result::Unknown),
    })
}

/// Frees a verdict. NULL does nothing.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_free(verdict: *mut jpki_verdict) {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live, and not used again.
        unsafe { free_handle(verdict) }
    })
}

/// Whether the verdict says valid. For an application: the signature, the
/// certificate path, its revocation (passed, or turned off by the verifier's
/// policy) and — when an applicant was given — the 4 basic info all passed (an
/// applicant with no field at all is not a match). For a certificate: the path
/// and its revocation. False for NULL.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_is_valid(verdict: *const jpki_verdict) -> bool {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live.
        unsafe { handle_ref::<jpki_verdict>(verdict) }.is_some_and(AnyVerdict::is_valid)
    })
}

/// The outcome of one check (`check`: a `jpki_check` value): writes its
/// `jpki_check_result` to `*result_out`, and to `*error_out` the code of its
/// failure (the same code the core's error kind has, e.g.
/// `JPKI_RESULT_CERTIFICATE_REVOKED`) or `JPKI_RESULT_OK` when it did not fail.
/// Both outputs are required. `JPKI_RESULT_INVALID_ARGUMENT` for an unknown
/// `check`.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `result_out` and `error_out` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_check(
    verdict: *const jpki_verdict,
    check: u32,
    result_out: *mut jpki_check_result,
    error_out: *mut jpki_result,
) -> jpki_result {
    boundary(|| {
        require_out!(result_out, error_out);
        let verdict = try_ref!(verdict);
        let check = try_ffi!(jpki_check::from_u32(check));
        let (result, error) = try_ffi!(outcome(verdict.check(check)));
        let code = error.map_or(jpki_result::Ok, jpki_result::from);
        // SAFETY: both outputs are non-NULL (checked) and writable (caller
        // contract).
        unsafe {
            result_out.write(result);
            error_out.write(code);
        }
        jpki_result::Ok
    })
}

/// Writes the message of a check's failure (English, UTF-8, no NUL: the
/// error's full description, e.g. which certificate was revoked when and why)
/// into `buf` (capacity `cap`) and its length into `*out_len`; the length is 0
/// when the check did not fail. `JPKI_RESULT_BUFFER_TOO_SMALL` (with the
/// length needed) when `cap` is too small; `JPKI_RESULT_INVALID_ARGUMENT` for
/// an unknown `check`.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `buf` is NULL or has `cap`
/// writable bytes; `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_check_message(
    verdict: *const jpki_verdict,
    check: u32,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let verdict = try_ref!(verdict);
        let check = try_ffi!(jpki_check::from_u32(check));
        let (_, error) = try_ffi!(outcome(verdict.check(check)));
        let message = error.map(ToString::to_string).unwrap_or_default();
        // SAFETY: forwarded caller contract on `buf`, `cap` and `out_len`.
        unsafe { write_out(message.as_bytes(), buf, cap, out_len) }
    })
}

/// The code of the verdict's first failure, in check order (signature,
/// certificate, revocation, personal info), written to `*error_out`;
/// `JPKI_RESULT_OK` when no check failed (a verdict may still be invalid with no
/// failure: an applicant with no field at all).
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `error_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_error(
    verdict: *const jpki_verdict,
    error_out: *mut jpki_result,
) -> jpki_result {
    boundary(|| {
        require_out!(error_out);
        let verdict = try_ref!(verdict);
        let code = verdict.error().map_or(jpki_result::Ok, jpki_result::from);
        // SAFETY: `error_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(error_out, code) }
    })
}

/// Writes the verdict as JSON (UTF-8, no NUL) into `buf` (capacity `cap`) and
/// its length into `*out_len`: the stable contract `jpki verify --json` (an
/// application) or `jpki cert verify --json` (a certificate) prints, `valid`
/// first and `schema_version` second. `JPKI_RESULT_BUFFER_TOO_SMALL` (with the
/// length needed) when `cap` is too small: call with a NULL `buf` and `cap` 0
/// to ask for the length.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `buf` is NULL or has `cap`
/// writable bytes; `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_json(
    verdict: *const jpki_verdict,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let verdict = try_ref!(verdict);
        // SAFETY: forwarded caller contract on `buf`, `cap` and `out_len`.
        unsafe { write_json(verdict.json(), buf, cap, out_len) }
    })
}

/// Writes to `*certificate_out` a new handle to the certificate the verdict
/// vouches for (free it with `jpki_certificate_free`; it outlives the verdict):
/// for an application, the signer's certificate when the signature verified;
/// for a certificate verdict, the certificate checked. Writes NULL (and returns
/// `JPKI_RESULT_OK`) when there is none — the signature did not verify; see
/// `jpki_verdict_claimed_signer` for who claims to have signed then.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `certificate_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_signer(
    verdict: *const jpki_verdict,
    certificate_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(certificate_out);
        let certificate = match try_ref!(verdict) {
            AnyVerdict::Application(v) => v.signer(),
            AnyVerdict::Certificate(v) => Some(&v.subject),
        };
        let handle = certificate.map_or(std::ptr::null_mut(), |c| {
            into_handle::<jpki_certificate>(c.clone())
        });
        // SAFETY: `certificate_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(certificate_out, handle) }
    })
}

/// Writes to `*certificate_out` a new handle to the certificate an application
/// names as its signer (free it with `jpki_certificate_free`), found in the
/// signature or among the verifier's intermediates — also when the signature
/// check failed, so a verifier can tell who claims to have signed. Only a claim
/// unless the signature check passed. Writes NULL (and returns `JPKI_RESULT_OK`)
/// when there is none (the signature did not parse, its signer is not found)
/// and for a certificate verdict.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `certificate_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_claimed_signer(
    verdict: *const jpki_verdict,
    certificate_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(certificate_out);
        let certificate = match try_ref!(verdict) {
            AnyVerdict::Application(v) => v.claimed_signer.as_ref(),
            AnyVerdict::Certificate(_) => None,
        };
        let handle = certificate.map_or(std::ptr::null_mut(), |c| {
            into_handle::<jpki_certificate>(c.clone())
        });
        // SAFETY: `certificate_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(certificate_out, handle) }
    })
}

/// The overall revocation status of the verdict's path, written to
/// `*status_out`: revoked if any certificate is, else soft-failed if any is,
/// else the end entity's (`JPKI_REVOCATION_STATUS_UNCHECKED` when revocation is
/// off or did not run). The revocation check's code and message, and the JSON,
/// tell which certificate, when and why.
///
/// Thread-safe.
///
/// # Safety
/// `verdict` is NULL or a live verdict handle; `status_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verdict_revocation_status(
    verdict: *const jpki_verdict,
    status_out: *mut jpki_revocation_status,
) -> jpki_result {
    boundary(|| {
        require_out!(status_out);
        let verdict = try_ref!(verdict);
        let status = match verdict.revocation_status() {
            RevocationStatus::Unchecked => jpki_revocation_status::Unchecked,
            RevocationStatus::Good { .. } => jpki_revocation_status::Good,
            RevocationStatus::Revoked { .. } => jpki_revocation_status::Revoked,
            RevocationStatus::SoftFailed { .. } => jpki_revocation_status::SoftFailed,
            // A status this version of the C ABI does not name.
            _ => return jpki_result::Unknown,
        };
        // SAFETY: `status_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(status_out, status) }
    })
}
