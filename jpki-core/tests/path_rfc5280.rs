//! Path validation by the book (RFC 5280): name chaining (§7.1), the MUSTs a
//! verifier enforces on certificates, policy processing (§6.1), name
//! constraints (§4.2.1.10), and encodings RFC 5280 allows (pre-2000 UTCTime,
//! every GeneralName form). Every rule has a case that must pass and one that
//! must fail, built here; the policy and name-constraint cases are checked
//! against `openssl verify` as well.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cloned_ref_to_slice_refs
)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use der::asn1::{
    Any, Ia5StringRef, ObjectIdentifier, OctetString, PrintableStringRef, Utf8StringRef,
};
use der::{Decode, Encode};
use jpki::cert::GeneralName;
use jpki::crypto::{HashAlgorithm, SignatureScheme};
use jpki::oid::Oid;
use jpki::path::{PathPolicies, ValidatedPath, ValidationOptions, validate};
use jpki::sim::{CertificateBuilder, SimKey, dn_der};
use jpki::{Certificate, Error, PolicySet, Serial, Time};
use sha2::{Digest, Sha256};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::constraints::name::{GeneralSubtree, GeneralSubtrees};
use x509_cert::ext::pkix::name::GeneralName as XName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies, KeyUsage, KeyUsages,
    NameConstraints, PolicyConstraints, PolicyMapping, PolicyMappings, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

const KU: &str = "2.5.29.15";
const BC: &str = "2.5.29.19";
const SKI: &str = "2.5.29.14";
const AKI: &str = "2.5.29.35";
const CP: &str = "2.5.29.32";
const SAN: &str = "2.5.29.17";
const NC: &str = "2.5.29.30";
const PM: &str = "2.5.29.33";
const PC: &str = "2.5.29.36";
const IAP: &str = "2.5.29.54";
const AIA: &str = "1.3.6.1.5.5.7.1.1";
const ANY_POLICY: &str = "2.5.29.32.0";
const P1: &str = "1.2.392.200149.8.5.99.11";
const P2: &str = "1.2.392.200149.8.5.99.12";
const P3: &str = "1.2.392.200149.8.5.99.13";
const DAY: u64 = 86_400;

// ---------------------------------------------------------------------------
// Fixtures

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn oid(dotted: &str) -> Oid {
    dotted.parse().unwrap()
}

fn object_id(dotted: &str) -> ObjectIdentifier {
    ObjectIdentifier::new(dotted).unwrap()
}

/// Five RSA-2048 keys with their SubjectPublicKeyInfo.
fn keys() -> &'static [(SimKey, Vec<u8>)] {
    static KEYS: OnceLock<Vec<(SimKey, Vec<u8>)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..5)
                .map(|_| {
                    s.spawn(|| {
                        let key = SimKey::generate(2048).unwrap();
                        let spki = key.public_key_der().unwrap();
                        (key, spki)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    })
}

fn key_id(key: usize) -> Vec<u8> {
    Sha256::digest(&keys()[key].1)[..20].to_vec()
}

/// A name: `(attribute, value, printable)`; `printable` picks PrintableString
/// over UTF8String.
fn name(attributes: &[(&str, &str, bool)]) -> Vec<u8> {
    let mut rdns = RdnSequence::default();
    for (short, value, printable) in attributes {
        let oid = match *short {
            "C" => const_oid::db::rfc4519::C,
            "O" => const_oid::db::rfc4519::O,
            "OU" => const_oid::db::rfc4519::OU,
            "CN" => const_oid::db::rfc4519::CN,
            "email" => ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1"),
            other => panic!("{other}"),
        };
        let value = if *short == "email" {
            Any::encode_from(&Ia5StringRef::new(value).unwrap()).unwrap()
        } else if *printable {
            Any::encode_from(&PrintableStringRef::new(value).unwrap()).unwrap()
        } else {
            Any::encode_from(&Utf8StringRef::new(value).unwrap()).unwrap()
        };
        let mut rdn = RelativeDistinguishedName::default();
        rdn.insert(AttributeTypeAndValue { oid, value }).unwrap();
        rdns.push(rdn);
    }
    rdns.to_der().unwrap()
}

fn std_name(o: &str, cn: &str) -> Vec<u8> {
    dn_der(&[("C", "JP"), ("O", o), ("CN", cn)]).unwrap()
}

/// A certificate subject: a name and one of the test keys.
#[derive(Clone)]
struct Party {
    dn: Vec<u8>,
    key: usize,
}

fn party(cn: &str, key: usize) -> Party {
    Party {
        dn: std_name("jpki rfc5280 tests", cn),
        key,
    }
}

fn ski_der(key: usize) -> Vec<u8> {
    SubjectKeyIdentifier(OctetString::new(key_id(key)).unwrap())
        .to_der()
        .unwrap()
}

fn aki_der(key: usize) -> Vec<u8> {
    AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(key_id(key)).unwrap()),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    }
    .to_der()
    .unwrap()
}

fn bc_der(ca: bool) -> Vec<u8> {
    BasicConstraints {
        ca,
        path_len_constraint: None,
    }
    .to_der()
    .unwrap()
}

fn ku_der(usage: KeyUsage) -> Vec<u8> {
    usage.to_der().unwrap()
}

fn policies_der(oids: &[&str]) -> Vec<u8> {
    CertificatePolicies(
        oids.iter()
            .map(|o| PolicyInformation {
                policy_identifier: object_id(o),
                policy_qualifiers: None,
            })
            .collect(),
    )
    .to_der()
    .unwrap()
}

/// A builder for `subject` issued by `issuer` (names given apart, so that
/// chaining by name can be tested), valid a month before [`at`] to a year after,
/// serial `serial`, with SKI and AKI (non-critical).
fn builder(
    serial: u64,
    subject_dn: &[u8],
    subject_key: usize,
    issuer_dn: &[u8],
    issuer_key: usize,
) -> CertificateBuilder {
    CertificateBuilder::new(
        Serial::from_u64(serial),
        issuer_dn.to_vec(),
        subject_dn.to_vec(),
        Time::from_unix_seconds(at().unix_seconds() - 30 * DAY),
        at().add_seconds(365 * DAY),
        keys()[subject_key].1.clone(),
    )
    .extension(oid(SKI), false, ski_der(subject_key))
    .extension(oid(AKI), false, aki_der(issuer_key))
}

fn issue(serial: u64, subject: &Party, issuer: &Party) -> CertificateBuilder {
    builder(serial, &subject.dn, subject.key, &issuer.dn, issuer.key)
}

/// basicConstraints cA (critical unless `bc_critical` is false) and keyUsage
/// keyCertSign + cRLSign (critical).
fn ca_with(builder: CertificateBuilder, bc_critical: bool) -> CertificateBuilder {
    builder
        .extension(oid(BC), bc_critical, bc_der(true))
        .extension(
            oid(KU),
            true,
            ku_der(KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)),
        )
}

fn ca(builder: CertificateBuilder) -> CertificateBuilder {
    ca_with(builder, true)
}

/// keyUsage digitalSignature + nonRepudiation (critical).
fn leaf(builder: CertificateBuilder) -> CertificateBuilder {
    builder.extension(
        oid(KU),
        true,
        ku_der(KeyUsage(
            KeyUsages::DigitalSignature | KeyUsages::NonRepudiation,
        )),
    )
}

fn sign(builder: &CertificateBuilder, key: usize) -> Certificate {
    builder.sign(&keys()[key].0).unwrap()
}

fn root_party() -> Party {
    party("Root", 0)
}

fn root() -> Certificate {
    let r = root_party();
    sign(&ca(issue(1, &r, &r)), 0)
}

fn opts() -> ValidationOptions {
    ValidationOptions::new(at())
}

/// Re-signs `cert` (signed by key `key`) after replacing `from` by `to` (same
/// length) inside its tbsCertificate.
fn patch_and_resign(cert: &Certificate, from: &[u8], to: &[u8], key: usize) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let tbs = cert.tbs_der();
    let at = tbs
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern in tbsCertificate");
    let mut new_tbs = tbs.to_vec();
    new_tbs[at..at + to.len()].copy_from_slice(to);
    let signature = keys()[key]
        .0
        .sign(SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256), &new_tbs)
        .unwrap();
    let der = cert.der();
    let tbs_at = der.windows(tbs.len()).position(|w| w == tbs).unwrap();
    let mut out = der.to_vec();
    out[tbs_at..tbs_at + tbs.len()].copy_from_slice(&new_tbs);
    let sig_at = out.len() - signature.len();
    out[sig_at..].copy_from_slice(&signature);
    out
}

// ---------------------------------------------------------------------------
// OpenSSL

fn workdir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-path-rfc5280-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What `openssl verify -x509_strict` says of `ee` with `anchor` trusted and
/// `intermediates` untrusted, at [`at`], with `extra` arguments (policy
/// options). `true`: accepted.
fn openssl_accepts(
    test: &str,
    ee: &Certificate,
    intermediates: &[&Certificate],
    anchor: &Certificate,
    extra: &[&str],
) -> bool {
    let dir = workdir(test);
    std::fs::write(dir.join("anchor.pem"), anchor.to_pem()).unwrap();
    std::fs::write(dir.join("ee.pem"), ee.to_pem()).unwrap();
    let untrusted: String = intermediates.iter().map(|c| c.to_pem()).collect();
    std::fs::write(dir.join("untrusted.pem"), untrusted).unwrap();
    let attime = at().unix_seconds().to_string();
    let mut args = vec![
        "verify",
        "-x509_strict",
        "-attime",
        &attime,
        "-CAfile",
        "anchor.pem",
    ];
    if !intermediates.is_empty() {
        args.extend(["-untrusted", "untrusted.pem"]);
    }
    args.extend_from_slice(extra);
    args.push("ee.pem");
    let out = Command::new("openssl")
        .args(&args)
        .current_dir(&dir)
        .output()
        .expect("`openssl` is required for the RFC 5280 cross-checks");
    let _ = std::fs::remove_dir_all(&dir);
    if !out.status.success() {
        eprintln!(
            "openssl {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out.status.success()
}

/// `-policy_check -explicit_policy -policy P…`: our `initial_explicit_policy`
/// with `initial_policy_set`.
fn explicit(policies: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec!["-policy_check", "-explicit_policy"];
    for p in policies {
        args.extend(["-policy", p]);
    }
    args
}

fn explicit_opts(policies: &[&str]) -> ValidationOptions {
    let mut o = opts();
    o.initial_explicit_policy = true;
    o.initial_policy_set = Some(policies.iter().map(|p| oid(p)).collect());
    o
}

fn assert_profile(err: &Error, serial: u64, rule_part: &str) {
    match err {
        Error::ProfileViolation { serial: s, rule } => {
            assert_eq!(*s, Serial::from_u64(serial), "{err}");
            assert!(rule.contains(rule_part), "{rule}");
        }
        other => panic!("expected ProfileViolation ({rule_part}), got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// 1. Name chaining (RFC 5280 §7.1)

#[test]
fn names_chain_across_case_whitespace_and_string_type() {
    let root = root();
    // The CA's subject as it encodes it.
    let ca_dn = name(&[
        ("C", "JP", true),
        ("O", "JPKI Path  Tests", false),
        ("CN", "Issuing CA", false),
    ]);
    // The end entity names its issuer with other case, spaces and string types.
    let loose = name(&[
        ("C", "jp", false),
        ("O", "  jpki path tests ", true),
        ("CN", "ISSUING   ca", true),
    ]);
    let other = name(&[
        ("C", "JP", true),
        ("O", "JPKI Path Tests", false),
        ("CN", "Issuing CB", false),
    ]);
    let ca_cert = sign(&ca(builder(10, &ca_dn, 1, &root_party().dn, 0)), 0);
    let ee_dn = std_name("jpki rfc5280 tests", "Resident");

    let good = sign(&leaf(builder(11, &ee_dn, 3, &loose, 1)), 1);
    assert!(ca_cert.subject().matches(good.issuer()));
    assert_ne!(ca_cert.subject().der(), good.issuer().der());
    let path = validate(&good, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert_eq!(path.certificates().len(), 3);
    assert!(openssl_accepts(
        "names-good",
        &good,
        &[&ca_cert],
        &root,
        &[]
    ));

    // One letter differs: no issuer.
    let bad = sign(&leaf(builder(12, &ee_dn, 3, &other, 1)), 1);
    assert!(!ca_cert.subject().matches(bad.issuer()));
    let err = validate(&bad, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert!(matches!(err, Error::IssuerNotFound { .. }), "{err:?}");
    assert!(!openssl_accepts("names-bad", &bad, &[&ca_cert], &root, &[]));

    // A self-issued certificate by the same rules.
    let self_issued = sign(&ca(builder(13, &ca_dn, 2, &loose, 1)), 1);
    assert!(self_issued.is_self_issued());
    assert!(!sign(&ca(builder(14, &ca_dn, 2, &other, 1)), 1).is_self_issued());
}

// ---------------------------------------------------------------------------
// 2. The MUSTs of RFC 5280 a verifier enforces

/// root → CA (key 1) → end entity (key 3), with `ca_edit` and `ee_edit`
/// applied to the builders.
fn chain(
    ca_edit: impl Fn(CertificateBuilder) -> CertificateBuilder,
    ee_edit: impl Fn(CertificateBuilder) -> CertificateBuilder,
) -> (Certificate, Certificate) {
    let ca_party = party("Issuing CA", 1);
    let ca_cert = sign(&ca_edit(issue(20, &ca_party, &root_party())), 0);
    let ee = sign(&ee_edit(issue(21, &party("Resident", 3), &ca_party)), 1);
    (ca_cert, ee)
}

#[test]
fn the_baseline_chain_passes_here_and_in_openssl() {
    let root = root();
    let (ca_cert, ee) = chain(ca, leaf);
    validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert!(openssl_accepts("baseline", &ee, &[&ca_cert], &root, &[]));
}

#[test]
fn key_identifiers_are_never_critical() {
    let root = root();
    let ca_party = party("Issuing CA", 1);
    let (ca_cert, good_ee) = chain(ca, leaf);
    // Non-critical (the baseline): passes.
    validate(&good_ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();

    // AKI critical in the end entity.
    let ee = CertificateBuilder::new(
        Serial::from_u64(21),
        ca_party.dn.clone(),
        party("Resident", 3).dn,
        Time::from_unix_seconds(at().unix_seconds() - DAY),
        at().add_seconds(DAY),
        keys()[3].1.clone(),
    )
    .extension(oid(SKI), false, ski_der(3))
    .extension(oid(AKI), true, aki_der(1));
    let ee = sign(&leaf(ee), 1);
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert_profile(&err, 21, "authorityKeyIdentifier");

    // SKI critical in the CA.
    let bad_ca = CertificateBuilder::new(
        Serial::from_u64(20),
        root_party().dn,
        ca_party.dn,
        Time::from_unix_seconds(at().unix_seconds() - DAY),
        at().add_seconds(DAY),
        keys()[1].1.clone(),
    )
    .extension(oid(SKI), true, ski_der(1))
    .extension(oid(AKI), false, aki_der(0));
    let bad_ca = sign(&ca(bad_ca), 0);
    let err = validate(&good_ee, &[bad_ca], &[root], &opts()).unwrap_err();
    assert_profile(&err, 20, "subjectKeyIdentifier");
}

#[test]
fn basic_constraints_of_a_ca_is_critical_but_an_anchor_is_trusted_as_given() {
    let root = root();
    let (_, ee) = chain(ca, leaf);
    let (lax_ca, _) = chain(|b| ca_with(b, false), leaf);
    let err = validate(&ee, &[lax_ca.clone()], &[root.clone()], &opts()).unwrap_err();
    assert_profile(&err, 20, "basicConstraints");
    assert!(!openssl_accepts(
        "bc-intermediate",
        &ee,
        &[&lax_ca],
        &root,
        &[]
    ));

    // The same CA as the trust anchor: accepted (RFC 5280 §6.1.1 (d): the
    // anchor's information is trusted as given).
    let path = validate(&ee, &[], &[lax_ca.clone()], &opts()).unwrap();
    assert_eq!(path.anchor(), &lax_ca);
    // Deliberate difference: OpenSSL's -x509_strict checks the anchor too (a
    // self-signed root with a non-critical basicConstraints is refused there).
    let r = root_party();
    let lax_root = sign(&ca_with(issue(2, &r, &r), false), 0);
    let (ca_cert, ee) = chain(ca, leaf);
    validate(&ee, &[ca_cert.clone()], &[lax_root.clone()], &opts()).unwrap();
    assert!(
        !openssl_accepts("bc-anchor", &ee, &[&ca_cert], &lax_root, &[]),
        "deliberate difference: OpenSSL refuses the anchor, we trust it as given"
    );
}

/// The elements of the DER SEQUENCE `der`, each as its own DER.
fn sequence_elements(der: &[u8]) -> Vec<Vec<u8>> {
    use der::{Decode, Encode, Reader};
    let seq = der::AnyRef::from_der(der).unwrap();
    let mut reader = der::SliceReader::new(seq.value()).unwrap();
    let mut out = Vec::new();
    while !reader.is_finished() {
        let field: der::AnyRef<'_> = reader.decode().unwrap();
        out.push(field.to_der().unwrap());
    }
    out
}

/// `cert` as a version 1 certificate (no version field, no extensions),
/// signed again by key `key`.
fn as_version_1(cert: &Certificate, key: usize) -> Certificate {
    let tbs: Vec<u8> = sequence_elements(cert.tbs_der())
        .into_iter()
        .filter(|f| f[0] & 0xc0 != 0x80)
        .flatten()
        .collect();
    let tbs = der_tlv(0x30, &tbs);
    let signature = keys()[key]
        .0
        .sign(SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256), &tbs)
        .unwrap();
    let algorithm = sequence_elements(cert.der()).swap_remove(1);
    let bits = [&[0u8][..], &signature].concat();
    let der = der_tlv(0x30, &[tbs, algorithm, der_tlv(0x03, &bits)].concat());
    Certificate::from_der(&der).unwrap()
}

#[test]
fn a_version_1_certificate_is_a_ca_only_as_the_trust_anchor() {
    let v1_root = as_version_1(&root(), 0);
    assert_eq!(v1_root.version(), 1);
    assert!(v1_root.extensions().is_empty());
    let (ca_cert, ee) = chain(ca, leaf);
    let path = validate(&ee, &[ca_cert.clone()], &[v1_root.clone()], &opts()).unwrap();
    assert_eq!(path.anchor(), &v1_root);
    // Deliberate difference, as for basicConstraints above: OpenSSL's
    // -x509_strict checks the anchor too and refuses a version 1 root
    // ("invalid CA certificate"; without -x509_strict it accepts it as we do).
    assert!(
        !openssl_accepts("v1-anchor", &ee, &[&ca_cert], &v1_root, &[]),
        "deliberate difference: OpenSSL's strict mode refuses a version 1 anchor"
    );
    // A version 1 intermediate issues nothing: without a subjectKeyIdentifier
    // nothing designates it (and were it designated, it is no CA).
    let v1_ca = as_version_1(&ca_cert, 0);
    let err = validate(&ee, &[v1_ca.clone()], &[root()], &opts()).unwrap_err();
    assert!(matches!(err, Error::IssuerNotFound { .. }), "{err:?}");
    // Designated by authorityCertIssuer and serial instead, it is no CA.
    let aki = AuthorityKeyIdentifier {
        key_identifier: None,
        authority_cert_issuer: Some(vec![dir_name(&root_party().dn)]),
        authority_cert_serial_number: Some(
            x509_cert::serial_number::SerialNumber::new(&[20]).unwrap(),
        ),
    }
    .to_der()
    .unwrap();
    let resident = party("Resident", 3);
    let by_serial = CertificateBuilder::new(
        Serial::from_u64(22),
        party("Issuing CA", 1).dn,
        resident.dn,
        Time::from_unix_seconds(at().unix_seconds() - DAY),
        at().add_seconds(DAY),
        keys()[3].1.clone(),
    )
    .extension(oid(SKI), false, ski_der(3))
    .extension(oid(AKI), false, aki);
    let ee = sign(&leaf(by_serial), 1);
    let err = validate(&ee, &[v1_ca.clone()], &[root()], &opts()).unwrap_err();
    assert!(matches!(err, Error::NotCa { .. }), "{err:?}");
    assert!(!openssl_accepts(
        "v1-intermediate",
        &ee,
        &[&v1_ca],
        &root(),
        &[]
    ));
}

#[test]
fn policy_constraints_is_critical() {
    let root = root();
    let pc = |critical: bool| {
        move |b: CertificateBuilder| {
            ca(b).extension(
                oid(PC),
                critical,
                PolicyConstraints {
                    require_explicit_policy: Some(5),
                    inhibit_policy_mapping: None,
                }
                .to_der()
                .unwrap(),
            )
        }
    };
    let (good_ca, ee) = chain(pc(true), leaf);
    validate(&ee, &[good_ca], &[root.clone()], &opts()).unwrap();
    let (bad_ca, ee) = chain(pc(false), leaf);
    let err = validate(&ee, &[bad_ca], &[root], &opts()).unwrap_err();
    assert_profile(&err, 20, "policyConstraints");
}

#[test]
fn serial_numbers_are_positive() {
    let root = root();
    let (ca_cert, ee) = chain(ca, leaf);
    assert!(ee.serial_is_positive());
    // 02 01 15 (21) → 02 01 00 (zero) and 02 01 95 (negative, -107).
    for (patched, what) in [
        ([0x02, 0x01, 0x00], "zero"),
        ([0x02, 0x01, 0x95], "negative"),
    ] {
        let der = patch_and_resign(&ee, &[0x02, 0x01, 0x15], &patched, 1);
        let bad = Certificate::from_der(&der).unwrap();
        assert!(!bad.serial_is_positive(), "{what}");
        let err = validate(&bad, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
        match &err {
            Error::ProfileViolation { rule, .. } => assert!(rule.contains("serial"), "{rule}"),
            other => panic!("{what}: {other:?}"),
        }
    }
}

#[test]
fn a_ca_subject_is_not_empty() {
    let root = root();
    let empty = Name::default().to_der().unwrap();
    let ca_cert = sign(&ca(builder(20, &empty, 1, &root_party().dn, 0)), 0);
    let ee = sign(
        &leaf(builder(21, &std_name("x", "Resident"), 3, &empty, 1)),
        1,
    );
    let err = validate(&ee, &[ca_cert], &[root], &opts()).unwrap_err();
    assert_profile(&err, 20, "subject is empty");
}

#[test]
fn key_cert_sign_only_with_the_ca_bit() {
    let root = root();
    let (ca_cert, ee) = chain(ca, |b| {
        b.extension(
            oid(KU),
            true,
            ku_der(KeyUsage(
                KeyUsages::DigitalSignature | KeyUsages::KeyCertSign,
            )),
        )
    });
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert_profile(&err, 21, "keyCertSign");
    let (_, good) = chain(ca, |b| {
        b.extension(
            oid(KU),
            true,
            ku_der(KeyUsage(KeyUsages::DigitalSignature.into())),
        )
    });
    validate(&good, &[ca_cert], &[root], &opts()).unwrap();
}

#[test]
fn a_critical_authority_info_access_is_refused_like_any_unknown_critical_extension() {
    let root = root();
    let aia = |critical: bool| {
        move |b: CertificateBuilder| {
            // SEQUENCE { SEQUENCE { id-ad-ocsp, [6] "http://ocsp.example" } }
            let uri = b"http://ocsp.example";
            let mut ad = vec![
                0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x86,
            ];
            ad.push(u8::try_from(uri.len()).unwrap());
            ad.extend_from_slice(uri);
            let mut seq = vec![0x30, u8::try_from(ad.len()).unwrap()];
            seq.extend(ad);
            let mut outer = vec![0x30, u8::try_from(seq.len()).unwrap()];
            outer.extend(seq);
            leaf(b).extension(oid(AIA), critical, outer)
        }
    };
    let (ca_cert, ee) = chain(ca, aia(false));
    assert_eq!(ee.ocsp_urls(), ["http://ocsp.example"]);
    validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    let (_, ee) = chain(ca, aia(true));
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert!(
        matches!(&err, Error::UnknownCriticalExtension { oid: o, .. } if *o == oid(AIA)),
        "{err:?}"
    );
    // In a CA, and in the anchor, as well.
    let unknown = |b: CertificateBuilder| {
        ca(b).extension(oid("1.2.392.200149.8.5.99.1"), true, vec![0x05, 0x00])
    };
    let (bad_ca, ee) = chain(unknown, leaf);
    let err = validate(&ee, &[bad_ca.clone()], &[root], &opts()).unwrap_err();
    assert!(
        matches!(err, Error::UnknownCriticalExtension { .. }),
        "{err:?}"
    );
    let err = validate(&ee, &[], &[bad_ca], &opts()).unwrap_err();
    assert!(
        matches!(err, Error::UnknownCriticalExtension { .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// 3. Policy processing (RFC 5280 §6.1)

fn with_policies(
    oids: &'static [&'static str],
) -> impl Fn(CertificateBuilder) -> CertificateBuilder {
    move |b| b.extension(oid(CP), false, policies_der(oids))
}

#[test]
fn explicit_policy_needs_a_policy_of_the_set_along_the_path() {
    let root = root();
    let (ca_cert, ee) = chain(
        |b| with_policies(&[P1])(ca(b)),
        |b| with_policies(&[P1])(leaf(b)),
    );
    let path = validate(
        &ee,
        &[ca_cert.clone()],
        &[root.clone()],
        &explicit_opts(&[P1]),
    )
    .unwrap();
    assert_eq!(path.policies(), &PathPolicies::Valid(vec![oid(P1)]));
    assert!(openssl_accepts(
        "policy-good",
        &ee,
        &[&ca_cert],
        &root,
        &explicit(&[P1])
    ));

    let err = validate(
        &ee,
        &[ca_cert.clone()],
        &[root.clone()],
        &explicit_opts(&[P2]),
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::NoValidPolicy { serial } if *serial == Serial::from_u64(21)),
        "{err:?}"
    );
    assert!(!openssl_accepts(
        "policy-other",
        &ee,
        &[&ca_cert],
        &root,
        &explicit(&[P2])
    ));

    // The CA asserts another policy: the tree is NULL at the end entity.
    let (ca2, ee2) = chain(
        |b| with_policies(&[P2])(ca(b)),
        |b| with_policies(&[P1])(leaf(b)),
    );
    let err = validate(&ee2, &[ca2.clone()], &[root.clone()], &explicit_opts(&[P1])).unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
    assert!(!openssl_accepts(
        "policy-disjoint",
        &ee2,
        &[&ca2],
        &root,
        &explicit(&[P1])
    ));
    // Without an explicit policy the path is valid, and says the policies do not meet.
    let path = validate(&ee2, &[ca2], &[root], &opts()).unwrap();
    assert_eq!(path.policies(), &PathPolicies::Disjoint);
}

#[test]
fn policy_mappings_map_and_can_be_inhibited() {
    let root = root();
    let mapping = |b: CertificateBuilder| {
        with_policies(&[P1])(ca(b)).extension(
            oid(PM),
            false,
            PolicyMappings(vec![PolicyMapping {
                issuer_domain_policy: object_id(P1),
                subject_domain_policy: object_id(P2),
            }])
            .to_der()
            .unwrap(),
        )
    };
    // root → CA1 (P1, maps P1→P2) → CA2 (P2) → EE (P2).
    let ca1_party = party("Mapping CA", 1);
    let ca2_party = party("Issuing CA", 2);
    let ca1 = sign(&mapping(issue(30, &ca1_party, &root_party())), 0);
    let ca2 = sign(
        &with_policies(&[P2])(ca(issue(31, &ca2_party, &ca1_party))),
        1,
    );
    let ee = sign(
        &with_policies(&[P2])(leaf(issue(32, &party("Resident", 3), &ca2_party))),
        2,
    );
    let inter = [ca1.clone(), ca2.clone()];
    let path = validate(&ee, &inter, &[root.clone()], &explicit_opts(&[P1])).unwrap();
    assert_eq!(path.policies(), &PathPolicies::Valid(vec![oid(P1)]));
    assert!(openssl_accepts(
        "mapping",
        &ee,
        &[&ca1, &ca2],
        &root,
        &explicit(&[P1])
    ));
    // P2 is not a policy of the anchor's domain.
    let err = validate(&ee, &inter, &[root.clone()], &explicit_opts(&[P2])).unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
    assert!(!openssl_accepts(
        "mapping-p2",
        &ee,
        &[&ca1, &ca2],
        &root,
        &explicit(&[P2])
    ));
    // Mapping inhibited: P1 nodes are deleted at CA1, nothing is left.
    let mut o = explicit_opts(&[P1]);
    o.initial_policy_mapping_inhibit = true;
    let err = validate(&ee, &inter, &[root.clone()], &o).unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
    let mut args = explicit(&[P1]);
    args.push("-inhibit_map");
    assert!(!openssl_accepts(
        "mapping-inhibited",
        &ee,
        &[&ca1, &ca2],
        &root,
        &args
    ));

    // Mapping anyPolicy is refused.
    let any_map = |b: CertificateBuilder| {
        with_policies(&[P1])(ca(b)).extension(
            oid(PM),
            false,
            PolicyMappings(vec![PolicyMapping {
                issuer_domain_policy: object_id(ANY_POLICY),
                subject_domain_policy: object_id(P2),
            }])
            .to_der()
            .unwrap(),
        )
    };
    let bad_ca1 = sign(&any_map(issue(30, &ca1_party, &root_party())), 0);
    let err = validate(&ee, &[bad_ca1, ca2], &[root], &opts()).unwrap_err();
    assert_profile(&err, 30, "anyPolicy");
}

#[test]
fn require_explicit_policy_in_a_ca_and_self_issued_certificates_do_not_count() {
    let root = root();
    // OpenSSL takes an absent -policy as an empty user set (not any-policy), so
    // it is given P1, the only policy here.
    let pc_args = ["-policy_check", "-policy", P1];
    let require = |skip: u32| {
        move |b: CertificateBuilder| {
            with_policies(&[P1])(ca(b)).extension(
                oid(PC),
                true,
                PolicyConstraints {
                    require_explicit_policy: Some(skip),
                    inhibit_policy_mapping: None,
                }
                .to_der()
                .unwrap(),
            )
        }
    };
    // requireExplicitPolicy 0: the end entity must carry an acceptable policy.
    let (ca_cert, ee_none) = chain(require(0), leaf);
    let err = validate(&ee_none, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
    assert!(!openssl_accepts(
        "require-none",
        &ee_none,
        &[&ca_cert],
        &root,
        &pc_args
    ));
    let (ca_cert, ee) = chain(require(0), |b| with_policies(&[P1])(leaf(b)));
    validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert!(openssl_accepts(
        "require-p1",
        &ee,
        &[&ca_cert],
        &root,
        &pc_args
    ));

    // requireExplicitPolicy 2 at CA1: two more certificates, then the path
    // must be valid for a policy (the wrap-up counts the end entity, §6.1.5
    // (a)). A self-issued CA in between does not count, so the end entity
    // without policies passes; a non-self-issued CA in between counts.
    let ca1_party = party("Policy CA", 1);
    let ca1 = sign(&require(2)(issue(40, &ca1_party, &root_party())), 0);
    // Self-issued: CA1's name, key 2.
    let link = sign(&ca(builder(41, &ca1_party.dn, 2, &ca1_party.dn, 1)), 1);
    assert!(link.is_self_issued());
    let ee = sign(
        &leaf(builder(42, &std_name("x", "Resident"), 3, &ca1_party.dn, 2)),
        2,
    );
    validate(&ee, &[ca1.clone(), link.clone()], &[root.clone()], &opts()).unwrap();
    assert!(openssl_accepts(
        "require-self-issued",
        &ee,
        &[&ca1, &link],
        &root,
        &pc_args
    ));
    let ca2_party = party("Other CA", 2);
    let ca2 = sign(&ca(issue(43, &ca2_party, &ca1_party)), 1);
    let ee2 = sign(&leaf(issue(44, &party("Resident", 3), &ca2_party)), 2);
    let err = validate(&ee2, &[ca1.clone(), ca2.clone()], &[root.clone()], &opts()).unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
    assert!(!openssl_accepts(
        "require-counted",
        &ee2,
        &[&ca1, &ca2],
        &root,
        &pc_args
    ));
}

#[test]
fn inhibit_any_policy_stops_any_policy_from_standing_for_a_policy() {
    let root = root();
    let ca1_party = party("Policy CA", 1);
    let ca2_party = party("Issuing CA", 2);
    let iap = |skip: Option<u32>| {
        move |b: CertificateBuilder| {
            let b = with_policies(&[ANY_POLICY])(ca(b));
            match skip {
                Some(s) => b.extension(oid(IAP), true, s.to_der().unwrap()),
                None => b,
            }
        }
    };
    // root → CA1 (anyPolicy, inhibitAnyPolicy?) → CA2 (anyPolicy) → EE (P1).
    let ca2 = sign(
        &with_policies(&[ANY_POLICY])(ca(issue(51, &ca2_party, &ca1_party))),
        1,
    );
    let ee = sign(
        &with_policies(&[P1])(leaf(issue(52, &party("Resident", 3), &ca2_party))),
        2,
    );
    let free = sign(&iap(None)(issue(50, &ca1_party, &root_party())), 0);
    let path = validate(
        &ee,
        &[free.clone(), ca2.clone()],
        &[root.clone()],
        &explicit_opts(&[P1]),
    )
    .unwrap();
    assert_eq!(path.policies(), &PathPolicies::Valid(vec![oid(P1)]));
    assert!(openssl_accepts(
        "iap-free",
        &ee,
        &[&free, &ca2],
        &root,
        &explicit(&[P1])
    ));
    let inhibited = sign(&iap(Some(0))(issue(50, &ca1_party, &root_party())), 0);
    let err = validate(
        &ee,
        &[inhibited.clone(), ca2.clone()],
        &[root.clone()],
        &explicit_opts(&[P1]),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
    assert!(!openssl_accepts(
        "iap-inhibited",
        &ee,
        &[&inhibited, &ca2],
        &root,
        &explicit(&[P1])
    ));
    // An initial-any-policy-inhibit does the same from the start.
    let mut o = explicit_opts(&[P1]);
    o.initial_any_policy_inhibit = true;
    let err = validate(&ee, &[free.clone(), ca2.clone()], &[root], &o).unwrap_err();
    assert!(matches!(err, Error::NoValidPolicy { .. }), "{err:?}");
}

#[test]
fn the_verifier_policy_set_is_met_by_the_path_policies() {
    let root = root();
    let set = PolicySet::of(&[oid(P1)]);
    // Valid tree: the authorities-constrained policies decide.
    let (ca_cert, ee) = chain(
        |b| with_policies(&[P1])(ca(b)),
        |b| with_policies(&[P1])(leaf(b)),
    );
    let path: ValidatedPath = validate(&ee, &[ca_cert], &[root.clone()], &opts()).unwrap();
    assert!(set.accepts_path(&path));
    assert!(!PolicySet::of(&[oid(P3)]).accepts_path(&path));
    // A CA without certificatePolicies (J-LIS CAs and link certificates): the
    // end entity's own policies decide, as before.
    let (ca_cert, ee) = chain(ca, |b| with_policies(&[P1])(leaf(b)));
    let path = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert_eq!(path.policies(), &PathPolicies::NotAsserted);
    assert!(set.accepts_path(&path));
    let (_, ee_p2) = chain(ca, |b| with_policies(&[P2])(leaf(b)));
    let path = validate(&ee_p2, &[ca_cert], &[root.clone()], &opts()).unwrap();
    assert!(!set.accepts_path(&path));
    // An end entity asserting anyPolicy is no certificate of a specific set.
    let (ca_cert, ee) = chain(
        |b| with_policies(&[ANY_POLICY])(ca(b)),
        |b| with_policies(&[ANY_POLICY])(leaf(b)),
    );
    let path = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert_eq!(path.policies(), &PathPolicies::Valid(vec![oid(ANY_POLICY)]));
    assert!(!set.accepts_path(&path));
    assert!(PolicySet::any().accepts_path(&path));
    // Disjoint policies: refused.
    let (ca_cert, ee) = chain(
        |b| with_policies(&[P2])(ca(b)),
        |b| with_policies(&[P1])(leaf(b)),
    );
    let path = validate(&ee, &[ca_cert], &[root], &opts()).unwrap();
    assert!(!set.accepts_path(&path));
}

#[test]
fn the_ready_made_policy_sets_take_their_own_certificates_only() {
    const SIGNING: &str = "1.2.392.200149.8.5.1.1.20";
    const SIGNING_TEST: &str = "1.2.392.200149.8.5.1.0.20";
    const AUTHENTICATION: &str = "1.2.392.200149.8.5.1.3.30";
    const AUTHENTICATION_TEST: &str = "1.2.392.200149.8.5.1.2.30";
    const HPKI_DOCTOR: &str = "1.2.392.100495.1.5.1.1.1";
    let root = root();
    let sets = [
        ("jpki_signing", PolicySet::jpki_signing()),
        (
            "jpki_signing_production",
            PolicySet::jpki_signing_production(),
        ),
        ("jpki_authentication", PolicySet::jpki_authentication()),
        (
            "jpki_authentication_production",
            PolicySet::jpki_authentication_production(),
        ),
        ("hpki", PolicySet::hpki()),
    ];
    // (the end entity's policy, the sets that take it), through a CA that
    // asserts the same policy (a valid policy tree) and one that asserts none.
    let cases: [(&'static [&'static str], &[&str]); 5] = [
        (&[SIGNING], &["jpki_signing", "jpki_signing_production"]),
        (&[SIGNING_TEST], &["jpki_signing"]),
        (
            &[AUTHENTICATION],
            &["jpki_authentication", "jpki_authentication_production"],
        ),
        (&[AUTHENTICATION_TEST], &["jpki_authentication"]),
        (&[HPKI_DOCTOR], &["hpki"]),
    ];
    for (policy, takers) in cases {
        for ca_asserts in [true, false] {
            let (ca_cert, ee) = chain(
                |b| {
                    if ca_asserts {
                        with_policies(policy)(ca(b))
                    } else {
                        ca(b)
                    }
                },
                |b| with_policies(policy)(leaf(b)),
            );
            let path = validate(&ee, &[ca_cert], &[root.clone()], &opts()).unwrap();
            for (name, set) in &sets {
                assert_eq!(
                    set.accepts_path(&path),
                    takers.contains(name),
                    "{name} on {policy:?} (CA asserts: {ca_asserts})"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 4. Name constraints

fn nc_der(permitted: Vec<XName>, excluded: Vec<XName>) -> Vec<u8> {
    let subtrees = |names: Vec<XName>| -> Option<GeneralSubtrees> {
        (!names.is_empty()).then(|| {
            names
                .into_iter()
                .map(|base| GeneralSubtree {
                    base,
                    minimum: 0,
                    maximum: None,
                })
                .collect()
        })
    };
    NameConstraints {
        permitted_subtrees: subtrees(permitted),
        excluded_subtrees: subtrees(excluded),
    }
    .to_der()
    .unwrap()
}

fn dir_name(der: &[u8]) -> XName {
    XName::DirectoryName(Name::from_der(der).unwrap())
}

fn ia5(s: &str) -> der::asn1::Ia5String {
    der::asn1::Ia5String::new(s).unwrap()
}

fn ip(octets: &[u8]) -> XName {
    XName::IpAddress(der::asn1::OctetString::new(octets.to_vec()).unwrap())
}

fn san_der(names: Vec<XName>) -> Vec<u8> {
    SubjectAltName(names).to_der().unwrap()
}

/// root → CA (with `nc`) → end entity named `ee_dn` with `san`.
fn nc_chain(nc: Vec<u8>, ee_dn: &[u8], san: Option<Vec<XName>>) -> (Certificate, Certificate) {
    let ca_party = party("Constrained CA", 1);
    let ca_cert = sign(
        &ca(issue(60, &ca_party, &root_party())).extension(oid(NC), true, nc),
        0,
    );
    let mut ee = leaf(builder(61, ee_dn, 3, &ca_party.dn, 1));
    if let Some(s) = san {
        ee = ee.extension(oid(SAN), false, san_der(s));
    }
    (ca_cert, sign(&ee, 1))
}

fn assert_nc(err: &Error, name_part: &str) {
    match err {
        Error::NameConstraintViolated { name, .. } => assert!(name.contains(name_part), "{name}"),
        other => panic!("expected NameConstraintViolated ({name_part}), got {other:?}"),
    }
}

#[test]
fn directory_name_subtrees() {
    let root = root();
    let base = dn_der(&[("C", "JP"), ("O", "Permitted Org")]).unwrap();
    let nc = nc_der(vec![dir_name(&base)], vec![]);
    // Inside, with case and string type differing from the base.
    let inside = name(&[
        ("C", "JP", true),
        ("O", "permitted  org", true),
        ("CN", "Resident", false),
    ]);
    let (ca_cert, ee) = nc_chain(nc.clone(), &inside, None);
    validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert!(openssl_accepts("nc-dir-in", &ee, &[&ca_cert], &root, &[]));
    let outside = dn_der(&[("C", "JP"), ("O", "Other Org"), ("CN", "Resident")]).unwrap();
    let (ca_cert, ee) = nc_chain(nc, &outside, None);
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert_nc(&err, "Other Org");
    assert!(!openssl_accepts("nc-dir-out", &ee, &[&ca_cert], &root, &[]));

    // Excluded.
    let nc = nc_der(vec![], vec![dir_name(&base)]);
    let (ca_cert, ee) = nc_chain(nc.clone(), &outside, None);
    validate(&ee, &[ca_cert], &[root.clone()], &opts()).unwrap();
    let (ca_cert, ee) = nc_chain(nc, &inside, None);
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert_nc(&err, "DirName");
    assert!(!openssl_accepts(
        "nc-dir-excluded",
        &ee,
        &[&ca_cert],
        &root,
        &[]
    ));
}

#[test]
fn dns_email_uri_and_ip_subtrees() {
    let root = root();
    let ee_dn = dn_der(&[("C", "JP"), ("CN", "Resident")]).unwrap();
    // (form, permitted, excluded, a name inside, a name outside)
    type Case = (&'static str, Vec<XName>, Vec<XName>, Vec<XName>, Vec<XName>);
    let cases: Vec<Case> = vec![
        (
            "dns",
            vec![XName::DnsName(ia5("example.jp"))],
            vec![XName::DnsName(ia5("www.bad.example.jp"))],
            vec![XName::DnsName(ia5("www.example.jp"))],
            vec![XName::DnsName(ia5("www.example.com"))],
        ),
        (
            "email",
            vec![XName::Rfc822Name(ia5("example.jp"))],
            vec![],
            vec![XName::Rfc822Name(ia5("taro@example.jp"))],
            vec![XName::Rfc822Name(ia5("taro@mail.example.jp"))],
        ),
        (
            "uri",
            vec![XName::UniformResourceIdentifier(ia5(".example.jp"))],
            vec![],
            vec![XName::UniformResourceIdentifier(ia5(
                "https://www.example.jp/a",
            ))],
            vec![XName::UniformResourceIdentifier(ia5(
                "https://example.jp/a",
            ))],
        ),
        (
            "ip4",
            vec![ip(&[192, 0, 2, 0, 255, 255, 255, 0])],
            vec![ip(&[192, 0, 2, 128, 255, 255, 255, 128])],
            vec![ip(&[192, 0, 2, 10])],
            vec![ip(&[192, 0, 2, 200])],
        ),
        (
            "ip6",
            vec![ip(&[
                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
                0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            ])],
            vec![],
            vec![ip(&[
                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
            ])],
            // Another family than the only permitted base: outside.
            vec![ip(&[198, 51, 100, 1])],
        ),
    ];
    for (what, permitted, excluded, good, bad) in cases {
        let nc = nc_der(permitted, excluded);
        let (ca_cert, ee) = nc_chain(nc.clone(), &ee_dn, Some(good));
        validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            openssl_accepts(&format!("nc-{what}-in"), &ee, &[&ca_cert], &root, &[]),
            "{what}"
        );
        let (ca_cert, ee) = nc_chain(nc, &ee_dn, Some(bad));
        let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
        assert!(
            matches!(err, Error::NameConstraintViolated { .. }),
            "{what}: {err:?}"
        );
        assert!(
            !openssl_accepts(&format!("nc-{what}-out"), &ee, &[&ca_cert], &root, &[]),
            "{what}"
        );
    }
    // An excluded dNSName subtree inside a permitted one.
    let nc = nc_der(
        vec![XName::DnsName(ia5("example.jp"))],
        vec![XName::DnsName(ia5("bad.example.jp"))],
    );
    let (ca_cert, ee) = nc_chain(
        nc,
        &ee_dn,
        Some(vec![XName::DnsName(ia5("www.bad.example.jp"))]),
    );
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert_nc(&err, "DNS:www.bad.example.jp");
    assert!(!openssl_accepts(
        "nc-dns-excluded",
        &ee,
        &[&ca_cert],
        &root,
        &[]
    ));
    // The emailAddress of a subject DN is an rfc822Name.
    let nc = nc_der(vec![XName::Rfc822Name(ia5("example.jp"))], vec![]);
    let with_email = name(&[
        ("C", "JP", true),
        ("CN", "Resident", false),
        ("email", "taro@example.org", false),
    ]);
    let (ca_cert, ee) = nc_chain(nc, &with_email, None);
    let err = validate(&ee, &[ca_cert.clone()], &[root], &opts()).unwrap_err();
    assert_nc(&err, "email:taro@example.org");
}

#[test]
fn self_issued_intermediates_are_exempt_but_not_the_last_certificate() {
    let root = root();
    let ca_dn = dn_der(&[("C", "JP"), ("O", "CA Org"), ("CN", "Constrained CA")]).unwrap();
    let permitted = dn_der(&[("C", "JP"), ("O", "Resident Org")]).unwrap();
    let nc = nc_der(vec![dir_name(&permitted)], vec![]);
    let ca1 = sign(
        &ca(builder(70, &ca_dn, 1, &root_party().dn, 0)).extension(oid(NC), true, nc),
        0,
    );
    // A key rollover certificate: CA1's name (outside the subtree), new key.
    let link = sign(&ca(builder(71, &ca_dn, 2, &ca_dn, 1)), 1);
    let ee_dn = dn_der(&[("C", "JP"), ("O", "Resident Org"), ("CN", "Resident")]).unwrap();
    let ee = sign(&leaf(builder(72, &ee_dn, 3, &ca_dn, 2)), 2);
    let path = validate(&ee, &[ca1.clone(), link.clone()], &[root.clone()], &opts()).unwrap();
    assert_eq!(path.certificates().len(), 4);
    assert!(openssl_accepts(
        "nc-self-issued",
        &ee,
        &[&ca1, &link],
        &root,
        &[]
    ));
    // The last certificate is checked even when self-issued.
    let last = sign(&leaf(builder(73, &ca_dn, 3, &ca_dn, 1)), 1);
    assert!(last.is_self_issued());
    let err = validate(&last, &[ca1], &[root], &opts()).unwrap_err();
    assert_nc(&err, "CA Org");
}

// ---------------------------------------------------------------------------
// 5. Encodings RFC 5280 allows

#[test]
fn a_utc_time_before_2000_parses_and_before_1970_reads_as_1970() {
    let root = root();
    let (ca_cert, ee) = chain(ca, leaf);
    // notBefore 2026-10-22T01:00:00Z, as the builder wrote it.
    let written = b"261022010000Z";
    for (year, text) in [(1950_u64, b"500101000000Z"), (1985, b"850101000000Z")] {
        let der = patch_and_resign(&ee, written, text, 1);
        let old = Certificate::from_der(&der).unwrap();
        let expected = if year < 1970 {
            Time::from_unix_seconds(0)
        } else {
            Time::parse_rfc3339("1985-01-01T00:00:00Z").unwrap()
        };
        assert_eq!(old.not_before(), expected, "{year}");
        // The signature covers the original bytes: the path validates.
        validate(&old, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
        assert_eq!(old.der(), der.as_slice());
    }
    // 49 is 2049: not yet valid.
    let der = patch_and_resign(&ee, written, b"490101000000Z", 1);
    let future = Certificate::from_der(&der).unwrap();
    let err = validate(&future, &[ca_cert], &[root], &opts()).unwrap_err();
    assert!(
        matches!(err, Error::CertificateNotYetValid { .. }),
        "{err:?}"
    );
    // Not a time at all: a parse error, not a panic.
    let der = patch_and_resign(&ee, written, b"50010100000ZZ", 1);
    assert!(Certificate::from_der(&der).is_err());
}

#[test]
fn every_general_name_form_parses() {
    let root = root();
    // otherName of an unknown type, x400Address [3], ediPartyName [5],
    // registeredID [8], IP address [7], then a dNSName.
    let mut names = Vec::new();
    names.extend([
        0xa0, 0x0a, 0x06, 0x03, 0x2a, 0x03, 0x04, 0xa0, 0x03, 0x02, 0x01, 0x05,
    ]);
    names.extend([0xa3, 0x02, 0x30, 0x00]);
    names.extend([0xa5, 0x05, 0xa1, 0x03, 0x0c, 0x01, 0x41]);
    names.extend([0x88, 0x03, 0x2a, 0x03, 0x04]);
    names.extend([0x87, 0x04, 192, 0, 2, 1]);
    names.extend([0x82, 0x0a]);
    names.extend(b"example.jp");
    let mut san = vec![0x30, u8::try_from(names.len()).unwrap()];
    san.extend(&names);
    let (ca_cert, ee) = chain(ca, |b| leaf(b).extension(oid(SAN), false, san.clone()));
    let forms = ee.subject_alt_names();
    assert_eq!(forms.len(), 6, "{forms:?}");
    assert!(matches!(&forms[0], GeneralName::OtherName { oid: o, .. } if *o == oid("1.2.3.4")));
    assert_eq!(forms[1], GeneralName::Other);
    assert_eq!(forms[2], GeneralName::Other);
    assert_eq!(forms[4], GeneralName::IpAddress(vec![192, 0, 2, 1]));
    assert_eq!(forms[4].to_string(), "IP:192.0.2.1");
    assert_eq!(forms[5], GeneralName::Dns("example.jp".into()));
    validate(&ee, &[ca_cert], &[root], &opts()).unwrap();

    // A SAN that is not a SEQUENCE of GeneralNames is still refused (the
    // builder parses what it signs).
    let bad = leaf(issue(80, &party("Resident", 3), &party("Issuing CA", 1))).extension(
        oid(SAN),
        false,
        vec![0x30, 0x02, 0x04, 0x00],
    );
    let err = bad.sign(&keys()[1].0).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[test]
fn a_dsa_key_stays_unsupported_with_a_clear_error() {
    let root = root();
    let dir = workdir("dsa");
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("`openssl` is required");
        assert!(out.status.success(), "openssl {args:?}");
        out.stdout
    };
    run(&[
        "genpkey",
        "-genparam",
        "-algorithm",
        "DSA",
        "-pkeyopt",
        "dsa_paramgen_bits:1024",
        "-out",
        "params.pem",
    ]);
    run(&["genpkey", "-paramfile", "params.pem", "-out", "dsa.pem"]);
    let spki = run(&["pkey", "-in", "dsa.pem", "-pubout", "-outform", "DER"]);
    let _ = std::fs::remove_dir_all(&dir);

    // A CA with a DSA key parses; as an issuer its key is refused, typed.
    let ca_party = party("DSA CA", 1);
    let dsa_ca = CertificateBuilder::new(
        Serial::from_u64(90),
        root_party().dn,
        ca_party.dn.clone(),
        Time::from_unix_seconds(at().unix_seconds() - DAY),
        at().add_seconds(DAY),
        spki,
    )
    .extension(oid(SKI), false, ski_der(1))
    .extension(oid(AKI), false, aki_der(0));
    let dsa_ca = sign(&ca(dsa_ca), 0);
    assert_eq!(dsa_ca.public_key_algorithm(), oid("1.2.840.10040.4.1"));
    let ee = sign(&leaf(issue(91, &party("Resident", 3), &ca_party)), 1);
    let err = validate(&ee, &[dsa_ca], &[root.clone()], &opts()).unwrap_err();
    assert!(matches!(err, Error::UnsupportedKey { .. }), "{err:?}");
    // The same CA with an RSA key: valid.
    let (rsa_ca, _) = chain(ca, leaf);
    let ee = sign(
        &leaf(issue(92, &party("Resident", 3), &party("Issuing CA", 1))),
        1,
    );
    validate(&ee, &[rsa_ca], &[root], &opts()).unwrap();
}

/// A DER TLV (short or two-byte long length).
fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n @ 0..=0x7f => out.push(u8::try_from(n).unwrap()),
        n @ 0x80..=0xff => out.extend([0x81, u8::try_from(n).unwrap()]),
        n => out.extend([
            0x82,
            u8::try_from(n >> 8).unwrap(),
            u8::try_from(n & 0xff).unwrap(),
        ]),
    }
    out.extend_from_slice(content);
    out
}

#[test]
fn general_name_forms_the_profile_does_not_use_parse_in_crl_dp_aki_and_aia() {
    let root = root();
    let root_dn = root_party().dn;
    let ca_party = party("Issuing CA", 1);
    let x400 = [0xa3, 0x02, 0x30, 0x00];
    let edi = [0xa5, 0x05, 0xa1, 0x03, 0x0c, 0x01, 0x41];
    let crl_url = "http://crl.example/ca.crl";
    let dir_root = der_tlv(0xa4, &root_dn);
    let uri = |s: &str| der_tlv(0x86, s.as_bytes());
    // CRLDistributionPoints: one point, fullName { x400Address, URI },
    // cRLIssuer { ediPartyName, directoryName root }.
    let full_name = der_tlv(0xa0, &[x400.as_slice(), &uri(crl_url)].concat());
    let crl_issuer = der_tlv(0xa2, &[edi.as_slice(), &dir_root].concat());
    let dp = der_tlv(0x30, &[der_tlv(0xa0, &full_name), crl_issuer].concat());
    let crl_dp = der_tlv(0x30, &dp);
    // AuthorityInfoAccess: x400Address and ediPartyName locations beside URIs.
    let ocsp = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
    let ca_issuers = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02];
    let ad = |method: &[u8], location: &[u8]| der_tlv(0x30, &[method, location].concat());
    let aia = der_tlv(
        0x30,
        &[
            ad(&ocsp, &x400),
            ad(&ca_issuers, &edi),
            ad(&ocsp, &uri("http://ocsp.example/")),
            ad(&ca_issuers, &uri("http://ca.example/ca.cer")),
        ]
        .concat(),
    );
    // AuthorityKeyIdentifier: [0] key id (optional), [1] authorityCertIssuer
    // `issuer_names`, [2] serial 20 (the issuing CA's, under the root).
    let aki = |with_key_id: bool, issuer_names: &[u8]| {
        let mut fields = Vec::new();
        if with_key_id {
            fields.extend(der_tlv(0x80, &key_id(1)));
        }
        fields.extend(der_tlv(0xa1, issuer_names));
        fields.extend(der_tlv(0x82, &[20]));
        der_tlv(0x30, &fields)
    };
    let leaf_with = |serial: u64, aki: Vec<u8>| {
        let b = CertificateBuilder::new(
            Serial::from_u64(serial),
            ca_party.dn.clone(),
            party("Resident", 3).dn,
            Time::from_unix_seconds(at().unix_seconds() - 30 * DAY),
            at().add_seconds(365 * DAY),
            keys()[3].1.clone(),
        )
        .extension(oid(SKI), false, ski_der(3))
        .extension(oid(AKI), false, aki)
        .extension(oid("2.5.29.31"), false, crl_dp.clone())
        .extension(oid(AIA), false, aia.clone());
        sign(&leaf(b), 1)
    };
    let ca_cert = sign(&ca(issue(20, &ca_party, &root_party())), 0);
    let names = [x400.as_slice(), &dir_root].concat();

    // With the key identifier: parses, validates here and in OpenSSL.
    let ee = leaf_with(21, aki(true, &names));
    let dps = ee.crl_distribution_points();
    assert_eq!(dps.len(), 1);
    assert_eq!(
        dps[0].full_name,
        [GeneralName::Other, GeneralName::Uri(crl_url.into())]
    );
    assert_eq!(dps[0].crl_issuer.len(), 2);
    assert_eq!(dps[0].crl_issuer[0], GeneralName::Other);
    assert!(
        matches!(&dps[0].crl_issuer[1], GeneralName::DirectoryName(dn) if dn.matches(root.subject()))
    );
    assert_eq!(ee.ocsp_urls(), ["http://ocsp.example/"]);
    assert_eq!(ee.ca_issuers_urls(), ["http://ca.example/ca.cer"]);
    let aki_read = ee.authority_key_id().unwrap();
    assert_eq!(aki_read.key_id.as_deref(), Some(key_id(1).as_slice()));
    assert_eq!(aki_read.issuer.len(), 2);
    assert_eq!(aki_read.issuer[0], GeneralName::Other);
    assert_eq!(aki_read.serial, Some(Serial::from_u64(20)));
    validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    assert!(openssl_accepts(
        "other-general-names",
        &ee,
        &[&ca_cert],
        &root,
        &[]
    ));

    // Without it, the issuer is found by authorityCertIssuer and serial: the
    // directoryName beside the x400Address still names it…
    let ee = leaf_with(22, aki(false, &names));
    assert_eq!(
        ee.issuer_match(&ca_cert),
        Some(jpki::cert::IssuerMatch::IssuerAndSerial)
    );
    validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap();
    // …while an x400Address alone (kept as "other") matches nothing.
    let ee = leaf_with(23, aki(false, &x400));
    assert_eq!(ee.issuer_match(&ca_cert), None);
    let err = validate(&ee, &[ca_cert.clone()], &[root.clone()], &opts()).unwrap_err();
    assert!(matches!(err, Error::IssuerNotFound { .. }), "{err:?}");

    // Malformed values are still refused (the builder parses what it signs):
    // an empty fullName, an AccessDescription without a location, an empty
    // authorityCertIssuer.
    let bad = |ext: &str, value: Vec<u8>| {
        let b = leaf(issue(24, &party("Resident", 3), &ca_party)).extension(oid(ext), false, value);
        let err = b.sign(&keys()[1].0).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{ext}: {err:?}");
    };
    bad(
        "2.5.29.31",
        der_tlv(0x30, &der_tlv(0x30, &der_tlv(0xa0, &der_tlv(0xa0, &[])))),
    );
    bad(AIA, der_tlv(0x30, &der_tlv(0x30, &ocsp)));
    let no_aki = CertificateBuilder::new(
        Serial::from_u64(25),
        ca_party.dn.clone(),
        party("Resident", 3).dn,
        Time::from_unix_seconds(at().unix_seconds() - DAY),
        at().add_seconds(DAY),
        keys()[3].1.clone(),
    )
    .extension(oid(AKI), false, der_tlv(0x30, &der_tlv(0xa1, &[])));
    let err = no_aki.sign(&keys()[1].0).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}
