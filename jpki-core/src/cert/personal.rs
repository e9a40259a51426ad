//! The 4 basic info (基本4情報) of a signing certificate.
//!
//! J-LIS writes them as `otherName`s in subjectAltName, under the arc
//! `1.2.392.200149.8.5.5`, each `[0] EXPLICIT UTF8String`:
//!
//! ```text
//! .1 name                 surname, U+3000, given name
//! .2 name substitutes     one digit per character of .1: 1 substituted, 0 not
//! .3 sex                  1 male, 2 female, 3 unknown
//! .4 birth date           E YYYYMMDD: era code (0 unknown, 1 Meiji … 5 Reiwa), Gregorian date
//! .5 address              as the resident register has it, no postal code
//! .6 address substitutes  as .2, for .5
//! ```
//!
//! Characters outside the certificate charset (JIS X 0208 levels 1–2 and JIS X 0212)
//! are replaced by listed substitutes (代替文字) and their positions marked, so a
//! verifier knows which characters may legitimately differ from what the resident
//! writes. See [`PersonalInfo::compare`].

use core::fmt;

use crate::Date;
use crate::error::{Error, PositionsError};
use crate::oid::Oid;
use crate::values::PersonalField;

/// 性別 as coded in the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    /// `1`.
    Male,
    /// `2`.
    Female,
    /// `3`: not known.
    Unknown,
}

impl Sex {
    /// Parses the certificate code `1`, `2` or `3`.
    pub fn from_code(code: &str) -> Result<Self, Error> {
        match code {
            "1" => Ok(Self::Male),
            "2" => Ok(Self::Female),
            "3" => Ok(Self::Unknown),
            _ => Err(Error::InvalidSex {
                value: code.to_owned(),
            }),
        }
    }

    /// The certificate code.
    pub const fn code(self) -> char {
        match self {
            Self::Male => '1',
            Self::Female => '2',
            Self::Unknown => '3',
        }
    }

    /// `male`, `female` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
            Self::Unknown => "unknown",
        }
    }

    /// 男, 女 or 不明.
    pub const fn japanese(self) -> &'static str {
        match self {
            Self::Male => "男",
            Self::Female => "女",
            Self::Unknown => "不明",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Japanese era (元号) as coded in the birth date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Era {
    /// `0`: not known; the date is shown in Gregorian years only.
    Unknown,
    /// `1`: 明治 (Meiji).
    Meiji,
    /// `2`: 大正 (Taishō), from 1912-07-30.
    Taisho,
    /// `3`: 昭和 (Shōwa), from 1926-12-25.
    Showa,
    /// `4`: 平成 (Heisei), from 1989-01-08.
    Heisei,
    /// `5`: 令和 (Reiwa), from 2019-05-01.
    Reiwa,
}

impl Era {
    const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// Parses the era code digit.
    pub fn from_code(code: char) -> Option<Self> {
        Some(match code {
            '0' => Self::Unknown,
            '1' => Self::Meiji,
            '2' => Self::Taisho,
            '3' => Self::Showa,
            '4' => Self::Heisei,
            '5' => Self::Reiwa,
            _ => return None,
        })
    }

    /// The era code digit.
    pub const fn code(self) -> char {
        match self {
            Self::Unknown => '0',
            Self::Meiji => '1',
            Self::Taisho => '2',
            Self::Showa => '3',
            Self::Heisei => '4',
            Self::Reiwa => '5',
        }
    }

    /// The era name in kanji (`昭和`), empty for [`Era::Unknown`].
    pub const fn kanji(self) -> &'static str {
        match self {
            Self::Unknown => "",
            Self::Meiji => "明治",
            Self::Taisho => "大正",
            Self::Showa => "昭和",
            Self::Heisei => "平成",
            Self::Reiwa => "令和",
        }
    }

    /// The era name in romaji (`Showa`).
    pub const fn romaji(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Meiji => "Meiji",
            Self::Taisho => "Taisho",
            Self::Showa => "Showa",
            Self::Heisei => "Heisei",
            Self::Reiwa => "Reiwa",
        }
    }

    /// The first day of the era (Meiji: 1868-01-25, the first day of Meiji 1 in the
    /// Gregorian calendar as counted for register dates).
    pub(crate) fn start(self) -> Option<Date> {
        match self {
            Self::Unknown => None,
            Self::Meiji => Date::new(1868, 1, 25),
            Self::Taisho => Date::new(1912, 7, 30),
            Self::Showa => Date::new(1926, 12, 25),
            Self::Heisei => Date::new(1989, 1, 8),
            Self::Reiwa => Date::new(2019, 5, 1),
        }
    }

    /// The era in force on `date` (Meiji for anything before Taishō).
    pub fn of_date(date: Date) -> Self {
        Self::ALL
            .iter()
            .rev()
            .copied()
            .find(|e| e.start().is_some_and(|s| date >= s))
            .unwrap_or(Self::Meiji)
    }

    /// Whether `date` falls in this era. [`Era::Unknown`] covers every date.
    pub fn covers(self, date: Date) -> bool {
        self == Self::Unknown || Self::of_date(date) == self
    }
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.romaji())
    }
}

/// 生年月日: the era code and the Gregorian date, as the certificate has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BirthDate {
    era: Era,
    date: Date,
}

impl BirthDate {
    /// A birth date on `date`, with the era in force that day.
    pub fn from_date(date: Date) -> Self {
        Self {
            era: Era::of_date(date),
            date,
        }
    }

    /// A birth date with an explicit era; fails if the era does not cover the date.
    pub fn with_era(era: Era, date: Date) -> Result<Self, Error> {
        if era.covers(date) {
            Ok(Self { era, date })
        } else {
            Err(Error::EraMismatch {
                value: format!(
                    "{}{:04}{:02}{:02}",
                    era.code(),
                    date.year(),
                    date.month(),
                    date.day()
                ),
                era: era.romaji(),
                date,
            })
        }
    }

    /// Parses the certificate form `EYYYYMMDD`.
    pub fn parse(value: &str) -> Result<Self, Error> {
        let mut chars = value.chars();
        let code = chars.next().ok_or_else(|| Error::InvalidBirthDate {
            value: value.to_owned(),
        })?;
        if !code.is_ascii_digit() {
            return Err(Error::InvalidBirthDate {
                value: value.to_owned(),
            });
        }
        let era = Era::from_code(code).ok_or_else(|| Error::UnknownEra {
            code,
            value: value.to_owned(),
        })?;
        let date = Date::parse_compact(chars.as_str()).ok_or_else(|| Error::InvalidBirthDate {
            value: value.to_owned(),
        })?;
        Self::with_era(era, date).map_err(|e| match e {
            Error::EraMismatch { era, date, .. } => Error::EraMismatch {
                value: value.to_owned(),
                era,
                date,
            },
            other => other,
        })
    }

    /// The era code as recorded.
    pub const fn era(&self) -> Era {
        self.era
    }

    /// The Gregorian date.
    pub const fn date(&self) -> Date {
        self.date
    }

    /// The year within the era (昭和25 → 25), or `None` when the era is unknown
    /// or the date precedes it (a date before 1868-01-25 read as Meiji:
    /// [`Era::of_date`] and a certificate's era code `1` allow it).
    pub fn era_year(&self) -> Option<u16> {
        let start = self.era.start()?;
        if self.date < start {
            return None;
        }
        self.date.year().checked_sub(start.year())?.checked_add(1)
    }

    /// `1950-04-01`.
    pub fn to_iso(&self) -> String {
        self.date.to_string()
    }

    /// `昭和25年4月1日`; the first year of an era is written 元年 (`令和元年5月1日`).
    /// With an unknown era code, the Gregorian year: `1950年4月1日`.
    pub fn to_japanese(&self) -> String {
        let (m, d) = (self.date.month(), self.date.day());
        match self.era_year() {
            Some(1) => format!("{}元年{m}月{d}日", self.era.kanji()),
            Some(y) => format!("{}{y}年{m}月{d}日", self.era.kanji()),
            None => format!("{}年{m}月{d}日", self.date.year()),
        }
    }

    /// The certificate form `EYYYYMMDD`.
    pub fn to_certificate_form(&self) -> String {
        format!(
            "{}{:04}{:02}{:02}",
            self.era.code(),
            self.date.year(),
            self.date.month(),
            self.date.day()
        )
    }
}

/// `1950-04-01 (昭和25年4月1日)`.
impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.to_iso(), self.to_japanese())
    }
}

/// Which characters of a name or address are substitutes (代替文字).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct SubstitutePositions {
    len: usize,
    positions: Vec<usize>,
}

impl SubstitutePositions {
    /// No substitutes in a field of `len` characters.
    pub fn none(len: usize) -> Self {
        Self {
            len,
            positions: Vec::new(),
        }
    }

    /// Parses the certificate's digit string for a field of `field_len` characters.
    pub fn parse(field: PersonalField, field_len: usize, digits: &str) -> Result<Self, Error> {
        let err = |reason| Error::InvalidSubstitutePositions { field, reason };
        let mut positions = Vec::new();
        let mut count = 0usize;
        for (i, ch) in digits.chars().enumerate() {
            match ch {
                '0' => {}
                '1' => positions.push(i),
                _ => return Err(err(PositionsError::BadDigit { ch, position: i })),
            }
            count += 1;
        }
        if count != field_len {
            return Err(err(PositionsError::LengthMismatch {
                expected: field_len,
                found: count,
            }));
        }
        Ok(Self {
            len: field_len,
            positions,
        })
    }

    /// Builds positions for a field of `len` characters from 0-based indices
    /// (sorted, deduplicated, those past the end dropped).
    pub fn from_positions(len: usize, mut positions: Vec<usize>) -> Self {
        positions.sort_unstable();
        positions.dedup();
        positions.retain(|&p| p < len);
        Self { len, positions }
    }

    /// Characters in the field.
    pub fn field_len(&self) -> usize {
        self.len
    }

    /// The 0-based character indices marked as substitutes, ascending.
    pub fn positions(&self) -> &[usize] {
        &self.positions
    }

    /// Whether any character is a substitute.
    pub fn any(&self) -> bool {
        !self.positions.is_empty()
    }

    /// Whether the character at `index` is a substitute.
    pub fn is_substituted(&self, index: usize) -> bool {
        self.positions.binary_search(&index).is_ok()
    }

    /// The certificate's digit string (`0100`).
    pub fn to_digits(&self) -> String {
        (0..self.len)
            .map(|i| if self.is_substituted(i) { '1' } else { '0' })
            .collect()
    }
}

/// An otherName under the 4 basic info arc that this version does not know
/// (newer cards may add an alias, a former surname or kana readings).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OtherPersonalField {
    /// The otherName type-id.
    pub oid: Oid,
    /// Its UTF8String value.
    pub value: String,
}

/// The 4 basic info (基本4情報) of a signing certificate, with substitute positions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PersonalInfo {
    pub(crate) name: String,
    pub(crate) name_substitutes: SubstitutePositions,
    pub(crate) birth_date: BirthDate,
    pub(crate) sex: Sex,
    pub(crate) address: String,
    pub(crate) address_substitutes: SubstitutePositions,
    pub(crate) other_fields: Vec<OtherPersonalField>,
}

impl PersonalInfo {
    /// Assembles 4 basic info, checking that positions fit their fields.
    pub fn new(
        name: String,
        name_substitutes: SubstitutePositions,
        birth_date: BirthDate,
        sex: Sex,
        address: String,
        address_substitutes: SubstitutePositions,
    ) -> Result<Self, Error> {
        for (field, text, subs) in [
            (PersonalField::Name, &name, &name_substitutes),
            (PersonalField::Address, &address, &address_substitutes),
        ] {
            let len = text.chars().count();
            if subs.field_len() != len {
                return Err(Error::InvalidSubstitutePositions {
                    field,
                    reason: PositionsError::LengthMismatch {
                        expected: len,
                        found: subs.field_len(),
                    },
                });
            }
        }
        Ok(Self {
            name,
            name_substitutes,
            birth_date,
            sex,
            address,
            address_substitutes,
            other_fields: Vec::new(),
        })
    }

    /// 氏名 as written in the certificate (substitutes included).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The surname: the name up to the first space (U+3000 or ASCII).
    pub fn surname(&self) -> &str {
        self.name
            .split([' ', '\u{3000}'])
            .next()
            .unwrap_or(&self.name)
    }

    /// The given name: what follows the first space, or `None` if there is none.
    pub fn given_name(&self) -> Option<&str> {
        self.name
            .split_once([' ', '\u{3000}'])
            .map(|(_, given)| given)
    }

    /// Which characters of the name are substitutes.
    pub fn name_substitutes(&self) -> &SubstitutePositions {
        &self.name_substitutes
    }

    /// 生年月日.
    pub fn birth_date(&self) -> &BirthDate {
        &self.birth_date
    }

    /// 性別.
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// 住所 as written in the certificate (substitutes included).
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Which characters of the address are substitutes.
    pub fn address_substitutes(&self) -> &SubstitutePositions {
        &self.address_substitutes
    }

    /// Other otherNames under the 4 basic info arc, in certificate order.
    pub fn other_fields(&self) -> &[OtherPersonalField] {
        &self.other_fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_date_forms() {
        let b = BirthDate::parse("319500401").unwrap();
        assert_eq!(b.era(), Era::Showa);
        assert_eq!(b.era_year(), Some(25));
        assert_eq!(b.to_iso(), "1950-04-01");
        assert_eq!(b.to_japanese(), "昭和25年4月1日");
        assert_eq!(b.to_certificate_form(), "319500401");
        assert_eq!(b.to_string(), "1950-04-01 (昭和25年4月1日)");
        assert_eq!(
            BirthDate::parse("520190501").unwrap().to_japanese(),
            "令和元年5月1日"
        );
        assert_eq!(
            BirthDate::parse("419890108").unwrap().to_japanese(),
            "平成元年1月8日"
        );
        assert_eq!(
            BirthDate::parse("319890107").unwrap().to_japanese(),
            "昭和64年1月7日"
        );
        assert_eq!(BirthDate::parse("219120730").unwrap().era_year(), Some(1));
        assert_eq!(
            BirthDate::parse("019500401").unwrap().to_japanese(),
            "1950年4月1日"
        );
        assert_eq!(
            BirthDate::parse("119000101").unwrap().to_japanese(),
            "明治33年1月1日"
        );
    }

    #[test]
    fn birth_date_errors() {
        assert!(matches!(
            BirthDate::parse("919500401"),
            Err(Error::UnknownEra { code: '9', .. })
        ));
        assert!(matches!(
            BirthDate::parse("619500401"),
            Err(Error::UnknownEra { code: '6', .. })
        ));
        for bad in [
            "",
            "3",
            "31950041",
            "3195004011",
            "319501301",
            "319500230",
            "X19500401",
            "3１950401",
        ] {
            assert!(
                matches!(BirthDate::parse(bad), Err(Error::InvalidBirthDate { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            BirthDate::parse("419500401"),
            Err(Error::EraMismatch { era: "Heisei", .. })
        ));
        assert!(matches!(
            BirthDate::parse("319890108"),
            Err(Error::EraMismatch { era: "Showa", .. })
        ));
    }

    #[test]
    fn era_of_date() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        assert_eq!(Era::of_date(d(1912, 7, 29)), Era::Meiji);
        assert_eq!(Era::of_date(d(1912, 7, 30)), Era::Taisho);
        assert_eq!(Era::of_date(d(1926, 12, 24)), Era::Taisho);
        assert_eq!(Era::of_date(d(1926, 12, 25)), Era::Showa);
        assert_eq!(Era::of_date(d(2019, 4, 30)), Era::Heisei);
        assert_eq!(Era::of_date(d(2019, 5, 1)), Era::Reiwa);
        assert_eq!(Era::of_date(d(1850, 1, 1)), Era::Meiji);
    }

    #[test]
    fn dates_before_meiji_have_no_era_year() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        // Read as Meiji (the era in force on no earlier date), but not counted
        // in it: the Gregorian year is written, nothing underflows.
        for (date, japanese) in [
            (d(1867, 12, 31), "1867年12月31日"),
            (d(1868, 1, 24), "1868年1月24日"),
            (d(1, 1, 1), "1年1月1日"),
        ] {
            let b = BirthDate::from_date(date);
            assert_eq!(b.era(), Era::Meiji);
            assert_eq!(b.era_year(), None, "{date}");
            assert_eq!(b.to_japanese(), japanese);
        }
        assert_eq!(BirthDate::from_date(d(1868, 1, 25)).era_year(), Some(1));
        // A certificate may say so too.
        let b = BirthDate::parse("118000101").unwrap();
        assert_eq!(b.to_japanese(), "1800年1月1日");
    }

    #[test]
    fn sex_codes() {
        assert_eq!(Sex::from_code("1").unwrap(), Sex::Male);
        assert_eq!(Sex::from_code("2").unwrap(), Sex::Female);
        assert_eq!(Sex::from_code("3").unwrap(), Sex::Unknown);
        for bad in ["0", "9", "", "11", "男"] {
            assert!(
                matches!(Sex::from_code(bad), Err(Error::InvalidSex { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn positions() {
        let p = SubstitutePositions::parse(PersonalField::Name, 5, "10010").unwrap();
        assert_eq!(p.positions(), &[0, 3]);
        assert!(p.is_substituted(3) && !p.is_substituted(1));
        assert_eq!(p.to_digits(), "10010");
        assert!(matches!(
            SubstitutePositions::parse(PersonalField::Name, 5, "1001"),
            Err(Error::InvalidSubstitutePositions {
                field: PersonalField::Name,
                reason: PositionsError::LengthMismatch {
                    expected: 5,
                    found: 4
                }
            })
        ));
        assert!(matches!(
            SubstitutePositions::parse(PersonalField::Address, 3, "012"),
            Err(Error::InvalidSubstitutePositions {
                field: PersonalField::Address,
                reason: PositionsError::BadDigit {
                    ch: '2',
                    position: 2
                }
            })
        ));
        assert!(SubstitutePositions::parse(PersonalField::Name, 2, "1０").is_err());
        assert_eq!(
            SubstitutePositions::from_positions(3, vec![5, 1, 1]).to_digits(),
            "010"
        );
    }

    #[test]
    fn name_parts() {
        let info = PersonalInfo::new(
            "吉田　太郎".into(),
            SubstitutePositions::none(5),
            BirthDate::parse("319500401").unwrap(),
            Sex::Male,
            "東京都".into(),
            SubstitutePositions::none(3),
        )
        .unwrap();
        assert_eq!(info.surname(), "吉田");
        assert_eq!(info.given_name(), Some("太郎"));
        assert!(
            PersonalInfo::new(
                "吉田".into(),
                SubstitutePositions::none(5),
                BirthDate::parse("319500401").unwrap(),
                Sex::Male,
                "東京都".into(),
                SubstitutePositions::none(3),
            )
            .is_err()
        );
    }
}
