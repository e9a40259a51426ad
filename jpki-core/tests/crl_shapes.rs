//! CRLs of every shape, applied by the verifier (RFC 5280 §5 and §6.3.3): delta
//! CRLs on top of their base (a certificate only a delta revokes is revoked),
//! freshestCRL pointers (no current delta: never "good"), onlySomeReasons and
//! distribution point reasons (every reason must be covered), indirect CRLs
//! with certificateIssuer entries (the CRL issuer's path validated, its own
//! certificate not revoked), CRLs signed by a rolled-over key of the same CA,
//! onlyContains… scopes, nameRelativeToCRLIssuer points, names compared by
//! RFC 5280 §7.1, cRLNumber required and non-critical, and negative serials
//! tolerated. Every rule has a case that must pass and one that must fail, on
//! a hierarchy built here; deltas, reasons, indirect and rolled-over CRLs,
//! scopes, points and names are cross-checked with `openssl verify
//! -crl_check_all -policy_check -extended_crl -use_deltas`, and where we
//! differ the test says why.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use der::Encode;
use der::asn1::OctetString;
use jpki::cert::ReasonFlags;
use jpki::revocation::crl::BorrowedCrl;
use jpki::revocation::{RevocationMode, RevocationReason, RevocationStatus, Source, SourceOrder};
use jpki::sim::{CertificateBuilder, CrlBuilder, CrlScope, SimKey, dn_der};
use jpki::{
    Certificate, CertificateVerdict, Check, CrlChange, Error, RevocationPolicy, Serial, Time,
    Usage, Verifier,
};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};

const DAY: u64 = 86_400;
const KU: &str = "2.5.29.15";
const BC: &str = "2.5.29.19";
const SKI: &str = "2.5.29.14";
const AKI: &str = "2.5.29.35";
const CRL_DP: &str = "2.5.29.31";
const FRESHEST: &str = "2.5.29.46";
const CRL_NUMBER: &str = "2.5.29.20";

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn oid(dotted: &str) -> jpki::oid::Oid {
    dotted.parse().unwrap()
}

// ---------------------------------------------------------------------------
// The hierarchy: a root; a CA (key 1) and the same CA's rolled-over key (key 2,
// same DN) under it; a dedicated CRL issuer (key 3, cRLSign only) for indirect
// CRLs; another root (key 4) with a CA of the same DN, for a signer that does
// not validate to the certificate's anchor.

struct Pki {
    keys: Vec<(SimKey, Vec<u8>)>,
    root: Certificate,
    ca: Certificate,
    ca_rolled: Certificate,
    crl_issuer: Certificate,
    other_root: Certificate,
    ca_elsewhere: Certificate,
}

fn root_dn() -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", "jpki crl tests"), ("CN", "Root")]).unwrap()
}
fn ca_dn() -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", "jpki crl tests"), ("CN", "Issuing CA")]).unwrap()
}
fn crl_issuer_dn() -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", "jpki crl tests"), ("CN", "CRL Issuer")]).unwrap()
}
fn other_root_dn() -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", "jpki crl tests"), ("CN", "Other Root")]).unwrap()
}
/// The distribution point the end entities name.
fn dp_dn() -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", "jpki crl tests"), ("CN", "Partition 1")]).unwrap()
}

fn key_id(spki: &[u8]) -> Vec<u8> {
    Sha256::digest(spki)[..20].to_vec()
}

fn ski(spki: &[u8]) -> Vec<u8> {
    SubjectKeyIdentifier(OctetString::new(key_id(spki)).unwrap())
        .to_der()
        .unwrap()
}

fn aki(spki: &[u8]) -> Vec<u8> {
    AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(key_id(spki)).unwrap()),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    }
    .to_der()
    .unwrap()
}

fn ku(usages: KeyUsage) -> Vec<u8> {
    usages.to_der().unwrap()
}

fn bc(ca: bool) -> Vec<u8> {
    BasicConstraints {
        ca,
        path_len_constraint: None,
    }
    .to_der()
    .unwrap()
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap());
    } else if len < 0x100 {
        out.extend([0x81, u8::try_from(len).unwrap()]);
    } else {
        out.extend([
            0x82,
            u8::try_from(len >> 8).unwrap(),
            u8::try_from(len & 0xff).unwrap(),
        ]);
    }
    out.extend_from_slice(content);
    out
}

/// cRLDistributionPoints with one point: fullName the directoryName `name`,
/// and cRLIssuer the directoryName `crl_issuer` when given.
fn crl_dp(name: &[u8], crl_issuer: Option<&[u8]>) -> Vec<u8> {
    let mut dp = tlv(0xa0, &tlv(0xa0, &tlv(0xa4, name)));
    if let Some(issuer) = crl_issuer {
        dp.extend(tlv(0xa2, &tlv(0xa4, issuer)));
    }
    tlv(0x30, &tlv(0x30, &dp))
}

/// freshestCRL pointing to one URI.
fn freshest(uri: &str) -> Vec<u8> {
    tlv(
        0x30,
        &tlv(0x30, &tlv(0xa0, &tlv(0xa0, &tlv(0x86, uri.as_bytes())))),
    )
}

fn issue(
    serial: u64,
    issuer_dn: Vec<u8>,
    issuer_spki: &[u8],
    subject_dn: Vec<u8>,
    subject_spki: &[u8],
) -> CertificateBuilder {
    CertificateBuilder::new(
        Serial::from_u64(serial),
        issuer_dn,
        subject_dn,
        at().sub_days(365),
        at().add_seconds(3650 * DAY),
        subject_spki.to_vec(),
    )
    .extension(oid(SKI), false, ski(subject_spki))
    .extension(oid(AKI), false, aki(issuer_spki))
}

/// Times before a given one.
trait Before {
    fn sub_days(self, days: u64) -> Time;
    fn minus_hours(self, hours: u64) -> Time;
}
impl Before for Time {
    fn sub_days(self, days: u64) -> Time {
        Time::from_unix_seconds(self.unix_seconds() - days * DAY)
    }
    fn minus_hours(self, hours: u64) -> Time {
        Time::from_unix_seconds(self.unix_seconds() - hours * 3600)
    }
}

fn ca_ext(b: CertificateBuilder) -> CertificateBuilder {
    b.extension(oid(BC), true, bc(true)).extension(
        oid(KU),
        true,
        ku(KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)),
    )
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let keys: Vec<(SimKey, Vec<u8>)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    s.spawn(|| {
                        let key = SimKey::generate(2048).unwrap();
                        let spki = key.public_key_der().unwrap();
                        (key, spki)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let spki = |i: usize| keys[i].1.clone();
        let root = ca_ext(issue(1, root_dn(), &spki(0), root_dn(), &spki(0)))
            .sign(&keys[0].0)
            .unwrap();
        let ca = ca_ext(issue(2, root_dn(), &spki(0), ca_dn(), &spki(1)))
            .sign(&keys[0].0)
            .unwrap();
        let ca_rolled = ca_ext(issue(3, root_dn(), &spki(0), ca_dn(), &spki(2)))
            .sign(&keys[0].0)
            .unwrap();
        let crl_issuer = issue(4, root_dn(), &spki(0), crl_issuer_dn(), &spki(3))
            .extension(oid(KU), true, ku(KeyUsage(KeyUsages::CRLSign.into())))
            .sign(&keys[0].0)
            .unwrap();
        let other_root = ca_ext(issue(
            5,
            other_root_dn(),
            &spki(4),
            other_root_dn(),
            &spki(4),
        ))
        .sign(&keys[4].0)
        .unwrap();
        let ca_elsewhere = ca_ext(issue(6, other_root_dn(), &spki(4), ca_dn(), &spki(5)))
            .sign(&keys[4].0)
            .unwrap();
        Pki {
            keys,
            root,
            ca,
            ca_rolled,
            crl_issuer,
            other_root,
            ca_elsewhere,
        }
    })
}

impl Pki {
    fn key(&self, i: usize) -> &SimKey {
        &self.keys[i].0
    }

    /// An end entity of the CA (key 1) with `serial`, naming the partition
    /// distribution point (and `crl_issuer` as its cRLIssuer when given), and
    /// freshestCRL when `fresh`.
    fn leaf(&self, serial: u64, crl_issuer: Option<&[u8]>, fresh: bool) -> Certificate {
        self.leaf_with_points(serial, crl_dp(&dp_dn(), crl_issuer), fresh)
    }

    /// An end entity of the CA (key 1) with `serial` and the
    /// cRLDistributionPoints extension value `points`.
    fn leaf_with_points(&self, serial: u64, points: Vec<u8>, fresh: bool) -> Certificate {
        let subject = dn_der(&[
            ("C", "JP"),
            ("O", "jpki crl tests"),
            ("CN", &format!("Leaf {serial}")),
        ])
        .unwrap();
        let mut b = issue(serial, ca_dn(), &self.keys[1].1, subject, &self.keys[5].1)
            .extension(
                oid(KU),
                true,
                ku(KeyUsage(KeyUsages::DigitalSignature.into())),
            )
            .extension(oid(CRL_DP), false, points);
        if fresh {
            b = b.extension(
                oid(FRESHEST),
                false,
                freshest("http://crl.example/delta.crl"),
            );
        }
        b.sign(self.key(1)).unwrap()
    }

    /// The root's CRL for the CA certificates (empty), so that every
    /// certificate of the path has revocation data.
    fn root_crl(&self) -> Vec<u8> {
        CrlBuilder::new(&self.root, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(1))
            .sign(self.key(0))
            .unwrap()
    }

    /// A complete CRL of the CA (key 1) numbered `number`, issued a day
    /// before [`at`], valid a week.
    fn full(&self, number: u64) -> CrlBuilder {
        CrlBuilder::new(&self.ca, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(number))
    }

    /// A delta CRL of the CA numbered `number` on base `base`, issued an hour
    /// before [`at`], valid a day.
    fn delta(&self, number: u64, base: u64) -> CrlBuilder {
        CrlBuilder::new(&self.ca, at().minus_hours(1))
            .next_update(at().add_seconds(DAY))
            .crl_number(Serial::from_u64(number))
            .delta_of(Serial::from_u64(base))
    }

    /// A verifier trusting the root, with the CA generations and the CRL
    /// issuer as intermediates, holding `crls` (and the root's CRL).
    fn verifier(&self, mode: RevocationMode, crls: &[&[u8]]) -> Verifier {
        self.verifier_with_root_crl(mode, &self.root_crl(), crls)
    }

    /// [`Pki::verifier`] with `root_crl` as the root's CRL.
    fn verifier_with_root_crl(
        &self,
        mode: RevocationMode,
        root_crl: &[u8],
        crls: &[&[u8]],
    ) -> Verifier {
        let v = Verifier::builder()
            .trust_anchor(self.root.clone())
            .trust_anchor(self.other_root.clone())
            .intermediates([
                self.ca.clone(),
                self.ca_rolled.clone(),
                self.crl_issuer.clone(),
                self.ca_elsewhere.clone(),
            ])
            .revocation(
                RevocationPolicy::default()
                    .with_mode(mode)
                    .with_order(SourceOrder::CrlFirst),
            )
            .build()
            .unwrap();
        v.add_crl(root_crl).unwrap();
        for crl in crls {
            v.add_crl(crl).unwrap();
        }
        v
    }
}

fn sign(b: CrlBuilder, key: &SimKey) -> Vec<u8> {
    b.sign(key).unwrap()
}

/// The verdict on `cert` (its path must validate).
fn verdict(v: &Verifier, cert: &Certificate) -> CertificateVerdict {
    let verdict = v.verify_certificate(cert, Usage::Any, at());
    assert!(verdict.certificate.passed(), "{:?}", verdict.certificate);
    verdict
}

/// The end entity's revocation status, or the hard-fail error.
fn status(v: &Verifier, cert: &Certificate) -> Result<RevocationStatus, Error> {
    let verdict = verdict(v, cert);
    match &verdict.revocation {
        Check::Failed(Error::CertificateRevoked { .. }) | Check::Passed => {
            Ok(verdict.revocation_certificates[0].1.clone())
        }
        Check::Failed(e) => Err(e.clone()),
        other => panic!("{other:?}"),
    }
}

fn good() -> Result<RevocationStatus, Error> {
    Ok(RevocationStatus::Good {
        source: Source::Crl,
    })
}

fn is_revoked(s: &Result<RevocationStatus, Error>, reason: Option<RevocationReason>) -> bool {
    matches!(s, Ok(RevocationStatus::Revoked { reason: r, source: Source::Crl, .. }) if *r == reason)
}

/// The causes of a hard failure (RevocationUnavailable).
fn causes(s: &Result<RevocationStatus, Error>) -> Vec<Error> {
    match s {
        Err(Error::RevocationUnavailable { causes, .. }) => causes.clone(),
        other => panic!("not unavailable: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Delta CRLs.

#[test]
fn a_certificate_only_a_delta_revokes_is_revoked() {
    let p = pki();
    let (a, b) = (p.leaf(100, None, false), p.leaf(101, None, false));
    let base = sign(p.full(10), p.key(1));
    let delta = sign(
        p.delta(11, 10).revoke(
            Serial::from_u64(100),
            at().minus_hours(2),
            Some(RevocationReason::KeyCompromise),
            None,
        ),
        p.key(1),
    );
    // The base alone: both good (it has no freshestCRL, the certificates none).
    let v = p.verifier(RevocationMode::HardFail, &[&base]);
    assert_eq!(status(&v, &a), good());
    // Base and delta: the delta's entry revokes (this was the false accept).
    assert_eq!(v.add_crl(&delta).unwrap(), CrlChange::Added);
    assert!(is_revoked(
        &status(&v, &a),
        Some(RevocationReason::KeyCompromise)
    ));
    assert_eq!(status(&v, &b), good());
    assert!(!verdict(&v, &a).is_valid());
    // Even under soft fail, and whatever else is held.
    let soft = p.verifier(RevocationMode::SoftFail, &[&base, &delta]);
    assert!(!verdict(&soft, &a).is_valid());
}

#[test]
fn a_delta_on_a_newer_base_makes_the_held_base_no_answer() {
    let p = pki();
    let (a, b) = (p.leaf(102, None, false), p.leaf(103, None, false));
    let base = sign(p.full(10), p.key(1));
    // Built on complete CRL 12, which the verifier does not hold.
    let delta = sign(
        p.delta(13, 12)
            .revoke(Serial::from_u64(102), at().minus_hours(2), None, None),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&base, &delta]);
    // Its entries still revoke.
    assert!(is_revoked(&status(&v, &a), None));
    // But complete CRL 10 is out of date: no answer for b.
    assert_eq!(
        causes(&status(&v, &b)),
        vec![Error::DeltaCrlBaseMismatch {
            base: Serial::from_u64(12),
            crl_number: Some(Serial::from_u64(10)),
        }]
    );
    // A delta older than the complete CRL (number not above it) does not apply,
    // and does not outdate it.
    let old_delta = sign(p.delta(9, 8), p.key(1));
    let v = p.verifier(RevocationMode::HardFail, &[&base, &old_delta]);
    assert_eq!(status(&v, &b), good());
}

#[test]
fn freshest_crl_without_a_current_delta_is_never_good() {
    let p = pki();
    let plain = p.leaf(104, None, false);
    let pointing = p.leaf(105, None, true);
    let base_fresh = sign(
        p.full(20).freshest_crl("http://crl.example/d.crl"),
        p.key(1),
    );
    let base = sign(p.full(20), p.key(1));
    let missing = vec![Error::DeltaCrlMissing {
        crl_number: Some(Serial::from_u64(20)),
    }];
    // The CRL points to deltas, none supplied: no answer.
    let v = p.verifier(RevocationMode::HardFail, &[&base_fresh]);
    assert_eq!(causes(&status(&v, &plain)), missing);
    // Soft fail: accepted, and visible.
    let soft = p.verifier(RevocationMode::SoftFail, &[&base_fresh]);
    assert!(matches!(
        status(&soft, &plain),
        Ok(RevocationStatus::SoftFailed { .. })
    ));
    // The certificate points to deltas: the same.
    let v = p.verifier(RevocationMode::HardFail, &[&base]);
    assert_eq!(causes(&status(&v, &pointing)), missing);
    // With a current delta: good.
    let delta = sign(p.delta(21, 20), p.key(1));
    let v = p.verifier(RevocationMode::HardFail, &[&base_fresh, &delta]);
    assert_eq!(status(&v, &plain), good());
    let v = p.verifier(RevocationMode::HardFail, &[&base, &delta]);
    assert_eq!(status(&v, &pointing), good());
    // A stale delta is no delta.
    let stale = sign(
        CrlBuilder::new(&p.ca, at().sub_days(3))
            .next_update(at().sub_days(2))
            .crl_number(Serial::from_u64(21))
            .delta_of(Serial::from_u64(20)),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&base_fresh, &stale]);
    let c = causes(&status(&v, &plain));
    assert!(matches!(c[0], Error::CrlNotCurrent { .. }), "{c:?}");
    assert_eq!(c[1..], missing[..]);
}

#[test]
fn freshness_comes_from_the_delta() {
    let p = pki();
    let cert = p.leaf(106, None, false);
    // A complete CRL past its nextUpdate.
    let stale_base = sign(
        CrlBuilder::new(&p.ca, at().sub_days(10))
            .next_update(at().sub_days(3))
            .crl_number(Serial::from_u64(30))
            .freshest_crl("http://crl.example/d.crl"),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&stale_base]);
    assert!(matches!(
        causes(&status(&v, &cert))[..],
        [Error::CrlNotCurrent { .. }]
    ));
    // Brought up to date by a current delta on it.
    let delta = sign(p.delta(31, 30), p.key(1));
    let v = p.verifier(RevocationMode::HardFail, &[&stale_base, &delta]);
    assert_eq!(status(&v, &cert), good());
    // The stale base still revokes what it lists.
    let listing = sign(
        CrlBuilder::new(&p.ca, at().sub_days(10))
            .next_update(at().sub_days(3))
            .crl_number(Serial::from_u64(30))
            .revoke(Serial::from_u64(106), at().sub_days(11), None, None),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&listing, &delta]);
    assert!(is_revoked(&status(&v, &cert), None));
}

#[test]
fn remove_from_crl_releases_a_hold_of_the_base() {
    let p = pki();
    let cert = p.leaf(107, None, false);
    let hold = Some(RevocationReason::CertificateHold);
    let base = sign(
        p.full(40)
            .revoke(Serial::from_u64(107), at().sub_days(2), hold, None),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&base]);
    assert!(is_revoked(&status(&v, &cert), hold));
    let released = sign(
        p.delta(41, 40).revoke(
            Serial::from_u64(107),
            at().minus_hours(3),
            Some(RevocationReason::RemoveFromCrl),
            None,
        ),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&base, &released]);
    assert_eq!(status(&v, &cert), good());
    // removeFromCRL does not undo a revocation other than a hold.
    let revoked = sign(
        p.full(40).revoke(
            Serial::from_u64(107),
            at().sub_days(2),
            Some(RevocationReason::KeyCompromise),
            None,
        ),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&revoked, &released]);
    assert!(is_revoked(
        &status(&v, &cert),
        Some(RevocationReason::KeyCompromise)
    ));
}

// ---------------------------------------------------------------------------
// onlySomeReasons and scopes.

fn key_and_ca_compromise() -> ReasonFlags {
    ReasonFlags::of(RevocationReason::KeyCompromise)
        .unwrap()
        .union(ReasonFlags::of(RevocationReason::CaCompromise).unwrap())
}

fn other_reasons() -> ReasonFlags {
    ReasonFlags::from_bits(ReasonFlags::ALL.bits() & !key_and_ca_compromise().bits())
}

/// `cert` has no answer under `v`: only keyCompromise and cACompromise are
/// covered, and the cause names the other reasons.
fn assert_only_compromise_covered(v: &Verifier, cert: &Certificate) {
    assert_eq!(
        causes(&status(v, cert)),
        vec![Error::CrlReasonsIncomplete {
            missing: "affiliationChanged, superseded, cessationOfOperation, certificateHold, \
                      privilegeWithdrawn, aACompromise"
                .into()
        }]
    );
}

#[test]
fn reasons_must_add_up_to_every_reason() {
    let p = pki();
    let cert = p.leaf(108, None, false);
    let compromise = sign(
        p.full(50).only_some_reasons(key_and_ca_compromise()),
        p.key(1),
    );
    let rest = sign(p.full(51).only_some_reasons(other_reasons()), p.key(1));
    let crl = BorrowedCrl::from_der(&compromise).unwrap();
    assert_eq!(crl.reasons(), key_and_ca_compromise());
    assert!(
        !crl.covers(&cert),
        "covers stays fail-closed on partial CRLs"
    );
    // One partial CRL: no answer, naming what is missing.
    let v = p.verifier(RevocationMode::HardFail, &[&compromise]);
    assert_only_compromise_covered(&v, &cert);
    // Both: good.
    let v = p.verifier(RevocationMode::HardFail, &[&compromise, &rest]);
    assert_eq!(status(&v, &cert), good());
    // An entry of a partial CRL revokes, alone or not.
    let listing = sign(
        p.full(50)
            .only_some_reasons(key_and_ca_compromise())
            .revoke(
                Serial::from_u64(108),
                at().sub_days(2),
                Some(RevocationReason::KeyCompromise),
                None,
            ),
        p.key(1),
    );
    for crls in [vec![&listing[..]], vec![&listing[..], &rest[..]]] {
        let v = p.verifier(RevocationMode::HardFail, &crls);
        assert!(is_revoked(
            &status(&v, &cert),
            Some(RevocationReason::KeyCompromise)
        ));
    }
}

#[test]
fn only_contains_user_or_ca_certs() {
    let p = pki();
    let cert = p.leaf(109, None, false);
    let ca_only = sign(p.full(60).scope(CrlScope::CaCerts), p.key(1));
    let user_only = sign(p.full(61).scope(CrlScope::UserCerts), p.key(1));
    let v = p.verifier(RevocationMode::HardFail, &[&ca_only]);
    assert!(causes(&status(&v, &cert)).is_empty(), "not in scope");
    let v = p.verifier(RevocationMode::HardFail, &[&user_only]);
    assert_eq!(status(&v, &cert), good());
    // The root's authority revocation list: the CA certificate revoked.
    let arl = sign(
        CrlBuilder::new(&p.root, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(2))
            .scope(CrlScope::CaCerts)
            .revoke(p.ca.serial().clone(), at().sub_days(2), None, None),
        p.key(0),
    );
    v.add_crl(&arl).unwrap();
    let verdict = verdict(&v, &cert);
    assert!(matches!(
        verdict.revocation,
        Check::Failed(Error::CertificateRevoked { ref serial, .. }) if serial == p.ca.serial()
    ));
}

// ---------------------------------------------------------------------------
// Indirect CRLs.

fn indirect_crl(p: &Pki, number: u64) -> CrlBuilder {
    CrlBuilder::new(&p.crl_issuer, at().sub_days(1))
        .next_update(at().add_seconds(6 * DAY))
        .crl_number(Serial::from_u64(number))
        .issuing_distribution_point(dp_dn(), CrlScope::All)
        .indirect()
}

#[test]
fn indirect_crls_attribute_entries_to_their_certificate_issuer() {
    let p = pki();
    let issuer_dn = crl_issuer_dn();
    let via = p.leaf(110, Some(&issuer_dn), false);
    let listed = p.leaf(111, Some(&issuer_dn), false);
    let direct = p.leaf(112, None, false);
    // Serial 110 listed for another issuer; 111 for the CA (certificateIssuer
    // switches the issuer for it and the entries after it).
    let der = sign(
        indirect_crl(p, 70)
            .revoke(Serial::from_u64(110), at().sub_days(2), None, None)
            .certificate_issuer(Serial::from_u64(110), &other_root_dn())
            .revoke(Serial::from_u64(111), at().sub_days(2), None, None)
            .certificate_issuer(Serial::from_u64(111), &ca_dn()),
        p.key(3),
    );
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert!(crl.is_indirect());
    assert_eq!(crl.find_for(&via).unwrap(), None);
    assert!(crl.find_for(&listed).unwrap().is_some());
    let v = p.verifier(RevocationMode::HardFail, &[&der]);
    assert_eq!(status(&v, &via), good());
    assert!(is_revoked(&status(&v, &listed), None));
    // A certificate whose distribution point names no cRLIssuer is not covered.
    assert!(causes(&status(&v, &direct)).is_empty());
    // Not indirect: a critical certificateIssuer makes the CRL unusable.
    let not_indirect = sign(
        p.full(72)
            .revoke(Serial::from_u64(111), at().sub_days(2), None, None)
            .certificate_issuer(Serial::from_u64(111), &ca_dn()),
        p.key(1),
    );
    assert!(matches!(
        BorrowedCrl::from_der(&not_indirect).unwrap().index(),
        Err(Error::CrlUnknownCriticalExtension { .. })
    ));
}

#[test]
fn an_indirect_crl_issuer_must_validate_and_allow_crl_sign() {
    let p = pki();
    let issuer_dn = crl_issuer_dn();
    let cert = p.leaf(113, Some(&issuer_dn), false);
    // A CRL issuer certificate without cRLSign (the same name and key).
    let no_crl_sign = issue(7, root_dn(), &p.keys[0].1, crl_issuer_dn(), &p.keys[3].1)
        .extension(
            oid(KU),
            true,
            ku(KeyUsage(KeyUsages::DigitalSignature.into())),
        )
        .sign(p.key(0))
        .unwrap();
    // A CRL issuer certificate that expired.
    let expired = CertificateBuilder::new(
        Serial::from_u64(8),
        root_dn(),
        crl_issuer_dn(),
        at().sub_days(100),
        at().sub_days(1),
        p.keys[3].1.clone(),
    )
    .extension(oid(SKI), false, ski(&p.keys[3].1))
    .extension(oid(AKI), false, aki(&p.keys[0].1))
    .extension(oid(KU), true, ku(KeyUsage(KeyUsages::CRLSign.into())))
    .sign(p.key(0))
    .unwrap();
    let der = sign(indirect_crl(p, 73), p.key(3));
    let with_signer = |signer: &Certificate| {
        let v = Verifier::builder()
            .trust_anchor(p.root.clone())
            .intermediates([p.ca.clone(), signer.clone()])
            .revocation(RevocationPolicy::default().with_order(SourceOrder::CrlFirst))
            .build()
            .unwrap();
        v.add_crl(&p.root_crl()).unwrap();
        (v.add_crl(&der), v)
    };
    let (added, v) = with_signer(&p.crl_issuer);
    added.unwrap();
    assert_eq!(status(&v, &cert), good());
    let (added, _) = with_signer(&no_crl_sign);
    assert!(
        matches!(
            added,
            Err(Error::KeyUsageLacks {
                usage: "cRLSign",
                ..
            })
        ),
        "{added:?}"
    );
    let (added, v) = with_signer(&expired);
    added.unwrap();
    assert!(matches!(
        &causes(&status(&v, &cert))[..],
        [Error::CrlSignerNotValidated { reason, .. }] if reason.contains("expired")
    ));
}

// ---------------------------------------------------------------------------
// A CRL signed by a rolled-over key of the same CA.

#[test]
fn a_rolled_over_key_of_the_same_ca_speaks_for_the_old_certificates() {
    let p = pki();
    let cert = p.leaf(114, None, false);
    let by_new_key = |number: u64, revoke: bool| {
        let mut b = CrlBuilder::new(&p.ca_rolled, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(number));
        if revoke {
            b = b.revoke(Serial::from_u64(114), at().sub_days(2), None, None);
        }
        sign(b, p.key(2))
    };
    // The CRL names key 2; the certificate was issued by key 1. Its signer's
    // path (key 2's certificate under the same root) validates: it speaks.
    let v = p.verifier(RevocationMode::HardFail, &[&by_new_key(80, false)]);
    assert_eq!(status(&v, &cert), good());
    let v = p.verifier(RevocationMode::HardFail, &[&by_new_key(81, true)]);
    assert!(is_revoked(&status(&v, &cert), None));
    // The same DN under another trust anchor: it does not speak (silently:
    // another CA that shares the name).
    let elsewhere = sign(
        CrlBuilder::new(&p.ca_elsewhere, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(82)),
        p.key(5),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&elsewhere]);
    assert!(causes(&status(&v, &cert)).is_empty());
}

// ---------------------------------------------------------------------------
// cRLNumber and negative serials.

#[test]
fn crl_number_is_required_and_non_critical() {
    let p = pki();
    let v = p.verifier(RevocationMode::HardFail, &[]);
    let without = sign(
        CrlBuilder::new(&p.ca, at().sub_days(1)).next_update(at().add_seconds(DAY)),
        p.key(1),
    );
    assert_eq!(v.add_crl(&without), Err(Error::CrlNumberMissing));
    let critical = sign(
        CrlBuilder::new(&p.ca, at().sub_days(1))
            .next_update(at().add_seconds(DAY))
            .extension(oid(CRL_NUMBER), true, vec![0x02, 0x01, 0x05]),
        p.key(1),
    );
    assert_eq!(
        BorrowedCrl::from_der(&critical).err(),
        Some(Error::CrlNumberCritical)
    );
    assert_eq!(v.add_crl(&critical), Err(Error::CrlNumberCritical));
    let fine = sign(
        CrlBuilder::new(&p.ca, at().sub_days(1))
            .next_update(at().add_seconds(DAY))
            .extension(oid(CRL_NUMBER), false, vec![0x02, 0x01, 0x05]),
        p.key(1),
    );
    assert_eq!(v.add_crl(&fine), Ok(CrlChange::Added));
    assert_eq!(Error::CrlNumberMissing.kind().code(), 612);
    assert_eq!(Error::CrlNumberCritical.kind().code(), 613);
}

#[test]
fn negative_serials_are_read_and_match_nothing() {
    let p = pki();
    // 0x85 read as a positive serial is 133; as a negative INTEGER, -123.
    let cert = p.leaf(0x85, None, false);
    let other = p.leaf(0x86, None, false);
    let der = sign(
        p.full(90)
            .revoke_negative(&[0x85], at().sub_days(2))
            .revoke(Serial::from_u64(0x86), at().sub_days(2), None, None),
        p.key(1),
    );
    let crl = BorrowedCrl::from_der(&der).unwrap();
    let entries: Vec<_> = crl.entries().map(Result::unwrap).collect();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().any(|e| e.negative && e.serial == [0x85]));
    assert_eq!(crl.find(cert.serial()).unwrap(), None);
    let index = crl.index().unwrap();
    assert!(!index.contains(cert.serial()));
    assert!(index.contains(other.serial()));
    let v = p.verifier(RevocationMode::HardFail, &[&der]);
    assert_eq!(status(&v, &cert), good());
    assert!(is_revoked(&status(&v, &other), None));
    // A non-minimal negative INTEGER (-123 written as ff 85) is refused.
    let bad = sign(
        p.full(91).revoke_negative(&[0xff, 0x85], at().sub_days(2)),
        p.key(1),
    );
    assert!(matches!(
        BorrowedCrl::from_der(&bad).unwrap().index(),
        Err(Error::CrlEntry { .. })
    ));
}

// ---------------------------------------------------------------------------
// Names compared by RFC 5280 §7.1, distribution point reasons and
// nameRelativeToCRLIssuer, and the CRL signer's own revocation.

/// A Name of PrintableString attributes given as (OID content, value).
fn printable_dn(attributes: &[(&[u8], &str)]) -> Vec<u8> {
    let rdns: Vec<u8> = attributes
        .iter()
        .flat_map(|(oid, value)| {
            let mut atv = tlv(0x06, oid);
            atv.extend(tlv(0x13, value.as_bytes()));
            tlv(0x31, &tlv(0x30, &atv))
        })
        .collect();
    tlv(0x30, &rdns)
}

const OID_C: &[u8] = &[0x55, 0x04, 0x06];
const OID_O: &[u8] = &[0x55, 0x04, 0x0a];
const OID_CN: &[u8] = &[0x55, 0x04, 0x03];

/// The CA's name as another CA might write it: PrintableString, other case,
/// extra spaces (the certificates write UTF8String).
fn ca_dn_variant() -> Vec<u8> {
    printable_dn(&[
        (OID_C, "JP"),
        (OID_O, "  JPKI CRL Tests"),
        (OID_CN, "issuing   CA "),
    ])
}

/// The content of a ReasonFlags BIT STRING for `flags` (DER: no trailing
/// zero bits).
fn reason_bits(flags: ReasonFlags) -> Vec<u8> {
    let bits = flags.bits();
    let Some(high) = (0..16).rev().find(|n| bits & (1 << n) != 0) else {
        return vec![0];
    };
    let mut bytes = vec![0u8; high / 8 + 1];
    for n in 0..=high {
        if bits & (1 << n) != 0 {
            bytes[n / 8] |= 0x80 >> (n % 8);
        }
    }
    let mut out = vec![u8::try_from(7 - high % 8).unwrap()];
    out.extend(bytes);
    out
}

/// One DistributionPoint: fullName the directoryName `name`, limited to
/// `reasons` when given.
fn point(name: &[u8], reasons: Option<ReasonFlags>) -> Vec<u8> {
    let mut dp = tlv(0xa0, &tlv(0xa0, &tlv(0xa4, name)));
    if let Some(r) = reasons {
        dp.extend(tlv(0x81, &reason_bits(r)));
    }
    tlv(0x30, &dp)
}

fn dp2_dn() -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", "jpki crl tests"), ("CN", "Partition 2")]).unwrap()
}

/// A RelativeDistinguishedName of one UTF8String commonName.
fn cn_rdn(cn: &str) -> Vec<u8> {
    let mut atv = tlv(0x06, OID_CN);
    atv.extend(tlv(0x0c, cn.as_bytes()));
    tlv(0x31, &tlv(0x30, &atv))
}

/// `dn` (a Name's DER) with `rdn` appended.
fn append_rdn(dn: &[u8], rdn: &[u8]) -> Vec<u8> {
    // The test names are short: a one-octet length.
    assert!(dn[1] < 0x80);
    let mut content = dn[2..].to_vec();
    content.extend_from_slice(rdn);
    tlv(0x30, &content)
}

#[test]
fn revocation_compares_names_by_rfc5280_rules() {
    let p = pki();
    let listed = p.leaf(130, None, false);
    let unlisted = p.leaf(131, None, false);
    // The CA's CRL naming its issuer in PrintableString, other case and
    // spacing: the verifier finds its signer and applies it.
    let der = sign(
        p.full(140).issuer_name(ca_dn_variant()).revoke(
            Serial::from_u64(130),
            at().sub_days(2),
            None,
            None,
        ),
        p.key(1),
    );
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert_ne!(crl.issuer().der(), listed.issuer().der());
    assert!(crl.covers(&listed));
    let v = p.verifier(RevocationMode::HardFail, &[&der]);
    assert!(is_revoked(&status(&v, &listed), None));
    assert_eq!(status(&v, &unlisted), good());
    // A name that differs in more than case, spacing and string type is
    // another issuer: no signer, the CRL is refused.
    let other = printable_dn(&[
        (OID_C, "JP"),
        (OID_O, "jpki crl tests"),
        (OID_CN, "Issuing CB"),
    ]);
    let stranger = sign(p.full(141).issuer_name(other), p.key(1));
    assert!(!BorrowedCrl::from_der(&stranger).unwrap().covers(&listed));
    assert!(
        p.verifier(RevocationMode::HardFail, &[])
            .add_crl(&stranger)
            .is_err()
    );
    // An indirect CRL's certificateIssuer written the other way.
    let issuer_dn = crl_issuer_dn();
    let via = p.leaf(132, Some(&issuer_dn), false);
    let indirect = sign(
        indirect_crl(p, 142)
            .revoke(Serial::from_u64(132), at().sub_days(2), None, None)
            .certificate_issuer(Serial::from_u64(132), &ca_dn_variant()),
        p.key(3),
    );
    assert!(
        BorrowedCrl::from_der(&indirect)
            .unwrap()
            .find_for(&via)
            .unwrap()
            .is_some()
    );
    let v = p.verifier(RevocationMode::HardFail, &[&indirect]);
    assert!(is_revoked(&status(&v, &via), None));
}

/// An end entity with two points: Partition 1 for keyCompromise and
/// cACompromise, Partition 2 for the other reasons.
fn two_point_leaf(serial: u64) -> Certificate {
    let mut both = point(&dp_dn(), Some(key_and_ca_compromise()));
    both.extend(point(&dp2_dn(), Some(other_reasons())));
    pki().leaf_with_points(serial, tlv(0x30, &both), false)
}

/// The CA's CRL numbered `number` for the partition named `dn`.
fn partition_crl(number: u64, dn: Vec<u8>) -> Vec<u8> {
    let p = pki();
    sign(
        p.full(number).issuing_distribution_point(dn, CrlScope::All),
        p.key(1),
    )
}

#[test]
fn distribution_point_reasons_limit_what_a_crl_covers() {
    let p = pki();
    let cert = two_point_leaf(133);
    let dp = &cert.crl_distribution_points()[0];
    assert_eq!(dp.reasons, Some(key_and_ca_compromise()));
    assert_eq!(cert.crl_distribution_points()[1].reasons(), other_reasons());
    let (first, second) = (partition_crl(150, dp_dn()), partition_crl(151, dp2_dn()));
    // The first point's CRL answers for the first point's reasons only.
    assert!(!BorrowedCrl::from_der(&first).unwrap().covers(&cert));
    let v = p.verifier(RevocationMode::HardFail, &[&first]);
    assert_only_compromise_covered(&v, &cert);
    let v = p.verifier(RevocationMode::HardFail, &[&first, &second]);
    assert_eq!(status(&v, &cert), good());
    // Either point's CRL revokes.
    let listing = sign(
        p.full(152)
            .issuing_distribution_point(dp2_dn(), CrlScope::All)
            .revoke(Serial::from_u64(133), at().sub_days(2), None, None),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&first, &listing]);
    assert!(is_revoked(&status(&v, &cert), None));
    // A point without reasons: one CRL covers every reason.
    let plain = p.leaf_with_points(134, tlv(0x30, &point(&dp_dn(), None)), false);
    assert!(BorrowedCrl::from_der(&first).unwrap().covers(&plain));
    assert_eq!(
        status(&p.verifier(RevocationMode::HardFail, &[&first]), &plain),
        good()
    );
}

#[test]
fn name_relative_to_crl_issuer_names_a_point_under_the_issuer() {
    let p = pki();
    let rdn = cn_rdn("Partition R");
    // The certificate's point: nameRelativeToCRLIssuer {CN=Partition R}.
    let relative_point = tlv(0x30, &tlv(0x30, &tlv(0xa0, &tlv(0xa1, &rdn[2..]))));
    let cert = p.leaf_with_points(135, relative_point, false);
    let dp = &cert.crl_distribution_points()[0];
    assert_eq!(dp.relative_name.as_deref(), Some(&rdn[..]));
    let full = append_rdn(&ca_dn(), &rdn);
    // Placed under the certificate's issuer (no cRLIssuer).
    assert!(matches!(
        &dp.names(cert.issuer())[..],
        [jpki::cert::GeneralName::DirectoryName(d)] if d.der() == full
    ));
    // A CRL naming the same point relatively, or by its full name: covered.
    let by_relative = sign(
        p.full(160).relative_distribution_point(rdn.clone()),
        p.key(1),
    );
    let idp = BorrowedCrl::from_der(&by_relative).unwrap();
    assert_eq!(
        idp.issuing_distribution_point()
            .unwrap()
            .relative_name
            .as_deref(),
        Some(&rdn[..])
    );
    let by_full = sign(
        p.full(161).issuing_distribution_point(full, CrlScope::All),
        p.key(1),
    );
    for crl in [&by_relative, &by_full] {
        assert!(BorrowedCrl::from_der(crl).unwrap().covers(&cert));
        assert_eq!(
            status(&p.verifier(RevocationMode::HardFail, &[crl]), &cert),
            good()
        );
    }
    // Another relative name: another point, not covered.
    let elsewhere = sign(
        p.full(162)
            .relative_distribution_point(cn_rdn("Partition S")),
        p.key(1),
    );
    assert!(!BorrowedCrl::from_der(&elsewhere).unwrap().covers(&cert));
    let v = p.verifier(RevocationMode::HardFail, &[&elsewhere]);
    assert!(causes(&status(&v, &cert)).is_empty());
    // The certificate of the full-name partition is covered by the relative CRL.
    let named = p.leaf_with_points(
        136,
        tlv(0x30, &point(&append_rdn(&ca_dn(), &rdn), None)),
        false,
    );
    assert!(BorrowedCrl::from_der(&by_relative).unwrap().covers(&named));
}

#[test]
fn a_crl_no_longer_current_still_revokes_but_never_says_good() {
    let p = pki();
    let cert = p.leaf(139, None, false);
    let stale = |reason| {
        sign(
            CrlBuilder::new(&p.ca, at().sub_days(10))
                .next_update(at().sub_days(3))
                .crl_number(Serial::from_u64(175))
                .revoke(Serial::from_u64(139), at().sub_days(20), Some(reason), None),
            p.key(1),
        )
    };
    let compromised = stale(RevocationReason::KeyCompromise);
    for mode in [RevocationMode::HardFail, RevocationMode::SoftFail] {
        let v = p.verifier(mode, &[&compromised]);
        assert!(is_revoked(
            &status(&v, &cert),
            Some(RevocationReason::KeyCompromise)
        ));
    }
    // A hold may have been released since: no answer (and soft fail accepts).
    let held = stale(RevocationReason::CertificateHold);
    let v = p.verifier(RevocationMode::HardFail, &[&held]);
    assert!(matches!(
        &causes(&status(&v, &cert))[..],
        [Error::CrlNotCurrent { .. }]
    ));
    let v = p.verifier(RevocationMode::SoftFail, &[&held]);
    assert!(v.verify_certificate(&cert, Usage::Any, at()).is_valid());
    // Not listed, not current: never good.
    let empty = sign(
        CrlBuilder::new(&p.ca, at().sub_days(10))
            .next_update(at().sub_days(3))
            .crl_number(Serial::from_u64(176)),
        p.key(1),
    );
    let v = p.verifier(RevocationMode::HardFail, &[&empty]);
    assert!(matches!(
        &causes(&status(&v, &cert))[..],
        [Error::CrlNotCurrent { .. }]
    ));
}

#[test]
fn malformed_points_and_relative_names_are_typed_errors() {
    let p = pki();
    let subject = dn_der(&[("CN", "Malformed points")]).unwrap();
    let with_points = |points: Vec<u8>| {
        issue(140, ca_dn(), &p.keys[1].1, subject.clone(), &p.keys[5].1)
            .extension(oid(CRL_DP), false, points)
            .sign(p.key(1))
    };
    // A nameRelativeToCRLIssuer that is no RelativeDistinguishedName, and
    // reasons with more than seven unused bits: the certificate is refused.
    let not_an_rdn = tlv(0x30, &tlv(0x30, &tlv(0xa0, &tlv(0xa1, &[0x04, 0x00]))));
    let bad_bits = tlv(0x30, &tlv(0x30, &tlv(0x81, &[0x08, 0x80])));
    for points in [not_an_rdn, bad_bits] {
        let err = with_points(points).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }
    // An issuingDistributionPoint whose relative name is no RDN.
    const IDP: &str = "2.5.29.28";
    let idp = tlv(0x30, &tlv(0xa0, &tlv(0xa1, &[0x04, 0x00])));
    let der = sign(p.full(177).extension(oid(IDP), true, idp), p.key(1));
    let err = BorrowedCrl::from_der(&der).unwrap_err();
    assert!(matches!(err, Error::CrlMalformed { .. }), "{err:?}");
    assert!(err.to_string().contains("nameRelativeToCRLIssuer"), "{err}");
}

/// The root's CRL revoking `serial` (a CA certificate of the root).
fn root_crl_revoking(serial: u64) -> Vec<u8> {
    let p = pki();
    CrlBuilder::new(&p.root, at().sub_days(1))
        .next_update(at().add_seconds(6 * DAY))
        .crl_number(Serial::from_u64(3))
        .revoke(
            Serial::from_u64(serial),
            at().sub_days(3),
            Some(RevocationReason::KeyCompromise),
            None,
        )
        .sign(p.key(0))
        .unwrap()
}

#[test]
fn a_crl_signer_whose_certificate_is_revoked_does_not_speak() {
    let p = pki();
    let issuer_dn = crl_issuer_dn();
    let via = p.leaf(137, Some(&issuer_dn), false);
    let indirect = sign(indirect_crl(p, 170), p.key(3));
    // The CRL issuer (serial 4) in good standing, then revoked by the root.
    assert_speaks_until_its_signer_is_revoked(&via, &indirect, 4);
    // No revocation data for the CRL issuer under hard fail: no answer either.
    let v = Verifier::builder()
        .trust_anchor(p.root.clone())
        .intermediates([p.ca.clone(), p.crl_issuer.clone()])
        .revocation(RevocationPolicy::default().with_order(SourceOrder::CrlFirst))
        .build()
        .unwrap();
    v.add_crl(&indirect).unwrap();
    let verdict = v.verify_certificate(&via, Usage::Any, at());
    let Check::Failed(Error::RevocationUnavailable { causes: why, .. }) = &verdict.revocation
    else {
        panic!("{:?}", verdict.revocation);
    };
    assert!(
        why.iter()
            .any(|c| matches!(c, Error::CrlSignerNotValidated { .. })),
        "{why:?}"
    );
    // The rolled-over key's certificate (serial 3) revoked: its CRL does not
    // speak for the old key's certificates.
    let cert = p.leaf(138, None, false);
    let by_new_key = sign(
        CrlBuilder::new(&p.ca_rolled, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(171)),
        p.key(2),
    );
    assert_speaks_until_its_signer_is_revoked(&cert, &by_new_key, 3);
}

/// `crl` answers good for `cert` while its signer (the root's certificate
/// `signer_serial`) is in good standing; once the root's CRL revokes the
/// signer, it is no answer, and the cause says why.
fn assert_speaks_until_its_signer_is_revoked(cert: &Certificate, crl: &[u8], signer_serial: u64) {
    let p = pki();
    let v = p.verifier(RevocationMode::HardFail, &[crl]);
    assert_eq!(status(&v, cert), good());
    let revoking = root_crl_revoking(signer_serial);
    let v = p.verifier_with_root_crl(RevocationMode::HardFail, &revoking, &[crl]);
    assert!(matches!(
        &causes(&status(&v, cert))[..],
        [Error::CrlSignerNotValidated { reason, .. }] if reason.contains("revoked")
    ));
}

// ---------------------------------------------------------------------------
// OpenSSL cross-checks.

fn work_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-crl-shapes-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_pem(dir: &Path, name: &str, label: &str, ders: &[&[u8]]) -> PathBuf {
    let path = dir.join(name);
    let text: String = ders.iter().map(|d| jpki::pem::encode(label, d)).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// `openssl verify -crl_check_all -policy_check -extended_crl -use_deltas` of
/// `cert` with the root as anchor, the CA generations and the CRL issuer as
/// untrusted, and `crls` (the root's CRL added): whether it accepts, and its
/// output.
fn openssl_verify(name: &str, cert: &Certificate, crls: &[&[u8]]) -> (bool, String) {
    openssl_verify_with(name, cert, &pki().root_crl(), crls)
}

/// [`openssl_verify`] with `root_crl` as the root's CRL.
fn openssl_verify_with(
    name: &str,
    cert: &Certificate,
    root_crl: &[u8],
    crls: &[&[u8]],
) -> (bool, String) {
    let p = pki();
    let dir = work_dir(name);
    let ca_file = write_pem(&dir, "root.pem", "CERTIFICATE", &[p.root.der()]);
    let untrusted = write_pem(
        &dir,
        "untrusted.pem",
        "CERTIFICATE",
        &[p.ca.der(), p.ca_rolled.der(), p.crl_issuer.der()],
    );
    let mut all: Vec<&[u8]> = vec![root_crl];
    all.extend_from_slice(crls);
    let crl_file = write_pem(&dir, "crls.pem", "X509 CRL", &all);
    let leaf = write_pem(&dir, "leaf.pem", "CERTIFICATE", &[cert.der()]);
    let out = Command::new("openssl")
        .args([
            "verify",
            "-crl_check_all",
            "-policy_check",
            "-extended_crl",
            "-use_deltas",
        ])
        .arg("-attime")
        .arg(at().unix_seconds().to_string())
        .arg("-CAfile")
        .arg(&ca_file)
        .arg("-untrusted")
        .arg(&untrusted)
        .arg("-CRLfile")
        .arg(&crl_file)
        .arg(&leaf)
        .output()
        .expect("openssl is required for the cross-checks");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    (out.status.success(), text)
}

/// Whether we accept `cert` under hard fail holding `crls`.
fn we_accept(cert: &Certificate, crls: &[&[u8]]) -> bool {
    let v = pki().verifier(RevocationMode::HardFail, crls);
    v.verify_certificate(cert, Usage::Any, at()).is_valid()
}

#[test]
fn openssl_agrees_on_deltas() {
    let p = pki();
    let listed = p.leaf(120, None, false);
    let unlisted = p.leaf(121, None, false);
    let base = sign(
        p.full(100).freshest_crl("http://crl.example/d.crl"),
        p.key(1),
    );
    let delta = sign(
        p.delta(101, 100).revoke(
            Serial::from_u64(120),
            at().minus_hours(2),
            Some(RevocationReason::KeyCompromise),
            None,
        ),
        p.key(1),
    );
    // Base (with freshestCRL) and delta: both revoke the listed one and accept
    // the other.
    for (cert, expect) in [(&listed, false), (&unlisted, true)] {
        let (ok, text) = openssl_verify("delta", cert, &[&base, &delta]);
        assert_eq!(ok, expect, "openssl: {text}");
        assert_eq!(we_accept(cert, &[&base, &delta]), expect);
        if !expect {
            assert!(text.contains("revoked"), "{text}");
        }
    }
    // Deliberate difference: without freshestCRL in the base or the
    // certificate, OpenSSL does not look at delta CRLs at all (x509_vfy.c
    // get_delta_sk) and accepts a certificate only the delta revokes; we
    // never report good a certificate that any CRL supplied revokes.
    let plain_base = sign(p.full(100), p.key(1));
    let (ok, text) = openssl_verify("delta-plain", &listed, &[&plain_base, &delta]);
    assert!(ok, "openssl ignores the delta here: {text}");
    assert!(!we_accept(&listed, &[&plain_base, &delta]));
    // Both refuse a base with freshestCRL and no delta? OpenSSL accepts it
    // (the delta is optional to it); we say no answer (hard fail): a
    // deliberate, fail-closed difference (RFC 5280 §6.3.3 (a)(1)(i)).
    let (ok, text) = openssl_verify("delta-missing", &unlisted, &[&base]);
    assert!(ok, "openssl: {text}");
    assert!(!we_accept(&unlisted, &[&base]));
}

#[test]
fn openssl_agrees_on_only_some_reasons() {
    let p = pki();
    let cert = p.leaf(122, None, false);
    let compromise = sign(
        p.full(110).only_some_reasons(key_and_ca_compromise()),
        p.key(1),
    );
    let rest = sign(p.full(111).only_some_reasons(other_reasons()), p.key(1));
    let listing = sign(
        p.full(110)
            .only_some_reasons(key_and_ca_compromise())
            .revoke(
                Serial::from_u64(122),
                at().sub_days(2),
                Some(RevocationReason::KeyCompromise),
                None,
            ),
        p.key(1),
    );
    for (name, crls, expect) in [
        ("reasons-partial", vec![&compromise[..]], false),
        ("reasons-all", vec![&compromise[..], &rest[..]], true),
        ("reasons-revoked", vec![&listing[..], &rest[..]], false),
    ] {
        let (ok, text) = openssl_verify(name, &cert, &crls);
        assert_eq!(ok, expect, "{name}: openssl: {text}");
        assert_eq!(we_accept(&cert, &crls), expect, "{name}");
    }
}

/// What the verifier answers in a cross-check.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Answer {
    /// Accepted (revocation good).
    Good,
    /// The certificate is revoked.
    Revoked,
    /// No revocation data answers for it (hard fail).
    NoData,
}

/// One cross-check: the name, the certificate, the root's CRL, the other
/// CRLs, our answer, and what OpenSSL's output must say (it accepts exactly
/// when we answer good).
struct Case {
    name: &'static str,
    cert: Certificate,
    root_crl: Vec<u8>,
    crls: Vec<Vec<u8>>,
    answer: Answer,
    openssl_says: &'static str,
}

fn check_cases(cases: &[Case]) {
    for case in cases {
        let crls: Vec<&[u8]> = case.crls.iter().map(Vec::as_slice).collect();
        let (ok, text) = openssl_verify_with(case.name, &case.cert, &case.root_crl, &crls);
        assert_eq!(
            ok,
            case.answer == Answer::Good,
            "{}: openssl: {text}",
            case.name
        );
        assert!(
            text.contains(case.openssl_says),
            "{}: openssl: {text}",
            case.name
        );
        let v = pki().verifier_with_root_crl(RevocationMode::HardFail, &case.root_crl, &crls);
        let verdict = v.verify_certificate(&case.cert, Usage::Any, at());
        assert!(verdict.certificate.passed(), "{}", case.name);
        let ours = match &verdict.revocation {
            Check::Passed => Answer::Good,
            Check::Failed(Error::CertificateRevoked { .. }) => Answer::Revoked,
            Check::Failed(Error::RevocationUnavailable { .. }) => Answer::NoData,
            other => panic!("{}: {other:?}", case.name),
        };
        assert_eq!(ours, case.answer, "{}: jpki", case.name);
    }
}

#[test]
fn openssl_agrees_on_indirect_and_rolled_over_crls() {
    let p = pki();
    let issuer_dn = crl_issuer_dn();
    let via = p.leaf(180, Some(&issuer_dn), false);
    let listed = p.leaf(181, Some(&issuer_dn), false);
    let indirect = sign(
        indirect_crl(p, 190)
            .revoke(Serial::from_u64(181), at().sub_days(2), None, None)
            .certificate_issuer(Serial::from_u64(181), &ca_dn()),
        p.key(3),
    );
    let direct = p.leaf(182, None, false);
    let by_new_key = |number: u64, revoke: Option<u64>| {
        let mut b = CrlBuilder::new(&p.ca_rolled, at().sub_days(1))
            .next_update(at().add_seconds(6 * DAY))
            .crl_number(Serial::from_u64(number));
        if let Some(serial) = revoke {
            b = b.revoke(Serial::from_u64(serial), at().sub_days(2), None, None);
        }
        sign(b, p.key(2))
    };
    let root_crl = p.root_crl();
    check_cases(&[
        Case {
            name: "indirect-good",
            cert: via.clone(),
            root_crl: root_crl.clone(),
            crls: vec![indirect.clone()],
            answer: Answer::Good,
            openssl_says: ": OK",
        },
        Case {
            name: "indirect-revoked",
            cert: listed,
            root_crl: root_crl.clone(),
            crls: vec![indirect.clone()],
            answer: Answer::Revoked,
            openssl_says: "certificate revoked",
        },
        Case {
            name: "indirect-signer-revoked",
            cert: via,
            root_crl: root_crl_revoking(4),
            crls: vec![indirect],
            // OpenSSL reports the CRL path's revoked certificate; we report
            // no usable revocation data for the leaf (its cause: the CRL
            // signer is revoked). Both refuse.
            answer: Answer::NoData,
            openssl_says: "[CRL path] error 23",
        },
        Case {
            name: "rolled-good",
            cert: direct.clone(),
            root_crl: root_crl.clone(),
            crls: vec![by_new_key(191, None)],
            answer: Answer::Good,
            openssl_says: ": OK",
        },
        Case {
            name: "rolled-revoked",
            cert: direct.clone(),
            root_crl: root_crl.clone(),
            crls: vec![by_new_key(192, Some(182))],
            answer: Answer::Revoked,
            openssl_says: "certificate revoked",
        },
        Case {
            name: "rolled-signer-revoked",
            cert: direct,
            root_crl: root_crl_revoking(3),
            crls: vec![by_new_key(193, None)],
            answer: Answer::NoData,
            openssl_says: "[CRL path] error 23",
        },
    ]);
}

#[test]
fn openssl_agrees_on_scopes_points_and_names() {
    let p = pki();
    let root_crl = p.root_crl();
    let case = |name, cert: &Certificate, crls: Vec<Vec<u8>>, answer, openssl_says| Case {
        name,
        cert: cert.clone(),
        root_crl: root_crl.clone(),
        crls,
        answer,
        openssl_says,
    };
    let cert = p.leaf(183, None, false);
    let two_points = two_point_leaf(184);
    let (first, second) = (partition_crl(200, dp_dn()), partition_crl(201, dp2_dn()));
    let rdn = cn_rdn("Partition R");
    let relative = p.leaf_with_points(
        185,
        tlv(0x30, &tlv(0x30, &tlv(0xa0, &tlv(0xa1, &rdn[2..])))),
        false,
    );
    let by_relative = sign(p.full(202).relative_distribution_point(rdn), p.key(1));
    let by_other_relative = sign(
        p.full(203)
            .relative_distribution_point(cn_rdn("Partition S")),
        p.key(1),
    );
    let variant_name = sign(
        p.full(204)
            .issuer_name(ca_dn_variant())
            .issuing_distribution_point(dp_dn(), CrlScope::All)
            .revoke(Serial::from_u64(183), at().sub_days(2), None, None),
        p.key(1),
    );
    check_cases(&[
        case(
            "user-only",
            &cert,
            vec![sign(p.full(205).scope(CrlScope::UserCerts), p.key(1))],
            Answer::Good,
            ": OK",
        ),
        case(
            "ca-only",
            &cert,
            vec![sign(p.full(206).scope(CrlScope::CaCerts), p.key(1))],
            Answer::NoData,
            "different CRL scope",
        ),
        case(
            "points-one",
            &two_points,
            vec![first.clone()],
            Answer::NoData,
            "unable to get certificate CRL",
        ),
        case(
            "points-both",
            &two_points,
            vec![first, second],
            Answer::Good,
            ": OK",
        ),
        case(
            "relative",
            &relative,
            vec![by_relative],
            Answer::Good,
            ": OK",
        ),
        case(
            "relative-other",
            &relative,
            vec![by_other_relative],
            Answer::NoData,
            "different CRL scope",
        ),
        case(
            "name-variant-revokes",
            &cert,
            vec![variant_name],
            Answer::Revoked,
            "certificate revoked",
        ),
    ]);
}
