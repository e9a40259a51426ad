//! Certificates: parsing (DER or PEM, one or a bundle), the X.509 fields a JPKI
//! verifier shows, the issuing CA, and the 4 basic info (基本4情報) of a signing
//! certificate with their substitute-character (代替文字) positions.
//!
//! A `jpki_certificate` never changes once parsed: every function taking a
//! `const jpki_certificate *` only reads it, so one handle may be used from any
//! number of threads at once (freeing it must wait until they are done).
//!
//! There is no JSON of a whole certificate: the `jpki cert show --json` object is
//! the CLI's, not the library's. The 4 basic info have the library's JSON
//! ([`jpki_certificate_personal_info_json`]).

use jpki::cert::{CertificateKind, IssuerMatch, SubstitutePositions};
use jpki::{Certificate, PersonalInfo, Sex, Time};

use crate::ffi::{
    Castable, boundary, free_handle, handle_ref, into_handle, require_out, try_ffi, try_ref,
    try_slice, write_out, write_value,
};
use crate::result::jpki_result;

/// A parsed X.509 certificate with its JPKI reading (kind, 4 basic info).
///
/// Created by `jpki_certificate_parse` (or taken from a `jpki_certificate_list`),
/// freed with `jpki_certificate_free`. Immutable: usable from several threads at
/// once.
#[allow(non_camel_case_types)]
pub struct jpki_certificate {
    _private: [u8; 0],
}

impl Castable for jpki_certificate {
    type RustType = Certificate;
}

/// The certificates of a PEM bundle (a trust-anchor file), in file order.
///
/// Created by `jpki_certificate_list_parse`, freed with
/// `jpki_certificate_list_free`; `jpki_certificate_list_get` gives a
/// certificate of it as a handle of its own. Immutable: usable from several
/// threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_certificate_list {
    _private: [u8; 0],
}

impl Castable for jpki_certificate_list {
    type RustType = Vec<Certificate>;
}

/// What a certificate is for, in JPKI terms (`jpki_certificate_get_kind`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_certificate_kind {
    /// 署名用電子証明書: a signing certificate; carries the 4 basic info.
    Signing = 1,
    /// 利用者証明用電子証明書: a user authentication certificate; no personal data.
    Authentication = 2,
    /// A certification authority (basicConstraints cA).
    Ca = 3,
    /// Anything else.
    Other = 4,
}

impl jpki_certificate_kind {
    fn of(kind: CertificateKind) -> Self {
        match kind {
            CertificateKind::Signing => Self::Signing,
            CertificateKind::Authentication => Self::Authentication,
            CertificateKind::Ca => Self::Ca,
            _ => Self::Other,
        }
    }
}

/// How a certificate's authorityKeyIdentifier designates a candidate issuer
/// (`jpki_certificate_issued_by`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_issuer_match {
    /// The candidate is not the issuer: names do not chain, or the key id (or
    /// issuer and serial) differ. Several J-LIS CA generations share one DN, so a
    /// name alone never matches.
    None = 0,
    /// The certificate's authority key id equals the candidate's subject key id.
    KeyId = 1,
    /// The authority key id names the candidate's issuer and serial (used when
    /// there is no key id).
    IssuerAndSerial = 2,
}

/// 性別 as the certificate codes it (the values are the certificate's codes).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_sex {
    /// `1`: male.
    Male = 1,
    /// `2`: female.
    Female = 2,
    /// `3`: not known.
    Unknown = 3,
}

impl jpki_sex {
    pub(crate) fn of(sex: Sex) -> Self {
        match sex {
            Sex::Male => Self::Male,
            Sex::Female => Self::Female,
            Sex::Unknown => Self::Unknown,
        }
    }

    /// The sex for a value from C; `JPKI_RESULT_INVALID_ARGUMENT` for others.
    pub(crate) fn from_u32(value: u32) -> Result<Sex, jpki_result> {
        match value {
            1 => Ok(Sex::Male),
            2 => Ok(Sex::Female),
            3 => Ok(Sex::Unknown),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// A [`Time`] as C's `int64_t` Unix seconds (saturating: X.509 times end in
/// 9999, far below `INT64_MAX`).
pub(crate) fn unix_seconds(time: Time) -> i64 {
    i64::try_from(time.unix_seconds()).unwrap_or(i64::MAX)
}

/// Writes `values` (converted to `uint32_t`) into `out` (capacity `cap`
/// elements) and their count into `*out_len`, as [`write_out`] does for bytes:
/// the count is always written, a capacity too small is
/// `JPKI_RESULT_BUFFER_TOO_SMALL`, an empty list needs no buffer.
///
/// # Safety
/// `out_len` is NULL or writable; a non-NULL `out` has `cap` writable,
/// aligned `uint32_t`s.
pub(crate) unsafe fn write_u32s(
    values: &[usize],
    out: *mut u32,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    if out_len.is_null() {
        return jpki_result::NullParameter;
    }
    let converted = try_ffi!(
        values
            .iter()
            .map(|&v| u32::try_from(v).map_err(|_| jpki_result::InvalidArgument))
            .collect::<Result<Vec<u32>, jpki_result>>()
    );
    // SAFETY: `out_len` is non-NULL and writable (caller contract).
    unsafe { out_len.write(converted.len()) };
    if converted.is_empty() {
        return jpki_result::Ok;
    }
    if cap < converted.len() {
        return jpki_result::BufferTooSmall;
    }
    if out.is_null() {
        return jpki_result::NullParameter;
    }
    // SAFETY: `out` has `cap >= converted.len()` writable, aligned `u32`s
    // (caller contract) and cannot overlap `converted`, which Rust owns.
    unsafe { std::ptr::copy_nonoverlapping(converted.as_ptr(), out, converted.len()) };
    jpki_result::Ok
}

/// Writes a borrowed byte view: `*data_out` points into memory Rust keeps
/// alive, `*len_out` is its length.
///
/// # Safety
/// Both outputs are NULL or writable.
pub(crate) unsafe fn write_view(
    bytes: &[u8],
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    require_out!(data_out, len_out);
    // SAFETY: both are non-NULL and writable (caller contract).
    unsafe {
        data_out.write(bytes.as_ptr());
        len_out.write(bytes.len());
    }
    jpki_result::Ok
}

/// The 4 basic info of `cert`, or `JPKI_RESULT_NO_PERSONAL_INFO`.
fn personal(cert: &Certificate) -> Result<&PersonalInfo, jpki_result> {
    cert.personal_info().ok_or(jpki_result::NoPersonalInfo)
}

/// Parses one certificate given as DER or PEM (the first `CERTIFICATE` block of
/// a PEM document) from `data[0..len]` (copied: `data` may be freed after the
/// call). On success `*cert_out` receives a new handle, freed with
/// `jpki_certificate_free`.
///
/// Errors: `JPKI_RESULT_DECODE` (not a DER certificate, trailing data), the PEM
/// codes, and those of a malformed JPKI reading (`JPKI_RESULT_INVALID_SEX`,
/// `JPKI_RESULT_MISSING_PERSONAL_FIELD`…). Thread-safe.
///
/// # Safety
/// `data` is NULL (only with `len` 0) or points to `len` readable bytes;
/// `cert_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_parse(
    data: *const u8,
    len: usize,
    cert_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(cert_out);
        let input = try_slice!(data, len);
        let cert = try_ffi!(Certificate::parse(input));
        // SAFETY: `cert_out` is non-NULL and writable (caller contract).
        unsafe { write_value(cert_out, into_handle::<jpki_certificate>(cert)) }
    })
}

/// Frees a certificate. NULL does nothing; freeing twice, or using the handle
/// (or a view from it, such as `jpki_certificate_der`'s) afterwards, is
/// undefined.
///
/// # Safety
/// `cert` is NULL or a live handle from this library, not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_free(cert: *mut jpki_certificate) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(cert) }
    })
}

/// A new handle for the same certificate (cheap: the parsed certificate is
/// shared), freed with `jpki_certificate_free` independently of `cert`.
/// Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `clone_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_clone(
    cert: *const jpki_certificate,
    clone_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(clone_out);
        let cert = try_ref!(cert);
        // SAFETY: `clone_out` is non-NULL and writable (caller contract).
        unsafe { write_value(clone_out, into_handle::<jpki_certificate>(cert.clone())) }
    })
}

/// The certificate's DER exactly as parsed: `*data_out` points into the handle
/// (not copied, not to be freed), valid until `jpki_certificate_free(cert)`.
/// Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_der(
    cert: *const jpki_certificate,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let cert = try_ref!(cert);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(cert.der(), data_out, len_out) }
    })
}

/// The certificate as a PEM `CERTIFICATE` block (ASCII, LF line ends, no NUL)
/// into `buf` (capacity `cap`); its length into `*out_len`
/// (`JPKI_RESULT_BUFFER_TOO_SMALL` with the length needed when `cap` is too
/// small). Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_pem(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(cert.to_pem().as_bytes(), buf, cap, out_len) }
    })
}

/// What the certificate is for: `*kind_out` receives a `jpki_certificate_kind`
/// (signing, authentication, CA, other). (Named `get_kind` because C cannot
/// have a function and a type both called `jpki_certificate_kind`.)
/// Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `kind_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_get_kind(
    cert: *const jpki_certificate,
    kind_out: *mut jpki_certificate_kind,
) -> jpki_result {
    boundary(|| {
        require_out!(kind_out);
        let cert = try_ref!(cert);
        // SAFETY: `kind_out` is non-NULL and writable (caller contract).
        unsafe { write_value(kind_out, jpki_certificate_kind::of(cert.kind())) }
    })
}

/// The serial number as text, `0x` and lower-case hex (`0x04d2`), the form of
/// the CLI and the JSON, into `buf` (capacity `cap`); its length into
/// `*out_len`. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_serial_hex(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(cert.serial().to_string().as_bytes(), buf, cap, out_len) }
    })
}

/// The serial number as minimal big-endian bytes (no sign octet; empty for
/// zero): `*data_out` points into the handle, valid until
/// `jpki_certificate_free(cert)`. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_serial(
    cert: *const jpki_certificate,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let cert = try_ref!(cert);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(cert.serial().as_bytes(), data_out, len_out) }
    })
}

/// The subject name as text, attributes in certificate order
/// (`C=JP, L=Tokyo, CN=…`; UTF-8), into `buf` (capacity `cap`); its length into
/// `*out_len`. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_subject(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(cert.subject().to_string().as_bytes(), buf, cap, out_len) }
    })
}

/// The issuer name as text, as `jpki_certificate_subject` writes names.
/// Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_issuer(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(cert.issuer().to_string().as_bytes(), buf, cap, out_len) }
    })
}

/// notBefore, in seconds since the Unix epoch, into `*time_out`. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `time_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_not_before(
    cert: *const jpki_certificate,
    time_out: *mut i64,
) -> jpki_result {
    boundary(|| {
        require_out!(time_out);
        let cert = try_ref!(cert);
        // SAFETY: `time_out` is non-NULL and writable (caller contract).
        unsafe { write_value(time_out, unix_seconds(cert.not_before())) }
    })
}

/// notAfter, in seconds since the Unix epoch (J-LIS: 23:59:59 JST), into
/// `*time_out`. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `time_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_not_after(
    cert: *const jpki_certificate,
    time_out: *mut i64,
) -> jpki_result {
    boundary(|| {
        require_out!(time_out);
        let cert = try_ref!(cert);
        // SAFETY: `time_out` is non-NULL and writable (caller contract).
        unsafe { write_value(time_out, unix_seconds(cert.not_after())) }
    })
}

/// Whether, and how, `cert`'s authorityKeyIdentifier designates `ca` as its
/// issuer: `*match_out` receives a `jpki_issuer_match`. This tells which
/// generation of a J-LIS CA (several share one DN) issued the certificate, as
/// `jpki cert show --trust` does; it does **not** verify the signature (a
/// `jpki_verifier` validates paths). Thread-safe.
///
/// # Safety
/// `cert` and `ca` are NULL or live; `match_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_issued_by(
    cert: *const jpki_certificate,
    ca: *const jpki_certificate,
    match_out: *mut jpki_issuer_match,
) -> jpki_result {
    boundary(|| {
        require_out!(match_out);
        let cert = try_ref!(cert);
        let ca = try_ref!(ca);
        let how = match cert.issuer_match(ca) {
            Some(IssuerMatch::KeyId) => jpki_issuer_match::KeyId,
            Some(IssuerMatch::IssuerAndSerial) => jpki_issuer_match::IssuerAndSerial,
            None => jpki_issuer_match::None,
        };
        // SAFETY: `match_out` is non-NULL and writable (caller contract).
        unsafe { write_value(match_out, how) }
    })
}

/// Whether the certificate carries the 4 basic info (a signing certificate
/// does); `false` for NULL. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_has_personal_info(cert: *const jpki_certificate) -> bool {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live.
        unsafe { handle_ref(cert) }.is_some_and(|c| c.personal_info().is_some())
    })
}

/// Writes one text field of the 4 basic info.
///
/// # Safety
/// As the exports that call it.
unsafe fn personal_text(
    cert: *const jpki_certificate,
    field: impl FnOnce(&PersonalInfo) -> String,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        let info = try_ffi!(personal(cert));
        // SAFETY: forwarded caller contract.
        unsafe { write_out(field(info).as_bytes(), buf, cap, out_len) }
    })
}

/// 氏名 as the certificate has it (substitute characters included; surname and
/// given name separated by U+3000), UTF-8, into `buf` (capacity `cap`); its
/// length into `*out_len`. `JPKI_RESULT_NO_PERSONAL_INFO` for a certificate
/// without the 4 basic info. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_name(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    // SAFETY: forwarded caller contract.
    unsafe { personal_text(cert, |i| i.name().to_owned(), buf, cap, out_len) }
}

/// 住所 as the certificate has it (substitute characters included), UTF-8, as
/// `jpki_certificate_name`. Thread-safe.
///
/// # Safety
/// As `jpki_certificate_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_address(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    // SAFETY: forwarded caller contract.
    unsafe { personal_text(cert, |i| i.address().to_owned(), buf, cap, out_len) }
}

/// 生年月日 as an ISO date, `1950-04-01`, as `jpki_certificate_name`.
/// Thread-safe.
///
/// # Safety
/// As `jpki_certificate_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_birth_date_iso(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    // SAFETY: forwarded caller contract.
    unsafe { personal_text(cert, |i| i.birth_date().to_iso(), buf, cap, out_len) }
}

/// 生年月日 in the Japanese era form, `昭和25年4月1日` (`令和元年5月1日` for a first
/// year; the Gregorian `1950年4月1日` when the certificate's era code is
/// unknown), UTF-8, as `jpki_certificate_name`. Thread-safe.
///
/// # Safety
/// As `jpki_certificate_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_birth_date_japanese(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    // SAFETY: forwarded caller contract.
    unsafe { personal_text(cert, |i| i.birth_date().to_japanese(), buf, cap, out_len) }
}

/// 性別: `*sex_out` receives a `jpki_sex`. `JPKI_RESULT_NO_PERSONAL_INFO` for a
/// certificate without the 4 basic info. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `sex_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_sex(
    cert: *const jpki_certificate,
    sex_out: *mut jpki_sex,
) -> jpki_result {
    boundary(|| {
        require_out!(sex_out);
        let cert = try_ref!(cert);
        let info = try_ffi!(personal(cert));
        // SAFETY: `sex_out` is non-NULL and writable (caller contract).
        unsafe { write_value(sex_out, jpki_sex::of(info.sex())) }
    })
}

/// Writes the substitute positions of one field.
///
/// # Safety
/// As the exports that call it.
unsafe fn substitutes(
    cert: *const jpki_certificate,
    field: impl FnOnce(&PersonalInfo) -> &SubstitutePositions,
    positions: *mut u32,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        let info = try_ffi!(personal(cert));
        // SAFETY: forwarded caller contract.
        unsafe { write_u32s(field(info).positions(), positions, cap, out_len) }
    })
}

/// Which characters of the name are substitutes (代替文字, standing for
/// characters outside the certificate's character set): their 0-based
/// **character** (Unicode scalar value, not byte) indices in
/// `jpki_certificate_name`'s text, ascending, into `positions` (capacity `cap`
/// elements); their count into `*out_len` (0, with no buffer needed, when none
/// is). `JPKI_RESULT_BUFFER_TOO_SMALL` (with the count) when `cap` is too
/// small; `JPKI_RESULT_NO_PERSONAL_INFO` for a certificate without the 4 basic
/// info. Thread-safe.
///
/// # Safety
/// `cert` is NULL or live; `positions` is NULL or has `cap` writable
/// `uint32_t`s; `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_name_substitutes(
    cert: *const jpki_certificate,
    positions: *mut u32,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    // SAFETY: forwarded caller contract.
    unsafe {
        substitutes(
            cert,
            PersonalInfo::name_substitutes,
            positions,
            cap,
            out_len,
        )
    }
}

/// Which characters of the address are substitutes, as
/// `jpki_certificate_name_substitutes` (indices into
/// `jpki_certificate_address`'s text). Thread-safe.
///
/// # Safety
/// As `jpki_certificate_name_substitutes`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_address_substitutes(
    cert: *const jpki_certificate,
    positions: *mut u32,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    // SAFETY: forwarded caller contract.
    unsafe {
        substitutes(
            cert,
            PersonalInfo::address_substitutes,
            positions,
            cap,
            out_len,
        )
    }
}

/// The 4 basic info as the library's JSON (the `holder` object of
/// `jpki verify --json`: `name`, `surname`, `given_name`, `name_substitutes`,
/// `name_substituted`, `birth_date` {`iso`, `japanese`, `era`, `era_code`,
/// `certificate_form`}, `sex`, `sex_code`, `address`, `address_substitutes`,
/// `address_substituted`, `other_fields`), compact UTF-8, into `buf`
/// (capacity `cap`); its length into `*out_len`.
/// `JPKI_RESULT_NO_PERSONAL_INFO` for a certificate without them. Thread-safe.
///
/// # Safety
/// As `jpki_certificate_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_personal_info_json(
    cert: *const jpki_certificate,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let cert = try_ref!(cert);
        let info = try_ffi!(personal(cert));
        // Serializing the core's own value types cannot fail; if it ever did,
        // say so rather than write half a document.
        let json = try_ffi!(serde_json::to_vec(info).map_err(|_| jpki_result::Panic));
        // SAFETY: forwarded caller contract.
        unsafe { write_out(&json, buf, cap, out_len) }
    })
}

/// Parses every certificate of a PEM bundle (such as a trust-anchor file), or
/// the single certificate of a DER input, from `data[0..len]` (copied). On
/// success `*list_out` receives a new list, freed with
/// `jpki_certificate_list_free`. Any certificate that does not parse fails the
/// whole call with its error; a PEM document without a `CERTIFICATE` block is
/// `JPKI_RESULT_NO_PEM_BLOCK`. Thread-safe.
///
/// # Safety
/// `data` is NULL (only with `len` 0) or points to `len` readable bytes;
/// `list_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_list_parse(
    data: *const u8,
    len: usize,
    list_out: *mut *mut jpki_certificate_list,
) -> jpki_result {
    boundary(|| {
        require_out!(list_out);
        let input = try_slice!(data, len);
        let certs = try_ffi!(Certificate::parse_all(input));
        // SAFETY: `list_out` is non-NULL and writable (caller contract).
        unsafe { write_value(list_out, into_handle::<jpki_certificate_list>(certs)) }
    })
}

/// Frees a list (certificates taken from it with `jpki_certificate_list_get`
/// stay valid). NULL does nothing; freeing twice is undefined.
///
/// # Safety
/// `list` is NULL or a live handle from this library, not in use by another
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_list_free(list: *mut jpki_certificate_list) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(list) }
    })
}

/// The number of certificates in the list, into `*len_out`. Thread-safe.
///
/// # Safety
/// `list` is NULL or live; `len_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_list_len(
    list: *const jpki_certificate_list,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(len_out);
        let list = try_ref!(list);
        // SAFETY: `len_out` is non-NULL and writable (caller contract).
        unsafe { write_value(len_out, list.len()) }
    })
}

/// The certificate at `index` (0-based, file order) as a new handle into
/// `*cert_out`, freed with `jpki_certificate_free` (independently of the list);
/// `JPKI_RESULT_INVALID_ARGUMENT` when `index` is not below the length.
/// Thread-safe.
///
/// # Safety
/// `list` is NULL or live; `cert_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_list_get(
    list: *const jpki_certificate_list,
    index: usize,
    cert_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(cert_out);
        let list = try_ref!(list);
        let cert = try_ffi!(list.get(index).ok_or(jpki_result::InvalidArgument));
        // SAFETY: `cert_out` is non-NULL and writable (caller contract).
        unsafe { write_value(cert_out, into_handle::<jpki_certificate>(cert.clone())) }
    })
}
