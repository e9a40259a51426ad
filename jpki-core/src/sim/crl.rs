//! CRLs from the simulated authority: the per-municipality CRL partitions of each
//! CA generation, authority revocation lists for CA certificates, and a streaming
//! [`CrlBuilder`] that writes the DER itself (millions of entries in a few
//! hundred milliseconds, with no per-entry allocation while encoding).

use std::collections::HashSet;

use super::authority::{Authority, LinkKind, Purpose};
use super::builder::{dn_der, encoding, object_identifier};
use super::key::SimKey;
use super::profile::{OU_AUTH, OU_SIGNING};
use crate::Certificate;
use crate::Serial;
use crate::SimulatorError;
use crate::Time;
use crate::cert::ReasonFlags;
use crate::error::Error;
use crate::oid::Oid;
use crate::revocation::RevocationReason;

const OID_AKI: &[u8] = &[0x55, 0x1d, 0x23];
const OID_CRL_NUMBER: &[u8] = &[0x55, 0x1d, 0x14];
const OID_IDP: &[u8] = &[0x55, 0x1d, 0x1c];
const OID_REASON: &[u8] = &[0x55, 0x1d, 0x15];
const OID_INVALIDITY: &[u8] = &[0x55, 0x1d, 0x18];
const OID_DELTA_CRL_INDICATOR: &[u8] = &[0x55, 0x1d, 0x1b];
const OID_FRESHEST_CRL: &[u8] = &[0x55, 0x1d, 0x2e];
const OID_CERTIFICATE_ISSUER: &[u8] = &[0x55, 0x1d, 0x1d];

/// Which certificates a CRL with an issuingDistributionPoint lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CrlScope {
    /// Every kind (neither onlyContains… flag).
    All,
    /// onlyContainsUserCerts: end entities (J-LIS municipality partitions).
    UserCerts,
    /// onlyContainsCACerts: CA certificates (an authority revocation list).
    CaCerts,
}

/// One revocation to list; its serial's bytes are in the builder's arena.
#[derive(Clone, Debug)]
struct Revocation {
    /// [`serial_key`] of the serial, for sorting.
    key: u64,
    /// Where the serial's minimal bytes are in the arena.
    start: usize,
    len: usize,
    at: Time,
    reason: Option<RevocationReason>,
    invalidity: Option<Time>,
    /// The serial bytes are a negative INTEGER's content, written as they are.
    negative: bool,
}

/// The issuingDistributionPoint a builder writes.
#[derive(Clone, Debug, Default)]
struct Idp {
    /// The directoryName of distributionPoint's fullName.
    name: Option<Vec<u8>>,
    /// distributionPoint's nameRelativeToCRLIssuer (an RDN's DER).
    relative: Option<Vec<u8>>,
    scope: Option<CrlScope>,
    reasons: Option<ReasonFlags>,
    indirect: bool,
}

/// Builds and signs one CRL (sha256WithRSAEncryption), writing the DER directly.
///
/// Entries may be given in any order: they are written in ascending serial order.
/// The CRL is v2 with authorityKeyIdentifier (the issuer's subjectKeyIdentifier),
/// cRLNumber, deltaCRLIndicator (critical), issuingDistributionPoint (critical:
/// a distribution point name, an onlyContains… flag, onlySomeReasons,
/// indirectCRL) and freshestCRL when set; entries may carry certificateIssuer
/// (indirect CRLs) and negative serials (for tests of readers). Like
/// [`CertificateBuilder`](super::CertificateBuilder), it also makes deliberately
/// faulty CRLs for tests: extra CRL or entry extensions, or no version field.
#[derive(Clone, Debug)]
pub struct CrlBuilder {
    issuer: Vec<u8>,
    key_id: Option<Vec<u8>>,
    this_update: Time,
    next_update: Option<Time>,
    crl_number: Option<Serial>,
    idp: Option<Idp>,
    delta_base: Option<Serial>,
    freshest: Option<String>,
    entries: Vec<Revocation>,
    /// The serials' bytes, one after the other: sorting and writing a million
    /// entries then reads one compact buffer rather than a million allocations.
    serials: Vec<u8>,
    /// Extra extensions, with their OID's content octets.
    extensions: Vec<(Vec<u8>, bool, Vec<u8>)>,
    entry_extensions: Vec<(Serial, Vec<u8>, bool, Vec<u8>)>,
    /// An extension OID that could not be encoded: reported by `sign`.
    invalid_oid: Option<Oid>,
    v1: bool,
}

impl CrlBuilder {
    /// A CRL of `issuer` (its subject becomes the CRL issuer, its
    /// subjectKeyIdentifier the authority key id) issued at `this_update`, with
    /// no nextUpdate, number, scope or entry yet.
    pub fn new(issuer: &Certificate, this_update: Time) -> Self {
        Self {
            issuer: issuer.subject().der().to_vec(),
            key_id: issuer.subject_key_id().map(<[u8]>::to_vec),
            this_update,
            next_update: None,
            crl_number: None,
            idp: None,
            delta_base: None,
            freshest: None,
            entries: Vec::new(),
            serials: Vec::new(),
            extensions: Vec::new(),
            entry_extensions: Vec::new(),
            invalid_oid: None,
            v1: false,
        }
    }

    /// Sets nextUpdate.
    pub fn next_update(mut self, at: Time) -> Self {
        self.next_update = Some(at);
        self
    }

    /// Sets the cRLNumber extension.
    pub fn crl_number(mut self, number: Serial) -> Self {
        self.crl_number = Some(number);
        self
    }

    /// Sets a critical issuingDistributionPoint whose fullName is the directoryName
    /// `full_name_dn_der` (a Name's DER), with `scope`'s onlyContains… flag.
    pub fn issuing_distribution_point(
        mut self,
        full_name_dn_der: Vec<u8>,
        scope: CrlScope,
    ) -> Self {
        let idp = self.idp.get_or_insert_with(Idp::default);
        idp.name = Some(full_name_dn_der);
        idp.scope = Some(scope);
        self
    }

    /// Sets a critical issuingDistributionPoint whose distributionPoint is the
    /// nameRelativeToCRLIssuer `rdn_der` (a RelativeDistinguishedName's DER, a
    /// SET): the point named by the CRL issuer's name with that RDN appended.
    pub fn relative_distribution_point(mut self, rdn_der: Vec<u8>) -> Self {
        let idp = self.idp.get_or_insert_with(Idp::default);
        idp.relative = Some(rdn_der);
        idp.name = None;
        self
    }

    /// Writes `dn_der` (a Name's DER) as the CRL's issuer instead of the issuer
    /// certificate's subject: the same name in another string type, case or
    /// spacing, for tests of name comparison (RFC 5280 §7.1).
    pub fn issuer_name(mut self, dn_der: Vec<u8>) -> Self {
        self.issuer = dn_der;
        self
    }

    /// Sets a critical issuingDistributionPoint without a distributionPoint
    /// name, with `scope`'s onlyContains… flag (or adds the flag to the one set).
    pub fn scope(mut self, scope: CrlScope) -> Self {
        self.idp.get_or_insert_with(Idp::default).scope = Some(scope);
        self
    }

    /// Limits the CRL to `reasons` (issuingDistributionPoint onlySomeReasons;
    /// the extension is added when not set yet).
    pub fn only_some_reasons(mut self, reasons: ReasonFlags) -> Self {
        self.idp.get_or_insert_with(Idp::default).reasons = Some(reasons);
        self
    }

    /// Makes the CRL indirect (issuingDistributionPoint indirectCRL): its
    /// entries may concern certificates of other issuers, named with
    /// [`CrlBuilder::certificate_issuer`].
    pub fn indirect(mut self) -> Self {
        self.idp.get_or_insert_with(Idp::default).indirect = true;
        self
    }

    /// Makes the CRL a delta CRL on the complete CRL numbered `base` (a
    /// critical deltaCRLIndicator with that BaseCRLNumber).
    pub fn delta_of(mut self, base: Serial) -> Self {
        self.delta_base = Some(base);
        self
    }

    /// Adds freshestCRL (non-critical), pointing to delta CRLs at `uri`.
    pub fn freshest_crl(mut self, uri: &str) -> Self {
        self.freshest = Some(uri.to_owned());
        self
    }

    /// Adds a critical certificateIssuer entry extension naming the
    /// directoryName `issuer_dn_der` to the entry of `serial` (which must be
    /// listed): in an indirect CRL, that entry and the following ones (in
    /// serial order) concern certificates of that issuer.
    pub fn certificate_issuer(self, serial: Serial, issuer_dn_der: &[u8]) -> Self {
        let names = tlv(0x30, &tlv(0xa4, issuer_dn_der));
        let mut out = self;
        out.entry_extensions
            .push((serial, OID_CERTIFICATE_ISSUER.to_vec(), true, names));
        out
    }

    /// Lists a negative serial, given as the content octets of its INTEGER
    /// (two's complement, the top bit set), which RFC 5280 forbids but CAs have
    /// written: for tests of readers that must tolerate it.
    pub fn revoke_negative(mut self, twos_complement: &[u8], at: Time) -> Self {
        self.entries.push(Revocation {
            key: 0,
            start: self.serials.len(),
            len: twos_complement.len(),
            at,
            reason: None,
            invalidity: None,
            negative: true,
        });
        self.serials.extend_from_slice(twos_complement);
        self
    }

    /// Lists `serial`, revoked at `at`, with an optional reasonCode and
    /// invalidityDate.
    pub fn revoke(
        mut self,
        serial: Serial,
        at: Time,
        reason: Option<RevocationReason>,
        invalidity: Option<Time>,
    ) -> Self {
        self.add(serial, at, reason, invalidity);
        self
    }

    /// As [`CrlBuilder::revoke`], in place (for long lists).
    pub fn add(
        &mut self,
        serial: Serial,
        at: Time,
        reason: Option<RevocationReason>,
        invalidity: Option<Time>,
    ) {
        let bytes = serial.as_bytes();
        self.entries.push(Revocation {
            key: serial_key(bytes),
            start: self.serials.len(),
            len: bytes.len(),
            at,
            reason,
            invalidity,
            negative: false,
        });
        self.serials.extend_from_slice(bytes);
    }

    /// Lists every `(serial, revoked at, reason, invalidity date)` of `entries`.
    pub fn revoke_all(
        mut self,
        entries: impl IntoIterator<Item = (Serial, Time, Option<RevocationReason>, Option<Time>)>,
    ) -> Self {
        let entries = entries.into_iter();
        self.entries.reserve(entries.size_hint().0);
        for (serial, at, reason, invalidity) in entries {
            self.add(serial, at, reason, invalidity);
        }
        self
    }

    /// Appends a CRL extension with its DER value (the contents of extnValue),
    /// after the standard ones.
    pub fn extension(mut self, oid: Oid, critical: bool, value_der: Vec<u8>) -> Self {
        match oid_content(&oid) {
            Some(oid) => self.extensions.push((oid, critical, value_der)),
            None => self.invalid_oid = Some(oid),
        }
        self
    }

    /// Appends an entry extension to the entry of `serial` (which must be listed),
    /// after its reasonCode and invalidityDate.
    pub fn entry_extension(
        mut self,
        serial: Serial,
        oid: Oid,
        critical: bool,
        value_der: Vec<u8>,
    ) -> Self {
        match oid_content(&oid) {
            Some(oid) => self
                .entry_extensions
                .push((serial, oid, critical, value_der)),
            None => self.invalid_oid = Some(oid),
        }
        self
    }

    /// Leaves out the version field, as in a v1 CRL (which RFC 5280 allows only
    /// without extensions: a fault unless nothing else asks for them).
    pub fn version_1(mut self) -> Self {
        self.v1 = true;
        self
    }

    /// Encodes the CRL and signs it with `issuer_key` under its [default
    /// scheme](SimKey::default_scheme) (sha256WithRSAEncryption for RSA,
    /// ecdsa-with-SHA384 on P-384).
    pub fn sign(&self, issuer_key: &SimKey) -> Result<Vec<u8>, Error> {
        let scheme = issuer_key.default_scheme();
        let algorithm = der::Encode::to_der(&super::builder::algorithm_identifier(scheme)?)
            .map_err(super::builder::encoding("CRL signature algorithm"))?;
        if let Some(oid) = self.invalid_oid {
            return Err(Error::InvalidOid {
                value: oid.to_dotted(),
            });
        }
        // By the 64-bit prefix key (length, first 7 bytes), which orders like
        // the serials; ties fall back to the bytes.
        let order_of = |a: &Revocation, b: &Revocation| {
            a.key
                .cmp(&b.key)
                .then_with(|| cmp_serial(self.serial(a), self.serial(b)))
        };
        let order: std::borrow::Cow<'_, [Revocation]> =
            if self.entries.is_sorted_by(|a, b| order_of(a, b).is_le()) {
                std::borrow::Cow::Borrowed(&self.entries)
            } else {
                let mut sorted = self.entries.clone();
                sorted.sort_by(order_of);
                std::borrow::Cow::Owned(sorted)
            };

        // Everything before the entries.
        let mut head = Vec::new();
        if !self.v1 {
            head.extend([0x02, 0x01, 0x01]);
        }
        head.extend_from_slice(&algorithm);
        head.extend_from_slice(&self.issuer);
        time(&mut head, self.this_update, false)?;
        if let Some(next) = self.next_update {
            time(&mut head, next, false)?;
        }
        let extensions = self.crl_extensions()?;

        let lengths: Vec<usize> = order.iter().map(|r| self.entry_content_len(r)).collect();
        let entries_len: usize = lengths.iter().map(|l| tlv_len(*l)).sum();
        let revoked_len = if order.is_empty() {
            0
        } else {
            tlv_len(entries_len)
        };
        let tbs_content = head.len() + revoked_len + extensions.len();
        let tbs_len = tlv_len(tbs_content);
        // The tbsCertList first; the outer header once the signature's length is
        // known (an ECDSA signature's varies).
        let mut out = Vec::with_capacity(tbs_len);
        let tbs_start = out.len();
        header(&mut out, 0x30, tbs_content);
        out.extend_from_slice(&head);
        if !order.is_empty() {
            header(&mut out, 0x30, entries_len);
            for (r, len) in order.iter().zip(&lengths) {
                self.write_entry(&mut out, r, *len)?;
            }
        }
        out.extend_from_slice(&extensions);
        if out.len() - tbs_start != tbs_len {
            return Err(Error::Simulator(SimulatorError::Crypto {
                reason: "CRL encoding: tbsCertList length mismatch".into(),
            }));
        }
        let signature = issuer_key.sign(scheme, out.get(tbs_start..).unwrap_or_default())?;
        let outer_content = tbs_len + algorithm.len() + tlv_len(signature.len() + 1);
        let mut crl = Vec::with_capacity(tlv_len(outer_content));
        header(&mut crl, 0x30, outer_content);
        crl.extend_from_slice(&out);
        crl.extend_from_slice(&algorithm);
        header(&mut crl, 0x03, signature.len() + 1);
        crl.push(0);
        crl.extend_from_slice(&signature);
        Ok(crl)
    }

    /// `[0] EXPLICIT Extensions`, or nothing.
    fn crl_extensions(&self) -> Result<Vec<u8>, Error> {
        let mut list = Vec::new();
        if let Some(id) = &self.key_id {
            // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }
            list.extend(extension(OID_AKI, false, &tlv(0x30, &tlv(0x80, id))));
        }
        if let Some(n) = &self.crl_number {
            list.extend(extension(OID_CRL_NUMBER, false, &integer(n)));
        }
        if let Some(base) = &self.delta_base {
            list.extend(extension(OID_DELTA_CRL_INDICATOR, true, &integer(base)));
        }
        if let Some(spec) = &self.idp {
            let mut idp = Vec::new();
            if let Some(dn) = &spec.name {
                // distributionPoint [0] { fullName [0] { directoryName [4] EXPLICIT Name } }
                idp = tlv(0xa0, &tlv(0xa0, &tlv(0xa4, dn)));
            } else if let Some(rdn) = &spec.relative {
                // distributionPoint [0] { nameRelativeToCRLIssuer [1] IMPLICIT SET }
                let set = <der::AnyRef<'_> as der::Decode<'_>>::from_der(rdn)
                    .map_err(encoding("nameRelativeToCRLIssuer"))?;
                idp = tlv(0xa0, &tlv(0xa1, set.value()));
            }
            match spec.scope {
                None | Some(CrlScope::All) => {}
                Some(CrlScope::UserCerts) => idp.extend([0x81, 0x01, 0xff]),
                Some(CrlScope::CaCerts) => idp.extend([0x82, 0x01, 0xff]),
            }
            if let Some(reasons) = spec.reasons {
                idp.extend(tlv(0x83, &reason_flags(reasons)));
            }
            if spec.indirect {
                idp.extend([0x84, 0x01, 0xff]);
            }
            list.extend(extension(OID_IDP, true, &tlv(0x30, &idp)));
        }
        if let Some(uri) = &self.freshest {
            // CRLDistributionPoints ::= SEQUENCE OF DistributionPoint, one with
            // fullName [0] { uniformResourceIdentifier [6] }.
            let dp = tlv(0x30, &tlv(0xa0, &tlv(0xa0, &tlv(0x86, uri.as_bytes()))));
            list.extend(extension(OID_FRESHEST_CRL, false, &tlv(0x30, &dp)));
        }
        for (oid, critical, value) in &self.extensions {
            list.extend(extension(oid, *critical, value));
        }
        Ok(if list.is_empty() {
            Vec::new()
        } else {
            tlv(0xa0, &tlv(0x30, &list))
        })
    }

    /// The serial bytes of `r`.
    fn serial(&self, r: &Revocation) -> &[u8] {
        self.serials
            .get(r.start..r.start + r.len)
            .unwrap_or_default()
    }

    /// The extra entry extensions of `serial`.
    fn extras<'s>(&'s self, serial: &'s [u8]) -> impl Iterator<Item = (&'s [u8], bool, &'s [u8])> {
        self.entry_extensions
            .iter()
            .filter(move |(s, ..)| s.as_bytes() == serial)
            .map(|(_, oid, critical, value)| (oid.as_slice(), *critical, value.as_slice()))
    }

    /// The length of crlEntryExtensions' content (0: none).
    fn entry_extensions_len(&self, r: &Revocation) -> usize {
        let mut len = 0;
        if r.reason.is_some() {
            len += REASON_EXTENSION_LEN;
        }
        if r.invalidity.is_some() {
            len += tlv_len(tlv_len(3) + tlv_len(tlv_len(15)));
        }
        if !self.entry_extensions.is_empty() {
            for (oid, critical, value) in self.extras(self.serial(r)) {
                len += tlv_len(
                    tlv_len(oid.len()) + if critical { 3 } else { 0 } + tlv_len(value.len()),
                );
            }
        }
        len
    }

    fn entry_content_len(&self, r: &Revocation) -> usize {
        let extensions = self.entry_extensions_len(r);
        let serial = if r.negative {
            r.len
        } else {
            integer_content_len(self.serial(r))
        };
        tlv_len(serial)
            + time_len(r.at)
            + if extensions == 0 {
                0
            } else {
                tlv_len(extensions)
            }
    }

    /// Writes one entry whose content takes `len` bytes.
    fn write_entry(&self, out: &mut Vec<u8>, r: &Revocation, len: usize) -> Result<(), Error> {
        header(out, 0x30, len);
        if r.negative {
            header(out, 0x02, r.len);
            out.extend_from_slice(self.serial(r));
        } else {
            write_integer(out, self.serial(r));
        }
        time(out, r.at, false)?;
        let extensions = self.entry_extensions_len(r);
        if extensions == 0 {
            return Ok(());
        }
        header(out, 0x30, extensions);
        if let Some(reason) = r.reason {
            out.extend([0x30, 0x0a, 0x06, 0x03]);
            out.extend_from_slice(OID_REASON);
            out.extend([0x04, 0x03, 0x0a, 0x01, reason.code()]);
        }
        if let Some(at) = r.invalidity {
            header(out, 0x30, tlv_len(3) + tlv_len(tlv_len(15)));
            out.extend([0x06, 0x03]);
            out.extend_from_slice(OID_INVALIDITY);
            header(out, 0x04, tlv_len(15));
            time(out, at, true)?;
        }
        if !self.entry_extensions.is_empty() {
            for (oid, critical, value) in self.extras(self.serial(r)) {
                out.extend(extension(oid, critical, value));
            }
        }
        Ok(())
    }
}

/// The content of a `ReasonFlags` BIT STRING in DER: the unused-bits octet,
/// then the named bits with trailing zero bits left out.
fn reason_flags(reasons: ReasonFlags) -> Vec<u8> {
    let bits = reasons.bits();
    if bits == 0 {
        return vec![0];
    }
    let highest = 15 - bits.leading_zeros();
    let octets = highest / 8 + 1;
    let mut out = vec![u8::try_from(7 - highest % 8).unwrap_or(0)];
    for k in 0..octets {
        let mut byte = 0u8;
        for j in 0..8 {
            if bits & (1 << (8 * k + j)) != 0 {
                byte |= 0x80 >> j;
            }
        }
        out.push(byte);
    }
    out
}

/// The content octets of `oid`'s DER encoding.
fn oid_content(oid: &Oid) -> Option<Vec<u8>> {
    object_identifier(oid).ok().map(|o| o.as_bytes().to_vec())
}

/// `SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED } }`.
const REASON_EXTENSION_LEN: usize = 12;

/// Minimal serial bytes compared as integers (shorter is smaller).
fn cmp_serial(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The serial's length and first 7 bytes: orders like [`cmp_serial`], up to ties.
fn serial_key(bytes: &[u8]) -> u64 {
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX).min(255);
    let mut prefix = 0u64;
    for i in 0..7 {
        prefix = (prefix << 8) | u64::from(bytes.get(i).copied().unwrap_or(0));
    }
    (len << 56) | prefix
}

/// Octets of a DER length.
fn length_len(len: usize) -> usize {
    if len < 0x80 {
        1
    } else {
        1 + usize::try_from((usize::BITS - len.leading_zeros()).div_ceil(8)).unwrap_or(8)
    }
}

/// Bytes of a TLV with `content` bytes of value.
fn tlv_len(content: usize) -> usize {
    1 + length_len(content) + content
}

/// Writes a tag and a DER length.
fn header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let octets = length_len(len) - 1;
        out.push(0x80 | u8::try_from(octets).unwrap_or(0));
        let bytes = len.to_be_bytes();
        out.extend_from_slice(bytes.get(bytes.len() - octets..).unwrap_or_default());
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tlv_len(content.len()));
    header(&mut out, tag, content.len());
    out.extend_from_slice(content);
    out
}

fn extension(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut body = tlv(0x06, oid);
    if critical {
        body.extend([0x01, 0x01, 0xff]);
    }
    body.extend(tlv(0x04, value));
    tlv(0x30, &body)
}

/// Content octets of the INTEGER of minimal bytes `serial` (a sign octet when
/// the top bit is set).
fn integer_content_len(serial: &[u8]) -> usize {
    match serial.first() {
        None => 1,
        Some(b) if b & 0x80 != 0 => serial.len() + 1,
        Some(_) => serial.len(),
    }
}

fn write_integer(out: &mut Vec<u8>, serial: &[u8]) {
    header(out, 0x02, integer_content_len(serial));
    match serial.first() {
        None => out.push(0),
        Some(b) if b & 0x80 != 0 => out.push(0),
        Some(_) => {}
    }
    out.extend_from_slice(serial);
}

fn integer(serial: &Serial) -> Vec<u8> {
    let mut out = Vec::new();
    write_integer(&mut out, serial.as_bytes());
    out
}

/// The TLV length of a Time: UTCTime through 2049, GeneralizedTime from 2050
/// (RFC 5280 §5.1.2.4).
fn time_len(t: Time) -> usize {
    if t < utc_time_end() { 15 } else { 17 }
}

/// 2050-01-01T00:00:00Z, from when Time is a GeneralizedTime.
fn utc_time_end() -> Time {
    Time::from_unix_seconds(2_524_608_000)
}

/// Writes `t` as UTCTime (through 2049) or GeneralizedTime (from 2050, or always
/// when `generalized`).
fn time(out: &mut Vec<u8>, t: Time, generalized: bool) -> Result<(), Error> {
    let date = t.date_utc();
    let year = date.year();
    if year > 9999 {
        return Err(Error::InvalidTime {
            value: t.to_string(),
        });
    }
    let secs = t.unix_seconds() % 86_400;
    let digits = |out: &mut Vec<u8>, v: u64| {
        out.push(b'0' + u8::try_from(v / 10 % 10).unwrap_or(0));
        out.push(b'0' + u8::try_from(v % 10).unwrap_or(0));
    };
    let year = u64::from(year);
    if generalized || year >= 2050 {
        out.extend([0x18, 0x0f]);
        digits(out, year / 100);
    } else {
        out.extend([0x17, 0x0d]);
    }
    digits(out, year % 100);
    digits(out, u64::from(date.month()));
    digits(out, u64::from(date.day()));
    digits(out, secs / 3600);
    digits(out, secs / 60 % 60);
    digits(out, secs % 60);
    out.push(b'Z');
    Ok(())
}

/// The directoryName J-LIS writes as the CRL distribution point of a
/// municipality's certificates, and as the issuingDistributionPoint of that
/// municipality's CRL: `C=JP, O=JPKI, OU=<purpose>, OU=CRL Distribution Points,
/// OU=<prefecture>, CN=<municipality> CRLDP`.
pub fn crl_partition_dn(
    purpose: Purpose,
    prefecture: &str,
    municipality: &str,
) -> Result<Vec<u8>, Error> {
    let ou = match purpose {
        Purpose::Signing => OU_SIGNING,
        Purpose::Authentication => OU_AUTH,
    };
    dn_der(&[
        ("C", "JP"),
        ("O", "JPKI"),
        ("OU", ou),
        ("OU", "CRL Distribution Points"),
        ("OU", prefecture),
        ("CN", &format!("{municipality} CRLDP")),
    ])
}

impl Authority {
    /// The cRLNumber the next CRL of this CA generation gets.
    fn next_crl_number(&self, purpose: Purpose, generation: usize) -> u64 {
        self.crl_numbers
            .iter()
            .find(|(p, g, _)| *p == purpose && *g == generation)
            .map_or(1, |(_, _, last)| last.saturating_add(1))
    }

    /// Records that `number` was used, and saves the state.
    fn commit_crl_number(
        &mut self,
        purpose: Purpose,
        generation: usize,
        number: u64,
    ) -> Result<(), Error> {
        match self
            .crl_numbers
            .iter_mut()
            .find(|(p, g, _)| *p == purpose && *g == generation)
        {
            Some((_, _, last)) => *last = number,
            None => self.crl_numbers.push((purpose, generation, number)),
        }
        self.save()
    }

    /// The CRL of one municipality partition of CA generation `generation` of
    /// `purpose`, issued at `at` and valid `validity_seconds` (nextUpdate).
    ///
    /// Its issuingDistributionPoint (critical) is the directoryName the
    /// partition's certificates carry as cRLDistributionPoints
    /// ([`crl_partition_dn`]), with onlyContainsUserCerts. It lists every
    /// certificate of that generation, purpose and partition revoked at or before
    /// `at`, with the recorded reason and time (expired certificates stay
    /// listed). The cRLNumber counts up per CA generation and persists in the
    /// state directory.
    pub fn crl(
        &mut self,
        purpose: Purpose,
        generation: usize,
        partition: (&str, &str),
        at: Time,
        validity_seconds: u64,
    ) -> Result<Vec<u8>, Error> {
        let (prefecture, municipality) = partition;
        let ca = self.ca(purpose, generation)?;
        let in_partition: HashSet<&Serial> = self
            .issued
            .iter()
            .filter(|r| {
                r.purpose == purpose
                    && r.generation == generation
                    && r.prefecture == prefecture
                    && r.municipality == municipality
            })
            .map(|r| &r.serial)
            .collect();
        let number = self.next_crl_number(purpose, generation);
        let der = CrlBuilder::new(&ca.certificate, at)
            .next_update(at.add_seconds(validity_seconds))
            .crl_number(Serial::from_u64(number))
            .issuing_distribution_point(
                crl_partition_dn(purpose, prefecture, municipality)?,
                CrlScope::UserCerts,
            )
            .revoke_all(
                self.revoked
                    .iter()
                    .filter(|r| r.revoked_at <= at && in_partition.contains(&r.serial))
                    .map(|r| (r.serial.clone(), r.revoked_at, Some(r.reason), None)),
            )
            .sign(&ca.key)?;
        self.commit_crl_number(purpose, generation, number)?;
        Ok(der)
    }

    /// The authority revocation list of CA generation `generation` of `purpose`:
    /// the CA certificates it issued (link certificates) revoked at or before
    /// `at`. Its issuingDistributionPoint is the CA's DN (the cRLDistributionPoints
    /// of the roots and link certificates) with onlyContainsCACerts. Shares the
    /// generation's cRLNumber sequence with [`Authority::crl`].
    pub fn arl(
        &mut self,
        purpose: Purpose,
        generation: usize,
        at: Time,
        validity_seconds: u64,
    ) -> Result<Vec<u8>, Error> {
        let ca = self.ca(purpose, generation)?;
        let signed_here: HashSet<&Serial> = self
            .links
            .iter()
            .filter(|l| {
                l.purpose == purpose
                    && match l.kind {
                        LinkKind::OldWithNew => l.older + 1 == generation,
                        LinkKind::NewWithOld => l.older == generation,
                    }
            })
            .map(|l| l.certificate.serial())
            .collect();
        let number = self.next_crl_number(purpose, generation);
        let der = CrlBuilder::new(&ca.certificate, at)
            .next_update(at.add_seconds(validity_seconds))
            .crl_number(Serial::from_u64(number))
            .issuing_distribution_point(ca.certificate.subject().der().to_vec(), CrlScope::CaCerts)
            .revoke_all(
                self.revoked
                    .iter()
                    .filter(|r| r.revoked_at <= at && signed_here.contains(&r.serial))
                    .map(|r| (r.serial.clone(), r.revoked_at, Some(r.reason), None)),
            )
            .sign(&ca.key)?;
        self.commit_crl_number(purpose, generation, number)?;
        Ok(der)
    }

    /// Every CRL partition with issued certificates: (purpose, CA generation,
    /// prefecture, municipality), in order of first issuance.
    pub fn partitions(&self) -> Vec<(Purpose, usize, String, String)> {
        let mut out: Vec<(Purpose, usize, String, String)> = Vec::new();
        for r in &self.issued {
            let known = out.iter().any(|(p, g, pref, muni)| {
                *p == r.purpose
                    && *g == r.generation
                    && *pref == r.prefecture
                    && *muni == r.municipality
            });
            if !known {
                out.push((
                    r.purpose,
                    r.generation,
                    r.prefecture.clone(),
                    r.municipality.clone(),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_times() {
        assert_eq!(length_len(0x7f), 1);
        assert_eq!(length_len(0x80), 2);
        assert_eq!(length_len(0x100), 3);
        assert_eq!(length_len(41_000_000), 5);
        let mut out = Vec::new();
        header(&mut out, 0x30, 0x1_0000);
        assert_eq!(out, [0x30, 0x83, 0x01, 0x00, 0x00]);
        let t = Time::parse_rfc3339("2026-11-21T01:02:03Z").unwrap();
        let mut out = Vec::new();
        time(&mut out, t, false).unwrap();
        assert_eq!(out, b"\x17\x0d261121010203Z");
        out.clear();
        time(&mut out, t, true).unwrap();
        assert_eq!(out, b"\x18\x0f20261121010203Z");
        assert_eq!(time_len(t), 15);
        let late = Time::parse_rfc3339("2050-01-01T00:00:00Z").unwrap();
        out.clear();
        time(&mut out, late, false).unwrap();
        assert_eq!(out, b"\x18\x0f20500101000000Z");
        assert_eq!(integer(&Serial::from_u64(0x80)), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(integer(&Serial::from_u64(0)), [0x02, 0x01, 0x00]);
    }
}
