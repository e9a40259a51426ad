//! Certificates, their 4 basic info, applicants and comparisons.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};

use jpki::{Applicant, Certificate, Comparison, FieldMatch, PersonalInfo, Sex};

use crate::convert::{bytes_or_str, choice, date_from_py, date_to_py, serial_to_py, time_to_py};
use crate::errors::{OrRaise, kind_error};

/// The sexes by their names in the CLI's JSON.
pub(crate) const SEXES: &[(&str, Sex)] = &[
    ("male", Sex::Male),
    ("female", Sex::Female),
    ("unknown", Sex::Unknown),
];

/// A Python dict from a value the core serializes with the CLI's JSON names.
pub(crate) fn json_dict<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    let text = json_text(value)?;
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// The JSON text of a value, as the CLI prints it (without indentation).
pub(crate) fn json_text<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| crate::errors::internal(&e.to_string()))
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// `jpki.Certificate`.
#[pyclass(frozen, module = "jpki", name = "Certificate")]
pub(crate) struct PyCertificate {
    pub(crate) inner: Certificate,
}

impl PyCertificate {
    /// Wraps a core certificate.
    pub(crate) fn wrap(inner: Certificate) -> Self {
        Self { inner }
    }
}

/// Certificates from DER, a PEM bundle, or a sequence of `Certificate`s.
pub(crate) fn certificates_from_py(value: &Bound<'_, PyAny>) -> PyResult<Vec<Certificate>> {
    if let Ok(data) = bytes_or_str(value) {
        return Certificate::parse_all(&data).or_raise();
    }
    let mut out = Vec::new();
    for item in value.try_iter()? {
        let item = item?;
        let cert = item.cast::<PyCertificate>().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(
                "expected bytes, str or a sequence of jpki.Certificate",
            )
        })?;
        out.push(cert.get().inner.clone());
    }
    Ok(out)
}

#[pymethods]
impl PyCertificate {
    #[staticmethod]
    fn from_der(data: &[u8]) -> PyResult<Self> {
        Certificate::from_der(data).map(Self::wrap).or_raise()
    }

    #[staticmethod]
    fn from_pem(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let data = bytes_or_str(data)?;
        if !jpki::pem::looks_like_pem(&data) {
            return Err(kind_error(
                jpki::ErrorKind::NoPemBlock,
                "no PEM block: expected -----BEGIN CERTIFICATE-----",
            ));
        }
        Certificate::parse(&data).map(Self::wrap).or_raise()
    }

    #[staticmethod]
    fn load_all(data: &Bound<'_, PyAny>) -> PyResult<Vec<Self>> {
        let data = bytes_or_str(data)?;
        Certificate::parse_all(&data)
            .map(|v| v.into_iter().map(Self::wrap).collect())
            .or_raise()
    }

    #[getter]
    fn der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.der())
    }

    fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind().as_str()
    }

    #[getter]
    fn serial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serial_to_py(py, self.inner.serial().as_bytes())
    }

    #[getter]
    fn subject(&self) -> String {
        self.inner.subject().to_string()
    }

    #[getter]
    fn issuer(&self) -> String {
        self.inner.issuer().to_string()
    }

    #[getter]
    fn not_valid_before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.not_before())
    }

    #[getter]
    fn not_valid_after<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.not_after())
    }

    #[getter]
    fn personal_info(&self) -> Option<PyPersonalInfo> {
        self.inner
            .personal_info()
            .cloned()
            .map(|inner| PyPersonalInfo { inner })
    }

    #[getter]
    fn prefecture(&self) -> Option<&str> {
        self.inner.prefecture()
    }

    #[getter]
    fn municipality(&self) -> Option<&str> {
        self.inner.municipality()
    }

    #[getter]
    fn ocsp_urls(&self) -> Vec<String> {
        self.inner.ocsp_urls().to_vec()
    }

    #[getter]
    fn is_ca(&self) -> bool {
        self.inner.is_ca()
    }

    fn is_valid_at(&self, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self
            .inner
            .is_valid_at(crate::convert::time_from_py(Some(at))?))
    }

    fn compare(&self, applicant: &PyApplicant) -> PyResult<PyComparison> {
        let info = self
            .inner
            .personal_info()
            .ok_or_else(|| jpki::Error::NoPersonalInfo {
                kind: self.inner.kind().as_str(),
            });
        let info = info.or_raise()?;
        Ok(PyComparison {
            inner: info.compare(&applicant.inner),
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyCertificate>()
            .is_ok_and(|o| o.get().inner.der() == self.inner.der())
    }

    fn __hash__(&self) -> u64 {
        hash_of(self.inner.der())
    }

    /// Pickling and copying go through the DER.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let from_der = slf.get_type().getattr("from_der")?;
        Ok((from_der, (PyBytes::new(slf.py(), slf.get().inner.der()),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.Certificate kind={} serial={} subject={:?}>",
            self.inner.kind().as_str(),
            self.inner.serial(),
            self.inner.subject().to_string()
        )
    }
}

/// `jpki.PersonalInfo`.
#[pyclass(frozen, module = "jpki", name = "PersonalInfo")]
pub(crate) struct PyPersonalInfo {
    pub(crate) inner: PersonalInfo,
}

#[pymethods]
impl PyPersonalInfo {
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    #[getter]
    fn surname(&self) -> &str {
        self.inner.surname()
    }

    #[getter]
    fn given_name(&self) -> Option<&str> {
        self.inner.given_name()
    }

    #[getter]
    fn name_substitutes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.name_substitutes().positions())
    }

    #[getter]
    fn birth_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        date_to_py(py, self.inner.birth_date().date())
    }

    #[getter]
    fn birth_date_japanese(&self) -> String {
        self.inner.birth_date().to_japanese()
    }

    #[getter]
    fn sex(&self) -> &'static str {
        self.inner.sex().as_str()
    }

    #[getter]
    fn address(&self) -> &str {
        self.inner.address()
    }

    #[getter]
    fn address_substitutes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.address_substitutes().positions())
    }

    #[getter]
    fn other_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for field in self.inner.other_fields() {
            dict.set_item(field.oid.to_dotted(), &field.value)?;
        }
        Ok(dict)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPersonalInfo>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.inner.name().hash(&mut hasher);
        self.inner.address().hash(&mut hasher);
        self.inner.birth_date().hash(&mut hasher);
        hasher.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.PersonalInfo name={:?} birth_date={} sex={} address={:?}>",
            self.inner.name(),
            self.inner.birth_date().to_iso(),
            self.inner.sex().as_str(),
            self.inner.address()
        )
    }
}

/// `jpki.Applicant`.
#[pyclass(frozen, module = "jpki", name = "Applicant")]
pub(crate) struct PyApplicant {
    pub(crate) inner: Applicant,
}

#[pymethods]
impl PyApplicant {
    #[new]
    #[pyo3(signature = (*, name=None, birth_date=None, sex=None, address=None))]
    fn new(
        name: Option<String>,
        birth_date: Option<&Bound<'_, PyAny>>,
        sex: Option<&str>,
        address: Option<String>,
    ) -> PyResult<Self> {
        let birth_date = birth_date
            .map(|d| date_from_py(d, Applicant::parse_birth_date))
            .transpose()?;
        let sex = sex.map(|s| choice("sex", s, SEXES)).transpose()?;
        Ok(Self {
            inner: Applicant {
                name,
                birth_date,
                sex,
                address,
            },
        })
    }

    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    #[getter]
    fn birth_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.birth_date.map(|d| date_to_py(py, d)).transpose()
    }

    #[getter]
    fn sex(&self) -> Option<&'static str> {
        self.inner.sex.map(Sex::as_str)
    }

    #[getter]
    fn address(&self) -> Option<&str> {
        self.inner.address.as_deref()
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.Applicant name={:?} birth_date={:?} sex={:?} address={:?}>",
            self.inner.name,
            self.inner.birth_date.map(|d| d.to_string()),
            self.inner.sex.map(Sex::as_str),
            self.inner.address
        )
    }
}

/// `jpki.FieldResult`: one field of a comparison.
#[pyclass(frozen, module = "jpki", name = "FieldResult")]
pub(crate) struct PyFieldResult {
    field: &'static str,
    inner: FieldMatch,
}

#[pymethods]
impl PyFieldResult {
    #[getter]
    fn field(&self) -> &'static str {
        self.field
    }

    #[getter]
    fn result(&self) -> &'static str {
        match &self.inner {
            FieldMatch::Exact => "exact",
            FieldMatch::Normalized { .. } => "normalized",
            FieldMatch::EquivalentBySubstitution { .. } => "equivalent_by_substitution",
            FieldMatch::Mismatch { .. } => "mismatch",
            _ => "not_provided",
        }
    }

    #[getter]
    fn is_match(&self) -> bool {
        self.inner.is_match()
    }

    #[getter]
    fn normalized(&self) -> Vec<&'static str> {
        match &self.inner {
            FieldMatch::Normalized { applied }
            | FieldMatch::EquivalentBySubstitution { applied, .. } => {
                applied.iter().map(|n| n.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }

    #[getter]
    fn positions(&self) -> Vec<usize> {
        match &self.inner {
            FieldMatch::EquivalentBySubstitution { positions, .. } => positions.clone(),
            _ => Vec::new(),
        }
    }

    #[getter]
    fn expected(&self) -> Option<&str> {
        match &self.inner {
            FieldMatch::Mismatch { expected, .. } => Some(expected),
            _ => None,
        }
    }

    #[getter]
    fn found(&self) -> Option<&str> {
        match &self.inner {
            FieldMatch::Mismatch { found, .. } => Some(found),
            _ => None,
        }
    }

    #[getter]
    fn position(&self) -> Option<usize> {
        match &self.inner {
            FieldMatch::Mismatch { position, .. } => *position,
            _ => None,
        }
    }

    #[getter]
    fn message(&self) -> String {
        self.inner.to_string()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!("<jpki.FieldResult {}: {}>", self.field, self.inner)
    }
}

/// `jpki.Comparison`.
#[pyclass(frozen, module = "jpki", name = "Comparison")]
pub(crate) struct PyComparison {
    pub(crate) inner: Comparison,
}

impl PyComparison {
    fn field(field: &'static str, m: &FieldMatch) -> PyFieldResult {
        PyFieldResult {
            field,
            inner: m.clone(),
        }
    }
}

#[pymethods]
impl PyComparison {
    #[getter]
    fn all_match(&self) -> bool {
        self.inner.all_match()
    }

    #[getter]
    fn provided_match(&self) -> bool {
        self.inner.provided_match()
    }

    #[getter]
    fn name(&self) -> PyFieldResult {
        Self::field("name", &self.inner.name)
    }

    #[getter]
    fn birth_date(&self) -> PyFieldResult {
        Self::field("birth_date", &self.inner.birth_date)
    }

    #[getter]
    fn sex(&self) -> PyFieldResult {
        Self::field("sex", &self.inner.sex)
    }

    #[getter]
    fn address(&self) -> PyFieldResult {
        Self::field("address", &self.inner.address)
    }

    #[getter]
    fn fields(&self) -> Vec<PyFieldResult> {
        self.inner
            .fields()
            .into_iter()
            .map(|(field, m)| Self::field(field.as_str(), m))
            .collect()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.Comparison provided_match={} all_match={}>",
            self.inner.provided_match(),
            self.inner.all_match()
        )
    }
}
