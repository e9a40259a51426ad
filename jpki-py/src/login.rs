//! Logging in with the card (`jpki::login`): a relying party's challenge, the
//! resident's response, nonce stores (the core's in-memory one, or any Python
//! object with `insert` and `redeem`), the accepted login and its account key,
//! and account binding across the signing and authentication certificates.
//!
//! `Card.login` / `Card.register` live in `card.rs` and
//! `Verifier.verify_login` / `Verifier.verify_login_redeemed` /
//! `Verifier.register` in `verifier.rs` (one
//! `#[pymethods]` block per class); they call the functions here.

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyInt};

use jpki::login::{
    AccountBinding, AccountKey, BindingStatus, Login, LoginChallenge, LoginResponse,
    MemoryNonceStore, NonceStore, Registration,
};
use jpki::{Error, Verifier};

use crate::card::lock;
use crate::cert::{PyApplicant, PyCertificate, PyPersonalInfo, json_dict, json_text};
use crate::convert::{serial_to_py, time_from_py, time_to_py};
use crate::errors::{OrRaise, exception_value, value_error};
use crate::verifier::{PyCertificateVerdict, PyVerdict};

/// How many nonce bytes a `repr` shows (never the whole nonce).
const REPR_NONCE_BYTES: usize = 4;

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The first bytes of a nonce, in hex, for a `repr`.
fn nonce_prefix(nonce: &[u8]) -> String {
    let shown = nonce.get(..REPR_NONCE_BYTES).unwrap_or(nonce);
    format!("{}…", hex(shown))
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A lifetime in whole seconds from an `int` or a `datetime.timedelta`.
fn lifetime_seconds(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    let py = value.py();
    let seconds: i64 = if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        value.extract()?
    } else if value.is_instance(TIMEDELTA.import(py, "datetime", "timedelta")?)? {
        let days: i64 = value.getattr("days")?.extract()?;
        let secs: i64 = value.getattr("seconds")?.extract()?;
        let micros: i64 = value.getattr("microseconds")?.extract()?;
        if micros != 0 {
            return Err(value_error("the lifetime must be whole seconds"));
        }
        days.checked_mul(86_400)
            .and_then(|d| d.checked_add(secs))
            .ok_or_else(|| value_error("the lifetime is out of range"))?
    } else {
        return Err(PyTypeError::new_err(format!(
            "expected an int number of seconds or a datetime.timedelta, not {}",
            value.get_type().name()?
        )));
    };
    u64::try_from(seconds).map_err(|_| value_error("the lifetime must not be negative"))
}

/// `jpki.LoginChallenge`.
#[pyclass(frozen, module = "jpki", name = "LoginChallenge")]
pub(crate) struct PyLoginChallenge {
    pub(crate) inner: LoginChallenge,
}

#[pymethods]
impl PyLoginChallenge {
    #[classattr]
    const MIN_NONCE_LEN: usize = LoginChallenge::MIN_NONCE_LEN;
    #[classattr]
    const MAX_NONCE_LEN: usize = LoginChallenge::MAX_NONCE_LEN;
    #[classattr]
    const MAX_RELYING_PARTY_LEN: usize = LoginChallenge::MAX_RELYING_PARTY_LEN;

    #[new]
    fn new(
        relying_party: &str,
        nonce: &[u8],
        issued_at: &Bound<'_, PyAny>,
        expires_at: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let issued_at = time_from_py(Some(issued_at))?;
        let expires_at = time_from_py(Some(expires_at))?;
        LoginChallenge::new(relying_party, nonce, issued_at, expires_at)
            .map(|inner| Self { inner })
            .or_raise()
    }

    #[staticmethod]
    #[pyo3(signature = (relying_party, *, issued_at=None, lifetime=None))]
    fn generate(
        relying_party: &str,
        issued_at: Option<&Bound<'_, PyAny>>,
        lifetime: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let issued_at = time_from_py(issued_at)?;
        let lifetime = lifetime.map(lifetime_seconds).transpose()?.unwrap_or(300);
        LoginChallenge::generate(relying_party, issued_at, lifetime)
            .map(|inner| Self { inner })
            .or_raise()
    }

    #[staticmethod]
    fn from_der(data: &[u8]) -> PyResult<Self> {
        LoginChallenge::from_der(data)
            .map(|inner| Self { inner })
            .or_raise()
    }

    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.der())
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.to_der(py)
    }

    #[getter]
    fn relying_party(&self) -> &str {
        self.inner.relying_party()
    }

    #[getter]
    fn nonce<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.nonce())
    }

    #[getter]
    fn issued_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.issued_at())
    }

    #[getter]
    fn expires_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.expires_at())
    }

    fn is_expired_at(&self, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.is_expired_at(time_from_py(Some(at))?))
    }

    fn digest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.digest())
    }

    fn to_be_signed<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_be_signed())
    }

    fn registration_content<'py>(
        &self,
        py: Python<'py>,
        application: &[u8],
    ) -> PyResult<Bound<'py, PyBytes>> {
        let content = self.inner.registration_content(application).or_raise()?;
        Ok(PyBytes::new(py, &content))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyLoginChallenge>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.inner.der())
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
            "<jpki.LoginChallenge relying_party={:?} nonce={} expires_at={}>",
            self.inner.relying_party(),
            nonce_prefix(self.inner.nonce()),
            self.inner.expires_at()
        )
    }
}

/// `jpki.LoginResponse`.
#[pyclass(frozen, module = "jpki", name = "LoginResponse")]
pub(crate) struct PyLoginResponse {
    pub(crate) inner: LoginResponse,
}

#[pymethods]
impl PyLoginResponse {
    #[new]
    fn new(nonce: &[u8], certificate_der: &[u8], signature: &[u8]) -> Self {
        Self {
            inner: LoginResponse::new(nonce, certificate_der, signature),
        }
    }

    #[staticmethod]
    fn from_der(data: &[u8]) -> PyResult<Self> {
        LoginResponse::from_der(data)
            .map(|inner| Self { inner })
            .or_raise()
    }

    fn to_der<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let der = self.inner.to_der().or_raise()?;
        Ok(PyBytes::new(py, &der))
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.to_der(py)
    }

    #[getter]
    fn nonce<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.nonce())
    }

    #[getter]
    fn certificate_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.certificate_der())
    }

    #[getter]
    fn signature<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.signature())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyLoginResponse>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.inner)
    }

    /// Pickling and copying go through the DER.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let from_der = slf.get_type().getattr("from_der")?;
        let der = slf.get().inner.to_der().or_raise()?;
        Ok((from_der, (PyBytes::new(slf.py(), &der),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.LoginResponse nonce={} certificate={} bytes signature={} bytes>",
            nonce_prefix(self.inner.nonce()),
            self.inner.certificate_der().len(),
            self.inner.signature().len()
        )
    }
}

/// `jpki.Registration`: what a resident's card produced to register.
#[pyclass(frozen, module = "jpki", name = "Registration")]
pub(crate) struct PyRegistration {
    pub(crate) inner: Registration,
}

#[pymethods]
impl PyRegistration {
    #[getter]
    fn signed_application<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.signed_application)
    }

    #[getter]
    fn login(&self) -> PyLoginResponse {
        PyLoginResponse {
            inner: self.inner.login.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.Registration signed_application={} bytes nonce={}>",
            self.inner.signed_application.len(),
            nonce_prefix(self.inner.login.nonce())
        )
    }
}

/// `jpki.MemoryNonceStore`: the core's bounded in-memory store, shared by any
/// number of threads.
#[pyclass(frozen, module = "jpki", name = "MemoryNonceStore")]
pub(crate) struct PyMemoryNonceStore {
    inner: MemoryNonceStore,
}

#[pymethods]
impl PyMemoryNonceStore {
    #[new]
    fn new(capacity: usize) -> Self {
        Self {
            inner: MemoryNonceStore::new(capacity),
        }
    }

    fn insert(&self, challenge: &PyLoginChallenge) -> PyResult<()> {
        self.inner.insert(&challenge.inner).or_raise()
    }

    fn redeem(&self, nonce: &[u8]) -> PyResult<PyLoginChallenge> {
        self.inner
            .redeem(nonce)
            .map(|inner| PyLoginChallenge { inner })
            .or_raise()
    }

    fn prune(&self, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.prune(time_from_py(Some(at))?);
        Ok(())
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("<jpki.MemoryNonceStore held={}>", self.inner.len())
    }
}

/// A Python object with `insert(challenge)` and `redeem(nonce)` as the core's
/// [`NonceStore`]. Each call takes the GIL; the object's own exception is kept
/// and raised unchanged once the core returns.
struct PythonStore {
    object: Py<PyAny>,
    raised: Mutex<Option<PyErr>>,
}

impl PythonStore {
    /// Keeps the first exception the object raised.
    fn keep(&self, error: PyErr) {
        let mut raised = lock(&self.raised);
        if raised.is_none() {
            *raised = Some(error);
        }
    }
}

impl NonceStore for PythonStore {
    fn insert(&self, challenge: &LoginChallenge) -> Result<(), Error> {
        Python::attach(|py| {
            let wrapped = PyLoginChallenge {
                inner: challenge.clone(),
            };
            let result = Bound::new(py, wrapped)
                .and_then(|c| self.object.bind(py).call_method1("insert", (c,)));
            match result {
                Ok(_) => Ok(()),
                Err(e) => {
                    self.keep(e);
                    Err(Error::NonceStoreFull { capacity: 0 })
                }
            }
        })
    }

    fn redeem(&self, nonce: &[u8]) -> Result<LoginChallenge, Error> {
        Python::attach(|py| {
            let answer = self
                .object
                .bind(py)
                .call_method1("redeem", (PyBytes::new(py, nonce),));
            let refused = |error: PyErr| {
                self.keep(error);
                // Never reached by the caller: the kept exception is raised
                // instead. Failing closed all the same.
                Err(Error::ChallengeUnknown)
            };
            match answer {
                // None: the store does not hold this nonce.
                Ok(value) if value.is_none() => Err(Error::ChallengeUnknown),
                Ok(value) => match value.cast::<PyLoginChallenge>() {
                    Ok(challenge) if challenge.get().inner.nonce() == nonce => {
                        Ok(challenge.get().inner.clone())
                    }
                    Ok(_) => refused(PyValueError::new_err(
                        "the nonce store's redeem returned a challenge with another nonce",
                    )),
                    Err(_) => refused(PyTypeError::new_err(format!(
                        "a nonce store's redeem must return a jpki.LoginChallenge or None, not {}",
                        value
                            .get_type()
                            .name()
                            .map_or_else(|_| "another type".to_owned(), |n| n.to_string())
                    ))),
                },
                Err(e) => refused(e),
            }
        })
    }
}

/// The store a Python caller gave.
enum Store<'a> {
    Memory(&'a MemoryNonceStore),
    Python(PythonStore),
}

impl<'a> Store<'a> {
    fn from_py(store: &'a Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(memory) = store.cast::<PyMemoryNonceStore>() {
            return Ok(Self::Memory(&memory.get().inner));
        }
        if !store.hasattr("redeem")? || !store.hasattr("insert")? {
            return Err(PyTypeError::new_err(
                "a nonce store needs insert(challenge) and redeem(nonce: bytes) methods",
            ));
        }
        Ok(Self::Python(PythonStore {
            object: store.clone().unbind(),
            raised: Mutex::new(None),
        }))
    }

    fn as_dyn(&self) -> &dyn NonceStore {
        match self {
            Self::Memory(store) => *store,
            Self::Python(store) => store,
        }
    }

    /// The core's result; a Python store's own exception wins.
    fn finish<T>(self, result: Result<T, Error>) -> PyResult<T> {
        if let Self::Python(store) = self
            && let Some(raised) = lock(&store.raised).take()
        {
            return Err(raised);
        }
        result.or_raise()
    }
}

/// `Verifier.verify_login`, with the GIL released (a Python store takes it back
/// for its own calls).
pub(crate) fn verify_login(
    py: Python<'_>,
    verifier: &Verifier,
    response: &PyLoginResponse,
    store: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyLogin> {
    let at = time_from_py(at)?;
    let store = Store::from_py(store)?;
    let response = &response.inner;
    let result = py.detach(|| verifier.verify_login(response, store.as_dyn(), at));
    store.finish(result).map(|inner| PyLogin { inner })
}

/// `Verifier.verify_login_redeemed`: the host has taken `challenge` out of its
/// own store; verified with the GIL released.
pub(crate) fn verify_login_redeemed(
    py: Python<'_>,
    verifier: &Verifier,
    response: &PyLoginResponse,
    challenge: &PyLoginChallenge,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyLogin> {
    let at = time_from_py(at)?;
    let (response, challenge) = (&response.inner, &challenge.inner);
    py.detach(|| verifier.verify_login_redeemed(response, challenge, at))
        .map(|inner| PyLogin { inner })
        .or_raise()
}

/// `Verifier.register`, with the GIL released.
pub(crate) fn register(
    py: Python<'_>,
    verifier: &Verifier,
    signed_application: &[u8],
    applicant: &PyApplicant,
    login: &PyLoginResponse,
    store: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyAccountBinding> {
    let at = time_from_py(at)?;
    let store = Store::from_py(store)?;
    let (applicant, login) = (&applicant.inner, &login.inner);
    let result =
        py.detach(|| verifier.register(signed_application, applicant, login, store.as_dyn(), at));
    store.finish(result).map(|inner| PyAccountBinding { inner })
}

/// `jpki.AccountKey`.
#[pyclass(frozen, module = "jpki", name = "AccountKey")]
pub(crate) struct PyAccountKey {
    inner: AccountKey,
}

#[pymethods]
impl PyAccountKey {
    #[getter]
    fn issuer_key_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.issuer_key_id)
    }

    #[getter]
    fn serial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serial_to_py(py, self.inner.serial.as_bytes())
    }

    #[getter]
    fn public_key_sha256<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.public_key_sha256)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAccountKey>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        hash_of(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!("<jpki.AccountKey {}>", self.inner)
    }
}

/// `jpki.Login`.
#[pyclass(frozen, module = "jpki", name = "Login")]
pub(crate) struct PyLogin {
    inner: Login,
}

#[pymethods]
impl PyLogin {
    #[getter]
    fn account(&self) -> PyAccountKey {
        PyAccountKey {
            inner: self.inner.account.clone(),
        }
    }

    #[getter]
    fn certificate(&self) -> PyCertificate {
        PyCertificate::wrap(self.inner.certificate.clone())
    }

    #[getter]
    fn challenge(&self) -> PyLoginChallenge {
        PyLoginChallenge {
            inner: self.inner.challenge.clone(),
        }
    }

    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.at)
    }

    #[getter]
    fn verdict(&self) -> PyCertificateVerdict {
        PyCertificateVerdict {
            inner: self.inner.verdict.clone(),
        }
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn to_json(&self) -> PyResult<String> {
        json_text(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.Login account={} relying_party={:?}>",
            self.inner.account,
            self.inner.challenge.relying_party()
        )
    }
}

/// `jpki.AccountBinding`.
#[pyclass(frozen, module = "jpki", name = "AccountBinding")]
pub(crate) struct PyAccountBinding {
    inner: AccountBinding,
}

#[pymethods]
impl PyAccountBinding {
    /// A binding rebuilt from what the relying party stored (the core's
    /// `AccountBinding::from_parts`).
    #[staticmethod]
    #[pyo3(signature = (
        authentication_certificate, signing_certificate, application, registered_at, *,
        authentication_issuer=None
    ))]
    fn from_parts(
        authentication_certificate: &PyCertificate,
        signing_certificate: &PyCertificate,
        application: &[u8],
        registered_at: &Bound<'_, PyAny>,
        authentication_issuer: Option<&PyCertificate>,
    ) -> PyResult<Self> {
        let registered_at = time_from_py(Some(registered_at))?;
        AccountBinding::from_parts(
            authentication_certificate.inner.clone(),
            authentication_issuer.map(|issuer| &issuer.inner),
            signing_certificate.inner.clone(),
            application.to_vec(),
            registered_at,
        )
        .map(|inner| Self { inner })
        .or_raise()
    }

    #[getter]
    fn account(&self) -> PyAccountKey {
        PyAccountKey {
            inner: self.inner.account.clone(),
        }
    }

    #[getter]
    fn authentication_certificate(&self) -> PyCertificate {
        PyCertificate::wrap(self.inner.authentication_certificate.clone())
    }

    #[getter]
    fn signing_certificate(&self) -> PyCertificate {
        PyCertificate::wrap(self.inner.signing_certificate.clone())
    }

    #[getter]
    fn holder(&self) -> PyPersonalInfo {
        PyPersonalInfo {
            inner: self.inner.holder.clone(),
        }
    }

    #[getter]
    fn application<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.application)
    }

    #[getter]
    fn registered_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        time_to_py(py, self.inner.registered_at)
    }

    fn matches(&self, login: &PyLogin) -> bool {
        self.inner.matches(&login.inner)
    }

    fn assess(&self, verdict: &PyVerdict) -> PyBindingStatus {
        PyBindingStatus {
            inner: self.inner.assess(&verdict.inner),
        }
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn to_json(&self) -> PyResult<String> {
        json_text(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<jpki.AccountBinding account={} signing_serial={}>",
            self.inner.account,
            self.inner.signing_certificate.serial()
        )
    }
}

/// `jpki.BindingStatus`.
#[pyclass(frozen, module = "jpki", name = "BindingStatus")]
pub(crate) struct PyBindingStatus {
    inner: BindingStatus,
}

impl PyBindingStatus {
    fn error_of(&self) -> Option<&Error> {
        match &self.inner {
            BindingStatus::ReRegister { error, .. } => error.as_ref(),
            BindingStatus::Refused(error) => Some(error),
            _ => None,
        }
    }
}

#[pymethods]
impl PyBindingStatus {
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.as_str()
    }

    #[getter]
    fn reason(&self) -> Option<&'static str> {
        match &self.inner {
            BindingStatus::ReRegister { reason, .. } => Some(reason),
            _ => None,
        }
    }

    #[getter]
    fn error<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.error_of().map(|e| exception_value(py, e)).transpose()
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_dict(py, &self.inner)
    }

    fn to_json(&self) -> PyResult<String> {
        json_text(&self.inner)
    }

    fn __repr__(&self) -> String {
        match self.error_of() {
            Some(e) => format!("<jpki.BindingStatus {} error={e}>", self.inner.as_str()),
            None => format!("<jpki.BindingStatus {}>", self.inner.as_str()),
        }
    }
}
