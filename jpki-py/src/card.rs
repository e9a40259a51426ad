//! The card: `jpki.Card` over PC/SC, a Python object with `transmit`, or a
//! simulated card; signing to CMS in one call or two phases.
//!
//! Every card operation runs with the GIL released. A Python transport takes the
//! GIL back for each command only; the simulator's card is driven without it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;

use jpki::card::{CardInfo, PinStatus};
use jpki::card::{
    CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, PinState, Secret, Transport, TransportError,
    TransportErrorKind,
};
use jpki::cms::{PreparedSignature, SignOptions};
use jpki::sim::VirtualCard;
use jpki::{Certificate, ErrorKind};

use crate::cert::PyCertificate;
use crate::convert::{choice, time_from_py};
use crate::errors::{OrRaise, kind_error, to_py};
use crate::login::{PyLoginChallenge, PyLoginResponse, PyRegistration};
use crate::revocation::{HASHES, hash_name};
use crate::sim::PySimVirtualCard;

/// Secrets by name.
pub(crate) const PIN_KINDS: &[(&str, PinKind)] = &[
    ("signing-password", PinKind::SigningPassword),
    ("auth-pin", PinKind::AuthenticationPin),
    ("attributes-pin", PinKind::AttributesPin),
];

const CERTIFICATE_SLOTS: &[(&str, CertificateSlot)] = &[
    ("sign", CertificateSlot::Signing),
    ("sign-ca", CertificateSlot::SigningCa),
    ("auth", CertificateSlot::Authentication),
    ("auth-ca", CertificateSlot::AuthenticationCa),
];

const KEY_SLOTS: &[(&str, KeySlot)] = &[
    ("sign", KeySlot::Signing),
    ("auth", KeySlot::Authentication),
];

/// The lock's value even after a panic elsewhere (the card then forgets its
/// session at the next error; nothing is left half-written in it).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The exception a Python transport raised, kept to become the `__cause__` of
/// the `CardError` the operation raises.
type Raised = Arc<Mutex<Option<PyErr>>>;

/// A transport that calls `transmit(bytes) -> bytes` on a Python object.
struct PythonTransport {
    object: Py<PyAny>,
    raised: Raised,
}

impl Transport for PythonTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Python::attach(|py| {
            let answer = self
                .object
                .bind(py)
                .call_method1("transmit", (PyBytes::new(py, command),))
                .and_then(|r| r.extract::<PyBackedBytes>().map_err(PyErr::from));
            match answer {
                Ok(bytes) => Ok(bytes.to_vec()),
                Err(e) => {
                    // Only the exception's type goes into the message: a
                    // transport's message could quote the command, and a VERIFY
                    // command carries a secret.
                    let what = e
                        .get_type(py)
                        .name()
                        .map_or_else(|_| "exception".to_owned(), |n| n.to_string());
                    *lock(&self.raised) = Some(e);
                    Err(TransportError::new(
                        TransportErrorKind::Other,
                        format!("the Python transport raised {what}"),
                    ))
                }
            }
        })
    }
}

/// The simulator's card, shared with its `jpki.sim.VirtualCard` object.
struct SimTransport {
    card: Arc<Mutex<VirtualCard>>,
}

impl Transport for SimTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(lock(&self.card).process(command))
    }
}

type DynCard = JpkiCard<Box<dyn Transport + Send>>;

/// `jpki.Card`.
#[pyclass(frozen, module = "jpki", name = "Card")]
pub(crate) struct PyCard {
    /// `None` once closed.
    card: Mutex<Option<DynCard>>,
    raised: Raised,
}

impl PyCard {
    fn with_transport(transport: Box<dyn Transport + Send>, raised: Raised) -> Self {
        Self {
            card: Mutex::new(Some(JpkiCard::new(transport))),
            raised,
        }
    }

    /// Runs `op` on the card with the GIL released; errors become exceptions,
    /// a Python transport's own exception their `__cause__`.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        op: impl FnOnce(&mut DynCard) -> Result<T, jpki::Error> + Send,
    ) -> PyResult<T> {
        let result = py.detach(|| {
            let mut guard = lock(&self.card);
            match guard.as_mut() {
                Some(card) => Ok(op(card)),
                None => Err(()),
            }
        });
        match result {
            Err(()) => Err(kind_error(
                ErrorKind::CardSessionMisuse,
                "the card is closed",
            )),
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => {
                let err = to_py(error);
                if let Some(cause) = lock(&self.raised).take() {
                    err.set_cause(py, Some(cause));
                }
                Err(err)
            }
        }
    }
}

/// A secret from Python text; empty or absent means none (a verification earlier
/// in the session is relied on).
fn pin(kind: PinKind, text: Option<&str>, allow_last_try: bool) -> PyResult<Option<Pin>> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => {
            let secret = Secret::new(kind, text).or_raise()?;
            Ok(Some(Pin::new(secret).with_last_try(allow_last_try)))
        }
    }
}

/// `jpki.CardInfo`.
#[pyclass(frozen, module = "jpki", name = "CardInfo")]
pub(crate) struct PyCardInfo {
    inner: CardInfo,
}

#[pymethods]
impl PyCardInfo {
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
    }

    #[getter]
    fn has_signing_certificate(&self) -> bool {
        self.inner.has_signing_certificate()
    }

    #[getter]
    fn has_authentication_certificate(&self) -> bool {
        self.inner.has_authentication_certificate()
    }

    fn __repr__(&self) -> String {
        format!("<jpki.CardInfo kind={}>", self.inner.kind.as_str())
    }
}

/// `jpki.PinStatus`.
#[pyclass(frozen, module = "jpki", name = "PinStatus")]
pub(crate) struct PyPinStatus {
    inner: PinStatus,
}

#[pymethods]
impl PyPinStatus {
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.pin.as_str()
    }

    #[getter]
    fn remaining(&self) -> Option<u8> {
        match self.inner.state {
            PinState::Remaining(n) => Some(n),
            PinState::Blocked => Some(0),
            _ => None,
        }
    }

    #[getter]
    fn blocked(&self) -> bool {
        matches!(self.inner.state, PinState::Blocked)
    }

    #[getter]
    fn verified(&self) -> bool {
        matches!(self.inner.state, PinState::Verified)
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.PinStatus {} {:?}>",
            self.inner.pin.as_str(),
            self.inner.state
        )
    }
}

#[pymethods]
impl PyCard {
    #[new]
    fn new(transport: &Bound<'_, PyAny>) -> PyResult<Self> {
        let raised: Raised = Arc::new(Mutex::new(None));
        if let Ok(sim) = transport.cast::<PySimVirtualCard>() {
            let card = sim.get().shared();
            return Ok(Self::with_transport(
                Box::new(SimTransport { card }),
                raised,
            ));
        }
        if !transport.hasattr("transmit")? {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "a transport needs a transmit(command: bytes) -> bytes method",
            ));
        }
        let python = PythonTransport {
            object: transport.clone().unbind(),
            raised: Arc::clone(&raised),
        };
        Ok(Self::with_transport(Box::new(python), raised))
    }

    #[staticmethod]
    #[pyo3(signature = (reader=None))]
    fn open(py: Python<'_>, reader: Option<String>) -> PyResult<Self> {
        let transport = py
            .detach(|| jpki::card::pcsc::PcscTransport::connect(reader.as_deref()))
            .or_raise()?;
        Ok(Self::with_transport(
            Box::new(transport),
            Arc::new(Mutex::new(None)),
        ))
    }

    #[staticmethod]
    fn readers(py: Python<'_>) -> PyResult<Vec<String>> {
        let readers = py.detach(jpki::card::pcsc::list_readers).or_raise()?;
        Ok(readers.into_iter().map(|r| r.name).collect())
    }

    fn __enter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, _exc: &Bound<'_, pyo3::types::PyTuple>) {
        self.close();
    }

    fn close(&self) {
        // Dropping the card drops its transport (a PC/SC connection is
        // disconnected, a Python transport released).
        drop(lock(&self.card).take());
    }

    fn info(&self, py: Python<'_>) -> PyResult<PyCardInfo> {
        let inner = self.run(py, |card| card.open())?;
        Ok(PyCardInfo { inner })
    }

    fn pin_status(&self, py: Python<'_>, kind: &str) -> PyResult<PyPinStatus> {
        let kind = choice("secret kind", kind, PIN_KINDS)?;
        let inner = self.run(py, |card| card.pin_status(kind))?;
        Ok(PyPinStatus { inner })
    }

    #[pyo3(signature = (kind, pin, *, allow_last_try=false))]
    fn verify_pin(
        &self,
        py: Python<'_>,
        kind: &str,
        pin: &str,
        allow_last_try: bool,
    ) -> PyResult<()> {
        let kind = choice("secret kind", kind, PIN_KINDS)?;
        let secret = Secret::new(kind, pin).or_raise()?;
        let pin = Pin::new(secret).with_last_try(allow_last_try);
        self.run(py, |card| card.verify(&pin))
    }

    #[pyo3(signature = (slot, *, pin=None))]
    fn read_certificate(
        &self,
        py: Python<'_>,
        slot: &str,
        pin: Option<&str>,
    ) -> PyResult<PyCertificate> {
        let slot = choice("certificate slot", slot, CERTIFICATE_SLOTS)?;
        let pin = self::pin(slot_pin(slot), pin, false)?;
        let der = self.run(py, |card| card.read_certificate(slot, pin.as_ref()))?;
        Certificate::from_der(&der)
            .map(PyCertificate::wrap)
            .or_raise()
    }

    #[pyo3(signature = (key, digest, *, hash="sha256", pin=None, allow_last_try=false))]
    fn sign_digest<'py>(
        &self,
        py: Python<'py>,
        key: &str,
        digest: &[u8],
        hash: &str,
        pin: Option<&str>,
        allow_last_try: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let key = choice("key", key, KEY_SLOTS)?;
        let hash = choice("hash", hash, HASHES)?;
        let pin = self::pin(key.pin(), pin, allow_last_try)?;
        let signature = self.run(py, |card| card.sign(key, hash, digest, pin.as_ref()))?;
        Ok(PyBytes::new(py, &signature))
    }

    #[pyo3(signature = (content, *, pin, key="sign", detached=false, signing_time=None, allow_last_try=false))]
    #[allow(clippy::too_many_arguments)]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        content: &[u8],
        pin: Option<&str>,
        key: &str,
        detached: bool,
        signing_time: Option<&Bound<'_, PyAny>>,
        allow_last_try: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let key = choice("key", key, KEY_SLOTS)?;
        let pin = self::pin(key.pin(), pin, allow_last_try)?;
        // None means now (the host's clock), as `jpki sign` does.
        let at = Some(time_from_py(signing_time)?);
        let (cert_slot, ca_slot) = key.certificate_slots();
        let der = self.run(py, move |card| {
            let cert = Certificate::from_der(&card.read_certificate(cert_slot, pin.as_ref())?)?;
            let ca = Certificate::from_der(&card.read_certificate(ca_slot, None)?)?;
            let options = SignOptions::default()
                .with_detached(detached)
                .with_signing_time(at)
                .with_extra_certificates(vec![ca]);
            let mut signer = jpki::card::CardSigner::new(card, key, cert, pin);
            jpki::cms::sign(content, &mut signer, &options)
        })?;
        Ok(PyBytes::new(py, &der))
    }

    #[pyo3(signature = (challenge, pin=None, *, allow_last_try=false))]
    fn login(
        &self,
        py: Python<'_>,
        challenge: &PyLoginChallenge,
        pin: Option<&str>,
        allow_last_try: bool,
    ) -> PyResult<PyLoginResponse> {
        let pin = self::pin(PinKind::AuthenticationPin, pin, allow_last_try)?;
        let challenge = &challenge.inner;
        let inner = self.run(py, |card| {
            jpki::login::respond(card, challenge, pin.as_ref())
        })?;
        Ok(PyLoginResponse { inner })
    }

    #[pyo3(signature = (challenge, application, signing_password, auth_pin, *, signing_time=None, allow_last_try=false))]
    #[allow(clippy::too_many_arguments)]
    fn register(
        &self,
        py: Python<'_>,
        challenge: &PyLoginChallenge,
        application: &[u8],
        signing_password: &str,
        auth_pin: &str,
        signing_time: Option<&Bound<'_, PyAny>>,
        allow_last_try: bool,
    ) -> PyResult<PyRegistration> {
        let secret = |kind, text| {
            Secret::new(kind, text)
                .map(|s| Pin::new(s).with_last_try(allow_last_try))
                .or_raise()
        };
        let password = secret(PinKind::SigningPassword, signing_password)?;
        let auth_pin = secret(PinKind::AuthenticationPin, auth_pin)?;
        // None means now (the host's clock), as `sign` does.
        let at = Some(time_from_py(signing_time)?);
        let challenge = &challenge.inner;
        let inner = self.run(py, |card| {
            jpki::login::register(card, challenge, application, &password, &auth_pin, at)
        })?;
        Ok(PyRegistration { inner })
    }

    fn __repr__(&self) -> String {
        if lock(&self.card).is_some() {
            "<jpki.Card>".to_owned()
        } else {
            "<jpki.Card closed>".to_owned()
        }
    }
}

/// The secret a certificate slot may need: the signing certificate is read after
/// the signing password; the others are public.
fn slot_pin(slot: CertificateSlot) -> PinKind {
    match slot {
        CertificateSlot::Signing => PinKind::SigningPassword,
        _ => PinKind::AuthenticationPin,
    }
}

/// `jpki.PreparedSignature`.
#[pyclass(frozen, module = "jpki", name = "PreparedSignature")]
pub(crate) struct PyPreparedSignature {
    inner: PreparedSignature,
}

#[pymethods]
impl PyPreparedSignature {
    #[new]
    #[pyo3(signature = (content, signer, *, ca=None, detached=false, signing_time=None))]
    fn new(
        content: &[u8],
        signer: &PyCertificate,
        ca: Option<&PyCertificate>,
        detached: bool,
        signing_time: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // None means now (the host's clock), as `jpki sign` does.
        let at = Some(time_from_py(signing_time)?);
        let options = SignOptions::default()
            .with_detached(detached)
            .with_signing_time(at)
            .with_extra_certificates(ca.map(|c| c.inner.clone()).into_iter().collect());
        PreparedSignature::new(content, &signer.inner, &options)
            .map(|inner| Self { inner })
            .or_raise()
    }

    #[getter]
    fn hash(&self) -> &'static str {
        hash_name(self.inner.hash())
    }

    #[getter]
    fn digest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.digest())
    }

    #[getter]
    fn digest_info<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.digest_info())
    }

    fn finish<'py>(&self, py: Python<'py>, signature: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        let der = py.detach(|| self.inner.finish(signature)).or_raise()?;
        Ok(PyBytes::new(py, &der))
    }
}
