//! Certificate revocation lists ([RFC 5280 §5](https://www.rfc-editor.org/rfc/rfc5280#section-5)),
//! read without copying, for CRLs of millions of entries.
//!
//! J-LIS publishes one CRL per municipality and hierarchy: the
//! issuingDistributionPoint of each names, as a directoryName, the partition that
//! the covered certificates carry as their cRLDistributionPoints
//! (`C=JP, O=JPKI, OU=JPKI for user authentication, OU=CRL Distribution Points,
//! OU=Hokkaido, CN=Sapporo-shi-Minami-ku CRLDP`), and one authority revocation list
//! per CA for CA certificates.
//!
//! * [`BorrowedCrl`] parses the header eagerly (issuer, times, CRL extensions)
//!   and leaves the entry list in the caller's buffer; [`BorrowedCrl::entries`]
//!   walks it lazily, [`BorrowedCrl::find`] scans it for one serial.
//! * [`BorrowedCrl::index`] checks every entry in one pass and builds a
//!   [`CrlIndex`] of entry offsets in serial order with a bucket directory: a
//!   lookup reads a few keys and compares serial bytes in the original buffer.
//!   No entry is ever copied or allocated.
//! * [`BorrowedCrl::verify_signature`] checks the issuer (name, and key
//!   identifier: several J-LIS CA generations share one DN) and the signature
//!   over the original tbsCertList bytes.
//! * [`load_verified`] does both at once, hashing on one thread while indexing on
//!   another where threads exist; [`load_verified_reader`] does it while reading
//!   the CRL from a reader (a file), overlapping the read with the work.
//! * [`BorrowedCrl::covers`] says whether a CRL's scope includes a certificate.
//! * [`OwnedCrl`] and [`OwnedCrlIndex`] own their bytes, for callers that keep a
//!   CRL around.
//!
//! Parsing is strict DER throughout (definite, shortest-form lengths, no
//! high tag numbers, no trailing data, no DEFAULT values written out). A critical
//! extension that is not processed, in the CRL or in any entry, makes the CRL
//! unusable. Delta CRLs are parsed and reported ([`BorrowedCrl::is_delta`]);
//! the [`Verifier`](crate::Verifier) applies them with their base, as it does
//! onlySomeReasons ([`ReasonFlags`]), indirect CRLs
//! ([`BorrowedCrl::find_for`]) and CRLs signed by a CA's rolled-over key.
//! Negative serials in entries are read and match no certificate. Whether a
//! CRL is fresh enough is the caller's policy;
//! [`BorrowedCrl::is_current_at`] gives the RFC reading.
//!
//! ```
//! use jpki::Certificate;
//! use jpki::revocation::crl::{CrlLimits, load_verified};
//!
//! /// `der`: the CRL as fetched; `ca`: the CA certificate that signed it.
//! /// `None` when this CRL says nothing about `cert`.
//! fn revoked(der: &[u8], ca: &Certificate, cert: &Certificate) -> Result<Option<bool>, jpki::Error> {
//!     let index = load_verified(der, ca, &CrlLimits::default())?;
//!     if !index.crl().covers(cert) {
//!         // Another municipality's partition, or another CA generation.
//!         return Ok(None);
//!     }
//!     Ok(Some(match index.lookup(cert.serial()) {
//!         Some(entry) => {
//!             println!("revoked at {} ({:?})", entry.revocation_date, entry.reason);
//!             true
//!         }
//!         None => false,
//!     }))
//! }
//! ```

mod entry;
mod extensions;
mod index;
mod read;
mod tlv;

use core::fmt;
use core::ops::Range;
use std::borrow::Cow;

use const_oid::ObjectIdentifier;
use der::Decode;

use self::index::Table;
use self::tlv::Fault;
use crate::Certificate;
use crate::Serial;
use crate::Time;
use crate::cert::{DistinguishedName, DistributionPoint, ExtensionInfo, GeneralName, ReasonFlags};
use crate::crypto::{self, SignatureScheme};
use crate::error::Error;
use crate::oid::Oid;

pub use entry::{Entries, RevokedEntry};
pub use extensions::IssuingDistributionPoint;
pub use read::load_verified_reader;

/// Limits applied while reading a CRL, so that a hostile or broken file cannot
/// take unbounded memory or time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CrlLimits {
    /// The largest CRL accepted, in bytes (default 4 GiB).
    pub max_bytes: u64,
    /// The most entries read (default 100 million).
    pub max_entries: usize,
}

impl CrlLimits {
    /// The same limits with another largest size, in bytes.
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The same limits with another most entries.
    pub fn with_max_entries(mut self, max_entries: usize) -> Self {
        self.max_entries = max_entries;
        self
    }
}

impl Default for CrlLimits {
    fn default() -> Self {
        Self {
            max_bytes: 4 << 30,
            max_entries: 100_000_000,
        }
    }
}

/// What is parsed eagerly: ranges into the DER, and the decoded header.
#[derive(Clone, Debug)]
struct Header {
    limits: CrlLimits,
    tbs: Range<usize>,
    /// The outer signatureAlgorithm, tag and length included.
    algorithm: Range<usize>,
    /// The signature octets (after the BIT STRING's unused-bits octet).
    signature: Range<usize>,
    /// The content of revokedCertificates (empty when absent).
    entries: Range<usize>,
    version: u8,
    issuer: DistinguishedName,
    this_update: Time,
    next_update: Option<Time>,
    ext: extensions::Decoded,
}

/// A CRL borrowing its DER: the header is parsed, the entries are read on demand.
///
/// ```text
/// CertificateList  ::=  SEQUENCE  {
///      tbsCertList          TBSCertList,
///      signatureAlgorithm   AlgorithmIdentifier,
///      signatureValue       BIT STRING  }
///
/// TBSCertList  ::=  SEQUENCE  {
///      version                 Version OPTIONAL, -- if present, MUST be v2
///      signature               AlgorithmIdentifier,
///      issuer                  Name,
///      thisUpdate              Time,
///      nextUpdate              Time OPTIONAL,
///      revokedCertificates     SEQUENCE OF SEQUENCE  { … }  OPTIONAL,
///      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
/// ```
/// ([RFC 5280 §5.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.1))
#[derive(Clone)]
pub struct BorrowedCrl<'a> {
    der: &'a [u8],
    header: Cow<'a, Header>,
}

impl fmt::Debug for BorrowedCrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BorrowedCrl")
            .field("issuer", &self.header.issuer.to_string())
            .field("version", &self.header.version)
            .field("this_update", &self.header.this_update)
            .field("next_update", &self.header.next_update)
            .field("crl_number", &self.header.ext.crl_number)
            .field("bytes", &self.der.len())
            .finish_non_exhaustive()
    }
}

impl<'a> BorrowedCrl<'a> {
    /// Parses the header of a DER CRL under the default [`CrlLimits`].
    ///
    /// # Errors
    ///
    /// Those of [`BorrowedCrl::with_limits`].
    pub fn from_der(der: &'a [u8]) -> Result<Self, Error> {
        Self::with_limits(der, &CrlLimits::default())
    }

    /// Parses the header of a DER CRL under `limits`. The entries are checked
    /// when read ([`BorrowedCrl::entries`], [`BorrowedCrl::index`]).
    ///
    /// A borrowed CRL is a view of the caller's bytes, so it reads DER only:
    /// PEM (`-----BEGIN X509 CRL-----`) is refused with [`Error::Pem`] saying
    /// so. Decode it first with [`pem_to_der`], or use [`OwnedCrl`],
    /// [`load_verified_reader`] or [`Verifier::add_crl`](crate::Verifier::add_crl),
    /// which take PEM as well.
    ///
    /// # Errors
    ///
    /// [`Error::Pem`] for PEM input, [`Error::CrlTooLarge`] beyond
    /// `limits.max_bytes`, and the errors of a malformed header
    /// ([`Error::CrlMalformed`] and others).
    pub fn with_limits(der: &'a [u8], limits: &CrlLimits) -> Result<Self, Error> {
        if crate::pem::looks_like_pem(der) {
            return Err(Error::Pem {
                reason: "this CRL is PEM, and a borrowed CRL reads DER only: decode it with \
                         pem_to_der, or use OwnedCrl, load_verified_reader or \
                         Verifier::add_crl, which read PEM"
                    .into(),
            });
        }
        Ok(Self {
            der,
            header: Cow::Owned(parse_header(der, limits)?),
        })
    }

    /// The CRL exactly as given.
    pub fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The original tbsCertList bytes: what the signature covers.
    pub fn tbs_der(&self) -> &'a [u8] {
        self.range(&self.header.tbs)
    }

    /// The signature octets.
    pub fn signature(&self) -> &'a [u8] {
        self.range(&self.header.signature)
    }

    /// The signature scheme named by signatureAlgorithm.
    pub fn signature_scheme(&self) -> Result<SignatureScheme, Error> {
        let bad = |what| Error::CrlMalformed {
            what,
            offset: self.header.algorithm.start,
        };
        let alg = self.range(&self.header.algorithm);
        let (body, _) = tlv::expect(alg, tlv::SEQUENCE, "bad signatureAlgorithm").map_err(bad)?;
        let (oid, params) =
            tlv::expect(body, tlv::OID, "signatureAlgorithm without an OID").map_err(bad)?;
        let oid = Oid(ObjectIdentifier::from_bytes(oid).map_err(|_| bad("malformed OID"))?);
        let params = if params.is_empty() {
            None
        } else {
            let (_, _, whole, rest) = tlv::read_whole(params).map_err(bad)?;
            if !rest.is_empty() {
                return Err(bad("data after the algorithm parameters"));
            }
            Some(whole)
        };
        SignatureScheme::from_algorithm(&oid, params, None)
    }

    /// The version: 1 (no version field) or 2.
    pub fn version(&self) -> u8 {
        self.header.version
    }

    /// The issuer name.
    pub fn issuer(&self) -> &DistinguishedName {
        &self.header.issuer
    }

    /// thisUpdate: when the CRL was issued.
    pub fn this_update(&self) -> Time {
        self.header.this_update
    }

    /// nextUpdate: by when the next CRL will be issued.
    pub fn next_update(&self) -> Option<Time> {
        self.header.next_update
    }

    /// Whether `at` lies within thisUpdate..=nextUpdate. A CRL without nextUpdate
    /// is never current (fail closed); how stale a CRL may be is otherwise the
    /// caller's policy.
    pub fn is_current_at(&self, at: Time) -> bool {
        self.header
            .next_update
            .is_some_and(|next| self.header.this_update <= at && at <= next)
    }

    /// The cRLNumber extension.
    pub fn crl_number(&self) -> Option<Serial> {
        self.header.ext.crl_number.clone()
    }

    /// The keyIdentifier of the authorityKeyIdentifier extension: the
    /// subjectKeyIdentifier of the CA that signed the CRL.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.header.ext.authority_key_id.as_deref()
    }

    /// The issuingDistributionPoint extension: the CRL's scope.
    pub fn issuing_distribution_point(&self) -> Option<&IssuingDistributionPoint> {
        self.header.ext.idp.as_ref()
    }

    /// Whether this is a delta CRL (deltaCRLIndicator present). A delta never
    /// [covers](BorrowedCrl::covers) a certificate on its own; the
    /// [`Verifier`](crate::Verifier) applies it on top of its base.
    pub fn is_delta(&self) -> bool {
        self.header.ext.delta_base.is_some()
    }

    /// The BaseCRLNumber of a delta CRL.
    pub fn delta_base(&self) -> Option<Serial> {
        self.header.ext.delta_base.clone()
    }

    /// Every CRL extension with its criticality, in CRL order.
    pub fn extensions(&self) -> &[ExtensionInfo] {
        &self.header.ext.list
    }

    /// Checks that `issuer` issued this CRL and that the signature over
    /// [`BorrowedCrl::tbs_der`] verifies with its key.
    ///
    /// `issuer`'s subject must equal the CRL's issuer name; when the CRL carries
    /// an authorityKeyIdentifier key id, `issuer`'s subjectKeyIdentifier must
    /// equal it (J-LIS CA generations share one DN); when `issuer` has keyUsage,
    /// it must allow cRLSign. SHA-1 signatures are refused
    /// ([`BorrowedCrl::verify_signature_with`] allows them for legacy use).
    pub fn verify_signature(&self, issuer: &Certificate) -> Result<(), Error> {
        self.verify_signature_with(issuer, false)
    }

    /// As [`BorrowedCrl::verify_signature`], accepting SHA-1 signatures when
    /// `allow_legacy_sha1` (住基カード era CRLs).
    pub fn verify_signature_with(
        &self,
        issuer: &Certificate,
        allow_legacy_sha1: bool,
    ) -> Result<(), Error> {
        let scheme = self.check_issuer(issuer, allow_legacy_sha1)?;
        self.verify_with(issuer, scheme)
    }

    /// Everything [`BorrowedCrl::verify_signature`] checks but the signature.
    fn check_issuer(
        &self,
        issuer: &Certificate,
        allow_legacy_sha1: bool,
    ) -> Result<SignatureScheme, Error> {
        if !issuer.subject().matches(self.issuer()) {
            return Err(Error::CrlIssuerMismatch {
                crl_issuer: self.issuer().to_string(),
                subject: issuer.subject().to_string(),
            });
        }
        if let Some(key_id) = self.authority_key_id()
            && issuer.subject_key_id() != Some(key_id)
        {
            return Err(Error::CrlKeyIdMismatch {
                crl_key_id: key_id.to_vec(),
                subject_key_id: issuer.subject_key_id().map(<[u8]>::to_vec),
            });
        }
        if issuer.key_usage().is_some_and(|ku| !ku.crl_sign) {
            return Err(Error::KeyUsageLacks {
                serial: issuer.serial().clone(),
                usage: "cRLSign",
            });
        }
        let scheme = self.signature_scheme()?;
        if scheme.is_legacy() && !allow_legacy_sha1 {
            return Err(Error::LegacyAlgorithmNotAllowed {
                what: "CRL signature",
            });
        }
        Ok(scheme)
    }

    fn verify_with(&self, issuer: &Certificate, scheme: SignatureScheme) -> Result<(), Error> {
        crypto::verify(
            issuer.public_key_der(),
            scheme,
            self.tbs_der(),
            self.signature(),
            "CRL",
        )
    }

    /// The revoked certificates, read and checked lazily in CRL order.
    pub fn entries(&self) -> Entries<'a> {
        Entries {
            rest: self.range(&self.header.entries),
            index: 0,
            max_entries: self.header.limits.max_entries,
            mode: self.entry_mode(),
            done: false,
        }
    }

    /// The entry for `serial`, by a linear scan that stops at the match. Every
    /// entry before it is checked; an error before the match is returned.
    ///
    /// The serial alone is compared: in an indirect CRL, [`BorrowedCrl::find_for`]
    /// also tells apart the certificate issuers of the entries.
    pub fn find(&self, serial: &Serial) -> Result<Option<RevokedEntry<'a>>, Error> {
        let wanted = serial.as_bytes();
        for entry in self.entries() {
            let entry = entry?;
            if !entry.negative && entry.serial == wanted {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }

    /// The entry for `cert`, by a linear scan. In an indirect CRL an entry
    /// concerns the certificate issuer named by the last certificateIssuer
    /// entry extension at or before it (the CRL issuer before the first one),
    /// and matches only a certificate of that issuer; in any other CRL this is
    /// [`BorrowedCrl::find`] of `cert`'s serial. Whether the CRL's scope includes
    /// `cert` at all is not checked here.
    pub fn find_for(&self, cert: &Certificate) -> Result<Option<RevokedEntry<'a>>, Error> {
        if !self.is_indirect() {
            return self.find(cert.serial());
        }
        let wanted = cert.serial().as_bytes();
        let mut of_cert_issuer = self.issuer().matches(cert.issuer());
        for entry in self.entries() {
            let entry = entry?;
            if let Some(names) = entry.certificate_issuer_names()? {
                of_cert_issuer = names.iter().any(
                    |n| matches!(n, GeneralName::DirectoryName(d) if d.matches(cert.issuer())),
                );
            }
            if of_cert_issuer && !entry.negative && entry.serial == wanted {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }

    /// How the entries are read.
    fn entry_mode(&self) -> entry::Mode {
        entry::Mode {
            v1: self.header.version == 1,
            indirect: self.is_indirect(),
        }
    }

    /// Whether this is an indirect CRL (issuingDistributionPoint indirectCRL):
    /// its entries may concern certificates of other issuers, named by
    /// certificateIssuer entry extensions.
    pub fn is_indirect(&self) -> bool {
        self.header.ext.idp.as_ref().is_some_and(|i| i.indirect_crl)
    }

    /// Whether the CRL carries freshestCRL: delta CRLs may be issued for it,
    /// and a verifier then wants a current one before it says "good".
    pub fn has_freshest_crl(&self) -> bool {
        self.header.ext.freshest
    }

    /// The reasons this CRL lists: onlySomeReasons, or every reason.
    pub fn reasons(&self) -> ReasonFlags {
        self.header
            .ext
            .idp
            .as_ref()
            .and_then(|i| i.reasons)
            .unwrap_or(ReasonFlags::ALL)
    }

    /// The reasons for which this CRL (complete or delta) speaks for `cert`,
    /// by its scope alone ([RFC 5280 §6.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3)
    /// (b) and (d)), or `None` when `cert` is outside it. Who signed the CRL
    /// (the certificate's issuer key, a rolled-over key of the same name, or
    /// an indirect CRL's issuer) is for the caller to check.
    ///
    /// Each of `cert`'s cRLDistributionPoints (or none, when it has none) is
    /// tried: one with a cRLIssuer needs an indirect CRL of that issuer, one
    /// without needs the certificate's issuer; when the issuingDistributionPoint
    /// names a distribution point, one of its names must equal one of the DP's
    /// (its fullName or nameRelativeToCRLIssuer, or its cRLIssuer when it has
    /// no name). The reasons are those of the matching points (a point's
    /// reasons, or every reason) that the CRL lists (onlySomeReasons, or every
    /// reason): possibly none, when the CRL then can still revoke but never
    /// covers. Attribute certificate CRLs cover nothing.
    pub(crate) fn scope_reasons(&self, cert: &Certificate) -> Option<ReasonFlags> {
        let idp = self.issuing_distribution_point();
        if let Some(idp) = idp
            && (idp.only_attribute_certs
                || (idp.only_user_certs && cert.is_ca())
                || (idp.only_ca_certs && !cert.is_ca()))
        {
            return None;
        }
        let indirect = self.is_indirect();
        let crl_issuer = GeneralName::DirectoryName(self.issuer().clone());
        let idp_names = match idp {
            None => Vec::new(),
            // Appended to the CRL issuer's name (RFC 5280 §5.2.5); a fragment
            // that cannot be placed names nothing this CRL covers.
            Some(i) => match &i.relative_name {
                Some(rdn) => vec![GeneralName::DirectoryName(
                    self.issuer().with_rdn(rdn).ok()?,
                )],
                None => i.full_name.clone(),
            },
        };
        let named = |names: &[GeneralName]| {
            names
                .iter()
                .any(|n| idp_names.iter().any(|m| same_name(n, m)))
        };
        let one = |dp: Option<&DistributionPoint>| {
            let crl_issuers = dp.map(|d| d.crl_issuer.as_slice()).unwrap_or_default();
            let issuer_ok = if crl_issuers.is_empty() {
                self.issuer().matches(cert.issuer())
            } else {
                indirect && crl_issuers.iter().any(|n| same_name(n, &crl_issuer))
            };
            let name_ok = idp_names.is_empty()
                || dp.is_some_and(|d| {
                    if d.full_name.is_empty() && d.relative_name.is_none() {
                        named(&d.crl_issuer)
                    } else {
                        named(&d.names(cert.issuer()))
                    }
                });
            issuer_ok && name_ok
        };
        let dps = cert.crl_distribution_points();
        let points = if dps.is_empty() {
            one(None).then_some(ReasonFlags::ALL)
        } else {
            dps.iter()
                .filter(|dp| one(Some(dp)))
                .map(DistributionPoint::reasons)
                .reduce(ReasonFlags::union)
        };
        points.map(|r| r.intersection(self.reasons()))
    }

    /// Checks every entry in one pass and indexes them by serial. Any malformed
    /// entry, an entry with a critical extension that is not processed, or a
    /// serial listed twice makes the CRL unusable.
    pub fn index(&self) -> Result<CrlIndex<'a>, Error> {
        let (table, len) = Table::build(self.der, self.header.entries.start, self.entries())?;
        Ok(CrlIndex {
            crl: self.clone(),
            table: Cow::Owned(table),
            len,
        })
    }

    /// Whether this CRL alone answers for `cert` for every reason ([RFC 5280 §6.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-6.3.3) (b) and (d)):
    ///
    /// * the CRL's issuer name equals `cert`'s issuer name (RFC 5280 §7.1
    ///   comparison), and when both carry an authority key id, they are equal
    ///   (a CRL of one J-LIS CA generation says nothing about another's
    ///   certificates);
    /// * with an issuingDistributionPoint: its name, if any (fullName, or a
    ///   nameRelativeToCRLIssuer placed under the CRL issuer), equals one of the
    ///   names of one of `cert`'s cRLDistributionPoints (or the DP's cRLIssuer
    ///   when it has no name); onlyContainsUserCerts excludes CA certificates
    ///   and onlyContainsCACerts end entities;
    /// * the reasons of the matching distribution points that the CRL lists
    ///   are every reason;
    /// * without an issuingDistributionPoint: a full CRL, covering every
    ///   certificate of the issuer (for the reasons of its points).
    ///
    /// Fail closed: a delta CRL, an indirect CRL, one limited to some reasons
    /// (by onlySomeReasons or by the certificate's points) or to attribute
    /// certificates covers nothing here, since a caller reading "not listed" as
    /// "good" would be wrong about them. The [`Verifier`](crate::Verifier)
    /// handles all of these (deltas on top of their base, reasons that must add
    /// up to every reason, indirect CRLs whose issuer it validates).
    pub fn covers(&self, cert: &Certificate) -> bool {
        if !cert.issuer().matches(self.issuer()) || self.is_delta() || self.is_indirect() {
            return false;
        }
        let cert_key_id = cert.authority_key_id().and_then(|a| a.key_id.as_deref());
        if let (Some(crl), Some(cert)) = (self.authority_key_id(), cert_key_id)
            && crl != cert
        {
            return false;
        }
        self.scope_reasons(cert).is_some_and(ReasonFlags::is_all)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> OwnedCrl {
        OwnedCrl {
            der: self.der.to_vec(),
            header: self.header.clone().into_owned(),
        }
    }

    fn range(&self, r: &Range<usize>) -> &'a [u8] {
        self.der.get(r.clone()).unwrap_or_default()
    }
}

/// Equal general names; directoryNames compare by the rules of RFC 5280 §7.1
/// ([`DistinguishedName::matches`]).
fn same_name(a: &GeneralName, b: &GeneralName) -> bool {
    match (a, b) {
        (GeneralName::DirectoryName(x), GeneralName::DirectoryName(y)) => x.matches(y),
        _ => a == b,
    }
}

/// The byte offset of `part` (a sub-slice of `whole`) in `whole`.
fn offset_of(whole: &[u8], part: &[u8]) -> usize {
    part.as_ptr()
        .addr()
        .saturating_sub(whole.as_ptr().addr())
        .min(whole.len())
}

/// Reads the next TLV of `input`, or `None` at its end.
fn peek(input: &[u8]) -> Result<Option<tlv::Parts<'_>>, Fault> {
    if input.is_empty() {
        Ok(None)
    } else {
        tlv::read(input).map(Some)
    }
}

fn parse_header(der: &[u8], limits: &CrlLimits) -> Result<Header, Error> {
    if u64::try_from(der.len()).map_or(true, |len| len > limits.max_bytes) {
        return Err(Error::CrlTooLarge {
            limit: limits.max_bytes,
            unit: "bytes",
        });
    }
    let at = |what: Fault, part: &[u8]| Error::CrlMalformed {
        what,
        offset: offset_of(der, part),
    };
    let range = |part: &[u8]| {
        let start = offset_of(der, part);
        start..start + part.len()
    };

    let (tag, body, after) = tlv::read(der).map_err(|f| at(f, der))?;
    if tag != tlv::SEQUENCE {
        return Err(at("not a SEQUENCE", der));
    }
    if !after.is_empty() {
        return Err(at("trailing data after the CRL", after));
    }
    let (tag, tbs_body, tbs, rest) = tlv::read_whole(body).map_err(|f| at(f, body))?;
    if tag != tlv::SEQUENCE {
        return Err(at("tbsCertList is not a SEQUENCE", body));
    }
    let (tag, _, algorithm, rest2) = tlv::read_whole(rest).map_err(|f| at(f, rest))?;
    if tag != tlv::SEQUENCE {
        return Err(at("signatureAlgorithm is not a SEQUENCE", rest));
    }
    let (bits, rest3) = tlv::expect(rest2, tlv::BIT_STRING, "signatureValue is not a BIT STRING")
        .map_err(|f| at(f, rest2))?;
    if !rest3.is_empty() {
        return Err(at("data after signatureValue", rest3));
    }
    let [0, signature @ ..] = bits else {
        return Err(at("signatureValue has unused bits", bits));
    };

    // tbsCertList.
    let mut r = tbs_body;
    let mut version = 1;
    if let Some((tlv::INTEGER, v, rest)) = peek(r).map_err(|f| at(f, r))? {
        let v = tlv::small_unsigned(v).map_err(|f| at(f, r))?;
        if v != 1 {
            return Err(Error::UnsupportedCrlVersion { version: v });
        }
        version = 2;
        r = rest;
    }
    let (tag, _, inner_algorithm, rest) = tlv::read_whole(r).map_err(|f| at(f, r))?;
    if tag != tlv::SEQUENCE {
        return Err(at("signature is not an AlgorithmIdentifier", r));
    }
    if inner_algorithm != algorithm {
        return Err(Error::CrlSignatureAlgorithmMismatch);
    }
    r = rest;
    let (tag, _, issuer, rest) = tlv::read_whole(r).map_err(|f| at(f, r))?;
    if tag != tlv::SEQUENCE {
        return Err(at("issuer is not a Name", r));
    }
    let issuer = DistinguishedName::from_x509(
        &x509_cert::name::Name::from_der(issuer).map_err(Error::decode("CRL issuer"))?,
    )?;
    r = rest;
    let (tag, value, rest) = tlv::read(r).map_err(|f| at(f, r))?;
    let this_update = tlv::time(tag, value).map_err(|f| at(f, r))?;
    r = rest;
    let mut next_update = None;
    if let Some((tag @ (tlv::UTC_TIME | tlv::GENERALIZED_TIME), value, rest)) =
        peek(r).map_err(|f| at(f, r))?
    {
        next_update = Some(tlv::time(tag, value).map_err(|f| at(f, r))?);
        r = rest;
    }
    let mut entries = offset_of(der, r)..offset_of(der, r);
    if let Some((tlv::SEQUENCE, list, rest)) = peek(r).map_err(|f| at(f, r))? {
        entries = range(list);
        r = rest;
    }
    let mut ext = extensions::Decoded::default();
    if let Some((0xa0, explicit, rest)) = peek(r).map_err(|f| at(f, r))? {
        let (list, after) = tlv::expect(explicit, tlv::SEQUENCE, "crlExtensions is not a SEQUENCE")
            .map_err(|f| at(f, explicit))?;
        if !after.is_empty() {
            return Err(at("data after crlExtensions", after));
        }
        if version == 1 {
            return Err(Error::CrlV1WithExtensions { entry: None });
        }
        ext = extensions::decode(list, |f| at(f, list))?;
        r = rest;
    }
    if !r.is_empty() {
        return Err(at("unexpected field in tbsCertList", r));
    }
    Ok(Header {
        limits: *limits,
        tbs: range(tbs),
        algorithm: range(algorithm),
        signature: range(signature),
        entries,
        version,
        issuer,
        this_update,
        next_update,
        ext,
    })
}

/// A serial index over a checked CRL: lookups in (near) constant time,
/// borrowing the CRL's bytes.
///
/// The index holds 64-bit serial keys and 32-bit entry offsets in serial order,
/// with a small bucket directory over the key range: 12.5 bytes per entry at
/// most, whatever the CRL holds. A lookup reads one directory slot, bisects the
/// few keys of one bucket, compares the serial bytes in the CRL and parses the
/// one entry found; it is never worse than a bisection of all entries.
#[derive(Clone)]
pub struct CrlIndex<'a> {
    crl: BorrowedCrl<'a>,
    table: Cow<'a, Table>,
    len: usize,
}

impl fmt::Debug for CrlIndex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CrlIndex")
            .field("crl", &self.crl)
            .field("len", &self.len)
            .field("index_bytes", &self.index_bytes())
            .finish()
    }
}

impl<'a> CrlIndex<'a> {
    /// The entry for `serial`, if the CRL lists it.
    pub fn lookup(&self, serial: &Serial) -> Option<RevokedEntry<'a>> {
        let der = self.crl.der;
        let offset = self.table.find(der, serial.as_bytes())?;
        // Every entry was checked when the index was built: this parse succeeds.
        entry::parse(der.get(offset..)?, self.crl.entry_mode())
            .ok()
            .map(|(e, _)| e)
    }

    /// The entry for `cert`: [`CrlIndex::lookup`] of its serial, or in an
    /// indirect CRL (where one serial may be listed for several certificate
    /// issuers) [`BorrowedCrl::find_for`].
    pub fn lookup_for(&self, cert: &Certificate) -> Result<Option<RevokedEntry<'a>>, Error> {
        if self.crl.is_indirect() {
            self.crl.find_for(cert)
        } else {
            Ok(self.lookup(cert.serial()))
        }
    }

    /// Whether the CRL lists `serial`.
    pub fn contains(&self, serial: &Serial) -> bool {
        self.table.find(self.crl.der, serial.as_bytes()).is_some()
    }

    /// The number of entries indexed: every entry but those with a negative
    /// serial, which match no certificate.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the CRL lists no certificate.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The CRL.
    pub fn crl(&self) -> &BorrowedCrl<'a> {
        &self.crl
    }

    /// The heap memory the index itself takes, in bytes (the CRL's bytes aside).
    pub fn index_bytes(&self) -> usize {
        self.table.heap_bytes()
    }

    /// An owned copy of the CRL and its index.
    pub fn to_owned(&self) -> OwnedCrlIndex {
        OwnedCrlIndex {
            crl: self.crl.to_owned(),
            table: self.table.clone().into_owned(),
            len: self.len,
        }
    }
}

/// A CRL that owns its DER: the owned twin of [`BorrowedCrl`].
#[derive(Clone)]
pub struct OwnedCrl {
    der: Vec<u8>,
    header: Header,
}

impl fmt::Debug for OwnedCrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OwnedCrl").field(&self.borrow()).finish()
    }
}

impl OwnedCrl {
    /// Parses the header of a CRL given as DER or PEM under the default
    /// [`CrlLimits`], keeping the bytes (see [`OwnedCrl::with_limits`]).
    ///
    /// # Errors
    ///
    /// Those of [`OwnedCrl::with_limits`].
    pub fn from_der(der: Vec<u8>) -> Result<Self, Error> {
        Self::with_limits(der, &CrlLimits::default())
    }

    /// Parses the header of a CRL under `limits`, keeping the bytes.
    ///
    /// `der` may also be PEM: the first `X509 CRL` block is decoded (base64
    /// lines of any width, see [`crate::pem`]) and its DER kept; `limits`
    /// apply to that DER.
    ///
    /// # Errors
    ///
    /// [`Error::Pem`], [`Error::PemUnsupported`] or [`Error::NoPemBlock`] for
    /// PEM that cannot be read, [`Error::CrlTooLarge`] beyond
    /// `limits.max_bytes`, and the errors of a malformed header
    /// ([`Error::CrlMalformed`] and others).
    pub fn with_limits(der: Vec<u8>, limits: &CrlLimits) -> Result<Self, Error> {
        let der = if crate::pem::looks_like_pem(&der) {
            pem_to_der(&der)?
        } else {
            der
        };
        let header = parse_header(&der, limits)?;
        Ok(Self { der, header })
    }

    /// A borrowing view (no parsing, no copy).
    pub fn borrow(&self) -> BorrowedCrl<'_> {
        BorrowedCrl {
            der: &self.der,
            header: Cow::Borrowed(&self.header),
        }
    }

    /// The CRL's DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Checks every entry and indexes them, keeping the bytes and the index
    /// together (see [`BorrowedCrl::index`]).
    pub fn into_index(self) -> Result<OwnedCrlIndex, Error> {
        let (table, len) = Table::build(
            &self.der,
            self.header.entries.start,
            self.borrow().entries(),
        )?;
        Ok(OwnedCrlIndex {
            crl: self,
            table,
            len,
        })
    }
}

/// A CRL with its serial index, owning both: the owned twin of [`CrlIndex`].
#[derive(Clone)]
pub struct OwnedCrlIndex {
    crl: OwnedCrl,
    table: Table,
    len: usize,
}

impl fmt::Debug for OwnedCrlIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OwnedCrlIndex")
            .field(&self.borrow())
            .finish()
    }
}

impl OwnedCrlIndex {
    /// A borrowing view for lookups (no copy).
    pub fn borrow(&self) -> CrlIndex<'_> {
        CrlIndex {
            crl: self.crl.borrow(),
            table: Cow::Borrowed(&self.table),
            len: self.len,
        }
    }

    /// The CRL.
    pub fn crl(&self) -> &OwnedCrl {
        &self.crl
    }
}

/// Parses `der`, checks that `issuer` issued it and that its signature verifies
/// ([`BorrowedCrl::verify_signature`]), and indexes every entry
/// ([`BorrowedCrl::index`]), in one call.
///
/// The index borrows `der`, which must therefore be DER: PEM is refused with
/// [`Error::Pem`] (see [`BorrowedCrl::with_limits`]); decode it with
/// [`pem_to_der`] first, or use [`load_verified_reader`], which reads PEM too.
///
/// Where threads exist (not on `wasm32`) and the CRL is large, the signature hash
/// over tbsCertList runs on a second thread while this one walks and indexes the
/// entries. A bad signature is reported before any fault of the entries.
pub fn load_verified<'a>(
    der: &'a [u8],
    issuer: &Certificate,
    limits: &CrlLimits,
) -> Result<CrlIndex<'a>, Error> {
    let crl = BorrowedCrl::with_limits(der, limits)?;
    let scheme = crl.check_issuer(issuer, false)?;
    let (signature, index) = both(
        || crl.verify_with(issuer, scheme),
        || crl.index(),
        crl.tbs_der().len() >= PARALLEL_FROM,
    );
    signature?;
    index
}

/// Below this size the second thread costs more than it saves.
const PARALLEL_FROM: usize = 256 * 1024;

/// Runs `a` and `b`, on two threads when `parallel` and threads exist.
#[cfg(not(target_family = "wasm"))]
fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B, parallel: bool) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let handle = s.spawn(a);
        let b = b();
        let a = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// Runs `a` then `b` (no threads on this target).
#[cfg(target_family = "wasm")]
fn both<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B, _parallel: bool) -> (A, B) {
    (a(), b())
}

/// The DER of the first `X509 CRL` block of a PEM document (base64 lines of
/// any width, see [`crate::pem`]).
///
/// # Errors
///
/// Those of [`crate::pem::decode_label`]: [`Error::NoPemBlock`] when there is
/// no `X509 CRL` block.
pub fn pem_to_der(input: &[u8]) -> Result<Vec<u8>, Error> {
    crate::pem::decode_label(input, "X509 CRL")?
        .into_iter()
        .next()
        .ok_or(Error::NoPemBlock { label: "X509 CRL" })
}
