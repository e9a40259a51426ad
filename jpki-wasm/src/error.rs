//! Errors, converted in one place: the core's become `Error` objects named
//! `JpkiError` with the stable numeric `code` and its `kind` name; arguments of the
//! wrong type become `TypeError`s.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use jpki::{Error, ErrorKind};

/// Sets a property on an object we just created (cannot fail on a plain object).
pub(crate) fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

/// A `JpkiError` for a kind, with a message.
pub(crate) fn kind_error(kind: ErrorKind, message: &str, remaining: Option<u8>) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("JpkiError");
    let value: JsValue = error.into();
    set(&value, "code", kind.code());
    set(&value, "kind", kind.name());
    if let Some(n) = remaining {
        set(&value, "remaining", n);
    }
    value
}

/// The `JpkiError` for a core error.
pub(crate) fn to_js(error: Error) -> JsValue {
    let remaining = match &error {
        Error::WrongPin { remaining, .. } => Some(*remaining),
        Error::PinBlocked { .. } => Some(0),
        Error::LastTryRefused { .. } => Some(1),
        _ => None,
    };
    kind_error(error.kind(), &error.to_string(), remaining)
}

/// A `TypeError` for an argument of the wrong type or an unknown option.
pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// `Result<T, jpki::Error>` to `Result<T, JsValue>`.
pub(crate) trait OrThrow<T> {
    /// Throws the `JpkiError` on error.
    fn or_throw(self) -> Result<T, JsValue>;
}

impl<T> OrThrow<T> for Result<T, Error> {
    fn or_throw(self) -> Result<T, JsValue> {
        self.map_err(to_js)
    }
}

/// Whether a value is a `JpkiError` thrown by this package.
#[wasm_bindgen(js_name = isJpkiError, skip_typescript)]
pub fn is_jpki_error(value: &JsValue) -> bool {
    value.is_instance_of::<js_sys::Error>()
        && Reflect::get(value, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .is_some_and(|n| n == "JpkiError")
        && Reflect::get(value, &JsValue::from_str("code"))
            .ok()
            .is_some_and(|c| c.as_f64().is_some())
}

/// Every stable error code and its name.
#[wasm_bindgen(js_name = errorKinds, skip_typescript)]
pub fn error_kinds() -> JsValue {
    let object = js_sys::Object::new();
    for kind in ErrorKind::ALL {
        set(&object, &kind.code().to_string(), kind.name());
    }
    object.into()
}
