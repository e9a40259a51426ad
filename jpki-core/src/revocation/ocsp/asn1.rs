//! Small ASN.1 building blocks the OCSP structures share: an ENUMERATED code,
//! a TLV kept as its original bytes, and a borrowed X.509 extension.

use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::{
    Decode, DecodeValue, Encode, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag,
    Writer,
};

/// An `ENUMERATED` value of at most one octet (OCSPResponseStatus, CRLReason).
///
/// Read like an unsigned INTEGER under the ENUMERATED tag: minimal encoding,
/// no negative values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Enumerated(pub(crate) u8);

impl FixedTag for Enumerated {
    const TAG: Tag = Tag::Enumerated;
}

impl<'a> DecodeValue<'a> for Enumerated {
    type Error = der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> Result<Self, der::Error> {
        u8::decode_value(reader, header).map(Self)
    }
}

impl EncodeValue for Enumerated {
    fn value_len(&self) -> Result<Length, der::Error> {
        self.0.value_len()
    }

    fn encode_value(&self, writer: &mut impl Writer) -> Result<(), der::Error> {
        self.0.encode_value(writer)
    }
}

/// One complete TLV, kept as the exact bytes of the input.
///
/// Signatures are verified over what was signed, never over a re-encoding
/// (`docs/SOURCES.md`): `tbsResponseData` and the certificates of a
/// response are held this way and decoded from these bytes afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawTlv<'a>(pub(crate) &'a [u8]);

impl<'a> Decode<'a> for RawTlv<'a> {
    type Error = der::Error;

    fn decode<R: Reader<'a>>(reader: &mut R) -> Result<Self, der::Error> {
        reader.tlv_bytes().map(Self)
    }
}

impl Encode for RawTlv<'_> {
    fn encoded_len(&self) -> Result<Length, der::Error> {
        Length::try_from(self.0.len())
    }

    fn encode(&self, writer: &mut impl Writer) -> Result<(), der::Error> {
        writer.write(self.0)
    }
}

/// `Extension` ([RFC 5280 §4.1](https://www.rfc-editor.org/rfc/rfc5280#section-4.1)),
/// borrowed from the input:
///
/// ```text
/// Extension  ::=  SEQUENCE  {
///      extnID      OBJECT IDENTIFIER,
///      critical    BOOLEAN DEFAULT FALSE,
///      extnValue   OCTET STRING }
/// ```
///
/// `critical` is read as OPTIONAL so that an encoded FALSE, which DER forbids
/// for a DEFAULT value, can be refused by [`check_extensions`].
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct ExtensionRef<'a> {
    pub(crate) extn_id: ObjectIdentifier,
    #[asn1(optional = "true")]
    pub(crate) critical: Option<bool>,
    pub(crate) extn_value: &'a OctetStringRef,
}

impl ExtensionRef<'_> {
    pub(crate) fn is_critical(&self) -> bool {
        self.critical == Some(true)
    }
}

/// Refuses a list of extensions with a DEFAULT FALSE written out or an OID twice.
pub(crate) fn check_extensions(
    what: &'static str,
    extensions: &[ExtensionRef<'_>],
) -> Result<(), crate::Error> {
    for (i, ext) in extensions.iter().enumerate() {
        if ext.critical == Some(false) {
            return Err(crate::Error::OcspMalformed {
                what,
                reason: "an extension encodes critical FALSE, which DER omits (DEFAULT)",
            });
        }
        if extensions
            .iter()
            .skip(i.saturating_add(1))
            .any(|e| e.extn_id == ext.extn_id)
        {
            return Err(crate::Error::DuplicateExtension {
                oid: crate::oid::Oid(ext.extn_id),
            });
        }
    }
    Ok(())
}
