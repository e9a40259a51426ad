//! Certificate serial numbers.

use core::fmt;

use crate::error::Error;

/// A certificate serial number: a non-negative integer of up to 20 octets,
/// kept as minimal big-endian bytes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serial(Vec<u8>);

impl Serial {
    /// From big-endian bytes (leading zero octets are dropped).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        Self(bytes.get(start..).unwrap_or_default().to_vec())
    }

    /// From an integer.
    pub fn from_u64(value: u64) -> Self {
        Self::from_bytes(&value.to_be_bytes())
    }

    /// Parses decimal (`1234`) or `0x`-prefixed hexadecimal (`0x04d2`).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidSerial {
            value: text.to_owned(),
        };
        let t = text.trim();
        if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            if hex.is_empty() || hex.len() > 40 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return Err(bad());
            }
            let padded = if hex.len() % 2 == 1 {
                format!("0{hex}")
            } else {
                hex.to_owned()
            };
            let bytes = (0..padded.len())
                .step_by(2)
                .map(|i| {
                    padded
                        .get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                        .ok_or_else(bad)
                })
                .collect::<Result<Vec<u8>, Error>>()?;
            return Ok(Self::from_bytes(&bytes));
        }
        if t.is_empty() || t.len() > 49 || !t.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        // Big-endian base-256 accumulator: bytes = bytes * 10 + digit.
        let mut bytes: Vec<u8> = Vec::new();
        for d in t.bytes() {
            let mut carry = u16::from(d - b'0');
            for b in bytes.iter_mut().rev() {
                let v = u16::from(*b) * 10 + carry;
                *b = u8::try_from(v & 0xff).unwrap_or(0);
                carry = v >> 8;
            }
            while carry > 0 {
                bytes.insert(0, u8::try_from(carry & 0xff).unwrap_or(0));
                carry >>= 8;
            }
        }
        if bytes.len() > 20 {
            return Err(bad());
        }
        Ok(Self::from_bytes(&bytes))
    }

    /// Minimal big-endian bytes (empty for zero).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Lower-case hexadecimal without prefix (`04d2`; `00` for zero).
    pub fn to_hex(&self) -> String {
        if self.0.is_empty() {
            return "00".into();
        }
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Decimal digits.
    pub fn to_decimal(&self) -> String {
        // Repeated division of the big-endian number by 10.
        let mut digits = Vec::new();
        let mut n = self.0.clone();
        while n.iter().any(|&b| b != 0) {
            let mut rem = 0u16;
            for b in n.iter_mut() {
                let cur = (rem << 8) | u16::from(*b);
                *b = u8::try_from(cur / 10).unwrap_or(0);
                rem = cur % 10;
            }
            digits.push(char::from(b'0' + u8::try_from(rem).unwrap_or(0)));
        }
        if digits.is_empty() {
            return "0".into();
        }
        digits.iter().rev().collect()
    }

    /// The value as `u64`, when it fits.
    pub fn to_u64(&self) -> Option<u64> {
        if self.0.len() > 8 {
            return None;
        }
        Some(
            self.0
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
        )
    }
}

/// `0x`-prefixed hexadecimal.
impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{}", self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_render() {
        assert_eq!(Serial::parse("1234").unwrap().to_hex(), "04d2");
        assert_eq!(
            Serial::parse("0x04D2").unwrap(),
            Serial::parse("1234").unwrap()
        );
        assert_eq!(Serial::parse("0x4d2").unwrap().to_decimal(), "1234");
        assert_eq!(Serial::parse("0").unwrap().to_decimal(), "0");
        assert_eq!(Serial::from_u64(0x067c_6a21).to_string(), "0x067c6a21");
        let big = "1461501637330902918203684832716283019655932542975"; // 2^160 - 1
        let s = Serial::parse(big).unwrap();
        assert_eq!(s.as_bytes().len(), 20);
        assert_eq!(s.to_decimal(), big);
        assert_eq!(s.to_u64(), None);
        for bad in [
            "",
            "0x",
            "12a",
            "-1",
            "0xZZ",
            "1461501637330902918203684832716283019655932542976",
        ] {
            assert!(Serial::parse(bad).is_err(), "{bad}");
        }
    }
}
