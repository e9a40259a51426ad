//! The certificate type: strict parsing, the original bytes, the JPKI reading.

use std::sync::Arc;

use crate::error::Error;
use crate::oid::{self, Oid};
use crate::{Serial, Time};
use der::{Decode, Encode, Reader, Tagged};

use super::name::DistinguishedName;
use super::personal::{BirthDate, Sex};
use super::{
    AuthorityKeyId, BasicConstraintsInfo, CertificateKind, DistributionPoint, Environment,
    ExtensionInfo, GeneralName, IssuerMatch, KeyUsageFlags, NameConstraintsInfo,
    OtherPersonalField, PersonalField, Policy, PolicyConstraintsInfo, PolicyMapping,
    SubstitutePositions, extensions,
};
use crate::PersonalInfo;

/// A parsed certificate with its JPKI reading. Two certificates are equal when
/// their DER is. Cloning is cheap (the parsed certificate is shared).
#[derive(Clone, Debug)]
pub struct Certificate {
    inner: Arc<Parsed>,
}

/// What a certificate holds once parsed.
#[derive(Debug)]
struct Parsed {
    der: Vec<u8>,
    tbs: core::ops::Range<usize>,
    spki_der: Vec<u8>,
    signature: Vec<u8>,
    signature_algorithm: Oid,
    version: u8,
    serial: Serial,
    issuer: DistinguishedName,
    subject: DistinguishedName,
    not_before: Time,
    not_after: Time,
    /// Whether the serialNumber INTEGER, as encoded, is greater than zero.
    serial_positive: bool,
    public_key_algorithm: Oid,
    rsa_modulus_bits: Option<usize>,
    ext: extensions::Decoded,
    personal_info: Option<PersonalInfo>,
    kind: CertificateKind,
    environment: Option<Environment>,
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.inner.der == other.inner.der
    }
}

impl Eq for Certificate {}

impl core::hash::Hash for Certificate {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.inner.der.hash(state);
    }
}

impl Certificate {
    /// Parses a DER certificate.
    ///
    /// A validity time before 1970 (a UTCTime from `500101000000Z` to
    /// `691231235959Z`, RFC 5280 §4.1.2.5: `YY` ≥ 50 is `19YY`) is read as
    /// 1970-01-01T00:00:00Z, the earliest [`Time`]: no verdict at a time after
    /// 1970 changes, since such a notBefore is passed and such a notAfter is
    /// expired either way. The signature still covers the original bytes.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let clamped = clamp_pre_1970(der)?;
        let cert = x509_cert::Certificate::from_der(clamped.as_deref().unwrap_or(der))
            .map_err(Error::decode("certificate"))?;
        let (tbs, serial_positive) = tbs_range(der)?;
        let tbs_cert = cert.tbs_certificate();
        let ext = extensions::decode_all(tbs_cert.extensions().map_or(&[], |e| e.as_slice()))?;
        let personal_info = personal_info_from(&ext.san_other_names)?;
        let spki = tbs_cert.subject_public_key_info();
        let spki_der = spki
            .to_der()
            .map_err(Error::decode("subjectPublicKeyInfo"))?;
        let public_key_algorithm = Oid(spki.algorithm.oid);
        let rsa_modulus_bits = (public_key_algorithm == RSA_ENCRYPTION)
            .then(|| {
                spki.subject_public_key
                    .as_bytes()
                    .and_then(rsa_modulus_bits)
            })
            .flatten();
        let version = match tbs_cert.version() {
            x509_cert::certificate::Version::V1 => 1,
            x509_cert::certificate::Version::V2 => 2,
            x509_cert::certificate::Version::V3 => 3,
        };
        let mut out = Parsed {
            der: der.to_vec(),
            tbs,
            spki_der,
            signature: cert.signature().raw_bytes().to_vec(),
            signature_algorithm: Oid(cert.signature_algorithm().oid),
            version,
            serial: Serial::from_bytes(tbs_cert.serial_number().as_bytes()),
            serial_positive,
            issuer: DistinguishedName::from_x509(tbs_cert.issuer())?,
            subject: DistinguishedName::from_x509(tbs_cert.subject())?,
            not_before: Time::from_der_time(&tbs_cert.validity().not_before),
            not_after: Time::from_der_time(&tbs_cert.validity().not_after),
            public_key_algorithm,
            rsa_modulus_bits,
            ext,
            personal_info,
            kind: CertificateKind::Other,
            environment: None,
        };
        (out.kind, out.environment) = classify(&out);
        Ok(Self {
            inner: Arc::new(out),
        })
    }

    /// Parses one certificate given as DER or PEM (the first `CERTIFICATE` block).
    pub fn parse(input: &[u8]) -> Result<Self, Error> {
        if crate::pem::looks_like_pem(input) {
            let ders = crate::pem::decode_label(input, "CERTIFICATE")?;
            let first = ders.first().ok_or(Error::NoPemBlock {
                label: "CERTIFICATE",
            })?;
            Self::from_der(first)
        } else {
            Self::from_der(input)
        }
    }

    /// Parses every certificate in a PEM bundle (such as a trust-anchor file), or
    /// the single certificate of a DER input.
    pub fn parse_all(input: &[u8]) -> Result<Vec<Self>, Error> {
        if crate::pem::looks_like_pem(input) {
            crate::pem::decode_label(input, "CERTIFICATE")?
                .iter()
                .map(|d| Self::from_der(d))
                .collect()
        } else {
            Ok(vec![Self::from_der(input)?])
        }
    }

    /// The certificate exactly as parsed.
    pub fn der(&self) -> &[u8] {
        &self.inner.der
    }

    /// The certificate as a PEM block.
    pub fn to_pem(&self) -> String {
        crate::pem::encode("CERTIFICATE", &self.inner.der)
    }

    /// The original `tbsCertificate` bytes: what the issuer's signature covers.
    pub fn tbs_der(&self) -> &[u8] {
        self.inner
            .der
            .get(self.inner.tbs.clone())
            .unwrap_or_default()
    }

    /// The signature value.
    pub fn signature(&self) -> &[u8] {
        &self.inner.signature
    }

    /// The signature algorithm (e.g. sha256WithRSAEncryption `1.2.840.113549.1.1.11`).
    pub fn signature_algorithm(&self) -> Oid {
        self.inner.signature_algorithm
    }

    /// The X.509 version (1, 2 or 3).
    pub fn version(&self) -> u8 {
        self.inner.version
    }

    /// The serial number.
    pub fn serial(&self) -> &Serial {
        &self.inner.serial
    }

    /// Whether the serialNumber is greater than zero, as RFC 5280 §4.1.2.2
    /// requires ([`Certificate::serial`] holds the magnitude only).
    pub fn serial_is_positive(&self) -> bool {
        self.inner.serial_positive
    }

    /// The issuer name.
    pub fn issuer(&self) -> &DistinguishedName {
        &self.inner.issuer
    }

    /// The subject name.
    pub fn subject(&self) -> &DistinguishedName {
        &self.inner.subject
    }

    /// notBefore.
    pub fn not_before(&self) -> Time {
        self.inner.not_before
    }

    /// notAfter (J-LIS: 23:59:59 JST, i.e. 14:59:59Z).
    pub fn not_after(&self) -> Time {
        self.inner.not_after
    }

    /// Whether `at` lies within notBefore..=notAfter.
    pub fn is_valid_at(&self, at: Time) -> bool {
        self.inner.not_before <= at && at <= self.inner.not_after
    }

    /// The subjectPublicKeyInfo DER.
    pub fn public_key_der(&self) -> &[u8] {
        &self.inner.spki_der
    }

    /// The public key algorithm OID (rsaEncryption for JPKI).
    pub fn public_key_algorithm(&self) -> Oid {
        self.inner.public_key_algorithm
    }

    /// The RSA modulus size in bits (2048 on My Number cards, 1024 on 住基カード).
    pub fn rsa_modulus_bits(&self) -> Option<usize> {
        self.inner.rsa_modulus_bits
    }

    /// What the certificate is for.
    pub fn kind(&self) -> CertificateKind {
        self.inner.kind
    }

    /// Production or test card, from the JPKI policy OID (`None` if there is none).
    pub fn environment(&self) -> Option<Environment> {
        self.inner.environment
    }

    /// The 4 basic info, present on signing certificates.
    pub fn personal_info(&self) -> Option<&PersonalInfo> {
        self.inner.personal_info.as_ref()
    }

    /// The prefecture of a JPKI end-entity subject (`C=JP, L=<prefecture>, L=<municipality>, CN=…`).
    pub fn prefecture(&self) -> Option<&str> {
        self.inner.subject.localities().first().copied()
    }

    /// The municipality of a JPKI end-entity subject.
    pub fn municipality(&self) -> Option<&str> {
        self.inner.subject.localities().get(1).copied()
    }

    /// Every extension with its criticality, in certificate order.
    pub fn extensions(&self) -> &[ExtensionInfo] {
        &self.inner.ext.list
    }

    /// keyUsage, if present.
    pub fn key_usage(&self) -> Option<KeyUsageFlags> {
        self.inner.ext.key_usage
    }

    /// extKeyUsage purposes.
    pub fn extended_key_usage(&self) -> &[Oid] {
        &self.inner.ext.extended_key_usage
    }

    /// basicConstraints, if present.
    pub fn basic_constraints(&self) -> Option<BasicConstraintsInfo> {
        self.inner.ext.basic_constraints
    }

    /// Whether basicConstraints says CA.
    pub fn is_ca(&self) -> bool {
        self.inner.ext.basic_constraints.is_some_and(|b| b.ca)
    }

    /// certificatePolicies.
    pub fn policies(&self) -> &[Policy] {
        &self.inner.ext.policies
    }

    /// cRLDistributionPoints (J-LIS: a directoryName per municipality partition).
    pub fn crl_distribution_points(&self) -> &[DistributionPoint] {
        &self.inner.ext.crl_distribution_points
    }

    /// OCSP responder URLs from authorityInfoAccess.
    pub fn ocsp_urls(&self) -> &[String] {
        &self.inner.ext.ocsp_urls
    }

    /// caIssuers URLs from authorityInfoAccess.
    pub fn ca_issuers_urls(&self) -> &[String] {
        &self.inner.ext.ca_issuers_urls
    }

    /// subjectKeyIdentifier.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.inner.ext.subject_key_id.as_deref()
    }

    /// authorityKeyIdentifier.
    pub fn authority_key_id(&self) -> Option<&AuthorityKeyId> {
        self.inner.ext.authority_key_id.as_ref()
    }

    /// subjectAltName entries (on J-LIS CAs, a Japanese directoryName; on signing
    /// certificates, the 4 basic info otherNames).
    pub fn subject_alt_names(&self) -> &[GeneralName] {
        &self.inner.ext.subject_alt_names
    }

    /// issuerAltName entries.
    pub fn issuer_alt_names(&self) -> &[GeneralName] {
        &self.inner.ext.issuer_alt_names
    }

    /// policyMappings (RFC 5280 §4.2.1.5), in certificate order.
    pub fn policy_mappings(&self) -> &[PolicyMapping] {
        &self.inner.ext.policy_mappings
    }

    /// policyConstraints (RFC 5280 §4.2.1.11), if present.
    pub fn policy_constraints(&self) -> Option<PolicyConstraintsInfo> {
        self.inner.ext.policy_constraints
    }

    /// inhibitAnyPolicy's SkipCerts (RFC 5280 §4.2.1.14), if present.
    pub fn inhibit_any_policy(&self) -> Option<u32> {
        self.inner.ext.inhibit_any_policy
    }

    /// nameConstraints (RFC 5280 §4.2.1.10), if present.
    pub fn name_constraints(&self) -> Option<&NameConstraintsInfo> {
        self.inner.ext.name_constraints.as_ref()
    }

    /// HPKI role names (`hcRole`), e.g. `Medical Doctor`, for healthcare certificates.
    pub fn hpki_roles(&self) -> &[String] {
        &self.inner.ext.hpki_roles
    }

    /// Whether subject and issuer are the same name (a root or a link
    /// certificate), compared as in [`DistinguishedName::matches`].
    pub fn is_self_issued(&self) -> bool {
        self.inner.subject.matches(&self.inner.issuer)
    }

    /// How this certificate's authorityKeyIdentifier designates `candidate` as its
    /// issuer, or `None` if it does not. The DN alone never matches: several J-LIS CA
    /// generations share one DN.
    pub fn issuer_match(&self, candidate: &Certificate) -> Option<IssuerMatch> {
        let aki = self.authority_key_id()?;
        // Names must chain as well (RFC 5280 §6.1): a key id alone does not make
        // a certificate of another subject the issuer. Names are compared by the
        // rules of RFC 5280 §7.1 (case, whitespace, PrintableString/UTF8String).
        if !candidate.inner.subject.matches(&self.inner.issuer) {
            return None;
        }
        if let Some(id) = &aki.key_id {
            return (candidate.subject_key_id() == Some(id.as_slice()))
                .then_some(IssuerMatch::KeyId);
        }
        let serial = aki.serial.as_ref()?;
        let issuer_named = aki
            .issuer
            .iter()
            .any(|g| matches!(g, GeneralName::DirectoryName(dn) if dn.matches(candidate.issuer())));
        (issuer_named && candidate.serial() == serial).then_some(IssuerMatch::IssuerAndSerial)
    }

    /// The candidates this certificate's authorityKeyIdentifier designates as its
    /// issuer (usually one CA generation).
    pub fn find_issuers<'a>(&self, candidates: &'a [Certificate]) -> Vec<&'a Certificate> {
        candidates
            .iter()
            .filter(|c| self.issuer_match(c).is_some())
            .collect()
    }
}

const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");

fn classify(cert: &Parsed) -> (CertificateKind, Option<Environment>) {
    let has = |o: &Oid| cert.ext.policies.iter().any(|p| p.oid == *o);
    let environment = if has(&oid::JPKI_POLICY_SIGNING) || has(&oid::JPKI_POLICY_AUTHENTICATION) {
        Some(Environment::Production)
    } else if has(&oid::JPKI_POLICY_SIGNING_TEST) || has(&oid::JPKI_POLICY_AUTHENTICATION_TEST) {
        Some(Environment::Test)
    } else {
        None
    };
    let kind = if cert.ext.basic_constraints.is_some_and(|b| b.ca) {
        CertificateKind::Ca
    } else if has(&oid::JPKI_POLICY_SIGNING) || has(&oid::JPKI_POLICY_SIGNING_TEST) {
        CertificateKind::Signing
    } else if has(&oid::JPKI_POLICY_AUTHENTICATION) || has(&oid::JPKI_POLICY_AUTHENTICATION_TEST) {
        CertificateKind::Authentication
    } else if cert.personal_info.is_some() && cert.ext.key_usage.is_some_and(|k| k.non_repudiation)
    {
        CertificateKind::Signing
    } else if cert.ext.extended_key_usage.contains(&oid::KP_CLIENT_AUTH) {
        CertificateKind::Authentication
    } else {
        CertificateKind::Other
    };
    (kind, environment)
}

/// The byte range of `tbsCertificate` inside the certificate DER, and whether
/// its serialNumber is positive.
fn tbs_range(der: &[u8]) -> Result<(core::ops::Range<usize>, bool), Error> {
    let outer = der::AnyRef::from_der(der).map_err(Error::decode("certificate"))?;
    let body = outer.value();
    let start = der.len() - body.len();
    let mut reader = der::SliceReader::new(body).map_err(Error::decode("certificate"))?;
    let tbs = der::AnyRef::decode(&mut reader).map_err(Error::decode("tbsCertificate"))?;
    let len = usize::try_from(tbs.encoded_len().map_err(Error::decode("tbsCertificate"))?)
        .map_err(Error::decode("tbsCertificate"))?;
    let mut fields = der::SliceReader::new(tbs.value()).map_err(Error::decode("tbsCertificate"))?;
    let mut serial = der::AnyRef::decode(&mut fields).map_err(Error::decode("tbsCertificate"))?;
    if serial.tag().is_context_specific() {
        // That was the version; the serial number follows.
        serial = der::AnyRef::decode(&mut fields).map_err(Error::decode("tbsCertificate"))?;
    }
    let value = serial.value();
    let negative = value.first().is_some_and(|b| b & 0x80 != 0);
    let zero = value.iter().all(|&b| b == 0);
    Ok((start..start + len, !negative && !zero))
}

/// A copy of `der` where each validity time before 1970 reads
/// 1970-01-01T00:00:00Z (same length, so every offset stays), or `None` when
/// there is none: `der::DateTime`, like [`Time`], starts at 1970.
fn clamp_pre_1970(der: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    let tbs_bad = Error::decode("tbsCertificate");
    let outer = der::AnyRef::from_der(der).map_err(Error::decode("certificate"))?;
    let body = outer.value();
    let body_start = der.len() - body.len();
    let mut reader = der::SliceReader::new(body).map_err(Error::decode("certificate"))?;
    let tbs = der::AnyRef::decode(&mut reader).map_err(tbs_bad)?;
    let tbs_start = body_start + header_len(&tbs).map_err(Error::decode("tbsCertificate"))?;
    // signature, issuer and validity are the first three SEQUENCEs of the TBS.
    let mut fields = der::SliceReader::new(tbs.value()).map_err(Error::decode("tbsCertificate"))?;
    let mut sequences = 0;
    let validity = loop {
        if fields.is_finished() {
            return Ok(None);
        }
        let at = usize::try_from(fields.position()).map_err(Error::decode("tbsCertificate"))?;
        let field = der::AnyRef::decode(&mut fields).map_err(Error::decode("tbsCertificate"))?;
        if field.tag() == der::Tag::Sequence {
            sequences += 1;
            if sequences == 3 {
                let header = header_len(&field).map_err(Error::decode("validity"))?;
                break (tbs_start + at + header, field.value());
            }
        }
    };
    let (validity_start, times) = validity;
    let mut out: Option<Vec<u8>> = None;
    let mut reader = der::SliceReader::new(times).map_err(Error::decode("validity"))?;
    while !reader.is_finished() {
        let at = usize::try_from(reader.position()).map_err(Error::decode("validity"))?;
        let time = der::AnyRef::decode(&mut reader).map_err(Error::decode("validity"))?;
        let v = time.value();
        let replacement: Option<&[u8]> = match time.tag() {
            // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY.
            der::Tag::UtcTime if well_formed(v, 2).is_some_and(|y| (50..70).contains(&y)) => {
                Some(b"700101000000Z")
            }
            der::Tag::GeneralizedTime if well_formed(v, 4).is_some_and(|y| y < 1970) => {
                Some(b"19700101000000Z")
            }
            _ => None,
        };
        if let Some(r) = replacement {
            let start =
                validity_start + at + header_len(&time).map_err(Error::decode("validity"))?;
            let copy = out.get_or_insert_with(|| der.to_vec());
            if let Some(slot) = copy.get_mut(start..start + r.len()) {
                slot.copy_from_slice(r);
            }
        }
    }
    Ok(out)
}

/// The year of a DER time `v` (`YY` or `YYYY`, by `year_digits`, then
/// `MMDDhhmmssZ`) whose fields are in range; `None` when it is not one (the
/// X.509 parser then reports it).
fn well_formed(v: &[u8], year_digits: usize) -> Option<u32> {
    let (digits, zone) = v.split_at_checked(year_digits + 10)?;
    if zone != b"Z" || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |range: core::ops::Range<usize>| -> Option<u32> {
        core::str::from_utf8(digits.get(range)?).ok()?.parse().ok()
    };
    let y = year_digits;
    let year = number(0..y)?;
    let fields = [
        (number(y..y + 2)?, 1..=12),
        (number(y + 2..y + 4)?, 1..=31),
        (number(y + 4..y + 6)?, 0..=23),
        (number(y + 6..y + 8)?, 0..=59),
        (number(y + 8..y + 10)?, 0..=59),
    ];
    fields
        .iter()
        .all(|(value, range)| range.contains(value))
        .then_some(year)
}

/// The length of the tag and length octets of `any`, as encoded.
fn header_len(any: &der::AnyRef<'_>) -> der::Result<usize> {
    Ok(usize::try_from(any.encoded_len()?)? - any.value().len())
}

/// The modulus size of a PKCS#1 RSAPublicKey.
fn rsa_modulus_bits(pkcs1: &[u8]) -> Option<usize> {
    #[derive(der::Sequence)]
    struct RsaPublicKey<'a> {
        modulus: der::asn1::UintRef<'a>,
        _exponent: der::asn1::UintRef<'a>,
    }
    let key = RsaPublicKey::from_der(pkcs1).ok()?;
    let bytes = key.modulus.as_bytes();
    let first = *bytes.first()?;
    Some((bytes.len() - 1) * 8 + usize::try_from(8 - first.leading_zeros()).ok()?)
}

fn personal_info_from(
    other_names: &[x509_cert::ext::pkix::name::OtherName],
) -> Result<Option<PersonalInfo>, Error> {
    let mut known: [Option<String>; 6] = Default::default();
    let known_oids = [
        oid::JPKI_NAME,
        oid::JPKI_NAME_SUBSTITUTES,
        oid::JPKI_SEX,
        oid::JPKI_BIRTH_DATE,
        oid::JPKI_ADDRESS,
        oid::JPKI_ADDRESS_SUBSTITUTES,
    ];
    let mut others = Vec::new();
    for on in other_names {
        let id = Oid(on.type_id);
        if !id.is_under(&oid::JPKI_PERSONAL_ARC) {
            continue;
        }
        let text = der::asn1::Utf8StringRef::try_from(&on.value)
            .map_err(|_| Error::WrongOtherNameTag {
                oid: id,
                found: on.value.tag().to_string(),
            })?
            .as_str()
            .to_owned();
        match known_oids.iter().position(|k| *k == id) {
            Some(i) => {
                let slot = known
                    .get_mut(i)
                    .ok_or(Error::DuplicateOtherName { oid: id })?;
                if slot.replace(text).is_some() {
                    return Err(Error::DuplicateOtherName { oid: id });
                }
            }
            None => {
                if others.iter().any(|o: &OtherPersonalField| o.oid == id) {
                    return Err(Error::DuplicateOtherName { oid: id });
                }
                others.push(OtherPersonalField {
                    oid: id,
                    value: text,
                });
            }
        }
    }
    let [name, name_subs, sex, birth, address, address_subs] = known;
    if name.is_none() && sex.is_none() && birth.is_none() && address.is_none() {
        if name_subs.is_some() || address_subs.is_some() {
            return Err(Error::MissingPersonalField {
                field: PersonalField::Name,
            });
        }
        return Ok(None);
    }
    let need = |v: Option<String>, field| v.ok_or(Error::MissingPersonalField { field });
    let name = need(name, PersonalField::Name)?;
    let birth = need(birth, PersonalField::BirthDate)?;
    let sex = need(sex, PersonalField::Sex)?;
    let address = need(address, PersonalField::Address)?;
    // A missing position string means "nothing substituted": comparisons then
    // demand an exact match everywhere, which fails closed.
    let positions = |field, text: &str, digits: Option<String>| {
        let len = text.chars().count();
        digits.map_or(Ok(SubstitutePositions::none(len)), |d| {
            SubstitutePositions::parse(field, len, &d)
        })
    };
    let mut info = PersonalInfo::new(
        name.clone(),
        positions(PersonalField::Name, &name, name_subs)?,
        BirthDate::parse(&birth)?,
        Sex::from_code(&sex)?,
        address.clone(),
        positions(PersonalField::Address, &address, address_subs)?,
    )?;
    info.other_fields = others;
    Ok(Some(info))
}
