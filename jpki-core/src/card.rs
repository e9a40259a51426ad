//! JPKI card access: a sans-IO protocol and a blocking driver.
//!
//! [`CardSession`] is the whole card protocol as one type-erased state machine:
//! start a [`CardRequest`], send each command APDU it gives to the card, feed the
//! answer back, and take the [`CardOutcome`]. It never does I/O itself, so a
//! blocking Rust loop, a C callback, a Python object or an async JavaScript
//! function over WebUSB or NFC drive the very same machine. The blocking driver
//! [`JpkiCard`] runs it over any [`Transport`] (PC/SC with feature `pcsc`, the
//! simulator's virtual card, a `Box<dyn Transport + Send>`…); [`CardSigner`]
//! makes a card key a CMS [`Signer`](crate::cms::Signer).
//!
//! Facts (AIDs, files, status words): `docs/SOURCES.md`. Where public
//! sources disagree (which status word means "blocked"), every variant is accepted.
//!
//! Secrets are validated before anything is sent, VERIFY is never retried, the last
//! remaining try is refused unless the [`Pin`] allows it, secrets are zeroized, and
//! logs never show them (see [`crate::apdu::carries_secret`]).

mod attributes;
mod driver;
mod ops;
#[cfg(feature = "pcsc")]
pub mod pcsc;
mod secret;
mod session;
mod signer;

pub use attributes::CardAttributes;
pub use driver::JpkiCard;
pub use ops::{CardInfo, PinState, PinStatus, digest_info};
pub use secret::{Pin, Secret};
pub use session::{CardOutcome, CardRequest, CardSession};
pub use signer::CardSigner;

pub use crate::values::{PinKind, TransportError, TransportErrorKind};

/// AID of the JPKI application (公的個人認証AP).
pub const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// AID of the text application (券面事項入力補助AP): 4 basic info (and the My
/// Number, which this library never reads).
pub const TEXT_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
/// The ATR seen for My Number cards (cards are detected by selecting the JPKI AID,
/// not by ATR).
pub const MY_NUMBER_CARD_ATR: [u8; 9] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];

/// Elementary files of the JPKI and text applications.
pub mod fid {
    /// Signing certificate (needs the signing password).
    pub const SIGNING_CERT: u16 = 0x0001;
    /// Signing CA certificate.
    pub const SIGNING_CA_CERT: u16 = 0x0002;
    /// User authentication certificate.
    pub const AUTH_CERT: u16 = 0x000A;
    /// User authentication CA certificate.
    pub const AUTH_CA_CERT: u16 = 0x000B;
    /// Token information: a 32-byte space-padded label.
    pub const TOKEN_INFO: u16 = 0x0006;
    /// Which certificates are present.
    pub const CERT_FLAGS: u16 = 0x0008;
    /// Signing private key.
    pub const SIGNING_KEY: u16 = 0x001A;
    /// Signing password (6–16 of A–Z, 0–9; 5 tries).
    pub const SIGNING_PIN: u16 = 0x001B;
    /// Authentication private key.
    pub const AUTH_KEY: u16 = 0x0017;
    /// Authentication PIN (4 digits; 3 tries).
    pub const AUTH_PIN: u16 = 0x0018;
    /// Text AP: the PIN guarding the 4 basic info (4 digits).
    pub const TEXT_PIN: u16 = 0x0011;
    /// Text AP: the 4 basic info TLV.
    pub const TEXT_ATTRIBUTES: u16 = 0x0002;
    /// Text AP: the My Number. Listed so the simulator can hold it; the library
    /// offers no way to read it (its private-sector use is prohibited by law).
    pub const TEXT_MY_NUMBER: u16 = 0x0001;
}

/// What the card side knows of each secret ([`PinKind`] itself is a foundation
/// value, in the error module's layer, so it cannot know the card's files).
impl PinKind {
    /// The application holding the secret.
    pub(crate) const fn application(self) -> Application {
        match self {
            Self::SigningPassword | Self::AuthenticationPin => Application::Jpki,
            Self::AttributesPin => Application::Text,
        }
    }

    /// The EF holding the secret.
    pub const fn fid(self) -> u16 {
        match self {
            Self::SigningPassword => fid::SIGNING_PIN,
            Self::AuthenticationPin => fid::AUTH_PIN,
            Self::AttributesPin => fid::TEXT_PIN,
        }
    }
}

/// A certificate file of the JPKI application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertificateSlot {
    /// The signing certificate (needs the signing password).
    Signing,
    /// The user authentication certificate.
    Authentication,
    /// The signing CA certificate.
    SigningCa,
    /// The user authentication CA certificate.
    AuthenticationCa,
}

impl CertificateSlot {
    /// The EF.
    pub const fn fid(self) -> u16 {
        match self {
            Self::Signing => fid::SIGNING_CERT,
            Self::Authentication => fid::AUTH_CERT,
            Self::SigningCa => fid::SIGNING_CA_CERT,
            Self::AuthenticationCa => fid::AUTH_CA_CERT,
        }
    }

    /// `sign`, `auth`, `sign-ca`, `auth-ca`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Signing => "sign",
            Self::Authentication => "auth",
            Self::SigningCa => "sign-ca",
            Self::AuthenticationCa => "auth-ca",
        }
    }
}

/// A private key of the JPKI application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeySlot {
    /// The signing key (needs the signing password).
    Signing,
    /// The user authentication key (needs the authentication PIN).
    Authentication,
}

impl KeySlot {
    /// The EF.
    pub const fn fid(self) -> u16 {
        match self {
            Self::Signing => fid::SIGNING_KEY,
            Self::Authentication => fid::AUTH_KEY,
        }
    }

    /// The secret that unlocks the key.
    pub const fn pin(self) -> PinKind {
        match self {
            Self::Signing => PinKind::SigningPassword,
            Self::Authentication => PinKind::AuthenticationPin,
        }
    }

    /// The certificate of this key and the certificate of the CA that issued it:
    /// what a SignedData made with the key carries.
    pub const fn certificate_slots(self) -> (CertificateSlot, CertificateSlot) {
        match self {
            Self::Signing => (CertificateSlot::Signing, CertificateSlot::SigningCa),
            Self::Authentication => (
                CertificateSlot::Authentication,
                CertificateSlot::AuthenticationCa,
            ),
        }
    }
}

/// What kind of JPKI token answered, from the token label in EF 0006.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardKind {
    /// `JPKIAPICCTOKEN2`: a My Number card.
    MyNumberCard,
    /// `JPKIAPICCTOKEN`: a 住民基本台帳カード (Juki card).
    JukiCard,
    /// `JPKIAPGPSETOKEN`: JPKI on an Android phone.
    AndroidPhone,
    /// `JPKIAPIOSTOKEN`: JPKI on an iPhone.
    IPhone,
    /// Another label.
    Unknown(String),
}

impl CardKind {
    /// Classifies a token label (trailing spaces and NULs ignored).
    pub fn from_label(label: &str) -> Self {
        match label.trim_end_matches([' ', '\0']) {
            "JPKIAPICCTOKEN2" => Self::MyNumberCard,
            "JPKIAPICCTOKEN" => Self::JukiCard,
            "JPKIAPGPSETOKEN" => Self::AndroidPhone,
            "JPKIAPIOSTOKEN" => Self::IPhone,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The token label of this kind.
    pub fn label(&self) -> &str {
        match self {
            Self::MyNumberCard => "JPKIAPICCTOKEN2",
            Self::JukiCard => "JPKIAPICCTOKEN",
            Self::AndroidPhone => "JPKIAPGPSETOKEN",
            Self::IPhone => "JPKIAPIOSTOKEN",
            Self::Unknown(l) => l,
        }
    }

    /// `my-number-card`, `juki-card`, `android`, `iphone` or `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::MyNumberCard => "my-number-card",
            Self::JukiCard => "juki-card",
            Self::AndroidPhone => "android",
            Self::IPhone => "iphone",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// The application currently selected on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Application {
    Jpki,
    Text,
}

impl Application {
    pub(crate) const fn aid(self) -> &'static [u8] {
        match self {
            Self::Jpki => &JPKI_AID,
            Self::Text => &TEXT_AID,
        }
    }
}

/// Carries APDUs to a card and back.
///
/// Object-safe: a `Box<dyn Transport + Send>` (a C callback, a Python object…) is
/// a transport. Implement [`transmit`](Self::transmit); if other applications
/// share the card, also [`begin`](Self::begin) and [`end`](Self::end), which
/// bracket one operation's whole exchange so no one else interleaves commands
/// (and changes the selected file) in the middle of it.
pub trait Transport {
    /// Sends one command APDU and returns the response APDU (data and SW1 SW2).
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;

    /// Takes exclusive access to the card, before one operation's first command.
    /// The default does nothing.
    fn begin(&mut self) -> Result<(), TransportError> {
        Ok(())
    }

    /// Gives exclusive access back, after one operation's last command (also when
    /// the operation failed). The default does nothing.
    fn end(&mut self) -> Result<(), TransportError> {
        Ok(())
    }

    /// Runs `body` — one operation's whole exchange — with exclusive access to
    /// the card. The default calls [`begin`](Self::begin), `body`, then
    /// [`end`](Self::end) (even when `body` failed; an error of `body` wins over
    /// one of `end`). A transport whose exclusive access is scoped rather than
    /// begun and ended (the PC/SC transport's RAII transaction) overrides this.
    fn exclusive(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Transport) -> Result<(), crate::Error>,
    ) -> Result<(), crate::Error> {
        self.begin().map_err(crate::Error::Transport)?;
        let result = body(&mut Bracketed(self));
        let ended = self.end().map_err(crate::Error::Transport);
        result.and(ended)
    }
}

/// The transport inside [`Transport::exclusive`]'s default: transmits only.
struct Bracketed<'a, T: Transport + ?Sized>(&'a mut T);

impl<T: Transport + ?Sized> Transport for Bracketed<'_, T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.0.transmit(command)
    }

    /// Already exclusive: runs `body` directly.
    fn exclusive(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Transport) -> Result<(), crate::Error>,
    ) -> Result<(), crate::Error> {
        body(self)
    }
}

macro_rules! forward_transport {
    ($($ty:ty),*) => {$(
        impl<T: Transport + ?Sized> Transport for $ty {
            fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
                (**self).transmit(command)
            }

            fn begin(&mut self) -> Result<(), TransportError> {
                (**self).begin()
            }

            fn end(&mut self) -> Result<(), TransportError> {
                (**self).end()
            }

            fn exclusive(
                &mut self,
                body: &mut dyn FnMut(&mut dyn Transport) -> Result<(), crate::Error>,
            ) -> Result<(), crate::Error> {
                (**self).exclusive(body)
            }
        }
    )*};
}

forward_transport!(&mut T, Box<T>);
