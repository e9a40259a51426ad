//! `jpki cert verify` (bare path validation with revocation), broken revocation
//! inputs as input errors, the simulator's partitions and `--kind` with `--card`,
//! and `RUST_LOG`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

/// One hour, then two hours after `AT`.
const LATER: &str = "2026-11-21T11:00:00+09:00";
const LATER2: &str = "2026-11-21T12:00:00+09:00";

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn both(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// `jpki sim crl STATE -o OUT --at at` plus `extra`.
fn crl(state: &Path, out: &Path, at: &str, extra: &[&str]) {
    let mut args = vec!["sim", "crl", s(state), "-o", s(out), "--at", at];
    args.extend_from_slice(extra);
    let o = jpki(&args);
    assert_eq!(code(&o), Some(0), "sim crl: {}", stderr(&o));
}

fn cert_verify(cert: &Path, trust: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["cert", "verify", s(cert), "--trust", s(trust)];
    args.extend_from_slice(extra);
    jpki(&args)
}

#[test]
fn cert_verify_good_then_revoked_after_a_move_and_hard_fail_without_data() {
    let (state, cert) = authority_with_cert("cert-verify");
    let dir = state.parent().unwrap().to_path_buf();
    let trust = state.join("trust.pem");
    let before = dir.join("before.crl");
    crl(&state, &before, AT, &[]);

    // Good: the path and the partition CRL.
    let o = cert_verify(&cert, &trust, &["--crl", s(&before), "--at", AT]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    assert!(stdout(&o).contains("=> VALID"), "{}", stdout(&o));
    assert!(stdout(&o).contains("good"), "{}", stdout(&o));
    let o = cert_verify(&cert, &trust, &["--crl", s(&before), "--at", AT, "--json"]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["usage"], "signing", "{v}");

    // No revocation data: hard fail (the default) is invalid; soft and off are
    // accepted and say so.
    let o = cert_verify(&cert, &trust, &["--at", AT]);
    assert_eq!(code(&o), Some(1), "{}", both(&o));
    assert!(
        stdout(&o).contains("no revocation information"),
        "{}",
        stdout(&o)
    );
    let o = cert_verify(&cert, &trust, &["--at", AT, "--revocation", "soft"]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    assert!(stdout(&o).contains("soft_failed"), "{}", stdout(&o));
    let o = cert_verify(&cert, &trust, &["--at", AT, "--revocation", "off"]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    assert!(stdout(&o).contains("unchecked"), "{}", stdout(&o));

    // The register reports a move: the next CRL revokes the certificate.
    let o = jpki(&[
        "sim",
        "event",
        s(&state),
        "--serial",
        "0x01000000",
        "move",
        "--at",
        LATER,
    ]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let after = dir.join("after.crl");
    crl(&state, &after, LATER2, &[]);
    let o = cert_verify(&cert, &trust, &["--crl", s(&after), "--at", LATER2]);
    assert_eq!(code(&o), Some(1), "{}", both(&o));
    assert!(stdout(&o).contains("=> INVALID"), "{}", stdout(&o));
    assert!(stdout(&o).contains("affiliationChanged"), "{}", stdout(&o));
    let o = cert_verify(
        &cert,
        &trust,
        &["--crl", s(&after), "--at", LATER2, "--json"],
    );
    assert_eq!(code(&o), Some(1), "{}", both(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["valid"], false, "{v}");
    assert!(v.to_string().contains("revoked"), "{v}");

    // A signing certificate is not an authentication certificate.
    let o = cert_verify(
        &cert,
        &trust,
        &["--crl", s(&before), "--at", AT, "--usage", "auth"],
    );
    assert_eq!(code(&o), Some(1), "{}", both(&o));
}

#[test]
fn cert_verify_an_authentication_certificate_with_usage_auth() {
    let (state, _) = authority_with_cert("cert-verify-auth");
    let dir = state.parent().unwrap().to_path_buf();
    let trust = state.join("trust.pem");
    let auth = dir.join("auth.pem");
    let o = issue(&state, &auth, TAKAHASHI, &["--kind", "auth"]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let auth_crl = dir.join("auth.crl");
    crl(&state, &auth_crl, AT, &["--kind", "auth"]);
    let o = cert_verify(
        &auth,
        &trust,
        &["--crl", s(&auth_crl), "--at", AT, "--usage", "auth"],
    );
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    // The default usage is signing: an authentication certificate has no
    // nonRepudiation.
    let o = cert_verify(&auth, &trust, &["--crl", s(&auth_crl), "--at", AT]);
    assert_eq!(code(&o), Some(1), "{}", both(&o));
    assert!(stdout(&o).contains("nonRepudiation"), "{}", stdout(&o));
}

fn jlis_roots(dir: &Path) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../jpki-core/tests/jlis");
    let mut bundle = String::new();
    for name in [
        "sign_ca_2015",
        "sign_ca_2023",
        "auth_ca_2015",
        "auth_ca_2023",
    ] {
        bundle.push_str(&std::fs::read_to_string(fixtures.join(format!("{name}.pem"))).unwrap());
    }
    let path = dir.join("jlis-roots.pem");
    std::fs::write(&path, bundle).unwrap();
    path
}

#[test]
fn cert_verify_with_the_real_jlis_roots() {
    let (state, cert) = authority_with_cert("cert-verify-jlis");
    let dir = state.parent().unwrap().to_path_buf();
    let roots = jlis_roots(&dir);
    let crl_file = dir.join("s.crl");
    crl(&state, &crl_file, AT, &[]);

    // The real roots load as trust anchors; a simulator certificate does not
    // chain to them (same DN, other keys: matched by key id, never by DN).
    let o = cert_verify(&cert, &roots, &["--crl-first", "--at", AT]);
    assert_eq!(code(&o), Some(1), "{}", both(&o));
    assert!(stdout(&o).contains("no trusted issuer"), "{}", stdout(&o));
    // A CRL signed by a CA the verifier does not know is refused as input.
    let o = cert_verify(&cert, &roots, &["--crl", s(&crl_file), "--at", AT]);
    assert_eq!(code(&o), Some(2), "{}", both(&o));

    // With the real roots and the simulator's together, the right one is chosen.
    let o = cert_verify(
        &cert,
        &roots,
        &[
            "--trust",
            s(&state.join("trust.pem")),
            "--crl",
            s(&crl_file),
            "--at",
            AT,
        ],
    );
    assert_eq!(code(&o), Some(0), "{}", both(&o));

    // A root is a trust anchor, not a certificate to validate for a usage.
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../jpki-core/tests/jlis/sign_ca_2023.pem");
    let o = cert_verify(&root, &roots, &["--usage", "any", "--at", AT]);
    assert_eq!(code(&o), Some(1), "{}", both(&o));
    assert!(stdout(&o).contains("is a CA"), "{}", stdout(&o));
}

/// A card issued at `AT` with the signing password TARO1950, and a detached
/// signature of `form.txt` made with it.
fn signed_form(dir: &Path, state: &Path) -> (PathBuf, PathBuf) {
    let card = dir.join("card.json");
    let o = issue_card(state, &card, TAKAHASHI, "TARO1950", &[]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let (o, form, sig) = sign_form(dir, &card, "口座開設申込書\n", "TARO1950");
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    (form, sig)
}

#[test]
fn a_broken_crl_is_an_input_error_under_every_revocation_mode() {
    let (state, cert) = authority_with_cert("broken-crl");
    let dir = state.parent().unwrap().to_path_buf();
    let trust = state.join("trust.pem");
    let (form, sig) = signed_form(&dir, &state);
    let good = dir.join("good.crl");
    crl(&state, &good, AT, &[]);
    let bytes = std::fs::read(&good).unwrap();

    let broken: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.crl", b"not a CRL at all\n".to_vec()),
        ("truncated.crl", bytes[..bytes.len() / 2].to_vec()),
        ("empty.crl", Vec::new()),
        ("flipped.crl", {
            // The signature no longer verifies.
            let mut b = bytes.clone();
            let last = b.len() - 1;
            b[last] ^= 0x01;
            b
        }),
        ("certificate.crl", std::fs::read(&cert).unwrap()),
    ];
    for (name, content) in &broken {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        for mode in ["hard", "soft", "off"] {
            let o = cert_verify(
                &cert,
                &trust,
                &["--crl", s(&path), "--revocation", mode, "--at", AT],
            );
            assert_eq!(code(&o), Some(2), "cert verify {name} {mode}: {}", both(&o));
            assert!(
                stderr(&o).contains("expected a CRL"),
                "{name} {mode}: {}",
                stderr(&o)
            );
            let o = jpki(&[
                "verify",
                s(&sig),
                "--content",
                s(&form),
                "--trust",
                s(&trust),
                "--crl",
                s(&path),
                "--revocation",
                mode,
                "--at",
                AT,
            ]);
            assert_eq!(code(&o), Some(2), "verify {name} {mode}: {}", both(&o));
            assert!(o.stdout.is_empty(), "no verdict printed: {}", stdout(&o));
        }
    }
    // The good CRL still gives a verdict.
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&form),
        "--trust",
        s(&trust),
        "--crl",
        s(&good),
        "--at",
        AT,
    ]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));

    // Wrong files say what was expected.
    let o = cert_verify(&cert, &good, &["--at", AT]);
    assert_eq!(code(&o), Some(2), "{}", both(&o));
    assert!(
        stderr(&o).contains("expected a certificate (DER) or a PEM bundle of certificates"),
        "{}",
        stderr(&o)
    );
    let o = cert_verify(&good, &trust, &["--at", AT]);
    assert_eq!(code(&o), Some(2), "{}", both(&o));
    assert!(
        stderr(&o).contains("expected a certificate"),
        "{}",
        stderr(&o)
    );
    let o = jpki(&["crl", "show", s(&cert)]);
    assert_eq!(code(&o), Some(2), "{}", both(&o));
    assert!(stderr(&o).contains("expected a CRL"), "{}", stderr(&o));
    let o = jpki(&["verify", s(&good), "--trust", s(&trust), "--at", AT]);
    assert_eq!(code(&o), Some(2), "{}", both(&o));
    assert!(
        stderr(&o).contains("expected a CMS signature"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn sim_issue_card_writes_the_certificate_kind_asks_for() {
    let (state, _) = authority_with_cert("card-kind");
    let dir = state.parent().unwrap().to_path_buf();
    for (kind, expected) in [("auth", "authentication"), ("sign", "signing")] {
        let out = dir.join(format!("{kind}.pem"));
        let card = dir.join(format!("{kind}-card.json"));
        let o = issue_card(
            &state,
            &card,
            TAKAHASHI,
            "TARO1950",
            &["--kind", kind, "--out", s(&out)],
        );
        assert_eq!(code(&o), Some(0), "{kind}: {}", both(&o));
        let o = jpki(&["cert", "show", s(&out), "--json"]);
        assert_eq!(code(&o), Some(0), "{}", both(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["kind"], expected, "{kind}: {v}");
    }
}

#[test]
fn sim_list_shows_partitions_and_sim_crl_names_them_when_one_must_be_chosen() {
    let (state, _) = authority_with_cert("partitions");
    let dir = state.parent().unwrap().to_path_buf();
    let o = issue(
        &state,
        &dir.join("osaka.pem"),
        [
            "佐藤 花子",
            "1980-02-03",
            "female",
            "大阪府大阪市北区中之島1丁目3番20号",
        ],
        &[],
    );
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let o = jpki(&["sim", "list", s(&state)]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let out = stdout(&o);
    assert!(out.contains("Tokyo-to/千代田区"), "{out}");
    assert!(out.contains("Osaka-fu/大阪市北区"), "{out}");
    assert!(out.contains("CRL partitions"), "{out}");

    let o = jpki(&[
        "sim",
        "crl",
        s(&state),
        "-o",
        s(&dir.join("x.crl")),
        "--at",
        AT,
    ]);
    assert_eq!(code(&o), Some(2), "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("--partition"), "{err}");
    assert!(err.contains("Tokyo-to/千代田区"), "{err}");
    assert!(err.contains("Osaka-fu/大阪市北区"), "{err}");
    let o = jpki(&[
        "sim",
        "crl",
        s(&state),
        "-o",
        s(&dir.join("x.crl")),
        "--at",
        AT,
        "--partition",
        "Osaka-fu/大阪市北区",
    ]);
    assert_eq!(code(&o), Some(0), "{}", both(&o));
}

#[test]
fn rust_log_turns_on_the_library_log_and_it_holds_no_secret() {
    let (state, _) = authority_with_cert("rust-log");
    let dir = state.parent().unwrap().to_path_buf();
    let (form, _) = signed_form(&dir, &state);
    let card = dir.join("card.json");
    let run = |log: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jpki"));
        cmd.args([
            "sign",
            "--sim",
            s(&card),
            s(&form),
            "-o",
            s(&dir.join("again.p7s")),
            "--pin-env",
            "T_SIGN",
            "--at",
            AT,
        ])
        .env("T_SIGN", "TARO1950")
        .env_remove("RUST_LOG");
        if let Some(log) = log {
            cmd.env("RUST_LOG", log);
        }
        cmd.output().unwrap()
    };
    let quiet = run(None);
    assert_eq!(code(&quiet), Some(0), "{}", both(&quiet));
    assert!(!stderr(&quiet).contains("jpki::card"), "{}", stderr(&quiet));
    let o = run(Some("jpki=debug"));
    assert_eq!(code(&o), Some(0), "{}", both(&o));
    let err = stderr(&o);
    assert!(err.contains("jpki::card"), "{err}");
    assert!(err.contains("VERIFY"), "{err}");
    let upper = err.to_uppercase().replace(' ', "");
    assert!(!upper.contains("TARO1950"), "{err}");
    assert!(!upper.contains("5441524F31393530"), "{err}");
}
