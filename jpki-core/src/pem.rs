//! PEM armour (RFC 7468), for certificates, CRLs and CMS alike.
//!
//! Reading is as lenient about layout as OpenSSL and as strict about content as
//! DER: base64 lines of any length (64 columns, MIME's 76, one long line), LF,
//! CRLF or CR line ends, blank lines and whitespace anywhere in the body, and any
//! text around the blocks (`openssl x509 -text` output, comments) are accepted;
//! a character outside the base64 alphabet, wrong padding, non-zero padding bits,
//! an END line whose label differs from its BEGIN line and an empty body are
//! errors naming the line. RFC 1421 headers (`Proc-Type:`, `DEK-Info:`) of
//! legacy encrypted PEM are refused as unsupported ([`Error::PemUnsupported`]);
//! other headers (`Comment: …`) are skipped. Writing is strict RFC 7468: 64
//! columns, LF line ends.

use crate::error::Error;

/// One PEM block: its label and the DER it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PemBlock {
    /// The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`.
    pub label: String,
    /// The decoded bytes.
    pub der: Vec<u8>,
}

/// Every PEM block in `text`, in order. Text outside blocks (comments,
/// `openssl x509 -text` output, bytes that are not UTF-8) is ignored; see the
/// [module documentation](self) for what a block may look like.
///
/// # Errors
///
/// [`Error::Pem`] for a block that cannot be read (malformed BEGIN line, no or
/// a mismatched END line, a character outside the base64 alphabet, wrong
/// padding, an empty body), naming the line; [`Error::PemUnsupported`] for an
/// encrypted (RFC 1421) block.
pub fn decode_all(text: &[u8]) -> Result<Vec<PemBlock>, Error> {
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    for (number, raw) in Lines::new(text) {
        let line = trim(raw);
        match open.as_mut() {
            None => {
                if let Some(rest) = line.strip_prefix(BEGIN) {
                    let label = label(rest, number, "BEGIN")?;
                    open = Some(Open::new(label, number));
                }
            }
            Some(block) => {
                if let Some(rest) = line.strip_prefix(END) {
                    let label = label(rest, number, "END")?;
                    if let Some(block) = open.take() {
                        blocks.push(block.close(&label, number)?);
                    }
                } else if let Some(rest) = line.strip_prefix(BEGIN) {
                    let inner = label(rest, number, "BEGIN").unwrap_or_default();
                    return Err(pem_error(format!(
                        "line {number}: BEGIN {inner} inside the {} block opened at line {} \
                         (its END line is missing)",
                        block.label, block.begin
                    )));
                } else {
                    block.line(line, raw, number)?;
                }
            }
        }
    }
    match open {
        Some(block) => Err(pem_error(format!(
            "no END line for the {} block opened at line {}",
            block.label, block.begin
        ))),
        None => Ok(blocks),
    }
}

/// The DER of every block labelled `label`; an error if there is none.
///
/// # Errors
///
/// Those of [`decode_all`] (a broken block anywhere in `text` is an error,
/// whatever its label), and [`Error::NoPemBlock`] when no block has `label`.
pub fn decode_label(text: &[u8], label: &'static str) -> Result<Vec<Vec<u8>>, Error> {
    let ders: Vec<Vec<u8>> = decode_all(text)?
        .into_iter()
        .filter(|b| b.label == label)
        .map(|b| b.der)
        .collect();
    if ders.is_empty() {
        return Err(Error::NoPemBlock { label });
    }
    Ok(ders)
}

/// Encodes `der` as a PEM block with `label` (64-column lines, LF endings).
pub fn encode(label: &str, der: &[u8]) -> String {
    der::pem::encode_string(label, der::pem::LineEnding::LF, der).unwrap_or_default()
}

/// Whether `input` looks like PEM rather than DER.
pub fn looks_like_pem(input: &[u8]) -> bool {
    input.first() != Some(&0x30) && input.windows(BEGIN.len()).any(|w| w == BEGIN)
}

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

fn pem_error(reason: String) -> Error {
    Error::Pem { reason }
}

/// Lines of `text` with their 1-based numbers; a line ends at LF, CRLF or CR.
struct Lines<'a> {
    rest: &'a [u8],
    number: usize,
    done: bool,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self {
            rest: text,
            number: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.number += 1;
        let Some(end) = self.rest.iter().position(|&b| b == b'\n' || b == b'\r') else {
            self.done = true;
            return Some((self.number, self.rest));
        };
        let line = self.rest.get(..end).unwrap_or_default();
        let skip = match self.rest.get(end..end + 2) {
            Some(b"\r\n") => 2,
            _ => 1,
        };
        self.rest = self.rest.get(end + skip..).unwrap_or_default();
        if self.rest.is_empty() {
            self.done = true;
        }
        Some((self.number, line))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

fn trim(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |i| i + 1);
    line.get(start..end).unwrap_or_default()
}

/// The label of a BEGIN or END line, from what follows `-----BEGIN ` or
/// `-----END `: printable ASCII up to the closing dashes, with no run of
/// hyphens and no leading or trailing space (RFC 7468 §3).
fn label(rest: &[u8], number: usize, which: &str) -> Result<String, Error> {
    let malformed = |why: &str| {
        pem_error(format!(
            "line {number}: malformed {which} line ({why}): {:?}",
            excerpt(rest)
        ))
    };
    let label = rest
        .strip_suffix(DASHES)
        .ok_or_else(|| malformed("it does not end with -----"))?;
    if label.is_empty() {
        return Err(malformed("empty label"));
    }
    if !label.iter().all(|b| (0x20..=0x7e).contains(b))
        || label.first() == Some(&b' ')
        || label.last() == Some(&b' ')
        || label.first() == Some(&b'-')
        || label.last() == Some(&b'-')
        || label.windows(2).any(|w| w == b"--")
    {
        return Err(malformed("not a label"));
    }
    Ok(String::from_utf8_lossy(label).into_owned())
}

/// Where an open block is in its lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Right after BEGIN: headers or the body may come.
    Start,
    /// Among RFC 1421 headers (`Name: value`), which end at a blank line.
    Headers,
    /// In the base64 body.
    Body,
}

/// A block whose BEGIN line was read.
struct Open {
    label: String,
    begin: usize,
    part: Part,
    base64: Base64,
}

impl Open {
    fn new(label: String, begin: usize) -> Self {
        Self {
            label,
            begin,
            part: Part::Start,
            base64: Base64::default(),
        }
    }

    /// Takes one line between BEGIN and END (`line` trimmed, `raw` as found).
    fn line(&mut self, line: &[u8], raw: &[u8], number: usize) -> Result<(), Error> {
        match self.part {
            Part::Start | Part::Headers if line.contains(&b':') => {
                self.part = Part::Headers;
                self.header(line, number)
            }
            Part::Start | Part::Headers | Part::Body if line.is_empty() => {
                if self.part == Part::Headers {
                    self.part = Part::Body;
                }
                Ok(())
            }
            // A folded header value continues on lines starting with whitespace.
            Part::Headers if raw.first().is_some_and(|&b| b == b' ' || b == b'\t') => Ok(()),
            Part::Start | Part::Headers | Part::Body => {
                self.part = Part::Body;
                self.base64.feed(raw, number).map_err(|e| {
                    pem_error(format!("line {number}: {e} in the {} block", self.label))
                })
            }
        }
    }

    /// An RFC 1421 header: encryption and the other processing types are refused,
    /// anything else (`Comment:`) is skipped.
    fn header(&self, line: &[u8], number: usize) -> Result<(), Error> {
        let name = line
            .split(|&b| b == b':')
            .next()
            .map(trim)
            .unwrap_or_default();
        if name.eq_ignore_ascii_case(b"Proc-Type") || name.eq_ignore_ascii_case(b"DEK-Info") {
            return Err(Error::PemUnsupported {
                label: self.label.clone(),
                line: number,
                header: excerpt(line),
            });
        }
        Ok(())
    }

    /// The block, given the label and number of its END line.
    fn close(self, end_label: &str, number: usize) -> Result<PemBlock, Error> {
        if end_label != self.label {
            return Err(pem_error(format!(
                "line {number}: END {end_label} closes the BEGIN {} of line {}",
                self.label, self.begin
            )));
        }
        let der = self.base64.finish().map_err(|e| {
            pem_error(format!(
                "the {} block of lines {}–{number}: {e}",
                self.label, self.begin
            ))
        })?;
        Ok(PemBlock {
            label: self.label,
            der,
        })
    }
}

/// A byte as an error message shows it: `'!'`, or `byte 0xe3`.
fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("{:?}", char::from(b))
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// At most 60 characters of `bytes`, as text, for an error message.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(60).collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

/// The value of a base64 character (RFC 4648 §4), `None` for anything else.
fn sextet(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// A strict base64 decoder fed line by line: whitespace is skipped, every other
/// character must be of the alphabet, `=` pads the last group only (one or
/// two), and the bits the padding leaves over must be zero.
#[derive(Default)]
struct Base64 {
    out: Vec<u8>,
    /// The sextets of the group being read.
    group: [u8; 4],
    /// How many characters of the group were read (padding included).
    filled: usize,
    /// How many `=` the group has.
    padding: usize,
    /// Whether a padded group was completed: nothing may follow.
    ended: bool,
    /// The line of the last character, for errors found at the end.
    last_line: usize,
}

impl Base64 {
    fn feed(&mut self, line: &[u8], number: usize) -> Result<(), String> {
        for (i, &b) in line.iter().enumerate() {
            if is_space(b) {
                continue;
            }
            let at = || format!("{} at column {}", shown(b), i + 1);
            if self.ended {
                return Err(format!("{} after the padding that ends the base64", at()));
            }
            if b == b'=' {
                if self.filled < 2 {
                    return Err(format!(
                        "misplaced padding {} (a group needs two characters before its padding)",
                        at()
                    ));
                }
                self.padding += 1;
            } else {
                let value =
                    sextet(b).ok_or_else(|| format!("invalid base64 character {}", at()))?;
                if self.padding > 0 {
                    return Err(format!("base64 character {} after padding '='", at()));
                }
                if let Some(slot) = self.group.get_mut(self.filled) {
                    *slot = value;
                }
            }
            self.filled += 1;
            self.last_line = number;
            if self.filled == 4 {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Decodes the complete group.
    fn flush(&mut self) -> Result<(), String> {
        let [a, b, c, d] = self.group;
        let bytes = [(a << 2) | (b >> 4), (b << 4) | (c >> 2), (c << 6) | d];
        let keep = 3 - self.padding;
        // The bits of the last character that no output byte takes must be zero.
        let spare = match self.padding {
            2 => b & 0x0f,
            1 => c & 0x03,
            _ => 0,
        };
        if spare != 0 {
            return Err("non-zero bits in the last base64 character before the padding".into());
        }
        self.out
            .extend_from_slice(bytes.get(..keep).unwrap_or_default());
        self.ended = self.padding > 0;
        self.group = [0; 4];
        self.filled = 0;
        self.padding = 0;
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, String> {
        if self.filled != 0 {
            return Err(format!(
                "the base64 ends mid-group at line {} ({} of 4 characters: truncated, or \
                 padding '=' missing)",
                self.last_line, self.filled
            ));
        }
        if self.out.is_empty() {
            return Err("empty body".into());
        }
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Some DER-ish bytes long enough for several lines at any width.
    fn payload() -> Vec<u8> {
        (0u8..=255).chain(0..100).collect()
    }

    /// Standard base64 of `bytes` (a test oracle written out independently of
    /// the decoder: RFC 4648 by the bit).
    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    let v = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap();
                    out.push(char::from(ALPHABET[v]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// `bytes` as a PEM block with base64 lines of `width` columns and `eol`.
    fn wrap(label: &str, bytes: &[u8], width: usize, eol: &str) -> String {
        let b64 = base64(bytes);
        let mut s = format!("-----BEGIN {label}-----{eol}");
        for line in b64.as_bytes().chunks(width) {
            s.push_str(core::str::from_utf8(line).unwrap());
            s.push_str(eol);
        }
        s.push_str(&format!("-----END {label}-----{eol}"));
        s
    }

    fn reason(text: &str) -> String {
        match decode_all(text.as_bytes()) {
            Err(Error::Pem { reason }) => reason,
            other => panic!("expected Error::Pem, got {other:?}"),
        }
    }

    #[test]
    fn round_trip_and_bundle() {
        let a = encode("CERTIFICATE", &[0x30, 0x00]);
        let b = encode("X509 CRL", &[0x30, 0x01, 0x05]);
        let text = format!("comment\n{a}between\n{b}");
        let blocks = decode_all(text.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].der, vec![0x30, 0x00]);
        assert_eq!(blocks[1].label, "X509 CRL");
        assert_eq!(
            decode_label(text.as_bytes(), "CERTIFICATE").unwrap().len(),
            1
        );
        assert!(matches!(
            decode_label(b"nothing", "CERTIFICATE"),
            Err(Error::NoPemBlock { .. })
        ));
        assert!(looks_like_pem(text.as_bytes()));
        assert!(!looks_like_pem(&[0x30, 0x03]));
    }

    #[test]
    fn the_oracle_is_base64() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn encode_writes_64_columns() {
        let text = encode("CERTIFICATE", &payload());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "-----BEGIN CERTIFICATE-----");
        assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
        let body = &lines[1..lines.len() - 1];
        assert!(body[..body.len() - 1].iter().all(|l| l.len() == 64));
        assert!(body[body.len() - 1].len() <= 64);
        assert_eq!(text, wrap("CERTIFICATE", &payload(), 64, "\n"));
    }

    #[test]
    fn any_line_width() {
        let der = payload();
        for width in [64, 76, 4, 1, 63, 65, 1000] {
            let text = wrap("CERTIFICATE", &der, width, "\n");
            let blocks = decode_all(text.as_bytes()).unwrap();
            assert_eq!(blocks.len(), 1, "width {width}");
            assert_eq!(blocks[0].label, "CERTIFICATE");
            assert_eq!(blocks[0].der, der, "width {width}");
        }
        // 76 columns: every body line but the last is 76 characters.
        let text = wrap("CERTIFICATE", &der, 76, "\n");
        assert!(text.lines().nth(1).unwrap().len() == 76);
        // One line of base64.
        let text = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----",
            base64(&der)
        );
        assert_eq!(decode_label(text.as_bytes(), "CERTIFICATE").unwrap(), [der]);
    }

    #[test]
    fn line_ends_blank_lines_and_whitespace() {
        let der = payload();
        for eol in ["\r\n", "\r", "\n"] {
            let text = wrap("X509 CRL", &der, 76, eol);
            assert_eq!(decode_all(text.as_bytes()).unwrap()[0].der, der, "{eol:?}");
        }
        // Trailing whitespace, blank lines, indentation and spaces inside lines.
        let b64 = base64(&der);
        let (a, rest) = b64.split_at(40);
        let (b, c) = rest.split_at(50);
        let text = format!(
            "-----BEGIN CERTIFICATE----- \t\r\n\n  {a}  \r\n\r\n{} {}\t\n{c}\n\n-----END CERTIFICATE-----  \n",
            &b[..20],
            &b[20..]
        );
        assert_eq!(decode_all(text.as_bytes()).unwrap()[0].der, der);
        // No newline at the very end.
        let text = wrap("CERTIFICATE", &der, 64, "\n");
        assert_eq!(decode_all(text.trim_end().as_bytes()).unwrap()[0].der, der);
    }

    #[test]
    fn text_around_blocks() {
        let der = payload();
        // What `openssl x509 -text` prints before the block, and a trailer.
        let text = format!(
            "Certificate:\n    Data:\n        Version: 3 (0x2)\n        Serial Number: 1 (0x1)\n\
             \x20       Subject: C=JP, O=JPKI, OU=JPKI for digital signature\n\
             \x20   Signature Value:\n        3a:4f:00\n{}trailing notes: -----\n",
            wrap("CERTIFICATE", &der, 64, "\n")
        );
        let blocks = decode_all(text.as_bytes()).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].der, der);
        // Text that is not UTF-8 (Shift_JIS) around the block is ignored too.
        let mut sjis = vec![0x83, 0x65, 0x83, 0x58, 0x83, 0x67, b'\n'];
        sjis.extend_from_slice(wrap("CERTIFICATE", &der, 76, "\r\n").as_bytes());
        sjis.extend_from_slice(&[0x82, 0xa0, b'\n']);
        assert_eq!(decode_all(&sjis).unwrap()[0].der, der);
        // Nothing but text: no block, no error.
        assert_eq!(decode_all(b"just words\n").unwrap(), vec![]);
        assert_eq!(decode_all(&[0xff, 0xfe]).unwrap(), vec![]);
        assert_eq!(decode_all(b"").unwrap(), vec![]);
        // A stray END line outside any block is text.
        assert_eq!(decode_all(b"-----END CERTIFICATE-----\n").unwrap(), vec![]);
    }

    #[test]
    fn comment_headers_are_skipped() {
        let der = payload();
        let b64 = base64(&der);
        let text = format!(
            "-----BEGIN CERTIFICATE-----\nComment: issued by the simulator,\n  folded here\n\n{b64}\n-----END CERTIFICATE-----\n"
        );
        assert_eq!(decode_all(text.as_bytes()).unwrap()[0].der, der);
    }

    #[test]
    fn encrypted_pem_is_unsupported() {
        let b64 = base64(&payload());
        let text = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n{b64}\n-----END RSA PRIVATE KEY-----\n"
        );
        let err = decode_all(text.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            Error::PemUnsupported {
                label: "RSA PRIVATE KEY".into(),
                line: 2,
                header: "Proc-Type: 4,ENCRYPTED".into(),
            }
        );
        assert_eq!(err.kind(), crate::ErrorKind::PemUnsupported);
        assert!(err.to_string().contains("not supported"), "{err}");
        // DEK-Info alone, in any case, after a comment.
        let text = format!(
            "-----BEGIN CERTIFICATE-----\nComment: x\ndek-info: DES-CBC,00\n\n{b64}\n-----END CERTIFICATE-----\n"
        );
        assert!(matches!(
            decode_all(text.as_bytes()),
            Err(Error::PemUnsupported { line: 3, .. })
        ));
        // Through decode_label, even when another label is sought.
        assert!(matches!(
            decode_label(text.as_bytes(), "X509 CRL"),
            Err(Error::PemUnsupported { .. })
        ));
    }

    #[test]
    fn end_label_must_match() {
        let b64 = base64(&payload());
        let r = reason(&format!(
            "-----BEGIN CERTIFICATE-----\n{b64}\n-----END X509 CRL-----\n"
        ));
        assert_eq!(
            r,
            "line 3: END X509 CRL closes the BEGIN CERTIFICATE of line 1"
        );
        // No END at all.
        let r = reason(&format!("intro\n-----BEGIN CERTIFICATE-----\n{b64}\n"));
        assert_eq!(r, "no END line for the CERTIFICATE block opened at line 2");
        // A second BEGIN before the END.
        let r = reason(&format!(
            "-----BEGIN CERTIFICATE-----\n{b64}\n-----BEGIN X509 CRL-----\n{b64}\n-----END X509 CRL-----\n"
        ));
        assert!(
            r.starts_with("line 3: BEGIN X509 CRL inside the CERTIFICATE block"),
            "{r}"
        );
    }

    #[test]
    fn malformed_begin_and_end_lines() {
        for (text, line) in [
            (
                "-----BEGIN CERTIFICATE\nAAAA\n-----END CERTIFICATE-----\n",
                1,
            ),
            ("-----BEGIN -----\nAAAA\n-----END -----\n", 1),
            (
                "-----BEGIN CERTIFICATE-----MIIB-----END CERTIFICATE-----\n",
                1,
            ),
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE\n",
                3,
            ),
            ("-----BEGIN  CERTIFICATE-----\nAAAA\n", 1),
        ] {
            let r = reason(text);
            assert!(r.starts_with(&format!("line {line}: malformed ")), "{r}");
        }
    }

    #[test]
    fn bad_base64_character_names_the_line() {
        let good = base64(&payload());
        let (a, b) = good.split_at(64);
        for (bad, shown) in [("!", "'!'"), ("é", "byte 0xc3"), ("-", "'-'"), (":", "':'")] {
            let text = format!(
                "-----BEGIN CERTIFICATE-----\n{a}\n{}{bad}{}\n-----END CERTIFICATE-----\n",
                &b[..10],
                &b[10..]
            );
            let r = reason(&text);
            assert_eq!(
                r,
                format!(
                    "line 3: invalid base64 character {shown} at column 11 in the CERTIFICATE block"
                )
            );
        }
        // URL-safe base64 is not PEM.
        let r = reason("-----BEGIN CERTIFICATE-----\nab_-\n-----END CERTIFICATE-----\n");
        assert!(
            r.contains("invalid base64 character '_' at column 3"),
            "{r}"
        );
    }

    #[test]
    fn padding_is_strict() {
        let block = |body: &str| format!("-----BEGIN X-----\n{body}\n-----END X-----\n");
        // Correct padding.
        assert_eq!(decode_all(block("Zg==").as_bytes()).unwrap()[0].der, b"f");
        assert_eq!(decode_all(block("Zm8=").as_bytes()).unwrap()[0].der, b"fo");
        assert_eq!(
            decode_all(block("Zm9v\nZg==").as_bytes()).unwrap()[0].der,
            b"foof"
        );
        // Truncated: padding missing or short.
        for body in ["Zg", "Zg=", "Zm8", "Zm9vZ", "Zm9v\nZg="] {
            let r = reason(&block(body));
            assert!(r.contains("ends mid-group"), "{body}: {r}");
            assert!(r.starts_with("the X block of lines 1–"), "{body}: {r}");
        }
        assert_eq!(
            reason(&block("Zm9v\nZg=")),
            "the X block of lines 1–4: the base64 ends mid-group at line 3 (3 of 4 \
             characters: truncated, or padding '=' missing)"
        );
        // Misplaced or surplus padding.
        for (body, expect) in [
            ("Z===", "misplaced padding '=' at column 2"),
            ("====", "misplaced padding '=' at column 1"),
            ("Zg=a", "base64 character 'a' at column 4 after padding"),
            ("Zg==Zm9v", "'Z' at column 5 after the padding that ends"),
            ("Zg==\nZm9v", "'Z' at column 1 after the padding that ends"),
            ("Zg===", "'=' at column 5 after the padding that ends"),
        ] {
            let r = reason(&block(body));
            assert!(r.contains(expect), "{body}: {r}");
        }
        // Bits left over by the padding must be zero: "Zh==" also reads as "f".
        for body in ["Zh==", "Zm9=", "Zm8/Zm9="] {
            let r = reason(&block(body));
            assert!(r.contains("non-zero bits"), "{body}: {r}");
        }
    }

    #[test]
    fn empty_body() {
        for text in [
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\n\n   \n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nComment: nothing\n\n-----END CERTIFICATE-----\n",
        ] {
            let r = reason(text);
            assert!(r.ends_with("empty body"), "{r}");
        }
    }

    #[test]
    fn a_broken_block_fails_the_bundle() {
        let good = encode("CERTIFICATE", &payload());
        let text = format!("{good}-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        let r = reason(&text);
        // 356 bytes are 8 lines of base64: the good block is lines 1–10.
        assert_eq!(
            r,
            "line 12: invalid base64 character '!' at column 1 in the CERTIFICATE block"
        );
    }

    #[test]
    fn long_lines_are_cut_in_messages() {
        let text = format!("-----BEGIN {}\n", "A".repeat(10_000));
        let r = reason(&text);
        assert!(r.len() < 200, "{r}");
    }
}
