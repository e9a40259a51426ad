//! The one error type of the core.

use core::fmt;

use crate::cert::PersonalField;
use crate::oid::Oid;

/// Everything that can go wrong in `jpki`.
///
/// Variants carry the data needed to act on them rather than prose; their
/// `Display` gives a sentence fit for an end user's log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not valid DER for the structure named by `what`
    /// (truncated, trailing data, non-canonical length, wrong tag…).
    #[error("malformed {what}: {source}")]
    Decode {
        /// What was being decoded, e.g. `"certificate"` or `"subjectAltName"`.
        what: &'static str,
        /// The underlying decoding failure.
        source: DecodeError,
    },

    /// A PEM document could not be read.
    #[error("malformed PEM: {reason}")]
    Pem {
        /// Why the PEM could not be read.
        reason: String,
    },

    /// A PEM input held no block with the expected label (e.g. `CERTIFICATE`).
    #[error("no PEM block labelled {label}")]
    NoPemBlock {
        /// The label that was looked for.
        label: &'static str,
    },

    /// An extension occurs twice ([RFC 5280 §4.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2)).
    #[error("extension {oid} occurs more than once")]
    DuplicateExtension {
        /// The extension's OID.
        oid: Oid,
    },

    /// An otherName of the 4 basic info is not `[0] EXPLICIT UTF8String`.
    #[error("otherName {oid} must hold a UTF8String, found tag {found}")]
    WrongOtherNameTag {
        /// The otherName's type-id.
        oid: Oid,
        /// The tag found inside `[0]`, as text (e.g. `PrintableString`).
        found: String,
    },

    /// One of the 4 basic info otherNames occurs twice.
    #[error("otherName {oid} occurs more than once in subjectAltName")]
    DuplicateOtherName {
        /// The repeated type-id.
        oid: Oid,
    },

    /// A certificate carries some but not all of the 4 basic info.
    #[error("the 4 basic info are incomplete: {field} is missing")]
    MissingPersonalField {
        /// The first missing field.
        field: PersonalField,
    },

    /// A substitute-position string is malformed.
    #[error("substitute positions for the {field}: {reason}")]
    InvalidSubstitutePositions {
        /// The field the positions belong to (name or address).
        field: PersonalField,
        /// What is wrong.
        reason: PositionsError,
    },

    /// The birth date's era code is not one of 0–5.
    #[error("unknown era code {code:?} in birth date {value:?}")]
    UnknownEra {
        /// The era character found.
        code: char,
        /// The whole field.
        value: String,
    },

    /// The birth date is not `EYYYYMMDD` with a real Gregorian date.
    #[error("malformed birth date {value:?} (expected era code and YYYYMMDD)")]
    InvalidBirthDate {
        /// The whole field.
        value: String,
    },

    /// The era code contradicts the Gregorian date (e.g. Heisei for 1950).
    #[error("birth date {value:?}: era {era} does not cover {date}")]
    EraMismatch {
        /// The whole field.
        value: String,
        /// The era named by the code.
        era: &'static str,
        /// The Gregorian date.
        date: crate::time::Date,
    },

    /// The sex field is not `1`, `2` or `3`.
    #[error("malformed sex code {value:?} (expected 1, 2 or 3)")]
    InvalidSex {
        /// The field as found.
        value: String,
    },

    /// A date given as text is not `YYYY-MM-DD`.
    #[error("not a date (YYYY-MM-DD): {value:?}")]
    InvalidDate {
        /// The text given.
        value: String,
    },

    /// A time given as text is not RFC 3339, or is outside 1970–9999.
    #[error("not an RFC 3339 time: {value:?}")]
    InvalidTime {
        /// The text given.
        value: String,
    },

    /// A serial number given as text is not decimal or `0x` hex.
    #[error("not a serial number (decimal or 0x-prefixed hex): {value:?}")]
    InvalidSerial {
        /// The text given.
        value: String,
    },

    /// An OID given as text is not dotted decimal.
    #[error("not an object identifier: {value:?}")]
    InvalidOid {
        /// The text given.
        value: String,
    },

    /// A command APDU field exceeds the short-APDU limits (Lc ≤ 255, Le 1–256).
    #[error("APDU {field} of {len} bytes exceeds the short-APDU limit")]
    ApduTooLong {
        /// `Lc` or `Le`.
        field: &'static str,
        /// The length asked for.
        len: usize,
    },

    /// Bytes received as a command APDU are not a valid short APDU.
    #[error("malformed command APDU: {reason}")]
    MalformedCommand {
        /// What is wrong.
        reason: &'static str,
    },

    /// The card's answer is not a response APDU, or not what the command returns
    /// (truncated, too long, wrong structure).
    #[error("malformed card response: {reason}")]
    MalformedResponse {
        /// What is wrong.
        reason: &'static str,
    },

    /// The card answered a status word the operation does not accept.
    #[error("card answered {sw:04X} to {command}")]
    UnexpectedStatus {
        /// The command, e.g. `"SELECT JPKI AP"`.
        command: &'static str,
        /// SW1 SW2.
        sw: u16,
    },

    /// The transport failed (card removed, reader gone…). The session forgets what
    /// was selected and verified.
    #[error("card transport: {0}")]
    Transport(crate::card::TransportError),

    /// The card has no JPKI application (or the text application, for attributes).
    #[error("no {application} on this card")]
    ApplicationNotFound {
        /// Which application.
        application: &'static str,
    },

    /// A file is missing (e.g. no signing certificate on a card of someone under 15).
    #[error("file {fid:04X} is not on the card")]
    FileNotFound {
        /// The EF.
        fid: u16,
    },

    /// The card refused access: the secret guarding the file or key is not verified.
    #[error("the card requires the {pin} to be verified first")]
    SecurityStatusNotSatisfied {
        /// The secret that guards the object.
        pin: crate::card::PinKind,
    },

    /// A secret fails validation; nothing was sent to the card.
    #[error("{pin}: {reason}")]
    InvalidSecret {
        /// Which secret.
        pin: crate::card::PinKind,
        /// What is wrong.
        reason: &'static str,
    },

    /// The secret was wrong; `remaining` tries are left. Never retried.
    #[error("wrong {pin}: {remaining} tries left")]
    WrongPin {
        /// Which secret.
        pin: crate::card::PinKind,
        /// Tries left.
        remaining: u8,
    },

    /// The secret is blocked (63C0, 6983 or 6984); it must be reset at the
    /// municipal window.
    #[error("the {pin} is blocked; it can be reset at the municipal office")]
    PinBlocked {
        /// Which secret.
        pin: crate::card::PinKind,
    },

    /// Only one try is left and the caller did not pass `allow_last_try`; nothing
    /// was sent that would spend it.
    #[error("only one try of the {pin} is left; refusing to spend it without allow_last_try")]
    LastTryRefused {
        /// Which secret.
        pin: crate::card::PinKind,
    },

    /// A signature or digest algorithm this library does not accept.
    #[error("unsupported algorithm {oid}")]
    UnsupportedAlgorithm {
        /// Its OID.
        oid: Oid,
    },

    /// A public key is not an RSA key this library can verify with.
    #[error("the public key for the {what} is not a usable RSA key")]
    UnsupportedKey {
        /// What the key was to verify.
        what: &'static str,
    },

    /// A signature does not verify.
    #[error("bad signature on the {what}")]
    BadSignature {
        /// What was signed (`certificate`, `signed attributes`…).
        what: &'static str,
    },

    /// A certificate's keyUsage lacks what its use needs.
    #[error("certificate {serial}: key usage lacks {usage}")]
    KeyUsageLacks {
        /// The certificate's serial.
        serial: String,
        /// The missing usage, e.g. `nonRepudiation`.
        usage: &'static str,
    },

    /// SHA-1 was met where legacy (住基カード era) algorithms are not allowed.
    #[error("{what} uses SHA-1, allowed only for legacy (住基カード era) verification")]
    LegacyAlgorithmNotAllowed {
        /// What uses it.
        what: &'static str,
    },

    /// A CMS ContentInfo does not hold SignedData.
    #[error("CMS content type {content_type} is not SignedData")]
    CmsNotSignedData {
        /// The content type found.
        content_type: Oid,
    },

    /// A signed attribute is malformed (e.g. appears twice, several values).
    #[error("signed attribute {attribute} {problem}")]
    CmsAttribute {
        /// The attribute type.
        attribute: Oid,
        /// What is wrong.
        problem: &'static str,
    },

    /// A required signed attribute is missing.
    #[error("the signed attributes lack {attribute}")]
    CmsMissingAttribute {
        /// `contentType` or `messageDigest`.
        attribute: &'static str,
    },

    /// Not exactly one signer: a message with several SignerInfos is refused
    /// rather than accepted because one of them verifies.
    #[error("the signature has {found} signers; exactly one is accepted")]
    CmsSignerCount {
        /// How many SignerInfos there are.
        found: usize,
    },

    /// The signature is detached and no content was supplied.
    #[error("the signature is detached: supply the signed content")]
    CmsNoContent,

    /// Content was supplied and the signature also encapsulates different content.
    #[error("the supplied content differs from the content inside the signature")]
    CmsContentConflict,

    /// The signed contentType attribute differs from eContentType.
    #[error("signed contentType {signed} differs from the encapsulated {encapsulated}")]
    CmsContentTypeMismatch {
        /// In the signed attributes.
        signed: Oid,
        /// In encapContentInfo.
        encapsulated: Oid,
    },

    /// The messageDigest attribute does not match the content: the content was
    /// changed after signing (or is not the one signed).
    #[error("digest mismatch: the content is not what was signed")]
    CmsDigestMismatch,

    /// No certificate matches the signer identifier.
    #[error("the signer's certificate ({signer}) is neither in the signature nor supplied")]
    CmsSignerNotFound {
        /// The identifier, described.
        signer: String,
    },

    /// The ESS signing-certificate attribute names another certificate than the one
    /// that verifies the signature.
    #[error("the signing-certificate attribute names another certificate")]
    CmsSigningCertificateMismatch,

    /// The signer's certificate carries no 4 basic info (not a signing certificate).
    #[error("the signer's {kind} certificate carries no 4 basic info")]
    NoPersonalInfo {
        /// The certificate's kind.
        kind: &'static str,
    },

    /// The certificate's 4 basic info differ from the applicant's (see the
    /// comparison for the field and position).
    #[error("the certificate's 4 basic info do not match the application")]
    PersonalInfoMismatch,

    /// A certificate of the path is revoked.
    #[error("certificate {serial} is revoked since {at}{}", reason.map(|r| format!(": {r}")).unwrap_or_default())]
    CertificateRevoked {
        /// The revoked certificate's serial.
        serial: String,
        /// When it was revoked.
        at: crate::time::Time,
        /// Why (e.g. affiliationChanged: the holder moved).
        reason: Option<crate::revocation::RevocationReason>,
    },

    /// No revocation source answered for a certificate and the policy is hard fail.
    #[error("no revocation information for certificate {serial}: {why}")]
    RevocationUnavailable {
        /// The certificate's serial.
        serial: String,
        /// What was tried and why it did not answer.
        why: String,
    },

    /// A digest has the wrong length for its algorithm.
    #[error("a {algorithm} digest has {expected} bytes, not {found}")]
    InvalidDigest {
        /// The hash algorithm.
        algorithm: &'static str,
        /// Its output length.
        expected: usize,
        /// The length given.
        found: usize,
    },

    /// A certificate of the path has expired at the validation time
    /// ([RFC 5280 §6.1.3 (a)(2)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
    #[error("certificate {serial} expired at {not_after} (validation time {at})")]
    CertificateExpired {
        /// The certificate's serial.
        serial: String,
        /// Its notAfter.
        not_after: crate::time::Time,
        /// The validation time.
        at: crate::time::Time,
    },

    /// A certificate of the path is not yet valid at the validation time
    /// ([RFC 5280 §6.1.3 (a)(2)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
    #[error("certificate {serial} is not valid before {not_before} (validation time {at})")]
    CertificateNotYetValid {
        /// The certificate's serial.
        serial: String,
        /// Its notBefore.
        not_before: crate::time::Time,
        /// The validation time.
        at: crate::time::Time,
    },

    /// No trust anchor or intermediate is designated as the issuer by a
    /// certificate's authorityKeyIdentifier (the DN alone never designates one:
    /// several J-LIS CA generations share a DN).
    #[error(
        "no trusted issuer for {subject}{}",
        .key_id.as_ref().map(|k| format!(" (authority key id {k})")).unwrap_or_default()
    )]
    IssuerNotFound {
        /// The DN the missing issuer has (the issuer name of the certificate
        /// whose issuer is missing).
        subject: String,
        /// The authorityKeyIdentifier keyIdentifier sought, in lowercase hex.
        key_id: Option<String>,
    },

    /// The issuer's key does not verify a certificate's signature
    /// ([RFC 5280 §6.1.3 (a)(1)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
    #[error("the signature on certificate {serial} does not verify with its issuer's key")]
    CertificateSignatureInvalid {
        /// The serial of the certificate whose signature fails.
        serial: String,
    },

    /// The signature algorithm inside tbsCertificate differs from the outer
    /// signatureAlgorithm ([RFC 5280 §4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2)).
    #[error(
        "certificate {serial}: tbsCertificate and signatureAlgorithm name different algorithms"
    )]
    SignatureAlgorithmMismatch {
        /// The certificate's serial.
        serial: String,
    },

    /// A certificate is signed with SHA-1 and legacy (住基カード era) signatures
    /// are not allowed.
    #[error(
        "certificate {serial} is signed with SHA-1, allowed only for legacy (住基カード era) verification"
    )]
    LegacyCertificateSignature {
        /// The certificate's serial.
        serial: String,
    },

    /// A certificate used as an issuer is not a CA: basicConstraints is absent
    /// or says cA=false ([RFC 5280 §6.1.4 (k)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
    #[error("certificate {serial} issues certificates but is not a CA")]
    NotCa {
        /// The certificate's serial.
        serial: String,
    },

    /// A CA's pathLenConstraint allows fewer non-self-issued intermediates below
    /// it than the path has ([RFC 5280 §6.1.4 (l), (m)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
    #[error("CA {serial} allows {path_len} intermediate CAs below it; the path has {found}")]
    PathLenExceeded {
        /// The CA's serial.
        serial: String,
        /// Its pathLenConstraint.
        path_len: u8,
        /// Non-self-issued intermediates between it and the end entity.
        found: usize,
    },

    /// The end-entity certificate is a CA (basicConstraints cA=true).
    #[error("certificate {serial} is a CA, not an end entity")]
    EndEntityIsCa {
        /// The certificate's serial.
        serial: String,
    },

    /// A certificate carries a critical extension the validator does not process
    /// (unknown, or nameConstraints, which is not implemented)
    /// ([RFC 5280 §4.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2)).
    #[error("certificate {serial} has critical extension {oid}, which is not processed")]
    UnknownCriticalExtension {
        /// The certificate's serial.
        serial: String,
        /// The extension's OID.
        oid: Oid,
    },

    /// Every candidate path is longer than the maximum depth allowed.
    #[error("no path of at most {max_depth} certificates reaches a trust anchor")]
    PathTooLong {
        /// The maximum number of certificates, anchor included.
        max_depth: usize,
    },

    /// Path building needed more signature verifications than its budget.
    #[error("path building exceeded its budget of {budget} signature verifications")]
    BudgetExhausted {
        /// The budget.
        budget: usize,
    },

    /// The OCSP responder answered with a status other than `successful`
    /// ([RFC 6960 §4.2.1](https://www.rfc-editor.org/rfc/rfc6960#section-4.2.1)):
    /// there is no certificate status to read.
    #[error("the OCSP responder answered {status}")]
    OcspResponseStatus {
        /// What the responder answered.
        status: crate::revocation::ocsp::ResponseStatus,
    },

    /// The OCSP response is not a basic response (`id-pkix-ocsp-basic`), the only
    /// type RFC 6960 requires and the only one read here.
    #[error("OCSP response type {response_type} is not id-pkix-ocsp-basic")]
    OcspNotBasic {
        /// The responseType found.
        response_type: Oid,
    },

    /// An OCSP message is valid DER but breaks a rule of
    /// [RFC 6960](https://www.rfc-editor.org/rfc/rfc6960) (a successful response
    /// without a body, a version other than v1, no request in a request…).
    #[error("malformed OCSP {what}: {reason}")]
    OcspMalformed {
        /// The structure, e.g. `"response"`.
        what: &'static str,
        /// What is wrong.
        reason: &'static str,
    },

    /// The issuer certificate given is not the one the OCSP request names (its
    /// issuerNameHash or issuerKeyHash differ).
    #[error("the OCSP request names another issuer than the certificate given")]
    OcspIssuerMismatch,

    /// The OCSP response was signed by someone who may not answer for the
    /// certificate: neither the issuing CA nor a responder certificate that CA
    /// issued with id-kp-OCSPSigning
    /// ([RFC 6960 §4.2.2.2](https://www.rfc-editor.org/rfc/rfc6960#section-4.2.2.2)).
    #[error("OCSP responder not authorized: {reason}")]
    OcspResponderNotAuthorized {
        /// Why, e.g. `"the responder certificate lacks id-kp-OCSPSigning"`.
        reason: &'static str,
    },

    /// Not exactly one SingleResponse of the OCSP response is for the certificate
    /// asked about: an answer for another certificate is never "good".
    #[error(
        "the OCSP response has {matching} answers for certificate {serial} (hash algorithm, issuer hashes and serial); exactly one is needed"
    )]
    OcspCertIdMismatch {
        /// The serial asked about.
        serial: String,
        /// How many SingleResponses carry its CertID.
        matching: usize,
    },

    /// The request carried a nonce and the response does not echo one
    /// ([RFC 8954](https://www.rfc-editor.org/rfc/rfc8954)).
    #[error("the OCSP response does not echo the request's nonce")]
    OcspNonceMissing,

    /// The response's nonce differs from the request's: it may be a replay.
    #[error("the OCSP response's nonce differs from the request's")]
    OcspNonceMismatch,

    /// An OCSP nonce must have 1 to 32 octets
    /// ([RFC 8954 §2.1](https://www.rfc-editor.org/rfc/rfc8954#section-2.1)).
    #[error("an OCSP nonce must have 1 to 32 bytes, not {len}")]
    OcspInvalidNonce {
        /// The length given.
        len: usize,
    },

    /// The OCSP response is too old at the validation time: its nextUpdate (with
    /// the allowed clock skew) has passed, or it has no nextUpdate and the caller
    /// allows no (or a shorter) age ([RFC 6960 §3.2](https://www.rfc-editor.org/rfc/rfc6960#section-3.2)).
    #[error(
        "the OCSP response is stale at {at} (thisUpdate {this_update}, {})",
        .next_update.map_or_else(|| "no nextUpdate".to_owned(), |t| format!("nextUpdate {t}"))
    )]
    OcspStale {
        /// The response's thisUpdate.
        this_update: crate::time::Time,
        /// The response's nextUpdate, if any.
        next_update: Option<crate::time::Time>,
        /// The validation time.
        at: crate::time::Time,
    },

    /// The OCSP response's thisUpdate lies after the validation time plus the
    /// allowed clock skew.
    #[error("the OCSP response's thisUpdate {this_update} is after the validation time {at}")]
    OcspNotYetValid {
        /// The response's thisUpdate.
        this_update: crate::time::Time,
        /// The validation time.
        at: crate::time::Time,
    },

    /// An OCSP response or SingleResponse carries a critical extension that is
    /// not understood ([RFC 6960 §4.4](https://www.rfc-editor.org/rfc/rfc6960#section-4.4)).
    #[error("the OCSP response has critical extension {oid}, which is not understood")]
    OcspUnknownCriticalExtension {
        /// The extension's OID.
        oid: Oid,
    },

    /// OCSP over HTTP failed (feature `http`).
    #[cfg(feature = "http")]
    #[error("OCSP over HTTP to {url}: {problem}")]
    Http {
        /// The responder URL.
        url: String,
        /// What went wrong.
        problem: crate::revocation::http::HttpProblem,
    },

    /// A CRL breaks DER or the structure of
    /// [RFC 5280 §5.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.1) outside
    /// its entry list (truncated, trailing data, non-canonical length, wrong tag…).
    #[error("malformed CRL at byte {offset}: {what}")]
    CrlMalformed {
        /// What is wrong.
        what: &'static str,
        /// Where, in bytes from the start of the CRL.
        offset: usize,
    },

    /// An entry of a CRL's revokedCertificates is malformed (bad DER, a negative
    /// or non-minimal serial, a bad time, an unknown reason code, a duplicate
    /// serial…). The whole CRL is then unusable.
    #[error("CRL entry {index}: {what}")]
    CrlEntry {
        /// The entry's position in the list (0-based).
        index: usize,
        /// What is wrong.
        what: &'static str,
    },

    /// A CRL or one of its entries carries a critical extension that is not
    /// processed ([RFC 5280 §5.2](https://www.rfc-editor.org/rfc/rfc5280#section-5.2),
    /// [§5.3](https://www.rfc-editor.org/rfc/rfc5280#section-5.3)); the CRL is then
    /// unusable. certificateIssuer (indirect CRLs, not supported) lands here too.
    #[error(
        "the CRL{} has critical extension {oid}, which is not processed",
        .entry.map(|i| format!(" entry {i}")).unwrap_or_default()
    )]
    CrlUnknownCriticalExtension {
        /// The extension's OID.
        oid: Oid,
        /// The entry (0-based) carrying it, or `None` for a CRL extension.
        entry: Option<usize>,
    },

    /// The CRL's version is neither absent (v1) nor v2
    /// ([RFC 5280 §5.1.2.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.1)).
    #[error("unsupported CRL version {version} (only v1 and v2 exist)")]
    UnsupportedCrlVersion {
        /// The INTEGER found (1 means v2).
        version: u64,
    },

    /// A v1 CRL (no version field) carries CRL or entry extensions, which only v2
    /// allows ([RFC 5280 §5.1.2.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.1)).
    #[error(
        "a v1 CRL carries {}extensions",
        .entry.map(|i| format!("entry {i} ")).unwrap_or_default()
    )]
    CrlV1WithExtensions {
        /// The entry (0-based) carrying extensions, or `None` for CRL extensions.
        entry: Option<usize>,
    },

    /// The signature algorithm inside tbsCertList differs from the outer
    /// signatureAlgorithm ([RFC 5280 §5.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-5.1.1.2)).
    #[error("tbsCertList and signatureAlgorithm of the CRL name different algorithms")]
    CrlSignatureAlgorithmMismatch,

    /// The certificate offered as the CRL's issuer has another subject than the
    /// CRL's issuer name.
    #[error("the CRL is issued by {crl_issuer}, not by {subject}")]
    CrlIssuerMismatch {
        /// The CRL's issuer name.
        crl_issuer: String,
        /// The subject of the certificate offered.
        subject: String,
    },

    /// The CRL's authorityKeyIdentifier names another key than the
    /// subjectKeyIdentifier of the certificate offered as its issuer (several J-LIS
    /// CA generations share one DN).
    #[error(
        "the CRL names authority key {crl_key_id}, the certificate offered has {}",
        .subject_key_id.as_deref().unwrap_or("no subject key identifier")
    )]
    CrlKeyIdMismatch {
        /// The CRL's authorityKeyIdentifier keyIdentifier, in lowercase hex.
        crl_key_id: String,
        /// The certificate's subjectKeyIdentifier, in lowercase hex.
        subject_key_id: Option<String>,
    },

    /// A CRL exceeds a size limit set by the caller
    /// ([`CrlLimits`](crate::revocation::crl::CrlLimits)), or one the index cannot
    /// address (offsets are 32-bit: 4 GiB).
    #[error("the CRL exceeds the limit of {limit} {unit}")]
    CrlTooLarge {
        /// The limit.
        limit: u64,
        /// What it counts: `"bytes"` or `"entries"`.
        unit: &'static str,
    },

    /// The simulator cannot issue a signing certificate to someone under 15.
    #[cfg(feature = "sim")]
    #[error("no signing certificate under age 15 (the resident is {age})")]
    UnderAgeForSigning {
        /// The resident's age on the issuance date.
        age: u16,
    },

    /// A register character lies outside the certificate charset and the
    /// substitute table lists no replacement for it.
    #[cfg(feature = "sim")]
    #[error(
        "{field} character {ch:?} at position {position} is outside the certificate charset and has no listed substitute"
    )]
    NoSubstitute {
        /// The field (name or address).
        field: PersonalField,
        /// The character.
        ch: char,
        /// Its position (0-based, in characters).
        position: usize,
    },

    /// A register record field is empty or too long for the profile.
    #[cfg(feature = "sim")]
    #[error("register record: {reason}")]
    InvalidRecord {
        /// What is wrong.
        reason: String,
    },

    /// No certificate with this serial was issued by the simulator.
    #[cfg(feature = "sim")]
    #[error("no certificate with serial {serial} was issued")]
    UnknownSerial {
        /// The serial, in hex.
        serial: String,
    },

    /// The simulator's state directory is missing, unreadable or inconsistent.
    #[cfg(feature = "sim")]
    #[error("simulator state {path}: {reason}")]
    SimState {
        /// The file or directory concerned.
        path: String,
        /// What went wrong.
        reason: String,
    },

    /// A cryptographic operation of the simulator failed (key generation, signing).
    #[cfg(feature = "sim")]
    #[error("simulator crypto: {reason}")]
    SimCrypto {
        /// What failed.
        reason: String,
    },

    // added by card
    /// A [`CardSession`](crate::card::CardSession) was used out of order (e.g.
    /// `finish` with no operation started).
    #[error("card session misuse: {reason}")]
    CardSessionMisuse {
        /// What was done out of order.
        reason: &'static str,
    },
}

/// What is wrong with a substitute-position string.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PositionsError {
    /// It has a different number of digits than its field has characters.
    LengthMismatch {
        /// Characters in the field.
        expected: usize,
        /// Digits in the position string.
        found: usize,
    },
    /// It has a character other than `0` or `1`.
    BadDigit {
        /// The character.
        ch: char,
        /// Its position (0-based).
        position: usize,
    },
}

impl fmt::Display for PositionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { expected, found } => {
                write!(f, "{found} digits for a field of {expected} characters")
            }
            Self::BadDigit { ch, position } => {
                write!(f, "{ch:?} at position {position} is neither 0 nor 1")
            }
        }
    }
}

/// A DER decoding failure (opaque: the position and kind are in its message).
#[derive(Debug, Clone)]
pub struct DecodeError(pub(crate) der::Error);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for DecodeError {}

impl Error {
    pub(crate) fn decode(what: &'static str) -> impl FnOnce(der::Error) -> Self {
        move |e| Self::Decode {
            what,
            source: DecodeError(e),
        }
    }
}
