//! The certificate extensions JPKI relies on, decoded to plain data.

use core::fmt;

use der::asn1::Ia5StringRef;
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};
use x509_cert::ext::pkix::{
    AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints, CertificatePolicies,
    CrlDistributionPoints, ExtendedKeyUsage, InhibitAnyPolicy, KeyUsage, PolicyConstraints,
    PolicyMappings, SubjectDirectoryAttributes, SubjectKeyIdentifier,
};

use super::name::{DistinguishedName, GeneralName};
use crate::Serial;
use crate::error::Error;
use crate::oid::{self, Oid};
use crate::values::RevocationReason;

/// The keyUsage bits (RFC 5280 §4.2.1.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KeyUsageFlags {
    /// digitalSignature.
    pub digital_signature: bool,
    /// nonRepudiation (contentCommitment): set on JPKI signing certificates.
    pub non_repudiation: bool,
    /// keyEncipherment.
    pub key_encipherment: bool,
    /// dataEncipherment.
    pub data_encipherment: bool,
    /// keyAgreement.
    pub key_agreement: bool,
    /// keyCertSign.
    pub key_cert_sign: bool,
    /// cRLSign.
    pub crl_sign: bool,
}

impl KeyUsageFlags {
    /// The names of the bits that are set, in RFC order.
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.digital_signature, "digitalSignature"),
            (self.non_repudiation, "nonRepudiation"),
            (self.key_encipherment, "keyEncipherment"),
            (self.data_encipherment, "dataEncipherment"),
            (self.key_agreement, "keyAgreement"),
            (self.key_cert_sign, "keyCertSign"),
            (self.crl_sign, "cRLSign"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect()
    }
}

/// The basicConstraints extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BasicConstraintsInfo {
    /// Whether the subject is a CA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
}

/// One certificate policy with its CPS pointers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Policy {
    /// The policy OID.
    pub oid: Oid,
    /// CPS URIs given as qualifiers.
    pub cps_uris: Vec<String>,
}

/// One CRL distribution point: where the CRL partition covering the certificate is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DistributionPoint {
    /// The fullName names (J-LIS: a directoryName partitioned by municipality).
    pub full_name: Vec<GeneralName>,
    /// A nameRelativeToCRLIssuer: the DER of the RelativeDistinguishedName
    /// (a SET) that, appended to the CRL issuer's name, names the point
    /// (see [`DistributionPoint::names`]).
    pub relative_name: Option<Vec<u8>>,
    /// The reasons the point's CRLs cover for this certificate (`None`: every
    /// reason).
    pub reasons: Option<ReasonFlags>,
    /// The CRL issuer, when not the certificate's issuer.
    pub crl_issuer: Vec<GeneralName>,
}

impl DistributionPoint {
    /// The names of the point, for a certificate issued by `cert_issuer`: its
    /// fullName, or its nameRelativeToCRLIssuer appended to the name of the CRL
    /// issuer (the cRLIssuer's directoryName when given, else `cert_issuer`),
    /// as [RFC 5280 §4.2.1.13](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13)
    /// says. Empty when the point has no name (or the relative name cannot be
    /// placed: a cRLIssuer that is not a directoryName).
    pub fn names(&self, cert_issuer: &DistinguishedName) -> Vec<GeneralName> {
        let Some(rdn) = &self.relative_name else {
            return self.full_name.clone();
        };
        let base = if self.crl_issuer.is_empty() {
            Some(cert_issuer)
        } else {
            self.crl_issuer.iter().find_map(|n| match n {
                GeneralName::DirectoryName(d) => Some(d),
                _ => None,
            })
        };
        base.and_then(|b| b.with_rdn(rdn).ok())
            .map(GeneralName::DirectoryName)
            .into_iter()
            .collect()
    }

    /// The reasons the point covers: its reasons, or every reason.
    pub fn reasons(&self) -> ReasonFlags {
        self.reasons.unwrap_or(ReasonFlags::ALL)
    }
}

/// A set of revocation reasons: the `ReasonFlags` BIT STRING of
/// onlySomeReasons and of a distribution point
/// ([RFC 5280 §4.2.1.13](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.13)).
///
/// ```text
/// ReasonFlags ::= BIT STRING {
///      unused (0), keyCompromise (1), cACompromise (2), affiliationChanged (3),
///      superseded (4), cessationOfOperation (5), certificateHold (6),
///      privilegeWithdrawn (7), aACompromise (8) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReasonFlags(u16);

impl ReasonFlags {
    /// Every reason (bits 1 to 8): what a CRL without onlySomeReasons covers.
    pub const ALL: Self = Self(0x01fe);
    /// No reason.
    pub const NONE: Self = Self(0);

    /// The set of the named bits `bits` (bit `n` of the BIT STRING is `1 << n`);
    /// bit 0 (unused) and bits above 8 are dropped.
    pub const fn from_bits(bits: u16) -> Self {
        Self(bits & Self::ALL.0)
    }

    /// The named bits (bit `n` is `1 << n`).
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// The flag of one reason; `None` for unspecified and removeFromCRL, which
    /// have none.
    pub const fn of(reason: RevocationReason) -> Option<Self> {
        let bit = match reason {
            RevocationReason::KeyCompromise => 1,
            RevocationReason::CaCompromise => 2,
            RevocationReason::AffiliationChanged => 3,
            RevocationReason::Superseded => 4,
            RevocationReason::CessationOfOperation => 5,
            RevocationReason::CertificateHold => 6,
            RevocationReason::PrivilegeWithdrawn => 7,
            RevocationReason::AaCompromise => 8,
            _ => return None,
        };
        Some(Self(1 << bit))
    }

    /// Both sets.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// The reasons in both sets.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// Whether every reason of `other` is in this set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether this is every reason.
    pub const fn is_all(self) -> bool {
        self.0 == Self::ALL.0
    }

    /// The RFC 5280 names of the reasons in the set, comma-separated.
    pub fn names(self) -> String {
        self.name_list().collect::<Vec<_>>().join(", ")
    }

    /// The RFC 5280 names of the reasons in the set, in bit order.
    pub fn name_list(self) -> impl Iterator<Item = &'static str> {
        const NAMES: [&str; 9] = [
            "unused",
            "keyCompromise",
            "cACompromise",
            "affiliationChanged",
            "superseded",
            "cessationOfOperation",
            "certificateHold",
            "privilegeWithdrawn",
            "aACompromise",
        ];
        NAMES
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| n)
    }

    /// Reads the content of a `ReasonFlags` BIT STRING (the unused-bits octet
    /// first). Any unused-bits count and trailing zero bits are accepted; bits
    /// beyond aACompromise are ignored.
    pub(crate) fn from_bit_string(content: &[u8]) -> Result<Self, &'static str> {
        let [unused, bytes @ ..] = content else {
            return Err("malformed ReasonFlags");
        };
        if *unused > 7 || (bytes.is_empty() && *unused != 0) {
            return Err("malformed ReasonFlags");
        }
        // Bit n of the BIT STRING is the (n % 8)th most significant bit of
        // octet n / 8: the first two octets hold bits 0 to 15.
        let first = u16::from(bytes.first().copied().unwrap_or(0)).reverse_bits() >> 8;
        let second = u16::from(bytes.get(1).copied().unwrap_or(0)).reverse_bits();
        let bits = first | second;
        Ok(Self::from_bits(bits))
    }
}

/// The authorityKeyIdentifier: how a certificate names the key that signed it.
///
/// Several J-LIS CA generations share one DN, so the issuer is found by this
/// extension, never by DN alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AuthorityKeyId {
    /// keyIdentifier: the issuer's subjectKeyIdentifier.
    pub key_id: Option<Vec<u8>>,
    /// authorityCertIssuer: the issuer's own issuer.
    pub issuer: Vec<GeneralName>,
    /// authorityCertSerialNumber: the issuer certificate's serial.
    pub serial: Option<Serial>,
}

/// One policy mapping (RFC 5280 §4.2.1.5): `issuer_domain` in the issuing CA's
/// domain is considered equivalent to `subject_domain` in the subject CA's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PolicyMapping {
    /// issuerDomainPolicy.
    pub issuer_domain: Oid,
    /// subjectDomainPolicy.
    pub subject_domain: Oid,
}

/// The policyConstraints extension (RFC 5280 §4.2.1.11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PolicyConstraintsInfo {
    /// requireExplicitPolicy: how many more certificates until an explicit
    /// policy is required.
    pub require_explicit_policy: Option<u32>,
    /// inhibitPolicyMapping: how many more certificates until policy mapping is
    /// no longer allowed.
    pub inhibit_policy_mapping: Option<u32>,
}

/// The nameConstraints extension (RFC 5280 §4.2.1.10): the bases of the
/// permitted and excluded subtrees (minimum and maximum are always 0 and
/// absent in the profile; other values are refused at parsing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NameConstraintsInfo {
    /// permittedSubtrees bases (`None`: the field is absent).
    pub permitted: Option<Vec<GeneralName>>,
    /// excludedSubtrees bases.
    pub excluded: Vec<GeneralName>,
}

/// An extension's presence and criticality.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExtensionInfo {
    /// The extension OID.
    pub oid: Oid,
    /// Whether it is marked critical.
    pub critical: bool,
}

impl fmt::Display for ExtensionInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            self.oid,
            if self.critical { " (critical)" } else { "" }
        )
    }
}

/// Everything decoded from the extensions of one certificate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Decoded {
    pub(crate) list: Vec<ExtensionInfo>,
    pub(crate) key_usage: Option<KeyUsageFlags>,
    pub(crate) extended_key_usage: Vec<Oid>,
    pub(crate) basic_constraints: Option<BasicConstraintsInfo>,
    pub(crate) policies: Vec<Policy>,
    pub(crate) crl_distribution_points: Vec<DistributionPoint>,
    pub(crate) ocsp_urls: Vec<String>,
    pub(crate) ca_issuers_urls: Vec<String>,
    pub(crate) subject_key_id: Option<Vec<u8>>,
    pub(crate) authority_key_id: Option<AuthorityKeyId>,
    pub(crate) subject_alt_names: Vec<GeneralName>,
    pub(crate) issuer_alt_names: Vec<GeneralName>,
    pub(crate) san_other_names: Vec<x509_cert::ext::pkix::name::OtherName>,
    pub(crate) hpki_roles: Vec<String>,
    pub(crate) policy_mappings: Vec<PolicyMapping>,
    pub(crate) policy_constraints: Option<PolicyConstraintsInfo>,
    pub(crate) inhibit_any_policy: Option<u32>,
    pub(crate) name_constraints: Option<NameConstraintsInfo>,
}

const OCSP_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.1");
const CA_ISSUERS_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.48.2");
const CPS_QUALIFIER: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.2.1");

fn decode<'a, T: Decode<'a, Error = der::Error>>(
    what: &'static str,
    bytes: &'a [u8],
) -> Result<T, Error> {
    T::from_der(bytes).map_err(Error::decode(what))
}

/// The forms of `GeneralName` read as [`GeneralName::Other`] without decoding:
/// `x400Address [3]` (which the X.509 crate does not know) and
/// `ediPartyName [5]` (whose DirectoryString it reads strictly).
fn is_unread_form(tag: Tag) -> bool {
    matches!(tag, Tag::ContextSpecific { number, .. } if number == TagNumber(3) || number == TagNumber(5))
}

/// One `GeneralName`, tolerating the forms the profile does not use.
fn general_name(
    any: der::AnyRef<'_>,
) -> Result<(GeneralName, Option<x509_cert::ext::pkix::name::GeneralName>), Error> {
    if is_unread_form(any.tag()) {
        return Ok((GeneralName::Other, None));
    }
    let der = any.to_der().map_err(Error::decode("GeneralName"))?;
    let x = x509_cert::ext::pkix::name::GeneralName::from_der(&der)
        .map_err(Error::decode("GeneralName"))?;
    Ok((GeneralName::from_x509(&x)?, Some(x)))
}

/// `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`, every form
/// accepted (RFC 5280 §4.2.1.6), with the decoded X.509 names beside.
fn general_names(
    what: &'static str,
    der: &[u8],
) -> Result<
    (
        Vec<GeneralName>,
        Vec<x509_cert::ext::pkix::name::GeneralName>,
    ),
    Error,
> {
    let seq = der::AnyRef::from_der(der).map_err(Error::decode(what))?;
    if seq.tag() != Tag::Sequence {
        return Err(Error::decode(what)(Tag::Sequence.value_error().into()));
    }
    general_name_list(what, seq.value())
}

/// The `GeneralName`s of a `GeneralNames` value's content (the inside of the
/// SEQUENCE, or of an IMPLICIT-tagged field holding one): at least one, every
/// form accepted, with the decoded X.509 names beside.
fn general_name_list(
    what: &'static str,
    content: &[u8],
) -> Result<
    (
        Vec<GeneralName>,
        Vec<x509_cert::ext::pkix::name::GeneralName>,
    ),
    Error,
> {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for any in elements(what, content)? {
        let (name, x) = general_name(any)?;
        ours.push(name);
        theirs.extend(x);
    }
    if ours.is_empty() {
        return Err(Error::decode(what)(
            der::ErrorKind::Length { tag: Tag::Sequence }.into(),
        ));
    }
    Ok((ours, theirs))
}

/// The TLVs of `content`, in order.
fn elements<'a>(what: &'static str, content: &'a [u8]) -> Result<Vec<der::AnyRef<'a>>, Error> {
    let mut reader = SliceReader::new(content).map_err(Error::decode(what))?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(der::AnyRef::decode(&mut reader).map_err(Error::decode(what))?);
    }
    Ok(out)
}

/// The elements of `any`, which must be a SEQUENCE.
fn sequence_elements<'a>(
    what: &'static str,
    any: der::AnyRef<'a>,
) -> Result<Vec<der::AnyRef<'a>>, Error> {
    if any.tag() != Tag::Sequence {
        return Err(Error::decode(what)(Tag::Sequence.value_error().into()));
    }
    elements(what, any.value())
}

/// The elements of the SEQUENCE that `der` is, exactly.
fn sequence<'a>(what: &'static str, der: &'a [u8]) -> Result<Vec<der::AnyRef<'a>>, Error> {
    sequence_elements(
        what,
        der::AnyRef::from_der(der).map_err(Error::decode(what))?,
    )
}

fn malformed(what: &'static str) -> Error {
    Error::decode(what)(der::ErrorKind::Failed.into())
}

/// The number of a context-specific tag with the given form.
fn context_number(tag: Tag, constructed: bool) -> Option<u32> {
    match tag {
        Tag::ContextSpecific {
            constructed: c,
            number,
        } if c == constructed => Some(number.value()),
        _ => None,
    }
}

/// `CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint`
/// (RFC 5280 §4.2.1.13), with every `GeneralName` form accepted in
/// `fullName` and `cRLIssuer`:
///
/// ```text
/// DistributionPoint ::= SEQUENCE {
///      distributionPoint       [0]     DistributionPointName OPTIONAL,
///      reasons                 [1]     ReasonFlags OPTIONAL,
///      cRLIssuer               [2]     GeneralNames OPTIONAL }
/// DistributionPointName ::= CHOICE {
///      fullName                [0]     GeneralNames,
///      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
/// ```
///
/// A `nameRelativeToCRLIssuer` is kept as its RDN's DER (the profile does not
/// use it; [`DistributionPoint::names`] places it under the CRL issuer).
fn crl_distribution_points(der: &[u8]) -> Result<Vec<DistributionPoint>, Error> {
    let what = "cRLDistributionPoints extension";
    let mut out = Vec::new();
    for dp in sequence(what, der)? {
        let mut point = DistributionPoint {
            full_name: Vec::new(),
            relative_name: None,
            reasons: None,
            crl_issuer: Vec::new(),
        };
        let mut last = None;
        for field in sequence_elements(what, dp)? {
            let (constructed, number) = match field.tag() {
                Tag::ContextSpecific {
                    constructed,
                    number,
                } if last.is_none_or(|l| l < number.value()) => (constructed, number.value()),
                _ => return Err(malformed(what)),
            };
            last = Some(number);
            match (number, constructed) {
                // DistributionPointName is a CHOICE, so [0] is explicit.
                (0, true) => {
                    let inner = elements(what, field.value())?;
                    let [choice] = inner.as_slice() else {
                        return Err(malformed(what));
                    };
                    match context_number(choice.tag(), true) {
                        Some(0) => point.full_name = general_name_list(what, choice.value())?.0,
                        Some(1) => {
                            // [1] IMPLICIT RelativeDistinguishedName: a SET OF.
                            let rdn = der::AnyRef::new(Tag::Set, choice.value())
                                .and_then(|a| a.to_der())
                                .map_err(Error::decode(what))?;
                            x509_cert::name::RelativeDistinguishedName::from_der(&rdn)
                                .map_err(Error::decode(what))?;
                            point.relative_name = Some(rdn);
                        }
                        _ => return Err(malformed(what)),
                    }
                }
                (1, false) => {
                    der::AnyRef::new(Tag::BitString, field.value())
                        .and_then(|a| a.decode_as::<der::asn1::BitStringRef<'_>>())
                        .map_err(Error::decode(what))?;
                    point.reasons = Some(
                        ReasonFlags::from_bit_string(field.value()).map_err(|_| malformed(what))?,
                    );
                }
                (2, true) => point.crl_issuer = general_name_list(what, field.value())?.0,
                _ => return Err(malformed(what)),
            }
        }
        out.push(point);
    }
    Ok(out)
}

/// `AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription`
/// (RFC 5280 §4.2.2.1), with every `GeneralName` form accepted as
/// accessLocation; the URIs of the OCSP and caIssuers methods are kept.
fn authority_info_access(der: &[u8], out: &mut Decoded) -> Result<(), Error> {
    let what = "authorityInfoAccess extension";
    for ad in sequence(what, der)? {
        let fields = sequence_elements(what, ad)?;
        let [method, location] = fields.as_slice() else {
            return Err(malformed(what));
        };
        let method = method
            .decode_as::<der::asn1::ObjectIdentifier>()
            .map_err(Error::decode(what))?;
        if let (GeneralName::Uri(u), _) = general_name(*location)? {
            match Oid(method) {
                m if m == OCSP_ACCESS => out.ocsp_urls.push(u),
                m if m == CA_ISSUERS_ACCESS => out.ca_issuers_urls.push(u),
                _ => {}
            }
        }
    }
    Ok(())
}

/// `AuthorityKeyIdentifier` (RFC 5280 §4.2.1.1), with every `GeneralName`
/// form accepted in `authorityCertIssuer [1]`; the other fields are decoded
/// by the X.509 crate from the SEQUENCE without it.
fn authority_key_id(der: &[u8]) -> Result<AuthorityKeyId, Error> {
    let what = "authorityKeyIdentifier extension";
    let mut rest = Vec::new();
    let mut issuer = Vec::new();
    let mut last = None;
    for field in sequence(what, der)? {
        if let Tag::ContextSpecific { number, .. } = field.tag() {
            if last.is_some_and(|l| l >= number.value()) {
                return Err(malformed(what));
            }
            last = Some(number.value());
        }
        if context_number(field.tag(), true) == Some(1) {
            issuer = general_name_list(what, field.value())?.0;
        } else {
            field
                .encode_to_vec(&mut rest)
                .map_err(Error::decode(what))?;
        }
    }
    let rest = der::AnyRef::new(Tag::Sequence, &rest)
        .and_then(|a| a.to_der())
        .map_err(Error::decode(what))?;
    let aki: AuthorityKeyIdentifier = decode(what, &rest)?;
    Ok(AuthorityKeyId {
        key_id: aki.key_identifier.map(|k| k.as_bytes().to_vec()),
        issuer,
        serial: aki
            .authority_cert_serial_number
            .map(|s| Serial::from_bytes(s.as_bytes())),
    })
}

/// `GeneralSubtrees` (the `[0]` or `[1]` field of nameConstraints): the bases,
/// with minimum 0 and no maximum (RFC 5280 §4.2.1.10: MUST be so).
fn subtrees(content: &[u8]) -> Result<Vec<GeneralName>, Error> {
    let what = "nameConstraints extension";
    let mut reader = SliceReader::new(content).map_err(Error::decode(what))?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        let subtree = der::AnyRef::decode(&mut reader).map_err(Error::decode(what))?;
        if subtree.tag() != Tag::Sequence {
            return Err(Error::decode(what)(Tag::Sequence.value_error().into()));
        }
        let mut fields = SliceReader::new(subtree.value()).map_err(Error::decode(what))?;
        let base = der::AnyRef::decode(&mut fields).map_err(Error::decode(what))?;
        if !fields.is_finished() {
            // minimum (DEFAULT 0, so absent in DER) or maximum: not in the profile.
            return Err(Error::decode(what)(der::ErrorKind::Failed.into()));
        }
        out.push(general_name(base)?.0);
    }
    Ok(out)
}

/// `NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL }`.
fn name_constraints(der: &[u8]) -> Result<NameConstraintsInfo, Error> {
    let what = "nameConstraints extension";
    let seq = der::AnyRef::from_der(der).map_err(Error::decode(what))?;
    if seq.tag() != Tag::Sequence {
        return Err(Error::decode(what)(Tag::Sequence.value_error().into()));
    }
    let mut reader = SliceReader::new(seq.value()).map_err(Error::decode(what))?;
    let mut out = NameConstraintsInfo::default();
    let mut last = None;
    while !reader.is_finished() {
        let field = der::AnyRef::decode(&mut reader).map_err(Error::decode(what))?;
        let number = match field.tag() {
            Tag::ContextSpecific {
                constructed: true,
                number,
            } if (number == TagNumber(0) || number == TagNumber(1))
                && last.is_none_or(|l| l < number.value()) =>
            {
                number.value()
            }
            _ => return Err(Error::decode(what)(der::ErrorKind::Failed.into())),
        };
        last = Some(number);
        let bases = subtrees(field.value())?;
        if number == 0 {
            out.permitted = Some(bases);
        } else {
            out.excluded = bases;
        }
    }
    Ok(out)
}

pub(crate) fn decode_all(exts: &[x509_cert::ext::Extension]) -> Result<Decoded, Error> {
    use const_oid::AssociatedOid;

    let mut out = Decoded::default();
    for (i, ext) in exts.iter().enumerate() {
        let oid = Oid(ext.extn_id);
        if exts.iter().take(i).any(|e| e.extn_id == ext.extn_id) {
            return Err(Error::DuplicateExtension { oid });
        }
        out.list.push(ExtensionInfo {
            oid,
            critical: ext.critical,
        });
        let value = ext.extn_value.as_bytes();
        match ext.extn_id {
            KeyUsage::OID => {
                let ku: KeyUsage = decode("keyUsage extension", value)?;
                out.key_usage = Some(KeyUsageFlags {
                    digital_signature: ku.digital_signature(),
                    non_repudiation: ku.non_repudiation(),
                    key_encipherment: ku.key_encipherment(),
                    data_encipherment: ku.data_encipherment(),
                    key_agreement: ku.key_agreement(),
                    key_cert_sign: ku.key_cert_sign(),
                    crl_sign: ku.crl_sign(),
                });
            }
            ExtendedKeyUsage::OID => {
                let eku: ExtendedKeyUsage = decode("extKeyUsage extension", value)?;
                out.extended_key_usage = eku.0.into_iter().map(Oid).collect();
            }
            BasicConstraints::OID => {
                let bc: BasicConstraints = decode("basicConstraints extension", value)?;
                out.basic_constraints = Some(BasicConstraintsInfo {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                });
            }
            CertificatePolicies::OID => {
                let cp: CertificatePolicies = decode("certificatePolicies extension", value)?;
                out.policies =
                    cp.0.iter()
                        .map(|p| Policy {
                            oid: Oid(p.policy_identifier),
                            cps_uris: p
                                .policy_qualifiers
                                .iter()
                                .flatten()
                                .filter(|q| Oid(q.policy_qualifier_id) == CPS_QUALIFIER)
                                .filter_map(|q| q.qualifier.as_ref())
                                .filter_map(|a| Ia5StringRef::try_from(a).ok())
                                .map(|s| s.as_str().to_owned())
                                .collect(),
                        })
                        .collect();
            }
            CrlDistributionPoints::OID => {
                out.crl_distribution_points = crl_distribution_points(value)?;
            }
            AuthorityInfoAccessSyntax::OID => authority_info_access(value, &mut out)?,
            SubjectKeyIdentifier::OID => {
                let ski: SubjectKeyIdentifier = decode("subjectKeyIdentifier extension", value)?;
                out.subject_key_id = Some(ski.0.as_bytes().to_vec());
            }
            AuthorityKeyIdentifier::OID => {
                out.authority_key_id = Some(authority_key_id(value)?);
            }
            x509_cert::ext::pkix::SubjectAltName::OID => {
                let (ours, theirs) = general_names("subjectAltName extension", value)?;
                out.subject_alt_names = ours;
                out.san_other_names = theirs
                    .into_iter()
                    .filter_map(|g| match g {
                        x509_cert::ext::pkix::name::GeneralName::OtherName(o) => Some(o),
                        _ => None,
                    })
                    .collect();
            }
            x509_cert::ext::pkix::IssuerAltName::OID => {
                out.issuer_alt_names = general_names("issuerAltName extension", value)?.0;
            }
            PolicyMappings::OID => {
                let pm: PolicyMappings = decode("policyMappings extension", value)?;
                out.policy_mappings =
                    pm.0.iter()
                        .map(|m| PolicyMapping {
                            issuer_domain: Oid(m.issuer_domain_policy),
                            subject_domain: Oid(m.subject_domain_policy),
                        })
                        .collect();
            }
            PolicyConstraints::OID => {
                let pc: PolicyConstraints = decode("policyConstraints extension", value)?;
                out.policy_constraints = Some(PolicyConstraintsInfo {
                    require_explicit_policy: pc.require_explicit_policy,
                    inhibit_policy_mapping: pc.inhibit_policy_mapping,
                });
            }
            InhibitAnyPolicy::OID => {
                let iap: InhibitAnyPolicy = decode("inhibitAnyPolicy extension", value)?;
                out.inhibit_any_policy = Some(iap.0);
            }
            x509_cert::ext::pkix::NameConstraints::OID => {
                out.name_constraints = Some(name_constraints(value)?);
            }
            SubjectDirectoryAttributes::OID => {
                let sda: SubjectDirectoryAttributes =
                    decode("subjectDirectoryAttributes extension", value)?;
                for attr in sda.0.iter().filter(|a| Oid(a.oid) == oid::HPKI_HC_ROLE) {
                    for v in attr.values.iter() {
                        let der = v.to_der().map_err(Error::decode("hcRole attribute"))?;
                        collect_role_names(&der, 0, &mut out.hpki_roles)
                            .map_err(Error::decode("hcRole attribute"))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Collects the role names of an HPKI `HCActorData` value.
///
/// `HCActor ::= SEQUENCE { codedData [0] CodedData, … }` and
/// `CodedData ::= SET { codingSchemeReference [0] OID, …, codedData [2] UTF8String }`.
/// Published profiles differ on explicit vs implicit tagging, so this walks the
/// tree and takes the string under every context tag `[2]` found inside a `[0]`,
/// either wrapped (explicit) or bare (implicit).
fn collect_role_names(der: &[u8], depth: u8, out: &mut Vec<String>) -> der::Result<()> {
    if depth > 8 {
        return Err(der::ErrorKind::Failed.into());
    }
    let mut reader = SliceReader::new(der)?;
    while !reader.is_finished() {
        let any = der::AnyRef::decode(&mut reader)?;
        let tag = any.tag();
        let is_ctx2 = matches!(tag, Tag::ContextSpecific { number, .. } if number == TagNumber(2));
        if is_ctx2 && depth >= 2 {
            if tag.is_constructed() {
                let inner = der::AnyRef::from_der(any.value())?;
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(inner) {
                    out.push(s.as_str().to_owned());
                }
            } else if let Ok(s) = core::str::from_utf8(any.value()) {
                out.push(s.to_owned());
            }
        } else if tag.is_constructed() {
            collect_role_names(any.value(), depth + 1, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut v = vec![tag, u8::try_from(content.len()).unwrap()];
        v.extend_from_slice(content);
        v
    }

    #[test]
    fn hc_role_explicit_and_implicit() {
        let oid = [0x06, 0x03, 0x2a, 0x03, 0x04];
        // Explicit: SEQUENCE { [0] { SET { [0] { OID } [2] { UTF8String } } } }
        let role = tlv(0x0c, "Medical Doctor".as_bytes());
        let set = tlv(0x31, &[tlv(0xa0, &oid), tlv(0xa2, &role)].concat());
        let actor = tlv(0x30, &tlv(0xa0, &set));
        let mut out = Vec::new();
        collect_role_names(&actor, 0, &mut out).unwrap();
        assert_eq!(out, ["Medical Doctor"]);
        // Implicit: SEQUENCE { [0] { [0] OID-bytes [2] "Pharmacist" } }
        let actor = tlv(
            0x30,
            &tlv(
                0xa0,
                &[tlv(0x80, &oid[2..]), tlv(0x82, b"Pharmacist")].concat(),
            ),
        );
        let mut out = Vec::new();
        collect_role_names(&actor, 0, &mut out).unwrap();
        assert_eq!(out, ["Pharmacist"]);
        assert!(collect_role_names(&[0x30, 0x05], 0, &mut out).is_err());
    }
}
