//! Logging in with the card (`jpki::login`): the user authentication certificate
//! (利用者証明用電子証明書) in a challenge–response, for relying parties and
//! residents.
//!
//! **The relying party** makes a `jpki_login_challenge` (its name, a fresh
//! random nonce of 32 to 64 bytes, when it was issued and when it expires:
//! `jpki_login_challenge_new`, or `jpki_login_challenge_generate` with a nonce
//! from the operating system), records it in a `jpki_nonce_store` and sends its
//! DER (`jpki_login_challenge_der`). **The resident's software** reads it
//! (`jpki_login_challenge_parse`), has the card answer it
//! (`jpki_login_respond`: the authentication PIN, then the authentication
//! certificate and the signature in one card operation) and sends back the
//! `jpki_login_response`'s DER. **The relying party** verifies it with
//! `jpki_verifier_verify_login`: the nonce is redeemed in the store once (a
//! replay is `JPKI_RESULT_CHALLENGE_REPLAYED`), an expired challenge is refused,
//! the signature is checked over the relying party's **own** copy of the
//! challenge, and the certificate is validated as an authentication certificate
//! with revocation under the verifier's policy. The `jpki_login` names the
//! account key to store (`jpki_login_account_key`): the issuing CA's key id, the
//! serial and the SHA-256 of the public key — never the certificate's subject.
//!
//! **Registration** binds a login account to a signed application (the signing
//! certificate, with the 4 basic info): the resident signs
//! `jpki_login_challenge_registration_content` with `jpki_sign` (signing key,
//! content attached) and answers the same challenge with `jpki_login_respond`;
//! `jpki_verifier_register` checks both and returns the `jpki_account_binding`
//! to record, and `jpki_account_binding_assess` says what a later signed request
//! means for it (after a move: register again; after a death: refused).
//!
//! Challenges, responses, logins and bindings are immutable once made (every
//! function taking a `const` handle of them is thread-safe). A
//! `jpki_nonce_store` is shared by any number of threads, like a
//! `jpki_verifier`.

use jpki::login::{
    AccountBinding, BindingStatus, Login, LoginChallenge, LoginResponse, MemoryNonceStore,
    NonceStore, respond,
};

use crate::card::{first_error, jpki_card, pin_arg};
use crate::cert::{jpki_certificate, unix_seconds, write_view};
use crate::compare::jpki_applicant;
use crate::ffi::{
    Castable, boundary, free_handle, handle_ref, into_handle, require_out, time_from_c, try_ffi,
    try_mut, try_ref, try_slice, try_text, write_json, write_out, write_value,
};
use crate::result::jpki_result;
use crate::sign::jpki_bytes;
use crate::verdict::{AnyVerdict, jpki_verdict};
use crate::verifier::{c_enum, jpki_verifier};

/// A relying party's login challenge: who asks (the relying party's name), a
/// fresh nonce, when it was issued and when it expires. Its DER
/// (`jpki_login_challenge_der`) is what is sent to the resident and what the
/// card signs the SHA-256 of.
///
/// Created by `jpki_login_challenge_new`, `jpki_login_challenge_generate` or
/// `jpki_login_challenge_parse`; freed with `jpki_login_challenge_free`.
/// Immutable: usable from several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_login_challenge {
    _private: [u8; 0],
}

/// A challenge and what C may borrow of it.
pub(crate) struct Challenge {
    challenge: LoginChallenge,
    /// The SHA-256 DigestInfo of the DER (`to_be_signed`).
    to_be_signed: Vec<u8>,
    /// The SHA-256 of the DER.
    digest: [u8; 32],
}

impl Castable for jpki_login_challenge {
    type RustType = Challenge;
}

/// Boxes a challenge for C.
fn challenge_handle(challenge: LoginChallenge) -> *mut jpki_login_challenge {
    into_handle::<jpki_login_challenge>(Challenge {
        to_be_signed: challenge.to_be_signed(),
        digest: challenge.digest(),
        challenge,
    })
}

/// Where a relying party keeps its outstanding challenges, so that each is
/// answered once: the core's in-memory store (`jpki::login::MemoryNonceStore`),
/// holding at most a given number of challenges (outstanding and recently
/// redeemed). It serves one process; several servers need a shared store, which
/// the C ABI does not offer.
///
/// Created by `jpki_nonce_store_new`, freed with `jpki_nonce_store_free`.
/// Thread-safe: every function taking a `const jpki_nonce_store *` may be called
/// concurrently on the same handle (inserting, redeeming through
/// `jpki_verifier_verify_login`, pruning); of two concurrent redemptions of one
/// nonce, exactly one succeeds. Only `jpki_nonce_store_free` must not race with
/// other uses.
#[allow(non_camel_case_types)]
pub struct jpki_nonce_store {
    _private: [u8; 0],
}

impl Castable for jpki_nonce_store {
    type RustType = MemoryNonceStore;
}

/// A resident's answer to a challenge: the challenge's nonce, the user
/// authentication certificate (DER, as sent) and the signature.
///
/// Created by `jpki_login_respond` (the card), `jpki_login_response_parse` (its
/// DER) or `jpki_login_response_new` (its parts); freed with
/// `jpki_login_response_free`. Nothing in it is trusted until
/// `jpki_verifier_verify_login`. Immutable: usable from several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_login_response {
    _private: [u8; 0],
}

/// A response and its DER (kept so C can borrow it).
pub(crate) struct Response {
    response: LoginResponse,
    der: Vec<u8>,
}

impl Castable for jpki_login_response {
    type RustType = Response;
}

/// Boxes a response for C, with its DER (`JPKI_RESULT_DECODE` if a part is too
/// large for DER).
fn response_handle(response: LoginResponse) -> Result<*mut jpki_login_response, jpki_result> {
    let der = response.to_der()?;
    Ok(into_handle::<jpki_login_response>(Response {
        response,
        der,
    }))
}

/// A login a relying party accepted (`jpki_verifier_verify_login`): the account
/// key, the authentication certificate and its verdict.
///
/// Freed with `jpki_login_free`; owns its data (it outlives the verifier, the
/// store and the response). Immutable: usable from several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_login {
    _private: [u8; 0],
}

impl Castable for jpki_login {
    type RustType = Login;
}

/// What a relying party records when an account is registered
/// (`jpki_verifier_register`): the login account key, the signing certificate
/// the application was signed with and its holder's 4 basic info.
///
/// Freed with `jpki_account_binding_free`; owns its data. Immutable: usable from
/// several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_account_binding {
    _private: [u8; 0],
}

impl Castable for jpki_account_binding {
    type RustType = AccountBinding;
}

/// What a later signed request means for an account binding
/// (`jpki_account_binding_assess`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_binding_status {
    /// Valid, and signed with the registered signing certificate.
    Current = 1,
    /// Ask the holder to register again with their current signing
    /// certificate: the registered one was revoked because the certified
    /// contents changed (a move, a name change) or was superseded, or the
    /// request was signed with another signing certificate. Logins keep
    /// working meanwhile.
    ReRegister = 2,
    /// Refused: the request is not valid for another reason (a death, a
    /// voluntary revocation, a compromised key, a bad signature…).
    Refused = 3,
}
c_enum!(jpki_binding_status {
    Current,
    ReRegister,
    Refused
});

// ---------------------------------------------------------------------------
// The challenge.
// ---------------------------------------------------------------------------

/// Makes a challenge of the relying party `relying_party` (UTF-8,
/// `relying_party_len` bytes, not NUL-terminated: 1 to 255 bytes, no control
/// character; a name the resident's software may show, e.g. the site's host
/// name) with the nonce `nonce[0..nonce_len]` (32 to 64 bytes from a
/// cryptographic random source; copied), issued at `issued_at` and answered no
/// later than `expires_at` (Unix seconds, 0 to 253402300799; else
/// `JPKI_RESULT_INVALID_ARGUMENT`). On success `*challenge_out` receives a new
/// handle, freed with `jpki_login_challenge_free`.
///
/// `JPKI_RESULT_INVALID_CHALLENGE` for a nonce of the wrong length, an empty or
/// too long relying party, or an expiry not after the issue. Record the
/// challenge with `jpki_nonce_store_insert` before sending it. Thread-safe: it
/// creates a new handle and touches no shared state.
///
/// # Safety
/// `relying_party` and `nonce` are NULL or have their lengths of readable
/// bytes; `challenge_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_new(
    relying_party: *const u8,
    relying_party_len: usize,
    nonce: *const u8,
    nonce_len: usize,
    issued_at: i64,
    expires_at: i64,
    challenge_out: *mut *mut jpki_login_challenge,
) -> jpki_result {
    boundary(|| {
        require_out!(challenge_out);
        let relying_party = try_text!(relying_party, relying_party_len);
        let nonce = try_slice!(nonce, nonce_len);
        let issued_at = try_ffi!(time_from_c(issued_at));
        let expires_at = try_ffi!(time_from_c(expires_at));
        let challenge = try_ffi!(LoginChallenge::new(
            relying_party,
            nonce,
            issued_at,
            expires_at
        ));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(challenge_out, challenge_handle(challenge)) }
    })
}

/// Makes a challenge as `jpki_login_challenge_new` does, with a 32-byte nonce
/// from the operating system's random source, issued at `issued_at` (Unix
/// seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`) and
/// expiring `lifetime_seconds` later. On success `*challenge_out` receives a
/// new handle, freed with `jpki_login_challenge_free`.
///
/// `JPKI_RESULT_INVALID_CHALLENGE` for an unusable relying party, a lifetime of
/// 0, an expiry past 9999-12-31T23:59:59Z, or a failing random source.
/// Thread-safe.
///
/// # Safety
/// `relying_party` is NULL or has `relying_party_len` readable bytes;
/// `challenge_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_generate(
    relying_party: *const u8,
    relying_party_len: usize,
    issued_at: i64,
    lifetime_seconds: u64,
    challenge_out: *mut *mut jpki_login_challenge,
) -> jpki_result {
    boundary(|| {
        require_out!(challenge_out);
        let relying_party = try_text!(relying_party, relying_party_len);
        let issued_at = try_ffi!(time_from_c(issued_at));
        let challenge = try_ffi!(LoginChallenge::generate(
            relying_party,
            issued_at,
            lifetime_seconds
        ));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(challenge_out, challenge_handle(challenge)) }
    })
}

/// Reads a challenge from its DER `data[0..len]` (what
/// `jpki_login_challenge_der` wrote; copied), checking it as
/// `jpki_login_challenge_new` does. On success `*challenge_out` receives a new
/// handle, freed with `jpki_login_challenge_free`.
///
/// `JPKI_RESULT_DECODE` if it is not the DER of a challenge;
/// `JPKI_RESULT_INVALID_CHALLENGE` if its values are unusable or its encoding
/// is not the canonical one. Thread-safe.
///
/// # Safety
/// `data` is NULL or has `len` readable bytes; `challenge_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_parse(
    data: *const u8,
    len: usize,
    challenge_out: *mut *mut jpki_login_challenge,
) -> jpki_result {
    boundary(|| {
        require_out!(challenge_out);
        let input = try_slice!(data, len);
        let challenge = try_ffi!(LoginChallenge::from_der(input));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(challenge_out, challenge_handle(challenge)) }
    })
}

/// Frees a challenge (NULL does nothing); views from it become invalid. A
/// challenge recorded in a nonce store stays there (the store keeps its own
/// copy).
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `challenge` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_free(challenge: *mut jpki_login_challenge) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(challenge) }
    });
}

/// The challenge's DER, to send to the resident: `*data_out` points into the
/// handle (not to be freed), valid until `jpki_login_challenge_free`.
/// Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_der(
    challenge: *const jpki_login_challenge,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let c = try_ref!(challenge);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(c.challenge.der(), data_out, len_out) }
    })
}

/// The exact bytes the authentication key signs with PKCS#1 v1.5 padding: the
/// DER DigestInfo of the SHA-256 of the challenge's DER (51 bytes), for signers
/// other than a JPKI card. `*data_out` points into the handle, valid until
/// `jpki_login_challenge_free`. Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_to_be_signed(
    challenge: *const jpki_login_challenge,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let c = try_ref!(challenge);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(&c.to_be_signed, data_out, len_out) }
    })
}

/// The SHA-256 of the challenge's DER (32 bytes): what a JPKI card's
/// authentication key signs (`jpki_card_sign_digest` with
/// `JPKI_KEY_SLOT_AUTHENTICATION` and `JPKI_HASH_ALGORITHM_SHA256` makes the
/// same signature as `jpki_login_respond`). `*data_out` points into the handle,
/// valid until `jpki_login_challenge_free`. Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_digest(
    challenge: *const jpki_login_challenge,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let c = try_ref!(challenge);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(&c.digest, data_out, len_out) }
    })
}

/// The challenge's nonce: `*data_out` points into the handle, valid until
/// `jpki_login_challenge_free`. Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_nonce(
    challenge: *const jpki_login_challenge,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let c = try_ref!(challenge);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(c.challenge.nonce(), data_out, len_out) }
    })
}

/// Who asks: the relying party's name (UTF-8, no NUL) into `buf` (capacity
/// `cap`); its length into `*out_len` (`JPKI_RESULT_BUFFER_TOO_SMALL` with the
/// length needed when `cap` is too small). Show it to the resident before the
/// card signs. Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_relying_party(
    challenge: *const jpki_login_challenge,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let c = try_ref!(challenge);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(c.challenge.relying_party().as_bytes(), buf, cap, out_len) }
    })
}

/// When the challenge was issued, Unix seconds, into `*time_out`. Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `time_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_issued_at(
    challenge: *const jpki_login_challenge,
    time_out: *mut i64,
) -> jpki_result {
    boundary(|| {
        require_out!(time_out);
        let c = try_ref!(challenge);
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(time_out, unix_seconds(c.challenge.issued_at())) }
    })
}

/// When the challenge expires, Unix seconds, into `*time_out`: a response
/// verified at or after this time is `JPKI_RESULT_CHALLENGE_EXPIRED`.
/// Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `time_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_expires_at(
    challenge: *const jpki_login_challenge,
    time_out: *mut i64,
) -> jpki_result {
    boundary(|| {
        require_out!(time_out);
        let c = try_ref!(challenge);
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(time_out, unix_seconds(c.challenge.expires_at())) }
    })
}

/// The content a registration's application is signed over: the DER of
/// `Registration ::= SEQUENCE { context UTF8String ("jpki-registration-v1"),
/// challenge LoginChallenge, application OCTET STRING }` wrapping the
/// challenge and `application[0..application_len]`, written to `*content_out`
/// (free with `jpki_bytes_free`). Sign it with `jpki_sign` (the signing key,
/// `detached` false: the content travels inside the signature), answer the same
/// challenge with `jpki_login_respond`, and give both to
/// `jpki_verifier_register`. Thread-safe.
///
/// # Safety
/// `challenge` is NULL or live; `application` is NULL or has
/// `application_len` readable bytes; `content_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_challenge_registration_content(
    challenge: *const jpki_login_challenge,
    application: *const u8,
    application_len: usize,
    content_out: *mut *mut jpki_bytes,
) -> jpki_result {
    boundary(|| {
        require_out!(content_out);
        let c = try_ref!(challenge);
        let application = try_slice!(application, application_len);
        let content = try_ffi!(c.challenge.registration_content(application));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(content_out, into_handle::<jpki_bytes>(content)) }
    })
}

// ---------------------------------------------------------------------------
// The nonce store.
// ---------------------------------------------------------------------------

/// Makes an empty in-memory nonce store holding at most `capacity` challenges
/// (outstanding and recently redeemed: a redeemed nonce is kept until its
/// challenge expires, so that a replay is named as one) and writes it to
/// `*store_out` (free with `jpki_nonce_store_free`). Thread-safe.
///
/// # Safety
/// `store_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_nonce_store_new(
    capacity: usize,
    store_out: *mut *mut jpki_nonce_store,
) -> jpki_result {
    boundary(|| {
        require_out!(store_out);
        let store = MemoryNonceStore::new(capacity);
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(store_out, into_handle::<jpki_nonce_store>(store)) }
    })
}

/// Frees a nonce store (NULL does nothing); its challenges are forgotten.
///
/// Must not race with any other use of the handle: free it after every thread
/// is done with it. Logins it redeemed stay valid.
///
/// # Safety
/// `store` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_nonce_store_free(store: *mut jpki_nonce_store) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(store) }
    });
}

/// Records `challenge` (copied) as issued and not yet answered. Challenges
/// expired at its issue time are dropped first (the issue time is the store's
/// clock).
///
/// `JPKI_RESULT_INVALID_CHALLENGE` if a challenge with its nonce was issued
/// already; `JPKI_RESULT_NONCE_STORE_FULL` when the store holds `capacity`
/// challenges. Thread-safe: may run while other threads insert and verify on
/// the same store.
///
/// # Safety
/// `store` and `challenge` are NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_nonce_store_insert(
    store: *const jpki_nonce_store,
    challenge: *const jpki_login_challenge,
) -> jpki_result {
    boundary(|| {
        let store = try_ref!(store);
        let c = try_ref!(challenge);
        try_ffi!(store.insert(&c.challenge));
        jpki_result::Ok
    })
}

/// Drops every challenge (outstanding or redeemed) expired at `at` (Unix
/// seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`). A
/// long-running relying party calls it now and then so that unanswered
/// challenges do not fill the store. Thread-safe.
///
/// # Safety
/// `store` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_nonce_store_prune(
    store: *const jpki_nonce_store,
    at: i64,
) -> jpki_result {
    boundary(|| {
        let store = try_ref!(store);
        let at = try_ffi!(time_from_c(at));
        store.prune(at);
        jpki_result::Ok
    })
}

/// How many challenges the store holds (outstanding and redeemed), into
/// `*len_out`. Thread-safe (a snapshot: other threads may change it at once).
///
/// # Safety
/// `store` is NULL or live; `len_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_nonce_store_len(
    store: *const jpki_nonce_store,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(len_out);
        let store = try_ref!(store);
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(len_out, store.len()) }
    })
}

// ---------------------------------------------------------------------------
// The response.
// ---------------------------------------------------------------------------

/// The resident's side: answers `challenge` with the card and writes the
/// response to `*response_out` (free with `jpki_login_response_free`; send its
/// DER, `jpki_login_response_der`).
///
/// In one card operation the authentication PIN `pin` (UTF-8, `pin_len` bytes;
/// NULL, 0 if it was verified earlier in this session) is verified — once,
/// never retried, its last try spent only with `allow_last_try`, as in
/// `jpki_card_verify_pin` — then the user authentication certificate is read
/// and the authentication key signs the SHA-256 of the challenge's DER. Show
/// the resident `jpki_login_challenge_relying_party` first. Errors are the
/// card's: `JPKI_RESULT_WRONG_PIN`, `JPKI_RESULT_LAST_TRY_REFUSED`,
/// `JPKI_RESULT_SECURITY_STATUS_NOT_SATISFIED` (no PIN and none verified),
/// `JPKI_RESULT_TRANSPORT`…
///
/// Thread safety: `card` is used by one thread at a time; `challenge` is only
/// read.
///
/// # Safety
/// `challenge` is NULL or live; `card` is NULL or a live card used by no other
/// thread; `pin` is NULL or has `pin_len` readable bytes; `response_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_respond(
    challenge: *const jpki_login_challenge,
    card: *mut jpki_card,
    pin: *const u8,
    pin_len: usize,
    allow_last_try: bool,
    response_out: *mut *mut jpki_login_response,
) -> jpki_result {
    boundary(|| {
        require_out!(response_out);
        let c = try_ref!(challenge);
        let card = try_mut!(card);
        // SAFETY: the export's contract.
        let pin = try_ffi!(unsafe {
            pin_arg(
                jpki::card::PinKind::AuthenticationPin,
                pin,
                pin_len,
                allow_last_try,
            )
        });
        let response = try_ffi!(respond(card, &c.challenge, pin.as_ref()));
        let handle = try_ffi!(response_handle(response));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(response_out, handle) }
    })
}

/// Makes a response from its parts (copied; nothing is checked until
/// `jpki_verifier_verify_login`): the nonce of the challenge it answers, the
/// authentication certificate's DER and the signature — for a host that had
/// the card (or another signer) sign `jpki_login_challenge_digest` itself. On
/// success `*response_out` receives a new handle, freed with
/// `jpki_login_response_free`. `JPKI_RESULT_DECODE` if a part is too large for
/// DER. Thread-safe.
///
/// # Safety
/// `nonce`, `certificate` and `signature` are NULL or have their lengths of
/// readable bytes; `response_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_new(
    nonce: *const u8,
    nonce_len: usize,
    certificate: *const u8,
    certificate_len: usize,
    signature: *const u8,
    signature_len: usize,
    response_out: *mut *mut jpki_login_response,
) -> jpki_result {
    boundary(|| {
        require_out!(response_out);
        let nonce = try_slice!(nonce, nonce_len);
        let certificate = try_slice!(certificate, certificate_len);
        let signature = try_slice!(signature, signature_len);
        let handle = try_ffi!(response_handle(LoginResponse::new(
            nonce,
            certificate,
            signature
        )));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(response_out, handle) }
    })
}

/// Reads a response from its DER `data[0..len]` (what
/// `jpki_login_response_der` wrote; copied). On success `*response_out`
/// receives a new handle, freed with `jpki_login_response_free`.
/// `JPKI_RESULT_DECODE` if it is not the DER of a response or is longer than
/// 16 KiB. Thread-safe.
///
/// # Safety
/// `data` is NULL or has `len` readable bytes; `response_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_parse(
    data: *const u8,
    len: usize,
    response_out: *mut *mut jpki_login_response,
) -> jpki_result {
    boundary(|| {
        require_out!(response_out);
        let input = try_slice!(data, len);
        let response = try_ffi!(LoginResponse::from_der(input));
        let handle = try_ffi!(response_handle(response));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(response_out, handle) }
    })
}

/// Frees a response (NULL does nothing); views from it become invalid.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `response` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_free(response: *mut jpki_login_response) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(response) }
    });
}

/// The response's DER, to send to the relying party: `*data_out` points into
/// the handle (not to be freed), valid until `jpki_login_response_free`.
/// Thread-safe.
///
/// # Safety
/// `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_der(
    response: *const jpki_login_response,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let r = try_ref!(response);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(&r.der, data_out, len_out) }
    })
}

/// The nonce of the challenge the response answers: `*data_out` points into
/// the handle, valid until `jpki_login_response_free`. Thread-safe.
///
/// # Safety
/// `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_nonce(
    response: *const jpki_login_response,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let r = try_ref!(response);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(r.response.nonce(), data_out, len_out) }
    })
}

/// The certificate's DER as sent (not parsed or checked: only a claim until
/// `jpki_verifier_verify_login`): `*data_out` points into the handle, valid
/// until `jpki_login_response_free`. Thread-safe.
///
/// # Safety
/// `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_certificate_der(
    response: *const jpki_login_response,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let r = try_ref!(response);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(r.response.certificate_der(), data_out, len_out) }
    })
}

/// The signature: `*data_out` points into the handle, valid until
/// `jpki_login_response_free`. Thread-safe.
///
/// # Safety
/// `response` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_response_signature(
    response: *const jpki_login_response,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let r = try_ref!(response);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(r.response.signature(), data_out, len_out) }
    })
}

// ---------------------------------------------------------------------------
// The relying party's verification: the login.
// ---------------------------------------------------------------------------

/// Verifies a login response at `at` (Unix seconds, 0 to 253402300799; else
/// `JPKI_RESULT_INVALID_ARGUMENT`, and nothing is redeemed) and writes the
/// login to `*login_out` (free with `jpki_login_free`).
///
/// In order: the response's nonce is redeemed in `store`, once
/// (`JPKI_RESULT_CHALLENGE_UNKNOWN` if the store never held it,
/// `JPKI_RESULT_CHALLENGE_REPLAYED` if it was redeemed before); the challenge
/// must not have expired at `at` (`JPKI_RESULT_CHALLENGE_EXPIRED`; its nonce is
/// spent all the same); the certificate must parse (`JPKI_RESULT_DECODE`); the
/// signature must be PKCS#1 v1.5 over the SHA-256 DigestInfo of the store's
/// copy of the challenge (`JPKI_RESULT_LOGIN_SIGNATURE_INVALID`); the
/// certificate must be an authentication certificate of an accepted policy with
/// a path to a trust anchor (`JPKI_RESULT_WRONG_CERTIFICATE_KIND` for a signing
/// certificate, `JPKI_RESULT_ISSUER_NOT_FOUND`…) and not revoked under the
/// verifier's revocation policy (`JPKI_RESULT_CERTIFICATE_REVOKED`,
/// `JPKI_RESULT_REVOCATION_UNAVAILABLE` when nothing answers under hard fail).
/// The first refusal is returned; `jpki_result_message` describes it.
///
/// Thread-safe: any number of threads may verify on one verifier and one store
/// at once; of two concurrent verifications of one response, one succeeds and
/// the other is `JPKI_RESULT_CHALLENGE_REPLAYED`.
///
/// # Safety
/// `verifier`, `response` and `store` are NULL or live; `login_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_verify_login(
    verifier: *const jpki_verifier,
    response: *const jpki_login_response,
    store: *const jpki_nonce_store,
    at: i64,
    login_out: *mut *mut jpki_login,
) -> jpki_result {
    boundary(|| {
        require_out!(login_out);
        let verifier = try_ref!(verifier);
        let r = try_ref!(response);
        let store = try_ref!(store);
        let at = try_ffi!(time_from_c(at));
        let login = try_ffi!(verifier.verify_login(&r.response, store, at));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(login_out, into_handle::<jpki_login>(login)) }
    })
}

/// Frees a login (NULL does nothing); views from it become invalid.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `login` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_free(login: *mut jpki_login) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(login) }
    });
}

/// The account key to look the account up by, as text (ASCII, no NUL):
/// `<issuer key id hex>:<serial hex>:<public key SHA-256 hex>`, lower-case hex.
/// The same card logs in with the same account key; a renewed card has a new
/// one (the holder registers again). Into `buf` (capacity `cap`); its length
/// into `*out_len` (`JPKI_RESULT_BUFFER_TOO_SMALL` with the length needed when
/// `cap` is too small). Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_account_key(
    login: *const jpki_login,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let login = try_ref!(login);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(login.account.to_string().as_bytes(), buf, cap, out_len) }
    })
}

/// The account key's first part: the issuing CA's key identifier (the
/// certificate's authority key id, or the SHA-256 of the issuer's public key
/// when it has none). `*data_out` points into the handle, valid until
/// `jpki_login_free`. Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_account_issuer_key_id(
    login: *const jpki_login,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let login = try_ref!(login);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(&login.account.issuer_key_id, data_out, len_out) }
    })
}

/// The account key's second part: the authentication certificate's serial, as
/// minimal big-endian bytes (as `jpki_certificate_serial`). `*data_out` points
/// into the handle, valid until `jpki_login_free`. Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_account_serial(
    login: *const jpki_login,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let login = try_ref!(login);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(login.account.serial.as_bytes(), data_out, len_out) }
    })
}

/// The account key's third part: the SHA-256 of the authentication
/// certificate's SubjectPublicKeyInfo DER (32 bytes). `*data_out` points into
/// the handle, valid until `jpki_login_free`. Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_account_public_key_sha256(
    login: *const jpki_login,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let login = try_ref!(login);
        // SAFETY: both outputs are non-NULL and writable (caller contract); the
        // bytes live as long as the handle.
        unsafe { write_view(&login.account.public_key_sha256, data_out, len_out) }
    })
}

/// Writes to `*certificate_out` a new handle to the user authentication
/// certificate that logged in (free it with `jpki_certificate_free`; it
/// outlives the login). Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `certificate_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_certificate(
    login: *const jpki_login,
    certificate_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(certificate_out);
        let login = try_ref!(login);
        let handle = into_handle::<jpki_certificate>(login.certificate.clone());
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(certificate_out, handle) }
    })
}

/// Writes to `*verdict_out` a new handle to the authentication certificate's
/// verdict (a certificate verdict, as `jpki_verifier_verify_certificate`
/// returns: its path and the revocation of every certificate of it; free it
/// with `jpki_verdict_free`). It is valid (a login is only made of one), but
/// `jpki_verdict_revocation_status` tells a good status from a soft-failed one
/// under a soft-fail verifier. Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `verdict_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_verdict(
    login: *const jpki_login,
    verdict_out: *mut *mut jpki_verdict,
) -> jpki_result {
    boundary(|| {
        require_out!(verdict_out);
        let login = try_ref!(login);
        let verdict = AnyVerdict::Certificate(Box::new(login.verdict.clone()));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(verdict_out, into_handle::<jpki_verdict>(verdict)) }
    })
}

/// Writes the login as JSON (UTF-8, no NUL) into `buf` (capacity `cap`) and
/// its length into `*out_len`: the stable contract `jpki login verify --json`
/// prints — `valid` (true), `schema_version`, `at`, `relying_party`, `account`
/// (`id`, `issuer_key_id`, `serial`, `public_key_sha256`) and `certificate`
/// (the certificate verdict's JSON). `JPKI_RESULT_BUFFER_TOO_SMALL` (with the
/// length needed) when `cap` is too small: call with a NULL `buf` and `cap` 0
/// to ask for the length. Thread-safe.
///
/// # Safety
/// `login` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_login_json(
    login: *const jpki_login,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let login = try_ref!(login);
        // SAFETY: forwarded caller contract.
        unsafe { write_json(serde_json::to_vec(login), buf, cap, out_len) }
    })
}

// ---------------------------------------------------------------------------
// Registration: the account binding.
// ---------------------------------------------------------------------------

/// Verifies a registration at `at` (Unix seconds, 0 to 253402300799; else
/// `JPKI_RESULT_INVALID_ARGUMENT`, and nothing is redeemed) and writes the
/// binding to record to `*binding_out` (free with `jpki_account_binding_free`).
///
/// `signed_application[0..signed_application_len]` is the CMS SignedData (DER
/// or PEM, content attached) the signing key made over
/// `jpki_login_challenge_registration_content`; `applicant` is what the
/// applicant wrote (its 4 basic info must equal the signing certificate's);
/// `response` is the login response to the same challenge. In order: the
/// response's nonce is redeemed in `store` (once) and must not have expired;
/// the signed application must be valid (signature, signing certificate,
/// revocation, 4 basic info: its first failure, such as
/// `JPKI_RESULT_PERSONAL_INFO_MISMATCH` or `JPKI_RESULT_CERTIFICATE_REVOKED`)
/// and signed over this challenge (`JPKI_RESULT_REGISTRATION_MISMATCH`); the
/// login response must verify as in `jpki_verifier_verify_login`.
///
/// Thread-safe: as `jpki_verifier_verify_login` (the applicant is only read).
///
/// # Safety
/// `verifier`, `response` and `store` are NULL or live; `applicant` is NULL or
/// a live applicant not being changed during the call; `signed_application` is
/// NULL or has `signed_application_len` readable bytes; `binding_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C signature: byte views come in pairs
pub unsafe extern "C" fn jpki_verifier_register(
    verifier: *const jpki_verifier,
    signed_application: *const u8,
    signed_application_len: usize,
    applicant: *const jpki_applicant,
    response: *const jpki_login_response,
    store: *const jpki_nonce_store,
    at: i64,
    binding_out: *mut *mut jpki_account_binding,
) -> jpki_result {
    boundary(|| {
        require_out!(binding_out);
        let verifier = try_ref!(verifier);
        let signed = try_slice!(signed_application, signed_application_len);
        let applicant = try_ref!(applicant);
        let r = try_ref!(response);
        let store = try_ref!(store);
        let at = try_ffi!(time_from_c(at));
        let binding = try_ffi!(verifier.register(signed, applicant, &r.response, store, at));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(binding_out, into_handle::<jpki_account_binding>(binding)) }
    })
}

/// Frees an account binding (NULL does nothing).
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `binding` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_free(binding: *mut jpki_account_binding) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(binding) }
    });
}

/// The registered account key as text, as `jpki_login_account_key` writes it
/// (a login whose account key is this text is the account's), into `buf`
/// (capacity `cap`); its length into `*out_len`. Thread-safe.
///
/// # Safety
/// `binding` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_account_key(
    binding: *const jpki_account_binding,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let binding = try_ref!(binding);
        // SAFETY: forwarded caller contract.
        unsafe { write_out(binding.account.to_string().as_bytes(), buf, cap, out_len) }
    })
}

/// Whether `login` is the bound account's: the same account key. False when
/// either is NULL. Thread-safe.
///
/// # Safety
/// `binding` and `login` are NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_matches(
    binding: *const jpki_account_binding,
    login: *const jpki_login,
) -> bool {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live, only read.
        let binding = unsafe { handle_ref::<jpki_account_binding>(binding) };
        // SAFETY: the caller's contract: NULL or live, only read.
        let login = unsafe { handle_ref::<jpki_login>(login) };
        matches!((binding, login), (Some(b), Some(l)) if b.matches(l))
    })
}

/// The holder's 4 basic info at registration as the library's JSON (as
/// `jpki_certificate_personal_info_json` writes it), into `buf` (capacity
/// `cap`); its length into `*out_len`. Thread-safe.
///
/// # Safety
/// `binding` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_holder_json(
    binding: *const jpki_account_binding,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let binding = try_ref!(binding);
        // SAFETY: forwarded caller contract.
        unsafe { write_json(serde_json::to_vec(&binding.holder), buf, cap, out_len) }
    })
}

/// The binding as JSON: `schema_version`, `registered_at`, `account` (as in
/// `jpki_login_json`), `signing_certificate` (`serial`, `issuer`, `not_after`)
/// and `holder` (the 4 basic info), into `buf` (capacity `cap`); its length
/// into `*out_len`. Thread-safe.
///
/// # Safety
/// `binding` is NULL or live; `buf` is NULL or has `cap` writable bytes;
/// `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_json(
    binding: *const jpki_account_binding,
    buf: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(out_len);
        let binding = try_ref!(binding);
        // SAFETY: forwarded caller contract.
        unsafe { write_json(serde_json::to_vec(binding), buf, cap, out_len) }
    })
}

/// Writes to `*certificate_out` a new handle to the signing certificate the
/// registration's application was signed with (free it with
/// `jpki_certificate_free`). Thread-safe.
///
/// # Safety
/// `binding` is NULL or live; `certificate_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_signing_certificate(
    binding: *const jpki_account_binding,
    certificate_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(certificate_out);
        let binding = try_ref!(binding);
        let handle = into_handle::<jpki_certificate>(binding.signing_certificate.clone());
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(certificate_out, handle) }
    })
}

/// What a later signed request's `verdict` (from `jpki_verifier_verify`, with
/// the verifier's current revocation data) means for the binding: writes a
/// `jpki_binding_status` to `*status_out` and to `*error_out` the code of the
/// request's failure (e.g. `JPKI_RESULT_CERTIFICATE_REVOKED` after a move or a
/// death), or `JPKI_RESULT_OK` when it did not fail. After a move (or a name
/// change) the registered signing certificate is revoked and the status is
/// `JPKI_BINDING_STATUS_RE_REGISTER` (logins keep working); after a death it is
/// `JPKI_BINDING_STATUS_REFUSED`. `JPKI_RESULT_INVALID_ARGUMENT` for a
/// certificate verdict (there is no signed request in it). Thread-safe.
///
/// # Safety
/// `binding` and `verdict` are NULL or live; `status_out` and `error_out` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_account_binding_assess(
    binding: *const jpki_account_binding,
    verdict: *const jpki_verdict,
    status_out: *mut jpki_binding_status,
    error_out: *mut jpki_result,
) -> jpki_result {
    boundary(|| {
        require_out!(status_out, error_out);
        let binding = try_ref!(binding);
        let AnyVerdict::Application(verdict) = try_ref!(verdict) else {
            return jpki_result::InvalidArgument;
        };
        let (status, error) = match binding.assess(verdict) {
            BindingStatus::Current => (jpki_binding_status::Current, None),
            BindingStatus::ReRegister { error, .. } => (jpki_binding_status::ReRegister, error),
            BindingStatus::Refused(e) => (jpki_binding_status::Refused, Some(e)),
            // A status this version of the C ABI does not name.
            _ => return jpki_result::Unknown,
        };
        let code = error.map_or(jpki_result::Ok, jpki_result::from);
        // SAFETY: both checked non-NULL; writable (caller contract).
        unsafe {
            first_error([
                write_value(status_out, status),
                write_value(error_out, code),
            ])
        }
    })
}

/// The relying party's shared handles are shared between threads: the core
/// types behind them must stay `Send + Sync` (checked at compile time).
const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<MemoryNonceStore>();
    shared::<LoginChallenge>();
    shared::<LoginResponse>();
    shared::<Login>();
    shared::<AccountBinding>();
};
