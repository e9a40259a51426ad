//! Distinguished names and general names, decoded to text.

use core::fmt;

use der::asn1::{BmpString, Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName as X509GeneralName;

use crate::error::Error;
use crate::oid::Oid;

/// How an attribute value was encoded in the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StringKind {
    /// UTF8String (J-LIS uses it for O, OU, L, CN).
    Utf8,
    /// PrintableString (J-LIS uses it for C).
    Printable,
    /// IA5String.
    Ia5,
    /// TeletexString, read as Latin-1.
    Teletex,
    /// BMPString (UTF-16).
    Bmp,
    /// Something else; the value is shown as `#` and hex DER.
    Other,
}

/// One attribute of a distinguished name, e.g. `OU=JPKI for digital signature`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NameAttribute {
    /// The attribute type.
    pub oid: Oid,
    /// The value as text.
    pub value: String,
    /// How the value was encoded.
    pub kind: StringKind,
}

impl NameAttribute {
    /// The short name of the attribute type (`C`, `O`, `OU`, `L`, `CN`…), or the
    /// dotted OID when it has none.
    pub fn short_name(&self) -> String {
        short_name(&self.oid).map_or_else(|| self.oid.to_dotted(), str::to_owned)
    }
}

/// A distinguished name in certificate order (for J-LIS: C, O, OU…, or C, L, L, CN),
/// with its original DER for exact comparison.
///
/// Two names are *the same name* for chaining when [`DistinguishedName::matches`]
/// says so (RFC 5280 §7.1), which is looser than equal DER.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DistinguishedName {
    attributes: Vec<NameAttribute>,
    /// How many attributes each RDN has, in order (their sum is
    /// `attributes.len()`): multi-valued RDNs are compared as sets.
    rdn_sizes: Vec<usize>,
    der: Vec<u8>,
}

impl DistinguishedName {
    pub(crate) fn from_x509(name: &x509_cert::name::Name) -> Result<Self, Error> {
        let der = name.to_der().map_err(Error::decode("name"))?;
        let attributes = name
            .iter_rdn()
            .flat_map(|rdn| rdn.iter())
            .map(|atv| NameAttribute {
                oid: Oid(atv.oid),
                value: value_text(&atv.value).0,
                kind: value_text(&atv.value).1,
            })
            .collect();
        let rdn_sizes = name.iter_rdn().map(|rdn| rdn.iter().count()).collect();
        Ok(Self {
            attributes,
            rdn_sizes,
            der,
        })
    }

    /// This name with the RelativeDistinguishedName `rdn_der` (a SET's DER)
    /// appended: how a nameRelativeToCRLIssuer names a distribution point.
    pub(crate) fn with_rdn(&self, rdn_der: &[u8]) -> Result<Self, Error> {
        let what = "nameRelativeToCRLIssuer";
        // The RDNs are the content of the name's SEQUENCE; the new one follows.
        let rdns = der::AnyRef::from_der(&self.der).map_err(Error::decode(what))?;
        let content = [rdns.value(), rdn_der].concat();
        let der = der::AnyRef::new(Tag::Sequence, &content)
            .and_then(|a| a.to_der())
            .map_err(Error::decode(what))?;
        Self::from_x509(&x509_cert::name::Name::from_der(&der).map_err(Error::decode(what))?)
    }

    /// The attributes of each RDN, in order.
    fn rdns(&self) -> Vec<&[NameAttribute]> {
        let mut out = Vec::with_capacity(self.rdn_sizes.len());
        let mut rest = self.attributes.as_slice();
        for &n in &self.rdn_sizes {
            let (rdn, tail) = rest.split_at(n.min(rest.len()));
            out.push(rdn);
            rest = tail;
        }
        out
    }

    /// Whether `self` and `other` are the same name by the comparison rules of
    /// [RFC 5280 §7.1](https://www.rfc-editor.org/rfc/rfc5280#section-7.1): the
    /// same number of RDNs, each with the same set of attributes, where values
    /// encoded as PrintableString or UTF8String (either, in any mix) are compared
    /// after case folding and with leading, trailing and repeated inner
    /// whitespace removed (RFC 4518 insignificant space handling). Values of other
    /// string types are compared exactly. Equal DER is the fast path.
    ///
    /// Not done: RFC 4518's Unicode normalization (NFKC) and its mapping of
    /// control and zero-width characters; names that differ only in those do not
    /// match (fail closed: a path is refused, never wrongly built).
    pub fn matches(&self, other: &DistinguishedName) -> bool {
        if self.der == other.der {
            return true;
        }
        if self.rdn_sizes != other.rdn_sizes {
            return false;
        }
        self.rdns().iter().zip(other.rdns()).all(|(a, b)| {
            a.len() == b.len()
                && a.iter().all(|x| b.iter().any(|y| attribute_matches(x, y)))
                && b.iter().all(|y| a.iter().any(|x| attribute_matches(x, y)))
        })
    }

    /// Whether `self` lies within the subtree `base` (RFC 5280 §4.2.1.10:
    /// `base`'s RDNs are the first RDNs of `self`, compared as in
    /// [`DistinguishedName::matches`]). The empty name is the base of every name.
    pub fn is_within(&self, base: &DistinguishedName) -> bool {
        let (mine, theirs) = (self.rdns(), base.rdns());
        theirs.len() <= mine.len()
            && mine.iter().zip(theirs.iter()).all(|(a, b)| {
                a.len() == b.len()
                    && a.iter().all(|x| b.iter().any(|y| attribute_matches(x, y)))
                    && b.iter().all(|y| a.iter().any(|x| attribute_matches(x, y)))
            })
    }

    /// The attributes in certificate order (multi-valued RDNs flattened).
    pub fn attributes(&self) -> &[NameAttribute] {
        &self.attributes
    }

    /// The DER encoding of the name, as found in the certificate.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Values of every attribute of type `oid`, in order.
    pub fn values(&self, oid: &Oid) -> impl Iterator<Item = &str> {
        self.attributes
            .iter()
            .filter(move |a| a.oid == *oid)
            .map(|a| a.value.as_str())
    }

    /// The first commonName.
    pub fn common_name(&self) -> Option<&str> {
        self.values(&ATTR_CN).next()
    }

    /// Every localityName, in order (J-LIS: prefecture, then municipality).
    pub fn localities(&self) -> Vec<&str> {
        self.values(&ATTR_L).collect()
    }

    /// Every organizationalUnitName, in order.
    pub fn organizational_units(&self) -> Vec<&str> {
        self.values(&ATTR_OU).collect()
    }

    /// The first organizationName.
    pub fn organization(&self) -> Option<&str> {
        self.values(&ATTR_O).next()
    }

    /// The countryName.
    pub fn country(&self) -> Option<&str> {
        self.values(&ATTR_C).next()
    }

    /// Whether the name has no attributes.
    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty()
    }
}

/// `C=JP, O=JPKI, OU=…` in certificate order (as OpenSSL prints it).
impl fmt::Display for DistinguishedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.attributes.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}={}", a.short_name(), a.value)?;
        }
        Ok(())
    }
}

/// One attribute value against another (RFC 5280 §7.1).
fn attribute_matches(a: &NameAttribute, b: &NameAttribute) -> bool {
    if a.oid != b.oid {
        return false;
    }
    let prepared = |k: StringKind| matches!(k, StringKind::Utf8 | StringKind::Printable);
    if prepared(a.kind) && prepared(b.kind) {
        prepare(&a.value) == prepare(&b.value)
    } else {
        a.kind == b.kind && a.value == b.value
    }
}

/// Case folding and insignificant space handling (RFC 4518 §2.3, §2.6.1):
/// leading and trailing whitespace dropped, inner runs made one space.
fn prepare(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

pub(crate) const ATTR_C: Oid = Oid::new_unwrap("2.5.4.6");
pub(crate) const ATTR_O: Oid = Oid::new_unwrap("2.5.4.10");
pub(crate) const ATTR_OU: Oid = Oid::new_unwrap("2.5.4.11");
pub(crate) const ATTR_L: Oid = Oid::new_unwrap("2.5.4.7");
pub(crate) const ATTR_CN: Oid = Oid::new_unwrap("2.5.4.3");

fn short_name(oid: &Oid) -> Option<&'static str> {
    Some(match oid.to_dotted().as_str() {
        "2.5.4.6" => "C",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.3" => "CN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "2.5.4.12" => "title",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.25" => "DC",
        _ => return None,
    })
}

/// Reads a DirectoryString-like value as text.
pub(crate) fn value_text(value: &der::Any) -> (String, StringKind) {
    let text = match value.tag() {
        Tag::Utf8String => Utf8StringRef::try_from(value)
            .ok()
            .map(|s| (s.as_str().to_owned(), StringKind::Utf8)),
        Tag::PrintableString => PrintableStringRef::try_from(value)
            .ok()
            .map(|s| (s.as_str().to_owned(), StringKind::Printable)),
        Tag::Ia5String => Ia5StringRef::try_from(value)
            .ok()
            .map(|s| (s.as_str().to_owned(), StringKind::Ia5)),
        Tag::TeletexString => TeletexStringRef::try_from(value)
            .ok()
            .map(|s| (s.as_str().to_owned(), StringKind::Teletex)),
        Tag::BmpString => value
            .decode_as::<BmpString>()
            .ok()
            .map(|s| (s.to_string(), StringKind::Bmp)),
        _ => None,
    };
    text.unwrap_or_else(|| {
        let hex: String = value
            .to_der()
            .unwrap_or_default()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (format!("#{hex}"), StringKind::Other)
    })
}

/// A GeneralName (RFC 5280 §4.2.1.6), decoded to what JPKI uses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GeneralName {
    /// uniformResourceIdentifier.
    Uri(String),
    /// directoryName (J-LIS uses it for CRL distribution points and for the
    /// Japanese names of its CAs).
    DirectoryName(DistinguishedName),
    /// dNSName.
    Dns(String),
    /// rfc822Name.
    Email(String),
    /// otherName, with its value as text when it is a string, else `#` and hex DER.
    OtherName {
        /// The type-id.
        oid: Oid,
        /// The value.
        value: String,
    },
    /// iPAddress: 4 octets (IPv4) or 16 (IPv6) in a subjectAltName; twice
    /// that (address, then mask) in a name constraint.
    IpAddress(Vec<u8>),
    /// Any other form (registeredID, ediPartyName, x400Address).
    Other,
}

impl GeneralName {
    pub(crate) fn from_x509(name: &X509GeneralName) -> Result<Self, Error> {
        Ok(match name {
            X509GeneralName::UniformResourceIdentifier(s) => Self::Uri(s.to_string()),
            X509GeneralName::DirectoryName(n) => {
                Self::DirectoryName(DistinguishedName::from_x509(n)?)
            }
            X509GeneralName::DnsName(s) => Self::Dns(s.to_string()),
            X509GeneralName::Rfc822Name(s) => Self::Email(s.to_string()),
            X509GeneralName::IpAddress(octets) => Self::IpAddress(octets.as_bytes().to_vec()),
            X509GeneralName::OtherName(o) => Self::OtherName {
                oid: Oid(o.type_id),
                value: value_text(&o.value).0,
            },
            _ => Self::Other,
        })
    }
}

impl fmt::Display for GeneralName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Uri(u) => write!(f, "URI:{u}"),
            Self::DirectoryName(n) => write!(f, "DirName:{n}"),
            Self::Dns(d) => write!(f, "DNS:{d}"),
            Self::Email(e) => write!(f, "email:{e}"),
            Self::OtherName { oid, value } => write!(f, "othername:{oid}:{value}"),
            Self::IpAddress(octets) => {
                f.write_str("IP:")?;
                write_ip(f, octets)
            }
            Self::Other => f.write_str("other"),
        }
    }
}

/// An IPv4 or IPv6 address, or either followed by `/` and its mask (a name
/// constraint's 8 or 32 octets); other lengths in hex.
fn write_ip(f: &mut fmt::Formatter<'_>, octets: &[u8]) -> fmt::Result {
    let one = |f: &mut fmt::Formatter<'_>, a: &[u8]| -> fmt::Result {
        if let Ok(v4) = <[u8; 4]>::try_from(a) {
            write!(f, "{}", core::net::Ipv4Addr::from(v4))
        } else if let Ok(v6) = <[u8; 16]>::try_from(a) {
            write!(f, "{}", core::net::Ipv6Addr::from(v6))
        } else {
            a.iter().try_for_each(|b| write!(f, "{b:02x}"))
        }
    };
    match octets.len() {
        8 | 32 => {
            let (address, mask) = octets.split_at(octets.len() / 2);
            one(f, address)?;
            f.write_str("/")?;
            one(f, mask)
        }
        _ => one(f, octets),
    }
}
