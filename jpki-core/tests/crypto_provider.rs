//! The signature-verification providers give the same answer: RSA keys and
//! signatures made by OpenSSL (`tests/crypto/vectors.txt`, from `make_vectors.sh`:
//! 1024/2048/4096-bit keys with e = 65537 and a 3072-bit key with e = 3; PKCS#1 v1.5
//! with SHA-1/256/384/512; PSS with salt 0, the hash length and the maximum), the
//! real J-LIS CA certificates' self-signatures, and simulator signatures. Every good
//! signature verifies and every tampered one fails under [`RustCrypto`] and, with
//! feature `ring`, under `Ring` too; a non-RSA key is `UnsupportedKey` under both.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;

use der::{Decode, Encode};
use jpki::Error;
use jpki::crypto::{
    HashAlgorithm, PreparedKey, Provider, RustCrypto, SignatureScheme, default_provider,
};

fn providers() -> Vec<&'static dyn Provider> {
    #[allow(unused_mut)]
    let mut all: Vec<&'static dyn Provider> = vec![&RustCrypto];
    #[cfg(feature = "ring")]
    all.push(&jpki::crypto::Ring);
    all
}

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hash(name: &str) -> HashAlgorithm {
    match name {
        "sha1" => HashAlgorithm::Sha1,
        "sha256" => HashAlgorithm::Sha256,
        "sha384" => HashAlgorithm::Sha384,
        "sha512" => HashAlgorithm::Sha512,
        other => panic!("unknown hash {other}"),
    }
}

struct Vectors {
    message: Vec<u8>,
    keys: HashMap<String, Vec<u8>>,
    /// (key name, scheme, signature)
    sigs: Vec<(String, SignatureScheme, Vec<u8>)>,
}

fn vectors() -> Vectors {
    let text = include_str!("crypto/vectors.txt");
    let mut v = Vectors {
        message: Vec::new(),
        keys: HashMap::new(),
        sigs: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split(' ').collect();
        match f[0] {
            "message" => v.message = hex(f[1]),
            "key" => {
                v.keys.insert(f[1].to_owned(), hex(f[2]));
            }
            "sig" => {
                let scheme = match f[2] {
                    "pkcs1" => SignatureScheme::Pkcs1v15(hash(f[3])),
                    "pss" => SignatureScheme::Pss {
                        hash: hash(f[3]),
                        salt_len: f[4].parse().unwrap(),
                    },
                    other => panic!("unknown padding {other}"),
                };
                v.sigs.push((f[1].to_owned(), scheme, hex(f[5])));
            }
            other => panic!("unknown line {other}"),
        }
    }
    assert!(!v.message.is_empty());
    assert_eq!(v.keys.len(), 4);
    assert!(v.sigs.len() >= 60, "{} signatures", v.sigs.len());
    v
}

/// `Ok`, `BadSignature` or `UnsupportedKey`, as a short string to compare.
fn outcome(r: Result<(), Error>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(Error::BadSignature {
            what: "test object",
        }) => "bad",
        Err(Error::UnsupportedKey { .. }) => "unsupported",
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

/// Verifies under every provider and checks that they agree; returns the answer.
fn verify_all(
    keys: &[PreparedKey],
    scheme: SignatureScheme,
    message: &[u8],
    sig: &[u8],
) -> &'static str {
    let answers: Vec<&str> = keys
        .iter()
        .map(|k| outcome(k.verify(scheme, message, sig, "test object")))
        .collect();
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "providers disagree on {scheme}: {answers:?} ({keys:?})"
    );
    answers[0]
}

fn prepare_all(spki: &[u8]) -> Vec<PreparedKey> {
    providers()
        .iter()
        .map(|p| p.prepare(spki).unwrap())
        .collect()
}

fn flip_last(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    *b.last_mut().unwrap() ^= 0x01;
    b
}

#[test]
fn openssl_signatures_verify_alike_and_tampering_fails_alike() {
    let v = vectors();
    let prepared: HashMap<&str, Vec<PreparedKey>> = v
        .keys
        .iter()
        .map(|(name, spki)| (name.as_str(), prepare_all(spki)))
        .collect();
    let mut checked = 0;
    for (key, scheme, sig) in &v.sigs {
        let keys = &prepared[key.as_str()];
        assert_eq!(
            verify_all(keys, *scheme, &v.message, sig),
            "ok",
            "{key} {scheme}"
        );
        assert_eq!(
            verify_all(keys, *scheme, &flip_last(&v.message), sig),
            "bad"
        );
        assert_eq!(
            verify_all(keys, *scheme, &v.message, &flip_last(sig)),
            "bad"
        );
        let mut first = sig.clone();
        first[0] ^= 0x80;
        assert_eq!(verify_all(keys, *scheme, &v.message, &first), "bad");
        // A signature one byte short (leading byte dropped), or empty, or all ones (≥ n).
        assert_eq!(verify_all(keys, *scheme, &v.message, &sig[1..]), "bad");
        assert_eq!(verify_all(keys, *scheme, &v.message, &[]), "bad");
        assert_eq!(
            verify_all(keys, *scheme, &v.message, &vec![0xff; sig.len()]),
            "bad"
        );
        // The same signature read under a different scheme fails.
        let other = match *scheme {
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256) => {
                SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512)
            }
            SignatureScheme::Pkcs1v15(_) => SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
            SignatureScheme::Pss { hash, salt_len } => SignatureScheme::Pss {
                hash,
                salt_len: salt_len + 1,
            },
            _ => unreachable!(),
        };
        assert_eq!(verify_all(keys, other, &v.message, sig), "bad", "{other}");
        // The signature under another key fails.
        for (other_key, others) in &prepared {
            if other_key != key {
                assert_eq!(verify_all(others, *scheme, &v.message, sig), "bad");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, v.sigs.len());
}

#[test]
fn jlis_ca_self_signatures_verify_alike() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jlis");
    let mut seen = 0;
    for name in [
        "auth_ca_2015.pem",
        "auth_ca_2023.pem",
        "sign_ca_2015.pem",
        "sign_ca_2023.pem",
    ] {
        let pem = std::fs::read(format!("{dir}/{name}")).unwrap();
        let der = jpki::pem::decode_label(&pem, "CERTIFICATE")
            .unwrap()
            .remove(0);
        let cert = x509_cert::Certificate::from_der(&der).unwrap();
        let tbs = cert.tbs_certificate().to_der().unwrap();
        let spki = cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap();
        let sig = cert.signature().raw_bytes();
        let keys = prepare_all(&spki);
        let scheme = SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256);
        assert_eq!(verify_all(&keys, scheme, &tbs, sig), "ok", "{name}");
        assert_eq!(verify_all(&keys, scheme, &flip_last(&tbs), sig), "bad");
        assert_eq!(verify_all(&keys, scheme, &tbs, &flip_last(sig)), "bad");
        seen += 1;
    }
    assert_eq!(seen, 4);
}

#[cfg(feature = "sim")]
#[test]
fn simulator_signatures_verify_alike() {
    let key = jpki::sim::SimKey::generate(2048).unwrap();
    let keys = prepare_all(&key.public_key_der().unwrap());
    let message = b"application form";
    for scheme in [
        SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
        SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384),
        SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512),
        SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1),
        SignatureScheme::Pss {
            hash: HashAlgorithm::Sha256,
            salt_len: 32,
        },
        SignatureScheme::Pss {
            hash: HashAlgorithm::Sha512,
            salt_len: 10,
        },
        SignatureScheme::Pss {
            hash: HashAlgorithm::Sha1,
            salt_len: 20,
        },
    ] {
        let sig = key.sign(scheme, message).unwrap();
        assert_eq!(verify_all(&keys, scheme, message, &sig), "ok", "{scheme}");
        assert_eq!(verify_all(&keys, scheme, b"application forn", &sig), "bad");
        assert_eq!(verify_all(&keys, scheme, message, &flip_last(&sig)), "bad");
    }
}

#[test]
fn non_rsa_and_malformed_keys_are_unsupported_alike() {
    // A P-256 SubjectPublicKeyInfo made by OpenSSL: supported (tests/ecdsa.rs).
    let ec = hex(
        "3059301306072a8648ce3d020106082a8648ce3d03010703420004fedd5972db0bcddf0495181b298f\
         22d220017702ba3205b80e21ee3d09406d3de0ed75b7ec1d4908bc6450bf9fd8e943736e4645ef22ce\
         8de7f5772dc4c6590a",
    );
    // The same bytes under id-dsa (1.2.840.10040.4.1) instead of id-ecPublicKey:
    // DSA stays unsupported.
    let mut dsa = ec.clone();
    dsa[9..13].copy_from_slice(&[0xce, 0x38, 0x04, 0x01]);
    // The point with one octet changed: off the curve.
    let mut off_curve = ec.clone();
    let last = off_curve.len() - 1;
    off_curve[last] ^= 1;
    let v = vectors();
    let mut truncated = v.keys["k2048"].clone();
    truncated.truncate(100);
    for provider in providers() {
        assert!(provider.prepare(&ec).is_ok(), "{}", provider.name());
        for spki in [&dsa[..], &off_curve[..], &truncated[..], &[], &[0x30, 0x00]] {
            assert!(
                matches!(provider.prepare(spki), Err(Error::UnsupportedKey { .. })),
                "{} took {spki:02x?}",
                provider.name()
            );
        }
    }
}

#[test]
fn prepared_keys_are_shareable_and_the_default_is_pure_rust() {
    fn shareable<T: Send + Sync + Clone + core::fmt::Debug + 'static>() {}
    shareable::<PreparedKey>();
    assert_eq!(default_provider().name(), "rustcrypto");
    let names: Vec<&str> = providers().iter().map(|p| p.name()).collect();
    #[cfg(feature = "ring")]
    assert_eq!(names, ["rustcrypto", "ring"]);
    #[cfg(not(feature = "ring"))]
    assert_eq!(names, ["rustcrypto"]);

    // One prepared key, cloned into threads, verifies there.
    let v = vectors();
    let (key, scheme, sig) = v.sigs.iter().find(|(k, ..)| k == "k2048").unwrap();
    for provider in providers() {
        let prepared = provider.prepare(&v.keys[key.as_str()]).unwrap();
        std::thread::scope(|s| {
            for _ in 0..4 {
                let k = prepared.clone();
                let (message, sig) = (&v.message, sig);
                s.spawn(move || k.verify(*scheme, message, sig, "test object").unwrap());
            }
        });
    }
}
