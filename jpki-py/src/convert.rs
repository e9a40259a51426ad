//! Conversions between Python values and the core's: times (aware datetimes
//! only), dates, serials (Python ints), bytes-or-str, and option names.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyInt, PyString};

use jpki::{Date, Serial, Time};

use crate::errors::{OrRaise, value_error};

/// The latest time X.509 (and the core) can express: 9999-12-31T23:59:59Z.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

/// Python objects looked up once per process: imports cost microseconds, and
/// these run on every verification and every property read.
static DATETIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static FLOOR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    DATETIME.import(py, "datetime", "datetime")
}

fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    DATE.import(py, "datetime", "date")
}

/// A `datetime.datetime` (aware, UTC) for a time.
pub(crate) fn time_to_py(py: Python<'_>, time: Time) -> PyResult<Bound<'_, PyAny>> {
    let utc = UTC
        .get_or_try_init(py, || {
            PyResult::Ok(
                py.import("datetime")?
                    .getattr("timezone")?
                    .getattr("utc")?
                    .unbind(),
            )
        })?
        .bind(py);
    datetime_type(py)?.call_method1("fromtimestamp", (time.unix_seconds(), utc))
}

/// An optional time as an optional aware datetime.
pub(crate) fn opt_time_to_py(
    py: Python<'_>,
    time: Option<Time>,
) -> PyResult<Option<Bound<'_, PyAny>>> {
    time.map(|t| time_to_py(py, t)).transpose()
}

/// The time a Python caller gave: an aware `datetime`, or `None` for now (the
/// host's clock: the core reads none). Naive datetimes are refused — taking them
/// as UTC would move a Japanese caller's local time by nine hours.
pub(crate) fn time_from_py(at: Option<&Bound<'_, PyAny>>) -> PyResult<Time> {
    let Some(at) = at else {
        return now();
    };
    let py = at.py();
    if !at.is_instance(datetime_type(py)?)? {
        return Err(PyTypeError::new_err(format!(
            "expected an aware datetime.datetime, not {}",
            at.get_type().name()?
        )));
    }
    if at.call_method0("utcoffset")?.is_none() {
        return Err(value_error(
            "naive datetime: give it a tzinfo (e.g. datetime.timezone.utc or ZoneInfo(\"Asia/Tokyo\"))",
        ));
    }
    let stamp = at.call_method0("timestamp")?;
    let seconds: i64 = FLOOR
        .import(py, "math", "floor")?
        .call1((stamp,))?
        .extract()?;
    unix_time(seconds)
}

/// Seconds since the epoch, within what the core expresses.
fn unix_time(seconds: i64) -> PyResult<Time> {
    if !(0..=MAX_UNIX_SECONDS).contains(&seconds) {
        return Err(value_error(
            "time out of range: 1970-01-01 to 9999-12-31 (UTC)",
        ));
    }
    let seconds = u64::try_from(seconds).map_err(|_| value_error("time out of range"))?;
    Ok(Time::from_unix_seconds(seconds))
}

/// The host's clock.
fn now() -> PyResult<Time> {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| value_error("the system clock is before 1970"))?;
    Ok(Time::from_unix_seconds(elapsed.as_secs()))
}

/// A `datetime.date`.
pub(crate) fn date_to_py(py: Python<'_>, date: Date) -> PyResult<Bound<'_, PyAny>> {
    date_type(py)?.call1((date.year(), date.month(), date.day()))
}

/// A date from a `datetime.date` or a text read by `parse_text` (ISO, or also
/// Japanese era forms for an applicant's birth date).
pub(crate) fn date_from_py(
    value: &Bound<'_, PyAny>,
    parse_text: fn(&str) -> Result<Date, jpki::Error>,
) -> PyResult<Date> {
    if let Ok(text) = value.cast::<PyString>() {
        return parse_text(&text.to_cow()?).or_raise();
    }
    // A `datetime.datetime` is a `date` too: its calendar date is taken.
    if !value.is_instance(date_type(value.py())?)? {
        return Err(PyTypeError::new_err(format!(
            "expected a datetime.date or a str, not {}",
            value.get_type().name()?
        )));
    }
    let year: u16 = value.getattr("year")?.extract()?;
    let month: u8 = value.getattr("month")?.extract()?;
    let day: u8 = value.getattr("day")?.extract()?;
    Date::new(year, month, day).ok_or_else(|| value_error("date out of range"))
}

/// A serial as a Python int (non-negative, any size).
pub(crate) fn serial_to_py<'py>(py: Python<'py>, serial: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    py.get_type::<PyInt>()
        .call_method1("from_bytes", (PyBytes::new(py, serial), "big"))
}

/// A serial from a Python int (≥ 0).
pub(crate) fn serial_from_py(value: &Bound<'_, PyAny>) -> PyResult<Serial> {
    if !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(
            "expected an int serial number or a Certificate",
        ));
    }
    let zero = 0_i32.into_pyobject(value.py())?;
    if value.lt(&zero)? {
        return Err(value_error("a serial number is never negative"));
    }
    let bits: usize = value.call_method0("bit_length")?.extract()?;
    let length = bits.div_ceil(8);
    let bytes: Vec<u8> = value.call_method1("to_bytes", (length, "big"))?.extract()?;
    Ok(Serial::from_bytes(&bytes))
}

/// Bytes from `bytes` or `bytearray`, or the UTF-8 of a `str` (PEM text).
pub(crate) fn bytes_or_str<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Cow::Owned(text.to_cow()?.as_bytes().to_vec()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(Cow::Owned(array.to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "expected bytes or str, not {}",
        value.get_type().name()?
    )))
}

/// One of the names a Python caller may give for an option.
pub(crate) fn choice<T: Copy>(what: &str, value: &str, options: &[(&str, T)]) -> PyResult<T> {
    options
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<String> = options.iter().map(|(n, _)| format!("{n:?}")).collect();
            value_error(format!(
                "unknown {what} {value:?}: expected one of {}",
                names.join(", ")
            ))
        })
}
