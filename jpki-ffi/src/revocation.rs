//! Revocation without a verifier: a CRL checked against its issuer and indexed
//! for lookups, and OCSP requests and responses.
//!
//! The library does no I/O: fetch the CRL (J-LIS publishes one per
//! municipality partition) or POST the OCSP request yourself, then hand the
//! bytes here with the validation time. A `jpki_verifier` applies a whole
//! revocation policy to a validated path; these functions answer for one
//! certificate.
//!
//! `jpki_crl` and `jpki_ocsp_request` never change once built: any number of
//! threads may use one at once.

use std::borrow::Cow;

use jpki::crypto::HashAlgorithm;
use jpki::revocation::RevocationReason;
use jpki::revocation::crl::{CrlLimits, OwnedCrlIndex, RevokedEntry, load_verified, pem_to_der};
use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use jpki::{Serial, Time};

use crate::cert::{jpki_certificate, unix_seconds, write_view};
use crate::ffi::time_from_c;
use crate::ffi::{
    Castable, boundary, free_handle, into_handle, require_out, try_ffi, try_ref, try_slice,
    write_value,
};
use crate::result::jpki_result;

/// A CRL whose signature was verified against its issuer and whose entries
/// were all checked and indexed by serial.
///
/// Created by `jpki_crl_load`, freed with `jpki_crl_free`. Immutable: usable
/// from several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_crl {
    _private: [u8; 0],
}

impl Castable for jpki_crl {
    type RustType = OwnedCrlIndex;
}

/// An OCSP request for one certificate, as sent.
///
/// Created by `jpki_ocsp_request_new`, freed with `jpki_ocsp_request_free`;
/// keep it until its response is checked (`jpki_ocsp_check_response` matches
/// the answer to it and to its nonce). Immutable: usable from several threads
/// at once.
#[allow(non_camel_case_types)]
pub struct jpki_ocsp_request {
    _private: [u8; 0],
}

impl Castable for jpki_ocsp_request {
    type RustType = OcspRequest;
}

/// A certificate's revocation status as one CRL or one OCSP response states
/// it. Starts at 1, so zeroed memory is never "good".
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_cert_status {
    /// Not revoked: the CRL covers the certificate and does not list it, or the
    /// OCSP responder says `good`.
    Good = 1,
    /// Revoked; the time and reason are given.
    Revoked = 2,
    /// The OCSP responder does not know the certificate. Never to be taken as
    /// good.
    Unknown = 3,
    /// The CRL says nothing about the certificate: another issuer or CA
    /// generation, another municipality partition, or a CRL of CA
    /// certificates. Never to be taken as good.
    NotCovered = 4,
}

/// CRLReason ([RFC 5280 §5.3.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1)):
/// the values are the RFC's codes, plus `JPKI_REVOCATION_REASON_NONE` when no
/// reason is stated (or the certificate is not revoked).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_revocation_reason {
    /// `0` unspecified (J-LIS: destroyed before delivery).
    Unspecified = 0,
    /// `1` keyCompromise: the card was reported lost or the key exposed.
    KeyCompromise = 1,
    /// `2` cACompromise.
    CaCompromise = 2,
    /// `3` affiliationChanged: the certified contents changed (a move, a new
    /// name).
    AffiliationChanged = 3,
    /// `4` superseded: renewed.
    Superseded = 4,
    /// `5` cessationOfOperation: no longer used (voluntary revocation, death).
    CessationOfOperation = 5,
    /// `6` certificateHold.
    CertificateHold = 6,
    /// `8` removeFromCRL (delta CRLs only).
    RemoveFromCrl = 8,
    /// `9` privilegeWithdrawn.
    PrivilegeWithdrawn = 9,
    /// `10` aACompromise.
    AaCompromise = 10,
    /// No reason stated (RFC 5280 reads it as unspecified), an unknown code,
    /// or not revoked.
    None = 255,
}

impl jpki_revocation_reason {
    fn of(reason: Option<RevocationReason>) -> Self {
        match reason {
            Some(RevocationReason::Unspecified) => Self::Unspecified,
            Some(RevocationReason::KeyCompromise) => Self::KeyCompromise,
            Some(RevocationReason::CaCompromise) => Self::CaCompromise,
            Some(RevocationReason::AffiliationChanged) => Self::AffiliationChanged,
            Some(RevocationReason::Superseded) => Self::Superseded,
            Some(RevocationReason::CessationOfOperation) => Self::CessationOfOperation,
            Some(RevocationReason::CertificateHold) => Self::CertificateHold,
            Some(RevocationReason::RemoveFromCrl) => Self::RemoveFromCrl,
            Some(RevocationReason::PrivilegeWithdrawn) => Self::PrivilegeWithdrawn,
            Some(RevocationReason::AaCompromise) => Self::AaCompromise,
            _ => Self::None,
        }
    }
}

/// The hash that names the certificate's issuer in an OCSP CertID.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_ocsp_hash {
    /// SHA-1: what RFC 5019 profiles and most responders expect (it only names
    /// the certificate; it signs nothing).
    Sha1 = 1,
    /// SHA-256.
    Sha256 = 2,
    /// SHA-384.
    Sha384 = 3,
    /// SHA-512.
    Sha512 = 4,
}

impl jpki_ocsp_hash {
    /// The hash for a value from C; `JPKI_RESULT_INVALID_ARGUMENT` for others.
    fn from_u32(value: u32) -> Result<HashAlgorithm, jpki_result> {
        match value {
            1 => Ok(HashAlgorithm::Sha1),
            2 => Ok(HashAlgorithm::Sha256),
            3 => Ok(HashAlgorithm::Sha384),
            4 => Ok(HashAlgorithm::Sha512),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// Writes a status, its revocation time (0 unless revoked) and reason.
///
/// # Safety
/// The three outputs are non-NULL and writable.
unsafe fn write_status(
    status: jpki_cert_status,
    revoked: Option<(Time, Option<RevocationReason>)>,
    status_out: *mut jpki_cert_status,
    revoked_at_out: *mut i64,
    reason_out: *mut jpki_revocation_reason,
) -> jpki_result {
    let (at, reason) = revoked.map_or((0, jpki_revocation_reason::None), |(at, reason)| {
        (unix_seconds(at), jpki_revocation_reason::of(reason))
    });
    // SAFETY: all three are non-NULL and writable (caller contract).
    unsafe {
        status_out.write(status);
        revoked_at_out.write(at);
        reason_out.write(reason);
    }
    jpki_result::Ok
}

/// The status a CRL entry (or its absence) means.
fn crl_answer(
    entry: Option<RevokedEntry<'_>>,
) -> (jpki_cert_status, Option<(Time, Option<RevocationReason>)>) {
    match entry {
        Some(e) => (
            jpki_cert_status::Revoked,
            Some((e.revocation_date, e.reason)),
        ),
        None => (jpki_cert_status::Good, None),
    }
}

/// Loads a CRL (DER, or PEM: the first `X509 CRL` block) from `data[0..len]`
/// (copied), checks that `issuer` issued it (its name, and its key id: J-LIS CA
/// generations share one DN; keyUsage cRLSign) and that the signature verifies
/// (SHA-1 refused), checks every entry and indexes them by serial. On success
/// `*crl_out` receives a new handle, freed with `jpki_crl_free`.
///
/// Whether the CRL is fresh enough is not checked here: see
/// `jpki_crl_this_update`, `jpki_crl_next_update`. Errors: the PEM codes,
/// `JPKI_RESULT_CRL_MALFORMED`, `JPKI_RESULT_CRL_ENTRY`,
/// `JPKI_RESULT_CRL_ISSUER_MISMATCH`, `JPKI_RESULT_CRL_KEY_ID_MISMATCH`,
/// `JPKI_RESULT_BAD_SIGNATURE`, `JPKI_RESULT_CRL_UNKNOWN_CRITICAL_EXTENSION`…
/// Thread-safe.
///
/// # Safety
/// `data` is NULL (only with `len` 0) or points to `len` readable bytes;
/// `issuer` is NULL or live; `crl_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_load(
    data: *const u8,
    len: usize,
    issuer: *const jpki_certificate,
    crl_out: *mut *mut jpki_crl,
) -> jpki_result {
    boundary(|| {
        require_out!(crl_out);
        let input = try_slice!(data, len);
        let issuer = try_ref!(issuer);
        let der: Cow<'_, [u8]> = if jpki::pem::looks_like_pem(input) {
            Cow::Owned(try_ffi!(pem_to_der(input)))
        } else {
            Cow::Borrowed(input)
        };
        let index = try_ffi!(load_verified(&der, issuer, &CrlLimits::default()));
        let owned = index.to_owned();
        // SAFETY: `crl_out` is non-NULL and writable (caller contract).
        unsafe { write_value(crl_out, into_handle::<jpki_crl>(owned)) }
    })
}

/// Frees a CRL. NULL does nothing; freeing twice is undefined.
///
/// # Safety
/// `crl` is NULL or a live handle from this library, not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_free(crl: *mut jpki_crl) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(crl) }
    })
}

/// What the CRL says about `cert`: `*status_out` receives
/// `JPKI_CERT_STATUS_REVOKED` (with the revocation time in `*revoked_at_out`,
/// Unix seconds, and the reason in `*reason_out`), `JPKI_CERT_STATUS_GOOD`, or
/// `JPKI_CERT_STATUS_NOT_COVERED` when the CRL's scope does not include `cert`
/// (another issuer or CA generation, another partition, a CA-only CRL; RFC
/// 5280 §6.3.3 (b)). Unless revoked, `*revoked_at_out` is 0 and `*reason_out`
/// `JPKI_REVOCATION_REASON_NONE`. The CRL's freshness is the caller's to judge.
/// Thread-safe.
///
/// # Safety
/// `crl` and `cert` are NULL or live; the three outputs are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_lookup(
    crl: *const jpki_crl,
    cert: *const jpki_certificate,
    status_out: *mut jpki_cert_status,
    revoked_at_out: *mut i64,
    reason_out: *mut jpki_revocation_reason,
) -> jpki_result {
    boundary(|| {
        require_out!(status_out, revoked_at_out, reason_out);
        let crl = try_ref!(crl);
        let cert = try_ref!(cert);
        let index = crl.borrow();
        let (status, revoked) = if index.crl().covers(cert) {
            crl_answer(index.lookup(cert.serial()))
        } else {
            (jpki_cert_status::NotCovered, None)
        };
        // SAFETY: the outputs are non-NULL and writable (caller contract).
        unsafe { write_status(status, revoked, status_out, revoked_at_out, reason_out) }
    })
}

/// Whether the CRL lists the serial number `serial[0..len]` (big-endian bytes,
/// as `jpki_certificate_serial` gives them; leading zero octets are ignored):
/// `JPKI_CERT_STATUS_REVOKED` with time and reason, or `JPKI_CERT_STATUS_GOOD`,
/// as `jpki_crl_lookup` writes them. Without the certificate the CRL's scope
/// cannot be checked: "good" here means only "not listed". Thread-safe.
///
/// # Safety
/// `crl` is NULL or live; `serial` is NULL (only with `len` 0) or points to
/// `len` readable bytes; the three outputs are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_lookup_serial(
    crl: *const jpki_crl,
    serial: *const u8,
    len: usize,
    status_out: *mut jpki_cert_status,
    revoked_at_out: *mut i64,
    reason_out: *mut jpki_revocation_reason,
) -> jpki_result {
    boundary(|| {
        require_out!(status_out, revoked_at_out, reason_out);
        let crl = try_ref!(crl);
        let serial = Serial::from_bytes(try_slice!(serial, len));
        let (status, revoked) = crl_answer(crl.borrow().lookup(&serial));
        // SAFETY: the outputs are non-NULL and writable (caller contract).
        unsafe { write_status(status, revoked, status_out, revoked_at_out, reason_out) }
    })
}

/// The number of revoked certificates the CRL lists, into `*len_out`.
/// Thread-safe.
///
/// # Safety
/// `crl` is NULL or live; `len_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_len(crl: *const jpki_crl, len_out: *mut usize) -> jpki_result {
    boundary(|| {
        require_out!(len_out);
        let crl = try_ref!(crl);
        // SAFETY: `len_out` is non-NULL and writable (caller contract).
        unsafe { write_value(len_out, crl.borrow().len()) }
    })
}

/// thisUpdate (when the CRL was issued), Unix seconds, into `*time_out`.
/// Thread-safe.
///
/// # Safety
/// `crl` is NULL or live; `time_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_this_update(
    crl: *const jpki_crl,
    time_out: *mut i64,
) -> jpki_result {
    boundary(|| {
        require_out!(time_out);
        let crl = try_ref!(crl);
        // SAFETY: `time_out` is non-NULL and writable (caller contract).
        unsafe { write_value(time_out, unix_seconds(crl.crl().borrow().this_update())) }
    })
}

/// nextUpdate (when the next CRL is due): `*has_out` says whether the CRL
/// states one, and `*time_out` receives it in Unix seconds (0 when it does
/// not). Thread-safe.
///
/// # Safety
/// `crl` is NULL or live; `has_out` and `time_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_next_update(
    crl: *const jpki_crl,
    has_out: *mut bool,
    time_out: *mut i64,
) -> jpki_result {
    boundary(|| {
        require_out!(has_out, time_out);
        let crl = try_ref!(crl);
        let next = crl.crl().borrow().next_update();
        // SAFETY: both outputs are non-NULL and writable (caller contract).
        unsafe {
            has_out.write(next.is_some());
            time_out.write(next.map_or(0, unix_seconds));
        }
        jpki_result::Ok
    })
}

/// Whether the CRL is current at `at` (Unix seconds): thisUpdate ≤ `at` and,
/// when it states one, `at` ≤ nextUpdate; into `*current_out`.
/// `JPKI_RESULT_INVALID_ARGUMENT` for a negative `at`. Thread-safe.
///
/// # Safety
/// `crl` is NULL or live; `current_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_crl_is_current_at(
    crl: *const jpki_crl,
    at: i64,
    current_out: *mut bool,
) -> jpki_result {
    boundary(|| {
        require_out!(current_out);
        let crl = try_ref!(crl);
        let at = try_ffi!(time_from_c(at));
        // SAFETY: `current_out` is non-NULL and writable (caller contract).
        unsafe { write_value(current_out, crl.crl().borrow().is_current_at(at)) }
    })
}

/// Builds an unsigned OCSP request about `cert`, issued by `issuer`, with the
/// CertID hashed by `hash` (a `jpki_ocsp_hash`) and, unless `nonce` is NULL
/// with `nonce_len` 0, the nonce `nonce[0..nonce_len]` (1 to 32 octets from a
/// random source; copied). On success `*request_out` receives a new handle,
/// freed with `jpki_ocsp_request_free`.
///
/// Errors: `JPKI_RESULT_OCSP_ISSUER_MISMATCH` when `issuer` did not issue
/// `cert`, `JPKI_RESULT_OCSP_INVALID_NONCE` for a nonce of 0 (with a non-NULL
/// pointer) or more than 32 octets, `JPKI_RESULT_INVALID_ARGUMENT` for an
/// unknown hash. Thread-safe.
///
/// # Safety
/// `cert` and `issuer` are NULL or live; `nonce` is NULL (only with
/// `nonce_len` 0) or points to `nonce_len` readable bytes; `request_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_ocsp_request_new(
    cert: *const jpki_certificate,
    issuer: *const jpki_certificate,
    hash: u32,
    nonce: *const u8,
    nonce_len: usize,
    request_out: *mut *mut jpki_ocsp_request,
) -> jpki_result {
    boundary(|| {
        require_out!(request_out);
        let cert = try_ref!(cert);
        let issuer = try_ref!(issuer);
        let hash = try_ffi!(jpki_ocsp_hash::from_u32(hash));
        let nonce = if nonce.is_null() {
            if nonce_len != 0 {
                return jpki_result::NullParameter;
            }
            None
        } else {
            Some(try_slice!(nonce, nonce_len).to_vec())
        };
        let request = try_ffi!(OcspRequest::new(cert, issuer, hash, nonce));
        // SAFETY: `request_out` is non-NULL and writable (caller contract).
        unsafe { write_value(request_out, into_handle::<jpki_ocsp_request>(request)) }
    })
}

/// The request's DER, to POST with `Content-Type: application/ocsp-request` to
/// the responder: `*data_out` points into the handle (not to be freed), valid
/// until `jpki_ocsp_request_free(request)`. Thread-safe.
///
/// # Safety
/// `request` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_ocsp_request_der(
    request: *const jpki_ocsp_request,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let request = try_ref!(request);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(request.der(), data_out, len_out) }
    })
}

/// Frees an OCSP request. NULL does nothing; freeing twice is undefined.
///
/// # Safety
/// `request` is NULL or a live handle from this library, not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_ocsp_request_free(request: *mut jpki_ocsp_request) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(request) }
    })
}

/// Verifies the OCSP response `response[0..len]` (DER) to `request`, for a
/// certificate issued by `issuer`, at `at` (Unix seconds), with the default
/// checks: the responder is `issuer` or a certificate it delegated
/// (id-kp-OCSPSigning), the signature verifies (SHA-1 refused), the answer is
/// about the request's certificate, a nonce sent is echoed, thisUpdate is not
/// after `at` + 300 s and nextUpdate not before `at` − 300 s (a response
/// without nextUpdate is stale).
///
/// On success `*status_out` receives `JPKI_CERT_STATUS_GOOD`,
/// `JPKI_CERT_STATUS_REVOKED` (with `*revoked_at_out` and `*reason_out`) or
/// `JPKI_CERT_STATUS_UNKNOWN`; unless revoked `*revoked_at_out` is 0 and
/// `*reason_out` `JPKI_REVOCATION_REASON_NONE`. Every failed check is an error
/// (`JPKI_RESULT_OCSP_*`, `JPKI_RESULT_DECODE`, `JPKI_RESULT_BAD_SIGNATURE`…);
/// `JPKI_RESULT_INVALID_ARGUMENT` for a negative `at`. Thread-safe.
///
/// # Safety
/// `response` is NULL (only with `len` 0) or points to `len` readable bytes;
/// `request` and `issuer` are NULL or live; the three outputs are NULL or
/// writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C signature: inputs, then three outputs
pub unsafe extern "C" fn jpki_ocsp_check_response(
    response: *const u8,
    len: usize,
    request: *const jpki_ocsp_request,
    issuer: *const jpki_certificate,
    at: i64,
    status_out: *mut jpki_cert_status,
    revoked_at_out: *mut i64,
    reason_out: *mut jpki_revocation_reason,
) -> jpki_result {
    boundary(|| {
        require_out!(status_out, revoked_at_out, reason_out);
        let response = try_slice!(response, len);
        let request = try_ref!(request);
        let issuer = try_ref!(issuer);
        let at = try_ffi!(time_from_c(at));
        let result = try_ffi!(verify_response(
            response,
            request,
            issuer,
            &OcspCheck::new(at)
        ));
        let (status, revoked) = match result.status {
            OcspCertStatus::Good => (jpki_cert_status::Good, None),
            OcspCertStatus::Revoked { at, reason } => {
                (jpki_cert_status::Revoked, Some((at, reason)))
            }
            // `Unknown`, and any status a newer core adds: never good.
            _ => (jpki_cert_status::Unknown, None),
        };
        // SAFETY: the outputs are non-NULL and writable (caller contract).
        unsafe { write_status(status, revoked, status_out, revoked_at_out, reason_out) }
    })
}
