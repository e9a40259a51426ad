//! `jpki_load CRL.der CA.pem`: jpki's `load_verified` (parse, check the issuer,
//! verify the signature, check and index every entry) of one CRL file.
//!
//! Both files are read into memory first; `work_ms` times `load_verified` alone
//! (run it under `/usr/bin/time -v` for the whole process and its peak RSS).
//! Prints `work_ms=… entries=… index_bytes=… bytes=…`.

use std::error::Error;
use std::time::Instant;

use jpki::Certificate;
use jpki::revocation::crl::{CrlLimits, load_verified};
use jpki_benches::ms;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: jpki_load CRL.der CA.pem";
    let der = std::fs::read(args.next().ok_or(usage)?)?;
    let ca = Certificate::parse(&std::fs::read(args.next().ok_or(usage)?)?)?;
    let start = Instant::now();
    let index = load_verified(&der, &ca, &CrlLimits::default())?;
    let elapsed = start.elapsed();
    println!(
        "work_ms={:.3} entries={} index_bytes={} bytes={}",
        ms(elapsed),
        index.len(),
        index.index_bytes(),
        der.len()
    );
    Ok(())
}
