//! PEM armour: any input gives blocks or an error, and encoding round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(blocks) = jpki::pem::decode_all(data) {
        for b in blocks {
            let text = jpki::pem::encode(&b.label, &b.der);
            if !text.is_empty() {
                let back = jpki::pem::decode_all(text.as_bytes()).expect("own PEM decodes");
                assert_eq!(back.first().map(|x| &x.der), Some(&b.der));
            }
        }
    }
    let _ = jpki::Certificate::parse_all(data);
});
