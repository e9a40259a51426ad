//! The `Verifier` as a host uses it: the provider seam, prepared keys, the
//! signer's certificate supplied apart from the signature, the OCSP round trip of
//! a host without blocking I/O, usage and policy checks, and the JSON of a
//! verdict.

#![cfg(feature = "sim")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use jpki::cms::{SignOptions, sign};
use jpki::crypto::{Provider, RustCrypto};
use jpki::revocation::RevocationMode;
use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey, SoftwareSigner};
use jpki::{
    Applicant, Certificate, Check, Date, Error, ErrorKind, PolicySet, RevocationPolicy, Sex, Time,
    Usage, Verifier,
};

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

struct Fixture {
    authority: Authority,
    signing: Certificate,
    auth: Certificate,
    signature: Vec<u8>,
    bare_signature: Vec<u8>,
}

const FORM: &[u8] = "口座開設申込書".as_bytes();

fn fixture() -> Fixture {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let record = RegisterRecord {
        name: "吉田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    };
    let key = SimKey::generate(2048).unwrap();
    let spki = key.public_key_der().unwrap();
    let signing = authority
        .issue(&record, &spki, Purpose::Signing, at())
        .unwrap();
    let auth = authority
        .issue(&record, &spki, Purpose::Authentication, at())
        .unwrap();
    let mut signer = SoftwareSigner::new(key, signing.clone()).unwrap();
    let options = SignOptions::default().with_signing_time(Some(at()));
    let signature = sign(FORM, &mut signer, &options).unwrap();
    // The same signature without the certificate inside (it covers the signed
    // attributes only, so it still verifies): the verifier must find the
    // certificate among its intermediates.
    let bare_signature = without_certificates(&signature);
    Fixture {
        authority,
        signing,
        auth,
        signature,
        bare_signature,
    }
}

/// `f.auth` re-issued by its CA with extendedKeyUsage `eku` alone (every other
/// extension as it was).
fn with_eku(f: &Fixture, eku: &str) -> Certificate {
    use der::{Decode, Encode};
    let parsed = x509_cert::Certificate::from_der(f.auth.der()).unwrap();
    let tbs = parsed.tbs_certificate();
    let eku_value = x509_cert::ext::pkix::ExtendedKeyUsage(vec![eku.parse().unwrap()])
        .to_der()
        .unwrap();
    let mut builder = jpki::sim::CertificateBuilder::new(
        f.auth.serial().clone(),
        tbs.issuer().to_der().unwrap(),
        tbs.subject().to_der().unwrap(),
        f.auth.not_before(),
        f.auth.not_after(),
        f.auth.public_key_der().to_vec(),
    );
    for ext in tbs.extensions().unwrap() {
        let oid: jpki::oid::Oid = ext.extn_id.to_string().parse().unwrap();
        let value = if ext.extn_id.to_string() == "2.5.29.37" {
            eku_value.clone()
        } else {
            ext.extn_value.as_bytes().to_vec()
        };
        builder = builder.extension(oid, ext.critical, value);
    }
    let ca = f
        .authority
        .generations_of(Purpose::Authentication)
        .last()
        .unwrap();
    builder.sign(ca.key()).unwrap()
}

fn without_certificates(der: &[u8]) -> Vec<u8> {
    use der::{Decode, Encode};
    let info = cms::content_info::ContentInfo::from_der(der).unwrap();
    let mut signed: cms::signed_data::SignedData = info.content.decode_as().unwrap();
    signed.certificates = None;
    cms::content_info::ContentInfo {
        content_type: info.content_type,
        content: der::Any::encode_from(&signed).unwrap(),
    }
    .to_der()
    .unwrap()
}

fn builder(f: &Fixture) -> jpki::VerifierBuilder {
    Verifier::builder()
        .trust_anchors(f.authority.trust_anchors().into_iter().cloned())
        .revocation(RevocationPolicy::default().with_mode(RevocationMode::Off))
}

fn applicant() -> Applicant {
    Applicant::new()
        .with_name("吉田 太郎")
        .with_birth_date(Date::parse_iso("1950-04-01").unwrap())
        .with_sex(Sex::Male)
        .with_address("東京都千代田区霞が関2-1-2")
}

#[test]
fn every_provider_gives_the_same_verdicts() {
    let f = fixture();
    // Pushed to only with the `ring` feature.
    #[cfg_attr(not(feature = "ring"), allow(unused_mut))]
    let mut providers: Vec<Arc<dyn Provider>> = vec![Arc::new(RustCrypto)];
    #[cfg(feature = "ring")]
    providers.push(Arc::new(jpki::crypto::Ring));
    let mut tampered = f.signature.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    let mut verdicts = Vec::new();
    for provider in providers {
        let name = provider.name();
        let v = builder(&f).provider(provider).build().unwrap();
        assert_eq!(v.provider_name(), name);
        let good = v.verify(&f.signature, Some(FORM), Some(&applicant()), at());
        assert!(good.is_valid(), "{name}: {:?}", good.error());
        let bad = v.verify(&tampered, Some(FORM), Some(&applicant()), at());
        assert_eq!(
            bad.signature.error().map(Error::kind),
            Some(ErrorKind::BadSignature),
            "{name}"
        );
        let other = v.verify(&f.signature, Some(b"another form"), None, at());
        assert_eq!(other.signature, Check::Failed(Error::CmsDigestMismatch));
        verdicts.push((good, bad, other));
    }
    // Identical verdicts, whatever verified the signatures.
    assert!(verdicts.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn the_default_provider_follows_the_ring_feature() {
    let f = fixture();
    let v = builder(&f).build().unwrap();
    let expected = if cfg!(feature = "ring") {
        "ring"
    } else {
        "rustcrypto"
    };
    assert_eq!(v.provider_name(), expected);
}

#[test]
fn usage_decides_key_usage_and_policies() {
    let f = fixture();
    let v = builder(&f).build().unwrap();
    assert!(
        v.verify_certificate(&f.signing, Usage::Signing, at())
            .is_valid()
    );
    assert!(
        v.verify_certificate(&f.auth, Usage::Authentication, at())
            .is_valid()
    );
    assert!(v.verify_certificate(&f.auth, Usage::Any, at()).is_valid());
    // An authentication certificate lacks nonRepudiation.
    let wrong = v.verify_certificate(&f.auth, Usage::Signing, at());
    assert!(matches!(
        wrong.certificate.error(),
        Some(Error::KeyUsageLacks {
            usage: "nonRepudiation",
            ..
        })
    ));
    // A signing certificate offered for logging in.
    let wrong = v.verify_certificate(&f.signing, Usage::Authentication, at());
    assert!(matches!(
        wrong.certificate.error(),
        Some(Error::WrongCertificateKind {
            expected: "authentication",
            found: "signing",
            ..
        })
    ));
    // An extendedKeyUsage that does not allow client authentication (RFC 5280
    // §4.2.1.12) makes an otherwise valid authentication certificate unusable
    // for logging in; the same certificate with clientAuth is accepted.
    for (eku, accepted) in [
        ("1.3.6.1.5.5.7.3.1", false), // serverAuth only
        ("1.3.6.1.5.5.7.3.2", true),  // clientAuth
        ("2.5.29.37.0", true),        // anyExtendedKeyUsage
    ] {
        let cert = with_eku(&f, eku);
        let verdict = v.verify_certificate(&cert, Usage::Authentication, at());
        if accepted {
            assert!(verdict.is_valid(), "{eku}: {:?}", verdict.error());
        } else {
            assert!(
                matches!(
                    verdict.certificate.error(),
                    Some(Error::KeyUsageLacks {
                        usage: "extendedKeyUsage clientAuth",
                        ..
                    })
                ),
                "{eku}: {:?}",
                verdict.error()
            );
        }
        // Usage any does not look at it.
        assert!(v.verify_certificate(&cert, Usage::Any, at()).is_valid());
    }
    // Production arc only: the simulator's test-card certificates are refused.
    let strict = builder(&f)
        .signing_policies(PolicySet::jpki_signing_production())
        .build()
        .unwrap();
    let refused = strict.verify_certificate(&f.signing, Usage::Signing, at());
    assert_eq!(
        refused.certificate,
        Check::Failed(Error::PolicyNotAccepted {
            serial: f.signing.serial().clone()
        })
    );
    // An application signed with it is refused too.
    let verdict = strict.verify(&f.signature, Some(FORM), Some(&applicant()), at());
    assert!(!verdict.is_valid());
    assert_eq!(verdict.certificate, refused.certificate);
}

#[test]
fn a_host_without_blocking_io_asks_for_ocsp_and_hands_the_answers_back() {
    let f = fixture();
    let v = builder(&f)
        .revocation(RevocationPolicy::default())
        .build()
        .unwrap();
    // Nothing held: hard fail, and the certificate is named.
    let first = v.verify(&f.signature, Some(FORM), Some(&applicant()), at());
    assert!(matches!(
        first.revocation.error(),
        Some(Error::RevocationUnavailable { serial, causes }) if serial == f.signing.serial() && causes.is_empty()
    ));
    assert!(!first.is_valid());
    // The verifier says what to ask; the host sends it however it can.
    let signer = first.signer().expect("the signature verified").clone();
    let queries = v.ocsp_requests(&signer, at()).unwrap();
    assert_eq!(queries.len(), 1);
    assert_eq!(&queries[0].serial, f.signing.serial());
    assert_eq!(
        queries[0].url.as_deref(),
        f.signing.ocsp_urls().first().map(String::as_str)
    );
    let answer = f.authority.ocsp_respond(queries[0].request.der(), at());
    v.add_ocsp_response(&answer).unwrap();
    let second = v.verify(&f.signature, Some(FORM), Some(&applicant()), at());
    assert!(second.is_valid(), "{:?}", second.error());
    assert_eq!(second.revocation_status.as_str(), "good");
    // Not an OCSP response at all: refused when added.
    assert_eq!(
        v.add_ocsp_response(b"not DER").map_err(|e| e.kind()),
        Err(ErrorKind::Decode)
    );
    // Forgotten: hard fail again.
    v.clear_ocsp_responses();
    assert!(
        !v.verify(&f.signature, Some(FORM), Some(&applicant()), at())
            .is_valid()
    );
}

#[test]
fn the_signer_certificate_may_come_from_the_verifier() {
    let f = fixture();
    let v = builder(&f)
        .intermediates([f.signing.clone()])
        .build()
        .unwrap();
    let verdict = v.verify(&f.bare_signature, Some(FORM), Some(&applicant()), at());
    assert!(verdict.is_valid(), "{:?}", verdict.error());
    assert_eq!(verdict.signer(), Some(&f.signing));
}

#[test]
fn no_application_judges_signature_and_certificate_alone() {
    let f = fixture();
    let v = builder(&f).build().unwrap();
    let none = v.verify(&f.signature, Some(FORM), None, at());
    assert!(none.is_valid());
    assert_eq!(none.personal_info, Check::NotRun);
    assert!(none.holder.is_some());
    // An applicant with no field at all fails closed.
    let empty = v.verify(&f.signature, Some(FORM), Some(&Applicant::new()), at());
    assert!(!empty.is_valid());
    assert_eq!(empty.personal_info, Check::NotRun);
    // A wrong field: the comparison says which.
    let wrong = v.verify(
        &f.signature,
        Some(FORM),
        Some(&applicant().with_birth_date(Date::parse_iso("1950-04-02").unwrap())),
        at(),
    );
    assert_eq!(
        wrong.personal_info,
        Check::Failed(Error::PersonalInfoMismatch)
    );
    assert!(!wrong.comparison.as_ref().unwrap().birth_date.is_match());
}

#[test]
fn a_failed_signature_still_names_who_claims_to_have_signed() {
    let f = fixture();
    let v = builder(&f).build().unwrap();
    // Verified: the claimed signer is the signer.
    let good = v.verify(&f.signature, Some(FORM), Some(&applicant()), at());
    assert!(good.is_valid(), "{:?}", good.error());
    assert_eq!(good.claimed_signer.as_ref(), good.signer());

    // The content was changed after signing: the digest does not match, nothing
    // else runs, yet the certificate the signature names is there, with its 4
    // basic info, as a claim (signer() stays for verified signers).
    let altered = "口座開設申込書（改）".as_bytes();
    let bad = v.verify(&f.signature, Some(altered), Some(&applicant()), at());
    assert_eq!(bad.signature, Check::Failed(Error::CmsDigestMismatch));
    assert!(!bad.is_valid());
    assert_eq!(bad.signer(), None);
    assert_eq!(bad.claimed_signer.as_ref(), Some(&f.signing));
    assert_eq!(
        bad.holder.as_ref().map(|h| h.name()),
        f.signing.personal_info().map(|i| i.name())
    );
    assert_eq!(bad.certificate, Check::NotRun);
    assert_eq!(bad.personal_info, Check::NotRun);
    assert!(bad.path.is_none() && bad.comparison.is_none() && bad.signature_details.is_none());

    // The signature does not carry the certificate: found among the verifier's
    // intermediates, or not at all.
    let with_it = builder(&f)
        .intermediates([f.signing.clone()])
        .build()
        .unwrap()
        .verify(&f.bare_signature, Some(altered), None, at());
    assert_eq!(with_it.signature, Check::Failed(Error::CmsDigestMismatch));
    assert_eq!(with_it.claimed_signer.as_ref(), Some(&f.signing));
    let without = v.verify(&f.bare_signature, Some(altered), None, at());
    assert_eq!(
        without.signature.error().map(Error::kind),
        Some(ErrorKind::CmsSignerNotFound)
    );
    assert!(without.claimed_signer.is_none() && without.holder.is_none());

    // Not a SignedData at all: nobody is named.
    let garbage = v.verify(b"not a signature", Some(FORM), None, at());
    assert!(garbage.claimed_signer.is_none() && garbage.holder.is_none());
}

#[test]
fn the_json_of_a_verdict_has_valid_first_hex_serials_and_no_null() {
    let f = fixture();
    let v = builder(&f).build().unwrap();
    let altered = "口座開設申込書（改）".as_bytes();
    let bad = v.verify(&f.signature, Some(altered), Some(&applicant()), at());
    let text = serde_json::to_string(&bad).unwrap();
    let prefix = format!(
        "{{\"valid\":false,\"schema_version\":{},",
        jpki::Verdict::JSON_SCHEMA_VERSION
    );
    assert!(text.starts_with(&prefix), "{text}");
    assert!(!text.contains("null"), "{text}");
    // The claimed signer, by its hex serial, and its 4 basic info.
    let serial = format!("\"serial\":\"{}\"", f.signing.serial());
    assert!(serial.contains("\"0x"), "{serial}");
    let signer = text.find("\"signer\":{").expect("signer");
    assert!(text[signer..].contains(&serial), "{text}");
    assert!(text.contains("\"holder\":{"), "{text}");
    // What did not run is absent: no path, no comparison, no algorithm.
    for absent in [
        "\"path\"",
        "\"comparison\"",
        "\"algorithm\"",
        "\"certificates\"",
    ] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }

    // A certificate verdict: the same order, and each certificate's revocation
    // status once revocation ran (soft fail: no source answers).
    let soft = builder(&f)
        .revocation(RevocationPolicy::default().with_mode(RevocationMode::SoftFail))
        .build()
        .unwrap();
    let verdict = soft.verify_certificate(&f.signing, Usage::Signing, at());
    assert!(verdict.is_valid(), "{:?}", verdict.error());
    let text = serde_json::to_string(&verdict).unwrap();
    assert!(text.starts_with(&prefix.replace("false", "true")), "{text}");
    let status = format!(
        "\"certificates\":[{{\"serial\":\"{}\",\"status\":\"soft_failed\",\"causes\":[",
        f.signing.serial()
    );
    assert!(text.contains(&status), "{text}");
    assert!(
        !text.contains("null") && !text.contains("serial_hex"),
        "{text}"
    );
}
