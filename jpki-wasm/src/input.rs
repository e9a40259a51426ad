//! JS values in, JS values out: bytes, times, certificates, option objects (with
//! unknown keys refused), and JSON-shaped results.

use js_sys::{Array, Date, JSON, Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use jpki::{Applicant, Certificate, Sex, Time};

use crate::error::{OrThrow, type_error};

/// Bytes from a `Uint8Array`, or the UTF-8 of a string (PEM text).
pub(crate) fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    Err(type_error(&format!(
        "{what}: expected a Uint8Array or a string"
    )))
}

/// Bytes from a `Uint8Array` only.
pub(crate) fn binary(value: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| type_error(&format!("{what}: expected a Uint8Array")))
}

/// A `Uint8Array` holding a copy of `data`.
pub(crate) fn uint8array(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

/// A time: a `Date`, an RFC 3339 string, or nothing for now (the host's clock).
pub(crate) fn time(value: Option<&JsValue>) -> Result<Time, JsValue> {
    let value = match value {
        None => return now(),
        Some(v) if v.is_undefined() || v.is_null() => return now(),
        Some(v) => v,
    };
    if let Some(date) = value.dyn_ref::<Date>() {
        return date_time(date);
    }
    if let Some(text) = value.as_string() {
        return Time::parse_rfc3339(&text).or_throw();
    }
    Err(type_error("a time: expected a Date or an RFC 3339 string"))
}

fn date_time(date: &Date) -> Result<Time, JsValue> {
    if date.get_time().is_nan() {
        return Err(type_error("an invalid Date"));
    }
    // toISOString is exact to the millisecond and always UTC; the core drops the
    // fraction. Years beyond 9999 come out as `+010000-…` and are refused.
    Time::parse_rfc3339(&String::from(date.to_iso_string())).or_throw()
}

fn now() -> Result<Time, JsValue> {
    date_time(&Date::new_0())
}

/// A certificate: DER or PEM bytes, PEM text, or an object with a `der` field
/// (what `parseCertificate` returns).
pub(crate) fn certificate(value: &JsValue) -> Result<Certificate, JsValue> {
    if value.is_object() && !value.is_instance_of::<Uint8Array>() {
        let der = Reflect::get(value, &JsValue::from_str("der"))?;
        return Certificate::from_der(&binary(&der, "certificate.der")?).or_throw();
    }
    Certificate::parse(&bytes(value, "a certificate")?).or_throw()
}

/// Certificates: a PEM bundle (or one DER), or an array whose elements are
/// certificates or bundles.
pub(crate) fn certificates(value: &JsValue, what: &str) -> Result<Vec<Certificate>, JsValue> {
    if Array::is_array(value) {
        let mut out = Vec::new();
        for item in Array::from(value).iter() {
            out.extend(certificates(&item, what)?);
        }
        return Ok(out);
    }
    if value.is_object() && !value.is_instance_of::<Uint8Array>() {
        return Ok(vec![certificate(value)?]);
    }
    Certificate::parse_all(&bytes(value, what)?).or_throw()
}

/// One of the names a caller may give for an option.
pub(crate) fn choice<T: Copy>(
    what: &str,
    value: &str,
    options: &[(&str, T)],
) -> Result<T, JsValue> {
    options
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<String> = options.iter().map(|(n, _)| format!("{n:?}")).collect();
            type_error(&format!(
                "unknown {what} {value:?}: expected one of {}",
                names.join(", ")
            ))
        })
}

/// An options object: absent (`undefined`/`null`) or a plain object whose keys
/// are all known.
pub(crate) struct Options {
    object: Option<JsValue>,
    what: &'static str,
}

impl Options {
    /// Reads `value` as the options of `what`, refusing unknown keys.
    pub(crate) fn new(
        value: Option<&JsValue>,
        what: &'static str,
        known: &[&str],
    ) -> Result<Self, JsValue> {
        let object = match value {
            None => None,
            Some(v) if v.is_undefined() || v.is_null() => None,
            Some(v) if v.is_object() && !Array::is_array(v) => Some(v.clone()),
            Some(_) => return Err(type_error(&format!("{what}: expected an object"))),
        };
        if let Some(object) = &object {
            for key in Object::keys(object.unchecked_ref::<Object>()).iter() {
                let key = key.as_string().unwrap_or_default();
                if !known.contains(&key.as_str()) {
                    return Err(type_error(&format!(
                        "{what}: unknown option {key:?} (known: {})",
                        known.join(", ")
                    )));
                }
            }
        }
        Ok(Self { object, what })
    }

    /// The value of `key`, unless absent or `undefined`.
    pub(crate) fn get(&self, key: &str) -> Result<Option<JsValue>, JsValue> {
        let Some(object) = &self.object else {
            return Ok(None);
        };
        let value = Reflect::get(object, &JsValue::from_str(key))?;
        Ok((!value.is_undefined()).then_some(value))
    }

    fn wrong(&self, key: &str, expected: &str) -> JsValue {
        type_error(&format!("{}.{key}: expected {expected}", self.what))
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, JsValue> {
        self.get(key)?
            .map(|v| v.as_bool().ok_or_else(|| self.wrong(key, "a boolean")))
            .transpose()
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, JsValue> {
        self.get(key)?
            .map(|v| v.as_string().ok_or_else(|| self.wrong(key, "a string")))
            .transpose()
    }

    pub(crate) fn binary(&self, key: &str) -> Result<Option<Vec<u8>>, JsValue> {
        self.get(key)?.map(|v| binary(&v, key)).transpose()
    }

    /// A non-negative whole number (seconds, a count), at most 2^53 − 1.
    pub(crate) fn count(&self, key: &str) -> Result<Option<u64>, JsValue> {
        self.get(key)?
            .map(|v| {
                if !js_sys::Number::is_safe_integer(&v) || v.as_f64().is_none_or(|n| n < 0.0) {
                    return Err(self.wrong(key, "a non-negative integer"));
                }
                // Through JS's own integer text: no float formatting in the module.
                String::from(
                    js_sys::Number::from(v)
                        .to_string_with_radix(10)
                        .map_err(|_| self.wrong(key, "a non-negative integer"))?,
                )
                .parse::<u64>()
                .map_err(|_| self.wrong(key, "a non-negative integer"))
            })
            .transpose()
    }

    /// A list of strings.
    pub(crate) fn strings(&self, key: &str) -> Result<Option<Vec<String>>, JsValue> {
        self.get(key)?
            .map(|v| {
                if !Array::is_array(&v) {
                    return Err(self.wrong(key, "an array of strings"));
                }
                Array::from(&v)
                    .iter()
                    .map(|s| {
                        s.as_string()
                            .ok_or_else(|| self.wrong(key, "an array of strings"))
                    })
                    .collect()
            })
            .transpose()
    }
}

/// Sexes by their names in the CLI's JSON.
pub(crate) const SEXES: &[(&str, Sex)] = &[
    ("male", Sex::Male),
    ("female", Sex::Female),
    ("unknown", Sex::Unknown),
];

/// What an applicant wrote: `{name, birthDate, sex, address}`, all optional.
pub(crate) fn applicant(value: &JsValue) -> Result<Applicant, JsValue> {
    let o = Options::new(
        Some(value),
        "applicant",
        &["name", "birthDate", "sex", "address"],
    )?;
    let birth_date = match o.get("birthDate")? {
        None => None,
        Some(v) => Some(match v.dyn_ref::<Date>() {
            // The calendar date as UTC reads it (also before 1970, which a
            // `Time` cannot hold).
            Some(date) => {
                if date.get_time().is_nan() {
                    return Err(type_error("applicant.birthDate: an invalid Date"));
                }
                let (year, month, day) = (
                    u16::try_from(date.get_utc_full_year()).ok(),
                    u8::try_from(date.get_utc_month() + 1).ok(),
                    u8::try_from(date.get_utc_date()).ok(),
                );
                year.zip(month)
                    .zip(day)
                    .and_then(|((y, m), d)| jpki::Date::new(y, m, d))
                    .ok_or_else(|| type_error("applicant.birthDate: a date out of range"))?
            }
            None => match v.as_string() {
                Some(text) => Applicant::parse_birth_date(&text).or_throw()?,
                None => {
                    return Err(type_error(
                        "applicant.birthDate: expected a Date or a string",
                    ));
                }
            },
        }),
    };
    let sex = o
        .string("sex")?
        .map(|s| choice("sex", &s, SEXES))
        .transpose()?;
    Ok(Applicant {
        name: o.string("name")?,
        birth_date,
        sex,
        address: o.string("address")?,
    })
}

/// A plain JS object with the JSON serialization of `value` (the CLI's field
/// names and order).
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| type_error(&e.to_string()))?;
    JSON::parse(&text)
}
