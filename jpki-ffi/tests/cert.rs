//! Certificates and comparisons through the C ABI (the rlib's exports, with real
//! pointers): the real J-LIS roots, simulator-issued signing and authentication
//! certificates with substitute characters, the applicant comparison per field,
//! bad input, a buffer too small, and NULL for every pointer parameter.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use jpki::cert::IssuerMatch;
use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey};
use jpki::{Applicant, Certificate, Date, Sex, Time};
use jpki_ffi::cert::*;
use jpki_ffi::compare::*;
use jpki_ffi::jpki_result;

const OK: jpki_result = jpki_result::Ok;
const NULL: jpki_result = jpki_result::NullParameter;

fn jlis(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../jpki-core/tests/jlis/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

/// Certificates from one simulated authority, made once for every test.
struct Fixture {
    signing: Certificate,
    authentication: Certificate,
    /// The signing CA generation that issued `signing`, and another one.
    issuing_ca: Certificate,
    other_ca: Certificate,
    trust_pem: String,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
        let record = RegisterRecord {
            // 髙 (U+9AD9) and 﨑 (U+FA11) are outside the certificate charset: the
            // certificate carries 高 and 崎 and marks their positions.
            name: "髙橋 太郎".into(),
            birth_date: Date::parse_iso("1950-04-01").unwrap(),
            sex: Sex::Male,
            address: "東京都千代田区﨑町2丁目1番2号".into(),
            prefecture: None,
            municipality: None,
        };
        let key = SimKey::generate(2048).unwrap().public_key_der().unwrap();
        let signing = authority
            .issue(&record, &key, Purpose::Signing, at())
            .unwrap();
        let authentication = authority
            .issue(&record, &key, Purpose::Authentication, at())
            .unwrap();
        let generation = authority
            .find_issued(signing.serial())
            .unwrap()
            .generation();
        let cas: Vec<_> = authority.generations_of(Purpose::Signing).collect();
        let issuing_ca = cas
            .iter()
            .find(|g| g.index() == generation)
            .unwrap()
            .certificate()
            .clone();
        let other_ca = cas
            .iter()
            .find(|g| g.index() != generation)
            .unwrap()
            .certificate()
            .clone();
        Fixture {
            signing,
            authentication,
            issuing_ca,
            other_ca,
            trust_pem: authority.trust_pem(),
        }
    })
}

/// A handle for `input` (DER or PEM), asserting success.
fn parse(input: &[u8]) -> *mut jpki_certificate {
    let mut cert = null_mut();
    // SAFETY: `input` is a live slice; `cert` is a local.
    let r = unsafe { jpki_certificate_parse(input.as_ptr(), input.len(), &mut cert) };
    assert_eq!(r, OK);
    assert!(!cert.is_null());
    cert
}

/// The output of a `buf, cap, out_len` function: asks for the size with a NULL
/// buffer first, then checks a buffer one byte short, then reads.
fn output(f: impl Fn(*mut u8, usize, *mut usize) -> jpki_result) -> Vec<u8> {
    let mut len = usize::MAX;
    let r = f(null_mut(), 0, &mut len);
    if len == 0 {
        assert_eq!(r, OK);
        return Vec::new();
    }
    assert_eq!(r, jpki_result::BufferTooSmall);
    let mut short = vec![0xAAu8; len - 1];
    let mut short_len = 0;
    assert_eq!(
        f(short.as_mut_ptr(), short.len(), &mut short_len),
        jpki_result::BufferTooSmall
    );
    assert_eq!(short_len, len);
    assert!(
        short.iter().all(|&b| b == 0xAA),
        "nothing written when short"
    );
    let mut buf = vec![0u8; len + 3];
    let mut got = 0;
    assert_eq!(f(buf.as_mut_ptr(), buf.len(), &mut got), OK);
    assert_eq!(got, len);
    buf.truncate(len);
    buf
}

fn text(f: impl Fn(*mut u8, usize, *mut usize) -> jpki_result) -> String {
    String::from_utf8(output(f)).unwrap()
}

/// The positions from a `uint32_t *, cap, out_len` function, with the same
/// size-first protocol.
fn positions(f: impl Fn(*mut u32, usize, *mut usize) -> jpki_result) -> Vec<u32> {
    let mut len = usize::MAX;
    let r = f(null_mut(), 0, &mut len);
    if len == 0 {
        assert_eq!(r, OK);
        return Vec::new();
    }
    assert_eq!(r, jpki_result::BufferTooSmall);
    let mut buf = vec![u32::MAX; len + 1];
    let mut got = 0;
    assert_eq!(f(buf.as_mut_ptr(), buf.len(), &mut got), OK);
    assert_eq!(got, len);
    assert_eq!(buf[len], u32::MAX, "nothing written past the count");
    buf.truncate(len);
    buf
}

fn free(cert: *mut jpki_certificate) {
    // SAFETY: `cert` came from this library and is not used again.
    unsafe { jpki_certificate_free(cert) }
}

#[test]
fn real_jlis_root_parses_with_its_fields() {
    let pem = jlis("sign_ca_2023.pem");
    let core = Certificate::parse(&pem).unwrap();
    let cert = parse(&pem);
    let mut kind = jpki_certificate_kind::Other;
    // SAFETY: `cert` is live until freed at the end; the output is a local.
    let got = unsafe { jpki_certificate_get_kind(cert, &mut kind) };
    assert_eq!(got, OK);
    assert_eq!(kind, jpki_certificate_kind::Ca);

    let serial = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_serial_hex(cert, b, c, l) }
    });
    assert_eq!(serial, core.serial().to_string());
    assert!(serial.starts_with("0x"));
    let (mut data, mut len) = (null(), 0);
    // SAFETY: live handle, local outputs.
    let got = unsafe { jpki_certificate_serial(cert, &mut data, &mut len) };
    assert_eq!(got, OK);
    // SAFETY: the view points into the live handle.
    let got = unsafe { std::slice::from_raw_parts(data, len) };
    assert_eq!(got, core.serial().as_bytes());

    let subject = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_subject(cert, b, c, l) }
    });
    assert_eq!(subject, core.subject().to_string());
    assert!(subject.starts_with("C=JP"), "{subject}");
    let issuer = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_issuer(cert, b, c, l) }
    });
    assert_eq!(issuer, core.issuer().to_string());

    let (mut nb, mut na) = (0i64, 0i64);
    // SAFETY: live handle, local outputs.
    unsafe {
        assert_eq!(jpki_certificate_not_before(cert, &mut nb), OK);
        assert_eq!(jpki_certificate_not_after(cert, &mut na), OK);
    }
    assert_eq!(u64::try_from(nb).unwrap(), core.not_before().unix_seconds());
    assert_eq!(u64::try_from(na).unwrap(), core.not_after().unix_seconds());
    assert!(nb < na);

    let (mut der, mut der_len) = (null(), 0);
    // SAFETY: live handle, local outputs.
    let got = unsafe { jpki_certificate_der(cert, &mut der, &mut der_len) };
    assert_eq!(got, OK);
    // SAFETY: the view points into the live handle.
    let der = unsafe { std::slice::from_raw_parts(der, der_len) }.to_vec();
    assert_eq!(der, core.der());

    // The DER parses to the same certificate; the PEM output round-trips.
    let from_der = parse(&der);
    let pem_out = output(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_pem(from_der, b, c, l) }
    });
    assert_eq!(Certificate::parse(&pem_out).unwrap(), core);

    // A root names itself as its issuer.
    let mut how = jpki_issuer_match::None;
    // SAFETY: live handles, local output.
    let got = unsafe { jpki_certificate_issued_by(cert, from_der, &mut how) };
    assert_eq!(got, OK);
    let expected = match core.issuer_match(&core) {
        Some(IssuerMatch::KeyId) => jpki_issuer_match::KeyId,
        Some(IssuerMatch::IssuerAndSerial) => jpki_issuer_match::IssuerAndSerial,
        None => jpki_issuer_match::None,
    };
    assert_eq!(how, expected);

    // A CA carries no 4 basic info.
    // SAFETY: live handle.
    assert!(!unsafe { jpki_certificate_has_personal_info(cert) });

    // A clone outlives the original.
    let mut clone = null_mut();
    // SAFETY: live handle, local output.
    assert_eq!(unsafe { jpki_certificate_clone(cert, &mut clone) }, OK);
    free(cert);
    free(from_der);
    let mut kind = jpki_certificate_kind::Other;
    // SAFETY: `clone` is live.
    assert_eq!(unsafe { jpki_certificate_get_kind(clone, &mut kind) }, OK);
    assert_eq!(kind, jpki_certificate_kind::Ca);
    free(clone);
}

#[test]
fn the_other_jlis_roots_and_another_generation() {
    let roots: Vec<_> = [
        "sign_ca_2015.pem",
        "sign_ca_2023.pem",
        "auth_ca_2015.pem",
        "auth_ca_2023.pem",
    ]
    .iter()
    .map(|n| parse(&jlis(n)))
    .collect();
    for &root in &roots {
        let mut kind = jpki_certificate_kind::Other;
        // SAFETY: live handle, local output.
        assert_eq!(unsafe { jpki_certificate_get_kind(root, &mut kind) }, OK);
        assert_eq!(kind, jpki_certificate_kind::Ca);
    }
    // The two signing generations share a DN; neither issued the other.
    let mut how = jpki_issuer_match::KeyId;
    // SAFETY: live handles, local output.
    let got = unsafe { jpki_certificate_issued_by(roots[0], roots[1], &mut how) };
    assert_eq!(got, OK);
    assert_eq!(how, jpki_issuer_match::None);
    for root in roots {
        free(root);
    }
}

#[test]
fn signing_certificate_has_the_4_basic_info_with_substitutes() {
    let f = fixture();
    let cert = parse(f.signing.der());
    let info = f.signing.personal_info().unwrap();
    let mut kind = jpki_certificate_kind::Other;
    // SAFETY: live handle, local output.
    assert_eq!(unsafe { jpki_certificate_get_kind(cert, &mut kind) }, OK);
    assert_eq!(kind, jpki_certificate_kind::Signing);
    // SAFETY: live handle.
    assert!(unsafe { jpki_certificate_has_personal_info(cert) });

    let name = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_name(cert, b, c, l) }
    });
    assert_eq!(name, "高橋\u{3000}太郎");
    let address = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_address(cert, b, c, l) }
    });
    assert_eq!(address, "東京都千代田区崎町2丁目1番2号");
    assert_eq!(address, info.address());
    let iso = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_birth_date_iso(cert, b, c, l) }
    });
    assert_eq!(iso, "1950-04-01");
    let japanese = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_birth_date_japanese(cert, b, c, l) }
    });
    assert_eq!(japanese, "昭和25年4月1日");
    let mut sex = jpki_sex::Unknown;
    // SAFETY: live handle, local output.
    assert_eq!(unsafe { jpki_certificate_sex(cert, &mut sex) }, OK);
    assert_eq!(sex, jpki_sex::Male);

    let name_subs = positions(|p, c, l| {
        // SAFETY: live handle, caller-sized array.
        unsafe { jpki_certificate_name_substitutes(cert, p, c, l) }
    });
    assert_eq!(name_subs, [0]);
    let address_subs = positions(|p, c, l| {
        // SAFETY: live handle, caller-sized array.
        unsafe { jpki_certificate_address_substitutes(cert, p, c, l) }
    });
    assert_eq!(address_subs, [7]);
    assert_eq!(address.chars().nth(7), Some('崎'));

    // The JSON is the core's serialization of the 4 basic info.
    let json = output(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_certificate_personal_info_json(cert, b, c, l) }
    });
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json, serde_json::to_value(info).unwrap());
    assert_eq!(json["name_substitutes"], "10000");
    assert_eq!(json["birth_date"]["japanese"], "昭和25年4月1日");

    // Issued by its CA generation (by key id), not by the other one.
    let (issuing, other) = (parse(f.issuing_ca.der()), parse(f.other_ca.der()));
    let mut how = jpki_issuer_match::None;
    // SAFETY: live handles, local outputs.
    unsafe {
        assert_eq!(jpki_certificate_issued_by(cert, issuing, &mut how), OK);
        assert_eq!(how, jpki_issuer_match::KeyId);
        assert_eq!(jpki_certificate_issued_by(cert, other, &mut how), OK);
        assert_eq!(how, jpki_issuer_match::None);
        // A CA is not issued by its end entity.
        assert_eq!(jpki_certificate_issued_by(issuing, cert, &mut how), OK);
        assert_eq!(how, jpki_issuer_match::None);
    }
    free(issuing);
    free(other);
    free(cert);
}

#[test]
fn authentication_certificate_has_no_personal_info() {
    let cert = parse(fixture().authentication.der());
    let mut kind = jpki_certificate_kind::Other;
    // SAFETY: live handle, local outputs, caller-sized buffers throughout.
    unsafe {
        assert_eq!(jpki_certificate_get_kind(cert, &mut kind), OK);
        assert_eq!(kind, jpki_certificate_kind::Authentication);
        assert!(!jpki_certificate_has_personal_info(cert));
        let mut buf = [0u8; 64];
        let mut len = 0;
        let none = jpki_result::NoPersonalInfo;
        let (b, c) = (buf.as_mut_ptr(), buf.len());
        assert_eq!(jpki_certificate_name(cert, b, c, &mut len), none);
        assert_eq!(jpki_certificate_address(cert, b, c, &mut len), none);
        assert_eq!(jpki_certificate_birth_date_iso(cert, b, c, &mut len), none);
        assert_eq!(
            jpki_certificate_birth_date_japanese(cert, b, c, &mut len),
            none
        );
        assert_eq!(
            jpki_certificate_personal_info_json(cert, b, c, &mut len),
            none
        );
        let mut sex = jpki_sex::Male;
        assert_eq!(jpki_certificate_sex(cert, &mut sex), none);
        assert_eq!(sex, jpki_sex::Male, "output untouched on failure");
        let mut pos = [0u32; 4];
        assert_eq!(
            jpki_certificate_name_substitutes(cert, pos.as_mut_ptr(), 4, &mut len),
            none
        );
        assert_eq!(
            jpki_certificate_address_substitutes(cert, pos.as_mut_ptr(), 4, &mut len),
            none
        );
        let applicant = jpki_applicant_new();
        let mut cmp = null_mut();
        assert_eq!(jpki_certificate_compare(cert, applicant, &mut cmp), none);
        assert!(cmp.is_null());
        jpki_applicant_free(applicant);
    }
    free(cert);
}

#[test]
fn bad_certificates_are_core_errors() {
    let good = jlis("sign_ca_2023.pem");
    let der = Certificate::parse(&good).unwrap().der().to_vec();
    let mut lcg = 0x2545_f491_u32;
    let random: Vec<u8> = (0..300)
        .map(|_| {
            lcg = lcg.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            lcg.to_be_bytes()[0]
        })
        .collect();
    let mut trailing = der.clone();
    trailing.push(0);
    let cases: [(&[u8], jpki_result); 6] = [
        (&random, jpki_result::Decode),
        (&der[..der.len() / 2], jpki_result::Decode),
        (&der[..1], jpki_result::Decode),
        (&[], jpki_result::Decode),
        (&trailing, jpki_result::Decode),
        (
            b"-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n",
            jpki_result::NoPemBlock,
        ),
    ];
    for (input, expected) in cases {
        let mut cert = null_mut();
        // SAFETY: live slice (or NULL-free empty one), local output.
        let r = unsafe { jpki_certificate_parse(input.as_ptr(), input.len(), &mut cert) };
        assert_eq!(r, expected, "{} bytes", input.len());
        assert!(cert.is_null(), "no output on failure");
    }
    // NULL with length 0 is the empty input; NULL with a length is a NULL argument.
    let mut cert = null_mut();
    // SAFETY: NULL data is allowed with len 0 and refused otherwise.
    unsafe {
        assert_eq!(
            jpki_certificate_parse(null(), 0, &mut cert),
            jpki_result::Decode
        );
        assert_eq!(jpki_certificate_parse(null(), 5, &mut cert), NULL);
    }
    assert!(cert.is_null());
}

#[test]
fn bundles_parse_to_lists() {
    let f = fixture();
    let expected = Certificate::parse_all(f.trust_pem.as_bytes()).unwrap();
    assert!(expected.len() >= 4, "two hierarchies, two generations each");
    let mut list = null_mut();
    // SAFETY: live slice, local outputs; `list` is live until freed.
    unsafe {
        assert_eq!(
            jpki_certificate_list_parse(f.trust_pem.as_ptr(), f.trust_pem.len(), &mut list),
            OK
        );
        let mut len = 0;
        assert_eq!(jpki_certificate_list_len(list, &mut len), OK);
        assert_eq!(len, expected.len());
        let mut taken = Vec::new();
        for (i, want) in expected.iter().enumerate() {
            let mut cert = null_mut();
            assert_eq!(jpki_certificate_list_get(list, i, &mut cert), OK);
            taken.push((cert, want));
        }
        let mut cert = null_mut();
        assert_eq!(
            jpki_certificate_list_get(list, len, &mut cert),
            jpki_result::InvalidArgument
        );
        assert!(cert.is_null());
        jpki_certificate_list_free(list);
        // Certificates taken from the list outlive it.
        for (cert, want) in taken {
            let (mut der, mut der_len) = (null(), 0);
            assert_eq!(jpki_certificate_der(cert, &mut der, &mut der_len), OK);
            assert_eq!(std::slice::from_raw_parts(der, der_len), want.der());
            jpki_certificate_free(cert);
        }

        // A single DER certificate is a list of one; a bad one fails the call.
        let der = f.signing.der();
        assert_eq!(
            jpki_certificate_list_parse(der.as_ptr(), der.len(), &mut list),
            OK
        );
        let mut len = 0;
        assert_eq!(jpki_certificate_list_len(list, &mut len), OK);
        assert_eq!(len, 1);
        jpki_certificate_list_free(list);
        let mut bad = f.trust_pem.clone().into_bytes();
        let cut = bad.len() / 2;
        bad.truncate(cut);
        let mut list = null_mut();
        assert_ne!(
            jpki_certificate_list_parse(bad.as_ptr(), bad.len(), &mut list),
            OK
        );
        assert!(list.is_null());
    }
}

/// Compares the fixture's signing certificate with an applicant.
fn compare(applicant: *const jpki_applicant) -> *mut jpki_comparison {
    let cert = parse(fixture().signing.der());
    let mut cmp = null_mut();
    // SAFETY: live handles, local output.
    let got = unsafe { jpki_certificate_compare(cert, applicant, &mut cmp) };
    assert_eq!(got, OK);
    free(cert);
    cmp
}

fn field(cmp: *const jpki_comparison, field: jpki_personal_field) -> (jpki_field_result, String) {
    let code = field_code(field);
    let mut result = jpki_field_result::NotProvided;
    // SAFETY: live handle, local output.
    assert_eq!(unsafe { jpki_comparison_field(cmp, code, &mut result) }, OK);
    let message = text(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_comparison_field_message(cmp, code, b, c, l) }
    });
    (result, message)
}

fn field_code(field: jpki_personal_field) -> u32 {
    match field {
        jpki_personal_field::Name => 1,
        jpki_personal_field::BirthDate => 2,
        jpki_personal_field::Sex => 3,
        jpki_personal_field::Address => 4,
    }
}

fn set(
    applicant: *mut jpki_applicant,
    f: unsafe extern "C" fn(*mut jpki_applicant, *const u8, usize) -> jpki_result,
    value: &str,
) -> jpki_result {
    // SAFETY: live applicant, live text.
    unsafe { f(applicant, value.as_ptr(), value.len()) }
}

#[test]
fn comparison_per_field() {
    use jpki_personal_field as F;
    let applicant = jpki_applicant_new();
    assert!(!applicant.is_null());

    // Nothing given: every field not provided, nothing matches.
    let cmp = compare(applicant);
    for f in [F::Name, F::BirthDate, F::Sex, F::Address] {
        assert_eq!(
            field(cmp, f),
            (jpki_field_result::NotProvided, "not provided".into())
        );
    }
    // SAFETY: live handle.
    unsafe {
        assert!(!jpki_comparison_all_match(cmp));
        assert!(!jpki_comparison_provided_match(cmp));
        jpki_comparison_free(cmp);
    }

    // The register's characters where the certificate has substitutes; an
    // era-letter birth date; a block-number address.
    assert_eq!(set(applicant, jpki_applicant_set_name, "髙橋 太郎"), OK);
    assert_eq!(set(applicant, jpki_applicant_set_birth_date, "S25.4.1"), OK);
    // SAFETY: live applicant.
    assert_eq!(unsafe { jpki_applicant_set_sex(applicant, 1) }, OK);
    assert_eq!(
        set(
            applicant,
            jpki_applicant_set_address,
            "東京都千代田区﨑町2-1-2"
        ),
        OK
    );
    let cmp = compare(applicant);
    assert_eq!(
        field(cmp, F::Name),
        (
            jpki_field_result::EquivalentBySubstitution,
            "equivalent by substitution at 0 (space)".into()
        )
    );
    assert_eq!(
        field(cmp, F::BirthDate),
        (jpki_field_result::Exact, "exact".into())
    );
    assert_eq!(
        field(cmp, F::Sex),
        (jpki_field_result::Exact, "exact".into())
    );
    let (result, message) = field(cmp, F::Address);
    assert_eq!(result, jpki_field_result::EquivalentBySubstitution);
    assert!(message.contains("block_number"), "{message}");
    // SAFETY: live handle.
    unsafe {
        assert!(jpki_comparison_all_match(cmp));
        assert!(jpki_comparison_provided_match(cmp));
    }
    // The JSON is the core's serialization of the same comparison.
    let core = fixture().signing.personal_info().unwrap().compare(
        &Applicant::new()
            .with_name("髙橋 太郎")
            .with_birth_date(Applicant::parse_birth_date("S25.4.1").unwrap())
            .with_sex(Sex::Male)
            .with_address("東京都千代田区﨑町2-1-2"),
    );
    let json = output(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_comparison_json(cmp, b, c, l) }
    });
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json, serde_json::to_value(&core).unwrap());
    assert_eq!(json["all_four_match"], true);
    // SAFETY: live handle, freed once.
    unsafe { jpki_comparison_free(cmp) };

    // Mismatches say which field and both values.
    assert_eq!(
        set(applicant, jpki_applicant_set_birth_date, "昭和25年4月2日"),
        OK
    );
    assert_eq!(set(applicant, jpki_applicant_set_name, "高橋 次郎"), OK);
    // SAFETY: live applicant.
    assert_eq!(unsafe { jpki_applicant_set_sex(applicant, 2) }, OK);
    let cmp = compare(applicant);
    assert_eq!(
        field(cmp, F::BirthDate),
        (
            jpki_field_result::Mismatch,
            "birth date: expected 昭和25年4月1日, found 昭和25年4月2日".into()
        )
    );
    assert_eq!(
        field(cmp, F::Name),
        (
            jpki_field_result::Mismatch,
            "name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)".into()
        )
    );
    assert_eq!(
        field(cmp, F::Sex),
        (
            jpki_field_result::Mismatch,
            "sex: expected male, found female".into()
        )
    );
    let json = output(|b, c, l| {
        // SAFETY: live handle, caller-sized buffer.
        unsafe { jpki_comparison_json(cmp, b, c, l) }
    });
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["match"], false);
    assert_eq!(json["fields"]["birth_date"]["found"], "昭和25年4月2日");
    // SAFETY: live handle.
    unsafe {
        assert!(!jpki_comparison_all_match(cmp));
        assert!(!jpki_comparison_provided_match(cmp));
        jpki_comparison_free(cmp);
    }

    // Unset fields compare as not provided; a normalized-only address.
    // SAFETY: live applicant.
    unsafe {
        assert_eq!(jpki_applicant_unset(applicant, 1), OK);
        assert_eq!(jpki_applicant_unset(applicant, 2), OK);
        assert_eq!(jpki_applicant_unset(applicant, 3), OK);
    }
    assert_eq!(
        set(
            applicant,
            jpki_applicant_set_address,
            "東京都千代田区崎町２丁目1番2号"
        ),
        OK
    );
    let cmp = compare(applicant);
    assert_eq!(field(cmp, F::Name).0, jpki_field_result::NotProvided);
    assert_eq!(
        field(cmp, F::Address),
        (jpki_field_result::Normalized, "normalized (width)".into())
    );
    // SAFETY: live handle.
    unsafe {
        assert!(!jpki_comparison_all_match(cmp));
        assert!(jpki_comparison_provided_match(cmp));
    }

    // Unknown fields and values are invalid arguments; outputs untouched.
    let mut result = jpki_field_result::Exact;
    let mut len = 7;
    // SAFETY: live handles, local outputs.
    unsafe {
        for bad in [0, 5, u32::MAX] {
            assert_eq!(
                jpki_comparison_field(cmp, bad, &mut result),
                jpki_result::InvalidArgument
            );
            assert_eq!(
                jpki_comparison_field_message(cmp, bad, null_mut(), 0, &mut len),
                jpki_result::InvalidArgument
            );
            assert_eq!(
                jpki_applicant_unset(applicant, bad),
                jpki_result::InvalidArgument
            );
        }
        for bad in [0, 4, 255, u32::MAX] {
            assert_eq!(
                jpki_applicant_set_sex(applicant, bad),
                jpki_result::InvalidArgument
            );
        }
        jpki_comparison_free(cmp);
    }
    assert_eq!(result, jpki_field_result::Exact);
    assert_eq!(len, 7);

    // Bad birth dates are the core's InvalidDate, and leave the applicant as it was.
    for bad in ["2023-02-29", "昭和64年1月8日", "yesterday", ""] {
        assert_eq!(
            set(applicant, jpki_applicant_set_birth_date, bad),
            jpki_result::InvalidDate,
            "{bad}"
        );
    }
    let cmp = compare(applicant);
    assert_eq!(field(cmp, F::BirthDate).0, jpki_field_result::NotProvided);
    // SAFETY: live handle, freed once.
    unsafe { jpki_comparison_free(cmp) };

    // Text that is not UTF-8.
    let latin1 = [0x93u8, 0xfc, 0x96, 0x7b];
    // SAFETY: live applicant, live bytes.
    unsafe {
        assert_eq!(
            jpki_applicant_set_name(applicant, latin1.as_ptr(), latin1.len()),
            jpki_result::InvalidUtf8
        );
        assert_eq!(
            jpki_applicant_set_address(applicant, latin1.as_ptr(), latin1.len()),
            jpki_result::InvalidUtf8
        );
        assert_eq!(
            jpki_applicant_set_birth_date(applicant, latin1.as_ptr(), latin1.len()),
            jpki_result::InvalidUtf8
        );
        // An empty name (NULL, 0) is a given, mismatching name.
        assert_eq!(jpki_applicant_set_name(applicant, null(), 0), OK);
    }
    let cmp = compare(applicant);
    let (result, message) = field(cmp, F::Name);
    assert_eq!(result, jpki_field_result::Mismatch);
    assert_eq!(message, "name: expected 高橋太郎, found (empty)");
    // SAFETY: live handles, freed once.
    unsafe {
        jpki_comparison_free(cmp);
        jpki_applicant_free(applicant);
    }
}

#[test]
fn null_arguments() {
    let f = fixture();
    let cert = parse(f.signing.der());
    let ca = parse(f.issuing_ca.der());
    let applicant = jpki_applicant_new();
    let cmp = compare(applicant);
    let der = f.signing.der();
    let mut buf = [0u8; 4096];
    let (b, c) = (buf.as_mut_ptr(), buf.len());
    let mut len = 0usize;
    let mut pos = [0u32; 64];
    let mut list = null_mut();
    // SAFETY: every non-NULL pointer is live; the NULL ones are what is tested.
    unsafe {
        // Frees of NULL do nothing.
        jpki_certificate_free(null_mut());
        jpki_certificate_list_free(null_mut());
        jpki_applicant_free(null_mut());
        jpki_comparison_free(null_mut());

        let mut out = null_mut();
        assert_eq!(
            jpki_certificate_parse(der.as_ptr(), der.len(), null_mut()),
            NULL
        );
        assert_eq!(jpki_certificate_parse(null(), 1, &mut out), NULL);
        assert_eq!(jpki_certificate_clone(null(), &mut out), NULL);
        assert_eq!(jpki_certificate_clone(cert, null_mut()), NULL);
        assert!(out.is_null());

        let (mut data, mut dlen) = (null(), 0);
        for view in [jpki_certificate_der, jpki_certificate_serial] {
            assert_eq!(view(null(), &mut data, &mut dlen), NULL);
            assert_eq!(view(cert, null_mut(), &mut dlen), NULL);
            assert_eq!(view(cert, &mut data, null_mut()), NULL);
        }
        assert!(data.is_null());

        type TextFn = unsafe extern "C" fn(
            *const jpki_certificate,
            *mut u8,
            usize,
            *mut usize,
        ) -> jpki_result;
        let texts: [TextFn; 9] = [
            jpki_certificate_pem,
            jpki_certificate_serial_hex,
            jpki_certificate_subject,
            jpki_certificate_issuer,
            jpki_certificate_name,
            jpki_certificate_address,
            jpki_certificate_birth_date_iso,
            jpki_certificate_birth_date_japanese,
            jpki_certificate_personal_info_json,
        ];
        for t in texts {
            assert_eq!(t(null(), b, c, &mut len), NULL);
            assert_eq!(t(cert, b, c, null_mut()), NULL);
            // A NULL buffer with a capacity: the length is written, then refused.
            assert_eq!(t(cert, null_mut(), c, &mut len), NULL);
            assert!(len > 0);
            assert_eq!(t(cert, b, c, &mut len), OK);
        }
        for p in [
            jpki_certificate_name_substitutes,
            jpki_certificate_address_substitutes,
        ] {
            assert_eq!(p(null(), pos.as_mut_ptr(), 64, &mut len), NULL);
            assert_eq!(p(cert, pos.as_mut_ptr(), 64, null_mut()), NULL);
            assert_eq!(p(cert, null_mut(), 64, &mut len), NULL);
        }
        let mut kind = jpki_certificate_kind::Other;
        assert_eq!(jpki_certificate_get_kind(null(), &mut kind), NULL);
        assert_eq!(jpki_certificate_get_kind(cert, null_mut()), NULL);
        let mut t = 0i64;
        for time in [jpki_certificate_not_before, jpki_certificate_not_after] {
            assert_eq!(time(null(), &mut t), NULL);
            assert_eq!(time(cert, null_mut()), NULL);
        }
        assert_eq!(t, 0);
        let mut how = jpki_issuer_match::KeyId;
        assert_eq!(jpki_certificate_issued_by(null(), ca, &mut how), NULL);
        assert_eq!(jpki_certificate_issued_by(cert, null(), &mut how), NULL);
        assert_eq!(jpki_certificate_issued_by(cert, ca, null_mut()), NULL);
        assert!(!jpki_certificate_has_personal_info(null()));
        let mut sex = jpki_sex::Female;
        assert_eq!(jpki_certificate_sex(null(), &mut sex), NULL);
        assert_eq!(jpki_certificate_sex(cert, null_mut()), NULL);

        let pem = f.trust_pem.as_bytes();
        assert_eq!(
            jpki_certificate_list_parse(pem.as_ptr(), pem.len(), null_mut()),
            NULL
        );
        assert_eq!(jpki_certificate_list_parse(null(), 3, &mut list), NULL);
        assert_eq!(
            jpki_certificate_list_parse(pem.as_ptr(), pem.len(), &mut list),
            OK
        );
        assert_eq!(jpki_certificate_list_len(null(), &mut len), NULL);
        assert_eq!(jpki_certificate_list_len(list, null_mut()), NULL);
        let mut got = null_mut();
        assert_eq!(jpki_certificate_list_get(null(), 0, &mut got), NULL);
        assert_eq!(jpki_certificate_list_get(list, 0, null_mut()), NULL);
        assert!(got.is_null());
        jpki_certificate_list_free(list);

        // Applicant setters.
        let name = "高橋";
        for setter in [
            jpki_applicant_set_name,
            jpki_applicant_set_address,
            jpki_applicant_set_birth_date,
        ] {
            assert_eq!(setter(null_mut(), name.as_ptr(), name.len()), NULL);
            assert_eq!(setter(applicant, null(), 2), NULL);
        }
        assert_eq!(jpki_applicant_set_sex(null_mut(), 1), NULL);
        assert_eq!(jpki_applicant_unset(null_mut(), 1), NULL);

        // Comparison.
        let mut out = null_mut();
        assert_eq!(jpki_certificate_compare(null(), applicant, &mut out), NULL);
        assert_eq!(jpki_certificate_compare(cert, null(), &mut out), NULL);
        assert_eq!(jpki_certificate_compare(cert, applicant, null_mut()), NULL);
        assert!(out.is_null());
        assert!(!jpki_comparison_all_match(null()));
        assert!(!jpki_comparison_provided_match(null()));
        let mut result = jpki_field_result::Exact;
        assert_eq!(jpki_comparison_field(null(), 1, &mut result), NULL);
        assert_eq!(jpki_comparison_field(cmp, 1, null_mut()), NULL);
        assert_eq!(
            jpki_comparison_field_message(null(), 1, b, c, &mut len),
            NULL
        );
        assert_eq!(
            jpki_comparison_field_message(cmp, 1, b, c, null_mut()),
            NULL
        );
        assert_eq!(jpki_comparison_json(null(), b, c, &mut len), NULL);
        assert_eq!(jpki_comparison_json(cmp, b, c, null_mut()), NULL);
        assert_eq!(jpki_comparison_json(cmp, null_mut(), c, &mut len), NULL);

        jpki_comparison_free(cmp);
        jpki_applicant_free(applicant);
    }
    free(ca);
    free(cert);
}
