//! Revocation: CRLs, OCSP, and the policy that decides what a verifier accepts.
//!
//! * [`crl`]: a zero-copy CRL view that walks entries lazily, verifies the
//!   signature over the original TBS bytes, matches JPKI's per-municipality
//!   partitions, and indexes serials in one pass.
//! * [`ocsp`]: OCSP requests and RFC 6960 response verification.
//! * `http` (feature `http`): a small blocking OCSP-over-HTTP client with size and
//!   time limits.
//! * [`RevocationPolicy`](crate::RevocationPolicy): OCSP first or CRL first, hard fail (default), visible
//!   soft fail or off, a maximum CRL age. The [`Verifier`](crate::Verifier)
//!   applies it to every certificate of a validated path, against CRLs it holds
//!   parsed and indexed, OCSP responses, and an optional online fetcher.
//!
//! Fail closed: a stale CRL, an OCSP response for another certificate, or an
//! `unknown` status is never "good". CRLs of every shape are applied together
//! (RFC 5280 §6.3.3): delta CRLs on top of their base, CRLs limited to some
//! reasons (every reason must be covered), indirect CRLs and CRLs signed by a
//! rolled-over key of the same CA (the signer's own path validated); a
//! certificate that any usable CRL or delta lists is never "good".

pub(crate) mod check;
pub mod crl;
#[cfg(feature = "http")]
pub mod http;
pub mod ocsp;

pub use crate::values::{HttpProblem, RevocationReason};
pub(crate) use check::{LoadedCrl, Sources, check_certificate};
pub use check::{OcspFetcher, RevocationMode, RevocationStatus, Source, SourceOrder};

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
