//! End to end over PC/SC: `jpki sim card-serve` puts a virtual My Number card into
//! vpcd's reader, and `jpki::card::pcsc` reaches it through pcscd like a real one.
//!
//! Needs pcscd with vsmartcard-vpcd: run `scripts/pcscd.sh start` first
//! (`scripts/test.sh` does). Without pcscd these tests fail, they never skip.
//!
//! vpcd takes one card per reader, so every test holds its lock while its server
//! runs: build on [`CardServer::start`] (which takes it; `support/pcsc.rs`, shared
//! with `login.rs`) and the helpers below.

#![cfg(feature = "pcsc")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/pcsc.rs"]
mod vpcd;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use jpki::Error;
use jpki::card::pcsc::PcscTransport;
use jpki::card::{
    CardKind, JPKI_AID, MY_NUMBER_CARD_ATR, PinKind, Secret, Transport, TransportErrorKind,
};
use jpki::sim::VirtualCard;
use vpcd::{CardServer, VPCD_READER, require_pcscd};

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("jpki-pcsc-e2e-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the test directory");
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes a card file: a blank My Number card with authentication PIN `1234`.
fn personalized_card(path: &Path) {
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    card.set_secret(&Secret::new(PinKind::AuthenticationPin, "1234").expect("valid PIN"));
    card.save(path).expect("save the card file");
}

/// Sends `command` and returns (data, SW).
fn send(transport: &mut impl Transport, command: &[u8]) -> (Vec<u8>, u16) {
    let answer = transport
        .transmit(command)
        .unwrap_or_else(|e| panic!("transmit {command:02X?}: {e}"));
    assert!(
        answer.len() >= 2,
        "answer without a status word: {answer:02X?}"
    );
    let (data, sw) = answer.split_at(answer.len() - 2);
    (data.to_vec(), u16::from_be_bytes([sw[0], sw[1]]))
}

fn select_jpki() -> Vec<u8> {
    let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
    apdu.extend_from_slice(&JPKI_AID);
    apdu
}

fn select_ef(fid: u16) -> Vec<u8> {
    let [hi, lo] = fid.to_be_bytes();
    vec![0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo]
}

#[test]
fn virtual_card_over_pcsc() {
    let dir = TempDir::new("basic");
    let card_file = dir.path().join("card.json");
    personalized_card(&card_file);

    let (server, reader) = CardServer::start(&card_file);
    assert_eq!(reader.atr.as_deref(), Some(&MY_NUMBER_CARD_ATR[..]));

    // Detection by SELECT of the JPKI application, not by reader name or ATR.
    let mut card = PcscTransport::connect(None).expect("connect to the JPKI card");
    assert_eq!(card.reader_name(), VPCD_READER);
    assert_eq!(card.atr(), MY_NUMBER_CARD_ATR);

    assert_eq!(send(&mut card, &select_jpki()).1, 0x9000);
    assert_eq!(send(&mut card, &select_ef(0x0006)).1, 0x9000);
    let (label, sw) = send(&mut card, &[0x00, 0xB0, 0x00, 0x00, 0x20]);
    assert_eq!(sw, 0x9000);
    assert_eq!(label.len(), 32);
    assert_eq!(
        CardKind::from_label(&String::from_utf8_lossy(&label)),
        CardKind::MyNumberCard
    );

    // Retry counter of the authentication PIN without spending a try, then a
    // wrong PIN.
    assert_eq!(send(&mut card, &select_ef(0x0018)).1, 0x9000);
    assert_eq!(send(&mut card, &[0x00, 0x20, 0x00, 0x80]).1, 0x63C3);
    let wrong = [0x00, 0x20, 0x00, 0x80, 0x04, b'9', b'9', b'9', b'9'];
    assert_eq!(send(&mut card, &wrong).1, 0x63C2);

    // One operation inside a PC/SC transaction.
    let mut status = 0;
    card.exclusive(&mut |t| {
        let answer = t
            .transmit(&[0x00, 0x20, 0x00, 0x80])
            .map_err(Error::Transport)?;
        status = answer
            .get(answer.len().saturating_sub(2)..)
            .map_or(0, |sw| u16::from_be_bytes([sw[0], sw[1]]));
        Ok(())
    })
    .expect("transaction");
    assert_eq!(status, 0x63C2);

    // By reader name: exact, unique part, ambiguous.
    drop(card);
    let by_name = PcscTransport::connect(Some(VPCD_READER)).expect("connect by name");
    assert_eq!(by_name.reader_name(), VPCD_READER);
    drop(by_name);
    let readers = require_pcscd();
    if readers
        .iter()
        .filter(|r| r.name.contains("Virtual PCD"))
        .count()
        > 1
    {
        match PcscTransport::connect(Some("Virtual PCD")) {
            Err(Error::Transport(e)) => assert!(e.message.contains("several"), "{e}"),
            other => panic!("an ambiguous reader name was accepted: {other:?}"),
        }
    }

    let log = server.stop();
    // The wrong PIN was counted in the card file, and never logged.
    let saved = VirtualCard::load(&card_file).expect("reload the card file");
    assert_eq!(saved.tries_left(PinKind::AuthenticationPin), 2);
    assert!(log.contains("[redacted]"), "{log}");
    assert!(
        !log.contains("39393939") && !log.contains("9999"),
        "the PIN was logged:\n{log}"
    );

    // Without the server the card is gone.
    match PcscTransport::connect(None) {
        Err(Error::Transport(e)) => assert_eq!(e.kind, TransportErrorKind::NoReader, "{e}"),
        other => panic!("connected without a card: {other:?}"),
    }
}

/// Runs the built `jpki` with `envs` set.
fn jpki_cli(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jpki"));
    cmd.args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run jpki")
}

/// A card personalized at the simulated window by the CLI, as an integrator would.
fn window_card(dir: &Path) -> (PathBuf, PathBuf) {
    let state = dir.join("ca");
    let card = dir.join("card.json");
    let at = "2026-11-21T10:00:00+09:00";
    let o = jpki_cli(&["sim", "init", state.to_str().unwrap(), "--at", at], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = jpki_cli(
        &[
            "sim",
            "issue",
            state.to_str().unwrap(),
            "--name",
            "𠮷田 太郎",
            "--birth",
            "1950-04-01",
            "--sex",
            "male",
            "--address",
            "東京都千代田区霞が関2丁目1番2号",
            "--at",
            at,
            "--card",
            card.to_str().unwrap(),
            "--sign-pin-env",
            "E2E_SIGN",
            "--auth-pin-env",
            "E2E_AUTH",
        ],
        &[("E2E_SIGN", "TARO1950"), ("E2E_AUTH", "1234")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (state, card)
}

fn verify_rsa(cert: &jpki::Certificate, digest: &[u8], signature: &[u8]) {
    use rsa::pkcs8::DecodePublicKey;
    let key = rsa::PublicKey::from_public_key_der(cert.public_key_der()).expect("RSA key");
    key.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), digest, signature)
        .expect("the card's signature verifies against its certificate");
}

#[test]
fn card_operations_over_pcsc() {
    use jpki::Certificate;
    use jpki::card::{CertificateSlot, JpkiCard, KeySlot, Pin, PinState};
    use jpki::crypto::HashAlgorithm;
    use sha2::Digest;

    let dir = TempDir::new("operations");
    let (_state, card_file) = window_card(dir.path());
    let (server, _) = CardServer::start(&card_file);

    let mut card = JpkiCard::new(PcscTransport::connect(None).expect("connect"));
    let info = card.open().expect("open");
    assert_eq!(info.kind, CardKind::MyNumberCard);
    assert!(info.has_signing_certificate() && info.has_authentication_certificate());

    let auth = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::Authentication, None)
            .expect("auth cert"),
    )
    .expect("parse auth cert");
    let auth_ca = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::AuthenticationCa, None)
            .expect("auth CA"),
    )
    .expect("parse auth CA");
    assert_eq!(
        auth.issuer_match(&auth_ca),
        Some(jpki::cert::IssuerMatch::KeyId)
    );

    let password = Secret::new(PinKind::SigningPassword, "TARO1950").unwrap();
    let signing = Certificate::from_der(
        &card
            .read_certificate(CertificateSlot::Signing, Some(&Pin::new(password.clone())))
            .expect("signing cert"),
    )
    .expect("parse signing cert");
    assert_eq!(signing.personal_info().unwrap().name(), "吉田　太郎");

    assert_eq!(
        card.pin_status(PinKind::AuthenticationPin).unwrap().state,
        PinState::Remaining(3)
    );
    let wrong = Secret::new(PinKind::AuthenticationPin, "9999").unwrap();
    assert!(matches!(
        card.verify(&Pin::new(wrong.clone())),
        Err(Error::WrongPin {
            pin: PinKind::AuthenticationPin,
            remaining: 2
        })
    ));

    let digest = sha2::Sha256::digest(b"an e-application");
    let pin = Secret::new(PinKind::AuthenticationPin, "1234").unwrap();
    let sig = card
        .sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            &digest,
            Some(&Pin::new(pin.clone())),
        )
        .expect("sign with the auth key");
    verify_rsa(&auth, &digest, &sig);
    let sig = card
        .sign(
            KeySlot::Signing,
            HashAlgorithm::Sha256,
            &digest,
            Some(&Pin::new(password.clone())),
        )
        .expect("sign with the signing key");
    verify_rsa(&signing, &digest, &sig);

    let attributes_pin = Secret::new(PinKind::AttributesPin, "1234").unwrap();
    let attrs = card
        .read_attributes(Some(&Pin::new(attributes_pin.clone())))
        .expect("attributes");
    assert_eq!(attrs.name, "𠮷田\u{3000}太郎");
    drop(card);

    // The same card through the CLI with --reader.
    let o = jpki_cli(&["card", "info", "--reader", VPCD_READER, "--json"], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "my-number-card");
    // The correct PIN above reset the counter after the wrong one.
    assert_eq!(v["pins"]["auth_pin"]["remaining"], 3);
    let out = dir.path().join("auth.pem");
    let o = jpki_cli(
        &[
            "card",
            "read-cert",
            "--reader",
            "auto",
            "--auth",
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = Certificate::parse(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(read.der(), auth.der());
    let o = jpki_cli(
        &[
            "card",
            "attributes",
            "--reader",
            "Virtual PCD",
            "--pin-env",
            "E2E_PIN",
            "--json",
        ],
        &[("E2E_PIN", "0000")],
    );
    // "Virtual PCD" matches two readers: ambiguous, a usage error.
    assert_eq!(o.status.code(), Some(2));
    let o = jpki_cli(
        &[
            "card",
            "attributes",
            "--reader",
            VPCD_READER,
            "--pin-env",
            "E2E_PIN",
        ],
        &[("E2E_PIN", "0000")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrong attributes PIN: 2 tries left"));

    let log = server.stop();
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02X}")).collect::<String>();
    for secret in ["TARO1950", "1234", "9999", "0000"] {
        // As text, and as the hex the log would use for APDU data.
        assert!(
            !log.contains(&hex(secret)),
            "{secret} (hex) in the card-serve log:\n{log}"
        );
        assert!(
            !log.replace(' ', "").contains(&hex(secret)),
            "{secret} in the log:\n{log}"
        );
    }
    assert!(!log.contains("TARO1950"));
    assert!(log.contains("[redacted]"), "{log}");
}
