//! `jpki._rust`: the native module of the Python package `jpki` (pyo3, abi3 for
//! CPython ≥ 3.9). Thin: every class wraps a type of the core's public API, errors
//! become the exceptions of `jpki.exceptions` in one place (`errors`), and the GIL
//! is released around card I/O, signature checks and CRL loading.
//!
//! The public names are re-exported by the Python package (`python/jpki`), whose
//! stubs (`_rust.pyi`) document them for Python users.

mod card;
mod cert;
mod convert;
mod errors;
mod login;
mod revocation;
mod sim;
mod verifier;

use pyo3::prelude::*;

/// The module `jpki._rust`.
#[pymodule(gil_used = false)]
mod _rust {
    use pyo3::prelude::*;
    use pyo3::types::PyDict;

    #[pymodule_export]
    use crate::card::{PyCard, PyCardInfo, PyPinStatus, PyPreparedSignature};
    #[pymodule_export]
    use crate::cert::{PyApplicant, PyCertificate, PyComparison, PyFieldResult, PyPersonalInfo};
    #[pymodule_export]
    use crate::login::{
        PyAccountBinding, PyAccountKey, PyBindingStatus, PyLogin, PyLoginChallenge,
        PyLoginResponse, PyMemoryNonceStore, PyRegistration,
    };
    #[pymodule_export]
    use crate::revocation::{PyCrl, PyCrlEntry, PyOcspRequest, PyOcspStatus, check_ocsp_response};
    #[pymodule_export]
    use crate::sim::{PySimAuthority, PySimPersonalized, PySimVirtualCard};
    #[pymodule_export]
    use crate::verifier::{
        PyCertificateVerdict, PyCheckResult, PyOcspQuery, PyVerdict, PyVerifier,
    };

    /// Every stable error code and its name.
    #[pyfunction]
    fn error_kinds(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let dict = PyDict::new(py);
        for kind in jpki::ErrorKind::ALL {
            dict.set_item(kind.code(), kind.name())?;
        }
        Ok(dict)
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("JSON_SCHEMA_VERSION", jpki::Verdict::JSON_SCHEMA_VERSION)?;
        Ok(())
    }
}
