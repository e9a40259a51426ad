//! The built-in substitute-character table (代替文字).
//!
//! JPKI certificates may carry only characters of JIS X 0208 (levels 1–2) and
//! JIS X 0212. The resident register uses a far larger set (住基ネット統一文字,
//! 21,170 characters, 5,791 of them without a Unicode code point). When a name or
//! address holds a character outside the certificate charset, the issuer writes a
//! similar listed character instead and marks the position.
//!
//! The official list is not public; this table holds well-known pairs (the seeds'
//! 𠮷 → 吉, and 髙 → 高, 﨑 → 崎, 德 → 徳 from `docs/SOURCES.md`) plus common
//! compatibility-ideograph forms of register names. A verifier uses it in the other
//! direction: at a marked position, the applicant's character is accepted when the
//! table maps it to the certificate's character.

/// `(register character, certificate substitute)`, sorted by the first element.
const TABLE: &[(char, char)] = &[
    ('\u{37E2}', '崎'),  // 㟢 (CJK Ext. A)
    ('\u{5FB7}', '徳'),  // 德
    ('\u{9AD9}', '高'),  // 髙 (はしごだか)
    ('\u{F9DC}', '隆'),  // 隆 (compatibility ideograph)
    ('\u{FA10}', '塚'),  // 塚 (compatibility ideograph)
    ('\u{FA11}', '崎'),  // 﨑 (たつさき)
    ('\u{FA19}', '神'),  // 神 (compatibility ideograph)
    ('\u{FA1A}', '祥'),  // 祥 (compatibility ideograph)
    ('\u{FA1B}', '福'),  // 福 (compatibility ideograph)
    ('\u{20BB7}', '吉'), // 𠮷 (つちよし)
    ('\u{2123D}', '土'), // 𡈽 (つちの点付き)
    ('\u{2363A}', '橋'), // 𣘺 (橋の異体字)
];

/// The listed substitute for a register character outside the certificate charset.
pub fn substitute_for(register_char: char) -> Option<char> {
    TABLE
        .binary_search_by(|(k, _)| k.cmp(&register_char))
        .ok()
        .and_then(|i| TABLE.get(i))
        .map(|&(_, v)| v)
}

/// Whether `written` (what a resident or applicant writes) is replaced by
/// `certificate_char` under the table.
pub fn is_listed_substitute(written: char, certificate_char: char) -> bool {
    substitute_for(written) == Some(certificate_char)
}

/// Every `(register character, substitute)` pair of the table.
pub fn table() -> &'static [(char, char)] {
    TABLE
}

/// Whether a certificate may carry `ch` as it is.
///
/// An approximation of "JIS X 0208 levels 1–2 plus JIS X 0212" without shipping
/// their tables: it refuses what certainly lies outside (characters of the table,
/// anything beyond the Basic Multilingual Plane, private-use 外字, compatibility
/// ideographs, half-width katakana, control characters) and accepts the rest.
pub fn in_certificate_charset(ch: char) -> bool {
    if substitute_for(ch).is_some() {
        return false;
    }
    let c = u32::from(ch);
    !(ch.is_control()
        || c > 0xFFFF
        || (0xE000..=0xF8FF).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFF61..=0xFF9F).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_maps_into_charset() {
        assert!(TABLE.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)));
        for &(k, v) in TABLE {
            assert!(!in_certificate_charset(k), "{k}");
            assert!(in_certificate_charset(v), "{v}");
        }
    }

    #[test]
    fn known_pairs() {
        assert_eq!(substitute_for('𠮷'), Some('吉'));
        assert_eq!(substitute_for('髙'), Some('高'));
        assert_eq!(substitute_for('﨑'), Some('崎'));
        assert_eq!(substitute_for('德'), Some('徳'));
        assert_eq!(substitute_for('吉'), None);
        assert!(is_listed_substitute('髙', '高'));
        assert!(!is_listed_substitute('高', '髙'));
        assert!(!is_listed_substitute('髙', '崎'));
    }

    #[test]
    fn charset() {
        assert!(in_certificate_charset('吉'));
        assert!(in_certificate_charset('\u{3000}'));
        assert!(in_certificate_charset('1'));
        assert!(!in_certificate_charset('\u{E000}'));
        assert!(!in_certificate_charset('ｱ'));
        assert!(!in_certificate_charset('\u{7}'));
    }
}
