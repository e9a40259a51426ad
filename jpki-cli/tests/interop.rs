//! Simulator certificates against other tools: `openssl x509 -text` parses them and
//! pkilint's `lint_pkix_cert` reports no ERROR or FATAL finding. Both tools are
//! required: a missing tool fails the test (the README's test command installs them).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::process::Command;

use common::*;

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is required for this test and could not be run ({e}); run the README's test command, which installs it")
    })
}

fn certificates(name: &str) -> Vec<std::path::PathBuf> {
    let (state, sign) = authority_with_cert(name);
    let auth = state.join("auth.pem");
    let o = issue(
        &state,
        &auth,
        [
            "吉田 花子",
            "1980-01-02",
            "female",
            "北海道札幌市南区真駒内1条1丁目",
        ],
        &["--kind", "auth"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut out = vec![sign, auth];
    let anchors =
        jpki::Certificate::parse_all(&std::fs::read(state.join("trust.pem")).unwrap()).unwrap();
    assert_eq!(anchors.len(), 4);
    for (i, ca) in anchors.iter().enumerate() {
        let p = state.join(format!("ca-{i}.pem"));
        std::fs::write(&p, ca.to_pem()).unwrap();
        out.push(p);
    }
    out
}

#[test]
fn openssl_parses_simulator_certificates() {
    for cert in certificates("openssl") {
        let o = tool("openssl", &["x509", "-in", s(&cert), "-noout", "-text"]);
        assert!(
            o.status.success(),
            "openssl x509 {}: {}",
            cert.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("sha256WithRSAEncryption"), "{text}");
        assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
        if cert.ends_with("sign.pem") {
            assert!(
                text.contains("Digital Signature, Non Repudiation"),
                "{text}"
            );
            assert!(
                text.contains("othername: 1.2.392.200149.8.5.5.1::高橋　吉郎"),
                "{text}"
            );
            assert!(
                text.contains("othername: 1.2.392.200149.8.5.5.4::319500401"),
                "{text}"
            );
            assert!(
                text.contains("Not After : Apr  1 14:59:59 2031 GMT"),
                "{text}"
            );
        }
    }
}

#[test]
fn pkilint_reports_no_error() {
    for cert in certificates("pkilint") {
        let o = tool(
            "lint_pkix_cert",
            &["lint", "-s", "ALL", "-f", "JSON", s(&cert)],
        );
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "lint_pkix_cert gave no JSON for {} ({e}): {}",
                cert.display(),
                String::from_utf8_lossy(&o.stderr)
            )
        });
        let results = report["results"].as_array().expect("results");
        assert!(
            results.len() > 20,
            "pkilint ran too few validators on {}",
            cert.display()
        );
        let bad: Vec<String> = results
            .iter()
            .flat_map(|r| {
                r["finding_descriptions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |f| (r["validator"].to_string(), f))
            })
            .filter(|(_, f)| matches!(f["severity"].as_str(), Some("ERROR" | "FATAL")))
            .map(|(v, f)| format!("{v}: {f}"))
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", cert.display());
    }
}
