//! Logging in with the card (`jpki::login`): the relying party's challenge and
//! its nonce store, the resident's response (made by `Card.login`), and the
//! verifier's checks (`Verifier.verifyLogin`, `Verifier.verifyLoginRedeemed`
//! for a store of the host's own, `Verifier.register`) with results in the
//! CLI's JSON.
//!
//! The nonce of `LoginChallenge.generate` comes from the host's
//! `globalThis.crypto.getRandomValues` (browsers, node ≥ 19, Deno); the core
//! reads no random source in WebAssembly.

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use jpki::ErrorKind;
use jpki::Time;
use jpki::login::{self, NonceStore};

use crate::error::{OrThrow, kind_error, type_error};
use crate::input::{self, Options, json, uint8array};
use crate::verifier::Verifier;

/// How long a generated challenge is answered, when the caller does not say.
const DEFAULT_LIFETIME_SECONDS: u64 = 300;

/// A time that must be given: a `Date` or an RFC 3339 string (never "now").
fn required_time(value: &JsValue, what: &str) -> Result<Time, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(type_error(&format!(
            "{what}: expected a Date or an RFC 3339 string"
        )));
    }
    input::time(Some(value))
}

/// A string argument (not coerced).
fn string(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| type_error(&format!("{what}: expected a string")))
}

/// A non-negative whole number, at most 2^53 − 1.
fn whole_number(value: &JsValue, what: &str) -> Result<u64, JsValue> {
    let wrong = || type_error(&format!("{what}: expected a non-negative integer"));
    if !js_sys::Number::is_safe_integer(value) || value.as_f64().is_none_or(|n| n < 0.0) {
        return Err(wrong());
    }
    // Through JS's own integer text: no float casts in the module.
    String::from(
        js_sys::Number::from(value.clone())
            .to_string_with_radix(10)
            .map_err(|_| wrong())?,
    )
    .parse::<u64>()
    .map_err(|_| wrong())
}

/// `len` bytes from `globalThis.crypto.getRandomValues`.
fn random_bytes(len: u32) -> Result<Vec<u8>, JsValue> {
    let failed = || {
        kind_error(
            ErrorKind::InvalidChallenge,
            "invalid login challenge: the host's random source (globalThis.crypto.getRandomValues) is unavailable",
            None,
        )
    };
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(JsValue::is_object)
        .ok_or_else(failed)?;
    let get_random_values = Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(failed)?;
    let buffer = Uint8Array::new_with_length(len);
    get_random_values
        .call1(&crypto, &buffer)
        .map_err(|_| failed())?;
    Ok(buffer.to_vec())
}

/// `LoginChallenge`.
#[wasm_bindgen(skip_typescript)]
pub struct LoginChallenge {
    pub(crate) inner: login::LoginChallenge,
}

#[wasm_bindgen]
impl LoginChallenge {
    /// `new LoginChallenge(relyingParty, nonce, issuedAt, expiresAt)`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        relying_party: JsValue,
        nonce: JsValue,
        issued_at: JsValue,
        expires_at: JsValue,
    ) -> Result<LoginChallenge, JsValue> {
        let relying_party = string(&relying_party, "LoginChallenge: relyingParty")?;
        let nonce = input::binary(&nonce, "LoginChallenge: nonce")?;
        let issued_at = required_time(&issued_at, "LoginChallenge: issuedAt")?;
        let expires_at = required_time(&expires_at, "LoginChallenge: expiresAt")?;
        Ok(LoginChallenge {
            inner: login::LoginChallenge::new(&relying_party, &nonce, issued_at, expires_at)
                .or_throw()?,
        })
    }

    /// `LoginChallenge.generate(relyingParty, {issuedAt, lifetimeSeconds})`.
    pub fn generate(relying_party: JsValue, options: JsValue) -> Result<LoginChallenge, JsValue> {
        let relying_party = string(&relying_party, "LoginChallenge.generate: relyingParty")?;
        let o = Options::new(
            Some(&options),
            "LoginChallenge.generate options",
            &["issuedAt", "lifetimeSeconds"],
        )?;
        let issued_at = input::time(o.get("issuedAt")?.as_ref())?;
        let lifetime = o
            .count("lifetimeSeconds")?
            .unwrap_or(DEFAULT_LIFETIME_SECONDS);
        let nonce = random_bytes(32)?;
        Ok(LoginChallenge {
            inner: login::LoginChallenge::new(
                &relying_party,
                &nonce,
                issued_at,
                issued_at.add_seconds(lifetime),
            )
            .or_throw()?,
        })
    }

    /// `LoginChallenge.fromDer(der)`.
    #[wasm_bindgen(js_name = fromDer)]
    pub fn from_der(der: JsValue) -> Result<LoginChallenge, JsValue> {
        let der = input::binary(&der, "LoginChallenge.fromDer")?;
        Ok(LoginChallenge {
            inner: login::LoginChallenge::from_der(&der).or_throw()?,
        })
    }

    /// `toDer()`.
    #[wasm_bindgen(js_name = toDer)]
    pub fn to_der(&self) -> JsValue {
        uint8array(self.inner.der())
    }

    /// `relyingParty`.
    #[wasm_bindgen(getter, js_name = relyingParty)]
    pub fn relying_party(&self) -> String {
        self.inner.relying_party().to_owned()
    }

    /// `nonce`.
    #[wasm_bindgen(getter)]
    pub fn nonce(&self) -> JsValue {
        uint8array(self.inner.nonce())
    }

    /// `issuedAt` (RFC 3339, UTC).
    #[wasm_bindgen(getter, js_name = issuedAt)]
    pub fn issued_at(&self) -> String {
        self.inner.issued_at().to_string()
    }

    /// `expiresAt` (RFC 3339, UTC).
    #[wasm_bindgen(getter, js_name = expiresAt)]
    pub fn expires_at(&self) -> String {
        self.inner.expires_at().to_string()
    }

    /// `isExpiredAt(at)`.
    #[wasm_bindgen(js_name = isExpiredAt)]
    pub fn is_expired_at(&self, at: JsValue) -> Result<bool, JsValue> {
        Ok(self.inner.is_expired_at(input::time(Some(&at))?))
    }

    /// `toBeSigned()`.
    #[wasm_bindgen(js_name = toBeSigned)]
    pub fn to_be_signed(&self) -> JsValue {
        uint8array(&self.inner.to_be_signed())
    }

    /// `digest()`.
    pub fn digest(&self) -> JsValue {
        uint8array(&self.inner.digest())
    }

    /// `registrationContent(application)`.
    #[wasm_bindgen(js_name = registrationContent)]
    pub fn registration_content(&self, application: JsValue) -> Result<JsValue, JsValue> {
        let application = input::binary(&application, "registrationContent: application")?;
        Ok(uint8array(
            &self.inner.registration_content(&application).or_throw()?,
        ))
    }
}

/// `LoginResponse`.
#[wasm_bindgen(skip_typescript)]
pub struct LoginResponse {
    pub(crate) inner: login::LoginResponse,
}

#[wasm_bindgen]
impl LoginResponse {
    /// `new LoginResponse(nonce, certificate, signature)`: the certificate's DER
    /// (or a parsed certificate), unchecked until `verifyLogin`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        nonce: JsValue,
        certificate: JsValue,
        signature: JsValue,
    ) -> Result<LoginResponse, JsValue> {
        let nonce = input::binary(&nonce, "LoginResponse: nonce")?;
        let certificate = if certificate.is_object() && !certificate.is_instance_of::<Uint8Array>()
        {
            let der = Reflect::get(&certificate, &JsValue::from_str("der"))?;
            input::binary(&der, "LoginResponse: certificate.der")?
        } else {
            input::binary(&certificate, "LoginResponse: certificate")?
        };
        let signature = input::binary(&signature, "LoginResponse: signature")?;
        Ok(LoginResponse {
            inner: login::LoginResponse::new(&nonce, &certificate, &signature),
        })
    }

    /// `LoginResponse.fromDer(der)`.
    #[wasm_bindgen(js_name = fromDer)]
    pub fn from_der(der: JsValue) -> Result<LoginResponse, JsValue> {
        let der = input::binary(&der, "LoginResponse.fromDer")?;
        Ok(LoginResponse {
            inner: login::LoginResponse::from_der(&der).or_throw()?,
        })
    }

    /// `toDer()`.
    #[wasm_bindgen(js_name = toDer)]
    pub fn to_der(&self) -> Result<JsValue, JsValue> {
        Ok(uint8array(&self.inner.to_der().or_throw()?))
    }

    /// `nonce`.
    #[wasm_bindgen(getter)]
    pub fn nonce(&self) -> JsValue {
        uint8array(self.inner.nonce())
    }

    /// `certificateDer`.
    #[wasm_bindgen(getter, js_name = certificateDer)]
    pub fn certificate_der(&self) -> JsValue {
        uint8array(self.inner.certificate_der())
    }

    /// `signature`.
    #[wasm_bindgen(getter)]
    pub fn signature(&self) -> JsValue {
        uint8array(self.inner.signature())
    }
}

/// `MemoryNonceStore`.
#[wasm_bindgen(skip_typescript)]
pub struct MemoryNonceStore {
    inner: login::MemoryNonceStore,
}

#[wasm_bindgen]
impl MemoryNonceStore {
    /// `new MemoryNonceStore(capacity)`.
    #[wasm_bindgen(constructor)]
    pub fn new(capacity: JsValue) -> Result<MemoryNonceStore, JsValue> {
        let capacity = whole_number(&capacity, "MemoryNonceStore: capacity")?;
        let capacity = usize::try_from(capacity)
            .map_err(|_| type_error("MemoryNonceStore: capacity is too large"))?;
        Ok(MemoryNonceStore {
            inner: login::MemoryNonceStore::new(capacity),
        })
    }

    /// `insert(challenge)`.
    pub fn insert(&self, challenge: &LoginChallenge) -> Result<(), JsValue> {
        self.inner.insert(&challenge.inner).or_throw()
    }

    /// `redeem(nonce)`.
    pub fn redeem(&self, nonce: JsValue) -> Result<LoginChallenge, JsValue> {
        let nonce = input::binary(&nonce, "redeem: nonce")?;
        Ok(LoginChallenge {
            inner: self.inner.redeem(&nonce).or_throw()?,
        })
    }

    /// `prune(at)`.
    pub fn prune(&self, at: JsValue) -> Result<(), JsValue> {
        self.inner.prune(input::time(Some(&at))?);
        Ok(())
    }

    /// `size`.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }
}

#[wasm_bindgen]
impl Verifier {
    /// `verifyLogin(response, store, {at})`.
    #[wasm_bindgen(js_name = verifyLogin)]
    pub fn verify_login(
        &self,
        response: &LoginResponse,
        store: &MemoryNonceStore,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        // The options first: a caller's mistake must not spend the nonce.
        let o = Options::new(Some(&options), "verifyLogin options", &["at"])?;
        let at = input::time(o.get("at")?.as_ref())?;
        let login = self
            .inner
            .verify_login(&response.inner, &store.inner, at)
            .or_throw()?;
        json(&login)
    }

    /// `verifyLoginRedeemed(response, challenge, {at})`: for hosts whose nonce
    /// store is their own (a `Map`, a database, the web session): the host has
    /// taken `challenge` out of it, exactly once, before calling this.
    #[wasm_bindgen(js_name = verifyLoginRedeemed)]
    pub fn verify_login_redeemed(
        &self,
        response: &LoginResponse,
        challenge: &LoginChallenge,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = Options::new(Some(&options), "verifyLoginRedeemed options", &["at"])?;
        let at = input::time(o.get("at")?.as_ref())?;
        let login = self
            .inner
            .verify_login_redeemed(&response.inner, &challenge.inner, at)
            .or_throw()?;
        json(&login)
    }

    /// `register(signedApplication, applicant, response, store, {at})`.
    pub fn register(
        &self,
        signed_application: JsValue,
        applicant: JsValue,
        response: &LoginResponse,
        store: &MemoryNonceStore,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let signed = input::bytes(&signed_application, "register: signedApplication")?;
        let applicant = input::applicant(&applicant)?;
        let o = Options::new(Some(&options), "register options", &["at"])?;
        let at = input::time(o.get("at")?.as_ref())?;
        let binding = self
            .inner
            .register(&signed, &applicant, &response.inner, &store.inner, at)
            .or_throw()?;
        json(&binding)
    }
}
