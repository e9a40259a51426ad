//! Normalization of names and addresses before comparing them.
//!
//! A certificate holds the 4 basic info as the resident register writes them;
//! an applicant types them into a form with whatever keyboard, width and
//! numbering habits they have. Before comparing, both strings go through the
//! same explicit rules, in this order (see [`Normalization`] for the public
//! names):
//!
//! 1. **Width** (name and address). Full-width ASCII (U+FF01–U+FF5E) becomes
//!    ASCII (`１` → `1`, `Ａ` → `A`, `－` → `-`). Half-width katakana
//!    (U+FF61–U+FF9F) becomes full-width; a half-width katakana followed by a
//!    half-width voiced mark `ﾞ` or semi-voiced mark `ﾟ` becomes the one composed
//!    character (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`, `ｳﾞ` → `ヴ`); a mark that cannot be
//!    composed becomes the full-width `゛`/`゜`. Letters keep their case, and the
//!    ideographic space U+3000 is left to the space rule.
//! 2. **Space** (name and address). Every whitespace character
//!    ([`char::is_whitespace`]: ASCII space, tab, U+3000, no-break space…) is
//!    removed, so `吉田 太郎`, `吉田　太郎` and `吉田太郎` are equal. Note that for
//!    addresses this also joins digits a space separated (`3 101` → `3101`).
//! 3. **Dash** (address only). U+2010 ‐, U+2011 ‑, U+2012 ‒, U+2013 –,
//!    U+2014 —, U+2015 ―, U+2212 −, U+FF0D －, U+FE63 ﹣ become `-` (U+002D).
//!    The prolonged sound marks U+30FC `ー` and U+FF70 `ｰ` become `-` only when
//!    the character before or after them is an ASCII digit; elsewhere they are
//!    katakana long vowels (`メゾンー`, `コーポ`) and stay.
//! 4. **Block number** (address only), on the result of 1–3:
//!    * a run of kanji numerals (`一`–`九`, `十`) directly before `丁目` becomes
//!      ASCII digits (`二` → `2`, `十` → `10`, `十二` → `12`, `二十` → `20`,
//!      `二十三` → `23`; without `十` the numerals are read digit by digit,
//!      `一二` → `12`; a run that is none of these, such as `十十`, is left as it
//!      is). Kanji numerals elsewhere are never converted: `一番町` is a town
//!      name, not block 1;
//!    * after an ASCII digit, `丁目`, `番地`, `番` and `号` each become a `-`;
//!    * `の` between two ASCII digits becomes `-`; `の` between such a produced
//!      `-` and a digit is removed (`2番地の3` → `2-3`);
//!    * finally, a `-` produced by this rule is removed when it ends the string
//!      or is followed by anything but an ASCII digit. Dashes that were in the
//!      input are never removed.
//!
//!    So `1丁目2番3号`, `1丁目2番地3`, `1丁目2-3`, `一丁目2番3` and `1-2-3` all
//!    become `1-2-3`; `2番地` at the end becomes `2`; `3番地ハイツ` becomes
//!    `3ハイツ`; `2番3号101号室` becomes `2-3-101室`.
//!
//! Every output character carries the index (in characters) of the original
//! character it comes from, so that differences are reported against what the
//! certificate and the applicant actually wrote. A character made from several
//! (`ｶﾞ`, `丁目`, `番地`) carries the index of the first of them; of the two digits
//! made from `十` forms, each carries the index of the numeral it reads (`二十三`
//! → `2` from `二`, `3` from `三`; a missing tens or units digit comes from `十`).

use crate::cert::compare::Normalization;

/// A character after normalization and the index of the original character it
/// comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NormChar {
    /// The normalized character.
    pub(crate) ch: char,
    /// The index, in characters, of the original character it comes from.
    pub(crate) origin: usize,
}

/// A set of [`Normalization`] rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RuleSet(u8);

impl RuleSet {
    /// The rules for names: width and space.
    pub(crate) const NAME: Self = Self(bit(Normalization::Width) | bit(Normalization::Space));

    /// The rules for addresses: all four.
    pub(crate) const ADDRESS: Self = Self(
        bit(Normalization::Width)
            | bit(Normalization::Space)
            | bit(Normalization::Dash)
            | bit(Normalization::BlockNumber),
    );

    /// Whether `rule` is in the set.
    pub(crate) const fn contains(self, rule: Normalization) -> bool {
        self.0 & bit(rule) != 0
    }

    /// The set with `rule` added.
    pub(crate) const fn with(self, rule: Normalization) -> Self {
        Self(self.0 | bit(rule))
    }

    /// The set without `rule`.
    pub(crate) const fn without(self, rule: Normalization) -> Self {
        Self(self.0 & !bit(rule))
    }

    /// The rules of both sets.
    pub(crate) const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// The rules of the set, in enum order.
    pub(crate) fn to_vec(self) -> Vec<Normalization> {
        ALL_RULES
            .iter()
            .copied()
            .filter(|&r| self.contains(r))
            .collect()
    }
}

/// Every rule, in the order they are applied (which is also enum order).
pub(crate) const ALL_RULES: [Normalization; 4] = [
    Normalization::Width,
    Normalization::Space,
    Normalization::Dash,
    Normalization::BlockNumber,
];

const fn bit(rule: Normalization) -> u8 {
    match rule {
        Normalization::Width => 1,
        Normalization::Space => 2,
        Normalization::Dash => 4,
        Normalization::BlockNumber => 8,
    }
}

/// A string after normalization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Normalized {
    /// The normalized characters with their origins.
    pub(crate) chars: Vec<NormChar>,
    /// The rules that changed something.
    pub(crate) changed: RuleSet,
}

/// Applies the rules of `rules` to `text`, in the order of the module docs.
pub(crate) fn normalize(text: &str, rules: RuleSet) -> Normalized {
    let mut chars: Vec<NormChar> = text
        .chars()
        .enumerate()
        .map(|(origin, ch)| NormChar { ch, origin })
        .collect();
    let mut changed = RuleSet::default();
    for rule in ALL_RULES {
        if !rules.contains(rule) {
            continue;
        }
        let next = match rule {
            Normalization::Width => fold_width(&chars),
            Normalization::Space => remove_space(&chars),
            Normalization::Dash => fold_dash(&chars),
            Normalization::BlockNumber => fold_block_numbers(&chars),
        };
        if !same_chars(&chars, &next) {
            changed = changed.with(rule);
        }
        chars = next;
    }
    Normalized { chars, changed }
}

fn same_chars(a: &[NormChar], b: &[NormChar]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.ch == y.ch)
}

fn ch_at(s: &[NormChar], i: usize) -> Option<char> {
    s.get(i).map(|c| c.ch)
}

// ---------------------------------------------------------------- width

/// Full-width forms of U+FF61–U+FF9F, in code point order.
const HALF_WIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

/// Katakana that take the voiced mark, and their voiced forms.
const DAKUTEN_BASE: &str = "ウカキクケコサシスセソタチツテトハヒフヘホワヲ";
const DAKUTEN_VOICED: &str = "ヴガギグゲゴザジズゼゾダヂヅデドバビブベボヷヺ";

/// Katakana that take the semi-voiced mark, and their semi-voiced forms.
const HANDAKUTEN_BASE: &str = "ハヒフヘホ";
const HANDAKUTEN_VOICED: &str = "パピプペポ";

const HALF_DAKUTEN: char = '\u{FF9E}';
const HALF_HANDAKUTEN: char = '\u{FF9F}';

fn map_pair(base: &str, mapped: &str, c: char) -> Option<char> {
    let i = base.chars().position(|b| b == c)?;
    mapped.chars().nth(i)
}

/// The full-width katakana (or punctuation) for a half-width one.
fn full_width_kana(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0xFF61)?;
    HALF_WIDTH_KANA.chars().nth(usize::try_from(offset).ok()?)
}

/// ASCII for a full-width ASCII character.
fn ascii_of_full_width(c: char) -> Option<char> {
    let code = u32::from(c);
    if (0xFF01..=0xFF5E).contains(&code) {
        char::from_u32(code - 0xFEE0)
    } else {
        None
    }
}

fn fold_width(s: &[NormChar]) -> Vec<NormChar> {
    let mut out = Vec::with_capacity(s.len());
    let mut iter = s.iter().peekable();
    while let Some(&c) = iter.next() {
        if let Some(a) = ascii_of_full_width(c.ch) {
            out.push(NormChar { ch: a, ..c });
        } else if let Some(k) = full_width_kana(c.ch) {
            let composed = match iter.peek().map(|n| n.ch) {
                Some(HALF_DAKUTEN) if c.ch != HALF_DAKUTEN && c.ch != HALF_HANDAKUTEN => {
                    map_pair(DAKUTEN_BASE, DAKUTEN_VOICED, k)
                }
                Some(HALF_HANDAKUTEN) if c.ch != HALF_DAKUTEN && c.ch != HALF_HANDAKUTEN => {
                    map_pair(HANDAKUTEN_BASE, HANDAKUTEN_VOICED, k)
                }
                _ => None,
            };
            if let Some(v) = composed {
                iter.next();
                out.push(NormChar { ch: v, ..c });
            } else {
                out.push(NormChar { ch: k, ..c });
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------- space

fn remove_space(s: &[NormChar]) -> Vec<NormChar> {
    s.iter()
        .copied()
        .filter(|c| !c.ch.is_whitespace())
        .collect()
}

// ---------------------------------------------------------------- dash

/// Characters that always become `-` under the dash rule.
const DASHES: [char; 10] = [
    '\u{002D}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
    '\u{FF0D}', '\u{FE63}',
];

/// Prolonged sound marks, which become `-` only next to an ASCII digit.
const LONG_VOWELS: [char; 2] = ['\u{30FC}', '\u{FF70}'];

fn fold_dash(s: &[NormChar]) -> Vec<NormChar> {
    s.iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_at = |j: Option<usize>| {
                j.and_then(|j| ch_at(s, j))
                    .is_some_and(|d| d.is_ascii_digit())
            };
            let is_dash = DASHES.contains(&c.ch)
                || (LONG_VOWELS.contains(&c.ch)
                    && (digit_at(i.checked_sub(1)) || digit_at(i.checked_add(1))));
            if is_dash {
                NormChar { ch: '-', ..c }
            } else {
                c
            }
        })
        .collect()
}

// ---------------------------------------------------------------- block number

const KANJI_DIGITS: &str = "一二三四五六七八九";
const KANJI_TEN: char = '十';

fn is_kanji_numeral(c: char) -> bool {
    c == KANJI_TEN || KANJI_DIGITS.contains(c)
}

/// The ASCII digit for 一–九.
fn kanji_digit(c: char) -> Option<char> {
    let i = KANJI_DIGITS.chars().position(|k| k == c)?;
    char::from_digit(u32::try_from(i).ok()?.checked_add(1)?, 10)
}

/// Reads a run of kanji numerals (see the module docs) as ASCII digits.
fn kanji_number(run: &[NormChar]) -> Option<Vec<NormChar>> {
    let digit = |c: &NormChar| {
        kanji_digit(c.ch).map(|ch| NormChar {
            ch,
            origin: c.origin,
        })
    };
    let Some(ten) = run.iter().position(|c| c.ch == KANJI_TEN) else {
        return run.iter().map(digit).collect();
    };
    let ten_char = run.get(ten)?;
    let (before, after) = (run.get(..ten)?, run.get(ten.checked_add(1)?..)?);
    let tens = match before {
        [] => NormChar {
            ch: '1',
            origin: ten_char.origin,
        },
        [d] => digit(d)?,
        _ => return None,
    };
    let units = match after {
        [] => NormChar {
            ch: '0',
            origin: ten_char.origin,
        },
        [d] => digit(d)?,
        _ => return None,
    };
    Some(vec![tens, units])
}

/// A character of the block-number pass, remembering whether it is a `-` the
/// pass produced.
#[derive(Clone, Copy)]
struct BlockChar {
    c: NormChar,
    produced: bool,
}

fn fold_block_numbers(s: &[NormChar]) -> Vec<NormChar> {
    let mut out: Vec<BlockChar> = Vec::with_capacity(s.len());
    let keep = |c: NormChar| BlockChar { c, produced: false };
    let mut i = 0usize;
    while let Some(&c) = s.get(i) {
        let next = ch_at(s, i + 1);
        let last = out.last().copied();
        let after_digit = last.is_some_and(|l| l.c.ch.is_ascii_digit());
        let dash = |c: NormChar| BlockChar {
            c: NormChar { ch: '-', ..c },
            produced: true,
        };

        if is_kanji_numeral(c.ch) {
            // A maximal run: the loop always lands on its first character.
            let len = s.get(i..).map_or(0, |rest| {
                rest.iter().take_while(|n| is_kanji_numeral(n.ch)).count()
            });
            let end = i + len;
            let run = s.get(i..end).unwrap_or_default();
            let before_chome = ch_at(s, end) == Some('丁') && ch_at(s, end + 1) == Some('目');
            match kanji_number(run).filter(|_| before_chome) {
                Some(digits) => out.extend(digits.into_iter().map(keep)),
                None => out.extend(run.iter().copied().map(keep)),
            }
            i = end;
            continue;
        }

        match c.ch {
            '丁' if after_digit && next == Some('目') => {
                out.push(dash(c));
                i += 2;
            }
            '番' if after_digit && next == Some('地') => {
                out.push(dash(c));
                i += 2;
            }
            '番' | '号' if after_digit => {
                out.push(dash(c));
                i += 1;
            }
            'の' if next.is_some_and(|n| n.is_ascii_digit()) && after_digit => {
                out.push(dash(c));
                i += 1;
            }
            'の' if next.is_some_and(|n| n.is_ascii_digit())
                && last.is_some_and(|l| l.produced) =>
            {
                i += 1;
            }
            _ => {
                out.push(keep(c));
                i += 1;
            }
        }
    }

    // Drop produced dashes that end the string or precede a non-digit.
    let mut result = Vec::with_capacity(out.len());
    let mut iter = out.iter().peekable();
    while let Some(b) = iter.next() {
        let next_is_digit = iter.peek().is_some_and(|n| n.c.ch.is_ascii_digit());
        if b.produced && !next_is_digit {
            continue;
        }
        result.push(b.c);
    }
    result
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn text(s: &str, rules: RuleSet) -> String {
        normalize(s, rules).chars.iter().map(|c| c.ch).collect()
    }

    fn origins(s: &str, rules: RuleSet) -> Vec<usize> {
        normalize(s, rules).chars.iter().map(|c| c.origin).collect()
    }

    fn only(rule: Normalization) -> RuleSet {
        RuleSet::default().with(rule)
    }

    fn changed(s: &str, rules: RuleSet) -> Vec<Normalization> {
        normalize(s, rules).changed.to_vec()
    }

    #[test]
    fn tables_line_up() {
        assert_eq!(HALF_WIDTH_KANA.chars().count(), 0xFF9F - 0xFF61 + 1);
        assert_eq!(DAKUTEN_BASE.chars().count(), DAKUTEN_VOICED.chars().count());
        assert_eq!(
            HANDAKUTEN_BASE.chars().count(),
            HANDAKUTEN_VOICED.chars().count()
        );
        assert_eq!(full_width_kana('\u{FF61}'), Some('。'));
        assert_eq!(full_width_kana('\u{FF66}'), Some('ヲ'));
        assert_eq!(full_width_kana('\u{FF70}'), Some('ー'));
        assert_eq!(full_width_kana('\u{FF71}'), Some('ア'));
        assert_eq!(full_width_kana('\u{FF9D}'), Some('ン'));
        assert_eq!(full_width_kana('\u{FF9F}'), Some('゜'));
        assert_eq!(full_width_kana('\u{FFA0}'), None);
        assert_eq!(full_width_kana('ア'), None);
        // Every voiced form is its base plus one, every semi-voiced plus two.
        for (b, v) in DAKUTEN_BASE.chars().zip(DAKUTEN_VOICED.chars()) {
            if !matches!(b, 'ウ' | 'ワ' | 'ヲ') {
                assert_eq!(u32::from(v), u32::from(b) + 1, "{b}{v}");
            }
        }
        for (b, v) in HANDAKUTEN_BASE.chars().zip(HANDAKUTEN_VOICED.chars()) {
            assert_eq!(u32::from(v), u32::from(b) + 2, "{b}{v}");
        }
    }

    #[test]
    fn width_ascii() {
        let w = only(Normalization::Width);
        assert_eq!(text("１２３ＡＢＣａｂｃ－！～", w), "123ABCabc-!~");
        assert_eq!(text("abcXYZ", w), "abcXYZ");
        assert_eq!(text("吉田\u{3000}太郎", w), "吉田\u{3000}太郎");
        assert_eq!(changed("吉田\u{3000}太郎", w), vec![]);
        assert_eq!(changed("Ａ", w), vec![Normalization::Width]);
    }

    #[test]
    fn width_kana() {
        let w = only(Normalization::Width);
        assert_eq!(text("ｶﾞｷﾞｸﾞｹﾞｺﾞ", w), "ガギグゲゴ");
        assert_eq!(text("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟﾊﾞ", w), "パピプペポバ");
        assert_eq!(text("ｳﾞｧｲｵﾘﾝ", w), "ヴァイオリン");
        assert_eq!(text("ﾀﾅｶ ﾀﾛｳ", w), "タナカ タロウ");
        assert_eq!(text("ｺｰﾎﾟ", w), "コーポ");
        assert_eq!(text("ﾜﾞｦﾞ", w), "ヷヺ");
        // Marks that cannot compose stay as full-width marks.
        assert_eq!(text("ｱﾞｶﾟﾞ", w), "ア゛カ゜゛");
        assert_eq!(text("ﾞﾟ", w), "゛゜");
        // A full-width base does not compose with a half-width mark.
        assert_eq!(text("カﾞ", w), "カ゛");
        // Composed characters carry the index of their base.
        assert_eq!(origins("aｶﾞｷﾊﾟ", w), vec![0, 1, 3, 4]);
    }

    #[test]
    fn space() {
        let s = only(Normalization::Space);
        for written in [
            "吉田 太郎",
            "吉田\u{3000}太郎",
            "吉田\t太郎",
            " 吉田  太郎 ",
            "吉田\u{A0}太郎",
        ] {
            assert_eq!(text(written, s), "吉田太郎", "{written:?}");
        }
        assert_eq!(origins("吉田\u{3000}太郎", s), vec![0, 1, 3, 4]);
        assert_eq!(changed("吉田太郎", s), vec![]);
    }

    #[test]
    fn dash() {
        let d = only(Normalization::Dash);
        for sep in [
            '-', '‐', '‑', '‒', '–', '—', '―', '−', '－', '﹣', 'ー', 'ｰ',
        ] {
            let written = format!("1{sep}2");
            assert_eq!(text(&written, d), "1-2", "{written}");
        }
        assert_eq!(text("1ー", d), "1-");
        assert_eq!(text("ー2", d), "-2");
        // Long vowels next to no digit are kana.
        assert_eq!(text("メゾンー", d), "メゾンー");
        assert_eq!(text("コーポ", d), "コーポ");
        assert_eq!(changed("メゾンー", d), vec![]);
        // Other dashes are dashes anywhere.
        assert_eq!(text("A−B", d), "A-B");
        // With width folding first, half-width and full-width forms are seen.
        assert_eq!(text("１ｰ２", RuleSet::ADDRESS), "1-2");
        assert_eq!(text("ｺｰﾎﾟ", RuleSet::ADDRESS), "コーポ");
    }

    #[test]
    fn block_numbers() {
        let b = RuleSet::ADDRESS;
        for written in [
            "1丁目2番3号",
            "1丁目2番地3",
            "1丁目2番地の3",
            "1丁目2-3",
            "1-2-3",
            "一丁目2番3号",
            "1丁目2の3",
            "1の2の3",
            "１丁目２番３号",
            "1丁目 2番 3号",
            "1‐2−3",
            "1ー2ー3",
        ] {
            assert_eq!(text(written, b), "1-2-3", "{written}");
        }
        assert_eq!(text("二丁目1番2号", b), "2-1-2");
        assert_eq!(text("十丁目1", b), "10-1");
        assert_eq!(text("十二丁目1", b), "12-1");
        assert_eq!(text("二十丁目1", b), "20-1");
        assert_eq!(text("二十三丁目1", b), "23-1");
        assert_eq!(text("一二丁目1", b), "12-1");
        assert_eq!(text("九丁目", b), "9");
        assert_eq!(text("2番地", b), "2");
        assert_eq!(text("2番", b), "2");
        assert_eq!(text("3号", b), "3");
        assert_eq!(text("3番地ハイツ", b), "3ハイツ");
        assert_eq!(text("2番3号101号室", b), "2-3-101室");
        assert_eq!(text("1丁目-2", b), "1-2");
        // Dashes that were written are kept, even before a non-digit.
        assert_eq!(text("3-ハイツ", b), "3-ハイツ");
        // No digit before: the words stay.
        assert_eq!(text("千代田区一番町", b), "千代田区一番町");
        assert_eq!(text("番地", b), "番地");
        assert_eq!(text("丁目", b), "丁目");
        assert_eq!(text("あの1", b), "あの1");
        // Kanji numerals are read only before 丁目.
        assert_eq!(text("三軒茶屋二丁目", b), "三軒茶屋2");
        assert_eq!(text("一番町", b), "一番町");
        assert_eq!(text("二番3", b), "二番3");
        // Runs that are no number stay, and no part of them is read.
        assert_eq!(text("十十丁目", b), "十十丁目");
        assert_eq!(text("二十三四丁目", b), "二十三四丁目");
        assert_eq!(changed("東京都千代田区", b), vec![]);
        assert_eq!(changed("1-2-3", b), vec![]);
        assert_eq!(changed("1丁目", b), vec![Normalization::BlockNumber]);
    }

    #[test]
    fn block_number_origins() {
        let b = RuleSet::ADDRESS;
        // 1丁目2番地3: '-' from 丁 (1) and from 番 (4).
        assert_eq!(origins("1丁目2番地3", b), vec![0, 1, 3, 4, 6]);
        // 二十三丁目4: 2 from 二, 3 from 三, '-' from 丁.
        assert_eq!(origins("二十三丁目4", b), vec![0, 2, 3, 5]);
        // 十丁目: both digits from 十.
        assert_eq!(origins("十丁目", b), vec![0, 0]);
        // 二十丁目: 2 from 二, 0 from 十.
        assert_eq!(origins("二十丁目", b), vec![0, 1]);
        // 十二丁目: 1 from 十, 2 from 二.
        assert_eq!(origins("十二丁目", b), vec![0, 1]);
        // 2番地の3: の dropped.
        assert_eq!(origins("2番地の3", b), vec![0, 1, 4]);
    }

    #[test]
    fn rule_sets() {
        assert_eq!(
            RuleSet::NAME.to_vec(),
            vec![Normalization::Width, Normalization::Space]
        );
        assert_eq!(RuleSet::ADDRESS.to_vec(), ALL_RULES.to_vec());
        assert_eq!(
            RuleSet::ADDRESS.without(Normalization::Space),
            RuleSet::default()
                .with(Normalization::Width)
                .union(only(Normalization::Dash))
                .with(Normalization::BlockNumber)
        );
        // Rules outside the set are not applied.
        assert_eq!(text("１ 2", RuleSet::default()), "１ 2");
        assert_eq!(text("１ 2", RuleSet::NAME), "12");
        assert_eq!(text("1丁目", RuleSet::NAME), "1丁目");
        assert_eq!(changed("Ａ 1丁目−2", RuleSet::ADDRESS), ALL_RULES.to_vec());
    }
}
