//! Building a CMS SignedData with CAdES-BES signed attributes.
//!
//! Signed attributes: contentType, messageDigest, signingTime and ESS
//! signingCertificateV2 (RFC 5035, SHA-256 certificate hash with issuer and
//! serial). The signature is RSASSA-PKCS1-v1_5 (an RSA certificate) or ECDSA (an
//! EC certificate: P-256 or P-384, signatureAlgorithm ecdsa-with-SHA256/384/512 as
//! RFC 5753 writes it) over the DER of the attributes, made by a [`Signer`]: the
//! resident's card, or a software key in the simulator.

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
use crate::Certificate;
use crate::Time;
use crate::crypto::{EcCurve, HashAlgorithm, RSA_ENCRYPTION, SignatureScheme, ecdsa_raw_to_der};
use crate::error::Error;

/// Something that makes signatures for a certificate: RSASSA-PKCS1-v1_5 when the
/// certificate's key is RSA, ECDSA when it is an EC key (P-256, P-384). The
/// certificate's key says which ([`PreparedSignature::scheme`]).
pub trait Signer {
    /// The signer's certificate.
    fn certificate(&self) -> &Certificate;

    /// Signs a `digest` of `hash`. RSA: the DigestInfo is padded (PKCS#1 v1.5
    /// type 1) and raised to the private key. ECDSA: the digest is signed as it
    /// is, and the signature returned as the DER `ECDSA-Sig-Value` or as the raw
    /// `r‖s` (both are accepted).
    fn sign_digest(&mut self, hash: HashAlgorithm, digest: &[u8]) -> Result<Vec<u8>, Error>;
}

/// How to sign.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SignOptions {
    /// Leave the content out of the SignedData (it travels beside the signature).
    pub detached: bool,
    /// The signingTime attribute (the signer's claim; the core has no clock).
    pub signing_time: Option<Time>,
    /// The digest algorithm; `None` (the default): the natural one of the
    /// signer's key ([`hash_for`](Self::hash_for): SHA-384 for a P-384 key, the
    /// next-generation card; SHA-256 for RSA and P-256). SHA-1 is refused: new
    /// signatures never use it.
    pub hash: Option<HashAlgorithm>,
    /// Certificates to include besides the signer's (e.g. the CA certificate).
    pub extra_certificates: Vec<Certificate>,
}

impl SignOptions {
    /// Detached (the default) or with the content inside.
    pub fn with_detached(mut self, detached: bool) -> Self {
        self.detached = detached;
        self
    }

    /// The signingTime attribute to claim (`None`: none).
    pub fn with_signing_time(mut self, at: Option<Time>) -> Self {
        self.signing_time = at;
        self
    }

    /// The digest algorithm, instead of the key's natural one.
    pub fn with_hash(mut self, hash: HashAlgorithm) -> Self {
        self.hash = Some(hash);
        self
    }

    /// The digest algorithm a signature by the holder of `certificate` uses:
    /// [`hash`](Self::hash) when set, else SHA-384 for a P-384 key and SHA-256
    /// for any other (RSA, P-256).
    pub fn hash_for(&self, certificate: &Certificate) -> HashAlgorithm {
        self.hash
            .unwrap_or(match EcCurve::of_public_key(certificate.public_key_der()) {
                Some(EcCurve::P384) => HashAlgorithm::Sha384,
                _ => HashAlgorithm::Sha256,
            })
    }

    /// Certificates to include besides the signer's.
    pub fn with_extra_certificates(mut self, certificates: Vec<Certificate>) -> Self {
        self.extra_certificates = certificates;
        self
    }
}

impl Default for SignOptions {
    fn default() -> Self {
        Self {
            detached: true,
            signing_time: None,
            hash: None,
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
///
/// Built on [`PreparedSignature`]: the signed attributes are prepared for the
/// signer's certificate, the signer signs their digest, and the signature is
/// checked against the certificate's key before the SignedData is assembled
/// ([`Error::CmsSignatureNotBySigner`] if another key signed).
pub fn sign(
    content: &[u8],
    signer: &mut dyn Signer,
    options: &SignOptions,
) -> Result<Vec<u8>, Error> {
    let prepared = PreparedSignature::new(content, signer.certificate(), options)?;
    let signature = signer.sign_digest(prepared.hash(), prepared.digest())?;
    prepared.finish(&signature)
}

/// A CMS signature prepared for a signer that is not at hand: the first phase
/// of two-phase signing.
///
/// [`PreparedSignature::new`] builds the CAdES-BES signed attributes for
/// `content` and the signer's certificate and says exactly what the key must
/// sign; [`PreparedSignature::finish`] takes the signature (RSASSA-PKCS1-v1_5, or
/// ECDSA for an EC certificate: see [`scheme`](Self::scheme)), from wherever it was made (a card behind a phone's NFC, a browser's WebUSB,
/// an HSM), checks it with the certificate's public key and assembles the
/// ContentInfo DER. [`sign`] is the one-call form of the same two steps.
///
/// What the card signs, in the form its interface wants:
///
/// * [`digest`](Self::digest): the [`hash`](Self::hash) of the DER signed
///   attributes; a JPKI card's COMPUTE DIGITAL SIGNATURE takes this wrapped in
///   a DigestInfo;
/// * [`digest_info`](Self::digest_info): the DER `DigestInfo` (RFC 8017 §9.2),
///   the exact input of PKCS#1 v1.5 padding (`openssl pkeyutl -sign
///   -pkeyopt rsa_padding_mode:pkcs1` over these bytes);
/// * [`signed_attributes_der`](Self::signed_attributes_der): the message
///   itself, for signers that hash (`openssl dgst -sha256 -sign`).
///
/// With an EC certificate (the next-generation card: P-384, SHA-384) the key
/// signs the same [`digest`](Self::digest) with ECDSA. Assumed for the card, as
/// no APDUs for it are public: COMPUTE DIGITAL SIGNATURE is unchanged and takes
/// the same `DigestInfo` (the hash named inside it); the card signs the digest
/// and returns the raw `r‖s`, which [`finish`](Self::finish) converts to the DER
/// `ECDSA-Sig-Value` that CMS carries (a DER signature is taken as it is).
///
/// The value is `Clone + Send + Sync` and holds no key material: a server keeps
/// it (in memory, or as the parts [`PreparedSignature::from_parts`] takes)
/// between handing the digest to a browser or phone and receiving the
/// signature. Nothing here reads a clock: the signingTime comes from
/// [`SignOptions::signing_time`].
///
/// ```
/// # #[cfg(feature = "sim")]
/// # fn main() -> Result<(), jpki::Error> {
/// use jpki::cms::{PreparedSignature, SignOptions};
/// # use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey};
/// # use jpki::{Date, Time};
/// # let now = Time::parse_rfc3339("2026-11-21T10:00:00+09:00")?;
/// # let mut authority = Authority::new(AuthorityOptions::default(), now)?;
/// # let record = RegisterRecord { name: "吉田 太郎".into(), birth_date: Date::parse_iso("1950-04-01")?,
/// #     sex: jpki::Sex::Male, address: "東京都千代田区霞が関2丁目1番2号".into(),
/// #     prefecture: None, municipality: None };
/// # let card_key = SimKey::generate(2048)?;
/// # let certificate = authority.issue(&record, &card_key.public_key_der()?, Purpose::Signing, now)?;
/// let options = SignOptions::default().with_signing_time(Some(now));
/// let prepared = PreparedSignature::new(b"application", &certificate, &options)?;
/// // Send prepared.digest_info() (or prepared.digest()) to the card, wherever it is…
/// # let signature = card_key.sign_digest_info(&prepared.digest_info())?;
/// // …and finish with the signature that comes back.
/// let cms_der = prepared.finish(&signature)?;
/// # assert!(prepared.finish(&[0u8; 256]).is_err());
/// # let _ = cms_der;
/// # Ok(()) }
/// # #[cfg(not(feature = "sim"))]
/// # fn main() {}
/// ```
#[derive(Clone, Debug)]
pub struct PreparedSignature {
    hash: HashAlgorithm,
    /// How the certificate's key signs: PKCS#1 v1.5 or ECDSA with `hash`.
    scheme: SignatureScheme,
    certificate: Certificate,
    extra_certificates: Vec<Certificate>,
    /// The content, when it is encapsulated (not detached).
    content: Option<Vec<u8>>,
    /// The DER `SET OF Attribute`: what the signature covers.
    signed_attributes: Vec<u8>,
    /// `hash` of `signed_attributes`.
    digest: Vec<u8>,
}

impl PreparedSignature {
    /// Prepares the signature of `content` by the holder of `certificate`:
    /// signed attributes contentType (id-data), messageDigest, signingTime (if
    /// [`SignOptions::signing_time`]) and ESS signingCertificateV2.
    ///
    /// Refuses SHA-1 ([`Error::UnsupportedAlgorithm`]): new signatures never
    /// use it.
    pub fn new(
        content: &[u8],
        certificate: &Certificate,
        options: &SignOptions,
    ) -> Result<Self, Error> {
        let hash = options.hash_for(certificate);
        check_hash(hash)?;
        let attrs = signed_attributes(content, certificate, options, hash)?;
        let der = attrs.to_der().map_err(enc("signed attributes"))?;
        Ok(Self::assemble_parts(
            content,
            certificate,
            options,
            hash,
            der,
        ))
    }

    /// Rebuilds a prepared signature from what a server kept between the two
    /// phases: the same `content`, `certificate` and `options`, and the
    /// [`signed_attributes_der`](Self::signed_attributes_der) it handed out.
    ///
    /// The attributes must be DER (they are carried as they are, and the
    /// signature covers exactly these bytes), say contentType id-data and hold
    /// the messageDigest of `content` under the hash the options give for
    /// `certificate` ([`SignOptions::hash_for`]; [`Error::CmsDigestMismatch`]
    /// otherwise).
    pub fn from_parts(
        content: &[u8],
        certificate: &Certificate,
        options: &SignOptions,
        signed_attributes_der: &[u8],
    ) -> Result<Self, Error> {
        let hash = options.hash_for(certificate);
        check_hash(hash)?;
        let attrs = SetOfVec::<Attribute>::from_der(signed_attributes_der)
            .map_err(enc("signed attributes"))?;
        if attrs.to_der().map_err(enc("signed attributes"))? != signed_attributes_der {
            // The signature covers these bytes; a re-encoding would differ.
            return Err(Error::decode("signed attributes")(
                der::Tag::Set.non_canonical_error().into(),
            ));
        }
        let single = |oid: crate::oid::Oid, name: &'static str| -> Result<&Any, Error> {
            let mut found = attrs.iter().filter(|a| a.oid == oid.0);
            match (found.next(), found.next()) {
                (Some(a), None) if a.values.len() == 1 => a
                    .values
                    .iter()
                    .next()
                    .ok_or(Error::CmsMissingAttribute { attribute: name }),
                (None, _) => Err(Error::CmsMissingAttribute { attribute: name }),
                _ => Err(Error::CmsAttribute {
                    attribute: oid,
                    problem: "present more than once or with several values",
                }),
            }
        };
        let content_type = single(ATTR_CONTENT_TYPE, "contentType")?
            .decode_as::<der::asn1::ObjectIdentifier>()
            .map_err(enc("contentType"))?;
        if content_type != ID_DATA.0 {
            return Err(Error::CmsContentTypeMismatch {
                signed: crate::oid::Oid(content_type),
                encapsulated: ID_DATA,
            });
        }
        let message_digest = single(ATTR_MESSAGE_DIGEST, "messageDigest")?
            .decode_as::<OctetString>()
            .map_err(enc("messageDigest"))?;
        if message_digest.as_bytes() != hash.digest(content).as_slice() {
            return Err(Error::CmsDigestMismatch);
        }
        Ok(Self::assemble_parts(
            content,
            certificate,
            options,
            hash,
            signed_attributes_der.to_vec(),
        ))
    }

    fn assemble_parts(
        content: &[u8],
        certificate: &Certificate,
        options: &SignOptions,
        hash: HashAlgorithm,
        signed_attributes: Vec<u8>,
    ) -> Self {
        let scheme = if EcCurve::of_public_key(certificate.public_key_der()).is_some() {
            SignatureScheme::Ecdsa(hash)
        } else {
            SignatureScheme::Pkcs1v15(hash)
        };
        Self {
            hash,
            scheme,
            certificate: certificate.clone(),
            extra_certificates: options.extra_certificates.clone(),
            content: (!options.detached).then(|| content.to_vec()),
            digest: hash.digest(&signed_attributes),
            signed_attributes,
        }
    }

    /// The hash algorithm of the content, the signed attributes and the
    /// DigestInfo ([`SignOptions::hash_for`] the certificate).
    pub fn hash(&self) -> HashAlgorithm {
        self.hash
    }

    /// How the certificate's key signs: RSASSA-PKCS1-v1_5 with
    /// [`hash`](Self::hash) for an RSA key, ECDSA with it for an EC key.
    pub fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    /// The digest the key signs: [`hash`](Self::hash) of the DER signed
    /// attributes.
    pub fn digest(&self) -> &[u8] {
        &self.digest
    }

    /// The DER `DigestInfo { digestAlgorithm, digest }` of
    /// [`digest`](Self::digest): the exact input of RSASSA-PKCS1-v1_5 padding.
    pub fn digest_info(&self) -> Vec<u8> {
        let mut out = self.hash.digest_info_prefix().to_vec();
        out.extend_from_slice(&self.digest);
        out
    }

    /// The DER `SET OF Attribute` the signature covers (RFC 5652 §5.4); keep it
    /// to rebuild the value with [`PreparedSignature::from_parts`].
    pub fn signed_attributes_der(&self) -> &[u8] {
        &self.signed_attributes
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// Whether the SignedData will leave the content out.
    pub fn is_detached(&self) -> bool {
        self.content.is_none()
    }

    /// Completes the SignedData with `signature` over the signed attributes, as
    /// the certificate's key made it ([`scheme`](Self::scheme)), and returns the
    /// DER of its ContentInfo. RSA: the PKCS#1 v1.5 signature. ECDSA: the DER
    /// `ECDSA-Sig-Value`, or the raw `r‖s` (twice the curve's field length, as a
    /// card returns it), which is converted to DER.
    ///
    /// The signature is verified first: [`Error::CmsSignatureNotBySigner`] if it
    /// does not verify with the certificate's public key (a wrong card, another
    /// key slot, a damaged transfer); [`Error::UnsupportedKey`] if the
    /// certificate's key is neither RSA nor EC on P-256 or P-384. The prepared
    /// value is left as it was, so a refused signature can be followed by
    /// another attempt.
    pub fn finish(&self, signature: &[u8]) -> Result<Vec<u8>, Error> {
        let spki = self.certificate.public_key_der();
        let check = |signature: &[u8]| match crate::crypto::verify(
            spki,
            self.scheme,
            &self.signed_attributes,
            signature,
            "signer certificate",
        ) {
            Ok(()) => Ok(()),
            Err(Error::BadSignature { .. }) => Err(Error::CmsSignatureNotBySigner),
            Err(e) => Err(e),
        };
        let first = check(signature);
        if let (Err(Error::CmsSignatureNotBySigner), Some(curve)) =
            (&first, EcCurve::of_public_key(spki))
            && signature.len() == 2 * curve.field_len()
        {
            // Not DER: the raw r‖s of a card.
            let der = ecdsa_raw_to_der(signature).map_err(|_| Error::CmsSignatureNotBySigner)?;
            check(&der)?;
            return self.assemble(&der);
        }
        first?;
        self.assemble(signature)
    }

    /// The ContentInfo DER with `signature`, unchecked.
    fn assemble(&self, signature: &[u8]) -> Result<Vec<u8>, Error> {
        let x509 = x509_cert::Certificate::from_der(self.certificate.der())
            .map_err(enc("signer certificate"))?;
        let digest_alg = AlgorithmIdentifierOwned {
            oid: self.hash.oid().0,
            parameters: None,
        };
        let attrs = SetOfVec::<Attribute>::from_der(&self.signed_attributes)
            .map_err(enc("signed attributes"))?;
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: x509.tbs_certificate().issuer().clone(),
                serial_number: x509.tbs_certificate().serial_number().clone(),
            }),
            digest_alg: digest_alg.clone(),
            signed_attrs: Some(attrs),
            signature_algorithm: match self.scheme.algorithm_oid() {
                // RFC 5753 §2.1.1: ecdsa-with-SHA*, parameters absent.
                Some(oid) if self.scheme.is_ecdsa() => AlgorithmIdentifierOwned {
                    oid: oid.0,
                    parameters: None,
                },
                _ => AlgorithmIdentifierOwned {
                    oid: RSA_ENCRYPTION.0,
                    parameters: Some(Any::null()),
                },
            },
            signature: OctetString::new(signature).map_err(enc("signature"))?,
            unsigned_attrs: None,
        };
        let mut certificates = SetOfVec::new();
        for c in std::iter::once(&self.certificate).chain(&self.extra_certificates) {
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
        let econtent = match &self.content {
            None => None,
            Some(content) => Some(
                Any::encode_from(&OctetString::new(content.as_slice()).map_err(enc("eContent"))?)
                    .map_err(enc("eContent"))?,
            ),
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
}

/// New signatures never use SHA-1.
fn check_hash(hash: HashAlgorithm) -> Result<(), Error> {
    if hash == HashAlgorithm::Sha1 {
        return Err(Error::UnsupportedAlgorithm {
            oid: HashAlgorithm::Sha1.oid(),
        });
    }
    Ok(())
}

/// The CAdES-BES signed attributes of `content` for `cert`.
fn signed_attributes(
    content: &[u8],
    cert: &Certificate,
    options: &SignOptions,
    hash: HashAlgorithm,
) -> Result<SetOfVec<Attribute>, Error> {
    let x509 = x509_cert::Certificate::from_der(cert.der()).map_err(enc("signer certificate"))?;
    let mut attrs = SetOfVec::new();
    attrs
        .insert(attribute(
            ATTR_CONTENT_TYPE,
            Any::encode_from(&ID_DATA.0).map_err(enc("contentType"))?,
        )?)
        .map_err(enc("signed attributes"))?;
    let message_digest = OctetString::new(hash.digest(content)).map_err(enc("messageDigest"))?;
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
    Ok(attrs)
}
