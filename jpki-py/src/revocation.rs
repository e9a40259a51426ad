//! CRLs and OCSP without a verifier: one certificate's status from data the
//! caller fetched.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use jpki::crypto::HashAlgorithm;
use jpki::revocation::RevocationReason;
use jpki::revocation::crl::{CrlLimits, OwnedCrlIndex, RevokedEntry, load_verified, pem_to_der};
use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, OcspResult, verify_response};
use jpki::{ErrorKind, Serial, Time};

use crate::cert::PyCertificate;
use crate::convert::{
    choice, opt_time_to_py, serial_from_py, serial_to_py, time_from_py, time_to_py,
};
use crate::errors::{OrRaise, kind_error};

/// Hash algorithms by name.
pub(crate) const HASHES: &[(&str, HashAlgorithm)] = &[
    ("sha1", HashAlgorithm::Sha1),
    ("sha256", HashAlgorithm::Sha256),
    ("sha384", HashAlgorithm::Sha384),
    ("sha512", HashAlgorithm::Sha512),
];

/// The name of a hash algorithm, as `HASHES` spells it.
pub(crate) fn hash_name(hash: HashAlgorithm) -> &'static str {
    HASHES
        .iter()
        .find(|(_, h)| *h == hash)
        .map_or("unknown", |(name, _)| name)
}

/// A reason in snake case (`affiliation_changed`).
fn reason_name(reason: RevocationReason) -> &'static str {
    match reason {
        RevocationReason::Unspecified => "unspecified",
        RevocationReason::KeyCompromise => "key_compromise",
        RevocationReason::CaCompromise => "ca_compromise",
        RevocationReason::AffiliationChanged => "affiliation_changed",
        RevocationReason::Superseded => "superseded",
        RevocationReason::CessationOfOperation => "cessation_of_operation",
        RevocationReason::CertificateHold => "certificate_hold",
        RevocationReason::RemoveFromCrl => "remove_from_crl",
        RevocationReason::PrivilegeWithdrawn => "privilege_withdrawn",
        _ => "aa_compromise",
    }
}

/// `jpki.CrlEntry`.
#[pyclass(frozen, module = "jpki", name = "CrlEntry")]
pub(crate) struct PyCrlEntry {
    serial: Vec<u8>,
    revocation_date: Time,
    reason: Option<RevocationReason>,
    invalidity_date: Option<Time>,
}

impl PyCrlEntry {
    fn of(entry: &RevokedEntry<'_>) -> Self {
        Self {
            serial: entry.serial.to_vec(),
            revocation_date: entry.revocation_date,
            reason: entry.reason,
            invalidity_date: entry.invalidity_date,
        }
    }
}

#[pymethods]
impl PyCrlEntry {
    #[getter]
    fn serial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serial_to_py(py, &self.serial)
    }

    #[getter]
    fn revocation_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.revocation_date)
    }

    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.reason.map(reason_name)
    }

    #[getter]
    fn invalidity_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_time_to_py(py, self.invalidity_date)
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.CrlEntry serial={} revoked={} reason={}>",
            Serial::from_bytes(&self.serial),
            self.revocation_date,
            self.reason.map_or("none", reason_name)
        )
    }
}

/// `jpki.Crl`: a CRL checked against its issuer and indexed.
#[pyclass(frozen, module = "jpki", name = "Crl")]
pub(crate) struct PyCrl {
    inner: OwnedCrlIndex,
}

/// A serial from an int or a certificate, and the certificate when given.
fn serial_arg<'a>(
    value: &'a Bound<'_, PyAny>,
) -> PyResult<(Serial, Option<Bound<'a, PyCertificate>>)> {
    match value.cast::<PyCertificate>() {
        Ok(cert) => Ok((cert.get().inner.serial().clone(), Some(cert.clone()))),
        Err(_) => Ok((serial_from_py(value)?, None)),
    }
}

impl PyCrl {
    fn find(&self, value: &Bound<'_, PyAny>) -> PyResult<Option<PyCrlEntry>> {
        let (serial, cert) = serial_arg(value)?;
        let index = self.inner.borrow();
        if let Some(cert) = cert
            && !index.crl().covers(&cert.get().inner)
        {
            return Err(kind_error(
                ErrorKind::RevocationUnavailable,
                format!(
                    "this CRL does not cover certificate {} (another issuer or partition): it says nothing about it",
                    cert.get().inner.serial()
                ),
            ));
        }
        Ok(index.lookup(&serial).as_ref().map(PyCrlEntry::of))
    }
}

#[pymethods]
impl PyCrl {
    #[staticmethod]
    fn load(py: Python<'_>, data: &[u8], issuer: &PyCertificate) -> PyResult<Self> {
        let issuer = &issuer.inner;
        let inner = py
            .detach(|| {
                let der: Cow<'_, [u8]> = if jpki::pem::looks_like_pem(data) {
                    Cow::Owned(pem_to_der(data)?)
                } else {
                    Cow::Borrowed(data)
                };
                load_verified(&der, issuer, &CrlLimits::default()).map(|index| index.to_owned())
            })
            .or_raise()?;
        Ok(Self { inner })
    }

    #[getter]
    fn der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.crl().der())
    }

    #[getter]
    fn this_update<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.crl().borrow().this_update())
    }

    #[getter]
    fn next_update<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_time_to_py(py, self.inner.crl().borrow().next_update())
    }

    fn is_current_at(&self, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self
            .inner
            .crl()
            .borrow()
            .is_current_at(time_from_py(Some(at))?))
    }

    fn covers(&self, certificate: &PyCertificate) -> bool {
        self.inner.crl().borrow().covers(&certificate.inner)
    }

    fn lookup(&self, serial: &Bound<'_, PyAny>) -> PyResult<Option<PyCrlEntry>> {
        self.find(serial)
    }

    fn is_revoked(&self, serial: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.find(serial)?.is_some())
    }

    fn entries(&self) -> PyResult<Vec<PyCrlEntry>> {
        let crl = self.inner.crl().borrow();
        let mut out = Vec::new();
        for entry in crl.entries() {
            out.push(PyCrlEntry::of(&entry.or_raise()?));
        }
        Ok(out)
    }

    fn __len__(&self) -> usize {
        self.inner.borrow().len()
    }

    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let entries = slf.get().entries()?;
        let list = pyo3::types::PyList::new(slf.py(), entries)?;
        list.try_iter().map(Bound::into_any)
    }

    fn __contains__(&self, serial: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.is_revoked(serial)
    }

    fn __repr__(&self) -> String {
        let crl = self.inner.crl().borrow();
        format!(
            "<jpki.Crl issuer={:?} entries={} this_update={}>",
            crl.issuer().to_string(),
            self.inner.borrow().len(),
            crl.this_update()
        )
    }
}

/// `jpki.OcspRequest`.
#[pyclass(frozen, module = "jpki", name = "OcspRequest")]
pub(crate) struct PyOcspRequest {
    inner: OcspRequest,
}

impl PyOcspRequest {
    /// Wraps a core request.
    pub(crate) fn wrap(inner: OcspRequest) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PyOcspRequest {
    #[new]
    #[pyo3(signature = (certificate, issuer, *, hash="sha1", nonce=None))]
    fn new(
        certificate: &PyCertificate,
        issuer: &PyCertificate,
        hash: &str,
        nonce: Option<Vec<u8>>,
    ) -> PyResult<Self> {
        let hash = choice("hash", hash, HASHES)?;
        OcspRequest::new(&certificate.inner, &issuer.inner, hash, nonce)
            .map(Self::wrap)
            .or_raise()
    }

    #[staticmethod]
    fn from_der(data: &[u8]) -> PyResult<Self> {
        OcspRequest::parse(data).map(Self::wrap).or_raise()
    }

    #[getter]
    fn der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.der())
    }

    #[getter]
    fn nonce<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.inner.nonce().map(|n| PyBytes::new(py, n))
    }

    #[getter]
    fn serial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serial_to_py(py, self.inner.cert_id().serial.as_bytes())
    }
}

/// `jpki.OcspStatus`.
#[pyclass(frozen, module = "jpki", name = "OcspStatus")]
pub(crate) struct PyOcspStatus {
    inner: OcspResult,
}

#[pymethods]
impl PyOcspStatus {
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }

    #[getter]
    fn revocation_time<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.inner.status {
            OcspCertStatus::Revoked { at, .. } => opt_time_to_py(py, Some(*at)),
            _ => Ok(None),
        }
    }

    #[getter]
    fn reason(&self) -> Option<&'static str> {
        match &self.inner.status {
            OcspCertStatus::Revoked { reason, .. } => reason.map(reason_name),
            _ => None,
        }
    }

    #[getter]
    fn this_update<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.this_update)
    }

    #[getter]
    fn next_update<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_time_to_py(py, self.inner.next_update)
    }

    #[getter]
    fn produced_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.produced_at)
    }

    fn __repr__(&self) -> String {
        format!("<jpki.OcspStatus {}>", self.inner.status.as_str())
    }
}

/// `jpki.check_ocsp_response`.
#[pyfunction]
#[pyo3(signature = (response, request, issuer, *, at=None))]
pub(crate) fn check_ocsp_response(
    py: Python<'_>,
    response: &[u8],
    request: &PyOcspRequest,
    issuer: &PyCertificate,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyOcspStatus> {
    let check = OcspCheck::new(time_from_py(at)?);
    let (request, issuer) = (&request.inner, &issuer.inner);
    let inner = py
        .detach(|| verify_response(response, request, issuer, &check))
        .or_raise()?;
    Ok(PyOcspStatus { inner })
}
