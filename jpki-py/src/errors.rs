//! The one place where the core's errors become Python exceptions.
//!
//! The classes are defined in Python (`jpki/exceptions.py`: subclassing works
//! the same under abi3) and looked up here by the hundreds of the stable code
//! (`ErrorKind::code`), the areas of the core's code table.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use jpki::{Error, ErrorKind};

/// The `jpki.exceptions` class for a kind.
fn class_name(kind: ErrorKind) -> &'static str {
    match kind.code() {
        100..=199 => "MalformedError",
        200..=299 => "InvalidCertificate",
        300..=399 => "PathError",
        400..=499 => "SignatureInvalid",
        500..=599 => "PersonalInfoError",
        600 => "RevokedError",
        601..=699 => "RevocationError",
        700..=799 => "OcspError",
        800..=899 => "CardError",
        900..=999 => "PinError",
        1000..=1099 => "SimulatorError",
        1100..=1199 => "LoginError",
        _ => "JpkiError",
    }
}

/// Tries left that a secret error tells, for `PinError.remaining`.
fn remaining(error: &Error) -> Option<u8> {
    match error {
        Error::WrongPin { remaining, .. } => Some(*remaining),
        Error::PinBlocked { .. } => Some(0),
        Error::LastTryRefused { .. } => Some(1),
        _ => None,
    }
}

/// An exception instance of the class for `kind` (not raised).
fn instance<'py>(
    py: Python<'py>,
    kind: ErrorKind,
    message: String,
    remaining: Option<u8>,
) -> PyResult<Bound<'py, PyAny>> {
    let class = py.import("jpki.exceptions")?.getattr(class_name(kind))?;
    if kind.code() / 100 == 9 {
        class.call1((message, kind.code(), kind.name(), remaining))
    } else {
        class.call1((message, kind.code(), kind.name()))
    }
}

/// The exception for a core error, as an instance (for verdicts, which report
/// failures without raising).
pub(crate) fn exception_value<'py>(py: Python<'py>, error: &Error) -> PyResult<Bound<'py, PyAny>> {
    instance(py, error.kind(), error.to_string(), remaining(error))
}

/// The exception to raise for a core error.
pub(crate) fn to_py(error: Error) -> PyErr {
    Python::attach(|py| match exception_value(py, &error) {
        Ok(value) => PyErr::from_value(value),
        Err(e) => e,
    })
}

/// The exception to raise for a kind the binding itself detects (a certificate a
/// CRL does not cover, a closed card…), with its own message.
pub(crate) fn kind_error(kind: ErrorKind, message: impl Into<String>) -> PyErr {
    let message = message.into();
    Python::attach(|py| match instance(py, kind, message, None) {
        Ok(value) => PyErr::from_value(value),
        Err(e) => e,
    })
}

/// `Result<T, jpki::Error>` to `PyResult<T>`.
pub(crate) trait OrRaise<T> {
    /// Raises the matching `jpki.exceptions` class on error.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// A `ValueError` for a value a Python caller got wrong.
pub(crate) fn value_error(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

/// A state the binding never expects (a poisoned lock after a panic).
pub(crate) fn internal(message: &str) -> PyErr {
    PyRuntimeError::new_err(format!("jpki internal error: {message}"))
}
