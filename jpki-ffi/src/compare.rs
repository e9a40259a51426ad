//! Applicants and comparisons (owned by the cert helper; only the handle type is
//! here until that module is merged).

/// What an applicant wrote on the form (see jpki_applicant_new).
#[allow(non_camel_case_types)]
pub struct jpki_applicant {
    _private: [u8; 0],
}

impl crate::ffi::Castable for jpki_applicant {
    type RustType = jpki::Applicant;
}
