//! The one error type of the core, and its stable numeric codes.
//!
//! This module sits at the bottom of the crate: besides the foundation values
//! ([`Time`], [`Date`], [`Serial`], [`Oid`]) it uses only the small value types
//! of `values` (those it carries: [`PinKind`], [`TransportError`],
//! [`SimulatorError`]…), so no module above it is imported here.

use core::fmt;

use crate::oid::Oid;
use crate::values::{
    HttpProblem, PersonalField, PinKind, ResponseStatus, RevocationReason, SimulatorError,
    TransportError,
};
use crate::{Date, Serial, Time};

/// Everything that can go wrong in `jpki`.
///
/// Variants carry the data needed to act on them rather than prose; their
/// `Display` gives a sentence fit for an end user's log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
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

    /// A PEM block uses RFC 1421 processing this library does not read: it is
    /// encrypted (`Proc-Type: 4,ENCRYPTED` and `DEK-Info:`) or otherwise
    /// processed. Only plain PEM is read; decrypt the block first (for example
    /// with `openssl`).
    #[error(
        "the {label} PEM block has the header {header:?} at line {line}: encrypted (RFC 1421) PEM is not supported"
    )]
    PemUnsupported {
        /// The block's label.
        label: String,
        /// The header's line (1-based).
        line: usize,
        /// The header as found, e.g. `Proc-Type: 4,ENCRYPTED`.
        header: String,
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
        date: Date,
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
    Transport(TransportError),

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
        pin: PinKind,
    },

    /// A secret fails validation; nothing was sent to the card.
    #[error("{pin}: {reason}")]
    InvalidSecret {
        /// Which secret.
        pin: PinKind,
        /// What is wrong.
        reason: &'static str,
    },

    /// The secret was wrong; `remaining` tries are left. Never retried.
    #[error("wrong {pin}: {remaining} tries left")]
    WrongPin {
        /// Which secret.
        pin: PinKind,
        /// Tries left.
        remaining: u8,
    },

    /// The secret is blocked (63C0, 6983 or 6984); it must be reset at the
    /// municipal window.
    #[error("the {pin} is blocked; it can be reset at the municipal office")]
    PinBlocked {
        /// Which secret.
        pin: PinKind,
    },

    /// Only one try is left and the caller did not pass `allow_last_try`; nothing
    /// was sent that would spend it.
    #[error("only one try of the {pin} is left; refusing to spend it without allow_last_try")]
    LastTryRefused {
        /// Which secret.
        pin: PinKind,
    },

    /// A signature or digest algorithm this library does not accept.
    #[error("unsupported algorithm {oid}")]
    UnsupportedAlgorithm {
        /// Its OID.
        oid: Oid,
    },

    /// A public key is neither an RSA key nor an EC key (P-256, P-384) this library
    /// can verify with.
    #[error("the public key for the {what} is not a usable RSA or EC (P-256, P-384) key")]
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
        serial: Serial,
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

    /// No certificate matches the signer identifier: neither the issuer name
    /// and serial nor the subject key identifier it gives.
    #[error(
        "the signer's certificate ({}) is neither in the signature nor supplied",
        match (issuer, serial, key_id) {
            (Some(i), Some(s), _) => format!("issuer {i}, serial {s}"),
            (_, _, Some(k)) => format!("subject key id {}", Hex(k)),
            _ => "unnamed".to_owned(),
        }
    )]
    CmsSignerNotFound {
        /// The issuer named by issuerAndSerialNumber.
        issuer: Option<String>,
        /// The serial named by issuerAndSerialNumber.
        serial: Option<Serial>,
        /// The subjectKeyIdentifier named instead.
        key_id: Option<Vec<u8>>,
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
    /// comparison for the fields and both values).
    #[error("the certificate's 4 basic info do not match the application")]
    PersonalInfoMismatch,

    /// A certificate of the path is revoked.
    #[error("certificate {serial} is revoked since {at}{}", reason.map(|r| format!(": {r}")).unwrap_or_default())]
    CertificateRevoked {
        /// The revoked certificate's serial.
        serial: Serial,
        /// When it was revoked.
        at: Time,
        /// Why (e.g. affiliationChanged: the holder moved).
        reason: Option<RevocationReason>,
    },

    /// No revocation source answered for a certificate and the policy is hard fail.
    #[error(
        "no revocation information for certificate {serial}: {}",
        Causes(causes)
    )]
    RevocationUnavailable {
        /// The certificate's serial.
        serial: Serial,
        /// Why each source that was tried did not answer (empty: nothing covering
        /// the certificate was supplied).
        causes: Vec<Error>,
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
        serial: Serial,
        /// Its notAfter.
        not_after: Time,
        /// The validation time.
        at: Time,
    },

    /// A certificate of the path is not yet valid at the validation time
    /// ([RFC 5280 §6.1.3 (a)(2)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
    #[error("certificate {serial} is not valid before {not_before} (validation time {at})")]
    CertificateNotYetValid {
        /// The certificate's serial.
        serial: Serial,
        /// Its notBefore.
        not_before: Time,
        /// The validation time.
        at: Time,
    },

    /// No trust anchor or intermediate is designated as the issuer by a
    /// certificate's authorityKeyIdentifier (the DN alone never designates one:
    /// several J-LIS CA generations share a DN).
    #[error(
        "no trusted issuer for {subject}{}",
        .key_id.as_ref().map(|k| format!(" (authority key id {})", Hex(k))).unwrap_or_default()
    )]
    IssuerNotFound {
        /// The DN the missing issuer has (the issuer name of the certificate
        /// whose issuer is missing).
        subject: String,
        /// The authorityKeyIdentifier keyIdentifier sought.
        key_id: Option<Vec<u8>>,
    },

    /// The issuer's key does not verify a certificate's signature
    /// ([RFC 5280 §6.1.3 (a)(1)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
    #[error("the signature on certificate {serial} does not verify with its issuer's key")]
    CertificateSignatureInvalid {
        /// The serial of the certificate whose signature fails.
        serial: Serial,
    },

    /// The signature algorithm inside tbsCertificate differs from the outer
    /// signatureAlgorithm ([RFC 5280 §4.1.1.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2)).
    #[error(
        "certificate {serial}: tbsCertificate and signatureAlgorithm name different algorithms"
    )]
    SignatureAlgorithmMismatch {
        /// The certificate's serial.
        serial: Serial,
    },

    /// A certificate is signed with SHA-1 and legacy (住基カード era) signatures
    /// are not allowed.
    #[error(
        "certificate {serial} is signed with SHA-1, allowed only for legacy (住基カード era) verification"
    )]
    LegacyCertificateSignature {
        /// The certificate's serial.
        serial: Serial,
    },

    /// A certificate used as an issuer is not a CA: basicConstraints is absent
    /// or says cA=false ([RFC 5280 §6.1.4 (k)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
    #[error("certificate {serial} issues certificates but is not a CA")]
    NotCa {
        /// The certificate's serial.
        serial: Serial,
    },

    /// A CA's pathLenConstraint allows fewer non-self-issued intermediates below
    /// it than the path has ([RFC 5280 §6.1.4 (l), (m)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4)).
    #[error("CA {serial} allows {path_len} intermediate CAs below it; the path has {found}")]
    PathLenExceeded {
        /// The CA's serial.
        serial: Serial,
        /// Its pathLenConstraint.
        path_len: u8,
        /// Non-self-issued intermediates between it and the end entity.
        found: usize,
    },

    /// The end-entity certificate is a CA (basicConstraints cA=true).
    #[error("certificate {serial} is a CA, not an end entity")]
    EndEntityIsCa {
        /// The certificate's serial.
        serial: Serial,
    },

    /// A certificate carries a critical extension the validator does not process
    /// (unknown, or authorityInfoAccess, which RFC 5280 says is never critical)
    /// ([RFC 5280 §4.2](https://www.rfc-editor.org/rfc/rfc5280#section-4.2)).
    #[error("certificate {serial} has critical extension {oid}, which is not processed")]
    UnknownCriticalExtension {
        /// The certificate's serial.
        serial: Serial,
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
        status: ResponseStatus,
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
        serial: Serial,
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
        this_update: Time,
        /// The response's nextUpdate, if any.
        next_update: Option<Time>,
        /// The validation time.
        at: Time,
    },

    /// The OCSP response's thisUpdate lies after the validation time plus the
    /// allowed clock skew.
    #[error("the OCSP response's thisUpdate {this_update} is after the validation time {at}")]
    OcspNotYetValid {
        /// The response's thisUpdate.
        this_update: Time,
        /// The validation time.
        at: Time,
    },

    /// An OCSP response or SingleResponse carries a critical extension that is
    /// not understood ([RFC 6960 §4.4](https://www.rfc-editor.org/rfc/rfc6960#section-4.4)).
    #[error("the OCSP response has critical extension {oid}, which is not understood")]
    OcspUnknownCriticalExtension {
        /// The extension's OID.
        oid: Oid,
    },

    /// OCSP over HTTP failed (the `http` feature's client, or a caller's
    /// fetcher reporting the same problems).
    #[error("OCSP over HTTP to {url}: {problem}")]
    Http {
        /// The responder URL.
        url: String,
        /// What went wrong.
        problem: HttpProblem,
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
        "the CRL names authority key {}, the certificate offered has {}",
        Hex(crl_key_id),
        .subject_key_id.as_deref().map_or_else(|| "no subject key identifier".to_owned(), |k| Hex(k).to_string())
    )]
    CrlKeyIdMismatch {
        /// The CRL's authorityKeyIdentifier keyIdentifier.
        crl_key_id: Vec<u8>,
        /// The certificate's subjectKeyIdentifier.
        subject_key_id: Option<Vec<u8>>,
    },

    /// A CRL exceeds a size limit set by the caller
    /// (`jpki::revocation::crl::CrlLimits`), or one the index cannot
    /// address (offsets are 32-bit: 4 GiB).
    #[error("the CRL exceeds the limit of {limit} {unit}")]
    CrlTooLarge {
        /// The limit.
        limit: u64,
        /// What it counts: `"bytes"` or `"entries"`.
        unit: &'static str,
    },

    /// A CRL that covers the certificate is not current at the validation time:
    /// past its nextUpdate, without one, or older than the policy's maximum age.
    #[error(
        "the CRL covering it is not current at {at} (thisUpdate {this_update}, {})",
        .next_update.map_or_else(|| "no nextUpdate".to_owned(), |t| format!("nextUpdate {t}"))
    )]
    CrlNotCurrent {
        /// The CRL's thisUpdate.
        this_update: Time,
        /// The CRL's nextUpdate, if any.
        next_update: Option<Time>,
        /// The validation time.
        at: Time,
    },

    /// A CRL without the cRLNumber extension, which RFC 5280 §5.2.3 requires of
    /// every CRL: a verifier cannot order it against other CRLs of its scope,
    /// nor apply delta CRLs to it, so it is not used.
    #[error("the CRL has no cRLNumber (RFC 5280 §5.2.3 requires one)")]
    CrlNumberMissing,

    /// A CRL marks its cRLNumber extension critical, which RFC 5280 §5.2.3
    /// forbids.
    #[error("the CRL marks cRLNumber critical (RFC 5280 §5.2.3: non-critical)")]
    CrlNumberCritical,

    /// The complete CRL covering the certificate, or the certificate itself,
    /// carries freshestCRL, so delta CRLs may say more, and no current delta
    /// CRL that applies to it was supplied: the certificate is not "good".
    #[error(
        "delta CRLs may exist for the complete CRL {} (freshestCRL) and no current one was supplied",
        .crl_number.as_ref().map_or_else(|| "without a number".to_owned(), |n| format!("number {n}"))
    )]
    DeltaCrlMissing {
        /// The cRLNumber of the complete CRL.
        crl_number: Option<Serial>,
    },

    /// A current delta CRL of the scope was supplied whose BaseCRLNumber is newer
    /// than the complete CRL held: that complete CRL is out of date and the
    /// delta alone does not list what changed before its base.
    #[error(
        "a current delta CRL builds on complete CRL {base}, newer than the one held ({})",
        .crl_number.as_ref().map_or_else(|| "without a number".to_owned(), |n| format!("number {n}"))
    )]
    DeltaCrlBaseMismatch {
        /// The delta's BaseCRLNumber.
        base: Serial,
        /// The cRLNumber of the complete CRL held.
        crl_number: Option<Serial>,
    },

    /// The CRLs whose scope includes the certificate list only some revocation
    /// reasons (onlySomeReasons), and together not every reason
    /// ([RFC 5280 §6.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3)):
    /// the certificate is not "good".
    #[error("the CRLs covering the certificate leave out the reasons {missing}")]
    CrlReasonsIncomplete {
        /// The reasons no CRL covers, by their RFC 5280 names.
        missing: String,
    },

    /// A CRL signed by another key than the certificate's issuer's (an indirect
    /// CRL's issuer, or a rolled-over key of the same CA) was not used: its
    /// signer's certificate does not validate to the trust anchor of the
    /// certificate's path ([RFC 5280 §6.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3) (f)).
    #[error("the CRL signer {signer} does not validate to the certificate's anchor: {reason}")]
    CrlSignerNotValidated {
        /// The CRL signer's subject.
        signer: String,
        /// Why: the path error, or another trust anchor.
        reason: String,
    },

    /// The OCSP responder answered `unknown` for the certificate: never good.
    #[error("the OCSP responder does not know certificate {serial}")]
    OcspStatusUnknown {
        /// The certificate asked about.
        serial: Serial,
    },

    /// A verifier was built without any trust anchor.
    #[error("no trust anchor was given: nothing can be trusted")]
    NoTrustAnchors,

    /// A certificate of the path breaks a rule RFC 5280 sets for certificates
    /// (an authority or subject key identifier marked critical, a CA's
    /// basicConstraints or a policyConstraints not marked critical, a serial
    /// number that is zero or negative, a CA with an empty subject, keyCertSign
    /// without cA, a policy mapping to or from anyPolicy).
    #[error("certificate {serial} breaks RFC 5280: {rule}")]
    ProfileViolation {
        /// The certificate's serial (its magnitude, for a negative one).
        serial: Serial,
        /// The rule broken, with its section.
        rule: &'static str,
    },

    /// Policy processing left no valid policy while an explicit policy is
    /// required ([RFC 5280 §6.1.3 (f)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3),
    /// [§6.1.5 (g)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.5)).
    #[error(
        "no certificate policy is valid along the path down to certificate {serial}, and an explicit policy is required"
    )]
    NoValidPolicy {
        /// The certificate at which the requirement failed.
        serial: Serial,
    },

    /// A name of a certificate lies outside the permitted subtrees, or inside an
    /// excluded subtree, of a CA above it
    /// ([RFC 5280 §4.2.1.10](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10),
    /// [§6.1.3 (b), (c)](https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3)).
    #[error("certificate {serial}: name {name} violates the name constraints of the path")]
    NameConstraintViolated {
        /// The certificate's serial.
        serial: Serial,
        /// The name, as text (e.g. `email:a@example.com`, `DirName:C=JP, …`).
        name: String,
    },

    /// The end-entity certificate asserts none of the certificate policies the
    /// verifier accepts (e.g. an authentication certificate where a signing one
    /// is required, or a test-card certificate in production).
    #[error("certificate {serial} asserts none of the accepted certificate policies")]
    PolicyNotAccepted {
        /// The certificate's serial.
        serial: Serial,
    },

    /// The certificate is not of the kind the use needs (e.g. a signing
    /// certificate offered for user authentication).
    #[error("certificate {serial} is of kind {found}; the use needs kind {expected}")]
    WrongCertificateKind {
        /// The certificate's serial.
        serial: Serial,
        /// What was expected (`signing`, `authentication`).
        expected: &'static str,
        /// What it is.
        found: &'static str,
    },

    /// The signature given to finish a prepared CMS signature does not verify
    /// with the signer certificate's public key over the signed attributes:
    /// another card or key signed, or the bytes were damaged on the way.
    #[error(
        "the signature does not verify with the signer certificate's key (signed by another card or key?)"
    )]
    CmsSignatureNotBySigner,

    /// The simulator (feature `sim`) failed; the case says how. Present with
    /// every feature set, so that `Error` is the same type whatever the features.
    #[error(transparent)]
    Simulator(#[from] SimulatorError),

    /// A card session (`jpki::card::CardSession`) was used out of order (e.g.
    /// `finish` with no operation started).
    #[error("card session misuse: {reason}")]
    CardSessionMisuse {
        /// What was done out of order.
        reason: &'static str,
    },
    /// A login challenge is malformed or was made with unusable values (a nonce
    /// shorter than 32 bytes, an empty relying party, an expiry not after issue).
    #[error("invalid login challenge: {reason}")]
    InvalidChallenge {
        /// What is wrong.
        reason: &'static str,
    },

    /// A login response names a challenge that this relying party's nonce store
    /// does not hold: never issued here, or forgotten after it expired.
    #[error(
        "the login response answers a challenge this relying party did not issue (or has forgotten)"
    )]
    ChallengeUnknown,

    /// A login response answers a challenge that was already used: a replay.
    #[error("the login challenge was already used: a login response is accepted once")]
    ChallengeReplayed,

    /// A login response came after its challenge expired.
    #[error("the login challenge expired at {expired_at}")]
    ChallengeExpired {
        /// When the challenge expired.
        expired_at: Time,
    },

    /// A login response's signature does not verify, with the authentication
    /// certificate's key, as PKCS#1 v1.5 over the SHA-256 DigestInfo of the
    /// relying party's own challenge: it was made over another challenge, over a
    /// DigestInfo the client chose (another hash, trailing bytes), or with
    /// another key.
    #[error(
        "the login signature does not verify over this relying party's challenge with the certificate's key"
    )]
    LoginSignatureInvalid,

    /// The nonce store holds as many outstanding challenges as it may.
    #[error("the nonce store is full ({capacity} outstanding challenges)")]
    NonceStoreFull {
        /// How many challenges it holds at most.
        capacity: usize,
    },

    /// A nonce store could not be consulted or updated (its database or files
    /// failed): the login is refused, since one-time use cannot be assured.
    #[error("the nonce store failed: {reason}")]
    NonceStoreUnavailable {
        /// What failed.
        reason: String,
    },

    /// A registration's signed application and login response do not belong
    /// together: the application was not signed over this registration's
    /// challenge.
    #[error("registration mismatch: {reason}")]
    RegistrationMismatch {
        /// What does not match.
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub(crate) der::Error);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for DecodeError {}

impl Error {
    /// The stable kind of this error: what C callers, Python exception classes
    /// and JavaScript `code`s are mapped from.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Decode { .. } => ErrorKind::Decode,
            Self::Pem { .. } => ErrorKind::Pem,
            Self::NoPemBlock { .. } => ErrorKind::NoPemBlock,
            Self::PemUnsupported { .. } => ErrorKind::PemUnsupported,
            Self::InvalidDate { .. } => ErrorKind::InvalidDate,
            Self::InvalidTime { .. } => ErrorKind::InvalidTime,
            Self::InvalidSerial { .. } => ErrorKind::InvalidSerial,
            Self::InvalidOid { .. } => ErrorKind::InvalidOid,
            Self::DuplicateExtension { .. } => ErrorKind::DuplicateExtension,
            Self::WrongOtherNameTag { .. } => ErrorKind::WrongOtherNameTag,
            Self::DuplicateOtherName { .. } => ErrorKind::DuplicateOtherName,
            Self::MissingPersonalField { .. } => ErrorKind::MissingPersonalField,
            Self::InvalidSubstitutePositions { .. } => ErrorKind::InvalidSubstitutePositions,
            Self::UnknownEra { .. } => ErrorKind::UnknownEra,
            Self::InvalidBirthDate { .. } => ErrorKind::InvalidBirthDate,
            Self::EraMismatch { .. } => ErrorKind::EraMismatch,
            Self::InvalidSex { .. } => ErrorKind::InvalidSex,
            Self::CertificateExpired { .. } => ErrorKind::CertificateExpired,
            Self::CertificateNotYetValid { .. } => ErrorKind::CertificateNotYetValid,
            Self::IssuerNotFound { .. } => ErrorKind::IssuerNotFound,
            Self::CertificateSignatureInvalid { .. } => ErrorKind::CertificateSignatureInvalid,
            Self::SignatureAlgorithmMismatch { .. } => ErrorKind::SignatureAlgorithmMismatch,
            Self::LegacyCertificateSignature { .. } => ErrorKind::LegacyCertificateSignature,
            Self::NotCa { .. } => ErrorKind::NotCa,
            Self::PathLenExceeded { .. } => ErrorKind::PathLenExceeded,
            Self::EndEntityIsCa { .. } => ErrorKind::EndEntityIsCa,
            Self::UnknownCriticalExtension { .. } => ErrorKind::UnknownCriticalExtension,
            Self::PathTooLong { .. } => ErrorKind::PathTooLong,
            Self::BudgetExhausted { .. } => ErrorKind::BudgetExhausted,
            Self::KeyUsageLacks { .. } => ErrorKind::KeyUsageLacks,
            Self::PolicyNotAccepted { .. } => ErrorKind::PolicyNotAccepted,
            Self::WrongCertificateKind { .. } => ErrorKind::WrongCertificateKind,
            Self::NoTrustAnchors => ErrorKind::NoTrustAnchors,
            Self::ProfileViolation { .. } => ErrorKind::ProfileViolation,
            Self::NoValidPolicy { .. } => ErrorKind::NoValidPolicy,
            Self::NameConstraintViolated { .. } => ErrorKind::NameConstraintViolated,
            Self::UnsupportedAlgorithm { .. } => ErrorKind::UnsupportedAlgorithm,
            Self::UnsupportedKey { .. } => ErrorKind::UnsupportedKey,
            Self::BadSignature { .. } => ErrorKind::BadSignature,
            Self::LegacyAlgorithmNotAllowed { .. } => ErrorKind::LegacyAlgorithmNotAllowed,
            Self::InvalidDigest { .. } => ErrorKind::InvalidDigest,
            Self::CmsNotSignedData { .. } => ErrorKind::CmsNotSignedData,
            Self::CmsAttribute { .. } => ErrorKind::CmsAttribute,
            Self::CmsMissingAttribute { .. } => ErrorKind::CmsMissingAttribute,
            Self::CmsSignerCount { .. } => ErrorKind::CmsSignerCount,
            Self::CmsNoContent => ErrorKind::CmsNoContent,
            Self::CmsContentConflict => ErrorKind::CmsContentConflict,
            Self::CmsContentTypeMismatch { .. } => ErrorKind::CmsContentTypeMismatch,
            Self::CmsDigestMismatch => ErrorKind::CmsDigestMismatch,
            Self::CmsSignerNotFound { .. } => ErrorKind::CmsSignerNotFound,
            Self::CmsSigningCertificateMismatch => ErrorKind::CmsSigningCertificateMismatch,
            Self::CmsSignatureNotBySigner => ErrorKind::CmsSignatureNotBySigner,
            Self::NoPersonalInfo { .. } => ErrorKind::NoPersonalInfo,
            Self::PersonalInfoMismatch => ErrorKind::PersonalInfoMismatch,
            Self::CertificateRevoked { .. } => ErrorKind::CertificateRevoked,
            Self::RevocationUnavailable { .. } => ErrorKind::RevocationUnavailable,
            Self::CrlMalformed { .. } => ErrorKind::CrlMalformed,
            Self::CrlEntry { .. } => ErrorKind::CrlEntry,
            Self::CrlUnknownCriticalExtension { .. } => ErrorKind::CrlUnknownCriticalExtension,
            Self::UnsupportedCrlVersion { .. } => ErrorKind::UnsupportedCrlVersion,
            Self::CrlV1WithExtensions { .. } => ErrorKind::CrlV1WithExtensions,
            Self::CrlSignatureAlgorithmMismatch => ErrorKind::CrlSignatureAlgorithmMismatch,
            Self::CrlIssuerMismatch { .. } => ErrorKind::CrlIssuerMismatch,
            Self::CrlKeyIdMismatch { .. } => ErrorKind::CrlKeyIdMismatch,
            Self::CrlTooLarge { .. } => ErrorKind::CrlTooLarge,
            Self::CrlNotCurrent { .. } => ErrorKind::CrlNotCurrent,
            Self::CrlNumberMissing => ErrorKind::CrlNumberMissing,
            Self::CrlNumberCritical => ErrorKind::CrlNumberCritical,
            Self::DeltaCrlMissing { .. } => ErrorKind::DeltaCrlMissing,
            Self::DeltaCrlBaseMismatch { .. } => ErrorKind::DeltaCrlBaseMismatch,
            Self::CrlReasonsIncomplete { .. } => ErrorKind::CrlReasonsIncomplete,
            Self::CrlSignerNotValidated { .. } => ErrorKind::CrlSignerNotValidated,
            Self::OcspResponseStatus { .. } => ErrorKind::OcspResponseStatus,
            Self::OcspNotBasic { .. } => ErrorKind::OcspNotBasic,
            Self::OcspMalformed { .. } => ErrorKind::OcspMalformed,
            Self::OcspIssuerMismatch => ErrorKind::OcspIssuerMismatch,
            Self::OcspResponderNotAuthorized { .. } => ErrorKind::OcspResponderNotAuthorized,
            Self::OcspCertIdMismatch { .. } => ErrorKind::OcspCertIdMismatch,
            Self::OcspNonceMissing => ErrorKind::OcspNonceMissing,
            Self::OcspNonceMismatch => ErrorKind::OcspNonceMismatch,
            Self::OcspInvalidNonce { .. } => ErrorKind::OcspInvalidNonce,
            Self::OcspStale { .. } => ErrorKind::OcspStale,
            Self::OcspNotYetValid { .. } => ErrorKind::OcspNotYetValid,
            Self::OcspUnknownCriticalExtension { .. } => ErrorKind::OcspUnknownCriticalExtension,
            Self::OcspStatusUnknown { .. } => ErrorKind::OcspStatusUnknown,
            Self::Http { .. } => ErrorKind::Http,
            Self::ApduTooLong { .. } => ErrorKind::ApduTooLong,
            Self::MalformedCommand { .. } => ErrorKind::MalformedCommand,
            Self::MalformedResponse { .. } => ErrorKind::MalformedResponse,
            Self::UnexpectedStatus { .. } => ErrorKind::UnexpectedStatus,
            Self::Transport(_) => ErrorKind::Transport,
            Self::ApplicationNotFound { .. } => ErrorKind::ApplicationNotFound,
            Self::FileNotFound { .. } => ErrorKind::FileNotFound,
            Self::CardSessionMisuse { .. } => ErrorKind::CardSessionMisuse,
            Self::InvalidChallenge { .. } => ErrorKind::InvalidChallenge,
            Self::ChallengeUnknown => ErrorKind::ChallengeUnknown,
            Self::ChallengeReplayed => ErrorKind::ChallengeReplayed,
            Self::ChallengeExpired { .. } => ErrorKind::ChallengeExpired,
            Self::LoginSignatureInvalid => ErrorKind::LoginSignatureInvalid,
            Self::NonceStoreFull { .. } => ErrorKind::NonceStoreFull,
            Self::RegistrationMismatch { .. } => ErrorKind::RegistrationMismatch,
            Self::NonceStoreUnavailable { .. } => ErrorKind::NonceStoreUnavailable,
            Self::SecurityStatusNotSatisfied { .. } => ErrorKind::SecurityStatusNotSatisfied,
            Self::InvalidSecret { .. } => ErrorKind::InvalidSecret,
            Self::WrongPin { .. } => ErrorKind::WrongPin,
            Self::PinBlocked { .. } => ErrorKind::PinBlocked,
            Self::LastTryRefused { .. } => ErrorKind::LastTryRefused,
            Self::Simulator(e) => match e {
                SimulatorError::UnderAgeForSigning { .. } => ErrorKind::SimUnderAge,
                SimulatorError::NoSubstitute { .. } => ErrorKind::SimNoSubstitute,
                SimulatorError::InvalidRecord { .. } => ErrorKind::SimInvalidRecord,
                SimulatorError::UnknownSerial { .. } => ErrorKind::SimUnknownSerial,
                SimulatorError::State { .. } => ErrorKind::SimState,
                SimulatorError::Crypto { .. } => ErrorKind::SimCrypto,
                SimulatorError::Encoding { .. } => ErrorKind::SimEncoding,
            },
        }
    }
}

/// The stable, numeric kind of an [`Error`].
///
/// Values are grouped by area in hundreds and never change once published
/// (a test pins them); a retired kind keeps its number unused. The set is the
/// same whatever features are enabled. Bindings map errors through this alone:
/// the C ABI returns [`ErrorKind::code`], Python raises one exception class per
/// area carrying the code, JavaScript errors carry it as `code`. The
/// simulator's kinds (1000–1099) are those of [`Error::Simulator`], one per
/// [`SimulatorError`] case; 1100–1199 are a relying party's login
/// ([`login`](crate::login)).
///
/// | code | kind | meaning |
/// |---:|---|---|
/// | 100 | [`Decode`](ErrorKind::Decode) | Not valid DER for the structure expected. |
/// | 101 | [`Pem`](ErrorKind::Pem) | A PEM document could not be read. |
/// | 102 | [`NoPemBlock`](ErrorKind::NoPemBlock) | No PEM block with the expected label. |
/// | 103 | [`InvalidDate`](ErrorKind::InvalidDate) | A date given as text is not `YYYY-MM-DD`. |
/// | 104 | [`InvalidTime`](ErrorKind::InvalidTime) | A time given as text is not RFC 3339. |
/// | 105 | [`InvalidSerial`](ErrorKind::InvalidSerial) | A serial given as text is not decimal or `0x` hex. |
/// | 106 | [`InvalidOid`](ErrorKind::InvalidOid) | An OID given as text is not dotted decimal. |
/// | 107 | [`PemUnsupported`](ErrorKind::PemUnsupported) | A PEM block is encrypted (RFC 1421), which is not supported. |
/// | 200 | [`DuplicateExtension`](ErrorKind::DuplicateExtension) | An extension occurs twice. |
/// | 201 | [`WrongOtherNameTag`](ErrorKind::WrongOtherNameTag) | A 4 basic info otherName is not a UTF8String. |
/// | 202 | [`DuplicateOtherName`](ErrorKind::DuplicateOtherName) | A 4 basic info otherName occurs twice. |
/// | 203 | [`MissingPersonalField`](ErrorKind::MissingPersonalField) | Some but not all of the 4 basic info are present. |
/// | 204 | [`InvalidSubstitutePositions`](ErrorKind::InvalidSubstitutePositions) | A substitute-position string is malformed. |
/// | 205 | [`UnknownEra`](ErrorKind::UnknownEra) | The birth date's era code is unknown. |
/// | 206 | [`InvalidBirthDate`](ErrorKind::InvalidBirthDate) | The birth date is not an era code and a real date. |
/// | 207 | [`EraMismatch`](ErrorKind::EraMismatch) | The era code contradicts the date. |
/// | 208 | [`InvalidSex`](ErrorKind::InvalidSex) | The sex code is not 1, 2 or 3. |
/// | 300 | [`CertificateExpired`](ErrorKind::CertificateExpired) | A certificate of the path has expired. |
/// | 301 | [`CertificateNotYetValid`](ErrorKind::CertificateNotYetValid) | A certificate of the path is not yet valid. |
/// | 302 | [`IssuerNotFound`](ErrorKind::IssuerNotFound) | No trusted issuer is designated by the authority key id. |
/// | 303 | [`CertificateSignatureInvalid`](ErrorKind::CertificateSignatureInvalid) | A certificate's signature does not verify with its issuer's key. |
/// | 304 | [`SignatureAlgorithmMismatch`](ErrorKind::SignatureAlgorithmMismatch) | The inner and outer signature algorithms differ. |
/// | 305 | [`LegacyCertificateSignature`](ErrorKind::LegacyCertificateSignature) | A certificate is signed with SHA-1 and legacy is not allowed. |
/// | 306 | [`NotCa`](ErrorKind::NotCa) | An issuer is not a CA. |
/// | 307 | [`PathLenExceeded`](ErrorKind::PathLenExceeded) | A pathLenConstraint is exceeded. |
/// | 308 | [`EndEntityIsCa`](ErrorKind::EndEntityIsCa) | The end entity is a CA. |
/// | 309 | [`UnknownCriticalExtension`](ErrorKind::UnknownCriticalExtension) | A critical extension is not processed. |
/// | 310 | [`PathTooLong`](ErrorKind::PathTooLong) | No path within the maximum depth. |
/// | 311 | [`BudgetExhausted`](ErrorKind::BudgetExhausted) | Path building exceeded its work budget. |
/// | 312 | [`KeyUsageLacks`](ErrorKind::KeyUsageLacks) | A keyUsage lacks what the use needs. |
/// | 313 | [`PolicyNotAccepted`](ErrorKind::PolicyNotAccepted) | The end entity asserts none of the accepted policies. |
/// | 314 | [`WrongCertificateKind`](ErrorKind::WrongCertificateKind) | The certificate is not of the kind the use needs. |
/// | 315 | [`NoTrustAnchors`](ErrorKind::NoTrustAnchors) | A verifier was built without trust anchors. |
/// | 316 | [`ProfileViolation`](ErrorKind::ProfileViolation) | A certificate breaks a rule of RFC 5280. |
/// | 317 | [`NoValidPolicy`](ErrorKind::NoValidPolicy) | No valid policy where an explicit one is required. |
/// | 318 | [`NameConstraintViolated`](ErrorKind::NameConstraintViolated) | A name violates the name constraints of the path. |
/// | 400 | [`UnsupportedAlgorithm`](ErrorKind::UnsupportedAlgorithm) | An algorithm this library does not accept. |
/// | 401 | [`UnsupportedKey`](ErrorKind::UnsupportedKey) | A public key that is not a usable RSA or P-256/P-384 EC key. |
/// | 402 | [`BadSignature`](ErrorKind::BadSignature) | A signature does not verify. |
/// | 403 | [`LegacyAlgorithmNotAllowed`](ErrorKind::LegacyAlgorithmNotAllowed) | SHA-1 where legacy is not allowed. |
/// | 404 | [`InvalidDigest`](ErrorKind::InvalidDigest) | A digest has the wrong length. |
/// | 405 | [`CmsNotSignedData`](ErrorKind::CmsNotSignedData) | The ContentInfo does not hold SignedData. |
/// | 406 | [`CmsAttribute`](ErrorKind::CmsAttribute) | A signed attribute is malformed. |
/// | 407 | [`CmsMissingAttribute`](ErrorKind::CmsMissingAttribute) | A required signed attribute is missing. |
/// | 408 | [`CmsSignerCount`](ErrorKind::CmsSignerCount) | Not exactly one signer. |
/// | 409 | [`CmsNoContent`](ErrorKind::CmsNoContent) | A detached signature and no content. |
/// | 410 | [`CmsContentConflict`](ErrorKind::CmsContentConflict) | The content given differs from the encapsulated one. |
/// | 411 | [`CmsContentTypeMismatch`](ErrorKind::CmsContentTypeMismatch) | The signed contentType differs from eContentType. |
/// | 412 | [`CmsDigestMismatch`](ErrorKind::CmsDigestMismatch) | The content is not what was signed. |
/// | 413 | [`CmsSignerNotFound`](ErrorKind::CmsSignerNotFound) | The signer's certificate is nowhere. |
/// | 414 | [`CmsSigningCertificateMismatch`](ErrorKind::CmsSigningCertificateMismatch) | The ESS reference names another certificate. |
/// | 415 | [`CmsSignatureNotBySigner`](ErrorKind::CmsSignatureNotBySigner) | A signature to complete a CMS is not by the signer's key. |
/// | 500 | [`NoPersonalInfo`](ErrorKind::NoPersonalInfo) | The signer's certificate carries no 4 basic info. |
/// | 501 | [`PersonalInfoMismatch`](ErrorKind::PersonalInfoMismatch) | The 4 basic info differ from the application. |
/// | 600 | [`CertificateRevoked`](ErrorKind::CertificateRevoked) | A certificate of the path is revoked. |
/// | 601 | [`RevocationUnavailable`](ErrorKind::RevocationUnavailable) | No revocation source answered (hard fail). |
/// | 602 | [`CrlMalformed`](ErrorKind::CrlMalformed) | A CRL is malformed. |
/// | 603 | [`CrlEntry`](ErrorKind::CrlEntry) | A CRL entry is malformed. |
/// | 604 | [`CrlUnknownCriticalExtension`](ErrorKind::CrlUnknownCriticalExtension) | A CRL has a critical extension that is not processed. |
/// | 605 | [`UnsupportedCrlVersion`](ErrorKind::UnsupportedCrlVersion) | A CRL version other than v1 or v2. |
/// | 606 | [`CrlV1WithExtensions`](ErrorKind::CrlV1WithExtensions) | A v1 CRL carries extensions. |
/// | 607 | [`CrlSignatureAlgorithmMismatch`](ErrorKind::CrlSignatureAlgorithmMismatch) | The CRL's inner and outer algorithms differ. |
/// | 608 | [`CrlIssuerMismatch`](ErrorKind::CrlIssuerMismatch) | The CRL is issued by another name. |
/// | 609 | [`CrlKeyIdMismatch`](ErrorKind::CrlKeyIdMismatch) | The CRL names another authority key. |
/// | 610 | [`CrlTooLarge`](ErrorKind::CrlTooLarge) | A CRL exceeds a size limit. |
/// | 611 | [`CrlNotCurrent`](ErrorKind::CrlNotCurrent) | The covering CRL is not current. |
/// | 612 | [`CrlNumberMissing`](ErrorKind::CrlNumberMissing) | A CRL lacks the cRLNumber RFC 5280 requires. |
/// | 613 | [`CrlNumberCritical`](ErrorKind::CrlNumberCritical) | A CRL marks cRLNumber critical. |
/// | 614 | [`DeltaCrlMissing`](ErrorKind::DeltaCrlMissing) | A delta CRL may exist and no current one was supplied. |
/// | 615 | [`DeltaCrlBaseMismatch`](ErrorKind::DeltaCrlBaseMismatch) | A current delta CRL does not apply to the CRL held. |
/// | 616 | [`CrlReasonsIncomplete`](ErrorKind::CrlReasonsIncomplete) | The covering CRLs do not cover every reason. |
/// | 617 | [`CrlSignerNotValidated`](ErrorKind::CrlSignerNotValidated) | A CRL signer does not validate to the anchor. |
/// | 700 | [`OcspResponseStatus`](ErrorKind::OcspResponseStatus) | The responder answered other than successful. |
/// | 701 | [`OcspNotBasic`](ErrorKind::OcspNotBasic) | Not a basic OCSP response. |
/// | 702 | [`OcspMalformed`](ErrorKind::OcspMalformed) | An OCSP message breaks RFC 6960. |
/// | 703 | [`OcspIssuerMismatch`](ErrorKind::OcspIssuerMismatch) | The OCSP request names another issuer. |
/// | 704 | [`OcspResponderNotAuthorized`](ErrorKind::OcspResponderNotAuthorized) | The OCSP responder may not answer for the certificate. |
/// | 705 | [`OcspCertIdMismatch`](ErrorKind::OcspCertIdMismatch) | Not exactly one answer for the certificate. |
/// | 706 | [`OcspNonceMissing`](ErrorKind::OcspNonceMissing) | The response does not echo the nonce. |
/// | 707 | [`OcspNonceMismatch`](ErrorKind::OcspNonceMismatch) | The response's nonce differs. |
/// | 708 | [`OcspInvalidNonce`](ErrorKind::OcspInvalidNonce) | A nonce of the wrong length. |
/// | 709 | [`OcspStale`](ErrorKind::OcspStale) | The OCSP response is stale. |
/// | 710 | [`OcspNotYetValid`](ErrorKind::OcspNotYetValid) | The OCSP response is from the future. |
/// | 711 | [`OcspUnknownCriticalExtension`](ErrorKind::OcspUnknownCriticalExtension) | An OCSP critical extension is not understood. |
/// | 712 | [`OcspStatusUnknown`](ErrorKind::OcspStatusUnknown) | The responder answered unknown. |
/// | 713 | [`Http`](ErrorKind::Http) | OCSP over HTTP failed. |
/// | 800 | [`ApduTooLong`](ErrorKind::ApduTooLong) | An APDU field exceeds the short-APDU limits. |
/// | 801 | [`MalformedCommand`](ErrorKind::MalformedCommand) | Bytes are not a valid command APDU. |
/// | 802 | [`MalformedResponse`](ErrorKind::MalformedResponse) | The card's answer is malformed. |
/// | 803 | [`UnexpectedStatus`](ErrorKind::UnexpectedStatus) | The card answered an unexpected status word. |
/// | 804 | [`Transport`](ErrorKind::Transport) | The transport failed. |
/// | 805 | [`ApplicationNotFound`](ErrorKind::ApplicationNotFound) | The card has no JPKI (or text) application. |
/// | 806 | [`FileNotFound`](ErrorKind::FileNotFound) | A file is not on the card. |
/// | 807 | [`CardSessionMisuse`](ErrorKind::CardSessionMisuse) | A card session was used out of order. |
/// | 900 | [`SecurityStatusNotSatisfied`](ErrorKind::SecurityStatusNotSatisfied) | A secret must be verified first. |
/// | 901 | [`InvalidSecret`](ErrorKind::InvalidSecret) | A secret fails validation; nothing was sent. |
/// | 902 | [`WrongPin`](ErrorKind::WrongPin) | A wrong secret; tries remain. |
/// | 903 | [`PinBlocked`](ErrorKind::PinBlocked) | The secret is blocked. |
/// | 904 | [`LastTryRefused`](ErrorKind::LastTryRefused) | The last try was refused without allow_last_try. |
/// | 1000 | [`SimUnderAge`](ErrorKind::SimUnderAge) | No signing certificate under 15. |
/// | 1001 | [`SimNoSubstitute`](ErrorKind::SimNoSubstitute) | A register character has no substitute. |
/// | 1002 | [`SimInvalidRecord`](ErrorKind::SimInvalidRecord) | A register record field is invalid. |
/// | 1003 | [`SimUnknownSerial`](ErrorKind::SimUnknownSerial) | No certificate with this serial was issued. |
/// | 1004 | [`SimState`](ErrorKind::SimState) | The simulator's state is unusable. |
/// | 1005 | [`SimCrypto`](ErrorKind::SimCrypto) | A simulator cryptographic operation failed. |
/// | 1006 | [`SimEncoding`](ErrorKind::SimEncoding) | The simulator could not encode a structure. |
/// | 1100 | [`InvalidChallenge`](ErrorKind::InvalidChallenge) | A login challenge is malformed or unusable. |
/// | 1101 | [`ChallengeUnknown`](ErrorKind::ChallengeUnknown) | A login response answers a challenge the relying party does not hold. |
/// | 1102 | [`ChallengeReplayed`](ErrorKind::ChallengeReplayed) | A login challenge was already used. |
/// | 1103 | [`ChallengeExpired`](ErrorKind::ChallengeExpired) | A login response came after its challenge expired. |
/// | 1104 | [`LoginSignatureInvalid`](ErrorKind::LoginSignatureInvalid) | A login signature does not verify over the relying party's challenge. |
/// | 1105 | [`NonceStoreFull`](ErrorKind::NonceStoreFull) | The nonce store holds as many challenges as it may. |
/// | 1106 | [`RegistrationMismatch`](ErrorKind::RegistrationMismatch) | A registration's signed application does not answer its challenge. |
/// | 1107 | [`NonceStoreUnavailable`](ErrorKind::NonceStoreUnavailable) | A nonce store could not be consulted or updated. |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
#[non_exhaustive]
pub enum ErrorKind {
    // Input and encoding: 100–199.
    /// Not valid DER for the structure expected.
    Decode = 100,
    /// A PEM document could not be read.
    Pem = 101,
    /// No PEM block with the expected label.
    NoPemBlock = 102,
    /// A date given as text is not `YYYY-MM-DD`.
    InvalidDate = 103,
    /// A time given as text is not RFC 3339.
    InvalidTime = 104,
    /// A serial given as text is not decimal or `0x` hex.
    InvalidSerial = 105,
    /// An OID given as text is not dotted decimal.
    InvalidOid = 106,
    /// A PEM block is encrypted (RFC 1421), which is not supported.
    PemUnsupported = 107,
    // Certificate contents: 200–299.
    /// An extension occurs twice.
    DuplicateExtension = 200,
    /// A 4 basic info otherName is not a UTF8String.
    WrongOtherNameTag = 201,
    /// A 4 basic info otherName occurs twice.
    DuplicateOtherName = 202,
    /// Some but not all of the 4 basic info are present.
    MissingPersonalField = 203,
    /// A substitute-position string is malformed.
    InvalidSubstitutePositions = 204,
    /// The birth date's era code is unknown.
    UnknownEra = 205,
    /// The birth date is not an era code and a real date.
    InvalidBirthDate = 206,
    /// The era code contradicts the date.
    EraMismatch = 207,
    /// The sex code is not 1, 2 or 3.
    InvalidSex = 208,
    // Path validation: 300–399.
    /// A certificate of the path has expired.
    CertificateExpired = 300,
    /// A certificate of the path is not yet valid.
    CertificateNotYetValid = 301,
    /// No trusted issuer is designated by the authority key id.
    IssuerNotFound = 302,
    /// A certificate's signature does not verify with its issuer's key.
    CertificateSignatureInvalid = 303,
    /// The inner and outer signature algorithms differ.
    SignatureAlgorithmMismatch = 304,
    /// A certificate is signed with SHA-1 and legacy is not allowed.
    LegacyCertificateSignature = 305,
    /// An issuer is not a CA.
    NotCa = 306,
    /// A pathLenConstraint is exceeded.
    PathLenExceeded = 307,
    /// The end entity is a CA.
    EndEntityIsCa = 308,
    /// A critical extension is not processed.
    UnknownCriticalExtension = 309,
    /// No path within the maximum depth.
    PathTooLong = 310,
    /// Path building exceeded its work budget.
    BudgetExhausted = 311,
    /// A keyUsage lacks what the use needs.
    KeyUsageLacks = 312,
    /// The end entity asserts none of the accepted policies.
    PolicyNotAccepted = 313,
    /// The certificate is not of the kind the use needs.
    WrongCertificateKind = 314,
    /// A verifier was built without trust anchors.
    NoTrustAnchors = 315,
    /// A certificate breaks a rule of RFC 5280.
    ProfileViolation = 316,
    /// No valid policy where an explicit one is required.
    NoValidPolicy = 317,
    /// A name violates the name constraints of the path.
    NameConstraintViolated = 318,
    // Signatures and CMS: 400–499.
    /// An algorithm this library does not accept.
    UnsupportedAlgorithm = 400,
    /// A public key that is not a usable RSA or P-256/P-384 EC key.
    UnsupportedKey = 401,
    /// A signature does not verify.
    BadSignature = 402,
    /// SHA-1 where legacy is not allowed.
    LegacyAlgorithmNotAllowed = 403,
    /// A digest has the wrong length.
    InvalidDigest = 404,
    /// The ContentInfo does not hold SignedData.
    CmsNotSignedData = 405,
    /// A signed attribute is malformed.
    CmsAttribute = 406,
    /// A required signed attribute is missing.
    CmsMissingAttribute = 407,
    /// Not exactly one signer.
    CmsSignerCount = 408,
    /// A detached signature and no content.
    CmsNoContent = 409,
    /// The content given differs from the encapsulated one.
    CmsContentConflict = 410,
    /// The signed contentType differs from eContentType.
    CmsContentTypeMismatch = 411,
    /// The content is not what was signed.
    CmsDigestMismatch = 412,
    /// The signer's certificate is nowhere.
    CmsSignerNotFound = 413,
    /// The ESS reference names another certificate.
    CmsSigningCertificateMismatch = 414,
    /// A signature to complete a CMS is not by the signer's key.
    CmsSignatureNotBySigner = 415,
    // The 4 basic info: 500–599.
    /// The signer's certificate carries no 4 basic info.
    NoPersonalInfo = 500,
    /// The 4 basic info differ from the application.
    PersonalInfoMismatch = 501,
    // Revocation and CRLs: 600–699.
    /// A certificate of the path is revoked.
    CertificateRevoked = 600,
    /// No revocation source answered (hard fail).
    RevocationUnavailable = 601,
    /// A CRL is malformed.
    CrlMalformed = 602,
    /// A CRL entry is malformed.
    CrlEntry = 603,
    /// A CRL has a critical extension that is not processed.
    CrlUnknownCriticalExtension = 604,
    /// A CRL version other than v1 or v2.
    UnsupportedCrlVersion = 605,
    /// A v1 CRL carries extensions.
    CrlV1WithExtensions = 606,
    /// The CRL's inner and outer algorithms differ.
    CrlSignatureAlgorithmMismatch = 607,
    /// The CRL is issued by another name.
    CrlIssuerMismatch = 608,
    /// The CRL names another authority key.
    CrlKeyIdMismatch = 609,
    /// A CRL exceeds a size limit.
    CrlTooLarge = 610,
    /// The covering CRL is not current.
    CrlNotCurrent = 611,
    /// A CRL lacks the cRLNumber RFC 5280 requires.
    CrlNumberMissing = 612,
    /// A CRL marks cRLNumber critical.
    CrlNumberCritical = 613,
    /// A delta CRL may exist and no current one was supplied.
    DeltaCrlMissing = 614,
    /// A current delta CRL does not apply to the CRL held.
    DeltaCrlBaseMismatch = 615,
    /// The covering CRLs do not cover every reason.
    CrlReasonsIncomplete = 616,
    /// A CRL signer does not validate to the anchor.
    CrlSignerNotValidated = 617,
    // OCSP: 700–799.
    /// The responder answered other than successful.
    OcspResponseStatus = 700,
    /// Not a basic OCSP response.
    OcspNotBasic = 701,
    /// An OCSP message breaks RFC 6960.
    OcspMalformed = 702,
    /// The OCSP request names another issuer.
    OcspIssuerMismatch = 703,
    /// The OCSP responder may not answer for the certificate.
    OcspResponderNotAuthorized = 704,
    /// Not exactly one answer for the certificate.
    OcspCertIdMismatch = 705,
    /// The response does not echo the nonce.
    OcspNonceMissing = 706,
    /// The response's nonce differs.
    OcspNonceMismatch = 707,
    /// A nonce of the wrong length.
    OcspInvalidNonce = 708,
    /// The OCSP response is stale.
    OcspStale = 709,
    /// The OCSP response is from the future.
    OcspNotYetValid = 710,
    /// An OCSP critical extension is not understood.
    OcspUnknownCriticalExtension = 711,
    /// The responder answered unknown.
    OcspStatusUnknown = 712,
    /// OCSP over HTTP failed.
    Http = 713,
    // Card and transport: 800–899.
    /// An APDU field exceeds the short-APDU limits.
    ApduTooLong = 800,
    /// Bytes are not a valid command APDU.
    MalformedCommand = 801,
    /// The card's answer is malformed.
    MalformedResponse = 802,
    /// The card answered an unexpected status word.
    UnexpectedStatus = 803,
    /// The transport failed.
    Transport = 804,
    /// The card has no JPKI (or text) application.
    ApplicationNotFound = 805,
    /// A file is not on the card.
    FileNotFound = 806,
    /// A card session was used out of order.
    CardSessionMisuse = 807,
    // PINs and secrets: 900–999.
    /// A secret must be verified first.
    SecurityStatusNotSatisfied = 900,
    /// A secret fails validation; nothing was sent.
    InvalidSecret = 901,
    /// A wrong secret; tries remain.
    WrongPin = 902,
    /// The secret is blocked.
    PinBlocked = 903,
    /// The last try was refused without allow_last_try.
    LastTryRefused = 904,
    // Simulator: 1000–1099.
    /// No signing certificate under 15.
    SimUnderAge = 1000,
    /// A register character has no substitute.
    SimNoSubstitute = 1001,
    /// A register record field is invalid.
    SimInvalidRecord = 1002,
    /// No certificate with this serial was issued.
    SimUnknownSerial = 1003,
    /// The simulator's state is unusable.
    SimState = 1004,
    /// A simulator cryptographic operation failed.
    SimCrypto = 1005,
    /// The simulator could not encode a structure.
    SimEncoding = 1006,

    // Login (relying parties): 1100–1199.
    /// A login challenge is malformed or unusable.
    InvalidChallenge = 1100,
    /// A login response answers a challenge the relying party does not hold.
    ChallengeUnknown = 1101,
    /// A login challenge was already used.
    ChallengeReplayed = 1102,
    /// A login response came after its challenge expired.
    ChallengeExpired = 1103,
    /// A login signature does not verify over the relying party's challenge.
    LoginSignatureInvalid = 1104,
    /// The nonce store holds as many challenges as it may.
    NonceStoreFull = 1105,
    /// A registration's signed application does not answer its challenge.
    RegistrationMismatch = 1106,
    /// A nonce store could not be consulted or updated.
    NonceStoreUnavailable = 1107,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: &'static [ErrorKind] = &[
        Self::Decode,
        Self::Pem,
        Self::NoPemBlock,
        Self::InvalidDate,
        Self::InvalidTime,
        Self::InvalidSerial,
        Self::InvalidOid,
        Self::PemUnsupported,
        Self::DuplicateExtension,
        Self::WrongOtherNameTag,
        Self::DuplicateOtherName,
        Self::MissingPersonalField,
        Self::InvalidSubstitutePositions,
        Self::UnknownEra,
        Self::InvalidBirthDate,
        Self::EraMismatch,
        Self::InvalidSex,
        Self::CertificateExpired,
        Self::CertificateNotYetValid,
        Self::IssuerNotFound,
        Self::CertificateSignatureInvalid,
        Self::SignatureAlgorithmMismatch,
        Self::LegacyCertificateSignature,
        Self::NotCa,
        Self::PathLenExceeded,
        Self::EndEntityIsCa,
        Self::UnknownCriticalExtension,
        Self::PathTooLong,
        Self::BudgetExhausted,
        Self::KeyUsageLacks,
        Self::PolicyNotAccepted,
        Self::WrongCertificateKind,
        Self::NoTrustAnchors,
        Self::ProfileViolation,
        Self::NoValidPolicy,
        Self::NameConstraintViolated,
        Self::UnsupportedAlgorithm,
        Self::UnsupportedKey,
        Self::BadSignature,
        Self::LegacyAlgorithmNotAllowed,
        Self::InvalidDigest,
        Self::CmsNotSignedData,
        Self::CmsAttribute,
        Self::CmsMissingAttribute,
        Self::CmsSignerCount,
        Self::CmsNoContent,
        Self::CmsContentConflict,
        Self::CmsContentTypeMismatch,
        Self::CmsDigestMismatch,
        Self::CmsSignerNotFound,
        Self::CmsSigningCertificateMismatch,
        Self::CmsSignatureNotBySigner,
        Self::NoPersonalInfo,
        Self::PersonalInfoMismatch,
        Self::CertificateRevoked,
        Self::RevocationUnavailable,
        Self::CrlMalformed,
        Self::CrlEntry,
        Self::CrlUnknownCriticalExtension,
        Self::UnsupportedCrlVersion,
        Self::CrlV1WithExtensions,
        Self::CrlSignatureAlgorithmMismatch,
        Self::CrlIssuerMismatch,
        Self::CrlKeyIdMismatch,
        Self::CrlTooLarge,
        Self::CrlNotCurrent,
        Self::CrlNumberMissing,
        Self::CrlNumberCritical,
        Self::DeltaCrlMissing,
        Self::DeltaCrlBaseMismatch,
        Self::CrlReasonsIncomplete,
        Self::CrlSignerNotValidated,
        Self::OcspResponseStatus,
        Self::OcspNotBasic,
        Self::OcspMalformed,
        Self::OcspIssuerMismatch,
        Self::OcspResponderNotAuthorized,
        Self::OcspCertIdMismatch,
        Self::OcspNonceMissing,
        Self::OcspNonceMismatch,
        Self::OcspInvalidNonce,
        Self::OcspStale,
        Self::OcspNotYetValid,
        Self::OcspUnknownCriticalExtension,
        Self::OcspStatusUnknown,
        Self::Http,
        Self::ApduTooLong,
        Self::MalformedCommand,
        Self::MalformedResponse,
        Self::UnexpectedStatus,
        Self::Transport,
        Self::ApplicationNotFound,
        Self::FileNotFound,
        Self::CardSessionMisuse,
        Self::SecurityStatusNotSatisfied,
        Self::InvalidSecret,
        Self::WrongPin,
        Self::PinBlocked,
        Self::LastTryRefused,
        Self::SimUnderAge,
        Self::SimNoSubstitute,
        Self::SimInvalidRecord,
        Self::SimUnknownSerial,
        Self::SimState,
        Self::SimCrypto,
        Self::SimEncoding,
        Self::InvalidChallenge,
        Self::ChallengeUnknown,
        Self::ChallengeReplayed,
        Self::ChallengeExpired,
        Self::LoginSignatureInvalid,
        Self::NonceStoreFull,
        Self::RegistrationMismatch,
        Self::NonceStoreUnavailable,
    ];

    /// The numeric code.
    pub const fn code(self) -> u16 {
        // The same numbers as the discriminants (a test checks both agree);
        // spelled out because `as` casts are linted away.
        match self {
            Self::Decode => 100,
            Self::Pem => 101,
            Self::NoPemBlock => 102,
            Self::InvalidDate => 103,
            Self::InvalidTime => 104,
            Self::InvalidSerial => 105,
            Self::InvalidOid => 106,
            Self::PemUnsupported => 107,
            Self::DuplicateExtension => 200,
            Self::WrongOtherNameTag => 201,
            Self::DuplicateOtherName => 202,
            Self::MissingPersonalField => 203,
            Self::InvalidSubstitutePositions => 204,
            Self::UnknownEra => 205,
            Self::InvalidBirthDate => 206,
            Self::EraMismatch => 207,
            Self::InvalidSex => 208,
            Self::CertificateExpired => 300,
            Self::CertificateNotYetValid => 301,
            Self::IssuerNotFound => 302,
            Self::CertificateSignatureInvalid => 303,
            Self::SignatureAlgorithmMismatch => 304,
            Self::LegacyCertificateSignature => 305,
            Self::NotCa => 306,
            Self::PathLenExceeded => 307,
            Self::EndEntityIsCa => 308,
            Self::UnknownCriticalExtension => 309,
            Self::PathTooLong => 310,
            Self::BudgetExhausted => 311,
            Self::KeyUsageLacks => 312,
            Self::PolicyNotAccepted => 313,
            Self::WrongCertificateKind => 314,
            Self::NoTrustAnchors => 315,
            Self::ProfileViolation => 316,
            Self::NoValidPolicy => 317,
            Self::NameConstraintViolated => 318,
            Self::UnsupportedAlgorithm => 400,
            Self::UnsupportedKey => 401,
            Self::BadSignature => 402,
            Self::LegacyAlgorithmNotAllowed => 403,
            Self::InvalidDigest => 404,
            Self::CmsNotSignedData => 405,
            Self::CmsAttribute => 406,
            Self::CmsMissingAttribute => 407,
            Self::CmsSignerCount => 408,
            Self::CmsNoContent => 409,
            Self::CmsContentConflict => 410,
            Self::CmsContentTypeMismatch => 411,
            Self::CmsDigestMismatch => 412,
            Self::CmsSignerNotFound => 413,
            Self::CmsSigningCertificateMismatch => 414,
            Self::CmsSignatureNotBySigner => 415,
            Self::NoPersonalInfo => 500,
            Self::PersonalInfoMismatch => 501,
            Self::CertificateRevoked => 600,
            Self::RevocationUnavailable => 601,
            Self::CrlMalformed => 602,
            Self::CrlEntry => 603,
            Self::CrlUnknownCriticalExtension => 604,
            Self::UnsupportedCrlVersion => 605,
            Self::CrlV1WithExtensions => 606,
            Self::CrlSignatureAlgorithmMismatch => 607,
            Self::CrlIssuerMismatch => 608,
            Self::CrlKeyIdMismatch => 609,
            Self::CrlTooLarge => 610,
            Self::CrlNotCurrent => 611,
            Self::CrlNumberMissing => 612,
            Self::CrlNumberCritical => 613,
            Self::DeltaCrlMissing => 614,
            Self::DeltaCrlBaseMismatch => 615,
            Self::CrlReasonsIncomplete => 616,
            Self::CrlSignerNotValidated => 617,
            Self::OcspResponseStatus => 700,
            Self::OcspNotBasic => 701,
            Self::OcspMalformed => 702,
            Self::OcspIssuerMismatch => 703,
            Self::OcspResponderNotAuthorized => 704,
            Self::OcspCertIdMismatch => 705,
            Self::OcspNonceMissing => 706,
            Self::OcspNonceMismatch => 707,
            Self::OcspInvalidNonce => 708,
            Self::OcspStale => 709,
            Self::OcspNotYetValid => 710,
            Self::OcspUnknownCriticalExtension => 711,
            Self::OcspStatusUnknown => 712,
            Self::Http => 713,
            Self::ApduTooLong => 800,
            Self::MalformedCommand => 801,
            Self::MalformedResponse => 802,
            Self::UnexpectedStatus => 803,
            Self::Transport => 804,
            Self::ApplicationNotFound => 805,
            Self::FileNotFound => 806,
            Self::CardSessionMisuse => 807,
            Self::SecurityStatusNotSatisfied => 900,
            Self::InvalidSecret => 901,
            Self::WrongPin => 902,
            Self::PinBlocked => 903,
            Self::LastTryRefused => 904,
            Self::SimUnderAge => 1000,
            Self::SimNoSubstitute => 1001,
            Self::SimInvalidRecord => 1002,
            Self::SimUnknownSerial => 1003,
            Self::SimState => 1004,
            Self::SimCrypto => 1005,
            Self::SimEncoding => 1006,
            Self::InvalidChallenge => 1100,
            Self::ChallengeUnknown => 1101,
            Self::ChallengeReplayed => 1102,
            Self::ChallengeExpired => 1103,
            Self::LoginSignatureInvalid => 1104,
            Self::NonceStoreFull => 1105,
            Self::RegistrationMismatch => 1106,
            Self::NonceStoreUnavailable => 1107,
        }
    }

    /// The kind with this code, if any.
    pub fn from_code(code: u16) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The name in `SCREAMING_SNAKE_CASE` (`CERTIFICATE_EXPIRED`), as the C
    /// header and the bindings spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Decode => "DECODE",
            Self::Pem => "PEM",
            Self::NoPemBlock => "NO_PEM_BLOCK",
            Self::InvalidDate => "INVALID_DATE",
            Self::InvalidTime => "INVALID_TIME",
            Self::InvalidSerial => "INVALID_SERIAL",
            Self::InvalidOid => "INVALID_OID",
            Self::PemUnsupported => "PEM_UNSUPPORTED",
            Self::DuplicateExtension => "DUPLICATE_EXTENSION",
            Self::WrongOtherNameTag => "WRONG_OTHER_NAME_TAG",
            Self::DuplicateOtherName => "DUPLICATE_OTHER_NAME",
            Self::MissingPersonalField => "MISSING_PERSONAL_FIELD",
            Self::InvalidSubstitutePositions => "INVALID_SUBSTITUTE_POSITIONS",
            Self::UnknownEra => "UNKNOWN_ERA",
            Self::InvalidBirthDate => "INVALID_BIRTH_DATE",
            Self::EraMismatch => "ERA_MISMATCH",
            Self::InvalidSex => "INVALID_SEX",
            Self::CertificateExpired => "CERTIFICATE_EXPIRED",
            Self::CertificateNotYetValid => "CERTIFICATE_NOT_YET_VALID",
            Self::IssuerNotFound => "ISSUER_NOT_FOUND",
            Self::CertificateSignatureInvalid => "CERTIFICATE_SIGNATURE_INVALID",
            Self::SignatureAlgorithmMismatch => "SIGNATURE_ALGORITHM_MISMATCH",
            Self::LegacyCertificateSignature => "LEGACY_CERTIFICATE_SIGNATURE",
            Self::NotCa => "NOT_CA",
            Self::PathLenExceeded => "PATH_LEN_EXCEEDED",
            Self::EndEntityIsCa => "END_ENTITY_IS_CA",
            Self::UnknownCriticalExtension => "UNKNOWN_CRITICAL_EXTENSION",
            Self::PathTooLong => "PATH_TOO_LONG",
            Self::BudgetExhausted => "BUDGET_EXHAUSTED",
            Self::KeyUsageLacks => "KEY_USAGE_LACKS",
            Self::PolicyNotAccepted => "POLICY_NOT_ACCEPTED",
            Self::WrongCertificateKind => "WRONG_CERTIFICATE_KIND",
            Self::NoTrustAnchors => "NO_TRUST_ANCHORS",
            Self::ProfileViolation => "PROFILE_VIOLATION",
            Self::NoValidPolicy => "NO_VALID_POLICY",
            Self::NameConstraintViolated => "NAME_CONSTRAINT_VIOLATED",
            Self::UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
            Self::UnsupportedKey => "UNSUPPORTED_KEY",
            Self::BadSignature => "BAD_SIGNATURE",
            Self::LegacyAlgorithmNotAllowed => "LEGACY_ALGORITHM_NOT_ALLOWED",
            Self::InvalidDigest => "INVALID_DIGEST",
            Self::CmsNotSignedData => "CMS_NOT_SIGNED_DATA",
            Self::CmsAttribute => "CMS_ATTRIBUTE",
            Self::CmsMissingAttribute => "CMS_MISSING_ATTRIBUTE",
            Self::CmsSignerCount => "CMS_SIGNER_COUNT",
            Self::CmsNoContent => "CMS_NO_CONTENT",
            Self::CmsContentConflict => "CMS_CONTENT_CONFLICT",
            Self::CmsContentTypeMismatch => "CMS_CONTENT_TYPE_MISMATCH",
            Self::CmsDigestMismatch => "CMS_DIGEST_MISMATCH",
            Self::CmsSignerNotFound => "CMS_SIGNER_NOT_FOUND",
            Self::CmsSigningCertificateMismatch => "CMS_SIGNING_CERTIFICATE_MISMATCH",
            Self::CmsSignatureNotBySigner => "CMS_SIGNATURE_NOT_BY_SIGNER",
            Self::NoPersonalInfo => "NO_PERSONAL_INFO",
            Self::PersonalInfoMismatch => "PERSONAL_INFO_MISMATCH",
            Self::CertificateRevoked => "CERTIFICATE_REVOKED",
            Self::RevocationUnavailable => "REVOCATION_UNAVAILABLE",
            Self::CrlMalformed => "CRL_MALFORMED",
            Self::CrlEntry => "CRL_ENTRY",
            Self::CrlUnknownCriticalExtension => "CRL_UNKNOWN_CRITICAL_EXTENSION",
            Self::UnsupportedCrlVersion => "UNSUPPORTED_CRL_VERSION",
            Self::CrlV1WithExtensions => "CRL_V1_WITH_EXTENSIONS",
            Self::CrlSignatureAlgorithmMismatch => "CRL_SIGNATURE_ALGORITHM_MISMATCH",
            Self::CrlIssuerMismatch => "CRL_ISSUER_MISMATCH",
            Self::CrlKeyIdMismatch => "CRL_KEY_ID_MISMATCH",
            Self::CrlTooLarge => "CRL_TOO_LARGE",
            Self::CrlNotCurrent => "CRL_NOT_CURRENT",
            Self::CrlNumberMissing => "CRL_NUMBER_MISSING",
            Self::CrlNumberCritical => "CRL_NUMBER_CRITICAL",
            Self::DeltaCrlMissing => "DELTA_CRL_MISSING",
            Self::DeltaCrlBaseMismatch => "DELTA_CRL_BASE_MISMATCH",
            Self::CrlReasonsIncomplete => "CRL_REASONS_INCOMPLETE",
            Self::CrlSignerNotValidated => "CRL_SIGNER_NOT_VALIDATED",
            Self::OcspResponseStatus => "OCSP_RESPONSE_STATUS",
            Self::OcspNotBasic => "OCSP_NOT_BASIC",
            Self::OcspMalformed => "OCSP_MALFORMED",
            Self::OcspIssuerMismatch => "OCSP_ISSUER_MISMATCH",
            Self::OcspResponderNotAuthorized => "OCSP_RESPONDER_NOT_AUTHORIZED",
            Self::OcspCertIdMismatch => "OCSP_CERT_ID_MISMATCH",
            Self::OcspNonceMissing => "OCSP_NONCE_MISSING",
            Self::OcspNonceMismatch => "OCSP_NONCE_MISMATCH",
            Self::OcspInvalidNonce => "OCSP_INVALID_NONCE",
            Self::OcspStale => "OCSP_STALE",
            Self::OcspNotYetValid => "OCSP_NOT_YET_VALID",
            Self::OcspUnknownCriticalExtension => "OCSP_UNKNOWN_CRITICAL_EXTENSION",
            Self::OcspStatusUnknown => "OCSP_STATUS_UNKNOWN",
            Self::Http => "HTTP",
            Self::ApduTooLong => "APDU_TOO_LONG",
            Self::MalformedCommand => "MALFORMED_COMMAND",
            Self::MalformedResponse => "MALFORMED_RESPONSE",
            Self::UnexpectedStatus => "UNEXPECTED_STATUS",
            Self::Transport => "TRANSPORT",
            Self::ApplicationNotFound => "APPLICATION_NOT_FOUND",
            Self::FileNotFound => "FILE_NOT_FOUND",
            Self::CardSessionMisuse => "CARD_SESSION_MISUSE",
            Self::SecurityStatusNotSatisfied => "SECURITY_STATUS_NOT_SATISFIED",
            Self::InvalidSecret => "INVALID_SECRET",
            Self::WrongPin => "WRONG_PIN",
            Self::PinBlocked => "PIN_BLOCKED",
            Self::LastTryRefused => "LAST_TRY_REFUSED",
            Self::SimUnderAge => "SIM_UNDER_AGE",
            Self::SimNoSubstitute => "SIM_NO_SUBSTITUTE",
            Self::SimInvalidRecord => "SIM_INVALID_RECORD",
            Self::SimUnknownSerial => "SIM_UNKNOWN_SERIAL",
            Self::SimState => "SIM_STATE",
            Self::SimCrypto => "SIM_CRYPTO",
            Self::SimEncoding => "SIM_ENCODING",
            Self::InvalidChallenge => "INVALID_CHALLENGE",
            Self::ChallengeUnknown => "CHALLENGE_UNKNOWN",
            Self::ChallengeReplayed => "CHALLENGE_REPLAYED",
            Self::ChallengeExpired => "CHALLENGE_EXPIRED",
            Self::LoginSignatureInvalid => "LOGIN_SIGNATURE_INVALID",
            Self::NonceStoreFull => "NONCE_STORE_FULL",
            Self::RegistrationMismatch => "REGISTRATION_MISMATCH",
            Self::NonceStoreUnavailable => "NONCE_STORE_UNAVAILABLE",
        }
    }

    /// What the kind means, in one English sentence (the table above): the
    /// text bindings show for a code.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Decode => "Not valid DER for the structure expected.",
            Self::Pem => "A PEM document could not be read.",
            Self::NoPemBlock => "No PEM block with the expected label.",
            Self::InvalidDate => "A date given as text is not YYYY-MM-DD.",
            Self::InvalidTime => "A time given as text is not RFC 3339.",
            Self::InvalidSerial => "A serial given as text is not decimal or 0x hex.",
            Self::InvalidOid => "An OID given as text is not dotted decimal.",
            Self::PemUnsupported => "A PEM block is encrypted (RFC 1421), which is not supported.",
            Self::DuplicateExtension => "An extension occurs twice.",
            Self::WrongOtherNameTag => "A 4 basic info otherName is not a UTF8String.",
            Self::DuplicateOtherName => "A 4 basic info otherName occurs twice.",
            Self::MissingPersonalField => "Some but not all of the 4 basic info are present.",
            Self::InvalidSubstitutePositions => "A substitute-position string is malformed.",
            Self::UnknownEra => "The birth date's era code is unknown.",
            Self::InvalidBirthDate => "The birth date is not an era code and a real date.",
            Self::EraMismatch => "The era code contradicts the date.",
            Self::InvalidSex => "The sex code is not 1, 2 or 3.",
            Self::CertificateExpired => "A certificate of the path has expired.",
            Self::CertificateNotYetValid => "A certificate of the path is not yet valid.",
            Self::IssuerNotFound => "No trusted issuer is designated by the authority key id.",
            Self::CertificateSignatureInvalid => {
                "A certificate's signature does not verify with its issuer's key."
            }
            Self::SignatureAlgorithmMismatch => "The inner and outer signature algorithms differ.",
            Self::LegacyCertificateSignature => {
                "A certificate is signed with SHA-1 and legacy is not allowed."
            }
            Self::NotCa => "An issuer is not a CA.",
            Self::PathLenExceeded => "A pathLenConstraint is exceeded.",
            Self::EndEntityIsCa => "The end entity is a CA.",
            Self::UnknownCriticalExtension => "A critical extension is not processed.",
            Self::PathTooLong => "No path within the maximum depth.",
            Self::BudgetExhausted => "Path building exceeded its work budget.",
            Self::KeyUsageLacks => "A keyUsage lacks what the use needs.",
            Self::PolicyNotAccepted => "The end entity asserts none of the accepted policies.",
            Self::WrongCertificateKind => "The certificate is not of the kind the use needs.",
            Self::NoTrustAnchors => "A verifier was built without trust anchors.",
            Self::ProfileViolation => "A certificate breaks a rule of RFC 5280.",
            Self::NoValidPolicy => "No valid policy where an explicit one is required.",
            Self::NameConstraintViolated => "A name violates the name constraints of the path.",
            Self::UnsupportedAlgorithm => "An algorithm this library does not accept.",
            Self::UnsupportedKey => "A public key that is not a usable RSA or P-256/P-384 EC key.",
            Self::BadSignature => "A signature does not verify.",
            Self::LegacyAlgorithmNotAllowed => "SHA-1 where legacy is not allowed.",
            Self::InvalidDigest => "A digest has the wrong length.",
            Self::CmsNotSignedData => "The ContentInfo does not hold SignedData.",
            Self::CmsAttribute => "A signed attribute is malformed.",
            Self::CmsMissingAttribute => "A required signed attribute is missing.",
            Self::CmsSignerCount => "Not exactly one signer.",
            Self::CmsNoContent => "A detached signature and no content.",
            Self::CmsContentConflict => "The content given differs from the encapsulated one.",
            Self::CmsContentTypeMismatch => "The signed contentType differs from eContentType.",
            Self::CmsDigestMismatch => "The content is not what was signed.",
            Self::CmsSignerNotFound => "The signer's certificate is nowhere.",
            Self::CmsSigningCertificateMismatch => "The ESS reference names another certificate.",
            Self::CmsSignatureNotBySigner => {
                "A signature to complete a CMS is not by the signer's key."
            }
            Self::NoPersonalInfo => "The signer's certificate carries no 4 basic info.",
            Self::PersonalInfoMismatch => "The 4 basic info differ from the application.",
            Self::CertificateRevoked => "A certificate of the path is revoked.",
            Self::RevocationUnavailable => "No revocation source answered (hard fail).",
            Self::CrlMalformed => "A CRL is malformed.",
            Self::CrlEntry => "A CRL entry is malformed.",
            Self::CrlUnknownCriticalExtension => {
                "A CRL has a critical extension that is not processed."
            }
            Self::UnsupportedCrlVersion => "A CRL version other than v1 or v2.",
            Self::CrlV1WithExtensions => "A v1 CRL carries extensions.",
            Self::CrlSignatureAlgorithmMismatch => "The CRL's inner and outer algorithms differ.",
            Self::CrlIssuerMismatch => "The CRL is issued by another name.",
            Self::CrlKeyIdMismatch => "The CRL names another authority key.",
            Self::CrlTooLarge => "A CRL exceeds a size limit.",
            Self::CrlNotCurrent => "The covering CRL is not current.",
            Self::CrlNumberMissing => "A CRL lacks the cRLNumber RFC 5280 requires.",
            Self::CrlNumberCritical => "A CRL marks cRLNumber critical.",
            Self::DeltaCrlMissing => "A delta CRL may exist and no current one was supplied.",
            Self::DeltaCrlBaseMismatch => "A current delta CRL does not apply to the CRL held.",
            Self::CrlReasonsIncomplete => "The covering CRLs do not cover every reason.",
            Self::CrlSignerNotValidated => "A CRL signer does not validate to the anchor.",
            Self::OcspResponseStatus => "The responder answered other than successful.",
            Self::OcspNotBasic => "Not a basic OCSP response.",
            Self::OcspMalformed => "An OCSP message breaks RFC 6960.",
            Self::OcspIssuerMismatch => "The OCSP request names another issuer.",
            Self::OcspResponderNotAuthorized => {
                "The OCSP responder may not answer for the certificate."
            }
            Self::OcspCertIdMismatch => "Not exactly one answer for the certificate.",
            Self::OcspNonceMissing => "The response does not echo the nonce.",
            Self::OcspNonceMismatch => "The response's nonce differs.",
            Self::OcspInvalidNonce => "A nonce of the wrong length.",
            Self::OcspStale => "The OCSP response is stale.",
            Self::OcspNotYetValid => "The OCSP response is from the future.",
            Self::OcspUnknownCriticalExtension => "An OCSP critical extension is not understood.",
            Self::OcspStatusUnknown => "The responder answered unknown.",
            Self::Http => "OCSP over HTTP failed.",
            Self::ApduTooLong => "An APDU field exceeds the short-APDU limits.",
            Self::MalformedCommand => "Bytes are not a valid command APDU.",
            Self::MalformedResponse => "The card's answer is malformed.",
            Self::UnexpectedStatus => "The card answered an unexpected status word.",
            Self::Transport => "The transport failed.",
            Self::ApplicationNotFound => "The card has no JPKI (or text) application.",
            Self::FileNotFound => "A file is not on the card.",
            Self::CardSessionMisuse => "A card session was used out of order.",
            Self::SecurityStatusNotSatisfied => "A secret must be verified first.",
            Self::InvalidSecret => "A secret fails validation; nothing was sent.",
            Self::WrongPin => "A wrong secret; tries remain.",
            Self::PinBlocked => "The secret is blocked.",
            Self::LastTryRefused => "The last try was refused without allow_last_try.",
            Self::SimUnderAge => "No signing certificate under 15.",
            Self::SimNoSubstitute => "A register character has no substitute.",
            Self::SimInvalidRecord => "A register record field is invalid.",
            Self::SimUnknownSerial => "No certificate with this serial was issued.",
            Self::SimState => "The simulator's state is unusable.",
            Self::SimCrypto => "A simulator cryptographic operation failed.",
            Self::SimEncoding => "The simulator could not encode a structure.",
            Self::InvalidChallenge => "A login challenge is malformed or unusable.",
            Self::ChallengeUnknown => {
                "A login response answers a challenge the relying party does not hold."
            }
            Self::ChallengeReplayed => "A login challenge was already used.",
            Self::ChallengeExpired => "A login response came after its challenge expired.",
            Self::LoginSignatureInvalid => {
                "A login signature does not verify over the relying party's challenge."
            }
            Self::NonceStoreFull => "The nonce store holds as many challenges as it may.",
            Self::RegistrationMismatch => {
                "A registration's signed application does not answer its challenge."
            }
            Self::NonceStoreUnavailable => "A nonce store could not be consulted or updated.",
        }
    }

    /// The area, from the hundreds of the code: `Input and encoding`,
    /// `Certificate contents`, `Path validation`, `Signatures and CMS`, `The 4
    /// basic info`, `Revocation and CRLs`, `OCSP`, `Card and transport`, `PINs and
    /// secrets`, `Simulator`, `Login`.
    pub const fn area(self) -> &'static str {
        match self.code() / 100 {
            1 => "Input and encoding",
            2 => "Certificate contents",
            3 => "Path validation",
            4 => "Signatures and CMS",
            5 => "The 4 basic info",
            6 => "Revocation and CRLs",
            7 => "OCSP",
            8 => "Card and transport",
            9 => "PINs and secrets",
            10 => "Simulator",
            11 => "Login",
            _ => "Other",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Displays bytes as lowercase hex.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    Hex(bytes).to_string()
}

/// Displays a list of causes joined by `; `.
struct Causes<'a>(&'a [Error]);

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no CRL or OCSP response covering it was supplied");
        }
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl Error {
    pub(crate) fn decode(what: &'static str) -> impl FnOnce(der::Error) -> Self {
        move |e| Self::Decode {
            what,
            source: DecodeError(e),
        }
    }
}
