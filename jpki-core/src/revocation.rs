//! Revocation: CRLs, OCSP, and the policy that decides what a verifier accepts.
//!
//! * [`crl`]: a zero-copy CRL view that walks entries lazily, verifies the
//!   signature over the original TBS bytes, matches JPKI's per-municipality
//!   partitions, and indexes serials in one pass.
//! * [`ocsp`]: OCSP requests and RFC 6960 response verification.
//! * `http` (feature `http`): a small blocking OCSP-over-HTTP client with size and
//!   time limits.
//! * [`check_path`] with a [`RevocationPolicy`]: OCSP first or CRL first, hard fail
//!   (default) or visible soft fail when no source answers, a maximum CRL age;
//!   every certificate of a validated path is checked against its issuer.
//!
//! Fail closed: a stale CRL, an OCSP response for another certificate, or an
//! `unknown` status is never "good".

use core::fmt;

mod check;
pub mod crl;
#[cfg(feature = "http")]
pub mod http;
pub mod ocsp;

pub use check::{
    OcspFetcher, RevocationPolicy, RevocationReport, RevocationSources, RevocationStatus, Source,
    SourceOrder, WhenUnavailable, check_certificate, check_path,
};

/// CRLReason (RFC 5280 §5.3.1), read the way J-LIS uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RevocationReason {
    /// `0` unspecified: J-LIS uses it for a certificate destroyed before delivery.
    Unspecified,
    /// `1` keyCompromise: the holder reported the key or card lost or exposed
    /// (鍵の漏えい等の届出).
    KeyCompromise,
    /// `2` cACompromise.
    CaCompromise,
    /// `3` affiliationChanged: the certified contents changed (異動等失効): the
    /// resident register recorded a move, a name change or a new address notation.
    AffiliationChanged,
    /// `4` superseded: renewed.
    Superseded,
    /// `5` cessationOfOperation: no longer used (voluntary revocation, death).
    CessationOfOperation,
    /// `6` certificateHold.
    CertificateHold,
    /// `8` removeFromCRL (delta CRLs only).
    RemoveFromCrl,
    /// `9` privilegeWithdrawn.
    PrivilegeWithdrawn,
    /// `10` aACompromise.
    AaCompromise,
}

impl RevocationReason {
    /// From the CRLReason code; `None` for 7 (unused) and unknown codes.
    pub const fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            8 => Self::RemoveFromCrl,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            _ => return None,
        })
    }

    /// The CRLReason code.
    pub const fn code(self) -> u8 {
        match self {
            Self::Unspecified => 0,
            Self::KeyCompromise => 1,
            Self::CaCompromise => 2,
            Self::AffiliationChanged => 3,
            Self::Superseded => 4,
            Self::CessationOfOperation => 5,
            Self::CertificateHold => 6,
            Self::RemoveFromCrl => 8,
            Self::PrivilegeWithdrawn => 9,
            Self::AaCompromise => 10,
        }
    }

    /// The RFC 5280 name (`affiliationChanged`).
    pub const fn rfc_name(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "keyCompromise",
            Self::CaCompromise => "cACompromise",
            Self::AffiliationChanged => "affiliationChanged",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessationOfOperation",
            Self::CertificateHold => "certificateHold",
            Self::RemoveFromCrl => "removeFromCRL",
            Self::PrivilegeWithdrawn => "privilegeWithdrawn",
            Self::AaCompromise => "aACompromise",
        }
    }

    /// What the reason means for a JPKI certificate, in a few words.
    pub const fn jpki_meaning(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified (e.g. destroyed before delivery)",
            Self::KeyCompromise => "key compromise (card lost or key exposed)",
            Self::CaCompromise => "CA compromise",
            Self::AffiliationChanged => "certified contents changed (move, name change)",
            Self::Superseded => "superseded (renewed)",
            Self::CessationOfOperation => "no longer used (voluntary revocation, death)",
            Self::CertificateHold => "on hold",
            Self::RemoveFromCrl => "removed from CRL",
            Self::PrivilegeWithdrawn => "privilege withdrawn",
            Self::AaCompromise => "AA compromise",
        }
    }
}

/// `affiliationChanged (certified contents changed (move, name change))`.
impl fmt::Display for RevocationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.rfc_name(), self.jpki_meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in 0..=12u8 {
            match RevocationReason::from_code(code) {
                Some(r) => assert_eq!(r.code(), code),
                None => assert!(code == 7 || code > 10),
            }
        }
        assert_eq!(
            RevocationReason::AffiliationChanged.rfc_name(),
            "affiliationChanged"
        );
    }
}
