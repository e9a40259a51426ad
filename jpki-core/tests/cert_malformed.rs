//! Malformed and unusual certificates: every fault in the 4 basic info or the
//! extensions must be refused with the error variant that names it, and nothing may
//! panic. The certificates are crafted with the simulator's [`CertificateBuilder`],
//! their extension values built with the `der` and `x509-cert` crates.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use der::asn1::{
    BitString, Ia5StringRef, ObjectIdentifier, OctetString, PrintableStringRef, SetOfVec,
    Utf8StringRef,
};
use der::{Any, Decode, Encode, Tag, TagNumber};
use jpki::Certificate;
use jpki::Date;
use jpki::Serial;
use jpki::Sex;
use jpki::Time;
use jpki::cert::{
    CertificateKind, Environment, Era, GeneralName, OtherPersonalField, PersonalField,
};
use jpki::oid::{self, Oid};
use jpki::sim::{
    Authority, AuthorityOptions, CertificateBuilder, Purpose, RegisterRecord, SimKey, dn_der,
};
use jpki::{Error, PositionsError};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::name::{GeneralName as X509GeneralName, OtherName};
use x509_cert::ext::pkix::{
    CertificatePolicies, ExtendedKeyUsage, SubjectAltName, SubjectDirectoryAttributes,
    SubjectKeyIdentifier,
};

const KU: &str = "2.5.29.15";
const CP: &str = "2.5.29.32";
const SAN: &str = "2.5.29.17";
const SKI: &str = "2.5.29.14";
const EKU: &str = "2.5.29.37";
const SDA: &str = "2.5.29.9";

const POLICY_SIGNING: &str = "1.2.392.200149.8.5.1.1.20";
const POLICY_SIGNING_TEST: &str = "1.2.392.200149.8.5.1.0.20";
const POLICY_AUTH: &str = "1.2.392.200149.8.5.1.3.30";
const POLICY_AUTH_TEST: &str = "1.2.392.200149.8.5.1.2.30";

const NAME: &str = "山田\u{3000}花子";
const ADDRESS: &str = "東京都千代田区霞が関2丁目1番2号";
const ADDRESS_LEN: usize = 17;

type Ext = (&'static str, bool, Vec<u8>);

// ---------------------------------------------------------------------------
// Fixtures

struct Fixture {
    key: SimKey,
    spki: Vec<u8>,
    /// A certificate the simulated authority issued (the J-LIS profile).
    issued: Certificate,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = SimKey::generate(2048).unwrap();
        let spki = key.public_key_der().unwrap();
        let at = Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap();
        let mut authority = Authority::new(AuthorityOptions::default(), at).unwrap();
        let resident = RegisterRecord {
            name: "𠮷田 太郎".into(),
            birth_date: Date::parse_iso("1950-04-01").unwrap(),
            sex: Sex::Male,
            address: ADDRESS.into(),
            prefecture: None,
            municipality: None,
        };
        let issued = authority
            .issue(&resident, &spki, Purpose::Signing, at)
            .unwrap();
        Fixture { key, spki, issued }
    })
}

/// A certificate with the given extensions, in order.
fn craft(extensions: &[Ext]) -> Result<Certificate, Error> {
    let f = fixture();
    let mut builder = CertificateBuilder::new(
        Serial::from_u64(0x4242),
        dn_der(&[("C", "JP"), ("O", "JPKI"), ("OU", "Malformed test CA")]).unwrap(),
        dn_der(&[
            ("C", "JP"),
            ("L", "Tokyo-to"),
            ("L", "千代田区"),
            ("CN", "MALFORMED00000000000000"),
        ])
        .unwrap(),
        Time::parse_rfc3339("2026-11-21T01:00:00Z").unwrap(),
        Time::parse_rfc3339("2031-04-01T14:59:59Z").unwrap(),
        f.spki.clone(),
    );
    for (oid, critical, value) in extensions {
        builder = builder.extension(oid.parse().unwrap(), *critical, value.clone());
    }
    builder.sign(&f.key)
}

fn object_id(dotted: &str) -> ObjectIdentifier {
    ObjectIdentifier::new(dotted).unwrap()
}

fn jpki_oid(dotted: &str) -> Oid {
    dotted.parse().unwrap()
}

fn utf8(text: &str) -> Any {
    Any::encode_from(&Utf8StringRef::new(text).unwrap()).unwrap()
}

fn printable(text: &str) -> Any {
    Any::encode_from(&PrintableStringRef::new(text).unwrap()).unwrap()
}

fn ia5(text: &str) -> Any {
    Any::encode_from(&Ia5StringRef::new(text).unwrap()).unwrap()
}

fn other_name(type_id: &str, value: Any) -> X509GeneralName {
    X509GeneralName::OtherName(OtherName {
        type_id: object_id(type_id),
        value,
    })
}

fn arc(n: u32) -> String {
    format!("1.2.392.200149.8.5.5.{n}")
}

/// The six 4-info otherNames of a well-formed signing certificate, with `changes`
/// applied: `(n, Some(v))` puts `v` into `.n`, `(n, None)` removes `.n`.
fn info(changes: &[(u32, Option<&str>)]) -> Vec<X509GeneralName> {
    let mut fields: Vec<(u32, String)> = vec![
        (1, NAME.into()),
        (2, "00000".into()),
        (3, "2".into()),
        (4, "319500401".into()),
        (5, ADDRESS.into()),
        (6, "0".repeat(ADDRESS_LEN)),
    ];
    for &(n, change) in changes {
        let slot = fields.iter().position(|(k, _)| *k == n).unwrap();
        match change {
            Some(v) => fields[slot].1 = v.into(),
            None => {
                fields.remove(slot);
            }
        }
    }
    fields
        .into_iter()
        .map(|(n, v)| other_name(&arc(n), utf8(&v)))
        .collect()
}

fn san(names: Vec<X509GeneralName>) -> Ext {
    (SAN, false, SubjectAltName(names).to_der().unwrap())
}

/// keyUsage digitalSignature + nonRepudiation.
fn ku_signing() -> Ext {
    (
        KU,
        true,
        BitString::new(6, vec![0xC0]).unwrap().to_der().unwrap(),
    )
}

fn policy(dotted: &str) -> Ext {
    let cp = CertificatePolicies(vec![PolicyInformation {
        policy_identifier: object_id(dotted),
        policy_qualifiers: None,
    }]);
    (CP, true, cp.to_der().unwrap())
}

fn ski(id: &[u8]) -> Ext {
    (
        SKI,
        false,
        SubjectKeyIdentifier(OctetString::new(id).unwrap())
            .to_der()
            .unwrap(),
    )
}

/// A test-card signing certificate whose subjectAltName holds `names`.
fn signing(names: Vec<X509GeneralName>) -> Result<Certificate, Error> {
    craft(&[ku_signing(), policy(POLICY_SIGNING_TEST), san(names)])
}

fn short(result: &Result<Certificate, Error>) -> String {
    match result {
        Ok(c) => format!("Ok(certificate {})", c.serial()),
        Err(e) => format!("Err({e:?})"),
    }
}

// ---------------------------------------------------------------------------
// Sanity: the crafted baseline is a valid signing certificate.

#[test]
fn crafted_baseline_parses() {
    let cert = signing(info(&[])).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Signing);
    assert_eq!(cert.environment(), Some(Environment::Test));
    let info = cert.personal_info().unwrap();
    assert_eq!(info.name(), NAME);
    assert!(!info.name_substitutes().any());
    assert_eq!(info.birth_date().era(), Era::Showa);
    assert_eq!(info.sex(), Sex::Female);
    assert_eq!(info.address(), ADDRESS);
    assert_eq!(info.address_substitutes().field_len(), ADDRESS_LEN);
    assert!(info.other_fields().is_empty());

    let marked = signing(info_with_positions("01001")).unwrap();
    assert_eq!(
        marked
            .personal_info()
            .unwrap()
            .name_substitutes()
            .positions(),
        &[1, 4]
    );
}

fn info_with_positions(name_digits: &str) -> Vec<X509GeneralName> {
    info(&[(2, Some(name_digits))])
}

// ---------------------------------------------------------------------------
// Broken encodings

#[test]
fn every_truncation_is_a_decode_error() {
    let der = fixture().issued.der();
    assert!(der.len() > 1000);
    for len in 0..der.len() {
        let prefix = &der[..len];
        let result = Certificate::from_der(prefix);
        assert!(
            matches!(result, Err(Error::Decode { .. })),
            "prefix of {len} bytes: {}",
            short(&result)
        );
        let result = Certificate::parse(prefix);
        assert!(
            matches!(result, Err(Error::Decode { .. })),
            "parse, prefix of {len} bytes: {}",
            short(&result)
        );
    }
    assert_eq!(Certificate::from_der(der).unwrap().der(), der);
}

#[test]
fn trailing_data_is_refused() {
    let der = fixture().issued.der();
    for tail in [&[0x00][..], &[0x30, 0x00], der] {
        let input = [der, tail].concat();
        let result = Certificate::from_der(&input);
        assert!(
            matches!(
                result,
                Err(Error::Decode {
                    what: "certificate",
                    ..
                })
            ),
            "{} trailing bytes: {}",
            tail.len(),
            short(&result)
        );
    }
}

#[test]
fn broken_pem_is_refused() {
    let pem = fixture().issued.to_pem();

    // A character outside the base64 alphabet in the body.
    let mut corrupted = pem.clone().into_bytes();
    let body_start = pem.find('\n').unwrap() + 1;
    corrupted[body_start + 10] = b'*';
    let result = Certificate::parse(&corrupted);
    assert!(
        matches!(result, Err(Error::Pem { .. })),
        "{}",
        short(&result)
    );

    let result =
        Certificate::parse(b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
    assert!(
        matches!(result, Err(Error::Pem { .. })),
        "{}",
        short(&result)
    );

    // No END line.
    let cut = pem.replace("-----END CERTIFICATE-----", "");
    let result = Certificate::parse(cut.as_bytes());
    assert!(
        matches!(result, Err(Error::Pem { .. })),
        "{}",
        short(&result)
    );
    let result = Certificate::parse_all(cut.as_bytes());
    assert!(matches!(result, Err(Error::Pem { .. })));

    // Valid PEM, but no CERTIFICATE block.
    let crl = jpki::pem::encode("X509 CRL", fixture().issued.der());
    for result in [
        Certificate::parse(crl.as_bytes()),
        Certificate::parse_all(crl.as_bytes()).map(|mut v| v.remove(0)),
    ] {
        assert!(
            matches!(
                result,
                Err(Error::NoPemBlock {
                    label: "CERTIFICATE"
                })
            ),
            "{}",
            short(&result)
        );
    }

    // Valid PEM around a truncated certificate: the DER error comes through.
    let der = fixture().issued.der();
    let truncated = jpki::pem::encode("CERTIFICATE", &der[..der.len() - 1]);
    let result = Certificate::parse(truncated.as_bytes());
    assert!(
        matches!(result, Err(Error::Decode { .. })),
        "{}",
        short(&result)
    );

    // Text around a good block is fine.
    let commented = format!("subject: whatever\n{pem}trailing words\n");
    assert_eq!(Certificate::parse(commented.as_bytes()).unwrap().der(), der);
}

// ---------------------------------------------------------------------------
// The 4 basic info

#[test]
fn non_utf8_other_names_are_refused_with_their_tag() {
    for (value, expected) in [
        (printable("YAMADA HANAKO"), "PrintableString"),
        (ia5("yamada hanako"), "IA5String"),
    ] {
        let mut names = info(&[(1, None)]);
        names.insert(0, other_name(&arc(1), value));
        let err = signing(names).unwrap_err();
        assert!(
            matches!(&err, Error::WrongOtherNameTag { oid, found }
                if *oid == oid::JPKI_NAME && found == expected),
            "{err:?}"
        );
    }

    let mut names = info(&[(4, None)]);
    names.push(other_name(&arc(4), printable("319500401")));
    let err = signing(names).unwrap_err();
    assert!(
        matches!(&err, Error::WrongOtherNameTag { oid, found }
            if *oid == oid::JPKI_BIRTH_DATE && found == "PrintableString"),
        "{err:?}"
    );

    // Unknown fields under the arc must be UTF8String too.
    let mut names = info(&[]);
    names.push(other_name(&arc(7), ia5("x")));
    let err = signing(names).unwrap_err();
    assert!(
        matches!(&err, Error::WrongOtherNameTag { oid, found }
            if *oid == jpki_oid(&arc(7)) && found == "IA5String"),
        "{err:?}"
    );
}

#[test]
fn bad_substitute_positions_are_refused() {
    for (n, field, len) in [
        (2, PersonalField::Name, 5),
        (6, PersonalField::Address, ADDRESS_LEN),
    ] {
        let cases: Vec<(String, PositionsError)> = vec![
            (
                "0".repeat(len - 1),
                PositionsError::LengthMismatch {
                    expected: len,
                    found: len - 1,
                },
            ),
            (
                "0".repeat(len + 1),
                PositionsError::LengthMismatch {
                    expected: len,
                    found: len + 1,
                },
            ),
            (
                String::new(),
                PositionsError::LengthMismatch {
                    expected: len,
                    found: 0,
                },
            ),
            (
                format!("00{}", "2".to_owned() + &"0".repeat(len - 3)),
                PositionsError::BadDigit {
                    ch: '2',
                    position: 2,
                },
            ),
            (
                format!("１{}", "0".repeat(len - 1)),
                PositionsError::BadDigit {
                    ch: '１',
                    position: 0,
                },
            ),
            (
                format!("{} ", "0".repeat(len - 1)),
                PositionsError::BadDigit {
                    ch: ' ',
                    position: len - 1,
                },
            ),
        ];
        for (digits, expected) in cases {
            let err = signing(info(&[(n, Some(&digits))])).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidSubstitutePositions { field: f, reason }
                    if *f == field && *reason == expected),
                ".{n} = {digits:?}: {err:?}"
            );
        }
    }
}

#[test]
fn bad_birth_dates_are_refused() {
    for (value, code) in [("619500401", '6'), ("919500401", '9'), ("719500401", '7')] {
        let err = signing(info(&[(4, Some(value))])).unwrap_err();
        assert!(
            matches!(&err, Error::UnknownEra { code: c, value: v } if *c == code && v == value),
            "{value}: {err:?}"
        );
    }

    for value in [
        "",
        "3",
        "3195004",
        "3195004010",
        "319501301",
        "319500231",
        "319500400",
        "A19500401",
        "31950-0401",
        "3１9500401",
        " 319500401",
    ] {
        let err = signing(info(&[(4, Some(value))])).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidBirthDate { value: v } if v == value),
            "{value:?}: {err:?}"
        );
    }

    for (value, era, date) in [
        ("419500401", "Heisei", "1950-04-01"),
        ("419890107", "Heisei", "1989-01-07"),
        ("319890108", "Showa", "1989-01-08"),
        ("520190430", "Reiwa", "2019-04-30"),
        ("119500401", "Meiji", "1950-04-01"),
        ("219120729", "Taisho", "1912-07-29"),
    ] {
        let err = signing(info(&[(4, Some(value))])).unwrap_err();
        assert!(
            matches!(&err, Error::EraMismatch { value: v, era: e, date: d }
                if v == value && *e == era && d.to_string() == date),
            "{value}: {err:?}"
        );
    }

    // Era code 0: unknown era, Gregorian year only.
    let cert = signing(info(&[(4, Some("019500401"))])).unwrap();
    let birth = cert.personal_info().unwrap().birth_date();
    assert_eq!(birth.era(), Era::Unknown);
    assert_eq!(birth.to_japanese(), "1950年4月1日");
}

#[test]
fn bad_sex_codes_are_refused() {
    for value in ["4", "0", "", "12", "男", "１"] {
        let err = signing(info(&[(3, Some(value))])).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidSex { value: v } if v == value),
            "{value:?}: {err:?}"
        );
    }
    for (code, sex) in [("1", Sex::Male), ("2", Sex::Female), ("3", Sex::Unknown)] {
        let cert = signing(info(&[(3, Some(code))])).unwrap();
        assert_eq!(cert.personal_info().unwrap().sex(), sex);
    }
}

#[test]
fn duplicate_other_names_are_refused() {
    for n in 1..=6 {
        let mut names = info(&[]);
        let copy = names[usize::try_from(n - 1).unwrap()].clone();
        names.push(copy);
        let err = signing(names).unwrap_err();
        assert!(
            matches!(&err, Error::DuplicateOtherName { oid } if *oid == jpki_oid(&arc(n))),
            ".{n}: {err:?}"
        );
    }
    // Also for fields this version does not know.
    let mut names = info(&[]);
    names.push(other_name(&arc(7), utf8("a")));
    names.push(other_name(&arc(7), utf8("b")));
    let err = signing(names).unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateOtherName { oid } if *oid == jpki_oid(&arc(7))),
        "{err:?}"
    );
}

#[test]
fn incomplete_basic_info_is_refused() {
    for (n, field) in [
        (1, PersonalField::Name),
        (3, PersonalField::Sex),
        (4, PersonalField::BirthDate),
        (5, PersonalField::Address),
    ] {
        let err = signing(info(&[(n, None)])).unwrap_err();
        assert!(
            matches!(&err, Error::MissingPersonalField { field: f } if *f == field),
            "without .{n}: {err:?}"
        );
    }
    // Only the position strings.
    let names = vec![
        other_name(&arc(2), utf8("00000")),
        other_name(&arc(6), utf8("0")),
    ];
    let err = signing(names).unwrap_err();
    assert!(
        matches!(
            err,
            Error::MissingPersonalField {
                field: PersonalField::Name
            }
        ),
        "{err:?}"
    );
}

#[test]
fn absent_position_strings_mean_no_substitutes() {
    let cert = signing(info(&[(2, None), (6, None)])).unwrap();
    let info = cert.personal_info().unwrap();
    assert!(!info.name_substitutes().any());
    assert_eq!(info.name_substitutes().field_len(), 5);
    assert_eq!(info.name_substitutes().to_digits(), "00000");
    assert!(!info.address_substitutes().any());
    assert_eq!(info.address_substitutes().field_len(), ADDRESS_LEN);
    assert_eq!(info.name(), NAME);
    assert_eq!(info.address(), ADDRESS);
}

#[test]
fn unknown_fields_under_the_arc_are_kept() {
    let mut names = info(&[]);
    names.insert(2, other_name(&arc(7), utf8("ヤマダ\u{3000}ハナコ")));
    names.push(other_name(&arc(10), utf8("旧姓 鈴木")));
    let cert = signing(names).unwrap();
    let info = cert.personal_info().unwrap();
    assert_eq!(
        info.other_fields(),
        [
            OtherPersonalField {
                oid: jpki_oid("1.2.392.200149.8.5.5.7"),
                value: "ヤマダ\u{3000}ハナコ".into(),
            },
            OtherPersonalField {
                oid: jpki_oid("1.2.392.200149.8.5.5.10"),
                value: "旧姓 鈴木".into(),
            },
        ]
    );
    assert_eq!(info.name(), NAME);
}

#[test]
fn other_names_outside_the_arc_are_ignored() {
    let outside = [
        ("1.2.392.200149.8.5.6.1", printable("OUTSIDE")),
        ("1.2.392.200149.8.5.5", printable("THE ARC ITSELF")),
        ("1.2.392.200149.8.5.55", utf8("SIBLING")),
        ("1.3.6.1.4.1.311.20.2.3", utf8("upn@example.test")),
    ];
    let mut names = info(&[]);
    names.extend(outside.iter().map(|(o, v)| other_name(o, v.clone())));
    let cert = signing(names).unwrap();
    let info = cert.personal_info().unwrap();
    assert!(info.other_fields().is_empty());
    assert_eq!(info.name(), NAME);
    // Still visible as subjectAltName entries.
    assert_eq!(cert.subject_alt_names().len(), 6 + outside.len());
    assert!(cert.subject_alt_names().contains(&GeneralName::OtherName {
        oid: jpki_oid("1.2.392.200149.8.5.6.1"),
        value: "OUTSIDE".into(),
    }));

    // Only outside otherNames: no personal info at all.
    let names = outside
        .iter()
        .map(|(o, v)| other_name(o, v.clone()))
        .collect();
    let cert = signing(names).unwrap();
    assert!(cert.personal_info().is_none());
    assert_eq!(cert.kind(), CertificateKind::Signing, "by policy");
}

// ---------------------------------------------------------------------------
// Extensions

#[test]
fn duplicate_extensions_are_refused() {
    let err = craft(&[ski(&[1; 20]), ku_signing(), ski(&[2; 20])]).unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateExtension { oid } if *oid == jpki_oid(SKI)),
        "{err:?}"
    );
    let err = craft(&[san(info(&[])), ku_signing(), san(info(&[]))]).unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateExtension { oid } if *oid == jpki_oid(SAN)),
        "{err:?}"
    );
}

#[test]
fn malformed_extension_values_are_decode_errors() {
    for value in [
        vec![0x04, 0x01, 0xC0],             // OCTET STRING, not BIT STRING
        vec![0x03, 0x02, 0x08, 0x80],       // 8 unused bits
        vec![0x03, 0x02, 0x06, 0xC0, 0x00], // trailing byte
        vec![0x03, 0x03, 0x06, 0xC0],       // truncated
        vec![],
    ] {
        let err = craft(&[(KU, true, value.clone())]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Decode {
                    what: "keyUsage extension",
                    ..
                }
            ),
            "{value:02x?}: {err:?}"
        );
    }
    let err = craft(&[(SAN, false, vec![0x30, 0x03, 0xA0, 0x01])]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                what: "subjectAltName extension",
                ..
            }
        ),
        "{err:?}"
    );
    let err = craft(&[(CP, true, vec![0x30, 0x01, 0x06])]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                what: "certificatePolicies extension",
                ..
            }
        ),
        "{err:?}"
    );
}

fn tlv(tag: Tag, content: &[u8]) -> Vec<u8> {
    Any::new(tag, content.to_vec()).unwrap().to_der().unwrap()
}

fn explicit(number: u32, content: &[u8]) -> Vec<u8> {
    tlv(
        Tag::ContextSpecific {
            constructed: true,
            number: TagNumber(number),
        },
        content,
    )
}

/// `HCActor ::= SEQUENCE { [0] EXPLICIT SET { [0] EXPLICIT OID, [2] EXPLICIT UTF8String } }`.
fn hc_actor(scheme: &str, role: &str) -> Any {
    let scheme = object_id(scheme).to_der().unwrap();
    let role = Utf8StringRef::new(role).unwrap().to_der().unwrap();
    let coded = tlv(
        Tag::Set,
        &[explicit(0, &scheme), explicit(2, &role)].concat(),
    );
    Any::from_der(&tlv(Tag::Sequence, &explicit(0, &coded))).unwrap()
}

#[test]
fn hpki_role_is_read_from_subject_directory_attributes() {
    let role_attr = Attribute {
        oid: object_id("1.0.17090.0.1"),
        values: SetOfVec::try_from(vec![hc_actor("1.2.392.100495.1.6.1.1", "Medical Doctor")])
            .unwrap(),
    };
    // The same shape under another attribute type is not a role.
    let decoy = Attribute {
        oid: object_id("1.0.17090.0.2"),
        values: SetOfVec::try_from(vec![hc_actor("1.2.392.100495.1.6.1.1", "Not A Role")]).unwrap(),
    };
    let sda = SubjectDirectoryAttributes(vec![decoy, role_attr])
        .to_der()
        .unwrap();
    let cert = craft(&[
        ku_signing(),
        policy("1.2.392.100495.1.5.1.1.0.1"),
        (SDA, false, sda),
    ])
    .unwrap();
    assert_eq!(cert.hpki_roles(), ["Medical Doctor"]);
    assert_eq!(cert.kind(), CertificateKind::Other);
    assert_eq!(cert.environment(), None);

    // No subjectDirectoryAttributes, no roles.
    assert!(signing(info(&[])).unwrap().hpki_roles().is_empty());
    assert!(fixture().issued.hpki_roles().is_empty());
}

// ---------------------------------------------------------------------------
// Classification

#[test]
fn policy_oids_give_kind_and_environment() {
    for (policy_oid, kind, env) in [
        (
            POLICY_SIGNING_TEST,
            CertificateKind::Signing,
            Environment::Test,
        ),
        (
            POLICY_SIGNING,
            CertificateKind::Signing,
            Environment::Production,
        ),
        (
            POLICY_AUTH_TEST,
            CertificateKind::Authentication,
            Environment::Test,
        ),
        (
            POLICY_AUTH,
            CertificateKind::Authentication,
            Environment::Production,
        ),
    ] {
        let cert = craft(&[policy(policy_oid)]).unwrap();
        assert_eq!(cert.kind(), kind, "{policy_oid}");
        assert_eq!(cert.environment(), Some(env), "{policy_oid}");
        assert!(cert.personal_info().is_none());
    }

    // The test-card signing policy with the 4 basic info, as on a test card.
    let cert = signing(info(&[])).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Signing);
    assert_eq!(cert.environment(), Some(Environment::Test));
    assert_eq!(cert.policies()[0].oid, jpki_oid(POLICY_SIGNING_TEST));
}

#[test]
fn without_a_jpki_policy_the_contents_decide() {
    // 4 basic info and nonRepudiation: a signing certificate of unknown environment.
    let cert = craft(&[ku_signing(), san(info(&[]))]).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Signing);
    assert_eq!(cert.environment(), None);

    // 4 basic info without nonRepudiation: not called a signing certificate.
    let ds_only = (
        KU,
        true,
        BitString::new(7, vec![0x80]).unwrap().to_der().unwrap(),
    );
    let cert = craft(&[ds_only, san(info(&[]))]).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Other);
    assert!(cert.personal_info().is_some());

    // clientAuth only.
    let eku = ExtendedKeyUsage(vec![object_id("1.3.6.1.5.5.7.3.2")])
        .to_der()
        .unwrap();
    let cert = craft(&[(EKU, false, eku)]).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Authentication);
    assert_eq!(cert.environment(), None);

    // Another policy under the JPKI arc is neither.
    let cert = craft(&[policy("1.2.392.200149.8.5.1.9.99")]).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Other);
    assert_eq!(cert.environment(), None);

    let cert = craft(&[]).unwrap();
    assert_eq!(cert.kind(), CertificateKind::Other);
    assert!(cert.extensions().is_empty());
}
