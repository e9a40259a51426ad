//! Two-phase CMS signing: [`PreparedSignature`] says what the card must sign,
//! the signature is made out of band (here by the `openssl` CLI with the key
//! in a PEM file, as a card elsewhere would make it), and
//! [`PreparedSignature::finish`] completes the SignedData, which `openssl cms
//! -verify` and this library both accept. A signature by another key, or over
//! other bytes, is refused by `finish`.
//!
//! `openssl` is required: a missing binary fails the tests.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

use jpki::Certificate;
use jpki::Error;
use jpki::cms::{PreparedSignature, SignOptions, SignedMessage, sign, verify};
use jpki::crypto::HashAlgorithm;
use jpki::path::ValidationOptions;
use jpki::sim::{SimKey, SoftwareSigner};

#[path = "support/cms_fixture.rs"]
#[allow(dead_code)]
mod cms_fixture;

use cms_fixture::{at, content, fixture, ok, openssl, path, s};

fn options(detached: bool) -> SignOptions {
    SignOptions::default()
        .with_detached(detached)
        .with_signing_time(Some(at()))
        .with_extra_certificates(vec![fixture().issuer.clone()])
}

/// The card's part, out of band: `openssl pkeyutl` signs `input` with the key
/// file, PKCS#1 v1.5 type 1 padding, and `extra` options.
fn openssl_sign(name: &str, input: &[u8], extra: &[&str]) -> Vec<u8> {
    let input_file = path(&format!("{name}.in"));
    let output_file = path(&format!("{name}.sig"));
    std::fs::write(&input_file, input).unwrap();
    let _ = std::fs::remove_file(&output_file);
    let key = path("key.pem");
    let mut args = vec![
        "pkeyutl",
        "-sign",
        "-inkey",
        s(&key),
        "-pkeyopt",
        "rsa_padding_mode:pkcs1",
        "-in",
        s(&input_file),
        "-out",
        s(&output_file),
    ];
    args.extend(extra);
    ok(&openssl(&args), "openssl pkeyutl -sign");
    std::fs::read(output_file).unwrap()
}

/// `openssl cms -verify` of the DER `cms` (with `detached_content`) against the
/// simulator's trust anchors; returns the output and the content it wrote.
fn openssl_verify(name: &str, cms: &[u8], detached_content: Option<&[u8]>) -> (Output, Vec<u8>) {
    let cms_file = path(&format!("{name}.p7s"));
    let out = path(&format!("{name}.out"));
    let content_file = path(&format!("{name}.content"));
    std::fs::write(&cms_file, cms).unwrap();
    let _ = std::fs::remove_file(&out);
    let at = at().unix_seconds().to_string();
    let trust = path("trust.pem");
    let mut args = vec![
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        s(&cms_file),
        "-CAfile",
        s(&trust),
        "-purpose",
        "any",
        "-attime",
        &at,
        "-out",
        s(&out),
    ];
    if let Some(c) = detached_content {
        std::fs::write(&content_file, c).unwrap();
        args.extend(["-content", s(&content_file)]);
    }
    let o = openssl(&args);
    let written = std::fs::read(&out).unwrap_or_default();
    (o, written)
}

fn jpki_verify(cms: &[u8], detached_content: Option<&[u8]>) -> Result<Certificate, Error> {
    let message = SignedMessage::parse(cms)?;
    let verified = verify(
        &message,
        detached_content,
        &fixture().anchors,
        &[],
        &ValidationOptions::new(at()),
    )?;
    Ok(verified.signature.signer)
}

/// Prepares, has openssl sign the DigestInfo, finishes, and checks the result
/// both ways.
fn round_trip(detached: bool) {
    let f = fixture();
    let name = if detached { "detached" } else { "attached" };
    let prepared = PreparedSignature::new(&content(), &f.cert, &options(detached)).unwrap();
    assert_eq!(prepared.hash(), HashAlgorithm::Sha256);
    assert_eq!(prepared.is_detached(), detached);
    // What the card must sign, consistently stated three ways.
    assert_eq!(
        prepared.digest(),
        HashAlgorithm::Sha256
            .digest(prepared.signed_attributes_der())
            .as_slice()
    );
    let digest_info = prepared.digest_info();
    assert_eq!(digest_info.len(), 19 + 32);
    assert!(digest_info.ends_with(prepared.digest()));
    assert_eq!(prepared.signed_attributes_der()[0], 0x31, "a DER SET OF");

    // The signature comes from elsewhere: openssl, over the DigestInfo…
    let signature = openssl_sign(name, &digest_info, &[]);
    // …which is what it makes from the bare digest when told the hash.
    let from_digest = openssl_sign(
        &format!("{name}-digest"),
        prepared.digest(),
        &["-pkeyopt", "digest:sha256"],
    );
    assert_eq!(signature, from_digest);

    let cms = prepared.finish(&signature).unwrap();

    // OpenSSL accepts it, and refuses other content.
    let detached_content = detached.then(content);
    let (o, written) = openssl_verify(name, &cms, detached_content.as_deref());
    ok(&o, &format!("openssl cms -verify ({name})"));
    assert_eq!(written, content());
    if detached {
        let mut other = content();
        other[3] ^= 1;
        let (o, _) = openssl_verify(&format!("{name}-other"), &cms, Some(&other));
        assert!(
            !o.status.success(),
            "openssl accepted a detached signature over other content"
        );
    }

    // So does this library, and the signer is the certificate prepared for.
    let signer = jpki_verify(&cms, detached_content.as_deref()).unwrap();
    assert_eq!(signer.der(), f.cert.der());
    let message = SignedMessage::parse(&cms).unwrap();
    assert_eq!(message.is_detached(), detached);
    assert_eq!(message.certificates().len(), 2);

    // One call with a software signer makes the very same bytes (PKCS#1 v1.5
    // signatures are deterministic): `sign` is the two phases in one.
    let mut signer = SoftwareSigner::new(f.key.clone(), f.cert.clone()).unwrap();
    assert_eq!(
        sign(&content(), &mut signer, &options(detached)).unwrap(),
        cms
    );

    // A server that kept only the parts rebuilds the same preparation.
    let rebuilt = PreparedSignature::from_parts(
        &content(),
        &f.cert,
        &options(detached),
        prepared.signed_attributes_der(),
    )
    .unwrap();
    assert_eq!(rebuilt.digest(), prepared.digest());
    assert_eq!(rebuilt.finish(&signature).unwrap(), cms);
}

#[test]
fn detached_signature_made_out_of_band_verifies_with_openssl_and_jpki() {
    round_trip(true);
}

#[test]
fn attached_signature_made_out_of_band_verifies_with_openssl_and_jpki() {
    round_trip(false);
}

#[test]
fn finish_refuses_a_signature_the_certificate_did_not_make() {
    let f = fixture();
    let prepared = PreparedSignature::new(&content(), &f.cert, &options(true)).unwrap();
    let good = f.key.sign_digest_info(&prepared.digest_info()).unwrap();

    // Another card (another key) signed the right digest.
    let other_key = SimKey::generate(2048).unwrap();
    let wrong_card = other_key.sign_digest_info(&prepared.digest_info()).unwrap();
    assert!(matches!(
        prepared.finish(&wrong_card),
        Err(Error::CmsSignatureNotBySigner)
    ));
    // The right key signed something else (another preparation's digest).
    let other = PreparedSignature::new(b"another document", &f.cert, &options(true)).unwrap();
    let wrong_digest = f.key.sign_digest_info(&other.digest_info()).unwrap();
    assert!(matches!(
        prepared.finish(&wrong_digest),
        Err(Error::CmsSignatureNotBySigner)
    ));
    // Damaged on the way, truncated, empty.
    let mut damaged = good.clone();
    damaged[100] ^= 0x01;
    for bad in [&damaged[..], &good[..good.len() - 1], &[][..]] {
        assert!(matches!(
            prepared.finish(bad),
            Err(Error::CmsSignatureNotBySigner)
        ));
    }
    // The refusals left the preparation usable: the right signature still works.
    let cms = prepared.finish(&good).unwrap();
    jpki_verify(&cms, Some(&content())).unwrap();
}

#[test]
fn from_parts_refuses_attributes_of_other_content() {
    let f = fixture();
    let prepared = PreparedSignature::new(&content(), &f.cert, &options(true)).unwrap();
    let attrs = prepared.signed_attributes_der();
    assert!(matches!(
        PreparedSignature::from_parts(b"other content", &f.cert, &options(true), attrs),
        Err(Error::CmsDigestMismatch)
    ));
    // Other hash than the attributes were made with: the digest differs too.
    let sha512 = options(true).with_hash(HashAlgorithm::Sha512);
    assert!(matches!(
        PreparedSignature::from_parts(&content(), &f.cert, &sha512, attrs),
        Err(Error::CmsDigestMismatch)
    ));
    // Not DER, or not attributes at all.
    let mut trailing = attrs.to_vec();
    trailing.push(0);
    assert!(PreparedSignature::from_parts(&content(), &f.cert, &options(true), &trailing).is_err());
    assert!(
        PreparedSignature::from_parts(&content(), &f.cert, &options(true), &[0x31, 0x00]).is_err()
    );
    // SHA-1 is refused for new signatures, in both constructors.
    let sha1 = options(true).with_hash(HashAlgorithm::Sha1);
    assert!(matches!(
        PreparedSignature::new(&content(), &f.cert, &sha1),
        Err(Error::UnsupportedAlgorithm { .. })
    ));
}

#[test]
fn a_prepared_signature_can_wait_on_another_thread() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync_clone::<PreparedSignature>();

    let f = fixture();
    let prepared = PreparedSignature::new(&content(), &f.cert, &options(false)).unwrap();
    let digest_info = prepared.digest_info();
    let key = f.key.clone();
    // The "phone" signs on its own thread; the prepared value waits on another.
    let signature = std::thread::spawn(move || key.sign_digest_info(&digest_info).unwrap())
        .join()
        .unwrap();
    let cms = std::thread::spawn(move || prepared.finish(&signature).unwrap())
        .join()
        .unwrap();
    assert_eq!(jpki_verify(&cms, None).unwrap().der(), f.cert.der());
}
