//! Building a CMS SignedData with CAdES-BES signed attributes.
//!
//! Signed attributes: contentType, messageDigest, signingTime and ESS
//! signingCertificateV2 (RFC 5035, SHA-256 certificate hash with issuer and
//! serial). The signature is RSASSA-PKCS1-v1_5 over the DER of the attributes,
//! made by a [`Signer`]: the resident's card, or a software key in the simulator.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

use super::parse::{
    ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST, ATTR_SIGNING_CERTIFICATE_V2, ATTR_SIGNING_TIME,
    ID_DATA, ID_SIGNED_DATA,
};
use crate::cert::Certificate;
use crate::crypto::{HashAlgorithm, RSA_ENCRYPTION};
use crate::error::Error;
use crate::time::Time;

/// Something that makes RSASSA-PKCS1-v1_5 signatures for a certificate.
pub trait Signer {
    /// The signer's certificate.
    fn certificate(&self) -> &Certificate;

    /// Signs a `digest` of `hash`: the DigestInfo is padded (PKCS#1 v1.5 type 1)
    /// and raised to the private key.
    fn sign_digest(&mut self, hash: HashAlgorithm, digest: &[u8]) -> Result<Vec<u8>, Error>;
}

/// How to sign.
#[derive(Clone, Debug)]
pub struct SignOptions {
    /// Leave the content out of the SignedData (it travels beside the signature).
    pub detached: bool,
    /// The signingTime attribute (the signer's claim; the core has no clock).
    pub signing_time: Option<Time>,
    /// The digest algorithm (SHA-256 unless a verifier needs otherwise; SHA-1 is
    /// refused here: new signatures never use it).
    pub hash: HashAlgorithm,
    /// Certificates to include besides the signer's (e.g. the CA certificate).
    pub extra_certificates: Vec<Certificate>,
}

impl Default for SignOptions {
    fn default() -> Self {
        Self {
            detached: true,
            signing_time: None,
            hash: HashAlgorithm::Sha256,
            extra_certificates: Vec::new(),
        }
    }
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }`
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

/// `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }`
#[derive(Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: x509_cert::serial_number::SerialNumber,
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }`
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn enc(what: &'static str) -> impl Fn(der::Error) -> Error {
    move |e| Error::Decode {
        what,
        source: crate::error::DecodeError(e),
    }
}

fn attribute(oid: crate::oid::Oid, value: Any) -> Result<Attribute, Error> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(enc("signed attribute"))?;
    Ok(Attribute { oid: oid.0, values })
}

/// Signs `content` and returns the DER of a ContentInfo holding SignedData.
pub fn sign(
    content: &[u8],
    signer: &mut dyn Signer,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    if options.hash == HashAlgorithm::Sha1 {
        return Err(Error::UnsupportedAlgorithm {
            oid: HashAlgorithm::Sha1.oid(),
        });
    }
    let cert = signer.certificate().clone();
    let x509 = x509_cert::Certificate::from_der(cert.der()).map_err(enc("signer certificate"))?;
    let digest_alg = AlgorithmIdentifierOwned {
        oid: options.hash.oid().0,
        parameters: None,
    };

    let mut attrs = SetOfVec::new();
    attrs
        .insert(attribute(
            ATTR_CONTENT_TYPE,
            Any::encode_from(&ID_DATA.0).map_err(enc("contentType"))?,
        )?)
        .map_err(enc("signed attributes"))?;
    let message_digest =
        OctetString::new(options.hash.digest(content)).map_err(enc("messageDigest"))?;
    attrs
        .insert(attribute(
            ATTR_MESSAGE_DIGEST,
            Any::encode_from(&message_digest).map_err(enc("messageDigest"))?,
        )?)
        .map_err(enc("signed attributes"))?;
    if let Some(at) = options.signing_time {
        let t = at.to_der_time()?;
        attrs
            .insert(attribute(
                ATTR_SIGNING_TIME,
                Any::encode_from(&t).map_err(enc("signingTime"))?,
            )?)
            .map_err(enc("signed attributes"))?;
    }
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(HashAlgorithm::Sha256.digest(cert.der()))
                .map_err(enc("signingCertificateV2"))?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    x509.tbs_certificate().issuer().clone(),
                )],
                serial_number: x509.tbs_certificate().serial_number().clone(),
            },
        }],
    };
    attrs
        .insert(attribute(
            ATTR_SIGNING_CERTIFICATE_V2,
            Any::encode_from(&ess).map_err(enc("signingCertificateV2"))?,
        )?)
        .map_err(enc("signed attributes"))?;

    // RFC 5652 §5.4: the signature covers the DER of the attributes as a SET OF.
    let to_sign = attrs.to_der().map_err(enc("signed attributes"))?;
    let signature = signer.sign_digest(options.hash, &options.hash.digest(&to_sign))?;

    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: x509.tbs_certificate().issuer().clone(),
            serial_number: x509.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: digest_alg.clone(),
        signed_attrs: Some(attrs),
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: RSA_ENCRYPTION.0,
            parameters: Some(Any::null()),
        },
        signature: OctetString::new(signature).map_err(enc("signature"))?,
        unsigned_attrs: None,
    };
    let mut certificates = SetOfVec::new();
    for c in std::iter::once(&cert).chain(&options.extra_certificates) {
        let x = x509_cert::Certificate::from_der(c.der()).map_err(enc("certificate"))?;
        certificates
            .insert(CertificateChoices::Certificate(x))
            .map_err(enc("certificates"))?;
    }
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms
        .insert(digest_alg)
        .map_err(enc("digestAlgorithms"))?;
    let mut signer_infos = SetOfVec::new();
    signer_infos
        .insert(signer_info)
        .map_err(enc("signerInfos"))?;
    let econtent = if options.detached {
        None
    } else {
        Some(
            Any::encode_from(&OctetString::new(content).map_err(enc("eContent"))?)
                .map_err(enc("eContent"))?,
        )
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA.0,
            econtent,
        },
        certificates: Some(CertificateSet(certificates)),
        crls: None,
        signer_infos: SignerInfos(signer_infos),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA.0,
        content: Any::encode_from(&signed_data).map_err(enc("SignedData"))?,
    }
    .to_der()
    .map_err(enc("ContentInfo"))
}
