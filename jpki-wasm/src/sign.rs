//! Two-phase signing.

use wasm_bindgen::prelude::*;

use jpki::cms::{PreparedSignature as Prepared, SignOptions};

use crate::error::OrThrow;
use crate::input::{self, Options, uint8array};
use crate::revocation::hash_name;

/// `PreparedSignature`.
#[wasm_bindgen(skip_typescript)]
pub struct PreparedSignature {
    inner: Prepared,
}

#[wasm_bindgen]
impl PreparedSignature {
    /// `new PreparedSignature(content, signer, {ca, detached, signingTime})`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        content: JsValue,
        signer: JsValue,
        options: JsValue,
    ) -> Result<PreparedSignature, JsValue> {
        let content = input::binary(&content, "PreparedSignature: content")?;
        let signer = input::certificate(&signer)?;
        let o = Options::new(
            Some(&options),
            "PreparedSignature options",
            &["ca", "detached", "signingTime"],
        )?;
        let ca = o.get("ca")?.map(|c| input::certificate(&c)).transpose()?;
        // A signing time left out is now (the host's clock), as `jpki sign` does.
        let at = input::time(o.get("signingTime")?.as_ref())?;
        let options = SignOptions::default()
            .with_detached(o.bool("detached")?.unwrap_or(false))
            .with_signing_time(Some(at))
            .with_extra_certificates(ca.into_iter().collect());
        Ok(PreparedSignature {
            inner: Prepared::new(&content, &signer, &options).or_throw()?,
        })
    }

    /// `hash`.
    #[wasm_bindgen(getter)]
    pub fn hash(&self) -> String {
        hash_name(self.inner.hash()).to_owned()
    }

    /// `digest`.
    #[wasm_bindgen(getter)]
    pub fn digest(&self) -> JsValue {
        uint8array(self.inner.digest())
    }

    /// `digestInfo`.
    #[wasm_bindgen(getter, js_name = digestInfo)]
    pub fn digest_info(&self) -> JsValue {
        uint8array(&self.inner.digest_info())
    }

    /// `finish(signature)`.
    pub fn finish(&self, signature: JsValue) -> Result<JsValue, JsValue> {
        let signature = input::binary(&signature, "finish")?;
        Ok(uint8array(&self.inner.finish(&signature).or_throw()?))
    }
}
