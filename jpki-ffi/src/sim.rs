//! The simulator (feature `sim`, on by default): a J-LIS issuing authority
//! (`jpki_sim_authority`) and a virtual My Number card (`jpki_sim_card`), so C
//! programs can be tested without a card or the J-LIS test environment.
//!
//! The virtual card is reached the way a real one is, through the transport
//! callback: pass `jpki_sim_card_transmit` and the `jpki_sim_card *` to
//! `jpki_card_new`. Everything is in memory; nothing is written to disk.

use std::ffi::c_void;

use jpki::card::{CardKind, PinKind, Secret};
use jpki::sim::{
    Authority, AuthorityOptions, Event, IssuedRecord, RegisterRecord, VirtualCard, personalize,
};
use jpki::{Certificate, Date, Sex};

use crate::cert::jpki_certificate;
use crate::ffi::{
    Castable, boundary, free_handle, handle_mut, into_handle, require_out, slice, try_ffi, try_mut,
    try_ref, try_text, write_out, write_value,
};
use crate::result::jpki_result;
use crate::sign::jpki_bytes;
// Times from C: 0 to 9999-12-31T23:59:59Z (else `INVALID_ARGUMENT`, before any
// work), as the verifier takes them. The core's simulator computes with them
// (CA validity ten years on, revocation dates a CRL must carry): a later time
// overflowed there (a panic, caught) or was recorded where no CRL can carry it.
use crate::ffi::time_from_c;

/// A simulated J-LIS authority: CA generations for the signing and user
/// authentication hierarchies, issuance under the J-LIS profile, revocation
/// driven by register events, CRLs. Create with `jpki_sim_authority_new`, free
/// with `jpki_sim_authority_free`. Used by one thread at a time.
#[allow(non_camel_case_types)]
pub struct jpki_sim_authority {
    _private: [u8; 0],
}

impl Castable for jpki_sim_authority {
    type RustType = Authority;
}

/// A virtual My Number card (APDU-level: the JPKI and text applications, keys
/// generated inside, secrets with retry counters). Create with
/// `jpki_sim_card_new`, personalize with `jpki_sim_personalize`, reach it through
/// `jpki_card_new(jpki_sim_card_transmit, card, …)`; free with
/// `jpki_sim_card_free` after every `jpki_card` using it. Used by one thread at a
/// time.
#[allow(non_camel_case_types)]
pub struct jpki_sim_card {
    _private: [u8; 0],
}

impl Castable for jpki_sim_card {
    type RustType = VirtualCard;
}

/// A register event (what the resident register reports, or the holder asks).
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum jpki_sim_event {
    /// 転居・転出: the address changed; revokes the resident's signing
    /// certificates (authentication certificates carry no address and stay).
    Move = 1,
    /// 氏名の変更: revokes the resident's signing certificates.
    NameChange = 2,
    /// 死亡: revokes every certificate of the resident.
    Death = 3,
    /// 住居表示の変更: the address notation changed; revokes the resident's
    /// signing certificates.
    AddressNotationChange = 4,
    /// 市町村合併: a municipal merger; revokes nothing.
    MunicipalMerger = 5,
    /// 任意失効: the holder revokes this one certificate.
    Voluntary = 6,
    /// 鍵の漏えい等: the holder reports the key exposed; revokes this one
    /// certificate (keyCompromise).
    KeyCompromise = 7,
}

impl jpki_sim_event {
    /// The event C passed, or `INVALID_ARGUMENT`.
    fn from_u32(value: u32) -> Result<Event, jpki_result> {
        match value {
            1 => Ok(Event::Move),
            2 => Ok(Event::NameChange),
            3 => Ok(Event::Death),
            4 => Ok(Event::AddressNotationChange),
            5 => Ok(Event::MunicipalMerger),
            6 => Ok(Event::Voluntary),
            7 => Ok(Event::KeyCompromise),
            _ => Err(jpki_result::InvalidArgument),
        }
    }
}

/// The sex C passed as the certificate code (1 male, 2 female, 3 unknown).
fn sex_from_u32(value: u32) -> Result<Sex, jpki_result> {
    match value {
        1 => Ok(Sex::Male),
        2 => Ok(Sex::Female),
        3 => Ok(Sex::Unknown),
        _ => Err(jpki_result::InvalidArgument),
    }
}

/// What `authority` recorded when it issued `certificate`: found by serial, and
/// the same certificate (another authority's may have the same serial).
fn issued_record(authority: &Authority, certificate: &Certificate) -> Option<IssuedRecord> {
    authority
        .find_issued(certificate.serial())
        .filter(|record| record.certificate().der() == certificate.der())
        .cloned()
}

/// Creates an authority in memory whose newest CA generations start one day
/// before `at` (Unix seconds, 0 to 253402300799, i.e. up to
/// 9999-12-31T23:59:59Z; else `JPKI_RESULT_INVALID_ARGUMENT`; CA certificates
/// must end before year 10000), and writes it to `*authority_out`
/// (free with `jpki_sim_authority_free`). Generates RSA keys: takes a moment.
/// Thread-safe (each call makes its own authority).
///
/// # Safety
/// `authority_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_authority_new(
    at: i64,
    authority_out: *mut *mut jpki_sim_authority,
) -> jpki_result {
    boundary(|| {
        require_out!(authority_out);
        let at = try_ffi!(time_from_c(at));
        let authority = try_ffi!(Authority::new(AuthorityOptions::default(), at));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(authority_out, into_handle::<jpki_sim_authority>(authority)) }
    })
}

/// Frees an authority (NULL does nothing).
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `authority` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_authority_free(authority: *mut jpki_sim_authority) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(authority) }
    });
}

/// Writes the authority's CA certificates (every generation of both hierarchies:
/// a verifier's trust anchors) as one PEM bundle to `*pem_out` (free with
/// `jpki_bytes_free`). Not while another thread changes the authority.
///
/// # Safety
/// `authority` is NULL or live; `pem_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_authority_trust_anchors_pem(
    authority: *const jpki_sim_authority,
    pem_out: *mut *mut jpki_bytes,
) -> jpki_result {
    boundary(|| {
        require_out!(pem_out);
        let authority = try_ref!(authority);
        let pem = authority.trust_pem().into_bytes();
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(pem_out, into_handle::<jpki_bytes>(pem)) }
    })
}

/// Records the register event `event` (a `jpki_sim_event`) for the resident of
/// `certificate` (issued by this authority: else `JPKI_RESULT_SIM_UNKNOWN_SERIAL`,
/// also for another authority's certificate with the same serial)
/// at `at` (Unix seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`),
/// and writes how many certificates it
/// revoked to `*revoked_out`. Register reports (move, name change, death,
/// notation change, merger) concern every certificate of the resident; holder
/// requests (voluntary, key compromise) only this one. The next
/// `jpki_sim_authority_crl` lists what was revoked.
///
/// # Safety
/// `authority` is NULL or live and used by no other thread; `certificate` is
/// NULL or live; `revoked_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_authority_event(
    authority: *mut jpki_sim_authority,
    certificate: *const jpki_certificate,
    event: u32,
    at: i64,
    revoked_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(revoked_out);
        let authority = try_mut!(authority);
        let certificate = try_ref!(certificate);
        let event = try_ffi!(jpki_sim_event::from_u32(event));
        let at = try_ffi!(time_from_c(at));
        if issued_record(authority, certificate).is_none() {
            return jpki_result::SimUnknownSerial;
        }
        let outcome = try_ffi!(authority.apply_event(certificate.serial(), event, at));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(revoked_out, outcome.revoked.len()) }
    })
}

/// Issues the CRL that covers `issued` (a certificate this authority issued:
/// else `JPKI_RESULT_SIM_UNKNOWN_SERIAL`) — its hierarchy, CA generation and
/// municipality partition — at `at` (Unix seconds, 0 to 253402300799; else
/// `JPKI_RESULT_INVALID_ARGUMENT`), valid
/// `validity_seconds` (nextUpdate), and writes its DER to `*crl_out` (free with
/// `jpki_bytes_free`). Each CRL gets the next cRLNumber.
///
/// # Safety
/// `authority` is NULL or live and used by no other thread; `issued` is NULL or
/// live; `crl_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_authority_crl(
    authority: *mut jpki_sim_authority,
    issued: *const jpki_certificate,
    at: i64,
    validity_seconds: u64,
    crl_out: *mut *mut jpki_bytes,
) -> jpki_result {
    boundary(|| {
        require_out!(crl_out);
        let authority = try_mut!(authority);
        let issued = try_ref!(issued);
        let at = try_ffi!(time_from_c(at));
        let Some(record) = issued_record(authority, issued) else {
            return jpki_result::SimUnknownSerial;
        };
        let crl = try_ffi!(authority.crl(
            record.purpose(),
            record.generation(),
            record.partition(),
            at,
            validity_seconds,
        ));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(crl_out, into_handle::<jpki_bytes>(crl)) }
    })
}

/// Creates a blank virtual My Number card (no keys, certificates or secrets:
/// personalize it with `jpki_sim_personalize`) and writes it to `*card_out` (free
/// with `jpki_sim_card_free`). Thread-safe (each call makes its own card).
///
/// # Safety
/// `card_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_card_new(card_out: *mut *mut jpki_sim_card) -> jpki_result {
    boundary(|| {
        require_out!(card_out);
        let card = VirtualCard::new(CardKind::MyNumberCard);
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(card_out, into_handle::<jpki_sim_card>(card)) }
    })
}

/// Frees a virtual card (NULL does nothing), after every `jpki_card` using it.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `card` is NULL or live, not used again (also not through a `jpki_card`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_card_free(card: *mut jpki_sim_card) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(card) }
    });
}

/// Personalizes `card` at the municipal window for a resident at `at` (Unix
/// seconds, 0 to 253402300799; else `JPKI_RESULT_INVALID_ARGUMENT`): the card
/// generates its key pairs, `authority` issues
/// the certificates (signing — aged 15 or more only — and user authentication,
/// under the J-LIS profile with substitute characters), the certificates and
/// their CA certificates are written to the card, and the secrets are set.
///
/// All text is UTF-8 with its length: `name` (氏名, surname then given name),
/// `birth_date` (ISO `YYYY-MM-DD`), `address` (住所, starting with the
/// prefecture, e.g. `東京都千代田区霞が関2丁目1番2号`); `sex` is a `jpki_sex`, the
/// certificate code (1 male, 2 female, 3 unknown). `sign_password` (6–16 of A–Z, 0–9) is
/// required for residents aged 15 or more and ignored otherwise (NULL, 0 then);
/// `auth_pin` (4 digits) also becomes the text application's PIN.
///
/// # Safety
/// `authority` and `card` are NULL or live and used by no other thread; every
/// text pointer is NULL or has its length of readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_personalize(
    authority: *mut jpki_sim_authority,
    card: *mut jpki_sim_card,
    name: *const u8,
    name_len: usize,
    birth_date: *const u8,
    birth_date_len: usize,
    sex: u32,
    address: *const u8,
    address_len: usize,
    sign_password: *const u8,
    sign_password_len: usize,
    auth_pin: *const u8,
    auth_pin_len: usize,
    at: i64,
) -> jpki_result {
    boundary(|| {
        let authority = try_mut!(authority);
        let card = try_mut!(card);
        if name.is_null() || birth_date.is_null() || address.is_null() || auth_pin.is_null() {
            return jpki_result::NullParameter;
        }
        let name = try_text!(name, name_len);
        let birth_date = try_ffi!(Date::parse_iso(try_text!(birth_date, birth_date_len)));
        let sex = try_ffi!(sex_from_u32(sex));
        let address = try_text!(address, address_len);
        let password = try_text!(sign_password, sign_password_len);
        let password = if password.is_empty() {
            None
        } else {
            Some(try_ffi!(Secret::new(PinKind::SigningPassword, password)))
        };
        let auth_pin = try_ffi!(Secret::new(
            PinKind::AuthenticationPin,
            try_text!(auth_pin, auth_pin_len)
        ));
        let at = try_ffi!(time_from_c(at));
        let record = RegisterRecord {
            name: name.to_owned(),
            birth_date,
            sex,
            address: address.to_owned(),
            prefecture: None,
            municipality: None,
        };
        try_ffi!(personalize(
            authority,
            card,
            &record,
            password.as_ref(),
            &auth_pin,
            at
        ));
        jpki_result::Ok
    })
}

/// A ready-made `jpki_transmit_fn` for the
/// virtual card: `ctx` is a `jpki_sim_card *`. Pass
/// `(jpki_sim_card_transmit, sim_card)` to `jpki_card_new`, and the card driver
/// talks APDUs to the virtual card exactly as to a real one.
///
/// Returns a `jpki_result` code: `JPKI_RESULT_OK` with the answer (data and SW1
/// SW2) in `resp` and its length in `*resp_len_out`;
/// `JPKI_RESULT_BUFFER_TOO_SMALL` (the length needed written) when `resp_cap`
/// is too small — the command has run then, and its answer is lost (the library
/// always passes `JPKI_TRANSMIT_RESPONSE_CAPACITY`); `JPKI_RESULT_NULL_PARAMETER`
/// for a NULL argument (a NULL `resp` with a capacity included), and the card
/// has not seen the command.
///
/// # Safety
/// `ctx` is NULL or a live `jpki_sim_card *` used by no other thread; `cmd` is
/// NULL or has `cmd_len` readable bytes; `resp` is NULL or has `resp_cap`
/// writable bytes; `resp_len_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sim_card_transmit(
    ctx: *mut c_void,
    cmd: *const u8,
    cmd_len: usize,
    resp: *mut u8,
    resp_cap: usize,
    resp_len_out: *mut usize,
) -> u32 {
    boundary(|| {
        // Every argument is checked before the card sees the command: a command
        // has effects (a VERIFY spends a try) that a refused call must not have.
        // (A NULL `resp` with capacity 0 is a size query, answered after.)
        if resp_len_out.is_null() || cmd.is_null() || (resp.is_null() && resp_cap > 0) {
            return jpki_result::NullParameter;
        }
        // SAFETY: `ctx` is NULL or a live `jpki_sim_card` (caller contract).
        let Some(card) = (unsafe { handle_mut::<jpki_sim_card>(ctx.cast()) }) else {
            return jpki_result::NullParameter;
        };
        // SAFETY: `cmd` has `cmd_len` readable bytes (caller contract).
        let Some(command) = (unsafe { slice(cmd, cmd_len) }) else {
            return jpki_result::NullParameter;
        };
        let answer = card.process(command);
        // SAFETY: `resp` has `resp_cap` writable bytes and `resp_len_out` is
        // writable (caller contract).
        unsafe { write_out(&answer, resp, resp_cap, resp_len_out) }
    })
    .code()
}
