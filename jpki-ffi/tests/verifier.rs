//! The verifier's C ABI, called through the rlib with real pointers: building a
//! verifier, CRLs replaced while it is in use, verdicts and their checks, JSON,
//! NULL arguments, small buffers, bad input, unknown enum values, and one
//! handle shared by threads.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions,
    unreachable_pub
)]

#[path = "../examples/ffi_fixtures.rs"]
mod ffi_fixtures;

use std::ptr::{null, null_mut};

use jpki::cms::{SignOptions, sign};
use jpki::sim::{
    Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey, SoftwareSigner,
};
use jpki::{Certificate, Date, Sex, Time};
use jpki_ffi::cert::jpki_certificate;
use jpki_ffi::jpki_result;
use jpki_ffi::verdict::*;
use jpki_ffi::verifier::*;

/// 2026-11-21T10:00:00+09:00: the authority, the issuance, the first CRL.
const T0: i64 = 1_795_222_800;
/// When the register reports the move (one hour later).
const T1: i64 = T0 + 3600;

const FORM: &[u8] = "口座開設申込書".as_bytes();

struct Fixture {
    authority: Authority,
    cert: Certificate,
    trust_pem: String,
    /// Detached, over FORM.
    signature: Vec<u8>,
    /// With FORM inside.
    attached: Vec<u8>,
    /// The partition's CRL at T0, listing nothing.
    crl: Vec<u8>,
}

fn time(secs: i64) -> Time {
    Time::from_unix_seconds(u64::try_from(secs).unwrap())
}

fn fixture() -> Fixture {
    let mut authority = Authority::new(AuthorityOptions::default(), time(T0)).unwrap();
    let record = RegisterRecord {
        name: "吉田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    };
    let key = SimKey::generate(2048).unwrap();
    let spki = key.public_key_der().unwrap();
    let cert = authority
        .issue(&record, &spki, Purpose::Signing, time(T0))
        .unwrap();
    let mut signer = SoftwareSigner::new(key, cert.clone()).unwrap();
    let options = SignOptions::default().with_signing_time(Some(time(T0)));
    let signature = sign(FORM, &mut signer, &options).unwrap();
    let attached = sign(FORM, &mut signer, &options.with_detached(false)).unwrap();
    let trust_pem = authority.trust_pem();
    let mut f = Fixture {
        authority,
        cert,
        trust_pem,
        signature,
        attached,
        crl: Vec::new(),
    };
    f.crl = partition_crl(&mut f, T0);
    f
}

/// The CRL of the certificate's partition issued at `at`, valid 30 days.
fn partition_crl(f: &mut Fixture, at: i64) -> Vec<u8> {
    let issued = f.authority.find_issued(f.cert.serial()).unwrap().clone();
    f.authority
        .crl(
            Purpose::Signing,
            issued.generation(),
            issued.partition(),
            time(at),
            30 * 86_400,
        )
        .unwrap()
}

/// A builder trusting the fixture's roots.
fn builder(f: &Fixture) -> *mut jpki_verifier_builder {
    let b = jpki_verifier_builder_new();
    assert!(!b.is_null());
    let pem = f.trust_pem.as_bytes();
    // SAFETY: a live builder; the PEM outlives the call.
    let r = unsafe { jpki_verifier_builder_add_trust_anchors(b, pem.as_ptr(), pem.len()) };
    assert_eq!(r, jpki_result::Ok);
    b
}

fn build(b: *mut jpki_verifier_builder) -> *mut jpki_verifier {
    let mut v = null_mut();
    // SAFETY: a live builder, consumed here; a writable output.
    let r = unsafe { jpki_verifier_builder_build(b, &mut v) };
    assert_eq!(r, jpki_result::Ok);
    assert!(!v.is_null());
    v
}

/// A hard-fail verifier holding the fixture's CRL.
fn verifier(f: &Fixture) -> *mut jpki_verifier {
    let v = build(builder(f));
    assert_eq!(add_crl(v, &f.crl), Ok(jpki_crl_change::Added));
    v
}

fn add_crl(v: *const jpki_verifier, crl: &[u8]) -> Result<jpki_crl_change, jpki_result> {
    let mut change = jpki_crl_change::KeptNewer;
    // SAFETY: a live verifier; the CRL outlives the call.
    match unsafe { jpki_verifier_add_crl(v, crl.as_ptr(), crl.len(), &mut change) } {
        jpki_result::Ok => Ok(change),
        e => Err(e),
    }
}

fn verify(v: *const jpki_verifier, signature: &[u8], content: Option<&[u8]>, at: i64) -> Verdict {
    let (content, content_len) = content.map_or((null(), 0), |c| (c.as_ptr(), c.len()));
    let mut out = null_mut();
    // SAFETY: live verifier, byte views valid for the call, writable output.
    let r = unsafe {
        jpki_verifier_verify(
            v,
            signature.as_ptr(),
            signature.len(),
            content,
            content_len,
            null(),
            at,
            &mut out,
        )
    };
    assert_eq!(r, jpki_result::Ok);
    Verdict::new(out)
}

fn verify_certificate(
    v: *const jpki_verifier,
    cert: *const jpki_certificate,
    usage: jpki_usage,
    at: i64,
) -> Verdict {
    let mut out = null_mut();
    // SAFETY: live verifier and certificate, writable output.
    let r = unsafe { jpki_verifier_verify_certificate(v, cert, usage as u32, at, &mut out) };
    assert_eq!(r, jpki_result::Ok);
    Verdict::new(out)
}

fn free_verifier(v: *mut jpki_verifier) {
    // SAFETY: a live verifier, not used again.
    unsafe { jpki_verifier_free(v) }
}

/// Frees a certificate handle from `jpki_verdict_signer` (NULL is a no-op).
fn release_certificate(cert: *mut jpki_certificate) {
    // SAFETY: NULL or a live handle, not used again.
    unsafe { jpki_ffi::cert::jpki_certificate_free(cert) }
}

/// A verdict handle, freed on drop.
struct Verdict(*mut jpki_verdict);

impl Verdict {
    fn new(handle: *mut jpki_verdict) -> Self {
        assert!(!handle.is_null());
        Self(handle)
    }

    fn is_valid(&self) -> bool {
        // SAFETY: a live verdict.
        unsafe { jpki_verdict_is_valid(self.0) }
    }

    fn check(&self, which: jpki_check) -> (jpki_check_result, jpki_result) {
        let (mut result, mut error) = (jpki_check_result::Off, jpki_result::Panic);
        // SAFETY: a live verdict, writable outputs.
        let r = unsafe { jpki_verdict_check(self.0, which as u32, &mut result, &mut error) };
        assert_eq!(r, jpki_result::Ok);
        (result, error)
    }

    fn message(&self, which: jpki_check) -> String {
        let mut len = 0;
        // SAFETY: a live verdict; asks for the length.
        let r =
            unsafe { jpki_verdict_check_message(self.0, which as u32, null_mut(), 0, &mut len) };
        if len == 0 {
            assert_eq!(r, jpki_result::Ok);
            return String::new();
        }
        assert_eq!(r, jpki_result::BufferTooSmall);
        let mut buf = vec![0u8; len];
        // SAFETY: `buf` has `len` writable bytes.
        let r = unsafe {
            jpki_verdict_check_message(self.0, which as u32, buf.as_mut_ptr(), len, &mut len)
        };
        assert_eq!(r, jpki_result::Ok);
        String::from_utf8(buf).unwrap()
    }

    fn error(&self) -> jpki_result {
        let mut error = jpki_result::Panic;
        // SAFETY: a live verdict, writable output.
        let r = unsafe { jpki_verdict_error(self.0, &mut error) };
        assert_eq!(r, jpki_result::Ok);
        error
    }

    fn json(&self) -> String {
        let mut len = 0;
        // SAFETY: a live verdict; asks for the length.
        let r = unsafe { jpki_verdict_json(self.0, null_mut(), 0, &mut len) };
        assert_eq!(r, jpki_result::BufferTooSmall);
        let mut buf = vec![0u8; len];
        // SAFETY: `buf` has `len` writable bytes.
        let r = unsafe { jpki_verdict_json(self.0, buf.as_mut_ptr(), len, &mut len) };
        assert_eq!(r, jpki_result::Ok);
        assert_eq!(len, buf.len());
        String::from_utf8(buf).unwrap()
    }

    fn revocation_status(&self) -> jpki_revocation_status {
        let mut status = jpki_revocation_status::Good;
        // SAFETY: a live verdict, writable output.
        let r = unsafe { jpki_verdict_revocation_status(self.0, &mut status) };
        assert_eq!(r, jpki_result::Ok);
        status
    }

    fn signer(&self) -> *mut jpki_certificate {
        let mut cert = null_mut();
        // SAFETY: a live verdict, writable output.
        let r = unsafe { jpki_verdict_signer(self.0, &mut cert) };
        assert_eq!(r, jpki_result::Ok);
        cert
    }

    fn claimed_signer(&self) -> *mut jpki_certificate {
        let mut cert = null_mut();
        // SAFETY: a live verdict, writable output.
        let r = unsafe { jpki_verdict_claimed_signer(self.0, &mut cert) };
        assert_eq!(r, jpki_result::Ok);
        cert
    }
}

impl Drop for Verdict {
    fn drop(&mut self) {
        // SAFETY: a live verdict, not used again.
        unsafe { jpki_verdict_free(self.0) }
    }
}

use jpki_check::{Certificate as CERTIFICATE, PersonalInfo, Revocation, Signature};
use jpki_check_result::{Failed, NotRun, Off, Passed};

#[test]
fn valid_then_revoked_when_the_register_reports_a_move() {
    let mut f = fixture();
    let v = verifier(&f);
    let good = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert!(good.is_valid(), "{}", good.json());
    assert_eq!(good.check(Signature), (Passed, jpki_result::Ok));
    assert_eq!(good.check(CERTIFICATE), (Passed, jpki_result::Ok));
    assert_eq!(good.check(Revocation), (Passed, jpki_result::Ok));
    // No applicant given: nothing to compare.
    assert_eq!(good.check(PersonalInfo), (NotRun, jpki_result::Ok));
    assert_eq!(good.revocation_status(), jpki_revocation_status::Good);
    assert_eq!(good.error(), jpki_result::Ok);
    assert_eq!(good.message(Revocation), "");
    let json = good.json();
    assert!(
        json.starts_with(r#"{"valid":true,"schema_version":1,"#),
        "{json}"
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["checks"]["revocation"]["result"], "passed");

    // The attached form verifies without content.
    let attached = verify(v, &f.attached, None, T0 + 60);
    assert!(attached.is_valid(), "{}", attached.json());

    // The register reports a move: the certificate is revoked, and the next CRL
    // replaces the one the verifier holds while it is in use.
    f.authority
        .apply_event(f.cert.serial(), Event::Move, time(T1))
        .unwrap();
    let next = partition_crl(&mut f, T1);
    assert_eq!(add_crl(v, &next), Ok(jpki_crl_change::Replaced));
    // The older CRL again: kept out. Without `change_out`.
    // SAFETY: a live verifier; the CRL outlives the call; no output.
    let r = unsafe { jpki_verifier_add_crl(v, f.crl.as_ptr(), f.crl.len(), null_mut()) };
    assert_eq!(r, jpki_result::Ok);
    assert_eq!(add_crl(v, &f.crl), Ok(jpki_crl_change::KeptNewer));

    let revoked = verify(v, &f.signature, Some(FORM), T1 + 60);
    assert!(!revoked.is_valid());
    assert_eq!(revoked.check(Signature), (Passed, jpki_result::Ok));
    assert_eq!(revoked.check(CERTIFICATE), (Passed, jpki_result::Ok));
    assert_eq!(
        revoked.check(Revocation),
        (Failed, jpki_result::CertificateRevoked)
    );
    assert_eq!(revoked.error(), jpki_result::CertificateRevoked);
    assert_eq!(revoked.revocation_status(), jpki_revocation_status::Revoked);
    let message = revoked.message(Revocation);
    assert!(message.contains(&f.cert.serial().to_string()), "{message}");
    assert!(revoked.json().starts_with(r#"{"valid":false,"#));
    // The verdict taken before the move is unchanged: verdicts own their data.
    assert!(good.is_valid());
    free_verifier(v);
    // And it outlives the verifier.
    assert!(revoked.check(Revocation).0 == Failed);
}

#[test]
fn certificates_are_verified_for_a_usage() {
    let f = fixture();
    let v = verifier(&f);
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    let signer = verdict.signer();
    assert!(!signer.is_null());
    let claimed = verdict.claimed_signer();
    assert!(!claimed.is_null());
    release_certificate(claimed);

    let signing = verify_certificate(v, signer, jpki_usage::Signing, T0 + 60);
    assert!(signing.is_valid(), "{}", signing.json());
    assert_eq!(signing.check(CERTIFICATE), (Passed, jpki_result::Ok));
    assert_eq!(signing.check(Revocation), (Passed, jpki_result::Ok));
    // A certificate verdict has no signature and no applicant.
    assert_eq!(signing.check(Signature), (NotRun, jpki_result::Ok));
    assert_eq!(signing.check(PersonalInfo), (NotRun, jpki_result::Ok));
    assert_eq!(signing.revocation_status(), jpki_revocation_status::Good);
    let json = signing.json();
    assert!(
        json.starts_with(r#"{"valid":true,"schema_version":1,"#),
        "{json}"
    );
    assert!(json.contains(r#""usage":"signing""#), "{json}");
    // Its signer is the certificate checked; nobody claims to have signed.
    let subject = signing.signer();
    assert!(!subject.is_null());
    release_certificate(subject);
    assert!(signing.claimed_signer().is_null());

    let any = verify_certificate(v, signer, jpki_usage::Any, T0 + 60);
    assert!(any.is_valid());
    let login = verify_certificate(v, signer, jpki_usage::Authentication, T0 + 60);
    assert!(!login.is_valid());
    assert_eq!(
        login.check(CERTIFICATE),
        (Failed, jpki_result::WrongCertificateKind)
    );
    assert_eq!(login.check(Revocation), (NotRun, jpki_result::Ok));
    assert!(!login.message(CERTIFICATE).is_empty());
    // Before the certificate was issued.
    let early = verify_certificate(v, signer, jpki_usage::Signing, T0 - 86_400 * 400);
    assert_eq!(
        early.check(CERTIFICATE),
        (Failed, jpki_result::CertificateNotYetValid)
    );
    release_certificate(signer);
    free_verifier(v);
}

#[test]
fn a_bad_signature_is_a_failed_check_not_a_crash() {
    let f = fixture();
    let v = verifier(&f);
    // Random bytes.
    let noise: Vec<u8> = (0u32..512)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for bytes in [&noise[..], &[], &[0x30, 0x80][..]] {
        let verdict = verify(v, bytes, Some(FORM), T0 + 60);
        assert!(!verdict.is_valid());
        let (result, code) = verdict.check(Signature);
        assert_eq!(result, Failed);
        assert_ne!(code, jpki_result::Ok);
        assert!(!jpki_ffi::jpki_result_is_ffi(code as u32), "{code:?}");
        assert_eq!(verdict.error(), code);
        assert!(!verdict.message(Signature).is_empty());
        assert_eq!(verdict.check(CERTIFICATE), (NotRun, jpki_result::Ok));
        assert_eq!(
            verdict.revocation_status(),
            jpki_revocation_status::Unchecked
        );
        assert!(verdict.signer().is_null());
        assert!(verdict.claimed_signer().is_null());
        assert!(verdict.json().starts_with(r#"{"valid":false,"#));
    }
    // The RSA signature's last byte changed.
    let mut tampered = f.signature.clone();
    *tampered.last_mut().unwrap() ^= 1;
    let verdict = verify(v, &tampered, Some(FORM), T0 + 60);
    assert_eq!(
        verdict.check(Signature),
        (Failed, jpki_result::BadSignature)
    );
    // Another form: the digest does not match, but the signer is named.
    let verdict = verify(v, &f.signature, Some(b"another form"), T0 + 60);
    assert_eq!(
        verdict.check(Signature),
        (Failed, jpki_result::CmsDigestMismatch)
    );
    assert!(verdict.signer().is_null());
    let claimed = verdict.claimed_signer();
    assert!(!claimed.is_null());
    release_certificate(claimed);
    // A detached signature given no content.
    let verdict = verify(v, &f.signature, None, T0 + 60);
    assert_eq!(
        verdict.check(Signature),
        (Failed, jpki_result::CmsNoContent)
    );
    // An empty detached content is not "no content".
    let verdict = verify(v, &f.signature, Some(b""), T0 + 60);
    assert_eq!(
        verdict.check(Signature),
        (Failed, jpki_result::CmsDigestMismatch)
    );
    // An attached signature given other content too.
    let verdict = verify(v, &f.attached, Some(b"another form"), T0 + 60);
    assert_eq!(
        verdict.check(Signature),
        (Failed, jpki_result::CmsContentConflict)
    );

    // Bad CRLs and OCSP responses are refused with the core's codes.
    assert_eq!(add_crl(v, b"not a CRL"), Err(jpki_result::CrlMalformed));
    assert!(add_crl(v, &f.signature).unwrap_err().code_is_core());
    // SAFETY: a live verifier; the bytes outlive the call.
    let r = unsafe { jpki_verifier_add_ocsp_response(v, noise.as_ptr(), noise.len()) };
    assert_ne!(r, jpki_result::Ok);
    assert!(!jpki_ffi::jpki_result_is_ffi(r as u32), "{r:?}");
    free_verifier(v);
}

trait CoreCode {
    fn code_is_core(self) -> bool;
}

impl CoreCode for jpki_result {
    fn code_is_core(self) -> bool {
        self != jpki_result::Ok && !jpki_ffi::jpki_result_is_ffi(self as u32)
    }
}

#[test]
fn the_builder_sets_the_revocation_policy() {
    let f = fixture();
    // Hard fail (the default) without any revocation data.
    let v = build(builder(&f));
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert_eq!(
        verdict.check(Revocation),
        (Failed, jpki_result::RevocationUnavailable)
    );
    assert_eq!(
        verdict.revocation_status(),
        jpki_revocation_status::Unchecked
    );
    free_verifier(v);

    let set = |b, mode: jpki_revocation_mode| {
        // SAFETY: a live builder.
        let r = unsafe { jpki_verifier_builder_set_revocation_mode(b, mode as u32) };
        assert_eq!(r, jpki_result::Ok);
    };
    // Soft fail: accepted, and visible.
    let b = builder(&f);
    set(b, jpki_revocation_mode::SoftFail);
    let v = build(b);
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert!(verdict.is_valid());
    assert_eq!(verdict.check(Revocation), (Passed, jpki_result::Ok));
    assert_eq!(
        verdict.revocation_status(),
        jpki_revocation_status::SoftFailed
    );
    free_verifier(v);
    // Off.
    let b = builder(&f);
    set(b, jpki_revocation_mode::Off);
    let v = build(b);
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert!(verdict.is_valid());
    assert_eq!(verdict.check(Revocation), (Off, jpki_result::Ok));
    assert_eq!(
        verdict.revocation_status(),
        jpki_revocation_status::Unchecked
    );
    free_verifier(v);

    // A maximum CRL age: the CRL of T0 is too old an hour later, though within
    // its nextUpdate. The mode set earlier stays (each setter changes its part).
    let b = builder(&f);
    set(b, jpki_revocation_mode::HardFail);
    // SAFETY: a live builder.
    unsafe {
        assert_eq!(
            jpki_verifier_builder_set_revocation_order(b, jpki_revocation_order::CrlFirst as u32),
            jpki_result::Ok
        );
        assert_eq!(
            jpki_verifier_builder_set_max_crl_age(b, 600, true),
            jpki_result::Ok
        );
        assert_eq!(
            jpki_verifier_builder_set_ocsp_clock_skew(b, 60),
            jpki_result::Ok
        );
    }
    let v = build(b);
    assert_eq!(add_crl(v, &f.crl), Ok(jpki_crl_change::Added));
    assert!(verify(v, &f.signature, Some(FORM), T0 + 60).is_valid());
    let stale = verify(v, &f.signature, Some(FORM), T0 + 3600);
    assert_eq!(
        stale.check(Revocation),
        (Failed, jpki_result::RevocationUnavailable)
    );
    free_verifier(v);
    // `has_max` false removes the maximum again.
    let b = builder(&f);
    // SAFETY: a live builder.
    unsafe {
        assert_eq!(
            jpki_verifier_builder_set_max_crl_age(b, 600, true),
            jpki_result::Ok
        );
        assert_eq!(
            jpki_verifier_builder_set_max_crl_age(b, 600, false),
            jpki_result::Ok
        );
    }
    let v = build(b);
    add_crl(v, &f.crl).unwrap();
    assert!(verify(v, &f.signature, Some(FORM), T0 + 3600).is_valid());
    free_verifier(v);
}

#[test]
fn ocsp_responses_are_held_until_cleared() {
    let f = fixture();
    let v = build(builder(&f));
    // The request a host would send (the core's verifier builds it).
    let core = jpki::Verifier::builder()
        .trust_anchors_pem(f.trust_pem.as_bytes())
        .unwrap()
        .build()
        .unwrap();
    let queries = core.ocsp_requests(&f.cert, time(T0 + 60)).unwrap();
    let answer = f
        .authority
        .ocsp_respond(queries[0].request.der(), time(T0 + 60));
    // SAFETY: a live verifier; the response outlives the call.
    let r = unsafe { jpki_verifier_add_ocsp_response(v, answer.as_ptr(), answer.len()) };
    assert_eq!(r, jpki_result::Ok);
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert!(verdict.is_valid(), "{}", verdict.json());
    assert_eq!(verdict.revocation_status(), jpki_revocation_status::Good);
    assert!(
        verdict.json().contains(r#""source":"ocsp""#),
        "{}",
        verdict.json()
    );
    // SAFETY: a live verifier.
    let r = unsafe { jpki_verifier_clear_ocsp_responses(v) };
    assert_eq!(r, jpki_result::Ok);
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert!(!verdict.is_valid());
    free_verifier(v);
}

#[test]
fn the_builder_sets_policies_usage_and_limits() {
    let f = fixture();
    let verdict_with = |configure: &dyn Fn(*mut jpki_verifier_builder)| {
        let b = builder(&f);
        configure(b);
        let v = verifier_from(b, &f);
        let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
        free_verifier(v);
        verdict
    };
    // The simulator issues test-card certificates: production policies refuse
    // them.
    let production = verdict_with(&|b| {
        // SAFETY: a live builder.
        let r = unsafe {
            jpki_verifier_builder_set_signing_policies(b, jpki_policy_set::JpkiProduction as u32)
        };
        assert_eq!(r, jpki_result::Ok);
    });
    assert_eq!(
        production.check(CERTIFICATE),
        (Failed, jpki_result::PolicyNotAccepted)
    );
    let hpki = verdict_with(&|b| {
        // SAFETY: a live builder.
        let r =
            unsafe { jpki_verifier_builder_set_signing_policies(b, jpki_policy_set::Hpki as u32) };
        assert_eq!(r, jpki_result::Ok);
    });
    assert_eq!(
        hpki.check(CERTIFICATE),
        (Failed, jpki_result::PolicyNotAccepted)
    );
    for policy in [jpki_policy_set::Jpki, jpki_policy_set::Any] {
        let ok = verdict_with(&|b| {
            // SAFETY: a live builder.
            let r = unsafe { jpki_verifier_builder_set_signing_policies(b, policy as u32) };
            assert_eq!(r, jpki_result::Ok);
        });
        assert!(ok.is_valid(), "{policy:?}");
    }
    // The signer must be an authentication certificate: a signing one is not.
    let login = verdict_with(&|b| {
        // SAFETY: a live builder.
        let r =
            unsafe { jpki_verifier_builder_set_signer_usage(b, jpki_usage::Authentication as u32) };
        assert_eq!(r, jpki_result::Ok);
    });
    assert_eq!(
        login.check(CERTIFICATE),
        (Failed, jpki_result::WrongCertificateKind)
    );
    // Settings that do not change this verdict.
    let same = verdict_with(&|b| {
        // SAFETY: a live builder.
        unsafe {
            assert_eq!(
                jpki_verifier_builder_set_signer_usage(b, jpki_usage::Any as u32),
                jpki_result::Ok
            );
            assert_eq!(
                jpki_verifier_builder_allow_legacy_sha1(b, true),
                jpki_result::Ok
            );
            assert_eq!(
                jpki_verifier_builder_set_authentication_policies(
                    b,
                    jpki_policy_set::JpkiProduction as u32
                ),
                jpki_result::Ok
            );
            assert_eq!(jpki_verifier_builder_set_budget(b, 1000), jpki_result::Ok);
            assert_eq!(jpki_verifier_builder_set_max_depth(b, 8), jpki_result::Ok);
        }
    });
    assert!(same.is_valid(), "{}", same.json());
    // A path longer than allowed (end entity and root: 2).
    let short = verdict_with(&|b| {
        // SAFETY: a live builder.
        let r = unsafe { jpki_verifier_builder_set_max_depth(b, 1) };
        assert_eq!(r, jpki_result::Ok);
    });
    assert_eq!(short.check(CERTIFICATE).0, Failed);
    // No budget for even one signature.
    let broke = verdict_with(&|b| {
        // SAFETY: a live builder.
        let r = unsafe { jpki_verifier_builder_set_budget(b, 0) };
        assert_eq!(r, jpki_result::Ok);
    });
    assert_eq!(broke.check(CERTIFICATE).0, Failed);
}

fn verifier_from(b: *mut jpki_verifier_builder, f: &Fixture) -> *mut jpki_verifier {
    let v = build(b);
    add_crl(v, &f.crl).unwrap();
    v
}

#[test]
fn build_consumes_the_builder_even_on_error() {
    // No trust anchor.
    let b = jpki_verifier_builder_new();
    let mut v = null_mut();
    // SAFETY: a live builder, consumed; a writable output.
    let r = unsafe { jpki_verifier_builder_build(b, &mut v) };
    assert_eq!(r, jpki_result::NoTrustAnchors);
    assert!(v.is_null());
    // A NULL output: the builder is consumed all the same.
    let b = jpki_verifier_builder_new();
    // SAFETY: a live builder, consumed.
    let r = unsafe { jpki_verifier_builder_build(b, null_mut()) };
    assert_eq!(r, jpki_result::NullParameter);
    // An unused builder is freed; NULL is a no-op.
    // SAFETY: a live builder, then NULL.
    unsafe {
        jpki_verifier_builder_free(jpki_verifier_builder_new());
        jpki_verifier_builder_free(null_mut());
        jpki_verifier_free(null_mut());
        jpki_verdict_free(null_mut());
    }
}

#[test]
fn bad_certificates_leave_the_builder_unchanged() {
    let f = fixture();
    let b = jpki_verifier_builder_new();
    for (bytes, code) in [
        (&b"not a certificate"[..], jpki_result::Decode),
        (b"", jpki_result::Decode),
        (
            b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
            jpki_result::Pem,
        ),
    ] {
        // SAFETY: a live builder; the bytes outlive the call.
        unsafe {
            let r = jpki_verifier_builder_add_trust_anchors(b, bytes.as_ptr(), bytes.len());
            assert!(r.code_is_core(), "{r:?}");
            assert_eq!(r, code, "{:?}", String::from_utf8_lossy(bytes));
            let r = jpki_verifier_builder_add_intermediates(b, bytes.as_ptr(), bytes.len());
            assert_eq!(r, code);
        }
    }
    // Still no anchor.
    let mut v = null_mut();
    // SAFETY: a live builder, consumed; a writable output.
    let r = unsafe { jpki_verifier_builder_build(b, &mut v) };
    assert_eq!(r, jpki_result::NoTrustAnchors);
    // Intermediates are not trusted on their own.
    let b = jpki_verifier_builder_new();
    let pem = f.trust_pem.as_bytes();
    // SAFETY: a live builder; the PEM outlives the call.
    let r = unsafe { jpki_verifier_builder_add_intermediates(b, pem.as_ptr(), pem.len()) };
    assert_eq!(r, jpki_result::Ok);
    // SAFETY: as above.
    let r = unsafe { jpki_verifier_builder_build(b, &mut v) };
    assert_eq!(r, jpki_result::NoTrustAnchors);
    // A DER certificate is an anchor as well as a PEM bundle.
    let b = jpki_verifier_builder_new();
    let root = f.authority.trust_anchors()[0].der().to_vec();
    // SAFETY: a live builder; the DER outlives the call.
    let r = unsafe { jpki_verifier_builder_add_trust_anchors(b, root.as_ptr(), root.len()) };
    assert_eq!(r, jpki_result::Ok);
    free_verifier(build(b));
}

#[test]
fn unknown_enum_values_and_times_are_invalid_arguments() {
    let f = fixture();
    let b = builder(&f);
    // SAFETY: a live builder.
    unsafe {
        for bad in [0, 4, 99, u32::MAX] {
            assert_eq!(
                jpki_verifier_builder_set_revocation_mode(b, bad),
                jpki_result::InvalidArgument
            );
            assert_eq!(
                jpki_verifier_builder_set_signer_usage(b, bad),
                jpki_result::InvalidArgument
            );
        }
        for bad in [0, 3, 99, u32::MAX] {
            assert_eq!(
                jpki_verifier_builder_set_revocation_order(b, bad),
                jpki_result::InvalidArgument
            );
        }
        for bad in [0, 5, 99, u32::MAX] {
            assert_eq!(
                jpki_verifier_builder_set_signing_policies(b, bad),
                jpki_result::InvalidArgument
            );
            assert_eq!(
                jpki_verifier_builder_set_authentication_policies(b, bad),
                jpki_result::InvalidArgument
            );
        }
    }
    // The failed setters changed nothing: the defaults verify.
    let v = build(b);
    add_crl(v, &f.crl).unwrap();
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    assert!(verdict.is_valid());
    let cert = verdict.signer();
    let mut out = null_mut();
    for usage in [0, 4, 1000] {
        // SAFETY: live verifier and certificate, writable output.
        let r = unsafe { jpki_verifier_verify_certificate(v, cert, usage, T0, &mut out) };
        assert_eq!(r, jpki_result::InvalidArgument);
        assert!(out.is_null());
    }
    for which in [0, 5, u32::MAX] {
        let (mut result, mut error, mut len) = (Passed, jpki_result::Ok, 7);
        // SAFETY: a live verdict, writable outputs.
        unsafe {
            assert_eq!(
                jpki_verdict_check(verdict.0, which, &mut result, &mut error),
                jpki_result::InvalidArgument
            );
            assert_eq!(
                jpki_verdict_check_message(verdict.0, which, null_mut(), 0, &mut len),
                jpki_result::InvalidArgument
            );
        }
        // Outputs are written only on success.
        assert_eq!((result, error, len), (Passed, jpki_result::Ok, 7));
    }
    // Times before 1970 or after 9999-12-31T23:59:59Z.
    for at in [-1, i64::MIN, 253_402_300_800, i64::MAX] {
        let mut out = null_mut();
        // SAFETY: live handles, byte views valid for the call, writable output.
        unsafe {
            let r = jpki_verifier_verify(
                v,
                f.signature.as_ptr(),
                f.signature.len(),
                FORM.as_ptr(),
                FORM.len(),
                null(),
                at,
                &mut out,
            );
            assert_eq!(r, jpki_result::InvalidArgument, "{at}");
            let r = jpki_verifier_verify_certificate(v, cert, jpki_usage::Any as u32, at, &mut out);
            assert_eq!(r, jpki_result::InvalidArgument, "{at}");
        }
        assert!(out.is_null());
    }
    // The ends of the range are accepted.
    for at in [0, 253_402_300_799] {
        let verdict = verify(v, &f.signature, Some(FORM), at);
        assert_eq!(
            verdict.check(CERTIFICATE).1,
            if at == 0 {
                jpki_result::CertificateNotYetValid
            } else {
                jpki_result::CertificateExpired
            }
        );
    }
    release_certificate(cert);
    free_verifier(v);
}

#[test]
fn null_arguments_are_refused() {
    use jpki_result::NullParameter as NULL;
    let f = fixture();
    let v = verifier(&f);
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    let cert = verdict.signer();
    let vd = verdict.0;
    let (sig, sig_len) = (f.signature.as_ptr(), f.signature.len());
    let (crl, crl_len) = (f.crl.as_ptr(), f.crl.len());
    let pem = f.trust_pem.as_bytes();
    let b = jpki_verifier_builder_new();
    let mut out_v = null_mut();
    let mut out_vd = null_mut();
    let mut out_cert = null_mut();
    let (mut result, mut error, mut status, mut change, mut len) = (
        Passed,
        jpki_result::Ok,
        jpki_revocation_status::Good,
        jpki_crl_change::Added,
        0usize,
    );
    let mut buf = [0u8; 16];
    // SAFETY: every non-NULL argument is live or valid for the call; NULL ones
    // are refused before any use.
    unsafe {
        // Builder: a NULL builder.
        let nb = null_mut();
        assert_eq!(
            jpki_verifier_builder_add_trust_anchors(nb, pem.as_ptr(), pem.len()),
            NULL
        );
        assert_eq!(
            jpki_verifier_builder_add_intermediates(nb, pem.as_ptr(), pem.len()),
            NULL
        );
        assert_eq!(jpki_verifier_builder_set_revocation_mode(nb, 1), NULL);
        assert_eq!(jpki_verifier_builder_set_revocation_order(nb, 1), NULL);
        assert_eq!(jpki_verifier_builder_set_max_crl_age(nb, 1, true), NULL);
        assert_eq!(jpki_verifier_builder_set_ocsp_clock_skew(nb, 1), NULL);
        assert_eq!(jpki_verifier_builder_set_signer_usage(nb, 1), NULL);
        assert_eq!(jpki_verifier_builder_allow_legacy_sha1(nb, true), NULL);
        assert_eq!(jpki_verifier_builder_set_signing_policies(nb, 1), NULL);
        assert_eq!(
            jpki_verifier_builder_set_authentication_policies(nb, 1),
            NULL
        );
        assert_eq!(jpki_verifier_builder_set_max_depth(nb, 1), NULL);
        assert_eq!(jpki_verifier_builder_set_budget(nb, 1), NULL);
        assert_eq!(jpki_verifier_builder_build(nb, &mut out_v), NULL);
        assert!(out_v.is_null());
        // Builder: NULL data with a length (NULL with length 0 is empty data).
        assert_eq!(jpki_verifier_builder_add_trust_anchors(b, null(), 10), NULL);
        assert_eq!(jpki_verifier_builder_add_intermediates(b, null(), 10), NULL);
        assert_eq!(
            jpki_verifier_builder_add_trust_anchors(b, null(), 0),
            jpki_result::Decode
        );
        jpki_verifier_builder_free(b);

        // Verifier.
        let nv = null();
        assert_eq!(jpki_verifier_add_crl(nv, crl, crl_len, &mut change), NULL);
        assert_eq!(jpki_verifier_add_crl(v, null(), crl_len, &mut change), NULL);
        assert_eq!(jpki_verifier_add_ocsp_response(nv, crl, crl_len), NULL);
        assert_eq!(jpki_verifier_add_ocsp_response(v, null(), 5), NULL);
        assert_eq!(jpki_verifier_clear_ocsp_responses(nv), NULL);
        let (form, form_len) = (FORM.as_ptr(), FORM.len());
        let app = null();
        let at = T0 + 60;
        assert_eq!(
            jpki_verifier_verify(nv, sig, sig_len, form, form_len, app, at, &mut out_vd),
            NULL
        );
        assert_eq!(
            jpki_verifier_verify(v, null(), sig_len, form, form_len, app, at, &mut out_vd),
            NULL
        );
        assert_eq!(
            jpki_verifier_verify(v, sig, sig_len, null(), form_len, app, at, &mut out_vd),
            NULL
        );
        assert_eq!(
            jpki_verifier_verify(v, sig, sig_len, form, form_len, app, at, null_mut()),
            NULL
        );
        assert!(out_vd.is_null());
        let any = jpki_usage::Any as u32;
        assert_eq!(
            jpki_verifier_verify_certificate(nv, cert, any, at, &mut out_vd),
            NULL
        );
        assert_eq!(
            jpki_verifier_verify_certificate(v, null(), any, at, &mut out_vd),
            NULL
        );
        assert_eq!(
            jpki_verifier_verify_certificate(v, cert, any, at, null_mut()),
            NULL
        );
        assert!(out_vd.is_null());

        // Verdict.
        let nvd = null();
        assert!(!jpki_verdict_is_valid(nvd));
        let sc = jpki_check::Signature as u32;
        assert_eq!(jpki_verdict_check(nvd, sc, &mut result, &mut error), NULL);
        assert_eq!(jpki_verdict_check(vd, sc, null_mut(), &mut error), NULL);
        assert_eq!(jpki_verdict_check(vd, sc, &mut result, null_mut()), NULL);
        let bp = buf.as_mut_ptr();
        assert_eq!(jpki_verdict_check_message(nvd, sc, bp, 16, &mut len), NULL);
        assert_eq!(jpki_verdict_check_message(vd, sc, bp, 16, null_mut()), NULL);
        assert_eq!(jpki_verdict_error(nvd, &mut error), NULL);
        assert_eq!(jpki_verdict_error(vd, null_mut()), NULL);
        assert_eq!(jpki_verdict_json(nvd, bp, 16, &mut len), NULL);
        assert_eq!(jpki_verdict_json(vd, bp, 16, null_mut()), NULL);
        // A NULL buffer with a capacity big enough is still NULL.
        assert_eq!(jpki_verdict_json(vd, null_mut(), 1 << 20, &mut len), NULL);
        assert_eq!(jpki_verdict_signer(nvd, &mut out_cert), NULL);
        assert_eq!(jpki_verdict_signer(vd, null_mut()), NULL);
        assert_eq!(jpki_verdict_claimed_signer(nvd, &mut out_cert), NULL);
        assert_eq!(jpki_verdict_claimed_signer(vd, null_mut()), NULL);
        assert!(out_cert.is_null());
        assert_eq!(jpki_verdict_revocation_status(nvd, &mut status), NULL);
        assert_eq!(jpki_verdict_revocation_status(vd, null_mut()), NULL);
    }
    // Outputs untouched by the refused calls.
    assert_eq!(
        (result, error, status, change),
        (
            Passed,
            jpki_result::Ok,
            jpki_revocation_status::Good,
            jpki_crl_change::Added
        )
    );
    assert_eq!(buf, [0u8; 16]);
    release_certificate(cert);
    free_verifier(v);
}

#[test]
fn buffers_too_small_get_the_length_needed() {
    let f = fixture();
    let v = build(builder(&f));
    // Hard fail without revocation data: a failure with a message.
    let verdict = verify(v, &f.signature, Some(FORM), T0 + 60);
    let json = verdict.json();
    let message = verdict.message(Revocation);
    assert!(!message.is_empty());
    for (text, which) in [(json, None), (message, Some(Revocation))] {
        let needed = text.len();
        let mut buf = vec![0xAAu8; needed];
        let mut len = 0;
        // SAFETY: `buf` has `needed - 1` writable bytes (and more).
        let r = unsafe {
            match which {
                None => jpki_verdict_json(verdict.0, buf.as_mut_ptr(), needed - 1, &mut len),
                Some(c) => jpki_verdict_check_message(
                    verdict.0,
                    c as u32,
                    buf.as_mut_ptr(),
                    needed - 1,
                    &mut len,
                ),
            }
        };
        assert_eq!(r, jpki_result::BufferTooSmall);
        assert_eq!(len, needed);
        assert!(buf.iter().all(|&b| b == 0xAA), "nothing written");
        // SAFETY: `buf` has `needed` writable bytes.
        let r = unsafe {
            match which {
                None => jpki_verdict_json(verdict.0, buf.as_mut_ptr(), needed, &mut len),
                Some(c) => jpki_verdict_check_message(
                    verdict.0,
                    c as u32,
                    buf.as_mut_ptr(),
                    needed,
                    &mut len,
                ),
            }
        };
        assert_eq!(r, jpki_result::Ok);
        assert_eq!(buf, text.as_bytes());
    }
    // A check that did not fail has an empty message: no buffer needed.
    let mut len = 99;
    // SAFETY: a live verdict; no buffer.
    let r = unsafe {
        jpki_verdict_check_message(
            verdict.0,
            jpki_check::Signature as u32,
            null_mut(),
            0,
            &mut len,
        )
    };
    assert_eq!((r, len), (jpki_result::Ok, 0));
    free_verifier(v);
}

/// A verifier pointer shared by threads (`jpki_verifier` is thread-safe).
#[derive(Clone, Copy)]
struct Shared(*const jpki_verifier);
// SAFETY: the C ABI documents every `const jpki_verifier *` function as
// thread-safe (the handle is a `jpki::Verifier`, `Send + Sync`).
unsafe impl Send for Shared {}
// SAFETY: as above.
unsafe impl Sync for Shared {}

#[test]
fn threads_share_one_verifier_while_its_crl_is_replaced() {
    let mut f = fixture();
    let v = verifier(&f);
    let shared = Shared(v);
    // Every CRL the main thread adds is current at `at` and lists nothing.
    let at = T0 + 3600;
    let crls: Vec<Vec<u8>> = (1..=20).map(|i| partition_crl(&mut f, T0 + i)).collect();
    let signature = f.signature.clone();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let signature = &signature;
                s.spawn(move || {
                    let shared = shared;
                    for _ in 0..50 {
                        let verdict = verify(shared.0, signature, Some(FORM), at);
                        assert!(verdict.is_valid(), "{}", verdict.json());
                        assert_eq!(verdict.revocation_status(), jpki_revocation_status::Good);
                    }
                })
            })
            .collect();
        for crl in &crls {
            assert_eq!(add_crl(shared.0, crl), Ok(jpki_crl_change::Replaced));
        }
        for w in workers {
            w.join().unwrap();
        }
    });
    // After the move, every thread sees the revocation.
    f.authority
        .apply_event(f.cert.serial(), Event::Move, time(T0 + 100))
        .unwrap();
    let revoking = partition_crl(&mut f, T0 + 100);
    assert_eq!(add_crl(v, &revoking), Ok(jpki_crl_change::Replaced));
    std::thread::scope(|s| {
        for _ in 0..4 {
            let signature = &f.signature;
            s.spawn(move || {
                let shared = shared;
                let verdict = verify(shared.0, signature, Some(FORM), at);
                assert_eq!(
                    verdict.check(Revocation),
                    (Failed, jpki_result::CertificateRevoked)
                );
            });
        }
    });
    free_verifier(v);
}

/// The files the C tests read (written by `examples/ffi_fixtures.rs`, which the
/// C harness runs first) verify through the C ABI as the C test expects.
#[test]
fn the_c_fixtures_verify() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ffi-verifier-fixtures");
    ffi_fixtures::write_fixtures(&dir).unwrap();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let at: i64 = String::from_utf8(read("at.txt")).unwrap().parse().unwrap();
    let b = jpki_verifier_builder_new();
    let trust = read("trust.pem");
    // SAFETY: a live builder; the PEM outlives the call.
    let r = unsafe { jpki_verifier_builder_add_trust_anchors(b, trust.as_ptr(), trust.len()) };
    assert_eq!(r, jpki_result::Ok);
    let v = build(b);
    assert_eq!(
        add_crl(v, &read("partition.crl")),
        Ok(jpki_crl_change::Added)
    );
    let verdict = verify(v, &read("form.p7s"), Some(&read("form.txt")), at);
    assert!(verdict.is_valid(), "{}", verdict.json());
    let cert = verdict.signer();
    let report = verify_certificate(v, cert, jpki_usage::Signing, at);
    assert!(report.json().starts_with(r#"{"valid":true"#));
    release_certificate(cert);
    // The next CRL, after the move, revokes the signer (the Java example's
    // revoked case).
    let revoked_at: i64 = String::from_utf8(read("at_revoked.txt"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(revoked_at > at);
    assert_eq!(
        add_crl(v, &read("revoked.crl")),
        Ok(jpki_crl_change::Replaced)
    );
    let revoked = verify(v, &read("form.p7s"), Some(&read("form.txt")), revoked_at);
    assert!(!revoked.is_valid(), "{}", revoked.json());
    assert_eq!(revoked.error(), jpki_result::CertificateRevoked);
    free_verifier(v);

    // signer.der and signer_ca.der, and the OCSP response to the request C makes
    // about them with the fixed nonce: good at `at`.
    let signer = Certificate::from_der(&read("signer.der")).unwrap();
    let ca = Certificate::from_der(&read("signer_ca.der")).unwrap();
    assert!(signer.der() != ca.der());
    let request = jpki::revocation::ocsp::OcspRequest::new(
        &signer,
        &ca,
        jpki::crypto::HashAlgorithm::Sha1,
        Some(ffi_fixtures::OCSP_NONCE.to_vec()),
    )
    .unwrap();
    let answer = jpki::revocation::ocsp::verify_response(
        &read("ocsp.der"),
        &request,
        &ca,
        &jpki::revocation::ocsp::OcspCheck::new(Time::from_unix_seconds(at.try_into().unwrap())),
    )
    .unwrap();
    assert_eq!(answer.status, jpki::revocation::ocsp::OcspCertStatus::Good);
}
