//! The simulated J-LIS authority end to end: the issued certificates must follow the
//! J-LIS profile of `docs/SOURCES.md` exactly, register events must
//! revoke what the seeds say, and the state directory must carry an authority from
//! one process to the next.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use der::Decode;
use jpki::Certificate;
use jpki::Date;
use jpki::Serial;
use jpki::Sex;
use jpki::Time;
use jpki::cert::{
    CertificateKind, Environment, Era, GeneralName, IssuerMatch, PersonalField, StringKind,
    substitute_table,
};
use jpki::revocation::RevocationReason;
use jpki::sim::{Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey};
use jpki::{Error, SimulatorError};
use sha2::{Digest, Sha256};

const SIGNING_CA_DN: &str = "C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems";
const AUTH_CA_DN: &str = "C=JP, O=JPKI, OU=JPKI for user authentication, OU=Japan Agency for Local Authority Information Systems";
const ADDRESS: &str = "東京都千代田区霞が関2丁目1番2号";

// ---------------------------------------------------------------------------
// Shared fixtures: RSA key generation is the slow part, so one authority and two
// subscriber keys serve every test that needs no authority of its own.

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn time(text: &str) -> Time {
    Time::parse_rfc3339(text).unwrap()
}

fn date(text: &str) -> Date {
    Date::parse_iso(text).unwrap()
}

fn shared() -> MutexGuard<'static, Authority> {
    static AUTHORITY: OnceLock<Mutex<Authority>> = OnceLock::new();
    AUTHORITY
        .get_or_init(|| Mutex::new(Authority::new(AuthorityOptions::default(), at()).unwrap()))
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `[signing key, authentication key]`, as on one card.
fn keys() -> &'static [Vec<u8>; 2] {
    static KEYS: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            SimKey::generate(2048).unwrap().public_key_der().unwrap(),
            SimKey::generate(2048).unwrap().public_key_der().unwrap(),
        ]
    })
}

fn record(name: &str, birth: &str, sex: Sex, address: &str) -> RegisterRecord {
    RegisterRecord {
        name: name.into(),
        birth_date: date(birth),
        sex,
        address: address.into(),
        prefecture: None,
        municipality: None,
    }
}

fn oids(cert: &Certificate) -> Vec<(String, bool)> {
    cert.extensions()
        .iter()
        .map(|e| (e.oid.to_dotted(), e.critical))
        .collect()
}

fn policy_oids(cert: &Certificate) -> Vec<String> {
    cert.policies().iter().map(|p| p.oid.to_dotted()).collect()
}

fn single_dir_name(names: &[GeneralName]) -> &jpki::cert::DistinguishedName {
    match names {
        [GeneralName::DirectoryName(dn)] => dn,
        other => panic!("expected one directoryName, got {other:?}"),
    }
}

/// RFC 7093 method 1, computed independently of the library.
fn key_id_of(cert: &Certificate) -> Vec<u8> {
    let spki = x509_cert::spki::SubjectPublicKeyInfoRef::from_der(cert.public_key_der()).unwrap();
    Sha256::digest(spki.subject_public_key.raw_bytes())[..20].to_vec()
}

/// Checks the sha256WithRSAEncryption signature of `cert` with `issuer`'s key,
/// over exactly the bytes `tbs_der()` returns.
fn assert_signed_by(cert: &Certificate, issuer: &Certificate) {
    use rsa::pkcs8::DecodePublicKey;
    let key = rsa::PublicKey::from_public_key_der(issuer.public_key_der()).unwrap();
    key.verify(
        rsa::Pkcs1v15Sign::new::<Sha256>(),
        &Sha256::digest(cert.tbs_der()),
        cert.signature(),
    )
    .unwrap_or_else(|e| panic!("{} not signed by {}: {e}", cert.serial(), issuer.serial()));
}

fn assert_opaque_cn(cert: &Certificate) {
    let cn = cert.subject().common_name().unwrap();
    assert_eq!(cn.chars().count(), 23, "{cn}");
    assert!(
        cn.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{cn}"
    );
}

// ---------------------------------------------------------------------------
// The signing certificate

#[test]
fn signing_certificate_follows_the_jlis_profile() {
    let mut authority = shared();
    let resident = record("𠮷田 太郎", "1950-04-01", Sex::Male, ADDRESS);
    let cert = authority
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();

    assert_eq!(cert.kind(), CertificateKind::Signing);
    assert_eq!(cert.environment(), Some(Environment::Test));
    assert_eq!(cert.version(), 3);
    assert_eq!(
        cert.signature_algorithm().to_dotted(),
        "1.2.840.113549.1.1.11"
    );
    assert_eq!(
        cert.public_key_algorithm().to_dotted(),
        "1.2.840.113549.1.1.1"
    );
    assert_eq!(cert.rsa_modulus_bits(), Some(2048));
    assert_eq!(cert.public_key_der(), keys()[0].as_slice());
    assert!(!cert.is_ca());
    assert!(cert.basic_constraints().is_none());
    assert!(cert.extended_key_usage().is_empty());

    // Extensions, in order, with their criticality.
    assert_eq!(
        oids(&cert),
        [
            ("2.5.29.15".to_owned(), true),          // keyUsage
            ("2.5.29.32".to_owned(), true),          // certificatePolicies
            ("2.5.29.17".to_owned(), false),         // subjectAltName
            ("2.5.29.18".to_owned(), false),         // issuerAltName
            ("2.5.29.31".to_owned(), false),         // cRLDistributionPoints
            ("1.3.6.1.5.5.7.1.1".to_owned(), false), // authorityInfoAccess
            ("2.5.29.35".to_owned(), false),         // authorityKeyIdentifier
            ("2.5.29.14".to_owned(), false),         // subjectKeyIdentifier
        ]
    );
    let ku = cert.key_usage().unwrap();
    assert_eq!(ku.names(), ["digitalSignature", "nonRepudiation"]);
    assert!(ku.digital_signature && ku.non_repudiation && !ku.key_cert_sign);

    assert_eq!(policy_oids(&cert), ["1.2.392.200149.8.5.1.0.20"]);
    assert_eq!(
        cert.policies()[0].cps_uris,
        ["http://www.jpki.go.jp/cps.html"]
    );

    // Subject: C=JP, L=<prefecture>, L=<municipality>, CN=<23-char opaque id>.
    let subject = cert.subject();
    let attrs: Vec<(String, StringKind)> = subject
        .attributes()
        .iter()
        .map(|a| (a.short_name(), a.kind))
        .collect();
    assert_eq!(
        attrs,
        [
            ("C".to_owned(), StringKind::Printable),
            ("L".to_owned(), StringKind::Utf8),
            ("L".to_owned(), StringKind::Utf8),
            ("CN".to_owned(), StringKind::Utf8),
        ]
    );
    let cn = subject.common_name().unwrap();
    assert_eq!(
        subject.to_string(),
        format!("C=JP, L=Tokyo-to, L=千代田区, CN={cn}")
    );
    assert_opaque_cn(&cert);
    assert_eq!(cert.prefecture(), Some("Tokyo-to"));
    assert_eq!(cert.municipality(), Some("千代田区"));

    // Issuer: the newest signing CA generation.
    let ca = authority
        .generations_of(Purpose::Signing)
        .max_by_key(|g| g.index())
        .unwrap();
    assert_eq!(ca.index(), 2);
    let ca = ca.certificate().clone();
    assert_eq!(cert.issuer().to_string(), SIGNING_CA_DN);
    assert_eq!(cert.issuer().der(), ca.subject().der());
    assert_eq!(
        single_dir_name(cert.issuer_alt_names()).to_string(),
        "C=JP, O=公的個人認証サービス, OU=公的個人認証サービス署名用, OU=地方公共団体情報システム機構"
    );

    // CRL distribution point: a directoryName per municipality.
    let dps = cert.crl_distribution_points();
    assert_eq!(dps.len(), 1);
    assert!(dps[0].crl_issuer.is_empty());
    assert_eq!(
        single_dir_name(&dps[0].full_name).to_string(),
        "C=JP, O=JPKI, OU=JPKI for digital signature, OU=CRL Distribution Points, OU=Tokyo-to, CN=千代田区 CRLDP"
    );

    assert_eq!(cert.ocsp_urls(), ["http://127.0.0.1:28080/ocsp/sign"]);
    assert!(cert.ca_issuers_urls().is_empty());

    // AKI: key id, issuer DirName and serial of the issuing CA.
    let aki = cert.authority_key_id().unwrap();
    assert_eq!(aki.key_id.as_deref(), ca.subject_key_id());
    assert_eq!(aki.key_id.as_deref(), Some(key_id_of(&ca).as_slice()));
    assert_eq!(single_dir_name(&aki.issuer).der(), ca.subject().der());
    assert_eq!(single_dir_name(&aki.issuer).to_string(), SIGNING_CA_DN);
    assert_eq!(aki.serial.as_ref(), Some(ca.serial()));
    assert_eq!(ca.serial(), &Serial::from_u64(2));
    assert_eq!(cert.issuer_match(&ca), Some(IssuerMatch::KeyId));

    // SKI: RFC 7093 method 1 over the subscriber key.
    assert_eq!(cert.subject_key_id(), Some(key_id_of(&cert).as_slice()));
    assert_ne!(cert.subject_key_id(), ca.subject_key_id());

    // Validity: from issuance to the 5th birthday after it, 23:59:59 JST.
    assert_eq!(cert.not_before(), at());
    assert_eq!(cert.not_before().to_string(), "2026-11-21T01:00:00Z");
    assert_eq!(cert.not_after().to_string(), "2031-04-01T14:59:59Z");
    assert!(cert.is_valid_at(time("2031-04-01T23:59:59+09:00")));
    assert!(!cert.is_valid_at(time("2031-04-02T00:00:00+09:00")));

    assert_signed_by(&cert, &ca);

    let rec = authority.find_issued(cert.serial()).unwrap();
    assert_eq!(rec.purpose(), Purpose::Signing);
    assert_eq!(rec.generation(), 2);
    assert_eq!(rec.partition(), ("Tokyo-to", "千代田区"));
    assert_eq!(rec.issued_at(), at());
    assert_eq!(rec.certificate().der(), cert.der());
    assert!(authority.revocation_of(cert.serial()).is_none());
}

#[test]
fn production_environment_and_ocsp_urls_come_from_the_options() {
    let options = AuthorityOptions {
        environment: Environment::Production,
        ocsp_url_signing: "http://ocsp.example.test/sign".into(),
        ocsp_url_authentication: "http://ocsp.example.test/auth".into(),
        ..AuthorityOptions::default()
    };
    let mut authority = Authority::new(options.clone(), at()).unwrap();
    assert_eq!(authority.options(), &options);
    let resident = record("佐藤 一郎", "1980-06-15", Sex::Male, ADDRESS);

    let sign = authority
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();
    assert_eq!(sign.kind(), CertificateKind::Signing);
    assert_eq!(sign.environment(), Some(Environment::Production));
    assert_eq!(policy_oids(&sign), ["1.2.392.200149.8.5.1.1.20"]);
    assert_eq!(sign.ocsp_urls(), ["http://ocsp.example.test/sign"]);
    assert!(sign.personal_info().is_some());

    let auth = authority
        .issue(&resident, &keys()[1], Purpose::Authentication, at())
        .unwrap();
    assert_eq!(auth.kind(), CertificateKind::Authentication);
    assert_eq!(auth.environment(), Some(Environment::Production));
    assert_eq!(policy_oids(&auth), ["1.2.392.200149.8.5.1.3.30"]);
    assert_eq!(auth.ocsp_urls(), ["http://ocsp.example.test/auth"]);

    // The first serial of a fresh authority, then one more.
    assert_eq!(sign.serial(), &Serial::from_u64(0x0100_0000));
    assert_eq!(auth.serial(), &Serial::from_u64(0x0100_0001));
}

// ---------------------------------------------------------------------------
// The 4 basic info

#[test]
fn four_basic_info_of_a_plain_record() {
    let mut authority = shared();
    let resident = record("𠮷田 太郎", "1950-04-01", Sex::Male, ADDRESS);
    let cert = authority
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();
    let info = cert.personal_info().unwrap();

    assert_eq!(info.name(), "吉田\u{3000}太郎");
    assert_eq!(info.surname(), "吉田");
    assert_eq!(info.given_name(), Some("太郎"));
    assert_eq!(info.name_substitutes().positions(), &[0]);
    assert_eq!(info.name_substitutes().to_digits(), "10000");
    assert_eq!(info.name_substitutes().field_len(), 5);

    let birth = info.birth_date();
    assert_eq!(birth.era(), Era::Showa);
    assert_eq!(birth.era_year(), Some(25));
    assert_eq!(birth.date(), date("1950-04-01"));
    assert_eq!(birth.to_certificate_form(), "319500401");
    assert_eq!(birth.to_japanese(), "昭和25年4月1日");

    assert_eq!(info.sex(), Sex::Male);
    assert_eq!(info.address(), ADDRESS);
    assert!(!info.address_substitutes().any());
    assert_eq!(info.address_substitutes().field_len(), 17);
    assert_eq!(info.address_substitutes().to_digits(), "0".repeat(17));
    assert!(info.other_fields().is_empty());

    // The otherNames themselves, in the J-LIS order and encoding.
    let names: Vec<String> = cert
        .subject_alt_names()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        names,
        [
            "othername:1.2.392.200149.8.5.5.1:吉田\u{3000}太郎".to_owned(),
            "othername:1.2.392.200149.8.5.5.2:10000".to_owned(),
            "othername:1.2.392.200149.8.5.5.3:1".to_owned(),
            "othername:1.2.392.200149.8.5.5.4:319500401".to_owned(),
            format!("othername:1.2.392.200149.8.5.5.5:{ADDRESS}"),
            format!("othername:1.2.392.200149.8.5.5.6:{}", "0".repeat(17)),
        ]
    );
}

#[test]
fn every_listed_substitute_is_applied_and_marked() {
    let mut authority = shared();
    let table = substitute_table();
    assert!(table.len() >= 4);
    let surname: String = table.iter().map(|&(register, _)| register).collect();
    let expected_surname: String = table.iter().map(|&(_, sub)| sub).collect();
    let resident = record(
        &format!("{surname} 花子"),
        "2000-02-29",
        Sex::Female,
        "東京都千代田区髙田町﨑1番地德2号",
    );
    let cert = authority
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();
    let info = cert.personal_info().unwrap();

    assert_eq!(info.name(), format!("{expected_surname}\u{3000}花子"));
    let name_chars: Vec<char> = info.name().chars().collect();
    for (i, &(register, sub)) in table.iter().enumerate() {
        assert_eq!(name_chars[i], sub, "{register} at {i}");
        assert!(
            info.name_substitutes().is_substituted(i),
            "{register} at {i}"
        );
    }
    assert_eq!(
        info.name_substitutes().positions(),
        (0..table.len()).collect::<Vec<_>>()
    );
    assert_eq!(
        info.name_substitutes().to_digits(),
        format!("{}000", "1".repeat(table.len()))
    );

    assert_eq!(info.address(), "東京都千代田区高田町崎1番地徳2号");
    assert_eq!(info.address_substitutes().positions(), &[7, 10, 14]);
    assert_eq!(info.address_substitutes().to_digits(), "00000001001000100");

    // 29 February: Heisei 12; the 5th birthday after issuance falls on 28 February.
    assert_eq!(info.sex(), Sex::Female);
    assert_eq!(info.birth_date().era(), Era::Heisei);
    assert_eq!(info.birth_date().to_certificate_form(), "420000229");
    assert_eq!(info.birth_date().to_japanese(), "平成12年2月29日");
    assert_eq!(cert.not_after().to_string(), "2031-02-28T14:59:59Z");
    // The subject partition comes from the (unsubstituted) municipality.
    assert_eq!(cert.municipality(), Some("千代田区"));
}

#[test]
fn birth_dates_carry_the_era_in_force_that_day() {
    let mut authority = shared();
    for (i, (born, form, japanese, era)) in [
        ("1912-07-29", "119120729", "明治45年7月29日", Era::Meiji),
        ("1912-07-30", "219120730", "大正元年7月30日", Era::Taisho),
        ("1926-12-24", "219261224", "大正15年12月24日", Era::Taisho),
        ("1926-12-25", "319261225", "昭和元年12月25日", Era::Showa),
        ("1989-01-07", "319890107", "昭和64年1月7日", Era::Showa),
        ("1989-01-08", "419890108", "平成元年1月8日", Era::Heisei),
        ("2011-11-21", "420111121", "平成23年11月21日", Era::Heisei),
    ]
    .into_iter()
    .enumerate()
    {
        let resident = record(&format!("元号 {i}"), born, Sex::Unknown, ADDRESS);
        let cert = authority
            .issue(&resident, &keys()[0], Purpose::Signing, at())
            .unwrap();
        let info = cert.personal_info().unwrap();
        assert_eq!(info.birth_date().era(), era, "{born}");
        assert_eq!(info.birth_date().to_certificate_form(), form, "{born}");
        assert_eq!(info.birth_date().to_japanese(), japanese, "{born}");
        assert_eq!(info.sex(), Sex::Unknown);
    }
}

#[test]
fn characters_without_a_substitute_are_refused() {
    let mut authority = shared();
    let issued_before = authority.issued().len();

    let err = authority
        .issue(
            &record("山田\u{3000}\u{E000}子", "1980-01-01", Sex::Female, ADDRESS),
            &keys()[0],
            Purpose::Signing,
            at(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Simulator(SimulatorError::NoSubstitute {
                field: PersonalField::Name,
                ch: '\u{E000}',
                position: 3
            })
        ),
        "{err:?}"
    );

    // Half-width katakana are outside the charset and unlisted too.
    let err = authority
        .issue(
            &record("山田 ﾊﾅｺ", "1980-01-01", Sex::Female, ADDRESS),
            &keys()[0],
            Purpose::Signing,
            at(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Simulator(SimulatorError::NoSubstitute {
                field: PersonalField::Name,
                ch: 'ﾊ',
                position: 3
            })
        ),
        "{err:?}"
    );

    let err = authority
        .issue(
            &record(
                "山田 花子",
                "1980-01-01",
                Sex::Female,
                "東京都千代田区\u{E000}1番",
            ),
            &keys()[0],
            Purpose::Signing,
            at(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Simulator(SimulatorError::NoSubstitute {
                field: PersonalField::Address,
                ch: '\u{E000}',
                position: 7
            })
        ),
        "{err:?}"
    );

    // Nothing was issued and no serial consumed.
    assert_eq!(authority.issued().len(), issued_before);
}

// ---------------------------------------------------------------------------
// The authentication certificate

#[test]
fn subject_and_crl_partition_use_the_substituted_address() {
    let mut authority = shared();
    let keys = keys();
    // 𣘺 is outside the certificate charset: the certificate carries 橋 everywhere.
    let r = record("板橋 一郎", "1970-01-01", Sex::Male, "北海道𣘺市1番");
    for (key, purpose) in [
        (&keys[0], Purpose::Signing),
        (&keys[1], Purpose::Authentication),
    ] {
        let cert = authority.issue(&r, key, purpose, at()).unwrap();
        let dp = single_dir_name(&cert.crl_distribution_points()[0].full_name);
        assert_eq!(dp.common_name(), Some("橋市 CRLDP"), "{purpose:?}");
        let issued = authority.find_issued(cert.serial()).unwrap();
        assert_eq!(issued.partition(), ("Hokkaido", "橋市"));
        if purpose == Purpose::Signing {
            assert_eq!(cert.municipality(), Some("橋市"));
            assert_eq!(cert.personal_info().unwrap().address(), "北海道橋市1番");
        }
    }
    // A caller-given municipality goes through the same table.
    let mut given = r.clone();
    given.municipality = Some("𣘺-shi".into());
    let cert = authority
        .issue(&given, &keys[0], Purpose::Signing, at())
        .unwrap();
    assert_eq!(cert.municipality(), Some("橋-shi"));
}

#[test]
fn authentication_certificate_carries_no_personal_data() {
    let mut authority = shared();
    let resident = record("𠮷田 太郎", "1950-04-01", Sex::Male, ADDRESS);
    let cert = authority
        .issue(&resident, &keys()[1], Purpose::Authentication, at())
        .unwrap();

    assert_eq!(cert.kind(), CertificateKind::Authentication);
    assert_eq!(cert.environment(), Some(Environment::Test));
    assert!(cert.personal_info().is_none());
    assert!(cert.subject_alt_names().is_empty());
    assert_eq!(
        cert.extended_key_usage()
            .iter()
            .map(|o| o.to_dotted())
            .collect::<Vec<_>>(),
        ["1.3.6.1.5.5.7.3.2"]
    );
    assert_eq!(cert.key_usage().unwrap().names(), ["digitalSignature"]);
    assert_eq!(
        oids(&cert),
        [
            ("2.5.29.15".to_owned(), true),
            ("2.5.29.32".to_owned(), true),
            ("2.5.29.37".to_owned(), false),
            ("2.5.29.18".to_owned(), false),
            ("2.5.29.31".to_owned(), false),
            ("1.3.6.1.5.5.7.1.1".to_owned(), false),
            ("2.5.29.35".to_owned(), false),
            ("2.5.29.14".to_owned(), false),
        ]
    );
    assert_eq!(policy_oids(&cert), ["1.2.392.200149.8.5.1.2.30"]);

    let cn = cert.subject().common_name().unwrap();
    assert_eq!(cert.subject().to_string(), format!("C=JP, CN={cn}"));
    assert_opaque_cn(&cert);
    assert_eq!(cert.prefecture(), None);
    assert_eq!(cert.municipality(), None);

    assert_eq!(cert.issuer().to_string(), AUTH_CA_DN);
    assert_eq!(
        single_dir_name(&cert.crl_distribution_points()[0].full_name).to_string(),
        "C=JP, O=JPKI, OU=JPKI for user authentication, OU=CRL Distribution Points, OU=Tokyo-to, CN=千代田区 CRLDP"
    );
    assert_eq!(cert.ocsp_urls(), ["http://127.0.0.1:28080/ocsp/auth"]);
    assert_eq!(cert.not_after().to_string(), "2031-04-01T14:59:59Z");

    let trust: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    let issuers = cert.find_issuers(&trust);
    assert_eq!(issuers.len(), 1);
    assert_eq!(issuers[0].subject().to_string(), AUTH_CA_DN);
    assert_signed_by(&cert, issuers[0]);
    assert_eq!(cert.subject_key_id(), Some(key_id_of(&cert).as_slice()));
}

#[test]
fn no_signing_certificate_under_fifteen() {
    let mut authority = shared();
    let issued_before = authority.issued().len();

    // One day short of 15 on the issuance date (JST).
    let child = record("未成年 一郎", "2011-11-22", Sex::Male, ADDRESS);
    let err = authority
        .issue(&child, &keys()[0], Purpose::Signing, at())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Simulator(SimulatorError::UnderAgeForSigning { age: 14 })
        ),
        "{err:?}"
    );
    assert_eq!(authority.issued().len(), issued_before);
    let auth = authority
        .issue(&child, &keys()[1], Purpose::Authentication, at())
        .unwrap();
    assert_eq!(auth.kind(), CertificateKind::Authentication);

    // The age counts in JST: at 00:30 JST on the 15th birthday (still the day
    // before in UTC) the resident is 15; a second before midnight JST, 14.
    let teen = record("十五歳 次郎", "2011-11-21", Sex::Male, ADDRESS);
    let err = authority
        .issue(
            &teen,
            &keys()[0],
            Purpose::Signing,
            time("2026-11-20T23:59:59+09:00"),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Simulator(SimulatorError::UnderAgeForSigning { age: 14 })
        ),
        "{err:?}"
    );
    let issued_at = time("2026-11-21T00:30:00+09:00");
    let cert = authority
        .issue(&teen, &keys()[0], Purpose::Signing, issued_at)
        .unwrap();
    assert_eq!(cert.kind(), CertificateKind::Signing);
    assert_eq!(cert.not_before().to_string(), "2026-11-20T15:30:00Z");
    assert_eq!(cert.not_after().to_string(), "2031-11-21T14:59:59Z");

    // A birth date after the issuance date is refused for both purposes.
    let unborn = record("未来 三郎", "2026-11-22", Sex::Male, ADDRESS);
    for purpose in [Purpose::Signing, Purpose::Authentication] {
        let err = authority
            .issue(&unborn, &keys()[1], purpose, at())
            .unwrap_err();
        assert!(
            matches!(err, Error::Simulator(SimulatorError::InvalidRecord { .. })),
            "{err:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// CA generations

#[test]
fn generations_share_one_dn_and_are_told_apart_by_key() {
    let mut authority = shared();
    for (purpose, dn) in [
        (Purpose::Signing, SIGNING_CA_DN),
        (Purpose::Authentication, AUTH_CA_DN),
    ] {
        let gens: Vec<_> = authority.generations_of(purpose).collect();
        assert_eq!(gens.len(), 2);
        assert_eq!(gens.iter().map(|g| g.index()).collect::<Vec<_>>(), [1, 2]);
        let (old, new) = (gens[0].certificate(), gens[1].certificate());
        assert_eq!(old.subject().der(), new.subject().der());
        assert_eq!(old.subject().to_string(), dn);
        assert_ne!(old.subject_key_id(), new.subject_key_id());
        assert!(old.subject_key_id().is_some() && new.subject_key_id().is_some());
        assert_ne!(old.public_key_der(), new.public_key_der());
        for g in &gens {
            let c = g.certificate();
            assert_eq!(g.purpose(), purpose);
            assert_eq!(c.kind(), CertificateKind::Ca);
            assert!(c.is_self_issued());
            assert_eq!(
                c.serial(),
                &Serial::from_u64(u64::try_from(g.index()).unwrap())
            );
            assert!(c.is_valid_at(at()));
            assert_eq!(c.not_after().to_string().get(10..), Some("T14:59:59Z"));
            assert_signed_by(c, c);
        }
        // The older generation started four years before the newer one.
        assert!(old.not_before() < new.not_before());
        assert_eq!(
            new.not_before().to_string(),
            "2026-11-20T01:00:00Z",
            "the newest generation starts one day before creation"
        );
    }

    let trust: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    assert_eq!(trust.len(), 4);
    let gen1 = authority
        .generations_of(Purpose::Signing)
        .find(|g| g.index() == 1)
        .unwrap()
        .certificate()
        .clone();
    let gen2 = authority
        .generations_of(Purpose::Signing)
        .find(|g| g.index() == 2)
        .unwrap()
        .certificate()
        .clone();

    let resident = record("世代 四郎", "1970-10-10", Sex::Male, ADDRESS);
    let old = authority
        .issue_from_generation(&resident, &keys()[0], Purpose::Signing, 1, at())
        .unwrap();
    assert_eq!(
        old.issuer().der(),
        gen2.subject().der(),
        "same DN either way"
    );
    let issuers = old.find_issuers(&trust);
    assert_eq!(issuers.len(), 1);
    assert_eq!(issuers[0].der(), gen1.der());
    assert_eq!(old.issuer_match(&gen1), Some(IssuerMatch::KeyId));
    assert_eq!(old.issuer_match(&gen2), None);
    assert_eq!(
        old.authority_key_id().unwrap().serial.as_ref(),
        Some(&Serial::from_u64(1))
    );
    assert_signed_by(&old, &gen1);
    assert_eq!(authority.find_issued(old.serial()).unwrap().generation(), 1);

    // Plain issue takes the newest generation.
    let new = authority
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();
    let issuers = new.find_issuers(&trust);
    assert_eq!(issuers.len(), 1);
    assert_eq!(issuers[0].der(), gen2.der());
    assert_eq!(new.issuer_match(&gen1), None);
    assert_eq!(authority.find_issued(new.serial()).unwrap().generation(), 2);

    // There is no third generation.
    let err = authority
        .issue_from_generation(&resident, &keys()[0], Purpose::Signing, 3, at())
        .unwrap_err();
    assert!(
        matches!(err, Error::Simulator(SimulatorError::State { .. })),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// Register events and holder requests

/// Issues a signing and an authentication certificate to a resident of its own.
fn issue_pair(authority: &mut Authority, name: &str) -> (Serial, Serial) {
    let resident = record(name, "1975-05-05", Sex::Female, ADDRESS);
    let sign = authority
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();
    let auth = authority
        .issue(&resident, &keys()[1], Purpose::Authentication, at())
        .unwrap();
    (sign.serial().clone(), auth.serial().clone())
}

fn revocation(
    serial: &Serial,
    at: Time,
    reason: RevocationReason,
    event: Event,
) -> jpki::sim::RevocationRecord {
    jpki::sim::RevocationRecord {
        serial: serial.clone(),
        revoked_at: at,
        reason,
        event,
    }
}

const KEPT_AUTH: &str = "an authentication certificate carries no 4 basic info";

#[test]
fn changes_of_the_certified_contents_revoke_the_signing_certificate_only() {
    let mut authority = shared();
    let when = time("2027-01-10T09:00:00+09:00");
    for (i, event) in [Event::Move, Event::NameChange, Event::AddressNotationChange]
        .into_iter()
        .enumerate()
    {
        let (sign, auth) = issue_pair(&mut authority, &format!("異動 {i}子"));
        let before = authority.revocations().len();
        // Register reports concern the resident: naming either certificate works.
        let named = if i == 1 { &auth } else { &sign };
        let outcome = authority.apply_event(named, event, when).unwrap();
        assert_eq!(
            outcome.revoked,
            [revocation(
                &sign,
                when,
                RevocationReason::AffiliationChanged,
                event
            )],
            "{event:?}"
        );
        assert_eq!(outcome.kept, [(auth.clone(), KEPT_AUTH)], "{event:?}");
        assert_eq!(authority.revocations().len(), before + 1);
        assert_eq!(
            authority.revocation_of(&sign).unwrap().reason,
            RevocationReason::AffiliationChanged
        );
        assert!(authority.revocation_of(&auth).is_none());
    }
}

#[test]
fn death_revokes_everything_and_a_merger_nothing() {
    let mut authority = shared();
    let when = time("2027-02-01T12:00:00+09:00");

    let (sign, auth) = issue_pair(&mut authority, "死亡 花子");
    let outcome = authority.apply_event(&sign, Event::Death, when).unwrap();
    assert_eq!(
        outcome.revoked,
        [
            revocation(
                &sign,
                when,
                RevocationReason::CessationOfOperation,
                Event::Death
            ),
            revocation(
                &auth,
                when,
                RevocationReason::CessationOfOperation,
                Event::Death
            ),
        ]
    );
    assert!(outcome.kept.is_empty());

    let (sign, auth) = issue_pair(&mut authority, "合併 花子");
    let before = authority.revocations().len();
    let outcome = authority
        .apply_event(&sign, Event::MunicipalMerger, when)
        .unwrap();
    assert!(outcome.revoked.is_empty());
    let merger = "a municipal merger does not revoke certificates";
    assert_eq!(
        outcome.kept,
        [(sign.clone(), merger), (auth.clone(), merger)]
    );
    assert_eq!(authority.revocations().len(), before);
    assert!(authority.revocation_of(&sign).is_none());
    assert!(authority.revocation_of(&auth).is_none());
}

#[test]
fn holder_requests_revoke_only_the_named_certificate() {
    let mut authority = shared();
    let when = time("2027-03-01T12:00:00+09:00");

    let (sign, auth) = issue_pair(&mut authority, "任意 花子");
    let outcome = authority
        .apply_event(&sign, Event::Voluntary, when)
        .unwrap();
    assert_eq!(
        outcome.revoked,
        [revocation(
            &sign,
            when,
            RevocationReason::CessationOfOperation,
            Event::Voluntary
        )]
    );
    assert!(outcome.kept.is_empty());
    assert!(authority.revocation_of(&auth).is_none());

    let (sign, auth) = issue_pair(&mut authority, "漏えい 花子");
    let outcome = authority
        .apply_event(&auth, Event::KeyCompromise, when)
        .unwrap();
    assert_eq!(
        outcome.revoked,
        [revocation(
            &auth,
            when,
            RevocationReason::KeyCompromise,
            Event::KeyCompromise
        )]
    );
    assert!(outcome.kept.is_empty());
    assert!(authority.revocation_of(&sign).is_none());
}

#[test]
fn revoked_certificates_are_not_revoked_twice() {
    let mut authority = shared();
    let first = time("2027-04-01T12:00:00+09:00");
    let later = time("2027-05-01T12:00:00+09:00");

    let (sign, auth) = issue_pair(&mut authority, "二重 花子");
    authority.apply_event(&sign, Event::Move, first).unwrap();
    let before = authority.revocations().len();

    // The same holder request again: nothing new.
    let outcome = authority
        .apply_event(&sign, Event::Voluntary, later)
        .unwrap();
    assert!(outcome.revoked.is_empty());
    assert_eq!(outcome.kept, [(sign.clone(), "already revoked")]);
    assert_eq!(authority.revocations().len(), before);

    // Death afterwards revokes only what is still valid.
    let outcome = authority.apply_event(&auth, Event::Death, later).unwrap();
    assert_eq!(
        outcome.revoked,
        [revocation(
            &auth,
            later,
            RevocationReason::CessationOfOperation,
            Event::Death
        )]
    );
    assert_eq!(outcome.kept, [(sign.clone(), "already revoked")]);
    assert_eq!(authority.revocations().len(), before + 1);
    // The first revocation keeps its time, reason and event.
    assert_eq!(
        authority.revocation_of(&sign),
        Some(&revocation(
            &sign,
            first,
            RevocationReason::AffiliationChanged,
            Event::Move
        ))
    );

    // An expired certificate is not revoked either.
    let (sign, _) = issue_pair(&mut authority, "満了 花子");
    let outcome = authority
        .apply_event(&sign, Event::Voluntary, time("2040-01-01T00:00:00Z"))
        .unwrap();
    assert!(outcome.revoked.is_empty());
    assert_eq!(outcome.kept, [(sign.clone(), "already expired")]);
}

#[test]
fn events_on_unknown_serials_fail() {
    let mut authority = shared();
    let before = authority.revocations().len();
    let err = authority
        .apply_event(&Serial::from_u64(0xdead_beef), Event::Death, at())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Simulator(SimulatorError::UnknownSerial { serial }) if *serial == Serial::from_u64(0xdead_beef)),
        "{err:?}"
    );
    assert_eq!(authority.revocations().len(), before);
}

// ---------------------------------------------------------------------------
// Persistence

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("jpki-core-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn state_directory_carries_the_authority_across_processes() {
    let dir = TempDir::new("sim-state");
    let options = AuthorityOptions {
        ocsp_url_signing: "http://ocsp.example.test/s".into(),
        ..AuthorityOptions::default()
    };
    let resident = record(
        "永続 太郎",
        "1960-08-08",
        Sex::Male,
        "北海道札幌市南区真駒内1条1丁目",
    );

    let (generations, issued, revoked, last_serial) = {
        let mut authority = Authority::create(&dir.0, options.clone(), at()).unwrap();
        let sign = authority
            .issue(&resident, &keys()[0], Purpose::Signing, at())
            .unwrap();
        let auth = authority
            .issue(&resident, &keys()[1], Purpose::Authentication, at())
            .unwrap();
        assert_eq!(sign.serial(), &Serial::from_u64(0x0100_0000));
        assert_eq!(auth.serial(), &Serial::from_u64(0x0100_0001));
        assert_eq!(sign.prefecture(), Some("Hokkaido"));
        assert_eq!(sign.municipality(), Some("札幌市南区"));
        authority
            .apply_event(auth.serial(), Event::KeyCompromise, at())
            .unwrap();
        let generations: Vec<(Purpose, usize, Vec<u8>)> = authority
            .generations()
            .iter()
            .map(|g| (g.purpose(), g.index(), g.certificate().der().to_vec()))
            .collect();
        let issued: Vec<_> = authority
            .issued()
            .iter()
            .map(|r| {
                (
                    r.serial().clone(),
                    r.purpose(),
                    r.generation(),
                    r.resident_id().to_owned(),
                    (r.partition().0.to_owned(), r.partition().1.to_owned()),
                    r.issued_at(),
                    r.certificate().der().to_vec(),
                )
            })
            .collect();
        (
            generations,
            issued,
            authority.revocations().to_vec(),
            auth.serial().to_u64().unwrap(),
        )
    };
    assert_eq!(generations.len(), 4);
    assert_eq!(issued.len(), 2);
    assert_eq!(revoked.len(), 1);

    // A second authority cannot be created over the first.
    let err = Authority::create(&dir.0, options.clone(), at()).unwrap_err();
    assert!(
        matches!(err, Error::Simulator(SimulatorError::State { .. })),
        "{err:?}"
    );

    let mut reopened = Authority::open(&dir.0).unwrap();
    assert_eq!(reopened.options(), &options);
    let generations_again: Vec<(Purpose, usize, Vec<u8>)> = reopened
        .generations()
        .iter()
        .map(|g| (g.purpose(), g.index(), g.certificate().der().to_vec()))
        .collect();
    assert_eq!(generations_again, generations);
    let issued_again: Vec<_> = reopened
        .issued()
        .iter()
        .map(|r| {
            (
                r.serial().clone(),
                r.purpose(),
                r.generation(),
                r.resident_id().to_owned(),
                (r.partition().0.to_owned(), r.partition().1.to_owned()),
                r.issued_at(),
                r.certificate().der().to_vec(),
            )
        })
        .collect();
    assert_eq!(issued_again, issued);
    assert_eq!(reopened.revocations(), revoked.as_slice());
    assert_eq!(reopened.revocations()[0].event, Event::KeyCompromise);
    assert_eq!(
        reopened.revocations()[0].reason,
        RevocationReason::KeyCompromise
    );

    // The serial counter continues, and the reloaded CA keys still sign for
    // their certificates.
    let next = reopened
        .issue(&resident, &keys()[0], Purpose::Signing, at())
        .unwrap();
    assert_eq!(next.serial(), &Serial::from_u64(last_serial + 1));
    let trust: Vec<Certificate> = reopened.trust_anchors().into_iter().cloned().collect();
    let issuers = next.find_issuers(&trust);
    assert_eq!(issuers.len(), 1);
    assert_signed_by(&next, issuers[0]);
    // The event on the reopened authority sees the records of the first process.
    let outcome = reopened
        .apply_event(next.serial(), Event::Death, at())
        .unwrap();
    assert_eq!(outcome.revoked.len(), 2, "both signing certificates");
    assert_eq!(
        outcome.kept.len(),
        1,
        "the authentication one was revoked before"
    );
    drop(reopened);
    let third = Authority::open(&dir.0).unwrap();
    assert_eq!(third.issued().len(), 3);
    assert_eq!(third.revocations().len(), 3);

    // trust.pem: every CA generation, in order.
    let pem = std::fs::read(dir.0.join("trust.pem")).unwrap();
    let anchors = Certificate::parse_all(&pem).unwrap();
    assert_eq!(anchors.len(), 4);
    for (anchor, (_, _, der)) in anchors.iter().zip(&generations) {
        assert_eq!(anchor.kind(), CertificateKind::Ca);
        assert_eq!(anchor.der(), der.as_slice());
    }

    // CA private keys are readable by the owner only; no temporary files remain.
    let mut key_files: Vec<String> = std::fs::read_dir(dir.0.join("ca-keys"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    key_files.sort();
    assert_eq!(
        key_files,
        [
            "authentication-1.key.pem",
            "authentication-2.key.pem",
            "signing-1.key.pem",
            "signing-2.key.pem"
        ]
    );
    #[cfg(unix)]
    for name in &key_files {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.0.join("ca-keys").join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: {mode:o}");
    }
    for entry in std::fs::read_dir(&dir.0).unwrap() {
        let name = entry.unwrap().file_name();
        assert!(
            !name.to_string_lossy().ends_with(".tmp"),
            "{name:?} left behind"
        );
    }
}

#[test]
fn opening_a_directory_without_an_authority_fails() {
    let dir = TempDir::new("sim-empty");
    std::fs::create_dir_all(&dir.0).unwrap();
    let err = Authority::open(&dir.0).unwrap_err();
    assert!(
        matches!(err, Error::Simulator(SimulatorError::State { .. })),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// Round trips

#[test]
fn every_issued_certificate_round_trips() {
    let mut authority = shared();
    // Make sure there is at least one certificate of each purpose and generation.
    let resident = record("往復 三郎", "1990-12-31", Sex::Male, ADDRESS);
    for purpose in [Purpose::Signing, Purpose::Authentication] {
        for generation in [1, 2] {
            authority
                .issue_from_generation(&resident, &keys()[0], purpose, generation, at())
                .unwrap();
        }
    }
    let trust: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    let all: Vec<&Certificate> = authority
        .issued()
        .iter()
        .map(|r| r.certificate())
        .chain(authority.trust_anchors())
        .collect();
    assert!(all.len() >= 8);
    for cert in all {
        let der = cert.der();
        let again = Certificate::from_der(der).unwrap();
        assert_eq!(again.der(), der);
        assert_eq!(again.tbs_der(), cert.tbs_der());
        assert_eq!(again.personal_info(), cert.personal_info());
        let from_pem = Certificate::parse(cert.to_pem().as_bytes()).unwrap();
        assert_eq!(from_pem.der(), der);

        // tbsCertificate is the first element of the outer SEQUENCE, in place.
        let tbs = cert.tbs_der();
        assert!(der.as_ptr_range().contains(&tbs.as_ptr()));
        let offset = der.windows(tbs.len()).position(|w| w == tbs).unwrap();
        assert_eq!(der[0], 0x30);
        assert_eq!(
            der[1], 0x82,
            "certificates of this size have a 2-byte length"
        );
        assert_eq!(offset, 4);
        assert_eq!(tbs[0], 0x30);
        assert!(tbs.len() + 4 < der.len());

        let issuers = cert.find_issuers(&trust);
        let issuer = if cert.is_ca() {
            assert!(issuers.is_empty(), "roots carry no AKI");
            cert
        } else {
            assert_eq!(issuers.len(), 1);
            issuers[0]
        };
        assert_signed_by(cert, issuer);
    }
}
