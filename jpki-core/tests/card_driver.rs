//! The card driver against the simulator's virtual card, personalized at the
//! window: every operation end to end, every refusal, and the secret rules (the
//! last try refused, a blocked secret reported as blocked on every later attempt).

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use jpki::Certificate;
use jpki::Date;
use jpki::Error;
use jpki::Sex;
use jpki::Time;
use jpki::card::{
    CardKind, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, PinState, Secret, Transport,
    TransportError, TransportErrorKind,
};
use jpki::crypto::HashAlgorithm;
use jpki::sim::{Authority, AuthorityOptions, RegisterRecord, VirtualCard, personalize};
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, PublicKey as RsaPublicKey};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "TARO1950";
const PIN: &str = "1234";

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn record(birth: &str) -> RegisterRecord {
    RegisterRecord {
        name: "𠮷田 太郎".into(),
        birth_date: Date::parse_iso(birth).unwrap(),
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    }
}

/// One personalized adult card and one of a 14-year-old (keygen is the slow part).
fn cards() -> &'static (VirtualCard, VirtualCard, Certificate, Certificate) {
    static CARDS: OnceLock<(VirtualCard, VirtualCard, Certificate, Certificate)> = OnceLock::new();
    CARDS.get_or_init(|| {
        let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
        let password = Secret::new(PinKind::SigningPassword, PASSWORD).unwrap();
        let pin = Secret::new(PinKind::AuthenticationPin, PIN).unwrap();
        let mut adult = VirtualCard::new(CardKind::MyNumberCard);
        let done = personalize(
            &mut authority,
            &mut adult,
            &record("1950-04-01"),
            Some(&password),
            &pin,
            at(),
        )
        .unwrap();
        let mut child = VirtualCard::new(CardKind::MyNumberCard);
        let young = personalize(
            &mut authority,
            &mut child,
            &record("2012-01-01"),
            None,
            &pin,
            at(),
        )
        .unwrap();
        assert!(young.signing.is_none());
        (adult, child, done.signing.unwrap(), done.authentication)
    })
}

fn adult() -> VirtualCard {
    cards().0.clone()
}

fn secret(kind: PinKind, text: &str) -> Secret {
    Secret::new(kind, text).unwrap()
}

/// Records every command sent to the card (hex).
struct Recorder<T> {
    inner: T,
    sent: Vec<String>,
}

impl<T: Transport> Transport for Recorder<T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.sent
            .push(command.iter().map(|b| format!("{b:02X}")).collect());
        self.inner.transmit(command)
    }
}

fn recorded(card: VirtualCard) -> JpkiCard<Recorder<VirtualCard>> {
    JpkiCard::new(Recorder {
        inner: card,
        sent: Vec::new(),
    })
}

fn take_sent(card: &mut JpkiCard<Recorder<VirtualCard>>) -> Vec<String> {
    std::mem::take(&mut card.transport_mut().sent)
}

fn verify_signature(cert: &Certificate, digest: &[u8], signature: &[u8]) {
    let key = RsaPublicKey::from_public_key_der(cert.public_key_der()).unwrap();
    key.verify(Pkcs1v15Sign::new::<Sha256>(), digest, signature)
        .expect("the card's signature verifies against its certificate");
}

#[test]
fn open_and_read_every_certificate() {
    let (_, _, signing, auth) = cards();
    let mut card = recorded(adult());
    let info = card.open().unwrap();
    assert_eq!(info.kind, CardKind::MyNumberCard);
    assert!(info.has_signing_certificate() && info.has_authentication_certificate());
    assert_eq!(
        take_sent(&mut card),
        [
            "00A4040C0AD392F000260100000001",
            "00A4020C020006",
            "00B0000020",
            "00A4020C020008",
            "00B0000003"
        ]
    );
    assert_eq!(
        card.read_certificate(CertificateSlot::Authentication, None)
            .unwrap(),
        auth.der()
    );
    let sent = take_sent(&mut card);
    assert_eq!(sent[0], "00A4020C02000A");
    assert!(sent[1..].iter().all(|c| c.starts_with("00B0")), "{sent:?}");
    let ca = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::AuthenticationCa, None)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(auth.issuer_match(&ca), Some(jpki::cert::IssuerMatch::KeyId));
    take_sent(&mut card);
    let password = secret(PinKind::SigningPassword, PASSWORD);
    assert_eq!(
        card.read_certificate(CertificateSlot::Signing, Some(&Pin::new(password.clone())))
            .unwrap(),
        signing.der()
    );
    let sent = take_sent(&mut card);
    let verify = format!("0020008008{}", hex(PASSWORD.as_bytes()));
    assert_eq!(
        &sent[..4],
        [
            "00A4020C02001B",
            "00200080",
            verify.as_str(),
            "00A4020C020001"
        ]
    );
    let sign_ca = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::SigningCa, None)
            .unwrap(),
    )
    .unwrap();
    assert!(sign_ca.is_ca());
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

#[test]
fn sign_with_either_key_and_verify_against_the_certificate() {
    let (_, _, signing, auth) = cards();
    let digest = Sha256::digest(b"e-application form");
    let mut card = recorded(adult());
    card.open().unwrap();
    take_sent(&mut card);
    let password = secret(PinKind::SigningPassword, PASSWORD);
    let sig = card
        .sign(
            KeySlot::Signing,
            HashAlgorithm::Sha256,
            &digest,
            Some(&Pin::allowing_last_try(password.clone())),
        )
        .unwrap();
    assert_eq!(sig.len(), 256);
    verify_signature(signing, &digest, &sig);
    // Sign after open with allow_last_try: select PIN EF, VERIFY, select key EF, SIGN.
    let sent = take_sent(&mut card);
    assert_eq!(sent.len(), 4, "{sent:?}");
    assert_eq!(sent[0], "00A4020C02001B");
    assert_eq!(sent[1], format!("0020008008{}", hex(PASSWORD.as_bytes())));
    assert_eq!(sent[2], "00A4020C02001A");
    assert!(sent[3].starts_with("802A008033") && sent[3].ends_with("00"));

    let pin = secret(PinKind::AuthenticationPin, PIN);
    let sig = card
        .sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &digest,
            Some(&Pin::new(pin.clone())),
        )
        .unwrap();
    verify_signature(auth, &digest, &sig);
    assert_eq!(
        take_sent(&mut card)[..3],
        [
            "00A4020C020018",
            "00200080",
            &format!("0020008004{}", hex(PIN.as_bytes()))
        ]
    );
    // The signing key still works without the password again in this session.
    let sig = card
        .sign(KeySlot::Signing, HashAlgorithm::Sha256, &digest, None)
        .unwrap();
    verify_signature(signing, &digest, &sig);
}

#[test]
fn refusals_through_the_driver() {
    let mut card = JpkiCard::new(adult());
    // Nothing verified: the card refuses the signing key and the signing certificate.
    let mut raw = adult();
    for apdu in ["00A4040C0AD392F000260100000001", "00A4020C020001"] {
        let r = raw.process(&unhex(apdu));
        assert_eq!(r[r.len() - 2..], [0x90, 0x00]);
    }
    let r = raw.process(&unhex("00B00000FF"));
    assert_eq!(r, [0x69, 0x82]);
    // The driver refuses before sending when no secret is given.
    assert!(matches!(
        card.read_certificate(CertificateSlot::Signing, None),
        Err(Error::SecurityStatusNotSatisfied {
            pin: PinKind::SigningPassword
        })
    ));
    assert!(matches!(
        card.sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &[0; 32],
            None
        ),
        Err(Error::SecurityStatusNotSatisfied {
            pin: PinKind::AuthenticationPin
        })
    ));
    // A card of someone under 15 has no signing certificate.
    let mut child = JpkiCard::new(cards().1.clone());
    let info = child.open().unwrap();
    assert!(!info.has_signing_certificate());
    let err = child
        .read_certificate(
            CertificateSlot::Signing,
            Some(&Pin::allowing_last_try(secret(
                PinKind::SigningPassword,
                "ABC123",
            ))),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::FileNotFound { fid: 0x001B }),
        "{err:?}"
    );
    assert!(matches!(
        child.pin_status(PinKind::SigningPassword),
        Err(Error::FileNotFound { .. })
    ));
    // A secret of the wrong shape never reaches the card.
    assert!(matches!(
        Secret::new(PinKind::AuthenticationPin, "12345"),
        Err(Error::InvalidSecret {
            pin: PinKind::AuthenticationPin,
            ..
        })
    ));
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn the_last_try_is_refused_and_a_blocked_pin_stays_blocked() {
    let mut card = JpkiCard::new(adult());
    let wrong = secret(PinKind::AuthenticationPin, "0000");
    let right = secret(PinKind::AuthenticationPin, PIN);
    assert!(matches!(
        card.verify(&Pin::new(wrong.clone())),
        Err(Error::WrongPin { remaining: 2, .. })
    ));
    assert!(matches!(
        card.verify(&Pin::new(wrong.clone())),
        Err(Error::WrongPin { remaining: 1, .. })
    ));
    // One try left: refused without spending it, even with the right PIN.
    assert!(matches!(
        card.verify(&Pin::new(right.clone())),
        Err(Error::LastTryRefused {
            pin: PinKind::AuthenticationPin
        })
    ));
    assert_eq!(
        card.transport_mut().tries_left(PinKind::AuthenticationPin),
        1
    );
    assert_eq!(
        card.pin_status(PinKind::AuthenticationPin).unwrap().state,
        PinState::Remaining(1)
    );
    // Spending it explicitly on a wrong PIN blocks the PIN.
    assert!(matches!(
        card.verify(&Pin::allowing_last_try(wrong.clone())),
        Err(Error::PinBlocked {
            pin: PinKind::AuthenticationPin
        })
    ));
    assert_eq!(
        card.transport_mut().tries_left(PinKind::AuthenticationPin),
        0
    );
    // Every later attempt reports Blocked, whatever is tried.
    for _ in 0..3 {
        assert!(matches!(
            card.verify(&Pin::new(right.clone())),
            Err(Error::PinBlocked { .. })
        ));
        assert!(matches!(
            card.verify(&Pin::allowing_last_try(right.clone())),
            Err(Error::PinBlocked { .. })
        ));
        assert!(matches!(
            card.sign(
                KeySlot::Authentication,
                HashAlgorithm::Sha256,
                &[0; 32],
                Some(&Pin::allowing_last_try(right.clone()))
            ),
            Err(Error::PinBlocked { .. })
        ));
        assert!(matches!(
            card.change_pin(
                &Pin::allowing_last_try(right.clone()),
                &secret(PinKind::AuthenticationPin, "9999")
            ),
            Err(Error::PinBlocked { .. })
        ));
        assert_eq!(
            card.pin_status(PinKind::AuthenticationPin).unwrap().state,
            PinState::Blocked
        );
    }
    // The other secrets are untouched.
    assert_eq!(
        card.pin_status(PinKind::SigningPassword).unwrap().state,
        PinState::Remaining(5)
    );
}

#[test]
fn both_blocked_status_words_mean_blocked() {
    for sw in [0x6983u16, 0x6984] {
        let mut raw = adult();
        raw.set_blocked_status(sw);
        let mut card = JpkiCard::new(raw);
        let wrong = secret(PinKind::SigningPassword, "WRONG1");
        for remaining in (1..5).rev() {
            assert!(
                matches!(card.verify(&Pin::allowing_last_try(wrong.clone())), Err(Error::WrongPin { remaining: r, .. }) if r == remaining)
            );
        }
        assert!(
            matches!(
                card.verify(&Pin::allowing_last_try(wrong.clone())),
                Err(Error::PinBlocked { .. })
            ),
            "exhausting try"
        );
        let right = secret(PinKind::SigningPassword, PASSWORD);
        assert!(
            matches!(
                card.verify(&Pin::allowing_last_try(right.clone())),
                Err(Error::PinBlocked { .. })
            ),
            "{sw:04X}"
        );
        assert!(
            matches!(
                card.verify(&Pin::new(right.clone())),
                Err(Error::PinBlocked { .. })
            ),
            "{sw:04X}"
        );
        assert_eq!(
            card.pin_status(PinKind::SigningPassword).unwrap().state,
            PinState::Blocked
        );
    }
}

#[test]
fn change_the_pin_then_use_the_new_one() {
    let mut card = JpkiCard::new(adult());
    let old = secret(PinKind::AuthenticationPin, PIN);
    let new = secret(PinKind::AuthenticationPin, "8642");
    card.change_pin(&Pin::new(old.clone()), &new).unwrap();
    let mut fresh = JpkiCard::new(card.into_inner());
    assert!(matches!(
        fresh.verify(&Pin::new(old.clone())),
        Err(Error::WrongPin { remaining: 2, .. })
    ));
    fresh.verify(&Pin::new(new.clone())).unwrap();
    assert_eq!(
        fresh.pin_status(PinKind::AuthenticationPin).unwrap().state,
        PinState::Verified
    );
}

#[test]
fn attributes_are_read_and_the_my_number_never_is() {
    let mut card = recorded(adult());
    card.open().unwrap();
    take_sent(&mut card);
    let attrs = card
        .read_attributes(Some(&Pin::new(secret(PinKind::AttributesPin, PIN))))
        .unwrap();
    assert_eq!(attrs.name, "𠮷田\u{3000}太郎"); // the register's own character, no substitute
    assert_eq!(attrs.birth_date, Date::new(1950, 4, 1).unwrap());
    assert_eq!(attrs.sex, Sex::Male);
    assert_eq!(attrs.address, "東京都千代田区霞が関2丁目1番2号");
    let sent = take_sent(&mut card);
    assert_eq!(
        &sent[..2],
        ["00A4040C0AD3921000310001010408", "00A4020C020011"]
    );
    assert!(sent.contains(&"00A4020C020002".to_owned()));
    // EF 0001 of the text AP (the My Number) is never selected.
    let text_start = sent
        .iter()
        .position(|c| c == "00A4040C0AD3921000310001010408")
        .unwrap();
    assert!(
        !sent[text_start..].contains(&"00A4020C020001".to_owned()),
        "{sent:?}"
    );
    // A wrong attributes PIN.
    let mut card = JpkiCard::new(adult());
    assert!(matches!(
        card.read_attributes(Some(&Pin::new(secret(PinKind::AttributesPin, "9999")))),
        Err(Error::WrongPin {
            pin: PinKind::AttributesPin,
            remaining: 2
        })
    ));
}

/// Fails once, at command number `at` (0-based), then behaves.
struct Flaky {
    card: VirtualCard,
    count: usize,
    at: usize,
    truncate: bool,
}

impl Transport for Flaky {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let n = self.count;
        self.count += 1;
        let answer = self.card.process(command);
        if n == self.at {
            if self.truncate {
                return Ok(answer[..1].to_vec());
            }
            // The card was pulled out mid-operation; a new one is a reset card.
            self.card.reset();
            return Err(TransportError::new(
                TransportErrorKind::CardRemoved,
                "pulled out",
            ));
        }
        Ok(answer)
    }
}

#[test]
fn failures_mid_operation_leave_no_trusted_state() {
    let (_, _, _, auth) = cards();
    for truncate in [false, true] {
        for at in 0..12 {
            let mut card = JpkiCard::new(Flaky {
                card: adult(),
                count: 0,
                at,
                truncate,
            });
            let pin = secret(PinKind::AuthenticationPin, PIN);
            let first = card
                .open()
                .and_then(|_| card.read_certificate(CertificateSlot::Authentication, None));
            if let Err(err) = first {
                assert!(
                    matches!(err, Error::Transport(_) | Error::MalformedResponse { .. }),
                    "at {at}: {err}"
                );
                assert!(
                    card.session().is_blank(),
                    "at {at}: session kept after an error"
                );
            }
            // Whatever happened, the next operations work: nothing stale is trusted.
            let again = card
                .read_certificate(CertificateSlot::Authentication, None)
                .unwrap();
            assert_eq!(again, auth.der());
            card.sign(
                KeySlot::Authentication,
                HashAlgorithm::Sha256,
                &[3; 32],
                Some(&Pin::new(pin.clone())),
            )
            .unwrap();
        }
    }
}

#[test]
fn a_reset_behind_the_drivers_back_is_reported_not_papered_over() {
    let mut card = JpkiCard::new(adult());
    let pin = secret(PinKind::AuthenticationPin, PIN);
    card.sign(
        KeySlot::Authentication,
        HashAlgorithm::Sha256,
        &[1; 32],
        Some(&Pin::new(pin.clone())),
    )
    .unwrap();
    // Another application resets the card: the driver still believes the PIN is
    // verified and the key EF selected, so it sends SIGN; the card, with nothing
    // selected after the reset, refuses it (6986).
    card.transport_mut().reset();
    let err = card
        .sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &[1; 32],
            None,
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::UnexpectedStatus {
                command: "COMPUTE DIGITAL SIGNATURE",
                sw: 0x6986
            }
        ),
        "{err:?}"
    );
    // The error made the driver forget; with the PIN again it works.
    assert!(card.session().is_blank());
    card.sign(
        KeySlot::Authentication,
        HashAlgorithm::Sha256,
        &[1; 32],
        Some(&Pin::new(pin.clone())),
    )
    .unwrap();
}
