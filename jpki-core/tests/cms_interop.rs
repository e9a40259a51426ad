//! CMS interop with the `openssl` CLI, both ways: `openssl cms -verify` accepts the
//! SignedData we make (detached and attached), and we verify what `openssl cms -sign`
//! makes (with and without signed attributes, CAdES, PKCS#1 v1.5 and PSS, attached
//! and detached), then refuse it once one byte of the content or of the signature
//! has changed, with the specific error. `openssl cms -sign` writes DER in every
//! mode used here; only `-stream` writes BER (indefinite lengths), which the strict
//! DER parser refuses as malformed.
//!
//! Every verification goes through `cms::verify` and through a [`Verifier`]
//! (revocation off), which must agree: the same signer, scheme and path, or the
//! same error.
//!
//! `openssl` is required: a missing binary fails the tests (the README's test
//! command installs it). Every time is fixed; openssl is given the same instant with
//! `-attime`.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Output;
use std::sync::OnceLock;

use der::Decode;
use jpki::Error;
use jpki::cms::{SignOptions, SignedMessage, VerifiedSignature, sign, verify};
use jpki::crypto::{HashAlgorithm, SignatureScheme};
use jpki::path::ValidationOptions;
use jpki::revocation::RevocationMode;
use jpki::sim::SoftwareSigner;
use jpki::{Check, RevocationPolicy, Verifier};

#[path = "support/cms_fixture.rs"]
#[allow(dead_code)]
mod cms_fixture;

use cms_fixture::{at, content, fixture, ok, openssl, path, s};

fn at_seconds() -> String {
    at().unix_seconds().to_string()
}

fn options() -> ValidationOptions {
    ValidationOptions::new(at())
}

fn our_signature(detached: bool) -> Vec<u8> {
    let f = fixture();
    let mut signer = SoftwareSigner::new(f.key.clone(), f.cert.clone()).unwrap();
    sign(
        &content(),
        &mut signer,
        &SignOptions::default()
            .with_detached(detached)
            .with_signing_time(Some(at())),
    )
    .unwrap()
}

/// `openssl cms -verify` of `signature` (DER file `name`) against `ca_file`,
/// `content` for a detached one; returns the openssl output.
fn openssl_verify(
    name: &str,
    signature: &[u8],
    detached_content: Option<&[u8]>,
    extra: &[&str],
) -> (Output, PathBuf) {
    let sig = path(&format!("{name}.der"));
    std::fs::write(&sig, signature).unwrap();
    let out = path(&format!("{name}.out"));
    let _ = std::fs::remove_file(&out);
    let content_file = path(&format!("{name}.content"));
    let at = at_seconds();
    let mut args = vec![
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        s(&sig),
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
    args.extend(extra);
    (openssl(&args), out)
}

fn trust() -> PathBuf {
    path("trust.pem")
}

#[test]
fn openssl_accepts_our_detached_signature() {
    let sig = our_signature(true);
    let (o, out) = openssl_verify(
        "ours-detached",
        &sig,
        Some(&content()),
        &["-CAfile", s(&trust())],
    );
    ok(&o, "openssl cms -verify (detached)");
    assert_eq!(std::fs::read(out).unwrap(), content());
    // The negative control: openssl does check, and refuses other content.
    let mut other = content();
    other[0] ^= 1;
    let (o, _) = openssl_verify(
        "ours-detached-bad",
        &sig,
        Some(&other),
        &["-CAfile", s(&trust())],
    );
    assert!(!o.status.success(), "openssl accepted altered content");
    // And refuses a time after the certificate's notAfter.
    let late = (fixture().cert.not_after().unix_seconds() + 1).to_string();
    let (o, _) = openssl_verify(
        "ours-detached-late",
        &sig,
        Some(&content()),
        &["-CAfile", s(&trust()), "-attime", &late],
    );
    assert!(!o.status.success(), "openssl accepted an expired signer");
}

#[test]
fn openssl_accepts_our_attached_signature() {
    let sig = our_signature(false);
    let (o, out) = openssl_verify("ours-attached", &sig, None, &["-CAfile", s(&trust())]);
    ok(&o, "openssl cms -verify (attached)");
    assert_eq!(std::fs::read(out).unwrap(), content());
    // Its signed attributes as openssl reads them: ours, with the ESS reference.
    let printed = openssl(&[
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "DER",
        "-in",
        s(&path("ours-attached.der")),
    ]);
    ok(&printed, "openssl cms -cmsout -print");
    let text = String::from_utf8_lossy(&printed.stdout);
    for attribute in [
        "contentType",
        "messageDigest",
        "signingTime",
        "id-smime-aa-signingCertificateV2",
    ] {
        assert!(text.contains(attribute), "{attribute} missing:\n{text}");
    }
}

/// What `openssl cms -sign` is asked for.
#[derive(Clone, Copy, Debug)]
struct Mode {
    attached: bool,
    attributes: bool,
    pss: bool,
    cades: bool,
    /// `-stream`: BER with indefinite lengths.
    stream: bool,
}

impl Mode {
    fn name(self) -> String {
        format!(
            "openssl-{}-{}-{}{}{}",
            if self.attached {
                "attached"
            } else {
                "detached"
            },
            if self.attributes { "attrs" } else { "noattr" },
            if self.pss { "pss" } else { "pkcs1" },
            if self.cades { "-cades" } else { "" },
            if self.stream { "-stream" } else { "" },
        )
    }
}

fn openssl_sign(mode: Mode) -> Vec<u8> {
    let name = mode.name();
    let out = path(&format!("{name}.der"));
    let key = path("key.pem");
    let cert = path("cert.pem");
    let input = path("content.bin");
    let mut args = vec![
        "cms",
        "-sign",
        "-binary",
        "-md",
        "sha256",
        "-in",
        s(&input),
        "-signer",
        s(&cert),
        "-inkey",
        s(&key),
        "-outform",
        "DER",
        "-out",
        s(&out),
    ];
    if mode.attached {
        args.push("-nodetach");
    }
    if !mode.attributes {
        args.push("-noattr");
    }
    if mode.pss {
        args.extend(["-keyopt", "rsa_padding_mode:pss"]);
    }
    if mode.cades {
        args.push("-cades");
    }
    if mode.stream {
        args.push("-stream");
    }
    ok(&openssl(&args), &format!("openssl cms -sign ({name})"));
    std::fs::read(out).unwrap()
}

/// The index of the only occurrence of `needle` in `haystack`.
fn find_once(haystack: &[u8], needle: &[u8]) -> usize {
    let hits: Vec<usize> = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "expected exactly one occurrence");
    hits[0]
}

/// The signature value of the only SignerInfo, read with the `cms` crate.
fn signature_value(der: &[u8]) -> Vec<u8> {
    let ci = cms::content_info::ContentInfo::from_der(der).unwrap();
    let sd: cms::signed_data::SignedData = ci.content.decode_as().unwrap();
    let infos = sd.signer_infos.0.as_slice();
    assert_eq!(infos.len(), 1);
    infos[0].signature.as_bytes().to_vec()
}

/// A verifier trusting the fixture's roots, for signing certificates (the
/// default), revocation off.
fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        Verifier::builder()
            .trust_anchors(fixture().anchors.iter().cloned())
            .revocation(RevocationPolicy::default().with_mode(RevocationMode::Off))
            .build()
            .unwrap()
    })
}

/// `cms::verify` of `der`; the verifier's verdict must agree with it.
fn verify_ours(der: &[u8], detached_content: Option<&[u8]>) -> Result<VerifiedSignature, Error> {
    let result = SignedMessage::parse(der).and_then(|message| {
        verify(
            &message,
            detached_content,
            &fixture().anchors,
            &[],
            &options(),
        )
    });
    let verdict = verifier().verify(der, detached_content, None, at());
    match &result {
        Ok(v) => {
            assert!(verdict.is_valid(), "{:?}", verdict.error());
            assert_eq!(verdict.signature_details, Some(v.signature.clone()));
            assert_eq!(verdict.path.as_ref(), Some(&v.path));
            assert_eq!(verdict.revocation, Check::Off);
            assert_eq!(verdict.personal_info, Check::NotRun);
        }
        Err(e) => {
            assert_eq!(verdict.error(), Some(e));
            assert!(!verdict.is_valid());
        }
    }
    result
}

fn check_openssl_mode(mode: Mode) {
    let f = fixture();
    let der = openssl_sign(mode);
    let name = mode.name();
    let c = content();
    let given = (!mode.attached).then_some(c.as_slice());

    // Accepted, with what openssl wrote.
    let message = SignedMessage::parse(&der)
        .unwrap_or_else(|e| panic!("{name}: our parser refused openssl's output: {e:?}"));
    assert_eq!(message.is_detached(), !mode.attached, "{name}");
    if mode.attached {
        assert_eq!(message.content(), Some(c.as_slice()), "{name}");
    }
    let v = verify_ours(&der, given).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(v.signature.signer.der(), f.cert.der(), "{name}");
    assert_eq!(v.signature.signed_attributes, mode.attributes, "{name}");
    assert_eq!(v.signature.digest, HashAlgorithm::Sha256, "{name}");
    assert!(!v.signature.legacy, "{name}");
    // openssl stamps the real signing time; we only check it is there.
    assert_eq!(
        v.signature.signing_time.is_some(),
        mode.attributes,
        "{name}"
    );
    match v.signature.scheme {
        SignatureScheme::Pss { hash, .. } => {
            assert!(mode.pss, "{name}: PSS reported for PKCS#1 v1.5");
            assert_eq!(hash, HashAlgorithm::Sha256, "{name}");
        }
        SignatureScheme::Pkcs1v15(hash) => {
            assert!(!mode.pss, "{name}: PKCS#1 v1.5 reported for PSS");
            assert_eq!(hash, HashAlgorithm::Sha256, "{name}");
        }
        other => panic!("{name}: unexpected scheme {other:?}"),
    }
    assert_eq!(
        message.signers()[0].signing_certificate().is_some(),
        mode.cades,
        "{name}"
    );
    assert_eq!(v.path.anchor().subject(), f.cert.issuer(), "{name}");

    // One byte of the content changed.
    let content_error = |e: &Error| {
        if mode.attributes {
            matches!(e, Error::CmsDigestMismatch)
        } else {
            matches!(e, Error::BadSignature { what: "content" })
        }
    };
    let mut altered = c.clone();
    altered[3] ^= 0x01;
    let err = if mode.attached {
        let mut bad = der.clone();
        let i = find_once(&bad, &c);
        bad[i + 3] ^= 0x01;
        verify_ours(&bad, None).unwrap_err()
    } else {
        verify_ours(&der, Some(&altered)).unwrap_err()
    };
    assert!(content_error(&err), "{name}: content altered: {err:?}");

    // One byte of the signature changed.
    let signature = signature_value(&der);
    let mut bad = der.clone();
    let i = find_once(&bad, &signature);
    bad[i + signature.len() / 2] ^= 0x01;
    let err = verify_ours(&bad, given).unwrap_err();
    let expected_what = if mode.attributes {
        "signed attributes"
    } else {
        "content"
    };
    assert!(
        matches!(err, Error::BadSignature { what } if what == expected_what),
        "{name}: signature altered: {err:?}"
    );
}

#[test]
fn we_verify_openssl_detached_with_signed_attributes() {
    check_openssl_mode(Mode {
        attached: false,
        attributes: true,
        pss: false,
        cades: false,
        stream: false,
    });
}

#[test]
fn we_verify_openssl_attached_with_signed_attributes() {
    check_openssl_mode(Mode {
        attached: true,
        attributes: true,
        pss: false,
        cades: false,
        stream: false,
    });
}

#[test]
fn we_verify_openssl_detached_without_signed_attributes() {
    check_openssl_mode(Mode {
        attached: false,
        attributes: false,
        pss: false,
        cades: false,
        stream: false,
    });
}

#[test]
fn we_verify_openssl_attached_without_signed_attributes() {
    check_openssl_mode(Mode {
        attached: true,
        attributes: false,
        pss: false,
        cades: false,
        stream: false,
    });
}

#[test]
fn we_verify_openssl_pss_detached_and_attached() {
    for attached in [false, true] {
        for attributes in [true, false] {
            check_openssl_mode(Mode {
                attached,
                attributes,
                pss: true,
                cades: false,
                stream: false,
            });
        }
    }
}

#[test]
fn we_verify_openssl_cades_with_signing_certificate_v2() {
    for attached in [false, true] {
        check_openssl_mode(Mode {
            attached,
            attributes: true,
            pss: false,
            cades: true,
            stream: false,
        });
    }
}

#[test]
fn openssl_and_we_each_accept_our_own_attached_signatures() {
    // Our attached signature, re-verified by openssl and by us; openssl's attached
    // signature verified by openssl itself (sanity of the openssl invocation).
    let ours = our_signature(false);
    verify_ours(&ours, None).unwrap();
    let theirs = openssl_sign(Mode {
        attached: true,
        attributes: true,
        pss: false,
        cades: false,
        stream: false,
    });
    let (o, out) = openssl_verify("theirs-self", &theirs, None, &["-CAfile", s(&trust())]);
    ok(&o, "openssl cms -verify of its own signature");
    assert_eq!(std::fs::read(out).unwrap(), content());
}

#[test]
fn openssl_streamed_ber_is_refused_as_malformed_der() {
    // `-stream` writes BER with indefinite lengths; the parser is strict DER (the
    // signed attributes must be hashed as received) and says so, without panicking.
    for attached in [false, true] {
        let ber = openssl_sign(Mode {
            attached,
            attributes: true,
            pss: false,
            cades: false,
            stream: true,
        });
        assert_eq!(&ber[..2], [0x30, 0x80], "openssl no longer streams BER");
        let err = SignedMessage::parse(&ber).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Decode {
                    what: "CMS ContentInfo",
                    ..
                }
            ),
            "{err:?}"
        );
        // The verifier says the same of the signature, and checks nothing else.
        let c = content();
        let verdict = verifier().verify(&ber, (!attached).then_some(c.as_slice()), None, at());
        assert_eq!(verdict.signature, Check::Failed(err));
        assert_eq!(verdict.certificate, Check::NotRun);
        assert!(!verdict.is_valid());
    }
}
