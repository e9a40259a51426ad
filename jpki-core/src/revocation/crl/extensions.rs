//! CRL extensions ([RFC 5280 §5.2](https://www.rfc-editor.org/rfc/rfc5280#section-5.2)).

use const_oid::ObjectIdentifier;
use der::Decode;
use x509_cert::ext::pkix::name::GeneralName as X509GeneralName;
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, IssuerAltName};

use super::entry;
use super::tlv::{self, Fault};
use crate::Serial;
use crate::cert::{ExtensionInfo, GeneralName};
use crate::error::Error;
use crate::oid::Oid;

const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
const ISSUER_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x12];
const CRL_NUMBER: &[u8] = &[0x55, 0x1d, 0x14];
const DELTA_CRL_INDICATOR: &[u8] = &[0x55, 0x1d, 0x1b];
const ISSUING_DISTRIBUTION_POINT: &[u8] = &[0x55, 0x1d, 0x1c];
const FRESHEST_CRL: &[u8] = &[0x55, 0x1d, 0x2e];
const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];

/// The issuingDistributionPoint extension: the scope of a CRL
/// ([RFC 5280 §5.2.5](https://www.rfc-editor.org/rfc/rfc5280#section-5.2.5)).
///
/// ```text
/// IssuingDistributionPoint ::= SEQUENCE {
///      distributionPoint          [0] DistributionPointName OPTIONAL,
///      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
///      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
///      onlySomeReasons            [3] ReasonFlags OPTIONAL,
///      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
///      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
/// ```
///
/// J-LIS partitions its end-entity CRLs by municipality: each CRL's
/// distributionPoint is the directoryName written as the cRLDistributionPoints
/// of the certificates it covers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct IssuingDistributionPoint {
    /// The fullName names of distributionPoint (empty when absent).
    pub full_name: Vec<GeneralName>,
    /// A nameRelativeToCRLIssuer distributionPoint: the DER of the
    /// RelativeDistinguishedName (a SET) that, appended to the CRL issuer's
    /// name, names the point.
    pub relative_name: Option<Vec<u8>>,
    /// onlyContainsUserCerts: end-entity certificates only.
    pub only_user_certs: bool,
    /// onlyContainsCACerts: CA certificates only (an authority revocation list).
    pub only_ca_certs: bool,
    /// onlyContainsAttributeCerts.
    pub only_attribute_certs: bool,
    /// indirectCRL: entries may concern certificates of other issuers.
    pub indirect_crl: bool,
    /// onlySomeReasons is present: the CRL lists only some revocation reasons.
    pub only_some_reasons: bool,
    /// The reasons onlySomeReasons names (`None` when absent: every reason).
    pub reasons: Option<ReasonFlags>,
}

use crate::cert::ReasonFlags;

/// What the CRL extensions say.
#[derive(Clone, Debug, Default)]
pub(super) struct Decoded {
    pub(super) list: Vec<ExtensionInfo>,
    pub(super) authority_key_id: Option<Vec<u8>>,
    pub(super) crl_number: Option<Serial>,
    pub(super) delta_base: Option<Serial>,
    pub(super) idp: Option<IssuingDistributionPoint>,
    /// freshestCRL is present: delta CRLs may exist for this CRL.
    pub(super) freshest: bool,
}

/// Reads `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension`, given as the
/// content of the SEQUENCE. Faults are reported with `malformed(what)`.
pub(super) fn decode(
    mut list: &[u8],
    malformed: impl Fn(Fault) -> Error,
) -> Result<Decoded, Error> {
    let mut out = Decoded::default();
    if list.is_empty() {
        return Err(malformed("empty crlExtensions"));
    }
    while !list.is_empty() {
        let (body, rest) =
            tlv::expect(list, tlv::SEQUENCE, "extension is not a SEQUENCE").map_err(&malformed)?;
        list = rest;
        let (oid_bytes, critical, value) = entry::extension(body).map_err(&malformed)?;
        let oid =
            Oid(ObjectIdentifier::from_bytes(oid_bytes).map_err(|_| malformed("malformed OID"))?);
        if out.list.iter().any(|e| e.oid == oid) {
            return Err(Error::DuplicateExtension { oid });
        }
        out.list.push(ExtensionInfo { oid, critical });
        match oid_bytes {
            AUTHORITY_KEY_ID => {
                let aki = AuthorityKeyIdentifier::from_der(value)
                    .map_err(Error::decode("CRL authorityKeyIdentifier"))?;
                out.authority_key_id = aki.key_identifier.map(|k| k.as_bytes().to_vec());
            }
            CRL_NUMBER => {
                // RFC 5280 §5.2.3: "This extension is … non-critical."
                if critical {
                    return Err(Error::CrlNumberCritical);
                }
                out.crl_number = Some(crl_number(value).map_err(&malformed)?);
            }
            DELTA_CRL_INDICATOR => {
                out.delta_base = Some(crl_number(value).map_err(&malformed)?);
            }
            ISSUING_DISTRIBUTION_POINT => out.idp = Some(idp(value, &malformed)?),
            FRESHEST_CRL => {
                x509_cert::ext::pkix::FreshestCrl::from_der(value)
                    .map_err(Error::decode("CRL freshestCRL"))?;
                out.freshest = true;
            }
            AUTHORITY_INFO_ACCESS => {
                AuthorityInfoAccessSyntax::from_der(value)
                    .map_err(Error::decode("CRL authorityInfoAccess"))?;
            }
            ISSUER_ALT_NAME => {
                IssuerAltName::from_der(value).map_err(Error::decode("CRL issuerAltName"))?;
            }
            _ if critical => {
                return Err(Error::CrlUnknownCriticalExtension { oid, entry: None });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `CRLNumber ::= INTEGER (0..MAX)` (also BaseCRLNumber).
fn crl_number(value: &[u8]) -> Result<Serial, Fault> {
    let (int, rest) = tlv::expect(value, tlv::INTEGER, "cRLNumber is not an INTEGER")?;
    if !rest.is_empty() {
        return Err("data after cRLNumber");
    }
    Ok(Serial::from_bytes(tlv::unsigned_integer(int)?))
}

/// Reads the IssuingDistributionPoint, strictly: fields in order, TRUE booleans
/// only (a FALSE equal to the DEFAULT must be left out), not empty, and at most
/// one `onlyContains…` set.
fn idp(
    value: &[u8],
    malformed: &impl Fn(Fault) -> Error,
) -> Result<IssuingDistributionPoint, Error> {
    let (mut body, rest) = tlv::expect(
        value,
        tlv::SEQUENCE,
        "issuingDistributionPoint is not a SEQUENCE",
    )
    .map_err(malformed)?;
    if !rest.is_empty() {
        return Err(malformed("data after issuingDistributionPoint"));
    }
    if body.is_empty() {
        return Err(malformed("empty issuingDistributionPoint"));
    }
    let mut out = IssuingDistributionPoint {
        full_name: Vec::new(),
        relative_name: None,
        only_user_certs: false,
        only_ca_certs: false,
        only_attribute_certs: false,
        indirect_crl: false,
        only_some_reasons: false,
        reasons: None,
    };
    let mut last = None;
    while !body.is_empty() {
        let (tag, field, rest) = tlv::read(body).map_err(malformed)?;
        body = rest;
        let number = tag & 0x1f;
        if tag & 0xc0 != 0x80 || last.is_some_and(|l| number <= l) {
            return Err(malformed("issuingDistributionPoint fields out of order"));
        }
        last = Some(number);
        match tag {
            0xa0 => {
                let (choice, names, after) = tlv::read(field).map_err(malformed)?;
                if !after.is_empty() {
                    return Err(malformed("data after distributionPoint"));
                }
                match choice {
                    0xa0 => out.full_name = general_names(names, malformed)?,
                    0xa1 => {
                        // [1] IMPLICIT RelativeDistinguishedName: a SET OF.
                        let bad = |_| malformed("malformed nameRelativeToCRLIssuer");
                        let rdn = der::asn1::AnyRef::new(der::Tag::Set, names)
                            .and_then(|a| der::Encode::to_der(&a))
                            .map_err(bad)?;
                        x509_cert::name::RelativeDistinguishedName::from_der(&rdn).map_err(bad)?;
                        out.relative_name = Some(rdn);
                    }
                    _ => return Err(malformed("malformed distributionPoint")),
                }
            }
            0x81 => {
                tlv::true_boolean(field).map_err(malformed)?;
                out.only_user_certs = true;
            }
            0x82 => {
                tlv::true_boolean(field).map_err(malformed)?;
                out.only_ca_certs = true;
            }
            0x83 => {
                out.reasons = Some(ReasonFlags::from_bit_string(field).map_err(malformed)?);
                out.only_some_reasons = true;
            }
            0x84 => {
                tlv::true_boolean(field).map_err(malformed)?;
                out.indirect_crl = true;
            }
            0x85 => {
                tlv::true_boolean(field).map_err(malformed)?;
                out.only_attribute_certs = true;
            }
            _ => return Err(malformed("unknown issuingDistributionPoint field")),
        }
    }
    let only = [
        out.only_user_certs,
        out.only_ca_certs,
        out.only_attribute_certs,
    ];
    if only.iter().filter(|b| **b).count() > 1 {
        return Err(malformed(
            "issuingDistributionPoint sets more than one onlyContains… flag",
        ));
    }
    Ok(out)
}

/// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`, given as its content.
fn general_names(
    mut list: &[u8],
    malformed: &impl Fn(Fault) -> Error,
) -> Result<Vec<GeneralName>, Error> {
    if list.is_empty() {
        return Err(malformed("empty fullName"));
    }
    let mut out = Vec::new();
    while !list.is_empty() {
        let (_, _, whole, rest) = tlv::read_whole(list).map_err(malformed)?;
        list = rest;
        let name = X509GeneralName::from_der(whole)
            .map_err(Error::decode("CRL distribution point name"))?;
        out.push(GeneralName::from_x509(&name)?);
    }
    Ok(out)
}
