//! The sans-IO card operations fed arbitrary card answers: every operation ends in
//! a value or a typed error, never a panic or an endless exchange, and after an
//! error the driver trusts no selection.
#![no_main]

use jpki::card::{
    CertificateSlot, JpkiCard, KeySlot, Pin, PinKind, Secret, Transport, TransportError,
};
use jpki::crypto::HashAlgorithm;
use libfuzzer_sys::fuzz_target;

/// Answers each command with the next length-prefixed chunk of the input.
struct Replay<'a> {
    data: &'a [u8],
    sent: usize,
}

impl Transport for Replay<'_> {
    fn transmit(&mut self, _: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.sent += 1;
        assert!(self.sent < 10_000, "an operation never ends");
        let Some((&len, rest)) = self.data.split_first() else {
            return Ok(vec![0x6F, 0x00]);
        };
        let n = usize::from(len).min(rest.len());
        let (chunk, rest) = rest.split_at(n);
        self.data = rest;
        Ok(chunk.to_vec())
    }
}

fuzz_target!(|data: &[u8]| {
    let mut card = JpkiCard::new(Replay { data, sent: 0 });
    let secret = Secret::new(PinKind::AuthenticationPin, "1234").expect("valid");
    let pin = Pin::new(secret.clone());
    let password = Pin::new(Secret::new(PinKind::SigningPassword, "ABC123").expect("valid"));
    let attributes = Pin::new(Secret::new(PinKind::AttributesPin, "1234").expect("valid"));
    let results = [
        card.open().map(drop),
        card.read_certificate(CertificateSlot::Authentication, None).map(drop),
        card.read_certificate(CertificateSlot::Signing, Some(&password)).map(drop),
        card.pin_status(PinKind::AuthenticationPin).map(drop),
        card.sign(KeySlot::Authentication, HashAlgorithm::Sha256, &[0; 32], Some(&pin)).map(drop),
        card.change_pin(&Pin::allowing_last_try(secret.clone()), &secret),
        card.authenticate(&[7; 32], Some(&pin)).map(drop),
        card.read_attributes(Some(&attributes)).map(drop),
    ];
    if results.last().is_some_and(|r| r.is_err()) {
        assert!(card.session().is_blank(), "state kept after an error");
    }
});
