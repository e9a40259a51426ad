//! Certification path validation (`jpki::path`): chains from the simulated J-LIS
//! authority (CA generations under one DN, link certificates), hand-built
//! hierarchies with deliberate faults, and the real J-LIS roots as anchors. Every
//! rejection asserts the exact error variant and its data.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use der::Encode;
use der::asn1::OctetString;
use jpki::Certificate;
use jpki::Date;
use jpki::Error;
use jpki::Serial;
use jpki::Sex;
use jpki::Time;
use jpki::cert::CertificateKind;
use jpki::crypto::{HashAlgorithm, SignatureScheme};
use jpki::oid::Oid;
use jpki::path::{ValidatedPath, ValidationOptions, validate};
use jpki::sim::{
    Authority, AuthorityOptions, CertificateBuilder, Purpose, RegisterRecord, SimKey, dn_der,
};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};

const SIGNING_CA_DN: &str = "C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems";

const KU: &str = "2.5.29.15";
const BC: &str = "2.5.29.19";
const SKI: &str = "2.5.29.14";
const AKI: &str = "2.5.29.35";
const NAME_CONSTRAINTS: &str = "2.5.29.30";
const UNKNOWN: &str = "1.2.392.200149.8.5.99.1";

const DAY: u64 = 86_400;

// ---------------------------------------------------------------------------
// Fixtures. RSA key generation is the slow part: one simulated authority (kept in
// a directory, which the persistence test inspects) and four test keys serve
// every test.

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn days_before(t: Time, days: u64) -> Time {
    Time::from_unix_seconds(t.unix_seconds() - days * DAY)
}

fn days_after(t: Time, days: u64) -> Time {
    t.add_seconds(days * DAY)
}

fn opts() -> ValidationOptions {
    ValidationOptions::new(at())
}

fn oid(dotted: &str) -> Oid {
    dotted.parse().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn serial_of(cert: &Certificate) -> jpki::Serial {
    cert.serial().clone()
}

/// Four RSA-2048 keys with their SubjectPublicKeyInfo, generated two at a time.
fn keys() -> &'static [(SimKey, Vec<u8>)] {
    static KEYS: OnceLock<Vec<(SimKey, Vec<u8>)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let make = || {
            let key = SimKey::generate(2048).unwrap();
            let spki = key.public_key_der().unwrap();
            (key, spki)
        };
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..2).map(|_| s.spawn(|| [make(), make()])).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        })
    })
}

/// The simulated authority's certificates, made once.
struct Sim {
    dir: PathBuf,
    /// Signing CA generations 1 and 2.
    sign_roots: [Certificate; 2],
    /// Every root of both hierarchies (what `trust.pem` holds).
    roots: Vec<Certificate>,
    /// Every link certificate (what `links.pem` holds).
    links: Vec<Certificate>,
    /// Signing hierarchy: generation 1's key certified by generation 2.
    old_with_new: Certificate,
    /// Signing hierarchy: generation 2's key certified by generation 1.
    new_with_old: Certificate,
    sign_gen1: Certificate,
    sign_gen2: Certificate,
    auth_gen2: Certificate,
}

fn sim() -> &'static Sim {
    static SIM: OnceLock<Sim> = OnceLock::new();
    SIM.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!(
            "jpki-core-test-path-validation-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let mut authority = Authority::create(&dir, AuthorityOptions::default(), at()).unwrap();
        let resident = RegisterRecord {
            name: "経路 検証".into(),
            birth_date: Date::parse_iso("1980-05-05").unwrap(),
            sex: Sex::Female,
            address: "東京都千代田区霞が関2丁目1番2号".into(),
            prefecture: None,
            municipality: None,
        };
        let card_key = &keys()[3].1;
        let sign_gen1 = authority
            .issue_from_generation(&resident, card_key, Purpose::Signing, 1, at())
            .unwrap();
        let sign_gen2 = authority
            .issue(&resident, card_key, Purpose::Signing, at())
            .unwrap();
        let auth_gen2 = authority
            .issue(&resident, card_key, Purpose::Authentication, at())
            .unwrap();
        let sign: Vec<Certificate> = authority
            .generations_of(Purpose::Signing)
            .map(|g| g.certificate().clone())
            .collect();
        Sim {
            dir,
            sign_roots: [sign[0].clone(), sign[1].clone()],
            roots: authority.trust_anchors().into_iter().cloned().collect(),
            links: authority.link_certificates().into_iter().cloned().collect(),
            old_with_new: authority.old_with_new(Purpose::Signing, 1).unwrap().clone(),
            new_with_old: authority.new_with_old(Purpose::Signing, 1).unwrap().clone(),
            sign_gen1,
            sign_gen2,
            auth_gen2,
        }
    })
}

// ---------------------------------------------------------------------------
// Hand-built hierarchies.

/// A certificate subject: a DN and one of the test keys.
struct Party {
    dn: Vec<u8>,
    key: usize,
}

fn party(cn: &str, key: usize) -> Party {
    Party {
        dn: dn_der(&[("C", "JP"), ("O", "jpki path tests"), ("CN", cn)]).unwrap(),
        key,
    }
}

fn test_key_id(key: usize) -> Vec<u8> {
    Sha256::digest(&keys()[key].1)[..20].to_vec()
}

fn signer(p: &Party) -> &'static SimKey {
    &keys()[p.key].0
}

fn ski_der(id: &[u8]) -> Vec<u8> {
    SubjectKeyIdentifier(OctetString::new(id).unwrap())
        .to_der()
        .unwrap()
}

fn aki_der(id: &[u8]) -> Vec<u8> {
    AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(id).unwrap()),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    }
    .to_der()
    .unwrap()
}

fn bc_der(ca: bool, path_len: Option<u8>) -> Vec<u8> {
    BasicConstraints {
        ca,
        path_len_constraint: path_len,
    }
    .to_der()
    .unwrap()
}

fn ku_der(usage: KeyUsage) -> Vec<u8> {
    usage.to_der().unwrap()
}

/// A certificate for `subject` issued by `issuer`, valid from `not_before` to
/// `not_after`, with subjectKeyIdentifier and authorityKeyIdentifier (key ids).
fn issue_valid(
    serial: u64,
    subject: &Party,
    issuer: &Party,
    not_before: Time,
    not_after: Time,
) -> CertificateBuilder {
    CertificateBuilder::new(
        Serial::from_u64(serial),
        issuer.dn.clone(),
        subject.dn.clone(),
        not_before,
        not_after,
        keys()[subject.key].1.clone(),
    )
    .extension(oid(SKI), false, ski_der(&test_key_id(subject.key)))
    .extension(oid(AKI), false, aki_der(&test_key_id(issuer.key)))
}

/// As [`issue_valid`], valid from a month before [`at`] to a year after.
fn issue(serial: u64, subject: &Party, issuer: &Party) -> CertificateBuilder {
    issue_valid(
        serial,
        subject,
        issuer,
        days_before(at(), 30),
        days_after(at(), 365),
    )
}

/// Marks a certificate as a CA: basicConstraints cA (critical) and keyUsage
/// keyCertSign + cRLSign (critical).
fn ca(builder: CertificateBuilder, path_len: Option<u8>) -> CertificateBuilder {
    builder
        .extension(oid(BC), true, bc_der(true, path_len))
        .extension(
            oid(KU),
            true,
            ku_der(KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)),
        )
}

/// Marks a certificate as a JPKI-style signing end entity: keyUsage
/// digitalSignature + nonRepudiation (critical).
fn leaf(builder: CertificateBuilder) -> CertificateBuilder {
    builder.extension(
        oid(KU),
        true,
        ku_der(KeyUsage(
            KeyUsages::DigitalSignature | KeyUsages::NonRepudiation,
        )),
    )
}

/// A self-signed root CA.
fn root(serial: u64, p: &Party, path_len: Option<u8>) -> Certificate {
    ca(
        issue_valid(serial, p, p, days_before(at(), 365), days_after(at(), 3650)),
        path_len,
    )
    .sign(signer(p))
    .unwrap()
}

fn ders(path: &ValidatedPath) -> Vec<&[u8]> {
    path.certificates().iter().map(Certificate::der).collect()
}

fn assert_path(path: &ValidatedPath, expected: &[&Certificate]) {
    let want: Vec<&[u8]> = expected.iter().map(|c| c.der()).collect();
    assert_eq!(ders(path), want);
    assert_eq!(path.end_entity().der(), want[0]);
    assert_eq!(path.anchor().der(), *want.last().unwrap());
}

// ---------------------------------------------------------------------------
// The simulated authority: generations and link certificates

#[test]
fn a_simulated_signing_certificate_validates_to_its_generation_root() {
    let sim = sim();
    let path = validate(&sim.sign_gen2, &[], &sim.roots, &opts()).unwrap();
    assert_path(&path, &[&sim.sign_gen2, &sim.sign_roots[1]]);
    assert!(!path.uses_legacy_sha1());

    // A signing certificate carries nonRepudiation.
    let mut strict = opts();
    strict.require_non_repudiation = true;
    let path = validate(&sim.sign_gen2, &sim.links, &sim.roots, &strict).unwrap();
    assert_path(&path, &[&sim.sign_gen2, &sim.sign_roots[1]]);

    // The authentication certificate chains to the authentication root.
    let path = validate(&sim.auth_gen2, &sim.links, &sim.roots, &opts()).unwrap();
    assert_eq!(path.certificates().len(), 2);
    assert!(
        path.anchor()
            .subject()
            .to_string()
            .contains("user authentication")
    );
    assert_eq!(
        path.anchor().subject_key_id(),
        sim.auth_gen2.authority_key_id().unwrap().key_id.as_deref()
    );
}

#[test]
fn ca_generations_are_told_apart_by_key_id_and_bridged_by_link_certificates() {
    let sim = sim();
    let [root1, root2] = &sim.sign_roots;
    assert_eq!(root1.subject().der(), root2.subject().der(), "one DN");

    // Generation 1's certificate validates with generation 1's root.
    let path = validate(&sim.sign_gen1, &[], std::slice::from_ref(root1), &opts()).unwrap();
    assert_path(&path, &[&sim.sign_gen1, root1]);

    // With only generation 2's root, the same DN does not make it the issuer: the
    // error names generation 1's key id, and no signature is even tried.
    let err = validate(&sim.sign_gen1, &[], std::slice::from_ref(root2), &opts()).unwrap_err();
    let gen1_id = hex(root1.subject_key_id().unwrap());
    match &err {
        Error::IssuerNotFound { subject, key_id } => {
            assert_eq!(subject, SIGNING_CA_DN);
            assert_eq!(key_id.as_deref(), root1.subject_key_id());
        }
        other => panic!("expected IssuerNotFound, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!("no trusted issuer for {SIGNING_CA_DN} (authority key id {gen1_id})")
    );

    // Generation 2's root plus the OldWithNew link certificate: valid again.
    let path = validate(
        &sim.sign_gen1,
        std::slice::from_ref(&sim.old_with_new),
        std::slice::from_ref(root2),
        &opts(),
    )
    .unwrap();
    assert_path(&path, &[&sim.sign_gen1, &sim.old_with_new, root2]);

    // The other direction: a verifier that still trusts only generation 1.
    let err = validate(&sim.sign_gen2, &[], std::slice::from_ref(root1), &opts()).unwrap_err();
    assert!(matches!(err, Error::IssuerNotFound { .. }), "{err:?}");
    let path = validate(
        &sim.sign_gen2,
        &sim.links,
        std::slice::from_ref(root1),
        &opts(),
    )
    .unwrap();
    assert_path(&path, &[&sim.sign_gen2, &sim.new_with_old, root1]);

    // With every root and every link, the direct path is found first.
    let path = validate(&sim.sign_gen1, &sim.links, &sim.roots, &opts()).unwrap();
    assert_path(&path, &[&sim.sign_gen1, root1]);
}

#[test]
fn link_certificates_follow_the_key_rollover_profile() {
    let sim = sim();
    let [root1, root2] = &sim.sign_roots;
    assert_eq!(sim.links.len(), 4, "two per hierarchy with two generations");

    let owl = &sim.old_with_new;
    assert!(owl.is_self_issued());
    assert_eq!(owl.kind(), CertificateKind::Ca);
    assert_eq!(owl.subject().to_string(), SIGNING_CA_DN);
    assert_eq!(owl.public_key_der(), root1.public_key_der());
    assert_eq!(owl.subject_key_id(), root1.subject_key_id());
    let aki = owl.authority_key_id().unwrap();
    assert_eq!(aki.key_id.as_deref(), root2.subject_key_id());
    assert_eq!(aki.serial.as_ref(), Some(root2.serial()));
    assert_eq!(owl.not_before(), root2.not_before());
    assert_eq!(owl.not_after(), root1.not_after());
    let ku = owl.key_usage().unwrap();
    assert!(ku.key_cert_sign && ku.crl_sign && !ku.digital_signature);
    assert_eq!(owl.basic_constraints().map(|b| b.ca), Some(true));

    let nwo = &sim.new_with_old;
    assert!(nwo.is_self_issued());
    assert_eq!(nwo.public_key_der(), root2.public_key_der());
    assert_eq!(nwo.subject_key_id(), root2.subject_key_id());
    assert_eq!(
        nwo.authority_key_id().unwrap().key_id.as_deref(),
        root1.subject_key_id()
    );

    // A link is a CA certificate, never an end entity.
    let err = validate(owl, &[], &sim.roots, &opts()).unwrap_err();
    assert!(matches!(err, Error::EndEntityIsCa { .. }), "{err:?}");
}

#[test]
fn link_certificates_persist_and_old_directories_still_open() {
    let sim = sim();
    let dir = &sim.dir;

    // trust.pem keeps only the roots; links.pem holds the links.
    let trust = Certificate::parse_all(&std::fs::read(dir.join("trust.pem")).unwrap()).unwrap();
    let trust: Vec<&[u8]> = trust.iter().map(Certificate::der).collect();
    let roots: Vec<&[u8]> = sim.roots.iter().map(Certificate::der).collect();
    assert_eq!(trust, roots);
    let links_pem = std::fs::read(dir.join("links.pem")).unwrap();
    let links = Certificate::parse_all(&links_pem).unwrap();
    let links: Vec<&[u8]> = links.iter().map(Certificate::der).collect();
    let expected: Vec<&[u8]> = sim.links.iter().map(Certificate::der).collect();
    assert_eq!(links, expected);

    let reopened = Authority::open(dir).unwrap();
    let again: Vec<&[u8]> = reopened
        .link_certificates()
        .into_iter()
        .map(Certificate::der)
        .collect();
    assert_eq!(again, expected);
    drop(reopened);

    // A directory written before link certificates existed: no "links" in
    // state.json, no links.pem. It opens, with the same links made again.
    let state_path = dir.join("state.json");
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
    assert_eq!(state["links"].as_array().unwrap().len(), 4);
    state.as_object_mut().unwrap().remove("links");
    std::fs::write(&state_path, serde_json::to_vec(&state).unwrap()).unwrap();
    std::fs::remove_file(dir.join("links.pem")).unwrap();
    let old = Authority::open(dir).unwrap();
    let regenerated: Vec<&[u8]> = old
        .link_certificates()
        .into_iter()
        .map(Certificate::der)
        .collect();
    assert_eq!(regenerated, expected);
    old.save().unwrap();
    assert_eq!(std::fs::read(dir.join("links.pem")).unwrap(), links_pem);
    drop(old);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn non_repudiation_is_required_only_when_asked() {
    let sim = sim();
    let mut strict = opts();
    strict.require_non_repudiation = true;
    validate(&sim.auth_gen2, &[], &sim.roots, &opts()).unwrap();
    let err = validate(&sim.auth_gen2, &[], &sim.roots, &strict).unwrap_err();
    match err {
        Error::KeyUsageLacks { serial, usage } => {
            assert_eq!(serial, serial_of(&sim.auth_gen2));
            assert_eq!(usage, "nonRepudiation");
        }
        other => panic!("expected KeyUsageLacks, got {other:?}"),
    }
    validate(&sim.sign_gen2, &[], &sim.roots, &strict).unwrap();
}

#[test]
fn work_limits_apply_to_the_link_path() {
    let sim = sim();
    let root2 = std::slice::from_ref(&sim.sign_roots[1]);
    let links = std::slice::from_ref(&sim.old_with_new);

    // The path end entity → link → root needs two signature verifications.
    let mut o = opts();
    o.budget = 1;
    let err = validate(&sim.sign_gen1, links, root2, &o).unwrap_err();
    assert!(
        matches!(err, Error::BudgetExhausted { budget: 1 }),
        "{err:?}"
    );
    o.budget = 2;
    validate(&sim.sign_gen1, links, root2, &o).unwrap();

    // …and three certificates.
    let mut o = opts();
    o.max_depth = 2;
    let err = validate(&sim.sign_gen1, links, root2, &o).unwrap_err();
    assert!(
        matches!(err, Error::PathTooLong { max_depth: 2 }),
        "{err:?}"
    );
    o.max_depth = 3;
    validate(&sim.sign_gen1, links, root2, &o).unwrap();
}

// ---------------------------------------------------------------------------
// Validity

#[test]
fn every_certificate_must_be_valid_at_the_validation_time() {
    let r = party("Validity Root", 0);
    let anchor = root(1, &r, None);
    let (nb, na) = (days_before(at(), 10), days_after(at(), 10));
    let ee = leaf(issue_valid(2, &party("Validity EE", 2), &r, nb, na))
        .sign(signer(&r))
        .unwrap();
    let anchors = std::slice::from_ref(&anchor);

    let check = |t: Time| validate(&ee, &[], anchors, &ValidationOptions::new(t));
    // Both bounds are inclusive.
    check(nb).unwrap();
    check(na).unwrap();

    let late = na.add_seconds(1);
    match check(late).unwrap_err() {
        Error::CertificateExpired {
            serial,
            not_after,
            at,
        } => {
            assert_eq!(serial, serial_of(&ee));
            assert_eq!(not_after, na);
            assert_eq!(at, late);
        }
        other => panic!("expected CertificateExpired, got {other:?}"),
    }
    let early = Time::from_unix_seconds(nb.unix_seconds() - 1);
    match check(early).unwrap_err() {
        Error::CertificateNotYetValid {
            serial,
            not_before,
            at,
        } => {
            assert_eq!(serial, serial_of(&ee));
            assert_eq!(not_before, nb);
            assert_eq!(at, early);
        }
        other => panic!("expected CertificateNotYetValid, got {other:?}"),
    }
}

#[test]
fn an_expired_anchor_fails_the_path() {
    let r = party("Expired Root", 0);
    let root_end = days_before(at(), 1);
    let anchor = ca(
        issue_valid(1, &r, &r, days_before(at(), 3650), root_end),
        None,
    )
    .sign(signer(&r))
    .unwrap();
    let ee = leaf(issue(2, &party("Under Expired Root", 2), &r))
        .sign(signer(&r))
        .unwrap();
    let err = validate(&ee, &[], std::slice::from_ref(&anchor), &opts()).unwrap_err();
    match err {
        Error::CertificateExpired {
            serial,
            not_after,
            at: t,
        } => {
            assert_eq!(serial, serial_of(&anchor));
            assert_eq!(not_after, root_end);
            assert_eq!(t, at());
        }
        other => panic!("expected CertificateExpired, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Signatures

#[test]
fn tampered_certificates_fail_their_signature() {
    let r = party("Tamper Root", 0);
    let anchor = root(1, &r, None);
    let anchors = std::slice::from_ref(&anchor);
    let ee = leaf(issue(2, &party("tamper-target", 2), &r))
        .sign(signer(&r))
        .unwrap();
    validate(&ee, &[], anchors, &opts()).unwrap();
    let expect_bad_signature = |der: Vec<u8>| {
        let cert = Certificate::from_der(&der).unwrap();
        match validate(&cert, &[], anchors, &opts()).unwrap_err() {
            Error::CertificateSignatureInvalid { serial } => assert_eq!(serial, serial_of(&ee)),
            other => panic!("expected CertificateSignatureInvalid, got {other:?}"),
        }
    };

    // One bit of the signature value.
    let mut der = ee.der().to_vec();
    *der.last_mut().unwrap() ^= 0x01;
    expect_bad_signature(der);

    // One character of the subject inside tbsCertificate (still a valid name).
    let mut der = ee.der().to_vec();
    let at_name = der.windows(13).position(|w| w == b"tamper-target").unwrap();
    der[at_name + 12] = b'T';
    let changed = Certificate::from_der(&der).unwrap();
    assert_eq!(changed.subject().common_name(), Some("tamper-targeT"));
    expect_bad_signature(der);

    // A certificate naming the root's key id but signed by another key.
    let forged = leaf(issue(3, &party("Forged", 2), &r))
        .sign(&keys()[1].0)
        .unwrap();
    match validate(&forged, &[], anchors, &opts()).unwrap_err() {
        Error::CertificateSignatureInvalid { serial } => assert_eq!(serial, serial_of(&forged)),
        other => panic!("expected CertificateSignatureInvalid, got {other:?}"),
    }
}

#[test]
fn the_inner_and_outer_signature_algorithms_must_agree() {
    let r = party("Algorithm Root", 0);
    let anchor = root(1, &r, None);
    let ee = leaf(issue(2, &party("Algorithm EE", 2), &r))
        .sign(signer(&r))
        .unwrap();
    // sha256WithRSAEncryption appears in tbsCertificate and after it; make the
    // outer one say sha384WithRSAEncryption.
    let sha256_with_rsa = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
    ];
    let mut der = ee.der().to_vec();
    let outer = der
        .windows(sha256_with_rsa.len())
        .rposition(|w| w == sha256_with_rsa)
        .unwrap();
    assert!(outer > ee.tbs_der().len());
    der[outer + sha256_with_rsa.len() - 1] = 0x0c;
    let cert = Certificate::from_der(&der).unwrap();
    match validate(&cert, &[], std::slice::from_ref(&anchor), &opts()).unwrap_err() {
        Error::SignatureAlgorithmMismatch { serial } => assert_eq!(serial, serial_of(&ee)),
        other => panic!("expected SignatureAlgorithmMismatch, got {other:?}"),
    }
}

#[test]
fn sha1_is_refused_unless_legacy_is_allowed() {
    let r = party("SHA-1 Root", 0);
    let anchor = root(1, &r, None);
    let anchors = std::slice::from_ref(&anchor);
    let sha1 = SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1);
    let ee = leaf(issue(2, &party("住基カード era", 2), &r))
        .signature_scheme(sha1)
        .sign(signer(&r))
        .unwrap();
    assert_eq!(ee.signature_algorithm().to_dotted(), "1.2.840.113549.1.1.5");

    match validate(&ee, &[], anchors, &opts()).unwrap_err() {
        Error::LegacyCertificateSignature { serial } => assert_eq!(serial, serial_of(&ee)),
        other => panic!("expected LegacyCertificateSignature, got {other:?}"),
    }
    let mut legacy = opts();
    legacy.allow_legacy_sha1 = true;
    let path = validate(&ee, &[], anchors, &legacy).unwrap();
    assert!(path.uses_legacy_sha1());

    // A SHA-1 signature on an intermediate counts as well.
    let i = party("SHA-1 Intermediate", 1);
    let inter = ca(issue(3, &i, &r), None)
        .signature_scheme(sha1)
        .sign(signer(&r))
        .unwrap();
    let below = leaf(issue(4, &party("Below SHA-1", 2), &i))
        .sign(signer(&i))
        .unwrap();
    let inters = std::slice::from_ref(&inter);
    match validate(&below, inters, anchors, &opts()).unwrap_err() {
        Error::LegacyCertificateSignature { serial } => assert_eq!(serial, serial_of(&inter)),
        other => panic!("expected LegacyCertificateSignature, got {other:?}"),
    }
    let path = validate(&below, inters, anchors, &legacy).unwrap();
    assert!(path.uses_legacy_sha1());
    assert_eq!(path.certificates().len(), 3);

    // The anchor's own signature is not relied on, so its algorithm does not matter.
    let old_root = ca(
        issue_valid(5, &r, &r, days_before(at(), 365), days_after(at(), 365)),
        None,
    )
    .signature_scheme(sha1)
    .sign(signer(&r))
    .unwrap();
    let modern = leaf(issue(6, &party("Modern", 2), &r))
        .sign(signer(&r))
        .unwrap();
    let path = validate(&modern, &[], std::slice::from_ref(&old_root), &opts()).unwrap();
    assert!(!path.uses_legacy_sha1());
}

#[test]
fn pss_and_sha384_signatures_validate() {
    let r = party("Modern Root", 0);
    let anchor = root(1, &r, None);
    let anchors = std::slice::from_ref(&anchor);
    for (serial, scheme, oid) in [
        (
            2,
            SignatureScheme::Pss {
                hash: HashAlgorithm::Sha256,
                salt_len: 32,
            },
            "1.2.840.113549.1.1.10",
        ),
        (
            3,
            SignatureScheme::Pss {
                hash: HashAlgorithm::Sha512,
                salt_len: 64,
            },
            "1.2.840.113549.1.1.10",
        ),
        (
            4,
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384),
            "1.2.840.113549.1.1.12",
        ),
        (
            5,
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512),
            "1.2.840.113549.1.1.13",
        ),
    ] {
        let ee = leaf(issue(serial, &party("Scheme EE", 2), &r))
            .signature_scheme(scheme)
            .sign(signer(&r))
            .unwrap();
        assert_eq!(ee.signature_algorithm().to_dotted(), oid);
        let path =
            validate(&ee, &[], anchors, &opts()).unwrap_or_else(|e| panic!("{scheme}: {e:?}"));
        assert!(!path.uses_legacy_sha1());
    }
}

// ---------------------------------------------------------------------------
// CA constraints

#[test]
fn an_issuer_must_be_a_ca_with_key_cert_sign() {
    let r = party("Constraint Root", 0);
    let anchor = root(1, &r, None);
    let anchors = std::slice::from_ref(&anchor);
    let i = party("Constraint Intermediate", 1);
    let e = party("Constraint EE", 2);
    let below = leaf(issue(10, &e, &i)).sign(signer(&i)).unwrap();
    let with = |inter: Certificate| {
        let result = validate(&below, std::slice::from_ref(&inter), anchors, &opts());
        (result, serial_of(&inter))
    };

    // basicConstraints cA=false.
    let (result, serial) = with(
        issue(2, &i, &r)
            .extension(oid(BC), true, bc_der(false, None))
            .sign(signer(&r))
            .unwrap(),
    );
    match result.unwrap_err() {
        Error::NotCa { serial: s } => assert_eq!(s, serial),
        other => panic!("expected NotCa, got {other:?}"),
    }
    // No basicConstraints at all.
    let (result, serial) = with(issue(3, &i, &r).sign(signer(&r)).unwrap());
    match result.unwrap_err() {
        Error::NotCa { serial: s } => assert_eq!(s, serial),
        other => panic!("expected NotCa, got {other:?}"),
    }
    // A CA whose keyUsage lacks keyCertSign.
    let (result, serial) = with(
        issue(4, &i, &r)
            .extension(oid(BC), true, bc_der(true, None))
            .extension(
                oid(KU),
                true,
                ku_der(KeyUsage(KeyUsages::DigitalSignature | KeyUsages::CRLSign)),
            )
            .sign(signer(&r))
            .unwrap(),
    );
    match result.unwrap_err() {
        Error::KeyUsageLacks { serial: s, usage } => {
            assert_eq!(s, serial);
            assert_eq!(usage, "keyCertSign");
        }
        other => panic!("expected KeyUsageLacks, got {other:?}"),
    }
    // A CA without keyUsage is acceptable; so is the complete profile.
    let (result, _) = with(
        issue(5, &i, &r)
            .extension(oid(BC), true, bc_der(true, None))
            .sign(signer(&r))
            .unwrap(),
    );
    assert_eq!(result.unwrap().certificates().len(), 3);
    let (result, _) = with(ca(issue(6, &i, &r), None).sign(signer(&r)).unwrap());
    result.unwrap();

    // A trust anchor that is not a CA is refused too.
    let not_ca_root = issue_valid(7, &r, &r, days_before(at(), 1), days_after(at(), 1))
        .extension(oid(BC), true, bc_der(false, None))
        .sign(signer(&r))
        .unwrap();
    let direct = leaf(issue(8, &e, &r)).sign(signer(&r)).unwrap();
    match validate(&direct, &[], std::slice::from_ref(&not_ca_root), &opts()).unwrap_err() {
        Error::NotCa { serial } => assert_eq!(serial, serial_of(&not_ca_root)),
        other => panic!("expected NotCa, got {other:?}"),
    }
}

#[test]
fn path_len_constraint_does_not_count_self_issued_links() {
    let r = party("PathLen Root", 0);
    let anchor = root(1, &r, Some(0));
    let anchors = std::slice::from_ref(&anchor);

    // pathLen 0 with a CA below it: refused.
    let i = party("PathLen Intermediate", 1);
    let inter = ca(issue(2, &i, &r), None).sign(signer(&r)).unwrap();
    let ee = leaf(issue(3, &party("PathLen EE", 2), &i))
        .sign(signer(&i))
        .unwrap();
    match validate(&ee, std::slice::from_ref(&inter), anchors, &opts()).unwrap_err() {
        Error::PathLenExceeded {
            serial,
            path_len,
            found,
        } => {
            assert_eq!(serial, serial_of(&anchor));
            assert_eq!(path_len, 0);
            assert_eq!(found, 1);
        }
        other => panic!("expected PathLenExceeded, got {other:?}"),
    }

    // pathLen 0 with a self-issued link below it (same DN, the old key): the
    // link does not count (RFC 5280 §6.1.4 (l)).
    let old = Party {
        dn: r.dn.clone(),
        key: 1,
    };
    let link = ca(issue(4, &old, &r), None).sign(signer(&r)).unwrap();
    assert!(link.is_self_issued());
    let under_old = leaf(issue(5, &party("Under Old Key", 2), &old))
        .sign(signer(&old))
        .unwrap();
    let path = validate(&under_old, std::slice::from_ref(&link), anchors, &opts()).unwrap();
    assert_path(&path, &[&under_old, &link, &anchor]);
}

#[test]
fn an_end_entity_must_not_be_a_ca() {
    let r = party("EE-CA Root", 0);
    let anchor = root(1, &r, None);
    let ee = issue(2, &party("Claims CA", 2), &r)
        .extension(oid(BC), true, bc_der(true, None))
        .sign(signer(&r))
        .unwrap();
    match validate(&ee, &[], std::slice::from_ref(&anchor), &opts()).unwrap_err() {
        Error::EndEntityIsCa { serial } => assert_eq!(serial, serial_of(&ee)),
        other => panic!("expected EndEntityIsCa, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Critical extensions

#[test]
fn unprocessed_critical_extensions_are_refused() {
    let r = party("Extension Root", 0);
    let anchor = root(1, &r, None);
    let anchors = std::slice::from_ref(&anchor);
    let null = vec![0x05, 0x00];

    // On the end entity.
    let ee = leaf(issue(2, &party("Extension EE", 2), &r))
        .extension(oid(UNKNOWN), true, null.clone())
        .sign(signer(&r))
        .unwrap();
    match validate(&ee, &[], anchors, &opts()).unwrap_err() {
        Error::UnknownCriticalExtension { serial, oid: o } => {
            assert_eq!(serial, serial_of(&ee));
            assert_eq!(o, oid(UNKNOWN));
        }
        other => panic!("expected UnknownCriticalExtension, got {other:?}"),
    }
    // The same extension, not critical, is ignored.
    let ee = leaf(issue(3, &party("Extension EE", 2), &r))
        .extension(oid(UNKNOWN), false, null.clone())
        .sign(signer(&r))
        .unwrap();
    validate(&ee, &[], anchors, &opts()).unwrap();

    // On an intermediate: an unknown one. nameConstraints is processed (see
    // path_rfc5280.rs): critical, it no longer refuses the path.
    let i = party("Extension Intermediate", 1);
    let below = leaf(issue(4, &party("Below", 2), &i))
        .sign(signer(&i))
        .unwrap();
    // NameConstraints { permittedSubtrees [0] { GeneralSubtree { dNSName "example.jp" } } }
    let name_constraints = vec![
        0x30, 0x10, 0xa0, 0x0e, 0x30, 0x0c, 0x82, 0x0a, b'e', b'x', b'a', b'm', b'p', b'l', b'e',
        b'.', b'j', b'p',
    ];
    let constrained = ca(issue(6, &i, &r), None)
        .extension(oid(NAME_CONSTRAINTS), true, name_constraints)
        .sign(signer(&r))
        .unwrap();
    validate(&below, std::slice::from_ref(&constrained), anchors, &opts()).unwrap();
    let inter = ca(issue(5, &i, &r), None)
        .extension(oid(UNKNOWN), true, null)
        .sign(signer(&r))
        .unwrap();
    match validate(&below, std::slice::from_ref(&inter), anchors, &opts()).unwrap_err() {
        Error::UnknownCriticalExtension { serial, oid: o } => {
            assert_eq!(serial, serial_of(&inter));
            assert_eq!(o, oid(UNKNOWN));
        }
        other => panic!("expected UnknownCriticalExtension, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Search: loops, budget, ranking

#[test]
fn a_cross_signing_loop_terminates() {
    let a = party("Loop A", 1);
    let b = party("Loop B", 2);
    let a_by_b = ca(issue(1, &a, &b), None).sign(signer(&b)).unwrap();
    let b_by_a = ca(issue(2, &b, &a), None).sign(signer(&a)).unwrap();
    let ee = leaf(issue(3, &party("Loop EE", 3), &a))
        .sign(signer(&a))
        .unwrap();
    let unrelated = root(4, &party("Unrelated Root", 0), None);
    let err = validate(
        &ee,
        &[a_by_b.clone(), b_by_a],
        std::slice::from_ref(&unrelated),
        &opts(),
    )
    .unwrap_err();
    // EE → A (by B) → B (by A) → A again: refused, so B's issuer is missing.
    match err {
        Error::IssuerNotFound { subject, key_id } => {
            assert_eq!(subject, a_by_b.subject().to_string());
            assert_eq!(subject, "C=JP, O=jpki path tests, CN=Loop A");
            assert_eq!(key_id, Some(test_key_id(1).to_vec()));
        }
        other => panic!("expected IssuerNotFound, got {other:?}"),
    }
}

#[test]
fn many_same_dn_candidates_stay_within_the_budget() {
    // Twelve CA certificates with one DN and one key id, each designating all the
    // others as its issuer: without limits, paths grow factorially.
    let same = party("Same DN CA", 1);
    let clones: Vec<Certificate> = (0..12)
        .map(|n| {
            ca(issue(100 + n, &same, &same), None)
                .sign(signer(&same))
                .unwrap()
        })
        .collect();
    let ee = leaf(issue(200, &party("Many Candidates EE", 2), &same))
        .sign(signer(&same))
        .unwrap();
    let unrelated = root(300, &party("Unrelated Root", 0), None);
    let anchors = std::slice::from_ref(&unrelated);

    let started = std::time::Instant::now();
    let err = validate(&ee, &clones, anchors, &opts()).unwrap_err();
    assert!(
        matches!(err, Error::BudgetExhausted { budget: 100 }),
        "{err:?}"
    );

    // A small depth bounds the search before the budget does: 12 + 12 × 11
    // verifications, then every path is too long.
    let mut shallow = opts();
    shallow.max_depth = 3;
    shallow.budget = 1000;
    let err = validate(&ee, &clones, anchors, &shallow).unwrap_err();
    assert!(
        matches!(err, Error::PathTooLong { max_depth: 3 }),
        "{err:?}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn the_most_specific_failure_is_reported() {
    let r = party("Rank Root", 0);
    let anchor = root(1, &r, None);
    let anchors = std::slice::from_ref(&anchor);
    let i = party("Rank Intermediate", 1);
    let ee = leaf(issue(2, &party("Rank EE", 3), &i))
        .sign(signer(&i))
        .unwrap();

    // A dead end (an intermediate whose issuer is nowhere), then an expired
    // intermediate that chains to the anchor: the expiry is reported.
    let nowhere = party("Nowhere", 2);
    let dead_end = ca(issue(3, &i, &nowhere), None)
        .sign(signer(&nowhere))
        .unwrap();
    let expired = ca(
        issue_valid(4, &i, &r, days_before(at(), 400), days_before(at(), 1)),
        None,
    )
    .sign(signer(&r))
    .unwrap();
    let err = validate(&ee, &[dead_end.clone(), expired.clone()], anchors, &opts()).unwrap_err();
    match err {
        Error::CertificateExpired { serial, .. } => assert_eq!(serial, serial_of(&expired)),
        other => panic!("expected CertificateExpired, got {other:?}"),
    }
    // Alone, the dead end reports the missing issuer.
    let err = validate(&ee, std::slice::from_ref(&dead_end), anchors, &opts()).unwrap_err();
    match err {
        Error::IssuerNotFound { key_id, .. } => assert_eq!(key_id, Some(test_key_id(2).to_vec())),
        other => panic!("expected IssuerNotFound, got {other:?}"),
    }

    // An intermediate that passes its own checks but whose key does not verify the
    // end entity (same DN and key id, another key) outranks the expired one.
    let impostor = CertificateBuilder::new(
        Serial::from_u64(5),
        r.dn.clone(),
        i.dn.clone(),
        days_before(at(), 30),
        days_after(at(), 365),
        keys()[2].1.clone(),
    )
    .extension(oid(SKI), false, ski_der(&test_key_id(1)))
    .extension(oid(AKI), false, aki_der(&test_key_id(0)));
    let impostor = ca(impostor, None).sign(signer(&r)).unwrap();
    let err = validate(&ee, &[expired, impostor], anchors, &opts()).unwrap_err();
    match err {
        Error::CertificateSignatureInvalid { serial } => assert_eq!(serial, serial_of(&ee)),
        other => panic!("expected CertificateSignatureInvalid, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The real J-LIS roots

fn jlis_roots() -> Vec<Certificate> {
    [
        "sign_ca_2015",
        "sign_ca_2023",
        "auth_ca_2015",
        "auth_ca_2023",
    ]
    .iter()
    .map(|name| {
        let path = format!("{}/tests/jlis/{name}.pem", env!("CARGO_MANIFEST_DIR"));
        Certificate::parse(&std::fs::read(path).unwrap()).unwrap()
    })
    .collect()
}

#[test]
fn the_real_jlis_roots_are_accepted_as_anchors() {
    let roots = jlis_roots();
    let (sign_2015, sign_2023) = (&roots[0], &roots[1]);

    // A root is not an end entity.
    for r in &roots {
        let t = Time::from_unix_seconds(r.not_before().unix_seconds() + DAY);
        match validate(r, &[], &roots, &ValidationOptions::new(t)).unwrap_err() {
            Error::EndEntityIsCa { serial } => assert_eq!(serial, serial_of(r)),
            other => panic!("expected EndEntityIsCa, got {other:?}"),
        }
    }

    // A certificate naming the 2023 signing root (by DN and key id) but signed by
    // another key: the root passes every anchor check (validity, cA, keyCertSign,
    // its critical extensions) and only the signature fails.
    let named = |serial: u64, root: &Certificate| {
        leaf(
            CertificateBuilder::new(
                Serial::from_u64(serial),
                root.subject().der().to_vec(),
                party("Names a J-LIS root", 2).dn,
                days_before(at(), 30),
                days_after(at(), 365),
                keys()[2].1.clone(),
            )
            .extension(oid(AKI), false, aki_der(root.subject_key_id().unwrap())),
        )
        .sign(&keys()[2].0)
        .unwrap()
    };
    let forged = named(1, sign_2023);
    match validate(&forged, &[], &roots, &opts()).unwrap_err() {
        Error::CertificateSignatureInvalid { serial } => assert_eq!(serial, serial_of(&forged)),
        other => panic!("expected CertificateSignatureInvalid, got {other:?}"),
    }

    // Naming the 2015 generation (same DN, key id 0d03…): only that root is a
    // candidate, and it expired in 2025.
    assert!(hex(sign_2015.subject_key_id().unwrap()).starts_with("0d03"));
    let old = named(2, sign_2015);
    match validate(&old, &[], &roots, &opts()).unwrap_err() {
        Error::CertificateExpired {
            serial,
            not_after,
            at: t,
        } => {
            assert_eq!(serial, serial_of(sign_2015));
            assert_eq!(not_after, sign_2015.not_after());
            assert_eq!(t, at());
        }
        other => panic!("expected CertificateExpired, got {other:?}"),
    }
    // Without the 2015 root, the key id is named in the error.
    let err = validate(&old, &[], &roots[1..], &opts()).unwrap_err();
    match &err {
        Error::IssuerNotFound { subject, key_id } => {
            assert_eq!(subject, SIGNING_CA_DN);
            assert_eq!(
                key_id.as_deref().map(hex),
                Some("0d034cbb34d0714f45e45a1cafd8fd143fab54a7".to_owned())
            );
        }
        other => panic!("expected IssuerNotFound, got {other:?}"),
    }
    assert!(
        err.to_string()
            .ends_with("(authority key id 0d034cbb34d0714f45e45a1cafd8fd143fab54a7)"),
        "{err}"
    );
}
