//! The card protocol against a scripted card: the exact APDUs each operation sends
//! (so round trips stay minimal), how it reads the answers, and what it does with
//! refusals, chained answers (61xx, 6Cxx) and failures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::VecDeque;

use jpki::Error;
use jpki::card::{
    CardKind, CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, PinState, Secret, Transport,
    TransportError, TransportErrorKind,
};
use jpki::crypto::HashAlgorithm;

const SELECT_JPKI: &str = "00A4040C0AD392F000260100000001";
const SELECT_TEXT: &str = "00A4040C0AD3921000310001010408";
const OK: &str = "9000";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A card that expects exactly the listed commands and gives the listed answers.
#[derive(Default)]
struct Script {
    steps: VecDeque<(String, Result<Vec<u8>, TransportError>)>,
    sent: Vec<String>,
}

impl Script {
    fn expect(mut self, command: &str, answer: &str) -> Self {
        self.steps
            .push_back((command.replace(' ', ""), Ok(unhex(answer))));
        self
    }

    fn expect_bytes(mut self, command: &str, answer: Vec<u8>) -> Self {
        self.steps.push_back((command.replace(' ', ""), Ok(answer)));
        self
    }

    fn fail(mut self, command: &str, kind: TransportErrorKind) -> Self {
        self.steps.push_back((
            command.replace(' ', ""),
            Err(TransportError::new(kind, "scripted failure")),
        ));
        self
    }
}

impl Transport for Script {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        let got = hex(command);
        self.sent.push(got.clone());
        let (want, answer) = self.steps.pop_front().unwrap_or_else(|| {
            panic!(
                "unexpected extra command {got}; sent so far {:?}",
                self.sent
            )
        });
        assert_eq!(
            got,
            want,
            "command #{} differs; sent so far {:?}",
            self.sent.len(),
            self.sent
        );
        answer
    }
}

fn finish(card: JpkiCard<Script>) {
    let script = card.into_inner();
    assert!(
        script.steps.is_empty(),
        "commands not sent: {:?}",
        script.steps
    );
}

fn pin(kind: PinKind, text: &str) -> Secret {
    Secret::new(kind, text).unwrap()
}

fn label(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    b.resize(32, b' ');
    hex(&b)
}

/// The APDUs of `open` on a fresh session.
fn opened() -> Script {
    Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020006", OK)
        .expect("00B0000020", &(label("JPKIAPICCTOKEN2") + OK))
        .expect("00A4020C020008", OK)
        .expect("00B0000003", "8F8F00 9000")
}

/// A fake certificate of `len` bytes: 30 82 LL LL then filler.
fn fake_cert(len: usize) -> Vec<u8> {
    let body = len - 4;
    let [hi, lo] = u16::try_from(body).unwrap().to_be_bytes();
    let mut v = vec![0x30, 0x82, hi, lo];
    v.extend((0..body).map(|i| u8::try_from(i % 256).unwrap()));
    v
}

fn with_sw(data: &[u8], sw: &str) -> Vec<u8> {
    let mut v = data.to_vec();
    v.extend(unhex(sw));
    v
}

#[test]
fn open_selects_the_jpki_ap_and_reads_label_and_flags() {
    let mut card = JpkiCard::new(opened());
    let info = card.open().unwrap();
    assert_eq!(info.kind, CardKind::MyNumberCard);
    assert_eq!(info.label, "JPKIAPICCTOKEN2");
    assert!(info.has_signing_certificate() && info.has_authentication_certificate());
    finish(card);
}

#[test]
fn token_labels_classify_every_kind() {
    for (text, kind) in [
        ("JPKIAPICCTOKEN", CardKind::JukiCard),
        ("JPKIAPGPSETOKEN", CardKind::AndroidPhone),
        ("JPKIAPIOSTOKEN", CardKind::IPhone),
        ("SOMETHINGELSE", CardKind::Unknown("SOMETHINGELSE".into())),
    ] {
        let script = Script::default()
            .expect(SELECT_JPKI, OK)
            .expect("00A4020C020006", OK)
            .expect("00B0000020", &(label(text) + OK))
            .expect("00A4020C020008", OK)
            .expect("00B0000003", "008F00 9000");
        let mut card = JpkiCard::new(script);
        let info = card.open().unwrap();
        assert_eq!(info.kind, kind);
        assert!(!info.has_signing_certificate() && info.has_authentication_certificate());
        finish(card);
    }
}

#[test]
fn reading_a_certificate_reads_header_then_chunks_to_the_der_length() {
    let cert = fake_cert(772);
    let script = opened()
        .expect("00A4020C02000A", OK)
        .expect_bytes("00B00000FF", with_sw(&cert[..255], OK))
        .expect_bytes("00B000FFFF", with_sw(&cert[255..510], OK))
        .expect_bytes("00B001FEFF", with_sw(&cert[510..765], OK))
        .expect_bytes("00B002FD07", with_sw(&cert[765..], OK));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert_eq!(
        card.read_certificate(CertificateSlot::Authentication, None)
            .unwrap(),
        cert
    );
    finish(card);
}

#[test]
fn a_short_read_with_6282_is_accepted_when_the_der_is_complete() {
    let cert = fake_cert(200);
    let script = opened()
        .expect("00A4020C02000B", OK)
        .expect_bytes("00B00000FF", with_sw(&cert, "6282"));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert_eq!(
        card.read_certificate(CertificateSlot::AuthenticationCa, None)
            .unwrap(),
        cert
    );
    finish(card);
}

#[test]
fn the_signing_certificate_needs_the_password_first() {
    let cert = fake_cert(300);
    let script = opened()
        .expect("00A4020C02001B", OK)
        .expect("00200080", "63C5")
        .expect("0020008006 414243313233", OK) // upper-cased "abc123"
        .expect("00A4020C020001", OK)
        .expect_bytes("00B00000FF", with_sw(&cert[..255], OK))
        .expect_bytes("00B000FF2D", with_sw(&cert[255..], OK));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    let secret = pin(PinKind::SigningPassword, "abc123");
    assert_eq!(
        card.read_certificate(CertificateSlot::Signing, Some(&Pin::new(secret.clone())))
            .unwrap(),
        cert
    );
    assert!(card.session().is_verified(PinKind::SigningPassword));
    finish(card);

    // Without a secret, nothing is sent.
    let mut card = JpkiCard::new(opened());
    card.open().unwrap();
    assert!(matches!(
        card.read_certificate(CertificateSlot::Signing, None),
        Err(Error::SecurityStatusNotSatisfied {
            pin: PinKind::SigningPassword
        })
    ));
    finish(card);
}

#[test]
fn sign_after_open_is_select_pin_verify_select_key_sign() {
    let digest = [0x5Au8; 32];
    let info = jpki::card::digest_info(HashAlgorithm::Sha256, &digest).unwrap();
    let sign_cmd = format!("802A008033{}00", hex(&info));
    let signature = vec![0xAB; 256];

    // With allow_last_try the counter query is not needed: the minimal four.
    let script = opened()
        .expect("00A4020C02001B", OK)
        .expect("0020008008 4142433132333435", OK)
        .expect("00A4020C02001A", OK)
        .expect_bytes(&sign_cmd, with_sw(&signature, OK));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    let secret = pin(PinKind::SigningPassword, "ABC12345");
    let sig = card
        .sign(
            KeySlot::Signing,
            HashAlgorithm::Sha256,
            &digest,
            Some(&Pin::allowing_last_try(secret.clone())),
        )
        .unwrap();
    assert_eq!(sig, signature);
    finish(card);

    // By default the counter is read first (to refuse the last try).
    let script = opened()
        .expect("00A4020C020018", OK)
        .expect("00200080", "63C3")
        .expect("0020008004 31323334", OK)
        .expect("00A4020C020017", OK)
        .expect_bytes(&sign_cmd, with_sw(&signature, OK))
        // A second signature in the same session: the key EF is current and the PIN verified.
        .expect_bytes(&sign_cmd, with_sw(&signature, OK));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    let secret = pin(PinKind::AuthenticationPin, "1234");
    card.sign(
        KeySlot::Authentication,
        HashAlgorithm::Sha256,
        &digest,
        Some(&Pin::new(secret.clone())),
    )
    .unwrap();
    card.sign(
        KeySlot::Authentication,
        HashAlgorithm::Sha256,
        &digest,
        None,
    )
    .unwrap();
    finish(card);
}

#[test]
fn sha1_only_when_asked_and_digest_lengths_checked() {
    let mut card = JpkiCard::new(Script::default());
    let secret = pin(PinKind::AuthenticationPin, "1234");
    assert!(matches!(
        card.sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &[0u8; 20],
            Some(&Pin::new(secret.clone()))
        ),
        Err(Error::InvalidDigest {
            expected: 32,
            found: 20,
            ..
        })
    ));
    let info = jpki::card::digest_info(HashAlgorithm::Sha1, &[1u8; 20]).unwrap();
    assert_eq!(hex(&info[..15]), "3021300906052B0E03021A05000414");
    finish(card);
}

#[test]
fn pin_status_reads_the_counter_without_spending_a_try() {
    for (answer, state) in [
        ("63C3", PinState::Remaining(3)),
        ("9000", PinState::Verified),
        ("63C0", PinState::Blocked),
        ("6983", PinState::Blocked),
        ("6984", PinState::Blocked),
    ] {
        let script = Script::default()
            .expect(SELECT_JPKI, OK)
            .expect("00A4020C020018", OK)
            .expect("00200080", answer);
        let mut card = JpkiCard::new(script);
        let status = card.pin_status(PinKind::AuthenticationPin).unwrap();
        assert_eq!(
            (status.pin, status.state),
            (PinKind::AuthenticationPin, state),
            "{answer}"
        );
        finish(card);
    }
}

#[test]
fn a_wrong_pin_reports_the_tries_left_and_is_never_retried() {
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("00200080", "63C3")
        .expect("0020008004 30303030", "63C2");
    let mut card = JpkiCard::new(script);
    let err = card
        .verify(&Pin::new(pin(PinKind::AuthenticationPin, "0000")))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::WrongPin {
                pin: PinKind::AuthenticationPin,
                remaining: 2
            }
        ),
        "{err}"
    );
    finish(card);
}

#[test]
fn the_last_try_is_refused_unless_allowed() {
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("00200080", "63C1");
    let mut card = JpkiCard::new(script);
    let err = card
        .verify(&Pin::new(pin(PinKind::AuthenticationPin, "1234")))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LastTryRefused {
                pin: PinKind::AuthenticationPin
            }
        ),
        "{err}"
    );
    finish(card); // no VERIFY with data was sent

    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("0020008004 30303030", "63C0");
    let mut card = JpkiCard::new(script);
    let err = card
        .verify(&Pin::allowing_last_try(pin(
            PinKind::AuthenticationPin,
            "0000",
        )))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::PinBlocked {
                pin: PinKind::AuthenticationPin
            }
        ),
        "{err}"
    );
    finish(card);
}

#[test]
fn a_blocked_counter_is_reported_before_any_verify() {
    for sw in ["63C0", "6983", "6984"] {
        let script = Script::default()
            .expect(SELECT_JPKI, OK)
            .expect("00A4020C02001B", OK)
            .expect("00200080", sw);
        let mut card = JpkiCard::new(script);
        let err = card
            .verify(&Pin::new(pin(PinKind::SigningPassword, "ABC123")))
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::PinBlocked {
                    pin: PinKind::SigningPassword
                }
            ),
            "{sw}: {err}"
        );
        finish(card);
    }
}

#[test]
fn an_already_verified_secret_is_not_sent_again() {
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("00200080", "9000");
    let mut card = JpkiCard::new(script);
    card.verify(&Pin::new(pin(PinKind::AuthenticationPin, "1234")))
        .unwrap();
    assert!(card.session().is_verified(PinKind::AuthenticationPin));
    finish(card);
}

#[test]
fn change_pin_verifies_the_old_secret_then_changes_it() {
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("00200080", "63C3")
        .expect("0020008004 31323334", OK)
        .expect("0024018004 35363738", OK);
    let mut card = JpkiCard::new(script);
    card.change_pin(
        &Pin::new(pin(PinKind::AuthenticationPin, "1234")),
        &pin(PinKind::AuthenticationPin, "5678"),
    )
    .unwrap();
    finish(card);

    let mut card = JpkiCard::new(Script::default());
    let err = card
        .change_pin(
            &Pin::new(pin(PinKind::AuthenticationPin, "1234")),
            &pin(PinKind::SigningPassword, "ABC123"),
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidSecret { .. }), "{err}");
    finish(card);
}

#[test]
fn attributes_come_from_the_text_ap_and_never_from_the_my_number_file() {
    let attrs = jpki::card::CardAttributes {
        name: "吉田　太郎".into(),
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        birth_date: jpki::Date::new(1950, 4, 1).unwrap(),
        sex: jpki::Sex::Male,
    };
    let tlv = attrs.to_tlv();
    assert!(tlv.len() < 255);
    let script = opened()
        .expect(SELECT_TEXT, OK)
        .expect("00A4020C020011", OK)
        .expect("00200080", "63C3")
        .expect("0020008004 31323334", OK)
        .expect("00A4020C020002", OK)
        .expect_bytes("00B00000FF", with_sw(&tlv, "6282"));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    let read = card
        .read_attributes(Some(&Pin::new(pin(PinKind::AttributesPin, "1234"))))
        .unwrap();
    assert_eq!(read, attrs);
    finish(card);
}

#[test]
fn switching_applications_forgets_verification() {
    // Verified in the JPKI AP, then the text AP, then back: the JPKI PIN is asked again.
    let tlv = jpki::card::CardAttributes {
        name: "A".into(),
        address: "B".into(),
        birth_date: jpki::Date::new(2000, 1, 1).unwrap(),
        sex: jpki::Sex::Female,
    }
    .to_tlv();
    let digest = [1u8; 32];
    let info = jpki::card::digest_info(HashAlgorithm::Sha256, &digest).unwrap();
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("0020008004 31323334", OK)
        .expect(SELECT_TEXT, OK)
        .expect("00A4020C020011", OK)
        .expect("0020008004 31323334", OK)
        .expect("00A4020C020002", OK)
        .expect_bytes("00B00000FF", with_sw(&tlv, "6282"))
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("0020008004 31323334", OK)
        .expect("00A4020C020017", OK)
        .expect(&format!("802A008033{}00", hex(&info)), "6982");
    let mut card = JpkiCard::new(script);
    let secret = pin(PinKind::AuthenticationPin, "1234");
    card.verify(&Pin::allowing_last_try(secret.clone()))
        .unwrap();
    card.read_attributes(Some(&Pin::allowing_last_try(pin(
        PinKind::AttributesPin,
        "1234",
    ))))
    .unwrap();
    // No secret given and the session knows the JPKI AP was left: nothing verified,
    // so the driver refuses before sending anything…
    assert!(matches!(
        card.sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &digest,
            None
        ),
        Err(Error::SecurityStatusNotSatisfied {
            pin: PinKind::AuthenticationPin
        })
    ));
    // …and if the card itself refuses (6982) though the session believes the PIN
    // verified, that is reported, not retried, and the session forgets.
    card.verify(&Pin::allowing_last_try(secret.clone()))
        .unwrap();
    assert!(card.session().is_verified(PinKind::AuthenticationPin));
    let err = card
        .sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &digest,
            None,
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::SecurityStatusNotSatisfied {
                pin: PinKind::AuthenticationPin
            }
        ),
        "{err}"
    );
    assert!(card.session().is_blank());
    finish(card);
}

#[test]
fn more_data_is_fetched_with_get_response() {
    let digest = [7u8; 32];
    let info = jpki::card::digest_info(HashAlgorithm::Sha256, &digest).unwrap();
    let signature: Vec<u8> = (0..=255).collect();
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("0020008004 31323334", OK)
        .expect("00A4020C020017", OK)
        .expect(&format!("802A008033{}00", hex(&info)), "6100")
        .expect_bytes("00C0000000", with_sw(&signature, OK));
    let mut card = JpkiCard::new(script);
    let sig = card
        .sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &digest,
            Some(&Pin::allowing_last_try(pin(
                PinKind::AuthenticationPin,
                "1234",
            ))),
        )
        .unwrap();
    assert_eq!(sig, signature);
    finish(card);

    // Partial data then 61xx: the pieces are joined.
    let cert = fake_cert(100);
    let script = opened()
        .expect("00A4020C02000A", OK)
        .expect_bytes("00B00000FF", with_sw(&cert[..40], "613C"))
        .expect_bytes("00C000003C", with_sw(&cert[40..], OK));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert_eq!(
        card.read_certificate(CertificateSlot::Authentication, None)
            .unwrap(),
        cert
    );
    finish(card);
}

#[test]
fn wrong_le_is_corrected_once_and_never_for_secrets() {
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020006", OK)
        .expect("00B0000020", "6C10")
        .expect("00B0000010", &(hex(b"JPKIAPICCTOKEN2 ") + OK))
        .expect("00A4020C020008", OK)
        .expect("00B0000003", "8F8F00 9000");
    let mut card = JpkiCard::new(script);
    assert_eq!(card.open().unwrap().kind, CardKind::MyNumberCard);
    finish(card);

    // A second 6Cxx for the same command is an error.
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020006", OK)
        .expect("00B0000020", "6C10")
        .expect("00B0000010", "6C08");
    let mut card = JpkiCard::new(script);
    assert!(matches!(
        card.open(),
        Err(Error::UnexpectedStatus {
            command: "READ BINARY",
            sw: 0x6C08
        })
    ));
    finish(card);

    // VERIFY carries no Le: a 6Cxx answer is not a reason to send the secret again.
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("0020008004 31323334", "6C04");
    let mut card = JpkiCard::new(script);
    assert!(matches!(
        card.verify(&Pin::allowing_last_try(pin(
            PinKind::AuthenticationPin,
            "1234"
        ))),
        Err(Error::UnexpectedStatus {
            command: "VERIFY",
            sw: 0x6C04
        })
    ));
    finish(card);
}

#[test]
fn a_transport_failure_mid_operation_leaves_no_trusted_state() {
    let script = opened()
        .expect("00A4020C02000A", OK)
        .fail("00B00000FF", TransportErrorKind::CardRemoved)
        // The next operation starts from scratch: the AP is selected again.
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020018", OK)
        .expect("00200080", "63C3");
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    let err = card
        .read_certificate(CertificateSlot::Authentication, None)
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Transport(TransportError {
                kind: TransportErrorKind::CardRemoved,
                ..
            })
        ),
        "{err}"
    );
    assert!(card.session().is_blank());
    card.pin_status(PinKind::AuthenticationPin).unwrap();
    finish(card);
}

#[test]
fn truncated_and_unexpected_answers_are_typed_errors() {
    // One byte: no status word.
    let script = Script::default().expect(SELECT_JPKI, "90");
    let mut card = JpkiCard::new(script);
    assert!(matches!(card.open(), Err(Error::MalformedResponse { .. })));
    assert!(card.session().is_blank());
    finish(card);

    // An unexpected status word on SELECT EF.
    let script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020006", "6F00");
    let mut card = JpkiCard::new(script);
    assert!(matches!(
        card.open(),
        Err(Error::UnexpectedStatus {
            command: "SELECT EF",
            sw: 0x6F00
        })
    ));
    assert!(card.session().is_blank());
    finish(card);

    // The JPKI AP is missing.
    let script = Script::default().expect(SELECT_JPKI, "6A82");
    let mut card = JpkiCard::new(script);
    assert!(matches!(
        card.open(),
        Err(Error::ApplicationNotFound { .. })
    ));
    finish(card);

    // No signing certificate (a card of someone under 15).
    let script = opened()
        .expect("00A4020C02001B", OK)
        .expect("0020008006 414243313233", OK)
        .expect("00A4020C020001", "6A82");
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert!(matches!(
        card.read_certificate(
            CertificateSlot::Signing,
            Some(&Pin::allowing_last_try(pin(
                PinKind::SigningPassword,
                "ABC123"
            )))
        ),
        Err(Error::FileNotFound { fid: 0x0001 })
    ));
    finish(card);

    // The file ends before its DER length.
    let cert = fake_cert(600);
    let script = opened()
        .expect("00A4020C02000A", OK)
        .expect_bytes("00B00000FF", with_sw(&cert[..255], OK))
        .expect_bytes("00B000FFFF", with_sw(&cert[255..300], "6282"));
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert!(matches!(
        card.read_certificate(CertificateSlot::Authentication, None),
        Err(Error::MalformedResponse {
            reason: "the file ends before its declared length"
        })
    ));
    finish(card);

    // An empty (never written) EF is not a certificate.
    let script = opened()
        .expect("00A4020C02000A", OK)
        .expect("00B00000FF", "FFFF 9000");
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert!(matches!(
        card.read_certificate(CertificateSlot::Authentication, None),
        Err(Error::MalformedResponse { .. })
    ));
    finish(card);
}

#[test]
fn an_endless_get_response_chain_is_cut_off() {
    let mut script = Script::default()
        .expect(SELECT_JPKI, OK)
        .expect("00A4020C020006", OK)
        .expect("00B0000020", "6101");
    for _ in 0..16 {
        script = script.expect("00C0000001", "41 6101");
    }
    let mut card = JpkiCard::new(script);
    assert!(matches!(
        card.open(),
        Err(Error::MalformedResponse {
            reason: "too many GET RESPONSE rounds"
        })
    ));
    finish(card);
}

/// A predicate on the error an answer must produce.
type Check = fn(&Error) -> bool;

#[test]
fn every_refusal_is_a_typed_error() {
    // What a card may answer to SELECT EF, and what the driver makes of it.
    let select_cases: [(&str, Check); 6] = [
        ("6A82", |e: &Error| {
            matches!(e, Error::FileNotFound { fid: 0x0006 })
        }),
        ("6A86", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "SELECT EF",
                    sw: 0x6A86
                }
            )
        }),
        ("6700", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "SELECT EF",
                    sw: 0x6700
                }
            )
        }),
        ("6D00", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "SELECT EF",
                    sw: 0x6D00
                }
            )
        }),
        ("6E00", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "SELECT EF",
                    sw: 0x6E00
                }
            )
        }),
        ("6985", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "SELECT EF",
                    sw: 0x6985
                }
            )
        }),
    ];
    for (sw, check) in select_cases {
        let script = Script::default()
            .expect(SELECT_JPKI, OK)
            .expect("00A4020C020006", sw);
        let mut card = JpkiCard::new(script);
        let err = card.open().unwrap_err();
        assert!(check(&err), "{sw}: {err:?}");
        assert!(card.session().is_blank());
        finish(card);
    }
    // READ BINARY refusals.
    let read_cases: [(&str, Check); 4] = [
        ("6982", |e: &Error| {
            matches!(e, Error::SecurityStatusNotSatisfied { .. })
        }),
        ("6986", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "READ BINARY",
                    sw: 0x6986
                }
            )
        }),
        ("6B00", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "READ BINARY",
                    sw: 0x6B00
                }
            )
        }),
        ("6700", |e| {
            matches!(
                e,
                Error::UnexpectedStatus {
                    command: "READ BINARY",
                    sw: 0x6700
                }
            )
        }),
    ];
    for (sw, check) in read_cases {
        let script = opened()
            .expect("00A4020C02000A", OK)
            .expect("00B00000FF", sw);
        let mut card = JpkiCard::new(script);
        card.open().unwrap();
        let err = card
            .read_certificate(CertificateSlot::Authentication, None)
            .unwrap_err();
        assert!(check(&err), "{sw}: {err:?}");
        finish(card);
    }
    // 6B00 after part of the file: the file is shorter than its DER length says.
    let cert = fake_cert(600);
    let script = opened()
        .expect("00A4020C02000A", OK)
        .expect_bytes("00B00000FF", with_sw(&cert[..255], OK))
        .expect("00B000FFFF", "6B00");
    let mut card = JpkiCard::new(script);
    card.open().unwrap();
    assert!(matches!(
        card.read_certificate(CertificateSlot::Authentication, None),
        Err(Error::MalformedResponse {
            reason: "the file ends before its declared length"
        })
    ));
    finish(card);
    // VERIFY answered 6700 or 6A86: reported, never resent.
    for sw in ["6700", "6A86", "6986"] {
        let script = Script::default()
            .expect(SELECT_JPKI, OK)
            .expect("00A4020C020018", OK)
            .expect("0020008004 31323334", sw);
        let mut card = JpkiCard::new(script);
        let err = card
            .verify(&Pin::allowing_last_try(pin(
                PinKind::AuthenticationPin,
                "1234",
            )))
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::UnexpectedStatus {
                    command: "VERIFY",
                    ..
                }
            ),
            "{sw}: {err:?}"
        );
        finish(card);
    }
}
