//! The simulator (`jpki.sim`): a J-LIS authority and virtual cards in memory.

use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use jpki::card::{CardKind, PinKind, Secret};
use jpki::sim::{
    Authority, AuthorityOptions, Event, IssuedRecord, RegisterRecord, VirtualCard, personalize,
};
use jpki::{Certificate, Date, ErrorKind, Time};

use crate::card::{PIN_KINDS, lock};
use crate::cert::{PyCertificate, SEXES};
use crate::convert::{choice, date_from_py, serial_to_py, time_from_py};
use crate::errors::{OrRaise, kind_error};

const EVENTS: &[(&str, Event)] = &[
    ("move", Event::Move),
    ("rename", Event::NameChange),
    ("death", Event::Death),
    ("notation-change", Event::AddressNotationChange),
    ("merger", Event::MunicipalMerger),
    ("voluntary", Event::Voluntary),
    ("key-compromise", Event::KeyCompromise),
];

/// `jpki.sim.VirtualCard`.
#[pyclass(frozen, module = "jpki.sim", name = "VirtualCard")]
pub(crate) struct PySimVirtualCard {
    card: Arc<Mutex<VirtualCard>>,
}

impl PySimVirtualCard {
    /// The card, shared with a `jpki.Card` that drives it.
    pub(crate) fn shared(&self) -> Arc<Mutex<VirtualCard>> {
        Arc::clone(&self.card)
    }
}

#[pymethods]
impl PySimVirtualCard {
    #[new]
    fn new() -> Self {
        Self {
            card: Arc::new(Mutex::new(VirtualCard::new(CardKind::MyNumberCard))),
        }
    }

    #[pyo3(signature = (command, /))]
    fn transmit<'py>(&self, py: Python<'py>, command: &[u8]) -> Bound<'py, PyBytes> {
        let answer = py.detach(|| lock(&self.card).process(command));
        PyBytes::new(py, &answer)
    }

    fn tries_left(&self, kind: &str) -> PyResult<u8> {
        let kind = choice("secret kind", kind, PIN_KINDS)?;
        Ok(lock(&self.card).tries_left(kind))
    }

    fn __repr__(&self) -> String {
        "<jpki.sim.VirtualCard>".to_owned()
    }
}

/// `jpki.sim.Personalized`.
#[pyclass(frozen, module = "jpki.sim", name = "Personalized")]
pub(crate) struct PySimPersonalized {
    signing: Option<Certificate>,
    authentication: Certificate,
}

#[pymethods]
impl PySimPersonalized {
    #[getter]
    fn signing(&self) -> Option<PyCertificate> {
        self.signing.clone().map(PyCertificate::wrap)
    }

    #[getter]
    fn authentication(&self) -> PyCertificate {
        PyCertificate::wrap(self.authentication.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.sim.Personalized signing={} authentication={}>",
            self.signing
                .as_ref()
                .map_or_else(|| "none".to_owned(), |c| c.serial().to_string()),
            self.authentication.serial()
        )
    }
}

/// `jpki.sim.Authority`.
#[pyclass(frozen, module = "jpki.sim", name = "Authority")]
pub(crate) struct PySimAuthority {
    inner: Mutex<Authority>,
}

impl PySimAuthority {
    fn issued(authority: &Authority, certificate: &Certificate) -> PyResult<IssuedRecord> {
        authority
            .find_issued(certificate.serial())
            .filter(|record| record.certificate().der() == certificate.der())
            .cloned()
            .ok_or_else(|| {
                kind_error(
                    ErrorKind::SimUnknownSerial,
                    format!(
                        "this authority did not issue certificate {}",
                        certificate.serial()
                    ),
                )
            })
    }
}

#[pymethods]
impl PySimAuthority {
    #[new]
    #[pyo3(signature = (*, at=None))]
    fn new(py: Python<'_>, at: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let at = time_from_py(at)?;
        let authority = py
            .detach(|| Authority::new(AuthorityOptions::default(), at))
            .or_raise()?;
        Ok(Self {
            inner: Mutex::new(authority),
        })
    }

    #[getter]
    fn trust_anchors(&self) -> Vec<PyCertificate> {
        lock(&self.inner)
            .trust_anchors()
            .into_iter()
            .cloned()
            .map(PyCertificate::wrap)
            .collect()
    }

    fn trust_anchors_pem<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, lock(&self.inner).trust_pem().as_bytes())
    }

    #[pyo3(signature = (card, *, name, birth_date, sex, address, sign_password, auth_pin, at=None))]
    #[allow(clippy::too_many_arguments)]
    fn personalize(
        &self,
        py: Python<'_>,
        card: &PySimVirtualCard,
        name: String,
        birth_date: &Bound<'_, PyAny>,
        sex: &str,
        address: String,
        sign_password: Option<&str>,
        auth_pin: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySimPersonalized> {
        let birth_date = date_from_py(birth_date, Date::parse_iso)?;
        let sex = choice("sex", sex, SEXES)?;
        let password = match sign_password {
            None | Some("") => None,
            Some(p) => Some(Secret::new(PinKind::SigningPassword, p).or_raise()?),
        };
        let auth_pin = Secret::new(PinKind::AuthenticationPin, auth_pin).or_raise()?;
        let at = time_from_py(at)?;
        let record = RegisterRecord {
            name,
            birth_date,
            sex,
            address,
            prefecture: None,
            municipality: None,
        };
        let card = card.shared();
        let done = py
            .detach(|| {
                let mut authority = lock(&self.inner);
                let mut card = lock(&card);
                personalize(
                    &mut authority,
                    &mut card,
                    &record,
                    password.as_ref(),
                    &auth_pin,
                    at,
                )
            })
            .or_raise()?;
        Ok(PySimPersonalized {
            signing: done.signing,
            authentication: done.authentication,
        })
    }

    #[pyo3(signature = (certificate, event, *, at=None))]
    fn event<'py>(
        &self,
        py: Python<'py>,
        certificate: &PyCertificate,
        event: &str,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let event = choice("event", event, EVENTS)?;
        let at = time_from_py(at)?;
        let mut authority = lock(&self.inner);
        Self::issued(&authority, &certificate.inner)?;
        let outcome = authority
            .apply_event(certificate.inner.serial(), event, at)
            .or_raise()?;
        outcome
            .revoked
            .iter()
            .map(|r| serial_to_py(py, r.serial.as_bytes()))
            .collect()
    }

    #[pyo3(signature = (certificate, *, at=None, validity=86_400))]
    fn crl<'py>(
        &self,
        py: Python<'py>,
        certificate: &PyCertificate,
        at: Option<&Bound<'_, PyAny>>,
        validity: u64,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let at = time_from_py(at)?;
        let der = py.detach(|| {
            let mut authority = lock(&self.inner);
            let record = Self::issued(&authority, &certificate.inner)?;
            authority
                .crl(
                    record.purpose(),
                    record.generation(),
                    record.partition(),
                    at,
                    validity,
                )
                .or_raise()
        })?;
        Ok(PyBytes::new(py, &der))
    }

    #[pyo3(signature = (request, *, at=None))]
    fn ocsp_respond<'py>(
        &self,
        py: Python<'py>,
        request: &[u8],
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let at: Time = time_from_py(at)?;
        let der = py.detach(|| lock(&self.inner).ocsp_respond(request, at));
        Ok(PyBytes::new(py, &der))
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.sim.Authority issued={}>",
            lock(&self.inner).issued().len()
        )
    }
}
