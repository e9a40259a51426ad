//! The municipal window (市区町村窓口): personalization of a resident's card.
//!
//! As in the seeds: after the identity check, the window terminal has the IC card
//! generate its key pairs inside (only the public keys leave the card), the
//! authority issues the certificates to those keys, the window writes them (and the
//! issuing CA certificates) back to the card, and the resident sets the secrets.

use super::{Authority, Purpose, RegisterRecord, VirtualCard};
use crate::Certificate;
use crate::SimulatorError;
use crate::Time;
use crate::card::{CardAttributes, CertificateSlot, KeySlot, PinKind, Secret};
use crate::error::Error;

/// What the window wrote to the card.
#[derive(Clone, Debug)]
pub struct Personalized {
    /// The signing certificate (none under 15).
    pub signing: Option<Certificate>,
    /// The user authentication certificate.
    pub authentication: Certificate,
}

/// Personalizes `card` for the resident of `record` at `at`.
///
/// `sign_password` is required for residents aged 15 or more (who get a signing
/// certificate) and ignored otherwise: a card of someone under 15 holds no signing
/// key, certificate or password. The text application's PIN gets the digits of
/// `auth_pin`, as on real cards, and the register's own 4 basic info (no
/// substitutes) with a made-up My Number that the library never reads.
pub fn personalize(
    authority: &mut Authority,
    card: &mut VirtualCard,
    record: &RegisterRecord,
    sign_password: Option<&Secret>,
    auth_pin: &Secret,
    at: Time,
) -> Result<Personalized, Error> {
    if auth_pin.kind() != PinKind::AuthenticationPin {
        return Err(Error::InvalidSecret {
            pin: PinKind::AuthenticationPin,
            reason: "a secret of another kind was given",
        });
    }
    let adult = record.birth_date.age_on(at.date_jst()) >= 15;
    let signing = if adult {
        let password = sign_password.ok_or(Error::InvalidSecret {
            pin: PinKind::SigningPassword,
            reason: "a signing password is needed to issue the signing certificate",
        })?;
        if password.kind() != PinKind::SigningPassword {
            return Err(Error::InvalidSecret {
                pin: PinKind::SigningPassword,
                reason: "a secret of another kind was given",
            });
        }
        let public_key = card.generate_key_for(KeySlot::Signing, authority.options().profile)?;
        let cert = authority.issue(record, &public_key, Purpose::Signing, at)?;
        write_with_ca(
            authority,
            card,
            &cert,
            CertificateSlot::Signing,
            CertificateSlot::SigningCa,
        )?;
        card.set_secret(password);
        Some(cert)
    } else {
        None
    };
    let public_key = card.generate_key_for(KeySlot::Authentication, authority.options().profile)?;
    let authentication = authority.issue(record, &public_key, Purpose::Authentication, at)?;
    write_with_ca(
        authority,
        card,
        &authentication,
        CertificateSlot::Authentication,
        CertificateSlot::AuthenticationCa,
    )?;
    card.set_secret(auth_pin);
    card.set_secret(&auth_pin.with_kind(PinKind::AttributesPin)?);
    card.set_attributes(
        &CardAttributes {
            name: record
                .name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("\u{3000}"),
            address: record.address.trim().to_owned(),
            birth_date: record.birth_date,
            sex: record.sex,
        },
        &made_up_my_number(record),
    )?;
    Ok(Personalized {
        signing,
        authentication,
    })
}

fn write_with_ca(
    authority: &Authority,
    card: &mut VirtualCard,
    cert: &Certificate,
    slot: CertificateSlot,
    ca_slot: CertificateSlot,
) -> Result<(), Error> {
    card.write_certificate(slot, cert.der())?;
    let anchors: Vec<Certificate> = authority.trust_anchors().into_iter().cloned().collect();
    let ca = cert
        .find_issuers(&anchors)
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::Simulator(SimulatorError::State {
                path: "(authority)".into(),
                reason: "the issuing CA is not among the trust anchors".into(),
            })
        })?;
    card.write_certificate(ca_slot, ca.der())
}

/// A made-up 12-digit individual number with a valid check digit, for the text
/// application. The library never reads it (its private use is prohibited by law).
fn made_up_my_number(record: &RegisterRecord) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{}{}", record.name, record.birth_date).as_bytes());
    let body: Vec<u32> = digest.iter().take(11).map(|b| u32::from(b % 10)).collect();
    // Check digit (individual number check-digit rule): weights n+1 for the 1st to
    // 6th digit from the right, n-5 for the 7th to 11th; 11 - (sum mod 11), or 0
    // when the remainder is 0 or 1.
    let sum: u32 = body
        .iter()
        .rev()
        .zip(1u32..)
        .map(|(d, n)| d * if n <= 6 { n + 1 } else { n - 5 })
        .sum();
    let check = match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    };
    body.iter()
        .chain(core::iter::once(&check))
        .filter_map(|d| char::from_digit(*d, 10))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_numbers_have_a_valid_check_digit() {
        // The published example 123456789018: check digit 8.
        let digits: Vec<u32> = "12345678901"
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let sum: u32 = digits
            .iter()
            .rev()
            .zip(1u32..)
            .map(|(d, n)| d * if n <= 6 { n + 1 } else { n - 5 })
            .sum();
        assert_eq!(
            match sum % 11 {
                0 | 1 => 0,
                r => 11 - r,
            },
            8
        );
        let record = RegisterRecord {
            name: "吉田 太郎".into(),
            birth_date: crate::Date::new(1950, 4, 1).unwrap(),
            sex: crate::Sex::Male,
            address: "東京都".into(),
            prefecture: None,
            municipality: None,
        };
        let n = made_up_my_number(&record);
        assert_eq!(n.len(), 12);
        assert!(n.bytes().all(|b| b.is_ascii_digit()));
    }
}
