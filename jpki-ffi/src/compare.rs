//! Comparing a signing certificate's 4 basic info with what an applicant wrote
//! on a form: field by field, exact, equal after normalization, equal except at
//! the certificate's substitute characters, or different (and where).
//!
//! A `jpki_applicant` is filled with `jpki_applicant_set_*` (one thread at a
//! time); `jpki_certificate_compare` gives an immutable `jpki_comparison`,
//! which any number of threads may read at once.

use jpki::cert::PersonalField;
use jpki::{Applicant, Comparison, FieldMatch};

use crate::cert::{jpki_certificate, jpki_sex};
use crate::ffi::{
    Castable, boundary, free_handle, handle_ref, into_handle, require_out, try_ffi, try_mut,
    try_ref, try_text, write_out, write_value,
};
use crate::result::jpki_result;

/// What an applicant wrote: name, birth date, sex and address, each optional
/// (a field never set compares as `JPKI_FIELD_RESULT_NOT_PROVIDED`).
///
/// Created by `jpki_applicant_new`, freed with `jpki_applicant_free`. Set from
/// one thread at a time; reading it (`jpki_certificate_compare`) from several
/// threads at once is safe while no thread sets it.
#[allow(non_camel_case_types)]
pub struct jpki_applicant {
    _private: [u8; 0],
}

impl Castable for jpki_applicant {
    type RustType = Applicant;
}

/// The field-by-field result of `jpki_certificate_compare`.
///
/// Freed with `jpki_comparison_free`. Immutable: usable from several threads
/// at once.
#[allow(non_camel_case_types)]
pub struct jpki_comparison {
    _private: [u8; 0],
}

impl Castable for jpki_comparison {
    type RustType = Comparison;
}

/// One of the 4 basic info fields.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_personal_field {
    /// 氏名, the name.
    Name = 1,
    /// 生年月日, the birth date.
    BirthDate = 2,
    /// 性別, the sex.
    Sex = 3,
    /// 住所, the address.
    Address = 4,
}

impl jpki_personal_field {
    /// The field for a value from C; `JPKI_RESULT_INVALID_ARGUMENT` for others.
    fn from_u32(value: u32) -> Result<PersonalField, jpki_result> {
        match value {
            1 => Ok(PersonalField::Name),
            2 => Ok(PersonalField::BirthDate),
            3 => Ok(PersonalField::Sex),
            4 => Ok(PersonalField::Address),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// How one field of the applicant compares with the certificate. The first
/// three are matches.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_field_result {
    /// Identical strings (or, for birth date and sex, values).
    Exact = 1,
    /// Equal after normalization (character width, spaces; for addresses also
    /// dashes and block numbers such as `2丁目1番2号` = `2-1-2`).
    Normalized = 2,
    /// Equal (maybe after normalization) except at positions the certificate
    /// marks as substitutes, where the applicant wrote the character the
    /// substitute stands for (`髙` for `高`).
    EquivalentBySubstitution = 3,
    /// Different; `jpki_comparison_field_message` says how.
    Mismatch = 4,
    /// The applicant did not give this field.
    NotProvided = 5,
}

impl jpki_field_result {
    fn of(m: &FieldMatch) -> Result<Self, jpki_result> {
        Ok(match m {
            FieldMatch::Exact => Self::Exact,
            FieldMatch::Normalized { .. } => Self::Normalized,
            FieldMatch::EquivalentBySubstitution { .. } => Self::EquivalentBySubstitution,
            FieldMatch::Mismatch { .. } => Self::Mismatch,
            FieldMatch::NotProvided => Self::NotProvided,
            _ => return Err(jpki_result::Unknown),
        })
    }
}

/// The result of one field of a comparison.
fn field_of(cmp: &Comparison, field: u32) -> Result<&FieldMatch, jpki_result> {
    Ok(match jpki_personal_field::from_u32(field)? {
        PersonalField::Name => &cmp.name,
        PersonalField::BirthDate => &cmp.birth_date,
        PersonalField::Sex => &cmp.sex,
        PersonalField::Address => &cmp.address,
        _ => return Err(jpki_result::InvalidArgument),
    })
}

/// A new applicant who wrote nothing yet, freed with `jpki_applicant_free`;
/// NULL only if memory ran out. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn jpki_applicant_new() -> *mut jpki_applicant {
    boundary(|| into_handle::<jpki_applicant>(Applicant::new()))
}

/// Frees an applicant. NULL does nothing; freeing twice is undefined.
///
/// # Safety
/// `applicant` is NULL or a live handle from this library, not in use by
/// another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_applicant_free(applicant: *mut jpki_applicant) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(applicant) }
    })
}

/// Sets the name as written (UTF-8 `name[0..len]`, not NUL-terminated; with or
/// without a space between surname and given name; copied). An empty name is
/// a given (and mismatching) name. Not thread-safe for one applicant.
///
/// # Safety
/// `applicant` is NULL or live and not in use by another thread; `name` is
/// NULL (only with `len` 0) or points to `len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_applicant_set_name(
    applicant: *mut jpki_applicant,
    name: *const u8,
    len: usize,
) -> jpki_result {
    boundary(|| {
        let applicant = try_mut!(applicant);
        let name = try_text!(name, len);
        applicant.name = Some(name.to_owned());
        jpki_result::Ok
    })
}

/// Sets the address as written (UTF-8, as `jpki_applicant_set_name`). Not
/// thread-safe for one applicant.
///
/// # Safety
/// As `jpki_applicant_set_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_applicant_set_address(
    applicant: *mut jpki_applicant,
    address: *const u8,
    len: usize,
) -> jpki_result {
    boundary(|| {
        let applicant = try_mut!(applicant);
        let address = try_text!(address, len);
        applicant.address = Some(address.to_owned());
        jpki_result::Ok
    })
}

/// Sets the birth date from text as applicants write it (UTF-8, not
/// NUL-terminated): `1950-04-01`, `1950/4/1`, `1950年4月1日`, `昭和25年4月1日`,
/// `昭和元年12月25日`, `S25.4.1`, `H1.1.8`, `R1.5.1` (full-width characters and
/// spaces are accepted; the date must exist and fall within its era).
/// `JPKI_RESULT_INVALID_DATE` otherwise (the applicant is unchanged). Not
/// thread-safe for one applicant.
///
/// # Safety
/// As `jpki_applicant_set_name`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_applicant_set_birth_date(
    applicant: *mut jpki_applicant,
    text: *const u8,
    len: usize,
) -> jpki_result {
    boundary(|| {
        let applicant = try_mut!(applicant);
        let text = try_text!(text, len);
        let date = try_ffi!(Applicant::parse_birth_date(text));
        applicant.birth_date = Some(date);
        jpki_result::Ok
    })
}

/// Sets the sex: a `jpki_sex` value (`JPKI_RESULT_INVALID_ARGUMENT` for any
/// other number). Not thread-safe for one applicant.
///
/// # Safety
/// `applicant` is NULL or live and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_applicant_set_sex(
    applicant: *mut jpki_applicant,
    sex: u32,
) -> jpki_result {
    boundary(|| {
        let applicant = try_mut!(applicant);
        let sex = try_ffi!(jpki_sex::from_u32(sex));
        applicant.sex = Some(sex);
        jpki_result::Ok
    })
}

/// Forgets one field (a `jpki_personal_field`), which then compares as not
/// provided. Not thread-safe for one applicant.
///
/// # Safety
/// `applicant` is NULL or live and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_applicant_unset(
    applicant: *mut jpki_applicant,
    field: u32,
) -> jpki_result {
    boundary(|| {
        let applicant = try_mut!(applicant);
        match try_ffi!(jpki_personal_field::from_u32(field)) {
            PersonalField::Name => applicant.name = None,
            PersonalField::BirthDate => applicant.birth_date = None,
            PersonalField::Sex => applicant.sex = None,
            PersonalField::Address => applicant.address = None,
            _ => return jpki_result::InvalidArgument,
        }
        jpki_result::Ok
    })
}

/// Compares `cert`'s 4 basic info with what `applicant` wrote. Names are
/// compared after width and space normalization, addresses also after dash
/// and block-number normalization; at the certificate's substitute positions
/// the character a substitute stands for is accepted; birth dates compare as
/// dates, sex by code. On success `*comparison_out` receives a new handle,
/// freed with `jpki_comparison_free`. `JPKI_RESULT_NO_PERSONAL_INFO` for a
/// certificate without the 4 basic info. Thread-safe (as long as no thread
/// sets `applicant` meanwhile).
///
/// # Safety
/// `cert` and `applicant` are NULL or live; `comparison_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_certificate_compare(
    cert: *const jpki_certificate,
    applicant: *const jpki_applicant,
    comparison_out: *mut *mut jpki_comparison,
) -> jpki_result {
    boundary(|| {
        require_out!(comparison_out);
        let cert = try_ref!(cert);
        let applicant = try_ref!(applicant);
        let info = try_ffi!(cert.personal_info().ok_or(jpki_result::NoPersonalInfo));
        let comparison = info.compare(applicant);
        // SAFETY: `comparison_out` is non-NULL and writable (caller contract).
        unsafe { write_value(comparison_out, into_handle::<jpki_comparison>(comparison)) }
    })
}

/// Frees a comparison. NULL does nothing; freeing twice is undefined.
///
/// # Safety
/// `comparison` is NULL or a live handle from this library, not in use by
/// another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_comparison_free(comparison: *mut jpki_comparison) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(comparison) }
    })
}

/// Whether all four fields were given and match; `false` for NULL.
/// Thread-safe.
///
/// # Safety
/// `comparison` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_comparison_all_match(comparison: *const jpki_comparison) -> bool {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live.
        unsafe { handle_ref(comparison) }.is_some_and(Comparison::all_match)
    })
}

/// Whether every field given matches and at least one was given; `false` for
/// NULL. Thread-safe.
///
/// # Safety
/// `comparison` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_comparison_provided_match(
    comparison: *const jpki_comparison,
) -> bool {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live.
        unsafe { handle_ref(comparison) }.is_some_and(Comparison::provided_match)
    })
}

/// How `field` (a `jpki_personal_field`) compares: `*result_out` receives a
/// `jpki_field_result`. `JPKI_RESULT_INVALID_ARGUMENT` for an unknown field.
/// Thread-safe.
///
/// # Safety
/// `comparison` is NULL or live; `result_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_comparison_field(
    comparison: *const jpki_comparison,
    field: u32,
    result_out: *mut jpki_field_result,
) -> jpki_result {
    boundary(|| {
        require_out!(result_out);
        let comparison = try_ref!(comparison);
        let m = try_ffi!(field_of(comparison, field));
        let result = try_ffi!(jpki_field_result::of(m));
        // SAFETY: `result_out` is non-NULL and writable (caller contract).
        unsafe { write_value(result_out, result) }
    })
}

/// How `field` compares, in short English (UTF-8): `exact`,
/// `normalized (width, block_number)`,
/// `equivalent by substitution at 0 (space)`, `not provided`, or for a
/// mismatch the field and both values:
/// `birth date: expected 昭和25年4月1日, found 昭和25年4月2日`,
/// `name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)`;
/// into `buf` (capacity `cap`), its length into `*out_len`.
/// `JPKI_RESULT_INVALID_ARGUMENT` for an unknown field. Thread-safe.
///
/// # Safety
/// `comparison` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_comparison_field_message(
    comparison: *const jpki_comparison,
    field: u32,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let comparison = try_ref!(comparison);
        let m = try_ffi!(field_of(comparison, field));
        // SAFETY: forwarded caller contract.
        unsafe { write_out(m.to_string().as_bytes(), buf, cap, out_len) }
    })
}

/// The comparison as the library's JSON (the `comparison` object of
/// `jpki verify --json` and `jpki cert compare --json`: `match`,
/// `all_four_match`, `fields` {`name`, `birth_date`, `sex`, `address`}, each
/// with `result`, `match` and, as they apply, `normalized`, `positions`,
/// `field`, `expected`, `found`, `position`, `message`), compact UTF-8, into
/// `buf` (capacity `cap`); its length into `*out_len`. Thread-safe.
///
/// # Safety
/// `comparison` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_comparison_json(
    comparison: *const jpki_comparison,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let comparison = try_ref!(comparison);
        // Serializing the core's own value types cannot fail; if it ever did,
        // say so rather than write half a document.
        let json = try_ffi!(serde_json::to_vec(comparison).map_err(|_| jpki_result::Panic));
        // SAFETY: forwarded caller contract.
        unsafe { write_out(&json, buf, cap, out_len) }
    })
}
