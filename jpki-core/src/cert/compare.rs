//! Comparing a certificate's 4 basic info with what an applicant wrote.
//!
//! A verifier (a bank opening an account, a landlord…) receives the applicant's
//! name, birth date, sex and address from a form and the same 4 basic info from
//! the signing certificate. [`PersonalInfo::compare`] compares them field by
//! field and says, for each, whether they are identical, equal after explicit
//! normalizations ([`Normalization`]), equal except at positions the certificate
//! marks as substitutes (代替文字) where the applicant wrote the character the
//! substitute stands for, or different — and then where.
//!
//! ```text
//! certificate  高橋　太郎   (position 0 marked as a substitute)
//! applicant    髙橋 太郎
//! result       equivalent by substitution at 0 (space)
//! ```
//!
//! A difference at a position the certificate does not mark is always a
//! mismatch, even when the substitute table would map the characters: only the
//! issuer knows which characters it replaced.

use core::fmt;

use crate::Date;
use crate::cert::normalize::{self, NormChar, RuleSet};
use crate::cert::personal::{BirthDate, Era, PersonalInfo, Sex, SubstitutePositions};
use crate::cert::substitute::is_listed_substitute;
use crate::error::Error;
use crate::values::PersonalField;

/// What the applicant wrote. Any field may be absent.
///
/// An absent field compares as [`FieldMatch::NotProvided`]; an empty string is
/// a provided (and, against a non-empty certificate value, mismatching) field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applicant {
    /// 氏名 as written, surname and given name with or without a space.
    pub name: Option<String>,
    /// 生年月日 (see [`Applicant::parse_birth_date`] for text input).
    pub birth_date: Option<Date>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 住所 as written.
    pub address: Option<String>,
}

impl Applicant {
    /// An applicant who wrote nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same applicant with `name`.
    #[must_use]
    pub fn with_name(self, name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..self
        }
    }

    /// The same applicant with `birth_date`.
    #[must_use]
    pub fn with_birth_date(self, birth_date: Date) -> Self {
        Self {
            birth_date: Some(birth_date),
            ..self
        }
    }

    /// The same applicant with `sex`.
    #[must_use]
    pub fn with_sex(self, sex: Sex) -> Self {
        Self {
            sex: Some(sex),
            ..self
        }
    }

    /// The same applicant with `address`.
    #[must_use]
    pub fn with_address(self, address: impl Into<String>) -> Self {
        Self {
            address: Some(address.into()),
            ..self
        }
    }

    /// Parses a birth date as applicants write it.
    ///
    /// Accepted forms (full-width digits, letters and punctuation are accepted
    /// too, and whitespace anywhere is ignored):
    ///
    /// * Gregorian: `1950-04-01`, `1950/4/1`, `1950.4.1`, `1950年4月1日` — a
    ///   four-digit year, then month and day of one or two digits;
    /// * era names: `昭和25年4月1日`, `昭和元年12月25日`, also `昭和25/4/1`
    ///   (明治, 大正, 昭和, 平成, 令和);
    /// * era letters: `S25.4.1`, `H1.1.8`, `R1.5.1`, `S25/4/1`, `s25-4-1`,
    ///   `S25年4月1日` (M, T, S, H, R, either case).
    ///
    /// An era year must be 1 (or 元) or more and the date must fall within the
    /// era: `昭和64年1月7日` is 1989-01-07, but `昭和64年1月8日` (already 平成),
    /// `昭和65年1月1日` and `平成0年1月1日` are refused. Meiji starts on 1868-01-25,
    /// as in [`Era`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDate`] with the text given, for anything else, including
    /// dates that do not exist (`2023-02-29`).
    pub fn parse_birth_date(text: &str) -> Result<Date, Error> {
        parse_birth_date(text).ok_or_else(|| Error::InvalidDate {
            value: text.to_owned(),
        })
    }
}

/// A normalization rule that was needed for a field to match.
///
/// Rules are applied to both the certificate's and the applicant's string, in
/// the order of the variants. Names use [`Width`](Self::Width) and
/// [`Space`](Self::Space); addresses use all four.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Normalization {
    /// Character width: full-width ASCII U+FF01–U+FF5E becomes ASCII (`１` → `1`,
    /// `Ａ` → `A`); half-width katakana U+FF61–U+FF9F becomes full-width, a
    /// following half-width `ﾞ`/`ﾟ` composing with it (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`,
    /// `ｳﾞ` → `ヴ`). Letter case is kept; U+3000 is left to [`Space`](Self::Space).
    Width,
    /// Whitespace: every whitespace character (ASCII space, U+3000, tab…) is
    /// removed, so `吉田 太郎`, `吉田　太郎` and `吉田太郎` are equal.
    Space,
    /// Dashes (addresses only): U+2010–U+2015, U+2212 `−`, U+FF0D `－` and
    /// U+FE63 `﹣` become `-`; the prolonged sound marks `ー` (U+30FC) and `ｰ`
    /// (U+FF70) become `-` only next to an ASCII digit (`1ー2`), elsewhere they
    /// are katakana (`メゾンー`).
    Dash,
    /// Block numbering (addresses only): kanji numerals right before `丁目`
    /// become ASCII digits (`二丁目` → `2丁目`, `十二丁目` → `12丁目`); after a digit
    /// `丁目`, `番地`, `番` and `号` become `-`, as does `の` between digits
    /// (`の` right after `番地`/`番` before a digit is dropped); a `-` so produced
    /// is dropped at the end or before a non-digit. `1丁目2番3号`, `1丁目2番地3`,
    /// `一丁目2-3` and `1-2-3` are all `1-2-3`; `2番地` at the end is `2`.
    BlockNumber,
}

impl Normalization {
    /// A stable lower-case name: `width`, `space`, `dash`, `block_number`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Width => "width",
            Self::Space => "space",
            Self::Dash => "dash",
            Self::BlockNumber => "block_number",
        }
    }
}

impl fmt::Display for Normalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one field of the applicant compares with the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldMatch {
    /// Identical strings (or, for birth date and sex, values).
    Exact,
    /// Equal after the listed normalizations, which are the rules that changed
    /// at least one of the strings and without which the strings would not be
    /// equal, in enum order.
    Normalized {
        /// The normalizations needed.
        applied: Vec<Normalization>,
    },
    /// Equal (after the listed normalizations) except at positions the
    /// certificate marks as substitutes, where the applicant wrote a character
    /// the substitute table maps to the certificate's character.
    EquivalentBySubstitution {
        /// Character indices in the certificate's string, ascending.
        positions: Vec<usize>,
        /// The normalizations needed as well (possibly none).
        applied: Vec<Normalization>,
    },
    /// Different, even after normalization and accepted substitutes.
    ///
    /// Both values are whole fields in the form a person compares them in:
    ///
    /// * birth date: the Japanese era form, `昭和25年4月1日` (the Gregorian
    ///   `1850年1月1日` before Meiji);
    /// * sex: `male`, `female` or `unknown`;
    /// * name and address: the strings as compared, after every
    ///   normalization of the field ([`Normalization`]: for a name width and
    ///   spaces, so `高橋　太郎` shows as `高橋太郎`; for an address also dashes
    ///   and block numbers, so `霞が関二丁目1番2号` shows as `霞が関2-1-2`).
    ///
    /// Its `Display` leads with the field:
    /// `birth date: expected 昭和25年4月1日, found 昭和25年4月2日`,
    /// `sex: expected female, found male`,
    /// `name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)`.
    Mismatch {
        /// The field that differs.
        field: PersonalField,
        /// The certificate's value.
        expected: String,
        /// The applicant's value.
        found: String,
        /// For name and address, the index in characters of the first
        /// difference, the same in `expected` and `found` (the length of the
        /// shorter when it is the start of the other); `None` for birth date
        /// and sex.
        position: Option<usize>,
    },
    /// The applicant did not give this field.
    NotProvided,
}

impl FieldMatch {
    /// Whether the field matches: [`Exact`](Self::Exact),
    /// [`Normalized`](Self::Normalized) or
    /// [`EquivalentBySubstitution`](Self::EquivalentBySubstitution).
    pub fn is_match(&self) -> bool {
        matches!(
            self,
            Self::Exact | Self::Normalized { .. } | Self::EquivalentBySubstitution { .. }
        )
    }
}

fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// The field as a message names it: `name`, `birth date`, `sex`, `address`.
fn field_label(field: PersonalField) -> &'static str {
    match field {
        PersonalField::Name => "name",
        PersonalField::BirthDate => "birth date",
        PersonalField::Sex => "sex",
        PersonalField::Address => "address",
    }
}

/// A value in a message: as it is, or `(empty)`.
fn write_value(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    if value.is_empty() {
        f.write_str("(empty)")
    } else {
        f.write_str(value)
    }
}

/// Short English: `exact`, `normalized (width, block_number)`,
/// `equivalent by substitution at 0 (space)`, `not provided`; a mismatch leads
/// with its field and gives both values:
/// `birth date: expected 昭和25年4月1日, found 昭和25年4月2日`,
/// `name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)`.
impl fmt::Display for FieldMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact => f.write_str("exact"),
            Self::Normalized { applied } => {
                f.write_str("normalized")?;
                if !applied.is_empty() {
                    f.write_str(" (")?;
                    write_list(f, applied)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            Self::EquivalentBySubstitution { positions, applied } => {
                f.write_str("equivalent by substitution at ")?;
                write_list(f, positions)?;
                if !applied.is_empty() {
                    f.write_str(" (")?;
                    write_list(f, applied)?;
                    f.write_str(")")?;
                }
                Ok(())
            }
            Self::Mismatch {
                field,
                expected,
                found,
                position,
            } => {
                write!(f, "{}: expected ", field_label(*field))?;
                write_value(f, expected)?;
                f.write_str(", found ")?;
                write_value(f, found)?;
                match position {
                    // Where an empty value differs is plain from the values.
                    Some(p) if !expected.is_empty() && !found.is_empty() => {
                        write!(f, " (first difference at index {p})")
                    }
                    _ => Ok(()),
                }
            }
            Self::NotProvided => f.write_str("not provided"),
        }
    }
}

/// The field-by-field result of [`PersonalInfo::compare`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Comparison {
    /// 氏名.
    pub name: FieldMatch,
    /// 生年月日.
    pub birth_date: FieldMatch,
    /// 性別.
    pub sex: FieldMatch,
    /// 住所.
    pub address: FieldMatch,
}

impl Comparison {
    /// Whether all four fields were provided and match.
    pub fn all_match(&self) -> bool {
        self.fields().iter().all(|(_, m)| m.is_match())
    }

    /// Whether every provided field matches and at least one was provided.
    pub fn provided_match(&self) -> bool {
        let provided = || {
            self.fields()
                .into_iter()
                .filter(|(_, m)| **m != FieldMatch::NotProvided)
        };
        provided().next().is_some() && provided().all(|(_, m)| m.is_match())
    }

    /// The four results with their fields, in the order name, birth date, sex,
    /// address.
    pub fn fields(&self) -> [(PersonalField, &FieldMatch); 4] {
        [
            (PersonalField::Name, &self.name),
            (PersonalField::BirthDate, &self.birth_date),
            (PersonalField::Sex, &self.sex),
            (PersonalField::Address, &self.address),
        ]
    }
}

impl PersonalInfo {
    /// Compares the certificate's 4 basic info with what an applicant wrote.
    ///
    /// Names are compared after [`Normalization::Width`] and
    /// [`Normalization::Space`], addresses after all four normalizations; at
    /// positions the certificate marks as substitutes, a character the
    /// substitute table maps to the certificate's character is accepted. Birth
    /// dates compare as Gregorian dates (the era is implied), sex by code.
    ///
    /// ```
    /// # use jpki::cert::{BirthDate, SubstitutePositions};
    /// # use jpki::{Applicant, PersonalInfo, Sex};
    /// # fn main() -> Result<(), jpki::Error> {
    /// let info = PersonalInfo::new(
    ///     "高橋　太郎".into(),
    ///     SubstitutePositions::from_positions(5, vec![0]),
    ///     BirthDate::parse("319500401")?,
    ///     Sex::Male,
    ///     "東京都千代田区一丁目2番3号".into(),
    ///     SubstitutePositions::none(14),
    /// )?;
    /// let applicant = Applicant::new()
    ///     .with_name("髙橋 太郎")
    ///     .with_birth_date(Applicant::parse_birth_date("S25.4.1")?)
    ///     .with_sex(Sex::Male)
    ///     .with_address("東京都千代田区1-2-3");
    /// let result = info.compare(&applicant);
    /// assert!(result.all_match());
    /// assert_eq!(result.name.to_string(), "equivalent by substitution at 0 (space)");
    /// assert_eq!(result.address.to_string(), "normalized (block_number)");
    /// # Ok(())
    /// # }
    /// ```
    pub fn compare(&self, applicant: &Applicant) -> Comparison {
        Comparison {
            name: applicant
                .name
                .as_deref()
                .map_or(FieldMatch::NotProvided, |name| {
                    compare_text(
                        PersonalField::Name,
                        &self.name,
                        &self.name_substitutes,
                        name,
                        RuleSet::NAME,
                    )
                }),
            birth_date: applicant
                .birth_date
                .map_or(FieldMatch::NotProvided, |date| {
                    compare_dates(&self.birth_date, date)
                }),
            sex: applicant
                .sex
                .map_or(FieldMatch::NotProvided, |sex| compare_sex(self.sex, sex)),
            address: applicant
                .address
                .as_deref()
                .map_or(FieldMatch::NotProvided, |address| {
                    compare_text(
                        PersonalField::Address,
                        &self.address,
                        &self.address_substitutes,
                        address,
                        RuleSet::ADDRESS,
                    )
                }),
        }
    }
}

// ---------------------------------------------------------------- text fields

/// The outcome of walking two normalized strings.
enum Walk {
    /// Equal, with substitutes accepted at these certificate positions.
    Equal { substituted: Vec<usize> },
    /// The index (in normalized characters) of the first difference.
    Differ(usize),
}

/// Normalizes both strings with `rules` and walks them; also returns the
/// normalized strings and the rules that changed either.
fn run(
    certificate: &str,
    subs: &SubstitutePositions,
    applicant: &str,
    rules: RuleSet,
) -> (Walk, RuleSet, [Vec<NormChar>; 2]) {
    let cert = normalize::normalize(certificate, rules);
    let app = normalize::normalize(applicant, rules);
    let walk = walk(&cert.chars, subs, &app.chars);
    (
        walk,
        cert.changed.union(app.changed),
        [cert.chars, app.chars],
    )
}

fn walk(cert: &[NormChar], subs: &SubstitutePositions, app: &[NormChar]) -> Walk {
    let mut substituted = Vec::new();
    for index in 0.. {
        match (cert.get(index), app.get(index)) {
            (None, None) => break,
            (Some(c), Some(a)) if c.ch == a.ch => {}
            (Some(c), Some(a))
                if subs.is_substituted(c.origin) && is_listed_substitute(a.ch, c.ch) =>
            {
                substituted.push(c.origin);
            }
            _ => return Walk::Differ(index),
        }
    }
    substituted.dedup();
    Walk::Equal { substituted }
}

fn text_of(chars: &[NormChar]) -> String {
    chars.iter().map(|c| c.ch).collect()
}

fn compare_text(
    field: PersonalField,
    certificate: &str,
    subs: &SubstitutePositions,
    applicant: &str,
    rules: RuleSet,
) -> FieldMatch {
    if certificate == applicant {
        return FieldMatch::Exact;
    }
    let attempt = |rules| run(certificate, subs, applicant, rules);

    let (walk, changed, [cert, app]) = attempt(rules);
    if let Walk::Differ(position) = walk {
        return FieldMatch::Mismatch {
            field,
            expected: text_of(&cert),
            found: text_of(&app),
            position: Some(position),
        };
    }
    // Rules that changed nothing can go; then drop, in enum order, every rule
    // the strings still match without.
    let mut needed = changed;
    for rule in changed.to_vec() {
        let fewer = needed.without(rule);
        if matches!(attempt(fewer).0, Walk::Equal { .. }) {
            needed = fewer;
        }
    }
    let (walk, changed, _) = attempt(needed);
    let applied = changed.to_vec();
    match walk {
        Walk::Equal { substituted } if substituted.is_empty() => FieldMatch::Normalized { applied },
        Walk::Equal { substituted } => FieldMatch::EquivalentBySubstitution {
            positions: substituted,
            applied,
        },
        // Not reached: `needed` only ever shrinks to sets that matched. Should
        // it be, the mismatch is reported with every rule of the field applied.
        Walk::Differ(position) => FieldMatch::Mismatch {
            field,
            expected: text_of(&cert),
            found: text_of(&app),
            position: Some(position),
        },
    }
}

// ---------------------------------------------------------------- birth date and sex

fn compare_dates(certificate: &BirthDate, applicant: Date) -> FieldMatch {
    if certificate.date() == applicant {
        return FieldMatch::Exact;
    }
    FieldMatch::Mismatch {
        field: PersonalField::BirthDate,
        expected: certificate.to_japanese(),
        found: BirthDate::from_date(applicant).to_japanese(),
        position: None,
    }
}

fn compare_sex(certificate: Sex, applicant: Sex) -> FieldMatch {
    if certificate == applicant {
        FieldMatch::Exact
    } else {
        FieldMatch::Mismatch {
            field: PersonalField::Sex,
            expected: certificate.as_str().to_owned(),
            found: applicant.as_str().to_owned(),
            position: None,
        }
    }
}

// ---------------------------------------------------------------- parsing birth dates

/// The eras an applicant can name, with their letters.
const ERAS: [(Era, char); 5] = [
    (Era::Meiji, 'M'),
    (Era::Taisho, 'T'),
    (Era::Showa, 'S'),
    (Era::Heisei, 'H'),
    (Era::Reiwa, 'R'),
];

/// ASCII digits of `min..=max` length, as a number.
fn number<T: core::str::FromStr>(s: &str, min: usize, max: usize) -> Option<T> {
    (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())?
}

/// Splits `Y年M月D日` or `Y<sep>M<sep>D` (sep one of `-`, `/`, `.`).
fn split_ymd(s: &str) -> Option<(&str, &str, &str)> {
    if let Some((y, rest)) = s.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let d = rest.strip_suffix('日')?;
        return Some((y, m, d));
    }
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = s.split(sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some((y, m, d))
}

fn parse_birth_date(text: &str) -> Option<Date> {
    let folded: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            let code = u32::from(c);
            if (0xFF01..=0xFF5E).contains(&code) {
                char::from_u32(code - 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();

    let era = ERAS.iter().find_map(|&(era, letter)| {
        folded
            .strip_prefix(era.kanji())
            .or_else(|| folded.strip_prefix([letter, letter.to_ascii_lowercase()]))
            .map(|rest| (era, rest))
    });

    match era {
        None => {
            let (y, m, d) = split_ymd(&folded)?;
            Date::new(number(y, 4, 4)?, number(m, 1, 2)?, number(d, 1, 2)?)
        }
        Some((era, rest)) => {
            let (y, m, d) = split_ymd(rest)?;
            let era_year: u16 = if y == "元" { 1 } else { number(y, 1, 3)? };
            let start = era.start()?;
            let year = start.year().checked_add(era_year.checked_sub(1)?)?;
            let date = Date::new(year, number(m, 1, 2)?, number(d, 1, 2)?)?;
            (date >= start && Era::of_date(date) == era).then_some(date)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::cert::personal::BirthDate;
    use crate::cert::substitute::table;
    use Normalization::{BlockNumber, Dash, Space, Width};

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn subs(text: &str, positions: &[usize]) -> SubstitutePositions {
        SubstitutePositions::from_positions(text.chars().count(), positions.to_vec())
    }

    fn name(cert: &str, marked: &[usize], applicant: &str) -> FieldMatch {
        compare_text(
            PersonalField::Name,
            cert,
            &subs(cert, marked),
            applicant,
            RuleSet::NAME,
        )
    }

    fn address(cert: &str, marked: &[usize], applicant: &str) -> FieldMatch {
        compare_text(
            PersonalField::Address,
            cert,
            &subs(cert, marked),
            applicant,
            RuleSet::ADDRESS,
        )
    }

    fn normalized(applied: &[Normalization]) -> FieldMatch {
        FieldMatch::Normalized {
            applied: applied.to_vec(),
        }
    }

    fn substituted(positions: &[usize], applied: &[Normalization]) -> FieldMatch {
        FieldMatch::EquivalentBySubstitution {
            positions: positions.to_vec(),
            applied: applied.to_vec(),
        }
    }

    fn differs(
        field: PersonalField,
        expected: &str,
        found: &str,
        position: Option<usize>,
    ) -> FieldMatch {
        FieldMatch::Mismatch {
            field,
            expected: expected.into(),
            found: found.into(),
            position,
        }
    }

    /// A name mismatch: both names normalized, and where they first differ.
    fn name_differs(expected: &str, found: &str, position: usize) -> FieldMatch {
        differs(PersonalField::Name, expected, found, Some(position))
    }

    /// An address mismatch: both addresses normalized, and where they first differ.
    fn address_differs(expected: &str, found: &str, position: usize) -> FieldMatch {
        differs(PersonalField::Address, expected, found, Some(position))
    }

    fn info() -> PersonalInfo {
        let name = "高橋　太郎";
        let address = "東京都千代田区霞が関二丁目1番2号";
        PersonalInfo::new(
            name.into(),
            subs(name, &[0]),
            BirthDate::parse("319500401").unwrap(),
            Sex::Male,
            address.into(),
            subs(address, &[]),
        )
        .unwrap()
    }

    #[test]
    fn exact() {
        assert_eq!(name("吉田　太郎", &[], "吉田　太郎"), FieldMatch::Exact);
        assert_eq!(name("高橋　太郎", &[0], "高橋　太郎"), FieldMatch::Exact);
        assert_eq!(
            address("東京都1-2-3", &[], "東京都1-2-3"),
            FieldMatch::Exact
        );
        assert_eq!(name("", &[], ""), FieldMatch::Exact);
    }

    #[test]
    fn width() {
        assert_eq!(name("ＡＢＣ　太郎", &[], "ABC　太郎"), normalized(&[Width]));
        assert_eq!(name("ABC　太郎", &[], "ＡＢＣ　太郎"), normalized(&[Width]));
        // Case is not folded.
        assert_eq!(name("ABC", &[], "abc"), name_differs("ABC", "abc", 0));
        assert_eq!(name("ガブリエル", &[], "ｶﾞﾌﾞﾘｴﾙ"), normalized(&[Width]));
        assert_eq!(name("パウロ", &[], "ﾊﾟｳﾛ"), normalized(&[Width]));
        assert_eq!(name("ヴィクトル", &[], "ｳﾞｨｸﾄﾙ"), normalized(&[Width]));
        assert_eq!(
            name("スミス　ジョン", &[], "ｽﾐｽ ｼﾞｮﾝ"),
            normalized(&[Width, Space])
        );
        assert_eq!(
            address("東京都千代田区1-2-3", &[], "東京都千代田区１－２－３"),
            normalized(&[Width])
        );
        // Half-width katakana is shown as compared: full width, ｶﾞ one character.
        assert_eq!(
            name("ガブリエル", &[], "ｶﾞﾌﾞﾘｴﾛ"),
            name_differs("ガブリエル", "ガブリエロ", 4)
        );
    }

    #[test]
    fn spaces_in_names() {
        for written in ["吉田 太郎", "吉田太郎", "吉田  太郎", " 吉田\t太郎 "] {
            assert_eq!(
                name("吉田　太郎", &[], written),
                normalized(&[Space]),
                "{written:?}"
            );
        }
        assert_eq!(name("吉田 太郎", &[], "吉田　太郎"), normalized(&[Space]));
        assert_eq!(
            name("吉田　太郎", &[], "吉田　次郎"),
            name_differs("吉田太郎", "吉田次郎", 2)
        );
    }

    #[test]
    fn dashes() {
        let cert = "東京都千代田区1-2-3";
        for sep in ['‐', '‑', '‒', '–', '—', '―', '−', '﹣', 'ー', 'ｰ'] {
            let written = format!("東京都千代田区1{sep}2{sep}3");
            assert_eq!(
                address(cert, &[], &written),
                normalized(&[Dash]),
                "{written}"
            );
        }
        // The full-width hyphen-minus is full-width ASCII: width folds it first.
        assert_eq!(
            address(cert, &[], "東京都千代田区1－2－3"),
            normalized(&[Width])
        );
        // The certificate side is normalized too.
        assert_eq!(
            address("東京都千代田区1−2−3", &[], "東京都千代田区1-2-3"),
            normalized(&[Dash])
        );
        // A katakana long vowel is not a dash.
        assert_eq!(address("メゾンー1", &[], "メゾンー1"), FieldMatch::Exact);
        assert_eq!(
            address("コーポ1-2", &[], "コ-ポ1-2"),
            address_differs("コーポ1-2", "コ-ポ1-2", 1)
        );
        assert_eq!(
            address("メゾンー", &[], "メゾン-"),
            address_differs("メゾンー", "メゾン-", 3)
        );
        // Names get no dash folding.
        assert_eq!(name("1-2", &[], "1−2"), name_differs("1-2", "1−2", 1));
    }

    #[test]
    fn block_numbers() {
        let cert = "東京都千代田区霞が関1-2-3";
        for written in [
            "東京都千代田区霞が関1丁目2番3号",
            "東京都千代田区霞が関1丁目2番地3",
            "東京都千代田区霞が関1丁目2番地の3",
            "東京都千代田区霞が関1丁目2-3",
            "東京都千代田区霞が関一丁目2番3号",
            "東京都千代田区霞が関1の2の3",
        ] {
            assert_eq!(
                address(cert, &[], written),
                normalized(&[BlockNumber]),
                "{written}"
            );
            // Symmetric: the certificate may hold the long form.
            assert_eq!(
                address(written, &[], cert),
                normalized(&[BlockNumber]),
                "{written}"
            );
        }
        assert_eq!(
            address("霞が関二丁目1番2号", &[], "霞が関2-1-2"),
            normalized(&[BlockNumber])
        );
        assert_eq!(
            address("霞が関十二丁目1番", &[], "霞が関12-1"),
            normalized(&[BlockNumber])
        );
        assert_eq!(
            address("霞が関二十三丁目", &[], "霞が関23丁目"),
            normalized(&[BlockNumber])
        );
        assert_eq!(
            address("本町2番地", &[], "本町2"),
            normalized(&[BlockNumber])
        );
        assert_eq!(
            address("本町3番地ハイツ101", &[], "本町3ハイツ101"),
            normalized(&[BlockNumber])
        );
        assert_eq!(
            address("本町3番地 ハイツ101", &[], "本町３ ハイツ１０１"),
            normalized(&[Width, BlockNumber])
        );
        assert_eq!(
            address("本町2番3号101号室", &[], "本町2-3-101室"),
            normalized(&[BlockNumber])
        );
        // All rules together.
        assert_eq!(
            address(
                "東京都千代田区霞が関二丁目1番2号",
                &[],
                "東京都 千代田区 霞が関２ー１ー２"
            ),
            normalized(&[Width, Space, Dash, BlockNumber])
        );
        // Rules that change both strings alike are not listed.
        assert_eq!(
            address("霞が関二丁目1番2号", &[], "霞が関二丁目１番２号"),
            normalized(&[Width])
        );
        // Differences remain differences, shown in the short form both
        // addresses were compared in.
        assert_eq!(
            address("霞が関二丁目1番2号", &[], "霞が関2-1-3"),
            address_differs("霞が関2-1-2", "霞が関2-1-3", 7)
        );
        assert_eq!(
            address("霞が関二丁目1番2号", &[], "霞が関3-1-2"),
            address_differs("霞が関2-1-2", "霞が関3-1-2", 3)
        );
        assert_eq!(
            address("霞が関1-2-3", &[], "霞が関1丁目2番4号"),
            address_differs("霞が関1-2-3", "霞が関1-2-4", 7)
        );
        // The block number is not a town name (一番町 is; 番 after a digit
        // folds away).
        assert_eq!(
            address("千代田区一番町1", &[], "千代田区1番町1"),
            address_differs("千代田区一番町1", "千代田区1町1", 4)
        );
    }

    #[test]
    fn every_table_pair_at_a_marked_position() {
        for &(register, substitute) in table() {
            let cert = format!("{substitute}田　花子");
            let written = format!("{register}田　花子");
            assert_eq!(
                name(&cert, &[0], &written),
                substituted(&[0], &[]),
                "{register}"
            );
            assert_eq!(
                name(&cert, &[], &written),
                name_differs(
                    &format!("{substitute}田花子"),
                    &format!("{register}田花子"),
                    0
                ),
                "{register} unmarked"
            );
            // At another position, in an address.
            let cert = format!("東京都{substitute}町1-2");
            let written = format!("東京都{register}町1丁目2番");
            assert_eq!(
                address(&cert, &[3], &written),
                substituted(&[3], &[BlockNumber]),
                "{register}"
            );
            assert_eq!(
                address(&cert, &[], &written),
                address_differs(
                    &format!("東京都{substitute}町1-2"),
                    &format!("東京都{register}町1-2"),
                    3
                ),
                "{register} unmarked"
            );
            // The table works one way only.
            let (r, s) = (format!("{register}田"), format!("{substitute}田"));
            assert_eq!(name(&r, &[0], &s), name_differs(&r, &s, 0));
        }
    }

    #[test]
    fn substitution() {
        assert_eq!(name("高橋", &[0], "髙橋"), substituted(&[0], &[]));
        assert_eq!(name("高橋", &[], "髙橋"), name_differs("高橋", "髙橋", 0));
        // Marked at another position than the difference.
        assert_eq!(name("高橋", &[1], "髙橋"), name_differs("高橋", "髙橋", 0));
        // The applicant may write the substitute itself at a marked position.
        assert_eq!(name("高橋", &[0], "高橋"), FieldMatch::Exact);
        assert_eq!(name("高橋　太郎", &[0], "高橋 太郎"), normalized(&[Space]));
        // Combined with normalization; positions are in the certificate string.
        assert_eq!(
            name("高橋　太郎", &[0], "髙橋 太郎"),
            substituted(&[0], &[Space])
        );
        assert_eq!(
            name("吉田　高", &[0, 3], "𠮷田髙"),
            substituted(&[0, 3], &[Space])
        );
        assert_eq!(
            name("ＡＢ　高", &[3], "AB 髙"),
            substituted(&[3], &[Width, Space])
        );
        // Only one of two positions marked.
        assert_eq!(
            name("吉田　高", &[3], "𠮷田髙"),
            name_differs("吉田高", "𠮷田髙", 0)
        );
        // A marked position does not excuse an unrelated character.
        assert_eq!(name("高橋", &[0], "崎橋"), name_differs("高橋", "崎橋", 0));
        // An accepted substitute is passed over: the first difference is later.
        assert_eq!(
            address("東京都高田馬場1-2", &[3], "東京都髙田馬場1丁目3"),
            address_differs("東京都高田馬場1-2", "東京都髙田馬場1-3", 9)
        );
    }

    #[test]
    fn mismatch_values_are_the_normalized_strings() {
        // Spaces are gone from both names, and the position counts without them.
        assert_eq!(
            name("高橋　太郎", &[], "高橋 次郎"),
            name_differs("高橋太郎", "高橋次郎", 2)
        );
        assert_eq!(
            name("高橋　太郎", &[], "高 橋太郎"),
            FieldMatch::Normalized {
                applied: vec![Space]
            }
        );
        assert_eq!(name("高橋", &[], "橋橋"), name_differs("高橋", "橋橋", 0));
        // Widths, dashes and block numbers are shown folded, as compared.
        assert_eq!(
            address("本町１－２", &[], "本町1ー3"),
            address_differs("本町1-2", "本町1-3", 4)
        );
        assert_eq!(
            address("本町1丁目2", &[], "本町1番2"),
            normalized(&[BlockNumber])
        );
        assert_eq!(
            address("本町1丁目2", &[], "本町1の3"),
            address_differs("本町1-2", "本町1-3", 4)
        );
    }

    #[test]
    fn different_lengths() {
        // Applicant shorter: the position is the applicant's length.
        assert_eq!(
            name("高橋　太郎", &[], "高橋"),
            name_differs("高橋太郎", "高橋", 2)
        );
        assert_eq!(name("高橋", &[], ""), name_differs("高橋", "", 0));
        // Applicant longer: the position is the certificate's length.
        assert_eq!(
            name("高橋", &[], "高橋太郎"),
            name_differs("高橋", "高橋太郎", 2)
        );
        assert_eq!(
            name("高橋　", &[], "高橋 太郎"),
            name_differs("高橋", "高橋太郎", 2)
        );
        assert_eq!(name("", &[], "高"), name_differs("", "高", 0));
        assert_eq!(
            address("本町1-2", &[], "本町1-2-3"),
            address_differs("本町1-2", "本町1-2-3", 5)
        );
        assert_eq!(
            address("本町1-2-3", &[], "本町1-2"),
            address_differs("本町1-2-3", "本町1-2", 5)
        );
    }

    #[test]
    fn birth_date_and_sex() {
        let i = info();
        let on = |d: Date| i.compare(&Applicant::new().with_birth_date(d)).birth_date;
        assert_eq!(on(date(1950, 4, 1)), FieldMatch::Exact);
        // Whole dates in the Japanese era form, the applicant's era from the date.
        let born = |found: &str| differs(PersonalField::BirthDate, "昭和25年4月1日", found, None);
        assert_eq!(on(date(1950, 4, 2)), born("昭和25年4月2日"));
        assert_eq!(on(date(1951, 4, 1)), born("昭和26年4月1日"));
        assert_eq!(on(date(1950, 12, 1)), born("昭和25年12月1日"));
        assert_eq!(on(date(1989, 1, 8)), born("平成元年1月8日"));
        assert_eq!(on(date(2019, 5, 1)), born("令和元年5月1日"));
        assert_eq!(on(date(1867, 12, 31)), born("1867年12月31日"));
        assert_eq!(
            on(date(1950, 4, 2)).to_string(),
            "birth date: expected 昭和25年4月1日, found 昭和25年4月2日"
        );
        // The certificate's side in its own era, here Heisei 1.
        let heisei = PersonalInfo::new(
            "高橋　太郎".into(),
            subs("高橋　太郎", &[]),
            BirthDate::parse("419890108").unwrap(),
            Sex::Female,
            "東京都".into(),
            subs("東京都", &[]),
        )
        .unwrap();
        let compared = heisei.compare(
            &Applicant::new()
                .with_birth_date(date(1989, 1, 7))
                .with_sex(Sex::Male),
        );
        assert_eq!(
            compared.birth_date.to_string(),
            "birth date: expected 平成元年1月8日, found 昭和64年1月7日"
        );
        // Sex as words.
        assert_eq!(
            compared.sex,
            differs(PersonalField::Sex, "female", "male", None)
        );
        assert_eq!(compared.sex.to_string(), "sex: expected female, found male");
        let sex = |s: Sex| i.compare(&Applicant::new().with_sex(s)).sex;
        assert_eq!(sex(Sex::Male), FieldMatch::Exact);
        assert_eq!(
            sex(Sex::Female),
            differs(PersonalField::Sex, "male", "female", None)
        );
        assert_eq!(
            sex(Sex::Unknown).to_string(),
            "sex: expected male, found unknown"
        );
    }

    #[test]
    fn whole_comparison() {
        let i = info();
        let nothing = i.compare(&Applicant::new());
        assert!(
            nothing
                .fields()
                .iter()
                .all(|(_, m)| **m == FieldMatch::NotProvided)
        );
        assert!(!nothing.all_match());
        assert!(!nothing.provided_match());

        let full = Applicant::new()
            .with_name("髙橋 太郎")
            .with_birth_date(date(1950, 4, 1))
            .with_sex(Sex::Male)
            .with_address("東京都千代田区霞が関2-1-2");
        let result = i.compare(&full);
        assert_eq!(result.name, substituted(&[0], &[Space]));
        assert_eq!(result.birth_date, FieldMatch::Exact);
        assert_eq!(result.sex, FieldMatch::Exact);
        assert_eq!(result.address, normalized(&[BlockNumber]));
        assert!(result.all_match());
        assert!(result.provided_match());
        let fields: Vec<_> = result.fields().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                PersonalField::Name,
                PersonalField::BirthDate,
                PersonalField::Sex,
                PersonalField::Address
            ]
        );
        assert_eq!(result.fields()[3].1, &result.address);

        let partial = i.compare(&Applicant::new().with_name("高橋太郎"));
        assert!(!partial.all_match());
        assert!(partial.provided_match());
        assert_eq!(partial.sex, FieldMatch::NotProvided);

        let wrong = i.compare(&full.clone().with_sex(Sex::Female));
        assert!(!wrong.all_match());
        assert!(!wrong.provided_match());

        let wrong_partial = i.compare(&Applicant::new().with_address("大阪府"));
        assert!(!wrong_partial.provided_match());
        assert_eq!(
            wrong_partial.address,
            address_differs("東京都千代田区霞が関2-1-2", "大阪府", 0)
        );

        // An empty string is provided.
        let empty = i.compare(&Applicant::new().with_name(""));
        assert_eq!(empty.name, name_differs("高橋太郎", "", 0));
        assert!(!empty.provided_match());

        assert_eq!(
            Applicant::new().with_name("a").with_address("b"),
            Applicant {
                name: Some("a".into()),
                birth_date: None,
                sex: None,
                address: Some("b".into()),
            }
        );
    }

    #[test]
    fn is_match() {
        assert!(FieldMatch::Exact.is_match());
        assert!(normalized(&[Width]).is_match());
        assert!(substituted(&[0], &[]).is_match());
        assert!(!name_differs("高橋", "髙橋", 0).is_match());
        assert!(!differs(PersonalField::Sex, "male", "female", None).is_match());
        assert!(!FieldMatch::NotProvided.is_match());
    }

    #[test]
    fn display() {
        assert_eq!(FieldMatch::Exact.to_string(), "exact");
        assert_eq!(
            normalized(&[Width, BlockNumber]).to_string(),
            "normalized (width, block_number)"
        );
        assert_eq!(normalized(&[]).to_string(), "normalized");
        assert_eq!(
            substituted(&[1], &[]).to_string(),
            "equivalent by substitution at 1"
        );
        assert_eq!(
            substituted(&[0, 3], &[Space]).to_string(),
            "equivalent by substitution at 0, 3 (space)"
        );
        // A mismatch leads with the field and gives both values.
        assert_eq!(
            name_differs("高橋太郎", "高橋次郎", 2).to_string(),
            "name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)"
        );
        assert_eq!(
            name_differs("高橋", "高橋太郎", 2).to_string(),
            "name: expected 高橋, found 高橋太郎 (first difference at index 2)"
        );
        assert_eq!(
            name_differs("高橋太郎", "", 0).to_string(),
            "name: expected 高橋太郎, found (empty)"
        );
        assert_eq!(
            name_differs("", "高", 0).to_string(),
            "name: expected (empty), found 高"
        );
        assert_eq!(
            address_differs("東京都千代田区霞が関2-1-2", "東京都千代田区霞が関2-1-3", 14)
                .to_string(),
            "address: expected 東京都千代田区霞が関2-1-2, found 東京都千代田区霞が関2-1-3 \
             (first difference at index 14)"
        );
        assert_eq!(
            differs(
                PersonalField::BirthDate,
                "昭和25年4月1日",
                "昭和25年4月2日",
                None
            )
            .to_string(),
            "birth date: expected 昭和25年4月1日, found 昭和25年4月2日"
        );
        assert_eq!(
            differs(PersonalField::Sex, "female", "male", None).to_string(),
            "sex: expected female, found male"
        );
        // Through a comparison, from the strings as written.
        let i = info();
        let wrong = i.compare(
            &Applicant::new()
                .with_name("高橋 次郎")
                .with_address("東京都千代田区霞が関2丁目1番3号"),
        );
        assert_eq!(
            wrong.name.to_string(),
            "name: expected 高橋太郎, found 高橋次郎 (first difference at index 2)"
        );
        assert_eq!(
            wrong.address.to_string(),
            "address: expected 東京都千代田区霞が関2-1-2, found 東京都千代田区霞が関2-1-3 \
             (first difference at index 14)"
        );
        assert_eq!(FieldMatch::NotProvided.to_string(), "not provided");
        let names: Vec<_> = [Width, Space, Dash, BlockNumber]
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(names, ["width", "space", "dash", "block_number"]);
        assert_eq!(BlockNumber.as_str(), "block_number");
    }

    #[test]
    fn parse_gregorian() {
        let d = date(1950, 4, 1);
        for text in [
            "1950-04-01",
            "1950-4-1",
            "1950/4/1",
            "1950/04/01",
            "1950.4.1",
            "1950年4月1日",
            "1950年04月01日",
            "１９５０年４月１日",
            "１９５０／４／１",
            " 1950-04-01 ",
            "1950 年 4 月 1 日",
        ] {
            assert_eq!(Applicant::parse_birth_date(text).unwrap(), d, "{text}");
        }
    }

    #[test]
    fn parse_era() {
        let cases = [
            ("昭和25年4月1日", date(1950, 4, 1)),
            ("昭和２５年４月１日", date(1950, 4, 1)),
            ("昭和 25年 4月 1日", date(1950, 4, 1)),
            ("昭和25/4/1", date(1950, 4, 1)),
            ("S25.4.1", date(1950, 4, 1)),
            ("s25.04.01", date(1950, 4, 1)),
            ("Ｓ２５．４．１", date(1950, 4, 1)),
            ("S25/4/1", date(1950, 4, 1)),
            ("S25-4-1", date(1950, 4, 1)),
            ("S25年4月1日", date(1950, 4, 1)),
            ("昭和元年12月25日", date(1926, 12, 25)),
            ("昭和64年1月7日", date(1989, 1, 7)),
            ("平成元年1月8日", date(1989, 1, 8)),
            ("H1.1.8", date(1989, 1, 8)),
            ("H元.1.8", date(1989, 1, 8)),
            ("平成31年4月30日", date(2019, 4, 30)),
            ("令和元年5月1日", date(2019, 5, 1)),
            ("R1.5.1", date(2019, 5, 1)),
            ("R7.2.3", date(2025, 2, 3)),
            ("大正元年7月30日", date(1912, 7, 30)),
            ("T15.12.24", date(1926, 12, 24)),
            ("明治45年7月29日", date(1912, 7, 29)),
            ("M33.1.1", date(1900, 1, 1)),
            ("明治元年1月25日", date(1868, 1, 25)),
        ];
        for (text, d) in cases {
            assert_eq!(Applicant::parse_birth_date(text).unwrap(), d, "{text}");
        }
    }

    #[test]
    fn parse_rejects() {
        for text in [
            "昭和65年1月1日",
            "昭和64年1月8日",
            "平成0年1月1日",
            "H0.1.1",
            "平成元年1月7日",
            "R1.4.30",
            "令和元年4月30日",
            "T1.7.29",
            "明治元年1月24日",
            "2023-02-29",
            "1950-13-01",
            "1950-04-31",
            "1950-00-10",
            "50-04-01",
            "19500-04-01",
            "1950-4",
            "1950-4-1-2",
            "1950/4-1",
            "1950年4月1",
            "1950年4月",
            "19500401",
            "X25.4.1",
            "S.4.1",
            "S25",
            "昭和年4月1日",
            "昭和二十五年四月一日",
            "S25.4.1.",
            "-1950-4-1",
            "1950-+4-1",
            "",
            "   ",
            "birthday",
            "昭和",
        ] {
            assert!(
                matches!(
                    Applicant::parse_birth_date(text),
                    Err(Error::InvalidDate { ref value }) if value == text
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn era_years_start_at_one() {
        for (era, _) in ERAS {
            let start = era.start().unwrap();
            let b = BirthDate::from_date(start);
            assert_eq!(b.era(), era);
            assert_eq!(b.era_year(), Some(1));
            assert!(BirthDate::with_era(era, start).is_ok());
        }
        assert_eq!(Era::Unknown.start(), None);
    }
}
