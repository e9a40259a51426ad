//! The verifier: verdicts as the CLI's JSON.

use wasm_bindgen::prelude::*;

use jpki::revocation::{RevocationMode, SourceOrder};
use jpki::{CrlChange, PolicySet, RevocationPolicy, Usage};

use crate::error::{OrThrow, set};
use crate::input::{self, Options, choice, json, uint8array};

pub(crate) const USAGES: &[(&str, Usage)] = &[
    ("signing", Usage::Signing),
    ("authentication", Usage::Authentication),
    ("any", Usage::Any),
];

const MODES: &[(&str, RevocationMode)] = &[
    ("hard", RevocationMode::HardFail),
    ("soft", RevocationMode::SoftFail),
    ("off", RevocationMode::Off),
];

fn policies(oids: &[String]) -> Result<PolicySet, JsValue> {
    let parsed = oids
        .iter()
        .map(|o| o.parse::<jpki::oid::Oid>())
        .collect::<Result<Vec<_>, _>>()
        .or_throw()?;
    Ok(PolicySet::of(&parsed))
}

/// `Verifier`.
#[wasm_bindgen(skip_typescript)]
pub struct Verifier {
    pub(crate) inner: jpki::Verifier,
}

#[wasm_bindgen]
impl Verifier {
    /// `new Verifier(options)`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Verifier, JsValue> {
        let o = Options::new(
            Some(&options),
            "Verifier options",
            &[
                "trustAnchors",
                "intermediates",
                "revocation",
                "crlFirst",
                "maxCrlAge",
                "signerUsage",
                "signingPolicies",
                "authenticationPolicies",
                "allowLegacySha1",
            ],
        )?;
        let anchors = o.get("trustAnchors")?.ok_or_else(|| {
            crate::error::type_error("Verifier options: trustAnchors is required")
        })?;
        let mode = choice(
            "revocation mode",
            &o.string("revocation")?.unwrap_or_else(|| "hard".to_owned()),
            MODES,
        )?;
        let order = if o.bool("crlFirst")?.unwrap_or(false) {
            SourceOrder::CrlFirst
        } else {
            SourceOrder::OcspFirst
        };
        let usage = choice(
            "usage",
            &o.string("signerUsage")?
                .unwrap_or_else(|| "signing".to_owned()),
            USAGES,
        )?;
        let mut builder = jpki::Verifier::builder()
            .trust_anchors(input::certificates(&anchors, "trustAnchors")?)
            .revocation(
                RevocationPolicy::default()
                    .with_mode(mode)
                    .with_order(order)
                    .with_max_crl_age(o.count("maxCrlAge")?),
            )
            .signer_usage(usage)
            .allow_legacy_sha1(o.bool("allowLegacySha1")?.unwrap_or(false));
        if let Some(v) = o.get("intermediates")? {
            builder = builder.intermediates(input::certificates(&v, "intermediates")?);
        }
        if let Some(oids) = o.strings("signingPolicies")? {
            builder = builder.signing_policies(policies(&oids)?);
        }
        if let Some(oids) = o.strings("authenticationPolicies")? {
            builder = builder.authentication_policies(policies(&oids)?);
        }
        Ok(Verifier {
            inner: builder.build().or_throw()?,
        })
    }

    /// `addCrl(crl)`.
    #[wasm_bindgen(js_name = addCrl)]
    pub fn add_crl(&self, crl: JsValue) -> Result<String, JsValue> {
        let data = input::bytes(&crl, "addCrl")?;
        Ok(match self.inner.add_crl(&data).or_throw()? {
            CrlChange::Added => "added",
            CrlChange::Replaced => "replaced",
            _ => "kept_newer",
        }
        .to_owned())
    }

    /// `addOcspResponse(response)`.
    #[wasm_bindgen(js_name = addOcspResponse)]
    pub fn add_ocsp_response(&self, response: JsValue) -> Result<(), JsValue> {
        let data = input::binary(&response, "addOcspResponse")?;
        self.inner.add_ocsp_response(&data).or_throw()
    }

    /// `clearOcspResponses()`.
    #[wasm_bindgen(js_name = clearOcspResponses)]
    pub fn clear_ocsp_responses(&self) {
        self.inner.clear_ocsp_responses();
    }

    /// `crlCount`.
    #[wasm_bindgen(getter, js_name = crlCount)]
    pub fn crl_count(&self) -> usize {
        self.inner.crl_count()
    }

    /// `verify(signed, {content, applicant, at})`.
    pub fn verify(&self, signed: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let signed = input::bytes(&signed, "verify")?;
        let o = Options::new(
            Some(&options),
            "verify options",
            &["content", "applicant", "at"],
        )?;
        let content = o.binary("content")?;
        let applicant = o
            .get("applicant")?
            .map(|a| input::applicant(&a))
            .transpose()?;
        let at = input::time(o.get("at")?.as_ref())?;
        let verdict = self
            .inner
            .verify(&signed, content.as_deref(), applicant.as_ref(), at);
        json(&verdict)
    }

    /// `verifyCertificate(certificate, {usage, at})`.
    #[wasm_bindgen(js_name = verifyCertificate)]
    pub fn verify_certificate(
        &self,
        certificate: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cert = input::certificate(&certificate)?;
        let o = Options::new(
            Some(&options),
            "verifyCertificate options",
            &["usage", "at"],
        )?;
        let usage = choice(
            "usage",
            &o.string("usage")?.unwrap_or_else(|| "signing".to_owned()),
            USAGES,
        )?;
        let at = input::time(o.get("at")?.as_ref())?;
        json(&self.inner.verify_certificate(&cert, usage, at))
    }

    /// `ocspRequests(certificate, {at})`.
    #[wasm_bindgen(js_name = ocspRequests)]
    pub fn ocsp_requests(
        &self,
        certificate: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cert = input::certificate(&certificate)?;
        let o = Options::new(Some(&options), "ocspRequests options", &["at"])?;
        let at = input::time(o.get("at")?.as_ref())?;
        let array = js_sys::Array::new();
        for query in self.inner.ocsp_requests(&cert, at).or_throw()? {
            let object: JsValue = js_sys::Object::new().into();
            set(&object, "serial", query.serial.to_string());
            if let Some(url) = &query.url {
                set(&object, "url", url.as_str());
            }
            set(&object, "request", uint8array(query.request.der()));
            array.push(&object);
        }
        Ok(array.into())
    }
}
