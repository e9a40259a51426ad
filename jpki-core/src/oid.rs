//! Object identifiers JPKI uses, and the [`Oid`] type that carries them.
//!
//! Sources: `docs/SOURCES.md` (the J-LIS profile as seen in public tools and
//! real certificates; the HPKI arc from the MHLW HPKI certificate policy).

use core::fmt;
use core::str::FromStr;

use const_oid::ObjectIdentifier;

use crate::error::Error;

/// An ASN.1 object identifier, shown in dotted form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Oid(pub(crate) ObjectIdentifier);

impl Oid {
    /// The dotted-decimal form, e.g. `1.2.392.200149.8.5.5.1`.
    pub fn to_dotted(&self) -> String {
        self.0.to_string()
    }

    /// Whether this OID lies strictly below `arc`.
    pub fn is_under(&self, arc: &Oid) -> bool {
        self.0.starts_with(arc.0) && self.0 != arc.0
    }

    pub(crate) const fn new_unwrap(s: &str) -> Self {
        Self(ObjectIdentifier::new_unwrap(s))
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Oid {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        ObjectIdentifier::new(s)
            .map(Self)
            .map_err(|_| Error::InvalidOid {
                value: s.to_owned(),
            })
    }
}

/// Arc of the 4 basic info otherNames in the signing certificate's subjectAltName.
pub const JPKI_PERSONAL_ARC: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5");
/// 氏名 (name): surname, full-width space, given name.
pub const JPKI_NAME: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5.1");
/// Substitute-character positions in the name, one digit per character.
pub const JPKI_NAME_SUBSTITUTES: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5.2");
/// 性別 (sex): `1` male, `2` female, `3` unknown.
pub const JPKI_SEX: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5.3");
/// 生年月日 (birth date): era code then Gregorian `YYYYMMDD`.
pub const JPKI_BIRTH_DATE: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5.4");
/// 住所 (address).
pub const JPKI_ADDRESS: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5.5");
/// Substitute-character positions in the address, one digit per character.
pub const JPKI_ADDRESS_SUBSTITUTES: Oid = Oid::new_unwrap("1.2.392.200149.8.5.5.6");

/// Arc of JPKI certificate policies.
pub const JPKI_POLICY_ARC: Oid = Oid::new_unwrap("1.2.392.200149.8.5.1");
/// Signing certificate policy (署名用電子証明書), production.
pub const JPKI_POLICY_SIGNING: Oid = Oid::new_unwrap("1.2.392.200149.8.5.1.1.20");
/// Signing certificate policy on test cards.
pub const JPKI_POLICY_SIGNING_TEST: Oid = Oid::new_unwrap("1.2.392.200149.8.5.1.0.20");
/// User authentication certificate policy (利用者証明用電子証明書), production.
pub const JPKI_POLICY_AUTHENTICATION: Oid = Oid::new_unwrap("1.2.392.200149.8.5.1.3.30");
/// User authentication certificate policy on test cards. Not confirmed by a public
/// source: inferred from the signing pair (`1.20` production, `0.20` test).
pub const JPKI_POLICY_AUTHENTICATION_TEST: Oid = Oid::new_unwrap("1.2.392.200149.8.5.1.2.30");

/// HPKI `hcRole` attribute inside subjectDirectoryAttributes (ISO 17090).
pub const HPKI_HC_ROLE: Oid = Oid::new_unwrap("1.0.17090.0.1");
/// HPKI coding scheme for the role names used in Japan.
pub const HPKI_ROLE_CODING_SCHEME: Oid = Oid::new_unwrap("1.2.392.100495.1.6.1.1");
/// Arc of Japanese HPKI.
pub const HPKI_ARC: Oid = Oid::new_unwrap("1.2.392.100495.1");

/// Extended key usage: TLS client authentication.
pub const KP_CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
/// anyExtendedKeyUsage (RFC 5280 §4.2.1.12).
pub const ANY_EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37.0");
/// Extended key usage: OCSP signing.
pub const KP_OCSP_SIGNING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.9");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs() {
        assert!(JPKI_NAME.is_under(&JPKI_PERSONAL_ARC));
        assert!(!JPKI_PERSONAL_ARC.is_under(&JPKI_PERSONAL_ARC));
        assert!(!JPKI_POLICY_SIGNING.is_under(&JPKI_PERSONAL_ARC));
        assert_eq!(JPKI_ADDRESS.to_string(), "1.2.392.200149.8.5.5.5");
        assert_eq!("1.2.3".parse::<Oid>().unwrap().to_dotted(), "1.2.3");
        assert!("1.x".parse::<Oid>().is_err());
    }
}
