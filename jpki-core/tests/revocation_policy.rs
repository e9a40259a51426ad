//! The revocation policy over a validated path: CRL and OCSP sources, their order,
//! freshness, partitions, `unknown`, hard and soft fail, and an online fetcher.
//! Fail closed: nothing stale, foreign or unknown is ever "good".

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cell::Cell;

use jpki::Error;
use jpki::cert::{Certificate, Sex};
use jpki::crypto::HashAlgorithm;
use jpki::path::{ValidatedPath, ValidationOptions, validate};
use jpki::revocation::ocsp::OcspRequest;
use jpki::revocation::{
    OcspFetcher, RevocationPolicy, RevocationReason, RevocationSources, RevocationStatus, Source,
    SourceOrder, WhenUnavailable, check_path,
};
use jpki::sim::{Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey};
use jpki::time::{Date, Time};

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

struct Setup {
    authority: Authority,
    cert: Certificate,
    other_partition: Certificate,
    anchors: Vec<Certificate>,
}

fn setup() -> Setup {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let key = SimKey::generate(2048).unwrap().public_key_der().unwrap();
    let cert = authority
        .issue(
            &record("吉田 太郎", "東京都千代田区霞が関2丁目1番2号"),
            &key,
            Purpose::Signing,
            at(),
        )
        .unwrap();
    let other_partition = authority
        .issue(
            &record("大阪 花子", "大阪府大阪市北区中之島1-3-20"),
            &key,
            Purpose::Signing,
            at(),
        )
        .unwrap();
    let anchors = authority.trust_anchors().into_iter().cloned().collect();
    Setup {
        authority,
        cert,
        other_partition,
        anchors,
    }
}

fn path(s: &Setup, cert: &Certificate, when: Time) -> ValidatedPath {
    validate(cert, &[], &s.anchors, &ValidationOptions::new(when)).unwrap()
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

fn sources<'a>(crls: &'a [Vec<u8>], responses: &'a [Vec<u8>]) -> RevocationSources<'a> {
    RevocationSources {
        crls,
        ocsp_responses: responses,
        fetcher: None,
    }
}

fn status(report: &jpki::revocation::RevocationReport) -> RevocationStatus {
    assert_eq!(report.certificates.len(), 1, "the anchor is not checked");
    report.certificates[0].1.clone()
}

#[test]
fn a_current_partition_crl_says_good_then_revoked_after_a_move() {
    let mut s = setup();
    let cert = s.cert.clone();
    let p = path(&s, &cert, at());
    let crls = [crl(&mut s, &cert, at())];
    let report = check_path(&p, &sources(&crls, &[]), &RevocationPolicy::default(), at()).unwrap();
    assert_eq!(
        status(&report),
        RevocationStatus::Good {
            source: Source::Crl
        }
    );
    assert!(report.error().is_none());

    let moved = at().add_seconds(3600);
    s.authority
        .apply_event(cert.serial(), Event::Move, moved)
        .unwrap();
    let later = moved.add_seconds(60);
    let crls = [crl(&mut s, &cert, later)];
    let report = check_path(
        &p,
        &sources(&crls, &[]),
        &RevocationPolicy::default(),
        later,
    )
    .unwrap();
    match status(&report) {
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
    assert!(matches!(
        report.error(),
        Some(Error::CertificateRevoked {
            reason: Some(RevocationReason::AffiliationChanged),
            ..
        })
    ));
}

#[test]
fn stale_foreign_or_missing_data_is_never_good() {
    let mut s = setup();
    let cert = s.cert.clone();
    let other = s.other_partition.clone();
    let p = path(&s, &cert, at());
    let hard = RevocationPolicy::default();
    // Nothing supplied.
    let err = check_path(&p, &sources(&[], &[]), &hard, at()).unwrap_err();
    assert!(
        matches!(err, Error::RevocationUnavailable { .. }),
        "{err:?}"
    );
    // A CRL past its nextUpdate.
    let crls = [crl(&mut s, &cert, at())];
    let stale = at().add_seconds(DAY + 1);
    let p_late = path(&s, &cert, stale);
    let err = check_path(&p_late, &sources(&crls, &[]), &hard, stale).unwrap_err();
    assert!(
        matches!(&err, Error::RevocationUnavailable { why, .. } if why.contains("not current")),
        "{err:?}"
    );
    // A CRL older than the policy's maximum age.
    let mut strict = RevocationPolicy::default();
    strict.max_crl_age = Some(600);
    let later = at().add_seconds(3600);
    let err = check_path(
        &path(&s, &cert, later),
        &sources(&crls, &[]),
        &strict,
        later,
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::RevocationUnavailable { .. }),
        "{err:?}"
    );
    // The CRL of another municipality (wrong partition).
    let osaka = [crl(&mut s, &other, at())];
    let err = check_path(&p, &sources(&osaka, &[]), &hard, at()).unwrap_err();
    assert!(
        matches!(err, Error::RevocationUnavailable { .. }),
        "{err:?}"
    );
    // An OCSP response for another certificate.
    let foreign = [ocsp(&s, &other, at())];
    let err = check_path(&p, &sources(&[], &foreign), &hard, at()).unwrap_err();
    assert!(
        matches!(err, Error::RevocationUnavailable { .. }),
        "{err:?}"
    );
    // Soft fail: accepted, and visible.
    let mut soft = RevocationPolicy::default();
    soft.when_unavailable = WhenUnavailable::SoftFail;
    let report = check_path(&p, &sources(&osaka, &foreign), &soft, at()).unwrap();
    assert!(matches!(
        status(&report),
        RevocationStatus::SoftFailed { .. }
    ));
    assert_eq!(report.status().as_str(), "soft_failed");
}

#[test]
fn ocsp_answers_and_the_order_of_sources() {
    let mut s = setup();
    let cert = s.cert.clone();
    let p = path(&s, &cert, at());
    let good_response = [ocsp(&s, &cert, at())];
    let old_crl = [crl(&mut s, &cert, at())];
    let report = check_path(
        &p,
        &sources(&[], &good_response),
        &RevocationPolicy::default(),
        at(),
    )
    .unwrap();
    assert_eq!(
        status(&report),
        RevocationStatus::Good {
            source: Source::Ocsp
        }
    );

    // Revoked a minute later: OCSP (fresh) says revoked, the CRL (from before) good.
    let when = at().add_seconds(60);
    s.authority
        .apply_event(cert.serial(), Event::KeyCompromise, when)
        .unwrap();
    let later = when.add_seconds(60);
    let revoked_response = [ocsp(&s, &cert, later)];
    let mut policy = RevocationPolicy::default();
    let report = check_path(&p, &sources(&old_crl, &revoked_response), &policy, later).unwrap();
    assert!(matches!(
        status(&report),
        RevocationStatus::Revoked {
            source: Source::Ocsp,
            reason: Some(RevocationReason::KeyCompromise),
            ..
        }
    ));
    policy.order = SourceOrder::CrlFirst;
    let report = check_path(&p, &sources(&old_crl, &revoked_response), &policy, later).unwrap();
    assert_eq!(
        status(&report),
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
        jpki::cert::Serial::from_u64(0x7fff_0001),
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
    let p = path(&s, &stray, at());
    let response = [ocsp(&s, &stray, at())];
    let err = check_path(
        &p,
        &sources(&[], &response),
        &RevocationPolicy::default(),
        at(),
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::RevocationUnavailable { why, .. } if why.contains("unknown")),
        "{err:?}"
    );
}

/// Answers from the simulated responder, counting requests and sending a nonce.
struct Responder<'a> {
    authority: &'a Authority,
    at: Time,
    calls: Cell<u32>,
}

impl OcspFetcher for Responder<'_> {
    fn fetch(&self, url: &str, request_der: &[u8]) -> Result<Vec<u8>, Error> {
        assert!(url.starts_with("http://127.0.0.1"), "{url}");
        self.calls.set(self.calls.get() + 1);
        Ok(self.authority.ocsp_respond(request_der, self.at))
    }

    fn nonce(&self) -> Option<Vec<u8>> {
        Some(vec![0x5a; 16])
    }
}

#[test]
fn an_online_fetcher_is_asked_when_nothing_supplied_answers() {
    let s = setup();
    let p = path(&s, &s.cert, at());
    let fetcher = Responder {
        authority: &s.authority,
        at: at(),
        calls: Cell::new(0),
    };
    let sources = RevocationSources {
        crls: &[],
        ocsp_responses: &[],
        fetcher: Some(&fetcher),
    };
    let report = check_path(&p, &sources, &RevocationPolicy::default(), at()).unwrap();
    assert_eq!(
        status(&report),
        RevocationStatus::Good {
            source: Source::Ocsp
        }
    );
    assert_eq!(fetcher.calls.get(), 1);
}
