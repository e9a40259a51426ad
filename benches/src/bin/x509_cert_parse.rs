//! `x509_cert_parse CRL.der`: the `x509-cert` crate's `CertificateList::from_der`
//! of one CRL file: a full decode into owned structures, with no signature check.
//!
//! The file is read into memory first; `work_ms` times the decode alone.
//! Prints `work_ms=… entries=… bytes=…`.

use std::error::Error;
use std::time::Instant;

use der::Decode;
use jpki_benches::ms;
use x509_cert::crl::CertificateList;

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: x509_cert_parse CRL.der")?;
    let der = std::fs::read(path)?;
    let start = Instant::now();
    let crl: CertificateList = CertificateList::from_der(&der)?;
    let elapsed = start.elapsed();
    let entries = crl
        .tbs_cert_list
        .revoked_certificates
        .as_ref()
        .map_or(0, Vec::len);
    println!(
        "work_ms={:.3} entries={entries} bytes={}",
        ms(elapsed),
        der.len()
    );
    Ok(())
}
