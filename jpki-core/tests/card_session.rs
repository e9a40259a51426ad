//! The sans-IO card session driven by hand, as a C callback loop, a Python object
//! or an async JavaScript function drives it: no `JpkiCard`, no generics. The same
//! protocol through a `Box<dyn Transport + Send>`, a transport failure in the
//! middle of an operation, and the last-try refusal.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::{Arc, Mutex, OnceLock};

use jpki::Certificate;
use jpki::Date;
use jpki::Error;
use jpki::Sex;
use jpki::Time;
use jpki::card::{
    CardKind, CardOutcome, CardRequest, CardSession, CertificateSlot, JpkiCard, KeySlot, Pin,
    PinKind, PinState, Secret, Transport, TransportError,
};
use jpki::crypto::HashAlgorithm;
use jpki::sim::{Authority, AuthorityOptions, RegisterRecord, VirtualCard, personalize};
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, PublicKey};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "TARO1950";
const PIN: &str = "1234";
/// `00 20 00 80` with no data: the retry counter, read without spending a try.
const PIN_QUERY: &str = "00200080";

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

/// One personalized adult card and its signing certificate (keygen is slow).
fn personalized() -> &'static (VirtualCard, Certificate) {
    static CARD: OnceLock<(VirtualCard, Certificate)> = OnceLock::new();
    CARD.get_or_init(|| {
        let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
        let mut card = VirtualCard::new(CardKind::MyNumberCard);
        let record = RegisterRecord {
            name: "𠮷田 太郎".into(),
            birth_date: Date::parse_iso("1950-04-01").unwrap(),
            sex: Sex::Male,
            address: "東京都千代田区霞が関2丁目1番2号".into(),
            prefecture: None,
            municipality: None,
        };
        let done = personalize(
            &mut authority,
            &mut card,
            &record,
            Some(&secret(PinKind::SigningPassword, PASSWORD)),
            &secret(PinKind::AuthenticationPin, PIN),
            at(),
        )
        .unwrap();
        (card, done.signing.unwrap())
    })
}

fn secret(kind: PinKind, text: &str) -> Secret {
    Secret::new(kind, text).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// The host loop of a binding: start, send each command, feed each answer, finish.
/// Every command sent is logged (hex) in `sent`.
fn drive(
    session: &mut CardSession,
    card: &mut VirtualCard,
    request: CardRequest,
    sent: &mut Vec<String>,
) -> Result<CardOutcome, Error> {
    session.start(request)?;
    while let Some(command) = session.next_command() {
        sent.push(hex(command));
        let response = card.process(command);
        session.feed(&response)?;
    }
    session.finish()
}

/// The VERIFY commands that carry a secret (not the counter query).
fn verifies(sent: &[String]) -> usize {
    sent.iter()
        .filter(|c| c.starts_with(PIN_QUERY) && c.len() > PIN_QUERY.len())
        .count()
}

fn verify_signature(cert: &Certificate, digest: &[u8], signature: &[u8]) {
    let key = PublicKey::from_public_key_der(cert.public_key_der()).unwrap();
    key.verify(Pkcs1v15Sign::new::<Sha256>(), digest, signature)
        .expect("the card's signature verifies against its certificate");
}

/// The three operations of a card sign: the commands each sent and the outputs.
struct SignRun {
    open: Vec<String>,
    read: Vec<String>,
    sign: Vec<String>,
    certificate: Vec<u8>,
    signature: Vec<u8>,
}

fn digest() -> [u8; 32] {
    Sha256::digest("口座開設申込書".as_bytes()).into()
}

#[test]
fn a_hand_written_loop_opens_reads_the_certificate_and_signs() {
    let (card, signing) = personalized();
    let mut card = card.clone();
    let mut session = CardSession::new();
    let password = Pin::new(secret(PinKind::SigningPassword, PASSWORD));

    let mut open = Vec::new();
    let info = match drive(&mut session, &mut card, CardRequest::open(), &mut open).unwrap() {
        CardOutcome::Opened(info) => info,
        other => panic!("{other:?}"),
    };
    assert_eq!(info.kind, CardKind::MyNumberCard);
    assert!(info.has_signing_certificate());
    assert_eq!(
        open,
        [
            "00A4040C0AD392F000260100000001",
            "00A4020C020006",
            "00B0000020",
            "00A4020C020008",
            "00B0000003",
        ]
    );

    let mut read = Vec::new();
    let request = CardRequest::read_certificate(CertificateSlot::Signing, Some(password));
    let certificate = match drive(&mut session, &mut card, request, &mut read).unwrap() {
        CardOutcome::Certificate(der) => der,
        other => panic!("{other:?}"),
    };
    assert_eq!(certificate, signing.der());
    // The JPKI AP is still selected: PIN EF, counter, VERIFY once, certificate EF.
    assert_eq!(read[0], "00A4020C02001B");
    assert_eq!(read[1], PIN_QUERY);
    assert_eq!(
        read[2],
        format!("{PIN_QUERY}08{}", hex(PASSWORD.as_bytes()))
    );
    assert_eq!(read[3], "00A4020C020001");
    assert!(read[4..].iter().all(|c| c.starts_with("00B0")), "{read:?}");
    assert_eq!(verifies(&read), 1);
    assert!(session.is_verified(PinKind::SigningPassword));

    let mut sign = Vec::new();
    let digest = digest();
    let request = CardRequest::sign(KeySlot::Signing, HashAlgorithm::Sha256, digest, None);
    let signature = match drive(&mut session, &mut card, request, &mut sign).unwrap() {
        CardOutcome::Signature(signature) => signature,
        other => panic!("{other:?}"),
    };
    // Verified already in this session: key EF and the signature, nothing else.
    let digest_info = jpki::card::digest_info(HashAlgorithm::Sha256, &digest).unwrap();
    assert_eq!(
        sign,
        [
            "00A4020C02001A".to_owned(),
            format!("802A008033{}00", hex(&digest_info)),
        ]
    );
    verify_signature(
        &Certificate::from_der(&certificate).unwrap(),
        &digest,
        &signature,
    );
    verify_signature(signing, &digest, &signature);
    assert_eq!(session.next_command(), None);
    assert!(matches!(
        session.finish(),
        Err(Error::CardSessionMisuse { .. })
    ));
}

/// Runs open, read signing certificate, sign through the session by hand.
fn by_hand(card: &mut VirtualCard) -> SignRun {
    let mut session = CardSession::new();
    let password = Pin::new(secret(PinKind::SigningPassword, PASSWORD));
    let (mut open, mut read, mut sign) = (Vec::new(), Vec::new(), Vec::new());
    drive(&mut session, card, CardRequest::open(), &mut open).unwrap();
    let request = CardRequest::read_certificate(CertificateSlot::Signing, Some(password));
    let Ok(CardOutcome::Certificate(certificate)) = drive(&mut session, card, request, &mut read)
    else {
        panic!("no certificate");
    };
    let request = CardRequest::sign(KeySlot::Signing, HashAlgorithm::Sha256, digest(), None);
    let Ok(CardOutcome::Signature(signature)) = drive(&mut session, card, request, &mut sign)
    else {
        panic!("no signature");
    };
    SignRun {
        open,
        read,
        sign,
        certificate,
        signature,
    }
}

/// What a boxed transport saw: commands, and the bracket around each operation.
#[derive(Debug, Default)]
struct Seen {
    events: Vec<String>,
}

/// A transport that logs into shared state, so it can be boxed as a trait object.
struct Logged {
    card: VirtualCard,
    seen: Arc<Mutex<Seen>>,
}

impl Transport for Logged {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.seen.lock().unwrap().events.push(hex(command));
        Ok(self.card.process(command))
    }

    fn begin(&mut self) -> Result<(), TransportError> {
        self.seen.lock().unwrap().events.push("begin".into());
        Ok(())
    }

    fn end(&mut self) -> Result<(), TransportError> {
        self.seen.lock().unwrap().events.push("end".into());
        Ok(())
    }
}

/// The commands between each `begin` and `end`, checking they pair up.
fn bracketed(events: &[String]) -> Vec<Vec<String>> {
    let mut operations = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for event in events {
        match (event.as_str(), current.take()) {
            ("begin", None) => current = Some(Vec::new()),
            ("end", Some(commands)) => operations.push(commands),
            (command, Some(mut commands)) if command != "begin" && command != "end" => {
                commands.push(command.to_owned());
                current = Some(commands);
            }
            (event, state) => panic!("{event} out of order (inside: {})", state.is_some()),
        }
    }
    assert!(current.is_none(), "an operation was never ended");
    operations
}

#[test]
fn jpki_card_over_a_boxed_dyn_transport_sends_what_the_hand_loop_sends() {
    let (card, signing) = personalized();
    let expected = by_hand(&mut card.clone());

    let seen = Arc::new(Mutex::new(Seen::default()));
    let transport: Box<dyn Transport + Send> = Box::new(Logged {
        card: card.clone(),
        seen: Arc::clone(&seen),
    });
    let mut driver = JpkiCard::new(transport);
    let password = Pin::new(secret(PinKind::SigningPassword, PASSWORD));
    assert_eq!(driver.open().unwrap().kind, CardKind::MyNumberCard);
    let certificate = driver
        .read_certificate(CertificateSlot::Signing, Some(&password))
        .unwrap();
    let signature = driver
        .sign(KeySlot::Signing, HashAlgorithm::Sha256, &digest(), None)
        .unwrap();

    assert_eq!(certificate, signing.der());
    assert_eq!(certificate, expected.certificate);
    // PKCS#1 v1.5 is deterministic: the same key and digest, the same signature.
    assert_eq!(signature, expected.signature);
    verify_signature(signing, &digest(), &signature);
    // One protocol: each operation is bracketed by begin/end and sends exactly the
    // commands of the hand-driven session.
    let operations = bracketed(&seen.lock().unwrap().events);
    assert_eq!(operations, [expected.open, expected.read, expected.sign]);
    assert_eq!(verifies(&operations.concat()), 1);
}

/// A boxed transport whose `begin` fails: nothing is sent, the session forgets.
struct Unreachable;

impl Transport for Unreachable {
    fn transmit(&mut self, _: &[u8]) -> Result<Vec<u8>, TransportError> {
        panic!("sent a command without exclusive access");
    }

    fn begin(&mut self) -> Result<(), TransportError> {
        Err(TransportError::new(
            jpki::card::TransportErrorKind::Busy,
            "held by another application",
        ))
    }
}

#[test]
fn a_failing_begin_sends_nothing() {
    let transport: Box<dyn Transport + Send> = Box::new(Unreachable);
    let mut driver = JpkiCard::new(transport);
    match driver.open() {
        Err(Error::Transport(e)) => assert_eq!(e.kind, jpki::card::TransportErrorKind::Busy),
        other => panic!("{other:?}"),
    }
    assert!(driver.session().is_blank());
}

#[test]
fn a_transport_failure_mid_operation_forgets_verification() {
    let (card, signing) = personalized();
    let mut card = card.clone();
    let mut session = CardSession::new();
    let password = Pin::new(secret(PinKind::SigningPassword, PASSWORD));
    let mut sent = Vec::new();
    drive(
        &mut session,
        &mut card,
        CardRequest::verify(password.clone()),
        &mut sent,
    )
    .unwrap();
    assert!(session.is_verified(PinKind::SigningPassword));

    // Reading the signing certificate needs no VERIFY now; the link fails after the
    // first answer (the card was pulled from the reader and put back: reset).
    session
        .start(CardRequest::read_certificate(
            CertificateSlot::Signing,
            None,
        ))
        .unwrap();
    let first = session.next_command().unwrap().to_vec();
    assert_eq!(hex(&first), "00A4020C020001");
    let answer = card.process(&first);
    session.feed(&answer).unwrap();
    assert!(hex(session.next_command().unwrap()).starts_with("00B0"));
    card.reset();
    session.transport_failed();
    assert!(session.is_blank());
    assert_eq!(session.next_command(), None);

    // Nothing verified any more: without the password the session refuses before
    // sending anything (it does not trust the lost verification)…
    assert!(matches!(
        session.start(CardRequest::read_certificate(
            CertificateSlot::Signing,
            None
        )),
        Err(Error::SecurityStatusNotSatisfied {
            pin: PinKind::SigningPassword
        })
    ));
    assert_eq!(session.next_command(), None);
    // …and with it, selects the application again and verifies again.
    let mut again = Vec::new();
    let request = CardRequest::read_certificate(CertificateSlot::Signing, Some(password));
    match drive(&mut session, &mut card, request, &mut again).unwrap() {
        CardOutcome::Certificate(der) => assert_eq!(der, signing.der()),
        other => panic!("{other:?}"),
    }
    assert_eq!(again[0], "00A4040C0AD392F000260100000001");
    assert_eq!(again[1], "00A4020C02001B");
    assert_eq!(again[2], PIN_QUERY);
    assert_eq!(verifies(&again), 1);
}

#[test]
fn a_card_error_mid_operation_forgets_too() {
    let (card, _) = personalized();
    let mut card = card.clone();
    let mut session = CardSession::new();
    let pin = Pin::new(secret(PinKind::AuthenticationPin, PIN));
    let mut sent = Vec::new();
    drive(&mut session, &mut card, CardRequest::verify(pin), &mut sent).unwrap();
    assert!(session.is_verified(PinKind::AuthenticationPin));
    // A truncated answer (no status word) to the next command ends the operation.
    session
        .start(CardRequest::read_certificate(
            CertificateSlot::Authentication,
            None,
        ))
        .unwrap();
    assert!(session.feed(&[0x90]).is_err());
    assert!(session.is_blank());
    assert_eq!(session.next_command(), None);
    assert!(matches!(
        session.feed(&[0x90, 0x00]),
        Err(Error::MalformedResponse { .. })
    ));
}

#[test]
fn the_last_try_is_refused_through_the_session() {
    let (card, _) = personalized();
    let mut card = card.clone();
    let mut session = CardSession::new();
    let wrong = secret(PinKind::AuthenticationPin, "0000");
    let right = secret(PinKind::AuthenticationPin, PIN);
    let mut sent = Vec::new();
    for remaining in [2, 1] {
        assert!(matches!(
            drive(
                &mut session,
                &mut card,
                CardRequest::verify(Pin::new(wrong.clone())),
                &mut sent,
            ),
            Err(Error::WrongPin { remaining: r, .. }) if r == remaining
        ));
        assert!(session.is_blank());
    }
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 1);

    // One try left: the counter is read, and the right PIN is not sent.
    sent.clear();
    assert!(matches!(
        drive(
            &mut session,
            &mut card,
            CardRequest::verify(Pin::new(right.clone())),
            &mut sent,
        ),
        Err(Error::LastTryRefused {
            pin: PinKind::AuthenticationPin
        })
    ));
    assert_eq!(sent.last().map(String::as_str), Some(PIN_QUERY));
    assert_eq!(verifies(&sent), 0);
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 1);
    // The same refusal when the PIN comes with a sign request.
    sent.clear();
    let request = CardRequest::sign(
        KeySlot::Authentication,
        HashAlgorithm::Sha256,
        digest(),
        Some(Pin::new(right.clone())),
    );
    assert!(matches!(
        drive(&mut session, &mut card, request, &mut sent),
        Err(Error::LastTryRefused { .. })
    ));
    assert_eq!(verifies(&sent), 0);
    assert!(session.is_blank());

    // The status is readable without spending it…
    match drive(
        &mut session,
        &mut card,
        CardRequest::pin_status(PinKind::AuthenticationPin),
        &mut sent,
    )
    .unwrap()
    {
        CardOutcome::PinStatus(status) => assert_eq!(status.state, PinState::Remaining(1)),
        other => panic!("{other:?}"),
    }
    // …and spending it takes an explicit allowance (no counter query then).
    sent.clear();
    let outcome = drive(
        &mut session,
        &mut card,
        CardRequest::verify(Pin::allowing_last_try(right)),
        &mut sent,
    )
    .unwrap();
    assert_eq!(outcome, CardOutcome::Verified);
    assert!(!sent.iter().any(|c| c == PIN_QUERY), "{sent:?}");
    assert_eq!(verifies(&sent), 1);
    assert_eq!(card.tries_left(PinKind::AuthenticationPin), 3);
}

#[test]
fn the_session_and_a_boxed_driver_cross_threads() {
    fn shared<T: Send + Sync>() {}
    fn sent<T: Send>() {}
    shared::<CardSession>();
    shared::<CardRequest>();
    shared::<CardOutcome>();
    sent::<JpkiCard<Box<dyn Transport + Send>>>();
}

#[test]
fn requests_are_validated_before_anything_is_sent_and_secrets_stay_out_of_debug() {
    let mut session = CardSession::new();
    let password = Pin::new(secret(PinKind::SigningPassword, "SECRET99"));
    // A 20-byte digest for SHA-256, and a PIN of the wrong kind for the key.
    assert!(matches!(
        session.start(CardRequest::sign(
            KeySlot::Signing,
            HashAlgorithm::Sha256,
            [0u8; 20],
            Some(password.clone()),
        )),
        Err(Error::InvalidDigest { .. })
    ));
    assert_eq!(session.next_command(), None);
    assert!(matches!(
        session.start(CardRequest::sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha256,
            [0u8; 32],
            Some(password.clone()),
        )),
        Err(Error::InvalidSecret { .. })
    ));
    assert!(matches!(
        session.start(CardRequest::change_pin(
            password.clone(),
            secret(PinKind::AuthenticationPin, "1234"),
        )),
        Err(Error::InvalidSecret { .. })
    ));
    assert_eq!(session.next_command(), None);

    // In flight, the VERIFY carrying the password is not in any Debug output.
    session
        .start(CardRequest::verify(Pin::allowing_last_try(
            password.secret().clone(),
        )))
        .unwrap();
    while let Some(command) = session.next_command() {
        if command.len() > 5 && command[1] == 0x20 {
            break;
        }
        session.feed(&[0x90, 0x00]).unwrap();
    }
    let shown = format!(
        "{session:?} {password:?} {:?}",
        CardRequest::verify(password.clone())
    );
    assert!(!shown.contains("SECRET99"), "{shown}");
    assert!(!shown.contains(&hex(b"SECRET99")), "{shown}");
    assert!(!shown.contains("83, 69, 67, 82, 69, 84"), "{shown}");
}

/// A login is one operation: the authentication PIN first (phone tokens show the
/// certificate only after it), then the certificate, then the signature of the
/// challenge's DigestInfo; a second login in the session verifies nothing again.
#[test]
fn a_login_verifies_the_pin_once_then_reads_and_signs() {
    let (card, _) = personalized();
    let mut card = card.clone();
    let mut session = CardSession::new();
    let pin = Pin::new(secret(PinKind::AuthenticationPin, PIN));
    let digest = digest();
    let mut sent = Vec::new();
    let (certificate, signature) = match drive(
        &mut session,
        &mut card,
        CardRequest::authenticate(digest, Some(pin)),
        &mut sent,
    )
    .unwrap()
    {
        CardOutcome::Authenticated {
            certificate,
            signature,
        } => (certificate, signature),
        other => panic!("{other:?}"),
    };
    let digest_info = jpki::card::digest_info(HashAlgorithm::Sha256, &digest).unwrap();
    let n = sent.len();
    assert_eq!(
        sent[..4],
        [
            "00A4040C0AD392F000260100000001".to_owned(),
            "00A4020C020018".to_owned(),
            PIN_QUERY.to_owned(),
            format!("{PIN_QUERY}04{}", hex(PIN.as_bytes())),
        ]
    );
    assert_eq!(sent[4], "00A4020C02000A");
    assert!(
        sent[5..n - 2].iter().all(|c| c.starts_with("00B0")),
        "{sent:?}"
    );
    assert_eq!(
        sent[n - 2..],
        [
            "00A4020C020017".to_owned(),
            format!("802A008033{}00", hex(&digest_info)),
        ]
    );
    assert_eq!(verifies(&sent), 1);
    let cert = Certificate::from_der(&certificate).unwrap();
    assert_eq!(cert.kind(), jpki::cert::CertificateKind::Authentication);
    verify_signature(&cert, &digest, &signature);

    // Again in the same session: the PIN is verified and the application selected.
    let mut again = Vec::new();
    drive(
        &mut session,
        &mut card,
        CardRequest::authenticate(digest, None),
        &mut again,
    )
    .unwrap();
    assert_eq!(verifies(&again), 0);
    assert_eq!(again[0], "00A4020C02000A");

    // A digest of the wrong length is refused before anything is sent.
    let mut none = Vec::new();
    assert!(matches!(
        drive(
            &mut session,
            &mut card,
            CardRequest::authenticate([0u8; 20], None),
            &mut none
        ),
        Err(Error::InvalidDigest { .. })
    ));
    assert!(none.is_empty());
}
