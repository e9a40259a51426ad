//! The real J-LIS root certificates (see `tests/jlis/PROVENANCE.md`): the DN shape
//! every JPKI verifier meets — UTF8String OUs, a Japanese directoryName in
//! subjectAltName, a directoryName CRL distribution point, and several CA
//! generations under one DN.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jpki::Certificate;
use jpki::Time;
use jpki::cert::{CertificateKind, GeneralName, StringKind};
use sha2::{Digest, Sha256};

fn load(name: &str) -> Certificate {
    let path = format!("{}/tests/jlis/{name}.pem", env!("CARGO_MANIFEST_DIR"));
    Certificate::parse(&std::fs::read(path).unwrap()).unwrap()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn fixtures_are_the_published_roots() {
    for (name, fp) in [
        (
            "sign_ca_2015",
            "19645405a1fe14377434bd55957628ac4038557c542403a2243f21c706fc9355",
        ),
        (
            "sign_ca_2023",
            "d227f6cde11d35c5252178f106f843d2465194497541 3b539fa2fb68dbfa365f",
        ),
        (
            "auth_ca_2015",
            "4dcfc4ca0aaf9fb2a3081b3f0c991c320b3acc008667a341eeaec5af1d58ca7d",
        ),
        (
            "auth_ca_2023",
            "64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5",
        ),
    ] {
        let cert = load(name);
        assert_eq!(
            hex(&Sha256::digest(cert.der())),
            fp.replace(' ', ""),
            "{name}"
        );
    }
}

#[test]
fn signing_roots_share_one_dn_but_not_one_key() {
    let old = load("sign_ca_2015");
    let new = load("sign_ca_2023");
    assert_eq!(
        old.subject().to_string(),
        "C=JP, O=JPKI, OU=JPKI for digital signature, OU=Japan Agency for Local Authority Information Systems"
    );
    assert_eq!(old.subject().der(), new.subject().der());
    assert_ne!(old.subject_key_id(), new.subject_key_id());
    assert_eq!(
        hex(old.subject_key_id().unwrap()),
        "0d034cbb34d0714f45e45a1cafd8fd143fab54a7"
    );
    assert_eq!(new.serial().to_string(), "0x067c6a21");
    for c in [&old, &new] {
        assert!(c.is_self_issued());
        assert_eq!(c.kind(), CertificateKind::Ca);
        assert_eq!(c.rsa_modulus_bits(), Some(2048));
        assert!(c.personal_info().is_none());
        assert!(c.authority_key_id().is_none());
        let ku = c.key_usage().unwrap();
        assert!(ku.key_cert_sign && ku.crl_sign && !ku.digital_signature);
    }
    // notAfter is the end of a day in JST.
    assert_eq!(new.not_after().to_string(), "2033-07-15T14:59:59Z");
    assert!(new.is_valid_at(Time::parse_rfc3339("2026-11-21T00:00:00Z").unwrap()));
    assert!(!old.is_valid_at(Time::parse_rfc3339("2026-11-21T00:00:00Z").unwrap()));
}

#[test]
fn string_kinds_match_the_jlis_shape() {
    let cert = load("auth_ca_2023");
    let attrs = cert.subject().attributes();
    assert_eq!(attrs.len(), 4);
    assert_eq!(
        (attrs[0].short_name().as_str(), attrs[0].kind),
        ("C", StringKind::Printable)
    );
    for a in &attrs[1..] {
        assert_eq!(a.kind, StringKind::Utf8, "{}", a.short_name());
    }
    assert_eq!(
        cert.subject().organizational_units(),
        [
            "JPKI for user authentication",
            "Japan Agency for Local Authority Information Systems"
        ]
    );
}

#[test]
fn japanese_directory_name_in_subject_alt_name() {
    let cert = load("sign_ca_2023");
    let [GeneralName::DirectoryName(dn)] = cert.subject_alt_names() else {
        panic!(
            "expected one directoryName, got {:?}",
            cert.subject_alt_names()
        );
    };
    assert_eq!(
        dn.to_string(),
        "C=JP, O=公的個人認証サービス, OU=公的個人認証サービス署名用, OU=地方公共団体情報システム機構"
    );
    let auth = load("auth_ca_2023");
    let [GeneralName::DirectoryName(dn)] = auth.subject_alt_names() else {
        panic!("expected one directoryName");
    };
    assert_eq!(
        dn.organizational_units()[0],
        "公的個人認証サービス利用者証明用"
    );
}

#[test]
fn crl_distribution_point_is_a_directory_name() {
    let cert = load("sign_ca_2015");
    let dps = cert.crl_distribution_points();
    assert_eq!(dps.len(), 1);
    let [GeneralName::DirectoryName(dn)] = dps[0].full_name.as_slice() else {
        panic!("expected a directoryName DP");
    };
    assert_eq!(dn.der(), cert.subject().der());
}

#[test]
fn generations_are_told_apart_by_key_not_dn() {
    let roots = [load("sign_ca_2015"), load("sign_ca_2023")];
    // A root designates no issuer (no AKI): never matched by DN alone.
    assert!(roots[1].find_issuers(&roots).is_empty());
}

/// `pem` (one block) with its base64 re-flowed to `width` columns and `eol`.
fn rewrap(pem: &str, width: usize, eol: &str) -> String {
    let lines: Vec<&str> = pem.lines().collect();
    let body: String = lines[1..lines.len() - 1].concat();
    let mut out = format!("{}{eol}", lines[0]);
    for chunk in body.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push_str(eol);
    }
    out.push_str(lines[lines.len() - 1]);
    out.push_str(eol);
    out
}

/// PEM as other tools write it — 76-column (MIME) lines, one long line, CRLF,
/// after `openssl x509 -text` output — reads as the same certificate.
#[test]
fn roots_rewrapped_at_any_width_parse() {
    for name in [
        "sign_ca_2015",
        "sign_ca_2023",
        "auth_ca_2015",
        "auth_ca_2023",
    ] {
        let cert = load(name);
        let pem = cert.to_pem();
        for (width, eol) in [(76, "\n"), (76, "\r\n"), (10_000, "\n"), (16, "\r\n")] {
            let text = rewrap(&pem, width, eol);
            if width == 76 {
                assert_eq!(text.lines().nth(1).unwrap().len(), 76, "{name}");
            }
            let text = format!(
                "Certificate:\n    Data:\n        Subject: {}\n{text}",
                cert.subject()
            );
            let back = Certificate::parse(text.as_bytes()).unwrap();
            assert_eq!(back.der(), cert.der(), "{name} at {width} columns");
            let all = Certificate::parse_all(text.as_bytes()).unwrap();
            assert_eq!(all.len(), 1);
        }
    }
}
