//! APDU parsing, the text AP's attributes TLV, and the virtual card's command
//! handling: any bytes give a value or a typed error, never a panic.
#![no_main]

use std::sync::{Mutex, OnceLock};

use jpki::apdu::{Command, Response};
use jpki::card::{CardAttributes, CardKind};
use jpki::sim::VirtualCard;
use libfuzzer_sys::fuzz_target;

fn card() -> &'static Mutex<VirtualCard> {
    static CARD: OnceLock<Mutex<VirtualCard>> = OnceLock::new();
    CARD.get_or_init(|| Mutex::new(VirtualCard::new(CardKind::MyNumberCard)))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Command::parse(data) {
        // What parses re-encodes to the same bytes.
        assert_eq!(c.to_bytes().expect("parsed commands encode"), data);
    }
    if let Ok(r) = Response::parse(data) {
        assert_eq!(r.to_bytes(), data);
    }
    if let Ok(a) = CardAttributes::parse(data) {
        assert_eq!(CardAttributes::parse(&a.to_tlv()).expect("own TLV parses"), a);
    }
    let answer = card().lock().map(|mut c| c.process(data)).unwrap_or_default();
    assert!(answer.len() >= 2, "every answer has a status word");
});
