//! CMS SignedData signing and verification (`jpki::cms`, `jpki::Verifier`):
//! round trips with a software key and with the virtual card, every rejection with
//! its exact error, path failures surfacing through `cms::verify` and
//! `Verifier::verify`, and the CA generation change.
//!
//! Malformed messages are made with the `cms` crate by [`Forge`]: it signs the DER
//! of whatever signed attributes a test gives it with the resident's key, so the
//! signature is valid and only the targeted property is wrong.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;
use std::time::Duration;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode};
use jpki::Applicant;
use jpki::Certificate;
use jpki::Date;
use jpki::Error;
use jpki::card::{
    CardSigner, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, Secret, digest_info,
};
use jpki::cms::{SignOptions, SignedMessage, VerifiedSignature, sign, verify, verify_signature};
use jpki::crypto::{HashAlgorithm, SignatureScheme};
use jpki::oid::Oid;
use jpki::path::ValidationOptions;
use jpki::revocation::{RevocationMode, RevocationStatus};
use jpki::sim::{
    Authority, AuthorityOptions, CertificateBuilder, Purpose, RegisterRecord, SimKey,
    SoftwareSigner, VirtualCard, dn_der, personalize,
};
use jpki::{Check, RevocationPolicy, Usage, Verdict, Verifier};
use jpki::{FieldMatch, Serial, Sex, Time};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

const ID_DATA: &str = "1.2.840.113549.1.7.1";
const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const ID_CT_TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
const CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";
const SIGNING_CERTIFICATE: &str = "1.2.840.113549.1.9.16.2.12";
const SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const SHA1_WITH_RSA: &str = "1.2.840.113549.1.1.5";
const RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
const MGF1: &str = "1.2.840.113549.1.1.8";

const CONTENT: &[u8] = "口座開設申込書: 山田 花子\r\n1980-05-05\n".as_bytes();
const PASSWORD: &str = "HANAKO80";
const PIN: &str = "2468";

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn oid(dotted: &str) -> ObjectIdentifier {
    dotted.parse().unwrap()
}

/// The `der` OID of a hash algorithm.
fn hash_oid(h: HashAlgorithm) -> ObjectIdentifier {
    oid(&h.oid().to_dotted())
}

fn jpki_oid(dotted: &str) -> Oid {
    dotted.parse().unwrap()
}

/// The signingTime the forger writes: ten minutes before [`at`] (and unlike it,
/// not the notBefore of any certificate).
fn signed_at() -> Time {
    Time::from_unix_seconds(at().unix_seconds() - 600)
}

fn options() -> ValidationOptions {
    ValidationOptions::new(at())
}

/// A verifier trusting `anchors`, with `intermediates`, revocation off. `usage`
/// [`Usage::Any`] checks what `ValidationOptions::new` does (no nonRepudiation
/// required); [`Usage::Signing`] what `require_non_repudiation = true` did, plus a
/// JPKI signing policy (the simulator's signing certificates carry the test arc).
fn verifier(anchors: &[Certificate], intermediates: &[Certificate], usage: Usage) -> Verifier {
    Verifier::builder()
        .trust_anchors(anchors.iter().cloned())
        .intermediates(intermediates.iter().cloned())
        .revocation(RevocationPolicy::default().with_mode(RevocationMode::Off))
        .signer_usage(usage)
        .build()
        .unwrap()
}

fn resident() -> RegisterRecord {
    RegisterRecord {
        name: "山田 花子".into(),
        birth_date: Date::parse_iso("1980-05-05").unwrap(),
        sex: Sex::Female,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    }
}

/// What the resident wrote on the application: her own 4 basic info.
fn applicant() -> Applicant {
    let r = resident();
    Applicant::new()
        .with_name(r.name)
        .with_birth_date(r.birth_date)
        .with_sex(r.sex)
        .with_address(r.address)
}

/// The card holder: a name with a character outside the certificate charset.
fn card_holder() -> RegisterRecord {
    RegisterRecord {
        name: "𠮷田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: "北海道札幌市中央区北1条西2丁目".into(),
        prefecture: None,
        municipality: None,
    }
}

// ---------------------------------------------------------------------------
// Fixtures: one authority, the resident's keys and certificates, and a
// personalized virtual card, made once (RSA key generation is the slow part).

struct Sim {
    /// Every CA generation of both hierarchies.
    anchors: Vec<Certificate>,
    /// Signing hierarchy, generation 1 and 2.
    sign_roots: [Certificate; 2],
    /// The authentication hierarchy's roots only.
    auth_roots: Vec<Certificate>,
    /// Signing generation 1's key certified by generation 2.
    old_with_new: Certificate,
    /// The resident's signing key and certificate (generation 2).
    key: SimKey,
    cert: Certificate,
    /// The same key certified by signing generation 1.
    gen1_cert: Certificate,
    /// The resident's authentication key and certificate.
    auth_key: SimKey,
    auth_cert: Certificate,
    /// `key` in a certificate whose keyUsage is keyEncipherment only.
    encipher_only: Certificate,
    /// A personalized card for [`card_holder`] and its signing certificate.
    card: VirtualCard,
    card_cert: Certificate,
}

fn sim() -> &'static Sim {
    static SIM: OnceLock<Sim> = OnceLock::new();
    SIM.get_or_init(|| {
        let keys = std::thread::spawn(|| {
            let k = std::thread::spawn(|| SimKey::generate(2048).unwrap());
            let a = SimKey::generate(2048).unwrap();
            (k.join().unwrap(), a)
        });
        let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
        let mut card = VirtualCard::new(jpki::card::CardKind::MyNumberCard);
        let personalized = personalize(
            &mut authority,
            &mut card,
            &card_holder(),
            Some(&secret(PinKind::SigningPassword, PASSWORD)),
            &secret(PinKind::AuthenticationPin, PIN),
            at(),
        )
        .unwrap();
        let (key, auth_key) = keys.join().unwrap();
        let spki = key.public_key_der().unwrap();
        let record = resident();
        let cert = authority
            .issue(&record, &spki, Purpose::Signing, at())
            .unwrap();
        let gen1_cert = authority
            .issue_from_generation(&record, &spki, Purpose::Signing, 1, at())
            .unwrap();
        let auth_cert = authority
            .issue(
                &record,
                &auth_key.public_key_der().unwrap(),
                Purpose::Authentication,
                at(),
            )
            .unwrap();
        let sign_roots: Vec<Certificate> = authority
            .generations_of(Purpose::Signing)
            .map(|g| g.certificate().clone())
            .collect();
        let auth_roots = authority
            .generations_of(Purpose::Authentication)
            .map(|g| g.certificate().clone())
            .collect();
        let name = dn_der(&[("C", "JP"), ("CN", "encipherment only")]).unwrap();
        let encipher_only = CertificateBuilder::new(
            Serial::from_u64(0x7777),
            name.clone(),
            name,
            at(),
            at().add_seconds(86_400 * 365),
            spki,
        )
        .extension(
            jpki_oid("2.5.29.15"),
            true,
            KeyUsage(KeyUsages::KeyEncipherment | KeyUsages::DataEncipherment)
                .to_der()
                .unwrap(),
        )
        .sign(&key)
        .unwrap();
        Sim {
            anchors: authority.trust_anchors().into_iter().cloned().collect(),
            sign_roots: sign_roots.try_into().unwrap(),
            auth_roots,
            old_with_new: authority.old_with_new(Purpose::Signing, 1).unwrap().clone(),
            key,
            cert,
            gen1_cert,
            auth_key,
            auth_cert,
            encipher_only,
            card,
            card_cert: personalized.signing.unwrap(),
        }
    })
}

fn secret(kind: PinKind, text: &str) -> Secret {
    Secret::new(kind, text).unwrap()
}

// ---------------------------------------------------------------------------
// The forger: a SignedData under the test's full control, validly signed.

fn attribute(oid_text: &str, values: Vec<Any>) -> Attribute {
    Attribute {
        oid: oid(oid_text),
        values: SetOfVec::try_from(values).unwrap(),
    }
}

fn octets(bytes: &[u8]) -> Any {
    Any::encode_from(&OctetString::new(bytes).unwrap()).unwrap()
}

fn utc(t: Time) -> Any {
    let time = UtcTime::from_unix_duration(Duration::from_secs(t.unix_seconds())).unwrap();
    Any::encode_from(&time).unwrap()
}

/// DER TLV with a definite length (short or two-byte long form).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n @ 0..=0x7f => out.push(u8::try_from(n).unwrap()),
        n @ 0x80..=0xff => out.extend([0x81, u8::try_from(n).unwrap()]),
        n => out.extend([
            0x82,
            u8::try_from(n >> 8).unwrap(),
            u8::try_from(n & 0xff).unwrap(),
        ]),
    }
    out.extend_from_slice(content);
    out
}

/// `SigningCertificateV2 { certs { ESSCertIDv2 { [hashAlgorithm,] certHash } } }`.
fn ess_v2(hash: Option<HashAlgorithm>, cert: &Certificate) -> Any {
    let h = hash.unwrap_or(HashAlgorithm::Sha256);
    let mut id = Vec::new();
    if let Some(h) = hash {
        id = tlv(0x30, &hash_oid(h).to_der().unwrap());
    }
    id.extend(tlv(0x04, &h.digest(cert.der())));
    Any::from_der(&tlv(0x30, &tlv(0x30, &tlv(0x30, &id)))).unwrap()
}

/// `SigningCertificate { certs { ESSCertID { certHash (SHA-1) } } }`.
fn ess_v1(cert: &Certificate) -> Any {
    let id = tlv(0x04, &HashAlgorithm::Sha1.digest(cert.der()));
    Any::from_der(&tlv(0x30, &tlv(0x30, &tlv(0x30, &id)))).unwrap()
}

/// RSASSA-PSS with `hash` for the message and MGF1 and a salt of `salt` bytes.
fn pss(hash: HashAlgorithm, salt: u8) -> (AlgorithmIdentifierOwned, SignatureScheme) {
    let hash_alg = tlv(0x30, &hash_oid(hash).to_der().unwrap());
    let mut mgf = oid(MGF1).to_der().unwrap();
    mgf.extend(&hash_alg);
    let mut params = tlv(0xa0, &hash_alg);
    params.extend(tlv(0xa1, &tlv(0x30, &mgf)));
    params.extend(tlv(0xa2, &tlv(0x02, &[salt])));
    let algorithm = AlgorithmIdentifierOwned {
        oid: oid(RSASSA_PSS),
        parameters: Some(Any::from_der(&tlv(0x30, &params)).unwrap()),
    };
    let scheme = SignatureScheme::Pss {
        hash,
        salt_len: usize::from(salt),
    };
    (algorithm, scheme)
}

fn issuer_and_serial(cert: &Certificate) -> SignerIdentifier {
    let x = x509_cert::Certificate::from_der(cert.der()).unwrap();
    SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: x.tbs_certificate().issuer().clone(),
        serial_number: x.tbs_certificate().serial_number().clone(),
    })
}

#[derive(Clone)]
struct Forge {
    key: SimKey,
    content: Vec<u8>,
    attached: bool,
    econtent_type: ObjectIdentifier,
    hash: HashAlgorithm,
    /// `None`: no signed attributes (the signature is over the content).
    attrs: Option<Vec<Attribute>>,
    sid: SignerIdentifier,
    certificates: Vec<Certificate>,
    /// The signatureAlgorithm and how to sign; `None`: rsaEncryption (PKCS#1 v1.5
    /// with [`Forge::hash`]), made the way a card does, from a DigestInfo.
    scheme: Option<(AlgorithmIdentifierOwned, SignatureScheme)>,
    unsigned_attrs: Option<Vec<Attribute>>,
}

impl Forge {
    /// A detached, CAdES-BES-like signature of [`CONTENT`] by `key` for `cert`, with
    /// SHA-256: contentType, messageDigest, signingTime, signingCertificateV2.
    fn new(key: &SimKey, cert: &Certificate) -> Self {
        Self::with_hash(key, cert, HashAlgorithm::Sha256)
    }

    fn with_hash(key: &SimKey, cert: &Certificate, hash: HashAlgorithm) -> Self {
        Self {
            key: key.clone(),
            content: CONTENT.to_vec(),
            attached: false,
            econtent_type: oid(ID_DATA),
            hash,
            attrs: Some(vec![
                attribute(CONTENT_TYPE, vec![Any::encode_from(&oid(ID_DATA)).unwrap()]),
                attribute(MESSAGE_DIGEST, vec![octets(&hash.digest(CONTENT))]),
                attribute(SIGNING_TIME, vec![utc(signed_at())]),
                attribute(SIGNING_CERTIFICATE_V2, vec![ess_v2(None, cert)]),
            ]),
            sid: issuer_and_serial(cert),
            certificates: vec![cert.clone()],
            scheme: None,
            unsigned_attrs: None,
        }
    }

    /// The resident's signing key and generation 2 certificate.
    fn resident() -> Self {
        let s = sim();
        Self::new(&s.key, &s.cert)
    }

    fn attached(mut self) -> Self {
        self.attached = true;
        self
    }

    fn without_attributes(mut self) -> Self {
        self.attrs = None;
        self
    }

    /// Removes every attribute of type `oid_text`.
    fn without(mut self, oid_text: &str) -> Self {
        let t = oid(oid_text);
        self.attrs.as_mut().unwrap().retain(|a| a.oid != t);
        self
    }

    /// Replaces (or adds) the attribute of type `oid_text`.
    fn set(self, oid_text: &str, values: Vec<Any>) -> Self {
        let mut f = self.without(oid_text);
        f.attrs.as_mut().unwrap().push(attribute(oid_text, values));
        f
    }

    /// Adds one more attribute (duplicates allowed).
    fn push(mut self, a: Attribute) -> Self {
        self.attrs.as_mut().unwrap().push(a);
        self
    }

    fn signer_info(&self) -> SignerInfo {
        let (signed_attrs, to_sign) = match &self.attrs {
            Some(list) => {
                let set: SetOfVec<Attribute> = SetOfVec::try_from(list.clone()).unwrap();
                let der = set.to_der().unwrap();
                (Some(set), der)
            }
            None => (None, self.content.clone()),
        };
        let (signature_algorithm, signature) = match &self.scheme {
            None => {
                let info = digest_info(self.hash, &self.hash.digest(&to_sign)).unwrap();
                let algorithm = AlgorithmIdentifierOwned {
                    oid: oid(RSA_ENCRYPTION),
                    parameters: Some(Any::null()),
                };
                (algorithm, self.key.sign_digest_info(&info).unwrap())
            }
            Some((algorithm, scheme)) => {
                (algorithm.clone(), self.key.sign(*scheme, &to_sign).unwrap())
            }
        };
        SignerInfo {
            version: match self.sid {
                SignerIdentifier::IssuerAndSerialNumber(_) => CmsVersion::V1,
                SignerIdentifier::SubjectKeyIdentifier(_) => CmsVersion::V3,
            },
            sid: self.sid.clone(),
            digest_alg: AlgorithmIdentifierOwned {
                oid: hash_oid(self.hash),
                parameters: None,
            },
            signed_attrs,
            signature_algorithm,
            signature: OctetString::new(signature).unwrap(),
            unsigned_attrs: self
                .unsigned_attrs
                .as_ref()
                .map(|list| SetOfVec::try_from(list.clone()).unwrap()),
        }
    }

    /// The ContentInfo DER with these SignerInfos.
    fn with_signers(&self, signers: Vec<SignerInfo>) -> Vec<u8> {
        let certificates = (!self.certificates.is_empty()).then(|| {
            let choices: Vec<CertificateChoices> = self
                .certificates
                .iter()
                .map(|c| {
                    CertificateChoices::Certificate(
                        x509_cert::Certificate::from_der(c.der()).unwrap(),
                    )
                })
                .collect();
            CertificateSet::try_from(choices).unwrap()
        });
        let digest_algorithms = SetOfVec::try_from(vec![AlgorithmIdentifierOwned {
            oid: hash_oid(self.hash),
            parameters: None,
        }])
        .unwrap();
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: self.econtent_type,
                econtent: self.attached.then(|| octets(&self.content)),
            },
            certificates,
            crls: None,
            signer_infos: SignerInfos::try_from(signers).unwrap(),
        };
        ContentInfo {
            content_type: oid(ID_SIGNED_DATA),
            content: Any::encode_from(&signed_data).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    fn der(&self) -> Vec<u8> {
        self.with_signers(vec![self.signer_info()])
    }

    fn message(&self) -> SignedMessage {
        SignedMessage::parse(&self.der()).unwrap()
    }
}

/// The signature of the resident's message over [`CONTENT`], certificate path
/// not checked.
fn check(message: &SignedMessage) -> Result<jpki::cms::SignatureCheck, Error> {
    let content = message.is_detached().then_some(CONTENT);
    verify_signature(message, content, &[], false)
}

/// The index of the only occurrence of `needle` in `haystack`.
fn find_once(haystack: &[u8], needle: &[u8]) -> usize {
    let hits: Vec<usize> = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "expected exactly one occurrence");
    hits[0]
}

fn sign_software(detached: bool, hash: HashAlgorithm) -> Vec<u8> {
    let s = sim();
    let mut signer = SoftwareSigner::new(s.key.clone(), s.cert.clone()).unwrap();
    sign(
        CONTENT,
        &mut signer,
        &SignOptions::default()
            .with_detached(detached)
            .with_signing_time(Some(at()))
            .with_hash(hash)
            .with_extra_certificates(Vec::new()),
    )
    .unwrap()
}

fn assert_valid_verdict(v: &Verdict) {
    assert!(v.signature.passed(), "{:?}", v.signature);
    assert!(v.certificate.passed(), "{:?}", v.certificate);
    assert!(v.personal_info.passed(), "{:?}", v.personal_info);
    // Revocation is off in these verifiers: reported so, and unchecked.
    assert_eq!(v.revocation, Check::Off);
    assert_eq!(v.revocation_status, RevocationStatus::Unchecked);
    assert!(v.revocation_certificates.is_empty());
    assert!(v.is_valid());
    assert!(v.error().is_none());
}

// ---------------------------------------------------------------------------
// Round trips.

#[test]
fn software_signatures_round_trip_detached_and_attached_with_every_sha2() {
    let s = sim();
    for hash in [
        HashAlgorithm::Sha256,
        HashAlgorithm::Sha384,
        HashAlgorithm::Sha512,
    ] {
        for detached in [true, false] {
            let der = sign_software(detached, hash);
            let message = SignedMessage::parse(&der).unwrap();
            assert_eq!(message.der(), der);
            assert_eq!(message.is_detached(), detached);
            assert_eq!(message.content(), (!detached).then_some(CONTENT));
            assert_eq!(message.content_type(), jpki_oid(ID_DATA));
            assert_eq!(message.digest_algorithms(), [hash.oid()]);
            assert_eq!(message.certificates().len(), 1);
            assert_eq!(message.certificates()[0].der(), s.cert.der());
            let info = &message.signers()[0];
            assert_eq!(info.version(), 1);
            assert!(info.signer_identifier().matches(&s.cert));
            assert!(info.has_signed_attributes() && !info.has_unsigned_attributes());
            assert_eq!(info.signing_time(), Some(at()));
            assert_eq!(info.digest_algorithm(), hash.oid());
            let reference = info.signing_certificate().unwrap();
            assert_eq!(reference.hash_algorithm, HashAlgorithm::Sha256.oid());
            assert_eq!(
                reference.cert_hash,
                HashAlgorithm::Sha256.digest(s.cert.der())
            );

            let content = detached.then_some(CONTENT);
            let v = verify(&message, content, &s.anchors, &[], &options()).unwrap();
            assert_eq!(v.signature.signer.der(), s.cert.der());
            assert_eq!(v.signature.scheme, SignatureScheme::Pkcs1v15(hash));
            assert_eq!(v.signature.digest, hash);
            assert_eq!(v.signature.signing_time, Some(at()));
            assert!(v.signature.signed_attributes && !v.signature.legacy);
            assert_eq!(v.path.anchor().der(), s.sign_roots[1].der());
            assert!(!v.path.uses_legacy_sha1());
            // Through the verifier (revocation off): the same signature and path,
            // revocation reported off and unchecked.
            let signing = verifier(&s.anchors, &[], Usage::Signing);
            let verdict = signing.verify(&der, content, None, at());
            assert!(verdict.is_valid(), "{:?}", verdict.error());
            assert_eq!(verdict.signature_details, Some(v.signature.clone()));
            assert_eq!(verdict.path.as_ref(), Some(&v.path));
            assert_eq!(verdict.revocation, Check::Off);
            assert_eq!(verdict.revocation_status, RevocationStatus::Unchecked);
            assert!(matches!(verdict.personal_info, Check::NotRun));
            // Detached: the supplied content is what was signed.
            if detached {
                let err = verify(&message, None, &s.anchors, &[], &options()).unwrap_err();
                assert!(matches!(err, Error::CmsNoContent), "{err:?}");
                let verdict = signing.verify(&der, None, None, at());
                assert_eq!(verdict.signature, Check::Failed(Error::CmsNoContent));
                assert!(!verdict.is_valid());
            }
        }
    }
}

#[test]
fn pem_signatures_parse_under_both_labels() {
    let der = sign_software(false, HashAlgorithm::Sha256);
    for label in ["CMS", "PKCS7"] {
        let pem = jpki::pem::encode(label, &der);
        let message = SignedMessage::parse(pem.as_bytes()).unwrap();
        assert_eq!(message.der(), der);
        check(&message).unwrap();
    }
    let err = SignedMessage::parse(jpki::pem::encode("CERTIFICATE", &der).as_bytes()).unwrap_err();
    assert!(matches!(err, Error::NoPemBlock { label: "CMS" }), "{err:?}");
}

#[test]
fn signing_with_sha1_is_refused() {
    let s = sim();
    let mut signer = SoftwareSigner::new(s.key.clone(), s.cert.clone()).unwrap();
    let err = sign(
        CONTENT,
        &mut signer,
        &SignOptions::default().with_hash(HashAlgorithm::Sha1),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedAlgorithm { oid } if oid == HashAlgorithm::Sha1.oid()),
        "{err:?}"
    );
}

#[test]
fn the_forger_makes_valid_signatures_when_nothing_is_wrong() {
    // The baseline every rejection below departs from by one property.
    let s = sim();
    for f in [
        Forge::resident(),
        Forge::resident().attached(),
        Forge::resident().without_attributes(),
        Forge::resident().without_attributes().attached(),
    ] {
        let message = f.message();
        let c = check(&message).unwrap();
        assert_eq!(c.signer.der(), s.cert.der());
        assert_eq!(c.signed_attributes, f.attrs.is_some());
        verify(
            &message,
            message.is_detached().then_some(CONTENT),
            &s.anchors,
            &[],
            &options(),
        )
        .unwrap();
    }
    // subjectKeyIdentifier as the signer identifier (SignerInfo version 3).
    let mut f = Forge::resident();
    f.sid = SignerIdentifier::SubjectKeyIdentifier(x509_cert::ext::pkix::SubjectKeyIdentifier(
        OctetString::new(s.cert.subject_key_id().unwrap()).unwrap(),
    ));
    let message = f.message();
    assert_eq!(message.signers()[0].version(), 3);
    assert_eq!(check(&message).unwrap().signer.der(), s.cert.der());
    // ESS with an explicit hash algorithm, and ESS v1 (SHA-1 certificate hash).
    for value in [
        (
            SIGNING_CERTIFICATE_V2,
            ess_v2(Some(HashAlgorithm::Sha512), &s.cert),
        ),
        (SIGNING_CERTIFICATE, ess_v1(&s.cert)),
    ] {
        let f = Forge::resident()
            .without(SIGNING_CERTIFICATE_V2)
            .set(value.0, vec![value.1]);
        check(&f.message()).unwrap();
    }
    // No ESS reference at all is accepted (it is optional).
    check(&Forge::resident().without(SIGNING_CERTIFICATE_V2).message()).unwrap();
    // Unsigned attributes are reported and covered by nothing.
    let mut f = Forge::resident();
    f.unsigned_attrs = Some(vec![attribute(SIGNING_TIME, vec![utc(at())])]);
    let message = f.message();
    assert!(message.signers()[0].has_unsigned_attributes());
    check(&message).unwrap();
}

#[test]
fn pss_and_sha1_signature_algorithms() {
    let s = sim();
    // RSASSA-PSS over the signed attributes and, without them, over the content.
    for f in [
        Forge::resident(),
        Forge::resident().attached().without_attributes(),
    ] {
        let mut f = f;
        f.scheme = Some(pss(HashAlgorithm::Sha256, 32));
        let message = f.message();
        let c = check(&message).unwrap();
        assert_eq!(
            c.scheme,
            SignatureScheme::Pss {
                hash: HashAlgorithm::Sha256,
                salt_len: 32
            }
        );
        assert!(!c.legacy);
        verify(
            &message,
            message.is_detached().then_some(CONTENT),
            &s.anchors,
            &[],
            &options(),
        )
        .unwrap();
    }
    // The salt length is what the parameters say: another one fails.
    let mut f = Forge::resident();
    f.scheme = Some(pss(HashAlgorithm::Sha256, 20));
    let mut der = f.der();
    let i = find_once(&der, &[0xa2, 0x03, 0x02, 0x01, 20]);
    der[i + 4] = 32;
    let err = check(&SignedMessage::parse(&der).unwrap()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::BadSignature {
                what: "signed attributes"
            }
        ),
        "{err:?}"
    );
    // SHA-1 in the signature algorithm alone (SHA-256 content digest), and PSS
    // with SHA-1: legacy, refused unless allowed.
    for scheme in [
        (
            AlgorithmIdentifierOwned {
                oid: oid(SHA1_WITH_RSA),
                parameters: Some(Any::null()),
            },
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1),
        ),
        pss(HashAlgorithm::Sha1, 20),
    ] {
        let mut f = Forge::resident();
        f.scheme = Some(scheme.clone());
        let message = f.message();
        let err = check(&message).unwrap_err();
        assert!(
            matches!(
                err,
                Error::LegacyAlgorithmNotAllowed {
                    what: "the signature"
                }
            ),
            "{err:?}"
        );
        let c = verify_signature(&message, Some(CONTENT), &[], true).unwrap();
        assert!(c.legacy);
        assert_eq!(c.digest, HashAlgorithm::Sha256);
        assert_eq!(c.scheme, scheme.1);
    }
}

// ---------------------------------------------------------------------------
// Rejections of the message itself.

#[test]
fn several_signers_are_refused_even_when_one_is_valid() {
    let s = sim();
    let f = Forge::resident().attached();
    let valid = f.signer_info();
    let mut invalid = Forge::new(&s.auth_key, &s.auth_cert)
        .attached()
        .signer_info();
    let mut sig = invalid.signature.as_bytes().to_vec();
    sig[10] ^= 0x01;
    invalid.signature = OctetString::new(sig).unwrap();
    let message = SignedMessage::parse(&f.with_signers(vec![valid.clone(), invalid])).unwrap();
    assert_eq!(message.signers().len(), 2);
    let err = check(&message).unwrap_err();
    assert!(matches!(err, Error::CmsSignerCount { found: 2 }), "{err:?}");
    // Both valid: still refused.
    let other = Forge::new(&s.auth_key, &s.auth_cert)
        .attached()
        .signer_info();
    let message = SignedMessage::parse(&f.with_signers(vec![valid, other])).unwrap();
    let err = check(&message).unwrap_err();
    assert!(matches!(err, Error::CmsSignerCount { found: 2 }), "{err:?}");
    // None at all.
    let message = SignedMessage::parse(&f.with_signers(vec![])).unwrap();
    let err = check(&message).unwrap_err();
    assert!(matches!(err, Error::CmsSignerCount { found: 0 }), "{err:?}");
    // And through the verifier.
    let v =
        verifier(&s.anchors, &[], Usage::Any).verify(message.der(), None, Some(&applicant()), at());
    assert!(matches!(
        v.signature,
        Check::Failed(Error::CmsSignerCount { found: 0 })
    ));
}

#[test]
fn the_signed_content_type_must_equal_the_encapsulated_one() {
    let mut f = Forge::resident().attached();
    f.econtent_type = oid(ID_CT_TST_INFO);
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(err, Error::CmsContentTypeMismatch { signed, encapsulated }
            if signed == jpki_oid(ID_DATA) && encapsulated == jpki_oid(ID_CT_TST_INFO)),
        "{err:?}"
    );
    // The other way round: the attribute claims something else than id-data.
    let f = Forge::resident().set(
        CONTENT_TYPE,
        vec![Any::encode_from(&oid(ID_CT_TST_INFO)).unwrap()],
    );
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(err, Error::CmsContentTypeMismatch { signed, encapsulated }
            if signed == jpki_oid(ID_CT_TST_INFO) && encapsulated == jpki_oid(ID_DATA)),
        "{err:?}"
    );
}

#[test]
fn message_digest_and_content_type_are_required() {
    let err = check(&Forge::resident().without(MESSAGE_DIGEST).message()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::CmsMissingAttribute {
                attribute: "messageDigest"
            }
        ),
        "{err:?}"
    );
    let err = check(&Forge::resident().without(CONTENT_TYPE).message()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::CmsMissingAttribute {
                attribute: "contentType"
            }
        ),
        "{err:?}"
    );
    // Without signed attributes only id-data may be signed (RFC 5652 §5.3).
    let mut f = Forge::resident().without_attributes().attached();
    f.econtent_type = oid(ID_CT_TST_INFO);
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::CmsMissingAttribute {
                attribute: "contentType"
            }
        ),
        "{err:?}"
    );
}

#[test]
fn an_attribute_may_appear_once_with_one_value() {
    let s = sim();
    // Twice, the second naming other content: the parser refuses before anyone
    // could pick the convenient one.
    let f = Forge::resident().push(attribute(
        MESSAGE_DIGEST,
        vec![octets(&HashAlgorithm::Sha256.digest(b"other"))],
    ));
    let err = SignedMessage::parse(&f.der()).unwrap_err();
    assert!(
        matches!(err, Error::CmsAttribute { attribute, problem: "appears twice" }
            if attribute == jpki_oid(MESSAGE_DIGEST)),
        "{err:?}"
    );
    // Twice with the same value.
    let f = Forge::resident().push(attribute(
        CONTENT_TYPE,
        vec![Any::encode_from(&oid(ID_DATA)).unwrap()],
    ));
    let err = SignedMessage::parse(&f.der()).unwrap_err();
    assert!(
        matches!(err, Error::CmsAttribute { attribute, problem: "appears twice" }
            if attribute == jpki_oid(CONTENT_TYPE)),
        "{err:?}"
    );
    // Once, with two values.
    for (t, values) in [
        (
            MESSAGE_DIGEST,
            vec![
                octets(&HashAlgorithm::Sha256.digest(CONTENT)),
                octets(&HashAlgorithm::Sha256.digest(b"other")),
            ],
        ),
        (SIGNING_TIME, vec![utc(at()), utc(at().add_seconds(60))]),
        (
            SIGNING_CERTIFICATE_V2,
            vec![ess_v2(None, &s.cert), ess_v2(None, &s.auth_cert)],
        ),
    ] {
        let err = SignedMessage::parse(&Forge::resident().set(t, values).der()).unwrap_err();
        assert!(
            matches!(err, Error::CmsAttribute { attribute, problem: "must have exactly one value" }
                if attribute == jpki_oid(t)),
            "{t}: {err:?}"
        );
    }
}

#[test]
fn the_signer_certificate_must_be_found() {
    let s = sim();
    // Not in the message, not supplied.
    let mut f = Forge::resident();
    f.certificates.clear();
    let message = f.message();
    assert!(message.certificates().is_empty());
    let err = check(&message).unwrap_err();
    match &err {
        Error::CmsSignerNotFound { serial, issuer, .. } => {
            assert_eq!(serial.as_ref(), Some(s.cert.serial()));
            assert_eq!(
                issuer.as_deref(),
                Some(s.cert.issuer().to_string().as_str())
            );
            assert!(
                err.to_string().contains(&s.cert.serial().to_string()),
                "{err}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Supplied by the verifier: found.
    let c = verify_signature(
        &message,
        Some(CONTENT),
        std::slice::from_ref(&s.cert),
        false,
    )
    .unwrap();
    assert_eq!(c.signer.der(), s.cert.der());
    // The message carries other certificates only.
    let mut f = Forge::resident();
    f.certificates = vec![s.auth_cert.clone(), s.gen1_cert.clone()];
    let err = check(&f.message()).unwrap_err();
    assert!(matches!(err, Error::CmsSignerNotFound { .. }), "{err:?}");
    // A subject key identifier nobody has.
    let mut f = Forge::resident();
    f.sid = SignerIdentifier::SubjectKeyIdentifier(x509_cert::ext::pkix::SubjectKeyIdentifier(
        OctetString::new([0xAB; 20]).unwrap(),
    ));
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(&err, Error::CmsSignerNotFound { key_id: Some(k), serial: None, .. } if *k == [0xAB; 20])
            && err.to_string().contains(&"ab".repeat(20)),
        "{err:?}"
    );
}

#[test]
fn the_signing_certificate_reference_must_name_the_signer_certificate() {
    let s = sim();
    // signingCertificateV2 with the hash of the resident's authentication
    // certificate; the signer identifier names the signing certificate.
    let f = Forge::resident().set(SIGNING_CERTIFICATE_V2, vec![ess_v2(None, &s.auth_cert)]);
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(err, Error::CmsSigningCertificateMismatch),
        "{err:?}"
    );
    // The same key certified by another CA generation is another certificate.
    let f = Forge::resident().set(SIGNING_CERTIFICATE_V2, vec![ess_v2(None, &s.gen1_cert)]);
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(err, Error::CmsSigningCertificateMismatch),
        "{err:?}"
    );
    // ESS v1 (SHA-1 hash) naming another certificate.
    let f = Forge::resident()
        .without(SIGNING_CERTIFICATE_V2)
        .set(SIGNING_CERTIFICATE, vec![ess_v1(&s.gen1_cert)]);
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(err, Error::CmsSigningCertificateMismatch),
        "{err:?}"
    );
}

#[test]
fn content_must_be_present_once() {
    // Detached, nothing supplied.
    let message = Forge::resident().message();
    let err = verify_signature(&message, None, &[], false).unwrap_err();
    assert!(matches!(err, Error::CmsNoContent), "{err:?}");
    // Attached, and different content supplied beside it.
    let message = Forge::resident().attached().message();
    let err = verify_signature(&message, Some(b"something else"), &[], false).unwrap_err();
    assert!(matches!(err, Error::CmsContentConflict), "{err:?}");
    // Attached, the same content supplied: fine.
    verify_signature(&message, Some(CONTENT), &[], false).unwrap();
}

#[test]
fn sha1_is_refused_unless_legacy_is_allowed_and_then_flagged() {
    let s = sim();
    let f = Forge::with_hash(&s.key, &s.cert, HashAlgorithm::Sha1);
    let message = f.message();
    let err = verify_signature(&message, Some(CONTENT), &[], false).unwrap_err();
    assert!(
        matches!(
            err,
            Error::LegacyAlgorithmNotAllowed {
                what: "the signature"
            }
        ),
        "{err:?}"
    );
    let c = verify_signature(&message, Some(CONTENT), &[], true).unwrap();
    assert!(c.legacy);
    assert_eq!(c.digest, HashAlgorithm::Sha1);
    assert_eq!(c.scheme, SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1));
    // Through verify: refused by default, accepted with the option.
    let err = verify(&message, Some(CONTENT), &s.anchors, &[], &options()).unwrap_err();
    assert!(
        matches!(err, Error::LegacyAlgorithmNotAllowed { .. }),
        "{err:?}"
    );
    let mut legacy = options();
    legacy.allow_legacy_sha1 = true;
    let v = verify(&message, Some(CONTENT), &s.anchors, &[], &legacy).unwrap();
    assert!(v.signature.legacy);
    // The certificates themselves are SHA-256: the path is not legacy.
    assert!(!v.path.uses_legacy_sha1());
    // A SHA-1 digest still has to match.
    let err = verify_signature(&message, Some(b"other"), &[], true).unwrap_err();
    assert!(matches!(err, Error::CmsDigestMismatch), "{err:?}");
}

#[test]
fn the_signer_key_usage_must_allow_signatures() {
    let s = sim();
    let f = Forge::new(&s.key, &s.encipher_only);
    let err = check(&f.message()).unwrap_err();
    assert!(
        matches!(&err, Error::KeyUsageLacks { serial, usage: "digitalSignature or nonRepudiation" }
            if serial == s.encipher_only.serial()),
        "{err:?}"
    );
    // An authentication certificate (digitalSignature only) passes this check.
    check(&Forge::new(&s.auth_key, &s.auth_cert).message()).unwrap();
}

#[test]
fn altered_content_fails_the_message_digest() {
    // Detached: other content supplied.
    let message = Forge::resident().message();
    let err = verify_signature(&message, Some(b"other content"), &[], false).unwrap_err();
    assert!(matches!(err, Error::CmsDigestMismatch), "{err:?}");
    // Attached: one byte of the encapsulated content changed.
    let mut der = Forge::resident().attached().der();
    let i = find_once(&der, CONTENT);
    der[i] ^= 0x01;
    let err = check(&SignedMessage::parse(&der).unwrap()).unwrap_err();
    assert!(matches!(err, Error::CmsDigestMismatch), "{err:?}");
    // A messageDigest that never matched the content.
    let f = Forge::resident().set(
        MESSAGE_DIGEST,
        vec![octets(&HashAlgorithm::Sha256.digest(b"other"))],
    );
    let err = check(&f.message()).unwrap_err();
    assert!(matches!(err, Error::CmsDigestMismatch), "{err:?}");
    // Without signed attributes the signature itself covers the content.
    let message = Forge::resident().without_attributes().message();
    let err = verify_signature(&message, Some(b"other content"), &[], false).unwrap_err();
    assert!(
        matches!(err, Error::BadSignature { what: "content" }),
        "{err:?}"
    );
}

#[test]
fn an_altered_signature_or_signed_attribute_fails_the_signature() {
    for f in [
        Forge::resident(),
        Forge::resident().attached(),
        Forge::resident().without_attributes(),
    ] {
        let what = if f.attrs.is_some() {
            "signed attributes"
        } else {
            "content"
        };
        let info = f.signer_info();
        let mut der = f.with_signers(vec![info.clone()]);
        let i = find_once(&der, info.signature.as_bytes());
        der[i + 100] ^= 0x80;
        let err = check(&SignedMessage::parse(&der).unwrap()).unwrap_err();
        assert!(
            matches!(err, Error::BadSignature { what: w } if w == what),
            "{err:?}"
        );
    }
    // The signingTime changed after signing: the signature is over the original
    // attribute bytes, so it no longer verifies.
    let mut der = Forge::resident().der();
    let stamp = utc(signed_at()).to_der().unwrap();
    let i = find_once(&der, &stamp);
    let later = utc(at()).to_der().unwrap();
    der[i..i + stamp.len()].copy_from_slice(&later);
    let message = SignedMessage::parse(&der).unwrap();
    assert_eq!(message.signers()[0].signing_time(), Some(at()));
    let err = check(&message).unwrap_err();
    assert!(
        matches!(
            err,
            Error::BadSignature {
                what: "signed attributes"
            }
        ),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// Path failures through cms::verify and Verifier::verify.

fn verify_resident(
    der: &[u8],
    anchors: &[Certificate],
    extra: &[Certificate],
    options: &ValidationOptions,
) -> Result<VerifiedSignature, Error> {
    let message = SignedMessage::parse(der)?;
    verify(&message, Some(CONTENT), anchors, extra, options)
}

/// The verdict at [`at`] of a verifier trusting `anchors` (no nonRepudiation
/// required, revocation off) on `der` over [`CONTENT`].
fn application(der: &[u8], applicant: &Applicant, anchors: &[Certificate]) -> Verdict {
    verifier(anchors, &[], Usage::Any).verify(der, Some(CONTENT), Some(applicant), at())
}

#[test]
fn an_expired_signer_certificate_fails_the_path() {
    let s = sim();
    let der = sign_software(true, HashAlgorithm::Sha256);
    let late = s.cert.not_after().add_seconds(1);
    let err = verify_resident(&der, &s.anchors, &[], &ValidationOptions::new(late)).unwrap_err();
    assert_eq!(
        err,
        Error::CertificateExpired {
            serial: s.cert.serial().clone(),
            not_after: s.cert.not_after(),
            at: late,
        }
    );
    // Signature fine, certificate not, 4 basic info fine: not valid.
    let v =
        verifier(&s.anchors, &[], Usage::Any).verify(&der, Some(CONTENT), Some(&applicant()), late);
    assert!(v.signature.passed());
    assert_eq!(v.certificate, Check::Failed(err));
    assert_eq!(v.revocation, Check::NotRun);
    assert!(v.path.is_none());
    assert!(v.personal_info.passed());
    assert!(!v.is_valid());
    // Before its notBefore.
    let early = Time::from_unix_seconds(s.cert.not_before().unix_seconds() - 1);
    let err = verify_resident(&der, &s.anchors, &[], &ValidationOptions::new(early)).unwrap_err();
    assert!(
        matches!(err, Error::CertificateNotYetValid { .. }),
        "{err:?}"
    );
}

#[test]
fn an_untrusted_issuer_fails_the_path() {
    let s = sim();
    let der = sign_software(true, HashAlgorithm::Sha256);
    // The verifier trusts only the authentication hierarchy.
    let err = verify_resident(&der, &s.auth_roots, &[], &options()).unwrap_err();
    assert_eq!(
        err,
        Error::IssuerNotFound {
            subject: s.cert.issuer().to_string(),
            key_id: Some(s.sign_roots[1].subject_key_id().unwrap().to_vec()),
        }
    );
    // Nothing trusted at all (a verifier needs at least one trust anchor).
    let nothing = verify_resident(&der, &[], &[], &options()).unwrap_err();
    assert!(
        matches!(nothing, Error::IssuerNotFound { .. }),
        "{nothing:?}"
    );
    assert_eq!(
        Verifier::builder().build().unwrap_err(),
        Error::NoTrustAnchors
    );
    let v = application(&der, &applicant(), &s.auth_roots);
    assert!(v.signature.passed());
    assert_eq!(v.certificate, Check::Failed(err));
    assert!(!v.is_valid());
}

#[test]
fn an_authentication_certificate_fails_when_non_repudiation_is_required() {
    let s = sim();
    let der = Forge::new(&s.auth_key, &s.auth_cert).der();
    // Not required: the path validates (digitalSignature is enough for CMS).
    let v = verify_resident(&der, &s.anchors, &[], &options()).unwrap();
    assert_eq!(v.signature.signer.der(), s.auth_cert.der());
    let v = application(&der, &applicant(), &s.anchors);
    assert!(v.signature.passed() && v.certificate.passed());
    assert_eq!(v.signer().unwrap().der(), s.auth_cert.der());
    let mut strict = options();
    strict.require_non_repudiation = true;
    let err = verify_resident(&der, &s.anchors, &[], &strict).unwrap_err();
    assert_eq!(
        err,
        Error::KeyUsageLacks {
            serial: s.auth_cert.serial().clone(),
            usage: "nonRepudiation",
        }
    );
    // A verifier for signing certificates (the default usage) refuses it the same.
    let v = verifier(&s.anchors, &[], Usage::Signing).verify(
        &der,
        Some(CONTENT),
        Some(&applicant()),
        at(),
    );
    assert!(v.signature.passed());
    assert_eq!(v.certificate, Check::Failed(err));
    // No 4 basic info in an authentication certificate.
    assert!(matches!(
        v.personal_info,
        Check::Failed(Error::NoPersonalInfo { .. })
    ));
    assert!(v.holder.is_none() && v.comparison.is_none());
    assert!(!v.is_valid());
    // The signing certificate passes the same strict options, and the verifier.
    let der = sign_software(true, HashAlgorithm::Sha256);
    verify_resident(&der, &s.anchors, &[], &strict).unwrap();
    let v = verifier(&s.anchors, &[], Usage::Signing).verify(
        &der,
        Some(CONTENT),
        Some(&applicant()),
        at(),
    );
    assert_valid_verdict(&v);
}

#[test]
fn revocation_is_reported_unchecked() {
    let s = sim();
    let der = sign_software(true, HashAlgorithm::Sha256);
    // cms::verify validates the path only; revocation is the verifier's.
    let v = verify_resident(&der, &s.anchors, &[], &options()).unwrap();
    // Revocation off: reported off and unchecked, never as good.
    let verdict = application(&der, &applicant(), &s.anchors);
    assert_eq!(verdict.revocation, Check::Off);
    assert_eq!(verdict.revocation_status, RevocationStatus::Unchecked);
    assert!(verdict.revocation_certificates.is_empty());
    assert_eq!(verdict.path.as_ref(), Some(&v.path));
    // Checked (the default: hard fail) without any revocation data: unchecked
    // is not good, and the verdict is invalid.
    let hard = Verifier::builder()
        .trust_anchors(s.anchors.iter().cloned())
        .build()
        .unwrap();
    let verdict = hard.verify(&der, Some(CONTENT), Some(&applicant()), at());
    assert!(verdict.signature.passed() && verdict.certificate.passed());
    assert!(verdict.personal_info.passed());
    assert_eq!(
        verdict.revocation,
        Check::Failed(Error::RevocationUnavailable {
            serial: s.cert.serial().clone(),
            causes: Vec::new(),
        })
    );
    assert_eq!(verdict.revocation_status, RevocationStatus::Unchecked);
    assert!(!verdict.is_valid());
}

#[test]
fn the_four_basic_info_are_compared_with_the_applicant() {
    let s = sim();
    let der = sign_software(true, HashAlgorithm::Sha256);

    // What the resident wrote: all three checks pass.
    let v = application(&der, &applicant(), &s.anchors);
    assert_valid_verdict(&v);
    assert_eq!(v.signer().unwrap().der(), s.cert.der());
    assert_eq!(v.path.as_ref().unwrap().end_entity().der(), s.cert.der());
    let holder = v.holder.as_ref().unwrap();
    assert_eq!(holder.name(), "山田　花子");
    let comparison = v.comparison.as_ref().unwrap();
    assert!(comparison.all_match(), "{comparison:?}");
    assert_eq!(comparison.birth_date, FieldMatch::Exact);
    assert_eq!(comparison.sex, FieldMatch::Exact);

    // Another given name: the signature and the certificate still pass.
    let other = applicant().with_name("山田 花代");
    let v = application(&der, &other, &s.anchors);
    assert!(v.signature.passed() && v.certificate.passed());
    assert!(matches!(
        v.personal_info,
        Check::Failed(Error::PersonalInfoMismatch)
    ));
    assert!(!v.is_valid());
    let comparison = v.comparison.as_ref().unwrap();
    assert_eq!(
        comparison.name,
        FieldMatch::Mismatch {
            field: jpki::cert::PersonalField::Name,
            expected: "山田花子".into(),
            found: "山田花代".into(),
            position: Some(3),
        }
    );
    assert_eq!(
        comparison.name.to_string(),
        "name: expected 山田花子, found 山田花代 (first difference at index 3)"
    );
    assert!(comparison.birth_date.is_match() && comparison.sex.is_match());
    assert!(comparison.address.is_match());
    assert!(v.holder.is_some());

    // A different birth date or sex alone fails as well.
    for other in [
        applicant().with_birth_date(Date::parse_iso("1980-05-06").unwrap()),
        applicant().with_sex(Sex::Male),
    ] {
        let v = application(&der, &other, &s.anchors);
        assert!(matches!(
            v.personal_info,
            Check::Failed(Error::PersonalInfoMismatch)
        ));
        assert!(!v.is_valid());
    }

    // An applicant who wrote nothing: the comparison is not run, the holder's 4
    // basic info are still returned.
    let v = application(&der, &Applicant::new(), &s.anchors);
    assert!(v.signature.passed() && v.certificate.passed());
    assert!(
        matches!(v.personal_info, Check::NotRun),
        "{:?}",
        v.personal_info
    );
    assert!(v.comparison.is_none());
    assert_eq!(v.holder.as_ref().unwrap().name(), "山田　花子");
    // Fails closed: an application with nothing to compare is not valid, though the
    // signature and certificate are.
    assert!(!v.is_valid());
    assert!(v.signature_and_certificate_valid());

    // Only the name, as written with a half-width space: passes.
    let v = application(&der, &Applicant::new().with_name("山田 花子"), &s.anchors);
    assert_valid_verdict(&v);

    // A bad signature: nothing else runs.
    let mut bad = der.clone();
    let n = bad.len();
    bad[n - 5] ^= 0x01;
    let v = application(&bad, &applicant(), &s.anchors);
    assert!(matches!(
        v.signature,
        Check::Failed(Error::BadSignature { .. })
    ));
    assert!(matches!(v.certificate, Check::NotRun));
    assert!(matches!(v.personal_info, Check::NotRun));
    assert!(v.signer().is_none() && v.comparison.is_none() && v.path.is_none());
    assert!(!v.is_valid());

    // Not CMS at all.
    let v = application(b"not a signature", &applicant(), &s.anchors);
    assert!(matches!(v.signature, Check::Failed(Error::Decode { .. })));
    assert!(!v.is_valid());
}

// ---------------------------------------------------------------------------
// CA generations.

#[test]
fn a_generation_1_signature_needs_its_root_or_the_link_certificate() {
    let s = sim();
    let mut signer = SoftwareSigner::new(s.key.clone(), s.gen1_cert.clone()).unwrap();
    let der = sign(CONTENT, &mut signer, &SignOptions::default()).unwrap();
    let [gen1_root, gen2_root] = &s.sign_roots;

    // Generation 1's root.
    let v = verify_resident(&der, std::slice::from_ref(gen1_root), &[], &options()).unwrap();
    assert_eq!(v.path.certificates().len(), 2);
    assert_eq!(v.path.anchor().der(), gen1_root.der());

    // Only generation 2's root: same DN, another key. No path, and no signature
    // error either.
    let err = verify_resident(&der, std::slice::from_ref(gen2_root), &[], &options()).unwrap_err();
    assert!(matches!(err, Error::IssuerNotFound { .. }), "{err:?}");

    // Generation 2's root plus the OldWithNew link certificate.
    let v = verify_resident(
        &der,
        std::slice::from_ref(gen2_root),
        std::slice::from_ref(&s.old_with_new),
        &options(),
    )
    .unwrap();
    let path: Vec<&[u8]> = v.path.certificates().iter().map(Certificate::der).collect();
    assert_eq!(
        path,
        [s.gen1_cert.der(), s.old_with_new.der(), gen2_root.der()]
    );

    // The link certificate carried inside the signature works as well.
    let mut signer = SoftwareSigner::new(s.key.clone(), s.gen1_cert.clone()).unwrap();
    let with_link = sign(
        CONTENT,
        &mut signer,
        &SignOptions::default().with_extra_certificates(vec![s.old_with_new.clone()]),
    )
    .unwrap();
    let v = verify_resident(&with_link, std::slice::from_ref(gen2_root), &[], &options()).unwrap();
    assert_eq!(v.path.certificates().len(), 3);

    // The same through the verifier.
    let verdict = verifier(
        std::slice::from_ref(gen2_root),
        std::slice::from_ref(&s.old_with_new),
        Usage::Any,
    )
    .verify(&der, Some(CONTENT), Some(&applicant()), at());
    assert_valid_verdict(&verdict);
    let verdict = application(&der, &applicant(), std::slice::from_ref(gen2_root));
    assert!(verdict.signature.passed());
    assert!(matches!(
        verdict.certificate,
        Check::Failed(Error::IssuerNotFound { .. })
    ));
}

// ---------------------------------------------------------------------------
// The virtual card.

#[test]
fn the_virtual_card_signs_detached_and_attached_applications() {
    let s = sim();
    let password = secret(PinKind::SigningPassword, PASSWORD);
    let mut card = JpkiCard::new(s.card.clone());
    card.open().unwrap();
    let cert = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::Signing, Some(&Pin::new(password.clone())))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(cert.der(), s.card_cert.der());

    let holder = card_holder();
    // As the holder writes it: 𠮷 where the certificate has 吉 (a substitute).
    let applicant = Applicant::new()
        .with_name(holder.name.clone())
        .with_birth_date(holder.birth_date)
        .with_sex(holder.sex)
        .with_address(holder.address.clone());
    let strict = verifier(&s.anchors, &[], Usage::Signing);

    for detached in [true, false] {
        let mut signer = CardSigner::new(
            &mut card,
            KeySlot::Signing,
            cert.clone(),
            Some(Pin::new(password.clone())),
        );
        let der = sign(
            CONTENT,
            &mut signer,
            &SignOptions::default()
                .with_detached(detached)
                .with_signing_time(Some(at())),
        )
        .unwrap();
        let content = detached.then_some(CONTENT);
        let v = strict.verify(&der, content, Some(&applicant), at());
        assert_valid_verdict(&v);
        assert_eq!(v.signer().unwrap().der(), cert.der());
        let details = v.signature_details.as_ref().unwrap();
        assert_eq!(details.signing_time, Some(at()));
        assert_eq!(
            details.scheme,
            SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256)
        );
        let comparison = v.comparison.as_ref().unwrap();
        assert!(
            matches!(&comparison.name, FieldMatch::EquivalentBySubstitution { positions, .. } if positions == &[0]),
            "{:?}",
            comparison.name
        );
        // Another applicant: the same signature fails only the 4 basic info.
        let other = applicant
            .clone()
            .with_address("北海道札幌市中央区北2条西2丁目");
        let v = strict.verify(&der, content, Some(&other), at());
        assert!(v.signature.passed() && v.certificate.passed());
        assert!(matches!(
            v.personal_info,
            Check::Failed(Error::PersonalInfoMismatch)
        ));
        assert!(!v.comparison.as_ref().unwrap().address.is_match());
    }

    // The user authentication key signs too, but its certificate carries no 4
    // basic info and no nonRepudiation.
    let pin = secret(PinKind::AuthenticationPin, PIN);
    let auth_cert = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::Authentication, None)
            .unwrap(),
    )
    .unwrap();
    let mut signer = CardSigner::new(
        &mut card,
        KeySlot::Authentication,
        auth_cert,
        Some(Pin::new(pin.clone())),
    );
    let der = sign(CONTENT, &mut signer, &SignOptions::default()).unwrap();
    let v = strict.verify(&der, Some(CONTENT), Some(&applicant), at());
    assert!(v.signature.passed());
    assert!(matches!(
        v.certificate,
        Check::Failed(Error::KeyUsageLacks {
            usage: "nonRepudiation",
            ..
        })
    ));
    assert!(matches!(
        v.personal_info,
        Check::Failed(Error::NoPersonalInfo { .. })
    ));
    assert!(!v.is_valid());
}

#[test]
fn a_card_signer_with_the_wrong_password_signs_nothing() {
    let s = sim();
    let mut card = JpkiCard::new(s.card.clone());
    card.open().unwrap();
    let wrong = secret(PinKind::SigningPassword, "WRONG123");
    let mut signer = CardSigner::new(
        &mut card,
        KeySlot::Signing,
        s.card_cert.clone(),
        Some(Pin::new(wrong.clone())),
    );
    let err = sign(CONTENT, &mut signer, &SignOptions::default()).unwrap_err();
    assert!(matches!(err, Error::WrongPin { .. }), "{err:?}");
}

#[test]
fn a_key_id_naming_several_certificates_is_resolved_by_the_ess_reference() {
    let s = sim();
    // The resident's key is certified by generation 1 and generation 2. The signer
    // is named by key id; the message carries the generation 1 certificate, the
    // verifier supplies generation 2, and signingCertificateV2 names generation 2.
    let ski = s.cert.subject_key_id().unwrap().to_vec();
    assert_eq!(s.gen1_cert.subject_key_id(), Some(ski.as_slice()));
    let mut f = Forge::resident();
    f.sid = SignerIdentifier::SubjectKeyIdentifier(x509_cert::ext::pkix::SubjectKeyIdentifier(
        OctetString::new(ski).unwrap(),
    ));
    f.certificates = vec![s.gen1_cert.clone()];
    let message = f.message();
    let c = verify_signature(
        &message,
        Some(CONTENT),
        std::slice::from_ref(&s.cert),
        false,
    )
    .unwrap();
    assert_eq!(
        c.signer.der(),
        s.cert.der(),
        "the certificate the ESS reference names"
    );
    // Without the ESS reference both certificates verify the signature; the path
    // decides. Trusting only generation 2's root, the generation 2 certificate is
    // the signer; trusting only generation 1's, the generation 1 certificate is.
    let f = f.without(SIGNING_CERTIFICATE_V2);
    let message = f.message();
    let extra = std::slice::from_ref(&s.cert);
    let v = jpki::cms::verify(
        &message,
        Some(CONTENT),
        &s.sign_roots[1..],
        extra,
        &options(),
    )
    .unwrap();
    assert_eq!(v.signature.signer.der(), s.cert.der());
    let v = jpki::cms::verify(
        &message,
        Some(CONTENT),
        &s.sign_roots[..1],
        extra,
        &options(),
    )
    .unwrap();
    assert_eq!(v.signature.signer.der(), s.gen1_cert.der());
    let verdict = verifier(&s.sign_roots[1..], extra, Usage::Any).verify(
        &f.der(),
        Some(CONTENT),
        Some(&Applicant::new()),
        at(),
    );
    assert!(verdict.signature_and_certificate_valid());
    assert_eq!(verdict.signer().unwrap().der(), s.cert.der());
}
