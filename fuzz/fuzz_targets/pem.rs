//! PEM armour: any input gives blocks or an error, encoding round-trips, and a
//! block re-wrapped at another line width with CRLF line ends decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// `pem` (one block as `encode` writes it) with its base64 re-wrapped at
/// `width` columns and CRLF line ends.
fn rewrap(pem: &str, width: usize) -> String {
    let lines: Vec<&str> = pem.lines().collect();
    let (Some(begin), Some(end)) = (lines.first(), lines.last()) else {
        return String::new();
    };
    let body: String = lines[1..lines.len() - 1].concat();
    let mut out = format!("{begin}\r\n");
    for chunk in body.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out.push_str(end);
    out.push_str("\r\n");
    out
}

fuzz_target!(|data: &[u8]| {
    if let Ok(blocks) = jpki::pem::decode_all(data) {
        let width = 1 + data.len() % 97;
        for b in blocks {
            assert!(!b.der.is_empty(), "an empty body is refused");
            let text = jpki::pem::encode(&b.label, &b.der);
            if !text.is_empty() {
                let back = jpki::pem::decode_all(text.as_bytes()).expect("own PEM decodes");
                assert_eq!(back.first().map(|x| &x.der), Some(&b.der));
                let wrapped = rewrap(&text, width);
                let again =
                    jpki::pem::decode_all(wrapped.as_bytes()).expect("re-wrapped PEM decodes");
                assert_eq!(again.first().map(|x| &x.der), Some(&b.der));
            }
        }
    }
    let _ = jpki::Certificate::parse_all(data);
    let _ = jpki::revocation::crl::pem_to_der(data);
});
