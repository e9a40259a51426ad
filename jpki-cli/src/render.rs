//! Certificates and comparisons as stable JSON and as readable text.

use std::fmt::Write as _;

use jpki::Certificate;
use jpki::Comparison;
use jpki::FieldMatch;
use jpki::PersonalInfo;
use jpki::cert::{DistinguishedName, GeneralName, IssuerMatch, SubstitutePositions};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn general_name(g: &GeneralName) -> Value {
    match g {
        GeneralName::Uri(u) => json!({"type": "uri", "value": u}),
        GeneralName::DirectoryName(dn) => {
            json!({"type": "directory_name", "value": dn.to_string()})
        }
        GeneralName::Dns(d) => json!({"type": "dns", "value": d}),
        GeneralName::Email(e) => json!({"type": "email", "value": e}),
        GeneralName::OtherName { oid, value } => {
            json!({"type": "other_name", "oid": oid.to_string(), "value": value})
        }
        GeneralName::IpAddress(_) => {
            let text = g.to_string();
            json!({"type": "ip_address", "value": text.strip_prefix("IP:").unwrap_or(&text)})
        }
        _ => json!({"type": "other"}),
    }
}

/// The 4 basic info as the core serializes them (`holder` of `jpki verify`):
/// one shape wherever they appear.
pub(crate) fn personal_info_json(info: &PersonalInfo) -> Value {
    // The core's value has string keys only: serializing it cannot fail.
    serde_json::to_value(info).unwrap_or(Value::Null)
}

pub(crate) fn issuer_json(
    cert: &Certificate,
    issuer: Option<(&Certificate, IssuerMatch)>,
) -> Value {
    match issuer {
        None => Value::Null,
        Some((ca, how)) => json!({
            "subject": ca.subject().to_string(),
            "serial": ca.serial().to_string(),
            "subject_key_id": ca.subject_key_id().map(hex),
            "not_before": ca.not_before().to_string(),
            "not_after": ca.not_after().to_string(),
            "matched_by": match how { IssuerMatch::KeyId => "key_id", IssuerMatch::IssuerAndSerial => "issuer_and_serial" },
            "self_signed": std::ptr::eq(ca, cert),
        }),
    }
}

pub(crate) fn certificate_json(
    cert: &Certificate,
    issuer: Option<(&Certificate, IssuerMatch)>,
) -> Value {
    let aki = cert.authority_key_id().map(|a| {
        json!({
            "key_id": a.key_id.as_deref().map(hex),
            "issuer": a.issuer.iter().map(general_name).collect::<Vec<_>>(),
            "serial": a.serial.as_ref().map(|s| s.to_string()),
        })
    });
    json!({
        "kind": cert.kind().as_str(),
        "environment": cert.environment().map(|e| e.as_str()),
        "version": cert.version(),
        "serial": cert.serial().to_string(),
        "subject": cert.subject().to_string(),
        "issuer": cert.issuer().to_string(),
        "not_before": cert.not_before().to_string(),
        "not_after": cert.not_after().to_string(),
        "prefecture": if cert.kind() == jpki::cert::CertificateKind::Signing { cert.prefecture() } else { None },
        "municipality": if cert.kind() == jpki::cert::CertificateKind::Signing { cert.municipality() } else { None },
        "public_key": {
            "algorithm": cert.public_key_algorithm().to_string(),
            "rsa_bits": cert.rsa_modulus_bits(),
        },
        "signature_algorithm": cert.signature_algorithm().to_string(),
        "key_usage": cert.key_usage().map(|k| k.names()),
        "extended_key_usage": cert.extended_key_usage().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "basic_constraints": cert.basic_constraints().map(|b| json!({"ca": b.ca, "path_len": b.path_len})),
        "policies": cert.policies().iter()
            .map(|p| json!({"oid": p.oid.to_string(), "cps": p.cps_uris}))
            .collect::<Vec<_>>(),
        "crl_distribution_points": cert.crl_distribution_points().iter()
            .map(|dp| {
                let mut point = json!({
                    "full_name": dp.full_name.iter().map(general_name).collect::<Vec<_>>(),
                    "crl_issuer": dp.crl_issuer.iter().map(general_name).collect::<Vec<_>>(),
                });
                // Present only when the point has them (no value is null).
                if let Some(fields) = point.as_object_mut() {
                    if dp.relative_name.is_some() {
                        let names = dp.names(cert.issuer());
                        fields.insert(
                            "relative_name".into(),
                            json!(names.iter().map(general_name).collect::<Vec<_>>()),
                        );
                    }
                    if let Some(reasons) = dp.reasons {
                        fields.insert("reasons".into(), json!(reasons.name_list().collect::<Vec<_>>()));
                    }
                }
                point
            })
            .collect::<Vec<_>>(),
        "ocsp_urls": cert.ocsp_urls(),
        "ca_issuers_urls": cert.ca_issuers_urls(),
        "subject_key_id": cert.subject_key_id().map(hex),
        "authority_key_id": aki,
        "subject_alt_names": cert.subject_alt_names().iter().map(general_name).collect::<Vec<_>>(),
        "issuer_alt_names": cert.issuer_alt_names().iter().map(general_name).collect::<Vec<_>>(),
        "extensions": cert.extensions().iter()
            .map(|e| json!({"oid": e.oid.to_string(), "critical": e.critical}))
            .collect::<Vec<_>>(),
        "personal_info": cert.personal_info().map(personal_info_json),
        "hpki_roles": cert.hpki_roles(),
        "issuer_certificate": issuer_json(cert, issuer),
        "sha256_fingerprint": hex(&Sha256::digest(cert.der())),
    })
}

fn dn_line(dn: &DistinguishedName) -> String {
    if dn.is_empty() {
        "(empty)".into()
    } else {
        dn.to_string()
    }
}

/// Marks substituted characters: `吉田　太郎` with index 0 → `[吉]田　太郎`.
pub(crate) fn mark_substitutes(text: &str, subs: &SubstitutePositions) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if subs.is_substituted(i) {
                format!("[{c}]")
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub(crate) fn personal_info_text(info: &PersonalInfo, indent: &str) -> String {
    let mut s = String::new();
    let b = info.birth_date();
    let _ = writeln!(
        s,
        "{indent}氏名 name        {}",
        mark_substitutes(info.name(), info.name_substitutes())
    );
    let _ = writeln!(
        s,
        "{indent}生年月日 birth   {} ({}, era code {})",
        b.to_iso(),
        b.to_japanese(),
        b.era().code()
    );
    let _ = writeln!(
        s,
        "{indent}性別 sex         {} ({})",
        info.sex(),
        info.sex().japanese()
    );
    let _ = writeln!(
        s,
        "{indent}住所 address     {}",
        mark_substitutes(info.address(), info.address_substitutes())
    );
    for (label, text, subs) in [
        ("name", info.name(), info.name_substitutes()),
        ("address", info.address(), info.address_substitutes()),
    ] {
        if subs.any() {
            let list: Vec<String> = subs
                .positions()
                .iter()
                .filter_map(|&i| text.chars().nth(i).map(|c| format!("{c} at index {i}")))
                .collect();
            let _ = writeln!(
                s,
                "{indent}  substitute characters (代替文字) in the {label}: {}",
                list.join(", ")
            );
        }
    }
    for f in info.other_fields() {
        let _ = writeln!(s, "{indent}other field {}  {}", f.oid, f.value);
    }
    s
}

pub(crate) fn certificate_text(
    cert: &Certificate,
    issuer: Option<(&Certificate, IssuerMatch)>,
) -> String {
    let mut s = String::new();
    let env = cert
        .environment()
        .map(|e| format!(" ({} policy)", e.as_str()))
        .unwrap_or_default();
    let _ = writeln!(s, "Certificate: {}{env}", cert.kind());
    let _ = writeln!(
        s,
        "  serial        {} ({})",
        cert.serial(),
        cert.serial().to_decimal()
    );
    let _ = writeln!(s, "  subject       {}", dn_line(cert.subject()));
    let _ = writeln!(s, "  issuer        {}", dn_line(cert.issuer()));
    let _ = writeln!(
        s,
        "  valid         {} .. {}",
        cert.not_before(),
        cert.not_after()
    );
    if let Some(bits) = cert.rsa_modulus_bits() {
        let _ = writeln!(s, "  key           RSA-{bits}");
    }
    if let Some(ku) = cert.key_usage() {
        let _ = writeln!(s, "  key usage     {}", ku.names().join(", "));
    }
    for p in cert.policies() {
        let _ = writeln!(s, "  policy        {}", p.oid);
    }
    for dp in cert.crl_distribution_points() {
        let limited = dp
            .reasons
            .map(|r| format!(" (reasons: {})", r.names()))
            .unwrap_or_default();
        for n in dp.names(cert.issuer()) {
            let _ = writeln!(s, "  CRL DP        {n}{limited}");
        }
    }
    for u in cert.ocsp_urls() {
        let _ = writeln!(s, "  OCSP          {u}");
    }
    if let Some(id) = cert.subject_key_id() {
        let _ = writeln!(s, "  key id        {}", hex(id));
    }
    if let Some(aki) = cert.authority_key_id() {
        if let Some(id) = &aki.key_id {
            let _ = writeln!(s, "  issuer key id {}", hex(id));
        }
        if let Some(serial) = &aki.serial {
            let _ = writeln!(s, "  issuer serial {serial}");
        }
    }
    for n in cert.subject_alt_names() {
        if !matches!(n, GeneralName::OtherName { .. }) {
            let _ = writeln!(s, "  alt name      {n}");
        }
    }
    if let Some(info) = cert.personal_info() {
        let _ = writeln!(s, "  4 basic info (基本4情報), [x] = substitute character:");
        s.push_str(&personal_info_text(info, "    "));
    }
    for role in cert.hpki_roles() {
        let _ = writeln!(s, "  HPKI role     {role}");
    }
    match issuer {
        Some((ca, how)) if !std::ptr::eq(ca, cert) => {
            let how = match how {
                IssuerMatch::KeyId => "authority key id",
                IssuerMatch::IssuerAndSerial => "issuer name and serial",
            };
            let _ = writeln!(
                s,
                "  issuing CA    generation valid {} .. {}, serial {} (matched by {how})",
                ca.not_before(),
                ca.not_after(),
                ca.serial()
            );
        }
        _ => {}
    }
    let _ = writeln!(s, "  SHA-256       {}", hex(&Sha256::digest(cert.der())));
    s
}

pub(crate) fn field_match_json(m: &FieldMatch) -> Value {
    match m {
        FieldMatch::Exact => json!({"result": "exact", "match": true}),
        FieldMatch::Normalized { applied } => json!({
            "result": "normalized", "match": true,
            "normalized": applied.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        }),
        FieldMatch::EquivalentBySubstitution { positions, applied } => json!({
            "result": "equivalent_by_substitution", "match": true,
            "positions": positions,
            "normalized": applied.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        }),
        FieldMatch::Mismatch {
            field,
            expected,
            found,
            position,
        } => json!({
            "result": "mismatch", "match": false,
            "field": field.as_str(),
            "expected": expected,
            "found": found,
            "position": position,
            "message": m.to_string(),
        }),
        FieldMatch::NotProvided => json!({"result": "not_provided", "match": false}),
        _ => json!({"result": m.to_string(), "match": m.is_match()}),
    }
}

/// The fields of `jpki cert compare --json` after `valid` (whether every given
/// field matches): `all_four_match` and each field's match.
pub(crate) fn comparison_json(c: &Comparison) -> Value {
    let mut fields = serde_json::Map::new();
    for (field, m) in c.fields() {
        fields.insert(field.as_str().to_owned(), field_match_json(m));
    }
    json!({"all_four_match": c.all_match(), "fields": fields})
}

/// One line per field: `name        exact`; a mismatch is the library's sentence,
/// which leads with the field (`birth date: expected 昭和25年4月1日, found …`).
pub(crate) fn comparison_text(c: &Comparison, indent: &str) -> String {
    let mut s = String::new();
    for (field, m) in c.fields() {
        let _ = match m {
            FieldMatch::Mismatch { .. } => writeln!(s, "{indent}{m}"),
            _ => writeln!(s, "{indent}{:<11} {m}", field.as_str()),
        };
    }
    s
}
