//! Secrets (PINs and the signing password): validated, zeroized, never shown.

use core::fmt;

use zeroize::Zeroizing;

use super::PinKind;
use crate::error::Error;

/// A validated secret for one [`PinKind`].
///
/// Its bytes are zeroized on drop and never appear in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret {
    kind: PinKind,
    bytes: Zeroizing<Vec<u8>>,
}

impl Secret {
    /// Validates `text` for `kind` before anything is sent to a card:
    ///
    /// * authentication and attributes PINs: exactly 4 ASCII digits;
    /// * signing password: 6–16 characters of `A`–`Z` and `0`–`9`. Lower-case
    ///   ASCII letters are upper-cased (public tools differ: some upper-case, some
    ///   send as typed; the password is set in upper case at the window).
    pub fn new(kind: PinKind, text: &str) -> Result<Self, Error> {
        let err = |reason| Error::InvalidSecret { pin: kind, reason };
        let bytes: Zeroizing<Vec<u8>> = match kind {
            PinKind::AuthenticationPin | PinKind::AttributesPin => {
                if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err("must be exactly 4 digits (0-9)"));
                }
                Zeroizing::new(text.as_bytes().to_vec())
            }
            PinKind::SigningPassword => {
                let len = text.chars().count();
                if !(6..=16).contains(&len) {
                    return Err(err("must have 6 to 16 characters"));
                }
                if !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(err("may only contain A-Z and 0-9"));
                }
                Zeroizing::new(text.bytes().map(|b| b.to_ascii_uppercase()).collect())
            }
        };
        Ok(Self { kind, bytes })
    }

    /// Which secret this is.
    pub fn kind(&self) -> PinKind {
        self.kind
    }

    /// The same characters as a secret of another kind, validated for it (the text
    /// application's PIN has the authentication PIN's digits on real cards).
    pub fn with_kind(&self, kind: PinKind) -> Result<Self, Error> {
        let text = core::str::from_utf8(&self.bytes).map_err(|_| Error::InvalidSecret {
            pin: kind,
            reason: "not ASCII",
        })?;
        Self::new(kind, text)
    }

    /// Whether `other` is the same secret (same kind and bytes), compared without
    /// an early exit. For confirmation prompts ("type the new PIN again").
    pub fn matches(&self, other: &Secret) -> bool {
        self.kind == other.kind
            && self.bytes.len() == other.bytes.len()
            && self
                .bytes
                .iter()
                .zip(other.bytes.iter())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }

    /// The bytes sent in VERIFY (ASCII).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The secret's bytes as a card receives them in VERIFY (ASCII), for card
    /// implementations such as a virtual card that must store or compare them.
    /// Never log, display or persist them unprotected.
    pub fn expose_secret(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({}, redacted)", self.kind)
    }
}

/// A secret to present to the card, and whether its last remaining try may be
/// spent.
///
/// Every operation that verifies a secret takes one. [`Pin::new`] refuses the
/// last try: before VERIFY the card's retry counter is read without spending a
/// try, and with one try left the operation stops with
/// [`Error::LastTryRefused`] and sends nothing more. [`Pin::allowing_last_try`]
/// lets a caller who asked the user explicitly spend it.
#[derive(Clone, Debug)]
pub struct Pin {
    secret: Secret,
    allow_last_try: bool,
}

impl Pin {
    /// `secret`, refusing to spend its last remaining try.
    pub fn new(secret: Secret) -> Self {
        Self {
            secret,
            allow_last_try: false,
        }
    }

    /// `secret`, allowed to spend its last remaining try (then the retry counter
    /// is not read first: it changes nothing).
    pub fn allowing_last_try(secret: Secret) -> Self {
        Self {
            secret,
            allow_last_try: true,
        }
    }

    /// The same secret, allowing (or not) the last try.
    pub fn with_last_try(self, allow: bool) -> Self {
        Self {
            allow_last_try: allow,
            ..self
        }
    }

    /// The secret.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// Which secret this is.
    pub fn kind(&self) -> PinKind {
        self.secret.kind()
    }

    /// Whether the last remaining try may be spent.
    pub fn allows_last_try(&self) -> bool {
        self.allow_last_try
    }

    pub(super) fn into_secret(self) -> Secret {
        self.secret
    }
}

impl From<Secret> for Pin {
    /// [`Pin::new`]: the last try is refused.
    fn from(secret: Secret) -> Self {
        Self::new(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert!(Secret::new(PinKind::AuthenticationPin, "1234").is_ok());
        for bad in ["123", "12345", "12a4", "１２３４", ""] {
            assert!(
                matches!(
                    Secret::new(PinKind::AuthenticationPin, bad),
                    Err(Error::InvalidSecret {
                        pin: PinKind::AuthenticationPin,
                        ..
                    })
                ),
                "{bad}"
            );
        }
        let s = Secret::new(PinKind::SigningPassword, "abc123").unwrap();
        assert_eq!(s.bytes(), b"ABC123");
        for bad in [
            "ABC12",
            "ABCDEFGHIJ1234567",
            "ABC-123",
            "ＡＢＣ１２３",
            "ABC 123",
        ] {
            assert!(Secret::new(PinKind::SigningPassword, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn matches() {
        let a = Secret::new(PinKind::AuthenticationPin, "1234").unwrap();
        assert!(a.matches(&Secret::new(PinKind::AuthenticationPin, "1234").unwrap()));
        assert!(!a.matches(&Secret::new(PinKind::AuthenticationPin, "1235").unwrap()));
        assert!(!a.matches(&Secret::new(PinKind::AttributesPin, "1234").unwrap()));
    }

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new(PinKind::AuthenticationPin, "9876").unwrap();
        assert_eq!(format!("{s:?}"), "Secret(authentication PIN, redacted)");
    }
}
