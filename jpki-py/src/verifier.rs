//! The verifier and its verdicts.

use pyo3::prelude::*;

use jpki::revocation::{RevocationMode, SourceOrder};
use jpki::{
    CertificateVerdict, Check, CrlChange, PolicySet, RevocationPolicy, Usage, Verdict, Verifier,
};

use crate::cert::{
    PyApplicant, PyCertificate, PyComparison, PyPersonalInfo, certificates_from_py, json_dict,
    json_text,
};
use crate::convert::{choice, opt_time_to_py, serial_to_py, time_from_py, time_to_py};
use crate::errors::{OrRaise, exception_value, to_py};
use crate::login::{PyAccountBinding, PyLogin, PyLoginChallenge, PyLoginResponse};
use crate::revocation::PyOcspRequest;

/// Usages by their names in the CLI.
pub(crate) const USAGES: &[(&str, Usage)] = &[
    ("signing", Usage::Signing),
    ("authentication", Usage::Authentication),
    ("any", Usage::Any),
];

const MODES: &[(&str, RevocationMode)] = &[
    ("hard", RevocationMode::HardFail),
    ("soft", RevocationMode::SoftFail),
    ("off", RevocationMode::Off),
];

/// A policy set from dotted OIDs.
fn policies(oids: &[String]) -> PyResult<PolicySet> {
    let parsed = oids
        .iter()
        .map(|o| o.parse::<jpki::oid::Oid>())
        .collect::<Result<Vec<_>, _>>()
        .or_raise()?;
    Ok(PolicySet::of(&parsed))
}

/// `jpki.Verifier`: shared by any number of threads (the core's `Verifier` is
/// `Send + Sync`; CRLs and OCSP responses are added under its own lock).
#[pyclass(frozen, module = "jpki", name = "Verifier")]
pub(crate) struct PyVerifier {
    inner: Verifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (
        trust_anchors, *, intermediates=None, revocation="hard", crl_first=false,
        max_crl_age=None, signer_usage="signing", signing_policies=None,
        authentication_policies=None, allow_legacy_sha1=false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        trust_anchors: &Bound<'_, PyAny>,
        intermediates: Option<&Bound<'_, PyAny>>,
        revocation: &str,
        crl_first: bool,
        max_crl_age: Option<u64>,
        signer_usage: &str,
        signing_policies: Option<Vec<String>>,
        authentication_policies: Option<Vec<String>>,
        allow_legacy_sha1: bool,
    ) -> PyResult<Self> {
        let mode = choice("revocation mode", revocation, MODES)?;
        let order = if crl_first {
            SourceOrder::CrlFirst
        } else {
            SourceOrder::OcspFirst
        };
        let mut builder = Verifier::builder()
            .trust_anchors(certificates_from_py(trust_anchors)?)
            .revocation(
                RevocationPolicy::default()
                    .with_mode(mode)
                    .with_order(order)
                    .with_max_crl_age(max_crl_age),
            )
            .signer_usage(choice("usage", signer_usage, USAGES)?)
            .allow_legacy_sha1(allow_legacy_sha1);
        if let Some(intermediates) = intermediates {
            builder = builder.intermediates(certificates_from_py(intermediates)?);
        }
        if let Some(oids) = signing_policies {
            builder = builder.signing_policies(policies(&oids)?);
        }
        if let Some(oids) = authentication_policies {
            builder = builder.authentication_policies(policies(&oids)?);
        }
        Ok(Self {
            inner: builder.build().or_raise()?,
        })
    }

    #[getter]
    fn trust_anchors(&self) -> Vec<PyCertificate> {
        self.inner
            .trust_anchors()
            .iter()
            .cloned()
            .map(PyCertificate::wrap)
            .collect()
    }

    #[getter]
    fn crl_count(&self) -> usize {
        self.inner.crl_count()
    }

    fn add_crl(&self, py: Python<'_>, data: &[u8]) -> PyResult<&'static str> {
        let change = py.detach(|| self.inner.add_crl(data)).or_raise()?;
        Ok(match change {
            CrlChange::Added => "added",
            CrlChange::Replaced => "replaced",
            _ => "kept_newer",
        })
    }

    fn add_ocsp_response(&self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        py.detach(|| self.inner.add_ocsp_response(data)).or_raise()
    }

    fn clear_ocsp_responses(&self) {
        self.inner.clear_ocsp_responses();
    }

    #[pyo3(signature = (signed, *, content=None, applicant=None, at=None))]
    fn verify(
        &self,
        py: Python<'_>,
        signed: &[u8],
        content: Option<&[u8]>,
        applicant: Option<&PyApplicant>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyVerdict> {
        let at = time_from_py(at)?;
        let applicant = applicant.map(|a| &a.inner);
        let inner = py.detach(|| self.inner.verify(signed, content, applicant, at));
        Ok(PyVerdict { inner })
    }

    #[pyo3(signature = (certificate, *, usage="signing", at=None))]
    fn verify_certificate(
        &self,
        py: Python<'_>,
        certificate: &PyCertificate,
        usage: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCertificateVerdict> {
        let usage = choice("usage", usage, USAGES)?;
        let at = time_from_py(at)?;
        let cert = &certificate.inner;
        let inner = py.detach(|| self.inner.verify_certificate(cert, usage, at));
        Ok(PyCertificateVerdict { inner })
    }

    #[pyo3(signature = (certificate, *, at=None))]
    fn ocsp_requests(
        &self,
        py: Python<'_>,
        certificate: &PyCertificate,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyOcspQuery>> {
        let at = time_from_py(at)?;
        let cert = &certificate.inner;
        let queries = py
            .detach(|| self.inner.ocsp_requests(cert, at))
            .or_raise()?;
        Ok(queries
            .into_iter()
            .map(|q| PyOcspQuery {
                serial: q.serial.as_bytes().to_vec(),
                url: q.url,
                request: q.request,
            })
            .collect())
    }

    #[pyo3(signature = (response, store, *, at=None))]
    fn verify_login(
        &self,
        py: Python<'_>,
        response: &PyLoginResponse,
        store: &Bound<'_, PyAny>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyLogin> {
        crate::login::verify_login(py, &self.inner, response, store, at)
    }

    #[pyo3(signature = (response, challenge, *, at=None))]
    fn verify_login_redeemed(
        &self,
        py: Python<'_>,
        response: &PyLoginResponse,
        challenge: &PyLoginChallenge,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyLogin> {
        crate::login::verify_login_redeemed(py, &self.inner, response, challenge, at)
    }

    #[pyo3(signature = (signed_application, applicant, login_response, store, *, at=None))]
    fn register(
        &self,
        py: Python<'_>,
        signed_application: &[u8],
        applicant: &PyApplicant,
        login_response: &PyLoginResponse,
        store: &Bound<'_, PyAny>,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyAccountBinding> {
        crate::login::register(
            py,
            &self.inner,
            signed_application,
            applicant,
            login_response,
            store,
            at,
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.Verifier anchors={} crls={}>",
            self.inner.trust_anchors().len(),
            self.inner.crl_count()
        )
    }
}

/// `jpki.OcspQuery`.
#[pyclass(frozen, module = "jpki", name = "OcspQuery")]
pub(crate) struct PyOcspQuery {
    serial: Vec<u8>,
    url: Option<String>,
    request: jpki::revocation::ocsp::OcspRequest,
}

#[pymethods]
impl PyOcspQuery {
    #[getter]
    fn serial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serial_to_py(py, &self.serial)
    }

    #[getter]
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    #[getter]
    fn request(&self) -> PyOcspRequest {
        PyOcspRequest::wrap(self.request.clone())
    }
}

/// `jpki.CheckResult`.
#[pyclass(frozen, module = "jpki", name = "CheckResult")]
pub(crate) struct PyCheckResult {
    inner: Check,
}

#[pymethods]
impl PyCheckResult {
    #[getter]
    fn result(&self) -> &'static str {
        self.inner.as_str()
    }

    #[getter]
    fn passed(&self) -> bool {
        self.inner.passed()
    }

    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .error()
            .map(|e| exception_value(py, e))
            .transpose()
    }

    fn __repr__(&self) -> String {
        match self.inner.error() {
            Some(e) => format!("<jpki.CheckResult failed: {e}>"),
            None => format!("<jpki.CheckResult {}>", self.inner.as_str()),
        }
    }
}

fn check(check: &Check) -> PyCheckResult {
    PyCheckResult {
        inner: check.clone(),
    }
}

fn path(path: Option<&jpki::path::ValidatedPath>) -> Vec<PyCertificate> {
    path.map(|p| {
        p.certificates()
            .iter()
            .cloned()
            .map(PyCertificate::wrap)
            .collect()
    })
    .unwrap_or_default()
}

fn raise_first(error: Option<&jpki::Error>, valid: bool) -> PyResult<()> {
    match error {
        Some(e) => Err(to_py(e.clone())),
        // Invalid without an error: an applicant with no field at all (the
        // check did not run), which fails closed.
        None if !valid => Err(to_py(jpki::Error::PersonalInfoMismatch)),
        None => Ok(()),
    }
}

/// The methods both verdict classes have, then each class's own (`$extra`):
/// pyo3 sees one `#[pymethods]` block per class.
macro_rules! verdict_methods {
    ($ty:ident, $name:literal, { $($extra:tt)* }) => {
        #[pymethods]
        impl $ty {
            #[getter]
            fn valid(&self) -> bool {
                self.inner.is_valid()
            }

            #[getter]
            fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                time_to_py(py, self.inner.at)
            }

            #[getter]
            fn certificate(&self) -> PyCheckResult {
                check(&self.inner.certificate)
            }

            #[getter]
            fn revocation(&self) -> PyCheckResult {
                check(&self.inner.revocation)
            }

            #[getter]
            fn revocation_status(&self) -> &'static str {
                self.inner.revocation_status.as_str()
            }

            #[getter]
            fn path(&self) -> Vec<PyCertificate> {
                path(self.inner.path.as_ref())
            }

            #[getter]
            fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
                self.inner
                    .error()
                    .map(|e| exception_value(py, e))
                    .transpose()
            }

            fn raise_for_error(&self) -> PyResult<()> {
                raise_first(self.inner.error(), self.inner.is_valid())
            }

            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                json_dict(py, &self.inner)
            }

            fn to_json(&self) -> PyResult<String> {
                json_text(&self.inner)
            }

            fn __repr__(&self) -> String {
                match self.inner.error() {
                    Some(e) => format!("<jpki.{} valid={} error={e}>", $name, self.inner.is_valid()),
                    None => format!("<jpki.{} valid={}>", $name, self.inner.is_valid()),
                }
            }

            $($extra)*
        }
    };
}

/// `jpki.Verdict`.
#[pyclass(frozen, module = "jpki", name = "Verdict")]
pub(crate) struct PyVerdict {
    pub(crate) inner: Verdict,
}

verdict_methods!(PyVerdict, "Verdict", {
    #[getter]
    fn signature(&self) -> PyCheckResult {
        check(&self.inner.signature)
    }

    #[getter]
    fn personal_info(&self) -> PyCheckResult {
        check(&self.inner.personal_info)
    }

    #[getter]
    fn signer(&self) -> Option<PyCertificate> {
        self.inner.signer().cloned().map(PyCertificate::wrap)
    }

    #[getter]
    fn claimed_signer(&self) -> Option<PyCertificate> {
        self.inner.claimed_signer.clone().map(PyCertificate::wrap)
    }

    #[getter]
    fn holder(&self) -> Option<PyPersonalInfo> {
        self.inner
            .holder
            .clone()
            .map(|inner| PyPersonalInfo { inner })
    }

    #[getter]
    fn comparison(&self) -> Option<PyComparison> {
        self.inner
            .comparison
            .clone()
            .map(|inner| PyComparison { inner })
    }

    #[getter]
    fn signing_time<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let time = self
            .inner
            .signature_details
            .as_ref()
            .and_then(|s| s.signing_time);
        opt_time_to_py(py, time)
    }
});

/// `jpki.CertificateVerdict`.
#[pyclass(frozen, module = "jpki", name = "CertificateVerdict")]
pub(crate) struct PyCertificateVerdict {
    pub(crate) inner: CertificateVerdict,
}

verdict_methods!(PyCertificateVerdict, "CertificateVerdict", {
    #[getter]
    fn usage(&self) -> &'static str {
        self.inner.usage.as_str()
    }

    #[getter]
    fn subject(&self) -> PyCertificate {
        PyCertificate::wrap(self.inner.subject.clone())
    }
});
