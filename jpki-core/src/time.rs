//! Instants and calendar dates, with no clock of their own.
//!
//! The core never reads the system clock: every validity decision takes a [`Time`]
//! from the caller. Certificates carry UTC; JPKI reasons in Japan Standard Time
//! (UTC+9, no daylight saving), so "end of day" means 23:59:59 JST = 14:59:59Z.

use core::fmt;
use core::time::Duration;

use der::DateTime;

use crate::error::Error;

/// Seconds between UTC and Japan Standard Time (JST = UTC+9, no daylight saving).
pub(crate) const JST_OFFSET_SECONDS: u64 = 9 * 3600;

const SECONDS_PER_DAY: u64 = 86_400;

/// An instant, as whole seconds since 1970-01-01T00:00:00Z.
///
/// The range is the one X.509 can express: 1970 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(u64);

impl Time {
    /// The instant `secs` seconds after the Unix epoch.
    pub const fn from_unix_seconds(secs: u64) -> Self {
        Self(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> u64 {
        self.0
    }

    /// Midnight UTC at the start of `date`.
    pub fn from_date_utc(date: Date) -> Self {
        Self(date.days_since_epoch() * SECONDS_PER_DAY)
    }

    /// 23:59:59 JST on `date` (14:59:59Z), the end of a JPKI validity day.
    pub fn end_of_day_jst(date: Date) -> Self {
        // 23:59:59 JST is 14:59:59 UTC on the same calendar date.
        Self(date.days_since_epoch() * SECONDS_PER_DAY + 14 * 3600 + 59 * 60 + 59)
    }

    /// The calendar date in UTC.
    pub fn date_utc(self) -> Date {
        Date::from_days_since_epoch(self.0 / SECONDS_PER_DAY)
    }

    /// The calendar date in Japan (JST).
    pub fn date_jst(self) -> Date {
        Date::from_days_since_epoch(self.0.saturating_add(JST_OFFSET_SECONDS) / SECONDS_PER_DAY)
    }

    /// This instant plus `secs` seconds, saturating.
    pub const fn add_seconds(self, secs: u64) -> Self {
        Self(self.0.saturating_add(secs))
    }

    /// Parses an RFC 3339 timestamp: `2026-11-21T09:30:00Z` or with an offset
    /// such as `+09:00`. Fractions of a second are accepted and dropped, before
    /// `Z` or an offset alike. Instants before 1970-01-01T00:00:00Z (which a
    /// [`Time`] cannot hold) are refused, never moved to the epoch.
    pub fn parse_rfc3339(text: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidTime {
            value: text.to_owned(),
        };
        let b = text.as_bytes();
        if b.len() < 20 || b.get(10).is_none_or(|c| !matches!(c, b'T' | b't' | b' ')) {
            return Err(bad());
        }
        let date = Date::parse_iso(text.get(..10).ok_or_else(bad)?).map_err(|_| bad())?;
        let digits = |s: Option<&str>| -> Result<u64, Error> {
            let s = s.ok_or_else(bad)?;
            if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse::<u64>().map_err(|_| bad())
        };
        if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
            return Err(bad());
        }
        let (h, m, s) = (
            digits(text.get(11..13))?,
            digits(text.get(14..16))?,
            digits(text.get(17..19))?,
        );
        if h > 23 || m > 59 || s > 60 {
            return Err(bad());
        }
        let mut rest = text.get(19..).ok_or_else(bad)?;
        if let Some(frac) = rest.strip_prefix('.') {
            let count = frac.bytes().take_while(u8::is_ascii_digit).count();
            if count == 0 {
                return Err(bad());
            }
            rest = frac.get(count..).ok_or_else(bad)?;
        }
        // Seconds since 1970 of the local reading, signed: a date before 1970 with
        // a negative offset can still be an instant after the epoch.
        let days = date.days_from_epoch().ok_or_else(bad)?;
        let clock = i64::try_from(h * 3600 + m * 60 + s.min(59)).map_err(|_| bad())?;
        let local = days * 86_400 + clock;
        let utc = match rest {
            "Z" | "z" => local,
            off if off.len() == 6 && matches!(off.as_bytes().first(), Some(b'+' | b'-')) => {
                if off.as_bytes().get(3) != Some(&b':') {
                    return Err(bad());
                }
                let (oh, om) = (digits(off.get(1..3))?, digits(off.get(4..6))?);
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                let delta = i64::try_from(oh * 3600 + om * 60).map_err(|_| bad())?;
                if off.starts_with('+') {
                    local - delta
                } else {
                    local + delta
                }
            }
            _ => return Err(bad()),
        };
        u64::try_from(utc).map(Self).map_err(|_| bad())
    }

    pub(crate) fn from_der_time(t: &x509_cert::time::Time) -> Self {
        Self(t.to_unix_duration().as_secs())
    }

    pub(crate) fn to_der_time(self) -> Result<x509_cert::time::Time, Error> {
        let dt = DateTime::from_unix_duration(Duration::from_secs(self.0)).map_err(|e| {
            Error::InvalidTime {
                value: format!("{} seconds since the epoch: {e}", self.0),
            }
        })?;
        // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        Ok(if dt.year() < 2050 {
            x509_cert::time::Time::UtcTime(der::asn1::UtcTime::from_date_time(dt).map_err(|e| {
                Error::InvalidTime {
                    value: e.to_string(),
                }
            })?)
        } else {
            x509_cert::time::Time::GeneralTime(der::asn1::GeneralizedTime::from_date_time(dt))
        })
    }
}

/// RFC 3339 in UTC, e.g. `2031-04-01T14:59:59Z`.
impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match DateTime::from_unix_duration(Duration::from_secs(self.0)) {
            Ok(dt) => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                dt.year(),
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minutes(),
                dt.seconds()
            ),
            Err(_) => write!(f, "@{}", self.0),
        }
    }
}

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A checked date: `month` 1–12 and `day` within that month.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(Self { year, month, day })
        } else {
            None
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidDate {
            value: text.to_owned(),
        };
        let b = text.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(bad());
        }
        let digits = |r: core::ops::Range<usize>| -> Option<u16> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (y, m, d) = (
            digits(0..4).ok_or_else(bad)?,
            digits(5..7).ok_or_else(bad)?,
            digits(8..10).ok_or_else(bad)?,
        );
        Self::new(
            y,
            u8::try_from(m).map_err(|_| bad())?,
            u8::try_from(d).map_err(|_| bad())?,
        )
        .ok_or_else(bad)
    }

    /// Parses the compact form `YYYYMMDD`.
    pub fn parse_compact(text: &str) -> Option<Self> {
        if text.len() != 8 || !text.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Self::new(
            text.get(0..4)?.parse().ok()?,
            text.get(4..6)?.parse().ok()?,
            text.get(6..8)?.parse().ok()?,
        )
    }

    /// The year.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// The same month and day in `year`; 29 February becomes 28 February in a
    /// common year.
    pub fn with_year(self, year: u16) -> Self {
        let day = self.day.min(days_in_month(year, self.month));
        Self {
            year,
            month: self.month,
            day,
        }
    }

    /// Completed years of age on `on` for someone born on `self`.
    pub fn age_on(self, on: Date) -> u16 {
        let years = on.year.saturating_sub(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years.saturating_sub(1)
        } else {
            years
        }
    }

    /// Days since 1970-01-01 (dates before it clamp to 0).
    pub(crate) fn days_since_epoch(self) -> u64 {
        self.days_from_epoch()
            .and_then(|d| u64::try_from(d).ok())
            .unwrap_or(0)
    }

    /// Days from 1970-01-01 to this date, negative before it.
    fn days_from_epoch(self) -> Option<i64> {
        // Howard Hinnant's days-from-civil algorithm, in unsigned arithmetic
        // (the year shifted by 40,000 so nothing goes below zero).
        let y = u64::from(self.year) + 400 * 100 - u64::from(self.month <= 2);
        let m = u64::from(self.month);
        let era = y / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + u64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i64::try_from(era * 146_097 + doe)
            .ok()?
            .checked_sub(719_468 + 100 * 146_097)
    }

    fn from_days_since_epoch(days: u64) -> Self {
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        Self {
            year: u16::try_from(year).unwrap_or(u16::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2031, 4, 1), (2099, 12, 31)] {
            let date = Date::new(y, m, d).unwrap();
            let t = Time::from_date_utc(date);
            assert_eq!(t.date_utc(), date);
        }
        assert_eq!(
            Time::from_date_utc(Date::new(1970, 1, 2).unwrap()).0,
            86_400
        );
    }

    #[test]
    fn jst_end_of_day() {
        let t = Time::end_of_day_jst(Date::new(2031, 4, 1).unwrap());
        assert_eq!(t.to_string(), "2031-04-01T14:59:59Z");
        assert_eq!(t.date_jst(), Date::new(2031, 4, 1).unwrap());
        assert_eq!(t.add_seconds(1).date_jst(), Date::new(2031, 4, 2).unwrap());
    }

    #[test]
    fn rfc3339() {
        let t = Time::parse_rfc3339("2026-11-21T09:30:00+09:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-21T00:30:00Z");
        assert_eq!(Time::parse_rfc3339("2026-11-21T00:30:00.123Z").unwrap(), t);
        // A fraction before an offset (the offset was once read at fixed places).
        assert_eq!(
            Time::parse_rfc3339("2026-11-21T09:30:00.250+09:00").unwrap(),
            t
        );
        assert_eq!(
            Time::parse_rfc3339("2026-11-20T19:30:00.5-05:00").unwrap(),
            t
        );
        // Before 1970 in local time, after the epoch in UTC.
        assert_eq!(
            Time::parse_rfc3339("1969-12-31T20:00:00-05:00")
                .unwrap()
                .unix_seconds(),
            3600
        );
        assert_eq!(Time::parse_rfc3339("1970-01-01T00:00:00Z").unwrap().0, 0);
        for bad in [
            "2026-11-21",
            "2026-13-01T00:00:00Z",
            "2026-11-21T00:00:00",
            "x",
            // Before the epoch: refused, never moved to 1970-01-01.
            "1950-04-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "1970-01-01T08:59:59+09:00",
            "2026-11-21T09:30:00.+09:00",
            "2026-11-21T09:30:00+9:00",
        ] {
            assert!(
                matches!(Time::parse_rfc3339(bad), Err(Error::InvalidTime { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert_eq!(
            Date::parse_iso("1950-04-01").unwrap().to_string(),
            "1950-04-01"
        );
        assert!(Date::parse_iso("1950-4-01").is_err());
        let leapling = Date::new(2004, 2, 29).unwrap();
        assert_eq!(leapling.with_year(2031), Date::new(2031, 2, 28).unwrap());
        let born = Date::new(2011, 11, 22).unwrap();
        assert_eq!(born.age_on(Date::new(2026, 11, 21).unwrap()), 14);
        assert_eq!(born.age_on(Date::new(2026, 11, 22).unwrap()), 15);
    }
}
