//! Algorithm agility: ECDSA (P-256, P-384 with SHA-256/384/512) and RSA 3072/4096 in
//! certificates, CRLs, OCSP responses and CMS, through every provider; the
//! simulator's next-generation profile (ECDSA P-384 CAs and card keys, 10-year
//! certificates) end to end through the virtual card and the [`Verifier`]; and
//! OpenSSL cross-checks both ways for an ECDSA P-384 SignedData.
//!
//! `openssl` is required (as for tests/cms_interop.rs).

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Arc, OnceLock};

use der::Encode;
use der::asn1::OctetString;
use jpki::card::{CardKind, CardSigner, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, Secret};
use jpki::cms::{SignOptions, SignedMessage, sign, verify};
use jpki::crypto::{EcCurve, HashAlgorithm, Provider, RustCrypto, SignatureScheme};
use jpki::oid::Oid;
use jpki::path::{ValidationOptions, validate};
use jpki::revocation::RevocationStatus;
use jpki::revocation::crl::BorrowedCrl;
use jpki::revocation::ocsp::{
    OcspCertStatus, OcspCheck, OcspRequest, SingleResponse, verify_response,
};
use jpki::sim::{
    Authority, AuthorityOptions, CertificateBuilder, CrlBuilder, Event, KeyProfile,
    OcspResponseBuilder, OcspSigning, Purpose, RegisterRecord, SimKey, SoftwareSigner, VirtualCard,
    dn_der, personalize,
};
use jpki::{Certificate, Date, Error, ErrorKind, Serial, Sex, Time, Verifier};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

const DAY: u64 = 86_400;

fn oid(dotted: &str) -> Oid {
    dotted.parse().unwrap()
}

fn providers() -> Vec<Arc<dyn Provider>> {
    #[cfg_attr(not(feature = "ring"), allow(unused_mut))]
    let mut providers: Vec<Arc<dyn Provider>> = vec![Arc::new(RustCrypto)];
    #[cfg(feature = "ring")]
    providers.push(Arc::new(jpki::crypto::Ring));
    providers
}

/// A root CA and an end entity under it, both keys of one kind.
struct Pki {
    ca_key: SimKey,
    ca: Certificate,
    leaf_key: SimKey,
    leaf: Certificate,
}

fn ski(id: &[u8]) -> Vec<u8> {
    SubjectKeyIdentifier(OctetString::new(id).unwrap())
        .to_der()
        .unwrap()
}

fn aki(id: &[u8]) -> Vec<u8> {
    AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(id).unwrap()),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    }
    .to_der()
    .unwrap()
}

/// A root and a leaf signed with `ca_key` under `scheme` (`None`: the key's default).
fn pki(ca_key: SimKey, leaf_key: SimKey, scheme: Option<SignatureScheme>) -> Pki {
    let ca_dn = dn_der(&[("C", "JP"), ("O", "Agility"), ("CN", "Root")]).unwrap();
    let leaf_dn = dn_der(&[("C", "JP"), ("O", "Agility"), ("CN", "Leaf")]).unwrap();
    let mut root = CertificateBuilder::new(
        Serial::from_u64(1),
        ca_dn.clone(),
        ca_dn.clone(),
        Time::from_unix_seconds(at().unix_seconds() - 30 * DAY),
        at().add_seconds(3650 * DAY),
        ca_key.public_key_der().unwrap(),
    )
    .extension(
        oid("2.5.29.19"),
        true,
        BasicConstraints {
            ca: true,
            path_len_constraint: None,
        }
        .to_der()
        .unwrap(),
    )
    .extension(
        oid("2.5.29.15"),
        true,
        KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)
            .to_der()
            .unwrap(),
    )
    .extension(oid("2.5.29.14"), false, ski(b"root-key"));
    let mut leaf = CertificateBuilder::new(
        Serial::from_u64(0x1234),
        ca_dn,
        leaf_dn,
        Time::from_unix_seconds(at().unix_seconds() - DAY),
        at().add_seconds(365 * DAY),
        leaf_key.public_key_der().unwrap(),
    )
    .extension(
        oid("2.5.29.15"),
        true,
        KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation)
            .to_der()
            .unwrap(),
    )
    .extension(oid("2.5.29.14"), false, ski(b"leaf-key"))
    .extension(oid("2.5.29.35"), false, aki(b"root-key"));
    if let Some(scheme) = scheme {
        root = root.signature_scheme(scheme);
        leaf = leaf.signature_scheme(scheme);
    }
    Pki {
        ca: root.sign(&ca_key).unwrap(),
        leaf: leaf.sign(&ca_key).unwrap(),
        ca_key,
        leaf_key,
    }
}

fn p256() -> &'static SimKey {
    static K: OnceLock<SimKey> = OnceLock::new();
    K.get_or_init(|| SimKey::generate_ec(EcCurve::P256).unwrap())
}

fn p384() -> &'static SimKey {
    static K: OnceLock<SimKey> = OnceLock::new();
    K.get_or_init(|| SimKey::generate_ec(EcCurve::P384).unwrap())
}

/// The signatureValue BIT STRING of a DER certificate or CRL: its last bytes.
fn flip_last_byte(der: &[u8]) -> Vec<u8> {
    let mut out = der.to_vec();
    let last = out.len() - 1;
    out[last] ^= 0x01;
    out
}

fn signature_algorithm(cert: &Certificate) -> String {
    // The outer signatureAlgorithm is what the path checks map; read it back
    // through the CMS-independent certificate parser.
    let x = <x509_cert::Certificate as der::Decode>::from_der(cert.der()).unwrap();
    x.signature_algorithm().oid.to_string()
}

#[test]
fn ecdsa_certificates_validate_on_p256_and_p384_with_every_hash() {
    let cases = [
        (
            p256(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
            "1.2.840.10045.4.3.2",
        ),
        (
            p256(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha384),
            "1.2.840.10045.4.3.3",
        ),
        (
            p384(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha384),
            "1.2.840.10045.4.3.3",
        ),
        (
            p384(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha512),
            "1.2.840.10045.4.3.4",
        ),
        (
            p384(),
            SignatureScheme::Ecdsa(HashAlgorithm::Sha256),
            "1.2.840.10045.4.3.2",
        ),
    ];
    for (key, scheme, expected_oid) in cases {
        let pki = pki(key.clone(), p256().clone(), Some(scheme));
        assert_eq!(signature_algorithm(&pki.leaf), expected_oid);
        let path = validate(
            &pki.leaf,
            &[],
            std::slice::from_ref(&pki.ca),
            &ValidationOptions::new(at()),
        )
        .unwrap_or_else(|e| panic!("{scheme}: {e}"));
        assert_eq!(path.certificates().len(), 2);

        // One bit of the signature changed: refused, by every provider.
        let tampered = Certificate::from_der(&flip_last_byte(pki.leaf.der())).unwrap();
        let err = validate(
            &tampered,
            &[],
            std::slice::from_ref(&pki.ca),
            &ValidationOptions::new(at()),
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::CertificateSignatureInvalid,
            "{scheme}: {err}"
        );
        for provider in providers() {
            let key = provider.prepare(pki.ca.public_key_der()).unwrap();
            let x = <x509_cert::Certificate as der::Decode>::from_der(pki.leaf.der()).unwrap();
            let tbs = x.tbs_certificate().to_der().unwrap();
            let sig = x.signature().raw_bytes();
            assert!(key.verify(scheme, &tbs, sig, "certificate").is_ok());
            assert!(key.verify(scheme, b"other", sig, "certificate").is_err());
            // Another hash than the one signed with: refused.
            let other = match scheme.hash() {
                HashAlgorithm::Sha256 => HashAlgorithm::Sha512,
                _ => HashAlgorithm::Sha256,
            };
            assert!(
                key.verify(SignatureScheme::Ecdsa(other), &tbs, sig, "c")
                    .is_err()
            );
            // An ECDSA key never verifies an RSA scheme.
            assert!(
                key.verify(SignatureScheme::Pkcs1v15(scheme.hash()), &tbs, sig, "c")
                    .is_err()
            );
        }
    }
}

#[test]
fn ec_keys_on_other_curves_and_malformed_points_are_unsupported() {
    // secp256k1 (1.3.132.0.10): a curve the library does not verify on.
    let p256_spki = p256().public_key_der().unwrap();
    let mut k1 = p256_spki.clone();
    let curve = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let pos = k1.windows(curve.len()).position(|w| w == curve).unwrap();
    k1.splice(
        pos..pos + curve.len(),
        [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a],
    );
    // Fix the lengths: two SEQUENCE headers shrink by 3.
    k1[1] -= 3;
    k1[3] -= 3;
    assert_eq!(EcCurve::of_public_key(&p256_spki), Some(EcCurve::P256));
    assert_eq!(EcCurve::of_public_key(&k1), None);
    // A point off the curve.
    let mut off = p256_spki.clone();
    let last = off.len() - 1;
    off[last] ^= 0x01;
    for provider in providers() {
        assert!(provider.prepare(&p256_spki).is_ok());
        for bad in [&k1, &off] {
            assert!(matches!(
                provider.prepare(bad),
                Err(Error::UnsupportedKey { .. })
            ));
        }
    }
}

#[test]
fn rsa_3072_and_4096_certificates_validate() {
    for bits in [3072, 4096] {
        let key = SimKey::generate(bits).unwrap();
        let leaf_key = p256().clone();
        for scheme in [
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384),
            SignatureScheme::Pss {
                hash: HashAlgorithm::Sha384,
                salt_len: 48,
            },
        ] {
            let pki = pki(key.clone(), leaf_key.clone(), Some(scheme));
            assert_eq!(pki.ca.rsa_modulus_bits(), Some(bits));
            validate(
                &pki.leaf,
                &[],
                std::slice::from_ref(&pki.ca),
                &ValidationOptions::new(at()),
            )
            .unwrap_or_else(|e| panic!("RSA-{bits} {scheme}: {e}"));
            let tampered = Certificate::from_der(&flip_last_byte(pki.leaf.der())).unwrap();
            assert!(
                validate(
                    &tampered,
                    &[],
                    std::slice::from_ref(&pki.ca),
                    &ValidationOptions::new(at())
                )
                .is_err()
            );
            for provider in providers() {
                assert!(provider.prepare(pki.ca.public_key_der()).is_ok());
            }
        }
    }
}

#[test]
fn ecdsa_crls_verify_and_a_tampered_one_does_not() {
    for key in [p256(), p384()] {
        let root = pki(key.clone(), p256().clone(), None);
        let der = CrlBuilder::new(&root.ca, at())
            .next_update(at().add_seconds(DAY))
            .crl_number(Serial::from_u64(7))
            .revoke(Serial::from_u64(0x1234), at(), None, None)
            .sign(&root.ca_key)
            .unwrap();
        let crl = BorrowedCrl::from_der(&der).unwrap();
        assert!(crl.signature_scheme().unwrap().is_ecdsa());
        crl.verify_signature(&root.ca).unwrap();
        assert!(crl.find(root.leaf.serial()).unwrap().is_some());

        let tampered = flip_last_byte(&der);
        let crl = BorrowedCrl::from_der(&tampered).unwrap();
        assert_eq!(
            crl.verify_signature(&root.ca).unwrap_err().kind(),
            ErrorKind::BadSignature
        );
        // Signed by another key of the same name: refused.
        let other = pki(
            SimKey::generate_ec(EcCurve::P384).unwrap(),
            p256().clone(),
            None,
        );
        let crl = BorrowedCrl::from_der(&der).unwrap();
        assert!(crl.verify_signature(&other.ca).is_err());
    }
}

#[test]
fn ecdsa_ocsp_responses_verify_and_a_tampered_one_does_not() {
    for key in [p256(), p384()] {
        let pki = pki(key.clone(), p256().clone(), None);
        let request = OcspRequest::new(&pki.leaf, &pki.ca, HashAlgorithm::Sha1, None).unwrap();
        let response = OcspResponseBuilder::new(&pki.ca, at())
            .unwrap()
            .response(
                SingleResponse::new(request.cert_id().clone(), OcspCertStatus::Good, at())
                    .next_update(at().add_seconds(3600)),
            )
            .sign(&pki.ca_key)
            .unwrap();
        let result = verify_response(&response, &request, &pki.ca, &OcspCheck::new(at())).unwrap();
        assert_eq!(result.status, OcspCertStatus::Good);

        let tampered = flip_last_byte(&response);
        assert!(verify_response(&tampered, &request, &pki.ca, &OcspCheck::new(at())).is_err());
    }
}

fn resident() -> RegisterRecord {
    RegisterRecord {
        name: "吉田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    }
}

fn next_gen_authority() -> Authority {
    let options = AuthorityOptions {
        profile: KeyProfile::NextGeneration,
        ..AuthorityOptions::default()
    };
    Authority::new(options, at()).unwrap()
}

#[test]
fn the_next_generation_profile_issues_p384_with_ten_year_certificates() {
    let mut authority = next_gen_authority();
    for g in authority.generations() {
        assert_eq!(g.key().curve(), Some(EcCurve::P384));
        assert_eq!(
            EcCurve::of_public_key(g.certificate().public_key_der()),
            Some(EcCurve::P384)
        );
        assert_eq!(signature_algorithm(g.certificate()), "1.2.840.10045.4.3.3");
    }
    for link in authority.link_certificates() {
        assert_eq!(signature_algorithm(link), "1.2.840.10045.4.3.3");
    }
    let card_key = SimKey::generate_ec(EcCurve::P384).unwrap();
    let cert = authority
        .issue(
            &resident(),
            &card_key.public_key_der().unwrap(),
            Purpose::Signing,
            at(),
        )
        .unwrap();
    assert_eq!(signature_algorithm(&cert), "1.2.840.10045.4.3.3");
    // The end of the 10th birthday after issuance (1 April 2036, JST).
    assert_eq!(
        cert.not_after(),
        Time::parse_rfc3339("2036-04-01T23:59:59+09:00").unwrap()
    );
    let anchors: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    validate(&cert, &[], &anchors, &ValidationOptions::new(at())).unwrap();

    // The next-generation card profile takes P-384 keys only; today's takes RSA.
    let rsa = SimKey::generate(2048).unwrap();
    assert!(
        authority
            .issue(
                &resident(),
                &rsa.public_key_der().unwrap(),
                Purpose::Signing,
                at()
            )
            .is_err()
    );
    assert!(
        authority
            .issue(
                &resident(),
                &p256().public_key_der().unwrap(),
                Purpose::Signing,
                at()
            )
            .is_err()
    );
    let mut today = Authority::new(AuthorityOptions::default(), at()).unwrap();
    assert!(
        today
            .issue(
                &resident(),
                &card_key.public_key_der().unwrap(),
                Purpose::Signing,
                at()
            )
            .is_err()
    );

    // The CA's CRLs and OCSP responses are ECDSA P-384 too.
    let crl = authority
        .crl(Purpose::Signing, 2, ("Tokyo-to", "千代田区"), at(), DAY)
        .unwrap();
    let parsed = BorrowedCrl::from_der(&crl).unwrap();
    assert_eq!(
        parsed.signature_scheme().unwrap(),
        SignatureScheme::Ecdsa(HashAlgorithm::Sha384)
    );
    let issuer = authority
        .generations_of(Purpose::Signing)
        .last()
        .unwrap()
        .certificate()
        .clone();
    parsed.verify_signature(&issuer).unwrap();
    let request =
        OcspRequest::new(&cert, &issuer, HashAlgorithm::Sha256, Some(vec![7; 16])).unwrap();
    for signing in [OcspSigning::Delegated, OcspSigning::Ca] {
        let response = authority.ocsp_respond_with(request.der(), at(), signing);
        let result = verify_response(&response, &request, &issuer, &OcspCheck::new(at())).unwrap();
        assert_eq!(result.status, OcspCertStatus::Good);
    }
}

#[test]
fn the_next_generation_state_directory_keeps_its_profile() {
    let dir = std::env::temp_dir().join(format!("jpki-ecdsa-state-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let options = AuthorityOptions {
        profile: KeyProfile::NextGeneration,
        ..AuthorityOptions::default()
    };
    let created = Authority::create(&dir, options, at()).unwrap();
    let anchors: Vec<Vec<u8>> = created
        .trust_anchors()
        .iter()
        .map(|c| c.der().to_vec())
        .collect();
    drop(created);
    let mut opened = Authority::open(&dir).unwrap();
    assert_eq!(opened.options().profile, KeyProfile::NextGeneration);
    let reopened: Vec<Vec<u8>> = opened
        .trust_anchors()
        .iter()
        .map(|c| c.der().to_vec())
        .collect();
    assert_eq!(anchors, reopened);
    let key = SimKey::generate_ec(EcCurve::P384).unwrap();
    opened
        .issue(
            &resident(),
            &key.public_key_der().unwrap(),
            Purpose::Signing,
            at(),
        )
        .unwrap();
    // An EC key survives PKCS#8 PEM.
    let pem = key.to_pkcs8_pem().unwrap();
    let back = SimKey::from_pkcs8_pem(&pem).unwrap();
    assert_eq!(
        back.public_key_der().unwrap(),
        key.public_key_der().unwrap()
    );
    drop(opened);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The whole scenario on the next-generation profile: the window personalizes a
/// virtual card (P-384 keys inside it), the card signs through the JPKI commands
/// of today, the Verifier accepts with the partition CRL, and refuses as revoked
/// after the move.
#[test]
fn next_generation_card_signs_and_the_verifier_follows_revocation() {
    let mut authority = next_gen_authority();
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    let password = Secret::new(PinKind::SigningPassword, "TARO1950").unwrap();
    let pin = Secret::new(PinKind::AuthenticationPin, "1234").unwrap();
    let window = personalize(
        &mut authority,
        &mut card,
        &resident(),
        Some(&password),
        &pin,
        at(),
    )
    .unwrap();
    let signing = window.signing.unwrap();
    assert_eq!(
        EcCurve::of_public_key(signing.public_key_der()),
        Some(EcCurve::P384)
    );

    let form = "口座開設申込書".as_bytes();
    let mut reader = JpkiCard::new(&mut card);
    reader.open().unwrap();
    let der = reader
        .read_certificate(CertificateSlot::Signing, Some(&Pin::new(password.clone())))
        .unwrap();
    assert_eq!(der, signing.der());
    let signature = {
        let mut signer = CardSigner::new(
            &mut reader,
            KeySlot::Signing,
            signing.clone(),
            Some(Pin::new(password.clone())),
        );
        let options = SignOptions::default()
            .with_signing_time(Some(at()))
            .with_hash(HashAlgorithm::Sha384);
        sign(form, &mut signer, &options).unwrap()
    };
    let message = SignedMessage::parse(&signature).unwrap();
    assert_eq!(
        message.signers()[0].signature_algorithm().to_dotted(),
        "1.2.840.10045.4.3.3"
    );

    let anchors: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    let issued = authority.find_issued(signing.serial()).unwrap();
    let (generation, partition) = (
        issued.generation(),
        (
            issued.partition().0.to_owned(),
            issued.partition().1.to_owned(),
        ),
    );
    for provider in providers() {
        let verifier = Verifier::builder()
            .trust_anchors(anchors.iter().cloned())
            .provider(provider)
            .build()
            .unwrap();
        let crl = authority
            .crl(
                Purpose::Signing,
                generation,
                (&partition.0, &partition.1),
                at(),
                DAY,
            )
            .unwrap();
        verifier.add_crl(&crl).unwrap();
        let verdict = verifier.verify(&signature, Some(form), None, at());
        assert!(verdict.signature.passed(), "{:?}", verdict.signature);
        assert!(verdict.certificate.passed(), "{:?}", verdict.certificate);
        assert!(
            matches!(verdict.revocation_status, RevocationStatus::Good { .. }),
            "{:?}",
            verdict.revocation_status
        );
        let mut tampered = signature.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(
            !verifier
                .verify(&tampered, Some(form), None, at())
                .signature
                .passed()
        );
    }

    let later = at().add_seconds(3600);
    authority
        .apply_event(signing.serial(), Event::Move, later)
        .unwrap();
    let crl = authority
        .crl(
            Purpose::Signing,
            generation,
            (&partition.0, &partition.1),
            later.add_seconds(60),
            DAY,
        )
        .unwrap();
    let verifier = Verifier::builder()
        .trust_anchors(anchors.iter().cloned())
        .build()
        .unwrap();
    verifier.add_crl(&crl).unwrap();
    let verdict = verifier.verify(&signature, Some(form), None, later.add_seconds(120));
    assert!(!verdict.is_valid());
    assert!(
        matches!(verdict.revocation_status, RevocationStatus::Revoked { .. }),
        "{:?}",
        verdict.revocation_status
    );
}

/// The card's raw r‖s and the DER form both complete a prepared signature; a
/// signature by another key does not.
#[test]
fn a_prepared_ecdsa_signature_takes_raw_or_der_and_checks_the_key() {
    let pki = pki(p384().clone(), p384().clone(), None);
    let options = SignOptions::default()
        .with_signing_time(Some(at()))
        .with_hash(HashAlgorithm::Sha384);
    let prepared = jpki::cms::PreparedSignature::new(b"text", &pki.leaf, &options).unwrap();
    assert_eq!(
        prepared.scheme(),
        SignatureScheme::Ecdsa(HashAlgorithm::Sha384)
    );
    let raw = pki
        .leaf_key
        .sign_digest_info(&prepared.digest_info())
        .unwrap();
    assert_eq!(raw.len(), 96);
    let from_raw = prepared.finish(&raw).unwrap();
    let der = jpki::crypto::ecdsa_raw_to_der(&raw).unwrap();
    assert_eq!(prepared.finish(&der).unwrap(), from_raw);
    let message = SignedMessage::parse(&from_raw).unwrap();
    verify(
        &message,
        Some(b"text"),
        std::slice::from_ref(&pki.ca),
        &[],
        &ValidationOptions::new(at()),
    )
    .unwrap();
    let stranger = SimKey::generate_ec(EcCurve::P384).unwrap();
    let wrong = stranger.sign_digest_info(&prepared.digest_info()).unwrap();
    assert!(matches!(
        prepared.finish(&wrong),
        Err(Error::CmsSignatureNotBySigner)
    ));
    assert!(matches!(
        prepared.finish(&[0u8; 96]),
        Err(Error::CmsSignatureNotBySigner)
    ));
}

// ---------------------------------------------------------------------------
// OpenSSL, both ways, on ECDSA P-384.

struct Files {
    dir: PathBuf,
    pki: Pki,
}

fn files() -> &'static Files {
    static F: OnceLock<Files> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("jpki-ecdsa-openssl-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let pki = pki(
            SimKey::generate_ec(EcCurve::P384).unwrap(),
            SimKey::generate_ec(EcCurve::P384).unwrap(),
            None,
        );
        std::fs::write(dir.join("ca.pem"), pki.ca.to_pem()).unwrap();
        std::fs::write(dir.join("ec.pem"), pki.leaf.to_pem()).unwrap();
        std::fs::write(
            dir.join("ec.key"),
            pki.leaf_key.to_pkcs8_pem().unwrap().as_bytes(),
        )
        .unwrap();
        std::fs::write(dir.join("content.txt"), b"next-generation application\n").unwrap();
        Files { dir, pki }
    })
}

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("`openssl` is required for this test and could not be run ({e})")
        })
}

fn p(name: &str) -> String {
    files().dir.join(name).to_str().unwrap().to_owned()
}

#[test]
fn openssl_verifies_our_ecdsa_p384_signed_data() {
    let f = files();
    let content = std::fs::read(p("content.txt")).unwrap();
    let mut signer = SoftwareSigner::new(f.pki.leaf_key.clone(), f.pki.leaf.clone()).unwrap();
    let options = SignOptions::default()
        .with_detached(false)
        .with_signing_time(Some(at()))
        .with_hash(HashAlgorithm::Sha384);
    let der = sign(&content, &mut signer, &options).unwrap();
    std::fs::write(p("ours.der"), &der).unwrap();
    let at_seconds = at().unix_seconds().to_string();
    let out = openssl(&[
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        &p("ours.der"),
        "-CAfile",
        &p("ca.pem"),
        "-attime",
        &at_seconds,
        "-purpose",
        "any",
        "-out",
        &p("ours.out"),
    ]);
    assert!(
        out.status.success(),
        "openssl cms -verify: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(p("ours.out")).unwrap(), content);

    // One byte of the signature changed: OpenSSL refuses it too.
    let tampered = flip_last_byte(&der);
    std::fs::write(p("ours-bad.der"), &tampered).unwrap();
    let out = openssl(&[
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        &p("ours-bad.der"),
        "-CAfile",
        &p("ca.pem"),
        "-attime",
        &at_seconds,
        "-purpose",
        "any",
        "-out",
        &p("ours-bad.out"),
    ]);
    assert!(!out.status.success());
}

#[test]
fn we_verify_openssl_ecdsa_p384_signed_data() {
    let f = files();
    let out = openssl(&[
        "cms",
        "-sign",
        "-md",
        "sha384",
        "-signer",
        &p("ec.pem"),
        "-inkey",
        &p("ec.key"),
        "-nodetach",
        "-binary",
        "-outform",
        "DER",
        "-in",
        &p("content.txt"),
        "-out",
        &p("theirs.der"),
    ]);
    assert!(
        out.status.success(),
        "openssl cms -sign: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let der = std::fs::read(p("theirs.der")).unwrap();
    let message = SignedMessage::parse(&der).unwrap();
    let verified = verify(
        &message,
        None,
        std::slice::from_ref(&f.pki.ca),
        &[],
        &ValidationOptions::new(at()),
    )
    .unwrap();
    assert_eq!(
        verified.signature.scheme,
        SignatureScheme::Ecdsa(HashAlgorithm::Sha384)
    );
    assert_eq!(verified.signature.digest, HashAlgorithm::Sha384);
    assert_eq!(verified.signature.signer.der(), f.pki.leaf.der());

    // The same with one byte of the signature changed: refused.
    let tampered = flip_last_byte(&der);
    let message = SignedMessage::parse(&tampered).unwrap();
    let err = verify(
        &message,
        None,
        std::slice::from_ref(&f.pki.ca),
        &[],
        &ValidationOptions::new(at()),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadSignature, "{err}");
}

/// With no hash set, a signature takes the natural hash of the signer's key:
/// SHA-384 for P-384 (the next-generation card), SHA-256 for P-256 and RSA;
/// an explicit hash still wins.
#[test]
fn the_default_hash_follows_the_signer_key() {
    let rsa = SimKey::generate(2048).unwrap();
    let cases = [
        (
            p384().clone(),
            None,
            HashAlgorithm::Sha384,
            "1.2.840.10045.4.3.3",
        ),
        (
            p256().clone(),
            None,
            HashAlgorithm::Sha256,
            "1.2.840.10045.4.3.2",
        ),
        (
            rsa.clone(),
            None,
            HashAlgorithm::Sha256,
            "1.2.840.113549.1.1.1",
        ),
        (
            p384().clone(),
            Some(HashAlgorithm::Sha256),
            HashAlgorithm::Sha256,
            "1.2.840.10045.4.3.2",
        ),
    ];
    let content = b"application form";
    for (key, explicit, hash, signature_oid) in cases {
        let pki = pki(p384().clone(), key, None);
        let mut options = SignOptions::default()
            .with_detached(false)
            .with_signing_time(Some(at()));
        if let Some(h) = explicit {
            options = options.with_hash(h);
        }
        assert_eq!(options.hash_for(&pki.leaf), hash);
        let mut signer = SoftwareSigner::new(pki.leaf_key.clone(), pki.leaf.clone()).unwrap();
        let der = sign(content, &mut signer, &options).unwrap();
        let message = SignedMessage::parse(&der).unwrap();
        assert_eq!(message.digest_algorithms(), [hash.oid()]);
        assert_eq!(message.signers()[0].digest_algorithm(), hash.oid());
        assert_eq!(
            message.signers()[0].signature_algorithm().to_dotted(),
            signature_oid
        );
        verify(
            &message,
            None,
            std::slice::from_ref(&pki.ca),
            &[],
            &ValidationOptions::new(at()),
        )
        .unwrap();
    }

    // The default applies to both phases: attributes prepared with an explicit
    // SHA-256 do not match default options for a P-384 signer (SHA-384).
    let pki = pki(p384().clone(), p384().clone(), None);
    let sha256 = SignOptions::default()
        .with_signing_time(Some(at()))
        .with_hash(HashAlgorithm::Sha256);
    let prepared = jpki::cms::PreparedSignature::new(content, &pki.leaf, &sha256).unwrap();
    let default = SignOptions::default().with_signing_time(Some(at()));
    let err = jpki::cms::PreparedSignature::from_parts(
        content,
        &pki.leaf,
        &default,
        prepared.signed_attributes_der(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::CmsDigestMismatch), "{err:?}");
    let same = jpki::cms::PreparedSignature::from_parts(
        content,
        &pki.leaf,
        &sha256,
        prepared.signed_attributes_der(),
    )
    .unwrap();
    assert_eq!(same.digest(), prepared.digest());
}
