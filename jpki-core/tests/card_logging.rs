//! Card traffic is logged (target `jpki::card`, level debug) without the data of
//! VERIFY or CHANGE REFERENCE DATA: secrets never reach a log.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Mutex;

use jpki::card::{JpkiCard, Pin, PinKind, Secret, Transport, TransportError};

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", record.target(), record.args()));
    }

    fn flush(&self) {}
}

static LOGGER: Capture = Capture(Mutex::new(Vec::new()));

/// Answers 9000 to everything.
struct Agreeable;

impl Transport for Agreeable {
    fn transmit(&mut self, _: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(vec![0x90, 0x00])
    }
}

#[test]
fn secrets_never_reach_the_log() {
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let mut card = JpkiCard::new(Agreeable);
    let old = Secret::new(PinKind::AuthenticationPin, "1234").unwrap();
    let new = Secret::new(PinKind::AuthenticationPin, "5678").unwrap();
    let password = Secret::new(PinKind::SigningPassword, "SECRET99").unwrap();
    card.verify(&Pin::allowing_last_try(old.clone())).unwrap();
    card.change_pin(&Pin::allowing_last_try(old.clone()), &new)
        .unwrap();
    card.verify(&Pin::allowing_last_try(password.clone()))
        .unwrap();

    let logs = LOGGER.0.lock().unwrap().join("\n");
    assert!(
        logs.contains("jpki::card send VERIFY: 00 20 00 80 Lc=04 [redacted]"),
        "{logs}"
    );
    assert!(
        logs.contains("CHANGE REFERENCE DATA: 00 24 01 80 Lc=04 [redacted]"),
        "{logs}"
    );
    assert!(logs.contains("recv VERIFY: 0 bytes, SW 9000"), "{logs}");
    for secret in [
        "31323334",
        "35363738",
        "1234",
        "5678",
        "SECRET99",
        "5345435245543939",
    ] {
        assert!(!logs.contains(secret), "{secret} leaked into: {logs}");
    }
    assert!(format!("{old:?}").contains("redacted"));
}
