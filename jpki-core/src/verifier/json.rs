//! The JSON form of verdicts, 4 basic info and comparisons (feature `serde`):
//! the field names `jpki … --json` prints, a stable contract (version
//! [`Verdict::JSON_SCHEMA_VERSION`]).
//!
//! The rules of the contract: keys in the order written here (`valid` first,
//! `schema_version` second in a verdict); serials as `0x` hex ([`Serial`]'s
//! `Display`); a value that is absent (not known, not applicable, a check that
//! did not run) is left out rather than written `null`.

use serde::ser::{Serialize, Serializer};
use serde_json_shim::Value;

use super::{CertificateVerdict, Check, Verdict};
use crate::Certificate;
use crate::Comparison;
use crate::FieldMatch;
use crate::PersonalInfo;
use crate::Serial;
use crate::cert::SubstitutePositions;
use crate::revocation::RevocationStatus;

/// A tiny JSON value type, so the core needs `serde` alone (no `serde_json`).
mod serde_json_shim {
    use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

    /// A JSON value built here and serialized by the caller's serializer.
    #[derive(Clone, Debug, PartialEq)]
    pub(super) enum Value {
        /// Absent: an object member with this value is left out.
        Null,
        Bool(bool),
        Number(u64),
        Text(String),
        List(Vec<Value>),
        Object(Vec<(&'static str, Value)>),
    }

    impl Serialize for Value {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Self::Null => s.serialize_none(),
                Self::Bool(b) => s.serialize_bool(*b),
                Self::Number(n) => s.serialize_u64(*n),
                Self::Text(t) => s.serialize_str(t),
                Self::List(items) => {
                    let mut seq = s.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(item)?;
                    }
                    seq.end()
                }
                Self::Object(fields) => {
                    // An absent value is left out, never written `null`.
                    let present = || fields.iter().filter(|(_, v)| *v != Self::Null);
                    let mut map = s.serialize_map(Some(present().count()))?;
                    for (k, v) in present() {
                        map.serialize_entry(k, v)?;
                    }
                    map.end()
                }
            }
        }
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    v.map_or(Value::Null, f)
}

fn list<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> Value) -> Value {
    Value::List(items.into_iter().map(f).collect())
}

fn serial(serial: &Serial) -> Value {
    text(serial.to_string())
}

fn check(c: &Check) -> Vec<(&'static str, Value)> {
    let mut fields = vec![("result", text(c.as_str()))];
    if let Some(e) = c.error() {
        fields.extend(error(e));
    }
    fields
}

/// `error` (the message), `code` and `kind` of an error.
fn error(e: &crate::Error) -> [(&'static str, Value); 3] {
    [
        ("error", text(e.to_string())),
        ("code", Value::Number(u64::from(e.kind().code()))),
        ("kind", text(e.kind().name())),
    ]
}

/// One certificate's revocation status: `{"serial": "0x…", "status": "good",
/// "source": "crl"}` and the like.
fn status(certificate: &Serial, s: &RevocationStatus) -> Value {
    let mut fields = vec![
        ("serial", serial(certificate)),
        ("status", text(s.as_str())),
    ];
    match s {
        RevocationStatus::Good { source } => fields.push(("source", text(source.as_str()))),
        RevocationStatus::Revoked {
            at, reason, source, ..
        } => {
            fields.push(("revoked_at", text(at.to_string())));
            fields.push(("reason", opt(*reason, |r| text(r.rfc_name()))));
            fields.push(("source", text(source.as_str())));
        }
        RevocationStatus::SoftFailed { causes, .. } => {
            fields.push(("causes", list(causes, |e| Value::Object(error(e).into()))));
        }
        _ => {}
    }
    Value::Object(fields)
}

/// The revocation check, with each certificate's status once it ran.
fn revocation(c: &Check, each: &[(Serial, RevocationStatus)]) -> Value {
    let mut fields = check(c);
    if matches!(c, Check::Passed | Check::Failed(_)) {
        fields.push((
            "certificates",
            list(each, |(certificate, s)| status(certificate, s)),
        ));
    }
    Value::Object(fields)
}

fn path_entry(c: &Certificate) -> Value {
    Value::Object(vec![
        ("subject", text(c.subject().to_string())),
        ("serial", serial(c.serial())),
    ])
}

/// A certificate's identity: subject, issuer, serial, kind and validity.
fn certificate_summary(c: &Certificate) -> Value {
    Value::Object(vec![
        ("subject", text(c.subject().to_string())),
        ("issuer", text(c.issuer().to_string())),
        ("serial", serial(c.serial())),
        ("kind", text(c.kind().as_str())),
        ("not_before", text(c.not_before().to_string())),
        ("not_after", text(c.not_after().to_string())),
    ])
}

fn schema_version() -> Value {
    Value::Number(u64::from(Verdict::JSON_SCHEMA_VERSION))
}

fn substituted(t: &str, subs: &SubstitutePositions) -> Value {
    list(subs.positions(), |&i| {
        Value::Object(vec![
            ("index", Value::Number(u64::try_from(i).unwrap_or(u64::MAX))),
            ("char", opt(t.chars().nth(i), |c| text(c.to_string()))),
        ])
    })
}

fn personal_info(info: &PersonalInfo) -> Value {
    let b = info.birth_date();
    Value::Object(vec![
        ("name", text(info.name())),
        ("surname", text(info.surname())),
        ("given_name", opt(info.given_name(), text)),
        (
            "name_substitutes",
            text(info.name_substitutes().to_digits()),
        ),
        (
            "name_substituted",
            substituted(info.name(), info.name_substitutes()),
        ),
        (
            "birth_date",
            Value::Object(vec![
                ("iso", text(b.to_iso())),
                ("japanese", text(b.to_japanese())),
                ("era", text(b.era().romaji())),
                ("era_code", text(b.era().code().to_string())),
                ("certificate_form", text(b.to_certificate_form())),
            ]),
        ),
        ("sex", text(info.sex().as_str())),
        ("sex_code", text(info.sex().code().to_string())),
        ("address", text(info.address())),
        (
            "address_substitutes",
            text(info.address_substitutes().to_digits()),
        ),
        (
            "address_substituted",
            substituted(info.address(), info.address_substitutes()),
        ),
        (
            "other_fields",
            list(info.other_fields(), |f| {
                Value::Object(vec![
                    ("oid", text(f.oid.to_string())),
                    ("value", text(f.value.clone())),
                ])
            }),
        ),
    ])
}

fn normalizations(applied: &[crate::cert::Normalization]) -> Value {
    list(applied, |n| text(n.as_str()))
}

fn field_match(m: &FieldMatch) -> Value {
    let with = |result: &str, is_match: bool, mut more: Vec<(&'static str, Value)>| {
        let mut f = vec![("result", text(result)), ("match", Value::Bool(is_match))];
        f.append(&mut more);
        Value::Object(f)
    };
    let index = |i: usize| Value::Number(u64::try_from(i).unwrap_or(u64::MAX));
    match m {
        FieldMatch::Exact => with("exact", true, vec![]),
        FieldMatch::Normalized { applied } => with(
            "normalized",
            true,
            vec![("normalized", normalizations(applied))],
        ),
        FieldMatch::EquivalentBySubstitution { positions, applied } => with(
            "equivalent_by_substitution",
            true,
            vec![
                ("positions", list(positions, |&i| index(i))),
                ("normalized", normalizations(applied)),
            ],
        ),
        FieldMatch::Mismatch {
            field,
            expected,
            found,
            position,
        } => with(
            "mismatch",
            false,
            vec![
                ("field", text(field.as_str())),
                ("expected", text(expected.clone())),
                ("found", text(found.clone())),
                ("position", opt(*position, index)),
                ("message", text(m.to_string())),
            ],
        ),
        FieldMatch::NotProvided => with("not_provided", false, vec![]),
    }
}

fn comparison(c: &Comparison) -> Value {
    Value::Object(vec![
        ("match", Value::Bool(c.provided_match())),
        ("all_four_match", Value::Bool(c.all_match())),
        (
            "fields",
            Value::Object(
                c.fields()
                    .into_iter()
                    .map(|(field, m)| (field.as_str(), field_match(m)))
                    .collect(),
            ),
        ),
    ])
}

fn verdict(v: &Verdict) -> Value {
    let details = v.signature_details.as_ref();
    Value::Object(vec![
        ("valid", Value::Bool(v.is_valid())),
        ("schema_version", schema_version()),
        ("at", text(v.at.to_string())),
        (
            "checks",
            Value::Object(vec![
                ("signature", Value::Object(check(&v.signature))),
                ("certificate", Value::Object(check(&v.certificate))),
                (
                    "revocation",
                    revocation(&v.revocation, &v.revocation_certificates),
                ),
                ("personal_info", Value::Object(check(&v.personal_info))),
            ]),
        ),
        (
            "signer",
            opt(v.claimed_signer.as_ref(), certificate_summary),
        ),
        ("algorithm", opt(details, |d| text(d.scheme.name()))),
        ("legacy_sha1", opt(details, |d| Value::Bool(d.legacy))),
        (
            "signing_time",
            opt(details.and_then(|d| d.signing_time), |t| {
                text(t.to_string())
            }),
        ),
        (
            "path",
            opt(v.path.as_ref(), |p| list(p.certificates(), path_entry)),
        ),
        ("holder", opt(v.holder.as_ref(), personal_info)),
        ("comparison", opt(v.comparison.as_ref(), comparison)),
    ])
}

fn certificate_verdict(v: &CertificateVerdict) -> Value {
    Value::Object(vec![
        ("valid", Value::Bool(v.is_valid())),
        ("schema_version", schema_version()),
        ("at", text(v.at.to_string())),
        ("usage", text(v.usage.as_str())),
        (
            "checks",
            Value::Object(vec![
                ("certificate", Value::Object(check(&v.certificate))),
                (
                    "revocation",
                    revocation(&v.revocation, &v.revocation_certificates),
                ),
            ]),
        ),
        ("certificate", certificate_summary(&v.subject)),
        (
            "path",
            opt(v.path.as_ref(), |p| list(p.certificates(), path_entry)),
        ),
    ])
}

macro_rules! serialize_via {
    ($ty:ty, $f:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let f: fn(&$ty) -> Value = $f;
                f(self).serialize(s)
            }
        }
    };
}

serialize_via!(Verdict, verdict);
serialize_via!(CertificateVerdict, certificate_verdict);
serialize_via!(PersonalInfo, personal_info);
serialize_via!(Comparison, comparison);
serialize_via!(FieldMatch, field_match);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use serde_json::json;

    use crate::cert::{BirthDate, SubstitutePositions};
    use crate::{Applicant, Date, FieldMatch, PersonalInfo, Sex};

    fn info() -> PersonalInfo {
        let name = "高橋　太郎";
        let address = "東京都千代田区霞が関二丁目1番2号";
        PersonalInfo::new(
            name.into(),
            SubstitutePositions::from_positions(5, vec![0]),
            BirthDate::parse("319500401").unwrap(),
            Sex::Female,
            address.into(),
            SubstitutePositions::none(address.chars().count()),
        )
        .unwrap()
    }

    fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap()
    }

    /// Birth date and sex have no position: it is left out, not `null`.
    #[test]
    fn mismatches_carry_the_field_and_both_values() {
        let wrong = info().compare(
            &Applicant::new()
                .with_name("高橋 次郎")
                .with_birth_date(Date::new(1950, 4, 2).unwrap())
                .with_sex(Sex::Male)
                .with_address("東京都千代田区霞が関2-1-3"),
        );
        let v = to_json(&wrong);
        assert_eq!(v["match"], false);
        assert_eq!(v["all_four_match"], false);
        assert_eq!(
            v["fields"]["birth_date"],
            json!({
                "result": "mismatch",
                "match": false,
                "field": "birth_date",
                "expected": "昭和25年4月1日",
                "found": "昭和25年4月2日",
                "message": "birth date: expected 昭和25年4月1日, found 昭和25年4月2日",
            })
        );
        assert_eq!(
            v["fields"]["sex"],
            json!({
                "result": "mismatch",
                "match": false,
                "field": "sex",
                "expected": "female",
                "found": "male",
                "message": "sex: expected female, found male",
            })
        );
        assert_eq!(
            v["fields"]["name"],
            json!({
                "result": "mismatch",
                "match": false,
                "field": "name",
                "expected": "高橋太郎",
                "found": "高橋次郎",
                "position": 2,
                "message": "name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)",
            })
        );
        assert_eq!(
            v["fields"]["address"],
            json!({
                "result": "mismatch",
                "match": false,
                "field": "address",
                "expected": "東京都千代田区霞が関2-1-2",
                "found": "東京都千代田区霞が関2-1-3",
                "position": 14,
                "message": "address: expected 東京都千代田区霞が関2-1-2, \
                            found 東京都千代田区霞が関2-1-3 (first difference at index 14)",
            })
        );
        // A FieldMatch alone serializes the same.
        assert_eq!(to_json(&wrong.sex), v["fields"]["sex"]);
    }

    #[test]
    fn matches_keep_their_shape() {
        let right = info().compare(
            &Applicant::new()
                .with_name("髙橋 太郎")
                .with_birth_date(Date::new(1950, 4, 1).unwrap())
                .with_address("東京都千代田区霞が関2-1-2"),
        );
        let v = to_json(&right);
        assert_eq!(v["match"], true);
        assert_eq!(v["all_four_match"], false);
        assert_eq!(
            v["fields"]["name"],
            json!({
                "result": "equivalent_by_substitution",
                "match": true,
                "positions": [0],
                "normalized": ["space"],
            })
        );
        assert_eq!(
            v["fields"]["birth_date"],
            json!({"result": "exact", "match": true})
        );
        assert_eq!(
            v["fields"]["sex"],
            json!({"result": "not_provided", "match": false})
        );
        assert_eq!(
            v["fields"]["address"],
            json!({"result": "normalized", "match": true, "normalized": ["block_number"]})
        );
        assert_eq!(
            to_json(&FieldMatch::Exact),
            json!({"result": "exact", "match": true})
        );
    }
}
