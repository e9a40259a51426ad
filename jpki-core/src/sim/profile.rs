//! The J-LIS certificate profile as the simulator writes it, and the register-side
//! preparation of the 4 basic info (substitute characters, name spacing, municipality).

use der::Encode;
use der::asn1::{Ia5String, OctetString};
use x509_cert::ext::pkix::AccessDescription;
use x509_cert::ext::pkix::certpolicy::{PolicyInformation, PolicyQualifierInfo};
use x509_cert::ext::pkix::crl::dp::DistributionPoint as X509DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName as X509GeneralName};
use x509_cert::ext::pkix::{
    AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies,
    CrlDistributionPoints, ExtendedKeyUsage, IssuerAltName, KeyUsage, KeyUsages, SubjectAltName,
    SubjectKeyIdentifier,
};

use super::builder::{encoding, object_identifier, serial_der_content};
use crate::SimulatorError;
use crate::cert::{PersonalField, SubstitutePositions, in_certificate_charset, substitute_for};
use crate::error::Error;
use crate::oid::Oid;

pub(crate) const OU_SIGNING: &str = "JPKI for digital signature";
pub(crate) const OU_AUTH: &str = "JPKI for user authentication";
pub(crate) const OU_JLIS: &str = "Japan Agency for Local Authority Information Systems";
const CPS_URI: &str = "http://www.jpki.go.jp/cps.html";

/// Longest address the profile carries (characters).
pub(crate) const MAX_ADDRESS_CHARS: usize = 200;
/// Longest name the simulator accepts (characters).
pub(crate) const MAX_NAME_CHARS: usize = 100;

/// Replaces characters outside the certificate charset by their listed substitutes
/// and records where, as the issuing window does for a register record.
///
/// Fails with [`SimulatorError::NoSubstitute`] for a character that is outside the charset
/// and not in the table (the simulator does not invent substitutes).
pub fn substitute_register_text(
    field: PersonalField,
    text: &str,
) -> Result<(String, SubstitutePositions), Error> {
    let mut out = String::with_capacity(text.len());
    let mut marked = Vec::new();
    for (position, ch) in text.chars().enumerate() {
        if in_certificate_charset(ch) {
            out.push(ch);
        } else if let Some(sub) = substitute_for(ch) {
            out.push(sub);
            marked.push(position);
        } else {
            return Err(Error::Simulator(SimulatorError::NoSubstitute {
                field,
                ch,
                position,
            }));
        }
    }
    let len = out.chars().count();
    Ok((out, SubstitutePositions::from_positions(len, marked)))
}

/// The register's name with surname and given name separated by one U+3000, as
/// the certificate carries it (ASCII or repeated spaces are folded).
pub(crate) fn certificate_name(name: &str) -> String {
    name.split([' ', '\u{3000}', '\t'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\u{3000}")
}

/// (kanji, romaji) of the 47 prefectures, for the subject's L and the CRL partition.
const PREFECTURES: [(&str, &str); 47] = [
    ("北海道", "Hokkaido"),
    ("青森県", "Aomori-ken"),
    ("岩手県", "Iwate-ken"),
    ("宮城県", "Miyagi-ken"),
    ("秋田県", "Akita-ken"),
    ("山形県", "Yamagata-ken"),
    ("福島県", "Fukushima-ken"),
    ("茨城県", "Ibaraki-ken"),
    ("栃木県", "Tochigi-ken"),
    ("群馬県", "Gunma-ken"),
    ("埼玉県", "Saitama-ken"),
    ("千葉県", "Chiba-ken"),
    ("東京都", "Tokyo-to"),
    ("神奈川県", "Kanagawa-ken"),
    ("新潟県", "Niigata-ken"),
    ("富山県", "Toyama-ken"),
    ("石川県", "Ishikawa-ken"),
    ("福井県", "Fukui-ken"),
    ("山梨県", "Yamanashi-ken"),
    ("長野県", "Nagano-ken"),
    ("岐阜県", "Gifu-ken"),
    ("静岡県", "Shizuoka-ken"),
    ("愛知県", "Aichi-ken"),
    ("三重県", "Mie-ken"),
    ("滋賀県", "Shiga-ken"),
    ("京都府", "Kyoto-fu"),
    ("大阪府", "Osaka-fu"),
    ("兵庫県", "Hyogo-ken"),
    ("奈良県", "Nara-ken"),
    ("和歌山県", "Wakayama-ken"),
    ("鳥取県", "Tottori-ken"),
    ("島根県", "Shimane-ken"),
    ("岡山県", "Okayama-ken"),
    ("広島県", "Hiroshima-ken"),
    ("山口県", "Yamaguchi-ken"),
    ("徳島県", "Tokushima-ken"),
    ("香川県", "Kagawa-ken"),
    ("愛媛県", "Ehime-ken"),
    ("高知県", "Kochi-ken"),
    ("福岡県", "Fukuoka-ken"),
    ("佐賀県", "Saga-ken"),
    ("長崎県", "Nagasaki-ken"),
    ("熊本県", "Kumamoto-ken"),
    ("大分県", "Oita-ken"),
    ("宮崎県", "Miyazaki-ken"),
    ("鹿児島県", "Kagoshima-ken"),
    ("沖縄県", "Okinawa-ken"),
];

/// The romaji prefecture an address starts with, and the rest of the address.
pub(crate) fn prefecture_of(address: &str) -> Option<(&'static str, &str)> {
    PREFECTURES
        .iter()
        .find_map(|(kanji, romaji)| address.strip_prefix(kanji).map(|rest| (*romaji, rest)))
}

/// The municipality at the start of `rest` (what follows the prefecture): up to the
/// first 市, 区, 町 or 村, skipping a 郡 (district) prefix, and including the ward
/// of a designated city (札幌市南区).
pub(crate) fn municipality_of(rest: &str) -> Option<String> {
    let chars: Vec<char> = rest.chars().collect();
    let mut start_search = 0;
    if let Some(gun) = chars.iter().position(|&c| c == '郡')
        && gun < 6
    {
        start_search = gun + 1;
    }
    let end = chars
        .iter()
        .enumerate()
        .skip(start_search)
        .find(|(_, c)| matches!(c, '市' | '区' | '町' | '村'))
        .map(|(i, _)| i)?;
    let mut end = end + 1;
    if chars.get(end - 1) == Some(&'市')
        && let Some(ward) = chars.iter().skip(end).take(5).position(|&c| c == '区')
    {
        end += ward + 1;
    }
    Some(chars.iter().take(end).collect())
}

fn ext_der<T: Encode>(what: &'static str, value: &T) -> Result<Vec<u8>, Error> {
    value.to_der().map_err(encoding(what))
}

fn ia5(what: &'static str, s: &str) -> Result<Ia5String, Error> {
    Ia5String::new(s).map_err(encoding(what))
}

pub(crate) fn key_usage(bits: &[KeyUsages]) -> Result<Vec<u8>, Error> {
    let mut set = flagset::FlagSet::<KeyUsages>::default();
    for b in bits {
        set |= *b;
    }
    ext_der("keyUsage", &KeyUsage(set))
}

pub(crate) fn basic_constraints_ca() -> Result<Vec<u8>, Error> {
    ext_der(
        "basicConstraints",
        &BasicConstraints {
            ca: true,
            path_len_constraint: None,
        },
    )
}

pub(crate) fn policies(policy: Oid) -> Result<Vec<u8>, Error> {
    let cps = der::Any::encode_from(&ia5("CPS URI", CPS_URI)?).map_err(encoding("CPS URI"))?;
    ext_der(
        "certificatePolicies",
        &CertificatePolicies(vec![PolicyInformation {
            policy_identifier: object_identifier(&policy)?,
            policy_qualifiers: Some(vec![PolicyQualifierInfo {
                policy_qualifier_id: const_oid::db::rfc5280::ID_QT_CPS,
                qualifier: Some(cps),
            }]),
        }]),
    )
}

pub(crate) fn directory_name(dn_der: &[u8]) -> Result<X509GeneralName, Error> {
    use der::Decode;
    Ok(X509GeneralName::DirectoryName(
        x509_cert::name::Name::from_der(dn_der).map_err(encoding("name"))?,
    ))
}

pub(crate) fn subject_alt_name(names: Vec<X509GeneralName>) -> Result<Vec<u8>, Error> {
    ext_der("subjectAltName", &SubjectAltName(names))
}

pub(crate) fn issuer_alt_name(names: Vec<X509GeneralName>) -> Result<Vec<u8>, Error> {
    ext_der("issuerAltName", &IssuerAltName(names))
}

pub(crate) fn crl_distribution_point(dn_der: &[u8]) -> Result<Vec<u8>, Error> {
    ext_der(
        "cRLDistributionPoints",
        &CrlDistributionPoints(vec![X509DistributionPoint {
            distribution_point: Some(DistributionPointName::FullName(vec![directory_name(
                dn_der,
            )?])),
            reasons: None,
            crl_issuer: None,
        }]),
    )
}

pub(crate) fn ocsp_access(url: &str) -> Result<Vec<u8>, Error> {
    ext_der(
        "authorityInfoAccess",
        &AuthorityInfoAccessSyntax(vec![AccessDescription {
            access_method: const_oid::db::rfc5280::ID_AD_OCSP,
            access_location: X509GeneralName::UniformResourceIdentifier(ia5("OCSP URL", url)?),
        }]),
    )
}

pub(crate) fn extended_key_usage(purposes: &[Oid]) -> Result<Vec<u8>, Error> {
    ext_der(
        "extKeyUsage",
        &ExtendedKeyUsage(
            purposes
                .iter()
                .map(object_identifier)
                .collect::<Result<_, _>>()?,
        ),
    )
}

/// RFC 7093 method 1: the leftmost 160 bits of SHA-256 over the subjectPublicKey bits.
pub(crate) fn key_id(spki_der: &[u8]) -> Result<Vec<u8>, Error> {
    use der::Decode;
    use sha2::{Digest, Sha256};
    let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).map_err(encoding("public key"))?;
    let bits = spki.subject_public_key.raw_bytes();
    Ok(Sha256::digest(bits).get(..20).unwrap_or_default().to_vec())
}

pub(crate) fn subject_key_id(id: &[u8]) -> Result<Vec<u8>, Error> {
    ext_der(
        "subjectKeyIdentifier",
        &SubjectKeyIdentifier(OctetString::new(id).map_err(encoding("key id"))?),
    )
}

/// keyIdentifier plus authorityCertIssuer and authorityCertSerialNumber, as J-LIS writes it.
pub(crate) fn authority_key_id(
    key_id: &[u8],
    ca_issuer_dn: &[u8],
    ca_serial: &crate::Serial,
) -> Result<Vec<u8>, Error> {
    ext_der(
        "authorityKeyIdentifier",
        &AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(key_id).map_err(encoding("key id"))?),
            authority_cert_issuer: Some(vec![directory_name(ca_issuer_dn)?]),
            authority_cert_serial_number: Some(
                x509_cert::serial_number::SerialNumber::new(&serial_der_content(ca_serial))
                    .map_err(encoding("serial"))?,
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_are_applied_and_marked() {
        let (text, pos) = substitute_register_text(PersonalField::Name, "𠮷田　髙志").unwrap();
        assert_eq!(text, "吉田　高志");
        assert_eq!(pos.positions(), &[0, 3]);
        assert_eq!(pos.to_digits(), "10010");
        let err = substitute_register_text(PersonalField::Address, "東京都\u{E123}").unwrap_err();
        assert!(matches!(
            err,
            Error::Simulator(SimulatorError::NoSubstitute {
                field: PersonalField::Address,
                ch: '\u{E123}',
                position: 3
            })
        ));
    }

    #[test]
    fn names_get_one_ideographic_space() {
        assert_eq!(certificate_name(" 吉田  太郎 "), "吉田\u{3000}太郎");
        assert_eq!(certificate_name("吉田\u{3000}太郎"), "吉田\u{3000}太郎");
    }

    #[test]
    fn prefecture_and_municipality() {
        let (p, rest) = prefecture_of("東京都千代田区霞が関2丁目1番2号").unwrap();
        assert_eq!(p, "Tokyo-to");
        assert_eq!(municipality_of(rest).unwrap(), "千代田区");
        let (p, rest) = prefecture_of("北海道札幌市南区真駒内1条1丁目").unwrap();
        assert_eq!(p, "Hokkaido");
        assert_eq!(municipality_of(rest).unwrap(), "札幌市南区");
        let (_, rest) = prefecture_of("北海道天塩郡幌延町宮園町1番地").unwrap();
        assert_eq!(municipality_of(rest).unwrap(), "天塩郡幌延町");
        assert!(prefecture_of("霞が関2丁目").is_none());
    }
}
