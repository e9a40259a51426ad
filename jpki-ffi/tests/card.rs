//! The card, signing and simulator exports, called through the rlib as C would:
//! an authority and a virtual card personalized at its window, reached through
//! the transport callback; verification with the core's `jpki::Verifier`.

#![cfg(feature = "sim")]
#![allow(unsafe_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::indexing_slicing, clippy::undocumented_unsafe_blocks)]
#![allow(missing_docs, clippy::as_conversions)]

use std::ffi::c_void;
use std::ptr::{null, null_mut};

use jpki::{Time, Verifier};
use jpki_ffi::card::*;
use jpki_ffi::cert::jpki_certificate;
use jpki_ffi::jpki_result;
use jpki_ffi::sign::*;
use jpki_ffi::sim::*;

const PASSWORD: &[u8] = b"TARO1950";
const AUTH_PIN: &[u8] = b"1234";
const NAME: &str = "髙橋 太郎";
const BIRTH: &str = "1950-04-01";
const ADDRESS: &str = "東京都千代田区霞が関2丁目1番2号";
const FORM: &[u8] = "口座開設申込書 …".as_bytes();

fn now() -> i64 {
    let t = Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap();
    i64::try_from(t.unix_seconds()).unwrap()
}

fn time(at: i64) -> Time {
    Time::from_unix_seconds(u64::try_from(at).unwrap())
}

/// Wraps the simulator's transmit and counts what goes by.
struct Counting {
    sim: *mut jpki_sim_card,
    commands: usize,
    /// VERIFY commands carrying a secret (`00 20 00 xx Lc data`).
    verifies: usize,
}

unsafe extern "C" fn counting_transmit(
    ctx: *mut c_void,
    cmd: *const u8,
    cmd_len: usize,
    resp: *mut u8,
    resp_cap: usize,
    resp_len_out: *mut usize,
) -> u32 {
    let counting = unsafe { &mut *ctx.cast::<Counting>() };
    let command = unsafe { std::slice::from_raw_parts(cmd, cmd_len) };
    counting.commands += 1;
    if command.get(1) == Some(&0x20) && command.len() > 5 {
        counting.verifies += 1;
    }
    unsafe {
        jpki_sim_card_transmit(
            counting.sim.cast(),
            cmd,
            cmd_len,
            resp,
            resp_cap,
            resp_len_out,
        )
    }
}

/// An authority, a personalized virtual card and a `jpki_card` over it (through
/// the counting callback).
struct Env {
    authority: *mut jpki_sim_authority,
    sim: *mut jpki_sim_card,
    counting: Box<Counting>,
    card: *mut jpki_card,
}

impl Env {
    fn new() -> Self {
        let mut authority = null_mut();
        assert_eq!(
            unsafe { jpki_sim_authority_new(now(), &mut authority) },
            jpki_result::Ok
        );
        let mut sim = null_mut();
        assert_eq!(unsafe { jpki_sim_card_new(&mut sim) }, jpki_result::Ok);
        assert_eq!(personalize(authority, sim), jpki_result::Ok);
        let mut counting = Box::new(Counting {
            sim,
            commands: 0,
            verifies: 0,
        });
        let mut card = null_mut();
        let ctx: *mut Counting = &mut *counting;
        assert_eq!(
            unsafe { jpki_card_new(Some(counting_transmit), ctx.cast(), &mut card) },
            jpki_result::Ok
        );
        Self {
            authority,
            sim,
            counting,
            card,
        }
    }

    fn remaining(&self, kind: jpki_pin_kind) -> (jpki_pin_state, u32) {
        let mut state = jpki_pin_state::Blocked;
        let mut remaining = 99;
        let r = unsafe { jpki_card_pin_status(self.card, kind as u32, &mut state, &mut remaining) };
        assert_eq!(r, jpki_result::Ok);
        (state, remaining)
    }

    fn read_cert(&self, slot: jpki_certificate_slot, pin: &[u8]) -> *mut jpki_certificate {
        let mut cert = null_mut();
        let r = unsafe {
            jpki_card_read_certificate(
                self.card,
                slot as u32,
                pin.as_ptr(),
                pin.len(),
                false,
                &mut cert,
            )
        };
        assert_eq!(r, jpki_result::Ok);
        assert!(!cert.is_null());
        cert
    }

    fn trust_pem(&self) -> Vec<u8> {
        let mut pem = null_mut();
        assert_eq!(
            unsafe { jpki_sim_authority_trust_anchors_pem(self.authority, &mut pem) },
            jpki_result::Ok
        );
        take_bytes(pem)
    }

    fn crl(&self, issued: *const jpki_certificate, at: i64) -> Vec<u8> {
        let mut crl = null_mut();
        assert_eq!(
            unsafe { jpki_sim_authority_crl(self.authority, issued, at, 86_400, &mut crl) },
            jpki_result::Ok
        );
        take_bytes(crl)
    }

    fn sign(&self, detached: bool, pin: &[u8]) -> Result<Vec<u8>, jpki_result> {
        let mut out = null_mut();
        let r = unsafe {
            jpki_sign(
                FORM.as_ptr(),
                FORM.len(),
                self.card,
                jpki_key_slot::Signing as u32,
                pin.as_ptr(),
                pin.len(),
                false,
                detached,
                true,
                now(),
                &mut out,
            )
        };
        if r == jpki_result::Ok {
            Ok(take_bytes(out))
        } else {
            assert!(out.is_null(), "no output on failure");
            Err(r)
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        unsafe {
            jpki_card_free(self.card);
            jpki_sim_card_free(self.sim);
            jpki_sim_authority_free(self.authority);
        }
    }
}

fn personalize(authority: *mut jpki_sim_authority, sim: *mut jpki_sim_card) -> jpki_result {
    unsafe {
        jpki_sim_personalize(
            authority,
            sim,
            NAME.as_ptr(),
            NAME.len(),
            BIRTH.as_ptr(),
            BIRTH.len(),
            1,
            ADDRESS.as_ptr(),
            ADDRESS.len(),
            PASSWORD.as_ptr(),
            PASSWORD.len(),
            AUTH_PIN.as_ptr(),
            AUTH_PIN.len(),
            now(),
        )
    }
}

/// The bytes of a `jpki_bytes`, which is freed.
fn take_bytes(bytes: *mut jpki_bytes) -> Vec<u8> {
    assert!(!bytes.is_null());
    let mut data = null();
    let mut len = 0;
    assert_eq!(
        unsafe { jpki_bytes_data(bytes, &mut data, &mut len) },
        jpki_result::Ok
    );
    let out = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
    unsafe { jpki_bytes_free(bytes) };
    out
}

/// Frees a certificate handle (NULL is a no-op).
fn free_cert(cert: *mut jpki_certificate) {
    // SAFETY: NULL or a live handle, not used again.
    unsafe { jpki_ffi::cert::jpki_certificate_free(cert) }
}

fn verifier(env: &Env) -> Verifier {
    Verifier::builder()
        .trust_anchors_pem(&env.trust_pem())
        .unwrap()
        .build()
        .unwrap()
}

#[test]
fn the_whole_flow() {
    let env = Env::new();

    // open: a My Number card.
    let mut kind = jpki_card_kind::Unknown;
    assert_eq!(
        unsafe { jpki_card_open(env.card, &mut kind) },
        jpki_result::Ok
    );
    assert_eq!(kind, jpki_card_kind::MyNumberCard);

    // PIN status spends no try.
    let before = env.counting.verifies;
    assert_eq!(
        env.remaining(jpki_pin_kind::SigningPassword),
        (jpki_pin_state::Remaining, 5)
    );
    assert_eq!(
        env.remaining(jpki_pin_kind::SigningPassword),
        (jpki_pin_state::Remaining, 5)
    );
    assert_eq!(
        env.remaining(jpki_pin_kind::AuthenticationPin),
        (jpki_pin_state::Remaining, 3)
    );
    assert_eq!(env.counting.verifies, before);

    // The signing certificate with the password; the CA without.
    let cert = env.read_cert(jpki_certificate_slot::Signing, PASSWORD);
    assert_eq!(env.counting.verifies, 1);
    let ca = env.read_cert(jpki_certificate_slot::SigningCa, b"");
    assert_eq!(
        env.remaining(jpki_pin_kind::SigningPassword),
        (jpki_pin_state::Verified, 0)
    );

    // Attached and detached signatures: the password was verified already, so
    // no further VERIFY is sent.
    let attached = env.sign(false, PASSWORD).unwrap();
    let detached = env.sign(true, b"").unwrap();
    assert_eq!(env.counting.verifies, 1);

    let verifier = verifier(&env);
    let crl = env.crl(cert, now());
    verifier.add_crl(&crl).unwrap();
    let at = time(now());
    let verdict = verifier.verify(&attached, None, None, at);
    assert!(verdict.is_valid(), "{verdict:?}");
    let verdict = verifier.verify(&detached, Some(FORM), None, at);
    assert!(verdict.is_valid(), "{verdict:?}");
    assert!(
        !verifier
            .verify(&detached, Some(b"other"), None, at)
            .is_valid()
    );
    let message = jpki::cms::SignedMessage::from_der(&detached).unwrap();
    assert!(message.is_detached());
    assert_eq!(message.signers()[0].signing_time(), Some(at));

    // Two-phase: prepare, have the card sign the digest, finish.
    let mut prepared = null_mut();
    assert_eq!(
        unsafe {
            jpki_prepared_signature_new(
                FORM.as_ptr(),
                FORM.len(),
                cert,
                ca,
                true,
                true,
                now(),
                &mut prepared,
            )
        },
        jpki_result::Ok
    );
    let (mut digest, mut digest_len, mut hash) = (null(), 0, jpki_hash_algorithm::Sha1);
    assert_eq!(
        unsafe {
            jpki_prepared_signature_digest(prepared, &mut digest, &mut digest_len, &mut hash)
        },
        jpki_result::Ok
    );
    assert_eq!((digest_len, hash), (32, jpki_hash_algorithm::Sha256));
    let (mut info, mut info_len) = (null(), 0);
    assert_eq!(
        unsafe { jpki_prepared_signature_digest_info(prepared, &mut info, &mut info_len) },
        jpki_result::Ok
    );
    assert_eq!(info_len, 19 + 32);
    assert_eq!(
        unsafe { std::slice::from_raw_parts(info.add(19), 32) },
        unsafe { std::slice::from_raw_parts(digest, 32) }
    );
    let mut raw = null_mut();
    assert_eq!(
        unsafe {
            jpki_card_sign_digest(
                env.card,
                jpki_key_slot::Signing as u32,
                hash as u32,
                digest,
                digest_len,
                PASSWORD.as_ptr(),
                PASSWORD.len(),
                false,
                &mut raw,
            )
        },
        jpki_result::Ok
    );
    let raw = take_bytes(raw);
    assert_eq!(raw.len(), 256);
    // A signature by another key is refused, and the prepared value stays usable.
    let mut refused = null_mut();
    assert_eq!(
        unsafe { jpki_prepared_signature_finish(prepared, [1u8; 256].as_ptr(), 256, &mut refused) },
        jpki_result::CmsSignatureNotBySigner
    );
    assert!(refused.is_null());
    let mut two_phase = null_mut();
    assert_eq!(
        unsafe {
            jpki_prepared_signature_finish(prepared, raw.as_ptr(), raw.len(), &mut two_phase)
        },
        jpki_result::Ok
    );
    unsafe { jpki_prepared_signature_free(prepared) };
    let two_phase = take_bytes(two_phase);
    // PKCS#1 v1.5 is deterministic: the same bytes as the one-call signature.
    assert_eq!(two_phase, detached);
    let anchors = jpki::Certificate::parse_all(&env.trust_pem()).unwrap();
    let message = jpki::cms::SignedMessage::from_der(&two_phase).unwrap();
    jpki::cms::verify(
        &message,
        Some(FORM),
        &anchors,
        &[],
        &jpki::path::ValidationOptions::new(at),
    )
    .unwrap();

    // The resident moves: the signing certificate is revoked, and the next CRL
    // says so.
    let later = now() + 3600;
    let mut revoked = 0;
    assert_eq!(
        unsafe {
            jpki_sim_authority_event(
                env.authority,
                cert,
                jpki_sim_event::Move as u32,
                later,
                &mut revoked,
            )
        },
        jpki_result::Ok
    );
    assert_eq!(revoked, 1);
    let crl = env.crl(cert, later + 60);
    verifier.add_crl(&crl).unwrap();
    let verdict = verifier.verify(&detached, Some(FORM), None, time(later + 120));
    assert!(!verdict.is_valid());
    assert_eq!(
        verdict.revocation.error().map(jpki::Error::kind),
        Some(jpki::ErrorKind::CertificateRevoked),
        "{verdict:?}"
    );

    free_cert(cert);
    free_cert(ca);
}

#[test]
fn wrong_pin_is_spent_once_and_the_last_try_is_refused() {
    let env = Env::new();
    let verify = |pin: &[u8], allow: bool| unsafe {
        jpki_card_verify_pin(
            env.card,
            jpki_pin_kind::AuthenticationPin as u32,
            pin.as_ptr(),
            pin.len(),
            allow,
        )
    };
    // A wrong PIN: one VERIFY, one try spent, not retried.
    let sent = env.counting.verifies;
    assert_eq!(verify(b"9999", false), jpki_result::WrongPin);
    assert_eq!(env.counting.verifies, sent + 1);
    assert_eq!(
        env.remaining(jpki_pin_kind::AuthenticationPin),
        (jpki_pin_state::Remaining, 2)
    );
    assert_eq!(verify(b"9999", false), jpki_result::WrongPin);
    assert_eq!(env.counting.verifies, sent + 2);
    assert_eq!(
        env.remaining(jpki_pin_kind::AuthenticationPin),
        (jpki_pin_state::Remaining, 1)
    );
    // One try left: refused without allow_last_try (right or wrong, nothing sent).
    assert_eq!(verify(b"9999", false), jpki_result::LastTryRefused);
    assert_eq!(verify(AUTH_PIN, false), jpki_result::LastTryRefused);
    assert_eq!(env.counting.verifies, sent + 2);
    assert_eq!(
        env.remaining(jpki_pin_kind::AuthenticationPin),
        (jpki_pin_state::Remaining, 1)
    );
    // Signing with the authentication key is refused the same way.
    let digest = [0u8; 32];
    let mut sig = null_mut();
    assert_eq!(
        unsafe {
            jpki_card_sign_digest(
                env.card,
                jpki_key_slot::Authentication as u32,
                jpki_hash_algorithm::Sha256 as u32,
                digest.as_ptr(),
                digest.len(),
                AUTH_PIN.as_ptr(),
                AUTH_PIN.len(),
                false,
                &mut sig,
            )
        },
        jpki_result::LastTryRefused
    );
    assert!(sig.is_null());
    // Allowed: the right PIN verifies and the counter is back to 3.
    assert_eq!(verify(AUTH_PIN, true), jpki_result::Ok);
    assert_eq!(env.counting.verifies, sent + 3);
    assert_eq!(
        env.remaining(jpki_pin_kind::AuthenticationPin),
        (jpki_pin_state::Verified, 0)
    );

    // The signing password through jpki_sign: wrong once, one VERIFY.
    let sent = env.counting.verifies;
    assert_eq!(env.sign(true, b"WRONG1"), Err(jpki_result::WrongPin));
    assert_eq!(env.counting.verifies, sent + 1);
    assert_eq!(
        env.remaining(jpki_pin_kind::SigningPassword),
        (jpki_pin_state::Remaining, 4)
    );
    // Invalid secrets are refused before anything is sent.
    let commands = env.counting.commands;
    assert_eq!(env.sign(true, b"AB"), Err(jpki_result::InvalidSecret));
    assert_eq!(verify(b"12a4", true), jpki_result::InvalidSecret);
    assert_eq!(verify(b"", true), jpki_result::InvalidSecret);
    assert_eq!(
        verify(&[0xFF, 0xFE, 0x31, 0x32], true),
        jpki_result::InvalidUtf8
    );
    assert_eq!(env.counting.commands, commands);
    // Without the password the signing certificate cannot be read.
    let mut cert = null_mut();
    assert_eq!(
        unsafe {
            jpki_card_read_certificate(
                env.card,
                jpki_certificate_slot::Signing as u32,
                null(),
                0,
                false,
                &mut cert,
            )
        },
        jpki_result::SecurityStatusNotSatisfied
    );
    assert!(cert.is_null());
    assert!(env.sign(true, PASSWORD).is_ok());
}

unsafe extern "C" fn failing_transmit(
    _ctx: *mut c_void,
    _cmd: *const u8,
    _cmd_len: usize,
    _resp: *mut u8,
    _resp_cap: usize,
    _resp_len_out: *mut usize,
) -> u32 {
    7
}

unsafe extern "C" fn overlong_transmit(
    ctx: *mut c_void,
    _cmd: *const u8,
    _cmd_len: usize,
    resp: *mut u8,
    resp_cap: usize,
    resp_len_out: *mut usize,
) -> u32 {
    // Records the capacity it was given, writes a correct 9000 and claims more.
    unsafe {
        *ctx.cast::<usize>() = resp_cap;
        resp.write(0x90);
        resp.add(1).write(0x00);
        *resp_len_out = resp_cap + 1;
    }
    0
}

unsafe extern "C" fn short_transmit(
    _ctx: *mut c_void,
    _cmd: *const u8,
    _cmd_len: usize,
    _resp: *mut u8,
    _resp_cap: usize,
    resp_len_out: *mut usize,
) -> u32 {
    unsafe { *resp_len_out = 1 };
    0
}

#[test]
fn transport_failures_are_errors() {
    let mut card = null_mut();
    assert_eq!(
        unsafe { jpki_card_new(Some(failing_transmit), null_mut(), &mut card) },
        jpki_result::Ok
    );
    let mut kind = jpki_card_kind::Unknown;
    assert_eq!(
        unsafe { jpki_card_open(card, &mut kind) },
        jpki_result::Transport
    );
    unsafe { jpki_card_free(card) };

    let mut cap = 0usize;
    let mut card = null_mut();
    let ctx: *mut usize = &mut cap;
    assert_eq!(
        unsafe { jpki_card_new(Some(overlong_transmit), ctx.cast(), &mut card) },
        jpki_result::Ok
    );
    assert_eq!(
        unsafe { jpki_card_open(card, &mut kind) },
        jpki_result::Transport
    );
    assert_eq!(cap, JPKI_TRANSMIT_RESPONSE_CAPACITY);
    unsafe { jpki_card_free(card) };

    let mut card = null_mut();
    assert_eq!(
        unsafe { jpki_card_new(Some(short_transmit), null_mut(), &mut card) },
        jpki_result::Ok
    );
    assert_eq!(
        unsafe { jpki_card_open(card, &mut kind) },
        jpki_result::MalformedResponse
    );
    assert_eq!(kind, jpki_card_kind::Unknown, "no output on failure");
    unsafe { jpki_card_free(card) };

    // A blank virtual card has no certificates.
    let mut sim = null_mut();
    assert_eq!(unsafe { jpki_sim_card_new(&mut sim) }, jpki_result::Ok);
    let mut card = null_mut();
    assert_eq!(
        unsafe { jpki_card_new(Some(jpki_sim_card_transmit), sim.cast(), &mut card) },
        jpki_result::Ok
    );
    assert_eq!(unsafe { jpki_card_open(card, &mut kind) }, jpki_result::Ok);
    let mut cert = null_mut();
    assert_eq!(
        unsafe {
            jpki_card_read_certificate(
                card,
                jpki_certificate_slot::AuthenticationCa as u32,
                null(),
                0,
                false,
                &mut cert,
            )
        },
        jpki_result::FileNotFound
    );
    unsafe {
        jpki_card_free(card);
        jpki_sim_card_free(sim);
    }
}

#[test]
fn sim_transmit_checks_its_buffer() {
    let mut sim = null_mut();
    assert_eq!(unsafe { jpki_sim_card_new(&mut sim) }, jpki_result::Ok);
    // SELECT the JPKI application (no Le): answer 9000.
    let select = [
        0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
    ];
    let mut resp = [0u8; 8];
    let mut len = 0;
    let ok = jpki_result::Ok as u32;
    let r = unsafe {
        jpki_sim_card_transmit(
            sim.cast(),
            select.as_ptr(),
            select.len(),
            resp.as_mut_ptr(),
            resp.len(),
            &mut len,
        )
    };
    assert_eq!((r, len, &resp[..2]), (ok, 2, &[0x90, 0x00][..]));
    // Too small: the length needed, nothing written.
    let mut small = [0u8; 1];
    let r = unsafe {
        jpki_sim_card_transmit(
            sim.cast(),
            select.as_ptr(),
            select.len(),
            small.as_mut_ptr(),
            small.len(),
            &mut len,
        )
    };
    assert_eq!(
        (r, len, small),
        (jpki_result::BufferTooSmall as u32, 2, [0])
    );
    let null_param = jpki_result::NullParameter as u32;
    let call = |ctx: *mut c_void, cmd: *const u8, resp: *mut u8, out: *mut usize| unsafe {
        jpki_sim_card_transmit(ctx, cmd, select.len(), resp, 8, out)
    };
    let mut buf = [0u8; 8];
    assert_eq!(
        call(null_mut(), select.as_ptr(), buf.as_mut_ptr(), &mut len),
        null_param
    );
    assert_eq!(
        call(sim.cast(), null(), buf.as_mut_ptr(), &mut len),
        null_param
    );
    assert_eq!(
        call(sim.cast(), select.as_ptr(), null_mut(), &mut len),
        null_param
    );
    assert_eq!(
        call(sim.cast(), select.as_ptr(), buf.as_mut_ptr(), null_mut()),
        null_param
    );
    unsafe { jpki_sim_card_free(sim) };
}

/// A NULL answer buffer that claims a capacity is refused before the virtual card
/// sees the command: the command has effects (a VERIFY spends a try), and the
/// caller, told `JPKI_RESULT_NULL_PARAMETER`, would never see the answer.
#[test]
fn sim_transmit_refuses_a_null_answer_buffer_before_the_command_runs() {
    let env = Env::new();
    let send = |cmd: &[u8], resp: *mut u8, cap: usize| {
        let mut len = 0;
        let r = unsafe {
            jpki_sim_card_transmit(env.sim.cast(), cmd.as_ptr(), cmd.len(), resp, cap, &mut len)
        };
        (r, len)
    };
    let mut buf = [0u8; 64];
    let ok = (jpki_result::Ok as u32, 2);
    // SELECT the JPKI application, then the signing password's EF.
    let select_ap = [
        0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
    ];
    assert_eq!(send(&select_ap, buf.as_mut_ptr(), buf.len()), ok);
    assert_eq!(
        send(
            &[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x1B],
            buf.as_mut_ptr(),
            buf.len()
        ),
        ok
    );
    // VERIFY with a wrong password, the answer to go nowhere.
    let mut verify = vec![0x00, 0x20, 0x00, 0x80, 6];
    verify.extend_from_slice(b"WRONG1");
    let (r, _) = send(&verify, null_mut(), 64);
    assert_eq!(r, jpki_result::NullParameter as u32);
    assert_eq!(
        env.remaining(jpki_pin_kind::SigningPassword),
        (jpki_pin_state::Remaining, 5),
        "the refused command spent no try"
    );
}

/// The simulator takes times up to 9999-12-31T23:59:59Z, the last second X.509
/// can express, as the verifier does; a later one is `INVALID_ARGUMENT`, before
/// anything is done. Before, `jpki_sim_authority_new(INT64_MAX)` overflowed in
/// the core (a caught panic: `JPKI_RESULT_PANIC`), and
/// `jpki_sim_authority_event` recorded a revocation at a time no CRL can carry.
#[test]
fn sim_times_beyond_9999_are_invalid_arguments() {
    const LAST: i64 = 253_402_300_799;
    let invalid = jpki_result::InvalidArgument;
    for at in [i64::MAX, LAST + 1] {
        let mut authority = null_mut();
        assert_eq!(
            unsafe { jpki_sim_authority_new(at, &mut authority) },
            invalid,
            "at {at}"
        );
        assert!(authority.is_null());
    }
    let env = Env::new();
    let cert = env.read_cert(jpki_certificate_slot::Signing, PASSWORD);
    for at in [i64::MAX, LAST + 1] {
        let mut revoked = 99;
        let r = unsafe {
            jpki_sim_authority_event(
                env.authority,
                cert,
                jpki_sim_event::Voluntary as u32,
                at,
                &mut revoked,
            )
        };
        assert_eq!((r, revoked), (invalid, 99), "event at {at}");
        let mut crl = null_mut();
        let r = unsafe { jpki_sim_authority_crl(env.authority, cert, at, 86_400, &mut crl) };
        assert_eq!((r, crl.is_null()), (invalid, true), "CRL at {at}");
        let mut sim = null_mut();
        assert_eq!(unsafe { jpki_sim_card_new(&mut sim) }, jpki_result::Ok);
        let r = unsafe {
            jpki_sim_personalize(
                env.authority,
                sim,
                NAME.as_ptr(),
                NAME.len(),
                BIRTH.as_ptr(),
                BIRTH.len(),
                1,
                ADDRESS.as_ptr(),
                ADDRESS.len(),
                PASSWORD.as_ptr(),
                PASSWORD.len(),
                AUTH_PIN.as_ptr(),
                AUTH_PIN.len(),
                at,
            )
        };
        assert_eq!(r, invalid, "personalize at {at}");
        unsafe { jpki_sim_card_free(sim) };
    }
    // The last second is a time like any other.
    let mut authority = null_mut();
    assert_eq!(
        unsafe { jpki_sim_authority_new(LAST, &mut authority) },
        jpki_result::InvalidTime,
        "CA certificates from 9999-12-30 would outlive year 9999"
    );
    let mut revoked = 99;
    let r = unsafe {
        jpki_sim_authority_event(
            env.authority,
            cert,
            jpki_sim_event::Voluntary as u32,
            LAST,
            &mut revoked,
        )
    };
    // (Accepted; the certificate has expired by then, so nothing is revoked.)
    assert_eq!((r, revoked), (jpki_result::Ok, 0));
    free_cert(cert);
}

#[test]
fn bad_arguments() {
    let env = Env::new();
    let cert = env.read_cert(jpki_certificate_slot::Signing, PASSWORD);
    let bad = jpki_result::InvalidArgument;
    let (mut state, mut remaining) = (jpki_pin_state::Blocked, 0);
    for kind in [0, 4, u32::MAX] {
        assert_eq!(
            unsafe { jpki_card_pin_status(env.card, kind, &mut state, &mut remaining) },
            bad
        );
        assert_eq!(
            unsafe { jpki_card_verify_pin(env.card, kind, AUTH_PIN.as_ptr(), 4, false) },
            bad
        );
    }
    let mut out_cert = null_mut();
    for slot in [0, 5, u32::MAX] {
        assert_eq!(
            unsafe { jpki_card_read_certificate(env.card, slot, null(), 0, false, &mut out_cert) },
            bad
        );
    }
    let digest = [0u8; 32];
    let mut bytes = null_mut();
    let sign_digest = |key: u32, hash: u32, len: usize, bytes: &mut *mut jpki_bytes| unsafe {
        jpki_card_sign_digest(
            env.card,
            key,
            hash,
            digest.as_ptr(),
            len,
            AUTH_PIN.as_ptr(),
            AUTH_PIN.len(),
            false,
            bytes,
        )
    };
    assert_eq!(sign_digest(0, 1, 32, &mut bytes), bad);
    assert_eq!(sign_digest(3, 1, 32, &mut bytes), bad);
    assert_eq!(sign_digest(2, 0, 32, &mut bytes), bad);
    assert_eq!(sign_digest(2, 5, 32, &mut bytes), bad);
    let commands = env.counting.commands;
    assert_eq!(
        sign_digest(2, 1, 31, &mut bytes),
        jpki_result::InvalidDigest
    );
    assert_eq!(env.counting.commands, commands, "nothing sent");
    let sign = |key: u32, time: i64, bytes: &mut *mut jpki_bytes| unsafe {
        jpki_sign(
            FORM.as_ptr(),
            FORM.len(),
            env.card,
            key,
            PASSWORD.as_ptr(),
            PASSWORD.len(),
            false,
            true,
            true,
            time,
            bytes,
        )
    };
    assert_eq!(sign(0, now(), &mut bytes), bad);
    assert_eq!(sign(1, -1, &mut bytes), bad);
    assert!(bytes.is_null());
    let mut prepared = null_mut();
    assert_eq!(
        unsafe {
            jpki_prepared_signature_new(
                FORM.as_ptr(),
                FORM.len(),
                cert,
                null(),
                true,
                true,
                -5,
                &mut prepared,
            )
        },
        bad
    );
    // Without a signing time it needs none (and the CA certificate is optional).
    assert_eq!(
        unsafe {
            jpki_prepared_signature_new(
                FORM.as_ptr(),
                FORM.len(),
                cert,
                null(),
                false,
                false,
                -5,
                &mut prepared,
            )
        },
        jpki_result::Ok
    );
    unsafe { jpki_prepared_signature_free(prepared) };

    let mut authority = null_mut();
    assert_eq!(unsafe { jpki_sim_authority_new(-1, &mut authority) }, bad);
    let mut revoked = 0;
    for event in [0, 8, u32::MAX] {
        assert_eq!(
            unsafe { jpki_sim_authority_event(env.authority, cert, event, now(), &mut revoked) },
            bad
        );
    }
    assert_eq!(
        unsafe { jpki_sim_authority_event(env.authority, cert, 1, -1, &mut revoked) },
        bad
    );
    let mut crl = null_mut();
    assert_eq!(
        unsafe { jpki_sim_authority_crl(env.authority, cert, -1, 60, &mut crl) },
        bad
    );

    // Personalization: bad sex, bad date, bad UTF-8, a missing password for an adult.
    let mut sim = null_mut();
    assert_eq!(unsafe { jpki_sim_card_new(&mut sim) }, jpki_result::Ok);
    let personalize = |sex: u32, birth: &[u8], name: &[u8], password: &[u8], at: i64| unsafe {
        jpki_sim_personalize(
            env.authority,
            sim,
            name.as_ptr(),
            name.len(),
            birth.as_ptr(),
            birth.len(),
            sex,
            ADDRESS.as_ptr(),
            ADDRESS.len(),
            password.as_ptr(),
            password.len(),
            AUTH_PIN.as_ptr(),
            AUTH_PIN.len(),
            at,
        )
    };
    let name = NAME.as_bytes();
    assert_eq!(personalize(0, BIRTH.as_bytes(), name, PASSWORD, now()), bad);
    assert_eq!(personalize(4, BIRTH.as_bytes(), name, PASSWORD, now()), bad);
    assert_eq!(personalize(1, BIRTH.as_bytes(), name, PASSWORD, -1), bad);
    assert_eq!(
        personalize(1, b"1950-13-01", name, PASSWORD, now()),
        jpki_result::InvalidDate
    );
    assert_eq!(
        personalize(1, BIRTH.as_bytes(), &[0xC3, 0x28], PASSWORD, now()),
        jpki_result::InvalidUtf8
    );
    assert_eq!(
        personalize(1, BIRTH.as_bytes(), name, b"", now()),
        jpki_result::InvalidSecret
    );
    // A child (under 15) needs no password and gets no signing certificate.
    assert_eq!(
        personalize(2, b"2020-01-01", "鈴木 花子".as_bytes(), b"", now()),
        jpki_result::Ok
    );
    let mut child = null_mut();
    assert_eq!(
        unsafe { jpki_card_new(Some(jpki_sim_card_transmit), sim.cast(), &mut child) },
        jpki_result::Ok
    );
    let mut child_cert = null_mut();
    assert_eq!(
        unsafe {
            jpki_card_read_certificate(
                child,
                jpki_certificate_slot::Authentication as u32,
                null(),
                0,
                false,
                &mut child_cert,
            )
        },
        jpki_result::Ok
    );
    let mut child_crl = null_mut();
    assert_eq!(
        unsafe { jpki_sim_authority_crl(env.authority, child_cert, now(), 60, &mut child_crl) },
        jpki_result::Ok
    );
    unsafe { jpki_bytes_free(child_crl) };

    // A certificate of another authority is unknown to this one.
    let other = Env::new();
    let foreign = other.read_cert(jpki_certificate_slot::Signing, PASSWORD);
    assert_eq!(
        unsafe { jpki_sim_authority_crl(env.authority, foreign, now(), 60, &mut crl) },
        jpki_result::SimUnknownSerial
    );
    assert_eq!(
        unsafe { jpki_sim_authority_event(env.authority, foreign, 1, now(), &mut revoked) },
        jpki_result::SimUnknownSerial
    );
    assert!(crl.is_null());

    unsafe {
        jpki_card_free(child);
        jpki_sim_card_free(sim);
    }
    free_cert(child_cert);
    free_cert(foreign);
    free_cert(cert);
}

#[test]
fn null_arguments() {
    let env = Env::new();
    let cert = env.read_cert(jpki_certificate_slot::Signing, PASSWORD);
    let null_param = jpki_result::NullParameter;
    let p = PASSWORD.as_ptr();
    let pl = PASSWORD.len();
    let f = FORM.as_ptr();
    let fl = FORM.len();

    // Frees of NULL do nothing.
    unsafe {
        jpki_card_free(null_mut());
        jpki_bytes_free(null_mut());
        jpki_prepared_signature_free(null_mut());
        jpki_sim_authority_free(null_mut());
        jpki_sim_card_free(null_mut());
    }

    // jpki_card_new
    let mut card = null_mut();
    assert_eq!(
        unsafe { jpki_card_new(None, null_mut(), &mut card) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_new(Some(jpki_sim_card_transmit), env.sim.cast(), null_mut()) },
        null_param
    );
    assert!(card.is_null());

    // jpki_card_open
    let mut kind = jpki_card_kind::Unknown;
    assert_eq!(unsafe { jpki_card_open(null_mut(), &mut kind) }, null_param);
    assert_eq!(unsafe { jpki_card_open(env.card, null_mut()) }, null_param);

    // jpki_card_pin_status
    let (mut state, mut remaining) = (jpki_pin_state::Blocked, 0);
    assert_eq!(
        unsafe { jpki_card_pin_status(null_mut(), 1, &mut state, &mut remaining) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_pin_status(env.card, 1, null_mut(), &mut remaining) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_pin_status(env.card, 1, &mut state, null_mut()) },
        null_param
    );

    // jpki_card_verify_pin
    assert_eq!(
        unsafe { jpki_card_verify_pin(null_mut(), 1, p, pl, false) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_verify_pin(env.card, 1, null(), pl, false) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_verify_pin(env.card, 1, null(), 0, false) },
        null_param
    );

    // jpki_card_read_certificate
    let mut out_cert = null_mut();
    assert_eq!(
        unsafe { jpki_card_read_certificate(null_mut(), 1, p, pl, false, &mut out_cert) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_read_certificate(env.card, 1, null(), pl, false, &mut out_cert) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_read_certificate(env.card, 1, p, pl, false, null_mut()) },
        null_param
    );

    // jpki_card_sign_digest
    let digest = [0u8; 32];
    let d = digest.as_ptr();
    let mut bytes = null_mut();
    assert_eq!(
        unsafe { jpki_card_sign_digest(null_mut(), 1, 1, d, 32, p, pl, false, &mut bytes) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_sign_digest(env.card, 1, 1, null(), 32, p, pl, false, &mut bytes) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_sign_digest(env.card, 1, 1, d, 32, null(), pl, false, &mut bytes) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_card_sign_digest(env.card, 1, 1, d, 32, p, pl, false, null_mut()) },
        null_param
    );

    // jpki_sign
    let sign = |content: *const u8,
                card: *mut jpki_card,
                pin: *const u8,
                out: *mut *mut jpki_bytes| unsafe {
        jpki_sign(content, fl, card, 1, pin, pl, false, true, true, now(), out)
    };
    assert_eq!(sign(null(), env.card, p, &mut bytes), null_param);
    assert_eq!(sign(f, null_mut(), p, &mut bytes), null_param);
    assert_eq!(sign(f, env.card, null(), &mut bytes), null_param);
    assert_eq!(sign(f, env.card, p, null_mut()), null_param);
    assert!(bytes.is_null());

    // jpki_bytes_data
    let mut made = null_mut();
    assert_eq!(
        unsafe { jpki_sim_authority_trust_anchors_pem(env.authority, &mut made) },
        jpki_result::Ok
    );
    let (mut data, mut len) = (null(), 0);
    assert_eq!(
        unsafe { jpki_bytes_data(null(), &mut data, &mut len) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_bytes_data(made, null_mut(), &mut len) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_bytes_data(made, &mut data, null_mut()) },
        null_param
    );
    unsafe { jpki_bytes_free(made) };

    // jpki_prepared_signature_*
    let mut prepared = null_mut();
    let new = |content: *const u8,
               signer: *const jpki_certificate,
               out: *mut *mut jpki_prepared_signature| unsafe {
        jpki_prepared_signature_new(content, fl, signer, null(), true, true, now(), out)
    };
    assert_eq!(new(null(), cert, &mut prepared), null_param);
    assert_eq!(new(f, null(), &mut prepared), null_param);
    assert_eq!(new(f, cert, null_mut()), null_param);
    assert!(prepared.is_null());
    assert_eq!(new(f, cert, &mut prepared), jpki_result::Ok);
    let mut hash = jpki_hash_algorithm::Sha1;
    assert_eq!(
        unsafe { jpki_prepared_signature_digest(null(), &mut data, &mut len, &mut hash) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_digest(prepared, null_mut(), &mut len, &mut hash) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_digest(prepared, &mut data, null_mut(), &mut hash) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_digest(prepared, &mut data, &mut len, null_mut()) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_digest_info(null(), &mut data, &mut len) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_digest_info(prepared, null_mut(), &mut len) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_digest_info(prepared, &mut data, null_mut()) },
        null_param
    );
    let sig = [0u8; 256];
    assert_eq!(
        unsafe { jpki_prepared_signature_finish(null(), sig.as_ptr(), 256, &mut bytes) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_finish(prepared, null(), 0, &mut bytes) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_finish(prepared, null(), 256, &mut bytes) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_prepared_signature_finish(prepared, sig.as_ptr(), 256, null_mut()) },
        null_param
    );
    unsafe { jpki_prepared_signature_free(prepared) };

    // The simulator.
    assert_eq!(
        unsafe { jpki_sim_authority_new(now(), null_mut()) },
        null_param
    );
    assert_eq!(unsafe { jpki_sim_card_new(null_mut()) }, null_param);
    assert_eq!(
        unsafe { jpki_sim_authority_trust_anchors_pem(null(), &mut made) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_sim_authority_trust_anchors_pem(env.authority, null_mut()) },
        null_param
    );
    let mut revoked = 0;
    assert_eq!(
        unsafe { jpki_sim_authority_event(null_mut(), cert, 1, now(), &mut revoked) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_sim_authority_event(env.authority, null(), 1, now(), &mut revoked) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_sim_authority_event(env.authority, cert, 1, now(), null_mut()) },
        null_param
    );
    let mut crl = null_mut();
    assert_eq!(
        unsafe { jpki_sim_authority_crl(null_mut(), cert, now(), 60, &mut crl) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_sim_authority_crl(env.authority, null(), now(), 60, &mut crl) },
        null_param
    );
    assert_eq!(
        unsafe { jpki_sim_authority_crl(env.authority, cert, now(), 60, null_mut()) },
        null_param
    );
    assert!(crl.is_null());

    // jpki_sim_personalize: every pointer, one at a time.
    let mut sim = null_mut();
    assert_eq!(unsafe { jpki_sim_card_new(&mut sim) }, jpki_result::Ok);
    let n = NAME.as_bytes();
    let b = BIRTH.as_bytes();
    let a = ADDRESS.as_bytes();
    let args = |i: usize| -> [*const u8; 5] {
        let mut ptrs = [n.as_ptr(), b.as_ptr(), a.as_ptr(), p, AUTH_PIN.as_ptr()];
        ptrs[i] = null();
        ptrs
    };
    for i in 0..5 {
        let [name, birth, address, password, pin] = args(i);
        let r = unsafe {
            jpki_sim_personalize(
                env.authority,
                sim,
                name,
                n.len(),
                birth,
                b.len(),
                1,
                address,
                a.len(),
                password,
                pl,
                pin,
                AUTH_PIN.len(),
                now(),
            )
        };
        assert_eq!(r, null_param, "argument {i}");
    }
    let [name, birth, address, _, pin] = args(3);
    for (authority, card) in [(null_mut(), sim), (env.authority, null_mut())] {
        let r = unsafe {
            jpki_sim_personalize(
                authority,
                card,
                name,
                n.len(),
                birth,
                b.len(),
                1,
                address,
                a.len(),
                p,
                pl,
                pin,
                AUTH_PIN.len(),
                now(),
            )
        };
        assert_eq!(r, null_param);
    }
    // NULL with length 0 for the password is "none" (refused for an adult),
    // and NULL with length 0 for the required texts is still NULL.
    let r = unsafe {
        jpki_sim_personalize(
            env.authority,
            sim,
            name,
            n.len(),
            birth,
            b.len(),
            1,
            address,
            a.len(),
            null(),
            0,
            pin,
            AUTH_PIN.len(),
            now(),
        )
    };
    assert_eq!(r, jpki_result::InvalidSecret);
    let r = unsafe {
        jpki_sim_personalize(
            env.authority,
            sim,
            null(),
            0,
            birth,
            b.len(),
            1,
            address,
            a.len(),
            p,
            pl,
            pin,
            AUTH_PIN.len(),
            now(),
        )
    };
    assert_eq!(r, null_param);
    unsafe { jpki_sim_card_free(sim) };
    free_cert(cert);
}

#[cfg(feature = "pcsc")]
#[test]
fn pcsc_connect_arguments() {
    let mut card = null_mut();
    let name = b"no such reader";
    assert_eq!(
        unsafe { jpki_card_connect_pcsc(name.as_ptr(), name.len(), null_mut()) },
        jpki_result::NullParameter
    );
    assert_eq!(
        unsafe { jpki_card_connect_pcsc(null(), 3, &mut card) },
        jpki_result::NullParameter
    );
    assert_eq!(
        unsafe { jpki_card_connect_pcsc([0xFFu8].as_ptr(), 1, &mut card) },
        jpki_result::InvalidUtf8
    );
    // No such reader (or no PC/SC service here): a transport error, no card.
    assert_eq!(
        unsafe { jpki_card_connect_pcsc(name.as_ptr(), name.len(), &mut card) },
        jpki_result::Transport
    );
    assert!(card.is_null());
}
