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
use crate::error::Error;
use crate::oid::Oid;
use crate::revocation::RevocationReason;

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
    /// empty for zero), the form of [`Serial::as_bytes`].
    pub serial: &'a [u8],
    /// revocationDate: when the CA revoked the certificate.
    pub revocation_date: Time,
    /// The reasonCode entry extension, if present (absent means unspecified).
    pub reason: Option<RevocationReason>,
    /// The invalidityDate entry extension: when the key is known or suspected to
    /// have been compromised, or the certificate otherwise became invalid.
    pub invalidity_date: Option<Time>,
}

impl RevokedEntry<'_> {
    /// The serial number as an owned [`Serial`].
    pub fn serial(&self) -> Serial {
        Serial::from_bytes(self.serial)
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

/// Reads and checks one entry at the start of `input`; returns it and the bytes
/// after it.
#[inline]
pub(super) fn parse(input: &[u8], v1: bool) -> Result<(RevokedEntry<'_>, &[u8]), EntryFault> {
    let (body, rest) = tlv::expect(input, tlv::SEQUENCE, "entry is not a SEQUENCE")?;
    let (serial, body) = tlv::expect(body, tlv::INTEGER, "serial is not an INTEGER")?;
    let serial = tlv::unsigned_integer(serial)?;
    let (tag, date, body) = tlv::read(body)?;
    let mut entry = RevokedEntry {
        serial,
        revocation_date: tlv::time(tag, date)?,
        reason: None,
        invalidity_date: None,
    };
    if !body.is_empty() {
        if v1 {
            return Err(EntryFault::V1Extensions);
        }
        let (extensions, after) =
            tlv::expect(body, tlv::SEQUENCE, "crlEntryExtensions is not a SEQUENCE")?;
        if !after.is_empty() {
            return Err("data after crlEntryExtensions".into());
        }
        extensions_into(extensions, &mut entry)?;
    }
    Ok((entry, rest))
}

/// Reads crlEntryExtensions (SEQUENCE SIZE (1..MAX) OF Extension) into `entry`.
fn extensions_into(mut list: &[u8], entry: &mut RevokedEntry<'_>) -> Result<(), EntryFault> {
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
                // Indirect CRLs are not supported: a critical certificateIssuer
                // (RFC 5280 §5.3.3 says it MUST be critical) makes the CRL unusable.
                if critical {
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
    tlv::unsigned_integer(serial).ok()
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
    pub(super) v1: bool,
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
        match parse(self.rest, self.v1) {
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
        let (parsed, rest) = parse(&e, false).unwrap();
        assert!(rest.is_empty());
        assert_eq!(parsed.serial, &[0x80]);
        assert_eq!(parsed.serial(), Serial::from_u64(0x80));
        assert_eq!(parsed.reason, None);
        let e = entry(&[0x05], &ext(REASON_CODE, false, &[0x0a, 0x01, 0x03]));
        assert_eq!(
            parse(&e, false).unwrap().0.reason,
            Some(RevocationReason::AffiliationChanged)
        );
        assert_eq!(parse(&e, true).unwrap_err(), EntryFault::V1Extensions);
        assert_eq!(serial_at(&e), Some(&[0x05][..]));
    }

    #[test]
    fn refusals() {
        let bad_reason = entry(&[0x05], &ext(REASON_CODE, false, &[0x0a, 0x01, 0x07]));
        assert_eq!(
            parse(&bad_reason, false).unwrap_err(),
            EntryFault::Malformed("unknown reason code")
        );
        let critical = entry(&[0x05], &ext(&[0x2a, 0x03], true, &[0x05, 0x00]));
        assert!(matches!(
            parse(&critical, false).unwrap_err(),
            EntryFault::Critical(o) if o.to_string() == "1.2.3"
        ));
        let harmless = entry(&[0x05], &ext(&[0x2a, 0x03], false, &[0x05, 0x00]));
        assert!(parse(&harmless, false).is_ok());
        let issuer = entry(&[0x05], &ext(CERTIFICATE_ISSUER, true, &[0x30, 0x00]));
        assert!(matches!(
            parse(&issuer, false),
            Err(EntryFault::Critical(_))
        ));
        let explicit_false = {
            let mut x = ext(REASON_CODE, false, &[0x0a, 0x01, 0x01]);
            x.splice(7..7, [0x01, 0x01, 0x00]);
            x[1] += 3;
            entry(&[0x05], &x)
        };
        assert_eq!(
            parse(&explicit_false, false).unwrap_err(),
            EntryFault::Malformed("BOOLEAN DEFAULT FALSE written out")
        );
        let twice = [
            ext(REASON_CODE, false, &[0x0a, 0x01, 0x01]),
            ext(REASON_CODE, false, &[0x0a, 0x01, 0x01]),
        ]
        .concat();
        assert_eq!(
            parse(&entry(&[0x05], &twice), false).unwrap_err(),
            EntryFault::Malformed("duplicate entry extension")
        );
        assert!(parse(&entry(&[0x85], &[]), false).is_err());
        assert!(parse(&entry(&[0x00, 0x05], &[]), false).is_err());
    }
}
