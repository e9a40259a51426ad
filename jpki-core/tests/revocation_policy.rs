//! The revocation policy, applied by a [`Verifier`] to a validated path: CRL and
//! OCSP sources, their order, freshness, partitions, `unknown`, hard and soft
//! fail, an online fetcher, CRLs the verifier cannot verify, and CRLs replaced
//! while verifications run on many threads.
//! Fail closed: nothing stale, foreign or unknown is ever "good".

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use jpki::cms::{SignOptions, sign};
use jpki::crypto::HashAlgorithm;
use jpki::revocation::ocsp::OcspRequest;
use jpki::revocation::{
    OcspFetcher, RevocationMode, RevocationReason, RevocationStatus, Source, SourceOrder,
};
use jpki::sim::{
    Authority, AuthorityOptions, CrlBuilder, CrlScope, Event, Purpose, RegisterRecord, SimKey,
    SoftwareSigner, crl_partition_dn,
};
use jpki::{
    Applicant, Certificate, CertificateVerdict, Check, CrlChange, Date, Error, RevocationPolicy,
    Serial, Sex, Time, Usage, Verdict, Verifier,
};

const DAY: u64 = 86_400;

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn record(name: &str, address: &str) -> RegisterRecord {
    RegisterRecord {
        name: name.into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: address.into(),
        prefecture: None,
        municipality: None,
    }
}

const TOKYO: (&str, &str) = ("吉田 太郎", "東京都千代田区霞が関2丁目1番2号");

struct Setup {
    authority: Authority,
    /// The resident's key, certified by `cert` and `other_partition`.
    key: SimKey,
    cert: Certificate,
    other_partition: Certificate,
    anchors: Vec<Certificate>,
}

fn setup() -> Setup {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let key = SimKey::generate(2048).unwrap();
    let spki = key.public_key_der().unwrap();
    let cert = authority
        .issue(&record(TOKYO.0, TOKYO.1), &spki, Purpose::Signing, at())
        .unwrap();
    let other_partition = authority
        .issue(
            &record("大阪 花子", "大阪府大阪市北区中之島1-3-20"),
            &spki,
            Purpose::Signing,
            at(),
        )
        .unwrap();
    let anchors = authority.trust_anchors().into_iter().cloned().collect();
    Setup {
        authority,
        key,
        cert,
        other_partition,
        anchors,
    }
}

fn crl(s: &mut Setup, cert: &Certificate, when: Time) -> Vec<u8> {
    let issued = s.authority.find_issued(cert.serial()).unwrap().clone();
    let (pref, muni) = issued.partition();
    s.authority
        .crl(
            Purpose::Signing,
            issued.generation(),
            (pref, muni),
            when,
            DAY,
        )
        .unwrap()
}

fn ocsp(s: &Setup, cert: &Certificate, when: Time) -> Vec<u8> {
    let issuer = s
        .anchors
        .iter()
        .find(|a| cert.issuer_match(a).is_some())
        .unwrap();
    let request = OcspRequest::new(cert, issuer, HashAlgorithm::Sha1, None).unwrap();
    s.authority.ocsp_respond(request.der(), when)
}

/// A verifier trusting every CA generation, with `policy`, holding `crls` and
/// the OCSP `responses`.
fn verifier(
    s: &Setup,
    policy: RevocationPolicy,
    crls: &[Vec<u8>],
    responses: &[Vec<u8>],
) -> Verifier {
    let v = Verifier::builder()
        .trust_anchors(s.anchors.iter().cloned())
        .revocation(policy)
        .build()
        .unwrap();
    for der in crls {
        assert_eq!(v.add_crl(der).unwrap(), CrlChange::Added);
    }
    for der in responses {
        v.add_ocsp_response(der).unwrap();
    }
    v
}

/// The verdict on `cert` for `usage` at `when`; its path must
/// validate (only revocation is under test here).
fn check(v: &Verifier, cert: &Certificate, usage: Usage, when: Time) -> CertificateVerdict {
    let verdict = v.verify_certificate(cert, usage, when);
    assert!(verdict.certificate.passed(), "{:?}", verdict.certificate);
    assert!(verdict.path.is_some());
    verdict
}

/// The status of the only certificate checked: the end entity.
fn status(verdict: &CertificateVerdict) -> RevocationStatus {
    assert_eq!(
        verdict.revocation_certificates.len(),
        1,
        "the anchor is not checked"
    );
    assert_eq!(
        &verdict.revocation_certificates[0].0,
        verdict.subject.serial()
    );
    verdict.revocation_certificates[0].1.clone()
}

/// The revocation error of a verdict whose path validated.
fn revocation_error(verdict: &CertificateVerdict) -> Error {
    assert!(!verdict.is_valid());
    assert_eq!(verdict.revocation_status, RevocationStatus::Unchecked);
    match &verdict.revocation {
        Check::Failed(e) => {
            assert_eq!(verdict.error(), Some(e));
            e.clone()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_current_partition_crl_says_good_then_revoked_after_a_move() {
    let mut s = setup();
    let cert = s.cert.clone();
    let crls = [crl(&mut s, &cert, at())];
    let v = verifier(&s, RevocationPolicy::default(), &crls, &[]);
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert_eq!(
        status(&verdict),
        RevocationStatus::Good {
            source: Source::Crl
        }
    );
    assert_eq!(verdict.revocation, Check::Passed);
    assert_eq!(verdict.revocation_status, status(&verdict));
    assert!(verdict.error().is_none());
    assert!(verdict.is_valid());

    let moved = at().add_seconds(3600);
    s.authority
        .apply_event(cert.serial(), Event::Move, moved)
        .unwrap();
    let later = moved.add_seconds(60);
    // The newer CRL of the same partition replaces the first one in place.
    assert_eq!(
        v.add_crl(&crl(&mut s, &cert, later)).unwrap(),
        CrlChange::Replaced
    );
    assert_eq!(v.crl_count(), 1);
    let verdict = check(&v, &cert, Usage::Signing, later);
    match status(&verdict) {
        RevocationStatus::Revoked {
            serial,
            at: when,
            reason,
            source,
        } => {
            assert_eq!(&serial, cert.serial());
            assert_eq!(when, moved);
            assert_eq!(reason, Some(RevocationReason::AffiliationChanged));
            assert_eq!(source, Source::Crl);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(verdict.revocation_status, status(&verdict));
    assert_eq!(
        verdict.revocation,
        Check::Failed(Error::CertificateRevoked {
            serial: cert.serial().clone(),
            at: moved,
            reason: Some(RevocationReason::AffiliationChanged),
        })
    );
    assert!(!verdict.is_valid());
    // The older CRL no longer replaces the newer one.
    let older = crl(&mut s, &cert, at());
    assert_eq!(v.add_crl(&older).unwrap(), CrlChange::KeptNewer);
    let verdict = check(&v, &cert, Usage::Signing, later);
    assert!(matches!(status(&verdict), RevocationStatus::Revoked { .. }));
}

#[test]
fn stale_foreign_or_missing_data_is_never_good() {
    let mut s = setup();
    let cert = s.cert.clone();
    let other = s.other_partition.clone();
    let hard = RevocationPolicy::default();
    let unavailable = |causes: Vec<Error>| Error::RevocationUnavailable {
        serial: cert.serial().clone(),
        causes,
    };
    // Nothing supplied.
    let v = verifier(&s, hard, &[], &[]);
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert_eq!(revocation_error(&verdict), unavailable(Vec::new()));
    // A CRL past its nextUpdate.
    let crls = [crl(&mut s, &cert, at())];
    let stale = at().add_seconds(DAY + 1);
    let v = verifier(&s, hard, &crls, &[]);
    let verdict = check(&v, &cert, Usage::Signing, stale);
    assert_eq!(
        revocation_error(&verdict),
        unavailable(vec![Error::CrlNotCurrent {
            this_update: at(),
            next_update: Some(at().add_seconds(DAY)),
            at: stale,
        }])
    );
    // A CRL older than the policy's maximum age.
    let strict = RevocationPolicy::default().with_max_crl_age(Some(600));
    let later = at().add_seconds(3600);
    let v = verifier(&s, strict, &crls, &[]);
    let verdict = check(&v, &cert, Usage::Signing, later);
    assert_eq!(
        revocation_error(&verdict),
        unavailable(vec![Error::CrlNotCurrent {
            this_update: at(),
            next_update: Some(at().add_seconds(DAY)),
            at: later,
        }])
    );
    // The CRL of another municipality (wrong partition).
    let osaka = [crl(&mut s, &other, at())];
    let v = verifier(&s, hard, &osaka, &[]);
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert!(
        matches!(revocation_error(&verdict), Error::RevocationUnavailable { serial, .. }
            if serial == *cert.serial()),
        "{verdict:?}"
    );
    // An OCSP response for another certificate.
    let foreign = [ocsp(&s, &other, at())];
    let v = verifier(&s, hard, &[], &foreign);
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert!(
        matches!(revocation_error(&verdict), Error::RevocationUnavailable { serial, .. }
            if serial == *cert.serial()),
        "{verdict:?}"
    );
    // Soft fail: accepted, and visible.
    let soft = RevocationPolicy::default().with_mode(RevocationMode::SoftFail);
    let v = verifier(&s, soft, &osaka, &foreign);
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert!(matches!(
        status(&verdict),
        RevocationStatus::SoftFailed { serial, .. } if serial == *cert.serial()
    ));
    assert_eq!(verdict.revocation_status.as_str(), "soft_failed");
    assert_eq!(verdict.revocation, Check::Passed);
    assert!(verdict.is_valid());
}

#[test]
fn a_crl_the_verifier_cannot_verify_is_refused_when_added() {
    let mut s = setup();
    let cert = s.cert.clone();
    let tokyo = crl(&mut s, &cert, at());
    // A CRL of the authentication hierarchy.
    let auth = s
        .authority
        .generations_of(Purpose::Authentication)
        .last()
        .unwrap();
    let (auth_root, auth_generation) = (auth.certificate().clone(), auth.index());
    let issued = s.authority.find_issued(cert.serial()).unwrap().clone();
    let auth_crl = s
        .authority
        .crl(
            Purpose::Authentication,
            auth_generation,
            issued.partition(),
            at(),
            DAY,
        )
        .unwrap();
    // A verifier trusting the signing hierarchy's newest generation only.
    let signing: Vec<&Certificate> = s
        .authority
        .generations_of(Purpose::Signing)
        .map(|g| g.certificate())
        .collect();
    let newest = (*signing.last().unwrap()).clone();
    let v = Verifier::builder()
        .trust_anchor(newest.clone())
        .build()
        .unwrap();
    assert_eq!(v.add_crl(&tokyo).unwrap(), CrlChange::Added);

    // The authentication CRL: no CA of the verifier has its issuer's name.
    assert_eq!(
        v.add_crl(&auth_crl).unwrap_err(),
        Error::IssuerNotFound {
            subject: auth_root.subject().to_string(),
            key_id: auth_root.subject_key_id().map(<[u8]>::to_vec),
        }
    );
    // Not even as PEM.
    let pem = jpki::pem::encode("X509 CRL", &auth_crl);
    assert!(matches!(
        v.add_crl(pem.as_bytes()).unwrap_err(),
        Error::IssuerNotFound { .. }
    ));

    // A CRL of an older generation: the same name, another key.
    if signing.len() > 1 {
        let old = signing[0];
        assert_eq!(old.subject(), newest.subject());
        let old_crl = CrlBuilder::new(old, at())
            .next_update(at().add_seconds(DAY))
            .sign(
                s.authority
                    .generations_of(Purpose::Signing)
                    .next()
                    .unwrap()
                    .key(),
            )
            .unwrap();
        assert_eq!(
            v.add_crl(&old_crl).unwrap_err(),
            Error::CrlKeyIdMismatch {
                crl_key_id: old.subject_key_id().unwrap().to_vec(),
                subject_key_id: newest.subject_key_id().map(<[u8]>::to_vec),
            }
        );
    }
    // Nothing refused was kept.
    assert_eq!(v.crl_count(), 1);
}

#[test]
fn ocsp_answers_and_the_order_of_sources() {
    let mut s = setup();
    let cert = s.cert.clone();
    let good_response = [ocsp(&s, &cert, at())];
    let old_crl = [crl(&mut s, &cert, at())];
    let v = verifier(&s, RevocationPolicy::default(), &[], &good_response);
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert_eq!(
        status(&verdict),
        RevocationStatus::Good {
            source: Source::Ocsp
        }
    );
    assert!(verdict.is_valid());

    // Revoked a minute later: OCSP (fresh) says revoked, the CRL (from before) good.
    let when = at().add_seconds(60);
    s.authority
        .apply_event(cert.serial(), Event::KeyCompromise, when)
        .unwrap();
    let later = when.add_seconds(60);
    let revoked_response = [ocsp(&s, &cert, later)];
    let policy = RevocationPolicy::default();
    let v = verifier(&s, policy, &old_crl, &revoked_response);
    let verdict = check(&v, &cert, Usage::Signing, later);
    assert!(matches!(
        status(&verdict),
        RevocationStatus::Revoked {
            source: Source::Ocsp,
            reason: Some(RevocationReason::KeyCompromise),
            ..
        }
    ));
    assert!(!verdict.is_valid());
    let v = verifier(
        &s,
        policy.with_order(SourceOrder::CrlFirst),
        &old_crl,
        &revoked_response,
    );
    // Asked first, the older CRL says good; but the OCSP response at hand
    // records the revocation, and a revocation any supplied data records wins.
    let verdict = check(&v, &cert, Usage::Signing, later);
    assert!(matches!(
        status(&verdict),
        RevocationStatus::Revoked {
            source: Source::Ocsp,
            ..
        }
    ));
    assert!(!verdict.is_valid());
    // With nothing else at hand the first answer decides.
    let v = verifier(&s, policy.with_order(SourceOrder::CrlFirst), &old_crl, &[]);
    let verdict = check(&v, &cert, Usage::Signing, later);
    assert_eq!(
        status(&verdict),
        RevocationStatus::Good {
            source: Source::Crl
        }
    );
}

#[test]
fn an_unknown_answer_is_not_good() {
    let s = setup();
    // A certificate the CA key signed but the authority never recorded: its
    // responder answers unknown.
    let generation = s.authority.generations_of(Purpose::Signing).last().unwrap();
    let key = SimKey::generate(2048).unwrap();
    let stray = jpki::sim::CertificateBuilder::new(
        Serial::from_u64(0x7fff_0001),
        s.cert.issuer().der().to_vec(),
        jpki::sim::dn_der(&[("C", "JP"), ("CN", "stray")]).unwrap(),
        at(),
        at().add_seconds(DAY * 30),
        key.public_key_der().unwrap(),
    )
    .extension(
        "2.5.29.35".parse().unwrap(),
        false,
        // AKI: keyIdentifier only.
        [
            &[0x30, 0x16, 0x80, 0x14][..],
            generation.certificate().subject_key_id().unwrap(),
        ]
        .concat(),
    )
    .sign(generation.key())
    .unwrap();
    let response = [ocsp(&s, &stray, at())];
    let v = verifier(&s, RevocationPolicy::default(), &[], &response);
    // No keyUsage, no policy: any end entity (only revocation is under test).
    let verdict = check(&v, &stray, Usage::Any, at());
    assert_eq!(
        revocation_error(&verdict),
        Error::RevocationUnavailable {
            serial: stray.serial().clone(),
            causes: vec![Error::OcspStatusUnknown {
                serial: stray.serial().clone()
            }],
        }
    );
}

/// Answers from the simulated responder, counting requests and sending a nonce.
struct Responder {
    authority: Arc<Authority>,
    at: Time,
    calls: AtomicU32,
}

impl OcspFetcher for Responder {
    fn fetch(&self, url: &str, request_der: &[u8]) -> Result<Vec<u8>, Error> {
        assert!(url.starts_with("http://127.0.0.1"), "{url}");
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(self.authority.ocsp_respond(request_der, self.at))
    }

    fn nonce(&self) -> Option<Vec<u8>> {
        Some(vec![0x5a; 16])
    }
}

#[test]
fn an_online_fetcher_is_asked_when_nothing_supplied_answers() {
    let Setup {
        authority,
        cert,
        anchors,
        ..
    } = setup();
    let fetcher = Arc::new(Responder {
        authority: Arc::new(authority),
        at: at(),
        calls: AtomicU32::new(0),
    });
    let v = Verifier::builder()
        .trust_anchors(anchors)
        .ocsp_fetcher(fetcher.clone())
        .build()
        .unwrap();
    let verdict = check(&v, &cert, Usage::Signing, at());
    assert_eq!(
        status(&verdict),
        RevocationStatus::Good {
            source: Source::Ocsp
        }
    );
    assert!(verdict.is_valid());
    assert_eq!(fetcher.calls.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------
// One verifier, many threads, a CRL replaced under them.

const THREADS: usize = 8;
/// The most CRLs the main thread installs (each one second newer than the last).
const MAX_CRLS: u64 = 2_000;
/// The fewest, once both verdicts have been seen.
const MIN_CRLS: u64 = 20;
/// Verifications each thread runs once the last CRL is in.
const AFTER_LAST: usize = 5;

#[test]
fn a_verifier_shared_by_8_threads_gives_the_verdict_of_the_crl_each_verification_saw() {
    let s = setup();
    let cert = s.cert.clone();
    let issued = s.authority.find_issued(cert.serial()).unwrap().clone();
    let generation = s
        .authority
        .generations_of(Purpose::Signing)
        .find(|g| cert.issuer_match(g.certificate()).is_some())
        .unwrap();
    let (pref, muni) = issued.partition();
    let idp = crl_partition_dn(Purpose::Signing, pref, muni).unwrap();
    let revoked_at = at().add_seconds(60);
    // CRL number `n` of the resident's partition, issued `n` seconds after the
    // revocation: A (the resident not listed) or B (listed).
    let make = |n: u64, revoked: bool| {
        let this_update = revoked_at.add_seconds(60 + n);
        let mut builder = CrlBuilder::new(generation.certificate(), this_update)
            .next_update(this_update.add_seconds(DAY))
            .crl_number(Serial::from_u64(n + 1))
            .issuing_distribution_point(idp.clone(), CrlScope::UserCerts);
        if revoked {
            builder = builder.revoke(
                cert.serial().clone(),
                revoked_at,
                Some(RevocationReason::KeyCompromise),
                None,
            );
        }
        builder.sign(generation.key()).unwrap()
    };
    // Every CRL is current then.
    let when = revoked_at.add_seconds(60 + MAX_CRLS);

    let mut signer = SoftwareSigner::new(s.key.clone(), cert.clone()).unwrap();
    let content = "転出届: 吉田 太郎\r\n".as_bytes();
    let signed = sign(
        content,
        &mut signer,
        &SignOptions::default()
            .with_detached(true)
            .with_signing_time(Some(at())),
    )
    .unwrap();
    let applicant = Applicant::new()
        .with_name(TOKYO.0)
        .with_birth_date(Date::parse_iso("1950-04-01").unwrap())
        .with_sex(Sex::Male)
        .with_address(TOKYO.1);
    let build = || {
        Verifier::builder()
            .trust_anchors(s.anchors.iter().cloned())
            .revocation(RevocationPolicy::default().with_order(SourceOrder::CrlFirst))
            .build()
            .unwrap()
    };
    let verify = |v: &Verifier| v.verify(&signed, Some(content), Some(&applicant), when);

    // The two verdicts, each from a verifier holding one CRL only.
    let under = |crl: &[u8]| -> Verdict {
        let v = build();
        assert_eq!(v.add_crl(crl).unwrap(), CrlChange::Added);
        verify(&v)
    };
    let good = under(&make(0, false));
    assert!(good.is_valid(), "{:?}", good.error());
    assert_eq!(
        good.revocation_status,
        RevocationStatus::Good {
            source: Source::Crl
        }
    );
    let revoked = under(&make(0, true));
    assert!(revoked.signature.passed() && revoked.certificate.passed());
    assert!(revoked.personal_info.passed());
    assert_eq!(
        revoked.revocation,
        Check::Failed(Error::CertificateRevoked {
            serial: cert.serial().clone(),
            at: revoked_at,
            reason: Some(RevocationReason::KeyCompromise),
        })
    );
    assert!(matches!(
        revoked.revocation_status,
        RevocationStatus::Revoked {
            source: Source::Crl,
            ..
        }
    ));
    assert!(!revoked.is_valid());

    // The shared verifier starts with CRL 0 (A). CRL n is B for odd n, A for
    // even n. `state` is 2n while CRL n is held, 2n - 1 while it is being added.
    let verifier = build();
    assert_eq!(verifier.add_crl(&make(0, false)).unwrap(), CrlChange::Added);
    let state = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    let failed = AtomicBool::new(false);
    let seen_good = AtomicUsize::new(0);
    let seen_revoked = AtomicUsize::new(0);
    let start = Barrier::new(THREADS + 1);
    let mut last = 0;
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                start.wait();
                let mut after_last = 0;
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    let before = state.load(Ordering::SeqCst);
                    let verdict = verify(&verifier);
                    let after = state.load(Ordering::SeqCst);
                    let is_good = verdict == good;
                    let is_revoked = verdict == revoked;
                    // One CRL held throughout: the verdict is that CRL's.
                    let held = (before == after && before.is_multiple_of(2)).then_some(before / 2);
                    let expected_revoked = held.map(|n| n % 2 == 1);
                    let correct = match expected_revoked {
                        Some(true) => is_revoked,
                        Some(false) => is_good,
                        None => is_good || is_revoked,
                    } && (!finished || is_revoked);
                    if !correct {
                        failed.store(true, Ordering::SeqCst);
                        panic!(
                            "CRL held {held:?} (finished: {finished}), verdict {:?} / {:?}",
                            verdict.revocation, verdict.revocation_status
                        );
                    }
                    if is_good {
                        seen_good.fetch_add(1, Ordering::SeqCst);
                    } else {
                        seen_revoked.fetch_add(1, Ordering::SeqCst);
                    }
                    if finished {
                        after_last += 1;
                        if after_last == AFTER_LAST {
                            break;
                        }
                    }
                }
            });
        }
        start.wait();
        let deadline = Instant::now() + Duration::from_secs(30);
        let install = |n: u64| {
            let crl = make(n, n % 2 == 1);
            state.store(2 * n - 1, Ordering::SeqCst);
            assert_eq!(verifier.add_crl(&crl).unwrap(), CrlChange::Replaced);
            state.store(2 * n, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(2));
        };
        let mut n = 0;
        loop {
            // B, then (unless it was the last) A again: the last one is B.
            n += 1;
            install(n);
            let both_seen =
                seen_good.load(Ordering::SeqCst) > 0 && seen_revoked.load(Ordering::SeqCst) > 0;
            if (both_seen && n >= MIN_CRLS)
                || n + 2 > MAX_CRLS
                || Instant::now() > deadline
                || failed.load(Ordering::SeqCst)
            {
                break;
            }
            n += 1;
            install(n);
        }
        last = n;
        done.store(true, Ordering::SeqCst);
    });
    assert!(!failed.load(Ordering::SeqCst));
    assert_eq!(last % 2, 1, "the last CRL installed lists the resident");
    assert_eq!(verifier.crl_count(), 1);
    let (good_count, revoked_count) = (
        seen_good.load(Ordering::SeqCst),
        seen_revoked.load(Ordering::SeqCst),
    );
    assert!(
        good_count > 0 && revoked_count > 0,
        "{good_count} good and {revoked_count} revoked verdicts over {last} CRLs"
    );
    assert!(revoked_count >= THREADS * AFTER_LAST);
    // After the last replacement, a fresh verification is revoked too.
    assert_eq!(verify(&verifier), revoked);
}
