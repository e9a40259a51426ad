//! CMS SignedData parsing (DER or PEM), then signature verification of whatever
//! parses: without content, with a fixed content, with the message's own
//! certificates supplied again, SHA-1 refused and allowed, a path validation
//! against the message's own certificates, and a [`Verifier`] trusting them
//! (revocation from the CRLs the message carries, hard fail), whose signature
//! check must agree with `verify_signature`. Nothing may panic.
#![no_main]

use jpki::cms::{SignedMessage, verify, verify_signature};
use jpki::path::ValidationOptions;
use jpki::{Applicant, Check, Error, Time, Usage, Verifier};
use libfuzzer_sys::fuzz_target;

const CONTENT: &[u8] = b"fuzzed application form\r\n";

fuzz_target!(|data: &[u8]| {
    let Ok(message) = SignedMessage::parse(data) else {
        return;
    };
    // The DER kept is what parses again, to the same message.
    let again = SignedMessage::from_der(message.der()).expect("re-parse of accepted DER");
    assert_eq!(again.der(), message.der());
    assert_eq!(again.content(), message.content());
    assert_eq!(again.signers().len(), message.signers().len());
    let _ = (
        message.content_type(),
        message.certificates().len(),
        message.crls().len(),
        message.digest_algorithms(),
    );
    for signer in message.signers() {
        let _ = (
            signer.version(),
            signer.digest_algorithm(),
            signer.signature_algorithm(),
            signer.signing_time(),
            signer.signing_certificate(),
            signer.has_signed_attributes(),
            signer.has_unsigned_attributes(),
        );
        let _ = format!("{:?}", signer.signer_identifier());
        for cert in message.certificates() {
            let _ = signer.signer_identifier().matches(cert);
        }
    }
    let certificates = message.certificates().to_vec();
    for allow_legacy_sha1 in [false, true] {
        let without = verify_signature(&message, None, &[], allow_legacy_sha1);
        match (message.signers().len(), message.is_detached()) {
            (1, true) => assert!(matches!(without, Err(Error::CmsNoContent)), "{without:?}"),
            (1, false) => {}
            (n, _) => assert!(
                matches!(without, Err(Error::CmsSignerCount { found }) if found == n),
                "{without:?}"
            ),
        }
        let _ = verify_signature(&message, Some(CONTENT), &[], allow_legacy_sha1);
        let _ = verify_signature(&message, Some(CONTENT), &certificates, allow_legacy_sha1);
        if let Some(inside) = message.content() {
            // Supplying the encapsulated content again changes nothing.
            let same = verify_signature(&message, Some(inside), &[], allow_legacy_sha1);
            assert_eq!(same.is_ok(), without.is_ok());
        }
    }
    let at = Time::from_unix_seconds(1_795_222_800);
    let mut options = ValidationOptions::new(at);
    options.allow_legacy_sha1 = true;
    let _ = verify(&message, Some(CONTENT), &certificates, &[], &options);

    // The verifier, trusting the message's own certificates.
    let Ok(verifier) = Verifier::builder()
        .trust_anchors(certificates.iter().cloned())
        .signer_usage(Usage::Any)
        .allow_legacy_sha1(true)
        .build()
    else {
        assert!(certificates.is_empty());
        return;
    };
    for crl in message.crls() {
        let _ = verifier.add_crl(crl);
    }
    let signature = verify_signature(&message, Some(CONTENT), &[], true);
    let applicant = Applicant::new().with_name("山田 花子");
    for applicant in [None, Some(&applicant)] {
        let verdict = verifier.verify(data, Some(CONTENT), applicant, at);
        match &signature {
            Ok(check) => {
                assert_eq!(verdict.signature, Check::Passed);
                // The signer may be another certificate with the same key.
                let signer = verdict.signer().expect("signer of a verified signature");
                assert_eq!(signer.public_key_der(), check.signer.public_key_der());
            }
            Err(e) => {
                assert_eq!(verdict.signature, Check::Failed(e.clone()));
                assert_eq!(verdict.certificate, Check::NotRun);
                assert_eq!(verdict.revocation, Check::NotRun);
                assert!(verdict.signer().is_none() && verdict.path.is_none());
            }
        }
        if verdict.is_valid() {
            assert!(verdict.certificate.passed() && verdict.revocation.passed());
            assert!(verdict.path.is_some() && verdict.error().is_none());
        }
        let _ = verdict.error().map(Error::kind);
    }
});
