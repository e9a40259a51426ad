//! The text application's 4 basic info (券面事項入力補助AP, EF 0002).
//!
//! ```text
//! FF 20 L {
//!   DF 21 L offsets      -- positions of the fields (read, not trusted)
//!   DF 22 L name         -- UTF-8
//!   DF 23 L address      -- UTF-8
//!   DF 24 L birth date   -- YYYYMMDD
//!   DF 25 L sex          -- "1" male, "2" female, "3" or "9" not known
//! }
//! ```
//! Lengths are BER (one byte below 0x80, else `81 xx` or `82 xx xx`). The file is
//! read to the end of the outer TLV; padding after it is ignored.

use crate::Date;
use crate::Sex;
use crate::error::Error;

/// The 4 basic info as the card's text application holds them (the register's own
/// characters: no substitutes here, unlike the signing certificate).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CardAttributes {
    /// 氏名.
    pub name: String,
    /// 住所.
    pub address: String,
    /// 生年月日.
    pub birth_date: Date,
    /// 性別.
    pub sex: Sex,
}

const OUTER: [u8; 2] = [0xFF, 0x20];

fn bad(reason: &'static str) -> Error {
    Error::MalformedResponse { reason }
}

/// Reads a BER length at the start of `b`: (length, bytes used).
pub(crate) fn ber_length(b: &[u8]) -> Result<(usize, usize), Error> {
    match b {
        [n, ..] if *n < 0x80 => Ok((usize::from(*n), 1)),
        [0x81, n, ..] => Ok((usize::from(*n), 2)),
        [0x82, hi, lo, ..] => Ok((usize::from(u16::from_be_bytes([*hi, *lo])), 3)),
        _ => Err(bad("attributes: unsupported or truncated TLV length")),
    }
}

fn push_ber_length(out: &mut Vec<u8>, len: usize) {
    match len {
        0..=0x7F => out.push(u8::try_from(len).unwrap_or(0)),
        0x80..=0xFF => out.extend([0x81, u8::try_from(len).unwrap_or(0)]),
        _ => {
            out.push(0x82);
            out.extend(u16::try_from(len).unwrap_or(u16::MAX).to_be_bytes());
        }
    }
}

/// How many bytes the outer TLV at the start of `head` spans, once `head` holds
/// its tag and length (`None` while more bytes are needed).
pub(crate) fn attributes_total_len(head: &[u8]) -> Result<Option<usize>, Error> {
    if head.len() < 3 {
        return Ok(None);
    }
    if head.get(..2) != Some(&OUTER[..]) {
        return Err(bad("attributes: not an FF20 template"));
    }
    match ber_length(head.get(2..).unwrap_or_default()) {
        Ok((len, used)) => Ok(Some(2 + used + len)),
        Err(_) if head.len() < 5 => Ok(None),
        Err(e) => Err(e),
    }
}

impl CardAttributes {
    /// Parses the contents of EF 0002 (trailing padding allowed).
    pub fn parse(file: &[u8]) -> Result<Self, Error> {
        let total = attributes_total_len(file)?.ok_or(bad("attributes: truncated"))?;
        let body_start = total - ber_length(file.get(2..).unwrap_or_default())?.0;
        let mut rest = file
            .get(body_start..total)
            .ok_or(bad("attributes: truncated"))?;
        let (mut name, mut address, mut birth, mut sex) = (None, None, None, None);
        while !rest.is_empty() {
            let tag = rest.get(..2).ok_or(bad("attributes: truncated tag"))?;
            let (len, used) = ber_length(rest.get(2..).unwrap_or_default())?;
            let start = 2 + used;
            let value = rest
                .get(start..start + len)
                .ok_or(bad("attributes: truncated value"))?;
            let text = || core::str::from_utf8(value).map_err(|_| bad("attributes: not UTF-8"));
            match tag {
                [0xDF, 0x21] => {}
                [0xDF, 0x22] => name = Some(text()?.to_owned()),
                [0xDF, 0x23] => address = Some(text()?.to_owned()),
                [0xDF, 0x24] => {
                    birth = Some(
                        Date::parse_compact(text()?).ok_or(bad("attributes: bad birth date"))?,
                    )
                }
                [0xDF, 0x25] => {
                    sex = Some(match text()? {
                        "1" => Sex::Male,
                        "2" => Sex::Female,
                        "3" | "9" => Sex::Unknown,
                        _ => return Err(bad("attributes: bad sex code")),
                    })
                }
                _ => {}
            }
            rest = rest.get(start + len..).unwrap_or_default();
        }
        Ok(Self {
            name: name.ok_or(bad("attributes: no name"))?,
            address: address.ok_or(bad("attributes: no address"))?,
            birth_date: birth.ok_or(bad("attributes: no birth date"))?,
            sex: sex.ok_or(bad("attributes: no sex"))?,
        })
    }

    /// Encodes the EF 0002 contents (what a card issuer writes).
    pub fn to_tlv(&self) -> Vec<u8> {
        let birth = format!(
            "{:04}{:02}{:02}",
            self.birth_date.year(),
            self.birth_date.month(),
            self.birth_date.day()
        );
        let sex = match self.sex {
            Sex::Male => "1",
            Sex::Female => "2",
            Sex::Unknown => "9",
        };
        let fields: [(u8, &[u8]); 4] = [
            (0x22, self.name.as_bytes()),
            (0x23, self.address.as_bytes()),
            (0x24, birth.as_bytes()),
            (0x25, sex.as_bytes()),
        ];
        let mut body = Vec::new();
        let mut offsets = Vec::new();
        // Offsets count from the start of the body, after the 11-byte DF21 element.
        for (tag, value) in fields {
            offsets.extend(
                u16::try_from(11 + body.len())
                    .unwrap_or(u16::MAX)
                    .to_be_bytes(),
            );
            body.extend([0xDF, tag]);
            push_ber_length(&mut body, value.len());
            body.extend_from_slice(value);
        }
        let mut inner = vec![0xDF, 0x21, 0x08];
        inner.extend(offsets);
        inner.extend(body);
        let mut out = OUTER.to_vec();
        push_ber_length(&mut out, inner.len());
        out.extend(inner);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(address: &str) -> CardAttributes {
        CardAttributes {
            name: "𠮷田　太郎".into(),
            address: address.into(),
            birth_date: Date::new(1950, 4, 1).unwrap(),
            sex: Sex::Male,
        }
    }

    #[test]
    fn round_trip_short_and_long() {
        for address in ["東京都千代田区霞が関2丁目1番2号", &"長".repeat(60)] {
            let a = sample(address);
            let mut tlv = a.to_tlv();
            assert_eq!(attributes_total_len(&tlv).unwrap(), Some(tlv.len()));
            tlv.extend([0xFF; 20]); // padding after the template
            assert_eq!(CardAttributes::parse(&tlv).unwrap(), a);
        }
    }

    #[test]
    fn malformed() {
        let tlv = sample("東京都").to_tlv();
        for cut in 0..tlv.len() {
            assert!(CardAttributes::parse(&tlv[..cut]).is_err(), "cut at {cut}");
        }
        let mut wrong = tlv.clone();
        wrong[0] = 0xFE;
        assert!(CardAttributes::parse(&wrong).is_err());
        assert_eq!(attributes_total_len(&tlv[..2]).unwrap(), None);
    }
}
