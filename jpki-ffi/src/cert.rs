//! Placeholder on the card helper's branch: only the `jpki_certificate` type,
//! copied from the cert helper's `cert.rs` (which owns this file and replaces it
//! at the merge).

use jpki::Certificate;

use crate::ffi::Castable;

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
