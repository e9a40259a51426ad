//! A small strict DER reader for the CRL walk: one TLV at a time, on borrowed
//! bytes, with no allocation.
//!
//! Only what DER allows is accepted: low tag numbers (`0x1f` in the tag octet,
//! the high-tag-number form, never occurs in X.509), definite lengths in the
//! shortest form, and values that fit the input. Every access is bounds-checked;
//! a fault is reported as a short static description.

use crate::Time;

/// A fault found while reading, described in a few words.
pub(super) type Fault = &'static str;

pub(super) const TRUNCATED: Fault = "truncated";

/// A TLV as read: tag octet, value, and the input after it.
pub(super) type Parts<'a> = (u8, &'a [u8], &'a [u8]);

/// A TLV as read: tag octet, value, the whole TLV, and the input after it.
pub(super) type WholeParts<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

/// Universal tags used by CRLs.
pub(super) const BOOLEAN: u8 = 0x01;
pub(super) const INTEGER: u8 = 0x02;
pub(super) const BIT_STRING: u8 = 0x03;
pub(super) const OCTET_STRING: u8 = 0x04;
pub(super) const OID: u8 = 0x06;
pub(super) const ENUMERATED: u8 = 0x0a;
pub(super) const UTC_TIME: u8 = 0x17;
pub(super) const GENERALIZED_TIME: u8 = 0x18;
pub(super) const SEQUENCE: u8 = 0x30;

/// Reads one TLV: its tag octet, its value, and what follows it.
#[inline]
pub(super) fn read(input: &[u8]) -> Result<Parts<'_>, Fault> {
    let (tag, len, head) = header(input)?;
    let rest = input.get(head..).ok_or(TRUNCATED)?;
    let (value, rest) = rest.split_at_checked(len).ok_or(TRUNCATED)?;
    Ok((tag, value, rest))
}

/// Reads one TLV's tag and length only: its tag octet, the length of its value
/// and the length of its tag and length octets. The value need not be present
/// ([`TRUNCATED`] when the tag and length octets are not all there).
#[inline]
pub(super) fn header(input: &[u8]) -> Result<(u8, usize, usize), Fault> {
    let [tag, first, rest @ ..] = input else {
        return Err(TRUNCATED);
    };
    if tag & 0x1f == 0x1f {
        return Err("high-tag-number form");
    }
    let (len, rest) = if *first < 0x80 {
        (usize::from(*first), rest)
    } else {
        long_length(*first, rest)?
    };
    Ok((*tag, len, input.len() - rest.len()))
}

/// As [`read`], also returning the whole TLV (tag and length octets included).
#[inline]
pub(super) fn read_whole(input: &[u8]) -> Result<WholeParts<'_>, Fault> {
    let (tag, value, rest) = read(input)?;
    let whole = input.get(..input.len() - rest.len()).ok_or(TRUNCATED)?;
    Ok((tag, value, whole, rest))
}

/// Reads one TLV that must carry `tag`.
#[inline]
pub(super) fn expect(input: &[u8], tag: u8, what: Fault) -> Result<(&[u8], &[u8]), Fault> {
    match read(input)? {
        (t, value, rest) if t == tag => Ok((value, rest)),
        _ => Err(what),
    }
}

/// The long form of a length: `first` is `0x80 | n`, followed by `n` octets.
fn long_length(first: u8, rest: &[u8]) -> Result<(usize, &[u8]), Fault> {
    let n = usize::from(first & 0x7f);
    if n == 0 {
        return Err("indefinite length");
    }
    if n > 8 {
        return Err("length too long");
    }
    let (octets, rest) = rest.split_at_checked(n).ok_or(TRUNCATED)?;
    if octets.first() == Some(&0) {
        return Err("non-canonical length");
    }
    let value = octets
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if value < 0x80 {
        return Err("non-canonical length");
    }
    let len = usize::try_from(value).map_err(|_| "length too long")?;
    Ok((len, rest))
}

/// The content octets of a non-negative INTEGER, checked for minimal encoding,
/// as minimal big-endian bytes (the sign octet dropped; empty for zero).
#[inline]
pub(super) fn unsigned_integer(value: &[u8]) -> Result<&[u8], Fault> {
    match value {
        [] => Err("empty INTEGER"),
        [first, ..] if first & 0x80 != 0 => Err("negative INTEGER"),
        [0] => Ok(&[]),
        [0, second, rest @ ..] => {
            if second & 0x80 == 0 {
                Err("non-minimal INTEGER")
            } else {
                Ok(value.get(1..).unwrap_or(rest))
            }
        }
        _ => Ok(value),
    }
}

/// An unsigned INTEGER that fits 64 bits.
pub(super) fn small_unsigned(value: &[u8]) -> Result<u64, Fault> {
    let bytes = unsigned_integer(value)?;
    if bytes.len() > 8 {
        return Err("INTEGER too large");
    }
    Ok(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// A DER BOOLEAN that is TRUE: DER writes TRUE as `FF`, and a FALSE that equals
/// the DEFAULT must be left out altogether.
pub(super) fn true_boolean(value: &[u8]) -> Result<(), Fault> {
    match value {
        [0xff] => Ok(()),
        [0x00] => Err("BOOLEAN DEFAULT FALSE written out"),
        _ => Err("malformed BOOLEAN"),
    }
}

/// A UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) in the
/// RFC 5280 form: UTC, seconds present, no fraction (§4.1.2.5).
#[inline]
pub(super) fn time(tag: u8, value: &[u8]) -> Result<Time, Fault> {
    let (year, rest) = match (tag, value) {
        (UTC_TIME, [y1, y2, rest @ ..]) if value.len() == 13 => {
            let yy = two_digits(*y1, *y2)?;
            // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, otherwise 20YY.
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
        }
        (GENERALIZED_TIME, [y1, y2, y3, y4, rest @ ..]) if value.len() == 15 => {
            (two_digits(*y1, *y2)? * 100 + two_digits(*y3, *y4)?, rest)
        }
        (UTC_TIME | GENERALIZED_TIME, _) => return Err("malformed time"),
        _ => return Err("not a time"),
    };
    let [mo1, mo2, d1, d2, h1, h2, mi1, mi2, s1, s2, b'Z'] = rest else {
        return Err("malformed time");
    };
    let month = two_digits(*mo1, *mo2)?;
    let day = two_digits(*d1, *d2)?;
    let hour = two_digits(*h1, *h2)?;
    let minute = two_digits(*mi1, *mi2)?;
    let second = two_digits(*s1, *s2)?;
    if year < 1970 || hour > 23 || minute > 59 || second > 59 {
        return Err("time out of range");
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err("no such date");
    }
    let days = days_from_civil(u64::from(year), u64::from(month), u64::from(day));
    Ok(Time::from_unix_seconds(
        days * 86_400 + u64::from(hour) * 3600 + u64::from(minute) * 60 + u64::from(second),
    ))
}

/// Days from 1970-01-01 to a valid date from 1970 on (Howard Hinnant's
/// days-from-civil, in unsigned arithmetic). Inlined here rather than going
/// through [`crate::Date`]: it runs once per entry of CRLs of millions.
#[inline]
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).saturating_sub(719_468)
}

#[inline]
fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[inline]
fn two_digits(a: u8, b: u8) -> Result<u16, Fault> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Ok(u16::from(a - b'0') * 10 + u16::from(b - b'0'))
    } else {
        Err("malformed time")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(read(&[0x30, 0x00]).unwrap(), (0x30, &[][..], &[][..]));
        assert_eq!(read(&[0x04, 0x01, 0xaa, 0xbb]).unwrap().2, &[0xbb]);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0u8; 0x80]);
        assert_eq!(read(&long).unwrap().1.len(), 0x80);
        assert_eq!(
            read(&[0x04, 0x81, 0x05, 0, 0, 0, 0, 0]),
            Err("non-canonical length")
        );
        assert_eq!(read(&[0x04, 0x82, 0x00, 0x80]), Err("non-canonical length"));
        assert_eq!(read(&[0x30, 0x80, 0x00, 0x00]), Err("indefinite length"));
        assert_eq!(read(&[0x1f, 0x01, 0x00]), Err("high-tag-number form"));
        assert_eq!(read(&[0x04, 0x02, 0x00]), Err(TRUNCATED));
        assert_eq!(read(&[0x04]), Err(TRUNCATED));
        assert_eq!(
            read(&[0x04, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
            Err("length too long")
        );
        let (_, _, whole, rest) = read_whole(&[0x02, 0x01, 0x05, 0xff]).unwrap();
        assert_eq!((whole, rest), (&[0x02, 0x01, 0x05][..], &[0xff][..]));
    }

    #[test]
    fn integers() {
        assert!(unsigned_integer(&[0x00]).unwrap().is_empty());
        assert_eq!(unsigned_integer(&[0x00, 0x80]).unwrap(), &[0x80]);
        assert_eq!(unsigned_integer(&[0x7f, 0x00]).unwrap(), &[0x7f, 0x00]);
        assert!(unsigned_integer(&[0x00, 0x7f]).is_err());
        assert!(unsigned_integer(&[0x80]).is_err());
        assert!(unsigned_integer(&[]).is_err());
        assert_eq!(small_unsigned(&[0x01, 0x00]).unwrap(), 256);
        assert!(small_unsigned(&[0x01; 9]).is_err());
    }

    #[test]
    fn times() {
        let t = time(UTC_TIME, b"261121010000Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-21T01:00:00Z");
        assert_eq!(time(GENERALIZED_TIME, b"20261121010000Z").unwrap(), t);
        assert_eq!(time(UTC_TIME, b"700101000000Z").unwrap().unix_seconds(), 0);
        assert_eq!(
            time(GENERALIZED_TIME, b"20500101000000Z")
                .unwrap()
                .to_string(),
            "2050-01-01T00:00:00Z"
        );
        for bad in [
            &b"261121010000"[..],
            b"2611210100Z",
            b"261121010000+0900",
            b"261321010000Z",
            b"260230010000Z",
            b"261121240000Z",
            b"261121010060Z",
            b"491121010000Z0",
            b"691231235959Z",
        ] {
            assert!(time(UTC_TIME, bad).is_err(), "{bad:?}");
        }
        assert!(time(GENERALIZED_TIME, b"20261121010000.5Z").is_err());
        // The inlined calendar agrees with `Date` over a wide range.
        for days in (0..2_900_000u64).step_by(97) {
            let t = Time::from_unix_seconds(days * 86_400);
            let d = t.date_utc();
            let text = format!("{:04}{:02}{:02}000000Z", d.year(), d.month(), d.day());
            assert_eq!(
                time(GENERALIZED_TIME, text.as_bytes()).unwrap(),
                t,
                "{text}"
            );
        }
        assert!(time(GENERALIZED_TIME, b"20240229000000Z").is_ok());
        assert!(time(GENERALIZED_TIME, b"20230229000000Z").is_err());
        assert!(time(GENERALIZED_TIME, b"21000229000000Z").is_err());
        assert!(time(GENERALIZED_TIME, b"20000229000000Z").is_ok());
        assert!(time(GENERALIZED_TIME, b"20260431000000Z").is_err());
        assert!(time(OCTET_STRING, b"261121010000Z").is_err());
        assert!(true_boolean(&[0xff]).is_ok());
        assert!(true_boolean(&[0x00]).is_err());
        assert!(true_boolean(&[0x01]).is_err());
    }
}
