//! The virtual JPKI card, driven with raw APDU bytes: every refusal of
//! `docs/SOURCES.md` with its exact status word, the security state
//! machine, signatures that verify, persistence, and robustness against garbage.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use jpki::Date;
use jpki::Sex;
use jpki::apdu::{Command, Response};
use jpki::card::{
    CardAttributes, CardKind, CertificateSlot, JPKI_AID, KeySlot, MY_NUMBER_CARD_ATR, PinKind,
    Secret, TEXT_AID, Transport, fid,
};
use jpki::sim::VirtualCard;
use jpki::{Error, SimulatorError};
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, PublicKey as RsaPublicKey};
use sha2::{Digest, Sha256};

const SIGNING_PASSWORD: &str = "JPKI2026PW";
const AUTH_PIN: &str = "4711";
const TEXT_PIN: &str = "4711";
const MY_NUMBER: &str = "123456789018";

/// The SHA-256 DigestInfo prefix (RFC 8017 §9.2 note 1).
const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
/// The SHA-1 DigestInfo prefix.
const SHA1_PREFIX: [u8; 15] = [
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

// ---------------------------------------------------------------------------
// APDUs, built with the library's encoder and sent as raw bytes.

fn select_ap(aid: &[u8]) -> Command {
    Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(aid.to_vec())
}

fn select_ef(id: u16) -> Command {
    Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(id.to_be_bytes())
}

fn read(offset: u16, le: u16) -> Command {
    let [p1, p2] = offset.to_be_bytes();
    Command::new(0x00, 0xB0, p1, p2).with_le(le)
}

fn verify(secret: &str) -> Command {
    Command::new(0x00, 0x20, 0x00, 0x80).with_data(secret.as_bytes().to_vec())
}

fn status_query() -> Command {
    Command::new(0x00, 0x20, 0x00, 0x80)
}

fn change(new: &str) -> Command {
    Command::new(0x00, 0x24, 0x01, 0x80).with_data(new.as_bytes().to_vec())
}

fn sign(digest_info: &[u8]) -> Command {
    Command::new(0x80, 0x2A, 0x00, 0x80)
        .with_data(digest_info.to_vec())
        .with_le(256)
}

fn get_response(le: u16) -> Command {
    Command::new(0x00, 0xC0, 0x00, 0x00).with_le(le)
}

/// Sends raw bytes; checks the answer has a status word.
fn raw(card: &mut VirtualCard, bytes: &[u8]) -> (Vec<u8>, u16) {
    let answer = card.process(bytes);
    let response = Response::parse(&answer).unwrap();
    (response.data, response.sw)
}

fn send(card: &mut VirtualCard, command: Command) -> (Vec<u8>, u16) {
    raw(card, &command.to_bytes().unwrap())
}

/// The status word of a command that must return no data.
fn sw(card: &mut VirtualCard, command: Command) -> u16 {
    let (data, sw) = send(card, command);
    assert!(data.is_empty(), "unexpected data with SW {sw:04X}");
    sw
}

fn ok(card: &mut VirtualCard, command: Command) {
    let shown = format!("{command:?}");
    assert_eq!(sw(card, command), 0x9000, "{shown}");
}

/// Reads the current EF to its end in chunks of `chunk` bytes.
fn read_all(card: &mut VirtualCard, chunk: u16) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let offset = u16::try_from(out.len()).unwrap();
        let (data, sw) = send(card, read(offset, chunk));
        match sw {
            0x9000 => {
                assert_eq!(data.len(), usize::from(chunk));
                out.extend(data);
            }
            0x6282 => {
                assert!(!data.is_empty() && data.len() < usize::from(chunk));
                out.extend(data);
                return out;
            }
            0x6B00 => {
                assert!(data.is_empty());
                return out;
            }
            other => panic!("READ BINARY at {offset} answered {other:04X}"),
        }
    }
}

fn sha256_digest_info(message: &[u8]) -> Vec<u8> {
    let mut info = SHA256_PREFIX.to_vec();
    info.extend(Sha256::digest(message));
    info
}

// ---------------------------------------------------------------------------
// Fixtures: RSA key generation is the slow part, so one personalized card is
// made once and cloned by every test that needs it.

fn jlis_der(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jlis/");
    let pem = std::fs::read(format!("{path}{name}.pem")).unwrap();
    jpki::pem::decode_label(&pem, "CERTIFICATE")
        .unwrap()
        .remove(0)
}

/// Certificates for the four slots (the real J-LIS CA certificates stand in for
/// the end-entity ones: the card does not parse what it stores).
fn certificates() -> [(CertificateSlot, Vec<u8>); 4] {
    [
        (CertificateSlot::Signing, jlis_der("sign_ca_2015")),
        (CertificateSlot::SigningCa, jlis_der("sign_ca_2023")),
        (CertificateSlot::Authentication, jlis_der("auth_ca_2015")),
        (CertificateSlot::AuthenticationCa, jlis_der("auth_ca_2023")),
    ]
}

fn attributes() -> CardAttributes {
    CardAttributes {
        name: "𠮷田　花子".into(),
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        birth_date: Date::parse_iso("1980-02-29").unwrap(),
        sex: Sex::Female,
    }
}

fn secret(kind: PinKind, text: &str) -> Secret {
    Secret::new(kind, text).unwrap()
}

struct Personalized {
    card: VirtualCard,
    signing_public_key: Vec<u8>,
    auth_public_key: Vec<u8>,
}

/// A My Number card as it leaves the municipal window: both keys generated in the
/// card, the four certificates, the three secrets, the text data.
fn personalized() -> (VirtualCard, &'static Personalized) {
    static CARD: OnceLock<Personalized> = OnceLock::new();
    let p = CARD.get_or_init(|| {
        let mut card = VirtualCard::new(CardKind::MyNumberCard);
        let signing_public_key = card.generate_key(KeySlot::Signing).unwrap();
        let auth_public_key = card.generate_key(KeySlot::Authentication).unwrap();
        for (slot, der) in certificates() {
            card.write_certificate(slot, &der).unwrap();
        }
        card.set_secret(&secret(PinKind::SigningPassword, SIGNING_PASSWORD));
        card.set_secret(&secret(PinKind::AuthenticationPin, AUTH_PIN));
        card.set_secret(&secret(PinKind::AttributesPin, TEXT_PIN));
        card.set_attributes(&attributes(), MY_NUMBER).unwrap();
        Personalized {
            card,
            signing_public_key,
            auth_public_key,
        }
    });
    (p.card.clone(), p)
}

/// The card of someone under 15: authentication only.
fn under_15() -> VirtualCard {
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    card.write_certificate(CertificateSlot::Authentication, &jlis_der("auth_ca_2015"))
        .unwrap();
    card.write_certificate(CertificateSlot::AuthenticationCa, &jlis_der("auth_ca_2023"))
        .unwrap();
    card.set_secret(&secret(PinKind::AuthenticationPin, AUTH_PIN));
    card
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("jpki-virtual-card-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------
// A blank card

#[test]
fn blank_card_has_both_applications_and_nothing_personal() {
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    assert_eq!(card.atr(), MY_NUMBER_CARD_ATR);
    assert_eq!(card.kind(), &CardKind::MyNumberCard);

    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::TOKEN_INFO));
    let (info, status) = send(&mut card, read(0, 256));
    assert_eq!(status, 0x6282, "EF 0006 is exactly 32 bytes");
    assert_eq!(info, b"JPKIAPICCTOKEN2                 ");
    ok(&mut card, select_ef(fid::CERT_FLAGS));
    assert_eq!(send(&mut card, read(0, 3)), (vec![0, 0, 0], 0x9000));

    for absent in [
        fid::SIGNING_CERT,
        fid::SIGNING_CA_CERT,
        fid::AUTH_CERT,
        fid::AUTH_CA_CERT,
        fid::SIGNING_KEY,
        fid::AUTH_KEY,
        0x0003,
        0x3F00,
    ] {
        assert_eq!(sw(&mut card, select_ef(absent)), 0x6A82, "{absent:04X}");
    }
    // The PIN EFs exist; with no secret set, VERIFY answers 6984.
    ok(&mut card, select_ef(fid::AUTH_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x6984);
    assert_eq!(sw(&mut card, verify("1234")), 0x6984);
    // The signing password EF appears with the signing function (key or password).
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_PIN)), 0x6A82);
    assert_eq!(card.tries_left(PinKind::SigningPassword), 5);
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);
    assert_eq!(card.tries_left(PinKind::AttributesPin), 3);

    ok(&mut card, select_ap(&TEXT_AID));
    assert_eq!(sw(&mut card, select_ef(fid::TEXT_MY_NUMBER)), 0x6A82);
    assert_eq!(sw(&mut card, select_ef(fid::TEXT_ATTRIBUTES)), 0x6A82);
    ok(&mut card, select_ef(fid::TEXT_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x6984);
}

#[test]
fn every_kind_has_its_label_and_the_my_number_card_atr() {
    for (kind, label) in [
        (CardKind::MyNumberCard, "JPKIAPICCTOKEN2"),
        (CardKind::JukiCard, "JPKIAPICCTOKEN"),
        (CardKind::AndroidPhone, "JPKIAPGPSETOKEN"),
        (CardKind::IPhone, "JPKIAPIOSTOKEN"),
        (CardKind::Unknown("X".repeat(40)), "X".repeat(32).as_str()),
    ] {
        let mut card = VirtualCard::new(kind.clone());
        assert_eq!(card.atr(), MY_NUMBER_CARD_ATR.to_vec());
        assert_eq!(card.kind(), &kind);
        ok(&mut card, select_ap(&JPKI_AID));
        ok(&mut card, select_ef(fid::TOKEN_INFO));
        let (info, _) = send(&mut card, read(0, 32));
        assert_eq!(info.len(), 32);
        let mut expected = label.as_bytes().to_vec();
        expected.resize(32, b' ');
        assert_eq!(info, expected);
        let text = String::from_utf8(info).unwrap();
        if !matches!(kind, CardKind::Unknown(_)) {
            assert_eq!(CardKind::from_label(&text), kind);
        }
    }
}

#[test]
fn debug_shows_no_secret_key_or_text() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    let shown = format!("{card:?}");
    for leak in [
        AUTH_PIN,
        SIGNING_PASSWORD,
        MY_NUMBER,
        "PRIVATE",
        "花子",
        "霞が関",
    ] {
        assert!(!shown.contains(leak), "{leak} in {shown}");
    }
    assert!(shown.contains("MyNumberCard"), "{shown}");
}

// ---------------------------------------------------------------------------
// SELECT

#[test]
fn select_refusals() {
    let (mut card, _) = personalized();
    // An EF before any application.
    assert_eq!(sw(&mut card, select_ef(fid::TOKEN_INFO)), 0x6A82);
    // Unknown AIDs, including a truncated and the visual AP.
    for aid in [
        &[0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02][..],
        &JPKI_AID[..9],
        &[0xA0, 0x00, 0x00, 0x00, 0x03],
    ] {
        assert_eq!(sw(&mut card, select_ap(aid)), 0x6A82, "{aid:02X?}");
    }
    // Select MF and any other P1 P2.
    assert_eq!(raw(&mut card, &[0x00, 0xA4, 0x00, 0x00]), (vec![], 0x6A86));
    assert_eq!(
        sw(
            &mut card,
            Command::new(0x00, 0xA4, 0x00, 0x00).with_data([0x3F, 0x00])
        ),
        0x6A86
    );
    for (p1, p2) in [
        (0x04, 0x00),
        (0x02, 0x00),
        (0x01, 0x0C),
        (0x08, 0x0C),
        (0x04, 0x04),
    ] {
        assert_eq!(
            sw(
                &mut card,
                Command::new(0x00, 0xA4, p1, p2).with_data(JPKI_AID)
            ),
            0x6A86,
            "{p1:02X} {p2:02X}"
        );
    }
    // Lengths: no AID, an FID of 1 or 3 bytes, Lc not matching the data.
    assert_eq!(sw(&mut card, Command::new(0x00, 0xA4, 0x04, 0x0C)), 0x6700);
    ok(&mut card, select_ap(&JPKI_AID));
    for fid in [&[0x06][..], &[0x00, 0x06, 0x00]] {
        assert_eq!(
            sw(
                &mut card,
                Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(fid.to_vec())
            ),
            0x6700
        );
    }
    assert_eq!(
        raw(&mut card, &[0x00, 0xA4, 0x02, 0x0C, 0x03, 0x00, 0x06]),
        (vec![], 0x6700)
    );
    assert_eq!(
        raw(
            &mut card,
            &[0x00, 0xA4, 0x02, 0x0C, 0x01, 0x00, 0x06, 0x00, 0x00]
        ),
        (vec![], 0x6700)
    );
    // A failed select leaves the current EF alone.
    ok(&mut card, select_ef(fid::CERT_FLAGS));
    assert_eq!(sw(&mut card, select_ef(0x0099)), 0x6A82);
    assert_eq!(sw(&mut card, select_ap(&[0xA0, 0x00])), 0x6A82);
    assert_eq!(
        send(&mut card, read(0, 3)),
        (vec![0x8F, 0x8F, 0x00], 0x9000)
    );
    // The text AP's files are not in the JPKI AP and vice versa.
    assert_eq!(sw(&mut card, select_ef(fid::TEXT_PIN)), 0x6A82);
    ok(&mut card, select_ap(&TEXT_AID));
    assert_eq!(sw(&mut card, select_ef(fid::TOKEN_INFO)), 0x6A82);
    assert_eq!(sw(&mut card, select_ef(fid::AUTH_PIN)), 0x6A82);
}

// ---------------------------------------------------------------------------
// READ BINARY

#[test]
fn read_binary_reassembles_certificates_in_chunks() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    for (slot, der) in certificates() {
        if slot == CertificateSlot::Signing {
            continue; // needs the password: below
        }
        ok(&mut card, select_ef(slot.fid()));
        for chunk in [1, 7, 100, 255, 256] {
            assert_eq!(
                read_all(&mut card, chunk),
                der,
                "{slot:?} in chunks of {chunk}"
            );
        }
        // A header read, as the driver does, then the rest at an offset.
        let (head, status) = send(&mut card, read(0, 4));
        assert_eq!((head.as_slice(), status), (&der[..4], 0x9000));
        let (middle, status) = send(&mut card, read(0x0123, 0x10));
        assert_eq!((middle.as_slice(), status), (&der[0x123..0x133], 0x9000));
        // Le 00 is 256.
        let (data, status) = send(&mut card, read(0, 256));
        assert_eq!(
            raw(&mut card, &[0x00, 0xB0, 0x00, 0x00, 0x00]),
            (data.clone(), status)
        );
        assert_eq!((data.as_slice(), status), (&der[..256], 0x9000));
    }
    ok(&mut card, select_ef(fid::CERT_FLAGS));
    assert_eq!(
        send(&mut card, read(0, 3)),
        (vec![0x8F, 0x8F, 0x00], 0x9000)
    );
}

#[test]
fn read_binary_refusals() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    // No current EF right after selecting an application.
    assert_eq!(sw(&mut card, read(0, 4)), 0x6986);

    ok(&mut card, select_ef(fid::AUTH_CA_CERT));
    let der = jlis_der("auth_ca_2023");
    let len = u16::try_from(der.len()).unwrap();
    // SFI addressing (P1 bit 8).
    assert_eq!(
        raw(&mut card, &[0x00, 0xB0, 0x81, 0x00, 0x04]),
        (vec![], 0x6A86)
    );
    assert_eq!(
        raw(&mut card, &[0x00, 0xB0, 0x8B, 0x00, 0x00]),
        (vec![], 0x6A86)
    );
    // Le missing; data sent.
    assert_eq!(raw(&mut card, &[0x00, 0xB0, 0x00, 0x00]), (vec![], 0x6700));
    assert_eq!(
        sw(
            &mut card,
            Command::new(0x00, 0xB0, 0x00, 0x00).with_data([1])
        ),
        0x6700
    );
    // At and past the end.
    assert_eq!(sw(&mut card, read(len, 1)), 0x6B00);
    assert_eq!(sw(&mut card, read(len + 1, 1)), 0x6B00);
    assert_eq!(sw(&mut card, read(0x7FFF, 256)), 0x6B00);
    // The last byte exactly, then a short read: the rest and 6282.
    assert_eq!(
        send(&mut card, read(len - 1, 1)),
        (der[der.len() - 1..].to_vec(), 0x9000)
    );
    assert_eq!(
        send(&mut card, read(len - 10, 100)),
        (der[der.len() - 10..].to_vec(), 0x6282)
    );
    assert_eq!(
        send(&mut card, read(len - 10, 10)),
        (der[der.len() - 10..].to_vec(), 0x9000)
    );

    // Keys and secrets are not readable.
    for id in [
        fid::SIGNING_KEY,
        fid::AUTH_KEY,
        fid::SIGNING_PIN,
        fid::AUTH_PIN,
    ] {
        ok(&mut card, select_ef(id));
        assert_eq!(sw(&mut card, read(0, 1)), 0x6981, "{id:04X}");
    }
    // Even once verified.
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(sw(&mut card, read(0, 1)), 0x6981);
}

#[test]
fn signing_certificate_needs_the_signing_password() {
    let (mut card, _) = personalized();
    let der = jlis_der("sign_ca_2015");
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
    // The authentication PIN does not open it.
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);

    ok(&mut card, select_ef(fid::SIGNING_PIN));
    ok(&mut card, verify(SIGNING_PASSWORD));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(read_all(&mut card, 200), der);
    // Selecting other EFs keeps the security status.
    ok(&mut card, select_ef(fid::TOKEN_INFO));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(send(&mut card, read(0, 4)).1, 0x9000);
    // Re-selecting the same application clears it.
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x63C5);
    // So does selecting the other application and coming back.
    ok(&mut card, verify(SIGNING_PASSWORD));
    ok(&mut card, select_ap(&TEXT_AID));
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
    // And a reset.
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    ok(&mut card, verify(SIGNING_PASSWORD));
    card.reset();
    assert_eq!(
        sw(&mut card, read(0, 4)),
        0x6986,
        "nothing selected after reset"
    );
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_CERT)), 0x6A82);
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
}

#[test]
fn phone_jpki_guards_the_authentication_certificate() {
    let der = jlis_der("auth_ca_2015");
    for kind in [CardKind::AndroidPhone, CardKind::IPhone] {
        let mut card = VirtualCard::new(kind);
        card.write_certificate(CertificateSlot::Authentication, &der)
            .unwrap();
        card.set_secret(&secret(PinKind::AuthenticationPin, AUTH_PIN));
        ok(&mut card, select_ap(&JPKI_AID));
        ok(&mut card, select_ef(fid::AUTH_CERT));
        assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
        ok(&mut card, select_ef(fid::AUTH_PIN));
        ok(&mut card, verify(AUTH_PIN));
        ok(&mut card, select_ef(fid::AUTH_CERT));
        assert_eq!(read_all(&mut card, 256), der);
    }
}

#[test]
fn under_15_card_has_no_signing_objects() {
    let mut card = under_15();
    ok(&mut card, select_ap(&JPKI_AID));
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_CERT)), 0x6A82);
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_KEY)), 0x6A82);
    ok(&mut card, select_ef(fid::CERT_FLAGS));
    assert_eq!(
        send(&mut card, read(0, 3)),
        (vec![0x00, 0x8F, 0x00], 0x9000)
    );
    // The authentication certificate is free on a card.
    ok(&mut card, select_ef(fid::AUTH_CERT));
    assert_eq!(read_all(&mut card, 256), jlis_der("auth_ca_2015"));
    // No signing function at all: not even the password EF.
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_PIN)), 0x6A82);
}

#[test]
fn signing_password_ef_appears_with_the_signing_function() {
    // A key generated at the window before the resident chose a password.
    let (personal, _) = personalized();
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    ok(&mut card, select_ap(&JPKI_AID));
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_PIN)), 0x6A82);
    card.set_secret(&secret(PinKind::SigningPassword, SIGNING_PASSWORD));
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x63C5);
    assert_eq!(
        sw(&mut card, select_ef(fid::SIGNING_KEY)),
        0x6A82,
        "no key yet"
    );

    // The personalized card's key, without its password: 6984 until it is set.
    let dir = TempDir::new("key-without-password");
    let path = dir.0.join("card.json");
    personal.save(&path).unwrap();
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    json["secrets"]["signing_password"] = serde_json::json!({
        "salt": null, "sha256": null, "tries_left": 5
    });
    std::fs::write(&path, json.to_string()).unwrap();
    let mut card = VirtualCard::load(&path).unwrap();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x6984);
    assert_eq!(sw(&mut card, verify(SIGNING_PASSWORD)), 0x6984);
    ok(&mut card, select_ef(fid::SIGNING_KEY));
    assert_eq!(sw(&mut card, sign(&sha256_digest_info(b"x"))), 0x6982);
}

// ---------------------------------------------------------------------------
// VERIFY

#[test]
fn authentication_pin_counts_down_and_blocks_with_6984() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x63C3);
    assert_eq!(
        sw(&mut card, status_query()),
        0x63C3,
        "a status query spends nothing"
    );
    assert_eq!(sw(&mut card, verify("0000")), 0x63C2);
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 2);
    assert_eq!(sw(&mut card, status_query()), 0x63C2);
    // A right secret resets the counter.
    ok(&mut card, verify(AUTH_PIN));
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);
    ok(&mut card, status_query());
    // A wrong one also clears the verified state.
    assert_eq!(sw(&mut card, verify("1111")), 0x63C2);
    assert_eq!(sw(&mut card, status_query()), 0x63C2);
    assert_eq!(sw(&mut card, verify("2222")), 0x63C1);
    assert_eq!(sw(&mut card, verify("3333")), 0x63C0, "the exhausting try");
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 0);
    assert_eq!(sw(&mut card, status_query()), 0x6984);
    assert_eq!(
        sw(&mut card, verify(AUTH_PIN)),
        0x6984,
        "blocked even with the right PIN"
    );
    assert_eq!(sw(&mut card, verify("4444")), 0x6984);
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 0);
    // Blocked survives a reset and a re-selection.
    card.reset();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    assert_eq!(sw(&mut card, verify(AUTH_PIN)), 0x6984);
    // The key stays locked.
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(sw(&mut card, sign(&sha256_digest_info(b"x"))), 0x6982);
    // The signing password is independent.
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x63C5);
    // The window resets it.
    card.set_secret(&secret(PinKind::AuthenticationPin, "9999"));
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify("9999"));
}

#[test]
fn signing_password_has_five_tries() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x63C5);
    for left in (0..5u16).rev() {
        assert_eq!(sw(&mut card, verify("WRONG1")), 0x63C0 | left);
    }
    assert_eq!(sw(&mut card, verify(SIGNING_PASSWORD)), 0x6984);
    assert_eq!(sw(&mut card, status_query()), 0x6984);
    // The signing certificate stays closed.
    ok(&mut card, select_ef(fid::SIGNING_CERT));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
}

#[test]
fn blocked_status_word_6983_variant() {
    let (mut card, _) = personalized();
    card.set_blocked_status(0x6983);
    ok(&mut card, select_ap(&TEXT_AID));
    ok(&mut card, select_ef(fid::TEXT_PIN));
    assert_eq!(sw(&mut card, verify("0001")), 0x63C2);
    assert_eq!(sw(&mut card, verify("0002")), 0x63C1);
    assert_eq!(sw(&mut card, verify("0003")), 0x63C0);
    assert_eq!(sw(&mut card, status_query()), 0x6983);
    assert_eq!(sw(&mut card, verify(TEXT_PIN)), 0x6983);
    assert_eq!(card.tries_left(PinKind::AttributesPin), 0);
    // The JPKI AP's PIN with the same digits is a separate secret.
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
}

#[test]
fn verify_refusals() {
    let (mut card, _) = personalized();
    // Nothing selected, an application without EF, an EF that holds no secret.
    assert_eq!(sw(&mut card, verify(AUTH_PIN)), 0x6986);
    ok(&mut card, select_ap(&JPKI_AID));
    assert_eq!(sw(&mut card, status_query()), 0x6986);
    ok(&mut card, select_ef(fid::AUTH_CERT));
    assert_eq!(sw(&mut card, verify(AUTH_PIN)), 0x6986);
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(sw(&mut card, verify(AUTH_PIN)), 0x6986);

    ok(&mut card, select_ef(fid::AUTH_PIN));
    // The status query with Le appended (case 2) is refused, as by a real card.
    assert_eq!(
        raw(&mut card, &[0x00, 0x20, 0x00, 0x80, 0x00]),
        (vec![], 0x6700)
    );
    assert_eq!(sw(&mut card, status_query().with_le(4)), 0x6700);
    assert_eq!(sw(&mut card, verify(AUTH_PIN).with_le(256)), 0x6700);
    // Lc not matching the data.
    assert_eq!(
        raw(
            &mut card,
            &[0x00, 0x20, 0x00, 0x80, 0x05, b'4', b'7', b'1', b'1']
        ),
        (vec![], 0x6700)
    );
    // P1 P2.
    for (p1, p2) in [(0x00, 0x81), (0x00, 0x00), (0x01, 0x80), (0xFF, 0x80)] {
        assert_eq!(
            sw(
                &mut card,
                Command::new(0x00, 0x20, p1, p2).with_data(AUTH_PIN.as_bytes().to_vec())
            ),
            0x6A86
        );
    }
    // None of that spent a try.
    assert_eq!(sw(&mut card, status_query()), 0x63C3);
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);
    // A secret of the wrong shape is just wrong.
    assert_eq!(sw(&mut card, verify("47110")), 0x63C2);
}

// ---------------------------------------------------------------------------
// CHANGE REFERENCE DATA

#[test]
fn change_reference_data_then_verify_the_new_secret() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    assert_eq!(sw(&mut card, change("2580")), 0x6982, "not verified");
    assert_eq!(sw(&mut card, verify("0000")), 0x63C2);
    ok(&mut card, verify(AUTH_PIN));
    for bad in ["258", "25800", "25a0", "２５８０"] {
        assert_eq!(sw(&mut card, change(bad)), 0x6A80, "{bad}");
    }
    assert_eq!(
        sw(
            &mut card,
            Command::new(0x00, 0x24, 0x01, 0x80).with_data([0xFF, 0xFE, 0x30, 0x30])
        ),
        0x6A80
    );
    ok(&mut card, change("2580"));
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);
    card.reset();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    assert_eq!(
        sw(&mut card, verify(AUTH_PIN)),
        0x63C2,
        "the old PIN is gone"
    );
    ok(&mut card, verify("2580"));
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);

    // The signing password: A-Z and 0-9 only, 6 to 16, as sent (no lower case).
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    ok(&mut card, verify(SIGNING_PASSWORD));
    for bad in ["ABC12", "ABCDEFGHIJ1234567", "ABC-123", "abc123"] {
        assert_eq!(sw(&mut card, change(bad)), 0x6A80, "{bad}");
    }
    ok(&mut card, change("NEWPASS2027"));
    card.reset();
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, verify(SIGNING_PASSWORD)), 0x63C4);
    ok(&mut card, verify("NEWPASS2027"));
}

#[test]
fn change_reference_data_refusals() {
    let (mut card, _) = personalized();
    assert_eq!(sw(&mut card, change("2580")), 0x6986);
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    for (p1, p2) in [(0x00, 0x80), (0x01, 0x81), (0x01, 0x00)] {
        assert_eq!(
            sw(
                &mut card,
                Command::new(0x00, 0x24, p1, p2).with_data(b"2580".to_vec())
            ),
            0x6A86
        );
    }
    assert_eq!(sw(&mut card, Command::new(0x00, 0x24, 0x01, 0x80)), 0x6700);
    assert_eq!(sw(&mut card, change("2580").with_le(256)), 0x6700);
    ok(&mut card, select_ef(fid::TOKEN_INFO));
    assert_eq!(sw(&mut card, change("2580")), 0x6986);
    // Nothing changed.
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
}

// ---------------------------------------------------------------------------
// COMPUTE DIGITAL SIGNATURE

#[test]
fn signatures_verify_against_the_generated_keys() {
    let (mut card, p) = personalized();
    ok(&mut card, select_ap(&JPKI_AID));
    for (slot, public, pin, secret) in [
        (
            KeySlot::Signing,
            &p.signing_public_key,
            fid::SIGNING_PIN,
            SIGNING_PASSWORD,
        ),
        (
            KeySlot::Authentication,
            &p.auth_public_key,
            fid::AUTH_PIN,
            AUTH_PIN,
        ),
    ] {
        let key = RsaPublicKey::from_public_key_der(public).unwrap();
        assert_eq!(key.size(), 256, "RSA-2048");
        ok(&mut card, select_ef(pin));
        ok(&mut card, verify(secret));
        ok(&mut card, select_ef(slot.fid()));

        let info = sha256_digest_info(b"application form");
        let (signature, status) = send(&mut card, sign(&info));
        assert_eq!(status, 0x9000);
        assert_eq!(signature.len(), 256);
        key.verify(Pkcs1v15Sign::new_unprefixed(), &info, &signature)
            .unwrap();
        key.verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(b"application form"),
            &signature,
        )
        .unwrap();

        // The card does not look inside: SHA-1 and arbitrary bytes are signed too.
        let mut sha1_info = SHA1_PREFIX.to_vec();
        sha1_info.extend([0x5A; 20]);
        let (signature, status) = send(&mut card, sign(&sha1_info));
        assert_eq!(status, 0x9000);
        key.verify(Pkcs1v15Sign::new_unprefixed(), &sha1_info, &signature)
            .unwrap();
        let largest = vec![0xA5; 245];
        let (signature, status) = send(&mut card, sign(&largest));
        assert_eq!(status, 0x9000);
        key.verify(Pkcs1v15Sign::new_unprefixed(), &largest, &signature)
            .unwrap();
        // Le 00 as raw bytes.
        let mut bytes = vec![0x80, 0x2A, 0x00, 0x80, 0x33];
        bytes.extend(&info);
        bytes.push(0x00);
        let (again, status) = raw(&mut card, &bytes);
        assert_eq!(status, 0x9000);
        key.verify(Pkcs1v15Sign::new_unprefixed(), &info, &again)
            .unwrap();
    }
    // Each key answers to its own secret only: a signature with the wrong key fails.
    let signing = RsaPublicKey::from_public_key_der(&p.signing_public_key).unwrap();
    let info = sha256_digest_info(b"which key");
    let (signature, _) = send(&mut card, sign(&info));
    assert!(
        signing
            .verify(Pkcs1v15Sign::new_unprefixed(), &info, &signature)
            .is_err()
    );
}

#[test]
fn signature_refusals() {
    let (mut card, _) = personalized();
    let info = sha256_digest_info(b"doc");
    ok(&mut card, select_ap(&JPKI_AID));
    // No current EF, an EF that is not a key.
    assert_eq!(sw(&mut card, sign(&info)), 0x6986);
    ok(&mut card, select_ef(fid::AUTH_CERT));
    assert_eq!(sw(&mut card, sign(&info)), 0x6986);
    ok(&mut card, select_ef(fid::AUTH_PIN));
    assert_eq!(sw(&mut card, sign(&info)), 0x6986);
    // Not verified.
    ok(&mut card, select_ef(fid::SIGNING_KEY));
    assert_eq!(sw(&mut card, sign(&info)), 0x6982);
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(sw(&mut card, sign(&info)), 0x6982);
    // The authentication PIN does not unlock the signing key.
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    ok(&mut card, select_ef(fid::SIGNING_KEY));
    assert_eq!(sw(&mut card, sign(&info)), 0x6982);
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(send(&mut card, sign(&info)).1, 0x9000);
    // Too long for PKCS#1 v1.5 with a 2048-bit key; empty.
    assert_eq!(sw(&mut card, sign(&[0x30; 246])), 0x6700);
    assert_eq!(sw(&mut card, sign(&[0x30; 255])), 0x6700);
    assert_eq!(
        sw(&mut card, Command::new(0x80, 0x2A, 0x00, 0x80).with_le(256)),
        0x6700
    );
    // P1 P2 (the unconfirmed 01/02/04 schemes and SFI addressing are refused).
    for (p1, p2) in [
        (0x01, 0x80),
        (0x02, 0x80),
        (0x04, 0x80),
        (0x00, 0x97),
        (0x00, 0x00),
    ] {
        assert_eq!(
            sw(
                &mut card,
                Command::new(0x80, 0x2A, p1, p2)
                    .with_data(info.clone())
                    .with_le(256)
            ),
            0x6A86,
            "{p1:02X} {p2:02X}"
        );
    }
    // ISO class 00 does not know the proprietary instruction.
    assert_eq!(
        sw(
            &mut card,
            Command::new(0x00, 0x2A, 0x00, 0x80)
                .with_data(info.clone())
                .with_le(256)
        ),
        0x6D00
    );
    // Le shorter than the signature: 6C00, resend with Le 00.
    assert_eq!(sw(&mut card, sign(&info).with_le(128)), 0x6C00);
    // Security status is lost by selecting an application.
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(sw(&mut card, sign(&info)), 0x6982);
}

#[test]
fn signature_without_le_waits_for_get_response() {
    let (mut card, p) = personalized();
    let key = RsaPublicKey::from_public_key_der(&p.auth_public_key).unwrap();
    let info = sha256_digest_info(b"t=0 style");
    // Nothing pending.
    assert_eq!(sw(&mut card, get_response(256)), 0x6985);
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    ok(&mut card, select_ef(fid::AUTH_KEY));

    let case3 = Command::new(0x80, 0x2A, 0x00, 0x80).with_data(info.clone());
    assert_eq!(sw(&mut card, case3.clone()), 0x6100);
    let (first, status) = send(&mut card, get_response(100));
    assert_eq!((first.len(), status), (100, 0x619C));
    let (second, status) = send(&mut card, get_response(256));
    assert_eq!((second.len(), status), (156, 0x9000));
    let signature = [first, second].concat();
    key.verify(Pkcs1v15Sign::new_unprefixed(), &info, &signature)
        .unwrap();
    assert_eq!(sw(&mut card, get_response(256)), 0x6985, "consumed");

    // Any other command drops the pending answer.
    assert_eq!(sw(&mut card, case3.clone()), 0x6100);
    ok(&mut card, select_ef(fid::AUTH_KEY));
    assert_eq!(sw(&mut card, get_response(256)), 0x6985);
    // GET RESPONSE's own refusals.
    assert_eq!(sw(&mut card, case3.clone()), 0x6100);
    assert_eq!(
        sw(&mut card, Command::new(0x00, 0xC0, 0x01, 0x00).with_le(256)),
        0x6A86
    );
    assert_eq!(sw(&mut card, case3), 0x6100);
    assert_eq!(sw(&mut card, Command::new(0x00, 0xC0, 0x00, 0x00)), 0x6700);
}

// ---------------------------------------------------------------------------
// Class and instruction

#[test]
fn class_instruction_and_encoding_refusals() {
    let (mut card, _) = personalized();
    for cla in [0x01, 0x0C, 0x10, 0x84, 0xA0, 0xFF] {
        assert_eq!(
            raw(&mut card, &[cla, 0xA4, 0x04, 0x0C, 0x01, 0xD3]),
            (vec![], 0x6E00),
            "{cla:02X}"
        );
        assert_eq!(
            raw(&mut card, &[cla, 0xB0, 0x00, 0x00, 0x04]),
            (vec![], 0x6E00)
        );
    }
    for ins in [
        0x00, 0x22, 0x2C, 0x44, 0x82, 0x84, 0x88, 0xB1, 0xCA, 0xD6, 0xE0,
    ] {
        assert_eq!(
            raw(&mut card, &[0x00, ins, 0x00, 0x00]),
            (vec![], 0x6D00),
            "{ins:02X}"
        );
        assert_eq!(
            raw(&mut card, &[0x80, ins, 0x00, 0x00]),
            (vec![], 0x6D00),
            "{ins:02X}"
        );
    }
    // ISO instructions under the proprietary class.
    assert_eq!(
        sw(
            &mut card,
            Command::new(0x80, 0xA4, 0x04, 0x0C).with_data(JPKI_AID)
        ),
        0x6D00
    );
    assert_eq!(
        sw(&mut card, Command::new(0x80, 0xB0, 0x00, 0x00).with_le(4)),
        0x6D00
    );
    // Not short APDUs.
    for bytes in [
        &[][..],
        &[0x00],
        &[0x00, 0xA4, 0x04],
        &[0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x00], // extended Le
        &[0x00, 0xA4, 0x04, 0x0C, 0x00, 0x00, 0x02, 0x00, 0x06], // extended Lc
        &[0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92],
        &[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00],
    ] {
        assert_eq!(raw(&mut card, bytes), (vec![], 0x6700), "{bytes:02X?}");
    }
}

// ---------------------------------------------------------------------------
// Text application

#[test]
fn text_application_needs_its_pin() {
    let (mut card, _) = personalized();
    ok(&mut card, select_ap(&TEXT_AID));
    for id in [fid::TEXT_ATTRIBUTES, fid::TEXT_MY_NUMBER] {
        ok(&mut card, select_ef(id));
        assert_eq!(sw(&mut card, read(0, 4)), 0x6982);
    }
    // The JPKI AP's PIN does not open it (selecting the text AP clears it anyway).
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::AUTH_PIN));
    ok(&mut card, verify(AUTH_PIN));
    ok(&mut card, select_ap(&TEXT_AID));
    ok(&mut card, select_ef(fid::TEXT_ATTRIBUTES));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6982);

    ok(&mut card, select_ef(fid::TEXT_PIN));
    assert_eq!(sw(&mut card, status_query()), 0x63C3);
    ok(&mut card, verify(TEXT_PIN));
    ok(&mut card, select_ef(fid::TEXT_ATTRIBUTES));
    let tlv = read_all(&mut card, 64);
    assert_eq!(tlv, attributes().to_tlv());
    assert_eq!(CardAttributes::parse(&tlv).unwrap(), attributes());
    ok(&mut card, select_ef(fid::TEXT_MY_NUMBER));
    assert_eq!(
        send(&mut card, read(0, 12)),
        (MY_NUMBER.as_bytes().to_vec(), 0x9000)
    );
    assert_eq!(
        send(&mut card, read(0, 256)),
        (MY_NUMBER.as_bytes().to_vec(), 0x6282)
    );
    ok(&mut card, select_ef(fid::TEXT_PIN));
    assert_eq!(sw(&mut card, read(0, 4)), 0x6981);
}

#[test]
fn personalization_refuses_bad_input() {
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    for bad in [
        "1234567890123",
        "12345678901",
        "12345678901a",
        "１２３４５６７８９０１２",
        "",
    ] {
        assert!(
            matches!(
                card.set_attributes(&attributes(), bad),
                Err(Error::Simulator(SimulatorError::InvalidRecord { .. }))
            ),
            "{bad}"
        );
    }
    let err = card
        .set_attributes(&attributes(), "1234567890123")
        .unwrap_err();
    assert!(!err.to_string().contains("1234567890123"), "{err}");
    ok(&mut card, select_ap(&TEXT_AID));
    assert_eq!(
        sw(&mut card, select_ef(fid::TEXT_ATTRIBUTES)),
        0x6A82,
        "nothing written"
    );

    let der = jlis_der("sign_ca_2023");
    let pem = jpki::pem::encode("CERTIFICATE", &der);
    let mut trailing = der.clone();
    trailing.push(0);
    for bad in [
        &[][..],
        pem.as_bytes(),
        &der[..der.len() - 1],
        &trailing,
        &[0x04, 0x01, 0x00],
    ] {
        assert!(
            matches!(
                card.write_certificate(CertificateSlot::Signing, bad),
                Err(Error::Simulator(SimulatorError::InvalidRecord { .. }))
            ),
            "{} bytes",
            bad.len()
        );
    }
    ok(&mut card, select_ap(&JPKI_AID));
    assert_eq!(sw(&mut card, select_ef(fid::SIGNING_CERT)), 0x6A82);
}

// ---------------------------------------------------------------------------
// Transport and persistence

#[test]
fn transport_carries_the_same_answers() {
    let (mut card, _) = personalized();
    let select = select_ap(&JPKI_AID).to_bytes().unwrap();
    assert_eq!(card.transmit(&select).unwrap(), vec![0x90, 0x00]);
    assert_eq!(card.transmit(&[0x00]).unwrap(), vec![0x67, 0x00]);
    // Through the blanket `&mut T` transport, as a driver holding a borrow would.
    fn via<T: Transport>(mut transport: T, command: Command) -> Vec<u8> {
        transport.transmit(&command.to_bytes().unwrap()).unwrap()
    }
    assert_eq!(via(&mut card, select_ef(fid::CERT_FLAGS)), vec![0x90, 0x00]);
    assert_eq!(
        via(&mut card, read(0, 3)),
        vec![0x8F, 0x8F, 0x00, 0x90, 0x00]
    );
}

#[test]
fn save_and_load_keep_keys_counters_and_blocked_state() {
    let dir = TempDir::new("round-trip");
    let path = dir.0.join("card.json");
    let (mut card, p) = personalized();
    card.set_blocked_status(0x6983);
    ok(&mut card, select_ap(&JPKI_AID));
    ok(&mut card, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut card, verify("WRONG1")), 0x63C4);
    assert_eq!(sw(&mut card, verify("WRONG2")), 0x63C3);
    ok(&mut card, select_ap(&TEXT_AID));
    ok(&mut card, select_ef(fid::TEXT_PIN));
    for left in [2, 1, 0] {
        assert_eq!(sw(&mut card, verify("0000")), 0x63C0 | left);
    }
    card.save(&path).unwrap();
    assert!(!dir.0.join("card.json.tmp").exists());

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("PRIVATE KEY"));
    assert_no_secret_in_clear(&text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    let mut loaded = VirtualCard::load(&path).unwrap();
    assert_eq!(loaded.kind(), &CardKind::MyNumberCard);
    assert_eq!(loaded.tries_left(PinKind::SigningPassword), 3);
    assert_eq!(loaded.tries_left(PinKind::AuthenticationPin), 3);
    assert_eq!(loaded.tries_left(PinKind::AttributesPin), 0);
    // Nothing selected after loading.
    assert_eq!(sw(&mut loaded, read(0, 1)), 0x6986);
    // Blocked stays blocked, with the saved status word.
    ok(&mut loaded, select_ap(&TEXT_AID));
    ok(&mut loaded, select_ef(fid::TEXT_PIN));
    assert_eq!(sw(&mut loaded, verify(TEXT_PIN)), 0x6983);
    // The counter continues from where it was.
    ok(&mut loaded, select_ap(&JPKI_AID));
    ok(&mut loaded, select_ef(fid::SIGNING_PIN));
    assert_eq!(sw(&mut loaded, status_query()), 0x63C3);
    ok(&mut loaded, verify(SIGNING_PASSWORD));
    // Same certificates, same key.
    ok(&mut loaded, select_ef(fid::SIGNING_CERT));
    assert_eq!(read_all(&mut loaded, 256), jlis_der("sign_ca_2015"));
    ok(&mut loaded, select_ef(fid::SIGNING_KEY));
    let info = sha256_digest_info(b"after reload");
    let (signature, status) = send(&mut loaded, sign(&info));
    assert_eq!(status, 0x9000);
    RsaPublicKey::from_public_key_der(&p.signing_public_key)
        .unwrap()
        .verify(Pkcs1v15Sign::new_unprefixed(), &info, &signature)
        .unwrap();
    ok(&mut loaded, select_ef(fid::CERT_FLAGS));
    assert_eq!(
        send(&mut loaded, read(0, 3)),
        (vec![0x8F, 0x8F, 0x00], 0x9000)
    );

    // Saving again (over the existing file) keeps working, and a secret set anew
    // gets a fresh salt.
    let salt = |text: &str| {
        let json: serde_json::Value = serde_json::from_str(text).unwrap();
        json["secrets"]["attributes_pin"]["salt"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    loaded.set_secret(&secret(PinKind::AttributesPin, TEXT_PIN));
    loaded.save(&path).unwrap();
    let again = VirtualCard::load(&path).unwrap();
    assert_eq!(again.tries_left(PinKind::AttributesPin), 3);
    let text_again = std::fs::read_to_string(&path).unwrap();
    assert_no_secret_in_clear(&text_again);
    assert_ne!(salt(&text_again), salt(&text));
    assert_eq!(salt(&text_again).len(), 32, "16 bytes of salt in hex");
}

/// No string of the saved card is a secret, holds the signing password or is an
/// unsalted hash of a secret; no array holds a secret's bytes.
fn assert_no_secret_in_clear(text: &str) {
    fn walk(value: &serde_json::Value, strings: &mut Vec<String>, arrays: &mut usize) {
        match value {
            serde_json::Value::String(s) => strings.push(s.clone()),
            serde_json::Value::Array(items) => {
                *arrays += 1;
                items.iter().for_each(|v| walk(v, strings, arrays));
            }
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, strings, arrays)),
            _ => {}
        }
    }
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    let (mut strings, mut arrays) = (Vec::new(), 0);
    walk(&json, &mut strings, &mut arrays);
    assert_eq!(arrays, 0, "no byte arrays in the file");
    assert!(!strings.is_empty());
    for s in &strings {
        for secret in [AUTH_PIN, TEXT_PIN, SIGNING_PASSWORD] {
            assert_ne!(s, secret);
            assert_ne!(s, &hex(secret.as_bytes()));
            assert_ne!(s, &hex(&Sha256::digest(secret.as_bytes())));
        }
        assert!(!s.contains(SIGNING_PASSWORD));
    }
    assert!(!text.contains(SIGNING_PASSWORD));
    assert!(!text.contains(&format!("\"{AUTH_PIN}\"")));
}

#[test]
fn blank_and_under_15_cards_round_trip() {
    let dir = TempDir::new("blank");
    for (name, card) in [
        ("blank.json", VirtualCard::new(CardKind::IPhone)),
        ("under15.json", under_15()),
    ] {
        let path = dir.0.join(name);
        card.save(&path).unwrap();
        let mut loaded = VirtualCard::load(&path).unwrap();
        assert_eq!(loaded.kind(), card.kind());
        ok(&mut loaded, select_ap(&JPKI_AID));
        assert_eq!(sw(&mut loaded, select_ef(fid::SIGNING_CERT)), 0x6A82);
        assert_eq!(sw(&mut loaded, select_ef(fid::SIGNING_PIN)), 0x6A82);
        ok(&mut loaded, select_ef(fid::AUTH_PIN));
    }
    let mut loaded = VirtualCard::load(&dir.0.join("under15.json")).unwrap();
    ok(&mut loaded, select_ap(&JPKI_AID));
    ok(&mut loaded, select_ef(fid::AUTH_PIN));
    ok(&mut loaded, verify(AUTH_PIN));
}

#[test]
fn load_refuses_unknown_formats_and_broken_files() {
    let dir = TempDir::new("broken");
    let path = dir.0.join("card.json");
    assert!(
        matches!(
            VirtualCard::load(&path),
            Err(Error::Simulator(SimulatorError::State { .. }))
        ),
        "missing file"
    );
    let nowhere = dir.0.join("no-such-dir").join("card.json");
    assert!(matches!(
        VirtualCard::new(CardKind::MyNumberCard).save(&nowhere),
        Err(Error::Simulator(SimulatorError::State { .. }))
    ));

    VirtualCard::new(CardKind::MyNumberCard)
        .save(&path)
        .unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    assert!(good.contains("\"format\": 1"), "{good}");
    let broken = [
        good.replace("\"format\": 1", "\"format\": 2"),
        r#"{"format": 99, "something": "else"}"#.to_owned(),
        "not json".to_owned(),
        good.replace("\"tries_left\": 5", "\"tries_left\": 6"),
        good.replace("\"my_number\": null", "\"my_number\": \"1234567890123\""),
        good.replace(
            "\"signing\": null",
            "\"signing\": \"-----BEGIN PRIVATE KEY-----\"",
        ),
    ];
    for (i, text) in broken.iter().enumerate() {
        assert_ne!(text, &good, "case {i} did not change the file");
        std::fs::write(&path, text).unwrap();
        match VirtualCard::load(&path) {
            Err(Error::Simulator(SimulatorError::State { reason, .. })) => {
                if i < 2 {
                    assert!(reason.contains("format"), "{reason}");
                }
            }
            other => panic!("case {i}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Robustness

/// xorshift64*: deterministic pseudo-random bytes without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }
}

#[test]
fn garbage_never_panics() {
    let (mut card, _) = personalized();
    let mut rng = Rng(0x4A50_4B49_2026_0001);
    // Valid sequences that put the card into each deeper state before garbage.
    let scenarios: [Vec<Command>; 7] = [
        vec![select_ap(&JPKI_AID)],
        vec![select_ap(&JPKI_AID), select_ef(fid::SIGNING_CERT)],
        vec![
            select_ap(&JPKI_AID),
            select_ef(fid::AUTH_PIN),
            verify(AUTH_PIN),
            select_ef(fid::AUTH_KEY),
        ],
        vec![select_ap(&JPKI_AID), select_ef(fid::AUTH_CA_CERT)],
        vec![select_ap(&JPKI_AID), select_ef(fid::AUTH_PIN)],
        vec![
            select_ap(&TEXT_AID),
            select_ef(fid::TEXT_PIN),
            verify(TEXT_PIN),
            select_ef(fid::TEXT_ATTRIBUTES),
        ],
        vec![
            select_ap(&JPKI_AID),
            select_ef(fid::AUTH_PIN),
            verify(AUTH_PIN),
            select_ef(fid::AUTH_KEY),
            Command::new(0x80, 0x2A, 0x00, 0x80).with_data(vec![0x30; 51]),
        ],
    ];
    let templates: Vec<Vec<u8>> = [
        read(0, 4),
        read(0, 256),
        read(0x0500, 256),
        read(0x7000, 1),
        status_query(),
        verify("0000"),
        verify(AUTH_PIN),
        change("1234"),
        sign(&sha256_digest_info(b"fuzz")),
        Command::new(0x80, 0x2A, 0x00, 0x80).with_data(sha256_digest_info(b"fuzz")),
        get_response(256),
        get_response(16),
        select_ef(fid::AUTH_KEY),
        select_ef(fid::SIGNING_CERT),
        select_ap(&JPKI_AID),
    ]
    .iter()
    .map(|c| c.to_bytes().unwrap())
    .collect();
    let mut statuses = std::collections::BTreeSet::new();
    for i in 0..2_000 {
        if i % 250 == 0 {
            // The window unblocks what the garbage blocked, so signing stays reachable.
            card.set_secret(&secret(PinKind::AuthenticationPin, AUTH_PIN));
            card.set_secret(&secret(PinKind::AttributesPin, TEXT_PIN));
        }
        if rng.below(6) == 0 {
            for command in &scenarios[rng.below(scenarios.len())] {
                let answer = card.process(&command.to_bytes().unwrap());
                statuses.insert(u16::from_be_bytes([
                    answer[answer.len() - 2],
                    answer[answer.len() - 1],
                ]));
            }
        }
        let bytes = match rng.below(8) {
            // A fully random short APDU header.
            0 => (0..4 + rng.below(3)).map(|_| rng.byte()).collect(),
            // Pure garbage of any length.
            1 | 2 => {
                let len = if rng.below(2) == 0 {
                    rng.below(8)
                } else {
                    rng.below(300)
                };
                (0..len).map(|_| rng.byte()).collect()
            }
            // A valid command, mutated a little (or not at all).
            _ => {
                let mut bytes = templates[rng.below(templates.len())].clone();
                for _ in 0..rng.below(3) {
                    match rng.below(3) {
                        0 if !bytes.is_empty() => {
                            let at = rng.below(bytes.len());
                            bytes[at] = rng.byte();
                        }
                        1 => bytes.truncate(rng.below(bytes.len() + 1)),
                        _ => bytes.extend((0..rng.below(4)).map(|_| rng.byte())),
                    }
                }
                bytes
            }
        };
        let answer = card.process(&bytes);
        assert!(answer.len() >= 2, "{bytes:02X?}");
        assert!(answer.len() <= 258, "{bytes:02X?}");
        let sw = u16::from_be_bytes([answer[answer.len() - 2], answer[answer.len() - 1]]);
        let [sw1, _] = sw.to_be_bytes();
        assert!(
            sw1 == 0x90 || (0x61..=0x6F).contains(&sw1),
            "{bytes:02X?} → {answer:02X?}"
        );
        statuses.insert(sw);
    }
    // The garbage reached the depths of every command, not only the parser.
    for expected in [
        0x9000, 0x6100, 0x6282, 0x63C2, 0x6700, 0x6981, 0x6982, 0x6986, 0x6A82, 0x6A86, 0x6B00,
        0x6D00, 0x6E00,
    ] {
        assert!(
            statuses.contains(&expected),
            "{expected:04X} never answered: {statuses:04X?}"
        );
    }
}
