//! CRLs and OCSP without a verifier.

use std::borrow::Cow;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use jpki::crypto::HashAlgorithm;
use jpki::revocation::crl::{CrlLimits, OwnedCrlIndex, RevokedEntry, load_verified, pem_to_der};
use jpki::revocation::ocsp::{OcspCertStatus, OcspCheck, OcspRequest, verify_response};
use jpki::{Certificate, ErrorKind, Serial};

use crate::error::{OrThrow, kind_error, set, type_error};
use crate::input::{self, Options, choice, uint8array};

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

fn entry(e: &RevokedEntry<'_>) -> JsValue {
    let object: JsValue = js_sys::Object::new().into();
    set(&object, "serial", Serial::from_bytes(e.serial).to_string());
    set(&object, "revoked_at", e.revocation_date.to_string());
    if let Some(reason) = e.reason {
        set(&object, "reason", reason.rfc_name());
    }
    if let Some(t) = e.invalidity_date {
        set(&object, "invalidity_date", t.to_string());
    }
    object
}

/// `Crl`.
#[wasm_bindgen(skip_typescript)]
pub struct Crl {
    inner: OwnedCrlIndex,
}

/// A serial (hex `0x…` or decimal text, or a bigint) or a certificate.
fn serial_or_certificate(value: &JsValue) -> Result<(Serial, Option<Certificate>), JsValue> {
    if let Some(text) = value.as_string()
        && !text.contains("-----BEGIN")
    {
        return Ok((Serial::parse(&text).or_throw()?, None));
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone())
            .to_string(16)
            .map_err(|_| type_error("a serial: not a bigint"))?;
        let text = String::from(text);
        if text.starts_with('-') {
            return Err(type_error("a serial number is never negative"));
        }
        return Ok((Serial::parse(&format!("0x{text}")).or_throw()?, None));
    }
    let cert = input::certificate(value)?;
    Ok((cert.serial().clone(), Some(cert)))
}

impl Crl {
    fn find(&self, value: &JsValue) -> Result<Option<JsValue>, JsValue> {
        let (serial, cert) = serial_or_certificate(value)?;
        let index = self.inner.borrow();
        if let Some(cert) = cert
            && !index.crl().covers(&cert)
        {
            return Err(kind_error(
                ErrorKind::RevocationUnavailable,
                &format!(
                    "this CRL does not cover certificate {} (another issuer or partition): it says nothing about it",
                    cert.serial()
                ),
                None,
            ));
        }
        Ok(index.lookup(&serial).as_ref().map(entry))
    }
}

#[wasm_bindgen]
impl Crl {
    /// `Crl.load(crl, issuer)`.
    pub fn load(crl: JsValue, issuer: JsValue) -> Result<Crl, JsValue> {
        let data = input::bytes(&crl, "Crl.load")?;
        let issuer = input::certificate(&issuer)?;
        let der: Cow<'_, [u8]> = if jpki::pem::looks_like_pem(&data) {
            Cow::Owned(pem_to_der(&data).or_throw()?)
        } else {
            Cow::Borrowed(&data)
        };
        let index = load_verified(&der, &issuer, &CrlLimits::default()).or_throw()?;
        Ok(Crl {
            inner: index.to_owned(),
        })
    }

    /// `length`.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.borrow().len()
    }

    /// `thisUpdate`.
    #[wasm_bindgen(getter, js_name = thisUpdate)]
    pub fn this_update(&self) -> String {
        self.inner.crl().borrow().this_update().to_string()
    }

    /// `nextUpdate`.
    #[wasm_bindgen(getter, js_name = nextUpdate)]
    pub fn next_update(&self) -> Option<String> {
        self.inner
            .crl()
            .borrow()
            .next_update()
            .map(|t| t.to_string())
    }

    /// `isCurrentAt(at)`.
    #[wasm_bindgen(js_name = isCurrentAt)]
    pub fn is_current_at(&self, at: JsValue) -> Result<bool, JsValue> {
        Ok(self
            .inner
            .crl()
            .borrow()
            .is_current_at(input::time(Some(&at))?))
    }

    /// `covers(certificate)`.
    pub fn covers(&self, certificate: JsValue) -> Result<bool, JsValue> {
        Ok(self
            .inner
            .crl()
            .borrow()
            .covers(&input::certificate(&certificate)?))
    }

    /// `isRevoked(serialOrCertificate)`.
    #[wasm_bindgen(js_name = isRevoked)]
    pub fn is_revoked(&self, serial: JsValue) -> Result<bool, JsValue> {
        Ok(self.find(&serial)?.is_some())
    }

    /// `lookup(serialOrCertificate)`.
    pub fn lookup(&self, serial: JsValue) -> Result<JsValue, JsValue> {
        Ok(self.find(&serial)?.unwrap_or(JsValue::UNDEFINED))
    }

    /// `entries()`.
    pub fn entries(&self) -> Result<JsValue, JsValue> {
        let array = Array::new();
        for e in self.inner.crl().borrow().entries() {
            array.push(&entry(&e.or_throw()?));
        }
        Ok(array.into())
    }
}

/// `buildOcspRequest(certificate, issuer, {hash, nonce})`.
#[wasm_bindgen(js_name = buildOcspRequest, skip_typescript)]
pub fn build_ocsp_request(
    certificate: JsValue,
    issuer: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let cert = input::certificate(&certificate)?;
    let issuer = input::certificate(&issuer)?;
    let o = Options::new(
        Some(&options),
        "buildOcspRequest options",
        &["hash", "nonce"],
    )?;
    let hash = choice(
        "hash",
        &o.string("hash")?.unwrap_or_else(|| "sha1".to_owned()),
        HASHES,
    )?;
    let request = OcspRequest::new(&cert, &issuer, hash, o.binary("nonce")?).or_throw()?;
    Ok(uint8array(request.der()))
}

/// `checkOcspResponse(response, request, issuer, {at})`.
#[wasm_bindgen(js_name = checkOcspResponse, skip_typescript)]
pub fn check_ocsp_response(
    response: JsValue,
    request: JsValue,
    issuer: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let response = input::binary(&response, "checkOcspResponse: response")?;
    let request =
        OcspRequest::parse(&input::binary(&request, "checkOcspResponse: request")?).or_throw()?;
    let issuer = input::certificate(&issuer)?;
    let o = Options::new(Some(&options), "checkOcspResponse options", &["at"])?;
    let check = OcspCheck::new(input::time(o.get("at")?.as_ref())?);
    let result = verify_response(&response, &request, &issuer, &check).or_throw()?;
    let object: JsValue = js_sys::Object::new().into();
    set(&object, "status", result.status.as_str());
    if let OcspCertStatus::Revoked { at, reason } = &result.status {
        set(&object, "revoked_at", at.to_string());
        if let Some(reason) = reason {
            set(&object, "reason", reason.rfc_name());
        }
    }
    set(&object, "this_update", result.this_update.to_string());
    if let Some(t) = result.next_update {
        set(&object, "next_update", t.to_string());
    }
    set(&object, "produced_at", result.produced_at.to_string());
    Ok(object)
}
