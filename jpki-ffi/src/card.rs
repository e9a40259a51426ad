//! The JPKI card: `jpki_card` over a caller-supplied transport callback
//! ([`jpki_transmit_fn`]), or over PC/SC by reader name (feature `pcsc`).
//!
//! A `jpki_card` is `jpki::card::JpkiCard`: every call runs one whole card
//! operation (SELECT, the secret's retry counter, VERIFY, READ BINARY or COMPUTE
//! DIGITAL SIGNATURE…) through the transport, synchronously, on the calling
//! thread. The core's rules hold unchanged: secrets are validated before
//! anything is sent, VERIFY is never retried, the last remaining try is refused
//! (`JPKI_RESULT_LAST_TRY_REFUSED`) unless `allow_last_try`, a verified secret is
//! remembered for the session, and any error makes the card forget what it knew
//! (the next call selects afresh).
//!
//! **The transport callback.** [`jpki_transmit_fn`] sends one command APDU and
//! receives the answer (data and SW1 SW2) into a buffer the library owns, of
//! [`JPKI_TRANSMIT_RESPONSE_CAPACITY`] bytes (room for an extended-length
//! answer, so nothing the card answered is ever lost; the library sends short
//! APDUs only, so answers are at most 258 bytes). It returns
//! `JPKI_RESULT_OK` (0) on success; anything else, or a length larger than the
//! buffer, fails the operation with `JPKI_RESULT_TRANSPORT`. The library does not
//! bracket operations: a caller sharing the card with other applications takes
//! exclusive access (e.g. `SCardBeginTransaction`) around each `jpki_card_*`
//! call.
//!
//! **Secrets** (`pin`, `pin_len`: UTF-8, not NUL-terminated) are copied straight
//! into the core's zeroizing `jpki::card::Secret` and never logged; the caller's
//! memory is read, not kept (clear it yourself when done). NULL with length 0 means
//! "no secret": the operation then relies on a verification earlier in the same
//! session.

use std::ffi::c_void;

use jpki::card::{
    CardKind, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, PinState, Secret, Transport,
    TransportError, TransportErrorKind,
};
use jpki::crypto::HashAlgorithm;

use crate::cert::jpki_certificate;
use crate::ffi::{
    Castable, boundary, free_handle, into_handle, require_out, text, try_ffi, try_mut, try_slice,
    write_value,
};
use crate::result::jpki_result;
use crate::sign::jpki_bytes;

/// Sends one command APDU to the card and receives its answer.
///
/// * `ctx`: the pointer given to `jpki_card_new`, passed through untouched.
/// * `cmd`, `cmd_len`: the command APDU (valid only during the call; a VERIFY
///   command carries a secret: do not log or keep it).
/// * `resp`, `resp_cap`: where to write the whole answer, data then SW1 SW2;
///   `resp_cap` is `JPKI_TRANSMIT_RESPONSE_CAPACITY`.
/// * `resp_len_out`: receives the answer's length (at most `resp_cap`).
///
/// Returns `JPKI_RESULT_OK` (0) when the answer was received; any other value
/// means the transport failed, and the operation fails with
/// `JPKI_RESULT_TRANSPORT`. The callback runs on the thread that called the
/// `jpki_card_*` function, only during that call, and must not call the library
/// with the same card (or the `jpki_sim_card` behind it) from inside.
#[allow(non_camel_case_types)]
pub type jpki_transmit_fn = Option<
    unsafe extern "C" fn(
        ctx: *mut c_void,
        cmd: *const u8,
        cmd_len: usize,
        resp: *mut u8,
        resp_cap: usize,
        resp_len_out: *mut usize,
    ) -> u32,
>;

/// The size of the response buffer the library hands to a `jpki_transmit_fn`:
/// an extended-length answer (65536 data bytes) and its status word.
pub const JPKI_TRANSMIT_RESPONSE_CAPACITY: usize = 65_538;

/// A JPKI card (My Number card, Juki card, or JPKI on a phone) behind a
/// transport. Create with `jpki_card_new` (a transmit callback) or
/// `jpki_card_connect_pcsc` (feature `pcsc`); free with `jpki_card_free`. Used by
/// one thread at a time.
#[allow(non_camel_case_types)]
pub struct jpki_card {
    _private: [u8; 0],
}

impl Castable for jpki_card {
    type RustType = JpkiCard<Box<dyn Transport>>;
}

/// A transport made of a C callback and its context.
struct CallbackTransport {
    transmit:
        unsafe extern "C" fn(*mut c_void, *const u8, usize, *mut u8, usize, *mut usize) -> u32,
    ctx: *mut c_void,
    /// The answer buffer, allocated on the first command and reused.
    buffer: Vec<u8>,
}

impl Transport for CallbackTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.buffer.resize(JPKI_TRANSMIT_RESPONSE_CAPACITY, 0);
        let mut len: usize = 0;
        // SAFETY: the callback was given to `jpki_card_new` under its contract (a
        // function of this signature that reads `cmd_len` bytes at `cmd`, writes at
        // most `resp_cap` bytes at `resp` and one `size_t` at `resp_len_out`);
        // `command` and `buffer` are live for the call and do not overlap; `len`
        // is a local.
        let rc = unsafe {
            (self.transmit)(
                self.ctx,
                command.as_ptr(),
                command.len(),
                self.buffer.as_mut_ptr(),
                self.buffer.len(),
                &mut len,
            )
        };
        if rc != 0 {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                format!("the transmit callback failed with {rc}"),
            ));
        }
        match self.buffer.get(..len) {
            Some(answer) => Ok(answer.to_vec()),
            None => Err(TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "the transmit callback reported {len} bytes, more than the {} bytes of its buffer",
                    self.buffer.len()
                ),
            )),
        }
    }
}

/// The kind of token `jpki_card_open` found, from its label.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_card_kind {
    /// Another label (not a known JPKI token).
    Unknown = 0,
    /// `JPKIAPICCTOKEN2`: a My Number card.
    MyNumberCard = 1,
    /// `JPKIAPICCTOKEN`: a Juki card (住民基本台帳カード).
    JukiCard = 2,
    /// `JPKIAPGPSETOKEN`: JPKI on an Android phone.
    AndroidPhone = 3,
    /// `JPKIAPIOSTOKEN`: JPKI on an iPhone.
    IPhone = 4,
}

impl From<&CardKind> for jpki_card_kind {
    fn from(kind: &CardKind) -> Self {
        match kind {
            CardKind::MyNumberCard => Self::MyNumberCard,
            CardKind::JukiCard => Self::JukiCard,
            CardKind::AndroidPhone => Self::AndroidPhone,
            CardKind::IPhone => Self::IPhone,
            _ => Self::Unknown,
        }
    }
}

/// Which secret of the card.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_pin_kind {
    /// 署名用パスワード: the signing password, 6–16 of A–Z and 0–9 (lower case is
    /// upper-cased), 5 tries.
    SigningPassword = 1,
    /// 利用者証明用暗証番号: the user authentication PIN, 4 digits, 3 tries.
    AuthenticationPin = 2,
    /// 券面事項入力補助用暗証番号: the text application's PIN, 4 digits.
    AttributesPin = 3,
}

impl jpki_pin_kind {
    /// The kind C passed, or `INVALID_ARGUMENT`.
    pub(crate) fn from_u32(value: u32) -> Result<PinKind, jpki_result> {
        match value {
            1 => Ok(PinKind::SigningPassword),
            2 => Ok(PinKind::AuthenticationPin),
            3 => Ok(PinKind::AttributesPin),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// A secret's state, read without spending a try.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_pin_state {
    /// Not verified; the remaining tries were written.
    Remaining = 1,
    /// Already verified in the card's current security state.
    Verified = 2,
    /// Blocked: no try remains (reset it at a municipal window).
    Blocked = 3,
}

/// A certificate file of the card's JPKI application.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_certificate_slot {
    /// The signing certificate (needs the signing password).
    Signing = 1,
    /// The user authentication certificate.
    Authentication = 2,
    /// The signing CA certificate.
    SigningCa = 3,
    /// The user authentication CA certificate.
    AuthenticationCa = 4,
}

impl jpki_certificate_slot {
    /// The slot C passed, or `INVALID_ARGUMENT`.
    pub(crate) fn from_u32(value: u32) -> Result<CertificateSlot, jpki_result> {
        match value {
            1 => Ok(CertificateSlot::Signing),
            2 => Ok(CertificateSlot::Authentication),
            3 => Ok(CertificateSlot::SigningCa),
            4 => Ok(CertificateSlot::AuthenticationCa),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// A private key of the card's JPKI application.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_key_slot {
    /// The signing key, unlocked by the signing password.
    Signing = 1,
    /// The user authentication key, unlocked by the authentication PIN.
    Authentication = 2,
}

impl jpki_key_slot {
    /// The slot C passed, or `INVALID_ARGUMENT`.
    pub(crate) fn from_u32(value: u32) -> Result<KeySlot, jpki_result> {
        match value {
            1 => Ok(KeySlot::Signing),
            2 => Ok(KeySlot::Authentication),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// A digest algorithm.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_hash_algorithm {
    /// SHA-256 (32 bytes): what new signatures use.
    Sha256 = 1,
    /// SHA-384 (48 bytes).
    Sha384 = 2,
    /// SHA-512 (64 bytes).
    Sha512 = 3,
    /// SHA-1 (20 bytes): legacy only.
    Sha1 = 4,
}

impl jpki_hash_algorithm {
    /// The algorithm C passed, or `INVALID_ARGUMENT`.
    pub(crate) fn from_u32(value: u32) -> Result<HashAlgorithm, jpki_result> {
        match value {
            1 => Ok(HashAlgorithm::Sha256),
            2 => Ok(HashAlgorithm::Sha384),
            3 => Ok(HashAlgorithm::Sha512),
            4 => Ok(HashAlgorithm::Sha1),
            _ => Err(jpki_result::InvalidArgument),
        }
    }

    /// The C value of a core algorithm (`UNKNOWN` for one a newer core added).
    pub(crate) fn from_core(hash: HashAlgorithm) -> Result<Self, jpki_result> {
        match hash {
            HashAlgorithm::Sha256 => Ok(Self::Sha256),
            HashAlgorithm::Sha384 => Ok(Self::Sha384),
            HashAlgorithm::Sha512 => Ok(Self::Sha512),
            HashAlgorithm::Sha1 => Ok(Self::Sha1),
            _ => Err(jpki_result::Unknown),
        }
    }
}

/// The secret C passed for `kind`, validated (`None` for NULL with length 0 or
/// an empty text).
///
/// # Safety
/// `data` is NULL or has `len` readable bytes.
pub(crate) unsafe fn pin_arg(
    kind: PinKind,
    data: *const u8,
    len: usize,
    allow_last_try: bool,
) -> Result<Option<Pin>, jpki_result> {
    // SAFETY: forwarded caller contract.
    let text = unsafe { text(data, len) }?;
    if text.is_empty() {
        return Ok(None);
    }
    let secret = Secret::new(kind, text)?;
    Ok(Some(Pin::new(secret).with_last_try(allow_last_try)))
}

/// The first result that is not `OK` (several outputs written in a row, each
/// checked non-NULL beforehand).
pub(crate) fn first_error<const N: usize>(results: [jpki_result; N]) -> jpki_result {
    results
        .into_iter()
        .find(|r| *r != jpki_result::Ok)
        .unwrap_or(jpki_result::Ok)
}

/// Boxes a card for C.
fn card_handle(transport: Box<dyn Transport>) -> *mut jpki_card {
    into_handle::<jpki_card>(JpkiCard::new(transport))
}

/// Creates a card driven through `transmit` (called with `ctx`) and writes it to
/// `*card_out`; nothing is sent yet. Free with `jpki_card_free`.
///
/// `ctx` may be NULL; it must stay valid for as long as the card is used (for
/// the simulator, pass `jpki_sim_card_transmit` and a `jpki_sim_card *`, which
/// must outlive the card). A NULL `transmit` is `JPKI_RESULT_NULL_PARAMETER`.
/// The card may move between threads but is used by one at a time; the callback
/// runs on whichever thread calls.
///
/// # Safety
/// `transmit` follows the `jpki_transmit_fn` contract; `card_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_new(
    transmit: jpki_transmit_fn,
    ctx: *mut c_void,
    card_out: *mut *mut jpki_card,
) -> jpki_result {
    boundary(|| {
        require_out!(card_out);
        let Some(transmit) = transmit else {
            return jpki_result::NullParameter;
        };
        let transport = CallbackTransport {
            transmit,
            ctx,
            buffer: Vec::new(),
        };
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(card_out, card_handle(Box::new(transport))) }
    })
}

/// Connects to a card over PC/SC (feature `pcsc`) and writes it to `*card_out`.
/// Free with `jpki_card_free`.
///
/// `reader_name` (UTF-8, `reader_name_len` bytes): the reader called exactly
/// that, else the only reader whose name contains it; NULL with length 0 (or
/// empty): the first reader whose card answers the JPKI application. No such
/// reader, a stopped PC/SC service, or a busy card is `JPKI_RESULT_TRANSPORT`.
///
/// Thread-safe: it creates a new handle and touches no shared state.
///
/// # Safety
/// `reader_name` is NULL or has `reader_name_len` readable bytes; `card_out` is
/// NULL or writable.
#[cfg(feature = "pcsc")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_connect_pcsc(
    reader_name: *const u8,
    reader_name_len: usize,
    card_out: *mut *mut jpki_card,
) -> jpki_result {
    boundary(|| {
        require_out!(card_out);
        let name = crate::ffi::try_text!(reader_name, reader_name_len);
        let name = (!name.is_empty()).then_some(name);
        let transport = try_ffi!(jpki::card::pcsc::PcscTransport::connect(name));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(card_out, card_handle(Box::new(transport))) }
    })
}

/// Frees a card (NULL does nothing). The transport callback is not called; the
/// caller closes its own connection (and may then free the callback's context).
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `card` is NULL or a live card, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_free(card: *mut jpki_card) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(card) }
    });
}

/// Selects the JPKI application, reads the token label and the certificate
/// flags, and writes the token's kind to `*kind_out` (`JPKI_RESULT_APPLICATION_NOT_FOUND`
/// if the card has no JPKI application). Spends no try.
///
/// # Safety
/// `card` is NULL or a live card used by no other thread; `kind_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_open(
    card: *mut jpki_card,
    kind_out: *mut jpki_card_kind,
) -> jpki_result {
    boundary(|| {
        require_out!(kind_out);
        let card = try_mut!(card);
        let info = try_ffi!(card.open());
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(kind_out, jpki_card_kind::from(&info.kind)) }
    })
}

/// Reads the state of the secret `pin_kind` (a `jpki_pin_kind`) without spending
/// a try: `*state_out` is a `jpki_pin_state`, `*remaining_out` the tries left
/// when `JPKI_PIN_STATE_REMAINING` (0 otherwise).
///
/// # Safety
/// `card` is NULL or a live card used by no other thread; `state_out` and
/// `remaining_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_pin_status(
    card: *mut jpki_card,
    pin_kind: u32,
    state_out: *mut jpki_pin_state,
    remaining_out: *mut u32,
) -> jpki_result {
    boundary(|| {
        require_out!(state_out, remaining_out);
        let card = try_mut!(card);
        let kind = try_ffi!(jpki_pin_kind::from_u32(pin_kind));
        let status = try_ffi!(card.pin_status(kind));
        let (state, remaining) = match status.state {
            PinState::Remaining(n) => (jpki_pin_state::Remaining, u32::from(n)),
            PinState::Verified => (jpki_pin_state::Verified, 0),
            PinState::Blocked => (jpki_pin_state::Blocked, 0),
        };
        // SAFETY: both checked non-NULL; writable (caller contract).
        unsafe {
            first_error([
                write_value(state_out, state),
                write_value(remaining_out, remaining),
            ])
        }
    })
}

/// Verifies the secret `pin_kind` (a `jpki_pin_kind`) with `pin` (UTF-8,
/// `pin_len` bytes; validated before anything is sent: `JPKI_RESULT_INVALID_SECRET`).
///
/// A wrong secret is `JPKI_RESULT_WRONG_PIN` (one try spent, never retried); a
/// blocked one `JPKI_RESULT_PIN_BLOCKED`; with one try left and `allow_last_try`
/// false, `JPKI_RESULT_LAST_TRY_REFUSED` and nothing is sent. Once verified, the
/// card's operations needing this secret can be called with no secret (NULL, 0)
/// until an error or the card is reset.
///
/// # Safety
/// `card` is NULL or a live card used by no other thread; `pin` is NULL or has
/// `pin_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_verify_pin(
    card: *mut jpki_card,
    pin_kind: u32,
    pin: *const u8,
    pin_len: usize,
    allow_last_try: bool,
) -> jpki_result {
    boundary(|| {
        let card = try_mut!(card);
        let kind = try_ffi!(jpki_pin_kind::from_u32(pin_kind));
        if pin.is_null() {
            return jpki_result::NullParameter;
        }
        // SAFETY: the export's contract.
        let pin = try_ffi!(unsafe { pin_arg(kind, pin, pin_len, allow_last_try) });
        // An empty secret is invalid for every kind: let the core say so.
        let pin = match pin {
            Some(pin) => pin,
            None => try_ffi!(Secret::new(kind, "").map(Pin::new)),
        };
        try_ffi!(card.verify(&pin));
        jpki_result::Ok
    })
}

/// Reads the certificate in `slot` (a `jpki_certificate_slot`) and writes it to
/// `*certificate_out` (free with `jpki_certificate_free`).
///
/// The signing certificate (`JPKI_CERTIFICATE_SLOT_SIGNING`) needs the signing
/// password `pin` (UTF-8, `pin_len` bytes) unless it was verified earlier in this
/// session (then pass NULL, 0); `allow_last_try` as in `jpki_card_verify_pin`.
/// The other slots need no secret and ignore `pin`.
///
/// # Safety
/// `card` is NULL or a live card used by no other thread; `pin` is NULL or has
/// `pin_len` readable bytes; `certificate_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_read_certificate(
    card: *mut jpki_card,
    slot: u32,
    pin: *const u8,
    pin_len: usize,
    allow_last_try: bool,
    certificate_out: *mut *mut jpki_certificate,
) -> jpki_result {
    boundary(|| {
        require_out!(certificate_out);
        let card = try_mut!(card);
        let slot = try_ffi!(jpki_certificate_slot::from_u32(slot));
        let pin = if slot == CertificateSlot::Signing {
            // SAFETY: the export's contract.
            try_ffi!(unsafe { pin_arg(PinKind::SigningPassword, pin, pin_len, allow_last_try) })
        } else {
            None
        };
        let der = try_ffi!(card.read_certificate(slot, pin.as_ref()));
        let certificate = try_ffi!(jpki::Certificate::from_der(&der));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe {
            write_value(
                certificate_out,
                into_handle::<jpki_certificate>(certificate),
            )
        }
    })
}

/// Signs `digest` (`digest_len` bytes, the `hash` — a `jpki_hash_algorithm` — of
/// what is signed) with the card key `key_slot` (a `jpki_key_slot`): the card
/// wraps it in a DigestInfo and makes a PKCS#1 v1.5 signature, written to
/// `*signature_out` (free with `jpki_bytes_free`; a handle, not a caller buffer,
/// so a buffer too small can never make the card sign twice).
///
/// `pin` (UTF-8, `pin_len` bytes) unlocks the key (the signing password for the
/// signing key, the authentication PIN for the other) unless it was verified
/// earlier in this session (then NULL, 0); `allow_last_try` as in
/// `jpki_card_verify_pin`. A digest of the wrong length is
/// `JPKI_RESULT_INVALID_DIGEST` and nothing is sent.
///
/// # Safety
/// `card` is NULL or a live card used by no other thread; `digest` and `pin` are
/// NULL or have their lengths of readable bytes; `signature_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_card_sign_digest(
    card: *mut jpki_card,
    key_slot: u32,
    hash: u32,
    digest: *const u8,
    digest_len: usize,
    pin: *const u8,
    pin_len: usize,
    allow_last_try: bool,
    signature_out: *mut *mut jpki_bytes,
) -> jpki_result {
    boundary(|| {
        require_out!(signature_out);
        let card = try_mut!(card);
        let key = try_ffi!(jpki_key_slot::from_u32(key_slot));
        let hash = try_ffi!(jpki_hash_algorithm::from_u32(hash));
        let digest = try_slice!(digest, digest_len);
        // SAFETY: the export's contract.
        let pin = try_ffi!(unsafe { pin_arg(key.pin(), pin, pin_len, allow_last_try) });
        let signature = try_ffi!(card.sign(key, hash, digest, pin.as_ref()));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(signature_out, into_handle::<jpki_bytes>(signature)) }
    })
}
