//! A low-level X.509 certificate builder: every field and extension under the
//! caller's control, signed with the issuer key's default scheme
//! (sha256WithRSAEncryption for RSA, ecdsa-with-SHA384 on P-384,
//! ecdsa-with-SHA256 on P-256) unless another scheme is chosen (SHA-1, SHA-384,
//! SHA-512, RSASSA-PSS, ECDSA with another hash: for 住基カード era and
//! interoperability test certificates).
//!
//! The simulated authority builds its J-LIS profile on it; tests use it to make
//! certificates with deliberate faults (a wrong tag in an otherName, a bad
//! substitute-position string…).

use der::asn1::{BitString, OctetString, Uint, Utf8StringRef};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::time::Validity;

use super::key::SimKey;
use crate::Certificate;
use crate::Serial;
use crate::SimulatorError;
use crate::Time;
use crate::crypto::{HashAlgorithm, SignatureScheme};
use crate::error::Error;
use crate::oid::Oid;

const SHA1_WITH_RSA: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
const SHA256_WITH_RSA: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const RSASSA_PSS: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const MGF1: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");
const ECDSA_WITH_SHA256: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");

/// `RSASSA-PSS-params` (RFC 4055 §3.1) with every field written out; the trailer
/// field keeps its default (1) and is therefore omitted.
#[derive(Sequence)]
struct PssParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    hash_algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT")]
    mask_gen_algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT")]
    salt_length: u32,
}

/// The `ObjectIdentifier` of an [`Oid`] (through its dotted form: the
/// simulator sees only the public API).
pub(crate) fn object_identifier(oid: &Oid) -> Result<const_oid::ObjectIdentifier, Error> {
    const_oid::ObjectIdentifier::new(&oid.to_dotted()).map_err(|_| Error::InvalidOid {
        value: oid.to_dotted(),
    })
}

/// DER INTEGER content octets of `serial`: minimal, with a leading zero when
/// the top bit is set.
pub(crate) fn serial_der_content(serial: &Serial) -> Vec<u8> {
    match serial.as_bytes().first() {
        None => vec![0],
        Some(&b) if b & 0x80 != 0 => [&[0u8][..], serial.as_bytes()].concat(),
        Some(_) => serial.as_bytes().to_vec(),
    }
}

/// A [`Time`] as an X.509 `Time`: UTCTime through 2049, GeneralizedTime from
/// 2050 (RFC 5280 §4.1.2.5).
pub(crate) fn x509_time(t: Time) -> Result<x509_cert::time::Time, Error> {
    let invalid = |e: der::Error| Error::InvalidTime {
        value: format!("{t}: {e}"),
    };
    let dt = der::DateTime::from_unix_duration(core::time::Duration::from_secs(t.unix_seconds()))
        .map_err(invalid)?;
    Ok(if dt.year() < 2050 {
        x509_cert::time::Time::UtcTime(der::asn1::UtcTime::from_date_time(dt).map_err(invalid)?)
    } else {
        x509_cert::time::Time::GeneralTime(der::asn1::GeneralizedTime::from_date_time(dt))
    })
}

/// An encoding failure of the simulator as a public [`Error`]
/// ([`SimulatorError::Encoding`]); `what` names the structure.
pub(crate) fn encoding(what: &'static str) -> impl FnOnce(der::Error) -> Error {
    move |e| {
        Error::Simulator(SimulatorError::Encoding {
            what,
            reason: e.to_string(),
        })
    }
}

/// The signatureAlgorithm AlgorithmIdentifier of `scheme`.
pub(crate) fn algorithm_identifier(
    scheme: SignatureScheme,
) -> Result<AlgorithmIdentifierOwned, Error> {
    Ok(match scheme {
        SignatureScheme::Pkcs1v15(hash) => AlgorithmIdentifierOwned {
            oid: match hash {
                HashAlgorithm::Sha1 => SHA1_WITH_RSA,
                HashAlgorithm::Sha256 => SHA256_WITH_RSA,
                HashAlgorithm::Sha384 => SHA384_WITH_RSA,
                HashAlgorithm::Sha512 => SHA512_WITH_RSA,
                // The enums are non-exhaustive for users, and so for the simulator.
                #[allow(unreachable_patterns)]
                other => return Err(unsupported_scheme(SignatureScheme::Pkcs1v15(other))),
            },
            parameters: Some(Any::null()),
        },
        SignatureScheme::Pss { hash, salt_len } => {
            // RFC 5754 §2: SHA-2 AlgorithmIdentifiers omit their parameters.
            let hash_algorithm = AlgorithmIdentifierOwned {
                oid: object_identifier(&hash.oid())?,
                parameters: None,
            };
            let params = PssParams {
                mask_gen_algorithm: AlgorithmIdentifierOwned {
                    oid: MGF1,
                    parameters: Some(Any::encode_from(&hash_algorithm).map_err(encoding("MGF1"))?),
                },
                hash_algorithm,
                salt_length: u32::try_from(salt_len).map_err(|_| {
                    Error::Simulator(SimulatorError::Crypto {
                        reason: format!("PSS salt length {salt_len} is too large"),
                    })
                })?,
            };
            AlgorithmIdentifierOwned {
                oid: RSASSA_PSS,
                parameters: Some(
                    Any::encode_from(&params).map_err(encoding("RSASSA-PSS parameters"))?,
                ),
            }
        }
        // RFC 5758 §3.2: ecdsa-with-SHA* omit their parameters.
        SignatureScheme::Ecdsa(hash) => AlgorithmIdentifierOwned {
            oid: match hash {
                HashAlgorithm::Sha256 => ECDSA_WITH_SHA256,
                HashAlgorithm::Sha384 => ECDSA_WITH_SHA384,
                HashAlgorithm::Sha512 => ECDSA_WITH_SHA512,
                _ => return Err(unsupported_scheme(scheme)),
            },
            parameters: None,
        },
        #[allow(unreachable_patterns)]
        other => return Err(unsupported_scheme(other)),
    })
}

/// A scheme the simulator cannot sign with (one added to the library later).
pub(crate) fn unsupported_scheme(scheme: SignatureScheme) -> Error {
    Error::Simulator(SimulatorError::Crypto {
        reason: format!("the simulator does not sign with {scheme}"),
    })
}

/// `TBSCertificate` (RFC 5280 §4.1), v3 only.
#[derive(Sequence)]
struct TbsV3 {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    version: u8,
    serial_number: Uint,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    validity: Validity,
    subject: Name,
    subject_public_key_info: Any,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<Extension>>,
}

/// `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }`.
#[derive(Sequence)]
struct SignedCertificate {
    tbs_certificate: Any,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

/// Builds one X.509 v3 certificate.
#[derive(Clone, Debug)]
pub struct CertificateBuilder {
    serial: Serial,
    issuer: Vec<u8>,
    subject: Vec<u8>,
    not_before: Time,
    not_after: Time,
    spki: Vec<u8>,
    extensions: Vec<(Oid, bool, Vec<u8>)>,
    /// `None`: the issuer key's [default](SimKey::default_scheme).
    scheme: Option<SignatureScheme>,
}

impl CertificateBuilder {
    /// A certificate with the given serial, names (DER), validity and public key
    /// (SubjectPublicKeyInfo DER), and no extensions yet.
    pub fn new(
        serial: Serial,
        issuer_der: Vec<u8>,
        subject_der: Vec<u8>,
        not_before: Time,
        not_after: Time,
        spki_der: Vec<u8>,
    ) -> Self {
        Self {
            serial,
            issuer: issuer_der,
            subject: subject_der,
            not_before,
            not_after,
            spki: spki_der,
            extensions: Vec::new(),
            scheme: None,
        }
    }

    /// Signs under `scheme` instead of the issuer key's
    /// [default](SimKey::default_scheme) (e.g. `Pkcs1v15(Sha1)` for a 住基カード
    /// era certificate, RSASSA-PSS, or ECDSA with SHA-512).
    pub fn signature_scheme(mut self, scheme: SignatureScheme) -> Self {
        self.scheme = Some(scheme);
        self
    }

    /// Appends an extension with its DER value (the contents of `extnValue`).
    pub fn extension(mut self, oid: Oid, critical: bool, value_der: Vec<u8>) -> Self {
        self.extensions.push((oid, critical, value_der));
        self
    }

    /// Encodes and signs with `issuer_key` (its [default
    /// scheme](SimKey::default_scheme) unless
    /// [`CertificateBuilder::signature_scheme`] chose another), then parses the
    /// result like any other certificate.
    pub fn sign(&self, issuer_key: &SimKey) -> Result<Certificate, Error> {
        let scheme = self.scheme.unwrap_or_else(|| issuer_key.default_scheme());
        let alg = algorithm_identifier(scheme)?;
        let enc = encoding;
        let extensions = self
            .extensions
            .iter()
            .map(|(oid, critical, value)| {
                Ok(Extension {
                    extn_id: object_identifier(oid)?,
                    critical: *critical,
                    extn_value: OctetString::new(value.clone()).map_err(enc("extension"))?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let tbs = TbsV3 {
            version: 2,
            serial_number: Uint::new(self.serial.as_bytes()).map_err(enc("serial"))?,
            signature: alg.clone(),
            issuer: Name::from_der(&self.issuer).map_err(enc("issuer name"))?,
            validity: Validity::new(x509_time(self.not_before)?, x509_time(self.not_after)?),
            subject: Name::from_der(&self.subject).map_err(enc("subject name"))?,
            subject_public_key_info: Any::from_der(&self.spki).map_err(enc("public key"))?,
            extensions: (!extensions.is_empty()).then_some(extensions),
        };
        let tbs_der = tbs.to_der().map_err(enc("tbsCertificate"))?;
        let signature = issuer_key.sign(scheme, &tbs_der)?;
        let cert = SignedCertificate {
            tbs_certificate: Any::from_der(&tbs_der).map_err(enc("tbsCertificate"))?,
            signature_algorithm: alg,
            signature: BitString::from_bytes(&signature).map_err(enc("signature"))?,
        };
        Certificate::from_der(&cert.to_der().map_err(enc("certificate"))?)
    }
}

/// DER of a distinguished name given as `(attribute OID, value)` pairs in
/// certificate order, one attribute per RDN. `C` is a PrintableString, everything
/// else a UTF8String (the J-LIS encoding).
pub fn dn_der(attributes: &[(&str, &str)]) -> Result<Vec<u8>, Error> {
    use x509_cert::attr::AttributeTypeAndValue;
    use x509_cert::name::{RdnSequence, RelativeDistinguishedName};

    let mut rdns = RdnSequence::default();
    for (short, value) in attributes {
        let oid = match *short {
            "C" => const_oid::db::rfc4519::C,
            "O" => const_oid::db::rfc4519::O,
            "OU" => const_oid::db::rfc4519::OU,
            "L" => const_oid::db::rfc4519::L,
            "CN" => const_oid::db::rfc4519::CN,
            other => {
                return Err(Error::InvalidOid {
                    value: other.to_owned(),
                });
            }
        };
        let any = if *short == "C" {
            Any::encode_from(&der::asn1::PrintableStringRef::new(value).map_err(encoding("name"))?)
        } else {
            Any::encode_from(&Utf8StringRef::new(value).map_err(encoding("name"))?)
        }
        .map_err(encoding("name"))?;
        let mut rdn = RelativeDistinguishedName::default();
        rdn.insert(AttributeTypeAndValue { oid, value: any })
            .map_err(encoding("name"))?;
        rdns.push(rdn);
    }
    rdns.to_der().map_err(encoding("name"))
}

/// DER of an `otherName` GeneralName value `[0] EXPLICIT UTF8String`.
pub(crate) fn utf8_other_name(
    oid: Oid,
    value: &str,
) -> Result<x509_cert::ext::pkix::name::GeneralName, Error> {
    Ok(x509_cert::ext::pkix::name::GeneralName::OtherName(
        x509_cert::ext::pkix::name::OtherName {
            type_id: object_identifier(&oid)?,
            value: Any::encode_from(&Utf8StringRef::new(value).map_err(encoding("otherName"))?)
                .map_err(encoding("otherName"))?,
        },
    ))
}
