//! Certificates (owned by the cert helper; only the handle type is here until
//! that module is merged).

/// A parsed certificate (see jpki_certificate_parse).
#[allow(non_camel_case_types)]
pub struct jpki_certificate {
    _private: [u8; 0],
}

impl crate::ffi::Castable for jpki_certificate {
    type RustType = jpki::Certificate;
}
