//! `jpki_load CRL.der CA.pem [--in-memory]`: jpki's loading of one CRL file: parse,
//! check the issuer, verify the signature, check and index every entry.
//!
//! By default the CRL is loaded from the open file with `load_verified_reader`,
//! which overlaps the read with the work, and `work_ms` times the read and the
//! work together (from the open file to the index). With `--in-memory` the file is
//! read into memory first and `work_ms` times `load_verified` alone. Run it under
//! `/usr/bin/time -v` for the whole process and its peak RSS.
//! Prints `work_ms=… entries=… index_bytes=… bytes=…`.

use std::error::Error;
use std::time::Instant;

use jpki::Certificate;
use jpki::revocation::crl::{CrlLimits, load_verified, load_verified_reader};
use jpki_benches::ms;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: jpki_load CRL.der CA.pem [--in-memory]";
    let path = args.next().ok_or(usage)?;
    let ca = Certificate::parse(&std::fs::read(args.next().ok_or(usage)?)?)?;
    let in_memory = match args.next().as_deref() {
        None => false,
        Some("--in-memory") => true,
        Some(_) => return Err(usage.into()),
    };
    let limits = CrlLimits::default();
    let (elapsed, entries, index_bytes, bytes) = if in_memory {
        let der = std::fs::read(&path)?;
        let start = Instant::now();
        let index = load_verified(&der, &ca, &limits)?;
        let elapsed = start.elapsed();
        (elapsed, index.len(), index.index_bytes(), der.len())
    } else {
        let start = Instant::now();
        let file = std::fs::File::open(&path)?;
        let len = file.metadata()?.len();
        let owned = load_verified_reader(file, len, &ca, &limits)??;
        let elapsed = start.elapsed();
        let index = owned.borrow();
        (
            elapsed,
            index.len(),
            index.index_bytes(),
            owned.crl().der().len(),
        )
    };
    println!(
        "work_ms={:.3} entries={entries} index_bytes={index_bytes} bytes={bytes}",
        ms(elapsed),
    );
    Ok(())
}
