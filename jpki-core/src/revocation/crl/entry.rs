//! The entries of revokedCertificates, read one at a time.
//!
//! ```text
//! revokedCertificates     SEQUENCE OF SEQUENCE  {
//!      userCertificate         CertificateSerialNumber,
//!      revocationDate          Time,
//!      crlEntryExtensions      Extensions OPTIONAL
//!                               -- if present, version MUST be v2
//!                           }  OPTIONAL,
//! ```
//! ([RFC 5280 §5.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.1))

use core::iter::FusedIterator;

use const_oid::ObjectIdentifier;

use super::tlv::{self, Fault};
use crate::Serial;
use crate::Time;
use crate::cert::GeneralName;
use crate::error::Error;
use crate::oid::Oid;
use crate::revocation::RevocationReason;
use der::Decode;

/// reasonCode, 2.5.29.21 ([RFC 5280 §5.3.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1)).
const REASON_CODE: &[u8] = &[0x55, 0x1d, 0x15];
/// holdInstructionCode, 2.5.29.23 (§5.3.2 of RFC 3280; dropped from RFC 5280 but
/// still written by OpenSSL for `certificateHold`).
const HOLD_INSTRUCTION: &[u8] = &[0x55, 0x1d, 0x17];
/// invalidityDate, 2.5.29.24 (§5.3.2).
const INVALIDITY_DATE: &[u8] = &[0x55, 0x1d, 0x18];
/// certificateIssuer, 2.5.29.29 (§5.3.3): only in indirect CRLs.
const CERTIFICATE_ISSUER: &[u8] = &[0x55, 0x1d, 0x1d];

/// One revoked certificate, borrowing the CRL's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RevokedEntry<'a> {
    /// The serial number as minimal big-endian bytes (the DER sign octet dropped;
    /// empty for zero), the form of [`Serial::as_bytes`]. For a negative serial
    /// ([`RevokedEntry::negative`]), its two's-complement content octets.
    pub serial: &'a [u8],
    /// Whether the serial is negative. RFC 5280 §4.1.2.2 forbids negative
    /// serials, but CAs have written them: the entry is read and kept, and
    /// matches no certificate (a certificate's serial is never negative).
    pub negative: bool,
    /// revocationDate: when the CA revoked the certificate.
    pub revocation_date: Time,
    /// The reasonCode entry extension, if present (absent means unspecified).
    pub reason: Option<RevocationReason>,
    /// The invalidityDate entry extension: when the key is known or suspected to
    /// have been compromised, or the certificate otherwise became invalid.
    pub invalidity_date: Option<Time>,
    /// The certificateIssuer entry extension of an indirect CRL (the DER of its
    /// GeneralNames): this entry and the following ones, up to the next
    /// certificateIssuer, concern certificates of that issuer
    /// ([RFC 5280 §5.3.3](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.3)).
    pub certificate_issuer: Option<&'a [u8]>,
}

impl RevokedEntry<'_> {
    /// The serial number as an owned [`Serial`] (for a negative serial, a
    /// serial of its two's-complement octets: see [`RevokedEntry::negative`]).
    pub fn serial(&self) -> Serial {
        Serial::from_bytes(self.serial)
    }

    /// The names of [`RevokedEntry::certificate_issuer`], if present.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the names are malformed (they were checked to be
    /// a SEQUENCE when the entry was read).
    pub fn certificate_issuer_names(&self) -> Result<Option<Vec<GeneralName>>, Error> {
        let Some(der) = self.certificate_issuer else {
            return Ok(None);
        };
        let names = x509_cert::ext::pkix::name::GeneralNames::from_der(der)
            .map_err(Error::decode("CRL entry certificateIssuer"))?;
        names
            .iter()
            .map(GeneralName::from_x509)
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

/// Why an entry cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EntryFault {
    /// Malformed DER or content.
    Malformed(Fault),
    /// A critical extension that is not processed (its OID content octets).
    Critical(ObjectIdentifier),
    /// Entry extensions in a v1 CRL.
    V1Extensions,
}

impl From<Fault> for EntryFault {
    fn from(f: Fault) -> Self {
        Self::Malformed(f)
    }
}

impl EntryFault {
    pub(super) fn into_error(self, index: usize) -> Error {
        match self {
            Self::Malformed(what) => Error::CrlEntry { index, what },
            Self::Critical(oid) => Error::CrlUnknownCriticalExtension {
                oid: Oid(oid),
                entry: Some(index),
            },
            Self::V1Extensions => Error::CrlV1WithExtensions { entry: Some(index) },
        }
    }
}

/// How the entries of one CRL are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Mode {
    /// A v1 CRL: entry extensions are a fault.
    pub(super) v1: bool,
    /// An indirect CRL: certificateIssuer entry extensions are processed.
    pub(super) indirect: bool,
}

/// The serial INTEGER's content as minimal bytes and its sign: DER (minimal)
/// either way; a negative serial keeps its two's-complement octets.
#[inline]
fn serial_of(value: &[u8]) -> Result<(&[u8], bool), Fault> {
    match value {
        [first, ..] if first & 0x80 != 0 => match value {
            [0xff, second, ..] if second & 0x80 != 0 => Err("non-minimal INTEGER"),
            _ => Ok((value, true)),
        },
        _ => Ok((tlv::unsigned_integer(value)?, false)),
    }
}

/// Reads and checks one entry at the start of `input`; returns it and the bytes
/// after it.
#[inline]
pub(super) fn parse(input: &[u8], mode: Mode) -> Result<(RevokedEntry<'_>, &[u8]), EntryFault> {
    let (body, rest) = tlv::expect(input, tlv::SEQUENCE, "entry is not a SEQUENCE")?;
    let (serial, body) = tlv::expect(body, tlv::INTEGER, "serial is not an INTEGER")?;
    let (serial, negative) = serial_of(serial)?;
    let (tag, date, body) = tlv::read(body)?;
    let mut entry = RevokedEntry {
        serial,
        negative,
        revocation_date: tlv::time(tag, date)?,
        reason: None,
        invalidity_date: None,
        certificate_issuer: None,
    };
    if !body.is_empty() {
        if mode.v1 {
            return Err(EntryFault::V1Extensions);
        }
        let (extensions, after) =
            tlv::expect(body, tlv::SEQUENCE, "crlEntryExtensions is not a SEQUENCE")?;
        if !after.is_empty() {
            return Err("data after crlEntryExtensions".into());
        }
        extensions_into(extensions, &mut entry, mode.indirect)?;
    }
    Ok((entry, rest))
}

/// Reads crlEntryExtensions (SEQUENCE SIZE (1..MAX) OF Extension) into `entry`.
fn extensions_into<'a>(
    mut list: &'a [u8],
    entry: &mut RevokedEntry<'a>,
    indirect: bool,
) -> Result<(), EntryFault> {
    if list.is_empty() {
        return Err("empty crlEntryExtensions".into());
    }
    // Known extensions seen so far, to refuse duplicates (RFC 5280 §4.2).
    let (mut reason, mut hold, mut invalidity, mut issuer) = (false, false, false, false);
    let dup = |seen: &mut bool| {
        if core::mem::replace(seen, true) {
            Err(EntryFault::Malformed("duplicate entry extension"))
        } else {
            Ok(())
        }
    };
    while !list.is_empty() {
        let (ext, rest) = tlv::expect(list, tlv::SEQUENCE, "extension is not a SEQUENCE")?;
        list = rest;
        let (oid, critical, value) = extension(ext)?;
        match oid {
            REASON_CODE => {
                dup(&mut reason)?;
                let (code, after) =
                    tlv::expect(value, tlv::ENUMERATED, "reasonCode is not ENUMERATED")?;
                if !after.is_empty() {
                    return Err("data after reasonCode".into());
                }
                let code = tlv::small_unsigned(code)?;
                entry.reason = Some(
                    u8::try_from(code)
                        .ok()
                        .and_then(RevocationReason::from_code)
                        .ok_or("unknown reason code")?,
                );
            }
            INVALIDITY_DATE => {
                dup(&mut invalidity)?;
                let (time, after) = tlv::expect(
                    value,
                    tlv::GENERALIZED_TIME,
                    "invalidityDate is not a GeneralizedTime",
                )?;
                if !after.is_empty() {
                    return Err("data after invalidityDate".into());
                }
                entry.invalidity_date = Some(tlv::time(tlv::GENERALIZED_TIME, time)?);
            }
            HOLD_INSTRUCTION => {
                dup(&mut hold)?;
                // Read and accepted: the hold itself is the reasonCode.
                let (_, after) = tlv::expect(value, tlv::OID, "holdInstructionCode is not an OID")?;
                if !after.is_empty() {
                    return Err("data after holdInstructionCode".into());
                }
            }
            CERTIFICATE_ISSUER => {
                dup(&mut issuer)?;
                if indirect {
                    // GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName.
                    let (_, names, whole, after) = tlv::read_whole(value)?;
                    if !after.is_empty() || whole.first() != Some(&tlv::SEQUENCE) {
                        return Err("malformed certificateIssuer".into());
                    }
                    if names.is_empty() {
                        return Err("empty certificateIssuer".into());
                    }
                    entry.certificate_issuer = Some(whole);
                } else if critical {
                    // Outside an indirect CRL it means nothing (RFC 5280 §5.3.3):
                    // a critical one makes the CRL unusable.
                    return Err(critical_fault(oid));
                }
            }
            _ if critical => return Err(critical_fault(oid)),
            _ => {
                // Non-critical and unknown: ignored, but its OID must be valid.
                ObjectIdentifier::from_bytes(oid).map_err(|_| "malformed OID")?;
            }
        }
    }
    Ok(())
}

fn critical_fault(oid: &[u8]) -> EntryFault {
    match ObjectIdentifier::from_bytes(oid) {
        Ok(o) => EntryFault::Critical(o),
        Err(_) => EntryFault::Malformed("malformed OID"),
    }
}

/// `Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }`:
/// the OID's content octets, the criticality and the content of extnValue.
pub(super) fn extension(body: &[u8]) -> Result<(&[u8], bool, &[u8]), Fault> {
    let (oid, rest) = tlv::expect(body, tlv::OID, "extnID is not an OID")?;
    if oid.is_empty() {
        return Err("malformed OID");
    }
    let (mut tag, mut value, mut rest) = tlv::read(rest)?;
    let critical = tag == tlv::BOOLEAN;
    if critical {
        tlv::true_boolean(value)?;
        (tag, value, rest) = tlv::read(rest)?;
    }
    if tag != tlv::OCTET_STRING {
        return Err("extnValue is not an OCTET STRING");
    }
    if !rest.is_empty() {
        return Err("data after extnValue");
    }
    Ok((oid, critical, value))
}

/// The serial of the entry at the start of `input`, as minimal big-endian bytes,
/// without reading the rest of the entry.
#[inline]
pub(super) fn serial_at(input: &[u8]) -> Option<&[u8]> {
    let (body, _) = tlv::expect(input, tlv::SEQUENCE, "").ok()?;
    let (serial, _) = tlv::expect(body, tlv::INTEGER, "").ok()?;
    match serial_of(serial).ok()? {
        (bytes, false) => Some(bytes),
        (_, true) => None,
    }
}

/// The revoked certificates of a CRL, read lazily in CRL order.
///
/// Each entry is checked as it is read (strict DER, a non-negative minimal
/// serial, an RFC 5280 time, known or non-critical entry extensions). After the
/// first error the iterator ends: an entry list that is malformed anywhere makes
/// the whole CRL unusable.
#[derive(Clone, Debug)]
pub struct Entries<'a> {
    pub(super) rest: &'a [u8],
    pub(super) index: usize,
    pub(super) max_entries: usize,
    pub(super) mode: Mode,
    pub(super) done: bool,
}

impl<'a> Entries<'a> {
    /// How many entries have been read so far.
    pub fn position(&self) -> usize {
        self.index
    }

    /// The next entry with the number of bytes it occupied.
    pub(super) fn next_sized(&mut self) -> Option<Result<(RevokedEntry<'a>, usize), Error>> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        if self.index >= self.max_entries {
            self.done = true;
            return Some(Err(Error::CrlTooLarge {
                limit: u64::try_from(self.max_entries).unwrap_or(u64::MAX),
                unit: "entries",
            }));
        }
        match parse(self.rest, self.mode) {
            Ok((entry, rest)) => {
                let size = self.rest.len() - rest.len();
                self.rest = rest;
                self.index += 1;
                Some(Ok((entry, size)))
            }
            Err(fault) => {
                self.done = true;
                Some(Err(fault.into_error(self.index)))
            }
        }
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<RevokedEntry<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_sized().map(|r| r.map(|(entry, _)| entry))
    }
}

impl FusedIterator for Entries<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: &[u8] = b"\x17\x0d261121010000Z";
    const EE: Mode = Mode {
        v1: false,
        indirect: false,
    };
    const V1: Mode = Mode {
        v1: true,
        indirect: false,
    };

    fn entry(serial: &[u8], extensions: &[u8]) -> Vec<u8> {
        let mut body = vec![0x02, u8::try_from(serial.len()).unwrap()];
        body.extend_from_slice(serial);
        body.extend_from_slice(DATE);
        if !extensions.is_empty() {
            body.extend([0x30, u8::try_from(extensions.len()).unwrap()]);
            body.extend_from_slice(extensions);
        }
        let mut out = vec![0x30, u8::try_from(body.len()).unwrap()];
        out.extend(body);
        out
    }

    fn ext(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
        let mut body = vec![0x06, u8::try_from(oid.len()).unwrap()];
        body.extend_from_slice(oid);
        if critical {
            body.extend([0x01, 0x01, 0xff]);
        }
        body.extend([0x04, u8::try_from(value.len()).unwrap()]);
        body.extend_from_slice(value);
        let mut out = vec![0x30, u8::try_from(body.len()).unwrap()];
        out.extend(body);
        out
    }

    #[test]
    fn plain_and_with_reason() {
        let e = entry(&[0x00, 0x80], &[]);
        let (parsed, rest) = parse(&e, EE).unwrap();
        assert!(rest.is_empty());
        assert_eq!(parsed.serial, &[0x80]);
        assert_eq!(parsed.serial(), Serial::from_u64(0x80));
        assert_eq!(parsed.reason, None);
        let e = entry(&[0x05], &ext(REASON_CODE, false, &[0x0a, 0x01, 0x03]));
        assert_eq!(
            parse(&e, EE).unwrap().0.reason,
            Some(RevocationReason::AffiliationChanged)
        );
        assert_eq!(parse(&e, V1).unwrap_err(), EntryFault::V1Extensions);
        assert_eq!(serial_at(&e), Some(&[0x05][..]));
    }

    #[test]
    fn refusals() {
        let bad_reason = entry(&[0x05], &ext(REASON_CODE, false, &[0x0a, 0x01, 0x07]));
        assert_eq!(
            parse(&bad_reason, EE).unwrap_err(),
            EntryFault::Malformed("unknown reason code")
        );
        let critical = entry(&[0x05], &ext(&[0x2a, 0x03], true, &[0x05, 0x00]));
        assert!(matches!(
            parse(&critical, EE).unwrap_err(),
            EntryFault::Critical(o) if o.to_string() == "1.2.3"
        ));
        let harmless = entry(&[0x05], &ext(&[0x2a, 0x03], false, &[0x05, 0x00]));
        assert!(parse(&harmless, EE).is_ok());
        let issuer = entry(&[0x05], &ext(CERTIFICATE_ISSUER, true, &[0x30, 0x00]));
        assert!(matches!(parse(&issuer, EE), Err(EntryFault::Critical(_))));
        let explicit_false = {
            let mut x = ext(REASON_CODE, false, &[0x0a, 0x01, 0x01]);
            x.splice(7..7, [0x01, 0x01, 0x00]);
            x[1] += 3;
            entry(&[0x05], &x)
        };
        assert_eq!(
            parse(&explicit_false, EE).unwrap_err(),
            EntryFault::Malformed("BOOLEAN DEFAULT FALSE written out")
        );
        let twice = [
            ext(REASON_CODE, false, &[0x0a, 0x01, 0x01]),
            ext(REASON_CODE, false, &[0x0a, 0x01, 0x01]),
        ]
        .concat();
        assert_eq!(
            parse(&entry(&[0x05], &twice), EE).unwrap_err(),
            EntryFault::Malformed("duplicate entry extension")
        );
        // A negative serial is read (and matches nothing); a non-minimal one
        // is not.
        let der = entry(&[0x85], &[]);
        let negative = parse(&der, EE).unwrap().0;
        assert!(negative.negative);
        assert_eq!(negative.serial, &[0x85]);
        assert_eq!(serial_at(&entry(&[0x85], &[])), None);
        assert!(parse(&entry(&[0xff, 0x85], &[]), EE).is_err());
        assert!(
            !parse(&entry(&[0xff, 0x05], &[]), EE)
                .unwrap()
                .0
                .serial
                .is_empty()
        );
        assert!(parse(&entry(&[0x00, 0x05], &[]), EE).is_err());
    }
}
