//! The card session driven by an async JS transport.
//!
//! Each operation is the core's sans-IO `CardSession`: the session plans the
//! commands, this loop awaits `transport.transmit(command)` for each, and feeds
//! the answer back. Nothing blocks: a WebUSB, NFC or WebSocket bridge answers
//! whenever it can. One operation runs at a time per card.
//!
//! `login` answers a relying party's challenge (`CardRequest::authenticate`:
//! the authentication PIN, the certificate and the signature in one operation);
//! `register` signs an application over the challenge and answers it, as the
//! core's `login::register` does.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use jpki::card::{
    CardOutcome, CardRequest, CardSession, CertificateSlot, KeySlot, Pin, PinKind, PinState, Secret,
};
use jpki::cms::{PreparedSignature, SignOptions};
use jpki::login;
use jpki::{Certificate, ErrorKind, Time};

use crate::error::{OrThrow, kind_error, set, type_error};
use crate::input::{self, Options, choice, uint8array};
use crate::login::{LoginChallenge, LoginResponse};
use crate::revocation::HASHES;

const PIN_KINDS: &[(&str, PinKind)] = &[
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

struct Inner {
    transport: JsValue,
    session: RefCell<CardSession>,
    busy: Cell<bool>,
}

/// `Card`.
#[wasm_bindgen(skip_typescript)]
pub struct Card {
    inner: Rc<Inner>,
}

fn unexpected() -> JsValue {
    kind_error(
        ErrorKind::CardSessionMisuse,
        "the card session answered another operation",
        None,
    )
}

/// Sends one command through the JS transport and awaits the answer.
async fn transmit(transport: &JsValue, command: &[u8]) -> Result<Vec<u8>, JsValue> {
    let function = Reflect::get(transport, &JsValue::from_str("transmit"))?
        .dyn_into::<Function>()
        .map_err(|_| type_error("the transport has no transmit function"))?;
    let returned = function.call1(transport, &Uint8Array::from(command))?;
    let answer = JsFuture::from(Promise::resolve(&returned)).await?;
    answer
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| type_error("transport.transmit must resolve to a Uint8Array"))
}

/// Runs one operation to completion over the transport.
async fn exchange(inner: &Inner, request: CardRequest) -> Result<CardOutcome, JsValue> {
    inner.session.borrow_mut().start(request).or_throw()?;
    loop {
        let Some(command) = inner.session.borrow().next_command().map(<[u8]>::to_vec) else {
            break;
        };
        match transmit(&inner.transport, &command).await {
            Ok(answer) => inner.session.borrow_mut().feed(&answer).or_throw()?,
            Err(cause) => {
                inner.session.borrow_mut().transport_failed();
                // Not the cause's message: a transport's message could quote the
                // command, and a VERIFY command carries a secret. The cause itself
                // stays attached for the caller.
                let error = kind_error(
                    ErrorKind::Transport,
                    "the transport failed (see the error's cause)",
                    None,
                );
                set(&error, "cause", cause);
                return Err(error);
            }
        }
    }
    inner.session.borrow_mut().finish().or_throw()
}

/// One operation at a time: a second one while the first awaits the transport
/// would interleave commands on the card.
async fn run(inner: &Inner, request: CardRequest) -> Result<CardOutcome, JsValue> {
    if inner.busy.replace(true) {
        return Err(kind_error(
            ErrorKind::CardSessionMisuse,
            "another operation is running on this card: await it first",
            None,
        ));
    }
    let result = exchange(inner, request).await;
    inner.busy.set(false);
    result
}

fn pin(kind: PinKind, text: Option<String>, allow_last_try: bool) -> Result<Option<Pin>, JsValue> {
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(text) => {
            let secret = Secret::new(kind, text).or_throw()?;
            Ok(Some(Pin::new(secret).with_last_try(allow_last_try)))
        }
    }
}

/// The secret of `key` from options `{pin, allowLastTry}`.
fn key_pin(key: KeySlot, o: &Options) -> Result<Option<Pin>, JsValue> {
    pin(
        key.pin(),
        o.string("pin")?,
        o.bool("allowLastTry")?.unwrap_or(false),
    )
}

async fn read_certificate(
    inner: &Inner,
    slot: CertificateSlot,
    pin: Option<Pin>,
) -> Result<Certificate, JsValue> {
    match run(inner, CardRequest::read_certificate(slot, pin)).await? {
        CardOutcome::Certificate(der) => Certificate::from_der(&der).or_throw(),
        _ => Err(unexpected()),
    }
}

async fn sign_digest(
    inner: &Inner,
    key: KeySlot,
    hash: jpki::crypto::HashAlgorithm,
    digest: Vec<u8>,
    pin: Option<Pin>,
) -> Result<Vec<u8>, JsValue> {
    match run(inner, CardRequest::sign(key, hash, digest, pin)).await? {
        CardOutcome::Signature(signature) => Ok(signature),
        _ => Err(unexpected()),
    }
}

/// A secret given as an argument: a string, or `undefined`/`null` (or `""`) for
/// none (already verified in this session).
fn secret_arg(
    kind: PinKind,
    value: &JsValue,
    what: &str,
    allow_last_try: bool,
) -> Result<Option<Pin>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = value
        .as_string()
        .ok_or_else(|| type_error(&format!("{what}: expected a string")))?;
    pin(kind, Some(text), allow_last_try)
}

/// As the core's `CardSigner` signing `content`: the certificate (after the
/// secret), its CA's, then the signature over the signed attributes' digest.
async fn sign_content(
    inner: &Inner,
    key: KeySlot,
    content: &[u8],
    pin: Option<Pin>,
    detached: bool,
    at: Time,
) -> Result<Vec<u8>, JsValue> {
    let (cert_slot, ca_slot) = key.certificate_slots();
    let cert = read_certificate(inner, cert_slot, pin.clone()).await?;
    let ca = read_certificate(inner, ca_slot, None).await?;
    let options = SignOptions::default()
        .with_detached(detached)
        .with_signing_time(Some(at))
        .with_extra_certificates(vec![ca]);
    let prepared = PreparedSignature::new(content, &cert, &options).or_throw()?;
    let signature =
        sign_digest(inner, key, prepared.hash(), prepared.digest().to_vec(), pin).await?;
    prepared.finish(&signature).or_throw()
}

/// Answers a login challenge: `LoginChallenge::card_request`, then the response
/// from the outcome.
async fn authenticate(
    inner: &Inner,
    challenge: &login::LoginChallenge,
    pin: Option<Pin>,
) -> Result<login::LoginResponse, JsValue> {
    let outcome = run(inner, challenge.card_request(pin)).await?;
    login::LoginResponse::from_outcome(challenge, outcome).or_throw()
}

#[wasm_bindgen]
impl Card {
    /// `new Card(transport)`.
    #[wasm_bindgen(constructor)]
    pub fn new(transport: JsValue) -> Result<Card, JsValue> {
        let has_transmit = Reflect::get(&transport, &JsValue::from_str("transmit"))
            .map(|f| f.is_function())
            .unwrap_or(false);
        if !has_transmit {
            return Err(type_error(
                "a transport needs a transmit(command: Uint8Array): Promise<Uint8Array> method",
            ));
        }
        Ok(Card {
            inner: Rc::new(Inner {
                transport,
                session: RefCell::new(CardSession::new()),
                busy: Cell::new(false),
            }),
        })
    }

    /// `info()`.
    pub fn info(&self) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let CardOutcome::Opened(info) = run(&inner, CardRequest::open()).await? else {
                return Err(unexpected());
            };
            let object: JsValue = js_sys::Object::new().into();
            set(&object, "kind", info.kind.as_str());
            set(
                &object,
                "has_signing_certificate",
                info.has_signing_certificate(),
            );
            set(
                &object,
                "has_authentication_certificate",
                info.has_authentication_certificate(),
            );
            Ok(object)
        })
    }

    /// `pinStatus(kind)`.
    #[wasm_bindgen(js_name = pinStatus)]
    pub fn pin_status(&self, kind: String) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let kind = choice("secret kind", &kind, PIN_KINDS)?;
            let CardOutcome::PinStatus(status) = run(&inner, CardRequest::pin_status(kind)).await?
            else {
                return Err(unexpected());
            };
            let object: JsValue = js_sys::Object::new().into();
            set(&object, "kind", status.pin.as_str());
            match status.state {
                PinState::Remaining(n) => set(&object, "remaining", n),
                PinState::Blocked => set(&object, "remaining", 0),
                _ => {}
            }
            set(
                &object,
                "blocked",
                matches!(status.state, PinState::Blocked),
            );
            set(
                &object,
                "verified",
                matches!(status.state, PinState::Verified),
            );
            Ok(object)
        })
    }

    /// `verifyPin(kind, pin, {allowLastTry})`.
    #[wasm_bindgen(js_name = verifyPin)]
    pub fn verify_pin(&self, kind: String, pin: String, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let kind = choice("secret kind", &kind, PIN_KINDS)?;
            let o = Options::new(Some(&options), "verifyPin options", &["allowLastTry"])?;
            let secret = Secret::new(kind, &pin).or_throw()?;
            let pin = Pin::new(secret).with_last_try(o.bool("allowLastTry")?.unwrap_or(false));
            match run(&inner, CardRequest::verify(pin)).await? {
                CardOutcome::Verified => Ok(JsValue::UNDEFINED),
                _ => Err(unexpected()),
            }
        })
    }

    /// `readCertificate(slot, {pin})`.
    #[wasm_bindgen(js_name = readCertificate)]
    pub fn read_certificate(&self, slot: String, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let slot = choice("certificate slot", &slot, CERTIFICATE_SLOTS)?;
            let o = Options::new(Some(&options), "readCertificate options", &["pin"])?;
            let kind = match slot {
                CertificateSlot::Signing => PinKind::SigningPassword,
                _ => PinKind::AuthenticationPin,
            };
            let pin = pin(kind, o.string("pin")?, false)?;
            let cert = read_certificate(&inner, slot, pin).await?;
            crate::cert::info(&cert)
        })
    }

    /// `signDigest(key, digest, {hash, pin, allowLastTry})`.
    #[wasm_bindgen(js_name = signDigest)]
    pub fn sign_digest(&self, key: String, digest: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let key = choice("key", &key, KEY_SLOTS)?;
            let digest = input::binary(&digest, "signDigest: digest")?;
            let o = Options::new(
                Some(&options),
                "signDigest options",
                &["hash", "pin", "allowLastTry"],
            )?;
            let hash = choice(
                "hash",
                &o.string("hash")?.unwrap_or_else(|| "sha256".to_owned()),
                HASHES,
            )?;
            let pin = key_pin(key, &o)?;
            Ok(uint8array(
                &sign_digest(&inner, key, hash, digest, pin).await?,
            ))
        })
    }

    /// `sign(content, {pin, key, detached, signingTime, allowLastTry})`.
    pub fn sign(&self, content: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move {
            let content = input::binary(&content, "sign: content")?;
            let o = Options::new(
                Some(&options),
                "sign options",
                &["pin", "key", "detached", "signingTime", "allowLastTry"],
            )?;
            let key = choice(
                "key",
                &o.string("key")?.unwrap_or_else(|| "sign".to_owned()),
                KEY_SLOTS,
            )?;
            let pin = key_pin(key, &o)?;
            // A signing time left out is now (the host's clock), as `jpki sign` does.
            let at = input::time(o.get("signingTime")?.as_ref())?;
            let detached = o.bool("detached")?.unwrap_or(false);
            Ok(uint8array(
                &sign_content(&inner, key, &content, pin, detached, at).await?,
            ))
        })
    }

    /// `login(challenge, pin, {allowLastTry})`.
    pub fn login(&self, challenge: &LoginChallenge, pin: JsValue, options: JsValue) -> Promise {
        let inner = Rc::clone(&self.inner);
        let challenge = challenge.inner.clone();
        future_to_promise(async move {
            let o = Options::new(Some(&options), "login options", &["allowLastTry"])?;
            let allow_last_try = o.bool("allowLastTry")?.unwrap_or(false);
            let pin = secret_arg(
                PinKind::AuthenticationPin,
                &pin,
                "login: pin",
                allow_last_try,
            )?;
            Ok(LoginResponse {
                inner: authenticate(&inner, &challenge, pin).await?,
            }
            .into())
        })
    }

    /// `register(challenge, application, signingPassword, authPin, {signingTime, allowLastTry})`.
    pub fn register(
        &self,
        challenge: &LoginChallenge,
        application: JsValue,
        signing_password: JsValue,
        auth_pin: JsValue,
        options: JsValue,
    ) -> Promise {
        let inner = Rc::clone(&self.inner);
        let challenge = challenge.inner.clone();
        future_to_promise(async move {
            let application = input::binary(&application, "register: application")?;
            let o = Options::new(
                Some(&options),
                "register options",
                &["signingTime", "allowLastTry"],
            )?;
            let allow_last_try = o.bool("allowLastTry")?.unwrap_or(false);
            let password = secret_arg(
                PinKind::SigningPassword,
                &signing_password,
                "register: signingPassword",
                allow_last_try,
            )?;
            let auth_pin = secret_arg(
                PinKind::AuthenticationPin,
                &auth_pin,
                "register: authPin",
                allow_last_try,
            )?;
            let at = input::time(o.get("signingTime")?.as_ref())?;
            // As the core's `login::register`: the application wrapped with the
            // challenge, signed (attached) with the signing key, then the same
            // challenge answered with the authentication key.
            let content = challenge.registration_content(&application).or_throw()?;
            let signed =
                sign_content(&inner, KeySlot::Signing, &content, password, false, at).await?;
            let login = authenticate(&inner, &challenge, auth_pin).await?;
            let object: JsValue = js_sys::Object::new().into();
            set(&object, "signedApplication", uint8array(&signed));
            set(&object, "login", LoginResponse { inner: login });
            Ok(object)
        })
    }
}
