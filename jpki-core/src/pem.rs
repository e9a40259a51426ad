//! PEM armour (RFC 7468), for certificates, CRLs and CMS alike.

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
/// `openssl x509 -text` output) is ignored.
pub fn decode_all(text: &[u8]) -> Result<Vec<PemBlock>, Error> {
    let text = core::str::from_utf8(text).map_err(|_| Error::Pem {
        reason: "not UTF-8 text".into(),
    })?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let from = rest.get(start..).unwrap_or_default();
        let label_end = from
            .get(11..)
            .and_then(|s| s.find("-----"))
            .ok_or_else(|| Error::Pem {
                reason: "unterminated BEGIN line".into(),
            })?;
        let label = from.get(11..11 + label_end).unwrap_or_default();
        let end_marker = format!("-----END {label}-----");
        let end = from.find(&end_marker).ok_or_else(|| Error::Pem {
            reason: format!("no END line for {label}"),
        })?;
        let block = from.get(..end + end_marker.len()).unwrap_or_default();
        let (found_label, der) =
            der::pem::decode_vec(block.as_bytes()).map_err(|e| Error::Pem {
                reason: e.to_string(),
            })?;
        blocks.push(PemBlock {
            label: found_label.to_owned(),
            der,
        });
        rest = from.get(end + end_marker.len()..).unwrap_or_default();
    }
    Ok(blocks)
}

/// The DER of every block labelled `label`; an error if there is none.
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
    input.first() != Some(&0x30) && input.windows(11).any(|w| w == b"-----BEGIN ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn broken() {
        assert!(matches!(
            decode_all(b"-----BEGIN CERTIFICATE-----\nAAAA"),
            Err(Error::Pem { .. })
        ));
        assert!(matches!(
            decode_all(b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"),
            Err(Error::Pem { .. })
        ));
        assert!(decode_all(&[0xff, 0xfe]).is_err());
    }
}
