//! JPKI certificates: parsing, the 4 basic info, and application matching.
//!
//! [`Certificate::from_der`](crate::Certificate::from_der) (or [`Certificate::parse`](crate::Certificate::parse) for DER or PEM) decodes a
//! certificate strictly (DER only, no trailing data) and keeps the original bytes,
//! so signatures can later be checked over exactly what was signed. Everything a
//! JPKI verifier looks at is decoded eagerly: a certificate whose 4 basic info
//! are malformed does not parse.

pub(crate) mod certificate;
pub(crate) mod compare;
mod extensions;
mod name;
mod normalize;
pub(crate) mod personal;
pub(crate) mod substitute;

use core::fmt;

pub use crate::values::PersonalField;
pub use compare::Normalization;
pub use extensions::{
    AuthorityKeyId, BasicConstraintsInfo, DistributionPoint, ExtensionInfo, KeyUsageFlags,
    NameConstraintsInfo, Policy, PolicyConstraintsInfo, PolicyMapping, ReasonFlags,
};
pub use name::{DistinguishedName, GeneralName, NameAttribute, StringKind};
pub use personal::{BirthDate, Era, OtherPersonalField, SubstitutePositions};
pub use substitute::{
    in_certificate_charset, is_listed_substitute, substitute_for, table as substitute_table,
};

/// What a certificate is for, in JPKI terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertificateKind {
    /// 署名用電子証明書: signs e-applications; carries the 4 basic info.
    Signing,
    /// 利用者証明用電子証明書: proves "this is the card holder"; no personal data.
    Authentication,
    /// A certification authority (basicConstraints cA).
    Ca,
    /// Anything else.
    Other,
}

impl CertificateKind {
    /// `signing`, `authentication`, `ca` or `other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Signing => "signing",
            Self::Authentication => "authentication",
            Self::Ca => "ca",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for CertificateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a JPKI end-entity certificate comes from production cards or test cards,
/// read from its policy OID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Production policy arc (`…8.5.1.1.20`, `…8.5.1.3.30`).
    Production,
    /// Test-card policy arc (`…8.5.1.0.20`, `…8.5.1.2.30`).
    Test,
}

impl Environment {
    /// `production` or `test`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Production => "production",
            Self::Test => "test",
        }
    }
}

/// How a certificate's authorityKeyIdentifier names a candidate issuer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IssuerMatch {
    /// keyIdentifier equals the candidate's subjectKeyIdentifier.
    KeyId,
    /// authorityCertIssuer and authorityCertSerialNumber equal the candidate's
    /// issuer and serial (used when there is no key id).
    IssuerAndSerial,
}
