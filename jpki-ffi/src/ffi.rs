//! The conventions every export follows, in one place: opaque handles and their
//! casts, NULL checks, byte views, output buffers, and the panic boundary.
//!
//! * **Handles.** A C type `jpki_x` is `struct jpki_x { _private: [u8; 0] }`,
//!   never dereferenced by C. [`Castable`] ties it to the Rust value it stands
//!   for; [`into_handle`] boxes a value for C, [`handle_ref`]/[`handle_mut`] borrow
//!   it back (NULL → `None`), [`free_handle`] drops it (NULL → nothing).
//! * **Bytes in** are a pointer and a `size_t` length; NULL with length 0 is the
//!   empty slice, NULL with a length is a NULL argument ([`slice`]). Text in is
//!   UTF-8 bytes the same way ([`text`]), never NUL-terminated strings.
//! * **Bytes out** go into a caller buffer with its capacity and a `size_t *`
//!   for the length ([`write_out`]; JSON documents through [`write_json`]): the
//!   length needed is always written, and a
//!   capacity too small (a NULL buffer with capacity 0 asks for the size) returns
//!   `JPKI_RESULT_BUFFER_TOO_SMALL` without writing bytes. Text out is UTF-8
//!   without a terminating NUL.
//! * **Panics** never cross into C: [`boundary`] runs an export's body under
//!   `catch_unwind` and turns a panic into the return type's [`PanicDefault`]
//!   (`JPKI_RESULT_PANIC`, NULL, `false`, 0).

use std::panic::{AssertUnwindSafe, catch_unwind};

use jpki::Time;

use crate::result::jpki_result;

/// The latest instant C may pass: 9999-12-31T23:59:59Z, the end of the range
/// X.509 (and `jpki::Time`) can express.
pub(crate) const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

/// A time from C: `int64_t` Unix seconds, 0 to 9999-12-31T23:59:59Z;
/// `JPKI_RESULT_INVALID_ARGUMENT` otherwise. Every export taking a time goes
/// through this one conversion.
pub(crate) fn time_from_c(at: i64) -> Result<Time, jpki_result> {
    match u64::try_from(at) {
        Ok(secs) if secs <= MAX_UNIX_SECONDS => Ok(Time::from_unix_seconds(secs)),
        _ => Err(jpki_result::InvalidArgument),
    }
}

/// Ties an opaque C type to the Rust value a handle of it owns (a `Box`).
pub(crate) trait Castable {
    /// The Rust value behind the handle.
    type RustType;
}

/// Boxes `value` and gives C the pointer (freed by the type's `_free`).
pub(crate) fn into_handle<C: Castable>(value: C::RustType) -> *mut C {
    Box::into_raw(Box::new(value)).cast::<C>()
}

/// Borrows the value behind `handle`; `None` for NULL.
///
/// # Safety
/// `handle` is NULL or was returned by [`into_handle`] for the same `C` and not
/// freed; the value is not mutated for `'a` except through shared references
/// (the Rust types behind shared handles are `Sync` where the docs say so).
pub(crate) unsafe fn handle_ref<'a, C: Castable>(handle: *const C) -> Option<&'a C::RustType> {
    // SAFETY: non-NULL handles point to a live `Box<C::RustType>` allocation
    // (caller contract); a shared borrow of it is valid while C keeps it.
    unsafe { handle.cast::<C::RustType>().as_ref() }
}

/// Mutably borrows the value behind `handle`; `None` for NULL.
///
/// # Safety
/// As [`handle_ref`], and no other reference to the value is live for `'a`
/// (C must not use the handle from two threads at once; the docs of mutable
/// handles say so).
pub(crate) unsafe fn handle_mut<'a, C: Castable>(handle: *mut C) -> Option<&'a mut C::RustType> {
    // SAFETY: non-NULL handles point to a live, uniquely used `Box` allocation
    // (caller contract).
    unsafe { handle.cast::<C::RustType>().as_mut() }
}

/// Takes the value back from C (the handle is dangling afterwards); `None` for
/// NULL.
///
/// # Safety
/// `handle` is NULL or was returned by [`into_handle`] for the same `C` and is
/// not used again.
pub(crate) unsafe fn take_handle<C: Castable>(handle: *mut C) -> Option<C::RustType> {
    if handle.is_null() {
        return None;
    }
    // SAFETY: the pointer came from `Box::into_raw` of this type (caller
    // contract) and ownership returns to Rust exactly once.
    Some(*unsafe { Box::from_raw(handle.cast::<C::RustType>()) })
}

/// Drops the value behind `handle`; NULL is a no-op.
///
/// # Safety
/// As [`take_handle`].
pub(crate) unsafe fn free_handle<C: Castable>(handle: *mut C) {
    // SAFETY: forwarded caller contract.
    drop(unsafe { take_handle(handle) });
}

/// The bytes `data[0..len]`; the empty slice for NULL with length 0, `None`
/// (a NULL argument) for NULL with a length.
///
/// # Safety
/// A non-NULL `data` points to `len` readable bytes that stay unchanged for `'a`.
pub(crate) unsafe fn slice<'a>(data: *const u8, len: usize) -> Option<&'a [u8]> {
    if data.is_null() {
        return (len == 0).then_some(&[]);
    }
    // SAFETY: `data` is non-NULL and points to `len` readable bytes (caller
    // contract); `u8` has no alignment or validity requirement.
    Some(unsafe { std::slice::from_raw_parts(data, len) })
}

/// The UTF-8 text `data[0..len]` (not NUL-terminated): `Err` with
/// `JPKI_RESULT_NULL_PARAMETER` or `JPKI_RESULT_INVALID_UTF8`.
///
/// # Safety
/// As [`slice`].
pub(crate) unsafe fn text<'a>(data: *const u8, len: usize) -> Result<&'a str, jpki_result> {
    // SAFETY: forwarded caller contract.
    let bytes = unsafe { slice(data, len) }.ok_or(jpki_result::NullParameter)?;
    std::str::from_utf8(bytes).map_err(|_| jpki_result::InvalidUtf8)
}

/// Writes `bytes` into `buf` (capacity `cap`) and their length into `*out_len`.
/// The length is written even when `cap` is too small, so a first call with a
/// NULL buffer and capacity 0 asks for the size.
///
/// # Safety
/// `out_len` is NULL or writable; a non-NULL `buf` has `cap` writable bytes.
pub(crate) unsafe fn write_out(
    bytes: &[u8],
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    if out_len.is_null() {
        return jpki_result::NullParameter;
    }
    // SAFETY: `out_len` is non-NULL and writable (caller contract).
    unsafe { out_len.write(bytes.len()) };
    if bytes.is_empty() {
        return jpki_result::Ok;
    }
    if cap < bytes.len() {
        return jpki_result::BufferTooSmall;
    }
    if buf.is_null() {
        return jpki_result::NullParameter;
    }
    // SAFETY: `buf` has `cap >= bytes.len()` writable bytes (caller contract)
    // and cannot overlap `bytes`, which Rust owns.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len()) };
    jpki_result::Ok
}

/// Writes a JSON document (`serde_json::to_vec` of a value; UTF-8, no NUL) as
/// [`write_out`] does. Serializing the library's own values into memory does not
/// fail; should it ever, the C ABI has no better name for it than
/// `JPKI_RESULT_UNKNOWN`, and nothing is written.
///
/// # Safety
/// As [`write_out`].
pub(crate) unsafe fn write_json(
    json: serde_json::Result<Vec<u8>>,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    let Ok(json) = json else {
        return jpki_result::Unknown;
    };
    // SAFETY: forwarded caller contract on `buf`, `cap` and `out_len`.
    unsafe { write_out(&json, buf, cap, out_len) }
}

/// Writes `value` through `out`; `JPKI_RESULT_NULL_PARAMETER` for NULL.
///
/// # Safety
/// `out` is NULL or valid for a write of `T`.
pub(crate) unsafe fn write_value<T>(out: *mut T, value: T) -> jpki_result {
    if out.is_null() {
        return jpki_result::NullParameter;
    }
    // SAFETY: non-NULL and writable (caller contract); `T` is a plain C value
    // (handle pointer, integer, enum) with nothing to drop in the old value.
    unsafe { out.write(value) };
    jpki_result::Ok
}

/// What an export returns when its body panicked.
pub(crate) trait PanicDefault {
    /// The value.
    fn panic_default() -> Self;
}

impl PanicDefault for jpki_result {
    fn panic_default() -> Self {
        Self::Panic
    }
}

impl<T> PanicDefault for *mut T {
    fn panic_default() -> Self {
        std::ptr::null_mut()
    }
}

impl<T> PanicDefault for *const T {
    fn panic_default() -> Self {
        std::ptr::null()
    }
}

impl PanicDefault for bool {
    fn panic_default() -> Self {
        false
    }
}

impl PanicDefault for i64 {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for u32 {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for () {
    fn panic_default() -> Self {}
}

/// Runs an export's body; a panic becomes `R::panic_default()` instead of
/// unwinding into C (undefined behaviour).
pub(crate) fn boundary<R: PanicDefault>(body: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| R::panic_default())
}

/// `Ok(v)` → `v`; `Err(r)` → returns `r` from the enclosing closure (use inside
/// [`boundary`] bodies returning `jpki_result`).
macro_rules! try_ffi {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(r) => return $crate::result::jpki_result::from(r),
        }
    };
}
pub(crate) use try_ffi;

/// Borrows a handle or returns `JPKI_RESULT_NULL_PARAMETER`.
macro_rules! try_ref {
    ($p:expr) => {
        // SAFETY: the export's contract: the handle is NULL or live.
        match unsafe { $crate::ffi::handle_ref($p) } {
            Some(v) => v,
            None => return $crate::result::jpki_result::NullParameter,
        }
    };
}
pub(crate) use try_ref;

/// Mutably borrows a handle or returns `JPKI_RESULT_NULL_PARAMETER`.
macro_rules! try_mut {
    ($p:expr) => {
        // SAFETY: the export's contract: the handle is NULL or live, and not in
        // use elsewhere.
        match unsafe { $crate::ffi::handle_mut($p) } {
            Some(v) => v,
            None => return $crate::result::jpki_result::NullParameter,
        }
    };
}
pub(crate) use try_mut;

/// A byte view or `JPKI_RESULT_NULL_PARAMETER`.
macro_rules! try_slice {
    ($data:expr, $len:expr) => {
        // SAFETY: the export's contract: `data` is NULL or `len` readable bytes.
        match unsafe { $crate::ffi::slice($data, $len) } {
            Some(v) => v,
            None => return $crate::result::jpki_result::NullParameter,
        }
    };
}
pub(crate) use try_slice;

/// UTF-8 text or `JPKI_RESULT_NULL_PARAMETER` / `JPKI_RESULT_INVALID_UTF8`.
macro_rules! try_text {
    ($data:expr, $len:expr) => {
        // SAFETY: the export's contract: `data` is NULL or `len` readable bytes.
        match unsafe { $crate::ffi::text($data, $len) } {
            Ok(v) => v,
            Err(r) => return r,
        }
    };
}
pub(crate) use try_text;

/// Rejects NULL output pointers before any work.
macro_rules! require_out {
    ($($p:expr),+) => {
        $(if $p.is_null() {
            return $crate::result::jpki_result::NullParameter;
        })+
    };
}
pub(crate) use require_out;

impl From<std::convert::Infallible> for jpki_result {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}
