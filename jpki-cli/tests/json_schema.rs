//! The JSON contract, schema version 1: every `--json` document of the `jpki`
//! commands, run on a simulated authority and card, has its key paths pinned
//! here in order (`checks.signature.result`, `path[].serial`…). Every document
//! carries `schema_version`; a verdict starts with `valid`, then
//! `schema_version`; every `serial` is `0x` hex with an even number of lowercase
//! digits; no key is `serial_hex`; no value is `null`; every key is snake_case.
//!
//! Changing a pinned list means changing the contract: only additions are
//! allowed within a schema version (README, "JSON output").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{jpki, jpki_env, s, scratch, sign_form, stderr, stdout};
use serde_json::Value;

/// The schema version this test pins.
const SCHEMA_VERSION: u64 = 1;

/// The JSON document on `o`'s standard output, after checking the exit code.
fn document(o: &Output, code: i32) -> Value {
    assert_eq!(o.status.code(), Some(code), "{}\n{}", stdout(o), stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Every key path of `v` in order of first appearance: `a`, `a.b`, `list[].c`.
fn key_paths(v: &Value) -> Vec<String> {
    fn walk(v: &Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(members) => {
                for (key, child) in members {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    if !out.contains(&path) {
                        out.push(path.clone());
                    }
                    walk(child, &path, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{prefix}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

/// The rules every document follows, whatever its command.
fn check_rules(what: &str, v: &Value, verdict: Option<bool>) {
    let keys: Vec<&String> = v.as_object().expect("an object").keys().collect();
    match verdict {
        Some(valid) => {
            assert_eq!(keys.first().map(|k| k.as_str()), Some("valid"), "{what}");
            assert_eq!(v["valid"], valid, "{what}: {v:#}");
            assert_eq!(
                keys.get(1).map(|k| k.as_str()),
                Some("schema_version"),
                "{what}"
            );
        }
        None => {
            assert_eq!(
                keys.first().map(|k| k.as_str()),
                Some("schema_version"),
                "{what}"
            );
            assert!(v.get("valid").is_none(), "{what}");
        }
    }
    assert_eq!(v["schema_version"], SCHEMA_VERSION, "{what}");
    fn walk(what: &str, v: &Value) {
        match v {
            Value::Null => panic!("{what}: null"),
            Value::Object(members) => {
                for (key, child) in members {
                    assert!(
                        !key.is_empty()
                            && key.starts_with(|c: char| c.is_ascii_lowercase())
                            && key
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                        "{what}: key {key:?} is not snake_case"
                    );
                    assert_ne!(key, "serial_hex", "{what}");
                    if key == "serial" {
                        let text = child.as_str().unwrap_or_else(|| panic!("{what}: {child}"));
                        let hex = text.strip_prefix("0x").unwrap_or("");
                        assert!(
                            !hex.is_empty()
                                && hex.len() % 2 == 0
                                && hex
                                    .chars()
                                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
                            "{what}: serial {text:?} is not 0x hex"
                        );
                    }
                    walk(what, child);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(what, i)),
            _ => {}
        }
    }
    walk(what, v);
}

/// Checks `v` against the rules and its key paths against `pinned`.
fn pin(what: &str, v: &Value, verdict: Option<bool>, pinned: &[&str]) {
    check_rules(what, v, verdict);
    let actual = key_paths(v);
    let pinned: Vec<String> = pinned.iter().map(|p| (*p).to_owned()).collect();
    assert_eq!(
        actual, pinned,
        "{what}: the key paths changed (a change of the JSON contract)\n{v:#}"
    );
}

/// `paths` under `prefix`: `holder` + `name` = `holder.name`.
fn under(prefix: &str, paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| format!("{prefix}.{p}")).collect()
}

/// Joins pinned pieces into one list.
fn pinned(pieces: &[&[String]]) -> Vec<String> {
    pieces.concat()
}

fn own(paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

fn as_strs(paths: &[String]) -> Vec<&str> {
    paths.iter().map(String::as_str).collect()
}

/// A field match whose `result` is `mismatch` (birth date, sex): the field and
/// both whole values, and the message.
const MISMATCH: &[&str] = &["result", "match", "field", "expected", "found", "message"];

/// A name or address mismatch: also where the values first differ.
const MISMATCH_WITH_POSITION: &[&str] = &[
    "result", "match", "field", "expected", "found", "position", "message",
];

/// The 4 basic info of 𠮷田 太郎 (one substitute character in the name, none in
/// the address, no other field): `holder` of `verify`, `personal_info` of `cert
/// show` and `sim issue`.
const PERSONAL_INFO: &[&str] = &[
    "name",
    "surname",
    "given_name",
    "name_substitutes",
    "name_substituted",
    "name_substituted[].index",
    "name_substituted[].char",
    "birth_date",
    "birth_date.iso",
    "birth_date.japanese",
    "birth_date.era",
    "birth_date.era_code",
    "birth_date.certificate_form",
    "sex",
    "sex_code",
    "address",
    "address_substitutes",
    "address_substituted",
    "other_fields",
];

/// A certificate's identity: `signer` of `verify`, `certificate` of `cert verify`.
const CERTIFICATE_SUMMARY: &[&str] = &[
    "subject",
    "issuer",
    "serial",
    "kind",
    "not_before",
    "not_after",
];

/// `jpki sim ocsp-serve` on a free loopback port, killed when dropped.
struct Responder(Child);

impl Responder {
    /// Starts the responder for `state` and returns it with its base URL.
    fn start(state: &Path) -> (Self, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jpki"))
            .args([
                "sim",
                "ocsp-serve",
                s(state),
                "--listen",
                "127.0.0.1:0",
                "--max-requests",
                "1",
                "--seconds",
                "60",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn jpki sim ocsp-serve");
        let out = child.stdout.take().expect("stdout");
        let responder = Self(child);
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = send.send(line);
        });
        let line = receive
            .recv_timeout(Duration::from_secs(30))
            .expect("jpki sim ocsp-serve says where it listens");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        (responder, base)
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn every_json_document_follows_the_pinned_contract() {
    let dir = scratch("json-schema");
    let state = dir.join("ca");
    // "Now" everywhere: the OCSP responder answers at its own clock.
    let v = document(&jpki(&["sim", "init", s(&state), "--json"]), 0);
    pin(
        "sim init",
        &v,
        None,
        &[
            "schema_version",
            "dir",
            "trust",
            "links",
            "generations",
            "generations[].purpose",
            "generations[].generation",
            "generations[].subject",
            "generations[].serial",
            "generations[].subject_key_id",
            "generations[].not_before",
            "generations[].not_after",
            "profile",
        ],
    );

    // The card of 𠮷田 太郎.
    let card = dir.join("card.json");
    let pins = [("T_SIGN", "TARO1950"), ("T_AUTH", "1234")];
    let resident = [
        "--name",
        "𠮷田 太郎",
        "--birth",
        "1950-04-01",
        "--sex",
        "male",
        "--address",
        "東京都千代田区霞が関2丁目1番2号",
    ];
    let mut args = vec!["sim", "issue", s(&state)];
    args.extend_from_slice(&resident);
    args.extend_from_slice(&[
        "--card",
        s(&card),
        "--sign-pin-env",
        "T_SIGN",
        "--auth-pin-env",
        "T_AUTH",
        "--json",
    ]);
    let v = document(&jpki_env(&args, &pins), 0);
    pin(
        "sim issue --card",
        &v,
        None,
        &as_strs(&pinned(&[
            &own(&[
                "schema_version",
                "card",
                "certificates",
                "certificates[].kind",
                "certificates[].serial",
                "certificates[].not_after",
                "personal_info",
            ]),
            &under("personal_info", PERSONAL_INFO),
        ])),
    );
    let signing_serial = v["certificates"][0]["serial"].as_str().unwrap().to_owned();

    // A second resident of the same municipality, with a software key.
    let other = dir.join("other.pem");
    let v = document(
        &jpki(&[
            "sim",
            "issue",
            s(&state),
            "--name",
            "霞 花子",
            "--birth",
            "1980-02-29",
            "--sex",
            "female",
            "--address",
            "東京都千代田区霞が関1丁目1番1号",
            "--out",
            s(&other),
            "--json",
        ]),
        0,
    );
    pin(
        "sim issue --out",
        &v,
        None,
        &as_strs(&pinned(&[
            &own(&[
                "schema_version",
                "serial",
                "kind",
                "generation",
                "not_after",
                "certificate",
                "key",
                "personal_info",
            ]),
            // No substitute character in 霞 花子's name.
            &under(
                "personal_info",
                &PERSONAL_INFO
                    .iter()
                    .filter(|p| !p.starts_with("name_substituted[]"))
                    .copied()
                    .collect::<Vec<_>>(),
            ),
        ])),
    );
    let other_serial = v["serial"].as_str().unwrap().to_owned();

    // Card documents.
    let v = document(&jpki(&["card", "info", "--sim", s(&card), "--json"]), 0);
    let pin_state = |name: &str| {
        own(&[name])
            .into_iter()
            .chain(under(name, &["state", "remaining"]))
            .collect::<Vec<_>>()
    };
    let pin_states = pinned(&[
        &own(&["pins"]),
        &pin_state("pins.auth_pin"),
        &pin_state("pins.signing_password"),
        &pin_state("pins.attributes_pin"),
    ]);
    pin(
        "card info",
        &v,
        None,
        &as_strs(&pinned(&[
            &own(&[
                "schema_version",
                "kind",
                "label",
                "flags",
                "signing_certificate",
                "authentication_certificate",
            ]),
            &pin_states,
        ])),
    );
    let v = document(
        &jpki(&["card", "pin-status", "--sim", s(&card), "--json"]),
        0,
    );
    pin(
        "card pin-status",
        &v,
        None,
        &as_strs(&pinned(&[&own(&["schema_version"]), &pin_states])),
    );
    let v = document(
        &jpki_env(
            &[
                "card",
                "attributes",
                "--sim",
                s(&card),
                "--pin-env",
                "T_AUTH",
                "--json",
            ],
            &pins,
        ),
        0,
    );
    pin(
        "card attributes",
        &v,
        None,
        &["schema_version", "name", "address", "birth_date", "sex"],
    );
    let sign_cert = dir.join("sign.pem");
    let ca = dir.join("sign-ca.pem");
    for (flag, out) in [("--sign", &sign_cert), ("--sign-ca", &ca)] {
        let o = jpki_env(
            &[
                "card",
                "read-cert",
                "--sim",
                s(&card),
                flag,
                "-o",
                s(out),
                "--pin-env",
                "T_SIGN",
            ],
            &pins,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }

    // cert show, cert compare.
    let trust = state.join("trust.pem");
    let v = document(
        &jpki(&[
            "cert",
            "show",
            s(&sign_cert),
            "--trust",
            s(&trust),
            "--json",
        ]),
        0,
    );
    pin(
        "cert show",
        &v,
        None,
        &as_strs(&pinned(&[
            &own(&[
                "schema_version",
                "kind",
                "environment",
                "version",
                "serial",
                "subject",
                "issuer",
                "not_before",
                "not_after",
                "prefecture",
                "municipality",
                "public_key",
                "public_key.algorithm",
                "public_key.rsa_bits",
                "signature_algorithm",
                "key_usage",
                "extended_key_usage",
                "policies",
                "policies[].oid",
                "policies[].cps",
                "crl_distribution_points",
                "crl_distribution_points[].full_name",
                "crl_distribution_points[].full_name[].type",
                "crl_distribution_points[].full_name[].value",
                "crl_distribution_points[].crl_issuer",
                "ocsp_urls",
                "ca_issuers_urls",
                "subject_key_id",
                "authority_key_id",
                "authority_key_id.key_id",
                "authority_key_id.issuer",
                "authority_key_id.issuer[].type",
                "authority_key_id.issuer[].value",
                "authority_key_id.serial",
                "subject_alt_names",
                "subject_alt_names[].type",
                "subject_alt_names[].oid",
                "subject_alt_names[].value",
                "issuer_alt_names",
                "issuer_alt_names[].type",
                "issuer_alt_names[].value",
                "extensions",
                "extensions[].oid",
                "extensions[].critical",
                "personal_info",
            ]),
            &under("personal_info", PERSONAL_INFO),
            &own(&[
                "hpki_roles",
                "issuer_certificate",
                "issuer_certificate.subject",
                "issuer_certificate.serial",
                "issuer_certificate.subject_key_id",
                "issuer_certificate.not_before",
                "issuer_certificate.not_after",
                "issuer_certificate.matched_by",
                "issuer_certificate.self_signed",
                "sha256_fingerprint",
            ]),
        ])),
    );
    let v = document(
        &jpki(&[
            "cert",
            "compare",
            s(&sign_cert),
            "--name",
            "𠮷田 太郎",
            "--birth",
            "S25.4.1",
            "--sex",
            "male",
            "--address",
            "東京都千代田区霞が関2-1-2",
            "--json",
        ]),
        0,
    );
    let all_four = own(&[
        "all_four_match",
        "fields",
        "fields.name",
        "fields.name.result",
        "fields.name.match",
        "fields.name.positions",
        "fields.name.normalized",
        "fields.birth_date",
        "fields.birth_date.result",
        "fields.birth_date.match",
        "fields.sex",
        "fields.sex.result",
        "fields.sex.match",
        "fields.address",
        "fields.address.result",
        "fields.address.match",
        "fields.address.normalized",
    ]);
    pin(
        "cert compare",
        &v,
        Some(true),
        &as_strs(&pinned(&[&own(&["valid", "schema_version"]), &all_four])),
    );
    // Mismatches: the field, both whole values and the message; a position for
    // name and address only.
    let v = document(
        &jpki(&[
            "cert",
            "compare",
            s(&sign_cert),
            "--name",
            "𠮷田 次郎",
            "--birth",
            "S25.4.2",
            "--json",
        ]),
        1,
    );
    pin(
        "cert compare (mismatch)",
        &v,
        Some(false),
        &as_strs(&pinned(&[
            &own(&["valid", "schema_version", "all_four_match", "fields"]),
            &own(&["fields.name"]),
            &under("fields.name", MISMATCH_WITH_POSITION),
            &own(&["fields.birth_date"]),
            &under("fields.birth_date", MISMATCH),
            &own(&[
                "fields.sex",
                "fields.sex.result",
                "fields.sex.match",
                "fields.address",
                "fields.address.result",
                "fields.address.match",
            ]),
        ])),
    );
    assert_eq!(v["fields"]["birth_date"]["expected"], "昭和25年4月1日");
    assert_eq!(v["fields"]["birth_date"]["found"], "昭和25年4月2日");
    assert_eq!(v["fields"]["name"]["position"], 2);

    // A signed application, a CRL of the partition, and verify.
    let (o, form, sig) = sign_form(&dir, &card, "口座開設申込書: 𠮷田 太郎\n", "TARO1950");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let crl = dir.join("partition.crl");
    let o = jpki(&["sim", "crl", s(&state), "-o", s(&crl)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let verify = |content: &Path, extra: &[&str]| {
        let mut args = vec![
            "verify",
            s(&sig),
            "--content",
            s(content),
            "--trust",
            s(&trust),
            "--crl",
            s(&crl),
            "--json",
        ];
        args.extend_from_slice(extra);
        jpki(&args)
    };
    let checks = |revocation: &[&str]| {
        pinned(&[
            &own(&[
                "checks",
                "checks.signature",
                "checks.signature.result",
                "checks.certificate",
                "checks.certificate.result",
                "checks.revocation",
                "checks.revocation.result",
            ]),
            &under("checks.revocation", revocation),
            &own(&["checks.personal_info", "checks.personal_info.result"]),
        ])
    };
    let good_revocation = [
        "certificates",
        "certificates[].serial",
        "certificates[].status",
        "certificates[].source",
    ];
    let signed = own(&[
        "algorithm",
        "legacy_sha1",
        "signing_time",
        "path",
        "path[].subject",
        "path[].serial",
    ]);
    let signer = pinned(&[&own(&["signer"]), &under("signer", CERTIFICATE_SUMMARY)]);
    let holder = pinned(&[&own(&["holder"]), &under("holder", PERSONAL_INFO)]);
    let applicant = [
        "--expect-name",
        "𠮷田 太郎",
        "--expect-birth",
        "1950-04-01",
        "--expect-sex",
        "male",
        "--expect-address",
        "東京都千代田区霞が関2-1-2",
    ];
    let v = document(&verify(&form, &applicant), 0);
    let head = own(&["valid", "schema_version", "at"]);
    pin(
        "verify (valid)",
        &v,
        Some(true),
        &as_strs(&pinned(&[
            &head,
            &checks(&good_revocation),
            &signer,
            &signed,
            &holder,
            &own(&["comparison", "comparison.match"]),
            &under("comparison", &as_strs(&all_four)),
        ])),
    );
    assert_eq!(v["signer"]["serial"], signing_serial);
    assert_eq!(
        v["checks"]["revocation"]["certificates"][0]["serial"],
        signing_serial
    );

    // The content changed: the digest does not match; who claims to have signed
    // is still there, nothing else ran.
    let altered = dir.join("altered.txt");
    std::fs::write(&altered, "口座開設申込書: 高田 太郎\n").unwrap();
    let v = document(&verify(&altered, &applicant), 1);
    let failed = ["error", "code", "kind"];
    pin(
        "verify (digest mismatch)",
        &v,
        Some(false),
        &as_strs(&pinned(&[
            &head,
            &own(&["checks", "checks.signature", "checks.signature.result"]),
            &under("checks.signature", &failed),
            &own(&[
                "checks.certificate",
                "checks.certificate.result",
                "checks.revocation",
                "checks.revocation.result",
                "checks.personal_info",
                "checks.personal_info.result",
            ]),
            &signer,
            &holder,
        ])),
    );
    assert_eq!(v["checks"]["signature"]["kind"], "CMS_DIGEST_MISMATCH");
    assert_eq!(v["checks"]["certificate"]["result"], "not_run");
    assert_eq!(v["signer"]["serial"], signing_serial);

    // Another applicant: the 4 basic info do not match.
    let v = document(&verify(&form, &["--expect-name", "高田 太郎"]), 1);
    pin(
        "verify (personal info mismatch)",
        &v,
        Some(false),
        &as_strs(&pinned(&[
            &head,
            &own(&[
                "checks",
                "checks.signature",
                "checks.signature.result",
                "checks.certificate",
                "checks.certificate.result",
                "checks.revocation",
                "checks.revocation.result",
            ]),
            &under("checks.revocation", &good_revocation),
            &own(&["checks.personal_info", "checks.personal_info.result"]),
            &under("checks.personal_info", &failed),
            &signer,
            &signed,
            &holder,
            &own(&["comparison"]),
            &under(
                "comparison",
                &["match", "all_four_match", "fields", "fields.name"],
            ),
            &under("comparison.fields.name", MISMATCH_WITH_POSITION),
            &under(
                "comparison",
                &[
                    "fields.birth_date",
                    "fields.birth_date.result",
                    "fields.birth_date.match",
                    "fields.sex",
                    "fields.sex.result",
                    "fields.sex.match",
                    "fields.address",
                    "fields.address.result",
                    "fields.address.match",
                ],
            ),
        ])),
    );
    assert_eq!(v["comparison"]["fields"]["name"]["result"], "mismatch");
    assert_eq!(v["comparison"]["fields"]["name"]["expected"], "吉田太郎");
    assert_eq!(v["comparison"]["fields"]["name"]["found"], "高田太郎");

    // cert verify.
    let v = document(
        &jpki(&[
            "cert",
            "verify",
            s(&sign_cert),
            "--trust",
            s(&trust),
            "--crl",
            s(&crl),
            "--json",
        ]),
        0,
    );
    pin(
        "cert verify",
        &v,
        Some(true),
        &as_strs(&pinned(&[
            &own(&[
                "valid",
                "schema_version",
                "at",
                "usage",
                "checks",
                "checks.certificate",
                "checks.certificate.result",
                "checks.revocation",
                "checks.revocation.result",
            ]),
            &under("checks.revocation", &good_revocation),
            &own(&["certificate"]),
            &under("certificate", CERTIFICATE_SUMMARY),
            &own(&["path", "path[].subject", "path[].serial"]),
        ])),
    );
    assert_eq!(v["certificate"]["serial"], signing_serial);

    // Logging in with the card: the challenge, the accepted login (the
    // authentication certificate's verdict under `certificate`), the replay.
    let store = dir.join("nonces");
    let challenge = dir.join("challenge.der");
    let v = document(
        &jpki(&[
            "login",
            "challenge",
            "--relying-party",
            "bank.example",
            "--store",
            s(&store),
            "--out",
            s(&challenge),
            "--json",
        ]),
        0,
    );
    pin(
        "login challenge",
        &v,
        None,
        &[
            "schema_version",
            "relying_party",
            "nonce",
            "issued_at",
            "expires_at",
            "to_be_signed",
        ],
    );
    let response = dir.join("response.der");
    let o = jpki_env(
        &[
            "login",
            "respond",
            "--sim",
            s(&card),
            "--challenge",
            s(&challenge),
            "--out",
            s(&response),
            "--pin-env",
            "T_AUTH",
        ],
        &pins,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let auth_crl = dir.join("auth.crl");
    let o = jpki(&[
        "sim",
        "crl",
        s(&state),
        "--kind",
        "auth",
        "-o",
        s(&auth_crl),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let login_verify = || {
        jpki(&[
            "login",
            "verify",
            "--trust",
            s(&trust),
            "--crl",
            s(&auth_crl),
            "--store",
            s(&store),
            "--response",
            s(&response),
            "--json",
        ])
    };
    let v = document(&login_verify(), 0);
    pin(
        "login verify (accepted)",
        &v,
        Some(true),
        &as_strs(&pinned(&[
            &own(&[
                "valid",
                "schema_version",
                "at",
                "relying_party",
                "account",
                "account.id",
                "account.issuer_key_id",
                "account.serial",
                "account.public_key_sha256",
                "certificate",
            ]),
            &under(
                "certificate",
                &[
                    "valid",
                    "schema_version",
                    "at",
                    "usage",
                    "checks",
                    "checks.certificate",
                    "checks.certificate.result",
                    "checks.revocation",
                    "checks.revocation.result",
                ],
            ),
            &under("certificate.checks.revocation", &good_revocation),
            &own(&["certificate.certificate"]),
            &under("certificate.certificate", CERTIFICATE_SUMMARY),
            &under("certificate", &["path", "path[].subject", "path[].serial"]),
        ])),
    );
    assert_eq!(v["certificate"]["usage"], "authentication");
    let v = document(&login_verify(), 1);
    pin(
        "login verify (refused)",
        &v,
        Some(false),
        &["valid", "schema_version", "error", "code", "kind"],
    );
    assert_eq!(v["code"], 1102);

    // The other resident moves: a new CRL lists the certificate.
    let v = document(
        &jpki(&[
            "sim",
            "event",
            s(&state),
            "--serial",
            &other_serial,
            "move",
            "--json",
        ]),
        0,
    );
    pin(
        "sim event",
        &v,
        None,
        &[
            "schema_version",
            "event",
            "revoked",
            "revoked[].serial",
            "revoked[].revoked_at",
            "revoked[].reason",
            "revoked[].reason_code",
            "kept",
        ],
    );
    let crl2 = dir.join("partition-2.crl");
    let o = jpki(&["sim", "crl", s(&state), "-o", s(&crl2)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = document(
        &jpki(&["crl", "show", s(&crl2), "--issuer", s(&ca), "--json"]),
        0,
    );
    pin(
        "crl show",
        &v,
        None,
        &[
            "schema_version",
            "issuer",
            "version",
            "this_update",
            "next_update",
            "crl_number",
            "issuing_distribution_point",
            "issuing_distribution_point.full_name",
            "issuing_distribution_point.only_user_certs",
            "issuing_distribution_point.only_ca_certs",
            "issuing_distribution_point.indirect",
            "delta",
            "signature",
            "signature.result",
            "entries_count",
            "entries",
            "entries[].serial",
            "entries[].revoked_at",
            "entries[].reason",
        ],
    );
    assert_eq!(v["entries"][0]["serial"], other_serial);
    let v = document(
        &jpki(&[
            "crl",
            "check",
            s(&crl2),
            "--issuer",
            s(&ca),
            &other_serial,
            &signing_serial,
            "--json",
        ]),
        1,
    );
    pin(
        "crl check",
        &v,
        Some(false),
        &[
            "valid",
            "schema_version",
            "at",
            "current",
            "this_update",
            "next_update",
            "certificates",
            "certificates[].serial",
            "certificates[].status",
            "certificates[].revoked_at",
            "certificates[].reason",
        ],
    );
    assert_eq!(v["certificates"][0]["status"], "revoked");
    assert_eq!(v["certificates"][1]["status"], "good");

    // sim list: one revoked, two not.
    let v = document(&jpki(&["sim", "list", s(&state), "--json"]), 0);
    pin(
        "sim list",
        &v,
        None,
        &[
            "schema_version",
            "issued",
            "issued[].serial",
            "issued[].kind",
            "issued[].generation",
            "issued[].name",
            "issued[].partition",
            "issued[].not_after",
            "issued[].revoked",
            "issued[].revoked.at",
            "issued[].revoked.reason",
            "issued[].revoked.event",
        ],
    );

    // ocsp check against the simulator's responder (one request, then it stops).
    let (responder, base) = Responder::start(&state);
    let v = document(
        &jpki(&[
            "ocsp",
            "check",
            "--cert",
            s(&sign_cert),
            "--issuer",
            s(&ca),
            "--url",
            &format!("{base}/ocsp/sign"),
            "--json",
        ]),
        0,
    );
    drop(responder);
    pin(
        "ocsp check",
        &v,
        Some(true),
        &[
            "valid",
            "schema_version",
            "at",
            "serial",
            "status",
            "this_update",
            "next_update",
            "produced_at",
        ],
    );
    assert_eq!(v["serial"], signing_serial);
    assert_eq!(v["status"], "good");
}

#[test]
fn the_rules_catch_what_they_forbid() {
    // The checker itself: each rule fails on a document that breaks it.
    let bad = [
        (
            serde_json::json!({"schema_version": 1, "serial": "16777216"}),
            None,
        ),
        (
            serde_json::json!({"schema_version": 1, "serial": "0x1"}),
            None,
        ),
        (
            serde_json::json!({"schema_version": 1, "serial": "0x0A"}),
            None,
        ),
        (
            serde_json::json!({"schema_version": 1, "serial_hex": "0x01"}),
            None,
        ),
        (
            serde_json::json!({"schema_version": 1, "next_update": null}),
            None,
        ),
        (
            serde_json::json!({"schema_version": 1, "auth-pin": {}}),
            None,
        ),
        (serde_json::json!({"schema_version": 2}), None),
        (serde_json::json!({"kind": "x", "schema_version": 1}), None),
        (
            serde_json::json!({"schema_version": 1, "valid": true}),
            Some(true),
        ),
        (serde_json::json!({"valid": true}), Some(true)),
    ];
    for (v, verdict) in bad {
        let caught = std::panic::catch_unwind(|| check_rules("bad", &v, verdict)).is_err();
        assert!(caught, "not caught: {v}");
    }
    let good =
        serde_json::json!({"valid": false, "schema_version": 1, "path": [{"serial": "0x01"}]});
    check_rules("good", &good, Some(false));
    assert_eq!(
        key_paths(&good),
        ["valid", "schema_version", "path", "path[].serial"]
    );
}
