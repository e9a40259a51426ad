//! Certificates and the comparison with an application.

use wasm_bindgen::prelude::*;

use jpki::Certificate;

use crate::error::{OrThrow, set};
use crate::input::{self, json, uint8array};

/// A plain object for a certificate: the CLI's JSON summary fields, with the DER
/// and PEM and the 4 basic info.
pub(crate) fn info(cert: &Certificate) -> Result<JsValue, JsValue> {
    let serial = cert.serial().to_string();
    let summary = serde_json::json!({
        "pem": cert.to_pem(),
        "kind": cert.kind().as_str(),
        "serial": serial,
        "subject": cert.subject().to_string(),
        "issuer": cert.issuer().to_string(),
        "not_before": cert.not_before().to_string(),
        "not_after": cert.not_after().to_string(),
        "is_ca": cert.is_ca(),
        "ocsp_urls": cert.ocsp_urls(),
    });
    let value = json(&summary)?;
    set(&value, "der", uint8array(cert.der()));
    if let Some(personal) = cert.personal_info() {
        set(&value, "personal_info", json(personal)?);
    }
    Ok(value)
}

/// `parseCertificate(input)`.
#[wasm_bindgen(js_name = parseCertificate, skip_typescript)]
pub fn parse_certificate(input: JsValue) -> Result<JsValue, JsValue> {
    let data = input::bytes(&input, "parseCertificate")?;
    info(&Certificate::parse(&data).or_throw()?)
}

/// `parseCertificates(input)`.
#[wasm_bindgen(js_name = parseCertificates, skip_typescript)]
pub fn parse_certificates(input: JsValue) -> Result<JsValue, JsValue> {
    let certs = input::certificates(&input, "parseCertificates")?;
    let array = js_sys::Array::new();
    for cert in &certs {
        array.push(&info(cert)?);
    }
    Ok(array.into())
}

/// `compareApplicant(certificate, applicant)`.
#[wasm_bindgen(js_name = compareApplicant, skip_typescript)]
pub fn compare_applicant(certificate: JsValue, applicant: JsValue) -> Result<JsValue, JsValue> {
    let cert = input::certificate(&certificate)?;
    let applicant = input::applicant(&applicant)?;
    let info = cert
        .personal_info()
        .ok_or(jpki::Error::NoPersonalInfo {
            kind: cert.kind().as_str(),
        })
        .or_throw()?;
    json(&info.compare(&applicant))
}
