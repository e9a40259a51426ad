//! The login exports (`jpki_login_*`, `jpki_nonce_store_*`,
//! `jpki_verifier_verify_login`), called through the rlib as C would, against
//! the core: the challenge's DER and the bytes the card signs are the core's,
//! the response verifies with the core's verifier, the account key and the JSON
//! are those of the core's `Login`, and one store handle shared by threads lets
//! a nonce in once.

#![cfg(feature = "sim")]
#![allow(unsafe_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(clippy::indexing_slicing, clippy::undocumented_unsafe_blocks)]
#![allow(missing_docs, clippy::as_conversions)]

use std::ptr::{null, null_mut};

use jpki::login::{LoginChallenge, LoginResponse, MemoryNonceStore, NonceStore};
use jpki::{Time, Verifier};
use jpki_ffi::card::*;
use jpki_ffi::cert::{jpki_certificate, jpki_certificate_free};
use jpki_ffi::jpki_result;
use jpki_ffi::login::*;
use jpki_ffi::sign::*;
use jpki_ffi::sim::*;
use jpki_ffi::verifier::*;

const PASSWORD: &[u8] = b"TARO1950";
const AUTH_PIN: &[u8] = b"1234";
const NAME: &str = "髙橋 太郎";
const BIRTH: &str = "1950-04-01";
const ADDRESS: &str = "東京都千代田区霞が関2丁目1番2号";
const RP: &str = "bank.example";
/// 2026-11-21T10:00:00+09:00.
const NOW: i64 = 1_795_222_800;

fn time(at: i64) -> Time {
    Time::from_unix_seconds(u64::try_from(at).unwrap())
}

/// The bytes of a `jpki_bytes`, which is freed.
fn take_bytes(bytes: *mut jpki_bytes) -> Vec<u8> {
    assert!(!bytes.is_null());
    let (mut data, mut len) = (null(), 0);
    assert_eq!(
        unsafe { jpki_bytes_data(bytes, &mut data, &mut len) },
        jpki_result::Ok
    );
    let out = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
    unsafe { jpki_bytes_free(bytes) };
    out
}

/// A byte view an export wrote (`data_out`, `len_out`), copied.
fn view(f: impl FnOnce(*mut *const u8, *mut usize) -> jpki_result) -> Result<Vec<u8>, jpki_result> {
    let (mut data, mut len) = (null(), 0);
    match f(&mut data, &mut len) {
        jpki_result::Ok => Ok(unsafe { std::slice::from_raw_parts(data, len) }.to_vec()),
        r => Err(r),
    }
}

/// Text an export wrote into a caller buffer (`buf`, `cap`, `out_len`).
fn text(f: impl Fn(*mut u8, usize, *mut usize) -> jpki_result) -> String {
    let mut len = 0;
    assert_eq!(f(null_mut(), 0, &mut len), jpki_result::BufferTooSmall);
    let mut buf = vec![0u8; len];
    assert_eq!(f(buf.as_mut_ptr(), buf.len(), &mut len), jpki_result::Ok);
    String::from_utf8(buf).unwrap()
}

/// An authority, a personalized virtual card reached through
/// `jpki_sim_card_transmit`, and the ABI's and the core's verifiers of the
/// authority's roots with the authentication certificate's CRL.
struct Env {
    authority: *mut jpki_sim_authority,
    sim: *mut jpki_sim_card,
    card: *mut jpki_card,
    auth_cert: *mut jpki_certificate,
    verifier: *mut jpki_verifier,
    core_verifier: Verifier,
}

impl Env {
    fn new() -> Self {
        let (mut authority, mut sim, mut card) = (null_mut(), null_mut(), null_mut());
        unsafe {
            assert_eq!(jpki_sim_authority_new(NOW, &mut authority), jpki_result::Ok);
            assert_eq!(jpki_sim_card_new(&mut sim), jpki_result::Ok);
            let r = jpki_sim_personalize(
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
                NOW,
            );
            assert_eq!(r, jpki_result::Ok);
            let r = jpki_card_new(Some(jpki_sim_card_transmit), sim.cast(), &mut card);
            assert_eq!(r, jpki_result::Ok);
        }
        let mut auth_cert = null_mut();
        let slot = jpki_certificate_slot::Authentication as u32;
        let r = unsafe { jpki_card_read_certificate(card, slot, null(), 0, false, &mut auth_cert) };
        assert_eq!(r, jpki_result::Ok);
        let (mut pem, mut crl) = (null_mut(), null_mut());
        unsafe {
            assert_eq!(
                jpki_sim_authority_trust_anchors_pem(authority, &mut pem),
                jpki_result::Ok
            );
            assert_eq!(
                jpki_sim_authority_crl(authority, auth_cert, NOW, 86_400, &mut crl),
                jpki_result::Ok
            );
        }
        let (pem, crl) = (take_bytes(pem), take_bytes(crl));
        let mut verifier = null_mut();
        unsafe {
            let b = jpki_verifier_builder_new();
            let r = jpki_verifier_builder_add_trust_anchors(b, pem.as_ptr(), pem.len());
            assert_eq!(r, jpki_result::Ok);
            assert_eq!(
                jpki_verifier_builder_build(b, &mut verifier),
                jpki_result::Ok
            );
            let r = jpki_verifier_add_crl(verifier, crl.as_ptr(), crl.len(), null_mut());
            assert_eq!(r, jpki_result::Ok);
        }
        let core_verifier = Verifier::builder()
            .trust_anchors_pem(&pem)
            .unwrap()
            .build()
            .unwrap();
        core_verifier.add_crl(&crl).unwrap();
        Self {
            authority,
            sim,
            card,
            auth_cert,
            verifier,
            core_verifier,
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        unsafe {
            jpki_verifier_free(self.verifier);
            jpki_certificate_free(self.auth_cert);
            jpki_card_free(self.card);
            jpki_sim_card_free(self.sim);
            jpki_sim_authority_free(self.authority);
        }
    }
}

fn challenge(
    nonce: &[u8],
    issued: i64,
    expires: i64,
) -> Result<*mut jpki_login_challenge, jpki_result> {
    let mut c = null_mut();
    let r = unsafe {
        jpki_login_challenge_new(
            RP.as_ptr(),
            RP.len(),
            nonce.as_ptr(),
            nonce.len(),
            issued,
            expires,
            &mut c,
        )
    };
    if r == jpki_result::Ok {
        assert!(!c.is_null());
        Ok(c)
    } else {
        assert!(c.is_null(), "no output on failure");
        Err(r)
    }
}

fn store(capacity: usize) -> *mut jpki_nonce_store {
    let mut s = null_mut();
    assert_eq!(
        unsafe { jpki_nonce_store_new(capacity, &mut s) },
        jpki_result::Ok
    );
    s
}

#[test]
fn the_abi_speaks_the_core_s_protocol() {
    let env = Env::new();
    let nonce = [0x5a; 40];
    let c = challenge(&nonce, NOW, NOW + 300).unwrap();
    let core = LoginChallenge::new(RP, &nonce, time(NOW), time(NOW + 300)).unwrap();
    unsafe {
        // The challenge: the core's DER, DigestInfo and digest.
        assert_eq!(
            view(|d, l| jpki_login_challenge_der(c, d, l)).unwrap(),
            core.to_der()
        );
        assert_eq!(
            view(|d, l| jpki_login_challenge_to_be_signed(c, d, l)).unwrap(),
            core.to_be_signed()
        );
        assert_eq!(
            view(|d, l| jpki_login_challenge_digest(c, d, l)).unwrap(),
            core.digest()
        );
        assert_eq!(
            view(|d, l| jpki_login_challenge_nonce(c, d, l)).unwrap(),
            nonce
        );
        assert_eq!(
            text(|b, n, l| jpki_login_challenge_relying_party(c, b, n, l)),
            RP
        );

        // The card answers; the response's DER is the core's.
        let mut r = null_mut();
        let pin = (AUTH_PIN.as_ptr(), AUTH_PIN.len());
        assert_eq!(
            jpki_login_respond(c, env.card, pin.0, pin.1, false, &mut r),
            jpki_result::Ok
        );
        let der = view(|d, l| jpki_login_response_der(r, d, l)).unwrap();
        let core_response = LoginResponse::from_der(&der).unwrap();
        assert_eq!(core_response.to_der().unwrap(), der);
        assert_eq!(core_response.nonce(), nonce);
        assert_eq!(
            view(|d, l| jpki_login_response_signature(r, d, l)).unwrap(),
            core_response.signature()
        );

        // The core's verifier accepts it (on a store of its own)…
        let core_store = MemoryNonceStore::new(4);
        core_store.insert(&core).unwrap();
        let core_login = env
            .core_verifier
            .verify_login(&core_response, &core_store, time(NOW + 10))
            .unwrap();

        // …and the ABI's names the same account, with the same JSON.
        let s = store(4);
        assert_eq!(jpki_nonce_store_insert(s, c), jpki_result::Ok);
        let mut login = null_mut();
        assert_eq!(
            jpki_verifier_verify_login(env.verifier, r, s, NOW + 10, &mut login),
            jpki_result::Ok
        );
        assert_eq!(
            text(|b, n, l| jpki_login_account_key(login, b, n, l)),
            core_login.account.to_string()
        );
        assert_eq!(
            view(|d, l| jpki_login_account_issuer_key_id(login, d, l)).unwrap(),
            core_login.account.issuer_key_id
        );
        assert_eq!(
            view(|d, l| jpki_login_account_serial(login, d, l)).unwrap(),
            core_login.account.serial.as_bytes()
        );
        assert_eq!(
            view(|d, l| jpki_login_account_public_key_sha256(login, d, l)).unwrap(),
            core_login.account.public_key_sha256
        );
        assert_eq!(
            text(|b, n, l| jpki_login_json(login, b, n, l)),
            serde_json::to_string(&core_login).unwrap()
        );
        let mut cert = null_mut();
        assert_eq!(jpki_login_certificate(login, &mut cert), jpki_result::Ok);
        let cert_der = view(|d, l| jpki_ffi::cert::jpki_certificate_der(cert, d, l)).unwrap();
        assert_eq!(cert_der, core_login.certificate.der());
        jpki_certificate_free(cert);

        // Once only.
        let mut again = null_mut();
        assert_eq!(
            jpki_verifier_verify_login(env.verifier, r, s, NOW + 10, &mut again),
            jpki_result::ChallengeReplayed
        );
        assert!(again.is_null());

        jpki_login_free(login);
        jpki_nonce_store_free(s);
        jpki_login_response_free(r);
        jpki_login_challenge_free(c);
    }
}

#[test]
fn refusals_are_the_core_s_codes() {
    // Challenges refused by the core (1100) and arguments refused by the ABI.
    assert_eq!(
        challenge(&[1; 31], NOW, NOW + 1).unwrap_err(),
        jpki_result::InvalidChallenge
    );
    assert_eq!(
        challenge(&[1; 65], NOW, NOW + 1).unwrap_err(),
        jpki_result::InvalidChallenge
    );
    assert_eq!(
        challenge(&[1; 32], NOW, NOW).unwrap_err(),
        jpki_result::InvalidChallenge
    );
    assert_eq!(
        challenge(&[1; 32], -1, NOW).unwrap_err(),
        jpki_result::InvalidArgument
    );
    assert_eq!(
        challenge(&[1; 32], NOW, 253_402_300_800).unwrap_err(),
        jpki_result::InvalidArgument
    );
    // A lifetime past year 9999 is the core's refusal, not a panic.
    let mut c = null_mut();
    let r = unsafe { jpki_login_challenge_generate(RP.as_ptr(), RP.len(), NOW, u64::MAX, &mut c) };
    assert_eq!(r, jpki_result::InvalidChallenge);
    assert!(c.is_null());
    // A generated challenge has a fresh 32-byte nonce each time.
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let r = unsafe { jpki_login_challenge_generate(RP.as_ptr(), RP.len(), NOW, 60, &mut c) };
        assert_eq!(r, jpki_result::Ok);
        nonces.push(view(|d, l| unsafe { jpki_login_challenge_nonce(c, d, l) }).unwrap());
        let mut expires = 0;
        assert_eq!(
            unsafe { jpki_login_challenge_expires_at(c, &mut expires) },
            jpki_result::Ok
        );
        assert_eq!(expires, NOW + 60);
        unsafe { jpki_login_challenge_free(c) };
    }
    assert_eq!(nonces[0].len(), 32);
    assert_ne!(nonces[0], nonces[1]);

    // The store: a nonce twice, then full.
    let s = store(2);
    let (a, b, d) = (
        challenge(&[0xa; 32], NOW, NOW + 60).unwrap(),
        challenge(&[0xb; 32], NOW, NOW + 60).unwrap(),
        challenge(&[0xd; 32], NOW, NOW + 60).unwrap(),
    );
    unsafe {
        assert_eq!(jpki_nonce_store_insert(s, a), jpki_result::Ok);
        assert_eq!(jpki_nonce_store_insert(s, a), jpki_result::InvalidChallenge);
        assert_eq!(jpki_nonce_store_insert(s, b), jpki_result::Ok);
        assert_eq!(jpki_nonce_store_insert(s, d), jpki_result::NonceStoreFull);
        // Pruning at the expiry makes room.
        assert_eq!(jpki_nonce_store_prune(s, NOW + 60), jpki_result::Ok);
        assert_eq!(jpki_nonce_store_insert(s, d), jpki_result::Ok);
        for handle in [a, b, d] {
            jpki_login_challenge_free(handle);
        }
        jpki_nonce_store_free(s);
    }
}

#[test]
fn one_store_lets_a_nonce_in_once_across_threads() {
    /// The store handle, shared: `jpki_nonce_store` is thread-safe (a
    /// `MemoryNonceStore`, `Send + Sync`).
    struct Shared(*mut jpki_nonce_store, *mut jpki_login_challenge);
    unsafe impl Send for Shared {}
    unsafe impl Sync for Shared {}

    let shared = Shared(store(64), challenge(&[0x77; 32], NOW, NOW + 60).unwrap());
    let results: Vec<jpki_result> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let shared = &shared;
                scope.spawn(move || unsafe { jpki_nonce_store_insert(shared.0, shared.1) })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        results.iter().filter(|r| **r == jpki_result::Ok).count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        results
            .iter()
            .filter(|r| **r == jpki_result::InvalidChallenge)
            .count(),
        7
    );
    let mut len = 0;
    assert_eq!(
        unsafe { jpki_nonce_store_len(shared.0, &mut len) },
        jpki_result::Ok
    );
    assert_eq!(len, 1);
    unsafe {
        jpki_login_challenge_free(shared.1);
        jpki_nonce_store_free(shared.0);
    }
}
