//! The `jpki` command: outputs, JSON field names and exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use common::*;
use serde_json::Value;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn demo_shows_issuance_substitutes_and_the_revocation_by_a_move() {
    let o = jpki(&["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("[吉]田　太郎"), "{out}");
    assert!(
        out.contains("RSA-2048 keys generated inside the card"),
        "{out}"
    );
    assert!(
        out.contains("token: my-number-card (JPKIAPICCTOKEN2)"),
        "{out}"
    );
    assert!(out.contains("signing password: Remaining(5)"), "{out}");
    assert!(
        out.contains("the signing certificate is read from EF 0001"),
        "{out}"
    );
    assert!(out.contains("equivalent by substitution at 0"), "{out}");
    assert!(
        out.contains("address     normalized (width, block_number)"),
        "{out}"
    );
    assert!(out.contains("REVOKED"), "{out}");
    assert!(out.contains("affiliationChanged"), "{out}");
    assert!(
        out.contains("kept    0x01000001: an authentication certificate"),
        "{out}"
    );
}

#[test]
fn demo_runs_on_the_next_generation_profile() {
    let o = jpki(&["demo", "--next-gen"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("profile: next-generation card"), "{out}");
    assert!(
        out.contains("ECDSA P-384 keys generated inside the card"),
        "{out}"
    );
    assert!(out.contains("10th birthday after issuance"), "{out}");
    assert!(
        out.contains("the card made the ECDSA P-384 signature"),
        "{out}"
    );
    assert!(out.contains("REVOKED"), "{out}");
    assert!(out.contains("login         REFUSED"), "{out}");
    assert!(!out.contains("RSA-2048"), "{out}");
}

#[test]
fn sim_init_next_gen_issues_p384_and_the_card_signs_with_it() {
    let dir = scratch("next-gen");
    let state = dir.join("ca");
    let o = jpki(&["sim", "init", s(&state), "--next-gen", "--at", AT, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["profile"], "next-generation");
    // Today's profile stays the default.
    let today = dir.join("today");
    let o = jpki(&["sim", "init", s(&today), "--at", AT, "--json"]);
    assert_eq!(json(&o)["profile"], "current");

    let card = dir.join("card.json");
    let o = personalize_card(&state, &card, "TARO1950", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (o, form, sig) = sign_form(&dir, &card, "口座開設申込書: 𠮷田 太郎\n", "TARO1950");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let crl = dir.join("partition.crl");
    let o = jpki(&["sim", "crl", s(&state), "--at", AT, "-o", s(&crl)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&form),
        "--trust",
        s(&state.join("trust.pem")),
        "--crl",
        s(&crl),
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    assert_eq!(v["valid"], true);
    assert_eq!(v["checks"]["signature"]["result"], "passed");
    assert_eq!(v["checks"]["revocation"]["result"], "passed");
    // The same application with the content changed: refused.
    std::fs::write(&form, "口座開設申込書: 別人\n").unwrap();
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&form),
        "--trust",
        s(&state.join("trust.pem")),
        "--at",
        AT,
    ]);
    assert_ne!(o.status.code(), Some(0));
}

#[test]
fn cert_show_json_has_stable_fields() {
    let (state, cert) = authority_with_cert("show");
    let trust = state.join("trust.pem");
    let o = jpki(&["cert", "show", s(&cert), "--json", "--trust", s(&trust)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["kind"], "signing");
    assert_eq!(v["environment"], "test");
    assert_eq!(v["serial"], "0x01000000");
    assert_eq!(v["not_after"], "2031-04-01T14:59:59Z");
    assert_eq!(v["prefecture"], "Tokyo-to");
    assert_eq!(v["municipality"], "千代田区");
    assert_eq!(
        v["key_usage"],
        serde_json::json!(["digitalSignature", "nonRepudiation"])
    );
    assert_eq!(v["policies"][0]["oid"], "1.2.392.200149.8.5.1.0.20");
    let p = &v["personal_info"];
    assert_eq!(p["name"], "高橋　吉郎");
    assert_eq!(p["name_substitutes"], "10010");
    assert_eq!(p["name_substituted"][1]["char"], "吉");
    assert_eq!(p["birth_date"]["japanese"], "昭和25年4月1日");
    assert_eq!(p["birth_date"]["era_code"], "3");
    assert_eq!(p["sex"], "male");
    assert_eq!(p["address"], "東京都千代田区霞が関２丁目１番２号");
    assert_eq!(
        v["crl_distribution_points"][0]["full_name"][0]["value"],
        "C=JP, O=JPKI, OU=JPKI for digital signature, OU=CRL Distribution Points, OU=Tokyo-to, CN=千代田区 CRLDP"
    );
    assert_eq!(v["issuer_certificate"]["matched_by"], "key_id");
    assert_eq!(v["issuer_certificate"]["serial"], "0x02");
    assert_eq!(
        v["authority_key_id"]["key_id"],
        v["issuer_certificate"]["subject_key_id"]
    );
}

/// A DER TLV of fewer than 128 content octets.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = u8::try_from(content.len()).ok().filter(|n| *n < 0x80);
    [&[tag, len.expect("short content")][..], content].concat()
}

#[test]
fn distribution_point_reasons_relative_names_and_crl_scopes_are_shown() {
    use jpki::cert::ReasonFlags;
    use jpki::sim::{CertificateBuilder, CrlBuilder, SimKey, dn_der};
    use jpki::{Serial, Time};

    let dir = scratch("dp-shapes");
    let key = SimKey::generate(2048).unwrap();
    let spki = key.public_key_der().unwrap();
    let ca_dn = dn_der(&[("C", "JP"), ("CN", "Shapes CA")]).unwrap();
    let at = Time::parse_rfc3339("2026-11-21T10:00:00Z").unwrap();
    let later = Time::from_unix_seconds(at.unix_seconds() + 86_400);
    let ca = CertificateBuilder::new(
        Serial::from_u64(1),
        ca_dn.clone(),
        ca_dn.clone(),
        at,
        later,
        spki.clone(),
    )
    .sign(&key)
    .unwrap();
    // Two points: nameRelativeToCRLIssuer {CN=Part R} for keyCompromise
    // (bit 1), and a point without a name for every reason.
    let rdn = tlv(
        0x30,
        &[&[0x06, 0x03, 0x55, 0x04, 0x03][..], &tlv(0x0c, b"Part R")].concat(),
    );
    let relative = tlv(
        0x30,
        &[tlv(0xa0, &tlv(0xa1, &rdn)), tlv(0x81, &[0x06, 0x40])].concat(),
    );
    let points = tlv(0x30, &relative);
    let leaf = CertificateBuilder::new(
        Serial::from_u64(2),
        ca_dn,
        dn_der(&[("CN", "Leaf")]).unwrap(),
        at,
        later,
        spki,
    )
    .extension("2.5.29.31".parse().unwrap(), false, points)
    .sign(&key)
    .unwrap();
    let leaf_file = dir.join("leaf.pem");
    std::fs::write(&leaf_file, leaf.to_pem()).unwrap();
    let o = jpki(&["cert", "show", s(&leaf_file), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let dp = &v["crl_distribution_points"][0];
    assert_eq!(dp["reasons"], serde_json::json!(["keyCompromise"]));
    assert_eq!(
        dp["relative_name"][0]["value"],
        "C=JP, CN=Shapes CA, CN=Part R"
    );
    let o = jpki(&["cert", "show", s(&leaf_file)]);
    assert!(
        stdout(&o).contains(
            "CRL DP        DirName:C=JP, CN=Shapes CA, CN=Part R (reasons: keyCompromise)"
        ),
        "{}",
        stdout(&o)
    );
    // An indirect CRL limited to two reasons.
    let reasons = ReasonFlags::from_bits(0b110);
    let crl = CrlBuilder::new(&ca, at)
        .next_update(later)
        .crl_number(Serial::from_u64(1))
        .indirect()
        .only_some_reasons(reasons)
        .sign(&key)
        .unwrap();
    let crl_file = dir.join("shapes.crl");
    std::fs::write(&crl_file, crl).unwrap();
    let o = jpki(&["crl", "show", s(&crl_file), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let idp = &json(&o)["issuing_distribution_point"];
    assert_eq!(idp["indirect"], true);
    assert_eq!(
        idp["only_some_reasons"],
        serde_json::json!(["keyCompromise", "cACompromise"])
    );
    let o = jpki(&["crl", "show", s(&crl_file)]);
    assert!(stdout(&o).contains("indirect    yes"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("reasons     keyCompromise, cACompromise"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn cert_show_text_marks_substitutes_and_reads_der() {
    let (_, cert) = authority_with_cert("show-text");
    let der_path = cert.with_extension("der");
    let pem = std::fs::read(&cert).unwrap();
    let der = jpki::Certificate::parse(&pem).unwrap().der().to_vec();
    std::fs::write(&der_path, der).unwrap();
    let o = jpki(&["cert", "show", s(&der_path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("[高]橋　[吉]郎"), "{out}");
    assert!(
        out.contains("1950-04-01 (昭和25年4月1日, era code 3)"),
        "{out}"
    );
}

#[test]
fn compare_exit_codes() {
    let (_, cert) = authority_with_cert("compare");
    let ok = jpki(&[
        "cert",
        "compare",
        s(&cert),
        "--name",
        "髙橋 𠮷郎",
        "--birth",
        "S25.4.1",
        "--sex",
        "male",
        "--address",
        "東京都千代田区霞が関2-1-2",
        "--json",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let v = json(&ok);
    assert_eq!(v["valid"], true);
    assert_eq!(v["all_four_match"], true);
    assert_eq!(v["fields"]["name"]["result"], "equivalent_by_substitution");
    assert_eq!(v["fields"]["name"]["positions"], serde_json::json!([0, 3]));
    assert_eq!(v["fields"]["address"]["result"], "normalized");

    // 高 typed where the certificate has 高 unmarked? Position 1 is 橋, unmarked: a
    // different character there is a mismatch.
    let bad = jpki(&["cert", "compare", s(&cert), "--name", "髙嶋 𠮷郎", "--json"]);
    assert_eq!(bad.status.code(), Some(1));
    let v = json(&bad);
    assert_eq!(v["fields"]["name"]["result"], "mismatch");
    assert_eq!(v["fields"]["name"]["position"], 1);
    assert_eq!(v["fields"]["name"]["field"], "name");
    assert_eq!(v["fields"]["name"]["expected"], "高橋吉郎");
    assert_eq!(v["fields"]["name"]["found"], "髙嶋𠮷郎");

    // Mismatches in words: the whole field on each side, as the library says it.
    let args = [
        "cert",
        "compare",
        s(&cert),
        "--birth",
        "S25.4.2",
        "--sex",
        "female",
    ];
    let text = jpki(&args);
    assert_eq!(text.status.code(), Some(1));
    let out = stdout(&text);
    assert!(
        out.contains("birth date: expected 昭和25年4月1日, found 昭和25年4月2日\n"),
        "{out}"
    );
    assert!(out.contains("sex: expected male, found female\n"), "{out}");
    let v = json(&jpki(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["fields"]["birth_date"]["expected"], "昭和25年4月1日");
    assert_eq!(v["fields"]["birth_date"]["found"], "昭和25年4月2日");
    assert!(v["fields"]["birth_date"].get("position").is_none(), "{v}");
    assert_eq!(
        v["fields"]["sex"]["message"],
        "sex: expected male, found female"
    );

    let none = jpki(&["cert", "compare", s(&cert)]);
    assert_eq!(none.status.code(), Some(2));
    let bad_date = jpki(&["cert", "compare", s(&cert), "--birth", "昭和65年1月1日"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(
        stderr(&bad_date).contains("not a date"),
        "{}",
        stderr(&bad_date)
    );
}

#[test]
fn sim_event_accepts_decimal_and_hex_serials() {
    let (state, _) = authority_with_cert("event");
    let o = issue(
        &state,
        &state.join("auth.pem"),
        TAKAHASHI,
        &["--kind", "auth"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A merger revokes nothing.
    let o = jpki(&[
        "sim",
        "event",
        s(&state),
        "--serial",
        "16777216",
        "merger",
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["revoked"].as_array().unwrap().len(), 0);
    // A move (hex serial) revokes the signing certificate only.
    let o = jpki(&[
        "sim",
        "event",
        s(&state),
        "--serial",
        "0x01000000",
        "move",
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["revoked"][0]["serial"], "0x01000000");
    assert_eq!(v["revoked"][0]["reason"], "affiliationChanged");
    assert_eq!(v["revoked"][0]["reason_code"], 3);
    assert_eq!(v["kept"][0]["serial"], "0x01000001");
    // The state persisted across processes.
    let o = jpki(&["sim", "list", s(&state), "--json"]);
    let v = json(&o);
    assert_eq!(v["issued"][0]["revoked"]["reason"], "affiliationChanged");
    assert_eq!(v["issued"][0]["revoked"]["event"], "move");
    assert!(v["issued"][1]["revoked"].is_null());
}

#[test]
fn input_errors_exit_2_with_a_message() {
    let dir = scratch("errors");
    let bogus = dir.join("bogus.pem");
    std::fs::write(&bogus, b"\x30\x03\x02\x01").unwrap();
    let o = jpki(&["cert", "show", s(&bogus)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("malformed certificate"),
        "{}",
        stderr(&o)
    );

    let o = jpki(&["cert", "show", s(&dir.join("missing.pem"))]);
    assert_eq!(o.status.code(), Some(2));

    let (state, _) = authority_with_cert("errors-sim");
    for serial in ["12x", "0x", "-5"] {
        let o = jpki(&["sim", "event", s(&state), "--serial", serial, "move"]);
        assert_eq!(o.status.code(), Some(2), "{serial}");
    }
    let o = jpki(&["sim", "event", s(&state), "--serial", "999", "move"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no certificate with serial 0x03e7"),
        "{}",
        stderr(&o)
    );

    let o = issue(
        &state,
        &dir.join("child.pem"),
        [
            "子供 花子",
            "2015-01-01",
            "female",
            "東京都千代田区霞が関1-1",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("under age 15"), "{}", stderr(&o));

    let o = jpki(&["sim", "init", s(&state)]);
    assert_eq!(o.status.code(), Some(2), "init over an existing authority");
    let o = jpki(&["no-such-command"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn older_generation_is_named_by_key_id() {
    let (state, _) = authority_with_cert("generation");
    let old = state.join("old.pem");
    let o = issue(
        &state,
        &old,
        [
            "吉田 花子",
            "1980-01-02",
            "female",
            "大阪府大阪市北区中之島1-3-20",
        ],
        &["--generation", "1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = jpki(&[
        "cert",
        "show",
        s(&old),
        "--json",
        "--trust",
        s(&state.join("trust.pem")),
    ]);
    let v = json(&o);
    assert_eq!(v["issuer_certificate"]["serial"], "0x01");
    assert_eq!(v["municipality"], "大阪市北区");
}

#[test]
fn card_commands_on_a_simulator_card() {
    let (state, _) = authority_with_cert("card-commands");
    let card = state.join("card.json");
    let issue = personalize_card(&state, &card, "taro1950", &["--json"]);
    assert!(issue.status.success(), "{}", stderr(&issue));
    let v = json(&issue);
    assert_eq!(v["certificates"].as_array().unwrap().len(), 2);
    assert_eq!(v["personal_info"]["name_substitutes"], "10000");

    let run = |args: &[&str], envs: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_jpki"));
        c.args(args);
        for (k, val) in envs {
            c.env(k, val);
        }
        c.output().unwrap()
    };
    let o = run(&["card", "info", "--sim", s(&card), "--json"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["kind"], "my-number-card");
    assert_eq!(v["signing_certificate"], true);
    assert_eq!(v["pins"]["signing_password"]["remaining"], 5);

    // The signing certificate needs the password (lower case is upper-cased).
    let out = state.join("from-card.pem");
    let o = run(
        &[
            "card",
            "read-cert",
            "--sim",
            s(&card),
            "--sign",
            "--pin-env",
            "P",
            "-o",
            s(&out),
        ],
        &[("P", "taro1950")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cert = jpki::Certificate::parse(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(cert.personal_info().unwrap().name(), "吉田　太郎");
    let o = run(&["card", "read-cert", "--sim", s(&card), "--auth-ca"], &[]);
    assert!(stdout(&o).starts_with("-----BEGIN CERTIFICATE-----"));

    // A wrong PIN: exit 2, and the spent try persists in the card file.
    let o = run(
        &["card", "attributes", "--sim", s(&card), "--pin-env", "P"],
        &[("P", "9999")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("wrong attributes PIN: 2 tries left"),
        "{}",
        stderr(&o)
    );
    let o = run(&["card", "pin-status", "--sim", s(&card), "--json"], &[]);
    assert_eq!(json(&o)["pins"]["attributes_pin"]["remaining"], 2);
    let o = run(
        &[
            "card",
            "attributes",
            "--sim",
            s(&card),
            "--pin-env",
            "P",
            "--json",
        ],
        &[("P", "1234")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["name"], "𠮷田　太郎");
    assert_eq!(json(&o)["birth_date"], "1950-04-01");

    // Change the authentication PIN; the old one then fails.
    let o = run(
        &[
            "card",
            "change-pin",
            "--sim",
            s(&card),
            "--pin",
            "auth",
            "--pin-env",
            "OLD",
            "--new-pin-env",
            "NEW",
        ],
        &[("OLD", "1234"), ("NEW", "4321")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        &[
            "card",
            "change-pin",
            "--sim",
            s(&card),
            "--pin",
            "auth",
            "--pin-env",
            "OLD",
            "--new-pin-env",
            "NEW",
        ],
        &[("OLD", "1234"), ("NEW", "5555")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("wrong authentication PIN: 2 tries left"),
        "{}",
        stderr(&o)
    );

    // Secrets are validated before anything is sent, and never taken as arguments.
    let o = run(
        &["card", "attributes", "--sim", s(&card), "--pin-env", "P"],
        &[("P", "12345")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("must be exactly 4 digits"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &["card", "attributes", "--sim", s(&card), "--pin", "1234"],
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a PIN argument is refused by the parser"
    );
    let o = run(
        &[
            "card",
            "attributes",
            "--sim",
            s(&card),
            "--pin-env",
            "UNSET_VAR_X",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["card", "pin-status", "--sim", s(&card), "--json"], &[]);
    assert_eq!(
        json(&o)["pins"]["attributes_pin"]["remaining"],
        3,
        "validation spent no try"
    );
    // Both --reader and --sim: a usage error.
    let o = run(&["card", "info", "--sim", s(&card), "--reader", "x"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

/// `jpki sim issue --card`: the resident 𠮷田 太郎 with signing password
/// `sign_pw` and PIN 1234, plus `extra` arguments.
fn personalize_card(
    state: &std::path::Path,
    card: &std::path::Path,
    sign_pw: &str,
    extra: &[&str],
) -> std::process::Output {
    issue_card(state, card, YOSHIDA, sign_pw, extra)
}

/// The resident of the card tests.
const YOSHIDA: [&str; 4] = [
    "𠮷田 太郎",
    "1950-04-01",
    "male",
    "東京都千代田区霞が関2丁目1番2号",
];

/// A personalized simulator card: (state dir, card file).
fn card_with_certs(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = scratch(name);
    let state = dir.join("ca");
    let o = jpki(&["sim", "init", s(&state), "--at", AT]);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = dir.join("card.json");
    let o = personalize_card(&state, &card, "TARO1950", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (state, card)
}

#[test]
fn sign_with_the_card_and_verify_the_application() {
    let (state, card) = card_with_certs("sign-verify");
    let dir = state.parent().unwrap().to_path_buf();
    let (o, form, sig) = sign_form(&dir, &card, "口座開設申込書: 𠮷田 太郎\n", "TARO1950");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let trust = state.join("trust.pem");
    let crl = dir.join("partition.crl");
    let o = jpki(&["sim", "crl", s(&state), "--at", AT, "-o", s(&crl)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let verify = |extra: &[&str]| {
        let mut args = vec![
            "verify",
            s(&sig),
            "--content",
            s(&form),
            "--trust",
            s(&trust),
            "--crl",
            s(&crl),
            "--at",
            AT,
            "--json",
        ];
        args.extend_from_slice(extra);
        jpki(&args)
    };
    let o = verify(&[
        "--expect-name",
        "𠮷田 太郎",
        "--expect-birth",
        "S25.4.1",
        "--expect-address",
        "東京都千代田区霞が関2-1-2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    assert_eq!(v["valid"], true);
    assert_eq!(v["checks"]["signature"]["result"], "passed");
    assert_eq!(v["checks"]["certificate"]["result"], "passed");
    assert_eq!(v["checks"]["revocation"]["result"], "passed");
    let revocation = &v["checks"]["revocation"]["certificates"][0];
    assert_eq!(revocation["serial"], "0x01000000");
    assert_eq!(revocation["status"], "good");
    assert_eq!(revocation["source"], "crl");
    assert_eq!(v["checks"]["personal_info"]["result"], "passed");
    assert_eq!(v["signer"]["kind"], "signing");
    assert_eq!(v["algorithm"], "sha256WithRSAEncryption");
    assert_eq!(v["signing_time"], "2026-11-21T01:00:00Z");
    assert_eq!(v["path"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["comparison"]["fields"]["name"]["result"],
        "equivalent_by_substitution"
    );

    // Without any revocation data: hard fail by default, visible soft fail, or off.
    let bare = |mode: &str| {
        jpki(&[
            "verify",
            s(&sig),
            "--content",
            s(&form),
            "--trust",
            s(&trust),
            "--at",
            AT,
            "--json",
            "--revocation",
            mode,
        ])
    };
    let o = bare("hard");
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["checks"]["revocation"]["result"], "failed");
    assert!(
        v["checks"]["revocation"]["error"]
            .as_str()
            .unwrap()
            .contains("no revocation information"),
        "{v}"
    );
    let o = bare("soft");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        json(&o)["checks"]["revocation"]["certificates"][0]["status"],
        "soft_failed"
    );
    let o = bare("off");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["checks"]["revocation"]["result"], "off");

    // The resident moves; the next CRL revokes the certificate: the same signature
    // is now invalid, with the reason.
    let o = jpki(&[
        "sim",
        "event",
        s(&state),
        "--serial",
        "0x01000000",
        "move",
        "--at",
        "2026-11-22T10:00:00+09:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let crl2 = dir.join("partition-2.crl.pem");
    let o = jpki(&[
        "sim",
        "crl",
        s(&state),
        "--at",
        "2026-11-22T12:00:00+09:00",
        "-o",
        s(&crl2),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&form),
        "--trust",
        s(&trust),
        "--crl",
        s(&crl2),
        "--at",
        "2026-11-22T13:00:00+09:00",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let revocation = &v["checks"]["revocation"]["certificates"][0];
    assert_eq!(revocation["status"], "revoked");
    assert_eq!(revocation["reason"], "affiliationChanged");
    // The old CRL is stale a day later: never good.
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&form),
        "--trust",
        s(&trust),
        "--crl",
        s(&crl),
        "--at",
        "2026-11-23T13:00:00+09:00",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        json(&o)["checks"]["revocation"]["error"]
            .as_str()
            .unwrap()
            .contains("not current")
    );
    // crl show / crl check.
    let ca = dir.join("sign-ca.pem");
    let o = jpki(&[
        "card",
        "read-cert",
        "--sim",
        s(&card),
        "--sign-ca",
        "-o",
        s(&ca),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = jpki(&["crl", "show", s(&crl2), "--issuer", s(&ca), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["entries_count"], 1);
    assert_eq!(v["signature"]["result"], "passed");
    assert_eq!(v["entries"][0]["reason"], "affiliationChanged");
    assert!(
        v["issuing_distribution_point"]["full_name"][0]
            .as_str()
            .unwrap()
            .contains("CRLDP")
    );
    let o = jpki(&[
        "crl",
        "check",
        s(&crl2),
        "--issuer",
        s(&ca),
        "--at",
        "2026-11-22T13:00:00+09:00",
        "16777216",
        "0x01000001",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    assert_eq!(v["certificates"][0]["serial"], "0x01000000");
    assert_eq!(v["certificates"][0]["status"], "revoked");
    assert_eq!(v["certificates"][1]["status"], "good");
    let o = jpki(&[
        "crl",
        "check",
        s(&crl2),
        "--issuer",
        s(&ca),
        "--at",
        "2026-11-22T13:00:00+09:00",
        "0x01000001",
    ]);
    assert_eq!(o.status.code(), Some(0));
    // Back to the first CRL for the checks below (before the move).
    // A mismatching applicant: exit 1, the failing check named.
    let o = verify(&["--expect-name", "高田 太郎"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    assert_eq!(v["checks"]["signature"]["result"], "passed");
    assert_eq!(v["checks"]["personal_info"]["result"], "failed");
    assert_eq!(v["comparison"]["fields"]["name"]["position"], 0);

    // Altered content: exit 1, digest mismatch.
    let altered = dir.join("altered.txt");
    std::fs::write(&altered, "口座開設申込書: 高田 太郎\n").unwrap();
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&altered),
        "--trust",
        s(&trust),
        "--at",
        AT,
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert!(
        v["checks"]["signature"]["error"]
            .as_str()
            .unwrap()
            .contains("digest mismatch")
    );
    // Who claims to have signed is still said: the certificate the signature
    // names, and its 4 basic info.
    assert_eq!(v["signer"]["serial"], "0x01000000");
    assert_eq!(v["signer"]["kind"], "signing");
    assert_eq!(v["holder"]["name"], "吉田　太郎");
    assert!(
        v.get("path").is_none() && v.get("algorithm").is_none(),
        "{v}"
    );

    // After the certificate expired: the certificate check fails with the time.
    let o = jpki(&[
        "verify",
        s(&sig),
        "--content",
        s(&form),
        "--trust",
        s(&trust),
        "--at",
        "2031-04-02T00:00:00Z",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["checks"]["certificate"]["result"], "failed");
    assert!(
        v["checks"]["certificate"]["error"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{v}"
    );

    // Input errors: exit 2.
    let garbage = dir.join("garbage.p7s");
    std::fs::write(&garbage, b"not a signature").unwrap();
    let o = jpki(&[
        "verify",
        s(&garbage),
        "--content",
        s(&form),
        "--trust",
        s(&trust),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = jpki(&["verify", s(&sig), "--content", s(&form)]);
    assert_eq!(o.status.code(), Some(2), "--trust is required");
    let o = jpki(&["verify", s(&sig), "--trust", s(&trust), "--at", AT]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a detached signature without --content"
    );
}

#[test]
fn attached_pem_signature_with_the_auth_key() {
    let (state, card) = card_with_certs("sign-attached");
    let dir = state.parent().unwrap().to_path_buf();
    let form = dir.join("form.txt");
    std::fs::write(&form, "login challenge 42").unwrap();
    let sig = dir.join("form.pem");
    let o = jpki_env(
        &[
            "sign",
            "--sim",
            s(&card),
            s(&form),
            "-o",
            s(&sig),
            "--attached",
            "--pem",
            "--key",
            "auth",
            "--pin-env",
            "P",
            "--at",
            AT,
        ],
        &[("P", "1234")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&sig)
            .unwrap()
            .starts_with("-----BEGIN CMS-----")
    );
    let trust = state.join("trust.pem");
    // An authentication certificate is not a signing certificate: refused unless asked.
    let o = jpki(&[
        "verify",
        s(&sig),
        "--trust",
        s(&trust),
        "--at",
        AT,
        "--json",
        "--revocation",
        "off",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        json(&o)["checks"]["certificate"]["error"]
            .as_str()
            .unwrap()
            .contains("nonRepudiation")
    );
    let o = jpki(&[
        "verify",
        s(&sig),
        "--trust",
        s(&trust),
        "--at",
        AT,
        "--any-certificate",
        "--json",
        "--revocation",
        "off",
    ]);
    let v = json(&o);
    assert_eq!(v["checks"]["signature"]["result"], "passed");
    assert_eq!(v["checks"]["certificate"]["result"], "passed");
    // Nothing to compare (no --expect-*): the third check does not run.
    assert_eq!(v["checks"]["personal_info"]["result"], "not_run");
    assert_eq!(o.status.code(), Some(0));
    // With applicant data, an authentication certificate carries no 4 basic info.
    let o = jpki(&[
        "verify",
        s(&sig),
        "--trust",
        s(&trust),
        "--at",
        AT,
        "--any-certificate",
        "--expect-name",
        "吉田 太郎",
        "--json",
        "--revocation",
        "off",
    ]);
    let v = json(&o);
    assert_eq!(v["checks"]["personal_info"]["result"], "failed");
    assert!(
        v["checks"]["personal_info"]["error"]
            .as_str()
            .unwrap()
            .contains("carries no 4 basic info")
    );
    assert_eq!(o.status.code(), Some(1));
    // A wrong PIN when signing: exit 2, nothing written.
    let out = dir.join("never.p7s");
    let o = jpki_env(
        &[
            "sign",
            "--sim",
            s(&card),
            s(&form),
            "-o",
            s(&out),
            "--key",
            "auth",
            "--pin-env",
            "P",
        ],
        &[("P", "9999")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn a_closed_standard_output_is_exit_2_never_a_panic() {
    let (state, cert) = authority_with_cert("closed-stdout");
    for args in [
        vec!["cert", "show", s(&cert)],
        vec!["cert", "show", s(&cert), "--json"],
        vec!["sim", "list", s(&state)],
    ] {
        // The reading end is closed before jpki starts: every write fails (EPIPE).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_jpki"))
            .args(&args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}
