//! Reading a CMS `SignedData` (RFC 5652 §5) without re-encoding anything that is
//! signed: the signed attributes are kept as the bytes the signer hashed.
//!
//! ```text
//! ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
//! SignedData ::= SEQUENCE {
//!   version CMSVersion, digestAlgorithms SET OF AlgorithmIdentifier,
//!   encapContentInfo SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL },
//!   certificates [0] IMPLICIT CertificateSet OPTIONAL,
//!   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
//!   signerInfos SET OF SignerInfo }
//! SignerInfo ::= SEQUENCE {
//!   version CMSVersion,
//!   sid CHOICE { issuerAndSerialNumber SEQUENCE { Name, INTEGER }, subjectKeyIdentifier [0] IMPLICIT OCTET STRING },
//!   digestAlgorithm AlgorithmIdentifier,
//!   signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL,
//!   signatureAlgorithm AlgorithmIdentifier,
//!   signature OCTET STRING,
//!   unsignedAttrs [1] IMPLICIT SET OF Attribute OPTIONAL }
//! ```

use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};

use crate::Certificate;
use crate::Serial;
use crate::Time;
use crate::cert::DistinguishedName;
use crate::error::Error;
use crate::oid::Oid;

pub(crate) const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ATTR_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ATTR_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const ATTR_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
pub(crate) const ATTR_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const ATTR_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");

/// How a SignerInfo names its certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignerIdentifier {
    /// issuerAndSerialNumber.
    IssuerAndSerial {
        /// The issuer's name.
        issuer: DistinguishedName,
        /// The certificate's serial.
        serial: Serial,
    },
    /// subjectKeyIdentifier.
    SubjectKeyId(Vec<u8>),
}

impl SignerIdentifier {
    /// Whether `cert` is the certificate this identifier names.
    pub fn matches(&self, cert: &Certificate) -> bool {
        match self {
            Self::IssuerAndSerial { issuer, serial } => {
                cert.issuer().matches(issuer) && cert.serial() == serial
            }
            Self::SubjectKeyId(id) => cert.subject_key_id() == Some(id.as_slice()),
        }
    }
}

/// ESS signing-certificate reference (RFC 5035 / RFC 2634): the hash of the
/// certificate the signer meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningCertificateRef {
    /// SHA-1 for signingCertificate (v1), the stated algorithm for v2 (default SHA-256).
    pub hash_algorithm: Oid,
    /// The certificate hash.
    pub cert_hash: Vec<u8>,
}

/// One SignerInfo.
#[derive(Clone, Debug)]
pub struct SignerInfo {
    pub(crate) version: u8,
    pub(crate) sid: SignerIdentifier,
    pub(crate) digest_algorithm: Oid,
    /// The signed attributes as hashed: the `[0]` field re-tagged as SET (0x31).
    pub(crate) signed_attrs: Option<Vec<u8>>,
    pub(crate) content_type: Option<Oid>,
    pub(crate) message_digest: Option<Vec<u8>>,
    pub(crate) signing_time: Option<Time>,
    pub(crate) signing_certificate: Option<SigningCertificateRef>,
    pub(crate) signature_algorithm: Oid,
    pub(crate) signature_params: Option<Vec<u8>>,
    pub(crate) signature: Vec<u8>,
    pub(crate) has_unsigned_attrs: bool,
}

impl SignerInfo {
    /// The SignerInfo version (1 with issuerAndSerialNumber, 3 with a key id).
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Which certificate signed.
    pub fn signer_identifier(&self) -> &SignerIdentifier {
        &self.sid
    }

    /// The digest algorithm of the content (and signed attributes).
    pub fn digest_algorithm(&self) -> Oid {
        self.digest_algorithm
    }

    /// Whether signed attributes are present (CAdES-BES needs them).
    pub fn has_signed_attributes(&self) -> bool {
        self.signed_attrs.is_some()
    }

    /// The signingTime attribute (what the signer claims, not a trusted time).
    pub fn signing_time(&self) -> Option<Time> {
        self.signing_time
    }

    /// The ESS signing-certificate reference, if present.
    pub fn signing_certificate(&self) -> Option<&SigningCertificateRef> {
        self.signing_certificate.as_ref()
    }

    /// The signature algorithm OID.
    pub fn signature_algorithm(&self) -> Oid {
        self.signature_algorithm
    }

    /// Whether unsigned attributes are present (they are not covered by the signature).
    pub fn has_unsigned_attributes(&self) -> bool {
        self.has_unsigned_attrs
    }
}

/// A parsed CMS SignedData.
#[derive(Clone, Debug)]
pub struct SignedMessage {
    pub(crate) der: Vec<u8>,
    pub(crate) content_type: Oid,
    pub(crate) content: Option<Vec<u8>>,
    pub(crate) certificates: Vec<Certificate>,
    pub(crate) crls: Vec<Vec<u8>>,
    pub(crate) digest_algorithms: Vec<Oid>,
    pub(crate) signers: Vec<SignerInfo>,
}

fn any<'a>(r: &mut SliceReader<'a>, what: &'static str) -> Result<AnyRef<'a>, Error> {
    AnyRef::decode(r).map_err(Error::decode(what))
}

fn reader<'a>(bytes: &'a [u8], what: &'static str) -> Result<SliceReader<'a>, Error> {
    SliceReader::new(bytes).map_err(Error::decode(what))
}

fn expect_tag(a: &AnyRef<'_>, tag: Tag, what: &'static str) -> Result<(), Error> {
    if a.tag() == tag {
        Ok(())
    } else {
        Err(Error::decode(what)(
            der::ErrorKind::TagUnexpected {
                expected: Some(tag),
                actual: a.tag(),
            }
            .into(),
        ))
    }
}

fn is_context(tag: Tag, n: u8, constructed: bool) -> bool {
    matches!(tag, Tag::ContextSpecific { number, constructed: c } if number == TagNumber(u32::from(n)) && c == constructed)
}

fn oid(a: &AnyRef<'_>, what: &'static str) -> Result<Oid, Error> {
    ObjectIdentifier::try_from(*a)
        .map(Oid)
        .map_err(Error::decode(what))
}

/// (OID, parameters DER) of an AlgorithmIdentifier.
fn algorithm(a: &AnyRef<'_>, what: &'static str) -> Result<(Oid, Option<Vec<u8>>), Error> {
    expect_tag(a, Tag::Sequence, what)?;
    let mut r = reader(a.value(), what)?;
    let id = oid(&any(&mut r, what)?, what)?;
    let params = if r.is_finished() {
        None
    } else {
        let p = any(&mut r, what)?;
        let der = p.to_der().map_err(Error::decode(what))?;
        // NULL parameters are the same as absent for RSA and the SHA-2 family.
        (der != [0x05, 0x00]).then_some(der)
    };
    if !r.is_finished() {
        return Err(Error::decode(what)(
            der::ErrorKind::TrailingData {
                decoded: der::Length::ZERO,
                remaining: der::Length::ZERO,
            }
            .into(),
        ));
    }
    Ok((id, params))
}

fn small_int(a: &AnyRef<'_>, what: &'static str) -> Result<u8, Error> {
    let n = der::asn1::Int::try_from(*a).map_err(Error::decode(what))?;
    match n.as_bytes() {
        [b] => Ok(*b),
        _ => Err(Error::decode(what)(
            der::ErrorKind::Value { tag: Tag::Integer }.into(),
        )),
    }
}

impl SignedMessage {
    /// Parses a CMS ContentInfo holding SignedData, as DER or PEM (`CMS`, `PKCS7`).
    pub fn parse(input: &[u8]) -> Result<Self, Error> {
        if crate::pem::looks_like_pem(input) {
            let block = crate::pem::decode_all(input)?
                .into_iter()
                .find(|b| matches!(b.label.as_str(), "CMS" | "PKCS7"))
                .ok_or(Error::NoPemBlock { label: "CMS" })?;
            return Self::from_der(&block.der);
        }
        Self::from_der(input)
    }

    /// Parses DER.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        const W: &str = "CMS ContentInfo";
        let outer = AnyRef::from_der(der).map_err(Error::decode(W))?;
        expect_tag(&outer, Tag::Sequence, W)?;
        let mut r = reader(outer.value(), W)?;
        let content_type = oid(&any(&mut r, W)?, W)?;
        if content_type != ID_SIGNED_DATA {
            return Err(Error::CmsNotSignedData { content_type });
        }
        let wrapped = any(&mut r, W)?;
        if !is_context(wrapped.tag(), 0, true) || !r.is_finished() {
            return Err(Error::decode(W)(der::ErrorKind::Failed.into()));
        }
        let signed_data = AnyRef::from_der(wrapped.value()).map_err(Error::decode("SignedData"))?;
        let mut out = parse_signed_data(&signed_data)?;
        out.der = der.to_vec();
        Ok(out)
    }

    /// The DER as parsed.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// eContentType (id-data for signed documents).
    pub fn content_type(&self) -> Oid {
        self.content_type
    }

    /// The encapsulated content; `None` for a detached signature.
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }

    /// Whether the content is detached (supplied separately to verify).
    pub fn is_detached(&self) -> bool {
        self.content.is_none()
    }

    /// The certificates carried in the message.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The CRLs carried in the message (DER), for revocation checking.
    pub fn crls(&self) -> &[Vec<u8>] {
        &self.crls
    }

    /// The digestAlgorithms set.
    pub fn digest_algorithms(&self) -> &[Oid] {
        &self.digest_algorithms
    }

    /// The signers.
    pub fn signers(&self) -> &[SignerInfo] {
        &self.signers
    }
}

fn parse_signed_data(sd: &AnyRef<'_>) -> Result<SignedMessage, Error> {
    const W: &str = "SignedData";
    expect_tag(sd, Tag::Sequence, W)?;
    let mut r = reader(sd.value(), W)?;
    let _version = small_int(&any(&mut r, W)?, W)?;
    let algs = any(&mut r, W)?;
    expect_tag(&algs, Tag::Set, W)?;
    let mut digest_algorithms = Vec::new();
    let mut ar = reader(algs.value(), W)?;
    while !ar.is_finished() {
        digest_algorithms.push(algorithm(&any(&mut ar, W)?, "digestAlgorithms")?.0);
    }
    // encapContentInfo
    let eci = any(&mut r, "encapContentInfo")?;
    expect_tag(&eci, Tag::Sequence, "encapContentInfo")?;
    let mut er = reader(eci.value(), "encapContentInfo")?;
    let content_type = oid(&any(&mut er, "encapContentInfo")?, "eContentType")?;
    let content = if er.is_finished() {
        None
    } else {
        let wrapped = any(&mut er, "eContent")?;
        if !is_context(wrapped.tag(), 0, true) {
            return Err(Error::decode("eContent")(der::ErrorKind::Failed.into()));
        }
        let octets =
            <&OctetStringRef>::from_der(wrapped.value()).map_err(Error::decode("eContent"))?;
        Some(octets.as_bytes().to_vec())
    };
    if !er.is_finished() {
        return Err(Error::decode("encapContentInfo")(
            der::ErrorKind::Failed.into(),
        ));
    }
    let mut certificates = Vec::new();
    let mut crls = Vec::new();
    let mut next = any(&mut r, W)?;
    if is_context(next.tag(), 0, true) {
        let mut cr = reader(next.value(), "certificates")?;
        while !cr.is_finished() {
            let c = any(&mut cr, "certificates")?;
            // Only X.509 certificates (SEQUENCE); other CertificateChoices are skipped.
            if c.tag() == Tag::Sequence {
                let der = c.to_der().map_err(Error::decode("certificates"))?;
                certificates.push(Certificate::from_der(&der)?);
            }
        }
        next = any(&mut r, W)?;
    }
    if is_context(next.tag(), 1, true) {
        let mut cr = reader(next.value(), "crls")?;
        while !cr.is_finished() {
            let c = any(&mut cr, "crls")?;
            if c.tag() == Tag::Sequence {
                crls.push(c.to_der().map_err(Error::decode("crls"))?);
            }
        }
        next = any(&mut r, W)?;
    }
    expect_tag(&next, Tag::Set, "signerInfos")?;
    let mut signers = Vec::new();
    let mut sr = reader(next.value(), "signerInfos")?;
    while !sr.is_finished() {
        signers.push(parse_signer(&any(&mut sr, "SignerInfo")?)?);
    }
    if !r.is_finished() {
        return Err(Error::decode(W)(der::ErrorKind::Failed.into()));
    }
    Ok(SignedMessage {
        der: Vec::new(),
        content_type,
        content,
        certificates,
        crls,
        digest_algorithms,
        signers,
    })
}

fn parse_signer(si: &AnyRef<'_>) -> Result<SignerInfo, Error> {
    const W: &str = "SignerInfo";
    expect_tag(si, Tag::Sequence, W)?;
    let mut r = reader(si.value(), W)?;
    let version = small_int(&any(&mut r, W)?, W)?;
    let sid_any = any(&mut r, "sid")?;
    let sid = if sid_any.tag() == Tag::Sequence {
        let mut ir = reader(sid_any.value(), "issuerAndSerialNumber")?;
        let name_any = any(&mut ir, "issuerAndSerialNumber")?;
        let name =
            x509_cert::name::Name::from_der(&name_any.to_der().map_err(Error::decode("sid"))?)
                .map_err(Error::decode("issuerAndSerialNumber"))?;
        let serial = der::asn1::Int::try_from(any(&mut ir, "issuerAndSerialNumber")?)
            .map_err(Error::decode("issuerAndSerialNumber"))?;
        SignerIdentifier::IssuerAndSerial {
            issuer: DistinguishedName::from_x509(&name)?,
            serial: Serial::from_bytes(serial.as_bytes()),
        }
    } else if is_context(sid_any.tag(), 0, false) {
        SignerIdentifier::SubjectKeyId(sid_any.value().to_vec())
    } else {
        return Err(Error::decode("sid")(der::ErrorKind::Failed.into()));
    };
    let (digest_algorithm, _) = algorithm(&any(&mut r, W)?, "digestAlgorithm")?;
    let mut next = any(&mut r, W)?;
    let mut info = SignerInfo {
        version,
        sid,
        digest_algorithm,
        signed_attrs: None,
        content_type: None,
        message_digest: None,
        signing_time: None,
        signing_certificate: None,
        signature_algorithm: digest_algorithm,
        signature_params: None,
        signature: Vec::new(),
        has_unsigned_attrs: false,
    };
    if is_context(next.tag(), 0, true) {
        // What was hashed is the DER of the attributes with a SET tag (RFC 5652 §5.4):
        // the original bytes, only the IMPLICIT [0] tag byte replaced by 0x31.
        let mut hashed = next.to_der().map_err(Error::decode("signedAttrs"))?;
        if let Some(first) = hashed.first_mut() {
            *first = 0x31;
        }
        read_signed_attributes(&mut info, next.value())?;
        info.signed_attrs = Some(hashed);
        next = any(&mut r, W)?;
    }
    let (sig_alg, params) = algorithm(&next, "signatureAlgorithm")?;
    info.signature_algorithm = sig_alg;
    info.signature_params = params;
    let sig = any(&mut r, W)?;
    info.signature = <&OctetStringRef>::try_from(sig)
        .map_err(Error::decode("signature"))?
        .as_bytes()
        .to_vec();
    if !r.is_finished() {
        let unsigned = any(&mut r, W)?;
        if !is_context(unsigned.tag(), 1, true) {
            return Err(Error::decode("unsignedAttrs")(
                der::ErrorKind::Failed.into(),
            ));
        }
        info.has_unsigned_attrs = true;
    }
    if !r.is_finished() {
        return Err(Error::decode(W)(der::ErrorKind::Failed.into()));
    }
    Ok(info)
}

fn read_signed_attributes(info: &mut SignerInfo, body: &[u8]) -> Result<(), Error> {
    const W: &str = "signed attribute";
    let mut r = reader(body, W)?;
    let mut seen: Vec<Oid> = Vec::new();
    while !r.is_finished() {
        let attr = any(&mut r, W)?;
        expect_tag(&attr, Tag::Sequence, W)?;
        let mut ar = reader(attr.value(), W)?;
        let attr_type = oid(&any(&mut ar, W)?, W)?;
        if seen.contains(&attr_type) {
            return Err(Error::CmsAttribute {
                attribute: attr_type,
                problem: "appears twice",
            });
        }
        seen.push(attr_type);
        let values = any(&mut ar, W)?;
        expect_tag(&values, Tag::Set, W)?;
        let mut vr = reader(values.value(), W)?;
        let first = any(&mut vr, W)?;
        let single = vr.is_finished();
        let one_value = |problem| -> Result<(), Error> {
            if single {
                Ok(())
            } else {
                Err(Error::CmsAttribute {
                    attribute: attr_type,
                    problem,
                })
            }
        };
        match attr_type {
            t if t == ATTR_CONTENT_TYPE => {
                one_value("must have exactly one value")?;
                info.content_type = Some(oid(&first, "contentType attribute")?);
            }
            t if t == ATTR_MESSAGE_DIGEST => {
                one_value("must have exactly one value")?;
                info.message_digest = Some(
                    <&OctetStringRef>::try_from(first)
                        .map_err(Error::decode("messageDigest attribute"))?
                        .as_bytes()
                        .to_vec(),
                );
            }
            t if t == ATTR_SIGNING_TIME => {
                one_value("must have exactly one value")?;
                let der = first
                    .to_der()
                    .map_err(Error::decode("signingTime attribute"))?;
                let time = x509_cert::time::Time::from_der(&der)
                    .map_err(Error::decode("signingTime attribute"))?;
                info.signing_time = Some(Time::from_der_time(&time));
            }
            t if t == ATTR_SIGNING_CERTIFICATE_V2 || t == ATTR_SIGNING_CERTIFICATE => {
                one_value("must have exactly one value")?;
                info.signing_certificate = Some(signing_certificate(
                    &first,
                    t == ATTR_SIGNING_CERTIFICATE_V2,
                )?);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The first ESSCertID(v2) of a SigningCertificate(V2) value.
fn signing_certificate(value: &AnyRef<'_>, v2: bool) -> Result<SigningCertificateRef, Error> {
    const W: &str = "signingCertificate attribute";
    expect_tag(value, Tag::Sequence, W)?;
    let mut r = reader(value.value(), W)?;
    let certs = any(&mut r, W)?;
    expect_tag(&certs, Tag::Sequence, W)?;
    let mut cr = reader(certs.value(), W)?;
    let first = any(&mut cr, W)?;
    expect_tag(&first, Tag::Sequence, W)?;
    let mut er = reader(first.value(), W)?;
    let mut item = any(&mut er, W)?;
    let mut hash_algorithm = if v2 {
        crate::crypto::HashAlgorithm::Sha256.oid()
    } else {
        crate::crypto::HashAlgorithm::Sha1.oid()
    };
    if v2 && item.tag() == Tag::Sequence {
        hash_algorithm = algorithm(&item, W)?.0;
        item = any(&mut er, W)?;
    }
    let hash = <&OctetStringRef>::try_from(item).map_err(Error::decode(W))?;
    Ok(SigningCertificateRef {
        hash_algorithm,
        cert_hash: hash.as_bytes().to_vec(),
    })
}
