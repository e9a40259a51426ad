//! ISO/IEC 7816-4 command and response APDUs (short form only).
//!
//! JPKI cards are driven with short APDUs: `Lc` ≤ 255 and `Le` ≤ 256 (`00` meaning
//! 256). Extended length is not reliably supported by the cards and readers in the
//! field, so it is neither produced nor accepted here.
//!
//! | case | layout |
//! |---|---|
//! | 1 | `CLA INS P1 P2` |
//! | 2 | `CLA INS P1 P2 Le` |
//! | 3 | `CLA INS P1 P2 Lc data` |
//! | 4 | `CLA INS P1 P2 Lc data Le` |

use core::fmt;

use crate::error::Error;

/// Largest command data field of a short APDU.
pub const MAX_LC: usize = 255;
/// Largest response data field of a short APDU.
pub const MAX_LE: usize = 256;

/// A command APDU.
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    /// Class byte.
    pub cla: u8,
    /// Instruction byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Command data (empty for cases 1 and 2).
    pub data: Vec<u8>,
    /// Expected response length (`None` for cases 1 and 3; 1–256).
    pub le: Option<u16>,
}

impl Command {
    /// A case 1 command (header only).
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Self {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
        }
    }

    /// The same command with `data` (case 3, or case 4 with [`Command::with_le`]).
    #[must_use]
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.data = data.into();
        self
    }

    /// The same command expecting up to `le` response bytes (1–256).
    #[must_use]
    pub fn with_le(mut self, le: u16) -> Self {
        self.le = Some(le);
        self
    }

    /// The ISO case (1–4).
    pub fn case(&self) -> u8 {
        match (self.data.is_empty(), self.le.is_some()) {
            (true, false) => 1,
            (true, true) => 2,
            (false, false) => 3,
            (false, true) => 4,
        }
    }

    /// Encodes the command as short APDU bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        if self.data.len() > MAX_LC {
            return Err(Error::ApduTooLong {
                field: "Lc",
                len: self.data.len(),
            });
        }
        let le = match self.le {
            None => None,
            Some(n @ 1..=255) => Some(u8::try_from(n).unwrap_or(0)),
            Some(256) => Some(0),
            Some(n) => {
                return Err(Error::ApduTooLong {
                    field: "Le",
                    len: usize::from(n),
                });
            }
        };
        let mut out = Vec::with_capacity(6 + self.data.len());
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        if !self.data.is_empty() {
            out.push(u8::try_from(self.data.len()).unwrap_or(0));
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = le {
            out.push(le);
        }
        Ok(out)
    }

    /// Parses short APDU bytes (what a card receives). Extended-length encodings
    /// are refused with [`Error::MalformedCommand`].
    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let bad = |reason: &'static str| Error::MalformedCommand { reason };
        let (header, body) = bytes
            .split_at_checked(4)
            .ok_or(bad("shorter than 4 bytes"))?;
        let [cla, ins, p1, p2] = [0, 1, 2, 3].map(|i| header.get(i).copied().unwrap_or(0));
        let mut cmd = Self::new(cla, ins, p1, p2);
        match body {
            [] => {}
            [le] => cmd.le = Some(if *le == 0 { 256 } else { u16::from(*le) }),
            [0, ..] => return Err(bad("extended length is not supported")),
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                match rest.len().checked_sub(lc) {
                    Some(0) => cmd.data = rest.to_vec(),
                    Some(1) => {
                        cmd.data = rest.get(..lc).unwrap_or_default().to_vec();
                        let le = rest.get(lc).copied().unwrap_or(0);
                        cmd.le = Some(if le == 0 { 256 } else { u16::from(le) });
                    }
                    _ => return Err(bad("Lc does not match the data length")),
                }
            }
        }
        Ok(cmd)
    }
}

/// Hex of the header and, for commands that carry secrets, `[redacted]` instead
/// of the data. Never prints the data of VERIFY or CHANGE REFERENCE DATA.
impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02X} {:02X} {:02X} {:02X}",
            self.cla, self.ins, self.p1, self.p2
        )?;
        if !self.data.is_empty() {
            write!(f, " Lc={:02X}", self.data.len())?;
            if carries_secret(self.ins) {
                f.write_str(" [redacted]")?;
            } else {
                f.write_str(" ")?;
                for b in &self.data {
                    write!(f, "{b:02X}")?;
                }
            }
        }
        if let Some(le) = self.le {
            write!(f, " Le={le}")?;
        }
        Ok(())
    }
}

/// VERIFY (`20`), CHANGE REFERENCE DATA (`24`) and RESET RETRY COUNTER (`2C`)
/// carry secrets in their data field.
pub fn carries_secret(ins: u8) -> bool {
    matches!(ins, 0x20 | 0x21 | 0x24 | 0x2C)
}

/// A response APDU: data and the status word.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    /// Response data.
    pub data: Vec<u8>,
    /// SW1 SW2.
    pub sw: u16,
}

impl Response {
    /// Splits raw response bytes into data and status word; fewer than two bytes
    /// is [`Error::MalformedResponse`].
    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let split = bytes.len().checked_sub(2).ok_or(Error::MalformedResponse {
            reason: "fewer than 2 bytes (no status word)",
        })?;
        let (data, sw) = bytes.split_at(split);
        let sw = match sw {
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => {
                return Err(Error::MalformedResponse {
                    reason: "no status word",
                });
            }
        };
        Ok(Self {
            data: data.to_vec(),
            sw,
        })
    }

    /// A response with `data` and `sw`.
    pub fn new(data: impl Into<Vec<u8>>, sw: u16) -> Self {
        Self {
            data: data.into(),
            sw,
        }
    }

    /// Data followed by SW1 SW2.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.data.clone();
        out.extend_from_slice(&self.sw.to_be_bytes());
        out
    }

    /// The status word, classified.
    pub fn status(&self) -> Status {
        Status::from_sw(self.sw)
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes, SW {:04X}", self.data.len(), self.sw)
    }
}

/// A status word, classified the way JPKI cards use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// `9000`.
    Ok,
    /// `61xx`: `xx` more bytes wait for GET RESPONSE (`00` = 256).
    MoreData(u16),
    /// `6282`: end of file reached before `Le` bytes (data returned is the rest).
    EndOfFile,
    /// `63Cx`: verification failed (or, for a status query, not yet verified);
    /// `x` tries remain. `63C0` means none remain.
    RetriesLeft(u8),
    /// `6700`: wrong length.
    WrongLength,
    /// `6982`: security status not satisfied (secret not verified).
    SecurityNotSatisfied,
    /// `6983`: authentication method blocked.
    Blocked,
    /// `6984`: reference data not usable (JPKI cards: blocked after the last try).
    ReferenceDataUnusable,
    /// `6985`: conditions of use not satisfied.
    ConditionsNotSatisfied,
    /// `6986`: command not allowed (no current EF).
    CommandNotAllowed,
    /// `6A82`: file or application not found.
    FileNotFound,
    /// `6A86`: incorrect P1 P2.
    WrongP1P2,
    /// `6B00`: offset outside the file.
    WrongOffset,
    /// `6Cxx`: wrong `Le`; `xx` is the right one (`00` = 256).
    WrongLe(u16),
    /// `6D00`: instruction not supported.
    InsNotSupported,
    /// `6E00`: class not supported.
    ClaNotSupported,
    /// Anything else.
    Other(u16),
}

impl Status {
    /// Classifies SW1 SW2.
    pub fn from_sw(sw: u16) -> Self {
        let [sw1, sw2] = sw.to_be_bytes();
        let n = |b: u8| if b == 0 { 256 } else { u16::from(b) };
        match (sw1, sw2) {
            (0x90, 0x00) => Self::Ok,
            (0x61, x) => Self::MoreData(n(x)),
            (0x62, 0x82) => Self::EndOfFile,
            (0x63, x) if x & 0xF0 == 0xC0 => Self::RetriesLeft(x & 0x0F),
            (0x67, 0x00) => Self::WrongLength,
            (0x69, 0x82) => Self::SecurityNotSatisfied,
            (0x69, 0x83) => Self::Blocked,
            (0x69, 0x84) => Self::ReferenceDataUnusable,
            (0x69, 0x85) => Self::ConditionsNotSatisfied,
            (0x69, 0x86) => Self::CommandNotAllowed,
            (0x6A, 0x82) => Self::FileNotFound,
            (0x6A, 0x86) => Self::WrongP1P2,
            (0x6B, 0x00) => Self::WrongOffset,
            (0x6C, x) => Self::WrongLe(n(x)),
            (0x6D, 0x00) => Self::InsNotSupported,
            (0x6E, 0x00) => Self::ClaNotSupported,
            _ => Self::Other(sw),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_encode_and_parse() {
        let c1 = Command::new(0x00, 0x20, 0x00, 0x80);
        assert_eq!(c1.to_bytes().unwrap(), [0x00, 0x20, 0x00, 0x80]);
        let c2 = Command::new(0x00, 0xB0, 0x01, 0x00).with_le(256);
        assert_eq!(c2.to_bytes().unwrap(), [0x00, 0xB0, 0x01, 0x00, 0x00]);
        let c3 = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data([0x00, 0x06]);
        assert_eq!(
            c3.to_bytes().unwrap(),
            [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x06]
        );
        let c4 = Command::new(0x80, 0x2A, 0x00, 0x80)
            .with_data([1, 2, 3])
            .with_le(256);
        assert_eq!(
            c4.to_bytes().unwrap(),
            [0x80, 0x2A, 0x00, 0x80, 3, 1, 2, 3, 0]
        );
        for (c, case) in [(&c1, 1), (&c2, 2), (&c3, 3), (&c4, 4)] {
            assert_eq!(c.case(), case);
            assert_eq!(&Command::parse(&c.to_bytes().unwrap()).unwrap(), c);
        }
    }

    #[test]
    fn limits() {
        let long = Command::new(0, 0xD6, 0, 0).with_data(vec![0; 256]);
        assert!(matches!(
            long.to_bytes(),
            Err(Error::ApduTooLong {
                field: "Lc",
                len: 256
            })
        ));
        assert!(Command::new(0, 0xB0, 0, 0).with_le(257).to_bytes().is_err());
        assert!(Command::new(0, 0xB0, 0, 0).with_le(0).to_bytes().is_err());
        for bad in [
            &[0u8, 0xA4, 0x02][..],
            &[0, 0xA4, 2, 0xC, 3, 0, 6],
            &[0, 0xA4, 2, 0xC, 1, 0, 6, 0, 0],
            &[0, 0xB0, 0, 0, 0, 1, 0],
        ] {
            assert!(
                matches!(Command::parse(bad), Err(Error::MalformedCommand { .. })),
                "{bad:02X?}"
            );
        }
    }

    #[test]
    fn responses() {
        assert!(matches!(
            Response::parse(&[0x90]),
            Err(Error::MalformedResponse { .. })
        ));
        let r = Response::parse(&[1, 2, 0x90, 0x00]).unwrap();
        assert_eq!((r.data.as_slice(), r.status()), (&[1u8, 2][..], Status::Ok));
        assert_eq!(r.to_bytes(), [1, 2, 0x90, 0x00]);
        assert_eq!(Status::from_sw(0x63C3), Status::RetriesLeft(3));
        assert_eq!(Status::from_sw(0x63C0), Status::RetriesLeft(0));
        assert_eq!(Status::from_sw(0x6100), Status::MoreData(256));
        assert_eq!(Status::from_sw(0x6C10), Status::WrongLe(16));
        assert_eq!(Status::from_sw(0x6984), Status::ReferenceDataUnusable);
        assert_eq!(Status::from_sw(0x6F00), Status::Other(0x6F00));
    }

    #[test]
    fn debug_redacts_secrets() {
        let verify = Command::new(0, 0x20, 0, 0x80).with_data(b"1234".to_vec());
        let shown = format!("{verify:?}");
        assert!(
            shown.contains("[redacted]") && !shown.contains("31323334"),
            "{shown}"
        );
        let select = Command::new(0, 0xA4, 2, 0x0C).with_data([0x00, 0x06]);
        assert_eq!(format!("{select:?}"), "00 A4 02 0C Lc=02 0006");
    }
}
